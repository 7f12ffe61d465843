//! Facts → [`EventGraph`]: match calls against publish and subscribe
//! patterns, find forwarding wrappers, follow handlers and routes, and
//! group everything by topic.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use globset::{Glob, GlobMatcher};

use crate::config::{CallRule, Config};
use crate::extract::gomod::GoMod;
use crate::extract::{CallFact, Composite, ErrorFlow, Expr, Facts, FileFacts, YamlValue};

use super::resolve::{Index, StringConstant};
use super::routes::Routes;
use super::{
    Component, Decode, Demands, DynamicPublish, EffectCall, Effects, EventGraph, FailingOp,
    FuncRef, Handler, Location, Payload, Publisher, Resolved, Subscriber, SubscriberKind, Topic,
    TopicConstant,
};

/// How many forwarding layers are followed.
const MAX_FORWARD_DEPTH: usize = 4;
/// How deep a handler is followed into the functions it calls, for decodes.
const MAX_HANDLER_DEPTH: u32 = 2;
/// How deep a handler is followed for its effects (handler → use case → repository).
const MAX_EFFECT_DEPTH: u32 = 3;

/// An argument position, or a value fixed by a forwarder.
#[derive(Debug, Clone)]
enum Role<T> {
    Arg(usize),
    Fixed(T),
    /// Literal text and parameters of a forwarder, joined (`"/" + topic`).
    Template(Vec<Part>),
}

/// A piece of a forwarder's topic or route.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Arg(usize),
}

/// What a forwarder pattern matches: calls of one function or method.
#[derive(Debug, Clone)]
struct Target {
    pkg: u32,
    service: String,
    name: String,
    is_method: bool,
    arity: usize,
    /// No other method in the repository has this name and arity.
    unique: bool,
    /// The method's receiver type (without `*`).
    receiver: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Publish,
    Outbox,
    Subscribe(SubscriberKind),
}

/// A call pattern: a callee glob and what each argument means.
#[derive(Debug, Clone)]
struct Pattern {
    glob: Option<GlobMatcher>,
    /// For a glob `*.Name`: the name, compared without the glob.
    last: Option<String>,
    /// A forwarder: calls to this function.
    target: Option<Target>,
    min_args: usize,
    max_args: usize,
    shape: Shape,
    topic: Option<Role<Resolved>>,
    pubsub: Option<Role<Resolved>>,
    payload: Option<Role<Payload>>,
    handler: Option<Role<Handler>>,
    route: Option<Role<Option<String>>>,
    /// The argument holding a descriptor literal (`common.Subscription`, `SubscriptionOptions`).
    descriptor: Option<usize>,
    /// A required suffix of the descriptor's type.
    descriptor_type: Option<&'static str>,
    /// A shape known only by a common method name (`Publish(ctx, topic,
    /// evt)`): realtime, cache and metrics libraries share it, so a call
    /// through one of their packages is not taken.
    bare: bool,
    via: String,
}

impl Pattern {
    fn new(glob: &str, shape: Shape, min_args: usize) -> Self {
        Self {
            glob: Glob::new(glob).ok().map(|g| g.compile_matcher()),
            last: glob
                .strip_prefix("*.")
                .filter(|n| !n.contains(['*', '?', '[', '{', '.']))
                .map(str::to_string),
            target: None,
            min_args,
            max_args: usize::MAX,
            shape,
            topic: None,
            pubsub: None,
            payload: None,
            handler: None,
            route: None,
            descriptor: None,
            descriptor_type: None,
            bare: false,
            via: match shape {
                Shape::Publish => "call",
                Shape::Outbox => "outbox",
                Shape::Subscribe(k) => k.as_str(),
            }
            .to_string(),
        }
    }

    fn args(mut self, topic: Option<usize>, payload: Option<usize>, pubsub: Option<usize>) -> Self {
        self.topic = topic.map(Role::Arg);
        self.payload = payload.map(Role::Arg);
        self.pubsub = pubsub.map(Role::Arg);
        self
    }

    fn handler(mut self, arg: usize) -> Self {
        self.handler = Some(Role::Arg(arg));
        self
    }

    fn max(mut self, n: usize) -> Self {
        self.max_args = n;
        self
    }

    fn via(mut self, via: &str) -> Self {
        self.via = via.to_string();
        self
    }

    fn bare(mut self) -> Self {
        self.bare = true;
        self
    }

    fn descriptor(mut self, arg: usize, ty: Option<&'static str>) -> Self {
        self.descriptor = Some(arg);
        self.descriptor_type = ty;
        self
    }

    fn from_config(rule: &CallRule, shape: Shape) -> Self {
        let min = [
            rule.topic_arg,
            rule.payload_arg,
            rule.pubsub_arg,
            rule.handler_arg,
        ]
        .into_iter()
        .flatten()
        .max()
        .map_or(1, |m| m + 1);
        let mut p = Pattern::new(&rule.call, shape, min).args(
            rule.topic_arg,
            rule.payload_arg,
            rule.pubsub_arg,
        );
        if let Some(h) = rule.handler_arg {
            p = p.handler(h);
        }
        p
    }
}

/// An inferred subscription is a call whose name holds one of these words,
/// in any case (`AddTopicHandler`); the pre-scan asks for files by them too.
pub const INFERRED_CALL_WORDS: &[&str] = &["topic", "subscribe"];

/// The built-in patterns of DESIGN's "What is extracted".
fn builtin_patterns() -> Vec<Pattern> {
    use SubscriberKind::{Call, GoSdk};
    vec![
        // Dapr go-sdk client: PublishEvent(ctx, pubsub, topic, data, opts...).
        Pattern::new("*.PublishEvent", Shape::Publish, 4)
            .args(Some(2), Some(3), Some(1))
            .via("go-sdk"),
        Pattern::new("*.PublishEvents", Shape::Publish, 4)
            .args(Some(2), Some(3), Some(1))
            .via("go-sdk"),
        // The platform publisher: PublishEvent(ctx, topic, evt).
        Pattern::new("*.PublishEvent", Shape::Publish, 3)
            .max(3)
            .args(Some(1), Some(2), None)
            .bare(),
        // Service-side wrappers: Publish(ctx, topic, evt).
        Pattern::new("*.Publish", Shape::Publish, 3)
            .max(3)
            .args(Some(1), Some(2), None)
            .bare(),
        // The runtime's gRPC API: PublishEvent(ctx, &PublishEventRequest{...}).
        Pattern::new("*.PublishEvent", Shape::Publish, 2)
            .max(2)
            .descriptor(1, Some("PublishEventRequest"))
            .via("grpc"),
        Pattern::new("*.BulkPublishEvent", Shape::Publish, 2)
            .max(2)
            .descriptor(1, Some("BulkPublishRequest"))
            .via("grpc"),
        Pattern::new("*.BulkPublishEventAlpha1", Shape::Publish, 2)
            .max(2)
            .descriptor(1, Some("BulkPublishRequest"))
            .via("grpc"),
        Pattern::new("*.AddTopicEventHandler", Shape::Subscribe(GoSdk), 2)
            .descriptor(0, None)
            .handler(1),
        Pattern::new("*.AddTopicEventSubscriber", Shape::Subscribe(GoSdk), 2)
            .descriptor(0, None)
            .handler(1),
        Pattern::new("*.AddBulkTopicEventHandler", Shape::Subscribe(GoSdk), 2)
            .descriptor(0, None)
            .handler(1),
        Pattern::new("*.SubscribeWithHandler", Shape::Subscribe(GoSdk), 3)
            .descriptor(1, Some("SubscriptionOptions"))
            .handler(2),
        Pattern::new("*.Subscribe", Shape::Subscribe(GoSdk), 2)
            .max(2)
            .descriptor(1, Some("SubscriptionOptions")),
        Pattern::new("*.AddConsumer", Shape::Subscribe(Call), 3)
            .max(3)
            .args(Some(0), None, Some(1))
            .handler(2),
        Pattern::new("*.AddConsumerWithMetadata", Shape::Subscribe(Call), 4)
            .args(Some(0), None, Some(1))
            .handler(3)
            .descriptor(2, None),
    ]
}

/// What became of a publish inside a function whose topic is a parameter.
enum Forwarder {
    Added,
    Known,
    Refused,
}

/// Pattern indices of sites found outside the pattern table.
const HTTP_SITE: usize = usize::MAX;
const OUTBOX_SITE: usize = usize::MAX - 1;

/// One matched publish or subscribe site.
struct Site<'a> {
    file: u32,
    call: &'a CallFact,
    pattern: usize,
    /// The topic, resolved (or dynamic, with its text).
    topic: Option<Resolved>,
    /// When the topic is built from parameters of the enclosing function.
    template: Option<Vec<Part>>,
}

/// Links the facts of a repository into its event graph.
///
/// `files` must be sorted by path; `gomods` holds each `go.mod` directory
/// (relative, `""` for the root) with its contents; `root_name` names a
/// service whose module is the root itself.
pub fn link(
    files: &[FileFacts],
    gomods: &[(String, GoMod)],
    root_name: &str,
    config: &Config,
) -> EventGraph {
    link_demanding(files, gomods, root_name, config, &[]).0
}

/// Links, and says what it looked up that the Go files not parsed yet
/// (`unparsed_go`, relative paths) could answer.
pub fn link_demanding(
    files: &[FileFacts],
    gomods: &[(String, GoMod)],
    root_name: &str,
    config: &Config,
    unparsed_go: &[String],
) -> (EventGraph, Demands) {
    let service_dirs = config
        .services
        .as_deref()
        .map(|g| service_dirs(files, unparsed_go, g));
    // Calls that loops expand; declared before the index, which borrows them.
    let expanded_store = std::cell::OnceCell::new();
    let index = Index::new(
        files,
        gomods,
        root_name,
        service_dirs.as_deref(),
        unparsed_go,
    );
    let mut linker = Linker {
        index: &index,
        expanded: &super::loops::Expanded::default(),
        patterns: Vec::new(),
        publishers: Vec::new(),
        subscribers: Vec::new(),
        dynamic: Vec::new(),
        forwarders: HashMap::default(),
        binding_handlers: Vec::new(),
        evidence: super::operations::Evidence::from_config(config),
        never_marked_memo: std::cell::RefCell::default(),
    };
    if config.extract.defaults {
        linker.patterns = builtin_patterns();
    }
    for r in &config.extract.publish {
        linker
            .patterns
            .push(Pattern::from_config(r, Shape::Publish));
    }
    for r in &config.extract.subscribe {
        linker.patterns.push(Pattern::from_config(
            r,
            Shape::Subscribe(SubscriberKind::Call),
        ));
    }
    for r in &config.extract.outbox {
        linker.patterns.push(Pattern::from_config(r, Shape::Outbox));
    }
    let names: FxHashSet<&str> = linker
        .patterns
        .iter()
        .filter_map(|p| p.last.as_deref())
        .collect();
    linker.expanded = expanded_store.get_or_init(|| super::loops::Expanded::of(&index, &names));
    linker.match_calls();
    let routes = linker.routes();
    linker.programmatic(&routes);
    let components = linker.yaml(&routes);
    linker.dead_letters();
    linker.inferred_subscriptions();
    let graph = linker.finish(components);
    (graph, index.take_demands())
}

struct Linker<'i, 'a> {
    index: &'i Index<'a>,
    /// Calls inside loops over literal collections, one per entry.
    expanded: &'a super::loops::Expanded,
    patterns: Vec<Pattern>,
    publishers: Vec<Publisher>,
    subscribers: Vec<Subscriber>,
    dynamic: Vec<DynamicPublish>,
    /// Forwarder functions already turned into patterns.
    forwarders: HashMap<FuncRef, usize>,
    /// HTTP handlers of input bindings (the route named after a `bindings.*`
    /// component): event handlers, where a failure asks for redelivery.
    binding_handlers: Vec<FuncRef>,
    /// EC006's evidence of a state change, extended from the configuration.
    evidence: super::operations::Evidence,
    /// EC003's never-marked checks, by (check, service).
    never_marked_memo: std::cell::RefCell<HashMap<(String, String), Option<String>>>,
}

