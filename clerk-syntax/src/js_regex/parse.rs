//! A parser for JavaScript regular expressions (ECMA-262, with the Annex B web-compatibility
//! grammar when the `u` flag is off), as V8 parses them.

use super::error::{JsSyntaxError, RegexErrorKind};
use super::set::CharSet;

/// Deepest group nesting accepted; deeper patterns are [`RegexErrorKind::TooComplex`].
const MAX_DEPTH: usize = 64;

/// One node of a parsed regex.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    /// Matches the empty string.
    Empty,
    /// One character (a code point; a lone surrogate when written as `\uD800`).
    Literal(u32),
    /// A character class, before case folding: `set`, or its complement when `negated`.
    Class { set: CharSet, negated: bool },
    /// `.`
    Dot,
    /// `^`
    LineStart,
    /// `$`
    LineEnd,
    /// `\b` or `\B`.
    WordBoundary { negated: bool },
    /// Any group (capturing, named or not).
    Group(Box<Node>),
    /// A lookahead or lookbehind; `start..end` is its byte span.
    Look {
        ahead: bool,
        negative: bool,
        body: Box<Node>,
        start: usize,
        end: usize,
    },
    /// A backreference; `start..end` is its byte span.
    BackRef { start: usize, end: usize },
    /// A sequence.
    Concat(Vec<Node>),
    /// Alternatives.
    Alt(Vec<Node>),
    /// A quantified node; `start` is the quantifier's byte offset.
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        start: usize,
    },
}

/// A parse failure: byte offset and kind.
pub(crate) type ParseError = (usize, RegexErrorKind);

/// `[0-9]`
pub(crate) fn digits() -> CharSet {
    CharSet::from_ranges([(0x30, 0x39)])
}

/// `[0-9A-Za-z_]`
pub(crate) fn word() -> CharSet {
    CharSet::from_ranges([(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)])
}

/// JavaScript's `\s`: the `WhiteSpace` and `LineTerminator` characters.
pub(crate) fn space() -> CharSet {
    CharSet::from_ranges([
        (0x09, 0x0D),
        (0x20, 0x20),
        (0xA0, 0xA0),
        (0x1680, 0x1680),
        (0x2000, 0x200A),
        (0x2028, 0x2029),
        (0x202F, 0x202F),
        (0x205F, 0x205F),
        (0x3000, 0x3000),
        (0xFEFF, 0xFEFF),
    ])
}

/// Parses `source` as a JavaScript regex body. `extended_word` is the `\w` set for `\W`
/// (JavaScript widens it under `u` + `i`).
pub(crate) fn parse(
    source: &str,
    unicode: bool,
    extended_word: &CharSet,
) -> Result<Node, ParseError> {
    let (captures, names) = scan_groups(source);
    let mut p = Parser {
        src: source,
        chars: source.char_indices().collect(),
        pos: 0,
        unicode,
        captures,
        has_named: !names.is_empty(),
        names,
        seen_names: Vec::new(),
        unknown_reference: None,
        depth: 0,
        extended_word: extended_word.clone(),
    };
    let node = p.disjunction()?;
    if p.pos < p.chars.len() {
        // Only an unmatched `)` stops the top-level disjunction early.
        return Err((
            p.offset(),
            RegexErrorKind::Syntax(JsSyntaxError::UnmatchedParen),
        ));
    }
    if let Some(at) = p.unknown_reference {
        return Err((
            at,
            RegexErrorKind::Syntax(JsSyntaxError::InvalidNamedCaptureReferenced),
        ));
    }
    Ok(node)
}

