//! `#[handlers]` on an `impl` block: expands the `#[protect]` attributes of its associated
//! functions. An `impl` block can't hold the marker struct `#[protect]` emits, so this
//! attribute puts the markers next to the block and rewrites the methods in place.
//!
//! ```text
//! #[handlers] impl Api { #[protect(role = "org:admin")] async fn list() {} }
//! // becomes
//! struct __ClerkProtect_Api_list; impl ProtectSpec for __ClerkProtect_Api_list { … }
//! impl Api { async fn list(__clerk_protect: Protected<__ClerkProtect_Api_list>) {} }
//! ```
//!
//! Each rewritten method keeps its attribute as `#[protect(__clerk_expanded)]`, which passes
//! it through unchanged (and keeps the user's `use clerk_runtime::protect` used). `#[public]`
//! methods need nothing from the block: they expand on their own. On any error, the block is
//! emitted with its `#[protect]` attributes removed (so they don't expand again), plus every
//! error.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{ImplItem, ItemImpl};

use crate::ctxt::Ctxt;
use crate::protect;
use crate::protect::validate::Attribute;

/// Expands `#[handlers(args)] item`.
pub(crate) fn expand(args: &TokenStream, item: &TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    if !args.is_empty() {
        cx.error_spanned_by(
            args,
            "`#[handlers]` takes no arguments; put `#[protect(...)]` or `#[public]` on each handler inside",
        );
    }
    let mut block = match syn::parse2::<ItemImpl>(item.clone()) {
        Ok(block) => block,
        Err(error) => {
            cx.push(syn::Error::new(
                error.span(),
                format!("`#[handlers]` goes on an `impl` block: {error}"),
            ));
            let error = cx.check().expect_err("an error was recorded");
            return crate::fallback::item_with_errors(item, &error);
        }
    };
    if let Some((path, _)) = &block.trait_ {
        cx.error_spanned_by(
            path,
            "`#[handlers]` goes on an inherent `impl Type { … }` block: a trait's methods can't gain the argument `#[protect]` adds",
        );
    }
    let ty = type_name(&block.self_ty);
    let mut items = TokenStream::new();
    let mut rewritten = Vec::new();
    for (index, member) in block.items.iter_mut().enumerate() {
        let ImplItem::Fn(method) = member else {
            continue;
        };
        let Some((path, args)) = take_protect(&cx, &mut method.attrs) else {
            continue;
        };
        let tokens = method.to_token_stream();
        if let Some((handler, spec)) =
            protect::check(&cx, args, tokens, Attribute::ProtectInHandlers)
        {
            let marker = protect::expand::method_marker(&ty, &handler);
            let expanded = protect::expand::expand(&handler, &spec, &marker);
            items.extend(expanded.items);
            // The attribute stays, marked as expanded, so that the user's `use` of `protect`
            // is used; it then passes the rewritten method through.
            let expanded_handler = expanded.handler;
            let done = syn::Ident::new(protect::EXPANDED, Span::call_site());
            rewritten.push((
                index,
                quote! {
                    #[#path(#done)]
                    #expanded_handler
                },
            ));
        }
    }
    if let Err(error) = cx.check() {
        // The methods as written, without their `#[protect]` (which would expand again).
        return crate::fallback::item_with_errors(&block.into_token_stream(), &error);
    }
    for (index, handler) in rewritten {
        block.items[index] = ImplItem::Verbatim(handler);
    }
    quote! {
        #items
        #block
    }
}

/// Removes the method's `#[protect(…)]` and returns its path as written and its arguments; a
/// second one is an error.
fn take_protect(cx: &Ctxt, attrs: &mut Vec<syn::Attribute>) -> Option<(syn::Path, TokenStream)> {
    let mut found = None;
    let mut kept = Vec::with_capacity(attrs.len());
    for attr in attrs.drain(..) {
        if !is_protect(&attr) {
            kept.push(attr);
            continue;
        }
        let args = match &attr.meta {
            syn::Meta::Path(_) => TokenStream::new(),
            syn::Meta::List(list) => list.tokens.clone(),
            syn::Meta::NameValue(value) => {
                cx.error_spanned_by(
                    value,
                    "expected `#[protect]` or `#[protect(key = value, ...)]`",
                );
                continue;
            }
        };
        if found.is_some() {
            cx.error_spanned_by(
                &attr,
                "`#[protect]` is given twice; join the requirements in one `#[protect(...)]`",
            );
        } else {
            found = Some((attr.path().clone(), args));
        }
    }
    *attrs = kept;
    found
}

/// `#[protect]`, `#[clerk_runtime::protect]`, or any path ending in `protect`.
fn is_protect(attr: &syn::Attribute) -> bool {
    attr.path()
        .segments
        .last()
        .is_some_and(|segment| segment.ident == "protect")
}

/// The last identifier of the block's type (`Api` for `impl<T> crate::Api<T>`), for marker
/// names.
fn type_name(ty: &syn::Type) -> syn::Ident {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map_or_else(
            || syn::Ident::new("Self", Span::call_site()),
            |s| s.ident.clone(),
        ),
        syn::Type::Reference(reference) => type_name(&reference.elem),
        syn::Type::Paren(inner) => type_name(&inner.elem),
        syn::Type::Group(inner) => type_name(&inner.elem),
        _ => syn::Ident::new("Impl", Span::call_site()),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn markers_go_next_to_the_block_and_methods_get_the_extractor() {
        let out = expand(
            &quote!(),
            &quote! {
                impl Api {
                    #[protect(role = "org:admin")]
                    pub async fn list(body: String) -> String { body }
                    #[public]
                    async fn health() {}
                    fn helper() {}
                }
            },
        )
        .to_string();
        assert!(!out.contains("compile_error"), "{out}");
        let marker = out.find("struct __ClerkProtect_Api_list").expect("marker");
        let block = out.find("impl Api").expect("block");
        assert!(marker < block, "{out}");
        assert!(
            out.contains("pub async fn list (__clerk_protect : :: clerk_runtime :: __private :: Protected < __ClerkProtect_Api_list >"),
            "{out}"
        );
        assert_eq!(out.matches("# [protect").count(), 1, "{out}");
        assert!(
            out.contains("# [protect (__clerk_expanded)] pub async fn list"),
            "{out}"
        );
        assert!(out.contains("# [public]"), "{out}");
    }

    #[test]
    fn errors_keep_the_block_without_its_protect_attributes() {
        let out = expand(
            &quote!(),
            &quote! {
                impl Api {
                    #[protect(role = "admin_role")]
                    async fn list() {}
                    #[protect]
                    async fn get(&self) {}
                    #[protect]
                    async fn fine() {}
                }
            },
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
        assert!(!out.contains("# [protect"), "{out}");
        assert!(!out.contains("__ClerkProtect"), "{out}");
    }

    #[test]
    fn trait_impls_and_arguments_are_refused() {
        let out = expand(
            &quote!(crate = ::x),
            &quote! {
                impl Trait for Api {
                    #[protect]
                    async fn list() {}
                }
            },
        )
        .to_string();
        assert_eq!(out.matches("compile_error").count(), 2, "{out}");
    }
}
