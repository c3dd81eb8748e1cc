//! The key grammars of `clerk-syntax` (what `#[protect]` and `clerk_routes!` accept at compile
//! time) and `has()` agree: a key the grammar accepts is granted by a session that holds it,
//! written in any of the forms Clerk treats as the same key, and not by a different key.

use clerk_syntax::keys::{BillingKey, BillingScope, PermissionKey, ReverificationLevel, RoleKey};
use proptest::prelude::*;
use serde_json::json;

use super::auth;
use crate::auth::Check;
use crate::requirement::Reverification;

fn segment() -> impl Strategy<Value = String> {
    "[a-z0-9][a-z0-9_-]{0,10}"
}

proptest! {
    #[test]
    fn a_well_formed_permission_is_granted_by_the_claim_it_names(
        feature in segment(), permission in segment()
    ) {
        prop_assume!(!feature.starts_with("sys_") && feature != "org");
        let key = PermissionKey::parse(&format!("org:{feature}:{permission}")).unwrap();
        let held = auth(json!({
            "sub": "u", "org_id": "o", "org_role": "org:member",
            "org_permissions": [key.to_string()],
        }));
        prop_assert!(held.has(&Check::permission(key.to_string())));
        // Clerk's `org:` rule: the prefix is optional in the question.
        let unprefixed = format!("{}:{}", key.feature(), key.permission());
        prop_assert!(held.has(&Check::permission(unprefixed)));
        let other = auth(json!({
            "sub": "u", "org_id": "o", "org_role": "org:member",
            "org_permissions": [format!("org:{feature}x:{permission}")],
        }));
        prop_assert!(!other.has(&Check::permission(key.to_string())));
    }

    #[test]
    fn a_well_formed_role_is_granted_in_every_spelling_clerk_accepts(role in segment()) {
        prop_assume!(role != "org");
        let key = RoleKey::parse(&format!("org:{role}")).unwrap();
        for claim in [key.canonical(), role.clone(), format!("org:org:{role}")] {
            let held = auth(json!({"sub": "u", "org_id": "o", "org_role": claim}));
            prop_assert!(held.has(&Check::role(key.to_string())));
            let near_miss = format!("{key}x");
            prop_assert!(!held.has(&Check::role(near_miss)));
        }
    }

    #[test]
    fn a_well_formed_feature_is_granted_in_the_list_its_scope_names(
        name in segment(), org_list in any::<bool>()
    ) {
        let claim = if org_list { format!("o:{name}") } else { format!("u:{name}") };
        let held = auth(json!({"sub": "u", "org_id": "o", "fea": claim}));
        for scope in ["", "o:", "org:", "organization:", "u:", "user:"] {
            let key = BillingKey::parse_feature(&format!("{scope}{name}")).unwrap();
            let expected = match key.scope() {
                None => true,
                Some(BillingScope::Org) => org_list,
                Some(BillingScope::User) => !org_list,
            };
            prop_assert_eq!(held.has(&Check::feature(format!("{scope}{name}"))), expected, "{}", scope);
        }
    }
}

#[test]
fn every_reverification_level_the_grammar_accepts_is_the_preset_has_checks() {
    for name in ["strict_mfa", "strict", "moderate", "lax"] {
        let level = ReverificationLevel::parse(name).unwrap();
        let (factor, minutes) = level.preset();
        assert_eq!(
            Reverification::from(level).level_and_minutes(),
            (factor, minutes)
        );
        // Fresh just inside the window, stale at its edge (Clerk's strict `>`).
        let age = i64::from(minutes) - 1;
        let fresh = auth(json!({"sub": "u", "fva": [age, age]}));
        assert!(fresh.has(&Check::reverification(level.into())), "{name}");
        let stale = auth(json!({"sub": "u", "fva": [minutes, minutes]}));
        assert!(!stale.has(&Check::reverification(level.into())), "{name}");
    }
}
