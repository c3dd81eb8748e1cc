//! Checks of single configuration values. Each names the variable or option it checks.

use std::net::IpAddr;

use url::Url;

use super::ConfigError;

/// The Backend API base: `https`, or `http` to a loopback host only, without query or fragment.
pub(crate) fn api_url(name: &'static str, value: &str) -> Result<Url, ConfigError> {
    let invalid = |problem| ConfigError::InvalidUrl {
        name,
        value: value.to_owned(),
        problem,
    };
    let url = Url::parse(value).map_err(|_| invalid("it is not an absolute URL"))?;
    match url.scheme() {
        "https" => {}
        "http" if is_loopback(&url) => {}
        "http" => {
            return Err(invalid(
                "plain `http` is allowed for loopback hosts only: the secret key is sent to this URL",
            ));
        }
        _ => return Err(invalid("the scheme must be `https`")),
    }
    if url.host_str().is_none_or(str::is_empty) {
        return Err(invalid("it has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(invalid("it must not carry credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("it must not have a query or a fragment"));
    }
    Ok(url)
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// The Backend API version: a path segment such as `v1`.
pub(crate) fn api_version(name: &'static str, value: &str) -> Result<(), ConfigError> {
    let ok = !value.is_empty()
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'));
    if ok {
        Ok(())
    } else {
        Err(ConfigError::InvalidValue {
            name,
            problem: format!(
                "`{}` is not an API version such as `v1` (letters, digits, `.`, `-`, `_`)",
                value.escape_debug()
            ),
        })
    }
}

/// A sign-in, sign-up or proxy URL: absolute `http(s)`, or a path starting with one `/`
/// (resolved against the request origin later). `//host` and `/\host` are refused: browsers read
/// them as another origin.
pub(crate) fn app_url(name: &'static str, value: &str) -> Result<(), ConfigError> {
    let invalid = |problem| ConfigError::InvalidUrl {
        name,
        value: value.to_owned(),
        problem,
    };
    if value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(invalid("it contains whitespace or control characters"));
    }
    if let Some(rest) = value.strip_prefix('/') {
        if rest.starts_with('/') || rest.starts_with('\\') {
            return Err(invalid(
                "a path must start with a single `/` (`//…` names another host)",
            ));
        }
        return Ok(());
    }
    let url = Url::parse(value)
        .map_err(|_| invalid("expected an absolute http(s) URL or a path starting with `/`"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none_or(str::is_empty) {
        return Err(invalid(
            "expected an absolute http(s) URL or a path starting with `/`",
        ));
    }
    Ok(())
}

/// True for an absolute `http(s)` URL.
pub(crate) fn is_absolute_http(value: &str) -> bool {
    Url::parse(value).is_ok_and(|u| matches!(u.scheme(), "http" | "https"))
}

/// A satellite domain: a host name, optionally with a scheme, no whitespace.
pub(crate) fn domain(name: &'static str, value: &str) -> Result<(), ConfigError> {
    if value.is_empty() || value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(ConfigError::InvalidValue {
            name,
            problem: format!(
                "`{}` is not a domain such as `satellite.example.com`",
                value.escape_debug()
            ),
        });
    }
    Ok(())
}

/// A list option without empty entries.
pub(crate) fn non_empty_entries(name: &'static str, values: &[String]) -> Result<(), ConfigError> {
    if let Some(at) = values.iter().position(String::is_empty) {
        return Err(ConfigError::InvalidValue {
            name,
            problem: format!("entry {at} is empty"),
        });
    }
    Ok(())
}

/// `true`/`false`/`1`/`0`, in any case.
pub(crate) fn boolean(name: &'static str, value: &str) -> Result<bool, ConfigError> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ConfigError::InvalidBool {
            name,
            value: value.to_owned(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_url_requires_https_except_on_loopback() {
        for ok in [
            "https://api.clerk.com",
            "https://api.clerk.com/",
            "http://127.0.0.1:3000",
            "http://localhost:8080/prefix",
            "http://[::1]:9000",
        ] {
            assert!(api_url("CLERK_API_URL", ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "api.clerk.com",
            "http://api.clerk.com",
            "ftp://api.clerk.com",
            "https://user:pw@api.clerk.com",
            "https://api.clerk.com/?x=1",
            "https://api.clerk.com/#f",
        ] {
            let err = api_url("CLERK_API_URL", bad).expect_err(bad);
            assert!(err.to_string().contains("CLERK_API_URL"), "{err}");
        }
    }

    #[test]
    fn app_urls_are_absolute_or_single_slash_paths() {
        for ok in [
            "/sign-in",
            "/",
            "https://accounts.example.com/sign-in",
            "http://localhost:3000/x",
        ] {
            assert!(app_url("sign_in_url", ok).is_ok(), "{ok}");
        }
        for bad in [
            "sign-in",
            "//evil.com",
            "/\\evil.com",
            "javascript:alert(1)",
            "/a b",
            "https://",
        ] {
            assert!(app_url("sign_in_url", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn booleans_are_strict() {
        assert!(boolean("X", "TRUE").unwrap());
        assert!(boolean("X", "1").unwrap());
        assert!(!boolean("X", "False").unwrap());
        assert!(!boolean("X", "0").unwrap());
        for bad in ["maybe", "", "yes", "2", " true"] {
            assert!(boolean("X", bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn api_versions_are_path_segments() {
        assert!(api_version("CLERK_API_VERSION", "v1").is_ok());
        for bad in ["", "v1/../x", "v 1", "v1?"] {
            assert!(api_version("CLERK_API_VERSION", bad).is_err(), "{bad}");
        }
    }
}
