//! The response future of [`Clerk`](crate::middleware::Clerk).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use axum::response::Response;
use pin_project_lite::pin_project;

use super::handler::BoxFuture;

pin_project! {
    /// The future [`Clerk`](crate::middleware::Clerk) returns: the inner service's own future
    /// when the layer decided at once (a cached session token), an answer of the layer's own,
    /// or the boxed rest of the middleware (authentication, the closure, then the inner
    /// service).
    pub struct ResponseFuture<F, E> {
        #[pin]
        kind: Kind<F, E>,
    }
}

pin_project! {
    #[project = KindProjection]
    enum Kind<F, E> {
        Inner { #[pin] future: F },
        Ready { future: std::future::Ready<Result<Response, E>> },
        Boxed { future: BoxFuture<'static, Result<Response, E>> },
    }
}

impl<F, E> ResponseFuture<F, E> {
    pub(crate) fn inner(future: F) -> Self {
        Self {
            kind: Kind::Inner { future },
        }
    }

    pub(crate) fn ready(response: Response) -> Self {
        Self {
            kind: Kind::Ready {
                future: std::future::ready(Ok(response)),
            },
        }
    }

    pub(crate) fn boxed(future: BoxFuture<'static, Result<Response, E>>) -> Self {
        Self {
            kind: Kind::Boxed { future },
        }
    }
}

impl<F, E> Future for ResponseFuture<F, E>
where
    F: Future<Output = Result<Response, E>>,
{
    type Output = Result<Response, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match self.project().kind.project() {
            KindProjection::Inner { future } => future.poll(cx),
            KindProjection::Ready { future } => Pin::new(future).poll(cx),
            KindProjection::Boxed { future } => future.as_mut().poll(cx),
        }
    }
}

impl<F, E> fmt::Debug for ResponseFuture<F, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseFuture").finish_non_exhaustive()
    }
}
