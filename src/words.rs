//! A Bloom filter of the words (ASCII identifier runs) and short quoted
//! strings in a file's bytes.
//!
//! The pre-scan keeps one per file it leaves unparsed, so that each later
//! round of linking's demands (a function's name, a constant, a quoted
//! topic) reads only the files that may hold them instead of every
//! unparsed file again. A filter never says "absent" for a word the bytes
//! hold; a "maybe" is confirmed on the bytes.

/// Filter size in 64-bit words: one bit per byte of source (about ten
/// bits per distinct word, so "maybe" is wrong for roughly one word in a
/// hundred), within these bounds.
const MIN_WORDS: usize = 8;
const MAX_WORDS: usize = 1024;

/// Whether `b` continues a word (the same rule as whole-word demands).
pub fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// A Bloom filter of a file's words, sized by the file (1 bit per byte,
/// between 512 bits and 64 Kibit).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordBloom {
    bits: Box<[u64]>,
}

impl WordBloom {
    /// The filter of every word in `bytes`.
    pub fn of(bytes: &[u8]) -> Self {
        let len = (bytes.len() / 64)
            .next_power_of_two()
            .clamp(MIN_WORDS, MAX_WORDS);
        let mut bloom = Self {
            bits: vec![0; len].into_boxed_slice(),
        };
        // One pass: words end at a non-word byte; quoted spans run from
        // one `"` to the next on the same line (each string literal with
        // its quotes, and the gaps between literals).
        let mut word_start: Option<usize> = None;
        let mut last_quote: Option<usize> = None;
        for (i, &b) in bytes.iter().enumerate() {
            if is_word_byte(b) {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = word_start.take() {
                bloom.add_word(bytes, start, i);
            }
            match b {
                b'"' => {
                    if let Some(open) = last_quote
                        && i - open <= MAX_QUOTED
                        && let Some(span) = bytes.get(open..=i)
                    {
                        bloom.insert(hash(span));
                    }
                    last_quote = Some(i);
                }
                b'\n' => last_quote = None,
                _ => {}
            }
        }
        if let Some(start) = word_start {
            bloom.add_word(bytes, start, bytes.len());
        }
        bloom
    }

    /// Records the word `bytes[start..end]`, and its declaration when it
    /// reads `func Name(` or `) Name(` (`[` for type parameters).
    fn add_word(&mut self, bytes: &[u8], start: usize, end: usize) {
        let Some(word) = bytes.get(start..end) else {
            return;
        };
        self.insert(hash(word));
        if matches!(bytes.get(end), Some(b'(' | b'['))
            && let Some(before) = bytes.get(..start)
            && (before.ends_with(b"func ") || before.ends_with(b") "))
        {
            self.insert(decl_hash(word));
        }
    }

    fn positions(&self, h: u64) -> [usize; 3] {
        let mask = (self.bits.len() * 64 - 1) as u64;
        [h, h.rotate_left(21), h.rotate_left(42)].map(|x| (x & mask) as usize)
    }

    fn insert(&mut self, h: u64) {
        for p in self.positions(h) {
            if let Some(slot) = self.bits.get_mut(p / 64) {
                *slot |= 1 << (p % 64);
            }
        }
    }

    /// False only when `word` is certainly not a word of the bytes.
    pub fn may_hold(&self, word_hash: u64) -> bool {
        self.positions(word_hash).iter().all(|p| {
            self.bits
                .get(p / 64)
                .is_some_and(|s| s & (1 << (p % 64)) != 0)
        })
    }
}

/// The hash under which a filter records that `name` is declared as a
/// function or method (`func name(`, `) name(`, `func name[`, `) name[`).
pub fn decl_hash(name: &[u8]) -> u64 {
    hash(name).rotate_left(32) ^ 0x9e37_79b9_7f4a_7c15
}

/// What a file declaring the function or method `name` must hold.
pub fn required_decl(name: &str) -> Vec<u64> {
    if !name.is_empty() && name.bytes().all(is_word_byte) {
        vec![decl_hash(name.as_bytes())]
    } else {
        required_words(name, true, true)
    }
}

/// The longest quoted span (between its quotes) a filter records.
const MAX_QUOTED: usize = 256;

/// The hash a [`WordBloom`] files a word under.
pub fn hash(word: &[u8]) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = rustc_hash::FxBuildHasher.build_hasher();
    h.write(word);
    // Fx mixes little in the low bits; spread them before masking.
    let x = h.finish();
    (x ^ (x >> 29)).wrapping_mul(0xbf58_476d_1ce4_e5b9)
}

