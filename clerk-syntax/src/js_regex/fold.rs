//! Case folding as JavaScript's `i` flag does it.
//!
//! Without `u`, two characters match when their `Canonicalize` values are equal: the result of
//! `toUpperCase` when that is a single UTF-16 code unit, except that a non-ASCII character never
//! maps to an ASCII one (ECMA-262 §22.2.2.7.3). So `ä`/`Ä` and `é`/`É` fold together, while the
//! Kelvin sign, `ſ`, `ı` and `İ` stay apart from `k`, `s` and `i`. Characters outside the Basic
//! Multilingual Plane are two code units there and never fold.
//!
//! With `u`, `Canonicalize` is Unicode simple case folding, which `regex-syntax` implements.

use std::collections::HashMap;
use std::sync::OnceLock;

use regex_syntax::hir::{ClassUnicode, ClassUnicodeRange};

use super::set::CharSet;

/// JavaScript's non-unicode `Canonicalize(ch)` for one code point.
pub(crate) fn canonicalize_legacy(c: u32) -> u32 {
    if c > 0xFFFF {
        return c;
    }
    let Some(ch) = char::from_u32(c) else {
        return c; // a surrogate code unit
    };
    let mut upper = ch.to_uppercase();
    let (Some(u), None) = (upper.next(), upper.next()) else {
        return c; // toUpperCase gave more than one character
    };
    let u = u32::from(u);
    if u > 0xFFFF || (c >= 128 && u < 128) {
        return c;
    }
    u
}

/// The non-trivial equivalence classes of [`canonicalize_legacy`], and each member's class.
struct LegacyGroups {
    groups: Vec<Vec<u32>>,
    group_of: HashMap<u32, usize>,
}

fn legacy_groups() -> &'static LegacyGroups {
    static GROUPS: OnceLock<LegacyGroups> = OnceLock::new();
    GROUPS.get_or_init(|| {
        let mut by_canon: HashMap<u32, Vec<u32>> = HashMap::new();
        for c in (0..=0xFFFFu32).filter(|c| !(0xD800..=0xDFFF).contains(c)) {
            by_canon.entry(canonicalize_legacy(c)).or_default().push(c);
        }
        let mut groups: Vec<Vec<u32>> = by_canon.into_values().filter(|g| g.len() > 1).collect();
        groups.sort_unstable();
        let group_of = groups
            .iter()
            .enumerate()
            .flat_map(|(i, g)| g.iter().map(move |&c| (c, i)))
            .collect();
        LegacyGroups { groups, group_of }
    })
}

/// Every code point that matches some member of `set` under the non-unicode `i` flag.
pub(crate) fn close_legacy(set: &CharSet) -> CharSet {
    let groups = legacy_groups();
    let extra = groups
        .groups
        .iter()
        .filter(|g| g.iter().any(|&c| set.contains(c)))
        .flatten()
        .map(|&c| (c, c));
    set.union(&CharSet::from_ranges(extra.collect::<Vec<_>>()))
}

/// The code points that match `c` under the non-unicode `i` flag (at least `c` itself).
pub(crate) fn fold_legacy(c: u32) -> CharSet {
    let groups = legacy_groups();
    match groups.group_of.get(&c) {
        Some(&i) => CharSet::from_ranges(groups.groups[i].iter().map(|&m| (m, m))),
        None => CharSet::single(c),
    }
}

/// Every code point that matches some member of `set` under `iu` (simple case folding).
pub(crate) fn close_unicode(set: &CharSet) -> CharSet {
    let scalars = set.without_surrogates();
    let mut class = ClassUnicode::new(scalars.ranges().iter().filter_map(|&(lo, hi)| {
        Some(ClassUnicodeRange::new(
            char::from_u32(lo)?,
            char::from_u32(hi)?,
        ))
    }));
    class.case_fold_simple();
    let folded = CharSet::from_ranges(
        class
            .ranges()
            .iter()
            .map(|r| (u32::from(r.start()), u32::from(r.end()))),
    );
    set.union(&folded)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folds_with(a: char, b: char) -> bool {
        fold_legacy(a as u32).contains(b as u32)
    }

    #[test]
    fn legacy_folding_matches_javascript() {
        assert!(folds_with('a', 'A') && folds_with('A', 'a'));
        assert!(folds_with('ä', 'Ä') && folds_with('é', 'É'));
        assert!(folds_with('µ', 'μ') && folds_with('µ', 'Μ'));
        assert!(folds_with('ÿ', 'Ÿ'));
        // Non-ASCII never folds to ASCII.
        for (odd, ascii) in [('\u{212A}', 'k'), ('ſ', 's'), ('ı', 'i'), ('İ', 'i')] {
            assert!(
                !folds_with(odd, ascii),
                "{odd:?} must not fold with {ascii:?}"
            );
            assert!(
                !folds_with(ascii, odd),
                "{ascii:?} must not fold with {odd:?}"
            );
        }
        // ß uppercases to "SS" (two characters), so it folds with nothing.
        assert_eq!(fold_legacy('ß' as u32), CharSet::single('ß' as u32));
        assert!(!folds_with('ß', 'ẞ'));
        // Outside the BMP nothing folds (two code units).
        assert_eq!(fold_legacy(0x10428), CharSet::single(0x10428));
    }

    #[test]
    fn closure_of_word_class_adds_nothing() {
        let word = CharSet::from_ranges([
            ('0' as u32, '9' as u32),
            ('A' as u32, 'Z' as u32),
            ('_' as u32, '_' as u32),
            ('a' as u32, 'z' as u32),
        ]);
        assert_eq!(close_legacy(&word), word);
        let upper = CharSet::from_ranges([('A' as u32, 'Z' as u32)]);
        assert_eq!(
            close_legacy(&upper),
            CharSet::from_ranges([('A' as u32, 'Z' as u32), ('a' as u32, 'z' as u32)])
        );
    }

    #[test]
    fn unicode_closure_uses_simple_folding() {
        let k = close_unicode(&CharSet::single('k' as u32));
        assert!(k.contains('K' as u32) && k.contains(0x212A));
        let s = close_unicode(&CharSet::single('s' as u32));
        assert!(s.contains('ſ' as u32));
    }
}
