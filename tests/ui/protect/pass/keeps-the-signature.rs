// Name, visibility, docs, attributes, generics, return type and other extractors are kept;
// the body extractor stays last, and the handler still works with state.
use axum::Router;
use axum::extract::{Path, State};
use axum::routing::post;
use clerk_runtime::protect;

#[derive(Clone)]
struct AppState {
    greeting: &'static str,
}

mod handlers {
    use super::*;

    /// Creates an invoice for an organization.
    #[protect(permission = "org:invoices:create")]
    #[allow(clippy::needless_pass_by_value)]
    pub async fn create<T: Into<String> + Send>(
        State(state): State<AppState>,
        Path(org): Path<String>,
        body: String,
    ) -> Result<String, (axum::http::StatusCode, T)>
    where
        T: 'static,
    {
        Ok(format!("{} {org}: {body}", state.greeting))
    }
}

fn main() {
    let _app: Router = Router::new()
        .route("/orgs/{org}/invoices", post(handlers::create::<&'static str>))
        .with_state(AppState { greeting: "hi" });
}
