//! Go source → [`GoFacts`] with tree-sitter-go.
//!
//! The `.scm` files under `queries/` name the node kinds to capture; they
//! are read once into a table from node kind to capture, shared by every
//! worker, and each file's tree is walked once with a cursor. Each worker
//! owns its [`Parser`]. The syntax tree lives only inside
//! [`GoExtractor::extract`].

use rustc_hash::FxHashMap as HashMap;

use tree_sitter::{Node, Parser, Query};

use compact_str::format_compact;

use super::{
    CallFact, Composite, ErrorFlow, Expr, FieldDef, FuncDef, GoFacts, GuardFact, Import, Name,
    Param, Span, StructLiteral, TopicLiteral, TypeDef, ValueDef,
};

const QUERY_SOURCE: &str = concat!(
    include_str!("queries/decls.scm"),
    "\n",
    include_str!("queries/body.scm")
);

/// Longest source text kept for an unresolved expression.
const MAX_TEXT: usize = 160;
/// How deep expressions and local variables are followed.
const MAX_DEPTH: u32 = 12;
/// How many values a local assigned in several places, or a function with
/// several `return`s, may take before it counts as unknown.
pub const MAX_ALTERNATIVES: usize = 16;

/// A query or grammar problem: a bug in eventlint, caught by a unit test.
#[derive(Debug, thiserror::Error)]
pub enum ExtractError {
    #[error("the Go grammar could not be loaded: {0}")]
    Language(#[from] tree_sitter::LanguageError),
    #[error("a built-in query does not compile: {0}")]
    Query(#[from] tree_sitter::QueryError),
    #[error("a built-in query lacks the capture @{0}")]
    Capture(&'static str),
    #[error("a built-in query pattern is not `(kind) @capture`: {0}")]
    Pattern(String),
}

/// Capture indices of the compiled query.
struct Captures {
    import: u32,
    konst: u32,
    var: u32,
    ty: u32,
    func: u32,
    call: u32,
    assign: u32,
    composite: u32,
    comment: u32,
    compare: u32,
    index: u32,
    block: u32,
}

/// The compiled Go query; `Sync`, shared by all workers.
///
/// Every pattern of the `.scm` files names a single node kind, so matching
/// is one walk of the tree with a table from node kind to capture: the same
/// captures as the query engine, at a fraction of its cost (it dominated
/// extraction on large trees).
pub struct GoExtractor {
    language: tree_sitter::Language,
    caps: Captures,
    /// Capture index by node kind id.
    by_kind: Vec<Option<u32>>,
    /// By node kind id: whether the walk can skip the node's subtree (see
    /// [`OPAQUE_KINDS`]).
    opaque: Vec<bool>,
}

/// Node kinds whose subtrees hold none of the captured kinds but comments:
/// types, parameter lists and string literals. The walk does not descend
/// into them unless the file holds an `eventlint:` comment, which may sit
/// anywhere. About a fifth of a Go file's nodes lie inside them.
const OPAQUE_KINDS: &[&str] = &[
    "interpreted_string_literal",
    "raw_string_literal",
    "parameter_list",
    "type_parameter_list",
    "type_arguments",
    "field_declaration_list",
    "interface_type",
    "qualified_type",
    "pointer_type",
    "slice_type",
    "array_type",
    "map_type",
    "channel_type",
    "function_type",
    "generic_type",
    "package_clause",
];

impl GoExtractor {
    /// Compiles the query once.
    ///
    /// # Errors
    /// Only when a built-in query is broken (a bug caught by the test suite).
    pub fn new() -> Result<Self, ExtractError> {
        let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
        let query = Query::new(&language, QUERY_SOURCE)?;
        let idx = |name: &'static str| {
            query
                .capture_index_for_name(name)
                .ok_or(ExtractError::Capture(name))
        };
        let by_kind = kind_table(&language, &query)?;
        let caps = Captures {
            import: idx("import")?,
            konst: idx("const")?,
            var: idx("var")?,
            ty: idx("type")?,
            func: idx("func")?,
            call: idx("call")?,
            assign: idx("assign")?,
            composite: idx("composite")?,
            comment: idx("comment")?,
            compare: idx("compare")?,
            index: idx("index")?,
            block: idx("block")?,
        };
        let mut opaque = vec![false; language.node_kind_count()];
        for kind in OPAQUE_KINDS {
            let id = language.id_for_node_kind(kind, true);
            match opaque.get_mut(usize::from(id)) {
                Some(slot) if id != 0 => *slot = true,
                _ => return Err(ExtractError::Pattern((*kind).to_string())),
            }
        }
        Ok(Self {
            language,
            caps,
            by_kind,
            opaque,
        })
    }

    /// A parser for this extractor's language (one per worker).
    ///
    /// # Errors
    /// When the grammar's ABI does not match the library.
    pub fn parser(&self) -> Result<Parser, ExtractError> {
        let mut parser = Parser::new();
        parser.set_language(&self.language)?;
        Ok(parser)
    }

    /// Parses `src` and takes its facts; the tree is dropped on return.
    /// Returns the facts and the suppression comments `(line, text)`.
    pub fn extract(&self, parser: &mut Parser, src: &[u8]) -> (GoFacts, Vec<(u32, String)>) {
        // Node text is sliced from the source as `str` (no UTF-8 check per
        // slice); files are UTF-8 when read, other bytes become U+FFFD.
        let src = String::from_utf8_lossy(src);
        let src: &str = &src;
        let Some(tree) = parser.parse(src, None) else {
            return (
                GoFacts {
                    has_errors: true,
                    ..GoFacts::default()
                },
                Vec::new(),
            );
        };
        let root = tree.root_node();
        let mut nodes: HashMap<u32, Vec<Node<'_>>> = HashMap::default();
        // Suppression comments may sit inside types and parameter lists.
        let skip_opaque = !src.contains("eventlint:");
        // One pre-order walk: nodes come in document order, as from a query.
        let mut walk = root.walk();
        'tree: loop {
            let node = walk.node();
            let kind = usize::from(node.kind_id());
            if let Some(Some(cap)) = self.by_kind.get(kind) {
                nodes.entry(*cap).or_default().push(node);
            }
            let opaque = skip_opaque && self.opaque.get(kind).copied().unwrap_or(false);
            if !opaque && walk.goto_first_child() {
                continue;
            }
            while !walk.goto_next_sibling() {
                if !walk.goto_parent() {
                    break 'tree;
                }
            }
        }
        let mut take = |i: u32| nodes.remove(&i).unwrap_or_default();
        let collected = Collected {
            imports: take(self.caps.import),
            consts: take(self.caps.konst),
            vars: take(self.caps.var),
            types: take(self.caps.ty),
            funcs: take(self.caps.func),
            calls: take(self.caps.call),
            assigns: take(self.caps.assign),
            composites: take(self.caps.composite),
            comments: take(self.caps.comment),
            compares: take(self.caps.compare),
            indexes: take(self.caps.index),
            blocks: take(self.caps.block),
        };
        let mut builder = Builder::new(src);
        builder.facts.has_errors = root.has_error();
        builder.facts.package = package_name(root, src);
        builder.run(&collected);
        builder.facts.shrink();
        (builder.facts, builder.suppressions)
    }
}

struct Collected<'t> {
    imports: Vec<Node<'t>>,
    consts: Vec<Node<'t>>,
    vars: Vec<Node<'t>>,
    types: Vec<Node<'t>>,
    funcs: Vec<Node<'t>>,
    calls: Vec<Node<'t>>,
    assigns: Vec<Node<'t>>,
    composites: Vec<Node<'t>>,
    comments: Vec<Node<'t>>,
    compares: Vec<Node<'t>>,
    indexes: Vec<Node<'t>>,
    blocks: Vec<Node<'t>>,
}

/// Field lookup by id: tree-sitter's `child_by_field_name` compares the name
/// against every field name of the grammar on each call.
trait FieldExt<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>>;
    /// The node's kind from a table by kind id: `Node::kind` measures and
    /// checks the grammar's C string on every call.
    fn kind_str(&self) -> &'static str;
}

impl<'t> FieldExt<'t> for Node<'t> {
    fn field(&self, name: &str) -> Option<Node<'t>> {
        static IDS: std::sync::OnceLock<HashMap<String, u16>> = std::sync::OnceLock::new();
        let ids = IDS.get_or_init(|| {
            let language = go_language();
            (1..=language.field_count())
                .filter_map(|id| {
                    let id = u16::try_from(id).ok()?;
                    Some((language.field_name_for_id(id)?.to_string(), id))
                })
                .collect()
        });
        match ids.get(name) {
            Some(id) => self.child_by_field_id(*id),
            None => self.child_by_field_name(name),
        }
    }

    fn kind_str(&self) -> &'static str {
        static KINDS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
        let kinds = KINDS.get_or_init(|| {
            let language = go_language();
            let mut kinds = Vec::with_capacity(language.node_kind_count());
            for id in 0..language.node_kind_count() {
                let kind = u16::try_from(id)
                    .ok()
                    .and_then(|id| language.node_kind_for_id(id));
                kinds.push(kind.unwrap_or(""));
            }
            kinds
        });
        kinds
            .get(usize::from(self.kind_id()))
            .copied()
            .unwrap_or("")
    }
}

/// The Go grammar, loaded once for the field and kind tables.
fn go_language() -> &'static tree_sitter::Language {
    static LANGUAGE: std::sync::OnceLock<tree_sitter::Language> = std::sync::OnceLock::new();
    LANGUAGE.get_or_init(|| tree_sitter_go::LANGUAGE.into())
}

