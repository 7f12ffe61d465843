//! EC017 skipped-file: produced by the loader for files it could not analyse.

use crate::diagnostic::Severity;

use super::{RuleContext, declare_rule};

declare_rule! { SKIPPED_FILE, code: "EC017", name: "skipped-file", level: Severity::Info, check: check }

fn check(_: &mut RuleContext<'_>) {}
