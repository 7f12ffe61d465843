//! Arbitrary text as Dapr YAML, read both as a Helm values file and as a
//! plain manifest, then linked with every rule and output format.

#![no_main]

mod common;

use eventlint::config::Config;
use eventlint::extract::yaml::extract_yaml;
use eventlint::extract::{Facts, FileFacts};
use libfuzzer_sys::fuzz_target;

const PATHS: [&str; 2] = ["deploy/values.yaml", "deploy/sub.yaml"];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let files = PATHS
        .iter()
        .map(|path| {
            let (facts, suppressions) = extract_yaml(path, text);
            FileFacts {
                path: (*path).to_string(),
                facts: Facts::Yaml(facts),
                suppressions,
            }
        })
        .collect();
    common::lint(
        files,
        &Config::default(),
        &[(PATHS[0], text), (PATHS[1], text)],
    );
});
