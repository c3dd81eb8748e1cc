//! The protection grammar shared by `#[protect(…)]` and the rules of `clerk_routes!`:
//! `signed_in`, `role`, `permission`, `feature`, `plan`, `reverification`,
//! `unauthenticated_url`, `unauthorized_url` and (for `#[protect]`) `crate`.
//!
//! `keys` is the one table of these keys (name, value, grammar, `Requirement` constructor,
//! messages), `ast` is the syntax as written, `parse` reads it, `validate` checks every literal against
//! the `clerk-syntax` grammars and builds the typed [`Spec`], and `expand` turns a `Spec` into
//! a `clerk_runtime::requirement::Protection` expression.

pub(crate) mod ast;
pub(crate) mod expand;
pub(crate) mod keys;
pub(crate) mod parse;
pub(crate) mod validate;

pub(crate) use validate::{Req, Spec};
