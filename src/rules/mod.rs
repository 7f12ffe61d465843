//! The rule catalogue. Each rule is declared once with `declare_rule!`;
//! its page under `rules/` is its only documentation.

mod critical_without_outbox;
mod dangling_subscription;
mod dynamic_topic;
mod fat_payload;
mod inline_topic;
mod missing_correlation_id;
mod non_idempotent_handler;
pub mod options;
mod payload_drift;
mod payloads;
mod publish_error_fails_operation;
mod pubsub_mismatch;
mod skipped_file;
mod topic_near_miss;
mod unpublished_topic;
mod unsubscribed_topic;
mod untyped_payload;
mod unused_ignore;
mod unused_topic_constant;
mod unversioned_event;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::extract::Span;
use crate::model::EventGraph;

/// A rule: its identity, default level, page and check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub default_level: Severity,
    /// The rule's page (`rules/ECxxx-name.md`).
    pub doc: &'static str,
    pub check: fn(&mut RuleContext<'_>),
    /// The options its map setting accepts besides `level`.
    pub options: Option<&'static options::OptionsSpec>,
}

impl Rule {
    /// The page's first paragraph after the title.
    pub fn summary(&self) -> String {
        self.doc
            .lines()
            .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Declares a rule whose page is `rules/<code>-<name>.md`; a rule without
/// its page does not compile.
macro_rules! declare_rule {
    ($static:ident, code: $code:literal, name: $name:literal, level: $level:expr, check: $check:path) => {
        $crate::rules::declare_rule! { @rule $static, $code, $name, $level, $check, None }
    };
    ($static:ident, code: $code:literal, name: $name:literal, level: $level:expr, check: $check:path, options: $options:ty) => {
        $crate::rules::declare_rule! { @rule $static, $code, $name, $level, $check, Some(&const { $crate::rules::options::spec::<$options>() }) }
    };
    (@rule $static:ident, $code:literal, $name:literal, $level:expr, $check:path, $options:expr) => {
        #[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $code, "-", $name, ".md"))]
        pub(crate) static $static: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            default_level: $level,
            doc: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/rules/",
                $code,
                "-",
                $name,
                ".md"
            )),
            check: $check,
            options: $options,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, sorted by code.
pub static ALL: &[&Rule] = &[
    &unused_ignore::UNUSED_IGNORE,
    &unsubscribed_topic::UNSUBSCRIBED_TOPIC,
    &unpublished_topic::UNPUBLISHED_TOPIC,
    &non_idempotent_handler::NON_IDEMPOTENT_HANDLER,
    &missing_correlation_id::MISSING_CORRELATION_ID,
    &unversioned_event::UNVERSIONED_EVENT,
    &publish_error_fails_operation::PUBLISH_ERROR_FAILS_OPERATION,
    &untyped_payload::UNTYPED_PAYLOAD,
    &fat_payload::FAT_PAYLOAD,
    &payload_drift::PAYLOAD_DRIFT,
    &dangling_subscription::DANGLING_SUBSCRIPTION,
    &dynamic_topic::DYNAMIC_TOPIC,
    &inline_topic::INLINE_TOPIC,
    &critical_without_outbox::CRITICAL_WITHOUT_OUTBOX,
    &topic_near_miss::TOPIC_NEAR_MISS,
    &pubsub_mismatch::PUBSUB_MISMATCH,
    &unused_topic_constant::UNUSED_TOPIC_CONSTANT,
    &skipped_file::SKIPPED_FILE,
    &skipped_file::INVALID_MANIFEST,
];

pub use skipped_file::findings as file_problem_findings;

/// The rule reporting suppression comments that suppress nothing.
pub fn unused_ignore_rule() -> &'static Rule {
    &unused_ignore::UNUSED_IGNORE
}

/// Finds a rule by code or name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// What a rule sees, and where its findings go.
pub struct RuleContext<'a> {
    pub graph: &'a EventGraph,
    pub config: &'a Config,
    rule: &'static Rule,
    severity: Severity,
    out: Vec<Diagnostic>,
}

impl RuleContext<'_> {
    /// The rule's options from `rules: { name: { key: value } }`, or their
    /// defaults. The configuration has checked them against `T`.
    pub fn options<T: serde::de::DeserializeOwned + Default>(&self) -> T {
        self.config.rule_options(self.rule.name, self.rule.code)
    }

    /// Whether `topic` is produced or consumed outside this repository.
    pub fn is_external(&self, topic: &str) -> bool {
        self.config
            .external_topics
            .iter()
            .any(|g| crate::model::glob_match(g, topic))
    }

    /// Reports a finding of the current rule.
    pub fn report(&mut self, path: &str, span: Span, message: String) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: self.rule.code,
            rule: self.rule.name,
            severity: self.severity,
            message,
            help: None,
            path: path.to_string(),
            span,
            topic: None,
            service: None,
            scope: None,
            related: Vec::new(),
            fingerprint: String::new(),
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

impl Diagnostic {
    pub fn with_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_topic(&mut self, topic: Option<String>) -> &mut Self {
        self.topic = topic;
        self
    }

    pub fn with_service(&mut self, service: impl Into<String>) -> &mut Self {
        self.service = Some(service.into());
        self
    }

    pub fn with_scope(&mut self, scope: Option<String>) -> &mut Self {
        self.scope = scope;
        self
    }

