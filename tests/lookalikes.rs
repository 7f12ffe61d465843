//! Precision against look-alikes: `Publish(ctx, name, data)` is also the
//! shape of realtime push services, Redis's own pub/sub and in-process
//! buses. A bare method name is taken as an event publish only without
//! evidence against it; each trap names a library real services use.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{graph_of, publishers};

/// The topics published by `main.go` of a one-file service.
fn published(src: &str) -> Vec<String> {
    let g = graph_of(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/main.go", src),
    ]);
    let mut t: Vec<String> = publishers(&g).into_iter().map(|(t, _, _)| t).collect();
    t.extend(
        g.dynamic
            .iter()
            .map(|d| format!("dynamic {}", d.topic.text)),
    );
    t.sort();
    t
}

#[test]
fn realtime_push_and_buses_are_not_event_publishes() {
    let traps = [
        (
            "Ably realtime channel",
            r#"package main

import (
	"context"

	"github.com/ably/ably-go/ably"
)

func notify(ctx context.Context, client *ably.Realtime, data any) error {
	channel := client.Channels.Get("orders")
	return channel.Publish(ctx, "order-updated", data)
}
"#,
        ),
        (
            "Centrifugo HTTP API client",
            r#"package main

import (
	"context"

	gocent "github.com/centrifugal/gocent/v3"
)

func push(ctx context.Context, c *gocent.Client, data []byte) error {
	_, err := c.Publish(ctx, "news", data)
	return err
}
"#,
        ),
        (
            "Redis pub/sub through a client field",
            r#"package main

import (
	"context"

	"github.com/redis/go-redis/v9"
)

type Notifier struct{ rdb *redis.Client }

func (n *Notifier) Send(ctx context.Context, msg string) error {
	return n.rdb.Publish(ctx, "chat", msg).Err()
}
"#,
        ),
        (
            "Redis pub/sub through a typed local",
            r#"package main

import (
	"context"

	"github.com/redis/go-redis/v9"
)

func send(ctx context.Context, opts *redis.Options, msg string) {
	client := redis.NewClient(opts)
	var c *redis.Client = client
	c.Publish(ctx, "chat", msg)
}
"#,
        ),
        (
            "an in-process event bus",
            r#"package main

import (
	evbus "github.com/asaskevich/EventBus"
)

func fire(bus evbus.Bus, a, b int) {
	bus.Publish("main:calculator", a, b)
}
"#,
        ),
    ];
    for (name, src) in traps {
        assert_eq!(published(src), Vec::<String>::new(), "{name}");
    }
}

#[test]
fn event_publishes_next_to_look_alike_imports_are_kept() {
    // A service that caches in Redis and publishes through its platform
    // publisher in the same file: the publish stays.
    let src = r#"package main

import (
	"context"

	"github.com/redis/go-redis/v9"
)

type Publisher interface {
	Publish(ctx context.Context, topic string, evt any) error
}

type Usecase struct {
	cache     *redis.Client
	publisher Publisher
}

func (u *Usecase) Confirm(ctx context.Context, id string) error {
	u.cache.Del(ctx, id)
	return u.publisher.Publish(ctx, "order.confirmed", id)
}
"#;
    assert_eq!(published(src), ["order.confirmed"]);
    // The go-sdk shape is never a look-alike.
    let src = r#"package main

import (
	"context"

	"github.com/ably/ably-go/ably"
	dapr "github.com/dapr/go-sdk/client"
)

func both(ctx context.Context, c dapr.Client, rt *ably.Realtime, v any) {
	_ = c.PublishEvent(ctx, "pubsub", "order.shipped", v)
	_ = rt.Channels.Get("ui").Publish(ctx, "shipped", v)
}
"#;
    assert_eq!(published(src), ["order.shipped"]);
}
