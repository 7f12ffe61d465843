//! The repository index: packages, services, symbols; and resolution of
//! topic expressions, types and handlers across packages and modules.

use rustc_hash::{FxHashMap as HashMap, FxHashSet};

use crate::extract::gomod::GoMod;
use crate::extract::{Composite, Expr, Facts, FileFacts, FuncDef, GoFacts, TypeDef};

use super::{
    Demands, FuncRef, Handler, JsonKind, Location, Payload, PayloadField, Resolved, TypeRef,
};

/// How deep constants, variables and fields are followed.
pub(crate) const MAX_DEPTH: u32 = 16;

/// A package-level string constant.
pub(crate) struct StringConstant {
    pub pkg: u32,
    pub name: String,
    pub qualified: String,
    pub value: String,
    pub file: u32,
    pub span: crate::extract::Span,
}

/// A value written somewhere: its file, the value, and the function it is in.
type Assign<'a, T = Expr> = (u32, &'a T, Option<u32>);

/// Import paths of libraries with a `Publish(ctx, name, data)`-shaped method
/// that are not a broker under Dapr: realtime push and in-process buses,
/// rarely in the same file as an event publish.
const LOOKALIKE_IMPORTS: &[&str] = &[
    "github.com/ably/",
    "github.com/pusher/",
    "github.com/centrifugal/",
    "github.com/cskr/pubsub",
    "github.com/asaskevich/EventBus",
];

/// Redis clients: their `Publish(ctx, channel, message)` is Redis's own
/// pub/sub, which Dapr subscriptions do not hear. Often imported for a cache
/// next to a real publish, so a call counts as theirs only when its receiver
/// says so (its type, or a name such as `rdb`, `redis`, `cache`).
const REDIS_IMPORTS: &[&str] = &[
    "github.com/redis/go-redis",
    "github.com/go-redis/redis",
    "github.com/gomodule/redigo",
];

/// A Go package: the `.go` files of one directory.
#[derive(Debug)]
pub(crate) struct Package {
    pub name: String,
    /// The directory, relative to the root.
    pub dir: String,
}

/// Symbols of the whole repository, built once per link.
pub(crate) struct Index<'a> {
    pub files: &'a [FileFacts],
    pub file_pkg: Vec<Option<u32>>,
    pub file_service: Vec<u32>,
    pub packages: Vec<Package>,
    pub services: Vec<String>,
    pkg_by_dir: HashMap<&'a str, u32>,
    /// Import path prefix → directory, longest first.
    import_roots: Vec<(String, String)>,
    /// `import_dir` of every import path the files hold, computed once.
    import_dirs: HashMap<&'a str, Option<String>>,
    pub(crate) values: HashMap<(u32, &'a str), Vec<(u32, u32)>>,
    /// Assignments to package-level names: file, value, enclosing function.
    global_assigns: HashMap<(u32, &'a str), Vec<Assign<'a>>>,
    /// Assignments to fields (`cfg.Topic = ...`) by field name.
    field_assigns: HashMap<&'a str, Vec<(u32, &'a crate::extract::FieldAssign)>>,
    /// `viper.SetDefault(key, value)` calls by key.
    pub(crate) settings: HashMap<&'a str, Vec<(u32, &'a Expr)>>,
    /// Calls by the callee's last name, built on first use (callers of a
    /// function whose parameter a value comes from).
    pub(crate) calls_by_name:
        std::cell::OnceCell<HashMap<&'a str, Vec<(u32, &'a crate::extract::CallFact)>>>,
    pub(crate) types: HashMap<(u32, &'a str), TypeRef>,
    /// Top-level functions and methods by package and plain name.
    pub(crate) funcs: HashMap<(u32, &'a str), Vec<FuncRef>>,
    /// Methods by plain name, per service.
    methods: HashMap<(u32, &'a str), Vec<FuncRef>>,
    /// Struct literals by the type's base name, with their enclosing function.
    struct_literals: HashMap<&'a str, Vec<Assign<'a, Composite>>>,
    /// Services with Go code, parsed or not.
    go_services: FxHashSet<u32>,
    /// What linking looked up that files not yet parsed could answer.
    demands: std::cell::RefCell<Demands>,
    /// Whether a service imports a package, by (service, package).
    service_imports: std::cell::RefCell<HashMap<(u32, u32), bool>>,
}

fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |i| path.get(..i).unwrap_or(""))
}

/// An app ID or folder name without separators or case: `finecollectionservice`
/// for `fine-collection-service`.
fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn base_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The name an import is used by without an alias, as far as its path
/// tells: the last segment, or the one before a major version (`v9`).
fn default_import_name(path: &str) -> &str {
    let last = base_name(path);
    let versioned = last.len() > 1
        && last.starts_with('v')
        && last
            .get(1..)
            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()));
    if versioned {
        base_name(dir_of(path))
    } else {
        last
    }
}

