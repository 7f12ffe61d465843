//! Values one step further than constants: expressions that take one of a
//! few values (locals assigned in branches, functions returning one of
//! several constants, map look-ups, collections walked by loops, fields
//! filled by constructors or tags, parameters filled by every caller), and
//! configuration look-ups with defaults set elsewhere.
//!
//! Every set is bounded by [`MAX_ALTERNATIVES`]: a larger one is unknown,
//! and the site stays dynamic.

use crate::extract::go::MAX_ALTERNATIVES;
use crate::extract::{CallFact, Composite, Expr, Facts};

use super::Resolved;
use super::resolve::{Index, MAX_DEPTH};

/// A piece of a `fmt.Sprintf` format: literal text, or a verb standing for
/// the next argument (flags and width skipped; `%%` is text).
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum FormatPiece {
    Text(String),
    /// A verb, and whether it is plain (no flags, width, precision or
    /// argument index: `%s`, not `%04d`, `%[2]s` or `%*d`).
    Verb(char, bool),
}

/// Splits a format into text and verbs.
pub(crate) fn format_pieces(format: &str) -> Vec<FormatPiece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = format.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            text.push(c);
            continue;
        }
        let mut plain = true;
        while chars
            .peek()
            .is_some_and(|c| !c.is_ascii_alphabetic() && *c != '%')
        {
            plain = false;
            chars.next();
        }
        match chars.next() {
            Some('%') if plain => text.push('%'),
            Some(verb) => {
                if !text.is_empty() {
                    out.push(FormatPiece::Text(std::mem::take(&mut text)));
                }
                out.push(FormatPiece::Verb(verb, plain));
            }
            None => {}
        }
    }
    if !text.is_empty() {
        out.push(FormatPiece::Text(text));
    }
    out
}

/// The values a resolved expression stands for.
pub(crate) fn values_of(r: &Resolved) -> Vec<String> {
    if r.alternatives.is_empty() {
        r.value.iter().cloned().collect()
    } else {
        r.alternatives.clone()
    }
}

/// `prefixes` followed by each value of `r`, when the product stays bounded.
pub(crate) fn product(prefixes: &[String], r: &Resolved) -> Option<Vec<String>> {
    let values = values_of(r);
    if values.is_empty() || prefixes.len() * values.len() > MAX_ALTERNATIVES {
        return None;
    }
    let mut out = Vec::with_capacity(prefixes.len() * values.len());
    for p in prefixes {
        for v in &values {
            out.push(format!("{p}{v}"));
        }
    }
    Some(out)
}

/// A resolution holding `values` (one value, or alternatives).
pub(crate) fn from_values(mut values: Vec<String>, env: Option<String>) -> Option<Resolved> {
    values.sort();
    values.dedup();
    if values.is_empty() || values.len() > MAX_ALTERNATIVES {
        return None;
    }
    let value = values.first().cloned();
    Some(Resolved {
        value,
        alternatives: if values.len() > 1 { values } else { Vec::new() },
        env,
        ..Resolved::default()
    })
}

/// One of several resolutions. A single distinct value keeps its constant
/// and environment variable; several keep what they share.
pub(crate) fn merge(rs: Vec<Resolved>) -> Option<Resolved> {
    let first = rs.first()?.clone();
    let mut values: Vec<String> = rs.iter().flat_map(values_of).collect();
    values.sort();
    values.dedup();
    if values.len() == 1 && rs.iter().all(|r| r.constant == first.constant) {
        return Some(first);
    }
    let env = first
        .env
        .clone()
        .filter(|e| rs.iter().all(|r| r.env.as_ref() == Some(e)));
    from_values(values, env)
}

/// A site's resolution: empty values are no topic (a branch that leaves it
/// unset); a single remaining alternative is the value.
pub(crate) fn settle(r: &mut Resolved) {
    r.alternatives.retain(|a| !a.is_empty());
    match r.alternatives.len() {
        0 => {}
        1 => r.value = r.alternatives.pop(),
        _ => r.value = r.alternatives.first().cloned(),
    }
}

/// One entry of a collection literal: its key (for maps) and value.
pub(crate) struct Entry<'e> {
    pub key: Option<&'e str>,
    pub value: &'e Expr,
    pub file: u32,
}

