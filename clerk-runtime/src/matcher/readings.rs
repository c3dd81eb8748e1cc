//! The readings of a request path: every path a service behind the guard may act on.
//!
//! Clerk matches `req.nextUrl.pathname`, which Next.js has already parsed as a WHATWG URL, so
//! `/sign-in/../admin` reaches Clerk as `/admin`. An axum router hands the path on as it came,
//! and what the service behind it does with the path varies: `ServeDir` percent-decodes it
//! (`%2F` included) and skips `.`; a catch-all handler or a proxy may resolve `..`; servlet
//! containers drop `;` parameters. A guard that matches one reading while the service acts on
//! another can be walked around, so the layer matches every reading.

use std::borrow::Cow;

use super::normalize::{MalformedUrlError, normalize_path};

/// How many readings a path can have (Clerk's, WHATWG, separators decoded, parameters dropped).
const MAX_READINGS: usize = 4;

/// The readings of one request path, each normalised as Clerk does ([`normalize_path`]),
/// without duplicates. The first is always Clerk's own reading.
///
/// Built by [`path_readings`]; at most four readings, none longer than the path plus one byte.
///
/// ```
/// use clerk_runtime::matcher::path_readings;
///
/// let readings = path_readings("/static/.%2Fprivate/a.txt")?;
/// assert_eq!(readings.clerk(), "/static/.%2Fprivate/a.txt");
/// assert!(readings.iter().any(|reading| reading == "/static/private/a.txt"));
/// # Ok::<(), clerk_runtime::matcher::MalformedUrlError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathReadings<'a> {
    /// Clerk's reading.
    clerk: Cow<'a, str>,
    /// The other readings that differ from it and from each other (no allocation when none).
    others: Vec<String>,
}

/// The iterator over [`PathReadings`], Clerk's reading first.
pub type PathReadingsIter<'r> = std::iter::Chain<
    std::iter::Once<&'r str>,
    std::iter::Map<std::slice::Iter<'r, String>, fn(&'r String) -> &'r str>,
>;

impl PathReadings<'_> {
    /// Clerk's reading: the path normalised by [`normalize_path`], dot segments left alone.
    #[must_use]
    pub fn clerk(&self) -> &str {
        &self.clerk
    }

    /// Every reading, Clerk's first.
    pub fn iter(&self) -> PathReadingsIter<'_> {
        std::iter::once(&*self.clerk).chain(self.others.iter().map(String::as_str as fn(_) -> _))
    }

    /// How many readings there are (at least one: Clerk's).
    #[must_use]
    pub fn len(&self) -> usize {
        1 + self.others.len()
    }

    /// Always `false`: every path has Clerk's reading.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        false
    }

    fn add(&mut self, reading: String) {
        if *self.clerk != *reading && !self.others.contains(&reading) {
            self.others.push(reading);
        }
    }
}

impl<'r> IntoIterator for &'r PathReadings<'_> {
    type Item = &'r str;
    type IntoIter = PathReadingsIter<'r>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

