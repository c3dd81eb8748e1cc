//! `ClerkLayer`: the tower layer, its settings and builder.

use std::fmt;
use std::sync::Arc;

use url::Url;

use super::handler::MiddlewareHandler;
use super::options::{ClerkOptions, OptionsSource, ResolveOptions};
use super::routes::{CompiledRoutes, RouteTableError};
use super::settings::Settings;
use crate::middleware::request::OriginPolicy;
use crate::middleware::respond::{DenyPolicy, ResponsePolicy};
use crate::requirement::RouteTable;

/// Clerk's `clerkMiddleware()` as a tower [`Layer`](tower::Layer): authenticates every request it sees,
/// stores its auth state in the request extensions for the [`Auth`](crate::Auth) extractor, and
/// applies the protections you give it.
///
/// By default it protects nothing, as `clerkMiddleware()`: add a middleware closure with
/// [`handler`](Self::handler), or protect in handlers with `Auth::protect()` / `#[protect]`.
///
/// ```
/// use axum::{Router, routing::get};
/// use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
/// use clerk_runtime::middleware::ClerkOptions;
/// # use clerk_runtime::middleware::{RedirectOptions, authenticate};
/// # fn options() -> ClerkOptions {
/// #     ClerkOptions::new(
/// #         authenticate::from_fn(|_| clerk_runtime::auth::AuthState::SignedOut {
/// #             reason: clerk_runtime::auth::SignedOutReason::Auth(clerk_runtime::AuthErrorReason::SessionTokenAndUatMissing),
/// #             message: String::new(),
/// #         }),
/// #         RedirectOptions::default().sign_in_url("/sign-in"),
/// #     ).unwrap()
/// # }
///
/// let app: Router = Router::new()
///     .route("/dashboard", get(|| async { "secret" }))
///     .layer(ClerkLayer::new(options()).handler(|auth: Auth, req: MiddlewareRequest| async move {
///         if req.path().starts_with("/dashboard") {
///             auth.protect()?;
///         }
///         MiddlewareResult::Ok(())
///     }));
/// # let _ = app;
/// ```
#[derive(Clone)]
#[must_use]
pub struct ClerkLayer {
    pub(crate) settings: Arc<Settings>,
}

impl ClerkLayer {
    /// A layer that handles every request with `options`.
    pub fn new(options: ClerkOptions) -> Self {
        Self::from_source(OptionsSource::Fixed(options))
    }

    /// A layer that resolves its options per request (multi-tenant apps, Clerk's "dynamic
    /// keys"). The resolver sees the request's method, URI and headers.
    ///
    /// Keys stay in this process's memory: unlike Next.js, nothing is forwarded in headers, so
    /// there is nothing to encrypt (no `CLERK_ENCRYPTION_KEY`).
    pub fn per_request(resolver: impl ResolveOptions) -> Self {
        Self::from_source(OptionsSource::PerRequest(Arc::new(resolver)))
    }

    fn from_source(options: OptionsSource) -> Self {
        let mut settings = Settings {
            options,
            handler: None,
            skip_static_assets: true,
            debug: false,
            policy: Arc::new(DenyPolicy::NotFound),
            policy_name: format!("{:?}", DenyPolicy::NotFound),
            origin: Arc::new(OriginPolicy::Host),
            routes: None,
            map_printed: Arc::default(),
            at_once: None,
        };
        settings.refresh();
        Self {
            settings: Arc::new(settings),
        }
    }

    fn with(mut self, change: impl FnOnce(&mut Settings)) -> Self {
        let settings = Arc::make_mut(&mut self.settings);
        change(settings);
        settings.refresh();
        self
    }

    /// The middleware closure, run after authentication for every request: Clerk's
    /// `clerkMiddleware((auth, req) => …)`. With a closure installed no request is skipped
    /// as a static asset.
    pub fn handler(self, handler: impl MiddlewareHandler) -> Self {
        self.with(|settings| settings.handler = Some(Arc::new(handler)))
    }

