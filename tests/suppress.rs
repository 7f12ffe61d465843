//! Suppression comments, unused-ignore reports, and baselines.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::{repo, run_cli};

/// Two inline topics (EC012) and a dynamic one (EC011) in one service.
const PUBLISHER: &str = r#"package orders

import "fmt"

func (s *Service) Created(ctx Ctx, evt OrderCreated) error {
	return s.client.PublishEvent(ctx, "pubsub", "order.created", evt)
}

func (s *Service) Cancelled(ctx Ctx, evt OrderCancelled) error {
	return s.client.PublishEvent(ctx, "pubsub", "order.cancelled", evt)
}

func (s *Service) Tenant(ctx Ctx, t string, evt OrderCancelled) error {
	return s.client.PublishEvent(ctx, "pubsub", fmt.Sprintf("%s.orders", t), evt)
}
"#;

fn codes(root: &str, extra: &[&str]) -> (u8, Vec<(String, u64)>, serde_json::Value) {
    let mut args = vec!["--select", "EC011,EC012"];
    args.extend_from_slice(extra);
    let (code, report, err) = common::check_json(root, &args);
    assert_ne!(code, 2, "{err}");
    let found = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["line"].as_u64().expect("line"),
            )
        })
        .collect();
    (code, found, report["summary"].clone())
}

#[test]
fn ignore_on_the_line_or_the_line_above_by_code_or_name() {
    let text = PUBLISHER
        .replace(
            "\treturn s.client.PublishEvent(ctx, \"pubsub\", \"order.created\", evt)",
            "\t//eventlint:ignore EC012 -- legacy topic, migrating in Q3\n\treturn s.client.PublishEvent(ctx, \"pubsub\", \"order.created\", evt)",
        )
        .replace(
            "\"order.cancelled\", evt)",
            "\"order.cancelled\", evt) //eventlint:ignore inline-topic",
        );
    let dir = repo(&[("orders/go.mod", "module x\n"), ("orders/pub.go", &text)]);
    let (_, found, summary) = codes(dir.path().to_str().expect("utf-8"), &[]);
    assert_eq!(found, [("EC011".to_string(), 15)]);
    assert_eq!(summary["suppressed"], 2);
}

#[test]
fn file_ignore_and_several_codes() {
    let text = format!("//eventlint:file-ignore EC012, EC011\n{PUBLISHER}");
    let dir = repo(&[("orders/go.mod", "module x\n"), ("orders/pub.go", &text)]);
    let (code, found, summary) = codes(dir.path().to_str().expect("utf-8"), &["--fail-on", "info"]);
    assert!(found.is_empty(), "{found:?}");
    assert_eq!(code, 0);
    assert_eq!(summary["suppressed"], 3);
}

#[test]
fn a_suppression_two_lines_away_does_not_apply() {
    let text = PUBLISHER.replace(
        "func (s *Service) Created(",
        "//eventlint:ignore EC012\n\nfunc (s *Service) Created(",
    );
    let dir = repo(&[("orders/go.mod", "module x\n"), ("orders/pub.go", &text)]);
    let (_, found, _) = codes(dir.path().to_str().expect("utf-8"), &[]);
    assert_eq!(found.iter().filter(|(c, _)| c == "EC012").count(), 2);
}

#[test]
fn unused_ignores_are_reported_only_when_asked() {
    let text = PUBLISHER.replace(
        "func (s *Service) Tenant(",
        "//eventlint:ignore EC012,EC011 -- EC012 does not fire here\nfunc (s *Service) Tenant(",
    );
    let dir = repo(&[("orders/go.mod", "module x\n"), ("orders/pub.go", &text)]);
    let root = dir.path().to_str().expect("utf-8");
    let (_, found, _) = codes(root, &[]);
    assert!(!found.iter().any(|(c, _)| c == "EC000"));
    let (code, out, _) = run_cli(&[
        "check",
        "--root",
        root,
        "--format",
        "json",
        "--report-unused-ignores",
    ]);
    assert_eq!(code, 1, "EC001 warnings for the unsubscribed topics");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    let unused: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "EC000")
        .collect();
    // The comment sits above the `func` line; the publish is a line further
    // down, out of reach, so both named rules are unused there.
    assert_eq!(unused.len(), 2, "{unused:#?}");
    assert!(
        unused
            .iter()
            .all(|d| d["line"] == 13 && d["severity"] == "info")
    );
    assert!(
        unused[0]["message"]
            .as_str()
            .expect("message")
            .contains("EC012")
    );
}

#[test]
fn yaml_suppressions() {
    let yaml = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: audit\nspec:\n  # eventlint:ignore EC002 -- produced by the audit service's own repo\n  topic: audit.logged\n  route: /audit\n  pubsubname: pubsub\n";
    let dir = repo(&[("deploy/audit.yaml", yaml)]);
    let (code, out, _) = run_cli(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--format",
        "json",
        "--select",
        "EC002",
    ]);
    assert_eq!(code, 0, "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(report["summary"]["suppressed"], 1);
}

#[test]
fn baseline_reports_only_new_findings_and_survives_moved_code() {
    let dir = repo(&[
        ("orders/go.mod", "module x\n"),
        ("orders/pub.go", PUBLISHER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let baseline = dir.path().join("eventlint-baseline.json");
    let b = baseline.to_str().expect("utf-8");
    let (code, _, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--select",
        "EC011,EC012",
        "--write-baseline",
        b,
    ]);
    assert_eq!(code, 0);
    assert!(err.contains("recorded 3 findings"), "{err}");
    let first = std::fs::read_to_string(&baseline).expect("baseline");
    // Stable under re-runs: byte for byte.
    run_cli(&[
        "check",
        "--root",
        root,
        "--select",
        "EC011,EC012",
        "--write-baseline",
        b,
    ]);
    assert_eq!(std::fs::read_to_string(&baseline).expect("baseline"), first);
    assert!(
        !first.contains("line"),
        "no line numbers in a baseline: {first}"
    );

    // Code moves down five lines and a new inline publish appears.
    let moved = format!(
        "{}\n\n\n\n\nfunc (s *Service) Paid(ctx Ctx, evt OrderPaid) error {{\n\treturn s.client.PublishEvent(ctx, \"pubsub\", \"order.paid\", evt)\n}}\n",
        PUBLISHER.replace("import \"fmt\"\n", "import \"fmt\"\n\n\n\n\n\n")
    );
    std::fs::write(dir.path().join("orders/pub.go"), moved).expect("write");
    let (_, found, summary) = codes(root, &["--baseline", b]);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, "EC012");
    assert_eq!(summary["suppressed"], 3);
}

#[test]
fn a_broken_baseline_is_an_error() {
    let dir = repo(&[
        ("orders/go.mod", "module x\n"),
        ("orders/pub.go", PUBLISHER),
        ("b.json", "{ nope"),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let b = dir.path().join("b.json");
    let (code, _, err) = run_cli(&[
        "check",
        "--root",
        root,
        "--baseline",
        b.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 2);
    assert!(err.contains("not an eventlint baseline"), "{err}");
}
