//! Reasons a session token or a request is not signed in, spelled exactly as Clerk spells them.

use std::fmt;

/// Why a session token failed verification: Clerk's `TokenVerificationErrorReason`.
///
/// [`as_str`](Self::as_str) gives Clerk's string, so answers compare one to one with
/// `@clerk/backend`.
///
/// ```
/// use clerk_runtime::TokenVerificationErrorReason;
/// assert_eq!(TokenVerificationErrorReason::TokenExpired.as_str(), "token-expired");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TokenVerificationErrorReason {
    /// `token-expired`
    TokenExpired,
    /// `token-invalid`
    TokenInvalid,
    /// `token-invalid-algorithm`
    TokenInvalidAlgorithm,
    /// `token-invalid-authorized-parties`
    TokenInvalidAuthorizedParties,
    /// `token-invalid-issuer`
    TokenInvalidIssuer,
    /// `token-invalid-signature`
    TokenInvalidSignature,
    /// `token-not-active-yet`
    TokenNotActiveYet,
    /// `token-iat-in-the-future`
    TokenIatInTheFuture,
    /// `token-verification-failed`
    TokenVerificationFailed,
    /// `secret-key-invalid`
    SecretKeyInvalid,
    /// `jwk-local-missing`
    LocalJwkMissing,
    /// `jwk-remote-failed-to-load`
    RemoteJwkFailedToLoad,
    /// `jwk-remote-invalid`
    RemoteJwkInvalid,
    /// `jwk-remote-missing`
    RemoteJwkMissing,
    /// `jwk-failed-to-resolve`
    JwkFailedToResolve,
    /// `jwk-kid-mismatch`
    JwkKidMismatch,
}

impl TokenVerificationErrorReason {
    /// Every reason, in Clerk's declaration order.
    pub const ALL: [Self; 16] = [
        Self::TokenExpired,
        Self::TokenInvalid,
        Self::TokenInvalidAlgorithm,
        Self::TokenInvalidAuthorizedParties,
        Self::TokenInvalidIssuer,
        Self::TokenInvalidSignature,
        Self::TokenNotActiveYet,
        Self::TokenIatInTheFuture,
        Self::TokenVerificationFailed,
        Self::SecretKeyInvalid,
        Self::LocalJwkMissing,
        Self::RemoteJwkFailedToLoad,
        Self::RemoteJwkInvalid,
        Self::RemoteJwkMissing,
        Self::JwkFailedToResolve,
        Self::JwkKidMismatch,
    ];

    /// Clerk's string for this reason.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::TokenExpired => "token-expired",
            Self::TokenInvalid => "token-invalid",
            Self::TokenInvalidAlgorithm => "token-invalid-algorithm",
            Self::TokenInvalidAuthorizedParties => "token-invalid-authorized-parties",
            Self::TokenInvalidIssuer => "token-invalid-issuer",
            Self::TokenInvalidSignature => "token-invalid-signature",
            Self::TokenNotActiveYet => "token-not-active-yet",
            Self::TokenIatInTheFuture => "token-iat-in-the-future",
            Self::TokenVerificationFailed => "token-verification-failed",
            Self::SecretKeyInvalid => "secret-key-invalid",
            Self::LocalJwkMissing => "jwk-local-missing",
            Self::RemoteJwkFailedToLoad => "jwk-remote-failed-to-load",
            Self::RemoteJwkInvalid => "jwk-remote-invalid",
            Self::RemoteJwkMissing => "jwk-remote-missing",
            Self::JwkFailedToResolve => "jwk-failed-to-resolve",
            Self::JwkKidMismatch => "jwk-kid-mismatch",
        }
    }
}

impl fmt::Display for TokenVerificationErrorReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A session token that failed verification: Clerk's reason and a message for people.
///
/// The message never contains the token itself.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (reason={reason})")]
pub struct TokenVerificationError {
    /// Clerk's reason.
    pub reason: TokenVerificationErrorReason,
    /// What went wrong, for logs and the CLI.
    pub message: String,
}

