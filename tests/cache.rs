//! The facts cache: a second run reuses the facts of unchanged files and
//! gives the same report; edits, corruption and `--no-cache` are handled.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::repo;
use std::process::Command;

const PUBLISHER: &str = "package orders\n\nconst TopicOrderCreated = \"order.created\"\n\nfunc (s *S) Place(ctx Ctx, evt E) { _ = s.c.PublishEvent(ctx, \"ps\", TopicOrderCreated, evt) }\n";
const SUBSCRIBER: &str = "package billing\n\nfunc R(s S) error { return s.AddConsumer(\"order.created\", \"ps\", h) }\n\nfunc h() {}\n";

fn report(root: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--fail-on", "never"];
    args.extend_from_slice(extra);
    let (code, mut v, err) = common::check_json(root, &args);
    assert_eq!(code, 0, "{err}");
    v["summary"]
        .as_object_mut()
        .expect("summary")
        .remove("time");
    v
}

#[test]
fn a_cached_run_reports_the_same_and_edits_are_seen() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
        (
            "orders/plain.go",
            "package orders\n\nfunc helper() int { return 1 }\n",
        ),
        ("billing/go.mod", "module x/billing\n"),
        ("billing/sub.go", SUBSCRIBER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let cold = report(root, &[]);
    let cache = dir.path().join(".eventlint-cache/facts.bin");
    assert!(cache.is_file(), "the first run writes the cache");
    assert!(
        std::fs::read_to_string(dir.path().join(".eventlint-cache/.gitignore"))
            .expect("gitignore")
            .contains('*')
    );
    let before = std::fs::metadata(&cache)
        .expect("meta")
        .modified()
        .expect("mtime");
    let warm = report(root, &[]);
    assert_eq!(cold, warm);
    // Nothing changed: the cache is not rewritten.
    assert_eq!(
        before,
        std::fs::metadata(&cache)
            .expect("meta")
            .modified()
            .expect("mtime")
    );

    // An edit is seen: the subscription moves to another topic.
    std::fs::write(
        dir.path().join("billing/sub.go"),
        SUBSCRIBER.replace("order.created", "order.paid"),
    )
    .expect("write");
    let edited = report(root, &[]);
    let codes: Vec<&str> = edited["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert!(
        codes.contains(&"EC001") && codes.contains(&"EC002"),
        "{codes:?}"
    );
    assert_eq!(
        edited,
        report(dir.path().to_str().expect("utf-8"), &["--no-cache"])
    );
}

#[test]
fn a_corrupt_cache_is_ignored_and_rebuilt() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let first = report(root, &[]);
    let cache = dir.path().join(".eventlint-cache/facts.bin");
    std::fs::write(&cache, b"\x00\x01garbage that is no cache").expect("write");
    assert_eq!(first, report(root, &[]));
    assert!(std::fs::read(&cache).expect("cache").len() > 30, "rebuilt");
}

#[test]
fn no_cache_writes_nothing() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
    ]);
    report(dir.path().to_str().expect("utf-8"), &["--no-cache"]);
    assert!(!dir.path().join(".eventlint-cache").exists());
}

#[test]
fn a_file_skipped_under_one_configuration_is_read_under_another() {
    // The pre-scan skips files that mention no configured call. A cached
    // "skipped" must not outlive the configuration that skipped it.
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        (
            "orders/emit.go",
            "package orders\n\nfunc (s *S) Place(ctx Ctx, evt E) error { return s.bus.Emit(ctx, \"order.shipped\", evt) }\n",
        ),
        ("billing/go.mod", "module x/billing\n"),
        ("billing/sub.go", SUBSCRIBER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let plain = report(root, &[]);
    let topics = |v: &serde_json::Value| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["topic"].as_str().map(str::to_string))
            .collect()
    };
    assert!(!topics(&plain).contains(&"order.shipped".to_string()));
    let config = dir.path().join("emit.yaml");
    std::fs::write(
        &config,
        "extract:\n  publish:\n    - { call: \"*.Emit\", topic_arg: 1, payload_arg: 2 }\n",
    )
    .expect("config");
    let config = config.to_str().expect("utf-8");
    let cached = report(root, &["--config", config]);
    let fresh = report(root, &["--config", config, "--no-cache"]);
    assert_eq!(cached, fresh);
    assert!(
        topics(&fresh).contains(&"order.shipped".to_string()),
        "the Emit publish is found: {fresh:#}"
    );
}

