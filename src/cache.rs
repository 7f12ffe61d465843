//! The on-disk cache of per-file facts, keyed by path and content hash and
//! tagged with the tool's version: a file whose bytes did not change is not
//! parsed again. Written atomically; a corrupt cache or one from another
//! version is ignored and rebuilt.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::extract::FileFacts;
use crate::extract::gomod::GoMod;

/// The cache directory under the project root.
pub const DIR: &str = ".eventlint-cache";
const FILE: &str = "facts.bin";
const MAGIC: &str = "eventlint facts cache";

/// The code that makes facts: a cache made by other code is not used.
const EXTRACTION_SOURCES: &[&str] = &[
    include_str!("extract/mod.rs"),
    include_str!("extract/go.rs"),
    include_str!("extract/yaml.rs"),
    include_str!("extract/yaml_shape.rs"),
    include_str!("extract/yaml_node.rs"),
    include_str!("extract/yaml_syntax.rs"),
    include_str!("extract/gomod.rs"),
    include_str!("extract/patch.rs"),
    include_str!("extract/queries/decls.scm"),
    include_str!("extract/queries/body.scm"),
];

/// FNV-1a of the extraction sources, computed at compile time.
const SCHEMA: u64 = {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < EXTRACTION_SOURCES.len() {
        let bytes = EXTRACTION_SOURCES[i].as_bytes();
        let mut j = 0;
        while j < bytes.len() {
            h ^= bytes[j] as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
            j += 1;
        }
        i += 1;
    }
    h
};

fn version() -> String {
    format!("{} {SCHEMA:016x}", env!("CARGO_PKG_VERSION"))
}

/// What is remembered of one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Entry {
    Facts(Box<FileFacts>),
    GoMod(String, GoMod),
    /// A Go file whose bytes hold no event code (the pre-scan skipped it).
    Skipped,
}

/// An entry borrowed from the project, encoded exactly as [`Entry`].
#[derive(Serialize)]
pub enum EntryRef<'a> {
    Facts(&'a FileFacts),
    GoMod(&'a str, &'a GoMod),
    Skipped,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    magic: String,
    version: String,
    /// path → (content hash, encoded entry): entries are decoded one by
    /// one, in parallel, when their file is met.
    entries: HashMap<String, (u64, Vec<u8>)>,
}

/// The largest cache read: 32 MiB, and 256 KiB per file of the tree (facts
/// take a few kilobytes per file).
const MIN_CAP: u64 = 32 * 1024 * 1024;
const PER_FILE: u64 = 256 * 1024;

/// Entries read at the start of a run, and those to write at its end.
#[derive(Debug, Default)]
pub struct Cache {
    path: Option<PathBuf>,
    /// Why the cache is off for this run although it was asked for.
    refused: Option<String>,
    old: HashMap<String, (u64, Vec<u8>)>,
    new: HashMap<String, (u64, Vec<u8>)>,
    /// Whether anything differs from what was read.
    changed: bool,
}

/// A 64-bit hash of the bytes (rustc-hash), with the length folded in.
pub fn content_hash(bytes: &[u8]) -> u64 {
    // FxHasher reads eight or more bytes a step; FNV-1a's byte loop took a
    // tenth of a cached run on a 64 MB tree.
    use std::hash::Hasher;
    let mut h = rustc_hash::FxHasher::default();
    h.write(bytes);
    h.finish() ^ (bytes.len() as u64).rotate_left(32)
}

impl Cache {
    /// A cache that remembers nothing (`--no-cache`, the editor).
    pub fn disabled() -> Self {
        Self::default()
    }

    /// Opens the cache of `root`; unreadable, corrupt or foreign caches are
    /// treated as empty. A repository is untrusted input: when the cache
    /// folder or its file is a symbolic link, or not what it should be, the
    /// cache is off for the run ([`Cache::refused`]) and nothing is read or
    /// written through it.
    ///
    /// `files` is the number of files of the tree: a cache far larger than
    /// such a tree's facts can be is not read (and is rewritten).
    pub fn open(root: &Path, files: usize) -> Self {
        let dir = root.join(DIR);
        let path = dir.join(FILE);
        if let Some(why) = unsafe_place(root, &dir, &path) {
            return Self {
                refused: Some(format!("cache disabled for this run: {why}")),
                ..Self::default()
            };
        }
        let cap = MIN_CAP.saturating_add(PER_FILE.saturating_mul(files as u64));
        let size = std::fs::symlink_metadata(&path).map_or(0, |m| m.len());
        if size > cap {
            return Self {
                path: Some(path),
                refused: Some(format!(
                    "cache not read: `{DIR}/{FILE}` ({} MB) is far larger than the facts of {files} files can be; it is not read, and this run rewrites it",
                    size / 1_000_000
                )),
                ..Self::default()
            };
        }
        let old = std::fs::read(&path)
            .ok()
            .and_then(|bytes| {
                bincode::serde::decode_from_slice::<Stored, _>(&bytes, bincode::config::standard())
                    .ok()
            })
            .filter(|(s, _)| s.magic == MAGIC && s.version == version())
            .map(|(s, _)| s.entries)
            .unwrap_or_default();
        Self {
            path: Some(path),
            refused: None,
            old,
            new: HashMap::new(),
            changed: false,
        }
    }

