//! Human output: miette's graphical diagnostics with source snippets, labels,
//! related locations (each with its own snippet) and help, a blank line
//! between findings, then a summary line (not with `--quiet`).

use std::collections::HashMap;
use std::io::Write;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    NamedSource, SourceSpan,
};

use super::{Report, ReportError, SourceReader, Style};
use crate::diagnostic::{Diagnostic, Severity, quotable};
use crate::extract::Span;

/// A finding (or one of its related locations) adapted to miette.
#[derive(Debug)]
struct Shown {
    message: String,
    code: Option<String>,
    severity: miette::Severity,
    help: Option<String>,
    source: Option<NamedSource<String>>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl MietteDiagnostic for Shown {
    fn code<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.code
            .as_ref()
            .map(|c| Box::new(c) as Box<dyn std::fmt::Display>)
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'b>(&'b self) -> Option<Box<dyn std::fmt::Display + 'b>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn std::fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        (!self.labels.is_empty()).then(|| Box::new(self.labels.iter().cloned()) as Box<_>)
    }

    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn MietteDiagnostic> + 'a>> {
        (!self.related.is_empty()).then(|| {
            Box::new(self.related.iter().map(|r| r as &dyn MietteDiagnostic))
                as Box<dyn Iterator<Item = &'a dyn MietteDiagnostic>>
        })
    }
}

/// Source texts read once per file.
struct Sources<'a> {
    read: SourceReader<'a>,
    cache: HashMap<String, Option<String>>,
}

impl Sources<'_> {
    /// The file as a named source and the span labelled, first line only.
    fn snippet(
        &mut self,
        path: &str,
        span: Span,
        label: &str,
    ) -> (Option<NamedSource<String>>, Vec<LabeledSpan>) {
        let read = self.read;
        let text = self
            .cache
            .entry(path.to_string())
            .or_insert_with(|| read(path))
            .clone();
        let Some(t) = text else {
            return (None, Vec::new());
        };
        // A finding known by line only (a suppression comment): label the line.
        let (start, end) = if span.start == 0 && span.end == 0 && span.line > 1 {
            let begin = t
                .split_inclusive('\n')
                .take(span.line as usize - 1)
                .map(str::len)
                .sum::<usize>();
            let len = t.get(begin..).and_then(|r| r.find('\n')).unwrap_or(0);
            (begin, begin + len)
        } else {
            (span.start as usize, span.end as usize)
        };
        let start = start.min(t.len());
        let end = end.clamp(start, t.len());
        let len = t
            .get(start..end)
            .and_then(|s| s.find('\n'))
            .unwrap_or(end - start);
        if !quotable(&t, start) {
            return (None, Vec::new());
        }
        (
            Some(NamedSource::new(path, t)),
            vec![LabeledSpan::new_primary_with_span(
                Some(label.to_string()),
                SourceSpan::new(start.into(), len),
            )],
        )
    }

    /// Whether `path` was read but is not quoted (its line is too long).
    fn unquoted(&self, path: &str, source: Option<&NamedSource<String>>) -> bool {
        source.is_none() && matches!(self.cache.get(path), Some(Some(_)))
    }
}

fn shown(d: &Diagnostic, sources: &mut Sources<'_>) -> Shown {
    let (source, labels) = sources.snippet(&d.path, d.span, d.rule);
    // With no snippet, the message itself says where.
    let message = if sources.unquoted(&d.path, source.as_ref()) {
        format!(
            "{} ({}:{}:{})",
            d.message, d.path, d.span.line, d.span.column
        )
    } else {
        d.message.clone()
    };
    let related = d
        .related
        .iter()
        .map(|r| {
            let (source, labels) = sources.snippet(&r.path, r.span, "here");
            Shown {
                message: format!("{} ({}:{})", r.message, r.path, r.span.line),
                code: None,
                severity: miette::Severity::Advice,
                help: None,
                source,
                labels,
                related: Vec::new(),
            }
        })
        .collect();
    Shown {
        message,
        code: Some(format!("{}/{}", d.code, d.rule)),
        severity: match d.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        },
        help: d.help.clone(),
        source,
        labels,
        related,
    }
}

/// Renders every finding, a blank line between two, and the summary line
/// (after a blank line when there were findings) unless `style.summary` is
/// off.
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
    let mut sources = Sources {
        read,
        cache: HashMap::new(),
    };
    for (i, d) in report.diagnostics.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let diag = shown(d, &mut sources);
        let mut s = String::new();
        if handler.render_report(&mut s, &diag).is_err() {
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
    if style.summary {
        if !report.diagnostics.is_empty() {
            writeln!(out)?;
        }
        writeln!(out, "{}", summary_line(report))?;
    }
    Ok(())
}

/// `2 errors, 3 warnings, 1 info, 2 suppressed in 120 files (0.04 s)`.
pub fn summary_line(report: &Report) -> String {
    format!(
        "{}, {}, {}, {} suppressed in {} ({:.2} s)",
        plural(report.count(Severity::Error), "error", "errors"),
        plural(report.count(Severity::Warning), "warning", "warnings"),
        plural(report.count(Severity::Info), "info", "infos"),
        report.suppressed,
        plural(report.files, "file", "files"),
        report.elapsed.as_secs_f64()
    )
}

/// `1 file`, `0 files`, `2 files`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}
