//! `check --format json` (DESIGN's output contract).

use std::io::Write;

use serde::Serialize;

use super::{Report, ReportError};
use crate::diagnostic::Severity;

#[derive(Serialize)]
struct JsonReport<'a> {
    version: u32,
    diagnostics: Vec<JsonDiagnostic<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    path: &'a str,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    topic: Option<&'a str>,
    service: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    path: &'a str,
    line: u32,
    column: u32,
    message: &'a str,
}

/// The totals of a run, as `check --format json` and `--statistics` write them.
#[derive(Serialize)]
pub(super) struct JsonSummary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

impl JsonSummary {
    pub(super) fn of(report: &Report) -> Self {
        JsonSummary {
            files: report.files,
            errors: report.count(Severity::Error),
            warnings: report.count(Severity::Warning),
            infos: report.count(Severity::Info),
            suppressed: report.suppressed,
        }
    }
}

/// Writes the JSON report.
///
/// # Errors
/// When writing fails.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    let doc = JsonReport {
        version: 1,
        diagnostics: report
            .diagnostics
            .iter()
            .map(|d| JsonDiagnostic {
                code: d.code,
                rule: d.rule,
                severity: d.severity.as_str(),
                message: &d.message,
                path: &d.path,
                line: d.span.line,
                column: d.span.column,
                end_line: d.span.end_line,
                end_column: d.span.end_column,
                topic: d.topic.as_deref(),
                service: d.service.as_deref(),
                related: d
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        path: &r.path,
                        line: r.span.line,
                        column: r.span.column,
                        message: &r.message,
                    })
                    .collect(),
                fingerprint: &d.fingerprint,
            })
            .collect(),
        summary: JsonSummary::of(report),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)?;
    Ok(())
}
