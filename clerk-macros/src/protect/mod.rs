//! `#[protect]`: parse the handler and the arguments, validate, expand; on any error, the
//! handler unchanged plus the errors.

pub(crate) mod expand;
pub(crate) mod parse;
pub(crate) mod validate;

use proc_macro2::TokenStream;
use syn::parse::Parser as _;

use crate::ctxt::Ctxt;
use crate::fallback;
use crate::spec::Spec;
use crate::spec::parse::parse_args;
use crate::spec::validate::{Site, validate as validate_spec};
use parse::Handler;
use validate::Attribute;

/// The argument `#[handlers]` leaves on a method it has already expanded.
pub(crate) const EXPANDED: &str = "__clerk_expanded";

/// Expands `#[protect(args)] item`.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let original = item.clone();
    if is_expanded(&args) {
        return pass_through(item);
    }
    try_expand(args, item).unwrap_or_else(|error| fallback::item_with_errors(&original, &error))
}

fn is_expanded(args: &TokenStream) -> bool {
    let mut tokens = args.clone().into_iter();
    matches!(
        (tokens.next(), tokens.next()),
        (Some(proc_macro2::TokenTree::Ident(ident)), None) if ident == EXPANDED
    )
}

/// A method `#[handlers]` has rewritten: unchanged, once its first argument is checked to be
/// the extractor, so the marker can't be used to skip the protection.
fn pass_through(item: TokenStream) -> TokenStream {
    let expanded = Handler::parse_for("protect", item.clone()).is_ok_and(|handler| {
        matches!(
            handler.sig.inputs.first(),
            Some(syn::FnArg::Typed(arg))
                if matches!(&*arg.pat, syn::Pat::Ident(pat) if pat.ident == "__clerk_protect")
        )
    });
    if expanded {
        item
    } else {
        let error = syn::Error::new(
            proc_macro2::Span::call_site(),
            format!(
                "`{EXPANDED}` is only for methods `#[handlers]` has expanded; write `#[protect]` or `#[protect(...)]`"
            ),
        );
        fallback::item_with_errors(&item, &error)
    }
}

fn try_expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let checked = check(&cx, args, item, Attribute::Protect);
    cx.check()?;
    let Some((handler, spec)) = checked else {
        unreachable!("errors were reported above");
    };
    let expand::Expanded {
        items,
        handler: rewritten,
    } = expand::expand(&handler, &spec, &expand::free_marker(&handler));
    Ok(quote::quote! {
        #items
        #rewritten
    })
}

/// Parses and validates a `#[protect(args)]` handler; problems go to `cx`. `None` when
/// something could not be parsed at all.
pub(crate) fn check(
    cx: &Ctxt,
    args: TokenStream,
    item: TokenStream,
    attribute: Attribute,
) -> Option<(Handler, Spec)> {
    let handler = match Handler::parse_for("protect", item) {
        Ok(handler) => Some(handler),
        Err(error) => {
            cx.push(error);
            None
        }
    };
    let spec = match (|input: syn::parse::ParseStream<'_>| parse_args(cx, input)).parse2(args) {
        Ok(args) => Some(validate_spec(cx, &args, Site::Attribute)),
        Err(error) => {
            cx.push(error);
            None
        }
    };
    if let Some(handler) = &handler {
        validate::check(cx, handler, attribute);
    }
    handler.zip(spec)
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn errors(args: TokenStream, item: TokenStream) -> Vec<String> {
        match try_expand(args, item) {
            Ok(_) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn argument_and_item_errors_are_reported_together() {
        let errors = errors(
            quote!(role = "admin_role"),
            quote!(
                fn handler() {}
            ),
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert!(
            errors[0].contains("missing the `org:` prefix"),
            "{errors:?}"
        );
        assert!(errors[1].contains("`async fn`"), "{errors:?}");
    }

    #[test]
    fn the_fallback_keeps_the_handler_unchanged() {
        let item = quote!(
            async fn handler() -> &'static str {
                "hi"
            }
        );
        let out = expand(quote!(permission = "org:sys_domains_manage"), item.clone()).to_string();
        assert!(out.starts_with(&item.to_string()), "{out}");
        assert!(out.contains("compile_error"), "{out}");
        assert!(!out.contains("Protected"), "{out}");
    }

    #[test]
    fn a_valid_handler_gets_the_extractor_first() {
        let out = expand(
            quote!(role = "org:admin"),
            quote!(
                pub async fn handler(body: String) -> String {
                    body
                }
            ),
        )
        .to_string();
        let sig = out.find("pub async fn handler").expect("fn kept");
        let arg = out[sig..].find("__clerk_protect").expect("extractor");
        let body = out[sig..].find("body : String").expect("user arg");
        assert!(arg < body, "{out}");
        assert!(out.contains("struct __ClerkProtect_handler"), "{out}");
    }

    #[test]
    fn only_methods_handlers_expanded_pass_through() {
        let done = quote!(
            async fn list(__clerk_protect: ::clerk_runtime::__private::Protected<M>) {}
        );
        assert_eq!(
            expand(quote!(__clerk_expanded), done.clone()).to_string(),
            done.to_string()
        );
        let out = expand(
            quote!(__clerk_expanded),
            quote!(
                async fn list() {}
            ),
        )
        .to_string();
        assert!(out.contains("compile_error"), "{out}");
    }

    #[test]
    fn protect_and_public_together_are_refused() {
        let errors = errors(
            quote!(),
            quote!(
                #[clerk_runtime::public]
                async fn home() {}
            ),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("not both"), "{errors:?}");
    }

    #[test]
    fn a_receiver_is_refused_with_what_to_do() {
        let errors = errors(
            quote!(),
            quote!(
                async fn list(&self) {}
            ),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].contains("remove the `self` receiver"),
            "{errors:?}"
        );
        assert!(errors[0].contains("`get(Type::list)`"), "{errors:?}");
        assert!(
            errors[0].contains("#[clerk_runtime::handlers]"),
            "{errors:?}"
        );
    }
}
