//! Unit tests of the JavaScript-regex translation, checked with the `regex` crate.

use super::*;

fn re(source: &str, flags: &str) -> regex::Regex {
    let rust = translate(source, flags).unwrap_or_else(|e| panic!("/{source}/{flags}: {e}"));
    regex::Regex::new(&rust).unwrap_or_else(|e| panic!("/{source}/{flags} -> {rust}: {e}"))
}

fn test(source: &str, flags: &str, subject: &str) -> bool {
    re(source, flags).is_match(subject)
}

#[test]
fn unanchored_like_test() {
    assert!(test("admin", "", "/x/admin/y"));
    assert!(!test("^admin", "", "/admin"));
    assert!(test("^/b/\\d+$", "", "/b/12"));
    assert!(!test("^/b/\\d+$", "", "/b/12/"));
    assert!(!test("^/Case$", "", "/case"));
    assert!(test("^/Case$", "i", "/case"));
}

#[test]
fn dollar_is_the_very_end_without_m() {
    assert!(!test("a$", "", "a\n"));
    assert!(test("a$", "m", "a\nb"));
    assert!(test("^b", "m", "a\nb"));
    assert!(test("^b", "m", "a\rb"));
    assert!(!test("^b", "", "a\nb"));
}

#[test]
fn sticky_anchors_at_the_start_and_global_is_stateless() {
    assert!(!test("b", "y", "ab"));
    assert!(test("a", "y", "ab"));
    let hello = re("hello", "g");
    // JavaScript alternates true/false on one RegExp object; we always answer the first call.
    assert!(hello.is_match("hello") && hello.is_match("hello"));
}

#[test]
fn classes_are_ascii_or_javascripts() {
    assert!(!test("^\\d$", "", "\u{0661}"));
    assert!(!test("^\\w$", "", "é"));
    assert!(test("^\\W$", "", "é"));
    for ws in ["\t", "\u{a0}", "\u{feff}", "\u{2028}", "\u{3000}"] {
        assert!(test("^\\s$", "", ws), "{ws:?}");
    }
    assert!(!test("^\\s$", "", "\u{180e}"));
    assert!(test("^[^]$", "", "\n"));
    assert!(!test("[]", "", "anything"));
    assert!(test("^[\\w-]+$", "", "a-b_c"));
    assert!(test("^[\\b]$", "", "\u{8}"));
}

#[test]
fn word_boundaries_are_ascii() {
    assert!(!test("\\bé", "", "é"));
    assert!(test("a\\bé", "", "aé"));
    assert!(!test("a\\b", "", "ab"));
    assert!(test("a\\B", "", "ab"));
    assert!(test("é\\B", "", "éé"));
}

#[test]
fn case_folding_without_u_is_non_unicode_canonicalize() {
    assert!(test("^k$", "i", "K"));
    assert!(!test("^k$", "i", "\u{212A}"));
    assert!(!test("^[a-z]$", "i", "\u{17F}"));
    assert!(test("^[^a]$", "i", "b"));
    assert!(!test("^[^a]$", "i", "A"));
    assert!(test("^\\u00e4$", "i", "Ä"));
    assert!(!test("^\\W$", "i", "s"));
}

#[test]
fn case_folding_with_u_is_simple_case_folding() {
    assert!(test("^k$", "iu", "\u{212A}"));
    assert!(test("^\\w$", "iu", "\u{17F}"));
    assert!(!test("^\\W$", "iu", "\u{17F}"));
    assert!(!test("^[^k]$", "iu", "\u{212A}"));
    assert!(test("^\\u{1F600}$", "u", "😀"));
    assert!(test("^\\p{Lu}+$", "u", "ÄB"));
    assert!(!test("^\\P{Lu}$", "u", "A"));
}

#[test]
fn dot_matches_everything_on_purpose() {
    for s in ["\n", "\r", "\u{2028}", "\u{2029}", "x"] {
        assert!(test("^.$", "", s), "{s:?}");
    }
}

#[test]
fn annex_b_escapes() {
    assert!(test("^\\x41\\101\\u0041\\cA$", "", "AAA\u{1}"));
    assert!(test("^\\c$", "", "\\c"));
    assert!(test("^a{,2}$", "", "a{,2}"));
    assert!(test("^\\8$", "", "8"));
    assert!(test("^]$", "", "]"));
    assert!(test("^\\/$", "", "/"));
}

#[test]
fn single_character_negative_lookahead_is_a_class() {
    assert_eq!(translate("(?:(?!\\-)[^/])+", "").unwrap(), "(?:[^\\-/])+");
    assert!(test("^(?:(?!a).)+$", "i", "bcd"));
    assert!(!test("^(?:(?!a).)+$", "i", "bAd"));
}

#[test]
fn deliberate_rejections() {
    let e = translate("x(?=y)", "").unwrap_err();
    assert!(e.is_deliberate() && e.js_message().is_none());
    assert_eq!(e.offset(), 1);
    assert!(e.to_string().contains("`(?=y)` at offset 1"), "{e}");
    for (src, kind) in [("(?<=a)b", "(?<="), ("(?<!a)b", "(?<!"), ("(?!ab)c", "(?!")] {
        assert!(
            matches!(translate(src, "").unwrap_err().kind(), RegexErrorKind::Lookaround { syntax, .. } if *syntax == kind),
            "{src}"
        );
    }
    assert!(matches!(
        translate("(a)\\1", "").unwrap_err().kind(),
        RegexErrorKind::Backreference { fragment } if fragment == "\\1"
    ));
    assert!(matches!(
        translate("a{1001}", "").unwrap_err().kind(),
        RegexErrorKind::RepetitionTooLarge { count: 1001 }
    ));
    assert!(matches!(
        translate("(?:[^a]{1000}){1000}", "i").unwrap_err().kind(),
        RegexErrorKind::TooComplex
    ));
    assert!(matches!(
        translate("a", "v").unwrap_err().kind(),
        RegexErrorKind::UnsupportedFlag('v')
    ));
}

#[test]
fn javascript_syntax_errors_use_v8_messages() {
    for (src, flags, message) in [
        (
            "(",
            "",
            "Invalid regular expression: /(/: Unterminated group",
        ),
        (
            "a)",
            "i",
            "Invalid regular expression: /a)/i: Unmatched ')'",
        ),
        (
            "+",
            "",
            "Invalid regular expression: /+/: Nothing to repeat",
        ),
        (
            "[a",
            "",
            "Invalid regular expression: /[a/: Unterminated character class",
        ),
        (
            "a{",
            "u",
            "Invalid regular expression: /a{/u: Incomplete quantifier",
        ),
        (
            "\\q",
            "u",
            "Invalid regular expression: /\\q/u: Invalid escape",
        ),
        (
            "a",
            "gg",
            "Invalid flags supplied to RegExp constructor 'gg'",
        ),
        ("a", "x", "Invalid flags supplied to RegExp constructor 'x'"),
    ] {
        let e = translate(src, flags).unwrap_err();
        assert!(!e.is_deliberate(), "/{src}/{flags}");
        assert_eq!(e.to_string(), message, "/{src}/{flags}");
    }
}
