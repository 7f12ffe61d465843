//! Parsing `eventlint.yaml`: every key checked, errors at their place.

use std::collections::BTreeMap;

use miette::{NamedSource, SourceSpan};
use serde_saphyr::{DuplicateKeyPolicy, Spanned};

use super::{
    CallRule, Config, ConfigError, ExtractConfig, InvalidConfig, LevelSetting, RuleSetting,
    StateChanges,
};
use crate::extract::yaml::{
    LineIndex, Node, error_cause, error_offset, location_range, parse_documents, with_parse_stack,
};
use crate::spelling::closest;

/// Parses the text of an `eventlint.yaml` ([`Config::from_str`]).
pub(super) fn parse(src: &str, file_name: &str) -> Result<Config, ConfigError> {
    let (base, text) = match src.strip_prefix('\u{feff}') {
        Some(rest) => ('\u{feff}'.len_utf8(), rest),
        None => (0, src),
    };
    let cx = Cx {
        src,
        text,
        base,
        file_name,
        lines: LineIndex::new(src),
    };
    // Parsing recurses once per nesting level: give it a stack that
    // holds the deepest accepted document in any build.
    with_parse_stack(|| cx.parse()).unwrap_or_else(|| {
        Err(cx.error(
            (0, 0),
            format!(
                "{} was not read: no thread could be started to parse it",
                cx.display_name()
            ),
            "here",
            Some("retry; the system is out of threads or memory".to_string()),
        ))
    })
}

const TOP_KEYS: &[&str] = &[
    "include",
    "exclude",
    "tests",
    "services",
    "extract",
    "critical_topics",
    "external_topics",
    "state_changes",
    "rules",
    "max_file_size",
];
const EXTRACT_KEYS: &[&str] = &[
    "defaults",
    "publish",
    "subscribe",
    "outbox",
    "correlation_fields",
    "version_fields",
];
const CALL_KEYS: &[&str] = &[
    "call",
    "topic_arg",
    "payload_arg",
    "pubsub_arg",
    "handler_arg",
];

type Entry = (Spanned<Node>, Spanned<Node>);

/// A map entry with a string key: (key, key node, value node).
type Setting<'n> = (&'n str, &'n Spanned<Node>, &'n Spanned<Node>);

/// Parsing context: the source, for spans and error snippets.
struct Cx<'a> {
    src: &'a str,
    /// `src` without a byte-order mark: what the parser saw.
    text: &'a str,
    /// Offset of `text` in `src`.
    base: usize,
    file_name: &'a str,
    lines: LineIndex,
}

