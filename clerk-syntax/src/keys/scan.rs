//! Character-level checks shared by every key grammar.

use super::error::Problem;

/// Characters allowed inside a key segment.
pub(crate) fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// Characters people use by mistake where Clerk uses `:`.
pub(crate) fn is_wrong_separator(c: char) -> bool {
    matches!(c, '.' | '/' | ';')
}

/// The first character that is neither a key character nor `:`, as a problem and offset.
pub(crate) fn first_bad_char(key: &str) -> Option<(Problem, usize)> {
    key.char_indices().find_map(|(at, c)| {
        if is_key_char(c) || c == ':' {
            None
        } else if c.is_whitespace() {
            Some((Problem::Whitespace, at))
        } else if is_wrong_separator(c) {
            Some((Problem::WrongSeparator(c), at))
        } else {
            Some((Problem::InvalidChar(c), at))
        }
    })
}

/// The `:`-separated segments of `key`, each with its byte offset.
pub(crate) fn segments(key: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, c) in key.char_indices() {
        if c == ':' {
            out.push((start, &key[start..at]));
            start = at + 1;
        }
    }
    out.push((start, &key[start..]));
    out
}

/// Byte offset of the `n`th segment's leading `:` (`n >= 1`).
pub(crate) fn colon_before(segments: &[(usize, &str)], n: usize) -> usize {
    segments[n].0 - 1
}

/// Candidate repairs for a character-level problem: whitespace removed, wrong separators
/// replaced by `:`.
pub(crate) fn char_repair(key: &str, problem: &Problem) -> Option<String> {
    match problem {
        Problem::Whitespace => Some(key.chars().filter(|c| !c.is_whitespace()).collect()),
        Problem::WrongSeparator(_) => Some(
            key.chars()
                .map(|c| if is_wrong_separator(c) { ':' } else { c })
                .collect(),
        ),
        _ => None,
    }
}

/// `key` with any run of leading `org:` collapsed to one, as Clerk normalises keys.
pub(crate) fn collapse_org_prefix(key: &str) -> String {
    super::org::prefix_with_org(key)
}
