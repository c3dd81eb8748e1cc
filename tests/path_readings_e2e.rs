//! Dot segments and encoded separators behind a real `ClerkLayer` with `clerk_routes!` tables:
//! a request is protected when any reading of its path that the service behind the layer may
//! act on is protected (`ServeDir` decodes `%2F` and skips `.`; a catch-all handler or a
//! fallback may resolve `..`), and a "protect everything" table treats a path as public only
//! when every reading is public.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Body;
use axum::extract::Request as AxumRequest;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use clerk_runtime::ClerkLayer;
use clerk_runtime::clerk_routes;
use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::requirement::RouteTable;
use tower::ServiceExt;
use tower_http::services::ServeDir;

static STATIC_FILES: RouteTable = clerk_routes! {
    "/static/private(.*)" => signed_in;
};

/// The table of the `protect_all` example.
static PROTECT_ALL: RouteTable = clerk_routes! {
    default => signed_in;
    public "/sign-in/:path*", "/sign-up/:path*", "/sign-out";
};

static ADMIN: RouteTable = clerk_routes! {
    "/admin(.*)" => signed_in;
    "/api/admin(.*)" => signed_in;
};

struct Harness {
    key: SigningKey,
}

impl Harness {
    fn new() -> Self {
        Self {
            key: SigningKey::generate().unwrap(),
        }
    }

    fn layer(&self, table: &'static RouteTable) -> ClerkLayer {
        let config = ClerkConfig::builder()
            .jwt_key(self.key.public_pem())
            .sign_in_url("/sign-in")
            .build()
            .unwrap();
        ClerkLayer::new(ClerkOptions::from_config(&config).unwrap())
            .routes(table)
            .unwrap()
    }

    fn token(&self) -> String {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs();
        let claims = SessionClaimsBuilder::new("user_1").build(now).unwrap();
        self.key.mint(&claims).unwrap()
    }
}

/// A page load (`sec-fetch-dest: document`): a signed-out denial is a 307 to sign-in, which
/// cannot be mistaken for the 404 of a missing file.
fn page(path: &str, token: Option<&str>) -> Request<Body> {
    let mut request = Request::get(path)
        .header(header::HOST, "app.example.com")
        .header("sec-fetch-dest", "document");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    request.body(Body::empty()).unwrap()
}

async fn send(app: &Router, request: Request<Body>) -> Response {
    app.clone().oneshot(request).await.unwrap()
}

async fn body_text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 16)
        .await
        .unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

async fn assert_denied(app: &Router, path: &str) {
    let response = send(app, page(path, None)).await;
    assert_eq!(
        response.status(),
        StatusCode::TEMPORARY_REDIRECT,
        "{path} was not denied"
    );
    let location = response.headers()[header::LOCATION].to_str().unwrap();
    assert!(location.contains("/sign-in"), "{path}: {location}");
}

async fn assert_served(app: &Router, path: &str, token: Option<&str>, body: &str) {
    let response = send(app, page(path, token)).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(body_text(response).await, body, "{path}");
}

/// A directory under the system temp dir, removed on drop.
struct TempDir(PathBuf);

