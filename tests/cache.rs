//! The facts cache: a second run reuses the facts of unchanged files and
//! gives the same report; edits, corruption and `--no-cache` are handled.

#![allow(clippy::expect_used, clippy::unwrap_used)]

mod common;

use common::repo;

const PUBLISHER: &str = "package orders\n\nconst TopicOrderCreated = \"order.created\"\n\nfunc (s *S) Place(ctx Ctx, evt E) { _ = s.c.PublishEvent(ctx, \"ps\", TopicOrderCreated, evt) }\n";
const SUBSCRIBER: &str = "package billing\n\nfunc R(s S) error { return s.AddConsumer(\"order.created\", \"ps\", h) }\n\nfunc h() {}\n";

fn report(root: &str, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["--fail-on", "never"];
    args.extend_from_slice(extra);
    let (code, mut v, err) = common::check_json(root, &args);
    assert_eq!(code, 0, "{err}");
    v["summary"]
        .as_object_mut()
        .expect("summary")
        .remove("time");
    v
}

#[test]
fn a_cached_run_reports_the_same_and_edits_are_seen() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
        (
            "orders/plain.go",
            "package orders\n\nfunc helper() int { return 1 }\n",
        ),
        ("billing/go.mod", "module x/billing\n"),
        ("billing/sub.go", SUBSCRIBER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let cold = report(root, &[]);
    let cache = dir.path().join(".eventlint-cache/facts.bin");
    assert!(cache.is_file(), "the first run writes the cache");
    assert!(
        std::fs::read_to_string(dir.path().join(".eventlint-cache/.gitignore"))
            .expect("gitignore")
            .contains('*')
    );
    let before = std::fs::metadata(&cache)
        .expect("meta")
        .modified()
        .expect("mtime");
    let warm = report(root, &[]);
    assert_eq!(cold, warm);
    // Nothing changed: the cache is not rewritten.
    assert_eq!(
        before,
        std::fs::metadata(&cache)
            .expect("meta")
            .modified()
            .expect("mtime")
    );

    // An edit is seen: the subscription moves to another topic.
    std::fs::write(
        dir.path().join("billing/sub.go"),
        SUBSCRIBER.replace("order.created", "order.paid"),
    )
    .expect("write");
    let edited = report(root, &[]);
    let codes: Vec<&str> = edited["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().expect("code"))
        .collect();
    assert!(
        codes.contains(&"EC001") && codes.contains(&"EC002"),
        "{codes:?}"
    );
    assert_eq!(
        edited,
        report(dir.path().to_str().expect("utf-8"), &["--no-cache"])
    );
}

#[test]
fn a_corrupt_cache_is_ignored_and_rebuilt() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let first = report(root, &[]);
    let cache = dir.path().join(".eventlint-cache/facts.bin");
    std::fs::write(&cache, b"\x00\x01garbage that is no cache").expect("write");
    assert_eq!(first, report(root, &[]));
    assert!(std::fs::read(&cache).expect("cache").len() > 30, "rebuilt");
}

#[test]
fn no_cache_writes_nothing() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
    ]);
    report(dir.path().to_str().expect("utf-8"), &["--no-cache"]);
    assert!(!dir.path().join(".eventlint-cache").exists());
}

#[test]
fn a_file_skipped_under_one_configuration_is_read_under_another() {
    // The pre-scan skips files that mention no configured call. A cached
    // "skipped" must not outlive the configuration that skipped it.
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        (
            "orders/emit.go",
            "package orders\n\nfunc (s *S) Place(ctx Ctx, evt E) error { return s.bus.Emit(ctx, \"order.shipped\", evt) }\n",
        ),
        ("billing/go.mod", "module x/billing\n"),
        ("billing/sub.go", SUBSCRIBER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let plain = report(root, &[]);
    let topics = |v: &serde_json::Value| -> Vec<String> {
        v["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .filter_map(|d| d["topic"].as_str().map(str::to_string))
            .collect()
    };
    assert!(!topics(&plain).contains(&"order.shipped".to_string()));
    let config = dir.path().join("emit.yaml");
    std::fs::write(
        &config,
        "extract:\n  publish:\n    - { call: \"*.Emit\", topic_arg: 1, payload_arg: 2 }\n",
    )
    .expect("config");
    let config = config.to_str().expect("utf-8");
    let cached = report(root, &["--config", config]);
    let fresh = report(root, &["--config", config, "--no-cache"]);
    assert_eq!(cached, fresh);
    assert!(
        topics(&fresh).contains(&"order.shipped".to_string()),
        "the Emit publish is found: {fresh:#}"
    );
}

#[test]
fn a_deleted_file_leaves_the_cache_and_the_report() {
    let dir = repo(&[
        ("orders/go.mod", "module x/orders\n"),
        ("orders/place.go", PUBLISHER),
        ("billing/go.mod", "module x/billing\n"),
        ("billing/sub.go", SUBSCRIBER),
    ]);
    let root = dir.path().to_str().expect("utf-8");
    let cold = report(root, &[]);
    let cache = dir.path().join(".eventlint-cache/facts.bin");
    let size = |p: &std::path::Path| std::fs::metadata(p).expect("meta").len();
    let before = size(&cache);
    // Unchanged files are kept as stored; the deleted one is dropped.
    std::fs::remove_file(dir.path().join("billing/sub.go")).expect("rm");
    let after_delete = report(root, &[]);
    assert_ne!(cold, after_delete);
    assert_eq!(after_delete, report(root, &["--no-cache"]));
    assert!(
        size(&cache) < before,
        "the cache was rewritten without the file"
    );
    // And what was kept still answers a third run.
    assert_eq!(after_delete, report(root, &[]));
}