impl<'a> Linker<'_, 'a> {
    fn location(&self, file: u32, span: crate::extract::Span) -> Location {
        Location {
            path: self.index.path(file).to_string(),
            span,
        }
    }

    fn function_name(&self, file: u32, func: Option<u32>) -> Option<String> {
        let f = func?;
        self.index
            .func(FuncRef { file, index: f })
            .map(|d| d.name.clone())
    }

    /// Matches every call against the patterns, then against forwarders found
    /// on the way, layer by layer.
    fn match_calls(&mut self) {
        let mut first_new = 0;
        // The site inside each forwarder, and how many calls each pattern matched.
        let mut origins: Vec<(usize, Site<'a>)> = Vec::new();
        let mut hits: HashMap<usize, usize> = HashMap::default();
        for _ in 0..=MAX_FORWARD_DEPTH {
            let sites = self.sites(first_new);
            first_new = self.patterns.len();
            let mut new_forwarders = false;
            for site in sites {
                *hits.entry(site.pattern).or_default() += 1;
                if site.pattern == HTTP_SITE
                    && let Some(fwd) = self.http_forwarder(&site)
                {
                    // A wrapper building the sidecar URL from its parameters.
                    match self.add_forwarder(&fwd) {
                        Forwarder::Added => {
                            new_forwarders = true;
                            origins.push((self.patterns.len() - 1, fwd));
                        }
                        Forwarder::Known => {}
                        Forwarder::Refused => self.record_special(&site),
                    }
                } else if site.pattern == HTTP_SITE || site.pattern == OUTBOX_SITE {
                    self.record_special(&site);
                } else if site.template.is_some() {
                    match self.add_forwarder(&site) {
                        Forwarder::Added => {
                            new_forwarders = true;
                            origins.push((self.patterns.len() - 1, site));
                        }
                        Forwarder::Known => {}
                        // Not followed: the publish stays, with its topic dynamic.
                        Forwarder::Refused => self.record(&site),
                    }
                } else {
                    self.record(&site);
                }
            }
            if !new_forwarders {
                break;
            }
        }
        // A forwarder nobody calls here (a library's entry point, a handler
        // fed from a request) still publishes: its topic is dynamic.
        for (pattern, site) in origins {
            if hits.get(&pattern).copied().unwrap_or(0) == 0 {
                self.record(&site);
            }
        }
    }

    /// Sites matching patterns from `first` on.
    fn sites(&self, first: usize) -> Vec<Site<'a>> {
        let mut out = Vec::new();
        // A pattern naming a function or method only matches calls with
        // that last name: look those up by name instead of trying every
        // pattern on every call (forwarders make hundreds of patterns).
        let mut by_name: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut any_name: Vec<usize> = Vec::new();
        for (pi, p) in self.patterns.iter().enumerate().skip(first) {
            match (&p.target, &p.last) {
                (Some(t), _) => by_name.entry(t.name.as_str()).or_default().push(pi),
                (None, Some(name)) => by_name.entry(name.as_str()).or_default().push(pi),
                (None, None) => any_name.push(pi),
            }
        }
        let mut candidates: Vec<usize> = Vec::new();
        let files: &'a [FileFacts] = self.index.files;
        let expanded: &'a super::loops::Expanded = self.expanded;
        let parsed = files.iter().enumerate().flat_map(|(fi, f)| {
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            let calls: &'a [CallFact] = match &f.facts {
                Facts::Go(g) => &g.calls,
                Facts::Yaml(_) => &[],
            };
            calls
                .iter()
                .filter(move |c| !expanded.replaced.contains(&(file, c.span.start)))
                .map(move |c| (file, c))
        });
        let all = parsed.chain(expanded.calls.iter().map(|(f, c)| (*f, c)));
        {
            for (file, call) in all {
                let last = call.last_name();
                candidates.clear();
                candidates.extend_from_slice(by_name.get(last).map_or(&[][..], Vec::as_slice));
                if !any_name.is_empty() {
                    // The first matching pattern wins: keep the patterns' order.
                    candidates.extend_from_slice(&any_name);
                    candidates.sort_unstable();
                }
                for &pi in &candidates {
                    let Some(p) = self.patterns.get(pi) else {
                        continue;
                    };
                    if !self.matches(p, call, file, last) {
                        continue;
                    }
                    if let Some(site) = self.site(file, call, pi) {
                        out.push(site);
                        break;
                    }
                }
                if first == 0 {
                    if let Some(site) = self.http_publish(file, call) {
                        out.push(site);
                    }
                    if let Some(site) = self.outbox_publish(file, call) {
                        out.push(site);
                    }
                }
            }
        }
        out
    }

    /// `last` is the callee's last name (`PublishEvent` of `c.PublishEvent`).
    fn matches(&self, p: &Pattern, call: &CallFact, file: u32, last: &str) -> bool {
        let n = call.args.len();
        if n < p.min_args || n > p.max_args {
            return false;
        }
        // Most patterns name the method (`*.PublishEvent`): compare names first.
        if let Some(t) = &p.target {
            return n == t.arity && last == t.name && self.calls_target(t, call, file);
        }
        if let Some(name) = &p.last {
            return last == name && call.callee.len() > name.len();
        }
        p.glob.as_ref().is_some_and(|g| g.is_match(&call.callee))
    }

    /// Whether `call` calls the forwarder `t`. Methods are matched by name, so
    /// the caller must be able to reach the method: same package, a package that
    /// imports it, or the same service where no other method has that name and
    /// arity (an interface implemented in another package of the service).
    fn calls_target(&self, t: &Target, call: &CallFact, file: u32) -> bool {
        let caller_pkg = self.index.file_pkg.get(file as usize).copied().flatten();
        match call.qualifier().zip(Some(call.last_name())) {
            Some((_, last)) if t.is_method => {
                last == t.name
                    && !self.other_struct_receiver(t, call, file)
                    && (caller_pkg == Some(t.pkg)
                        || self.index.imports_pkg(file, t.pkg)
                        // Unique by name: reached through an interface, from
                        // a service that uses the method's package somewhere.
                        || (t.unique
                            && (self.index.service(file) == t.service
                                || self.index.service_imports_pkg(file, t.pkg)))
                        || (self.index.service(file) == t.service
                            && self.index.methods_named_in(file, &t.name, t.arity) == 1))
            }
            Some((qual, last)) => last == t.name && self.index.call_pkg(file, qual) == Some(t.pkg),
            None => !t.is_method && call.callee == t.name && caller_pkg == Some(t.pkg),
        }
    }

    /// Whether the call's receiver is known to be a struct of the repository
    /// other than the forwarder's receiver (`r.Publish` with `r *RedisBus`
    /// is not `(*KafkaBus).Publish`). An interface receiver may be either.
    fn other_struct_receiver(&self, t: &Target, call: &CallFact, file: u32) -> bool {
        let (Some(ty), Some(receiver)) = (call.recv_ty.as_deref(), t.receiver.as_deref()) else {
            return false;
        };
        self.index
            .type_ref(ty.trim_start_matches('*'), file)
            .and_then(|r| self.index.type_def(r))
            .is_some_and(|d| d.underlying == "struct" && d.name != receiver)
    }

    /// A topic (or route) built from the enclosing function's parameters.
    fn template(&self, e: &Expr, file: u32) -> Option<Vec<Part>> {
        let part = |p: &Expr| match p {
            Expr::Param(i, _, _) => Some(Part::Arg(*i as usize)),
            other => self.index.resolve(other, file).value.map(Part::Text),
        };
        match e {
            Expr::Param(i, _, _) => Some(vec![Part::Arg(*i as usize)]),
            Expr::Concat(ps) if ps.iter().any(|p| matches!(p, Expr::Param(..))) => {
                ps.iter().map(part).collect()
            }
            _ => None,
        }
    }

    /// A forwarder's template applied to a call: resolved, or a new template
    /// when the call passes its own parameters on.
    fn apply_template(
        &self,
        parts: &[Part],
        call: &CallFact,
        file: u32,
    ) -> (Resolved, Option<Vec<Part>>) {
        if let [Part::Arg(i)] = parts
            && let Some(e) = call.args.get(*i)
        {
            return (self.index.resolve(e, file), self.template(e, file));
        }
        let mut out = Vec::new();
        let mut value = String::new();
        let mut env = None;
        let mut text = Vec::new();
        let mut open = false;
        for part in parts {
            match part {
                Part::Text(t) => {
                    value.push_str(t);
                    text.push(format!("{t:?}"));
                    out.push(Part::Text(t.clone()));
                }
                Part::Arg(i) => {
                    let Some(e) = call.args.get(*i) else {
                        return (Resolved::default(), None);
                    };
                    text.push(e.text());
                    if let Some(t) = self.template(e, file) {
                        open = true;
                        out.extend(t);
                        continue;
                    }
                    let r = self.index.resolve(e, file);
                    let Some(v) = &r.value else {
                        return (
                            Resolved {
                                text: text.join(" + "),
                                ..Resolved::default()
                            },
                            None,
                        );
                    };
                    value.push_str(v);
                    env = env.or(r.env);
                    out.push(Part::Text(v.clone()));
                }
            }
        }
        let resolved = Resolved {
            value: (!open).then_some(value),
            env,
            text: text.join(" + "),
            ..Resolved::default()
        };
        (resolved, open.then_some(out))
    }

    /// The topic of a call under a pattern: resolved, a parameter of the
    /// enclosing function (a forwarder), or dynamic.
    fn site<'c>(&self, file: u32, call: &'c CallFact, pattern: usize) -> Option<Site<'c>> {
        let p = self.patterns.get(pattern)?;
        let site = |topic: Resolved, template: Option<Vec<Part>>| Site {
            file,
            call,
            pattern,
            topic: Some(topic),
            template,
        };
        let (expr, expr_file) = match (&p.topic, p.descriptor) {
            (Some(Role::Arg(i)), _) => {
                let e = call.args.get(*i)?;
                // A call that merely shares a name (`Publish(ctx, &req, mode)`) is no publish.
                if !self.plausible_topic(e, file)
                    || (p.bare && self.index.through_lookalike(call, file))
                {
                    return None;
                }
                (e, file)
            }
            (Some(Role::Fixed(r)), _) => return Some(site(r.clone(), None)),
            (Some(Role::Template(parts)), _) => {
                let (r, t) = self.apply_template(parts, call, file);
                return Some(site(r, t));
            }
            (None, Some(d)) => {
                let arg = call.args.get(d)?;
                let Some((lit, lf)) = self.index.composite(arg, file) else {
                    return self.descriptor_site(p, arg, file, call, pattern);
                };
                if let Some(suffix) = p.descriptor_type
                    && !lit.ty.ends_with(suffix)
                {
                    return None;
                }
                (lit.field("topic")?, lf)
            }
            (None, None) => return None,
        };
        Some(site(
            self.index.resolve(expr, expr_file),
            self.template(expr, expr_file),
        ))
    }

    /// A registration whose descriptor is not one literal: one of several
    /// (a collection walked by a loop, a function's returns), or unknown.
    /// A registration only the descriptor's type tells apart from a
    /// look-alike (`Subscribe(ctx, opts)`) is kept only when the literals
    /// are found and of that type; an unknown one is a dynamic subscription.
    fn descriptor_site<'c>(
        &self,
        p: &Pattern,
        arg: &Expr,
        file: u32,
        call: &'c CallFact,
        pattern: usize,
    ) -> Option<Site<'c>> {
        // Only a loop over literals can show the type of a look-alike's
        // descriptor; anything else is not followed (and asks for no files).
        if p.descriptor_type.is_some() && !arg.has_each() {
            return None;
        }
        // A helper handing its own parameter on (the SDK's own
        // `AddTopicEventHandler(sub, fn)`): its callers are the registrations.
        if matches!(arg.peel(), Expr::Param(..)) {
            return None;
        }
        let lits = self.index.composites(arg, file, 0).unwrap_or_default();
        if let Some(suffix) = p.descriptor_type
            && (lits.is_empty() || lits.iter().any(|(c, _)| !c.ty.ends_with(suffix)))
        {
            return None;
        }
        let mut topics = Vec::new();
        for (c, f) in &lits {
            let Some(t) = c.field("topic") else {
                topics.clear();
                break;
            };
            topics.push((t, *f));
        }
        let resolved = if topics.is_empty() {
            None
        } else {
            self.index.resolve_one_of_at(&topics)
        };
        let topic = resolved.unwrap_or_else(|| Resolved {
            text: arg.text(),
            ..Resolved::default()
        });
        Some(Site {
            file,
            call,
            pattern,
            topic: Some(topic),
            template: None,
        })
    }

    /// A forwarder: its call sites become sites of a new pattern.
    fn add_forwarder(&mut self, site: &Site<'_>) -> Forwarder {
        let Some(func) = site.call.func else {
            return Forwarder::Refused;
        };
        let fref = FuncRef {
            file: site.file,
            index: func,
        };
        let Some(def) = self.index.func(fref) else {
            return Forwarder::Refused;
        };
        if self.forwarders.contains_key(&fref) {
            return Forwarder::Known;
        }
        if def.parent.is_some() {
            return Forwarder::Refused;
        }
        let Some(pkg) = self
            .index
            .file_pkg
            .get(site.file as usize)
            .copied()
            .flatten()
        else {
            return Forwarder::Refused;
        };
        let Some(base) = self.patterns.get(site.pattern).cloned() else {
            return Forwarder::Refused;
        };
        let Some(template) = site.template.clone() else {
            return Forwarder::Refused;
        };
        // The topic's parameters must be strings.
        let strings = template.iter().all(|p| match p {
            Part::Arg(i) => def
                .params
                .get(*i)
                .is_some_and(|p| self.index.is_string_type(&p.ty, site.file)),
            Part::Text(_) => true,
        });
        if !strings {
            return Forwarder::Refused;
        }
        let descriptor = base
            .descriptor
            .and_then(|d| site.call.args.get(d))
            .and_then(|a| self.index.composite(a, site.file));
        let arg_or = |role: &Option<Role<Resolved>>, key: &str| -> Option<Role<Resolved>> {
            let expr = match role {
                Some(Role::Arg(i)) => site.call.args.get(*i),
                Some(Role::Fixed(r)) => return Some(Role::Fixed(r.clone())),
                Some(Role::Template(t)) => return Some(Role::Template(t.clone())),
                None => descriptor.and_then(|(c, _)| c.field(key)),
            }?;
            Some(match expr {
                Expr::Param(i, _, _) => Role::Arg(*i as usize),
                e => Role::Fixed(self.index.resolve(e, site.file)),
            })
        };
        let pubsub = arg_or(&base.pubsub, "pubsubname");
        let payload = match &base.payload {
            Some(Role::Arg(i)) => site.call.args.get(*i).map(|e| match e {
                Expr::Param(j, _, _) => Role::Arg(*j as usize),
                e => Role::Fixed(self.index.payload(e, site.file)),
            }),
            other => other.clone(),
        };
        let handler = match &base.handler {
            Some(Role::Arg(i)) => site.call.args.get(*i).map(|e| match e {
                Expr::Param(j, _, _) => Role::Arg(*j as usize),
                e => Role::Fixed(self.handler_of(e, site.file)),
            }),
            other => other.clone(),
        };
        let route = descriptor
            .and_then(|(c, f)| c.field("route").map(|e| (e, f)))
            .map(|(e, f)| match self.template(e, f) {
                Some(t) => Role::Template(t),
                None => Role::Fixed(self.index.resolve(e, f).value.map(|r| normalize_route(&r))),
            })
            .or_else(|| base.route.clone());
        // Its callers may be in files not parsed yet.
        self.index.demand_callers(def, Some(pkg));
        let pattern = Pattern {
            glob: None,
            last: None,
            target: Some(Target {
                pkg,
                service: self.index.service(site.file).to_string(),
                name: def.short_name.clone(),
                is_method: def.receiver.is_some(),
                arity: def.params.len(),
                unique: self.index.methods_named(&def.short_name, def.params.len()) == 1,
                receiver: def.receiver.clone(),
            }),
            min_args: def.params.len(),
            max_args: def.params.len(),
            shape: base.shape,
            topic: Some(Role::Template(template)),
            pubsub,
            payload,
            handler,
            route,
            descriptor: None,
            descriptor_type: None,
            bare: false,
            via: format!("forwarder {}", def.name),
        };
        self.forwarders.insert(fref, self.patterns.len());
        self.patterns.push(pattern);
        Forwarder::Added
    }

    /// Whether an argument can be a topic: strings, names and string
    /// expressions; not literals of structs, functions, or values of other types.
    fn plausible_topic(&self, e: &Expr, file: u32) -> bool {
        match e {
            Expr::Str(_)
            | Expr::Ident(_)
            | Expr::Sel(..)
            | Expr::Concat(_)
            | Expr::Sprintf(..)
            | Expr::Env { .. }
            | Expr::RecvField { .. }
            | Expr::Member { .. } => true,
            Expr::Param(_, _, ty) | Expr::Typed { ty, .. } => self.index.is_string_type(ty, file),
            Expr::Other(text) => !text.starts_with("func") && !text.contains('{'),
            Expr::OneOf(_)
            | Expr::Index(..)
            | Expr::Each { .. }
            | Expr::Field(..)
            | Expr::Setting(_) => true,
            Expr::At(f, e) => self.plausible_topic(e, *f),
            Expr::SelfRef(_) => true,
            // A call may compute a topic; not one that builds a struct.
            Expr::Call { text, .. } => !text.contains('{'),
            Expr::Composite(_) | Expr::Addr(_) | Expr::FuncLit(_) | Expr::Mounted(_) => false,
        }
    }

    fn handler_of(&self, expr: &Expr, file: u32) -> Handler {
        match self.index.resolve_handler(expr, file) {
            Some(r) => self.index.handler(r),
            None => Handler {
                name: expr.text(),
                func: None,
                at: None,
            },
        }
    }

    /// Records a matched site as a publisher or subscriber.
    fn record(&mut self, site: &Site<'_>) {
        let Some(p) = self.patterns.get(site.pattern) else {
            return;
        };
        let file = site.file;
        let call = site.call;
        let descriptor = p
            .descriptor
            .and_then(|d| call.args.get(d))
            .and_then(|a| self.index.composite(a, file));
        let resolve_role = |role: &Option<Role<Resolved>>, key: &str| -> Option<Resolved> {
            match role {
                Some(Role::Arg(i)) => call.args.get(*i).map(|e| self.index.resolve(e, file)),
                Some(Role::Fixed(r)) => Some(r.clone()),
                Some(Role::Template(t)) => Some(self.apply_template(t, call, file).0),
                None => {
                    descriptor.and_then(|(c, f)| c.field(key).map(|e| self.index.resolve(e, f)))
                }
            }
        };
        let topic = site.topic.clone().unwrap_or_default();
        let pubsub = resolve_role(&p.pubsub, "pubsubname");
        let at = self.location(file, call.span);
        let service = self.index.service(file).to_string();
        let function = self.function_name(file, call.func);
        match p.shape {
            Shape::Publish | Shape::Outbox => {
                let payload = match &p.payload {
                    Some(Role::Arg(i))
                        if p.via == "go-sdk" && call.callee.ends_with("PublishEvents") =>
                    {
                        call.args.get(*i).map(|e| self.index.bulk_payload(e, file))
                    }
                    Some(Role::Arg(i)) => call.args.get(*i).map(|e| self.index.payload(e, file)),
                    Some(Role::Fixed(pl)) => Some(pl.clone()),
                    Some(Role::Template(_)) | None => None,
                };
                let outbox = p.shape == Shape::Outbox;
                self.push_publisher(Publisher {
                    service,
                    at,
                    function,
                    func: call.func.map(|index| FuncRef { file, index }),
                    topic,
                    pubsub,
                    payload,
                    outbox,
                    flow: call.flow,
                    in_handler: false,
                    fails: Vec::new(),
                    via: p.via.clone(),
                });
            }
            Shape::Subscribe(kind) => {
                let handler = match &p.handler {
                    Some(Role::Arg(i)) => call.args.get(*i).map(|e| self.handler_of(e, file)),
                    Some(Role::Fixed(h)) => Some(h.clone()),
                    Some(Role::Template(_)) => None,
                    // A pull subscription: the enclosing function receives the events.
                    None => call
                        .func
                        .map(|index| self.index.handler(FuncRef { file, index })),
                };
                let route = match &p.route {
                    Some(Role::Arg(i)) => call
                        .args
                        .get(*i)
                        .and_then(|e| self.index.resolve(e, file).value)
                        .map(|r| normalize_route(&r)),
                    Some(Role::Fixed(r)) => r.clone(),
                    Some(Role::Template(t)) => self
                        .apply_template(t, call, file)
                        .0
                        .value
                        .map(|r| normalize_route(&r)),
                    None => descriptor
                        .and_then(|(c, f)| c.field("route").map(|e| (e, f)))
                        .and_then(|(e, f)| self.index.resolve(e, f).value)
                        .map(|r| normalize_route(&r)),
                };
                let dead_letter = descriptor
                    .and_then(|(c, f)| {
                        c.field("deadLetterTopic")
                            .or_else(|| c.field("DeadLetterTopic"))
                            .map(|e| (e, f))
                    })
                    .map(|(e, f)| self.index.resolve(e, f));
                let (decodes, effects) = self.handled(handler.as_ref());
                self.subscribers.push(Subscriber {
                    service,
                    at,
                    kind,
                    topic,
                    pubsub,
                    route,
                    handler,
                    decodes,
                    effects,
                    dead_letter,
                    route_registered: None,
                    route_match: None,
                });
            }
        }
    }

    fn push_publisher(&mut self, p: Publisher) {
        if p.topic.value.is_some() {
            self.publishers.push(p);
        } else {
            self.dynamic.push(DynamicPublish {
                service: p.service,
                at: p.at,
                function: p.function,
                topic: p.topic,
                payload: p.payload,
            });
        }
    }

    /// `http.Post(".../v1.0/publish/{pubsub}/{topic}", ...)` and `http.NewRequest`.
    fn http_publish<'c>(&self, file: u32, call: &'c CallFact) -> Option<Site<'c>> {
        let last = call.last_name();
        if !matches!(last, "Post" | "NewRequest" | "NewRequestWithContext") {
            return None;
        }
        call.args
            .iter()
            .any(|a| self.url_parts(a, file).is_some())
            .then_some(Site {
                file,
                call,
                pattern: HTTP_SITE,
                topic: None,
                template: None,
            })
    }

    /// The parts of a URL expression: resolved strings or unresolved expressions.
    fn url_parts(&self, expr: &Expr, file: u32) -> Option<Vec<UrlPart>> {
        let mut out = Vec::new();
        match expr {
            Expr::Concat(parts) => {
                for p in parts {
                    out.push(self.url_part(p, file));
                }
            }
            Expr::Sprintf(format, args) => {
                let format = self.index.resolve(format, file).value?;
                let mut args = args.iter();
                for piece in super::values::format_pieces(&format) {
                    match piece {
                        super::values::FormatPiece::Text(t) => out.push(UrlPart::Text(t, None)),
                        super::values::FormatPiece::Verb(..) => match args.next() {
                            Some(a) => out.push(self.url_part(a, file)),
                            None => out.push(UrlPart::Unknown(String::new(), None)),
                        },
                    }
                }
            }
            e => out.push(self.url_part(e, file)),
        }
        let joined: String = out
            .iter()
            .filter_map(|p| match p {
                UrlPart::Text(t, _) => Some(t.as_str()),
                UrlPart::Unknown(..) => None,
            })
            .collect();
        (joined.contains("/v1.0/publish/") || joined.contains("/v1.0-alpha1/publish/"))
            .then_some(out)
    }

    fn url_part(&self, expr: &Expr, file: u32) -> UrlPart {
        if let Expr::Param(i, name, _) = expr {
            return UrlPart::Unknown(name.to_string(), Some(usize::from(*i)));
        }
        // Hosts and ports come from calls (`d.HTTPAddress()`); a topic or a
        // component in a URL does not: calls are not followed here.
        if matches!(expr, Expr::Call { callee, .. } if callee != "string") {
            return UrlPart::Unknown(expr.text(), None);
        }
        let r = self.index.resolve(expr, file);
        match r.value.clone() {
            Some(v) => UrlPart::Text(v, Some(r)),
            None => UrlPart::Unknown(expr.text(), None),
        }
    }

    /// Outbox writes: a callee matching `*outbox*`, given a struct literal with
    /// a `Topic`/`EventType` field, or a topic argument.
    ///
    /// A write of an outbox row through any store counts too: a call that
    /// inserts (`tx.Create`, `db.Save`, `repo.Insert`, `q.Enqueue`) a literal
    /// whose type is named `*Outbox*` (`&OutboxMessage{Topic: ...}`).
    fn outbox_publish<'c>(&self, file: u32, call: &'c CallFact) -> Option<Site<'c>> {
        let by_callee = contains_ignore_case(&call.callee, "outbox");
        if !by_callee && !inserts(call) {
            return None;
        }
        for a in &call.args {
            if let Some((lit, lf)) = self.index.composite(a, file)
                && (by_callee || is_outbox_row(&lit.ty))
                && let Some(t) = lit.field("topic").or_else(|| lit.field("eventtype"))
            {
                return Some(Site {
                    file,
                    call,
                    pattern: OUTBOX_SITE,
                    topic: Some(self.index.resolve(t, lf)),
                    template: None,
                });
            }
        }
        None
    }

    /// An HTTP publish whose topic (and perhaps pub/sub) in the URL is a
    /// parameter of the enclosing function: a site of a one-off pattern that
    /// makes the function a forwarder, its callers the publishers.
    fn http_forwarder<'c>(&mut self, site: &Site<'c>) -> Option<Site<'c>> {
        let file = site.file;
        let call = site.call;
        let (parts, (pubsub, topic)) = call.args.iter().find_map(|a| {
            let parts = self.url_parts(a, file)?;
            let split = split_publish_url(&parts)?;
            Some((parts, split))
        })?;
        // A piece that is exactly one parameter (its text is the parameter's name).
        let param_named = |r: &Resolved| {
            parts.iter().find_map(|p| match p {
                UrlPart::Unknown(text, Some(i)) if *text == r.text && r.value.is_none() => Some(*i),
                _ => None,
            })
        };
        let topic_param = param_named(&topic)?;
        let body = match call.last_name() {
            "NewRequestWithContext" => 3,
            _ => 2,
        };
        let pubsub_role = match param_named(&pubsub) {
            Some(j) => Role::Template(vec![Part::Arg(j)]),
            None => Role::Fixed(pubsub),
        };
        let mut base = Pattern::new("", Shape::Publish, usize::MAX).via("http");
        base.glob = None;
        base.last = Some("\u{0}http".to_string());
        base.pubsub = Some(pubsub_role);
        base.payload = Some(Role::Arg(body));
        self.patterns.push(base);
        Some(Site {
            file,
            call,
            pattern: self.patterns.len() - 1,
            topic: Some(topic),
            template: Some(vec![Part::Arg(topic_param)]),
        })
    }

    /// Records HTTP and outbox sites (patterns outside the table).
    fn record_special(&mut self, site: &Site<'_>) {
        let file = site.file;
        let call = site.call;
        let outbox = site.pattern == OUTBOX_SITE;
        let (topic, pubsub, payload, via) = if outbox {
            let lit = call.args.iter().find_map(|a| self.index.composite(a, file));
            let payload = lit.and_then(|(c, f)| {
                c.field("payload")
                    .or_else(|| c.field("data"))
                    .map(|e| self.index.payload(e, f))
            });
            (
                site.topic.clone().unwrap_or_default(),
                None,
                payload,
                "outbox",
            )
        } else {
            let Some(url) = call
                .args
                .iter()
                .find_map(|a| self.url_parts(a, file).and_then(|p| split_publish_url(&p)))
            else {
                return;
            };
            let last = call.last_name();
            let body = match last {
                "NewRequestWithContext" => 3,
                _ => 2,
            };
            let payload = call.args.get(body).map(|e| self.index.payload(e, file));
            (url.1, Some(url.0), payload, "http")
        };
        self.push_publisher(Publisher {
            service: self.index.service(file).to_string(),
            at: self.location(file, call.span),
            function: self.function_name(file, call.func),
            func: call.func.map(|index| FuncRef { file, index }),
            topic,
            pubsub,
            payload,
            outbox,
            flow: call.flow,
            in_handler: false,
            fails: Vec::new(),
            via: via.to_string(),
        });
    }

    /// Route registrations per service: path → handler and location.
    fn routes(&self) -> Routes {
        let mut out = Routes::default();
        for (fi, f) in self.index.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            for call in &g.calls {
                let last = call.last_name();
                if !ROUTE_METHODS.contains(&last) || call.args.len() < 2 {
                    continue;
                }
                let Some(first) = call.args.first() else {
                    continue;
                };
                let service = self.index.service(file);
                let path = self.index.resolve(first, file);
                // A group's or subrouter's prefix.
                let prefix = call.prefix.as_deref().map(|p| self.index.resolve(p, file));
                let (paths, prefixes) = (values(&path), prefix.as_ref().map(values));
                if paths.is_empty() || prefixes.as_ref().is_some_and(Vec::is_empty) {
                    // Registered at a path eventlint cannot tell: the paths it
                    // may serve, so no subscription is called unserved on a guess.
                    let tail = path.pattern.clone().unwrap_or_else(|| "*".into());
                    let glob = if prefixes.is_some() && !tail.starts_with('*') {
                        format!("*{tail}")
                    } else {
                        tail
                    };
                    out.unknown
                        .entry(service.to_string())
                        .or_default()
                        .push(glob);
                    continue;
                }
                let Some(h) = call.args.last() else { continue };
                let handler = self.handler_of(h, file);
                for p in &paths {
                    for pre in prefixes.as_deref().unwrap_or(&[String::new()]) {
                        let full = if pre.is_empty() {
                            p.clone()
                        } else {
                            format!(
                                "{}/{}",
                                pre.trim_end_matches('/'),
                                p.trim_start_matches('/')
                            )
                        };
                        // `mux.HandleFunc("POST /events/x", h)` (Go 1.22 patterns).
                        let full = match full.split_once(' ') {
                            Some((m, _))
                                if !m.is_empty() && m.bytes().all(|b| b.is_ascii_uppercase()) =>
                            {
                                normalize_route(&full)
                            }
                            _ => full,
                        };
                        // `g.POST("exitcam", h)`: echo and gin groups join a
                        // relative path with `/`; net/http's are host patterns.
                        let full = if !full.starts_with('/')
                            && !matches!(last, "HandleFunc" | "Handle")
                            && !full.is_empty()
                            && !full.contains(' ')
                        {
                            format!("/{full}")
                        } else {
                            full
                        };
                        if !full.starts_with('/') {
                            continue;
                        }
                        out.by_path
                            .entry((service.to_string(), full))
                            .or_default()
                            .push((handler.clone(), self.location(file, call.span)));
                    }
                }
            }
        }
        out
    }

    /// `/dapr/subscribe` handlers and gRPC `ListTopicSubscriptions`.
    fn programmatic(&mut self, routes: &Routes) {
        let mut funcs: Vec<FuncRef> = Vec::new();
        for ((_, path), handlers) in &routes.by_path {
            if path == "/dapr/subscribe" {
                funcs.extend(handlers.iter().filter_map(|(h, _)| h.func));
            }
        }
        for (fi, f) in self.index.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            for (i, func) in g.funcs.iter().enumerate() {
                if func.short_name == "ListTopicSubscriptions" {
                    funcs.push(FuncRef {
                        file: u32::try_from(fi).unwrap_or(u32::MAX),
                        index: u32::try_from(i).unwrap_or(u32::MAX),
                    });
                }
            }
        }
        funcs.sort();
        funcs.dedup();
        for fref in funcs {
            self.legacy_topic_list(fref, routes);
            let Some(g) = self.index.go(fref.file) else {
                continue;
            };
            let service = self.index.service(fref.file).to_string();
            for tl in &g.topic_literals {
                if !self.within(fref, tl.func) {
                    continue;
                }
                let lit = &tl.literal;
                let field = |key: &str| self.literal_field(lit, fref.file, key);
                let Some(topic) = field("topic") else {
                    continue;
                };
                let topic = self.index.resolve(topic, fref.file);
                let pubsub = field("pubsubname").map(|e| self.index.resolve(e, fref.file));
                let grpc = self
                    .index
                    .func(fref)
                    .is_some_and(|f| f.short_name == "ListTopicSubscriptions");
                let mut alternatives = self.literal_routes(lit, fref.file);
                if alternatives.is_empty() {
                    alternatives.push((None, None));
                }
                let several = alternatives.len() > 1;
                let dead_letter =
                    field("deadLetterTopic").map(|e| self.index.resolve(e, fref.file));
                for (route, route_match) in alternatives {
                    let route_match = route_match.filter(|_| several);
                    let handler = match &route {
                        _ if grpc => self.grpc_handler(fref),
                        Some(r) => self.route_handler(&service, r, routes),
                        None => None,
                    };
                    let (decodes, effects) = self.handled(handler.as_ref());
                    // An HTTP `/dapr/subscribe` answer names routes the app must
                    // serve; gRPC delivers to `OnTopicEvent` whatever the route.
                    let route_registered = match &route {
                        Some(r) if !grpc => (handler.is_some() || !routes.may_serve(&service, r))
                            .then_some(handler.is_some()),
                        _ => None,
                    };
                    self.subscribers.push(Subscriber {
                        service: service.clone(),
                        at: self.location(fref.file, self.literal_span(lit, fref.file, "topic")),
                        kind: SubscriberKind::Programmatic,
                        topic: topic.clone(),
                        pubsub: pubsub.clone(),
                        route,
                        handler,
                        decodes,
                        effects,
                        dead_letter: dead_letter.clone(),
                        route_registered,
                        route_match,
                    });
                }
            }
        }
    }

    /// The legacy `/dapr/subscribe` answer: a JSON array of topic names, each
    /// delivered to the route `/<topic>` (`[]string{"orders"}`, or
    /// `topics = append(topics, TopicOrders)`).
    fn legacy_topic_list(&mut self, fref: FuncRef, routes: &Routes) {
        let service = self.index.service(fref.file).to_string();
        let mut found: Vec<(Resolved, crate::extract::Span)> = Vec::new();
        for (_, call) in self.calls_in(fref) {
            if call.callee == "append" {
                for a in call.args.iter().skip(1) {
                    let r = self.index.resolve(a, fref.file);
                    if r.value.is_some() {
                        found.push((r, call.span));
                    }
                }
                continue;
            }
            for a in &call.args {
                if let Expr::Composite(c) = a.peel()
                    && c.ty == "[]string"
                {
                    for e in &c.elements {
                        let r = self.index.resolve(e, fref.file);
                        if r.value.is_some() {
                            found.push((r, c.span));
                        }
                    }
                }
            }
        }
        for (topic, span) in found {
            let Some(name) = topic.value.clone() else {
                continue;
            };
            let route = normalize_route(&name);
            let handler = self.route_handler(&service, &route, routes);
            let (decodes, effects) = self.handled(handler.as_ref());
            self.subscribers.push(Subscriber {
                service: service.clone(),
                at: self.location(fref.file, span),
                kind: SubscriberKind::Programmatic,
                topic,
                pubsub: None,
                route: Some(route),
                handler,
                decodes,
                effects,
                dead_letter: None,
                route_registered: None,
                route_match: None,
            });
        }
    }

    /// gRPC subscriptions are delivered to `OnTopicEvent` of the same server type.
    fn grpc_handler(&self, list: FuncRef) -> Option<Handler> {
        let ty = self.index.func(list)?.receiver.as_deref()?;
        let h = self.index.method_of(list.file, ty, "OnTopicEvent")?;
        Some(self.index.handler(h))
    }

    /// A keyed element by Go field name or by the field's `json` tag
    /// (`Name string \`json:"topic"\``), case-insensitively.
    fn literal_field<'l>(&self, lit: &'l Composite, file: u32, key: &str) -> Option<&'l Expr> {
        lit.field(key).or_else(|| {
            let name = self.tagged_field(lit, file, key)?;
            lit.field(&name)
        })
    }

    /// The Go name of the field of `lit`'s type tagged `json:"key"`.
    fn tagged_field(&self, lit: &Composite, file: u32, key: &str) -> Option<String> {
        let t = self.index.type_ref(lit.ty.trim_start_matches("[]"), file)?;
        let def = self.index.type_def(t)?;
        def.fields
            .iter()
            .find(|f| {
                f.json
                    .as_deref()
                    .is_some_and(|j| j.eq_ignore_ascii_case(key))
            })
            .map(|f| f.name.clone())
    }

    fn literal_span(&self, lit: &Composite, file: u32, key: &str) -> crate::extract::Span {
        lit.field_span(key)
            .or_else(|| {
                self.tagged_field(lit, file, key)
                    .and_then(|n| lit.field_span(&n))
            })
            .unwrap_or(lit.span)
    }

    /// The routes of a programmatic subscription entry, each with its match
    /// expression: its `route`, or each `routes.rules[].path` and the
    /// `routes.default` (`"default"`). A route not known is `None`.
    fn literal_routes(&self, lit: &Composite, file: u32) -> Vec<(Option<String>, Option<String>)> {
        let known = |e: &Expr, f: u32| self.index.resolve(e, f).value.map(|r| normalize_route(&r));
        if let Some(r) = self.literal_field(lit, file, "route") {
            return vec![(known(r, file), None)];
        }
        let Some((c, f)) = self
            .literal_field(lit, file, "routes")
            .and_then(|routes| self.index.composite(routes, file))
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        if let Some((rules, rf)) = c.field("rules").and_then(|r| self.index.composite(r, f)) {
            for rule in &rules.elements {
                let Some((rule, rf)) = self.index.composite(rule, rf) else {
                    continue;
                };
                if let Some(path) = rule.field("path") {
                    let matched = rule
                        .field("match")
                        .and_then(|m| self.index.resolve(m, rf).value);
                    out.push((known(path, rf), matched));
                }
            }
        }
        if let Some(d) = c.field("default") {
            out.push((known(d, f), Some("default".to_string())));
        }
        out
    }

    /// Whether `func` is `outer` or a literal nested in it.
    fn within(&self, outer: FuncRef, func: Option<u32>) -> bool {
        let mut cur = func;
        let mut guard = 0;
        while let Some(f) = cur {
            if f == outer.index {
                return true;
            }
            cur = self
                .index
                .func(FuncRef {
                    file: outer.file,
                    index: f,
                })
                .and_then(|d| d.parent);
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        false
    }

    fn route_handler(&self, service: &str, route: &str, routes: &Routes) -> Option<Handler> {
        let Some(found) = routes.get(service, route) else {
            // The registration may be in a file not parsed yet, whole or —
            // beneath a router group's prefix — by its last segment.
            self.index.demand_text(route);
            // A group's relative path: `g.POST("collectfine", h)`.
            self.index
                .demand_text(&format!("\"{}\"", route.trim_start_matches('/')));
            if let Some(i) = route.rfind('/').filter(|i| *i > 0) {
                self.index.demand_text(route.get(i..).unwrap_or(route));
            }
            return None;
        };
        found.first().map(|(h, _)| h.clone())
    }

    /// What a resolved handler decodes and does.
    fn handled(&self, handler: Option<&Handler>) -> (Vec<Decode>, Option<Effects>) {
        match handler.and_then(|h| h.func) {
            Some(f) => (self.decodes(f), Some(self.effects(f))),
            None => (Vec::new(), None),
        }
    }

    /// YAML subscriptions and components.
    fn yaml(&mut self, routes: &Routes) -> Vec<Component> {
        let mut components = Vec::new();
        for (fi, f) in self.index.files.iter().enumerate() {
            let Facts::Yaml(y) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            for c in y
                .components
                .iter()
                .filter(|c| c.kind.starts_with("bindings."))
            {
                let path = format!("/{}", c.name);
                let mut found = false;
                for ((_, p), handlers) in &routes.by_path {
                    if *p == path {
                        found = true;
                        self.binding_handlers
                            .extend(handlers.iter().filter_map(|(h, _)| h.func));
                    }
                }
                if !found {
                    // Registered as `"/exitcam"` or, in a group, `"exitcam"`.
                    self.index.demand_text(&format!("{}\"", c.name));
                }
            }
            for c in &y.components {
                if let Some((pubsub, topic)) = &c.outbox
                    && let Some(t) = &topic.value
                {
                    self.publishers.push(Publisher {
                        service: self.yaml_service(&f.path, &c.scopes),
                        at: self.location(file, topic.span),
                        function: None,
                        func: None,
                        topic: yaml_resolved(topic).unwrap_or_else(|| Resolved::known(t.clone())),
                        pubsub: yaml_resolved(pubsub),
                        payload: None,
                        outbox: true,
                        flow: ErrorFlow::Unknown,
                        in_handler: false,
                        fails: Vec::new(),
                        via: "yaml-outbox".to_string(),
                    });
                }
                if c.kind.starts_with("pubsub.") {
                    components.push(Component {
                        name: c.name.clone(),
                        kind: c.kind.clone(),
                        at: self.location(file, c.span),
                    });
                }
            }
            for s in &y.subscriptions {
                if s.topic.value.is_none() {
                    // A templated topic (Helm): the values file carries the real ones.
                    continue;
                }
                let mut service = self.yaml_service(&f.path, &s.scopes);
                let route = s.routes.first().and_then(|r| r.value.clone());
                // An app ID that names no folder, in a repository of one Go
                // module (several binaries of one module): that module, when
                // it serves the route.
                if !self.index.has_go(&service)
                    && let Some(only) = self.index.only_service()
                    && route
                        .as_ref()
                        .is_some_and(|r| routes.get(only, r).is_some())
                    && s.scopes
                        .iter()
                        .any(|scope| self.index.names_go_folder(scope))
                {
                    service = only.to_string();
                }
                // One subscriber per route of a routed (v2alpha1) Subscription:
                // each rule's path has its own handler, judged on its own.
                let mut each: Vec<(Option<String>, Option<String>)> = s
                    .routes
                    .iter()
                    .enumerate()
                    .filter_map(|(i, r)| {
                        let m = s.route_matches.get(i).cloned().flatten();
                        r.value.clone().map(|v| (Some(v), m))
                    })
                    .collect();
                each.dedup_by(|a, b| a.0 == b.0);
                if each.is_empty() {
                    each.push((route.clone(), None));
                }
                let several = each.len() > 1;
                for (route, route_match) in each {
                    let handler = route
                        .as_ref()
                        .and_then(|r| self.route_handler(&service, r, routes));
                    let (decodes, effects) = self.handled(handler.as_ref());
                    // Checked only where the service's Go code is in the repository.
                    // Not judged when a registration of an unknown path may serve it.
                    let route_registered = match &route {
                        Some(r) if self.index.has_go(&service) => (handler.is_some()
                            || !routes.may_serve(&service, r))
                        .then_some(handler.is_some()),
                        _ => None,
                    };
                    let sub = Subscriber {
                        service: service.clone(),
                        at: self.location(file, s.topic.span),
                        kind: SubscriberKind::Yaml,
                        topic: yaml_resolved(&s.topic).unwrap_or_default(),
                        pubsub: s.pubsub.as_ref().and_then(yaml_resolved),
                        route,
                        handler,
                        decodes,
                        effects,
                        dead_letter: s.dead_letter.as_ref().and_then(yaml_resolved),
                        route_registered,
                        route_match: if several {
                            route_match.or_else(|| Some("default".to_string()))
                        } else {
                            None
                        },
                    };
                    self.subscribers.push(sub);
                }
            }
        }
        components
    }

    /// The service a YAML file belongs to: by its `scopes` (app IDs), by a
    /// folder named like a service, or the repository's only service.
    fn yaml_service(&self, path: &str, scopes: &[String]) -> String {
        // A file inside a service's folder whose scopes name that service's
        // app ID (`atipaday-telegram` for `atipaday-telegram-subscriber/`).
        let home = self.index.service_in_path(path).filter(|home| {
            let base = home.rsplit('/').next().unwrap_or(home);
            scopes
                .iter()
                .any(|s| !s.is_empty() && (base.starts_with(s.as_str()) || s.starts_with(base)))
        });
        home.or_else(|| scopes.iter().find_map(|s| self.index.service_named(s)))
            .or_else(|| self.index.service_in_path(path))
            .or_else(|| {
                scopes
                    .is_empty()
                    .then(|| self.index.only_service())
                    .flatten()
            })
            .map(str::to_string)
            .or_else(|| scopes.first().cloned())
            .unwrap_or_default()
    }

    /// Subscriptions through a library nobody configured: a call whose name
    /// speaks of topics or subscribing, given a topic this repository
    /// publishes and a handler function declared here
    /// (`pubsub.AddTopicHandler(topicName, router, svc.OnOrder)`).
    fn inferred_subscriptions(&mut self) {
        // Only topics a site names outright: one of several alternatives (a
        // field's literals, a loop's entries) is too weak a clue for a call
        // that merely speaks of topics, and asking for every file quoting
        // `"a"` or `"topic"` would parse much of a large repository.
        let definite = |p: &&Publisher| p.topic.alternatives.is_empty();
        let published: FxHashSet<String> = self
            .publishers
            .iter()
            .filter(definite)
            .filter_map(|p| p.topic.value.clone())
            .collect();
        let subscribed: FxHashSet<String> = self
            .subscribers
            .iter()
            .filter_map(|s| s.topic.value.clone())
            .collect();
        // Such a call names the topic as the publisher does, or by its value:
        // files not parsed yet that do so are asked for.
        for p in self.publishers.iter().filter(definite) {
            let Some(value) = &p.topic.value else {
                continue;
            };
            if subscribed.contains(value) {
                continue;
            }
            self.index.demand_topic_text(&format!("{value:?}"));
            // The constant, or a variable named at the site; a field's name
            // (`req.Topic`) or an expression says nothing another file would repeat.
            let named = Some(p.topic.text.as_str()).filter(|t| {
                t.split('.')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '_'))
                    && t.split('.').count() <= 2
                    && (p.topic.constant.is_some() || !t.contains('.'))
            });
            for r in [p.topic.constant.as_deref(), named].into_iter().flatten() {
                let ident = r
                    .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .next()
                    .unwrap_or("");
                if !ident.is_empty() && !ident.starts_with(|c: char| c.is_ascii_digit()) {
                    self.index.demand_name(ident);
                }
            }
        }
        let mut found = Vec::new();
        for (fi, f) in self.index.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            for call in &g.calls {
                let last = call.last_name();
                if call.args.len() < 2
                    || !INFERRED_CALL_WORDS
                        .iter()
                        .any(|w| contains_ignore_case(last, w))
                {
                    continue;
                }
                let Some(topic) = call.args.iter().find_map(|a| {
                    let r = self.index.resolve(a, file);
                    r.value
                        .as_ref()
                        .is_some_and(|v| published.contains(v) && !subscribed.contains(v))
                        .then_some(r)
                }) else {
                    continue;
                };
                let Some(handler) = call
                    .args
                    .iter()
                    .rev()
                    .find_map(|a| self.index.resolve_handler(a, file))
                else {
                    continue;
                };
                found.push((file, call, topic, handler));
            }
        }
        for (file, call, topic, handler) in found {
            let handler = self.index.handler(handler);
            let (decodes, effects) = self.handled(Some(&handler));
            self.subscribers.push(Subscriber {
                service: self.index.service(file).to_string(),
                at: self.location(file, call.span),
                kind: SubscriberKind::Call,
                topic,
                pubsub: None,
                route: None,
                handler: Some(handler),
                decodes,
                effects,
                dead_letter: None,
                route_registered: None,
                route_match: None,
            });
        }
    }

    /// A dead-letter topic makes the runtime its publisher, at the subscription.
    fn dead_letters(&mut self) {
        let mut extra = Vec::new();
        for s in &self.subscribers {
            let Some(dl) = &s.dead_letter else { continue };
            if dl.value.is_none() {
                continue;
            }
            extra.push(Publisher {
                service: s.service.clone(),
                at: s.at.clone(),
                function: None,
                func: None,
                topic: dl.clone(),
                pubsub: s.pubsub.clone(),
                payload: None,
                outbox: false,
                flow: ErrorFlow::Unknown,
                in_handler: false,
                fails: Vec::new(),
                via: "dead-letter".to_string(),
            });
        }
        self.publishers.extend(extra);
    }

    /// A handler and the functions it runs: its literals, and the functions
    /// it calls in the same package (bounded depth); with `across`, also
    /// methods of other packages of the service that its calls name unambiguously
    /// (a use case, then its repository).
    fn scope_of(&self, handler: FuncRef, across: bool) -> Vec<FuncRef> {
        let mut scope = vec![handler];
        let mut frontier = vec![handler];
        let depth = if across {
            MAX_EFFECT_DEPTH
        } else {
            MAX_HANDLER_DEPTH
        };
        for _ in 0..depth {
            let mut next = Vec::new();
            for func in frontier {
                for (_, call) in self.calls_in(func) {
                    let callee = call.last_name();
                    let Some(r) = self.receiver_field_call(func, call).or_else(|| {
                        self.index
                            .resolve_handler(&Expr::Other(call.callee.as_str().into()), func.file)
                    }) else {
                        continue;
                    };
                    let same_pkg = self.index.file_pkg.get(r.file as usize)
                        == self.index.file_pkg.get(func.file as usize);
                    let named = self.index.func(r).is_some_and(|f| f.short_name == callee);
                    if (same_pkg || across) && named && !scope.contains(&r) {
                        scope.push(r);
                        next.push(r);
                    }
                }
            }
            frontier = next;
        }
        scope
    }

    /// `h.service.ReserveStock(...)` in a method of `h`: the method of the
    /// field's declared type, when it is a type of the repository.
    fn receiver_field_call(&self, func: FuncRef, call: &CallFact) -> Option<FuncRef> {
        let def = self.index.func(func)?;
        let (recv, rest) = call.callee.split_once('.')?;
        let (field, method) = rest.split_once('.')?;
        if def.recv_name.as_deref() != Some(recv) || method.contains('.') {
            return None;
        }
        self.index
            .field_method(func.file, def.receiver.as_deref()?, field, method)
    }

    fn scope(&self, handler: FuncRef) -> Vec<FuncRef> {
        self.scope_of(handler, false)
    }

    /// Calls inside `func` or its literals.
    fn calls_in(&self, func: FuncRef) -> impl Iterator<Item = (FuncRef, &CallFact)> {
        self.index
            .go(func.file)
            .map(|g| g.calls.as_slice())
            .unwrap_or_default()
            .iter()
            .filter(move |c| self.within(func, c.func))
            .map(move |c| (func, c))
    }

    /// Decodes in a handler's scope. A decode of a CloudEvent envelope yields
    /// to the decode of its `Data`.
    fn decodes(&self, handler: FuncRef) -> Vec<Decode> {
        // The handler's own decodes; only when it has none, those of the
        // functions it hands the event to (which also decode other things,
        // such as responses of calls they make).
        let scope = self.scope(handler);
        let decode_in = |f: &FuncRef| -> Vec<Decode> {
            self.calls_in(*f)
                .filter_map(|(f, call)| self.decode(call, f.file))
                .collect()
        };
        // A CloudEvent envelope: a `data` beside the envelope's own fields,
        // or a `data` kept raw to decode later (`Data json.RawMessage`).
        let is_envelope = |d: &Decode| {
            d.decl
                .and_then(|t| self.index.type_def(t))
                .is_some_and(|t| {
                    let has = |n: &str| t.fields.iter().any(|f| f.name.eq_ignore_ascii_case(n));
                    let raw_data = t.fields.iter().any(|f| {
                        f.name.eq_ignore_ascii_case("data")
                            && matches!(
                                f.ty.as_str(),
                                "json.RawMessage" | "[]byte" | "any" | "interface{}" | "string"
                            )
                    });
                    has("data") && (has("id") || has("type") || has("specversion") || raw_data)
                })
        };
        let mut out = decode_in(&handler);
        // Only an envelope here: the payload is decoded from its data by a
        // function the handler hands it to (`decodeReserveEvent(msg.Data)`).
        if out.iter().all(is_envelope) {
            out.extend(scope.iter().skip(1).flat_map(decode_in));
        }
        if out.iter().any(|d| !is_envelope(d)) {
            out.retain(|d| !is_envelope(d));
        }
        out
    }

    /// What a handler's scope does: every call (for state changes and
    /// de-duplication guards), SQL text, and status or ID-keyed checks.
    fn effects(&self, handler: FuncRef) -> Effects {
        let mut effects = Effects::default();
        let scope = self.scope_of(handler, true);
        // The variables holding the decoded event, and the parameters that
        // receive it in the functions it is handed to.
        // Decodes in the handler itself: the event's; those deeper decode
        // other things (a repository's rows, a response).
        let mut payloads: Vec<String> = Vec::new();
        for f in scope
            .iter()
            .filter(|f| self.within(handler, Some(f.index)) && f.file == handler.file)
        {
            for (_, call) in self.calls_in(*f) {
                if let Some(v) = super::idempotence::decode_target(call) {
                    payloads.push(v.to_string());
                }
            }
        }
        for f in &scope {
            if *f == handler {
                continue;
            }
            if let Some(def) = self.index.func(*f) {
                // A helper handed the payload: its parameter of the payload's
                // name (`ProcessOrder(order spec.Order)`).
                let names: Vec<String> = def
                    .params
                    .iter()
                    .filter(|p| payloads.iter().any(|v| *v == p.name.as_str()))
                    .map(|p| p.name.to_string())
                    .collect();
                payloads.extend(names);
            }
        }
        for f in scope {
            let params: Vec<&str> = self
                .index
                .func(f)
                .map(|d| d.params.iter().map(|p| p.name.as_str()).collect())
                .unwrap_or_default();
            for (_, call) in self.calls_in(f) {
                effects.calls.push(EffectCall {
                    callee: call.callee.to_string(),
                    at: self.location(f.file, call.span),
                    args: call.args.len(),
                    first_arg_numeric: matches!(call.args.first(), Some(Expr::Other(t)) if t.chars().all(|c| c.is_ascii_digit())),
                    recv_ty: call.recv_ty.as_deref().map(str::to_string).or_else(|| {
                        let qual = call.qualifier()?;
                        self.index.var_type(f.file, qual)
                    }),
                    keyed_by_event_id: call.args.iter().any(is_event_id),
                    carries_event_id: call.args.iter().any(|a| carries_event_id(a, 3)),
                    writes_payload: super::idempotence::writes_payload(call, &payloads),
                    http_method: super::idempotence::http_method(call),
                    deferred: call.deferred,
                    temp_path: call.args.iter().any(|a| names_temp(&a.text())),
                });
                for a in &call.args {
                    if let Expr::Str(text) = a {
                        let upper = text.to_ascii_uppercase();
                        if ["ON CONFLICT", "ON DUPLICATE KEY", "INSERT IGNORE", "MERGE "]
                            .iter()
                            .any(|k| upper.contains(k))
                        {
                            effects.sql_guards.push(text.to_string());
                        }
                    }
                }
            }
            if let Some(g) = self.index.go(f.file) {
                for guard in &g.guards {
                    // A status read off the incoming event (or a parameter
                    // handed it) says nothing about what was processed.
                    let on_event = guard.kind == "status" && {
                        let v = super::idempotence::compared_var(&guard.text);
                        params.contains(&v) || payloads.iter().any(|p| p == v)
                    };
                    if self.within(f, guard.func) && !on_event {
                        effects
                            .guards
                            .push(format!("{} `{}`", guard.kind, guard.text));
                    }
                }
            }
        }
        let service = self.index.service(handler.file);
        for c in &effects.calls {
            let last = c.callee.rsplit('.').next().unwrap_or(&c.callee);
            if let Some(mark) = self.never_marked(last, service) {
                effects.void_guards.push((c.callee.clone(), mark));
            }
        }
        effects
    }

    /// For a check of a processed-events store (`IsProcessed`,
    /// `HasBeenSeen`), the function that would mark an event processed when
    /// the repository declares one and calls it nowhere: the check then
    /// never trips. Declarations and calls are looked for in the handler's
    /// `service`.
    fn never_marked(&self, check: &str, service: &str) -> Option<String> {
        let key = (check.to_string(), service.to_string());
        if let Some(known) = self.never_marked_memo.borrow().get(&key) {
            return known.clone();
        }
        let found = self.never_marked_uncached(check, service);
        self.never_marked_memo
            .borrow_mut()
            .insert(key, found.clone());
        found
    }

    fn never_marked_uncached(&self, check: &str, service: &str) -> Option<String> {
        const CHECKS: &[&str] = &["Is", "Has", "Was", "Check", "Already"];
        const MARKS: &[&str] = &[
            "Mark", "MarkAs", "Set", "Save", "Record", "Add", "Insert", "Store",
        ];
        let rest = CHECKS
            .iter()
            .find_map(|p| check.strip_prefix(p))
            .filter(|r| r.starts_with(|c: char| c.is_ascii_uppercase()))?;
        let rest = rest.strip_prefix("Been").unwrap_or(rest);
        if !["Processed", "Seen", "Handled"]
            .iter()
            .any(|w| rest.contains(w))
        {
            return None;
        }
        let marks: Vec<String> = MARKS.iter().map(|m| format!("{m}{rest}")).collect();
        for m in &marks {
            self.index.demand_decl(m);
            self.index.demand_name(m);
        }
        let declared: Vec<&String> = marks
            .iter()
            .filter(|m| {
                self.index.funcs.iter().any(|((_, n), fs)| {
                    *n == m.as_str() && fs.iter().any(|f| self.index.service(f.file) == service)
                })
            })
            .collect();
        // Called, or handed on as a method value (`onDone(h.store.MarkProcessed)`).
        let suffix = |m: &str| format!(".{m}");
        let called = |m: &str| {
            self.index
                .calls_named(m)
                .iter()
                .any(|(f, _)| self.index.service(*f) == service)
                || self.index.files.iter().enumerate().any(|(fi, file)| {
                    let fi = u32::try_from(fi).unwrap_or(u32::MAX);
                    let Facts::Go(g) = &file.facts else {
                        return false;
                    };
                    self.index.service(fi) == service
                        && g.calls.iter().any(|c| {
                            c.args.iter().any(|a| {
                                let t = a.text();
                                t == m || t.ends_with(&suffix(m))
                            })
                        })
                })
        };
        match declared.first() {
            Some(first) if !declared.iter().any(|m| called(m)) => Some((*first).clone()),
            _ => None,
        }
    }

    fn decode(&self, call: &CallFact, file: u32) -> Option<Decode> {
        let last = call.last_name();
        let target = match last {
            "Unmarshal" => call.args.get(1),
            "Struct" | "Decode" | "ShouldBindJSON" | "BindJSON" | "ShouldBind" | "Bind"
            | "DataAs" => call.args.first(),
            _ => None,
        }?;
        let ty = match target {
            Expr::Addr(inner) => match inner.as_ref() {
                Expr::Typed { ty, .. } => ty.to_string(),
                Expr::Composite(c) => c.ty.clone(),
                _ => return None,
            },
            Expr::Typed { ty, .. } if ty.starts_with('*') => ty.to_string(),
            _ => return None,
        };
        let ty = ty.trim_start_matches('*').to_string();
        let decl = self.index.type_ref(&ty, file);
        let (type_name, decl_at, fields) = self.index.described(decl, ty);
        Some(Decode {
            at: self.location(file, call.span),
            type_name,
            decl,
            decl_at,
            fields,
        })
    }

    /// Follows each publish error to the operations it fails (EC006).
    fn mark_failing(&mut self, in_scope: &FxHashSet<FuncRef>) {
        let mut publishers = std::mem::take(&mut self.publishers);
        for p in &mut publishers {
            if p.outbox {
                continue;
            }
            let Some(func) = p.func else {
                continue;
            };
            let mut out = Vec::new();
            self.failing(func, p.flow, p.at.clone(), in_scope, 0, &mut out);
            p.fails = out;
        }
        self.publishers = publishers;
    }

    fn failing(
        &self,
        func: FuncRef,
        flow: ErrorFlow,
        at: Location,
        in_scope: &FxHashSet<FuncRef>,
        depth: u32,
        out: &mut Vec<FailingOp>,
    ) {
        if !matches!(
            flow,
            ErrorFlow::Returned
                | ErrorFlow::Propagated
                | ErrorFlow::Panics
                | ErrorFlow::Fatal
                | ErrorFlow::Answers5xx
        ) {
            return;
        }
        let top = self.top_func(func);
        let in_handler = self.in_scope(func, in_scope);
        let Some(def) = self.index.func(top) else {
            return;
        };
        // A function that changes state is the operation the error fails; one
        // that only publishes hands the error to its callers.
        if let Some(change) = self.state_change_before(top, at.span.start, 0) {
            out.push(FailingOp {
                function: self
                    .index
                    .func(func)
                    .map_or_else(String::new, |f| f.name.clone()),
                at,
                flow,
                in_handler,
                after: Some(change),
            });
            return;
        }
        let returns = matches!(flow, ErrorFlow::Returned | ErrorFlow::Propagated);
        if !returns || in_handler || depth >= MAX_FORWARD_DEPTH as u32 {
            return;
        }
        let Some(pkg) = self
            .index
            .file_pkg
            .get(top.file as usize)
            .copied()
            .flatten()
        else {
            return;
        };
        self.index.demand_callers(def, Some(pkg));
        let target = Target {
            pkg,
            service: self.index.service(top.file).to_string(),
            name: def.short_name.clone(),
            is_method: def.receiver.is_some(),
            arity: def.params.len(),
            unique: self.index.methods_named(&def.short_name, def.params.len()) == 1,
            receiver: def.receiver.clone(),
        };
        for (fi, f) in self.index.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            for call in &g.calls {
                if call.args.len() != target.arity || !self.calls_target(&target, call, file) {
                    continue;
                }
                let Some(index) = call.func else { continue };
                self.failing(
                    FuncRef { file, index },
                    call.flow,
                    self.location(file, call.span),
                    in_scope,
                    depth + 1,
                    out,
                );
            }
        }
    }

    /// The first state-changing call of a function (besides publishing), if
    /// any: a function without one is an adapter whose callers decide what a
    /// failed publish means.
    ///
    /// Only a change made before the failing call `before` (a byte offset in
    /// the function's file) counts, in the function or in a helper of its
    /// package it calls on the way; deferred calls run after it.
    fn state_change_before(&self, func: FuncRef, before: u32, depth: u32) -> Option<String> {
        let def = self.index.func(func)?;
        let earlier: Vec<&CallFact> = self
            .calls_in(func)
            .map(|(_, c)| c)
            .filter(|c| c.span.start < before && !c.deferred)
            .collect();
        if let Some(c) = earlier
            .iter()
            .find(|c| super::operations::change(self.index, &self.evidence, func.file, def, c))
        {
            return Some(c.callee.to_string());
        }
        if depth >= 2 {
            return None;
        }
        // A helper of the same package: `saveOrder(ctx, o)`, `s.persist(o)`.
        let pkg = self
            .index
            .file_pkg
            .get(func.file as usize)
            .copied()
            .flatten()?;
        for c in earlier {
            let (qual, name) = match c.callee.rsplit_once('.') {
                Some((q, n)) => (Some(q), n),
                None => (None, c.callee.as_str()),
            };
            let helper = match qual {
                None => self.index.funcs.get(&(pkg, name)).and_then(|fs| {
                    fs.iter()
                        .find(|f| self.index.func(**f).is_some_and(|d| d.receiver.is_none()))
                }),
                Some(q) if def.recv_name.as_deref() == Some(q) => {
                    self.index.funcs.get(&(pkg, name)).and_then(|fs| {
                        fs.iter().find(|f| {
                            self.index
                                .func(**f)
                                .is_some_and(|d| d.receiver.is_some() && d.receiver == def.receiver)
                        })
                    })
                }
                _ => None,
            };
            if let Some(h) = helper.copied().filter(|h| *h != func)
                && let Some(inner) = self.state_change_before(h, u32::MAX, depth + 1)
            {
                return Some(format!("{} ({inner})", c.callee));
            }
        }
        None
    }

    fn top_func(&self, mut func: FuncRef) -> FuncRef {
        for _ in 0..64 {
            match self.index.func(func).and_then(|d| d.parent) {
                Some(index) => {
                    func = FuncRef {
                        file: func.file,
                        index,
                    }
                }
                None => break,
            }
        }
        func
    }

    fn in_scope(&self, func: FuncRef, in_scope: &FxHashSet<FuncRef>) -> bool {
        let mut cur = Some(func);
        for _ in 0..64 {
            let Some(f) = cur else { return false };
            if in_scope.contains(&f) {
                return true;
            }
            cur = self
                .index
                .func(f)
                .and_then(|d| d.parent)
                .map(|index| FuncRef {
                    file: f.file,
                    index,
                });
        }
        false
    }

    /// Marks publishers that run inside an event handler's scope.
    fn mark_in_handler(&mut self) -> FxHashSet<FuncRef> {
        let mut in_scope: FxHashSet<FuncRef> = FxHashSet::default();
        let mut handlers: Vec<FuncRef> = self
            .subscribers
            .iter()
            .filter_map(|s| s.handler.as_ref().and_then(|h| h.func))
            .collect();
        // Input-binding handlers are event handlers too: returning the error
        // asks the binding to redeliver.
        handlers.extend(self.binding_handlers.iter().copied());
        for (fi, f) in self.index.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            for call in &g.calls {
                if call.callee.ends_with(".AddBindingInvocationHandler")
                    && let Some(h) = call
                        .args
                        .get(1)
                        .and_then(|a| self.index.resolve_handler(a, file))
                {
                    handlers.push(h);
                }
            }
        }
        for h in handlers {
            if !in_scope.contains(&h) {
                in_scope.extend(self.scope(h));
            }
        }
        let mut publishers = std::mem::take(&mut self.publishers);
        for p in &mut publishers {
            p.in_handler = p.func.is_some_and(|f| self.in_scope(f, &in_scope));
        }
        self.publishers = publishers;
        in_scope
    }

    /// String constants of the packages whose constants name topics, named
    /// like the topic constants there (`Topic*`, or the same first word).
    fn topic_constants(&self) -> Vec<TopicConstant> {
        let used: FxHashSet<&str> = self
            .publishers
            .iter()
            .map(|p| &p.topic)
            .chain(self.subscribers.iter().map(|s| &s.topic))
            .filter_map(|r| r.constant.as_deref())
            .collect();
        let pubsubs: FxHashSet<&str> = self
            .publishers
            .iter()
            .filter_map(|p| p.pubsub.as_ref())
            .chain(self.subscribers.iter().filter_map(|s| s.pubsub.as_ref()))
            .filter_map(|r| r.value.as_deref())
            .collect();
        let consts = self.index.string_constants();
        let mut prefixes: HashMap<u32, Vec<&str>> = HashMap::default();
        for c in &consts {
            if used.contains(c.qualified.as_str()) {
                prefixes.entry(c.pkg).or_default().push(first_word(&c.name));
            }
            // A URL of the sidecar's publish API kept in a constant: the
            // files that use it publish.
            if c.value.contains("/v1.0/publish") || c.value.contains("/v1.0-alpha1/publish") {
                self.index.demand_name(&c.name);
            }
        }
        // Every constant of a topic package, and every file that could use one.
        for pkg in prefixes.keys() {
            self.index.demand_package(*pkg);
        }
        let candidates: Vec<&StringConstant> = consts
            .iter()
            .filter(|c| {
                prefixes.get(&c.pkg).is_some_and(|words| {
                    contains_ignore_case(&c.name, "topic") || words.contains(&first_word(&c.name))
                }) && !pubsubs.contains(c.value.as_str())
            })
            .collect();
        if candidates.is_empty() {
            return Vec::new();
        }
        // Names referenced anywhere (call arguments, struct literals): a
        // constant used for something else, a binding or a route, is no
        // forgotten topic.
        let mut referenced: FxHashSet<&str> = FxHashSet::default();
        for f in self.index.files {
            let Facts::Go(g) = &f.facts else { continue };
            for call in &g.calls {
                for a in &call.args {
                    collect_names(a, &mut referenced);
                }
            }
            for l in &g.struct_literals {
                for (_, e, _) in &l.literal.fields {
                    collect_names(e, &mut referenced);
                }
                for e in &l.literal.elements {
                    collect_names(e, &mut referenced);
                }
            }
            for v in &g.values {
                if let Some(e) = &v.value {
                    collect_names(e, &mut referenced);
                }
            }
        }
        candidates
            .into_iter()
            .filter(|c| !referenced.contains(c.name.as_str()))
            // One nobody here refers to might be referred to by a file not
            // parsed yet.
            .inspect(|c| self.index.demand_name(&c.name))
            .map(|c| TopicConstant {
                name: c.qualified.clone(),
                value: c.value.clone(),
                at: self.location(c.file, c.span),
            })
            .collect()
    }

    fn finish(mut self, components: Vec<Component>) -> EventGraph {
        let in_scope = self.mark_in_handler();
        self.mark_failing(&in_scope);
        let topic_constants = self.topic_constants();
        let mut topics: BTreeMap<String, Topic> = BTreeMap::new();
        let mut dynamic_subs = Vec::new();
        // A site whose topic is one of several values publishes (or
        // receives) each of them.
        for p in std::mem::take(&mut self.publishers) {
            let Some(name) = p.topic.value.clone() else {
                continue;
            };
            for alt in p.topic.alternatives.iter().skip(1) {
                let mut q = p.clone();
                q.topic.value = Some(alt.clone());
                topic_entry(&mut topics, alt).publishers.push(q);
            }
            topic_entry(&mut topics, &name).publishers.push(p);
        }
        for s in std::mem::take(&mut self.subscribers) {
            let Some(name) = s.topic.value.clone() else {
                dynamic_subs.push(s);
                continue;
            };
            for alt in s.topic.alternatives.iter().skip(1) {
                let mut q = s.clone();
                q.topic.value = Some(alt.clone());
                topic_entry(&mut topics, alt).subscribers.push(q);
            }
            topic_entry(&mut topics, &name).subscribers.push(s);
        }
        // The entries of a loop are one site: each says how many topics it has.
        let looped: FxHashSet<(&str, u32)> = self
            .expanded
            .replaced
            .iter()
            .map(|(f, start)| (self.index.path(*f), *start))
            .collect();
        let mut per_site: HashMap<(String, u32), Vec<String>> = HashMap::default();
        for t in topics.values() {
            let sites = t
                .publishers
                .iter()
                .map(|p| &p.at)
                .chain(t.subscribers.iter().map(|s| &s.at));
            for at in sites.filter(|at| looped.contains(&(at.path.as_str(), at.span.start))) {
                let names = per_site
                    .entry((at.path.clone(), at.span.start))
                    .or_default();
                names.push(t.name.clone());
                names.sort();
                names.dedup();
            }
        }
        let alternatives = |at: &Location| {
            per_site
                .get(&(at.path.clone(), at.span.start))
                .filter(|v| v.len() > 1)
                .cloned()
        };
        for t in topics.values_mut() {
            for p in &mut t.publishers {
                if let Some(a) = alternatives(&p.at) {
                    p.topic.alternatives = a;
                }
            }
            for s in &mut t.subscribers {
                if let Some(a) = alternatives(&s.at) {
                    s.topic.alternatives = a;
                }
            }
        }
        for t in topics.values_mut() {
            // A call matched both by a bare shape and as a forwarder's caller
            // keeps what the forwarder knows (its pub/sub, its route).
            t.publishers.sort_by(|a, b| {
                a.at.cmp(&b.at).then_with(|| {
                    a.via
                        .starts_with("forwarder")
                        .cmp(&b.via.starts_with("forwarder"))
                        .reverse()
                })
            });
            t.publishers.dedup_by(|a, b| a.at == b.at);
            t.subscribers
                .sort_by(|a, b| a.at.cmp(&b.at).then_with(|| a.route.cmp(&b.route)));
            t.subscribers
                .dedup_by(|a, b| a.at == b.at && a.route == b.route);
            t.constant = t
                .publishers
                .iter()
                .map(|p| &p.topic)
                .chain(t.subscribers.iter().map(|s| &s.topic))
                .find_map(|r| r.constant.clone());
            t.payload = t
                .publishers
                .iter()
                .filter_map(|p| p.payload.as_ref())
                .find(|p| p.decl.is_some())
                .or_else(|| t.publishers.iter().find_map(|p| p.payload.as_ref()))
                .cloned();
        }
        let mut services = self.index.services.clone();
        services.sort();
        self.dynamic.sort_by(|a, b| a.at.cmp(&b.at));
        dynamic_subs.sort_by(|a, b| a.at.cmp(&b.at));
        EventGraph {
            services,
            topics: topics.into_values().collect(),
            dynamic: self.dynamic,
            dynamic_subscriptions: dynamic_subs,
            components,
            topic_constants,
            skipped_go: Vec::new(),
        }
    }
}

