//! [`GuardedRouter`]: axum's `Router` that only takes guarded routes.

use std::convert::Infallible;

use axum::Router;
use axum::extract::Request;
use axum::handler::Handler;
use axum::response::IntoResponse;
use axum::routing::{MethodRouter, Route};
use tower::{Layer, Service};

use super::coverage::{ByHandlers, ByTable, Coverage, CoverageError};
use super::handler::guard_of;
use super::protection_map::{MethodGuards, RouteMap, merged, nested};
use super::{GuardedHandler, GuardedMethodRouter};
use crate::ClerkLayer;
use crate::requirement::RouteTable;

/// axum's [`Router`] in which no route is left unguarded by mistake.
///
/// Built with [`GuardedRouter::new`], it takes only handlers that are `#[protect]`ed or
/// `#[public]` (through [`guarded::get`](super::get), [`guarded::post`](super::post), …); a
/// handler that is neither does not compile, and the error names it and says what to add.
/// Built with [`GuardedRouter::covered_by`], a route table whose `default` protects every path
/// covers it, and it takes any handler.
///
/// ```
/// use axum::Router;
/// use clerk_runtime::guarded::{self, GuardedRouter};
/// use clerk_runtime::ClerkLayer;
/// use clerk_runtime::{protect, public};
///
/// #[public]
/// async fn home() -> &'static str {
///     "welcome"
/// }
///
/// #[protect]
/// async fn dashboard() -> &'static str {
///     "signed-in users only"
/// }
///
/// #[protect(role = "org:admin")]
/// async fn admin() -> &'static str {
///     "admins only"
/// }
///
/// fn app(clerk: ClerkLayer) -> Router {
///     GuardedRouter::new()
///         .route("/", guarded::get(home))
///         .route("/dashboard", guarded::get(dashboard))
///         .route("/admin", guarded::get(admin))
///         .layer(clerk)
///         .into_router()
/// }
/// ```
///
/// Forgetting the attribute is a compile error:
///
/// ```compile_fail
/// use clerk_runtime::guarded::{self, GuardedRouter};
///
/// async fn settings() -> &'static str {
///     "who may see this?"
/// }
///
/// // error: `fn() -> … {settings}` is neither `#[protect]`ed nor `#[public]`
/// let app: axum::Router = GuardedRouter::new()
///     .route("/settings", guarded::get(settings))
///     .into_router();
/// ```
///
/// So is a route built with axum's own `get`, `post`, …, which take any handler:
///
/// ```compile_fail
/// use clerk_runtime::guarded::GuardedRouter;
///
/// // error: `MethodRouter` is not a guarded route
/// let app: axum::Router = GuardedRouter::new()
///     .route("/settings", axum::routing::get(|| async { "who may see this?" }))
///     .into_router();
/// ```
#[must_use]
#[derive(Debug)]
pub struct GuardedRouter<S = (), C = ByHandlers> {
    router: Router<S>,
    coverage: C,
    /// Each route's guard and the `ClerkLayer`, for [`protection_map`](Self::protection_map).
    map: RouteMap,
}

impl<S, C: Clone> Clone for GuardedRouter<S, C> {
    fn clone(&self) -> Self {
        Self {
            router: self.router.clone(),
            coverage: self.coverage.clone(),
            map: self.map.clone(),
        }
    }
}

impl<S> Default for GuardedRouter<S, ByHandlers>
where
    S: Clone + Send + Sync + 'static,
{
    fn default() -> Self {
        Self::new()
    }
}

impl<S> GuardedRouter<S, ByHandlers>
where
    S: Clone + Send + Sync + 'static,
{
    /// A router that takes only `#[protect]`ed or `#[public]` handlers.
    pub fn new() -> Self {
        Self {
            router: Router::new(),
            coverage: ByHandlers,
            map: RouteMap::default(),
        }
    }

    /// The handler for requests no route matches (axum's [`Router::fallback`]); it must be
    /// `#[protect]`ed or `#[public]`.
    pub fn fallback<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.with(|router, map| {
            map.fallback(Some(guard_of::<H, T, S>()));
            router.fallback(handler)
        })
    }
}

