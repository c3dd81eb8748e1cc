//! `clerk_routes!`: a route table in Clerk's `createRouteMatcher` pattern syntax, validated at
//! compile time, expanded to a `clerk_runtime::requirement::RouteTable` value.

mod ast;
mod expand;
mod parse;
mod pattern;
mod validate;

use proc_macro2::TokenStream;

use crate::ctxt::Ctxt;

/// Expands `clerk_routes! { … }`.
pub(crate) fn expand(input: TokenStream) -> TokenStream {
    let cx = Ctxt::new();
    let table = parse::parse_table(&cx, input);
    let checked = validate::check(&cx, &table);
    match cx.check() {
        Ok(()) => expand::expand(&checked),
        Err(error) => expand::fallback(&checked, &error),
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn errors(input: TokenStream) -> Vec<String> {
        let cx = Ctxt::new();
        let table = parse::parse_table(&cx, input);
        let _ = validate::check(&cx, &table);
        match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        }
    }

    #[test]
    fn a_valid_table_has_no_errors() {
        let errors = errors(quote! {
            default => signed_in, unauthenticated_url = "https://example.com/sign-in";
            public "/sign-in/:path*", "/sign-up/:path*";
            "/admin(.*)" => permission = "org:sys_memberships:manage" | "org:invoices:manage";
            "/billing(.*)", "/plans" => plan = "pro", unauthorized_url = "https://example.com/pricing";
        });
        assert!(errors.is_empty(), "{errors:?}");
    }

    #[test]
    fn every_error_of_a_table_is_reported() {
        let errors = errors(quote! {
            "/admin(.*)" => role = "admin_role";
            "/admin(.*)" => signed_in;
            public "/sign-in(.*)";
            "/x" => ;
            "/y" role = "org:admin";
            "/z" => feature = "lol:beta";
        });
        let expected = [
            "role key `admin_role` is missing the `org:` prefix",
            "duplicate pattern `/admin(.*)`: already listed in rule 1",
            "`public` routes need a `default => …` rule",
            "expected `signed_in` or a requirement after `=>`",
            "expected `=>` after the patterns",
            "unknown scope `lol`",
        ];
        let mut missing: Vec<&str> = expected
            .iter()
            .copied()
            .filter(|e| !errors.iter().any(|got| got.contains(e)))
            .collect();
        missing.sort_unstable();
        assert!(missing.is_empty(), "missing {missing:?} in {errors:?}");
        assert_eq!(errors.len(), expected.len(), "{errors:?}");
    }

    #[test]
    fn the_output_is_a_route_table_expression() {
        let out = expand(quote! { "/dashboard(.*)" => signed_in; }).to_string();
        assert!(out.contains("RouteTable"), "{out}");
        assert!(out.contains("RouteDefault :: Public"), "{out}");
        assert!(!out.contains("compile_error"), "{out}");
    }
}
