//! In local dev mode a denial says why (HTML for page loads, JSON otherwise); with Clerk keys
//! the same denial is Clerk's empty 404. The quickstart's app, over HTTP.

use std::net::SocketAddr;

use clerk_examples::quickstart;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::ClerkOptions;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE};
use reqwest::{Client, StatusCode};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "clerk-explain-{name}-{}-{:?}",
        std::process::id(),
        std::time::SystemTime::now()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

async fn serve(router: axum::Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    address
}

fn member_token(key: &SigningKey) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = SessionClaimsBuilder::new("user_member")
        .org("org_1", None, "org:member")
        .build(now)
        .unwrap();
    key.mint(&claims).unwrap()
}

#[tokio::test]
async fn dev_mode_denials_name_what_was_missing() {
    let dir = temp_dir("dev");
    let app = quickstart::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
    let key =
        SigningKey::from_pem(&std::fs::read_to_string(dir.join(".clerk/dev-key.pem")).unwrap())
            .unwrap();
    let base = format!("http://{}", serve(app.router).await);
    let client = Client::new();
    let member = member_token(&key);

    // An API client, signed in without the role: Clerk's status and headers, a JSON reason.
    let response = client
        .get(format!("{base}/admin"))
        .header(AUTHORIZATION, format!("Bearer {member}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers()["x-clerk-auth-reason"], "protect-rewrite");
    assert_eq!(response.headers()[CONTENT_TYPE], "application/json");
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "unauthorized");
    assert_eq!(body["unmet"], r#"role "org:admin""#);
    assert_eq!(body["signInUrl"], "/sign-in");
    assert_eq!(body["signOutUrl"], "/sign-out");

    // The same member on a page: an HTML page naming the permission and linking sign-out.
    let response = client
        .get(format!("{base}/reports"))
        .header(AUTHORIZATION, format!("Bearer {member}"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert!(
        response.headers()[CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(
        page.contains("permission &quot;org:reports:read&quot;"),
        "{page}"
    );
    assert!(page.contains("href=\"/sign-out\""), "{page}");
    // Signing in as someone else comes back to the denied page.
    let back: String =
        url::form_urlencoded::byte_serialize(format!("{base}/reports").as_bytes()).collect();
    assert!(
        page.contains(&format!("href=\"/sign-in?redirect_url={back}\"")),
        "{page}"
    );
    assert!(page.contains("organization"), "{page}");
    assert!(!page.contains(&member), "the token is never echoed");

    // Signed out, not a page: the reason Clerk gives. Dev mode is a development instance, so
    // a request with no dev browser is `dev-browser-missing`, as in Clerk.
    let response = client.get(format!("{base}/api/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "unauthenticated");
    assert_eq!(body["reason"], "dev-browser-missing");

    // Signed out page loads are still redirected (through the handshake first), as Clerk.
    let response = Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(format!("{base}/admin"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn with_clerk_keys_denials_stay_clerks_empty_404() {
    let key = SigningKey::generate().unwrap();
    let config = ClerkConfig::builder()
        .jwt_key(key.public_pem())
        .sign_in_url("/sign-in")
        .build()
        .unwrap();
    let router = quickstart::router(ClerkOptions::from_config(&config).unwrap(), None);
    let base = format!("http://{}", serve(router).await);
    let client = Client::new();
    let member = member_token(&key);
    for (path, accept) in [("/admin", "application/json"), ("/reports", "text/html")] {
        let response = client
            .get(format!("{base}{path}"))
            .header(AUTHORIZATION, format!("Bearer {member}"))
            .header(ACCEPT, accept)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert!(response.headers().get(CONTENT_TYPE).is_none());
        assert_eq!(response.text().await.unwrap(), "", "{path}");
    }
    let response = client.get(format!("{base}/api/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.text().await.unwrap(), "");
}
