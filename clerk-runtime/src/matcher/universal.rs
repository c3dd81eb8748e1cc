//! Which states of the dense DFA are *universal*: from them, every valid UTF-8 continuation of
//! the path ends in a match (the `(.*)` of `/dashboard(.*)` once `/dashboard` is read). A walk
//! that reaches one at a character boundary can stop early: the answer is "matched".
//!
//! Computed once per table as a greatest fixpoint over (DFA state, UTF-8 decoder state) pairs,
//! so that bytes a `&str` can never contain at that point (which lead the DFA to its dead
//! state) do not spoil the analysis.

use std::collections::HashMap;

use regex_automata::dfa::{Automaton as _, dense};
use regex_automata::util::primitives::StateID;

/// Above this many (state, decoder) pairs the analysis is skipped (no early exit, same answers).
const MAX_PAIRS: usize = 8192;

/// Where a UTF-8 decoder is: at a character boundary, or which bytes it still needs.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
enum Utf8 {
    Boundary,
    /// One more byte in `80..=BF`.
    Tail1,
    /// Two more bytes in `80..=BF`.
    Tail2,
    /// Three more bytes in `80..=BF`.
    Tail3,
    /// After `E0`: `A0..=BF`, then one.
    AfterE0,
    /// After `ED`: `80..=9F` (no surrogates), then one.
    AfterEd,
    /// After `F0`: `90..=BF`, then two.
    AfterF0,
    /// After `F4`: `80..=8F` (not past U+10FFFF), then two.
    AfterF4,
}

impl Utf8 {
    /// The decoder after `byte`, or `None` when `byte` cannot come next in valid UTF-8.
    fn next(self, byte: u8) -> Option<Utf8> {
        let tail = |lo: u8, hi: u8, then: Utf8| (lo..=hi).contains(&byte).then_some(then);
        match self {
            Utf8::Boundary => match byte {
                0x00..=0x7F => Some(Utf8::Boundary),
                0xC2..=0xDF => Some(Utf8::Tail1),
                0xE0 => Some(Utf8::AfterE0),
                0xED => Some(Utf8::AfterEd),
                0xE1..=0xEF => Some(Utf8::Tail2),
                0xF0 => Some(Utf8::AfterF0),
                0xF1..=0xF3 => Some(Utf8::Tail3),
                0xF4 => Some(Utf8::AfterF4),
                _ => None,
            },
            Utf8::Tail1 => tail(0x80, 0xBF, Utf8::Boundary),
            Utf8::Tail2 => tail(0x80, 0xBF, Utf8::Tail1),
            Utf8::Tail3 => tail(0x80, 0xBF, Utf8::Tail2),
            Utf8::AfterE0 => tail(0xA0, 0xBF, Utf8::Tail1),
            Utf8::AfterEd => tail(0x80, 0x9F, Utf8::Tail1),
            Utf8::AfterF0 => tail(0x90, 0xBF, Utf8::Tail2),
            Utf8::AfterF4 => tail(0x80, 0x8F, Utf8::Tail2),
        }
    }
}

/// For each DFA state (indexed by `id >> stride2`), whether it is universal at a character
/// boundary. `None` when the DFA is too large to analyse.
pub(crate) fn universal_states(dfa: &dense::DFA<Vec<u32>>, start: StateID) -> Option<Vec<bool>> {
    // Explore the reachable pairs and their edges.
    let mut index: HashMap<(StateID, Utf8), usize> = HashMap::new();
    let mut pairs: Vec<(StateID, Utf8)> = Vec::new();
    let mut edges: Vec<Vec<usize>> = Vec::new();
    index.insert((start, Utf8::Boundary), 0);
    pairs.push((start, Utf8::Boundary));
    let mut next = 0;
    while next < pairs.len() {
        let (state, utf8) = pairs[next];
        let mut out = Vec::new();
        if !dfa.is_dead_state(state) {
            for byte in 0..=u8::MAX {
                let Some(utf8_after) = utf8.next(byte) else {
                    continue;
                };
                let pair = (dfa.next_state(state, byte), utf8_after);
                let id = *index.entry(pair).or_insert_with(|| {
                    pairs.push(pair);
                    pairs.len() - 1
                });
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        if pairs.len() > MAX_PAIRS {
            return None;
        }
        edges.push(out);
        next += 1;
    }

    // Greatest fixpoint: start from every pair that could be universal, drop the ones with an
    // edge leaving the set, until nothing changes.
    let mut universal: Vec<bool> = pairs
        .iter()
        .map(|&(state, utf8)| {
            !dfa.is_dead_state(state)
                && (utf8 != Utf8::Boundary || dfa.is_match_state(dfa.next_eoi_state(state)))
        })
        .collect();
    let mut changed = true;
    while changed {
        changed = false;
        for (i, out) in edges.iter().enumerate() {
            if universal[i] && out.iter().any(|&j| !universal[j]) {
                universal[i] = false;
                changed = true;
            }
        }
    }

    let stride2 = dfa.stride2();
    let len = pairs
        .iter()
        .map(|(state, _)| (state.as_usize() >> stride2) + 1)
        .max()
        .unwrap_or(0);
    let mut by_state = vec![false; len];
    for (&(state, utf8), &is_universal) in pairs.iter().zip(&universal) {
        if utf8 == Utf8::Boundary && is_universal {
            by_state[state.as_usize() >> stride2] = true;
        }
    }
    Some(by_state)
}
