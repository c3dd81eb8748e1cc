//! Query-string helpers that behave as the WHATWG `URLSearchParams` Clerk uses, and JavaScript's
//! `Number()` for the redirect counter.

use url::Url;

use crate::auth::js::js_trim;

/// `url` with every query parameter named in `remove` deleted. As `URLSearchParams.delete`
/// does, the query is always re-serialised form-urlencoded (`%20` becomes `+`) and an empty
/// query loses its `?`.
pub(crate) fn without_params(url: &Url, remove: &[&str]) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !remove.contains(&name.as_ref()))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    set_pairs(&mut out, &kept);
    out
}

/// Replaces the query of `url` with `pairs`, form-urlencoded (no `?` when empty).
pub(crate) fn set_pairs(url: &mut Url, pairs: &[(String, String)]) {
    url.set_query(None);
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(pairs);
    }
}

/// The first value of query parameter `name` in a raw query string (form-urlencoded decoding).
pub(crate) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// JavaScript's `Number(value)` for a cookie value: `NaN` for anything that is not a number,
/// `0` for an empty or blank string.
pub(crate) fn js_number(value: &str) -> f64 {
    let s = js_trim(value);
    if s.is_empty() {
        return 0.0;
    }
    let radix = |digits: &str, radix: u32| -> f64 {
        if digits.is_empty() {
            return f64::NAN;
        }
        digits.chars().try_fold(0.0_f64, |acc, c| {
            c.to_digit(radix).map(|d| acc * f64::from(radix) + f64::from(d))
        })
        .unwrap_or(f64::NAN)
    };
    let lower = s.get(..2).map(str::to_ascii_lowercase);
    match lower.as_deref() {
        Some("0x") => return radix(&s[2..], 16),
        Some("0o") => return radix(&s[2..], 8),
        Some("0b") => return radix(&s[2..], 2),
        _ => {}
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if unsigned == "Infinity" {
        return if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let numeric = !unsigned.is_empty()
        && unsigned
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !numeric {
        return f64::NAN;
    }
    s.parse().unwrap_or(f64::NAN)
}

/// A JavaScript number as `String(n)` writes it, for the integers and simple values the
/// redirect counter takes.
pub(crate) fn js_number_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        return format!("{n:.0}");
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_reads_as_javascript() {
        for (input, expected) in [
            ("", 0.0),
            (" 3 ", 3.0),
            ("3.0", 3.0),
            ("0x3", 3.0),
            ("1e1", 10.0),
            ("-2", -2.0),
        ] {
            assert_eq!(js_number(input), expected, "{input:?}");
        }
        for input in ["abc", "3a", "0x", "inf", "NaN", "1_0"] {
            assert!(js_number(input).is_nan(), "{input:?}");
        }
        assert_eq!(js_number_string(4.0), "4");
        assert_eq!(js_number_string(3.5), "3.5");
    }

    #[test]
    fn removing_params_reserialises_the_query() {
        let url = Url::parse("https://a.test/p?q=a%20b&__clerk_db_jwt=D&j&x=%3B").unwrap();
        assert_eq!(
            without_params(&url, &["__clerk_db_jwt"]).as_str(),
            "https://a.test/p?q=a+b&j=&x=%3B"
        );
        let url = Url::parse("https://a.test/p?__clerk_db_jwt=D").unwrap();
        assert_eq!(without_params(&url, &["__clerk_db_jwt"]).as_str(), "https://a.test/p");
        let url = Url::parse("https://a.test/p?").unwrap();
        assert_eq!(without_params(&url, &[]).as_str(), "https://a.test/p");
    }
}
