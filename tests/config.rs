//! `eventlint.yaml`: defaults, every key, and errors that point at the
//! offending line and column.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // tests fail by panicking

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use eventlint::config::{
    CallRule, Config, ConfigError, ExtractConfig, INIT_TEMPLATE, InvalidConfig, LevelSetting,
    RuleSetting, StateChanges,
};
use miette::{GraphicalReportHandler, GraphicalTheme};

fn input(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/inputs/config")
        .join(name)
}

fn parse(src: &str) -> Result<Config, ConfigError> {
    Config::from_str(src, "eventlint.yaml")
}

/// The error of an invalid configuration.
fn invalid(src: &str) -> Box<InvalidConfig> {
    match parse(src) {
        Err(ConfigError::Invalid(err)) => err,
        other => panic!("an invalid config expected for {src:?}, got {other:?}"),
    }
}

/// Asserts the error's position and that its message contains `needle`.
fn assert_error(src: &str, line: u32, column: u32, needle: &str) -> Box<InvalidConfig> {
    let err = invalid(src);
    assert_eq!((err.line, err.column), (line, column), "{err}");
    let shown = err.to_string();
    assert!(
        shown.starts_with(&format!("eventlint.yaml:{line}:{column}: ")),
        "{shown}"
    );
    assert!(shown.contains(needle), "{shown:?} lacks {needle:?}");
    assert!(err.help.is_some(), "{shown}: no help");
    err
}

fn render(err: &ConfigError) -> String {
    let mut out = String::new();
    GraphicalReportHandler::new_themed(GraphicalTheme::unicode_nocolor())
        .with_width(100)
        .render_report(&mut out, err)
        .unwrap();
    out
}

#[test]
fn defaults() {
    let config = Config::default();
    assert_eq!(config.include, ["**/*.go", "**/*.yaml", "**/*.yml"]);
    assert_eq!(config.exclude, ["**/vendor/**", "**/testdata/**"]);
    assert!(!config.tests);
    assert_eq!(config.services, None);
    assert!(config.extract.defaults);
    assert!(config.extract.publish.is_empty());
    assert!(config.extract.subscribe.is_empty());
    assert!(config.extract.outbox.is_empty());
    assert_eq!(
        config.extract.correlation_fields,
        ["CorrelationID", "CorrelationId", "correlation_id"]
    );
    assert_eq!(
        config.extract.version_fields,
        ["Version", "SchemaVersion", "version"]
    );
    assert!(config.critical_topics.is_empty());
    assert!(config.external_topics.is_empty());
    assert!(config.rules.is_empty());
    assert_eq!(config.state_changes, StateChanges::default());
}

#[test]
fn empty_and_comment_only_files_are_the_default() {
    for src in [
        "",
        "\n\n",
        "# nothing\n  # here\n",
        "---\n",
        "~\n",
        "\u{feff}",
    ] {
        assert_eq!(parse(src).unwrap(), Config::default(), "{src:?}");
    }
    for name in ["empty.yaml", "comments-only.yaml"] {
        assert_eq!(Config::load(&input(name)).unwrap(), Config::default());
    }
}

#[test]
fn every_key_is_parsed() {
    let config = Config::load(&input("full.yaml")).unwrap();
    let call = |call: &str, topic, payload, pubsub, handler| CallRule {
        call: call.to_string(),
        topic_arg: topic,
        payload_arg: payload,
        pubsub_arg: pubsub,
        handler_arg: handler,
    };
    let mut rules = BTreeMap::new();
    rules.insert(
        "unsubscribed-topic".to_string(),
        RuleSetting {
            level: Some(LevelSetting::Warning),
            options: BTreeMap::new(),
        },
    );
    rules.insert(
        "EC012".to_string(),
        RuleSetting {
            level: Some(LevelSetting::Off),
            options: BTreeMap::new(),
        },
    );
    rules.insert(
        "fat-payload".to_string(),
        RuleSetting {
            level: Some(LevelSetting::Info),
            options: [("max_fields".to_string(), serde_json::json!(20))].into(),
        },
    );
    rules.insert(
        "non-idempotent-handler".to_string(),
        RuleSetting {
            level: None,
            options: [(
                "extend_guards".to_string(),
                serde_json::json!(["ClaimOnce"]),
            )]
            .into(),
        },
    );
    let expected = Config {
        include: vec!["services/**/*.go".into(), "deploy/**/*.yaml".into()],
        exclude: vec!["**/mocks/**".into()],
        tests: true,
        services: Some("services/*".into()),
        extract: ExtractConfig {
            defaults: false,
            publish: vec![
                call("*.Publish", Some(1), Some(2), None, None),
                call("*.PublishEvent", Some(2), Some(3), Some(1), None),
            ],
            subscribe: vec![call("*.Subscribe", Some(1), None, None, Some(2))],
            outbox: vec![call("*.outbox.*", Some(1), Some(2), None, None)],
            correlation_fields: vec!["TraceID".into()],
            version_fields: vec!["SchemaVersion".into()],
        },
        critical_topics: vec!["payment.*".into(), "order.paid".into()],
        external_topics: vec!["audit.*".into()],
        state_changes: StateChanges {
            extend: vec!["Enqueue".into()],
            reads: vec!["Peek".into()],
        },
        rules,
        max_file_size: 20 * 1024 * 1024,
    };
    assert_eq!(config, expected);
}

