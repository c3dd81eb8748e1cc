//! The few JavaScript semantics Clerk's claim parser and `has()` depend on, written out so the
//! Rust answers match Node's: truthiness, `String.prototype.trim`, and the `org:` prefix rule.

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

/// Clerk's `prefixWithOrg`: `value.replace(/^(org:)*/, "org:")`. Any run of leading `org:`
/// becomes exactly one.
pub(crate) fn prefix_with_org(value: &str) -> String {
    let mut rest = value;
    while let Some(stripped) = rest.strip_prefix("org:") {
        rest = stripped;
    }
    let mut out = String::with_capacity(rest.len() + 4);
    out.push_str("org:");
    out.push_str(rest);
    out
}

/// Whether `value` equals `prefix_with_org(target)` without allocating.
pub(crate) fn equals_with_org_prefix(normalised: &str, target: &str) -> bool {
    let mut rest = target;
    while let Some(stripped) = rest.strip_prefix("org:") {
        rest = stripped;
    }
    normalised
        .strip_prefix("org:")
        .is_some_and(|tail| tail == rest)
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

    #[test]
    fn org_prefix_collapses_every_leading_run() {
        assert_eq!(prefix_with_org("admin"), "org:admin");
        assert_eq!(prefix_with_org("org:admin"), "org:admin");
        assert_eq!(prefix_with_org("org:org:org:admin"), "org:admin");
        assert_eq!(prefix_with_org("ORG:admin"), "org:ORG:admin");
        assert_eq!(prefix_with_org(""), "org:");
        assert_eq!(prefix_with_org("orgorg:x"), "org:orgorg:x");
        assert!(equals_with_org_prefix("org:admin", "org:org:admin"));
        assert!(equals_with_org_prefix("org:admin", "admin"));
        assert!(!equals_with_org_prefix("org:admin", "Admin"));
    }
}
