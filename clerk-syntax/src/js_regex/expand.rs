//! Removing path-to-regexp's own negative lookaheads.
//!
//! For a parameter that follows text without a delimiter, path-to-regexp 6.3 generates
//! `(?:(?!TEXT)[^\/#\?])+?`: no position inside the parameter may start `TEXT`, even when
//! `TEXT` runs on past the parameter's end. When `TEXT` is one character this is a class (the
//! emitter handles it). For longer text this module rewrites `(?:(?!P)C)+` followed by the
//! rest `K` of the regex into an equivalent regex without lookahead:
//!
//! - the parameter's text `w` is read by the KMP automaton of `P` (an occurrence of `P`
//!   inside `w` is forbidden), ending in state `j` (the longest suffix of `w` that begins `P`);
//! - the rest must then not begin with `P[b..]` for any `b` in the border chain of `j`,
//!   computed with derivatives of `K`.
//!
//! The result is `⋃_j W_j · avoid(K, {P[b..]})`, a regular expression the linear-time engine
//! runs. Only lookaheads the caller marks as generated are rewritten; a lookahead written in a
//! pattern stays an error.

use super::emit::{Mode, char_set};
use super::parse::Node;
use super::set::CharSet;

/// Longest lookahead text rewritten (the construction grows quickly with it).
const MAX_TEXT: usize = 4;

/// Largest rewritten regex, in nodes; beyond it the rewrite is refused, which bounds the work
/// (each rewrite is polynomial in the size of the rest of the pattern).
const MAX_NODES: usize = 4_000;

/// The number of nodes of `node`, counting at most up to `MAX_NODES + 1`.
fn size(node: &Node) -> usize {
    fn walk(node: &Node, count: &mut usize) {
        *count += 1;
        if *count > MAX_NODES {
            return;
        }
        match node {
            Node::Group(inner)
            | Node::Repeat { node: inner, .. }
            | Node::Look { body: inner, .. } => {
                walk(inner, count);
            }
            Node::Concat(items) | Node::Alt(items) => {
                for item in items {
                    walk(item, count);
                }
            }
            _ => {}
        }
    }
    let mut count = 0;
    walk(node, &mut count);
    count
}

/// Why the rewrite did not happen: a lookahead that is not allowed (its offset), or a shape
/// this module does not rewrite.
pub(crate) enum Refusal {
    Written(usize),
    Unsupported,
}

type Res<T> = Result<T, Refusal>;

/// `node` with every allowed `(?:(?!P)C)+` rewritten; `allowed` lists the byte offsets of the
/// lookaheads that may be rewritten.
pub(crate) fn expand(node: &Node, mode: Mode, allowed: &[usize]) -> Res<Node> {
    let cx = Cx { mode, allowed };
    let node = cx.normalize(node);
    cx.node(&node, Node::Empty)
}

struct Cx<'a> {
    mode: Mode,
    allowed: &'a [usize],
}

fn concat(a: Node, b: Node) -> Node {
    match (a, b) {
        (Node::Empty, b) => b,
        (a, Node::Empty) => a,
        (a, b) => Node::Concat(vec![a, b]),
    }
}

fn alt(parts: Vec<Node>) -> Option<Node> {
    match parts.len() {
        0 => None,
        1 => parts.into_iter().next(),
        _ => Some(Node::Alt(parts)),
    }
}

fn class(set: CharSet) -> Option<Node> {
    (!set.is_empty()).then_some(Node::Class {
        set,
        negated: false,
    })
}

/// `node*`, with `ε` alternatives dropped (`(ε|x)*` is `x*`).
fn star(node: Node) -> Node {
    let node = match node {
        Node::Alt(items) => match alt(items.into_iter().filter(|n| *n != Node::Empty).collect()) {
            Some(n) => n,
            None => return Node::Empty,
        },
        Node::Empty => return Node::Empty,
        other => other,
    };
    Node::Repeat {
        node: Box::new(Node::Group(Box::new(node))),
        min: 0,
        max: None,
        start: 0,
    }
}

