//! `check --show-settings`: where a run's root, repository top level and
//! configuration come from, and the configuration it resolved to.

use std::io::{self, Write};
use std::path::Path;

use serde::Serialize;

use crate::config::Config;
use crate::discover::RootSource;

/// What a run would use, in the order it was decided.
#[derive(Debug, Serialize)]
pub struct Settings<'a> {
    /// The project root, absolute.
    pub root: String,
    /// How the root was chosen (`--root`, `eventlint.yaml`, `.git`, ...).
    pub root_source: &'static str,
    /// The repository's top level: reports' paths are relative to it.
    pub top_level: String,
    /// The configuration file read; `None`: none, the defaults.
    pub config_file: Option<String>,
    /// The configuration after defaults are applied.
    pub configuration: &'a Config,
}

impl<'a> Settings<'a> {
    pub fn new(
        root: &Path,
        root_source: RootSource,
        top_level: &Path,
        config_file: Option<&Path>,
        configuration: &'a Config,
    ) -> Self {
        let absolute = |p: &Path| {
            p.canonicalize()
                .unwrap_or_else(|_| p.to_path_buf())
                .display()
                .to_string()
        };
        Settings {
            root: absolute(root),
            root_source: root_source.as_str(),
            top_level: absolute(top_level),
            config_file: config_file.map(absolute),
            configuration,
        }
    }

    /// For a terminal: one line per setting, then the configuration as JSON.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "root:          {}  (from {})",
            self.root, self.root_source
        )?;
        writeln!(
            out,
            "top level:     {}  (report paths are relative to it)",
            self.top_level
        )?;
        match &self.config_file {
            Some(f) => writeln!(out, "config file:   {f}")?,
            None => writeln!(out, "config file:   none, defaults")?,
        }
        writeln!(out, "configuration:")?;
        serde_json::to_writer_pretty(&mut *out, self.configuration)?;
        writeln!(out)
    }

    /// One JSON object: `{"version": 1, "root": ..., "root_source": ...,
    /// "top_level": ..., "config_file": ..., "configuration": {...}}`.
    ///
    /// # Errors
    /// When writing fails.
    pub fn write_json(&self, out: &mut dyn Write) -> io::Result<()> {
        #[derive(Serialize)]
        struct Versioned<'s, 'c> {
            version: u32,
            #[serde(flatten)]
            settings: &'s Settings<'c>,
        }
        serde_json::to_writer_pretty(
            &mut *out,
            &Versioned {
                version: 1,
                settings: self,
            },
        )?;
        writeln!(out)
    }
}
