//! `eventlint.yaml` → [`Config`].
//!
//! Every key is optional; an empty file (or one holding only comments) is
//! the default configuration. Unknown keys, values of the wrong type,
//! unknown levels and invalid globs are errors that point at the offending
//! key or value ([`ConfigError`], a [`miette::Diagnostic`]). Rule names and
//! codes under `rules:` are kept as written: the rule registry checks them.
//!
//! A `null` value (`services:` with nothing after it) means "not set".

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use miette::{Diagnostic, NamedSource, SourceSpan};
use schemars::JsonSchema;
use serde::Serialize;
use thiserror::Error;

/// The configuration of eventlint, the event-contract linter (`eventlint.yaml`).
/// Every key is optional.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields, title = "eventlint.yaml")]
pub struct Config {
    /// Globs of files to analyse, relative to the root.
    pub include: Vec<String>,
    /// Globs of files to skip.
    pub exclude: Vec<String>,
    /// Also scan `_test.go` files.
    pub tests: bool,
    /// Glob of service directories; `None`: the directories holding a `go.mod`.
    pub services: Option<String>,
    pub extract: ExtractConfig,
    /// Topic globs that must be published through an outbox.
    pub critical_topics: Vec<String>,
    /// Topic globs produced or consumed outside the repository.
    pub external_topics: Vec<String>,
    /// The calls that change state and the calls that only read, shared by
    /// the rules that judge state changes (EC003, EC006).
    pub state_changes: StateChanges,
    /// Level per rule, by name or code: error | warning | info | off, or a
    /// map with the level and the rule's options.
    #[schemars(schema_with = "crate::rules::rules_schema")]
    pub rules: BTreeMap<String, RuleSetting>,
    /// Files larger than this many bytes are skipped (reported by EC017).
    #[schemars(range(min = 1))]
    pub max_file_size: u64,
}

/// `state_changes:`: verbs added to the built-in vocabulary of state changes.
/// A verb matches the start of a call's name (`Enqueue` matches
/// `q.EnqueueJob`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct StateChanges {
    /// Verbs of calls that change state, besides `Create`, `Insert`, `Save`,
    /// `Update`, `Delete`, `Charge`, `Send`, `Exec`, …; e.g. `[Enqueue, Provision]`.
    pub extend: Vec<String>,
    /// Verbs of calls that only read, besides `Get`, `Find`, `List`, `Load`,
    /// …; e.g. `[Peek]`.
    pub reads: Vec<String>,
}

/// The default `max_file_size`: 10 MiB.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

/// `extract:`: how publish, subscribe and outbox calls are recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(default)]
#[schemars(deny_unknown_fields)]
pub struct ExtractConfig {
    /// Keep the built-in call patterns (`false`: only the configured ones).
    pub defaults: bool,
    /// Extra publish calls, added to the built-ins.
    pub publish: Vec<CallRule>,
    /// Extra subscribe calls.
    pub subscribe: Vec<CallRule>,
    /// Extra outbox writes.
    pub outbox: Vec<CallRule>,
    /// Payload field names that carry a correlation ID.
    pub correlation_fields: Vec<String>,
    /// Payload field names that carry a schema version.
    pub version_fields: Vec<String>,
}

/// A configured call: callee glob and argument positions (from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct CallRule {
    /// Glob matched against the callee text, e.g. `*.Publish`.
    pub call: String,
    pub topic_arg: Option<usize>,
    pub payload_arg: Option<usize>,
    pub pubsub_arg: Option<usize>,
    pub handler_arg: Option<usize>,
}

/// A configured severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LevelSetting {
    Error,
    Warning,
    Info,
    Off,
}

impl LevelSetting {
    /// Every level, as written in the configuration.
    pub const NAMES: [&'static str; 4] = ["error", "warning", "info", "off"];

    /// Parses `error`, `warning`, `info` or `off`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "error" => Some(Self::Error),
            "warning" => Some(Self::Warning),
            "info" => Some(Self::Info),
            "off" => Some(Self::Off),
            _ => None,
        }
    }

    /// The level as written in the configuration.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
            Self::Off => "off",
        }
    }
}

/// A rule's setting: `name: warning`, or `name: { level: info, max_fields: 20 }`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleSetting {
    pub level: Option<LevelSetting>,
    /// Every other key of the map form, as JSON (rule-specific options).
    pub options: BTreeMap<String, serde_json::Value>,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            include: strings(&["**/*.go", "**/*.yaml", "**/*.yml"]),
            exclude: strings(&["**/vendor/**", "**/testdata/**"]),
            tests: false,
            services: None,
            extract: ExtractConfig::default(),
            critical_topics: Vec::new(),
            external_topics: Vec::new(),
            state_changes: StateChanges::default(),
            rules: BTreeMap::new(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
        }
    }
}

impl Default for ExtractConfig {
    fn default() -> Self {
        Self {
            defaults: true,
            publish: Vec::new(),
            subscribe: Vec::new(),
            outbox: Vec::new(),
            correlation_fields: strings(&["CorrelationID", "CorrelationId", "correlation_id"]),
            version_fields: strings(&["Version", "SchemaVersion", "version"]),
        }
    }
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(ToString::to_string).collect()
}