fn has_look(node: &Node) -> bool {
    match node {
        Node::Look { .. } => true,
        Node::Group(inner) | Node::Repeat { node: inner, .. } => has_look(inner),
        Node::Concat(items) | Node::Alt(items) => items.iter().any(has_look),
        _ => false,
    }
}

impl Cx<'_> {
    /// Rewrites `(?!x)C` (one character each) into the class `C` minus `x`, everywhere.
    fn normalize(&self, node: &Node) -> Node {
        match node {
            Node::Group(inner) => Node::Group(Box::new(self.normalize(inner))),
            Node::Repeat {
                node: inner,
                min,
                max,
                start,
            } => Node::Repeat {
                node: Box::new(self.normalize(inner)),
                min: *min,
                max: *max,
                start: *start,
            },
            Node::Alt(items) => Node::Alt(items.iter().map(|n| self.normalize(n)).collect()),
            Node::Concat(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut i = 0;
                while i < items.len() {
                    if let Node::Look {
                        ahead: true,
                        negative: true,
                        body,
                        ..
                    } = &items[i]
                        && let (Some(excluded), Some(next)) = (
                            char_set(body, self.mode),
                            items.get(i + 1).and_then(|n| char_set(n, self.mode)),
                        )
                    {
                        out.push(Node::Class {
                            set: next.difference(&excluded),
                            negated: false,
                        });
                        i += 2;
                        continue;
                    }
                    out.push(self.normalize(&items[i]));
                    i += 1;
                }
                Node::Concat(out)
            }
            other => other.clone(),
        }
    }

    /// `x` followed by `k` (already free of lookahead), with the lookaheads in `x` resolved.
    fn node(&self, x: &Node, k: Node) -> Res<Node> {
        if !has_look(x) {
            return Ok(concat(x.clone(), k));
        }
        match x {
            Node::Group(inner) => self.node(inner, k),
            Node::Concat(items) => items.iter().rev().try_fold(k, |k, item| self.node(item, k)),
            Node::Alt(alts) => {
                let parts = alts
                    .iter()
                    .map(|a| self.node(a, k.clone()))
                    .collect::<Res<Vec<_>>>()?;
                alt(parts).ok_or(Refusal::Unsupported)
            }
            Node::Repeat {
                node: y, min, max, ..
            } => {
                if let (1, None) = (min, max)
                    && let Some((text, consumed)) = self.lookahead_run(y)?
                {
                    return self.kmp(&text, &consumed, &k);
                }
                match (min, max) {
                    (0, Some(1)) => Ok(Node::Alt(vec![self.node(y, k.clone())?, k])),
                    (1, Some(1)) => self.node(y, k),
                    _ => Err(Refusal::Unsupported),
                }
            }
            Node::Look { start, .. } => Err(self.refuse(*start)),
            _ => Err(Refusal::Unsupported),
        }
    }

    fn refuse(&self, start: usize) -> Refusal {
        if self.allowed.contains(&start) {
            Refusal::Unsupported
        } else {
            Refusal::Written(start)
        }
    }

    /// `(?:(?!P)C)` as (the sets of `P`, the set of `C`).
    fn lookahead_run(&self, y: &Node) -> Res<Option<(Vec<CharSet>, CharSet)>> {
        let inner = match y {
            Node::Group(inner) => inner.as_ref(),
            other => other,
        };
        let Node::Concat(items) = inner else {
            return Ok(None);
        };
        let [
            Node::Look {
                ahead: true,
                negative: true,
                body,
                start,
                ..
            },
            consumed,
        ] = items.as_slice()
        else {
            return Ok(None);
        };
        if !self.allowed.contains(start) {
            return Err(Refusal::Written(*start));
        }
        let letters: Vec<&Node> = match body.as_ref() {
            Node::Concat(items) => items.iter().collect(),
            other => vec![other],
        };
        let text = letters
            .iter()
            .map(|n| char_set(n, self.mode))
            .collect::<Option<Vec<_>>>()
            .ok_or(Refusal::Unsupported)?;
        let consumed = char_set(consumed, self.mode).ok_or(Refusal::Unsupported)?;
        if text.is_empty() || text.len() > MAX_TEXT {
            return Err(Refusal::Unsupported);
        }
        Ok(Some((text, consumed)))
    }

    /// `(?:(?!P)C)+` followed by `rest`.
    fn kmp(&self, text: &[CharSet], consumed: &CharSet, rest: &Node) -> Res<Node> {
        if size(rest).saturating_mul(text.len()) > MAX_NODES {
            return Err(Refusal::Unsupported);
        }
        let automaton = Automaton::new(text, consumed);
        let paths = automaton.paths();
        let mut branches = Vec::new();
        for (state, _) in text.iter().enumerate() {
            // Non-empty words ending in `state`: a path to some state, then one step.
            let words = alt(automaton
                .label
                .iter()
                .zip(&paths[0])
                .filter_map(|(row, path)| {
                    let step = class(row[state].clone()?)?;
                    Some(concat(path.clone()?, step))
                })
                .collect());
            let Some(words) = words else { continue };
            let mut forbidden = Vec::new();
            let mut border = state;
            while border > 0 {
                forbidden.push(text[border..].to_vec());
                border = automaton.failure(border);
            }
            if let Some(tail) = self.avoid(rest, &forbidden)? {
                branches.push(concat(Node::Group(Box::new(words)), tail));
            }
        }
        // No branch: nothing can match; an empty class says so.
        let out = alt(branches).unwrap_or(Node::Class {
            set: CharSet::empty(),
            negated: false,
        });
        if size(&out) > MAX_NODES {
            return Err(Refusal::Unsupported);
        }
        Ok(out)
    }

    /// The words of `r` that begin with none of `forbidden` (sequences of letter sets).
    fn avoid(&self, r: &Node, forbidden: &[Vec<CharSet>]) -> Res<Option<Node>> {
        if forbidden.iter().any(Vec::is_empty) {
            return Ok(None);
        }
        if forbidden.is_empty() {
            return Ok(Some(r.clone()));
        }
        let mut parts = Vec::new();
        if self.nullable(r, true)? {
            parts.push(Node::LineEnd);
        }
        let mut firsts: Vec<&CharSet> = Vec::new();
        for f in forbidden {
            if !firsts.contains(&&f[0]) {
                firsts.push(&f[0]);
            }
        }
        let others = firsts
            .iter()
            .fold(CharSet::all(), |acc, f| acc.difference(f));
        if let Some(n) = self.restrict(r, &others)? {
            parts.push(n);
        }
        for first in firsts {
            let tails: Vec<Vec<CharSet>> = forbidden
                .iter()
                .filter(|f| &f[0] == first)
                .map(|f| f[1..].to_vec())
                .collect();
            if let Some(d) = self.derive(r, first)?
                && let Some(a) = self.avoid(&d, &tails)?
                && let Some(c) = class(first.clone())
            {
                parts.push(concat(c, a));
            }
        }
        Ok(alt(parts))
    }

    /// Whether `r` matches the empty string here; `at_end` says whether the input ends here.
    fn nullable(&self, r: &Node, at_end: bool) -> Res<bool> {
        Ok(match r {
            Node::Empty => true,
            Node::LineEnd => at_end && !self.mode.multiline,
            Node::LineStart | Node::Literal(_) | Node::Class { .. } | Node::Dot => false,
            Node::Group(inner) => self.nullable(inner, at_end)?,
            Node::Concat(items) => {
                for item in items {
                    if !self.nullable(item, at_end)? {
                        return Ok(false);
                    }
                }
                true
            }
            Node::Alt(items) => {
                for item in items {
                    if self.nullable(item, at_end)? {
                        return Ok(true);
                    }
                }
                false
            }
            Node::Repeat { node, min, .. } => *min == 0 || self.nullable(node, at_end)?,
            Node::Look { start, .. } => return Err(self.refuse(*start)),
            Node::WordBoundary { .. } | Node::BackRef { .. } => return Err(Refusal::Unsupported),
        })
    }

    /// The words of `r` whose first character is in `first` (a word then exists, so the
    /// input does not end at the start).
    fn restrict(&self, r: &Node, first: &CharSet) -> Res<Option<Node>> {
        self.step(r, first, |set, first| {
            Ok(class(set.difference(&set.difference(first))))
        })
    }

    /// `r`'s words that begin with a character of `letter` (a fold class all of whose members
    /// `r` treats alike), without that character.
    fn derive(&self, r: &Node, letter: &CharSet) -> Res<Option<Node>> {
        self.step(r, letter, |set, letter| {
            if letter.difference(set).is_empty() {
                Ok(Some(Node::Empty))
            } else if letter.difference(&letter.difference(set)).is_empty() {
                Ok(None)
            } else {
                // Some members of the letter match and others not: not a fold class of `r`.
                Err(Refusal::Unsupported)
            }
        })
    }

    /// The shared recursion of [`restrict`](Self::restrict) and [`derive`](Self::derive):
    /// `leaf` says what a single-character node becomes.
    fn step(
        &self,
        r: &Node,
        first: &CharSet,
        leaf: impl Fn(&CharSet, &CharSet) -> Res<Option<Node>> + Copy,
    ) -> Res<Option<Node>> {
        if let Some(set) = char_set(r, self.mode) {
            return leaf(&set, first);
        }
        Ok(match r {
            Node::Empty | Node::LineEnd | Node::LineStart => None,
            Node::Group(inner) => self.step(inner, first, leaf)?,
            Node::Concat(items) => {
                let Some((head, tail)) = items.split_first() else {
                    return Ok(None);
                };
                let rest = Node::Concat(tail.to_vec());
                let mut parts = Vec::new();
                if let Some(h) = self.step(head, first, leaf)? {
                    parts.push(concat(h, rest.clone()));
                }
                if self.nullable(head, false)?
                    && let Some(t) = self.step(&rest, first, leaf)?
                {
                    parts.push(t);
                }
                alt(parts)
            }
            Node::Alt(items) => {
                let mut parts = Vec::new();
                for item in items {
                    parts.extend(self.step(item, first, leaf)?);
                }
                alt(parts)
            }
            Node::Repeat {
                node,
                min,
                max,
                start,
            } => {
                if *max == Some(0) {
                    return Ok(None);
                }
                self.step(node, first, leaf)?.map(|h| {
                    let max = max.map(|m| m - 1);
                    let more = if max == Some(0) {
                        Node::Empty
                    } else {
                        Node::Repeat {
                            node: node.clone(),
                            min: min.saturating_sub(1),
                            max,
                            start: *start,
                        }
                    };
                    concat(h, more)
                })
            }
            Node::Look { start, .. } => return Err(self.refuse(*start)),
            _ => return Err(Refusal::Unsupported),
        })
    }
}

