//! `RouteMatcher` behaviour across its parts: Clerk's verified table, tables of every kind of
//! entry, hostile inputs, and properties over arbitrary paths.

use proptest::prelude::*;

use super::{MatcherErrorKind, RouteMatcher, RoutePattern, normalize_path};

fn matches(patterns: &[&str], path: &str) -> bool {
    RouteMatcher::new(patterns.iter().copied())
        .unwrap()
        .matches(path)
        .unwrap()
}

#[test]
fn clerks_verified_table() {
    // From the reference notes (real `createRouteMatcher` + `NextRequest`), raw-mode rows.
    let rows: &[(&str, &str, bool)] = &[
        ("/dashboard(.*)", "/dashboard", true),
        ("/dashboard(.*)", "/dashboard/", true),
        ("/dashboard(.*)", "/dashboard/a/b/c", true),
        ("/dashboard(.*)", "/dashboardxyz", true),
        ("/dashboard(.*)", "/dashboard.json", true),
        ("/dashboard(.*)", "/DASHBOARD/x", true),
        ("/dashboard(.*)", "/x/dashboard", false),
        ("/dashboard/:path*", "/dashboard", true),
        ("/dashboard/:path*", "/dashboard/a/b", true),
        ("/dashboard/:path*", "/dashboardxyz", false),
        ("/dashboard/(.*)", "/dashboard", false),
        ("/dashboard/(.*)", "/dashboard/", true),
        ("/about", "/about/", true),
        ("/about", "/About", true),
        ("/about", "/about//", true),
        ("/about", "/about/x", false),
        ("/about", "/aboutx", false),
        ("/about/", "/about", false),
        ("/", "/", true),
        ("/", "/x", false),
        ("/user/:id", "/user/123", true),
        ("/user/:id", "/user/123/", true),
        ("/user/:id", "/user", false),
        ("/user/:id", "/user/", false),
        ("/user/:id", "/user/123/edit", false),
        ("/blog/:slug?", "/blog", true),
        ("/blog/:slug?", "/blog/post", true),
        ("/blog/:slug?", "/blog/post/x", false),
        ("/api/:path+", "/api", false),
        ("/api/:path+", "/api/a/b", true),
        (r"/a/:id(\d+)", "/a/12", true),
        (r"/a/:id(\d+)", "/a/x", false),
        ("/(.*)", "/", true),
        ("/:path*", "/", true),
        ("/(api|trpc)(.*)", "/trpc", true),
        ("/(api|trpc)(.*)", "/apix", true),
        ("/api/admin(.*)", "/api/%61dmin/users", true),
        ("/api/admin(.*)", "//api/admin", true),
        ("/api/admin(.*)", "/api//admin", true),
        ("/api/admin(.*)", "/api%2Fadmin", false),
        ("/café", "/caf%C3%A9", true),
        ("/café", "/CAF%C3%A9", true),
        ("/a b", "/a%20b", true),
        ("/a%20b", "/a%20b", false),
        ("/files/(.*).pdf", "/files/a/b.pdf", true),
        ("/files/(.*).pdf", "/files/a.PDF", true),
        ("/files/(.*).pdf", "/files/a.pdfx", false),
        ("/orgs/:slug/(.*)", "/orgs/acme", false),
        ("/orgs/:slug/(.*)", "/orgs/acme/x", true),
        ("/api/v1.0", "/api/v1x0", false),
    ];
    for &(pattern, path, want) in rows {
        assert_eq!(matches(&[pattern], path), want, "{pattern} on {path}");
    }
    assert!(matches(&["/a", "/b(.*)"], "/b/c"));
    assert!(!matches(&["/a", "/b(.*)"], "/c"));
}

