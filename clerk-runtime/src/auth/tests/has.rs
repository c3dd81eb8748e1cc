use std::borrow::Cow;

use serde_json::json;

use super::auth;
use crate::auth::{AuthState, Check, SessionAuth};
use crate::requirement::{FactorLevel, Requirement, Reverification};

fn v1_admin() -> SessionAuth {
    auth(json!({
        "sub": "user_1", "org_id": "org_1", "org_role": "org:admin",
        "org_permissions": ["org:invoices:read", "org:f1"],
    }))
}

#[test]
fn empty_check_is_false() {
    assert!(!v1_admin().has(&Check::default()));
}

#[test]
fn role_prefix_is_normalised_and_case_sensitive() {
    let a = v1_admin();
    for yes in ["admin", "org:admin", "org:org:admin"] {
        assert!(a.has(&Check::role(yes)), "{yes}");
    }
    for no in ["ORG:ADMIN", "Admin", "org:member", "", "org:"] {
        assert!(!a.has(&Check::role(no)), "{no}");
    }
    // Legacy roles in claims are normalised too.
    let legacy = auth(json!({"sub": "u", "org_id": "o", "org_role": "basic_member"}));
    assert!(legacy.has(&Check::role("org:basic_member")));
}

#[test]
fn empty_role_claim_fails_but_a_bare_prefix_claim_matches_an_empty_role() {
    let a = auth(json!({"sub": "u", "org_id": "o", "org_role": ""}));
    assert!(!a.has(&Check::role("")));
    // Clerk's quirk: `prefixWithOrg("org:") === prefixWithOrg("")`.
    let a = auth(json!({"sub": "u", "org_id": "o", "org_role": "org:"}));
    assert!(a.has(&Check::role("")));
}

#[test]
fn permission_is_an_exact_member_after_prefixing() {
    let a = v1_admin();
    assert!(a.has(&Check::permission("invoices:read")));
    assert!(a.has(&Check::permission("org:invoices:read")));
    assert!(a.has(&Check::permission("org:org:invoices:read")));
    assert!(a.has(&Check::permission("f1")));
    assert!(!a.has(&Check::permission("org:f1:read")));
    assert!(!a.has(&Check::permission("org:invoices:*")));
    assert!(!a.has(&Check::permission("ORG:invoices:read")));
}

#[test]
fn role_and_permission_need_an_active_org() {
    let no_org = auth(json!({
        "sub": "u", "org_role": "org:admin", "org_permissions": ["org:a:b"], "fva": [0, 0],
    }));
    assert!(!no_org.has(&Check::role("admin")));
    assert!(!no_org.has(&Check::permission("org:a:b")));
    assert!(!no_org.has(&Check::permission("org:a:b").and_reverification(Reverification::Strict)));
    let empty_id = auth(json!({"sub": "u", "org_id": "", "org_role": "org:admin"}));
    assert!(!empty_id.has(&Check::role("admin")));
    let no_perms = auth(json!({"sub": "u", "org_id": "o", "org_role": "org:admin"}));
    assert!(!no_perms.has(&Check::permission("org:a:b")));
    // The legacy rule needed permissions for a role check too; the current one does not.
    assert!(no_perms.has(&Check::role("admin")));
}

#[test]
fn conditions_combine_with_and() {
    let a = auth(json!({
        "sub": "u", "org_id": "o", "org_role": "org:admin", "org_permissions": ["org:a:b"],
        "fea": "u:x", "pla": "o:p", "fva": [1, 1],
    }));
    assert!(a.has(&Check::role("admin").and_permission("a:b")));
    assert!(!a.has(&Check::role("member").and_permission("a:b")));
    assert!(!a.has(&Check::role("admin").and_permission("a:c")));
    assert!(a.has(&Check::feature("x").and_plan("p")));
    assert!(!a.has(&Check::feature("x").and_plan("q")));
    assert!(
        a.has(
            &Check::role("admin")
                .and_feature("x")
                .and_reverification(Reverification::Strict)
        )
    );
    assert!(!a.has(&Check::role("admin").and_feature("y")));
    assert!(!a.has(
        &Check::feature("x").and_reverification(Reverification::Custom {
            level: FactorLevel::FirstFactor,
            after_minutes: 1,
        })
    ));
}

#[test]
fn billing_example_true_and_false_lists() {
    let a = auth(json!({
        "sub": "u", "fea": "o:reservations,u:dashboard,uo:support-chat,o:impersonation",
        "pla": "u:pro,o:business",
    }));
    for yes in [
        Check::feature("user:dashboard"),
        Check::feature("org:support-chat"),
        Check::feature("user:support-chat"),
        Check::feature("reservations"),
        Check::plan("org:business"),
        Check::plan("pro"),
    ] {
        assert!(a.has(&yes), "{yes:?}");
    }
    for no in [
        Check::feature("org:dashboard"),
        Check::plan("user:business"),
        Check::feature("pro"),
    ] {
        assert!(!a.has(&no), "{no:?}");
    }
}

#[test]
fn feature_scopes() {
    let a = auth(json!({"sub": "u", "fea": "o:teams,u:beta"}));
    for yes in [
        "teams",
        "o:teams",
        "org:teams",
        "organization:teams",
        "beta",
        "u:beta",
        "user:beta",
    ] {
        assert!(a.has(&Check::feature(yes)), "{yes}");
    }
    for no in [
        "u:teams",
        "user:teams",
        "o:beta",
        "lol:teams",
        ":teams",
        "",
        "Teams",
        "ORG:teams",
    ] {
        assert!(!a.has(&Check::feature(no)), "{no}");
    }
    // Parts after the second are ignored.
    assert!(a.has(&Check::feature("org:teams:extra")));
    assert!(a.has(&Check::feature("u:beta:x:y")));
    // An empty id falls back to the scope text (`rawId || rawScope`).
    let quirk = auth(json!({"sub": "u", "fea": "o:o"}));
    assert!(quirk.has(&Check::feature("o:")));
}

