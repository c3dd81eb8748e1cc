//! Lowering a parsed JavaScript regex to Rust `regex` syntax with the same meaning.
//!
//! Case folding is expanded into explicit classes (the output never uses `(?i)`), `\d`, `\w`
//! and `\b` stay ASCII, `.` matches every character (a deliberate deviation: JavaScript's `.`
//! stops at line terminators, which lets `/admin/%0A` slip past `/admin(.*)`), `^`/`$` become
//! `\A`/`\z` (or their multi-line forms). Lookaround and backreferences were rejected by the
//! parser's caller, except a negative lookahead of one character followed by one character,
//! `(?!x)[^/]`, which is the same as a class and is what path-to-regexp itself generates.

use std::fmt::Write as _;

use super::REPETITION_LIMIT;
use super::error::RegexErrorKind;
use super::fold;
use super::parse::Node;
use super::set::CharSet;

/// Largest estimated automaton size accepted (roughly NFA states).
const WEIGHT_LIMIT: u64 = 200_000;

/// How the regex is read.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Mode {
    pub(crate) ignore_case: bool,
    pub(crate) unicode: bool,
    pub(crate) multiline: bool,
}

pub(crate) type EmitError = (usize, RegexErrorKind);

/// Rust regex syntax for `node`.
pub(crate) fn emit(node: &Node, mode: Mode, src: &str) -> Result<String, EmitError> {
    let mut e = Emitter { mode, src };
    let (out, weight) = e.node(node)?;
    if weight > WEIGHT_LIMIT {
        return Err((0, RegexErrorKind::TooComplex));
    }
    Ok(out.text)
}

/// Emitted text, and whether a quantifier can follow it directly.
struct Out {
    text: String,
    atomic: bool,
    /// An alternation at top level (must be wrapped inside a sequence).
    alternation: bool,
}

impl Out {
    fn atom(text: String) -> Self {
        Self {
            text,
            atomic: true,
            alternation: false,
        }
    }
}

struct Emitter<'a> {
    mode: Mode,
    src: &'a str,
}

impl Emitter<'_> {
    fn single_char_set(&self, node: &Node) -> Option<CharSet> {
        char_set(node, self.mode)
    }

    fn node(&mut self, node: &Node) -> Result<(Out, u64), EmitError> {
        if let Some(set) = self.single_char_set(node) {
            let weight = set.ranges().len() as u64;
            return Ok((Out::atom(set_text(&set)), weight.max(1)));
        }
        match node {
            Node::Empty => Ok((
                Out {
                    text: String::new(),
                    atomic: false,
                    alternation: false,
                },
                0,
            )),
            Node::LineStart => Ok((
                Out::atom(
                    if self.mode.multiline {
                        "(?mR:^)"
                    } else {
                        "\\A"
                    }
                    .to_owned(),
                ),
                1,
            )),
            Node::LineEnd => Ok((
                Out::atom(
                    if self.mode.multiline {
                        "(?mR:$)"
                    } else {
                        "\\z"
                    }
                    .to_owned(),
                ),
                1,
            )),
            Node::WordBoundary { negated } => Ok((
                Out::atom(if *negated { "(?-u:\\B)" } else { "(?-u:\\b)" }.to_owned()),
                1,
            )),
            Node::Group(inner) => {
                let (out, weight) = self.node(inner)?;
                Ok((Out::atom(format!("(?:{})", out.text)), weight))
            }
            Node::Concat(items) => self.concat(items),
            Node::Alt(alts) => {
                let mut parts = Vec::with_capacity(alts.len());
                let mut weight = 0u64;
                for alt in alts {
                    let (out, w) = self.node(alt)?;
                    parts.push(out.text);
                    weight = weight.saturating_add(w);
                }
                Ok((
                    Out {
                        text: parts.join("|"),
                        atomic: false,
                        alternation: true,
                    },
                    weight,
                ))
            }
            Node::Repeat {
                node,
                min,
                max,
                start,
            } => self.repeat(node, *min, *max, *start),
            Node::Look {
                ahead,
                negative,
                start,
                end,
                ..
            } => Err((
                *start,
                RegexErrorKind::Lookaround {
                    syntax: match (ahead, negative) {
                        (true, false) => "(?=",
                        (true, true) => "(?!",
                        (false, false) => "(?<=",
                        (false, true) => "(?<!",
                    },
                    fragment: self.src.get(*start..*end).unwrap_or_default().to_owned(),
                },
            )),
            Node::BackRef { start, end } => Err((
                *start,
                RegexErrorKind::Backreference {
                    fragment: self.src.get(*start..*end).unwrap_or_default().to_owned(),
                },
            )),
            Node::Literal(_) | Node::Class { .. } | Node::Dot => {
                unreachable!("single characters are handled above")
            }
        }
    }

    fn repeat(
        &mut self,
        node: &Node,
        min: u32,
        max: Option<u32>,
        start: usize,
    ) -> Result<(Out, u64), EmitError> {
        for count in std::iter::once(min).chain(max) {
            if count > REPETITION_LIMIT {
                return Err((start, RegexErrorKind::RepetitionTooLarge { count }));
            }
        }
        let (out, weight) = self.node(node)?;
        let body = if out.atomic {
            out.text
        } else {
            format!("(?:{})", out.text)
        };
        let quantifier = match (min, max) {
            (0, None) => "*".to_owned(),
            (1, None) => "+".to_owned(),
            (0, Some(1)) => "?".to_owned(),
            (n, None) => format!("{{{n},}}"),
            (n, Some(m)) if n == m => format!("{{{n}}}"),
            (n, Some(m)) => format!("{{{n},{m}}}"),
        };
        let copies = u64::from(max.unwrap_or(min).max(min).max(1)) + 1;
        Ok((
            Out {
                text: format!("{body}{quantifier}"),
                atomic: false,
                alternation: false,
            },
            weight.saturating_mul(copies),
        ))
    }

    fn concat(&mut self, items: &[Node]) -> Result<(Out, u64), EmitError> {
        let mut text = String::new();
        let mut weight = 0u64;
        let mut i = 0;
        while i < items.len() {
            // `(?!x)C` where x and C are single characters: the class C minus x.
            if let Node::Look {
                ahead: true,
                negative: true,
                body,
                ..
            } = &items[i]
                && let (Some(excluded), Some(next)) = (
                    self.single_char_set(body),
                    items.get(i + 1).and_then(|n| self.single_char_set(n)),
                )
            {
                let set = next.difference(&excluded);
                text.push_str(&set_text(&set));
                weight = weight.saturating_add(set.ranges().len() as u64);
                i += 2;
                continue;
            }
            let (out, w) = self.node(&items[i])?;
            if out.alternation {
                let _ = write!(text, "(?:{})", out.text);
            } else {
                text.push_str(&out.text);
            }
            weight = weight.saturating_add(w);
            i += 1;
        }
        let atomic = false;
        Ok((
            Out {
                text,
                atomic,
                alternation: false,
            },
            weight,
        ))
    }
}