/// A literal's type that names an outbox row: `OutboxMessage`, `Outbox`,
/// `models.OutboxEvent` (not `OutboxRelayConfig`).
fn is_outbox_row(ty: &str) -> bool {
    let base = ty.trim_start_matches(['&', '*']);
    let base = base.rsplit('.').next().unwrap_or(base);
    [
        "Outbox",
        "OutboxMessage",
        "OutboxEvent",
        "OutboxRecord",
        "OutboxEntry",
        "OutboxRow",
    ]
    .iter()
    .any(|n| base.eq_ignore_ascii_case(n))
}

/// A call that writes a new row or entry: `tx.Create`, `db.Save`,
/// `repo.InsertOne`, `queue.Enqueue` (not `json.Marshal` of the row).
fn inserts(call: &CallFact) -> bool {
    const WRITES: &[&str] = &[
        "Create", "Insert", "Save", "Add", "Put", "Store", "Append", "Enqueue", "Write", "Upsert",
        "Persist",
    ];
    let Some((qualifier, last)) = call.callee.rsplit_once('.') else {
        return false;
    };
    let root = qualifier.split('.').next().unwrap_or("");
    !matches!(
        root,
        "json" | "fmt" | "log" | "slog" | "xml" | "proto" | "errors"
    ) && WRITES.iter().any(|w| last.starts_with(w))
}