#[test]
fn regex_entries_are_used_as_they_are() {
    let case_sensitive = regex::Regex::new(r"^/admin").unwrap();
    let insensitive = regex::Regex::new(r"(?i)^/admin").unwrap();
    let m = RouteMatcher::new([case_sensitive.clone()]).unwrap();
    assert!(!m.matches("/Admin/x").unwrap());
    assert!(m.matches("/admin/x").unwrap());
    assert!(
        RouteMatcher::new([insensitive])
            .unwrap()
            .matches("/Admin/x")
            .unwrap()
    );
    // Unanchored unless it anchors itself; it sees the normalised path.
    let anywhere = regex::Regex::new("secret").unwrap();
    let m = RouteMatcher::new([anywhere]).unwrap();
    assert!(m.matches("/a/%73ecret/b").unwrap());
    assert!(m.matches("//x//secret").unwrap());
    // Mixed with path patterns, indices follow the table.
    let m = RouteMatcher::new([
        RoutePattern::from("/a(.*)"),
        RoutePattern::from(case_sensitive),
        RoutePattern::js_regexp("min", ""),
    ])
    .unwrap();
    assert_eq!(m.matching_patterns("/admin").as_slice(), [0, 1, 2]);
    assert_eq!(m.matching_patterns("/ab").as_slice(), [0]);
    assert_eq!(m.matching_patterns("/xmin").as_slice(), [2]);
}

#[test]
fn js_regexps_behave_as_test_does() {
    let m = RouteMatcher::new([RoutePattern::js_regexp(r"^\/api\/admin", "")]).unwrap();
    assert!(m.matches("/api/%61dmin").unwrap());
    assert!(m.matches("//api/admin").unwrap());
    assert!(!m.matches("/API/admin").unwrap());
    assert!(!m.matches("/x/api/admin").unwrap());
    let i = RouteMatcher::new([RoutePattern::js_regexp(r"^\/admin", "i")]).unwrap();
    assert!(i.matches("/Admin/x").unwrap());
    let unanchored = RouteMatcher::new([RoutePattern::js_regexp(r"\d+$", "")]).unwrap();
    assert!(unanchored.matches("/b/12").unwrap());
    assert!(!unanchored.matches("/b/12/").unwrap());
    let err = RouteMatcher::new([RoutePattern::js_regexp("(", "")]).unwrap_err();
    assert_eq!(err.kind(), MatcherErrorKind::InvalidRegExp);
    assert!(
        err.to_string()
            .starts_with("Invalid regular expression: /(/: ")
    );
}

#[test]
fn dropped_entries_keep_their_positions() {
    let m = RouteMatcher::new([Some("/x"), None, Some(""), Some("/x(.*)")]).unwrap();
    assert_eq!(m.len(), 4);
    assert_eq!(m.pattern(0), Some("/x"));
    assert_eq!(m.pattern(1), Some(""));
    assert_eq!(m.pattern(4), None);
    assert_eq!(m.matching_patterns("/x").as_slice(), [0, 3]);
    assert!(m.matching_patterns("/y").is_empty());
}

#[test]
fn empty_tables_match_nothing_and_never_fail() {
    for table in [vec![], vec![""], vec!["", ""]] {
        let m = RouteMatcher::new(table).unwrap();
        assert_eq!(m.matches("/"), Ok(false));
        // Clerk never normalises when there is no pattern to test.
        assert_eq!(m.matches("/%zz"), Ok(false));
        assert!(m.matching_patterns("/").is_empty());
    }
}

#[test]
fn one_bad_pattern_rejects_the_table_and_is_named() {
    let err = RouteMatcher::new(["/a", "", "/:a:b", "/foo("]).unwrap_err();
    assert_eq!(err.index(), 2);
    assert_eq!(err.pattern(), "/:a:b");
    assert_eq!(err.kind(), MatcherErrorKind::InvalidPath);
    assert_eq!(
        err.to_string(),
        "Invalid path: /:a:b.\nConsult the documentation of path-to-regexp here: \
         https://github.com/pillarjs/path-to-regexp/tree/6.x\n\
         Must have text between two parameters, missing text after \"a\""
    );
    assert!(std::error::Error::source(&err).is_some());
}

