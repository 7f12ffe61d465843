//! The command line, run in-process: roots and paths, exit codes, formats.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{repo, run_cli};

const DYNAMIC: &[(&str, &str)] = &[
    ("svc/go.mod", "module example.com/svc\n\ngo 1.22\n"),
    (
        "svc/pub.go",
        r#"package svc

import "fmt"

type Pub struct{ c Client }

func (p *Pub) Emit(ctx Ctx, tenant string, evt Event) error {
	return p.c.PublishEvent(ctx, "pubsub", fmt.Sprintf("%s.order.created", tenant), evt)
}
"#,
    ),
];

#[test]
fn dynamic_topic_is_an_info_finding_in_json() {
    let dir = repo(DYNAMIC);
    let root = dir.path().to_str().expect("utf-8 path");
    let (code, out, err) = run_cli(&["check", "--root", root, "--format", "json"]);
    assert_eq!(
        code, 0,
        "info findings stay below the default --fail-on warning: {err}"
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    assert_eq!(diags.len(), 1);
    let d = &diags[0];
    assert_eq!(d["code"], "EC011");
    assert_eq!(d["rule"], "dynamic-topic");
    assert_eq!(d["severity"], "info");
    assert_eq!(d["path"], "svc/pub.go");
    assert_eq!(d["line"], 8);
    assert_eq!(d["column"], 9);
    assert_eq!(d["service"], "svc");
    assert!(
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains("fmt.Sprintf(\"%s.order.created\", tenant)")),
        "{d}"
    );
    assert_eq!(d["fingerprint"].as_str().map(str::len), Some(16));
    assert_eq!(report["summary"]["infos"], 1);
    assert_eq!(report["summary"]["files"], 1);
}

#[test]
fn fail_on_decides_the_exit_code() {
    let dir = repo(DYNAMIC);
    let root = dir.path().to_str().expect("utf-8 path");
    let (code, _, _) = run_cli(&["check", "--root", root, "--fail-on", "info"]);
    assert_eq!(code, 1);
    let (code, _, _) = run_cli(&["check", "--root", root, "--fail-on", "never"]);
    assert_eq!(code, 0);
    let (code, _, _) = run_cli(&[
        "check",
        "--root",
        root,
        "--ignore",
        "EC011",
        "--fail-on",
        "info",
    ]);
    assert_eq!(code, 0);
    let (code, _, _) = run_cli(&[
        "check",
        "--root",
        root,
        "--select",
        "dynamic-topic",
        "--fail-on",
        "info",
    ]);
    assert_eq!(code, 1);
}

