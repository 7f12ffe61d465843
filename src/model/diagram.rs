//! The event graph as a picture: `graph --format mermaid|dot`.
//!
//! Services are boxes and every topic is a node of its own between them
//! (publisher → topic → subscriber), so no edge carries a topic's name and
//! labels cannot pile up on the edges between two busy services. An edge is
//! dashed when its party meets nobody on the topic: a publish nothing
//! subscribes to, a subscription nothing publishes, or one whose pub/sub
//! component differs from every publisher's, whose edge is labelled with
//! both components (`pubsub → ops-pubsub`). Publishes and subscriptions
//! whose topic is not known statically hang off a node of their own holding
//! the expression. Everything is sorted, so the output is stable.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use super::{EventGraph, Publisher, Resolved, Subscriber, Topic, pubsub_compatible};

/// What a node stands for, which decides its shape and style.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NodeKind {
    Service,
    /// A topic every party of which meets a counterpart.
    Topic,
    /// A topic with a party that meets nobody.
    Unmatched,
    /// A publish or subscription whose topic is computed at run time.
    Dynamic,
}

#[derive(Debug)]
struct Node {
    id: String,
    label: String,
    kind: NodeKind,
}

#[derive(Debug)]
struct Edge {
    from: String,
    to: String,
    dashed: bool,
    label: Option<String>,
}

/// Nodes and edges, in the order they are written.
#[derive(Debug, Default)]
pub(crate) struct Diagram {
    nodes: Vec<Node>,
    edges: Vec<Edge>,
}

impl Diagram {
    pub(crate) fn of(graph: &EventGraph) -> Self {
        let mut ids = Ids::default();
        let mut d = Diagram::default();
        let services = used_services(graph);
        let service_ids: Vec<(String, String)> = services
            .iter()
            .map(|s| (s.clone(), ids.fresh("svc_", s)))
            .collect();
        let svc = |name: &str| {
            service_ids
                .iter()
                .find(|(s, _)| s == name)
                .map(|(_, id)| id.clone())
                .unwrap_or_default()
        };
        for (name, id) in &service_ids {
            d.nodes.push(Node {
                id: id.clone(),
                label: name.clone(),
                kind: NodeKind::Service,
            });
        }
        let mut topic_edges = Vec::new();
        for t in &graph.topics {
            let id = ids.fresh("topic_", &t.name);
            let mut unmatched = false;
            for (service, meets) in publishing_services(t) {
                unmatched |= !meets;
                topic_edges.push(Edge {
                    from: svc(&service),
                    to: id.clone(),
                    dashed: !meets,
                    label: None,
                });
            }
            for (service, meets, label) in subscribing_services(t) {
                unmatched |= !meets;
                topic_edges.push(Edge {
                    from: id.clone(),
                    to: svc(&service),
                    dashed: !meets,
                    label,
                });
            }
            d.nodes.push(Node {
                id,
                label: t.name.clone(),
                kind: if unmatched {
                    NodeKind::Unmatched
                } else {
                    NodeKind::Topic
                },
            });
        }
        d.edges = topic_edges;
        let dynamic = graph
            .dynamic
            .iter()
            .map(|p| (true, &p.service, &p.topic))
            .chain(
                graph
                    .dynamic_subscriptions
                    .iter()
                    .map(|s| (false, &s.service, &s.topic)),
            );
        for (i, (publish, service, topic)) in dynamic.enumerate() {
            let id = ids.fresh("dynamic_", &i.to_string());
            let (from, to) = if publish {
                (svc(service), id.clone())
            } else {
                (id.clone(), svc(service))
            };
            d.nodes.push(Node {
                id,
                label: topic.text.clone(),
                kind: NodeKind::Dynamic,
            });
            d.edges.push(Edge {
                from,
                to,
                dashed: true,
                label: None,
            });
        }
        d
    }

