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
