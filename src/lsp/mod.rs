//! `eventlint lsp`: a small Language Server over stdio.
//!
//! Synchronous, on `lsp-server`. The workspace is indexed at `initialize`;
//! an edit re-extracts only the edited file, relinks, reruns every rule, and
//! publishes diagnostics for each file whose set changed (an edit of a
//! publisher updates its subscribers' files). A burst of edits is linted
//! once. Hover on a topic shows its trace; a quick fix inserts an
//! `eventlint:ignore` comment above a finding.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::{Display, Write as _};
use std::io::Write as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use globset::{Glob, GlobSet, GlobSetBuilder};
use lsp_server::{Connection, ErrorCode, Message, Notification, ProtocolError, Request, Response};
use lsp_server::{RequestId, ResponseError};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams, CodeDescription,
    DiagnosticRelatedInformation, DiagnosticSeverity, DidChangeTextDocumentParams,
    DidChangeWatchedFilesParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams, Hover, HoverContents, HoverParams, InitializeParams, Location,
    LogMessageParams, MarkupContent, MarkupKind, MessageType, NumberOrString, Position,
    PositionEncodingKind, PublishDiagnosticsParams, Range, TextEdit, Uri, WorkspaceEdit,
};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::discover::{SourceKind, relative};
use crate::extract::Span;
use crate::model::EventGraph;
use crate::model::render::Views;
use crate::project::{Project, ProjectError, Reextractor, Scan, kind_of};
use crate::rules::Selection;

mod framing;
mod text;

use text::{file_uri, floor, topics_at, uri_path};

const IGNORE: &str = "eventlint:ignore";
const PAGES: &str = "https://github.com/eventlint/eventlint/blob/main/rules/";
/// What the stdio reader hands the server for a frame that is no JSON-RPC message.
const MALFORMED: &str = "$/eventlint/malformedMessage";
/// ... for a frame over the size limit (`{id, size}`): answered with an error.
const OVERSIZED: &str = "$/eventlint/oversizedMessage";
/// ... for a broken header, skipped up to the next frame.
const RESYNCED: &str = "$/eventlint/resynchronised";

/// Why the server stopped abnormally.
#[derive(Debug, thiserror::Error)]
pub enum LspError {
    #[error(transparent)]
    Protocol(#[from] ProtocolError),
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("the client sent `exit` without `shutdown`")]
    ExitWithoutShutdown,
    #[error("the client closed the connection before `initialize`")]
    ClosedBeforeInitialize,
    #[error("internal error: the server panicked")]
    Panicked,
}

/// Serves the Language Server Protocol on standard input and output.
/// Unlike `Connection::stdio`, a frame that is no JSON-RPC message is logged
/// and skipped instead of closing the connection.
///
/// Messages are written from the calling thread: the CLI holds the lock on
/// standard output there.
///
/// # Errors
/// When the client breaks the protocol (see [`serve`]).
pub fn run_stdio() -> Result<(), LspError> {
    let (server, Connection { sender, receiver }) = Connection::memory();
    let limit = Arc::new(AtomicU64::new(framing::DEFAULT_MAX_MESSAGE));
    let reader_limit = Arc::clone(&limit);
    // Not joined: it may be blocked on stdin when the server stops.
    std::thread::spawn(move || {
        let mut frames = framing::Reader::new(std::io::stdin().lock(), reader_limit);
        loop {
            let msg: Message = match frames.next_frame() {
                // The reader's own notifications come from here only.
                Ok(Some(framing::Frame::Message(Message::Notification(n))))
                    if n.method.starts_with("$/eventlint/") =>
                {
                    continue;
                }
                Ok(Some(framing::Frame::Message(msg))) => msg,
                Ok(Some(framing::Frame::Malformed(why))) => {
                    Notification::new(MALFORMED.to_string(), why).into()
                }
                Ok(Some(framing::Frame::Oversized { id, size })) => {
                    Notification::new(OVERSIZED.to_string(), json!({ "id": id, "size": size }))
                        .into()
                }
                Ok(Some(framing::Frame::Resynced(why))) => {
                    Notification::new(RESYNCED.to_string(), why).into()
                }
                Ok(None) | Err(_) => break,
            };
            let exit = matches!(&msg, Message::Notification(n) if n.method == note::Exit::METHOD);
            if sender.send(msg).is_err() || exit {
                break;
            }
        }
    });
    let server = std::thread::spawn(move || serve_with(server, &limit));
    let mut stdout = std::io::stdout().lock();
    // Ends when the server drops its sender, after the last message.
    for msg in receiver {
        if msg.write(&mut stdout).is_err() {
            break;
        }
    }
    server.join().unwrap_or(Err(LspError::Panicked))
}

