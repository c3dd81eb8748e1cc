//! How a [`GuardedRouter`](super::GuardedRouter) knows its routes are guarded: by each handler
//! ([`ByHandlers`]) or by a route table whose default protects every path ([`ByTable`]).

use std::fmt;

use axum::Router;

use crate::ClerkLayer;
use crate::middleware::RouteTableError;
use crate::requirement::{RouteDefault, RouteTable};

/// Every handler is `#[protect]`ed or `#[public]`, checked at compile time. The default state
/// of a [`GuardedRouter`](super::GuardedRouter).
#[derive(Clone, Copy, Debug, Default)]
pub struct ByHandlers;

/// A `clerk_routes!` table whose `default` protects every path covers the router: the router
/// installs its [`ClerkLayer`] around everything it holds, so it takes any handler. Made by
/// [`GuardedRouter::covered_by`](super::GuardedRouter::covered_by).
#[derive(Clone, Debug)]
pub struct ByTable {
    layer: ClerkLayer,
}

/// Why a table cannot cover a router.
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    /// The table has no `default`: every path no rule names is public, so it covers nothing
    /// by itself.
    #[error(
        "route table {rules:?} has no protecting `default`, so paths no rule names are public: \
         add `default => signed_in;` (and `public \"/path\", …;` for the public routes), or \
         build the router with `GuardedRouter::new()` and guard each handler with `#[protect]` \
         or `#[public]`"
    )]
    PublicDefault {
        /// The patterns of the table's rules.
        rules: Vec<&'static [&'static str]>,
    },
    /// The table cannot be used.
    #[error(transparent)]
    Table(#[from] RouteTableError),
}

impl ByTable {
    /// `layer` protecting with `table`, when the table's default protects every path.
    pub(super) fn new(
        layer: ClerkLayer,
        table: &'static RouteTable,
    ) -> Result<Self, CoverageError> {
        match table.default {
            RouteDefault::SignedIn { .. } => Ok(Self {
                layer: layer.routes(table)?,
            }),
            RouteDefault::Public => Err(CoverageError::PublicDefault {
                rules: table.rules.iter().map(|rule| rule.patterns).collect(),
            }),
        }
    }

    /// The layer, with the table.
    pub(super) fn layer(&self) -> &ClerkLayer {
        &self.layer
    }
}

/// What a [`GuardedRouter`](super::GuardedRouter) does when it becomes an axum `Router`.
pub trait Coverage: sealed::Sealed + fmt::Debug {
    /// `router`, with whatever guards it.
    #[doc(hidden)]
    fn finish<S>(self, router: Router<S>) -> Router<S>
    where
        S: Clone + Send + Sync + 'static;
}

impl Coverage for ByHandlers {
    fn finish<S>(self, router: Router<S>) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        router
    }
}

impl Coverage for ByTable {
    fn finish<S>(self, router: Router<S>) -> Router<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        router.layer(self.layer)
    }
}

pub(super) mod sealed {
    /// Keeps [`Coverage`](super::Coverage) to the two states above.
    pub trait Sealed {}
    impl Sealed for super::ByHandlers {}
    impl Sealed for super::ByTable {}
}
