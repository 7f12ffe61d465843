//! Helpers shared by the integration tests.
#![allow(dead_code, clippy::expect_used, clippy::print_stderr)]

use std::path::Path;

use eventlint::config::Config;
use eventlint::model::EventGraph;
use eventlint::project::Project;

/// Writes `files` (relative path, contents) under a new temporary directory.
pub fn repo(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().expect("parent")).expect("mkdir");
        std::fs::write(&p, text).expect("write");
    }
    dir
}

/// Copies the directory `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A copy of `fixtures/shop` in a temporary directory with no repository
/// around it: the root is the top level, so report paths are
/// root-relative wherever the eventlint sources lie (in a git checkout
/// or not).
pub fn shop_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/shop"),
        dir.path(),
    );
    // Not the checkout's cache, if a run left one there.
    let _ = std::fs::remove_dir_all(dir.path().join(".eventlint-cache"));
    dir
}

/// A repository of one service whose `n` files each publish their own
/// topic, with a literal nobody subscribes to: `2 × n` findings (EC001 and
/// EC012), a graph of `n` topics. Large enough output to fill a pipe.
pub fn many_topics(n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let svc = dir.path().join("svc");
    std::fs::create_dir_all(&svc).expect("mkdir");
    std::fs::write(svc.join("go.mod"), "module example.com/svc\n").expect("write");
    for i in 0..n {
        std::fs::write(
            svc.join(format!("p{i}.go")),
            format!(
                "package svc\n\nfunc (p *Pub) Publish{i}(ctx Ctx, evt Event) error {{\n\treturn p.c.PublishEvent(ctx, \"pubsub\", \"topic.{i}.created\", evt)\n}}\n"
            ),
        )
        .expect("write");
    }
    dir
}

/// Loads and links a repository with `config`.
pub fn graph_with(root: &Path, config: &Config) -> EventGraph {
    let project = Project::load(root, config, Some(1)).expect("load");
    project.graph(config)
}

/// The graph of `files` under the default configuration.
pub fn graph_of(files: &[(&str, &str)]) -> EventGraph {
    let dir = repo(files);
    graph_with(dir.path(), &Config::default())
}

/// `(publisher service, topic, subscriber service)` edges.
pub fn edges(g: &EventGraph) -> Vec<(String, String, String)> {
    g.edges()
}

/// `(topic, path, line)` of every publisher.
pub fn publishers(g: &EventGraph) -> Vec<(String, String, u32)> {
    g.topics
        .iter()
        .flat_map(|t| {
            t.publishers
                .iter()
                .map(move |p| (t.name.clone(), p.at.path.clone(), p.at.span.line))
        })
        .collect()
}

/// `(topic, path, line)` of every subscriber.
pub fn subscribers(g: &EventGraph) -> Vec<(String, String, u32)> {
    g.topics
        .iter()
        .flat_map(|t| {
            t.subscribers
                .iter()
                .map(move |s| (t.name.clone(), s.at.path.clone(), s.at.span.line))
        })
        .collect()
}

/// Runs the CLI in-process: (exit code, stdout, stderr).
pub fn run_cli(args: &[&str]) -> (u8, String, String) {
    use clap::Parser;
    let mut argv = vec!["eventlint"];
    argv.extend_from_slice(args);
    let cli = match eventlint::cli::Cli::try_parse_from(argv) {
        Ok(c) => c,
        Err(e) => return (2, String::new(), e.to_string()),
    };
    let mut out = Vec::new();
    let mut err = Vec::new();
    let code = match eventlint::cli::run(cli, &mut out, &mut err) {
        Ok(c) => {
            if c == std::process::ExitCode::SUCCESS {
                0
            } else if c == std::process::ExitCode::from(1) {
                1
            } else if c == std::process::ExitCode::from(eventlint::cli::EXIT_CLOSED_OUTPUT) {
                eventlint::cli::EXIT_CLOSED_OUTPUT
            } else {
                2
            }
        }
        Err(e) => {
            // As the binary writes it.
            eventlint::cli::write_error(e, &mut err);
            2
        }
    };
    (
        code,
        String::from_utf8_lossy(&out).into_owned(),
        String::from_utf8_lossy(&err).into_owned(),
    )
}

/// An external test tool: found on PATH or where `scripts/test` installs
/// it. Under `CI=true` a missing tool fails the test; elsewhere the test is
/// skipped with a note (run `scripts/test` to install the tools).
pub fn tool(names: &[&str]) -> Option<std::path::PathBuf> {
    let tools = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools");
    let candidates = [
        tools.join("node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"),
        tools.join("venv/bin/pre-commit"),
        tools.join("venv/bin/maturin"),
        tools.join("node_modules/mermaid/dist/mermaid.core.mjs"),
        tools.join("node_modules/jsdom/lib/api.js"),
        tools.join("node_modules/puppeteer-core/lib/cjs/puppeteer/puppeteer-core.js"),
        tools.join("venv/bin/actionlint"),
        tools.join("venv/bin/shellcheck"),
    ];
    for name in names {
        if let Some(p) = candidates
            .iter()
            .find(|c| c.file_name().is_some_and(|f| f == *name) && c.is_file())
        {
            return Some(p.clone());
        }
        if let Some(paths) = std::env::var_os("PATH") {
            for dir in std::env::split_paths(&paths) {
                let p = dir.join(name);
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    let ci = std::env::var("CI").is_ok_and(|v| v == "true" || v == "1");
    assert!(
        !ci,
        "{names:?} is not installed: scripts/test installs it (CI=true: missing tools fail)"
    );
    eprintln!("skipping: {names:?} is not installed (scripts/test installs it)");
    None
}

/// Tells the person running the tests that a check was left out, and why.
pub fn note(why: &str) {
    eprintln!("note: {why}");
}

/// `check --root ROOT --format json EXTRA...` in-process: (exit code,
/// report, stderr).
pub fn check_json(root: &str, extra: &[&str]) -> (u8, serde_json::Value, String) {
    let mut args = vec!["check", "--root", root, "--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run_cli(&args);
    let report = serde_json::from_str(&out).unwrap_or(serde_json::Value::Null);
    (code, report, err)
}

/// The messages of a JSON report's findings with `code` at `path`.
pub fn messages(report: &serde_json::Value, code: &str, path: &str) -> Vec<String> {
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == code && d["path"] == path)
        .map(|d| d["message"].as_str().expect("message").to_string())
        .collect()
}
