//! `--format sarif`: the shop's log passes Microsoft's SARIF Multitool with
//! the SARIF and GitHub rule sets (no error, no warning), and carries what
//! code scanning needs.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

mod common;

use common::run_cli;

const SHOP: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/shop");

fn shop_sarif(dir: &std::path::Path) -> (std::path::PathBuf, serde_json::Value) {
    let path = dir.join("shop.sarif");
    let (code, out, err) = run_cli(&[
        "check",
        "--root",
        SHOP,
        "--format",
        "sarif",
        "--output",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    let log = serde_json::from_str(&std::fs::read_to_string(&path).expect("sarif")).expect("json");
    (path, log)
}

#[test]
fn sarif_passes_the_multitool_with_sarif_and_github_rules() {
    let Some(multitool) = common::tool(&["Sarif.Multitool", "sarif-multitool"]) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let (path, _) = shop_sarif(dir.path());
    let out = std::process::Command::new(multitool)
        .args([
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--level",
            "Error;Warning",
        ])
        .arg(&path)
        .output()
        .expect("run the multitool");
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    // It exits 0 even on errors: read what it says.
    assert!(text.contains("1 files scanned"), "{text}");
    let problems: Vec<&str> = text
        .lines()
        .filter(|l| l.contains(": error ") || l.contains(": warning "))
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(text.contains("Analysis completed successfully"), "{text}");
}

#[test]
fn the_multitool_catches_a_broken_log() {
    // Guards the test above: the validator does report what it should.
    let Some(multitool) = common::tool(&["Sarif.Multitool", "sarif-multitool"]) else {
        return;
    };
    let dir = tempfile::tempdir().expect("tmp");
    let (path, mut log) = shop_sarif(dir.path());
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        serde_json::json!("file:///absolute/path.go");
    std::fs::write(&path, serde_json::to_string(&log).expect("json")).expect("write");
    let out = std::process::Command::new(multitool)
        .args([
            "validate",
            "--rule-kind",
            "Gh;Sarif",
            "--level",
            "Error;Warning",
        ])
        .arg(&path)
        .output()
        .expect("run the multitool");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(": error "), "{text}");
}

#[test]
fn every_result_has_its_rule_a_region_fingerprints_and_related_locations() {
    let dir = tempfile::tempdir().expect("tmp");
    let (_, log) = shop_sarif(dir.path());
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    assert_eq!(rules.len(), eventlint::rules::ALL.len());
    for (i, r) in eventlint::rules::ALL.iter().enumerate() {
        assert_eq!(rules[i]["id"], r.code);
        assert!(
            rules[i]["help"]["markdown"]
                .as_str()
                .is_some_and(|m| m.starts_with('#'))
        );
        assert!(
            rules[i]["helpUri"]
                .as_str()
                .is_some_and(|u| u.ends_with(".md"))
        );
    }
    assert_eq!(
        run["tool"]["driver"]["semanticVersion"],
        env!("CARGO_PKG_VERSION")
    );
    assert!(
        run["originalUriBaseIds"]["SRCROOT"]["uri"]
            .as_str()
            .is_some_and(|u| u.starts_with("file:///") && u.ends_with('/'))
    );
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 20);
    for r in results {
        let index = r["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], r["ruleId"]);
        let loc = &r["locations"][0]["physicalLocation"];
        assert!(
            loc["artifactLocation"]["uri"]
                .as_str()
                .is_some_and(|u| !u.starts_with('/'))
        );
        for k in ["startLine", "startColumn", "endLine", "endColumn"] {
            assert!(loc["region"][k].as_u64().is_some_and(|n| n > 0), "{k}: {r}");
        }
        assert_eq!(
            r["partialFingerprints"]["eventlint/v1"]
                .as_str()
                .map(str::len),
            Some(16)
        );
        if ["EC009", "EC014", "EC015"].contains(&r["ruleId"].as_str().expect("id")) {
            let related = r["relatedLocations"].as_array().expect("related");
            assert!(!related.is_empty());
            // The message links each related location by id.
            for rel in related {
                let link = format!("]({})", rel["id"]);
                assert!(
                    r["message"]["text"].as_str().expect("text").contains(&link),
                    "{r}"
                );
            }
        }
    }
}

#[test]
fn sarif_columns_count_utf16_code_units() {
    let dir = common::repo(&[
        ("svc/go.mod", "module x\n"),
        (
            "svc/pub.go",
            "package svc\n\nfunc f() { /* café ☕ */ c.PublishEvent(ctx, \"ps\", \"a.b\", v) }\n",
        ),
    ]);
    let (_, out, _) = run_cli(&[
        "check",
        "--root",
        dir.path().to_str().expect("utf-8"),
        "--format",
        "sarif",
        "--select",
        "EC012",
    ]);
    let log: serde_json::Value = serde_json::from_str(&out).expect("json");
    let region = &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    // `func f() { /* café ☕ */ ` is 24 UTF-16 units (27 bytes).
    assert_eq!(region["startColumn"], 25);
}
