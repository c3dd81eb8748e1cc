//! Which paths the layer may skip: the static assets the usual Next.js `config.matcher` leaves out.
//!
//! That matcher is
//! `'/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)'`
//! plus `'/(api|trpc)(.*)'`. Its regex is not anchored, so `/a.png/b` and `/x.htmlx` count as
//! assets there. Here only the extension of the last segment counts, and it must be one of the
//! list exactly (stricter: skipping less can never open a protected route). Judged on the path
//! only, so `?file=a.css` skips nothing. Next's `_next` internals are not skipped: they mean
//! nothing to an axum app.
//!
//! Skipping may only save work that cannot change a decision: the layer never skips a path a
//! route rule matches, nor any path when a middleware closure is installed.

/// Marks a request the layer skipped, so `Auth` can explain its 500.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SkippedAsStaticAsset;

/// The extensions the matcher skips (`js` but not `json`).
const STATIC_EXTENSIONS: &[&str] = &[
    "html",
    "htm",
    "css",
    "js",
    "jpeg",
    "jpg",
    "webp",
    "png",
    "gif",
    "svg",
    "ttf",
    "woff2",
    "woff",
    "ico",
    "csv",
    "docx",
    "doc",
    "xlsx",
    "xls",
    "zip",
    "webmanifest",
];

/// Whether `path` (no query) is a static asset the layer may skip: its last segment ends in
/// one of the extensions the usual Next.js `config.matcher` skips, and it is not under `/api`
/// or `/trpc`.
///
/// ```
/// use clerk_runtime::middleware::is_static_asset_path;
/// assert!(is_static_asset_path("/logo.png"));
/// assert!(is_static_asset_path("/assets/app.min.js"));
/// assert!(!is_static_asset_path("/data.json"));
/// assert!(!is_static_asset_path("/api/export.csv")); // always run for API routes
/// assert!(!is_static_asset_path("/a.png/b")); // the extension of the last segment only
/// assert!(!is_static_asset_path("/x.htmlx")); // `htmlx` is not `html`
/// assert!(!is_static_asset_path("/dashboard"));
/// ```
#[must_use]
pub fn is_static_asset_path(path: &str) -> bool {
    if path.starts_with("/api") || path.starts_with("/trpc") {
        return false;
    }
    // The last segment's last `.`: a short walk back from the end (no `memrchr` set-up).
    let bytes = path.as_bytes();
    match bytes.iter().rposition(|&byte| byte == b'.' || byte == b'/') {
        Some(dot) if bytes[dot] == b'.' => STATIC_EXTENSIONS.contains(&&path[dot + 1..]),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_extension_is_the_last_segments(path in "[a-z/.]{0,12}(\\.(png|js|csv|json|html))?") {
            let last_segment = path.rsplit('/').next().unwrap_or(&path);
            let expected = !(path.starts_with("/api") || path.starts_with("/trpc"))
                && last_segment
                    .rsplit_once('.')
                    .is_some_and(|(_, extension)| STATIC_EXTENSIONS.contains(&extension));
            proptest::prop_assert_eq!(is_static_asset_path(&path), expected);
        }
    }

    #[test]
    fn skips_listed_extensions_of_the_last_segment_only() {
        for skipped in [
            "/a.html",
            "/a.htm",
            "/s.css",
            "/x/y/app.js",
            "/p.jpeg",
            "/p.jpg",
            "/p.webp",
            "/favicon.ico",
            "/f.woff2",
            "/f.woff",
            "/r.csv",
            "/d.docx",
            "/d.doc",
            "/s.xlsx",
            "/a.zip",
            "/site.webmanifest",
            "/a.min.js",
            "/dir.v2/app.css",
        ] {
            assert!(is_static_asset_path(skipped), "{skipped}");
        }
        for run in [
            "/",
            "/dashboard",
            "/data.json",
            "/api/logo.png",
            "/apiary.css", // `/(api|trpc)(.*)` is a prefix match
            "/trpc/x.js",
            "/_next/static/chunk", // Next internals mean nothing here
            "/file.txt",
            "/A.PNG", // case-sensitive, as the regex
            "/noext",
            "/a.css/b",   // the extension of the last segment only
            "/a.css/",    // the last segment is empty
            "/a.pngfoo",  // the whole extension must match
            "/x.htmlx",   // ditto
            "/a.jsx",     // ditto
            "/a.css%2Fb", // not decoded: the router does not see an asset either
        ] {
            assert!(!is_static_asset_path(run), "{run}");
        }
    }
}
