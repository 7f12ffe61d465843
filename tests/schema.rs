//! `eventlint.schema.json` is the schema of `eventlint.yaml` generated from
//! the configuration types and the rule catalogue, and editors validate
//! with it: it must equal the generated one, and accept exactly what the
//! configuration parser accepts.
#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::path::Path;

use eventlint::config::{Config, INIT_TEMPLATE, SCHEMA_URL, json_schema};

fn checked_in() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("eventlint.schema.json")
}

/// Regenerate with `EVENTLINT_UPDATE_SCHEMA=1 cargo test --test schema`.
#[test]
fn the_checked_in_schema_is_the_generated_one() {
    let generated = json_schema();
    if std::env::var_os("EVENTLINT_UPDATE_SCHEMA").is_some() {
        std::fs::write(checked_in(), &generated).unwrap();
    }
    let file = std::fs::read_to_string(checked_in()).unwrap_or_default();
    assert!(
        file == generated,
        "eventlint.schema.json is stale: run `EVENTLINT_UPDATE_SCHEMA=1 cargo test --test schema`"
    );
}

fn validator() -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&json_schema()).unwrap();
    jsonschema::validator_for(&schema).unwrap()
}

/// YAML as JSON, for the validator, read as YAML 1.2 as editors' YAML
/// servers do (`off` is a string, as for eventlint).
fn as_json(yaml: &str) -> serde_json::Value {
    let options = serde_saphyr::options! { strict_booleans: true };
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(yaml, options).unwrap_or(serde_json::Value::Null);
    if value.is_null() {
        serde_json::json!({})
    } else {
        value
    }
}

/// Each sample is accepted by both or refused by both.
#[test]
fn the_schema_and_the_parser_agree() {
    let samples = [
        // Accepted.
        "",
        "tests: true\n",
        "include: [\"**/*.go\"]\nexclude: []\nservices: \"services/*\"\nmax_file_size: 1024\n",
        "extract:\n  defaults: false\n  publish:\n    - { call: \"*.Publish\", topic_arg: 1, payload_arg: 2 }\n",
        "critical_topics: [\"payment.*\"]\nexternal_topics: [audit]\n",
        "state_changes: { extend: [Enqueue], reads: [Peek] }\n",
        "rules:\n  dynamic-topic: off\n  EC012: info\n  ec001: warning\n",
        "rules:\n  fat-payload: { level: info, max_fields: 30 }\n",
        "rules:\n  non-idempotent-handler: { guards: [ClaimOnce], extend_guards: [X] }\n",
        "rules:\n  EC006: { extend_dependencies: [ledger] }\n",
        // A key with nothing after it is not set.
        "rules:\n",
        "include:\nexclude:\nmax_file_size:\n",
        "extract:\n  publish:\n  defaults:\n",
        "state_changes:\n  extend:\n",
        // Refused.
        "testz: true\n",
        "tests: yes please\n",
        "max_file_size: 0\n",
        "extract: { publish: [{ call: \"*.P\", topic_ar: 1 }] }\n",
        "state_changes: { extends: [Enqueue] }\n",
        "rules: { dynamic-topc: off }\n",
        "rules: { EC099: off }\n",
        "rules: { fat-payload: { max_feilds: 20 } }\n",
        "rules: { fat-payload: { max_fields: many } }\n",
        "rules: { fat-payload: { max_fields: 0 } }\n",
        "rules: { non-idempotent-handler: { extend_guards: ClaimOnce } }\n",
        "rules: { fat-payload: loud }\n",
        "rules: { EC006: { extend_state_changing: [X] } }\n",
    ];
    let validator = validator();
    for sample in samples {
        let parsed = Config::from_str(sample, "eventlint.yaml").is_ok();
        let json = as_json(sample);
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| e.to_string())
            .collect();
        assert_eq!(
            parsed,
            errors.is_empty(),
            "parser {parsed}, schema {errors:?} for:\n{sample}\n{json}"
        );
    }
}

/// The template `init` writes names the schema, and with every setting
/// uncommented it is valid for both.
#[test]
fn the_init_template_names_the_schema_and_validates() {
    assert!(
        INIT_TEMPLATE.starts_with(&format!("# yaml-language-server: $schema={SCHEMA_URL}\n")),
        "{INIT_TEMPLATE}"
    );
    let uncommented: String = INIT_TEMPLATE
        .lines()
        .filter_map(|l| {
            // A setting is `#key: value`, or `#  key: value` beneath one;
            // prose is `# text` and `#  # text`.
            let rest = l.strip_prefix('#')?;
            let nested = rest
                .strip_prefix("  ")
                .filter(|r| !r.starts_with(['#', ' ']));
            let top = rest.starts_with(|c: char| c.is_ascii_lowercase());
            (top || nested.is_some()).then(|| rest.to_string())
        })
        .map(|l| l + "\n")
        .collect();
    let config = Config::from_str(&uncommented, "eventlint.yaml")
        .unwrap_or_else(|e| panic!("{e}\n{uncommented}"));
    assert_eq!(config, Config::default(), "{uncommented}");
    assert!(
        validator().is_valid(&as_json(&uncommented)),
        "{uncommented}"
    );
}

/// Every configuration of the fixtures is valid for the schema.
#[test]
fn every_fixture_configuration_validates() {
    let validator = validator();
    let mut seen = 0;
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.file_name().is_some_and(|n| n == "eventlint.yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                let errors: Vec<String> = validator
                    .iter_errors(&as_json(&text))
                    .map(|e| e.to_string())
                    .collect();
                assert!(errors.is_empty(), "{}: {errors:?}", path.display());
                seen += 1;
            }
        }
    }
    assert!(seen > 0);
}
