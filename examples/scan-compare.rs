//! Compares the graph and findings of a pre-scanned load with a full parse
//! on any tree (the fixtures are compared by `tests/prescan.rs`).
//!
//! `cargo run --release --example scan-compare -- ROOT`
use std::io::Write;

use eventlint::config::Config;
use eventlint::model::render::Views;
use eventlint::project::{Project, Scan};
use eventlint::rules::Selection;

fn outputs(
    root: &std::path::Path,
    scan: Scan,
) -> Result<(Vec<u8>, Vec<String>), Box<dyn std::error::Error>> {
    let config = Config::default();
    let project = Project::load_with(root, &config, None, scan)?;
    let graph = project.graph(&config);
    let mut json = Vec::new();
    Views::new(&graph).write_graph_json(&mut json)?;
    let findings = project
        .check(&graph, &config, &Selection::default(), true)
        .diagnostics
        .iter()
        .map(|d| format!("{} {}:{} {}", d.code, d.path, d.span.line, d.message))
        .collect();
    Ok((json, findings))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: scan-compare ROOT")?);
    let (full_graph, full_findings) = outputs(&root, Scan::Full)?;
    let (graph, findings) = outputs(&root, Scan::Prescan)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "graph identical: {}", full_graph == graph)?;
    writeln!(
        out,
        "findings identical: {} ({} vs {})",
        full_findings == findings,
        full_findings.len(),
        findings.len()
    )?;
    for f in full_findings.iter().filter(|f| !findings.contains(f)) {
        writeln!(out, "  only in full: {f}")?;
    }
    for f in findings.iter().filter(|f| !full_findings.contains(f)) {
        writeln!(out, "  only in prescan: {f}")?;
    }
    Ok(())
}
