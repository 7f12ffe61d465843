//! EC016 unused-topic-constant.

use crate::diagnostic::Severity;

use super::{RuleContext, declare_rule};

declare_rule! { UNUSED_TOPIC_CONSTANT, code: "EC016", name: "unused-topic-constant", level: Severity::Info, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    for c in &graph.topic_constants {
        let used = graph.topic(&c.value).is_some()
            || graph
                .dynamic
                .iter()
                .any(|d| d.topic.might_produce(&c.value))
            || graph
                .dynamic_subscriptions
                .iter()
                .any(|d| d.topic.might_produce(&c.value));
        if used {
            continue;
        }
        cx.report(
            &c.at.path,
            c.at.span,
            format!(
                "Topic constant `{}` (`{}`) is neither published nor subscribed",
                c.name, c.value
            ),
        )
        .with_help("remove it, or publish and subscribe the event it names")
        .with_topic(Some(c.value.clone()))
        .with_scope(Some(c.name.clone()));
    }
}
