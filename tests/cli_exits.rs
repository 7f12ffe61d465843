//! Quiet, honest exits: a closed pipe ends a run silently with status 141,
//! a run that finds nothing to analyse says so, I/O errors name the file
//! once with their cause, and the progress bar never reaches a pipe.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

use clap::Parser;
use common::run_cli;

const BIN: &str = env!("CARGO_BIN_EXE_eventlint");

/// Runs the binary, reads one line of its output, closes the pipe, and
/// returns its exit code and standard error.
fn head_1(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(BIN)
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    assert!(!line.is_empty(), "{args:?} printed nothing");
    drop(stdout);
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_pipe_ends_the_run_silently_with_141() {
    // 2,000 findings and 1,000 topics: each output is larger than a pipe
    // holds (64 KiB), so the run is still writing when the reader goes.
    let repo = common::many_topics(1000);
    let root = repo.path().to_str().unwrap();
    for args in [
        &["check", "--root", root, "--format", "json", "--no-cache"][..],
        &["check", "--root", root, "--no-cache"],
        &["graph", "--root", root, "--format", "json", "--no-cache"],
        &["graph", "--root", root, "--no-cache"],
    ] {
        let (code, err) = head_1(args);
        assert_eq!(code, Some(141), "{args:?}: {err}");
        assert_eq!(err, "", "{args:?}");
    }
    // Short outputs fit the pipe and finish before it closes: still silent.
    for args in [&["rules"][..], &["explain", "EC001"]] {
        let (code, err) = head_1(args);
        assert!(matches!(code, Some(0 | 141)), "{args:?}: {code:?}");
        assert_eq!(err, "", "{args:?}");
    }
}

/// An output whose reader is gone.
struct ClosedPipe;

impl Write for ClosedPipe {
    fn write(&mut self, _: &[u8]) -> std::io::Result<usize> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Err(std::io::ErrorKind::BrokenPipe.into())
    }
}

#[test]
fn every_command_treats_a_closed_output_alike() {
    let repo = common::many_topics(3);
    let root = repo.path().to_str().unwrap();
    for args in [
        &["check", "--root", root][..],
        &["check", "--root", root, "--format", "json"],
        &["check", "--root", root, "--format", "sarif"],
        &["check", "--root", root, "--statistics"],
        &["check", "--root", root, "--show-settings"],
        &["graph", "--root", root],
        &["trace", "topic.1.created", "--root", root],
        &["rules"],
        &["explain", "EC001"],
        &["completions", "bash"],
    ] {
        let cli = eventlint::cli::Cli::try_parse_from([&["eventlint"][..], args].concat()).unwrap();
        let mut err = Vec::new();
        let code = eventlint::cli::run(cli, &mut ClosedPipe, &mut err)
            .unwrap_or_else(|e| panic!("{args:?}: {e}"));
        assert_eq!(
            code,
            std::process::ExitCode::from(eventlint::cli::EXIT_CLOSED_OUTPUT),
            "{args:?}"
        );
        assert!(
            err.is_empty(),
            "{args:?}: {}",
            String::from_utf8_lossy(&err)
        );
    }
}

#[test]
fn help_documents_the_exit_codes() {
    for args in [&["--help"][..], &["check", "--help"]] {
        let (_, _, help) = run_cli(args);
        assert!(help.contains("Exit codes: 0 clean"), "{help}");
        assert!(help.contains("141 standard output closed early"), "{help}");
    }
}