/// The node kind each single-node pattern (`(kind) @capture`) of the query
/// source captures.
fn kind_table(
    language: &tree_sitter::Language,
    query: &Query,
) -> Result<Vec<Option<u32>>, ExtractError> {
    let mut table = vec![None; language.node_kind_count()];
    for line in QUERY_SOURCE.lines().map(str::trim) {
        if line.is_empty() || line.starts_with(';') {
            continue;
        }
        let parsed = line
            .strip_prefix('(')
            .and_then(|rest| rest.split_once(')'))
            .map(|(kind, capture)| (kind.trim(), capture.trim().trim_start_matches('@')));
        let Some((kind, capture)) =
            parsed.filter(|(k, c)| !k.contains([' ', '(']) && !c.is_empty())
        else {
            return Err(ExtractError::Pattern(line.to_string()));
        };
        let id = language.id_for_node_kind(kind, true);
        let index = query
            .capture_index_for_name(capture)
            .ok_or(ExtractError::Pattern(line.to_string()))?;
        match table.get_mut(usize::from(id)) {
            Some(slot) if id != 0 => *slot = Some(index),
            _ => return Err(ExtractError::Pattern(line.to_string())),
        }
    }
    Ok(table)
}

/// Builds a [`Span`] from a node.
pub(crate) fn span_of(node: Node<'_>) -> Span {
    let s = node.start_position();
    let e = node.end_position();
    Span {
        line: to_u32(s.row) + 1,
        column: to_u32(s.column) + 1,
        end_line: to_u32(e.row) + 1,
        end_column: to_u32(e.column) + 1,
        start: to_u32(node.start_byte()),
        end: to_u32(node.end_byte()),
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

fn text<'a>(node: Node<'_>, src: &'a str) -> &'a str {
    src.get(node.start_byte()..node.end_byte()).unwrap_or("")
}

fn short_text(node: Node<'_>, src: &str) -> Name {
    let t = text(node, src);
    if t.len() <= MAX_TEXT {
        return t.into();
    }
    let mut end = MAX_TEXT;
    while !t.is_char_boundary(end) {
        end -= 1;
    }
    format_compact!("{}…", t.get(..end).unwrap_or(""))
}

fn package_name(root: Node<'_>, src: &str) -> String {
    let mut cursor = root.walk();
    for child in root.named_children(&mut cursor) {
        if child.kind_str() == "package_clause" {
            let mut c2 = child.walk();
            for n in child.named_children(&mut c2) {
                if n.kind_str() == "package_identifier" {
                    return text(n, src).to_string();
                }
            }
        }
    }
    String::new()
}

/// Unquotes a Go string literal node.
fn string_value(node: Node<'_>, src: &str) -> Option<String> {
    let t = text(node, src);
    match node.kind_str() {
        "raw_string_literal" => Some(t.trim_matches('`').to_string()),
        "interpreted_string_literal" => {
            let inner = t.strip_prefix('"')?.strip_suffix('"').unwrap_or(t);
            Some(unescape(inner))
        }
        _ => None,
    }
}

fn unescape(s: &str) -> String {
    if !s.contains('\\') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(other) => out.push(other),
            None => {}
        }
    }
    out
}

/// The type text with any leading `*` removed.
fn strip_pointer(t: &str) -> &str {
    t.trim_start_matches('*')
}

