//! The command line: a thin adapter over the library pipeline.

mod check;
mod terminal;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::config::ConfigError;
use crate::model::render::Views;
use crate::project::ProjectError;
use crate::report::{self, Format};
use crate::rules;

pub use terminal::ColorChoice;

/// The exit code of a run whose output was closed early (`eventlint check
/// | head -1`): what a process killed by SIGPIPE reports, so `set -o
/// pipefail` sees the same as with any other tool, and a cut-off report is
/// never taken for a clean one.
pub const EXIT_CLOSED_OUTPUT: u8 = 141;

const EXIT_CODES: &str = "Exit codes: 0 clean (below --fail-on), 1 findings, 2 usage, \
configuration or I/O error, 141 standard output closed early (a pipe whose reader \
stopped, as in `eventlint check | head -1`; nothing is printed about it).";

/// eventlint: event contracts between Go microservices, checked from source.
#[derive(Debug, Parser)]
#[command(
    name = "eventlint",
    version,
    about,
    propagate_version = true,
    after_help = EXIT_CODES
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Lint the repository; file PATHS only filter what is reported.
    #[command(after_help = EXIT_CODES)]
    Check(CheckArgs),
    /// Show who publishes and who subscribes to TOPIC, with the payload.
    Trace(TraceArgs),
    /// Print the event flow graph.
    Graph(GraphArgs),
    /// List the rules.
    Rules {
        /// `text` for the terminal, `markdown` for the README's table.
        #[arg(long, value_enum, default_value = "text")]
        format: RulesFormat,
    },
    /// Print a rule's page.
    Explain {
        /// A rule code (EC011) or name (dynamic-topic).
        rule: String,
    },
    /// Run the Language Server over stdio (for editors).
    Lsp,
    /// Write a commented eventlint.yaml in the current directory.
    Init {
        /// Overwrite an existing eventlint.yaml.
        #[arg(long)]
        force: bool,
        /// Write it in DIR instead of the current directory.
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
    },
    /// Print a shell completion script (e.g. `eventlint completions bash >
    /// ~/.local/share/bash-completion/completions/eventlint`).
    Completions {
        /// bash, zsh, fish, powershell or elvish.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// Options every analysing command shares.
#[derive(Debug, clap::Args)]
pub struct Common {
    /// The project root. Default: the nearest folder, the current one or
    /// above, holding eventlint.yaml, else .git or go.work, else the
    /// current directory.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// The configuration file (default: ROOT/eventlint.yaml when present).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Neither read nor write the facts cache (ROOT/.eventlint-cache).
    #[arg(long)]
    pub no_cache: bool,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// A directory names the root; files filter what is reported.
    pub paths: Vec<PathBuf>,
    #[command(flatten)]
    pub common: Common,
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// Write the report to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// The lowest severity that makes the exit code 1.
    #[arg(long, value_enum, default_value = "warning")]
    pub fail_on: FailOn,
    /// Only these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Never these rules (codes or names, comma-separated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// When to colour human output: `auto` colours a terminal, unless
    /// NO_COLOR is set; FORCE_COLOR (not `0`) colours any output.
    #[arg(long, value_enum, value_name = "WHEN", default_value = "auto")]
    pub color: ColorChoice,
    /// The same as --color never.
    #[arg(long, conflicts_with = "color")]
    pub no_color: bool,
    /// Print only the findings: no summary line (with --statistics, only
    /// the table), no progress bar; warnings on stderr stay.
    #[arg(long, short)]
    pub quiet: bool,
    /// Count the findings of each rule instead of listing them: a table,
    /// or a JSON object with --format json.
    #[arg(long)]
    pub statistics: bool,
    /// Print the root and how it was found, the repository's top level,
    /// the configuration file and the resolved configuration (JSON with
    /// --format json), then exit without linting.
    #[arg(long)]
    pub show_settings: bool,
    /// Report only findings not recorded in this baseline file.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Record today's findings in FILE, then exit 0; with --output, the
    /// report of those findings is written there too.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,
    /// Report suppression comments that suppress nothing (EC000).
    #[arg(long)]
    pub report_unused_ignores: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Markdown,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TraceFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum GraphFormat {
    Mermaid,
    Dot,
    Json,
}

#[derive(Debug, clap::Args)]
pub struct TraceArgs {
    /// The topic (`order.confirmed`) or its constant (`events.TopicOrderConfirmed`).
    pub topic: String,
    #[command(flatten)]
    pub common: Common,
    #[arg(long, value_enum, default_value = "text")]
    pub format: TraceFormat,
}

#[derive(Debug, clap::Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub common: Common,
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: GraphFormat,
    /// Write the graph to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// What stops a run with exit code 2.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum CliError {
    #[error(transparent)]
    #[diagnostic(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Project(#[from] ProjectError),
    #[error("{0}")]
    Usage(String),
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error(transparent)]
    Report(#[from] report::ReportError),
    #[error(transparent)]
    Baseline(#[from] crate::baseline::BaselineError),
}

impl CliError {
    /// Whether writing failed because the reader of the output went away
    /// (a closed pipe): not an error to report, see [`EXIT_CLOSED_OUTPUT`].
    pub fn is_closed_output(&self) -> bool {
        let kind = match self {
            CliError::Io { source, .. } => Some(source.kind()),
            CliError::Report(e) => e.io_kind(),
            _ => None,
        };
        kind == Some(std::io::ErrorKind::BrokenPipe)
    }
}

/// Runs a command, writing results to `out` and notes to `err`. A closed
/// output ends the run quietly with [`EXIT_CLOSED_OUTPUT`].
///
/// # Errors
/// Usage, configuration and I/O errors (exit code 2).
pub fn run(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    match dispatch(cli, out, err) {
        Err(e) if e.is_closed_output() => Ok(ExitCode::from(EXIT_CLOSED_OUTPUT)),
        other => other,
    }
}

fn dispatch(cli: Cli, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    match cli.command {
        Command::Check(args) => check::check(&args, out, err),
        Command::Trace(args) => trace(&args, out, err),
        Command::Graph(args) => graph(&args, out, err),
        Command::Rules { format } => {
            let table = match format {
                RulesFormat::Text => rules_text(),
                RulesFormat::Markdown => rules_markdown(),
            };
            write_all(out, table.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Explain { rule } => {
            let Some(r) = rules::find(&rule) else {
                return Err(CliError::Usage(format!(
                    "no rule named `{rule}`; `eventlint rules` lists them"
                )));
            };
            let tty = std::io::IsTerminal::is_terminal(&std::io::stdout());
            let color = terminal::color_enabled(ColorChoice::Auto, tty);
            write_all(out, crate::rules::render_page(r.doc, color).as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Init { force, root } => init(force, root.as_deref(), out),
        Command::Lsp => match crate::lsp::run_stdio() {
            Ok(()) => Ok(ExitCode::SUCCESS),
            // The protocol: `exit` without `shutdown` ends with status 1.
            Err(e @ crate::lsp::LspError::ExitWithoutShutdown) => {
                let _ = writeln!(err, "eventlint lsp: {e}");
                Ok(ExitCode::from(1))
            }
            Err(e) => Err(CliError::Usage(format!("lsp: {e}"))),
        },
        Command::Completions { shell } => {
            let mut buf = Vec::new();
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut command, "eventlint", &mut buf);
            write_all(out, &buf)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Writes `error` for a person: its message, its location and help when it
/// has them, and its cause unless the message already says it.
pub fn write_error(error: CliError, err: &mut dyn Write) {
    let report = miette::Report::new(Shown(error));
    let _ = writeln!(err, "{report:?}");
}

/// A [`CliError`] as miette shows it, without a cause that its message
/// already ends with (`cannot write x: Permission denied` is not followed
/// by `╰─▶ Permission denied` again).
#[derive(Debug)]
struct Shown(CliError);

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Shown {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        let message = self.0.to_string();
        let mut cause = std::error::Error::source(&self.0);
        while let Some(c) = cause {
            if !message.contains(&c.to_string()) {
                break;
            }
            cause = c.source();
        }
        cause
    }
}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.code()
    }
    fn severity(&self) -> Option<miette::Severity> {
        self.0.severity()
    }
    fn help<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.help()
    }
    fn url<'a>(&'a self) -> Option<Box<dyn std::fmt::Display + 'a>> {
        self.0.url()
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.0.source_code()
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = miette::LabeledSpan> + '_>> {
        self.0.labels()
    }
    fn related<'a>(&'a self) -> Option<Box<dyn Iterator<Item = &'a dyn miette::Diagnostic> + 'a>> {
        self.0.related()
    }
    fn diagnostic_source(&self) -> Option<&dyn miette::Diagnostic> {
        self.0.diagnostic_source()
    }
}

/// The rule table for a terminal: code, name, level, summary.
fn rules_text() -> String {
    let w = rules::ALL.iter().map(|r| r.name.len()).max().unwrap_or(0);
    let mut s = String::new();
    for r in rules::ALL {
        s.push_str(&format!(
            "{}  {:<w$}  {:<7}  {}\n",
            r.code,
            r.name,
            r.default_level.as_str(),
            r.summary()
        ));
    }
    s
}

/// The README's rule table, generated from the pages.
pub fn rules_markdown() -> String {
    let mut s = String::from("| code | name | level | summary |\n| --- | --- | --- | --- |\n");
    for r in rules::ALL {
        s.push_str(&format!(
            "| {} | [{}](rules/{}-{}.md) | {} | {} |\n",
            r.code,
            r.name,
            r.code,
            r.name,
            r.default_level.as_str(),
            r.summary().replace('|', "\\|")
        ));
    }
    s
}

fn write_all(out: &mut dyn Write, bytes: &[u8]) -> Result<(), CliError> {
    out.write_all(bytes).map_err(|source| CliError::Io {
        path: "standard output".to_string(),
        source,
    })
}

/// Writes through `render` to `--output` (atomically) or to `out`.
pub(crate) fn emit<E>(
    output: Option<&Path>,
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), CliError>
where
    CliError: From<E>,
{
    let Some(path) = output else {
        return Ok(render(out)?);
    };
    let mut buf = Vec::new();
    render(&mut buf)?;
    write_atomic(path, &buf)
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), CliError> {
    let io = |source| CliError::Io {
        path: path.display().to_string(),
        source,
    };
    crate::atomic::write(path, bytes).map_err(io)
}

impl From<std::io::Error> for CliError {
    fn from(source: std::io::Error) -> Self {
        CliError::Io {
            path: "standard output".to_string(),
            source,
        }
    }
}

fn trace(args: &TraceArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    let (_project, graph) = check::load_graph(&args.common, err)?;
    let wanted = args.topic.as_str();
    let topic = graph.topic(wanted).or_else(|| {
        graph.topics.iter().find(|t| {
            t.constant
                .as_deref()
                .is_some_and(|c| c == wanted || c.rsplit('.').next() == Some(wanted))
        })
    });
    let views = Views::new(&graph);
    let Some(topic) = topic else {
        let mut msg = format!("no publisher or subscriber of topic `{wanted}` found");
        let mut near: Vec<&str> = graph
            .topics
            .iter()
            .map(|t| t.name.as_str())
            .filter(|n| crate::spelling::edit_distance(n, wanted) <= 3 || n.contains(wanted))
            .collect();
        near.truncate(5);
        if !near.is_empty() {
            msg.push_str(&format!(
                "; did you mean {}?",
                near.iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let maybe: Vec<_> = graph
            .dynamic
            .iter()
            .filter(|d| d.topic.might_produce(wanted))
            .collect();
        let _ = writeln!(err, "eventlint: {msg}");
        for d in maybe {
            let _ = writeln!(
                err,
                "  a dynamic publish might produce it: {}:{}  topic {}",
                d.at.path, d.at.span.line, d.topic.text
            );
        }
        return Ok(ExitCode::from(1));
    };
    match args.format {
        TraceFormat::Text => views.write_trace_text(topic, out)?,
        TraceFormat::Json => views.write_trace_json(topic, out)?,
    }
    Ok(ExitCode::SUCCESS)
}

fn graph(args: &GraphArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<ExitCode, CliError> {
    let (project, graph) = check::load_graph(&args.common, err)?;
    let views = Views::new(&graph);
    emit(args.output.as_deref(), out, |w| match args.format {
        GraphFormat::Json => views.write_graph_json(w),
        GraphFormat::Mermaid => views.write_mermaid(w),
        GraphFormat::Dot => views.write_dot(w),
    })?;
    release(project);
    release(graph);
    Ok(ExitCode::SUCCESS)
}

/// Lets go of a value the command no longer needs without freeing it: the
/// process exits next, and freeing a large project's facts one allocation
/// at a time took 4 % of a cold `check` on a 1.2M-line tree. A command run
/// in a loop by a test leaks one small project per run.
pub(crate) fn release<T>(value: T) {
    std::mem::forget(value);
}

fn init(force: bool, root: Option<&Path>, out: &mut dyn Write) -> Result<ExitCode, CliError> {
    let path = root.unwrap_or(Path::new(".")).join("eventlint.yaml");
    let path = path.as_path();
    if path.exists() && !force {
        return Err(CliError::Usage(
            "eventlint.yaml already exists; pass --force to overwrite it".to_string(),
        ));
    }
    write_atomic(path, crate::config::INIT_TEMPLATE.as_bytes())?;
    write_all(out, format!("wrote {}\n", path.display()).as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