/// Every code point that matches some member of `set` in `mode`.
fn fold(set: &CharSet, mode: Mode) -> CharSet {
    match (mode.ignore_case, mode.unicode) {
        (false, _) => set.clone(),
        (true, false) => fold::close_legacy(set),
        (true, true) => fold::close_unicode(set),
    }
}

/// The characters a single-character node matches (case folding applied), if it is one.
pub(crate) fn char_set(node: &Node, mode: Mode) -> Option<CharSet> {
    match node {
        Node::Literal(c) => Some(match (mode.ignore_case, mode.unicode) {
            (false, _) => CharSet::single(*c),
            (true, false) => fold::fold_legacy(*c),
            (true, true) => fold::close_unicode(&CharSet::single(*c)),
        }),
        Node::Class { set, negated } => {
            let folded = fold(set, mode);
            Some(if *negated {
                folded.complement()
            } else {
                folded
            })
        }
        Node::Dot => Some(CharSet::all()),
        Node::Group(inner) => char_set(inner, mode),
        Node::Concat(items) if items.len() == 1 => char_set(&items[0], mode),
        _ => None,
    }
}

/// Rust syntax for a set of characters (surrogates dropped: they never occur in a `&str`).
pub(crate) fn set_text(set: &CharSet) -> String {
    let set = set.without_surrogates();
    if set.has_every_scalar() {
        return "(?s:.)".to_owned();
    }
    let complement = set.complement().without_surrogates();
    match set.ranges() {
        [] => "[^\\x{0}-\\x{10FFFF}]".to_owned(),
        [(lo, hi)] if lo == hi => char_text(*lo),
        _ if complement.ranges().len() < set.ranges().len() => {
            format!("[^{}]", &class_body(&complement))
        }
        _ => format!("[{}]", class_body(&set)),
    }
}

/// The inside of `[…]` for the ranges of `set`.
fn class_body(set: &CharSet) -> String {
    let mut out = String::new();
    for &(lo, hi) in set.ranges() {
        out.push_str(&char_text(lo));
        if hi > lo {
            if hi > lo + 1 {
                out.push('-');
            }
            out.push_str(&char_text(hi));
        }
    }
    out
}

/// One character in Rust regex syntax (valid both inside and outside a class).
fn char_text(c: u32) -> String {
    match char::from_u32(c) {
        Some(ch) if regex_syntax::is_meta_character(ch) => format!("\\{ch}"),
        Some(ch) if ch.is_ascii_graphic() || (!ch.is_ascii() && ch.is_alphanumeric()) => {
            ch.to_string()
        }
        _ => format!("\\x{{{c:X}}}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_text_forms() {
        assert_eq!(set_text(&CharSet::single(u32::from('a'))), "a");
        assert_eq!(set_text(&CharSet::single(u32::from('/'))), "/");
        assert_eq!(set_text(&CharSet::single(u32::from('?'))), "\\?");
        assert_eq!(set_text(&CharSet::single(0x0A)), "\\x{A}");
        assert_eq!(set_text(&CharSet::single(u32::from('é'))), "é");
        assert_eq!(set_text(&CharSet::from_ranges([(0x41, 0x42)])), "[AB]");
        assert_eq!(set_text(&CharSet::from_ranges([(0x41, 0x5A)])), "[A-Z]");
        assert_eq!(set_text(&CharSet::all()), "(?s:.)");
        assert_eq!(set_text(&CharSet::empty()), "[^\\x{0}-\\x{10FFFF}]");
        assert_eq!(set_text(&CharSet::single(0xD800)), "[^\\x{0}-\\x{10FFFF}]");
    }
}
