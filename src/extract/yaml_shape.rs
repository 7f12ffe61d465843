//! The shape Dapr requires of a `Subscription` document: a field of the
//! wrong type (`routes: 42`, `topic: [a]`, `scopes: web`) makes Dapr reject
//! the manifest, and eventlint cannot read the subscription either. Each such
//! field is a problem of the file, at the field's value.

use serde_saphyr::{Location, Spanned};

use super::yaml::Node;

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
    out: &mut Vec<(&'n Location, String)>,
    field: &str,
    node: Option<&'n Spanned<Node>>,
    want: Want,
) -> bool {
    let Some(n) = node else { return false };
    if want.fits(&n.value) {
        return true;
    }
    out.push((
        &n.referenced,
        format!(
            "`{field}` must be {}, found {}: Dapr rejects this Subscription",
            want.describe(),
            found(&n.value)
        ),
    ));
    false
}

/// The fields of a `Subscription` document (`root`) whose value has the
/// wrong type: where the value is, and the message.
pub(crate) fn subscription_problems(root: &Node) -> Vec<(&Location, String)> {
    let mut out = Vec::new();
    check(&mut out, "metadata", root.get("metadata"), Want::Map);
    let scopes = root.get("scopes");
    if check(&mut out, "scopes", scopes, Want::List) {
        for s in scopes.map(|s| s.value.items()).unwrap_or_default() {
            check(&mut out, "scopes[]", Some(s), Want::Scalar);
        }
    }
    let spec = root.get("spec");
    if !check(&mut out, "spec", spec, Want::Map) {
        return out;
    }
    let Some(spec) = spec.map(|s| &s.value) else {
        return out;
    };
    for field in ["topic", "pubsubname", "route", "deadLetterTopic"] {
        check(
            &mut out,
            &format!("spec.{field}"),
            spec.get(field),
            Want::Scalar,
        );
    }
    check(&mut out, "spec.metadata", spec.get("metadata"), Want::Map);
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