impl<'a> Index<'a> {
    /// The prefix of routes on a router the function `func` returns: the path
    /// of the one `x.Mount(path, func())` that mounts it (with that call's own
    /// group prefix), or none when it is mounted nowhere, or ambiguously.
    pub(crate) fn resolve_mounted(&self, func: &str, file: u32, depth: u32) -> Option<Resolved> {
        self.demand_text(".Mount(");
        let pkg = self.file_pkg.get(file as usize).copied().flatten();
        let mut paths: Vec<String> = Vec::new();
        {
            for &(mfile, call) in self.calls_named("Mount") {
                let mi = mfile as usize;
                let [path, Expr::Call { callee, .. }, ..] = call.args.as_slice() else {
                    continue;
                };
                let (qual, name) = match callee.rsplit_once('.') {
                    Some((q, n)) => (Some(q), n),
                    None => (None, callee.as_str()),
                };
                if name != func {
                    continue;
                }
                // A function of another package is not this one.
                let same_pkg = match qual {
                    None => self.file_pkg.get(mi).copied().flatten() == pkg,
                    Some(q) => self.qualifier_pkg(mfile, q).is_none_or(|p| Some(p) == pkg),
                };
                if !same_pkg {
                    continue;
                }
                let mut p = self.resolve_at(path, mfile, depth + 1)?.value?;
                if let Some(outer) = call.prefix.as_deref() {
                    let o = self.resolve_at(outer, mfile, depth + 1)?.value?;
                    p = format!("{}/{}", o.trim_end_matches('/'), p.trim_start_matches('/'));
                }
                paths.push(p);
            }
        }
        paths.sort();
        paths.dedup();
        match paths.as_slice() {
            [one] => Some(Resolved::known(one.clone())),
            // Served as it is, or mounted at several paths: no prefix, as
            // the routes are written.
            _ => Some(Resolved::known(String::new())),
        }
    }

    /// Resolves `expr` seen in `file`, inside the function `func`: a
    /// parameter of a declared function takes the values its callers pass.
    pub(crate) fn resolve_in(
        &self,
        expr: &Expr,
        file: u32,
        func: Option<u32>,
        depth: u32,
    ) -> Option<Resolved> {
        match (expr, func) {
            (Expr::Param(i, _, _), Some(f)) => self.resolve_param(file, f, usize::from(*i), depth),
            _ => self.resolve_at(expr, file, depth),
        }
    }

    /// The `i`-th parameter of the function `func` of `file`: every call of it
    /// in the repository passes a resolvable value.
    fn resolve_param(&self, file: u32, func: u32, i: usize, depth: u32) -> Option<Resolved> {
        merge(self.param_values(file, func, i, depth)?)
    }

    /// The values every call of the function `func` passes as its `i`-th
    /// argument: none when nothing in the repository calls it; unknown
    /// (`None`) when one passes what cannot be resolved.
    pub(crate) fn param_values(
        &self,
        file: u32,
        func: u32,
        i: usize,
        depth: u32,
    ) -> Option<Vec<Resolved>> {
        if depth > MAX_DEPTH {
            return None;
        }
        let def = self.go(file)?.funcs.get(func as usize)?;
        if def.short_name.is_empty() || def.parent.is_some() {
            return None;
        }
        let pkg = self.file_pkg.get(file as usize).copied().flatten();
        self.demand_callers(def, pkg);
        let arity = def.params.len();
        let unique_method =
            def.receiver.is_some() && self.methods_named(&def.short_name, arity) == 1;
        let callers = self.calls_named(&def.short_name);
        let mut found = Vec::new();
        for (cf, call) in callers {
            if call.args.len() != arity {
                continue;
            }
            // A plain function is called by its name in its package, or
            // qualified from another; a method by its name.
            let reaches = match call.qualifier() {
                None => {
                    def.receiver.is_none()
                        && self.file_pkg.get(*cf as usize).copied().flatten() == pkg
                }
                Some(q) if def.receiver.is_none() => self.call_pkg(*cf, q) == pkg && pkg.is_some(),
                // A method by name: its receiver's type when known, else the
                // only method of that name and arity in the repository.
                Some(_) => match (&call.recv_ty, &def.receiver) {
                    (Some(t), Some(r)) => {
                        t.trim_start_matches('*').rsplit('.').next() == Some(r.as_str())
                    }
                    _ => unique_method,
                },
            };
            if !reaches {
                continue;
            }
            let arg = call.args.get(i)?;
            let r = self.resolve_at(arg, *cf, depth + 1)?;
            found.push(r);
            if found.len() > MAX_ALTERNATIVES {
                return None;
            }
        }
        Some(found)
    }

