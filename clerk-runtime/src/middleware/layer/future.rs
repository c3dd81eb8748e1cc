//! The response future of [`Clerk`](crate::middleware::Clerk).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::response::Response;

use super::handler::BoxFuture;

/// The future [`Clerk`](crate::middleware::Clerk) returns: authentication, protection, then the inner
/// service. Boxed inside; the type is named so it can become a state machine later.
pub struct ResponseFuture<E> {
    pub(crate) inner: BoxFuture<'static, Result<Response, E>>,
}

impl<E> Future for ResponseFuture<E> {
    type Output = Result<Response, E>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        self.inner.as_mut().poll(cx)
    }
}

impl<E> fmt::Debug for ResponseFuture<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
