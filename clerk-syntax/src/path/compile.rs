//! path-to-regexp 6.3.0's `tokensToRegexp` with default options, then the translation of that
//! JavaScript regex (flag `i`) into a Rust regex.

use std::fmt::Write as _;

use super::error::{PatternError, PatternErrorKind};
use super::parser::{DELIMITER, TokenOrigin, escape_string};
use super::token::{Modifier, Token};
use crate::js_regex::{self, Flags, RegexErrorKind};

/// A stretch of the JavaScript regex and the token that produced it.
#[derive(Clone, Copy, Debug)]
struct Span {
    js_start: usize,
    js_end: usize,
    token: usize,
    /// Set when the stretch is a `(pattern)` copied verbatim from the source at this offset.
    source_start: Option<usize>,
}

/// The JavaScript regex source (`new RegExp(source, "i")`) and which stretch came from which
/// token.
struct JsRoute {
    source: String,
    spans: Vec<Span>,
    /// Byte offsets of the lookaheads path-to-regexp generated (not written in the pattern).
    generated_lookaheads: Vec<usize>,
}

fn build_js(src: &str, tokens: &[Token], origins: &[TokenOrigin]) -> Result<JsRoute, PatternError> {
    let mut route = String::from("^");
    let mut spans = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        let origin = &origins[index];
        let begin = route.len();
        let mut pattern_span = None;
        match token {
            Token::Text(text) => route.push_str(&escape_string(text)),
            Token::Key {
                name,
                prefix,
                suffix,
                pattern,
                modifier,
            } => {
                let prefix = escape_string(prefix);
                let suffix = escape_string(suffix);
                if pattern.is_empty() {
                    let _ = write!(route, "(?:{prefix}{suffix}){}", modifier.as_str());
                } else if !prefix.is_empty() || !suffix.is_empty() {
                    if matches!(modifier, Modifier::OneOrMore | Modifier::ZeroOrMore) {
                        let optional = if *modifier == Modifier::ZeroOrMore {
                            "?"
                        } else {
                            ""
                        };
                        let _ = write!(route, "(?:{prefix}((?:");
                        pattern_span = Some(route.len());
                        let _ = write!(
                            route,
                            "{pattern})(?:{suffix}{prefix}(?:{pattern}))*){suffix}){optional}"
                        );
                    } else {
                        let _ = write!(route, "(?:{prefix}(");
                        pattern_span = Some(route.len());
                        let _ = write!(route, "{pattern}){suffix}){}", modifier.as_str());
                    }
                } else {
                    if matches!(modifier, Modifier::OneOrMore | Modifier::ZeroOrMore) {
                        return Err(PatternError::new(
                            src,
                            origin.offset,
                            PatternErrorKind::RepeatWithoutPrefixAndSuffix {
                                name: name.to_string(),
                            },
                        ));
                    }
                    route.push('(');
                    pattern_span = Some(route.len());
                    let _ = write!(route, "{pattern}){}", modifier.as_str());
                }
                if let (Some(js_start), Some(source_start)) = (pattern_span, origin.pattern_offset)
                {
                    spans.push(Span {
                        js_start: begin,
                        js_end: js_start,
                        token: index,
                        source_start: None,
                    });
                    spans.push(Span {
                        js_start,
                        js_end: js_start + pattern.len(),
                        token: index,
                        source_start: Some(source_start),
                    });
                    spans.push(Span {
                        js_start: js_start + pattern.len(),
                        js_end: route.len(),
                        token: index,
                        source_start: None,
                    });
                    continue;
                }
            }
        }
        spans.push(Span {
            js_start: begin,
            js_end: route.len(),
            token: index,
            source_start: None,
        });
    }
    let _ = write!(route, "[{}]?$", escape_string(DELIMITER));
    let generated_lookaheads = generated_lookaheads(&route, &spans, tokens, origins);
    Ok(JsRoute {
        source: route,
        spans,
        generated_lookaheads,
    })
}

