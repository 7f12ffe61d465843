//! `check`, and what every analysing command shares: finding the root and
//! the configuration, and loading the project.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use super::terminal::{self, Bar};
use super::{CheckArgs, CliError, Common, FailOn, emit, release, write_atomic};
use crate::config::Config;
use crate::diagnostic::Severity;
use crate::discover::{self, RootSource};
use crate::model::EventGraph;
use crate::progress::Progress;
use crate::project::Project;
use crate::report::{self, Format, Report, Style};
use crate::rules::{self, Selection};
use crate::settings::Settings;

/// What a run works on, decided before anything is read.
pub(super) struct Setup {
    pub root: PathBuf,
    pub root_source: RootSource,
    /// The repository's top level (see [`discover::top_level`]).
    pub top_level: PathBuf,
    /// Root-relative files and folders (`order/`) whose findings are reported.
    pub filter: Vec<String>,
    pub config: Config,
    pub config_file: Option<PathBuf>,
}

impl Setup {
    /// The root's path below the top level (`services`), `""` at the top.
    fn below_top_level(&self) -> String {
        let root = self
            .root
            .canonicalize()
            .unwrap_or_else(|_| self.root.clone());
        discover::relative(&self.top_level, &root).unwrap_or_default()
    }
}

/// The root, the reported-file filter, and the configuration.
fn setup(common: &Common, paths: &[PathBuf]) -> Result<Setup, CliError> {
    let mut root = common.root.clone().map(|r| (r, RootSource::Flag));
    let mut files = Vec::new();
    for p in paths {
        if !p.exists() {
            return Err(CliError::Usage(format!(
                "{}: no such file or directory",
                p.display()
            )));
        }
        if p.is_dir() {
            if root.is_some() {
                return Err(CliError::Usage(
                    "at most one directory PATH (or --root) names the root".to_string(),
                ));
            }
            root = Some((p.clone(), RootSource::Path));
        } else {
            files.push(p.clone());
        }
    }
    // Without a root, the repository around the current folder, reporting
    // only what lies under that folder.
    let mut under = None;
    let (root, root_source) = match root {
        Some(r) => r,
        None => {
            let cwd = std::env::current_dir()
                .map_err(|e| CliError::Usage(format!("cannot read the current directory: {e}")))?;
            let (found, source) = discover::find_root_by(&cwd);
            under = discover::relative(&found, &cwd);
            if under.is_some() {
                (found, source)
            } else {
                (PathBuf::from("."), source)
            }
        }
    };
    if !root.is_dir() {
        return Err(CliError::Usage(format!(
            "{}: no such directory",
            root.display()
        )));
    }
    let config_file = match &common.config {
        Some(c) => Some(c.clone()),
        None => Some(root.join("eventlint.yaml")).filter(|p| p.is_file()),
    };
    let config = match &config_file {
        Some(p) => Config::load(p)?,
        None => Config::default(),
    };
    let canonical_root = root.canonicalize().unwrap_or_else(|_| root.clone());
    let mut filter = Vec::new();
    for f in files {
        let abs = f.canonicalize().unwrap_or(f.clone());
        match discover::relative(&canonical_root, &abs) {
            Some(rel) => filter.push(rel),
            None => {
                return Err(CliError::Usage(format!(
                    "{}: not under the root {}",
                    f.display(),
                    root.display()
                )));
            }
        }
    }
    if filter.is_empty()
        && let Some(dir) = under
    {
        filter.push(format!("{dir}/"));
    }
    Ok(Setup {
        top_level: discover::top_level(&root),
        root,
        root_source,
        filter,
        config,
        config_file,
    })
}

/// Whether a finding at `path` is reported under `filter`: a file named in
/// it, or a file under a folder of it (`order/`).
fn reported(filter: &[String], path: &str) -> bool {
    filter.is_empty()
        || filter
            .iter()
            .any(|f| f == path || (f.ends_with('/') && path.starts_with(f.as_str())))
}

/// Loads the project, warning on `err` when the root holds no file to analyse.
fn load(
    setup: &Setup,
    common: &Common,
    progress: &dyn Progress,
    err: &mut dyn Write,
) -> Result<Project, CliError> {
    let project = Project::load_observed(
        &setup.root,
        &setup.config,
        common.jobs,
        crate::project::Scan::Prescan,
        !common.no_cache,
        progress,
    )?;
    for warning in &project.warnings {
        let _ = writeln!(err, "eventlint: warning: {warning}");
    }
    if project.files_scanned == 0 {
        let root = setup
            .root
            .canonicalize()
            .unwrap_or_else(|_| setup.root.clone());
        let _ = writeln!(
            err,
            "eventlint: warning: no Go or YAML file found under {}; check --root / include / exclude",
            root.display()
        );
    }
    Ok(project)
}

/// Loads and links the project for `graph` and `trace`, with a progress
/// bar while it works, then notes the files that could not be read on
/// `err` (`check` reports them as findings, EC017), keeping the output clean.
pub(super) fn load_graph(
    common: &Common,
    err: &mut dyn Write,
) -> Result<(Project, EventGraph), CliError> {
    let setup = setup(common, &[])?;
    let bar = Bar::maybe(terminal::progress_from_env(false));
    let mut project = load(&setup, common, terminal::progress_of(bar.as_ref()), err)?;
    let graph = project.take_graph(&setup.config);
    drop(bar);
    for p in &project.problems {
        let at = p
            .span
            .map(|s| format!(":{}:{}", s.line, s.column))
            .unwrap_or_default();
        let _ = writeln!(err, "eventlint: {}{at}: {}", p.path, p.message);
    }
    Ok((project, graph))
}

