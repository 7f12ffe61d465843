//! The pre-scan: which Go files are worth parsing, from their bytes alone —
//! the seeds of event code, then the files that hold what linking demands
//! (a constant, a type, a function, a route it names).

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::config::Config;
use crate::discover::SourceFile;
use crate::model::Demands;
use crate::words::{self, WordBloom};

/// Bytes that mark a Go file as event code: publish and subscribe calls,
/// the sidecar's API, outboxes, suppression comments, and configured calls.
const SEEDS: &[&str] = &[
    "Publish",
    "TopicEvent",
    "Subscribe(",
    "SubscribeWithHandler",
    "ListTopicSubscriptions",
    "AddConsumer",
    "/dapr/subscribe",
    "v1.0/publish",
    "v1.0-alpha1/publish",
    "utbox",
    "eventlint:",
    "AddBindingInvocationHandler",
];

pub(super) fn seed_matcher(config: &Config) -> Option<AhoCorasick> {
    let mut words: Vec<String> = SEEDS.iter().map(|s| (*s).to_string()).collect();
    for rule in config
        .extract
        .publish
        .iter()
        .chain(&config.extract.subscribe)
        .chain(&config.extract.outbox)
    {
        // The literal parts of the callee glob (`*.Emit` → `Emit`).
        words.extend(
            rule.call
                .split(['*', '?', '[', ']', '{', '}'])
                .map(|p| p.trim_matches('.'))
                .filter(|p| p.len() >= 2)
                .map(str::to_string),
        );
    }
    // Without a matcher (it cannot fail for plain words), everything is parsed.
    AhoCorasick::new(&words).ok()
}

/// A Go file the pre-scan left unparsed, with the words its bytes hold.
pub(super) struct Unparsed<'s> {
    pub(super) source: &'s SourceFile,
    pub(super) words: WordBloom,
}

/// The unparsed files that linking's demands reach: a demanded package's
/// files, files declaring a demanded function or method, files using a
/// demanded identifier as a whole word, and files containing demanded text.
/// A file is read only when its word filter may hold every word some
/// demand needs.
pub(super) fn select<'s>(unparsed: &[Unparsed<'s>], demands: &Demands) -> Vec<&'s SourceFile> {
    // (pattern, whether a word boundary must precede it, and follow it)
    let mut patterns: Vec<(String, bool, bool)> = Vec::new();
    // What a file's word filter must hold for each demand (of several patterns).
    let mut required: Vec<Vec<u64>> = Vec::new();
    for d in &demands.decls {
        for p in [
            format!("func {d}("),
            format!(") {d}("),
            format!("func {d}["),
            format!(") {d}["),
        ] {
            patterns.push((p, false, false));
        }
        required.push(words::required_decl(d));
    }
    let plain = patterns.len();
    patterns.extend(demands.words.iter().map(|w| (w.clone(), true, true)));
    patterns.extend(demands.texts.iter().map(|t| (t.clone(), false, false)));
    patterns.extend(
        demands
            .literals
            .iter()
            .map(|t| (format!("{t}{{"), true, false)),
    );
    let field_from = patterns.len();
    patterns.extend(
        demands
            .field_literals
            .iter()
            .map(|(t, _)| (format!("{t}{{"), true, false)),
    );
    // Topic texts count only in files with a topic-like call.
    let topic_from = patterns.len();
    patterns.extend(
        demands
            .topic_texts
            .iter()
            .map(|t| (t.clone(), false, false)),
    );
    required.extend(
        patterns
            .iter()
            .enumerate()
            .skip(plain)
            .map(|(i, (p, left, right))| {
                let mut w = words::required_words(p, *left, *right);
                // A field literal's file must also use the field's name.
                if let Some((_, field)) = i
                    .checked_sub(field_from)
                    .and_then(|k| demands.field_literals.iter().nth(k))
                {
                    w.push(words::hash(field.as_bytes()));
                }
                w
            }),
    );
    let Ok(matcher) = AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .build(patterns.iter().map(|(p, _, _)| p))
        .or_else(|_| AhoCorasick::new(patterns.iter().map(|(p, _, _)| p)))
    else {
        return Vec::new();
    };
    let topic_call = TopicCall::new();
    unparsed
        .par_iter()
        .filter(|u| {
            let s = u.source;
            let dir = s
                .rel
                .rfind('/')
                .map_or("", |i| s.rel.get(..i).unwrap_or(""));
            if demands.dirs.contains(dir) {
                return true;
            }
            let may_match = |words: &Vec<u64>| words.iter().all(|w| u.words.may_hold(*w));
            if !required.iter().any(may_match) {
                return false;
            }
            let Ok(bytes) = std::fs::read(&s.abs) else {
                return false;
            };
            let mut has_topic_call = None;
            matcher.find_overlapping_iter(&bytes).any(|m| {
                let index = m.pattern().as_usize();
                if index >= topic_from {
                    return *has_topic_call
                        .get_or_insert_with(|| topic_call.as_ref().is_some_and(|t| t.in_(&bytes)));
                }
                let (left, right) = patterns.get(index).map_or((false, false), |p| (p.1, p.2));
                let before = m.start().checked_sub(1).and_then(|i| bytes.get(i));
                let after = bytes.get(m.end());
                let word = |b: Option<&u8>| b.is_some_and(|b| words::is_word_byte(*b));
                let field_missing = index
                    .checked_sub(field_from)
                    .filter(|k| index < topic_from && *k < demands.field_literals.len())
                    .and_then(|k| demands.field_literals.iter().nth(k))
                    .is_some_and(|(_, f)| !bytes.windows(f.len()).any(|w| w == f.as_bytes()));
                !(left && word(before) || right && word(after) || field_missing)
            })
        })
        .map(|u| u.source)
        .collect()
}

/// Finds a call whose name speaks of topics or subscribing, as an
/// inferred subscription needs: `topic` or `subscribe` (any case) inside an
/// identifier that is followed by `(` or `[`.
struct TopicCall(AhoCorasick);

impl TopicCall {
    fn new() -> Option<Self> {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(crate::model::link::INFERRED_CALL_WORDS)
            .ok()
            .map(Self)
    }

    fn in_(&self, bytes: &[u8]) -> bool {
        let ident = |c: &u8| c.is_ascii_alphanumeric() || *c == b'_';
        self.0.find_iter(bytes).any(|m| {
            let rest = bytes.get(m.end()..).unwrap_or_default();
            let after = rest.iter().position(|c| !ident(c)).unwrap_or(rest.len());
            let rest = rest.get(after..).unwrap_or_default();
            let gap = rest
                .iter()
                .position(|c| !matches!(c, b' ' | b'\t'))
                .unwrap_or(rest.len());
            matches!(rest.get(gap), Some(b'(' | b'['))
        })
    }
}