/// Serves one client on `conn` until `shutdown` and `exit`, or until the
/// connection closes.
///
/// # Errors
/// When the client breaks the protocol: something before `initialize`,
/// `exit` without `shutdown`, or anything but `exit` after `shutdown`.
pub fn serve(conn: Connection) -> Result<(), LspError> {
    serve_with(conn, &AtomicU64::new(framing::DEFAULT_MAX_MESSAGE))
}

/// [`serve`], with the reader's message size limit, which the client's
/// initialization option `maxMessageSize` (bytes) sets.
fn serve_with(conn: Connection, limit: &AtomicU64) -> Result<(), LspError> {
    let (id, params) = loop {
        let (id, params) = initialize_start(&conn)?;
        match serde_json::from_value::<InitializeParams>(params) {
            Ok(p) => break (id, p),
            Err(e) => send(&conn, failure(id, ErrorCode::InvalidParams, e)),
        }
    };
    if let Some(max) = params
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("maxMessageSize"))
        .and_then(Value::as_u64)
        .filter(|m| *m > 0)
    {
        limit.store(max, Ordering::Relaxed);
    }
    let general = params.capabilities.general.as_ref();
    let utf8 = (general.and_then(|g| g.position_encodings.as_ref()))
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
    let encoding = if utf8 { "utf-8" } else { "utf-16" };
    let result = json!({
        "capabilities": {
            "positionEncoding": encoding,
            "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": true } },
            "hoverProvider": true,
            "codeActionProvider": { "codeActionKinds": ["quickfix"] },
        },
        "serverInfo": { "name": "eventlint", "version": env!("CARGO_PKG_VERSION") },
    });
    send(&conn, Response::new_ok(id, result).into());
    let mut server = Server {
        root: root_of(&params),
        canonical_root: None,
        utf8,
        config: Config::default(),
        filter: Filter::default(),
        known: HashSet::new(),
        project: Project::default(),
        re: Reextractor::new()?,
        graph: EventGraph::default(),
        docs: HashMap::new(),
        pending: BTreeSet::new(),
        published: HashMap::new(),
        resynced: false,
        conn,
    };
    server.index();
    server.run()
}

/// Waits for `initialize`, as `Connection::initialize_start` does, but
/// answers an oversized request (its bytes were skipped) with an error
/// instead of dropping it, so that a client never waits for an answer that
/// cannot come.
fn initialize_start(conn: &Connection) -> Result<(RequestId, Value), LspError> {
    loop {
        let Ok(msg) = conn.receiver.recv() else {
            return Err(LspError::ClosedBeforeInitialize);
        };
        match msg {
            Message::Request(r) if r.method == req::Initialize::METHOD => {
                return Ok((r.id, r.params));
            }
            Message::Request(r) => send(
                conn,
                failure(
                    r.id,
                    ErrorCode::ServerNotInitialized,
                    format!("expected `initialize`, got `{}`", r.method),
                ),
            ),
            Message::Notification(n) if n.method == OVERSIZED => {
                if let (_, Some(answer)) = oversized(&n.params) {
                    send(conn, answer);
                }
            }
            Message::Notification(n) if n.method == note::Exit::METHOD => {
                return Err(LspError::ExitWithoutShutdown);
            }
            Message::Notification(_) | Message::Response(_) => {}
        }
    }
}

