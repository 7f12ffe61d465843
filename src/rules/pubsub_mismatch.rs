//! EC015 pubsub-mismatch, and the (pubsub, topic) matching that EC001 and
//! EC002 share.

use crate::diagnostic::{Related, Severity};
use crate::model::{Topic, pubsub_compatible};

use super::{RuleContext, declare_rule};

declare_rule! { PUBSUB_MISMATCH, code: "EC015", name: "pubsub-mismatch", level: Severity::Warning, check: check }

/// Who meets whom on a topic, by (pubsub, topic) identity.
pub(crate) struct Matching {
    /// Publishers (indices) with no subscriber on a compatible component.
    pub lonely_publishers: Vec<usize>,
    /// Subscribers (indices) with no publisher on a compatible component.
    pub lonely_subscribers: Vec<usize>,
    /// (subscriber, publisher): both lonely, both components known and different.
    pub mismatches: Vec<(usize, usize)>,
}

pub(crate) fn matching(t: &Topic) -> Matching {
    let lonely_publishers: Vec<usize> = t
        .publishers
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            !t.subscribers
                .iter()
                .any(|s| pubsub_compatible(p.pubsub.as_ref(), s.pubsub.as_ref()))
        })
        .map(|(i, _)| i)
        .collect();
    let lonely_subscribers: Vec<usize> = t
        .subscribers
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            !t.publishers
                .iter()
                .any(|p| pubsub_compatible(p.pubsub.as_ref(), s.pubsub.as_ref()))
        })
        .map(|(i, _)| i)
        .collect();
    let known = |r: Option<&crate::model::Resolved>| r.and_then(|r| r.value.clone());
    let mut mismatches = Vec::new();
    for &si in &lonely_subscribers {
        let Some(s) = t.subscribers.get(si) else {
            continue;
        };
        if known(s.pubsub.as_ref()).is_none() {
            continue;
        }
        // A publisher nobody receives either: the two sides almost certainly
        // meant one component. (A publisher whose events do arrive elsewhere
        // leaves this subscription to unpublished-topic, which names the
        // component it is published on.)
        let partner = lonely_publishers.iter().copied().find(|pi| {
            t.publishers
                .get(*pi)
                .is_some_and(|p| p.via != "dead-letter" && known(p.pubsub.as_ref()).is_some())
        });
        if let Some(pi) = partner {
            mismatches.push((si, pi));
        }
    }
    Matching {
        lonely_publishers,
        lonely_subscribers,
        mismatches,
    }
}

fn check(cx: &mut RuleContext<'_>) {
    for t in &cx.graph.topics {
        let m = matching(t);
        for (si, pi) in m.mismatches {
            let (Some(s), Some(p)) = (t.subscribers.get(si), t.publishers.get(pi)) else {
                continue;
            };
            let sub_ps = s
                .pubsub
                .as_ref()
                .and_then(|r| r.value.as_deref())
                .unwrap_or("");
            let pub_ps = p
                .pubsub
                .as_ref()
                .and_then(|r| r.value.as_deref())
                .unwrap_or("");
            // A name that is an environment variable's default says so: the
            // deployment may set it to the other one.
            let origin = |r: Option<&crate::model::Resolved>| {
                r.and_then(|r| r.env.as_deref())
                    .map(|e| format!(" (the default of `{e}`)"))
                    .unwrap_or_default()
            };
            let (sub_from, pub_from) = (origin(s.pubsub.as_ref()), origin(p.pubsub.as_ref()));
            cx.report(
                &s.at.path,
                s.at.span,
                format!(
                    "Subscription to `{}` listens on pub/sub `{sub_ps}`{sub_from}, but it is published on `{pub_ps}`{pub_from}",
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
