//! The language server: driven in-process over `Connection::memory()`, and
//! as the real binary over stdio, the way an editor runs it. Every wait is
//! bounded, so a bug fails the test instead of hanging it.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Command;
use std::sync::mpsc;
use std::time::{Duration, Instant};

use lsp_server::{Connection, Message, Notification, Request, RequestId, Response};
use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

const EVENTS: &str = r#"// Package events holds the topic names and payloads shared by the services.
package events

const (
	TopicOrderCreated = "order.created"
	TopicOrderPaid    = "order.paid"
)

type OrderEvent struct {
	EventID       string `json:"event_id"`
	CorrelationID string `json:"correlation_id"`
	Version       int    `json:"version"`
	OrderID       string `json:"order_id"`
}
"#;

/// The publisher (`order/biz/order.go`); `TOPIC` is replaced. A non-ASCII
/// comment precedes the publish call on its line (line 21).
const ORDER: &str = r#"package biz

import (
	"context"
	"log/slog"

	"example.com/events"
)

type EventPublisher interface {
	Publish(ctx context.Context, topic string, evt any) error
}

type OrderUsecase struct {
	pub EventPublisher
	log *slog.Logger
}

func (uc *OrderUsecase) Pay(ctx context.Context, id string) {
	evt := &events.OrderEvent{OrderID: id, Version: 1}
	if err := /* café */ uc.pub.Publish(ctx, TOPIC, evt); err != nil {
		uc.log.Error("publish", "err", err)
	}
}
"#;

/// The subscriber of `order.created` (`notify/server/subscribe.go`).
const NOTIFY: &str = r#"package server

import (
	"context"
	"log/slog"

	"github.com/dapr/go-sdk/service/common"

	"example.com/events"
)

func Register(s common.Service) error {
	return s.AddTopicEventHandler(&common.Subscription{
		PubsubName: "pubsub",
		Topic:      events.TopicOrderCreated,
		Route:      "/events/order-created",
	}, handle)
}

func handle(ctx context.Context, e *common.TopicEvent) (bool, error) {
	slog.Info("order created", "id", e.ID)
	return false, nil
}
"#;

fn go_mod(name: &str) -> String {
    format!(
        "module example.com/{name}\n\ngo 1.22\n\nrequire example.com/events v0.0.0\n\nreplace example.com/events => ../events\n"
    )
}

fn order(topic: &str) -> String {
    ORDER.replace("TOPIC", topic)
}

/// order publishes `order.paid` (nobody subscribes: EC001 on order.go);
/// notify subscribes `order.created` (nobody publishes: EC002 on subscribe.go).
fn shop() -> tempfile::TempDir {
    let (order_mod, notify_mod) = (go_mod("order"), go_mod("notify"));
    let order_go = order("events.TopicOrderPaid");
    common::repo(&[
        ("events/go.mod", "module example.com/events\n\ngo 1.22\n"),
        ("events/topics.go", EVENTS),
        ("order/go.mod", &order_mod),
        ("order/biz/order.go", &order_go),
        ("notify/go.mod", &notify_mod),
        ("notify/server/subscribe.go", NOTIFY),
    ])
}

fn uri(root: &Path, rel: &str) -> String {
    format!("file://{}/{rel}", root.display())
}

/// The last diagnostics published per URI.
type Published = BTreeMap<String, Vec<Value>>;

/// A client talking to an in-process server.
struct Client {
    conn: Connection,
    done: mpsc::Receiver<Result<(), String>>,
    next: i32,
    root: std::path::PathBuf,
    logs: Vec<Value>,
}

