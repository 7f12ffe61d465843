//! EC009 payload-drift.

use crate::diagnostic::{Related, Severity};
use crate::model::JsonKind;

use super::{RuleContext, declare_rule};

declare_rule! { PAYLOAD_DRIFT, code: "EC009", name: "payload-drift", level: Severity::Error, check: check }

fn check(cx: &mut RuleContext<'_>) {
    for t in &cx.graph.topics {
        let Some(sent) = &t.payload else { continue };
        let (Some(sent_decl), Some(sent_at)) = (sent.decl, &sent.decl_at) else {
            continue;
        };
        if sent.fields.is_empty() {
            continue;
        }
        let publisher = t
            .publishers
            .iter()
            .find(|p| p.payload.as_ref().and_then(|x| x.decl) == Some(sent_decl));
        let mut seen = Vec::new();
        for s in &t.subscribers {
            for d in &s.decodes {
                let Some(decl) = d.decl else { continue };
                if decl == sent_decl || d.fields.is_empty() || seen.contains(&d.at) {
                    continue;
                }
                seen.push(d.at.clone());
                let mut problems = Vec::new();
                for f in &d.fields {
                    match sent
                        .fields
                        .iter()
                        .find(|p| p.json.eq_ignore_ascii_case(&f.json))
                    {
                        None => problems.push(format!("`{}` is missing", f.json)),
                        Some(p)
                            if p.kind != f.kind
                                && p.kind != JsonKind::Unknown
                                && f.kind != JsonKind::Unknown =>
                        {
                            problems.push(format!(
                                "`{}` is {} here but {} in `{}`",
                                f.json,
                                f.kind.as_str(),
                                p.kind.as_str(),
                                sent.type_name.as_deref().unwrap_or("")
                            ));
                        }
                        Some(_) => {}
                    }
                }
                if problems.is_empty() {
                    continue;
                }
                let publisher_service = publisher.map_or("the publisher", |p| p.service.as_str());
                let diag = cx
                    .report(
                        &d.at.path,
                        d.at.span,
                        format!(
                            "`{}` decoded here does not match `{}` published by {publisher_service}: {}",
                            d.type_name,
                            sent.type_name.as_deref().unwrap_or(""),
                            problems.join("; ")
                        ),
                    )
                    .with_help(
                        "decode into the publisher's type from the shared events package, or \
                         add the field to the published payload",
                    )
                    .with_topic(Some(t.name.clone()))
                    .with_service(s.service.clone())
                    .with_scope(s.handler.as_ref().map(|h| h.name.clone()))
                    .with_related(Related {
                        path: sent_at.path.clone(),
                        span: sent_at.span,
                        message: format!(
                            "the publisher's payload `{}`",
                            sent.type_name.as_deref().unwrap_or("")
                        ),
                    });
                if let Some(p) = publisher {
                    diag.with_related(Related {
                        path: p.at.path.clone(),
                        span: p.at.span,
                        message: "published here".to_string(),
                    });
                }
            }
        }
    }
}