/// Whether the event's own ID is handed on inside `e`, a few literals deep,
/// under a key that names an ID (`Metadata: map[string]string{"record-id":
/// e.ID}`, `IdempotencyKey: e.ID`): the receiver can de-duplicate by it. An
/// ID under another key (`"subject": e.ID`) is only text.
fn carries_event_id(e: &Expr, depth: u32) -> bool {
    if depth == 0 {
        return false;
    }
    match e.peel() {
        Expr::Composite(c) => c.fields.iter().any(|(k, v, _)| {
            let k = k.to_ascii_lowercase();
            let id_key = k.ends_with("id") || k.contains("idempot") || k.contains("dedup");
            (id_key && is_event_id(v)) || carries_event_id(v, depth - 1)
        }),
        _ => false,
    }
}

/// Whether an argument's text names a temporary path by one of its words
/// (`tmpDir`, `os.TempDir()`, `scratch_file`; not `template`, `attempt`).
fn names_temp(text: &str) -> bool {
    crate::words::name_words(text).iter().any(|w| {
        matches!(
            w.as_str(),
            "tmp" | "temp" | "tempdir" | "tmpdir" | "scratch"
        )
    })
}

/// The event's own ID: `e.ID` of a `TopicEvent`/`CloudEvent`, or a field
/// named `EventID`/`MessageID`.
fn is_event_id(e: &Expr) -> bool {
    match e {
        Expr::Member { ty, name, .. } => {
            matches!(
                name.as_str(),
                "EventID" | "EventId" | "MessageID" | "MessageId"
            ) || (ty.contains("Event") && matches!(name.as_str(), "ID" | "Id"))
        }
        Expr::Sel(_, name) | Expr::RecvField { field: name, .. } => {
            matches!(
                name.as_str(),
                "EventID" | "EventId" | "MessageID" | "MessageId"
            )
        }
        Expr::Field(_, name) => matches!(
            name.as_str(),
            "EventID" | "EventId" | "MessageID" | "MessageId"
        ),
        Expr::Other(text) => {
            text.ends_with(".EventID") || text.ends_with(".MessageID") || text.ends_with(".EventId")
        }
        _ => false,
    }
}

