// Every key and operator form compiles and routes.
use axum::Router;
use axum::routing::{get, post};
use clerk_runtime::protect;

#[protect(permission = "org:invoices:create")]
async fn one_permission() {}

#[protect(permission = "org:invoices:create" | "org:invoices:manage")]
async fn any_permission() {}

#[protect(permission = "org:invoices:read" & "org:reports:read")]
async fn all_permissions() {}

#[protect(permission = ("org:a:read" & "org:b:read") | "org:admin:manage")]
async fn grouped_permissions() {}

#[protect(role = "org:admin" | "org:billing_manager")]
async fn roles() {}

#[protect(feature = "org:reports" | "user:beta", plan = "pro")]
async fn billing() {}

#[protect(reverification = "strict_mfa")]
async fn reverified() {}

#[protect(
    role = "org:admin",
    permission = "org:members:manage",
    feature = "o:teams",
    plan = "u:business",
    reverification = "moderate",
    unauthenticated_url = "https://example.com/sign-in",
    unauthorized_url = "https://example.com/denied",
)]
async fn everything(body: String) -> String {
    body
}

fn main() {
    let _app: Router = Router::new()
        .route("/1", get(one_permission))
        .route("/2", get(any_permission))
        .route("/3", get(all_permissions))
        .route("/4", get(grouped_permissions))
        .route("/5", get(roles))
        .route("/6", get(billing))
        .route("/7", get(reverified))
        .route("/8", post(everything));
}
