//! Per-rule fixtures: `fixtures/ECxxx-name/{bad,good}/`, each a small
//! repository. In `bad/`, every finding must sit on a line marked
//! `// want ECxxx ["regex"]` (or `# want ECxxx` in YAML) and every marker
//! must get a finding; `good/` must produce none. Only the rule under test
//! runs. Each `bad/` also has a snapshot of its human rendering.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::{Path, PathBuf};

use eventlint::config::Config;
use eventlint::diagnostic::Diagnostic;
use eventlint::project::Project;
use eventlint::report::{self, Format, Report, Style};
use eventlint::rules::{self, Selection};

fn fixture_dir(rule: &rules::Rule) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(format!("{}-{}", rule.code, rule.name))
}

fn lint(root: &Path, rule: &rules::Rule) -> (Project, Vec<Diagnostic>) {
    let config_path = root.join("eventlint.yaml");
    let config = if config_path.is_file() {
        Config::load(&config_path).expect("fixture config")
    } else {
        Config::default()
    };
    let project = Project::load(root, &config, Some(1)).expect("load");
    // EC018's fixtures are manifests Dapr rejects: problems of the files.
    if rule.code != "EC018" {
        assert!(project.problems.is_empty(), "{:?}", project.problems);
    }
    let graph = project.graph(&config);
    let selection = Selection {
        select: vec![rule.code.to_string()],
        ignore: Vec::new(),
    };
    let checked = project.check(&graph, &config, &selection, false);
    (project, checked.diagnostics)
}

/// `(path, line, code, regex)` of every `want` marker under `root`.
fn wants(root: &Path) -> Vec<(String, u32, String, Option<String>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let rel = path
                .strip_prefix(root)
                .expect("under root")
                .to_string_lossy()
                .replace('\\', "/");
            for (i, line) in text.lines().enumerate() {
                let Some(at) = line.find("// want ").or_else(|| line.find("# want ")) else {
                    continue;
                };
                let rest = line[at..].split_once("want ").expect("marker").1.trim();
                let (code, regex) = match rest.split_once(' ') {
                    Some((code, r)) => (code, Some(r.trim().trim_matches('"').to_string())),
                    None => (rest, None),
                };
                out.push((
                    rel.clone(),
                    u32::try_from(i + 1).expect("line"),
                    code.to_string(),
                    regex,
                ));
            }
        }
    }
    out.sort();
    out
}

fn check_bad(rule: &rules::Rule) {
    let root = fixture_dir(rule).join("bad");
    let (_, diags) = lint(&root, rule);
    let wants = wants(&root);
    assert!(
        !wants.is_empty(),
        "{}: bad/ needs at least one `want` marker",
        rule.code
    );
    for d in &diags {
        let marked = wants.iter().any(|(p, l, c, re)| {
            *p == d.path
                && *l == d.span.line
                && c == d.code
                && re.as_deref().is_none_or(|r| d.message.contains(r))
        });
        assert!(
            marked,
            "{}: finding without a `want` marker at {}:{}: {}",
            rule.code, d.path, d.span.line, d.message
        );
    }
    for (p, l, c, re) in &wants {
        let found = diags.iter().any(|d| {
            d.path == *p
                && d.span.line == *l
                && d.code == c
                && re.as_deref().is_none_or(|r| d.message.contains(r))
        });
        assert!(
            found,
            "{}: `want {c}` at {p}:{l} got no finding{}; findings: {:#?}",
            rule.code,
            re.as_deref()
                .map(|r| format!(" matching {r:?}"))
                .unwrap_or_default(),
            diags
                .iter()
                .map(|d| format!("{}:{} {}", d.path, d.span.line, d.message))
                .collect::<Vec<_>>()
        );
    }
    // The human rendering, reviewed like code.
    let report = Report {
        diagnostics: diags,
        files: 0,
        suppressed: 0,
        elapsed: std::time::Duration::ZERO,
        root_uri: None,
    };
    let read = |p: &str| std::fs::read_to_string(root.join(p)).ok();
    let mut out = Vec::new();
    report::render(
        &report,
        Format::Human,
        Style {
            color: false,
            width: 100,
            summary: true,
        },
        &read,
        &mut out,
    )
    .expect("render");
    let text = String::from_utf8(out).expect("utf-8");
    insta::assert_snapshot!(format!("{}-{}", rule.code, rule.name), text);
}

fn check_good(rule: &rules::Rule) {
    let root = fixture_dir(rule).join("good");
    let (_, diags) = lint(&root, rule);
    assert!(
        diags.is_empty(),
        "{}: good/ must produce no finding: {:#?}",
        rule.code,
        diags
            .iter()
            .map(|d| format!("{}:{} {}", d.path, d.span.line, d.message))
            .collect::<Vec<_>>()
    );
}

macro_rules! fixture_tests {
    ($($name:ident: $code:literal,)*) => {
        $(
            #[test]
            fn $name() {
                let rule = rules::find($code).expect("rule");
                check_bad(rule);
                check_good(rule);
            }
        )*
    };
}

fixture_tests! {
    ec001_unsubscribed_topic: "EC001",
    ec002_unpublished_topic: "EC002",
    ec003_non_idempotent_handler: "EC003",
    ec004_missing_correlation_id: "EC004",
    ec005_unversioned_event: "EC005",
    ec006_publish_error_fails_operation: "EC006",
    ec007_untyped_payload: "EC007",
    ec008_fat_payload: "EC008",
    ec009_payload_drift: "EC009",
    ec010_dangling_subscription: "EC010",
    ec011_dynamic_topic: "EC011",
    ec012_inline_topic: "EC012",
    ec013_critical_without_outbox: "EC013",
    ec014_topic_near_miss: "EC014",
    ec015_pubsub_mismatch: "EC015",
    ec016_unused_topic_constant: "EC016",
    ec018_invalid_manifest: "EC018",
}

#[test]
fn every_rule_has_fixtures() {
    for rule in rules::ALL {
        // EC000 and EC017 come from comments and unreadable files, tested
        // in tests/suppress.rs and tests/robustness.rs.
        if rule.code == "EC000" || rule.code == "EC017" {
            continue;
        }
        for side in ["bad", "good"] {
            let dir = fixture_dir(rule).join(side);
            assert!(dir.is_dir(), "missing {}", dir.display());
        }
    }
}
