//! Dev mode: the Frontend API stand-in speaks Clerk's handshake wire format, the pages set the
//! right cookies, the environment is checked.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use http_body_util::BodyExt as _;
use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};
use tower::ServiceExt as _;

use super::client::{self, DevClient};
use super::settings::parse_ttl;
use super::{DevMode, DevModeError};
use crate::dev::SigningKey;
use crate::handshake::cookie_suffix;
use crate::verify::{Verifier, VerifyOptions};

fn now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

fn dev() -> DevMode {
    DevMode::new(SigningKey::generate().unwrap()).with_session_ttl(Duration::from_secs(3))
}

fn signed_client(dev: &DevMode) -> (DevClient, String) {
    let client = DevClient::sign_in(
        "user_7",
        "org:admin",
        "org:reports:read",
        "sess_dev_t".to_owned(),
        now() - 100,
    )
    .unwrap();
    let sealed = client.seal(dev.signing_key()).unwrap();
    (client, sealed)
}

/// `GET /__clerk/v1/client/handshake?<query>` on host `app.test` with `cookie`.
async fn handshake(dev: &DevMode, query: &str, cookie: Option<&str>) -> axum::response::Response {
    let mut request = Request::get(format!("/__clerk/v1/client/handshake?{query}"))
        .header(header::HOST, "app.test");
    if let Some(cookie) = cookie {
        request = request.header(header::COOKIE, cookie);
    }
    dev.router()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap()
}

const BACK: &str = "redirect_url=http%3A%2F%2Fapp.test%2Fdashboard%3Ftab%3D1\
                    &__clerk_api_version=2026-05-12&suffixed_cookies=false\
                    &__clerk_hs_reason=session-token-expired-refresh-non-eligible-no-refresh-cookie\
                    &format=nonce";

/// The handshake token in a stand-in answer, verified with `key` (RS256, as Clerk checks it),
/// and its `handshake` directives.
fn directives_of(response: &axum::response::Response, key: &SigningKey) -> Vec<String> {
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(response.headers()[header::CACHE_CONTROL], "no-store");
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    let token = location
        .strip_prefix("/dashboard?tab=1&__clerk_handshake=")
        .unwrap_or_else(|| panic!("{location}"));
    let header = jsonwebtoken::decode_header(token).unwrap();
    assert_eq!(header.alg, Algorithm::RS256);
    assert_eq!(header.kid.as_deref(), Some(key.kid()));
    let decoding = DecodingKey::from_rsa_pem(key.public_pem().as_bytes()).unwrap();
    let claims =
        jsonwebtoken::decode::<Value>(token, &decoding, &Validation::new(Algorithm::RS256))
            .unwrap()
            .claims;
    assert!(claims.get("cat").is_none(), "{claims}");
    claims["handshake"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d.as_str().unwrap().to_owned())
        .collect()
}

fn directive<'a>(directives: &'a [String], name: &str) -> &'a str {
    directives
        .iter()
        .find(|d| d.split_once('=').is_some_and(|(n, _)| n == name))
        .unwrap_or_else(|| panic!("no {name} in {directives:?}"))
}

fn value(directive: &str) -> &str {
    directive
        .split(';')
        .next()
        .unwrap()
        .split_once('=')
        .unwrap()
        .1
}

#[tokio::test]
async fn handshake_mints_a_fresh_session_for_the_signed_in_client() {
    let dev = dev();
    let (client, sealed) = signed_client(&dev);
    let response = handshake(&dev, BACK, Some(&format!("{}={sealed}", client::COOKIE))).await;
    let directives = directives_of(&response, dev.signing_key());

    let session = directive(&directives, "__session");
    assert!(session.contains("; Path=/"), "{session}");
    let token = value(session);
    let verifier =
        Verifier::from_pem(dev.signing_key().public_pem(), VerifyOptions::default()).unwrap();
    let payload = verifier.verify(token).await.unwrap();
    assert_eq!(payload["sub"], "user_7");
    assert_eq!(payload["sid"], "sess_dev_t");
    assert_eq!(payload["o"]["rol"], "admin");
    assert_eq!(payload["iss"], "https://clerk.localhost");
    let iat = payload["iat"].as_u64().unwrap();
    assert!(iat.abs_diff(now()) <= 2, "a fresh token, not the sign-in's");
    assert_eq!(payload["exp"].as_u64().unwrap() - iat, 3);

    let uat = directive(&directives, "__client_uat");
    assert_eq!(value(uat), client.uat.to_string());
    assert!(uat.contains("; Path=/"), "{uat}");
    assert!(value(directive(&directives, "__clerk_db_jwt")).starts_with("dvb_"));
    assert!(
        !directives.iter().any(|d| d.starts_with("__session_")),
        "unsuffixed only: {directives:?}"
    );
}

