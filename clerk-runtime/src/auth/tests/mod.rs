//! Unit tests for the auth module: every rule of Clerk's claim parser and `has()`, and every
//! row of the cookie decision table.

mod authenticate;
mod claims;
mod cookies;
mod grammar;
mod has;
mod has_json;
mod properties;
mod token_source;

use std::sync::Arc;

use serde_json::Value;

use super::SessionAuth;
use crate::verify::JwtPayload;

/// A JSON object as a payload.
pub(super) fn payload(value: Value) -> JwtPayload {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

/// The auth object for these claims (which must decode).
pub(super) fn auth(value: Value) -> SessionAuth {
    SessionAuth::from_payload(Arc::new(payload(value)), Arc::from("token")).expect("claims decode")
}
