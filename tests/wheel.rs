//! `pip install eventlint` installs the native binary: the wheel maturin
//! builds (`bindings = "bin"`, pyproject.toml) goes into a fresh virtual
//! environment, and its `eventlint` lints `fixtures/shop` with no Rust
//! toolchain on the path.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::Path;
use std::process::Command;

#[test]
fn the_wheel_installs_a_working_eventlint_into_a_fresh_venv() {
    let Some(maturin) = common::tool(&["maturin"]) else {
        return;
    };
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let wheels = work.path().join("wheels");
    // Its own target folder: the one `cargo test` holds is locked.
    let out = Command::new(&maturin)
        .args(["build", "--release", "--quiet", "--out"])
        .arg(&wheels)
        .arg("--target-dir")
        .arg(root.join("target/wheel"))
        .current_dir(root)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "maturin build: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let wheel = std::fs::read_dir(&wheels)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))
        .expect("a wheel");
    let name = wheel.file_name().unwrap().to_string_lossy().to_string();
    assert!(name.starts_with("eventlint-"), "{name}");
    let venv = work.path().join("venv");
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .unwrap();
    assert!(made.success());
    let pip = Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--no-index"])
        .arg(&wheel)
        .output()
        .unwrap();
    assert!(
        pip.status.success(),
        "pip install: {}",
        String::from_utf8_lossy(&pip.stderr)
    );
    // Only the venv on the path: the installed binary, not a cargo build.
    let run = Command::new(venv.join("bin/eventlint"))
        .args(["check", "--format", "json", "--no-cache", "--root"])
        .arg(root.join("fixtures/shop"))
        .env("PATH", venv.join("bin"))
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let codes: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes.len(), 20, "{codes:?}");
    assert!(
        codes.contains(&"EC014") && codes.contains(&"EC006"),
        "{codes:?}"
    );
}
