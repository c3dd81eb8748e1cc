//! Session-token verification with Clerk's checks, in Clerk's order.
//!
//! Owner: the verification work (issue 2). The items below are the contract other modules use.

pub mod jwks;
mod key;
mod options;

pub use jwks::RemoteKeys;
pub use key::{KeyError, VerifyingKey};
pub use options::VerifyOptions;

/// The decoded payload of a verified session token.
pub type JwtPayload = serde_json::Map<String, serde_json::Value>;
