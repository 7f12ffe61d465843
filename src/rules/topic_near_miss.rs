//! EC014 topic-near-miss.

use crate::diagnostic::{Related, Severity};
use crate::model::EventGraph;
use crate::spelling::edit_distance;

use super::{RuleContext, declare_rule};

declare_rule! { TOPIC_NEAR_MISS, code: "EC014", name: "topic-near-miss", level: Severity::Error, check: check }

/// (published-only topic, subscribed-only topic) pairs that are almost
/// certainly the same event under two names.
///
/// Pairs are not all compared: every near miss keeps something exact that
/// an index can find — the same words in any order and number (a reorder,
/// a plural, a moved dead-letter marker), the same words but one (a
/// misspelt word, of a length within two), or the same words once a first,
/// last or version word is dropped from the longer. Only the candidates the
/// index gives are judged.
pub(crate) fn near_miss_pairs(graph: &EventGraph) -> Vec<(String, String)> {
    let published: Vec<&str> = graph
        .topics
        .iter()
        .filter(|t| t.subscribers.is_empty() && !t.publishers.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    let subscribed: Vec<&str> = graph
        .topics
        .iter()
        .filter(|t| t.publishers.is_empty() && !t.subscribers.is_empty())
        .map(|t| t.name.as_str())
        .collect();
    pairs(&published, &subscribed)
}

/// [`near_miss_pairs`] of two lists of names.
fn pairs(published: &[&str], subscribed: &[&str]) -> Vec<(String, String)> {
    let mut index: rustc_hash::FxHashMap<String, Vec<usize>> = rustc_hash::FxHashMap::default();
    for (i, s) in subscribed.iter().enumerate() {
        for key in keys(&words(s), Side::Indexed) {
            index.entry(key).or_default().push(i);
        }
    }
    let mut out = Vec::new();
    for p in published {
        let mut candidates: Vec<usize> = keys(&words(p), Side::Query)
            .iter()
            .filter_map(|k| index.get(k))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        for i in candidates {
            if let Some(s) = subscribed.get(i)
                && near_miss(p, s)
            {
                out.push(((*p).to_string(), (*s).to_string()));
            }
        }
    }
    out.sort();
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Indexed,
    Query,
}

/// The index keys of a topic's words. Both sides make the "same words" and
/// "all but one" keys; the indexed side files its exact words and its words
/// with one dropped, which the query side looks up the other way round.
fn keys(words: &[String], side: Side) -> Vec<String> {
    let mut out = Vec::new();
    if words.is_empty() {
        return out;
    }
    let mut bag: Vec<String> = words.iter().map(|w| singular(w)).collect();
    bag.sort_unstable();
    out.push(format!("bag\u{0}{}", bag.join("\u{0}")));
    for i in 0..words.len() {
        let len = words[i].chars().count();
        let rest = |_: usize| {
            words
                .iter()
                .enumerate()
                .map(|(j, w)| if j == i { "*" } else { w.as_str() })
                .collect::<Vec<_>>()
                .join("\u{0}")
        };
        match side {
            Side::Indexed => out.push(format!("one\u{0}{i}\u{0}{len}\u{0}{}", rest(i))),
            Side::Query => {
                for l in len.saturating_sub(2)..=len + 2 {
                    out.push(format!("one\u{0}{i}\u{0}{l}\u{0}{}", rest(i)));
                }
            }
        }
    }
    let exact = words.join("\u{0}");
    let mut shorter: Vec<String> = Vec::new();
    if words.len() >= 2 {
        shorter.push(words[1..].join("\u{0}"));
        shorter.push(words[..words.len() - 1].join("\u{0}"));
    }
    for (v, w) in words.iter().enumerate() {
        if is_version(w) {
            let mut without = words.to_vec();
            without.remove(v);
            shorter.push(without.join("\u{0}"));
        }
    }
    let (mine, theirs) = match side {
        Side::Indexed => ("exact", "less"),
        Side::Query => ("less", "exact"),
    };
    out.push(format!("{mine}\u{0}{exact}"));
    out.extend(shorter.iter().map(|s| format!("{theirs}\u{0}{s}")));
    out
}

/// The words of a topic (`Orders.CreatedV2` → `orders`, `created`, `v2`).
fn words(t: &str) -> Vec<String> {
    crate::words::name_words(t)
}

fn singular(s: &str) -> String {
    if let Some(stem) = s.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if let Some(stem) = s.strip_suffix("es")
        && (stem.ends_with('s')
            || stem.ends_with('x')
            || stem.ends_with("ch")
            || stem.ends_with("sh"))
    {
        return stem.to_string();
    }
    s.strip_suffix('s').unwrap_or(s).to_string()
}

/// `v1`, `v2`, `v10`: a version segment.
fn is_version(w: &str) -> bool {
    w.strip_prefix('v')
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// One word misspelt as the other: one edit apart (a transposition counts
/// as one), two for long words; never a change of digits (`topic1` and
/// `topic2` are two topics of a family) nor of a short word.
fn misspelt(a: &str, b: &str) -> bool {
    let shortest = a.chars().count().min(b.chars().count());
    if shortest < 5 {
        return false;
    }
    let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    // The characters that differ, aligned from both ends.
    let head = ca.iter().zip(&cb).take_while(|(x, y)| x == y).count();
    let tail = ca
        .iter()
        .rev()
        .zip(cb.iter().rev())
        .take_while(|(x, y)| x == y)
        .count()
        .min(shortest - head.min(shortest));
    let differ = |v: &[char]| {
        v.get(head..v.len().saturating_sub(tail))
            .unwrap_or(&[])
            .to_vec()
    };
    if differ(&ca)
        .iter()
        .chain(differ(&cb).iter())
        .any(char::is_ascii_digit)
    {
        return false;
    }
    let k = if shortest >= 8 { 2 } else { 1 };
    within_edits(a, b, k) || (k == 1 && one_transposition(&ca, &cb))
}

/// `craeted` for `created`: two neighbours swapped, nothing else.
fn one_transposition(a: &[char], b: &[char]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diff.as_slice(), [i, j] if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i])
}

