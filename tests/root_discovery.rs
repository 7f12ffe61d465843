//! Run from a service's folder, eventlint finds the repository's root (the
//! nearest `eventlint.yaml`, else `.git` or `go.work`), sees the whole
//! repository, and reports what lies under that folder: the same findings,
//! with the same fingerprints, as a run at the root.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_eventlint");

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

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
    let dir = tempfile::tempdir().unwrap();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shop"),
        dir.path(),
    );
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
    // `--root .` from the folder: the folder is the whole project.
    let alone = findings(&order, &["--root", ".", "--no-cache"]);
    assert!(
        alone
            .iter()
            .all(|(_, path, _, _)| !path.starts_with("order/"))
    );
    assert_ne!(alone, findings(&order, &["--no-cache"]));
}
