//! The shape Dapr requires of a `Subscription` or `Component` document: a
//! field of the wrong type (`routes: 42`, `topic: [a]`, `scopes: web`), a
//! required field left out (`topic`, `pubsubname`, a route, a component's
//! `type`) or a key Dapr does not know (`topci:`) makes Dapr reject the
//! manifest or silently ignore what it says, and eventlint cannot read it
//! either. Each is a problem of the file (rule EC018), at the offending key
//! or value, with the fix as help.

use serde_saphyr::{Location, Spanned};

use super::yaml::Node;

/// One thing wrong with a manifest: where, what, and the fix.
pub(crate) struct ShapeProblem<'n> {
    pub(crate) at: &'n Location,
    pub(crate) message: String,
    pub(crate) help: String,
}

/// What a field must hold.
#[derive(Clone, Copy)]
enum Want {
    Scalar,
    Map,
    List,
}

impl Want {
    fn fits(self, node: &Node) -> bool {
        match (self, node) {
            // An empty field is left to the rules that need it (EC010).
            (_, Node::Null) => true,
            // A template action (`{{ toYaml .Values.x | nindent 4 }}`,
            // `${SCOPES}`) may render as anything.
            (_, Node::Str(s)) if is_template(s) => true,
            (Want::Scalar, Node::Seq(_) | Node::Map(_)) => false,
            (Want::Scalar, _) => true,
            (Want::Map, n) => matches!(n, Node::Map(_)),
            (Want::List, n) => matches!(n, Node::Seq(_)),
        }
    }

    fn describe(self) -> &'static str {
        match self {
            Want::Scalar => "a single value",
            Want::Map => "a map",
            Want::List => "a list",
        }
    }
}

/// A scalar that was only a template action or placeholder: the reader
/// blanks those to `_` (keeping offsets), with a `$` left of `${VAR}`.
fn is_template(s: &str) -> bool {
    s.contains('_') && s.chars().all(|c| matches!(c, '_' | '$' | ' ' | '"' | '\''))
}

fn found(node: &Node) -> &'static str {
    match node {
        Node::Null => "nothing",
        Node::Bool(_) => "a boolean",
        Node::Int(_) | Node::Float(_) => "a number",
        Node::Str(_) => "a string",
        Node::Seq(_) => "a list",
        Node::Map(_) => "a map",
    }
}

/// Whether `node` (when present) holds what `want` says; a problem when not.
fn check<'n>(
    out: &mut Vec<ShapeProblem<'n>>,
    field: &str,
    node: Option<&'n Spanned<Node>>,
    want: Want,
) -> bool {
    let Some(n) = node else { return false };
    if want.fits(&n.value) {
        return true;
    }
    out.push(ShapeProblem {
        at: &n.referenced,
        message: format!(
            "`{field}` must be {}, found {}: Dapr rejects this manifest",
            want.describe(),
            found(&n.value)
        ),
        help: help_for(field, want),
    });
    false
}

