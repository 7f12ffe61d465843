//! A deterministic generator of synthetic Go monorepos, for the benchmark
//! (`benches/run.sh`).
//!
//! `cargo run --release --example gen-corpus -- --out DIR --services N --files M --seed S [--density dense|sparse]`
//!
//! Writes N services, each its own Go module (`DIR/<svc>/go.mod`, Kratos
//! layout: `cmd/<svc>`, `internal/{biz,data,service,server}`) of M Go files; a
//! `common` module with the event contract (`events/<svc>_events.go`); the
//! Dapr pub/sub component; and declarative subscriptions in `gitops/apps/<svc>`.
//! Every topic is published by one service (platform publisher in `biz`,
//! go-sdk client in `data` and `service`) and subscribed by one to three
//! others, through the go-sdk (`AddTopicEventHandler`) or a YAML subscription
//! whose route `internal/server/http.go` serves. `dense`: every use-case,
//! repository and handler file carries event code; `sparse`: about one Go
//! file in ten does. The same arguments give a byte-identical tree. A
//! directory written before (it holds a `.gen-corpus` stamp) is replaced; any
//! other non-empty one is refused.
use std::collections::BTreeSet;
use std::error::Error;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str =
    "usage: gen-corpus --out DIR --services N --files M --seed S [--density dense|sparse]";
const MODULE: &str = "example.com/shop";
const STAMP: &str = ".gen-corpus";
/// Go files of a service besides its entities' files: `cmd/<svc>/main.go`,
/// `server/http.go`, `biz/biz.go`, `data/data.go`, `service/service.go`.
const WIRING_FILES: usize = 5;

const SERVICES: &str = "order payment inventory shipping catalog customer billing pricing review \
    loyalty cart invoice refund coupon warehouse supplier returns rating search notification \
    fraud ledger tax delivery";
const ENTITIES: &str = "Order Invoice Shipment Account Product Payment Refund Coupon Review Ticket \
    Voucher Basket Parcel Supplier Contract Budget Report Schedule Promotion Quote Receipt Reward \
    Transfer Booking";
const VERBS: &str = "created updated approved cancelled completed archived rejected scheduled \
    expired restored assigned closed reopened settled flagged verified";
/// Payload fields: name, Go type, json tag, the value publishers set. The
/// first `BASE_FIELDS` are in every payload, each topic draws from the rest.
const FIELDS: [(&str, &str, &str, &str); 11] = [
    ("SubjectID", "string", "subject_id", "x.ID"),
    ("CustomerID", "string", "customer_id", "x.CustomerID"),
    ("Status", "string", "status", "x.Status"),
    ("AmountCents", "int64", "amount_cents", "x.AmountCents"),
    ("Currency", "string", "currency", "x.Currency"),
    ("Reason", "string", "reason", "\"requested\""),
    ("Region", "string", "region", "\"eu-west-1\""),
    ("Priority", "int", "priority", "1"),
    ("Channel", "string", "channel", "\"web\""),
    ("Attempt", "int", "attempt", "1"),
    ("Source", "string", "source", "\"api\""),
];
const BASE_FIELDS: usize = 5;

/// SplitMix64: small, and the same sequence on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Args {
    out: PathBuf,
    services: usize,
    files: usize,
    seed: u64,
    dense: bool,
}

fn parse_args() -> Result<Args, Box<dyn Error>> {
    let mut a = Args {
        out: PathBuf::new(),
        services: 20,
        files: 20,
        seed: 1,
        dense: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .ok_or_else(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--out" => a.out = PathBuf::from(value()?),
            "--services" => a.services = value()?.parse()?,
            "--files" => a.files = value()?.parse()?,
            "--seed" => a.seed = value()?.parse()?,
            "--density" => match value()?.as_str() {
                "dense" => a.dense = true,
                "sparse" => a.dense = false,
                other => return Err(format!("--density is dense or sparse, not {other}").into()),
            },
            other => return Err(format!("unknown argument {other}\n{USAGE}").into()),
        }
    }
    if a.out.as_os_str().is_empty() || a.services == 0 || a.files < WIRING_FILES + 3 {
        return Err(format!("{USAGE}\n(--services at least 1, --files at least 8)").into());
    }
    Ok(a)
}

struct Topic {
    name: String,
    camel: String,
    publisher: usize,
    /// Indices of its optional `FIELDS`.
    extras: Vec<usize>,
}

struct Sub {
    topic: usize,
    yaml: bool,
    v2: bool,
    guarded: bool,
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Biz,
    Data,
    Service,
}

/// One use-case (`biz`), repository (`data`) or handler (`service`) file.
struct FilePlan {
    kind: Kind,
    entity: usize,
    publish: Option<usize>,
    subs: Vec<usize>,
    target_lines: usize,
}

#[derive(Default)]
struct Service {
    name: String,
    topics: Vec<usize>,
    subs: Vec<Sub>,
    files: Vec<FilePlan>,
}

struct Plan {
    services: Vec<Service>,
    topics: Vec<Topic>,
}

/// Word `i + rotate` of `list`, numbered once the list is exhausted (`order2`).
fn numbered(list: &str, i: usize, rotate: usize) -> String {
    let words: Vec<&str> = list.split_whitespace().collect();
    let base = words[(i + rotate) % words.len()];
    match i / words.len() {
        0 => base.to_string(),
        n => format!("{base}{}", n + 1),
    }
}

/// The `k`-th entity of service `s` (services start at different entities).
fn entity_name(s: usize, k: usize) -> String {
    numbered(ENTITIES, k, s * 5)
}

/// `s`, or nothing.
fn when(on: bool, s: String) -> String {
    if on { s } else { String::new() }
}

fn upper_first(s: &str) -> String {
    s.get(..1)
        .map_or(String::new(), |f| f.to_uppercase() + &s[1..])
}

fn lower_first(s: &str) -> String {
    s.get(..1)
        .map_or(String::new(), |f| f.to_lowercase() + &s[1..])
}