impl Client {
    /// Starts a server, initializes it on `root`, and returns what it
    /// published at start-up.
    fn start(root: &Path, encodings: &[&str]) -> (Client, Value, Published) {
        let (server, conn) = Connection::memory();
        let (tx, done) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(eventlint::lsp::serve(server).map_err(|e| e.to_string()));
        });
        let mut client = Client {
            conn,
            done,
            next: 0,
            root: root.to_path_buf(),
            logs: Vec::new(),
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": format!("file://{}", root.display()),
                "capabilities": { "general": { "positionEncodings": encodings } },
            }),
        );
        let init = init.response_result.expect("initialize succeeds");
        client.notify("initialized", json!({}));
        let published = client.barrier();
        (client, init, published)
    }

    fn uri(&self, rel: &str) -> String {
        uri(&self.root, rel)
    }

    fn recv(&self) -> Message {
        self.conn
            .receiver
            .recv_timeout(WAIT)
            .expect("the server answers within 10 s")
    }

    fn notify(&self, method: &str, params: Value) {
        let n = Notification::new(method.to_string(), params);
        self.conn.sender.send(n.into()).expect("server alive");
    }

    fn send_request(&mut self, method: &str, params: Value) -> RequestId {
        self.next += 1;
        let id = RequestId::from(self.next);
        let r = Request::new(id.clone(), method.to_string(), params);
        self.conn.sender.send(r.into()).expect("server alive");
        id
    }

    /// Sends a request; returns its response and the diagnostics published before it.
    fn request_collect(&mut self, method: &str, params: Value) -> (Response, Published) {
        let id = self.send_request(method, params);
        let mut published = Published::new();
        loop {
            match self.recv() {
                Message::Response(r) if r.id == id => return (r, published),
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => {
                    let uri = n.params["uri"].as_str().unwrap().to_string();
                    let diags = n.params["diagnostics"].as_array().unwrap().clone();
                    published.insert(uri, diags);
                }
                Message::Notification(n) if n.method == "window/logMessage" => {
                    self.logs.push(n.params);
                }
                other => panic!("unexpected message {other:?}"),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Response {
        self.request_collect(method, params).0
    }

    /// Everything published so far: the server handles messages in order and
    /// lints before it answers a request.
    fn barrier(&mut self) -> Published {
        let nowhere = self.uri("nowhere.go");
        let params = json!({ "textDocument": { "uri": nowhere }, "position": { "line": 0, "character": 0 } });
        let (r, published) = self.request_collect("textDocument/hover", params);
        assert_eq!(r.response_result.unwrap(), Value::Null);
        published
    }

    fn open(&self, rel: &str, text: &str) {
        let doc = json!({ "uri": self.uri(rel), "languageId": "go", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    }

    fn change(&self, rel: &str, version: i32, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({
                "textDocument": { "uri": self.uri(rel), "version": version },
                "contentChanges": [{ "text": text }],
            }),
        );
    }

    fn hover(&mut self, rel: &str, line: u32, character: u32) -> Value {
        let params = json!({
            "textDocument": { "uri": self.uri(rel) },
            "position": { "line": line, "character": character },
        });
        self.request("textDocument/hover", params)
            .response_result
            .unwrap()
    }

    /// Shuts the server down; it must stop cleanly.
    fn shutdown(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r.response_result.unwrap(), Value::Null);
        self.notify("exit", Value::Null);
        let result = self.done.recv_timeout(WAIT).expect("the server stops");
        assert_eq!(result, Ok(()));
    }
}

fn codes(diags: &[Value]) -> Vec<&str> {
    diags.iter().map(|d| d["code"].as_str().unwrap()).collect()
}

/// `(path, codes)` of what was published, paths relative to `root`.
fn summary<'a>(root: &Path, published: &'a Published) -> Vec<(String, Vec<&'a str>)> {
    let prefix = uri(root, "");
    published
        .iter()
        .map(|(u, d)| (u.trim_start_matches(&prefix).to_string(), codes(d)))
        .collect()
}

#[test]
fn edits_in_one_file_update_the_diagnostics_of_others() {
    let dir = shop();
    let root = dir.path();
    let (mut c, _, published) = Client::start(root, &["utf-16"]);
    assert_eq!(
        summary(root, &published),
        [
            ("notify/server/subscribe.go".to_string(), vec!["EC002"]),
            ("order/biz/order.go".to_string(), vec!["EC001"]),
        ]
    );
    let ec001 = &published[&c.uri("order/biz/order.go")][0];
    assert_eq!(ec001["source"], "eventlint");
    assert_eq!(ec001["severity"], 2);
    assert_eq!(
        ec001["codeDescription"]["href"],
        "https://github.com/eventlint/eventlint/blob/main/rules/EC001-unsubscribed-topic.md"
    );
    // The message, then the help on its own line.
    let message = ec001["message"].as_str().unwrap();
    let (first, help) = message.split_once('\n').expect("help on a second line");
    assert_eq!(
        first,
        "Topic `order.paid` is published but never subscribed"
    );
    assert!(help.starts_with("subscribe to it"), "{help}");

    // Opening a file unchanged publishes nothing new.
    let paid = order("events.TopicOrderPaid");
    c.open("order/biz/order.go", &paid);
    assert_eq!(c.barrier(), Published::new());

    // The publisher now publishes the subscribed topic: its EC001 and the
    // subscriber's EC002 clear, and order.paid's constant is now unused.
    let created = order("events.TopicOrderCreated");
    c.change("order/biz/order.go", 2, &created);
    assert_eq!(
        summary(root, &c.barrier()),
        [
            ("events/topics.go".to_string(), vec!["EC016"]),
            ("notify/server/subscribe.go".to_string(), vec![]),
            ("order/biz/order.go".to_string(), vec![]),
        ]
    );

    // No publish at all: the subscriber's EC002 comes back, nothing else moves.
    let silent = ORDER.replace("uc.pub.Publish(ctx, TOPIC, evt)", "error(nil)");
    c.change("order/biz/order.go", 3, &silent);
    assert_eq!(
        summary(root, &c.barrier()),
        [("notify/server/subscribe.go".to_string(), vec!["EC002"])]
    );

    // Two quick edits: the last one wins. (Whether the server lints in
    // between depends on timing, so only the outcome is checked.)
    c.change("order/biz/order.go", 4, &paid);
    c.change("order/biz/order.go", 5, &created);
    let burst = c.barrier();
    assert_eq!(
        burst[&c.uri("notify/server/subscribe.go")],
        Vec::<Value>::new()
    );
    assert!(burst.values().all(Vec::is_empty), "{burst:?}");

    // The fix of the last finding lands: every file is clean.
    let events = EVENTS.replace("\tTopicOrderPaid    = \"order.paid\"\n", "");
    c.open("events/topics.go", EVENTS);
    c.change("events/topics.go", 2, &events);
    assert_eq!(
        summary(root, &c.barrier()),
        [("events/topics.go".to_string(), vec![])]
    );

    // Closing the unsaved buffer goes back to the file on disk.
    let close = json!({ "textDocument": { "uri": c.uri("events/topics.go") } });
    c.notify("textDocument/didClose", close);
    assert_eq!(
        summary(root, &c.barrier()),
        [("events/topics.go".to_string(), vec!["EC016"])]
    );
    c.shutdown();
}

#[test]
fn related_locations_point_at_the_other_party() {
    let dir = shop();
    let (mut c, _, _) = Client::start(dir.path(), &[]);
    c.open("order/biz/order.go", &order("events.TopicOrderCreated"));
    let typo = NOTIFY.replace("events.TopicOrderCreated,", "\"order.creatd\",");
    c.open("notify/server/subscribe.go", &typo);
    let published = c.barrier();
    let near_miss = &published[&c.uri("notify/server/subscribe.go")];
    assert_eq!(codes(near_miss), ["EC014"]);
    assert_eq!(near_miss[0]["severity"], 1);
    let related = &near_miss[0]["relatedInformation"];
    assert_eq!(related.as_array().unwrap().len(), 1, "{related}");
    assert_eq!(related[0]["location"]["uri"], c.uri("order/biz/order.go"));
    // The publish call after `/* café */`, in UTF-16 units.
    assert_eq!(
        related[0]["location"]["range"]["start"],
        json!({ "line": 20, "character": 22 })
    );
    assert_eq!(related[0]["message"], "`order.created` is published here");
    c.shutdown();
}

#[test]
fn columns_count_utf16_units_unless_utf8_is_negotiated() {
    let dir = shop();
    let root = dir.path();
    // `\tif err := /* café */ uc.pub.Publish(...)`: the call starts at byte
    // 23 and UTF-16 unit 22 of line 20 (0-based).
    let range =
        |published: &Published| published[&uri(root, "order/biz/order.go")][0]["range"].clone();
    let (c, init, published) = Client::start(root, &["utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-16");
    assert_eq!(
        range(&published),
        json!({ "start": { "line": 20, "character": 22 }, "end": { "line": 20, "character": 69 } })
    );
    c.shutdown();

    let (mut c, init, published) = Client::start(root, &["utf-8", "utf-16"]);
    assert_eq!(init["capabilities"]["positionEncoding"], "utf-8");
    assert_eq!(
        range(&published),
        json!({ "start": { "line": 20, "character": 23 }, "end": { "line": 20, "character": 70 } })
    );
    // Hover positions are bytes too: `TopicOrderPaid` after the comment.
    let line = order("events.TopicOrderPaid")
        .lines()
        .nth(20)
        .unwrap()
        .to_string();
    let byte = u32::try_from(line.find("TopicOrderPaid").unwrap()).unwrap();
    let hover = c.hover("order/biz/order.go", 20, byte);
    assert!(
        hover["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("topic order.paid")
    );
    c.shutdown();
}

#[test]
fn hover_on_a_topic_shows_its_trace() {
    let dir = shop();
    let (mut c, _, _) = Client::start(dir.path(), &[]);
    let text = |h: &Value| {
        h["contents"]["value"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };

    // The string literal of a constant declaration.
    let h = c.hover("events/topics.go", 4, 25);
    assert_eq!(h["contents"]["kind"], "markdown");
    let value = text(&h);
    assert!(
        value.starts_with("```text\ntopic order.created  (const events.TopicOrderCreated)"),
        "{value}"
    );
    assert!(value.contains("subscribers (1)\n  notify"), "{value}");
    assert!(value.trim_end().ends_with("```"), "{value}");
    assert_eq!(
        h["range"],
        json!({ "start": { "line": 4, "character": 21 }, "end": { "line": 4, "character": 36 } })
    );

    // A qualified constant, on its name or on its package.
    let h = c.hover("notify/server/subscribe.go", 14, 22);
    assert!(text(&h).contains("topic order.created"), "{h}");
    assert_eq!(h["range"]["start"]["character"], 14);
    assert_eq!(h["range"]["end"]["character"], 38);
    let h = c.hover("notify/server/subscribe.go", 14, 15);
    assert!(text(&h).contains("topic order.created"), "{h}");

    // A bare constant in its own package, and one after a non-ASCII comment
    // (UTF-16: `é` is one unit).
    assert!(text(&c.hover("events/topics.go", 5, 3)).contains("topic order.paid"));
    let line = order("events.TopicOrderPaid")
        .lines()
        .nth(20)
        .unwrap()
        .to_string();
    let at = line.find("TopicOrderPaid").unwrap() - 1;
    let h = c.hover("order/biz/order.go", 20, u32::try_from(at).unwrap());
    assert!(text(&h).contains("publishers (1)\n  order"), "{h}");

    // Anything else: no hover.
    assert_eq!(c.hover("events/topics.go", 1, 3), Value::Null); // `package`
    assert_eq!(c.hover("notify/server/subscribe.go", 15, 20), Value::Null); // a route
    assert_eq!(c.hover("events/topics.go", 400, 0), Value::Null);
    c.shutdown();
}

#[test]
fn quick_fix_inserts_an_ignore_comment_above_the_finding() {
    let dir = shop();
    let root = dir.path();
    let (mut c, _, published) = Client::start(root, &[]);
    let diag = published[&c.uri("order/biz/order.go")][0].clone();
    let params = json!({
        "textDocument": { "uri": c.uri("order/biz/order.go") },
        "range": { "start": { "line": 20, "character": 30 }, "end": { "line": 20, "character": 30 } },
        "context": { "diagnostics": [diag] },
    });
    let actions = c.request("textDocument/codeAction", params.clone());
    let actions = actions.response_result.unwrap();
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions}");
    let action = &actions[0];
    assert_eq!(action["kind"], "quickfix");
    assert_eq!(action["diagnostics"][0]["code"], "EC001");
    let edits = &action["edit"]["changes"][c.uri("order/biz/order.go")];
    assert_eq!(
        edits,
        &json!([{
            "range": { "start": { "line": 20, "character": 0 }, "end": { "line": 20, "character": 0 } },
            "newText": "\t//eventlint:ignore EC001 -- \n",
        }])
    );

    // Other lines, or other kinds of action: nothing.
    let mut elsewhere = params.clone();
    elsewhere["range"] =
        json!({ "start": { "line": 3, "character": 0 }, "end": { "line": 5, "character": 0 } });
    let none = c.request("textDocument/codeAction", elsewhere);
    assert_eq!(none.response_result.unwrap(), json!([]));
    let mut refactor = params;
    refactor["context"]["only"] = json!(["refactor"]);
    let none = c.request("textDocument/codeAction", refactor);
    assert_eq!(none.response_result.unwrap(), json!([]));

    // Applying the edit suppresses the finding.
    let paid = order("events.TopicOrderPaid");
    let mut lines: Vec<&str> = paid.lines().collect();
    lines.insert(20, "\t//eventlint:ignore EC001 -- ");
    c.open("order/biz/order.go", &(lines.join("\n") + "\n"));
    assert_eq!(
        summary(root, &c.barrier()),
        [("order/biz/order.go".to_string(), vec![])]
    );
    c.shutdown();
}

#[test]
fn quick_fix_in_yaml_uses_a_hash_comment() {
    let yaml = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: s\nspec:\n  topic: order.shipped\n  route: /events/order-shipped\n  pubsubname: pubsub\n";
    let dir = common::repo(&[("deploy/sub.yaml", yaml)]);
    let root = dir.path();
    let (mut c, _, published) = Client::start(root, &[]);
    assert_eq!(
        summary(root, &published),
        [("deploy/sub.yaml".to_string(), vec!["EC002"])]
    );
    let params = json!({
        "textDocument": { "uri": c.uri("deploy/sub.yaml") },
        "range": { "start": { "line": 5, "character": 0 }, "end": { "line": 5, "character": 0 } },
        "context": { "diagnostics": [] },
    });
    let actions = c
        .request("textDocument/codeAction", params)
        .response_result
        .unwrap();
    let edit = &actions[0]["edit"]["changes"][c.uri("deploy/sub.yaml")][0];
    assert_eq!(edit["newText"], "  # eventlint:ignore EC002 -- \n");
    assert_eq!(edit["range"]["start"], json!({ "line": 5, "character": 0 }));

    // A bare topic in YAML hovers too.
    let h = c.hover("deploy/sub.yaml", 5, 12);
    let value = h["contents"]["value"].as_str().unwrap();
    assert!(value.contains("topic order.shipped"), "{value}");

    let fixed = yaml.replace("  topic:", "  # eventlint:ignore EC002 -- \n  topic:");
    c.open("deploy/sub.yaml", &fixed);
    assert_eq!(
        summary(root, &c.barrier()),
        [("deploy/sub.yaml".to_string(), vec![])]
    );
    c.shutdown();
}

#[test]
fn garbage_gets_error_responses_and_the_server_goes_on() {
    let dir = shop();
    let (mut c, _, _) = Client::start(dir.path(), &[]);
    let error = |r: Response| r.response_result.unwrap_err().code;

    assert_eq!(
        error(c.request("textDocument/hover", json!("garbage"))),
        -32602
    );
    let missing = json!({ "textDocument": { "uri": c.uri("a.go") } });
    assert_eq!(error(c.request("textDocument/codeAction", missing)), -32602);
    assert_eq!(
        error(c.request("textDocument/definition", json!({}))),
        -32601
    );
    assert_eq!(error(c.request("no/such/method", Value::Null)), -32601);
    c.notify("textDocument/didOpen", json!({ "textDocument": 7 }));
    c.notify("textDocument/didChange", json!(null));
    c.notify("no/such/notification", json!([1, 2, 3]));
    c.notify("$/cancelRequest", json!({ "id": 1 }));
    // A document outside the workspace, and one eventlint does not read:
    // not linted.
    let outside = "package x\n\nfunc f(p P) { p.Publish(ctx, \"x.y\", E{}) }\n";
    c.open("../elsewhere/x.go", outside);
    c.open("README.md", "# hello\n");
    // Files `eventlint check` skips: vendored code and tests (by default).
    c.open("order/vendor/x/x.go", outside);
    c.open("order/biz/x_test.go", outside);
    assert_eq!(c.barrier(), Published::new());
    // A new file, not saved yet, is linted; closed, it is gone.
    c.open("order/biz/new.go", outside);
    let root = c.root.clone();
    assert_eq!(
        summary(&root, &c.barrier()),
        [("order/biz/new.go".to_string(), vec!["EC001", "EC012"])]
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": c.uri("order/biz/new.go") } }),
    );
    assert_eq!(
        summary(&root, &c.barrier()),
        [("order/biz/new.go".to_string(), vec![])]
    );

    // Still answering, and it said what went wrong.
    let h = c.hover("events/topics.go", 4, 25);
    assert!(
        h["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("topic order.created")
    );
    let logged: Vec<&str> = c
        .logs
        .iter()
        .map(|l| l["message"].as_str().unwrap())
        .collect();
    assert!(
        logged.iter().any(|m| m.contains("no/such/method")),
        "{logged:?}"
    );
    assert!(
        logged.iter().any(|m| m.contains("invalid params")),
        "{logged:?}"
    );
    c.shutdown();
}

#[test]
fn exit_without_shutdown_is_an_error() {
    let dir = shop();
    let (c, _, _) = Client::start(dir.path(), &[]);
    c.notify("exit", Value::Null);
    let result = c.done.recv_timeout(WAIT).expect("the server stops");
    assert!(result.unwrap_err().contains("without `shutdown`"));
}

#[test]
fn an_invalid_config_is_logged_and_the_defaults_apply() {
    let dir = shop();
    std::fs::write(dir.path().join("eventlint.yaml"), "rulez: {}\n").unwrap();
    let (mut c, _, published) = Client::start(dir.path(), &[]);
    assert_eq!(published.len(), 2, "linted with the defaults");
    let _ = c.barrier();
    let error = c
        .logs
        .iter()
        .find(|l| l["type"] == 1)
        .expect("an error is logged");
    let message = error["message"].as_str().unwrap();
    assert!(
        message.contains("eventlint.yaml") && message.contains("rulez"),
        "{message}"
    );

    // Saving a fixed configuration indexes the workspace again under it.
    let config = "rules:\n  unsubscribed-topic: off\n";
    std::fs::write(dir.path().join("eventlint.yaml"), config).unwrap();
    let saved = json!({ "textDocument": { "uri": c.uri("eventlint.yaml") }, "text": config });
    c.notify("textDocument/didSave", saved);
    assert_eq!(
        summary(dir.path(), &c.barrier()),
        [("order/biz/order.go".to_string(), vec![])]
    );
    c.shutdown();
}

#[test]
fn files_changed_on_disk_are_read_again() {
    let dir = shop();
    let root = dir.path();
    let (mut c, _, _) = Client::start(root, &[]);
    let watched =
        |rel: &str, kind: u8| json!({ "changes": [{ "uri": uri(root, rel), "type": kind }] });
    // A checkout changes the publisher...
    let created = order("events.TopicOrderCreated");
    std::fs::write(root.join("order/biz/order.go"), created).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        watched("order/biz/order.go", 2),
    );
    assert_eq!(
        summary(root, &c.barrier()),
        [
            ("events/topics.go".to_string(), vec!["EC016"]),
            ("notify/server/subscribe.go".to_string(), vec![]),
            ("order/biz/order.go".to_string(), vec![]),
        ]
    );
    // ...and deletes the subscriber.
    std::fs::remove_file(root.join("notify/server/subscribe.go")).unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        watched("notify/server/subscribe.go", 3),
    );
    assert_eq!(
        summary(root, &c.barrier()),
        [("order/biz/order.go".to_string(), vec!["EC001"])]
    );
    c.shutdown();
}

/// The real binary over stdio, as an editor runs it; killed if the test
/// fails before it exits.
struct Stdio {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    frames: mpsc::Receiver<Value>,
    next: i64,
    logs: Vec<String>,
}

impl Drop for Stdio {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Stdio {
    fn spawn(dir: &Path) -> Stdio {
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventlint"))
            .arg("lsp")
            .current_dir(dir)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn eventlint lsp");
        let stdin = child.stdin.take().unwrap();
        let frames = read_frames(child.stdout.take().unwrap());
        Stdio {
            child,
            stdin,
            frames,
            next: 0,
            logs: Vec::new(),
        }
    }

    fn put(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.put(&frame(
            &json!({ "jsonrpc": "2.0", "method": method, "params": params }),
        ));
    }

    /// Sends a request; returns its response and the diagnostics published before it.
    fn request(&mut self, method: &str, params: Value) -> (Value, Published) {
        self.next += 1;
        let id = self.next;
        self.put(&frame(
            &json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }),
        ));
        let deadline = Instant::now() + WAIT;
        let mut published = Published::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let msg = self
                .frames
                .recv_timeout(left)
                .expect("an answer within 10 s");
            if msg["id"] == id {
                return (msg, published);
            }
            let params = &msg["params"];
            if msg["method"] == "textDocument/publishDiagnostics" {
                let diags = params["diagnostics"].as_array().unwrap().clone();
                published.insert(params["uri"].as_str().unwrap().to_string(), diags);
            } else if msg["method"] == "window/logMessage" {
                self.logs
                    .push(params["message"].as_str().unwrap().to_string());
            }
        }
    }

    fn barrier(&mut self, root: &Path) -> Published {
        let params = json!({ "textDocument": { "uri": uri(root, "nowhere.go") }, "position": { "line": 0, "character": 0 } });
        self.request("textDocument/hover", params).1
    }
}