#[test]
fn a_run_that_finds_no_file_says_where_it_looked() {
    let warning = "no Go or YAML file found under";
    let empty = common::repo(&[("README.md", "# nothing to lint\n")]);
    let canonical = empty.path().canonicalize().unwrap();
    let root = empty.path().to_str().unwrap();
    for args in [&["check", "--root", root][..], &["graph", "--root", root]] {
        let (code, _, err) = run_cli(args);
        assert_eq!(code, 0, "{args:?}: exits as before");
        assert!(
            err.contains(&format!(
                "eventlint: warning: {warning} {}; check --root / include / exclude",
                canonical.display()
            )),
            "{args:?}: {err}"
        );
    }
    // Files there, but `include` leaves none.
    let repo = common::many_topics(2);
    std::fs::write(
        repo.path().join("eventlint.yaml"),
        "include: [\"nothing/**\"]\n",
    )
    .unwrap();
    let (code, _, err) = run_cli(&["check", "--root", repo.path().to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(err.contains(warning), "{err}");
    // A run with files stays quiet on stderr.
    std::fs::remove_file(repo.path().join("eventlint.yaml")).unwrap();
    let (_, _, err) = run_cli(&["check", "--root", repo.path().to_str().unwrap()]);
    assert!(!err.contains(warning), "{err}");
}

#[test]
fn io_errors_name_the_file_and_give_the_cause_once() {
    let repo = common::many_topics(1);
    let root = repo.path().to_str().unwrap();
    let once = |err: &str, cause: &str| {
        assert_eq!(err.matches(cause).count(), 1, "{err}");
    };
    // A relative path, as the user typed it.
    let (code, out, err) = run_cli(&["check", "--root", root, "--baseline", "missing.json"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("cannot read baseline missing.json: No such file or directory"),
        "{err}"
    );
    once(&err, "No such file or directory");

    for args in [
        &["check", "--root", root, "--output", "/nonexistent/dir/x"][..],
        &[
            "check",
            "--root",
            root,
            "--write-baseline",
            "/nonexistent/dir/x",
        ],
        &["graph", "--root", root, "--output", "/nonexistent/dir/x"],
    ] {
        let (code, _, err) = run_cli(args);
        assert_eq!(code, 2, "{args:?}");
        assert!(
            err.contains("cannot write /nonexistent/dir/x: No such file or directory"),
            "{args:?}: {err}"
        );
        once(&err, "No such file or directory");
    }

    let (code, _, err) = run_cli(&["check", "--root", root, "--config", "/nope.yaml"]);
    assert_eq!(code, 2);
    assert!(err.contains("/nope.yaml"), "{err}");
    once(&err, "No such file or directory");
}

/// How many Go files make a debug build's run last well over the bar's
/// one-second delay here (about 2.5 s).
const SLOW: usize = 4000;

/// Whether `text` holds a progress bar: its escape codes or its phases
/// (the JSON reports these tests read have neither).
fn progress_drawn(text: &str) -> bool {
    text.contains('\u{1b}')
        || ["reading", "linking", "checking"]
            .iter()
            .any(|p| text.contains(p))
}

#[test]
fn piped_stderr_never_shows_a_progress_bar() {
    let repo = common::many_topics(SLOW);
    let out = Command::new(BIN)
        .args(["check", "--no-cache", "--statistics", "--root"])
        .arg(repo.path())
        .env_remove("CI")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\u{1b}') && !err.contains('\r'), "{err:?}");
    assert!(!progress_drawn(&err), "{err:?}");
}

/// Runs the binary on a pseudo-terminal (util-linux `script`), both
/// outputs there; `None` when `script` is not installed.
fn on_a_terminal(root: &Path, args: &str, env: &[(&str, &str)]) -> Option<String> {
    let script = common::tool(&["script"])?;
    let mut cmd = Command::new(script);
    cmd.args(["-qec", &format!("{BIN} {args} --root {}", root.display())])
        .arg("/dev/null")
        .env_remove("CI")
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_terminal_shows_the_bar_of_a_long_run_unless_ci_or_quiet() {
    let slow = common::many_topics(SLOW);
    let args = "check --no-cache --statistics --format json";
    let started = std::time::Instant::now();
    let Some(shown) = on_a_terminal(slow.path(), args, &[]) else {
        return;
    };
    // A much faster build (release, a quicker machine) may finish before
    // the bar's delay: then there is nothing to see.
    if started.elapsed() > std::time::Duration::from_millis(1500) {
        assert!(progress_drawn(&shown), "{shown:?}");
    } else {
        common::note("the run took under 1.5 s: the bar's presence is not checked");
    }
    // The bar is cleared before the report: the JSON comes out whole.
    let json = shown.get(shown.find("{\r\n").unwrap()..).unwrap();
    let report: serde_json::Value = serde_json::from_str(&json.replace("\r\n", "\n")).unwrap();
    assert_eq!(report["statistics"][0]["count"], SLOW);

    let ci = on_a_terminal(slow.path(), args, &[("CI", "true")]).unwrap();
    assert!(!progress_drawn(&ci), "{ci:?}");
    let quiet = on_a_terminal(slow.path(), &format!("{args} --quiet"), &[]).unwrap();
    assert!(!progress_drawn(&quiet), "{quiet:?}");
    // A quick run draws nothing.
    let quick = common::many_topics(2);
    let fast = on_a_terminal(quick.path(), args, &[]).unwrap();
    assert!(!progress_drawn(&fast), "{fast:?}");
}
