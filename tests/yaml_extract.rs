//! Dapr YAML extraction: subscriptions, components, Helm templates and
//! values, malformed and hostile input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod common;

use std::fmt::Write as _;
use std::time::{Duration, Instant};

use eventlint::extract::yaml::extract_yaml;
use eventlint::extract::{Span, YamlFacts, YamlProblem, YamlSubscription, YamlValue};

fn input(name: &str) -> String {
    let path = format!("{}/tests/inputs/yaml/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn extract(name: &str) -> (YamlFacts, Vec<(u32, String)>) {
    extract_yaml(&format!("deploy/{name}"), &input(name))
}

fn value(v: &YamlValue) -> Option<&str> {
    v.value.as_deref()
}

fn routes(sub: &YamlSubscription) -> Vec<Option<&str>> {
    sub.routes.iter().map(value).collect()
}

/// The source text a span covers.
fn text(src: &str, span: Span) -> &str {
    &src[span.start as usize..span.end as usize]
}

/// The 1-based line `line` of `src`.
fn line(src: &str, line: u32) -> &str {
    src.lines().nth(line as usize - 1).unwrap()
}

#[test]
fn v1alpha1_subscription() {
    let src = input("subscription-v1.yaml");
    let (facts, suppressions) = extract("subscription-v1.yaml");
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    assert!(facts.components.is_empty());
    let [sub] = facts.subscriptions.as_slice() else {
        panic!("one subscription expected: {facts:?}");
    };
    assert_eq!(sub.name.as_deref(), Some("shipping-order-paid"));
    assert_eq!(value(&sub.topic), Some("order.paid"));
    assert_eq!(
        (sub.topic.span.line, sub.topic.span.column),
        (8, 10),
        "the span points at the value of `topic:`"
    );
    assert_eq!(
        (sub.topic.span.end_line, sub.topic.span.end_column),
        (8, 20)
    );
    assert_eq!(text(&src, sub.topic.span), "order.paid");
    // The route is normalised to a leading `/`; its span is the source text.
    assert_eq!(routes(sub), [Some("/events/order-paid")]);
    assert_eq!(text(&src, sub.routes[0].span), "events/order-paid");
    assert_eq!(sub.pubsub.as_ref().and_then(value), Some("order-pubsub"));
    let dead_letter = sub.dead_letter.as_ref().unwrap();
    assert_eq!(value(dead_letter), Some("order.paid.dlq"));
    assert_eq!(text(&src, dead_letter.span), "\"order.paid.dlq\"");
    assert_eq!(sub.scopes, ["shipping", "audit"]);
    assert!(!sub.helm_values);
    assert_eq!(
        suppressions,
        [(
            7,
            "ignore EC002 -- published by the legacy billing system".to_string()
        )]
    );
}

#[test]
fn v2alpha1_routes_default_first_then_rules() {
    let src = input("subscription-v2.yaml");
    let (facts, _) = extract("subscription-v2.yaml");
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    let [sub] = facts.subscriptions.as_slice() else {
        panic!("one subscription expected: {facts:?}");
    };
    assert_eq!(sub.name.as_deref(), Some("inventory-stock"));
    assert_eq!(value(&sub.topic), Some("inventory.stock-changed"));
    assert_eq!(sub.topic.span.line, 6);
    assert_eq!(
        routes(sub),
        [
            Some("/stock"),
            Some("/stock/reserved"),
            Some("/stock/released")
        ]
    );
    let lines: Vec<u32> = sub.routes.iter().map(|r| r.span.line).collect();
    assert_eq!(lines, [13, 10, 12]);
    assert_eq!(text(&src, sub.routes[2].span), "stock/released");
    assert_eq!(sub.pubsub.as_ref().and_then(value), Some("pubsub"));
    assert!(sub.dead_letter.is_none());
    assert!(sub.scopes.is_empty());
}

#[test]
fn multi_document_skips_kubernetes_documents() {
    let src = input("multi-doc.yaml");
    let (facts, suppressions) = extract("multi-doc.yaml");
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    assert!(facts.components.is_empty());
    assert!(suppressions.is_empty());
    let topics: Vec<_> = facts
        .subscriptions
        .iter()
        .map(|s| (value(&s.topic).unwrap(), s.topic.span.line))
        .collect();
    assert_eq!(topics, [("user.registered", 17), ("order.shipped", 42)]);
    for sub in &facts.subscriptions {
        assert!(line(&src, sub.topic.span.line).contains("topic:"));
    }
    assert_eq!(facts.subscriptions[1].scopes, ["notification"]);
}

#[test]
fn pubsub_and_state_components_with_outbox() {
    let src = input("components.yaml");
    let (facts, _) = extract("components.yaml");
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    assert!(facts.subscriptions.is_empty());
    // Input bindings are kept too (the route named after one is a binding
    // handler); other components are not.
    let [pubsub, state, binding] = facts.components.as_slice() else {
        panic!("a pubsub, a state and a binding component expected: {facts:?}");
    };
    assert_eq!(
        (binding.name.as_str(), binding.kind.as_str()),
        ("cron", "bindings.cron")
    );
    assert!(binding.outbox.is_none());
    assert_eq!(pubsub.name, "order-pubsub");
    assert_eq!(pubsub.kind, "pubsub.redis");
    assert_eq!((pubsub.span.line, pubsub.span.column), (4, 9));
    assert_eq!(text(&src, pubsub.span), "order-pubsub");
    assert!(pubsub.outbox.is_none());
    assert!(pubsub.scopes.is_empty());

    assert_eq!(state.name, "orderstore");
    assert_eq!(state.kind, "state.postgresql");
    assert_eq!(state.span.line, 15);
    assert_eq!(state.scopes, ["order"]);
    let (outbox_pubsub, outbox_topic) = state.outbox.as_ref().unwrap();
    assert_eq!(value(outbox_pubsub), Some("order-pubsub"));
    assert_eq!(outbox_pubsub.span.line, 25);
    assert_eq!(value(outbox_topic), Some("order.created"));
    assert_eq!(outbox_topic.span.line, 27);
}

#[test]
fn outbox_with_one_half_missing_is_unknown_there() {
    let src = "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: store\n\
               spec:\n  type: state.redis\n  metadata:\n  - name: outboxPublishTopic\n    value: t\n";
    let (facts, _) = extract_yaml("components/store.yaml", src);
    let (pubsub, topic) = facts.components[0].outbox.clone().unwrap();
    assert_eq!(pubsub.value, None);
    assert_eq!(topic.value.as_deref(), Some("t"));
}

#[test]
fn helm_template_values_are_unknown_and_lines_exact() {
    let src = input("helm-subscription.yaml");
    let (facts, _) = extract("helm-subscription.yaml");
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    let [templated, audit] = facts.subscriptions.as_slice() else {
        panic!("two subscriptions expected: {facts:?}");
    };
    // `name: {{ include ... }}-{{ $name }}`, `topic: {{ $sub.topic | quote }}`
    assert_eq!(templated.name, None);
    assert_eq!(templated.topic.value, None);
    assert_eq!(
        (templated.topic.span.line, templated.topic.span.column),
        (11, 10)
    );
    assert_eq!(text(&src, templated.topic.span), "{{ $sub.topic | quote }}");
    assert_eq!(routes(templated), [None]);
    assert_eq!(templated.routes[0].span.line, 13);
    assert_eq!(templated.pubsub.as_ref().unwrap().value, None);
    assert_eq!(templated.pubsub.as_ref().unwrap().span.line, 14);

    // The plain document after the templated one: line numbers unchanged.
    assert_eq!(audit.name.as_deref(), Some("order-audit"));
    assert_eq!(value(&audit.topic), Some("order.audited"));
    assert_eq!(audit.topic.span.line, 23);
    assert_eq!(line(&src, 23), "  topic: order.audited");
    assert_eq!(routes(audit), [Some("/audit")]);
    assert_eq!(audit.pubsub.as_ref().unwrap().value, None);
    // `{placeholder}` makes a value unknown too.
    let dead_letter = audit.dead_letter.as_ref().unwrap();
    assert_eq!(dead_letter.value, None);
    assert_eq!(dead_letter.span.line, 26);
}

#[test]
fn unreadable_template_gives_one_problem() {
    let (facts, _) = extract("helm-broken.yaml");
    let [YamlProblem { span, message, .. }] = facts.problems.as_slice() else {
        panic!("one problem expected: {:?}", facts.problems);
    };
    assert!(
        (7..=8).contains(&span.line),
        "the problem is at the unclosed list: {span:?}"
    );
    assert!(
        message.starts_with("Template could not be read as YAML"),
        "{message}"
    );
    assert!(facts.subscriptions.is_empty());
}

#[test]
fn helm_values_map() {
    let src = input("values.yaml");
    let (facts, _) = extract_yaml("charts/order/values.yaml", &src);
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    let [paid, stock] = facts.subscriptions.as_slice() else {
        panic!("two subscriptions expected: {facts:?}");
    };
    assert!(paid.helm_values && stock.helm_values);
    assert_eq!(paid.name.as_deref(), Some("payment-completed"));
    assert_eq!(value(&paid.topic), Some("payment.completed"));
    assert_eq!(paid.topic.span.line, 9);
    assert_eq!(routes(paid), [Some("/events/payment-completed")]);
    assert_eq!(paid.pubsub.as_ref().and_then(value), Some("pubsub"));
    assert_eq!(
        paid.dead_letter.as_ref().and_then(value),
        Some("payment.completed.dlq")
    );
    assert_eq!(stock.name.as_deref(), Some("stock-reserved"));
    assert_eq!(routes(stock), [Some("/events/stock-reserved")]);
    assert!(stock.pubsub.is_none());
}

#[test]
fn helm_values_list() {
    let (facts, _) = extract_yaml("charts/payment/values-list.yml", &input("values-list.yml"));
    assert!(facts.problems.is_empty(), "{:?}", facts.problems);
    let [refunds] = facts.subscriptions.as_slice() else {
        panic!("one subscription expected: {facts:?}");
    };
    assert_eq!(refunds.name.as_deref(), Some("refunds"));
    assert_eq!(value(&refunds.topic), Some("payment.refunded"));
    assert_eq!(refunds.topic.span.line, 4);
}

#[test]
fn values_shape_outside_a_values_file_is_ignored() {
    let (facts, _) = extract_yaml("charts/order/config.yaml", &input("values.yaml"));
    assert_eq!(facts, YamlFacts::default());
}

#[test]
fn malformed_dapr_yaml_gives_one_problem_at_the_error() {
    let (facts, _) = extract("malformed.yaml");
    let [YamlProblem { span, message, .. }] = facts.problems.as_slice() else {
        panic!("one problem expected: {:?}", facts.problems);
    };
    assert_eq!(span.line, 7, "{span:?}");
    assert!(span.column >= 1);
    assert!(
        message.starts_with("YAML could not be parsed: "),
        "{message}"
    );
    assert!(facts.subscriptions.is_empty());
}

#[test]
fn non_dapr_yaml_gives_nothing() {
    for name in ["unrelated.yaml", "deployment-template.yaml"] {
        let (facts, suppressions) = extract(name);
        assert_eq!(facts, YamlFacts::default(), "{name}");
        assert!(suppressions.is_empty(), "{name}");
    }
    // Even malformed, in a values file, without `dapr`.
    let (facts, _) = extract_yaml("values.yaml", &input("unrelated.yaml"));
    assert_eq!(facts, YamlFacts::default());
    let (facts, _) = extract_yaml("empty.yaml", "");
    assert_eq!(facts, YamlFacts::default());
}

#[test]
fn other_documents_of_a_file_survive_a_broken_one() {
    let src = format!(
        "{}---\n{}",
        input("malformed.yaml"),
        input("subscription-v2.yaml")
    );
    let (facts, _) = extract_yaml("subs.yaml", &src);
    assert_eq!(facts.problems.len(), 1);
    assert_eq!(facts.subscriptions.len(), 1);
    assert_eq!(facts.subscriptions[0].topic.span.line, 15);
}

#[test]
fn suppression_comments_anywhere() {
    let src = "# eventlint:file-ignore EC012\nkind: Service # eventlint:ignore EC010\n\
               url: http://x/#eventlint:not-a-comment\n";
    let (_, suppressions) = extract_yaml("a.yaml", src);
    assert_eq!(
        suppressions,
        [
            (1, "file-ignore EC012".to_string()),
            (2, "ignore EC010".to_string())
        ]
    );
}

/// Runs the extractor on hostile input and returns its single problem,
/// checking it finishes quickly.
fn hostile(src: &str) -> String {
    let started = Instant::now();
    let (facts, _) = extract_yaml("bomb.yaml", src);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let [YamlProblem { message, .. }] = facts.problems.as_slice() else {
        panic!("one problem expected: {:?}", facts.problems);
    };
    message.clone()
}

const HEADER: &str = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec:\n";

#[test]
fn alias_bomb_is_a_problem() {
    // Nine levels of nine aliases: 9^9 (~387 million) strings if expanded.
    let mut src = format!("{HEADER}  a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut previous = 'a';
    for name in 'b'..='j' {
        let refs = vec![format!("*{previous}"); 9].join(", ");
        writeln!(src, "  {name}: &{name} [{refs}]").unwrap();
        previous = name;
    }
    src.push_str("  topic: *j\n");
    assert!(src.len() < 1_000);
    let message = hostile(&src);
    assert!(message.contains("limits"), "{message}");
}

#[test]
fn deep_nesting_is_a_problem() {
    // 10,000 levels, in a flow sequence, block sequences and flow maps.
    let flow = format!(
        "{HEADER}  topic: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let block = format!("{HEADER}  topic:\n    {}x\n", "- ".repeat(10_000));
    let maps = format!(
        "{HEADER}  topic: {}1{}\n",
        "{a: ".repeat(10_000),
        "}".repeat(10_000)
    );
    for src in [flow, block, maps] {
        let message = hostile(&src);
        assert!(message.contains("limit"), "{message}");
    }
}

#[test]
fn deep_nesting_in_a_spawned_thread() {
    // Worker threads (rayon) have smaller stacks than the main thread.
    let handle = std::thread::Builder::new()
        .stack_size(64 * 1024)
        .spawn(|| {
            let src = format!("{HEADER}  topic: {}\n", "[".repeat(60) + &"]".repeat(60));
            extract_yaml("deep.yaml", &src)
        })
        .unwrap();
    let (facts, _) = handle.join().unwrap();
    // Read whole: no limit is met; the list topic is a shape Dapr rejects.
    assert!(
        facts
            .problems
            .iter()
            .any(|p| p.message.contains("`spec.topic` must be a single value")),
        "{:?}",
        facts.problems
    );
    assert!(
        facts.problems.iter().all(|p| p.help.is_some()),
        "{:?}",
        facts.problems
    );
    assert_eq!(facts.subscriptions[0].topic.value, None);
}

#[test]
fn odd_input_does_not_panic() {
    let cases = [
        "\u{feff}apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec:\n  topic: bom\n",
        "apiVersion: dapr.io/v1alpha1\r\nkind: Subscription\r\nspec:\r\n  topic: crlf\r\n",
        "apiVersion: dapr.io/v1alpha1\nkind: Subscription\n",
        "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec: [1, 2]\nscopes: {a: b}\n",
        "apiVersion: dapr.io/v1alpha1\nkind: Component\nspec:\n  type: pubsub.kafka\n",
        "dapr.io/v1 {{",
        "apiVersion: dapr.io/v1alpha1\n{{ {{ }} }}\n{\n",
        "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nspec:\n  topic: \"é\u{0}\"\n",
        "--- dapr.io/v1\n...\n---\n...\n",
        "apiVersion: dapr.io/v1alpha1\n? [complex, key]\n: value\n",
    ];
    for src in cases {
        let _ = extract_yaml("values.yaml", src);
        let _ = extract_yaml("x.yaml", src);
    }
    let (facts, _) = extract_yaml("a.yaml", cases[0]);
    assert_eq!(facts.subscriptions[0].topic.value.as_deref(), Some("bom"));
    assert_eq!(facts.subscriptions[0].topic.span.line, 4);
    let (facts, _) = extract_yaml("a.yaml", cases[1]);
    let topic = &facts.subscriptions[0].topic;
    assert_eq!(topic.value.as_deref(), Some("crlf"));
    assert_eq!(
        &cases[1][topic.span.start as usize..topic.span.end as usize],
        "crlf"
    );
    // A subscription with no spec: the topic is unknown, not invented.
    let (facts, _) = extract_yaml("a.yaml", cases[2]);
    assert_eq!(facts.subscriptions[0].topic.value, None);
}

#[test]
fn unicode_columns_are_bytes() {
    let src = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata: {name: \"ünï\"}\n\
               spec: {pubsubname: \"ünï\", topic: orders}\n";
    let (facts, _) = extract_yaml("a.yaml", src);
    let topic = &facts.subscriptions[0].topic;
    assert_eq!(
        &src[topic.span.start as usize..topic.span.end as usize],
        "orders"
    );
    let line_start = src[..topic.span.start as usize].rfind('\n').unwrap() + 1;
    assert_eq!(
        topic.span.column as usize,
        topic.span.start as usize - line_start + 1
    );
}

/// A Subscription field of the wrong type is an error at the field (Dapr
/// rejects the manifest); a broken Subscription is an error at the place
/// the parser stopped, with help about the manifest, not about file sizes.
#[test]
fn a_subscription_dapr_rejects_fails_the_run() {
    let dir = common::repo(&[
        (
            "deploy/typed.yaml",
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: pay\nspec:\n  topic: pay\n  routes: 42\n  pubsubname: pubsub\nscopes: billing\n",
        ),
        (
            "deploy/rules.yaml",
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: ship\nspec:\n  topic: ship\n  routes:\n    rules:\n      - match: event.type == \"x\"\n        path: [a]\n    default: /ship\n  pubsubname: pubsub\n",
        ),
        (
            "deploy/ok.yaml",
            "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: ok\nspec:\n  topic: ok\n  routes:\n    default: /ok\n  pubsubname: pubsub\nscopes: [billing]\n",
        ),
    ]);
    let root = dir.path().to_str().unwrap();
    let (code, report, _) = common::check_json(root, &["--select", "EC018"]);
    assert_eq!(code, 1);
    let found: Vec<(String, u64, String, String)> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["severity"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(
        found.iter().all(|(_, _, sev, _)| sev == "error"),
        "{found:#?}"
    );
    let at = |path: &str, line: u64, needle: &str| {
        assert!(
            found
                .iter()
                .any(|(p, l, _, m)| p == path && *l == line && m.contains(needle)),
            "{path}:{line} {needle}: {found:#?}"
        );
    };
    at(
        "deploy/typed.yaml",
        7,
        "`spec.routes` must be a map, found a number",
    );
    at(
        "deploy/typed.yaml",
        9,
        "`scopes` must be a list, found a string",
    );
    at(
        "deploy/rules.yaml",
        10,
        "`spec.routes.rules[].path` must be a single value, found a list",
    );
    // They are EC018's, not EC017's.
    let (code, report, _) = common::check_json(root, &["--select", "EC017"]);
    assert_eq!(
        (code, report["diagnostics"].as_array().map(Vec::len)),
        (0, Some(0))
    );
    // The configured level applies.
    std::fs::write(
        dir.path().join("eventlint.yaml"),
        "rules: { invalid-manifest: warning }\n",
    )
    .unwrap();
    let (_, report, _) = common::check_json(root, &["--select", "EC018"]);
    let diags = report["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 3, "{report:#?}");
    assert!(
        diags.iter().all(|d| d["severity"] == "warning"),
        "{report:#?}"
    );
    // A comment in the manifest suppresses its finding.
    std::fs::write(
        dir.path().join("deploy/rules.yaml"),
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: ship\nspec:\n  topic: ship\n  routes:\n    rules:\n      - match: event.type == \"x\"\n        # eventlint:ignore EC018 -- generated\n        path: [a]\n    default: /ship\n  pubsubname: pubsub\n",
    )
    .unwrap();
    let (_, report, _) = common::check_json(root, &["--select", "EC018"]);
    let paths: Vec<&str> = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| d["path"].as_str())
        .collect();
    assert_eq!(
        paths,
        ["deploy/typed.yaml", "deploy/typed.yaml"],
        "{report:#?}"
    );
    assert_eq!(report["summary"]["suppressed"], 1, "{report:#?}");
}

/// A misspelt or missing key is what a hand edit most often breaks: each is
/// one finding, with the nearest key Dapr knows, and a misspelt required key
/// is reported once (as the unknown key), not also as missing.
#[test]
fn missing_and_unknown_keys_of_dapr_manifests() {
    let dir = common::repo(&[
        (
            "deploy/sub.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: a\nspec:\n  topci: a\n  route: /a\n  pubsubname: pubsub\n---\napiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: b\nspec:\n  topic: b\n  route: /b\n",
        ),
        (
            "deploy/pubsub.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  typ: pubsub.redis\n  version: v1\n",
        ),
        (
            "charts/x/templates/sub.yaml",
            "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: c\nspec:\n  topic: c\n  {{- include \"route\" . | nindent 2 }}\n",
        ),
    ]);
    let config = eventlint::config::Config::default();
    let project = eventlint::project::Project::load(dir.path(), &config, Some(1)).unwrap();
    let graph = project.graph(&config);
    let selection = eventlint::rules::Selection {
        select: vec!["EC018".to_string()],
        ignore: Vec::new(),
    };
    let found: Vec<(String, u32, String, String)> = project
        .check(&graph, &config, &selection, false)
        .diagnostics
        .into_iter()
        .map(|d| (d.path, d.span.line, d.message, d.help.unwrap_or_default()))
        .collect();
    let expected = [
        (
            "deploy/pubsub.yaml",
            6,
            "unknown key `spec.typ`",
            "did you mean `type`?",
        ),
        (
            "deploy/sub.yaml",
            6,
            "unknown key `spec.topci`",
            "did you mean `topic`?",
        ),
        (
            "deploy/sub.yaml",
            14,
            "no `spec.pubsubname`",
            "add `pubsubname: <component>`",
        ),
    ];
    assert_eq!(found.len(), expected.len(), "{found:#?}");
    for ((p, l, m, h), (ep, el, em, eh)) in found.iter().zip(expected) {
        assert!(
            p == ep && *l == el && m.contains(em) && h.contains(eh),
            "{found:#?}"
        );
    }
}
