//! YAML text before and after parsing: Helm and placeholder templates
//! blanked byte for byte so that they parse, and where a syntax error
//! really is.
//!
//! Where a YAML syntax error really is. The parser reports the place it
//! gave up, which for an unclosed flow collection (`route: [/events/x`) is
//! the next line's `:`; the mistake is the bracket that is never closed.

/// The offset in `text` of the flow opener (`[` or `{`) still open at
/// `upto`, when it sits on an earlier line than `upto`: the place to point
/// at. Quoted scalars and comments are skipped.
pub(crate) fn unclosed_flow(text: &str, upto: usize) -> Option<usize> {
    let upto = upto.min(text.len());
    let bytes = text.as_bytes().get(..upto)?;
    let mut open: Vec<usize> = Vec::new();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'#' if i == 0 || bytes.get(i - 1).is_some_and(u8::is_ascii_whitespace) => {
                while bytes.get(i).is_some_and(|c| *c != b'\n') {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' if starts_scalar(bytes, i, !open.is_empty()) => {
                i += 1;
                while let Some(&c) = bytes.get(i) {
                    if c == b'\\' && b == b'"' {
                        i += 2;
                        continue;
                    }
                    if c == b {
                        break;
                    }
                    i += 1;
                }
            }
            // An opener starts a value (after `: `, `- `, indentation) or
            // sits inside a flow; `see [docs` in a plain scalar is text.
            b'[' | b'{' if !open.is_empty() || starts_value(bytes, i) => open.push(i),
            b']' | b'}' => {
                open.pop();
            }
            _ => {}
        }
        i += 1;
    }
    let at = *open.first()?;
    let newline_between = bytes.get(at..).is_some_and(|rest| rest.contains(&b'\n'));
    newline_between.then_some(at)
}

/// Whether `i` starts a value: only blanks back to `:`, `-`, `?` or the
/// start of the line.
fn starts_value(bytes: &[u8], i: usize) -> bool {
    let before = bytes.get(..i).unwrap_or_default();
    match before.iter().rposition(|b| *b != b' ' && *b != b'\t') {
        None => true,
        Some(j) => matches!(bytes.get(j), Some(b':' | b'-' | b'?' | b'\n')),
    }
}

/// Whether a quote at `i` opens a quoted scalar: at the start of a value
/// (after `: `, `- `, a flow indicator or indentation), not inside a word.
fn starts_scalar(bytes: &[u8], i: usize, in_flow: bool) -> bool {
    let before = i.checked_sub(1).and_then(|j| bytes.get(j)).copied();
    match before {
        None => true,
        Some(c) if c.is_ascii_whitespace() => true,
        Some(b'[' | b'{' | b',') => in_flow,
        Some(b':' | b'-') => true,
        _ => false,
    }
}

/// Blanks out template expressions, byte for byte, so the text parses as
/// YAML with every offset unchanged. `None` when there is nothing to blank.
///
/// - `{{ ... }}` (Go/Helm templates): on a line holding only template actions
///   and blanks, the actions become spaces (the line is dropped); elsewhere
///   they become `_`, so `topic: {{ .Values.topic }}` stays a scalar.
/// - `{placeholder}` (a word of letters, digits, `_`, `-`, `.`) becomes `_`.
pub(crate) fn detemplate(text: &str) -> Option<String> {
    if !text.contains('{') {
        return None;
    }
    let bytes = text.as_bytes();
    let mut in_template = vec![false; bytes.len()];
    let mut any = false;
    let mut i = 0;
    while let Some(rel) = find(bytes, i, b"{{") {
        let open = i.saturating_add(rel);
        let body = open.saturating_add(2);
        let close = match find(bytes, body, b"}}") {
            Some(r) => body.saturating_add(r).saturating_add(2),
            None => find(bytes, body, b"\n").map_or(bytes.len(), |r| body.saturating_add(r)),
        };
        for flag in in_template.get_mut(open..close).into_iter().flatten() {
            *flag = true;
        }
        any = true;
        i = close;
    }
    let mut out = bytes.to_vec();
    let mut line_start = 0usize;
    for line in text.split_inclusive('\n') {
        let line_end = line_start.saturating_add(line.len());
        let (Some(flags), Some(line_bytes)) = (
            in_template.get(line_start..line_end),
            bytes.get(line_start..line_end),
        ) else {
            break;
        };
        let template_only = flags.iter().any(|f| *f)
            && line_bytes
                .iter()
                .zip(flags)
                .all(|(b, f)| *f || b.is_ascii_whitespace());
        let fill = if template_only { b' ' } else { b'_' };
        for (offset, flag) in flags.iter().enumerate() {
            if *flag
                && line_bytes.get(offset) != Some(&b'\n')
                && let Some(byte) = out.get_mut(line_start.saturating_add(offset))
            {
                *byte = fill;
            }
        }
        line_start = line_end;
    }
    for (start, end) in placeholders(bytes) {
        if in_template.get(start).copied().unwrap_or(true) {
            continue;
        }
        for byte in out.get_mut(start..end).into_iter().flatten() {
            *byte = b'_';
        }
        any = true;
    }
    if !any {
        return None;
    }
    String::from_utf8(out).ok()
}

/// Byte ranges of `{word}` placeholders.
fn placeholders(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(rel) = find(bytes, i, b"{") {
        let open = i.saturating_add(rel);
        let mut j = open.saturating_add(1);
        while bytes
            .get(j)
            .is_some_and(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        {
            j = j.saturating_add(1);
        }
        let is_word = j > open.saturating_add(1) && j.saturating_sub(open) <= 128;
        let after_open_brace = open > 0 && bytes.get(open.saturating_sub(1)) == Some(&b'{');
        if is_word && !after_open_brace && bytes.get(j) == Some(&b'}') {
            out.push((open, j.saturating_add(1)));
            i = j.saturating_add(1);
        } else {
            i = open.saturating_add(1);
        }
    }
    out
}

/// Whether source text holds a template expression or placeholder.
pub(crate) fn is_templated(text: &str) -> bool {
    text.contains("{{") || !placeholders(text.as_bytes()).is_empty()
}

fn find(haystack: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    haystack
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::unclosed_flow;

    #[test]
    fn an_unclosed_bracket_on_an_earlier_line_is_found() {
        let text = "spec:\n  route: [/events/x\nscopes:\n  - a\n";
        let stop = text.find("scopes").map(|s| s + 6).unwrap_or(0);
        assert_eq!(unclosed_flow(text, stop), text.find('['));
    }

    #[test]
    fn closed_or_same_line_or_quoted_brackets_are_not() {
        let closed = "a: [x, y]\nb: c: d\n";
        assert_eq!(unclosed_flow(closed, closed.len()), None);
        let same_line = "a: [x, y\n";
        assert_eq!(unclosed_flow(same_line, 6), None);
        let quoted = "a: \"[x\"\nb: 'y{'\nc: d # [\ne: f\n";
        assert_eq!(unclosed_flow(quoted, quoted.len()), None);
        // A bracket inside a plain scalar is text.
        let text = "note: see [docs\nb: c\nd: e\n";
        assert_eq!(unclosed_flow(text, text.len()), None);
        // A flow map spanning lines, closed: nothing open.
        let multi = "a: {\n  b: 1,\n  c: 2\n}\nd: e\n";
        assert_eq!(unclosed_flow(multi, multi.len()), None);
    }
}
