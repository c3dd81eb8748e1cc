//! Checks protection arguments and builds the typed [`Spec`]: every literal goes through the
//! `clerk-syntax` key grammars, every problem is recorded in the [`Ctxt`] at the smallest
//! token that is wrong.

use std::collections::HashMap;

use clerk_syntax::keys::ReverificationLevel;
use proc_macro2::Span;
use syn::LitStr;

use super::ast::{KeyExpr, Op, SpecArgs, Value};
use super::keys::{KeyGrammar, ProtectKey, Takes};
use crate::ctxt::Ctxt;
use crate::url;
use crate::warn::Warning;

/// What a handler or rule requires, validated.
#[derive(Default)]
pub(crate) struct Spec {
    pub(crate) requirement: Option<Req>,
    pub(crate) unauthenticated_url: Option<LitStr>,
    pub(crate) unauthorized_url: Option<LitStr>,
    pub(crate) krate: Option<syn::Path>,
    pub(crate) warnings: Vec<Warning>,
}

/// A validated requirement tree.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Req {
    Leaf(Leaf),
    Reverification(ReverificationLevel),
    All(Vec<Req>),
    Any(Vec<Req>),
}

/// One checked `has()` key.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Leaf {
    /// The `Requirement` constructor that checks it (from the key's row in the table).
    pub(crate) ctor: &'static str,
    /// The key's value, as written.
    pub(crate) value: String,
}

/// Where the arguments come from, for the messages that differ.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Site {
    /// `#[protect(…)]`
    Attribute,
    /// A `clerk_routes!` rule.
    Rule,
}

/// Validates `args`; problems go to `cx`, the result holds whatever was valid.
pub(crate) fn validate(cx: &Ctxt, args: &SpecArgs, site: Site) -> Spec {
    let mut spec = Spec::default();
    let mut seen: HashMap<String, Span> = HashMap::new();
    let mut requirements = Vec::new();
    let mut signed_in: Option<Span> = None;
    let mut unauthorized_key: Option<Span> = None;
    for entry in &args.entries {
        let Some(key) = entry.kind else { continue };
        let name = key.name();
        let span = entry.key.span();
        if matches!(entry.value, Value::Skipped) {
            continue;
        }
        if seen.insert(name.to_owned(), span).is_some() {
            let hint = if matches!(key.takes(), Takes::Keys(_)) {
                "; combine the keys in one expression with `|` (any of) or `&` (all of)"
            } else {
                ""
            };
            cx.error_at(span, format!("`{name}` is given more than once{hint}"));
            continue;
        }
        match (&entry.value, key.takes()) {
            (Value::Flag, _) => signed_in = Some(span),
            (Value::Path(path), _) => {
                if site == Site::Rule {
                    cx.error_at(
                        span,
                        "`crate = …` is not a rule key; write `crate = path;` once, as the first item of the table",
                    );
                } else {
                    spec.krate = Some(path.clone());
                }
            }
            (Value::Expr(expr), Takes::Keys(grammar)) => {
                if let Some((op, message)) = grammar.never {
                    reject_op(cx, expr, op, message);
                }
                requirements.extend(keys(cx, expr, grammar, &mut spec.warnings));
            }
            (Value::Expr(expr), Takes::Level) => {
                if let Some(lit) = single(cx, expr, name) {
                    match ReverificationLevel::parse(&lit.value()) {
                        Ok(level) => requirements.push(Req::Reverification(level)),
                        Err(error) => cx.error_spanned_by(lit, error),
                    }
                }
            }
            (Value::Expr(expr), Takes::Url) => {
                if let Some(lit) = single(cx, expr, name) {
                    match url::check(name, &lit.value()) {
                        Ok(()) if key == ProtectKey::UnauthenticatedUrl => {
                            spec.unauthenticated_url = Some(lit.clone());
                        }
                        Ok(()) => {
                            spec.unauthorized_url = Some(lit.clone());
                            unauthorized_key = Some(span);
                        }
                        Err(message) => cx.error_spanned_by(lit, message),
                    }
                }
            }
            (Value::Expr(_) | Value::Skipped, _) => {}
        }
    }
    check_combinations(cx, args, signed_in, unauthorized_key);
    spec.requirement = match requirements.len() {
        0 => None,
        1 => requirements.pop(),
        _ => Some(Req::All(requirements)),
    };
    spec
}

