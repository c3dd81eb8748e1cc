//! Route tables (`clerk_routes!`, or written by hand) as the layer applies them.

use std::fmt;

use super::matched_rules::MatchedRules;
use crate::matcher::{
    MalformedUrlError, MatcherError, RouteMatcher, is_its_only_reading, path_readings,
};
use crate::requirement::{Protection, RouteDefault, RouteRule, RouteTable};

use crate::middleware::respond::{RedirectConfigError, require_absolute};

/// A route table that cannot be used: a configuration error, reported when the layer is built.
#[derive(thiserror::Error)]
pub enum RouteTableError {
    /// A pattern did not compile.
    #[error("route table: {0}")]
    Pattern(#[from] MatcherError),
    /// A rule has a relative `unauthenticated_url` or `unauthorized_url`.
    #[error("route table rule {patterns:?}: {source}")]
    Url {
        /// The rule's patterns.
        patterns: &'static [&'static str],
        /// What is wrong.
        source: RedirectConfigError,
    },
    /// A rule has a different number of patterns and translated regexes.
    #[error("route table rule {patterns:?}: {regexes} translated regexes for {} patterns", patterns.len())]
    Shape {
        /// The rule's patterns.
        patterns: &'static [&'static str],
        /// How many regexes it has.
        regexes: usize,
    },
}

/// Shows the message, so that `main` returning this error (or a `Box<dyn Error>` holding it)
/// prints what is wrong rather than a variant name.
impl std::fmt::Debug for RouteTableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// A [`RouteTable`] with its matchers built: one automaton for every rule's patterns.
#[derive(Clone)]
pub(crate) struct CompiledRoutes {
    table: &'static RouteTable,
    /// Every rule's regexes, in order.
    matcher: RouteMatcher,
    /// `rule_of[i]`: the rule regex `i` belongs to; empty when every rule has one regex
    /// (regex `i` is rule `i`), so that a match reads no table to find its rule.
    rule_of: Vec<usize>,
    /// The public routes of a [`RouteDefault::SignedIn`] table.
    public: Option<RouteMatcher>,
}

impl CompiledRoutes {
    /// The table as written.
    pub(crate) fn table(&self) -> &'static RouteTable {
        self.table
    }
}

impl fmt::Debug for CompiledRoutes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let rules: Vec<_> = self.table.rules.iter().map(|rule| rule.patterns).collect();
        f.debug_struct("RouteTable")
            .field("rules", &rules)
            .field("default", &self.table.default)
            .finish_non_exhaustive()
    }
}

impl CompiledRoutes {
    pub(crate) fn compile(table: &'static RouteTable) -> Result<Self, RouteTableError> {
        let mut regexes = Vec::new();
        let mut rule_of = Vec::new();
        for (index, rule) in table.rules.iter().enumerate() {
            check_rule(rule)?;
            check_protection(rule.patterns, &rule.protection)?;
            regexes.extend_from_slice(rule.regexes);
            rule_of.extend(std::iter::repeat_n(index, rule.regexes.len()));
        }
        let public = match &table.default {
            RouteDefault::Public => None,
            RouteDefault::SignedIn { public, protection } => {
                check_rule(public)?;
                check_protection(public.patterns, protection)?;
                Some(RouteMatcher::from_translated(public.regexes)?)
            }
        };
        Ok(Self {
            table,
            matcher: RouteMatcher::from_translated(&regexes)?,
            rule_of: if rule_of
                .iter()
                .enumerate()
                .all(|(regex, &rule)| regex == rule)
            {
                Vec::new()
            } else {
                rule_of
            },
            public,
        })
    }

    /// The protections that apply to a request whose path reads as any of `paths` (the path
    /// the client sent, the router-local one): every rule that matches any of them, in table
    /// order, each once. A public route exempts the request from the table's default only when
    /// it matches every path.
    pub(crate) fn protections_for_any(
        &self,
        paths: &[&str],
    ) -> Result<MatchedRules, MalformedUrlError> {
        let (first, rest) = match paths {
            [] => return Ok(MatchedRules::none_of(self.table)),
            [first, rest @ ..] => (first, rest),
        };
        let mut all = self.protections(first)?;
        for path in rest {
            all = all.union(&self.protections(path)?);
        }
        Ok(all)
    }

