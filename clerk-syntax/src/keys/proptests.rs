//! Property tests: no input panics, suggestions always parse, well-formed keys round-trip.

use proptest::prelude::*;

use super::{BillingKey, PermissionKey, ReverificationLevel, RoleKey};

fn segment() -> impl Strategy<Value = String> {
    "[a-z0-9_-]{1,12}"
}

proptest! {
    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let _ = PermissionKey::parse(&s).map_err(|e| e.to_string());
        let _ = RoleKey::parse(&s).map_err(|e| e.to_string());
        let _ = BillingKey::parse_feature(&s).map_err(|e| e.to_string());
        let _ = BillingKey::parse_plan(&s).map_err(|e| e.to_string());
        let _ = ReverificationLevel::parse(&s).map_err(|e| e.to_string());
    }

    #[test]
    fn key_like_strings_give_offsets_inside_the_key_and_valid_suggestions(
        s in "[a-zA-Z:_. /;@-]{0,24}"
    ) {
        if let Err(e) = PermissionKey::parse(&s) {
            prop_assert!(e.offset() <= s.len());
            if let Some(fix) = e.suggestion() {
                prop_assert!(PermissionKey::parse(fix).is_ok(), "{fix}");
            }
        }
        if let Err(e) = RoleKey::parse(&s) {
            prop_assert!(e.offset() <= s.len());
            if let Some(fix) = e.suggestion() {
                prop_assert!(RoleKey::parse(fix).is_ok(), "{fix}");
            }
        }
        if let Err(e) = BillingKey::parse_feature(&s) {
            prop_assert!(e.offset() <= s.len());
            if let Some(fix) = e.suggestion() {
                prop_assert!(BillingKey::parse_feature(fix).is_ok(), "{fix}");
            }
        }
    }

    #[test]
    fn well_formed_permissions_round_trip(feature in segment(), permission in segment()) {
        prop_assume!(!feature.starts_with("sys_") && feature != "org");
        let key = format!("org:{feature}:{permission}");
        let parsed = PermissionKey::parse(&key).unwrap();
        prop_assert_eq!(parsed.to_string(), key);
    }

    #[test]
    fn well_formed_roles_round_trip(role in segment()) {
        prop_assume!(role != "org");
        let key = format!("org:{role}");
        prop_assert_eq!(RoleKey::parse(&key).unwrap().to_string(), key);
    }
}
