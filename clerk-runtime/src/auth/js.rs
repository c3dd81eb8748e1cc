//! The few JavaScript semantics Clerk's claim parser and `has()` depend on, written out so the
//! Rust answers match Node's: truthiness and `String.prototype.trim` (the `org:` prefix rule is
//! `clerk_syntax::keys::org`).

use serde_json::Value;

/// JavaScript truthiness of a JSON value: `null`, `false`, `0`, `-0` and `""` are falsy.
pub(crate) fn truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// Whether JavaScript's `trim()` removes `c`: ECMAScript `WhiteSpace` and `LineTerminator`.
///
/// This differs from Rust's `char::is_whitespace` in two places: `U+FEFF` is trimmed by
/// JavaScript and not by Rust; `U+0085` is trimmed by Rust and not by JavaScript.
pub(crate) fn is_js_whitespace(c: char) -> bool {
    matches!(
        c,
        '\u{9}'..='\u{d}'
            | ' '
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
            | '\u{feff}'
    )
}

/// JavaScript's `s.trim()`.
pub(crate) fn js_trim(s: &str) -> &str {
    s.trim_matches(is_js_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn truthiness_follows_javascript() {
        for falsy in [json!(null), json!(false), json!(0), json!(-0.0), json!("")] {
            assert!(!truthy(&falsy), "{falsy}");
        }
        for t in [
            json!(true),
            json!(1),
            json!(-1),
            json!("0"),
            json!([]),
            json!({}),
        ] {
            assert!(truthy(&t), "{t}");
        }
    }

    #[test]
    fn trim_matches_javascript_not_rust() {
        assert_eq!(js_trim("\u{feff} a \u{3000}"), "a");
        assert_eq!(js_trim("\u{85}a"), "\u{85}a");
        assert_eq!(js_trim("\t\n\r\u{b}\u{c} x\u{2028}"), "x");
    }
}
