//! [`GuardedMethodRouter`] and the functions that start one: axum's `get`, `post`, … that only
//! take [guarded handlers](GuardedHandler).

use std::convert::Infallible;
use std::fmt;

use axum::routing::{MethodFilter, MethodRouter};

use super::GuardedHandler;
use super::handler::guard_of;
use super::protection_map::MethodGuards;

/// axum's [`MethodRouter`] whose every handler is `#[protect]`ed or `#[public]`. Start one with
/// [`get`], [`post`], …, chain more methods, and add it with
/// [`GuardedRouter::route`](super::GuardedRouter::route).
///
/// ```
/// use clerk_runtime::guarded::{self, GuardedRouter};
/// use clerk_runtime::{protect, public};
///
/// #[public]
/// async fn list() -> &'static str {
///     "invoices"
/// }
///
/// #[protect(permission = "org:invoices:create")]
/// async fn create(body: String) -> String {
///     body
/// }
///
/// let app: axum::Router = GuardedRouter::new()
///     .route("/invoices", guarded::get(list).post(create))
///     .into_router();
/// # let _ = app;
/// ```
#[must_use]
pub struct GuardedMethodRouter<S = ()> {
    inner: MethodRouter<S, Infallible>,
    /// Each method's handler guard, for the protection map.
    guards: MethodGuards,
}

impl<S> fmt::Debug for GuardedMethodRouter<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("GuardedMethodRouter")
            .field(&self.inner)
            .finish()
    }
}

impl<S> Clone for GuardedMethodRouter<S> {
    fn clone(&self) -> Self {
        Self {
            inner: self.inner.clone(),
            guards: self.guards.clone(),
        }
    }
}

impl<S> From<GuardedMethodRouter<S>> for MethodRouter<S, Infallible> {
    fn from(router: GuardedMethodRouter<S>) -> Self {
        router.inner
    }
}

/// Routes `CONNECT` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`connect`](axum::routing::connect)).
pub fn connect<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::CONNECT, handler)
}

/// Routes `DELETE` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`delete`](axum::routing::delete)).
pub fn delete<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::DELETE, handler)
}

/// Routes `GET` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`get`](axum::routing::get)).
pub fn get<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::GET, handler)
}

/// Routes `HEAD` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`head`](axum::routing::head)).
pub fn head<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::HEAD, handler)
}

/// Routes `OPTIONS` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`options`](axum::routing::options)).
pub fn options<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::OPTIONS, handler)
}

/// Routes `PATCH` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`patch`](axum::routing::patch)).
pub fn patch<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::PATCH, handler)
}

/// Routes `POST` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`post`](axum::routing::post)).
pub fn post<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::POST, handler)
}

/// Routes `PUT` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`put`](axum::routing::put)).
pub fn put<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::PUT, handler)
}

/// Routes `TRACE` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's
/// [`trace`](axum::routing::trace)).
pub fn trace<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    on(MethodFilter::TRACE, handler)
}

/// Routes every request, whatever its method, to `handler`, which must be `#[protect]`ed or
/// `#[public]` (axum's [`any`](axum::routing::any)).
pub fn any<H, T, S>(handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    GuardedMethodRouter {
        inner: axum::routing::any(handler),
        guards: MethodGuards::default().any(guard_of::<H, T, S>()),
    }
}

/// Routes requests whose method `filter` accepts to `handler`, which must be `#[protect]`ed or
/// `#[public]` (axum's [`on`](axum::routing::on)).
pub fn on<H, T, S>(filter: MethodFilter, handler: H) -> GuardedMethodRouter<S>
where
    H: GuardedHandler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    GuardedMethodRouter {
        inner: axum::routing::on(filter, handler),
        guards: MethodGuards::default().on(filter, guard_of::<H, T, S>()),
    }
}

impl<S> GuardedMethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    /// Also routes `CONNECT` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn connect<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::CONNECT, handler)
    }

    /// Also routes `DELETE` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn delete<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::DELETE, handler)
    }

    /// Also routes `GET` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn get<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::GET, handler)
    }

    /// Also routes `HEAD` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn head<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::HEAD, handler)
    }

    /// Also routes `OPTIONS` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn options<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::OPTIONS, handler)
    }

    /// Also routes `PATCH` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn patch<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::PATCH, handler)
    }

    /// Also routes `POST` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn post<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::POST, handler)
    }

    /// Also routes `PUT` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn put<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::PUT, handler)
    }

    /// Also routes `TRACE` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.
    pub fn trace<H, T>(self, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        self.on(MethodFilter::TRACE, handler)
    }

    /// Also routes requests whose method `filter` accepts, to `handler`, which must be
    /// `#[protect]`ed or `#[public]`.
    pub fn on<H, T>(self, filter: MethodFilter, handler: H) -> Self
    where
        H: GuardedHandler<T, S>,
        T: 'static,
    {
        Self {
            inner: self.inner.on(filter, handler),
            guards: self.guards.on(filter, guard_of::<H, T, S>()),
        }
    }

    /// The axum [`MethodRouter`] inside.
    pub fn into_method_router(self) -> MethodRouter<S, Infallible> {
        self.inner
    }

    /// The axum [`MethodRouter`] and its handlers' guards.
    pub(super) fn into_parts(self) -> (MethodRouter<S, Infallible>, MethodGuards) {
        (self.inner, self.guards)
    }
}
