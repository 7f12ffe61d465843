//! Collections patched after they are built: `subs[k].Topic = x` changes the
//! field of one entry (a known key) or of any entry (a computed key), so a
//! loop that registers the entries later sees the patched values.

use super::{Composite, Expr};

/// Where a patch lands in a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// A map key as the literal stores it (a string's value, else the text),
    /// or a slice index.
    Known(String),
    /// A key known only at run time: any entry may be the one patched.
    Any,
}

/// `collection` with `field` of the entry at `key` set to `value`. A known
/// key replaces that entry's field; a computed key makes each entry's field
/// one of its old value and `value`. What is not a literal collection of
/// literals is left as it is.
pub(crate) fn apply(collection: Expr, key: &Key, field: &str, value: &Expr) -> Expr {
    match collection {
        Expr::Composite(mut c) => {
            patch_collection(&mut c, key, field, value);
            Expr::Composite(c)
        }
        Expr::OneOf(alts) => Expr::OneOf(
            alts.into_iter()
                .map(|a| apply(a, key, field, value))
                .collect(),
        ),
        other => other,
    }
}

fn patch_collection(c: &mut Composite, key: &Key, field: &str, value: &Expr) {
    if c.fields.is_empty() {
        // A slice: positional entries, indexed from 0.
        for (i, e) in c.elements.iter_mut().enumerate() {
            match key {
                Key::Known(k) if k.parse::<usize>().ok() != Some(i) => {}
                Key::Known(_) => set_field(e, field, value.clone()),
                Key::Any => widen_field(e, field, value),
            }
        }
    } else {
        // A map: keyed entries.
        for (k, e, _) in &mut c.fields {
            match key {
                Key::Known(want) if want != k => {}
                Key::Known(_) => set_field(e, field, value.clone()),
                Key::Any => widen_field(e, field, value),
            }
        }
    }
}

/// The struct literal an entry is (`T{...}` or `&T{...}`).
fn entry_literal(e: &mut Expr) -> Option<&mut Composite> {
    match e {
        Expr::Composite(c) => Some(c),
        Expr::Addr(inner) => match inner.as_mut() {
            Expr::Composite(c) => Some(c),
            _ => None,
        },
        _ => None,
    }
}

fn set_field(entry: &mut Expr, field: &str, value: Expr) {
    let Some(lit) = entry_literal(entry) else {
        return;
    };
    match lit
        .fields
        .iter_mut()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(field))
    {
        Some((_, v, _)) => *v = value,
        None => lit.fields.push((field.to_string(), value, lit.span)),
    }
}

fn widen_field(entry: &mut Expr, field: &str, value: &Expr) {
    let Some(lit) = entry_literal(entry) else {
        return;
    };
    match lit
        .fields
        .iter_mut()
        .find(|(k, _, _)| k.eq_ignore_ascii_case(field))
    {
        Some((_, v, _)) => {
            let old = std::mem::replace(v, Expr::Other(super::Name::default()));
            *v = Expr::OneOf(vec![old, value.clone()]);
        }
        // The field left out is the zero value, which is no topic: the
        // patched value is the only one that can be registered.
        None => lit
            .fields
            .push((field.to_string(), value.clone(), lit.span)),
    }
}
