//! Compiler warnings from a proc macro on stable Rust.
//!
//! Each warning is a hidden `#[deprecated(note = "…")]` constant used once, at the span of the
//! literal it is about. rustc then reports "use of deprecated constant" with the note, at the
//! literal. Users silence it like any lint: `#[allow(deprecated)]` on the handler, the module
//! or the crate.

use proc_macro2::{Span, TokenStream};
use quote::{quote, quote_spanned};

/// A warning to attach to a span of the user's input.
#[derive(Clone)]
pub(crate) struct Warning {
    /// Where rustc points.
    pub(crate) span: Span,
    /// Name of the hidden constant: the first words rustc prints.
    pub(crate) name: &'static str,
    /// The note.
    pub(crate) message: String,
}

/// One `const _: () = { … };` item per warning, carrying `allows` (the lint attributes the
/// user put on the annotated item).
pub(crate) fn items(warnings: &[Warning], allows: &[&syn::Attribute]) -> TokenStream {
    warnings
        .iter()
        .map(|warning| {
            let name = syn::Ident::new(warning.name, Span::call_site());
            let used = syn::Ident::new(warning.name, warning.span);
            let message = &warning.message;
            let usage = quote_spanned!(warning.span=> #used);
            quote! {
                #(#allows)*
                const _: () = {
                    #[deprecated(note = #message)]
                    #[allow(non_upper_case_globals)]
                    const #name: () = ();
                    #usage
                };
            }
        })
        .collect()
}