/// Why two topics are a near miss, if they are. Compared word by word.
pub(crate) fn near_miss_reason(a: &str, b: &str) -> Option<&'static str> {
    if a == b {
        return None;
    }
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return None;
    }
    if wa == wb {
        return Some("the same words with other separators or case");
    }
    // `.dlq` suffix versus `dlq.` prefix.
    let dlq = |x: &[String], y: &[String]| {
        x.last().is_some_and(|w| w == "dlq")
            && y.first().is_some_and(|w| w == "dlq")
            && x.get(..x.len() - 1) == y.get(1..)
    };
    if dlq(&wa, &wb) || dlq(&wb, &wa) {
        return Some("the dead-letter marker moved from suffix to prefix");
    }
    if wa.len() == wb.len() {
        if wa.len() > 1 {
            let mut x = wa.clone();
            let mut y = wb.clone();
            x.sort_unstable();
            y.sort_unstable();
            if x == y {
                return Some("the same segments in another order");
            }
        }
        let norm = |v: &[String]| v.iter().map(|s| singular(s)).collect::<Vec<_>>();
        if norm(&wa) == norm(&wb) {
            return Some("singular versus plural");
        }
        let differing: Vec<usize> = (0..wa.len()).filter(|&i| wa[i] != wb[i]).collect();
        if let [i] = differing.as_slice()
            && misspelt(&wa[*i], &wb[*i])
        {
            return Some("a small edit apart");
        }
        return None;
    }
    let (long, short) = if wa.len() > wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    if long.len() != short.len() + 1 {
        return None;
    }
    // A version segment added or dropped anywhere.
    if let Some(v) = long.iter().position(|w| is_version(w)) {
        let mut without = long.clone();
        without.remove(v);
        if without == *short {
            return Some("a version segment added or dropped");
        }
    }
    // A leading or trailing segment more (`billing.invoice.paid` and
    // `invoice.paid`), where what is left still names an event.
    if short.len() >= 2 && (long.get(1..) == Some(short) || long.get(..short.len()) == Some(short))
    {
        return Some("a leading or trailing segment more");
    }
    None
}