/// One local binding inside a top-level function.
#[derive(Clone, Copy)]
enum LocalValue<'t> {
    /// Assigned from this expression node.
    Expr(Node<'t>),
    /// Assigned from something we cannot name (a multi-value call).
    Opaque,
    /// The key (`true`) or value of a `range` over this expression.
    Range(Node<'t>, bool),
}

#[derive(Default)]
struct Locals<'t> {
    values: HashMap<String, Vec<LocalValue<'t>>>,
    types: HashMap<String, String>,
    /// `subs[k].Field = value`: the collection, where, which field, the value.
    patches: HashMap<String, Vec<(super::patch::Key, String, Node<'t>)>>,
}

struct Builder<'s, 't> {
    src: &'s str,
    facts: GoFacts,
    suppressions: Vec<(u32, String)>,
    /// Function nodes, parallel to `facts.funcs`.
    func_nodes: Vec<Node<'t>>,
    /// Locals per top-level function index.
    locals: HashMap<u32, Locals<'t>>,
    /// Error flows of calls, by node id, from their statements.
    flows: HashMap<usize, ErrorFlow>,
    /// `x.Mount(path, local)`: per top-level function and local, the path node.
    mounts: HashMap<(u32, String), Node<'t>>,
}

impl<'s, 't> Builder<'s, 't> {
    fn new(src: &'s str) -> Self {
        Self {
            src,
            facts: GoFacts::default(),
            suppressions: Vec::new(),
            func_nodes: Vec::new(),
            locals: HashMap::default(),
            flows: HashMap::default(),
            mounts: HashMap::default(),
        }
    }

    fn run(&mut self, c: &Collected<'t>) {
        for n in &c.comments {
            self.comment(*n);
        }
        for n in &c.imports {
            self.import(*n);
        }
        for n in &c.types {
            self.type_spec(*n);
        }
        for n in &c.funcs {
            self.func(*n);
        }
        for (nodes, is_const) in [(&c.consts, true), (&c.vars, false)] {
            for n in nodes {
                self.value_spec(*n, is_const);
            }
        }
        for n in &c.assigns {
            self.assign(*n);
        }
        for n in &c.calls {
            self.flag_var(*n);
            self.mount(*n);
        }
        for n in &c.blocks {
            self.block_flows(*n);
        }
        for n in &c.calls {
            self.call(*n);
        }
        for n in &c.composites {
            self.composite_literal(*n);
        }
        for n in &c.compares {
            self.compare(*n);
        }
        for n in &c.indexes {
            self.index(*n);
        }
    }

    fn comment(&mut self, node: Node<'t>) {
        let t = text(node, self.src);
        let body = t.trim_start_matches('/').trim_start();
        if let Some(rest) = body.strip_prefix("eventlint:") {
            self.suppressions
                .push((span_of(node).line, rest.trim().to_string()));
        }
    }

    fn import(&mut self, node: Node<'t>) {
        let Some(path) = node.field("path").and_then(|p| string_value(p, self.src)) else {
            return;
        };
        let alias = node.field("name").map(|n| text(n, self.src).to_string());
        self.facts.imports.push(Import { alias, path });
    }

    fn type_spec(&mut self, node: Node<'t>) {
        if self.enclosing_func(node).is_some() {
            return;
        }
        let (Some(name), Some(ty)) = (node.field("name"), node.field("type")) else {
            return;
        };
        let mut fields = Vec::new();
        let underlying = match ty.kind_str() {
            "struct_type" => {
                self.struct_fields(ty, &mut fields);
                "struct".to_string()
            }
            "interface_type" => "interface".to_string(),
            _ => short_text(ty, self.src).into(),
        };
        self.facts.types.push(TypeDef {
            name: text(name, self.src).to_string(),
            underlying,
            fields,
            span: span_of(name),
        });
    }

    fn struct_fields(&self, struct_node: Node<'t>, out: &mut Vec<FieldDef>) {
        let mut cursor = struct_node.walk();
        let Some(list) = struct_node
            .named_children(&mut cursor)
            .find(|n| n.kind_str() == "field_declaration_list")
        else {
            return;
        };
        let mut c2 = list.walk();
        for decl in list.named_children(&mut c2) {
            if decl.kind_str() != "field_declaration" || decl.has_error() {
                continue;
            }
            let Some(ty) = decl.field("type") else {
                continue;
            };
            let ty_text = text(ty, self.src).to_string();
            let tag = decl.field("tag").and_then(|t| string_value(t, self.src));
            let json = tag.as_deref().and_then(json_tag);
            let tag_default = tag.as_deref().and_then(|t| {
                let default = tag_value(t, "envDefault").or_else(|| tag_value(t, "default"))?;
                let env = tag_value(t, "env")
                    .or_else(|| tag_value(t, "envconfig"))
                    .map(|e| e.split(',').next().unwrap_or("").to_string())
                    .filter(|e| !e.is_empty());
                Some((default, env))
            });
            let mut c3 = decl.walk();
            let names: Vec<String> = decl
                .children_by_field_name("name", &mut c3)
                .map(|n| text(n, self.src).to_string())
                .collect();
            let line = span_of(decl).line;
            if names.is_empty() {
                let base = strip_pointer(&ty_text);
                let name = base.rsplit('.').next().unwrap_or(base).to_string();
                out.push(FieldDef {
                    name,
                    ty: ty_text,
                    json,
                    embedded: true,
                    line,
                    tag_default: None,
                });
            } else {
                for name in names {
                    out.push(FieldDef {
                        name,
                        ty: ty_text.clone(),
                        json: json.clone(),
                        embedded: false,
                        line,
                        tag_default: tag_default.clone(),
                    });
                }
            }
        }
    }

    fn func(&mut self, node: Node<'t>) {
        let idx = to_u32(self.facts.funcs.len());
        let parent = self.enclosing_func(node);
        let recv_name = node
            .field("receiver")
            .and_then(|r| first_param(r))
            .and_then(|p| p.field("name"))
            .map(|n| Name::from(text(n, self.src)));
        let (short_name, receiver, span) = if node.kind_str() == "func_literal" {
            (String::new(), None, span_of(node))
        } else {
            let name_node = node.field("name");
            let name = name_node.map_or("", |n| text(n, self.src)).to_string();
            let receiver = node
                .field("receiver")
                .and_then(|r| first_param(r))
                .and_then(|p| p.field("type"))
                .map(|t| text(t, self.src).to_string());
            (
                name,
                receiver,
                name_node.map_or_else(|| span_of(node), span_of),
            )
        };
        let name = match (&receiver, parent) {
            (_, Some(p)) => {
                let pf = self.facts.funcs.get(p as usize);
                let n = self
                    .facts
                    .funcs
                    .iter()
                    .filter(|f| f.parent == Some(p))
                    .count();
                format!("{}.func{}", pf.map_or("", |f| f.name.as_str()), n + 1)
            }
            (Some(r), None) if r.starts_with('*') => format!("({r}).{short_name}"),
            (Some(r), None) => format!("{r}.{short_name}"),
            (None, None) => short_name.clone(),
        };
        let mut params = Vec::new();
        if let Some(list) = node.field("parameters") {
            let mut cursor = list.walk();
            for decl in list.named_children(&mut cursor) {
                let ty = decl
                    .field("type")
                    .map(|t| Name::from(text(t, self.src)))
                    .unwrap_or_default();
                let mut c2 = decl.walk();
                let names: Vec<_> = decl.children_by_field_name("name", &mut c2).collect();
                if names.is_empty() {
                    params.push(Param {
                        name: Name::default(),
                        ty,
                    });
                } else {
                    for n in names {
                        params.push(Param {
                            name: text(n, self.src).into(),
                            ty: ty.clone(),
                        });
                    }
                }
            }
        }
        let top = self.top_of(parent).unwrap_or(idx);
        let locals = self.locals.entry(top).or_default();
        for p in &params {
            if !p.name.is_empty() {
                locals.types.insert(p.name.to_string(), p.ty.to_string());
            }
        }
        self.facts.funcs.push(FuncDef {
            name,
            short_name,
            receiver: receiver.map(|r| strip_pointer(&r).to_string()),
            recv_name,
            params,
            parent,
            span,
            body: span_of(node),
            returns: Vec::new(),
        });
        self.func_nodes.push(node);
    }

    /// The innermost function whose node contains `node` (not `node` itself).
    ///
    /// Functions nest, so the innermost container is the last function that
    /// starts at or before `node`, or one of its ancestors.
    fn enclosing_func(&self, node: Node<'t>) -> Option<u32> {
        let start = node.start_byte();
        let end = node.end_byte();
        let upto = self.func_nodes.partition_point(|f| f.start_byte() <= start);
        let mut cur = upto.checked_sub(1).map(to_u32);
        while let Some(i) = cur {
            let f = self.func_nodes.get(i as usize)?;
            if f.id() != node.id() && f.start_byte() <= start && end <= f.end_byte() {
                return Some(i);
            }
            cur = self.facts.funcs.get(i as usize).and_then(|d| d.parent);
        }
        None
    }

    fn top_of(&self, mut func: Option<u32>) -> Option<u32> {
        let mut last = None;
        let mut guard = 0;
        while let Some(f) = func {
            last = Some(f);
            func = self.facts.funcs.get(f as usize).and_then(|d| d.parent);
            guard += 1;
            if guard > 64 {
                break;
            }
        }
        last
    }

    /// Records local assignments (`:=`, `=`, `range`).
    fn assign(&mut self, node: Node<'t>) {
        let Some(func) = self.enclosing_func(node) else {
            return;
        };
        let Some(top) = self.top_of(Some(func)) else {
            return;
        };
        let Some(left) = node.field("left") else {
            return;
        };
        let lhs: Vec<Node<'t>> = named(left);
        let rhs: Vec<Node<'t>> = match node.field("right") {
            // `range x`: the collection itself, not a list of expressions.
            Some(r) if node.kind_str() == "range_clause" => vec![r],
            Some(r) => named(r),
            None => Vec::new(),
        };
        let is_plain = node.kind_str() != "range_clause"
            && node
                .field("operator")
                .is_none_or(|op| matches!(text(op, self.src), "=" | ":="));
        let is_range = node.kind_str() == "range_clause";
        let is_define = node.kind_str() == "short_var_declaration"
            || (is_range
                && text(node, self.src)
                    .split("range")
                    .next()
                    .is_some_and(|head| head.contains(":=")));
        for (i, l) in lhs.iter().enumerate() {
            if l.kind_str() == "selector_expression" && is_plain && rhs.len() == lhs.len() {
                if let Some(r) = rhs.get(i) {
                    self.field_assign(*l, *r, func, top);
                }
                continue;
            }
            if l.kind_str() != "identifier" {
                continue;
            }
            let name = text(*l, self.src).to_string();
            if name == "_" {
                continue;
            }
            let value = match (is_plain, rhs.len() == lhs.len(), rhs.first()) {
                // `for key, value := range collection`
                (false, _, Some(r)) if is_range && i < 2 => LocalValue::Range(*r, i == 0),
                (true, true, _) => rhs
                    .get(i)
                    .map_or(LocalValue::Opaque, |r| LocalValue::Expr(*r)),
                // `v, ok := os.LookupEnv("K")`, `b, err := json.Marshal(evt)`
                (true, false, Some(r))
                    if i == 0 && (is_env_call(*r, self.src) || is_encoding_call(*r, self.src)) =>
                {
                    LocalValue::Expr(*r)
                }
                _ => LocalValue::Opaque,
            };
            let locals = self.locals.entry(top).or_default();
            let known = locals.values.contains_key(&name) || locals.types.contains_key(&name);
            if !is_define && !known {
                // An assignment to a package-level name.
                let expr = match value {
                    LocalValue::Expr(r) => self.expr(r, Some(func), 0),
                    LocalValue::Opaque | LocalValue::Range(..) => {
                        Expr::Other(short_text(*l, self.src))
                    }
                };
                self.facts.global_assigns.push((name, expr, Some(func)));
                continue;
            }
            if let LocalValue::Expr(r) = value
                && let Some(ty) = literal_type(r, self.src)
            {
                self.locals
                    .entry(top)
                    .or_default()
                    .types
                    .entry(name.clone())
                    .or_insert(ty);
            }
            self.locals
                .entry(top)
                .or_default()
                .values
                .entry(name)
                .or_default()
                .push(value);
        }
    }

    /// `x.Field = value` where `x` is a typed local or parameter, the
    /// receiver, or a package-level variable.
    fn field_assign(&mut self, lhs: Node<'t>, rhs: Node<'t>, func: u32, top: u32) {
        let (Some(operand), Some(field)) = (lhs.field("operand"), lhs.field("field")) else {
            return;
        };
        if operand.kind_str() == "index_expression" {
            self.patch(operand, text(field, self.src), rhs, func, top);
            return;
        }
        if operand.kind_str() != "identifier" {
            return;
        }
        let name = text(operand, self.src);
        let receiver = self
            .func_nodes
            .get(top as usize)
            .and_then(|n| n.field("receiver"))
            .and_then(first_param)
            .filter(|p| p.field("name").is_some_and(|n| text(n, self.src) == name))
            .and_then(|p| p.field("type"))
            .map(|t| strip_pointer(text(t, self.src)).into());
        let local = self.locals.get(&top);
        let local_ty = local
            .and_then(|l| l.types.get(name))
            .map(|t| Name::from(strip_pointer(t)));
        let is_local = local.is_some_and(|l| l.values.contains_key(name));
        let (ty, var) = match (receiver, local_ty) {
            (Some(t), _) | (None, Some(t)) => (Some(t), None),
            (None, None) if !is_local => (None, Some(Name::from(name))),
            (None, None) => return,
        };
        let value = self.expr(rhs, Some(func), 0);
        if !is_value(&value) && !matches!(value, Expr::Param(..)) {
            return;
        }
        self.facts.field_assigns.push(super::FieldAssign {
            ty,
            var,
            field: text(field, self.src).into(),
            value,
            func: Some(func),
        });
    }

    /// `subs[k].Field = value` on a local collection: kept for its reads.
    fn patch(&mut self, target: Node<'t>, field: &str, rhs: Node<'t>, func: u32, top: u32) {
        let (Some(coll), Some(index)) = (target.field("operand"), target.field("index")) else {
            return;
        };
        if coll.kind_str() != "identifier" {
            return;
        }
        let name = text(coll, self.src);
        let bound = |n: &str| {
            self.locals
                .get(&top)
                .is_some_and(|l| l.values.contains_key(n) || l.types.contains_key(n))
                || self
                    .facts
                    .funcs
                    .get(func as usize)
                    .is_some_and(|f| f.params.iter().any(|p| p.name == n))
        };
        if !self
            .locals
            .get(&top)
            .is_some_and(|l| l.values.contains_key(name))
        {
            return;
        }
        use super::patch::Key;
        let key = match index.kind_str() {
            "interpreted_string_literal" | "raw_string_literal" => {
                string_value(index, self.src).map_or(Key::Any, Key::Known)
            }
            "int_literal" => Key::Known(text(index, self.src).to_string()),
            // A constant's name, as a map literal keyed by it stores it.
            "identifier" if !bound(text(index, self.src)) => {
                Key::Known(text(index, self.src).to_string())
            }
            "selector_expression"
                if index
                    .field("operand")
                    .is_some_and(|o| o.kind_str() == "identifier" && !bound(text(o, self.src))) =>
            {
                Key::Known(text(index, self.src).to_string())
            }
            _ => Key::Any,
        };
        self.locals
            .entry(top)
            .or_default()
            .patches
            .entry(name.to_string())
            .or_default()
            .push((key, field.to_string(), rhs));
    }

    fn value_spec(&mut self, node: Node<'t>, is_const: bool) {
        let mut cursor = node.walk();
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        let values: Vec<Node<'t>> = node.field("value").map(named).unwrap_or_default();
        let ty = node.field("type").map(|t| text(t, self.src).to_string());
        let func = self.enclosing_func(node);
        for (i, name_node) in names.iter().enumerate() {
            let name = text(*name_node, self.src).to_string();
            let value = values.get(i).copied();
            if let Some(f) = func {
                let Some(top) = self.top_of(Some(f)) else {
                    continue;
                };
                let locals = self.locals.entry(top).or_default();
                if let Some(t) = &ty {
                    locals.types.insert(name.clone(), t.clone());
                } else if let Some(t) = value.and_then(|v| literal_type(v, self.src)) {
                    locals.types.insert(name.clone(), t);
                }
                let entry = locals.values.entry(name).or_default();
                if let Some(v) = value {
                    entry.push(LocalValue::Expr(v));
                }
                continue;
            }
            let value = value.map(|v| self.expr(v, None, 0));
            self.facts.values.push(ValueDef {
                name,
                value,
                ty: ty.clone(),
                is_const,
                span: span_of(*name_node),
            });
        }
    }

    fn call(&mut self, node: Node<'t>) {
        let has_args = node
            .field("arguments")
            .is_some_and(|a| a.named_child_count() > 0);
        let Some(function) = node.field("function") else {
            return;
        };
        let callee = text(function, self.src);
        // Calls without arguments are kept only when they may commit state
        // (`tx.Commit()`, `s.repo.Save()`), evidence of an operation (EC006).
        let commits = || {
            const COMMITS: &[&str] = &[
                "Commit", "Save", "Flush", "Apply", "Submit", "Approve", "Archive", "Cancel",
                "Confirm",
            ];
            let last = callee.rsplit('.').next().unwrap_or(callee);
            COMMITS.contains(&last)
        };
        if node.has_error() || !(has_args || commits()) {
            return;
        }
        if callee.len() > MAX_TEXT || function.kind_str() == "parenthesized_expression" {
            return;
        }
        let func = self.enclosing_func(node);
        let args = node
            .field("arguments")
            .map(named)
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.kind_str() != "comment")
            .map(|a| self.expr(a, func, 0))
            .collect();
        self.facts.calls.push(CallFact {
            // The callee is at most MAX_TEXT bytes long.
            last_at: u16::try_from(callee.rfind('.').map_or(0, |i| i + 1)).unwrap_or(0),
            callee: callee.into(),
            args,
            func,
            span: span_of(node),
            flow: self.flows.get(&node.id()).copied().unwrap_or_default(),
            recv_ty: self.receiver_type(function, func),
            prefix: self.group_prefix(function, func, 0).map(Box::new),
            deferred: node
                .parent()
                .is_some_and(|p| p.kind_str() == "defer_statement"),
        });
    }

    /// The path prefix of the router group a callee's receiver is (see
    /// [`CallFact::prefix`]), nested groups joined.
    fn group_prefix(&self, function: Node<'t>, func: Option<u32>, depth: u32) -> Option<Expr> {
        if depth > 4 {
            return None;
        }
        let operand = function.field("operand")?;
        if operand.kind_str() != "identifier" {
            return None;
        }
        let name = text(operand, self.src);
        // A parameter of a function literal given to `x.Route("/p", func(r) {...})`.
        if let Some(f) = func
            && let Some(lit) = self
                .func_nodes
                .get(f as usize)
                .filter(|n| n.kind_str() == "func_literal")
            && self
                .facts
                .funcs
                .get(f as usize)
                .is_some_and(|d| d.params.iter().any(|p| p.name == name))
        {
            let call = lit.parent().and_then(|a| a.parent())?;
            let callee = call.field("function")?;
            if call.kind_str() != "call_expression"
                || callee
                    .field("field")
                    .is_none_or(|f| text(f, self.src) != "Route")
            {
                return None;
            }
            let path = call.field("arguments").and_then(|a| a.named_child(0))?;
            let path = self.expr(path, self.enclosing_func(call), 1);
            let outer = self.group_prefix(callee, self.enclosing_func(call), depth + 1);
            return Some(join_prefix(outer, path));
        }
        // A local assigned once from `x.Group("/p", ...)` or `x.PathPrefix("/p").Subrouter()`.
        let locals = self.top_of(func).and_then(|t| self.locals.get(&t))?;
        let [LocalValue::Expr(value)] = locals.values.get(name)?.as_slice() else {
            return None;
        };
        if depth == 0
            && let Some(mounted) = self.mounted_prefix(function, name, func)
        {
            return Some(mounted);
        }
        let mut group = *value;
        // `.Subrouter()` of a `PathPrefix`.
        if let Some(f) = group.field("function")
            && f.field("field")
                .is_some_and(|n| text(n, self.src) == "Subrouter")
            && let Some(inner) = f.field("operand")
        {
            group = inner;
        }
        let callee = group
            .field("function")
            .filter(|_| group.kind_str() == "call_expression")?;
        let method = callee.field("field").map(|n| text(n, self.src))?;
        if !matches!(method, "Group" | "PathPrefix") {
            return None;
        }
        let path = group.field("arguments").and_then(|a| a.named_child(0))?;
        let path = self.expr(path, func, 1);
        let outer = self.group_prefix(callee, func, depth + 1);
        Some(join_prefix(outer, path))
    }

    /// `x.Mount("/p", sub)` of a local router in one function: the mounted
    /// path, kept for the routes registered on `sub`.
    fn mount(&mut self, node: Node<'t>) {
        let Some(callee) = node.field("function") else {
            return;
        };
        if callee
            .field("field")
            .is_none_or(|f| text(f, self.src) != "Mount")
        {
            return;
        }
        let args = node.field("arguments").map(named).unwrap_or_default();
        let [path, sub] = args.as_slice() else {
            return;
        };
        if sub.kind_str() != "identifier" {
            return;
        }
        let Some(top) = self.top_of(self.enclosing_func(node)) else {
            return;
        };
        self.mounts
            .entry((top, text(*sub, self.src).to_string()))
            .or_insert(*path);
    }

    /// The prefix of a route registered on the local router `name`: the path
    /// it is mounted at in this function (chi `r.Mount("/p", sub)`), or, when
    /// the function returns it, wherever the function's result is mounted.
    fn mounted_prefix(&self, function: Node<'t>, name: &str, func: Option<u32>) -> Option<Expr> {
        let method = function.field("field").map(|n| text(n, self.src))?;
        if !ROUTE_METHODS.contains(&method) {
            return None;
        }
        let top = self.top_of(func)?;
        if let Some(path) = self.mounts.get(&(top, name.to_string())) {
            let outer = self
                .enclosing_call_callee(*path)
                .and_then(|c| self.group_prefix(c, func, 1));
            return Some(join_prefix(outer, self.expr(*path, func, 1)));
        }
        let def = self.facts.funcs.get(top as usize)?;
        let node = self.func_nodes.get(top as usize)?;
        returns_ident(*node, name, self.src).then(|| Expr::Mounted(def.short_name.as_str().into()))
    }

    /// The callee of the call whose argument `arg` is.
    fn enclosing_call_callee(&self, arg: Node<'t>) -> Option<Node<'t>> {
        let call = arg.parent()?.parent()?;
        (call.kind_str() == "call_expression")
            .then(|| call.field("function"))
            .flatten()
    }

    /// The type of `x` in a callee `x.m`, when `x` is a typed local or parameter.
    fn receiver_type(&self, function: Node<'t>, func: Option<u32>) -> Option<Name> {
        let operand = function.field("operand")?;
        if operand.kind_str() != "identifier" {
            return None;
        }
        // A declared type wins over the values (`var set *sets.Set[string]`
        // assigned in the branches of a `switch`).
        if let Some(ty) = self
            .top_of(func)
            .and_then(|t| self.locals.get(&t))
            .and_then(|l| l.types.get(text(operand, self.src)))
        {
            return Some(ty.as_str().into());
        }
        match self.ident(operand, func, 0) {
            Expr::Param(_, _, ty) | Expr::Typed { ty, .. } if !ty.is_empty() => Some(ty),
            Expr::Composite(c) => Some(c.ty.as_str().into()),
            _ => None,
        }
    }

    /// Records what happens to the errors of the calls a block's statements
    /// make: one pass over the statements, no walking up the tree.
    fn block_flows(&mut self, block: Node<'t>) {
        let stmts = named(block);
        for (i, stmt) in stmts.iter().enumerate() {
            match stmt.kind_str() {
                "expression_statement" => {
                    if let Some(call) = stmt
                        .named_child(0)
                        .filter(|c| c.kind_str() == "call_expression")
                    {
                        self.flows.insert(call.id(), ErrorFlow::Ignored);
                    }
                }
                "return_statement" => {
                    for call in returned_calls(*stmt) {
                        self.flows.insert(call.id(), ErrorFlow::Returned);
                    }
                    self.record_return(*stmt);
                }
                "short_var_declaration" | "assignment_statement" => {
                    let Some((call, err)) = assigned_call(*stmt, self.src) else {
                        continue;
                    };
                    let flow = match err {
                        None => ErrorFlow::Ignored,
                        Some(err) => stmts
                            .iter()
                            .skip(i + 1)
                            .take(MAX_CHECK_DISTANCE)
                            .find_map(|s| match s.kind_str() {
                                "if_statement" => checked_flow(*s, err, self.src),
                                // `return errors.Join(err, perr)`, `return perr`
                                "return_statement" => Some(if mentions(text(*s, self.src), err) {
                                    ErrorFlow::Propagated
                                } else {
                                    ErrorFlow::Handled
                                }),
                                _ => None,
                            })
                            .unwrap_or(ErrorFlow::Handled),
                    };
                    self.flows.insert(call.id(), flow);
                }
                "if_statement" => {
                    // `if err := f(); err != nil { ... }`
                    if let Some(init) = stmt.field("initializer")
                        && let Some((call, Some(err))) = assigned_call(init, self.src)
                    {
                        let flow = checked_flow(*stmt, err, self.src).unwrap_or(ErrorFlow::Handled);
                        self.flows.insert(call.id(), flow);
                    }
                }
                _ => {}
            }
        }
    }

    /// What a declared function with one result (not an error) returns.
    fn record_return(&mut self, stmt: Node<'t>) {
        let Some(func) = self.enclosing_func(stmt) else {
            return;
        };
        let Some(node) = self.func_nodes.get(func as usize).copied() else {
            return;
        };
        if node.kind_str() == "func_literal" {
            return;
        }
        let single = node.field("result").is_some_and(|r| {
            let t = text(r, self.src);
            t != "error" && t != "bool" && !t.contains([',', '(', ' '])
        });
        if !single {
            return;
        }
        let single = |e: Node<'t>| {
            if e.kind_str() != "expression_list" {
                return Some(e);
            }
            match named(e).as_slice() {
                [one] => Some(*one),
                _ => None,
            }
        };
        let value = match stmt.named_child(0).and_then(single) {
            Some(e) => self.expr(e, Some(func), 0),
            None => Expr::Other(Name::default()),
        };
        let Some(def) = self.facts.funcs.get_mut(func as usize) else {
            return;
        };
        if def.returns.len() > MAX_ALTERNATIVES
            || matches!(def.returns.last(), Some(Expr::Other(_)))
        {
            return;
        }
        let value = if is_value(&value) && def.returns.len() < MAX_ALTERNATIVES {
            value
        } else {
            // One return the linker cannot name makes the result unknown.
            Expr::Other(Name::default())
        };
        if matches!(value, Expr::Other(_)) {
            def.returns.clear();
        }
        def.returns.push(value);
    }

    /// `flag.StringVar(&topic, "topic", "orders", "usage")`: `topic` takes the
    /// default, overridable by the flag.
    fn flag_var(&mut self, node: Node<'t>) {
        let Some(function) = node.field("function") else {
            return;
        };
        if !matches!(
            text(function, self.src),
            "flag.StringVar" | "pflag.StringVar"
        ) {
            return;
        }
        let args: Vec<Node<'t>> = node.field("arguments").map(named).unwrap_or_default();
        let (Some(target), Some(name), Some(default)) = (args.first(), args.get(1), args.get(2))
        else {
            return;
        };
        let Some(target) = target
            .field("operand")
            .filter(|_| target.kind_str() == "unary_expression")
        else {
            return;
        };
        let Some(name) = string_value(*name, self.src) else {
            return;
        };
        let func = self.enclosing_func(node);
        let value = Expr::Env {
            key: format_compact!("-{name}"),
            default: Some(Box::new(self.expr(*default, func, 0))),
        };
        let target_text = text(target, self.src);
        if target.kind_str() == "identifier" {
            let local = self
                .top_of(func)
                .and_then(|t| self.locals.get(&t))
                .is_some_and(|l| {
                    l.values.contains_key(target_text) || l.types.contains_key(target_text)
                });
            if !local {
                self.facts
                    .global_assigns
                    .push((target_text.to_string(), value, func));
            }
        }
    }

    /// `o.Status == StatusPaid`, `x.State != ...`: a status guard.
    fn compare(&mut self, node: Node<'t>) {
        let op = node.field("operator").map_or("", |o| text(o, self.src));
        if !matches!(op, "==" | "!=") {
            return;
        }
        let is_status = |side: Option<Node<'t>>| {
            side.filter(|n| n.kind_str() == "selector_expression")
                .and_then(|n| n.field("field"))
                .is_some_and(|f| {
                    let name = text(f, self.src).to_ascii_lowercase();
                    name.ends_with("status") || name.ends_with("state")
                })
        };
        if is_status(node.field("left")) || is_status(node.field("right")) {
            let func = self.enclosing_func(node);
            self.facts.guards.push(GuardFact {
                func,
                kind: "status".to_string(),
                text: short_text(node, self.src).into(),
                line: span_of(node).line,
            });
        }
    }

    /// `seen[evt.EventID]`: a set or map keyed by an event ID.
    fn index(&mut self, node: Node<'t>) {
        let Some(field) = node.field("index").and_then(|i| i.field("field")) else {
            return;
        };
        let name = text(field, self.src);
        if name.ends_with("ID") || name.ends_with("Id") {
            let func = self.enclosing_func(node);
            self.facts.guards.push(GuardFact {
                func,
                kind: "id-index".to_string(),
                text: short_text(node, self.src).into(),
                line: span_of(node).line,
            });
        }
    }

    fn composite_literal(&mut self, node: Node<'t>) {
        if node.has_error() {
            return;
        }
        let func = self.enclosing_func(node);
        let Expr::Composite(lit) = self.expr(node, func, 0) else {
            return;
        };
        let named_type = node
            .field("type")
            .is_some_and(|t| matches!(t.kind_str(), "type_identifier" | "qualified_type"));
        let is_slice = lit.ty.starts_with('[');
        if lit.field("topic").is_some() || (!is_slice && self.tagged_topic(&lit.ty)) {
            self.facts.topic_literals.push(TopicLiteral {
                func,
                literal: (*lit).clone(),
            });
        } else if let Some(Expr::Composite(first)) = lit.elements.first()
            && (first.field("topic").is_some() || self.tagged_topic(&lit.ty))
        {
            // `[]subscription{{Topic: ...}, ...}`: elements with the type elided.
            for e in &lit.elements {
                if let Expr::Composite(el) = e {
                    let mut el = (**el).clone();
                    if el.ty.is_empty() {
                        el.ty = lit.ty.trim_start_matches("[]").to_string();
                    }
                    self.facts
                        .topic_literals
                        .push(TopicLiteral { func, literal: el });
                }
            }
        }
        // `[]job{{Topic: "a"}, ...}`, `map[string]job{...}`: elements of a
        // named struct type with the type elided are literals of that type.
        let element_ty = lit
            .ty
            .strip_prefix("[]")
            .or_else(|| {
                lit.ty
                    .strip_prefix("map[")
                    .and_then(|r| r.split_once(']').map(|(_, v)| v))
            })
            .map(|t| t.trim_start_matches('*'))
            .filter(|t| t.starts_with(|c: char| c.is_alphabetic()) && !t.contains(['[', ' ']));
        if let Some(ty) = element_ty {
            let values = lit
                .elements
                .iter()
                .chain(lit.fields.iter().map(|(_, v, _)| v));
            for e in values {
                if let Expr::Composite(el) = e.peel()
                    && el.ty.is_empty()
                    && !el.fields.is_empty()
                {
                    let mut el = (**el).clone();
                    el.ty = ty.to_string();
                    self.facts
                        .struct_literals
                        .push(StructLiteral { func, literal: el });
                }
            }
        }
        if named_type && (!lit.fields.is_empty() || !lit.elements.is_empty()) {
            self.facts.struct_literals.push(StructLiteral {
                func,
                literal: *lit,
            });
        }
    }

    /// Whether `ty` (or its element type) is a struct of this file with a
    /// field tagged `json:"topic"`.
    fn tagged_topic(&self, ty: &str) -> bool {
        let base = ty.trim_start_matches("[]").trim_start_matches('*');
        !base.is_empty()
            && self.facts.types.iter().any(|t| {
                t.name == base
                    && t.fields.iter().any(|f| {
                        f.json
                            .as_deref()
                            .is_some_and(|j| j.eq_ignore_ascii_case("topic"))
                    })
            })
    }

    /// Converts an expression node, resolving what the file alone allows.
    fn expr(&self, node: Node<'t>, func: Option<u32>, depth: u32) -> Expr {
        if depth > MAX_DEPTH {
            return Expr::Other(short_text(node, self.src));
        }
        match node.kind_str() {
            "interpreted_string_literal" | "raw_string_literal" => string_value(node, self.src)
                .map_or_else(|| Expr::Other(Name::default()), |v| Expr::Str(v.into())),
            "parenthesized_expression" | "literal_element" => match node.named_child(0) {
                Some(inner) => self.expr(inner, func, depth + 1),
                None => Expr::Other(short_text(node, self.src)),
            },
            "identifier" => self.ident(node, func, depth),
            "selector_expression" => self.selector(node, func, depth),
            "binary_expression" => {
                let op = node.field("operator").map_or("", |o| text(o, self.src));
                let (Some(l), Some(r)) = (node.field("left"), node.field("right")) else {
                    return Expr::Other(short_text(node, self.src));
                };
                if op != "+" {
                    return Expr::Other(short_text(node, self.src));
                }
                let mut parts = Vec::new();
                for side in [l, r] {
                    match self.expr(side, func, depth + 1) {
                        Expr::Concat(p) => parts.extend(p),
                        e => parts.push(e),
                    }
                }
                Expr::Concat(parts)
            }
            "unary_expression" => {
                let op = node.field("operator").map_or("", |o| text(o, self.src));
                match (op, node.field("operand")) {
                    ("&", Some(inner)) => Expr::Addr(Box::new(self.expr(inner, func, depth + 1))),
                    // `*topic` of `topic := flag.String(...)`: the string it points to.
                    ("*", Some(inner)) => self.expr(inner, func, depth + 1),
                    _ => Expr::Other(short_text(node, self.src)),
                }
            }
            "index_expression" => match (node.field("operand"), node.field("index")) {
                (Some(of), Some(key)) => Expr::Index(
                    Box::new(self.expr(of, func, depth + 1)),
                    Box::new(self.expr(key, func, depth + 1)),
                ),
                _ => Expr::Other(short_text(node, self.src)),
            },
            "composite_literal" | "literal_value" => self.composite(node, func, depth),
            "func_literal" => self
                .func_nodes
                .iter()
                .position(|f| f.id() == node.id())
                .map_or_else(
                    || Expr::Other(short_text(node, self.src)),
                    |i| Expr::FuncLit(to_u32(i)),
                ),
            "call_expression" => self.call_expr(node, func, depth),
            "type_conversion_expression" => Expr::Typed {
                ty: node
                    .field("type")
                    .map(|t| Name::from(text(t, self.src)))
                    .unwrap_or_default(),
                text: short_text(node, self.src),
            },
            _ => Expr::Other(short_text(node, self.src)),
        }
    }

    fn composite(&self, node: Node<'t>, func: Option<u32>, depth: u32) -> Expr {
        let (ty, body) = if node.kind_str() == "composite_literal" {
            (
                node.field("type")
                    .map(|t| text(t, self.src).to_string())
                    .unwrap_or_default(),
                node.field("body"),
            )
        } else {
            (String::new(), Some(node))
        };
        let mut lit = Composite {
            ty,
            fields: Vec::new(),
            elements: Vec::new(),
            span: span_of(node),
        };
        let Some(body) = body else {
            return Expr::Composite(Box::new(lit));
        };
        for el in named(body) {
            match el.kind_str() {
                "keyed_element" => {
                    let key = el.field("key").or_else(|| el.named_child(0));
                    let value = el.field("value").or_else(|| el.named_child(1));
                    let (Some(k), Some(v)) = (key, value) else {
                        continue;
                    };
                    let k = k.named_child(0).unwrap_or(k);
                    let key =
                        string_value(k, self.src).unwrap_or_else(|| text(k, self.src).to_string());
                    lit.fields
                        .push((key, self.expr(v, func, depth + 1), span_of(el)));
                }
                "literal_element" | "literal_value" => {
                    lit.elements.push(self.expr(el, func, depth + 1));
                }
                _ => {}
            }
        }
        Expr::Composite(Box::new(lit))
    }

    fn call_expr(&self, node: Node<'t>, func: Option<u32>, depth: u32) -> Expr {
        let Some(function) = node.field("function") else {
            return Expr::Other(short_text(node, self.src));
        };
        let args: Vec<Node<'t>> = node.field("arguments").map(named).unwrap_or_default();
        let callee = text(function, self.src);
        let last = callee.rsplit('.').next().unwrap_or(callee);
        // `string(T)`: the value converted, resolved when linking.
        if callee == "string"
            && let [arg] = args.as_slice()
        {
            return Expr::Call {
                callee: callee.into(),
                args: vec![self.expr(*arg, func, depth + 1)],
                text: short_text(node, self.src),
            };
        }
        // Conversions such as `[]byte(x)`, `json.RawMessage(b)`.
        if !matches!(function.kind_str(), "identifier" | "selector_expression")
            || matches!(callee, "any" | "json.RawMessage")
        {
            return Expr::Typed {
                ty: callee.into(),
                text: short_text(node, self.src),
            };
        }
        // `fmt.Sprint(T)`: the value's text.
        if callee == "fmt.Sprint"
            && let [arg] = args.as_slice()
        {
            return Expr::Sprintf(
                Box::new(Expr::Str("%v".into())),
                vec![self.expr(*arg, func, depth + 1)],
            );
        }
        if callee == "fmt.Sprintf"
            && let Some(first) = args.first()
        {
            let format = self.expr(*first, func, depth + 1);
            let rest = args
                .iter()
                .skip(1)
                .map(|a| self.expr(*a, func, depth + 1))
                .collect();
            return Expr::Sprintf(Box::new(format), rest);
        }
        // Encoding and buffering keep the payload's identity: `json.Marshal(evt)`,
        // `bytes.NewBuffer(b)`, `strings.NewReader(s)`.
        if is_encoding_callee(callee)
            && let [arg] = args.as_slice()
        {
            return self.expr(*arg, func, depth + 1);
        }
        if matches!(callee, "os.Getenv" | "os.LookupEnv")
            && let Some(key) = args.first()
        {
            return Expr::Env {
                key: self.key_text(*key),
                default: None,
            };
        }
        // `getEnv("TOPIC", "orders")`, `helper.GetEnv(prefix+"_TOPIC", "orders")`.
        if is_env_helper(last)
            && args.len() == 2
            && let Some(key) = args.first()
            && let Some(default) = args.get(1)
        {
            let d = self.expr(*default, func, depth + 1);
            return Expr::Env {
                key: self.key_text(*key),
                default: Some(Box::new(d)),
            };
        }
        // `viper.GetString("topic")`, defaulted by `viper.SetDefault`.
        if is_setting_getter(callee)
            && let [key] = args.as_slice()
            && let Some(key) = string_value(*key, self.src)
        {
            return Expr::Setting(key.into());
        }
        // `flag.String("topic", "orders", "usage")`: the default, overridable by the flag.
        if matches!(callee, "flag.String" | "pflag.String" | "pflag.StringP")
            && let Some(name) = args.first().and_then(|a| string_value(*a, self.src))
            && let Some(default) = args.get(if last == "StringP" { 2 } else { 1 })
        {
            return Expr::Env {
                key: format_compact!("-{name}"),
                default: Some(Box::new(self.expr(*default, func, depth + 1))),
            };
        }
        if callee == "new"
            && let Some(t) = args.first()
        {
            return Expr::Typed {
                ty: format_compact!("*{}", text(*t, self.src)),
                text: short_text(node, self.src),
            };
        }
        // A call that may return one of a few values (`topicFor(kind)`,
        // `Topic("x")`, `k.String()`), resolved when linking. Calls with many
        // arguments compute their result; they stay unknown.
        if args.len() <= 2 && callee.len() <= MAX_CALLEE && depth <= MAX_VALUE_DEPTH {
            return Expr::Call {
                callee: callee.into(),
                args: args
                    .iter()
                    .map(|a| self.expr(*a, func, depth + 1))
                    .collect(),
                text: short_text(node, self.src),
            };
        }
        Expr::Other(short_text(node, self.src))
    }

    /// Whether a call can name a topic's value: a conversion, a format, an
    /// environment or configuration look-up, or a getter with few arguments.
    fn may_name_value(&self, call: Node<'t>) -> bool {
        let Some(function) = call.field("function") else {
            return false;
        };
        let callee = text(function, self.src);
        let last = callee.rsplit('.').next().unwrap_or(callee);
        let args = call.field("arguments").map_or(0, |a| a.named_child_count());
        matches!(callee, "string" | "fmt.Sprintf" | "fmt.Sprint" | "append")
            || is_env_helper(last)
            || is_setting_getter(callee)
            || (args <= 1 && !callee.contains('('))
    }

    /// The text of an environment key: the literal, or the expression as written.
    fn key_text(&self, key: Node<'t>) -> Name {
        string_value(key, self.src).map_or_else(|| short_text(key, self.src), Name::from)
    }

    fn ident(&self, node: Node<'t>, func: Option<u32>, depth: u32) -> Expr {
        let name = text(node, self.src);
        if let Some(f) = func.and_then(|f| self.facts.funcs.get(f as usize))
            && let Some(i) = f.params.iter().position(|p| p.name == name)
        {
            let ty = f.params.get(i).map(|p| p.ty.clone()).unwrap_or_default();
            return Expr::Param(u16::try_from(i).unwrap_or(u16::MAX), name.into(), ty);
        }
        // A parameter of an enclosing function: captured by a closure, unknown here.
        let mut up = func
            .and_then(|f| self.facts.funcs.get(f as usize))
            .and_then(|f| f.parent);
        while let Some(p) = up {
            let Some(pf) = self.facts.funcs.get(p as usize) else {
                break;
            };
            if let Some(p) = pf.params.iter().find(|x| x.name == name) {
                // Its type still names its fields (`options.BaseURL`).
                return match p.ty.as_str() {
                    "" => Expr::Other(name.into()),
                    ty => Expr::Typed {
                        ty: ty.into(),
                        text: name.into(),
                    },
                };
            }
            up = pf.parent;
        }
        let Some(locals) = self.top_of(func).and_then(|t| self.locals.get(&t)) else {
            return Expr::Ident(name.into());
        };
        let values = locals.values.get(name);
        let ty = locals.types.get(name);
        if values.is_none() && ty.is_none() {
            return Expr::Ident(name.into());
        }
        let typed = || match ty {
            Some(t) => Expr::Typed {
                ty: t.into(),
                text: name.into(),
            },
            None => Expr::Other(name.into()),
        };
        let values = values.map_or(&[][..], Vec::as_slice);
        if values.len() > MAX_ALTERNATIVES {
            return typed();
        }
        // Values that are calls, alternatives or collections are followed a
        // few locals deep only: each use copies the value, and chains of
        // locals built from calls of other locals grow exponentially.
        let shallow = depth <= MAX_VALUE_DEPTH;
        // A local assigned several times from calls that compute (`err = f(x)`)
        // is no topic: decided from the nodes, before converting each value
        // at every use.
        let computed = |v: &LocalValue<'t>| match v {
            LocalValue::Expr(n) => n.kind_str() == "call_expression" && !self.may_name_value(*n),
            LocalValue::Opaque => true,
            LocalValue::Range(..) => false,
        };
        if values.len() > 1
            && !matches!(values.first(), Some(LocalValue::Expr(n)) if is_env_call(*n, self.src))
            && values.iter().any(computed)
        {
            return typed();
        }
        let exprs: Vec<Expr> = values
            .iter()
            .map(|v| match v {
                LocalValue::Expr(n) if n.id() != node.id() && !contains(*n, node) => {
                    self.expr(*n, func, depth + 1)
                }
                LocalValue::Range(n, key) if !contains(*n, node) => Expr::Each {
                    of: Box::new(self.expr(*n, func, depth + 1)),
                    key: *key,
                },
                _ => Expr::Other(name.into()),
            })
            .collect();
        // Entries patched after the collection is built (`subs[k].Topic = x`).
        let exprs = match locals.patches.get(name) {
            Some(patches) => exprs
                .into_iter()
                .map(|e| {
                    patches.iter().fold(e, |e, (key, field, value)| {
                        // A patch that reads the collection (`subs[k].Topic =
                        // prefix + subs[k].Topic`) is not followed.
                        let v = if reads_ident(*value, name, self.src) {
                            Expr::Other(short_text(*value, self.src))
                        } else {
                            self.expr(*value, func, depth + 1)
                        };
                        super::patch::apply(e, key, field, &v)
                    })
                })
                .collect(),
            None => exprs,
        };
        let deep = |e: &Expr| {
            matches!(
                e,
                Expr::Call { .. }
                    | Expr::OneOf(_)
                    | Expr::Each { .. }
                    | Expr::Index(..)
                    | Expr::Field(..)
            )
        };
        if !shallow && exprs.iter().any(deep) {
            return typed();
        }
        // Each use copies the values: a chain of locals each assigned in
        // several branches from the previous one would grow exponentially.
        let mut budget = MAX_VALUE_NODES;
        if !exprs.iter().all(|e| e.fits(&mut budget)) {
            return typed();
        }
        // A reference inside the local's own assignment (`subs = append(subs,
        // x)`, `t = t + "."`): the value as it was, which a loop may have
        // changed any number of times. Never resolved; `append` reads it as
        // the list's other assignments.
        if values.iter().any(|v| match v {
            LocalValue::Expr(n) | LocalValue::Range(n, _) => contains(*n, node),
            LocalValue::Opaque => false,
        }) {
            return Expr::SelfRef(name.into());
        }
        match exprs.as_slice() {
            [one] if is_nameable(one) => one.clone(),
            // `v := os.Getenv("K"); if v == "" { v = "default" }`
            [Expr::Env { key, default: None }, d] if is_nameable(d) => Expr::Env {
                key: key.clone(),
                default: Some(Box::new(d.clone())),
            },
            // Assigned in the branches of a `switch` or an `if`.
            [_, _, ..] if exprs.iter().all(is_value) => Expr::OneOf(exprs),
            _ => typed(),
        }
    }

    fn selector(&self, node: Node<'t>, func: Option<u32>, depth: u32) -> Expr {
        let (Some(operand), Some(field)) = (node.field("operand"), node.field("field")) else {
            return Expr::Other(short_text(node, self.src));
        };
        let field = Name::from(text(field, self.src));
        if operand.kind_str() != "identifier" {
            return Expr::Other(short_text(node, self.src));
        }
        let qual = text(operand, self.src);
        // The receiver of the enclosing method (or of the method a closure sits in).
        let mut up = func;
        while let Some(f) = up {
            let Some(fd) = self.facts.funcs.get(f as usize) else {
                break;
            };
            if let Some(recv) = &fd.receiver {
                let recv_name = self
                    .func_nodes
                    .get(f as usize)
                    .and_then(|n| n.field("receiver"))
                    .and_then(first_param)
                    .and_then(|p| p.field("name"))
                    .map(|n| text(n, self.src));
                if recv_name == Some(qual) {
                    return Expr::RecvField {
                        ty: recv.into(),
                        field,
                        recv: qual.into(),
                    };
                }
            }
            up = fd.parent;
        }
        match self.ident(operand, func, depth + 1) {
            Expr::Ident(q) => Expr::Sel(q, field),
            Expr::Param(_, _, ty) | Expr::Typed { ty, .. } if !ty.is_empty() => Expr::Member {
                ty,
                name: field,
                text: short_text(node, self.src),
            },
            // A field the literal leaves out may be set later (`cfg.Topic = ...`).
            Expr::Composite(c) => c.field(&field).cloned().unwrap_or_else(|| Expr::Member {
                ty: c.ty.as_str().into(),
                name: field,
                text: short_text(node, self.src),
            }),
            Expr::Addr(inner) => match *inner {
                Expr::Composite(c) => c.field(&field).cloned().unwrap_or_else(|| Expr::Member {
                    ty: c.ty.as_str().into(),
                    name: field,
                    text: short_text(node, self.src),
                }),
                _ => Expr::Other(short_text(node, self.src)),
            },
            // `s.Topic` of a range variable, `cfg.Topic` of `cfg := load()`.
            e @ (Expr::Each { .. } | Expr::Call { .. } | Expr::OneOf(_) | Expr::Index(..)) => {
                Expr::Field(Box::new(e), field)
            }
            _ => Expr::Other(short_text(node, self.src)),
        }
    }
}

