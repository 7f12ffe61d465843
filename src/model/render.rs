//! Views of the event graph: `graph --format json|mermaid|dot` and
//! `trace TOPIC --format text|json` (DESIGN's output contract).

use std::fmt::Write as _;
use std::io::{self, Write};

use serde::Serialize;

use super::diagram::Diagram;
use super::{DynamicPublish, EventGraph, Payload, Publisher, Subscriber, Topic};

/// The widest column `trace` pads a payload's JSON names to.
const MAX_ALIGN: usize = 40;

/// The JSON document of `graph --format json`.
#[derive(Debug, Serialize)]
pub struct GraphJson {
    pub version: u32,
    pub services: Vec<String>,
    pub topics: Vec<TopicJson>,
    pub dynamic: Vec<DynamicJson>,
}

#[derive(Debug, Serialize)]
pub struct TopicJson {
    pub topic: String,
    pub constant: Option<String>,
    pub payload: Option<PayloadJson>,
    pub publishers: Vec<PublisherJson>,
    pub subscribers: Vec<SubscriberJson>,
}

#[derive(Debug, Serialize)]
pub struct PayloadJson {
    #[serde(rename = "type")]
    pub type_name: String,
    pub path: Option<String>,
    pub line: Option<u32>,
    pub fields: Vec<FieldJson>,
}

#[derive(Debug, Serialize)]
pub struct FieldJson {
    pub name: String,
    pub json: String,
    #[serde(rename = "type")]
    pub ty: String,
}

#[derive(Debug, Serialize)]
pub struct PublisherJson {
    pub service: String,
    pub path: String,
    pub line: u32,
    pub function: Option<String>,
    pub outbox: bool,
    /// The pub/sub component, when known (extension: identity is (pubsub, topic)).
    pub pubsub: Option<String>,
    /// The environment variable that can override the topic (extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// How many topics this site can take, when it is one of several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct SubscriberJson {
    pub service: String,
    pub path: String,
    pub line: u32,
    pub kind: &'static str,
    pub handler: Option<String>,
    pub handler_path: Option<String>,
    pub handler_line: Option<u32>,
    pub route: Option<String>,
    /// The routing rule's `match`, for one route of several (extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_match: Option<String>,
    pub pubsub: Option<String>,
    /// The environment variable that can override the topic (extension).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub env: Option<String>,
    /// How many topics this site can take, when it is one of several.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub alternatives: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct DynamicJson {
    pub path: String,
    pub line: u32,
    pub expr: String,
    /// `publish` or `subscription`.
    pub kind: &'static str,
    /// Why the topic is not known statically.
    pub reason: String,
}

/// Renders views of a graph.
pub struct Views<'a> {
    graph: &'a EventGraph,
}

impl<'a> Views<'a> {
    pub fn new(graph: &'a EventGraph) -> Self {
        Self { graph }
    }

    fn payload_json(&self, p: &Payload) -> Option<PayloadJson> {
        Some(PayloadJson {
            type_name: p.type_name.clone()?,
            path: p.decl_at.as_ref().map(|a| a.path.clone()),
            line: p.decl_at.as_ref().map(|a| a.span.line),
            fields: p
                .fields
                .iter()
                .map(|f| FieldJson {
                    name: f.name.clone(),
                    json: f.json.clone(),
                    ty: f.ty.clone(),
                })
                .collect(),
        })
    }

    pub fn topic_json(&self, t: &Topic) -> TopicJson {
        TopicJson {
            topic: t.name.clone(),
            constant: t.constant.clone(),
            payload: t.payload.as_ref().and_then(|p| self.payload_json(p)),
            publishers: t.publishers.iter().map(publisher_json).collect(),
            subscribers: t.subscribers.iter().map(subscriber_json).collect(),
        }
    }

