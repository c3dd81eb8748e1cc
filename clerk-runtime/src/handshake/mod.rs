//! Clerk's handshake: how a server-rendered app keeps its user signed in.
//!
//! A Clerk session token lives 60 seconds. When a page request arrives with a session cookie
//! that is missing, stale or older than `__client_uat`, Clerk's `authenticateRequest` does not
//! sign the user out: it answers with a *handshake*, a 307 to the instance's Frontend API
//! (`https://<frontend api>/v1/client/handshake?redirect_url=…`), which refreshes the cookies
//! and sends the browser back to the same URL with a `__clerk_handshake_nonce` (or a
//! `__clerk_handshake` JWT). On the way back the layer exchanges the nonce for cookie
//! directives with the Backend API (secret key), sets them, and the request is signed in.
//!
//! This module holds that machinery, exactly as `@clerk/backend` does it:
//! - [`Handshake`]: the redirect (eligibility, parameters, the `__clerk_redirect_count` loop
//!   guard), the resolution of a nonce or handshake JWT, the `__refresh` cookie flow, the
//!   `organizationSyncOptions` and satellite sync;
//! - [`HandshakeSettings`]: what it needs to know about the instance (publishable key → Frontend
//!   API, cookie suffix, development or production; secret key and Backend API; `proxy_url`,
//!   `domain`, `is_satellite`, `sign_in_url`);
//! - [`RequestState`]: the outcome the layer answers with.
//!
//! [`ClerkOptions::from_config`](crate::middleware::ClerkOptions::from_config) turns it on
//! whenever the configuration has a publishable key.

mod bapi;
mod engine;
pub(crate) mod facts;
mod org_sync;
mod settings;
mod state;
mod url_params;

#[cfg(test)]
mod tests;

pub use engine::{Handshake, is_eligible};
pub(crate) use engine::{Unresolved, primary_sync_location, session_state};
pub(crate) use org_sync::{OrgTarget, OrganizationSync};
pub use org_sync::{OrganizationSyncError, OrganizationSyncOptions};
pub use settings::{HandshakeSettings, cookie_suffix};
pub(crate) use state::reason_header;
pub use state::{AUTH_MESSAGE, AUTH_REASON, AUTH_STATUS, RequestState, Status};
