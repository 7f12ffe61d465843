//! The one finding type every rule produces and every renderer reads.

use serde::Serialize;

use crate::extract::Span;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Another place a finding involves (the other party of a drift, a publisher, ...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    pub path: String,
    pub span: Span,
    pub message: String,
}

/// A finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    /// One line, sentence case, no trailing period.
    pub message: String,
    pub help: Option<String>,
    pub path: String,
    pub span: Span,
    pub topic: Option<String>,
    pub service: Option<String>,
    /// The enclosing function or type, for fingerprints.
    pub scope: Option<String>,
    pub related: Vec<Related>,
    /// Line-independent identity, filled by [`assign_fingerprints`].
    pub fingerprint: String,
}

/// Sorts findings by (path, line, column, code) and gives each a fingerprint
/// built from rule, path, topic, enclosing scope and occurrence, never lines.
pub fn assign_fingerprints(diags: &mut [Diagnostic]) {
    diags.sort_by(|a, b| {
        (&a.path, a.span.line, a.span.column, a.code).cmp(&(
            &b.path,
            b.span.line,
            b.span.column,
            b.code,
        ))
    });
    let mut seen: std::collections::HashMap<u64, u32> = std::collections::HashMap::new();
    for d in diags.iter_mut() {
        let key = format!(
            "{}\u{0}{}\u{0}{}\u{0}{}",
            d.code,
            d.path,
            d.topic.as_deref().unwrap_or(""),
            d.scope.as_deref().unwrap_or(""),
        );
        let base = fnv1a(key.as_bytes());
        let n = seen.entry(base).or_insert(0);
        *n += 1;
        d.fingerprint = format!("{:016x}", fnv1a(format!("{base:x}:{n}").as_bytes()));
    }
}

/// FNV-1a, 64 bit: stable across runs, platforms and versions.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The longest line a source snippet quotes. miette pads a label to its
/// column with a format width, which panics past `u16::MAX` columns (a tab
/// counts up to 4), and so long a line is no help on a terminal anyway.
pub const MAX_QUOTED_LINE: usize = 10_000;

/// Whether the line holding byte `offset` of `text` is short enough to quote
/// in a snippet (see [`MAX_QUOTED_LINE`]).
pub fn quotable(text: &str, offset: usize) -> bool {
    let bytes = text.as_bytes();
    let before = bytes.get(..offset.min(bytes.len())).unwrap_or_default();
    let start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = bytes.get(start..).unwrap_or_default();
    line.iter().position(|b| *b == b'\n').unwrap_or(line.len()) <= MAX_QUOTED_LINE
}
