//! What `Auth::has` and `Auth::protect_with` accept: a [`Requirement`] tree or a [`Check`].

use super::outcome::Unmet;
use crate::auth::{Check, SessionAuth};
use crate::requirement::Requirement;

/// An authorization condition Clerk's `has()` can judge: a [`Check`] (`has({ role,
/// permission, … })`, every given key must hold) or a [`Requirement`] tree (AND / OR of
/// checks, what `#[protect]` and route tables use).
///
/// ```
/// use clerk_runtime::Check;
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

    /// What `session` fails, or `None` when it satisfies the condition. Must agree with
    /// [`is_satisfied_by`](Self::is_satisfied_by); the default names no detail
    /// ([`Unmet::Predicate`]).
    fn unmet_by(&self, session: &SessionAuth) -> Option<Unmet> {
        (!self.is_satisfied_by(session)).then_some(Unmet::Predicate)
    }
}

impl Authorization for Requirement {
    fn is_satisfied_by(&self, session: &SessionAuth) -> bool {
        session.satisfies(self)
    }

    fn unmet_by(&self, session: &SessionAuth) -> Option<Unmet> {
        unmet_part(self, session).map(Unmet::Requirement)
    }
}

impl Authorization for Check {
    fn is_satisfied_by(&self, session: &SessionAuth) -> bool {
        session.has(self)
    }

    fn unmet_by(&self, session: &SessionAuth) -> Option<Unmet> {
        (!session.has(self)).then(|| Unmet::Check(self.clone()))
    }
}

/// The part of `requirement` that `session` fails: the first failing child of an `All`, the
/// whole `Any` when no child holds, the leaf itself.
pub(crate) fn unmet_part(requirement: &Requirement, session: &SessionAuth) -> Option<Requirement> {
    match requirement {
        Requirement::All(children) => children.iter().find_map(|child| unmet_part(child, session)),
        Requirement::Any(_)
        | Requirement::Role(_)
        | Requirement::Permission(_)
        | Requirement::Feature(_)
        | Requirement::Plan(_)
        | Requirement::Reverification(_) => {
            (!session.satisfies(requirement)).then(|| requirement.clone())
        }
    }
}
