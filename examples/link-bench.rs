//! Links a loaded tree repeatedly, to profile linking (what an editor pays
//! after each keystroke).
//!
//! `cargo run --release --example link-bench -- ROOT [TIMES]`
use std::io::Write;

use eventlint::config::Config;
use eventlint::project::{Project, Scan};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().ok_or("usage: link-bench ROOT [TIMES]")?);
    let times: usize = args.next().map(|t| t.parse()).transpose()?.unwrap_or(20);
    let config = Config::default();
    let project = Project::load_with(&root, &config, None, Scan::Full)?;
    let loaded = memory();
    let mut samples = Vec::new();
    for _ in 0..times {
        let started = std::time::Instant::now();
        let graph = project.graph(&config);
        let checked = project.check(
            &graph,
            &config,
            &eventlint::rules::Selection::default(),
            false,
        );
        samples.push((
            started.elapsed().as_secs_f64() * 1000.0,
            checked.diagnostics.len(),
        ));
    }
    let linked = memory();
    writeln!(
        std::io::stdout().lock(),
        "memory after load: {loaded}; after linking: {linked}"
    )?;
    samples.sort_by(|a, b| a.0.total_cmp(&b.0));
    let median = samples.get(samples.len() / 2).map_or(0.0, |s| s.0);
    writeln!(
        std::io::stdout().lock(),
        "link+rules median {median:.1} ms over {times} runs ({} findings)",
        samples.first().map_or(0, |s| s.1)
    )?;
    Ok(())
}

/// `VmRSS` and `VmHWM` (peak) from /proc/self/status, where there is one.
fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .filter(|l| l.starts_with("VmRSS") || l.starts_with("VmHWM"))
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}
