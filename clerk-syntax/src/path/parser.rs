//! path-to-regexp 6.3.0's `parse`, with default options (prefixes `./`, delimiter `/#?`).

use super::error::{PatternError, PatternErrorKind};
use super::lexer::{LexKind, Lexeme, lex};
use super::token::{KeyName, Modifier, Token};

/// path-to-regexp's default `prefixes`.
const PREFIXES: &str = "./";
/// path-to-regexp's default `delimiter`.
pub(crate) const DELIMITER: &str = "/#?";

/// Where each token came from in the source.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct TokenOrigin {
    /// Byte offset of the token's first character.
    pub(crate) offset: usize,
    /// Byte offset of a written `(pattern)`'s first character inside the parentheses.
    pub(crate) pattern_offset: Option<usize>,
}

/// Parses `src` into tokens and their origins.
pub(crate) fn parse(src: &str) -> Result<(Vec<Token>, Vec<TokenOrigin>), PatternError> {
    let lexemes = lex(src)?;
    let mut p = Parser {
        src,
        lexemes,
        i: 0,
        key: 0,
        result: Vec::new(),
        origins: Vec::new(),
    };
    p.run()?;
    Ok((p.result, p.origins))
}

/// Whether `text` contains a delimiter character (path-to-regexp's `isSafe`).
pub(crate) fn is_safe(text: &str) -> bool {
    text.chars().any(|c| DELIMITER.contains(c))
}

/// path-to-regexp's `escapeString`.
pub(crate) fn escape_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if ".+*?=^!:${}()[]|/\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

struct Parser<'a> {
    src: &'a str,
    lexemes: Vec<Lexeme>,
    i: usize,
    key: usize,
    result: Vec<Token>,
    origins: Vec<TokenOrigin>,
}

