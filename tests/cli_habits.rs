//! What users of other linters expect of a command line: `--statistics`,
//! `--quiet`, `--color` with NO_COLOR and FORCE_COLOR, shell completions,
//! readable human output with plural forms.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::process::Command;

use common::{repo, run_cli};

const BIN: &str = env!("CARGO_BIN_EXE_eventlint");

/// Two inline topics nobody subscribes to, and one dynamic topic.
const FILES: &[(&str, &str)] = &[
    ("svc/go.mod", "module example.com/svc\n"),
    (
        "svc/a.go",
        "package svc\n\nfunc (p *Pub) A(ctx Ctx, evt Event) error {\n\treturn p.c.PublishEvent(ctx, \"pubsub\", \"orders.one\", evt)\n}\n",
    ),
    (
        "svc/b.go",
        "package svc\n\nfunc (p *Pub) B(ctx Ctx, evt Event) error {\n\treturn p.c.PublishEvent(ctx, \"pubsub\", \"orders.two\", evt)\n}\n",
    ),
    (
        "svc/c.go",
        "package svc\n\nimport \"fmt\"\n\nfunc (p *Pub) C(ctx Ctx, t string, evt Event) error {\n\treturn p.c.PublishEvent(ctx, \"pubsub\", fmt.Sprintf(\"%s.x\", t), evt)\n}\n",
    ),
];

/// Findings per code, counted from the JSON report.
fn counts(root: &str) -> BTreeMap<String, u64> {
    let (_, report, _) = common::check_json(root, &[]);
    let mut counts = BTreeMap::new();
    for d in report["diagnostics"].as_array().unwrap() {
        *counts
            .entry(d["code"].as_str().unwrap().to_string())
            .or_insert(0) += 1;
    }
    counts
}

#[test]
fn statistics_count_findings_per_rule_most_first() {
    let dir = repo(FILES);
    let root = dir.path().to_str().unwrap();
    let expected = counts(root);
    assert_eq!(expected.get("EC012"), Some(&2), "{expected:?}");
    assert_eq!(expected.get("EC011"), Some(&1), "{expected:?}");

    let (code, out, _) = run_cli(&["check", "--root", root, "--statistics"]);
    assert_eq!(code, 1, "the exit code still follows the findings");
    let lines: Vec<&str> = out.lines().collect();
    let (table, rest) = lines.split_at(expected.len());
    assert_eq!(rest.len(), 2, "{out}");
    assert_eq!(rest[0], "");
    assert!(rest[1].contains("suppressed in 3 files"), "{out}");
    let rows: Vec<(String, String, u64)> = table
        .iter()
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            assert_eq!(f.len(), 3, "{l}");
            (f[0].to_string(), f[1].to_string(), f[2].parse().unwrap())
        })
        .collect();
    for (code, name, n) in &rows {
        assert_eq!(expected.get(code), Some(n), "{out}");
        assert_eq!(eventlint::rules::find(code).unwrap().name, name);
    }
    // By count, most first, then by code.
    let mut sorted = rows.clone();
    sorted.sort_by(|a, b| b.2.cmp(&a.2).then(a.0.cmp(&b.0)));
    assert_eq!(rows, sorted);
    // Columns are aligned.
    let widths: Vec<usize> = table.iter().map(|l| l.len()).collect();
    assert!(widths.windows(2).all(|w| w[0] == w[1]), "{out}");

    let (code, out, _) = run_cli(&["check", "--root", root, "--statistics", "--format", "json"]);
    assert_eq!(code, 1);
    let stats: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(stats["version"], 1);
    let listed: Vec<(String, u64)> = stats["statistics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(
                eventlint::rules::find(s["code"].as_str().unwrap())
                    .unwrap()
                    .name,
                s["rule"]
            );
            (
                s["code"].as_str().unwrap().to_string(),
                s["count"].as_u64().unwrap(),
            )
        })
        .collect();
    let from_table: Vec<(String, u64)> = rows.into_iter().map(|(c, _, n)| (c, n)).collect();
    assert_eq!(listed, from_table);
    assert_eq!(stats["summary"]["files"], 3);
}

