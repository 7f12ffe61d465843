//! The event flow graph: topics, their publishers, subscribers and payloads.

mod diagram;
mod idempotence;
pub mod link;
mod loops;
mod operations;
pub mod render;
mod resolve;
mod routes;
mod values;

use serde::Serialize;

use crate::extract::Span;

pub use link::{link, link_demanding};

/// What linking looked up that files not yet parsed could answer: whole
/// packages (directories), declarations of functions and methods by name,
/// uses of identifiers (callers of a forwarder, a constant's users), and
/// raw text (route paths), all found in the files' bytes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Demands {
    pub dirs: std::collections::BTreeSet<String>,
    /// Functions or methods declared with this name (`func Name(`, `) Name(`).
    pub decls: std::collections::BTreeSet<String>,
    /// Identifiers used anywhere, as whole words.
    pub words: std::collections::BTreeSet<String>,
    /// Text as written (route paths).
    pub texts: std::collections::BTreeSet<String>,
    /// Composite literals of a type name (`Name{`, not `OtherName{`).
    pub literals: std::collections::BTreeSet<String>,
    /// Composite literals of a type name in files that also use a field's
    /// name (`PublishRequest{` with `Topic`): where a keyed literal could set it.
    pub field_literals: std::collections::BTreeSet<(String, String)>,
    /// Quoted topic values, wanted only from files that also call something
    /// named like a topic or a subscription (`AddTopicHandler(`): where an
    /// inferred subscription could be.
    pub topic_texts: std::collections::BTreeSet<String>,
}

impl Demands {
    /// What `self` asks that `other` did not.
    pub fn minus(&self, other: &Demands) -> Demands {
        let diff = |a: &std::collections::BTreeSet<String>,
                    b: &std::collections::BTreeSet<String>| {
            a.difference(b).cloned().collect()
        };
        Demands {
            dirs: diff(&self.dirs, &other.dirs),
            decls: diff(&self.decls, &other.decls),
            words: diff(&self.words, &other.words),
            texts: diff(&self.texts, &other.texts),
            literals: diff(&self.literals, &other.literals),
            field_literals: self
                .field_literals
                .difference(&other.field_literals)
                .cloned()
                .collect(),
            topic_texts: diff(&self.topic_texts, &other.topic_texts),
        }
    }

    /// Adds `other`'s demands to `self`.
    pub fn absorb(&mut self, other: &Demands) {
        self.dirs.extend(other.dirs.iter().cloned());
        self.decls.extend(other.decls.iter().cloned());
        self.words.extend(other.words.iter().cloned());
        self.texts.extend(other.texts.iter().cloned());
        self.literals.extend(other.literals.iter().cloned());
        self.field_literals
            .extend(other.field_literals.iter().cloned());
        self.topic_texts.extend(other.topic_texts.iter().cloned());
    }

    pub fn is_empty(&self) -> bool {
        self.dirs.is_empty()
            && self.decls.is_empty()
            && self.words.is_empty()
            && self.texts.is_empty()
            && self.literals.is_empty()
            && self.field_literals.is_empty()
            && self.topic_texts.is_empty()
    }
}

/// A location in the repository.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Location {
    /// Relative to the root, `/`-separated.
    pub path: String,
    pub span: Span,
}

/// A topic (or pub/sub) expression after resolution.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Resolved {
    /// The string value, when known statically (for an environment look-up, the default).
    pub value: Option<String>,
    /// The environment variable that can override the value.
    pub env: Option<String>,
    /// The constant it came from, qualified by package name (`events.TopicOrderCreated`).
    pub constant: Option<String>,
    /// The expression as written at the site.
    pub text: String,
    /// For an unresolved expression, a glob of the topics it can produce
    /// (`order.*` for `"order." + kind`), when it has any literal part.
    pub pattern: Option<String>,
    /// When the expression takes one of several values (a local assigned in
    /// the branches of a `switch`, a function returning one of several
    /// constants, a collection walked by a loop): all of them, sorted.
    /// `value` is then the one this site was filed under.
    pub alternatives: Vec<String>,
}

impl Resolved {
    pub(crate) fn known(value: impl Into<String>) -> Self {
        let value = value.into();
        Self {
            text: format!("{value:?}"),
            value: Some(value),
            env: None,
            constant: None,
            pattern: None,
            alternatives: Vec::new(),
        }
    }

    /// Whether this unresolved expression could produce `topic`.
    pub fn might_produce(&self, topic: &str) -> bool {
        self.pattern
            .as_deref()
            .is_some_and(|p| crate::model::glob_match(p, topic))
    }
}

