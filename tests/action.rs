//! The GitHub Action (action.yml, a composite action) and the release
//! workflow. The action's inputs and defaults are read from action.yml, and
//! its steps run here as the runner runs them: each step's `run` text under
//! `bash --noprofile --norc -eo pipefail`, with the environment its `env:`
//! gives (the `${{ inputs.* }}` expressions filled in) and the variables the
//! runner sets (GITHUB_OUTPUT, GITHUB_ACTION_PATH, ...). The cargo-built
//! eventlint is on PATH in place of the one the install step puts there.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn action_text() -> String {
    std::fs::read_to_string(root().join("action.yml")).unwrap()
}

fn action() -> Value {
    serde_saphyr::from_str(&action_text()).expect("action.yml parses")
}

fn step<'a>(action: &'a Value, id: &str) -> &'a Value {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == id)
        .unwrap_or_else(|| panic!("no step with id {id}"))
}

fn step_named<'a>(action: &'a Value, name: &str) -> &'a Value {
    action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name)
        .unwrap_or_else(|| panic!("no step named {name}"))
}

/// Every `${{ ... }}` expression in `text`, trimmed.
fn expressions(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find("${{") {
        let after = &rest[start + 3..];
        let end = after.find("}}").expect("an expression is closed");
        found.push(after[..end].trim().to_string());
        rest = &after[end + 2..];
    }
    found
}

/// The names X of every `inputs.X` in `text` (in `${{ }}` and in `if:`).
fn input_refs(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices("inputs.") {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.') {
            continue;
        }
        let name: String = text[at + 7..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        found.push(name);
    }
    found
}

/// The action's inputs: the defaults, then `given`.
fn inputs(given: &[(&str, &str)]) -> BTreeMap<String, String> {
    let action = action();
    let mut values: BTreeMap<String, String> = action["inputs"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v["default"].as_str().unwrap_or("").to_string()))
        .collect();
    for (k, v) in given {
        assert!(values.contains_key(*k), "action.yml has no input {k}");
        values.insert((*k).to_string(), (*v).to_string());
    }
    values
}

/// Fills in the `${{ inputs.X }}` and `${{ steps.S.outputs.X }}` of `text`.
fn evaluate(
    text: &str,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, String>,
) -> String {
    let mut out = text.to_string();
    for expr in expressions(text) {
        let value = if let Some(name) = expr.strip_prefix("inputs.") {
            inputs
                .get(name)
                .unwrap_or_else(|| panic!("undeclared {expr}"))
                .clone()
        } else if let Some(name) = expr.strip_prefix("steps.check.outputs.") {
            outputs.get(name).cloned().unwrap_or_default()
        } else {
            panic!("the test cannot evaluate `{expr}`")
        };
        out = out.replacen(&format!("${{{{ {expr} }}}}"), &value, 1);
    }
    out
}

/// A finished step: its process output and the outputs it wrote.
struct Ran {
    out: Output,
    outputs: BTreeMap<String, String>,
}

/// Runs a step of action.yml as the runner would, in `cwd`.
fn run_step(
    step: &Value,
    inputs: &BTreeMap<String, String>,
    outputs: &BTreeMap<String, String>,
    cwd: &Path,
    env: &[(&str, String)],
) -> Ran {
    assert_eq!(step["shell"], "bash", "{step}");
    let script = step["run"].as_str().unwrap();
    assert!(
        !script.contains("${{"),
        "a run script takes inputs from env, not from expressions: {script}"
    );
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("step.sh");
    std::fs::write(&file, script).unwrap();
    let output_file = work.path().join("output");
    std::fs::write(&output_file, "").unwrap();
    let mut cmd = Command::new("bash");
    cmd.args(["--noprofile", "--norc", "-eo", "pipefail"])
        .arg(&file)
        .current_dir(cwd)
        .env("GITHUB_ACTION_PATH", root())
        .env("GITHUB_OUTPUT", &output_file)
        .env("GITHUB_WORKSPACE", cwd)
        .env("GITHUB_EVENT_NAME", "push")
        .env_remove("GITHUB_BASE_REF")
        .env_remove("INPUT_AGAINST");
    if let Some(vars) = step["env"].as_object() {
        for (k, v) in vars {
            cmd.env(k, evaluate(v.as_str().unwrap(), inputs, outputs));
        }
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let outputs = std::fs::read_to_string(&output_file)
        .unwrap()
        .lines()
        .filter_map(|l| l.split_once('='))
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Ran { out, outputs }
}

/// PATH with `dir` first.
fn path_with(dir: &Path) -> String {
    let mut dirs = vec![dir.to_path_buf()];
    dirs.extend(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    ));
    std::env::join_paths(dirs)
        .unwrap()
        .to_string_lossy()
        .into_owned()
}

