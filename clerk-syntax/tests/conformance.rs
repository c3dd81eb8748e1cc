//! Clerk's oracle answers (`tests/conformance/{cases,expected}/match.jsonl`) against this
//! crate: every compile error with Clerk's exact message, every pattern Clerk compiles compiles
//! here, and every match answer for paths that need no normalisation.
//!
//! The normalisation (`decodeURI`, `//` collapsing) belongs to the runtime matcher, so cases
//! whose path contains `%` or `//` are checked only at the compile stage here.

use std::collections::BTreeMap;
use std::path::PathBuf;

use clerk_syntax::PathPattern;
use clerk_syntax::js_regex::translate;
use serde_json::Value;

/// Cases where this crate deliberately disagrees with Clerk, with the reason.
const DEVIATIONS: &[(&str, &str)] = &[
    (
        "m0136",
        "wildcard `/admin(.*)` also matches a line terminator (path \"/admin/\\n\")",
    ),
    (
        "m0141",
        "wildcard `/admin(.*)` also matches a line terminator (path \"/admin/x\\u2028y\")",
    ),
    (
        "m0142",
        "wildcard `/admin(.*)` also matches a line terminator (path \"/admin/x\\ry\")",
    ),
    (
        "m0159",
        "wildcard `/admin/(.*)` also matches a line terminator (path \"/admin/\\n\")",
    ),
    (
        "m0164",
        "wildcard `/admin/(.*)` also matches a line terminator (path \"/admin/x\\u2028y\")",
    ),
    (
        "m0165",
        "wildcard `/admin/(.*)` also matches a line terminator (path \"/admin/x\\ry\")",
    ),
    (
        "m0182",
        "wildcard `(.*)` also matches a line terminator (path \"/admin/\\n\")",
    ),
    (
        "m0187",
        "wildcard `(.*)` also matches a line terminator (path \"/admin/x\\u2028y\")",
    ),
    (
        "m0188",
        "wildcard `(.*)` also matches a line terminator (path \"/admin/x\\ry\")",
    ),
    (
        "m0205",
        "wildcard `/(.*)` also matches a line terminator (path \"/admin/\\n\")",
    ),
    (
        "m0210",
        "wildcard `/(.*)` also matches a line terminator (path \"/admin/x\\u2028y\")",
    ),
    (
        "m0211",
        "wildcard `/(.*)` also matches a line terminator (path \"/admin/x\\ry\")",
    ),
    (
        "m0717",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0718",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0719",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0720",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0721",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0722",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0723",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0724",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0725",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0726",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0727",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0728",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0729",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0730",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0731",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0732",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0733",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0734",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0735",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0736",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0737",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0738",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0739",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0740",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0741",
        "lookahead in `/x/((?!public).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0742",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0743",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0744",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0745",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0746",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0747",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0748",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0749",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0750",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0751",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0752",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0753",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0754",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0755",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0756",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0757",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0758",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0759",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0760",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0761",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0762",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0763",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0764",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0765",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
    (
        "m0766",
        "lookahead in `/((?!sign-in|sign-up).*)` is rejected (linear-time automaton only)",
    ),
];

fn jsonl(rel: &str) -> Vec<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/conformance")
        .join(rel);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).expect("valid JSON line"))
        .collect()
}

/// A compiled pattern of a case.
enum Compiled {
    Path(PathPattern),
    Regex(regex::Regex),
}

/// What building Clerk's matcher from a case's patterns gives here.
enum Built {
    Ok(Vec<Compiled>),
    /// A pattern Clerk rejects too: Clerk's message.
    ClerkError(String),
    /// A pattern this crate rejects on purpose.
    Deliberate(String),
}

fn build(patterns: &Value) -> Built {
    let list = match patterns {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    };
    let mut out = Vec::new();
    for item in list {
        match item {
            Value::Null => {}
            Value::String(s) if s.is_empty() => {}
            Value::String(s) => match PathPattern::parse(&s) {
                Ok(p) => out.push(Compiled::Path(p)),
                Err(e) if e.is_deliberate() => {
                    return Built::Deliberate(format!("{s}: {e}"));
                }
                Err(e) => return Built::ClerkError(e.clerk_message(&s)),
            },
            Value::Object(o) => {
                let source = o["regexp"].as_str().expect("regexp source");
                let flags = o.get("flags").and_then(Value::as_str).unwrap_or("");
                match translate(source, flags) {
                    Ok(rust) => out.push(Compiled::Regex(
                        regex::Regex::new(&rust).expect("translation compiles"),
                    )),
                    Err(e) => return Built::Deliberate(format!("/{source}/{flags}: {e}")),
                }
            }
            other => panic!("unexpected pattern {other}"),
        }
    }
    Built::Ok(out)
}

