//! The cookie parser against Clerk's: every row below is a `Cookie` header and the cookies that
//! `cookie` 1.1.1's `parse` (the parser bundled in `@clerk/backend` 3.25.0) returned for it under
//! Node 20, in Node's order. Headers are strings as Node reads them (Latin-1: one byte, one
//! character). Plus the bounds on the work one header can cost.
//!
//! The answers were produced by evaluating the `cookie@1.1.1` module that
//! `@clerk/backend/dist/internal.js` bundles (the `require_dist` chunk), calling its `parse` on
//! each header and listing `Object.keys` with their values. To add a case, run the same on the
//! new header and append the row; never edit an answer by hand.

use crate::auth::RequestCookies;
use crate::auth::cookies::name_comparisons;

const MAX_COOKIE_PAIRS: usize = RequestCookies::MAX_PAIRS;

/// `(header, cookies)`: Clerk's answers, recorded.
const CLERK_ANSWERS: &[(&str, &[(&str, &str)])] = &[
    ("", &[]),
    ("=", &[]),
    ("a", &[]),
    ("=a", &[("", "a")]),
    ("a=", &[("a", "")]),
    ("a=1", &[("a", "1")]),
    (
        " a = 1 ; b=\"quoted\" ; c=\" ; d=%E2%82%AC; e=%ZZ; f=%C3; noeq; g==x",
        &[
            ("a", "1"),
            ("b", "\"quoted\""),
            ("c", "\""),
            ("d", "\u{20ac}"),
            ("e", "%ZZ"),
            ("f", "%C3"),
            ("g", "=x"),
        ],
    ),
    (
        "__session=\"tok.en.sig\"; __client_uat=1",
        &[("__session", "\"tok.en.sig\""), ("__client_uat", "1")],
    ),
    (
        "__session=a%3Bb; __client_uat=1; __session=second",
        &[("__session", "a;b"), ("__client_uat", "1")],
    ),
    (
        "__session=first; __session=second",
        &[("__session", "first")],
    ),
    ("a=1;a=2;a=3", &[("a", "1")]),
    (
        "x=%3B__session%3Devil; __session=real",
        &[("x", ";__session=evil"), ("__session", "real")],
    ),
    ("x=1%3B%20__session=evil", &[("x", "1; __session=evil")]),
    (
        "%5F_session=x; __session=y",
        &[("%5F_session", "x"), ("__session", "y")],
    ),
    ("SECRET", &[]),
    ("a=1; SECRET", &[("a", "1")]),
    ("SECRET; a=1", &[("a", "1")]),
    ("a;b;c=3", &[("c", "3")]),
    ("a=1;;;b=2", &[("a", "1"), ("b", "2")]),
    (";a=1", &[("a", "1")]),
    ("a=1;", &[("a", "1")]),
    ("\u{9}a=1\u{9};\u{9}b=2\u{9}", &[("a", "1"), ("b", "2")]),
    (" a b = c d ", &[("a b", "c d")]),
    ("a=%20x%20", &[("a", " x ")]),
    ("a=%2", &[("a", "%2")]),
    ("a=%+1", &[("a", "%+1")]),
    ("a=%-1", &[("a", "%-1")]),
    ("a=%0g", &[("a", "%0g")]),
    ("a=%e2%82%ac", &[("a", "\u{20ac}")]),
    ("a=%ED%A0%80", &[("a", "%ED%A0%80")]),
    ("a=%C0%AF", &[("a", "%C0%AF")]),
    ("a=%F0%9F%98%80", &[("a", "\u{1f600}")]),
    ("a=%FF", &[("a", "%FF")]),
    ("a=%25", &[("a", "%")]),
    ("a=%%", &[("a", "%%")]),
    ("a=100%", &[("a", "100%")]),
    ("a=%41%42", &[("a", "AB")]),
    ("a=\u{e9}", &[("a", "\u{e9}")]),
    ("a=\u{e9}%41", &[("a", "\u{e9}A")]),
    ("a=%C3\u{a9}", &[("a", "%C3\u{a9}")]),
    ("a=\"\"", &[("a", "\"\"")]),
    ("a=\"", &[("a", "\"")]),
    ("a=\"x", &[("a", "\"x")]),
    ("a=x\"", &[("a", "x\"")]),
    ("a=\"x\"y\"", &[("a", "\"x\"y\"")]),
    ("a = \" x \" ", &[("a", "\" x \"")]),
    ("a=1, b=2", &[("a", "1, b=2")]),
    ("a=1 ; a =2", &[("a", "1")]),
    ("a\u{b}=1", &[("a\u{b}", "1")]),
    ("a=\u{b}1\u{b}", &[("a", "\u{b}1\u{b}")]),
    ("a=\u{d}1", &[("a", "\u{d}1")]),
    ("__proto__=1", &[("__proto__", "1")]),
    (
        "constructor=1; toString=2",
        &[("constructor", "1"), ("toString", "2")],
    ),
    ("hasOwnProperty=x", &[("hasOwnProperty", "x")]),
    ("=x; =y", &[("", "x")]),
    (" =x", &[("", "x")]),
    ("a=b=c", &[("a", "b=c")]),
    ("a=1; b; c=3; d", &[("a", "1"), ("c", "3")]),
    ("b;a=1", &[("a", "1")]),
    ("b=;a=1", &[("b", ""), ("a", "1")]),
    ("__session=; __session=x", &[("__session", "")]),
    ("__session= ; __session=x", &[("__session", "")]),
    ("__client_uat=0; __client_uat=123", &[("__client_uat", "0")]),
    ("a=%u0041", &[("a", "%u0041")]),
    ("a=%%41", &[("a", "%%41")]),
    ("a=%4", &[("a", "%4")]),
    ("a=%41%", &[("a", "%41%")]),
    ("a=+", &[("a", "+")]),
    ("a=%2B+", &[("a", "++")]),
    ("A=1; a=2", &[("A", "1"), ("a", "2")]),
    ("a=1\u{0}; b=2", &[("a", "1\u{0}"), ("b", "2")]),
    ("a=%00", &[("a", "\u{0}")]),
    ("a=%0A", &[("a", "\u{a}")]),
    ("a=%7F", &[("a", "\u{7f}")]),
    ("a=%80", &[("a", "%80")]),
    ("a=%C2%80", &[("a", "\u{80}")]),
    ("a=%E2%82", &[("a", "%E2%82")]),
    ("a=%E2%82%AC%", &[("a", "%E2%82%AC%")]),
    ("__session=%22tok%22", &[("__session", "\"tok\"")]),
    ("__session=\"x\"; __session=y", &[("__session", "\"x\"")]),
    ("  ;  ;  a=1  ;  ", &[("a", "1")]),
    ("a\u{9}=\u{9}1", &[("a", "1")]),
    ("a==", &[("a", "=")]),
    ("==", &[("", "=")]),
    ("=;=", &[("", "")]),
    ("a=1;b", &[("a", "1")]),
    ("a=1;b=", &[("a", "1"), ("b", "")]),
    ("\u{e9}=1", &[("\u{e9}", "1")]),
    ("a=%c3%a9", &[("a", "\u{e9}")]),
    ("a=%C3%A9%C3", &[("a", "%C3%A9%C3")]),
    ("a=%F4%90%80%80", &[("a", "%F4%90%80%80")]),
    ("a=%EF%BF%BF", &[("a", "\u{ffff}")]),
    ("a=%F0%80%80%80", &[("a", "%F0%80%80%80")]),
];

