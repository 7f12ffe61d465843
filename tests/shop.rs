//! The bundled monorepo `fixtures/shop`: its flows, graph and traces.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::run_cli;

const SHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/shop");

/// The flows the fixture is built to carry: (publisher, topic, subscriber).
const FLOWS: &[(&str, &str, &str)] = &[
    ("checkout", "order.created", "order"),
    ("order", "order.confirmed", "warehouse"),
    ("order", "order.confirmed", "payment"),
    ("order", "order.confirmed", "notification"),
    ("order", "order.confirmed", "analytics"),
    ("payment", "payment.completed", "order"),
    ("payment", "payment.failed", "order"),
    ("payment", "payment.refunded", "order"),
    ("order", "order.paid", "fulfillment"),
    ("fulfillment", "fulfillment.completed", "shipping"),
    ("shipping", "shipping.shipped", "order"),
    ("shipping", "shipping.delivered", "order"),
    ("catalog", "product.created", "search"),
    ("catalog", "product.updated", "search"),
    ("catalog", "product.deleted", "search"),
    ("catalog", "product.updated", "pricing"),
    ("auth", "user.registered", "customer"),
    ("customer", "customer.updated", "notification"),
    ("customer", "customer.segment_changed", "pricing"),
    ("warehouse", "stock.low", "notification"),
    ("warehouse", "stock.reserved", "order"),
    ("warehouse", "stock.released", "order"),
];