    pub fn with_related(&mut self, related: Related) -> &mut Self {
        self.related.push(related);
        self
    }

    /// Lowers the finding to at most `most` (a note that a rule could not
    /// judge is never louder than information).
    pub fn at_most(&mut self, most: Severity) -> &mut Self {
        self.severity = self.severity.min(most);
        self
    }
}

/// Whether `rule` runs under `selection` and the configuration.
pub fn enabled(rule: &Rule, config: &Config, selection: &Selection) -> Option<Severity> {
    if !selection.select.is_empty() && !names(rule, &selection.select) {
        return None;
    }
    if names(rule, &selection.ignore) {
        return None;
    }
    level(rule, config)
}

/// Which rules run and at which level.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--select`: only these (codes or names); empty means all.
    pub select: Vec<String>,
    /// `--ignore`: never these.
    pub ignore: Vec<String>,
}

fn names(rule: &Rule, list: &[String]) -> bool {
    list.iter()
        .any(|s| s.eq_ignore_ascii_case(rule.code) || s == rule.name)
}

/// The level of `rule` under the configuration, `None` when off.
pub fn level(rule: &Rule, config: &Config) -> Option<Severity> {
    use crate::config::LevelSetting;
    let setting = config
        .rule_setting(rule.name, rule.code)
        .and_then(|s| s.level);
    match setting {
        None => Some(rule.default_level),
        Some(LevelSetting::Off) => None,
        Some(LevelSetting::Error) => Some(Severity::Error),
        Some(LevelSetting::Warning) => Some(Severity::Warning),
        Some(LevelSetting::Info) => Some(Severity::Info),
    }
}

/// Runs the selected rules over the graph.
pub fn check(graph: &EventGraph, config: &Config, selection: &Selection) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in ALL {
        if std::ptr::eq(*rule, unused_ignore_rule()) || skipped_file::from_problems(rule) {
            // Produced by the suppression pass and the loader, not from the graph.
            continue;
        }
        if !selection.select.is_empty() && !names(rule, &selection.select) {
            continue;
        }
        if names(rule, &selection.ignore) {
            continue;
        }
        let Some(severity) = level(rule, config) else {
            continue;
        };
        let mut cx = RuleContext {
            graph,
            config,
            rule,
            severity,
            out: Vec::new(),
        };
        (rule.check)(&mut cx);
        // One finding per place and message: the routes of one routed
        // Subscription share its location, and say the same of its topic.
        let mut seen = rustc_hash::FxHashSet::default();
        cx.out
            .retain(|d| seen.insert((d.path.clone(), d.span.start, d.span.end, d.message.clone())));
        out.append(&mut cx.out);
    }
    out
}

/// A rule page rendered for a terminal: headings underlined, code fences
/// indented without their markers, `bad`/`good` examples labelled.
pub fn render_page(doc: &str, color: bool) -> String {
    let (bold, dim, red, green, reset) = if color {
        ("\x1b[1m", "\x1b[2m", "\x1b[31m", "\x1b[32m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let mut out = String::new();
    let mut in_fence = false;
    for line in doc.lines() {
        if let Some(info) = line.strip_prefix("```") {
            if in_fence {
                in_fence = false;
                out.push('\n');
                continue;
            }
            in_fence = true;
            let label = match info.split_whitespace().nth(1) {
                Some("bad") => format!("{red}  ✗ flagged:{reset}\n"),
                Some("good") => format!("{green}  ✓ accepted:{reset}\n"),
                _ => String::new(),
            };
            out.push_str(&label);
            continue;
        }
        if in_fence {
            out.push_str(&format!("{dim}    │ {reset}{line}\n"));
        } else if let Some(h) = line.strip_prefix("# ") {
            out.push_str(&format!(
                "{bold}{h}{reset}\n{}\n",
                "═".repeat(h.chars().count())
            ));
        } else if let Some(h) = line.strip_prefix("## ") {
            out.push_str(&format!(
                "{bold}{h}{reset}\n{}\n",
                "─".repeat(h.chars().count())
            ));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The JSON Schema of `rules:` (for `eventlint.schema.json`): each rule by
/// name and by code (any case), set to a level or to a map of its level and
/// its options.
pub fn rules_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    use serde_json::{Map, Value, json};
    let level = generator
        .subschema_for::<crate::config::LevelSetting>()
        .to_value();
    let mut names = Map::new();
    let mut codes = Map::new();
    for rule in ALL {
        let mut options = Map::new();
        options.insert("level".to_string(), level.clone());
        if let Some(spec) = rule.options {
            let schema = (spec.schema)(generator).to_value();
            if let Some(props) = schema.get("properties").and_then(Value::as_object) {
                options.extend(props.clone());
            }
        }
        let setting = json!({
            "description": format!("{} {}: {}", rule.code, rule.name, rule.summary()),
            "anyOf": [
                level,
                { "type": "object", "properties": options, "additionalProperties": false },
            ],
        });
        let digits = rule.code.trim_start_matches("EC");
        codes.insert(format!("^[Ee][Cc]{digits}$"), setting.clone());
        names.insert(rule.name.to_string(), setting);
    }
    schemars::json_schema!({
        "type": "object",
        "properties": names,
        "patternProperties": codes,
        "additionalProperties": false,
    })
}