/// Decides everything that crosses files: the topics, who subscribes to
/// them and how, and what each file holds.
fn plan(args: &Args, rng: &mut Rng) -> Plan {
    let n = args.services;
    let entity_files = args.files - WIRING_FILES;
    // Dense: every entity's three files carry events; sparse: one entity in twelve.
    let is_event = |k: usize| args.dense || k.is_multiple_of(12);
    let ordinal = |k: usize| if args.dense { k } else { k / 12 };
    let event_entities = (0..entity_files.div_ceil(3))
        .filter(|&k| is_event(k))
        .count();
    let per_service = (2 * event_entities).min(4 + event_entities / 3).max(1);
    let mut services: Vec<Service> = (0..n)
        .map(|i| Service {
            name: numbered(SERVICES, i, 0),
            ..Service::default()
        })
        .collect();
    let mut topics = Vec::new();
    for (s, svc) in services.iter_mut().enumerate() {
        let offset = rng.below(VERBS.split_whitespace().count());
        for i in 0..per_service {
            let verb = numbered(VERBS, i, offset);
            svc.topics.push(topics.len());
            topics.push(Topic {
                name: format!("{}.{verb}", svc.name),
                camel: upper_first(&svc.name) + &upper_first(&verb),
                publisher: s,
                extras: (BASE_FIELDS..FIELDS.len())
                    .filter(|_| rng.chance(30))
                    .collect(),
            });
        }
    }
    for (t, topic) in topics.iter().enumerate() {
        let mut chosen = BTreeSet::new();
        let want = (1 + rng.below(3)).min(n - 1);
        while chosen.len() < want {
            let s = rng.below(n);
            if s != topic.publisher {
                chosen.insert(s);
            }
        }
        for s in chosen {
            let (yaml, v2, guarded) = (rng.chance(35), rng.chance(50), rng.chance(70));
            services[s].subs.push(Sub {
                topic: t,
                yaml,
                v2,
                guarded,
            });
        }
    }
    for svc in &mut services {
        let t = svc.topics.len();
        let mut files: Vec<FilePlan> = (0..entity_files)
            .map(|j| {
                let (entity, kind) = (j / 3, [Kind::Biz, Kind::Data, Kind::Service][j % 3]);
                let m = ordinal(entity);
                let publish = match kind {
                    Kind::Biz if is_event(entity) => Some(svc.topics[(2 * m) % t]),
                    Kind::Data if is_event(entity) => Some(svc.topics[(2 * m + 1) % t]),
                    _ => None,
                };
                let target_lines = 80 + rng.below(121);
                FilePlan {
                    kind,
                    entity,
                    publish,
                    subs: vec![],
                    target_lines,
                }
            })
            .collect();
        // Subscriptions go to the event handler files; one left without any publishes.
        let hosts: Vec<usize> = (0..files.len())
            .filter(|&i| files[i].kind == Kind::Service && is_event(files[i].entity))
            .collect();
        for i in 0..svc.subs.len() {
            files[hosts[i % hosts.len()]].subs.push(i);
        }
        for &h in &hosts {
            if files[h].subs.is_empty() {
                files[h].publish = Some(svc.topics[ordinal(files[h].entity) % t]);
            }
        }
        svc.files = files;
    }
    Plan { services, topics }
}

/// Replaces every `{{key}}` of a template.
fn fill(template: &str, vars: &[(&str, &str)]) -> String {
    let mut s = template.to_string();
    for (k, v) in vars {
        s = s.replace(&format!("{{{{{k}}}}}"), v);
    }
    s
}

