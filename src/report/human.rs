//! Human output: miette's graphical diagnostics with source snippets, labels,
//! related locations (each with its own snippet) and help, a blank line
//! between findings, then a summary line (not with `--quiet`).

use std::collections::HashMap;
use std::io::Write;

use miette::{
    Diagnostic as MietteDiagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan,
    MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents,
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
    source: Option<Window>,
    labels: Vec<LabeledSpan>,
    related: Vec<Shown>,
}

/// Lines around a finding, cut from its file once: what miette quotes. Spans
/// stay offsets in the whole file; the window knows where it begins, so a
/// file with thousands of findings is not copied and scanned for each one.
#[derive(Debug)]
struct Window {
    name: String,
    text: String,
    /// Byte offset and (0-based) line of the window's start in the file.
    offset: usize,
    line: usize,
}

impl SourceCode for Window {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let local = SourceSpan::new(span.offset().saturating_sub(self.offset).into(), span.len());
        let inner = self.text.as_str().read_span(&local, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + self.offset).into(),
                inner.span().len(),
            ),
            inner.line() + self.line,
            inner.column(),
            inner.line_count(),
        )))
    }
}

/// Lines of context kept around a finding; miette quotes fewer.
const CONTEXT: usize = 3;

/// A file's text and where each of its lines starts.
struct Lines {
    text: String,
    starts: Vec<usize>,
}

impl Lines {
    fn new(text: String) -> Self {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self { text, starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        self.starts
            .partition_point(|s| *s <= offset)
            .saturating_sub(1)
    }

    fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.text.len())
    }
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
        self.source.as_ref().map(|s| s as &dyn SourceCode)
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

/// Source texts read (and indexed by line) once per file.
struct Sources<'a> {
    read: SourceReader<'a>,
    cache: HashMap<String, Option<Lines>>,
}

impl Sources<'_> {
    /// The lines around the span and the span labelled, first line only.
    fn snippet(
        &mut self,
        path: &str,
        span: Span,
        label: &str,
    ) -> (Option<Window>, Vec<LabeledSpan>) {
        let read = self.read;
        let Some(lines) = self
            .cache
            .entry(path.to_string())
            .or_insert_with(|| read(path).map(Lines::new))
            .as_ref()
        else {
            return (None, Vec::new());
        };
        let t = &lines.text;
        // A finding known by line only (a suppression comment): label the line.
        let (start, end) = if span.start == 0 && span.end == 0 && span.line > 1 {
            let begin = lines.start(span.line as usize - 1);
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
        if !quotable(t, start) {
            return (None, Vec::new());
        }
        let first = lines.line_of(start).saturating_sub(CONTEXT);
        let last = lines.line_of(start + len) + CONTEXT + 1;
        let (from, to) = (lines.start(first), lines.start(last));
        let window = Window {
            name: path.to_string(),
            text: t.get(from..to).unwrap_or_default().to_string(),
            offset: from,
            line: first,
        };
        (
            Some(window),
            vec![LabeledSpan::new_primary_with_span(
                Some(label.to_string()),
                SourceSpan::new(start.into(), len),
            )],
        )
    }

    /// Whether `path` was read but is not quoted (its line is too long).
    fn unquoted(&self, path: &str, source: Option<&Window>) -> bool {
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