/// An outer group's prefix followed by an inner path.
/// Methods that register a route on a router (the linker's route shapes).
pub(crate) const ROUTE_METHODS: &[&str] = &[
    "HandleFunc",
    "Handle",
    "POST",
    "Post",
    "PUT",
    "Put",
    "GET",
    "Get",
    "Any",
    "Method",
    "MethodFunc",
    "HandlerFunc",
    "Handler",
    "Add",
];

fn join_prefix(outer: Option<Expr>, path: Expr) -> Expr {
    match outer {
        Some(Expr::Concat(mut parts)) => {
            parts.push(path);
            Expr::Concat(parts)
        }
        Some(o) => Expr::Concat(vec![o, path]),
        None => path,
    }
}

/// Whether a local's value is worth substituting (otherwise its type is used).
fn is_nameable(e: &Expr) -> bool {
    !matches!(e, Expr::Other(_))
}

/// Whether an alternative of a local assigned in several places can name a
/// value: not an unknown expression, not a struct or function value.
fn is_value(e: &Expr) -> bool {
    !matches!(
        e,
        Expr::Other(_) | Expr::Typed { .. } | Expr::FuncLit(_) | Expr::Param(..)
    )
}

/// Whether the function `func` has a `return name` (not inside a closure).
fn returns_ident(func: Node<'_>, name: &str, src: &str) -> bool {
    fn walk(n: Node<'_>, name: &str, src: &str) -> bool {
        let mut cursor = n.walk();
        let children: Vec<Node<'_>> = n.named_children(&mut cursor).collect();
        children.into_iter().any(|c| match c.kind_str() {
            "func_literal" => false,
            "return_statement" => c
                .named_child(0)
                .and_then(|l| {
                    if l.kind_str() == "expression_list" {
                        l.named_child(0)
                    } else {
                        Some(l)
                    }
                })
                .is_some_and(|v| v.kind_str() == "identifier" && text(v, src) == name),
            _ => walk(c, name, src),
        })
    }
    func.field("body").is_some_and(|b| walk(b, name, src))
}