fn cargo_eventlint_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_eventlint"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            if entry.file_name() != ".eventlint-cache" {
                copy_dir(&entry.path(), &target);
            }
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A workspace holding a copy of fixtures/shop at `shop/`.
fn workspace() -> tempfile::TempDir {
    let ws = tempfile::tempdir().unwrap();
    copy_dir(&root().join("fixtures/shop"), &ws.path().join("shop"));
    ws
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn action_declares_its_inputs_and_defaults() {
    let action = action();
    assert_eq!(action["runs"]["using"], "composite");
    let defaults = [
        ("version", env!("CARGO_PKG_VERSION")),
        ("args", ""),
        ("format", "sarif"),
        ("upload-sarif", "true"),
        ("working-directory", "."),
        ("against", ""),
    ];
    let declared = action["inputs"].as_object().unwrap();
    assert_eq!(declared.len(), defaults.len(), "{:?}", declared.keys());
    for (name, default) in defaults {
        let input = &declared[name];
        assert_eq!(input["default"], default, "input {name}");
        assert!(
            input["description"].as_str().is_some_and(|d| !d.is_empty()),
            "{name}"
        );
    }
    assert!(
        declared["against"]["description"]
            .as_str()
            .unwrap()
            .contains("--against"),
        "the against input says what it is for"
    );
    // Every input an expression or a condition names is declared.
    let used = input_refs(&action_text());
    for name in declared.keys() {
        assert!(used.contains(name), "the input {name} is never used");
    }
    for name in &used {
        assert!(declared.contains_key(name), "inputs.{name} is not declared");
    }
    let uses: Vec<&str> = action["runs"]["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["uses"].as_str())
        .collect();
    assert!(
        uses.iter().any(|u| u.starts_with("actions/setup-python@v")),
        "{uses:?}"
    );
    let upload = step_named(&action, "Upload to code scanning");
    assert!(
        upload["uses"]
            .as_str()
            .unwrap()
            .starts_with("github/codeql-action/upload-sarif@v")
    );
    // Findings still upload: the upload runs whatever the steps before did.
    let when = upload["if"].as_str().unwrap();
    assert!(
        when.starts_with("always()") && when.contains("inputs.upload-sarif == 'true'"),
        "{when}"
    );
    assert!(when.contains("inputs.format == 'sarif'"), "{when}");
    let install = step_named(&action, "Install eventlint");
    let script = std::fs::read_to_string(root().join("scripts/action-install.sh")).unwrap();
    assert!(
        install["run"]
            .as_str()
            .unwrap()
            .contains("scripts/action-install.sh")
    );
    assert!(script.contains("--disable-pip-version-check") && script.contains("eventlint=="));
}

#[test]
fn the_check_step_writes_sarif_and_the_last_step_exits_with_eventlints_code() {
    let action = action();
    let ws = workspace();
    let inputs = inputs(&[
        ("working-directory", "shop"),
        ("args", "--no-cache --jobs 1"),
    ]);
    let path = path_with(&cargo_eventlint_dir());
    let env = [("PATH", path.clone())];
    let ran = run_step(
        step(&action, "check"),
        &inputs,
        &BTreeMap::new(),
        ws.path(),
        &env,
    );
    assert!(
        ran.out.status.success(),
        "the check step fails only later: {}",
        text(&ran.out.stderr)
    );
    assert_eq!(
        ran.outputs.get("exit-code").map(String::as_str),
        Some("1"),
        "{:?}",
        ran.outputs
    );
    assert_eq!(
        ran.outputs.get("sarif-file").map(String::as_str),
        Some("shop/eventlint.sarif")
    );
    let sarif: Value = serde_json::from_str(
        &std::fs::read_to_string(ws.path().join("shop/eventlint.sarif")).unwrap(),
    )
    .unwrap();

    // The same run by hand: same exit code, same report.
    let direct = Command::new(env!("CARGO_BIN_EXE_eventlint"))
        .args(["check", "--format", "sarif", "--no-cache", "--jobs", "1"])
        .current_dir(ws.path().join("shop"))
        .output()
        .unwrap();
    assert_eq!(direct.status.code(), Some(1));
    let expected: Value = serde_json::from_slice(&direct.stdout).unwrap();
    assert_eq!(sarif, expected);
    assert!(!sarif["runs"][0]["results"].as_array().unwrap().is_empty());

    // The last step fails the action with that code.
    let last = step_named(&action, "Exit with eventlint's exit code");
    assert!(last["if"].as_str().unwrap().starts_with("always()"));
    let failed = run_step(last, &inputs, &ran.outputs, ws.path(), &env);
    assert_eq!(failed.out.status.code(), Some(1));

    // A clean run passes.
    let clean = self::inputs(&[
        ("working-directory", "shop"),
        ("args", "--no-cache --fail-on never"),
    ]);
    let ran = run_step(
        step(&action, "check"),
        &clean,
        &BTreeMap::new(),
        ws.path(),
        &env,
    );
    assert_eq!(ran.outputs.get("exit-code").map(String::as_str), Some("0"));
    let passed = run_step(last, &clean, &ran.outputs, ws.path(), &env);
    assert_eq!(passed.out.status.code(), Some(0));
}

#[test]
fn other_formats_print_to_the_log_and_write_no_sarif() {
    let action = action();
    let ws = workspace();
    let inputs = inputs(&[("format", "json"), ("args", "--no-cache")]);
    let env = [("PATH", path_with(&cargo_eventlint_dir()))];
    // working-directory `.`, run from inside the repository.
    let shop = ws.path().join("shop");
    let ran = run_step(
        step(&action, "check"),
        &inputs,
        &BTreeMap::new(),
        &shop,
        &env,
    );
    assert!(ran.out.status.success(), "{}", text(&ran.out.stderr));
    assert_eq!(ran.outputs.get("exit-code").map(String::as_str), Some("1"));
    assert!(!ran.outputs.contains_key("sarif-file"), "{:?}", ran.outputs);
    assert!(!shop.join("eventlint.sarif").exists());
    let report: Value = serde_json::from_slice(&ran.out.stdout).unwrap();
    assert!(!report["diagnostics"].as_array().unwrap().is_empty());

    // An error (exit 2) is kept as well, not taken for findings.
    let bad = self::inputs(&[("args", "--select NO-SUCH-RULE --no-cache")]);
    let ran = run_step(step(&action, "check"), &bad, &BTreeMap::new(), &shop, &env);
    assert_eq!(
        ran.outputs.get("exit-code").map(String::as_str),
        Some("2"),
        "{}",
        text(&ran.out.stderr)
    );
}

/// A stand-in eventlint that records its arguments, and whose `check
/// --help` mentions `--against` when FAKE_AGAINST is set.
#[cfg(unix)]
fn fake_eventlint(dir: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let path = dir.join("eventlint");
    std::fs::write(
        &path,
        "#!/bin/sh\n\
         if [ \"$2\" = --help ]; then\n\
         \x20 echo '      --output <FILE>  Write the report to FILE'\n\
         \x20 [ -n \"$FAKE_AGAINST\" ] && echo '      --against <REF>  Compare with REF'\n\
         \x20 exit 0\n\
         fi\n\
         printf '%s\\n' \"$@\" > \"$ARGS_FILE\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[cfg(unix)]
#[test]
fn against_is_passed_when_given_or_on_pull_requests_once_eventlint_has_it() {
    let action = action();
    let ws = workspace();
    let shop = ws.path().join("shop");
    let fake = tempfile::tempdir().unwrap();
    fake_eventlint(fake.path());
    let args_file = fake.path().join("args");
    let fake_path = path_with(fake.path());
    let check = step(&action, "check");
    let argv = |given: &[(&str, &str)], env: &[(&str, &str)]| -> Vec<String> {
        let mut all = vec![
            ("PATH", fake_path.clone()),
            ("ARGS_FILE", args_file.to_string_lossy().into_owned()),
        ];
        all.extend(env.iter().map(|(k, v)| (*k, (*v).to_string())));
        let ran = run_step(check, &inputs(given), &BTreeMap::new(), &shop, &all);
        assert!(ran.out.status.success(), "{}", text(&ran.out.stderr));
        std::fs::read_to_string(&args_file)
            .unwrap()
            .lines()
            .map(str::to_string)
            .collect()
    };
    let pr = [
        ("GITHUB_EVENT_NAME", "pull_request"),
        ("GITHUB_BASE_REF", "main"),
    ];
    // Today's eventlint has no --against: nothing is passed on a pull request.
    assert_eq!(
        argv(&[], &pr),
        ["check", "--format", "sarif", "--output", "eventlint.sarif"]
    );
    // Once it has, the base branch is the default there ...
    let with_gate = [pr[0], pr[1], ("FAKE_AGAINST", "1")];
    let got = argv(&[("args", "--fail-on error")], &with_gate);
    assert_eq!(
        got,
        [
            "check",
            "--format",
            "sarif",
            "--output",
            "eventlint.sarif",
            "--against",
            "origin/main",
            "--fail-on",
            "error"
        ]
    );
    // ... and not on a push.
    let got = argv(&[], &[("FAKE_AGAINST", "1")]);
    assert!(!got.contains(&"--against".to_string()), "{got:?}");
    // A ref given is always passed.
    let got = argv(&[("against", "v1.2.0"), ("format", "github")], &[]);
    assert_eq!(got, ["check", "--format", "github", "--against", "v1.2.0"]);

    // And the real eventlint on a pull request still runs (exit 1, not 2).
    let real = [
        ("PATH", path_with(&cargo_eventlint_dir())),
        ("GITHUB_EVENT_NAME", "pull_request".to_string()),
        ("GITHUB_BASE_REF", "main".to_string()),
    ];
    let ran = run_step(
        check,
        &inputs(&[("args", "--no-cache")]),
        &BTreeMap::new(),
        &shop,
        &real,
    );
    assert_eq!(
        ran.outputs.get("exit-code").map(String::as_str),
        Some("1"),
        "{}",
        text(&ran.out.stderr)
    );
}

/// The install step, against a local index holding a stand-in wheel:
/// `pip install eventlint==<the action's version>` into a virtual
/// environment, whose bin folder goes to GITHUB_PATH.
#[cfg(unix)]
#[test]
fn the_install_step_pip_installs_the_actions_version() {
    let Some(python) = common::tool(&["python3"]) else {
        return;
    };
    let action = action();
    let work = tempfile::tempdir().unwrap();
    let index = work.path().join("index");
    std::fs::create_dir_all(&index).unwrap();
    let version = env!("CARGO_PKG_VERSION");
    let make_wheel = r##"
import base64, hashlib, sys, zipfile
out, version = sys.argv[1], sys.argv[2]
dist = f"eventlint-{version}"
files = {
    f"{dist}.data/scripts/eventlint": f"#!/bin/sh\necho eventlint {version} from the test index\n".encode(),
    f"{dist}.dist-info/METADATA": f"Metadata-Version: 2.1\nName: eventlint\nVersion: {version}\n".encode(),
    f"{dist}.dist-info/WHEEL": b"Wheel-Version: 1.0\nGenerator: tests\nRoot-Is-Purelib: false\nTag: py3-none-any\n",
}
record = []
for name, data in files.items():
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{name},sha256={digest},{len(data)}")
record.append(f"{dist}.dist-info/RECORD,,")
files[f"{dist}.dist-info/RECORD"] = ("\n".join(record) + "\n").encode()
with zipfile.ZipFile(f"{out}/{dist}-py3-none-any.whl", "w") as z:
    for name, data in files.items():
        info = zipfile.ZipInfo(name)
        info.external_attr = 0o100755 << 16
        z.writestr(info, data)
"##;
    let made = Command::new(&python)
        .args(["-c", make_wheel])
        .arg(&index)
        .arg(version)
        .output()
        .unwrap();
    assert!(made.status.success(), "{}", text(&made.stderr));

    // The first step finds this machine's Python, so setup-python is skipped.
    let look = run_step(
        step(&action, "python"),
        &inputs(&[]),
        &BTreeMap::new(),
        work.path(),
        &[],
    );
    assert_eq!(look.outputs.get("found").map(String::as_str), Some("true"));

    let github_path = work.path().join("github_path");
    std::fs::write(&github_path, "").unwrap();
    let env = [
        ("RUNNER_TEMP", work.path().to_string_lossy().into_owned()),
        ("GITHUB_PATH", github_path.to_string_lossy().into_owned()),
        ("PIP_NO_INDEX", "1".to_string()),
        ("PIP_FIND_LINKS", index.to_string_lossy().into_owned()),
    ];
    let install = step_named(&action, "Install eventlint");
    let ran = run_step(install, &inputs(&[]), &BTreeMap::new(), work.path(), &env);
    assert!(
        ran.out.status.success(),
        "{}{}",
        text(&ran.out.stdout),
        text(&ran.out.stderr)
    );
    assert_eq!(
        text(&ran.out.stdout).trim(),
        format!("eventlint {version} from the test index")
    );
    let bin = work.path().join("eventlint-venv/bin");
    assert_eq!(
        std::fs::read_to_string(&github_path).unwrap().trim(),
        bin.to_str().unwrap()
    );
    assert!(bin.join("eventlint").is_file());
}

#[test]
fn release_workflow_passes_actionlint() {
    let Some(actionlint) = common::tool(&["actionlint"]) else {
        return;
    };
    // With shellcheck, actionlint also checks the scripts of `run:` steps.
    let Some(shellcheck) = common::tool(&["shellcheck"]) else {
        return;
    };
    let lint = |dir: &Path, files: &[&str]| -> Output {
        Command::new(&actionlint)
            .args(["-no-color", "-oneline", "-shellcheck"])
            .arg(&shellcheck)
            .args(files)
            .current_dir(dir)
            .output()
            .unwrap()
    };
    let out = lint(root(), &[".github/workflows/release.yml"]);
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );

    // action.yml, through a workflow that uses it as a local action with
    // every input: actionlint reads its metadata and checks the inputs.
    let repo = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(repo.path().join(".git")).unwrap();
    std::fs::create_dir_all(repo.path().join(".github/workflows")).unwrap();
    std::fs::copy(root().join("action.yml"), repo.path().join("action.yml")).unwrap();
    let workflow = |extra: &str| {
        format!(
            "on: [push, pull_request]\n\
             permissions:\n  contents: read\n  security-events: write\n\
             jobs:\n  eventlint:\n    runs-on: ubuntu-latest\n    steps:\n\
             \x20     - uses: actions/checkout@v6\n\
             \x20     - id: eventlint\n        uses: ./\n        with:\n\
             \x20         version: latest\n          args: --fail-on error\n          format: sarif\n\
             \x20         upload-sarif: \"true\"\n          working-directory: .\n          against: main\n{extra}\
             \x20     - run: echo \"$CODE\"\n        env:\n          CODE: ${{{{ steps.eventlint.outputs.exit-code }}}}\n"
        )
    };
    let file = repo.path().join(".github/workflows/use.yml");
    std::fs::write(&file, workflow("")).unwrap();
    let out = lint(repo.path(), &[".github/workflows/use.yml"]);
    assert!(
        out.status.success(),
        "actionlint:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    std::fs::write(&file, workflow("          no-such-input: x\n")).unwrap();
    let out = lint(repo.path(), &[".github/workflows/use.yml"]);
    assert!(
        !out.status.success() && text(&out.stdout).contains("no-such-input"),
        "{}",
        text(&out.stdout)
    );

    // The action's scripts, by shellcheck itself.
    let out = Command::new(&shellcheck)
        .args(["scripts/action-install.sh", "scripts/action-run.sh"])
        .current_dir(root())
        .output()
        .unwrap();
    assert!(out.status.success(), "shellcheck:\n{}", text(&out.stdout));
}
