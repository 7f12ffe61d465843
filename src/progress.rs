//! What a long run reports while it works, for a progress bar. The
//! library only counts; drawing (and deciding whether to draw at all) is
//! the command line's business.

/// Receives the phases of a run and the work done in each. Called from
/// worker threads, so it must be `Sync`; every method has a no-op default.
pub trait Progress: Sync {
    /// A phase begins (`reading`, `linking`, ...), of `total` units of work
    /// when known.
    fn phase(&self, _name: &'static str, _total: Option<u64>) {}

    /// `n` more units of the current phase are done.
    fn advance(&self, _n: u64) {}
}

/// Reports nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Progress for Silent {}
