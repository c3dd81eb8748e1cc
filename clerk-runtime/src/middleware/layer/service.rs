//! `Clerk<S>`: the service [`ClerkLayer`](crate::middleware::ClerkLayer) wraps around the router.

use std::task::{Context, Poll};

use axum::body::Body;
use axum::response::Response;
use http::Request;
use tower::{Layer, Service};

use super::clerk_layer::ClerkLayer;
use super::flow::{self, Start};
use super::future::ResponseFuture;
use super::options::ClerkOptions;

/// The service [`ClerkLayer`] produces: authenticates, protects, then calls `S`.
///
/// ```
/// use axum::{Router, routing::get};
/// use clerk_runtime::middleware::{Clerk, ClerkOptions};
/// use clerk_runtime::ClerkLayer;
/// # use clerk_runtime::middleware::{RedirectOptions, authenticate};
/// # let options = ClerkOptions::new(
/// #     authenticate::from_fn(|_| clerk_runtime::auth::AuthState::SignedOut {
/// #         reason: clerk_runtime::auth::SignedOutReason::Auth(clerk_runtime::AuthErrorReason::SessionTokenAndUatMissing),
/// #         message: String::new(),
/// #     }),
/// #     RedirectOptions::default().sign_in_url("/sign-in"),
/// # ).unwrap();
///
/// let router: Router = Router::new().route("/", get(|| async { "hi" }));
/// // Wrapping the whole router (no `OriginalUri`: the request's own URI is matched).
/// let service = Clerk::new(router, ClerkLayer::new(options));
/// # let _ = service;
/// ```
#[derive(Clone, Debug)]
pub struct Clerk<S> {
    inner: S,
    layer: ClerkLayer,
}

impl<S> Clerk<S> {
    /// Wraps `inner` with the middleware `layer` describes.
    pub fn new(inner: S, layer: ClerkLayer) -> Self {
        Self { inner, layer }
    }

    /// A [`ClerkLayer`] with `options`: the same as [`ClerkLayer::new`].
    pub fn layer(options: ClerkOptions) -> ClerkLayer {
        ClerkLayer::new(options)
    }

    /// The wrapped service.
    pub fn get_ref(&self) -> &S {
        &self.inner
    }

    /// The wrapped service, mutably.
    pub fn get_mut(&mut self) -> &mut S {
        &mut self.inner
    }

    /// Unwraps the inner service.
    pub fn into_inner(self) -> S {
        self.inner
    }
}

impl<S> Service<Request<Body>> for Clerk<S>
where
    S: Service<Request<Body>, Response = Response> + Clone + Send + 'static,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Response;
    type Error = S::Error;
    type Future = ResponseFuture<S::Future, S::Error>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<Body>) -> Self::Future {
        let (mut parts, body) = request.into_parts();
        match flow::start(&self.layer.settings, &mut parts) {
            // Decided at once: the service `poll_ready` readied is called right away.
            Start::Call => ResponseFuture::inner(self.inner.call(Request::from_parts(parts, body))),
            Start::CallThenMark(state) => {
                ResponseFuture::marked(self.inner.call(Request::from_parts(parts, body)), state)
            }
            Start::Answer(response) => ResponseFuture::ready(response),
            Start::Continue(undecided) => {
                // The clone may not be ready: keep it, and call the service `poll_ready`
                // readied later (https://docs.rs/tower/latest/tower/trait.Service.html#be-careful-when-cloning-inner-services).
                let clone = self.inner.clone();
                let inner = std::mem::replace(&mut self.inner, clone);
                let settings = self.layer.settings.clone();
                ResponseFuture::boxed(Box::pin(flow::finish(
                    settings,
                    inner,
                    (parts, body),
                    undecided,
                )))
            }
        }
    }
}

impl<S> Layer<S> for ClerkLayer {
    type Service = Clerk<S>;

    fn layer(&self, inner: S) -> Self::Service {
        let settings = &self.settings;
        if settings.debug
            && !settings
                .map_printed
                .swap(true, std::sync::atomic::Ordering::Relaxed)
        {
            tracing::info!(target: "clerk", "{}", self.protection_map());
        }
        Clerk::new(inner, self.clone())
    }
}