    /// Asks for the files that may call the function `def` of package `pkg`:
    /// its package, and calls written `pkg.Name(` (an exported function) or
    /// `.Name(` (a method). The bare word would ask for every file using a
    /// name like `New` or `publish`. A caller importing the package under
    /// another name, in a file not otherwise parsed, is not found.
    pub(crate) fn demand_callers(&self, def: &crate::extract::FuncDef, pkg: Option<u32>) {
        let name = &def.short_name;
        if def.receiver.is_some() {
            self.demand_text(&format!(".{name}("));
            return;
        }
        let Some(p) = pkg else { return };
        self.demand_package(p);
        if name.starts_with(|c: char| c.is_uppercase())
            && let Some(pkg_name) = self.packages.get(p as usize).map(|p| p.name.as_str())
        {
            self.demand_text(&format!("{pkg_name}.{name}("));
        }
    }

    /// Calls whose callee's last name is `name`.
    pub(crate) fn calls_named(&self, name: &str) -> &[(u32, &'a CallFact)] {
        let map = self.calls_by_name.get_or_init(|| {
            let mut map: rustc_hash::FxHashMap<&'a str, Vec<(u32, &'a CallFact)>> =
                rustc_hash::FxHashMap::default();
            for (fi, f) in self.files.iter().enumerate() {
                let Facts::Go(g) = &f.facts else { continue };
                let fi = u32::try_from(fi).unwrap_or(u32::MAX);
                for c in &g.calls {
                    map.entry(c.last_name()).or_default().push((fi, c));
                }
            }
            map
        });
        map.get(name).map_or(&[][..], Vec::as_slice)
    }

    /// `fmt.Sprintf(format, args...)` with every part known.
    pub(crate) fn resolve_sprintf(
        &self,
        format: &Expr,
        args: &[Expr],
        file: u32,
        depth: u32,
    ) -> Option<Resolved> {
        let format = self.resolve_at(format, file, depth + 1)?.value?;
        let mut values = vec![String::new()];
        let mut args = args.iter();
        let mut env = None;
        for piece in format_pieces(&format) {
            match piece {
                FormatPiece::Text(t) => values = values.into_iter().map(|v| v + &t).collect(),
                FormatPiece::Verb(verb @ ('s' | 'v' | 'd'), true) => {
                    let arg = args.next()?;
                    // A number literal prints as written under `%d` and `%v`.
                    if let Expr::Other(n) = arg
                        && !n.is_empty()
                        && n.chars().all(|c| c.is_ascii_digit())
                        && verb != 's'
                    {
                        values = values.into_iter().map(|v| v + n).collect();
                        continue;
                    }
                    // A string under `%s` or `%v` only (`%d` of a string prints an error).
                    if verb == 'd' {
                        return None;
                    }
                    let r = self.resolve_at(arg, file, depth + 1)?;
                    env = env.or(r.env.clone());
                    values = product(&values, &r)?;
                }
                // Quoting, padding, reordering: not followed.
                FormatPiece::Verb(..) => return None,
            }
        }
        from_values(values, env)
    }

    /// One of several expressions, each in its own file, resolved as a site's
    /// topic (alternatives, empty values dropped).
    pub(crate) fn resolve_one_of_at(&self, alts: &[(&Expr, u32)]) -> Option<Resolved> {
        let text = alts
            .iter()
            .map(|(e, _)| e.text())
            .collect::<Vec<_>>()
            .join(" | ");
        let mut r = self.resolve_one_of(alts.iter().map(|(e, f)| (*e, *f)), 0)?;
        settle(&mut r);
        r.text = text;
        Some(r)
    }

    /// One of several expressions, each seen in its own file.
    pub(crate) fn resolve_one_of<'e>(
        &self,
        alts: impl Iterator<Item = (&'e Expr, u32)>,
        depth: u32,
    ) -> Option<Resolved> {
        let mut out = Vec::new();
        for (e, f) in alts {
            out.push(self.resolve_at(e, f, depth + 1)?);
            if out.len() > MAX_ALTERNATIVES {
                return None;
            }
        }
        merge(out)
    }

