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
        if s.route_registered == Some(false)
            && let Some(route) = &s.route
        {
            problems.push(format!(
                "its route `{route}` is not served by any HTTP handler in service `{}`",
                s.service
            ));
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