impl<S> GuardedRouter<S, ByTable>
where
    S: Clone + Send + Sync + 'static,
{
    /// A router covered by `table`, whose `default` must protect every path
    /// (`default => signed_in;` or any other requirement): `layer` is installed with `table`
    /// around everything the router holds when it becomes an axum `Router`, so every route,
    /// nested router and the fallback is behind it, and any handler is accepted. The paths the
    /// table lists as `public` are public, as the table says.
    ///
    /// A table without a `default` (Clerk's default: everything is public unless a rule names
    /// it) covers nothing by itself and is refused, as is a table
    /// [`ClerkLayer::routes`](crate::ClerkLayer::routes) refuses.
    ///
    /// ```
    /// use axum::Router;
    /// use axum::routing::get;
    /// use clerk_runtime::clerk_routes;
    /// use clerk_runtime::guarded::{CoverageError, GuardedRouter};
    /// use clerk_runtime::ClerkLayer;
    /// use clerk_runtime::requirement::RouteTable;
    ///
    /// static APP: RouteTable = clerk_routes! {
    ///     default => signed_in;
    ///     public "/", "/sign-in/:path*";
    ///     "/admin(.*)" => role = "org:admin";
    /// };
    ///
    /// fn app(clerk: ClerkLayer) -> Result<Router, CoverageError> {
    ///     Ok(GuardedRouter::covered_by(clerk, &APP)?
    ///         .route("/", get(|| async { "public, as the table says" }))
    ///         .route("/dashboard", get(|| async { "signed in, by the default" }))
    ///         .route("/admin/users", get(|| async { "org:admin" }))
    ///         .into_router())
    /// }
    /// ```
    pub fn covered_by(
        layer: ClerkLayer,
        table: &'static RouteTable,
    ) -> Result<Self, CoverageError> {
        let coverage = ByTable::new(layer, table)?;
        Ok(Self {
            router: Router::new(),
            map: RouteMap::covered_by(coverage.layer().clone()),
            coverage,
        })
    }

    /// The handler for requests no route matches (axum's [`Router::fallback`]); the table
    /// covers it.
    pub fn fallback<H, T>(self, handler: H) -> Self
    where
        H: Handler<T, S>,
        T: 'static,
    {
        self.with(|router, map| {
            map.fallback(None);
            router.fallback(handler)
        })
    }

    /// A service at `path` (axum's [`Router::route_service`]); the table covers it.
    pub fn route_service<T>(self, path: &str, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        self.with(|router, map| {
            map.unnamed(path.to_owned(), false);
            router.route_service(path, service)
        })
    }

    /// A service for every path under `path` (axum's [`Router::nest_service`]); the table
    /// covers it.
    pub fn nest_service<T>(self, path: &str, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        self.with(|router, map| {
            map.unnamed(nested(path), false);
            router.nest_service(path, service)
        })
    }
}

