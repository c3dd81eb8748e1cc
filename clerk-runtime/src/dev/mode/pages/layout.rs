//! The dev pages' frame: the library's dev page with the sign-out link.

use axum::response::Html;

pub(super) use crate::html::escape;

use crate::dev::DevMode;

/// A dev page: the stylesheet, a header with the sign-out link, `body` in a card.
pub(super) fn page(title: &str, body: &str) -> Html<String> {
    Html(crate::html::dev_page(
        title,
        Some(DevMode::SIGN_OUT_PATH),
        body,
    ))
}
