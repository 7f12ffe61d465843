//! The language server against a hostile or broken peer, over real stdio
//! bytes: a message claiming gigabytes, broken headers, an oversized
//! request, `exit` without `shutdown`. It answers, stays in step, and never
//! allocates what a header claims.

#![allow(clippy::expect_used, clippy::unwrap_used, clippy::panic)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{Value, json};

const WAIT: Duration = Duration::from_secs(10);

struct Server {
    child: Child,
    stdin: ChildStdin,
    frames: mpsc::Receiver<Value>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn frame(value: &Value) -> Vec<u8> {
    let body = value.to_string();
    format!("Content-Length: {}\r\n\r\n{body}", body.len()).into_bytes()
}

impl Server {
    fn start(init_options: Value) -> (Server, tempfile::TempDir) {
        let (mut server, dir) = Server::spawn();
        let root = format!("file://{}", dir.path().display());
        server.put(&frame(&json!({ "jsonrpc": "2.0", "id": 0, "method": "initialize", "params": { "processId": null, "rootUri": root, "capabilities": {}, "initializationOptions": init_options } })));
        assert_eq!(
            server.answer(0)["result"]["serverInfo"]["name"],
            "eventlint"
        );
        server.put(&frame(
            &json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }),
        ));
        (server, dir)
    }

    /// The server, not yet initialized, in an empty folder.
    fn spawn() -> (Server, tempfile::TempDir) {
        let dir = tempfile::tempdir().unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_eventlint"))
            .arg("lsp")
            .current_dir(dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, frames) = mpsc::channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = 0;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    if line.trim_end().is_empty() {
                        break;
                    }
                    if let Some(n) = line.trim_end().strip_prefix("Content-Length: ") {
                        length = n.parse().unwrap();
                    }
                }
                let mut body = vec![0; length];
                if r.read_exact(&mut body).is_err()
                    || tx.send(serde_json::from_slice(&body).unwrap()).is_err()
                {
                    return;
                }
            }
        });
        (
            Server {
                child,
                stdin,
                frames,
            },
            dir,
        )
    }

    fn put(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, id: i64, method: &str) -> Vec<u8> {
        frame(&json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": null }))
    }

    /// The response to request `id`, skipping notifications.
    fn answer(&self, id: i64) -> Value {
        loop {
            let msg = self
                .frames
                .recv_timeout(WAIT)
                .expect("an answer within 10 s");
            if msg["id"] == id {
                return msg;
            }
        }
    }

    /// Shuts down properly; the exit status.
    fn stop(mut self) -> (i32, String) {
        let bytes = self.request(999, "shutdown");
        self.put(&bytes);
        let _ = self.answer(999);
        self.put(&frame(&json!({ "jsonrpc": "2.0", "method": "exit" })));
        self.finish()
    }

    fn finish(mut self) -> (i32, String) {
        let status = self.child.wait().unwrap();
        let mut err = String::new();
        if let Some(mut e) = self.child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        (status.code().unwrap_or(-1), err)
    }
}

#[test]
fn broken_headers_resynchronise_and_every_later_request_is_answered() {
    let (mut s, _dir) = Server::start(Value::Null);
    for (i, bad) in [
        "Content-Length: -5\r\n\r\n{}".to_string(),
        "Content-Length: 12345678901234567890123\r\n\r\n{}".to_string(),
        "Content-Type: application/json\r\n\r\n{\"jsonrpc\":\"2.0\"}".to_string(),
        "no header at all\r\n\r\n".to_string(),
    ]
    .iter()
    .enumerate()
    {
        s.put(bad.as_bytes());
        let id = i64::try_from(i).unwrap() + 1;
        let request = s.request(id, "no/such/method");
        s.put(&request);
        assert_eq!(s.answer(id)["error"]["code"], -32601, "after {bad:?}");
    }
    let (code, err) = s.stop();
    assert_eq!(code, 0);
    // Said once on stderr, however many broken headers came.
    assert_eq!(err.matches("broken message header").count(), 1, "{err}");
}

#[test]
fn a_message_claiming_gigabytes_costs_only_what_it_sends() {
    let (mut s, _dir) = Server::start(Value::Null);
    // 10 GB claimed: skipped as oversized, never allocated; its id is named.
    let body = r#"{"jsonrpc":"2.0","id":5,"method":"x","params":"#;
    s.put(format!("Content-Length: 10000000000\r\n\r\n{body}").as_bytes());
    let answer = s.answer(5);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("maxMessageSize")
    );
    // The server is alive; its memory stayed small.
    let status =
        std::fs::read_to_string(format!("/proc/{}/status", s.child.id())).unwrap_or_default();
    let rss_kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    assert!(rss_kb < 200_000, "resident {rss_kb} kB");
    // Still answering (the rest of the 10 GB never comes): killed on drop.
}

#[test]
fn the_limit_is_an_initialization_option_and_the_next_message_is_read() {
    let (mut s, _dir) = Server::start(json!({ "maxMessageSize": 200 }));
    let big = frame(
        &json!({ "jsonrpc": "2.0", "id": 3, "method": "textDocument/hover", "params": { "pad": "x".repeat(500) } }),
    );
    s.put(&big);
    let answer = s.answer(3);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let request = s.request(4, "no/such/method");
    s.put(&request);
    assert_eq!(s.answer(4)["error"]["code"], -32601);
    assert_eq!(s.stop().0, 0);
}

#[test]
fn exit_without_shutdown_ends_with_status_1() {
    let (mut s, _dir) = Server::start(Value::Null);
    s.put(&frame(&json!({ "jsonrpc": "2.0", "method": "exit" })));
    let (code, err) = s.finish();
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("without `shutdown`"), "{err}");
}

/// An `initialize` over the limit is answered (the client would otherwise
/// wait for ever), and a later one that fits starts the server.
#[test]
fn an_oversized_initialize_is_answered_and_a_later_one_starts_the_server() {
    let (mut s, dir) = Server::spawn();
    let root = format!("file://{}", dir.path().display());
    let big = json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": { "processId": null, "rootUri": root, "capabilities": {}, "pad": "x".repeat(70 * 1024 * 1024) } });
    s.put(&frame(&big));
    let answer = s.answer(1);
    assert_eq!(answer["error"]["code"], -32600, "{answer}");
    let init = json!({ "jsonrpc": "2.0", "id": 2, "method": "initialize", "params": { "processId": null, "rootUri": root, "capabilities": {} } });
    s.put(&frame(&init));
    assert_eq!(s.answer(2)["result"]["serverInfo"]["name"], "eventlint");
}
