//! The terminal: when to colour, and the progress bar of long runs.

use std::ffi::OsStr;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::progress::{Progress, Silent};

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour a terminal, as NO_COLOR and FORCE_COLOR say.
    Auto,
    /// Colour, whatever the output and the environment.
    Always,
    /// Never colour.
    Never,
}

/// Whether to colour, by precedence: `--color always|never`, then
/// `NO_COLOR` (set and not empty: no colour), then `FORCE_COLOR` (set and
/// not empty: colour, unless it is `0` or `false`), then whether the
/// output is a terminal.
pub fn color_decision(
    choice: ColorChoice,
    no_color: Option<&OsStr>,
    force_color: Option<&OsStr>,
    tty: bool,
) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            if no_color.is_some_and(|v| !v.is_empty()) {
                false
            } else if let Some(force) = force_color.filter(|v| !v.is_empty()) {
                force != "0" && force != "false"
            } else {
                tty
            }
        }
    }
}

/// [`color_decision`] with this process's environment.
pub fn color_enabled(choice: ColorChoice, tty: bool) -> bool {
    color_decision(
        choice,
        std::env::var_os("NO_COLOR").as_deref(),
        std::env::var_os("FORCE_COLOR").as_deref(),
        tty,
    )
}

/// Whether a run may draw a progress bar: only on a terminal, never under
/// CI (`CI` set), never with `--quiet`.
pub fn progress_wanted(stderr_tty: bool, ci: bool, quiet: bool) -> bool {
    stderr_tty && !ci && !quiet
}

/// [`progress_wanted`] for this process.
pub(super) fn progress_from_env(quiet: bool) -> bool {
    progress_wanted(
        std::io::IsTerminal::is_terminal(&std::io::stderr()),
        std::env::var_os("CI").is_some(),
        quiet,
    )
}

/// A progress bar on stderr that shows itself only once the run has lasted
/// [`Bar::DELAY`]: a quick run draws nothing. Dropping it clears it.
pub(super) struct Bar {
    bar: ProgressBar,
    /// Dropped to tell the thread waiting to show the bar that the run is over.
    stop: Option<mpsc::Sender<()>>,
    shower: Option<JoinHandle<()>>,
}

impl Bar {
    pub const DELAY: Duration = Duration::from_secs(1);

    /// A bar when `wanted`, else none.
    pub fn maybe(wanted: bool) -> Option<Bar> {
        wanted.then(Bar::start)
    }

    fn start() -> Bar {
        let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden());
        let (stop, stopped) = mpsc::channel::<()>();
        let shown = bar.clone();
        let shower = std::thread::Builder::new()
            .name("eventlint-progress".to_string())
            .spawn(move || {
                if stopped.recv_timeout(Bar::DELAY) == Err(RecvTimeoutError::Timeout) {
                    shown.set_draw_target(ProgressDrawTarget::stderr());
                    shown.enable_steady_tick(Duration::from_millis(120));
                }
            })
            .ok();
        Bar {
            bar,
            stop: Some(stop),
            shower,
        }
    }
}

impl Drop for Bar {
    fn drop(&mut self) {
        drop(self.stop.take());
        if let Some(shower) = self.shower.take() {
            let _ = shower.join();
        }
        self.bar.disable_steady_tick();
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn phase(&self, name: &'static str, total: Option<u64>) {
        let template = match total {
            Some(_) => "{spinner} {msg:<11} [{bar:30}] {pos}/{len} files",
            None => "{spinner} {msg}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            self.bar.set_style(style.progress_chars("=> "));
        }
        match total {
            Some(n) => self.bar.set_length(n),
            None => self.bar.unset_length(),
        }
        self.bar.set_position(0);
        self.bar.set_message(name);
    }

    fn advance(&self, n: u64) {
        self.bar.inc(n);
    }
}

/// The progress to report to: the bar, or nothing.
pub(super) fn progress_of(bar: Option<&Bar>) -> &dyn Progress {
    match bar {
        Some(b) => b,
        None => &Silent,
    }
}

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::{ColorChoice, color_decision, progress_wanted};

    #[test]
    fn colour_precedence_is_flag_then_no_color_then_force_color_then_tty() {
        let on = Some(OsStr::new("1"));
        let empty = Some(OsStr::new(""));
        let zero = Some(OsStr::new("0"));
        // The flag wins over both variables.
        assert!(color_decision(ColorChoice::Always, on, None, false));
        assert!(!color_decision(ColorChoice::Never, None, on, true));
        // NO_COLOR wins over FORCE_COLOR and the terminal.
        assert!(!color_decision(ColorChoice::Auto, on, on, true));
        // An empty NO_COLOR is not set.
        assert!(color_decision(ColorChoice::Auto, empty, on, false));
        // FORCE_COLOR colours what is not a terminal; `0` turns colour off.
        assert!(color_decision(ColorChoice::Auto, None, on, false));
        assert!(!color_decision(ColorChoice::Auto, None, zero, true));
        assert!(color_decision(ColorChoice::Auto, None, empty, true));
        // Otherwise, the terminal decides.
        assert!(color_decision(ColorChoice::Auto, None, None, true));
        assert!(!color_decision(ColorChoice::Auto, None, None, false));
    }

    #[test]
    fn a_progress_bar_only_on_a_terminal_outside_ci_without_quiet() {
        assert!(progress_wanted(true, false, false));
        assert!(!progress_wanted(false, false, false));
        assert!(!progress_wanted(true, true, false));
        assert!(!progress_wanted(true, false, true));
    }
}
