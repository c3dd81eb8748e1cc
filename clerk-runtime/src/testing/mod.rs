//! A testing kit (feature `testing`): test your own handlers, `#[protect]` attributes and route
//! tables with `oneshot`, without a Clerk account or network.
//!
//! - [`layer`]: a [`ClerkLayer`] that trusts the process's test key ([`signing_key`]), with
//!   sign-in at [`SIGN_IN_URL`]; [`config_builder`] to add options first.
//! - [`token`]: a session token for a user, with organization, role, permissions, features,
//!   plans and lifetime, signed with the test key.
//! - [`AttachToken`]: puts a token on a request as `Authorization: Bearer` or as Clerk's
//!   `__session` / `__client_uat` cookies.
//!
//! ```
//! use axum::{Router, body::Body, http::Request, http::StatusCode, routing::get};
//! use clerk_runtime::protect;
//! use clerk_runtime::testing::{self, AttachToken as _};
//! use tower::ServiceExt as _;
//!
//! #[protect(role = "org:admin")]
//! async fn admin() -> &'static str {
//!     "admin"
//! }
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! let app = Router::new().route("/admin", get(admin)).layer(testing::layer());
//!
//! let admin_token = testing::token("user_1").org("org_1", "org:admin").mint();
//! let request = Request::get("/admin").bearer(&admin_token).body(Body::empty()).unwrap();
//! assert_eq!(app.clone().oneshot(request).await.unwrap().status(), StatusCode::OK);
//!
//! // A member, signed in through cookies as a browser is: Clerk's 404.
//! let member = testing::token("user_2").org("org_1", "org:member").mint();
//! let request = Request::get("/admin").session_cookies(&member).body(Body::empty()).unwrap();
//! assert_eq!(app.oneshot(request).await.unwrap().status(), StatusCode::NOT_FOUND);
//! # }
//! ```
//!
//! Tokens from this kit are accepted only by a layer built here (or configured with
//! [`signing_key`]'s public key): never configure production with the test key.

mod request;
mod token;

use std::sync::OnceLock;

pub use request::AttachToken;
pub use token::{TestToken, TestTokenError, TokenBuilder, token};

use crate::ClerkLayer;
use crate::config::{ClerkConfig, ClerkConfigBuilder};
use crate::dev::SigningKey;
use crate::middleware::ClerkOptions;

/// Where [`layer`] sends signed-out page requests.
pub const SIGN_IN_URL: &str = "https://accounts.example.test/sign-in";

/// The process's test key: an RSA-2048 key pair generated on first use and shared by every
/// test of the process. [`token`] signs with it; [`layer`] verifies with its public key.
///
/// # Panics
///
/// If the crypto library cannot generate a key (it does not fail on supported platforms).
pub fn signing_key() -> &'static SigningKey {
    static KEY: OnceLock<SigningKey> = OnceLock::new();
    KEY.get_or_init(|| SigningKey::generate().expect("generating the RSA test key"))
}

/// A configuration builder that verifies tokens with the test key (networkless) and signs in
/// at [`SIGN_IN_URL`]; add options (`authorized_parties`, …) before `build()`.
///
/// ```
/// let config = clerk_runtime::testing::config_builder()
///     .authorized_parties(["https://app.example.test"])
///     .build()
///     .unwrap();
/// assert!(config.jwt_key().is_some());
/// ```
pub fn config_builder() -> ClerkConfigBuilder {
    ClerkConfig::builder()
        .jwt_key(signing_key().public_pem())
        .sign_in_url(SIGN_IN_URL)
}

/// Middleware options for [`config_builder`]'s configuration.
///
/// # Panics
///
/// Never: the configuration is fixed and valid.
#[must_use]
pub fn options() -> ClerkOptions {
    let config = config_builder()
        .build()
        .expect("the test configuration is valid");
    ClerkOptions::from_config(&config).expect("the test configuration has a key and a sign-in URL")
}

/// A [`ClerkLayer`] that accepts [`token`]'s tokens: configure it further as any layer
/// (`.routes(&TABLE)?`, `.deny_policy(…)`, `.debug(true)`).
pub fn layer() -> ClerkLayer {
    ClerkLayer::new(options())
}
