//! The JSON Schema of `eventlint.yaml`, generated from the configuration
//! types and the rule catalogue (each rule's options struct), for editors'
//! YAML completion. `eventlint.schema.json` at the repository root is this
//! schema; a test keeps the two equal.

use super::Config;

/// Where editors find the schema (`# yaml-language-server: $schema=...`).
pub const SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/eventlint/eventlint/main/eventlint.schema.json";

/// The schema of `eventlint.yaml`, as pretty JSON with a final newline.
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Config>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
