//! `check --statistics`: how many findings each rule has, most first.
//!
//! As text, one line per rule, `code  name  count`, aligned, then the
//! summary line (not with `--quiet`). With `--format json`:
//!
//! ```json
//! {"version": 1,
//!  "statistics": [{"code": "EC003", "rule": "non-idempotent-handler", "count": 4}],
//!  "summary": {"files": 120, "errors": 0, "warnings": 4, "infos": 0, "suppressed": 0}}
//! ```

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use super::json::JsonSummary;
use super::{Report, ReportError, Style};

/// The findings of one rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RuleCount {
    pub code: &'static str,
    pub rule: &'static str,
    pub count: usize,
}

/// Findings per rule, sorted by count (most first), then by code.
pub fn counts(report: &Report) -> Vec<RuleCount> {
    let mut by_code: BTreeMap<&'static str, RuleCount> = BTreeMap::new();
    for d in &report.diagnostics {
        by_code
            .entry(d.code)
            .or_insert(RuleCount {
                code: d.code,
                rule: d.rule,
                count: 0,
            })
            .count += 1;
    }
    let mut counts: Vec<RuleCount> = by_code.into_values().collect();
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

/// Writes the table, then the summary line unless `style.summary` is off.
///
/// # Errors
/// When writing fails.
pub fn render_text(report: &Report, style: Style, out: &mut dyn Write) -> Result<(), ReportError> {
    let counts = counts(report);
    let name_width = counts.iter().map(|c| c.rule.len()).max().unwrap_or(0);
    let count_width = counts
        .iter()
        .map(|c| c.count.to_string().len())
        .max()
        .unwrap_or(0);
    for c in &counts {
        writeln!(
            out,
            "{}  {:<name_width$}  {:>count_width$}",
            c.code, c.rule, c.count
        )?;
    }
    if style.summary {
        if !counts.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{}", super::human::summary_line(report))?;
    }
    Ok(())
}

#[derive(Serialize)]
struct JsonStatistics {
    version: u32,
    statistics: Vec<RuleCount>,
    summary: JsonSummary,
}

/// Writes the counts as one JSON object.
///
/// # Errors
/// When writing fails.
pub fn render_json(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    let doc = JsonStatistics {
        version: 1,
        statistics: counts(report),
        summary: JsonSummary::of(report),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}
