//! EC003 non-idempotent-handler.

use crate::diagnostic::{Related, Severity};
use crate::model::{EffectCall, Effects, glob_match};

use super::{RuleContext, declare_rule};

declare_rule! { NON_IDEMPOTENT_HANDLER, code: "EC003", name: "non-idempotent-handler", level: Severity::Warning, check: check, options: super::options::NonIdempotentHandlerOptions }

/// Call names that change state (DESIGN's default evidence).
pub(crate) const STATE_CHANGING: &[&str] = &[
    "Create*",
    "Insert*",
    "Save*",
    "Add*",
    "Update*",
    "Delete*",
    "Increment*",
    "Decrement*",
    "Charge*",
    "Credit*",
    "Debit*",
    "Send*",
    "Exec*",
];

/// Call names that check for an already handled event.
pub(crate) const GUARDS: &[&str] = &[
    "*Processed*",
    "*processed*",
    "*Seen*",
    "*seen*",
    "*Dedup*",
    "*dedup*",
    "*Idempot*",
    "*idempot*",
    "*Already*",
    "*already*",
    "*Exists*",
    "*exists*",
    // Set-if-absent stores: `sync.Map.LoadOrStore`, Redis `SetNX`.
    "LoadOrStore",
    "SetNX",
    "SetNx",
    "SetIfNotExists",
    // A unique violation treated as "already done".
    "*Duplicate*",
    "*duplicate*",
    "*UniqueViolation*",
    "*uniqueViolation*",
];

/// Packages whose calls never change a service's state.
const PURE_PACKAGES: &[&str] = &[
    "fmt", "strings", "strconv", "bytes", "errors", "json", "time", "context", "sort", "math",
    "log", "slog", "sync", "atomic", "http", "url", "regexp", "filepath", "path", "os", "io",
    "metrics", "otel", "trace", "span", "wg", "w",
];

/// Names that look state-changing but are not (tracing, registration, replies).
const NOT_STATE: &[&str] = &[
    "AddEvent",
    "AddAttributes",
    "AddLink",
    "AddTopicEventHandler",
    "AddTopicEventSubscriber",
    "AddBulkTopicEventHandler",
    "AddConsumer",
    "AddConsumerWithMetadata",
    "AddDate",
    "SendStatus",
    "SendString",
    "SendHeader",
];

fn check(cx: &mut RuleContext<'_>) {
    let options = cx.options::<super::options::NonIdempotentHandlerOptions>();
    // The shared vocabulary (`state_changes:`): its verbs begin call names.
    let vocabulary = &cx.config.state_changes;
    let mut state: Vec<String> = STATE_CHANGING.iter().map(|s| (*s).to_string()).collect();
    state.extend(vocabulary.extend.iter().map(|w| format!("{w}*")));
    let reads: Vec<String> = vocabulary.reads.iter().map(|w| format!("{w}*")).collect();
    let mut guards = options
        .guards
        .unwrap_or_else(|| GUARDS.iter().map(|s| (*s).to_string()).collect());
    guards.extend(options.extend_guards);
    let mut seen = Vec::new();
    // A handler's idempotence does not depend on its topic: subscriptions
    // whose topic is computed at run time are judged too.
    let subs = cx
        .graph
        .topics
        .iter()
        .flat_map(|t| t.subscribers.iter().map(move |s| (Some(t.name.clone()), s)))
        .chain(cx.graph.dynamic_subscriptions.iter().map(|s| (None, s)));
    for (topic, s) in subs {
        let (Some(h), Some(effects)) = (&s.handler, &s.effects) else {
            continue;
        };
        let (Some(func), Some(at)) = (h.func, &h.at) else {
            continue;
        };
        if seen.contains(&func) {
            continue;
        }
        seen.push(func);
        let Some(change) = effects
            .calls
            .iter()
            .find(|c| changes_state(c, &state) && !only_reads(c, &reads))
        else {
            continue;
        };
        if guarded(effects, &guards) {
            continue;
        }
        let void = effects.void_guards.first();
        cx.report(
                &at.path,
                at.span,
                {
                    let elsewhere = match change.http_method.as_deref() {
                        Some(m) if change.callee.contains("Invoke") => {
                            format!(" ({m} to another service)")
                        }
                        _ => String::new(),
                    };
                    match void {
                        Some((check, mark)) => format!(
                            "Handler `{}` calls `{}`{elsewhere} behind a de-duplication guard that never trips: \
                             `{check}` reads a processed-events store, but eventlint found no call of `{mark}` in service `{}`",
                            h.name, change.callee, s.service
                        ),
                        None => format!(
                            "Handler `{}` calls `{}`{elsewhere} with no de-duplication guard: \
                             found no processed/seen/exists check, set-if-absent store, \
                             `ON CONFLICT` or unique-violation handling, nor status check on an entity it loaded",
                            h.name, change.callee
                        ),
                    }
                },
            )
            .with_help(
                "events can be delivered more than once: return early when the event ID is \
                 already processed (a call such as `AlreadyProcessed`/`MarkProcessed`), use an \
                 upsert (`ON CONFLICT DO NOTHING`), or check the entity's status first",
            )
            .with_topic(topic)
            .with_service(s.service.clone())
            .with_scope(Some(h.name.clone()))
            .with_related(Related {
                path: change.at.path.clone(),
                span: change.at.span,
                message: format!("state changes here: `{}`", change.callee),
            });
    }
}

