//! EC002 unpublished-topic.

use crate::diagnostic::{Related, Severity};
use crate::model::DynamicPublish;

use super::pubsub_mismatch::matching;
use super::topic_near_miss::near_miss_pairs;
use super::{RuleContext, declare_rule};

declare_rule! { UNPUBLISHED_TOPIC, code: "EC002", name: "unpublished-topic", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    let pairs = near_miss_pairs(graph);
    // Publishes whose topic is computed from nothing literal could produce anything.
    let opaque: Vec<&DynamicPublish> = graph
        .dynamic
        .iter()
        .filter(|d| d.topic.pattern.is_none())
        .collect();
    for t in &graph.topics {
        if cx.is_external(&t.name) || pairs.iter().any(|(_, s)| *s == t.name) {
            continue;
        }
        let m = matching(t);
        let maybe = graph
            .dynamic
            .iter()
            .find(|d| d.topic.might_produce(&t.name));
        for &si in &m.lonely_subscribers {
            if m.mismatches.iter().any(|(s, _)| *s == si) {
                continue;
            }
            let Some(s) = t.subscribers.get(si) else {
                continue;
            };
            let on = s
                .pubsub
                .as_ref()
                .and_then(|r| r.value.as_deref())
                .filter(|_| !t.publishers.is_empty())
                .map(|ps| format!(" on pub/sub `{ps}`"))
                .unwrap_or_default();
            let other = t.publishers.first();
            let mut comps: Vec<&str> = t
                .publishers
                .iter()
                .filter_map(|p| p.pubsub.as_ref().and_then(|r| r.value.as_deref()))
                .collect();
            comps.sort_unstable();
            comps.dedup();
            // A fully computed topic elsewhere makes the claim uncertain: say
            // so at a lower level rather than cry wolf.
            let uncertain = maybe.is_none() && other.is_none() && !opaque.is_empty();
            let (message, related) = match (maybe, other, opaque.first()) {
                (Some(d), _, _) => (
                    format!(
                        "Topic `{}` is subscribed but no publish names it; only the dynamic publish `{}` might produce it",
                        t.name, d.topic.text
                    ),
                    Some(d),
                ),
                (None, Some(_), _) => (
                    format!(
                        "Topic `{}` is subscribed{on}, but it is published only on `{}`",
                        t.name,
                        comps.join("`, `")
                    ),
                    None,
                ),
                (None, None, Some(d)) => (
                    format!(
                        "Topic `{}` is subscribed but no publish names it; {} publish(es) with a topic computed at run time (such as `{}`) could produce any topic",
                        t.name,
                        opaque.len(),
                        d.topic.text
                    ),
                    Some(*d),
                ),
                (None, None, None) => (
                    format!(
                        "Topic `{}` is subscribed but nothing in the repository publishes it",
                        t.name
                    ),
                    None,
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
            if uncertain {
                d.severity = Severity::Info;
            }
            if let Some(p) = other {
                d.with_related(Related {
                    path: p.at.path.clone(),
                    span: p.at.span,
                    message: "published on another component here".to_string(),
                });
            }
            if let Some(p) = related {
                d.with_related(Related {
                    path: p.at.path.clone(),
                    span: p.at.span,
                    message: format!("dynamic publish `{}`", p.topic.text),
                });
            }
        }
    }
}
