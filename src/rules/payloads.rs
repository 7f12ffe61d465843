//! Payload types grouped across their publish sites (EC004, EC005, EC008).

use crate::diagnostic::Related;
use crate::model::{EventGraph, Location, Payload, Publisher, TypeRef};

use super::RuleContext;

/// A payload type declared in the repository, with everywhere it is published.
pub(crate) struct PayloadGroup<'g> {
    pub decl: TypeRef,
    pub payload: &'g Payload,
    pub at: &'g Location,
    /// (topic, publisher).
    pub sites: Vec<(&'g str, &'g Publisher)>,
}

impl PayloadGroup<'_> {
    /// Whether the payload has a field named (Go name or json tag, any case)
    /// like one of `names`.
    pub fn has_field(&self, names: &[String]) -> bool {
        self.payload.fields.iter().any(|f| {
            names
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&f.name) || n.eq_ignore_ascii_case(&f.json))
        })
    }

    pub fn type_name(&self) -> &str {
        self.payload.type_name.as_deref().unwrap_or("")
    }
}

/// Struct payloads declared in the repository, in declaration order.
pub(crate) fn typed_payloads(graph: &EventGraph) -> Vec<PayloadGroup<'_>> {
    let mut groups: Vec<PayloadGroup<'_>> = Vec::new();
    for t in &graph.topics {
        for p in &t.publishers {
            let Some(payload) = &p.payload else { continue };
            let (Some(decl), Some(at)) = (payload.decl, &payload.decl_at) else {
                continue;
            };
            if payload.fields.is_empty() {
                continue;
            }
            match groups.iter_mut().find(|g| g.decl == decl) {
                Some(g) => g.sites.push((&t.name, p)),
                None => groups.push(PayloadGroup {
                    decl,
                    payload,
                    at,
                    sites: vec![(&t.name, p)],
                }),
            }
        }
    }
    groups.sort_by(|a, b| a.at.cmp(b.at));
    groups
}

/// Reports at the type's declaration, with every publish site related.
pub(crate) fn report_payload(
    cx: &mut RuleContext<'_>,
    group: &PayloadGroup<'_>,
    message: String,
    help: &str,
) {
    let topic = group.sites.first().map(|(t, _)| (*t).to_string());
    let d = cx
        .report(&group.at.path, group.at.span, message)
        .with_help(help)
        .with_topic(topic)
        .with_scope(Some(group.type_name().to_string()));
    for (topic, p) in &group.sites {
        d.with_related(Related {
            path: p.at.path.clone(),
            span: p.at.span,
            message: format!("published as `{topic}` here"),
        });
    }
}
