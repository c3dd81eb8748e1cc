//! A light view of the handler: attributes, visibility, signature, and the body as opaque
//! tokens (never reparsed, so its spans and contents reach rustc untouched).

use proc_macro2::TokenStream;
use syn::parse::{ParseStream, Parser as _};
use syn::{Attribute, Signature, Token, Visibility};

/// The annotated function.
pub(crate) struct Handler {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// `{ … }` as written.
    pub(crate) body: TokenStream,
}

impl Handler {
    /// Parses the item `#[<attribute>]` was put on.
    pub(crate) fn parse_for(attribute: &str, item: TokenStream) -> syn::Result<Self> {
        (|input: ParseStream<'_>| parse(attribute, input)).parse2(item)
    }
}

fn parse(attribute: &str, input: ParseStream<'_>) -> syn::Result<Handler> {
    let attrs = input.call(Attribute::parse_outer)?;
    let vis: Visibility = input.parse()?;
    let ahead = input.fork();
    let _ = ahead.parse::<Option<Token![const]>>();
    let _ = ahead.parse::<Option<Token![async]>>();
    let _ = ahead.parse::<Option<Token![unsafe]>>();
    let _ = ahead.parse::<Option<syn::Abi>>();
    if !ahead.peek(Token![fn]) {
        return Err(input.error(if attribute == "protect" {
            "`#[protect]` applies to `async fn` handlers only; to protect routes of a router, use `clerk_routes!`"
        } else {
            "`#[public]` applies to `async fn` handlers only"
        }));
    }
    let sig: Signature = input.parse()?;
    if !input.peek(syn::token::Brace) {
        return Err(input.error("expected the handler's body `{ … }`"));
    }
    let body: proc_macro2::TokenTree = input.parse()?;
    Ok(Handler {
        attrs,
        vis,
        sig,
        body: body.into(),
    })
}
