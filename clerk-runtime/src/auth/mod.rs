//! Clerk's auth object: claims v1/v2 decoded into one state, `has()`, and where the token comes
//! from (header or cookies).
//!
//! - [`SessionAuth::from_payload`] decodes verified claims;
//! - [`SessionAuth::has`] and [`SessionAuth::satisfies`] answer [`Check`]s and
//!   [`Requirement`](crate::requirement::Requirement)s with Clerk's exact semantics;
//! - [`authenticate_request`] finds the token (header, else cookies) and applies Clerk's
//!   decision table; [`authenticate_request_state`] does the same with Clerk's handshake (see
//!   [`crate::handshake`]) and returns the headers Clerk answers with;
//! - [`has_json`] answers Clerk's JSON `has()` questions (CLI batch mode, conformance).
//!
//! Owner: the claims/`has()` work (issue 2). `state.rs` is the contract the middleware uses.

mod authenticate;
mod bitmask;
mod cached;
mod check;
mod claims;
mod cookies;
mod has;
mod has_json;
pub(crate) mod js;
pub(crate) mod js_number;
pub(crate) mod request_cookies;
mod state;
pub(crate) mod token_source;

#[cfg(test)]
mod tests;

pub use authenticate::{AuthenticateOptions, authenticate_request, authenticate_request_state};
pub(crate) use cached::cached_header_session;
pub use check::Check;
pub use claims::ClaimsError;
pub use cookies::RequestCookies;
pub use has_json::{HasJsonError, HasJsonStage, has_json};
pub use request_cookies::{CLIENT_UAT_COOKIE, CookieInstance, DEV_BROWSER_COOKIE, SESSION_COOKIE};
pub use state::{AuthState, SessionAuth, SignedOutReason};
pub use token_source::{
    TokenKind, is_document_request, is_machine_token, token_from_authorization_header, token_kind,
};
