//! The pre-scan parses only the files that can matter, and the result is
//! identical to parsing everything: graphs and findings are compared on
//! every fixture.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};

use eventlint::config::Config;
use eventlint::project::{Project, Scan};
use eventlint::rules::Selection;

fn roots() -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut out = vec![fixtures.join("shop")];
    for entry in std::fs::read_dir(&fixtures).expect("fixtures") {
        let dir = entry.expect("entry").path();
        for side in ["bad", "good"] {
            if dir.join(side).is_dir() {
                out.push(dir.join(side));
            }
        }
    }
    out.sort();
    out
}

fn outputs(root: &Path, scan: Scan) -> (String, Vec<String>, usize) {
    let config_path = root.join("eventlint.yaml");
    let config = if config_path.is_file() {
        Config::load(&config_path).expect("config")
    } else {
        Config::default()
    };
    let mut project = Project::load_with(root, &config, Some(2), scan).expect("load");
    let graph = project.graph(&config);
    // The graph the pre-scan's last link left is the one linking gives now.
    assert_eq!(project.take_graph(&config), graph, "{}", root.display());
    let mut json = Vec::new();
    eventlint::model::render::Views::new(&graph)
        .write_graph_json(&mut json)
        .expect("json");
    let json = String::from_utf8(json).expect("utf-8");
    let findings = project
        .check(&graph, &config, &Selection::default(), true)
        .diagnostics
        .into_iter()
        .map(|d| {
            format!(
                "{} {}:{}:{} {} {}",
                d.code, d.path, d.span.line, d.span.column, d.message, d.fingerprint
            )
        })
        .collect();
    (json, findings, project.files_unparsed())
}

#[test]
fn prescan_gives_the_same_graph_and_findings_as_a_full_parse() {
    let mut skipped = 0;
    for root in roots() {
        let (full_graph, full_findings, none) = outputs(&root, Scan::Full);
        assert_eq!(none, 0);
        let (graph, findings, unparsed) = outputs(&root, Scan::Prescan);
        let first_diff = |a: &str, b: &str| {
            a.lines()
                .zip(b.lines())
                .enumerate()
                .find(|(_, (x, y))| x != y)
                .map(|(i, (x, y))| format!("line {i}: {x:?} != {y:?}"))
                .unwrap_or_else(|| "lengths differ".to_string())
        };
        assert!(
            full_graph == graph,
            "graph differs on {}: {}",
            root.display(),
            first_diff(&full_graph, &graph)
        );
        assert_eq!(
            full_findings,
            findings,
            "findings differ on {}",
            root.display()
        );
        skipped += unparsed;
    }
    // These small repositories are nearly all event code: the pre-scan
    // parses what is left rather than link again. `skipped` is reported for
    // the record; the sparse case is tested below.
    let _ = skipped;
}

#[test]
fn a_constant_in_a_file_without_event_code_is_still_resolved() {
    // topics.go mentions no publish or subscription: it is parsed because
    // linking asks for the package of `events.TopicA`.
    let dir = common::repo(&[
        ("events/go.mod", "module example.com/events\n"),
        (
            "events/topics.go",
            "package events\n\nconst TopicA = \"a.happened\"\n",
        ),
        (
            "events/unrelated.go",
            "package events\n\nfunc helper() int { return 1 }\n",
        ),
        (
            "svc/go.mod",
            "module example.com/svc\n\nrequire example.com/events v0.0.0\nreplace example.com/events => ../events\n",
        ),
        (
            "svc/pub.go",
            "package svc\n\nimport \"example.com/events\"\n\nfunc f(c C) { c.PublishEvent(ctx, \"ps\", events.TopicA, v) }\n",
        ),
        ("svc/other.go", "package svc\n\nfunc g() {}\n"),
    ]);
    let config = Config::default();
    let project = Project::load_with(dir.path(), &config, Some(1), Scan::Prescan).expect("load");
    let graph = project.graph(&config);
    assert!(graph.topic("a.happened").is_some(), "{graph:#?}");
    // Only svc/other.go was never needed.
    assert_eq!(project.unparsed_go, ["svc/other.go"]);
}

#[test]
fn a_sparse_repository_is_mostly_left_unparsed() {
    let mut files: Vec<(String, String)> = vec![
        ("svc/go.mod".into(), "module example.com/svc\n".into()),
        (
            "svc/pub.go".into(),
            "package svc\n\nfunc (s *S) P(ctx Ctx) { s.c.PublishEvent(ctx, \"ps\", \"a.b\", nil) }\n".into(),
        ),
    ];
    for i in 0..40 {
        files.push((
            format!("svc/plain{i}.go"),
            format!("package svc\n\nfunc plain{i}(a, b int) int {{ return a * b + {i} }}\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = common::repo(&refs);
    let (full_graph, full_findings, _) = outputs(dir.path(), Scan::Full);
    let (graph, findings, unparsed) = outputs(dir.path(), Scan::Prescan);
    assert_eq!(full_graph, graph);
    assert_eq!(full_findings, findings);
    assert_eq!(unparsed, 40);
}

#[test]
fn a_topic_literal_is_wanted_only_where_a_topic_like_call_could_subscribe() {
    // `order.placed` has no subscriber, so linking asks for files quoting
    // it that may hold an inferred subscription. sub.go (AddTopicHandler)
    // is one; audit/log.go only mentions the topic in a log line.
    let dir = common::repo(&[
        ("svc/go.mod", "module example.com/svc\n"),
        (
            "svc/pub.go",
            "package svc\n\nfunc (s *S) P(ctx Ctx, o O) error { return s.c.PublishEvent(ctx, \"ps\", \"order.placed\", o) }\n",
        ),
        (
            "svc/audit/log.go",
            "package audit\n\nfunc logIt(l L) { l.Print(\"order.placed\") }\n",
        ),
        ("billing/go.mod", "module example.com/billing\n"),
        (
            "billing/sub.go",
            "package billing\n\ntype B struct{}\n\nfunc Register(r R, b B) { r.AddTopicHandler(\"order.placed\", b.OnOrder) }\n\nfunc (b B) OnOrder(ctx Ctx, e E) error { return nil }\n",
        ),
    ]);
    let (full_graph, full_findings, _) = outputs(dir.path(), Scan::Full);
    let (graph, findings, _) = outputs(dir.path(), Scan::Prescan);
    assert_eq!(full_graph, graph);
    assert_eq!(full_findings, findings);
    assert!(graph.contains("billing/sub.go"), "{graph}");
    let config = Config::default();
    let project = Project::load_with(dir.path(), &config, Some(1), Scan::Prescan).expect("load");
    assert_eq!(project.unparsed_go, ["svc/audit/log.go"]);
}