/// The KMP automaton of a text `P` over the characters a parameter may consume. State `j`
/// means "the longest suffix read that begins `P` has length `j`"; reading all of `P` (state
/// `P.len()`) is dead, so it has no state here.
struct Automaton {
    /// Each letter of `P` as the index of its first equal letter (letters are fold classes,
    /// so two are equal or disjoint).
    ids: Vec<usize>,
    /// `label[i][j]`: the characters leading from state `i` to state `j`.
    label: Vec<Vec<Option<CharSet>>>,
}

impl Automaton {
    fn new(text: &[CharSet], consumed: &CharSet) -> Self {
        let len = text.len();
        let ids: Vec<usize> = (0..len)
            .map(|i| (0..=i).find(|&j| text[j] == text[i]).unwrap_or(i))
            .collect();
        // The alphabet: each distinct letter (as far as the parameter allows it), and every
        // other character the parameter allows.
        let mut symbols: Vec<(CharSet, Option<usize>)> = Vec::new();
        let mut others = consumed.clone();
        for (i, letter) in text.iter().enumerate() {
            if ids[i] == i {
                others = others.difference(letter);
                let set = consumed.difference(&consumed.difference(letter));
                if !set.is_empty() {
                    symbols.push((set, Some(i)));
                }
            }
        }
        if !others.is_empty() {
            symbols.push((others, None));
        }
        let mut automaton = Self {
            ids,
            label: vec![vec![None; len]; len],
        };
        for from in 0..len {
            for (set, symbol) in &symbols {
                let to = automaton.step(from, *symbol);
                if to < len {
                    let cell = &mut automaton.label[from][to];
                    *cell = Some(cell.take().map_or_else(|| set.clone(), |s| s.union(set)));
                }
            }
        }
        automaton
    }

