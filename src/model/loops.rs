//! Registrations and publishes inside `for ... range` loops over literal
//! collections: one call per entry, with the loop variables replaced by the
//! entry's key and value, so that each entry's topic, handler and route stay
//! together (`for _, r := range routes { s.AddTopicEventHandler(r.Sub, r.Handler) }`).

use rustc_hash::FxHashSet;

use crate::extract::{CallFact, Composite, Expr, Facts};

use super::resolve::Index;

/// The calls walked by loops, expanded, and the calls they stand for
/// (file, start offset), which are then skipped.
#[derive(Default)]
pub(crate) struct Expanded {
    pub calls: Vec<(u32, CallFact)>,
    pub replaced: FxHashSet<(u32, u32)>,
}

impl Expanded {
    /// Expands the calls named `names` (the last names of the publish and
    /// subscribe shapes) whose arguments walk a collection eventlint can list.
    pub(crate) fn of(index: &Index<'_>, names: &FxHashSet<&str>) -> Self {
        let mut out = Expanded::default();
        for (fi, f) in index.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            for call in &g.calls {
                if !names.contains(call.last_name()) || !call.args.iter().any(Expr::has_each) {
                    continue;
                }
                let Some(of) = call.args.iter().find_map(first_each) else {
                    continue;
                };
                let Some(entries) = index.entries(of, file, 0) else {
                    continue;
                };
                for e in &entries {
                    // A key is kept as written: a constant's name if it names
                    // one, else the string itself.
                    let key = e.key.map(|k| {
                        let named = match k.split_once('.') {
                            Some((q, n)) => Expr::Sel(q.into(), n.into()),
                            None => Expr::Ident(k.into()),
                        };
                        let key = if index.resolve_at(&named, e.file, 0).is_some() {
                            named
                        } else {
                            Expr::Str(k.into())
                        };
                        Expr::At(e.file, Box::new(key))
                    });
                    let value = Expr::At(e.file, Box::new(e.value.clone()));
                    let mut c = call.clone();
                    for a in &mut c.args {
                        *a = substitute(a, of, key.as_ref(), &value);
                    }
                    out.calls.push((file, c));
                }
                out.replaced.insert((file, call.span.start));
            }
        }
        out
    }
}

/// The collection of the first `range` variable in `e`.
fn first_each(e: &Expr) -> Option<&Expr> {
    match e {
        Expr::Each { of, .. } => Some(of),
        Expr::Concat(parts) | Expr::OneOf(parts) | Expr::Call { args: parts, .. } => {
            parts.iter().find_map(first_each)
        }
        Expr::Sprintf(f, args) => first_each(f).or_else(|| args.iter().find_map(first_each)),
        Expr::Composite(c) => c
            .fields
            .iter()
            .map(|(_, v, _)| v)
            .chain(c.elements.iter())
            .find_map(first_each),
        Expr::Addr(inner) | Expr::Field(inner, _) | Expr::At(_, inner) => first_each(inner),
        Expr::Index(a, b) => first_each(a).or_else(|| first_each(b)),
        _ => None,
    }
}

/// `e` with the loop variables of `of` replaced by an entry's key and value,
/// and fields of the literals that brings in taken.
fn substitute(e: &Expr, of: &Expr, key: Option<&Expr>, value: &Expr) -> Expr {
    let sub = |x: &Expr| substitute(x, of, key, value);
    match e {
        Expr::Each { of: o, key: is_key } if o.as_ref() == of => match (is_key, key) {
            (true, Some(k)) => k.clone(),
            (true, None) => Expr::Other("index".into()),
            (false, _) => value.clone(),
        },
        Expr::Field(inner, name) => field(sub(inner), name),
        Expr::Concat(parts) => Expr::Concat(parts.iter().map(sub).collect()),
        Expr::OneOf(parts) => Expr::OneOf(parts.iter().map(sub).collect()),
        Expr::Call { callee, args, text } => Expr::Call {
            callee: callee.clone(),
            args: args.iter().map(sub).collect(),
            text: text.clone(),
        },
        Expr::Sprintf(f, args) => Expr::Sprintf(Box::new(sub(f)), args.iter().map(sub).collect()),
        Expr::Composite(c) => Expr::Composite(Box::new(Composite {
            ty: c.ty.clone(),
            fields: c
                .fields
                .iter()
                .map(|(k, v, s)| (k.clone(), sub(v), *s))
                .collect(),
            elements: c.elements.iter().map(sub).collect(),
            span: c.span,
        })),
        Expr::Addr(inner) => Expr::Addr(Box::new(sub(inner))),
        Expr::Index(a, b) => Expr::Index(Box::new(sub(a)), Box::new(sub(b))),
        other => other.clone(),
    }
}

/// `x.name` where `x` may now be a literal: its field, in the literal's file.
fn field(of: Expr, name: &str) -> Expr {
    if let Expr::At(f, inner) = &of
        && let Expr::Composite(c) = inner.peel()
        && let Some(v) = c.field(name)
    {
        return Expr::At(*f, Box::new(v.clone()));
    }
    Expr::Field(Box::new(of), name.into())
}
