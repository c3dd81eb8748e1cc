//! Route matching: every case of `cases/match.jsonl` through `RouteMatcher`, answered in the
//! oracle's format (`match.mjs`) and compared with Clerk's answer in `expected/match.jsonl`.

use clerk_runtime::matcher::{RouteMatcher, RoutePattern};
use serde_json::{Value, json};

use crate::common::{Report, cases_with_expected, deviations};

/// One pattern element of a case: a string, `null` (dropped), or `{"regexp", "flags"}`.
fn pattern(element: &Value) -> RoutePattern {
    match element {
        Value::Null => RoutePattern::dropped(),
        Value::String(s) => RoutePattern::from(s.as_str()),
        Value::Object(o) => {
            let source = o["regexp"].as_str().expect("`regexp` is a string");
            let flags = o.get("flags").and_then(Value::as_str).unwrap_or("");
            RoutePattern::js_regexp(source, flags)
        }
        other => panic!("pattern element not in the oracle's input format: {other}"),
    }
}

/// Our answer to one case, in `match.mjs`'s output format.
fn answer(case: &Value) -> Value {
    let patterns: Vec<RoutePattern> = match &case["patterns"] {
        Value::Array(elements) => elements.iter().map(pattern).collect(),
        single => vec![pattern(single)],
    };
    let path = case["path"].as_str().expect("`path` is a string");
    let table = match RouteMatcher::new(patterns) {
        Ok(table) => table,
        Err(err) => return json!({"error": err.to_string(), "stage": "compile"}),
    };
    match table.matches(path) {
        Ok(hit) => json!({"matched": hit}),
        Err(err) => json!({"error": err.to_string(), "stage": "match", "name": err.name()}),
    }
}

#[test]
fn every_match_case_agrees_with_clerk_or_is_a_recorded_deviation() {
    let deviations = deviations();
    let mut report = Report::default();
    let cases = cases_with_expected("match");
    assert_eq!(
        cases.len(),
        1740,
        "the oracle's match corpus has 1,740 cases"
    );
    for (case, expected) in &cases {
        report.check(&deviations, case, &answer(case), expected);
    }
    report.finish("match");
}

#[test]
fn line_terminators_stay_protected() {
    // The first required deviation, checked directly: Clerk answers `false` for all of these.
    let admin = RouteMatcher::new(["/admin(.*)"]).unwrap();
    for path in [
        "/admin/%0A",
        "/admin/%0D",
        "/admin/%E2%80%A8",
        "/admin/%E2%80%A9",
    ] {
        assert_eq!(admin.matches(path), Ok(true), "{path}");
    }
}

#[test]
fn lookaround_patterns_are_rejected_when_the_table_is_built() {
    // The second required deviation: Clerk compiles these to backtracking regexes.
    for pattern in [
        "/x/((?!public).*)",
        "/((?!sign-in|sign-up).*)",
        "/a/((?<=a)b)",
    ] {
        let err = RouteMatcher::new(["/ok", pattern]).unwrap_err();
        assert_eq!(err.index(), 1, "{pattern}");
        assert_eq!(err.pattern(), pattern);
    }
}
