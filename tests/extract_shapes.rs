//! Extraction shapes: one tiny repository per publish/subscribe shape of
//! DESIGN's "What is extracted", linked into the event graph and checked
//! precisely — topic, file:line, service, function, handler and its line,
//! route, pub/sub, environment variable, payload type and fields.
//!
//! Lines are computed from the Go/YAML text written by the test
//! ([`line_of`]), so a fixture can be edited without renumbering asserts.
//! Tests marked `` assert DESIGN's behaviour that the
//! extractor or linker does not implement yet.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

mod common;

use common::{edges, graph_of, graph_with, publishers, repo, subscribers};
use eventlint::config::Config;
use eventlint::extract::Facts;
use eventlint::model::{
    EventGraph, Location, Payload, Publisher, Resolved, Subscriber, SubscriberKind, Topic,
};
use eventlint::project::Project;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

/// The 1-based number of the only line of `src` that contains `needle`.
fn line_of(src: &str, needle: &str) -> u32 {
    let hits: Vec<u32> = src
        .lines()
        .zip(1..)
        .filter(|(l, _)| l.contains(needle))
        .map(|(_, n)| n)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "`{needle}` must be on exactly one line of the fixture, found on {hits:?}"
    );
    hits[0]
}

/// A readable summary of a graph, for assertion messages.
fn dump(g: &EventGraph) -> String {
    let dynamic: Vec<_> = g
        .dynamic
        .iter()
        .map(|d| (&d.at.path, d.at.span.line, &d.topic.text))
        .collect();
    let dynamic_subs: Vec<_> = g
        .dynamic_subscriptions
        .iter()
        .map(|s| (&s.at.path, s.at.span.line, &s.topic.text))
        .collect();
    format!(
        "services: {:?}\npublishers: {:#?}\nsubscribers: {:#?}\ndynamic: {dynamic:#?}\ndynamic subscriptions: {dynamic_subs:#?}",
        g.services,
        publishers(g),
        subscribers(g)
    )
}

fn topic<'g>(g: &'g EventGraph, name: &str) -> &'g Topic {
    g.topic(name)
        .unwrap_or_else(|| panic!("no topic {name:?}\n{}", dump(g)))
}

/// The only publisher of `name`.
fn publisher<'g>(g: &'g EventGraph, name: &str) -> &'g Publisher {
    let t = topic(g, name);
    assert_eq!(
        t.publishers.len(),
        1,
        "one publisher of {name:?} expected\n{}",
        dump(g)
    );
    &t.publishers[0]
}

/// The only subscriber of `name`.
fn subscriber<'g>(g: &'g EventGraph, name: &str) -> &'g Subscriber {
    let t = topic(g, name);
    assert_eq!(
        t.subscribers.len(),
        1,
        "one subscriber of {name:?} expected\n{}",
        dump(g)
    );
    &t.subscribers[0]
}

/// `(path, line)` of a location.
fn at(l: &Location) -> (&str, u32) {
    (l.path.as_str(), l.span.line)
}

fn value(r: Option<&Resolved>) -> Option<&str> {
    r.and_then(|r| r.value.as_deref())
}

/// `(name, json, type, path, line)` of every payload field.
fn fields(p: &Payload) -> Vec<(&str, &str, &str, &str, u32)> {
    p.fields
        .iter()
        .map(|f| {
            (
                f.name.as_str(),
                f.json.as_str(),
                f.ty.as_str(),
                f.path.as_str(),
                f.line,
            )
        })
        .collect()
}

/// `(name, path, line)` of a subscriber's handler.
fn handler(s: &Subscriber) -> (&str, Option<(&str, u32)>) {
    let h = s
        .handler
        .as_ref()
        .unwrap_or_else(|| panic!("no handler on {s:#?}"));
    (h.name.as_str(), h.at.as_ref().map(at))
}

/// `(type, path, line of the decode call)` of every decode of a subscriber.
fn decodes(s: &Subscriber) -> Vec<(&str, &str, u32)> {
    s.decodes
        .iter()
        .map(|d| (d.type_name.as_str(), d.at.path.as_str(), d.at.span.line))
        .collect()
}

fn owned(v: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    v.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

// ---------------------------------------------------------------------------
// A shared `common` module: topics and payload types used across modules.
// ---------------------------------------------------------------------------

const COMMON_GOMOD: &str = "module github.com/acme/shop/common\n\ngo 1.22\n";

const COMMON_TOPICS: &str = r#"package events

// Topics shared by every service.
const (
	TopicOrderCreated = "order.created"
	TopicOrderPaid    = "order.paid"
	TopicOrderShipped = "order.shipped"
)
"#;

const COMMON_TYPES: &str = r#"package events

// Meta is embedded in every event.
type Meta struct {
	CorrelationID string `json:"correlation_id"`
	Version       int    `json:"version"`
}

type OrderCreated struct {
	Meta
	OrderID  string `json:"order_id"`
	Amount   int64  `json:"amount,omitempty"`
	Currency string
	internal string
	Secret   string `json:"-"`
}

type OrderPaid struct {
	Meta
	OrderID string `json:"order_id"`
}

type OrderShipped struct {
	OrderID string `json:"order_id"`
}
"#;

/// A service module at `dir` named `github.com/acme/shop/<dir>`, with a
/// `replace` of the common module.
fn service_gomod(dir: &str) -> String {
    format!(
        "module github.com/acme/shop/{dir}\n\ngo 1.22\n\nrequire github.com/acme/shop/common v0.0.0\n\nreplace github.com/acme/shop/common => ../common\n"
    )
}

/// The common module's files plus `files`.
fn with_common<'a>(files: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut out = vec![
        ("common/go.mod", COMMON_GOMOD),
        ("common/events/topics.go", COMMON_TOPICS),
        ("common/events/types.go", COMMON_TYPES),
    ];
    out.extend_from_slice(files);
    out
}

/// The expected fields of `events.OrderCreated`, embedded `Meta` flattened.
fn order_created_fields() -> Vec<(&'static str, &'static str, &'static str, &'static str, u32)> {
    let p = "common/events/types.go";
    vec![
        (
            "CorrelationID",
            "correlation_id",
            "string",
            p,
            line_of(COMMON_TYPES, "CorrelationID string"),
        ),
        (
            "Version",
            "version",
            "int",
            p,
            line_of(COMMON_TYPES, "Version       int"),
        ),
        (
            "OrderID",
            "order_id",
            "string",
            p,
            line_of(COMMON_TYPES, "OrderID  string"),
        ),
        (
            "Amount",
            "amount",
            "int64",
            p,
            line_of(COMMON_TYPES, "Amount   int64"),
        ),
        (
            "Currency",
            "Currency",
            "string",
            p,
            line_of(COMMON_TYPES, "Currency string"),
        ),
    ]
}

// ---------------------------------------------------------------------------
// 1-5. Publishers
// ---------------------------------------------------------------------------

const ORDER_BIZ: &str = r#"package biz

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/acme/shop/common/events"
)

type OrderUsecase struct {
	client dapr.Client
}

func (uc *OrderUsecase) PlaceOrder(ctx context.Context, id string) error {
	evt := &events.OrderCreated{OrderID: id, Amount: 42}
	if err := uc.client.PublishEvent(ctx, "pubsub", events.TopicOrderCreated, evt); err != nil {
		return err
	}
	return nil
}
"#;

#[test]
fn go_sdk_publish_event_with_topic_and_payload_from_another_module() {
    let gomod = service_gomod("order");
    let g = graph_of(&with_common(&[
        ("order/go.mod", &gomod),
        ("order/internal/biz/order.go", ORDER_BIZ),
    ]));
    assert_eq!(g.services, ["common", "order"]);
    assert_eq!(
        publishers(&g),
        [(
            "order.created".to_string(),
            "order/internal/biz/order.go".to_string(),
            line_of(ORDER_BIZ, "uc.client.PublishEvent(")
        )]
    );
    let t = topic(&g, "order.created");
    assert_eq!(t.constant.as_deref(), Some("events.TopicOrderCreated"));
    let p = publisher(&g, "order.created");
    assert_eq!(p.service, "order");
    assert_eq!(p.function.as_deref(), Some("(*OrderUsecase).PlaceOrder"));
    assert_eq!(p.via, "go-sdk");
    assert!(!p.outbox);
    assert_eq!(p.topic.value.as_deref(), Some("order.created"));
    assert_eq!(
        p.topic.constant.as_deref(),
        Some("events.TopicOrderCreated")
    );
    assert_eq!(p.topic.env, None);
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    let payload = p.payload.as_ref().expect("payload");
    assert_eq!(payload.type_name.as_deref(), Some("OrderCreated"));
    assert_eq!(
        payload.decl_at.as_ref().map(at),
        Some((
            "common/events/types.go",
            line_of(COMMON_TYPES, "type OrderCreated struct")
        ))
    );
    assert_eq!(fields(payload), order_created_fields());
    // The topic's payload is the publisher's.
    assert_eq!(t.payload.as_ref(), Some(payload));
    assert!(g.dynamic.is_empty(), "{}", dump(&g));
}

const BULK: &str = r#"package main

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

const TopicStockReserved = "stock.reserved"

type StockReserved struct {
	SKU string `json:"sku"`
	Qty int    `json:"qty"`
}

func publishAll(ctx context.Context, client dapr.Client) error {
	evts := []StockReserved{{SKU: "a", Qty: 1}, {SKU: "b", Qty: 2}}
	res := client.PublishEvents(ctx, "pubsub", TopicStockReserved, evts)
	return res.Error
}
"#;

#[test]
fn go_sdk_publish_events_bulk() {
    let g = graph_of(&[
        ("stock/go.mod", "module example.com/stock\n"),
        ("stock/main.go", BULK),
    ]);
    let p = publisher(&g, "stock.reserved");
    assert_eq!(
        at(&p.at),
        ("stock/main.go", line_of(BULK, "client.PublishEvents("))
    );
    assert_eq!(p.service, "stock");
    assert_eq!(p.function.as_deref(), Some("publishAll"));
    assert_eq!(p.via, "go-sdk");
    assert_eq!(p.topic.constant.as_deref(), Some("main.TopicStockReserved"));
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    // A bulk publish sends events of the slice's element type.
    let payload = p.payload.as_ref().expect("payload");
    assert_eq!(
        payload.type_name.as_deref(),
        Some("StockReserved"),
        "{payload:#?}"
    );
    let fields: Vec<&str> = payload.fields.iter().map(|f| f.json.as_str()).collect();
    assert!(fields.contains(&"sku"), "{fields:?}");
}

