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

/// A set of rule positions: bits in a word for tables of up to 128 rules, else on the heap.
#[derive(Clone, Debug, PartialEq, Eq)]
enum RuleSet {
    Inline(u128),
    Heap(Vec<u64>),
}

impl Default for RuleSet {
    fn default() -> Self {
        Self::Inline(0)
    }
}

impl RuleSet {
    fn for_rules(count: usize) -> Self {
        if count <= 128 {
            Self::Inline(0)
        } else {
            Self::Heap(vec![0; count.div_ceil(64)])
        }
    }

    fn insert(&mut self, index: usize) {
        match self {
            Self::Inline(bits) => *bits |= 1 << index,
            Self::Heap(words) => words[index / 64] |= 1 << (index % 64),
        }
    }

    fn union(&mut self, other: &Self) {
        match (self, other) {
            (Self::Inline(bits), Self::Inline(more)) => *bits |= more,
            (Self::Heap(words), Self::Heap(more)) => {
                for (word, more) in words.iter_mut().zip(more) {
                    *word |= more;
                }
            }
            // Both sets come from the same table, so they have the same form.
            (this, other) => {
                for index in other.iter() {
                    this.insert(index);
                }
            }
        }
    }

    fn is_empty(&self) -> bool {
        match self {
            Self::Inline(bits) => *bits == 0,
            Self::Heap(words) => words.iter().all(|word| *word == 0),
        }
    }

    /// The positions, ascending.
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let words: &[u64] = match self {
            Self::Inline(_) => &[],
            Self::Heap(words) => words,
        };
        let inline = match self {
            #[expect(
                clippy::cast_possible_truncation,
                reason = "the two halves of the word"
            )]
            Self::Inline(bits) => [*bits as u64, (*bits >> 64) as u64],
            Self::Heap(_) => [0, 0],
        };
        inline
            .into_iter()
            .enumerate()
            .chain(words.iter().copied().enumerate())
            .flat_map(|(word_index, word)| Ones(word).map(move |bit| word_index * 64 + bit))
    }
}

/// The positions of the set bits of a word, ascending.
struct Ones(u64);

impl Iterator for Ones {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let bit = self.0.trailing_zeros() as usize;
        self.0 &= self.0 - 1;
        Some(bit)
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
        assert_eq!(RuleSet::for_rules(128), RuleSet::Inline(0));
        assert_eq!(RuleSet::for_rules(129), RuleSet::Heap(vec![0, 0, 0]));
        let mut set = RuleSet::for_rules(128);
        set.insert(127);
        set.insert(0);
        set.insert(64);
        assert_eq!(set.iter().collect::<Vec<_>>(), [0, 64, 127]);
    }
}