#[test]
fn every_header_parses_as_clerk_parses_it() {
    for (header, expected) in CLERK_ANSWERS {
        let cookies = RequestCookies::parse(header);
        let mut got: Vec<(&str, &str)> = cookies.iter().collect();
        let mut want = expected.to_vec();
        // Node lists integer-like keys first; compare as sets (names are unique on both sides).
        got.sort_unstable();
        want.sort_unstable();
        assert_eq!(got, want, "header {header:?}");
    }
}

#[test]
fn quoted_session_token_keeps_its_quotes() {
    let cookies = RequestCookies::parse(r#"__session="header.payload.signature"; __client_uat=1"#);
    assert_eq!(
        cookies.get("__session"),
        Some(r#""header.payload.signature""#)
    );
}

fn distinct_names(count: usize) -> String {
    (0..count)
        .map(|i| format!("c{i}=v"))
        .collect::<Vec<_>>()
        .join("; ")
}

/// Name comparisons made while parsing `header`.
fn comparisons(header: &str) -> usize {
    name_comparisons(|| drop(RequestCookies::parse(header)))
}

#[test]
fn distinct_names_cost_linear_work() {
    // Quadratic deduplication compares every name with every earlier one: n²/2 comparisons
    // (about 500,000 for 1,000 names). Linear work stays within a small factor of n.
    let small = comparisons(&distinct_names(100));
    let large = comparisons(&distinct_names(MAX_COOKIE_PAIRS));
    let per_name_bound = 32;
    assert!(
        small <= 100 * per_name_bound,
        "{small} comparisons for 100 names"
    );
    assert!(
        large <= MAX_COOKIE_PAIRS * per_name_bound,
        "{large} comparisons for {MAX_COOKIE_PAIRS} names"
    );
}

#[test]
fn a_flood_of_names_stops_at_the_cap_and_reads_nothing() {
    let header = distinct_names(48_000);
    let work = comparisons(&header);
    assert!(
        work <= MAX_COOKIE_PAIRS * 32,
        "{work} comparisons for 48,000 names"
    );
    let cookies = RequestCookies::parse(&header);
    assert!(cookies.exceeded_limit());
    // Fail closed: past the cap no cookie is read at all, not even the first ones.
    assert_eq!(cookies.get("c0"), None);
    assert_eq!(cookies.iter().count(), 0);
}

#[test]
fn the_cap_counts_pairs_not_names() {
    // Duplicates count: a flood of one name cannot slip a different cookie past the cap.
    let mut header = vec!["__session=first"; MAX_COOKIE_PAIRS].join("; ");
    let at_cap = RequestCookies::parse(&header);
    assert!(!at_cap.exceeded_limit());
    assert_eq!(at_cap.get("__session"), Some("first"));
    header.push_str("; __session=later");
    let over = RequestCookies::parse(&header);
    assert!(over.exceeded_limit());
    assert_eq!(over.get("__session"), None);
    // Segments without `=` are not pairs: they never count.
    let header = format!("{}; a=1", vec!["junk"; MAX_COOKIE_PAIRS * 2].join("; "));
    let cookies = RequestCookies::parse(&header);
    assert!(!cookies.exceeded_limit());
    assert_eq!(cookies.get("a"), Some("1"));
}

/// `cookie` 1.1.1's `parseCookie` loop, transcribed index by index (quadratic, for tests).
fn reference_parse(header: &str) -> Vec<(String, String)> {
    let trim = |s: &str| s.trim_matches([' ', '\t']).to_owned();
    let mut out: Vec<(String, String)> = Vec::new();
    if header.len() < 2 {
        return out;
    }
    let mut index = 0;
    while index < header.len() {
        let Some(eq) = header[index..].find('=').map(|i| i + index) else {
            break;
        };
        let end = header[index..]
            .find(';')
            .map_or(header.len(), |i| i + index);
        if eq > end {
            index = header[..eq].rfind(';').map_or(0, |i| i + 1);
            continue;
        }
        let key = trim(&header[index..eq]);
        if !out.iter().any(|(k, _)| *k == key) {
            let raw = trim(&header[eq + 1..end]);
            let value = if raw.contains('%') {
                percent_decode_utf8(&raw).unwrap_or(raw)
            } else {
                raw
            };
            out.push((key, value));
        }
        index = end + 1;
    }
    out
}

/// `decodeURIComponent` for tests: `%XX` with two hex digits, the result valid UTF-8.
fn percent_decode_utf8(raw: &str) -> Option<String> {
    let mut bytes = Vec::new();
    let mut rest = raw.as_bytes();
    while let Some((&first, tail)) = rest.split_first() {
        if first == b'%' {
            let hex = tail.get(..2)?;
            if !hex.iter().all(u8::is_ascii_hexdigit) {
                return None;
            }
            bytes.push(u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?);
            rest = &tail[2..];
        } else {
            bytes.push(first);
            rest = tail;
        }
    }
    String::from_utf8(bytes).ok()
}

proptest::proptest! {
    /// On headers made of the characters that matter (delimiters, blanks, quotes, escapes),
    /// the linear parser answers what the transcribed loop answers.
    #[test]
    fn agrees_with_the_transcribed_loop(header in r#"[a-c=; \t"%2BC3A9é+]{0,40}"#) {
        let got: Vec<(String, String)> = RequestCookies::parse(&header)
            .iter()
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect();
        proptest::prop_assert_eq!(got, reference_parse(&header));
    }
}
