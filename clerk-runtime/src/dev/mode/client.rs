//! The dev client: dev mode's record of who is signed in, as Clerk's Frontend API keeps a
//! client per browser. It lives in a long-lived cookie, signed with the dev key, that only the
//! Frontend API stand-in receives; session tokens are minted from it.

use std::time::Duration;

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde::{Deserialize, Serialize};

use crate::dev::{SessionClaimsBuilder, SigningKey};

/// The dev client cookie's name.
pub(super) const COOKIE: &str = "__clerk_dev_client";

/// How long the dev client (the sign-in itself) lasts: 30 days.
pub(super) const LIFETIME: Duration = Duration::from_hours(24 * 30);

/// The value of `kind` in a dev client record: no other token signed with the dev key (a
/// session token, a handshake token, a `clerk mint` token) carries it.
const KIND: &str = "clerk_dev_client";

/// The Frontend API URL dev session tokens name as their issuer (the dev publishable key's host).
const ISSUER: &str = "https://clerk.localhost";

/// Who is signed in, with the org role and permissions picked on the sign-in page.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct DevClient {
    kind: String,
    /// The user id.
    pub(super) sub: String,
    /// The session id every token of this sign-in carries.
    pub(super) sid: String,
    /// The org role, empty for no organization.
    #[serde(default)]
    pub(super) role: String,
    /// The org permissions.
    #[serde(default)]
    pub(super) permissions: Vec<String>,
    /// When the client was last updated (the sign-in), Unix seconds: the `__client_uat` value.
    pub(super) uat: u64,
    exp: u64,
}

/// Why a session could not be started.
#[derive(Debug, thiserror::Error)]
pub(super) enum SignInError {
    /// The form's values do not make session claims.
    #[error(transparent)]
    Claims(#[from] crate::dev::ClaimsError),
    /// Signing failed.
    #[error(transparent)]
    Mint(#[from] crate::dev::MintError),
}

impl DevClient {
    /// A sign-in at `now` (Unix seconds). Checks the values by building a session from them.
    pub(super) fn sign_in(
        user_id: &str,
        role: &str,
        permissions: &str,
        session_id: String,
        now: u64,
    ) -> Result<Self, SignInError> {
        let role = role.trim();
        // Permissions without an organization are refused when the claims are built, as Clerk
        // never puts them in a token without one.
        let permissions: Vec<String> = permissions
            .split([',', ' '])
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect();
        let client = Self {
            kind: KIND.to_owned(),
            sub: user_id.trim().to_owned(),
            sid: session_id,
            role: role.to_owned(),
            permissions,
            uat: now,
            exp: now + LIFETIME.as_secs(),
        };
        client.session_claims(now, Duration::from_mins(1))?;
        Ok(client)
    }

    /// Session-token claims for this client, issued at `now`, living `ttl`.
    pub(super) fn session_claims(
        &self,
        now: u64,
        ttl: Duration,
    ) -> Result<serde_json::Value, crate::dev::ClaimsError> {
        let mut claims = SessionClaimsBuilder::new(&self.sub)
            .session_id(&self.sid)
            .issuer(ISSUER)
            .ttl(ttl);
        if !self.role.is_empty() {
            claims = claims.org("org_dev", Some("dev-org"), &self.role);
        }
        for permission in &self.permissions {
            claims = claims.permission(permission);
        }
        claims.build(now)
    }

    /// A fresh session token for this client.
    pub(super) fn mint_session(
        &self,
        key: &SigningKey,
        now: u64,
        ttl: Duration,
    ) -> Result<String, SignInError> {
        Ok(key.mint(&self.session_claims(now, ttl)?)?)
    }

    /// The signed record, for the cookie.
    pub(super) fn seal(&self, key: &SigningKey) -> Result<String, crate::dev::MintError> {
        let value = serde_json::to_value(self)
            .map_err(|e| crate::dev::MintError::new(format!("dev client record: {e}")))?;
        key.mint(&value)
    }

    /// The record in `token` when `key` signed it, it is a dev client record and it has not
    /// expired; `None` for anything else (absent, forged, another kind of token, expired).
    pub(super) fn open(token: &str, key: &SigningKey) -> Option<Self> {
        let decoding = DecodingKey::from_rsa_pem(key.public_pem().as_bytes()).ok()?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.set_required_spec_claims(&["exp"]);
        validation.leeway = 0;
        let client = jsonwebtoken::decode::<Self>(token, &decoding, &validation)
            .ok()?
            .claims;
        (client.kind == KIND && !client.sub.is_empty()).then_some(client)
    }
}