impl<S, C> GuardedRouter<S, C>
where
    S: Clone + Send + Sync + 'static,
    C: Coverage,
{
    /// This router, changed by `change`, which also records what it adds in the map.
    fn with(mut self, change: impl FnOnce(Router<S>, &mut RouteMap) -> Router<S>) -> Self {
        self.router = change(self.router, &mut self.map);
        self
    }

    /// Adds a route (axum's [`Router::route`]): a [`GuardedMethodRouter`] such as
    /// `guarded::get(handler).post(other)`; in a router [covered by a
    /// table](Self::covered_by), axum's `get(handler)` too.
    ///
    /// # Panics
    ///
    /// As axum's [`Router::route`]: on an invalid path or a route added twice.
    pub fn route(self, path: &str, route: impl IntoGuardedRoute<S, C>) -> Self {
        let (route, guards) = route.into_parts();
        self.with(|router, map| {
            map.route(path, guards);
            router.route(path, route)
        })
    }

    /// Nests a guarded router at `path` (axum's [`Router::nest`]); in a router [covered by a
    /// table](Self::covered_by), any axum `Router` too.
    ///
    /// # Panics
    ///
    /// As axum's [`Router::nest`]: at the root or on an invalid path.
    pub fn nest(self, path: &str, other: impl IntoGuardedRouter<S, C>) -> Self {
        let (other, other_map) = other.into_parts();
        self.with(|router, map| {
            match other_map {
                Some(other_map) => map.adopt(Some(path), other_map),
                None => map.unnamed(nested(path), false),
            }
            router.nest(path, other)
        })
    }

    /// Merges a guarded router's routes into this one (axum's [`Router::merge`]); in a router
    /// [covered by a table](Self::covered_by), any axum `Router`'s too.
    ///
    /// # Panics
    ///
    /// As axum's [`Router::merge`]: when both routers have a route for the same path and method.
    pub fn merge(self, other: impl IntoGuardedRouter<S, C>) -> Self {
        let (other, other_map) = other.into_parts();
        self.with(|router, map| {
            match other_map {
                Some(other_map) => map.adopt(None, other_map),
                None => map.unnamed(merged(), false),
            }
            router.merge(other)
        })
    }

    /// Merges routes that are public on purpose, whose handlers nothing checks: a sign-in page
    /// another crate provides, say. Prefer `#[public]` handlers where you can write them.
    pub fn merge_public(self, public: Router<S>) -> Self {
        self.with(|router, map| {
            map.unnamed(merged(), true);
            router.merge(public)
        })
    }

    /// Nests a router whose routes are public on purpose at `path`; nothing checks its
    /// handlers. Prefer `#[public]` handlers where you can write them.
    pub fn nest_public(self, path: &str, public: Router<S>) -> Self {
        self.with(|router, map| {
            map.unnamed(nested(path), true);
            router.nest(path, public)
        })
    }

    /// A service at `path` that is public on purpose, such as a health check from another crate
    /// (axum's [`Router::route_service`]).
    pub fn route_public_service<T>(self, path: &str, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        self.with(|router, map| {
            map.unnamed(path.to_owned(), true);
            router.route_service(path, service)
        })
    }

    /// A service for every path under `path` that is public on purpose, such as static assets
    /// (axum's [`Router::nest_service`]).
    pub fn nest_public_service<T>(self, path: &str, service: T) -> Self
    where
        T: Service<Request, Error = Infallible> + Clone + Send + Sync + 'static,
        T::Response: IntoResponse,
        T::Future: Send + 'static,
    {
        self.with(|router, map| {
            map.unnamed(nested(path), true);
            router.nest_service(path, service)
        })
    }

    /// A tower layer around every route added so far (axum's [`Router::layer`]); add
    /// [`ClerkLayer`] this way. The router then knows the layer's route table: its
    /// [`protection_map`](Self::protection_map) shows the table and the routes, and with
    /// [`debug(true)`](ClerkLayer::debug) that whole map is logged once, when the router
    /// becomes an axum `Router`, instead of the table alone.
    pub fn layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.with(|router, map| {
            map.layer(&layer);
            router.layer(layer)
        })
    }

    /// A tower layer around the routes added so far, only when one matches (axum's
    /// [`Router::route_layer`]); a [`ClerkLayer`] added this way shows in the protection map
    /// as with [`layer`](Self::layer).
    pub fn route_layer<L>(self, layer: L) -> Self
    where
        L: Layer<Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request>>::Response: IntoResponse + 'static,
        <L::Service as Service<Request>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request>>::Future: Send + 'static,
    {
        self.with(|router, map| {
            map.layer(&layer);
            router.route_layer(layer)
        })
    }

    /// Provides the state (axum's [`Router::with_state`]).
    pub fn with_state<S2>(self, state: S) -> GuardedRouter<S2, C> {
        GuardedRouter {
            router: self.router.with_state(state),
            coverage: self.coverage,
            map: self.map,
        }
    }

    /// Every route with its guard, as a person reads it: first the route table of the
    /// [`ClerkLayer`] added with [`layer`](Self::layer) (or the covering one of
    /// [`covered_by`](Self::covered_by)), as [`ClerkLayer::protection_map`] shows it; then one
    /// line per route and method with the guard its handler declares (`public`,
    /// `signed in`, `signed in with role "org:admin"`, …), nested routers' routes under their
    /// full paths, and the fallback. A route added after the layer is marked as not behind it.
    ///
    /// With [`debug(true)`](ClerkLayer::debug) on the layer, this is what is logged at
    /// start-up, once, when the router becomes an axum `Router`.
    ///
    /// ```
    /// use clerk_runtime::guarded::{self, GuardedRouter};
    /// use clerk_runtime::{protect, public};
    ///
    /// #[public]
    /// async fn home() -> &'static str {
    ///     "welcome"
    /// }
    ///
    /// #[protect(role = "org:admin")]
    /// async fn admin() -> &'static str {
    ///     "admins only"
    /// }
    ///
    /// let app: GuardedRouter = GuardedRouter::new()
    ///     .route("/", guarded::get(home))
    ///     .route("/admin", guarded::get(admin).delete(admin));
    /// let map = app.protection_map();
    /// assert!(map.contains("  GET     /admin  signed in with role \"org:admin\""), "{map}");
    /// assert!(map.contains("  DELETE  /admin  signed in with role \"org:admin\""), "{map}");
    /// assert!(map.contains("  GET     /       public"), "{map}");
    /// ```
    #[must_use]
    pub fn protection_map(&self) -> String {
        self.map.render()
    }

    /// The axum [`Router`]; for a router [covered by a table](Self::covered_by), with the
    /// table's [`ClerkLayer`] around everything in it. Logs the
    /// [`protection_map`](Self::protection_map) when the router's `ClerkLayer` has
    /// [`debug(true)`](ClerkLayer::debug).
    pub fn into_router(self) -> Router<S> {
        self.map.log_if_owed();
        self.coverage.finish(self.router)
    }

    /// The axum router and the map, for a router that takes this one in (no log here).
    fn into_parts(self) -> (Router<S>, RouteMap) {
        (self.coverage.finish(self.router), self.map)
    }
}

