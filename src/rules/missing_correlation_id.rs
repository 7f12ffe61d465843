//! EC004 missing-correlation-id.

use crate::diagnostic::Severity;

use super::payloads::{report_payload, typed_payloads};
use super::{RuleContext, declare_rule};

declare_rule! { MISSING_CORRELATION_ID, code: "EC004", name: "missing-correlation-id", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let names = cx.config.extract.correlation_fields.clone();
    for group in typed_payloads(cx.graph) {
        let has = group.has_field(&names);
        if has {
            continue;
        }
        let message = format!(
            "Event payload `{}` has no correlation ID field ({})",
            group.type_name(),
            names.join(", ")
        );
        report_payload(
            cx,
            &group,
            message,
            "add a correlation ID (usually in an embedded metadata struct shared by all events) \
             and copy it from the incoming request or event, so one flow can be traced across services",
        );
    }
}
