//! Which files a run considers: `.gitignore`, default excludes, tests,
//! `include`/`exclude`, and the `services` glob.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use eventlint::config::Config;
use eventlint::discover::{SourceKind, discover};

const PUBLISH: &str = "package p\n\nfunc f(c C) { c.PublishEvent(ctx, \"ps\", \"t\", v) }\n";

fn paths(files: &[(&str, &str)], config: &Config) -> Vec<String> {
    let dir = common::repo(files);
    let (found, problems) = discover(dir.path(), config);
    assert!(problems.is_empty(), "{problems:?}");
    found.into_iter().map(|f| f.rel).collect()
}

#[test]
fn default_excludes_vendor_testdata_tests_and_gitignored_files() {
    let files = [
        ("svc/go.mod", "module x\n"),
        ("svc/a.go", PUBLISH),
        ("svc/a_test.go", PUBLISH),
        ("svc/vendor/lib/b.go", PUBLISH),
        ("svc/testdata/c.go", PUBLISH),
        ("svc/gen/d.go", PUBLISH),
        ("svc/.gitignore", "gen/\n"),
        ("deploy/sub.yaml", "kind: Subscription\n"),
        ("deploy/other.yml", "a: 1\n"),
        ("README.md", "# x\n"),
        (".hidden/e.go", PUBLISH),
    ];
    assert_eq!(
        paths(&files, &Config::default()),
        [
            "deploy/other.yml",
            "deploy/sub.yaml",
            "svc/a.go",
            "svc/go.mod"
        ]
    );
}

#[test]
fn tests_true_adds_test_files() {
    let files = [("svc/a.go", PUBLISH), ("svc/a_test.go", PUBLISH)];
    let config = Config::from_str("tests: true\n", "eventlint.yaml").expect("config");
    assert_eq!(paths(&files, &config), ["svc/a.go", "svc/a_test.go"]);
}

#[test]
fn include_and_exclude_come_from_the_config() {
    let files = [
        ("svc/a.go", PUBLISH),
        ("svc/internal/mocks/m.go", PUBLISH),
        ("deploy/sub.yaml", "x: 1\n"),
        ("svc/go.mod", "module x\n"),
    ];
    let config = Config::from_str(
        "include: [\"**/*.go\"]\nexclude: [\"**/mocks/**\"]\n",
        "eventlint.yaml",
    )
    .expect("config");
    // go.mod files are always read: they define services and module paths.
    assert_eq!(paths(&files, &config), ["svc/a.go", "svc/go.mod"]);
}

#[test]
fn kinds_are_told_apart() {
    let dir = common::repo(&[
        ("a/go.mod", "module a\n"),
        ("a/x.go", PUBLISH),
        ("a/s.yml", "k: v\n"),
    ]);
    let (found, _) = discover(dir.path(), &Config::default());
    let kinds: Vec<SourceKind> = found.iter().map(|f| f.kind).collect();
    assert_eq!(kinds, [SourceKind::GoMod, SourceKind::Yaml, SourceKind::Go]);
}

#[test]
fn services_glob_names_service_directories_without_go_mod() {
    let files = [
        ("go.mod", "module example.com/mono\n"),
        (
            "services/order/pub.go",
            "package order\n\nfunc f(c C) { c.PublishEvent(ctx, \"ps\", \"order.created\", v) }\n",
        ),
        (
            "services/billing/sub.go",
            "package billing\n\nfunc g(s S) { s.AddConsumer(\"order.created\", \"ps\", h) }\n\nfunc h() {}\n",
        ),
    ];
    let dir = common::repo(&files);
    let default = common::graph_with(dir.path(), &Config::default());
    let root_name = dir
        .path()
        .file_name()
        .and_then(|n| n.to_str())
        .expect("name")
        .to_string();
    assert_eq!(
        default.edges(),
        [(root_name.clone(), "order.created".to_string(), root_name)]
    );
    let config = Config::from_str("services: \"services/*\"\n", "eventlint.yaml").expect("config");
    let g = common::graph_with(dir.path(), &config);
    assert_eq!(
        g.edges(),
        [(
            "services/order".to_string(),
            "order.created".to_string(),
            "services/billing".to_string()
        )]
    );
}