    pub fn graph_json(&self) -> GraphJson {
        GraphJson {
            version: 1,
            services: self.graph.services.clone(),
            topics: self
                .graph
                .topics
                .iter()
                .map(|t| self.topic_json(t))
                .collect(),
            dynamic: {
                let mut d: Vec<DynamicJson> = self.graph.dynamic.iter().map(dynamic_json).collect();
                d.extend(
                    self.graph
                        .dynamic_subscriptions
                        .iter()
                        .map(|s| DynamicJson {
                            path: s.at.path.clone(),
                            line: s.at.span.line,
                            expr: s.topic.text.clone(),
                            kind: "subscription",
                            reason: crate::model::unresolved_reason(&s.topic),
                        }),
                );
                d.sort_by(|a, b| (&a.path, a.line).cmp(&(&b.path, b.line)));
                d
            },
        }
    }

    /// `graph --format json`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_graph_json(&self, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.graph_json())?;
        writeln!(out)
    }

    /// `trace TOPIC --format json`: one element of `topics`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_trace_json(&self, t: &Topic, out: &mut dyn Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, &self.topic_json(t))?;
        writeln!(out)
    }

    /// `trace TOPIC`: everything a developer needs on one screen.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_trace_text(&self, t: &Topic, out: &mut dyn Write) -> io::Result<()> {
        let mut s = String::new();
        let _ = write!(s, "topic {}", t.name);
        if let Some(c) = &t.constant {
            let _ = write!(s, "  (const {c})");
        }
        let pubsubs: Vec<String> = {
            let mut v: Vec<String> = t
                .publishers
                .iter()
                .filter_map(|p| p.pubsub.as_ref())
                .chain(t.subscribers.iter().filter_map(|s| s.pubsub.as_ref()))
                .filter_map(|r| r.value.clone())
                .collect();
            v.sort();
            v.dedup();
            v
        };
        if !pubsubs.is_empty() {
            let _ = write!(s, "  pubsub {}", pubsubs.join(", "));
        }
        s.push('\n');
        match t
            .payload
            .as_ref()
            .and_then(|p| self.payload_json(p).map(|j| (p, j)))
        {
            Some((p, j)) => {
                let _ = write!(s, "\npayload {}", j.type_name);
                if let (Some(path), Some(line)) = (&j.path, j.line) {
                    let _ = write!(s, "  {path}:{line}");
                } else {
                    let _ = write!(s, "  (not declared in this repository: {})", p.text);
                }
                s.push('\n');
                // Aligned, up to a point: a format width over `u16::MAX` panics.
                let width = (j.fields.iter().map(|f| f.json.len()).max())
                    .unwrap_or(0)
                    .min(MAX_ALIGN);
                for f in &j.fields {
                    let _ = writeln!(s, "  {:<width$}  {}", f.json, f.ty);
                }
            }
            None => s.push_str("\npayload unknown\n"),
        }
        let _ = writeln!(s, "\npublishers ({})", t.publishers.len());
        if t.publishers.is_empty() {
            s.push_str("  none in this repository\n");
        }
        for p in &t.publishers {
            let how = if p.outbox { "outbox" } else { "direct" };
            let _ = write!(
                s,
                "  {:<14} {}:{}  {}  {how}",
                p.service,
                p.at.path,
                p.at.span.line,
                p.function.as_deref().unwrap_or("-"),
            );
            if p.via != "call" && p.via != "outbox" {
                let _ = write!(s, " via {}", p.via);
            }
            if let Some(e) = &p.topic.env {
                let _ = write!(s, "  env {e}");
            }
            s.push('\n');
        }
        let _ = writeln!(s, "\nsubscribers ({})", t.subscribers.len());
        if t.subscribers.is_empty() {
            s.push_str("  none in this repository\n");
        }
        for sub in &t.subscribers {
            let _ = write!(
                s,
                "  {:<14} {}:{}  {}",
                sub.service,
                sub.at.path,
                sub.at.span.line,
                sub.kind.as_str()
            );
            if let Some(r) = &sub.route {
                let _ = write!(s, "  route {r}");
            }
            if let Some(m) = &sub.route_match {
                let _ = write!(s, " (when {m})");
            }
            if let Some(ps) = sub.pubsub.as_ref().and_then(|p| p.value.as_ref()) {
                let _ = write!(s, "  pubsub {ps}");
            }
            if let Some(e) = &sub.topic.env {
                let _ = write!(s, "  env {e}");
            }
            s.push('\n');
            match &sub.handler {
                Some(h) => {
                    let _ = write!(s, "      handler {}", h.name);
                    if let Some(at) = &h.at {
                        let _ = write!(s, "  {}:{}", at.path, at.span.line);
                    }
                    s.push('\n');
                }
                None => s.push_str("      handler not found\n"),
            }
            for d in &sub.decodes {
                let _ = writeln!(
                    s,
                    "      decodes {}  {}:{}",
                    d.type_name, d.at.path, d.at.span.line
                );
            }
        }
        let maybe: Vec<&DynamicPublish> = self
            .graph
            .dynamic
            .iter()
            .filter(|d| d.topic.might_produce(&t.name))
            .collect();
        if !maybe.is_empty() {
            let _ = writeln!(
                s,
                "\ndynamic publishes that might produce it ({})",
                maybe.len()
            );
            for d in maybe {
                let _ = writeln!(
                    s,
                    "  {:<14} {}:{}  {}  topic {}",
                    d.service,
                    d.at.path,
                    d.at.span.line,
                    d.function.as_deref().unwrap_or("-"),
                    d.topic.text
                );
            }
        }
        let opaque: Vec<&DynamicPublish> = self
            .graph
            .dynamic
            .iter()
            .filter(|d| d.topic.pattern.is_none())
            .collect();
        if !opaque.is_empty() && t.publishers.is_empty() {
            let _ = writeln!(
                s,
                "\npublishes whose topic is computed at run time, which could be anything ({})",
                opaque.len()
            );
            for d in opaque.iter().take(5) {
                let _ = writeln!(
                    s,
                    "  {:<14} {}:{}  {}  topic {}",
                    d.service,
                    d.at.path,
                    d.at.span.line,
                    d.function.as_deref().unwrap_or("-"),
                    d.topic.text
                );
            }
            if opaque.len() > 5 {
                let _ = writeln!(
                    s,
                    "  ... and {} more (`eventlint graph --format json`)",
                    opaque.len() - 5
                );
            }
        }
        out.write_all(s.as_bytes())
    }

    /// `graph --format mermaid`: services and topics as nodes, each topic
    /// between its publishers and subscribers; an edge whose party meets
    /// nobody is dashed. Renders on GitHub as it is.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_mermaid(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(Diagram::of(self.graph).mermaid().as_bytes())
    }

    /// `graph --format dot` (Graphviz), the same picture as Mermaid's.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_dot(&self, out: &mut dyn Write) -> io::Result<()> {
        out.write_all(Diagram::of(self.graph).dot().as_bytes())
    }
}

