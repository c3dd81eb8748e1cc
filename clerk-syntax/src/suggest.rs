//! Edit distance, for "did you mean" suggestions.
//!
//! ```
//! use clerk_syntax::suggest::{closest, distance};
//! assert_eq!(distance("moderat", "moderate"), 1);
//! assert_eq!(closest("strcit", ["strict", "lax"], 2), Some("strict"));
//! ```

/// Levenshtein distance between two short strings, by characters.
#[must_use]
pub fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    let mut current = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        current[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    previous[b.len()]
}

/// The candidate closest to `word`, if it is within `max` edits (ties: the first).
pub fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    max: usize,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (distance(word, c), c))
        .filter(|(d, _)| *d <= max)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_counts_edits() {
        assert_eq!(distance("", ""), 0);
        assert_eq!(distance("abc", "abc"), 0);
        assert_eq!(distance("abc", "abd"), 1);
        assert_eq!(distance("abc", "ab"), 1);
        assert_eq!(distance("ab", "abc"), 1);
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn closest_respects_the_limit() {
        let words = ["strict", "strict_mfa", "moderate", "lax"];
        assert_eq!(closest("strcit", words, 2), Some("strict"));
        assert_eq!(closest("moderat", words, 2), Some("moderate"));
        assert_eq!(closest("zzzzzz", words, 2), None);
    }
}
