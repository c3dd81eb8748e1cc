//! Query-string helpers that behave as the WHATWG `URLSearchParams` Clerk uses, and JavaScript's
//! `Number()` for the redirect counter.

use url::Url;

/// `url` with every query parameter named in `remove` deleted. As `URLSearchParams.delete`
/// does, the query is always re-serialised form-urlencoded (`%20` becomes `+`) and an empty
/// query loses its `?`.
pub(crate) fn without_params(url: &Url, remove: &[&str]) -> Url {
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(name, _)| !remove.contains(&name.as_ref()))
        .map(|(n, v)| (n.into_owned(), v.into_owned()))
        .collect();
    let mut out = url.clone();
    set_pairs(&mut out, &kept);
    out
}

/// Replaces the query of `url` with `pairs`, form-urlencoded (no `?` when empty).
pub(crate) fn set_pairs(url: &mut Url, pairs: &[(String, String)]) {
    url.set_query(None);
    if !pairs.is_empty() {
        url.query_pairs_mut().extend_pairs(pairs);
    }
}

/// The first value of query parameter `name` in a raw query string (form-urlencoded decoding).
pub(crate) fn query_param(query: Option<&str>, name: &str) -> Option<String> {
    url::form_urlencoded::parse(query?.as_bytes())
        .find(|(n, _)| n == name)
        .map(|(_, v)| v.into_owned())
}

/// A JavaScript number as `String(n)` writes it, for the integers and simple values the
/// redirect counter takes.
pub(crate) fn js_number_string(n: f64) -> String {
    if n.is_nan() {
        return "NaN".to_owned();
    }
    if n.is_infinite() {
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.to_owned();
    }
    if n.fract() == 0.0 && n.abs() < 1e21 {
        return format!("{n:.0}");
    }
    n.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_print_as_javascript() {
        assert_eq!(js_number_string(4.0), "4");
        assert_eq!(js_number_string(3.5), "3.5");
        assert_eq!(js_number_string(f64::INFINITY), "Infinity");
    }

    #[test]
    fn removing_params_reserialises_the_query() {
        let url = Url::parse("https://a.test/p?q=a%20b&__clerk_db_jwt=D&j&x=%3B").unwrap();
        assert_eq!(
            without_params(&url, &["__clerk_db_jwt"]).as_str(),
            "https://a.test/p?q=a+b&j=&x=%3B"
        );
        let url = Url::parse("https://a.test/p?__clerk_db_jwt=D").unwrap();
        assert_eq!(
            without_params(&url, &["__clerk_db_jwt"]).as_str(),
            "https://a.test/p"
        );
        let url = Url::parse("https://a.test/p?").unwrap();
        assert_eq!(without_params(&url, &[]).as_str(), "https://a.test/p");
    }
}
