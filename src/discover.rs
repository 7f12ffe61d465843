//! Finds the files to analyse: `.go`, `.yaml`/`.yml` and `go.mod`, honouring
//! `.gitignore`, the configured `include`/`exclude` globs and `tests`.

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::config::Config;

/// What a discovered file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum SourceKind {
    Go,
    Yaml,
    GoMod,
}

/// A file to analyse.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceFile {
    /// Relative to the root, `/`-separated.
    pub rel: String,
    pub abs: PathBuf,
    pub kind: SourceKind,
}

/// A path that could not be walked (permission denied, a symlink loop, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkProblem {
    pub path: String,
    pub message: String,
}

/// The files under `root`, sorted by relative path, and what could not be walked.
pub fn discover(root: &Path, config: &Config) -> (Vec<SourceFile>, Vec<WalkProblem>) {
    let include = glob_set(&config.include);
    let exclude = glob_set(&config.exclude);
    let mut files = Vec::new();
    let mut problems = Vec::new();
    let walker = ignore::WalkBuilder::new(root)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .follow_links(false)
        .build();
    for entry in walker {
        let entry = match entry {
            Ok(e) => e,
            Err(err) => {
                problems.push(WalkProblem {
                    path: error_path(&err, root),
                    message: err.to_string(),
                });
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let abs = entry.path();
        let Some(rel) = relative(root, abs) else {
            continue;
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let kind = if name == "go.mod" {
            SourceKind::GoMod
        } else if name.ends_with(".go") {
            if !config.tests && name.ends_with("_test.go") {
                continue;
            }
            SourceKind::Go
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            SourceKind::Yaml
        } else {
            continue;
        };
        if exclude.is_match(&rel) {
            continue;
        }
        if kind != SourceKind::GoMod && !include.is_match(&rel) {
            continue;
        }
        files.push(SourceFile {
            rel,
            abs: abs.to_path_buf(),
            kind,
        });
    }
    files.sort();
    (files, problems)
}

fn glob_set(globs: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for g in globs {
        // Globs are validated when the configuration is loaded.
        if let Ok(glob) = Glob::new(g) {
            b.add(glob);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// How the project root of a run was chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootSource {
    /// `--root DIR`.
    Flag,
    /// A directory given as `check PATH`.
    Path,
    /// The nearest folder holding `eventlint.yaml`.
    ConfigFile,
    /// The nearest folder holding `.git`.
    Git,
    /// The nearest folder holding `go.work`.
    GoWork,
    /// Nothing found above: the current directory.
    CurrentDir,
}

impl RootSource {
    /// How the choice reads in `--show-settings`.
    pub fn as_str(self) -> &'static str {
        match self {
            RootSource::Flag => "--root",
            RootSource::Path => "PATH",
            RootSource::ConfigFile => "eventlint.yaml",
            RootSource::Git => ".git",
            RootSource::GoWork => "go.work",
            RootSource::CurrentDir => "current directory",
        }
    }
}

/// The project root for a run started in `start` without `--root`: the
/// nearest folder, `start` or above, that holds `eventlint.yaml`, else the
/// nearest that holds `.git` or `go.work` (the repository), else `start`.
/// Run from a service's folder, eventlint still sees the whole repository.
pub fn find_root(start: &Path) -> PathBuf {
    find_root_by(start).0
}

/// [`find_root`], and which marker chose it.
pub fn find_root_by(start: &Path) -> (PathBuf, RootSource) {
    for dir in start.ancestors() {
        if dir.join("eventlint.yaml").is_file() {
            return (dir.to_path_buf(), RootSource::ConfigFile);
        }
        if dir.join(".git").exists() {
            return (dir.to_path_buf(), RootSource::Git);
        }
        if dir.join("go.work").is_file() {
            return (dir.to_path_buf(), RootSource::GoWork);
        }
    }
    (start.to_path_buf(), RootSource::CurrentDir)
}

/// The repository's top level around `root`: the nearest folder, `root`
/// or above, holding `.git` (a directory, or a file in a worktree or a
/// submodule), else `root` itself. Reports write paths relative to it, as
/// code scanning and GitHub annotations expect. Both paths are absolute
/// when `root` can be canonicalised.
pub fn top_level(root: &Path) -> PathBuf {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.ancestors()
        .find(|dir| dir.join(".git").exists())
        .unwrap_or(&root)
        .to_path_buf()
}

/// `path` relative to `root`, `/`-separated; `None` when `path` is not
/// under `root` or is `root` itself.
pub fn relative(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?;
    let mut out = String::new();
    for c in rel.components() {
        if !out.is_empty() {
            out.push('/');
        }
        out.push_str(&c.as_os_str().to_string_lossy());
    }
    (!out.is_empty()).then_some(out)
}

fn error_path(err: &ignore::Error, root: &Path) -> String {
    match err {
        ignore::Error::WithPath { path, .. } => {
            relative(root, path).unwrap_or_else(|| path.display().to_string())
        }
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err, root)
        }
        ignore::Error::Loop { child, .. } => {
            relative(root, child).unwrap_or_else(|| child.display().to_string())
        }
        _ => String::new(),
    }
}
