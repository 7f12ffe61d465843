//! Dapr YAML → [`YamlFacts`].
//!
//! eventlint scans every YAML file of a repository, and most of them are not
//! Dapr: a byte pre-scan skips those without parsing. Files are split into
//! documents at `---` lines, and only documents that name a Dapr API version
//! (`dapr.io/v1alpha1`, ...) — or, in a Helm values file, mention
//! `subscriptions` — are parsed. What is read:
//!
//! - `kind: Subscription` (`dapr.io/v1alpha1` and `v2alpha1`): topic, route or
//!   routes (default first, then every rule's path), pub/sub, dead-letter
//!   topic, scopes;
//! - `kind: Component` of type `pubsub.*` or `state.*`, with a state store's
//!   outbox metadata (`outboxPublishPubsub`, `outboxPublishTopic`);
//! - a Helm values file (`values*.yaml`) with a `dapr.subscriptions` map or list.
//!
//! Templates are read tolerantly: a `{{ ... }}` or `{placeholder}` is blanked
//! out byte for byte (so every position stays that of the original file),
//! a line holding only template actions becomes blank, and a value that held
//! a template is unknown (`YamlValue { value: None, .. }`). A relevant
//! document that still cannot be parsed gives one problem for the file.
//! Parsing runs under budgets (nodes, depth, alias replay), so alias bombs
//! and deep nesting end in a problem, not a hang.
//!
//! The schema-less, position-carrying tree (`Node`, in `yaml_node.rs`) and
//! its helpers are shared with [`crate::config`].

use serde_saphyr::{DuplicateKeyPolicy, Location, Spanned};

pub(crate) use super::yaml_node::{
    LineIndex, Node, error_cause, error_offset, location_range, parse_documents,
};
use super::yaml_syntax::{detemplate, is_templated};
use super::{Span, YamlComponent, YamlFacts, YamlProblem, YamlSubscription, YamlValue};

/// Extracts Dapr subscriptions and components from one YAML file.
///
/// `path` is used only to recognise Helm values files by their name. Returns
/// the facts and the suppression comments (`# eventlint:...`) as
/// (line, text after `eventlint:`). Never fails: a relevant document that
/// cannot be read becomes one entry of [`YamlFacts::problems`].
#[must_use]
pub fn extract_yaml(path: &str, src: &str) -> (YamlFacts, Vec<(u32, String)>) {
    let suppressions = suppressions(src);
    let values_file = is_values_file(path);
    let partial = is_patch(path);
    if !(src.contains("dapr.io") || values_file && src.contains("subscriptions")) {
        return (YamlFacts::default(), suppressions);
    }
    let segments: Vec<(usize, usize)> = split_documents(src)
        .into_iter()
        .filter(|(start, end)| {
            src.get(*start..*end).is_some_and(|segment| {
                has_dapr_api_version(segment) || values_file && segment.contains("subscriptions")
            })
        })
        .collect();
    if segments.is_empty() {
        return (YamlFacts::default(), suppressions);
    }
    let lines = LineIndex::new(src);
    let read = with_parse_stack(|| {
        let mut facts = YamlFacts::default();
        for (start, end) in segments {
            read_segment(src, &lines, start, end, (values_file, partial), &mut facts);
        }
        facts
    });
    let facts = read.unwrap_or_else(|| YamlFacts {
        problems: vec![YamlProblem {
            span: lines.span(0, 0),
            message: format!("{LIMITS}: no thread could be started to parse it"),
            help: None,
        }],
        ..YamlFacts::default()
    });
    (facts, suppressions)
}

/// Parses one document (segment) of the file and adds its facts.
/// `(values_file, partial)`: a Helm values file; a document that may be
/// only part of a manifest (a kustomize patch), missing fields and all.
fn read_segment(
    src: &str,
    lines: &LineIndex,
    start: usize,
    end: usize,
    (values_file, partial): (bool, bool),
    facts: &mut YamlFacts,
) {
    let Some(segment) = src.get(start..end) else {
        return;
    };
    let (base, segment) = strip_bom(start, segment);
    let detemplated = detemplate(segment);
    let text = detemplated.as_deref().unwrap_or(segment);
    let cx = DocCx {
        src,
        lines,
        base,
        text,
    };
    match parse_documents(text, DuplicateKeyPolicy::LastWins) {
        Ok(docs) => {
            for doc in &docs {
                cx.interpret(doc, values_file, partial || detemplated.is_some(), facts);
            }
        }
        Err(err) => {
            let worth_reporting = has_dapr_api_version(segment)
                || segment.contains("dapr") && segment.contains("subscriptions");
            if worth_reporting && facts.problems.is_empty() {
                facts.problems.push(cx.problem(&err, detemplated.is_some()));
            }
        }
    }
}

