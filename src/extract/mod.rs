//! Per-file extraction: Go and YAML sources become plain-data [`FileFacts`].
//!
//! Extraction is configuration independent: it records what the file
//! declares and calls, with expressions resolved as far as the file alone
//! allows. Matching calls against publish/subscribe patterns happens when
//! linking, so facts can be cached and re-linked under any configuration.

pub mod go;
pub mod gomod;
mod patch;
pub mod yaml;
mod yaml_node;
mod yaml_shape;
mod yaml_syntax;

use serde::{Deserialize, Serialize};

/// A short string kept inline (up to 24 bytes) instead of on the heap: most
/// names, types and topics in facts are short.
pub type Name = compact_str::CompactString;

/// A source range: 1-based lines and byte columns, plus byte offsets.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Span {
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    pub start: u32,
    pub end: u32,
}

/// An expression as far as one file can resolve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Expr {
    /// A string literal (unquoted).
    Str(Name),
    /// An unqualified name not bound locally: a package-level constant or variable.
    Ident(Name),
    /// `qualifier.name`: a constant of an imported package, or a field of a value.
    Sel(Name, Name),
    /// The `index`-th parameter of the enclosing function: index, name, type.
    Param(u16, Name, Name),
    /// `x.name` where `x` is a local or parameter of a known type (type as written).
    Member { ty: Name, name: Name, text: Name },
    /// A field of the enclosing method's receiver (`p.topic` in `func (p *Pub) ...`).
    RecvField {
        ty: Name,
        field: Name,
        /// The receiver's name as written (`p`).
        recv: Name,
    },
    /// `a + b + ...`.
    Concat(Vec<Expr>),
    /// `fmt.Sprintf(format, args...)`.
    Sprintf(Box<Expr>, Vec<Expr>),
    /// An environment look-up, with the default applied when it is empty.
    Env {
        key: Name,
        default: Option<Box<Expr>>,
    },
    /// A composite literal `T{...}`: keyed elements and positional elements.
    Composite(Box<Composite>),
    /// `&x`.
    Addr(Box<Expr>),
    /// A local variable or expression of a known type (type text as written).
    Typed { ty: Name, text: Name },
    /// A function literal: index into [`GoFacts::funcs`].
    FuncLit(u32),
    /// A local assigned in several places (the branches of a `switch` or an
    /// `if`): the value is one of these.
    OneOf(Vec<Expr>),
    /// A call of a named function, method or conversion, resolved when
    /// linking (`topicFor(kind)`, `Topic("x")`, `string(T)`, `k.String()`).
    Call {
        callee: Name,
        args: Vec<Expr>,
        text: Name,
    },
    /// `collection[key]`.
    Index(Box<Expr>, Box<Expr>),
    /// The key (`key: true`) or value of each entry of a collection a
    /// `range` loop walks.
    Each { of: Box<Expr>, key: bool },
    /// A field of a value known only as an expression (`s.Topic` of a range
    /// variable, `cfg.Topic` of a call's result).
    Field(Box<Expr>, Name),
    /// A configuration look-up by key with a default set elsewhere
    /// (`viper.GetString("topic")` and `viper.SetDefault("topic", "orders")`).
    Setting(Name),
    /// An expression of another file: an entry of a collection declared there.
    /// Made when linking, never extracted.
    At(u32, Box<Expr>),
    /// A local read inside its own assignment (`subs` in `subs = append(subs, x)`).
    SelfRef(Name),
    /// The path a router is mounted at, where the function of this name that
    /// returns it is called as `x.Mount(path, f())` (chi); no prefix when it
    /// is mounted nowhere.
    Mounted(Name),
    /// Anything else, with its source text (truncated).
    Other(Name),
}

/// A composite literal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Composite {
    /// The type as written (`common.Subscription`, `[]subscription`, empty when elided).
    pub ty: String,
    /// Keyed elements: field name (or string key), value, and the element's span.
    pub fields: Vec<(String, Expr, Span)>,
    /// Positional elements.
    pub elements: Vec<Expr>,
    pub span: Span,
}

