//! Positions and names in a document's text: the topic under the cursor,
//! string literals, and `file://` URIs.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use lsp_types::Uri;

use crate::model::{EventGraph, Topic};

/// The topics named at byte `at` of `line`, and the byte range of the name:
/// a string literal whose value is a topic, a topic constant
/// (`events.TopicOrderCreated`, or `TopicOrderCreated` in its own package),
/// or a bare topic in YAML.
pub(super) fn topics_at<'g>(
    g: &'g EventGraph,
    line: &str,
    at: usize,
    yaml: bool,
) -> (usize, usize, Vec<&'g Topic>) {
    if let Some((start, end)) = literal_at(line, at, yaml) {
        let value = line
            .get(start + 1..end.saturating_sub(1))
            .unwrap_or_default();
        return (start, end, g.topic(value).into_iter().collect());
    }
    let word = |c: char| c.is_alphanumeric() || "_.".contains(c) || (yaml && "-/".contains(c));
    let before = line.get(..floor(line, at)).unwrap_or_default();
    let run = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| word(*c))
        .last();
    let start = run.map_or(before.len(), |(i, _)| i);
    let after = line.get(start..).and_then(|s| s.find(|c| !word(c)));
    let end = after.map_or(line.len(), |i| start + i);
    let name = line.get(start..end).unwrap_or_default();
    // (constant, topic) pairs: a qualified name wins over a last segment.
    let constants = (g.topics.iter())
        .filter_map(|t| Some((t.constant.as_deref()?, t.name.as_str())))
        .chain(
            g.topic_constants
                .iter()
                .map(|c| (c.name.as_str(), c.value.as_str())),
        );
    let pick = |exact: bool| -> BTreeSet<&str> {
        let hit = |c: &str| {
            c == name
                || (!exact && !name.is_empty() && c.rsplit('.').next() == name.rsplit('.').next())
        };
        constants
            .clone()
            .filter(|(c, _)| hit(c))
            .map(|(_, t)| t)
            .collect()
    };
    let mut names = BTreeSet::from([name]);
    if g.topic(name).is_none() {
        names = Some(pick(true))
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| pick(false));
    }
    (
        start,
        end,
        names.into_iter().filter_map(|n| g.topic(n)).collect(),
    )
}

/// The byte range (quotes included) of the string literal around `at`.
fn literal_at(line: &str, at: usize, yaml: bool) -> Option<(usize, usize)> {
    let b = line.as_bytes();
    let mut i = 0;
    while let Some(&q) = b.get(i) {
        let comment = if yaml {
            q == b'#' && (i == 0 || b.get(i - 1) == Some(&b' '))
        } else {
            q == b'/' && b.get(i + 1) == Some(&b'/')
        };
        if comment {
            return None;
        }
        if !(q == b'"' || q == b'\'' || (!yaml && q == b'`')) {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while let Some(&c) = b.get(j).filter(|c| **c != q) {
            j += if c == b'\\' && q != b'`' { 2 } else { 1 };
        }
        let end = (j + 1).min(b.len());
        if (i..end).contains(&at) {
            return Some((i, end));
        }
        i = end;
    }
    None
}

/// The largest char boundary of `s` at or before `i`.
pub(super) fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A `file://` URI's path.
pub(super) fn uri_path(uri: &Uri) -> Option<PathBuf> {
    let rest = uri.as_str().strip_prefix("file://")?;
    let path = rest.get(rest.find('/')?..)?.split(['?', '#']).next()?;
    let (mut bytes, mut rest) = (Vec::new(), path.as_bytes());
    while let Some((&b, tail)) = rest.split_first() {
        rest = tail;
        if b == b'%' {
            let hex = std::str::from_utf8(tail.get(..2)?).ok()?;
            bytes.push(u8::from_str_radix(hex, 16).ok()?);
            rest = tail.get(2..)?;
        } else {
            bytes.push(b);
        }
    }
    let path = String::from_utf8(bytes).ok()?;
    match path.get(2..3) {
        Some(":") if cfg!(windows) => path.get(1..).map(PathBuf::from), // `/C:/x`
        _ => Some(PathBuf::from(path)),
    }
}

pub(super) fn file_uri(path: &Path) -> Option<Uri> {
    let path = path.to_string_lossy().replace('\\', "/");
    let mut s = String::from("file://");
    if !path.starts_with('/') {
        s.push('/'); // `C:/x`
    }
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            s.push(char::from(b));
        } else {
            let _ = write!(s, "%{b:02X}");
        }
    }
    s.parse().ok()
}
