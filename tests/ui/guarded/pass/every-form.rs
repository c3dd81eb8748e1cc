// Every method, state, nesting, merging, a fallback, layers, and the explicit public escape
// hatches, with `#[protect]`ed, `#[public]` and hand-written `Public` handlers.
use axum::extract::State;
use axum::routing::MethodFilter;
use clerk_runtime::guarded::{self, GuardedRouter, Public};
use clerk_runtime::{protect, public};

#[derive(Clone)]
struct Db;

#[public]
async fn home() -> &'static str {
    "home"
}

#[protect]
async fn dashboard(State(_db): State<Db>) -> &'static str {
    "dashboard"
}

#[protect(role = "org:admin")]
async fn admin(State(_db): State<Db>, body: String) -> String {
    body
}

#[protect(permission = "org:reports:read" | "org:reports:manage")]
async fn reports(
    _a: axum::http::Method,
    _b: axum::http::Uri,
    _c: axum::http::HeaderMap,
    _d: axum::http::Version,
    _e: axum::extract::RawQuery,
    _f: axum::extract::OriginalUri,
    _g: axum::extract::MatchedPath,
    _h: axum::extract::Path<String>,
    _i: axum::extract::Query<std::collections::HashMap<String, String>>,
    _j: axum::http::Extensions,
    _k: State<Db>,
    _l: axum::extract::NestedPath,
    _m: axum::extract::RawPathParams,
    _n: Option<axum::extract::Path<u32>>,
    body: String,
) -> String {
    body
}

#[public]
async fn not_found() -> &'static str {
    "not found"
}

fn main() {
    let api = GuardedRouter::new()
        .route("/reports/{id}", guarded::get(reports))
        .route("/health", guarded::any(|_: Public| async { "ok" }));
    let more = GuardedRouter::new().route("/about", guarded::get(home));
    let _app: axum::Router = GuardedRouter::new()
        .route("/", guarded::get(home).head(home))
        .route("/dashboard", guarded::get(dashboard))
        .route(
            "/admin",
            guarded::post(admin)
                .put(admin)
                .patch(admin)
                .delete(admin)
                .options(admin)
                .trace(admin)
                .connect(admin)
                .on(MethodFilter::GET, admin),
        )
        .route("/on", guarded::on(MethodFilter::POST, admin))
        .route("/put", guarded::put(admin))
        .route("/patch", guarded::patch(admin))
        .route("/delete", guarded::delete(admin))
        .route("/options", guarded::options(admin))
        .route("/trace", guarded::trace(admin))
        .route("/connect", guarded::connect(admin))
        .route("/head", guarded::head(home))
        .nest("/api", api)
        .merge(more)
        .merge_public(axum::Router::new().route("/sign-in", axum::routing::get(|| async { "" })))
        .nest_public("/docs", axum::Router::new())
        .route_public_service("/static.txt", tower::service_fn(|_| async {
            Ok::<_, std::convert::Infallible>("static")
        }))
        .fallback(not_found)
        .route_layer(tower::layer::util::Identity::new())
        .layer(tower::layer::util::Identity::new())
        .with_state(Db)
        .into();
}
