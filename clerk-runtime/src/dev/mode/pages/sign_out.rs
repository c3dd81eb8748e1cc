//! The dev sign-out page: forget the dev client and the session cookies, go home.

use axum::http::header;
use axum::response::{AppendHeaders, IntoResponse, Redirect, Response};

use crate::dev::mode::cookies::{self, Names};

/// `GET`: clears `__session`, sets `__client_uat=0`, deletes the dev client cookie.
pub(super) async fn sign_out() -> Response {
    let mut set_cookies = cookies::signed_out(Names::Plain);
    set_cookies.push(cookies::client_deleted());
    (
        AppendHeaders(
            set_cookies
                .into_iter()
                .map(|cookie| (header::SET_COOKIE, cookie)),
        ),
        Redirect::to("/"),
    )
        .into_response()
}
