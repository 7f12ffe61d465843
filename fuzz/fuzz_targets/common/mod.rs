//! Shared by the fuzz targets: everything the CLI does after extraction —
//! link, rules, suppression, fingerprints, graph views and every report
//! format — on facts held in memory (a temporary repository per input would
//! be far too slow).

#![allow(dead_code, reason = "each target uses a part")]

use std::io::sink;
use std::sync::OnceLock;

use eventlint::config::Config;
use eventlint::extract::go::GoExtractor;
use eventlint::extract::{Facts, FileFacts};
use eventlint::model::render::Views;
use eventlint::project::Project;
use eventlint::report::{Format, Report, Style, render};
use eventlint::rules::Selection;

static EXTRACTOR: OnceLock<GoExtractor> = OnceLock::new();

/// The Go extractor, built once per process.
pub fn extractor() -> &'static GoExtractor {
    EXTRACTOR.get_or_init(|| GoExtractor::new().expect("the built-in query compiles"))
}

/// The facts of one Go file at `path`.
pub fn go_file(path: &str, src: &[u8]) -> FileFacts {
    let extractor = extractor();
    let mut parser = extractor.parser().expect("the grammar loads");
    let (facts, suppressions) = extractor.extract(&mut parser, src);
    FileFacts {
        path: path.to_string(),
        facts: Facts::Go(facts),
        suppressions,
    }
}

/// Links `files` (any order) under `config`, runs every rule with
/// suppression, then renders the graph and the findings in every format.
/// `sources` are the texts the renderers quote, by path.
pub fn lint(files: Vec<FileFacts>, config: &Config, sources: &[(&str, &str)]) {
    let project = Project::from_facts("root", files);
    let graph = project.graph(config);
    let checked = project.check(&graph, config, &Selection::default(), true);

    let views = Views::new(&graph);
    let mut out = sink();
    let _ = views.write_graph_json(&mut out);
    let _ = views.write_mermaid(&mut out);
    let _ = views.write_dot(&mut out);
    for topic in &graph.topics {
        let _ = views.write_trace_text(topic, &mut out);
        let _ = views.write_trace_json(topic, &mut out);
    }

    let report = Report {
        diagnostics: checked.diagnostics,
        files: project.files_scanned,
        suppressed: checked.suppressed,
        root_uri: Some("file:///repo/".to_string()),
        ..Report::default()
    };
    let read = |path: &str| {
        (sources.iter())
            .find(|(p, _)| *p == path)
            .map(|(_, text)| (*text).to_string())
    };
    let style = Style {
        color: false,
        width: 100,
        summary: true,
    };
    for format in [
        Format::Human,
        Format::Short,
        Format::Json,
        Format::Sarif,
        Format::Github,
    ] {
        let _ = render(&report, format, style, &read, &mut out);
    }
}
