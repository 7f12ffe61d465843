//! EC007 untyped-payload.

use crate::diagnostic::Severity;

use super::{RuleContext, declare_rule};

declare_rule! { UNTYPED_PAYLOAD, code: "EC007", name: "untyped-payload", level: Severity::Warning, check: check }

/// Whether a payload type is untyped: a map, `any`, bytes or a string.
pub(crate) fn is_untyped(ty: &str) -> bool {
    let ty = ty.trim_start_matches('*');
    ty.starts_with("map[")
        || matches!(
            ty,
            "any"
                | "interface{}"
                | "[]byte"
                | "string"
                | "json.RawMessage"
                | "[]any"
                | "[]interface{}"
        )
}

fn check(cx: &mut RuleContext<'_>) {
    for t in &cx.graph.topics {
        for p in &t.publishers {
            let Some(ty) = p.payload.as_ref().and_then(|pl| pl.type_name.as_deref()) else {
                continue;
            };
            if !is_untyped(ty) {
                continue;
            }
            cx.report(
                &p.at.path,
                p.at.span,
                format!(
                    "Payload of `{}` is `{ty}`: there is no typed contract for subscribers to check",
                    t.name
                ),
            )
            .with_help(
                "publish a struct declared in a shared events package, with json tags, so \
                 publishers and subscribers agree on the fields",
            )
            .with_topic(Some(t.name.clone()))
            .with_service(p.service.clone())
            .with_scope(p.function.clone());
        }
    }
}