/// What every Dapr document is checked for: its top-level keys (`keys`, of
/// a document of `kind`), `metadata`, `scopes` and `spec`. The `spec` key
/// and map, when there is one to look into.
fn head<'n>(
    out: &mut Vec<ShapeProblem<'n>>,
    root: &'n Node,
    templated: bool,
    (keys, kind): (&[&'static str], &str),
    add_spec: &str,
) -> Option<(&'n Spanned<Node>, &'n Node)> {
    let _ = unknown_keys(out, root, "", keys);
    check(out, "metadata", root.get("metadata"), Want::Map);
    let scopes = root.get("scopes");
    if check(out, "scopes", scopes, Want::List) {
        for s in scopes.map(|s| s.value.items()).unwrap_or_default() {
            check(out, "scopes[]", Some(s), Want::Scalar);
        }
    }
    let spec = root.get_entry("spec");
    if spec.is_none() && !templated {
        missing(out, root, "spec", kind, add_spec);
    }
    if !check(out, "spec", spec.map(|(_, v)| v), Want::Map) {
        return None;
    }
    spec.map(|(k, v)| (k, &v.value))
}

/// The fields of a `Subscription` document (`root`) whose value has the
/// wrong type: where the value is, and the message.
///
/// `templated`: the document is a Helm template, where a template action may
/// supply a field: a missing field is then not a problem.
pub(crate) fn subscription_problems(root: &Node, templated: bool) -> Vec<ShapeProblem<'_>> {
    let mut out = Vec::new();
    let Some((spec_key, spec)) = head(
        &mut out,
        root,
        templated,
        (DOCUMENT_KEYS, "Subscription"),
        "add `spec:` with `topic`, `pubsubname` and `route`",
    ) else {
        return out;
    };
    let meant = unknown_keys(&mut out, spec, "spec.", SUBSCRIPTION_SPEC_KEYS);
    if !templated {
        for (field, help) in [
            (
                "topic",
                "add `topic: <name>` under `spec`: the topic this subscription receives",
            ),
            (
                "pubsubname",
                "add `pubsubname: <component>` under `spec`: the pub/sub component the topic lives on",
            ),
        ] {
            // A misspelt `topci:` is reported once, as the unknown key.
            if spec.get(field).is_none() && !meant.contains(&field) {
                out.push(ShapeProblem {
                    at: &spec_key.referenced,
                    message: format!("this Subscription has no `spec.{field}`: Dapr rejects it"),
                    help: help.to_string(),
                });
            }
        }
        let routed = spec.get("route").is_some()
            || spec.get("routes").is_some_and(|r| {
                !matches!(&r.value, Node::Map(_))
                    || r.value.get("default").is_some()
                    || r.value.get("rules").is_some()
                    || r.value
                        .entries()
                        .iter()
                        .any(|(k, _)| k.value.as_str().is_some_and(is_template))
            });
        if !routed && !meant.iter().any(|m| m.starts_with("route")) {
            out.push(ShapeProblem {
                at: &spec_key.referenced,
                message: "this Subscription has no route (`spec.route`, or `spec.routes` with `default` or `rules`): Dapr has nowhere to deliver its events".to_string(),
                help: "add `route: /<path>` (v1alpha1) or `routes: { default: /<path> }` (v2alpha1) under `spec`, the path the handler serves".to_string(),
            });
        }
    }
    for field in ["topic", "pubsubname", "route", "deadLetterTopic"] {
        check(
            &mut out,
            &format!("spec.{field}"),
            spec.get(field),
            Want::Scalar,
        );
    }
    let metadata = spec.get("metadata");
    if check(&mut out, "spec.metadata", metadata, Want::Map) {
        // `map[string]string`: an unquoted `true` or `10` fails to decode.
        for (key, value) in metadata.map(|m| m.value.entries()).unwrap_or_default() {
            if matches!(value.value, Node::Bool(_) | Node::Int(_) | Node::Float(_)) {
                let name = key.value.as_str().unwrap_or("?");
                out.push(ShapeProblem {
                    at: &value.referenced,
                    message: format!(
                        "`spec.metadata.{name}` must be a string, found {}: Dapr rejects this manifest",
                        found(&value.value)
                    ),
                    help: format!("quote the value: `{name}: \"...\"`"),
                });
            }
        }
    }
    check(
        &mut out,
        "spec.bulkSubscribe",
        spec.get("bulkSubscribe"),
        Want::Map,
    );
    let routes = spec.get("routes");
    if check(&mut out, "spec.routes", routes, Want::Map)
        && let Some(routes) = routes.map(|r| &r.value)
    {
        check(
            &mut out,
            "spec.routes.default",
            routes.get("default"),
            Want::Scalar,
        );
        let rules = routes.get("rules");
        if check(&mut out, "spec.routes.rules", rules, Want::List) {
            for rule in rules.map(|r| r.value.items()).unwrap_or_default() {
                if check(&mut out, "spec.routes.rules[]", Some(rule), Want::Map) {
                    check(
                        &mut out,
                        "spec.routes.rules[].path",
                        rule.value.get("path"),
                        Want::Scalar,
                    );
                    check(
                        &mut out,
                        "spec.routes.rules[].match",
                        rule.value.get("match"),
                        Want::Scalar,
                    );
                }
            }
        }
    }
    out
}

/// The problems of a `Component` document: wrong types, unknown keys, and a
/// missing `spec.type` (unless `templated`).
pub(crate) fn component_problems(root: &Node, templated: bool) -> Vec<ShapeProblem<'_>> {
    let mut out = Vec::new();
    let Some((spec_key, spec)) = head(
        &mut out,
        root,
        templated,
        (COMPONENT_KEYS, "Component"),
        "add `spec:` with the component's `type`, `version` and `metadata`",
    ) else {
        return out;
    };
    let meant = unknown_keys(&mut out, spec, "spec.", COMPONENT_SPEC_KEYS);
    check(&mut out, "spec.type", spec.get("type"), Want::Scalar);
    check(&mut out, "spec.version", spec.get("version"), Want::Scalar);
    let metadata = spec.get("metadata");
    if check(&mut out, "spec.metadata", metadata, Want::List) {
        for item in metadata.map(|m| m.value.items()).unwrap_or_default() {
            if check(&mut out, "spec.metadata[]", Some(item), Want::Map) {
                check(
                    &mut out,
                    "spec.metadata[].name",
                    item.value.get("name"),
                    Want::Scalar,
                );
            }
        }
    }
    if !templated && spec.get("type").is_none() && !meant.contains(&"type") {
        out.push(ShapeProblem {
            at: &spec_key.referenced,
            message: "this Component has no `spec.type`: Dapr rejects it".to_string(),
            help: "add the component's type under `spec`, e.g. `type: pubsub.redis`".to_string(),
        });
    }
    out
}