/// Every reading of a request path that a service behind the guard may act on, each normalised
/// as Clerk does ([`normalize_path`]):
///
/// 1. Clerk's: the path as given (what axum's router matches).
/// 2. WHATWG URL parsing's (what Next.js hands Clerk): `\` is a separator; `.` and `..`
///    segments, in any mix of `.` and `%2e`/`%2E`, are resolved; `..` never goes above the root.
/// 3. Separators decoded: `%2F`, `%5C` (any case) and `\` read as `/`, runs of separators
///    merged, then dot segments resolved as in 2 (what `ServeDir` and file systems act on).
/// 4. When the path has a `;`: as 3, with each segment's `;` parameters dropped first
///    (`/..;/admin` is `/admin` to servlet containers).
///
/// Escapes are decoded once, never twice: `%252e` is the three characters `%2e` to every
/// reading (and to `ServeDir`), not a dot.
///
/// A malformed percent-encoding fails as [`normalize_path`] does (Clerk answers 400). The
/// work is linear in the path's length.
///
/// ```
/// use clerk_runtime::matcher::path_readings;
///
/// let readings = path_readings("/sign-in/%2e%2e/admin")?;
/// let all: Vec<&str> = readings.iter().collect();
/// assert_eq!(all, ["/sign-in/../admin", "/admin"]);
///
/// // A path with nothing to resolve has one reading.
/// assert_eq!(path_readings("/dashboard/%61")?.iter().collect::<Vec<_>>(), ["/dashboard/a"]);
/// assert!(path_readings("/a/%zz").is_err());
/// # Ok::<(), clerk_runtime::matcher::MalformedUrlError>(())
/// ```
pub fn path_readings(path: &str) -> Result<PathReadings<'_>, MalformedUrlError> {
    let mut readings = PathReadings {
        clerk: normalize_path(path)?,
        others: Vec::new(),
    };
    if !may_have_other_readings(path.as_bytes()) {
        return Ok(readings);
    }
    for how in [
        Resolution::WHATWG,
        Resolution::SEPARATORS,
        Resolution::PARAMETERS,
    ] {
        if how.drop_parameters && !path.contains(';') {
            continue;
        }
        if let Some(resolved) = resolve(path, how) {
            // Only whole escapes and whole segments are dropped, so a path Clerk can decode
            // gives readings it can decode too; should one not, the request fails closed.
            let decoded = match normalize_path(&resolved)? {
                Cow::Owned(decoded) => Some(decoded),
                Cow::Borrowed(_) => None,
            };
            readings.add(decoded.unwrap_or(resolved));
        }
    }
    debug_assert!(readings.len() <= MAX_READINGS);
    Ok(readings)
}

/// Whether `path` is its only reading: it starts with `/` and has no `%`, `\\`, `;`, `//` or
/// segment starting with `.`, so Clerk's normalisation leaves it alone and no other reading
/// differs from it. One pass over the path, for the common case, before [`path_readings`].
pub(crate) fn is_its_only_reading(path: &str) -> bool {
    let bytes = path.as_bytes();
    if bytes.first() != Some(&b'/') {
        return false;
    }
    let mut previous = b'/';
    for &byte in &bytes[1..] {
        match byte {
            b'%' | b'\\' | b';' => return false,
            b'/' | b'.' if previous == b'/' => return false,
            _ => {}
        }
        previous = byte;
    }
    true
}

/// Whether some reading could differ from Clerk's. Every difference needs one of: a path that
/// does not start with `/`, a `\` or `;`, a segment that starts with `.`, or an escape
/// `%2E`, `%2F` or `%5C` (any case). Runs of `/` alone change nothing: Clerk's normalisation
/// merges them too.
fn may_have_other_readings(bytes: &[u8]) -> bool {
    if bytes.first() != Some(&b'/') {
        return true;
    }
    bytes.iter().enumerate().any(|(at, &byte)| match byte {
        b'\\' | b';' => true,
        // `at >= 1`: `bytes[0]` is `/`.
        b'.' => bytes[at - 1] == b'/',
        b'%' => matches!(
            bytes.get(at + 1..at + 3),
            Some([b'2', b'e' | b'E' | b'f' | b'F'] | [b'5', b'c' | b'C'])
        ),
        _ => false,
    })
}

/// How one reading splits and resolves a path.
#[derive(Clone, Copy, Debug)]
pub(super) struct Resolution {
    /// `%2F` and `%5C` (any case) are separators.
    decode_separators: bool,
    /// Empty segments are dropped (runs of separators count as one), except a last one.
    merge_separators: bool,
    /// Each segment ends at its first `;`.
    drop_parameters: bool,
}

impl Resolution {
    /// WHATWG URL parsing of an `http:` URL's path.
    pub(super) const WHATWG: Self = Self {
        decode_separators: false,
        merge_separators: false,
        drop_parameters: false,
    };
    /// Encoded separators decoded, runs of separators merged.
    pub(super) const SEPARATORS: Self = Self {
        decode_separators: true,
        merge_separators: true,
        drop_parameters: false,
    };
    /// As [`SEPARATORS`](Self::SEPARATORS), with `;` parameters dropped.
    pub(super) const PARAMETERS: Self = Self {
        decode_separators: true,
        merge_separators: true,
        drop_parameters: true,
    };

