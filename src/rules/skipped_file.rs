//! EC017 skipped-file and EC018 invalid-manifest: the loader's problems with
//! files, as findings. A file the reader could not analyse (too large, not
//! UTF-8, beyond the YAML reader's limits) is EC017; a Dapr manifest Dapr
//! itself would reject or misread is EC018.

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::extract::Span;
use crate::project::FileProblem;

use super::{Rule, Selection, declare_rule, enabled};

declare_rule! { SKIPPED_FILE, code: "EC017", name: "skipped-file", level: Severity::Info, check: check }
declare_rule! { INVALID_MANIFEST, code: "EC018", name: "invalid-manifest", level: Severity::Error, check: check }

/// Both rules are produced by the loader, not from the graph.
fn check(_: &mut super::RuleContext<'_>) {}

/// Whether `rule` is one of the two produced from file problems.
pub(super) fn from_problems(rule: &Rule) -> bool {
    std::ptr::eq(rule, &SKIPPED_FILE) || std::ptr::eq(rule, &INVALID_MANIFEST)
}

/// The findings of the loader's problems, under the rules' levels.
pub fn findings(
    problems: &[FileProblem],
    config: &Config,
    selection: &Selection,
) -> Vec<Diagnostic> {
    let skipped = enabled(&SKIPPED_FILE, config, selection);
    let invalid = enabled(&INVALID_MANIFEST, config, selection);
    problems
        .iter()
        .filter_map(|p| {
            let manifest = p.in_manifest();
            let (rule, severity) = if manifest {
                (&INVALID_MANIFEST, invalid?)
            } else {
                (&SKIPPED_FILE, skipped?)
            };
            Some(Diagnostic {
                code: rule.code,
                rule: rule.name,
                severity,
                // The location names the file; a message of its own would
                // not follow `--root` below the top level.
                message: if manifest {
                    p.message.clone()
                } else {
                    format!("`{}` was not analysed: {}", p.path, p.message)
                },
                help: Some(p.help.clone().unwrap_or_else(|| {
                    "fix or remove the file, exclude it with `exclude`, or raise `max_file_size`"
                        .to_string()
                })),
                path: p.path.clone(),
                span: p.span.unwrap_or(Span {
                    line: 1,
                    column: 1,
                    end_line: 1,
                    end_column: 1,
                    start: 0,
                    end: 0,
                }),
                topic: None,
                service: None,
                scope: None,
                related: Vec::new(),
                fingerprint: String::new(),
            })
        })
        .collect()
}