const PLATFORM_PUBLISH: &str = r#"package biz

import (
	"context"
	"log"

	"github.com/acme/shop/common/events"
)

type EventPublisher interface {
	PublishEvent(ctx context.Context, topic string, data any) error
}

type PaymentUsecase struct {
	publisher EventPublisher
}

func (uc *PaymentUsecase) Pay(ctx context.Context, id string) error {
	evt := events.OrderPaid{OrderID: id}
	if err := uc.publisher.PublishEvent(ctx, events.TopicOrderPaid, evt); err != nil {
		log.Printf("publish: %v", err)
	}
	return nil
}
"#;

#[test]
fn platform_publish_event_with_three_arguments() {
    let gomod = service_gomod("payment");
    let g = graph_of(&with_common(&[
        ("payment/go.mod", &gomod),
        ("payment/internal/biz/pay.go", PLATFORM_PUBLISH),
    ]));
    let p = publisher(&g, "order.paid");
    assert_eq!(
        at(&p.at),
        (
            "payment/internal/biz/pay.go",
            line_of(PLATFORM_PUBLISH, "uc.publisher.PublishEvent(")
        )
    );
    assert_eq!(p.service, "payment");
    assert_eq!(p.function.as_deref(), Some("(*PaymentUsecase).Pay"));
    assert_eq!(p.via, "call");
    assert_eq!(p.topic.constant.as_deref(), Some("events.TopicOrderPaid"));
    assert_eq!(p.pubsub, None, "the 3-argument form names no pub/sub");
    let payload = p.payload.as_ref().expect("payload");
    assert_eq!(payload.type_name.as_deref(), Some("OrderPaid"));
    assert_eq!(
        payload.decl_at.as_ref().map(at),
        Some((
            "common/events/types.go",
            line_of(COMMON_TYPES, "type OrderPaid struct")
        ))
    );
    assert_eq!(
        payload
            .fields
            .iter()
            .map(|f| f.json.as_str())
            .collect::<Vec<_>>(),
        ["correlation_id", "version", "order_id"]
    );
    assert_eq!(publishers(&g).len(), 1, "{}", dump(&g));
}

const PLATFORM_IMPL: &str = r#"package events

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

type Publisher struct {
	client dapr.Client
	pubsub string
}

func NewPublisher(c dapr.Client) *Publisher {
	return &Publisher{client: c, pubsub: "pubsub"}
}

func (p *Publisher) PublishEvent(ctx context.Context, topic string, data any) error {
	return p.client.PublishEvent(ctx, p.pubsub, topic, data)
}
"#;

#[test]
fn platform_publisher_implementation_is_not_a_publish_site() {
    // The platform's own PublishEvent forwards its topic parameter: the
    // publish is at the service's call, once, and not inside the platform.
    let gomod = service_gomod("payment");
    let g = graph_of(&with_common(&[
        ("common/events/publisher.go", PLATFORM_IMPL),
        ("payment/go.mod", &gomod),
        ("payment/internal/biz/pay.go", PLATFORM_PUBLISH),
    ]));
    assert_eq!(
        publishers(&g),
        [(
            "order.paid".to_string(),
            "payment/internal/biz/pay.go".to_string(),
            line_of(PLATFORM_PUBLISH, "uc.publisher.PublishEvent(")
        )],
        "{}",
        dump(&g)
    );
    assert!(g.dynamic.is_empty(), "{}", dump(&g));
    let p = publisher(&g, "order.paid");
    assert_eq!(p.service, "payment");
    assert_eq!(p.topic.constant.as_deref(), Some("events.TopicOrderPaid"));
}

const WRAPPER_PUBLISH: &str = r#"package biz

import (
	"context"

	"github.com/acme/shop/common/events"
)

type Publisher interface {
	Publish(ctx context.Context, topic string, v any) error
}

type ShipUsecase struct {
	pub Publisher
}

func (uc *ShipUsecase) Ship(ctx context.Context, id string) error {
	evt := &events.OrderShipped{OrderID: id}
	return uc.pub.Publish(ctx, events.TopicOrderShipped, evt)
}
"#;

const NOT_PUBLISHES: &str = r#"package data

import (
	"context"

	"github.com/dapr/components-contrib/pubsub"
)

type Request struct {
	Topic string
}

type Sender interface {
	Publish(ctx context.Context, req *Request) error
}

type Runtime struct {
	PubSub pubsub.PubSub
}

func (r *Runtime) Forward(ctx context.Context, x Sender, req *Request, data []byte) error {
	if err := x.Publish(ctx, req); err != nil {
		return err
	}
	return r.PubSub.Publish(ctx, &pubsub.PublishRequest{
		PubsubName: "pubsub",
		Topic:      "order.forwarded",
		Data:       data,
	})
}
"#;

#[test]
fn service_wrapper_publish_and_two_argument_publishes_are_not_publishes() {
    let gomod = service_gomod("shipping");
    let g = graph_of(&with_common(&[
        ("shipping/go.mod", &gomod),
        ("shipping/internal/biz/ship.go", WRAPPER_PUBLISH),
        ("shipping/internal/data/runtime.go", NOT_PUBLISHES),
    ]));
    assert_eq!(
        publishers(&g),
        [(
            "order.shipped".to_string(),
            "shipping/internal/biz/ship.go".to_string(),
            line_of(WRAPPER_PUBLISH, "uc.pub.Publish(")
        )],
        "{}",
        dump(&g)
    );
    assert!(g.dynamic.is_empty(), "{}", dump(&g));
    assert!(g.topic("order.forwarded").is_none());
    let p = publisher(&g, "order.shipped");
    assert_eq!(p.service, "shipping");
    assert_eq!(p.function.as_deref(), Some("(*ShipUsecase).Ship"));
    assert_eq!(p.via, "call");
    assert_eq!(
        p.topic.constant.as_deref(),
        Some("events.TopicOrderShipped")
    );
    assert_eq!(p.pubsub, None);
    let payload = p.payload.as_ref().expect("payload");
    assert_eq!(payload.type_name.as_deref(), Some("OrderShipped"));
    assert_eq!(
        fields(payload),
        [(
            "OrderID",
            "order_id",
            "string",
            "common/events/types.go",
            line_of(COMMON_TYPES, "type OrderShipped struct") + 1
        )]
    );
}

const HTTP_PUBLISH: &str = r#"package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
)

const (
	daprURL      = "http://localhost:3500"
	pubsubName   = "pubsub"
	topicShipped = "order.shipped"
	topicPaid    = "order.paid"
)

type Order struct {
	ID string `json:"id"`
}

func publishShipped(body []byte) error {
	resp, err := http.Post(daprURL+"/v1.0/publish/"+pubsubName+"/"+topicShipped, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

func publishOrder(o Order) error {
	port := os.Getenv("DAPR_HTTP_PORT")
	data, _ := json.Marshal(o)
	req, err := http.NewRequest("POST", fmt.Sprintf("http://localhost:%s/v1.0/publish/%s/%s", port, "pubsub", "orders"), bytes.NewBuffer(data))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}

func publishPaid(base string, data []byte) error {
	client := &http.Client{}
	url := fmt.Sprintf("%s/v1.0/publish/%s/%s", base, pubsubName, topicPaid)
	_, err := client.Post(url, "application/json", bytes.NewReader(data))
	return err
}
"#;

#[test]
fn http_publish_to_the_sidecar() {
    let g = graph_of(&[
        ("web/go.mod", "module example.com/web\n"),
        ("web/main.go", HTTP_PUBLISH),
    ]);
    assert_eq!(publishers(&g).len(), 3, "{}", dump(&g));

    let p = publisher(&g, "order.shipped");
    assert_eq!(
        at(&p.at),
        ("web/main.go", line_of(HTTP_PUBLISH, "http.Post("))
    );
    assert_eq!(p.via, "http");
    assert_eq!(p.service, "web");
    assert_eq!(p.function.as_deref(), Some("publishShipped"));
    assert_eq!(p.topic.constant.as_deref(), Some("main.topicShipped"));
    let ps = p.pubsub.as_ref().expect("pubsub");
    assert_eq!(ps.value.as_deref(), Some("pubsub"));
    assert_eq!(ps.constant.as_deref(), Some("main.pubsubName"));

    let p = publisher(&g, "orders");
    assert_eq!(
        at(&p.at),
        ("web/main.go", line_of(HTTP_PUBLISH, "http.NewRequest("))
    );
    assert_eq!(p.via, "http");
    assert_eq!(p.function.as_deref(), Some("publishOrder"));
    assert_eq!(p.topic.constant, None);
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));

    let p = publisher(&g, "order.paid");
    assert_eq!(
        at(&p.at),
        ("web/main.go", line_of(HTTP_PUBLISH, "client.Post("))
    );
    assert_eq!(p.via, "http");
    assert_eq!(p.topic.constant.as_deref(), Some("main.topicPaid"));
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    assert!(g.dynamic.is_empty(), "{}", dump(&g));
}

// ---------------------------------------------------------------------------
// 6-8. go-sdk subscriptions
// ---------------------------------------------------------------------------

const NOTIFY_MAIN: &str = r#"package main

import (
	"context"
	"log"

	"github.com/dapr/go-sdk/service/common"
	daprd "github.com/dapr/go-sdk/service/http"
)

var paidSub = &common.Subscription{
	PubsubName: "pubsub",
	Topic:      "order.paid",
	Route:      "/paid",
}

type OrderCreated struct {
	OrderID string `json:"order_id"`
}

type Handlers struct{}

func (h *Handlers) HandleCreated(ctx context.Context, e *common.TopicEvent) (bool, error) {
	var evt OrderCreated
	if err := e.Struct(&evt); err != nil {
		return false, err
	}
	log.Printf("created %s", evt.OrderID)
	return false, nil
}

func handlePaid(ctx context.Context, e *common.TopicEvent) (bool, error) {
	return false, nil
}

func main() {
	s := daprd.NewService(":8080")
	h := &Handlers{}
	if err := s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: "order.created", Route: "created"}, h.HandleCreated); err != nil {
		log.Fatal(err)
	}
	if err := s.AddTopicEventHandler(paidSub, handlePaid); err != nil {
		log.Fatal(err)
	}
	sub := &common.Subscription{PubsubName: "pubsub", Topic: "order.shipped", Route: "/shipped"}
	if err := s.AddTopicEventHandler(sub, func(ctx context.Context, e *common.TopicEvent) (bool, error) {
		return false, nil
	}); err != nil {
		log.Fatal(err)
	}
	log.Fatal(s.Start())
}
"#;

