//! [`Public`]: the extractor `#[public]` puts in front of a handler's arguments.

use std::convert::Infallible;

use axum::extract::FromRequestParts;
use http::request::Parts;

/// Marks a handler as deliberately public. `#[public]` prepends it to the handler's arguments;
/// it always succeeds and costs nothing (a zero-sized value, no work per request).
///
/// A [`GuardedRouter`](super::GuardedRouter) accepts a handler only when its first argument is
/// `Public` or the extractor `#[protect]` adds, so a handler nobody decided about does not
/// compile. Written by hand, it does the same for closures:
///
/// ```
/// use clerk_runtime::guarded::{self, GuardedRouter, Public};
///
/// let app: axum::Router = GuardedRouter::new()
///     .route("/health", guarded::get(|_: Public| async { "ok" }))
///     .into_router();
/// # let _ = app;
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Public;

impl<S> FromRequestParts<S> for Public
where
    S: Send + Sync,
{
    type Rejection = Infallible;

    async fn from_request_parts(_parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(Self)
    }
}

#[cfg(test)]
mod tests {
    use axum::body::Body;
    use axum::extract::FromRequestParts;
    use http::Request;

    use super::Public;

    #[tokio::test]
    async fn always_succeeds_without_the_layer() {
        let (mut parts, _body) = Request::get("/anything")
            .body(Body::empty())
            .unwrap()
            .into_parts();
        assert_eq!(
            Public::from_request_parts(&mut parts, &()).await,
            Ok(Public)
        );
    }
}
