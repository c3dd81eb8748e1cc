//! Clerk's auth object: claims v1/v2 decoded into one state, `has()`, and where the token comes
//! from (header or cookies).
//!
//! - [`SessionAuth::from_payload`] decodes verified claims;
//! - [`SessionAuth::has`] and [`SessionAuth::satisfies`] answer [`Check`]s and
//!   [`Requirement`](crate::requirement::Requirement)s with Clerk's exact semantics;
//! - [`authenticate_request`] finds the token (header, else cookies) and applies Clerk's
//!   decision table; [`authenticate_request_state`] does the same with Clerk's handshake (see
//!   [`crate::handshake`]) and returns the headers Clerk answers with;

mod authenticate;
mod bitmask;
mod cached;
pub(crate) mod check;
mod claims;
mod cookies;
mod has;
pub(crate) mod has_json;
pub(crate) mod js;
pub(crate) mod js_number;
pub(crate) mod request_cookies;
mod state;
pub(crate) mod token_source;

#[cfg(test)]
mod tests;

pub use authenticate::{AuthenticateOptions, authenticate_request, authenticate_request_state};
pub(crate) use cached::{CachedSession, cached_header_session};
pub(crate) use check::Check;
pub use claims::ClaimsError;
pub use cookies::RequestCookies;
pub use request_cookies::{CLIENT_UAT_COOKIE, CookieInstance, DEV_BROWSER_COOKIE, SESSION_COOKIE};
pub use state::{AuthState, SessionAuth, SignedOutReason};
pub use token_source::{
    TokenKind, is_document_request, is_machine_token, token_from_authorization_header, token_kind,
};
