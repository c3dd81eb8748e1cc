//! JavaScript regular expressions translated to Rust `regex` syntax.
//!
//! [`translate`] turns a JavaScript `RegExp` (source and flags) into a Rust regex whose
//! `is_match` gives the same answer as JavaScript's `RegExp.prototype.test`, with these
//! deliberate differences:
//!
//! - `.` matches every character, line terminators included (JavaScript's stops at `\n`, `\r`,
//!   U+2028 and U+2029; that lets `/admin/%0A` escape a wildcard such as `/admin(.*)`).
//! - Lookaround (`(?=`, `(?!`, `(?<=`, `(?<!`) and backreferences are rejected, so every
//!   translated regex runs on a linear-time automaton and none can be a `ReDoS`
//!   (CVE-2024-45296 and its follow-ups). The one exception is a negative lookahead of a single
//!   character followed by a single character, `(?!x)[^/]`, which is an ordinary class. (Route
//!   patterns also get path-to-regexp's own longer lookaheads rewritten into plain regex; see
//!   [`crate::path`].)
//! - Counted repetitions above [`REPETITION_LIMIT`] are rejected, as are regexes whose
//!   automaton would be too large.
//! - Without `u`, JavaScript sees a character outside the Basic Multilingual Plane as two
//!   UTF-16 code units; here it is always one character (for `.`, classes and counts).
//!   A lone surrogate (`\uD800`) never matches.
//! - With `m`, `^` and `$` see `\n` and `\r` as line ends but not U+2028/U+2029, and not the
//!   point between `\r` and `\n`.
//! - Without `u`, a quantifier right after a character outside the Basic Multilingual Plane
//!   (`😀+`) is rejected: JavaScript would repeat only the character's second UTF-16 unit.
//! - `\b` and `\B` are ASCII word boundaries. Under `iu` JavaScript also counts `ſ` (U+017F)
//!   and the Kelvin sign (U+212A) as word characters for them.
//! - `g` makes a JavaScript `RegExp` stateful: `test` starts at `lastIndex` and moves it, so
//!   `/hello/g` answers true, false, true, false on one path. The translation is stateless:
//!   every call answers as the first call would (`lastIndex` 0). A route matcher whose answer
//!   depended on the previous request would be a bug, not a feature to copy.
//! - `y` (sticky) anchors the match at the start, as `lastIndex` 0 does; `d` and `s` change
//!   nothing here.
//!
//! ```
//! use clerk_syntax::js_regex::translate;
//!
//! let rust = translate(r"^\/admin(.*)$", "i").unwrap();
//! let re = regex_syntax::Parser::new().parse(&rust).unwrap();
//! # let _ = re;
//! assert!(rust.starts_with(r"\A/[Aa][Dd][Mm][Ii][Nn]"));
//! ```

mod emit;
mod error;
mod expand;
pub(crate) mod fold;
mod parse;
pub(crate) mod set;

pub use error::{JsSyntaxError, RegexError, RegexErrorKind};

/// Largest count accepted in a counted repetition such as `a{1000}`.
pub const REPETITION_LIMIT: u32 = 1000;

/// Translates a JavaScript `RegExp` (`source` and `flags`) into a Rust regex with the same
/// `test()` answer (an unanchored search unless the source anchors, or `y` is set).
///
/// See the [module docs](self) for the deliberate differences.
///
/// ```
/// use clerk_syntax::js_regex::translate;
///
/// assert_eq!(translate(r"^\/b\/\d+$", "").unwrap(), r"\A/b/[0-9]+\z");
/// assert_eq!(translate("k", "i").unwrap(), "[Kk]"); // not the Kelvin sign
/// assert!(translate(r"(a)\1", "").is_err());
/// ```
pub fn translate(source: &str, flags: &str) -> Result<String, RegexError> {
    let fail = |offset: usize, kind: RegexErrorKind| RegexError {
        offset,
        kind,
        source: source.to_owned(),
        flags: flags.to_owned(),
    };
    let flags_set = Flags::parse(flags).map_err(|kind| fail(0, kind))?;
    let body = translate_body(source, flags_set).map_err(|(o, k)| fail(o, k))?;
    Ok(if flags_set.sticky {
        format!("\\A(?:{body})")
    } else {
        body
    })
}