#[test]
fn go_sdk_add_topic_event_handler_literal_package_var_local_var() {
    let g = graph_of(&[
        ("notify/go.mod", "module example.com/notify\n"),
        ("notify/main.go", NOTIFY_MAIN),
    ]);
    let path = "notify/main.go";
    assert_eq!(subscribers(&g).len(), 3, "{}", dump(&g));
    assert!(g.dynamic_subscriptions.is_empty(), "{}", dump(&g));

    // Inline literal, method value handler; the route is normalised.
    let s = subscriber(&g, "order.created");
    assert_eq!(
        at(&s.at),
        (path, line_of(NOTIFY_MAIN, "Topic: \"order.created\""))
    );
    assert_eq!(s.kind, SubscriberKind::GoSdk);
    assert_eq!(s.service, "notify");
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route.as_deref(), Some("/created"));
    assert_eq!(
        handler(s),
        (
            "(*Handlers).HandleCreated",
            Some((
                path,
                line_of(NOTIFY_MAIN, "func (h *Handlers) HandleCreated(")
            ))
        )
    );
    assert_eq!(
        decodes(s),
        [("OrderCreated", path, line_of(NOTIFY_MAIN, "e.Struct(&evt)"))]
    );
    assert_eq!(
        s.decodes[0].decl_at.as_ref().map(at),
        Some((path, line_of(NOTIFY_MAIN, "type OrderCreated struct")))
    );
    assert_eq!(s.dead_letter, None);

    // Package-level variable, plain function handler.
    let s = subscriber(&g, "order.paid");
    assert_eq!(
        at(&s.at),
        (path, line_of(NOTIFY_MAIN, "AddTopicEventHandler(paidSub"))
    );
    assert_eq!(s.route.as_deref(), Some("/paid"));
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        handler(s),
        (
            "handlePaid",
            Some((path, line_of(NOTIFY_MAIN, "func handlePaid(")))
        )
    );
    assert!(s.decodes.is_empty());

    // Local variable, closure handler.
    let s = subscriber(&g, "order.shipped");
    assert_eq!(
        at(&s.at),
        (path, line_of(NOTIFY_MAIN, "AddTopicEventHandler(sub,"))
    );
    assert_eq!(s.route.as_deref(), Some("/shipped"));
    assert_eq!(
        handler(s),
        (
            "main.func1",
            Some((path, line_of(NOTIFY_MAIN, "AddTopicEventHandler(sub,")))
        )
    );
}

const RECEIVER_HANDLER: &str = r#"package server

import (
	"context"

	"github.com/dapr/go-sdk/service/common"
)

type Server struct {
	svc common.Service
}

func (s *Server) Register() error {
	return s.svc.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: "order.created", Route: "/created"}, s.handleCreated)
}

func (s *Server) handleCreated(ctx context.Context, e *common.TopicEvent) (bool, error) {
	return false, nil
}
"#;

#[test]
fn go_sdk_handler_as_method_value_on_the_receiver() {
    let g = graph_of(&[
        ("notify/go.mod", "module example.com/notify\n"),
        ("notify/internal/server/server.go", RECEIVER_HANDLER),
    ]);
    let s = subscriber(&g, "order.created");
    assert_eq!(
        handler(s),
        (
            "(*Server).handleCreated",
            Some((
                "notify/internal/server/server.go",
                line_of(RECEIVER_HANDLER, "func (s *Server) handleCreated(")
            ))
        )
    );
}

const SUBSCRIBER_OBJECT: &str = r#"package main

import (
	"context"
	"log"

	"github.com/dapr/go-sdk/service/common"
	daprd "github.com/dapr/go-sdk/service/grpc"
)

type OrderSubscriber struct{}

func (o *OrderSubscriber) Handle(ctx context.Context, e *common.TopicEvent) (bool, error) {
	return false, nil
}

func main() {
	s, err := daprd.NewService(":50001")
	if err != nil {
		log.Fatal(err)
	}
	sub := &common.Subscription{PubsubName: "orders-pubsub", Topic: "order.created", Route: "/orders"}
	if err := s.AddTopicEventSubscriber(sub, &OrderSubscriber{}); err != nil {
		log.Fatal(err)
	}
}
"#;

#[test]
fn go_sdk_add_topic_event_subscriber() {
    let g = graph_of(&[
        ("audit/go.mod", "module example.com/audit\n"),
        ("audit/main.go", SUBSCRIBER_OBJECT),
    ]);
    assert_eq!(
        subscribers(&g),
        [(
            "order.created".to_string(),
            "audit/main.go".to_string(),
            line_of(SUBSCRIBER_OBJECT, "s.AddTopicEventSubscriber(")
        )]
    );
    let s = subscriber(&g, "order.created");
    assert_eq!(s.kind, SubscriberKind::GoSdk);
    assert_eq!(s.service, "audit");
    assert_eq!(value(s.pubsub.as_ref()), Some("orders-pubsub"));
    assert_eq!(s.route.as_deref(), Some("/orders"));
    assert!(s.handler.is_some());
}

#[test]

fn go_sdk_add_topic_event_subscriber_handler_is_the_handle_method() {
    let g = graph_of(&[
        ("audit/go.mod", "module example.com/audit\n"),
        ("audit/main.go", SUBSCRIBER_OBJECT),
    ]);
    let s = subscriber(&g, "order.created");
    assert_eq!(
        handler(s),
        (
            "(*OrderSubscriber).Handle",
            Some((
                "audit/main.go",
                line_of(SUBSCRIBER_OBJECT, "func (o *OrderSubscriber) Handle(")
            ))
        )
    );
}

const STREAMING: &str = r#"package main

import (
	"context"
	"log"

	daprc "github.com/dapr/go-sdk/client"
	"github.com/dapr/go-sdk/service/common"
	"github.com/redis/go-redis/v9"
)

type StockChanged struct {
	SKU string `json:"sku"`
}

func handleStock(e *common.TopicEvent) common.SubscriptionResponseStatus {
	var evt StockChanged
	if err := e.Struct(&evt); err != nil {
		return common.SubscriptionResponseStatusDrop
	}
	return common.SubscriptionResponseStatusSuccess
}

func main() {
	ctx := context.Background()
	client, err := daprc.NewClient()
	if err != nil {
		log.Fatal(err)
	}
	stop, err := client.SubscribeWithHandler(ctx, daprc.SubscriptionOptions{PubsubName: "pubsub", Topic: "stock.changed"}, handleStock)
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	sub, err := client.Subscribe(ctx, daprc.SubscriptionOptions{
		PubsubName: "pubsub",
		Topic:      "stock.reserved",
	})
	if err != nil {
		log.Fatal(err)
	}
	defer sub.Close()
	keys := []string{"feature-a"}
	client.SubscribeConfigurationItems(ctx, "cfg", keys, func(id string, items map[string]*daprc.ConfigurationItem) {})
	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
	rdb.Subscribe(ctx, "channel")
}
"#;

#[test]
fn go_sdk_streaming_subscriptions_and_lookalikes() {
    let g = graph_of(&[
        ("stock/go.mod", "module example.com/stock\n"),
        ("stock/main.go", STREAMING),
    ]);
    let path = "stock/main.go";
    assert_eq!(
        subscribers(&g),
        [
            (
                "stock.changed".to_string(),
                path.to_string(),
                line_of(STREAMING, "client.SubscribeWithHandler(")
            ),
            (
                "stock.reserved".to_string(),
                path.to_string(),
                line_of(STREAMING, "client.Subscribe(ctx")
            ),
        ],
        "{}",
        dump(&g)
    );
    assert!(g.dynamic_subscriptions.is_empty(), "{}", dump(&g));

    let s = subscriber(&g, "stock.changed");
    assert_eq!(s.kind, SubscriberKind::GoSdk);
    assert_eq!(s.service, "stock");
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route, None);
    assert_eq!(
        handler(s),
        (
            "handleStock",
            Some((path, line_of(STREAMING, "func handleStock(")))
        )
    );
    assert_eq!(
        decodes(s),
        [("StockChanged", path, line_of(STREAMING, "e.Struct(&evt)"))]
    );

    // A pull subscription: the enclosing function receives the events.
    let s = subscriber(&g, "stock.reserved");
    assert_eq!(s.kind, SubscriberKind::GoSdk);
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        handler(s),
        ("main", Some((path, line_of(STREAMING, "func main()"))))
    );
}

// ---------------------------------------------------------------------------
// 9-10. Programmatic subscriptions
// ---------------------------------------------------------------------------

const PROG_NETHTTP: &str = r#"package main

import (
	"encoding/json"
	"log"
	"net/http"
)

type subscription struct {
	PubsubName string `json:"pubsubname"`
	Topic      string `json:"topic"`
	Route      string `json:"route"`
}

type Order struct {
	OrderID string `json:"order_id"`
}

func configureSubscribeHandler(w http.ResponseWriter, _ *http.Request) {
	t := []subscription{{
		PubsubName: "pubsub",
		Topic:      "orders",
		Route:      "/orders",
	}}
	w.WriteHeader(http.StatusOK)
	json.NewEncoder(w).Encode(t)
}

func ordersHandler(w http.ResponseWriter, r *http.Request) {
	var evt Order
	if err := json.NewDecoder(r.Body).Decode(&evt); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	log.Printf("order %s", evt.OrderID)
}

func main() {
	http.HandleFunc("/dapr/subscribe", configureSubscribeHandler)
	http.HandleFunc("/orders", ordersHandler)
	log.Fatal(http.ListenAndServe(":6002", nil))
}
"#;

#[test]
fn programmatic_net_http_subscribe_handler_with_encoder() {
    let g = graph_of(&[
        ("checkout/go.mod", "module example.com/checkout\n"),
        ("checkout/main.go", PROG_NETHTTP),
    ]);
    let path = "checkout/main.go";
    let s = subscriber(&g, "orders");
    assert_eq!(
        at(&s.at),
        (path, line_of(PROG_NETHTTP, "Topic:      \"orders\""))
    );
    assert_eq!(s.kind, SubscriberKind::Programmatic);
    assert_eq!(s.service, "checkout");
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route.as_deref(), Some("/orders"));
    assert_eq!(
        handler(s),
        (
            "ordersHandler",
            Some((path, line_of(PROG_NETHTTP, "func ordersHandler(")))
        )
    );
    assert_eq!(
        decodes(s),
        [("Order", path, line_of(PROG_NETHTTP, ".Decode(&evt)"))]
    );
    assert_eq!(
        s.decodes[0]
            .fields
            .iter()
            .map(|f| f.json.as_str())
            .collect::<Vec<_>>(),
        ["order_id"]
    );
    assert_eq!(subscribers(&g).len(), 1, "{}", dump(&g));
}

