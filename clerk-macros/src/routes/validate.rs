//! Checks across the table: every pattern parses, no pattern is listed twice, `public` comes
//! with a `default`, at most one `default`; and the warning for public patterns whose `(.*)`
//! also opens sibling paths. One named function per rule, all called from [`check`].

use proc_macro2::Span;
use syn::LitStr;

use super::ast::{Item, Table};
use super::pattern;
use crate::ctxt::Ctxt;
use crate::spec::Spec;
use crate::spec::validate::{Site, validate as validate_spec};
use crate::warn::Warning;

/// A validated pattern.
pub(crate) struct Pattern {
    pub(crate) lit: LitStr,
    pub(crate) regex: String,
}

/// A validated rule (or the public rule of a protect-everything table).
pub(crate) struct Rule {
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) spec: Spec,
}

/// The table, validated. With errors, it holds what was valid (for the fallback).
pub(crate) struct Checked {
    pub(crate) krate: Option<syn::Path>,
    pub(crate) rules: Vec<Rule>,
    /// `Some` in protect-everything mode: what every non-public path requires.
    pub(crate) default: Option<Spec>,
    pub(crate) public: Vec<Pattern>,
    pub(crate) warnings: Vec<Warning>,
}

/// Runs every check; problems go to `cx`.
pub(crate) fn check(cx: &Ctxt, table: &Table) -> Checked {
    let mut checked = Checked {
        krate: table.krate.clone(),
        rules: Vec::new(),
        default: None,
        public: Vec::new(),
        warnings: Vec::new(),
    };
    check_single_default(cx, table);
    check_public_has_default(cx, table);
    check_duplicate_patterns(cx, table);
    let has_default = table
        .items
        .iter()
        .any(|item| matches!(item, Item::Default { .. }));
    for item in &table.items {
        match item {
            Item::Default { args, .. } => {
                let spec = validate_spec(cx, args, Site::Rule);
                if checked.default.is_none() {
                    checked.default = Some(spec);
                }
            }
            Item::Public { patterns, .. } => {
                for lit in patterns {
                    if let Some(pattern) = check_pattern(cx, lit) {
                        if has_default {
                            warn_sibling_paths(&mut checked.warnings, lit);
                        }
                        checked.public.push(pattern);
                    }
                }
            }
            Item::Rule { patterns, args, .. } => {
                let spec = validate_spec(cx, args, Site::Rule);
                let patterns = patterns
                    .iter()
                    .filter_map(|lit| check_pattern(cx, lit))
                    .collect();
                checked.rules.push(Rule { patterns, spec });
            }
        }
    }
    for spec in checked
        .rules
        .iter_mut()
        .map(|rule| &mut rule.spec)
        .chain(checked.default.as_mut())
    {
        checked.warnings.append(&mut spec.warnings);
    }
    checked
}

fn check_pattern(cx: &Ctxt, lit: &LitStr) -> Option<Pattern> {
    match pattern::check(&lit.value()) {
        Ok(regex) => Some(Pattern {
            lit: lit.clone(),
            regex,
        }),
        Err(message) => {
            cx.error_spanned_by(lit, message);
            None
        }
    }
}

/// `default => …` at most once.
fn check_single_default(cx: &Ctxt, table: &Table) {
    let mut defaults = table.items.iter().filter_map(|item| match item {
        Item::Default { keyword, .. } => Some(keyword),
        _ => None,
    });
    let _first = defaults.next();
    for keyword in defaults {
        cx.error_at(
            keyword.span(),
            "`default` is given more than once; a table has one default",
        );
    }
}

/// `public` only makes sense when a `default` protects everything else.
fn check_public_has_default(cx: &Ctxt, table: &Table) {
    let has_default = table
        .items
        .iter()
        .any(|item| matches!(item, Item::Default { .. }));
    if has_default {
        return;
    }
    for item in &table.items {
        if let Item::Public { keyword, .. } = item {
            cx.error_at(
                keyword.span(),
                "`public` routes need a `default => …` rule (e.g. `default => signed_in;`); without one every route is already public, as in Clerk",
            );
        }
    }
}

/// Each pattern once per table. path-to-regexp matches case-insensitively, so patterns that
/// differ only in ASCII case are the same pattern.
fn check_duplicate_patterns(cx: &Ctxt, table: &Table) {
    let mut seen: Vec<(String, String, String)> = Vec::new();
    let mut rule = 0;
    for item in &table.items {
        let (patterns, place) = match item {
            Item::Rule { patterns, .. } => {
                rule += 1;
                (patterns, format!("rule {rule}"))
            }
            Item::Public { patterns, .. } => (patterns, "the public routes".to_owned()),
            Item::Default { .. } => continue,
        };
        for lit in patterns {
            let value = lit.value();
            let folded = value.to_ascii_lowercase();
            if let Some((first, _, first_place)) = seen.iter().find(|(_, f, _)| *f == folded) {
                let message = if *first == value {
                    format!("duplicate pattern `{value}`: already listed in {first_place}")
                } else {
                    format!(
                        "duplicate pattern `{value}`: Clerk matches case-insensitively, and `{first}` is already listed in {first_place}"
                    )
                };
                cx.error_spanned_by(lit, message);
            } else {
                seen.push((value, folded, place.clone()));
            }
        }
    }
}

/// A public `/sign-in(.*)` also opens `/sign-in-admin`: warn, and suggest the segment-safe
/// form.
fn warn_sibling_paths(warnings: &mut Vec<Warning>, lit: &LitStr) {
    if let Some(alternative) = pattern::segment_safe_alternative(&lit.value()) {
        warnings.push(sibling_warning(lit.span(), &lit.value(), &alternative));
    }
}

fn sibling_warning(span: Span, pattern: &str, alternative: &str) -> Warning {
    Warning {
        span,
        name: "clerk_public_pattern_opens_siblings",
        message: format!(
            "public pattern `{pattern}` also makes sibling paths public (its `(.*)` matches `{pattern_start}-anything` too); did you mean `{alternative}`?",
            pattern_start = pattern.split("(.*)").next().unwrap_or(pattern),
        ),
    }
}
