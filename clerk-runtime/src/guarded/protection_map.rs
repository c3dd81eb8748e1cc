//! What a [`GuardedRouter`](super::GuardedRouter) knows about its routes for the protection
//! map: each path and method with the guard its handler declares, and the [`ClerkLayer`] added
//! to it, so the map shows the layer's route table and the routes together.

use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use axum::routing::MethodFilter;

use crate::ClerkLayer;
use crate::middleware::layer::protection_map::guard;
use crate::requirement::Protection;

/// Who may call a handler, as its attribute says.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub enum HandlerGuard {
    /// `#[public]`.
    Public,
    /// `#[protect(…)]`, with what it requires.
    Protected(Protection),
}

/// What guards one route (one path and method).
#[derive(Clone, Debug)]
enum Guard {
    /// The handler's `#[protect]` or `#[public]`.
    Handler(HandlerGuard),
    /// Added as public on purpose (`merge_public`, `route_public_service`, …): nothing checks
    /// its handlers.
    PublicOnPurpose,
    /// Any handler, in a router a route table covers.
    Table,
}

impl Guard {
    fn describe(&self) -> String {
        match self {
            Self::Handler(HandlerGuard::Public) => "public".to_owned(),
            Self::Handler(HandlerGuard::Protected(protection)) => guard(protection),
            Self::PublicOnPurpose => "public on purpose (handlers not checked)".to_owned(),
            Self::Table => "covered by the route table".to_owned(),
        }
    }
}

/// The methods of one route and their handlers' guards, in the order they were added.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct MethodGuards(Vec<(String, Guard)>);

/// The methods, in the order a person expects them, with the names the map prints.
const METHODS: [(MethodFilter, &str); 9] = [
    (MethodFilter::GET, "GET"),
    (MethodFilter::HEAD, "HEAD"),
    (MethodFilter::POST, "POST"),
    (MethodFilter::PUT, "PUT"),
    (MethodFilter::PATCH, "PATCH"),
    (MethodFilter::DELETE, "DELETE"),
    (MethodFilter::OPTIONS, "OPTIONS"),
    (MethodFilter::CONNECT, "CONNECT"),
    (MethodFilter::TRACE, "TRACE"),
];

impl MethodGuards {
    /// The methods `filter` accepts, served by a handler with `guard`.
    pub(super) fn on(mut self, filter: MethodFilter, guard: HandlerGuard) -> Self {
        let names: Vec<&str> = METHODS
            .iter()
            .filter(|(method, _)| filter.or(*method) == filter)
            .map(|(_, name)| *name)
            .collect();
        self.0.push((names.join(", "), Guard::Handler(guard)));
        self
    }

    /// Every method, served by a handler with `guard`.
    pub(super) fn any(mut self, guard: HandlerGuard) -> Self {
        self.0.push(("ANY".to_owned(), Guard::Handler(guard)));
        self
    }

    /// An axum `MethodRouter` in a router a table covers: which methods it serves is not known.
    pub(super) fn covered_by_table() -> Self {
        Self(vec![("*".to_owned(), Guard::Table)])
    }
}

/// How the map names a router merged into another, whose routes it does not know.
pub(super) fn merged() -> String {
    "(merged router)".to_owned()
}

/// How the map names what is nested at `path`: `path` and every path below it.
pub(super) fn nested(path: &str) -> String {
    format!("{path} (and below)")
}

/// One line of the map.
#[derive(Clone, Debug)]
struct Row {
    method: String,
    path: String,
    guard: Guard,
    /// Added before the router's [`ClerkLayer`], so behind it.
    behind_layer: bool,
}

/// A guarded router's routes and its [`ClerkLayer`], for the protection map.
#[doc(hidden)]
#[derive(Clone, Debug, Default)]
pub struct RouteMap {
    rows: Vec<Row>,
    /// The last `ClerkLayer` added with `GuardedRouter::layer` (or the covering one).
    layer: Option<ClerkLayer>,
    /// The layer wraps every route, also those added after it (`GuardedRouter::covered_by`).
    layer_covers_all: bool,
    /// Set while this router (or a clone: only one logs) owes the start-up log of the map,
    /// because it took it over from its `debug(true)` layer.
    log_owed: Option<Arc<AtomicBool>>,
}

/// A start-up log owed when `claimed`.
fn owed(claimed: bool) -> Option<Arc<AtomicBool>> {
    claimed.then(|| Arc::new(AtomicBool::new(true)))
}