/// Why a topic expression was not resolved, in words, from its text.
pub fn unresolved_reason(r: &Resolved) -> String {
    let t = r.text.as_str();
    if t.starts_with("each ") {
        return format!("built from {t}, a collection not declared as a literal here");
    }
    if r.env.is_some() {
        return "an environment or configuration look-up without a default".to_string();
    }
    if t.contains(" | ") {
        return format!(
            "one of more than {} values, or one of them unknown",
            crate::extract::go::MAX_ALTERNATIVES
        );
    }
    if r.pattern.is_some() {
        return "built from parts known only at run time".to_string();
    }
    if t.contains('(') {
        return "computed by a call whose result is not a constant".to_string();
    }
    "a value known only at run time (a parameter, a request field, a variable set elsewhere)"
        .to_string()
}

/// Matches `text` against a pattern where `*` is any run of characters.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    let (Some(first), Some(last)) = (parts.first(), parts.last()) else {
        return pattern == text;
    };
    if parts.len() == 1 {
        return pattern == text;
    }
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = text.get(first.len()..text.len() - last.len()).unwrap_or("");
    for mid in parts.iter().skip(1).take(parts.len().saturating_sub(2)) {
        match rest.find(mid) {
            Some(i) => rest = rest.get(i + mid.len()..).unwrap_or(""),
            None => return false,
        }
    }
    true
}

/// The payload a publisher sends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Payload {
    /// The type name as declared (`OrderCreatedEvent`), or the untyped form (`map[string]any`).
    pub type_name: Option<String>,
    /// Where the type is declared, when it is in the repository.
    pub decl: Option<TypeRef>,
    /// The declaration's location.
    pub decl_at: Option<Location>,
    /// JSON fields of the declared type, embedded structs flattened.
    pub fields: Vec<PayloadField>,
    /// The expression as written.
    pub text: String,
}

/// A struct type declared in the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct TypeRef {
    /// Index into the facts list.
    pub file: u32,
    /// Index into that file's types.
    pub index: u32,
}

/// A function declared in the repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct FuncRef {
    pub file: u32,
    pub index: u32,
}

/// A field of a payload, after embedded structs are flattened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PayloadField {
    pub name: String,
    /// The JSON name (`encoding/json` rules: tag, else the Go name).
    pub json: String,
    pub ty: String,
    /// Where the field is declared (for embedded fields, in the embedded type).
    pub path: String,
    pub line: u32,
    /// For a field of a struct type declared in the repository, that type's package name.
    pub type_pkg: Option<String>,
    /// The JSON kind of the field's type.
    pub kind: JsonKind,
}

/// The kind of JSON value a Go type encodes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum JsonKind {
    String,
    Number,
    Bool,
    Object,
    Array,
    /// `any`, raw JSON, or a type not declared here.
    Unknown,
}

impl JsonKind {
    pub fn as_str(self) -> &'static str {
        match self {
            JsonKind::String => "string",
            JsonKind::Number => "number",
            JsonKind::Bool => "bool",
            JsonKind::Object => "object",
            JsonKind::Array => "array",
            JsonKind::Unknown => "unknown",
        }
    }
}

/// A site that publishes a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Publisher {
    pub service: String,
    pub at: Location,
    /// The enclosing function's display name.
    pub function: Option<String>,
    pub func: Option<FuncRef>,
    pub topic: Resolved,
    pub pubsub: Option<Resolved>,
    pub payload: Option<Payload>,
    pub outbox: bool,
    /// What happens to the publish call's error.
    pub flow: crate::extract::ErrorFlow,
    /// Whether it runs inside an event handler (where returning the error
    /// asks for redelivery).
    pub in_handler: bool,
    /// The operations whose result the publish error decides: the enclosing
    /// function when it returns, propagates, panics or exits on the error,
    /// or — through wrappers that only publish — their callers that do.
    pub fails: Vec<FailingOp>,
    /// How it was found: `go-sdk`, `call`, `http`, `outbox`, `dead-letter`, `yaml-outbox`,
    /// or `forwarder <name>`.
    pub via: String,
}

/// An operation that fails when a publish fails.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FailingOp {
    /// The function's display name.
    pub function: String,
    /// Where it receives the error: the publish call, or the call of the wrapper.
    pub at: Location,
    pub flow: crate::extract::ErrorFlow,
    /// The function runs inside an event handler.
    pub in_handler: bool,
    /// The state change it makes besides publishing (`uc.repo.Save`).
    pub after: Option<String>,
}

/// How a subscription is declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SubscriberKind {
    GoSdk,
    Call,
    Yaml,
    Programmatic,
}

impl SubscriberKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SubscriberKind::GoSdk => "go-sdk",
            SubscriberKind::Call => "call",
            SubscriberKind::Yaml => "yaml",
            SubscriberKind::Programmatic => "programmatic",
        }
    }
}

/// The function that handles delivered events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Handler {
    /// Display name (`(*EventHandler).HandleOrderCreated`), or the expression when unresolved.
    pub name: String,
    pub func: Option<FuncRef>,
    pub at: Option<Location>,
}

