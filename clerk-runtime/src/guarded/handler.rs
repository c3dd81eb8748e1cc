//! [`GuardedHandler`]: the handlers a [`GuardedRouter`](super::GuardedRouter) accepts.
//!
//! axum implements `Handler<(M, T1, …, Tn), S>` for an `async fn(T1, …, Tn)`, where `T1 … Tn`
//! are the extractor types. A handler is guarded when `T1`, the extractor that runs first, is
//! the one `#[protect]` prepends ([`Protected`]) or the one `#[public]` prepends ([`Public`]).
//! The impls below say exactly that, for every arity axum supports.

use axum::handler::Handler;

use super::Public;
use super::protection_map::HandlerGuard;
use crate::__private::{ProtectSpec, Protected};

/// A handler that is `#[protect]`ed or `#[public]`: its first extractor is [`Protected`] or
/// [`Public`]. Implemented for every such handler; it cannot be implemented elsewhere.
///
/// ```compile_fail
/// use clerk_runtime::guarded;
///
/// async fn forgotten() -> &'static str {
///     "nobody decided whether this is public"
/// }
///
/// // error: `forgotten` is neither `#[protect]`ed nor `#[public]`
/// let route: guarded::GuardedMethodRouter = guarded::get(forgotten);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is neither `#[protect]`ed nor `#[public]`",
    label = "this handler is not guarded",
    note = "a `GuardedRouter` only takes handlers that say who may call them",
    note = "add `#[protect]` (or `#[protect(role = ...)]`, `#[protect(permission = ...)]`, ...) to guard it, or `#[public]` to mark it public"
)]
pub trait GuardedHandler<T, S>: Handler<T, S> + sealed::Sealed<T, S> {}

/// The guard `H` declares: `#[public]`, or what its `#[protect]` requires.
pub(super) fn guard_of<H, T, S>() -> HandlerGuard
where
    H: GuardedHandler<T, S>,
{
    <H as sealed::Sealed<T, S>>::guard()
}

mod sealed {
    use super::HandlerGuard;

    /// Keeps [`GuardedHandler`](super::GuardedHandler) to the impls in this module, and tells
    /// the protection map each handler's guard.
    pub trait Sealed<T, S> {
        /// `#[public]`, or what the handler's `#[protect]` requires.
        fn guard() -> HandlerGuard;
    }
}

macro_rules! impl_guarded_handler {
    ($($ty:ident),*) => {
        impl<H, S, M, P, $($ty,)*> sealed::Sealed<(M, Protected<P>, $($ty,)*), S> for H
        where
            H: Handler<(M, Protected<P>, $($ty,)*), S>,
            P: ProtectSpec,
        {
            fn guard() -> HandlerGuard {
                HandlerGuard::Protected(P::PROTECTION)
            }
        }

        #[diagnostic::do_not_recommend]
        impl<H, S, M, P, $($ty,)*> GuardedHandler<(M, Protected<P>, $($ty,)*), S> for H
        where
            H: Handler<(M, Protected<P>, $($ty,)*), S>,
            P: ProtectSpec,
        {
        }

        impl<H, S, M, $($ty,)*> sealed::Sealed<(M, Public, $($ty,)*), S> for H
        where
            H: Handler<(M, Public, $($ty,)*), S>,
        {
            fn guard() -> HandlerGuard {
                HandlerGuard::Public
            }
        }

        #[diagnostic::do_not_recommend]
        impl<H, S, M, $($ty,)*> GuardedHandler<(M, Public, $($ty,)*), S> for H
        where
            H: Handler<(M, Public, $($ty,)*), S>,
        {
        }
    };
}

impl_guarded_handler!();
impl_guarded_handler!(T2);
impl_guarded_handler!(T2, T3);
impl_guarded_handler!(T2, T3, T4);
impl_guarded_handler!(T2, T3, T4, T5);
impl_guarded_handler!(T2, T3, T4, T5, T6);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14);
impl_guarded_handler!(T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15);
impl_guarded_handler!(
    T2, T3, T4, T5, T6, T7, T8, T9, T10, T11, T12, T13, T14, T15, T16
);
