//! `eventlint graph` as pictures: what Mermaid and DOT draw.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{repo, run_cli};

const SHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/shop");

/// Two services: `order.placed` flows on `pubsub-a`; `invoice.issued` is
/// published on `pubsub-a` and subscribed on `pubsub-b`, so it never arrives.
const MISMATCH: &[(&str, &str)] = &[
    ("orders/go.mod", "module example.com/orders\n\ngo 1.22\n"),
    (
        "orders/publish.go",
        r#"package orders

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

func Place(ctx context.Context, c dapr.Client, v any) error {
	return c.PublishEvent(ctx, "pubsub-a", "order.placed", v)
}

func Invoice(ctx context.Context, c dapr.Client, v any) error {
	return c.PublishEvent(ctx, "pubsub-a", "invoice.issued", v)
}
"#,
    ),
    ("billing/go.mod", "module example.com/billing\n\ngo 1.22\n"),
    (
        "billing/subscribe.go",
        r#"package billing

import "github.com/dapr/go-sdk/service/common"

func Register(s common.Service, h common.TopicEventHandler) error {
	if err := s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub-a", Topic: "order.placed", Route: "/placed"}, h); err != nil {
		return err
	}
	return s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub-b", Topic: "invoice.issued", Route: "/issued"}, h)
}
"#,
    ),
];

fn graph(root: &Path, format: &str) -> String {
    let root = root.to_str().expect("utf-8 path");
    let (code, out, err) = run_cli(&["graph", "--root", root, "--format", format]);
    assert_eq!(code, 0, "{err}");
    out
}

#[test]
fn a_pubsub_mismatch_is_a_dashed_edge_labelled_with_both_components() {
    let dir = repo(MISMATCH);
    let mermaid = graph(dir.path(), "mermaid");
    let lines: Vec<&str> = mermaid.lines().map(str::trim).collect();
    for line in [
        "topic_invoice_issued([\"invoice.issued\"]):::unmatched",
        "svc_orders -.-> topic_invoice_issued",
        "topic_invoice_issued -.->|\"pubsub-a → pubsub-b\"| svc_billing",
        "topic_order_placed([\"order.placed\"]):::topic",
        "svc_orders --> topic_order_placed",
        "topic_order_placed --> svc_billing",
    ] {
        assert!(lines.contains(&line), "no `{line}` in\n{mermaid}");
    }
    let dot = graph(dir.path(), "dot");
    let lines: Vec<&str> = dot.lines().map(str::trim).collect();
    for line in [
        "\"svc_orders\" -> \"topic_invoice_issued\" [style=dashed];",
        "\"topic_invoice_issued\" -> \"svc_billing\" [label=\"pubsub-a → pubsub-b\", style=dashed];",
        "\"svc_orders\" -> \"topic_order_placed\";",
        "\"topic_order_placed\" -> \"svc_billing\";",
    ] {
        assert!(lines.contains(&line), "no `{line}` in\n{dot}");
    }
    // The JSON keeps the topic as it was: one topic, each side with its component.
    let json: serde_json::Value =
        serde_json::from_str(&graph(dir.path(), "json")).expect("graph json");
    let t = json["topics"]
        .as_array()
        .expect("topics")
        .iter()
        .find(|t| t["topic"] == "invoice.issued")
        .expect("invoice.issued");
    assert_eq!(t["publishers"][0]["pubsub"], "pubsub-a");
    assert_eq!(t["subscribers"][0]["pubsub"], "pubsub-b");
}

#[test]
fn every_shop_topic_is_one_node_and_every_flow_passes_through_it() {
    let mermaid = graph(Path::new(SHOP), "mermaid");
    let g = common::graph_with(Path::new(SHOP), &eventlint::config::Config::default());
    for t in &g.topics {
        assert!(
            mermaid.contains(&format!("([\"{}\"])", t.name)),
            "no node for {}",
            t.name
        );
    }
    // Each flow of the library's edge list is publisher → topic → subscriber.
    let id = |prefix: &str, name: &str| {
        format!(
            "{prefix}{}",
            name.replace(|c: char| !c.is_ascii_alphanumeric(), "_")
        )
    };
    for (from, topic, to) in g.edges() {
        let (f, t, s) = (id("svc_", &from), id("topic_", &topic), id("svc_", &to));
        assert!(mermaid.contains(&format!("    {f} --> {t}\n")), "{f} → {t}");
        assert!(mermaid.contains(&format!("    {t} --> {s}\n")), "{t} → {s}");
    }
    // The seeded mismatch (`stock.audit`: warehouse on `pubsub`, analytics
    // on `ops-pubsub`) is drawn, and labelled.
    assert!(mermaid.contains("topic_stock_audit -.->|\"pubsub → ops-pubsub\"| svc_analytics\n"));
    // No edge but that one carries a label: topics are nodes.
    assert_eq!(
        mermaid.matches("-.->|").count() + mermaid.matches("-->|").count(),
        1
    );
}
