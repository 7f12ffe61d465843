//! Arbitrary bytes as a Go file: extraction, then (for UTF-8) linking, every
//! rule and every output format on the one-file repository.

#![no_main]

mod common;

use eventlint::config::Config;
use libfuzzer_sys::fuzz_target;

const PATH: &str = "svc/internal/biz/file.go";

fuzz_target!(|data: &[u8]| {
    let file = common::go_file(PATH, data);
    // The pipeline skips files that are not UTF-8 before extraction.
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::lint(vec![file], &Config::default(), &[(PATH, text)]);
});
