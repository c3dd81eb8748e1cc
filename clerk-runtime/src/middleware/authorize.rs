//! `has()` for a [`Requirement`] tree, delegating each leaf to the claims work's `has()`.
//!
//! Placeholder until `SessionAuth::satisfies` lands from the claims work: it fails closed
//! (every requirement is unmet), so protected routes deny rather than allow.

use crate::auth::SessionAuth;
use crate::requirement::Requirement;

/// Whether `session` satisfies `requirement`, exactly as Clerk's `has()` decides each leaf.
pub(crate) fn satisfies(session: &SessionAuth, requirement: &Requirement) -> bool {
    let _ = (session, requirement);
    false
}
