//! The protection map: a route table as a person reads it, one line per rule, printed at
//! start-up when `debug(true)` is set.

use std::fmt::Write as _;

use crate::middleware::decision::Unmet;
use crate::requirement::{Protection, RouteDefault, RouteTable};

/// The table, one line per rule: the patterns, then the guard (`signed in`, the requirement,
/// `public`), with the redirect URLs when a rule has them; the last line says what happens to
/// every other path.
pub(crate) fn render(table: Option<&RouteTable>) -> String {
    let Some(table) = table else {
        return "clerk route protection: no route table; every path is public unless a \
                middleware closure or a #[protect] handler protects it"
            .to_owned();
    };
    let mut rows: Vec<(String, String)> = table
        .rules
        .iter()
        .map(|rule| (rule.patterns.join(", "), guard(&rule.protection)))
        .collect();
    match &table.default {
        RouteDefault::Public => rows.push(("(every other path)".to_owned(), "public".to_owned())),
        RouteDefault::SignedIn { public, protection } => {
            rows.push((public.patterns.join(", "), "public".to_owned()));
            rows.push(("(every other path)".to_owned(), guard(protection)));
        }
    }
    let width = rows.iter().map(|(paths, _)| paths.len()).max().unwrap_or(0);
    let mut out = String::from(
        "clerk route protection (every rule that matches a path must pass; handlers' \
         #[protect] adds to this):",
    );
    for (paths, guard) in rows {
        let _ = write!(out, "\n  {paths:<width$}  {guard}");
    }
    out
}

/// One protection in words: `signed in`, `signed in with role "org:admin"`, with the redirect
/// URLs when it has them.
pub(crate) fn guard(protection: &Protection) -> String {
    let mut text = match &protection.requirement {
        None => "signed in".to_owned(),
        Some(requirement) => format!("signed in with {}", Unmet::Requirement(requirement.clone())),
    };
    if let Some(url) = &protection.unauthenticated_url {
        let _ = write!(text, "; signed out -> {url}");
    }
    if let Some(url) = &protection.unauthorized_url {
        let _ = write!(text, "; unauthorized -> {url}");
    }
    text
}

#[cfg(test)]
mod tests {
    use std::borrow::Cow;

    use super::*;
    use crate::requirement::{Requirement, RouteRule};

    static TABLE: RouteTable = RouteTable {
        rules: &[
            RouteRule {
                patterns: &["/dashboard(.*)", "/forum(.*)"],
                regexes: &["", ""],
                protection: Protection {
                    requirement: None,
                    unauthenticated_url: None,
                    unauthorized_url: None,
                },
            },
            RouteRule {
                patterns: &["/reports"],
                regexes: &[""],
                protection: Protection {
                    requirement: Some(Requirement::Any(Cow::Borrowed(&[
                        Requirement::permission("org:reports:read"),
                        Requirement::permission("org:reports:manage"),
                    ]))),
                    unauthenticated_url: None,
                    unauthorized_url: Some(Cow::Borrowed("https://example.com/denied")),
                },
            },
        ],
        default: RouteDefault::Public,
    };

    #[test]
    fn every_rule_and_the_default_read_as_a_table() {
        let map = render(Some(&TABLE));
        let lines: Vec<&str> = map.lines().collect();
        assert_eq!(lines.len(), 4, "{map}");
        assert_eq!(lines[1], "  /dashboard(.*), /forum(.*)  signed in");
        assert_eq!(
            lines[2],
            r#"  /reports                    signed in with any of [permission "org:reports:read", permission "org:reports:manage"]; unauthorized -> https://example.com/denied"#
        );
        assert_eq!(lines[3], "  (every other path)          public");
        assert!(render(None).contains("no route table"));
    }
}