/// `signed_in` with requirements, `unauthorized_url` without one.
fn check_combinations(
    cx: &Ctxt,
    args: &SpecArgs,
    signed_in: Option<Span>,
    unauthorized_key: Option<Span>,
) {
    let has_requirement = args
        .entries
        .iter()
        .any(|e| e.kind.is_some_and(ProtectKey::is_requirement));
    if let (Some(span), true) = (signed_in, has_requirement) {
        cx.error_at(
            span,
            "`signed_in` can't be combined with requirements: every requirement already needs a signed-in user",
        );
    }
    if let (Some(span), false) = (unauthorized_key, has_requirement) {
        cx.error_at(
            span,
            "`unauthorized_url` never applies without a requirement (a signed-in user always passes); add `role`, `permission`, `feature`, `plan` or `reverification`, or remove it",
        );
    }
}

/// Records an error at every operator `op` in `expr`.
fn reject_op(cx: &Ctxt, expr: &KeyExpr, op: Op, message: &str) {
    if let KeyExpr::Group {
        op: this,
        op_spans,
        items,
    } = expr
    {
        if *this == op {
            cx.error_at(op_spans[0], message);
        }
        for item in items {
            reject_op(cx, item, op, message);
        }
    }
}

/// The expression as one literal, or an error at its first operator.
fn single<'a>(cx: &Ctxt, expr: &'a KeyExpr, key: &str) -> Option<&'a LitStr> {
    let lit = expr.as_lit();
    if lit.is_none()
        && let Some(span) = expr.first_op_span()
    {
        cx.error_at(
            span,
            format!("`{key}` takes a single value, not an expression"),
        );
    }
    lit
}

/// Validates every literal of `expr` with `grammar`; `None` if any is malformed.
fn keys(
    cx: &Ctxt,
    expr: &KeyExpr,
    grammar: KeyGrammar,
    warnings: &mut Vec<Warning>,
) -> Option<Req> {
    match expr {
        KeyExpr::Lit(lit) => {
            let value = lit.value();
            match (grammar.check)(&value) {
                Ok(warn) => {
                    if warn {
                        warnings.push(system_permission_warning(lit));
                    }
                    Some(Req::Leaf(Leaf {
                        ctor: grammar.ctor,
                        value,
                    }))
                }
                Err(error) => {
                    cx.error_spanned_by(lit, error);
                    None
                }
            }
        }
        KeyExpr::Group { op, items, .. } => {
            let children: Vec<Option<Req>> = items
                .iter()
                .map(|item| keys(cx, item, grammar, warnings))
                .collect();
            let children: Option<Vec<Req>> = children.into_iter().collect();
            let children = children?;
            Some(match op {
                Op::Any => Req::Any(children),
                Op::All => Req::All(children),
            })
        }
    }
}

fn system_permission_warning(lit: &LitStr) -> Warning {
    Warning {
        span: lit.span(),
        name: "clerk_system_permission",
        message: format!(
            "`{}` is a Clerk system permission, and Clerk never puts system permissions in session tokens: this check only passes for tokens minted by hand (add `#[allow(deprecated)]` to keep it)",
            lit.value()
        ),
    }
}

#[cfg(test)]
mod tests {
    use syn::parse::{ParseStream, Parser as _};

    use super::*;
    use crate::spec::parse::parse_args;