#[test]
fn design_example_parses() {
    let src = r#"
include: ["**/*.go", "**/*.yaml", "**/*.yml"]
exclude: ["**/vendor/**", "**/testdata/**"]
tests: false                       # also scan _test.go files
services: "*"                      # glob of service dirs; default: go.mod dirs
extract:
  publish:
    - { call: "*.Publish", topic_arg: 1, payload_arg: 2 }
  subscribe:
    - { call: "*.Subscribe", topic_arg: 1, handler_arg: 2 }
  outbox:
    - { call: "*.outbox.*", topic_arg: 1, payload_arg: 2 }
  correlation_fields: [CorrelationID, CorrelationId, correlation_id]
  version_fields: [Version, SchemaVersion, version]
critical_topics: ["payment.*", "order.paid"]   # must go through an outbox
external_topics: ["audit.*"]                   # produced/consumed outside this repo
rules:
  unsubscribed-topic: warning                  # error | warning | info | off
  fat-payload: { level: info, max_fields: 20 }
"#;
    let config = parse(src).unwrap();
    assert_eq!(config.services.as_deref(), Some("*"));
    assert!(config.extract.defaults, "user entries add to the defaults");
    assert_eq!(config.extract.publish.len(), 1);
    assert_eq!(config.rules.len(), 2);
}

#[test]
fn null_values_mean_not_set() {
    let config = parse("include:\nservices:\nextract:\n  publish:\nrules:\n").unwrap();
    assert_eq!(config, Config::default());
}

