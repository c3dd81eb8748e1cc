//! Session-token claims (v1 and v2) decoded into a [`SessionAuth`], exactly as Clerk's
//! `__experimental_JWTPayloadToAuthObjectProperties` (`@clerk/shared/jwtPayloadParser`) and
//! `signedInAuthObject` do.

use std::sync::Arc;

use clerk_syntax::keys::BillingScope;
use serde_json::Value;

use super::bitmask::low_bits;
use super::js::{js_trim, truthy};
use super::state::SessionAuth;
use crate::verify::JwtPayload;

/// Why claims could not become an auth object.
///
/// Clerk throws in two of these places (`InvalidElement`, `NotAString`); for the subject errors
/// Clerk builds an auth object whose `has()` is always false, and this crate refuses instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ClaimsError {
    /// There is no `sub` claim (Clerk: every `has()` is false).
    #[error("the session token has no `sub` claim")]
    MissingSubject,
    /// `sub` is not a string.
    #[error("the `sub` claim is not a string")]
    SubjectNotAString,
    /// `sub` is the empty string (Clerk: every `has()` is false).
    #[error("the `sub` claim is empty")]
    EmptySubject,
    /// A v2 `fea` element has no `:` (Clerk's parser throws this very message).
    #[error("Invalid claim element (missing colon): {element}")]
    InvalidElement {
        /// The claim the element came from (`fea`).
        claim: &'static str,
        /// The trimmed element.
        element: String,
    },
    /// A claim Clerk splits as a string is some other JSON value (Clerk throws a `TypeError`).
    #[error("the `{claim}` claim is not a string")]
    NotAString {
        /// The claim's name (`fea`, `o.per`, `o.fpm`).
        claim: &'static str,
    },
}

impl ClaimsError {
    /// Whether the error is about `sub`, where Clerk does not throw but denies every check.
    #[must_use]
    pub fn is_subject_error(&self) -> bool {
        matches!(
            self,
            Self::MissingSubject | Self::SubjectNotAString | Self::EmptySubject
        )
    }
}

/// The org and user buckets of a `fea`/`pla` claim: Clerk's `splitByScope`.
///
/// Elements are split on `,`, trimmed, and split at the first `:`. Scope `o` goes to the org
/// bucket, `u` to the user bucket, `ou`/`uo` to both; other scopes are skipped. An element
/// without a colon (including an empty one) is an error, holding the trimmed element.
pub(crate) fn split_by_scope(claim: &str) -> Result<(Vec<&str>, Vec<&str>), &str> {
    let mut org = Vec::new();
    let mut user = Vec::new();
    if claim.is_empty() {
        return Ok((org, user));
    }
    for part in claim.split(',') {
        let part = js_trim(part);
        let Some((scope, value)) = part.split_once(':') else {
            return Err(part);
        };
        for bucket in BillingScope::from_claim_scope(scope) {
            match bucket {
                BillingScope::Org => org.push(value),
                BillingScope::User => user.push(value),
            }
        }
    }
    Ok((org, user))
}

fn string_claim(map: &JwtPayload, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

/// `fva` as Clerk's `has()` accepts it: two finite numbers, each `-1` or at least `0`.
///
/// A fractional age is rounded up: with whole-minute thresholds this is exact, and in every
/// other case it can only make reverification stricter.
fn factor_verification_age(value: Option<&Value>) -> Option<[i64; 2]> {
    let items = value?.as_array()?;
    let [first, second] = items.as_slice() else {
        return None;
    };
    let age = |v: &Value| -> Option<i64> {
        let f = v.as_f64()?;
        if !f.is_finite() || !(f.to_bits() == (-1.0f64).to_bits() || f >= 0.0) {
            return None;
        }
        #[expect(
            clippy::cast_possible_truncation,
            reason = "saturating: ages beyond i64 only get staler"
        )]
        let whole_minutes = f.ceil() as i64;
        Some(whole_minutes)
    };
    Some([age(first)?, age(second)?])
}

/// Claims that Clerk splits with `String.prototype.split`: falsy means absent, a non-string
/// truthy value makes Clerk throw.
fn splittable<'a>(value: Option<&'a Value>, claim: &'static str) -> Result<&'a str, ClaimsError> {
    match value {
        Some(v) if truthy(v) => v.as_str().ok_or(ClaimsError::NotAString { claim }),
        _ => Ok(""),
    }
}