#[test]
fn quiet_prints_only_the_findings() {
    let dir = repo(FILES);
    let root = dir.path().to_str().unwrap();
    let (code, out, err) = run_cli(&["check", "--root", root, "-q", "--no-color"]);
    assert_eq!(code, 1);
    assert!(out.contains("EC012/inline-topic"), "{out}");
    assert!(!out.contains("suppressed in"), "{out}");
    assert!(err.is_empty(), "{err}");

    let (_, out, _) = run_cli(&["check", "--root", root, "--quiet", "--statistics"]);
    assert!(!out.is_empty());
    assert!(
        out.lines().all(|l| l.starts_with("EC")),
        "only the table: {out}"
    );

    let (_, out, _) = run_cli(&["check", "--root", root, "--quiet", "--format", "github"]);
    assert!(out.lines().all(|l| l.starts_with("::")), "{out}");

    // Nothing to say: nothing printed.
    let (code, out, _) = run_cli(&["check", "--root", root, "--quiet", "--select", "EC009"]);
    assert_eq!((code, out.as_str()), (0, ""));

    let baseline = dir.path().join("b.json");
    let (_, _, err) = run_cli(&[
        "check",
        "--root",
        root,
        "-q",
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    assert!(err.is_empty(), "{err}");
    let (_, _, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--write-baseline",
        baseline.to_str().unwrap(),
    ]);
    let total: u64 = counts(root).values().sum();
    assert!(
        err.contains(&format!("recorded {total} findings in")),
        "{err}"
    );
}

#[test]
fn human_findings_are_separated_and_summaries_use_plural_forms() {
    let dir = repo(FILES);
    let root = dir.path().to_str().unwrap();
    let (_, out, _) = run_cli(&["check", "--root", root, "--no-color"]);
    // A blank line between two findings, and before the summary.
    let starts: Vec<usize> = out.match_indices("\nEC0").map(|(i, _)| i).collect();
    assert!(!starts.is_empty());
    for i in starts {
        assert_eq!(out.get(i - 1..i), Some("\n"), "{out}");
    }
    let summary = out.lines().last().unwrap();
    assert!(out.ends_with(&format!("\n\n{summary}\n")), "{out}");
    assert!(summary.starts_with("0 errors, "), "{summary}");
    assert!(summary.contains("suppressed in 3 files ("), "{summary}");

    // One file, one info.
    let one = repo(&[FILES[0], FILES[3]]);
    let (_, out, _) = run_cli(&[
        "check",
        "--root",
        one.path().to_str().unwrap(),
        "--select",
        "EC011",
    ]);
    let summary = out.lines().last().unwrap();
    assert!(
        summary.starts_with("0 errors, 0 warnings, 1 info, 0 suppressed in 1 file ("),
        "{summary}"
    );
    let (_, _, err) = run_cli(&[
        "check",
        "--root",
        one.path().to_str().unwrap(),
        "--select",
        "EC011",
        "--write-baseline",
        one.path().join("b.json").to_str().unwrap(),
    ]);
    assert!(err.contains("recorded 1 finding in"), "{err}");
}

/// The human report of the binary with stdout piped, under `env` only.
fn coloured(args: &[&str], env: &[(&str, &str)]) -> bool {
    let dir = repo(FILES);
    let mut cmd = Command::new(BIN);
    cmd.args(["check", "--root"])
        .arg(dir.path())
        .args(args)
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("EC012"), "{text}");
    text.contains('\u{1b}')
}