/// Counts capturing groups and collects group names, skipping escapes and classes, as V8's
/// pre-scan does (needed to tell `\2` as a backreference from `\2` as an octal escape).
fn scan_groups(source: &str) -> (u32, Vec<String>) {
    let chars: Vec<char> = source.chars().collect();
    let mut count = 0u32;
    let mut names = Vec::new();
    let mut i = 0;
    let mut in_class = false;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 1,
            '[' => in_class = true,
            ']' => in_class = false,
            '(' if !in_class => {
                if chars.get(i + 1) != Some(&'?') {
                    count += 1;
                } else if chars.get(i + 2) == Some(&'<')
                    && !matches!(chars.get(i + 3), Some('=' | '!'))
                {
                    count += 1;
                    let name: String = chars[i + 3..].iter().take_while(|&&c| c != '>').collect();
                    names.push(name);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (count, names)
}

struct Parser<'a> {
    src: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
    unicode: bool,
    captures: u32,
    has_named: bool,
    names: Vec<String>,
    seen_names: Vec<String>,
    /// The first `\k<name>` naming no group.
    unknown_reference: Option<usize>,
    depth: usize,
    extended_word: CharSet,
}

/// A class atom: one character, or a set from an escape such as `\d`.
enum ClassAtom {
    Char(u32),
    Set(CharSet),
}

fn syntax(e: JsSyntaxError) -> RegexErrorKind {
    RegexErrorKind::Syntax(e)
}

impl Parser<'_> {
    fn offset(&self) -> usize {
        self.offset_at(self.pos)
    }

    fn offset_at(&self, pos: usize) -> usize {
        self.chars.get(pos).map_or(self.src.len(), |&(o, _)| o)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|&(_, c)| c)
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.chars.get(self.pos + n).map(|&(_, c)| c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn err<T>(&self, kind: RegexErrorKind) -> Result<T, ParseError> {
        Err((self.offset(), kind))
    }

    fn disjunction(&mut self) -> Result<Node, ParseError> {
        let mut alts = vec![self.alternative()?];
        while self.eat('|') {
            alts.push(self.alternative()?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn alternative(&mut self) -> Result<Node, ParseError> {
        let mut terms = Vec::new();
        while let Some(c) = self.peek() {
            if c == '|' || c == ')' {
                break;
            }
            terms.push(self.term()?);
        }
        Ok(match terms.len() {
            0 => Node::Empty,
            1 => terms.pop().unwrap_or(Node::Empty),
            _ => Node::Concat(terms),
        })
    }

    fn term(&mut self) -> Result<Node, ParseError> {
        let start = self.offset();
        let Some(c) = self.peek() else {
            return Ok(Node::Empty);
        };
        let atom = match c {
            '^' => {
                self.pos += 1;
                return self.no_quantifier(Node::LineStart);
            }
            '$' => {
                self.pos += 1;
                return self.no_quantifier(Node::LineEnd);
            }
            '\\' if matches!(self.peek_at(1), Some('b' | 'B')) => {
                let negated = self.peek_at(1) == Some('B');
                self.pos += 2;
                return self.no_quantifier(Node::WordBoundary { negated });
            }
            '(' => {
                let (node, quantifiable) = self.group()?;
                if !quantifiable {
                    if self.quantifier_follows() {
                        return self.err(syntax(JsSyntaxError::InvalidQuantifier));
                    }
                    return Ok(node);
                }
                node
            }
            '[' => self.class()?,
            '*' | '+' | '?' => return self.err(syntax(JsSyntaxError::NothingToRepeat)),
            '{' => {
                if self.try_braces(self.pos).is_some() {
                    return self.err(syntax(JsSyntaxError::NothingToRepeat));
                }
                if self.unicode {
                    return self.err(syntax(JsSyntaxError::LoneQuantifierBrackets));
                }
                self.pos += 1;
                Node::Literal(u32::from('{'))
            }
            '}' | ']' => {
                if self.unicode {
                    return self.err(syntax(JsSyntaxError::LoneQuantifierBrackets));
                }
                self.pos += 1;
                Node::Literal(u32::from(c))
            }
            '.' => {
                self.pos += 1;
                Node::Dot
            }
            '\\' => self.atom_escape(start)?,
            _ => {
                self.pos += 1;
                Node::Literal(u32::from(c))
            }
        };
        self.quantifier(atom)
    }

    /// After an assertion: a quantifier there is "Nothing to repeat".
    fn no_quantifier(&mut self, node: Node) -> Result<Node, ParseError> {
        if self.quantifier_follows() {
            return self.err(syntax(JsSyntaxError::NothingToRepeat));
        }
        Ok(node)
    }

    fn quantifier_follows(&self) -> bool {
        match self.peek() {
            Some('*' | '+' | '?') => true,
            Some('{') => self.try_braces(self.pos).is_some(),
            _ => false,
        }
    }

    /// Parses `{n}`, `{n,}` or `{n,m}` starting at `pos`: `(min, max, position after)`.
    fn try_braces(&self, pos: usize) -> Option<(u32, Option<u32>, usize)> {
        let get = |i: usize| self.chars.get(i).map(|&(_, c)| c);
        if get(pos) != Some('{') {
            return None;
        }
        let mut i = pos + 1;
        let read = |i: &mut usize| -> Option<u32> {
            let begin = *i;
            let mut value: u32 = 0;
            while let Some(d) = get(*i).and_then(|c| c.to_digit(10)) {
                // V8 saturates large counts.
                value = value
                    .saturating_mul(10)
                    .saturating_add(d)
                    .min(i32::MAX as u32);
                *i += 1;
            }
            (*i > begin).then_some(value)
        };
        let min = read(&mut i)?;
        let max = if get(i) == Some(',') {
            i += 1;
            if get(i) == Some('}') {
                None
            } else {
                Some(read(&mut i)?)
            }
        } else {
            Some(min)
        };
        (get(i) == Some('}')).then_some((min, max, i + 1))
    }

    fn quantifier(&mut self, atom: Node) -> Result<Node, ParseError> {
        let start = self.offset();
        let (min, max) = match self.peek() {
            Some('*') => {
                self.pos += 1;
                (0, None)
            }
            Some('+') => {
                self.pos += 1;
                (1, None)
            }
            Some('?') => {
                self.pos += 1;
                (0, Some(1))
            }
            Some('{') => match self.try_braces(self.pos) {
                Some((min, max, after)) => {
                    if max.is_some_and(|max| max < min) {
                        return self.err(syntax(JsSyntaxError::QuantifierOutOfOrder));
                    }
                    self.pos = after;
                    (min, max)
                }
                None if self.unicode => {
                    return self.err(syntax(JsSyntaxError::IncompleteQuantifier));
                }
                None => return Ok(atom),
            },
            _ => return Ok(atom),
        };
        if !self.unicode && matches!(atom, Node::Literal(c) if c > 0xFFFF) {
            // JavaScript would repeat the second UTF-16 unit of the character only.
            return Err((start, RegexErrorKind::QuantifiedAstralCharacter));
        }
        self.eat('?'); // laziness does not change whether a match exists
        Ok(Node::Repeat {
            node: Box::new(atom),
            min,
            max,
            start,
        })
    }

    /// A group; the flag says whether a quantifier may follow.
    fn group(&mut self) -> Result<(Node, bool), ParseError> {
        let start = self.offset();
        self.pos += 1; // (
        if self.depth >= MAX_DEPTH {
            return Err((start, RegexErrorKind::TooComplex));
        }
        let mut look = None;
        let mut name = None;
        if self.eat('?') {
            match self.peek() {
                Some(':') => self.pos += 1,
                Some('=') => {
                    self.pos += 1;
                    look = Some((true, false));
                }
                Some('!') => {
                    self.pos += 1;
                    look = Some((true, true));
                }
                Some('<') if matches!(self.peek_at(1), Some('=' | '!')) => {
                    look = Some((false, self.peek_at(1) == Some('!')));
                    self.pos += 2;
                }
                Some('<') => {
                    self.pos += 1;
                    name = Some(self.read_name()?);
                }
                _ => return self.err(syntax(JsSyntaxError::InvalidGroup)),
            }
        }
        self.depth += 1;
        let body = self.disjunction()?;
        self.depth -= 1;
        if !self.eat(')') {
            return self.err(syntax(JsSyntaxError::UnterminatedGroup));
        }
        let end = self.offset();
        if let Some(name) = name {
            // V8 checks names when the group closes.
            if self.seen_names.contains(&name) {
                return Err((start, syntax(JsSyntaxError::DuplicateCaptureGroupName)));
            }
            self.seen_names.push(name);
        }
        Ok(match look {
            Some((ahead, negative)) => (
                Node::Look {
                    ahead,
                    negative,
                    body: Box::new(body),
                    start,
                    end,
                },
                // Annex B allows quantified lookaheads without `u`.
                ahead && !self.unicode,
            ),
            None => (Node::Group(Box::new(body)), true),
        })
    }

    /// Reads `name>` (after `<`).
    fn read_name(&mut self) -> Result<String, ParseError> {
        let mut name = String::new();
        loop {
            match self.peek() {
                Some('>') if !name.is_empty() => {
                    self.pos += 1;
                    return Ok(name);
                }
                Some(c)
                    if c == '$'
                        || c == '_'
                        || (c.is_alphabetic())
                        || (!name.is_empty()
                            && (c.is_alphanumeric() || c == '\u{200C}' || c == '\u{200D}')) =>
                {
                    name.push(c);
                    self.pos += 1;
                }
                _ => return self.err(syntax(JsSyntaxError::InvalidCaptureGroupName)),
            }
        }
    }

    fn atom_escape(&mut self, start: usize) -> Result<Node, ParseError> {
        self.pos += 1; // backslash
        let Some(c) = self.peek() else {
            return self.err(syntax(JsSyntaxError::EscapeAtEnd));
        };
        match c {
            '1'..='9' => {
                let save = self.pos;
                let mut value: u32 = 0;
                while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
                    value = value.saturating_mul(10).saturating_add(d);
                    self.pos += 1;
                }
                if value <= self.captures {
                    return Ok(Node::BackRef {
                        start,
                        end: self.offset(),
                    });
                }
                if self.unicode {
                    self.pos = save;
                    return self.err(syntax(JsSyntaxError::InvalidEscape));
                }
                self.pos = save;
                if matches!(c, '8' | '9') {
                    self.pos += 1;
                    return Ok(Node::Literal(u32::from(c)));
                }
                Ok(Node::Literal(self.legacy_octal()))
            }
            'k' if self.unicode || self.has_named => {
                self.pos += 1;
                if !self.eat('<') {
                    return self.err(syntax(JsSyntaxError::InvalidNamedReference));
                }
                let name = self
                    .read_name()
                    .map_err(|(o, _)| (o, syntax(JsSyntaxError::InvalidNamedReference)))?;
                if !self.names.contains(&name) {
                    // V8 checks references once the whole pattern is parsed.
                    self.unknown_reference.get_or_insert(start);
                }
                Ok(Node::BackRef {
                    start,
                    end: self.offset(),
                })
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.pos += 1;
                Ok(Node::Class {
                    set: self.class_escape_set(c),
                    negated: false,
                })
            }
            'p' | 'P' if self.unicode => {
                self.pos += 1;
                let set = self.property()?;
                Ok(Node::Class {
                    set: if c == 'P' { set.complement() } else { set },
                    negated: false,
                })
            }
            _ => Ok(Node::Literal(self.character_escape(false)?)),
        }
    }

    /// `\d` and friends as sets.
    fn class_escape_set(&self, c: char) -> CharSet {
        match c {
            'd' => digits(),
            'D' => digits().complement(),
            's' => space(),
            'S' => space().complement(),
            'w' => self.extended_word.clone(),
            _ => self.extended_word.complement(),
        }
    }

    /// Annex B legacy octal escape, at a digit 0-7.
    fn legacy_octal(&mut self) -> u32 {
        let first = self.peek().and_then(|c| c.to_digit(8)).unwrap_or(0);
        self.pos += 1;
        let mut value = first;
        let more = if first <= 3 { 2 } else { 1 };
        for _ in 0..more {
            match self.peek().and_then(|c| c.to_digit(8)) {
                Some(d) => {
                    value = value * 8 + d;
                    self.pos += 1;
                }
                None => break,
            }
        }
        value
    }

    /// A character escape (after the backslash, at the escape letter). `in_class` allows the
    /// class-only forms.
    fn character_escape(&mut self, in_class: bool) -> Result<u32, ParseError> {
        let Some(c) = self.peek() else {
            return self.err(syntax(JsSyntaxError::EscapeAtEnd));
        };
        self.pos += 1;
        Ok(match c {
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => match self.peek() {
                Some(l) if l.is_ascii_alphabetic() => {
                    self.pos += 1;
                    u32::from(l) % 32
                }
                Some(l) if in_class && !self.unicode && (l.is_ascii_digit() || l == '_') => {
                    self.pos += 1;
                    u32::from(l) % 32
                }
                _ if self.unicode => {
                    self.pos -= 1;
                    return self.err(syntax(JsSyntaxError::InvalidUnicodeEscape));
                }
                _ => {
                    // Annex B: the backslash stands for itself and `c` is read again.
                    self.pos -= 1;
                    u32::from('\\')
                }
            },
            '0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => 0,
            '0'..='7' if !self.unicode => {
                self.pos -= 1;
                self.legacy_octal()
            }
            '0'..='9' if self.unicode => {
                self.pos -= 1;
                return self.err(syntax(match (in_class, c) {
                    (false, _) => JsSyntaxError::InvalidDecimalEscape,
                    (true, '8' | '9') => JsSyntaxError::InvalidEscape,
                    (true, _) => JsSyntaxError::InvalidClassEscape,
                }));
            }
            'x' => match self.hex(2) {
                Some(v) => v,
                None if self.unicode => {
                    return self.err(syntax(JsSyntaxError::InvalidEscape));
                }
                None => u32::from('x'),
            },
            'u' => match self.unicode_escape() {
                Some(v) => v,
                None if self.unicode => {
                    return self.err(syntax(JsSyntaxError::InvalidUnicodeEscape));
                }
                None => u32::from('u'),
            },
            '-' if in_class => u32::from('-'),
            _ if self.unicode => {
                if "^$\\.*+?()[]{}|/".contains(c) {
                    u32::from(c)
                } else {
                    self.pos -= 1;
                    return self.err(syntax(JsSyntaxError::InvalidEscape));
                }
            }
            _ => u32::from(c),
        })
    }

    /// `n` hex digits at the current position, consumed only when all are there.
    fn hex(&mut self, n: usize) -> Option<u32> {
        let mut value = 0;
        for i in 0..n {
            value = value * 16 + self.peek_at(i)?.to_digit(16)?;
        }
        self.pos += n;
        Some(value)
    }

    /// After `\u`: `XXXX` (joined with a following `\uXXXX` low surrogate into one code point),
    /// or `{X…}` with the `u` flag.
    fn unicode_escape(&mut self) -> Option<u32> {
        if self.unicode && self.peek() == Some('{') {
            let save = self.pos;
            self.pos += 1;
            let mut value: u32 = 0;
            let mut any = false;
            while let Some(d) = self.peek().and_then(|c| c.to_digit(16)) {
                value = value.saturating_mul(16).saturating_add(d);
                any = true;
                self.pos += 1;
            }
            if !any || !self.eat('}') || value > super::set::MAX {
                self.pos = save;
                return None;
            }
            return Some(value);
        }
        let first = self.hex(4)?;
        if (0xD800..=0xDBFF).contains(&first)
            && self.peek() == Some('\\')
            && self.peek_at(1) == Some('u')
        {
            let save = self.pos;
            self.pos += 2;
            match self.hex(4) {
                Some(low) if (0xDC00..=0xDFFF).contains(&low) => {
                    return Some(0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00));
                }
                _ => self.pos = save,
            }
        }
        Some(first)
    }

    /// After `\p` or `\P` (with `u`): `{Name}` or `{Name=Value}`, resolved with regex-syntax's
    /// Unicode tables.
    fn property(&mut self) -> Result<CharSet, ParseError> {
        if !self.eat('{') {
            return self.err(syntax(JsSyntaxError::InvalidPropertyName));
        }
        let begin = self.pos;
        while self
            .peek()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '=')
        {
            self.pos += 1;
        }
        let name: String = self.chars[begin..self.pos]
            .iter()
            .map(|&(_, c)| c)
            .collect();
        if name.is_empty() || !self.eat('}') {
            return self.err(syntax(JsSyntaxError::InvalidPropertyName));
        }
        let hir = regex_syntax::ParserBuilder::new()
            .build()
            .parse(&format!("\\p{{{name}}}"));
        match hir.as_ref().map(regex_syntax::hir::Hir::kind) {
            Ok(regex_syntax::hir::HirKind::Class(regex_syntax::hir::Class::Unicode(class))) => {
                Ok(CharSet::from_ranges(
                    class
                        .ranges()
                        .iter()
                        .map(|r| (u32::from(r.start()), u32::from(r.end()))),
                ))
            }
            _ => Err((
                self.offset_at(begin),
                syntax(JsSyntaxError::InvalidPropertyName),
            )),
        }
    }

    fn class(&mut self) -> Result<Node, ParseError> {
        self.pos += 1; // [
        let negated = self.eat('^');
        let mut set = CharSet::empty();
        loop {
            match self.peek() {
                None => return self.err(syntax(JsSyntaxError::UnterminatedClass)),
                Some(']') => {
                    self.pos += 1;
                    return Ok(Node::Class { set, negated });
                }
                Some(_) => {}
            }
            let first = self.class_atom()?;
            if self.peek() == Some('-') && !matches!(self.peek_at(1), Some(']') | None) {
                self.pos += 1; // -
                let range_at = self.offset();
                let second = self.class_atom()?;
                match (first, second) {
                    (ClassAtom::Char(lo), ClassAtom::Char(hi)) => {
                        if lo > hi {
                            return Err((range_at, syntax(JsSyntaxError::RangeOutOfOrder)));
                        }
                        set = set.union(&CharSet::from_ranges([(lo, hi)]));
                    }
                    (a, b) => {
                        if self.unicode {
                            return Err((range_at, syntax(JsSyntaxError::InvalidCharacterClass)));
                        }
                        for atom in [a, b] {
                            set = set.union(&atom_set(atom));
                        }
                        set = set.union(&CharSet::single(u32::from('-')));
                    }
                }
            } else {
                set = set.union(&atom_set(first));
            }
        }
    }

    fn class_atom(&mut self) -> Result<ClassAtom, ParseError> {
        let Some(c) = self.peek() else {
            return self.err(syntax(JsSyntaxError::UnterminatedClass));
        };
        if c != '\\' {
            self.pos += 1;
            return Ok(ClassAtom::Char(u32::from(c)));
        }
        self.pos += 1;
        let Some(e) = self.peek() else {
            return self.err(syntax(JsSyntaxError::EscapeAtEnd));
        };
        match e {
            'b' => {
                self.pos += 1;
                Ok(ClassAtom::Char(0x08))
            }
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.pos += 1;
                Ok(ClassAtom::Set(self.class_escape_set(e)))
            }
            'p' | 'P' if self.unicode => {
                self.pos += 1;
                let set = self
                    .property()
                    .map_err(|(at, _)| (at, syntax(JsSyntaxError::InvalidClassPropertyName)))?;
                Ok(ClassAtom::Set(if e == 'P' {
                    set.complement()
                } else {
                    set
                }))
            }
            '8' | '9' if !self.unicode => {
                self.pos += 1;
                Ok(ClassAtom::Char(u32::from(e)))
            }
            'k' if self.has_named && !self.unicode => {
                self.err(syntax(JsSyntaxError::InvalidEscape))
            }
            _ => Ok(ClassAtom::Char(self.character_escape(true)?)),
        }
    }
}

