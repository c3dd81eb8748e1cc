//! Clerk's auth object: claims v1/v2 decoded into one state, `has()`, and where the token comes
//! from (header or cookies).
//!
//! Owner: the claims/`has()` work (issue 2). `state.rs` is the contract the middleware uses.

mod state;

pub use state::{AuthState, SessionAuth, SignedOutReason};
