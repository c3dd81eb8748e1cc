//! Reads the table item by item. Each `;`-terminated item is parsed on its own, so a syntax
//! error in one item is recorded and the next items are still checked.

use proc_macro2::{TokenStream, TokenTree};
use syn::parse::{ParseStream, Parser as _};
use syn::{Ident, LitStr, Token};

use super::ast::{Item, Table};
use crate::ctxt::Ctxt;
use crate::kw;
use crate::spec::parse::parse_args;

const EXPECTED_ITEM: &str = "expected a rule `\"/path\", … => requirement;`, `public \"/path\", …;` or `default => requirement;`";

/// Parses every item of the table; problems go to `cx`.
pub(crate) fn parse_table(cx: &Ctxt, input: TokenStream) -> Table {
    let mut table = Table::default();
    for (index, tokens) in split_items(input).into_iter().enumerate() {
        let parsed =
            (|input: ParseStream<'_>| parse_item(cx, input, index, &mut table)).parse2(tokens);
        if let Err(error) = parsed {
            cx.push(error);
        }
    }
    table
}

/// The token lists between top-level `;`.
fn split_items(input: TokenStream) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut current = Vec::new();
    for tree in input {
        if matches!(&tree, TokenTree::Punct(p) if p.as_char() == ';') {
            items.push(current.drain(..).collect());
        } else {
            current.push(tree);
        }
    }
    if !current.is_empty() {
        items.push(current.into_iter().collect());
    }
    items
}

fn parse_item(
    cx: &Ctxt,
    input: ParseStream<'_>,
    index: usize,
    table: &mut Table,
) -> syn::Result<()> {
    if input.is_empty() {
        return Err(input.error("empty item; remove the extra `;`"));
    }
    if input.peek(Token![crate]) {
        let keyword: Token![crate] = input.parse()?;
        input.parse::<Token![=]>()?;
        let path = input.call(syn::Path::parse_mod_style)?;
        if index != 0 || table.krate.is_some() {
            return Err(syn::Error::new(
                keyword.span,
                "`crate = …` must be the first item of the table",
            ));
        }
        table.krate = Some(path);
        return expect_end(input);
    }
    if input.peek(LitStr) {
        let patterns = parse_patterns(input)?;
        if !input.peek(Token![=>]) {
            return Err(input.error("expected `=>` after the patterns, then the requirement"));
        }
        let arrow = input.parse::<Token![=>]>()?.spans[0];
        if input.is_empty() {
            return Err(syn::Error::new(
                arrow,
                "expected `signed_in` or a requirement after `=>`",
            ));
        }
        let args = parse_args(cx, input)?;
        table.items.push(Item::Rule { patterns, args });
        return Ok(());
    }
    if input.peek(Ident) {
        let keyword: Ident = input.parse()?;
        match keyword.to_string().as_str() {
            kw::DEFAULT => {
                input.parse::<Token![=>]>()?;
                if input.is_empty() {
                    return Err(syn::Error::new(
                        keyword.span(),
                        "expected `signed_in` or a requirement after `default =>`",
                    ));
                }
                let args = parse_args(cx, input)?;
                table.items.push(Item::Default { keyword, args });
                return Ok(());
            }
            kw::PUBLIC => {
                let patterns = parse_patterns(input)?;
                if input.peek(Token![=>]) {
                    return Err(input.error("public routes take no requirement; remove `=> …`"));
                }
                expect_end(input)?;
                table.items.push(Item::Public { keyword, patterns });
                return Ok(());
            }
            _ => return Err(syn::Error::new(keyword.span(), EXPECTED_ITEM)),
        }
    }
    Err(input.error(EXPECTED_ITEM))
}

/// `"/a", "/b"`
fn parse_patterns(input: ParseStream<'_>) -> syn::Result<Vec<LitStr>> {
    let mut patterns = Vec::new();
    loop {
        if !input.peek(LitStr) {
            return Err(
                input.error("expected a route pattern in double quotes, e.g. `\"/dashboard(.*)\"`")
            );
        }
        patterns.push(input.parse()?);
        if !input.peek(Token![,]) {
            return Ok(patterns);
        }
        input.parse::<Token![,]>()?;
    }
}

fn expect_end(input: ParseStream<'_>) -> syn::Result<()> {
    if input.is_empty() {
        Ok(())
    } else {
        Err(input.error("expected `;`"))
    }
}
