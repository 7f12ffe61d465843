//! `--format github`: GitHub Actions workflow commands, one per finding,
//! escaped as the runner requires, then a summary line (not with `--quiet`).

use std::io::Write;

use super::{Report, ReportError, Style};
use crate::diagnostic::Severity;

/// Escapes a command's message (`%`, CR, LF).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property (also `:` and `,`).
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Writes the workflow commands, then the summary line unless
/// `style.summary` is off.
///
/// # Errors
/// When writing fails.
pub fn render(report: &Report, style: Style, out: &mut dyn Write) -> Result<(), ReportError> {
    for d in &report.diagnostics {
        let command = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        for r in &d.related {
            message.push_str(&format!("\n{}: {}:{}", r.message, r.path, r.span.line));
        }
        writeln!(
            out,
            "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&d.path),
            d.span.line,
            d.span.column,
            d.span.end_line,
            d.span.end_column,
            escape_property(&format!("{} {}", d.code, d.rule)),
            escape_data(&message)
        )?;
    }
    if style.summary {
        writeln!(out, "eventlint: {}", super::human::summary_line(report))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes() {
        assert_eq!(super::escape_data("50% a\nb\r"), "50%25 a%0Ab%0D");
        assert_eq!(super::escape_property("a:b,c"), "a%3Ab%2Cc");
    }
}
