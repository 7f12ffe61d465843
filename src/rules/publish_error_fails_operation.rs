//! EC006 publish-error-fails-operation.

use crate::diagnostic::{Related, Severity};
use crate::extract::ErrorFlow;

use super::{RuleContext, declare_rule};

declare_rule! { PUBLISH_ERROR_FAILS_OPERATION, code: "EC006", name: "publish-error-fails-operation", level: Severity::Error, check: check, options: super::options::PublishErrorFailsOperationOptions }

fn check(cx: &mut RuleContext<'_>) {
    for t in &cx.graph.topics {
        for p in &t.publishers {
            for op in &p.fails {
                if op.in_handler || is_entry_point(&op.function) {
                    continue;
                }
                let what = match op.flow {
                    ErrorFlow::Panics => "panics on",
                    ErrorFlow::Fatal => "exits the process on",
                    ErrorFlow::Answers5xx => "answers a server error (5xx) on",
                    _ => "returns",
                };
                let after = op
                    .after
                    .as_ref()
                    .map(|c| format!(" after `{c}`"))
                    .unwrap_or_default();
                let message = format!(
                    "`{}` {what} the error of publishing `{}`{after}: a failed publish fails the operation",
                    op.function, t.name
                );
                let d = cx
                    .report(&p.at.path, p.at.span, message)
                    .with_help(
                        "the business change has already happened: log the publish error and \
                         carry on, or write the event through an outbox so it is published reliably",
                    )
                    .with_topic(Some(t.name.clone()))
                    .with_service(p.service.clone())
                    .with_scope(Some(op.function.clone()));
                if op.at != p.at {
                    d.with_related(Related {
                        path: op.at.path.clone(),
                        span: op.at.span,
                        message: format!("`{}` {what} the error here", op.function),
                    });
                }
            }
        }
    }
}

/// `main`, `init` and their literals: start-up code where failing is the point.
fn is_entry_point(function: &str) -> bool {
    let base = function.split('.').next().unwrap_or(function);
    matches!(base, "main" | "init")
}
