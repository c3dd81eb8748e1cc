//! `ClerkLayer` and `Auth`: Clerk's `clerkMiddleware()` for axum.
//!
//! Owner: the middleware work (issue 4). `enforce` below is the contract `#[protect]` uses.

use axum::response::{IntoResponse, Response};
use http::StatusCode;
use http::request::Parts;

use crate::requirement::Protection;

/// Applies `protection` to a request, exactly as Clerk's `auth.protect()`: `Ok(())` lets the
/// request through; `Err(response)` is the redirect, 404 or 401/403 to send instead.
///
/// Placeholder until the middleware lands: it fails closed with a 500.
pub fn enforce(parts: &Parts, protection: &Protection) -> Result<(), Response> {
    let _ = (parts, protection);
    Err((
        StatusCode::INTERNAL_SERVER_ERROR,
        "ClerkLayer is not installed: protected handlers need the ClerkLayer middleware",
    )
        .into_response())
}