impl Composite {
    /// The value of a keyed element, matched case-insensitively.
    pub fn field(&self, key: &str) -> Option<&Expr> {
        self.fields
            .iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, v, _)| v)
    }

    /// The span of a keyed element, matched case-insensitively.
    pub fn field_span(&self, key: &str) -> Option<Span> {
        self.fields
            .iter()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(key))
            .map(|(_, _, s)| *s)
    }
}

impl Expr {
    /// The source-like text of this expression, for messages and the graph.
    pub fn text(&self) -> String {
        match self {
            Expr::Str(s) => format!("{s:?}"),
            Expr::Ident(n) => n.to_string(),
            Expr::Sel(q, n) => format!("{q}.{n}"),
            Expr::Param(_, n, _) => n.to_string(),
            Expr::Member { text, .. } => text.to_string(),
            Expr::RecvField { field, recv, .. } => format!("{recv}.{field}"),
            Expr::Concat(parts) => parts.iter().map(Expr::text).collect::<Vec<_>>().join(" + "),
            Expr::Sprintf(f, args) => {
                let mut s = format!("fmt.Sprintf({}", f.text());
                for a in args {
                    s.push_str(", ");
                    s.push_str(&a.text());
                }
                s.push(')');
                s
            }
            Expr::Env { key, default } => match default {
                Some(d) => format!("env {key} (default {})", d.text()),
                None => format!("os.Getenv({key:?})"),
            },
            Expr::Composite(c) => format!("{}{{...}}", c.ty),
            Expr::Addr(e) => format!("&{}", e.text()),
            Expr::Typed { text, .. } | Expr::Other(text) => text.to_string(),
            Expr::FuncLit(_) => "func(...) {...}".to_string(),
            Expr::OneOf(alts) => alts.iter().map(Expr::text).collect::<Vec<_>>().join(" | "),
            Expr::Call { text, .. } => text.to_string(),
            Expr::Index(of, key) => format!("{}[{}]", of.text(), key.text()),
            Expr::Each { of, key } => {
                // A lone range variable is a map's key, a slice's index or a
                // channel's element.
                format!(
                    "{} of {}",
                    if *key { "each" } else { "each value" },
                    of.text()
                )
            }
            Expr::Field(of, name) => format!("{}.{name}", of.text()),
            Expr::Setting(key) => format!("setting {key:?}"),
            Expr::At(_, e) => e.text(),
            Expr::SelfRef(name) => name.to_string(),
            Expr::Mounted(func) => format!("mount of {func}()"),
        }
    }

    /// Strips `&` and parentheses.
    pub fn peel(&self) -> &Expr {
        match self {
            Expr::Addr(e) => e.peel(),
            e => e,
        }
    }

    /// Whether this expression has at most `budget` nodes left, counting
    /// down as it goes (stops early: it never walks a large tree whole).
    pub fn fits(&self, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        match self {
            Expr::Concat(parts) | Expr::OneOf(parts) | Expr::Call { args: parts, .. } => {
                parts.iter().all(|p| p.fits(budget))
            }
            Expr::Sprintf(f, args) => f.fits(budget) && args.iter().all(|a| a.fits(budget)),
            Expr::Env {
                default: Some(d), ..
            } => d.fits(budget),
            Expr::Composite(c) => {
                c.fields.iter().all(|(_, e, _)| e.fits(budget))
                    && c.elements.iter().all(|e| e.fits(budget))
            }
            Expr::Addr(e) | Expr::Field(e, _) | Expr::Each { of: e, .. } | Expr::At(_, e) => {
                e.fits(budget)
            }
            Expr::Index(a, b) => a.fits(budget) && b.fits(budget),
            _ => true,
        }
    }