/// What the reader's `{id, size}` note of an oversized frame says, and the
/// error answering its request when it named one.
fn oversized(params: &Value) -> (String, Option<Message>) {
    let size = params.get("size").and_then(Value::as_u64).unwrap_or(0);
    let message = format!(
        "skipped a message of {size} bytes: over the limit (initialization option `maxMessageSize`)"
    );
    let id = params.get("id").cloned();
    let answer = id
        .and_then(|id| serde_json::from_value::<RequestId>(id).ok())
        .map(|id| failure(id, ErrorCode::InvalidRequest, &message));
    (message, answer)
}

#[allow(deprecated)] // rootUri and rootPath: what many clients still send
fn root_of(p: &InitializeParams) -> Option<PathBuf> {
    let folder = || {
        p.workspace_folders
            .as_ref()?
            .first()
            .and_then(|f| uri_path(&f.uri))
    };
    (p.root_uri.as_ref().and_then(uri_path))
        .or_else(folder)
        .or_else(|| p.root_path.as_ref().map(PathBuf::from))
}

/// An open document.
struct Doc {
    uri: Uri,
    version: i32,
    text: String,
}

/// What was last published for a file: the findings and their LSP form.
struct Published {
    found: Vec<Diagnostic>,
    sent: Vec<lsp_types::Diagnostic>,
}

struct Server {
    conn: Connection,
    root: Option<PathBuf>,
    canonical_root: Option<PathBuf>,
    utf8: bool,
    config: Config,
    filter: Filter,
    /// Files found when the workspace was indexed.
    known: HashSet<String>,
    project: Project,
    re: Reextractor,
    graph: EventGraph,
    /// Open documents by path relative to the root.
    docs: HashMap<String, Doc>,
    /// Files whose text changed since the last lint.
    pending: BTreeSet<String>,
    published: HashMap<String, Published>,
    /// A broken header was met (said once on stderr).
    resynced: bool,
}

impl Server {
    fn run(mut self) -> Result<(), LspError> {
        while let Ok(msg) = self.conn.receiver.recv() {
            match msg {
                Message::Request(r) => {
                    if self.conn.handle_shutdown(&r)? {
                        return Ok(());
                    }
                    let (id, method) = (r.id.clone(), r.method.clone());
                    if !self.guarded(&method, |s| s.request(r)) {
                        send(&self.conn, failure(id, ErrorCode::InternalError, method));
                    }
                }
                Message::Notification(n) if n.method == note::Exit::METHOD => {
                    return Err(LspError::ExitWithoutShutdown);
                }
                Message::Notification(n) => _ = self.guarded(&n.method.clone(), |s| s.notify(n)),
                Message::Response(_) => {}
            }
            // Lint once the burst of edits queued so far has been read.
            if !self.pending.is_empty() && self.conn.receiver.is_empty() {
                self.guarded("lint", Server::flush);
            }
        }
        Ok(())
    }

    /// Runs `f`; a panic (a bug) is logged and the server goes on.
    fn guarded(&mut self, what: &str, f: impl FnOnce(&mut Self)) -> bool {
        let ok = catch_unwind(AssertUnwindSafe(|| f(self))).is_ok();
        if !ok {
            self.log(MessageType::ERROR, format!("internal error in {what}"));
        }
        ok
    }

    fn request(&mut self, r: Request) {
        self.flush(); // answers reflect every edit received so far
        let Request { id, method, params } = r;
        let result = match method.as_str() {
            req::HoverRequest::METHOD => parse(params).map(|p| to_json(self.hover(&p))),
            req::CodeActionRequest::METHOD => parse(params).map(|p| to_json(self.code_actions(&p))),
            _ => Err(error(
                ErrorCode::MethodNotFound,
                format!("unknown request `{method}`"),
            )),
        };
        if let Err(e) = &result {
            self.log(MessageType::WARNING, &e.message);
        }
        send(
            &self.conn,
            Response {
                id,
                response_result: result,
            }
            .into(),
        );
    }

