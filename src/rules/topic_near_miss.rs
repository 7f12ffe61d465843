//! EC014 topic-near-miss.

use crate::cli::edit_distance;
use crate::diagnostic::{Related, Severity};
use crate::model::EventGraph;

use super::{RuleContext, declare_rule};

declare_rule! { TOPIC_NEAR_MISS, code: "EC014", name: "topic-near-miss", level: Severity::Error, check: check }

/// (published-only topic, subscribed-only topic) pairs that are almost
/// certainly the same event under two names.
pub(crate) fn near_miss_pairs(graph: &EventGraph) -> Vec<(String, String)> {
    let published: Vec<&str> = graph
        .topics
        .iter()
        .filter(|t| t.subscribers.is_empty() && !t.publishers.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    let subscribed: Vec<&str> = graph
        .topics
        .iter()
        .filter(|t| t.publishers.is_empty() && !t.subscribers.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    let mut out = Vec::new();
    for p in &published {
        for s in &subscribed {
            if near_miss(p, s) {
                out.push(((*p).to_string(), (*s).to_string()));
            }
        }
    }
    out
}

fn segments(t: &str) -> Vec<&str> {
    t.split(['.', '-', '_', '/', ':'])
        .filter(|s| !s.is_empty())
        .collect()
}

fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if let Some(stem) = s.strip_suffix("es")
        && (stem.ends_with('s')
            || stem.ends_with('x')
            || stem.ends_with("ch")
            || stem.ends_with("sh"))
    {
        return stem.to_string();
    }
    s.strip_suffix('s').unwrap_or(s).to_string()
}

/// Why two topics are a near miss, if they are.
pub(crate) fn near_miss_reason(a: &str, b: &str) -> Option<&'static str> {
    if a == b {
        return None;
    }
    let (sa, sb) = (segments(a), segments(b));
    // `.dlq` suffix versus `dlq.` prefix.
    let dlq = |x: &[&str], y: &[&str]| {
        x.last() == Some(&"dlq") && y.first() == Some(&"dlq") && x.get(..x.len() - 1) == y.get(1..)
    };
    if dlq(&sa, &sb) || dlq(&sb, &sa) {
        return Some("the dead-letter marker moved from suffix to prefix");
    }
    if sa.len() == sb.len() && sa.len() > 1 {
        let mut x = sa.clone();
        let mut y = sb.clone();
        x.sort_unstable();
        y.sort_unstable();
        if x == y {
            return Some("the same segments in another order");
        }
        let norm = |v: &[&str]| v.iter().map(|s| singular(s)).collect::<Vec<_>>();
        if norm(&sa) == norm(&sb) {
            return Some("singular versus plural");
        }
    }
    let shortest = a.len().min(b.len());
    if shortest >= 6 && edit_distance(a, b) <= 2 {
        return Some("a small edit apart");
    }
    None
}

fn near_miss(a: &str, b: &str) -> bool {
    near_miss_reason(a, b).is_some()
}

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    for (p, s) in near_miss_pairs(graph) {
        let (Some(pt), Some(st)) = (graph.topic(&p), graph.topic(&s)) else {
            continue;
        };
        let (Some(publisher), Some(sub)) = (pt.publishers.first(), st.subscribers.first()) else {
            continue;
        };
        let reason = near_miss_reason(&p, &s).unwrap_or("similar");
        cx.report(
            &sub.at.path,
            sub.at.span,
            format!(
                "Subscribed topic `{s}` is never published, but `{p}` is ({reason}): almost certainly the same event"
            ),
        )
        .with_help(format!(
            "use one name on both sides, ideally a shared constant; the publisher sends `{p}`"
        ))
        .with_topic(Some(s.clone()))
        .with_service(sub.service.clone())
        .with_scope(Some(p.clone()))
        .with_related(Related {
            path: publisher.at.path.clone(),
            span: publisher.at.span,
            message: format!("`{p}` is published here"),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::near_miss_reason;

    #[test]
    fn near_misses() {
        assert!(near_miss_reason("order.created", "order.craeted").is_some());
        assert!(near_miss_reason("order.created", "created.order").is_some());
        assert!(near_miss_reason("orders.created", "order.created").is_some());
        assert!(near_miss_reason("order.categories", "order.category").is_some());
        assert!(near_miss_reason("orders.dlq", "dlq.orders").is_some());
        assert!(near_miss_reason("order.created", "order.deleted").is_none());
        assert!(near_miss_reason("user.created", "user.updated").is_none());
        assert!(near_miss_reason("a.b", "a.c").is_none());
        assert!(near_miss_reason("stock.low", "stock.released").is_none());
    }
}
