//! Which paths the layer skips: the static assets the seed's `config.matcher` leaves out.
//!
//! The seed's matcher is
//! `'/((?!_next|[^?]*\\.(?:html?|css|js(?!on)|jpe?g|webp|png|gif|svg|ttf|woff2?|ico|csv|docx?|xlsx?|zip|webmanifest)).*)'`
//! plus `'/(api|trpc)(.*)'`: a path containing one of those extensions is skipped unless it
//! starts with `/api` or `/trpc`. Judged on the path only, so `?file=a.css` skips nothing.
//! Next's `_next` internals are not skipped: they mean nothing to an axum app.

/// Marks a request the layer skipped, so `Auth` can explain its 500.
#[derive(Clone, Copy, Debug)]
pub(crate) struct SkippedAsStaticAsset;

/// The extensions the seed's matcher skips (`js` but not `json`).
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

/// Whether the seed's `config.matcher` would leave `path` (no query) out of the middleware.
///
/// ```
/// use clerk_runtime::middleware::is_static_asset_path;
/// assert!(is_static_asset_path("/logo.png"));
/// assert!(is_static_asset_path("/assets/app.js"));
/// assert!(!is_static_asset_path("/data.json"));
/// assert!(!is_static_asset_path("/api/export.csv")); // always run for API routes
/// assert!(!is_static_asset_path("/dashboard"));
/// ```
#[must_use]
pub fn is_static_asset_path(path: &str) -> bool {
    if path.starts_with("/api") || path.starts_with("/trpc") {
        return false;
    }
    // `[^?]*\.(?:ext)`: a dot anywhere after the leading slash, followed by a listed extension
    // (not anchored at the end, exactly as the seed's regex).
    let rest = path.strip_prefix('/').unwrap_or(path);
    rest.match_indices('.').any(|(dot, _)| {
        let after = &rest[dot + 1..];
        STATIC_EXTENSIONS.iter().any(|ext| {
            after.starts_with(ext) && !(*ext == "js" && after[ext.len()..].starts_with("on"))
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_seed_matcher() {
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
            "/a.jsx",   // `js` not followed by `on`
            "/a.css/b", // the regex is not anchored at the end
            "/a.pngfoo",
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
        ] {
            assert!(!is_static_asset_path(run), "{run}");
        }
    }
}