impl<S, C> From<GuardedRouter<S, C>> for Router<S>
where
    S: Clone + Send + Sync + 'static,
    C: Coverage,
{
    fn from(router: GuardedRouter<S, C>) -> Self {
        router.into_router()
    }
}

/// A route a [`GuardedRouter`] takes: a [`GuardedMethodRouter`] (`guarded::get(handler)`, …),
/// or, in a router [covered by a table](GuardedRouter::covered_by), axum's `MethodRouter`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a guarded route: its handlers may be neither `#[protect]`ed nor `#[public]`",
    label = "use `clerk_runtime::guarded::get(handler)` (or `post`, `put`, ...) here",
    note = "axum's `get`, `post`, ... take any handler; `clerk_runtime::guarded::get`, `post`, ... take only `#[protect]`ed or `#[public]` ones",
    note = "a router covered by a table whose `default` protects every path (`GuardedRouter::covered_by`) takes axum's routes too"
)]
pub trait IntoGuardedRoute<S, C>: sealed::Route {
    /// The axum method router and its handlers' guards.
    #[doc(hidden)]
    fn into_parts(self) -> (MethodRouter<S>, MethodGuards);
}

impl<S, C> IntoGuardedRoute<S, C> for GuardedMethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    fn into_parts(self) -> (MethodRouter<S>, MethodGuards) {
        GuardedMethodRouter::into_parts(self)
    }
}

impl<S> IntoGuardedRoute<S, ByTable> for MethodRouter<S> {
    fn into_parts(self) -> (MethodRouter<S>, MethodGuards) {
        (self, MethodGuards::covered_by_table())
    }
}

/// A router a [`GuardedRouter`] can nest or merge: another `GuardedRouter`, or, in a router
/// [covered by a table](GuardedRouter::covered_by), any axum `Router`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a guarded router: its handlers may be neither `#[protect]`ed nor `#[public]`",
    label = "expected a `GuardedRouter` here",
    note = "build it with `GuardedRouter::new()` and `guarded::get(handler)`, ...; a router that is public on purpose goes in with `merge_public` or `nest_public`",
    note = "a router covered by a table whose `default` protects every path (`GuardedRouter::covered_by`) takes axum's routers too"
)]
pub trait IntoGuardedRouter<S, C>: sealed::Router {
    /// The axum router, with whatever guards it, and its routes' guards when it knows them.
    #[doc(hidden)]
    fn into_parts(self) -> (Router<S>, Option<RouteMap>);
}

impl<S, C, C2> IntoGuardedRouter<S, C> for GuardedRouter<S, C2>
where
    S: Clone + Send + Sync + 'static,
    C2: Coverage,
{
    fn into_parts(self) -> (Router<S>, Option<RouteMap>) {
        let (router, map) = GuardedRouter::into_parts(self);
        (router, Some(map))
    }
}

impl<S> IntoGuardedRouter<S, ByTable> for Router<S> {
    fn into_parts(self) -> (Router<S>, Option<RouteMap>) {
        (self, None)
    }
}

mod sealed {
    /// Keeps [`IntoGuardedRoute`](super::IntoGuardedRoute) to the impls above.
    pub trait Route {}
    impl<S> Route for super::GuardedMethodRouter<S> {}
    impl<S> Route for axum::routing::MethodRouter<S> {}

    /// Keeps [`IntoGuardedRouter`](super::IntoGuardedRouter) to the impls above.
    pub trait Router {}
    impl<S, C> Router for super::GuardedRouter<S, C> {}
    impl<S> Router for axum::Router<S> {}
}
