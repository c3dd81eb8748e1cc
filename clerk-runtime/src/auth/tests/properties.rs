//! Fuzz-style properties: arbitrary headers, cookies, claims and checks never panic.

use std::sync::Arc;

use http::{HeaderMap, HeaderValue, Method};
use proptest::prelude::*;
use serde_json::{Map, Value};

use super::authenticate::{jwt, run};
use crate::auth::has_json::has_json;
use crate::auth::{
    AuthenticateOptions, Check, RequestCookies, SessionAuth, authenticate_request,
    is_document_request, is_machine_token, token_from_authorization_header,
};
use crate::{TokenVerificationError, TokenVerificationErrorReason};

/// Arbitrary JSON, biased towards the shapes and keys Clerk's parser reads.
fn json_value() -> impl Strategy<Value = Value> {
    let key = prop_oneof![
        Just("sub".to_owned()),
        Just("v".to_owned()),
        Just("o".to_owned()),
        Just("fea".to_owned()),
        Just("pla".to_owned()),
        Just("per".to_owned()),
        Just("fpm".to_owned()),
        Just("id".to_owned()),
        Just("rol".to_owned()),
        Just("fva".to_owned()),
        Just("sts".to_owned()),
        Just("org_id".to_owned()),
        Just("org_role".to_owned()),
        Just("org_permissions".to_owned()),
        Just("role".to_owned()),
        Just("permission".to_owned()),
        Just("feature".to_owned()),
        Just("plan".to_owned()),
        Just("reverification".to_owned()),
        Just("level".to_owned()),
        Just("afterMinutes".to_owned()),
        "[a-z_]{0,6}",
    ];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        Just(Value::from(2)),
        Just(Value::from(-1)),
        "[ou]{0,2}:[a-z]{0,4}(,[ou]{0,2}:?[a-z]{0,3}){0,4}".prop_map(Value::String),
        "[0-9 ,x-]{0,40}".prop_map(Value::String),
        ".{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 48, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec((key.clone(), inner), 0..8)
                .prop_map(|pairs| Value::Object(pairs.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn header_map(pairs: &[(u8, Vec<u8>)]) -> HeaderMap {
    let names = ["authorization", "cookie", "accept", "sec-fetch-dest"];
    let mut map = HeaderMap::new();
    for (which, bytes) in pairs {
        if let Ok(value) = HeaderValue::from_bytes(bytes) {
            map.append(names[usize::from(*which) % names.len()], value);
        }
    }
    map
}

/// A session with the organization fields `has({ role })` and `has({ permission })` read.
fn org_session(
    user_id: &str,
    org_id: Option<&str>,
    org_role: Option<&str>,
    permissions: Option<Vec<String>>,
) -> SessionAuth {
    let mut claims = Map::new();
    claims.insert("sub".into(), Value::from("user_1"));
    let mut session = SessionAuth::from_payload(Arc::new(claims), Arc::from("t")).unwrap();
    session.user_id = user_id.into();
    session.org_id = org_id.map(str::to_owned);
    session.org_role = org_role.map(str::to_owned);
    session.org_permissions = permissions;
    session
}

proptest! {
    /// `satisfies` answers a single role or permission as `has()` of that one key does.
    #[test]
    fn one_key_requirements_agree_with_has(
        user_id in prop_oneof![Just(""), Just("user_1")],
        org_id in prop::option::of(prop_oneof![Just(""), Just("org_1")]),
        org_role in prop::option::of("(org:){0,2}(admin|member|)"),
        permissions in prop::option::of(prop::collection::vec("(org:){0,2}(a:b|a:c|)", 0..3)),
        key in "(org:|ORG:){0,2}(admin|member|a:b|a:c|)",
    ) {
        let session = org_session(user_id, org_id, org_role.as_deref(), permissions);
        let role = crate::requirement::Requirement::Role(key.clone().into());
        prop_assert_eq!(session.satisfies(&role), session.has(&Check::role(key.clone())));
        let permission = crate::requirement::Requirement::Permission(key.clone().into());
        prop_assert_eq!(session.satisfies(&permission), session.has(&Check::permission(key)));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn claims_and_checks_never_panic(claims in json_value(), check in json_value(), pending in any::<bool>()) {
        let _ = has_json(Some(&claims), Some(&check), pending);
        if let Value::Object(map) = claims
            && let Ok(session) = SessionAuth::from_payload(Arc::new(map), Arc::from("t"))
            && let Ok(check) = Check::from_json(&check)
        {
            let _ = session.has(&check);
        }
    }

    #[test]
    fn cookie_strings_never_panic(header in ".{0,200}", bytes in prop::collection::vec(any::<u8>(), 0..200)) {
        let cookies = RequestCookies::parse(&header);
        let _ = cookies.get("__session");
        let _ = RequestCookies::parse(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn cookie_values_round_trip(value in "[A-Za-z0-9._-]{1,40}", other in "[A-Za-z0-9._-]{0,40}") {
        let parsed = RequestCookies::parse(&format!("a=1; __session={value}; __session={other}"));
        prop_assert_eq!(parsed.get("__session"), Some(value.as_str()));
    }

    #[test]
    fn arbitrary_headers_never_panic(
        pairs in prop::collection::vec((any::<u8>(), prop::collection::vec(any::<u8>(), 0..120)), 0..6),
        post in any::<bool>(),
        accept in any::<bool>(),
    ) {
        let headers = header_map(&pairs);
        let _ = token_from_authorization_header(&headers);
        let _ = is_document_request(&headers);
        let method = if post { Method::POST } else { Method::GET };
        let _ = run(authenticate_request(&method, &http::Uri::from_static("/"), &headers, &AuthenticateOptions::default(), |token: &str| {
            let token = token.to_owned();
            async move {
                if accept {
                    let claims = serde_json::json!({"sub": token});
                    let Value::Object(map) = claims else { unreachable!() };
                    Ok(Arc::new(map))
                } else {
                    Err(TokenVerificationError::new(TokenVerificationErrorReason::TokenInvalid, "no"))
                }
            }
        }));
    }

    #[test]
    fn arbitrary_tokens_never_panic(token in ".{0,120}", header in json_value(), claims in json_value()) {
        let _ = is_machine_token(&token);
        let _ = is_machine_token(&jwt(&header, &claims));
    }

    #[test]
    fn suffixed_and_dev_instance_cookies_never_panic(
        sessions in prop::collection::vec((0u8..6, json_value(), json_value()), 0..4),
        uats in prop::collection::vec((0u8..6, "[0-9a-z -]{0,6}"), 0..4),
        live in any::<bool>(),
        query in "[a-z_=&%0-9]{0,24}",
        now_ms in any::<i64>(),
    ) {
        let key = if live {
            "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"
        } else {
            "pk_test_aGFwcHktaGlwcG8tMS5jbGVyay5hY2NvdW50cy5kZXYk"
        };
        let instance = crate::auth::CookieInstance::new(
            &crate::config::PublishableKey::parse(key).unwrap(),
        );
        let sfx = instance.suffix().to_owned();
        let name = |which: u8, base: &str| match which % 3 {
            0 => base.to_owned(),
            1 => format!("{base}_{sfx}"),
            _ => format!("{base}_x"),
        };
        let mut cookie = Vec::new();
        for (which, header, claims) in &sessions {
            cookie.push(format!("{}={}", name(*which, "__session"), jwt(header, claims)));
        }
        for (which, value) in &uats {
            cookie.push(format!("{}={value}", name(*which, "__client_uat")));
        }
        let mut headers = HeaderMap::new();
        if let Ok(value) = HeaderValue::from_str(&cookie.join("; ")) {
            headers.insert("cookie", value);
        }
        let uri: http::Uri = format!("/p?{query}").parse().unwrap_or_default();
        let options = AuthenticateOptions::default().with_instance(instance).with_now_ms(now_ms);
        let _ = run(authenticate_request(&Method::GET, &uri, &headers, &options, |_token: &str| async {
            Err::<Arc<Map<String, Value>>, _>(TokenVerificationError::new(TokenVerificationErrorReason::TokenInvalid, "no"))
        }));
    }

    #[test]
    fn javascript_number_coercion_never_panics(text in ".{0,16}", a in json_value(), b in json_value()) {
        let n = crate::auth::js_number::string_to_number(&text);
        let digits = crate::auth::js::js_trim(&text);
        if !digits.is_empty()
            && digits.bytes().all(|c| c.is_ascii_digit())
            && let Ok(rust) = digits.parse::<f64>()
        {
            prop_assert_eq!(n.to_bits(), rust.to_bits());
        }
        let _ = crate::auth::js_number::greater_than(&a, &b);
        let _ = crate::auth::js_number::less_than_number(&a, 1.0);
    }
}
