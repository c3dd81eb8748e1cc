//! Checks on the handler itself, shared by `#[protect]` and `#[public]`.

use syn::FnArg;

use super::parse::Handler;
use crate::ctxt::Ctxt;

/// Which attribute is checked, and where it was written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    /// `#[protect]` on an item of its own.
    Protect,
    /// `#[protect]` on a method of a `#[handlers]` impl block.
    ProtectInHandlers,
    /// `#[public]`.
    Public,
}

impl Attribute {
    fn name(self) -> &'static str {
        match self {
            Self::Protect | Self::ProtectInHandlers => "protect",
            Self::Public => "public",
        }
    }
}

/// An `async fn` without a `self` receiver, not `const`.
pub(crate) fn check(cx: &Ctxt, handler: &Handler, attribute: Attribute) {
    let sig = &handler.sig;
    let name = attribute.name();
    if sig.asyncness.is_none() {
        cx.error_at(
            sig.fn_token.span,
            format!("`#[{name}]` applies to `async fn` handlers only; add `async`"),
        );
    }
    if let Some(FnArg::Receiver(receiver)) = sig.inputs.first() {
        let also = if attribute == Attribute::Protect {
            ", and put `#[clerk_runtime::handlers]` on the `impl` block"
        } else {
            ""
        };
        cx.error_spanned_by(
            receiver,
            format!(
                "`#[{name}]` handlers can't take `self`: axum calls a handler without a value to call it on; \
                 remove the `self` receiver to make it an associated function, routed as `get(Type::{ident})`{also}",
                ident = sig.ident,
            ),
        );
    }
    let other = match attribute {
        Attribute::Public => "protect",
        Attribute::Protect | Attribute::ProtectInHandlers => "public",
    };
    if let Some(attr) = handler.attrs.iter().find(|attr| {
        attr.path()
            .segments
            .last()
            .is_some_and(|s| s.ident == other)
    }) {
        cx.error_spanned_by(
            attr,
            "a handler is either `#[protect]`ed or `#[public]`, not both; keep the one you mean",
        );
    }
    if let Some(constness) = &sig.constness {
        cx.error_at(
            constness.span,
            format!("`#[{name}]` handlers can't be `const fn`"),
        );
    }
}