    /// Whether this expression or a part of it walks a collection (a range
    /// variable): such a call stands for one call per entry.
    pub fn has_each(&self) -> bool {
        match self {
            Expr::Each { .. } => true,
            Expr::Concat(parts) | Expr::OneOf(parts) | Expr::Call { args: parts, .. } => {
                parts.iter().any(Expr::has_each)
            }
            Expr::Sprintf(f, args) => f.has_each() || args.iter().any(Expr::has_each),
            Expr::Env { default, .. } => default.as_deref().is_some_and(Expr::has_each),
            Expr::Composite(c) => {
                c.fields.iter().any(|(_, e, _)| e.has_each())
                    || c.elements.iter().any(Expr::has_each)
            }
            Expr::Addr(e) | Expr::Field(e, _) | Expr::At(_, e) => e.has_each(),
            Expr::Index(a, b) => a.has_each() || b.has_each(),
            _ => false,
        }
    }
}

/// An `import` of a Go file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Import {
    /// The explicit package name, if any (`_` and `.` included).
    pub alias: Option<String>,
    pub path: String,
}

/// A package-level `const` or `var`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueDef {
    pub name: String,
    /// The initializer, when there is one.
    pub value: Option<Expr>,
    /// The declared type, when written.
    pub ty: Option<String>,
    pub is_const: bool,
    pub span: Span,
}

/// A field of a struct type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDef {
    /// The Go field name (for an embedded field, the type's name).
    pub name: String,
    /// The type as written.
    pub ty: String,
    /// The `json:"..."` name, when tagged (`-` when skipped).
    pub json: Option<String>,
    pub embedded: bool,
    pub line: u32,
    /// A default from the tag (`envDefault:"x"`, `default:"x"`) and the
    /// environment variable it names (`env:"TOPIC"`, `envconfig:"TOPIC"`).
    pub tag_default: Option<(String, Option<String>)>,
}

/// A named type declaration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeDef {
    pub name: String,
    /// `struct`, `interface` or the underlying type's text.
    pub underlying: String,
    pub fields: Vec<FieldDef>,
    pub span: Span,
}

/// A function, method or function literal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FuncDef {
    /// Display name: `main`, `(*Usecase).PlaceOrder`, `main.func1`.
    pub name: String,
    /// The plain name (`PlaceOrder`); empty for literals.
    pub short_name: String,
    /// The receiver's type name without `*`.
    pub receiver: Option<String>,
    /// The receiver's name as written (`uc` of `func (uc *Usecase) ...`).
    #[serde(default)]
    pub recv_name: Option<Name>,
    pub params: Vec<Param>,
    /// The enclosing function, for literals.
    pub parent: Option<u32>,
    /// The declaration's name (or the `func` keyword of a literal).
    pub span: Span,
    /// The whole declaration.
    pub body: Span,
    /// What a function with one result returns, when every `return` names a
    /// value (constants, literals, conversions); empty otherwise.
    pub returns: Vec<Expr>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Param {
    pub name: Name,
    pub ty: Name,
}

/// What happens to the error a call returns, as far as the syntax shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErrorFlow {
    /// Not a statement eventlint recognises.
    #[default]
    Unknown,
    /// `return f(...)`, or inside `return fmt.Errorf(..., f(...))`.
    Returned,
    /// Assigned, then `if err != nil { return ... err ... }`.
    Propagated,
    /// Assigned, then `if err != nil { panic(...) }`.
    Panics,
    /// Assigned, then `if err != nil { log.Fatal(...) }` (or `os.Exit`).
    Fatal,
    /// Assigned, then `if err != nil { http.Error(w, ..., 500) }`: an HTTP
    /// handler answers a server error (`w.WriteHeader(5xx)`, gin
    /// `c.JSON(500, ...)`, `c.AbortWithStatus(...)`).
    Answers5xx,
    /// Assigned and checked, but the check neither returns it nor stops.
    Handled,
    /// A bare statement: the result is dropped.
    Ignored,
}

/// De-duplication evidence inside a function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuardFact {
    pub func: Option<u32>,
    /// `status` (a comparison of a `.Status`/`.State` field) or `id-index`
    /// (a map or set indexed by an ID field).
    pub kind: String,
    /// The expression as written.
    pub text: String,
    pub line: u32,
}

