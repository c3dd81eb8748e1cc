//! Dev tokens without a Clerk account: RSA keys, Clerk-shaped session claims (v1 and v2) and
//! signing.
//!
//! The `clerk keygen` and `clerk mint` commands, the tests and local dev mode all use this
//! module, so a token minted anywhere has the same shape as one Clerk issues. With the `dev`
//! feature, `DevMode` runs the whole sign-in flow of a Clerk development instance offline.
//!
//! ```
//! use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
//! use clerk_runtime::config::ClerkConfig;
//!
//! let key = SigningKey::generate().unwrap();
//! let claims = SessionClaimsBuilder::new("user_1")
//!     .org("org_1", Some("acme"), "admin")
//!     .permission("org:reports:read")
//!     .build(1_700_000_000)
//!     .unwrap();
//! let token = key.mint(&claims).unwrap();
//! // A server configured with the public key verifies the token offline.
//! let config = ClerkConfig::builder().jwt_key(key.public_pem()).build().unwrap();
//! # let _ = (token, config);
//! ```

mod claims;
mod fpm;
mod keys;
mod mint;
#[cfg(feature = "dev")]
mod mode;
mod pem;

pub use claims::{ClaimsError, SessionClaimsBuilder};
pub use keys::{DevKeyError, DevKeys, SigningKey};
pub use mint::{MintError, mint};
#[cfg(feature = "dev")]
pub use mode::{DEV_SESSION_TTL_VAR, DevMode, DevModeError};

/// Lowercase hex of `bytes`.
fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| [DIGITS[usize::from(b >> 4)], DIGITS[usize::from(b & 0x0f)]])
        .map(char::from)
        .collect()
}