/// Whether `node` reads the identifier `name` anywhere inside.
fn reads_ident(node: Node<'_>, name: &str, src: &str) -> bool {
    if node.kind_str() == "identifier" {
        return text(node, src) == name;
    }
    let mut cursor = node.walk();
    let children: Vec<Node<'_>> = node.named_children(&mut cursor).collect();
    children.into_iter().any(|c| reads_ident(c, name, src))
}

fn contains(outer: Node<'_>, inner: Node<'_>) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

fn named(node: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = node.walk();
    node.named_children(&mut cursor).collect()
}

fn first_param(list: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = list.walk();
    list.named_children(&mut cursor)
        .find(|n| n.kind_str() == "parameter_declaration")
}

/// How deep calls, alternatives and collections are kept inside an
/// expression (see [`Builder::ident`]).
const MAX_VALUE_DEPTH: u32 = 6;

/// How many expression nodes a local's values may hold when substituted at
/// a use (see [`Builder::ident`]).
const MAX_VALUE_NODES: usize = 512;

/// Longest callee kept as a [`Expr::Call`].
const MAX_CALLEE: usize = 48;

/// `viper.GetString`, `v.GetString`, `cfg.GetString` (a viper instance).
fn is_setting_getter(callee: &str) -> bool {
    callee == "viper.GetString" || callee.ends_with(".GetString") && callee.contains("iper")
}

