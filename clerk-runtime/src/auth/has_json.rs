//! `has()` over JSON, as Clerk's JavaScript receives it: the batch mode of the `clerk` CLI and
//! the conformance suite use this to ask exactly what Clerk's oracle was asked. Not public API:
//! reachable only through the hidden `clerk_runtime::__oracle`.

use std::sync::Arc;

use serde_json::Value;

use clerk_syntax::keys::{FactorLevel, ReverificationLevel};

use super::check::{Check, Key, ReverificationKey};
use super::state::SessionAuth;

/// Where evaluating a JSON `has()` question failed, named as the oracle (`has.mjs`) names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum HasJsonStage {
    /// Building the auth object from the claims threw (`"auth-object"`).
    AuthObject,
    /// `has()` itself threw (`"has"`), e.g. for a `null` check.
    Has,
}

impl HasJsonStage {
    /// The oracle's name for the stage.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::AuthObject => "auth-object",
            Self::Has => "has",
        }
    }
}

/// A JSON `has()` question that Clerk's code answers by throwing.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message} (stage {})", stage.as_str())]
pub struct HasJsonError {
    /// Where it failed.
    pub stage: HasJsonStage,
    /// What went wrong (Clerk's own message where there is one).
    pub message: String,
}

impl HasJsonError {
    fn new(stage: HasJsonStage, message: impl Into<String>) -> Self {
        Self {
            stage,
            message: message.into(),
        }
    }
}

fn key_from_json(value: Option<&Value>) -> Option<Key> {
    value.map(|v| match v {
        Value::String(s) => Key::Value(s.clone().into()),
        _ => Key::Invalid,
    })
}

/// Clerk's `validateReverificationConfig`.
fn reverification_from_json(value: &Value) -> ReverificationKey {
    match value {
        Value::String(preset) => ReverificationLevel::from_name(preset)
            .map_or(ReverificationKey::Invalid, |level| {
                ReverificationKey::from_requirement(level.into())
            }),
        Value::Object(config) => {
            let Some(level) = config
                .get("level")
                .and_then(Value::as_str)
                .and_then(FactorLevel::from_name)
            else {
                return ReverificationKey::Invalid;
            };
            match config.get("afterMinutes").and_then(Value::as_f64) {
                Some(after_minutes) if after_minutes > 0.0 => ReverificationKey::Valid {
                    level,
                    after_minutes,
                },
                _ => ReverificationKey::Invalid,
            }
        }
        _ => ReverificationKey::Invalid,
    }
}

impl Check {
    /// Reads Clerk's `has()` argument from JSON, keeping Clerk's rules: a present key whose
    /// value is not a string (or, for `reverification`, not a valid preset or
    /// `{ level, afterMinutes > 0 }`) fails its condition; unknown keys are ignored (alone they
    /// make an empty check, which is false); a non-object value asks nothing.
    ///
    /// # Errors
    /// `null`, on which Clerk's `has()` throws ("Cannot read properties of null").
    ///
    pub(crate) fn from_json(value: &Value) -> Result<Check, HasJsonError> {
        let Value::Object(map) = value else {
            if value.is_null() {
                return Err(HasJsonError::new(
                    HasJsonStage::Has,
                    "Cannot read properties of null (reading 'role')",
                ));
            }
            return Ok(Check::default());
        };
        Ok(Check {
            role: key_from_json(map.get("role")),
            permission: key_from_json(map.get("permission")),
            feature: key_from_json(map.get("feature")),
            plan: key_from_json(map.get("plan")),
            reverification: map.get("reverification").map(|v| {
                if super::js::truthy(v) {
                    reverification_from_json(v)
                } else {
                    ReverificationKey::Invalid
                }
            }),
        })
    }
}

/// Answers one oracle question: the auth object from `claims` (signature not checked), then
/// `has(check)`, with `treatPendingAsSignedOut`, exactly as Clerk's `getAuthObjectFromJwt`
/// followed by `authObject.has(check)`.
///
/// `None` stands for a key missing from the question (JavaScript's `undefined`).
///
/// # Errors
/// Where Clerk's code throws: the claims cannot become an auth object (a v2 `fea` element
/// without a colon when `o` is present; claims that are not an object), or the check is
/// `null`/missing.
///
/// ```
/// use clerk_runtime::__oracle::has_json;
/// use serde_json::json;
///
/// let claims = json!({"sub": "user_1", "org_id": "org_1", "org_role": "admin"});
/// assert_eq!(has_json(Some(&claims), Some(&json!({"role": "org:admin"})), true), Ok(true));
/// assert_eq!(has_json(Some(&claims), Some(&json!({})), true), Ok(false));
/// ```
pub fn has_json(
    claims: Option<&Value>,
    check: Option<&Value>,
    treat_pending_as_signed_out: bool,
) -> Result<bool, HasJsonError> {
    let Some(Value::Object(claims)) = claims else {
        return Err(HasJsonError::new(
            HasJsonStage::AuthObject,
            "the claims are not a JSON object",
        ));
    };
    let session = match SessionAuth::from_payload(Arc::new(claims.clone()), Arc::from("")) {
        Ok(session) => Some(session),
        // Clerk builds an auth object with a falsy `userId`, whose `has()` is always false.
        Err(e) if e.is_subject_error() => None,
        Err(e) => return Err(HasJsonError::new(HasJsonStage::AuthObject, e.to_string())),
    };
    let Some(session) = session else {
        return Ok(false);
    };
    if treat_pending_as_signed_out && session.is_pending() {
        // The signed-out auth object's `has()` returns false without reading its argument.
        return Ok(false);
    }
    let check = match check {
        Some(check) => Check::from_json(check)?,
        None => {
            return Err(HasJsonError::new(
                HasJsonStage::Has,
                "Cannot read properties of undefined (reading 'role')",
            ));
        }
    };
    Ok(session.has(&check))
}
