//! The library pipeline shared by the CLI and the language server:
//! discover → extract (parallel) → link.

use std::path::{Path, PathBuf};
use std::time::Instant;

use aho_corasick::AhoCorasick;
use rayon::prelude::*;

use crate::cache::{self, Cache};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, assign_fingerprints};
use crate::discover::{SourceFile, SourceKind, discover};
use crate::extract::go::GoExtractor;
use crate::extract::gomod::{GoMod, parse_go_mod};
use crate::extract::yaml::extract_yaml;
use crate::extract::{Facts, FileFacts, Span};
use crate::model::{Demands, EventGraph, link_demanding};
use crate::rules::{self, Selection};
use crate::suppress;
use crate::words::WordBloom;

/// How many times linking may ask for more files.
const MAX_DEMAND_ROUNDS: usize = 16;

/// How files are chosen for parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scan {
    /// Parse every file.
    Full,
    /// Parse the files whose bytes mention event code, then whatever
    /// linking asks for (constants, types, functions, routes they name).
    Prescan,
}

mod prescan;

use prescan::{Unparsed, seed_matcher, select};

/// Files larger than this are skipped by default (`max_file_size`).
pub const MAX_FILE_SIZE: u64 = crate::config::DEFAULT_MAX_FILE_SIZE;

/// A file eventlint could not (fully) read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub path: String,
    /// Where in the file: only problems inside a Dapr manifest (YAML that
    /// does not parse, a field of the wrong type) have one; a file skipped
    /// whole has none.
    pub span: Option<Span>,
    pub message: String,
    /// The fix, for a problem of a Dapr manifest (rule EC018).
    pub help: Option<String>,
}

impl FileProblem {
    /// A problem inside a Dapr manifest, which Dapr rejects too (not one
    /// of the reader's own limits): rule EC018 rather than EC017.
    pub fn in_manifest(&self) -> bool {
        self.span.is_some() && self.help.is_some()
    }
}

/// Everything extracted from a repository.
#[derive(Debug, Default)]
pub struct Project {
    pub root: PathBuf,
    /// The root directory's name (names a service whose module is the root).
    pub root_name: String,
    /// Facts of every Go and YAML file, sorted by path.
    pub files: Vec<FileFacts>,
    /// `go.mod` directories (relative, `""` for the root) with their contents.
    pub gomods: Vec<(String, GoMod)>,
    pub problems: Vec<FileProblem>,
    /// Said once on stderr by the CLI: why the cache is off for this run.
    pub warnings: Vec<String>,
    /// Go and YAML files considered.
    pub files_scanned: usize,
    /// Go files whose bytes showed nothing linking needed: never parsed.
    pub unparsed_go: Vec<String>,
    pub elapsed: std::time::Duration,
    /// The graph linking computed last while loading, when no file was
    /// parsed after it (see [`Project::take_graph`]).
    linked: Option<EventGraph>,
}

/// Errors that stop a run (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("{0}: no such directory")]
    NoRoot(String),
    #[error(transparent)]
    Extract(#[from] crate::extract::go::ExtractError),
    #[error("could not start {jobs} worker threads: {source}")]
    Threads {
        jobs: usize,
        source: rayon::ThreadPoolBuildError,
    },
}

/// `EVENTLINT_TIMINGS=1` prints how long each phase of a run took to
/// stderr (for profiling; the format is not a contract).
pub struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    pub fn start() -> Self {
        Self {
            on: std::env::var_os("EVENTLINT_TIMINGS").is_some_and(|v| !v.is_empty()),
            last: Instant::now(),
        }
    }

    /// Prints the time since the previous mark, labelled `what`.
    pub fn mark(&mut self, what: std::fmt::Arguments<'_>) {
        if self.on {
            let now = Instant::now();
            let ms = now.duration_since(self.last).as_secs_f64() * 1000.0;
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr().lock(),
                format_args!("eventlint: {ms:8.1} ms  {what}\n"),
            );
            self.last = now;
        }
    }
}

