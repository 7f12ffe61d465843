//! `npx eventlint`: the npm package `eventlint` (npm/eventlint: a launcher
//! and one optional dependency per platform) and the platform package
//! `npm/build.mjs` writes around a binary. The packages are packed with
//! `npm pack` and installed offline into a fresh folder, and the installed
//! `eventlint` must behave as the binary itself.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The platform package for the machine the tests run on.
fn host_platform() -> &'static str {
    let arch = match std::env::consts::ARCH {
        "x86_64" => "x64",
        "aarch64" => "arm64",
        other => panic!("no npm platform package for {other}"),
    };
    match (std::env::consts::OS, arch, cfg!(target_env = "musl")) {
        ("linux", "x64", false) => "linux-x64-gnu",
        ("linux", "arm64", false) => "linux-arm64-gnu",
        ("linux", "x64", true) => "linux-x64-musl",
        ("linux", "arm64", true) => "linux-arm64-musl",
        ("macos", "x64", _) => "darwin-x64",
        ("macos", "arm64", _) => "darwin-arm64",
        ("windows", "x64", _) => "win32-x64",
        (os, arch, _) => panic!("no npm platform package for {os} {arch}"),
    }
}

/// npm with its cache, configuration and network kept out of the picture:
/// an empty cache in `work` and `--offline`, so nothing is fetched.
fn npm(npm: &Path, work: &Path, dir: &Path, args: &[&str]) -> Output {
    Command::new(npm)
        .args(args)
        .current_dir(dir)
        .env("npm_config_cache", work.join("npm-cache"))
        .env("npm_config_userconfig", work.join("npmrc"))
        .env("npm_config_offline", "true")
        .env("npm_config_update_notifier", "false")
        .env("npm_config_audit", "false")
        .env("npm_config_fund", "false")
        .env_remove("EVENTLINT_BINARY")
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `npm pack DIR` into `dest`: the tarball's path.
fn pack(npm_bin: &Path, work: &Path, dir: &Path, dest: &Path) -> PathBuf {
    let out = npm(
        npm_bin,
        work,
        work,
        &[
            "pack",
            "--silent",
            dir.to_str().unwrap(),
            "--pack-destination",
            dest.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "npm pack {}: {}",
        dir.display(),
        stderr(&out)
    );
    let name = String::from_utf8(out.stdout).unwrap();
    let tarball = dest.join(name.trim());
    assert!(tarball.is_file(), "{}", tarball.display());
    tarball
}

/// A copy of the test's binary without its debug information (a fifth of
/// the size), so packing and unpacking it takes a second, not ten.
fn small_binary(work: &Path) -> PathBuf {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_eventlint"));
    let copy = work.join("eventlint-stripped");
    let stripped = Command::new("strip")
        .arg("--strip-debug")
        .arg("-o")
        .arg(&copy)
        .arg(&binary)
        .status()
        .is_ok_and(|s| s.success());
    if stripped { copy } else { binary }
}

#[test]
fn npm_packages_carry_the_cargo_version() {
    let version = env!("CARGO_PKG_VERSION");
    let text = std::fs::read_to_string(root().join("npm/eventlint/package.json")).unwrap();
    let main: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(main["name"], "eventlint");
    assert_eq!(main["version"], version);
    assert_eq!(main["bin"]["eventlint"], "bin/eventlint.js");
    let deps = main["optionalDependencies"].as_object().unwrap();
    let names: Vec<&str> = deps.keys().map(String::as_str).collect();
    for platform in [
        "linux-x64-gnu",
        "linux-arm64-gnu",
        "linux-x64-musl",
        "linux-arm64-musl",
        "darwin-x64",
        "darwin-arm64",
        "win32-x64",
    ] {
        let name = format!("@eventlint/cli-{platform}");
        assert_eq!(
            deps.get(&name).and_then(|v| v.as_str()),
            Some(version),
            "{name} in {names:?}"
        );
    }
    assert_eq!(deps.len(), 7, "{names:?}");
    // The build script checks the same, against the launcher's table.
    let Some(node) = common::tool(&["node"]) else {
        return;
    };
    let out = Command::new(node)
        .arg(root().join("npm/build.mjs"))
        .arg("check")
        .output()
        .unwrap();
    assert!(out.status.success(), "build.mjs check: {}", stderr(&out));
}

#[test]
fn npx_eventlint_runs_the_platform_binary_as_the_binary_runs() {
    let Some(npm_bin) = common::tool(&["npm"]) else {
        return;
    };
    let Some(node) = common::tool(&["node"]) else {
        return;
    };
    let Some(npx) = common::tool(&["npx"]) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let work = work.path();
    let platform = host_platform();
    let built = Command::new(&node)
        .arg(root().join("npm/build.mjs"))
        .args(["platform", "--binary"])
        .arg(small_binary(work))
        .args(["--target", platform, "--out"])
        .arg(work.join("staging"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "build.mjs platform: {}",
        stderr(&built)
    );
    let folder = work.join("staging").join(format!("cli-{platform}"));
    assert_eq!(
        String::from_utf8_lossy(&built.stdout).trim(),
        folder.to_str().unwrap()
    );
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("package.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["name"], format!("@eventlint/cli-{platform}"));
    assert_eq!(manifest["version"], env!("CARGO_PKG_VERSION"));
    assert!(
        manifest["os"].is_array() && manifest["cpu"].is_array(),
        "{manifest}"
    );
    assert_eq!(
        manifest.get("libc").is_some(),
        platform.starts_with("linux"),
        "{manifest}"
    );

    let tarballs = work.join("tarballs");
    std::fs::create_dir_all(&tarballs).unwrap();
    let platform_tgz = pack(&npm_bin, work, &folder, &tarballs);
    let main_tgz = pack(&npm_bin, work, &root().join("npm/eventlint"), &tarballs);

    // A fresh project installs both tarballs; the platform one is named, so
    // the main package's optional dependency on it is met without a registry.
    let project = work.join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::fs::write(project.join("package.json"), "{\"private\": true}\n").unwrap();
    let installed = npm(
        &npm_bin,
        work,
        &project,
        &[
            "install",
            "--offline",
            "--no-audit",
            "--no-fund",
            main_tgz.to_str().unwrap(),
            platform_tgz.to_str().unwrap(),
        ],
    );
    assert!(
        installed.status.success(),
        "npm install: {}",
        stderr(&installed)
    );

    let shop = root().join("fixtures/shop");
    let check = [
        "check",
        "--root",
        shop.to_str().unwrap(),
        "--format",
        "json",
        "--no-cache",
    ];
    let direct = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .args(check)
        .output()
        .unwrap();
    assert_eq!(direct.status.code(), Some(1), "{}", stderr(&direct));
    let mut args = vec!["--offline", "eventlint"];
    args.extend_from_slice(&check);
    let via_npx = npm(&npx, work, &project, &args);
    assert_eq!(
        via_npx.status.code(),
        direct.status.code(),
        "{}",
        stderr(&via_npx)
    );
    assert_eq!(
        String::from_utf8_lossy(&via_npx.stdout),
        String::from_utf8_lossy(&direct.stdout)
    );
    let report: serde_json::Value = serde_json::from_slice(&via_npx.stdout).unwrap();
    assert!(!report["diagnostics"].as_array().unwrap().is_empty());

    let version = npm(
        &npx,
        work,
        &project,
        &["--offline", "eventlint", "--version"],
    );
    assert_eq!(version.status.code(), Some(0), "{}", stderr(&version));
    assert_eq!(
        String::from_utf8_lossy(&version.stdout).trim(),
        format!("eventlint {}", env!("CARGO_PKG_VERSION"))
    );
    // A usage error keeps its exit code 2 through the launcher.
    let usage = npm(
        &npx,
        work,
        &project,
        &["--offline", "eventlint", "check", "--no-such-flag"],
    );
    assert_eq!(usage.status.code(), Some(2), "{}", stderr(&usage));

    // Without the platform package (installed with --omit=optional, or a
    // node_modules from another machine) the launcher says what is missing.
    std::fs::remove_dir_all(project.join(format!("node_modules/@eventlint/cli-{platform}")))
        .unwrap();
    let missing = npm(
        &npx,
        work,
        &project,
        &["--offline", "eventlint", "--version"],
    );
    assert_eq!(missing.status.code(), Some(2), "{}", stderr(&missing));
    let message = stderr(&missing);
    assert!(
        message.contains(&format!("@eventlint/cli-{platform}")),
        "{message}"
    );
    assert!(message.contains("pip install eventlint"), "{message}");
    assert!(message.contains("cargo install --locked"), "{message}");
    assert!(missing.stdout.is_empty());
}

/// The launcher, run by node straight from the source tree.
fn launcher(node: &Path, binary: Option<&Path>, args: &[&str]) -> Command {
    let mut cmd = Command::new(node);
    cmd.arg(root().join("npm/eventlint/bin/eventlint.js"))
        .args(args);
    match binary {
        Some(b) => cmd.env("EVENTLINT_BINARY", b),
        None => cmd.env_remove("EVENTLINT_BINARY"),
    };
    cmd
}

#[test]
fn the_launcher_names_the_package_it_misses_and_picks_platforms() {
    let Some(node) = common::tool(&["node"]) else {
        return;
    };
    // The launcher alone in a node_modules of its own: no platform package
    // can be found from there (HOME and NODE_PATH point nowhere either).
    let work = tempfile::tempdir().unwrap();
    let pkg = work.path().join("node_modules/eventlint");
    std::fs::create_dir_all(pkg.join("bin")).unwrap();
    for file in ["package.json", "bin/eventlint.js"] {
        std::fs::copy(root().join("npm/eventlint").join(file), pkg.join(file)).unwrap();
    }
    let out = Command::new(&node)
        .arg(pkg.join("bin/eventlint.js"))
        .args(["check", "--root", "."])
        .env_remove("EVENTLINT_BINARY")
        .env_remove("NODE_PATH")
        .env("HOME", work.path())
        .current_dir(work.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    let wanted = format!("@eventlint/cli-{}", host_platform());
    assert!(
        message.contains(&format!(
            "npm install {wanted}@{}",
            env!("CARGO_PKG_VERSION")
        )),
        "{message}"
    );
    assert!(
        message.contains("pip install eventlint") && message.contains("EVENTLINT_BINARY"),
        "{message}"
    );

    // Which packages each platform tries, best first.
    let script = r#"
        const l = require(process.argv[1]);
        console.log(JSON.stringify([
            l.hostPlatforms("linux", "x64", "glibc"),
            l.hostPlatforms("linux", "arm64", "musl"),
            l.hostPlatforms("darwin", "arm64", null),
            l.hostPlatforms("win32", "x64", null),
            l.hostPlatforms("win32", "arm64", null),
            l.hostPlatforms("freebsd", "x64", null),
            l.linuxLibc(),
        ]));
    "#;
    let out = Command::new(&node)
        .args(["-e", script])
        .arg(root().join("npm/eventlint/bin/eventlint.js"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let picked: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let libc = if cfg!(target_env = "musl") {
        "musl"
    } else {
        "glibc"
    };
    let expected = serde_json::json!([
        ["linux-x64-gnu", "linux-x64-musl"],
        ["linux-arm64-musl"],
        ["darwin-arm64"],
        ["win32-x64"],
        [],
        [],
        if cfg!(target_os = "linux") {
            libc
        } else {
            "glibc"
        },
    ]);
    assert_eq!(picked, expected);
}

#[test]
fn the_launcher_forwards_exit_codes() {
    let Some(node) = common::tool(&["node"]) else {
        return;
    };
    let binary = Path::new(env!("CARGO_BIN_EXE_eventlint"));
    let shop = root().join("fixtures/shop");
    let shop = shop.to_str().unwrap();
    for (args, code) in [
        (vec!["--version"], 0),
        (
            vec!["check", "--root", shop, "--no-cache", "--format", "short"],
            1,
        ),
        (
            vec![
                "check",
                "--root",
                shop,
                "--no-cache",
                "--format",
                "json",
                "--fail-on",
                "never",
            ],
            0,
        ),
        (vec!["check", "--no-such-flag"], 2),
    ] {
        let direct = Command::new(binary).args(&args).output().unwrap();
        let launched = launcher(&node, Some(binary), &args).output().unwrap();
        assert_eq!(
            direct.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&direct)
        );
        assert_eq!(
            launched.status.code(),
            Some(code),
            "{args:?}: {}",
            stderr(&launched)
        );
        assert_eq!(
            String::from_utf8_lossy(&launched.stdout),
            String::from_utf8_lossy(&direct.stdout),
            "{args:?}"
        );
    }
    let out = launcher(&node, Some(Path::new("/no/such/eventlint")), &["--version"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("EVENTLINT_BINARY"),
        "{}",
        stderr(&out)
    );
}

#[cfg(unix)]
#[test]
fn the_launcher_forwards_signals_both_ways() {
    use std::io::{BufRead, BufReader};
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;

    let Some(node) = common::tool(&["node"]) else {
        return;
    };
    let work = tempfile::tempdir().unwrap();
    let script = |name: &str, body: &str| {
        let path = work.path().join(name);
        std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    };
    // A binary killed by a signal: the launcher dies of the same signal.
    let killed = script("killed", "kill -TERM $$");
    let out = launcher(&node, Some(&killed), &[]).output().unwrap();
    assert_eq!(out.status.signal(), Some(15), "{:?}", out.status);

    // A signal sent to the launcher reaches the binary, whose exit code
    // the launcher then takes.
    let waiter = script(
        "waiter",
        "trap 'echo got-term; exit 42' TERM\necho ready\nwhile :; do sleep 0.1; done",
    );
    let mut child = launcher(&node, Some(&waiter), &[])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next().unwrap().unwrap(), "ready");
    let sent = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert_eq!(lines.next().unwrap().unwrap(), "got-term");
    assert_eq!(child.wait().unwrap().code(), Some(42));
}
