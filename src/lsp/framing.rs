//! Reading LSP frames (`Content-Length: N\r\n\r\n` then N bytes) from a peer
//! that may be hostile or broken, as `lsp-server`'s reader does not: a frame
//! longer than the limit is skipped without being held (never allocating
//! ahead of what was read), a malformed header resynchronises on the next
//! `Content-Length:` instead of reading every later message out of step,
//! and header lines are bounded too.

use std::io::{self, BufRead, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use lsp_server::{Message, RequestId};

/// The default limit of a message body: 64 MiB.
pub const DEFAULT_MAX_MESSAGE: u64 = 64 * 1024 * 1024;

/// The longest header line read; a longer one is garbage.
const MAX_HEADER_LINE: usize = 8 * 1024;

/// How much of an oversized body is kept, to find its request's `id`.
const ID_PREFIX: usize = 4 * 1024;

/// The header name that starts a frame, in lower case.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// What one read yields.
#[derive(Debug)]
pub enum Frame {
    Message(Message),
    /// A body that is no JSON-RPC message: skipped.
    Malformed(String),
    /// A body over the limit: its bytes were skipped. `id` is the request's,
    /// when the start of the body names one.
    Oversized {
        id: Option<RequestId>,
        size: u64,
    },
    /// The header was broken (why): bytes were skipped up to the next
    /// `Content-Length:`, which the next read starts from.
    Resynced(String),
}

/// Frames from `inp`; `limit` is the largest body accepted, changeable
/// while reading (the client sets it with an initialization option).
pub struct Reader<R> {
    inp: R,
    limit: Arc<AtomicU64>,
    /// The last header was broken: skip to the next `Content-Length:`.
    resync: bool,
    /// Bytes of an oversized body still to drop before the next frame.
    skip: u64,
}

impl<R: BufRead> Reader<R> {
    pub fn new(inp: R, limit: Arc<AtomicU64>) -> Self {
        Self {
            inp,
            limit,
            resync: false,
            skip: 0,
        }
    }

    /// The next frame; `None` at the end of the input.
    ///
    /// # Errors
    /// Only the input's own errors.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        let mut length: Option<Result<u64, String>> = None;
        let mut any_header = false;
        if !self.drop_skipped()? {
            return Ok(None);
        }
        if self.resync {
            self.resync = false;
            if !self.skip_to_content_length()? {
                return Ok(None);
            }
            // The rest of that line is the value.
            match self.line()? {
                Line::Eof => return Ok(None),
                Line::TooLong => return Ok(Some(self.broken("a header line too long"))),
                Line::Text(value) => {
                    length = Some(parse_length(&value));
                    any_header = true;
                }
            }
        }
        loop {
            let text = match self.line()? {
                Line::Eof => return Ok(None),
                Line::TooLong => return Ok(Some(self.broken("a header line too long"))),
                Line::Text(text) => text,
            };
            if text.is_empty() {
                if any_header {
                    break;
                }
                continue; // blank lines between frames
            }
            any_header = true;
            let Some(colon) = text.iter().position(|b| *b == b':') else {
                return Ok(Some(
                    self.broken(&format!("a header line without `:` ({})", shown(&text))),
                ));
            };
            let (name, value) = text.split_at(colon);
            if name.eq_ignore_ascii_case(b"content-length") {
                length = Some(parse_length(value.get(1..).unwrap_or_default()));
            }
        }
        let size = match length {
            Some(Ok(size)) => size,
            Some(Err(why)) => return Ok(Some(self.broken(&why))),
            None => return Ok(Some(self.broken("a header without Content-Length"))),
        };
        let limit = self.limit.load(Ordering::Relaxed);
        if size > limit {
            return self.skip_body(size).map(Some);
        }
        let mut body = Vec::new();
        // Grows with what arrives: a peer that lies about the length costs
        // only what it sends.
        let read = (&mut self.inp).take(size).read_to_end(&mut body)?;
        if u64::try_from(read).unwrap_or(u64::MAX) < size {
            return Ok(None); // the input ended inside the body
        }
        Ok(Some(match serde_json::from_slice::<Message>(&body) {
            Ok(msg) => Frame::Message(msg),
            Err(e) => Frame::Malformed(format!("malformed message, not JSON-RPC: {e}")),
        }))
    }

    /// A broken header: the next read resynchronises.
    fn broken(&mut self, why: &str) -> Frame {
        self.resync = true;
        Frame::Resynced(why.to_string())
    }

    /// An oversized body: answered at once, from what has arrived of its
    /// start (to find the request's `id`); its bytes are dropped as they
    /// come, before the next frame is read.
    fn skip_body(&mut self, size: u64) -> io::Result<Frame> {
        let buf = self.inp.fill_buf()?;
        let take = buf
            .len()
            .min(ID_PREFIX)
            .min(usize::try_from(size).unwrap_or(usize::MAX));
        let id = request_id(buf.get(..take).unwrap_or_default());
        self.inp.consume(take);
        self.skip = size.saturating_sub(take as u64);
        Ok(Frame::Oversized { id, size })
    }

    /// Drops what is left of an oversized body; `false` at the end of input.
    fn drop_skipped(&mut self) -> io::Result<bool> {
        while self.skip > 0 {
            let buf = self.inp.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let n = buf
                .len()
                .min(usize::try_from(self.skip).unwrap_or(usize::MAX));
            self.inp.consume(n);
            self.skip -= n as u64;
        }
        Ok(true)
    }

    /// Drops bytes up to and including the next `Content-Length:` (any
    /// case); `false` at the end of the input.
    fn skip_to_content_length(&mut self) -> io::Result<bool> {
        let mut matched = 0;
        loop {
            let buf = self.inp.fill_buf()?;
            if buf.is_empty() {
                return Ok(false);
            }
            let mut used = 0;
            let mut found = false;
            for b in buf {
                used += 1;
                let b = b.to_ascii_lowercase();
                // `c` occurs once in the pattern: a mismatch restarts at it.
                if CONTENT_LENGTH.get(matched) == Some(&b) {
                    matched += 1;
                } else {
                    matched = usize::from(b == CONTENT_LENGTH[0]);
                }
                if matched == CONTENT_LENGTH.len() {
                    found = true;
                    break;
                }
            }
            self.inp.consume(used);
            if found {
                return Ok(true);
            }
        }
    }

    /// One line without its `\r\n` (or `\n`), at most [`MAX_HEADER_LINE`]
    /// bytes; a longer line is consumed up to its end and reported.
    fn line(&mut self) -> io::Result<Line> {
        let mut text = Vec::new();
        let mut too_long = false;
        loop {
            let buf = self.inp.fill_buf()?;
            if buf.is_empty() {
                return Ok(if text.is_empty() && !too_long {
                    Line::Eof
                } else if too_long {
                    Line::TooLong
                } else {
                    Line::Text(trim_cr(text))
                });
            }
            let (chunk, end) = match buf.iter().position(|b| *b == b'\n') {
                Some(i) => (&buf[..i], Some(i + 1)),
                None => (buf, None),
            };
            if !too_long {
                if text.len() + chunk.len() > MAX_HEADER_LINE {
                    too_long = true;
                    text.clear();
                } else {
                    text.extend_from_slice(chunk);
                }
            }
            let used = end.unwrap_or(buf.len());
            self.inp.consume(used);
            if end.is_some() {
                return Ok(if too_long {
                    Line::TooLong
                } else {
                    Line::Text(trim_cr(text))
                });
            }
        }
    }
}