fn publisher_json(p: &Publisher) -> PublisherJson {
    PublisherJson {
        service: p.service.clone(),
        path: p.at.path.clone(),
        line: p.at.span.line,
        function: p.function.clone(),
        outbox: p.outbox,
        pubsub: p.pubsub.as_ref().and_then(|r| r.value.clone()),
        env: p.topic.env.clone(),
        alternatives: alternatives(&p.topic),
    }
}

fn alternatives(r: &crate::model::Resolved) -> Option<usize> {
    (r.alternatives.len() > 1).then_some(r.alternatives.len())
}

fn subscriber_json(s: &Subscriber) -> SubscriberJson {
    SubscriberJson {
        service: s.service.clone(),
        path: s.at.path.clone(),
        line: s.at.span.line,
        kind: s.kind.as_str(),
        handler: s.handler.as_ref().map(|h| h.name.clone()),
        handler_path: s
            .handler
            .as_ref()
            .and_then(|h| h.at.as_ref())
            .map(|a| a.path.clone()),
        handler_line: s
            .handler
            .as_ref()
            .and_then(|h| h.at.as_ref())
            .map(|a| a.span.line),
        route: s.route.clone(),
        route_match: s.route_match.clone(),
        pubsub: s.pubsub.as_ref().and_then(|p| p.value.clone()),
        env: s.topic.env.clone(),
        alternatives: alternatives(&s.topic),
    }
}

fn dynamic_json(d: &DynamicPublish) -> DynamicJson {
    DynamicJson {
        path: d.at.path.clone(),
        line: d.at.span.line,
        expr: d.topic.text.clone(),
        kind: "publish",
        reason: crate::model::unresolved_reason(&d.topic),
    }
}