#[tokio::test]
async fn handshake_writes_suffixed_cookies_when_asked_and_keeps_the_dev_browser() {
    let dev = dev();
    let (_, sealed) = signed_client(&dev);
    let query = format!(
        "{}&__clerk_db_jwt=dvb_given",
        BACK.replace("suffixed_cookies=false", "suffixed_cookies=true")
    );
    let response = handshake(&dev, &query, Some(&format!("{}={sealed}", client::COOKIE))).await;
    let directives = directives_of(&response, dev.signing_key());
    let suffix = cookie_suffix(DevMode::PUBLISHABLE_KEY);
    assert_eq!(
        value(directive(&directives, "__session")),
        value(directive(&directives, &format!("__session_{suffix}")))
    );
    directive(&directives, &format!("__client_uat_{suffix}"));
    assert_eq!(value(directive(&directives, "__clerk_db_jwt")), "dvb_given");
}

/// No session may come out of the stand-in unless the dev key signed a live dev client record.
#[tokio::test]
async fn handshake_refuses_to_mint_without_a_genuine_client_cookie() {
    let dev = dev();
    let (client, _) = signed_client(&dev);
    let stranger = SigningKey::generate().unwrap();
    let forged_key = client.seal(&stranger).unwrap();
    let session_token = client
        .mint_session(dev.signing_key(), now(), Duration::from_mins(1))
        .unwrap();
    let genuine = client.seal(dev.signing_key()).unwrap();
    let mut parts: Vec<&str> = genuine.split('.').collect();
    let tampered_payload = {
        use base64::Engine as _;
        let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let mut claims: Value = serde_json::from_slice(&engine.decode(parts[1]).unwrap()).unwrap();
        claims["sub"] = json!("user_admin");
        engine.encode(serde_json::to_vec(&claims).unwrap())
    };
    parts[1] = &tampered_payload;
    let tampered = parts.join(".");
    let mut expired_claims = serde_json::to_value(&client).unwrap();
    expired_claims["exp"] = json!(now() - 1);
    let expired = dev.signing_key().mint(&expired_claims).unwrap();

    for cookie in [
        None,
        Some(format!("{}={forged_key}", client::COOKIE)),
        Some(format!("{}={session_token}", client::COOKIE)),
        Some(format!("{}={tampered}", client::COOKIE)),
        Some(format!("{}={expired}", client::COOKIE)),
        Some(format!("{}=", client::COOKIE)),
        // A session cookie alone is not a client.
        Some(format!("__session={session_token}")),
    ] {
        let response = handshake(&dev, BACK, cookie.as_deref()).await;
        let directives = directives_of(&response, dev.signing_key());
        let session = directive(&directives, "__session");
        assert_eq!(value(session), "", "{cookie:?}: {directives:?}");
        assert!(session.contains("Max-Age=0"), "{session}");
        assert_eq!(value(directive(&directives, "__client_uat")), "0");
        assert_eq!(
            directives
                .iter()
                .filter(|d| d.starts_with("__session"))
                .count(),
            1,
            "{directives:?}"
        );
    }
}

#[tokio::test]
async fn handshake_never_redirects_off_the_app() {
    let dev = dev();
    let (_, sealed) = signed_client(&dev);
    let cookie = format!("{}={sealed}", client::COOKIE);
    for query in [
        "format=nonce",
        "redirect_url=",
        "redirect_url=https%3A%2F%2Fevil.example%2F",
        "redirect_url=%2F%2Fevil.example%2F",
        "redirect_url=http%3A%2F%2Fapp.test.evil.example%2F",
    ] {
        let response = handshake(&dev, query, Some(&cookie)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        assert!(response.headers().get(header::LOCATION).is_none());
    }
    let response = handshake(&dev, "redirect_url=%2Fp%3Fa%3D1", Some(&cookie)).await;
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(
        location.starts_with("/p?a=1&__clerk_handshake="),
        "{location}"
    );
    let response = handshake(&dev, "redirect_url=%2Fp%23top", Some(&cookie)).await;
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.starts_with("/p?__clerk_handshake="), "{location}");
    assert!(location.ends_with("#top"), "{location}");
}