    /// Protects routes with a table (what `clerk_routes!` emits): every rule whose patterns
    /// match the request's path is applied, and all must pass; then the table's default. A
    /// path with a malformed percent escape is answered with 400, as Clerk. The path is read
    /// every way a service behind the layer may read it
    /// ([`path_readings`](crate::matcher::path_readings): dot segments resolved, `%2F` decoded):
    /// a rule applies when it matches any reading, and a path is public under a protecting
    /// default only when every reading is public. Fails when a
    /// pattern does not compile or a rule's `unauthenticated_url` / `unauthorized_url` is not
    /// absolute.
    ///
    /// In a nested router (`Router::nest("/inner", router.layer(..))`) rules are matched
    /// against both the full path the client sent (`/inner/admin`) and the router-local path
    /// (`/admin`): a rule that matches either protects. A public route exempts a path from a
    /// protect-everything default only when it matches both readings, so list public routes
    /// in both forms there, or put the layer on the outer router.
    ///
    /// ```
    /// use std::borrow::Cow;
    /// use clerk_runtime::ClerkLayer;
    /// use clerk_runtime::requirement::{Protection, RouteDefault, RouteRule, RouteTable};
    /// # fn layer(layer: ClerkLayer) -> Result<ClerkLayer, clerk_runtime::middleware::RouteTableError> {
    /// static ROUTES: RouteTable = RouteTable {
    ///     rules: &[RouteRule {
    ///         patterns: &["/dashboard(.*)"],
    ///         regexes: &[r"\A/dashboard(?:.*)\z"],
    ///         protection: Protection { requirement: None, unauthenticated_url: None, unauthorized_url: None },
    ///     }],
    ///     default: RouteDefault::Public,
    /// };
    /// layer.routes(&ROUTES)
    /// # }
    /// ```
    pub fn routes(self, table: &'static RouteTable) -> Result<Self, RouteTableError> {
        let compiled = Arc::new(CompiledRoutes::compile(table)?);
        Ok(self.with(|settings| settings.routes = Some(compiled)))
    }

    /// `debug: true`: logs, for each request, the options, the URL, the auth state, the rules
    /// that matched, and one final event (`clerk debug end`) with the decision: the outcome,
    /// the failing requirement or Clerk's reason on a denial, the status and the rule, whether
    /// a route rule, the middleware closure or a `#[protect]` handler decided (`tracing`,
    /// target `clerk`, level `INFO`). Tokens, cookie values, secret keys and keys are
    /// redacted.
    ///
    /// At start-up (when the layer is applied to the router) it also logs the protection map
    /// once: each route rule and the guard on it ([`protection_map`](Self::protection_map)).
    /// Added to a [`GuardedRouter`](crate::guarded::GuardedRouter) with its `layer` method, the
    /// logged map also lists the router's routes, each path and method with the guard its
    /// handler declares ([`GuardedRouter::protection_map`](crate::guarded::GuardedRouter::protection_map)),
    /// once, when the router becomes an axum `Router`.
    pub fn debug(self, debug: bool) -> Self {
        self.with(|settings| settings.debug = debug)
    }

    /// The route table as a person reads it: one line per rule with its patterns and guard
    /// (`signed in`, `signed in with role "org:admin"`, `public`), and what every other path
    /// gets. `debug(true)` logs it at start-up. For the routes of a
    /// [`GuardedRouter`](crate::guarded::GuardedRouter) and their handlers' guards too, see
    /// [`GuardedRouter::protection_map`](crate::guarded::GuardedRouter::protection_map).
    ///
    /// ```
    /// use clerk_runtime::clerk_routes;
    /// use clerk_runtime::requirement::RouteTable;
    /// # use clerk_runtime::ClerkLayer;
    ///
    /// static ROUTES: RouteTable = clerk_routes! {
    ///     "/admin(.*)" => role = "org:admin";
    /// };
    /// # fn map(layer: ClerkLayer) -> Result<(), clerk_runtime::middleware::RouteTableError> {
    /// let map = layer.routes(&ROUTES)?.protection_map();
    /// assert!(map.contains(r#"/admin(.*)          signed in with role "org:admin""#));
    /// # Ok(())
    /// # }
    /// ```
    #[must_use]
    pub fn protection_map(&self) -> String {
        super::protection_map::render(
            self.settings
                .routes
                .as_deref()
                .map(super::routes::CompiledRoutes::table),
        )
    }

