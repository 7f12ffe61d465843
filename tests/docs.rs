//! Rule pages: layout, one page per rule, executable examples, and the
//! README's rule table generated from them.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;

use eventlint::config::Config;
use eventlint::project::Project;
use eventlint::rules::{self, Selection};

const HEADINGS: &[&str] = &[
    "## What it finds",
    "## Why it matters",
    "## Example",
    "## How to suppress",
    "## Options",
];

fn pages_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("rules")
}

#[test]
fn one_page_per_rule_and_one_rule_per_page() {
    let mut pages: Vec<String> = std::fs::read_dir(pages_dir())
        .expect("rules/")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    let mut expected: Vec<String> = rules::ALL
        .iter()
        .map(|r| format!("{}-{}.md", r.code, r.name))
        .collect();
    expected.sort();
    assert_eq!(pages, expected);
    let codes: Vec<&str> = rules::ALL.iter().map(|r| r.code).collect();
    let mut sorted = codes.clone();
    sorted.sort_unstable();
    assert_eq!(codes, sorted, "ALL is sorted by code");
}

#[test]
fn pages_have_the_required_layout() {
    for rule in rules::ALL {
        let doc = rule.doc;
        let title = format!("# {} {}\n", rule.code, rule.name);
        assert!(doc.starts_with(&title), "{}: title", rule.code);
        let mut at = 0;
        for h in HEADINGS {
            let pos = doc[at..]
                .find(&format!("\n{h}\n"))
                .unwrap_or_else(|| panic!("{}: missing or misplaced `{h}`", rule.code));
            at += pos + 1;
        }
        let summary = rule.summary();
        assert!(
            !summary.is_empty() && summary.len() < 240,
            "{}: summary {summary:?}",
            rule.code
        );
        // Every fence is tagged: rustdoc would run untagged ones as Rust.
        let mut open = false;
        for line in doc.lines().filter(|l| l.starts_with("```")) {
            if !open {
                assert!(line.len() > 3, "{}: untagged fence", rule.code);
            }
            open = !open;
        }
        assert!(!open, "{}: unclosed fence", rule.code);
        assert!(
            doc.contains("\nUse instead"),
            "{}: `Use instead:`",
            rule.code
        );
    }
}

/// The example fences of a page tagged `<lang> <kind>`, as files, plus any
/// `yaml config` fence as `eventlint.yaml`.
fn examples(doc: &str, kind: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    // Inside a fence: the file it becomes, if it is one we keep.
    let mut fence: Option<Option<(String, String)>> = None;
    let (mut go, mut yaml) = (0, 0);
    for line in doc.lines() {
        let Some(info) = line.strip_prefix("```") else {
            if let Some(Some((_, text))) = fence.as_mut() {
                text.push_str(line);
                text.push('\n');
            }
            continue;
        };
        if let Some(file) = fence.take() {
            out.extend(file);
            continue;
        }
        let mut words = info.split_whitespace();
        let (lang, tag) = (words.next().unwrap_or(""), words.next().unwrap_or(""));
        let name = match (lang, tag) {
            ("yaml", "config") => Some("eventlint.yaml".to_string()),
            ("go", t) if t == kind => {
                go += 1;
                Some(if go == 1 {
                    "main.go".to_string()
                } else {
                    format!("file{go}.go")
                })
            }
            ("yaml", t) if t == kind => {
                yaml += 1;
                Some(if yaml == 1 {
                    "subscription.yaml".to_string()
                } else {
                    format!("file{yaml}.yaml")
                })
            }
            _ => None,
        };
        fence = Some(name.map(|n| (n, String::new())));
    }
    out
}

fn findings(files: &[(String, String)], code: &str) -> Vec<String> {
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_str()))
        .collect();
    let dir = common::repo(&refs);
    let config_path = dir.path().join("eventlint.yaml");
    let config = if config_path.is_file() {
        Config::load(&config_path).expect("example config")
    } else {
        Config::default()
    };
    let project = Project::load(dir.path(), &config, Some(1)).expect("load");
    let graph = project.graph(&config);
    // EC000 reports suppressions of rules that ran: run them all for it.
    let selection = Selection {
        select: if code == "EC000" {
            Vec::new()
        } else {
            vec![code.to_string()]
        },
        ignore: Vec::new(),
    };
    project
        .check(&graph, &config, &selection, code == "EC000")
        .diagnostics
        .into_iter()
        .filter(|d| d.code == code)
        .map(|d| format!("{}:{} {}", d.path, d.span.line, d.message))
        .collect()
}

#[test]
fn bad_examples_trigger_their_rule_and_good_ones_do_not() {
    for rule in rules::ALL {
        let bad = examples(rule.doc, "bad");
        let good = examples(rule.doc, "good");
        assert!(
            !bad.is_empty() && !good.is_empty(),
            "{}: bad and good examples",
            rule.code
        );
        let found = findings(&bad, rule.code);
        assert!(
            !found.is_empty(),
            "{}: the bad example triggers nothing",
            rule.code
        );
        let found = findings(&good, rule.code);
        assert!(
            found.is_empty(),
            "{}: the good example triggers {found:?}",
            rule.code
        );
    }
}

#[test]
fn readme_rule_table_is_generated_from_the_pages() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let begin = "<!-- rules:begin -->\n";
    let end = "<!-- rules:end -->";
    let start = readme.find(begin).expect("rules:begin") + begin.len();
    let stop = readme.find(end).expect("rules:end");
    let table = eventlint::cli::rules_markdown();
    assert_eq!(
        &readme[start..stop],
        table,
        "README's rule table is stale: regenerate it with `eventlint rules --format markdown`"
    );
}