impl TempDir {
    fn with_files(files: &[(&str, &str)]) -> Self {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "clerk-path-readings-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        for (name, contents) in files {
            let file = dir.join(name);
            std::fs::create_dir_all(file.parent().unwrap()).unwrap();
            std::fs::write(file, contents).unwrap();
        }
        Self(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const DOT_AND_SEPARATOR_FORMS: [&str; 10] = [
    "/static/./private/secret.txt",
    "/static/%2e/private/secret.txt",
    "/static/%2E/private/secret.txt",
    "/static/.%2Fprivate/secret.txt",
    "/static/%2E%2Fprivate/secret.txt",
    "/static/%2e%2fprivate/secret.txt",
    "/static/x/../private/secret.txt",
    "/static/x/%2e%2e/private/secret.txt",
    "/static/.%5Cprivate/secret.txt",
    "/static//./private/secret.txt",
];

#[tokio::test]
async fn serve_dir_dot_segments_and_encoded_separators_are_protected() {
    let files = TempDir::with_files(&[
        ("public.txt", "public file"),
        ("private/secret.txt", "the secret"),
    ]);
    let harness = Harness::new();
    let app = Router::new()
        .nest_service("/static", ServeDir::new(files.path()))
        .layer(harness.layer(&STATIC_FILES));

    assert_served(&app, "/static/public.txt", None, "public file").await;
    assert_denied(&app, "/static/private/secret.txt").await;
    let token = harness.token();
    // ServeDir does serve the file for these forms: signed in, each one reaches it.
    for path in [
        "/static/./private/secret.txt",
        "/static/%2e/private/secret.txt",
        "/static/.%2Fprivate/secret.txt",
        "/static/%2E%2Fprivate/secret.txt",
    ] {
        assert_served(&app, path, Some(&token), "the secret").await;
    }
    for path in DOT_AND_SEPARATOR_FORMS {
        assert_denied(&app, path).await;
    }
}

/// Sends `GET {target}` over a real socket, written by hand (an HTTP client would resolve the
/// dot segments first), and returns the status code and the body.
async fn get_over_socket(address: std::net::SocketAddr, target: &str) -> (u16, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let request = format!(
        "GET {target} HTTP/1.1\r\nhost: app.example.com\r\nsec-fetch-dest: document\r\n\
         connection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, body)| body.to_owned())
        .unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn serve_dir_over_a_real_socket() {
    let files = TempDir::with_files(&[
        ("public.txt", "public file"),
        ("private/secret.txt", "the secret"),
    ]);
    let harness = Harness::new();
    let app = Router::new()
        .nest_service("/static", ServeDir::new(files.path()))
        .layer(harness.layer(&STATIC_FILES));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });

    let (status, body) = get_over_socket(address, "/static/public.txt").await;
    assert_eq!((status, body.as_str()), (200, "public file"));
    for target in DOT_AND_SEPARATOR_FORMS {
        let (status, body) = get_over_socket(address, target).await;
        assert_eq!(status, 307, "{target}");
        assert!(!body.contains("the secret"), "{target}");
    }
    let (status, _) = get_over_socket(address, "/static/.\\private/secret.txt").await;
    assert_eq!(status, 307);
}

fn protect_all_app(harness: &Harness) -> Router {
    // The routes of the `protect_all` example: a members-only catch-all, and a sign-in page.
    Router::new()
        .route("/", get(|| async { "home" }))
        .route("/sign-in", get(|| async { "sign in" }))
        .route("/{*rest}", get(|| async { "members only" }))
        .layer(harness.layer(&PROTECT_ALL).skip_static_assets(false))
}

#[tokio::test]
async fn protect_all_public_prefixes_do_not_open_other_paths() {
    let harness = Harness::new();
    let app = protect_all_app(&harness);
    assert_served(&app, "/sign-in", None, "sign in").await;
    // Public paths without a route of their own fall to the catch-all, unguarded.
    assert_served(&app, "/sign-in/factor-one", None, "members only").await;
    assert_served(&app, "/sign-in/./factor-one", None, "members only").await;
    assert_served(&app, "/sign-up/%2e/x", None, "members only").await;
    for path in [
        "/sign-in/../secret",
        "/sign-in/%2e%2e/secret",
        "/sign-in/%2E%2E/secret",
        "/sign-in/.%2e/secret",
        "/sign-up/./../admin",
        "/sign-in/..%2Fsecret",
        "/sign-in/x/../../secret",
        "/sign-in/..\\secret",
        "/sign-in/..;/secret",
        "/sign-in/..",
        "/sign-in/%2e%2e",
    ] {
        assert_denied(&app, path).await;
    }
    assert_served(
        &app,
        "/sign-in/../secret",
        Some(&harness.token()),
        "members only",
    )
    .await;
}

/// A handler that reaches the path it was given (as a file server or a proxy would).
async fn echo_path(request: AxumRequest) -> String {
    request.uri().path().to_owned()
}

#[tokio::test]
async fn catch_all_route_nest_and_fallback_are_protected() {
    let harness = Harness::new();
    let api = Router::new().route("/{*rest}", get(echo_path));
    let app = Router::new()
        .route("/files/{*rest}", get(echo_path))
        .nest("/api", api)
        .fallback(echo_path)
        .layer(harness.layer(&ADMIN));

    // Plain `Router::route` with a catch-all.
    assert_served(&app, "/files/report", None, "/files/report").await;
    for path in [
        "/files/../admin",
        "/files/%2e%2e/admin/users",
        "/files/..%2Fadmin",
    ] {
        assert_denied(&app, path).await;
    }
    // `Router::nest`: the nested router sees `/./admin/users`.
    assert_served(&app, "/api/public", None, "/public").await;
    for path in [
        "/api/./admin/users",
        "/api/%2e/admin",
        "/api/x/%2E%2E/admin",
        "/api/.%2fadmin",
    ] {
        assert_denied(&app, path).await;
    }
    // The fallback.
    assert_served(&app, "/about", None, "/about").await;
    for path in [
        "/./admin",
        "/%2e/admin/x",
        "/about/../admin",
        "/%2E%2Fadmin",
    ] {
        assert_denied(&app, path).await;
    }
    // Double encoding is one decode away from a dot: it is not a dot segment (no service
    // in front of which the guard sits decodes twice), so this stays unprotected.
    assert_served(&app, "/%252e/admin", None, "/%252e/admin").await;
}

#[tokio::test]
async fn malformed_paths_still_fail_closed() {
    let harness = Harness::new();
    let app = protect_all_app(&harness);
    for path in ["/sign-in/%zz", "/sign-in/../%C3", "/sign-in/%2e%2e%2F%zz"] {
        let response = send(&app, page(path, None)).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{path}");
    }
}
