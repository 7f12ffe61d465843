//! "Did you mean": the expected word nearest to a misspelt one.

/// The expected word nearest to `word`, if it is a likely typo.
pub fn closest<'a>(word: &str, expected: &[&'a str]) -> Option<&'a str> {
    expected
        .iter()
        .map(|e| (edit_distance(word, e), *e))
        .filter(|(d, e)| {
            *d <= 2.max(e.len() / 4) && *d < e.len() || word.len() >= 3 && e.starts_with(word)
        })
        .min_by_key(|(d, _)| *d)
        .map(|(_, e)| e)
}

/// Levenshtein distance over characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = i;
        if let Some(first) = row.first_mut() {
            *first = i.saturating_add(1);
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j.saturating_add(1)).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let value = if ca == *cb {
                diagonal
            } else {
                diagonal.min(above).min(left).saturating_add(1)
            };
            diagonal = above;
            if let Some(cell) = row.get_mut(j.saturating_add(1)) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[&str] = &["include", "exclude", "critical_topics", "rules"];

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("include", "include"), 0);
        assert_eq!(edit_distance("includes", "include"), 1);
        assert_eq!(edit_distance("warn", "warning"), 3);
        assert_eq!(edit_distance("", "off"), 3);
    }

    #[test]
    fn closest_suggests_typos_only() {
        assert_eq!(closest("includes", KEYS), Some("include"));
        assert_eq!(closest("critical_topic", KEYS), Some("critical_topics"));
        assert_eq!(closest("banana", KEYS), None);
        assert_eq!(
            closest("warn", &["error", "warning", "info", "off"]),
            Some("warning")
        );
    }
}
