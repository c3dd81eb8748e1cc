//! `RouteMatcher`: Clerk's `createRouteMatcher([...])`, deciding a whole table in one pass.

use std::fmt;
use std::sync::Arc;

use super::automaton::Automaton;
use super::compile::{Compiled, compile};
use super::error::{MatcherError, MatcherErrorKind};
use super::normalize::{MalformedUrlError, normalize_path};
use super::pattern::RoutePattern;
use super::readings::path_readings;

/// Clerk's `createRouteMatcher([...])`: does a request path match any pattern of a table?
///
/// Built once from a list of [`RoutePattern`]s (strings in Clerk's path syntax, `regex::Regex`
/// values, JavaScript `RegExp`s); an invalid pattern is an error that names it, and one bad
/// pattern rejects the whole table, as in Clerk. Empty strings and `None` are dropped; a table
/// with no patterns matches nothing.
///
/// Matching normalises the path as Clerk does ([`normalize_path`]) and then runs **one**
/// automaton built from every pattern, so the cost is linear in the path's length and does not
/// grow with the number of patterns. Every construct that would need a backtracking engine is
/// rejected when the table is built, so no pattern can make a match slow.
///
/// Where we deliberately differ from Clerk (see `tests/conformance/DEVIATIONS.md`): wildcards
/// such as `(.*)` also match line terminators, so `/admin/%0A` cannot slip past `/admin(.*)`;
/// and lookaround and backreferences are rejected.
///
/// `RouteMatcher` is cheap to clone (the automaton is shared) and `Send + Sync`.
///
/// ```
/// use clerk_runtime::matcher::RouteMatcher;
///
/// let is_protected = RouteMatcher::new(["/dashboard(.*)", "/orgs/:slug/settings"])?;
/// assert!(is_protected.matches("/dashboard")?);
/// assert!(is_protected.matches("/DASHBOARD/projects/42")?);
/// assert!(is_protected.matches("//dashboard")?); // slashes collapsed, as Clerk does
/// assert!(is_protected.matches("/%64ashboard")?); // decoded once, as Clerk does
/// assert!(is_protected.matches("/orgs/acme/settings/")?);
/// assert!(!is_protected.matches("/orgs/acme/billing")?);
/// assert!(is_protected.matches("/admin%zz").is_err()); // Clerk: MalformedURLError, 400
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct RouteMatcher {
    inner: Arc<Inner>,
}

struct Inner {
    /// Every entry as given, for display (dropped entries included, so indices line up).
    labels: Vec<String>,
    /// The automaton over every pattern that can join it.
    automaton: Automaton,
    /// Automaton pattern `i` is table entry `automaton_entry[i]`.
    automaton_entry: Vec<usize>,
    /// Whether `automaton_entry[i] == i` for every pattern (no entry dropped or separate): a
    /// match then reads no table to report its entry.
    entries_in_order: bool,
    /// `regex::Regex` entries, checked after the automaton: (table entry, regex).
    separate: Vec<(usize, regex::Regex)>,
}

impl RouteMatcher {
    /// Builds the matcher of a table, as `createRouteMatcher([...])` does.
    ///
    /// Entries are anything that converts into a [`RoutePattern`]: `&str`, `String`,
    /// `regex::Regex`, `Option` of those. Entry positions are kept: indices reported by
    /// [`matching_patterns`](Self::matching_patterns) are positions in `patterns`, dropped
    /// entries included.
    ///
    /// ```
    /// use clerk_runtime::matcher::RouteMatcher;
    ///
    /// let m = RouteMatcher::new(vec![Some("/a"), None, Some(""), Some("/b(.*)")])?;
    /// assert_eq!(m.len(), 4);
    /// assert!(m.matches("/b/c")?);
    /// assert!(!RouteMatcher::new(Vec::<&str>::new())?.matches("/")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new<I, P>(patterns: I) -> Result<RouteMatcher, MatcherError>
    where
        I: IntoIterator<Item = P>,
        P: Into<RoutePattern>,
    {
        let mut labels = Vec::new();
        let mut regexes = Vec::new();
        let mut automaton_entry = Vec::new();
        let mut separate = Vec::new();
        for (index, pattern) in patterns.into_iter().enumerate() {
            let pattern: RoutePattern = pattern.into();
            match compile(index, &pattern)? {
                Compiled::Dropped => {}
                Compiled::Automaton(regex) => {
                    regexes.push(regex);
                    automaton_entry.push(index);
                }
                Compiled::Separate(regex) => separate.push((index, regex)),
            }
            labels.push(pattern.to_string());
        }
        let automaton = build_automaton(&regexes, &automaton_entry, &labels)?;
        Ok(RouteMatcher {
            inner: Arc::new(Inner {
                labels,
                automaton,
                entries_in_order: in_order(&automaton_entry),
                automaton_entry,
                separate,
            }),
        })
    }

