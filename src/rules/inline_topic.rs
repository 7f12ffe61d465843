//! EC012 inline-topic.

use crate::diagnostic::Severity;

use super::{RuleContext, declare_rule};

declare_rule! { INLINE_TOPIC, code: "EC012", name: "inline-topic", level: Severity::Info, check: check }

fn check(cx: &mut RuleContext<'_>) {
    for t in &cx.graph.topics {
        for p in &t.publishers {
            let literal = p.topic.constant.is_none()
                && p.topic.env.is_none()
                && p.topic.text.starts_with(['"', '`'])
                && !matches!(p.via.as_str(), "dead-letter" | "yaml-outbox");
            if !literal {
                continue;
            }
            cx.report(
                &p.at.path,
                p.at.span,
                format!("Topic `{}` is a string literal at the publish site", t.name),
            )
            .with_help(
                "declare the topic once as a constant in a shared events package and use it on \
                 both sides, so a rename cannot split publisher and subscriber",
            )
            .with_topic(Some(t.name.clone()))
            .with_service(p.service.clone())
            .with_scope(p.function.clone());
        }
    }
}
