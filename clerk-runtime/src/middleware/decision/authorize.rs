//! What `Auth::has` and `Auth::protect_with` accept: a [`Requirement`] tree or a [`Check`].

use crate::auth::{Check, SessionAuth};
use crate::requirement::Requirement;

/// An authorization condition Clerk's `has()` can judge: a [`Check`] (`has({ role,
/// permission, … })`, every given key must hold) or a [`Requirement`] tree (AND / OR of
/// checks, what `#[protect]` and route tables use).
///
/// ```
/// use clerk_runtime::auth::Check;
/// use clerk_runtime::middleware::Authorization;
/// use clerk_runtime::requirement::Requirement;
///
/// fn takes(_: &impl Authorization) {}
/// takes(&Check::permission("org:reports:read"));
/// takes(&Requirement::role("org:admin"));
/// ```
pub trait Authorization {
    /// Whether `session` (signed in, not pending) satisfies this condition.
    fn is_satisfied_by(&self, session: &SessionAuth) -> bool;
}

impl Authorization for Requirement {
    fn is_satisfied_by(&self, session: &SessionAuth) -> bool {
        session.satisfies(self)
    }
}

impl Authorization for Check {
    fn is_satisfied_by(&self, session: &SessionAuth) -> bool {
        session.has(self)
    }
}