    /// The protections that apply to `path`, in table order: every rule that matches any
    /// reading of the path ([`path_readings`]), then the table's default unless every reading
    /// is public. All of them must pass.
    pub(crate) fn protections(&self, path: &str) -> Result<MatchedRules, MalformedUrlError> {
        if is_its_only_reading(path) {
            return Ok(self.protections_of_readings(std::iter::once(path)));
        }
        Ok(self.protections_of_readings(&path_readings(path)?))
    }

    /// [`protections`](Self::protections) of a path whose readings are `readings`.
    fn protections_of_readings<'r>(
        &self,
        readings: impl IntoIterator<Item = &'r str> + Clone,
    ) -> MatchedRules {
        let mut matched = MatchedRules::none_of(self.table);
        for reading in readings.clone() {
            self.matcher.for_each_matching_pattern(reading, |regex| {
                matched.add_rule(self.rule_of.get(regex).copied().unwrap_or(regex));
            });
        }
        if let Some(public_matcher) = &self.public
            && !readings
                .into_iter()
                .all(|reading| public_matcher.matches_normalized(reading))
        {
            matched.add_default();
        }
        matched
    }
}

fn check_rule(rule: &'static RouteRule) -> Result<(), RouteTableError> {
    if rule.patterns.len() == rule.regexes.len() {
        Ok(())
    } else {
        Err(RouteTableError::Shape {
            patterns: rule.patterns,
            regexes: rule.regexes.len(),
        })
    }
}

fn check_protection(
    patterns: &'static [&'static str],
    protection: &Protection,
) -> Result<(), RouteTableError> {
    let urls = [
        (
            "unauthenticated_url",
            protection.unauthenticated_url.as_deref(),
        ),
        ("unauthorized_url", protection.unauthorized_url.as_deref()),
    ];
    for (what, url) in urls {
        if let Some(url) = url {
            require_absolute(what, url)
                .map_err(|source| RouteTableError::Url { patterns, source })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule of patterns already translated, as `clerk_routes!` emits them.
    const fn rule(
        patterns: &'static [&'static str],
        regexes: &'static [&'static str],
    ) -> RouteRule {
        RouteRule {
            patterns,
            regexes,
            protection: Protection {
                requirement: None,
                unauthenticated_url: None,
                unauthorized_url: None,
            },
        }
    }

    const A: &str = r"\A/(?i:a)(?s:(.*))[/#?]?\z";
    const B: &str = r"\A/(?i:b)(?s:(.*))[/#?]?\z";
    const C: &str = r"\A/(?i:c)[/#?]?\z";

    static ONE_EACH: RouteTable = RouteTable {
        rules: &[rule(&["/a(.*)"], &[A]), rule(&["/c"], &[C])],
        default: RouteDefault::Public,
    };
    static SHARED: RouteTable = RouteTable {
        rules: &[rule(&["/a(.*)", "/b(.*)"], &[A, B]), rule(&["/c"], &[C])],
        default: RouteDefault::Public,
    };

    fn rules(routes: &CompiledRoutes, path: &str) -> Vec<&'static [&'static str]> {
        let matched = routes.protections(path).unwrap();
        matched.iter().map(|rule| rule.patterns).collect()
    }

    #[test]
    fn each_match_names_the_rule_its_pattern_belongs_to() {
        let one_each = CompiledRoutes::compile(&ONE_EACH).unwrap();
        assert!(one_each.rule_of.is_empty(), "regex i is rule i");
        assert_eq!(rules(&one_each, "/a/x"), [&["/a(.*)"][..]]);
        assert_eq!(rules(&one_each, "/c"), [&["/c"][..]]);
        assert!(rules(&one_each, "/b").is_empty());

        let shared = CompiledRoutes::compile(&SHARED).unwrap();
        assert_eq!(shared.rule_of, [0, 0, 1]);
        assert_eq!(rules(&shared, "/b/x"), [&["/a(.*)", "/b(.*)"][..]]);
        assert_eq!(rules(&shared, "/c"), [&["/c"][..]]);
        // Another reading reaches another rule: both apply, each once.
        assert_eq!(
            rules(&shared, "/b/../c"),
            [&["/a(.*)", "/b(.*)"][..], &["/c"][..]]
        );
    }
}