/// The fix for `field` holding the wrong type, in the words of the field.
fn help_for(field: &str, want: Want) -> String {
    let key = field
        .rsplit('.')
        .next()
        .unwrap_or(field)
        .trim_end_matches("[]");
    match (field, want) {
        ("spec.metadata[]", _) | ("spec.metadata", Want::List) => {
            "write each metadata entry as `- name: <key>` with `value: <value>` (or `secretKeyRef`) beneath it".to_string()
        }
        ("scopes" | "scopes[]", _) => {
            "list the app IDs the manifest applies to, e.g. `scopes: [order, billing]`".to_string()
        }
        ("spec.routes", _) => {
            "write `routes:` as a map: `default: /<path>` and/or `rules:` of `match` and `path`"
                .to_string()
        }
        ("spec.routes.rules", _) => "write `rules:` as a list of `- match: <CEL>` / `path: /<path>` entries".to_string(),
        (_, Want::Scalar) => format!("write one value for `{key}`, quoted if it holds YAML punctuation"),
        (_, Want::Map) => format!("write `{key}` as a map of `key: value` lines"),
        (_, Want::List) => format!("write `{key}` as a list of `- item` lines"),
    }
}

/// Keys of any Dapr manifest document.
const DOCUMENT_KEYS: &[&str] = &["apiVersion", "kind", "metadata", "spec", "scopes", "status"];
/// Keys of a `Component` document: the document's, and `auth`.
const COMPONENT_KEYS: &[&str] = &[
    "apiVersion",
    "kind",
    "metadata",
    "spec",
    "scopes",
    "auth",
    "status",
];
/// Keys of a `Subscription`'s `spec`, in v1alpha1 and v2alpha1.
const SUBSCRIPTION_SPEC_KEYS: &[&str] = &[
    "topic",
    "pubsubname",
    "route",
    "routes",
    "metadata",
    "deadLetterTopic",
    "bulkSubscribe",
];
/// Keys of a `Component`'s `spec`.
const COMPONENT_SPEC_KEYS: &[&str] =
    &["type", "version", "metadata", "initTimeout", "ignoreErrors"];

/// A required field `field` missing from `root`: at the `kind` value.
fn missing<'n>(
    out: &mut Vec<ShapeProblem<'n>>,
    root: &'n Node,
    field: &str,
    kind: &str,
    help: &str,
) {
    if let Some(at) = root.get("kind") {
        out.push(ShapeProblem {
            at: &at.referenced,
            message: format!("this {kind} has no `{field}`: Dapr rejects it"),
            help: help.to_string(),
        });
    }
}

/// Keys of `map` that Dapr does not know (compared ignoring ASCII case, as
/// Dapr decodes them): Dapr drops them, so what they say never applies.
/// Returns the known keys the unknown ones were likely meant to be.
fn unknown_keys<'n>(
    out: &mut Vec<ShapeProblem<'n>>,
    map: &'n Node,
    prefix: &str,
    known: &[&'static str],
) -> Vec<&'static str> {
    let mut meant = Vec::new();
    for (key, _) in map.entries() {
        let Some(name) = key.value.as_str() else {
            continue;
        };
        if is_template(name) || known.iter().any(|k| k.eq_ignore_ascii_case(name)) {
            continue;
        }
        // Compared in lower case, as Dapr matches keys.
        let low = lowered(known);
        let low: Vec<&str> = low.iter().map(String::as_str).collect();
        let near = crate::spelling::closest(&name.to_ascii_lowercase(), &low)
            .and_then(|l| known.iter().copied().find(|k| k.eq_ignore_ascii_case(l)));
        meant.extend(near);
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!("remove it; Dapr knows: {}", known.join(", ")),
        };
        out.push(ShapeProblem {
            at: &key.referenced,
            message: format!(
                "unknown key `{prefix}{name}`: Dapr ignores it, so what it says never applies"
            ),
            help,
        });
    }
    meant
}

fn lowered(known: &[&str]) -> Vec<String> {
    known.iter().map(|k| k.to_ascii_lowercase()).collect()
}
