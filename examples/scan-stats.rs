//! How many Go files the pre-scan parsed on a tree, and how long loading took
//! in each mode (a debugging aid for the benchmark).
//!
//! `cargo run --release --example scan-stats -- ROOT`
use std::io::Write;

use eventlint::config::Config;
use eventlint::project::{Project, Scan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = std::path::PathBuf::from(std::env::args().nth(1).ok_or("usage: scan-stats ROOT")?);
    let config = Config::default();
    let mut out = std::io::stdout().lock();
    for scan in [Scan::Prescan, Scan::Full] {
        let started = std::time::Instant::now();
        let project = Project::load_with(&root, &config, None, scan)?;
        let loaded = started.elapsed();
        let graph = project.graph(&config);
        writeln!(
            out,
            "{scan:?}: {} files with facts, {} Go files unparsed, load {:.3} s, link {:.3} s, {} topics",
            project.files.len(),
            project.files_unparsed(),
            loaded.as_secs_f64(),
            (started.elapsed() - loaded).as_secs_f64(),
            graph.topics.len()
        )?;
    }
    Ok(())
}
