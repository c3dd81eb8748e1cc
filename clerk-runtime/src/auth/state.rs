//! The auth state a request carries after authentication: Clerk's auth object.
//!
//! Contract shared by the claims/`has()` work (which builds it) and the middleware (which hands
//! it to handlers). Field meanings follow Clerk's `signedInAuthObject`.

use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

use crate::verify::JwtPayload;
use crate::{AuthErrorReason, TokenVerificationErrorReason};

/// A verified session: who is signed in, in which organization, with what.
///
/// `Debug` never prints the raw token.
#[derive(Clone)]
pub struct SessionAuth {
    /// `sub`: the user id.
    pub user_id: String,
    /// `sid`: the session id.
    pub session_id: Option<String>,
    /// `sts`: the session status (`active`, `pending`, …).
    pub session_status: Option<String>,
    /// The active organization's id (`org_id`, or v2 `o.id`).
    pub org_id: Option<String>,
    /// The role in the active organization, `org:`-prefixed (`org_role`, or `org:` + v2 `o.rol`).
    pub org_role: Option<String>,
    /// The active organization's slug (`org_slug`, or v2 `o.slg`).
    pub org_slug: Option<String>,
    /// Permissions in the active organization (`org_permissions`, or decoded from v2
    /// `o.per` and `o.fpm`). `None` where Clerk's value is not an array.
    pub org_permissions: Option<Vec<String>>,
    /// The raw `fea` claim (v2): comma-separated `scope:feature`.
    pub features: Option<String>,
    /// The raw `pla` claim (v2): comma-separated `scope:plan`.
    pub plans: Option<String>,
    /// `fva`: minutes since the first and second factor were verified (-1: not enrolled).
    pub factor_verification_age: Option<[i64; 2]>,
    /// `act`: the impersonating actor, when present.
    pub actor: Option<serde_json::Value>,
    /// Every claim of the token.
    pub claims: Arc<JwtPayload>,
    /// The raw session token (never logged).
    pub token: Arc<str>,
}

impl fmt::Debug for SessionAuth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SessionAuth")
            .field("user_id", &self.user_id)
            .field("session_id", &self.session_id)
            .field("session_status", &self.session_status)
            .field("org_id", &self.org_id)
            .field("org_role", &self.org_role)
            .field("org_slug", &self.org_slug)
            .field("org_permissions", &self.org_permissions)
            .field("features", &self.features)
            .field("plans", &self.plans)
            .field("factor_verification_age", &self.factor_verification_age)
            .field("actor", &self.actor)
            .field("token", &"[redacted]")
            .finish_non_exhaustive()
    }
}

/// Why a request is signed out, as Clerk reports it in `x-clerk-auth-reason`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SignedOutReason {
    /// The session token failed verification.
    Token(TokenVerificationErrorReason),
    /// The request's cookies or headers do not make a session.
    Auth(AuthErrorReason),
    /// An expired cookie token that could not be refreshed: Clerk's
    /// `session-token-expired-refresh-<why>`, holding `<why>` (e.g. `non-eligible-no-refresh-cookie`).
    SessionTokenExpiredRefresh(Cow<'static, str>),
}

impl SignedOutReason {
    /// Clerk's string for this reason.
    ///
    /// ```
    /// use clerk_runtime::auth::SignedOutReason;
    /// use clerk_runtime::AuthErrorReason;
    /// let reason = SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing);
    /// assert_eq!(reason.as_str(), "session-token-and-uat-missing");
    /// ```
    #[must_use]
    pub fn as_str(&self) -> Cow<'static, str> {
        match self {
            Self::Token(reason) => Cow::Borrowed(reason.as_str()),
            Self::Auth(reason) => Cow::Borrowed(reason.as_str()),
            Self::SessionTokenExpiredRefresh(why) => {
                Cow::Owned(format!("session-token-expired-refresh-{why}"))
            }
        }
    }
}

impl fmt::Display for SignedOutReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// The outcome of authenticating one request.
#[derive(Clone, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one per request, built once and read in place; boxing would change the contract"
)]
pub enum AuthState {
    /// A verified session token (possibly `pending`: see [`SessionAuth::session_status`]).
    SignedIn(SessionAuth),
    /// No usable session token.
    SignedOut {
        /// Clerk's reason.
        reason: SignedOutReason,
        /// A message for logs (never contains a token).
        message: String,
    },
}

impl SessionAuth {
    /// Whether the session is `pending` (`sts: "pending"`): signed in, with tasks left (such
    /// as choosing an organization). Clerk treats it as signed out unless
    /// `treatPendingAsSignedOut: false`.
    #[must_use]
    pub fn is_pending(&self) -> bool {
        self.session_status.as_deref() == Some("pending")
    }
}

impl AuthState {
    /// The session, unless the request is signed out, or the session is pending and
    /// `treat_pending_as_signed_out` is set (Clerk's default is `true`).
    ///
    /// ```
    /// use clerk_runtime::auth::{AuthState, SignedOutReason};
    /// use clerk_runtime::AuthErrorReason;
    ///
    /// let state = AuthState::SignedOut {
    ///     reason: SignedOutReason::Auth(AuthErrorReason::SessionTokenAndUatMissing),
    ///     message: String::new(),
    /// };
    /// assert!(state.signed_in_session(true).is_none());
    /// assert!(!state.is_signed_in());
    /// ```
    #[must_use]
    pub fn signed_in_session(&self, treat_pending_as_signed_out: bool) -> Option<&SessionAuth> {
        match self {
            Self::SignedIn(session) if !(treat_pending_as_signed_out && session.is_pending()) => {
                Some(session)
            }
            _ => None,
        }
    }

    /// Whether the request is signed in, with Clerk's default: a pending session counts as
    /// signed out.
    #[must_use]
    pub fn is_signed_in(&self) -> bool {
        self.signed_in_session(true).is_some()
    }

    /// Clerk's `auth().has(check)`: false when signed out (or pending, with
    /// `treat_pending_as_signed_out`), else [`SessionAuth::has`].
    #[must_use]
    pub fn has(&self, check: &super::Check, treat_pending_as_signed_out: bool) -> bool {
        self.signed_in_session(treat_pending_as_signed_out)
            .is_some_and(|session| session.has(check))
    }

    /// Why the request is signed out, if it is (a pending session is not signed out here).
    #[must_use]
    pub fn signed_out_reason(&self) -> Option<&SignedOutReason> {
        match self {
            Self::SignedIn(_) => None,
            Self::SignedOut { reason, .. } => Some(reason),
        }
    }
}
