//! Report paths are relative to the repository's top level (the nearest
//! `.git` at or above the root), in every format, so that code scanning
//! and GitHub annotations point at files that exist; fingerprints and
//! baselines stay relative to the root. `--show-settings` tells which root,
//! top level and configuration a run uses.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

use common::run_cli;

const BIN: &str = env!("CARGO_BIN_EXE_eventlint");

const PUBLISH: &str = "package orders\n\nimport (\n\t\"context\"\n\n\tdapr \"github.com/dapr/go-sdk/client\"\n)\n\nfunc Publish(ctx context.Context, c dapr.Client, v any) {\n\t_ = c.PublishEvent(ctx, \"pubsub\", \"order.cancelld\", v)\n}\n";

const SUBSCRIPTION: &str = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: cancelled\nspec:\n  topic: order.cancelled\n  route: /cancelled\n  pubsubname: pubsub\n";

const SUB: &str = "services/billing/deploy/subscription.yaml";
const PUB: &str = "services/orders/publish.go";

/// A monorepo whose services live under `services/`, with `.git` at the
/// top: a directory, a file (a worktree or a submodule), or none.
fn monorepo(git: &str) -> tempfile::TempDir {
    let dir = common::repo(&[
        ("README.md", "# shop\n"),
        ("services/orders/go.mod", "module example.com/orders\n"),
        ("services/orders/publish.go", PUBLISH),
        ("services/billing/go.mod", "module example.com/billing\n"),
        ("services/billing/deploy/subscription.yaml", SUBSCRIPTION),
    ]);
    match git {
        "dir" => std::fs::create_dir(dir.path().join(".git")).unwrap(),
        "file" => std::fs::write(dir.path().join(".git"), "gitdir: /elsewhere/.git\n").unwrap(),
        _ => {}
    }
    dir
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("utf-8")
}

fn check(root: &Path, extra: &[&str]) -> (u8, String, String) {
    let mut args = vec!["check", "--root", arg(root), "--no-cache"];
    args.extend_from_slice(extra);
    run_cli(&args)
}

fn json(root: &Path, extra: &[&str]) -> serde_json::Value {
    let (_, out, err) = check(root, &[&["--format", "json"], extra].concat());
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"))
}

/// The near miss: `(path, related paths, fingerprint)`.
fn near_miss(report: &serde_json::Value) -> (String, Vec<String>, String) {
    let d = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "EC014")
        .unwrap_or_else(|| panic!("no EC014: {report}"));
    (
        d["path"].as_str().unwrap().to_string(),
        d["related"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["path"].as_str().unwrap().to_string())
            .collect(),
        d["fingerprint"].as_str().unwrap().to_string(),
    )
}

fn file_uri(dir: &Path) -> String {
    format!("file://{}/", dir.canonicalize().unwrap().display())
}

#[test]
fn a_root_below_the_top_level_reports_paths_from_the_top_level_in_every_format() {
    for git in ["dir", "file"] {
        let repo = monorepo(git);
        let root = repo.path().join("services");

        let report = json(&root, &[]);
        let (path, related, _) = near_miss(&report);
        assert_eq!(path, SUB, "{git}");
        assert_eq!(related, [PUB], "{git}");
        assert!(
            report["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .all(|d| d["path"].as_str().unwrap().starts_with("services/")),
            "{report}"
        );

        let (_, out, _) = check(&root, &["--format", "sarif"]);
        let log: serde_json::Value = serde_json::from_str(&out).unwrap();
        let run = &log["runs"][0];
        assert_eq!(
            run["originalUriBaseIds"]["SRCROOT"]["uri"],
            file_uri(repo.path())
        );
        let result = run["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["ruleId"] == "EC014")
            .unwrap();
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], SUB);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "SRCROOT");
        assert_eq!(
            result["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            PUB
        );

        let (_, out, _) = check(&root, &["--format", "github"]);
        assert!(out.contains(&format!("file={SUB},line=6,")), "{out}");
        assert!(out.contains(&format!("{PUB}:10")), "related: {out}");

        let (_, out, _) = check(&root, &["--format", "short"]);
        assert!(out.contains(&format!("{SUB}:6:10: error[EC014/")), "{out}");

        // Human output finds the source at the same path: the snippet is quoted.
        let (_, out, _) = check(&root, &["--no-color"]);
        assert!(out.contains(&format!("[{SUB}:6:10]")), "{out}");
        assert!(out.contains("topic: order.cancelled"), "snippet: {out}");
        assert!(out.contains(&format!("({PUB}:10)")), "{out}");
    }
}

#[test]
fn fingerprints_and_baselines_do_not_depend_on_the_top_level() {
    let repo = monorepo("dir");
    let root = repo.path().join("services");
    let (path, _, below) = near_miss(&json(&root, &[]));
    assert_eq!(path, SUB);

    // The baseline holds root-relative paths, as the rules see them.
    let baseline = repo.path().join("baseline.json");
    let (code, _, err) = check(&root, &["--write-baseline", arg(&baseline)]);
    assert_eq!(code, 0, "{err}");
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&baseline).unwrap()).unwrap();
    let paths: Vec<&str> = written["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"billing/deploy/subscription.yaml"),
        "{paths:?}"
    );

    // Without the repository around it, the root is the top level: paths
    // lose their prefix, fingerprints stay, and the baseline still applies.
    std::fs::remove_dir(repo.path().join(".git")).unwrap();
    let (path, related, alone) = near_miss(&json(&root, &[]));
    assert_eq!(path, "billing/deploy/subscription.yaml");
    assert_eq!(related, ["orders/publish.go"]);
    assert_eq!(alone, below);
    let report = json(&root, &["--baseline", arg(&baseline)]);
    assert_eq!(report["diagnostics"], serde_json::json!([]), "{report}");
    assert!(report["summary"]["suppressed"].as_u64().unwrap() > 0);
}

