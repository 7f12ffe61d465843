//! The rule catalogue. Each rule is declared once with `declare_rule!`;
//! its page under `rules/` is its only documentation.

mod dynamic_topic;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::extract::Span;
use crate::model::EventGraph;

/// A rule: its identity, default level, page and check.
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub default_level: Severity,
    /// The rule's page (`rules/ECxxx-name.md`).
    pub doc: &'static str,
    pub check: fn(&mut RuleContext<'_>),
}

impl Rule {
    /// The page's first paragraph after the title.
    pub fn summary(&self) -> String {
        self.doc
            .lines()
            .skip_while(|l| l.starts_with('#') || l.trim().is_empty())
            .take_while(|l| !l.trim().is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

/// Declares a rule whose page is `rules/<code>-<name>.md`; a rule without
/// its page does not compile.
macro_rules! declare_rule {
    ($static:ident, code: $code:literal, name: $name:literal, level: $level:expr, check: $check:path) => {
        #[doc = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/rules/", $code, "-", $name, ".md"))]
        pub(crate) static $static: $crate::rules::Rule = $crate::rules::Rule {
            code: $code,
            name: $name,
            default_level: $level,
            doc: include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/rules/",
                $code,
                "-",
                $name,
                ".md"
            )),
            check: $check,
        };
    };
}
pub(crate) use declare_rule;

/// Every rule, sorted by code.
pub static ALL: &[&Rule] = &[&dynamic_topic::DYNAMIC_TOPIC];

/// Finds a rule by code or name.
pub fn find(code_or_name: &str) -> Option<&'static Rule> {
    ALL.iter()
        .copied()
        .find(|r| r.code.eq_ignore_ascii_case(code_or_name) || r.name == code_or_name)
}

/// What a rule sees, and where its findings go.
pub struct RuleContext<'a> {
    pub graph: &'a EventGraph,
    pub config: &'a Config,
    rule: &'static Rule,
    severity: Severity,
    out: Vec<Diagnostic>,
}

impl RuleContext<'_> {
    /// Reports a finding of the current rule.
    pub fn report(&mut self, path: &str, span: Span, message: String) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            code: self.rule.code,
            rule: self.rule.name,
            severity: self.severity,
            message,
            help: None,
            path: path.to_string(),
            span,
            topic: None,
            service: None,
            scope: None,
            related: Vec::new(),
            fingerprint: String::new(),
        });
        let last = self.out.len() - 1;
        &mut self.out[last]
    }
}

impl Diagnostic {
    pub fn with_help(&mut self, help: impl Into<String>) -> &mut Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_topic(&mut self, topic: Option<String>) -> &mut Self {
        self.topic = topic;
        self
    }

    pub fn with_service(&mut self, service: impl Into<String>) -> &mut Self {
        self.service = Some(service.into());
        self
    }

    pub fn with_scope(&mut self, scope: Option<String>) -> &mut Self {
        self.scope = scope;
        self
    }

    pub fn with_related(&mut self, related: Related) -> &mut Self {
        self.related.push(related);
        self
    }
}

/// Which rules run and at which level.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// `--select`: only these (codes or names); empty means all.
    pub select: Vec<String>,
    /// `--ignore`: never these.
    pub ignore: Vec<String>,
}

fn names(rule: &Rule, list: &[String]) -> bool {
    list.iter()
        .any(|s| s.eq_ignore_ascii_case(rule.code) || s == rule.name)
}

/// The level of `rule` under the configuration, `None` when off.
pub fn level(rule: &Rule, config: &Config) -> Option<Severity> {
    use crate::config::LevelSetting;
    let setting = config
        .rules
        .get(rule.name)
        .or_else(|| config.rules.get(rule.code))
        .and_then(|s| s.level);
    match setting {
        None => Some(rule.default_level),
        Some(LevelSetting::Off) => None,
        Some(LevelSetting::Error) => Some(Severity::Error),
        Some(LevelSetting::Warning) => Some(Severity::Warning),
        Some(LevelSetting::Info) => Some(Severity::Info),
    }
}

/// Runs the selected rules over the graph.
pub fn check(graph: &EventGraph, config: &Config, selection: &Selection) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in ALL {
        if !selection.select.is_empty() && !names(rule, &selection.select) {
            continue;
        }
        if names(rule, &selection.ignore) {
            continue;
        }
        let Some(severity) = level(rule, config) else {
            continue;
        };
        let mut cx = RuleContext {
            graph,
            config,
            rule,
            severity,
            out: Vec::new(),
        };
        (rule.check)(&mut cx);
        out.append(&mut cx.out);
    }
    out
}