fn graph_json() -> serde_json::Value {
    let (code, out, err) = run_cli(&["graph", "--root", SHOP, "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    serde_json::from_str(&out).expect("graph json")
}

/// Edges as the JSON shows them: every publisher service to every subscriber
/// service of a topic.
fn json_edges(graph: &serde_json::Value) -> Vec<(String, String, String)> {
    let mut edges = Vec::new();
    for t in graph["topics"].as_array().expect("topics") {
        let topic = t["topic"].as_str().expect("topic");
        for p in t["publishers"].as_array().expect("publishers") {
            for s in t["subscribers"].as_array().expect("subscribers") {
                // Identity is (pubsub, topic); an unknown component matches any.
                if !(p["pubsub"].is_null() || s["pubsub"].is_null() || p["pubsub"] == s["pubsub"]) {
                    continue;
                }
                edges.push((
                    p["service"].as_str().expect("service").to_string(),
                    topic.to_string(),
                    s["service"].as_str().expect("service").to_string(),
                ));
            }
        }
    }
    edges.sort();
    edges.dedup();
    edges
}

#[test]
fn shop_graph_holds_exactly_the_22_flows() {
    let graph = graph_json();
    let mut expected: Vec<(String, String, String)> = FLOWS
        .iter()
        .map(|(a, t, b)| ((*a).to_string(), (*t).to_string(), (*b).to_string()))
        .collect();
    expected.sort();
    assert_eq!(expected.len(), 22);
    assert_eq!(json_edges(&graph), expected);
    // The library's own edge list agrees with the JSON.
    let g = common::graph_with(Path::new(SHOP), &eventlint::config::Config::default());
    assert_eq!(g.edges(), expected);
    // Every other topic is one of the seeded violations (no subscriber, no
    // publisher, or a near miss), never an accidental flow.
    let mut loose: Vec<&str> = graph["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .map(|t| t["topic"].as_str().expect("topic"))
        .filter(|name| !FLOWS.iter().any(|(_, topic, _)| topic == name))
        .collect();
    loose.sort_unstable();
    assert_eq!(
        loose,
        [
            "customer.churned",
            "customer.deleted",
            "customers.deleted",
            "order.cancelled",
            "stock.audit"
        ]
    );
    assert_eq!(graph["dynamic"].as_array().map(Vec::len), Some(1));
}

#[test]
fn every_shop_subscriber_has_its_handler_resolved() {
    let graph = graph_json();
    let mut unresolved = Vec::new();
    for t in graph["topics"].as_array().expect("topics") {
        for s in t["subscribers"].as_array().expect("subscribers") {
            if !(s["handler_path"].is_string() && s["handler_line"].is_u64()) {
                unresolved.push(s["path"].as_str().expect("path").to_string());
            }
        }
    }
    // Only the seeded dangling subscription (EC010) has no handler.
    assert_eq!(
        unresolved,
        ["gitops/apps/shipping/subscription-fulfillment-audit.yaml"]
    );
}

#[test]
fn shop_graph_json_snapshot() {
    insta::assert_json_snapshot!("shop_graph", graph_json());
}

#[test]
fn shop_mermaid_snapshot() {
    let (code, out, err) = run_cli(&["graph", "--root", SHOP]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("flowchart LR\n"));
    insta::assert_snapshot!("shop_mermaid", out);
}

#[test]
fn shop_dot_snapshot() {
    let (code, out, err) = run_cli(&["graph", "--root", SHOP, "--format", "dot"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("shop_dot", out);
}

#[test]
fn trace_order_confirmed_shows_one_publisher_and_four_subscribers() {
    let (code, out, err) = run_cli(&[
        "trace",
        "order.confirmed",
        "--root",
        SHOP,
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "{err}");
    let t: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(t["topic"], "order.confirmed");
    assert_eq!(t["publishers"].as_array().map(Vec::len), Some(1));
    let mut subs: Vec<&str> = t["subscribers"]
        .as_array()
        .expect("subscribers")
        .iter()
        .map(|s| s["service"].as_str().expect("service"))
        .collect();
    subs.sort_unstable();
    assert_eq!(subs, ["analytics", "notification", "payment", "warehouse"]);
    // The trace is one element of the graph's topics.
    let graph = graph_json();
    let same = graph["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .find(|x| x["topic"] == "order.confirmed")
        .expect("topic");
    assert_eq!(&t, same);
}

#[test]
fn trace_text_snapshots() {
    for topic in [
        "order.confirmed",
        "order.paid",
        "product.updated",
        "shipping.shipped",
    ] {
        let (code, out, err) = run_cli(&["trace", topic, "--root", SHOP]);
        assert_eq!(code, 0, "{err}");
        insta::assert_snapshot!(format!("trace_{}", topic.replace('.', "_")), out);
    }
}

#[test]
fn trace_accepts_the_topic_constant() {
    let (code, by_name, _) = run_cli(&["trace", "order.confirmed", "--root", SHOP]);
    assert_eq!(code, 0);
    let (code, by_const, _) = run_cli(&["trace", "events.TopicOrderConfirmed", "--root", SHOP]);
    assert_eq!(code, 0);
    assert_eq!(by_name, by_const);
}

#[test]
fn trace_of_an_unknown_topic_suggests_near_names_and_exits_1() {
    let (code, out, err) = run_cli(&["trace", "order.confirmd", "--root", SHOP]);
    assert_eq!(code, 1);
    assert!(out.is_empty());
    assert!(err.contains("`order.confirmed`"), "{err}");
}

/// The violations seeded into the shop, one or more per rule:
/// (code, path, line).
const SEEDED: &[(&str, &str, u64)] = &[
    ("EC011", "analytics/internal/data/rollup.go", 25),
    ("EC003", "analytics/internal/service/order_stream.go", 37),
    ("EC015", "analytics/internal/service/watchers.go", 25),
    ("EC002", "analytics/internal/service/watchers.go", 32),
    ("EC014", "analytics/internal/service/watchers.go", 39),
    ("EC007", "auth/internal/data/user_import.go", 25),
    ("EC012", "catalog/internal/data/notifier.go", 52),
    ("EC016", "common/events/lifecycle_events.go", 8),
    (
        "EC010",
        "gitops/apps/shipping/subscription-fulfillment-audit.yaml",
        8,
    ),
    ("EC003", "notification/internal/service/handlers.go", 73),
    ("EC004", "order/internal/biz/cancel.go", 19),
    ("EC005", "order/internal/biz/cancel.go", 19),
    ("EC008", "order/internal/biz/cancel.go", 19),
    ("EC001", "order/internal/biz/cancel.go", 39),
    ("EC006", "order/internal/biz/cancel.go", 39),
    ("EC003", "order/internal/service/shipping_events.go", 77),
    ("EC013", "payment/internal/data/events.go", 32),
    ("EC013", "payment/internal/data/events.go", 37),
    ("EC013", "payment/internal/data/events.go", 46),
    ("EC009", "pricing/internal/service/segment_audit.go", 32),
];

/// The shop's findings, run on a copy: in the eventlint checkout, paths
/// would be relative to the checkout's top level (`fixtures/shop/...`).
fn check_json() -> serde_json::Value {
    let shop = common::shop_copy();
    let root = shop.path().to_str().expect("utf-8");
    let (code, out, err) = run_cli(&["check", "--root", root, "--format", "json"]);
    assert_eq!(code, 1, "warnings and errors fail the run: {err}");
    serde_json::from_str(&out).expect("json")
}

#[test]
fn shop_yields_exactly_its_seeded_findings() {
    let report = check_json();
    let found: Vec<(String, String, u64)> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["code"].as_str().expect("code").to_string(),
                d["path"].as_str().expect("path").to_string(),
                d["line"].as_u64().expect("line"),
            )
        })
        .collect();
    let expected: Vec<(String, String, u64)> = SEEDED
        .iter()
        .map(|(c, p, l)| ((*c).to_string(), (*p).to_string(), *l))
        .collect();
    assert_eq!(found, expected);
    // Every rule of the catalogue is exercised, but the opt-in EC000, EC017
    // and EC018 (the shop has no unreadable file nor broken manifest:
    // tests/robustness.rs and fixtures/EC018-* have them).
    for rule in eventlint::rules::ALL
        .iter()
        .filter(|r| !matches!(r.code, "EC000" | "EC017" | "EC018"))
    {
        assert!(
            SEEDED.iter().any(|(c, _, _)| *c == rule.code),
            "{} not seeded",
            rule.code
        );
    }
    assert_eq!(report["summary"]["files"], 125);
}

#[test]
fn shop_check_json_snapshot() {
    insta::assert_json_snapshot!("shop_check", check_json());
}

#[test]
fn two_party_findings_name_the_other_party() {
    let report = check_json();
    for d in report["diagnostics"].as_array().expect("diagnostics") {
        if ["EC009", "EC014", "EC015"].contains(&d["code"].as_str().expect("code")) {
            assert!(!d["related"].as_array().expect("related").is_empty(), "{d}");
        }
    }
}
