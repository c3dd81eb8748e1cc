//! Compile-time check of redirect URLs: Clerk's `protect()` throws at run time on anything
//! but an absolute URL, so the macros reject them at compile time.

/// Checks that `url` is an absolute `http(s)://host…` URL; `Err` is the message.
pub(crate) fn check(key: &str, url: &str) -> Result<(), String> {
    let example = "an absolute URL such as `https://example.com/sign-in`";
    if url.is_empty() {
        return Err(format!("`{key}` is empty; expected {example}"));
    }
    if let Some((at, c)) = url
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || c.is_control() || *c == '\\')
    {
        return Err(format!(
            "`{key}` contains `{}` at byte {at}; URLs can't contain whitespace, control characters or `\\`",
            c.escape_debug()
        ));
    }
    let lower = url.to_ascii_lowercase();
    let rest = if let Some(rest) = lower.strip_prefix("https://") {
        rest
    } else if let Some(rest) = lower.strip_prefix("http://") {
        rest
    } else if url.starts_with('/') {
        return Err(format!(
            "`{key}` is the relative URL `{url}`; Clerk's protect() only redirects to {example} (a relative URL throws at run time)"
        ));
    } else if let Some((scheme, _)) = url.split_once("://") {
        return Err(format!(
            "`{key}` has the scheme `{scheme}`; expected `https://` or `http://`"
        ));
    } else {
        return Err(format!(
            "`{key}` is `{url}`, which is not an absolute URL; expected {example}; did you mean `https://{url}`?"
        ));
    };
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..host_end];
    let host = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    if host.is_empty() || host.starts_with(':') {
        return Err(format!("`{key}` has no host; expected {example}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_absolute_http_urls() {
        for url in [
            "https://example.com",
            "https://example.com/sign-in?x=1",
            "http://localhost:3000/login",
            "HTTPS://EXAMPLE.COM/",
        ] {
            assert_eq!(check("unauthorized_url", url), Ok(()), "{url}");
        }
    }

    #[test]
    fn rejects_everything_clerk_would_throw_on() {
        let cases = [
            ("", "is empty"),
            ("/login", "relative URL `/login`"),
            (
                "example.com/login",
                "did you mean `https://example.com/login`?",
            ),
            ("ftp://example.com", "scheme `ftp`"),
            ("https://", "has no host"),
            ("https:///path", "has no host"),
            ("https://exa mple.com", "contains ` ` at byte 11"),
        ];
        for (url, expected) in cases {
            let message = check("unauthenticated_url", url).unwrap_err();
            assert!(message.contains(expected), "{url}: {message}");
        }
    }
}