    /// Mermaid `flowchart LR`: it renders on GitHub as it is.
    pub(crate) fn mermaid(&self) -> String {
        let mut s = String::from("flowchart LR\n");
        s.push_str("    classDef topic fill:#fff5d6,stroke:#b58900\n");
        s.push_str(
            "    classDef unmatched fill:#fde8e4,stroke:#c0392b,stroke-width:2px,stroke-dasharray:5 3\n",
        );
        s.push_str("    classDef dynamic fill:#f2f2f2,stroke:#777777,stroke-dasharray:5 3\n");
        for n in &self.nodes {
            let label = mermaid_escape(&n.label);
            let _ = match n.kind {
                NodeKind::Service => writeln!(s, "    {}[\"{label}\"]", n.id),
                NodeKind::Topic => writeln!(s, "    {}([\"{label}\"]):::topic", n.id),
                NodeKind::Unmatched => writeln!(s, "    {}([\"{label}\"]):::unmatched", n.id),
                NodeKind::Dynamic => writeln!(s, "    {}{{{{\"{label}\"}}}}:::dynamic", n.id),
            };
        }
        for e in &self.edges {
            let arrow = if e.dashed { "-.->" } else { "-->" };
            let _ = match &e.label {
                Some(l) => writeln!(
                    s,
                    "    {} {arrow}|\"{}\"| {}",
                    e.from,
                    mermaid_escape(l),
                    e.to
                ),
                None => writeln!(s, "    {} {arrow} {}", e.from, e.to),
            };
        }
        s
    }

    /// Graphviz `digraph`.
    pub(crate) fn dot(&self) -> String {
        let mut s = String::from("digraph events {\n    rankdir=LR;\n    node [shape=box];\n");
        for n in &self.nodes {
            let style = match n.kind {
                NodeKind::Service => "",
                NodeKind::Topic => {
                    ", style=\"rounded,filled\", fillcolor=\"#fff5d6\", color=\"#b58900\""
                }
                NodeKind::Unmatched => {
                    ", style=\"rounded,filled,dashed\", fillcolor=\"#fde8e4\", color=\"#c0392b\""
                }
                NodeKind::Dynamic => ", shape=hexagon, style=dashed",
            };
            let _ = writeln!(
                s,
                "    \"{}\" [label=\"{}\"{style}];",
                n.id,
                dot_escape(&n.label)
            );
        }
        for e in &self.edges {
            let mut attrs = Vec::new();
            if let Some(l) = &e.label {
                attrs.push(format!("label=\"{}\"", dot_escape(l)));
            }
            if e.dashed {
                attrs.push("style=dashed".to_string());
            }
            let attrs = if attrs.is_empty() {
                String::new()
            } else {
                format!(" [{}]", attrs.join(", "))
            };
            let _ = writeln!(s, "    \"{}\" -> \"{}\"{attrs};", e.from, e.to);
        }
        s.push_str("}\n");
        s
    }
}

/// Services that take part in any flow, sorted.
fn used_services(graph: &EventGraph) -> Vec<String> {
    let mut v: BTreeSet<String> = BTreeSet::new();
    for t in &graph.topics {
        v.extend(t.publishers.iter().map(|p| p.service.clone()));
        v.extend(t.subscribers.iter().map(|s| s.service.clone()));
    }
    v.extend(graph.dynamic.iter().map(|d| d.service.clone()));
    v.extend(
        graph
            .dynamic_subscriptions
            .iter()
            .map(|d| d.service.clone()),
    );
    v.into_iter().collect()
}

fn publisher_meets(t: &Topic, p: &Publisher) -> bool {
    t.subscribers
        .iter()
        .any(|s| pubsub_compatible(p.pubsub.as_ref(), s.pubsub.as_ref()))
}

fn subscriber_meets(t: &Topic, s: &Subscriber) -> bool {
    t.publishers
        .iter()
        .any(|p| pubsub_compatible(p.pubsub.as_ref(), s.pubsub.as_ref()))
}