enum Outcome {
    Facts(Box<FileFacts>),
    /// A Go file the pre-scan found nothing in, with the words its bytes hold.
    Skipped(WordBloom),
    GoMod(String, GoMod),
    Problem(FileProblem),
}

impl Project {
    /// Discovers, reads and extracts every file under `root`.
    ///
    /// # Errors
    /// When `root` is not a directory or the worker threads cannot start.
    pub fn load(root: &Path, config: &Config, jobs: Option<usize>) -> Result<Self, ProjectError> {
        Self::load_with(root, config, jobs, Scan::Prescan)
    }

    /// Loads with an explicit scanning strategy; both give the same graph.
    ///
    /// # Errors
    /// When `root` is not a directory or the worker threads cannot start.
    pub fn load_with(
        root: &Path,
        config: &Config,
        jobs: Option<usize>,
        scan: Scan,
    ) -> Result<Self, ProjectError> {
        Self::load_opts(root, config, jobs, scan, false)
    }

    /// Loads as the command line does: with `cache`, facts of files whose
    /// bytes did not change come from `ROOT/.eventlint-cache`, and the cache
    /// is updated at the end.
    ///
    /// # Errors
    /// When `root` is not a directory or the worker threads cannot start.
    pub fn load_opts(
        root: &Path,
        config: &Config,
        jobs: Option<usize>,
        scan: Scan,
        cache: bool,
    ) -> Result<Self, ProjectError> {
        Self::load_observed(root, config, jobs, scan, cache, &crate::progress::Silent)
    }

