//! What can be wrong with a configuration.

use crate::verify::KeyError;

/// A configuration value that is missing, malformed or inconsistent.
///
/// Every variant names the environment variable or builder option it is about (`name`), and
/// says what is wrong. Secret values (secret keys, encryption keys) never appear in a message.
///
/// ```
/// use clerk_runtime::config::ClerkConfig;
///
/// let vars = [("CLERK_IS_SATELLITE".to_owned(), "maybe".to_owned())];
/// let err = ClerkConfig::from_vars(vars).unwrap_err();
/// assert!(err.to_string().contains("CLERK_IS_SATELLITE"));
/// ```
#[derive(Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ConfigError {
    /// Neither a secret key (JWKS from the Backend API) nor a PEM public key is configured,
    /// so no session token could ever be verified.
    #[error(
        "no key to verify session tokens with: set `CLERK_SECRET_KEY` (or the `secret_key` option) to fetch Clerk's JWKS, or `CLERK_JWT_KEY` (or the `jwt_key` option) to verify offline with a PEM public key"
    )]
    MissingVerificationKey,
    /// The secret key does not look like a Clerk secret key.
    #[error("`{name}` is not a Clerk secret key: {problem}")]
    InvalidSecretKey {
        /// The variable or option.
        name: &'static str,
        /// What is wrong (never the key itself).
        problem: &'static str,
    },
    /// The publishable key does not decode to a Frontend API host.
    #[error("`{name}` is not a Clerk publishable key: {problem}")]
    InvalidPublishableKey {
        /// The variable or option.
        name: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The PEM public key could not be read.
    #[error("`{name}` is not a usable RSA public key: {source}")]
    InvalidJwtKey {
        /// The variable or option.
        name: &'static str,
        /// Why the PEM was rejected.
        source: KeyError,
    },
    /// A boolean value that is neither true nor false.
    #[error(
        "`{name}` must be `true`, `false`, `1` or `0` (any case), got `{value}`; Clerk would silently treat it as false"
    )]
    InvalidBool {
        /// The variable or option.
        name: &'static str,
        /// The value given.
        value: String,
    },
    /// A URL that is malformed or not allowed where it is used.
    #[error("`{name}` is not a valid URL (`{value}`): {problem}")]
    InvalidUrl {
        /// The variable or option.
        name: &'static str,
        /// The value given.
        value: String,
        /// What is wrong.
        problem: &'static str,
    },
    /// Any other malformed value.
    #[error("`{name}` is invalid: {problem}")]
    InvalidValue {
        /// The variable or option.
        name: &'static str,
        /// What is wrong, quoting the value when it is not secret.
        problem: String,
    },
    /// A satellite application without a domain or a proxy URL (Clerk throws the same).
    #[error(
        "a satellite application (`CLERK_IS_SATELLITE` / `is_satellite`) needs a domain (`CLERK_DOMAIN` / `domain`) or a proxy URL (`CLERK_PROXY_URL` / `proxy_url`)"
    )]
    SatelliteWithoutDomain,
    /// A satellite with a development secret key needs an absolute sign-in URL (Clerk throws the
    /// same).
    #[error(
        "a satellite application with a development key (`sk_test_`) needs an absolute http(s) sign-in URL (`CLERK_SIGN_IN_URL` / `sign_in_url`) pointing at the primary domain"
    )]
    SatelliteWithoutSignInUrl,
    /// The HTTP client for the JWKS could not be created.
    #[error("cannot create the HTTP client for Clerk's JWKS: {0}")]
    HttpClient(String),
}

/// Shows the message, so that `main` returning this error (or a `Box<dyn Error>` holding it)
/// prints what is wrong rather than a variant name.
impl std::fmt::Debug for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}
