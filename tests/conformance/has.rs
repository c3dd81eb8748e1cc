//! `has()` conformance: every case of `cases/has.jsonl` runs through the library (claims → auth
//! object without a signature, then `has(check)`, honouring `treatPendingAsSignedOut`) and is
//! compared with Clerk's answer in `expected/has.jsonl`.
//!
//! Answers compare as whole JSON values: `{"allowed": bool}`, or, where Clerk's code throws,
//! `{"error": message, "stage": "auth-object" | "has"}`. The one throw in the public cases (a v2
//! `fea` element without a colon) carries Clerk's own message, so it compares exactly. A
//! `TypeError` message from Node (e.g. a non-string `fea`) would not be comparable; no public
//! case has one.

use serde_json::{Value, json};

use clerk_runtime::__oracle::has_json;

use crate::common;

/// Our answer to one case line, in the oracle's format.
fn answer(case: &Value) -> Value {
    let treat_pending = case
        .get("treatPendingAsSignedOut")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    match has_json(case.get("claims"), case.get("check"), treat_pending) {
        Ok(allowed) => json!({ "allowed": allowed }),
        Err(e) => json!({ "error": e.message, "stage": e.stage.as_str() }),
    }
}

#[test]
fn every_has_case_agrees_with_clerk() {
    let deviations = common::deviations();
    let mut report = common::Report::default();
    let cases = common::cases_with_expected("has");
    assert!(cases.len() >= 118, "expected the full public case file");
    for (case, expected) in &cases {
        report.check(&deviations, case, &answer(case), expected);
    }
    report.finish("has");
}

#[test]
fn the_case_file_covers_both_answers_and_the_throw() {
    let cases = common::cases_with_expected("has");
    let count = |f: &dyn Fn(&Value) -> bool| cases.iter().filter(|(_, e)| f(e)).count();
    assert!(count(&|e| e["allowed"] == json!(true)) > 10);
    assert!(count(&|e| e["allowed"] == json!(false)) > 10);
    assert!(count(&|e| e.get("error").is_some()) >= 1);
}