/// A kustomize patch or overlay by its path (`overlays/`, `patches/`, a
/// file named `*patch*`): it holds only the fields it changes.
fn is_patch(path: &str) -> bool {
    let lower = path.to_ascii_lowercase();
    lower.split('/').any(|s| s == "overlays" || s == "patches")
        || lower
            .rsplit('/')
            .next()
            .is_some_and(|f| f.contains("patch"))
}

/// How a problem of the reader's own limits begins: the manifest may be
/// fine for Dapr, so it is no error of the file.
pub const LIMITS: &str = "YAML exceeds the reader's limits";

/// Stack size of the thread that parses YAML: parsing recurses once per
/// nesting level (at most [`MAX_DEPTH`](super::yaml_node::MAX_DEPTH)), and an unoptimised build uses tens
/// of kilobytes per level, more than a default 2 MiB thread stack holds.
const PARSE_STACK: usize = 16 * 1024 * 1024;

/// Runs `f` on a thread whose stack holds [`MAX_DEPTH`](super::yaml_node::MAX_DEPTH) levels of parsing in
/// any build, whatever the caller's stack (rayon workers, test threads).
/// `None` when no thread can be started. A panic in `f` is resumed here.
pub(crate) fn with_parse_stack<T: Send>(f: impl FnOnce() -> T + Send) -> Option<T> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("eventlint-yaml".to_string())
            .stack_size(PARSE_STACK)
            .spawn_scoped(scope, f)
            .ok()?;
        match handle.join() {
            Ok(value) => Some(value),
            Err(payload) => std::panic::resume_unwind(payload),
        }
    })
}

/// Suppression comments: `# eventlint:ignore EC002 -- reason` on line 7
/// gives `(7, "ignore EC002 -- reason")`.
fn suppressions(src: &str) -> Vec<(u32, String)> {
    if !src.contains("eventlint:") {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (index, line) in src.lines().enumerate() {
        if let Some(text) = suppression_text(line) {
            out.push((to_u32(index.saturating_add(1)), text.to_string()));
        }
    }
    out
}

/// The text after `eventlint:` of a YAML comment on this line.
fn suppression_text(line: &str) -> Option<&str> {
    for (index, _) in line.match_indices('#') {
        let starts_comment = index == 0
            || line
                .get(..index)
                .and_then(|before| before.chars().next_back())
                .is_some_and(char::is_whitespace);
        if !starts_comment {
            continue;
        }
        let rest = line.get(index.saturating_add(1)..)?.trim_start();
        if let Some(text) = rest.strip_prefix("eventlint:") {
            return Some(text.trim());
        }
    }
    None
}

/// `values.yaml`, `values-prod.yml`, `values.staging.yaml`, ...
fn is_values_file(path: &str) -> bool {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let Some((stem, extension)) = name.rsplit_once('.') else {
        return false;
    };
    stem.starts_with("values")
        && !stem.ends_with(".schema")
        && (extension.eq_ignore_ascii_case("yaml") || extension.eq_ignore_ascii_case("yml"))
}

/// Whether the text names a Dapr API version (`dapr.io/v1alpha1`): Dapr
/// annotations such as `dapr.io/app-id` or `dapr.io/volume-mounts` do not count.
fn has_dapr_api_version(text: &str) -> bool {
    text.match_indices("dapr.io/v").any(|(index, found)| {
        text.as_bytes()
            .get(index.saturating_add(found.len()))
            .is_some_and(u8::is_ascii_digit)
    })
}

/// Byte ranges of the documents of a stream: a new one starts at each
/// `---` line, and `...` ends one. (Both markers are recognised only in
/// column 1, where YAML forbids them inside any scalar.) Segments that hold
/// only directives (`%YAML`) stay attached to the following document.
fn split_documents(src: &str) -> Vec<(usize, usize)> {
    let mut segments = Vec::new();
    let mut start = 0usize;
    let mut pos = 0usize;
    for line in src.split_inclusive('\n') {
        let line_start = pos;
        pos = pos.saturating_add(line.len());
        if is_marker(line, "---")
            && line_start > start
            && !src.get(start..line_start).is_some_and(only_directives)
        {
            segments.push((start, line_start));
            start = line_start;
        } else if is_marker(line, "...") {
            segments.push((start, pos));
            start = pos;
        }
    }
    if start < src.len() {
        segments.push((start, src.len()));
    }
    segments
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn only_directives(text: &str) -> bool {
    let mut any = false;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with('%') {
            return false;
        }
        any = true;
    }
    any
}

/// Skips a byte-order mark, keeping offsets those of the file.
fn strip_bom(start: usize, segment: &str) -> (usize, &str) {
    match segment.strip_prefix('\u{feff}') {
        Some(rest) => (start.saturating_add('\u{feff}'.len_utf8()), rest),
        None => (start, segment),
    }
}

pub(crate) fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// One parsed document's context: positions are mapped back into `src`.
struct DocCx<'a> {
    /// The whole original file.
    src: &'a str,
    lines: &'a LineIndex,
    /// Offset of `text` in `src`.
    base: usize,
    /// The text given to the parser (same length as the original segment).
    text: &'a str,
}