type Vars = Vec<(&'static str, String)>;

fn borrow(vars: &Vars) -> Vec<(&'static str, &str)> {
    vars.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

/// A Go file under construction: its imports and its declarations.
#[derive(Default)]
struct GoFile {
    imports: BTreeSet<(String, String)>,
    body: String,
}

impl GoFile {
    /// Adds a template, and its imports (`"path"` or `"alias path"`, templates too).
    fn add(&mut self, imports: &[&str], template: &str, vars: &[(&str, &str)]) {
        for spec in imports.iter().map(|i| fill(i, vars)) {
            let (alias, path) = spec.split_once(' ').unwrap_or(("", &spec));
            self.imports.insert((path.to_string(), alias.to_string()));
        }
        self.body.push('\n');
        self.body.push_str(&fill(template, vars));
    }
    fn lines(&self) -> usize {
        self.body.lines().count() + self.imports.len() + 6
    }
    /// goimports order: standard library, third party, this monorepo.
    fn render(&self, doc: &str, package: &str) -> String {
        let mut groups: [String; 3] = Default::default();
        for (path, alias) in &self.imports {
            let group = match path.split('/').next() {
                _ if path.starts_with(MODULE) => 2,
                Some(host) if host.contains('.') => 1,
                _ => 0,
            };
            let sep = if alias.is_empty() { "" } else { " " };
            groups[group] += &format!("\t{alias}{sep}\"{path}\"\n");
        }
        let groups: Vec<&str> = groups
            .iter()
            .map(String::as_str)
            .filter(|g| !g.is_empty())
            .collect();
        format!(
            "{doc}package {package}\n\nimport (\n{})\n{}",
            groups.join("\n"),
            self.body
        )
    }
}

/// What differs between use-case, repository and handler files.
struct KindSpec {
    dir: &'static str,
    suffix: &'static str,
    /// The struct's fields, without and with the event dependency (gofmt-aligned).
    fields: [&'static str; 2],
    /// The event dependency: constructor parameter and field.
    dep: (&'static str, &'static str),
    core: (&'static [&'static str], &'static str),
    publish: (&'static [&'static str], &'static str),
    hook: &'static str,
    fillers: &'static [(&'static [&'static str], &'static str)],
}

const BIZ_IMPORT: &str = "{{mod}}/{{svc}}/internal/biz";
const EVENTS_IMPORT: &str = "{{mod}}/common/events";
const DAPR_CLIENT: &str = "daprc github.com/dapr/go-sdk/client";
const DAPR_COMMON: &str = "github.com/dapr/go-sdk/service/common";

const KINDS: [KindSpec; 3] = [
    KindSpec {
        dir: "biz",
        suffix: "",
        fields: [
            "\trepo {{E}}Repo\n\tlog  *slog.Logger\n",
            "\trepo      {{E}}Repo\n\tpublisher EventPublisher\n\tlog       *slog.Logger\n",
        ],
        dep: ("publisher", "EventPublisher"),
        core: (&["context", "fmt", "log/slog", "time"], BIZ_CORE),
        publish: (&["context", EVENTS_IMPORT], BIZ_PUBLISH),
        hook: "\tuc.publish{{T}}(ctx, x)\n",
        fillers: &[
            (&["context", "fmt"], BIZ_TOTALS),
            (&["context", "fmt", "time"], BIZ_TRANSITION),
        ],
    },
    KindSpec {
        dir: "data",
        suffix: "_repo",
        fields: [
            "\tdb  *sql.DB\n\tlog *slog.Logger\n",
            "\tdb     *sql.DB\n\tclient daprc.Client\n\tlog    *slog.Logger\n",
        ],
        dep: ("client", "daprc.Client"),
        core: (
            &[
                "context",
                "database/sql",
                "errors",
                "fmt",
                "log/slog",
                BIZ_IMPORT,
            ],
            DATA_CORE,
        ),
        publish: (&["context", DAPR_CLIENT, EVENTS_IMPORT], DATA_PUBLISH),
        hook: "\tr.notify{{T}}(ctx, x)\n",
        fillers: &[
            (&["context", "fmt", "time"], DATA_COUNT),
            (&["context", "fmt"], DATA_STATUS),
        ],
    },
    KindSpec {
        dir: "service",
        suffix: "",
        fields: [
            "\tuc  *biz.{{E}}Usecase\n\tlog *slog.Logger\n",
            "\tuc     *biz.{{E}}Usecase\n\tclient daprc.Client\n\tlog    *slog.Logger\n",
        ],
        dep: ("client", "daprc.Client"),
        core: (
            &[
                "encoding/json",
                "log/slog",
                "net/http",
                "strconv",
                BIZ_IMPORT,
            ],
            SERVICE_CORE,
        ),
        publish: (&[DAPR_CLIENT, EVENTS_IMPORT], SERVICE_PUBLISH),
        hook: "",
        fillers: &[
            (&["fmt", "net/http", "strings"], SERVICE_EXPORT),
            (&["fmt", "net/http", "strings"], SERVICE_SUMMARY),
        ],
    },
];

/// The fields of a topic's payload.
fn fields(t: &Topic) -> impl Iterator<Item = (&str, &str, &str, &str)> {
    (0..BASE_FIELDS)
        .chain(t.extras.iter().copied())
        .map(|i| FIELDS[i])
}

/// The payload literal a publisher builds from `x`, gofmt-aligned.
fn payload_literal(t: &Topic) -> String {
    let width = fields(t).map(|f| f.0.len() + 1).max().unwrap_or(0).max(10);
    let mut s = format!(
        "events.{}Event{{\n\t\t{:<width$} events.NewMeta(ctx, 1),\n",
        t.camel, "EventMeta:"
    );
    for (name, _, _, value) in fields(t) {
        s += &format!("\t\t{:<width$} {value},\n", format!("{name}:"));
    }
    s + "\t}"
}

/// The variables of a topic's templates.
fn topic_vars(plan: &Plan, t: usize) -> Vars {
    let t = &plan.topics[t];
    vec![
        ("T", t.camel.clone()),
        ("topic", t.name.clone()),
        ("slug", t.name.replace('.', "-")),
        ("pub", plan.services[t.publisher].name.clone()),
        ("literal", payload_literal(t)),
    ]
}

/// Renders one planned file: its path and its content.
fn entity_file(plan: &Plan, s: usize, f: &FilePlan, rng: &mut Rng) -> (String, String) {
    let (svc, k) = (&plan.services[s], &KINDS[f.kind as usize]);
    let entity = entity_name(s, f.entity);
    let on = |s: String| when(f.publish.is_some(), s);
    let mut vars: Vars = vec![
        (
            "fields",
            k.fields[usize::from(f.publish.is_some())].to_string(),
        ),
        ("param", on(format!("{} {}, ", k.dep.0, k.dep.1))),
        ("init", on(format!("{0}: {0}, ", k.dep.0))),
        ("hook", on(k.hook.to_string())),
        ("E", entity.clone()),
        ("e", lower_first(&entity)),
        ("es", entity.to_lowercase() + "s"),
        ("svc", svc.name.clone()),
        ("mod", MODULE.to_string()),
    ];
    vars.extend(f.publish.map(|t| topic_vars(plan, t)).unwrap_or_default());
    let mut go = GoFile::default();
    let v = borrow(&vars);
    go.add(k.core.0, k.core.1, &v);
    if f.publish.is_some() {
        go.add(k.publish.0, k.publish.1, &v);
    }
    if f.kind == Kind::Service {
        subscriptions(&mut go, plan, svc, f, &vars);
    }
    let (mut next, mut n) = (rng.below(k.fillers.len()), 1);
    while go.lines() < f.target_lines {
        let (imports, template) = k.fillers[next % k.fillers.len()];
        let number = n.to_string();
        let mut v = v.clone();
        v.push(("N", &number));
        go.add(imports, template, &v);
        (next, n) = (next + 1, n + 1);
    }
    let file = format!(
        "{}/internal/{}/{}{}.go",
        svc.name,
        k.dir,
        entity.to_lowercase(),
        k.suffix
    );
    (
        file,
        go.render(
            &format!("// {entity} of the {} service.\n\n", svc.name),
            k.dir,
        ),
    )
}

/// The go-sdk registration and the handlers of the subscriptions a file hosts.
fn subscriptions(go: &mut GoFile, plan: &Plan, svc: &Service, f: &FilePlan, vars: &Vars) {
    let subs: Vec<&Sub> = f.subs.iter().map(|&i| &svc.subs[i]).collect();
    if subs.iter().any(|s| !s.yaml) {
        let mut register = REGISTER_HEAD.to_string();
        for sub in subs.iter().filter(|s| !s.yaml) {
            register += &fill(REGISTER_ONE, &borrow(&topic_vars(plan, sub.topic)));
        }
        go.add(
            &["fmt", DAPR_COMMON, EVENTS_IMPORT],
            &(register + "\treturn nil\n}\n"),
            &borrow(vars),
        );
    }
    for sub in subs {
        let mut v = vars.clone();
        v.extend(topic_vars(plan, sub.topic));
        let guard = match (sub.guarded, sub.yaml) {
            (false, _) => "",
            (true, false) => GUARD_SDK,
            (true, true) => GUARD_HTTP,
        };
        v.push(("guard", guard.to_string()));
        if sub.yaml {
            go.add(
                &["encoding/json", "io", "net/http", EVENTS_IMPORT],
                HTTP_HANDLER,
                &borrow(&v),
            );
        } else {
            go.add(
                &["context", DAPR_COMMON, EVENTS_IMPORT],
                SDK_HANDLER,
                &borrow(&v),
            );
        }
    }
}

/// `cmd/<svc>/main.go` and `internal/server/http.go`: the wiring of every
/// complete entity, its REST routes and the routes of its YAML subscriptions.
fn wiring_files(plan: &Plan, svc: &Service, s: usize) -> [String; 2] {
    let (mut wiring, mut args, mut params, mut routes) =
        (String::new(), String::new(), String::new(), String::new());
    for files in svc.files.chunks(3).filter(|c| c.len() == 3) {
        let (b, d, h) = (&files[0], &files[1], &files[2]);
        let entity = entity_name(s, b.entity);
        let (var, plural) = (lower_first(&entity), entity.to_lowercase() + "s");
        let dep = |f: &FilePlan, v: &str| when(f.publish.is_some(), format!("{v}, "));
        let (dc, bp, hc) = (dep(d, "client"), dep(b, "publisher"), dep(h, "client"));
        wiring += &format!(
            "\t{var}Svc := service.New{entity}Service(biz.New{entity}Usecase(data.New{entity}Repo(d, {dc}logger), {bp}logger), {hc}logger)\n"
        );
        if h.subs.iter().any(|&i| !svc.subs[i].yaml) {
            wiring += &fill(REGISTER_CALL, &[("var", &var)]);
        }
        args += &format!(", {var}Svc");
        params += &format!(", {var} *service.{entity}Service");
        routes += &fill(REST_ROUTES, &[("e", &var), ("es", &plural)]);
        if h.publish.is_some() {
            routes += &format!("\tsrv.HandleFunc(\"/v1/{plural}/resend\", {var}.Resend)\n");
        }
        for &i in h.subs.iter().filter(|&&i| svc.subs[i].yaml) {
            let t = &plan.topics[svc.subs[i].topic];
            let (slug, camel) = (t.name.replace('.', "-"), &t.camel);
            routes += &format!("\tsrv.HandleFunc(\"/events/{slug}\", {var}.Handle{camel})\n");
        }
    }
    let upper = svc.name.to_uppercase();
    let v = [
        ("svc", svc.name.as_str()),
        ("SVC", upper.as_str()),
        ("mod", MODULE),
        ("wiring", wiring.as_str()),
        ("args", args.as_str()),
        ("params", params.as_str()),
        ("routes", routes.as_str()),
    ];
    [fill(MAIN, &v), fill(HTTP_SERVER, &v)]
}

/// `common/events/<svc>_events.go`: topic constants and payload types.
fn events_file(plan: &Plan, svc: &Service) -> String {
    let topics: Vec<&Topic> = svc.topics.iter().map(|&t| &plan.topics[t]).collect();
    let mut s = format!(
        "package events\n\n// Topics published by the {} service.\nconst (\n",
        svc.name
    );
    let width = topics.iter().map(|t| t.camel.len() + 5).max().unwrap_or(0);
    for t in &topics {
        s += &format!(
            "\t{:<width$} = \"{}\"\n",
            format!("Topic{}", t.camel),
            t.name
        );
    }
    s += ")\n";
    for t in &topics {
        let nw = fields(t).map(|f| f.0.len()).max().unwrap_or(0);
        let tw = fields(t).map(|f| f.1.len()).max().unwrap_or(0);
        let (c, name) = (&t.camel, &t.name);
        s += &format!(
            "\n// {c}Event is the payload of {name}.\ntype {c}Event struct {{\n\tEventMeta\n"
        );
        for (name, ty, tag, _) in fields(t) {
            s += &format!("\t{name:<nw$} {ty:<tw$} `json:\"{tag}\"`\n");
        }
        s += "}\n";
    }
    s
}

/// Writes files under the output directory, counting files and lines.
struct Out {
    root: PathBuf,
    files: usize,
    go_files: usize,
    lines: usize,
}

impl Out {
    fn write(&mut self, rel: &str, content: &str) -> std::io::Result<()> {
        let path = self.root.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, content)?;
        self.files += 1;
        self.go_files += usize::from(rel.ends_with(".go"));
        self.lines += content.lines().count();
        Ok(())
    }
}

/// Replaces a tree generated before; refuses to touch anything else.
fn prepare(out: &Path) -> Result<(), Box<dyn Error>> {
    if out.join(STAMP).is_file() {
        std::fs::remove_dir_all(out)?;
    } else if out.exists() && std::fs::read_dir(out)?.next().is_some() {
        let out = out.display();
        return Err(format!("{out} is not empty and was not written by gen-corpus").into());
    }
    Ok(std::fs::create_dir_all(out)?)
}

fn run() -> Result<(), Box<dyn Error>> {
    let args = parse_args()?;
    let plan = plan(&args, &mut Rng(args.seed));
    // File bodies draw from their own stream, so the plan does not depend on them.
    let mut rng = Rng(args.seed ^ 0x5EED);
    prepare(&args.out)?;
    let mut out = Out {
        root: args.out.clone(),
        files: 0,
        go_files: 0,
        lines: 0,
    };
    let uses: String = plan
        .services
        .iter()
        .map(|s| format!("\t./{}\n", s.name))
        .collect();
    out.write(
        "go.work",
        &format!("go 1.22\n\nuse (\n\t./common\n{uses})\n"),
    )?;
    out.write("common/go.mod", &fill(COMMON_GO_MOD, &[("mod", MODULE)]))?;
    out.write("common/events/events.go", COMMON_EVENTS)?;
    out.write("dapr/components/pubsub.yaml", PUBSUB)?;
    for (s, svc) in plan.services.iter().enumerate() {
        let (name, vars) = (&svc.name, [("svc", svc.name.as_str()), ("mod", MODULE)]);
        out.write(&format!("{name}/go.mod"), &fill(GO_MOD, &vars))?;
        out.write(
            &format!("common/events/{name}_events.go"),
            &events_file(&plan, svc),
        )?;
        let [main, http] = wiring_files(&plan, svc, s);
        out.write(&format!("{name}/cmd/{name}/main.go"), &main)?;
        out.write(&format!("{name}/internal/server/http.go"), &http)?;
        for (file, template) in [
            ("biz/biz", BIZ_PKG),
            ("data/data", DATA_PKG),
            ("service/service", SERVICE_PKG),
        ] {
            out.write(
                &format!("{name}/internal/{file}.go"),
                &fill(template, &vars),
            )?;
        }
        for f in &svc.files {
            let (path, content) = entity_file(&plan, s, f, &mut rng);
            out.write(&path, &content)?;
        }
        for sub in svc.subs.iter().filter(|s| s.yaml) {
            let (version, route) = match sub.v2 {
                true => ("v2alpha1", "routes:\n    default: "),
                false => ("v1alpha1", "route: "),
            };
            let mut v = topic_vars(&plan, sub.topic);
            v.extend([
                ("svc", name.clone()),
                ("version", version.into()),
                ("route", route.into()),
            ]);
            let v = borrow(&v);
            let path = fill("gitops/apps/{{svc}}/subscription-{{slug}}.yaml", &v);
            out.write(&path, &fill(SUBSCRIPTION, &v))?;
        }
    }
    let density = if args.dense { "dense" } else { "sparse" };
    let (n, m, seed) = (args.services, args.files, args.seed);
    let stamp = format!("services={n} files={m} seed={seed} density={density}\n");
    std::fs::write(args.out.join(STAMP), stamp)?;
    let subscriptions: usize = plan.services.iter().map(|s| s.subs.len()).sum();
    writeln!(
        std::io::stdout().lock(),
        "wrote {} files ({} Go), {} lines, {} topics, {subscriptions} subscriptions to {}",
        out.files,
        out.go_files,
        out.lines,
        plan.topics.len(),
        args.out.display()
    )?;
    Ok(())
}

fn main() -> ExitCode {
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "gen-corpus: {e}");
            ExitCode::from(2)
        }
    }
}