/// Whether `haystack` contains the lowercase ASCII `needle`, ignoring case.
fn contains_ignore_case(haystack: &str, needle: &str) -> bool {
    haystack
        .as_bytes()
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
}

/// Names an expression refers to (identifiers and selected names).
fn collect_names<'e>(e: &'e Expr, out: &mut FxHashSet<&'e str>) {
    match e {
        Expr::Ident(n) | Expr::Sel(_, n) => {
            out.insert(n.as_str());
        }
        Expr::Concat(parts) => parts.iter().for_each(|p| collect_names(p, out)),
        Expr::Sprintf(f, args) => {
            collect_names(f, out);
            args.iter().for_each(|a| collect_names(a, out));
        }
        Expr::Env {
            default: Some(d), ..
        } => collect_names(d, out),
        Expr::Addr(inner) | Expr::Field(inner, _) | Expr::Each { of: inner, .. } => {
            collect_names(inner, out);
        }
        Expr::At(_, inner) => collect_names(inner, out),
        Expr::OneOf(parts) | Expr::Call { args: parts, .. } => {
            parts.iter().for_each(|p| collect_names(p, out));
        }
        Expr::Index(of, key) => {
            collect_names(of, out);
            collect_names(key, out);
        }
        Expr::Composite(c) => {
            c.fields.iter().for_each(|(_, e, _)| collect_names(e, out));
            c.elements.iter().for_each(|e| collect_names(e, out));
        }
        _ => {}
    }
}

