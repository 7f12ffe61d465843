//! Topic values one step further than constants, as Go services write them:
//! each case is a small service whose one marked call (`// here`) publishes
//! or subscribes; the test names the topics the site must resolve to (one,
//! several alternatives, or none: dynamic). Positive cases and traps side by
//! side, per class of shape.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::graph_of;
use eventlint::model::EventGraph;

const HEADER: &str = r#"package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/dapr/go-sdk/service/common"
	"github.com/spf13/viper"

	"example.com/svc/events"
)

var _ = fmt.Sprint
var _ = os.Getenv
var _ = flag.String
var _ = viper.GetString
var _ common.Service
var _ dapr.Client
var _ = events.Unused

"#;

const EVENTS: &str = r#"package events

type Topic string

const (
	OrderPlaced  Topic = "order.placed"
	OrderShipped Topic = "order.shipped"
)

const Unused = "unused"

func (t Topic) String() string { return string(t) }

type Kind int

const Credit = "payment.credit"
"#;

/// The topics of the publishers and subscribers at the line marked `// here`,
/// sorted, and whether that site is in the dynamic lists.
fn at_mark(decls: &str) -> (Vec<String>, bool, EventGraph) {
    let src = format!("{HEADER}{decls}");
    let line = src
        .lines()
        .position(|l| l.contains("// here"))
        .map(|i| u32::try_from(i + 1).unwrap())
        .expect("a `// here` mark");
    let g = graph_of(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/events/events.go", EVENTS),
        ("svc/main.go", &src),
    ]);
    let mut topics: Vec<String> = g
        .topics
        .iter()
        .filter(|t| {
            t.publishers
                .iter()
                .any(|p| p.at.span.line == line && p.at.path == "svc/main.go")
                || t.subscribers
                    .iter()
                    .any(|s| s.at.span.line == line && s.at.path == "svc/main.go")
        })
        .map(|t| t.name.clone())
        .collect();
    topics.sort();
    let dynamic = g.dynamic.iter().any(|d| d.at.span.line == line)
        || g.dynamic_subscriptions
            .iter()
            .any(|d| d.at.span.line == line);
    (topics, dynamic, g)
}

fn check(name: &str, decls: &str, want: &[&str]) {
    let (topics, dynamic, g) = at_mark(decls);
    assert_eq!(
        topics,
        want,
        "{name}: topics at the marked site\ndynamic: {:#?}\ntopics: {:#?}",
        g.dynamic,
        g.topics.iter().map(|t| &t.name).collect::<Vec<_>>()
    );
    // What is not resolved is said, never dropped.
    assert_eq!(dynamic, want.is_empty(), "{name}: dynamic iff unresolved");
    if want.len() > 1 {
        for t in want {
            let topic = g.topic(t).unwrap();
            let site = topic
                .publishers
                .first()
                .map(|p| &p.topic)
                .or_else(|| topic.subscribers.first().map(|s| &s.topic))
                .unwrap();
            assert_eq!(site.alternatives, want, "{name}: alternatives of {t}");
        }
    }
}

/// One case: what it is, the declarations, the topics its site resolves to.
type Case<'c> = (&'c str, &'c str, &'c [&'c str]);

fn check_all(cases: &[Case<'_>]) {
    for (name, decls, want) in cases {
        check(name, decls, want);
    }
}

#[test]
fn one_of_several_values() {
    let cases: &[Case<'_>] = &[
        (
            "switch assigns a local in each case",
            r#"func publish(ctx context.Context, c dapr.Client, kind string, v any) {
	var topic string
	switch kind {
	case "credit":
		topic = "payment.credit"
	case "debit":
		topic = "payment.debit"
	default:
		return
	}
	_ = c.PublishEvent(ctx, "pubsub", topic, v) // here
}"#,
            &["payment.credit", "payment.debit"],
        ),
        (
            "if/else over constants of another package",
            r#"func publish(ctx context.Context, c dapr.Client, shipped bool, v any) {
	topic := events.OrderPlaced
	if shipped {
		topic = events.OrderShipped
	}
	_ = c.PublishEvent(ctx, "pubsub", string(topic), v) // here
}"#,
            &["order.placed", "order.shipped"],
        ),
        (
            "a function returning one of several constants",
            r#"func topicFor(kind string) string {
	switch kind {
	case "credit":
		return events.Credit
	}
	return "payment.debit"
}

func publish(ctx context.Context, c dapr.Client, kind string, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topicFor(kind), v) // here
}"#,
            &["payment.credit", "payment.debit"],
        ),
        (
            "a map literal looked up by a constant key",
            r#"var topics = map[string]string{
	"credit": "payment.credit",
	"debit":  "payment.debit",
}

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topics["debit"], v) // here
}"#,
            &["payment.debit"],
        ),
        (
            "a map literal looked up by a run-time key: any of its values",
            r#"var topics = map[string]string{
	"credit": "payment.credit",
	"debit":  "payment.debit",
}

func publish(ctx context.Context, c dapr.Client, kind string, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topics[kind], v) // here
}"#,
            &["payment.credit", "payment.debit"],
        ),
        (
            "trap: a map looked up by a constant key it lacks",
            r#"var topics = map[string]string{"credit": "payment.credit"}

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topics["refund"], v) // here
}"#,
            &[],
        ),
        (
            "a map keyed by constants, looked up by one",
            r#"const (
	kindCredit = "credit"
	kindDebit  = "debit"
)