impl DocCx<'_> {
    fn span(&self, loc: &Location) -> Span {
        let (start, end) = location_range(loc, self.text);
        let start = self.base.saturating_add(start);
        let mut end = self.base.saturating_add(end);
        if let Some(text) = self.src.get(start..end) {
            end = start.saturating_add(text.trim_end().len());
        }
        self.lines.span(start, end)
    }

    /// The original source text of a value (templates not blanked out).
    fn original(&self, loc: &Location) -> &str {
        let (start, end) = location_range(loc, self.text);
        self.src
            .get(self.base.saturating_add(start)..self.base.saturating_add(end))
            .unwrap_or("")
            .trim_end()
    }

    fn problem(&self, err: &serde_saphyr::Error, templated: bool) -> YamlProblem {
        let stopped = error_offset(err, self.text);
        // An unclosed `[` or `{` is the mistake, not where the parser stopped.
        let opener = super::yaml_syntax::unclosed_flow(self.text, stopped);
        let offset = self.base.saturating_add(opener.unwrap_or(stopped));
        let end = self
            .src
            .get(offset..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| *c != '\n' && *c != '\r')
            .map_or(offset, |c| offset.saturating_add(c.len_utf8()));
        let cause = error_cause(err);
        let (message, help) = if cause.contains("limit") || cause.contains("too large") {
            let cause = cause
                .strip_prefix("YAML document too large or too complex: ")
                .unwrap_or(&cause);
            (
                format!("{LIMITS} (alias expansion, size or nesting depth): {cause}"),
                None,
            )
        } else if templated {
            // The template may render fine: the reader's limit (EC017).
            (
                format!(
                    "Template could not be read as YAML, even with its template actions skipped: {cause}"
                ),
                None,
            )
        } else if let Some(at) = opener {
            let bracket = self.text.get(at..at.saturating_add(1)).unwrap_or("[");
            let (line, _) = self.lines.position(self.base.saturating_add(stopped));
            (
                format!(
                    "YAML could not be parsed: this `{bracket}` is never closed (the parser stopped at line {line}: {cause})"
                ),
                Some(format!(
                    "close it with `{}` on this line, or remove it",
                    if bracket == "{" { "}" } else { "]" }
                )),
            )
        } else {
            (
                format!("YAML could not be parsed: {cause}"),
                Some("fix the YAML syntax at the marked place: Dapr cannot load this manifest either".to_string()),
            )
        };
        YamlProblem {
            span: self.lines.span(offset, end),
            message,
            help,
        }
    }

    fn interpret(
        &self,
        doc: &Spanned<Node>,
        values_file: bool,
        templated: bool,
        facts: &mut YamlFacts,
    ) {
        let root = &doc.value;
        let api = root.get("apiVersion").and_then(|n| n.value.as_str());
        if api.is_some_and(|a| a.starts_with("dapr.io/")) {
            match root.get("kind").and_then(|n| n.value.as_str()) {
                Some("Subscription") => {
                    let problems = super::yaml_shape::subscription_problems(root, templated);
                    self.add_problems(problems, facts);
                    facts.subscriptions.push(self.subscription(root));
                }
                Some("Component") => {
                    let problems = super::yaml_shape::component_problems(root, templated);
                    self.add_problems(problems, facts);
                    facts.components.extend(self.component(root));
                }
                _ => {}
            }
        }
        if values_file {
            self.helm_values(root, facts);
        }
    }

    fn add_problems(
        &self,
        problems: Vec<super::yaml_shape::ShapeProblem<'_>>,
        facts: &mut YamlFacts,
    ) {
        facts
            .problems
            .extend(problems.into_iter().map(|p| YamlProblem {
                span: self.span(p.at),
                message: p.message,
                help: Some(p.help),
            }));
    }

    /// A Dapr `Subscription` document.
    fn subscription(&self, root: &Node) -> YamlSubscription {
        let spec = root.get_entry("spec");
        let spec_node = spec.map(|(_, v)| &v.value);
        let fallback = spec
            .map(|(k, _)| k)
            .or_else(|| root.get("kind"))
            .map(|n| self.span(&n.referenced))
            .unwrap_or_default();
        let name = root
            .get("metadata")
            .and_then(|m| m.value.get("name"))
            .and_then(|n| self.value(n).value);
        YamlSubscription {
            name,
            topic: self.required(spec_node.and_then(|s| s.get("topic")), fallback),
            pubsub: spec_node
                .and_then(|s| s.get("pubsubname"))
                .map(|n| self.value(n)),
            routes: spec_node.map(|s| self.routes(s)).unwrap_or_default(),
            route_matches: spec_node.map(|s| self.route_matches(s)).unwrap_or_default(),
            dead_letter: spec_node
                .and_then(|s| s.get("deadLetterTopic"))
                .map(|n| self.value(n)),
            scopes: self.strings(root.get("scopes")),
            helm_values: false,
        }
    }

    /// `route`, `routes.default`, then every `routes.rules[].path`, as
    /// paths with a leading `/`.
    fn routes(&self, spec: &Node) -> Vec<YamlValue> {
        let mut out = Vec::new();
        let routes = spec.get("routes").map(|n| &n.value);
        let candidates = spec
            .get("route")
            .into_iter()
            .chain(routes.and_then(|r| r.get("default")))
            .chain(
                routes
                    .and_then(|r| r.get("rules"))
                    .map(|rules| rules.value.items())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|rule| rule.value.get("path")),
            );
        for node in candidates {
            let mut value = self.value(node);
            match value.value.as_deref().map(str::trim) {
                Some("") => continue,
                Some(path) if !path.starts_with('/') => value.value = Some(format!("/{path}")),
                Some(path) => value.value = Some(path.to_string()),
                None => {}
            }
            out.push(value);
        }
        out
    }

    /// The `match` of each route [`Self::routes`] lists, in its order.
    fn route_matches(&self, spec: &Node) -> Vec<Option<String>> {
        let routes = spec.get("routes").map(|n| &n.value);
        let plain = spec
            .get("route")
            .into_iter()
            .chain(routes.and_then(|r| r.get("default")));
        let mut out: Vec<Option<String>> = plain
            .filter(|n| {
                self.value(n)
                    .value
                    .as_deref()
                    .is_none_or(|v| !v.trim().is_empty())
            })
            .map(|_| None)
            .collect();
        for rule in routes
            .and_then(|r| r.get("rules"))
            .map(|rules| rules.value.items())
            .unwrap_or_default()
        {
            let Some(path) = rule.value.get("path") else {
                continue;
            };
            if self
                .value(path)
                .value
                .as_deref()
                .is_some_and(|v| v.trim().is_empty())
            {
                continue;
            }
            out.push(rule.value.get("match").and_then(|m| self.value(m).value));
        }
        out
    }

    /// A Dapr `Component` of type `pubsub.*` or `state.*`.
    fn component(&self, root: &Node) -> Option<YamlComponent> {
        let spec = root.get("spec").map(|s| &s.value)?;
        let type_node = spec.get("type")?;
        let kind = self
            .value(type_node)
            .value
            .unwrap_or_else(|| self.original(&type_node.defined).to_string());
        let is_state = kind.starts_with("state.");
        // Input bindings too: the route named after one is a binding handler.
        if !is_state && !kind.starts_with("pubsub.") && !kind.starts_with("bindings.") {
            return None;
        }
        let name_node = root.get("metadata").and_then(|m| m.value.get("name"))?;
        let name = self
            .value(name_node)
            .value
            .unwrap_or_else(|| self.original(&name_node.defined).to_string());
        let outbox = if is_state { self.outbox(spec) } else { None };
        Some(YamlComponent {
            name,
            kind,
            span: self.span(&name_node.referenced),
            outbox,
            scopes: self.strings(root.get("scopes")),
        })
    }

    /// `outboxPublishPubsub` / `outboxPublishTopic` of a state store's
    /// `spec.metadata`; one missing half is an unknown value at the other's
    /// entry.
    fn outbox(&self, spec: &Node) -> Option<(YamlValue, YamlValue)> {
        let mut pubsub = None;
        let mut topic = None;
        for entry in spec
            .get("metadata")
            .map(|m| m.value.items())
            .unwrap_or_default()
        {
            let Some(name) = entry.value.get("name") else {
                continue;
            };
            let slot = match name.value.as_str() {
                Some(n) if n.eq_ignore_ascii_case("outboxPublishPubsub") => &mut pubsub,
                Some(n) if n.eq_ignore_ascii_case("outboxPublishTopic") => &mut topic,
                _ => continue,
            };
            *slot = Some(self.required(entry.value.get("value"), self.span(&name.referenced)));
        }
        match (pubsub, topic) {
            (None, None) => None,
            (Some(p), Some(t)) => Some((p, t)),
            (Some(p), None) => {
                let t = unknown(p.span);
                Some((p, t))
            }
            (None, Some(t)) => Some((unknown(t.span), t)),
        }
    }

    /// `dapr.subscriptions` of a Helm values file: a map keyed by name, or a
    /// list of entries with an optional `name`.
    fn helm_values(&self, root: &Node, facts: &mut YamlFacts) {
        let Some(subs) = root.get("dapr").and_then(|d| d.value.get("subscriptions")) else {
            return;
        };
        match &subs.value {
            Node::Map(entries) => {
                for (key, entry) in entries {
                    let name = key.value.scalar_text();
                    facts
                        .subscriptions
                        .extend(self.helm_entry(&entry.value, name));
                }
            }
            Node::Seq(items) => {
                for entry in items {
                    let name = entry.value.get("name").and_then(|n| self.value(n).value);
                    facts
                        .subscriptions
                        .extend(self.helm_entry(&entry.value, name));
                }
            }
            _ => {}
        }
    }

    fn helm_entry(&self, entry: &Node, name: Option<String>) -> Option<YamlSubscription> {
        let topic = entry.get("topic")?;
        Some(YamlSubscription {
            name,
            topic: self.value(topic),
            pubsub: entry.get("pubsubname").map(|n| self.value(n)),
            routes: self.routes(entry),
            dead_letter: entry.get("deadLetterTopic").map(|n| self.value(n)),
            scopes: self.strings(entry.get("scopes")),
            helm_values: true,
            route_matches: Vec::new(),
        })
    }

    /// A scalar value; unknown when templated, null or not a scalar.
    fn value(&self, node: &Spanned<Node>) -> YamlValue {
        let span = self.span(&node.referenced);
        let original = self.original(&node.defined);
        if is_templated(original) {
            return unknown(span);
        }
        let value = match &node.value {
            Node::Str(s) if !is_templated(s) => Some(s.clone()),
            // Numbers and booleans as written (`0123`, `1.10`).
            Node::Int(_) | Node::Float(_) | Node::Bool(_) => Some(original.to_string()),
            _ => None,
        };
        YamlValue { value, span }
    }

    /// A value that must be present: unknown at `fallback` when absent.
    fn required(&self, node: Option<&Spanned<Node>>, fallback: Span) -> YamlValue {
        node.map_or_else(|| unknown(fallback), |n| self.value(n))
    }

    /// A list of strings (a single string counts as a list of one); unknown
    /// entries are dropped.
    fn strings(&self, node: Option<&Spanned<Node>>) -> Vec<String> {
        let Some(node) = node else {
            return Vec::new();
        };
        let items = match &node.value {
            Node::Seq(items) => items.iter().collect(),
            Node::Null => Vec::new(),
            _ => vec![node],
        };
        items
            .into_iter()
            .filter_map(|n| self.value(n).value)
            .collect()
    }
}

