//! Checks on the handler itself.

use syn::FnArg;

use super::parse::Handler;
use crate::ctxt::Ctxt;

/// An `async fn` without a `self` receiver, not `const` or variadic.
pub(crate) fn check(cx: &Ctxt, handler: &Handler) {
    let sig = &handler.sig;
    if sig.asyncness.is_none() {
        cx.error_at(
            sig.fn_token.span,
            "`#[protect]` applies to `async fn` handlers only; add `async`",
        );
    }
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        cx.error_spanned_by(
            receiver,
            "`#[protect]` can't be used on methods; make the handler a free `async fn`",
        );
    }
    if let Some(constness) = &sig.constness {
        cx.error_at(constness.span, "`#[protect]` handlers can't be `const fn`");
    }
}