    /// [`Project::load_opts`], telling `progress` how far it got: each file
    /// read or parsed, and each round of linking.
    ///
    /// # Errors
    /// When `root` is not a directory or the worker threads cannot start.
    pub fn load_observed(
        root: &Path,
        config: &Config,
        jobs: Option<usize>,
        scan: Scan,
        cache: bool,
        progress: &dyn crate::progress::Progress,
    ) -> Result<Self, ProjectError> {
        let started = Instant::now();
        if !root.is_dir() {
            return Err(ProjectError::NoRoot(root.display().to_string()));
        }
        let root_name = root
            .canonicalize()
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_else(|| ".".to_string());
        let mut timings = Timings::start();
        progress.phase("discovering", None);
        let (sources, walk_problems) = discover(root, config);
        timings.mark(format_args!("discover: {} files", sources.len()));
        let extractor = GoExtractor::new()?;
        // Fail early if the grammar cannot load, rather than once per file.
        extractor.parser()?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.unwrap_or(0))
            .build()
            .map_err(|source| ProjectError::Threads {
                jobs: jobs.unwrap_or(0),
                source,
            })?;
        let seeds = match scan {
            Scan::Full => None,
            Scan::Prescan => seed_matcher(config),
        };
        let mut cache = if cache {
            Cache::open(root, sources.len())
        } else {
            Cache::disabled()
        };
        let refused = cache.refused().map(str::to_string);
        let extract_all = |files: &[&SourceFile],
                           seeds: Option<&AhoCorasick>,
                           cache: &mut Cache|
         -> Vec<Outcome> {
            let done: Vec<(Outcome, Option<u64>, bool)> = pool.install(|| {
                files
                    .par_iter()
                    .map_init(
                        || extractor.parser().ok(),
                        |parser, src| {
                            progress.advance(1);
                            extract_source(
                                &extractor,
                                parser.as_mut(),
                                src,
                                seeds,
                                cache,
                                config.max_file_size,
                            )
                        },
                    )
                    .collect()
            });
            done.into_iter()
                .zip(files)
                .map(|((outcome, hash, from_cache), src)| {
                    if from_cache {
                        // Unchanged: the stored bytes stay, not encoded again.
                        cache.keep(&src.rel);
                    } else if let Some(h) = hash.filter(|_| cache.enabled()) {
                        let entry = match &outcome {
                            Outcome::Facts(f) => Some(cache::EntryRef::Facts(f)),
                            Outcome::GoMod(d, m) => Some(cache::EntryRef::GoMod(d, m)),
                            Outcome::Skipped(..) => Some(cache::EntryRef::Skipped),
                            Outcome::Problem(_) => None,
                        };
                        if let Some(e) = entry {
                            cache.put(&src.rel, h, &e);
                        }
                    }
                    outcome
                })
                .collect()
        };
        let all: Vec<&SourceFile> = sources.iter().collect();
        progress.phase("reading", Some(all.len() as u64));
        let outcomes = extract_all(&all, seeds.as_ref(), &mut cache);
        timings.mark(format_args!("read, pre-scan and extract"));
        let mut project = Project {
            root: root.to_path_buf(),
            root_name,
            files_scanned: sources
                .iter()
                .filter(|s| s.kind != SourceKind::GoMod)
                .count(),
            warnings: refused.into_iter().collect(),
            ..Project::default()
        };
        for p in walk_problems {
            project.problems.push(FileProblem {
                path: p.path,
                span: None,
                message: p.message,
                help: None,
            });
        }
        let mut unparsed: Vec<Unparsed<'_>> = Vec::new();
        project.absorb(outcomes, &all, &mut unparsed);
        // Parse what linking asks for, until it asks for nothing new. Files
        // already checked against earlier demands are only checked against
        // the new ones.
        let mut asked = Demands::default();
        // The graph of the last link, while no file was parsed after it.
        let mut linked: Option<EventGraph> = None;
        let go_total = sources.iter().filter(|s| s.kind == SourceKind::Go).count();
        for _ in 0..MAX_DEMAND_ROUNDS {
            if unparsed.is_empty() {
                break;
            }
            // When few files are left, parsing them costs less than linking
            // again to learn which of them are needed.
            if unparsed.len() * 4 < go_total {
                let rest: Vec<&SourceFile> = std::mem::take(&mut unparsed)
                    .into_iter()
                    .map(|u| u.source)
                    .collect();
                progress.phase("parsing", Some(rest.len() as u64));
                let outcomes = extract_all(&rest, None, &mut cache);
                project.absorb(outcomes, &rest, &mut Vec::new());
                linked = None;
                timings.mark(format_args!("extract the last {} files", rest.len()));
                break;
            }
            project.files.sort_by(|a, b| a.path.cmp(&b.path));
            project.unparsed_go = unparsed.iter().map(|u| u.source.rel.clone()).collect();
            progress.phase("linking", None);
            let (graph, demands) = link_demanding(
                &project.files,
                &project.gomods,
                &project.root_name,
                config,
                &project.unparsed_go,
            );
            linked = Some(graph);
            let demands = demands.minus(&asked);
            timings.mark(format_args!("link for demands"));
            if demands.is_empty() {
                break;
            }
            asked.absorb(&demands);
            let wanted: Vec<&SourceFile> = pool.install(|| select(&unparsed, &demands));
            timings.mark(format_args!(
                "select {} of {} unparsed files",
                wanted.len(),
                unparsed.len()
            ));
            if std::env::var_os("EVENTLINT_DEBUG_DEMANDS").is_some() {
                let mut err = std::io::stderr().lock();
                let _ = std::io::Write::write_fmt(
                    &mut err,
                    format_args!(
                        "demands: {} dirs {:?}, decls {:?}, words {:?}, texts {:?}; {} files wanted of {}\n",
                        demands.dirs.len(),
                        demands.dirs.iter().take(40).collect::<Vec<_>>(),
                        demands.decls.iter().take(40).collect::<Vec<_>>(),
                        demands.words.iter().take(40).collect::<Vec<_>>(),
                        demands.texts.iter().take(10).collect::<Vec<_>>(),
                        wanted.len(),
                        unparsed.len()
                    ),
                );
            }
            if wanted.is_empty() {
                // Nothing new to link: another round would ask the same.
                break;
            }
            unparsed.retain(|u| !wanted.iter().any(|w| std::ptr::eq(*w, u.source)));
            progress.phase("parsing", Some(wanted.len() as u64));
            let outcomes = extract_all(&wanted, None, &mut cache);
            project.absorb(outcomes, &wanted, &mut Vec::new());
            linked = None;
            timings.mark(format_args!("extract {} files", wanted.len()));
        }
        project.files.sort_by(|a, b| a.path.cmp(&b.path));
        project.unparsed_go = unparsed.iter().map(|u| u.source.rel.clone()).collect();
        project.linked = linked;
        // Cache trouble costs speed, never a finding nor the exit code.
        if let Err(e) = cache.save() {
            project.warnings.push(format!(
                "cache disabled: `{}` could not be written: {e}",
                cache::DIR
            ));
        }
        timings.mark(format_args!("save the cache"));
        project.elapsed = started.elapsed();
        Ok(project)
    }

    /// Takes extraction outcomes in: facts, `go.mod`s, problems, and the
    /// files the pre-scan left unparsed.
    fn absorb<'s>(
        &mut self,
        outcomes: Vec<Outcome>,
        files: &[&'s SourceFile],
        unparsed: &mut Vec<Unparsed<'s>>,
    ) {
        // Outcomes come in the order of the files they were made from.
        for (o, source) in outcomes.into_iter().zip(files.iter().copied()) {
            match o {
                Outcome::Facts(f) => {
                    if let Facts::Yaml(y) = &f.facts {
                        for p in &y.problems {
                            self.problems.push(FileProblem {
                                path: f.path.clone(),
                                span: Some(p.span),
                                message: p.message.clone(),
                                help: p.help.clone(),
                            });
                        }
                    }
                    self.files.push(*f);
                }
                Outcome::GoMod(dir, m) => self.gomods.push((dir, m)),
                Outcome::Problem(p) => self.problems.push(p),
                Outcome::Skipped(words) => unparsed.push(Unparsed { source, words }),
            }
        }
    }

    /// Links the facts into the event graph.
    pub fn graph(&self, config: &Config) -> EventGraph {
        let graph = link_demanding(
            &self.files,
            &self.gomods,
            &self.root_name,
            config,
            &self.unparsed_go,
        )
        .0;
        self.with_skipped(graph)
    }

    /// Notes on the graph the Go files that were not analysed.
    fn with_skipped(&self, mut graph: EventGraph) -> EventGraph {
        graph.skipped_go = self
            .problems
            .iter()
            .filter(|p| p.span.is_none() && p.path.ends_with(".go"))
            .map(|p| p.path.clone())
            .collect();
        graph.skipped_go.sort();
        graph.skipped_go.dedup();
        graph
    }

    /// A project of facts made elsewhere (tests, fuzzing): every file
    /// parsed, sorted by path, nothing linked yet.
    pub fn from_facts(root_name: &str, mut files: Vec<FileFacts>) -> Self {
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Project {
            root_name: root_name.to_string(),
            files_scanned: files.len(),
            files,
            ..Project::default()
        }
    }

    /// The graph under the configuration the project was loaded with: the
    /// one the pre-scan's last link computed, when no file was parsed after
    /// it, or a new link. Spares linking twice.
    pub fn take_graph(&mut self, config: &Config) -> EventGraph {
        match self.linked.take() {
            Some(graph) => self.with_skipped(graph),
            None => self.graph(config),
        }
    }

    /// How many Go files the pre-scan left unparsed (nothing asked for them).
    pub fn files_unparsed(&self) -> usize {
        self.unparsed_go.len()
    }

    /// Runs the selected rules on `graph`, applies suppression comments, and
    /// (with `report_unused`) reports those that suppressed nothing. The
    /// findings come sorted, with fingerprints.
    pub fn check(
        &self,
        graph: &EventGraph,
        config: &Config,
        selection: &Selection,
        report_unused: bool,
    ) -> Checked {
        // The loader's problems too: a manifest's finding (EC018) can be
        // suppressed by a comment in the manifest.
        let mut found = rules::check(graph, config, selection);
        found.extend(rules::file_problem_findings(
            &self.problems,
            config,
            selection,
        ));
        let outcome = suppress::apply(found, &self.files);
        let mut diagnostics = outcome.kept;
        let unused_rule = rules::unused_ignore_rule();
        if report_unused && let Some(level) = rules::enabled(unused_rule, config, selection) {
            let ran = |name: &str| {
                rules::find(name).is_some_and(|r| rules::enabled(r, config, selection).is_some())
            };
            diagnostics.extend(suppress::unused_findings(
                &outcome.unused,
                unused_rule,
                level,
                &ran,
            ));
        }
        assign_fingerprints(&mut diagnostics);
        Checked {
            diagnostics,
            suppressed: outcome.suppressed,
        }
    }
}

