//! EC008 fat-payload.

use crate::diagnostic::Severity;

use super::payloads::{report_payload, typed_payloads};
use super::{RuleContext, declare_rule};

declare_rule! { FAT_PAYLOAD, code: "EC008", name: "fat-payload", level: Severity::Info, check: check, options: super::options::FatPayloadOptions }

/// Packages that hold domain entities rather than event contracts.
const DOMAIN_PACKAGES: &[&str] = &[
    "domain", "model", "models", "entity", "entities", "biz", "ent",
];

fn check(cx: &mut RuleContext<'_>) {
    let max = cx
        .options::<super::options::FatPayloadOptions>()
        .max_fields
        .get();
    for group in typed_payloads(cx.graph) {
        let fields = &group.payload.fields;
        let whole = fields.iter().find(|f| {
            f.type_pkg
                .as_deref()
                .is_some_and(|p| DOMAIN_PACKAGES.contains(&p))
        });
        let message = if let Some(f) = whole {
            format!(
                "Event payload `{}` carries a whole domain object: field `{}` is `{}`",
                group.type_name(),
                f.name,
                f.ty
            )
        } else if fields.len() > max {
            format!(
                "Event payload `{}` has {} fields (more than {max})",
                group.type_name(),
                fields.len()
            )
        } else {
            continue;
        };
        report_payload(
            cx,
            &group,
            message,
            "send IDs and the few fields subscribers need; a subscriber that wants the whole \
             object can fetch it, and the event stays a stable contract",
        );
    }
}
