//! Options from a [`ClerkConfig`]: a verifier for its keys, its sign-in URLs; and a cache that
//! keeps one verifier per key set for multi-tenant apps.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use super::authenticate::{VerifyFn, verifying};
use super::options::{ClerkOptions, SharedRequestState};
use crate::ClerkLayer;
use crate::auth::{AuthenticateOptions, CookieInstance};
use crate::config::{ClerkConfig, ConfigError, PublishableKey, SecretKey};
use crate::handshake::{Handshake, HandshakeSettings};
use crate::middleware::respond::{RedirectConfigError, RedirectOptions};
use crate::verify::Verifier;

/// Why a configuration cannot become middleware options.
#[derive(thiserror::Error)]
pub enum OptionsError {
    /// Neither a PEM public key nor a secret key (JWKS) is configured (without the `jwks`
    /// feature: no PEM public key).
    #[cfg_attr(
        feature = "jwks",
        error("no key to verify session tokens with: set `CLERK_SECRET_KEY` or `CLERK_JWT_KEY`")
    )]
    #[cfg_attr(
        not(feature = "jwks"),
        error(
            "no key to verify session tokens with: set `CLERK_JWT_KEY` (fetching the JWKS with `CLERK_SECRET_KEY` needs clerk-runtime's `jwks` feature)"
        )
    )]
    NoKeys,
    /// An `organization_sync_options` pattern does not compile.
    #[error("{0}")]
    OrganizationSync(String),
    /// The sign-in settings are unusable.
    #[error(transparent)]
    Redirect(#[from] RedirectConfigError),
    /// The environment variables (or options) do not make a configuration.
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl ClerkLayer {
    /// The layer for the Clerk instance the environment describes: the common case in one
    /// call. Reads Clerk's variables as [`ClerkConfig::from_env`] does: `CLERK_SECRET_KEY`
    /// (tokens verified with the instance's JWKS), `CLERK_PUBLISHABLE_KEY`, `CLERK_JWT_KEY`
    /// (networkless verification with the PEM public key, preferred when set),
    /// `CLERK_SIGN_IN_URL`, `CLERK_SIGN_UP_URL`, `CLERK_API_URL`, `CLERK_DOMAIN`,
    /// `CLERK_IS_SATELLITE`… ([`vars`](crate::config::vars) lists them all).
    ///
    /// Nothing is fetched here: the JWKS is loaded on the first request that needs it.
    ///
    /// ```standalone_crate
    /// use axum::{Router, routing::get};
    /// use clerk_runtime::ClerkLayer;
    ///
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// # // SAFETY: this example runs in a process of its own, before any other thread exists.
    /// # unsafe {
    /// #     std::env::set_var("CLERK_SECRET_KEY", "sk_test_0123456789abcdefghij");
    /// #     // base64 of "clerk.example.com$"
    /// #     std::env::set_var("CLERK_PUBLISHABLE_KEY", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
    /// # }
    /// let app: Router = Router::new()
    ///     .route("/", get(|| async { "hello" }))
    ///     .layer(ClerkLayer::from_env()?);
    /// # let _ = app;
    /// # Ok(())
    /// # }
    /// ```
    pub fn from_env() -> Result<Self, OptionsError> {
        Self::from_config(&ClerkConfig::from_env()?)
    }

    /// The layer for the Clerk instance `config` describes
    /// ([`ClerkOptions::from_config`], then [`ClerkLayer::new`]).
    pub fn from_config(config: &ClerkConfig) -> Result<Self, OptionsError> {
        Ok(Self::new(ClerkOptions::from_config(config)?))
    }
}

/// Shows the message, so that `main` returning this error (or a `Box<dyn Error>` holding it)
/// prints what is wrong rather than a variant name.
impl std::fmt::Debug for OptionsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

impl ClerkOptions {
    /// Options for the instance `config` describes: tokens verified with its PEM key
    /// (networkless) or its JWKS (secret key), sign-in at its `sign_in_url` or its Account
    /// Portal, satellite settings.
    ///
    /// Each call builds a new verifier (and JWKS cache); build once and clone, or use
    /// [`OptionsCache`] when options are resolved per request.
    pub fn from_config(config: &ClerkConfig) -> Result<Self, OptionsError> {
        let verify_options = config.verify_options().clone();
        let verify_options_for_handshake = verify_options.clone();
        let (verifier, description) = if let Some(key) = config.jwt_key() {
            (
                Verifier::from_key(key.clone(), verify_options),
                "networkless verification with the configured PEM public key".to_owned(),
            )
        } else if let Some(keys) = config.remote_keys() {
            (
                Verifier::remote(keys.clone(), verify_options),
                format!(
                    "JWKS from {}/{} (secret key {})",
                    config.api_url(),
                    config.api_version(),
                    config
                        .secret_key()
                        .map_or_else(String::new, SecretKey::masked)
                ),
            )
        } else {
            return Err(OptionsError::NoKeys);
        };
        let cached = verifier.clone();
        let handshake = HandshakeSettings::from_config(config)
            .map_err(|e| OptionsError::OrganizationSync(e.to_string()))?
            .map(|settings| {
                Handshake::new(settings, verifier.clone(), &verify_options_for_handshake)
            });
        let verify: Arc<VerifyFn> = Arc::new(move |token: String| {
            let verifier = verifier.clone();
            Box::pin(async move { verifier.verify(&token).await })
        });
        let redirects = RedirectOptions {
            sign_in_url: config.sign_in_url().map(str::to_owned),
            sign_up_url: config.sign_up_url().map(str::to_owned),
            account_portal_url: config
                .publishable_key()
                .map(|key| format!("https://{}", key.account_portal_host())),
            is_satellite: config.is_satellite(),
        };
        let authenticate_options = AuthenticateOptions::from_config(config);
        let signed_out = SharedRequestState::without_credentials(&authenticate_options);
        let mut authenticator = verifying(authenticate_options, description, verify);
        if let Some(handshake) = handshake {
            authenticator = authenticator.with_handshake(handshake);
        }
        let mut options = Self::new(authenticator, redirects)?;
        options.cached = Some(cached);
        options.signed_out = signed_out;
        Ok(options)
    }
}

/// Options per tenant and key set, built once: for resolvers that pick a tenant's
/// configuration per request. Entries are keyed by the tenant's name *and* every configuration
/// field that decides verification or redirects, so one tenant's verifier (and JWKS cache)
/// never sees another tenant's tokens. A PEM key has no comparable identity here: give each
/// tenant its own name, and a new name (or a new cache) when its PEM key changes.
///
/// ```
/// use clerk_runtime::middleware::OptionsCache;
/// let cache = OptionsCache::default();
/// assert_eq!(cache.len(), 0);
/// ```
#[derive(Debug, Default)]
pub struct OptionsCache {
    entries: Mutex<HashMap<String, ClerkOptions>>,
}

impl OptionsCache {
    /// The options for `tenant` with `config`, built on first use.
    pub fn get(&self, tenant: &str, config: &ClerkConfig) -> Result<ClerkOptions, OptionsError> {
        let key = format!("{tenant:?}|{}", key_set(config));
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(options) = entries.get(&key) {
            return Ok(options.clone());
        }
        let options = ClerkOptions::from_config(config)?;
        entries.insert(key, options.clone());
        Ok(options)
    }

    /// How many key sets have options.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no options were built yet.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Everything in a configuration that decides how tokens are verified and where people are
/// sent. Kept in memory only (it holds the secret key); never logged.
fn key_set(config: &ClerkConfig) -> String {
    format!(
        "{:?}|{:?}|{:?}|{}|{}|{:?}|{:?}|{:?}|{:?}|{}|{:?}|{:?}|{}",
        config.secret_key().map(SecretKey::expose),
        config.publishable_key().map(PublishableKey::as_str),
        config.jwt_key().map(|key| format!("{key:?}")),
        config.api_url(),
        config.api_version(),
        config.verify_options(),
        config.sign_in_url(),
        config.sign_up_url(),
        config.domain(),
        config.is_satellite(),
        config.proxy_url(),
        config.organization_sync_options(),
        config.satellite_auto_sync(),
    )
}

impl AuthenticateOptions {
    /// The request-authentication options a configuration implies: the instance its
    /// publishable key names (suffixed cookies, development-instance rules) and whether it is a
    /// satellite. [`ClerkOptions::from_config`] uses exactly these.
    ///
    /// ```
    /// use clerk_runtime::auth::AuthenticateOptions;
    /// use clerk_runtime::config::ClerkConfig;
    ///
    /// // base64 of "clerk.example.com$"
    /// let config = ClerkConfig::builder()
    ///     .publishable_key("pk_live_Y2xlcmsuZXhhbXBsZS5jb20k")
    ///     .secret_key("sk_live_abc")
    ///     .build()
    ///     .unwrap();
    /// let options = AuthenticateOptions::from_config(&config);
    /// assert!(options.instance.unwrap().is_production());
    /// ```
    #[must_use]
    pub fn from_config(config: &ClerkConfig) -> Self {
        let options = Self::default().with_satellite(config.is_satellite());
        match config.publishable_key() {
            Some(key) => {
                let instance = CookieInstance::new(key);
                let instance = match config.domain().filter(|_| config.is_satellite()) {
                    Some(domain) => instance.for_satellite_domain(domain),
                    None => instance,
                };
                options.with_instance(instance)
            }
            None => options,
        }
    }
}
