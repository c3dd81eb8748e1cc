//! The optional middleware closure: Clerk's `clerkMiddleware((auth, req) => …)`.

use std::future::Future;
use std::pin::Pin;

use axum::response::{IntoResponse, Response};
use http::{HeaderMap, Method, StatusCode, Uri};

use crate::matcher::MalformedUrlError;
use crate::middleware::extract::Auth;
use crate::middleware::respond::AuthRejection;

/// A boxed, sendable future, as the layer stores callbacks.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a middleware closure returns: `Ok(())` lets the request through to the router;
/// `Err(respond)` answers it. `?` works on [`AuthRejection`](crate::middleware::AuthRejection) (from
/// `auth.protect()`), on `MalformedUrlError` from a route matcher (a 400, as Clerk), on
/// `Response` and on `StatusCode`.
pub type MiddlewareResult = Result<(), Respond>;

/// The response a middleware closure answers with instead of letting the request through.
/// Boxed, so that `MiddlewareResult` stays small.
///
/// ```
/// use axum::response::Redirect;
/// use clerk_runtime::MiddlewareResult;
/// use clerk_runtime::middleware::Respond;
///
/// fn to_home() -> MiddlewareResult {
///     Err(Respond::with(Redirect::temporary("/")))
/// }
/// assert_eq!(to_home().unwrap_err().into_response().status(), 307);
/// ```
#[derive(Debug)]
pub struct Respond(Box<Response>);

impl Respond {
    /// Answers with `response`.
    pub fn with(response: impl IntoResponse) -> Self {
        Self(Box::new(response.into_response()))
    }

    /// The response.
    #[must_use]
    pub fn into_response(self) -> Response {
        *self.0
    }
}

impl From<Response> for Respond {
    fn from(response: Response) -> Self {
        Self(Box::new(response))
    }
}

impl From<AuthRejection> for Respond {
    fn from(rejection: AuthRejection) -> Self {
        Self::with(rejection)
    }
}

impl From<MalformedUrlError> for Respond {
    /// A path with a malformed percent escape: 400, as Clerk's middleware answers.
    fn from(_: MalformedUrlError) -> Self {
        Self::with(AuthRejection::malformed_path())
    }
}

impl From<StatusCode> for Respond {
    fn from(status: StatusCode) -> Self {
        Self::with(status)
    }
}

/// The request as a middleware closure sees it: method, URI and headers (with forged
/// `x-clerk-*` headers already removed). The body stays with the request.
///
/// [`path`](Self::path) is the path the client sent (axum's `OriginalUri` when a router set
/// it). In a nested router the inner routes dispatch on [`router_path`](Self::router_path)
/// instead: a closure on a layer inside `Router::nest` should judge both.
#[derive(Clone, Debug)]
pub struct MiddlewareRequest {
    method: Method,
    uri: Uri,
    router_uri: Uri,
    headers: HeaderMap,
}

impl MiddlewareRequest {
    pub(crate) fn new(method: Method, uri: Uri, router_uri: Uri, headers: HeaderMap) -> Self {
        Self {
            method,
            uri,
            router_uri,
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

    /// The path to match routes against: the path the client sent.
    #[must_use]
    pub fn path(&self) -> &str {
        self.uri.path()
    }

    /// The path the router this layer wraps dispatches on: the same as [`path`](Self::path)
    /// except inside `Router::nest("/inner", ..)`, where the prefix is stripped (`/admin` for
    /// `/inner/admin`).
    ///
    /// ```
    /// use clerk_runtime::{Auth, MiddlewareRequest, MiddlewareResult};
    ///
    /// // On a layer inside `Router::nest("/inner", ..)`: protect `/admin` in either form.
    /// async fn admin_only(auth: Auth, req: MiddlewareRequest) -> MiddlewareResult {
    ///     if [req.path(), req.router_path()].iter().any(|p| p.starts_with("/admin")) {
    ///         auth.protect()?;
    ///     }
    ///     Ok(())
    /// }
    /// ```
    #[must_use]
    pub fn router_path(&self) -> &str {
        self.router_uri.path()
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
/// use clerk_runtime::{Auth, ClerkLayer, MiddlewareRequest, MiddlewareResult};
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