    /// A call: a conversion (`string(T)`, `Topic("x")`), a function returning
    /// one of a few values, or the `String()` method of a constant.
    pub(crate) fn resolve_call(
        &self,
        callee: &str,
        args: &[Expr],
        file: u32,
        depth: u32,
    ) -> Option<Resolved> {
        if depth > MAX_DEPTH {
            return None;
        }
        if callee == "string" {
            return self.resolve_at(args.first()?, file, depth + 1);
        }

        let (qual, name) = match callee.rsplit_once('.') {
            Some((q, n)) => (Some(q), n),
            None => (None, callee),
        };
        let pkg = match qual {
            None => self.file_pkg.get(file as usize).copied().flatten(),
            Some(q) if !q.contains('.') && self.is_import_name(file, q) => {
                self.qualifier_pkg(file, q)
            }
            Some(q) => return self.resolve_method_call(q, name, args, file, depth),
        };
        let Some(pkg) = pkg else {
            // `k.String()` of a local or package-level constant `k`.
            return qual.and_then(|q| self.resolve_method_call(q, name, args, file, depth));
        };
        // A conversion to a named string type: `Topic("x")`.
        if let Some(t) = self.types.get(&(pkg, name))
            && let [arg] = args
        {
            let underlying = self.type_def(*t).map(|d| d.underlying.as_str());
            return (underlying == Some("string"))
                .then(|| self.resolve_at(arg, file, depth + 1))
                .flatten();
        }
        let fref = self.unique_func(pkg, name)?;
        let def = self.func(fref)?;
        if def.returns.is_empty() {
            return None;
        }
        self.resolve_one_of(def.returns.iter().map(|e| (e, fref.file)), depth)
    }

    /// `x.String()` where `x` is a constant of a named type: the method's
    /// returns, or the constant's own value for a string type whose method
    /// hands it back.
    fn resolve_method_call(
        &self,
        recv: &str,
        name: &str,
        args: &[Expr],
        file: u32,
        depth: u32,
    ) -> Option<Resolved> {
        if name != "String" || !args.is_empty() {
            return None;
        }
        let recv_expr = match recv.split_once('.') {
            Some((q, n)) if !n.contains('.') => Expr::Sel(q.into(), n.into()),
            None => Expr::Ident(recv.into()),
            Some(_) => return None,
        };
        let (pkg, const_name) = match &recv_expr {
            Expr::Sel(q, n) => (self.qualifier_pkg(file, q)?, n.as_str()),
            Expr::Ident(n) => (
                self.file_pkg.get(file as usize).copied().flatten()?,
                n.as_str(),
            ),
            _ => return None,
        };
        let &[(df, di)] = self.values.get(&(pkg, const_name))?.as_slice() else {
            return None;
        };
        let def = self.go(df)?.values.get(di as usize)?;
        let ty = def.ty.as_deref()?;
        let method = self.method_of(df, ty, "String")?;
        let mdef = self.func(method)?;
        // A `switch` over the receiver returning literals cannot be matched to
        // this constant without evaluating it; a single literal can.
        if let [only] = mdef.returns.as_slice()
            && let Some(r) = self.resolve_at(only, method.file, depth + 1)
        {
            return Some(r);
        }
        let own = self.resolve_at(def.value.as_ref()?, df, depth + 1)?;
        let returns_self = mdef
            .returns
            .iter()
            .all(|e| matches!(e, Expr::Call { callee, .. } if callee == "string"));
        (returns_self && !mdef.returns.is_empty()).then_some(own)
    }

    /// `m[key]` of a map literal: the entry named by the key, or, for a key
    /// not known here, any of its values.
    pub(crate) fn resolve_index(
        &self,
        of: &Expr,
        key: &Expr,
        file: u32,
        depth: u32,
    ) -> Option<Resolved> {
        let entries = self.entries(of, file, depth)?;
        let key_value = self.resolve_at(key, file, depth + 1).and_then(|r| r.value);
        let Some(key_value) = key_value else {
            // A name not found here is not followed; a key known only at
            // run time (a parameter, a request field) is any of the values.
            if matches!(key, Expr::Ident(_) | Expr::Sel(..) | Expr::Str(_)) {
                return None;
            }
            return self.resolve_one_of(entries.iter().map(|e| (e.value, e.file)), depth);
        };
        // A known key names the entry whose key has its value: a constant
        // resolved where the literal is, or the string itself.
        let hits: Vec<&Entry<'_>> = entries
            .iter()
            .filter(|e| {
                e.key
                    .is_some_and(|k| self.entry_key_value(k, e.file).as_deref() == Some(&key_value))
            })
            .collect();
        // A key no entry has gives the zero value: no topic (None).
        self.resolve_one_of(hits.iter().map(|e| (e.value, e.file)), depth)
    }