const PROG_GIN: &str = r#"package main

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

type daprSubscription struct {
	PubsubName string `json:"pubsubname"`
	Topic      string `json:"topic"`
	Route      string `json:"route"`
}

type PaymentDone struct {
	PaymentID string `json:"payment_id"`
}

func handlePayment(c *gin.Context) {
	var evt PaymentDone
	if err := json.NewDecoder(c.Request.Body).Decode(&evt); err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	c.Status(http.StatusOK)
}

func main() {
	r := gin.Default()
	r.GET("/dapr/subscribe", func(c *gin.Context) {
		c.JSON(http.StatusOK, []daprSubscription{{PubsubName: "pubsub", Topic: "payments", Route: "/payments"}})
	})
	r.POST("/payments", handlePayment)
	r.Run(":8080")
}
"#;

#[test]
fn programmatic_gin_subscribe_handler_with_c_json() {
    let g = graph_of(&[
        ("billing/go.mod", "module example.com/billing\n"),
        ("billing/main.go", PROG_GIN),
    ]);
    let path = "billing/main.go";
    let s = subscriber(&g, "payments");
    assert_eq!(at(&s.at), (path, line_of(PROG_GIN, "Topic: \"payments\"")));
    assert_eq!(s.kind, SubscriberKind::Programmatic);
    assert_eq!(s.service, "billing");
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route.as_deref(), Some("/payments"));
    assert_eq!(
        handler(s),
        (
            "handlePayment",
            Some((path, line_of(PROG_GIN, "func handlePayment(")))
        )
    );
    assert_eq!(
        decodes(s),
        [("PaymentDone", path, line_of(PROG_GIN, ".Decode(&evt)"))]
    );
}

const PROG_MAP_MUX: &str = r#"package main

import (
	"encoding/json"
	"log"
	"net/http"

	"github.com/gorilla/mux"
)

type Order struct {
	OrderID string `json:"order_id"`
}

func subscribe(w http.ResponseWriter, r *http.Request) {
	subs := []map[string]string{
		{"pubsubname": "pubsub", "topic": "orders", "route": "orders"},
	}
	b, err := json.Marshal(subs)
	if err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		return
	}
	w.Write(b)
}

func postOrder(w http.ResponseWriter, r *http.Request) {
	var evt Order
	if err := json.NewDecoder(r.Body).Decode(&evt); err != nil {
		w.WriteHeader(http.StatusBadRequest)
	}
}

func main() {
	r := mux.NewRouter()
	r.HandleFunc("/dapr/subscribe", subscribe).Methods("GET")
	r.HandleFunc("/orders", postOrder).Methods("POST")
	log.Fatal(http.ListenAndServe(":8080", r))
}
"#;

#[test]
fn programmatic_map_literals_with_json_marshal_and_gorilla_route() {
    let g = graph_of(&[
        ("warehouse/go.mod", "module example.com/warehouse\n"),
        ("warehouse/main.go", PROG_MAP_MUX),
    ]);
    let path = "warehouse/main.go";
    let s = subscriber(&g, "orders");
    assert_eq!(
        at(&s.at),
        (path, line_of(PROG_MAP_MUX, "\"topic\": \"orders\""))
    );
    assert_eq!(s.kind, SubscriberKind::Programmatic);
    assert_eq!(s.service, "warehouse");
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route.as_deref(), Some("/orders"), "normalised");
    assert_eq!(
        handler(s),
        (
            "postOrder",
            Some((path, line_of(PROG_MAP_MUX, "func postOrder(")))
        )
    );
    assert_eq!(
        decodes(s),
        [("Order", path, line_of(PROG_MAP_MUX, ".Decode(&evt)"))]
    );
}

const PROG_JSON_TAGS: &str = r#"package main

import (
	"encoding/json"
	"net/http"
)

type daprSub struct {
	Pubsub string `json:"pubsubname"`
	Name   string `json:"topic"`
	Path   string `json:"route"`
}

func subscriptions(w http.ResponseWriter, r *http.Request) {
	json.NewEncoder(w).Encode([]daprSub{{Pubsub: "pubsub", Name: "invoices", Path: "/invoices"}})
}

func invoices(w http.ResponseWriter, r *http.Request) {}

func main() {
	http.HandleFunc("/dapr/subscribe", subscriptions)
	http.HandleFunc("/invoices", invoices)
	http.ListenAndServe(":8080", nil)
}
"#;

#[test]

fn programmatic_struct_fields_named_by_json_tags() {
    let g = graph_of(&[
        ("invoice/go.mod", "module example.com/invoice\n"),
        ("invoice/main.go", PROG_JSON_TAGS),
    ]);
    let path = "invoice/main.go";
    let s = subscriber(&g, "invoices");
    assert_eq!(
        at(&s.at),
        (path, line_of(PROG_JSON_TAGS, "Name: \"invoices\""))
    );
    assert_eq!(s.kind, SubscriberKind::Programmatic);
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route.as_deref(), Some("/invoices"));
    assert_eq!(
        handler(s),
        (
            "invoices",
            Some((path, line_of(PROG_JSON_TAGS, "func invoices(")))
        )
    );
}

const PROG_GRPC: &str = r#"package main

import (
	"context"
	"encoding/json"

	pb "github.com/dapr/dapr/pkg/proto/runtime/v1"
	"google.golang.org/protobuf/types/known/emptypb"
)

type server struct {
	pb.UnimplementedAppCallbackServer
}

func (s *server) ListTopicSubscriptions(ctx context.Context, in *emptypb.Empty) (*pb.ListTopicSubscriptionsResponse, error) {
	return &pb.ListTopicSubscriptionsResponse{
		Subscriptions: []*pb.TopicSubscription{
			{PubsubName: "pubsub", Topic: "orders"},
		},
	}, nil
}

type OrderEvent struct {
	OrderID string `json:"order_id"`
}

func (s *server) OnTopicEvent(ctx context.Context, in *pb.TopicEventRequest) (*pb.TopicEventResponse, error) {
	var evt OrderEvent
	if err := json.Unmarshal(in.Data, &evt); err != nil {
		return nil, err
	}
	return &pb.TopicEventResponse{}, nil
}
"#;

#[test]
fn programmatic_grpc_list_topic_subscriptions() {
    let g = graph_of(&[
        ("grpcapp/go.mod", "module example.com/grpcapp\n"),
        ("grpcapp/main.go", PROG_GRPC),
    ]);
    assert_eq!(
        subscribers(&g),
        [(
            "orders".to_string(),
            "grpcapp/main.go".to_string(),
            line_of(PROG_GRPC, "Topic: \"orders\"")
        )]
    );
    let s = subscriber(&g, "orders");
    assert_eq!(s.kind, SubscriberKind::Programmatic);
    assert_eq!(s.service, "grpcapp");
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route, None);
    // Events are delivered to OnTopicEvent of the same server type.
    let path = "grpcapp/main.go";
    assert_eq!(
        handler(s),
        (
            "(*server).OnTopicEvent",
            Some((path, line_of(PROG_GRPC, "func (s *server) OnTopicEvent(")))
        )
    );
    assert_eq!(
        decodes(s),
        [(
            "OrderEvent",
            path,
            line_of(PROG_GRPC, "json.Unmarshal(in.Data, &evt)")
        )]
    );
}

// ---------------------------------------------------------------------------
// 11-12. Consumers and configured wrappers
// ---------------------------------------------------------------------------

const CONSUMER: &str = r#"package consumer

import (
	"context"
	"encoding/json"

	"github.com/acme/shop/common/events"
	"github.com/acme/shop/common/eventbus"
)

type Handler struct{}

func (h *Handler) HandleOrderCreated(ctx context.Context, data []byte) error {
	var evt events.OrderCreated
	return json.Unmarshal(data, &evt)
}

func (h *Handler) HandleOrderPaid(ctx context.Context, data []byte) error {
	return nil
}

func Register(c *eventbus.Consumer, h *Handler) {
	c.AddConsumer(events.TopicOrderCreated, "pubsub", h.HandleOrderCreated)
	c.AddConsumerWithMetadata(events.TopicOrderPaid, "pubsub", map[string]string{"deadLetterTopic": "order.paid.dlq"}, h.HandleOrderPaid)
}
"#;

#[test]
fn platform_consumers_with_and_without_metadata() {
    let gomod = service_gomod("billing");
    let g = graph_of(&with_common(&[
        ("billing/go.mod", &gomod),
        ("billing/internal/consumer/consumer.go", CONSUMER),
    ]));
    let path = "billing/internal/consumer/consumer.go";

    let s = subscriber(&g, "order.created");
    assert_eq!(at(&s.at), (path, line_of(CONSUMER, "c.AddConsumer(events")));
    assert_eq!(s.kind, SubscriberKind::Call);
    assert_eq!(s.service, "billing");
    assert_eq!(
        s.topic.constant.as_deref(),
        Some("events.TopicOrderCreated")
    );
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        handler(s),
        (
            "(*Handler).HandleOrderCreated",
            Some((
                path,
                line_of(CONSUMER, "func (h *Handler) HandleOrderCreated(")
            ))
        )
    );
    assert_eq!(
        decodes(s),
        [(
            "OrderCreated",
            path,
            line_of(CONSUMER, "json.Unmarshal(data, &evt)")
        )]
    );
    assert_eq!(
        s.decodes[0].decl_at.as_ref().map(at),
        Some((
            "common/events/types.go",
            line_of(COMMON_TYPES, "type OrderCreated struct")
        ))
    );
    assert_eq!(s.dead_letter, None);

    let s = subscriber(&g, "order.paid");
    let line = line_of(CONSUMER, "c.AddConsumerWithMetadata(");
    assert_eq!(at(&s.at), (path, line));
    assert_eq!(s.kind, SubscriberKind::Call);
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        handler(s).0,
        "(*Handler).HandleOrderPaid",
        "the handler is the last argument"
    );
    assert_eq!(value(s.dead_letter.as_ref()), Some("order.paid.dlq"));

    // The dead-letter topic is published by the runtime, at the subscription.
    let p = publisher(&g, "order.paid.dlq");
    assert_eq!(at(&p.at), (path, line));
    assert_eq!(p.via, "dead-letter");
    assert_eq!(p.service, "billing");
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
}

const ON_WRAPPER: &str = r#"package worker

import (
	"context"

	"example.com/worker/internal/bus"
)

