//! Session-token verification with Clerk's checks, in Clerk's order.
//!
//! Owner: the verification work (issue 2). The items below are the contract other modules use.

mod key;

pub use key::{KeyError, VerifyingKey};

/// The decoded payload of a verified session token.
pub type JwtPayload = serde_json::Map<String, serde_json::Value>;
