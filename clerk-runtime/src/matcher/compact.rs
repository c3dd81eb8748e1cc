//! A small route table's DFA copied into a layout that touches few cache lines.
//!
//! `regex_automata`'s dense DFA keeps each state's row as 4-byte state ids, one per byte class
//! rounded up to a power of two: `/admin(.*)` takes 4.7 KB, and reading `/admin/x` touches a
//! different cache line for every byte. Under load, between two requests, the network stack
//! and the other connections push those lines out of the core's caches, and each step of the
//! walk waits for the previous one: the walk costs about a memory latency per byte.
//!
//! Here each state's row is one byte per byte class (up to 255 states), so a typical route
//! table's DFA takes one to a few kilobytes. States are numbered breadth first, byte classes in
//! byte order, so the rows an ASCII path reaches come first. The first [`WARM_BYTES`] of the
//! table are read before each walk, all at once (the reads do not depend on each other, so the
//! core fetches them together), and the walk itself then mostly reads from the core's own
//! cache.

use std::collections::HashMap;

use regex_automata::dfa::{Automaton as _, dense};
use regex_automata::util::primitives::StateID;

/// How much of the transition table is read before each walk: 16 cache lines.
const WARM_BYTES: usize = 1024;

/// The DFA of [`Automaton`](super::automaton::Automaton)'s dense engine, compacted.
#[derive(Debug)]
pub(crate) struct Compact {
    /// The byte class of each byte.
    classes: [u8; 256],
    /// Number of byte classes: the length of a row.
    width: usize,
    /// `next[state * width + class]`: the state after a byte of that class; 0 is dead.
    next: Box<[u8]>,
    /// The state before any input.
    start: u8,
    /// For each state, the range of `patterns` that match when the input ends there.
    ends: Box<[(u32, u32)]>,
    /// The patterns that match at the end, state after state.
    patterns: Box<[u32]>,
}

impl Compact {
    /// Copies `dfa`, walked from `start`; `None` when it has more states than a byte numbers.
    pub(crate) fn of(dfa: &dense::DFA<Vec<u32>>, start: StateID) -> Option<Compact> {
        let byte_classes = dfa.byte_classes();
        let mut classes = [0u8; 256];
        // A byte of each class, to ask the DFA for that class's transitions.
        let mut representatives: Vec<Option<u8>> = Vec::new();
        for byte in 0..=u8::MAX {
            let class = byte_classes.get(byte);
            classes[usize::from(byte)] = class;
            let class = usize::from(class);
            if representatives.len() <= class {
                representatives.resize(class + 1, None);
            }
            representatives[class].get_or_insert(byte);
        }
        let representatives: Vec<u8> = representatives.into_iter().collect::<Option<_>>()?;
        let width = representatives.len();

        // Number the states reachable from `start` breadth first, the dead state as 0.
        let mut ids: HashMap<StateID, u8> = HashMap::new();
        // `states[id]` is the DFA state numbered `id`; id 0, the dead state, is the DFA's too.
        let mut states: Vec<StateID> = vec![StateID::ZERO];
        let mut next = Vec::new();
        let id_of = |state: StateID,
                     ids: &mut HashMap<StateID, u8>,
                     states: &mut Vec<StateID>|
         -> Option<u8> {
            if dfa.is_dead_state(state) {
                return Some(0);
            }
            if dfa.is_quit_state(state) {
                return None;
            }
            if let Some(&id) = ids.get(&state) {
                return Some(id);
            }
            let id = u8::try_from(states.len()).ok()?;
            ids.insert(state, id);
            states.push(state);
            Some(id)
        };
        let start_id = id_of(start, &mut ids, &mut states)?;
        // Row 0 is the dead state's: every byte stays dead.
        next.resize(width, 0);
        let mut row = 1;
        while row < states.len() {
            for &byte in &representatives {
                let to = dfa.next_state(states[row], byte);
                next.push(id_of(to, &mut ids, &mut states)?);
            }
            row += 1;
        }

        let mut ends = Vec::with_capacity(states.len());
        let mut patterns = Vec::new();
        ends.push((0, 0));
        for &state in &states[1..] {
            let from = u32::try_from(patterns.len()).ok()?;
            let end = dfa.next_eoi_state(state);
            if dfa.is_match_state(end) {
                for i in 0..dfa.match_len(end) {
                    patterns.push(dfa.match_pattern(end, i).as_u32());
                }
            }
            ends.push((from, u32::try_from(patterns.len()).ok()?));
        }
        Some(Compact {
            classes,
            width,
            next: next.into_boxed_slice(),
            start: start_id,
            ends: ends.into_boxed_slice(),
            patterns: patterns.into_boxed_slice(),
        })
    }

    /// The patterns that match the whole of `haystack` (from its first byte to its end).
    pub(crate) fn matches(&self, haystack: &[u8]) -> &[u32] {
        self.warm();
        let mut state = self.start;
        for &byte in haystack {
            let class = self.classes[usize::from(byte)];
            state = self.next[usize::from(state) * self.width + usize::from(class)];
            if state == 0 {
                return &[];
            }
        }
        let (from, to) = self.ends[usize::from(state)];
        &self.patterns[from as usize..to as usize]
    }

    /// Reads a byte of every cache line of the byte classes and of the table's first rows, so
    /// that the walk, whose every step waits for the one before, finds those lines already
    /// fetched together.
    fn warm(&self) {
        let rows = &self.next[..self.next.len().min(WARM_BYTES)];
        let mut seen = 0u8;
        for table in [rows, &self.classes[..]] {
            for at in (0..table.len())
                .step_by(64)
                .chain(table.len().checked_sub(1))
            {
                seen ^= table[at];
            }
        }
        std::hint::black_box(seen);
    }

    /// Bytes of the transition table.
    #[cfg(test)]
    pub(crate) fn table_len(&self) -> usize {
        self.next.len()
    }
}
