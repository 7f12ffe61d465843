//! No input breaks eventlint: `check`, `graph` and the language server run
//! over `fixtures/robustness` plus generated hostile files (huge, binary,
//! non-UTF-8, 100k-character lines, 10k-deep expressions, symlink loops, a
//! directory named like a Go file). Each run is bounded in time, exits 0, 1
//! or 2, never panics, reports each bad file once with its cause, and still
//! finds the event code of the good files.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_eventlint");

/// Runs the binary with a deadline: a hang fails the test instead of CI.
fn run(args: &[&str], limit: Duration) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let start = Instant::now();
    // Drain stdout while waiting: a large report must not block the child.
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = stdout.read_to_end(&mut buf);
        buf
    });
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            let mut stderr = Vec::new();
            if let Some(mut e) = child.stderr.take() {
                let _ = e.read_to_end(&mut stderr);
            }
            return Output {
                status,
                stdout: reader.join().expect("reader"),
                stderr,
            };
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("eventlint {args:?} did not finish in {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// The committed fixture plus the files too big or too strange to commit.
fn hostile_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path();
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/robustness"),
        root,
    );
    let svc = root.join("svc");
    // 50 MB of valid Go: over the 10 MiB limit, skipped with a finding.
    let mut huge = std::fs::File::create(svc.join("huge.go")).expect("huge");
    writeln!(huge, "package svc\n").expect("write");
    let line =
        "var filler = \"0123456789012345678901234567890123456789012345678901234567890123456789\"\n";
    let mut written = 0;
    while written < 50 * 1024 * 1024 {
        huge.write_all(line.as_bytes()).expect("write");
        written += line.len();
    }
    drop(huge);
    std::fs::write(
        svc.join("binary.go"),
        b"package svc\n\x00\x01\x02\xff binary",
    )
    .expect("binary");
    std::fs::write(
        svc.join("latin1.go"),
        b"package svc\n\n// caf\xe9 cr\xe8me\n",
    )
    .expect("latin1");
    // A 100k-character line, inside a publish that must still be found.
    let long = "x".repeat(100_000);
    std::fs::write(
        svc.join("longline.go"),
        format!("package svc\n\nfunc (s *Service) Long(ctx Ctx) {{ s.client.PublishEvent(ctx, \"pubsub\", \"robust.long\", \"{long}\") }}\n"),
    )
    .expect("long");
    // A 10k-deep nested expression, and a 10k-term concatenation.
    let deep = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let chain = vec!["\"a\""; 10_000].join(" + ");
    std::fs::write(
        svc.join("deep.go"),
        format!("package svc\n\nfunc deep() int {{ return {deep} }}\n\nfunc (s *Service) Chain(ctx Ctx) {{ s.client.PublishEvent(ctx, \"pubsub\", {chain}, nil) }}\n"),
    )
    .expect("deep");
    // A directory named like a Go file (walked as the directory it is), and
    // a symlink loop.
    std::fs::create_dir_all(svc.join("x.go")).expect("dir");
    std::fs::write(
        svc.join("x.go/inside.go"),
        "package inside\n\nfunc f(c C) { c.PublishEvent(ctx, \"pubsub\", \"robust.inside\", nil) }\n",
    )
    .expect("inside");
    #[cfg(unix)]
    std::os::unix::fs::symlink("..", svc.join("loop")).expect("symlink");
    dir
}

fn check_json(root: &Path) -> (i32, serde_json::Value, String) {
    let out = run(
        &[
            "check",
            "--root",
            root.to_str().expect("utf-8"),
            "--format",
            "json",
            "--no-cache",
        ],
        Duration::from_secs(120),
    );
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    let code = out.status.code().expect("exit code, not a signal");
    let report = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {stderr}"));
    (code, report, stderr)
}

