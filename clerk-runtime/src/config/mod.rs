//! Configuration: Clerk's keys, environment variables and the options of `clerkMiddleware`.
//!
//! [`ClerkConfig::from_env`] reads Clerk's variables ([`vars`]); [`ClerkConfig::builder`] takes
//! the options in code, and options win over variables. Every value is checked when the config
//! is built: a malformed key, URL or flag is a [`ConfigError`] that names the variable or option,
//! never a panic and never a silent default.
//!
//! ```
//! use clerk_runtime::config::ClerkConfig;
//!
//! let config = ClerkConfig::from_vars([
//!     ("CLERK_SECRET_KEY".to_owned(), "sk_test_0123456789abcdefghij".to_owned()),
//!     // base64 of "clerk.example.com$"
//!     ("CLERK_PUBLISHABLE_KEY".to_owned(), "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k".to_owned()),
//! ])
//! .unwrap();
//! assert_eq!(config.publishable_key().unwrap().frontend_api(), "clerk.example.com");
//! assert!(config.remote_keys().is_some());
//! // Secrets never show in debug output.
//! assert!(!format!("{config:?}").contains("0123456789abcdefghij"));
//! ```

mod builder;
pub mod vars;

pub use crate::instance::{ConfigError, EncryptionKey, PublishableKey, SecretKey};
use crate::instance::{keys, validate};
pub use builder::{ClerkConfigBuilder, DEFAULT_API_URL, DEFAULT_API_VERSION};

use crate::handshake::OrganizationSyncOptions;
use crate::verify::jwks::{JwksOptions, RemoteKeys};
use crate::verify::{VerifyOptions, VerifyingKey};

/// A checked configuration: keys, Backend API, redirect URLs, multi-domain settings and the
/// verification options of `clerkMiddleware`.
///
/// Cheap enough to clone; configurations of the same instance share one JWKS cache. `Debug` masks the secret key and hides
/// the encryption key.
#[derive(Clone, Debug)]
pub struct ClerkConfig {
    pub(crate) secret_key: Option<SecretKey>,
    pub(crate) publishable_key: Option<PublishableKey>,
    pub(crate) jwt_key: Option<VerifyingKey>,
    pub(crate) api_url: String,
    pub(crate) api_version: String,
    pub(crate) sign_in_url: Option<String>,
    pub(crate) sign_up_url: Option<String>,
    pub(crate) domain: Option<String>,
    pub(crate) proxy_url: Option<String>,
    pub(crate) is_satellite: bool,
    pub(crate) encryption_key: Option<EncryptionKey>,
    pub(crate) verify: VerifyOptions,
    pub(crate) jwks: JwksOptions,
    pub(crate) remote_keys: Option<RemoteKeys>,
    pub(crate) organization_sync: Option<OrganizationSyncOptions>,
    pub(crate) satellite_auto_sync: bool,
}

impl ClerkConfig {
    /// A builder with Clerk's defaults and nothing set.
    pub fn builder() -> ClerkConfigBuilder {
        ClerkConfigBuilder::default()
    }

    /// Reads Clerk's variables from the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::builder().env()?.build()
    }

    /// Reads Clerk's variables from `pairs` (for tests, or a configuration source other than
    /// the process environment). Names other than Clerk's are ignored.
    pub fn from_vars(
        pairs: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Self, ConfigError> {
        Self::builder().vars(pairs)?.build()
    }

    /// The options a verification checks (audience, authorized parties, clock skew, issuer,
    /// header type).
    #[must_use]
    pub fn verify_options(&self) -> &VerifyOptions {
        &self.verify
    }

    /// The JWKS of this instance, when a secret key is configured. Every configuration with the
    /// same api url, version, secret key and JWKS options shares one cache in the process.
    #[must_use]
    pub fn remote_keys(&self) -> Option<&RemoteKeys> {
        self.remote_keys.as_ref()
    }

    /// The PEM public key for networkless verification (`jwt_key` / `CLERK_JWT_KEY`).
    #[must_use]
    pub fn jwt_key(&self) -> Option<&VerifyingKey> {
        self.jwt_key.as_ref()
    }

    /// The secret key.
    #[must_use]
    pub fn secret_key(&self) -> Option<&SecretKey> {
        self.secret_key.as_ref()
    }

    /// The publishable key, decoded.
    #[must_use]
    pub fn publishable_key(&self) -> Option<&PublishableKey> {
        self.publishable_key.as_ref()
    }

    /// True when a live key (`sk_live_` or `pk_live_`) is configured.
    #[must_use]
    pub fn is_live(&self) -> bool {
        self.secret_key.as_ref().is_some_and(SecretKey::is_live)
            || self
                .publishable_key
                .as_ref()
                .is_some_and(PublishableKey::is_live)
    }

    /// The Backend API base URL, without a trailing `/`.
    #[must_use]
    pub fn api_url(&self) -> &str {
        &self.api_url
    }

    /// The Backend API version.
    #[must_use]
    pub fn api_version(&self) -> &str {
        &self.api_version
    }

    /// The sign-in URL, absolute or a path.
    #[must_use]
    pub fn sign_in_url(&self) -> Option<&str> {
        self.sign_in_url.as_deref()
    }

    /// The sign-up URL, absolute or a path.
    #[must_use]
    pub fn sign_up_url(&self) -> Option<&str> {
        self.sign_up_url.as_deref()
    }

    /// The satellite domain.
    #[must_use]
    pub fn domain(&self) -> Option<&str> {
        self.domain.as_deref()
    }

    /// The Frontend API proxy URL, absolute or a path.
    #[must_use]
    pub fn proxy_url(&self) -> Option<&str> {
        self.proxy_url.as_deref()
    }

    /// Whether this app is a satellite.
    #[must_use]
    pub fn is_satellite(&self) -> bool {
        self.is_satellite
    }

    /// The encryption key, if configured.
    #[must_use]
    pub fn encryption_key(&self) -> Option<&EncryptionKey> {
        self.encryption_key.as_ref()
    }

    /// Clerk's `organizationSyncOptions`, if set.
    #[must_use]
    pub fn organization_sync_options(&self) -> Option<&OrganizationSyncOptions> {
        self.organization_sync.as_ref()
    }

    /// Clerk's `satelliteAutoSync` (default `false`).
    #[must_use]
    pub fn satellite_auto_sync(&self) -> bool {
        self.satellite_auto_sync
    }

    /// The JWKS cache options (`skip_jwks_cache` is `skip_cache`).
    #[must_use]
    pub fn jwks_options(&self) -> &JwksOptions {
        &self.jwks
    }
}

#[cfg(test)]
mod tests;