/// Findings after suppression.
#[derive(Debug, Default)]
pub struct Checked {
    pub diagnostics: Vec<Diagnostic>,
    pub suppressed: usize,
}

/// Reads and extracts one file; a panic becomes a problem naming the file.
/// Also returns the hash of the file's bytes, for the cache.
fn extract_source(
    extractor: &GoExtractor,
    parser: Option<&mut tree_sitter::Parser>,
    src: &SourceFile,
    seeds: Option<&AhoCorasick>,
    cache: &Cache,
    max_size: u64,
) -> (Outcome, Option<u64>, bool) {
    let text = match read_source(&src.abs, max_size) {
        Ok(t) => t,
        Err(message) => {
            let problem = FileProblem {
                path: src.rel.clone(),
                span: None,
                message,
                help: None,
            };
            return (Outcome::Problem(problem), None, false);
        }
    };
    let hash = cache::content_hash(text.as_bytes());
    let mut from_cache = true;
    let outcome = match cache.lookup(&src.rel, hash) {
        // A file skipped before is asked for now, or matches this run's
        // seeds (another configuration may name other calls): parse it.
        Some(cache::Entry::Skipped) if seeds.is_none_or(|s| s.is_match(text.as_bytes())) => {
            from_cache = false;
            extract_text(extractor, parser, &src.rel, src.kind, &text)
        }
        Some(cache::Entry::Skipped) => Outcome::Skipped(WordBloom::of(text.as_bytes())),
        Some(cache::Entry::Facts(f)) => Outcome::Facts(f),
        Some(cache::Entry::GoMod(d, m)) => Outcome::GoMod(d, m),
        None if src.kind == SourceKind::Go
            && seeds.is_some_and(|s| !s.is_match(text.as_bytes())) =>
        {
            from_cache = false;
            Outcome::Skipped(WordBloom::of(text.as_bytes()))
        }
        None => {
            from_cache = false;
            extract_text(extractor, parser, &src.rel, src.kind, &text)
        }
    };
    (outcome, Some(hash), from_cache)
}