var topics = map[string]string{kindCredit: "payment.credit", kindDebit: "payment.debit"}

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topics["debit"], v) // here
}"#,
            &["payment.debit"],
        ),
        (
            "a prefix joined to one of several suffixes",
            r#"func publish(ctx context.Context, c dapr.Client, ok bool, v any) {
	suffix := "succeeded"
	if !ok {
		suffix = "failed"
	}
	_ = c.PublishEvent(ctx, "pubsub", "payment."+suffix, v) // here
}"#,
            &["payment.failed", "payment.succeeded"],
        ),
        (
            "trap: one branch takes the value from the request",
            r#"func publish(ctx context.Context, c dapr.Client, requested string, v any) {
	topic := "payment.default"
	if requested != "" {
		topic = requested
	}
	_ = c.PublishEvent(ctx, "pubsub", topic, v) // here
}"#,
            &[],
        ),
        (
            "trap: a function that returns a computed value on one path",
            r#"func topicFor(tenant string) string {
	if tenant == "" {
		return "payment.shared"
	}
	return "payment." + tenant
}

func publish(ctx context.Context, c dapr.Client, tenant string, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topicFor(tenant), v) // here
}"#,
            &[],
        ),
        (
            "trap: more values than the bound stay dynamic",
            r#"func publish(ctx context.Context, c dapr.Client, n int, v any) {
	t := "t0"
	switch n {
	case 1: t = "t1"
	case 2: t = "t2"
	case 3: t = "t3"
	case 4: t = "t4"
	case 5: t = "t5"
	case 6: t = "t6"
	case 7: t = "t7"
	case 8: t = "t8"
	case 9: t = "t9"
	case 10: t = "t10"
	case 11: t = "t11"
	case 12: t = "t12"
	case 13: t = "t13"
	case 14: t = "t14"
	case 15: t = "t15"
	case 16: t = "t16"
	}
	_ = c.PublishEvent(ctx, "pubsub", t, v) // here
}"#,
            &[],
        ),
    ];
    check_all(cases);
}

#[test]
fn typed_and_converted_constants() {
    let cases: &[Case<'_>] = &[
        (
            "string(T) of a typed constant of another package",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", string(events.OrderPlaced), v) // here
}"#,
            &["order.placed"],
        ),
        (
            "a conversion to a named string type",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", string(events.Topic("order.cancelled")), v) // here
}"#,
            &["order.cancelled"],
        ),
        (
            "fmt.Sprint of a typed constant",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", fmt.Sprint(events.OrderShipped), v) // here
}"#,
            &["order.shipped"],
        ),
        (
            "String() of a string-typed constant",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", events.OrderShipped.String(), v) // here
}"#,
            &["order.shipped"],
        ),
        (
            "a local typed constant block",
            r#"type topic string

const (
	created topic = "invoice.created"
	voided  topic = "invoice.voided"
)

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", string(voided), v) // here
}"#,
            &["invoice.voided"],
        ),
        (
            "fmt.Sprintf with every part constant",
            r#"const prefix = "invoice"

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", fmt.Sprintf("%s.%s.v%d", prefix, "paid", 2), v) // here
}"#,
            &["invoice.paid.v2"],
        ),
        (
            "a String() method returning one literal",
            r#"type invoiceTopic struct{}

func (invoiceTopic) String() string { return "invoice.sent" }

var sent = invoiceTopic{}

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", sent.String(), v) // here
}"#,
            &[],
        ),
        (
            "trap: fmt.Sprintf with padding or quoting",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", fmt.Sprintf("invoice.%04d.%q", 7, "x"), v) // here
}"#,
            &[],
        ),
        (
            "trap: fmt.Sprintf with a run-time part",
            r#"func publish(ctx context.Context, c dapr.Client, tenant string, v any) {
	_ = c.PublishEvent(ctx, "pubsub", fmt.Sprintf("invoice.%s", tenant), v) // here
}"#,
            &[],
        ),
        (
            "trap: string() of a byte slice read at run time",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	b, _ := os.ReadFile("topic.txt")
	_ = c.PublishEvent(ctx, "pubsub", string(b), v) // here
}"#,
            &[],
        ),
    ];
    check_all(cases);
}

#[test]
fn environment_and_configuration_defaults() {
    let cases: &[Case<'_>] = &[
        (
            "an env helper whose key is computed",
            r#"func getEnv(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

const prefix = "ORDERS"

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", getEnv(prefix+"_TOPIC", "orders"), v) // here
}"#,
            &["orders"],
        ),
        (
            "os.Getenv of a computed key, defaulted later",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	topic := os.Getenv(fmt.Sprintf("%s_TOPIC", "ORDERS"))
	if topic == "" {
		topic = "orders"
	}
	_ = c.PublishEvent(ctx, "pubsub", topic, v) // here
}"#,
            &["orders"],
        ),
        (
            "viper.GetString with SetDefault",
            r#"func init() {
	viper.SetDefault("orders.topic", "orders.v1")
}

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", viper.GetString("orders.topic"), v) // here
}"#,
            &["orders.v1"],
        ),
        (
            "caarlos0/env struct tag default",
            r#"type config struct {
	Topic string `env:"ORDERS_TOPIC" envDefault:"orders.env"`
}

func publish(ctx context.Context, c dapr.Client, cfg config, v any) {
	_ = c.PublishEvent(ctx, "pubsub", cfg.Topic, v) // here
}"#,
            &["orders.env"],
        ),
        (
            "kelseyhightower/envconfig default on a package-level config",
            r#"type settings struct {
	Topic string `envconfig:"ORDERS_TOPIC" default:"orders.envconfig"`
}

