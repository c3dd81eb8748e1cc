//! A light view of the handler: attributes, visibility, signature, and the body as opaque
//! tokens (never reparsed, so its spans and contents reach rustc untouched).

use proc_macro2::TokenStream;
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Signature, Token, Visibility};

/// The annotated function.
pub(crate) struct Handler {
    pub(crate) attrs: Vec<Attribute>,
    pub(crate) vis: Visibility,
    pub(crate) sig: Signature,
    /// `{ … }` as written.
    pub(crate) body: TokenStream,
}

impl Parse for Handler {
    fn parse(input: ParseStream<'_>) -> syn::Result<Self> {
        let attrs = input.call(Attribute::parse_outer)?;
        let vis: Visibility = input.parse()?;
        let ahead = input.fork();
        let _ = ahead.parse::<Option<Token![const]>>();
        let _ = ahead.parse::<Option<Token![async]>>();
        let _ = ahead.parse::<Option<Token![unsafe]>>();
        let _ = ahead.parse::<Option<syn::Abi>>();
        if !ahead.peek(Token![fn]) {
            return Err(input.error(
                "`#[protect]` applies to `async fn` handlers only; to protect routes of a router, use `clerk_routes!`",
            ));
        }
        let sig: Signature = input.parse()?;
        if !input.peek(syn::token::Brace) {
            return Err(input.error("expected the handler's body `{ … }`"));
        }
        let body: proc_macro2::TokenTree = input.parse()?;
        Ok(Self {
            attrs,
            vis,
            sig,
            body: body.into(),
        })
    }
}