#[test]
fn unknown_key_at_top_level() {
    let err = assert_error(
        "tests: true\nincludes: [\"**/*.go\"]\n",
        2,
        1,
        "unknown key `includes` in eventlint.yaml; expected one of: include, exclude, tests, \
         services, extract, critical_topics, external_topics, state_changes, rules",
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `include`?"));
    assert_eq!(err.span.offset(), 12);
    assert_eq!(err.span.len(), "includes".len());
}

#[test]
fn unknown_key_in_extract() {
    assert_error(
        "extract:\n  defaults: true\n  publsh: []\n",
        3,
        3,
        "unknown key `publsh` in `extract`; expected one of: defaults, publish, subscribe, \
         outbox, correlation_fields, version_fields",
    );
}

#[test]
fn unknown_key_in_a_call_rule() {
    let err = Config::load(&input("typo.yaml")).unwrap_err();
    let ConfigError::Invalid(invalid) = &err else {
        panic!("{err:?}");
    };
    assert_eq!((invalid.line, invalid.column), (6, 7));
    let shown = err.to_string();
    assert!(
        shown.ends_with(
            "typo.yaml:6:7: unknown key `topic` in an `extract.publish` entry; \
         expected one of: call, topic_arg, payload_arg, pubsub_arg, handler_arg"
        ),
        "{shown}"
    );
    assert_eq!(invalid.help.as_deref(), Some("did you mean `topic_arg`?"));
    // The rendered report shows the file, the line and the label.
    let report = render(&err);
    assert!(report.contains("typo.yaml:6:7"), "{report}");
    assert!(report.contains("topic: 1"), "{report}");
    assert!(report.contains("unknown key"), "{report}");
}

#[test]
fn wrong_types() {
    assert_error(
        "tests: \"yes\"\n",
        1,
        8,
        "`tests` must be a boolean (true or false)",
    );
    // YAML 1.1 spellings are not booleans.
    assert_error("tests: yes\n", 1, 8, "`tests` must be a boolean");
    assert_error(
        "include: \"**/*.go\"\n",
        1,
        10,
        "`include` must be a list of glob strings",
    );
    assert_error("exclude: [1]\n", 1, 11, "`exclude` must be a glob string");
    assert_error("services: [a]\n", 1, 11, "`services` must be a glob string");
    assert_error(
        "extract: true\n",
        1,
        10,
        "`extract` must be a map of settings",
    );
    assert_error(
        "extract:\n  defaults: 1\n",
        2,
        13,
        "`extract.defaults` must be a boolean",
    );
    assert_error(
        "extract:\n  subscribe: { call: x }\n",
        2,
        14,
        "`extract.subscribe` must be a list of calls",
    );
    assert_error(
        "extract:\n  publish:\n    - { call: \"*.Publish\", topic_arg: -1 }\n",
        3,
        39,
        "`topic_arg` must be an argument position",
    );
    assert_error(
        "extract:\n  publish:\n    - { call: \"*.Publish\", topic_arg: one }\n",
        3,
        39,
        "`topic_arg` must be an argument position",
    );
    assert_error(
        "extract:\n  outbox:\n    - { topic_arg: 1 }\n",
        3,
        7,
        "an `extract.outbox` entry needs a `call` pattern",
    );
    assert_error(
        "extract:\n  version_fields: [1.5]\n",
        2,
        20,
        "entries of `extract.version_fields` must be strings",
    );
    assert_error(
        "critical_topics: {a: b}\n",
        1,
        18,
        "`critical_topics` must be a list",
    );
    assert_error("rules: [a]\n", 1, 8, "`rules` must be a map of settings");
    assert_error(
        "rules:\n  fat-payload: 3\n",
        2,
        16,
        "the setting of rule `fat-payload` must be a level",
    );
    assert_error(
        "- a\n- b\n",
        1,
        1,
        "eventlint.yaml must be a map of settings",
    );
}

#[test]
fn bad_levels() {
    let err = assert_error(
        "rules:\n  unsubscribed-topic: warn\n",
        2,
        23,
        "unknown level `warn` for rule `unsubscribed-topic`; expected one of: error, warning, \
         info, off",
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `warning`?"));
    assert_eq!(err.span.len(), 4);
    assert_error(
        "rules:\n  fat-payload: { level: critical, max_fields: 20 }\n",
        2,
        25,
        "unknown level `critical` for rule `fat-payload`",
    );
    assert_error(
        "rules:\n  EC001: { level: 1 }\n",
        2,
        19,
        "unknown level a number for rule `EC001`",
    );
    // Levels are lower case, and `off` is not a boolean.
    assert_error("rules:\n  EC001: Error\n", 2, 10, "unknown level `Error`");
    assert_eq!(
        parse("rules:\n  EC001: off\n").unwrap().rules["EC001"].level,
        Some(LevelSetting::Off)
    );
}

#[test]
fn bad_globs() {
    assert_error(
        "include: [\"**/*.go\", \"src/[abc.go\"]\n",
        1,
        22,
        "invalid glob `src/[abc.go` in `include`",
    );
    assert_error(
        "services: \"svc/{a,b\"\n",
        1,
        11,
        "invalid glob `svc/{a,b` in `services`",
    );
    assert_error(
        "external_topics: [\"audit.[\"]\n",
        1,
        19,
        "invalid glob `audit.[` in `external_topics`",
    );
    assert_error(
        "extract:\n  publish:\n    - call: \"*.Pub[\"\n",
        3,
        13,
        "invalid glob `*.Pub[` in `extract.publish[].call`",
    );
}

#[test]
fn yaml_errors_have_positions() {
    assert_error("tests: true\ntests: false\n", 2, 1, "duplicate");
    assert_error(
        "include: [\"a\"\nexclude: []\n",
        2,
        8,
        "invalid YAML in eventlint.yaml",
    );
    assert_error(
        "tests: true\n---\ntests: false\n",
        3,
        1,
        "a single YAML document",
    );
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n\
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n\
                e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
    assert!(invalid(bomb).message.contains("invalid YAML"));
    let deep = format!(
        "rules:\n  x: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(invalid(&deep).message.contains("invalid YAML"));
}

#[test]
fn io_errors_name_the_file() {
    let missing = input("does-not-exist.yaml");
    let err = Config::load(&missing).unwrap_err();
    assert!(matches!(err, ConfigError::Io { .. }));
    assert!(err.to_string().contains("does-not-exist.yaml"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    let binary = dir.path().join("eventlint.yaml");
    std::fs::write(&binary, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    assert!(matches!(
        Config::load(&binary).unwrap_err(),
        ConfigError::Io { .. }
    ));
}

#[test]
fn init_template_is_the_default() {
    assert_eq!(
        Config::from_str(INIT_TEMPLATE, "eventlint.yaml").unwrap(),
        Config::default()
    );
}

#[test]
fn init_template_uncommented_is_still_the_default() {
    // Settings are `#key: value` (or `#  key: value` when nested); prose is
    // `# text`. Removing the `#` of every setting keeps the defaults.
    let mut uncommented = String::new();
    for line in INIT_TEMPLATE.lines() {
        let is_prose = line.starts_with("# ") && !line.starts_with("#  ");
        let line = match line.strip_prefix('#') {
            Some(rest) if !is_prose => rest,
            _ => line,
        };
        uncommented.push_str(line);
        uncommented.push('\n');
    }
    assert!(uncommented.contains("\nextract:\n"), "{uncommented}");
    assert!(
        uncommented.contains("\n  defaults: true\n"),
        "{uncommented}"
    );
    assert_eq!(
        Config::from_str(&uncommented, "eventlint.yaml").unwrap(),
        Config::default()
    );
}

#[test]
fn init_template_documents_every_key() {
    for key in [
        "include:",
        "exclude:",
        "tests:",
        "services:",
        "extract:",
        "defaults:",
        "publish:",
        "subscribe:",
        "outbox:",
        "correlation_fields:",
        "version_fields:",
        "critical_topics:",
        "external_topics:",
        "rules:",
    ] {
        assert!(
            INIT_TEMPLATE.contains(key),
            "{key} missing from the template"
        );
    }
}

#[test]
fn max_file_size_must_be_a_positive_number_of_bytes() {
    for (src, needle) in [
        ("max_file_size: big\n", "number of bytes"),
        ("max_file_size: -1\n", "positive"),
        ("max_file_size: 0\n", "positive"),
    ] {
        let err = parse(src).expect_err(src).to_string();
        assert!(err.contains(needle) && err.contains(":1:"), "{src}: {err}");
    }
    assert_eq!(parse("max_file_size: 1024\n").unwrap().max_file_size, 1024);
}

/// A typo in `rules:` is an error with the nearest name, never ignored: an
/// unknown rule, an unknown option of a rule, an option of the wrong type.
#[test]
fn typos_in_rules_are_errors() {
    let err = assert_error(
        "rules:\n  dynamic-topc: off\n",
        2,
        3,
        "unknown rule `dynamic-topc`",
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `dynamic-topic`?"));
    let err = assert_error("rules:\n  EC099: off\n", 2, 3, "unknown rule `EC099`");
    assert!(err.help.is_some());
    let err = assert_error(
        "rules:\n  fat-payload: { max_feilds: 20 }\n",
        2,
        18,
        "unknown key `max_feilds` in rule `fat-payload`; expected one of: level, max_fields",
    );
    assert_eq!(err.help.as_deref(), Some("did you mean `max_fields`?"));
    assert_error(
        "rules:\n  fat-payload: { max_fields: many }\n",
        2,
        30,
        "option `max_fields` of rule `fat-payload` must be a positive whole number",
    );
    assert_error(
        "rules:\n  non-idempotent-handler: { extend_guards: ClaimOnce }\n",
        2,
        44,
        "option `extend_guards` of rule `non-idempotent-handler` must be a list of names",
    );
    // Options of a rule that takes none.
    assert_error(
        "rules:\n  unsubscribed-topic: { level: info, max_fields: 3 }\n",
        2,
        38,
        "unknown key `max_fields` in rule `unsubscribed-topic`; expected one of: level",
    );
}
