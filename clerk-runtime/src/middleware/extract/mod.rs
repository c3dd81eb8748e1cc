//! The extractors handlers use: [`Auth`].

mod auth;

pub use auth::Auth;
pub(crate) use auth::{DecidedAuth, StoredState, allowed_at_once, from_extensions};