/// A call with a named callee and at least one argument.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallFact {
    /// The callee as written, e.g. `uc.publisher.PublishEvent`.
    pub callee: Name,
    /// Where the callee's last name starts (after its last `.`).
    pub last_at: u16,
    pub args: Vec<Expr>,
    /// Index into [`GoFacts::funcs`] of the innermost enclosing function.
    pub func: Option<u32>,
    /// The whole call expression.
    pub span: Span,
    /// What happens to the error it returns.
    pub flow: ErrorFlow,
    /// The type of the callee's receiver when it is a local or parameter of
    /// a known type (`set sets.Set[string]` for `set.Insert(x)`).
    pub recv_ty: Option<Name>,
    /// The path prefix of a router group the receiver is: `g` of
    /// `g := r.Group("/events")` (gin, echo), `s := r.PathPrefix("/events").Subrouter()`
    /// (gorilla), the router of `r.Route("/events", func(r chi.Router) {...})`.
    pub prefix: Option<Box<Expr>>,
    /// A `defer`red call: it runs when the function returns.
    #[serde(default)]
    pub deferred: bool,
}

impl CallFact {
    /// The callee's last name: `PublishEvent` of `c.PublishEvent`.
    pub fn last_name(&self) -> &str {
        self.callee
            .get(usize::from(self.last_at)..)
            .unwrap_or(&self.callee)
    }

    /// The callee without its last name: `uc.publisher` of
    /// `uc.publisher.PublishEvent`; `None` for a plain name.
    pub fn qualifier(&self) -> Option<&str> {
        let at = usize::from(self.last_at).checked_sub(1)?;
        self.callee.get(..at)
    }
}

/// A keyed composite literal with a `topic` key (subscription descriptors).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopicLiteral {
    pub func: Option<u32>,
    pub literal: Composite,
}

/// A composite literal of a named struct type, for constructor field resolution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StructLiteral {
    pub func: Option<u32>,
    pub literal: Composite,
}

/// An assignment to a field: `cfg.Topic = envOr("TOPIC", "orders")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldAssign {
    /// The type of the value whose field is set, as written, when known here
    /// (a local's or parameter's type, the receiver's type).
    pub ty: Option<Name>,
    /// A package-level variable whose field is set, when the value is one.
    pub var: Option<Name>,
    pub field: Name,
    pub value: Expr,
    pub func: Option<u32>,
}

/// Facts of one Go source file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoFacts {
    pub package: String,
    pub imports: Vec<Import>,
    pub values: Vec<ValueDef>,
    /// Assignments to package-level names inside functions (`topic = ...`),
    /// with the function they are in.
    pub global_assigns: Vec<(String, Expr, Option<u32>)>,
    pub types: Vec<TypeDef>,
    pub funcs: Vec<FuncDef>,
    pub calls: Vec<CallFact>,
    pub topic_literals: Vec<TopicLiteral>,
    pub guards: Vec<GuardFact>,
    pub struct_literals: Vec<StructLiteral>,
    pub field_assigns: Vec<FieldAssign>,
    /// Whether the parse had errors (facts come from the well-formed parts).
    pub has_errors: bool,
}

impl GoFacts {
    /// Frees the spare capacity of every vector: facts stay in memory for the
    /// whole run, and vectors built by `collect` or `push` keep up to half
    /// their room unused (a call's arguments started at four slots). Cut the
    /// facts of a 1.2M-line tree from 241 MB to about 160 MB.
    pub fn shrink(&mut self) {
        self.imports.shrink_to_fit();
        self.values.shrink_to_fit();
        for v in &mut self.values {
            if let Some(e) = &mut v.value {
                e.shrink();
            }
        }
        self.global_assigns.shrink_to_fit();
        for (_, e, _) in &mut self.global_assigns {
            e.shrink();
        }
        self.types.shrink_to_fit();
        for t in &mut self.types {
            t.fields.shrink_to_fit();
        }
        self.funcs.shrink_to_fit();
        for f in &mut self.funcs {
            f.params.shrink_to_fit();
            f.returns.shrink_to_fit();
            f.returns.iter_mut().for_each(Expr::shrink);
        }
        self.calls.shrink_to_fit();
        for c in &mut self.calls {
            if let Some(p) = &mut c.prefix {
                p.shrink();
            }
            c.args.shrink_to_fit();
            c.args.iter_mut().for_each(Expr::shrink);
        }
        self.topic_literals.shrink_to_fit();
        for t in &mut self.topic_literals {
            t.literal.shrink();
        }
        self.guards.shrink_to_fit();
        self.struct_literals.shrink_to_fit();
        self.field_assigns.shrink_to_fit();
        for t in &mut self.struct_literals {
            t.literal.shrink();
        }
    }
}