impl Cx<'_> {
    /// The file's base name, for messages ("in eventlint.yaml").
    fn display_name(&self) -> &str {
        self.file_name
            .rsplit(['/', '\\'])
            .next()
            .filter(|n| !n.is_empty())
            .unwrap_or("eventlint.yaml")
    }

    fn range<T>(&self, node: &Spanned<T>) -> (usize, usize) {
        let (start, end) = location_range(&node.referenced, self.text);
        (
            self.base.saturating_add(start),
            self.base.saturating_add(end),
        )
    }

    fn error(
        &self,
        (start, end): (usize, usize),
        message: String,
        label: &str,
        help: Option<String>,
    ) -> ConfigError {
        let start = start.min(self.src.len());
        let end = end.clamp(start, self.src.len());
        let (line, column) = self.lines.position(start);
        ConfigError::Invalid(Box::new(InvalidConfig {
            file: self.file_name.to_string(),
            line,
            column,
            message,
            help,
            source_code: crate::diagnostic::quotable(self.src, start)
                .then(|| NamedSource::new(self.file_name, self.src.to_string())),
            span: SourceSpan::from((start, end.saturating_sub(start))),
            label: label.to_string(),
        }))
    }

    fn at<T>(&self, node: &Spanned<T>, message: String, label: &str, help: &str) -> ConfigError {
        self.error(self.range(node), message, label, Some(help.to_string()))
    }

    fn wrong_type(&self, node: &Spanned<Node>, message: String, help: &str) -> ConfigError {
        let label = format!("found {}", node.value.describe());
        self.at(node, message, &label, help)
    }

    /// The entries of a map, with string keys; `where_` names the map in messages.
    fn map<'n>(
        &self,
        node: &'n Spanned<Node>,
        what: &str,
        help: &str,
    ) -> Result<Vec<Setting<'n>>, ConfigError> {
        let Node::Map(entries) = &node.value else {
            return Err(self.wrong_type(node, format!("{what} must be a map of settings"), help));
        };
        entries
            .iter()
            .map(|(k, v): &Entry| match &k.value {
                Node::Str(key) => Ok((key.as_str(), k, v)),
                _ => Err(self.wrong_type(k, format!("keys of {what} must be strings"), help)),
            })
            .collect()
    }

    fn unknown_key(
        &self,
        key: &str,
        node: &Spanned<Node>,
        place: &str,
        expected: &[&str],
    ) -> ConfigError {
        let help = match closest(key, expected) {
            Some(near) => format!("did you mean `{near}`?"),
            None => "remove the key, or run `eventlint init` to see every key with its default"
                .to_string(),
        };
        self.error(
            self.range(node),
            format!(
                "unknown key `{key}` in {place}; expected one of: {}",
                expected.join(", ")
            ),
            "unknown key",
            Some(help),
        )
    }

    /// Parses the file: one document (or none) holding a map of settings.
    fn parse(&self) -> Result<Config, ConfigError> {
        let docs = parse_documents(self.text, DuplicateKeyPolicy::Error).map_err(|err| {
            let offset = self.base.saturating_add(error_offset(&err, self.text));
            self.error(
                (offset, offset),
                format!(
                    "invalid YAML in {}: {}",
                    self.display_name(),
                    error_cause(&err)
                ),
                "here",
                Some("fix the YAML syntax at the marked place".to_string()),
            )
        })?;
        let mut docs = docs.iter();
        let Some(root) = docs.next() else {
            return Ok(Config::default());
        };
        if let Some(extra) = docs.next() {
            return Err(self.at(
                extra,
                format!("{} must hold a single YAML document", self.display_name()),
                "second document",
                "remove the `---` separator and merge the documents",
            ));
        }
        self.config(root)
    }

    fn config(&self, root: &Spanned<Node>) -> Result<Config, ConfigError> {
        let mut config = Config::default();
        if root.value == Node::Null {
            return Ok(config);
        }
        let file = self.display_name().to_string();
        let entries = self.map(
            root,
            &file,
            "write `key: value` lines, e.g. `tests: true`; run `eventlint init` for a commented example",
        )?;
        for (key, k, v) in entries {
            if v.value == Node::Null && key != "services" && TOP_KEYS.contains(&key) {
                continue;
            }
            match key {
                "include" => config.include = self.globs(v, "include")?,
                "exclude" => config.exclude = self.globs(v, "exclude")?,
                "tests" => config.tests = self.boolean(v, "tests")?,
                "services" => {
                    config.services = match &v.value {
                        Node::Null => None,
                        _ => Some(self.glob(v, "services")?),
                    }
                }
                "extract" => config.extract = self.extract(v)?,
                "critical_topics" => config.critical_topics = self.globs(v, "critical_topics")?,
                "external_topics" => config.external_topics = self.globs(v, "external_topics")?,
                "state_changes" => config.state_changes = self.state_changes(v)?,
                "rules" => config.rules = self.rules(v)?,
                "max_file_size" => config.max_file_size = self.size(v)?,
                _ => return Err(self.unknown_key(key, k, &file, TOP_KEYS)),
            }
        }
        Ok(config)
    }

    fn extract(&self, node: &Spanned<Node>) -> Result<ExtractConfig, ConfigError> {
        let mut extract = ExtractConfig::default();
        let entries = self.map(
            node,
            "`extract`",
            "write e.g. `extract: { publish: [{ call: \"*.Publish\", topic_arg: 1 }] }`",
        )?;
        for (key, k, v) in entries {
            if v.value == Node::Null && EXTRACT_KEYS.contains(&key) {
                continue;
            }
            match key {
                "defaults" => extract.defaults = self.boolean(v, "extract.defaults")?,
                "publish" => extract.publish = self.calls(v, "extract.publish")?,
                "subscribe" => extract.subscribe = self.calls(v, "extract.subscribe")?,
                "outbox" => extract.outbox = self.calls(v, "extract.outbox")?,
                "correlation_fields" => {
                    extract.correlation_fields = self.names(v, "extract.correlation_fields")?;
                }
                "version_fields" => {
                    extract.version_fields = self.names(v, "extract.version_fields")?;
                }
                _ => return Err(self.unknown_key(key, k, "`extract`", EXTRACT_KEYS)),
            }
        }
        Ok(extract)
    }

    fn state_changes(&self, node: &Spanned<Node>) -> Result<StateChanges, ConfigError> {
        let mut vocabulary = StateChanges::default();
        let entries = self.map(
            node,
            "`state_changes`",
            "write e.g. `state_changes: { extend: [Enqueue], reads: [Peek] }`",
        )?;
        for (key, k, v) in entries {
            if v.value == Node::Null && matches!(key, "extend" | "reads") {
                continue;
            }
            match key {
                "extend" => vocabulary.extend = self.names(v, "state_changes.extend")?,
                "reads" => vocabulary.reads = self.names(v, "state_changes.reads")?,
                _ => {
                    return Err(self.unknown_key(key, k, "`state_changes`", &["extend", "reads"]));
                }
            }
        }
        Ok(vocabulary)
    }

    fn calls(&self, node: &Spanned<Node>, what: &str) -> Result<Vec<CallRule>, ConfigError> {
        let help =
            "write a list of calls, e.g. `- { call: \"*.Publish\", topic_arg: 1, payload_arg: 2 }`";
        let Node::Seq(items) = &node.value else {
            return Err(self.wrong_type(node, format!("`{what}` must be a list of calls"), help));
        };
        items
            .iter()
            .map(|item| self.call(item, what, help))
            .collect()
    }

    fn call(&self, node: &Spanned<Node>, what: &str, help: &str) -> Result<CallRule, ConfigError> {
        let entries = self.map(node, &format!("an `{what}` entry"), help)?;
        let mut call = None;
        let mut rule = CallRule {
            call: String::new(),
            topic_arg: None,
            payload_arg: None,
            pubsub_arg: None,
            handler_arg: None,
        };
        for (key, k, v) in entries {
            let slot = match key {
                "call" => {
                    call = Some(self.glob(v, &format!("{what}[].call"))?);
                    continue;
                }
                "topic_arg" => &mut rule.topic_arg,
                "payload_arg" => &mut rule.payload_arg,
                "pubsub_arg" => &mut rule.pubsub_arg,
                "handler_arg" => &mut rule.handler_arg,
                _ => {
                    return Err(self.unknown_key(key, k, &format!("an `{what}` entry"), CALL_KEYS));
                }
            };
            *slot = self.position(v, key)?;
        }
        let Some(call) = call else {
            return Err(self.at(
                node,
                format!("an `{what}` entry needs a `call` pattern"),
                "no `call` here",
                "add the callee glob, e.g. `call: \"*.Publish\"`",
            ));
        };
        rule.call = call;
        Ok(rule)
    }

    /// A size in bytes: a positive integer.
    fn size(&self, node: &Spanned<Node>) -> Result<u64, ConfigError> {
        let help = "write a number of bytes, e.g. `max_file_size: 20971520` for 20 MiB";
        match &node.value {
            Node::Int(i) => match u64::try_from(*i) {
                Ok(n) if n > 0 => Ok(n),
                _ => Err(self.at(
                    node,
                    "`max_file_size` must be a positive number of bytes".to_string(),
                    "not a positive size",
                    help,
                )),
            },
            _ => Err(self.wrong_type(
                node,
                "`max_file_size` must be a number of bytes".to_string(),
                help,
            )),
        }
    }

    /// An argument position: a non-negative integer, or null.
    fn position(&self, node: &Spanned<Node>, key: &str) -> Result<Option<usize>, ConfigError> {
        match &node.value {
            Node::Null => Ok(None),
            Node::Int(i) => match usize::try_from(*i) {
                Ok(n) => Ok(Some(n)),
                Err(_) => Err(self.at(
                    node,
                    format!("`{key}` must be an argument position (0 for the first argument)"),
                    "not a valid position",
                    "count arguments from 0: in `Publish(ctx, topic, evt)` the topic is 1",
                )),
            },
            _ => Err(self.wrong_type(
                node,
                format!("`{key}` must be an argument position (0 for the first argument)"),
                "count arguments from 0: in `Publish(ctx, topic, evt)` the topic is 1",
            )),
        }
    }

    fn boolean(&self, node: &Spanned<Node>, key: &str) -> Result<bool, ConfigError> {
        match node.value {
            Node::Bool(b) => Ok(b),
            _ => Err(self.wrong_type(
                node,
                format!("`{key}` must be a boolean (true or false)"),
                "write `true` or `false`, without quotes",
            )),
        }
    }

    /// A list of strings (field names).
    fn names(&self, node: &Spanned<Node>, key: &str) -> Result<Vec<String>, ConfigError> {
        let help = "write a list such as `[CorrelationID, correlation_id]`";
        let Node::Seq(items) = &node.value else {
            return Err(self.wrong_type(node, format!("`{key}` must be a list of names"), help));
        };
        items
            .iter()
            .map(|item| match &item.value {
                Node::Str(s) => Ok(s.clone()),
                _ => {
                    Err(self.wrong_type(item, format!("entries of `{key}` must be strings"), help))
                }
            })
            .collect()
    }

    /// A list of valid globs.
    fn globs(&self, node: &Spanned<Node>, key: &str) -> Result<Vec<String>, ConfigError> {
        let Node::Seq(items) = &node.value else {
            return Err(self.wrong_type(
                node,
                format!("`{key}` must be a list of glob strings"),
                "write a list such as `[\"**/*.go\", \"services/**\"]`",
            ));
        };
        items.iter().map(|item| self.glob(item, key)).collect()
    }

    /// A valid glob.
    fn glob(&self, node: &Spanned<Node>, key: &str) -> Result<String, ConfigError> {
        let Node::Str(pattern) = &node.value else {
            return Err(self.wrong_type(
                node,
                format!("`{key}` must be a glob string"),
                "quote the pattern, e.g. \"services/*\"",
            ));
        };
        match globset::Glob::new(pattern) {
            Ok(_) => Ok(pattern.clone()),
            Err(err) => Err(self.at(
                node,
                format!("invalid glob `{pattern}` in `{key}`: {}", err.kind()),
                "invalid glob",
                "globs use `*`, `**`, `?`, `[abc]` and `{a,b}`; escape a literal bracket as `[[]`",
            )),
        }
    }

    fn rules(&self, node: &Spanned<Node>) -> Result<BTreeMap<String, RuleSetting>, ConfigError> {
        let entries = self.map(
            node,
            "`rules`",
            "write `rule-name: level`, e.g. `unsubscribed-topic: warning`",
        )?;
        let mut rules = BTreeMap::new();
        for (key, k, v) in entries {
            let Some(rule) = crate::rules::find(key) else {
                return Err(self.unknown_rule(key, k));
            };
            // A code in any case is kept as the code (`ec006` is `EC006`).
            let key = if rule.code.eq_ignore_ascii_case(key) {
                rule.code
            } else {
                key
            };
            rules.insert(key.to_string(), self.rule(key, rule.options, v)?);
        }
        Ok(rules)
    }

    /// A rule name or code that names no rule, with the nearest as help.
    fn unknown_rule(&self, key: &str, node: &Spanned<Node>) -> ConfigError {
        let names: Vec<&str> = crate::rules::ALL.iter().map(|r| r.name).collect();
        let codes: Vec<&str> = crate::rules::ALL.iter().map(|r| r.code).collect();
        let near = closest(key, &names).or_else(|| {
            key.to_ascii_uppercase()
                .starts_with("EC")
                .then(|| closest(&key.to_ascii_uppercase(), &codes))
                .flatten()
        });
        let help = match near {
            Some(near) => format!("did you mean `{near}`?"),
            None => format!(
                "rules are named by code or name: {}",
                crate::rules::ALL
                    .iter()
                    .map(|r| format!("{} {}", r.code, r.name))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        self.error(
            self.range(node),
            format!("unknown rule `{key}` in `rules`"),
            "unknown rule",
            Some(help),
        )
    }

    fn rule(
        &self,
        name: &str,
        options: Option<&crate::rules::options::OptionsSpec>,
        node: &Spanned<Node>,
    ) -> Result<RuleSetting, ConfigError> {
        let keys = options.map(|o| (o.keys)()).unwrap_or_default();
        match &node.value {
            Node::Str(_) => Ok(RuleSetting {
                level: Some(self.level(name, node)?),
                options: BTreeMap::new(),
            }),
            Node::Map(_) => {
                let mut setting = RuleSetting::default();
                let entries = self.map(
                    node,
                    &format!("rule `{name}`"),
                    "write e.g. `fat-payload: { level: info, max_fields: 20 }`",
                )?;
                for (key, k, v) in entries {
                    if key == "level" {
                        setting.level = Some(self.level(name, v)?);
                    } else if keys.iter().any(|o| o == key) {
                        let value = to_json(&v.value);
                        let one = serde_json::json!({ key: value.clone() });
                        if let Some((spec, Err(cause))) = options.map(|o| (o, (o.validate)(&one))) {
                            let message = match crate::rules::options::expected(spec, key) {
                                Some(want) => format!("option `{key}` of rule `{name}` must be {want}"),
                                None => format!("option `{key}` of rule `{name}`: {cause}"),
                            };
                            return Err(self.wrong_type(
                                v,
                                message,
                                &format!("see `eventlint explain {name}` for its options"),
                            ));
                        }
                        setting.options.insert(key.to_string(), value);
                    } else {
                        let mut expected = vec!["level"];
                        expected.extend(keys.iter().map(String::as_str));
                        return Err(self.unknown_key(
                            key,
                            k,
                            &format!("rule `{name}`"),
                            &expected,
                        ));
                    }
                }
                Ok(setting)
            }
            _ => Err(self.wrong_type(
                node,
                format!(
                    "the setting of rule `{name}` must be a level (error, warning, info, off) or a map"
                ),
                "write e.g. `unsubscribed-topic: warning` or `fat-payload: { level: info, max_fields: 20 }`",
            )),
        }
    }

    fn level(&self, name: &str, node: &Spanned<Node>) -> Result<LevelSetting, ConfigError> {
        let text = node.value.as_str();
        if let Some(level) = text.and_then(LevelSetting::parse) {
            return Ok(level);
        }
        let shown = text.map_or_else(|| node.value.describe().to_string(), |t| format!("`{t}`"));
        let help = text
            .and_then(|t| closest(&t.to_ascii_lowercase(), &LevelSetting::NAMES))
            .map_or_else(
                || "use one of: error, warning, info, off".to_string(),
                |near| format!("did you mean `{near}`?"),
            );
        Err(self.error(
            self.range(node),
            format!(
                "unknown level {shown} for rule `{name}`; expected one of: error, warning, info, off"
            ),
            "unknown level",
            Some(help),
        ))
    }
}

/// A YAML value as JSON (rule options).
fn to_json(node: &Node) -> serde_json::Value {
    use serde_json::Value;
    match node {
        Node::Null => Value::Null,
        Node::Bool(b) => Value::Bool(*b),
        Node::Int(i) => i64::try_from(*i)
            .map(Value::from)
            .or_else(|_| u64::try_from(*i).map(Value::from))
            .unwrap_or_else(|_| Value::String(i.to_string())),
        Node::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        Node::Str(s) => Value::String(s.clone()),
        Node::Seq(items) => Value::Array(items.iter().map(|i| to_json(&i.value)).collect()),
        Node::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.value.scalar_text().unwrap_or_default(), to_json(&v.value)))
                .collect(),
        ),
    }
}