impl RouteMap {
    /// A map whose `layer` (with its route table) wraps every route the router will hold.
    pub(super) fn covered_by(layer: ClerkLayer) -> Self {
        Self {
            log_owed: owed(layer.claim_start_up_map()),
            layer: Some(layer),
            layer_covers_all: true,
            rows: Vec::new(),
        }
    }

    /// Adds the methods of the route at `path`.
    pub(super) fn route(&mut self, path: &str, methods: MethodGuards) {
        for (method, guard) in methods.0 {
            self.push(method, path.to_owned(), guard);
        }
    }

    /// Adds the handler for requests no route matches.
    pub(super) fn fallback(&mut self, guard: Option<HandlerGuard>) {
        let guard = guard.map_or(Guard::Table, Guard::Handler);
        self.push("ANY".to_owned(), "(fallback)".to_owned(), guard);
    }

    /// Adds what is not known route by route (a merged or nested router, a service) at `path`
    /// as [`merged`] or [`nested`] name it: `public` when it was added as public on purpose,
    /// else the router's table covers it.
    pub(super) fn unnamed(&mut self, path: String, public: bool) {
        let guard = if public {
            Guard::PublicOnPurpose
        } else {
            Guard::Table
        };
        self.push("*".to_owned(), path, guard);
    }

    /// Takes in the routes of a router nested at `path` (`None`: merged), and its layer when
    /// this router has none.
    pub(super) fn adopt(&mut self, path: Option<&str>, other: Self) {
        for row in other.rows {
            let path = match path {
                None => row.path,
                Some(prefix) if row.path == "/" => prefix.to_owned(),
                Some(prefix) if row.path.starts_with('/') => {
                    format!("{}{}", prefix.trim_end_matches('/'), row.path)
                }
                Some(prefix) => format!("{prefix} {}", row.path),
            };
            self.rows.push(Row {
                path,
                behind_layer: row.behind_layer || other.layer_covers_all,
                ..row
            });
        }
        if self.layer.is_none() {
            self.layer = other.layer;
        }
        if self.log_owed.is_none() {
            self.log_owed = other.log_owed;
        }
    }

    /// A tower layer was added around the routes so far; when it is a [`ClerkLayer`], the map
    /// shows its route table, and with `debug(true)` the router logs the whole map once when it
    /// becomes an axum `Router` (the layer then does not log its table alone).
    pub(super) fn layer(&mut self, layer: &(dyn std::any::Any + 'static)) {
        let Some(layer) = layer.downcast_ref::<ClerkLayer>() else {
            return;
        };
        for row in &mut self.rows {
            row.behind_layer = true;
        }
        if layer.claim_start_up_map() {
            self.log_owed = owed(true);
        }
        self.layer = Some(layer.clone());
    }

    /// Logs the map when this router owes it (see [`layer`](Self::layer)), once.
    pub(super) fn log_if_owed(&self) {
        if self
            .log_owed
            .as_ref()
            .is_some_and(|owed| owed.swap(false, Ordering::Relaxed))
        {
            tracing::info!(target: "clerk", "{}", self.render());
        }
    }

    fn push(&mut self, method: String, path: String, guard: Guard) {
        self.rows.push(Row {
            method,
            path,
            guard,
            behind_layer: false,
        });
    }

    /// The whole map: the layer's route table, then each route with its guard.
    pub(super) fn render(&self) -> String {
        let mut out = match &self.layer {
            Some(layer) => layer.protection_map(),
            None => "clerk route protection: no ClerkLayer added with GuardedRouter::layer; \
                     #[protect] handlers answer 500 unless one is around them"
                .to_owned(),
        };
        out.push_str("\nguarded router routes (each handler's #[protect] or #[public], on top of the rules above):");
        if self.rows.is_empty() {
            out.push_str("\n  (none)");
        }
        let method_width = self.rows.iter().map(|r| r.method.len()).max().unwrap_or(0);
        let path_width = self.rows.iter().map(|r| r.path.len()).max().unwrap_or(0);
        for row in &self.rows {
            let _ = write!(
                out,
                "\n  {:<method_width$}  {:<path_width$}  {}",
                row.method,
                row.path,
                row.guard.describe()
            );
            if self.layer.is_some() && !self.layer_covers_all && !row.behind_layer {
                out.push_str(" (added after the ClerkLayer, so not behind it)");
            }
        }
        out
    }
}
