//! Hostile inputs that crashed eventlint, found while fuzzing it (generated
//! by hand: each needs a line longer than libFuzzer's default 4 KB inputs),
//! minimised and kept here so they never come back. Each runs the library
//! pipeline in memory, as the fuzz targets (`scripts/fuzz`) do.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use eventlint::config::Config;
use eventlint::extract::go::GoExtractor;
use eventlint::extract::{Facts, FileFacts};
use eventlint::model::render::Views;
use eventlint::project::Project;
use eventlint::report::{Format, Report, Style, render};
use eventlint::rules::Selection;

const PATH: &str = "svc/main.go";

/// Extracts and links one Go file as a repository of its own.
fn project(src: &str) -> Project {
    let extractor = GoExtractor::new().expect("extractor");
    let mut parser = extractor.parser().expect("parser");
    let (facts, suppressions) = extractor.extract(&mut parser, src.as_bytes());
    Project::from_facts(
        "root",
        vec![FileFacts {
            path: PATH.to_string(),
            facts: Facts::Go(facts),
            suppressions,
        }],
    )
}

/// The human report of every finding in `src`.
fn human(src: &str) -> String {
    let project = project(src);
    let config = Config::default();
    let graph = project.graph(&config);
    let checked = project.check(&graph, &config, &Selection::default(), true);
    let report = Report {
        diagnostics: checked.diagnostics,
        files: 1,
        ..Report::default()
    };
    let read = |path: &str| (path == PATH).then(|| src.to_string());
    let style = Style {
        color: false,
        width: 100,
        summary: true,
    };
    let mut out = Vec::new();
    render(&report, Format::Human, style, &read, &mut out).expect("rendered");
    String::from_utf8(out).expect("UTF-8")
}

/// A finding past column 65,535 made miette panic ("Formatting argument out
/// of range": it pads the label to its column with a format width). Lines
/// that long are not quoted; the message says where instead.
#[test]
fn a_finding_on_a_very_long_line_is_reported_without_a_snippet() {
    let src = format!(
        "package p\n\nfunc f() {{ {}c.PublishEvent(ctx, \"pubsub\", \"t.x\", x) }}\n",
        " ".repeat(70_000)
    );
    let out = human(&src);
    assert!(
        out.contains("is a string literal at the publish site (svc/main.go:3:70012)"),
        "{out}"
    );
    // Tabs count up to 4 columns each: 16,400 of them are past 65,535 too.
    let src = format!(
        "package p\n\nfunc f() {{\n{}c.PublishEvent(ctx, \"pubsub\", \"t.x\", x)\n}}\n",
        "\t".repeat(16_400)
    );
    assert!(human(&src).contains("(svc/main.go:4:16401)"));
    // A normal line is still quoted, with the location in the snippet's header.
    let out = human("package p\n\nfunc f() { c.PublishEvent(ctx, \"pubsub\", \"t.x\", x) }\n");
    assert!(out.contains("[svc/main.go:3:12]"), "{out}");
    assert!(!out.contains("(svc/main.go:3:12)"), "{out}");
}

/// `trace` aligned a payload's JSON names with a format width as wide as the
/// longest name, which panics past 65,535 ("Formatting argument out of
/// range"); the language server's hover shows the same text.
#[test]
fn trace_of_a_payload_with_a_very_long_json_name() {
    let name = "a".repeat(70_000);
    let src = format!(
        "package p\n\ntype E struct {{\n\tA string `json:\"{name}\"`\n\tB int `json:\"b\"`\n}}\n\nfunc f() {{ c.PublishEvent(ctx, \"pubsub\", \"t.x\", &E{{}}) }}\n"
    );
    let graph = project(&src).graph(&Config::default());
    let topic = graph.topic("t.x").expect("the topic");
    let mut out = Vec::new();
    Views::new(&graph)
        .write_trace_text(topic, &mut out)
        .expect("written");
    let out = String::from_utf8(out).expect("UTF-8");
    assert!(
        out.contains(&format!("  {name}  string\n")),
        "no long field"
    );
    assert!(
        out.contains(&format!("  b{}  int\n", " ".repeat(39))),
        "{out}"
    );
}