impl Parser<'_> {
    /// `tryConsume`: the token when it has this kind. A value-less escape (trailing `\`) is
    /// consumed too.
    fn try_consume(&mut self, kind: LexKind) -> Option<Lexeme> {
        let lexeme = self.lexemes.get(self.i)?;
        if lexeme.kind != kind {
            return None;
        }
        self.i += 1;
        Some(lexeme.clone())
    }

    /// `tryConsume` read the JavaScript way: a consumed `undefined` counts as absent.
    fn take(&mut self, kind: LexKind) -> Option<String> {
        self.try_consume(kind).and_then(|l| l.value)
    }

    fn offset(&self) -> usize {
        self.lexemes
            .get(self.i)
            .map_or(self.src.len(), |l| l.offset)
    }

    fn must_consume(&mut self, kind: LexKind) -> Result<(), PatternError> {
        if self.try_consume(kind).is_some() {
            return Ok(());
        }
        let next = &self.lexemes[self.i.min(self.lexemes.len() - 1)];
        Err(PatternError::new(
            self.src,
            next.offset,
            PatternErrorKind::UnexpectedToken {
                found: next.kind,
                expected: kind,
            },
        ))
    }

    /// `consumeText`: `CHAR` and `ESCAPED_CHAR` values until anything else.
    fn consume_text(&mut self) -> String {
        let mut text = String::new();
        loop {
            let value = self
                .take(LexKind::Char)
                .or_else(|| self.take(LexKind::EscapedChar));
            match value {
                Some(v) if !v.is_empty() => text.push_str(&v),
                _ => return text,
            }
        }
    }

    /// `safePattern`: the default pattern of a named parameter.
    fn safe_pattern(&self, prefix: &str, at: usize) -> Result<String, PatternError> {
        let prev = self.result.last();
        let prev_text = if prefix.is_empty() {
            match prev {
                Some(Token::Text(t)) => t.as_str(),
                _ => "",
            }
        } else {
            prefix
        };
        if let (Some(Token::Key { name, .. }), "") = (prev, prev_text) {
            return Err(PatternError::new(
                self.src,
                at,
                PatternErrorKind::MissingTextBetweenParameters {
                    after: name.to_string(),
                },
            ));
        }
        let delimiter = escape_string(DELIMITER);
        if prev_text.is_empty() || is_safe(prev_text) {
            return Ok(format!("[^{delimiter}]+?"));
        }
        Ok(format!(
            "(?:(?!{})[^{delimiter}])+?",
            escape_string(prev_text)
        ))
    }

    fn push_text(&mut self, path: &mut String, offset: usize) {
        if !path.is_empty() {
            self.result.push(Token::Text(std::mem::take(path)));
            self.origins.push(TokenOrigin {
                offset,
                pattern_offset: None,
            });
        }
    }

    fn run(&mut self) -> Result<(), PatternError> {
        let mut path = String::new();
        let mut path_offset = 0;
        while self.i < self.lexemes.len() {
            let start = self.offset();
            let char = self.take(LexKind::Char);
            let name_at = self.offset();
            let name = self.take(LexKind::Name);
            let pattern_at = self.offset();
            let pattern = self.take(LexKind::Pattern);
            if name.is_some() || pattern.is_some() {
                let mut prefix = char.unwrap_or_default();
                if !PREFIXES.contains(prefix.as_str()) {
                    if path.is_empty() {
                        path_offset = start;
                    }
                    path.push_str(&prefix);
                    prefix.clear();
                }
                self.push_text(&mut path, path_offset);
                let key_at = if prefix.is_empty() {
                    if name.is_some() { name_at } else { pattern_at }
                } else {
                    start
                };
                let name = if let Some(n) = name {
                    KeyName::Named(n)
                } else {
                    self.key += 1;
                    KeyName::Index(self.key - 1)
                };
                let (pattern, pattern_offset) = match pattern {
                    Some(p) => (p, Some(pattern_at + 1)),
                    None => (self.safe_pattern(&prefix, key_at)?, None),
                };
                let modifier =
                    Modifier::from_str(&self.take(LexKind::Modifier).unwrap_or_default());
                self.result.push(Token::Key {
                    name,
                    prefix,
                    suffix: String::new(),
                    pattern,
                    modifier,
                });
                self.origins.push(TokenOrigin {
                    offset: key_at,
                    pattern_offset,
                });
                continue;
            }
            let value = match char {
                Some(c) => Some(c),
                None => self.take(LexKind::EscapedChar),
            };
            if let Some(v) = value.filter(|v| !v.is_empty()) {
                if path.is_empty() {
                    path_offset = start;
                }
                path.push_str(&v);
                continue;
            }
            self.push_text(&mut path, path_offset);
            if self.try_consume(LexKind::Open).is_some() {
                self.open_group(start)?;
                continue;
            }
            self.must_consume(LexKind::End)?;
        }
        Ok(())
    }
    /// The rest of a `{ … }` group whose `{` is at byte `start`.
    fn open_group(&mut self, start: usize) -> Result<(), PatternError> {
        let prefix = self.consume_text();
        let name = self.take(LexKind::Name).unwrap_or_default();
        let pattern_at = self.offset();
        let pattern = self.take(LexKind::Pattern);
        let suffix = self.consume_text();
        self.must_consume(LexKind::Close)?;
        let name = if !name.is_empty() {
            KeyName::Named(name)
        } else if pattern.is_some() {
            self.key += 1;
            KeyName::Index(self.key - 1)
        } else {
            KeyName::Named(String::new())
        };
        let (pattern, pattern_offset) = match (pattern, &name) {
            (Some(p), _) => (p, Some(pattern_at + 1)),
            (None, KeyName::Named(n)) if !n.is_empty() => {
                (self.safe_pattern(&prefix, start)?, None)
            }
            (None, _) => (String::new(), None),
        };
        let modifier = Modifier::from_str(&self.take(LexKind::Modifier).unwrap_or_default());
        self.result.push(Token::Key {
            name,
            prefix,
            suffix,
            pattern,
            modifier,
        });
        self.origins.push(TokenOrigin {
            offset: start,
            pattern_offset,
        });
        Ok(())
    }
}
