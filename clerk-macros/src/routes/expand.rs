//! The table as a `RouteTable` value, built in `const` context so it can initialise a
//! `static` or `const` and costs nothing at start-up beyond building the matcher.

use proc_macro2::TokenStream;
use quote::quote;

use super::validate::{Checked, Pattern};
use crate::runtime::CratePath;
use crate::spec::Spec;
use crate::spec::expand::protection;
use crate::warn;

pub(crate) fn expand(checked: &Checked) -> TokenStream {
    let krate = CratePath::new(checked.krate.clone());
    let p = krate.private();
    let rules = checked
        .rules
        .iter()
        .map(|rule| route_rule(&rule.patterns, &protection(&rule.spec, &krate), &p));
    let default = match &checked.default {
        None => quote!(#p::RouteDefault::Public),
        Some(spec) => {
            let public = route_rule(&checked.public, &protection(&Spec::default(), &krate), &p);
            let protection = protection(spec, &krate);
            quote!(#p::RouteDefault::SignedIn { public: #public, protection: #protection })
        }
    };
    let warnings = warn::items(&checked.warnings, &[]);
    quote! {
        {
            #warnings
            const {
                #p::RouteTable {
                    rules: &[#(#rules),*],
                    default: #default,
                }
            }
        }
    }
}

/// The errors, plus an empty table of the right type so that the surrounding `static` shows
/// no follow-on error.
pub(crate) fn fallback(checked: &Checked, error: &syn::Error) -> TokenStream {
    let p = CratePath::new(checked.krate.clone()).private();
    let errors = error.to_compile_error();
    quote! {
        {
            #errors
            const {
                #p::RouteTable {
                    rules: &[],
                    default: #p::RouteDefault::Public,
                }
            }
        }
    }
}

fn route_rule(patterns: &[Pattern], protection: &TokenStream, p: &TokenStream) -> TokenStream {
    let lits = patterns.iter().map(|pattern| &pattern.lit);
    let regexes = patterns.iter().map(|pattern| &pattern.regex);
    quote! {
        #p::RouteRule {
            patterns: &[#(#lits),*],
            regexes: &[#(#regexes),*],
            protection: #protection,
        }
    }
}