#[test]
fn rules_can_be_turned_off_in_the_config() {
    let mut files = DYNAMIC.to_vec();
    files.push(("eventlint.yaml", "rules:\n  dynamic-topic: off\n"));
    let dir = repo(&files);
    let root = dir.path().to_str().expect("utf-8 path");
    let (code, out, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--fail-on",
        "info",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn human_output_shows_the_snippet_and_summary() {
    let dir = repo(DYNAMIC);
    let root = dir.path().to_str().expect("utf-8 path");
    let (code, out, _) = run_cli(&["check", "--root", root, "--no-color"]);
    assert_eq!(code, 0);
    assert!(!out.contains('\u{1b}'), "no colour codes: {out}");
    let summary = out.lines().last().expect("summary line");
    assert!(
        summary.starts_with("0 errors, 0 warnings, 1 info, 0 suppressed in 1 file ("),
        "{summary}"
    );
    // The timing varies: snapshot everything but the summary line.
    let body: String = out
        .lines()
        .take_while(|l| *l != summary)
        .map(|l| format!("{l}\n"))
        .collect();
    insta::assert_snapshot!("human_dynamic_topic", body);
}

#[test]
fn file_paths_filter_what_is_reported() {
    let mut files = DYNAMIC.to_vec();
    files.push(("svc/other.go", "package svc\n\nfunc other() {}\n"));
    let dir = repo(&files);
    let root = dir.path();
    let other = root.join("svc/other.go");
    let pubfile = root.join("svc/pub.go");
    let r = root.to_str().expect("utf-8");
    let (code, out, _) = run_cli(&[
        "check",
        "--root",
        r,
        "--format",
        "json",
        other.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["diagnostics"], serde_json::json!([]));
    let (_, out, _) = run_cli(&[
        "check",
        "--root",
        r,
        "--format",
        "json",
        pubfile.to_str().expect("utf-8"),
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["diagnostics"].as_array().map(Vec::len), Some(1));
}

#[test]
fn a_directory_path_names_the_root() {
    let dir = repo(DYNAMIC);
    let (code, out, _) = run_cli(&[
        "check",
        "--format",
        "json",
        dir.path().to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("EC011"));
}

#[test]
fn a_missing_path_is_a_usage_error() {
    let (code, out, err) = run_cli(&["check", "/definitely/not/here"]);
    assert_eq!(code, 2);
    assert!(out.is_empty());
    assert!(
        err.contains("/definitely/not/here") && err.contains("no such"),
        "{err}"
    );
    let (code, _, err) = run_cli(&["graph", "--root", "/definitely/not/here"]);
    assert_eq!(code, 2);
    assert!(err.contains("no such directory"), "{err}");
}

#[test]
fn an_unknown_rule_in_select_is_a_usage_error() {
    let dir = repo(DYNAMIC);
    let (code, _, err) = run_cli(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--select",
        "EC999",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("EC999"), "{err}");
}

#[test]
fn an_invalid_config_stops_the_run_with_its_location() {
    let mut files = DYNAMIC.to_vec();
    files.push((
        "eventlint.yaml",
        "include: [\"**/*.go\"]\ntests: yes please\n",
    ));
    let dir = repo(&files);
    let (code, out, err) = run_cli(&["check", "--root", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains("tests"), "{err}");
    assert!(
        err.contains("eventlint.yaml:2:"),
        "names file and line: {err}"
    );

    let mut files = DYNAMIC.to_vec();
    files.push(("eventlint.yaml", "excludes: []\n"));
    let dir = repo(&files);
    let (code, _, err) = run_cli(&["graph", "--root", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 2);
    assert!(
        err.contains("excludes") && err.contains("eventlint.yaml:1:1"),
        "{err}"
    );
}

#[test]
fn config_flag_names_another_file() {
    let dir = repo(DYNAMIC);
    let cfg = dir.path().join("custom.yaml");
    std::fs::write(&cfg, "rules:\n  EC011: error\n").expect("write");
    let (code, out, _) = run_cli(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--config",
        cfg.to_str().expect("utf-8"),
        "--format",
        "json",
    ]);
    assert_eq!(code, 1, "EC011 raised to error fails the run");
    assert!(out.contains("\"severity\": \"error\""));
    let (code, _, err) = run_cli(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--config",
        "/nope.yaml",
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("nope.yaml"), "{err}");
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = repo(DYNAMIC);
    let target = dir.path().join("out/graph.json");
    std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
    let (code, out, _) = run_cli(&[
        "graph",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--format",
        "json",
        "--output",
        target.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 0);
    assert!(out.is_empty());
    let written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("read")).expect("json");
    assert_eq!(written["version"], 1);
    assert_eq!(written["dynamic"][0]["line"], 8);
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(target.parent().expect("parent"))
        .expect("dir")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
}

#[test]
fn rules_and_explain_come_from_the_pages() {
    let (code, out, _) = run_cli(&["rules"]);
    assert_eq!(code, 0);
    assert!(out.contains("EC011") && out.contains("dynamic-topic") && out.contains("info"));
    let (code, by_code, _) = run_cli(&["explain", "EC011"]);
    assert_eq!(code, 0);
    assert!(by_code.starts_with("EC011 dynamic-topic\n"), "{by_code}");
    let (_, by_name, _) = run_cli(&["explain", "dynamic-topic"]);
    assert_eq!(by_code, by_name);
    let (code, _, err) = run_cli(&["explain", "EC999"]);
    assert_eq!(code, 2);
    assert!(err.contains("EC999"));
}

#[test]
fn graph_mermaid_dashes_unresolved_flows() {
    let dir = repo(DYNAMIC);
    let (code, out, _) = run_cli(&["graph", "--root", dir.path().to_str().expect("utf-8")]);
    assert_eq!(code, 0);
    assert!(out.contains("svc_svc -.->"), "{out}");
    assert!(
        out.contains("fmt.Sprintf(#quot;%s.order.created#quot;, tenant)"),
        "{out}"
    );
}

#[test]
fn bad_files_are_reported_once_and_the_run_goes_on() {
    let dir = repo(&[
        ("svc/go.mod", "module example.com/svc\n"),
        (
            "svc/good.go",
            "package svc\n\nfunc (p *P) Emit(ctx Ctx) error {\n\treturn p.c.PublishEvent(ctx, \"ps\", topicFor(ctx), nil)\n}\n",
        ),
        (
            "svc/broken.go",
            "package svc\n\nfunc half( {\n\tp.c.PublishEvent(ctx, \"ps\", \n",
        ),
        ("svc/empty.go", ""),
        ("svc/comments.go", "// only a comment\n"),
        (
            "deploy/sub.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec:\n  topic: {{ .Values.topic }}\n{{- if .Values.enabled }}\n  route: /x\n{{- end }}\n",
        ),
        (
            "deploy/bad.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec: [\n",
        ),
    ]);
    std::fs::write(
        dir.path().join("svc/latin1.go"),
        b"package svc\n// caf\xe9\n",
    )
    .expect("write");
    std::fs::write(dir.path().join("svc/blob.go"), b"\x00\x01\x02binary").expect("write");
    let root = dir.path().to_str().expect("utf-8");
    let (code, out, err) = run_cli(&["check", "--root", root, "--format", "json"]);
    // The broken Subscription fails the run: Dapr rejects it too.
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let diags = report["diagnostics"].as_array().expect("diagnostics");
    let errors: Vec<&serde_json::Value> =
        diags.iter().filter(|d| d["severity"] == "error").collect();
    assert!(
        matches!(errors.as_slice(), [d] if d["path"] == "deploy/bad.yaml" && d["code"] == "EC018"),
        "{out}"
    );
    // The good file's dynamic publish is still found.
    assert!(
        diags
            .iter()
            .any(|d| d["path"] == "svc/good.go" && d["code"] == "EC011"),
        "{out}"
    );
    // Each skipped file is one EC017 finding naming its cause.
    let skipped = |path: &str| common::messages(&report, "EC017", path);
    assert!(
        matches!(skipped("svc/latin1.go").as_slice(), [m] if m.contains("UTF-8")),
        "{out}"
    );
    assert!(
        matches!(skipped("svc/blob.go").as_slice(), [m] if m.contains("binary")),
        "{out}"
    );
    // The broken manifest is EC018 only; files skipped whole are information.
    assert!(skipped("deploy/bad.yaml").is_empty(), "{out}");
    assert_eq!(
        common::messages(&report, "EC018", "deploy/bad.yaml").len(),
        1,
        "{out}"
    );
    assert!(
        diags
            .iter()
            .all(|d| d["code"] != "EC017" || d["severity"] == "info")
    );
    assert!(!err.contains("panic"), "{err}");
    // `graph` notes them on stderr instead.
    let (code, _, err) = run_cli(&["graph", "--root", root, "--format", "json"]);
    assert_eq!(code, 0);
    assert!(
        err.contains("svc/latin1.go") && err.contains("UTF-8"),
        "{err}"
    );
}

#[test]
fn init_writes_a_valid_config_and_never_overwrites_without_force() {
    let dir = tempfile::tempdir().expect("tmp");
    let root = dir.path().to_str().expect("utf-8");
    let (code, out, err) = run_cli(&["init", "--root", root]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("eventlint.yaml"));
    let path = dir.path().join("eventlint.yaml");
    let written = std::fs::read_to_string(&path).expect("written");
    assert_eq!(
        eventlint::config::Config::from_str(&written, "eventlint.yaml").expect("valid"),
        eventlint::config::Config::default()
    );
    std::fs::write(&path, "tests: true\n").expect("edit");
    let (code, _, err) = run_cli(&["init", "--root", root]);
    assert_eq!(code, 2);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        std::fs::read_to_string(&path).expect("kept"),
        "tests: true\n"
    );
    let (code, _, _) = run_cli(&["init", "--root", root, "--force"]);
    assert_eq!(code, 0);
    assert_eq!(std::fs::read_to_string(&path).expect("replaced"), written);
    // Nothing but the config is left behind: no temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).expect("dir").count(), 1);
}

/// Pre-commit mode sees both sides: the staged file renames the published
/// topic to a typo, the near miss is anchored on the unstaged subscription,
/// and naming only the staged file still reports it.
#[test]
fn a_file_filter_keeps_findings_whose_other_side_is_in_view() {
    let dir = repo(&[
        ("orders/go.mod", "module example.com/orders\n"),
        (
            "orders/publish.go",
            "package orders\n\nimport (\n\t\"context\"\n\n\tdapr \"github.com/dapr/go-sdk/client\"\n)\n\nfunc Publish(ctx context.Context, c dapr.Client, v any) {\n\t_ = c.PublishEvent(ctx, \"pubsub\", \"order.cancelld\", v)\n}\n",
        ),
        ("billing/go.mod", "module example.com/billing\n"),
        (
            "billing/deploy/subscription.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: cancelled\nspec:\n  topic: order.cancelled\n  route: /cancelled\n  pubsubname: pubsub\n",
        ),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let staged = dir.path().join("orders/publish.go");
    let (code, out, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--format",
        "json",
        "--no-cache",
        staged.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let near = common::messages(&report, "EC014", "billing/deploy/subscription.yaml");
    assert_eq!(near.len(), 1, "{out}");
    // It says which side is the one staged.
    assert!(
        near[0].ends_with(
            "(reported for `orders/publish.go`, its other side, which is among the files checked)"
        ),
        "{}",
        near[0]
    );
    // A finding with no side in view stays out.
    std::fs::write(dir.path().join("billing/other.go"), "package billing\n").expect("write");
    let (_, out, _) = run_cli(&[
        "check",
        "--root",
        root,
        "--format",
        "json",
        "--no-cache",
        dir.path().join("billing/other.go").to_str().expect("utf-8"),
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert!(
        report["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .is_empty(),
        "{out}"
    );
}

/// A near miss cuts off every subscriber of the name: each subscription
/// gets its own EC014, with the publish as related location, and its
/// fingerprint stays when another subscriber comes or is suppressed.
#[test]
fn a_near_miss_is_reported_at_every_subscriber_it_cuts_off() {
    const BILLING: &str = "package billing\n\nimport \"github.com/dapr/go-sdk/service/common\"\n\nfunc Register(s common.Service, h common.TopicEventHandler) error {\n\treturn s.AddTopicEventHandler(&common.Subscription{PubsubName: \"pubsub\", Topic: \"orders.shipped\", Route: \"/shipped\"}, h)\n}\n";
    let dir = repo(&[
        ("orders/go.mod", "module example.com/orders\n"),
        (
            "orders/publish.go",
            "package orders\n\nimport (\n\t\"context\"\n\n\tdapr \"github.com/dapr/go-sdk/client\"\n)\n\nfunc Ship(ctx context.Context, c dapr.Client, v any) {\n\t_ = c.PublishEvent(ctx, \"pubsub\", \"order.shipped\", v)\n}\n",
        ),
        ("billing/go.mod", "module example.com/billing\n"),
        ("billing/subscribe.go", BILLING),
        ("notify/go.mod", "module example.com/notify\n"),
        (
            "notify/deploy/subscription.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: shipped\nspec:\n  topic: orders.shipped\n  route: /shipped\n  pubsubname: pubsub\n",
        ),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let near_misses = |extra: &[&str]| {
        let (_, report, err) = common::check_json(root, &[&["--no-cache"], extra].concat());
        let diags = report["diagnostics"].as_array().expect(&err).clone();
        // EC002 stays quiet on every cut-off subscriber: EC014 speaks for them.
        assert!(diags.iter().all(|d| d["code"] != "EC002"), "{report}");
        diags
            .into_iter()
            .filter(|d| d["code"] == "EC014")
            .map(|d| {
                let related: Vec<String> = d["related"]
                    .as_array()
                    .expect("related")
                    .iter()
                    .map(|r| format!("{}:{}", r["path"].as_str().expect("path"), r["line"]))
                    .collect();
                assert_eq!(related, ["orders/publish.go:10"], "{d}");
                (
                    d["path"].as_str().expect("path").to_string(),
                    d["fingerprint"].as_str().expect("fingerprint").to_string(),
                )
            })
            .collect::<Vec<_>>()
    };
    let two = near_misses(&[]);
    let paths: Vec<&str> = two.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["billing/subscribe.go", "notify/deploy/subscription.yaml"]
    );
    assert_ne!(two[0].1, two[1].1);
    // Naming only the publisher's file (pre-commit) still shows every one.
    let publisher = dir.path().join("orders/publish.go");
    assert_eq!(near_misses(&[publisher.to_str().expect("utf-8")]), two);
    // A third subscriber adds a finding and leaves the others' fingerprints.
    std::fs::create_dir_all(dir.path().join("ledger")).expect("mkdir");
    std::fs::write(
        dir.path().join("ledger/go.mod"),
        "module example.com/ledger\n",
    )
    .expect("write");
    std::fs::write(
        dir.path().join("ledger/subscribe.go"),
        BILLING.replace("package billing", "package ledger"),
    )
    .expect("write");
    let three = near_misses(&[]);
    assert_eq!(three.len(), 3);
    assert!(two.iter().all(|f| three.contains(f)), "{two:?} {three:?}");
    // Suppressing one subscriber's finding leaves the others.
    std::fs::write(
        dir.path().join("billing/subscribe.go"),
        BILLING.replace(
            "\treturn s.AddTopicEventHandler",
            "\t//eventlint:ignore EC014 -- read from the legacy name on purpose\n\treturn s.AddTopicEventHandler",
        ),
    )
    .expect("write");
    let suppressed = near_misses(&[]);
    let paths: Vec<&str> = suppressed.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        ["ledger/subscribe.go", "notify/deploy/subscription.yaml"]
    );
}

/// Several published names near one subscribed name: one finding per
/// subscriber, for the closest, counting the others.
#[test]
fn a_near_miss_names_the_closest_published_topic_and_counts_the_others() {
    let publish = |topic: &str| {
        format!(
            "package orders\n\nimport (\n\t\"context\"\n\n\tdapr \"github.com/dapr/go-sdk/client\"\n)\n\nfunc Ship(ctx context.Context, c dapr.Client, v any) {{\n\t_ = c.PublishEvent(ctx, \"pubsub\", \"{topic}\", v)\n}}\n"
        )
    };
    let (a, b) = (publish("order.shipped"), publish("orders.shipped.v2"));
    let dir = repo(&[
        ("orders/go.mod", "module example.com/orders\n"),
        ("orders/a.go", a.as_str()),
        ("orders/b.go", b.as_str()),
        ("notify/go.mod", "module example.com/notify\n"),
        (
            "notify/deploy/subscription.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: shipped\nspec:\n  topic: orders.shipped\n  route: /shipped\n  pubsubname: pubsub\n",
        ),
    ]);
    let (_, report, err) = common::check_json(
        dir.path().to_str().expect("utf-8"),
        &["--no-cache", "--select", "EC014"],
    );
    let messages = common::messages(&report, "EC014", "notify/deploy/subscription.yaml");
    assert_eq!(messages.len(), 1, "{err}{report}");
    assert!(
        messages[0].contains("but `order.shipped` is (singular versus plural)"),
        "{}",
        messages[0]
    );
    assert!(
        messages[0].ends_with("1 other published topic is similar: `orders.shipped.v2`"),
        "{}",
        messages[0]
    );
}

/// A topic eventlint knows only as an environment variable's default may be
/// another topic once deployed: information naming the variable, not a
/// warning.
#[test]
fn an_unsubscribed_environment_default_is_information() {
    let dir = repo(&[
        ("producer/go.mod", "module example.com/producer\n"),
        (
            "producer/main.go",
            "package main\n\nimport (\n\t\"context\"\n\t\"os\"\n\n\tdapr \"github.com/dapr/go-sdk/client\"\n)\n\nfunc getEnv(k, d string) string {\n\tif v := os.Getenv(k); v != \"\" {\n\t\treturn v\n\t}\n\treturn d\n}\n\nvar topic = getEnv(\"TOPIC_NAME\", \"sample-topic\")\n\nfunc Send(ctx context.Context, c dapr.Client, b []byte) error {\n\treturn c.PublishEvent(ctx, \"pubsub\", topic, b)\n}\n\nfunc Fixed(ctx context.Context, c dapr.Client, b []byte) error {\n\treturn c.PublishEvent(ctx, \"pubsub\", \"fixed-topic\", b)\n}\n",
        ),
    ]);
    let (_, report, err) = common::check_json(
        dir.path().to_str().expect("utf-8"),
        &["--no-cache", "--select", "EC001"],
    );
    let mut found: Vec<(String, String)> = report["diagnostics"]
        .as_array()
        .expect(&err)
        .iter()
        .map(|d| {
            (
                d["topic"].as_str().unwrap_or_default().to_string(),
                d["severity"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            ("fixed-topic".to_string(), "warning".to_string()),
            ("sample-topic".to_string(), "info".to_string())
        ],
        "{report}"
    );
    let messages = common::messages(&report, "EC001", "producer/main.go");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("the default of `TOPIC_NAME`")),
        "{messages:?}"
    );
}