    /// Why the cache is off (or not read) for this run although it was
    /// asked for: said once, as a warning.
    pub fn refused(&self) -> Option<&str> {
        self.refused.as_deref()
    }

    /// Whether the cache is in use.
    pub fn enabled(&self) -> bool {
        self.path.is_some()
    }

    /// The remembered entry of `rel` if its bytes still hash to `hash`.
    pub fn lookup(&self, rel: &str, hash: u64) -> Option<Entry> {
        self.path.as_ref()?;
        match self.old.get(rel) {
            Some((h, bytes)) if *h == hash => {
                bincode::serde::decode_from_slice::<Entry, _>(bytes, bincode::config::standard())
                    .ok()
                    .map(|(e, _)| e)
            }
            _ => None,
        }
    }

    /// Keeps the stored entry of `rel`, found unchanged by [`Cache::lookup`].
    pub fn keep(&mut self, rel: &str) {
        if let Some((key, entry)) = self.old.remove_entry(rel) {
            self.new.insert(key, entry);
        }
    }

    /// Remembers what `rel` (with content `hash`) gave.
    pub fn put(&mut self, rel: &str, hash: u64, entry: &EntryRef<'_>) {
        if self.path.is_none() {
            return;
        }
        let Ok(bytes) = bincode::serde::encode_to_vec(entry, bincode::config::standard()) else {
            return;
        };
        self.changed |= self
            .old
            .get(rel)
            .is_none_or(|(h, b)| *h != hash || *b != bytes);
        self.new.insert(rel.to_string(), (hash, bytes));
    }

    /// Writes the cache if it changed (or files were removed), atomically.
    /// Failing to write only costs speed next time: the error is returned
    /// for a note, never fatal.
    ///
    /// # Errors
    /// When the cache directory or file cannot be written.
    pub fn save(self) -> std::io::Result<()> {
        let Some(path) = self.path else {
            return Ok(());
        };
        let removed = self.old.keys().any(|k| !self.new.contains_key(k));
        if !self.changed && !removed {
            return Ok(());
        }
        let Some(dir) = path.parent() else {
            return Ok(());
        };
        // Never through a link: the folder is made here, or must be a real
        // folder inside the root (checked again: it may have been replaced
        // since the run began).
        match std::fs::create_dir(dir) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
        if let Some(root) = dir.parent()
            && let Some(why) = unsafe_place(root, dir, &path)
        {
            return Err(std::io::Error::other(why));
        }
        // Keep the cache out of version control, as ruff does. `create_new`
        // neither follows nor replaces a link planted there.
        let ignore = dir.join(".gitignore");
        if std::fs::symlink_metadata(&ignore).is_err() {
            match crate::atomic::new_file(&ignore)
                .and_then(|mut f| f.write_all(b"# Created by eventlint\n*\n"))
            {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(e),
            }
        }
        let stored = Stored {
            magic: MAGIC.to_string(),
            version: version(),
            entries: self.new,
        };
        let bytes = bincode::serde::encode_to_vec(&stored, bincode::config::standard())
            .map_err(std::io::Error::other)?;
        crate::atomic::write(&path, &bytes)
    }
}

/// Why the cache at `dir`/`file` must not be used: a link, something other
/// than a folder or a regular file, or a folder that resolves outside `root`.
fn unsafe_place(root: &Path, dir: &Path, file: &Path) -> Option<String> {
    let shown = |p: &Path| p.strip_prefix(root).unwrap_or(p).display().to_string();
    match std::fs::symlink_metadata(dir) {
        Err(_) => return None, // made at the end of the run
        Ok(m) if m.file_type().is_symlink() => {
            return Some(format!(
                "`{}` is a symbolic link; eventlint never writes outside the root",
                shown(dir)
            ));
        }
        Ok(m) if !m.is_dir() => return Some(format!("`{}` is not a folder", shown(dir))),
        Ok(_) => {}
    }
    let inside = match (dir.canonicalize(), root.canonicalize()) {
        (Ok(d), Ok(r)) => d.starts_with(r),
        _ => false,
    };
    if !inside {
        return Some(format!("`{}` resolves outside the root", shown(dir)));
    }
    match std::fs::symlink_metadata(file) {
        Ok(m) if m.file_type().is_symlink() => Some(format!(
            "`{}` is a symbolic link; eventlint never reads or writes through one",
            shown(file)
        )),
        Ok(m) if !m.is_file() => Some(format!("`{}` is not a regular file", shown(file))),
        _ => None,
    }
}