#[test]
fn a_deleted_file_leaves_the_cache_and_the_report() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
        ("billing/go.mod", "module x/billing\n"),
        ("billing/sub.go", SUBSCRIBER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let cold = report(root, &[]);
    let cache = dir.path().join(".eventlint-cache/facts.bin");
    let size = |p: &std::path::Path| std::fs::metadata(p).expect("meta").len();
    let before = size(&cache);
    // Unchanged files are kept as stored; the deleted one is dropped.
    std::fs::remove_file(dir.path().join("billing/sub.go")).expect("rm");
    let after_delete = report(root, &[]);
    assert_ne!(cold, after_delete);
    assert_eq!(after_delete, report(root, &["--no-cache"]));
    assert!(
        size(&cache) < before,
        "the cache was rewritten without the file"
    );
    // And what was kept still answers a third run.
    assert_eq!(after_delete, report(root, &[]));
}

/// A cloned repository is untrusted: a cache folder that is a symbolic
/// link (to `/etc`, say) is never followed. The run says once why the cache
/// is off, reports as a run without cache, and writes nothing there.
#[cfg(unix)]
#[test]
fn a_symlinked_cache_folder_or_file_is_never_followed() {
    let dir = common::repo(&[
        ("order/go.mod", "module example.com/order\n"),
        (
            "order/publish.go",
            "package order\n\nfunc P(c Client) { c.PublishEvent(ctx, \"pubsub\", \"order.created\", nil) }\n",
        ),
    ]);
    let outside = tempfile::tempdir().unwrap();
    let root = dir.path().to_str().unwrap();
    let uncached = report(root, &["--no-cache"]);
    std::os::unix::fs::symlink(outside.path(), dir.path().join(".eventlint-cache")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .args(["check", "--format", "json", "--root", root])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("cache disabled for this run").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("symbolic link"), "{stderr}");
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["diagnostics"], uncached["diagnostics"]);
    let written: Vec<_> = std::fs::read_dir(outside.path()).unwrap().collect();
    assert!(written.is_empty(), "wrote outside the root: {written:?}");

    // A real folder whose cache file is a link (to a file outside): not
    // read, not written through.
    std::fs::remove_file(dir.path().join(".eventlint-cache")).unwrap();
    std::fs::create_dir(dir.path().join(".eventlint-cache")).unwrap();
    let target = outside.path().join("victim");
    std::fs::write(&target, b"keep me").unwrap();
    std::os::unix::fs::symlink(&target, dir.path().join(".eventlint-cache/facts.bin")).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .args(["check", "--format", "json", "--root", root])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cache disabled for this run"), "{stderr}");
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    // A planted `.gitignore` link is not written through either.
    std::fs::remove_file(dir.path().join(".eventlint-cache/facts.bin")).unwrap();
    let ignore_target = outside.path().join("ignored");
    std::fs::write(&ignore_target, b"mine").unwrap();
    std::os::unix::fs::symlink(
        &ignore_target,
        dir.path().join(".eventlint-cache/.gitignore"),
    )
    .unwrap();
    let again = report(root, &[]);
    assert_eq!(again["diagnostics"], uncached["diagnostics"]);
    assert!(dir.path().join(".eventlint-cache/facts.bin").is_file());
    assert_eq!(std::fs::read(&ignore_target).unwrap(), b"mine");
}

/// A run killed while writing leaves its temporary file; the next run that
/// writes the cache removes it, and never one of a live writer.
#[test]
fn temporary_files_of_killed_runs_are_removed() {
    let dir = common::repo(&[
        ("order/go.mod", "module example.com/order\n"),
        ("order/a.go", "package order\n"),
    ]);
    let cache = dir.path().join(".eventlint-cache");
    std::fs::create_dir(&cache).unwrap();
    // No process has this id (above the kernel's pid_max).
    let dead = cache.join(".facts.bin.4294967.0.tmp");
    std::fs::write(&dead, vec![0u8; 1024]).unwrap();
    age(&dead);
    // A fresh one may be a live writer's in another pid namespace.
    let fresh = cache.join(".facts.bin.4294968.0.tmp");
    std::fs::write(&fresh, b"x").unwrap();
    // This test's own process is alive.
    let live = cache.join(format!(".facts.bin.{}.7.tmp", std::process::id()));
    std::fs::write(&live, b"x").unwrap();
    let other = cache.join("notes.tmp");
    std::fs::write(&other, b"x").unwrap();
    let _ = report(dir.path().to_str().unwrap(), &[]);
    assert!(!dead.exists(), "the dead run's temp file stays");
    assert!(live.exists() && other.exists() && fresh.exists());
}

/// `--output` and `--write-baseline` write through a temporary file too:
/// one a killed run left beside the output is removed by the next write.
#[test]
fn stale_temporaries_beside_the_output_are_removed() {
    let dir = common::repo(&[("order/go.mod", "module example.com/order\n")]);
    let out = tempfile::tempdir().unwrap();
    let dead = out.path().join(".report.json.4294967.3.tmp");
    std::fs::write(&dead, b"half a report").unwrap();
    age(&dead);
    let target = out.path().join("report.json");
    let status = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .args(["check", "--no-cache", "--format", "json", "--root"])
        .arg(dir.path())
        .arg("--output")
        .arg(&target)
        .status()
        .unwrap();
    assert_eq!(status.code(), Some(0));
    assert!(target.is_file());
    assert!(!dead.exists());
}

