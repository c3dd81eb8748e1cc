use serde_json::{Value, json};

use crate::auth::Check;
use crate::auth::has_json::{HasJsonStage, has_json};

fn ask(claims: &Value, check: &Value) -> Result<bool, HasJsonStage> {
    has_json(Some(claims), Some(check), true).map_err(|e| e.stage)
}

fn org_claims() -> Value {
    json!({
        "sub": "u", "org_id": "o", "org_role": "org:admin", "org_permissions": ["org:a:b"],
        "fea": "u:x", "pla": "o:p", "fva": [3, -1],
    })
}

#[test]
fn non_string_values_fail_their_condition() {
    let c = org_claims();
    for check in [
        json!({"role": 1}),
        json!({"role": null}),
        json!({"permission": ["org:a:b"]}),
        json!({"feature": true}),
        json!({"plan": {}}),
        json!({"role": "admin", "permission": 5}),
        json!({"feature": "x", "plan": null}),
    ] {
        assert_eq!(ask(&c, &check), Ok(false), "{check}");
    }
}

#[test]
fn unknown_keys_are_ignored_and_alone_are_false() {
    let c = org_claims();
    assert_eq!(ask(&c, &json!({"unknown": "x"})), Ok(false));
    assert_eq!(ask(&c, &json!({"role": "admin", "unknown": 1})), Ok(true));
    assert_eq!(ask(&c, &json!({})), Ok(false));
}

#[test]
fn non_object_checks_ask_nothing_and_null_throws() {
    let c = org_claims();
    for check in [json!("admin"), json!(1), json!(true), json!([])] {
        assert_eq!(ask(&c, &check), Ok(false), "{check}");
    }
    assert_eq!(ask(&c, &json!(null)), Err(HasJsonStage::Has));
    assert_eq!(
        has_json(Some(&c), None, true).unwrap_err().stage,
        HasJsonStage::Has
    );
}

#[test]
fn reverification_configs_from_json() {
    let c = org_claims();
    for (config, expected) in [
        (json!("strict"), true),
        (json!("strict_mfa"), true),
        (json!("bogus"), false),
        (json!(""), false),
        (json!(null), false),
        (json!(10), false),
        (json!({"level": "first_factor", "afterMinutes": 4}), true),
        (json!({"level": "first_factor", "afterMinutes": 3.5}), true),
        (json!({"level": "first_factor", "afterMinutes": 3}), false),
        (json!({"level": "first_factor", "afterMinutes": 1}), false),
        (json!({"level": "first_factor", "afterMinutes": 0}), false),
        (json!({"level": "first_factor", "afterMinutes": -5}), false),
        (
            json!({"level": "first_factor", "afterMinutes": "10"}),
            false,
        ),
        (json!({"level": "first_factor"}), false),
        (json!({"afterMinutes": 10}), false),
        (json!({"level": "third_factor", "afterMinutes": 10}), false),
        (json!([]), false),
    ] {
        assert_eq!(
            ask(&c, &json!({"reverification": config})),
            Ok(expected),
            "{config}"
        );
    }
}

#[test]
fn subject_problems_deny_and_parser_errors_throw() {
    assert_eq!(ask(&json!({"org_id": "o"}), &json!(null)), Ok(false));
    assert_eq!(
        ask(&json!({"sub": ""}), &json!({"feature": "x"})),
        Ok(false)
    );
    let err = has_json(
        Some(&json!({"sub": "u", "v": 2, "fea": "o:a,broken", "o": {"id": "o"}})),
        Some(&json!({"role": "admin"})),
        true,
    )
    .unwrap_err();
    assert_eq!(err.stage, HasJsonStage::AuthObject);
    assert_eq!(err.message, "Invalid claim element (missing colon): broken");
    assert_eq!(
        has_json(Some(&json!(null)), Some(&json!({})), true)
            .unwrap_err()
            .stage,
        HasJsonStage::AuthObject
    );
    assert_eq!(
        has_json(None, Some(&json!({})), true).unwrap_err().stage,
        HasJsonStage::AuthObject
    );
}

#[test]
fn pending_honours_the_flag_and_skips_the_check() {
    let c = json!({"sub": "u", "sts": "pending", "org_id": "o", "org_role": "admin"});
    assert_eq!(
        has_json(Some(&c), Some(&json!({"role": "admin"})), true),
        Ok(false)
    );
    assert_eq!(
        has_json(Some(&c), Some(&json!({"role": "admin"})), false),
        Ok(true)
    );
    // The signed-out object's has() never reads its argument.
    assert_eq!(has_json(Some(&c), Some(&json!(null)), true), Ok(false));
}

#[test]
fn from_json_matches_the_builder() {
    assert_eq!(
        Check::from_json(
            &json!({"role": "admin", "feature": "f", "plan": "p", "permission": "a:b"})
        )
        .unwrap(),
        Check::role("admin")
            .and_feature("f")
            .and_plan("p")
            .and_permission("a:b")
    );
}
