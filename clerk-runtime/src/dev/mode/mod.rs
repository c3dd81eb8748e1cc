//! Local dev mode: the same sign-in flow as a Clerk development instance, offline.
//!
//! [`DevMode`] holds the dev key and the session lifetime. It gives the configuration the
//! layer runs with ([`DevMode::config`]) and the routes that play Clerk's part
//! ([`DevMode::router`]): a sign-in page (the Account Portal's role), a sign-out page, and a
//! stand-in for the Frontend API's handshake endpoint, so a browser stays signed in across
//! token expiry exactly as with a real Clerk instance.

mod client;
mod cookies;
mod frontend_api;
mod pages;
mod redirect_target;
mod settings;

#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;

use super::{DevKeyError, DevKeys, SigningKey};
use crate::config::{ClerkConfig, ClerkConfigBuilder, ConfigError};

pub use settings::{DEV_SESSION_TTL_VAR, DevModeError};

/// Local dev mode: a dev key, the lifetime of the session tokens it mints, and the routes that
/// stand in for Clerk (sign-in and sign-out pages, the Frontend API's handshake endpoint).
///
/// Serve [`router`](Self::router) *beside* the layer, not behind it (as Clerk's Frontend API
/// lives on its own host), and build the layer from [`config`](Self::config):
///
/// ```
/// use axum::{Router, routing::get};
/// use clerk_runtime::dev::DevMode;
/// use clerk_runtime::ClerkLayer;
/// use clerk_runtime::middleware::ClerkOptions;
///
/// let dir = std::env::temp_dir().join(format!("clerk-devmode-doc-{}", std::process::id()));
/// let dev = DevMode::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
/// let options = ClerkOptions::from_config(&dev.config().unwrap()).unwrap();
/// let app: Router = Router::new()
///     .route("/dashboard", get(|| async { "dashboard" }))
///     .layer(ClerkLayer::new(options))
///     .merge(dev.router());
/// # let _ = app;
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct DevMode {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    key: SigningKey,
    key_file: Option<(PathBuf, bool)>,
    session_ttl: Duration,
}

impl DevMode {
    /// Where the sign-in page is served (the configuration's sign-in URL).
    pub const SIGN_IN_PATH: &'static str = "/sign-in";
    /// Where the sign-out page is served.
    pub const SIGN_OUT_PATH: &'static str = "/sign-out";
    /// Where the Frontend API stand-in is served (the configuration's proxy URL).
    pub const FRONTEND_API_PATH: &'static str = "/__clerk";
    /// The development publishable key dev mode runs with: its Frontend API host is
    /// `clerk.localhost`, which is never contacted (the proxy URL points at the stand-in).
    pub const PUBLISHABLE_KEY: &'static str = "pk_test_Y2xlcmsubG9jYWxob3N0JA";
    /// How long a dev session token lives unless [`DEV_SESSION_TTL_VAR`] says otherwise: 60
    /// seconds, as Clerk's.
    pub const DEFAULT_SESSION_TTL: Duration = Duration::from_mins(1);

    /// Dev mode with this key and the default session lifetime.
    #[must_use]
    pub fn new(key: SigningKey) -> Self {
        Self::build(key, None, Self::DEFAULT_SESSION_TTL)
    }

    /// Dev mode from `vars` (the process environment in `main`) and the dev key under
    /// `project_dir` (`.clerk/dev-key.pem`, created on first use).
    ///
    /// Refuses live keys (`CLERK_SECRET_KEY=sk_live_…`, `CLERK_PUBLISHABLE_KEY=pk_live_…`):
    /// dev mode signs its own tokens and must never run next to a production instance. Reads
    /// the session lifetime from `CLERK_DEV_SESSION_TTL` (seconds). The key file is only
    /// touched once the variables are known to be fine.
    pub fn from_vars<K, V>(
        vars: impl IntoIterator<Item = (K, V)>,
        project_dir: &Path,
    ) -> Result<Self, DevModeError>
    where
        K: AsRef<str>,
        V: AsRef<str>,
    {
        let session_ttl = settings::read_vars(vars)?;
        let keys = DevKeys::load_or_create(project_dir)?;
        Ok(Self::build(
            keys.signing_key().clone(),
            Some((keys.path().to_owned(), keys.created())),
            session_ttl,
        ))
    }

    /// [`from_vars`](Self::from_vars) with the process environment.
    pub fn from_env(project_dir: &Path) -> Result<Self, DevModeError> {
        Self::from_vars(std::env::vars(), project_dir)
    }

    fn build(key: SigningKey, key_file: Option<(PathBuf, bool)>, session_ttl: Duration) -> Self {
        Self {
            inner: Arc::new(Inner {
                key,
                key_file,
                session_ttl,
            }),
        }
    }

    /// The same dev mode with another session lifetime.
    #[must_use]
    pub fn with_session_ttl(&self, ttl: Duration) -> Self {
        Self::build(
            self.inner.key.clone(),
            self.inner.key_file.clone(),
            ttl.max(Duration::from_secs(1)),
        )
    }

    /// The key that signs dev session tokens, dev client records and handshake tokens.
    #[must_use]
    pub fn signing_key(&self) -> &SigningKey {
        &self.inner.key
    }

    /// How long a dev session token lives.
    #[must_use]
    pub fn session_ttl(&self) -> Duration {
        self.inner.session_ttl
    }

    /// The dev key file, when the key came from one.
    #[must_use]
    pub fn key_path(&self) -> Option<&Path> {
        self.inner.key_file.as_ref().map(|(path, _)| path.as_path())
    }

    /// Whether the dev key file was created just now.
    #[must_use]
    pub fn key_created(&self) -> bool {
        self.inner
            .key_file
            .as_ref()
            .is_some_and(|(_, created)| *created)
    }

    /// The configuration dev mode runs with, to extend before building: the dev key's public
    /// half as the JWT key, [`PUBLISHABLE_KEY`](Self::PUBLISHABLE_KEY) (a development
    /// instance), the stand-in as the proxy URL and the dev sign-in page as the sign-in URL.
    pub fn config_builder(&self) -> ClerkConfigBuilder {
        ClerkConfig::builder()
            .jwt_key(self.inner.key.public_pem())
            .publishable_key(Self::PUBLISHABLE_KEY)
            .proxy_url(Self::FRONTEND_API_PATH)
            .sign_in_url(Self::SIGN_IN_PATH)
    }

    /// [`config_builder`](Self::config_builder), built.
    pub fn config(&self) -> Result<ClerkConfig, ConfigError> {
        self.config_builder().build()
    }

    /// Every dev route: [`pages`](Self::pages) and, under
    /// [`FRONTEND_API_PATH`](Self::FRONTEND_API_PATH), the Frontend API stand-in. Merge it into
    /// the app *after* adding the layer, so these routes are not behind it.
    pub fn router(&self) -> Router {
        self.pages()
            .nest(Self::FRONTEND_API_PATH, frontend_api::routes(self.clone()))
    }

    /// The sign-in page (`GET` and `POST` [`SIGN_IN_PATH`](Self::SIGN_IN_PATH)) and the
    /// sign-out page (`GET` [`SIGN_OUT_PATH`](Self::SIGN_OUT_PATH)).
    pub fn pages(&self) -> Router {
        pages::routes(self.clone())
    }
}

impl From<DevKeyError> for DevModeError {
    fn from(error: DevKeyError) -> Self {
        Self::Key(error)
    }
}