    /// The length of the separator at `bytes[at..]`, or 0 when there is none.
    fn separator_len(self, bytes: &[u8], at: usize) -> usize {
        match bytes[at] {
            b'/' | b'\\' => 1,
            b'%' if self.decode_separators => match bytes.get(at + 1..at + 3) {
                Some([b'2', b'f' | b'F'] | [b'5', b'c' | b'C']) => 3,
                _ => 0,
            },
            _ => 0,
        }
    }
}

/// What a segment is to dot-segment resolution.
#[derive(PartialEq, Eq, Debug)]
enum Segment {
    /// `.` or `%2e`: the current directory.
    Current,
    /// `..` or a mix of `.` and `%2e`: the parent directory.
    Parent,
    /// Anything else.
    Name,
}

fn classify(segment: &str) -> Segment {
    // The longest dot form is `%2e%2e`.
    if segment.is_empty() || segment.len() > 6 {
        return Segment::Name;
    }
    let is_dot = |s: &str| s == "." || s.eq_ignore_ascii_case("%2e");
    if is_dot(segment) {
        return Segment::Current;
    }
    let parent = ["..", ".%2e", "%2e.", "%2e%2e"];
    if parent.iter().any(|form| segment.eq_ignore_ascii_case(form)) {
        Segment::Parent
    } else {
        Segment::Name
    }
}

/// The path as `how` reads it, or `None` when that is the path itself.
///
/// This is the WHATWG URL parser's path state for a special scheme, with the extra splitting,
/// merging and parameter dropping of `how`. Segments are kept as byte ranges on a stack, so the
/// work is linear in the path's length; nothing is allocated while the reading is still the
/// path itself.
pub(super) fn resolve(path: &str, how: Resolution) -> Option<String> {
    let bytes = path.as_bytes();
    // `None` while the reading so far is the path itself (a leading `/`, every separator a plain
    // `/`, every segment kept whole); from the first difference on, the kept segments.
    let mut stack: Option<Vec<(usize, usize)>> = (bytes.first() != Some(&b'/')).then(Vec::new);
    // Path start state: one leading separator is consumed.
    let mut at = if bytes.is_empty() {
        0
    } else {
        how.separator_len(bytes, 0)
    };
    loop {
        let start = at;
        let mut content_end = None;
        while at < bytes.len() && how.separator_len(bytes, at) == 0 {
            if how.drop_parameters && content_end.is_none() && bytes[at] == b';' {
                content_end = Some(at);
            }
            at += 1;
        }
        let last = at == bytes.len();
        let end = content_end.unwrap_or(at);
        let segment = classify(&path[start..end]);
        let skipped = start == end && how.merge_separators && !last;
        if stack.is_none() && (segment != Segment::Name || end != at || skipped) {
            stack = Some(plain_segments(path, start - 1));
        }
        if let Some(stack) = &mut stack {
            match segment {
                Segment::Parent => {
                    stack.pop();
                    if last {
                        stack.push((end, end));
                    }
                }
                Segment::Current if last => stack.push((end, end)),
                Segment::Current => {}
                Segment::Name if skipped => {}
                Segment::Name => stack.push((start, end)),
            }
        }
        if last {
            break;
        }
        let separator = how.separator_len(bytes, at);
        if stack.is_none() && (separator != 1 || bytes[at] != b'/') {
            stack = Some(plain_segments(path, at));
        }
        at += separator;
    }
    let segments = stack?;
    let mut out = String::with_capacity(path.len() + 1);
    for (start, end) in segments {
        out.push('/');
        out.push_str(&path[start..end]);
    }
    Some(out)
}