fn atom_set(atom: ClassAtom) -> CharSet {
    match atom {
        ClassAtom::Char(c) => CharSet::single(c),
        ClassAtom::Set(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(src: &str) -> Result<Node, ParseError> {
        parse(src, false, &word())
    }

    fn syntax_err(src: &str) -> JsSyntaxError {
        match p(src) {
            Err((_, RegexErrorKind::Syntax(e))) => e,
            other => panic!("{src}: expected a syntax error, got {other:?}"),
        }
    }

    #[test]
    fn annex_b_literals() {
        assert_eq!(p("]").unwrap(), Node::Literal(u32::from(']')));
        assert_eq!(p("{").unwrap(), Node::Literal(u32::from('{')));
        assert_eq!(
            p("a{,2}").unwrap(),
            Node::Concat(
                ["a", "{", ",", "2", "}"]
                    .iter()
                    .map(|s| Node::Literal(u32::from(s.chars().next().unwrap())))
                    .collect()
            )
        );
        assert_eq!(p("\\z").unwrap(), Node::Literal(u32::from('z')));
        assert_eq!(
            p("\\x4").unwrap(),
            Node::Concat(vec![
                Node::Literal(u32::from('x')),
                Node::Literal(u32::from('4'))
            ])
        );
        assert_eq!(p("\\1").unwrap(), Node::Literal(1));
        assert_eq!(p("\\101").unwrap(), Node::Literal(0o101));
        assert_eq!(p("\\8").unwrap(), Node::Literal(u32::from('8')));
        assert_eq!(p("\\0").unwrap(), Node::Literal(0));
        assert_eq!(p("\\cA").unwrap(), Node::Literal(1));
        assert_eq!(p("\\u0041").unwrap(), Node::Literal(0x41));
        assert_eq!(p("\\uD83D\\uDE00").unwrap(), Node::Literal(0x1F600));
        assert_eq!(p("\\k").unwrap(), Node::Literal(u32::from('k')));
    }

    #[test]
    fn syntax_errors_use_v8_kinds() {
        assert_eq!(syntax_err("("), JsSyntaxError::UnterminatedGroup);
        assert_eq!(syntax_err("a)"), JsSyntaxError::UnmatchedParen);
        assert_eq!(syntax_err("*"), JsSyntaxError::NothingToRepeat);
        assert_eq!(syntax_err("a**"), JsSyntaxError::NothingToRepeat);
        assert_eq!(syntax_err("^*"), JsSyntaxError::NothingToRepeat);
        assert_eq!(syntax_err("{1}"), JsSyntaxError::NothingToRepeat);
        assert_eq!(syntax_err("["), JsSyntaxError::UnterminatedClass);
        assert_eq!(syntax_err("[z-a]"), JsSyntaxError::RangeOutOfOrder);
        assert_eq!(syntax_err("a{2,1}"), JsSyntaxError::QuantifierOutOfOrder);
        assert_eq!(syntax_err("(?x)"), JsSyntaxError::InvalidGroup);
        assert_eq!(syntax_err("a\\"), JsSyntaxError::EscapeAtEnd);
        assert_eq!(
            syntax_err("(?<a>x)(?<a>y)"),
            JsSyntaxError::DuplicateCaptureGroupName
        );
        assert_eq!(
            syntax_err("(?<a>x)\\k<b>"),
            JsSyntaxError::InvalidNamedCaptureReferenced
        );
    }

    #[test]
    fn backreferences_and_lookaround_are_recognised() {
        assert_eq!(
            p("(a)\\1").unwrap(),
            Node::Concat(vec![
                Node::Group(Box::new(Node::Literal(97))),
                Node::BackRef { start: 3, end: 5 }
            ])
        );
        assert!(
            matches!(p("(?<n>a)\\k<n>").unwrap(), Node::Concat(v) if v[1] == Node::BackRef { start: 7, end: 12 })
        );
        assert!(matches!(
            p("(?!a)").unwrap(),
            Node::Look {
                negative: true,
                ahead: true,
                ..
            }
        ));
        assert!(matches!(p("(?<=a)b").unwrap(), Node::Concat(_)));
    }

    #[test]
    fn class_ranges_with_escapes() {
        let Node::Class { set, negated } = p("[\\w-a]").unwrap() else {
            panic!()
        };
        assert!(!negated && set.contains(u32::from('-')) && set.contains(u32::from('Q')));
        let Node::Class { set, negated } = p("[^\\d]").unwrap() else {
            panic!()
        };
        assert!(negated && set.contains(u32::from('5')) && !set.contains(u32::from('a')));
        assert!(matches!(
            parse("[\\w-a]", true, &word()),
            Err((
                _,
                RegexErrorKind::Syntax(JsSyntaxError::InvalidCharacterClass)
            ))
        ));
    }

    #[test]
    fn deep_nesting_is_too_complex() {
        let src = "(".repeat(100) + &")".repeat(100);
        assert!(matches!(p(&src), Err((_, RegexErrorKind::TooComplex))));
    }
}