/// `getEnv`, `GetEnvOrDefault`, `envOr`, ... (`*[Ee]nv*`).
fn is_env_helper(name: &str) -> bool {
    name.contains("env") || name.contains("Env")
}

fn is_env_call(node: Node<'_>, src: &str) -> bool {
    node.kind_str() == "call_expression"
        && node
            .field("function")
            .is_some_and(|f| matches!(text(f, src), "os.LookupEnv" | "os.Getenv"))
}

fn is_encoding_callee(callee: &str) -> bool {
    matches!(
        callee,
        "json.Marshal" | "bytes.NewBuffer" | "bytes.NewReader" | "strings.NewReader"
    )
}

fn is_encoding_call(node: Node<'_>, src: &str) -> bool {
    node.kind_str() == "call_expression"
        && node
            .field("function")
            .is_some_and(|f| is_encoding_callee(text(f, src)))
}

/// The type of `T{...}`, `&T{...}` or `new(T)`.
fn literal_type(node: Node<'_>, src: &str) -> Option<String> {
    match node.kind_str() {
        "composite_literal" => node.field("type").map(|t| text(t, src).to_string()),
        "unary_expression" => node
            .field("operand")
            .and_then(|o| literal_type(o, src))
            .map(|t| format!("*{t}")),
        "call_expression"
            if node
                .field("function")
                .is_some_and(|f| text(f, src) == "new") =>
        {
            node.field("arguments")
                .and_then(|a| a.named_child(0))
                .map(|t| format!("*{}", text(t, src)))
        }
        _ => None,
    }
}

