//! The terminal: when to colour.

use std::ffi::OsStr;

use clap::ValueEnum;

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

#[cfg(test)]
mod tests {
    use std::ffi::OsStr;

    use super::{ColorChoice, color_decision};

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
}