    fn notify(&mut self, n: Notification) {
        let Notification { method, params } = n;
        let result = match method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                parse(params).map(|p: DidOpenTextDocumentParams| {
                    let d = p.text_document;
                    self.set_doc(d.uri, d.version, d.text);
                })
            }
            note::DidChangeTextDocument::METHOD => {
                parse(params).map(|p: DidChangeTextDocumentParams| {
                    let d = p.text_document;
                    // Full sync: a change without a range holds the whole text.
                    let full = p
                        .content_changes
                        .into_iter()
                        .rev()
                        .find(|c| c.range.is_none());
                    match full {
                        Some(c) => self.set_doc(d.uri, d.version, c.text),
                        None => self.log(MessageType::WARNING, "ignored an incremental change"),
                    }
                })
            }
            note::DidSaveTextDocument::METHOD => parse(params).map(|p| self.saved(&p)),
            note::DidCloseTextDocument::METHOD => parse(params).map(|p| self.closed(&p)),
            note::DidChangeWatchedFiles::METHOD => parse(params).map(|p| self.watched(&p)),
            MALFORMED => {
                self.log(MessageType::WARNING, format!("skipped: {params}"));
                Ok(())
            }
            OVERSIZED => {
                let (message, answer) = oversized(&params);
                self.log(MessageType::WARNING, &message);
                if let Some(answer) = answer {
                    send(&self.conn, answer);
                }
                Ok(())
            }
            RESYNCED => {
                // Once on stderr: a client that sends broken headers sends many.
                if !self.resynced {
                    self.resynced = true;
                    let _ = writeln!(
                        std::io::stderr(),
                        "eventlint lsp: skipped a broken message header ({}); reading on from the next one",
                        params.as_str().unwrap_or_default()
                    );
                }
                self.log(
                    MessageType::WARNING,
                    format!("skipped a broken message header: {params}"),
                );
                Ok(())
            }
            _ => Ok(()), // `initialized`, `$/cancelRequest`, ...: nothing to do
        };
        if let Err(e) = result {
            self.log(MessageType::WARNING, &e.message);
        }
    }

    /// Records an open document's text; it is linted when the burst ends.
    fn set_doc(&mut self, uri: Uri, version: i32, text: String) {
        let Some(rel) = self.rel(&uri).filter(|r| self.tracked(r)) else {
            return;
        };
        // Re-extracted even when opened as on disk: the disk may have changed.
        if self.docs.get(&rel).is_none_or(|d| d.text != text) {
            self.pending.insert(rel.clone());
        }
        self.docs.insert(rel, Doc { uri, version, text });
    }

    fn saved(&mut self, p: &DidSaveTextDocumentParams) {
        let Some(rel) = self.rel(&p.text_document.uri) else {
            return;
        };
        if rel == "eventlint.yaml" {
            self.log(MessageType::INFO, "eventlint.yaml saved: indexing again");
            self.index();
        } else if let (Some(text), Some(doc)) = (&p.text, self.docs.get_mut(&rel))
            && doc.text != *text
        {
            doc.text.clone_from(text);
            self.pending.insert(rel);
        }
    }

    /// A closed document goes back to the text on disk.
    fn closed(&mut self, p: &DidCloseTextDocumentParams) {
        if let Some(rel) = self.rel(&p.text_document.uri)
            && self.docs.remove(&rel).is_some()
        {
            self.pending.insert(rel);
        }
    }

    /// Files changed on disk (a checkout, a formatter): re-read unless open.
    fn watched(&mut self, p: &DidChangeWatchedFilesParams) {
        let rels: Vec<String> = p.changes.iter().filter_map(|c| self.rel(&c.uri)).collect();
        for rel in rels {
            if rel == "eventlint.yaml" {
                return self.index();
            }
            if !self.docs.contains_key(&rel) && self.tracked(&rel) {
                self.pending.insert(rel);
            }
        }
    }

    /// Loads the configuration and every file, then lints.
    fn index(&mut self) {
        let Some(root) = self.root.clone() else {
            return self.log(MessageType::WARNING, "no workspace folder: nothing to lint");
        };
        let started = std::time::Instant::now();
        let path = root.join("eventlint.yaml");
        self.config = Config::default();
        if path.is_file() {
            match Config::load(&path) {
                Ok(c) => self.config = c,
                Err(e) => self.log(MessageType::ERROR, format!("{e}; using the defaults")),
            }
        }
        self.filter = Filter::new(&self.config);
        self.canonical_root = root.canonicalize().ok();
        // Edits re-extract one file and relink without asking for more files,
        // so the editor keeps every file's facts: a full parse at start-up.
        self.project =
            Project::load_with(&root, &self.config, None, Scan::Full).unwrap_or_else(|e| {
                self.log(MessageType::ERROR, format!("{}: {e}", root.display()));
                Project::default()
            });
        let p = &self.project;
        self.known = (p.files.iter().map(|f| f.path.clone()))
            .chain(p.problems.iter().map(|f| f.path.clone()))
            .chain(p.gomods.iter().map(|(d, _)| format!("{d}/go.mod")))
            .map(|s| s.trim_start_matches('/').to_string())
            .collect();
        for p in &self.project.problems {
            self.log(MessageType::WARNING, format!("{}: {}", p.path, p.message));
        }
        // Open buffers win over the files on disk.
        self.pending.extend(self.docs.keys().cloned());
        self.apply_pending();
        self.lint(&BTreeSet::new());
        let (files, ms) = (self.project.files_scanned, started.elapsed().as_millis());
        self.log(
            MessageType::INFO,
            format!("indexed {files} files in {ms} ms"),
        );
    }

    /// Whether `eventlint check` would read this file.
    fn tracked(&self, rel: &str) -> bool {
        self.known.contains(rel) || self.filter.accepts(rel)
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let changed = self.apply_pending();
            self.lint(&changed);
        }
    }

    /// Re-extracts each pending file from its buffer, or from disk once closed.
    fn apply_pending(&mut self) -> BTreeSet<String> {
        let pending = std::mem::take(&mut self.pending);
        for rel in &pending {
            match self.text(rel) {
                Some(text) => _ = self.project.set_file(&mut self.re, rel, &text),
                None => self.project.remove_file(rel),
            }
        }
        pending
    }

    /// Relinks, runs every rule, and publishes each file whose findings
    /// changed (and each `changed` file: its text moved).
    fn lint(&mut self, changed: &BTreeSet<String>) {
        self.graph = self.project.graph(&self.config);
        let checked = (self.project).check(&self.graph, &self.config, &Selection::default(), false);
        let mut by_path: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
        for d in checked.diagnostics {
            by_path.entry(d.path.clone()).or_default().push(d);
        }
        let mut paths: BTreeSet<String> = self.published.keys().cloned().collect();
        paths.extend(by_path.keys().cloned());
        let mut texts = Texts::new();
        for path in paths {
            let found = by_path.remove(&path).unwrap_or_default();
            let old = self.published.get(&path);
            if old.is_some_and(|o| o.found == found) && !changed.contains(&path) {
                continue;
            }
            let sent: Vec<_> = found.iter().map(|d| self.to_lsp(d, &mut texts)).collect();
            if old.is_none_or(|o| o.sent != sent)
                && let Some(uri) = self.uri(&path)
            {
                let version = self.docs.get(&path).map(|d| d.version);
                let params = PublishDiagnosticsParams::new(uri, sent.clone(), version);
                send_note::<note::PublishDiagnostics>(&self.conn, params);
            }
            if found.is_empty() {
                self.published.remove(&path);
            } else {
                self.published.insert(path, Published { found, sent });
            }
        }
    }

    fn to_lsp(&self, d: &Diagnostic, texts: &mut Texts) -> lsp_types::Diagnostic {
        let related: Vec<_> = (d.related.iter())
            .filter_map(|r| {
                let location =
                    Location::new(self.uri(&r.path)?, self.range(texts, &r.path, r.span));
                let message = r.message.clone();
                Some(DiagnosticRelatedInformation { location, message })
            })
            .collect();
        let message = match &d.help {
            Some(help) => format!("{}\n{help}", d.message),
            None => d.message.clone(),
        };
        let href = format!("{PAGES}{}-{}.md", d.code, d.rule).parse().ok();
        lsp_types::Diagnostic {
            range: self.range(texts, &d.path, d.span),
            severity: Some(match d.severity {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
                Severity::Info => DiagnosticSeverity::INFORMATION,
            }),
            code: Some(NumberOrString::String(d.code.to_string())),
            code_description: href.map(|href| CodeDescription { href }),
            source: Some("eventlint".to_string()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }

    /// A span as an LSP range in the negotiated encoding.
    fn range(&self, texts: &mut Texts, rel: &str, span: Span) -> Range {
        let lines = (texts.entry(rel.to_string())).or_insert_with(|| {
            (self.text(rel)).map(|t| t.split('\n').map(str::to_string).collect())
        });
        let pos = |line: u32, column: u32| {
            let (line, byte) = (line.saturating_sub(1), column.saturating_sub(1) as usize);
            let text = lines.as_ref().and_then(|l| l.get(line as usize));
            let fallback = u32::try_from(byte).unwrap_or(u32::MAX);
            Position::new(line, text.map_or(fallback, |t| self.column(t, byte)))
        };
        let start = pos(span.line, span.column);
        Range::new(start, pos(span.end_line, span.end_column).max(start))
    }

    fn hover(&self, p: &HoverParams) -> Option<Hover> {
        let at = &p.text_document_position_params;
        let rel = self.rel(&at.text_document.uri)?;
        let text = self.text(&rel)?;
        let line = text.split('\n').nth(at.position.line as usize)?;
        let yaml = kind_of(&rel) == Some(SourceKind::Yaml);
        let byte = self.byte(line, at.position.character);
        let (start, end, topics) = topics_at(&self.graph, line, byte, yaml);
        let mut value = String::new();
        for t in topics {
            let mut trace = Vec::new();
            Views::new(&self.graph)
                .write_trace_text(t, &mut trace)
                .ok()?;
            let _ = write!(value, "```text\n{}```\n", String::from_utf8_lossy(&trace));
        }
        if value.is_empty() {
            return None;
        }
        let pos = |b: usize| Position::new(at.position.line, self.column(line, b));
        let kind = MarkupKind::Markdown;
        let contents = HoverContents::Markup(MarkupContent { kind, value });
        let range = Some(Range::new(pos(start), pos(end)));
        Some(Hover { contents, range })
    }

    fn code_actions(&self, p: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let quickfix = CodeActionKind::QUICKFIX;
        let wanted = (p.context.only.as_ref())
            .is_none_or(|o| o.iter().any(|k| quickfix.as_str().starts_with(k.as_str())));
        let uri = &p.text_document.uri;
        let Some(rel) = self.rel(uri).filter(|_| wanted) else {
            return Vec::new();
        };
        let Some(published) = self.published.get(&rel) else {
            return Vec::new();
        };
        let text = self.text(&rel).unwrap_or_default();
        let yaml = kind_of(&rel) == Some(SourceKind::Yaml);
        let comment = if yaml { "# " } else { "//" };
        let mut seen = HashSet::new();
        let mut actions = Vec::new();
        for d in &published.sent {
            let line = d.range.start.line;
            let Some(NumberOrString::String(code)) = &d.code else {
                continue;
            };
            let apart = line > p.range.end.line || p.range.start.line > d.range.end.line;
            if apart || !seen.insert((line, code)) {
                continue;
            }
            let indent: String = (text.split('\n').nth(line as usize).unwrap_or_default())
                .chars()
                .take_while(|c| *c == ' ' || *c == '\t')
                .collect();
            let at = Position::new(line, 0);
            let edit = TextEdit::new(
                Range::new(at, at),
                format!("{indent}{comment}{IGNORE} {code} -- \n"),
            );
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Ignore {code} here ({IGNORE})"),
                kind: Some(quickfix.clone()),
                diagnostics: Some(vec![d.clone()]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    uri.clone(),
                    vec![edit],
                )]))),
                ..CodeAction::default()
            }));
        }
        actions
    }

    /// A position's character in `line` as a byte offset.
    fn byte(&self, line: &str, character: u32) -> usize {
        let mut bounds = line.char_indices().map(|(i, _)| i).chain([line.len()]);
        bounds
            .find(|i| self.column(line, *i) >= character)
            .unwrap_or(line.len())
    }

    /// A byte offset in `line` as a position's character.
    fn column(&self, line: &str, byte: usize) -> u32 {
        let prefix = line.get(..floor(line, byte)).unwrap_or_default();
        let utf16 = prefix.encode_utf16().count();
        u32::try_from(if self.utf8 { prefix.len() } else { utf16 }).unwrap_or(u32::MAX)
    }

    /// A file's text as the editor sees it.
    fn text(&self, rel: &str) -> Option<String> {
        (self.docs.get(rel)).map_or_else(|| self.read(rel), |d| Some(d.text.clone()))
    }

    fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.root.as_deref()?.join(rel)).ok()
    }

    /// The path of a document under the root, `None` for one outside it.
    fn rel(&self, uri: &Uri) -> Option<String> {
        let path = uri_path(uri)?;
        let rel = relative(self.root.as_deref()?, &path).or_else(|| {
            let canonical = self.canonical_root.as_deref()?;
            relative(canonical, &path).or_else(|| relative(canonical, &path.canonicalize().ok()?))
        })?;
        (!rel.split('/').any(|c| c == ".." || c == ".")).then_some(rel)
    }

    /// The URI of a file: the editor's own for an open document.
    fn uri(&self, rel: &str) -> Option<Uri> {
        match self.docs.get(rel) {
            Some(d) => Some(d.uri.clone()),
            None => file_uri(&self.root.as_deref()?.join(rel)),
        }
    }

    fn log(&self, typ: MessageType, message: impl Display) {
        let message = message.to_string();
        send_note::<note::LogMessage>(&self.conn, LogMessageParams { typ, message });
    }
}