/// Joins a relative directory and a relative path with `..` segments.
fn join_dir(dir: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = dir.split('/').filter(|s| !s.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

impl<'a> Index<'a> {
    /// `gomods`: directory (relative, `""` for the root) and parsed `go.mod`.
    pub fn new(
        files: &'a [FileFacts],
        gomods: &'a [(String, GoMod)],
        root_name: &str,
        service_dirs: Option<&[String]>,
        unparsed_go: &[String],
    ) -> Self {
        let mut module_dirs: Vec<&str> = match service_dirs {
            Some(dirs) => dirs.iter().map(String::as_str).collect(),
            None => gomods.iter().map(|(d, _)| d.as_str()).collect(),
        };
        module_dirs.sort_by_key(|d| std::cmp::Reverse(d.len()));
        let mut services: Vec<String> = Vec::new();
        let mut service_ids: HashMap<String, u32> = HashMap::default();
        let mut service_of = |path: &str| -> u32 {
            let dir = dir_of(path);
            let name = module_dirs
                .iter()
                .find(|m| {
                    m.is_empty()
                        || dir == **m
                        || dir
                            .strip_prefix(**m)
                            .is_some_and(|rest| rest.starts_with('/'))
                })
                .map(|m| if m.is_empty() { root_name } else { *m })
                .unwrap_or_else(|| path.split_once('/').map_or(root_name, |(first, _)| first));
            if let Some(id) = service_ids.get(name) {
                return *id;
            }
            let id = u32::try_from(services.len()).unwrap_or(u32::MAX);
            services.push(name.to_string());
            service_ids.insert(name.to_string(), id);
            id
        };
        for m in &module_dirs {
            service_of(&format!("{m}/go.mod"));
        }

        let mut import_roots = Vec::new();
        for (dir, gm) in gomods {
            if let Some(m) = &gm.module {
                import_roots.push((m.clone(), dir.clone()));
            }
            for (old, new) in &gm.replaces {
                import_roots.push((old.clone(), join_dir(dir, new)));
            }
        }
        import_roots.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.cmp(b)));
        import_roots.dedup_by(|a, b| a.0 == b.0);

        let mut go_services = FxHashSet::default();
        for path in unparsed_go {
            go_services.insert(service_of(path));
        }
        let mut index = Index {
            files,
            file_pkg: Vec::with_capacity(files.len()),
            file_service: Vec::with_capacity(files.len()),
            packages: Vec::new(),
            services: Vec::new(),
            pkg_by_dir: HashMap::default(),
            import_roots,
            import_dirs: HashMap::default(),
            values: HashMap::default(),
            global_assigns: HashMap::default(),
            settings: HashMap::default(),
            field_assigns: HashMap::default(),
            calls_by_name: std::cell::OnceCell::new(),
            service_imports: std::cell::RefCell::default(),
            types: HashMap::default(),
            funcs: HashMap::default(),
            methods: HashMap::default(),
            struct_literals: HashMap::default(),
            go_services,
            demands: std::cell::RefCell::new(Demands::default()),
        };
        for f in files {
            if let Facts::Go(g) = &f.facts {
                for i in &g.imports {
                    if !index.import_dirs.contains_key(i.path.as_str()) {
                        let dir = index.resolve_import_dir(&i.path);
                        index.import_dirs.insert(&i.path, dir);
                    }
                }
            }
        }
        for (fi, f) in files.iter().enumerate() {
            let fi = u32::try_from(fi).unwrap_or(u32::MAX);
            let Facts::Go(g) = &f.facts else {
                // YAML belongs to a service by its scopes or folder, decided when linking.
                index.file_service.push(u32::MAX);
                index.file_pkg.push(None);
                continue;
            };
            let service = service_of(&f.path);
            index.go_services.insert(service);
            index.file_service.push(service);
            let dir = dir_of(&f.path);
            let pkg = match index.pkg_by_dir.get(dir) {
                Some(p) => *p,
                None => {
                    let p = u32::try_from(index.packages.len()).unwrap_or(u32::MAX);
                    index.packages.push(Package {
                        name: g.package.trim_end_matches("_test").to_string(),
                        dir: dir.to_string(),
                    });
                    index.pkg_by_dir.insert(dir, p);
                    p
                }
            };
            index.file_pkg.push(Some(pkg));
            index.add_symbols(fi, pkg, service, g);
        }
        index.services = services;
        index
    }

    fn add_symbols(&mut self, fi: u32, pkg: u32, service: u32, g: &'a GoFacts) {
        let idx = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        for (i, v) in g.values.iter().enumerate() {
            self.values
                .entry((pkg, v.name.as_str()))
                .or_default()
                .push((fi, idx(i)));
        }
        for (name, e, func) in &g.global_assigns {
            self.global_assigns
                .entry((pkg, name.as_str()))
                .or_default()
                .push((fi, e, *func));
        }
        for a in &g.field_assigns {
            self.field_assigns
                .entry(a.field.as_str())
                .or_default()
                .push((fi, a));
        }
        for c in &g.calls {
            if c.last_name() == "SetDefault"
                && let [Expr::Str(key), value] = c.args.as_slice()
            {
                self.settings
                    .entry(key.as_str())
                    .or_default()
                    .push((fi, value));
            }
        }
        for (i, t) in g.types.iter().enumerate() {
            self.types.insert(
                (pkg, t.name.as_str()),
                TypeRef {
                    file: fi,
                    index: idx(i),
                },
            );
        }
        for (i, f) in g.funcs.iter().enumerate() {
            if f.parent.is_some() || f.short_name.is_empty() {
                continue;
            }
            let r = FuncRef {
                file: fi,
                index: idx(i),
            };
            if f.receiver.is_some() {
                self.methods
                    .entry((service, f.short_name.as_str()))
                    .or_default()
                    .push(r);
            }
            self.funcs
                .entry((pkg, f.short_name.as_str()))
                .or_default()
                .push(r);
        }
        for l in &g.struct_literals {
            let base = l.literal.ty.rsplit('.').next().unwrap_or(&l.literal.ty);
            self.struct_literals
                .entry(base.trim_start_matches('*'))
                .or_default()
                .push((fi, &l.literal, l.func));
        }
    }

    /// What linking asked for that unparsed files may answer.
    pub fn take_demands(&self) -> Demands {
        std::mem::take(&mut *self.demands.borrow_mut())
    }

    fn demand_dir(&self, dir: &str) {
        self.demands.borrow_mut().dirs.insert(dir.to_string());
    }

    /// Asks for every file of the package `pkg`.
    pub fn demand_package(&self, pkg: u32) {
        self.demand_pkg(pkg);
    }

    fn demand_pkg(&self, pkg: u32) {
        if let Some(p) = self.packages.get(pkg as usize) {
            self.demand_dir(&p.dir);
        }
    }

    /// Asks for the files that use the identifier `name` (callers of a
    /// forwarder, users of a constant or a type).
    pub fn demand_name(&self, name: &str) {
        if !name.is_empty() {
            self.demands.borrow_mut().words.insert(name.to_string());
        }
    }

    /// Asks for the files that declare a function or method `name`.
    pub fn demand_decl(&self, name: &str) {
        // `string(b)` converts; no function declaration is asked for.
        if !name.is_empty() && !is_builtin_func(name) && !is_builtin_type(name) {
            self.demands.borrow_mut().decls.insert(name.to_string());
        }
    }

    /// Asks for the files that contain `text` (a route path).
    pub fn demand_text(&self, text: &str) {
        if !text.is_empty() {
            self.demands.borrow_mut().texts.insert(text.to_string());
        }
    }

    /// Asks for the files that write a composite literal of the type `name`.
    pub fn demand_literal(&self, name: &str) {
        if !name.is_empty() {
            self.demands.borrow_mut().literals.insert(name.to_string());
        }
    }

    /// Asks for the files that write a composite literal `name{` (a type as
    /// written, `pkg.Type`) and use the word `field` (a keyed literal setting it).
    pub fn demand_field_literal(&self, name: &str, field: &str) {
        if !name.is_empty() && !field.is_empty() {
            self.demands
                .borrow_mut()
                .field_literals
                .insert((name.to_string(), field.to_string()));
        }
    }

    /// Asks for the files that contain the quoted topic `text` and call
    /// something named like a topic or a subscription.
    pub fn demand_topic_text(&self, text: &str) {
        if !text.is_empty() {
            self.demands
                .borrow_mut()
                .topic_texts
                .insert(text.to_string());
        }
    }

    pub fn go(&self, file: u32) -> Option<&'a GoFacts> {
        match &self.files.get(file as usize)?.facts {
            Facts::Go(g) => Some(g),
            Facts::Yaml(_) => None,
        }
    }

    pub fn path(&self, file: u32) -> &'a str {
        self.files
            .get(file as usize)
            .map_or("", |f| f.path.as_str())
    }

    pub fn service(&self, file: u32) -> &str {
        self.file_service
            .get(file as usize)
            .and_then(|s| self.services.get(*s as usize))
            .map_or("", String::as_str)
    }

    pub fn func(&self, r: FuncRef) -> Option<&'a FuncDef> {
        self.go(r.file)?.funcs.get(r.index as usize)
    }

    pub fn type_def(&self, r: TypeRef) -> Option<&'a TypeDef> {
        self.go(r.file)?.types.get(r.index as usize)
    }

    pub fn func_location(&self, r: FuncRef) -> Option<Location> {
        Some(Location {
            path: self.path(r.file).to_string(),
            span: self.func(r)?.span,
        })
    }

    pub fn handler(&self, r: FuncRef) -> Handler {
        Handler {
            name: self.func(r).map_or_else(String::new, |f| f.name.clone()),
            func: Some(r),
            at: self.func_location(r),
        }
    }

    /// The package directory an import qualifier of `file` refers to.
    pub(crate) fn qualifier_pkg(&self, file: u32, qual: &str) -> Option<u32> {
        let g = self.go(file)?;
        let mut candidates = g.imports.iter().filter(|i| match &i.alias {
            Some(a) => a == qual,
            None => {
                let last = base_name(&i.path);
                last == qual
                    || (last.starts_with('v')
                        && last
                            .get(1..)
                            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                        && base_name(dir_of(&i.path)) == qual)
                    || self
                        .import_dir(&i.path)
                        .and_then(|d| self.pkg_by_dir.get(d.as_ref()))
                        .and_then(|p| self.packages.get(*p as usize))
                        .is_some_and(|p| p.name == qual)
            }
        });
        let Some(import) = candidates.next() else {
            // The package may be named otherwise than its directory: ask for
            // the repository's packages this file imports that are not parsed.
            for i in &g.imports {
                if let Some(d) = self.import_dir(&i.path)
                    && !self.pkg_by_dir.contains_key(d.as_ref())
                {
                    self.demand_dir(&d);
                }
            }
            return None;
        };
        let dir = self.import_dir(&import.path)?;
        let pkg = self.pkg_by_dir.get(dir.as_ref()).copied();
        if pkg.is_none() {
            self.demand_dir(&dir);
        }
        pkg
    }

    /// Whether the qualifier `q` of `file` names the (parsed) package `pkg`,
    /// judged from `file`'s imports alone: unlike [`Index::qualifier_pkg`],
    /// it asks for no files (a struct literal's type is checked against every
    /// literal of that name in the repository).
    fn names_pkg(&self, file: u32, q: &str, pkg: u32) -> bool {
        let (Some(g), Some(p)) = (self.go(file), self.packages.get(pkg as usize)) else {
            return false;
        };
        g.imports.iter().any(|i| {
            let named = match &i.alias {
                Some(a) => a == q,
                None => base_name(&i.path) == q || p.name == q,
            };
            named && self.import_dir(&i.path).is_some_and(|d| d == p.dir)
        })
    }

    /// The repository directory of an import path, through module paths and replaces.
    fn import_dir(&self, path: &str) -> Option<std::borrow::Cow<'_, str>> {
        match self.import_dirs.get(path) {
            Some(dir) => dir.as_deref().map(std::borrow::Cow::Borrowed),
            None => self.resolve_import_dir(path).map(std::borrow::Cow::Owned),
        }
    }

    fn resolve_import_dir(&self, path: &str) -> Option<String> {
        for (prefix, dir) in &self.import_roots {
            if path == prefix {
                return Some(dir.clone());
            }
            if let Some(rest) = path.strip_prefix(prefix.as_str())
                && let Some(rest) = rest.strip_prefix('/')
            {
                return Some(if dir.is_empty() {
                    rest.to_string()
                } else {
                    format!("{dir}/{rest}")
                });
            }
        }
        None
    }

    /// Resolves a topic or pub/sub expression seen in `file`.
    pub fn resolve(&self, expr: &Expr, file: u32) -> Resolved {
        let mut r = self.resolve_at(expr, file, 0).unwrap_or_default();
        super::values::settle(&mut r);
        r.text = expr.text();
        if r.value.is_none() {
            let p = self.pattern(expr, file, 0);
            if p.chars().any(|c| c != '*') {
                r.pattern = Some(p);
            }
            if let Expr::Env { key, .. } = expr {
                r.env = Some(key.to_string());
            }
        }
        r
    }

    /// A glob of what an unresolved expression can produce: known parts
    /// literally, unknown parts as `*`.
    fn pattern(&self, expr: &Expr, file: u32, depth: u32) -> String {
        if let Some(v) = self.resolve_at(expr, file, depth).and_then(|r| r.value) {
            return v.replace('*', "");
        }
        if depth > MAX_DEPTH {
            return "*".to_string();
        }
        let mut out = match expr {
            Expr::Concat(parts) => parts
                .iter()
                .map(|p| self.pattern(p, file, depth + 1))
                .collect(),
            Expr::Sprintf(format, args) => {
                let Some(format) = self
                    .resolve_at(format, file, depth + 1)
                    .and_then(|r| r.value)
                else {
                    return "*".to_string();
                };
                let mut out = String::new();
                let mut args = args.iter();
                for piece in super::values::format_pieces(&format) {
                    match piece {
                        super::values::FormatPiece::Text(t) => out.push_str(&t),
                        super::values::FormatPiece::Verb(..) => match args.next() {
                            Some(a) => out.push_str(&self.pattern(a, file, depth + 1)),
                            None => out.push('*'),
                        },
                    }
                }
                out
            }
            _ => "*".to_string(),
        };
        while out.contains("**") {
            out = out.replace("**", "*");
        }
        out
    }

    pub(crate) fn resolve_at(&self, expr: &Expr, file: u32, depth: u32) -> Option<Resolved> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr {
            Expr::Str(s) => Some(Resolved::known(s.clone())),
            Expr::Ident(name) => {
                let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
                self.resolve_symbol(pkg, name, depth)
            }
            Expr::Sel(q, name) => match self.qualifier_pkg(file, q) {
                Some(pkg) => self.resolve_symbol(pkg, name, depth),
                // `cfg.Topic` of a package-level `var cfg Config`.
                None => self.resolve_var_field(file, q, name, depth),
            },
            Expr::Concat(parts) => {
                let mut values = vec![String::new()];
                let mut env = None;
                for p in parts {
                    let r = self.resolve_at(p, file, depth + 1)?;
                    values = super::values::product(&values, &r)?;
                    env = env.or(r.env);
                }
                super::values::from_values(values, env)
            }
            Expr::Sprintf(format, args) => self.resolve_sprintf(format, args, file, depth),
            Expr::OneOf(alts) => self.resolve_one_of(alts.iter().map(|e| (e, file)), depth),
            Expr::Call { callee, args, .. } => self.resolve_call(callee, args, file, depth),
            Expr::Index(of, key) => self.resolve_index(of, key, file, depth),
            Expr::Field(of, name) => self.resolve_field_of(of, name, file, depth),
            Expr::Each { of, key } => self.resolve_each(of, *key, file, depth),
            Expr::Setting(key) => self.resolve_setting(key, depth),
            Expr::Mounted(func) => self.resolve_mounted(func, file, depth),
            Expr::At(f, e) => self.resolve_at(e, *f, depth + 1),
            Expr::Member { ty, name, .. } => self.resolve_typed_field(file, ty, name, depth),
            Expr::Env { key, default } => {
                let d = default
                    .as_ref()
                    .and_then(|d| self.resolve_at(d, file, depth + 1))
                    .and_then(|r| r.value);
                Some(Resolved {
                    value: d,
                    env: Some(key.to_string()),
                    ..Resolved::default()
                })
                .filter(|r| r.value.is_some())
            }
            Expr::RecvField { ty, field, .. } => self.resolve_field(file, ty, field, depth),
            Expr::Addr(inner) => self.resolve_at(inner, file, depth + 1),
            _ => None,
        }
    }

    fn resolve_symbol(&self, pkg: u32, name: &str, depth: u32) -> Option<Resolved> {
        let Some(defs) = self.values.get(&(pkg, name)) else {
            self.demand_pkg(pkg);
            return None;
        };
        let &[(file, idx)] = defs.as_slice() else {
            return None;
        };
        let def = self.go(file)?.values.get(idx as usize)?;
        let pkg_name = self
            .packages
            .get(pkg as usize)
            .map_or("", |p| p.name.as_str());
        let qualified = format!("{pkg_name}.{name}");
        if def.is_const {
            let mut r = self.resolve_at(def.value.as_ref()?, file, depth + 1)?;
            r.constant = Some(qualified);
            return Some(r);
        }
        // A variable: its initializer and assignments elsewhere in the package,
        // which may be in any of its files.
        self.demand_pkg(pkg);
        let mut assigns: Vec<(u32, &Expr, Option<u32>)> = Vec::new();
        if let Some(v) = &def.value {
            assigns.push((file, v, None));
        }
        if let Some(more) = self.global_assigns.get(&(pkg, name)) {
            assigns.extend(more.iter().copied());
        }
        let mut r = match assigns.as_slice() {
            [(f, e, func)] => self.resolve_in(e, *f, *func, depth + 1)?,
            [(_, Expr::Env { key, default: None }, _), (f2, d, func)] => {
                let d = self.resolve_in(d, *f2, *func, depth + 1)?;
                Resolved {
                    value: d.value,
                    alternatives: d.alternatives,
                    env: Some(key.to_string()),
                    ..Resolved::default()
                }
            }
            // Assigned in several places (an `init` and a setter, the branches
            // of a `switch`): one of the values.
            many if many.len() <= crate::extract::go::MAX_ALTERNATIVES => {
                let mut out = Vec::new();
                for (f, e, func) in many {
                    out.push(self.resolve_in(e, *f, *func, depth + 1)?);
                }
                super::values::merge(out)?
            }
            _ => return None,
        };
        if r.constant.is_none() && r.env.is_none() {
            r.constant = Some(qualified);
        }
        Some(r)
    }

    /// A receiver field set by constructors' composite literals, when they all agree.
    fn resolve_field(&self, file: u32, ty: &str, field: &str, depth: u32) -> Option<Resolved> {
        let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
        // Constructors may live in any file of the package, or elsewhere.
        self.demand_pkg(pkg);
        self.demand_literal(ty);
        let tref = self.types.get(&(pkg, ty))?;
        self.resolve_type_field(pkg, *tref, field, depth)
    }

    /// A field of the struct type `tref` (declared in `pkg`): the values its
    /// composite literals give it, or the default of its tag.
    pub(crate) fn resolve_type_field(
        &self,
        pkg: u32,
        tref: TypeRef,
        field: &str,
        depth: u32,
    ) -> Option<Resolved> {
        let tdef = self.type_def(tref)?;
        let ty = tdef.name.as_str();
        // Literals of the type: in its package, or — exported — written
        // `pkg.Type{` elsewhere, in files that name the field.
        self.demand_pkg(pkg);
        if ty.starts_with(|c: char| c.is_uppercase())
            && let Some(p) = self.packages.get(pkg as usize)
        {
            self.demand_field_literal(&format!("{}.{ty}", p.name), field);
        }
        let position = tdef.fields.iter().position(|f| f.name == field);
        let tag_default = position
            .and_then(|p| tdef.fields.get(p))
            .and_then(|f| f.tag_default.as_ref());
        let mut found: Vec<Resolved> = Vec::new();
        // Assignments to the field of a value of this type.
        let assigns: Vec<&(u32, &crate::extract::FieldAssign)> = self
            .field_assigns
            .get(field)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .filter(|(af, a)| {
                // By the type's name first: looking types up may ask for files.
                let same_name = |t: &str| t.trim_start_matches('*').rsplit('.').next() == Some(ty);
                let written = match (&a.ty, &a.var) {
                    (Some(t), _) if same_name(t) => self.type_ref(t, *af),
                    (None, Some(v)) => self
                        .file_pkg
                        .get(*af as usize)
                        .copied()
                        .flatten()
                        .and_then(|p| self.values.get(&(p, v.as_str())))
                        .and_then(|defs| defs.first())
                        .and_then(|(df, di)| self.go(*df)?.values.get(*di as usize))
                        .and_then(|d| d.ty.as_deref())
                        .filter(|t| same_name(t))
                        .and_then(|t| self.type_ref(t, *af)),
                    _ => None,
                };
                written == Some(tref)
            })
            .collect();
        match assigns.as_slice() {
            // `cfg.Topic = os.Getenv("T"); if cfg.Topic == "" { cfg.Topic = "x" }`
            [(_, first), (df, d)] if matches!(first.value, Expr::Env { default: None, .. }) => {
                let Expr::Env { key, .. } = &first.value else {
                    return None;
                };
                let r = self.resolve_in(&d.value, *df, d.func, depth + 1)?;
                found.push(Resolved {
                    env: Some(key.to_string()),
                    ..r
                });
            }
            many => {
                for (af, a) in many {
                    found.push(self.resolve_in(&a.value, *af, a.func, depth + 1)?);
                }
            }
        }
        let Some(literals) = self.struct_literals.get(ty) else {
            if !found.is_empty() {
                return super::values::merge(found);
            }
            return tag_default.map(|(d, env)| Resolved {
                value: Some(d.clone()),
                env: env.clone(),
                ..Resolved::default()
            });
        };
        for (lf, lit, lfunc) in literals {
            // The literal must name this package's type.
            let same = match lit.ty.split_once('.') {
                None => self.file_pkg.get(*lf as usize).copied().flatten() == Some(pkg),
                Some((q, _)) => self.names_pkg(*lf, q.trim_start_matches('*'), pkg),
            };
            if !same {
                continue;
            }
            let value = if lit.fields.is_empty() {
                position.and_then(|p| lit.elements.get(p))
            } else {
                lit.field(field)
            };
            let Some(value) = value else { continue };
            // A literal of a parameter in a function nothing calls sets no
            // value (oapi-codegen's `HandlerFromMuxWithBaseURL` unused).
            if let (Expr::Param(i, _, _), Some(f)) = (value, lfunc)
                && self
                    .param_values(*lf, *f, usize::from(*i), depth + 1)
                    .is_some_and(|v| v.is_empty())
            {
                continue;
            }
            found.push(self.resolve_in(value, *lf, *lfunc, depth + 1)?);
        }
        if found.is_empty()
            && let Some((d, env)) = tag_default
        {
            return Some(Resolved {
                value: Some(d.clone()),
                env: env.clone(),
                ..Resolved::default()
            });
        }
        super::values::merge(found)
    }

    /// Resolves a composite literal (or a variable holding one) seen in `file`.
    pub fn composite<'e>(&'e self, expr: &'e Expr, file: u32) -> Option<(&'e Composite, u32)> {
        match expr.peel() {
            Expr::Composite(c) => Some((c, file)),
            Expr::At(f, e) => self.composite(e, *f),
            Expr::Ident(name) => {
                let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
                self.var_composite(pkg, name)
            }
            Expr::Sel(q, name) => {
                let pkg = self.qualifier_pkg(file, q)?;
                self.var_composite(pkg, name)
            }
            _ => None,
        }
    }

    pub(crate) fn var_composite(&self, pkg: u32, name: &str) -> Option<(&'a Composite, u32)> {
        let Some(defs) = self.values.get(&(pkg, name)) else {
            self.demand_pkg(pkg);
            return None;
        };
        let &[(file, idx)] = defs.as_slice() else {
            return None;
        };
        let def = self.go(file)?.values.get(idx as usize)?;
        match def.value.as_ref()?.peel() {
            Expr::Composite(c) => Some((c, file)),
            _ => None,
        }
    }

    /// A named type as written in `file` (`events.OrderCreated`, `*Order`).
    pub fn type_ref(&self, ty: &str, file: u32) -> Option<TypeRef> {
        let ty = ty.trim_start_matches('*');
        match ty.split_once('.') {
            Some((q, name)) => {
                let pkg = self.qualifier_pkg(file, q)?;
                let t = self.types.get(&(pkg, name)).copied();
                if t.is_none() {
                    self.demand_pkg(pkg);
                }
                t
            }
            None => {
                let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
                let t = self.types.get(&(pkg, ty)).copied();
                if t.is_none() && !is_builtin_type(ty) {
                    self.demand_pkg(pkg);
                }
                t
            }
        }
    }

    /// The payload sent by an expression in `file`.
    pub fn payload(&self, expr: &Expr, file: u32) -> Payload {
        self.payload_as(expr, file, false)
    }

    /// The payload of a bulk publish: the element type of the slice given.
    pub fn bulk_payload(&self, expr: &Expr, file: u32) -> Payload {
        self.payload_as(expr, file, true)
    }

    fn payload_as(&self, expr: &Expr, file: u32, bulk: bool) -> Payload {
        let text = expr.text();
        let ty = match expr.peel() {
            Expr::Composite(c) => Some(c.ty.clone()),
            Expr::Typed { ty, .. } | Expr::Param(_, _, ty) => {
                Some(ty.trim_start_matches('*').to_string())
            }
            Expr::Member { ty, name, .. } => sdk_field_type(ty, name).map(str::to_string),
            Expr::Str(_) | Expr::Concat(_) | Expr::Sprintf(..) => Some("string".to_string()),
            Expr::Call { callee, .. } if callee == "string" => Some("string".to_string()),
            _ => None,
        };
        let Some(ty) = ty.filter(|t| !t.is_empty()) else {
            return Payload {
                text,
                ..Payload::default()
            };
        };
        let ty = match ty.strip_prefix("[]") {
            Some(element) if bulk => element.trim_start_matches('*').to_string(),
            _ => ty,
        };
        let decl = self.type_ref(&ty, file);
        let (type_name, decl_at, fields) = self.described(decl, ty);
        Payload {
            type_name: Some(type_name),
            decl,
            decl_at,
            fields,
            text,
        }
    }

    /// The name, location and fields of a type written `ty`, declared at `decl`.
    pub fn described(
        &self,
        decl: Option<TypeRef>,
        ty: String,
    ) -> (String, Option<Location>, Vec<PayloadField>) {
        match decl.and_then(|d| self.type_def(d).map(|def| (d, def))) {
            Some((d, def)) => (
                def.name.clone(),
                Some(Location {
                    path: self.path(d.file).to_string(),
                    span: def.span,
                }),
                self.payload_fields(d),
            ),
            None => (ty, None, Vec::new()),
        }
    }

    /// The JSON fields of a struct, embedded structs flattened.
    pub fn payload_fields(&self, t: TypeRef) -> Vec<PayloadField> {
        let mut out = Vec::new();
        self.collect_fields(t, &mut out, 0);
        out
    }

    fn collect_fields(&self, t: TypeRef, out: &mut Vec<PayloadField>, depth: u32) {
        if depth > 8 {
            return;
        }
        let Some(def) = self.type_def(t) else { return };
        let path = self.path(t.file);
        for f in &def.fields {
            if f.json.as_deref() == Some("-") {
                continue;
            }
            if f.embedded && f.json.as_deref().is_none_or(str::is_empty) {
                if let Some(inner) = self.type_ref(&f.ty, t.file) {
                    self.collect_fields(inner, out, depth + 1);
                }
                continue;
            }
            if !f.name.starts_with(|c: char| c.is_uppercase()) {
                continue;
            }
            // The package of a struct-typed field (`*biz.Order`, `[]model.Item`).
            let base = f.ty.trim_start_matches(['*', '[', ']']);
            let nested = self
                .type_ref(base, t.file)
                .filter(|r| self.type_def(*r).is_some_and(|d| d.underlying == "struct"));
            out.push(PayloadField {
                name: f.name.clone(),
                json: f
                    .json
                    .clone()
                    .filter(|j| !j.is_empty())
                    .unwrap_or_else(|| f.name.clone()),
                ty: f.ty.clone(),
                path: path.to_string(),
                line: f.line,
                type_pkg: nested.and_then(|r| {
                    let pkg = self.file_pkg.get(r.file as usize).copied().flatten()?;
                    self.packages.get(pkg as usize).map(|p| p.name.clone())
                }),
                kind: self.json_kind(&f.ty, t.file, 0),
            });
        }
    }

    /// The JSON kind `encoding/json` gives a Go type written `ty` in `file`.
    pub fn json_kind(&self, ty: &str, file: u32, depth: u32) -> JsonKind {
        let ty = ty.trim_start_matches('*');
        if depth > 8 {
            return JsonKind::Unknown;
        }
        match ty {
            "string" | "time.Time" | "uuid.UUID" | "json.Number" | "[]byte" => JsonKind::String,
            "bool" => JsonKind::Bool,
            "int" | "int8" | "int16" | "int32" | "int64" | "uint" | "uint8" | "uint16"
            | "uint32" | "uint64" | "float32" | "float64" | "byte" | "rune" | "time.Duration" => {
                JsonKind::Number
            }
            "any" | "interface{}" | "json.RawMessage" => JsonKind::Unknown,
            t if t.starts_with('[') => JsonKind::Array,
            t if t.starts_with("map[") || t.starts_with("struct") => JsonKind::Object,
            t => match self
                .type_ref(t, file)
                .and_then(|r| self.type_def(r).map(|d| (r, d)))
            {
                Some((_, d)) if d.underlying == "struct" => JsonKind::Object,
                Some((r, d)) if d.underlying != "interface" => {
                    self.json_kind(&d.underlying, r.file, depth + 1)
                }
                _ => JsonKind::Unknown,
            },
        }
    }

    /// Resolves a handler expression seen in `file` to its declaration.
    pub fn resolve_handler(&self, expr: &Expr, file: u32) -> Option<FuncRef> {
        match expr.peel() {
            Expr::FuncLit(i) => Some(FuncRef { file, index: *i }),
            Expr::RecvField { ty, field, .. } => self.method_of(file, ty, field),
            // A subscriber object: `AddTopicEventSubscriber(sub, &OrderSubscriber{})`.
            Expr::Composite(c) => ["Handle", "ServeHTTP"]
                .iter()
                .find_map(|m| self.typed_method(file, &c.ty, m)),
            Expr::Member { ty, name, .. } => self.typed_method(file, ty, name),
            // A value whose type implements a handler interface.
            Expr::Param(_, _, ty) | Expr::Typed { ty, .. }
                if !ty.starts_with("func") && self.type_ref(ty, file).is_some() =>
            {
                ["Handle", "ServeHTTP"]
                    .iter()
                    .find_map(|m| self.typed_method(file, ty, m))
            }
            Expr::Ident(name) => {
                let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
                self.unique_func(pkg, name)
            }
            Expr::Sel(q, name) => match self.qualifier_pkg(file, q) {
                Some(pkg) => self.unique_func(pkg, name),
                // A function of a package outside the repository.
                None if self.is_import_name(file, q) => None,
                None => self.method(file, name),
            },
            Expr::At(f, e) => self.resolve_handler(e, *f),
            // `svc.OnOrder` of `svc := NewService()`.
            Expr::Field(_, name) => self.method(file, name),
            // A handler factory: `h.VehicleExit()` returning the closure
            // that handles (echo, gin); the closure is in its scope.
            Expr::Call { callee, args, .. }
                if args.is_empty()
                    && !callee.is_empty()
                    && let Some(f) = self.resolve_handler(
                        &match callee.rsplit_once('.') {
                            Some((q, n)) => Expr::Sel(q.into(), n.into()),
                            None => Expr::Ident(callee.clone()),
                        },
                        file,
                    ) =>
            {
                Some(f)
            }
            // A factory given arguments (`handlers.SubscribeTip(token)`):
            // only a function already known, never asked for — route
            // registrations wrap handlers in many calls (middleware, loggers).
            Expr::Call { callee, .. }
                if let Some(f) = self.known_func(file, callee)
                    && self.returns_func(f) =>
            {
                Some(f)
            }
            Expr::Other(text) | Expr::Typed { text, .. } | Expr::Call { text, .. } => {
                // `h.HandleX`, `s.handlers.HandleX`, `http.HandlerFunc(h.HandleX)`.
                let inner = text
                    .strip_suffix(')')
                    .and_then(|t| t.split_once('(').map(|(_, rest)| rest))
                    .unwrap_or(text);
                let simple = inner
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
                if !simple {
                    return None;
                }
                match inner.rsplit_once('.') {
                    Some((q, m)) if !q.contains('.') && self.is_import_name(file, q) => self
                        .qualifier_pkg(file, q)
                        .and_then(|pkg| self.unique_func(pkg, m)),
                    Some((_, m)) => self.method(file, m),
                    None => {
                        let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
                        self.unique_func(pkg, inner)
                    }
                }
            }
            _ => None,
        }
    }

    /// Whether a type written `ty` in `file` is `string` or a named type over it.
    pub fn is_string_type(&self, ty: &str, file: u32) -> bool {
        if ty == "string" {
            return true;
        }
        self.type_ref(ty, file)
            .and_then(|t| self.type_def(t))
            .is_some_and(|d| d.underlying == "string")
    }

    /// Every package-level constant whose value is a known string.
    pub fn string_constants(&self) -> Vec<StringConstant> {
        let mut out = Vec::new();
        for (fi, f) in self.files.iter().enumerate() {
            let Facts::Go(g) = &f.facts else { continue };
            let file = u32::try_from(fi).unwrap_or(u32::MAX);
            let Some(pkg) = self.file_pkg.get(fi).copied().flatten() else {
                continue;
            };
            let pkg_name = self
                .packages
                .get(pkg as usize)
                .map_or("", |p| p.name.as_str());
            for v in g.values.iter().filter(|v| v.is_const) {
                let Some(value) = v
                    .value
                    .as_ref()
                    .and_then(|e| self.resolve_at(e, file, 0))
                    .and_then(|r| r.value)
                else {
                    continue;
                };
                out.push(StringConstant {
                    pkg,
                    name: v.name.clone(),
                    qualified: format!("{pkg_name}.{}", v.name),
                    value,
                    file,
                    span: v.span,
                });
            }
        }
        out
    }

    /// The one service with Go code, when the repository has exactly one.
    /// Whether a folder holding Go files is named `app_id`, separators and
    /// case aside (`finecollectionservice` for `fine-collection-service/`).
    pub fn names_go_folder(&self, app_id: &str) -> bool {
        let want = squash(app_id);
        !want.is_empty()
            && self.files.iter().any(|f| {
                f.path.ends_with(".go") && dir_of(&f.path).split('/').any(|seg| squash(seg) == want)
            })
    }

    pub fn only_service(&self) -> Option<&str> {
        let mut ids = self.go_services.iter();
        match (ids.next(), ids.next()) {
            (Some(one), None) => self.services.get(*one as usize).map(String::as_str),
            _ => None,
        }
    }

    /// Whether the service named `service` has Go code in the repository.
    pub fn has_go(&self, service: &str) -> bool {
        self.services
            .iter()
            .position(|s| s == service)
            .and_then(|i| u32::try_from(i).ok())
            .is_some_and(|id| self.go_services.contains(&id))
    }

    /// The declared type of a package-level variable named in `file`.
    pub fn var_type(&self, file: u32, name: &str) -> Option<String> {
        let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
        let Some(defs) = self.values.get(&(pkg, name)) else {
            self.demand_pkg(pkg);
            return None;
        };
        let &[(f, i)] = defs.as_slice() else {
            return None;
        };
        let def = self.go(f)?.values.get(i as usize)?;
        def.ty.clone().or_else(|| match def.value.as_ref()?.peel() {
            Expr::Composite(c) => Some(c.ty.clone()),
            Expr::Typed { ty, .. } => Some(ty.to_string()),
            _ => None,
        })
    }

    /// Whether `q` names an import of `file` (by alias or last path segment).
    /// Whether `call` goes through a library that shares a publish method's
    /// name without being a pub/sub broker Dapr subscriptions could hear:
    /// realtime push (Ably, Pusher, Centrifugo), Redis's own pub/sub,
    /// websockets, metrics. Judged from the receiver's type when it is
    /// known, else from the file's imports.
    pub fn through_lookalike(&self, call: &crate::extract::CallFact, file: u32) -> bool {
        let Some(g) = self.go(file) else {
            return false;
        };
        let among = |list: &[&str], path: &str| list.iter().any(|l| path.contains(l));
        let by_qualifier = |q: &str| {
            g.imports.iter().any(|i| {
                let name = i
                    .alias
                    .as_deref()
                    .unwrap_or_else(|| default_import_name(&i.path));
                // `go-redis` is package `redis`.
                let bare = name.trim_start_matches("go-").trim_end_matches("-go");
                (name == q || bare == q)
                    && (among(LOOKALIKE_IMPORTS, &i.path) || among(REDIS_IMPORTS, &i.path))
            })
        };
        if let Some(ty) = &call.recv_ty {
            let ty = ty.trim_start_matches('*');
            return ty.split_once('.').is_some_and(|(q, _)| by_qualifier(q));
        }
        if g.imports.iter().any(|i| among(LOOKALIKE_IMPORTS, &i.path)) {
            return true;
        }
        let receiver = call
            .qualifier()
            .map(|q| q.rsplit('.').next().unwrap_or(q).to_ascii_lowercase())
            .unwrap_or_default();
        ["redis", "rdb", "cache"]
            .iter()
            .any(|n| receiver.contains(n))
            && g.imports.iter().any(|i| among(REDIS_IMPORTS, &i.path))
    }

    pub fn is_import_name(&self, file: u32, q: &str) -> bool {
        self.go(file).is_some_and(|g| {
            g.imports.iter().any(|i| match &i.alias {
                Some(a) => a == q,
                None => {
                    let last = base_name(&i.path);
                    last == q
                        || last
                            .strip_prefix('v')
                            .is_some_and(|n| n.chars().all(|c| c.is_ascii_digit()))
                            && base_name(dir_of(&i.path)) == q
                        || last.ends_with(&format!("-{q}"))
                        || last.ends_with(&format!(".{q}"))
                }
            })
        })
    }

    /// Whether `file` imports the package `pkg`.
    pub fn imports_pkg(&self, file: u32, pkg: u32) -> bool {
        self.go(file).is_some_and(|g| {
            g.imports.iter().any(|i| {
                self.import_dir(&i.path)
                    .and_then(|d| self.pkg_by_dir.get(d.as_ref()).copied())
                    == Some(pkg)
            })
        })
    }

    /// Whether some file of the service of `file` imports `pkg` (a service
    /// that uses a shared package's type through its own interface).
    pub fn service_imports_pkg(&self, file: u32, pkg: u32) -> bool {
        let Some(service) = self.file_service.get(file as usize).copied() else {
            return false;
        };
        if let Some(known) = self.service_imports.borrow().get(&(service, pkg)) {
            return *known;
        }
        let found = (0..self.files.len()).any(|f| {
            let f = u32::try_from(f).unwrap_or(u32::MAX);
            self.file_service.get(f as usize) == Some(&service) && self.imports_pkg(f, pkg)
        });
        if !found {
            // A file not parsed yet may import it (the wiring in `main.go`).
            if let Some(path) = self.import_path(pkg) {
                self.demand_text(&format!("\"{path}\""));
            }
        }
        self.service_imports
            .borrow_mut()
            .insert((service, pkg), found);
        found
    }

    /// The import path of a package of the repository, from its module.
    fn import_path(&self, pkg: u32) -> Option<String> {
        let dir = &self.packages.get(pkg as usize)?.dir;
        // The module whose directory holds the package most closely.
        let (module, rest) = self
            .import_roots
            .iter()
            .filter_map(|(module, root)| {
                let rest = if root.is_empty() {
                    dir.as_str()
                } else {
                    let r = dir.strip_prefix(root.as_str())?;
                    if !(r.is_empty() || r.starts_with('/')) {
                        return None;
                    }
                    r.trim_start_matches('/')
                };
                Some((root.len(), module, rest))
            })
            .max_by_key(|(len, _, _)| *len)
            .map(|(_, m, r)| (m, r))?;
        Some(if rest.is_empty() {
            module.clone()
        } else {
            format!("{module}/{rest}")
        })
    }

    /// How many methods of the service of `file` have this name and arity.
    pub fn methods_named_in(&self, file: u32, name: &str, arity: usize) -> usize {
        self.demand_decl(name);
        let Some(service) = self.file_service.get(file as usize) else {
            return 0;
        };
        self.methods.get(&(*service, name)).map_or(0, |refs| {
            refs.iter()
                .filter(|r| self.func(**r).is_some_and(|f| f.params.len() == arity))
                .count()
        })
    }

    /// How many methods in the repository have this name and arity.
    pub fn methods_named(&self, name: &str, arity: usize) -> usize {
        self.demand_decl(name);
        self.methods
            .iter()
            .filter(|((_, n), _)| *n == name)
            .flat_map(|(_, refs)| refs.iter())
            .filter(|r| self.func(**r).is_some_and(|f| f.params.len() == arity))
            .count()
    }

    /// The method `name` of type `ty`, declared in the package of `file`.
    pub fn method_of(&self, file: u32, ty: &str, name: &str) -> Option<FuncRef> {
        self.demand_decl(name);
        let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
        self.funcs.get(&(pkg, name))?.iter().copied().find(|r| {
            self.func(*r)
                .is_some_and(|f| f.receiver.as_deref() == Some(ty))
        })
    }

    /// The method `name` of the receiver's field `field`, by the field's
    /// declared type: `h.service.ReserveStock` in a method of `Handler`
    /// whose `service` is a `*services.InventoryService`.
    pub fn field_method(&self, file: u32, recv: &str, field: &str, name: &str) -> Option<FuncRef> {
        let t = self.type_ref(recv, file)?;
        let def = self.type_def(t)?;
        let f = def.fields.iter().find(|f| f.name == field)?;
        self.typed_method(t.file, &f.ty, name)
    }

    /// The method `name` of a type written `ty` in `file` (`*service.Handler`).
    fn typed_method(&self, file: u32, ty: &str, name: &str) -> Option<FuncRef> {
        let t = self.type_ref(ty, file)?;
        let def = self.type_def(t)?;
        self.method_of(t.file, &def.name, name)
    }

    /// A plain function `name` or `pkg.name` already in the index, without
    /// asking the pre-scan for its declaration.
    fn known_func(&self, file: u32, callee: &str) -> Option<FuncRef> {
        let (pkg, name) = match callee.rsplit_once('.') {
            Some((q, n)) => match self.qualifier_pkg(file, q) {
                Some(pkg) => (pkg, n),
                // `h.factory(x)`: a method of this service, unique by name.
                None if !self.is_import_name(file, q) => {
                    let service = *self.file_service.get(file as usize)?;
                    let all = self.methods.get(&(service, n))?;
                    return match all.as_slice() {
                        [one] => Some(*one),
                        _ => None,
                    };
                }
                None => return None,
            },
            None => (self.file_pkg.get(file as usize).copied().flatten()?, callee),
        };
        self.unique_known_func(pkg, name)
    }

    /// Whether the function `f` holds a function literal it can hand back
    /// (a handler factory: `func SubscribeTip(token string) gin.HandlerFunc`).
    fn returns_func(&self, f: FuncRef) -> bool {
        self.go(f.file)
            .is_some_and(|g| g.funcs.iter().any(|d| d.parent == Some(f.index)))
    }

    pub(crate) fn unique_func(&self, pkg: u32, name: &str) -> Option<FuncRef> {
        self.demand_decl(name);
        self.unique_known_func(pkg, name)
    }

    /// The one plain function `name` of package `pkg` among the parsed files.
    fn unique_known_func(&self, pkg: u32, name: &str) -> Option<FuncRef> {
        let fs = self.funcs.get(&(pkg, name))?;
        let mut plain = fs
            .iter()
            .filter(|r| self.func(**r).is_some_and(|f| f.receiver.is_none()));
        let first = plain.next()?;
        plain.next().is_none().then_some(*first)
    }

    /// A method named `name` in the service of `file`: the one in the same
    /// package if there is exactly one there, else the only one in the service.
    fn method(&self, file: u32, name: &str) -> Option<FuncRef> {
        self.demand_decl(name);
        let service = *self.file_service.get(file as usize)?;
        let pkg = self.file_pkg.get(file as usize).copied().flatten();
        let all = self.methods.get(&(service, name))?;
        let same_pkg: Vec<&FuncRef> = all
            .iter()
            .filter(|r| self.file_pkg.get(r.file as usize).copied().flatten() == pkg)
            .collect();
        match (same_pkg.as_slice(), all.as_slice()) {
            ([one], _) => Some(**one),
            ([], [one]) => Some(*one),
            _ => None,
        }
    }

    /// The package a call's qualifier names, from `file`.
    pub fn call_pkg(&self, file: u32, qual: &str) -> Option<u32> {
        self.qualifier_pkg(file, qual)
    }

    /// Whether a service answers to `name` (its path or its directory's base name).
    /// App IDs often carry a suffix (`order-service`, `order-svc`): it is ignored.
    pub fn service_named(&self, name: &str) -> Option<&str> {
        let trimmed = ["-service", "-svc", "-app", "-api"]
            .iter()
            .find_map(|suffix| name.strip_suffix(suffix))
            .unwrap_or(name);
        // App IDs drop or change separators: `finecollectionservice` is
        // the folder `fine-collection-service`.
        [name, trimmed].into_iter().find_map(|n| {
            self.services
                .iter()
                .find(|s| s.as_str() == n)
                .or_else(|| self.services.iter().find(|s| base_name(s) == n))
                .or_else(|| {
                    let want = squash(n);
                    let mut same = self
                        .services
                        .iter()
                        .filter(|s| squash(base_name(s)) == want);
                    let first = same.next()?;
                    same.next().is_none().then_some(first)
                })
                .map(String::as_str)
        })
    }

    /// The service whose directory holds `path`, by any path segment naming a service.
    pub fn service_in_path(&self, path: &str) -> Option<&str> {
        let dir = dir_of(path);
        for s in &self.services {
            if dir == s || dir.starts_with(&format!("{s}/")) {
                return Some(s);
            }
        }
        dir.rsplit('/').find_map(|seg| {
            self.services
                .iter()
                .find(|s| base_name(s) == seg)
                .map(String::as_str)
        })
    }
}

