use std::sync::Arc;

use serde_json::json;

use super::{auth, payload};
use crate::auth::{ClaimsError, SessionAuth};

fn decode(value: serde_json::Value) -> Result<SessionAuth, ClaimsError> {
    SessionAuth::from_payload(Arc::new(payload(value)), Arc::from("token"))
}

fn permissions(value: serde_json::Value) -> Vec<String> {
    auth(value).org_permissions.expect("an array")
}

#[test]
fn worked_example_gives_exactly_the_listed_permissions() {
    let a = auth(json!({
        "sub": "user_1", "v": 2,
        "fea": "o:billing,u:beta,o:members,o:api",
        "o": {"id": "org_2", "rol": "billing_manager", "per": "read,manage,delete", "fpm": "3,5,0,9"},
    }));
    assert_eq!(
        a.org_permissions.as_deref().unwrap(),
        [
            "org:billing:read",
            "org:billing:manage",
            "org:members:read",
            "org:members:delete"
        ]
    );
    assert_eq!(a.org_role.as_deref(), Some("org:billing_manager"));
    assert_eq!(a.org_id.as_deref(), Some("org_2"));
    assert_eq!(a.user_id, "user_1");
}

#[test]
fn repo_cases_decode_as_clerk_decodes_them() {
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "o:repositories,o:projects",
        "o": {"id": "org", "per": "read,create,update,delete,revoke", "fpm": "7,21"},
    }));
    assert_eq!(
        p,
        [
            "org:repositories:read",
            "org:repositories:create",
            "org:repositories:update",
            "org:projects:read",
            "org:projects:update",
            "org:projects:revoke"
        ]
    );
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "o:repositories,o:impersonation,o:billing",
        "o": {"id": "org", "per": "manage,read,update", "fpm": "6,0,3"},
    }));
    assert_eq!(
        p,
        [
            "org:repositories:read",
            "org:repositories:update",
            "org:billing:manage",
            "org:billing:read"
        ]
    );
}

#[test]
fn masks_above_2_pow_53_are_exact() {
    let names: Vec<String> = (0..60).map(|i| format!("p{i}")).collect();
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "o:f",
        "o": {"id": "org", "per": names.join(","), "fpm": "9007199254740993"},
    }));
    assert_eq!(p, ["org:f:p0", "org:f:p53"]);
}

#[test]
fn masks_align_with_org_features_only() {
    // `u:` features and unknown scopes take no mask; `ou`/`uo` features do.
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "u:beta,o:a,z:skip,uo:b,ou:c",
        "o": {"id": "org", "per": "x,y", "fpm": "1,2,3"},
    }));
    assert_eq!(p, ["org:a:x", "org:b:y", "org:c:x", "org:c:y"]);
}

#[test]
fn missing_masks_give_nothing_and_extra_masks_are_ignored() {
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "o:a,o:b",
        "o": {"id": "org", "per": "x,y", "fpm": "3"},
    }));
    assert_eq!(p, ["org:a:x", "org:a:y"]);
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "o:a",
        "o": {"id": "org", "per": "x", "fpm": "1,1,1"},
    }));
    assert_eq!(p, ["org:a:x"]);
}

#[test]
fn bits_beyond_per_are_dropped() {
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": "o:a",
        "o": {"id": "org", "per": "x,y", "fpm": "1023"},
    }));
    assert_eq!(p, ["org:a:x", "org:a:y"]);
}

#[test]
fn a_non_digit_mask_spoils_only_its_feature() {
    for bad in ["-1", "1.5", "1invalid", "x", ""] {
        let p = permissions(json!({
            "sub": "u", "v": 2, "fea": "o:a,o:b",
            "o": {"id": "org", "per": "x", "fpm": format!("{bad},1")},
        }));
        assert_eq!(p, ["org:b:x"], "mask {bad:?}");
    }
}

#[test]
fn masks_and_names_are_trimmed() {
    let p = permissions(json!({
        "sub": "u", "v": 2, "fea": " o:a , o:b",
        "o": {"id": "org", "per": "x, y ", "fpm": " 02 ,\t1"},
    }));
    assert_eq!(p, ["org:a:y", "org:b:x"]);
}

#[test]
fn o_without_per_or_fpm_gives_an_empty_list() {
    for o in [
        json!({"id": "org"}),
        json!({"id": "org", "per": "x"}),
        json!({"id": "org", "fpm": "1"}),
        json!({"id": "org", "per": "", "fpm": "1"}),
    ] {
        let a = auth(json!({"sub": "u", "v": 2, "fea": "o:a", "o": o}));
        assert_eq!(a.org_permissions, Some(vec![]), "{o}");
    }
}

#[test]
fn v2_without_o_has_no_org_even_with_v1_claims() {
    let a = auth(json!({
        "sub": "u", "v": 2, "fea": "o:a",
        "org_id": "org_v1", "org_role": "org:admin", "org_permissions": ["org:a:b"],
    }));
    assert_eq!(a.org_id, None);
    assert_eq!(a.org_role, None);
    assert_eq!(a.org_permissions, None);
}

#[test]
fn v2_role_is_prefixed_even_when_already_prefixed() {
    let a = auth(json!({"sub": "u", "v": 2, "o": {"id": "org", "rol": "admin"}}));
    assert_eq!(a.org_role.as_deref(), Some("org:admin"));
    let a = auth(json!({"sub": "u", "v": 2, "o": {"id": "org", "rol": "org:admin"}}));
    assert_eq!(a.org_role.as_deref(), Some("org:org:admin"));
    let a = auth(json!({"sub": "u", "v": 2, "o": {"id": "org", "rol": ""}}));
    assert_eq!(a.org_role, None);
    assert_eq!(a.org_slug, None);
}

