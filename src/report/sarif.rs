//! `--format sarif`: SARIF 2.1.0 for code scanning. Every rule of the
//! catalogue is listed in order, so `ruleIndex` never shifts; each result
//! has a region, partial fingerprints and its related locations, linked
//! from the message as `[text](id)`.

use std::collections::HashMap;
use std::io::Write;

use serde::Serialize;

use super::{Report, ReportError, SourceReader};
use crate::diagnostic::{Diagnostic, Severity};
use crate::extract::Span;
use crate::rules::{self, Rule};

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/eventlint/eventlint";
const SRCROOT: &str = "SRCROOT";

#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: Vec<Run>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_uri_base_ids: Option<HashMap<&'static str, ArtifactLocation>>,
    results: Vec<SarifResult>,
    column_kind: &'static str,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    semantic_version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: String,
    short_description: Text,
    full_description: Text,
    help: Help,
    help_uri: String,
    default_configuration: Configuration,
    properties: RuleProperties,
}

#[derive(Serialize)]
struct Text {
    text: String,
}

#[derive(Serialize)]
struct Help {
    text: String,
    markdown: String,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct RuleProperties {
    tags: Vec<&'static str>,
    precision: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    rule_id: &'static str,
    rule_index: usize,
    level: &'static str,
    message: Text,
    locations: Vec<Location>,
    partial_fingerprints: HashMap<&'static str, String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// `unsubscribed-topic` → `UnsubscribedTopic` (SARIF's friendly names).
fn pascal_case(name: &str) -> String {
    name.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A page's section, as plain text.
fn section(doc: &str, heading: &str) -> String {
    let start = format!("## {heading}\n");
    let Some(at) = doc.find(&start) else {
        return String::new();
    };
    let body = doc.get(at + start.len()..).unwrap_or("");
    let end = body.find("\n## ").unwrap_or(body.len());
    body.get(..end).unwrap_or("").trim().to_string()
}

/// A message as SARIF likes it: a sentence ending with a period.
fn sentence(s: &str) -> String {
    let s = s.trim_end();
    if s.ends_with(['.', '!', '?']) {
        s.to_string()
    } else {
        format!("{s}.")
    }
}

fn descriptor(rule: &Rule) -> RuleDescriptor {
    let what = section(rule.doc, "What it finds");
    RuleDescriptor {
        id: rule.code,
        name: pascal_case(rule.name),
        short_description: Text {
            text: sentence(&rule.summary()),
        },
        full_description: Text {
            text: sentence(if what.is_empty() { rule.doc } else { &what }),
        },
        help: Help {
            text: rule.doc.to_string(),
            markdown: rule.doc.to_string(),
        },
        help_uri: format!(
            "{INFORMATION_URI}/blob/main/rules/{}-{}.md",
            rule.code, rule.name
        ),
        default_configuration: Configuration {
            level: level(rule.default_level),
        },
        properties: RuleProperties {
            tags: vec!["event-contracts", "pubsub"],
            precision: match rule.code {
                "EC003" | "EC006" | "EC008" | "EC009" => "medium",
                _ => "high",
            },
        },
    }
}

/// Byte columns to UTF-16 code units (SARIF's default column kind).
struct Columns<'a> {
    read: SourceReader<'a>,
    texts: HashMap<String, Option<String>>,
}

impl Columns<'_> {
    fn region(&mut self, path: &str, span: Span) -> Region {
        let read = self.read;
        let text = self
            .texts
            .entry(path.to_string())
            .or_insert_with(|| read(path));
        let convert = |line: u32, column: u32| -> u32 {
            let Some(t) = text.as_deref() else {
                return column.max(1);
            };
            let Some(l) = t.lines().nth(line.saturating_sub(1) as usize) else {
                return column.max(1);
            };
            let bytes = (column.saturating_sub(1) as usize).min(l.len());
            let prefix = l.get(..bytes).unwrap_or(l);
            u32::try_from(prefix.encode_utf16().count()).unwrap_or(u32::MAX) + 1
        };
        let start_line = span.line.max(1);
        let end_line = span.end_line.max(start_line);
        let start_column = convert(start_line, span.column);
        let mut end_column = convert(end_line, span.end_column);
        if end_line == start_line && end_column <= start_column {
            end_column = start_column + 1;
        }
        Region {
            start_line,
            start_column,
            end_line,
            end_column,
        }
    }
}

fn location(cols: &mut Columns<'_>, path: &str, span: Span) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: ArtifactLocation {
            uri: path.to_string(),
            uri_base_id: Some(SRCROOT),
        },
        region: cols.region(path, span),
    }
}

fn result(d: &Diagnostic, cols: &mut Columns<'_>) -> SarifResult {
    let rule_index = rules::ALL
        .iter()
        .position(|r| r.code == d.code)
        .unwrap_or(0);
    let mut text = sentence(&d.message);
    let mut related = Vec::new();
    for (i, r) in d.related.iter().enumerate() {
        let id = i + 1;
        text.push_str(&format!(" See [{}]({id}).", r.message));
        related.push(Location {
            id: Some(id),
            physical_location: location(cols, &r.path, r.span),
            message: Some(Text {
                text: sentence(&r.message),
            }),
        });
    }
    SarifResult {
        rule_id: d.code,
        rule_index,
        level: level(d.severity),
        message: Text { text },
        locations: vec![Location {
            id: None,
            physical_location: location(cols, &d.path, d.span),
            message: None,
        }],
        partial_fingerprints: HashMap::from([("eventlint/v1", d.fingerprint.clone())]),
        related_locations: related,
    }
}

/// Writes the SARIF log.
///
/// # Errors
/// When writing fails.
pub fn render(
    report: &Report,
    read: SourceReader<'_>,
    out: &mut dyn Write,
) -> Result<(), ReportError> {
    let mut cols = Columns {
        read,
        texts: HashMap::new(),
    };
    let results = report
        .diagnostics
        .iter()
        .map(|d| result(d, &mut cols))
        .collect();
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: vec![Run {
            tool: Tool {
                driver: Driver {
                    name: "eventlint",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: INFORMATION_URI,
                    rules: rules::ALL.iter().map(|r| descriptor(r)).collect(),
                },
            },
            original_uri_base_ids: report.root_uri.as_ref().map(|uri| {
                HashMap::from([(
                    SRCROOT,
                    ArtifactLocation {
                        uri: uri.clone(),
                        uri_base_id: None,
                    },
                )])
            }),
            results,
            column_kind: "utf16CodeUnits",
        }],
    };
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)?;
    Ok(())
}
