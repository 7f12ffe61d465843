//! EC005 unversioned-event.

use crate::diagnostic::Severity;

use super::payloads::{report_payload, typed_payloads};
use super::{RuleContext, declare_rule};

declare_rule! { UNVERSIONED_EVENT, code: "EC005", name: "unversioned-event", level: Severity::Warning, check: check }

/// Whether a topic name carries a version segment (`order.created.v2`, `v1.orders`).
pub(crate) fn versioned_topic(topic: &str) -> bool {
    topic.split(['.', '-', '_', '/', ':']).any(|s| {
        s.len() > 1
            && s.starts_with(['v', 'V'])
            && s.get(1..)
                .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
    })
}

fn check(cx: &mut RuleContext<'_>) {
    let names = cx.config.extract.version_fields.clone();
    for group in typed_payloads(cx.graph) {
        let has_field = group.has_field(&names);
        if has_field || group.sites.iter().any(|(t, _)| versioned_topic(t)) {
            continue;
        }
        let message = format!(
            "Event payload `{}` has no version field ({}) and its topic has no version",
            group.type_name(),
            names.join(", ")
        );
        report_payload(
            cx,
            &group,
            message,
            "add a schema version field (or version the topic, `order.created.v2`), so \
             subscribers can tell old and new shapes apart while both are in flight",
        );
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn versioned_topics() {
        assert!(super::versioned_topic("order.created.v2"));
        assert!(super::versioned_topic("v1.orders"));
        assert!(super::versioned_topic("orders-v3"));
        assert!(!super::versioned_topic("order.created"));
        assert!(!super::versioned_topic("vip.orders"));
    }
}
