//! The pages the library serves in local development (the dev sign-in page, dev-mode denial
//! explanations): one frame with a small inline stylesheet and a sign-out link, and escaping.

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
main a{color:#5b3cf5}.actions{display:flex;gap:1rem;flex-wrap:wrap;margin:1.2rem 0}\
.actions a{padding:.45rem 1rem;border:1px solid #c5cad3;border-radius:6px;text-decoration:none;\
font-weight:600}\
.note{color:#5b6478;font-size:.9rem}.error{color:#b42318;font-weight:600}\
code{background:#eef0f4;padding:0 .25rem;border-radius:4px}";

/// A dev page: the stylesheet, a header (with a link to `sign_out_url` when there is one) and
/// `body` in a card. `title` is escaped here; `body` is HTML.
pub(crate) fn dev_page(title: &str, sign_out_url: Option<&str>, body: &str) -> String {
    let sign_out = sign_out_url.map_or_else(String::new, |url| {
        format!("<a href=\"{}\">Sign out</a>", escape(url))
    });
    format!(
        "<!doctype html><html lang=en><meta charset=utf-8>\
         <meta name=viewport content=\"width=device-width,initial-scale=1\">\
         <title>{title}</title><style>{STYLE}</style>\
         <header><span>Clerk · local dev mode</span>{sign_out}</header>\
         <main><h1>{title}</h1>{body}</main></html>",
        title = escape(title),
    )
}

/// `text` safe inside HTML text and quoted attribute values.
pub(crate) fn escape(text: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_title_and_sign_out_url_are_escaped() {
        let page = dev_page("<b>", Some("/out?a=1&b=\"2\""), "<p>body</p>");
        assert!(page.contains("<h1>&lt;b&gt;</h1>"), "{page}");
        assert!(
            page.contains("<a href=\"/out?a=1&amp;b=&quot;2&quot;\">Sign out</a>"),
            "{page}"
        );
        assert!(page.contains("<p>body</p>"), "{page}");
        assert!(!dev_page("t", None, "").contains("Sign out"));
    }
}