    /// Whether the last `b` symbols of `seq` are the first `b` letters of `P`.
    fn ends_with_prefix(&self, seq: &[Option<usize>], b: usize) -> bool {
        seq.len() >= b
            && seq[seq.len() - b..]
                .iter()
                .zip(&self.ids[..b])
                .all(|(s, id)| *s == Some(*id))
    }

    /// The state after reading `symbol` (a letter index, or `None` for any other character)
    /// in state `from`.
    fn step(&self, from: usize, symbol: Option<usize>) -> usize {
        let mut seq: Vec<Option<usize>> = self.ids[..from].iter().map(|&i| Some(i)).collect();
        seq.push(symbol);
        (0..=self.ids.len().min(from + 1))
            .rev()
            .find(|&b| self.ends_with_prefix(&seq, b))
            .unwrap_or(0)
    }

    /// The longest proper border of the first `b` letters.
    fn failure(&self, b: usize) -> usize {
        let seq: Vec<Option<usize>> = self.ids[..b].iter().map(|&i| Some(i)).collect();
        (0..b)
            .rev()
            .find(|&c| self.ends_with_prefix(&seq, c))
            .unwrap_or(0)
    }

    /// Kleene's construction: `paths[i][j]` matches every word leading from `i` to `j`
    /// (`ε` included when `i == j`).
    fn paths(&self) -> Vec<Vec<Option<Node>>> {
        let len = self.ids.len();
        let mut paths: Vec<Vec<Option<Node>>> = self
            .label
            .iter()
            .enumerate()
            .map(|(i, row)| {
                row.iter()
                    .enumerate()
                    .map(|(j, label)| {
                        let step = label.clone().and_then(class);
                        match (i == j, step) {
                            (true, Some(s)) => Some(Node::Alt(vec![Node::Empty, s])),
                            (true, None) => Some(Node::Empty),
                            (false, s) => s,
                        }
                    })
                    .collect()
            })
            .collect();
        for via in 0..len {
            // paths[via][via] holds ε, so the paths through `via` are in · loop* · out.
            let loop_ = paths[via][via].clone().map_or(Node::Empty, star);
            let mut next = paths.clone();
            for (i, row) in next.iter_mut().enumerate() {
                for (j, cell) in row.iter_mut().enumerate() {
                    let (Some(into), Some(out)) = (&paths[i][via], &paths[via][j]) else {
                        continue;
                    };
                    *cell = Some(match (i == via, j == via) {
                        (true, true) => loop_.clone(),
                        (true, false) => concat(loop_.clone(), out.clone()),
                        (false, true) => concat(into.clone(), loop_.clone()),
                        (false, false) => {
                            let through = concat(concat(into.clone(), loop_.clone()), out.clone());
                            match cell.take() {
                                Some(c) => Node::Alt(vec![c, through]),
                                None => through,
                            }
                        }
                    });
                }
            }
            paths = next;
        }
        paths
    }
}
