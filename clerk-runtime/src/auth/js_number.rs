//! JavaScript's relational comparison (`<`, `>`, `<=`) of a JSON value, as Clerk compares token
//! claims it has not verified yet: `payload.iat < clientUat`, `sessionIat > suffixedSessionIat`,
//! `payload.exp <= now`. A claim that is not a number is coerced the way JavaScript coerces it
//! (`"100"` is 100, `null` is 0, `true` is 1, `"abc"` never compares).

use serde_json::Value;

use super::js::is_js_whitespace;

/// A JSON value after JavaScript's `ToPrimitive` (hint number).
enum Primitive<'a> {
    Number(f64),
    String(std::borrow::Cow<'a, str>),
}

fn to_primitive(value: &Value) -> Primitive<'_> {
    match value {
        Value::Null => Primitive::Number(0.0),
        Value::Bool(b) => Primitive::Number(if *b { 1.0 } else { 0.0 }),
        Value::Number(n) => Primitive::Number(n.as_f64().unwrap_or(f64::NAN)),
        Value::String(s) => Primitive::String(s.as_str().into()),
        // `Array.prototype.toString` joins the elements' strings with `,` (`null` is empty).
        Value::Array(items) => Primitive::String(
            items
                .iter()
                .map(|item| match item {
                    Value::Null => String::new(),
                    Value::String(s) => s.clone(),
                    Value::Object(_) => "[object Object]".to_owned(),
                    other => other.to_string(),
                })
                .collect::<Vec<_>>()
                .join(",")
                .into(),
        ),
        Value::Object(_) => Primitive::String("[object Object]".into()),
    }
}

/// JavaScript's `Number(text)` (`StringToNumber`): trimmed; empty is 0; decimal with an optional
/// sign and exponent, `Infinity`, or an unsigned `0x`/`0o`/`0b` integer; anything else is `NaN`.
pub(crate) fn string_to_number(text: &str) -> f64 {
    let s = text.trim_matches(is_js_whitespace);
    if s.is_empty() {
        return 0.0;
    }
    let radix = match s.get(..2) {
        Some("0x" | "0X") => Some(16),
        Some("0o" | "0O") => Some(8),
        Some("0b" | "0B") => Some(2),
        _ => None,
    };
    if let Some(radix) = radix {
        let digits = &s[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return f64::NAN;
        }
        return digits.chars().fold(0.0, |acc, c| {
            acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
        });
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if unsigned == "Infinity" {
        return if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    // Rust's float grammar is JavaScript's decimal literal grammar, plus `inf`/`nan` words,
    // which only start with a letter and are refused here.
    if unsigned
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'))
        && unsigned.bytes().any(|b| b.is_ascii_digit())
    {
        s.parse().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    }
}

fn to_number(primitive: &Primitive<'_>) -> f64 {
    match primitive {
        Primitive::Number(n) => *n,
        Primitive::String(s) => string_to_number(s),
    }
}

/// JavaScript's `a < b` for a JSON value and a number.
pub(crate) fn less_than_number(a: &Value, b: f64) -> bool {
    to_number(&to_primitive(a)) < b
}

/// JavaScript's `a <= b` for a JSON value and a number (`NaN` compares false).
pub(crate) fn at_most_number(a: &Value, b: f64) -> bool {
    to_number(&to_primitive(a)) <= b
}

/// JavaScript's `a > b` for two JSON values: two strings compare as strings (by UTF-16 code
/// units), anything else as numbers.
pub(crate) fn greater_than(a: &Value, b: &Value) -> bool {
    match (to_primitive(a), to_primitive(b)) {
        (Primitive::String(x), Primitive::String(y)) => x.encode_utf16().gt(y.encode_utf16()),
        (x, y) => to_number(&x) > to_number(&y),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    #[allow(clippy::float_cmp)] // exact values are the point
    fn strings_are_coerced_as_javascript_coerces_them() {
        assert!(string_to_number("100") == 100.0);
        assert!(string_to_number(" 1e2 ") == 100.0);
        assert!(string_to_number("") == 0.0);
        assert!(string_to_number("0x10") == 16.0);
        assert!(string_to_number("-Infinity") == f64::NEG_INFINITY);
        assert!(string_to_number(".5") == 0.5);
        assert!(string_to_number("5.") == 5.0);
        assert!(string_to_number("12abc").is_nan());
        assert!(string_to_number("inf").is_nan());
        assert!(string_to_number("-0x10").is_nan());
        assert!(string_to_number("1_000").is_nan());
    }

    #[test]
    fn comparisons() {
        assert!(less_than_number(&json!("100"), 200.0));
        assert!(!less_than_number(&json!("abc"), 200.0));
        assert!(less_than_number(&json!(null), 1.0));
        assert!(less_than_number(&json!(true), 2.0));
        assert!(less_than_number(&json!([5]), 6.0));
        assert!(!less_than_number(&json!({}), 6.0));
        assert!(at_most_number(&json!(5), 5.0));
        assert!(greater_than(&json!(10), &json!(9)));
        assert!(greater_than(&json!("9"), &json!("10")), "string comparison");
        assert!(greater_than(&json!("10"), &json!(9)));
        assert!(!greater_than(&json!("x"), &json!(0)));
    }
}
