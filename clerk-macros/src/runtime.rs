//! The path generated code uses to reach `clerk_runtime::__private`.

use proc_macro2::{Span, TokenStream};
use quote::{ToTokens, quote};

/// `::clerk_runtime`, or the path given with `crate = …`.
#[derive(Clone)]
pub(crate) struct CratePath(Option<syn::Path>);

impl CratePath {
    pub(crate) fn new(path: Option<syn::Path>) -> Self {
        Self(path)
    }

    /// `<crate>::__private`
    pub(crate) fn private(&self) -> TokenStream {
        if let Some(path) = &self.0 {
            quote!(#path::__private)
        } else {
            let krate = syn::Ident::new("clerk_runtime", Span::call_site());
            quote!(::#krate::__private)
        }
    }
}

impl ToTokens for CratePath {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.extend(self.private());
    }
}
