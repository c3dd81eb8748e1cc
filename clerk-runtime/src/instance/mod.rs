//! What identifies a Clerk instance, and the checks on it: its keys (secret, publishable,
//! encryption), its Backend API URL, and [`ConfigError`] for whatever is wrong with them.
//!
//! Below both `config` (which reads them from the environment or a builder) and
//! `verify::jwks` (which fetches keys with them), so neither imports the other. Public through
//! `clerk_runtime::config`.

mod error;
pub(crate) mod keys;
pub(crate) mod validate;

pub use error::ConfigError;
pub use keys::{EncryptionKey, PublishableKey, SecretKey};
