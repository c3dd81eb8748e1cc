//! The dev sign-in and sign-out pages: the part Clerk's Account Portal plays for a real
//! instance.

mod layout;
mod sign_in;
mod sign_out;

use axum::Router;
use axum::routing::get;

use super::DevMode;

/// `GET`/`POST` [`DevMode::SIGN_IN_PATH`] and `GET` [`DevMode::SIGN_OUT_PATH`].
pub(super) fn routes(dev: DevMode) -> Router {
    Router::new()
        .route(
            DevMode::SIGN_IN_PATH,
            get(sign_in::form).post(sign_in::submit),
        )
        .route(DevMode::SIGN_OUT_PATH, get(sign_out::sign_out))
        .with_state(dev)
}
