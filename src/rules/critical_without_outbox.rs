//! EC013 critical-without-outbox.

use crate::diagnostic::Severity;
use crate::model::glob_match;

use super::{RuleContext, declare_rule};

declare_rule! { CRITICAL_WITHOUT_OUTBOX, code: "EC013", name: "critical-without-outbox", level: Severity::Error, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let critical = cx.config.critical_topics.clone();
    if critical.is_empty() {
        return;
    }
    for t in &cx.graph.topics {
        let Some(glob) = critical.iter().find(|g| glob_match(g, &t.name)) else {
            continue;
        };
        for p in &t.publishers {
            if p.outbox || p.via == "dead-letter" {
                continue;
            }
            cx.report(
                &p.at.path,
                p.at.span,
                format!(
                    "Critical topic `{}` (matches `{glob}` in critical_topics) is published directly, not through an outbox",
                    t.name
                ),
            )
            .with_help(
                "write the event to an outbox table in the same transaction as the business \
                 change, and let a relay publish it, so it is never lost nor sent for a rolled-back change",
            )
            .with_topic(Some(t.name.clone()))
            .with_service(p.service.clone())
            .with_scope(p.function.clone());
        }
    }
}