/// Field types of the Dapr go-sdk's event structs, which are not in the
/// repository: `in.Data` of a binding event is raw bytes.
fn sdk_field_type(ty: &str, field: &str) -> Option<&'static str> {
    let ty = ty.trim_start_matches('*');
    let base = ty.rsplit('.').next().unwrap_or(ty);
    match (base, field) {
        ("BindingEvent" | "InvocationEvent", "Data") | ("TopicEvent", "RawData") => Some("[]byte"),
        ("TopicEvent", "Data") => Some("any"),
        _ => None,
    }
}

/// Go's predeclared types, never declared in a package.
fn is_builtin_type(ty: &str) -> bool {
    matches!(
        ty,
        "string"
            | "bool"
            | "int"
            | "int8"
            | "int16"
            | "int32"
            | "int64"
            | "uint"
            | "uint8"
            | "uint16"
            | "uint32"
            | "uint64"
            | "uintptr"
            | "float32"
            | "float64"
            | "complex64"
            | "complex128"
            | "byte"
            | "rune"
            | "error"
            | "any"
    ) || ty.starts_with(['[', '*'])
        || ty.starts_with("map[")
        || ty.starts_with("func")
        || ty.starts_with("interface")
        || ty.starts_with("struct")
}

/// Go's predeclared functions, never declared in a package.
fn is_builtin_func(name: &str) -> bool {
    matches!(
        name,
        "append"
            | "cap"
            | "clear"
            | "close"
            | "complex"
            | "copy"
            | "delete"
            | "imag"
            | "len"
            | "make"
            | "max"
            | "min"
            | "new"
            | "panic"
            | "print"
            | "println"
            | "real"
            | "recover"
    )
}
