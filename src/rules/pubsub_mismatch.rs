//! EC015 pubsub-mismatch.

use crate::diagnostic::{Related, Severity};

use super::{RuleContext, declare_rule};

declare_rule! { PUBSUB_MISMATCH, code: "EC015", name: "pubsub-mismatch", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    for t in &cx.graph.topics {
        for s in &t.subscribers {
            let Some(sub_ps) = s.pubsub.as_ref().and_then(|p| p.value.as_deref()) else {
                continue;
            };
            let known: Vec<_> = t
                .publishers
                .iter()
                .filter(|p| p.via != "dead-letter")
                .filter_map(|p| {
                    p.pubsub
                        .as_ref()
                        .and_then(|x| x.value.as_deref())
                        .map(|v| (p, v))
                })
                .collect();
            // Only when every publisher with a known component names another one.
            let Some((p, pub_ps)) = known.first().copied() else {
                continue;
            };
            if known.iter().any(|(_, v)| *v == sub_ps) {
                continue;
            }
            cx.report(
                &s.at.path,
                s.at.span,
                format!(
                    "Subscription to `{}` listens on pub/sub `{sub_ps}`, but it is published on `{pub_ps}`",
                    t.name
                ),
            )
            .with_help("the same topic on two components are two streams: use one component name on both sides")
            .with_topic(Some(t.name.clone()))
            .with_service(s.service.clone())
            .with_scope(s.handler.as_ref().map(|h| h.name.clone()))
            .with_related(Related {
                path: p.at.path.clone(),
                span: p.at.span,
                message: format!("published on `{pub_ps}` here"),
            });
        }
    }
}