var cfg settings

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", cfg.Topic, v) // here
}"#,
            &["orders.envconfig"],
        ),
        (
            "flag.String default",
            r#"var topic = flag.String("topic", "orders.flag", "topic to publish to")

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", *topic, v) // here
}"#,
            &["orders.flag"],
        ),
        (
            "flag.StringVar default",
            r#"var topic string

func init() {
	flag.StringVar(&topic, "topic", "orders.flagvar", "topic to publish to")
}

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topic, v) // here
}"#,
            &["orders.flagvar"],
        ),
        (
            "a config field filled from an env default",
            r#"type config struct{ Topic string }

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

func load() config {
	return config{Topic: envOr("TOPIC", "orders.cfg")}
}

func publish(ctx context.Context, c dapr.Client, v any) {
	cfg := load()
	_ = c.PublishEvent(ctx, "pubsub", cfg.Topic, v) // here
}"#,
            &["orders.cfg"],
        ),
        (
            "a field of a local config assigned from an env default",
            r#"type config struct{ Topic string }

func envOr(k, d string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return d
}

func publish(ctx context.Context, c dapr.Client, v any) {
	cfg := config{}
	cfg.Topic = envOr("TOPIC", "orders.assigned")
	_ = c.PublishEvent(ctx, "pubsub", cfg.Topic, v) // here
}"#,
            &["orders.assigned"],
        ),
        (
            "a field of a package-level config set in init, read by a subscription",
            r#"type settings struct{ Topic string }

var cfg settings

func init() {
	cfg.Topic = os.Getenv("TOPIC")
	if cfg.Topic == "" {
		cfg.Topic = "orders.init"
	}
}

func register(s common.Service, h common.TopicEventHandler) {
	_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: cfg.Topic}, h) // here
}"#,
            &["orders.init"],
        ),
        (
            "a receiver field set by a loader method",
            r#"type server struct{ topic string }

func (s *server) load() { s.topic = "orders.loaded" }

func (s *server) publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", s.topic, v) // here
}"#,
            &["orders.loaded"],
        ),
        (
            "trap: a config field assigned from the command line",
            r#"type config struct{ Topic string }

func publish(ctx context.Context, c dapr.Client, v any) {
	cfg := config{}
	cfg.Topic = os.Args[1]
	_ = c.PublishEvent(ctx, "pubsub", cfg.Topic, v) // here
}"#,
            &[],
        ),
        (
            "trap: viper.GetString with no default anywhere",
            r#"func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", viper.GetString("never.set"), v) // here
}"#,
            &[],
        ),
        (
            "trap: a tag naming the variable with no default",
            r#"type config struct {
	Topic string `env:"ORDERS_TOPIC,required"`
}

func publish(ctx context.Context, c dapr.Client, cfg config, v any) {
	_ = c.PublishEvent(ctx, "pubsub", cfg.Topic, v) // here
}"#,
            &[],
        ),
    ];
    check_all(cases);
    // The variable is kept with the default.
    let (_, _, g) = at_mark(cases[0].1);
    let p = &g.topic("orders").unwrap().publishers[0];
    assert_eq!(p.topic.env.as_deref(), Some("prefix+\"_TOPIC\""));
    let (_, _, g) = at_mark(cases[3].1);
    let p = &g.topic("orders.env").unwrap().publishers[0];
    assert_eq!(p.topic.env.as_deref(), Some("ORDERS_TOPIC"));
}

#[test]
fn subscriptions_carried_in_data() {
    let cases: &[Case<'_>] = &[
        (
            "a slice of subscriptions registered in a loop",
            r#"var subs = []*common.Subscription{
	{PubsubName: "pubsub", Topic: "orders", Route: "/orders"},
	{PubsubName: "pubsub", Topic: "payments", Route: "/payments"},
}

func register(s common.Service, h common.TopicEventHandler) {
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &["orders", "payments"],
        ),
        (
            "a slice of structs pairing a subscription with its handler",
            r#"type route struct {
	Sub     *common.Subscription
	Handler common.TopicEventHandler
}

func routes(h common.TopicEventHandler) []route {
	return []route{
		{Sub: &common.Subscription{PubsubName: "pubsub", Topic: "stock.reserved"}, Handler: h},
		{Sub: &common.Subscription{PubsubName: "pubsub", Topic: "stock.released"}, Handler: h},
	}
}

func register(s common.Service, h common.TopicEventHandler) {
	for _, r := range routes(h) {
		_ = s.AddTopicEventHandler(r.Sub, r.Handler) // here
	}
}"#,
            &["stock.released", "stock.reserved"],
        ),
        (
            "a map from topic to handler",
            r#"const topicShipped = "shipment.shipped"

func register(s common.Service, a, b common.TopicEventHandler) {
	handlers := map[string]common.TopicEventHandler{
		topicShipped:         a,
		"shipment.delivered": b,
	}
	for topic, h := range handlers {
		_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: topic}, h) // here
	}
}"#,
            &["shipment.delivered", "shipment.shipped"],
        ),
        (
            "a slice of topic names",
            r#"func register(s common.Service, h common.TopicEventHandler) {
	for _, t := range []string{"audit.login", "audit.logout"} {
		_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: t}, h) // here
	}
}"#,
            &["audit.login", "audit.logout"],
        ),
        (
            "a list built with append in a loop, then registered",
            r#"func register(s common.Service, h common.TopicEventHandler) {
	var subs []*common.Subscription
	for _, t := range []string{"audit.created", "audit.deleted"} {
		subs = append(subs, &common.Subscription{PubsubName: "pubsub", Topic: t})
	}
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &["audit.created", "audit.deleted"],
        ),
        (
            "a list started empty, then appended to in a loop",
            r#"func register(s common.Service, h common.TopicEventHandler) {
	subs := []*common.Subscription{}
	for _, t := range []string{"audit.created", "audit.deleted"} {
		subs = append(subs, &common.Subscription{PubsubName: "pubsub", Topic: t})
	}
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &["audit.created", "audit.deleted"],
        ),
        (
            "trap: a list appended to another list known only at run time",
            r#"func register(s common.Service, h common.TopicEventHandler, defaults []*common.Subscription) {
	all := append(defaults, &common.Subscription{PubsubName: "pubsub", Topic: "audit.extra"})
	for _, sub := range all {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &[],
        ),
        (
            "trap: a topic grown in a loop",
            r#"func publish(ctx context.Context, c dapr.Client, n int, v any) {
	t := "audit"
	for i := 0; i < n; i++ {
		t = t + ".x"
	}
	_ = c.PublishEvent(ctx, "pubsub", t, v) // here
}"#,
            &[],
        ),
        (
            "trap: a list built with append from a parameter",
            r#"func register(s common.Service, h common.TopicEventHandler, names []string) {
	var subs []*common.Subscription
	for _, t := range names {
		subs = append(subs, &common.Subscription{PubsubName: "pubsub", Topic: t})
	}
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &[],
        ),
        (
            "trap: topics read from a file at run time",
            r#"func register(s common.Service, h common.TopicEventHandler, names []string) {
	for _, t := range names {
		_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: t}, h) // here
	}
}"#,
            &[],
        ),
        (
            "publishes whose topic is a field of a struct passed around",
            r#"type job struct {
	Topic string
	Data  any
}

