//! The quickstart app: Clerk's guide routes in the recommended shape. Every handler says who may
//! call it (`#[protect]` or `#[public]`) and a `GuardedRouter` refuses, at compile time, one
//! that says neither; `ClerkLayer` with a `clerk_routes!` table also protects the same paths
//! from the middleware, as Clerk's guide does. The library's local dev mode (dev key under
//! `.clerk/`, sign-in page, Frontend API stand-in) runs when no Clerk keys are set.

mod pages;

use std::path::Path;

use axum::Router;
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::config::{ClerkConfig, ConfigError};
use clerk_runtime::dev::{DevMode, DevModeError};
use clerk_runtime::guarded::{self, GuardedRouter};
use clerk_runtime::middleware::{ClerkOptions, ExplainDenials, OptionsError};
use clerk_runtime::requirement::RouteTable;

/// Clerk's guide middleware as a route table, checked at compile time: the same requirements as
/// the handlers', applied by the layer to every path the patterns match, also paths no handler
/// serves. Every path is public unless a rule names it; when several rules match, all must pass.
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
        /// How long a dev session token lives.
        session_ttl: std::time::Duration,
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
    /// Local dev mode cannot start (a live key is configured, a bad `CLERK_DEV_SESSION_TTL`,
    /// or the dev key could not be read or created).
    #[error(transparent)]
    DevMode(#[from] DevModeError),
    /// Some of Clerk's keys are set, but not a set a real Clerk app can run with.
    #[error(
        "`{set}` is set but `{missing}` is not: a Clerk app needs both (copy them from the API \
         keys page of the Clerk dashboard), or neither for local dev mode"
    )]
    IncompleteKeys {
        /// The variable that is set.
        set: &'static str,
        /// The variable that is missing.
        missing: &'static str,
    },
}

/// A built quickstart: its router and mode.
#[derive(Debug)]
pub struct Quickstart {
    /// The app, ready to serve.
    pub router: Router,
    /// How it runs.
    pub mode: Mode,
}

/// What an app needs to run with Clerk: its options, and in local dev mode the dev routes
/// (sign-in, sign-out, the Frontend API stand-in).
#[derive(Debug)]
pub struct Setup {
    /// The middleware options.
    pub options: ClerkOptions,
    /// Local dev mode, when no Clerk keys are set.
    pub dev: Option<DevMode>,
    /// How the app runs.
    pub mode: Mode,
}

impl Setup {
    /// The dev routes in local dev mode, else an empty router. Merge them *after* adding the
    /// layer: they stand in for Clerk's own hosts, which the middleware never sees.
    pub fn dev_routes(&self) -> Router {
        self.dev.as_ref().map_or_else(Router::new, DevMode::router)
    }
}

/// Reads `vars` (the process environment in `main`): with Clerk's keys, a real Clerk app (an
/// incomplete or malformed set is an error naming the variable); with none of them, local dev
/// mode with the dev key under `project_dir` (created once). `CLERK_DEV_SESSION_TTL` sets the
/// dev session tokens' lifetime in seconds (default 60, as Clerk's).
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
    if clerk_keys_given(&vars)? {
        let config = ClerkConfig::from_vars(vars.clone())?;
        return Ok(Setup {
            options: ClerkOptions::from_config(&config)?,
            dev: None,
            mode: Mode::Clerk,
        });
    }
    let dev = DevMode::from_vars(vars, project_dir)?;
    Ok(Setup {
        options: ClerkOptions::from_config(&dev.config()?)?,
        mode: Mode::Dev {
            path: dev.key_path().map(Path::to_owned).unwrap_or_default(),
            created: dev.key_created(),
            session_ttl: dev.session_ttl(),
        },
        dev: Some(dev),
    })
}

/// Whether `vars` ask for a real Clerk app: any of `CLERK_PUBLISHABLE_KEY`, `CLERK_SECRET_KEY`,
/// `CLERK_JWT_KEY` set. A secret key without a publishable key (or the reverse, without a JWT
/// key) is an error naming the missing variable, never a silent fall back to dev mode; each
/// key's format is then checked by [`ClerkConfig::from_vars`].
fn clerk_keys_given(vars: &[(String, String)]) -> Result<bool, StartError> {
    let set = |name: &str| vars.iter().any(|(n, v)| n == name && !v.is_empty());
    let (publishable, secret, jwt) = (
        set("CLERK_PUBLISHABLE_KEY"),
        set("CLERK_SECRET_KEY"),
        set("CLERK_JWT_KEY"),
    );
    if secret && !publishable {
        return Err(StartError::IncompleteKeys {
            set: "CLERK_SECRET_KEY",
            missing: "CLERK_PUBLISHABLE_KEY",
        });
    }
    if publishable && !secret && !jwt {
        return Err(StartError::IncompleteKeys {
            set: "CLERK_PUBLISHABLE_KEY",
            missing: "CLERK_SECRET_KEY",
        });
    }
    Ok(publishable || secret || jwt)
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
        router: router(setup.options, setup.dev),
        mode: setup.mode,
    })
}

/// The app's routes behind `ClerkLayer`; in dev mode, the dev routes beside it.
///
/// A [`GuardedRouter`] takes only `#[protect]`ed or `#[public]` handlers: a page added
/// without either does not compile.
///
/// # Panics
///
/// Never: the route table's patterns and URLs are checked when it is compiled.
pub fn router(options: ClerkOptions, dev: Option<DevMode>) -> Router {
    let mut layer = ClerkLayer::new(options)
        .routes(&ROUTES)
        .expect("clerk_routes! tables are checked at compile time");
    if dev.is_some() {
        // Dev mode only: denials say why. With Clerk keys, the answers stay Clerk's.
        layer = layer.response_policy(ExplainDenials::new("/sign-in").sign_out_url("/sign-out"));
    }
    let app = GuardedRouter::new()
        .route("/", guarded::get(pages::home))
        .route("/dashboard", guarded::get(pages::dashboard))
        .route("/dashboard/{*rest}", guarded::get(pages::dashboard))
        .route("/forum", guarded::get(pages::forum))
        .route("/forum/{*rest}", guarded::get(pages::forum))
        .route("/admin", guarded::get(pages::admin))
        .route("/admin/{*rest}", guarded::get(pages::admin))
        .route("/reports", guarded::get(pages::reports))
        .route("/api/me", guarded::get(pages::me))
        .layer(layer)
        .into_router();
    // The dev routes stand in for Clerk's own hosts: public, beside the layer, not behind it.
    match dev {
        Some(dev) => app.merge(dev.router()),
        None => app,
    }
}
