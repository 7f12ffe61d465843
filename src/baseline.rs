//! Baselines: today's findings recorded by fingerprint, so that only new
//! ones are reported. The file is sorted and carries no timestamps, so it
//! diffs cleanly in review.

use std::collections::HashSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diagnostic::Diagnostic;

#[derive(Debug, Serialize, Deserialize)]
struct BaselineFile {
    version: u32,
    findings: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
struct Entry {
    path: String,
    code: String,
    fingerprint: String,
    /// For the reader only.
    #[serde(default)]
    message: String,
}

/// A baseline file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("cannot read baseline {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("baseline {path} is not an eventlint baseline: {source}")]
    Format {
        path: String,
        source: serde_json::Error,
    },
}

/// The baseline document for `diagnostics`, sorted.
pub fn render(diagnostics: &[Diagnostic]) -> Vec<u8> {
    let mut findings: Vec<Entry> = diagnostics
        .iter()
        .map(|d| Entry {
            path: d.path.clone(),
            code: d.code.to_string(),
            fingerprint: d.fingerprint.clone(),
            message: d.message.clone(),
        })
        .collect();
    findings.sort();
    findings.dedup();
    let doc = BaselineFile {
        version: 1,
        findings,
    };
    let mut out = serde_json::to_vec_pretty(&doc).unwrap_or_default();
    out.push(b'\n');
    out
}

/// The fingerprints recorded in a baseline file.
///
/// # Errors
/// When the file cannot be read or is not a baseline.
pub fn load(path: &Path) -> Result<HashSet<String>, BaselineError> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Io {
        path: name.clone(),
        source,
    })?;
    let doc: BaselineFile = serde_json::from_str(&text)
        .map_err(|source| BaselineError::Format { path: name, source })?;
    Ok(doc.findings.into_iter().map(|e| e.fingerprint).collect())
}