/// The words any file containing `text` must hold: those bounded inside
/// `text` itself. A word at an edge may continue in the file (`Sub{` in
/// `MySub{`), so it is left out, unless the match must have a word
/// boundary there (`left`, `right`).
///
/// A quoted string (`"order.placed"`) is recorded whole, so it needs only
/// itself.
pub fn required_words(text: &str, left: bool, right: bool) -> Vec<u64> {
    let bytes = text.as_bytes();
    if let Some(inner) = text.strip_prefix('"').and_then(|t| t.strip_suffix('"'))
        && !inner.contains(['"', '\n'])
        && inner.len() < MAX_QUOTED
    {
        return vec![hash(bytes)];
    }
    let mut out = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        if !bytes.get(start).is_some_and(|b| is_word_byte(*b)) {
            start += 1;
            continue;
        }
        let end = bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|b| !is_word_byte(*b)))
            .map_or(bytes.len(), |n| start + n);
        let bounded = (left || start > 0) && (right || end < bytes.len());
        if bounded && let Some(w) = bytes.get(start..end) {
            out.push(hash(w));
        }
        start = end;
    }
    out
}

/// The words of a name, topic or expression: split at every character that
/// is neither a letter nor a digit and at camelCase boundaries, case folded
/// (`Orders.CreatedV2` → `orders`, `created`, `v2`; `os.TempDir()` → `os`,
/// `temp`, `dir`).
pub fn name_words(t: &str) -> Vec<String> {
    let mut out = Vec::new();
    for seg in t
        .split(|c: char| !c.is_alphanumeric())
        .filter(|s| !s.is_empty())
    {
        let mut cur = String::new();
        let mut prev_lower = false;
        for c in seg.chars() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase() || c.is_ascii_digit();
            cur.extend(c.to_lowercase());
        }
        if !cur.is_empty() {
            out.push(cur);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `bytes`: maximal runs of ASCII letters, digits and `_`.
    fn words(bytes: &[u8]) -> impl Iterator<Item = &[u8]> {
        bytes.split(|b| !is_word_byte(*b)).filter(|w| !w.is_empty())
    }

    #[test]
    fn every_word_of_the_bytes_may_be_held() {
        let src = "package svc\n\nfunc (s *S) OnOrder(ctx Ctx) { s.c.PublishEvent(ctx, \"ps\", \"order.placed\", x) } // naïve_word é";
        let bloom = WordBloom::of(src.as_bytes());
        for w in words(src.as_bytes()) {
            assert!(bloom.may_hold(hash(w)), "{}", String::from_utf8_lossy(w));
        }
    }

    #[test]
    fn most_absent_words_are_ruled_out() {
        let src: String = (0..400).map(|i| format!("ident{i} ")).collect();
        let bloom = WordBloom::of(src.as_bytes());
        let wrong = (0..1000)
            .filter(|i| bloom.may_hold(hash(format!("other{i}").as_bytes())))
            .count();
        assert!(wrong < 50, "{wrong} of 1000 absent words passed");
    }

    #[test]
    fn only_words_bounded_inside_a_text_are_required() {
        let words_of = |t: &str, whole: bool| required_words(t, whole, whole);
        // A quoted string needs itself, quotes included.
        assert_eq!(words_of("\"abc\"", false), vec![hash(b"\"abc\"")]);
        // `x "abc"`: the quotes bound the word.
        assert_eq!(words_of("x \"abc\"", false), vec![hash(b"abc")]);
        // `Subscription{` may be `MySubscription{` in the file.
        assert!(words_of("Subscription{", false).is_empty());
        // `func Name(`: `Name` is bounded, `func` is not.
        assert_eq!(words_of("func Name(", false), vec![hash(b"Name")]);
        // A whole-word demand is bounded at both ends.
        assert_eq!(words_of("TopicA", true), vec![hash(b"TopicA")]);
        // A literal `Name{` is bounded on the left only.
        assert_eq!(required_words("Name{", true, false), vec![hash(b"Name")]);
        assert!(required_words("Name", true, false).is_empty());
        // Non-ASCII letters split words, as they do in the file.
        assert_eq!(words_of("(naïve)", false), vec![hash(b"na"), hash(b"ve")]);
        let bloom = WordBloom::of("x := (naïve)".as_bytes());
        assert!(
            words_of("(naïve)", false)
                .iter()
                .all(|h| bloom.may_hold(*h))
        );
    }

    #[test]
    fn declarations_are_held_as_such() {
        let src = "func Place(ctx Ctx) {}\nfunc (s *S) Save[T any](x T) {}\nvar Other = Place(1)\n";
        let bloom = WordBloom::of(src.as_bytes());
        for d in ["Place", "Save"] {
            assert!(required_decl(d).iter().all(|h| bloom.may_hold(*h)), "{d}");
        }
        assert!(!required_decl("Other").iter().all(|h| bloom.may_hold(*h)));
        assert!(!required_decl("Ctx").iter().all(|h| bloom.may_hold(*h)));
    }

    #[test]
    fn quoted_strings_are_held_whole() {
        let src = "t := \"order.placed\" + \"v1\"\ns := `raw` + \"naïve\"\n";
        let bloom = WordBloom::of(src.as_bytes());
        for q in ["\"order.placed\"", "\"v1\"", "\"naïve\""] {
            let need = required_words(q, false, false);
            assert_eq!(need.len(), 1);
            assert!(need.iter().all(|h| bloom.may_hold(*h)), "{q}");
        }
        let absent = required_words("\"order.paid\"", false, false);
        assert!(!absent.iter().all(|h| bloom.may_hold(*h)));
    }
}
