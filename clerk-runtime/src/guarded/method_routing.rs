//! [`GuardedMethodRouter`] and the functions that start one: axum's `get`, `post`, … that only
//! take [guarded handlers](GuardedHandler).

use std::convert::Infallible;
use std::fmt;

use axum::routing::{MethodFilter, MethodRouter};

use super::GuardedHandler;

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
        }
    }
}

impl<S> From<GuardedMethodRouter<S>> for MethodRouter<S, Infallible> {
    fn from(router: GuardedMethodRouter<S>) -> Self {
        router.inner
    }
}

macro_rules! top_level {
    ($($name:ident => $method:literal),* $(,)?) => {$(
        #[doc = concat!("Routes `", $method, "` requests to `handler`, which must be `#[protect]`ed or `#[public]` (axum's [`", stringify!($name), "`](axum::routing::", stringify!($name), ")).")]
        pub fn $name<H, T, S>(handler: H) -> GuardedMethodRouter<S>
        where
            H: GuardedHandler<T, S>,
            T: 'static,
            S: Clone + Send + Sync + 'static,
        {
            GuardedMethodRouter {
                inner: axum::routing::$name(handler),
            }
        }
    )*};
}

top_level! {
    connect => "CONNECT",
    delete => "DELETE",
    get => "GET",
    head => "HEAD",
    options => "OPTIONS",
    patch => "PATCH",
    post => "POST",
    put => "PUT",
    trace => "TRACE",
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
    }
}

macro_rules! chained {
    ($($name:ident => $method:literal),* $(,)?) => {$(
        #[doc = concat!("Also routes `", $method, "` requests, to `handler`, which must be `#[protect]`ed or `#[public]`.")]
        pub fn $name<H, T>(self, handler: H) -> Self
        where
            H: GuardedHandler<T, S>,
            T: 'static,
        {
            Self {
                inner: self.inner.$name(handler),
            }
        }
    )*};
}

impl<S> GuardedMethodRouter<S>
where
    S: Clone + Send + Sync + 'static,
{
    chained! {
        connect => "CONNECT",
        delete => "DELETE",
        get => "GET",
        head => "HEAD",
        options => "OPTIONS",
        patch => "PATCH",
        post => "POST",
        put => "PUT",
        trace => "TRACE",
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
        }
    }

    /// The axum [`MethodRouter`] inside.
    pub fn into_method_router(self) -> MethodRouter<S, Infallible> {
        self.inner
    }
}
