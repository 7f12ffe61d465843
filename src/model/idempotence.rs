//! Evidence about a handler's writes for EC003: which variables hold the
//! decoded event, whether a write stores that payload whole (or keyed by a
//! key taken from it), and which HTTP method an outgoing call uses.

use crate::extract::{CallFact, Expr};

/// The variable a decode call fills (`gadget` of `e.Struct(&gadget)`,
/// `json.Unmarshal(b, &order)`).
pub(crate) fn decode_target(call: &CallFact) -> Option<&str> {
    let target = match call.last_name() {
        "Unmarshal" => call.args.get(1),
        "Struct" | "Decode" | "ShouldBindJSON" | "BindJSON" | "ShouldBind" | "Bind" | "DataAs" => {
            call.args.first()
        }
        // An in-house helper: `dapr.DecodeCloudEvent(c, nil, &product)`.
        last if last.contains("Decode") || last.contains("Unmarshal") => {
            call.args.iter().rev().find(|a| matches!(a, Expr::Addr(_)))
        }
        _ => None,
    }?;
    var_of(target)
}

/// The variable an argument names: `x`, `&x`, `x.Field`.
fn var_of(e: &Expr) -> Option<&str> {
    match e {
        Expr::Addr(inner) => var_of(inner),
        Expr::Typed { text, .. } | Expr::Other(text) | Expr::Member { text, .. } => {
            let t = text.as_str();
            let root = t.split('.').next().unwrap_or(t);
            root.chars()
                .all(|c| c.is_alphanumeric() || c == '_')
                .then_some(root)
                .filter(|r| !r.is_empty())
        }
        Expr::Ident(name) => Some(name.as_str()),
        _ => None,
    }
}

/// Whether a call passes the decoded payload, or a field of it, among its
/// arguments: a write of the event's own content.
pub(crate) fn writes_payload(call: &CallFact, payloads: &[String]) -> bool {
    call.args
        .iter()
        .filter_map(var_of)
        .any(|v| payloads.iter().any(|p| p == v))
}

/// The HTTP method an outgoing call names (`InvokeMethodWithContent(ctx,
/// app, m, "post", ...)`, `http.NewRequest("PUT", ...)`), upper-cased.
pub(crate) fn http_method(call: &CallFact) -> Option<String> {
    call.args.iter().find_map(|a| match a {
        Expr::Str(s)
            if ["post", "put", "patch", "delete", "get"]
                .iter()
                .any(|m| s.eq_ignore_ascii_case(m)) =>
        {
            Some(s.as_str().to_ascii_uppercase())
        }
        Expr::Sel(q, n) if q == "http" && n.starts_with("Method") => {
            Some(n.as_str().trim_start_matches("Method").to_ascii_uppercase())
        }
        _ => None,
    })
}

/// The variable a status comparison reads (`order` of `order.Status != X`).
pub(crate) fn compared_var(text: &str) -> &str {
    let t = text.trim_start_matches(['(', '!', ' ']);
    let end = t
        .find(|c: char| !(c.is_alphanumeric() || c == '_'))
        .unwrap_or(t.len());
    t.get(..end).unwrap_or("")
}
