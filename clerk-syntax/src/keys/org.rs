//! Clerk's `org:` prefix rule for role and permission keys.
//!
//! Clerk's `has()` normalises both the key it is asked about and the key the session holds
//! with `prefixWithOrg` (`value.replace(/^(org:)*/, "org:")`): any run of leading `org:`
//! becomes exactly one, so `admin`, `org:admin` and `org:org:admin` are the same role.
//! Comparison after that is exact and case-sensitive (`ORG:admin` becomes `org:ORG:admin`).

/// `key` without any run of leading `org:`.
///
/// ```
/// use clerk_syntax::keys::org::strip_org_prefixes;
/// assert_eq!(strip_org_prefixes("org:org:admin"), "admin");
/// assert_eq!(strip_org_prefixes("admin"), "admin");
/// assert_eq!(strip_org_prefixes("ORG:admin"), "ORG:admin");
/// ```
#[must_use]
pub fn strip_org_prefixes(key: &str) -> &str {
    let mut rest = key;
    while let Some(stripped) = rest.strip_prefix("org:") {
        rest = stripped;
    }
    rest
}

/// Clerk's `prefixWithOrg`: `key` with any run of leading `org:` collapsed to exactly one.
///
/// ```
/// use clerk_syntax::keys::org::prefix_with_org;
/// assert_eq!(prefix_with_org("admin"), "org:admin");
/// assert_eq!(prefix_with_org("org:org:invoices:read"), "org:invoices:read");
/// assert_eq!(prefix_with_org(""), "org:");
/// ```
#[must_use]
pub fn prefix_with_org(key: &str) -> String {
    let rest = strip_org_prefixes(key);
    let mut out = String::with_capacity(rest.len() + 4);
    out.push_str("org:");
    out.push_str(rest);
    out
}

/// Whether `held` is exactly [`prefix_with_org`]`(key)`, without allocating: how Clerk's
/// `has()` finds a permission in the session's list (`orgPermissions.includes(prefixWithOrg(
/// permission))`: the held permissions themselves are compared as they are).
///
/// ```
/// use clerk_syntax::keys::org::is_key_with_org_prefix;
/// assert!(is_key_with_org_prefix("org:invoices:read", "invoices:read"));
/// assert!(is_key_with_org_prefix("org:invoices:read", "org:org:invoices:read"));
/// assert!(!is_key_with_org_prefix("org:org:invoices:read", "invoices:read"));
/// assert!(!is_key_with_org_prefix("invoices:read", "invoices:read"));
/// ```
#[must_use]
pub fn is_key_with_org_prefix(held: &str, key: &str) -> bool {
    held.strip_prefix("org:") == Some(strip_org_prefixes(key))
}

/// Whether `a` and `b` name the same key once both are normalised with
/// [`prefix_with_org`], without allocating.
///
/// ```
/// use clerk_syntax::keys::org::same_org_key;
/// assert!(same_org_key("admin", "org:org:admin"));
/// assert!(!same_org_key("org:admin", "org:Admin"));
/// ```
#[must_use]
pub fn same_org_key(a: &str, b: &str) -> bool {
    strip_org_prefixes(a) == strip_org_prefixes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_leading_run_collapses_and_nothing_else_changes() {
        assert_eq!(prefix_with_org("org:admin"), "org:admin");
        assert_eq!(prefix_with_org("org:org:org:admin"), "org:admin");
        assert_eq!(prefix_with_org("ORG:admin"), "org:ORG:admin");
        assert_eq!(prefix_with_org("orgorg:x"), "org:orgorg:x");
        assert_eq!(prefix_with_org("org:"), "org:");
        assert!(same_org_key("org:admin", "admin"));
        assert!(same_org_key("org:", ""));
        assert!(!same_org_key("org:admin", "Admin"));
        assert!(!same_org_key("org:a:b", "org:a"));
    }

    proptest::proptest! {
        #[test]
        fn a_key_with_the_prefix_is_prefix_with_org(
            held in "(org:|ORG:|o){0,3}[a-z:]{0,6}",
            key in "(org:|ORG:|o){0,3}[a-z:]{0,6}",
        ) {
            proptest::prop_assert_eq!(is_key_with_org_prefix(&held, &key), held == prefix_with_org(&key));
        }
    }
}
