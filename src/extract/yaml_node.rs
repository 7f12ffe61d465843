//! A YAML tree read without a schema, every node with its position, parsed
//! under eventlint's budgets; and byte offsets as lines and columns. Shared
//! by the Dapr manifest reader and the configuration.

use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::{DuplicateKeyPolicy, Location, MessageFormatter, Options, Spanned};

use super::Span;
use super::yaml::to_u32;

/// Deepest nesting of collections accepted by the YAML parser.
pub(crate) const MAX_DEPTH: usize = 64;
/// Most nodes (scalars and collections, alias replays included) per document.
const MAX_NODES: usize = 250_000;
/// Most events replayed through aliases per document (bounds "billion laughs").
const MAX_ALIAS_REPLAY: usize = 100_000;

/// A YAML node read without a schema; every child carries its position.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Node>>),
    Map(Vec<(Spanned<Node>, Spanned<Node>)>),
}

impl Node {
    /// The value of `key` in a map: the exact key if present, else a key
    /// equal ignoring ASCII case (as Dapr's JSON decoding matches fields);
    /// the last one wins among duplicates.
    pub(crate) fn get(&self, key: &str) -> Option<&Spanned<Node>> {
        self.get_entry(key).map(|(_, v)| v)
    }

    /// Like [`Node::get`], with the key node.
    pub(crate) fn get_entry(&self, key: &str) -> Option<(&Spanned<Node>, &Spanned<Node>)> {
        let entries = self.entries();
        let by = |exact: bool| {
            entries.iter().rev().find(|(k, _)| {
                k.value.as_str().is_some_and(|k| {
                    if exact {
                        k == key
                    } else {
                        k.eq_ignore_ascii_case(key)
                    }
                })
            })
        };
        by(true).or_else(|| by(false)).map(|(k, v)| (k, v))
    }

    /// The entries of a map (empty for anything else).
    pub(crate) fn entries(&self) -> &[(Spanned<Node>, Spanned<Node>)] {
        match self {
            Node::Map(entries) => entries,
            _ => &[],
        }
    }

    /// The items of a sequence (empty for anything else).
    pub(crate) fn items(&self) -> &[Spanned<Node>] {
        match self {
            Node::Seq(items) => items,
            _ => &[],
        }
    }

    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// A scalar as text (numbers and booleans formatted); `None` for null
    /// and collections.
    pub(crate) fn scalar_text(&self) -> Option<String> {
        match self {
            Node::Str(s) => Some(s.clone()),
            Node::Int(i) => Some(i.to_string()),
            Node::Float(f) => Some(f.to_string()),
            Node::Bool(b) => Some(b.to_string()),
            Node::Null | Node::Seq(_) | Node::Map(_) => None,
        }
    }

    /// What this node is, for messages: "a string", "a list", ...
    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Node::Null => "nothing (null)",
            Node::Bool(_) => "a boolean",
            Node::Int(_) | Node::Float(_) => "a number",
            Node::Str(_) => "a string",
            Node::Seq(_) => "a list",
            Node::Map(_) => "a map",
        }
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_none<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Node, D::Error> {
        Node::deserialize(d)
    }

    fn visit_bool<E>(self, v: bool) -> Result<Node, E> {
        Ok(Node::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Node, E> {
        Ok(Node::Int(v.into()))
    }

    fn visit_i128<E>(self, v: i128) -> Result<Node, E> {
        Ok(Node::Int(v))
    }

    fn visit_u128<E>(self, v: u128) -> Result<Node, E> {
        Ok(i128::try_from(v).map_or_else(|_| Node::Str(v.to_string()), Node::Int))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Node, E> {
        Ok(Node::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<Node, E> {
        Ok(Node::Str(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Node, E> {
        Ok(Node::Str(v))
    }

    fn visit_bytes<E>(self, v: &[u8]) -> Result<Node, E> {
        Ok(Node::Str(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Node::Map(entries))
    }
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Node, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

/// Parses every document of `text` under eventlint's budgets: at most
/// [`MAX_DEPTH`] levels, [`MAX_NODES`] nodes and [`MAX_ALIAS_REPLAY`]
/// events replayed through aliases; YAML 1.1 booleans (`yes`, `off`) stay
/// strings. Empty documents are skipped.
pub(crate) fn parse_documents(
    text: &str,
    duplicates: DuplicateKeyPolicy,
) -> Result<Vec<Spanned<Node>>, serde_saphyr::Error> {
    let options: Options = serde_saphyr::options! {
        budget: serde_saphyr::budget! {
            max_depth: MAX_DEPTH,
            max_nodes: MAX_NODES,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: MAX_ALIAS_REPLAY,
        },
        duplicate_keys: duplicates,
        strict_booleans: true,
        with_snippet: false,
    };
    serde_saphyr::from_multiple_with_options(text, options)
}

/// The cause of a parse error, without its location.
pub(crate) fn error_cause(err: &serde_saphyr::Error) -> String {
    let mut inner = err.without_snippet();
    if let serde_saphyr::Error::AliasError { error, .. } = inner {
        inner = error.without_snippet();
    }
    serde_saphyr::UserMessageFormatter
        .format_message(inner)
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The byte offset in `text` of a parse error (0 when unknown).
pub(crate) fn error_offset(err: &serde_saphyr::Error, text: &str) -> usize {
    err.location().map_or(0, |loc| location_range(&loc, text).0)
}

/// The byte range in `text` of a location: from its byte offsets when the
/// parser recorded them, else from its line and (character) column.
pub(crate) fn location_range(loc: &Location, text: &str) -> (usize, usize) {
    let span = loc.span();
    if let (Some(offset), Some(len)) = (span.byte_offset(), span.byte_len()) {
        let start = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let end = usize::try_from(offset.saturating_add(len))
            .unwrap_or(usize::MAX)
            .min(text.len());
        if text.is_char_boundary(start) && text.is_char_boundary(end) {
            return (start, end);
        }
    }
    let line = usize::try_from(loc.line()).unwrap_or(usize::MAX);
    let column = usize::try_from(loc.column()).unwrap_or(usize::MAX);
    if line == 0 {
        return (0, 0);
    }
    let mut line_start = 0usize;
    for (index, l) in text.split_inclusive('\n').enumerate() {
        if index.saturating_add(1) == line {
            let content = l.trim_end_matches(['\n', '\r']);
            let within = content
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(content.len(), |(i, _)| i);
            let start = line_start.saturating_add(within);
            return (start, start);
        }
        line_start = line_start.saturating_add(l.len());
    }
    (text.len(), text.len())
}

/// Line starts of a text, to turn byte offsets into 1-based lines and byte
/// columns.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i.saturating_add(1)),
        );
        Self {
            starts,
            len: text.len(),
        }
    }

    /// 1-based line and byte column of an offset.
    pub(crate) fn position(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.len);
        let index = self
            .starts
            .partition_point(|start| *start <= offset)
            .saturating_sub(1);
        let line_start = self.starts.get(index).copied().unwrap_or(0);
        (
            to_u32(index.saturating_add(1)),
            to_u32(offset.saturating_sub(line_start).saturating_add(1)),
        )
    }

    /// The span of a byte range.
    pub(crate) fn span(&self, start: usize, end: usize) -> Span {
        let end = end.max(start);
        let (line, column) = self.position(start);
        let (end_line, end_column) = self.position(end);
        Span {
            line,
            column,
            end_line,
            end_column,
            start: to_u32(start.min(self.len)),
            end: to_u32(end.min(self.len)),
        }
    }
}