type InvoiceHandler struct{}

func (h *InvoiceHandler) HandleIssued(ctx context.Context, data []byte) error {
	return nil
}

func Start(b *bus.Bus) {
	h := &InvoiceHandler{}
	b.On("invoice.issued", h.HandleIssued)
}
"#;

#[test]
fn configured_subscribe_wrapper() {
    let dir = repo(&[
        ("worker/go.mod", "module example.com/worker\n"),
        ("worker/internal/worker/worker.go", ON_WRAPPER),
    ]);
    let path = "worker/internal/worker/worker.go";
    // Not a subscription under the defaults.
    let g = graph_with(dir.path(), &Config::default());
    assert!(subscribers(&g).is_empty(), "{}", dump(&g));

    let config = Config::from_str(
        "extract:\n  subscribe:\n    - { call: \"*.On\", topic_arg: 0, handler_arg: 1 }\n",
        "eventlint.yaml",
    )
    .expect("config");
    let g = graph_with(dir.path(), &config);
    let s = subscriber(&g, "invoice.issued");
    assert_eq!(at(&s.at), (path, line_of(ON_WRAPPER, "b.On(")));
    assert_eq!(s.kind, SubscriberKind::Call);
    assert_eq!(s.service, "worker");
    assert_eq!(s.pubsub, None);
    assert_eq!(
        handler(s),
        (
            "(*InvoiceHandler).HandleIssued",
            Some((
                path,
                line_of(ON_WRAPPER, "func (h *InvoiceHandler) HandleIssued(")
            ))
        )
    );
}

// ---------------------------------------------------------------------------
// 13. Outbox
// ---------------------------------------------------------------------------

const OUTBOX_BIZ: &str = r#"package biz

type OutboxEvent struct {
	Topic   string
	Payload []byte
}
"#;

const OUTBOX_USECASE: &str = r#"package service

import (
	"context"
	"encoding/json"

	"github.com/acme/shop/common/events"
	"github.com/acme/shop/payment/internal/biz"
)

type OutboxRepo interface {
	Save(ctx context.Context, e *biz.OutboxEvent) error
}

type PaymentUsecase struct {
	outboxRepo OutboxRepo
}

func (uc *PaymentUsecase) Capture(ctx context.Context, id string) error {
	data, err := json.Marshal(events.OrderPaid{OrderID: id})
	if err != nil {
		return err
	}
	return uc.outboxRepo.Save(ctx, &biz.OutboxEvent{Topic: events.TopicOrderPaid, Payload: data})
}
"#;

#[test]
fn outbox_write_with_topic_in_struct_literal() {
    let gomod = service_gomod("payment");
    let g = graph_of(&with_common(&[
        ("payment/go.mod", &gomod),
        ("payment/internal/biz/outbox.go", OUTBOX_BIZ),
        ("payment/internal/service/payment.go", OUTBOX_USECASE),
    ]));
    let p = publisher(&g, "order.paid");
    assert_eq!(
        at(&p.at),
        (
            "payment/internal/service/payment.go",
            line_of(OUTBOX_USECASE, "uc.outboxRepo.Save(")
        )
    );
    assert!(p.outbox);
    assert_eq!(p.via, "outbox");
    assert_eq!(p.service, "payment");
    assert_eq!(p.function.as_deref(), Some("(*PaymentUsecase).Capture"));
    assert_eq!(p.topic.constant.as_deref(), Some("events.TopicOrderPaid"));
    assert_eq!(publishers(&g).len(), 1, "{}", dump(&g));
}

// ---------------------------------------------------------------------------
// 14. Forwarders found automatically
// ---------------------------------------------------------------------------

const FWD_PUB: &str = r#"package pub

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

type Pub struct {
	c dapr.Client
}

func (p *Pub) Send(ctx context.Context, topic string, v any) error {
	return p.c.PublishEvent(ctx, "pubsub", topic, v)
}

// PublishOrder forwards to Send: a second layer.
func PublishOrder(ctx context.Context, p *Pub, topic string, v any) error {
	return p.Send(ctx, topic, v)
}
"#;

const FWD_CALLER: &str = r#"package biz

import (
	"context"

	"github.com/acme/shop/common/events"
	"github.com/acme/shop/order/internal/pub"
)

type OrderUsecase struct {
	p *pub.Pub
}

func (uc *OrderUsecase) Create(ctx context.Context, id string) error {
	evt := &events.OrderCreated{OrderID: id}
	return uc.p.Send(ctx, events.TopicOrderCreated, evt)
}

func (uc *OrderUsecase) Ship(ctx context.Context, id string) error {
	return pub.PublishOrder(ctx, uc.p, events.TopicOrderShipped, &events.OrderShipped{OrderID: id})
}
"#;

#[test]
fn forwarders_one_and_two_levels_publish_at_the_call_site() {
    let gomod = service_gomod("order");
    let g = graph_of(&with_common(&[
        ("order/go.mod", &gomod),
        ("order/internal/pub/pub.go", FWD_PUB),
        ("order/internal/biz/order.go", FWD_CALLER),
    ]));
    let path = "order/internal/biz/order.go";
    // Nothing is published inside the forwarders themselves.
    assert_eq!(
        publishers(&g),
        [
            (
                "order.created".to_string(),
                path.to_string(),
                line_of(FWD_CALLER, "uc.p.Send(")
            ),
            (
                "order.shipped".to_string(),
                path.to_string(),
                line_of(FWD_CALLER, "pub.PublishOrder(")
            ),
        ],
        "{}",
        dump(&g)
    );
    assert!(g.dynamic.is_empty(), "{}", dump(&g));

    let p = publisher(&g, "order.created");
    assert_eq!(p.service, "order");
    assert_eq!(p.function.as_deref(), Some("(*OrderUsecase).Create"));
    assert_eq!(p.via, "forwarder (*Pub).Send");
    assert_eq!(
        p.topic.constant.as_deref(),
        Some("events.TopicOrderCreated")
    );
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    let payload = p.payload.as_ref().expect("payload");
    assert_eq!(payload.type_name.as_deref(), Some("OrderCreated"));
    assert_eq!(fields(payload), order_created_fields());

    let p = publisher(&g, "order.shipped");
    assert_eq!(p.function.as_deref(), Some("(*OrderUsecase).Ship"));
    assert_eq!(p.via, "forwarder PublishOrder");
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        p.payload.as_ref().and_then(|p| p.type_name.as_deref()),
        Some("OrderShipped")
    );
}

const MAILER: &str = r#"package mail

import "context"

type Mailer struct{}

func (m *Mailer) Send(ctx context.Context, template string, data any) error {
	return nil
}

func Welcome(ctx context.Context, m *Mailer, user string) error {
	return m.Send(ctx, "welcome-email", user)
}
"#;

#[test]

fn forwarder_call_sites_are_calls_of_that_forwarder_only() {
    // `(*Pub).Send(ctx, topic, v)` forwards to PublishEvent; an unrelated
    // `(*Mailer).Send(ctx, template, data)` in another service is no publish.
    let gomod = service_gomod("order");
    let g = graph_of(&with_common(&[
        ("order/go.mod", &gomod),
        ("order/internal/pub/pub.go", FWD_PUB),
        ("order/internal/biz/order.go", FWD_CALLER),
        ("mailer/go.mod", "module github.com/acme/shop/mailer\n"),
        ("mailer/internal/mail/mail.go", MAILER),
    ]));
    assert!(g.topic("welcome-email").is_none(), "{}", dump(&g));
    assert_eq!(publishers(&g).len(), 2, "{}", dump(&g));
}

const SUB_HELPER: &str = r#"package server

import (
	"context"

	"github.com/dapr/go-sdk/service/common"

	"github.com/acme/shop/common/events"
)

type Server struct {
	svc common.Service
}

func (s *Server) on(topic string, h common.TopicEventHandler) {
	s.svc.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: topic, Route: "/" + topic}, h)
}
"#;

const SUB_HELPER_CALLER: &str = r#"package server

import (
	"context"

	"github.com/dapr/go-sdk/service/common"

	"github.com/acme/shop/common/events"
)

func (s *Server) Register() {
	s.on(events.TopicOrderCreated, s.handleCreated)
}

func (s *Server) handleCreated(ctx context.Context, e *common.TopicEvent) (bool, error) {
	var evt events.OrderCreated
	if err := e.Struct(&evt); err != nil {
		return true, err
	}
	return false, nil
}
"#;

fn sub_helper_graph() -> EventGraph {
    let gomod = service_gomod("notify");
    graph_of(&with_common(&[
        ("notify/go.mod", &gomod),
        ("notify/internal/server/helper.go", SUB_HELPER),
        ("notify/internal/server/register.go", SUB_HELPER_CALLER),
    ]))
}

#[test]
fn subscription_helper_subscribes_at_the_call_site() {
    let g = sub_helper_graph();
    let path = "notify/internal/server/register.go";
    assert_eq!(
        subscribers(&g),
        [(
            "order.created".to_string(),
            path.to_string(),
            line_of(SUB_HELPER_CALLER, "s.on(")
        )],
        "{}",
        dump(&g)
    );
    assert!(g.dynamic_subscriptions.is_empty(), "{}", dump(&g));
    let s = subscriber(&g, "order.created");
    assert_eq!(s.kind, SubscriberKind::GoSdk);
    assert_eq!(s.service, "notify");
    assert_eq!(
        s.topic.constant.as_deref(),
        Some("events.TopicOrderCreated")
    );
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        handler(s),
        (
            "(*Server).handleCreated",
            Some((
                path,
                line_of(SUB_HELPER_CALLER, "func (s *Server) handleCreated(")
            ))
        )
    );
    assert_eq!(
        decodes(s),
        [(
            "OrderCreated",
            path,
            line_of(SUB_HELPER_CALLER, "e.Struct(&evt)")
        )]
    );
}

#[test]
fn subscription_helper_route_built_from_the_topic_parameter() {
    let g = sub_helper_graph();
    let s = subscriber(&g, "order.created");
    assert_eq!(s.route.as_deref(), Some("/order.created"));
}

// ---------------------------------------------------------------------------
// 15. Topic resolution
// ---------------------------------------------------------------------------

const RESOLVE_TOPICS: &str = r#"package events

const (
	Prefix        = "order"
	TopicCreated  = Prefix + ".created"
	TopicAlias    = TopicOrderPaid
	TopicOrderPaid = "order.paid"
)
"#;

const RESOLVE_CONSTS: &str = r#"package main

import (
	"context"
	"fmt"

	dapr "github.com/dapr/go-sdk/client"

	"example.com/resolver/events"
)

