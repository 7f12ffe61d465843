//! EC010 dangling-subscription.

use crate::diagnostic::Severity;
use crate::model::SubscriberKind;

use super::{RuleContext, declare_rule};

declare_rule! { DANGLING_SUBSCRIPTION, code: "EC010", name: "dangling-subscription", level: Severity::Warning, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    let components: Vec<&str> = graph.components.iter().map(|c| c.name.as_str()).collect();
    let subs = graph
        .topics
        .iter()
        .flat_map(|t| t.subscribers.iter())
        .chain(graph.dynamic_subscriptions.iter())
        .filter(|s| matches!(s.kind, SubscriberKind::Yaml | SubscriberKind::Programmatic));
    for s in subs {
        let mut problems = Vec::new();
        // Not found served, or not judged for want of Go code: a skipped
        // file of the service may hold the route either way.
        // (A route not judged for another reason — gRPC, a registration
        // that may serve it — stays unjudged without a word.)
        let unjudged = s.route.as_ref().filter(|_| {
            s.route_registered == Some(false)
                || (s.route_registered.is_none() && s.kind == SubscriberKind::Yaml)
        });
        let unserved = s
            .route
            .as_ref()
            .filter(|_| s.route_registered == Some(false));
        if let Some(route) = unjudged
            && let Some(skipped) = skipped_file_of(graph, &s.service)
        {
            cx.report(
                &s.at.path,
                s.at.span,
                format!(
                    "Subscription to `{}` could not be judged: its route `{route}` is not served by \
                     the analysed code of service `{}`, but `{skipped}` was not analysed (EC017)",
                    s.topic.value.as_deref().unwrap_or(&s.topic.text),
                    s.service
                ),
            )
            .at_most(Severity::Info)
            .with_help("make the skipped file readable (or raise `max_file_size`) so the route can be checked")
            .with_topic(s.topic.value.clone())
            .with_service(s.service.clone())
            .with_scope(s.route.clone());
        } else if let Some(route) = unserved {
            problems.push(format!(
                "its route `{route}` is not served by any HTTP handler in service `{}`",
                s.service
            ));
        }
        // An entry of the app's own subscription list without a component:
        // Dapr needs `pubsubname` (the pre-1.0 list of bare topic names, a
        // gRPC `TopicSubscription` with no `PubsubName`).
        if s.kind == SubscriberKind::Programmatic && s.pubsub.is_none() {
            problems.push(
                "it names no pub/sub component (Dapr needs `pubsubname` for every subscription)"
                    .to_string(),
            );
        }
        if let Some(name) = s.pubsub.as_ref().and_then(|p| p.value.as_deref())
            && !components.is_empty()
            && !components.contains(&name)
        {
            problems.push(format!(
                "its pub/sub component `{name}` is not declared (declared: {})",
                components.join(", ")
            ));
        }
        if problems.is_empty() {
            continue;
        }
        cx.report(
            &s.at.path,
            s.at.span,
            format!(
                "Subscription to `{}` is dangling: {}",
                s.topic.value.as_deref().unwrap_or(&s.topic.text),
                problems.join("; ")
            ),
        )
        .with_help(
            "Dapr delivers the event to the route and component named here: register the route \
             in the service (and decode the event there), or fix the component name",
        )
        .with_topic(s.topic.value.clone())
        .with_service(s.service.clone())
        .with_scope(s.route.clone());
    }
}

/// A Go file of `service` that was not analysed: the service is the longest
/// folder among the graph's services that holds the file.
fn skipped_file_of<'g>(graph: &'g crate::model::EventGraph, service: &str) -> Option<&'g str> {
    graph
        .skipped_go
        .iter()
        .filter(|path| !generated(path))
        .find(|path| {
            let owner = graph
                .services
                .iter()
                .filter(|svc| path.starts_with(svc.as_str()) && path[svc.len()..].starts_with('/'))
                .max_by_key(|svc| svc.len());
            match owner {
                Some(owner) => owner == service,
                // A file outside every service folder belongs to the root
                // service, known for sure only when it is the only one.
                None => graph.services.len() == 1,
            }
        })
        .map(String::as_str)
}

/// Generated Go files (protobuf, deep-copy, embedded assets, stringers)
/// register no HTTP routes: skipping one keeps nothing from being judged.
fn generated(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.ends_with(".pb.go")
        || name.ends_with(".pb.gw.go")
        || name.ends_with("_gen.go")
        || name.ends_with("_string.go")
        || name.starts_with("zz_generated")
        || name.contains("bindata")
        || name.ends_with("_test.go")
}