#[test]
fn colour_follows_the_flag_then_no_color_then_force_color_then_the_terminal() {
    // A pipe is not a terminal.
    assert!(!coloured(&[], &[]));
    assert!(!coloured(&["--color", "auto"], &[]));
    // FORCE_COLOR colours a pipe, unless it is empty or `0`.
    assert!(coloured(&[], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(&[], &[("FORCE_COLOR", "0")]));
    assert!(!coloured(&[], &[("FORCE_COLOR", "")]));
    // NO_COLOR wins over FORCE_COLOR; an empty NO_COLOR is not set.
    assert!(!coloured(&[], &[("NO_COLOR", "1"), ("FORCE_COLOR", "1")]));
    assert!(coloured(&[], &[("NO_COLOR", ""), ("FORCE_COLOR", "1")]));
    // The flag wins over both.
    assert!(coloured(&["--color", "always"], &[("NO_COLOR", "1")]));
    assert!(!coloured(&["--color", "never"], &[("FORCE_COLOR", "1")]));
    assert!(!coloured(&["--no-color"], &[("FORCE_COLOR", "1")]));
    // Colour is for people: the other formats never have it.
    assert!(!coloured(&["--format", "short", "--color", "always"], &[]));
    // --no-color is --color never: not both.
    let (code, _, err) = run_cli(&["check", "--no-color", "--color", "always"]);
    assert_eq!(code, 2);
    assert!(err.contains("cannot be used with"), "{err}");
}

#[test]
fn a_terminal_is_coloured_unless_no_color_is_set() {
    let Some(script) = common::tool(&["script"]) else {
        return;
    };
    let dir = repo(FILES);
    let run = |env: &[(&str, &str)]| {
        let mut cmd = Command::new(&script);
        cmd.args([
            "-qec",
            &format!("{BIN} check --root {}", dir.path().display()),
            "/dev/null",
        ])
        .env_remove("NO_COLOR")
        .env_remove("FORCE_COLOR");
        for (k, v) in env {
            cmd.env(k, v);
        }
        String::from_utf8_lossy(&cmd.output().unwrap().stdout).into_owned()
    };
    let tty = run(&[]);
    assert!(tty.contains("EC012") && tty.contains('\u{1b}'), "{tty:?}");
    let plain = run(&[("NO_COLOR", "1")]);
    assert!(
        plain.contains("EC012") && !plain.contains('\u{1b}'),
        "{plain:?}"
    );
}

#[test]
fn completions_are_generated_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let (code, out, err) = run_cli(&["completions", shell]);
        assert_eq!(code, 0, "{shell}: {err}");
        assert!(out.contains("eventlint"), "{shell}");
        assert!(out.contains("check") && out.contains("--format"), "{shell}");
    }
    let (code, _, _) = run_cli(&["completions", "tcsh"]);
    assert_eq!(code, 2);
}

/// `--write-baseline` with `--output`: both are honoured, the report of the
/// findings it records goes to the output, and the run succeeds.
#[test]
fn write_baseline_and_output_are_both_honoured() {
    let dir = repo(FILES);
    let root = dir.path().to_str().unwrap();
    let baseline = dir.path().join("b.json");
    let output = dir.path().join("report.json");
    let (code, out, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--format",
        "json",
        "--write-baseline",
        baseline.to_str().unwrap(),
        "--output",
        output.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "{out}");
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&output).unwrap()).unwrap();
    let total: u64 = counts(root).values().sum();
    assert_eq!(
        report["diagnostics"].as_array().map(|d| d.len() as u64),
        Some(total)
    );
    let recorded = std::fs::read_to_string(&baseline).unwrap();
    for d in report["diagnostics"].as_array().unwrap() {
        assert!(recorded.contains(d["fingerprint"].as_str().unwrap()));
    }
}

/// One file cannot be both: the second write would replace the first.
#[test]
fn write_baseline_and_output_to_one_file_is_refused() {
    let dir = repo(FILES);
    let root = dir.path().to_str().unwrap();
    let same = dir.path().join("x.json");
    let (code, _, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--write-baseline",
        same.to_str().unwrap(),
        "--output",
        same.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("--write-baseline and --output both name"),
        "{err}"
    );
    assert!(!same.exists());
}
