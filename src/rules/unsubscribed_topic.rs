//! EC001 unsubscribed-topic.

use crate::diagnostic::{Related, Severity};

use super::topic_near_miss::near_miss_pairs;
use super::{RuleContext, declare_rule};

declare_rule! { UNSUBSCRIBED_TOPIC, code: "EC001", name: "unsubscribed-topic", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    let pairs = near_miss_pairs(graph);
    for t in &graph.topics {
        if !t.subscribers.is_empty() || cx.is_external(&t.name) {
            continue;
        }
        if pairs.iter().any(|(p, _)| *p == t.name) {
            continue;
        }
        let maybe = graph
            .dynamic_subscriptions
            .iter()
            .find(|s| s.topic.might_produce(&t.name));
        for p in &t.publishers {
            let message = if p.via == "dead-letter" {
                format!(
                    "Dead-letter topic `{}` is declared here but nothing drains it",
                    t.name
                )
            } else if let Some(s) = maybe {
                format!(
                    "Topic `{}` is published but no subscription names it; only the dynamic subscription `{}` might",
                    t.name, s.topic.text
                )
            } else {
                format!("Topic `{}` is published but never subscribed", t.name)
            };
            let d = cx
                .report(&p.at.path, p.at.span, message)
                .with_help(
                    "subscribe to it (Dapr Subscription YAML, AddTopicEventHandler, /dapr/subscribe), \
                     or list it in `external_topics` if a consumer outside this repository reads it",
                )
                .with_topic(Some(t.name.clone()))
                .with_service(p.service.clone())
                .with_scope(p.function.clone());
            if let Some(s) = maybe {
                d.with_related(Related {
                    path: s.at.path.clone(),
                    span: s.at.span,
                    message: "dynamic subscription".to_string(),
                });
            }
        }
    }
}