/// A file's text, or why it is skipped: too big, unreadable, binary, not UTF-8.
fn read_source(path: &Path, max_size: u64) -> Result<String, String> {
    match std::fs::metadata(path) {
        Ok(m) if m.is_dir() => return Err("skipped: a directory, not a file".to_string()),
        Ok(m) if m.len() > max_size => {
            return Err(format!(
                "skipped: {} bytes is over the {max_size} byte limit (`max_file_size`)",
                m.len(),
            ));
        }
        Ok(_) => {}
        Err(e) => return Err(format!("could not read: {e}")),
    }
    let bytes = std::fs::read(path).map_err(|e| format!("could not read: {e}"))?;
    check_text(bytes)
}

/// Bytes as text, or why they cannot be linted.
fn check_text(bytes: Vec<u8>) -> Result<String, String> {
    if bytes.iter().take(8192).any(|b| *b == 0) {
        return Err("skipped: binary content (NUL bytes)".to_string());
    }
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e
            .as_bytes()
            .get(..valid)
            .map_or(0, |b| b.iter().filter(|c| **c == b'\n').count())
            + 1;
        format!("skipped: not valid UTF-8 (line {line}, byte offset {valid})")
    })
}

/// Extracts the facts of one file's text; a panic becomes a problem.
fn extract_text(
    extractor: &GoExtractor,
    parser: Option<&mut tree_sitter::Parser>,
    rel: &str,
    kind: SourceKind,
    text: &str,
) -> Outcome {
    let problem = |message: String| {
        Outcome::Problem(FileProblem {
            path: rel.to_string(),
            span: None,
            message,
            help: None,
        })
    };
    // A byte-order mark becomes spaces: offsets and columns stay those of the file.
    let unmarked;
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => {
            unmarked = format!("   {rest}");
            unmarked.as_str()
        }
        None => text,
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match kind {
        SourceKind::GoMod => {
            let dir = rel
                .strip_suffix("go.mod")
                .unwrap_or("")
                .trim_end_matches('/')
                .to_string();
            Outcome::GoMod(dir, parse_go_mod(text))
        }
        SourceKind::Yaml => {
            let (facts, suppressions) = extract_yaml(rel, text);
            Outcome::Facts(Box::new(FileFacts {
                path: rel.to_string(),
                facts: Facts::Yaml(facts),
                suppressions,
            }))
        }
        SourceKind::Go => {
            let Some(parser) = parser else {
                return problem("internal error: no Go parser".to_string());
            };
            let (facts, suppressions) = extractor.extract(parser, text.as_bytes());
            Outcome::Facts(Box::new(FileFacts {
                path: rel.to_string(),
                facts: Facts::Go(facts),
                suppressions,
            }))
        }
    }));
    result.unwrap_or_else(|_| problem("internal error: extraction panicked".to_string()))
}