var topicOnce = "order.once"

var topicTwice = "order.first"

var topicInit string

func init() {
	topicTwice = "order.second"
	topicInit = "order.init"
}

func publish(ctx context.Context, c dapr.Client, evt any) {
	_ = c.PublishEvent(ctx, "pubsub", events.TopicAlias, evt)
	_ = c.PublishEvent(ctx, "pubsub", events.TopicCreated, evt)
	_ = c.PublishEvent(ctx, "pubsub", events.Prefix+".cancelled", evt)
	_ = c.PublishEvent(ctx, "pubsub", topicOnce, evt)
	_ = c.PublishEvent(ctx, "pubsub", topicTwice, evt)
	_ = c.PublishEvent(ctx, "pubsub", topicInit, evt)
	local := "order.local"
	_ = c.PublishEvent(ctx, "pubsub", local, evt)
	changing := "order.a"
	if evt == nil {
		changing = "order.b"
	}
	_ = c.PublishEvent(ctx, "pubsub", changing, evt)
	mixed := "order.x"
	if evt != nil {
		mixed = fmt.Sprint(evt)
	}
	_ = c.PublishEvent(ctx, "pubsub", mixed, evt)
}
"#;

#[test]
fn topic_resolution_constants_concatenation_and_variables() {
    let g = graph_of(&[
        ("resolver/go.mod", "module example.com/resolver\n"),
        ("resolver/events/topics.go", RESOLVE_TOPICS),
        ("resolver/main.go", RESOLVE_CONSTS),
    ]);
    let path = "resolver/main.go";
    let line = |needle: &str| line_of(RESOLVE_CONSTS, needle);
    let check = |topic: &str, needle: &str, constant: Option<&str>| {
        let p = publisher(&g, topic);
        assert_eq!(at(&p.at), (path, line(needle)), "{topic}");
        assert_eq!(p.topic.constant.as_deref(), constant, "{topic}");
        assert_eq!(p.topic.env, None, "{topic}");
        assert_eq!(p.function.as_deref(), Some("publish"));
    };
    // A constant aliasing another constant.
    check(
        "order.paid",
        "events.TopicAlias,",
        Some("events.TopicAlias"),
    );
    // A constant built by concatenation.
    check(
        "order.created",
        "events.TopicCreated,",
        Some("events.TopicCreated"),
    );
    // Concatenation at the call site.
    check("order.cancelled", "events.Prefix+", None);
    // Package variables assigned once (at declaration, or once in a function).
    check("order.once", "topicOnce,", Some("main.topicOnce"));
    check("order.init", "topicInit,", Some("main.topicInit"));
    // A local variable assigned once.
    check("order.local", "local,", None);

    // A package variable assigned twice, a local assigned in an `if`: the
    // site publishes each value, and says it has alternatives.
    for (topics, needle) in [
        (["order.first", "order.second"], "topicTwice,"),
        (["order.a", "order.b"], "changing,"),
    ] {
        for t in topics {
            let p = publisher(&g, t);
            assert_eq!(at(&p.at), (path, line(needle)), "{t}");
            assert_eq!(p.topic.alternatives, topics, "{t}");
        }
    }
    // One branch the linker cannot name: the whole site is dynamic.
    let dynamic: Vec<(&str, u32, &str)> = g
        .dynamic
        .iter()
        .map(|d| (d.at.path.as_str(), d.at.span.line, d.topic.text.as_str()))
        .collect();
    assert_eq!(
        dynamic,
        [(
            path,
            line("mixed,"),
            "\"order.x\" | fmt.Sprintf(\"%v\", evt)"
        )],
        "{}",
        dump(&g)
    );
    for d in &g.dynamic {
        assert_eq!(d.topic.value, None);
        assert_eq!(d.topic.pattern, None, "no literal part: no pattern");
        assert_eq!(d.function.as_deref(), Some("publish"));
        assert_eq!(d.service, "resolver");
    }
    assert!(
        g.topic("order.x").is_none(),
        "one alternative alone is never taken"
    );
}

const RESOLVE_ENV: &str = r#"package main

import (
	"context"
	"fmt"
	"os"

	dapr "github.com/dapr/go-sdk/client"
)

var shipTopic = getEnv("SHIP_TOPIC", "shipments")

func getEnv(key, fallback string) string {
	if v, ok := os.LookupEnv(key); ok {
		return v
	}
	return fallback
}

func publishGetenv(ctx context.Context, c dapr.Client, evt any) error {
	t := os.Getenv("ORDERS_TOPIC")
	if t == "" {
		t = "orders"
	}
	return c.PublishEvent(ctx, "pubsub", t, evt)
}

func publishHelper(ctx context.Context, c dapr.Client, evt any) error {
	return c.PublishEvent(ctx, getEnv("PUBSUB_NAME", "pubsub"), getEnv("PAYMENTS_TOPIC", "payments"), evt)
}

func publishLookup(ctx context.Context, c dapr.Client, evt any) error {
	topic, ok := os.LookupEnv("REFUNDS_TOPIC")
	if !ok {
		topic = "refunds"
	}
	return c.PublishEvent(ctx, "pubsub", topic, evt)
}

func publishPackageEnv(ctx context.Context, c dapr.Client, evt any) error {
	return c.PublishEvent(ctx, "pubsub", shipTopic, evt)
}

func publishTenant(ctx context.Context, c dapr.Client, tenant string, evt any) error {
	return c.PublishEvent(ctx, "pubsub", fmt.Sprintf("%s.created", tenant), evt)
}
"#;

#[test]
fn topic_resolution_environment_with_defaults_and_sprintf() {
    let g = graph_of(&[
        ("envsvc/go.mod", "module example.com/envsvc\n"),
        ("envsvc/main.go", RESOLVE_ENV),
    ]);
    let path = "envsvc/main.go";
    let check = |topic: &str, env: &str, needle: &str, function: &str| {
        let p = publisher(&g, topic);
        assert_eq!(
            at(&p.at),
            (path, line_of(RESOLVE_ENV, needle)),
            "{topic}\n{}",
            dump(&g)
        );
        assert_eq!(p.topic.value.as_deref(), Some(topic));
        assert_eq!(p.topic.env.as_deref(), Some(env), "{topic}");
        assert_eq!(p.function.as_deref(), Some(function));
    };
    check(
        "orders",
        "ORDERS_TOPIC",
        "\"pubsub\", t, evt)",
        "publishGetenv",
    );
    check(
        "payments",
        "PAYMENTS_TOPIC",
        "getEnv(\"PUBSUB_NAME\"",
        "publishHelper",
    );
    check(
        "refunds",
        "REFUNDS_TOPIC",
        "\"pubsub\", topic, evt)",
        "publishLookup",
    );
    check(
        "shipments",
        "SHIP_TOPIC",
        "shipTopic, evt",
        "publishPackageEnv",
    );

    // The pub/sub name resolves the same way.
    let ps = publisher(&g, "payments").pubsub.clone().expect("pubsub");
    assert_eq!(ps.value.as_deref(), Some("pubsub"));
    assert_eq!(ps.env.as_deref(), Some("PUBSUB_NAME"));

    // Sprintf of a parameter: dynamic, with a pattern.
    let [d] = g.dynamic.as_slice() else {
        panic!("one dynamic publish expected\n{}", dump(&g));
    };
    assert_eq!(at(&d.at), (path, line_of(RESOLVE_ENV, "fmt.Sprintf(")));
    assert_eq!(d.topic.value, None);
    assert_eq!(d.topic.pattern.as_deref(), Some("*.created"));
    assert_eq!(d.topic.text, "fmt.Sprintf(\"%s.created\", tenant)");
    assert_eq!(d.function.as_deref(), Some("publishTenant"));
    assert!(g.topic("*.created").is_none());
}

const CTOR_PUB: &str = r#"package pub

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"

	"github.com/acme/shop/common/events"
)

type KeyedPub struct {
	c     dapr.Client
	topic string
}

func NewKeyedPub(c dapr.Client) *KeyedPub {
	return &KeyedPub{c: c, topic: events.TopicOrderCreated}
}

func (p *KeyedPub) Emit(ctx context.Context, v any) error {
	return p.c.PublishEvent(ctx, "ps", p.topic, v)
}

type PositionalPub struct {
	c     dapr.Client
	topic string
}

func NewPositionalPub(c dapr.Client) *PositionalPub {
	return &PositionalPub{c, "orders"}
}

func (q *PositionalPub) Emit(ctx context.Context, v any) error {
	return q.c.PublishEvent(ctx, "ps", q.topic, v)
}

type SplitPub struct {
	c     dapr.Client
	topic string
}

func NewCreatedPub(c dapr.Client) *SplitPub {
	return &SplitPub{c: c, topic: "a.created"}
}

func NewDeletedPub(c dapr.Client) *SplitPub {
	return &SplitPub{c: c, topic: "a.deleted"}
}

func (s *SplitPub) Emit(ctx context.Context, v any) error {
	return s.c.PublishEvent(ctx, "ps", s.topic, v)
}
"#;

#[test]
fn topic_resolution_struct_fields_set_by_constructors() {
    let gomod = service_gomod("order");
    let g = graph_of(&with_common(&[
        ("order/go.mod", &gomod),
        ("order/internal/pub/pub.go", CTOR_PUB),
    ]));
    let path = "order/internal/pub/pub.go";

    // Keyed literal, value from a constant of another module.
    let p = publisher(&g, "order.created");
    assert_eq!(at(&p.at), (path, line_of(CTOR_PUB, "p.c.PublishEvent(")));
    assert_eq!(
        p.topic.constant.as_deref(),
        Some("events.TopicOrderCreated")
    );
    assert_eq!(p.function.as_deref(), Some("(*KeyedPub).Emit"));
    assert_eq!(value(p.pubsub.as_ref()), Some("ps"));

    // Positional literal.
    let p = publisher(&g, "orders");
    assert_eq!(at(&p.at), (path, line_of(CTOR_PUB, "q.c.PublishEvent(")));
    assert_eq!(p.function.as_deref(), Some("(*PositionalPub).Emit"));

    // Constructors that disagree: the site publishes one of their values.
    for t in ["a.created", "a.deleted"] {
        let p = publisher(&g, t);
        assert_eq!(at(&p.at), (path, line_of(CTOR_PUB, "s.c.PublishEvent(")));
        assert_eq!(p.function.as_deref(), Some("(*SplitPub).Emit"));
        assert_eq!(p.topic.alternatives, ["a.created", "a.deleted"]);
        assert_eq!(p.topic.text, "s.topic", "the expression as written");
    }
    assert!(g.dynamic.is_empty(), "{}", dump(&g));
    assert_eq!(publishers(&g).len(), 4, "{}", dump(&g));
}