/// The first CamelCase word of a Go name: `TopicOrderCreated` → `Topic`.
fn first_word(name: &str) -> &str {
    let end = name
        .char_indices()
        .skip(1)
        .find(|(_, c)| c.is_uppercase() || *c == '_')
        .map_or(name.len(), |(i, _)| i);
    name.get(..end).unwrap_or(name)
}

/// Directories matching the `services` glob, among the ancestors of Go files.
fn service_dirs(files: &[FileFacts], unparsed_go: &[String], glob: &str) -> Vec<String> {
    let Ok(matcher) = globset::GlobBuilder::new(glob)
        .literal_separator(true)
        .build()
        .map(|g| g.compile_matcher())
    else {
        return Vec::new();
    };
    let mut dirs: Vec<String> = Vec::new();
    let go_paths = files
        .iter()
        .filter(|f| matches!(f.facts, Facts::Go(_)))
        .map(|f| f.path.as_str())
        .chain(unparsed_go.iter().map(String::as_str));
    for path in go_paths {
        let mut dir = path;
        while let Some(i) = dir.rfind('/') {
            dir = dir.get(..i).unwrap_or("");
            if matcher.is_match(dir) {
                dirs.push(dir.to_string());
            }
        }
    }
    dirs.sort();
    dirs.dedup();
    dirs
}

