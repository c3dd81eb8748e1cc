//! The extractors handlers use: [`Auth`].

mod auth;

pub use auth::Auth;
pub(crate) use auth::{DecidedAuth, from_extensions};