fn is_match(compiled: &[Compiled], path: &str) -> bool {
    compiled.iter().any(|c| match c {
        Compiled::Path(p) => regex::Regex::new(p.regex())
            .expect("pattern regex compiles")
            .is_match(path),
        Compiled::Regex(r) => r.is_match(path),
    })
}

#[test]
fn agrees_with_clerk_on_match_cases() {
    let cases = jsonl("cases/match.jsonl");
    let expected = jsonl("expected/match.jsonl");
    assert_eq!(cases.len(), expected.len());
    let allowed: BTreeMap<&str, &str> = DEVIATIONS.iter().copied().collect();

    let mut compile_errors = 0;
    let mut matches_checked = 0;
    let mut skipped_normalisation = 0;
    let mut mismatches = Vec::new();
    let mut deviating = BTreeMap::new();
    for (case, want) in cases.iter().zip(&expected) {
        let id = case["id"].as_str().expect("id");
        let path = case["path"].as_str().expect("path");
        let built = build(&case["patterns"]);
        let stage = want.get("stage").and_then(Value::as_str);
        match (stage, built) {
            (Some("compile"), Built::ClerkError(msg)) => {
                compile_errors += 1;
                if Some(msg.as_str()) != want["error"].as_str() {
                    mismatches.push(format!("{id}: message {msg:?}, Clerk {}", want["error"]));
                }
            }
            (Some("compile"), Built::Deliberate(why)) => {
                mismatches.push(format!(
                    "{id}: Clerk fails with {}, we fail on purpose: {why}",
                    want["error"]
                ));
            }
            (Some("compile"), Built::Ok(_)) => {
                mismatches.push(format!(
                    "{id}: Clerk fails with {}, we compile",
                    want["error"]
                ));
            }
            (_, Built::ClerkError(msg)) => {
                mismatches.push(format!("{id}: Clerk compiles, we fail with {msg:?}"));
            }
            (_, Built::Deliberate(why)) => {
                deviating.insert(id.to_owned(), format!("rejected on purpose: {why}"));
            }
            (Some(_), Built::Ok(_)) => skipped_normalisation += 1, // a match-stage error: bad escapes
            (None, Built::Ok(compiled)) => {
                if path.contains('%') || path.contains("//") {
                    skipped_normalisation += 1;
                    continue;
                }
                matches_checked += 1;
                let ours = is_match(&compiled, path);
                let theirs = want["matched"].as_bool().expect("matched");
                if ours != theirs {
                    let line_terminator = path.contains(['\n', '\r', '\u{2028}', '\u{2029}']);
                    if line_terminator && ours {
                        deviating.insert(
                            id.to_owned(),
                            "wildcard matches a line terminator".to_owned(),
                        );
                    } else {
                        mismatches.push(format!(
                            "{id}: {} on {path:?}: ours {ours}, Clerk {theirs}",
                            case["patterns"]
                        ));
                    }
                }
            }
        }
    }
    eprintln!(
        "compile errors checked: {compile_errors}; match answers checked: {matches_checked}; \
         left to the runtime (need normalisation or fail at match): {skipped_normalisation}; \
         deviations: {}",
        deviating.len()
    );
    for (id, why) in &deviating {
        eprintln!("deviation {id}: {why}");
    }
    let unexpected: Vec<_> = deviating
        .keys()
        .filter(|id| !allowed.contains_key(id.as_str()))
        .collect();
    let stale: Vec<_> = allowed
        .keys()
        .filter(|id| !deviating.contains_key(**id))
        .collect();
    assert!(
        mismatches.is_empty() && unexpected.is_empty() && stale.is_empty(),
        "mismatches: {mismatches:#?}\nunlisted deviations: {unexpected:?}\nlisted but agreeing: {stale:?}"
    );
}