#[test]
fn translated_regexes_build_the_same_matcher() {
    let patterns = ["/dashboard(.*)", "/user/:id", "/files/(.*).pdf"];
    let regexes: Vec<String> = patterns
        .iter()
        .map(|p| {
            clerk_syntax::PathPattern::parse(p)
                .unwrap()
                .regex()
                .to_owned()
        })
        .collect();
    let regexes: Vec<&str> = regexes.iter().map(String::as_str).collect();
    let from_macro = RouteMatcher::from_translated(&regexes).unwrap();
    let from_patterns = RouteMatcher::new(patterns).unwrap();
    for path in [
        "/dashboard/x",
        "/user/1",
        "/user/1/2",
        "/files/a.PDF",
        "/x",
        "/%C3",
    ] {
        assert_eq!(
            from_macro.matches(path),
            from_patterns.matches(path),
            "{path}"
        );
    }
    let err = RouteMatcher::from_translated(&[r"\A/\z", r"\A(\z"]).unwrap_err();
    assert_eq!(err.index(), 1);
    assert_eq!(err.kind(), MatcherErrorKind::InvalidRegex);
}

#[test]
fn matcher_is_shareable() {
    fn assert_send_sync_clone<T: Send + Sync + Clone + std::fmt::Debug>() {}
    assert_send_sync_clone::<RouteMatcher>();
    let m = RouteMatcher::new(["/a(.*)"]).unwrap();
    let copy = m.clone();
    std::thread::spawn(move || assert!(copy.matches("/ab").unwrap()))
        .join()
        .unwrap();
    assert!(format!("{m:?}").contains("/a(.*)"));
}

/// Patterns that make a backtracking engine take exponential or polynomial time.
fn hostile_table() -> Vec<String> {
    let mut table = vec![
        "/:x((?:a+)+b)".to_owned(),
        "/:x((?:a|aa)+c)".to_owned(),
        "/:x((?:a*)*d)".to_owned(),
        "/(.*)a(.*)a(.*)a(.*)a(.*)e".to_owned(),
        r"/:x((?:\w+\s?)+f)".to_owned(),
    ];
    for i in 0..40 {
        table.push(format!("/(.*)-{i}-(.*)z"));
        table.push(format!("/a(.*)a{i}(.*)a(.*)y"));
    }
    table
}

#[test]
fn a_hostile_path_against_a_hostile_table_is_decided() {
    let table = hostile_table();
    let m = RouteMatcher::new(&table).unwrap();
    let attack = format!("/{}", "a".repeat(10_000));
    assert_eq!(m.matches(&attack), Ok(false));
    assert!(m.matching_patterns(&attack).is_empty());
    // The same table still finds real matches on long paths.
    assert_eq!(m.matching_patterns(&format!("{attack}b")).as_slice(), [0]);
    assert_eq!(m.matching_patterns(&format!("{attack}e")).as_slice(), [3]);
    assert!(m.matches(&format!("{attack}-7-z")).unwrap());
    // Many `//` and escapes in a long path: normalising stays linear too.
    let messy = "//%61".repeat(2_000) + "-7-z";
    assert!(m.matches(&messy).unwrap());
}

proptest! {
    #[test]
    fn normalize_never_panics_and_collapses_slashes(path in any::<String>()) {
        if let Ok(out) = normalize_path(&path) {
            prop_assert!(!out.contains("//"));
            if !path.contains('%') {
                let mut collapsed = path.clone();
                while collapsed.contains("//") {
                    collapsed = collapsed.replace("//", "/");
                }
                prop_assert_eq!(out.as_ref(), collapsed.as_str());
            }
        } else {
            prop_assert!(path.contains('%'));
        }
    }

    #[test]
    fn escape_heavy_paths_never_panic(path in "([/%a-fA-F0-9xé]|%[0-9A-Fa-f]{2}|%[CDEF][0-9A-F]%[89AB][0-9A-F]){0,40}") {
        let _ = normalize_path(&path);
        let m = RouteMatcher::new(["/a(.*)", "/:x/:y?", r"/(\d+)"]).unwrap();
        match m.matches(&path) {
            Ok(hit) => {
                let normalized = normalize_path(&path).unwrap();
                prop_assert_eq!(hit, m.matches_normalized(&normalized));
                prop_assert_eq!(hit, !m.matching_patterns(&normalized).is_empty());
            }
            Err(err) => prop_assert_eq!(err.path(), path.as_str()),
        }
    }

    #[test]
    fn matching_never_panics(path in any::<String>()) {
        let m = RouteMatcher::new(["/dashboard(.*)", "/users/:id(\\d+)", "/(.*)"]).unwrap();
        let _ = m.matches(&path);
        let _ = m.matching_patterns(&path);
    }
}