enum Line {
    Eof,
    TooLong,
    Text(Vec<u8>),
}

fn trim_cr(mut text: Vec<u8>) -> Vec<u8> {
    if text.last() == Some(&b'\r') {
        text.pop();
    }
    text
}

/// A Content-Length value: decimal digits only, fitting in 64 bits.
fn parse_length(value: &[u8]) -> Result<u64, String> {
    let value = value.trim_ascii();
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Err(format!("an invalid Content-Length ({})", shown(value)));
    }
    std::str::from_utf8(value)
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .ok_or_else(|| format!("a Content-Length too large ({})", shown(value)))
}

/// Bytes for a log line: lossy, at most 40 characters.
fn shown(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let mut out: String = text.chars().take(40).collect();
    if text.chars().count() > 40 {
        out.push('…');
    }
    format!("{out:?}")
}

/// The `id` of a request whose body starts with `prefix`, when the first
/// `"id"` key of the object is there with a number or a string.
fn request_id(prefix: &[u8]) -> Option<RequestId> {
    let text = String::from_utf8_lossy(prefix);
    let mut rest = text.as_ref();
    while let Some(at) = rest.find("\"id\"") {
        let after = rest.get(at + 4..)?.trim_start();
        if let Some(value) = after.strip_prefix(':') {
            let value = value.trim_start();
            if let Some(s) = value.strip_prefix('"') {
                let end = s.find('"')?;
                return Some(RequestId::from(s.get(..end)?.to_string()));
            }
            let digits: String = value
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == '-')
                .collect();
            return digits.parse::<i32>().ok().map(RequestId::from);
        }
        rest = rest.get(at + 4..)?;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frames(input: &[u8], limit: u64) -> Vec<String> {
        let mut r = Reader::new(input, Arc::new(AtomicU64::new(limit)));
        let mut out = Vec::new();
        while let Ok(Some(f)) = r.next_frame() {
            out.push(match f {
                Frame::Message(Message::Request(r)) => format!("request {} {}", r.id, r.method),
                Frame::Message(Message::Notification(n)) => format!("note {}", n.method),
                Frame::Message(Message::Response(r)) => format!("response {}", r.id),
                Frame::Malformed(_) => "malformed".to_string(),
                Frame::Oversized { id, size } => format!("oversized {id:?} {size}"),
                Frame::Resynced(why) => format!("resynced {why}"),
            });
        }
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    const PING: &str = r#"{"jsonrpc":"2.0","id":7,"method":"ping"}"#;

    #[test]
    fn well_formed_frames_are_read() {
        let input = frame(PING) + &frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#);
        assert_eq!(
            frames(input.as_bytes(), 1000),
            ["request 7 ping", "note initialized"]
        );
    }

    #[test]
    fn a_broken_header_resynchronises_on_the_next_one() {
        for bad in [
            "Content-Length: -5\r\n\r\n{}",
            "Content-Length: 123456789012345678901\r\n\r\n{}",
            "Content-Type: x\r\n\r\n{}",
            "garbage without colon\r\n\r\n",
        ] {
            let input = bad.to_string() + &frame(PING);
            let got = frames(input.as_bytes(), 1000);
            assert_eq!(got.len(), 2, "{bad:?}: {got:?}");
            assert!(got[0].starts_with("resynced"), "{bad:?}: {got:?}");
            assert_eq!(got[1], "request 7 ping", "{bad:?}");
        }
    }

    #[test]
    fn an_oversized_body_is_skipped_and_named_by_its_id() {
        let big = format!(
            r#"{{"jsonrpc":"2.0","id":"big","method":"x","params":"{}"}}"#,
            "a".repeat(5000)
        );
        let input = frame(&big) + &frame(PING);
        let got = frames(input.as_bytes(), 1000);
        assert_eq!(
            got,
            [
                format!("oversized Some(RequestId(String(\"big\"))) {}", big.len()),
                "request 7 ping".to_string()
            ]
        );
    }

    #[test]
    fn a_claimed_length_is_never_allocated_ahead() {
        // 10 GB claimed, 3 bytes sent: the input ends inside the body.
        let input = b"Content-Length: 10000000000\r\n\r\nabc";
        let limit = u64::MAX;
        assert!(frames(input, limit).is_empty());
    }

    #[test]
    fn an_endless_header_line_is_bounded() {
        let input = "X".repeat(100_000) + "\r\n\r\n" + &frame(PING);
        let got = frames(input.as_bytes(), 1000);
        assert_eq!(got, ["resynced a header line too long", "request 7 ping"]);
    }

    #[test]
    fn request_ids_are_found_in_the_prefix() {
        assert_eq!(
            request_id(br#"{"jsonrpc":"2.0","id": 12,"#),
            Some(RequestId::from(12))
        );
        assert_eq!(
            request_id(br#"{"id":"a-1"}"#),
            Some(RequestId::from("a-1".to_string()))
        );
        assert_eq!(request_id(br#"{"method":"x","params":{"#), None);
    }
}