    /// Builds a matcher from regexes that `clerk-syntax` has already translated (what
    /// `clerk_routes!` emits), so no pattern is parsed at run time: only the automaton is built.
    ///
    /// Each regex is searched anchored at the start of the normalised path; path patterns carry
    /// their own `\A…\z`.
    pub(crate) fn from_translated(regexes: &[&str]) -> Result<RouteMatcher, MatcherError> {
        let labels: Vec<String> = regexes.iter().map(|r| (*r).to_owned()).collect();
        let automaton_entry: Vec<usize> = (0..regexes.len()).collect();
        let automaton = build_automaton(regexes, &automaton_entry, &labels)?;
        Ok(RouteMatcher {
            inner: Arc::new(Inner {
                labels,
                automaton,
                entries_in_order: true,
                automaton_entry,
                separate: Vec::new(),
            }),
        })
    }

    /// Whether `path` (a raw request path, as `req.nextUrl.pathname`) matches any pattern:
    /// Clerk's `matcher(req)`. The path is normalised first ([`normalize_path`]); a malformed
    /// percent-encoding is an error, which the middleware answers with 400.
    ///
    /// As in Clerk, a table with no patterns is `Ok(false)` for every path, malformed or not
    /// (Clerk never normalises when there is nothing to test).
    ///
    /// ```
    /// use clerk_runtime::matcher::RouteMatcher;
    ///
    /// let m = RouteMatcher::new(["/admin(.*)"])?;
    /// assert!(m.matches("/Admin/users")?);
    /// assert!(m.matches("/admin/%0A")?); // stricter than Clerk: `(.*)` matches a line break
    /// assert!(!m.matches("/public")?);
    /// assert_eq!(
    ///     m.matches("/admin%").unwrap_err().to_string(),
    ///     "Malformed encoding in URL path: /admin%",
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches(&self, path: &str) -> Result<bool, MalformedUrlError> {
        let inner = &*self.inner;
        if self.has_no_patterns() {
            return Ok(false);
        }
        // Fast path: a path that normalising leaves alone is decided in the same pass.
        if inner.separate.is_empty()
            && let Some(answer) = inner.automaton.is_match_raw(path)
        {
            return Ok(answer);
        }
        Ok(self.matches_normalized(&normalize_path(path)?))
    }

    /// Whether any reading of `path` matches ([`path_readings`]): Clerk's, dot segments
    /// resolved as WHATWG URL parsing does, encoded separators decoded. Use it for a table of
    /// protected routes in a middleware closure, so `/./admin` or `/x/%2e%2e/admin` cannot
    /// walk around `/admin(.*)` to a service that resolves them.
    ///
    /// ```
    /// use clerk_runtime::matcher::RouteMatcher;
    ///
    /// let is_protected = RouteMatcher::new(["/admin(.*)"])?;
    /// assert!(!is_protected.matches("/public/../admin")?); // Clerk's reading only
    /// assert!(is_protected.matches_any_reading("/public/../admin")?);
    /// assert!(is_protected.matches_any_reading("/.%2Fadmin")?);
    /// assert!(!is_protected.matches_any_reading("/public")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches_any_reading(&self, path: &str) -> Result<bool, MalformedUrlError> {
        if self.has_no_patterns() {
            return Ok(false);
        }
        Ok(path_readings(path)?
            .iter()
            .any(|reading| self.matches_normalized(reading)))
    }

    /// Whether every reading of `path` matches ([`path_readings`]). Use it for a table of
    /// public routes, where everything else is protected: `/sign-in/../admin` is public to
    /// Clerk's reading, not to the WHATWG one, so it is not public here.
    ///
    /// ```
    /// use clerk_runtime::matcher::RouteMatcher;
    ///
    /// let is_public = RouteMatcher::new(["/sign-in(.*)"])?;
    /// assert!(is_public.matches_every_reading("/sign-in/factor-one")?);
    /// assert!(is_public.matches_every_reading("/sign-in/./factor-one")?);
    /// assert!(!is_public.matches_every_reading("/sign-in/%2e%2e/admin")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn matches_every_reading(&self, path: &str) -> Result<bool, MalformedUrlError> {
        if self.has_no_patterns() {
            return Ok(false);
        }
        Ok(path_readings(path)?
            .iter()
            .all(|reading| self.matches_normalized(reading)))
    }

    /// Whether an already normalised path matches any pattern (see [`normalize_path`]).
    ///
    /// ```
    /// use clerk_runtime::matcher::{RouteMatcher, normalize_path};
    ///
    /// let m = RouteMatcher::new(["/users/:id"])?;
    /// let path = normalize_path("/users//%34%32")?;
    /// assert!(m.matches_normalized(&path));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn matches_normalized(&self, normalized: &str) -> bool {
        self.inner.automaton.is_match(normalized)
            || self
                .inner
                .separate
                .iter()
                .any(|(_, regex)| regex.is_match(normalized))
    }

    /// Every pattern that matches an already normalised path, by position in the table: what a
    /// route table needs, where every matching rule must pass.
    ///
    /// ```
    /// use clerk_runtime::matcher::{RouteMatcher, normalize_path};
    ///
    /// let table = RouteMatcher::new(["/orgs(.*)", "/orgs/:id/billing", "/admin(.*)"])?;
    /// let path = normalize_path("/orgs/acme/billing")?;
    /// let hits = table.matching_patterns(&path);
    /// assert_eq!(hits.iter().collect::<Vec<_>>(), [0, 1]);
    /// assert!(hits.contains(1) && !hits.contains(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn matching_patterns(&self, normalized: &str) -> MatchingPatterns {
        let mut indices = Vec::new();
        self.for_each_matching_pattern(normalized, |index| indices.push(index));
        indices.sort_unstable();
        indices.dedup();
        MatchingPatterns { indices }
    }

    /// Calls `found` with the position of every pattern that matches an already normalised
    /// path, in no particular order and possibly more than once: what
    /// [`matching_patterns`](Self::matching_patterns) collects, without collecting.
    pub(crate) fn for_each_matching_pattern(&self, normalized: &str, mut found: impl FnMut(usize)) {
        let inner = &*self.inner;
        if inner.entries_in_order {
            inner.automaton.for_each_match(normalized, &mut found);
        } else {
            inner
                .automaton
                .for_each_match(normalized, |i| found(inner.automaton_entry[i]));
        }
        for (index, regex) in &inner.separate {
            if regex.is_match(normalized) {
                found(*index);
            }
        }
    }

    /// Number of entries in the table as given, dropped entries included.
    #[must_use]
    pub fn len(&self) -> usize {
        self.inner.labels.len()
    }

    /// Whether the table was given no entries at all.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.inner.labels.is_empty()
    }

    /// Entry `index` as written (`/source/flags` for a JavaScript `RegExp`, the regex text for
    /// a `regex::Regex` or a translated regex), or `None` past the end. A dropped entry is `""`.
    #[must_use]
    pub fn pattern(&self, index: usize) -> Option<&str> {
        self.inner.labels.get(index).map(String::as_str)
    }

    fn has_no_patterns(&self) -> bool {
        self.inner.automaton.len() == 0 && self.inner.separate.is_empty()
    }
}

