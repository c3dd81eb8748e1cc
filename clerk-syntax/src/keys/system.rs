//! Clerk's system permissions (`org:sys_*`), which Clerk never puts in session tokens.

/// The system permissions Clerk defines: the eight in Clerk's docs, plus three that Clerk's
/// own UI code uses (`sys_entconns`, `sys_api_keys`).
pub const SYSTEM_PERMISSIONS: &[&str] = &[
    "org:sys_profile:manage",
    "org:sys_profile:delete",
    "org:sys_memberships:read",
    "org:sys_memberships:manage",
    "org:sys_domains:read",
    "org:sys_domains:manage",
    "org:sys_billing:read",
    "org:sys_billing:manage",
    "org:sys_entconns:manage",
    "org:sys_api_keys:read",
    "org:sys_api_keys:manage",
];

/// Old system permission names and what replaced them.
pub(crate) const RENAMED_SYSTEM_PERMISSIONS: &[(&str, &str)] = &[
    ("org:sys_domains:delete", "org:sys_domains:manage"),
    ("org:sys_memberships:delete", "org:sys_memberships:manage"),
    ("org:sys_domain:read", "org:sys_domains:read"),
];

/// Whether `key` is one of Clerk's system permissions ([`SYSTEM_PERMISSIONS`]).
///
/// Clerk never includes system permissions in session tokens, so a server-side check on one
/// only passes for a token minted by hand.
///
/// ```
/// use clerk_syntax::keys::is_system_permission;
/// assert!(is_system_permission("org:sys_memberships:manage"));
/// assert!(!is_system_permission("org:invoices:create"));
/// assert!(!is_system_permission("org:sys_domains_manage"));
/// ```
#[must_use]
pub fn is_system_permission(key: &str) -> bool {
    SYSTEM_PERMISSIONS.contains(&key)
}
