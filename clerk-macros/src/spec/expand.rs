//! A validated [`Spec`] as a `Protection` expression usable in `const` context.

use clerk_syntax::keys::ReverificationLevel;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use syn::LitStr;

use super::{Req, Spec};
use crate::runtime::CratePath;

/// `<private>::Protection { … }`
pub(crate) fn protection(spec: &Spec, krate: &CratePath) -> TokenStream {
    let p = krate.private();
    let requirement = spec.requirement.as_ref().map_or_else(
        || quote!(::core::option::Option::None),
        |req| {
            let req = requirement(req, &p);
            quote!(::core::option::Option::Some(#req))
        },
    );
    let url = |lit: &Option<LitStr>| {
        lit.as_ref().map_or_else(
            || quote!(::core::option::Option::None),
            |lit| quote!(::core::option::Option::Some(#p::Cow::Borrowed(#lit))),
        )
    };
    let unauthenticated_url = url(&spec.unauthenticated_url);
    let unauthorized_url = url(&spec.unauthorized_url);
    quote! {
        #p::Protection {
            requirement: #requirement,
            unauthenticated_url: #unauthenticated_url,
            unauthorized_url: #unauthorized_url,
        }
    }
}

fn requirement(req: &Req, p: &TokenStream) -> TokenStream {
    match req {
        Req::Leaf(leaf) => {
            let ctor = Ident::new(leaf.ctor, Span::call_site());
            let value = &leaf.value;
            quote!(#p::Requirement::#ctor(#value))
        }
        Req::Reverification(level) => {
            let variant = match level {
                ReverificationLevel::StrictMfa => quote!(StrictMfa),
                ReverificationLevel::Strict => quote!(Strict),
                ReverificationLevel::Moderate => quote!(Moderate),
                ReverificationLevel::Lax => quote!(Lax),
            };
            quote!(#p::Requirement::Reverification(#p::Reverification::#variant))
        }
        Req::All(items) | Req::Any(items) => {
            let variant = if matches!(req, Req::All(_)) {
                quote!(All)
            } else {
                quote!(Any)
            };
            let items = items.iter().map(|item| requirement(item, p));
            quote!(#p::Requirement::#variant(#p::Cow::Borrowed(&[#(#items),*])))
        }
    }
}