// ---------------------------------------------------------------------------
// 16. Declarative YAML subscriptions linked to Go routes
// ---------------------------------------------------------------------------

/// A declarative subscription to `order.paid` on `/orders`, scoped to `scope`.
fn subscription_yaml(scope: Option<&str>) -> String {
    let mut y = String::from(
        "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: order-paid\nspec:\n  topic: order.paid\n  route: /orders\n  pubsubname: pubsub\n",
    );
    if let Some(s) = scope {
        y.push_str(&format!("scopes:\n  - {s}\n"));
    }
    y
}

/// Links a YAML subscription to a Go route; checks the subscriber completely.
/// The Go handler is `handler` (declared on the line holding `handler_decl`)
/// and decodes `OrderPaid` on the line holding `decode`.
#[allow(clippy::too_many_arguments)]
fn check_yaml_route(
    service: &str,
    go_path: &str,
    go: &str,
    yaml_path: &str,
    yaml: &str,
    handler_name: &str,
    handler_decl: &str,
    decode: &str,
) {
    let gomod = format!("module example.com/{service}\n");
    let g = graph_of(&[
        (&format!("{service}/go.mod"), &gomod),
        (go_path, go),
        (yaml_path, yaml),
    ]);
    let s = subscriber(&g, "order.paid");
    assert_eq!(
        at(&s.at),
        (yaml_path, line_of(yaml, "topic: order.paid")),
        "at the YAML `topic:` line"
    );
    assert_eq!(s.kind, SubscriberKind::Yaml);
    assert_eq!(s.service, service, "{}", dump(&g));
    assert_eq!(value(s.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(s.route.as_deref(), Some("/orders"));
    assert_eq!(
        handler(s),
        (handler_name, Some((go_path, line_of(go, handler_decl)))),
        "{}",
        dump(&g)
    );
    assert_eq!(decodes(s), [("OrderPaid", go_path, line_of(go, decode))]);
    assert_eq!(
        s.decodes[0].decl_at.as_ref().map(at),
        Some((go_path, line_of(go, "type OrderPaid struct")))
    );
    assert_eq!(
        s.decodes[0]
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.json.as_str()))
            .collect::<Vec<_>>(),
        [("OrderID", "order_id"), ("Amount", "amount")]
    );
}

const ROUTE_NETHTTP: &str = r#"package main

