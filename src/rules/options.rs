//! Rule options: each rule that takes options declares a typed struct
//! (`serde` with `deny_unknown_fields`, and `schemars` for the JSON Schema),
//! named in its `declare_rule!`. The configuration checks every key under
//! `rules:` against it, so a new option cannot be forgotten by the checks,
//! the schema or the docs.

use schemars::{JsonSchema, Schema, SchemaGenerator};
use serde::de::DeserializeOwned;

/// What the configuration and the schema need of a rule's options type.
pub struct OptionsSpec {
    /// The option names, sorted.
    pub keys: fn() -> Vec<String>,
    /// Whether `{key: value, …}` is valid; the deserialiser's words if not.
    pub validate: fn(&serde_json::Value) -> Result<(), String>,
    /// The options' JSON Schema (an object schema).
    pub schema: fn(&mut SchemaGenerator) -> Schema,
}

/// The [`OptionsSpec`] of `T`.
pub const fn spec<T: DeserializeOwned + JsonSchema>() -> OptionsSpec {
    OptionsSpec {
        keys: keys::<T>,
        validate: validate::<T>,
        schema: T::json_schema,
    }
}

/// What option `key` holds, in words ("a whole number, e.g. `20`"), from
/// its schema.
pub fn expected(spec: &OptionsSpec, key: &str) -> Option<&'static str> {
    let schema = (spec.schema)(&mut SchemaGenerator::default()).to_value();
    let property = schema.get("properties")?.get(key)?;
    let types: Vec<&str> = match property.get("type")? {
        serde_json::Value::String(t) => vec![t.as_str()],
        serde_json::Value::Array(ts) => ts.iter().filter_map(serde_json::Value::as_str).collect(),
        _ => return None,
    };
    if types.contains(&"integer") {
        if property
            .get("minimum")
            .is_some_and(|m| m.as_u64() == Some(1))
        {
            Some("a positive whole number, e.g. `20`")
        } else {
            Some("a whole number, e.g. `20`")
        }
    } else if types.contains(&"array") {
        Some("a list of names, e.g. `[Enqueue, Provision]`")
    } else if types.contains(&"boolean") {
        Some("`true` or `false`")
    } else if types.contains(&"string") {
        Some("a name")
    } else {
        None
    }
}

fn keys<T: JsonSchema>() -> Vec<String> {
    let schema = schemars::SchemaGenerator::default().into_root_schema_for::<T>();
    let mut keys: Vec<String> = schema
        .get("properties")
        .and_then(serde_json::Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    keys.sort();
    keys
}

fn validate<T: DeserializeOwned>(value: &serde_json::Value) -> Result<(), String> {
    serde_json::from_value::<T>(value.clone())
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// The options of `EC003 non-idempotent-handler`.
#[derive(Debug, Default, Clone, serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct NonIdempotentHandlerOptions {
    /// Call names (globs) that check for an already handled event, replacing
    /// the built-in list (`*Processed*`, `*Seen*`, `SetNX`, …).
    pub guards: Option<Vec<String>>,
    /// Call names (globs) that check for an already handled event, added to
    /// the built-in list, e.g. `[ClaimOnce]`.
    pub extend_guards: Vec<String>,
}

/// The options of `EC006 publish-error-fails-operation`.
#[derive(Debug, Default, Clone, serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct PublishErrorFailsOperationOptions {
    /// Words naming dependencies that keep state (a receiver field, a
    /// parameter or a package value whose name or type holds one), added to
    /// the built-in `repo`, `store`, `db`, `client`, …, e.g. `[ledger]`.
    pub extend_dependencies: Vec<String>,
}

/// The options of `EC008 fat-payload`.
#[derive(Debug, Clone, serde::Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct FatPayloadOptions {
    /// A payload with more fields than this is fat.
    pub max_fields: std::num::NonZeroUsize,
}

impl Default for FatPayloadOptions {
    fn default() -> Self {
        Self {
            max_fields: std::num::NonZeroUsize::new(20).unwrap_or(std::num::NonZeroUsize::MIN),
        }
    }
}
