//! One automaton over every regex of a route table: a single pass over the path decides which
//! patterns match, whatever the number of patterns.
//!
//! Each regex is searched *anchored at the start* of the path (a match must start at byte 0 and
//! may end anywhere). Path patterns are additionally anchored at the end by their own `\z`.
//!
//! Two engines, chosen when the table is built:
//! - a fully built dense DFA (`regex_automata::dfa::dense`), walked byte by byte with one table
//!   lookup per byte. Every regex gets a `(?s:.)*` tail, so a pattern matches exactly when the
//!   DFA's state after the end of the path is a match state that names it.
//! - when the DFA would be too large (some tables blow up under determinisation) or cannot be
//!   built (a Unicode word boundary), the meta regex engine over the same regexes: a lazy DFA
//!   that falls back to the `PikeVM`. Both are linear in the path's length.

use regex_automata::dfa::{Automaton as _, StartKind, dense};
use regex_automata::util::primitives::StateID;
use regex_automata::util::start;
use regex_automata::{Anchored, Input, MatchKind, PatternSet, meta};

use super::compact::Compact;
use super::universal::universal_states;

/// Heap limit for the fully built DFA. Above it the lazy DFA is used instead.
const DENSE_DFA_SIZE_LIMIT: usize = 16 << 20;
/// Heap limit while determinising; also bounds how long a hopeless attempt takes.
const DETERMINIZE_SIZE_LIMIT: usize = 32 << 20;
/// Heap limit for the compiled NFA of the whole table.
const NFA_SIZE_LIMIT: usize = 64 << 20;
/// Cache limit for the lazy DFA of a table that did not fit the dense DFA.
const LAZY_DFA_CACHE_CAPACITY: usize = 8 << 20;

/// Why the automaton of a table could not be built.
#[derive(Debug)]
pub(crate) struct BuildError {
    /// The regex at fault, when a single one is (its index in the build list).
    pub(crate) pattern: Option<usize>,
    /// The engine's message.
    pub(crate) message: String,
}

/// The combined automaton of a route table.
#[derive(Debug)]
pub(crate) struct Automaton {
    engine: Engine,
    patterns: usize,
}

#[derive(Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "one engine per table, behind the matcher's Arc: the compact copy's byte classes \
              inline save a pointer to follow on every match"
)]
enum Engine {
    /// No regexes: nothing matches.
    Empty,
    /// A fully built DFA and its anchored start state.
    Dense {
        dfa: Box<dense::DFA<Vec<u32>>>,
        start: StateID,
        /// Universal states by `id >> stride2` (see `universal.rs`); empty when not analysed.
        universal: Vec<bool>,
        /// The same DFA in fewer cache lines, when it is small (see `compact.rs`).
        compact: Option<Compact>,
    },
    /// The meta engine (lazy DFA, then `PikeVM`), for tables too large for the dense DFA.
    Meta(Box<meta::Regex>),
}

impl Automaton {
    /// Builds the automaton of `regexes` (regex crate syntax); pattern `i` is `regexes[i]`.
    pub(crate) fn build<S: AsRef<str>>(regexes: &[S]) -> Result<Automaton, BuildError> {
        let patterns = regexes.len();
        if patterns == 0 {
            return Ok(Automaton {
                engine: Engine::Empty,
                patterns,
            });
        }
        let engine = match build_dense(regexes) {
            Some(engine) => engine,
            None => build_meta(regexes)?,
        };
        Ok(Automaton { engine, patterns })
    }

    /// Number of regexes in the automaton.
    pub(crate) fn len(&self) -> usize {
        self.patterns
    }

