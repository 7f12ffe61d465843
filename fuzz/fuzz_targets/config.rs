//! Arbitrary text as `eventlint.yaml`. An error is rendered as the CLI
//! renders it (miette, with the source snippet); a configuration that loads
//! is used to lint a small fixed repository, so globs, call patterns and rule
//! options all run.

#![no_main]

mod common;

use std::sync::OnceLock;

use eventlint::config::Config;
use eventlint::extract::yaml::extract_yaml;
use eventlint::extract::{Facts, FileFacts};
use libfuzzer_sys::fuzz_target;

const EVENTS: (&str, &str) = (
    "events/topics.go",
    r#"package events

const (
	TopicOrderCreated = "order.created"
	TopicOrderPaid    = "order.paid"
)

type OrderCreated struct {
	EventID       string `json:"event_id"`
	CorrelationID string `json:"correlation_id"`
	Version       int    `json:"version"`
	OrderID       string `json:"order_id"`
	Items         []Item `json:"items"`
}

type Item struct {
	SKU string `json:"sku"`
}
"#,
);

const ORDER: (&str, &str) = (
    "order/internal/biz/order.go",
    r#"package biz

import (
	"context"

	"example.com/events"
	"example.com/pkg/bus"
)

type Usecase struct {
	pub  Publisher
	repo Repo
	bus  *bus.Bus
}

func (uc *Usecase) PlaceOrder(ctx context.Context, id string) error {
	if err := uc.repo.CreateOrder(ctx, id); err != nil {
		return err
	}
	evt := &events.OrderCreated{OrderID: id, Version: 1}
	if err := uc.pub.PublishEvent(ctx, "pubsub", events.TopicOrderCreated, evt); err != nil {
		return err
	}
	uc.bus.Emit(ctx, "order.paid", map[string]any{"id": id})
	return uc.bus.Send(ctx, fmt.Sprintf("tenant.%s.order", id), evt)
}
"#,
);

const NOTIFY: (&str, &str) = (
    "notify/server/subscribe.go",
    r#"package server

import (
	"context"

	"github.com/dapr/go-sdk/service/common"

	"example.com/events"
	"example.com/pkg/bus"
)

func Register(s common.Service, b *bus.Bus) error {
	b.On("order.paid", handlePaid)
	return s.AddTopicEventHandler(&common.Subscription{
		PubsubName: "pubsub",
		Topic:      events.TopicOrderCreated,
		Route:      "/events/order-created",
	}, handleCreated)
}

func handleCreated(ctx context.Context, e *common.TopicEvent) (bool, error) {
	var evt events.OrderCreated
	if err := e.Struct(&evt); err != nil {
		return false, err
	}
	return false, db.InsertNotification(ctx, evt.OrderID)
}

func handlePaid(ctx context.Context, data []byte) error { return nil }
"#,
);

const SUBSCRIPTION: (&str, &str) = (
    "deploy/subscription.yaml",
    r"apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: order-paid
spec:
  topic: order.paid
  pubsubname: pubsub
  routes:
    default: /events/order-paid
scopes:
  - notify
",
);

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let config = match Config::from_str(text, "eventlint.yaml") {
        Ok(config) => config,
        Err(e) => {
            let _ = format!("{e}");
            let _ = format!("{:?}", miette::Report::new(e));
            return;
        }
    };
    let files = FILES.get_or_init(facts).clone();
    common::lint(files, &config, &[EVENTS, ORDER, NOTIFY, SUBSCRIPTION]);
});

static FILES: OnceLock<Vec<FileFacts>> = OnceLock::new();

/// The facts of the fixed repository, extracted once.
fn facts() -> Vec<FileFacts> {
    let mut files: Vec<FileFacts> = [EVENTS, ORDER, NOTIFY]
        .iter()
        .map(|(path, src)| common::go_file(path, src.as_bytes()))
        .collect();
    let (facts, suppressions) = extract_yaml(SUBSCRIPTION.0, SUBSCRIPTION.1);
    files.push(FileFacts {
        path: SUBSCRIPTION.0.to_string(),
        facts: Facts::Yaml(facts),
        suppressions,
    });
    files
}