/// Whether `a` and `b` are at most `k` edits (Levenshtein) apart. Only the
/// cells within `k` of the diagonal can stay within `k`, so this takes
/// O(k · length) time where the full table takes O(length²): two long
/// topics that differ by a character must not stall the run.
fn within_edits(a: &str, b: &str, k: usize) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    if a.len().abs_diff(b.len()) > k {
        return false;
    }
    let far = k + 1; // any distance over `k`
    // Row `i` holds the distances from `a[..i]` to each `b[..j]`, capped at
    // `far`; cells outside the band are never read before being written.
    let mut prev: Vec<usize> = (0..=b.len()).map(|j| j.min(far)).collect();
    let mut cur = vec![far; b.len() + 1];
    for (i, ca) in a.iter().enumerate().map(|(i, c)| (i + 1, c)) {
        let (lo, hi) = (i.saturating_sub(k), (i + k).min(b.len()));
        if lo == 0 {
            cur[0] = i.min(far);
        } else {
            cur[lo - 1] = far;
        }
        for j in lo.max(1)..=hi {
            let cost = usize::from(*ca != b[j - 1]);
            cur[j] = (prev[j - 1] + cost)
                .min(prev[j] + 1)
                .min(cur[j - 1] + 1)
                .min(far);
        }
        if let Some(next) = cur.get_mut(hi + 1) {
            *next = far;
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] <= k
}

fn near_miss(a: &str, b: &str) -> bool {
    near_miss_reason(a, b).is_some()
}