impl TokenVerificationError {
    /// An error with this reason and message.
    pub fn new(reason: TokenVerificationErrorReason, message: impl Into<String>) -> Self {
        Self {
            reason,
            message: message.into(),
        }
    }
}

/// Why a request is signed out although no token failed verification: Clerk's `AuthErrorReason`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuthErrorReason {
    /// `client-uat-but-no-session-token`
    ClientUatWithoutSessionToken,
    /// `dev-browser-missing`
    DevBrowserMissing,
    /// `dev-browser-sync`
    DevBrowserSync,
    /// `primary-responds-to-syncing`
    PrimaryRespondsToSyncing,
    /// `primary-domain-cross-origin-sync`
    PrimaryDomainCrossOriginSync,
    /// `satellite-needs-syncing`
    SatelliteCookieNeedsSyncing,
    /// `session-token-and-uat-missing`
    SessionTokenAndUatMissing,
    /// `session-token-missing`
    SessionTokenMissing,
    /// `session-token-expired`
    SessionTokenExpired,
    /// `session-token-iat-before-client-uat`
    SessionTokenIatBeforeClientUat,
    /// `session-token-nbf`
    SessionTokenNbf,
    /// `session-token-iat-in-the-future`
    SessionTokenIatInTheFuture,
    /// `session-token-but-no-client-uat`
    SessionTokenWithoutClientUat,
    /// `active-organization-mismatch`
    ActiveOrganizationMismatch,
    /// `token-type-mismatch`
    TokenTypeMismatch,
    /// `unexpected-error`
    UnexpectedError,
}

impl AuthErrorReason {
    /// Every reason, in Clerk's declaration order.
    pub const ALL: [Self; 16] = [
        Self::ClientUatWithoutSessionToken,
        Self::DevBrowserMissing,
        Self::DevBrowserSync,
        Self::PrimaryRespondsToSyncing,
        Self::PrimaryDomainCrossOriginSync,
        Self::SatelliteCookieNeedsSyncing,
        Self::SessionTokenAndUatMissing,
        Self::SessionTokenMissing,
        Self::SessionTokenExpired,
        Self::SessionTokenIatBeforeClientUat,
        Self::SessionTokenNbf,
        Self::SessionTokenIatInTheFuture,
        Self::SessionTokenWithoutClientUat,
        Self::ActiveOrganizationMismatch,
        Self::TokenTypeMismatch,
        Self::UnexpectedError,
    ];

    /// Clerk's string for this reason.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::ClientUatWithoutSessionToken => "client-uat-but-no-session-token",
            Self::DevBrowserMissing => "dev-browser-missing",
            Self::DevBrowserSync => "dev-browser-sync",
            Self::PrimaryRespondsToSyncing => "primary-responds-to-syncing",
            Self::PrimaryDomainCrossOriginSync => "primary-domain-cross-origin-sync",
            Self::SatelliteCookieNeedsSyncing => "satellite-needs-syncing",
            Self::SessionTokenAndUatMissing => "session-token-and-uat-missing",
            Self::SessionTokenMissing => "session-token-missing",
            Self::SessionTokenExpired => "session-token-expired",
            Self::SessionTokenIatBeforeClientUat => "session-token-iat-before-client-uat",
            Self::SessionTokenNbf => "session-token-nbf",
            Self::SessionTokenIatInTheFuture => "session-token-iat-in-the-future",
            Self::SessionTokenWithoutClientUat => "session-token-but-no-client-uat",
            Self::ActiveOrganizationMismatch => "active-organization-mismatch",
            Self::TokenTypeMismatch => "token-type-mismatch",
            Self::UnexpectedError => "unexpected-error",
        }
    }
}

impl fmt::Display for AuthErrorReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_strings_are_distinct_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        let token =
            TokenVerificationErrorReason::ALL.map(|reason| (reason.as_str(), reason.to_string()));
        let auth = AuthErrorReason::ALL.map(|reason| (reason.as_str(), reason.to_string()));
        for (s, shown) in token.into_iter().chain(auth) {
            assert!(seen.insert(s), "duplicate {s}");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{s}"
            );
            assert_eq!(shown, s);
        }
    }
}