    /// Whether the caller is the one to log the start-up protection map: `debug(true)` is set
    /// and nobody has logged it yet for this layer or its clones. A
    /// [`GuardedRouter`](crate::guarded::GuardedRouter) claims it to log the whole map (the
    /// table and its own routes) instead of the table alone.
    pub(crate) fn claim_start_up_map(&self) -> bool {
        self.settings.debug
            && !self
                .settings
                .map_printed
                .swap(true, std::sync::atomic::Ordering::Relaxed)
    }

    /// Picks a built-in response policy: Clerk's answers ([`DenyPolicy::NotFound`], the
    /// default) or RFC 6750 401/403 answers for JSON APIs ([`DenyPolicy::JsonApi`]).
    pub fn deny_policy(self, policy: DenyPolicy) -> Self {
        self.with(|settings| {
            settings.policy = Arc::new(policy);
            settings.policy_name = format!("{policy:?}");
        })
    }

    /// Answers every denial (route rules, `auth.protect*`, `#[protect]`) with your own
    /// [`ResponsePolicy`]; a closure `Fn(&Denial<'_>) -> Response` is one. The policy sees the
    /// [`Outcome`](crate::middleware::Outcome) and can fall back on Clerk's answer with
    /// [`Denial::clerk_response`](crate::middleware::Denial::clerk_response).
    pub fn response_policy<P: ResponsePolicy>(self, policy: P) -> Self {
        self.with(|settings| {
            settings.policy = Arc::new(policy);
            std::any::type_name::<P>().clone_into(&mut settings.policy_name);
        })
    }

    /// Trust `x-forwarded-host` / `x-forwarded-proto` when building redirect URLs. Only for
    /// apps behind a proxy that sets them: otherwise a client could choose the host that
    /// `redirect_url` and relative sign-in URLs point at (as it can through `Host` without
    /// this setting). [`public_origin`](Self::public_origin) takes the choice away entirely.
    pub fn behind_proxy(self, behind_proxy: bool) -> Self {
        self.with(|settings| {
            settings.origin = Arc::new(if behind_proxy {
                OriginPolicy::BehindProxy
            } else {
                OriginPolicy::Host
            });
        })
    }

    /// Build redirect URLs on this origin (`https://app.example.com`) whatever the request's
    /// `Host` says. Recommended in production: by default the origin of `redirect_url` (and
    /// of a relative sign-in URL) is the request's `Host`, which the client chooses. See
    /// [`OriginPolicy`].
    pub fn public_origin(self, origin: Url) -> Self {
        self.with(|settings| settings.origin = Arc::new(OriginPolicy::Fixed(origin)))
    }

    /// Skip static assets (default: on): a request for `/logo.png` is not authenticated and
    /// carries no `Auth`. Skipping never changes a decision: nothing is skipped when a
    /// middleware closure is installed or when a route rule matches the path, and only the
    /// last segment's extension counts. See
    /// [`is_static_asset_path`](crate::middleware::is_static_asset_path).
    pub fn skip_static_assets(self, skip: bool) -> Self {
        self.with(|settings| settings.skip_static_assets = skip)
    }
}

impl fmt::Debug for ClerkLayer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let settings = &self.settings;
        f.debug_struct("ClerkLayer")
            .field("options", &settings.options)
            .field("handler", &settings.handler.is_some())
            .field("skip_static_assets", &settings.skip_static_assets)
            .field("debug", &settings.debug)
            .field("policy", &settings.policy_name)
            .field("origin", &settings.origin)
            .field("routes", &settings.routes)
            .finish_non_exhaustive()
    }
}