func jobs() []job {
	return []job{{Topic: "report.daily"}, {Topic: "report.weekly"}}
}

func run(ctx context.Context, c dapr.Client, j job) {
	_ = c.PublishEvent(ctx, "pubsub", j.Topic, j.Data) // here
}"#,
            &["report.daily", "report.weekly"],
        ),
        (
            "a package variable set by a constructor's parameter",
            r#"var topic string

func Setup(t string) { topic = t }

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topic, v) // here
}

func main() {
	Setup("saga.step")
}"#,
            &["saga.step"],
        ),
        (
            "trap: a method's parameter, and a call of another type's method of that name",
            r#"type sender struct{ topic string }

func (s *sender) Configure(t string) { s.topic = t }

func (s *sender) publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", s.topic, v) // here
}

type other struct{}

func (other) Configure(t string) {}

func main() {
	var o other
	o.Configure("not.a.topic")
	var s sender
	s.Configure("saga.started")
}"#,
            &["saga.started"],
        ),
        (
            "a map of subscriptions patched by a known key before the loop",
            r#"const keyOrders = "orders"

func register(s common.Service, h common.TopicEventHandler) {
	subs := map[string]*common.Subscription{
		keyOrders:  {PubsubName: "pubsub", Topic: "orders.v1"},
		"payments": {PubsubName: "pubsub", Topic: "payments.v1"},
	}
	subs[keyOrders].Topic = "orders.v2"
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &["orders.v2", "payments.v1"],
        ),
        (
            "a slice entry patched by its index from an env default",
            r#"func register(s common.Service, h common.TopicEventHandler) {
	subs := []common.Subscription{
		{PubsubName: "pubsub", Topic: "stock.reserved"},
		{PubsubName: "pubsub", Topic: "stock.released"},
	}
	subs[1].Topic = "stock.freed"
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(&sub, h) // here
	}
}"#,
            &["stock.freed", "stock.reserved"],
        ),
        (
            "an entry patched by a key known only at run time: either value",
            r#"func register(s common.Service, h common.TopicEventHandler, k string) {
	subs := map[string]*common.Subscription{
		"a": {PubsubName: "pubsub", Topic: "audit.a"},
	}
	subs[k].Topic = "audit.override"
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &["audit.a", "audit.override"],
        ),
        (
            "trap: an entry patched from itself stays dynamic",
            r#"func register(s common.Service, h common.TopicEventHandler, prefix string) {
	subs := map[string]*common.Subscription{
		"a": {PubsubName: "pubsub", Topic: "audit.a"},
	}
	subs["a"].Topic = prefix + subs["a"].Topic
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &[],
        ),
        (
            "trap: a patch of another collection leaves this one alone",
            r#"func register(s common.Service, h common.TopicEventHandler) {
	subs := map[string]*common.Subscription{
		"a": {PubsubName: "pubsub", Topic: "audit.a"},
	}
	other := map[string]*common.Subscription{
		"a": {PubsubName: "pubsub", Topic: "audit.b"},
	}
	other["a"].Topic = "audit.c"
	_ = other
	for _, sub := range subs {
		_ = s.AddTopicEventHandler(sub, h) // here
	}
}"#,
            &["audit.a"],
        ),
        (
            "trap: a constructor's parameter passed from the request",
            r#"var topic string

func Setup(t string) { topic = t }

func publish(ctx context.Context, c dapr.Client, v any) {
	_ = c.PublishEvent(ctx, "pubsub", topic, v) // here
}

func main() {
	Setup(os.Args[1])
}"#,
            &[],
        ),
    ];
    check_all(cases);
}

