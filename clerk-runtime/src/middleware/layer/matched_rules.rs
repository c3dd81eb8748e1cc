//! The route rules that apply to one request, kept as positions in the table: no list is
//! built per request (and nothing is allocated for tables of up to 128 rules).

use std::fmt;

use crate::requirement::{Protection, RouteDefault, RouteTable};

/// A rule that matched a request: what the debug log names and the layer enforces.
pub(crate) struct MatchedRule {
    pub(crate) patterns: &'static [&'static str],
    pub(crate) protection: &'static Protection,
}

impl fmt::Debug for MatchedRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.patterns, f)
    }
}

/// The rules of a table that apply to a request, in table order, then the table's default
/// when it applies. All of them must pass.
#[derive(Clone, Default)]
pub(crate) struct MatchedRules {
    /// `None`: no table, nothing applies.
    table: Option<&'static RouteTable>,
    rules: RuleSet,
    /// Whether the default of a [`RouteDefault::SignedIn`] table applies.
    default: bool,
}

impl MatchedRules {
    /// No rule of `table` applies (yet).
    pub(crate) fn none_of(table: &'static RouteTable) -> Self {
        Self {
            table: Some(table),
            rules: RuleSet::for_rules(table.rules.len()),
            default: false,
        }
    }

    /// Rule `index` of the table applies.
    pub(crate) fn add_rule(&mut self, index: usize) {
        self.rules.insert(index);
    }

    /// The table's default applies.
    pub(crate) fn add_default(&mut self) {
        self.default = true;
    }

    /// Every rule that applies to either request reading.
    pub(crate) fn union(mut self, other: &Self) -> Self {
        self.rules.union(&other.rules);
        self.default |= other.default;
        self
    }

    /// Whether no rule applies.
    pub(crate) fn is_empty(&self) -> bool {
        self.rules.is_empty() && !self.default
    }

    /// The rules that apply, in table order, the default last.
    pub(crate) fn iter(&self) -> impl Iterator<Item = MatchedRule> + '_ {
        let table = self.table;
        let rules = table.into_iter().flat_map(|table| {
            self.rules.iter().map(|index| {
                let rule = &table.rules[index];
                MatchedRule {
                    patterns: rule.patterns,
                    protection: &rule.protection,
                }
            })
        });
        let default = table
            .filter(|_| self.default)
            .and_then(|table| match &table.default {
                RouteDefault::SignedIn { public, protection } => Some(MatchedRule {
                    patterns: public.patterns,
                    protection,
                }),
                RouteDefault::Public => None,
            });
        rules.chain(default)
    }
}

impl fmt::Debug for MatchedRules {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A set of rule positions: bits in two words for tables of up to 128 rules, else on the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RuleSet {
    Inline([u64; 2]),
    Heap(Vec<u64>),
}

impl Default for RuleSet {
    fn default() -> Self {
        Self::Inline([0; 2])
    }
}

impl RuleSet {
    fn for_rules(count: usize) -> Self {
        if count <= 128 {
            Self::Inline([0; 2])
        } else {
            Self::Heap(vec![0; count.div_ceil(64)])
        }
    }

    fn words(&self) -> &[u64] {
        match self {
            Self::Inline(words) => words,
            Self::Heap(words) => words,
        }
    }

    fn words_mut(&mut self) -> &mut [u64] {
        match self {
            Self::Inline(words) => words,
            Self::Heap(words) => words,
        }
    }

    fn insert(&mut self, index: usize) {
        self.words_mut()[index / 64] |= 1 << (index % 64);
    }

    /// Adds every position of `other`. Two sets of one table have the same size; should
    /// `other` ever be longer, this set grows to hold all of it rather than drop a rule.
    fn union(&mut self, other: &Self) {
        if other.words().len() > self.words().len() {
            let mut words = self.words().to_vec();
            words.resize(other.words().len(), 0);
            *self = Self::Heap(words);
        }
        for (word, more) in self.words_mut().iter_mut().zip(other.words()) {
            *word |= more;
        }
    }

    fn is_empty(&self) -> bool {
        self.words().iter().all(|word| *word == 0)
    }

    /// The positions, ascending.
    fn iter(&self) -> Positions<'_> {
        let (current, words) = self
            .words()
            .split_first()
            .map_or((0, &[][..]), |(w, rest)| (*w, rest));
        Positions {
            words,
            base: 0,
            current,
        }
    }
}

/// The positions of the set bits of a run of words, ascending.
struct Positions<'a> {
    /// The words after the current one.
    words: &'a [u64],
    /// The position of bit 0 of the current word.
    base: usize,
    /// The bits of the current word not yet reported.
    current: u64,
}

impl Iterator for Positions<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        while self.current == 0 {
            let (&word, rest) = self.words.split_first()?;
            self.words = rest;
            self.current = word;
            self.base += 64;
        }
        let bit = self.current.trailing_zeros() as usize;
        self.current &= self.current - 1;
        Some(self.base + bit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    proptest! {
        #[test]
        fn a_rule_set_holds_what_was_inserted_in_order(
            count in 1usize..300,
            picks in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
            more in proptest::collection::vec(any::<prop::sample::Index>(), 0..40),
        ) {
            let (mut set, mut other) = (RuleSet::for_rules(count), RuleSet::for_rules(count));
            let mut expected = BTreeSet::new();
            for pick in &picks {
                let index = pick.index(count);
                set.insert(index);
                expected.insert(index);
            }
            prop_assert_eq!(set.is_empty(), expected.is_empty());
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected.iter().copied().collect::<Vec<_>>());
            for pick in &more {
                let index = pick.index(count);
                other.insert(index);
                expected.insert(index);
            }
            set.union(&other);
            prop_assert_eq!(set.iter().collect::<Vec<_>>(), expected.into_iter().collect::<Vec<_>>());
        }
    }

    #[test]
    fn small_tables_use_no_heap() {
        assert_eq!(RuleSet::for_rules(128), RuleSet::Inline([0; 2]));
        assert_eq!(RuleSet::for_rules(129), RuleSet::Heap(vec![0, 0, 0]));
        let mut set = RuleSet::for_rules(128);
        set.insert(127);
        set.insert(0);
        set.insert(64);
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 64, 127]);
        // A longer set joined to a shorter one keeps every position.
        let mut longer = RuleSet::for_rules(300);
        longer.insert(299);
        longer.insert(64);
        set.union(&longer);
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 64, 127, 299]);
        let mut shorter = RuleSet::for_rules(300);
        shorter.union(&RuleSet::Inline([1, 0]));
        assert_eq!(shorter.iter().collect::<Vec<_>>(), [0]);
    }
}
