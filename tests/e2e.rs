//! End to end: the quickstart's app on a loopback port, driven over HTTP like a browser and
//! like `curl`: the sign-in redirect, the dev sign-in round trip with cookies, the 404s and
//! `/api/me`; a stale session refreshed through the handshake, over HTTP with a cookie jar
//! (`e2e/handshake.rs`) and in headless Chromium (`e2e/browser.rs`), where the dev sign-in form
//! and the dev-mode denial pages are driven too.

use std::net::SocketAddr;

mod e2e {
    pub(crate) mod browser;
    pub(crate) mod handshake;
    pub(crate) mod support;
}

use clerk_examples::quickstart::{self, Mode, StartError};
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, LOCATION, SET_COOKIE};
use reqwest::{Client, StatusCode, redirect};

/// A fresh directory under the system temp dir.
fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "clerk-e2e-{name}-{}-{:?}",
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

fn client() -> Client {
    Client::builder()
        .redirect(redirect::Policy::none())
        .build()
        .unwrap()
}

/// `name=value` pairs of the response's `Set-Cookie` headers, joined for a `Cookie` header.
fn cookies(response: &reqwest::Response) -> String {
    response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect::<Vec<_>>()
        .join("; ")
}

async fn sign_in(
    client: &Client,
    base: &str,
    user: &str,
    role: &str,
    permissions: &str,
    back: &str,
) -> (String, String) {
    let response = client
        .post(format!("{base}/sign-in"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(
            url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs([
                    ("user_id", user),
                    ("role", role),
                    ("permissions", permissions),
                    ("redirect_url", back),
                ])
                .finish(),
        )
        .send()
        .await
        .unwrap();
    assert!(response.status().is_redirection(), "{}", response.status());
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    (cookies(&response), location)
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one visitor's journey through the app, step by step"
)]
async fn dev_mode_round_trip_over_http() {
    let dir = temp_dir("round-trip");
    let app = quickstart::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
    assert!(
        matches!(app.mode, Mode::Dev { created: true, .. }),
        "{:?}",
        app.mode
    );
    assert!(dir.join(".clerk/dev-key.pem").is_file());
    let address = serve(app.router).await;
    let base = format!("http://{address}");
    let client = client();

    // Public page.
    let response = client.get(format!("{base}/")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // A development instance: a page load from a browser without a dev browser goes through
    // the handshake first (the Frontend API stand-in hands one out), as with Clerk.
    let response = client
        .get(format!("{base}/dashboard?tab=1"))
        .header(ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    assert_eq!(
        response.headers()["x-clerk-auth-reason"],
        "dev-browser-missing"
    );
    let location = response.headers()[LOCATION].to_str().unwrap();
    assert!(
        location.starts_with(&format!("{base}/__clerk/v1/client/handshake?redirect_url=")),
        "{location}"
    );

    // A signed-out page load is sent to the dev sign-in page with the full URL.
    let response = client
        .get(format!("{base}/dashboard?tab=1"))
        .header(ACCEPT, "text/html")
        .header(COOKIE, "__clerk_db_jwt=dvb_e2e")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::TEMPORARY_REDIRECT);
    let location = response.headers()[LOCATION].to_str().unwrap().to_owned();
    let back = format!("{base}/dashboard?tab=1");
    assert_eq!(
        location,
        format!(
            "{base}/sign-in?redirect_url={}",
            url::form_urlencoded::byte_serialize(back.as_bytes()).collect::<String>()
        )
    );
    assert_eq!(response.headers()["x-clerk-redirect-to"], "true");

    // The sign-in page carries the return URL.
    let form = client
        .get(&location)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(form.contains("name=redirect_url"), "{form}");
    assert!(form.contains("/dashboard?tab=1"), "{form}");

    // Sign in as an admin with reports:read; come back with cookies.
    let (admin, location) = sign_in(
        &client,
        &base,
        "user_9",
        "org:admin",
        "org:reports:read",
        &back,
    )
    .await;
    assert_eq!(location, "/dashboard?tab=1");
    assert!(
        admin.contains("__session=") && admin.contains("__client_uat="),
        "{admin}"
    );
    for path in [
        "/dashboard?tab=1",
        "/dashboard/deep/page",
        "/forum/t/1",
        "/admin",
        "/reports",
    ] {
        let response = client
            .get(format!("{base}{path}"))
            .header(COOKIE, &admin)
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        assert!(response.text().await.unwrap().contains("user_9"), "{path}");
    }
    let me: serde_json::Value = client
        .get(format!("{base}/api/me"))
        .header(COOKIE, &admin)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["userId"], "user_9");
    assert_eq!(me["orgRole"], "org:admin");
    assert_eq!(
        me["orgPermissions"],
        serde_json::json!(["org:reports:read"])
    );

    // A member without permissions: signed in, but /admin and /reports are 404, never a redirect.
    let (member, _) = sign_in(&client, &base, "user_m", "org:member", "", "/").await;
    for path in ["/admin", "/admin/users", "/reports"] {
        let response = client
            .get(format!("{base}{path}"))
            .header(COOKIE, &member)
            .header(ACCEPT, "text/html")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        assert!(response.headers().get(LOCATION).is_none());
    }
    let response = client
        .get(format!("{base}/dashboard"))
        .header(COOKIE, &member)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    // curl without a session: /api/me is a 404, as Clerk (a development instance names the
    // missing dev browser first).
    let response = client.get(format!("{base}/api/me")).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.headers()["x-clerk-auth-reason"],
        "protect-rewrite, dev-browser-missing"
    );
    let response = client
        .get(format!("{base}/api/me"))
        .header(COOKIE, "__clerk_db_jwt=dvb_e2e")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        response.headers()["x-clerk-auth-reason"],
        "protect-rewrite, session-token-and-uat-missing"
    );

    // Open redirects are refused by the dev sign-in page.
    let (_, location) = sign_in(&client, &base, "user_9", "", "", "https://evil.example/").await;
    assert_eq!(location, "/");

    // A token minted with the dev key (as `clerk mint --key .clerk/dev-key.pem`) works as a
    // bearer token; one minted with another key does not.
    let dev_key =
        SigningKey::from_pem(&std::fs::read_to_string(dir.join(".clerk/dev-key.pem")).unwrap())
            .unwrap();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let claims = SessionClaimsBuilder::new("user_cli").build(now).unwrap();
    let token = dev_key.mint(&claims).unwrap();
    let me: serde_json::Value = client
        .get(format!("{base}/api/me"))
        .header(AUTHORIZATION, format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(me["userId"], "user_cli");
    let stranger = SigningKey::generate().unwrap().mint(&claims).unwrap();
    let response = client
        .get(format!("{base}/api/me"))
        .header(AUTHORIZATION, format!("Bearer {stranger}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);

    // The dev key is created once and reused.
    let again = quickstart::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
    assert!(matches!(again.mode, Mode::Dev { created: false, .. }));
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn incomplete_or_malformed_keys_are_errors_naming_the_variable_never_dev_mode() {
    let dir = temp_dir("keys");
    // base64 of "clerk.example.com$"
    let publishable = ("CLERK_PUBLISHABLE_KEY", "pk_test_Y2xlcmsuZXhhbXBsZS5jb20k");
    let cases: [(&[(&str, &str)], &str); 6] = [
        (
            &[(
                "CLERK_SECRET_KEY",
                "sk_live_0123456789abcdef0123456789abcdef",
            )],
            "CLERK_PUBLISHABLE_KEY",
        ),
        (
            &[("CLERK_SECRET_KEY", "sk_test_!!!")],
            "CLERK_PUBLISHABLE_KEY",
        ),
        (
            &[("CLERK_SECRET_KEY", "sk_test_a b"), publishable],
            "CLERK_SECRET_KEY",
        ),
        (&[publishable], "CLERK_SECRET_KEY"),
        (
            &[
                ("CLERK_SECRET_KEY", "sk_test_0123456789abcdef"),
                ("CLERK_PUBLISHABLE_KEY", "pk_test_!!!"),
            ],
            "CLERK_PUBLISHABLE_KEY",
        ),
        (
            &[("CLERK_JWT_KEY", "keys/missing-public.pem")],
            "CLERK_JWT_KEY",
        ),
    ];
    for (vars, named) in cases {
        let error = quickstart::from_vars(vars.iter().copied(), &dir).unwrap_err();
        assert!(
            !matches!(error, StartError::DevMode(_)),
            "{vars:?}: {error}"
        );
        let message = error.to_string();
        assert!(message.contains(named), "{vars:?}: {message}");
        assert!(!message.contains("0123456789abcdef"), "{message}");
    }
    assert!(!dir.join(".clerk/dev-key.pem").exists());
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn dev_sign_in_never_redirects_off_the_app() {
    let dir = temp_dir("open-redirect");
    let app = quickstart::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
    let address = serve(app.router).await;
    let base = format!("http://{address}");
    let client = client();
    let app_origin = url::Url::parse(&base).unwrap().origin();
    // What a browser does with the Location: resolve it against the page that answered.
    let sign_in_page = url::Url::parse(&format!("{base}/sign-in")).unwrap();
    for hostile in [
        format!("http://{address}//evil.example"),
        format!("http://{address}/\\evil.example"),
        format!("http://{address}/.//evil.example"),
        "/\t/evil.example".to_owned(),
        "/\\evil.example".to_owned(),
        "\\/evil.example".to_owned(),
        " //evil.example".to_owned(),
        "/\n/evil.example".to_owned(),
        "https://evil.example/".to_owned(),
        format!("https://{address}/"),
    ] {
        let (_, location) = sign_in(&client, &base, "user_1", "", "", &hostile).await;
        let target = sign_in_page.join(&location).unwrap();
        assert_eq!(target.origin(), app_origin, "{hostile:?} -> {location:?}");
        assert!(
            !location.starts_with("//") && !location.starts_with("/\\"),
            "{hostile:?} -> {location:?}"
        );
    }
    // Same-origin targets keep their path, query and fragment.
    for (back, expected) in [
        ("/dashboard?tab=1#top", "/dashboard?tab=1#top"),
        (&*format!("http://{address}/admin?x=1"), "/admin?x=1"),
        ("/a/../b", "/b"),
    ] {
        let (_, location) = sign_in(&client, &base, "user_1", "", "", back).await;
        assert_eq!(location, expected, "{back:?}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// Sends `request` as raw bytes and returns the status line and headers.
async fn raw_exchange(address: SocketAddr, request: &str) -> String {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    response
        .split("\r\n\r\n")
        .next()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn page_requests_without_one_valid_host_get_400_over_http() {
    let dir = temp_dir("host");
    let app = quickstart::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
    let address = serve(app.router).await;
    let page = "GET /dashboard HTTP/1.1\r\nsec-fetch-dest: document\r\nconnection: close\r\n";
    for hosts in [
        "",
        "host: \r\n",
        "host: a b\r\n",
        "host: evil.example\r\nhost: app.test\r\n",
    ] {
        let head = raw_exchange(address, &format!("{page}{hosts}\r\n")).await;
        assert!(head.starts_with("HTTP/1.1 400"), "{hosts:?}: {head}");
        assert!(
            !head.to_ascii_lowercase().contains("location"),
            "{hosts:?}: {head}"
        );
    }
    // One valid Host: the usual redirect to sign-in.
    let head = raw_exchange(address, &format!("{page}host: app.test\r\n\r\n")).await;
    assert!(head.starts_with("HTTP/1.1 307"), "{head}");
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn dev_sign_in_refuses_permissions_without_an_organization() {
    let dir = temp_dir("no-org");
    let app = quickstart::from_vars(Vec::<(String, String)>::new(), &dir).unwrap();
    let base = format!("http://{}", serve(app.router).await);
    let client = client();
    let form = client
        .get(format!("{base}/sign-in"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("Roles and permissions belong to an organization"),
        "{form}"
    );
    let response = client
        .post(format!("{base}/sign-in"))
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body("user_id=user_1&role=&permissions=org%3Areports%3Aread&redirect_url=%2F")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert!(response.headers().get(SET_COOKIE).is_none());
    let message = response.text().await.unwrap();
    assert!(
        message.contains("Permissions need an organization: pick an org role"),
        "{message}"
    );
    // The form comes back with what was typed.
    assert!(message.contains(r#"value="user_1" required"#), "{message}");
    assert!(message.contains(r#"value="org:reports:read""#), "{message}");
    std::fs::remove_dir_all(&dir).ok();
}