import (
	"encoding/json"
	"log"
	"net/http"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

func handleOrders(w http.ResponseWriter, r *http.Request) {
	var evt OrderPaid
	if err := json.NewDecoder(r.Body).Decode(&evt); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	w.WriteHeader(http.StatusOK)
}

func main() {
	http.HandleFunc("/orders", handleOrders)
	log.Fatal(http.ListenAndServe(":8080", nil))
}
"#;

#[test]
fn yaml_subscription_linked_to_net_http_route_by_scope() {
    check_yaml_route(
        "shipping",
        "shipping/main.go",
        ROUTE_NETHTTP,
        "components/subscription.yaml",
        &subscription_yaml(Some("shipping")),
        "handleOrders",
        "func handleOrders(",
        ".Decode(&evt)",
    );
}

const ROUTE_MUX: &str = r#"package main

import (
	"encoding/json"
	"net/http"

	"github.com/gorilla/mux"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

func postOrder(w http.ResponseWriter, r *http.Request) {
	var evt OrderPaid
	if err := json.NewDecoder(r.Body).Decode(&evt); err != nil {
		w.WriteHeader(http.StatusBadRequest)
	}
}

func main() {
	r := mux.NewRouter()
	r.HandleFunc("/orders", postOrder).Methods("POST")
	http.ListenAndServe(":8080", r)
}
"#;

#[test]
fn yaml_subscription_linked_to_gorilla_mux_route_by_scope() {
    check_yaml_route(
        "shipping",
        "shipping/cmd/server/main.go",
        ROUTE_MUX,
        "deploy/dapr/subscription.yaml",
        &subscription_yaml(Some("shipping")),
        "postOrder",
        "func postOrder(",
        ".Decode(&evt)",
    );
}

const ROUTE_GIN: &str = r#"package main

import (
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

type EventHandler struct{}

func (h *EventHandler) OrderPaid(c *gin.Context) {
	var evt OrderPaid
	if err := json.NewDecoder(c.Request.Body).Decode(&evt); err != nil {
		c.Status(http.StatusBadRequest)
		return
	}
	c.Status(http.StatusOK)
}

func main() {
	h := &EventHandler{}
	r := gin.Default()
	r.POST("/orders", h.OrderPaid)
	r.Run(":8080")
}
"#;

#[test]
fn yaml_subscription_linked_to_gin_route_with_nested_service_dir() {
    // The service is `services/shipping`; the scope names its base name.
    check_yaml_route(
        "services/shipping",
        "services/shipping/main.go",
        ROUTE_GIN,
        "components/subscription.yaml",
        &subscription_yaml(Some("shipping")),
        "(*EventHandler).OrderPaid",
        "func (h *EventHandler) OrderPaid(",
        ".Decode(&evt)",
    );
}

const ROUTE_CHI: &str = r#"package main

import (
	"encoding/json"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

func orderPaid(w http.ResponseWriter, r *http.Request) {
	var evt OrderPaid
	if err := json.NewDecoder(r.Body).Decode(&evt); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
	}
}

func main() {
	r := chi.NewRouter()
	r.Post("/orders", orderPaid)
	http.ListenAndServe(":3000", r)
}
"#;

#[test]
fn yaml_subscription_linked_to_chi_route_by_folder() {
    check_yaml_route(
        "shipping",
        "shipping/main.go",
        ROUTE_CHI,
        "deploy/shipping/sub.yaml",
        &subscription_yaml(None),
        "orderPaid",
        "func orderPaid(",
        ".Decode(&evt)",
    );
}

const ROUTE_ECHO: &str = r#"package main

import (
	"encoding/json"
	"net/http"

	"github.com/labstack/echo/v4"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

func orderPaid(c echo.Context) error {
	var evt OrderPaid
	if err := json.NewDecoder(c.Request().Body).Decode(&evt); err != nil {
		return c.NoContent(http.StatusBadRequest)
	}
	return c.NoContent(http.StatusOK)
}

func main() {
	e := echo.New()
	e.POST("/orders", orderPaid)
	e.Logger.Fatal(e.Start(":1323"))
}
"#;

#[test]
fn yaml_subscription_linked_to_echo_route_by_folder() {
    check_yaml_route(
        "shipping",
        "shipping/main.go",
        ROUTE_ECHO,
        "deploy/shipping/sub.yaml",
        &subscription_yaml(None),
        "orderPaid",
        "func orderPaid(",
        ".Decode(&evt)",
    );
}

const ROUTE_KRATOS: &str = r#"package server

import (
	"encoding/json"
	nethttp "net/http"

	"github.com/go-kratos/kratos/v2/transport/http"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

func NewHTTPServer() *http.Server {
	srv := http.NewServer(http.Address(":8000"))
	srv.HandleFunc("/orders", handleOrderPaid)
	return srv
}

func handleOrderPaid(w nethttp.ResponseWriter, r *nethttp.Request) {
	var evt OrderPaid
	if err := json.NewDecoder(r.Body).Decode(&evt); err != nil {
		w.WriteHeader(nethttp.StatusBadRequest)
	}
}
"#;

#[test]
fn yaml_subscription_linked_to_kratos_handle_func() {
    check_yaml_route(
        "shipping",
        "shipping/internal/server/http.go",
        ROUTE_KRATOS,
        "deploy/shipping/sub.yaml",
        &subscription_yaml(None),
        "handleOrderPaid",
        "func handleOrderPaid(",
        ".Decode(&evt)",
    );
}

const ROUTE_KRATOS_ROUTER: &str = r#"package server

import (
	"encoding/json"

	"github.com/go-kratos/kratos/v2/transport/http"
)

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

type EventService struct{}

func NewHTTPServer(h *EventService) *http.Server {
	srv := http.NewServer(http.Address(":8000"))
	r := srv.Route("/")
	r.POST("/orders", h.OrderPaid)
	return srv
}

func (h *EventService) OrderPaid(ctx http.Context) error {
	var evt OrderPaid
	if err := json.NewDecoder(ctx.Request().Body).Decode(&evt); err != nil {
		return err
	}
	return ctx.Result(200, nil)
}
"#;

#[test]
fn yaml_subscription_linked_to_kratos_route_group() {
    check_yaml_route(
        "shipping",
        "shipping/internal/server/http.go",
        ROUTE_KRATOS_ROUTER,
        "components/subscription.yaml",
        &subscription_yaml(Some("shipping")),
        "(*EventService).OrderPaid",
        "func (h *EventService) OrderPaid(",
        ".Decode(&evt)",
    );
}

const ROUTE_ENVELOPE: &str = r#"package main

import (
	"encoding/json"
	"net/http"
)

type cloudEvent struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	SpecVersion string          `json:"specversion"`
	Data        json.RawMessage `json:"data"`
}

type OrderPaid struct {
	OrderID string `json:"order_id"`
	Amount  int64  `json:"amount"`
}

func handleOrders(w http.ResponseWriter, r *http.Request) {
	var env cloudEvent
	if err := json.NewDecoder(r.Body).Decode(&env); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
	var evt OrderPaid
	if err := json.Unmarshal(env.Data, &evt); err != nil {
		w.WriteHeader(http.StatusBadRequest)
		return
	}
}

func main() {
	http.HandleFunc("/orders", handleOrders)
	http.ListenAndServe(":8080", nil)
}
"#;

#[test]
fn yaml_subscription_decode_follows_the_cloudevent_envelope() {
    check_yaml_route(
        "shipping",
        "shipping/main.go",
        ROUTE_ENVELOPE,
        "deploy/shipping/subscription.yaml",
        &subscription_yaml(Some("shipping")),
        "handleOrders",
        "func handleOrders(",
        "json.Unmarshal(env.Data, &evt)",
    );
}

// ---------------------------------------------------------------------------
// 17. Identity is (pubsub, topic)
// ---------------------------------------------------------------------------

const IDENTITY_PUB: &str = r#"package main

import (
	"context"
	"os"

	dapr "github.com/dapr/go-sdk/client"
)

func publishAll(ctx context.Context, c dapr.Client, evt any) {
	unknown := os.Getenv("PUBSUB")
	_ = c.PublishEvent(ctx, "a", "t.mismatch", evt)
	_ = c.PublishEvent(ctx, unknown, "t.unknown-pub", evt)
	_ = c.PublishEvent(ctx, "a", "t.unknown-sub", evt)
	_ = c.PublishEvent(ctx, "a", "t.same", evt)
}
"#;

const IDENTITY_SUB: &str = r#"package main

import (
	"context"
	"os"

	"github.com/dapr/go-sdk/service/common"
	daprd "github.com/dapr/go-sdk/service/http"
)

func handle(ctx context.Context, e *common.TopicEvent) (bool, error) {
	return false, nil
}

func main() {
	s := daprd.NewService(":8080")
	ps := os.Getenv("PUBSUB")
	s.AddTopicEventHandler(&common.Subscription{PubsubName: "b", Topic: "t.mismatch", Route: "/m"}, handle)
	s.AddTopicEventHandler(&common.Subscription{PubsubName: "b", Topic: "t.unknown-pub", Route: "/up"}, handle)
	s.AddTopicEventHandler(&common.Subscription{PubsubName: ps, Topic: "t.unknown-sub", Route: "/us"}, handle)
	s.AddTopicEventHandler(&common.Subscription{PubsubName: "a", Topic: "t.same", Route: "/s"}, handle)
	s.Start()
}
"#;

#[test]
fn identity_is_pubsub_and_topic_and_unknown_pubsub_matches_any() {
    let g = graph_of(&[
        ("producer/go.mod", "module example.com/producer\n"),
        ("producer/main.go", IDENTITY_PUB),
        ("consumer/go.mod", "module example.com/consumer\n"),
        ("consumer/main.go", IDENTITY_SUB),
    ]);
    assert_eq!(publishers(&g).len(), 4, "{}", dump(&g));
    assert_eq!(subscribers(&g).len(), 4, "{}", dump(&g));
    assert_eq!(
        edges(&g),
        owned(&[
            ("producer", "t.same", "consumer"),
            ("producer", "t.unknown-pub", "consumer"),
            ("producer", "t.unknown-sub", "consumer"),
        ]),
        "a vs b: no edge; an unknown pub/sub matches any"
    );
    let ps = publisher(&g, "t.unknown-pub")
        .pubsub
        .clone()
        .expect("pubsub");
    assert_eq!(ps.value, None);
    assert_eq!(ps.env.as_deref(), Some("PUBSUB"));
    let ps = subscriber(&g, "t.unknown-sub")
        .pubsub
        .clone()
        .expect("pubsub");
    assert_eq!(ps.value, None);
    assert_eq!(ps.env.as_deref(), Some("PUBSUB"));
}

// ---------------------------------------------------------------------------
// 18. Dead letters
// ---------------------------------------------------------------------------

const DLQ_YAML: &str = "apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: orders
spec:
  topic: orders
  routes:
    default: /orders
  pubsubname: pubsub
  deadLetterTopic: orders.dlq
scopes:
  - shipping
";

const DLQ_SHIPPING: &str = r#"package main

import "net/http"

func handleOrders(w http.ResponseWriter, r *http.Request) {}

func main() {
	http.HandleFunc("/orders", handleOrders)
	http.ListenAndServe(":8080", nil)
}
"#;

const DLQ_DRAIN: &str = r#"package main

import (
	"context"

	"github.com/dapr/go-sdk/service/common"
	daprd "github.com/dapr/go-sdk/service/http"
)

func drain(ctx context.Context, e *common.TopicEvent) (bool, error) {
	return false, nil
}

func main() {
	s := daprd.NewService(":8081")
	s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: "orders.dlq", Route: "/dlq"}, drain)
	s.Start()
}
"#;

#[test]
fn yaml_dead_letter_topic_is_published_at_the_subscription() {
    let g = graph_of(&[
        ("shipping/go.mod", "module example.com/shipping\n"),
        ("shipping/main.go", DLQ_SHIPPING),
        ("audit/go.mod", "module example.com/audit\n"),
        ("audit/main.go", DLQ_DRAIN),
        ("components/orders.yaml", DLQ_YAML),
    ]);
    let s = subscriber(&g, "orders");
    let sub_at = (
        "components/orders.yaml",
        line_of(DLQ_YAML, "  topic: orders"),
    );
    assert_eq!(at(&s.at), sub_at);
    assert_eq!(s.service, "shipping");
    assert_eq!(s.route.as_deref(), Some("/orders"));
    assert_eq!(value(s.dead_letter.as_ref()), Some("orders.dlq"));

    let p = publisher(&g, "orders.dlq");
    assert_eq!(at(&p.at), sub_at);
    assert_eq!(p.via, "dead-letter");
    assert_eq!(p.service, "shipping");
    assert!(!p.outbox);
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    assert_eq!(
        edges(&g),
        owned(&[("shipping", "orders.dlq", "audit")]),
        "the drain consumer is fed by the runtime"
    );
}

const DLQ_STREAMING: &str = r#"package main

import (
	"context"

	daprc "github.com/dapr/go-sdk/client"
)

func main() {
	ctx := context.Background()
	client, _ := daprc.NewClient()
	sub, _ := client.Subscribe(ctx, daprc.SubscriptionOptions{PubsubName: "pubsub", Topic: "orders", DeadLetterTopic: "orders.poison"})
	defer sub.Close()
}
"#;

#[test]
fn go_sdk_subscription_options_dead_letter_topic() {
    let g = graph_of(&[
        ("reader/go.mod", "module example.com/reader\n"),
        ("reader/main.go", DLQ_STREAMING),
    ]);
    let line = line_of(DLQ_STREAMING, "client.Subscribe(");
    let s = subscriber(&g, "orders");
    assert_eq!(at(&s.at), ("reader/main.go", line));
    assert_eq!(value(s.dead_letter.as_ref()), Some("orders.poison"));
    let p = publisher(&g, "orders.poison");
    assert_eq!(at(&p.at), ("reader/main.go", line));
    assert_eq!(p.via, "dead-letter");
    assert_eq!(p.service, "reader");
}

// ---------------------------------------------------------------------------
// 19. Robustness
// ---------------------------------------------------------------------------

const GOOD: &str = r#"package main

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

func publishGood(ctx context.Context, c dapr.Client, evt any) error {
	return c.PublishEvent(ctx, "pubsub", "order.good", evt)
}
"#;

const BROKEN: &str = r#"package main

import "context"

func broken(ctx context.Context) {
	if ctx != nil {
		for {
	}

func alsoBroken( {
	x := map[string]{
}
"#;

const NEW_EXPR: &str = r#"package main

import (
	"context"

	dapr "github.com/dapr/go-sdk/client"
)

type Shipped struct {
	Note *string `json:"note"`
}

func publishNew(ctx context.Context, c dapr.Client) error {
	note := new("fragile")
	evt := &Shipped{Note: note}
	return c.PublishEvent(ctx, "pubsub", "order.new-syntax", evt)
}
"#;

const HELM_SUB: &str = r#"{{- if .Values.dapr.enabled }}
apiVersion: dapr.io/v2alpha1
kind: Subscription
metadata:
  name: {{ .Release.Name }}-orders
spec:
  topic: orders
  routes:
    default: /orders
  pubsubname: {{ .Values.pubsub.name }}
scopes:
  - {{ .Values.appId }}
{{- end }}
"#;

const HELM_GO: &str = r#"package main

import "net/http"

func handleOrders(w http.ResponseWriter, r *http.Request) {}

func main() {
	http.HandleFunc("/orders", handleOrders)
}
"#;

#[test]
fn robustness_broken_empty_non_utf8_and_templated_files() {
    let dir = repo(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/good.go", GOOD),
        ("svc/broken.go", BROKEN),
        ("svc/newexpr.go", NEW_EXPR),
        ("svc/empty.go", ""),
        ("svc/http.go", HELM_GO),
        ("deploy/svc/templates/subscription.yaml", HELM_SUB),
    ]);
    std::fs::write(
        dir.path().join("svc/latin1.go"),
        b"\xff\xfepackage main\n\nconst Topic = \"x\"\n",
    )
    .expect("write");

    let config = Config::default();
    let project = Project::load_with(dir.path(), &config, Some(1), eventlint::project::Scan::Full)
        .expect("load");
    // The non-UTF-8 file is the only problem, named once.
    assert_eq!(
        project
            .problems
            .iter()
            .map(|p| p.path.as_str())
            .collect::<Vec<_>>(),
        ["svc/latin1.go"],
        "{:#?}",
        project.problems
    );
    assert!(
        project.problems[0].message.contains("UTF-8"),
        "{:#?}",
        project.problems
    );
    // The broken file is kept (facts from its well-formed parts), flagged.
    let broken = project
        .files
        .iter()
        .find(|f| f.path == "svc/broken.go")
        .expect("broken.go has facts");
    let Facts::Go(broken) = &broken.facts else {
        panic!("Go facts expected");
    };
    assert!(broken.has_errors);

    let g = project.graph(&config);
    // The good file next to the broken one.
    let p = publisher(&g, "order.good");
    assert_eq!(at(&p.at), ("svc/good.go", line_of(GOOD, "c.PublishEvent(")));
    assert_eq!(p.service, "svc");
    // Go 1.26 `new("x")` does not hide the publish after it.
    let p = publisher(&g, "order.new-syntax");
    assert_eq!(
        at(&p.at),
        ("svc/newexpr.go", line_of(NEW_EXPR, "c.PublishEvent("))
    );
    assert_eq!(p.function.as_deref(), Some("publishNew"));
    assert_eq!(value(p.pubsub.as_ref()), Some("pubsub"));
    // The Helm template: templated values unknown, the rest read.
    let s = subscriber(&g, "orders");
    let yaml_path = "deploy/svc/templates/subscription.yaml";
    assert_eq!(at(&s.at), (yaml_path, line_of(HELM_SUB, "topic: orders")));
    assert_eq!(s.kind, SubscriberKind::Yaml);
    assert_eq!(s.service, "svc", "from the folder");
    assert_eq!(s.route.as_deref(), Some("/orders"));
    assert_eq!(value(s.pubsub.as_ref()), None, "templated: unknown");
    assert_eq!(
        handler(s),
        (
            "handleOrders",
            Some(("svc/http.go", line_of(HELM_GO, "func handleOrders(")))
        )
    );
    assert_eq!(publishers(&g).len(), 2, "{}", dump(&g));
    assert_eq!(subscribers(&g).len(), 1, "{}", dump(&g));
}