/// v2 `o.per` + `o.fpm` over the org features of `fea`: Clerk's `parsePermissions` and
/// `buildOrgPermissions`.
fn v2_org_permissions(
    org_features: &[&str],
    org: Option<&JwtPayload>,
) -> Result<Vec<String>, ClaimsError> {
    let per = splittable(org.and_then(|o| o.get("per")), "o.per")?;
    let fpm = splittable(org.and_then(|o| o.get("fpm")), "o.fpm")?;
    if per.is_empty() || fpm.is_empty() {
        return Ok(Vec::new());
    }
    let names: Vec<&str> = per.split(',').map(js_trim).collect();
    let mut permissions = Vec::new();
    for (feature, mask) in org_features.iter().zip(fpm.split(',')) {
        let Some(bits) = low_bits(mask, names.len()) else {
            continue;
        };
        for (name, _) in names.iter().zip(bits).filter(|(_, set)| *set) {
            permissions.push(format!("org:{feature}:{name}"));
        }
    }
    Ok(permissions)
}

struct OrgClaims {
    id: Option<String>,
    role: Option<String>,
    slug: Option<String>,
    permissions: Option<Vec<String>>,
}

fn v1_org(claims: &JwtPayload) -> OrgClaims {
    OrgClaims {
        id: string_claim(claims, "org_id"),
        role: string_claim(claims, "org_role"),
        slug: string_claim(claims, "org_slug"),
        permissions: claims
            .get("org_permissions")
            .and_then(Value::as_array)
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            }),
    }
}

fn v2_org(claims: &JwtPayload) -> Result<OrgClaims, ClaimsError> {
    let Some(o) = claims.get("o").filter(|o| truthy(o)) else {
        return Ok(OrgClaims {
            id: None,
            role: None,
            slug: None,
            permissions: None,
        });
    };
    let org = o.as_object();
    let fea = splittable(claims.get("fea"), "fea")?;
    let (org_features, _) = split_by_scope(fea).map_err(|element| ClaimsError::InvalidElement {
        claim: "fea",
        element: element.to_owned(),
    })?;
    let permissions = v2_org_permissions(&org_features, org)?;
    let field = |key: &str| org.and_then(|o| string_claim(o, key));
    Ok(OrgClaims {
        id: field("id"),
        role: field("rol")
            .filter(|rol| !rol.is_empty())
            .map(|rol| format!("org:{rol}")),
        slug: field("slg"),
        permissions: Some(permissions),
    })
}

impl SessionAuth {
    /// Builds the auth object from a verified token's claims, decoding v1 (`org_*`) or v2
    /// (`v: 2`, `o`, `fea`, `fpm`) organization claims exactly as Clerk does.
    ///
    /// The signature is not checked here: pass claims that a verifier accepted.
    ///
    /// # Errors
    /// [`ClaimsError`] where Clerk's parser throws (a v2 `fea` element without a colon, or a
    /// non-string `fea`/`o.per`/`o.fpm`, when `o` is present), and for a missing, empty or
    /// non-string `sub` (Clerk then denies every check; this crate refuses the session).
    ///
    /// # Example
    /// ```
    /// use std::sync::Arc;
    /// use clerk_runtime::Check;
    /// use clerk_runtime::auth::SessionAuth;
    ///
    /// let claims = serde_json::json!({
    ///     "sub": "user_1", "v": 2,
    ///     "fea": "o:billing,u:beta,o:members,o:api",
    ///     "o": { "id": "org_2", "rol": "billing_manager",
    ///            "per": "read,manage,delete", "fpm": "3,5,0,9" },
    /// });
    /// let serde_json::Value::Object(map) = claims else { unreachable!() };
    /// let auth = SessionAuth::from_payload(Arc::new(map), Arc::from("token")).unwrap();
    /// assert_eq!(auth.org_role.as_deref(), Some("org:billing_manager"));
    /// assert_eq!(
    ///     auth.org_permissions.as_deref().unwrap(),
    ///     ["org:billing:read", "org:billing:manage", "org:members:read", "org:members:delete"],
    /// );
    /// assert!(auth.has(&Check::permission("members:delete")));
    /// ```
    pub fn from_payload(
        claims: Arc<JwtPayload>,
        token: Arc<str>,
    ) -> Result<SessionAuth, ClaimsError> {
        let is_v2 = claims
            .get("v")
            .and_then(Value::as_f64)
            .is_some_and(|v| v.to_bits() == 2.0f64.to_bits());
        let org = if is_v2 {
            v2_org(&claims)?
        } else {
            v1_org(&claims)
        };
        let user_id = match claims.get("sub") {
            None => return Err(ClaimsError::MissingSubject),
            Some(Value::String(s)) if s.is_empty() => return Err(ClaimsError::EmptySubject),
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(ClaimsError::SubjectNotAString),
        };
        Ok(SessionAuth {
            user_id,
            session_id: string_claim(&claims, "sid"),
            session_status: string_claim(&claims, "sts"),
            org_id: org.id,
            org_role: org.role,
            org_slug: org.slug,
            org_permissions: org.permissions,
            features: string_claim(&claims, "fea"),
            plans: string_claim(&claims, "pla"),
            factor_verification_age: factor_verification_age(claims.get("fva")),
            actor: claims.get("act").filter(|a| !a.is_null()).cloned(),
            claims,
            token,
        })
    }
}