fn unknown(span: Span) -> YamlValue {
    YamlValue { value: None, span }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detemplate_keeps_offsets_and_drops_action_lines() {
        let src = "a: 1\n{{- if .Values.x }}\nb: {{ .Values.b }}\n  {{ end }}\n";
        let out = detemplate(src).unwrap();
        assert_eq!(out.len(), src.len());
        let expected = format!(
            "a: 1\n{}\nb: {}\n{}\n",
            " ".repeat(19),
            "_".repeat(15),
            " ".repeat(11)
        );
        assert_eq!(out, expected);
    }

    #[test]
    fn placeholders_are_blanked() {
        let out = detemplate("topic: {env}.orders\nx: { a: b }\n").unwrap();
        assert_eq!(out, "topic: _____.orders\nx: { a: b }\n");
        assert!(detemplate("x: { a: b }\n").is_none());
        assert!(is_templated("orders-{{ .Values.env }}"));
        assert!(is_templated("${TOPIC}"));
        assert!(!is_templated("{ a: b }"));
    }

    #[test]
    fn unterminated_template_runs_to_end_of_line() {
        let out = detemplate("a: {{ oops\nb: c\n").unwrap();
        assert_eq!(out, "a: _______\nb: c\n");
    }

    #[test]
    fn documents_split_at_markers() {
        let src = "a: 1\n---\nb: 2\n--- # c\nc: 3\n...\nd: 4\n";
        let parts: Vec<&str> = split_documents(src)
            .into_iter()
            .map(|(s, e)| &src[s..e])
            .collect();
        assert_eq!(
            parts,
            ["a: 1\n", "---\nb: 2\n", "--- # c\nc: 3\n...\n", "d: 4\n"]
        );
        let directive = "%YAML 1.2\n---\na: 1\n";
        assert_eq!(split_documents(directive), [(0, directive.len())]);
        assert_eq!(split_documents("---x: 1\n"), [(0, 8)]);
    }

    #[test]
    fn dapr_api_version_is_not_an_annotation() {
        assert!(has_dapr_api_version("apiVersion: dapr.io/v1alpha1"));
        assert!(!has_dapr_api_version(
            "dapr.io/volume-mounts: x\ndapr.io/app-id: y"
        ));
    }

    #[test]
    fn values_file_names() {
        assert!(is_values_file("deploy/order/values.yaml"));
        assert!(is_values_file("values-prod.yml"));
        assert!(is_values_file(r"chart\values.dev.yaml"));
        assert!(!is_values_file("deploy/order/subscription.yaml"));
        assert!(!is_values_file("values.json"));
    }

    #[test]
    fn suppression_needs_a_comment() {
        assert_eq!(
            suppression_text("# eventlint:ignore EC002"),
            Some("ignore EC002")
        );
        assert_eq!(
            suppression_text("topic: x  #eventlint:ignore EC002 -- why "),
            Some("ignore EC002 -- why")
        );
        assert_eq!(suppression_text("url: a#eventlint:x"), None);
    }

    #[test]
    fn line_index_positions() {
        let idx = LineIndex::new("ab\ncd\n");
        assert_eq!(idx.position(0), (1, 1));
        assert_eq!(idx.position(3), (2, 1));
        assert_eq!(idx.position(4), (2, 2));
        assert_eq!(idx.position(99), (3, 1));
        let span = idx.span(3, 5);
        assert_eq!(
            (span.line, span.column, span.end_line, span.end_column),
            (2, 1, 2, 3)
        );
    }

    #[test]
    fn yaml_11_booleans_stay_strings() {
        let docs = parse_documents("a: off\nb: yes\nc: true\n", DuplicateKeyPolicy::Error).unwrap();
        let root = &docs[0].value;
        assert_eq!(root.get("a").unwrap().value, Node::Str("off".into()));
        assert_eq!(root.get("b").unwrap().value, Node::Str("yes".into()));
        assert_eq!(root.get("c").unwrap().value, Node::Bool(true));
    }

    #[test]
    fn error_location_falls_back_to_line_and_column() {
        let text = "a: 1\nbé: [x\nc: d: e\n";
        let err = parse_documents(text, DuplicateKeyPolicy::Error).unwrap_err();
        let offset = error_offset(&err, text);
        assert!(offset <= text.len());
        assert!(text.is_char_boundary(offset));
    }
}
