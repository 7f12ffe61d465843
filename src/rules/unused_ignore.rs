//! EC000 unused-ignore: produced by the suppression pass (`--report-unused-ignores`).

use crate::diagnostic::Severity;

use super::{RuleContext, declare_rule};

declare_rule! { UNUSED_IGNORE, code: "EC000", name: "unused-ignore", level: Severity::Info, check: check }

fn check(_: &mut RuleContext<'_>) {}