/// Byte offsets of the `(?!` that path-to-regexp generated (in keys without written pattern).
fn generated_lookaheads(
    route: &str,
    spans: &[Span],
    tokens: &[Token],
    origins: &[TokenOrigin],
) -> Vec<usize> {
    spans
        .iter()
        .filter(|s| {
            s.source_start.is_none()
                && matches!(&tokens[s.token], Token::Key { .. })
                && origins[s.token].pattern_offset.is_none()
        })
        .flat_map(|s| {
            route[s.js_start..s.js_end]
                .match_indices("(?!")
                .map(move |(i, _)| s.js_start + i)
        })
        .collect()
}

/// Builds the JavaScript regex for `tokens` and translates it. Returns `(js_source, rust)`.
pub(crate) fn compile(
    src: &str,
    tokens: &[Token],
    origins: &[TokenOrigin],
) -> Result<(String, String), PatternError> {
    let js = build_js(src, tokens, origins)?;
    let flags = Flags {
        ignore_case: true,
        ..Flags::default()
    };
    match js_regex::translate_route(&js.source, flags, &js.generated_lookaheads) {
        Ok(rust) => Ok((js.source, rust)),
        Err((js_offset, kind)) => Err(map_error(src, tokens, origins, &js, js_offset, kind)),
    }
}

/// Turns a translator error at `js_offset` of the JavaScript regex into a pattern error at the
/// matching place of the source.
fn map_error(
    src: &str,
    tokens: &[Token],
    origins: &[TokenOrigin],
    js: &JsRoute,
    js_offset: usize,
    kind: RegexErrorKind,
) -> PatternError {
    let containing = js
        .spans
        .iter()
        .find(|s| s.js_start <= js_offset && js_offset < s.js_end)
        .copied();
    let span = containing.or_else(|| {
        js.spans
            .iter()
            .rev()
            .find(|s| s.source_start.is_some())
            .copied()
    });
    let offset = match (containing, span) {
        (
            Some(Span {
                source_start: Some(start),
                js_start,
                ..
            }),
            _,
        ) => start + (js_offset - js_start),
        (_, Some(s)) => origins[s.token]
            .pattern_offset
            .map_or(origins[s.token].offset, |p| p - 1),
        (_, None) => 0,
    };
    let in_written_pattern = span.is_some_and(|s| s.source_start.is_some());
    let kind = match kind {
        RegexErrorKind::Syntax(e) => PatternErrorKind::InvalidRegex {
            message: format!(
                "Invalid regular expression: /{}/i: {}",
                js.source,
                e.message()
            ),
        },
        RegexErrorKind::Lookaround { syntax, fragment } if !in_written_pattern => {
            // path-to-regexp's own `(?:(?!text)[^/#?])+?` for a parameter after text
            // with no delimiter, when the text is longer than one character.
            let (name, text) = match span.map(|s| (s.token, &tokens[s.token])) {
                Some((i, Token::Key { name, prefix, .. })) => {
                    let text = if prefix.is_empty() {
                        match i.checked_sub(1).map(|p| &tokens[p]) {
                            Some(Token::Text(t)) => t.clone(),
                            _ => String::new(),
                        }
                    } else {
                        prefix.clone()
                    };
                    (name.to_string(), text)
                }
                _ => (String::new(), fragment.clone()),
            };
            let _ = syntax;
            PatternErrorKind::ParameterAfterText { name, text }
        }
        RegexErrorKind::Lookaround { syntax, fragment } => {
            PatternErrorKind::Lookaround { syntax, fragment }
        }
        RegexErrorKind::Backreference { fragment } => PatternErrorKind::Backreference { fragment },
        RegexErrorKind::RepetitionTooLarge { count } => {
            PatternErrorKind::RepetitionTooLarge { count }
        }
        RegexErrorKind::QuantifiedAstralCharacter => PatternErrorKind::QuantifiedAstralCharacter,
        _ => PatternErrorKind::TooComplex,
    };
    PatternError::new(src, offset, kind)
}