/// Each service publishing `t`, sorted, and whether any of its publishes
/// meets a subscriber.
fn publishing_services(t: &Topic) -> Vec<(String, bool)> {
    let services: BTreeSet<&str> = t.publishers.iter().map(|p| p.service.as_str()).collect();
    services
        .into_iter()
        .map(|svc| {
            let meets = t
                .publishers
                .iter()
                .filter(|p| p.service == svc)
                .any(|p| publisher_meets(t, p));
            (svc.to_string(), meets)
        })
        .collect()
}

/// Each service subscribing to `t`, sorted; whether any of its
/// subscriptions meets a publisher; and, when none does although `t` is
/// published, the components on each side (`pubsub → ops-pubsub`).
fn subscribing_services(t: &Topic) -> Vec<(String, bool, Option<String>)> {
    let services: BTreeSet<&str> = t.subscribers.iter().map(|s| s.service.as_str()).collect();
    let published_on = components(t.publishers.iter().map(|p| p.pubsub.as_ref()));
    services
        .into_iter()
        .map(|svc| {
            let mine: Vec<&Subscriber> =
                t.subscribers.iter().filter(|s| s.service == svc).collect();
            let meets = mine.iter().any(|s| subscriber_meets(t, s));
            let subscribed_on = components(mine.iter().map(|s| s.pubsub.as_ref()));
            let label = (!meets && !published_on.is_empty() && !subscribed_on.is_empty())
                .then(|| format!("{} → {}", published_on, subscribed_on));
            (svc.to_string(), meets, label)
        })
        .collect()
}

/// The known component names among `refs`, sorted and comma-separated.
fn components<'a>(refs: impl Iterator<Item = Option<&'a Resolved>>) -> String {
    let names: BTreeSet<&str> = refs
        .filter_map(|r| r.and_then(|r| r.value.as_deref()))
        .collect();
    names.into_iter().collect::<Vec<_>>().join(", ")
}

/// Node ids: a prefix, then the name's letters and digits with anything else
/// as `_`, made unique with a numeric suffix when two names fold alike.
#[derive(Default)]
struct Ids {
    used: BTreeSet<String>,
}

impl Ids {
    fn fresh(&mut self, prefix: &str, name: &str) -> String {
        let mut base = String::from(prefix);
        for c in name.chars() {
            base.push(if c.is_ascii_alphanumeric() { c } else { '_' });
        }
        let mut id = base.clone();
        let mut n = 2;
        while self.used.contains(&id) {
            id = format!("{base}_{n}");
            n += 1;
        }
        self.used.insert(id.clone());
        id
    }
}

/// A Mermaid label is quoted; characters Mermaid would read as markup
/// become its entity codes (`#quot;`), so the text shows as written.
fn mermaid_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '#' => out.push_str("#35;"),
            '"' => out.push_str("#quot;"),
            '|' => out.push_str("#124;"),
            '<' => out.push_str("#lt;"),
            '>' => out.push_str("#gt;"),
            '`' => out.push_str("#96;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn dot_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace(['\n', '\r'], " ")
}

#[cfg(test)]
mod tests {
    use super::{Ids, mermaid_escape};

    #[test]
    fn ids_stay_unique_when_names_fold_alike() {
        let mut ids = Ids::default();
        assert_eq!(ids.fresh("topic_", "order.created"), "topic_order_created");
        assert_eq!(
            ids.fresh("topic_", "order_created"),
            "topic_order_created_2"
        );
        assert_eq!(
            ids.fresh("topic_", "order-created"),
            "topic_order_created_3"
        );
        assert_eq!(ids.fresh("svc_", "order"), "svc_order");
    }

    #[test]
    fn labels_show_markup_as_text() {
        assert_eq!(
            mermaid_escape("fmt.Sprintf(\"a.%s\", <-ch) | `x` #1"),
            "fmt.Sprintf(#quot;a.%s#quot;, #lt;-ch) #124; #96;x#96; #35;1"
        );
    }
}