#[test]
fn feature_claim_problems_fail_closed() {
    for fea in [
        json!(""),
        json!(null),
        json!(["u:x"]),
        json!("u:x,broken"),
        json!("u:x,"),
    ] {
        let a = auth(json!({"sub": "u", "fea": fea}));
        assert!(!a.has(&Check::feature("x")), "{fea}");
    }
    let a = auth(json!({"sub": "u", "pla": "u:pro"}));
    assert!(!a.has(&Check::feature("pro")));
}

#[test]
fn features_need_no_org() {
    let a = auth(json!({"sub": "u", "v": 2, "fea": "o:dashboard"}));
    assert!(a.has(&Check::feature("o:dashboard")));
    assert!(!a.has(&Check::role("admin")));
}

fn fva(first: i64, second: i64) -> SessionAuth {
    auth(json!({"sub": "u", "fva": [first, second]}))
}

#[test]
fn reverification_table() {
    use Reverification::{Lax, Moderate, Strict, StrictMfa};
    let custom = |level, after_minutes| Reverification::Custom {
        level,
        after_minutes,
    };
    // (fva, requirement, expected)
    let table = [
        ((0, 0), Strict, true),
        ((3, -1), Strict, true),
        ((20, 20), Strict, false),
        ((20, 9), Strict, true),
        ((9, 20), Strict, false),
        ((-1, 9), Strict, true),
        ((-1, 10), Strict, false),
        ((10, -1), Strict, false),
        ((-1, -1), Strict, false),
        ((-1, -1), Lax, false),
        ((59, 59), Moderate, true),
        ((60, 60), Moderate, false),
        ((1439, 1439), Lax, true),
        ((1440, 1440), Lax, false),
        ((3, -1), StrictMfa, true),
        ((0, -1), StrictMfa, true),
        ((5, 5), StrictMfa, true),
        ((5, 20), StrictMfa, false),
        ((20, 5), StrictMfa, false),
        ((-1, 5), StrictMfa, false),
        ((0, 5), custom(FactorLevel::FirstFactor, 1), true),
        ((1, 0), custom(FactorLevel::FirstFactor, 1), false),
        ((-1, 0), custom(FactorLevel::FirstFactor, 1), false),
        ((3, -1), custom(FactorLevel::FirstFactor, 1), false),
        ((3, -1), custom(FactorLevel::SecondFactor, 4), true),
        ((0, 0), custom(FactorLevel::SecondFactor, 0), false),
    ];
    for ((first, second), requirement, expected) in table {
        assert_eq!(
            fva(first, second).has(&Check::reverification(requirement)),
            expected,
            "fva [{first},{second}] {requirement:?}"
        );
    }
}

#[test]
fn reverification_without_valid_fva_fails() {
    for claims in [
        json!({"sub": "u"}),
        json!({"sub": "u", "fva": null}),
        json!({"sub": "u", "fva": ["1", "1"]}),
        json!({"sub": "u", "fva": [-0.5, 0]}),
    ] {
        assert!(
            !auth(claims.clone()).has(&Check::reverification(Reverification::Lax)),
            "{claims}"
        );
    }
}

#[test]
fn empty_user_id_denies_everything() {
    let mut a = v1_admin();
    a.user_id = String::new();
    assert!(!a.has(&Check::role("admin")));
}

#[test]
fn requirements_evaluate_as_trees_of_single_key_checks() {
    let a = auth(json!({
        "sub": "u", "org_id": "o", "org_role": "org:member",
        "org_permissions": ["org:reports:read"], "fea": "o:teams", "pla": "u:pro", "fva": [1, 1],
    }));
    let yes = [
        Requirement::permission("org:reports:read"),
        Requirement::role("member"),
        Requirement::feature("teams"),
        Requirement::plan("pro"),
        Requirement::Reverification(Reverification::Strict),
        Requirement::All(Cow::Borrowed(&[])),
        Requirement::Any(Cow::Owned(vec![
            Requirement::role("org:admin"),
            Requirement::permission("org:reports:read"),
        ])),
        Requirement::All(Cow::Owned(vec![
            Requirement::role("member"),
            Requirement::Any(Cow::Owned(vec![Requirement::plan("pro")])),
        ])),
    ];
    for r in &yes {
        assert!(a.satisfies(r), "{r:?}");
    }
    let no = [
        Requirement::role("org:admin"),
        Requirement::Any(Cow::Borrowed(&[])),
        Requirement::All(Cow::Owned(vec![
            Requirement::role("member"),
            Requirement::plan("enterprise"),
        ])),
    ];
    for r in &no {
        assert!(!a.satisfies(r), "{r:?}");
    }
}

#[test]
fn pending_sessions_count_as_signed_out_by_default() {
    let pending = auth(json!({"sub": "u", "sts": "pending", "org_id": "o", "org_role": "admin"}));
    assert!(pending.is_pending());
    assert!(pending.has(&Check::role("admin")));
    let state = AuthState::SignedIn(pending);
    assert!(!state.is_signed_in());
    assert!(state.signed_in_session(true).is_none());
    assert!(state.signed_in_session(false).is_some());
    assert!(!state.has(&Check::role("admin"), true));
    assert!(state.has(&Check::role("admin"), false));
    let active = AuthState::SignedIn(auth(json!({"sub": "u", "sts": "active"})));
    assert!(active.is_signed_in());
}