/// The value of `key:"value"` in a struct tag (the key standing alone).
fn tag_value(tag: &str, key: &str) -> Option<String> {
    let mut rest = tag;
    while let Some(at) = rest.find(key) {
        let before = rest.get(..at).and_then(|s| s.chars().next_back());
        let after = rest.get(at + key.len()..)?;
        if before.is_none_or(char::is_whitespace)
            && let Some(value) = after.strip_prefix(":\"")
        {
            let end = value.find('"')?;
            return value.get(..end).map(str::to_string);
        }
        rest = after;
    }
    None
}

/// The name part of a `json:"name,omitempty"` tag.
fn json_tag(tag: &str) -> Option<String> {
    let start = tag.find("json:\"")? + 6;
    let rest = tag.get(start..)?;
    let end = rest.find('"')?;
    let value = rest.get(..end)?;
    let name = value.split(',').next().unwrap_or("");
    Some(name.to_string())
}

/// How many statements after an assignment are searched for its error check.
const MAX_CHECK_DISTANCE: usize = 8;

/// How many nodes of an `if err != nil` block are searched for what it does
/// with the error. Checks nest, and each searches its whole block: unbounded,
/// N nested checks took O(N²). The search starts from the block's last
/// statement, where the `return` usually is.
const MAX_CHECK_NODES: usize = 2_000;

