//! What makes a function a business operation (EC006): a state change it
//! makes before it publishes. The evidence, strongest first:
//!
//! - a call named by a state-changing verb (`Create*`, `save*`, `insertRow`,
//!   `SaveState`, `ExecContext`, `tx.Commit`), in any case and on
//!   unexported helpers too;
//! - a call through a dependency — the receiver's field, a parameter or a
//!   package-level value — that is not a read (`uc.repo.Close`,
//!   `store.Cancel`, `orders.Approve`);
//! - a helper of the same package, called before the publish, that makes one.

use crate::extract::{CallFact, FuncDef};

use super::resolve::Index;

/// Verbs that change state, matched at the start of a call's last name in
/// either case and ending at a word boundary (`Add` in `AddItem`, not `Address`).
const CHANGES: &[&str] = &[
    "Create",
    "Insert",
    "Upsert",
    "Save",
    "Add",
    "Update",
    "Delete",
    "Remove",
    "Increment",
    "Decrement",
    "Charge",
    "Credit",
    "Debit",
    "Exec",
    "Commit",
    "Store",
    "Put",
    "Mark",
    "Reserve",
    "Release",
    "Cancel",
    "Confirm",
    "Refund",
    "Place",
    "Apply",
    "Approve",
    "Archive",
    "Submit",
    "Set",
    "Write",
    "Transfer",
];

/// The evidence lists, the built-in ones extended from the configuration:
/// the shared vocabulary `state_changes: { extend: [Enqueue], reads: [Peek] }`
/// and `rules: { publish-error-fails-operation: { extend_dependencies: [ledger] } }`.
#[derive(Debug, Clone, Default)]
pub(crate) struct Evidence {
    changes: Vec<String>,
    reads: Vec<String>,
    keeps: Vec<String>,
}

impl Evidence {
    pub(crate) fn from_config(config: &crate::config::Config) -> Self {
        let options: crate::rules::options::PublishErrorFailsOperationOptions =
            config.rule_options("publish-error-fails-operation", "EC006");
        Self {
            changes: config.state_changes.extend.clone(),
            reads: config.state_changes.reads.clone(),
            keeps: options
                .extend_dependencies
                .iter()
                .map(|k| lower(k))
                .collect(),
        }
    }
}

/// Names of calls that only read, never change state.
const READS: &[&str] = &[
    "Get",
    "Find",
    "List",
    "Load",
    "Read",
    "Query",
    "Count",
    "Exists",
    "Has",
    "Is",
    "Fetch",
    "Search",
    "Lookup",
    "Validate",
    "Check",
    "Scan",
    "Marshal",
    "Unmarshal",
    "Decode",
    "String",
    "Len",
    "Ping",
    "Begin",
    "Prepare",
    "Rollback",
    "Stats",
    "Conn",
];

/// Calls that log, measure or trace: never a business change.
const OBSERVES: &[&str] = &[
    "Info", "Debug", "Warn", "Error", "Print", "Log", "Trace", "Fatal", "Panic", "With", "Named",
    "Sugar", "Sync", "Inc", "Observe", "Record", "End", "Start", "Span", "Emit",
];

/// Receivers, fields and parameters that are no business dependency.
const NOT_DEPENDENCIES: &[&str] = &[
    "log", "logger", "lg", "tracer", "span", "metrics", "meter", "stats", "wg", "mu", "mtx",
    "lock", "once", "ctx", "w", "r", "req", "c", "cfg", "config", "conf", "opts", "options",
];

/// Parameter types that are no business dependency.
fn plain_type(ty: &str) -> bool {
    let ty = ty.trim_start_matches('*');
    matches!(
        ty,
        "" | "string"
            | "[]byte"
            | "int"
            | "int64"
            | "int32"
            | "uint"
            | "uint64"
            | "float64"
            | "bool"
            | "error"
            | "any"
            | "interface{}"
            | "context.Context"
            | "http.ResponseWriter"
            | "http.Request"
            | "gin.Context"
            | "echo.Context"
            | "fiber.Ctx"
            | "testing.T"
    ) || ty.starts_with("func(")
        || ty.starts_with("map[")
        || ty.starts_with("[]")
        || ty.starts_with("chan ")
        || lower(ty).contains("log")
}

fn lower(s: &str) -> String {
    s.to_ascii_lowercase()
}

/// Whether `name` starts with `word` (either case of its first letter, or
/// all lower) and the word ends there (`Add`, `AddItem`, `add_item`; not
/// `Address`).
fn starts_with_word(name: &str, word: &str) -> bool {
    let Some(head) = name.get(..word.len()) else {
        return false;
    };
    if !head.eq_ignore_ascii_case(word) {
        return false;
    }
    match name.get(word.len()..).and_then(|r| r.chars().next()) {
        None => true,
        Some(c) => c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_',
    }
}