/// The segments of `path[1..end]` split at `/`, as byte ranges: the reading's segments while it
/// is still the path itself. `end == 0` means none.
fn plain_segments(path: &str, end: usize) -> Vec<(usize, usize)> {
    if end == 0 {
        return Vec::new();
    }
    let mut segments = Vec::new();
    let mut start = 1;
    for (offset, _) in path[1..end].match_indices('/') {
        segments.push((start, 1 + offset));
        start = 2 + offset;
    }
    segments.push((start, end));
    segments
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant};

    use proptest::prelude::*;

    use super::*;

    fn read(path: &str, how: Resolution) -> String {
        resolve(path, how).unwrap_or_else(|| path.to_owned())
    }

    fn readings(path: &str) -> Vec<String> {
        path_readings(path)
            .unwrap()
            .iter()
            .map(str::to_owned)
            .collect()
    }

    /// The path of `http://h` + `path` as the `url` crate (WHATWG URL parsing) reads it.
    fn url_path(path: &str) -> String {
        url::Url::parse(&format!("http://h{path}"))
            .unwrap()
            .path()
            .to_owned()
    }

    #[test]
    fn whatwg_resolves_dot_segments() {
        let rows = [
            ("/a/./b", "/a/b"),
            ("/a/../b", "/b"),
            ("/a/b/..", "/a/"),
            ("/a/.", "/a/"),
            ("/.", "/"),
            ("/..", "/"),
            ("/../../a", "/a"),
            ("/a/%2e/b", "/a/b"),
            ("/a/%2E%2e/b", "/b"),
            ("/a/.%2E/b", "/b"),
            ("/a/%2e./b", "/b"),
            ("/a\\..\\b", "/b"),
            ("/a//../b", "/a/b"),
            ("/a/.../b", "/a/.../b"),
            ("/a/.b/b.", "/a/.b/b."),
            ("/a/%2e%2e%2e", "/a/%2e%2e%2e"),
            ("/a/%252e/b", "/a/%252e/b"),
            ("/a/.%2F../b", "/a/.%2F../b"),
            ("/a/..;/b", "/a/..;/b"),
            ("", "/"),
            ("*", "/*"),
        ];
        for (path, expected) in rows {
            assert_eq!(read(path, Resolution::WHATWG), expected, "{path}");
        }
    }

    #[test]
    fn separators_are_decoded_then_dot_segments_resolved() {
        let rows = [
            ("/static/.%2Fprivate/x", "/static/private/x"),
            ("/static/%2E%2Fprivate/x", "/static/private/x"),
            ("/static/%2e%5cprivate/x", "/static/private/x"),
            ("/a/..%2fb", "/b"),
            ("/a//../b", "/b"),
            ("/a%2F%2F..%2Fb", "/b"),
            ("%2F..%2Fadmin", "/admin"),
            ("/a/%252F/b", "/a/%252F/b"),
            ("/a/..;/b", "/a/..;/b"),
        ];
        for (path, expected) in rows {
            assert_eq!(read(path, Resolution::SEPARATORS), expected, "{path}");
        }
    }

    #[test]
    fn parameters_are_dropped_per_segment() {
        let rows = [
            ("/a/..;/b", "/b"),
            ("/a/..;x=1/b", "/b"),
            ("/admin;jsessionid=1/x", "/admin/x"),
            ("/a/;x/../b", "/b"),
            ("/a;x%2F..%2Fb", "/b"),
            ("/a/%3B/b", "/a/%3B/b"),
        ];
        for (path, expected) in rows {
            assert_eq!(read(path, Resolution::PARAMETERS), expected, "{path}");
        }
    }

    #[test]
    fn readings_are_deduplicated_with_clerks_first() {
        assert_eq!(readings("/dashboard"), ["/dashboard"]);
        assert_eq!(readings("/logo.png"), ["/logo.png"]);
        assert_eq!(readings("//a//b"), ["/a/b"]);
        assert_eq!(readings("/a/%2e/b"), ["/a/./b", "/a/b"]);
        assert_eq!(
            readings("/static/.%2Fprivate"),
            ["/static/.%2Fprivate", "/static/private"]
        );
        assert_eq!(
            readings("/x/..%2F..;/admin"),
            ["/x/..%2F..;/admin", "/..;/admin", "/admin"]
        );
        assert_eq!(
            readings("/a/.%2f..;/b%2fc"),
            ["/a/.%2f..;/b%2fc", "/a/..;/b/c", "/b/c"]
        );
    }

    #[test]
    fn doubled_slashes_are_read_both_ways_before_dot_segments() {
        // WHATWG keeps the empty segment (`..` removes it); a server that merges slashes first
        // (nginx, file systems) removes `public`.
        assert_eq!(
            readings("/public//../admin"),
            ["/public/../admin", "/public/admin", "/admin"]
        );
    }

    #[test]
    fn double_encoding_is_decoded_once() {
        assert_eq!(readings("/%252e%252e/admin"), ["/%2e%2e/admin"]);
        assert_eq!(readings("/a/%252F../b"), ["/a/%2F../b"]);
    }

    #[test]
    fn malformed_paths_fail_as_clerks() {
        assert!(path_readings("/a/%zz").is_err());
        assert!(path_readings("/a/../%C3").is_err());
        assert!(path_readings("/a/%2e%2e%2F%").is_err());
    }

    #[test]
    fn many_segments_stay_linear() {
        let segments = 200_000;
        let path = "/a/..".repeat(segments) + &"/%2e%2e".repeat(segments) + "/.%2Fb";
        let started = Instant::now();
        let all = readings(&path);
        assert_eq!(all.last().map(String::as_str), Some("/b"));
        // Linear work is a few milliseconds; quadratic would be hours.
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );
    }

    /// Segments that exercise every rule; joined with separators into paths.
    fn segment() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec![
            "",
            "a",
            "B",
            ".",
            "..",
            "...",
            "%2e",
            "%2E",
            ".%2e",
            "%2E.",
            "%2e%2E",
            "%2e%2e%2e",
            ".a",
            "a.",
            "%2f",
            "%2F",
            "%5c",
            "%5C",
            ";",
            "..;",
            "a;b",
            "%",
            "%zz",
            "%25",
            "%252e",
            "%252F",
            "%3B",
            "%41",
            "~",
            "@",
            ":",
        ])
    }

    fn separator() -> impl Strategy<Value = &'static str> {
        prop::sample::select(vec!["/", "/", "/", "\\", "//"])
    }

    fn path() -> impl Strategy<Value = String> {
        prop::collection::vec((separator(), segment()), 0..12).prop_map(|parts| {
            let mut path = String::new();
            for (separator, segment) in parts {
                path.push_str(separator);
                path.push_str(segment);
            }
            if path.is_empty() {
                "/".to_owned()
            } else {
                path
            }
        })
    }

    /// `path` with `%2F`/`%5C` (any case) and `\` replaced by `/`, `;` parameters dropped when
    /// asked, then runs of `/` merged: the input that gives plain WHATWG parsing the same
    /// answer as the separators readings.
    fn model(path: &str, drop_parameters: bool) -> String {
        let mut replaced = path.to_owned();
        for separator in ["%2f", "%2F", "%5c", "%5C", "\\"] {
            replaced = replaced.replace(separator, "/");
        }
        let segments: Vec<&str> = replaced
            .split('/')
            .map(|segment| match segment.find(';') {
                Some(at) if drop_parameters => &segment[..at],
                _ => segment,
            })
            .collect();
        let mut merged = segments.join("/");
        while merged.contains("//") {
            merged = merged.replace("//", "/");
        }
        merged
    }

    #[test]
    fn only_plain_paths_are_their_only_reading() {
        for plain in ["/", "/admin/x", "/a.b/c.", "/a-b_c~d/", "/é/ü"] {
            assert!(is_its_only_reading(plain), "{plain}");
        }
        for other in [
            "",
            "admin",
            "//admin",
            "/a//b",
            "/./a",
            "/a/..",
            "/.well-known",
            "/a%2Fb",
            "/a%41",
            "/a\\b",
            "/..;/admin",
            "/a;b",
        ] {
            assert!(!is_its_only_reading(other), "{other}");
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn whatwg_reading_is_the_url_crates(path in path()) {
            prop_assert_eq!(read(&path, Resolution::WHATWG), url_path(&path));
        }

        #[test]
        fn separators_reading_is_whatwg_after_decoding_separators(path in path()) {
            prop_assert_eq!(read(&path, Resolution::SEPARATORS), url_path(&model(&path, false)));
            prop_assert_eq!(read(&path, Resolution::PARAMETERS), url_path(&model(&path, true)));
        }

        #[test]
        fn whatwg_reading_normalises_as_the_url_crates(path in "/[a-z./\\\\%2eEfF;é`\"{}<>]{0,40}") {
            // The url crate also percent-encodes characters such as `"` and `é`; Clerk's
            // normalisation decodes them again, so both sides agree once normalised. (No
            // spaces or controls: a request path cannot hold them, and the url crate trims
            // them from the ends of a whole URL.)
            let ours = normalize_path(&read(&path, Resolution::WHATWG)).map(Cow::into_owned);
            let theirs = normalize_path(&url_path(&path)).map(Cow::into_owned);
            prop_assert_eq!(ours.is_ok(), theirs.is_ok());
            if let (Ok(ours), Ok(theirs)) = (ours, theirs) {
                prop_assert_eq!(ours, theirs);
            }
        }

        #[test]
        fn readings_are_few_short_distinct_and_clerks_first(path in "\\PC{0,64}") {
            match path_readings(&path) {
                Err(err) => prop_assert_eq!(Some(err), normalize_path(&path).err()),
                Ok(readings) => {
                    let all: Vec<&str> = readings.iter().collect();
                    prop_assert!(all.len() <= MAX_READINGS);
                    prop_assert_eq!(all[0], normalize_path(&path).unwrap());
                    for (i, reading) in all.iter().enumerate() {
                        prop_assert!(reading.len() <= path.len() + 1, "{reading:?}");
                        prop_assert!(!all[..i].contains(reading));
                    }
                }
            }
        }

        #[test]
        fn the_shortcut_skips_only_paths_with_one_reading(
            path in prop_oneof![path(), "/[a-z./%25eEfF;]{0,24}".prop_map(String::from)]
        ) {
            if !may_have_other_readings(path.as_bytes()) {
                let clerk = normalize_path(&path).map(Cow::into_owned);
                for how in [Resolution::WHATWG, Resolution::SEPARATORS, Resolution::PARAMETERS] {
                    let reading = normalize_path(&read(&path, how)).map(Cow::into_owned);
                    prop_assert_eq!(&reading.ok(), &clerk.clone().ok(), "{:?}", how);
                }
            }
        }

        #[test]
        fn a_path_that_is_its_only_reading_has_exactly_that_reading(
            path in prop_oneof![path(), "/[a-z./%25eEfF;\\\\]{0,24}".prop_map(String::from), "\\PC{0,32}"]
        ) {
            if is_its_only_reading(&path) {
                let readings = path_readings(&path).unwrap();
                prop_assert_eq!(readings.iter().collect::<Vec<_>>(), [path.as_str()]);
            }
        }

        #[test]
        fn any_reading_widens_and_every_reading_narrows_clerks_answer(path in path()) {
            let table = crate::matcher::RouteMatcher::new(["/a(.*)", "/b/:x", "/"]).unwrap();
            if let Ok(clerk) = table.matches(&path) {
                let any = table.matches_any_reading(&path).unwrap();
                let every = table.matches_every_reading(&path).unwrap();
                prop_assert!(!clerk || any, "Clerk matches, no reading does");
                prop_assert!(!every || clerk, "every reading matches but Clerk's");
                let via_url = table.matches(&url_path(&path)).unwrap_or(false);
                prop_assert!(!via_url || any, "the WHATWG reading matches, the layer misses it");
            }
        }

        #[test]
        fn generated_paths_read_without_error(path in path()) {
            // Whenever Clerk can decode the path, every other reading decodes too.
            if normalize_path(&path).is_ok() {
                prop_assert!(path_readings(&path).is_ok());
            }
        }
    }
}