/// Calls whose error a `return` hands back: `return f()`, `return nil, f()`,
/// `return fmt.Errorf("...: %w", f())`.
fn returned_calls(stmt: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let Some(list) = stmt.named_child(0) else {
        return out;
    };
    let exprs = if list.kind_str() == "expression_list" {
        named(list)
    } else {
        vec![list]
    };
    for e in exprs {
        let e = unparen(e);
        if e.kind_str() != "call_expression" {
            continue;
        }
        out.push(e);
        // One level of wrapping: `fmt.Errorf("...", f())`, `errors.Join(a, f())`.
        if let Some(args) = e.field("arguments") {
            out.extend(
                named(args)
                    .into_iter()
                    .map(unparen)
                    .filter(|a| a.kind_str() == "call_expression"),
            );
        }
    }
    out
}

fn unparen(mut n: Node<'_>) -> Node<'_> {
    while n.kind_str() == "parenthesized_expression" {
        match n.named_child(0) {
            Some(inner) => n = inner,
            None => break,
        }
    }
    n
}

/// For `a, err := f()`: the call and the variable holding its error (`None`
/// when the result is dropped into `_`).
fn assigned_call<'t, 's>(stmt: Node<'t>, src: &'s str) -> Option<(Node<'t>, Option<&'s str>)> {
    let right = stmt.field("right")?;
    let values = named(right);
    let [value] = values.as_slice() else {
        return None;
    };
    let call = unparen(*value);
    if call.kind_str() != "call_expression" {
        return None;
    }
    let left = stmt.field("left")?;
    let vars: Vec<&str> = named(left)
        .into_iter()
        .filter(|n| n.kind_str() == "identifier")
        .map(|n| text(n, src))
        .filter(|n| *n != "_")
        .collect();
    let err = vars
        .iter()
        .rev()
        .find(|v| v.ends_with("err") || v.ends_with("Err"))
        .or(vars.last())
        .copied();
    Some((call, err))
}

/// For `if <err> != nil { ... }`: what the block does with the error.
fn checked_flow(if_stmt: Node<'_>, err: &str, src: &str) -> Option<ErrorFlow> {
    let cond = if_stmt.field("condition")?;
    let c = text(cond, src);
    if !(c.contains("!= nil") && mentions(c, err)) {
        return None;
    }
    let block = if_stmt.field("consequence")?;
    let mut flow = ErrorFlow::Handled;
    let mut stack = vec![block];
    let mut budget = MAX_CHECK_NODES;
    while let Some(n) = stack.pop() {
        if budget == 0 {
            break;
        }
        budget -= 1;
        match n.kind_str() {
            "return_statement" if mentions(text(n, src), err) => {
                return Some(ErrorFlow::Propagated);
            }
            // A bare `return` of a function whose named result is the error.
            "return_statement" if n.named_child_count() == 0 && named_result(if_stmt, err, src) => {
                return Some(ErrorFlow::Propagated);
            }
            "call_expression" => {
                let callee = n.field("function").map_or("", |f| text(f, src));
                let last = callee.rsplit('.').next().unwrap_or(callee);
                if callee == "panic" {
                    flow = ErrorFlow::Panics;
                } else if last.starts_with("Fatal") || callee == "os.Exit" {
                    flow = ErrorFlow::Fatal;
                } else if flow == ErrorFlow::Handled && answers_5xx(n, last, src) {
                    flow = ErrorFlow::Answers5xx;
                }
            }
            // Nested functions run later, not in this check.
            "func_literal" => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    Some(flow)
}

/// Whether the function around `node` names `err` among its results
/// (`func f() (out *T, err error)`).
fn named_result(node: Node<'_>, err: &str, src: &str) -> bool {
    let mut cur = node.parent();
    while let Some(n) = cur {
        if matches!(
            n.kind_str(),
            "function_declaration" | "method_declaration" | "func_literal"
        ) {
            return n.field("result").is_some_and(|r| {
                r.kind_str() == "parameter_list"
                    && named(r).iter().any(|d| {
                        let mut c = d.walk();
                        let names: Vec<Node<'_>> =
                            d.children_by_field_name("name", &mut c).collect();
                        names.iter().any(|name| text(*name, src) == err)
                    })
            });
        }
        cur = n.parent();
    }
    false
}

/// Whether a call answers an HTTP request with a server error: `http.Error(w,
/// msg, 500)`, `w.WriteHeader(http.StatusInternalServerError)`, gin's and
/// echo's `c.JSON(500, ...)`, `c.String`, `c.Status`, `c.AbortWithStatus*`,
/// `c.AbortWithError`, `c.NoContent`.
fn answers_5xx(call: Node<'_>, last: &str, src: &str) -> bool {
    const ANSWERS: &[&str] = &[
        "Error",
        "WriteHeader",
        "JSON",
        "IndentedJSON",
        "String",
        "Status",
        "AbortWithStatus",
        "AbortWithStatusJSON",
        "AbortWithError",
        "NoContent",
        "Blob",
    ];
    if !ANSWERS.contains(&last) {
        return false;
    }
    let args = call.field("arguments").map(named).unwrap_or_default();
    // The status is the first argument, or the third of `http.Error`.
    let status = if last == "Error" {
        args.get(2)
    } else {
        args.first()
    };
    status.is_some_and(|a| is_5xx(text(*a, src)))
}

/// `500`..`599` or `http.Status...` of a server error.
fn is_5xx(status: &str) -> bool {
    const SERVER_ERRORS: &[&str] = &[
        "StatusInternalServerError",
        "StatusNotImplemented",
        "StatusBadGateway",
        "StatusServiceUnavailable",
        "StatusGatewayTimeout",
        "StatusInsufficientStorage",
    ];
    let status = status.trim();
    if let Ok(n) = status.parse::<u16>() {
        return (500..600).contains(&n);
    }
    status
        .rsplit('.')
        .next()
        .is_some_and(|name| SERVER_ERRORS.contains(&name))
}

/// Whether `text` uses the identifier `name` (not as part of a longer name).
fn mentions(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(i, _)| {
        let before = text.get(..i).and_then(|s| s.chars().next_back());
        let after = text.get(i + name.len()..).and_then(|s| s.chars().next());
        let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
        !ident(before) && !ident(after)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(src: &str) -> GoFacts {
        let ex = GoExtractor::new().expect("extractor");
        let mut parser = ex.parser().expect("parser");
        ex.extract(&mut parser, src.as_bytes()).0
    }

    fn flow_of(f: &GoFacts, callee: &str) -> ErrorFlow {
        f.calls
            .iter()
            .find(|c| c.callee == callee)
            .map(|c| c.flow)
            .unwrap_or_else(|| panic!("no call {callee}"))
    }

    #[test]
    fn error_flows() {
        let f = facts(
            r#"package p

func a() error { return c.Returned(x) }
func b() error { return fmt.Errorf("wrap: %w", c.Wrapped(x)) }
func d() (int, error) {
	err := c.Propagated(x)
	if err != nil {
		return 0, fmt.Errorf("d: %w", err)
	}
	return 1, nil
}
func e() {
	if err := c.Panics(x); err != nil {
		panic(err)
	}
}
func g() {
	if err := c.Fatal(x); err != nil {
		log.Fatalf("g: %v", err)
	}
}
func h() error {
	if err := c.Logged(x); err != nil {
		log.Printf("h: %v", err)
	}
	return nil
}
func i() { c.Ignored(x) }
func j() error {
	res, err := c.Later(x)
	use(res)
	if err != nil {
		return err
	}
	return nil
}
func k() { _ = c.Blank(x) }
"#,
        );
        assert_eq!(flow_of(&f, "c.Returned"), ErrorFlow::Returned);
        assert_eq!(flow_of(&f, "c.Wrapped"), ErrorFlow::Returned);
        assert_eq!(flow_of(&f, "c.Propagated"), ErrorFlow::Propagated);
        assert_eq!(flow_of(&f, "c.Panics"), ErrorFlow::Panics);
        assert_eq!(flow_of(&f, "c.Fatal"), ErrorFlow::Fatal);
        assert_eq!(flow_of(&f, "c.Logged"), ErrorFlow::Handled);
        assert_eq!(flow_of(&f, "c.Ignored"), ErrorFlow::Ignored);
        assert_eq!(flow_of(&f, "c.Later"), ErrorFlow::Propagated);
        assert_eq!(flow_of(&f, "c.Blank"), ErrorFlow::Ignored);
    }

    /// A generated hostile input: N nested `if err := f(); err !=
    /// nil {` checks each searched the whole block inside, O(N²) (8 s for
    /// 5,000 levels in a release build). Each search now has a budget.
    #[test]
    fn nested_error_checks_are_searched_within_a_budget() {
        let depth = 1_000;
        let src = format!(
            "package p\n\nfunc f() error {{\n{}return err\n{}return nil\n}}\n",
            "if err := c.Publish(x); err != nil {\n".repeat(depth),
            "}\n".repeat(depth),
        );
        let f = facts(&src);
        let flows: Vec<ErrorFlow> = (f.calls.iter())
            .filter(|c| c.callee == "c.Publish")
            .map(|c| c.flow)
            .collect();
        assert_eq!(flows.len(), depth);
        // The innermost check returns its own error; the outermost stop
        // searching (the `return err` deep inside is another `err` anyway).
        assert_eq!(flows.last(), Some(&ErrorFlow::Propagated));
        assert_eq!(flows.first(), Some(&ErrorFlow::Handled));
    }

    #[test]
    fn guards() {
        let f = facts(
            "package p\n\nfunc h(e Event) {\n\tif o.Status == StatusPaid {\n\t\treturn\n\t}\n\tif seen[e.EventID] {\n\t\treturn\n\t}\n}\n",
        );
        let kinds: Vec<&str> = f.guards.iter().map(|g| g.kind.as_str()).collect();
        assert_eq!(kinds, ["status", "id-index"]);
    }
}
