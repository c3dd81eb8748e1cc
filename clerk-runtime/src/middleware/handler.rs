//! The optional middleware closure: the seed's `clerkMiddleware((auth, req) => …)`.

use std::future::Future;
use std::pin::Pin;

use axum::response::Response;
use http::{HeaderMap, Method, Uri};

use super::auth_extractor::Auth;

/// A boxed, sendable future, as the layer stores callbacks.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a middleware closure returns: `Ok(())` lets the request through to the router;
/// `Err(response)` answers it. `?` works on [`AuthRejection`](super::AuthRejection) (from
/// `auth.protect()`), on `MalformedUrlError` (a 400, as Clerk) and on `Response`.
pub type MiddlewareResult = Result<(), Response>;

/// The request as a middleware closure sees it: method, URI and headers (with forged
/// `x-clerk-*` headers already removed). The body stays with the request.
///
/// [`path`](Self::path) is the path the router dispatches on (axum's `OriginalUri` when a
/// router set it), which is what route matchers must judge.
#[derive(Clone, Debug)]
pub struct MiddlewareRequest {
    method: Method,
    uri: Uri,
    headers: HeaderMap,
}

impl MiddlewareRequest {
    pub(crate) fn new(method: Method, uri: Uri, headers: HeaderMap) -> Self {
        Self {
            method,
            uri,
            headers,
        }
    }

    /// The request method.
    #[must_use]
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The full request URI (before any `nest` prefix stripping).
    #[must_use]
    pub fn uri(&self) -> &Uri {
        &self.uri
    }

    /// The path to match routes against.
    #[must_use]
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The request headers.
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }
}

/// A middleware closure: receives the request's [`Auth`] and [`MiddlewareRequest`] and returns
/// a [`MiddlewareResult`]. Implemented for every
/// `Fn(Auth, MiddlewareRequest) -> impl Future<Output = MiddlewareResult>`.
///
/// ```
/// use clerk_runtime::middleware::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
///
/// async fn protect_dashboard(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
///     if req.path().starts_with("/dashboard") {
///         auth.protect()?;
///     }
///     Ok(())
/// }
/// # fn layer(layer: ClerkLayer) -> ClerkLayer {
/// layer.handler(protect_dashboard)
/// # }
/// ```
pub trait MiddlewareHandler: Send + Sync + 'static {
    /// Runs the closure for one request.
    fn call(&self, auth: Auth, request: MiddlewareRequest) -> BoxFuture<'static, MiddlewareResult>;
}

impl<F, Fut> MiddlewareHandler for F
where
    F: Fn(Auth, MiddlewareRequest) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = MiddlewareResult> + Send + 'static,
{
    fn call(&self, auth: Auth, request: MiddlewareRequest) -> BoxFuture<'static, MiddlewareResult> {
        Box::pin(self(auth, request))
    }
}
