//! Every route of a routed (v2alpha1) Subscription is a subscriber of its
//! own: linked to its own handler, judged on its own by the rules.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{check_json, graph_of, messages, repo};

const YAML: &str = r#"apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: payments
spec:
  topic: payment.settled
  routes:
    rules:
      - match: event.type == "refund"
        path: /events/refund
      - match: event.type == "chargeback"
        path: /events/chargeback
    default: /events/settled
  pubsubname: pubsub
scopes:
  - billing
"#;

const MAIN: &str = r#"package main

import "net/http"

func onSettled(w http.ResponseWriter, r *http.Request) {}

func onRefund(w http.ResponseWriter, r *http.Request) {}

func main() {
	http.HandleFunc("/events/settled", onSettled)
	http.HandleFunc("/events/refund", onRefund)
	_ = http.ListenAndServe(":8080", nil)
}
"#;

fn files() -> Vec<(&'static str, &'static str)> {
    vec![
        ("billing/go.mod", "module example.com/billing\n"),
        ("billing/main.go", MAIN),
        ("billing/deploy/subscription.yaml", YAML),
    ]
}

#[test]
fn each_route_links_its_own_handler() {
    let g = graph_of(&files());
    let t = g.topic("payment.settled").unwrap();
    type Row<'r> = (
        Option<&'r str>,
        Option<&'r str>,
        Option<&'r str>,
        Option<bool>,
    );
    let mut subs: Vec<Row<'_>> = t
        .subscribers
        .iter()
        .map(|s| {
            (
                s.route.as_deref(),
                s.route_match.as_deref(),
                s.handler.as_ref().map(|h| h.name.as_str()),
                s.route_registered,
            )
        })
        .collect();
    subs.sort();
    assert_eq!(
        subs,
        [
            (
                Some("/events/chargeback"),
                Some("event.type == \"chargeback\""),
                None,
                Some(false)
            ),
            (
                Some("/events/refund"),
                Some("event.type == \"refund\""),
                Some("onRefund"),
                Some(true)
            ),
            (
                Some("/events/settled"),
                Some("default"),
                Some("onSettled"),
                Some(true)
            ),
        ]
    );
}

#[test]
fn a_rule_route_nobody_serves_is_dangling_and_trace_shows_each_route() {
    let dir = repo(&files());
    let root = dir.path().to_str().unwrap();
    let (_, report, _) = check_json(root, &["--select", "EC010"]);
    let found = messages(&report, "EC010", "billing/deploy/subscription.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("/events/chargeback"), "{}", found[0]);
    // The topic is published nowhere: said once for the Subscription, not
    // once per route.
    let unpublished = messages(
        &report_all(root),
        "EC002",
        "billing/deploy/subscription.yaml",
    );
    assert_eq!(unpublished.len(), 1, "{unpublished:#?}");
    let (code, out, err) = common::run_cli(&["trace", "payment.settled", "--root", root]);
    assert_eq!(code, 0, "{err}");
    for want in [
        "route /events/refund (when event.type == \"refund\")",
        "route /events/settled (when default)",
        "handler onRefund",
    ] {
        assert!(out.contains(want), "{want} in:\n{out}");
    }
}

fn report_all(root: &str) -> serde_json::Value {
    check_json(root, &["--select", "EC002"]).1
}

#[test]
fn a_single_route_subscription_stays_one_subscriber() {
    let yaml = YAML.replace(
        "  routes:\n    rules:\n      - match: event.type == \"refund\"\n        path: /events/refund\n      - match: event.type == \"chargeback\"\n        path: /events/chargeback\n    default: /events/settled\n",
        "  route: /events/settled\n",
    );
    let g = graph_of(&[
        ("billing/go.mod", "module example.com/billing\n"),
        ("billing/main.go", MAIN),
        ("billing/deploy/subscription.yaml", &yaml),
    ]);
    let t = g.topic("payment.settled").unwrap();
    assert_eq!(t.subscribers.len(), 1);
    assert_eq!(t.subscribers[0].route_match, None);
    assert_eq!(t.subscribers[0].route_registered, Some(true));
}

/// A route not found in a service one of whose Go files was skipped (EC017)
/// may be served by that file: EC010 says it could not judge, as an info,
/// instead of a warning that may be false or silence.
#[test]
fn a_skipped_file_of_the_service_turns_dangling_into_could_not_judge() {
    let dir = repo(&files());
    // Not UTF-8: the loader skips it; it might register /events/chargeback.
    std::fs::write(
        dir.path().join("billing/routes.go"),
        b"package main\n// \xff\xfe\nfunc init() {}\n",
    )
    .unwrap();
    let root = dir.path().to_str().unwrap();
    let (_, report, _) = check_json(root, &["--select", "EC010,EC017"]);
    let found: Vec<&serde_json::Value> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "EC010")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("could not be judged")
            && message.contains("/events/chargeback")
            && message.contains("billing/routes.go"),
        "{message}"
    );
    assert_eq!(found[0]["severity"], "info");
    // A skipped file of another service changes nothing for billing.
    let other = repo(&files());
    std::fs::create_dir_all(other.path().join("search")).unwrap();
    std::fs::write(
        other.path().join("search/go.mod"),
        "module example.com/search\n",
    )
    .unwrap();
    std::fs::write(
        other.path().join("search/main.go"),
        b"package main\n// \xff\n",
    )
    .unwrap();
    let (_, report, _) = check_json(other.path().to_str().unwrap(), &["--select", "EC010"]);
    let found = messages(&report, "EC010", "billing/deploy/subscription.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("is dangling"), "{}", found[0]);
}

/// A service whose only Go file was skipped: not silence, a note.
#[test]
fn a_service_whose_go_code_was_all_skipped_is_not_judged_in_silence() {
    let dir = repo(&[
        ("billing/go.mod", "module example.com/billing\n"),
        ("billing/deploy/subscription.yaml", YAML),
    ]);
    std::fs::write(
        dir.path().join("billing/main.go"),
        b"package main\n// \xff\n",
    )
    .unwrap();
    let (_, report, _) = check_json(dir.path().to_str().unwrap(), &["--select", "EC010"]);
    let found = messages(&report, "EC010", "billing/deploy/subscription.yaml");
    assert!(!found.is_empty(), "{report:#?}");
    assert!(
        found
            .iter()
            .all(|m| m.contains("could not be judged") && m.contains("billing/main.go")),
        "{found:#?}"
    );
}

/// A skipped generated file (protobuf, deep-copy) registers no route: the
/// dangling route stays a warning.
#[test]
fn a_skipped_generated_file_does_not_keep_the_route_from_being_judged() {
    let dir = repo(&files());
    std::fs::write(
        dir.path().join("billing/billing.pb.go"),
        b"package main\n// \xff\n",
    )
    .unwrap();
    let (_, report, _) = check_json(dir.path().to_str().unwrap(), &["--select", "EC010"]);
    let found = messages(&report, "EC010", "billing/deploy/subscription.yaml");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].contains("is dangling"), "{}", found[0]);
}