    /// Which engine decides matches: `"dense-dfa"`, `"lazy-dfa"` or `"empty"`.
    pub(crate) fn engine_name(&self) -> &'static str {
        match self.engine {
            Engine::Empty => "empty",
            Engine::Dense { .. } => "dense-dfa",
            Engine::Meta(_) => "lazy-dfa",
        }
    }

    /// Whether any regex matches `haystack` from its first byte.
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        match &self.engine {
            Engine::Empty => false,
            Engine::Dense {
                compact: Some(compact),
                ..
            } => !compact.matches(haystack.as_bytes()).is_empty(),
            Engine::Dense { dfa, start, .. } => final_state(dfa, *start, haystack).is_some(),
            Engine::Meta(re) => re.is_match(Input::new(haystack).anchored(Anchored::Yes)),
        }
    }

    /// Decides `is_match` for a raw (not yet normalised) path in the same pass that checks
    /// whether normalising would change it: `None` when it would (a `%` or a `//` before the
    /// answer is known), or when the engine is not the dense DFA.
    ///
    /// When the DFA dies on a prefix, the normalised path (which starts with that same prefix)
    /// cannot match either; only a `%` further on can still turn the answer into an error, so
    /// the rest is scanned for one.
    pub(crate) fn is_match_raw(&self, path: &str) -> Option<bool> {
        let Engine::Dense {
            dfa,
            start,
            universal,
            ..
        } = &self.engine
        else {
            return None;
        };
        let bytes = path.as_bytes();
        let stride2 = dfa.stride2();
        let mut state = *start;
        let mut previous = 0u8;
        for (i, &byte) in bytes.iter().enumerate() {
            if byte == b'%' {
                return None;
            }
            state = dfa.next_state(state, byte);
            if byte == b'/' {
                if previous == b'/' {
                    return None;
                }
                // Every continuation matches: only a bad escape further on can change the
                // answer (to an error).
                if universal.get(state.as_usize() >> stride2) == Some(&true) {
                    return rest_is_plain(bytes, i).then_some(true);
                }
            }
            previous = byte;
            if dfa.is_special_state(state) && dfa.is_dead_state(state) {
                return rest_is_plain(bytes, i).then_some(false);
            }
        }
        Some(dfa.is_match_state(dfa.next_eoi_state(state)))
    }

    /// Calls `found` with the index of every regex that matches `haystack` from its first byte,
    /// in no particular order.
    pub(crate) fn for_each_match(&self, haystack: &str, mut found: impl FnMut(usize)) {
        match &self.engine {
            Engine::Empty => {}
            Engine::Dense {
                compact: Some(compact),
                ..
            } => {
                for &pattern in compact.matches(haystack.as_bytes()) {
                    found(pattern as usize);
                }
            }
            Engine::Dense { dfa, start, .. } => {
                if let Some(state) = final_state(dfa, *start, haystack) {
                    for i in 0..dfa.match_len(state) {
                        found(dfa.match_pattern(state, i).as_usize());
                    }
                }
            }
            Engine::Meta(re) => {
                let mut set = PatternSet::new(re.pattern_len());
                re.which_overlapping_matches(
                    &Input::new(haystack).anchored(Anchored::Yes),
                    &mut set,
                );
                set.iter().for_each(|id| found(id.as_usize()));
            }
        }
    }
}

/// Whether the path after byte `i` has no `%`, so normalising cannot fail there.
#[inline]
fn rest_is_plain(bytes: &[u8], i: usize) -> bool {
    !bytes[i + 1..].contains(&b'%')
}

/// Runs the dense DFA over the whole haystack: the match state after the end of input, or
/// `None` when no pattern matches.
#[inline]
fn final_state(dfa: &dense::DFA<Vec<u32>>, start: StateID, haystack: &str) -> Option<StateID> {
    let mut state = start;
    for &byte in haystack.as_bytes() {
        state = dfa.next_state(state, byte);
        if dfa.is_special_state(state) && dfa.is_dead_state(state) {
            return None;
        }
    }
    state = dfa.next_eoi_state(state);
    dfa.is_match_state(state).then_some(state)
}

/// The regex the dense DFA is built from: `(?s:.)*` after the pattern turns "matches from the
/// start" into "matches the whole path", which the state after the end of input reports.
fn whole_path(regex: &str) -> String {
    format!("(?:{regex})(?s:.)*")
}

/// Tries the dense DFA; `None` when it is too large or this engine cannot express the table.
fn build_dense<S: AsRef<str>>(regexes: &[S]) -> Option<Engine> {
    let wrapped: Vec<String> = regexes.iter().map(|r| whole_path(r.as_ref())).collect();
    let dfa = dense::Builder::new()
        .configure(
            dense::Config::new()
                .match_kind(MatchKind::All)
                .start_kind(StartKind::Anchored)
                .dfa_size_limit(Some(DENSE_DFA_SIZE_LIMIT))
                .determinize_size_limit(Some(DETERMINIZE_SIZE_LIMIT)),
        )
        .thompson(regex_automata::nfa::thompson::Config::new().nfa_size_limit(Some(NFA_SIZE_LIMIT)))
        .build_many(&wrapped)
        .ok()?;
    let start = dfa
        .start_state(&start::Config::new().anchored(Anchored::Yes))
        .ok()?;
    let universal = universal_states(&dfa, start).unwrap_or_default();
    let compact = Compact::of(&dfa, start);
    Some(Engine::Dense {
        dfa: Box::new(dfa),
        start,
        universal,
        compact,
    })
}