/// Whether every automaton pattern is the table entry of the same position.
fn in_order(automaton_entry: &[usize]) -> bool {
    automaton_entry
        .iter()
        .enumerate()
        .all(|(pattern, &entry)| pattern == entry)
}

/// Builds the automaton, mapping an engine error back to the table entry it concerns.
fn build_automaton<S: AsRef<str>>(
    regexes: &[S],
    automaton_entry: &[usize],
    labels: &[String],
) -> Result<Automaton, MatcherError> {
    Automaton::build(regexes).map_err(|err| match err.pattern {
        Some(i) => {
            let index = automaton_entry[i];
            MatcherError::new(
                index,
                labels[index].clone(),
                MatcherErrorKind::InvalidRegex,
                format!(
                    "invalid route pattern `{}` (entry {index}): {}",
                    labels[index], err.message
                ),
                None,
            )
        }
        None => MatcherError::new(
            0,
            String::new(),
            MatcherErrorKind::TooLarge,
            format!("the route table is too large to compile: {}", err.message),
            None,
        ),
    })
}

impl fmt::Debug for RouteMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RouteMatcher")
            .field("patterns", &self.inner.labels)
            .field("engine", &self.inner.automaton.engine_name())
            .finish_non_exhaustive()
    }
}

/// The table entries that match a path, by position, in increasing order: what
/// [`RouteMatcher::matching_patterns`] returns.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MatchingPatterns {
    indices: Vec<usize>,
}

impl MatchingPatterns {
    /// Whether entry `index` matches.
    #[must_use]
    pub fn contains(&self, index: usize) -> bool {
        self.indices.binary_search(&index).is_ok()
    }

    /// Whether no entry matches.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.indices.is_empty()
    }

    /// How many entries match.
    #[must_use]
    pub fn len(&self) -> usize {
        self.indices.len()
    }

    /// The matching entries' positions, in increasing order.
    #[must_use]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = usize> + '_ {
        self.indices.iter().copied()
    }

    /// The matching entries' positions as a slice, in increasing order.
    #[must_use]
    pub fn as_slice(&self) -> &[usize] {
        &self.indices
    }
}

impl IntoIterator for MatchingPatterns {
    type Item = usize;
    type IntoIter = std::vec::IntoIter<usize>;

    fn into_iter(self) -> Self::IntoIter {
        self.indices.into_iter()
    }
}

impl<'a> IntoIterator for &'a MatchingPatterns {
    type Item = usize;
    type IntoIter = std::iter::Copied<std::slice::Iter<'a, usize>>;

    fn into_iter(self) -> Self::IntoIter {
        self.indices.iter().copied()
    }
}
