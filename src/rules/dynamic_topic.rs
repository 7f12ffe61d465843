//! EC011 dynamic-topic.

use crate::diagnostic::Severity;

use super::{RuleContext, declare_rule};

declare_rule! { DYNAMIC_TOPIC, code: "EC011", name: "dynamic-topic", level: Severity::Info, check: check }

fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    for d in &graph.dynamic {
        let env = d
            .topic
            .env
            .as_ref()
            .map(|e| format!(" (environment variable `{e}` without a default)"))
            .unwrap_or_default();
        cx.report(
            &d.at.path,
            d.at.span,
            format!(
                "Topic expression `{}` could not be resolved statically{env}",
                d.topic.text
            ),
        )
        .with_help(
            "use a string constant, a constant from a shared package, or an environment \
             look-up with a literal default, so the event graph can follow this publish",
        )
        .with_service(d.service.clone())
        .with_scope(d.function.clone());
    }
    for s in &graph.dynamic_subscriptions {
        cx.report(
            &s.at.path,
            s.at.span,
            format!(
                "Subscription topic `{}` could not be resolved statically",
                s.topic.text
            ),
        )
        .with_help("use a string constant or a constant from a shared package")
        .with_service(s.service.clone());
    }
}
