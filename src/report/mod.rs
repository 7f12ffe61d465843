//! Renderers of findings: one per format, all fed the same [`Report`].

pub mod github;
pub mod human;
pub mod json;
pub mod sarif;
pub mod short;
pub mod statistics;

use std::io::Write;

use crate::diagnostic::{Diagnostic, Severity};

/// The findings of a run and its totals.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// Sorted by (path, line, column, code).
    pub diagnostics: Vec<Diagnostic>,
    pub files: usize,
    pub suppressed: usize,
    pub elapsed: std::time::Duration,
    /// The directory every path is relative to (the repository's top
    /// level, see [`Report::rebase`]) as a `file://` URI ending in `/`, for
    /// SARIF's `originalUriBaseIds`.
    pub root_uri: Option<String>,
}

impl Report {
    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// Moves every path, of findings and of their related locations, under
    /// `prefix` (`services`): rules speak of paths relative to the root,
    /// reports of paths relative to the repository's top level, where code
    /// scanning and editors look for them. Fingerprints are left as they
    /// are, so they do not depend on where the root lies.
    pub fn rebase(&mut self, prefix: &str) {
        let prefix = prefix.trim_end_matches('/');
        if prefix.is_empty() {
            return;
        }
        let under = |path: &mut String| *path = format!("{prefix}/{path}");
        for d in &mut self.diagnostics {
            under(&mut d.path);
            for r in &mut d.related {
                under(&mut r.path);
            }
        }
    }
}

/// Output formats of `check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Human,
    Short,
    Json,
    Sarif,
    Github,
}

/// A renderer failed to write.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("cannot write the report: {0}")]
    Io(#[from] std::io::Error),
    #[error("cannot write the report: {0}")]
    Json(#[from] serde_json::Error),
}

impl ReportError {
    /// The kind of the I/O error beneath, if writing failed.
    pub fn io_kind(&self) -> Option<std::io::ErrorKind> {
        match self {
            ReportError::Io(e) => Some(e.kind()),
            ReportError::Json(e) => e.io_error_kind(),
        }
    }
}

/// How human output looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub color: bool,
    pub width: usize,
    /// End with the summary line (human and github formats; `--quiet` drops it).
    pub summary: bool,
}

/// Reads a file of the report (for source snippets).
pub type SourceReader<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Renders `report` in `format`.
///
/// # Errors
/// When writing fails.
pub fn render(
    report: &Report,
    format: Format,
    style: Style,
    read: SourceReader<'_>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    match format {
        Format::Human => human::render(report, style, read, out),
        Format::Short => short::render(report, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, read, out),
        Format::Github => github::render(report, style, out),
    }
}