// ---- Go templates: `{{E}}` entity type, `{{e}}` its variable, `{{es}}` its
// table, `{{T}}` topic type stem, `{{topic}}`, `{{slug}}`, `{{N}}` a counter.

const BIZ_CORE: &str = r#"// {{E}} is the {{e}} aggregate of the {{svc}} service.
type {{E}} struct {
	ID          string
	CustomerID  string
	Status      string
	AmountCents int64
	Currency    string
	Notes       []string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// {{E}}Repo is the persistence port of {{E}}, implemented in internal/data.
type {{E}}Repo interface {
	Get(ctx context.Context, id string) (*{{E}}, error)
	Save(ctx context.Context, x *{{E}}) error
	List(ctx context.Context, customerID string, limit, offset int) ([]*{{E}}, error)
	MarkProcessed(ctx context.Context, eventID string) (bool, error)
}

// {{E}}Usecase holds the business rules of {{E}}.
type {{E}}Usecase struct {
{{fields}}}

// New{{E}}Usecase wires the use case.
func New{{E}}Usecase(repo {{E}}Repo, {{param}}log *slog.Logger) *{{E}}Usecase {
	return &{{E}}Usecase{repo: repo, {{init}}log: log}
}

// Get returns one {{e}}.
func (uc *{{E}}Usecase) Get(ctx context.Context, id string) (*{{E}}, error) {
	if id == "" {
		return nil, ErrInvalidArgument
	}
	return uc.repo.Get(ctx, id)
}

// List returns a page of the {{es}} of a customer.
func (uc *{{E}}Usecase) List(ctx context.Context, customerID string, limit, offset int) ([]*{{E}}, error) {
	return uc.repo.List(ctx, customerID, limit, offset)
}

// Create validates and stores a new {{e}}.
func (uc *{{E}}Usecase) Create(ctx context.Context, x *{{E}}) error {
	switch {
	case x.CustomerID == "":
		return fmt.Errorf("%w: customer is required", ErrInvalidArgument)
	case x.AmountCents < 0 || len(x.Currency) != 3:
		return fmt.Errorf("%w: amount %d %q", ErrInvalidArgument, x.AmountCents, x.Currency)
	}
	now := time.Now().UTC()
	x.Status, x.CreatedAt, x.UpdatedAt = "pending", now, now
	if err := uc.repo.Save(ctx, x); err != nil {
		return fmt.Errorf("save {{e}}: %w", err)
	}
{{hook}}	return nil
}

// Record applies an event about subject to the {{e}} it refers to.
func (uc *{{E}}Usecase) Record(ctx context.Context, subject, correlationID string) error {
	x, err := uc.repo.Get(ctx, subject)
	if err != nil {
		return fmt.Errorf("record on {{e}} %s: %w", subject, err)
	}
	x.Notes = append(x.Notes, "event "+correlationID)
	x.UpdatedAt = time.Now().UTC()
	return uc.repo.Save(ctx, x)
}

// AlreadyProcessed reports whether the event was applied before.
func (uc *{{E}}Usecase) AlreadyProcessed(ctx context.Context, eventID string) (bool, error) {
	return uc.repo.MarkProcessed(ctx, eventID)
}
"#;

const BIZ_PUBLISH: &str = r#"// publish{{T}} announces {{topic}}. The {{e}} is stored already: a failed
// publish is logged, and the reconciliation job sends it again.
func (uc *{{E}}Usecase) publish{{T}}(ctx context.Context, x *{{E}}) {
	evt := {{literal}}
	if err := uc.publisher.PublishEvent(ctx, events.Topic{{T}}, evt); err != nil {
		uc.log.Warn("publish {{topic}}", "id", x.ID, "err", err)
	}
}
"#;

const BIZ_TOTALS: &str = r#"// {{E}}Totals{{N}} sums the {{es}} of one customer by status.
type {{E}}Totals{{N}} struct {
	Count       map[string]int
	AmountCents map[string]int64
	Largest     *{{E}}
}

// Totals{{N}} pages through the {{es}} of customerID and sums them by status.
func (uc *{{E}}Usecase) Totals{{N}}(ctx context.Context, customerID string) (*{{E}}Totals{{N}}, error) {
	t := &{{E}}Totals{{N}}{Count: map[string]int{}, AmountCents: map[string]int64{}}
	const page = 100
	for offset := 0; ; offset += page {
		items, err := uc.repo.List(ctx, customerID, page, offset)
		if err != nil {
			return nil, fmt.Errorf("totals of %s: %w", customerID, err)
		}
		for _, x := range items {
			t.Count[x.Status]++
			t.AmountCents[x.Status] += x.AmountCents
			if t.Largest == nil || x.AmountCents > t.Largest.AmountCents {
				t.Largest = x
			}
		}
		if len(items) < page {
			return t, nil
		}
	}
}
"#;

const BIZ_TRANSITION: &str = r#"// Transition{{N}} moves a {{e}} through its life cycle.
func (uc *{{E}}Usecase) Transition{{N}}(ctx context.Context, id, action string) (*{{E}}, error) {
	x, err := uc.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	var next string
	switch {
	case action == "approve" && x.Status == "pending":
		next = "approved"
	case action == "cancel" && (x.Status == "pending" || x.Status == "approved"):
		next = "cancelled"
	case action == "complete" && x.Status == "approved":
		next = "completed"
	case action == "reopen" && x.Status == "cancelled":
		next = "pending"
	default:
		return nil, fmt.Errorf("%w: cannot %s a %s {{e}}", ErrConflict, action, x.Status)
	}
	from := x.Status
	x.Status, x.UpdatedAt = next, time.Now().UTC()
	if err := uc.repo.Save(ctx, x); err != nil {
		return nil, fmt.Errorf("transition {{e}} %s: %w", id, err)
	}
	uc.log.Info("{{e}} transition", "id", id, "from", from, "to", next)
	return x, nil
}
"#;

const DATA_CORE: &str = r#"const (
	{{e}}Columns = `id, customer_id, status, amount_cents, currency, created_at, updated_at`
	{{e}}GetSQL  = `SELECT ` + {{e}}Columns + ` FROM {{es}} WHERE id = $1`
	{{e}}ListSQL = `SELECT ` + {{e}}Columns + ` FROM {{es}} WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2 OFFSET $3`
	{{e}}SaveSQL = `INSERT INTO {{es}} (` + {{e}}Columns + `) VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, amount_cents = EXCLUDED.amount_cents, updated_at = EXCLUDED.updated_at`
	{{e}}SeenSQL = `INSERT INTO processed_events (event_id, consumer) VALUES ($1, '{{svc}}.{{e}}') ON CONFLICT DO NOTHING`
)

