//! Router tests for Clerk's handshake: every row of the decision table, the redirect and its
//! parameters, the loop guard, the resolution of a nonce or handshake JWT, the `__refresh`
//! flow, organization sync and satellite sync, through a real `ClerkLayer` with a Backend API
//! stand-in on 127.0.0.1.

#[path = "handshake/common.rs"]
mod common;
#[path = "handshake/development.rs"]
mod development;
#[path = "handshake/org_sync.rs"]
mod org_sync;
#[path = "handshake/redirect.rs"]
mod redirect;
#[path = "handshake/refresh.rs"]
mod refresh;
#[path = "handshake/resolve.rs"]
mod resolve;
#[path = "handshake/satellite.rs"]
mod satellite;