#[test]
fn graph_json_says_alternatives_and_why_a_site_is_dynamic() {
    let src = format!(
        "{HEADER}{}",
        r#"func publish(ctx context.Context, c dapr.Client, ok bool, v any) {
	topic := "payment.succeeded"
	if !ok {
		topic = "payment.failed"
	}
	_ = c.PublishEvent(ctx, "pubsub", topic, v)
}

func register(s common.Service, h common.TopicEventHandler, names []string) {
	for _, t := range names {
		_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: t}, h)
	}
}"#
    );
    let dir = common::repo(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/events/events.go", EVENTS),
        ("svc/main.go", &src),
    ]);
    let root = dir.path().to_str().unwrap();
    let (code, out, err) =
        common::run_cli(&["graph", "--root", root, "--format", "json", "--no-cache"]);
    assert_eq!(code, 0, "{err}");
    let g: serde_json::Value = serde_json::from_str(&out).unwrap();
    for t in ["payment.failed", "payment.succeeded"] {
        let topic = g["topics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["topic"] == t)
            .unwrap_or_else(|| panic!("{t} in {out}"));
        assert_eq!(topic["publishers"][0]["alternatives"], 2, "{out}");
    }
    let dynamic = g["dynamic"].as_array().unwrap();
    assert_eq!(dynamic.len(), 1, "{out}");
    assert_eq!(dynamic[0]["kind"], "subscription");
    assert_eq!(dynamic[0]["expr"], "each value of names");
    assert!(
        dynamic[0]["reason"]
            .as_str()
            .unwrap()
            .contains("a collection not declared as a literal"),
        "{out}"
    );
}

#[test]
fn go_1_22_method_patterns_register_routes() {
    // A programmatic subscription served on `GET /dapr/subscribe`, and the
    // YAML route delivered to `POST /events/paid`.
    let main = r#"package main

import (
	"encoding/json"
	"net/http"
)

type sub struct {
	PubsubName string `json:"pubsubname"`
	Topic      string `json:"topic"`
	Route      string `json:"route"`
}

func subscribe(w http.ResponseWriter, r *http.Request) {
	_ = json.NewEncoder(w).Encode([]sub{{PubsubName: "pubsub", Topic: "order.paid", Route: "/events/paid"}})
}

func paid(w http.ResponseWriter, r *http.Request) {}

func main() {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /dapr/subscribe", subscribe)
	mux.HandleFunc("POST /events/paid", paid)
	_ = http.ListenAndServe(":8080", mux)
}
"#;
    let g = graph_of(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/main.go", main),
    ]);
    let t = g
        .topic("order.paid")
        .expect("the programmatic subscription");
    let s = &t.subscribers[0];
    assert_eq!(s.route.as_deref(), Some("/events/paid"));
    assert_eq!(
        s.handler.as_ref().map(|h| h.name.as_str()),
        Some("paid"),
        "the route's handler, registered with a method pattern"
    );
}

/// EC001 on `audit.login`, published with no subscriber, with or without a
/// subscription elsewhere whose topic is computed at run time.
fn ec001(with_dynamic_subscription: bool) -> serde_json::Value {
    let register = if with_dynamic_subscription {
        r#"
func register(s common.Service, h common.TopicEventHandler, names []string) {
	for _, t := range names {
		_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: t}, h)
	}
}"#
    } else {
        ""
    };
    let src = format!(
        "{HEADER}func publish(ctx context.Context, c dapr.Client, v any) {{\n\t_ = c.PublishEvent(ctx, \"pubsub\", \"audit.login\", v)\n}}\n{register}"
    );
    let dir = common::repo(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/events/events.go", EVENTS),
        ("svc/main.go", &src),
    ]);
    let root = dir.path().to_str().unwrap();
    let (_, out, err) = common::run_cli(&[
        "check",
        "--root",
        root,
        "--format",
        "json",
        "--no-cache",
        "--select",
        "EC001",
    ]);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {err}"));
    let [d] = v["diagnostics"].as_array().unwrap().as_slice() else {
        panic!("one EC001 expected: {out}");
    };
    d.clone()
}

#[test]
fn a_dynamic_subscription_lowers_unsubscribed_topic_to_info() {
    assert_eq!(ec001(false)["severity"], "warning");
    let d = ec001(true);
    assert_eq!(d["severity"], "info");
    assert!(
        d["message"]
            .as_str()
            .unwrap()
            .contains("with a topic computed at run time (such as `each value of names`)"),
        "{d}"
    );
    assert_eq!(d["related"][0]["message"], "dynamic subscription");
}

/// A service whose `sidecar.go` wraps the sidecar's publish URL.
fn with_sidecar(sidecar: &str, main: &str) -> EventGraph {
    graph_of(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/sidecar.go", sidecar),
        ("svc/main.go", main),
    ])
}

const SIDECAR_SPRINTF: &str = r#"package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

type Sidecar struct {
	port   string
	pubsub string
}

func (s *Sidecar) Publish(ctx context.Context, topic string, v any) error {
	b, _ := json.Marshal(v)
	url := fmt.Sprintf("http://localhost:%s/v1.0/publish/%s/%s", s.port, s.pubsub, topic)
	_, err := http.Post(url, "application/json", bytes.NewBuffer(b))
	return err
}

func newSidecar() *Sidecar { return &Sidecar{port: "3500", pubsub: "orderpubsub"} }
"#;

const SIDECAR_CONCAT: &str = r#"package main

import (
	"bytes"
	"net/http"
)

const daprURL = "http://localhost:3500/v1.0/publish/"

func send(pubsub, topic string, body []byte) error {
	req, err := http.NewRequest(http.MethodPost, daprURL+pubsub+"/"+topic, bytes.NewReader(body))
	if err != nil {
		return err
	}
	_, err = http.DefaultClient.Do(req)
	return err
}
"#;

