//! `verify`: every case of `cases/verify.jsonl` through [`clerk_runtime::verify::Verifier`], compared
//! with Clerk's `verifyToken` answers in `expected/verify.jsonl`.
//!
//! How a case is run (the same mapping as `clerk verify --jsonl`):
//! - `jwtKey` builds a verifier with [`Verifier::from_pem`]; a key it cannot read (empty,
//!   garbage) answers `jwk-failed-to-resolve`, the reason Clerk gives when it has no key.
//! - `now` is in seconds: the clock is `trunc(now * 1000)` ms, as the oracle sets `Date.now`.
//! - `clockSkewInMs`: a JSON number is used, rounded down to whole milliseconds; any other value
//!   means Clerk's default, 5000.
//! - `audience`, `issuer`, `headerType`: a string or a list of strings; `headerType: null` is
//!   `["JWT"]` with `typ` required, as in Clerk.
//!
//! How answers are compared:
//! - `ok` must be equal.
//! - On failure, `reason` must be equal. Clerk's `message` and `name` are not compared (ours are
//!   close to Clerk's but not byte-identical). A `reason: null` (Clerk threw a `TypeError`)
//!   can only be a recorded deviation, since every error of ours carries a reason.
//! - On success, `claims` must be equal as JSON values, with numbers compared as JavaScript does:
//!   both sides are read as `f64` (`1.7672256e9` equals `1767225600`).
//!
//! Every case also runs twice through one verifier: the second answer comes from the
//! verified-token cache for successes and must be identical to the first.

use clerk_runtime::verify::Verifier;
use clerk_runtime::verify::VerifyOptions;
use serde_json::{Map, Number, Value, json};

use crate::common::{Report, cases_with_expected, deviations};

#[tokio::test]
async fn every_verify_case_agrees_with_clerk_or_is_a_recorded_deviation() {
    let deviations = deviations();
    let mut report = Report::default();
    let mut cache_disagreements = Vec::new();
    let cases = cases_with_expected("verify");
    assert_eq!(cases.len(), 138, "the public verify vectors");
    for (case, expected) in &cases {
        let (first, second) = answer_twice(case).await;
        if first != second {
            cache_disagreements.push(format!("{}: {first} then {second}", case["id"]));
        }
        report.check(&deviations, case, &first, &comparable(expected));
    }
    assert!(
        cache_disagreements.is_empty(),
        "a cached answer differs from the first one:\n{}",
        cache_disagreements.join("\n")
    );
    report.finish("verify");
}

#[test]
fn verify_deviations_name_existing_cases() {
    let ids: Vec<String> = cases_with_expected("verify")
        .iter()
        .map(|(case, _)| case["id"].as_str().unwrap_or_default().to_owned())
        .collect();
    for id in deviations().keys().filter(|id| id.starts_with('v')) {
        assert!(
            ids.contains(id),
            "DEVIATIONS.md lists `{id}`, which is no verify case"
        );
    }
}

/// Clerk's answer reduced to what is compared.
fn comparable(expected: &Value) -> Value {
    if expected["ok"] == true {
        json!({"ok": true, "claims": js_numbers(&expected["claims"])})
    } else {
        json!({"ok": false, "reason": expected["reason"]})
    }
}

/// Runs the case twice through one verifier (the second time from the cache, if it verified).
async fn answer_twice(case: &Value) -> (Value, Value) {
    let options = options(case);
    let Ok(verifier) = Verifier::from_pem(case["jwtKey"].as_str().unwrap_or(""), options) else {
        let answer = json!({"ok": false, "reason": "jwk-failed-to-resolve"});
        return (answer.clone(), answer);
    };
    let token = case["token"]
        .as_str()
        .expect("every case has a string token");
    let now_ms = case["now"]
        .as_f64()
        .map(|now| whole_ms((now * 1000.0).trunc()));
    let mut answers = Vec::new();
    for _ in 0..2 {
        let result = match now_ms {
            Some(now_ms) => verifier.verify_at(token, now_ms).await,
            None => verifier.verify(token).await,
        };
        answers.push(match result {
            Ok(claims) => {
                json!({"ok": true, "claims": js_numbers(&Value::Object((*claims).clone()))})
            }
            Err(e) => json!({"ok": false, "reason": e.reason.as_str()}),
        });
    }
    let second = answers.pop().unwrap_or_default();
    (answers.pop().unwrap_or_default(), second)
}

fn options(case: &Value) -> VerifyOptions {
    let strings = |value: &Value| -> Option<Vec<String>> {
        match value {
            Value::Null => None,
            Value::String(s) => Some(vec![s.clone()]),
            Value::Array(items) => Some(
                items
                    .iter()
                    .map(|i| i.as_str().expect("a list of strings").to_owned())
                    .collect(),
            ),
            other => panic!("unexpected option value {other}"),
        }
    };
    VerifyOptions {
        audience: strings(&case["audience"]).unwrap_or_default(),
        authorized_parties: strings(&case["authorizedParties"]).unwrap_or_default(),
        clock_skew_ms: case["clockSkewInMs"]
            .as_f64()
            .map_or(VerifyOptions::default().clock_skew_ms, whole_ms),
        issuer: strings(&case["issuer"]),
        header_types: match case.get("headerType") {
            None => None,
            Some(Value::Null) => Some(vec!["JWT".to_owned()]),
            Some(other) => strings(other),
        },
    }
}

#[allow(clippy::cast_possible_truncation)]
fn whole_ms(ms: f64) -> i64 {
    ms.floor() as i64
}

/// `value` with every number as JavaScript holds it: an `f64`, written as an integer when it is
/// one.
fn js_numbers(value: &Value) -> Value {
    match value {
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                #[allow(clippy::cast_possible_truncation)]
                Value::from(f as i64)
            } else {
                Number::from_f64(f).map_or(Value::Null, Value::Number)
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(js_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), js_numbers(v)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}