type {{e}}Repo struct {
{{fields}}}

// New{{E}}Repo returns the PostgreSQL repository of {{E}}.
func New{{E}}Repo(d *Data, {{param}}log *slog.Logger) biz.{{E}}Repo {
	return &{{e}}Repo{db: d.db, {{init}}log: log}
}

func scan{{E}}(row interface{ Scan(...any) error }) (*biz.{{E}}, error) {
	var x biz.{{E}}
	err := row.Scan(&x.ID, &x.CustomerID, &x.Status, &x.AmountCents, &x.Currency, &x.CreatedAt, &x.UpdatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, biz.ErrNotFound
	}
	return &x, err
}

func (r *{{e}}Repo) Get(ctx context.Context, id string) (*biz.{{E}}, error) {
	return scan{{E}}(r.db.QueryRowContext(ctx, {{e}}GetSQL, id))
}

func (r *{{e}}Repo) Save(ctx context.Context, x *biz.{{E}}) error {
	_, err := r.db.ExecContext(ctx, {{e}}SaveSQL, x.ID, x.CustomerID, x.Status, x.AmountCents, x.Currency, x.CreatedAt, x.UpdatedAt)
	if err != nil {
		return fmt.Errorf("save {{e}} %s: %w", x.ID, err)
	}
{{hook}}	return nil
}

