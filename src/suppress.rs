//! Inline suppressions: `//eventlint:ignore CODE[,CODE] -- reason` on the
//! line of a finding or the line above, `//eventlint:file-ignore CODE`
//! anywhere in a file, `# eventlint:ignore CODE` in YAML.

use rustc_hash::FxHashMap as HashMap;

use crate::diagnostic::{Diagnostic, Severity};
use crate::extract::{FileFacts, Span};
use crate::rules::Rule;

/// One suppression comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub line: u32,
    pub whole_file: bool,
    /// Codes or names; empty means every rule.
    pub rules: Vec<String>,
}

/// Parses the text after `eventlint:`; `None` when it is no directive.
pub fn parse(line: u32, text: &str) -> Option<Directive> {
    let (whole_file, rest) = if let Some(r) = text.strip_prefix("file-ignore") {
        (true, r)
    } else if let Some(r) = text.strip_prefix("ignore") {
        (false, r)
    } else {
        return None;
    };
    if !(rest.is_empty() || rest.starts_with([' ', '\t', ','])) {
        return None;
    }
    let list = rest.split("--").next().unwrap_or("");
    let rules = list
        .split([',', ' ', '\t'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        line,
        whole_file,
        rules,
    })
}

fn names(d: &Directive, diag: &Diagnostic) -> bool {
    d.rules.is_empty()
        || d.rules
            .iter()
            .any(|r| r.eq_ignore_ascii_case(diag.code) || r == diag.rule)
}

/// What the suppression pass leaves.
#[derive(Debug, Default)]
pub struct Outcome {
    pub kept: Vec<Diagnostic>,
    pub suppressed: usize,
    /// Directives (or named rules in them) that suppressed nothing:
    /// (path, line, the rule as written or `None` for a bare directive).
    pub unused: Vec<(String, u32, Option<String>)>,
}

/// Removes suppressed findings and records which directives were used.
pub fn apply(diagnostics: Vec<Diagnostic>, files: &[FileFacts]) -> Outcome {
    let mut directives: HashMap<&str, Vec<(Directive, Vec<bool>)>> = HashMap::default();
    for f in files {
        let parsed: Vec<(Directive, Vec<bool>)> = f
            .suppressions
            .iter()
            .filter_map(|(line, text)| parse(*line, text))
            .map(|d| {
                let used = vec![false; d.rules.len().max(1)];
                (d, used)
            })
            .collect();
        if !parsed.is_empty() {
            directives.insert(f.path.as_str(), parsed);
        }
    }
    let mut out = Outcome::default();
    for diag in diagnostics {
        let mut hit = false;
        if let Some(ds) = directives.get_mut(diag.path.as_str()) {
            for (d, used) in ds.iter_mut() {
                let applies =
                    d.whole_file || d.line == diag.span.line || d.line + 1 == diag.span.line;
                if !applies || !names(d, &diag) {
                    continue;
                }
                hit = true;
                if d.rules.is_empty() {
                    if let Some(u) = used.first_mut() {
                        *u = true;
                    }
                } else {
                    for (i, r) in d.rules.iter().enumerate() {
                        if (r.eq_ignore_ascii_case(diag.code) || *r == diag.rule)
                            && let Some(u) = used.get_mut(i)
                        {
                            *u = true;
                        }
                    }
                }
            }
        }
        if hit {
            out.suppressed += 1;
        } else {
            out.kept.push(diag);
        }
    }
    let mut paths: Vec<&&str> = directives.keys().collect();
    paths.sort();
    for path in paths {
        let Some(ds) = directives.get(*path) else {
            continue;
        };
        for (d, used) in ds {
            if d.rules.is_empty() {
                if !used.first().copied().unwrap_or(false) {
                    out.unused.push(((*path).to_string(), d.line, None));
                }
                continue;
            }
            for (r, u) in d.rules.iter().zip(used) {
                if !u {
                    out.unused
                        .push(((*path).to_string(), d.line, Some(r.clone())));
                }
            }
        }
    }
    out
}

/// EC000 findings for directives that suppressed nothing, for rules that ran.
pub fn unused_findings(
    unused: &[(String, u32, Option<String>)],
    rule: &'static Rule,
    severity: Severity,
    ran: &dyn Fn(&str) -> bool,
) -> Vec<Diagnostic> {
    unused
        .iter()
        .filter(|(_, _, r)| r.as_deref().is_none_or(ran))
        .map(|(path, line, r)| Diagnostic {
            code: rule.code,
            rule: rule.name,
            severity,
            message: match r {
                Some(r) => format!("Suppression of `{r}` suppresses nothing"),
                None => "Suppression comment suppresses nothing".to_string(),
            },
            help: Some("remove the comment, or the rule from it".to_string()),
            path: path.clone(),
            span: Span {
                line: *line,
                column: 1,
                end_line: *line,
                end_column: 1,
                start: 0,
                end: 0,
            },
            topic: None,
            service: None,
            scope: r.clone(),
            related: Vec::new(),
            fingerprint: String::new(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn parses_directives() {
        let d = parse(3, "ignore EC003 -- handler is idempotent by design").expect("directive");
        assert_eq!(
            (d.line, d.whole_file, d.rules.clone()),
            (3, false, vec!["EC003".to_string()])
        );
        let d = parse(1, "file-ignore EC012, inline-topic").expect("directive");
        assert!(d.whole_file);
        assert_eq!(d.rules, ["EC012", "inline-topic"]);
        assert_eq!(
            parse(1, "ignore").expect("bare").rules,
            Vec::<String>::new()
        );
        assert!(parse(1, "ignored EC001").is_none());
        assert!(parse(1, "something else").is_none());
    }
}
