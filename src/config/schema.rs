//! The JSON Schema of `eventlint.yaml`, generated from the configuration
//! types and the rule catalogue (each rule's options struct), for editors'
//! YAML completion. `eventlint.schema.json` at the repository root is this
//! schema; a test keeps the two equal.

use super::Config;

/// Where editors find the schema (`# yaml-language-server: $schema=...`).
/// The schema of this version: its release tag holds it.
pub const SCHEMA_URL: &str = concat!(
    "https://raw.githubusercontent.com/eventlint/eventlint/v",
    env!("CARGO_PKG_VERSION"),
    "/eventlint.schema.json"
);

/// The schema of `eventlint.yaml`, as pretty JSON with a final newline.
#[must_use]
pub fn json_schema() -> String {
    let schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Config>();
    let mut value = schema.to_value();
    // A key with nothing after it (`rules:` whose entries are commented
    // out) means "not set", as the parser reads it.
    nullable_properties(&mut value);
    for name in ["ExtractConfig", "StateChanges"] {
        if let Some(def) = value.pointer_mut(&format!("/definitions/{name}")) {
            nullable_properties(def);
        }
    }
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

/// Lets every property of an object schema be `null` too.
fn nullable_properties(schema: &mut serde_json::Value) {
    use serde_json::{Value, json};
    let Some(props) = schema.get_mut("properties").and_then(Value::as_object_mut) else {
        return;
    };
    for prop in props.values_mut() {
        let Value::Object(mut inner) = prop.take() else {
            continue;
        };
        let mut outer = serde_json::Map::new();
        for key in ["description", "default"] {
            if let Some(v) = inner.remove(key) {
                outer.insert(key.to_string(), v);
            }
        }
        outer.insert("anyOf".to_string(), json!([inner, { "type": "null" }]));
        *prop = Value::Object(outer);
    }
}
