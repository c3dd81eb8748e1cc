//! The table as written.

use syn::{Ident, LitStr};

use crate::spec::ast::SpecArgs;

/// All items of a `clerk_routes!` call.
#[derive(Default)]
pub(crate) struct Table {
    pub(crate) krate: Option<syn::Path>,
    pub(crate) items: Vec<Item>,
}

/// One `;`-terminated item.
pub(crate) enum Item {
    /// `default => spec;`
    Default { keyword: Ident, args: SpecArgs },
    /// `public "/a", "/b";`
    Public {
        keyword: Ident,
        patterns: Vec<LitStr>,
    },
    /// `"/a", "/b" => spec;`
    Rule {
        patterns: Vec<LitStr>,
        args: SpecArgs,
    },
}