fn topic_entry<'t>(topics: &'t mut BTreeMap<String, Topic>, name: &str) -> &'t mut Topic {
    topics.entry(name.to_string()).or_insert_with(|| Topic {
        name: name.to_string(),
        constant: None,
        payload: None,
        publishers: Vec::new(),
        subscribers: Vec::new(),
    })
}

/// Route-registering methods of net/http, gorilla/mux, gin, chi, echo and Kratos.
use crate::extract::go::ROUTE_METHODS;

/// The values a resolution stands for: its alternatives, or its one value.
fn values(r: &Resolved) -> Vec<String> {
    if r.alternatives.is_empty() {
        r.value.iter().cloned().collect()
    } else {
        r.alternatives.clone()
    }
}

enum UrlPart {
    Text(String, Option<Resolved>),
    /// Not known here: its text, and the parameter it is, if one.
    Unknown(String, Option<usize>),
}

/// Splits `.../v1.0/publish/{pubsub}/{topic}[?...]` into pub/sub and topic.
fn split_publish_url(parts: &[UrlPart]) -> Option<(Resolved, Resolved)> {
    // Render the URL with unknown parts as placeholders, remembering which
    // character ranges came from which part.
    let mut rendered = String::new();
    let mut origins: Vec<(usize, usize, Option<&Resolved>, Option<&str>)> = Vec::new();
    for p in parts {
        let start = rendered.len();
        match p {
            UrlPart::Text(t, r) => {
                rendered.push_str(t);
                origins.push((start, rendered.len(), r.as_ref(), None));
            }
            UrlPart::Unknown(text, _) => {
                rendered.push('\u{1}');
                origins.push((start, rendered.len(), None, Some(text)));
            }
        }
    }
    let piece = |offset: usize, s: &str| -> Resolved {
        if s.contains('\u{1}') {
            let text = origins
                .iter()
                .find(|(a, b, _, _)| *a <= offset + s.find('\u{1}').unwrap_or(0) && offset < *b)
                .and_then(|(_, _, _, t)| *t)
                .unwrap_or("")
                .to_string();
            return Resolved {
                text,
                ..Resolved::default()
            };
        }
        // A piece that is exactly one resolved part keeps its constant and env.
        if let Some((_, _, Some(r), _)) = origins
            .iter()
            .find(|(a, b, _, _)| *a == offset && *b == offset + s.len())
        {
            let mut r = (*r).clone();
            r.value = Some(s.to_string());
            return r;
        }
        Resolved::known(s)
    };
    let marker = "/publish/";
    let mut at = rendered
        .find("/v1.0/publish/")
        .or_else(|| rendered.find("/v1.0-alpha1/publish/"))?;
    at = at + rendered.get(at..)?.find(marker)? + marker.len();
    if rendered.get(at..)?.starts_with("bulk/") {
        at += "bulk/".len();
    }
    let rest = rendered.get(at..)?;
    let rest = rest.split(['?', '#']).next().unwrap_or(rest);
    let Some((pubsub, topic)) = rest.split_once('/') else {
        // The legacy form `/v1.0/publish/{topic}` names no pub/sub.
        return Some((Resolved::default(), piece(at, rest)));
    };
    let pubsub_r = piece(at, pubsub);
    let topic_r = piece(at + pubsub.len() + 1, topic);
    Some((pubsub_r, topic_r))
}

fn yaml_resolved(v: &YamlValue) -> Option<Resolved> {
    let value = v.value.clone()?;
    Some(Resolved::known(value))
}

/// Routes are normalised to a leading `/`.
pub fn normalize_route(r: &str) -> String {
    // Go 1.22 `net/http` patterns name a method first: `"POST /events/x"`.
    let r = match r.split_once(' ') {
        Some((method, path))
            if !method.is_empty() && method.bytes().all(|b| b.is_ascii_uppercase()) =>
        {
            path.trim_start()
        }
        _ => r,
    };
    if r.starts_with('/') {
        r.to_string()
    } else {
        format!("/{r}")
    }
}

#[cfg(test)]
mod tests {
    use super::normalize_route;

    #[test]
    fn routes_drop_the_method_of_go_1_22_patterns() {
        assert_eq!(
            normalize_route("POST /events/order-created"),
            "/events/order-created"
        );
        assert_eq!(normalize_route("GET  /dapr/subscribe"), "/dapr/subscribe");
        assert_eq!(normalize_route("events/x"), "/events/x");
        assert_eq!(normalize_route("/events/x"), "/events/x");
        // Not a method: kept as written.
        assert_eq!(normalize_route("/a b"), "/a b");
    }
}