/// SIGTERM and SIGINT end the run by that signal, as if uncaught (a shell
/// loop stops, the status names the signal), after removing the temporary
/// file being written.
#[cfg(unix)]
#[test]
fn a_terminated_run_dies_of_the_signal() {
    use std::os::unix::process::ExitStatusExt;
    let mut child = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .arg("lsp")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    let killed = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.signal(), Some(15), "{status:?}");
}

/// Cache trouble costs speed, never a finding nor the exit code: a cache
/// path that is a file, or a cache that cannot be written, is one line on
/// stderr; a cache file far larger than the tree is not read.
#[test]
fn cache_trouble_is_one_line_on_stderr_and_never_a_finding() {
    let dir = common::repo(&[
        ("order/go.mod", "module example.com/order\n"),
        ("order/a.go", "package order\n"),
    ]);
    let root = dir.path().to_str().unwrap();
    let run = || {
        let out = Command::new(env!("CARGO_BIN_EXE_eventlint"))
            .args([
                "check",
                "--format",
                "json",
                "--fail-on",
                "info",
                "--root",
                root,
            ])
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        (
            out.status.code(),
            report["diagnostics"].as_array().unwrap().len(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    // A file where the cache folder goes.
    std::fs::write(dir.path().join(".eventlint-cache"), b"not a folder").unwrap();
    let (code, findings, err) = run();
    assert_eq!((code, findings), (Some(0), 0), "{err}");
    assert_eq!(
        err.lines().filter(|l| l.contains("cache disabled")).count(),
        1,
        "{err}"
    );
    std::fs::remove_file(dir.path().join(".eventlint-cache")).unwrap();
    // A cache far larger than two files' facts: not read, rewritten small.
    std::fs::create_dir(dir.path().join(".eventlint-cache")).unwrap();
    let big = dir.path().join(".eventlint-cache/facts.bin");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(64 * 1024 * 1024)
        .unwrap();
    let (code, findings, err) = run();
    assert_eq!((code, findings), (Some(0), 0), "{err}");
    assert!(err.contains("cache not read"), "{err}");
    assert!(std::fs::metadata(&big).unwrap().len() < 1024 * 1024);
    // A cache folder that cannot be written (not as root, who writes anyway).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::write(dir.path().join("order/b.go"), "package order\n").unwrap();
        let cache = dir.path().join(".eventlint-cache");
        std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o555)).unwrap();
        let probe = cache.join("probe");
        let writable = std::fs::write(&probe, b"").is_ok();
        let _ = std::fs::remove_file(&probe);
        if !writable {
            let (code, findings, err) = run();
            assert_eq!((code, findings), (Some(0), 0), "{err}");
            assert_eq!(
                err.lines().filter(|l| l.contains("cache disabled")).count(),
                1,
                "{err}"
            );
        }
        std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Makes `path` ten minutes old, as a killed run's leftover is.
fn age(path: &std::path::Path) {
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(path)
        .unwrap()
        .set_modified(old)
        .unwrap();
}

/// A write that fails part-way (a full disk: here the file size limit,
/// `ulimit -f`, with SIGXFSZ ignored so that writes fail with EFBIG as on
/// ENOSPC): the run exits 2 naming the file, the previous report is intact,
/// and no temporary file is left.
#[cfg(unix)]
#[test]
fn a_write_that_fails_part_way_leaves_the_old_file_and_no_temporary() {
    let dir = common::repo(&[("order/go.mod", "module example.com/order\n")]);
    // Enough findings for a report over the limit (4 KiB).
    let mut go = String::from("package order\n\nfunc P(c Client) {\n");
    for i in 0..200 {
        go.push_str(&format!(
            "\tc.PublishEvent(ctx, \"pubsub\", \"topic.n{i}\", nil)\n"
        ));
    }
    go.push_str("}\n");
    std::fs::write(dir.path().join("order/p.go"), go).unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("report.json");
    std::fs::write(&target, b"previous report").unwrap();
    let script = format!(
        "trap '' XFSZ; ulimit -f 4; exec '{}' check --no-cache --format json --fail-on never --root '{}' --output '{}'",
        env!("CARGO_BIN_EXE_eventlint"),
        dir.path().display(),
        target.display()
    );
    let run = Command::new("bash").args(["-c", &script]).output().unwrap();
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert_eq!(run.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("report.json"), "{stderr}");
    assert_eq!(std::fs::read(&target).unwrap(), b"previous report");
    let left: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["report.json"], "a temporary file is left");
}
