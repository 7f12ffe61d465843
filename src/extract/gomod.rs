//! `go.mod`: module path and `replace` directives.

/// What eventlint needs from a `go.mod`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct GoMod {
    pub module: Option<String>,
    /// `replace OLD => ./local/dir` directives with a local target (path as written).
    pub replaces: Vec<(String, String)>,
}

/// Parses the parts of a `go.mod` that matter: `module` and local `replace`s.
pub fn parse_go_mod(src: &str) -> GoMod {
    let mut out = GoMod::default();
    let mut in_replace_block = false;
    for raw in src.lines() {
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if in_replace_block {
            if line == ")" {
                in_replace_block = false;
            } else {
                push_replace(line, &mut out);
            }
            continue;
        }
        if let Some(rest) = line.strip_prefix("module") {
            let m = rest.trim().trim_matches('"');
            if !m.is_empty() {
                out.module = Some(m.to_string());
            }
        } else if let Some(rest) = line.strip_prefix("replace") {
            let rest = rest.trim();
            if rest == "(" {
                in_replace_block = true;
            } else {
                push_replace(rest, &mut out);
            }
        }
    }
    out
}

fn push_replace(line: &str, out: &mut GoMod) {
    let Some((old, new)) = line.split_once("=>") else {
        return;
    };
    let old = old.split_whitespace().next().unwrap_or("");
    let new = new.split_whitespace().next().unwrap_or("");
    if new.starts_with("./") || new.starts_with("../") || new.starts_with('/') {
        out.replaces.push((old.to_string(), new.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_module_and_local_replaces() {
        let m = parse_go_mod(
            "module github.com/acme/shop/order // the order service\n\ngo 1.22\n\nrequire github.com/acme/shop/common v0.0.0\nreplace github.com/acme/shop/common => ../common\nreplace (\n\tgithub.com/x/y v1.0.0 => ./third_party/y\n\tgithub.com/z/z => github.com/z/z v1.2.0\n)\n",
        );
        assert_eq!(m.module.as_deref(), Some("github.com/acme/shop/order"));
        assert_eq!(
            m.replaces,
            vec![
                (
                    "github.com/acme/shop/common".to_string(),
                    "../common".to_string()
                ),
                ("github.com/x/y".to_string(), "./third_party/y".to_string()),
            ]
        );
    }
}
