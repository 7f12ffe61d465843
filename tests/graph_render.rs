//! `eventlint graph` as pictures: what Mermaid and DOT draw, then the
//! Mermaid checked by the real Mermaid — its parser under Node (jsdom
//! providing the DOM it sanitises labels with), and a full render in
//! headless Chromium that measures every label as drawn. The helper
//! `tests/mermaid/check.mjs` drives both; `scripts/test` installs `mermaid`,
//! `jsdom` and `puppeteer-core` under `target/tools`.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

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

/// Names that are markup or keywords to Mermaid: a service called `end`,
/// topics with `|`, `<`, `>`, `#`, quotes and backticks.
const HOSTILE: &[(&str, &str)] = &[
    ("end/go.mod", "module example.com/end\n\ngo 1.22\n"),
    (
        "end/publish.go",
        r#"package end

import (
	"context"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"
)

func Emit(ctx context.Context, c dapr.Client, id string, v any) error {
	_ = c.PublishEvent(ctx, "pubsub", "end", v)
	_ = c.PublishEvent(ctx, "pubsub", "a|b <c> #1", v)
	_ = c.PublishEvent(ctx, "pubsub", `say "hi"`, v)
	return c.PublishEvent(ctx, "pubsub", fmt.Sprintf("`%s`|<%s>", id, id), v)
}
"#,
    ),
    ("graph/go.mod", "module example.com/graph\n\ngo 1.22\n"),
    (
        "graph/subscribe.go",
        r#"package graph

import "github.com/dapr/go-sdk/service/common"

func Register(s common.Service, h common.TopicEventHandler) error {
	return s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: "end", Route: "/end"}, h)
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

/// The tools the checks need, or `None` (skipped) when they are missing.
struct Tools {
    node: PathBuf,
    dir: PathBuf,
}

fn tools(browser: bool) -> Option<(Tools, Option<PathBuf>)> {
    let node = common::tool(&["node"])?;
    let core = common::tool(&["mermaid.core.mjs"])?;
    common::tool(&["api.js"])?; // jsdom
    let chromium = if browser {
        common::tool(&["puppeteer-core.js"])?;
        Some(common::tool(&["chromium", "chromium-browser"])?)
    } else {
        None
    };
    // target/tools/node_modules/mermaid/dist/mermaid.core.mjs
    let dir = core.ancestors().nth(4)?.to_path_buf();
    Some((Tools { node, dir }, chromium))
}

/// Runs `tests/mermaid/check.mjs` on `diagrams` (name, text): one JSON
/// result per diagram, in order.
fn check(
    tools: &Tools,
    chromium: Option<&Path>,
    diagrams: &[(&str, &str)],
) -> Vec<serde_json::Value> {
    let scratch = tempfile::tempdir().expect("temp dir");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mermaid/check.mjs");
    let mut cmd = Command::new(&tools.node);
    cmd.arg(script).arg(&tools.dir);
    match chromium {
        Some(c) => cmd.arg("render").arg(c),
        None => cmd.arg("parse"),
    };
    for (name, text) in diagrams {
        let path = scratch.path().join(format!("{name}.mmd"));
        std::fs::write(&path, text).expect("write diagram");
        cmd.arg(path);
    }
    let out = cmd.output().expect("run node");
    assert!(
        out.status.success(),
        "check.mjs failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let results: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("check.mjs prints JSON");
    assert_eq!(results.len(), diagrams.len());
    results
}

/// The shop's Mermaid with its last edge cut in half, and with a node
/// named by Mermaid's keyword `end`: what the real parser must refuse.
fn broken(mermaid: &str) -> (String, String) {
    let mut cut = mermaid.trim_end().to_string();
    let last = cut.rfind(' ').expect("an edge to cut");
    cut.truncate(last);
    let keyword = mermaid.replace("svc_order ", "end ");
    (cut, keyword)
}

#[test]
fn the_mermaid_parser_accepts_the_graphs_and_refuses_broken_ones() {
    let Some((tools, _)) = tools(false) else {
        return;
    };
    let shop = graph(Path::new(SHOP), "mermaid");
    let mismatch = repo(MISMATCH);
    let mismatch = graph(mismatch.path(), "mermaid");
    let hostile = repo(HOSTILE);
    let hostile = graph(hostile.path(), "mermaid");
    assert!(hostile.contains("svc_end"), "{hostile}");
    let (cut, keyword) = broken(&shop);
    let results = check(
        &tools,
        None,
        &[
            ("shop", &shop),
            ("mismatch", &mismatch),
            ("hostile", &hostile),
            ("cut", &cut),
            ("keyword", &keyword),
        ],
    );
    for r in &results[..3] {
        assert_eq!(r["ok"], true, "{r}");
    }
    for r in &results[3..] {
        assert_eq!(r["ok"], false, "{r}");
        assert!(
            r["error"]
                .as_str()
                .is_some_and(|e| e.contains("Parse error")),
            "{r}"
        );
    }
}

/// The shop as it was drawn before topics became nodes: every topic an
/// edge label. Its labels collide when rendered, so the overlap check can
/// fail.
const EDGE_LABELLED: &str = include_str!("mermaid/shop-edge-labels.mmd");

#[test]
fn rendered_graphs_keep_every_label_clear_of_the_others() {
    let Some((tools, Some(chromium))) = tools(true) else {
        return;
    };
    let shop = graph(Path::new(SHOP), "mermaid");
    let mismatch = repo(MISMATCH);
    let mismatch = graph(mismatch.path(), "mermaid");
    let hostile = repo(HOSTILE);
    let hostile = graph(hostile.path(), "mermaid");
    let results = check(
        &tools,
        Some(&chromium),
        &[
            ("shop", &shop),
            ("mismatch", &mismatch),
            ("edge-labelled", EDGE_LABELLED),
            ("hostile", &hostile),
        ],
    );
    for (r, text) in results.iter().zip([&shop, &mismatch]) {
        assert_eq!(r["ok"], true, "{r}");
        assert_eq!(r["overlaps"], serde_json::json!([]), "{}", r["overlaps"]);
        // Every node was drawn with its label, and every dashed edge dashed.
        let nodes = text
            .lines()
            .filter(|l| l.contains("[\"") || l.contains("{{\""))
            .count();
        let drawn = r["labels"]
            .as_array()
            .expect("labels")
            .iter()
            .filter(|l| l["kind"] == "node")
            .count();
        assert_eq!(drawn, nodes, "{r}");
        assert_eq!(r["dashed"], text.matches("-.->").count(), "{r}");
    }
    assert_eq!(
        results[0]["edge_labels"],
        serde_json::json!(["pubsub → ops-pubsub"])
    );
    assert_eq!(
        results[1]["edge_labels"],
        serde_json::json!(["pubsub-a → pubsub-b"])
    );
    // Markup in names is drawn as the text it is.
    let texts: Vec<&str> = results[3]["labels"]
        .as_array()
        .expect("labels")
        .iter()
        .filter_map(|l| l["text"].as_str())
        .collect();
    for name in [
        "end",
        "a|b <c> #1",
        "say \"hi\"",
        "fmt.Sprintf(\"`%s`|<%s>\", id, id)",
    ] {
        assert!(texts.contains(&name), "{name:?} not drawn: {texts:?}");
    }
    let old = &results[2];
    assert_eq!(old["ok"], true, "{old}");
    assert!(
        !old["overlaps"].as_array().expect("overlaps").is_empty(),
        "the edge-labelled drawing should collide: {old}"
    );
}