/// A subscription to a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscriber {
    pub service: String,
    pub at: Location,
    pub kind: SubscriberKind,
    pub topic: Resolved,
    pub pubsub: Option<Resolved>,
    pub route: Option<String>,
    pub handler: Option<Handler>,
    /// Payload types the handler decodes into.
    pub decodes: Vec<Decode>,
    /// What the handler does, when it was found.
    pub effects: Option<Effects>,
    pub dead_letter: Option<Resolved>,
    /// For a YAML subscription in a service whose Go code is here: whether its
    /// route is registered as an HTTP route.
    pub route_registered: Option<bool>,
    /// The routing rule's `match` expression, for one route of several.
    pub route_match: Option<String>,
}

/// What a handler (and the functions it runs) does: evidence for
/// idempotency checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Effects {
    pub calls: Vec<EffectCall>,
    /// SQL text with an upsert or conflict clause.
    pub sql_guards: Vec<String>,
    /// Status comparisons and ID-keyed lookups, described.
    pub guards: Vec<String>,
    /// Checks of a processed-events store that can never trip: the check's
    /// callee and the marking function that is declared but never called
    /// (`IsProcessed`, `MarkProcessed`).
    pub void_guards: Vec<(String, String)>,
}

/// A call made by a handler.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EffectCall {
    pub callee: String,
    pub at: Location,
    pub args: usize,
    pub first_arg_numeric: bool,
    /// The receiver's type, when known (a set's `Insert` is idempotent).
    pub recv_ty: Option<String>,
    /// An argument is the event's own ID (`e.ID`, `evt.EventID`): a write
    /// keyed by it is an upsert, idempotent.
    pub keyed_by_event_id: bool,
    /// The event's ID is handed on inside an argument (a request's metadata):
    /// a receiver elsewhere can de-duplicate by it.
    pub carries_event_id: bool,
    /// An argument is the decoded payload or a field of it (`Save(ctx,
    /// &gadget)`, `Put(order.ID, order)`): an overwrite of it is idempotent.
    pub writes_payload: bool,
    /// The HTTP method of an outgoing call, when one is named (`POST`).
    pub http_method: Option<String>,
    /// Deferred: runs when the handler returns (clean-up).
    pub deferred: bool,
    /// An argument names a temporary path (`tmp`, `temp`): scratch files.
    pub temp_path: bool,
}

/// A decode of the event data into a type, on the subscriber side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Decode {
    pub at: Location,
    pub type_name: String,
    pub decl: Option<TypeRef>,
    pub decl_at: Option<Location>,
    pub fields: Vec<PayloadField>,
}

/// A publish whose topic could not be resolved statically.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DynamicPublish {
    pub service: String,
    pub at: Location,
    pub function: Option<String>,
    pub topic: Resolved,
    pub payload: Option<Payload>,
}

/// A pub/sub component declared in YAML.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Component {
    pub name: String,
    pub kind: String,
    pub at: Location,
}

/// One topic and everything attached to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Topic {
    pub name: String,
    pub constant: Option<String>,
    pub payload: Option<Payload>,
    pub publishers: Vec<Publisher>,
    pub subscribers: Vec<Subscriber>,
}

/// The linked event flow graph of a repository.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventGraph {
    pub services: Vec<String>,
    /// Sorted by name.
    pub topics: Vec<Topic>,
    pub dynamic: Vec<DynamicPublish>,
    /// Subscriptions whose topic could not be resolved.
    pub dynamic_subscriptions: Vec<Subscriber>,
    pub components: Vec<Component>,
    /// String constants of packages that hold topic constants.
    pub topic_constants: Vec<TopicConstant>,
    /// Go files that were not analysed (EC017): what they hold is unknown,
    /// so rules that need a service's whole code say they could not judge.
    #[serde(skip)]
    pub skipped_go: Vec<String>,
}

/// A string constant in a package whose constants name topics.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicConstant {
    /// Qualified by package name: `events.TopicOrderCreated`.
    pub name: String,
    pub value: String,
    pub at: Location,
}

impl EventGraph {
    /// The topic named `name`.
    pub fn topic(&self, name: &str) -> Option<&Topic> {
        self.topics
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .and_then(|i| self.topics.get(i))
    }

    /// Publisher service → subscriber service edges, per topic, where the
    /// pub/sub components agree (an unknown component matches any).
    pub fn edges(&self) -> Vec<(String, String, String)> {
        let mut out = Vec::new();
        for t in &self.topics {
            for p in &t.publishers {
                for s in &t.subscribers {
                    if pubsub_compatible(p.pubsub.as_ref(), s.pubsub.as_ref()) {
                        out.push((p.service.clone(), t.name.clone(), s.service.clone()));
                    }
                }
            }
        }
        out.sort();
        out.dedup();
        out
    }
}

/// Whether two pub/sub names can denote the same component.
pub fn pubsub_compatible(a: Option<&Resolved>, b: Option<&Resolved>) -> bool {
    match (
        a.and_then(|r| r.value.as_ref()),
        b.and_then(|r| r.value.as_ref()),
    ) {
        // An environment look-up's default is the name it has unless overridden.
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}
