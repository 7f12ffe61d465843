//! EC002 unpublished-topic.

use crate::diagnostic::{Related, Severity};

use super::topic_near_miss::near_miss_pairs;
use super::{RuleContext, declare_rule};

declare_rule! { UNPUBLISHED_TOPIC, code: "EC002", name: "unpublished-topic", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    let pairs = near_miss_pairs(graph);
    for t in &graph.topics {
        if !t.publishers.is_empty() || cx.is_external(&t.name) {
            continue;
        }
        if pairs.iter().any(|(_, s)| *s == t.name) {
            continue;
        }
        let maybe = graph
            .dynamic
            .iter()
            .find(|d| d.topic.might_produce(&t.name));
        for s in &t.subscribers {
            let message = match maybe {
                Some(d) => format!(
                    "Topic `{}` is subscribed but no publish names it; only the dynamic publish `{}` might produce it",
                    t.name, d.topic.text
                ),
                None => format!(
                    "Topic `{}` is subscribed but nothing in the repository publishes it",
                    t.name
                ),
            };
            let d = cx
                .report(&s.at.path, s.at.span, message)
                .with_help(
                    "check the topic's spelling against its publisher, or list it in \
                     `external_topics` if a producer outside this repository sends it",
                )
                .with_topic(Some(t.name.clone()))
                .with_service(s.service.clone())
                .with_scope(s.handler.as_ref().map(|h| h.name.clone()));
            if let Some(p) = maybe {
                d.with_related(Related {
                    path: p.at.path.clone(),
                    span: p.at.span,
                    message: format!("dynamic publish `{}`", p.topic.text),
                });
            }
        }
    }
}