/// A configuration that could not be loaded.
#[derive(Debug, Error, Diagnostic)]
pub enum ConfigError {
    /// The file could not be read (missing, unreadable, not UTF-8).
    #[error("cannot read config file {}: {source}", path.display())]
    #[diagnostic(
        code(eventlint::config::io),
        help("check the path given to --config, or run `eventlint init` to write one")
    )]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file is not valid YAML or not a valid configuration.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Invalid(Box<InvalidConfig>),
}

/// An error at a place in the configuration file. Its `Display` is
/// `file:line:column: message`.
#[derive(Debug, Error, Diagnostic)]
#[error("{file}:{line}:{column}: {message}")]
#[diagnostic(code(eventlint::config::invalid))]
pub struct InvalidConfig {
    pub file: String,
    pub line: u32,
    pub column: u32,
    pub message: String,
    #[help]
    pub help: Option<String>,
    /// The file, for the snippet; `None` when the line is too long to quote
    /// ([`crate::diagnostic::quotable`]): the message still says where.
    #[source_code]
    pub source_code: Option<NamedSource<String>>,
    #[label("{label}")]
    pub span: SourceSpan,
    pub label: String,
}

impl Config {
    /// The setting of a rule, written under its name or its code.
    pub fn rule_setting(&self, name: &str, code: &str) -> Option<&RuleSetting> {
        self.rules.get(name).or_else(|| self.rules.get(code))
    }

    /// A rule's options as its typed options struct, or the defaults. The
    /// parser has checked them against that struct.
    pub fn rule_options<T: serde::de::DeserializeOwned + Default>(
        &self,
        name: &str,
        code: &str,
    ) -> T {
        self.rule_setting(name, code)
            .filter(|s| !s.options.is_empty())
            .and_then(|s| {
                let map: serde_json::Map<String, serde_json::Value> = s
                    .options
                    .iter()
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .collect();
                serde_json::from_value(serde_json::Value::Object(map)).ok()
            })
            .unwrap_or_default()
    }

    /// Parses the text of an `eventlint.yaml`; `file_name` names it in errors.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Invalid`] for invalid YAML, an unknown key, a value of
    /// the wrong type, an unknown level or an invalid glob, at its place.
    ///
    /// ```
    /// use eventlint::config::{Config, LevelSetting};
    /// let config = Config::from_str("tests: true\nrules:\n  EC012: off\n", "eventlint.yaml").unwrap();
    /// assert!(config.tests);
    /// assert_eq!(config.rules["EC012"].level, Some(LevelSetting::Off));
    /// ```
    pub fn from_str(src: &str, file_name: &str) -> Result<Config, ConfigError> {
        parse::parse(src, file_name)
    }

    /// Reads and parses a configuration file.
    ///
    /// # Errors
    ///
    /// [`ConfigError::Io`] when the file cannot be read (or is not UTF-8),
    /// and the errors of [`Config::from_str`].
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let src = std::fs::read_to_string(path).map_err(|source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Config::from_str(&src, &path.display().to_string())
    }
}

mod parse;
mod schema;
mod template;

pub use schema::{SCHEMA_URL, json_schema};
pub use template::INIT_TEMPLATE;

#[cfg(test)]
mod tests {
    use super::*;

    /// A generated hostile input: an error past column 65,535 made
    /// miette's graphical report panic ("Formatting argument out of range")
    /// when the CLI printed it. Such a line is not quoted; the message still
    /// says where.
    #[test]
    fn an_error_on_a_very_long_line_renders_without_a_snippet() {
        let src = format!("include: [{}\"[a-\"]\n", " ".repeat(70_000));
        let Err(ConfigError::Invalid(e)) = Config::from_str(&src, "eventlint.yaml") else {
            panic!("an invalid glob is an error");
        };
        assert_eq!((e.line, e.column), (1, 70_011));
        assert!(e.source_code.is_none());
        let mut out = String::new();
        miette::GraphicalReportHandler::new()
            .render_report(&mut out, e.as_ref())
            .expect("rendered");
        assert!(
            out.contains("eventlint.yaml:1:70011: invalid glob"),
            "{out}"
        );
        // A short line is still quoted.
        let Err(ConfigError::Invalid(e)) = Config::from_str("include: [\"[a-\"]\n", "x.yaml")
        else {
            panic!("an invalid glob is an error");
        };
        assert!(e.source_code.is_some());
    }

    #[test]
    fn levels_round_trip() {
        for name in LevelSetting::NAMES {
            assert_eq!(
                LevelSetting::parse(name).map(LevelSetting::as_str),
                Some(name)
            );
        }
        assert_eq!(LevelSetting::parse("Warning"), None);
    }

    #[test]
    fn rule_options_become_json() {
        let config = Config::from_str(
            "rules:\n  fat-payload: { max_fields: 20 }\n  ec003: { extend_guards: [ClaimOnce, x] }\n",
            "e.yaml",
        )
        .unwrap();
        assert_eq!(
            config.rules["fat-payload"].options["max_fields"],
            serde_json::json!(20)
        );
        // A code in any case is stored as the code, which rules look up.
        assert_eq!(
            config.rules["EC003"].options["extend_guards"],
            serde_json::json!(["ClaimOnce", "x"])
        );
    }
}
