//! Run from a service's folder, eventlint finds the repository's root (the
//! nearest `eventlint.yaml`, else `.git` or `go.work`), sees the whole
//! repository, and reports what lies under that folder: the same findings,
//! with the same fingerprints, as a run at the root.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

mod common;

const BIN: &str = env!("CARGO_BIN_EXE_eventlint");

/// `(code, path, line, fingerprint)` of a JSON report run in `cwd`.
fn findings(cwd: &Path, extra: &[&str]) -> Vec<(String, String, u64, String)> {
    let out = Command::new(BIN)
        .args(["check", "--format", "json"])
        .args(extra)
        .current_dir(cwd)
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stderr)));
    let mut all: Vec<_> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["fingerprint"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    all.sort();
    all
}

fn shop(marker: &str) -> tempfile::TempDir {
    let dir = common::shop_copy();
    match marker {
        ".git" => std::fs::create_dir(dir.path().join(".git")).unwrap(),
        "go.work" => std::fs::write(dir.path().join("go.work"), "go 1.22\n").unwrap(),
        _ => {}
    }
    dir
}

#[test]
fn a_run_in_a_service_folder_sees_the_whole_repository() {
    for marker in ["eventlint.yaml", ".git", "go.work"] {
        let dir = shop(marker);
        if marker != "eventlint.yaml" {
            std::fs::remove_file(dir.path().join("eventlint.yaml")).unwrap();
        }
        let at_root: Vec<_> = findings(dir.path(), &[])
            .into_iter()
            .filter(|(_, path, _, _)| path.starts_with("order/"))
            .collect();
        assert!(
            !at_root.is_empty(),
            "{marker}: the shop's order service has findings"
        );
        let in_order = findings(&dir.path().join("order"), &[]);
        assert_eq!(in_order, at_root, "{marker}");
        // The cache lives at the root, never in the folder the run began in.
        assert!(
            !dir.path().join("order/.eventlint-cache").exists(),
            "{marker}"
        );
    }
}

#[test]
fn an_explicit_root_is_taken_as_given() {
    let dir = shop(".git");
    let order = dir.path().join("order");
    // `--root .` from the folder: the folder is the whole project. Its
    // paths are still written from the repository's top level (`.git`).
    let alone = findings(&order, &["--root", ".", "--no-cache"]);
    assert!(!alone.is_empty());
    assert!(
        alone
            .iter()
            .all(|(_, path, _, _)| path.starts_with("order/")),
        "{alone:?}"
    );
    assert_ne!(alone, findings(&order, &["--no-cache"]));
}
