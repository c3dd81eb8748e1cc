//! Sets of code points as sorted inclusive ranges.

/// The largest code point.
pub(crate) const MAX: u32 = 0x10_FFFF;

/// A set of code points (surrogates included, since JavaScript strings may name them),
/// kept as sorted, non-overlapping, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    /// The empty set.
    pub(crate) fn empty() -> Self {
        Self::default()
    }

    /// Every code point.
    pub(crate) fn all() -> Self {
        Self {
            ranges: vec![(0, MAX)],
        }
    }

    /// One code point.
    pub(crate) fn single(c: u32) -> Self {
        Self {
            ranges: vec![(c, c)],
        }
    }

    /// A set built from ranges in any order (each `(lo, hi)` with `lo <= hi`).
    pub(crate) fn from_ranges(ranges: impl IntoIterator<Item = (u32, u32)>) -> Self {
        let mut ranges: Vec<(u32, u32)> = ranges.into_iter().collect();
        ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (lo, hi) in ranges {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        Self { ranges: out }
    }

    /// The ranges, sorted.
    pub(crate) fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    /// Whether the set has no member.
    pub(crate) fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    /// Whether `c` is a member.
    pub(crate) fn contains(&self, c: u32) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    std::cmp::Ordering::Less
                } else if lo > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }

    /// The union of two sets.
    pub(crate) fn union(&self, other: &Self) -> Self {
        Self::from_ranges(self.ranges.iter().chain(&other.ranges).copied())
    }

    /// Every code point that is not a member.
    pub(crate) fn complement(&self) -> Self {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX && self.ranges.last().is_none_or(|&(_, hi)| hi < MAX) {
            out.push((next, MAX));
        }
        Self { ranges: out }
    }

    /// The members of `self` that are not members of `other`.
    pub(crate) fn difference(&self, other: &Self) -> Self {
        self.complement().union(other).complement()
    }

    /// The set without the surrogate code points, which never occur in a Rust string.
    pub(crate) fn without_surrogates(&self) -> Self {
        self.difference(&Self::from_ranges([(0xD800, 0xDFFF)]))
    }

    /// Whether every scalar value (all code points except surrogates) is a member.
    pub(crate) fn has_every_scalar(&self) -> bool {
        self.without_surrogates().ranges == [(0, 0xD7FF), (0xE000, MAX)]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_ranges_merges_overlapping_and_adjacent() {
        let s = CharSet::from_ranges([(5, 9), (1, 3), (4, 4), (20, 30), (25, 26)]);
        assert_eq!(s.ranges(), &[(1, 9), (20, 30)]);
    }

    #[test]
    fn complement_and_difference() {
        let s = CharSet::from_ranges([(0, 9), (20, 30)]);
        assert_eq!(s.complement().ranges(), &[(10, 19), (31, MAX)]);
        assert_eq!(CharSet::all().complement(), CharSet::empty());
        assert_eq!(CharSet::empty().complement(), CharSet::all());
        let d = s.difference(&CharSet::single(25));
        assert_eq!(d.ranges(), &[(0, 9), (20, 24), (26, 30)]);
        assert!(d.contains(24) && !d.contains(25) && d.contains(0) && !d.contains(10));
    }

    #[test]
    fn surrogates_are_removed() {
        let s = CharSet::all().without_surrogates();
        assert!(s.has_every_scalar());
        assert!(!s.contains(0xD800) && s.contains(0xD7FF) && s.contains(0xE000));
    }
}