impl Composite {
    fn shrink(&mut self) {
        self.fields.shrink_to_fit();
        self.elements.shrink_to_fit();
        for (_, e, _) in &mut self.fields {
            e.shrink();
        }
        self.elements.iter_mut().for_each(Expr::shrink);
    }
}

impl Expr {
    fn shrink(&mut self) {
        match self {
            Expr::Concat(parts) => {
                parts.shrink_to_fit();
                parts.iter_mut().for_each(Expr::shrink);
            }
            Expr::Sprintf(format, args) => {
                format.shrink();
                args.shrink_to_fit();
                args.iter_mut().for_each(Expr::shrink);
            }
            Expr::Env {
                default: Some(d), ..
            } => d.shrink(),
            Expr::Composite(c) => c.shrink(),
            Expr::Addr(e) | Expr::Field(e, _) | Expr::Each { of: e, .. } | Expr::At(_, e) => {
                e.shrink();
            }
            Expr::OneOf(parts) | Expr::Call { args: parts, .. } => {
                parts.shrink_to_fit();
                parts.iter_mut().for_each(Expr::shrink);
            }
            Expr::Index(a, b) => {
                a.shrink();
                b.shrink();
            }
            _ => {}
        }
    }
}

/// A value read from YAML, with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YamlValue {
    /// `None` when templated or absent-but-required.
    pub value: Option<String>,
    pub span: Span,
}

/// A declarative Dapr subscription (YAML `Subscription` or a Helm values entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YamlSubscription {
    pub name: Option<String>,
    pub topic: YamlValue,
    pub pubsub: Option<YamlValue>,
    /// `spec.route`, or `spec.routes.default`, and every `rules[].path`.
    pub routes: Vec<YamlValue>,
    /// The `match` expression of each route in `routes` (none for a default).
    #[serde(default)]
    pub route_matches: Vec<Option<String>>,
    pub dead_letter: Option<YamlValue>,
    pub scopes: Vec<String>,
    /// True for an entry of a Helm values file.
    pub helm_values: bool,
}

/// A Dapr `Component`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YamlComponent {
    pub name: String,
    /// `pubsub.redis`, `state.redis`, ...
    pub kind: String,
    pub span: Span,
    /// State-store outbox: (`outboxPublishPubsub`, `outboxPublishTopic`).
    pub outbox: Option<(YamlValue, YamlValue)>,
    pub scopes: Vec<String>,
}

/// Facts of one YAML file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YamlFacts {
    pub subscriptions: Vec<YamlSubscription>,
    pub components: Vec<YamlComponent>,
    /// Problems reading the file: YAML that does not parse, a manifest Dapr
    /// would reject.
    pub problems: Vec<YamlProblem>,
}

/// Something wrong in a YAML file, at a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YamlProblem {
    pub span: Span,
    pub message: String,
    /// The fix, when the problem is the manifest's (not the reader's limits).
    pub help: Option<String>,
}

/// What a file yields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Facts {
    Go(GoFacts),
    Yaml(YamlFacts),
}

/// Facts of one file, with its path relative to the root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileFacts {
    pub path: String,
    pub facts: Facts,
    /// Suppression comments: (line, text after the marker).
    pub suppressions: Vec<(u32, String)>,
}
