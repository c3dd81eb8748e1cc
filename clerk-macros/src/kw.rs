//! The keys `#[protect(…)]` and `clerk_routes!` rules take, named once.

/// `signed_in`: authentication only.
pub(crate) const SIGNED_IN: &str = "signed_in";
/// `role = "org:admin" | …`
pub(crate) const ROLE: &str = "role";
/// `permission = "org:a:b" | "org:c:d" & …`
pub(crate) const PERMISSION: &str = "permission";
/// `feature = "…"`
pub(crate) const FEATURE: &str = "feature";
/// `plan = "…"`
pub(crate) const PLAN: &str = "plan";
/// `reverification = "strict"`
pub(crate) const REVERIFICATION: &str = "reverification";
/// `unauthenticated_url = "https://…"`
pub(crate) const UNAUTHENTICATED_URL: &str = "unauthenticated_url";
/// `unauthorized_url = "https://…"`
pub(crate) const UNAUTHORIZED_URL: &str = "unauthorized_url";
/// `crate = path`
pub(crate) const CRATE: &str = "crate";

/// Every key, in the order messages list them.
pub(crate) const ALL: &[&str] = &[
    SIGNED_IN,
    ROLE,
    PERMISSION,
    FEATURE,
    PLAN,
    REVERIFICATION,
    UNAUTHENTICATED_URL,
    UNAUTHORIZED_URL,
    CRATE,
];

/// `clerk_routes!` item keywords.
pub(crate) const DEFAULT: &str = "default";
/// `public "/sign-in(.*)", …;`
pub(crate) const PUBLIC: &str = "public";