#[test]
fn wrappers_building_the_sidecar_url_are_forwarders() {
    // Called on the concrete type.
    let g = with_sidecar(
        SIDECAR_SPRINTF,
        r#"package main

import "context"

func main() {
	s := newSidecar()
	_ = s.Publish(context.Background(), "order.placed", map[string]string{"id": "1"}) // here
}
"#,
    );
    let p = &g
        .topic("order.placed")
        .expect("the caller publishes")
        .publishers[0];
    assert_eq!((p.at.path.as_str(), p.at.span.line), ("svc/main.go", 7));
    assert_eq!(
        p.pubsub.as_ref().and_then(|r| r.value.as_deref()),
        Some("orderpubsub")
    );
    assert!(p.via.starts_with("forwarder"), "{}", p.via);
    assert!(
        g.dynamic.is_empty(),
        "the wrapper's own post is not dynamic: {:?}",
        g.dynamic
    );

    // Called through an interface it implements.
    let g = with_sidecar(
        SIDECAR_SPRINTF,
        r#"package main

import "context"

type Publisher interface {
	Publish(ctx context.Context, topic string, v any) error
}

type Checkout struct{ events Publisher }

func (c *Checkout) Done(ctx context.Context) error {
	return c.events.Publish(ctx, "checkout.done", nil)
}
"#,
    );
    assert!(g.topic("checkout.done").is_some(), "{:?}", g.dynamic);

    // Concatenated URL, pub/sub from the caller too.
    let g = with_sidecar(
        SIDECAR_CONCAT,
        r#"package main

func main() {
	_ = send("payments", "payment.captured", nil)
}
"#,
    );
    let p = &g
        .topic("payment.captured")
        .expect("concatenation")
        .publishers[0];
    assert_eq!(
        p.pubsub.as_ref().and_then(|r| r.value.as_deref()),
        Some("payments")
    );

    // Trap: the caller passes a value from the request: dynamic at the caller.
    let g = with_sidecar(
        SIDECAR_CONCAT,
        r#"package main

import "net/http"

func relay(w http.ResponseWriter, r *http.Request) {
	_ = send("payments", r.URL.Query().Get("topic"), nil)
}
"#,
    );
    assert!(g.topics.is_empty(), "{:?}", g.topics);
    assert_eq!(g.dynamic.len(), 1, "said, not dropped");
    assert_eq!(g.dynamic[0].at.path, "svc/main.go");

    // Trap: a wrapper nobody calls here still publishes, dynamically.
    let g = with_sidecar(SIDECAR_CONCAT, "package main\n");
    assert_eq!(g.dynamic.len(), 1);
    assert_eq!(g.dynamic[0].at.path, "svc/sidecar.go");
}

#[test]
fn loop_registrations_keep_each_entry_together() {
    let src = format!(
        "{HEADER}{}",
        r#"func onReserved(ctx context.Context, e *common.TopicEvent) (bool, error) { return false, nil }

func onReleased(ctx context.Context, e *common.TopicEvent) (bool, error) { return false, nil }

type route struct {
	Sub     *common.Subscription
	Handler common.TopicEventHandler
}

var routes = []route{
	{Sub: &common.Subscription{PubsubName: "pubsub", Topic: "stock.reserved", Route: "/reserved"}, Handler: onReserved},
	{Sub: &common.Subscription{PubsubName: "stock", Topic: "stock.released", Route: "/released"}, Handler: onReleased},
}

func register(s common.Service) {
	for _, r := range routes {
		_ = s.AddTopicEventHandler(r.Sub, r.Handler)
	}
}

func registerMap(s common.Service) {
	for topic, h := range map[string]common.TopicEventHandler{"stock.counted": onReserved} {
		_ = s.AddTopicEventHandler(&common.Subscription{PubsubName: "pubsub", Topic: topic}, h)
	}
}"#
    );
    let g = graph_of(&[
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/events/events.go", EVENTS),
        ("svc/main.go", &src),
    ]);
    let sub = |t: &str| {
        let topic = g.topic(t).unwrap_or_else(|| panic!("{t}"));
        assert_eq!(topic.subscribers.len(), 1, "{t}");
        topic.subscribers[0].clone()
    };
    for (t, handler, route, pubsub) in [
        ("stock.reserved", "onReserved", Some("/reserved"), "pubsub"),
        ("stock.released", "onReleased", Some("/released"), "stock"),
        ("stock.counted", "onReserved", None, "pubsub"),
    ] {
        let s = sub(t);
        assert_eq!(
            s.handler.as_ref().map(|h| h.name.as_str()),
            Some(handler),
            "{t}"
        );
        assert!(
            s.handler.as_ref().and_then(|h| h.at.as_ref()).is_some(),
            "{t}: handler found"
        );
        assert_eq!(s.route.as_deref(), route, "{t}");
        assert_eq!(
            s.pubsub.as_ref().and_then(|r| r.value.as_deref()),
            Some(pubsub),
            "{t}"
        );
    }
    assert!(g.dynamic_subscriptions.is_empty());
}

#[test]
fn router_groups_prefix_the_routes_beneath_them() {
    // A YAML subscription delivered to `/events/orders`, served through a
    // gin group, a gorilla subrouter or a chi `Route` closure.
    let servers = [
        (
            "gin group",
            r#"package main

import "github.com/gin-gonic/gin"

func onOrder(c *gin.Context) {}

func main() {
	r := gin.Default()
	events := r.Group("/events")
	events.POST("/orders", onOrder)
	_ = r.Run()
}
"#,
        ),
        (
            "gorilla subrouter",
            r#"package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func onOrder(w http.ResponseWriter, r *http.Request) {}

func main() {
	r := mux.NewRouter()
	s := r.PathPrefix("/events").Subrouter()
	s.HandleFunc("/orders", onOrder).Methods("POST")
	_ = http.ListenAndServe(":8080", r)
}
"#,
        ),
        (
            "chi Route closure",
            r#"package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

func onOrder(w http.ResponseWriter, r *http.Request) {}

func main() {
	r := chi.NewRouter()
	r.Route("/events", func(r chi.Router) {
		r.Post("/orders", onOrder)
	})
	_ = http.ListenAndServe(":8080", r)
}
"#,
        ),
    ];
    for (name, main) in servers {
        let (registered, handler) = events_orders_route(&[("svc/main.go", main)]);
        assert_eq!(registered, Some(true), "{name}");
        assert_eq!(
            handler.as_deref(),
            Some("onOrder"),
            "{name}: the group's route is the subscription's handler"
        );
    }
    // Trap: the same route registered outside the group is another path.
    let outside = r#"package main

import "github.com/gin-gonic/gin"

func onOrder(c *gin.Context) {}

func main() {
	r := gin.Default()
	api := r.Group("/api")
	api.POST("/orders", onOrder)
	_ = r.Run()
}
"#;
    assert_eq!(
        events_orders_route(&[("svc/main.go", outside)]).0,
        Some(false)
    );
}