/// The lines of each file of one publish, read once.
type Texts = HashMap<String, Option<Vec<String>>>;

/// `include`/`exclude` and `tests` of the configuration, for files created
/// after indexing.
#[derive(Default)]
struct Filter {
    include: GlobSet,
    exclude: GlobSet,
    tests: bool,
}

impl Filter {
    fn new(config: &Config) -> Self {
        let set = |globs: &[String]| {
            let mut b = GlobSetBuilder::new();
            for g in globs.iter().filter_map(|g| Glob::new(g).ok()) {
                b.add(g);
            }
            b.build().unwrap_or_default()
        };
        let (include, exclude, tests) = (set(&config.include), set(&config.exclude), config.tests);
        Self {
            include,
            exclude,
            tests,
        }
    }

    fn accepts(&self, rel: &str) -> bool {
        let included = match kind_of(rel) {
            None => false,
            Some(SourceKind::GoMod) => true,
            Some(_) => self.include.is_match(rel) && (self.tests || !rel.ends_with("_test.go")),
        };
        included && !self.exclude.is_match(rel)
    }
}

fn parse<P: DeserializeOwned>(params: Value) -> Result<P, ResponseError> {
    serde_json::from_value(params)
        .map_err(|e| error(ErrorCode::InvalidParams, format!("invalid params: {e}")))
}

fn error(code: ErrorCode, message: String) -> ResponseError {
    ResponseError {
        code: code as i32,
        message,
        data: None,
    }
}

fn to_json(value: impl serde::Serialize) -> Value {
    serde_json::to_value(value).unwrap_or_default()
}

fn failure(id: RequestId, code: ErrorCode, message: impl Display) -> Message {
    let response_result = Err(error(code, message.to_string()));
    Response {
        id,
        response_result,
    }
    .into()
}

fn send(conn: &Connection, msg: Message) {
    // A closed channel ends the main loop; nothing to do here.
    let _ = conn.sender.send(msg);
}

fn send_note<N: note::Notification>(conn: &Connection, params: N::Params) {
    send(
        conn,
        Notification::new(N::METHOD.to_string(), params).into(),
    );
}