pub(super) fn check(
    args: &CheckArgs,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode, CliError> {
    let setup = setup(&args.common, &args.paths)?;
    if let (Some(baseline), Some(output)) = (&args.write_baseline, &args.output)
        && (baseline == output
            || baseline
                .canonicalize()
                .ok()
                .is_some_and(|b| output.canonicalize().ok() == Some(b)))
    {
        return Err(CliError::Usage(format!(
            "--write-baseline and --output both name {}: give each its own file",
            baseline.display()
        )));
    }
    if args.show_settings {
        let settings = Settings::new(
            &setup.root,
            setup.root_source,
            &setup.top_level,
            setup.config_file.as_deref(),
            &setup.config,
        );
        emit(args.output.as_deref(), out, |w| match args.format {
            Format::Json => settings.write_json(w),
            _ => settings.write_text(w),
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    for name in args.select.iter().chain(&args.ignore) {
        if rules::find(name).is_none() {
            return Err(CliError::Usage(format!(
                "no rule named `{name}`; `eventlint rules` lists them"
            )));
        }
    }
    let bar = Bar::maybe(terminal::progress_from_env(args.quiet));
    let progress = terminal::progress_of(bar.as_ref());
    let mut project = load(&setup, &args.common, progress, err)?;
    let mut timings = crate::project::Timings::start();
    progress.phase("checking", None);
    let graph = project.take_graph(&setup.config);
    timings.mark(format_args!("link"));
    let selection = Selection {
        select: args.select.clone(),
        ignore: args.ignore.clone(),
    };
    let checked = project.check(
        &graph,
        &setup.config,
        &selection,
        args.report_unused_ignores,
    );
    timings.mark(format_args!("rules and suppressions"));
    drop(bar);
    let (files_scanned, elapsed) = (project.files_scanned, project.elapsed);
    release(project);
    release(graph);
    let mut diagnostics = checked.diagnostics;
    let mut suppressed = checked.suppressed;
    let filter = &setup.filter;
    // A finding of two parties (a near miss, a mismatch) is kept when either
    // side is in view: a commit that renames the published topic is
    // stopped, though the finding sits on the subscription it no longer meets.
    // Such a finding says which side is the one in view.
    let below = setup.below_top_level();
    diagnostics.retain_mut(|d| {
        if reported(filter, &d.path) {
            return true;
        }
        let Some(staged) = d.related.iter().find(|r| reported(filter, &r.path)) else {
            return false;
        };
        // Named as the report names paths: from the top level.
        let staged = match below.trim_end_matches('/') {
            "" => staged.path.clone(),
            prefix => format!("{prefix}/{}", staged.path),
        };
        d.message = format!(
            "{} (reported for `{staged}`, its other side, which is among the files checked)",
            d.message
        );
        true
    });
    // Baselines hold root-relative paths and fingerprints, as the rules
    // made them: a baseline does not change when the repository around
    // the root does.
    if let Some(path) = &args.write_baseline {
        write_atomic(path, &crate::baseline::render(&diagnostics))?;
        if !args.quiet {
            let _ = writeln!(
                err,
                "eventlint: recorded {} in {}",
                report::human::plural(diagnostics.len(), "finding", "findings"),
                path.display()
            );
        }
        // With `--output` too, the report of every finding is written as
        // well; the run still succeeds (it records, it does not judge).
        if args.output.is_none() {
            return Ok(ExitCode::SUCCESS);
        }
    }
    if let Some(path) = &args.baseline {
        let known = crate::baseline::load(path)?;
        let before = diagnostics.len();
        diagnostics.retain(|d| !known.contains(&d.fingerprint));
        suppressed += before - diagnostics.len();
    }
    let mut report = Report {
        diagnostics,
        files: files_scanned,
        suppressed,
        elapsed,
        root_uri: root_uri(&setup.top_level),
    };
    report.rebase(&setup.below_top_level());
    let tty = args.output.is_none() && std::io::IsTerminal::is_terminal(&std::io::stdout());
    let choice = if args.no_color {
        terminal::ColorChoice::Never
    } else {
        args.color
    };
    let style = Style {
        color: terminal::color_enabled(choice, tty),
        width: 100,
        summary: !args.quiet,
    };
    let top_level = &setup.top_level;
    let read = |path: &str| std::fs::read_to_string(top_level.join(path)).ok();
    emit(args.output.as_deref(), out, |w| {
        match (args.statistics, args.format) {
            (true, Format::Json) => report::statistics::render_json(&report, w),
            (true, _) => report::statistics::render_text(&report, style, w),
            (false, format) => report::render(&report, format, style, &read, w),
        }
    })?;
    timings.mark(format_args!("render {} findings", report.diagnostics.len()));
    let worst = report.diagnostics.iter().map(|d| d.severity).max();
    let threshold = match args.fail_on {
        FailOn::Error => Some(Severity::Error),
        FailOn::Warning => Some(Severity::Warning),
        FailOn::Info => Some(Severity::Info),
        FailOn::Never => None,
    };
    let failed = matches!((worst, threshold), (Some(w), Some(t)) if w >= t);
    Ok(if failed && args.write_baseline.is_none() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// `file:///abs/dir/`, percent-encoding what a URI cannot hold.
fn root_uri(dir: &Path) -> Option<String> {
    let abs = dir.canonicalize().ok()?;
    let mut uri = String::from("file://");
    for b in abs.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    if !uri.ends_with('/') {
        uri.push('/');
    }
    Some(uri)
}
