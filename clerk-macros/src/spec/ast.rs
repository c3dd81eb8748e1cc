//! The protection arguments as written, with the user's spans.

use proc_macro2::Span;
use syn::{Ident, LitStr};

use super::keys::ProtectKey;

/// `key = value, …` as written.
pub(crate) struct SpecArgs {
    pub(crate) entries: Vec<Entry>,
}

/// One `key` or `key = value`.
pub(crate) struct Entry {
    /// The key as written.
    pub(crate) key: Ident,
    /// Which key it is; `None` for an unknown key (already reported).
    pub(crate) kind: Option<ProtectKey>,
    pub(crate) value: Value,
}

/// The value of an entry.
pub(crate) enum Value {
    /// `signed_in`
    Flag,
    /// `crate = path`
    Path(syn::Path),
    /// `"a" | ("b" & "c")`
    Expr(KeyExpr),
    /// The value of an unknown key, already reported.
    Skipped,
}

/// A key expression: literals joined by `|` (any of) or `&` (all of), with parentheses.
pub(crate) enum KeyExpr {
    Lit(LitStr),
    Group {
        op: Op,
        /// The span of each operator token, for errors about the operator.
        op_spans: Vec<Span>,
        items: Vec<KeyExpr>,
    },
}

/// The operator of a [`KeyExpr::Group`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Op {
    /// `|`
    Any,
    /// `&`
    All,
}

impl Op {
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Self::Any => "|",
            Self::All => "&",
        }
    }
}

impl KeyExpr {
    /// The literal, if the expression is a single one.
    pub(crate) fn as_lit(&self) -> Option<&LitStr> {
        match self {
            Self::Lit(lit) => Some(lit),
            Self::Group { .. } => None,
        }
    }

    /// The span of the first operator, if any.
    pub(crate) fn first_op_span(&self) -> Option<Span> {
        match self {
            Self::Lit(_) => None,
            Self::Group { op_spans, .. } => op_spans.first().copied(),
        }
    }
}
