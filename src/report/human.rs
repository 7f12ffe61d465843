//! Human output: miette's graphical diagnostics with source snippets, labels
//! and help, then a summary line.

use std::io::Write;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};

use super::{Report, ReportError, SourceReader, Style};
use crate::diagnostic::{Diagnostic, Severity};

/// A finding adapted to miette.
#[derive(Debug)]
struct Shown<'a> {
    diag: &'a Diagnostic,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
}

impl std::fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.diag.message)
    }
}

impl std::error::Error for Shown<'_> {}

impl MietteDiagnostic for Shown<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        Some(Box::new(format!("{}/{}", self.diag.code, self.diag.rule)))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.diag.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        let mut help = self.diag.help.clone().unwrap_or_default();
        for r in &self.diag.related {
            if !help.is_empty() {
                help.push('\n');
            }
            help.push_str(&format!(
                "{}: {}:{}:{}",
                r.message, r.path, r.span.line, r.span.column
            ));
        }
        (!help.is_empty()).then(|| Box::new(help) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty()).then(|| Box::new(self.labels.iter().cloned()) as Box<_>)
    }
}

/// Renders every finding and the summary line.
///
/// # Errors
/// When writing fails.
pub fn render(
    report: &Report,
    style: Style,
    read: SourceReader<'_>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(style.width)
        .with_urls(false);
    let mut cache: Option<(String, Option<String>)> = None;
    for d in &report.diagnostics {
        let text = match &cache {
            Some((p, t)) if *p == d.path => t.clone(),
            _ => {
                let t = read(&d.path);
                cache = Some((d.path.clone(), t.clone()));
                t
            }
        };
        let (source, labels) = match text {
            Some(t) => {
                let start = (d.span.start as usize).min(t.len());
                let end = (d.span.end as usize).clamp(start, t.len());
                let len = if d.span.end_line > d.span.line {
                    // Label only the first line of a multi-line span.
                    t.get(start..end)
                        .and_then(|s| s.find('\n'))
                        .unwrap_or(end - start)
                } else {
                    end - start
                };
                (
                    Some(NamedSource::new(d.path.clone(), t)),
                    vec![LabeledSpan::new_primary_with_span(
                        Some(d.rule.to_string()),
                        SourceSpan::new(start.into(), len),
                    )],
                )
            }
            None => (None, Vec::new()),
        };
        let shown = Shown {
            diag: d,
            source,
            labels,
        };
        let mut s = String::new();
        if handler.render_report(&mut s, &shown).is_err() {
            s = format!(
                "{}: {}:{}:{}: {}\n",
                d.severity.as_str(),
                d.path,
                d.span.line,
                d.span.column,
                d.message
            );
        }
        out.write_all(s.as_bytes())?;
    }
    writeln!(out, "{}", summary_line(report))?;
    Ok(())
}

/// `2 errors, 3 warnings, 1 info, 2 suppressed in 120 files (0.04 s)`.
pub fn summary_line(report: &Report) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    format!(
        "{}, {}, {}, {} suppressed in {} files ({:.2} s)",
        plural(report.count(Severity::Error), "error", "errors"),
        plural(report.count(Severity::Warning), "warning", "warnings"),
        plural(report.count(Severity::Info), "info", "infos"),
        report.suppressed,
        report.files,
        report.elapsed.as_secs_f64()
    )
}
