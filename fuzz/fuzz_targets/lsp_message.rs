//! Arbitrary bytes as client messages to the language server.
//!
//! Each input is a sequence of JSON-RPC messages (JSON values one after the
//! other; parsing stops at the first that is no `lsp_server::Message`), with
//! `file:///ROOT` standing for the URI of a small workspace written once per
//! process. A leading space asks for UTF-8 positions instead of UTF-16.
//!
//! The server runs on this thread over `Connection::memory()`. Every message
//! is queued before it starts: `initialize`, `initialized`, the fuzzed
//! messages, an unknown request (a request lints the pending edits first, so
//! every edit is linted), `shutdown` and `exit`; the client's sender is then
//! dropped, so the server ends even when the fuzzed messages break the
//! protocol (it returns once the queue is empty). A panic inside a handler is
//! caught by the server but still aborts here: libFuzzer's panic hook runs
//! first. With `EVENTLINT_FUZZ_DEBUG` set, the server's answers are printed.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use lsp_server::{Connection, Message, Notification, Request, RequestId};
use serde_json::json;

/// Fuzzed messages read per input, at most.
const MAX_MESSAGES: usize = 32;
const PLACEHOLDER: &[u8] = b"file:///ROOT";

const FILES: &[(&str, &str)] = &[
    ("events/go.mod", "module example.com/events\n\ngo 1.22\n"),
    (
        "events/events.go",
        r#"package events

const (
	TopicOrderCreated = "order.created"
	TopicOrderPaid    = "order.paid"
	TopicUnused       = "order.unused"
)

type OrderEvent struct {
	EventID       string `json:"event_id"`
	CorrelationID string `json:"correlation_id"`
	Version       int    `json:"version"`
	OrderID       string `json:"order_id"`
}
"#,
    ),
    ("order/go.mod", "module example.com/order\n\ngo 1.22\n"),
    (
        "order/biz/order.go",
        r#"package biz

import (
	"context"

	"example.com/events"
)

type Publisher interface {
	PublishEvent(ctx context.Context, pubsub, topic string, data any) error
}

type Usecase struct{ pub Publisher }

// Pay publishes « order.paid » — ünïcödé 🎉 before the call.
func (uc *Usecase) Pay(ctx context.Context, id string) error {
	evt := &events.OrderEvent{OrderID: id}
	/* 🎉 */ return uc.pub.PublishEvent(ctx, "pubsub", events.TopicOrderPaid, evt)
}

func (uc *Usecase) Create(ctx context.Context, id string) {
	_ = uc.pub.PublishEvent(ctx, "pubsub", "order.created", map[string]any{"id": id})
}
"#,
    ),
    ("notify/go.mod", "module example.com/notify\n\ngo 1.22\n"),
    (
        "notify/server/subscribe.go",
        r#"package server

import (
	"context"

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
	var evt events.OrderEvent
	if err := e.Struct(&evt); err != nil {
		return false, err
	}
	return false, db.InsertOrder(ctx, evt.OrderID) //eventlint:ignore EC003 -- fuzz
}
"#,
    ),
    (
        "deploy/subscription.yaml",
        "apiVersion: dapr.io/v2alpha1\nkind: Subscription\nmetadata:\n  name: paid\nspec:\n  topic: order.paid\n  pubsubname: pubsub\n  routes:\n    default: /events/order-paid\nscopes:\n  - notify\n",
    ),
];

static ROOT: OnceLock<(PathBuf, String)> = OnceLock::new();

/// The workspace (one per process, under the temporary directory) and its URI.
fn workspace() -> &'static (PathBuf, String) {
    ROOT.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("eventlint-fuzz-lsp-{}", std::process::id()));
        for (rel, text) in FILES {
            let path = dir.join(rel);
            std::fs::create_dir_all(path.parent().expect("a file has a parent"))
                .expect("the workspace can be written");
            std::fs::write(&path, text).expect("the workspace can be written");
        }
        let uri = format!("file://{}", dir.display());
        (dir, uri)
    })
}

/// `data` with every `file:///ROOT` replaced by the workspace's URI.
fn rooted(data: &[u8], uri: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len());
    let mut rest = data;
    while !rest.is_empty() {
        if rest.starts_with(PLACEHOLDER) {
            out.extend_from_slice(uri.as_bytes());
            rest = &rest[PLACEHOLDER.len()..];
        } else {
            out.push(rest[0]);
            rest = &rest[1..];
        }
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let (_, uri) = workspace();
    let bytes = rooted(data, uri);
    let fuzzed: Vec<Message> = serde_json::Deserializer::from_slice(&bytes)
        .into_iter::<Message>()
        .take(MAX_MESSAGES)
        .map_while(Result::ok)
        .collect();
    if fuzzed.is_empty() {
        return;
    }
    let encodings = if data.first() == Some(&b' ') {
        json!(["utf-8", "utf-16"])
    } else {
        json!(["utf-16"])
    };
    let initialize = Request::new(
        RequestId::from(0),
        "initialize".to_string(),
        json!({
            "processId": null,
            "rootUri": uri,
            "capabilities": { "general": { "positionEncodings": encodings } },
        }),
    );
    let flush = Request::new(
        RequestId::from("fuzz-flush".to_string()),
        "$/eventlint/fuzzFlush".to_string(),
        json!(null),
    );
    let shutdown = Request::new(
        RequestId::from("fuzz-shutdown".to_string()),
        "shutdown".to_string(),
        json!(null),
    );
    let (server, client) = Connection::memory();
    let messages = [initialize.into()]
        .into_iter()
        .chain([Notification::new("initialized".to_string(), json!({})).into()])
        .chain(fuzzed)
        .chain([flush.into(), shutdown.into()])
        .chain([Notification::new("exit".to_string(), json!(null)).into()]);
    for message in messages {
        client
            .sender
            .send(message)
            .expect("the server's receiver is alive");
    }
    let Connection { sender, receiver } = client;
    drop(sender);
    let result = eventlint::lsp::serve(server);
    if std::env::var_os("EVENTLINT_FUZZ_DEBUG").is_some() {
        // What the server answered, to check a seed does what it should.
        for message in receiver.try_iter() {
            eprintln!("<- {}", serde_json::to_string(&message).unwrap_or_default());
        }
        eprintln!("serve: {result:?}");
    }
});