#[test]
fn only_the_number_2_selects_v2() {
    for v in [json!("2"), json!(1), json!(3), json!(null), json!(2.5)] {
        let a = auth(json!({
            "sub": "u", "v": v, "org_id": "org_v1", "org_role": "org:admin",
            "o": {"id": "org_v2", "rol": "member"},
        }));
        assert_eq!(a.org_id.as_deref(), Some("org_v1"), "v = {v}");
    }
    let a = auth(json!({"sub": "u", "v": 2.0, "o": {"id": "org_v2"}}));
    assert_eq!(a.org_id.as_deref(), Some("org_v2"));
}

#[test]
fn v1_claims_are_taken_as_they_are() {
    let a = auth(json!({
        "sub": "u", "sid": "sess", "sts": "active", "org_id": "org", "org_role": "admin",
        "org_slug": "acme", "org_permissions": ["org:a:b", 5, "org:c:d"],
        "fea": "u:x", "pla": "o:y", "fva": [1, -1], "act": {"sub": "user_admin"},
    }));
    assert_eq!(a.org_role.as_deref(), Some("admin"));
    assert_eq!(a.org_slug.as_deref(), Some("acme"));
    assert_eq!(
        a.org_permissions.as_deref().unwrap(),
        ["org:a:b", "org:c:d"]
    );
    assert_eq!(a.session_id.as_deref(), Some("sess"));
    assert_eq!(a.session_status.as_deref(), Some("active"));
    assert_eq!(a.features.as_deref(), Some("u:x"));
    assert_eq!(a.plans.as_deref(), Some("o:y"));
    assert_eq!(a.factor_verification_age, Some([1, -1]));
    assert_eq!(a.actor, Some(json!({"sub": "user_admin"})));
    let a = auth(json!({"sub": "u", "org_permissions": "org:a:b"}));
    assert_eq!(a.org_permissions, None);
}

#[test]
fn fea_without_a_colon_throws_only_with_o() {
    let err =
        decode(json!({"sub": "u", "v": 2, "fea": "o:a,broken", "o": {"id": "org"}})).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid claim element (missing colon): broken"
    );
    // A trailing comma is an empty element, which has no colon either.
    assert!(decode(json!({"sub": "u", "v": 2, "fea": "o:a,", "o": {"id": "org"}})).is_err());
    // Without `o` (or in v1) the parser never splits `fea`.
    assert!(decode(json!({"sub": "u", "v": 2, "fea": "o:a,broken"})).is_ok());
    assert!(decode(json!({"sub": "u", "fea": "broken", "o": {"id": "org"}})).is_ok());
}

#[test]
fn non_string_claims_that_clerk_splits_are_errors() {
    for (claims, claim) in [
        (
            json!({"sub": "u", "v": 2, "fea": ["o:a"], "o": {"id": "org"}}),
            "fea",
        ),
        (
            json!({"sub": "u", "v": 2, "fea": "o:a", "o": {"id": "org", "per": 1, "fpm": "1"}}),
            "o.per",
        ),
        (
            json!({"sub": "u", "v": 2, "fea": "o:a", "o": {"id": "org", "per": "x", "fpm": 1}}),
            "o.fpm",
        ),
    ] {
        assert_eq!(
            decode(claims).unwrap_err(),
            ClaimsError::NotAString { claim }
        );
    }
    // Falsy values count as absent, as in JavaScript.
    let a =
        auth(json!({"sub": "u", "v": 2, "fea": 0, "o": {"id": "org", "per": false, "fpm": "1"}}));
    assert_eq!(a.org_permissions, Some(vec![]));
}

#[test]
fn subject_must_be_a_non_empty_string() {
    assert_eq!(decode(json!({})).unwrap_err(), ClaimsError::MissingSubject);
    assert_eq!(
        decode(json!({"sub": ""})).unwrap_err(),
        ClaimsError::EmptySubject
    );
    assert_eq!(
        decode(json!({"sub": 5})).unwrap_err(),
        ClaimsError::SubjectNotAString
    );
    assert_eq!(
        decode(json!({"sub": null})).unwrap_err(),
        ClaimsError::SubjectNotAString
    );
    // A claim-parser error wins over a subject error, as Clerk throws before reading `sub`.
    assert!(matches!(
        decode(json!({"v": 2, "fea": "x", "o": {"id": "org"}})).unwrap_err(),
        ClaimsError::InvalidElement { .. }
    ));
}

#[test]
fn fva_is_kept_only_when_valid() {
    let fva = |v: serde_json::Value| auth(json!({"sub": "u", "fva": v})).factor_verification_age;
    assert_eq!(fva(json!([0, 0])), Some([0, 0]));
    assert_eq!(fva(json!([-1, 5])), Some([-1, 5]));
    assert_eq!(fva(json!([2.5, -1])), Some([3, -1]));
    assert_eq!(fva(json!([-0.5, 0])), None);
    assert_eq!(fva(json!([-2, 0])), None);
    assert_eq!(fva(json!(["1", 0])), None);
    assert_eq!(fva(json!([1])), None);
    assert_eq!(fva(json!([1, 2, 3])), None);
    assert_eq!(fva(json!(null)), None);
}

#[test]
fn debug_output_redacts_the_token() {
    let a = SessionAuth::from_payload(
        Arc::new(payload(json!({"sub": "u"}))),
        Arc::from("secret.token.value"),
    )
    .unwrap();
    let shown = format!("{a:?}");
    assert!(!shown.contains("secret.token.value"), "{shown}");
}
