//! path-to-regexp 6.3.0's lexer.

use super::error::{PatternError, PatternErrorKind};

/// The lexical token kinds, named as path-to-regexp names them in its messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum LexKind {
    /// `:name`
    Name,
    /// `( … )`
    Pattern,
    /// `\x`
    EscapedChar,
    /// `*`, `+` or `?`
    Modifier,
    /// `{`
    Open,
    /// `}`
    Close,
    /// Any other character.
    Char,
    /// The end of the input.
    End,
}

impl LexKind {
    /// The name path-to-regexp uses in "Unexpected X at N, expected Y".
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "NAME",
            Self::Pattern => "PATTERN",
            Self::EscapedChar => "ESCAPED_CHAR",
            Self::Modifier => "MODIFIER",
            Self::Open => "OPEN",
            Self::Close => "CLOSE",
            Self::Char => "CHAR",
            Self::End => "END",
        }
    }
}

/// One lexical token: kind, byte offset, value. `value` is `None` for the value-less
/// escape of a trailing `\` (JavaScript reads `undefined` there), and for END.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lexeme {
    pub(crate) kind: LexKind,
    pub(crate) offset: usize,
    pub(crate) value: Option<String>,
}

/// Splits `src` into tokens, ending with END. Offsets are byte offsets; a trailing `\` moves
/// the END offset one past the end, as JavaScript's index does.
pub(crate) fn lex(src: &str) -> Result<Vec<Lexeme>, PatternError> {
    let chars: Vec<(usize, char)> = src.char_indices().collect();
    let at = |i: usize| {
        chars
            .get(i)
            .map_or_else(|| src.len() + (i - chars.len()), |&(o, _)| o)
    };
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut tokens = Vec::new();
    let mut i = 0;
    let push = |tokens: &mut Vec<Lexeme>, kind, offset, value: Option<String>| {
        tokens.push(Lexeme {
            kind,
            offset,
            value,
        });
    };
    while i < chars.len() {
        let c = chars[i].1;
        match c {
            '*' | '+' | '?' => {
                push(&mut tokens, LexKind::Modifier, at(i), Some(c.to_string()));
                i += 1;
            }
            '\\' => {
                push(
                    &mut tokens,
                    LexKind::EscapedChar,
                    at(i),
                    ch(i + 1).map(String::from),
                );
                i += 2;
            }
            '{' => {
                push(&mut tokens, LexKind::Open, at(i), Some(c.to_string()));
                i += 1;
            }
            '}' => {
                push(&mut tokens, LexKind::Close, at(i), Some(c.to_string()));
                i += 1;
            }
            ':' => {
                let mut j = i + 1;
                while ch(j).is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
                    j += 1;
                }
                if j == i + 1 {
                    return Err(PatternError::new(
                        src,
                        at(i),
                        PatternErrorKind::MissingParameterName,
                    ));
                }
                let name: String = chars[i + 1..j].iter().map(|&(_, c)| c).collect();
                push(&mut tokens, LexKind::Name, at(i), Some(name));
                i = j;
            }
            '(' => {
                let (pattern, next) = lex_pattern(src, &chars, i)?;
                push(&mut tokens, LexKind::Pattern, at(i), Some(pattern));
                i = next;
            }
            _ => {
                push(&mut tokens, LexKind::Char, at(i), Some(c.to_string()));
                i += 1;
            }
        }
    }
    push(&mut tokens, LexKind::End, at(i), None);
    Ok(tokens)
}

/// The `( … )` at char index `i`: its text and the char index after it.
fn lex_pattern(
    src: &str,
    chars: &[(usize, char)],
    i: usize,
) -> Result<(String, usize), PatternError> {
    let at = |i: usize| chars.get(i).map_or(src.len(), |&(o, _)| o);
    let ch = |i: usize| chars.get(i).map(|&(_, c)| c);
    let mut count = 1;
    let mut pattern = String::new();
    let mut j = i + 1;
    if ch(j) == Some('?') {
        return Err(PatternError::new(
            src,
            at(j),
            PatternErrorKind::PatternStartsWithQuestionMark,
        ));
    }
    while let Some(c) = ch(j) {
        if c == '\\' {
            pattern.push(c);
            match ch(j + 1) {
                Some(next) => pattern.push(next),
                None => pattern.push_str("undefined"), // JavaScript's `str[j]`
            }
            j += 2;
            continue;
        }
        if c == ')' {
            count -= 1;
            if count == 0 {
                j += 1;
                break;
            }
        } else if c == '(' {
            count += 1;
            if ch(j + 1) != Some('?') {
                return Err(PatternError::new(
                    src,
                    at(j),
                    PatternErrorKind::CapturingGroup,
                ));
            }
        }
        pattern.push(c);
        j += 1;
    }
    if count != 0 {
        return Err(PatternError::new(
            src,
            at(i),
            PatternErrorKind::UnbalancedPattern,
        ));
    }
    if pattern.is_empty() {
        return Err(PatternError::new(
            src,
            at(i),
            PatternErrorKind::MissingPattern,
        ));
    }
    Ok((pattern, j))
}
