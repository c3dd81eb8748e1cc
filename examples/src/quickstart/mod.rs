//! The quickstart app: the seed's routes, protected by `ClerkLayer` and a `clerk_routes!` table,
//! with a local dev mode (dev key under `.clerk/`, a built-in sign-in page) when no Clerk keys are set.

mod pages;
mod sign_in;

use std::path::Path;
use std::sync::Arc;

use axum::Router;
use axum::routing::get;
use clerk_runtime::clerk_routes;
use clerk_runtime::config::{ClerkConfig, ConfigError};
use clerk_runtime::dev::{DevKeyError, DevKeys, SigningKey};
use clerk_runtime::middleware::{ClerkLayer, ClerkOptions, ExplainDenials, OptionsError};
use clerk_runtime::requirement::RouteTable;

/// The seed's middleware as a route table, checked at compile time. Every path is public
/// unless a rule names it; when several rules match, all must pass.
static ROUTES: RouteTable = clerk_routes! {
    "/dashboard(.*)", "/forum(.*)", "/api/me" => signed_in;
    "/admin(.*)" => role = "org:admin";
    "/reports" => permission = "org:reports:read" | "org:reports:manage";
};

/// How the quickstart runs.
#[derive(Debug)]
pub enum Mode {
    /// Real Clerk keys from the environment.
    Clerk,
    /// Local dev mode: the dev key at `path`, a built-in sign-in page.
    Dev {
        /// Where the dev key lives (`.clerk/dev-key.pem`).
        path: std::path::PathBuf,
        /// Whether it was just created.
        created: bool,
    },
}

/// Why the quickstart cannot start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The Clerk environment variables are invalid.
    #[error(transparent)]
    Config(#[from] ConfigError),
    /// Options could not be built from the configuration.
    #[error(transparent)]
    Options(#[from] OptionsError),
    /// The dev key could not be created or read.
    #[error(transparent)]
    DevKey(#[from] DevKeyError),
    /// Dev mode with a live secret key configured.
    #[error(
        "refusing to start in local dev mode with a live secret key (sk_live_…) configured: \
         set CLERK_PUBLISHABLE_KEY to run as a real Clerk app, or unset CLERK_SECRET_KEY"
    )]
    LiveKeyInDevMode,
}

/// A built quickstart: its router and mode.
#[derive(Debug)]
pub struct Quickstart {
    /// The app, ready to serve.
    pub router: Router,
    /// How it runs.
    pub mode: Mode,
}

/// What an app needs to run with Clerk: its options, and in local dev mode the dev key
/// (whose sign-in page [`dev_sign_in_routes`] serves).
#[derive(Debug)]
pub struct Setup {
    /// The middleware options.
    pub options: ClerkOptions,
    /// The dev key, in local dev mode.
    pub dev_key: Option<Arc<SigningKey>>,
    /// How the app runs.
    pub mode: Mode,
}

impl Setup {
    /// The dev sign-in routes in local dev mode, else an empty router.
    pub fn sign_in_routes(&self) -> Router {
        self.dev_key
            .clone()
            .map_or_else(Router::new, dev_sign_in_routes)
    }
}

/// Reads `vars` (the process environment in `main`): with `CLERK_PUBLISHABLE_KEY`, a real
/// Clerk app; otherwise local dev mode with the dev key under `project_dir` (created once),
/// refused when a live secret key is configured.
pub fn setup<K, V>(
    vars: impl IntoIterator<Item = (K, V)>,
    project_dir: &Path,
) -> Result<Setup, StartError>
where
    K: AsRef<str>,
    V: Into<String>,
{
    let vars: Vec<(String, String)> = vars
        .into_iter()
        .filter(|(name, _)| name.as_ref().starts_with("CLERK_"))
        .map(|(name, value)| (name.as_ref().to_owned(), value.into()))
        .collect();
    let value = |name: &str| {
        vars.iter()
            .find(|(n, v)| n == name && !v.is_empty())
            .map(|(_, v)| v.clone())
    };
    if value("CLERK_PUBLISHABLE_KEY").is_some() {
        let config = ClerkConfig::from_vars(vars.clone())?;
        return Ok(Setup {
            options: ClerkOptions::from_config(&config)?,
            dev_key: None,
            mode: Mode::Clerk,
        });
    }
    if value("CLERK_SECRET_KEY").is_some_and(|key| key.starts_with("sk_live_")) {
        return Err(StartError::LiveKeyInDevMode);
    }
    let keys = DevKeys::load_or_create(project_dir)?;
    Ok(Setup {
        options: dev_options(keys.signing_key())?,
        dev_key: Some(Arc::new(keys.signing_key().clone())),
        mode: Mode::Dev {
            path: keys.path().to_owned(),
            created: keys.created(),
        },
    })
}

/// Options that accept tokens signed by `key` and send signed-out users to `/sign-in`.
pub fn dev_options(key: &SigningKey) -> Result<ClerkOptions, StartError> {
    let config = ClerkConfig::builder()
        .jwt_key(key.public_pem())
        .sign_in_url("/sign-in")
        .build()?;
    Ok(ClerkOptions::from_config(&config)?)
}

/// The dev sign-in page (`GET`/`POST /sign-in`, `GET /sign-out`) minting with `key`.
pub fn dev_sign_in_routes(key: Arc<SigningKey>) -> Router {
    sign_in::routes(key)
}

/// Builds the quickstart from `vars`: see [`setup`].
pub fn from_vars<K, V>(
    vars: impl IntoIterator<Item = (K, V)>,
    project_dir: &Path,
) -> Result<Quickstart, StartError>
where
    K: AsRef<str>,
    V: Into<String>,
{
    let setup = setup(vars, project_dir)?;
    Ok(Quickstart {
        router: router(setup.options, setup.dev_key),
        mode: setup.mode,
    })
}

/// The app's routes behind `ClerkLayer`; with a dev key, the dev sign-in pages too.
///
/// # Panics
///
/// Never: the route table's patterns and URLs are checked when it is compiled.
pub fn router(options: ClerkOptions, dev_key: Option<Arc<SigningKey>>) -> Router {
    let mut app = Router::new()
        .route("/", get(pages::home))
        .route("/dashboard", get(pages::dashboard))
        .route("/dashboard/{*rest}", get(pages::dashboard))
        .route("/forum", get(pages::forum))
        .route("/forum/{*rest}", get(pages::forum))
        .route("/admin", get(pages::admin))
        .route("/admin/{*rest}", get(pages::admin))
        .route("/reports", get(pages::reports))
        .route("/api/me", get(pages::me));
    let mut layer = ClerkLayer::new(options)
        .routes(&ROUTES)
        .expect("clerk_routes! tables are checked at compile time");
    if let Some(key) = dev_key {
        app = app.merge(dev_sign_in_routes(key));
        // Dev mode only: denials say why. With Clerk keys, the answers stay Clerk's.
        layer = layer.response_policy(ExplainDenials::new("/sign-in").sign_out_url("/sign-out"));
    }
    app.layer(layer)
}
