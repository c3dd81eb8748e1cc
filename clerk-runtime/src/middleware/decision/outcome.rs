//! What the decision core concludes about one protection: [`Outcome`].

use std::borrow::Cow;
use std::fmt;

use crate::auth::{Check, SignedOutReason};
use crate::requirement::{FactorLevel, Requirement, Reverification};

/// The decision about one protection, whichever way it was declared (a route-table rule, a
/// middleware closure's `auth.protect*`, `#[protect]`): Clerk's `createProtect` logic, before
/// any response is chosen. A [`ResponsePolicy`](crate::middleware::ResponsePolicy) turns a
/// denial into a response.
///
/// ```
/// use clerk_runtime::auth::{AuthState, SignedOutReason};
/// use clerk_runtime::middleware::{Outcome, decide};
/// use clerk_runtime::requirement::Protection;
/// use clerk_runtime::AuthErrorReason;
///
/// let state = AuthState::SignedOut {
///     reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
///     message: String::new(),
/// };
/// let Outcome::Unauthenticated(denied) = decide(&state, &Protection::default()) else {
///     unreachable!()
/// };
/// assert_eq!(denied.reason().map(|r| r.as_str()).as_deref(), Some("session-token-and-uat-missing"));
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Outcome {
    /// The request passes.
    Allowed,
    /// Nobody is signed in (or the session is pending): Clerk's `handleUnauthenticated`.
    Unauthenticated(Unauthenticated),
    /// A signed-in user fails the requirement: Clerk's `handleUnauthorized`.
    Unauthorized(Unauthorized),
}

impl Outcome {
    /// Whether the request passes.
    #[must_use]
    pub const fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed)
    }

    /// A short label for logs: `allowed`, `unauthenticated` or `unauthorized`.
    #[must_use]
    pub const fn label(&self) -> &'static str {
        match self {
            Self::Allowed => "allowed",
            Self::Unauthenticated(_) => "unauthenticated",
            Self::Unauthorized(_) => "unauthorized",
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Allowed => f.write_str("allowed"),
            Self::Unauthenticated(denied) => write!(f, "unauthenticated ({denied})"),
            Self::Unauthorized(denied) => write!(f, "unauthorized ({denied})"),
        }
    }
}

/// A request denied because nobody is signed in with an active session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unauthenticated {
    pub(crate) reason: Option<SignedOutReason>,
    pub(crate) pending: bool,
    pub(crate) redirect_to: Option<Cow<'static, str>>,
}

impl Unauthenticated {
    /// Clerk's reason the request is signed out (`None` for a pending session).
    #[must_use]
    pub fn reason(&self) -> Option<&SignedOutReason> {
        self.reason.as_ref()
    }

    /// Whether a session exists but is pending (`sts: pending`): Clerk sends it to
    /// `<sign-in>/tasks`.
    #[must_use]
    pub const fn is_pending(&self) -> bool {
        self.pending
    }

    /// The protection's `unauthenticated_url`, if it has one (an absolute URL).
    #[must_use]
    pub fn redirect_to(&self) -> Option<&str> {
        self.redirect_to.as_deref()
    }
}

impl fmt::Display for Unauthenticated {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.reason, self.pending) {
            (_, true) => f.write_str("session pending"),
            (Some(reason), false) => write!(f, "{reason}"),
            (None, false) => f.write_str("signed out"),
        }
    }
}

/// A request denied because the signed-in user fails the requirement.
#[derive(Clone, Debug, PartialEq)]
pub struct Unauthorized {
    pub(crate) unmet: Unmet,
    pub(crate) redirect_to: Option<Cow<'static, str>>,
}

impl Unauthorized {
    /// The requirement that failed.
    #[must_use]
    pub const fn unmet(&self) -> &Unmet {
        &self.unmet
    }

    /// The protection's `unauthorized_url`, if it has one (an absolute URL).
    #[must_use]
    pub fn redirect_to(&self) -> Option<&str> {
        self.redirect_to.as_deref()
    }
}

impl fmt::Display for Unauthorized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unmet: {}", self.unmet)
    }
}

/// The requirement a signed-in user failed.
///
/// For a [`Requirement`] tree it is the part that failed: the first failing child of an
/// `All`, the whole `Any` when none of its children holds, or the leaf itself.
///
/// ```
/// use clerk_runtime::middleware::Unmet;
/// use clerk_runtime::requirement::Requirement;
///
/// let unmet = Unmet::Requirement(Requirement::role("org:admin"));
/// assert_eq!(unmet.to_string(), r#"role "org:admin""#);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Unmet {
    /// A requirement (a leaf or a subtree) of a [`Protection`](crate::requirement::Protection),
    /// `#[protect]`, a route rule or `protect_with(&Requirement)`.
    Requirement(Requirement),
    /// A [`Check`] given to `protect_with`.
    Check(Check),
    /// A predicate given to `protect_if`, or a custom
    /// [`Authorization`](crate::middleware::Authorization).
    Predicate,
}

impl fmt::Display for Unmet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Requirement(requirement) => write_requirement(f, requirement),
            Self::Check(check) => write!(f, "{check:?}"),
            Self::Predicate => f.write_str("predicate"),
        }
    }
}

fn write_requirement(f: &mut fmt::Formatter<'_>, requirement: &Requirement) -> fmt::Result {
    match requirement {
        Requirement::Role(key) => write!(f, "role {key:?}"),
        Requirement::Permission(key) => write!(f, "permission {key:?}"),
        Requirement::Feature(key) => write!(f, "feature {key:?}"),
        Requirement::Plan(key) => write!(f, "plan {key:?}"),
        Requirement::Reverification(reverification) => {
            f.write_str("reverification ")?;
            write_reverification(f, *reverification)
        }
        Requirement::All(children) => write_list(f, "all of", children),
        Requirement::Any(children) => write_list(f, "any of", children),
    }
}

fn write_list(f: &mut fmt::Formatter<'_>, head: &str, children: &[Requirement]) -> fmt::Result {
    write!(f, "{head} [")?;
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            f.write_str(", ")?;
        }
        write_requirement(f, child)?;
    }
    f.write_str("]")
}

fn write_reverification(f: &mut fmt::Formatter<'_>, reverification: Reverification) -> fmt::Result {
    match reverification {
        Reverification::StrictMfa => f.write_str("strict_mfa"),
        Reverification::Strict => f.write_str("strict"),
        Reverification::Moderate => f.write_str("moderate"),
        Reverification::Lax => f.write_str("lax"),
        Reverification::Custom {
            level,
            after_minutes,
        } => {
            let level = match level {
                FactorLevel::FirstFactor => "first_factor",
                FactorLevel::SecondFactor => "second_factor",
                FactorLevel::MultiFactor => "multi_factor",
            };
            write!(f, "{{ level: {level}, after_minutes: {after_minutes} }}")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;

    #[test]
    fn requirements_read_as_written() {
        const TREE: Requirement = Requirement::All(Cow::Borrowed(&[
            Requirement::role("org:admin"),
            Requirement::Any(Cow::Borrowed(&[
                Requirement::permission("org:a:read"),
                Requirement::Reverification(Reverification::Strict),
            ])),
        ]));
        assert_eq!(
            Unmet::Requirement(TREE).to_string(),
            r#"all of [role "org:admin", any of [permission "org:a:read", reverification strict]]"#
        );
        let custom = Requirement::Reverification(Reverification::Custom {
            level: FactorLevel::MultiFactor,
            after_minutes: 5,
        });
        assert_eq!(
            Unmet::Requirement(custom).to_string(),
            "reverification { level: multi_factor, after_minutes: 5 }"
        );
    }
}
