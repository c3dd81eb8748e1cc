//! The dev pages' frame: a small inline stylesheet, a header with a sign-out link, escaping.

use axum::response::Html;

use crate::dev::DevMode;

/// The inline stylesheet of every dev page.
const STYLE: &str = "body{font:16px/1.5 system-ui,sans-serif;margin:0;background:#f6f7f9;color:#1d2433}\
header{display:flex;justify-content:space-between;align-items:center;padding:.6rem 1.2rem;\
background:#1d2433;color:#fff}header a{color:#c9d4ff}\
main{max-width:32rem;margin:2rem auto;padding:1.5rem 2rem;background:#fff;border-radius:10px;\
box-shadow:0 1px 4px rgba(0,0,0,.12)}h1{font-size:1.4rem;margin-top:0}\
label{display:block;margin:.8rem 0 .2rem;font-weight:600}\
input,select{width:100%;box-sizing:border-box;padding:.45rem .6rem;font:inherit;\
border:1px solid #c5cad3;border-radius:6px}\
button{margin-top:1.2rem;padding:.55rem 1.2rem;font:inherit;font-weight:600;color:#fff;\
background:#6c47ff;border:0;border-radius:6px;cursor:pointer}\
.note{color:#5b6478;font-size:.9rem}.error{color:#b42318;font-weight:600}\
code{background:#eef0f4;padding:0 .25rem;border-radius:4px}";

/// A dev page: the stylesheet, a header with the sign-out link, `body` in a card.
pub(super) fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=en><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style>\
         <header><span>Clerk · local dev mode</span>\
         <a href=\"{sign_out}\">Sign out</a></header>\
         <main><h1>{title}</h1>{body}</main></html>",
        title = escape(title),
        sign_out = DevMode::SIGN_OUT_PATH,
    ))
}

/// `text` safe inside HTML text and quoted attribute values.
pub(super) fn escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => escaped.push_str("&amp;"),
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&#39;"),
            _ => escaped.push(c),
        }
    }
    escaped
}
