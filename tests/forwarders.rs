//! Publish wrappers (forwarders) are matched by method name, so a call must
//! be able to reach the wrapper: two wrappers of one name are told apart by
//! the receiver's type, and a service that never uses the wrapper's package
//! does not publish through it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{graph_of, publishers};

fn pubsubs_of(g: &eventlint::model::EventGraph, topic: &str) -> Vec<Option<String>> {
    let mut out: Vec<Option<String>> = g
        .topic(topic)
        .map(|t| {
            t.publishers
                .iter()
                .map(|p| p.pubsub.as_ref().and_then(|r| r.value.clone()))
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

const BUSES: &str = r#"package bus

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

type KafkaBus struct{ c dapr.Client }

func (b *KafkaBus) Publish(ctx context.Context, topic string, e any) error {
	return b.c.PublishEvent(ctx, "kafka-pubsub", topic, e)
}

type RedisBus struct{ c dapr.Client }

func (b *RedisBus) Publish(ctx context.Context, topic string, e any) error {
	return b.c.PublishEvent(ctx, "redis-pubsub", topic, e)
}

func Send(ctx context.Context, r *RedisBus) error { return r.Publish(ctx, "user.created", 1) }

func Stream(ctx context.Context, k *KafkaBus) error { return k.Publish(ctx, "click.streamed", 1) }
"#;

#[test]
fn two_wrappers_of_one_name_are_told_apart_by_the_receiver_type() {
    let g = graph_of(&[
        ("bus/go.mod", "module example.com/bus\n"),
        ("bus/bus.go", BUSES),
    ]);
    assert_eq!(
        pubsubs_of(&g, "user.created"),
        [Some("redis-pubsub".to_string())]
    );
    assert_eq!(
        pubsubs_of(&g, "click.streamed"),
        [Some("kafka-pubsub".to_string())]
    );
}

const IDENTITY: &str = r#"package eventbus

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

type Bus struct{ client dapr.Client }

func (b *Bus) Publish(ctx context.Context, topic string, evt any) error {
	return b.client.PublishEvent(ctx, "identity-pubsub", topic, evt)
}
"#;

const ORDER: &str = r#"package biz

import "context"

type EventPublisher interface {
	Publish(ctx context.Context, topic string, evt any) error
}

type Usecase struct{ pub EventPublisher }

func (uc *Usecase) Reserve(ctx context.Context) {
	_ = uc.pub.Publish(ctx, "stock.reserved", 1)
}
"#;

const ORDER_WIRING: &str = r#"package main

import (
	"example.com/identity/eventbus"
	"example.com/order/biz"
)

func main() { _ = &biz.Usecase{}; _ = &eventbus.Bus{} }
"#;

#[test]
fn a_service_that_never_uses_the_wrappers_package_does_not_publish_through_it() {
    let files = [
        ("identity/go.mod", "module example.com/identity\n"),
        ("identity/eventbus/bus.go", IDENTITY),
        ("order/go.mod", "module example.com/order\n"),
        ("order/biz/usecase.go", ORDER),
    ];
    let g = graph_of(&files);
    // Not the identity service's wrapper: an interface of order's own.
    assert!(
        publishers(&g).iter().all(|(t, _, _)| t != "stock.reserved")
            || pubsubs_of(&g, "stock.reserved") == [None],
        "{:?}",
        pubsubs_of(&g, "stock.reserved")
    );
    // Once order wires the wrapper in, the interface call reaches it.
    let mut wired = files.to_vec();
    wired.push(("order/main.go", ORDER_WIRING));
    let g = graph_of(&wired);
    assert_eq!(
        pubsubs_of(&g, "stock.reserved"),
        [Some("identity-pubsub".to_string())]
    );
}