/// The flags of a `RegExp`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "JavaScript's flags are independent switches"
)]
pub(crate) struct Flags {
    pub(crate) ignore_case: bool,
    pub(crate) multiline: bool,
    pub(crate) unicode: bool,
    pub(crate) sticky: bool,
}

impl Flags {
    fn parse(flags: &str) -> Result<Self, RegexErrorKind> {
        let mut seen = String::new();
        let mut out = Self::default();
        for c in flags.chars() {
            if !"dgimsuvy".contains(c) || seen.contains(c) {
                return Err(RegexErrorKind::InvalidFlags);
            }
            seen.push(c);
            match c {
                'i' => out.ignore_case = true,
                'm' => out.multiline = true,
                'u' => out.unicode = true,
                'y' => out.sticky = true,
                _ => {}
            }
        }
        if seen.contains('v') {
            return Err(if seen.contains('u') {
                RegexErrorKind::InvalidFlags
            } else {
                RegexErrorKind::UnsupportedFlag('v')
            });
        }
        Ok(out)
    }
}

/// Translates a regex body; errors carry byte offsets into `source`.
pub(crate) fn translate_body(
    source: &str,
    flags: Flags,
) -> Result<String, (usize, RegexErrorKind)> {
    translate_route(source, flags, &[])
}

/// [`translate_body`], where the negative lookaheads starting at the byte offsets in
/// `generated` (path-to-regexp's own, for a parameter after text) are rewritten into plain
/// regex instead of being rejected.
pub(crate) fn translate_route(
    source: &str,
    flags: Flags,
    generated: &[usize],
) -> Result<String, (usize, RegexErrorKind)> {
    let word = parse::word();
    let extended_word = if flags.unicode && flags.ignore_case {
        fold::close_unicode(&word)
    } else {
        word
    };
    let node = parse::parse(source, flags.unicode, &extended_word)?;
    let mode = emit::Mode {
        ignore_case: flags.ignore_case,
        unicode: flags.unicode,
        multiline: flags.multiline,
    };
    let out = match emit::emit(&node, mode, source) {
        Err((at, RegexErrorKind::Lookaround { .. })) if generated.contains(&at) => {
            match expand::expand(&node, mode, generated) {
                Ok(expanded) => emit::emit(&expanded, mode, source)?,
                // A lookahead written in a pattern: report it.
                Err(expand::Refusal::Written(at)) => {
                    return Err(lookaround_error(&node, at, source));
                }
                Err(expand::Refusal::Unsupported) => {
                    return Err(emit::emit(&node, mode, source)
                        .err()
                        .unwrap_or((0, RegexErrorKind::TooComplex)));
                }
            }
        }
        other => other?,
    };
    // The output must be something the `regex` crate accepts (nesting depth and all).
    if regex_syntax::ParserBuilder::new()
        .build()
        .parse(&out)
        .is_err()
    {
        return Err((0, error::RegexErrorKind::TooComplex));
    }
    Ok(out)
}

/// The error for the lookaround starting at byte `at`.
fn lookaround_error(node: &parse::Node, at: usize, source: &str) -> (usize, RegexErrorKind) {
    fn find(node: &parse::Node, at: usize) -> Option<(bool, bool, usize)> {
        match node {
            parse::Node::Look {
                ahead,
                negative,
                start,
                end,
                ..
            } if *start == at => Some((*ahead, *negative, *end)),
            parse::Node::Look { body: inner, .. }
            | parse::Node::Group(inner)
            | parse::Node::Repeat { node: inner, .. } => find(inner, at),
            parse::Node::Concat(items) | parse::Node::Alt(items) => {
                items.iter().find_map(|n| find(n, at))
            }
            _ => None,
        }
    }
    let Some((ahead, negative, end)) = find(node, at) else {
        return (at, RegexErrorKind::TooComplex);
    };
    let syntax = match (ahead, negative) {
        (true, false) => "(?=",
        (true, true) => "(?!",
        (false, false) => "(?<=",
        (false, true) => "(?<!",
    };
    (
        at,
        RegexErrorKind::Lookaround {
            syntax,
            fragment: source.get(at..end).unwrap_or_default().to_owned(),
        },
    )
}

#[cfg(test)]
mod tests;
