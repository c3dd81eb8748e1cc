//! What a macro emits when the input is wrong: the user's item unchanged, plus the errors.
//!
//! Keeping the item means the rest of the crate (a `Router` that names the handler) sees no
//! follow-on errors. The build still fails, so no unprotected handler can ship.

use proc_macro2::TokenStream;
use quote::quote;

/// The original item tokens followed by one `compile_error!` per error.
pub(crate) fn item_with_errors(item: &TokenStream, error: &syn::Error) -> TokenStream {
    let errors = error.to_compile_error();
    quote! {
        #item
        #errors
    }
}