/// Whether the `/events/orders` route of the YAML subscription is served by
/// the Go files given, and by which handler.
fn events_orders_route(files: &[(&str, &str)]) -> (Option<bool>, Option<String>) {
    let yaml = "apiVersion: dapr.io/v1alpha1\nkind: Subscription\nmetadata:\n  name: orders\n\
                spec:\n  topic: orders\n  route: /events/orders\n  pubsubname: pubsub\n";
    let mut all = vec![
        ("svc/go.mod", "module example.com/svc\n"),
        ("svc/deploy/subscription.yaml", yaml),
    ];
    all.extend_from_slice(files);
    let g = graph_of(&all);
    let s = &g.topic("orders").unwrap().subscribers[0];
    (
        s.route_registered,
        s.handler.as_ref().map(|h| h.name.to_string()),
    )
}

const CHI_HEADER: &str = "import (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n)\n\n";

#[test]
fn mounted_routers_prefix_the_routes_beneath_them() {
    let with = |pkg: &str, body: &str| format!("package {pkg}\n\n{CHI_HEADER}{body}");
    let main_mounting = |mount: &str| {
        with(
            "main",
            &format!(
                "import \"example.com/svc/orders\"\n\nfunc main() {{\n\tr := chi.NewRouter()\n\t{mount}\n\t_ = http.ListenAndServe(\":8080\", r)\n}}\n"
            ),
        )
        .replacen(")\n\nimport", "\t\"example.com/svc/orders\"\n)\n\nimport", 1)
        .replace("import \"example.com/svc/orders\"\n\n", "")
    };
    let orders_fn = with(
        "orders",
        "func onOrder(w http.ResponseWriter, r *http.Request) {}\n\nfunc Routes() http.Handler {\n\tr := chi.NewRouter()\n\tr.Post(\"/orders\", onOrder)\n\treturn r\n}\n",
    );
    let orders_method = with(
        "orders",
        "type Handler struct{}\n\nfunc (h *Handler) onOrder(w http.ResponseWriter, r *http.Request) {}\n\nfunc (h *Handler) Routes() chi.Router {\n\tr := chi.NewRouter()\n\tr.Post(\"/orders\", h.onOrder)\n\treturn r\n}\n",
    );
    let local = with(
        "main",
        "func onOrder(w http.ResponseWriter, r *http.Request) {}\n\nfunc main() {\n\tr := chi.NewRouter()\n\tevents := chi.NewRouter()\n\tevents.Post(\"/orders\", onOrder)\n\tr.Mount(\"/events\", events)\n\t_ = http.ListenAndServe(\":8080\", r)\n}\n",
    );
    type MountCase<'c> = (
        &'c str,
        Vec<(&'c str, String)>,
        Option<bool>,
        Option<&'c str>,
    );
    let cases: Vec<MountCase<'_>> = vec![
        (
            "a local subrouter mounted in the same function",
            vec![("svc/main.go", local)],
            Some(true),
            Some("onOrder"),
        ),
        (
            "a package's router function mounted by main",
            vec![
                ("svc/orders/routes.go", orders_fn.clone()),
                (
                    "svc/main.go",
                    main_mounting("r.Mount(\"/events\", orders.Routes())"),
                ),
            ],
            Some(true),
            Some("onOrder"),
        ),
        (
            "a handler's Routes method mounted inside a chi Route closure",
            vec![
                ("svc/orders/routes.go", orders_method.clone()),
                (
                    "svc/main.go",
                    main_mounting(
                        "h := &orders.Handler{}\n\tr.Route(\"/events\", func(r chi.Router) {\n\t\tr.Mount(\"/\", h.Routes())\n\t})",
                    ),
                ),
            ],
            Some(true),
            Some("(*Handler).onOrder"),
        ),
        (
            "trap: mounted at another path",
            vec![
                ("svc/orders/routes.go", orders_fn.clone()),
                (
                    "svc/main.go",
                    main_mounting("r.Mount(\"/api\", orders.Routes())"),
                ),
            ],
            Some(false),
            None,
        ),
        (
            "trap: another package's function of the same name is mounted",
            vec![
                ("svc/orders/routes.go", orders_fn.clone()),
                (
                    "svc/admin/routes.go",
                    with(
                        "admin",
                        "func Routes() http.Handler { return chi.NewRouter() }\n",
                    ),
                ),
                (
                    "svc/main.go",
                    main_mounting("r.Mount(\"/events\", admin.Routes())\n\t_ = orders.Routes")
                        .replacen(")\n\nfunc main", ")\n\nvar _ = 0\n\nfunc main", 1)
                        .replacen(
                            "\t\"example.com/svc/orders\"\n",
                            "\t\"example.com/svc/admin\"\n\t\"example.com/svc/orders\"\n",
                            1,
                        ),
                ),
            ],
            Some(false),
            None,
        ),
    ];
    for (name, files, registered, handler) in cases {
        let files: Vec<(&str, &str)> = files.iter().map(|(p, s)| (*p, s.as_str())).collect();
        let (got, h) = events_orders_route(&files);
        assert_eq!(got, registered, "{name}: route registered");
        if registered == Some(true) {
            assert_eq!(h.as_deref(), handler, "{name}: handler");
        }
    }
}