/// The meta engine over the same regexes (searched anchored, so no tail is needed).
fn build_meta<S: AsRef<str>>(regexes: &[S]) -> Result<Engine, BuildError> {
    let re = meta::Regex::builder()
        .configure(
            meta::Config::new()
                .match_kind(MatchKind::All)
                .nfa_size_limit(Some(NFA_SIZE_LIMIT))
                .hybrid_cache_capacity(LAZY_DFA_CACHE_CAPACITY),
        )
        .build_many(regexes)
        .map_err(|err| BuildError {
            pattern: err.pattern().map(|id| id.as_usize()),
            message: err
                .syntax_error()
                .map_or_else(|| err.to_string(), ToString::to_string),
        })?;
    Ok(Engine::Meta(Box::new(re)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A few regexes in the shape `clerk-syntax` gives path patterns.
    const TABLE: &[&str] = &[
        r"\A/(?i:admin)(?s:(.*))[/#?]?\z",
        r"\A/(?i:user)(?:/([^/#?]+?))[/#?]?\z",
        r"\A/(?i:about)[/#?]?\z",
    ];

    fn matching(a: &Automaton, haystack: &str) -> Vec<usize> {
        let mut out = Vec::new();
        a.for_each_match(haystack, |i| out.push(i));
        out.sort_unstable();
        out
    }

    #[test]
    fn small_tables_use_the_dense_dfa() {
        let a = Automaton::build(TABLE).unwrap();
        assert_eq!(a.engine_name(), "dense-dfa");
        assert_eq!(a.len(), 3);
    }

    #[test]
    fn reports_every_matching_pattern() {
        let a = Automaton::build(&[r"\A/a(.*)\z", r"\A/a/b\z", r"\A/a/(.*)\z", r"\A/x\z"]).unwrap();
        assert_eq!(matching(&a, "/a/b"), [0, 1, 2]);
        assert_eq!(matching(&a, "/a"), [0]);
        assert_eq!(matching(&a, "/x"), [3]);
        assert!(matching(&a, "/y").is_empty());
        assert!(a.is_match("/ab"));
        assert!(!a.is_match("/xy"));
    }

    #[test]
    fn regexes_without_an_end_anchor_match_a_prefix() {
        let a = Automaton::build(&[r"\A(?s:.)*?(?:/b/\d+)", r"\A/c"]).unwrap();
        assert_eq!(matching(&a, "/x/b/12/y"), [0]);
        assert_eq!(matching(&a, "/cat"), [1]);
        assert!(!a.is_match("/x/c"));
    }

    #[test]
    fn both_engines_agree() {
        let dense = Automaton::build(TABLE).unwrap();
        let meta = Automaton {
            engine: build_meta(TABLE).unwrap(),
            patterns: TABLE.len(),
        };
        assert_eq!(meta.engine_name(), "lazy-dfa");
        for path in [
            "/admin",
            "/ADMIN/x",
            "/user/1",
            "/user/1/2",
            "/about/",
            "/",
            "/x",
        ] {
            assert_eq!(matching(&dense, path), matching(&meta, path), "{path}");
            assert_eq!(dense.is_match(path), meta.is_match(path), "{path}");
        }
    }

    #[test]
    fn a_unicode_word_boundary_falls_back_to_the_meta_engine() {
        let a = Automaton::build(&[r"\A/\bx\b"]).unwrap();
        assert_eq!(a.engine_name(), "lazy-dfa");
        assert!(a.is_match("/x"));
        assert!(!a.is_match("/xy"));
    }

    #[test]
    fn a_bad_regex_names_its_index() {
        let err = Automaton::build(&[r"\A/a\z", r"\A(\z"]).unwrap_err();
        assert_eq!(err.pattern, Some(1));
        assert!(err.message.contains("unclosed group"), "{}", err.message);
    }

    #[test]
    fn raw_paths_are_decided_in_one_pass_or_handed_back() {
        let a = Automaton::build(TABLE).unwrap();
        let Engine::Dense { universal, .. } = &a.engine else {
            panic!("dense DFA expected");
        };
        assert!(
            universal.iter().any(|&u| u),
            "`/admin(.*)` has a universal state"
        );
        // Decided here: plain paths, including early exits (dead state, universal state).
        assert_eq!(a.is_match_raw("/admin/x/y"), Some(true));
        assert_eq!(a.is_match_raw("/admin"), Some(true));
        assert_eq!(a.is_match_raw("/about/x"), Some(false));
        assert_eq!(
            a.is_match_raw("/zzz/%41"),
            None,
            "dead, but a later escape may be bad"
        );
        assert_eq!(a.is_match_raw("/zzz/a"), Some(false));
        assert_eq!(
            a.is_match_raw("/admin/ok/%zz"),
            None,
            "universal, but a bad escape follows"
        );
        // Handed back to the normaliser: an escape or `//` before the answer is known.
        assert_eq!(a.is_match_raw("/%61dmin"), None);
        assert_eq!(a.is_match_raw("//admin"), None);
        assert_eq!(a.is_match_raw("/user//1"), None);
        for path in [
            "/admin/x", "/user/1", "/user/1/", "/about", "/aboutx", "/", "/café/x",
        ] {
            if let Some(answer) = a.is_match_raw(path) {
                assert_eq!(answer, a.is_match(path), "{path}");
            }
        }
    }

    #[test]
    fn universal_states_respect_utf8_and_end_anchors() {
        // `\z` right after the wildcard: still universal; a required suffix: not.
        let a = Automaton::build(&[r"\A/a(?s:.)*\z", r"\A/b(?s:.)*x\z"]).unwrap();
        assert_eq!(a.is_match_raw("/a/é/ü"), Some(true));
        assert_eq!(a.is_match_raw("/b/é/x"), Some(true));
        assert_eq!(a.is_match_raw("/b/é/y"), Some(false));
        assert_eq!(a.is_match_raw("/b/"), Some(false));
    }

    /// What the dense DFA itself answers, without its compact copy.
    fn dense_only(a: &Automaton, haystack: &str) -> Vec<usize> {
        let Engine::Dense { dfa, start, .. } = &a.engine else {
            panic!("dense DFA expected");
        };
        let mut out: Vec<usize> = final_state(dfa, *start, haystack)
            .map(|end| {
                (0..dfa.match_len(end))
                    .map(|i| dfa.match_pattern(end, i).as_usize())
                    .collect()
            })
            .unwrap_or_default();
        out.sort_unstable();
        out
    }

    fn compact_of(a: &Automaton) -> Option<&Compact> {
        match &a.engine {
            Engine::Dense { compact, .. } => compact.as_ref(),
            _ => None,
        }
    }

    #[test]
    fn small_tables_get_a_compact_copy_and_large_ones_do_not() {
        let a = Automaton::build(TABLE).unwrap();
        let compact = compact_of(&a).expect("a compact copy");
        // 35 states of 57 byte classes: the dense DFA's rows are 64 four-byte ids.
        assert!(compact.table_len() <= 2048, "{}", compact.table_len());
        assert_eq!(matching(&a, "/ADMIN/x"), [0]);
        assert_eq!(matching(&a, "/user/1/"), [1]);
        assert!(!a.is_match("/user/1/2"));
        // Hundreds of distinct literals need more states than a byte numbers.
        let many: Vec<String> = (0..400).map(|i| format!(r"\A/p{i}x\z")).collect();
        let a = Automaton::build(&many).unwrap();
        assert_eq!(a.engine_name(), "dense-dfa");
        assert!(compact_of(&a).is_none());
        assert_eq!(matching(&a, "/p399x"), [399]);
    }

    const POOL: &[&str] = &[
        r"\A/(?i:admin)(?s:(.*))[/#?]?\z",
        r"\A/(?i:user)(?:/([^/#?]+?))[/#?]?\z",
        r"\A/(?i:about)[/#?]?\z",
        r"\A/(?i:orgs)(?:/([^/#?]+?))/(?s:(.*))[/#?]?\z",
        r"\A/(?i:dashboard)(?s:(.*))[/#?]?\z",
        r"\A/[/#?]?\z",
        r"\A(?s:.)*?(?:/api/)",
        r"\A/(?i:café)/x\z",
    ];

    proptest::proptest! {
        #[test]
        fn the_compact_copy_answers_as_the_dense_dfa(
            picks in proptest::sample::subsequence(POOL.to_vec(), 1..=POOL.len()),
            paths in proptest::collection::vec(proptest::prop_oneof![
                "(/(admin|ADMIN|user|about|orgs|dashboard|daſhboard|api|x|café|CAFÉ|é)){0,4}[/#?]?",
                "\\PC{0,20}",
            ], 1..20),
        ) {
            let a = Automaton::build(&picks).unwrap();
            proptest::prop_assert!(compact_of(&a).is_some());
            for path in &paths {
                let expected = dense_only(&a, path);
                proptest::prop_assert_eq!(&matching(&a, path), &expected, "{}", path);
                proptest::prop_assert_eq!(a.is_match(path), !expected.is_empty(), "{}", path);
            }
        }
    }

    #[test]
    fn empty_table_matches_nothing() {
        let a = Automaton::build::<&str>(&[]).unwrap();
        assert!(!a.is_match(""));
        assert!(matching(&a, "/").is_empty());
    }
}