/// Calls to another service or a binding that change state there: a Dapr
/// invocation with a mutating method, an output binding, an HTTP post.
fn mutates_elsewhere(call: &EffectCall, name: &str) -> bool {
    let mutating = call
        .http_method
        .as_deref()
        .is_some_and(|m| matches!(m, "POST" | "PUT" | "PATCH" | "DELETE"));
    match name {
        "InvokeMethod" | "InvokeMethodWithContent" | "InvokeMethodWithCustomContent" => mutating,
        "InvokeBinding" | "InvokeOutputBinding" => true,
        "Post" | "PostForm" => call.callee.starts_with("http."),
        // `http.NewRequestWithContext(ctx, "POST", url, body)`, then `Do`.
        // PUT and DELETE are idempotent by HTTP's own rules.
        "NewRequest" | "NewRequestWithContext" => {
            call.callee.starts_with("http.")
                && call
                    .http_method
                    .as_deref()
                    .is_some_and(|m| matches!(m, "POST" | "PATCH"))
        }
        _ => false,
    }
}

/// Writes that store the event's own content whole, or under a key taken
/// from it: replaying them writes the same value. A delete by a key from
/// the payload is one too: the second finds nothing left to delete.
fn overwrites_with_payload(call: &EffectCall, name: &str) -> bool {
    const OVERWRITES: &[&str] = &[
        "Save", "Put", "Upsert", "Set", "Store", "Replace", "Update", "Delete", "Remove",
    ];
    call.writes_payload && OVERWRITES.iter().any(|v| name.starts_with(v))
}

/// A call the configuration names as a read (`state_changes: { reads: [...] }`).
fn only_reads(call: &EffectCall, reads: &[String]) -> bool {
    let name = call.callee.rsplit('.').next().unwrap_or(&call.callee);
    reads.iter().any(|r| glob_match(r, name))
}

fn changes_state(call: &EffectCall, patterns: &[String]) -> bool {
    let (qualifier, name) = call
        .callee
        .rsplit_once('.')
        .unwrap_or(("", call.callee.as_str()));
    // Files the event names, deleted or moved: a redelivery finds its input
    // gone (not a deferred clean-up, not a scratch file).
    // (`RemoveAll` of a missing path succeeds, a rename is how atomic writes
    // end: both replay harmlessly.)
    if qualifier == "os" && name == "Remove" {
        return !call.deferred && !call.temp_path;
    }
    if mutates_elsewhere(call, name) {
        // A request that hands the event's ID on lets the receiver de-duplicate.
        return !call.carries_event_id;
    }
    // Prometheus-style counters: `revenue.WithLabelValues(c).Add(x)`.
    if call.callee.contains("WithLabel") {
        return false;
    }
    if overwrites_with_payload(call, name) {
        return false;
    }
    let root = qualifier.split('.').next().unwrap_or("");
    if qualifier.is_empty() || PURE_PACKAGES.contains(&root) || NOT_STATE.contains(&name) {
        return false;
    }
    // `wg.Add(1)` and counters.
    if name == "Add" && call.first_arg_numeric {
        return false;
    }
    // Inserting into a set, or a write keyed by the event's own ID, is idempotent.
    if call.keyed_by_event_id || call.recv_ty.as_deref().is_some_and(is_set_type) {
        return false;
    }
    patterns.iter().any(|p| glob_match(p, name))
}

/// A guard among the handler's evidence; a check whose marking function is
/// never called is none.
fn guarded(effects: &Effects, patterns: &[String]) -> bool {
    !effects.sql_guards.is_empty()
        || !effects.guards.is_empty()
        || effects.calls.iter().any(|c| {
            let name = c.callee.rsplit('.').next().unwrap_or(&c.callee);
            patterns.iter().any(|p| glob_match(p, name))
                && !effects
                    .void_guards
                    .iter()
                    .any(|(check, _)| *check == c.callee)
        })
}

/// `sets.Set[string]`, `mapset.Set`, `map[string]struct{}`, `map[string]bool`.
fn is_set_type(ty: &str) -> bool {
    let ty = ty.trim_start_matches('*');
    ty.contains("Set")
        || ty.starts_with("sets.")
        || (ty.starts_with("map[") && (ty.ends_with("struct{}") || ty.ends_with("bool")))
}
