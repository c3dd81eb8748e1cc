//! Clerk's header and claim checks (`@clerk/backend` `jwt/assertions.ts`), one function each,
//! with Clerk's reasons and messages.

use jsonwebtoken::Algorithm;
use serde_json::Value;

use super::decode::{Field, Header};
use super::registered::{Claims, Registered};
use super::shown::shown;
use crate::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// The `cat` header of Clerk's machine-to-machine tokens, which are not session tokens.
pub(crate) const M2M_TOKEN_CATEGORY: &str = "cl_B7d4PD333AAA";

/// A claim as Clerk's messages quote it: `undefined` when absent.
fn shown_claim(value: Option<&Value>) -> String {
    value.map_or_else(|| "undefined".to_owned(), shown)
}

fn fail(reason: Reason, message: String) -> Result<(), TokenVerificationError> {
    Err(TokenVerificationError::new(reason, message))
}

/// `verifyToken`: an M2M token is not a session token.
pub(crate) fn category(header: &Header<'_>) -> Result<(), TokenVerificationError> {
    if header.cat.as_str() == Some(M2M_TOKEN_CATEGORY) {
        return fail(
            Reason::TokenInvalid,
            "Invalid session token category.".into(),
        );
    }
    Ok(())
}

/// `assertHeaderType`: absent `typ` passes only when no header types are configured; otherwise
/// `typ` must be one of them (default `JWT`), compared exactly.
pub(crate) fn header_type(
    header: &Header<'_>,
    allowed: Option<&[String]>,
) -> Result<(), TokenVerificationError> {
    if header.typ == Field::Absent && allowed.is_none() {
        return Ok(());
    }
    let default = ["JWT".to_owned()];
    let allowed = allowed.unwrap_or(&default);
    if header
        .typ
        .as_str()
        .is_some_and(|typ| allowed.iter().any(|a| a == typ))
    {
        return Ok(());
    }
    fail(
        Reason::TokenInvalid,
        format!(
            "Invalid JWT type {}. Expected \"{}\".",
            header.typ.display(),
            allowed.join(", ")
        ),
    )
}

/// `assertHeaderAlgorithm`: RS256, RS384 or RS512, spelled exactly. The key fixes the family
/// (RSA PKCS#1 v1.5); the header only picks the hash within it.
pub(crate) fn algorithm(header: &Header<'_>) -> Result<Algorithm, TokenVerificationError> {
    match header.alg.as_str() {
        Some("RS256") => Ok(Algorithm::RS256),
        Some("RS384") => Ok(Algorithm::RS384),
        Some("RS512") => Ok(Algorithm::RS512),
        _ => Err(TokenVerificationError::new(
            Reason::TokenInvalidAlgorithm,
            format!(
                "Invalid JWT algorithm {}. Supported: RS256,RS384,RS512.",
                header.alg.display()
            ),
        )),
    }
}

/// `assertSubClaim`: `sub` must be a string (the empty string included).
pub(crate) fn subject(payload: &impl Claims) -> Result<(), TokenVerificationError> {
    match payload.claim(Registered::Sub) {
        Some(Value::String(_)) => Ok(()),
        other => fail(
            Reason::TokenVerificationFailed,
            format!(
                "Subject claim (sub) is required and must be a string. Received {}.",
                shown_claim(other)
            ),
        ),
    }
}

/// `assertAudienceClaim`, with `audience` already stripped of empty strings.
///
/// Checked only when both sides are non-empty: a string `aud` must be listed, an array of strings
/// must share an entry with the list. Other shapes (numbers, mixed arrays, objects) are not
/// checked, as in Clerk.
pub(crate) fn audience(
    payload: &impl Claims,
    audience: &[String],
) -> Result<(), TokenVerificationError> {
    if audience.is_empty() {
        return Ok(());
    }
    let listed = |a: &str| audience.iter().any(|x| x == a);
    let (ok, kind) = match payload.claim(Registered::Aud) {
        Some(Value::String(aud)) => (aud.is_empty() || listed(aud), "claim"),
        Some(Value::Array(items)) if !items.is_empty() && items.iter().all(Value::is_string) => {
            let strings = || items.iter().filter_map(Value::as_str);
            (
                strings().all(str::is_empty) || strings().any(listed),
                "claim array",
            )
        }
        _ => (true, ""),
    };
    if ok {
        return Ok(());
    }
    fail(
        Reason::TokenVerificationFailed,
        format!(
            "Invalid JWT audience {kind} (aud) {}. Is not included in \"{}\".",
            shown_claim(payload.claim(Registered::Aud)),
            shown(&Value::from(audience.to_vec()))
        ),
    )
}

