//! The response future of [`Clerk`](crate::middleware::Clerk).

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::response::Response;
use pin_project_lite::pin_project;

use super::flow::mark_signed_out;
use super::handler::BoxFuture;
use crate::handshake::RequestState;

pin_project! {
    /// The future [`Clerk`](crate::middleware::Clerk) returns: the inner service's own future
    /// when the layer decided at once (then Clerk's headers are added to its response for a
    /// signed-out request), an answer of the layer's own, or the boxed rest of the middleware
    /// (authentication that awaits, the closure, then the inner service).
    pub struct ResponseFuture<F, E> {
        #[pin]
        kind: Kind<F, E>,
    }
}

pin_project! {
    #[project = KindProjection]
    enum Kind<F, E> {
        Inner { #[pin] future: F },
        Marked { #[pin] future: F, state: Option<Arc<RequestState>> },
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

    pub(crate) fn marked(future: F, state: Arc<RequestState>) -> Self {
        Self {
            kind: Kind::Marked {
                future,
                state: Some(state),
            },
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
            KindProjection::Marked { future, state } => {
                let mut answer = std::task::ready!(future.poll(cx));
                if let (Ok(response), Some(state)) = (&mut answer, state.take()) {
                    mark_signed_out(response, Some(&state));
                }
                Poll::Ready(answer)
            }
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