/// The kind of a file by name, when eventlint reads it.
pub fn kind_of(rel: &str) -> Option<SourceKind> {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if name == "go.mod" {
        Some(SourceKind::GoMod)
    } else if name.ends_with(".go") {
        Some(SourceKind::Go)
    } else if name.ends_with(".yaml") || name.ends_with(".yml") {
        Some(SourceKind::Yaml)
    } else {
        None
    }
}

/// Re-extracts single files for an editor: extractor and parser kept
/// between edits.
pub struct Reextractor {
    extractor: GoExtractor,
    parser: tree_sitter::Parser,
}

impl Reextractor {
    /// # Errors
    /// When the grammar cannot load (a build problem).
    pub fn new() -> Result<Self, ProjectError> {
        let extractor = GoExtractor::new()?;
        let parser = extractor.parser()?;
        Ok(Self { extractor, parser })
    }
}

impl Project {
    /// Replaces (or adds) the facts of one file from its current text, as an
    /// editor sees it. Returns false when eventlint does not read such files.
    pub fn set_file(&mut self, re: &mut Reextractor, rel: &str, text: &str) -> bool {
        let Some(kind) = kind_of(rel) else {
            return false;
        };
        self.problems.retain(|p| p.path != rel);
        let outcome = extract_text(&re.extractor, Some(&mut re.parser), rel, kind, text);
        if let Ok(i) = self.files.binary_search_by(|f| f.path.as_str().cmp(rel)) {
            self.files.remove(i);
        }
        match outcome {
            Outcome::Facts(f) => {
                let at = self.files.partition_point(|x| x.path.as_str() < rel);
                self.files.insert(at, *f);
            }
            Outcome::GoMod(dir, m) => {
                self.gomods.retain(|(d, _)| *d != dir);
                self.gomods.push((dir, m));
            }
            Outcome::Problem(p) => self.problems.push(p),
            Outcome::Skipped(..) => {}
        }
        true
    }

    /// Forgets a file's facts (deleted, or no longer open with unsaved text).
    pub fn remove_file(&mut self, rel: &str) {
        if let Ok(i) = self.files.binary_search_by(|f| f.path.as_str().cmp(rel)) {
            self.files.remove(i);
        }
        if let Some(dir) = rel.strip_suffix("go.mod") {
            let dir = dir.trim_end_matches('/');
            self.gomods.retain(|(d, _)| d != dir);
        }
    }
}