/// Reads Content-Length framed messages from the binary's stdout.
fn read_frames(stdout: impl Read + Send + 'static) -> mpsc::Receiver<Value> {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut length = None;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(n) = line.strip_prefix("Content-Length: ") {
                    length = n.parse::<usize>().ok();
                }
            }
            let mut body = vec![0; length.expect("Content-Length")];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            if tx
                .send(serde_json::from_slice(&body).expect("JSON"))
                .is_err()
            {
                return;
            }
        }
    });
    rx
}

fn frame(value: &Value) -> Vec<u8> {
    let body = value.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

#[test]
fn the_binary_serves_an_editor_over_stdio() {
    let dir = shop();
    let root = dir.path();
    let mut lsp = Stdio::spawn(root);
    let init = json!({ "processId": null, "rootUri": format!("file://{}", root.display()), "capabilities": {} });
    let (init, _) = lsp.request("initialize", init);
    assert_eq!(init["result"]["serverInfo"]["name"], "eventlint");
    lsp.notify("initialized", json!({}));
    assert_eq!(
        summary(root, &lsp.barrier(root)),
        [
            ("notify/server/subscribe.go".to_string(), vec!["EC002"]),
            ("order/biz/order.go".to_string(), vec!["EC001"]),
        ]
    );

    // The editor opens the publisher and edits it.
    let order_uri = uri(root, "order/biz/order.go");
    let doc = json!({ "uri": order_uri, "languageId": "go", "version": 1, "text": order("events.TopicOrderPaid") });
    lsp.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    let changes = json!([{ "text": order("events.TopicOrderCreated") }]);
    let change =
        json!({ "textDocument": { "uri": order_uri, "version": 2 }, "contentChanges": changes });
    lsp.notify("textDocument/didChange", change);
    assert_eq!(
        summary(root, &lsp.barrier(root)),
        [
            ("events/topics.go".to_string(), vec!["EC016"]),
            ("notify/server/subscribe.go".to_string(), vec![]),
            ("order/biz/order.go".to_string(), vec![]),
        ]
    );

    // Frames that hold no JSON-RPC message are logged and skipped.
    lsp.put(&frame(&json!("not a message")));
    lsp.put(b"Content-Length: 5\r\n\r\n{bad}");
    let (unknown, _) = lsp.request("no/such/method", Value::Null);
    assert_eq!(unknown["error"]["code"], -32601);
    assert_eq!(
        lsp.logs.iter().filter(|l| l.contains("malformed")).count(),
        2,
        "{:?}",
        lsp.logs
    );

    // The fix lands: edited in the editor, then saved.
    let events_uri = uri(root, "events/topics.go");
    let doc = json!({ "uri": events_uri, "languageId": "go", "version": 1, "text": EVENTS });
    lsp.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    let events = EVENTS.replace("\tTopicOrderPaid    = \"order.paid\"\n", "");
    let change = json!({ "textDocument": { "uri": events_uri, "version": 2 }, "contentChanges": [{ "text": events }] });
    lsp.notify("textDocument/didChange", change);
    std::fs::write(root.join("events/topics.go"), &events).unwrap();
    lsp.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": events_uri }, "text": events }),
    );
    assert_eq!(
        summary(root, &lsp.barrier(root)),
        [("events/topics.go".to_string(), vec![])]
    );

    let (shutdown, _) = lsp.request("shutdown", Value::Null);
    assert_eq!(shutdown["result"], Value::Null);
    lsp.notify("exit", Value::Null);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        if let Some(status) = lsp.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "eventlint lsp did not exit within 10 s of `exit`"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
}

