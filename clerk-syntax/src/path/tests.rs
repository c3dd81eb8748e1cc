//! Unit tests of the pattern grammar: path-to-regexp's outputs and messages, and matching.

use super::*;

fn compile(p: &str) -> PathPattern {
    PathPattern::parse(p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

fn matches(p: &str, path: &str) -> bool {
    regex::Regex::new(compile(p).regex())
        .expect("regex compiles")
        .is_match(path)
}

fn err(p: &str) -> PatternError {
    PathPattern::parse(p).expect_err(p)
}

#[test]
fn reference_regexes_are_path_to_regexps() {
    for (pattern, js) in [
        ("/about", r"^\/about[\/#\?]?$"),
        ("/dashboard(.*)", r"^\/dashboard(.*)[\/#\?]?$"),
        ("/dashboard/(.*)", r"^\/dashboard(?:\/(.*))[\/#\?]?$"),
        ("/user/:id", r"^\/user(?:\/([^\/#\?]+?))[\/#\?]?$"),
        (
            "/dashboard/:path*",
            r"^\/dashboard(?:\/((?:[^\/#\?]+?)(?:\/(?:[^\/#\?]+?))*))?[\/#\?]?$",
        ),
        (
            "/post/:a-:b",
            r"^\/post(?:\/([^\/#\?]+?))-((?:(?!-)[^\/#\?])+?)[\/#\?]?$",
        ),
        (
            "/docs{-:lang}?",
            r"^\/docs(?:-((?:(?!-)[^\/#\?])+?))?[\/#\?]?$",
        ),
        (
            "/shop{/:cat}*",
            r"^\/shop(?:\/((?:[^\/#\?]+?)(?:\/(?:[^\/#\?]+?))*))?[\/#\?]?$",
        ),
        ("/{a}", r"^\/(?:a)[\/#\?]?$"),
        ("/\\", r"^\/[\/#\?]?$"),
        ("/a.b", r"^\/a\.b[\/#\?]?$"),
    ] {
        assert_eq!(compile(pattern).js_source(), js, "{pattern}");
    }
}

#[test]
fn reference_regexes_translate_to_anchored_case_folded_rust() {
    assert_eq!(
        compile("/about").regex(),
        r"\A/[Aa][Bb][Oo][Uu][Tt][\#/\?]?\z"
    );
    assert_eq!(compile("/a(.*)").regex(), r"\A/[Aa](?:(?s:.)*)[\#/\?]?\z");
    assert_eq!(
        compile("/a/(.*)").regex(),
        r"\A/[Aa](?:/(?:(?s:.)*))[\#/\?]?\z"
    );
    assert_eq!(
        compile("/a/:id").regex(),
        r"\A/[Aa](?:/(?:[^\#/\?]+))[\#/\?]?\z"
    );
    assert_eq!(
        compile("/a/:path*").regex(),
        r"\A/[Aa](?:/(?:(?:[^\#/\?]+)(?:/(?:[^\#/\?]+))*))?[\#/\?]?\z"
    );
}

#[test]
fn clerk_verified_table() {
    for (pattern, path, want) in [
        ("/dashboard(.*)", "/dashboard", true),
        ("/dashboard(.*)", "/dashboard/a/b/c", true),
        ("/dashboard(.*)", "/dashboardxyz", true),
        ("/dashboard(.*)", "/DASHBOARD/x", true),
        ("/dashboard(.*)", "/x/dashboard", false),
        ("/dashboard/:path*", "/dashboard", true),
        ("/dashboard/:path*", "/dashboard/a/b", true),
        ("/dashboard/:path*", "/dashboardxyz", false),
        ("/dashboard/(.*)", "/dashboard", false),
        ("/dashboard/(.*)", "/dashboard/", true),
        ("/about", "/about/", true),
        ("/about", "/about/x", false),
        ("/about", "/aboutx", false),
        ("/about/", "/about", false),
        ("/user/:id", "/user/123/", true),
        ("/user/:id", "/user/", false),
        ("/user/:id", "/user/123/edit", false),
        ("/blog/:slug?", "/blog", true),
        ("/blog/:slug?", "/blog/post/x", false),
        ("/api/:path+", "/api", false),
        ("/api/:path+", "/api/a/b", true),
        ("/a/:id(\\d+)", "/a/12", true),
        ("/a/:id(\\d+)", "/a/x", false),
        ("/a/:id(\\d+)", "/a/\u{0661}", false), // Arabic-Indic digit: \d is ASCII
        ("/(api|trpc)(.*)", "/trpc", true),
        ("/(api|trpc)(.*)", "/apix", true),
        ("/a/([A-Z]+)", "/a/abc", true), // custom groups are case-insensitive too
        ("/files/(.*).pdf", "/files/a.PDF", true),
        ("/files/(.*).pdf", "/files/a.pdfx", false),
        ("/api/v1.0", "/api/v1x0", false),
        ("/café", "/CAFÉ", true),
        ("/post/:a-:b", "/post/a-b-c", true),
        ("/post/:a-:b", "/post/-b", false),
        ("/docs{-:lang}?", "/docs-", false),
        ("/files/:name.:ext", "/files/report.tar.gz", true),
    ] {
        assert_eq!(matches(pattern, path), want, "{pattern} on {path}");
    }
}

#[test]
fn case_folding_is_javascripts_non_unicode_one() {
    assert!(matches("/ärger", "/ÄRGER"));
    assert!(matches("/k", "/K"));
    assert!(!matches("/k", "/\u{212A}")); // Kelvin sign
    assert!(!matches("/s", "/ſ"));
    assert!(!matches("/i", "/ı"));
    assert!(!matches("/i", "/İ"));
    assert!(!matches("/straße", "/STRASSE"));
    assert!(matches("/x/([a-z]+)", "/x/ABC"));
    assert!(!matches("/x/([a-z]+)", "/x/\u{212A}"));
    assert!(!matches("/x/([^a])", "/x/A")); // negated classes fold before negation
}

#[test]
fn wildcards_match_line_terminators_on_purpose() {
    for path in [
        "/admin/\n",
        "/admin/x\ry",
        "/admin/\u{2028}",
        "/admin\u{2029}",
    ] {
        assert!(matches("/admin(.*)", path), "{path:?}");
    }
}

#[test]
fn path_to_regexp_errors_have_exact_messages_and_offsets() {
    for (pattern, message, offset) in [
        ("/:", "Missing parameter name at 1", 1),
        ("/:été", "Missing parameter name at 1", 1),
        ("/(?:x)", "Pattern cannot start with \"?\" at 2", 2),
        ("/((a))", "Capturing groups are not allowed at 2", 2),
        ("/users/:id/(", "Unbalanced pattern at 11", 11),
        ("/()", "Missing pattern at 1", 1),
        ("/foo*", "Unexpected MODIFIER at 4, expected END", 4),
        ("/admin/*", "Unexpected MODIFIER at 7, expected END", 7),
        ("/search?q", "Unexpected MODIFIER at 7, expected END", 7),
        ("{", "Unexpected END at 1, expected CLOSE", 1),
        ("/a}", "Unexpected CLOSE at 2, expected END", 2),
        ("{a\\", "Unexpected END at 4, expected CLOSE", 4),
        ("{:a:b}", "Unexpected NAME at 3, expected CLOSE", 3),
        (
            "/:a:b",
            "Must have text between two parameters, missing text after \"a\"",
            3,
        ),
        (
            "/:a?:b",
            "Must have text between two parameters, missing text after \"a\"",
            4,
        ),
        (
            "/(a):b",
            "Must have text between two parameters, missing text after \"0\"",
            4,
        ),
        (":a*", "Can not repeat \"a\" without a prefix and suffix", 0),
        (
            "/:id(*)",
            "Invalid regular expression: /^(?:\\/(*))[\\/#\\?]?$/i: Nothing to repeat",
            5,
        ),
    ] {
        let e = err(pattern);
        assert_eq!(e.to_string(), message, "{pattern}");
        assert_eq!(e.offset(), offset, "{pattern}");
        assert!(!e.is_deliberate(), "{pattern}");
        assert_eq!(
            e.clerk_message(pattern),
            format!(
                "Invalid path: {pattern}.\nConsult the documentation of path-to-regexp here: \
                 https://github.com/pillarjs/path-to-regexp/tree/6.x\n{message}"
            )
        );
    }
}

#[test]
fn messages_count_utf16_units_and_offsets_count_bytes() {
    let e = err("/é😀*");
    assert_eq!(e.to_string(), "Unexpected MODIFIER at 4, expected END");
    assert_eq!(e.offset(), 7);
}

#[test]
fn deliberate_rejections_explain_themselves() {
    let e = err("/((?!sign-in|sign-up).*)");
    assert!(e.is_deliberate());
    assert_eq!(e.offset(), 2);
    assert!(matches!(
        e.kind(),
        PatternErrorKind::Lookaround { syntax: "(?!", fragment } if fragment == "(?!sign-in|sign-up)"
    ));
    assert!(e.to_string().contains("`(?!sign-in|sign-up)` at offset 2"));
    let hint = e.hint().expect("hint");
    assert!(
        hint.contains("/sign-in(.*)") && hint.contains("public routes"),
        "{hint}"
    );

    let e = err("/x/:a(\\1)");
    assert!(matches!(e.kind(), PatternErrorKind::Backreference { fragment } if fragment == "\\1"));
    assert_eq!(e.offset(), 6);

    let e = err("/:a-long-:b");
    assert!(matches!(
        e.kind(),
        PatternErrorKind::ParameterAfterText { name, text } if name == "b" && text == "-long-"
    ));
    assert_eq!(e.offset(), 9);
    // The rewrite has a budget: many such parameters are refused quickly, not after minutes.
    let started = std::time::Instant::now();
    assert!(matches!(
        err("/:a-ab:b-ab:c-ab:d-ab:e-ab:f-ab:g-ab:h").kind(),
        PatternErrorKind::ParameterAfterText { .. }
    ));
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert!(matches!(
        err("/{ab:x}*").kind(),
        PatternErrorKind::ParameterAfterText { name, text } if name == "x" && text == "ab"
    ));

    let e = err("/:a(x{1001})");
    assert!(matches!(
        e.kind(),
        PatternErrorKind::RepetitionTooLarge { count: 1001 }
    ));
    assert_eq!(e.offset(), 5);
}

#[test]
fn lookbehind_and_positive_lookahead_are_rejected_too() {
    for p in ["/(?=a)x", "/x/((?=a).*)", "/x/((?<=a).*)", "/x/((?<!a).*)"] {
        match PathPattern::parse(p) {
            Err(e) if p.starts_with("/(?") => assert!(!e.is_deliberate(), "{p}"),
            Err(e) => assert!(
                matches!(e.kind(), PatternErrorKind::Lookaround { .. }),
                "{p}: {e}"
            ),
            Ok(_) => panic!("{p} compiled"),
        }
    }
}

#[test]
fn parameters_after_text_exclude_that_text_like_path_to_regexp() {
    // path-to-regexp's `(?:(?!TEXT)[^\/#\?])+?`, rewritten without lookahead. Clerk's answers.
    for (pattern, path, want) in [
        ("/:a-x-:b-", "/q-x-r-x-", false), // `-x-` would start inside `:b` and end after it
        ("/:a-x-:b-", "/q-x-r-", true),
        ("/:a-x-:b", "/q-x-r-x", true),
        ("/:a-x-:b", "/q-x-r-x-s", true),
        ("/:a-x-:b", "/q-x-R-X", true),
        ("/:slug-v:version", "/a-v1", true),
        ("/:slug-v:version", "/a-v1-v2", true),
        ("/:slug-v:version", "/a-v-", true),
        ("/{ab:x}", "/abab", false),
        ("/{ab:x}", "/abba", true),
        ("/{ab:x}", "/ABBA", true),
        ("/{ab:x}", "/aba", true),
        ("/:a-x-:b-x-:c", "/1-x-2-x-3", true),
        ("/:a-x-:b-x-:c", "/1-x-2-X-3-x-4", true),
        ("/:a-x-:b(.*)", "/1-x-2-x-3", true),
    ] {
        assert_eq!(matches(pattern, path), want, "{pattern} on {path}");
    }
}

#[test]
fn hints() {
    assert_eq!(
        err("/foo*").hint().as_deref(),
        Some("did you mean `/foo(.*)` or `/foo/:path*`?")
    );
    assert_eq!(
        err("/admin/*").hint().as_deref(),
        Some("did you mean `/admin/(.*)` or `/admin/:path*`?")
    );
    assert!(err("/search?q").hint().unwrap().contains("query string"));
    assert!(err("/:a:b").hint().unwrap().contains(":a-:next"));
}

#[test]
fn segment_safe_alternatives() {
    let alt = |p: &str| compile(p).segment_safe_alternative();
    assert_eq!(alt("/sign-in(.*)").as_deref(), Some("/sign-in/:path*"));
    assert_eq!(
        alt("/(api|trpc)(.*)").as_deref(),
        Some("/(api|trpc)/:path*")
    );
    assert_eq!(alt("/a/:path(.*)"), None);
    assert_eq!(alt("/x/:path/y(.*)").as_deref(), Some("/x/:path/y/:path1*"));
    assert_eq!(alt("/sign-in/(.*)"), None);
    assert_eq!(alt("/sign-in"), None);
    assert_eq!(alt("(.*)"), None);
    assert_eq!(alt("/(.*)"), None);
    // The alternative compiles and no longer matches siblings.
    let safe = alt("/sign-in(.*)").unwrap();
    assert!(matches(&safe, "/sign-in/factor-one") && matches(&safe, "/sign-in"));
    assert!(!matches(&safe, "/sign-inx") && matches("/sign-in(.*)", "/sign-inx"));
}

#[test]
fn tokens_are_path_to_regexps() {
    let p = compile("/orgs/:id(\\d+)?{/x-:y}*(.*)");
    assert_eq!(
        p.tokens(),
        &[
            Token::Text("/orgs".into()),
            Token::Key {
                name: KeyName::Named("id".into()),
                prefix: "/".into(),
                suffix: String::new(),
                pattern: "\\d+".into(),
                modifier: Modifier::Optional,
            },
            Token::Key {
                name: KeyName::Named("y".into()),
                prefix: "/x-".into(),
                suffix: String::new(),
                pattern: "[^\\/#\\?]+?".into(),
                modifier: Modifier::ZeroOrMore,
            },
            Token::Key {
                name: KeyName::Index(0),
                prefix: String::new(),
                suffix: String::new(),
                pattern: ".*".into(),
                modifier: Modifier::One,
            },
        ]
    );
    assert_eq!(p.source(), "/orgs/:id(\\d+)?{/x-:y}*(.*)");
}
