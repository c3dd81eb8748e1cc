//! The decision core: one function, [`decide`], judges every protection, whichever way it was
//! declared (a route-table rule, a middleware closure's `auth.protect*`, `#[protect]`), and
//! returns an [`Outcome`]. Choosing the response is the response policy's job.

mod authorize;
mod outcome;
mod record;

use std::borrow::Cow;

pub use authorize::Authorization;
pub use outcome::{Outcome, Unauthenticated, Unauthorized, Unmet};
pub(crate) use record::{DecisionSlot, Recorded};

use crate::auth::{AuthState, SessionAuth};
use crate::requirement::Protection;

/// Clerk's `createProtect` decision for `protection` on a request whose auth state is
/// `state`: a pending or missing session is [`Outcome::Unauthenticated`] (with Clerk's
/// reason); a signed-in user who fails the requirement is [`Outcome::Unauthorized`], naming
/// the part that failed; anyone else is [`Outcome::Allowed`].
///
/// Pure: it reads nothing else and answers nothing. `Auth::protect*`, route tables and
/// `#[protect]` all call it, then hand a denial to the layer's
/// [`ResponsePolicy`](crate::middleware::ResponsePolicy).
///
/// ```
/// use clerk_runtime::auth::{AuthState, SignedOutReason};
/// use clerk_runtime::middleware::{Outcome, decide};
/// use clerk_runtime::requirement::{Protection, Requirement};
/// use clerk_runtime::AuthErrorReason;
///
/// let signed_out = AuthState::SignedOut {
///     reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
///     message: String::new(),
/// };
/// let admins = Protection {
///     requirement: Some(Requirement::role("org:admin")),
///     ..Protection::default()
/// };
/// assert!(matches!(decide(&signed_out, &admins), Outcome::Unauthenticated(_)));
/// ```
#[must_use]
pub fn decide(state: &AuthState, protection: &Protection) -> Outcome {
    decide_with(
        state,
        protection.unauthenticated_url.clone(),
        protection.unauthorized_url.clone(),
        |session| {
            protection
                .requirement
                .as_ref()
                .and_then(|requirement| requirement.unmet_by(session))
        },
    )
}

/// Whether [`decide`] allows `state` through `protection`, without building the outcome: what
/// a request that passes needs to know (a denial then asks [`decide`] why).
pub(crate) fn allows(state: &AuthState, protection: &Protection) -> bool {
    state.signed_in_session(true).is_some_and(|session| {
        protection
            .requirement
            .as_ref()
            .is_none_or(|requirement| session.satisfies(requirement))
    })
}