/// Not a test: the time from `didChange` to `publishDiagnostics`, median of
/// 20 edits that each change a finding. `EVENTLINT_LSP_ROOT` (default
/// fixtures/shop), `EVENTLINT_LSP_FILE` (a Go file with a publish site, and
/// `EVENTLINT_LSP_FROM`/`_TO`, the text to swap). Run with
/// `cargo test --release --test lsp -- --ignored --nocapture`.
#[test]
#[ignore = "a measurement, not a test"]
#[allow(clippy::print_stderr)]
fn latency_of_an_edit() {
    let var = |k: &str, d: &str| std::env::var(k).unwrap_or_else(|_| d.to_string());
    let root = std::path::PathBuf::from(var(
        "EVENTLINT_LSP_ROOT",
        concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/shop"),
    ));
    let rel = var("EVENTLINT_LSP_FILE", "order/internal/biz/order.go");
    let from = var("EVENTLINT_LSP_FROM", "events.TopicOrderConfirmed,");
    let to = var("EVENTLINT_LSP_TO", "events.TopicOrderCancelled,");
    let started = Instant::now();
    let (mut c, _, _) = Client::start(&root, &[]);
    eprintln!(
        "initialize + index + first publish: {:?}",
        started.elapsed()
    );
    let text = std::fs::read_to_string(root.join(&rel)).unwrap();
    assert!(text.contains(&from), "{rel} does not contain {from}");
    let edited = text.replacen(&from, &to, 1);
    c.open(&rel, &text);
    c.barrier();
    let mut times = Vec::new();
    for i in 0..20 {
        let body = if i % 2 == 0 { &edited } else { &text };
        let started = Instant::now();
        c.change(&rel, i + 2, body);
        loop {
            match c.recv() {
                Message::Notification(n) if n.method == "textDocument/publishDiagnostics" => break,
                _ => {}
            }
        }
        times.push(started.elapsed());
        c.barrier();
    }
    times.sort();
    eprintln!(
        "didChange -> publishDiagnostics on {}: median {:?} (min {:?}, max {:?})",
        root.display(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
    c.shutdown();
}