func (r *{{e}}Repo) List(ctx context.Context, customerID string, limit, offset int) ([]*biz.{{E}}, error) {
	rows, err := r.db.QueryContext(ctx, {{e}}ListSQL, customerID, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("list {{es}}: %w", err)
	}
	defer rows.Close()
	var out []*biz.{{E}}
	for rows.Next() {
		x, err := scan{{E}}(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, rows.Err()
}

// MarkProcessed records eventID; true when it was recorded before.
func (r *{{e}}Repo) MarkProcessed(ctx context.Context, eventID string) (bool, error) {
	res, err := r.db.ExecContext(ctx, {{e}}SeenSQL, eventID)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n == 0, err
}
"#;

const DATA_PUBLISH: &str = r#"// notify{{T}} tells other services about the change through the sidecar.
func (r *{{e}}Repo) notify{{T}}(ctx context.Context, x *biz.{{E}}) {
	evt := {{literal}}
	if err := r.client.PublishEvent(ctx, pubsubName, events.Topic{{T}}, evt); err != nil {
		r.log.Warn("publish {{topic}}", "id", x.ID, "err", err)
	}
}
"#;

const DATA_COUNT: &str = r#"const {{e}}CountSQL{{N}} = `SELECT status, COUNT(*), COALESCE(SUM(amount_cents), 0) FROM {{es}} WHERE created_at >= $1 GROUP BY status`

// CountByStatus{{N}} counts the {{es}} created since a time, and their amounts, by status.
func (r *{{e}}Repo) CountByStatus{{N}}(ctx context.Context, since time.Time) (map[string]int, map[string]int64, error) {
	rows, err := r.db.QueryContext(ctx, {{e}}CountSQL{{N}}, since)
	if err != nil {
		return nil, nil, fmt.Errorf("count {{es}}: %w", err)
	}
	defer rows.Close()
	counts, sums := map[string]int{}, map[string]int64{}
	for rows.Next() {
		var status string
		var n int
		var sum int64
		if err := rows.Scan(&status, &n, &sum); err != nil {
			return nil, nil, err
		}
		counts[status], sums[status] = n, sum
	}
	return counts, sums, rows.Err()
}
"#;

const DATA_STATUS: &str = r#"const {{e}}StatusSQL{{N}} = `UPDATE {{es}} SET status = $2, updated_at = NOW() WHERE id = $1 AND status <> $2`

// SetStatus{{N}} moves many {{es}} to one status in a transaction.
func (r *{{e}}Repo) SetStatus{{N}}(ctx context.Context, ids []string, status string) (int64, error) {
	tx, err := r.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer func() { _ = tx.Rollback() }()
	stmt, err := tx.PrepareContext(ctx, {{e}}StatusSQL{{N}})
	if err != nil {
		return 0, fmt.Errorf("prepare: %w", err)
	}
	defer stmt.Close()
	var total int64
	for i, id := range ids {
		res, err := stmt.ExecContext(ctx, id, status)
		if err != nil {
			return 0, fmt.Errorf("update {{e}} %d/%d (%s): %w", i+1, len(ids), id, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return 0, err
		}
		total += n
	}
	if err := tx.Commit(); err != nil {
		return 0, fmt.Errorf("commit: %w", err)
	}
	r.log.Info("{{es}} updated", "status", status, "rows", total)
	return total, nil
}
"#;

const SERVICE_CORE: &str = r#"// {{E}}Service serves the {{e}} API.
type {{E}}Service struct {
{{fields}}}

// New{{E}}Service wires the service.
func New{{E}}Service(uc *biz.{{E}}Usecase, {{param}}log *slog.Logger) *{{E}}Service {
	return &{{E}}Service{uc: uc, {{init}}log: log}
}

// Get serves GET /v1/{{es}}/get?id=.
func (s *{{E}}Service) Get(w http.ResponseWriter, r *http.Request) {
	x, err := s.uc.Get(r.Context(), r.URL.Query().Get("id"))
	if err != nil {
		respondError(w, err)
		return
	}
	respond(w, http.StatusOK, x)
}

// Create serves POST /v1/{{es}}/create.
func (s *{{E}}Service) Create(w http.ResponseWriter, r *http.Request) {
	var x biz.{{E}}
	if err := json.NewDecoder(r.Body).Decode(&x); err != nil {
		respond(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	x.ID = newID()
	if err := s.uc.Create(r.Context(), &x); err != nil {
		respondError(w, err)
		return
	}
	respond(w, http.StatusCreated, &x)
}

// List serves GET /v1/{{es}}?customer_id=&limit=&offset=.
func (s *{{E}}Service) List(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	limit, err := strconv.Atoi(q.Get("limit"))
	if err != nil || limit <= 0 || limit > 100 {
		limit = 20
	}
	offset, _ := strconv.Atoi(q.Get("offset"))
	items, err := s.uc.List(r.Context(), q.Get("customer_id"), limit, offset)
	if err != nil {
		respondError(w, err)
		return
	}
	respond(w, http.StatusOK, items)
}
"#;

const SERVICE_PUBLISH: &str = r#"// Resend serves POST /v1/{{es}}/resend?id=: it sends {{topic}} again.
func (s *{{E}}Service) Resend(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, err := s.uc.Get(ctx, r.URL.Query().Get("id"))
	if err != nil {
		respondError(w, err)
		return
	}
	evt := {{literal}}
	if err := s.client.PublishEvent(ctx, "pubsub", events.Topic{{T}}, evt); err != nil {
		s.log.Warn("resend {{topic}}", "id", x.ID, "err", err)
		respondError(w, err)
		return
	}
	respond(w, http.StatusAccepted, map[string]string{"status": "sent"})
}
"#;

const REGISTER_HEAD: &str =
    "// Register subscribes the handlers of {{E}}Service through the go-sdk.
func (s *{{E}}Service) Register(sub common.Service) error {
";

const REGISTER_ONE: &str = r#"	if err := sub.AddTopicEventHandler(&common.Subscription{
		PubsubName: "pubsub",
		Topic:      events.Topic{{T}},
		Route:      "/events/{{slug}}",
	}, s.Handle{{T}}); err != nil {
		return fmt.Errorf("subscribe {{topic}}: %w", err)
	}
"#;

const SDK_HANDLER: &str = r#"// Handle{{T}} applies {{topic}} from {{pub}}.
func (s *{{E}}Service) Handle{{T}}(ctx context.Context, e *common.TopicEvent) (retry bool, err error) {
	var evt events.{{T}}Event
	if err := e.Struct(&evt); err != nil {
		s.log.Error("drop malformed {{topic}}", "id", e.ID, "err", err)
		return false, nil
	}
{{guard}}	if err := s.uc.Record(ctx, evt.SubjectID, evt.CorrelationID); err != nil {
		return true, err
	}
	return false, nil
}
"#;

const HTTP_HANDLER: &str = r#"// Handle{{T}} serves the declarative subscription to {{topic}} from {{pub}} (raw payload).
func (s *{{E}}Service) Handle{{T}}(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		eventStatus(w, "RETRY")
		return
	}
	var evt events.{{T}}Event
	if err := json.Unmarshal(body, &evt); err != nil {
		s.log.Error("drop malformed {{topic}}", "err", err)
		eventStatus(w, "DROP")
		return
	}
	ctx := r.Context()
{{guard}}	if err := s.uc.Record(ctx, evt.SubjectID, evt.CorrelationID); err != nil {
		eventStatus(w, "RETRY")
		return
	}
	eventStatus(w, "SUCCESS")
}
"#;

const GUARD_SDK: &str = "\tseen, err := s.uc.AlreadyProcessed(ctx, evt.EventID)\n\tif err != nil {\n\t\treturn true, err\n\t}\n\tif seen {\n\t\treturn false, nil\n\t}\n";
const GUARD_HTTP: &str = "\tif seen, err := s.uc.AlreadyProcessed(ctx, evt.EventID); err != nil {\n\t\teventStatus(w, \"RETRY\")\n\t\treturn\n\t} else if seen {\n\t\teventStatus(w, \"SUCCESS\")\n\t\treturn\n\t}\n";

const SERVICE_EXPORT: &str = r#"// Export{{N}} serves GET /v1/{{es}}/export{{N}}?customer_id=: the {{es}} as CSV.
func (s *{{E}}Service) Export{{N}}(w http.ResponseWriter, r *http.Request) {
	customer := r.URL.Query().Get("customer_id")
	if customer == "" {
		respond(w, http.StatusBadRequest, map[string]string{"error": "customer_id is required"})
		return
	}
	items, err := s.uc.List(r.Context(), customer, 1000, 0)
	if err != nil {
		respondError(w, err)
		return
	}
	var b strings.Builder
	b.WriteString("id,status,amount_cents,currency\n")
	for _, x := range items {
		fmt.Fprintf(&b, "%s,%s,%d,%s\n", x.ID, x.Status, x.AmountCents, x.Currency)
	}
	w.Header().Set("Content-Type", "text/csv")
	_, _ = w.Write([]byte(b.String()))
}
"#;

const SERVICE_SUMMARY: &str = r#"// {{e}}Reply{{N}} is the public view of a {{e}}.
type {{e}}Reply{{N}} struct {
	ID       string `json:"id"`
	Status   string `json:"status"`
	Amount   string `json:"amount"`
	Customer string `json:"customer_id"`
}

// Summary{{N}} serves GET /v1/{{es}}/summary{{N}}?customer_id=.
func (s *{{E}}Service) Summary{{N}}(w http.ResponseWriter, r *http.Request) {
	items, err := s.uc.List(r.Context(), r.URL.Query().Get("customer_id"), 100, 0)
	if err != nil {
		respondError(w, err)
		return
	}
	replies := make([]{{e}}Reply{{N}}, 0, len(items))
	open := 0
	for _, x := range items {
		if x.Status == "pending" || x.Status == "approved" {
			open++
		}
		replies = append(replies, {{e}}Reply{{N}}{
			ID:       x.ID,
			Status:   strings.ToUpper(x.Status),
			Amount:   fmt.Sprintf("%d.%02d %s", x.AmountCents/100, x.AmountCents%100, x.Currency),
			Customer: x.CustomerID,
		})
	}
	respond(w, http.StatusOK, map[string]any{"items": replies, "open": open})
}
"#;

const MAIN: &str = r#"package main

import (
	"log/slog"
	"os"

	daprc "github.com/dapr/go-sdk/client"
	daprd "github.com/dapr/go-sdk/service/http"
	"github.com/go-kratos/kratos/v2"

	"{{mod}}/common/events"
	"{{mod}}/{{svc}}/internal/biz"
	"{{mod}}/{{svc}}/internal/data"
	"{{mod}}/{{svc}}/internal/server"
	"{{mod}}/{{svc}}/internal/service"
)

func main() {
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil)).With("service", "{{svc}}")
	client, err := daprc.NewClient()
	if err != nil {
		logger.Error("dapr client", "err", err)
		os.Exit(1)
	}
	defer client.Close()
	d, cleanup, err := data.NewData(os.Getenv("{{SVC}}_DATABASE_URL"), logger)
	if err != nil {
		logger.Error("database", "err", err)
		os.Exit(1)
	}
	defer cleanup()
	publisher := events.NewPublisher(client, "pubsub")
	subscriber := daprd.NewService(":6000")
{{wiring}}
	app := kratos.New(kratos.Name("{{svc}}"), kratos.Server(server.NewHTTPServer(":8000", logger{{args}})))
	go func() {
		if err := subscriber.Start(); err != nil {
			logger.Error("dapr subscriber stopped", "err", err)
		}
	}()
	if err := app.Run(); err != nil {
		logger.Error("{{svc}} stopped", "err", err)
		os.Exit(1)
	}
}
"#;

const REGISTER_CALL: &str = "\tif err := {{var}}Svc.Register(subscriber); err != nil {
\t\tlogger.Error(\"subscribe\", \"err\", err)
\t\tos.Exit(1)
\t}
";

const REST_ROUTES: &str = r#"	srv.HandleFunc("/v1/{{es}}", {{e}}.List)
	srv.HandleFunc("/v1/{{es}}/get", {{e}}.Get)
	srv.HandleFunc("/v1/{{es}}/create", {{e}}.Create)
"#;

const HTTP_SERVER: &str = r#"package server

import (
	"log/slog"
	"net/http"

	"github.com/go-kratos/kratos/v2/middleware/recovery"
	khttp "github.com/go-kratos/kratos/v2/transport/http"

	"{{mod}}/{{svc}}/internal/service"
)

// NewHTTPServer serves the REST API of {{svc}} and the routes of its
// declarative subscriptions (gitops/apps/{{svc}}).
func NewHTTPServer(addr string, logger *slog.Logger{{params}}) *khttp.Server {
	srv := khttp.NewServer(khttp.Address(addr), khttp.Middleware(recovery.Recovery()))
{{routes}}	srv.HandleFunc("/healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
	})
	logger.Info("http server", "addr", addr)
	return srv
}
"#;

