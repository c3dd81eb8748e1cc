//! A stale session refreshed through Clerk's handshake, over HTTP with a cookie jar: sign in on
//! the dev page with 3-second tokens, wait past expiry, load `/dashboard` as a document. The
//! layer sends the browser to the Frontend API stand-in, which mints a fresh token from the dev
//! client cookie; the browser lands back on `/dashboard` signed in, never on `/sign-in`. An API
//! request with the stale token is denied, not redirected.

use std::sync::Arc;

use reqwest::cookie::Jar;
use reqwest::header::{ACCEPT, CONTENT_TYPE, LOCATION};
use reqwest::{Client, StatusCode, Url, redirect};

use super::support::{App, jar_cookie, jwt_claims, now, past_expiry};

const TTL_SECS: u64 = 3;
const DOCUMENT_ACCEPT: &str = "text/html,application/xhtml+xml,*/*;q=0.8";

/// One request of a navigation: where it went and what came back.
#[derive(Debug)]
struct Hop {
    url: String,
    status: StatusCode,
    auth_status: Option<String>,
    location: Option<String>,
}

/// Loads `url` as a browser page load does, following redirects by hand (the jar keeps every
/// hop's cookies). Returns every hop and the last response's body.
async fn navigate(client: &Client, url: &str) -> (Vec<Hop>, String) {
    let mut hops = Vec::new();
    let mut url = Url::parse(url).unwrap();
    for _ in 0..10 {
        let response = client
            .get(url.clone())
            .header(ACCEPT, DOCUMENT_ACCEPT)
            .header("sec-fetch-dest", "document")
            .send()
            .await
            .unwrap();
        let location = response
            .headers()
            .get(LOCATION)
            .map(|l| l.to_str().unwrap().to_owned());
        let hop = Hop {
            url: url.to_string(),
            status: response.status(),
            auth_status: response
                .headers()
                .get("x-clerk-auth-status")
                .map(|s| s.to_str().unwrap().to_owned()),
            location: location.clone(),
        };
        let redirected = response.status().is_redirection();
        hops.push(hop);
        match location {
            Some(location) if redirected => url = url.join(&location).unwrap(),
            _ => return (hops, response.text().await.unwrap()),
        }
    }
    panic!("more than 10 redirects: {hops:#?}");
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one browser's journey: sign in, expiry, API denial, handshake refresh"
)]
async fn stale_session_is_refreshed_through_the_handshake_over_http() {
    let app = App::start("handshake-http", TTL_SECS).await;
    let base = app.base.clone();
    let jar = Arc::new(Jar::default());
    let client = Client::builder()
        .cookie_provider(jar.clone())
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();

    // Sign in through the dev page, coming back to /dashboard.
    let dashboard = format!("{base}/dashboard");
    let (_, form) = navigate(
        &client,
        &format!(
            "{base}/sign-in?redirect_url={}",
            url::form_urlencoded::byte_serialize(dashboard.as_bytes()).collect::<String>()
        ),
    )
    .await;
    assert!(form.contains("name=user_id"), "{form}");
    let response = client
        .post(format!("{base}/sign-in"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs([
                    ("user_id", "user_e2e"),
                    ("role", "org:member"),
                    ("permissions", ""),
                    ("redirect_url", dashboard.as_str()),
                ])
                .finish(),
        )
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    assert_eq!(response.headers()[LOCATION], "/dashboard");
    let (hops, page) = navigate(&client, &dashboard).await;
    assert_eq!(hops.len(), 1, "signed in, no redirect: {hops:#?}");
    assert_eq!(hops[0].status, StatusCode::OK);
    assert!(page.contains("user_e2e"), "{page}");

    let stale = jar_cookie(&jar, &dashboard, "__session").expect("a __session cookie");
    let stale_claims = jwt_claims(&stale);
    assert_eq!(
        stale_claims["exp"].as_u64().unwrap() - stale_claims["iat"].as_u64().unwrap(),
        TTL_SECS,
        "CLERK_DEV_SESSION_TTL sets the token lifetime"
    );
    assert!(
        jar_cookie(
            &jar,
            &format!("{base}/__clerk/v1/client/handshake"),
            "__clerk_dev_client"
        )
        .is_some(),
        "the dev client cookie reaches the Frontend API stand-in"
    );
    assert!(
        jar_cookie(&jar, &dashboard, "__clerk_dev_client").is_none(),
        "the dev client cookie is for the stand-in only"
    );

    tokio::time::sleep(past_expiry(TTL_SECS)).await;

    // An API request with the stale token: denied (Clerk's 404), never redirected.
    let response = client
        .get(format!("{base}/api/me"))
        .header(ACCEPT, "application/json")
        .header("sec-fetch-dest", "empty")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(response.headers().get(LOCATION).is_none());
    let reason = response.headers()["x-clerk-auth-reason"].to_str().unwrap();
    assert!(reason.contains("expired"), "{reason}");
    assert_eq!(
        jar_cookie(&jar, &dashboard, "__session"),
        Some(stale.clone())
    );

    // A page load with the stale token: refreshed through the handshake, back on /dashboard.
    let mark = app.served();
    let (hops, page) = navigate(&client, &dashboard).await;
    let served = app.served_since(mark);
    let first = &hops[0];
    assert_eq!(first.status, StatusCode::TEMPORARY_REDIRECT, "{hops:#?}");
    assert_eq!(first.auth_status.as_deref(), Some("handshake"), "{hops:#?}");
    let handshake = Url::parse(&dashboard)
        .unwrap()
        .join(first.location.as_deref().unwrap())
        .unwrap();
    assert_eq!(
        handshake.path(),
        "/__clerk/v1/client/handshake",
        "{hops:#?}"
    );
    let redirect_url = handshake
        .query_pairs()
        .find(|(name, _)| name == "redirect_url")
        .map(|(_, value)| value.into_owned());
    assert_eq!(redirect_url.as_deref(), Some(dashboard.as_str()));
    assert!(
        served
            .iter()
            .any(|s| s.starts_with("/__clerk/v1/client/handshake?")),
        "{served:#?}"
    );
    assert!(
        !served.iter().any(|s| s.starts_with("/sign-in")),
        "refreshed through the handshake, never through /sign-in: {served:#?}"
    );
    let last = hops.last().unwrap();
    assert_eq!(last.status, StatusCode::OK, "{hops:#?}");
    assert_eq!(
        last.url, dashboard,
        "the handshake parameters are gone: {hops:#?}"
    );
    assert!(page.contains("user_e2e"), "{page}");

    let fresh = jar_cookie(&jar, &dashboard, "__session").expect("a new __session cookie");
    assert_ne!(fresh, stale);
    let claims = jwt_claims(&fresh);
    assert_eq!(claims["sub"], "user_e2e");
    assert_eq!(
        claims["sid"], stale_claims["sid"],
        "the same session, refreshed"
    );
    assert!(claims["exp"].as_u64().unwrap() > now(), "{claims}");

    // The API accepts the fresh token.
    let me: serde_json::Value = client
        .get(format!("{base}/api/me"))
        .header(ACCEPT, "application/json")
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["userId"], "user_e2e");

    // The same stale cookies in a browser without the dev client cookie: the stand-in mints
    // nothing, the handshake signs the browser out, and only then does /sign-in follow.
    let uat = jar_cookie(&jar, &dashboard, "__client_uat").unwrap();
    let dev_browser = jar_cookie(&jar, &dashboard, "__clerk_db_jwt").unwrap();
    let other_jar = Arc::new(Jar::default());
    let origin = Url::parse(&base).unwrap();
    for cookie in [
        format!("__session={stale}; Path=/"),
        format!("__client_uat={uat}; Path=/"),
        format!("__clerk_db_jwt={dev_browser}; Path=/"),
    ] {
        other_jar.add_cookie_str(&cookie, &origin);
    }
    let other = Client::builder()
        .cookie_provider(other_jar.clone())
        .redirect(redirect::Policy::none())
        .build()
        .unwrap();
    let mark = app.served();
    let (hops, _) = navigate(&other, &dashboard).await;
    let served = app.served_since(mark);
    assert_eq!(
        hops[0].auth_status.as_deref(),
        Some("handshake"),
        "{hops:#?}"
    );
    assert!(
        served
            .iter()
            .any(|s| s.starts_with("/__clerk/v1/client/handshake?")),
        "{served:#?}"
    );
    let last = hops.last().unwrap();
    assert!(
        last.url.starts_with(&format!("{base}/sign-in?")),
        "{hops:#?}"
    );
    assert_eq!(jar_cookie(&other_jar, &dashboard, "__session"), None);
    assert_eq!(
        jar_cookie(&other_jar, &dashboard, "__client_uat").as_deref(),
        Some("0")
    );
}
