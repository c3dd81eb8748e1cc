//! `#[public]`: marks a handler as deliberately public by putting the zero-sized `Public`
//! extractor in front of its arguments. On any error, the handler unchanged plus the errors.
//!
//! ```text
//! #attrs #vis async fn handler(__clerk_public: Public, #args) #ret #body
//! ```

use proc_macro2::TokenStream;
use quote::quote;
use syn::Token;
use syn::parse::{ParseStream, Parser as _};

use crate::ctxt::Ctxt;
use crate::fallback;
use crate::protect::parse::Handler;
use crate::protect::validate::{Attribute, check};
use crate::runtime::CratePath;

/// Expands `#[public(args)] item`.
pub(crate) fn expand(args: TokenStream, item: TokenStream) -> TokenStream {
    let original = item.clone();
    try_expand(args, item).unwrap_or_else(|error| fallback::item_with_errors(&original, &error))
}

fn try_expand(args: TokenStream, item: TokenStream) -> syn::Result<TokenStream> {
    let cx = Ctxt::new();
    let krate = match parse_args.parse2(args) {
        Ok(krate) => Some(krate),
        Err(error) => {
            cx.push(error);
            None
        }
    };
    let handler = match Handler::parse_for("public", item) {
        Ok(handler) => Some(handler),
        Err(error) => {
            cx.push(error);
            None
        }
    };
    if let Some(handler) = &handler {
        check(&cx, handler, Attribute::Public);
    }
    cx.check()?;
    let (Some(handler), Some(krate)) = (handler, krate) else {
        unreachable!("errors were reported above");
    };
    Ok(rewrite(&handler, &CratePath::new(krate)))
}

/// Nothing, or `crate = path`.
fn parse_args(input: ParseStream<'_>) -> syn::Result<Option<syn::Path>> {
    if input.is_empty() {
        return Ok(None);
    }
    if input.peek(Token![crate]) && input.peek2(Token![=]) {
        input.parse::<Token![crate]>()?;
        input.parse::<Token![=]>()?;
        let path = input.call(syn::Path::parse_mod_style)?;
        input.parse::<Option<Token![,]>>()?;
        if input.is_empty() {
            return Ok(Some(path));
        }
    }
    Err(input.error(
        "`#[public]` takes no requirement: the handler is open to everyone; to require something, use `#[protect(...)]` instead",
    ))
}

/// The handler with `Public` as its first argument.
pub(crate) fn rewrite(handler: &Handler, krate: &CratePath) -> TokenStream {
    let p = krate.private();
    let Handler {
        attrs,
        vis,
        sig,
        body,
    } = handler;
    let mut sig = sig.clone();
    let arg: syn::FnArg = syn::parse_quote!(__clerk_public: #p::Public);
    sig.inputs.insert(0, arg);
    quote! {
        #(#attrs)*
        #vis #sig #body
    }
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
    fn the_extractor_goes_first_and_nothing_else_is_emitted() {
        let out = expand(
            quote!(),
            quote!(
                pub async fn home(body: String) -> String {
                    body
                }
            ),
        )
        .to_string();
        let arg = out.find("__clerk_public").expect("extractor");
        let body = out.find("body : String").expect("user arg");
        assert!(arg < body, "{out}");
        assert!(out.starts_with("pub async fn home"), "{out}");
        assert!(!out.contains("struct"), "{out}");
    }

    #[test]
    fn a_requirement_is_refused() {
        let errors = errors(
            quote!(role = "org:admin"),
            quote!(
                async fn home() {}
            ),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("use `#[protect(...)]`"), "{errors:?}");
    }

    #[test]
    fn the_crate_path_is_used() {
        let out = expand(
            quote!(crate = ::my_clerk),
            quote!(
                async fn home() {}
            ),
        )
        .to_string();
        assert!(out.contains(":: my_clerk :: __private :: Public"), "{out}");
    }

    #[test]
    fn public_and_protect_together_are_refused() {
        let errors = errors(
            quote!(),
            quote!(
                #[protect(role = "org:admin")]
                async fn home() {}
            ),
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(errors[0].contains("not both"), "{errors:?}");
    }

    #[test]
    fn handler_errors_are_reported() {
        let errors = errors(
            quote!(),
            quote!(
                fn home(&self) {}
            ),
        );
        assert_eq!(errors.len(), 2, "{errors:?}");
    }
}