/// oapi-codegen's chi server, as it generates it: routes joined to
/// `options.BaseURL`, handlers through a wrapper of the interface.
const OAPI_GENERATED: &str = r#"package api

import (
	"net/http"

	"github.com/go-chi/chi/v5"
)

type ServerInterface interface {
	PostOrders(w http.ResponseWriter, r *http.Request)
}

type ServerInterfaceWrapper struct {
	Handler ServerInterface
}

func (siw *ServerInterfaceWrapper) PostOrders(w http.ResponseWriter, r *http.Request) {
	siw.Handler.PostOrders(w, r)
}

type ChiServerOptions struct {
	BaseURL    string
	BaseRouter chi.Router
}

func Handler(si ServerInterface) http.Handler {
	return HandlerWithOptions(si, ChiServerOptions{})
}

func HandlerFromMuxWithBaseURL(si ServerInterface, r chi.Router, baseURL string) http.Handler {
	return HandlerWithOptions(si, ChiServerOptions{BaseURL: baseURL, BaseRouter: r})
}

func HandlerWithOptions(si ServerInterface, options ChiServerOptions) http.Handler {
	r := options.BaseRouter
	if r == nil {
		r = chi.NewRouter()
	}
	wrapper := ServerInterfaceWrapper{Handler: si}
	r.Group(func(r chi.Router) {
		r.Post(options.BaseURL+"/orders", wrapper.PostOrders)
	})
	return r
}
"#;

#[test]
fn generated_servers_join_their_base_url() {
    let main = |serve: &str| {
        format!(
            "package main\n\nimport (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n\n\t\"example.com/svc/api\"\n)\n\n\
             type server struct{{}}\n\nfunc (s *server) PostOrders(w http.ResponseWriter, r *http.Request) {{}}\n\n\
             func main() {{\n\tr := chi.NewRouter()\n\t_ = r\n\t{serve}\n}}\n"
        )
    };
    for (name, serve, want) in [
        (
            "a base URL in the options",
            "_ = http.ListenAndServe(\":8080\", api.HandlerWithOptions(&server{}, api.ChiServerOptions{BaseURL: \"/events\"}))",
            Some(true),
        ),
        (
            "a base URL given to HandlerFromMuxWithBaseURL",
            "_ = http.ListenAndServe(\":8080\", api.HandlerFromMuxWithBaseURL(&server{}, r, \"/events\"))",
            Some(true),
        ),
        (
            // The base URL left out is "", which eventlint does not count as a
            // value: the route is not judged, never called unserved.
            "served at the root: not judged",
            "_ = http.ListenAndServe(\":8080\", api.Handler(&server{}))",
            None,
        ),
        (
            "trap: another base URL",
            "_ = http.ListenAndServe(\":8080\", api.HandlerWithOptions(&server{}, api.ChiServerOptions{BaseURL: \"/api\"}))",
            Some(false),
        ),
    ] {
        let m = main(serve);
        let (got, _) =
            events_orders_route(&[("svc/api/api.gen.go", OAPI_GENERATED), ("svc/main.go", &m)]);
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn a_route_at_a_path_not_known_is_not_called_unserved() {
    let main = |path: &str| {
        format!(
            "package main\n\n{CHI_HEADER}type config struct{{ Base string }}\n\n\
             func onOrder(w http.ResponseWriter, r *http.Request) {{}}\n\n\
             func serve(cfg config) {{\n\tr := chi.NewRouter()\n\tr.Post({path}, onOrder)\n\t_ = http.ListenAndServe(\":8080\", r)\n}}\n"
        )
    };
    for (name, path, want) in [
        (
            "a prefix from configuration",
            "cfg.Base + \"/orders\"",
            None,
        ),
        (
            "trap: a known path that is another",
            "\"/events/payments\"",
            Some(false),
        ),
        (
            "trap: an unknown prefix of another path",
            "cfg.Base + \"/payments\"",
            Some(false),
        ),
        ("a known path", "\"/events/orders\"", Some(true)),
    ] {
        let m = main(path);
        let (got, _) = events_orders_route(&[("svc/main.go", &m)]);
        assert_eq!(got, want, "{name}");
    }
}

#[test]
fn chains_of_branching_locals_stay_bounded() {
    // Each local takes four values built from the previous one: 4^10
    // alternatives if copied naively. It must end quickly, dynamic.
    let mut body = String::from("\tx0 := \"t\"\n");
    for i in 1..=10 {
        body.push_str(&format!("\tx{i} := x{p} + \"a\"\n", p = i - 1));
        for b in 0..3 {
            body.push_str(&format!(
                "\tif n == {b} {{\n\t\tx{i} = x{p} + \"b{b}\"\n\t}}\n",
                p = i - 1
            ));
        }
    }
    let decls = format!(
        "func publish(ctx context.Context, c dapr.Client, n int, v any) {{\n{body}\t_ = c.PublishEvent(ctx, \"pubsub\", x10, v) // here\n}}"
    );
    let (topics, dynamic, _) = at_mark(&decls);
    assert!(topics.is_empty());
    assert!(dynamic, "said, not dropped");
}
