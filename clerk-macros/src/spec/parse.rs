//! Reads `key = value, …`. Syntax errors are returned; an unknown key is recorded in the
//! [`Ctxt`] and skipped, so the other keys are still checked.

use clerk_syntax::suggest::distance;
use proc_macro2::TokenTree;
use syn::ext::IdentExt as _;
use syn::parse::ParseStream;
use syn::{Ident, LitStr, Token, parenthesized};

use super::ast::{Entry, KeyExpr, Op, SpecArgs, Value};
use super::keys::{ProtectKey, Takes};
use crate::ctxt::Ctxt;

/// Parses the whole of `input` as protection arguments.
pub(crate) fn parse_args(cx: &Ctxt, input: ParseStream<'_>) -> syn::Result<SpecArgs> {
    let mut entries = Vec::new();
    while !input.is_empty() {
        let ident = Ident::parse_any(input)?;
        let name = ident.to_string();
        let key = ProtectKey::from_name(&name);
        let value = if let Some(key) = key {
            parse_value(input, key, &ident)?
        } else {
            cx.error_at(ident.span(), unknown_key_message(&name));
            skip_value(input)?;
            Value::Skipped
        };
        entries.push(Entry {
            key: ident,
            kind: key,
            value,
        });
        if input.is_empty() {
            break;
        }
        if input.peek(Token![;]) {
            return Err(input.error("expected `,` between keys"));
        }
        input.parse::<Token![,]>()?;
    }
    Ok(SpecArgs { entries })
}

/// The value of a known key, from the `=` on.
fn parse_value(input: ParseStream<'_>, key: ProtectKey, ident: &Ident) -> syn::Result<Value> {
    let name = key.name();
    Ok(match key.takes() {
        Takes::Nothing => {
            if input.peek(Token![=]) {
                return Err(input.error(format!("`{name}` takes no value")));
            }
            Value::Flag
        }
        Takes::Path => {
            input.parse::<Token![=]>()?;
            Value::Path(input.call(syn::Path::parse_mod_style)?)
        }
        Takes::Keys(_) | Takes::Level | Takes::Url => {
            if !input.peek(Token![=]) {
                return Err(syn::Error::new(
                    ident.span(),
                    format!("expected `{name} = {}`", key.example()),
                ));
            }
            input.parse::<Token![=]>()?;
            Value::Expr(parse_expr(input, key)?)
        }
    })
}