    /// The value of a map literal's key as written: a constant's, or the
    /// string itself.
    fn entry_key_value(&self, k: &str, file: u32) -> Option<String> {
        let named = match k.split_once('.') {
            Some((q, n)) => Expr::Sel(q.into(), n.into()),
            None => Expr::Ident(k.into()),
        };
        self.resolve_at(&named, file, 0)
            .and_then(|r| r.value)
            .or_else(|| Some(k.to_string()))
    }

    /// The keys or values of each entry of a collection a loop walks.
    pub(crate) fn resolve_each(
        &self,
        of: &Expr,
        key: bool,
        file: u32,
        depth: u32,
    ) -> Option<Resolved> {
        let entries = self.entries(of, file, depth)?;
        if key {
            let mut out = Vec::new();
            for e in &entries {
                let k = e.key?;
                let r = self
                    .resolve_at(&Expr::Ident(k.into()), e.file, depth + 1)
                    .unwrap_or_else(|| Resolved::known(k));
                out.push(r);
            }
            return merge(out);
        }
        self.resolve_one_of(entries.iter().map(|e| (e.value, e.file)), depth)
    }

    /// `x.name` where `x` is an expression: the field of each composite it
    /// can be.
    pub(crate) fn resolve_field_of(
        &self,
        of: &Expr,
        name: &str,
        file: u32,
        depth: u32,
    ) -> Option<Resolved> {
        let lits = self.composites(of, file, depth)?;
        let mut out = Vec::new();
        for (c, f) in lits {
            match c.field(name) {
                Some(v) => out.push(self.resolve_at(v, f, depth + 1)?),
                None => {
                    // A field left out is the zero value: the type's tag
                    // default, or no topic.
                    if let Some(t) = self.type_ref(&c.ty, f)
                        && let Some(pkg) = self.file_pkg.get(t.file as usize).copied().flatten()
                        && let Some(r) = self.resolve_type_field(pkg, t, name, depth + 1)
                    {
                        out.push(r);
                    }
                }
            }
        }
        merge(out)
    }

