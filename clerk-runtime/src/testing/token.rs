//! Session tokens signed with the test key.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::dev::{ClaimsError, MintError, SessionClaimsBuilder};

/// Why a test token cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum TestTokenError {
    /// The claims asked for are malformed (a permission key, a feature, permissions without an
    /// organization, …).
    #[error(transparent)]
    Claims(#[from] ClaimsError),
    /// Signing failed.
    #[error(transparent)]
    Sign(#[from] MintError),
}

/// Starts a session token for `user_id` (`sub`): no organization, active, a 60-second
/// lifetime as Clerk's, issued now. See [`TokenBuilder`].
///
/// ```
/// use std::time::Duration;
/// use clerk_runtime::testing;
///
/// let token = testing::token("user_1")
///     .org("org_1", "org:admin")
///     .permission("org:reports:read")
///     .feature("o:reports")
///     .plan("o:business")
///     .lifetime(Duration::from_mins(10))
///     .mint();
/// assert_eq!(token.as_str().split('.').count(), 3);
/// ```
pub fn token(user_id: impl Into<String>) -> TokenBuilder {
    TokenBuilder {
        claims: SessionClaimsBuilder::new(user_id),
        org_slug: None,
        org: None,
        issued_at: None,
    }
}

/// A session token being built: who, in which organization, with what, for how long.
#[derive(Clone, Debug)]
#[must_use]
pub struct TokenBuilder {
    claims: SessionClaimsBuilder,
    org: Option<(String, String)>,
    org_slug: Option<String>,
    issued_at: Option<u64>,
}

impl TokenBuilder {
    /// The active organization and the role in it (`org:admin`, or `admin`).
    pub fn org(mut self, id: impl Into<String>, role: impl Into<String>) -> Self {
        self.org = Some((id.into(), role.into()));
        self
    }

    /// The active organization's slug.
    pub fn org_slug(mut self, slug: impl Into<String>) -> Self {
        self.org_slug = Some(slug.into());
        self
    }

    /// Adds an organization permission, `org:<feature>:<action>`. Permissions need an
    /// organization ([`org`](Self::org)), as in Clerk's session tokens.
    pub fn permission(mut self, key: impl Into<String>) -> Self {
        self.claims = self.claims.permission(key);
        self
    }

    /// Adds a feature, `<scope>:<name>` (`u:beta`, `o:reports`).
    pub fn feature(mut self, feature: impl Into<String>) -> Self {
        self.claims = self.claims.feature(feature);
        self
    }

    /// Adds a plan, `<scope>:<name>` (`u:pro`, `o:business`).
    pub fn plan(mut self, plan: impl Into<String>) -> Self {
        self.claims = self.claims.plan(plan);
        self
    }

    /// How long the token is valid from its issue time (default 60 seconds).
    pub fn lifetime(mut self, lifetime: Duration) -> Self {
        self.claims = self.claims.ttl(lifetime);
        self
    }

    /// The issue time (`iat`), in seconds since the Unix epoch (default: now). With a short
    /// [`lifetime`](Self::lifetime), an issue time in the past makes an expired token.
    pub fn issued_at(mut self, seconds: u64) -> Self {
        self.issued_at = Some(seconds);
        self
    }

    /// The session status (`sts`): `active` (default) or `pending`.
    pub fn status(mut self, status: impl Into<String>) -> Self {
        self.claims = self.claims.status(status);
        self
    }

    /// The authorized party (`azp`): the origin the token was issued for.
    pub fn azp(mut self, origin: impl Into<String>) -> Self {
        self.claims = self.claims.azp(origin);
        self
    }

    /// Writes Clerk's v1 claims (`org_id`, `org_role`, `org_permissions`) instead of v2.
    pub fn v1(mut self) -> Self {
        self.claims = self.claims.v1();
        self
    }

    /// Signs the token with the test key; a malformed permission, feature or plan, or
    /// permissions without an organization, is an error.
    pub fn try_mint(self) -> Result<TestToken, TestTokenError> {
        let issued_at = self.issued_at.unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0, |elapsed| elapsed.as_secs())
        });
        let mut claims = self.claims;
        if let Some((id, role)) = self.org {
            claims = claims.org(id, self.org_slug.as_deref(), role);
        }
        let claims = claims.build(issued_at)?;
        let jwt = super::signing_key().mint(&claims)?;
        Ok(TestToken { jwt, issued_at })
    }

    /// Signs the token with the test key.
    ///
    /// # Panics
    ///
    /// On what [`try_mint`](Self::try_mint) reports as an error, with its message: a test
    /// that asks for a malformed token fails there.
    #[must_use]
    pub fn mint(self) -> TestToken {
        match self.try_mint() {
            Ok(token) => token,
            Err(error) => panic!("testing::token: {error}"),
        }
    }
}

/// A signed session token and its issue time (which Clerk's `__client_uat` cookie carries).
#[derive(Clone, PartialEq, Eq)]
pub struct TestToken {
    jwt: String,
    issued_at: u64,
}

impl TestToken {
    /// The JWT.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.jwt
    }

    /// When it was issued (`iat`), in seconds since the Unix epoch.
    #[must_use]
    pub fn issued_at(&self) -> u64 {
        self.issued_at
    }

    /// `Bearer <jwt>`, the value of an `Authorization` header.
    #[must_use]
    pub fn authorization(&self) -> String {
        format!("Bearer {}", self.jwt)
    }

    /// `__session=<jwt>; __client_uat=<iat>`, the value of a `Cookie` header as a browser
    /// signed in to Clerk sends it.
    #[must_use]
    pub fn cookies(&self) -> String {
        format!(
            "{}={}; {}={}",
            crate::auth::SESSION_COOKIE,
            self.jwt,
            crate::auth::CLIENT_UAT_COOKIE,
            self.issued_at
        )
    }
}

impl fmt::Display for TestToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.jwt)
    }
}

/// Shows the issue time only: even a test token stays out of logs.
impl fmt::Debug for TestToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TestToken")
            .field("issued_at", &self.issued_at)
            .finish_non_exhaustive()
    }
}