fn unknown_key_message(name: &str) -> String {
    let listed = ProtectKey::ALL
        .iter()
        .map(|k| format!("`{}`", k.name()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut message = format!("unknown key `{name}`; expected one of {listed}");
    if let Some(close) = ProtectKey::ALL
        .iter()
        .map(|k| k.name())
        .find(|k| k.starts_with(name) || name.starts_with(*k) || distance(name, k) <= 2)
    {
        message = format!("{message}; did you mean `{close}`?");
    }
    message
}

fn skip_value(input: ParseStream<'_>) -> syn::Result<()> {
    while !input.is_empty() && !input.peek(Token![,]) {
        input.parse::<TokenTree>()?;
    }
    Ok(())
}

/// `primary (op primary)*` with a single kind of operator per level.
fn parse_expr(input: ParseStream<'_>, key: ProtectKey) -> syn::Result<KeyExpr> {
    let first = parse_primary(input, key)?;
    let mut op: Option<Op> = None;
    let mut op_spans = Vec::new();
    let mut items = vec![first];
    loop {
        if input.peek(Token![||]) || input.peek(Token![&&]) {
            let (written, meant) = if input.peek(Token![||]) {
                ("||", "|")
            } else {
                ("&&", "&")
            };
            return Err(input.error(format!("write `{meant}`, not `{written}`, between keys")));
        }
        let (this, span) = if input.peek(Token![|]) {
            (Op::Any, input.parse::<Token![|]>()?.span)
        } else if input.peek(Token![&]) {
            (Op::All, input.parse::<Token![&]>()?.span)
        } else {
            break;
        };
        if let Some(previous) = op
            && previous != this
        {
            return Err(syn::Error::new(
                span,
                format!(
                    "`{}` and `{}` can't be mixed without parentheses; group them, e.g. `(\"a\" & \"b\") | \"c\"`",
                    previous.symbol(),
                    this.symbol()
                ),
            ));
        }
        op = Some(this);
        op_spans.push(span);
        items.push(parse_primary(input, key)?);
    }
    Ok(match op {
        None => items.pop().expect("one item"),
        Some(op) => KeyExpr::Group {
            op,
            op_spans,
            items,
        },
    })
}

fn parse_primary(input: ParseStream<'_>, key: ProtectKey) -> syn::Result<KeyExpr> {
    if input.peek(LitStr) {
        return Ok(KeyExpr::Lit(input.parse()?));
    }
    if input.peek(syn::token::Paren) {
        let content;
        parenthesized!(content in input);
        let inner = parse_expr(&content, key)?;
        if !content.is_empty() {
            return Err(content.error("expected `|`, `&` or `)`"));
        }
        return Ok(inner);
    }
    Err(input.error(format!(
        "expected a {} in double quotes, e.g. `{} = {}`",
        key.value_noun(),
        key.name(),
        key.example()
    )))
}

#[cfg(test)]
mod tests {
    use syn::parse::Parser as _;

    use super::*;

    fn parse(tokens: proc_macro2::TokenStream) -> (syn::Result<SpecArgs>, syn::Result<()>) {
        let cx = Ctxt::new();
        let parsed = (|input: ParseStream<'_>| parse_args(&cx, input)).parse2(tokens);
        (parsed, cx.check())
    }

    #[test]
    fn parses_every_key_form() {
        let (args, cx) = parse(syn::parse_quote! {
            signed_in, role = "org:admin" | "org:owner",
            permission = ("org:a:b" & "org:c:d") | "org:e:f",
            crate = ::my::clerk, unauthorized_url = "https://x.test"
        });
        cx.unwrap();
        let args = args.unwrap();
        let keys: Vec<String> = args.entries.iter().map(|e| e.key.to_string()).collect();
        assert_eq!(
            keys,
            [
                "signed_in",
                "role",
                "permission",
                "crate",
                "unauthorized_url"
            ]
        );
        let Value::Expr(KeyExpr::Group { op, items, .. }) = &args.entries[2].value else {
            panic!("permission is a group");
        };
        assert_eq!(*op, Op::Any);
        assert!(matches!(&items[0], KeyExpr::Group { op: Op::All, items, .. } if items.len() == 2));
    }

    #[test]
    fn mixing_operators_needs_parentheses() {
        let (args, _) = parse(syn::parse_quote!(permission = "a" | "b" & "c"));
        let message = args.err().unwrap().to_string();
        assert!(
            message.contains("can't be mixed without parentheses"),
            "{message}"
        );
    }

    #[test]
    fn double_operators_are_explained() {
        let (args, _) = parse(syn::parse_quote!(permission = "a" || "b"));
        assert_eq!(
            args.err().unwrap().to_string(),
            "write `|`, not `||`, between keys"
        );
    }

    #[test]
    fn unknown_keys_are_recorded_and_skipped() {
        let (args, cx) = parse(syn::parse_quote!(perm = "a" | "b", role = "org:admin"));
        assert_eq!(args.unwrap().entries.len(), 2);
        let message = cx.unwrap_err().to_string();
        assert!(message.starts_with("unknown key `perm`"), "{message}");
        assert!(message.ends_with("did you mean `permission`?"), "{message}");
    }

    #[test]
    fn values_must_be_string_literals() {
        let (args, _) = parse(syn::parse_quote!(role = admin));
        assert_eq!(
            args.err().unwrap().to_string(),
            "expected a key in double quotes, e.g. `role = \"org:admin\"`"
        );
    }
}
