//! `--format short`: `path:line:col: severity[CODE/name] message`, one line
//! per finding, for editors' error formats and grep.

use std::io::Write;

use super::{Report, ReportError};

/// Writes one line per finding, then nothing else.
///
/// # Errors
/// When writing fails.
pub fn render(report: &Report, out: &mut dyn Write) -> Result<(), ReportError> {
    for d in &report.diagnostics {
        writeln!(
            out,
            "{}:{}:{}: {}[{}/{}] {}",
            d.path,
            d.span.line,
            d.span.column,
            d.severity.as_str(),
            d.code,
            d.rule,
            d.message
        )?;
    }
    Ok(())
}
