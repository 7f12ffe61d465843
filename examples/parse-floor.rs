//! The parse floor: tree-sitter-go parsing every `.go` file that `check`
//! considers, with no queries, on the same thread pool. The baseline the
//! benchmark compares `eventlint check` against.
//!
//! `cargo run --release --example parse-floor -- ROOT [JOBS]`
use std::io::Write;

use rayon::prelude::*;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let root = std::path::PathBuf::from(args.next().ok_or("usage: parse-floor ROOT [JOBS]")?);
    let jobs: Option<usize> = args.next().map(|j| j.parse()).transpose()?;
    let config = eventlint::config::Config::default();
    let started = std::time::Instant::now();
    let (files, _) = eventlint::discover::discover(&root, &config);
    let go: Vec<_> = files
        .iter()
        .filter(|f| f.kind == eventlint::discover::SourceKind::Go)
        .collect();
    let extractor = eventlint::extract::go::GoExtractor::new()?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.unwrap_or(0))
        .build()?;
    let nodes: usize = pool.install(|| {
        go.par_iter()
            .map_init(
                || extractor.parser().ok(),
                |parser, f| {
                    let Some(parser) = parser.as_mut() else {
                        return 0;
                    };
                    let Ok(src) = std::fs::read(&f.abs) else {
                        return 0;
                    };
                    parser
                        .parse(&src, None)
                        .map_or(0, |t| t.root_node().descendant_count())
                },
            )
            .sum()
    });
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "parsed {} files ({nodes} nodes) in {:.3} s",
        go.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}