#[test]
fn check_survives_every_hostile_file() {
    let dir = hostile_tree();
    let (code, report, stderr) = check_json(dir.path());
    assert!(matches!(code, 0 | 1), "exit {code}: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"),
        "{stderr}"
    );
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    let skipped = |path: &str| common::messages(&report, "EC017", path);
    // Each bad file: exactly one finding, naming the cause: skipped (EC017),
    // or a manifest Dapr rejects (EC018).
    for (path, code, cause) in [
        ("svc/huge.go", "EC017", "byte limit"),
        ("svc/binary.go", "EC017", "binary"),
        ("svc/latin1.go", "EC017", "UTF-8"),
        ("deploy/malformed.yaml", "EC018", "could not be parsed"),
        ("deploy/bomb.yaml", "EC017", "limits"),
        ("deploy/deep.yaml", "EC017", "limits"),
    ] {
        let found = common::messages(&report, code, path);
        assert_eq!(found.len(), 1, "{path}: {found:?}\n{report:#}");
        assert!(found[0].contains(cause), "{path}: {found:?}");
    }
    // Not Dapr, not reported; a Helm template is read tolerantly.
    assert!(skipped("deploy/unrelated.yaml").is_empty());
    assert!(skipped("deploy/chart.yaml").is_empty());
    // The symlink loop is not followed (or is reported once): never a hang.
    assert!(
        diags
            .iter()
            .filter(|d| d["path"].as_str().is_some_and(|p| p.contains("loop")))
            .count()
            <= 1
    );
    // Everything else is still analysed.
    let (code, graph, stderr) = {
        let out = run(
            &[
                "graph",
                "--root",
                dir.path().to_str().expect("utf-8"),
                "--format",
                "json",
                "--no-cache",
            ],
            Duration::from_secs(120),
        );
        (
            out.status.code().expect("exit code"),
            serde_json::from_slice::<serde_json::Value>(&out.stdout).expect("graph json"),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(code, 0, "{stderr}");
    let topics: Vec<&str> = graph["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|t| t["topic"].as_str().expect("topic"))
        .collect();
    assert!(skipped("svc/x.go").is_empty());
    for t in [
        "robust.ok",
        "robust.crlf",
        "robust.long",
        "robust.newexpr",
        "robust.braces",
        "robust.inside",
    ] {
        assert!(topics.contains(&t), "{t} missing from {topics:?}");
    }
    // The 10k-term concatenation resolves (or stays dynamic), without overflowing.
    assert!(
        topics.iter().any(|t| t.starts_with("aaaa"))
            || !graph["dynamic"].as_array().expect("dynamic").is_empty()
    );
}

#[test]
fn an_unreadable_file_is_reported_not_fatal() {
    let dir = common::repo(&[
        ("svc/go.mod", "module x\n"),
        (
            "svc/ok.go",
            "package svc\n\nfunc f(c C) { c.PublishEvent(ctx, \"ps\", \"a.b\", v) }\n",
        ),
        ("svc/secret.go", "package svc\n"),
    ]);
    let secret = dir.path().join("svc/secret.go");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    }
    let (code, report, stderr) = check_json(dir.path());
    assert!(matches!(code, 0 | 1), "{stderr}");
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    assert!(diags.iter().any(|d| d["path"] == "svc/ok.go"));
    // As root the file stays readable; otherwise it is one EC017 finding.
    if std::fs::read(&secret).is_err() {
        let found: Vec<_> = diags
            .iter()
            .filter(|d| d["path"] == "svc/secret.go")
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0]["message"]
                .as_str()
                .expect("message")
                .contains("could not read")
        );
    }
}

#[test]
fn bad_configuration_and_missing_paths_exit_2_with_the_cause() {
    let dir = common::repo(&[("eventlint.yaml", "tests: sometimes\nbogus: 1\n")]);
    let out = run(
        &["check", "--root", dir.path().to_str().expect("utf-8")],
        Duration::from_secs(30),
    );
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("eventlint.yaml:1:") && err.contains("tests"),
        "{err}"
    );
    assert!(!err.contains("panicked"));
    let out = run(&["check", "/no/such/path"], Duration::from_secs(30));
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/no/such/path"));
}

/// Frames a JSON-RPC message for the language server.
fn frame(v: &serde_json::Value) -> Vec<u8> {
    let body = serde_json::to_vec(v).expect("json");
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

#[test]
fn the_language_server_indexes_the_hostile_tree_and_shuts_down() {
    let dir = hostile_tree();
    let root: PathBuf = dir.path().canonicalize().expect("canonical");
    let mut child = Command::new(BIN)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    let mut stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel::<Vec<u8>>();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    let uri = format!("file://{}", root.display());
    for msg in [
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
            "params": {"processId": null, "rootUri": uri, "capabilities": {}}}),
        serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown", "params": null}),
    ] {
        stdin.write_all(&frame(&msg)).expect("write");
    }
    stdin.flush().expect("flush");
    // Wait for the shutdown response: indexing finished without a crash.
    let deadline = Instant::now() + Duration::from_secs(120);
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("\"id\":2") {
        let left = deadline.saturating_duration_since(Instant::now());
        assert!(
            !left.is_zero(),
            "no shutdown response: {}",
            String::from_utf8_lossy(&seen)
        );
        if let Ok(chunk) = rx.recv_timeout(left) {
            seen.extend(chunk);
        }
    }
    stdin
        .write_all(&frame(
            &serde_json::json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
        ))
        .expect("exit");
    drop(stdin);
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "{status:?}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}