const BIZ_PKG: &str = r#"// Package biz holds the business rules of the {{svc}} service.
package biz

import (
	"context"
	"errors"
)

// Errors of the use cases; the service layer maps them to HTTP statuses.
var (
	ErrNotFound        = errors.New("not found")
	ErrInvalidArgument = errors.New("invalid argument")
	ErrConflict        = errors.New("conflict")
)

// EventPublisher is the platform publisher (events.Publisher).
type EventPublisher interface {
	PublishEvent(ctx context.Context, topic string, evt any) error
}
"#;

const DATA_PKG: &str = r#"// Package data implements the repositories of the {{svc}} service on PostgreSQL.
package data

import (
	"database/sql"
	"log/slog"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// pubsubName is the Dapr pub/sub component (dapr/components/pubsub.yaml).
const pubsubName = "pubsub"

// Data holds the database handle the repositories share.
type Data struct {
	db *sql.DB
}

// NewData opens the database; cleanup closes it.
func NewData(dsn string, log *slog.Logger) (*Data, func(), error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, nil, err
	}
	return &Data{db: db}, func() {
		if err := db.Close(); err != nil {
			log.Error("close database", "err", err)
		}
	}, nil
}
"#;

const SERVICE_PKG: &str = r#"// Package service holds the HTTP handlers and event consumers of the {{svc}} service.
package service

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"net/http"

	"{{mod}}/{{svc}}/internal/biz"
)

