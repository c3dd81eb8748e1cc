//! The tower layer and everything it is configured with: [`ClerkLayer`], its service
//! [`Clerk`], the options, the middleware closure, route tables, and what it does with one
//! request (`flow`).

pub mod authenticate;
mod clerk_layer;
mod debug;
mod decision_event;
mod flow;
mod from_config;
mod future;
mod handler;
mod matched_rules;
mod options;
pub(crate) mod protection_map;
mod routes;
mod service;
mod settings;

pub use clerk_layer::ClerkLayer;
pub use from_config::{OptionsCache, OptionsError};
pub use future::ResponseFuture;
pub use handler::{MiddlewareHandler, MiddlewareRequest, MiddlewareResult, Respond};
pub use options::{ClerkOptions, ResolveOptions};
pub use routes::RouteTableError;
pub use service::Clerk;
pub(crate) use settings::AtOnce;
