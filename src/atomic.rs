//! Writing a file whole or not at all: the bytes go to a temporary file
//! beside it (named only as eventlint names them, `.<name>.<pid>.<n>.tmp`),
//! which is synced and renamed over the target. The temporary file is
//! removed on every error, and by [`on_interrupt`] when the run is
//! interrupted (SIGINT, SIGTERM, on Unix); one a killed run left behind is removed
//! by the next write beside it (`remove_stale_temps`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// A temporary file younger than this is never taken for a dead run's.
const MIN_AGE: std::time::Duration = std::time::Duration::from_secs(120);

/// Temporary files being written now, removed if the run is interrupted.
static IN_FLIGHT: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Writes `bytes` to `path` atomically.
///
/// # Errors
/// When the temporary file cannot be written or renamed; it is removed.
pub fn write(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    remove_stale_temps(dir, &name);
    let tmp = temp_path(dir, &name);
    track(&tmp, true);
    let result = new_file(&tmp)
        .and_then(|mut f| f.write_all(bytes).and_then(|()| f.sync_all()))
        .and_then(|()| std::fs::rename(&tmp, path));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    track(&tmp, false);
    result
}

fn track(tmp: &Path, add: bool) {
    if let Ok(mut files) = IN_FLIGHT.lock() {
        if add {
            files.push(tmp.to_path_buf());
        } else {
            files.retain(|f| f != tmp);
        }
    }
}

/// Removes the temporary files being written: called when the run is
/// interrupted, before it exits.
pub fn on_interrupt() {
    remove_tracked(|_| true);
}

fn remove_tracked(which: impl Fn(&Path) -> bool) {
    if let Ok(files) = IN_FLIGHT.lock() {
        for f in files.iter().filter(|f| which(f)) {
            let _ = std::fs::remove_file(f);
        }
    }
}

/// Creates `path`, failing if anything (a file, a link) is already there:
/// never follows or replaces a link planted in its place.
pub(crate) fn new_file(path: &Path) -> std::io::Result<std::fs::File> {
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
}

/// A temporary file beside `name` in `dir`, unique to this writer: the
/// process and a counter, so that runs in threads of one process (the
/// language server, tests) never write the same temporary file and lose
/// the rename to each other.
pub(crate) fn temp_path(dir: &Path, name: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    dir.join(format!(".{name}.{}.{n}.tmp", std::process::id()))
}

/// Removes temporary files of ours for `name` that a killed run left in
/// `dir`: named as [`temp_path`] names them, at least two minutes old, by
/// a process that is gone (or, where that cannot be told, older than an
/// hour). A live writer's file is
/// never touched, nor any other file.
pub(crate) fn remove_stale_temps(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    let me = std::process::id();
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix.as_str()))
            .and_then(|r| r.strip_suffix(".tmp"))
        else {
            continue;
        };
        let Some((pid, n)) = rest.split_once('.') else {
            continue;
        };
        let (Ok(pid), true) = (
            pid.parse::<u32>(),
            !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()),
        ) else {
            continue;
        };
        let Ok(meta) = entry.path().symlink_metadata() else {
            continue;
        };
        if pid == me || !meta.is_file() {
            continue;
        }
        // Old enough that no write can still be under way (a writer in
        // another pid namespace looks dead here), and by a process that is
        // gone — or, where that cannot be told, older than an hour.
        let age = meta
            .modified()
            .ok()
            .and_then(|m| m.elapsed().ok())
            .unwrap_or_default();
        let gone = if Path::new("/proc/self").exists() {
            age > MIN_AGE && !Path::new(&format!("/proc/{pid}")).exists()
        } else {
            age > std::time::Duration::from_secs(3600)
        };
        if gone {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interrupt_removes_the_file_being_written() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let tmp = temp_path(dir.path(), "out.json");
        std::fs::write(&tmp, b"half").unwrap_or_else(|e| panic!("{e}"));
        track(&tmp, true);
        // What `on_interrupt` does, for this file only: other tests write
        // beside this one.
        remove_tracked(|f| f == tmp);
        assert!(!tmp.exists());
        track(&tmp, false);
    }

    #[test]
    fn a_write_leaves_only_the_target() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let target = dir.path().join("out.json");
        write(&target, b"{}").unwrap_or_else(|e| panic!("{e}"));
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap_or_else(|e| panic!("{e}"))
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, ["out.json"]);
        // Creating never reuses what is there, a link included.
        assert!(new_file(&target).is_err());
    }
}