#[test]
fn a_root_at_the_top_level_is_unchanged() {
    let with_git = monorepo("dir");
    let without = monorepo("");
    let (code, a, _) = check(with_git.path(), &["--format", "json"]);
    assert_eq!(code, 1);
    let (_, b, _) = check(without.path(), &["--format", "json"]);
    assert_eq!(a, b);
    let (path, related, _) = near_miss(&serde_json::from_str(&a).unwrap());
    assert_eq!((path.as_str(), related), (SUB, vec![PUB.to_string()]));
    let (_, out, _) = check(with_git.path(), &["--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        log["runs"][0]["originalUriBaseIds"]["SRCROOT"]["uri"],
        file_uri(with_git.path())
    );
}

#[test]
fn a_root_found_from_a_service_folder_reports_from_the_top_level() {
    let repo = monorepo("dir");
    std::fs::write(
        repo.path().join("services/eventlint.yaml"),
        "tests: false\n",
    )
    .unwrap();
    let out = Command::new(BIN)
        .args(["check", "--format", "short", "--no-cache"])
        .current_dir(repo.path().join("services/billing"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.starts_with(&format!("{SUB}:6:10:")), "{text}");

    let out = Command::new(BIN)
        .args(["check", "--show-settings", "--format", "json"])
        .current_dir(repo.path().join("services/billing"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let settings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let canonical = |p: &Path| p.canonicalize().unwrap().display().to_string();
    assert_eq!(settings["root"], canonical(&repo.path().join("services")));
    assert_eq!(settings["root_source"], "eventlint.yaml");
    assert_eq!(settings["top_level"], canonical(repo.path()));
    assert_eq!(
        settings["config_file"],
        canonical(&repo.path().join("services/eventlint.yaml"))
    );
}

#[test]
fn show_settings_prints_root_top_level_and_configuration_without_linting() {
    let repo = monorepo("dir");
    let root = repo.path().join("services");
    let canonical = |p: &Path| p.canonicalize().unwrap().display().to_string();

    let (code, out, err) = check(&root, &["--show-settings"]);
    assert_eq!(code, 0, "the findings are not looked for: {err}");
    assert!(!out.contains("EC014"), "{out}");
    assert!(
        out.contains(&format!(
            "root:          {}  (from --root)",
            canonical(&root)
        )),
        "{out}"
    );
    assert!(
        out.contains(&format!("top level:     {}", canonical(repo.path()))),
        "{out}"
    );
    assert!(out.contains("config file:   none, defaults"), "{out}");
    assert!(out.contains("\"max_file_size\": 10485760"), "{out}");

    let (code, out, _) = check(&root, &["--show-settings", "--format", "json"]);
    assert_eq!(code, 0);
    let settings: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(settings["version"], 1);
    assert_eq!(settings["root_source"], "--root");
    assert_eq!(settings["config_file"], serde_json::Value::Null);
    assert_eq!(
        settings["configuration"]["include"],
        serde_json::json!(["**/*.go", "**/*.yaml", "**/*.yml"])
    );

    // The file in use, and what it resolves to.
    std::fs::write(
        root.join("eventlint.yaml"),
        "tests: true\nrules:\n  EC012: off\n",
    )
    .unwrap();
    let settings: serde_json::Value =
        serde_json::from_str(&check(&root, &["--show-settings", "--format", "json"]).1).unwrap();
    assert_eq!(
        settings["config_file"],
        canonical(&root.join("eventlint.yaml"))
    );
    assert_eq!(settings["configuration"]["tests"], true);
    assert_eq!(settings["configuration"]["rules"]["EC012"]["level"], "off");

    // A directory PATH names the root.
    let (_, out, _) = run_cli(&["check", arg(&root), "--show-settings", "--format", "json"]);
    let settings: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(settings["root_source"], "PATH");
}

#[test]
fn show_settings_says_how_the_root_was_found() {
    let source = |cwd: &Path| {
        let out = Command::new(BIN)
            .args(["check", "--show-settings", "--format", "json"])
            .current_dir(cwd)
            .output()
            .unwrap();
        let settings: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            settings["root_source"].as_str().unwrap().to_string(),
            settings["root"].as_str().unwrap().to_string(),
        )
    };
    let canonical = |p: &Path| p.canonicalize().unwrap().display().to_string();
    for (marker, expected) in [(".git", ".git"), ("go.work", "go.work")] {
        let repo = monorepo("");
        if marker == ".git" {
            std::fs::create_dir(repo.path().join(marker)).unwrap();
        } else {
            std::fs::write(repo.path().join(marker), "go 1.22\n").unwrap();
        }
        let (found, root) = source(&repo.path().join("services/orders"));
        assert_eq!(found, expected);
        assert_eq!(root, canonical(repo.path()));
    }
    let lone = tempfile::tempdir().unwrap();
    let (found, root) = source(lone.path());
    assert_eq!(found, "current directory");
    assert_eq!(root, canonical(lone.path()));
}

#[test]
fn root_help_tells_how_the_root_is_found() {
    let (_, _, help) = run_cli(&["check", "--help"]);
    assert!(!help.contains("default: the current directory"), "{help}");
    assert!(
        help.contains("eventlint.yaml, else .git or go.work, else the"),
        "{help}"
    );
    assert!(help.contains("--show-settings"), "{help}");
}