    fn run(tokens: proc_macro2::TokenStream, site: Site) -> (Spec, Vec<String>) {
        let cx = Ctxt::new();
        let args = (|input: ParseStream<'_>| parse_args(&cx, input))
            .parse2(tokens)
            .unwrap();
        let spec = validate(&cx, &args, site);
        let errors = match cx.check() {
            Ok(()) => Vec::new(),
            Err(e) => e.into_iter().map(|e| e.to_string()).collect(),
        };
        (spec, errors)
    }

    fn leaf(key: ProtectKey, value: &str) -> Req {
        let Takes::Keys(grammar) = key.takes() else {
            panic!("{key:?} takes no has() keys");
        };
        Req::Leaf(Leaf {
            ctor: grammar.ctor,
            value: value.to_owned(),
        })
    }

    #[test]
    fn several_keys_combine_with_and() {
        let (spec, errors) = run(
            syn::parse_quote!(
                role = "org:admin" | "admin",
                permission = "org:a:b" & ("org:c:d" | "org:e:f"),
                plan = "pro",
                reverification = "strict"
            ),
            Site::Attribute,
        );
        assert!(errors.is_empty(), "{errors:?}");
        assert_eq!(
            spec.requirement,
            Some(Req::All(vec![
                Req::Any(vec![
                    leaf(ProtectKey::Role, "org:admin"),
                    leaf(ProtectKey::Role, "admin")
                ]),
                Req::All(vec![
                    leaf(ProtectKey::Permission, "org:a:b"),
                    Req::Any(vec![
                        leaf(ProtectKey::Permission, "org:c:d"),
                        leaf(ProtectKey::Permission, "org:e:f")
                    ]),
                ]),
                leaf(ProtectKey::Plan, "pro"),
                Req::Reverification(ReverificationLevel::Strict),
            ]))
        );
    }

    #[test]
    fn the_design_typo_is_one_error_with_the_suggestion() {
        let (_, errors) = run(
            syn::parse_quote!(permission = "org:sys_memberships:manage" | "org:sys_domains_manage"),
            Site::Attribute,
        );
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].ends_with("did you mean `org:sys_domains:manage`?"),
            "{errors:?}"
        );
    }

    #[test]
    fn system_permissions_warn() {
        let (spec, errors) = run(
            syn::parse_quote!(permission = "org:sys_memberships:manage" | "org:invoices:read"),
            Site::Attribute,
        );
        assert!(errors.is_empty());
        assert_eq!(spec.warnings.len(), 1);
        assert!(
            spec.warnings[0]
                .message
                .starts_with("`org:sys_memberships:manage` is a Clerk system permission")
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let (_, errors) = run(
            syn::parse_quote!(
                signed_in,
                role = "org:admin" & "org:owner",
                feature = "lol:beta",
                reverification = "strict" | "lax",
                unauthenticated_url = "/login",
                role = "org:x",
                crate = foo
            ),
            Site::Rule,
        );
        let expected = [
            "`&` between roles never holds",
            "unknown scope `lol`",
            "`reverification` takes a single value",
            "relative URL `/login`",
            "`role` is given more than once",
            "`crate = …` is not a rule key",
            "`signed_in` can't be combined",
        ];
        assert_eq!(errors.len(), expected.len(), "{errors:?}");
        for (error, expected) in errors.iter().zip(expected) {
            assert!(
                error.contains(expected),
                "{error} should contain {expected}"
            );
        }
    }

    #[test]
    fn unauthorized_url_needs_a_requirement() {
        let (_, errors) = run(
            syn::parse_quote!(unauthorized_url = "https://example.com/denied"),
            Site::Attribute,
        );
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("`unauthorized_url` never applies"));
        let (spec, errors) = run(
            syn::parse_quote!(unauthenticated_url = "https://example.com/login"),
            Site::Attribute,
        );
        assert!(errors.is_empty());
        assert!(spec.requirement.is_none());
        assert!(spec.unauthenticated_url.is_some());
    }
}
