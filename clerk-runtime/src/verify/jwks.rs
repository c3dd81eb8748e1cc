//! Keys fetched from Clerk's Backend API (`{api_url}/{api_version}/jwks`).
//!
//! Placeholder with the final signatures: replaced by the JWKS work.

use super::VerifyingKey;
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// Clerk's JWKS for one instance (api url, version, secret key), cached.
#[derive(Clone, Debug)]
pub struct RemoteKeys {
    _private: (),
}

impl RemoteKeys {
    /// The key whose `kid` is given (or the only key, when the token has no `kid`).
    pub async fn key_for(&self, kid: Option<&str>) -> Result<VerifyingKey, TokenVerificationError> {
        let _ = kid;
        Err(TokenVerificationError::new(
            TokenVerificationErrorReason::RemoteJwkFailedToLoad,
            "remote JWKS is not available yet",
        ))
    }
}
