// `#[public]` on free functions and associated functions (no `#[handlers]` needed), with
// extractors, state, docs and a renamed crate; the handlers work in axum's own router too.
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::{get, post};
use clerk_runtime::public;

#[derive(Clone)]
struct AppState;

/// The home page.
#[public]
pub async fn home() -> &'static str {
    "home"
}

#[public(crate = ::clerk_runtime)]
async fn echo(State(_state): State<AppState>, Path(id): Path<u32>, body: String) -> String {
    format!("{id}: {body}")
}

struct Pages;

impl Pages {
    #[public]
    async fn about() -> &'static str {
        "about"
    }
}

fn main() {
    let _app: Router = Router::new()
        .route("/", get(home))
        .route("/about", get(Pages::about))
        .route("/echo/{id}", post(echo))
        .with_state(AppState);
    let _future = home(clerk_runtime::guarded::Public);
}