/// `assertAuthorizedPartiesClaim`: with parties configured, `azp` must be present, non-empty and
/// listed exactly.
pub(crate) fn authorized_party(
    payload: &impl Claims,
    parties: &[String],
) -> Result<(), TokenVerificationError> {
    if parties.is_empty() {
        return Ok(());
    }
    let azp = payload.claim(Registered::Azp);
    if let Some(Value::String(azp)) = azp
        && !azp.is_empty()
        && parties.iter().any(|p| p == azp)
    {
        return Ok(());
    }
    fail(
        Reason::TokenInvalidAuthorizedParties,
        format!(
            "Invalid JWT Authorized party claim (azp) {}. Expected \"{}\".",
            shown_claim(azp),
            parties.join(",")
        ),
    )
}

/// The `issuer` option: when set, `iss` must be a string equal to one of the issuers. An empty
/// list accepts no token (fail closed).
pub(crate) fn issuer(
    payload: &impl Claims,
    issuers: Option<&[String]>,
) -> Result<(), TokenVerificationError> {
    let Some(issuers) = issuers else {
        return Ok(());
    };
    let iss = payload.claim(Registered::Iss);
    if let Some(Value::String(iss)) = iss
        && issuers.iter().any(|i| i == iss)
    {
        return Ok(());
    }
    fail(
        Reason::TokenInvalidIssuer,
        format!(
            "Invalid JWT issuer claim (iss) {}. Expected \"{}\".",
            shown_claim(iss),
            issuers.join(", ")
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn header(json: &Value) -> Header<'static> {
        serde_json::from_str::<Header<'_>>(&json.to_string())
            .unwrap()
            .into_owned()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn m2m_category_is_not_a_session_token() {
        assert!(category(&header(&json!({"cat": "cl_B7d4PD111AAA"}))).is_ok());
        assert!(category(&header(&json!({}))).is_ok());
        let err = category(&header(&json!({"cat": M2M_TOKEN_CATEGORY}))).unwrap_err();
        assert_eq!(err.reason, Reason::TokenInvalid);
    }

    #[test]
    fn typ_rules() {
        let ok = |typ: Value, allowed: Option<&[String]>| {
            header_type(&header(&json!({ "typ": typ })), allowed).is_ok()
        };
        let custom = strings(&["JWT", "at+jwt"]);
        assert!(
            header_type(&header(&json!({})), None).is_ok(),
            "absent, unconfigured"
        );
        assert!(
            header_type(&header(&json!({})), Some(&custom)).is_err(),
            "absent, configured"
        );
        assert!(ok(json!("JWT"), None));
        assert!(!ok(json!("jwt"), None), "case-sensitive");
        assert!(!ok(json!("at+jwt"), None));
        assert!(ok(json!("at+jwt"), Some(&custom)));
        assert!(!ok(json!("application/at+jwt"), Some(&custom)));
        assert!(!ok(json!(["JWT"]), None), "not a string");
        assert!(
            header_type(&header(&json!({"typ": null})), None).is_err(),
            "null is not absent"
        );
        assert!(!ok(json!("JWT"), Some(&[])), "empty list allows nothing");
        let err = header_type(&header(&json!({"typ": "jwt"})), None).unwrap_err();
        assert_eq!(err.reason, Reason::TokenInvalid);
        assert_eq!(err.message, "Invalid JWT type \"jwt\". Expected \"JWT\".");
    }

    #[test]
    fn alg_rules() {
        for (alg, expected) in [
            ("RS256", Algorithm::RS256),
            ("RS384", Algorithm::RS384),
            ("RS512", Algorithm::RS512),
        ] {
            assert_eq!(
                algorithm(&header(&json!({ "alg": alg }))).unwrap(),
                expected
            );
        }
        for alg in [
            json!("none"),
            json!("None"),
            json!("rs256"),
            json!("HS256"),
            json!("PS256"),
            json!("ES256"),
            json!(["RS256"]),
            json!(null),
        ] {
            let err = algorithm(&header(&json!({ "alg": alg }))).unwrap_err();
            assert_eq!(err.reason, Reason::TokenInvalidAlgorithm, "{alg}");
        }
        let err = algorithm(&header(&json!({}))).unwrap_err();
        assert_eq!(
            err.message,
            "Invalid JWT algorithm undefined. Supported: RS256,RS384,RS512."
        );
    }

    #[test]
    fn sub_must_be_a_string() {
        assert!(subject(&json!({"sub": ""})).is_ok());
        assert!(subject(&json!({"sub": "user_1"})).is_ok());
        for bad in [
            json!({}),
            json!({"sub": 1}),
            json!({"sub": null}),
            json!([]),
            json!("x"),
        ] {
            assert_eq!(
                subject(&bad).unwrap_err().reason,
                Reason::TokenVerificationFailed
            );
        }
    }

    #[test]
    fn aud_shapes() {
        let list = strings(&["api://x", "api://z"]);
        let check = |aud: Value| audience(&json!({ "aud": aud }), &list).is_ok();
        assert!(check(json!("api://x")));
        assert!(!check(json!("api://y")));
        assert!(!check(json!("API://X")), "case-sensitive");
        assert!(!check(json!("api://")), "no substring match");
        assert!(check(json!("")), "empty string is not checked");
        assert!(check(json!(["api://y", "api://z"])));
        assert!(!check(json!(["api://y"])));
        assert!(check(json!(["", ""])), "only empty strings: not checked");
        assert!(!check(json!(["", "api://y"])));
        assert!(check(json!([])));
        assert!(check(json!(5)), "numbers are not checked");
        assert!(check(json!([1, 2])), "non-string arrays are not checked");
        assert!(check(json!(["api://y", 1])), "mixed arrays are not checked");
        assert!(check(json!({"a": 1})));
        assert!(audience(&json!({}), &list).is_ok(), "missing aud passes");
        assert!(
            audience(&json!({"aud": "api://y"}), &[]).is_ok(),
            "no audience configured"
        );
        let err = audience(&json!({"aud": "api://y"}), &strings(&["api://x"])).unwrap_err();
        assert_eq!(err.reason, Reason::TokenVerificationFailed);
        assert_eq!(
            err.message,
            "Invalid JWT audience claim (aud) \"api://y\". Is not included in \"[\"api://x\"]\"."
        );
    }

    #[test]
    fn azp_rules() {
        let parties = strings(&["https://app.example.test", "http://localhost:3000"]);
        let check = |payload: Value| authorized_party(&payload, &parties).map_err(|e| e.reason);
        assert!(check(json!({"azp": "http://localhost:3000"})).is_ok());
        for bad in [
            json!({}),
            json!({"azp": ""}),
            json!({"azp": null}),
            json!({"azp": "https://evil.example.test"}),
            json!({"azp": "https://app.example.test/"}),
            json!({"azp": "https://APP.example.test"}),
            json!({"azp": ["https://app.example.test"]}),
        ] {
            assert_eq!(
                check(bad.clone()),
                Err(Reason::TokenInvalidAuthorizedParties),
                "{bad}"
            );
        }
        assert!(
            authorized_party(&json!({}), &[]).is_ok(),
            "no parties: azp optional"
        );
        assert!(authorized_party(&json!({"azp": "x"}), &[]).is_ok());
        assert!(
            authorized_party(&json!({"azp": ""}), &strings(&[""])).is_err(),
            "an empty azp never matches"
        );
    }

    #[test]
    fn iss_rules() {
        let issuers = strings(&["https://clerk.example.test"]);
        assert!(issuer(&json!({}), None).is_ok());
        assert!(
            issuer(
                &json!({"iss": "https://clerk.example.test"}),
                Some(&issuers)
            )
            .is_ok()
        );
        for bad in [
            json!({}),
            json!({"iss": "https://other.example.test"}),
            json!({"iss": ["https://clerk.example.test"]}),
        ] {
            assert_eq!(
                issuer(&bad, Some(&issuers)).unwrap_err().reason,
                Reason::TokenInvalidIssuer
            );
        }
        assert!(
            issuer(&json!({"iss": "a"}), Some(&[])).is_err(),
            "fail closed"
        );
    }

    #[test]
    fn long_values_are_cut_in_messages() {
        let long = "é".repeat(500);
        let err = subject(&json!({ "sub": [long] })).unwrap_err();
        assert!(err.message.len() < 300, "{}", err.message.len());
    }
}
