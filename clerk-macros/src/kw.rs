//! The item keywords of `clerk_routes!`, named once. The protection keys are the table in
//! `spec::keys`.

/// `clerk_routes!` item keywords.
pub(crate) const DEFAULT: &str = "default";
/// `public "/sign-in(.*)", …;`
pub(crate) const PUBLIC: &str = "public";