func respond(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func respondError(w http.ResponseWriter, err error) {
	status := http.StatusInternalServerError
	switch {
	case errors.Is(err, biz.ErrNotFound):
		status = http.StatusNotFound
	case errors.Is(err, biz.ErrInvalidArgument):
		status = http.StatusBadRequest
	case errors.Is(err, biz.ErrConflict):
		status = http.StatusConflict
	}
	respond(w, status, map[string]string{"error": err.Error()})
}

// eventStatus answers the sidecar: SUCCESS, RETRY or DROP.
func eventStatus(w http.ResponseWriter, status string) {
	respond(w, http.StatusOK, map[string]string{"status": status})
}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
"#;

const COMMON_EVENTS: &str = r#"// Package events is the event contract of the shop platform: topic names
// and payload types. Every service imports it; nobody copies it.
package events

import (
	"context"
	"time"

	dapr "github.com/dapr/go-sdk/client"
	"github.com/google/uuid"
)

// EventMeta is embedded in every payload: subscribers de-duplicate on
// EventID, CorrelationID follows the request across services.
type EventMeta struct {
	EventID       string    `json:"event_id"`
	CorrelationID string    `json:"correlation_id"`
	Version       int       `json:"version"`
	OccurredAt    time.Time `json:"occurred_at"`
}

type correlationKey struct{}

// NewMeta fills the envelope of a new event.
func NewMeta(ctx context.Context, version int) EventMeta {
	id, _ := ctx.Value(correlationKey{}).(string)
	if id == "" {
		id = uuid.NewString()
	}
	return EventMeta{EventID: uuid.NewString(), CorrelationID: id, Version: version, OccurredAt: time.Now().UTC()}
}

// Publisher binds the Dapr client to one pub/sub component.
type Publisher struct {
	client     dapr.Client
	pubsubName string
}

// NewPublisher returns the platform publisher.
func NewPublisher(client dapr.Client, pubsubName string) *Publisher {
	return &Publisher{client: client, pubsubName: pubsubName}
}

// PublishEvent publishes evt as JSON on topic.
func (p *Publisher) PublishEvent(ctx context.Context, topic string, evt any) error {
	return p.client.PublishEvent(ctx, p.pubsubName, topic, evt)
}
"#;

const PUBSUB: &str = r#"# The shared pub/sub of the shop platform.
apiVersion: dapr.io/v1alpha1
kind: Component
metadata:
  name: pubsub
  namespace: shop
spec:
  type: pubsub.redis
  version: v1
  metadata:
    - name: redisHost
      value: redis-master.infra.svc.cluster.local:6379
    - name: consumerID
      value: "{appID}"
"#;

const SUBSCRIPTION: &str = r#"# {{svc}} receives {{topic}} from {{pub}}; internal/server/http.go serves the route.
apiVersion: dapr.io/{{version}}
kind: Subscription
metadata:
  name: {{svc}}-{{slug}}
  namespace: shop
spec:
  topic: {{topic}}
  {{route}}/events/{{slug}}
  pubsubname: pubsub
  metadata:
    rawPayload: "true"
scopes:
  - {{svc}}
"#;

const GO_MOD: &str = "module {{mod}}/{{svc}}

go 1.22

require (
\t{{mod}}/common v0.0.0
\tgithub.com/dapr/go-sdk v1.12.0
\tgithub.com/go-kratos/kratos/v2 v2.8.0
\tgithub.com/jackc/pgx/v5 v5.6.0
)

replace {{mod}}/common => ../common
";

const COMMON_GO_MOD: &str = "module {{mod}}/common

go 1.22

require (
\tgithub.com/dapr/go-sdk v1.12.0
\tgithub.com/google/uuid v1.6.0
)
";