/// One finding per subscription to the near-miss name, each where that
/// subscriber can fix or suppress it, with every publish of the other name
/// as related locations: a near miss cuts off every subscriber, in every
/// service. A finding's fingerprint (path, subscribed topic, published
/// topic, occurrence in the file) does not change when another subscriber
/// of the name comes or goes elsewhere.
fn check(cx: &mut RuleContext<'_>) {
    let graph = cx.graph;
    // One report per subscribed name: the closest published name, with a
    // count of the others (a family of generated names can otherwise make
    // thousands of findings of one mistake).
    let mut by_subscribed: std::collections::BTreeMap<String, Vec<String>> =
        std::collections::BTreeMap::new();
    for (p, s) in near_miss_pairs(graph) {
        by_subscribed.entry(s).or_default().push(p);
    }
    for (s, mut ps) in by_subscribed {
        ps.sort_by_key(|p| (edit_distance(p, &s), p.clone()));
        let Some(p) = ps.first().cloned() else {
            continue;
        };
        let others = match ps.len() - 1 {
            0 => String::new(),
            1 => format!("; 1 other published topic is similar: `{}`", ps[1]),
            n => format!("; {n} other published topics are similar, e.g. `{}`", ps[1]),
        };
        let (Some(pt), Some(st)) = (graph.topic(&p), graph.topic(&s)) else {
            continue;
        };
        let reason = near_miss_reason(&p, &s).unwrap_or("similar");
        let mut publishes: Vec<&crate::model::Location> =
            pt.publishers.iter().map(|x| &x.at).collect();
        publishes.sort();
        publishes.dedup();
        let mut seen: Vec<&crate::model::Location> = Vec::new();
        for sub in &st.subscribers {
            if seen.contains(&&sub.at) {
                continue;
            }
            seen.push(&sub.at);
            let d = cx
                .report(
                    &sub.at.path,
                    sub.at.span,
                    format!(
                        "Subscribed topic `{s}` is never published, but `{p}` is ({reason}): almost certainly the same event{others}"
                    ),
                )
                .with_help(format!(
                    "use one name on both sides, ideally a shared constant; the publisher sends `{p}`"
                ))
                .with_topic(Some(s.clone()))
                .with_service(sub.service.clone())
                .with_scope(Some(p.clone()));
            for at in &publishes {
                d.with_related(Related {
                    path: at.path.clone(),
                    span: at.span,
                    message: format!("`{p}` is published here"),
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{near_miss, near_miss_reason, pairs, within_edits};
    use crate::spelling::edit_distance;

    /// The index finds exactly the pairs comparing every pair finds, on
    /// names made of every kind of near miss.
    #[test]
    fn the_index_finds_what_comparing_every_pair_finds() {
        let bases = [
            "order.created",
            "payment.completed.v2",
            "billing.invoice.paid",
            "stock-reserved",
            "OrderShipped",
            "customer.deleted",
            "warehouse",
            "inventory.items.adjusted",
        ];
        let mut names: Vec<String> = Vec::new();
        for b in bases {
            names.push(b.to_string());
            names.push(b.replace('.', "_"));
            names.push(b.to_uppercase());
            names.push(format!("{b}s"));
            names.push(format!("{b}.dlq"));
            names.push(format!("dlq.{b}"));
            names.push(format!("{b}.v1"));
            names.push(format!("v3.{b}"));
            names.push(format!("shop.{b}"));
            names.push(b.replacen('e', "", 1));
            names.push(b.replacen("er", "re", 1));
            names.push(b.chars().rev().collect());
            names.push(b.split(['.', '-']).rev().collect::<Vec<_>>().join("."));
        }
        names.sort();
        names.dedup();
        let refs: Vec<&str> = names.iter().map(String::as_str).collect();
        let (published, subscribed) = refs.split_at(refs.len() / 2);
        for (p, s) in [
            (published, subscribed),
            (subscribed, published),
            (&refs[..], &refs[..]),
        ] {
            let mut all = Vec::new();
            for a in p {
                for b in s {
                    if near_miss(a, b) {
                        all.push(((*a).to_string(), (*b).to_string()));
                    }
                }
            }
            all.sort();
            assert!(!all.is_empty());
            assert_eq!(pairs(p, s), all);
        }
    }

    #[test]
    fn near_misses() {
        assert!(near_miss_reason("order.created", "order.craeted").is_some());
        assert!(near_miss_reason("order.created", "created.order").is_some());
        assert!(near_miss_reason("orders.created", "order.created").is_some());
        assert!(near_miss_reason("order.categories", "order.category").is_some());
        assert!(near_miss_reason("orders.dlq", "dlq.orders").is_some());
        assert!(near_miss_reason("order.created", "order.deleted").is_none());
        assert!(near_miss_reason("user.created", "user.updated").is_none());
        assert!(near_miss_reason("a.b", "a.c").is_none());
        assert!(near_miss_reason("stock.low", "stock.released").is_none());
        // Word by word.
        assert!(near_miss_reason("billing.invoice.paid", "invoice.paid").is_some());
        assert!(near_miss_reason("invoice.paid", "invoice.paid.v2").is_some());
        assert!(near_miss_reason("orders.v1.created", "orders.created").is_some());
        assert!(near_miss_reason("OrderCreated", "order.created").is_some());
        assert!(near_miss_reason("order.items.added", "order.item.added").is_some());
        assert!(near_miss_reason("payment.recieved", "payment.received").is_some());
        // A family of numbered topics, a short word, and request/reply pairs.
        assert!(near_miss_reason("TopicA", "topic0").is_none());
        assert!(near_miss_reason("topic1", "topic2").is_none());
        assert!(near_miss_reason("stopRecordingDiscord", "stoppedRecordingDiscord").is_none());
        assert!(near_miss_reason("cookings", "cooking-state").is_none());
        assert!(near_miss_reason("order.paid", "paid").is_none());
        assert!(near_miss_reason("stock.reserve", "stock.reserved").is_some());
        assert!(near_miss_reason("user.login", "user.logout").is_none());
    }

    #[test]
    fn within_edits_agrees_with_the_full_table() {
        // A spread of pairs of short strings over a small alphabet, every k.
        let words: Vec<String> = (0..4u32.pow(5))
            .flat_map(|n| {
                (0..=5).map(move |len| {
                    (0..len)
                        .map(|d| ['a', 'b', 'é', '.'][(n / 4u32.pow(d) % 4) as usize])
                        .collect::<String>()
                })
            })
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        for (i, a) in words.iter().enumerate().step_by(7) {
            for b in words.iter().skip(i % 5).step_by(11) {
                let d = edit_distance(a, b);
                for k in 0..4 {
                    assert_eq!(within_edits(a, b, k), d <= k, "{a:?} {b:?} k={k} d={d}");
                }
            }
        }
    }

    /// A generated hostile input: two 50,000-character topics a
    /// character apart filled the whole O(n²) table (seconds in a release
    /// build, minutes in a debug one); the band takes O(n).
    #[test]
    fn long_topics_are_compared_in_linear_time() {
        let published = "x".repeat(50_000);
        let subscribed = format!("{}y", "x".repeat(49_999));
        assert_eq!(
            near_miss_reason(&published, &subscribed),
            Some("a small edit apart")
        );
        let far = format!("{}yyy", "x".repeat(49_997));
        assert_eq!(near_miss_reason(&published, &far), None);
    }
}
