//! EC001 unsubscribed-topic.

use crate::diagnostic::{Related, Severity};

use super::pubsub_mismatch::matching;
use super::topic_near_miss::near_miss_pairs;
use super::{RuleContext, declare_rule};

declare_rule! { UNSUBSCRIBED_TOPIC, code: "EC001", name: "unsubscribed-topic", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    let pairs = near_miss_pairs(graph);
    for t in &graph.topics {
        if cx.is_external(&t.name) || pairs.iter().any(|(p, _)| *p == t.name) {
            continue;
        }
        let m = matching(t);
        let maybe = graph
            .dynamic_subscriptions
            .iter()
            .find(|s| s.topic.might_produce(&t.name));
        // Subscriptions whose topic is computed from nothing literal could
        // receive anything: the claim is uncertain, said at a lower level.
        let opaque = |p: &crate::model::Publisher| {
            graph
                .dynamic_subscriptions
                .iter()
                .filter(|s| s.topic.pattern.is_none())
                .filter(|s| crate::model::pubsub_compatible(p.pubsub.as_ref(), s.pubsub.as_ref()))
                .collect::<Vec<_>>()
        };
        let mut dead_letter_reported = false;
        for &pi in &m.lonely_publishers {
            if m.mismatches.iter().any(|(_, p)| *p == pi) {
                continue;
            }
            let Some(p) = t.publishers.get(pi) else {
                continue;
            };
            let on = p
                .pubsub
                .as_ref()
                .and_then(|r| r.value.as_deref())
                .filter(|_| !t.subscribers.is_empty())
                .map(|ps| format!(" on pub/sub `{ps}`"))
                .unwrap_or_default();
            let message = if p.via == "dead-letter" {
                if dead_letter_reported {
                    continue;
                }
                dead_letter_reported = true;
                format!(
                    "Dead-letter topic `{}` is declared here but nothing drains it",
                    t.name
                )
            } else if let Some(s) = maybe {
                format!(
                    "Topic `{}` is published{on} but no subscription names it; only the dynamic subscription `{}` might",
                    t.name, s.topic.text
                )
            } else if let Some(s) = opaque(p).first().filter(|_| t.subscribers.is_empty()) {
                format!(
                    "Topic `{}` is published but no subscription names it; {} subscription(s) with a topic computed at run time (such as `{}`) could receive any topic",
                    t.name,
                    opaque(p).len(),
                    s.topic.text
                )
            } else if let Some(var) = p.topic.env.as_deref() {
                // Only the default was seen: a deployment that sets the
                // variable publishes elsewhere.
                format!(
                    "Topic `{}` is published{on} but never subscribed; it is the default of `{var}`, which the deployment may set to another topic",
                    t.name
                )
            } else {
                format!("Topic `{}` is published{on} but never subscribed", t.name)
            };
            let uncertain_sub = if p.via == "dead-letter" {
                None
            } else {
                maybe.or_else(|| {
                    opaque(p)
                        .first()
                        .copied()
                        .filter(|_| t.subscribers.is_empty())
                })
            };
            let d = cx
                .report(&p.at.path, p.at.span, message)
                .with_help(
                    "subscribe to it (Dapr Subscription YAML, AddTopicEventHandler, /dapr/subscribe), \
                     declare a library's subscribe call under `extract.subscribe`, or list the topic \
                     in `external_topics` if a consumer outside this repository reads it",
                )
                .with_topic(Some(t.name.clone()))
                .with_service(p.service.clone())
                .with_scope(p.function.clone());
            if p.via != "dead-letter" && uncertain_sub.is_none() && p.topic.env.is_some() {
                d.severity = Severity::Info;
            }
            if let Some(s) = uncertain_sub {
                d.severity = Severity::Info;
                d.with_related(Related {
                    path: s.at.path.clone(),
                    span: s.at.span,
                    message: "dynamic subscription".to_string(),
                });
            }
            if p.via == "dead-letter" {
                for other in t
                    .publishers
                    .iter()
                    .skip(pi + 1)
                    .filter(|o| o.via == "dead-letter")
                {
                    d.with_related(Related {
                        path: other.at.path.clone(),
                        span: other.at.span,
                        message: "also declared as a dead-letter topic here".to_string(),
                    });
                }
            }
        }
    }
}
