//! Session-token verification with Clerk's checks, in Clerk's order, with Clerk's reasons.
//!
//! [`Verifier`] is the entry point: build it from a PEM ([`Verifier::from_pem`], Clerk's
//! `jwtKey`), from one [`VerifyingKey`], or from Clerk's JWKS ([`Verifier::remote`]), then call
//! [`Verifier::verify`]. Failures are [`TokenVerificationError`](crate::TokenVerificationError)s
//! whose reasons are Clerk's strings (`token-expired`, `token-invalid-signature`, …).

mod b64;
mod cache;
mod checks;
mod clock;
mod decode;
mod der;
mod header;
pub mod jwks;
mod key;
mod options;
mod registered;
mod shown;
mod time;
mod verifier;

pub(crate) use jwks::RemoteKeys;
pub use key::{KeyError, VerifyingKey};
pub use options::VerifyOptions;
pub(crate) use verifier::CachedToken;
pub use verifier::Verifier;

/// The decoded payload of a verified session token.
pub type JwtPayload = serde_json::Map<String, serde_json::Value>;