/// [`decide`] with the authorization given as a function: `unmet` says what an active
/// session fails (`None`: it passes).
pub(crate) fn decide_with(
    state: &AuthState,
    unauthenticated_url: Option<Cow<'static, str>>,
    unauthorized_url: Option<Cow<'static, str>>,
    unmet: impl FnOnce(&SessionAuth) -> Option<Unmet>,
) -> Outcome {
    let Some(session) = state.signed_in_session(true) else {
        let pending = matches!(state, AuthState::SignedIn(session) if session.is_pending());
        return Outcome::Unauthenticated(Unauthenticated {
            reason: state.signed_out_reason().cloned(),
            pending,
            redirect_to: unauthenticated_url,
        });
    };
    match unmet(session) {
        None => Outcome::Allowed,
        Some(unmet) => Outcome::Unauthorized(Unauthorized {
            unmet,
            redirect_to: unauthorized_url,
        }),
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;
    use std::sync::Arc;

    use super::*;
    use crate::AuthErrorReason;
    use crate::auth::{SessionAuth, SignedOutReason};
    use crate::requirement::Requirement;

    fn session(status: &str, role: Option<&str>, permissions: &[&str]) -> AuthState {
        AuthState::SignedIn(SessionAuth {
            user_id: "user_1".into(),
            session_id: Some("sess_1".into()),
            session_status: Some(status.into()),
            org_id: role.map(|_| "org_1".into()),
            org_role: role.map(str::to_owned),
            org_slug: None,
            org_permissions: role.map(|_| permissions.iter().map(|p| (*p).to_owned()).collect()),
            features: None,
            plans: None,
            factor_verification_age: None,
            actor: None,
            claims: Arc::default(),
            token: Arc::from("t"),
        })
    }

    fn requires(requirement: Requirement) -> Protection {
        Protection {
            requirement: Some(requirement),
            ..Protection::default()
        }
    }

    const BOTH: Requirement = Requirement::All(Cow::Borrowed(&[
        Requirement::role("org:admin"),
        Requirement::permission("org:reports:read"),
    ]));
    const EITHER: Requirement = Requirement::Any(Cow::Borrowed(&[
        Requirement::role("org:admin"),
        Requirement::permission("org:reports:read"),
    ]));

    const NESTED: Requirement =
        Requirement::All(Cow::Borrowed(&[EITHER, Requirement::role("org:member")]));

    fn unmet(outcome: Outcome) -> Unmet {
        match outcome {
            Outcome::Unauthorized(denied) => denied.unmet,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn signed_out_carries_clerks_reason_and_the_url() {
        let state = AuthState::SignedOut {
            reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
            message: String::new(),
        };
        let protection = Protection {
            unauthenticated_url: Some("https://example.com/login".into()),
            ..requires(BOTH)
        };
        assert!(!allows(&state, &protection) && !allows(&state, &Protection::default()));
        let Outcome::Unauthenticated(denied) = decide(&state, &protection) else {
            panic!()
        };
        assert_eq!(
            denied.reason().map(SignedOutReason::as_str).as_deref(),
            Some("session-token-and-uat-missing")
        );
        assert!(!denied.is_pending());
        assert_eq!(denied.redirect_to(), Some("https://example.com/login"));
    }

    #[test]
    fn a_pending_session_is_unauthenticated_without_a_reason() {
        let state = session("pending", Some("org:admin"), &[]);
        assert!(!allows(&state, &Protection::default()));
        let Outcome::Unauthenticated(denied) = decide(&state, &Protection::default()) else {
            panic!()
        };
        assert!(denied.is_pending());
        assert_eq!(denied.reason(), None);
    }

    #[test]
    fn the_failing_part_is_named() {
        // All: the first child that fails.
        let member = session("active", Some("org:member"), &["org:reports:read"]);
        assert_eq!(
            unmet(decide(&member, &requires(BOTH))),
            Unmet::Requirement(Requirement::role("org:admin"))
        );
        let admin = session("active", Some("org:admin"), &[]);
        assert_eq!(
            unmet(decide(&admin, &requires(BOTH))),
            Unmet::Requirement(Requirement::permission("org:reports:read"))
        );
        // Any: the whole alternative, since every branch failed.
        let nobody = session("active", None, &[]);
        assert_eq!(
            unmet(decide(&nobody, &requires(EITHER))),
            Unmet::Requirement(EITHER)
        );
        // Passing.
        assert_eq!(decide(&member, &requires(EITHER)), Outcome::Allowed);
        assert_eq!(decide(&nobody, &Protection::default()), Outcome::Allowed);
        assert!(allows(&member, &requires(EITHER)) && allows(&nobody, &Protection::default()));
        assert!(!allows(&member, &requires(BOTH)) && !allows(&nobody, &requires(EITHER)));
    }

    #[test]
    fn unmet_agrees_with_satisfies() {
        let sessions = [
            session("active", Some("org:admin"), &["org:reports:read"]),
            session("active", Some("org:admin"), &[]),
            session("active", Some("org:member"), &["org:reports:read"]),
            session("active", None, &[]),
        ];
        let trees = [
            BOTH,
            EITHER,
            Requirement::All(Cow::Borrowed(&[])),
            Requirement::Any(Cow::Borrowed(&[])),
            NESTED,
        ];
        for state in &sessions {
            let AuthState::SignedIn(session) = state else {
                unreachable!()
            };
            for tree in &trees {
                assert_eq!(
                    tree.unmet_by(session).is_none(),
                    session.satisfies(tree),
                    "{tree:?}"
                );
            }
        }
    }
}

#[cfg(test)]
mod properties {
    use std::borrow::Cow;
    use std::sync::Arc;

    use proptest::prelude::*;

    use super::*;
    use crate::auth::SessionAuth;
    use crate::requirement::Requirement;

    const KEYS: [&str; 3] = ["org:a", "org:b", "org:c"];

    fn leaf() -> impl Strategy<Value = Requirement> {
        (0..KEYS.len(), any::<bool>()).prop_map(|(i, role)| {
            if role {
                Requirement::role(KEYS[i])
            } else {
                Requirement::permission(KEYS[i])
            }
        })
    }

    fn tree() -> impl Strategy<Value = Requirement> {
        leaf().prop_recursive(3, 16, 4, |inner| {
            (proptest::collection::vec(inner, 0..4), any::<bool>()).prop_map(|(children, all)| {
                if all {
                    Requirement::All(Cow::Owned(children))
                } else {
                    Requirement::Any(Cow::Owned(children))
                }
            })
        })
    }

    fn session(role: usize, permissions: &[bool]) -> AuthState {
        AuthState::SignedIn(SessionAuth {
            user_id: "user_1".into(),
            session_id: None,
            session_status: Some("active".into()),
            org_id: Some("org_1".into()),
            org_role: Some(KEYS[role].into()),
            org_slug: None,
            org_permissions: Some(
                KEYS.iter()
                    .zip(permissions)
                    .filter(|(_, held)| **held)
                    .map(|(key, _)| (*key).to_owned())
                    .collect(),
            ),
            features: None,
            plans: None,
            factor_verification_age: None,
            actor: None,
            claims: Arc::default(),
            token: Arc::from("t"),
        })
    }

    proptest! {
        /// The decision agrees with `has()` on every tree, and what it names as unmet really
        /// fails on its own: the debug event never blames a requirement that holds.
        #[test]
        fn the_decision_agrees_with_has(
            requirement in tree(),
            role in 0..KEYS.len(),
            permissions in proptest::collection::vec(any::<bool>(), KEYS.len()),
        ) {
            let state = session(role, &permissions);
            let AuthState::SignedIn(active) = &state else { unreachable!() };
            let protection = Protection { requirement: Some(requirement.clone()), ..Protection::default() };
            prop_assert_eq!(allows(&state, &protection), decide(&state, &protection).is_allowed());
            match decide(&state, &protection) {
                Outcome::Allowed => prop_assert!(active.satisfies(&requirement)),
                Outcome::Unauthorized(denied) => {
                    prop_assert!(!active.satisfies(&requirement));
                    let Unmet::Requirement(part) = denied.unmet() else {
                        return Err(TestCaseError::fail("a tree names a requirement"));
                    };
                    prop_assert!(!active.satisfies(part));
                }
                Outcome::Unauthenticated(_) => prop_assert!(false, "signed in"),
            }
        }
    }
}