async fn sign_in(dev: &DevMode, form: &str) -> axum::response::Response {
    dev.router()
        .oneshot(
            Request::post("/sign-in")
                .header(header::HOST, "app.test")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form.to_owned()))
                .unwrap(),
        )
        .await
        .unwrap()
}

fn set_cookies(response: &axum::response::Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn sign_in_sets_a_session_the_client_record_and_a_dev_browser() {
    let dev = dev();
    let response = sign_in(
        &dev,
        "user_id=user_9&role=org%3Amember&permissions=org%3Areports%3Aread\
         &redirect_url=http%3A%2F%2Fapp.test%2Freports",
    )
    .await;
    assert!(response.status().is_redirection());
    assert_eq!(response.headers()[header::LOCATION], "/reports");
    let cookies = set_cookies(&response);
    let session = directive(&cookies, "__session");
    let payload = Verifier::from_pem(dev.signing_key().public_pem(), VerifyOptions::default())
        .unwrap()
        .verify(value(session))
        .await
        .unwrap();
    assert_eq!(payload["sub"], "user_9");
    assert_eq!(payload["o"]["per"], "read");
    let iat = payload["iat"].as_u64().unwrap();
    assert_eq!(payload["exp"].as_u64().unwrap() - iat, 3);
    assert_eq!(value(directive(&cookies, "__client_uat")), iat.to_string());
    let client_cookie = directive(&cookies, client::COOKIE);
    assert!(
        client_cookie.contains("; Path=/__clerk;"),
        "{client_cookie}"
    );
    assert!(client_cookie.contains("HttpOnly"), "{client_cookie}");
    let client = DevClient::open(value(client_cookie), dev.signing_key()).unwrap();
    assert_eq!(client.sub, "user_9");
    assert_eq!(client.sid, payload["sid"].as_str().unwrap());
    assert_eq!(client.permissions, ["org:reports:read"]);
    directive(&cookies, "__clerk_db_jwt");
}

#[tokio::test]
async fn sign_in_refuses_open_redirects_and_bad_values() {
    let dev = dev();
    let response = sign_in(
        &dev,
        "user_id=user_9&redirect_url=https%3A%2F%2Fevil.example%2F",
    )
    .await;
    assert_eq!(response.headers()[header::LOCATION], "/");

    let response = sign_in(
        &dev,
        "user_id=user_9&role=org%3Aadmin&permissions=not-a-key&redirect_url=%2Fx",
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookies(&response).is_empty());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8_lossy(&body);
    assert!(body.contains("not-a-key"), "{body}");
    assert!(body.contains("value=\"/x\""), "{body}");

    let response = sign_in(
        &dev,
        "user_id=user_1&role=&permissions=org%3Areports%3Aread&redirect_url=%2F",
    )
    .await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(set_cookies(&response).is_empty());
    let body = response.into_body().collect().await.unwrap().to_bytes();
    assert!(
        String::from_utf8_lossy(&body).contains("organization"),
        "permissions need an organization"
    );

    let response = sign_in(&dev, "user_id=+&redirect_url=%2F").await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn pages_have_the_form_fields_a_stylesheet_and_a_sign_out_link() {
    let dev = dev();
    let response = dev
        .router()
        .oneshot(
            Request::get("/sign-in?redirect_url=%2Fdash%22%3E%3Cscript%3E")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let body = String::from_utf8_lossy(&body);
    for field in ["user_id", "role", "permissions", "redirect_url"] {
        assert!(body.contains(&format!("name={field}")), "{field}: {body}");
    }
    assert!(body.contains("<style>"), "{body}");
    assert!(body.contains("href=\"/sign-out\""), "{body}");
    assert!(body.contains("/dash&quot;&gt;&lt;script&gt;"), "{body}");
    assert!(!body.contains("<script>"), "{body}");

    let response = dev
        .router()
        .oneshot(Request::get("/sign-out").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(response.headers()[header::LOCATION], "/");
    let cookies = set_cookies(&response);
    assert_eq!(value(directive(&cookies, "__session")), "");
    assert_eq!(value(directive(&cookies, "__client_uat")), "0");
    let client_cookie = directive(&cookies, client::COOKIE);
    assert!(client_cookie.contains("Max-Age=0") && client_cookie.contains("Path=/__clerk"));
}

#[test]
fn config_is_a_development_instance_behind_the_stand_in() {
    let dev = dev();
    let config = dev.config().unwrap();
    let key = config.publishable_key().unwrap();
    assert!(!key.is_live());
    assert_eq!(key.frontend_api(), "clerk.localhost");
    assert_eq!(config.proxy_url(), Some("/__clerk"));
    assert_eq!(config.sign_in_url(), Some("/sign-in"));
    assert!(config.jwt_key().is_some());
    assert!(config.secret_key().is_none());
}

#[test]
fn session_ttl_is_sixty_seconds_unless_the_variable_says_otherwise() {
    assert_eq!(
        super::settings::read_vars(Vec::<(String, String)>::new()).unwrap(),
        Duration::from_mins(1)
    );
    assert_eq!(
        super::settings::read_vars([("CLERK_DEV_SESSION_TTL", "3")]).unwrap(),
        Duration::from_secs(3)
    );
    assert_eq!(
        super::settings::read_vars([("CLERK_DEV_SESSION_TTL", "")]).unwrap(),
        Duration::from_mins(1)
    );
    assert_eq!(parse_ttl("86400").unwrap(), Duration::from_hours(24));
    for bad in [
        "0",
        "-1",
        "1.5",
        " 3",
        "3s",
        "abc",
        "86401",
        "99999999999999999999999",
    ] {
        let error = parse_ttl(bad).unwrap_err();
        assert!(
            matches!(error, DevModeError::InvalidSessionTtl { .. }),
            "{bad}"
        );
        assert!(
            error.to_string().contains("CLERK_DEV_SESSION_TTL"),
            "{error}"
        );
    }
}

proptest::proptest! {
    /// Any value is a lifetime from 1 s to a day or a typed error; never a panic.
    #[test]
    fn any_ttl_value_is_a_lifetime_in_range_or_an_error(
        value in proptest::prop_oneof!["\\PC{0,24}", "[0-9]{1,25}"]
    ) {
        match parse_ttl(&value) {
            Ok(ttl) => proptest::prop_assert!((1..=86_400).contains(&ttl.as_secs())),
            Err(error) => {
                let typed = matches!(error, DevModeError::InvalidSessionTtl { .. });
                proptest::prop_assert!(typed, "{error}");
            }
        }
    }
}

#[test]
fn live_keys_are_refused_before_any_key_file_is_written() {
    let dir = std::env::temp_dir().join(format!(
        "clerk-devmode-live-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    for (name, value) in [
        (
            "CLERK_SECRET_KEY",
            "sk_live_0123456789abcdef0123456789abcdef",
        ),
        ("CLERK_PUBLISHABLE_KEY", "pk_live_Y2xlcmsuZXhhbXBsZS5jb20k"),
    ] {
        let error = DevMode::from_vars([(name, value)], &dir).unwrap_err();
        assert!(
            matches!(error, DevModeError::LiveKey { variable, .. } if variable == name),
            "{error}"
        );
        let message = error.to_string();
        assert!(
            !message.contains("0123456789abcdef"),
            "no key in: {message}"
        );
    }
    assert!(!dir.exists());
    let error = DevMode::from_vars([("CLERK_DEV_SESSION_TTL", "soon")], &dir).unwrap_err();
    assert!(matches!(error, DevModeError::InvalidSessionTtl { .. }));
    assert!(!dir.exists());

    let dev = DevMode::from_vars(
        [
            ("CLERK_SECRET_KEY", "sk_test_0123456789abcdef"),
            ("CLERK_DEV_SESSION_TTL", "5"),
        ],
        &dir,
    )
    .unwrap();
    assert_eq!(dev.session_ttl(), Duration::from_secs(5));
    assert!(dev.key_created());
    assert!(dir.join(".clerk/dev-key.pem").is_file());
    std::fs::remove_dir_all(&dir).unwrap();
}