fn any_word(name: &str, words: &[&str]) -> bool {
    words.iter().any(|w| starts_with_word(name, w))
}

fn any_word_of(name: &str, words: &[String]) -> bool {
    words.iter().any(|w| starts_with_word(name, w))
}

/// Packages whose functions never change business state, whatever their name.
fn utility_pkg(q: &str) -> bool {
    matches!(
        q,
        "fmt"
            | "log"
            | "slog"
            | "errors"
            | "strings"
            | "bytes"
            | "strconv"
            | "json"
            | "xml"
            | "time"
            | "context"
            | "http"
            | "url"
            | "sort"
            | "slices"
            | "maps"
            | "math"
            | "atomic"
            | "sync"
            | "uuid"
            | "zap"
            | "logrus"
            | "metadata"
            | "status"
            | "otel"
            | "trace"
    )
}

/// The state change a call makes, as evidence for a message: the call as
/// written, or `None` when it is no business change.
pub(crate) fn change(
    index: &Index<'_>,
    evidence: &Evidence,
    file: u32,
    def: &FuncDef,
    call: &CallFact,
) -> bool {
    let callee = call.callee.as_str();
    let last = call.last_name();
    let lower_last = lower(last);
    // Publishing is what the rule is about, not the change before it.
    if lower_last.contains("publish") || lower_last.contains("outbox") || call.deferred {
        return false;
    }
    let segments: Vec<&str> = callee.split('.').collect();
    let first = segments.first().copied().unwrap_or("");
    if segments.len() > 1 && utility_pkg(first) {
        return false;
    }
    if any_word(last, OBSERVES) {
        return false;
    }
    // `w.Header().Set(...)`, `wg.Add(1)`, `mu.Lock()`.
    if segments
        .iter()
        .take(segments.len().saturating_sub(1))
        .any(|s| NOT_DEPENDENCIES.contains(&lower(s.trim_end_matches("()")).as_str()))
        || callee.contains("Header")
        || call
            .recv_ty
            .as_deref()
            .is_some_and(|t| t.contains("WaitGroup") || t.contains("Mutex"))
    {
        return false;
    }
    if any_word(last, CHANGES) || any_word_of(last, &evidence.changes) {
        return true;
    }
    if any_word(last, READS) || any_word_of(last, &evidence.reads) || segments.len() < 2 {
        return false;
    }
    // A call that is not a read through a dependency that keeps state: a
    // repository, store, database, transaction (by its name or type).
    let is_recv = def.recv_name.as_deref() == Some(first);
    if is_recv {
        // `uc.repo.Close()`; `uc.helper()` is a helper, followed elsewhere.
        return segments.len() >= 3
            && segments
                .get(1..segments.len() - 1)
                .is_some_and(|mid| mid.iter().any(|s| keeps_state(s, evidence)));
    }
    if let Some(p) = def.params.iter().find(|p| p.name == first) {
        return !plain_type(&p.ty)
            && (keeps_state(first, evidence) || keeps_state(&p.ty, evidence));
    }
    // A package-level value of this package (`orders.Approve(id)`).
    keeps_state(first, evidence)
        && index
            .file_pkg
            .get(file as usize)
            .copied()
            .flatten()
            .and_then(|pkg| index.values.get(&(pkg, first)))
            .and_then(|defs| defs.first())
            .and_then(|(df, di)| index.go(*df)?.values.get(*di as usize))
            .is_some_and(|v| !v.is_const)
}

/// A name or type of something that keeps state: `repo`, `orderStore`,
/// `db`, `tx`, `*sql.DB`, `OrderRepository`, `ledger`.
fn keeps_state(name: &str, evidence: &Evidence) -> bool {
    const KEEPS: &[&str] = &[
        "repo",
        "store",
        "db",
        "tx",
        "dao",
        "storage",
        "state",
        "table",
        "ledger",
        "orders",
        "sql",
        "gorm",
        "mongo",
        "redis",
        "cache",
        "persist",
        "registry",
        "inventory",
        "account",
        "wallet",
        "book",
        "collection",
    ];
    let n = lower(name);
    KEEPS.iter().any(|k| n.contains(k)) || evidence.keeps.iter().any(|k| n.contains(k.as_str()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verbs_end_at_a_word_boundary_in_either_case() {
        assert!(starts_with_word("AddItem", "Add"));
        assert!(starts_with_word("addItem", "Add"));
        assert!(starts_with_word("saveState", "Save"));
        assert!(starts_with_word("Add", "Add"));
        assert!(!starts_with_word("Address", "Add"));
        assert!(!starts_with_word("Settings", "Set"));
        assert!(!starts_with_word("Is", "Isolate"));
    }
}