    /// `x.name` where `x` is a local or parameter of the struct type `ty`.
    pub(crate) fn resolve_typed_field(
        &self,
        file: u32,
        ty: &str,
        name: &str,
        depth: u32,
    ) -> Option<Resolved> {
        // Only a struct of this package: `x.Name` of a typed value is
        // everywhere, and following types of other packages would ask for
        // their files each time (it doubled the files parsed on dapr/dapr).
        let ty = ty.trim_start_matches('*');
        if ty.contains('.') {
            return None;
        }
        let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
        let t = *self.types.get(&(pkg, ty))?;
        // A topic is a string field; others are not followed.
        let field_ty = self
            .type_def(t)?
            .fields
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.ty.as_str())?;
        if field_ty != "string" && !self.is_string_type(field_ty, t.file) {
            return None;
        }
        self.resolve_type_field(pkg, t, name, depth + 1)
    }

    /// `cfg.Topic` of a package-level variable `cfg`: its literal's field, or
    /// the field of its declared type.
    pub(crate) fn resolve_var_field(
        &self,
        file: u32,
        var: &str,
        name: &str,
        depth: u32,
    ) -> Option<Resolved> {
        let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
        let &[(df, di)] = self.values.get(&(pkg, var))?.as_slice() else {
            return None;
        };
        let def = self.go(df)?.values.get(di as usize)?;
        if def.is_const {
            return None;
        }
        if let Some(Expr::Composite(c)) = def.value.as_ref().map(Expr::peel) {
            return match c.field(name) {
                Some(v) => self.resolve_at(v, df, depth + 1),
                None => self.resolve_typed_field(df, &c.ty, name, depth),
            };
        }
        let ty = def.ty.as_deref()?;
        self.resolve_typed_field(df, ty, name, depth)
    }

    /// `viper.GetString(key)`: the default every `SetDefault(key, ...)` agrees on.
    pub(crate) fn resolve_setting(&self, key: &str, depth: u32) -> Option<Resolved> {
        let defaults = self.settings.get(key)?;
        let mut r = self.resolve_one_of(defaults.iter().map(|(f, e)| (*e, *f)), depth)?;
        r.env = Some(key.to_string());
        r.constant = None;
        Some(r)
    }

    /// The composite literals an expression can be.
    pub(crate) fn composites<'s>(
        &'s self,
        expr: &'s Expr,
        file: u32,
        depth: u32,
    ) -> Option<Vec<(&'s Composite, u32)>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr.peel() {
            Expr::Composite(c) => Some(vec![(c, file)]),
            Expr::At(f, e) => self.composites(e, *f, depth + 1),
            Expr::Ident(_) | Expr::Sel(..) => self.composite(expr, file).map(|c| vec![c]),
            Expr::OneOf(alts) => {
                let mut out = Vec::new();
                for a in alts {
                    out.extend(self.composites(a, file, depth + 1)?);
                }
                Some(out)
            }
            Expr::Field(of, name) => {
                let mut out = Vec::new();
                for (c, f) in self.composites(of, file, depth + 1)? {
                    out.extend(self.composites(c.field(name)?, f, depth + 1)?);
                }
                Some(out)
            }
            Expr::Each { of, key: false } => {
                let entries = self.entries(of, file, depth + 1)?;
                let mut out = Vec::new();
                for e in entries {
                    out.extend(self.composites(e.value, e.file, depth + 1)?);
                }
                Some(out)
            }
            Expr::Call { callee, args, .. } if !callee.contains('.') || args.is_empty() => {
                let pkg = self.file_pkg.get(file as usize).copied().flatten()?;
                let fref = self.unique_func(pkg, callee.rsplit('.').next()?)?;
                let def = self.func(fref)?;
                if def.returns.is_empty() {
                    return None;
                }
                let mut out = Vec::new();
                for r in &def.returns {
                    out.extend(self.composites(r, fref.file, depth + 1)?);
                }
                Some(out)
            }
            _ => None,
        }
    }

    /// The entries of the collection literals an expression can be.
    pub(crate) fn entries<'s>(
        &'s self,
        expr: &'s Expr,
        file: u32,
        depth: u32,
    ) -> Option<Vec<Entry<'s>>> {
        let mut out = Vec::new();
        self.collect_entries(expr, file, depth, &mut out)?;
        (out.len() <= MAX_ALTERNATIVES && !out.is_empty()).then_some(out)
    }

    /// Adds the entries `expr` can hold to `out`: a literal's, those of every
    /// value a local takes, and those `append` adds (a list built in a loop:
    /// `subs = append(subs, &common.Subscription{Topic: t})`).
    fn collect_entries<'s>(
        &'s self,
        expr: &'s Expr,
        file: u32,
        depth: u32,
        out: &mut Vec<Entry<'s>>,
    ) -> Option<()> {
        if depth > MAX_DEPTH || out.len() > MAX_ALTERNATIVES {
            return None;
        }
        match expr {
            Expr::OneOf(alts) => {
                for a in alts {
                    self.collect_entries(a, file, depth + 1, out)?;
                }
                return Some(());
            }
            Expr::Call { callee, args, .. } if callee == "append" => {
                let (base, added) = args.split_first()?;
                match base {
                    // The list itself, seen inside its own assignment: its
                    // other values are the local's other assignments.
                    Expr::SelfRef(_) => {}
                    b => self.collect_entries(b, file, depth + 1, out)?,
                }
                out.extend(added.iter().map(|value| Entry {
                    key: None,
                    value,
                    file,
                }));
                return Some(());
            }
            _ => {}
        }
        let lits = self.composites(expr, file, depth + 1)?;
        for (c, f) in lits {
            if c.fields.is_empty() {
                out.extend(c.elements.iter().map(|value| Entry {
                    key: None,
                    value,
                    file: f,
                }));
            } else {
                out.extend(c.fields.iter().map(|(k, value, _)| Entry {
                    key: Some(k.as_str()),
                    value,
                    file: f,
                }));
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::{FormatPiece, format_pieces};

    #[test]
    fn formats_split_into_text_and_verbs() {
        assert_eq!(
            format_pieces("http://%s:%04d/v1.0/publish/%s/%v 100%%"),
            [
                FormatPiece::Text("http://".into()),
                FormatPiece::Verb('s', true),
                FormatPiece::Text(":".into()),
                FormatPiece::Verb('d', false),
                FormatPiece::Text("/v1.0/publish/".into()),
                FormatPiece::Verb('s', true),
                FormatPiece::Text("/".into()),
                FormatPiece::Verb('v', true),
                FormatPiece::Text(" 100%".into()),
            ]
        );
        assert_eq!(format_pieces(""), []);
    }
}
