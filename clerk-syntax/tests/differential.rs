//! Differential check against JavaScript on random inputs (see `tools/differential/README.md`).
//! Ignored by default: it needs the answers node computed, in `$CLERK_DIFFERENTIAL_DIR`.

use std::collections::HashMap;

use clerk_syntax::js_regex::translate;
use clerk_syntax::{PathPattern, PatternError};
use serde_json::Value;

fn lines(dir: &str, name: &str) -> Vec<Value> {
    std::fs::read_to_string(format!("{dir}/{name}"))
        .unwrap_or_else(|e| panic!("{dir}/{name}: {e}"))
        .lines()
        .filter(|l| !l.is_empty())
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect()
}

fn has_line_terminator(s: &str) -> bool {
    s.contains(['\n', '\r', '\u{2028}', '\u{2029}'])
}

/// One disagreement, or `None`; counts deliberate rejections in `deliberate`.
fn compare_path(
    case: &Value,
    want: &Value,
    deliberate: &mut usize,
    cache: &mut HashMap<String, Result<(PathPattern, regex::Regex), PatternError>>,
) -> Option<String> {
    let p = case["patterns"][0].as_str().expect("pattern");
    let path = case["path"].as_str().expect("path");
    let compiled = cache
        .entry(p.to_owned())
        .or_insert_with(|| {
            PathPattern::parse(p).map(|pattern| {
                let re = regex::Regex::new(pattern.regex()).expect("compiles");
                (pattern, re)
            })
        })
        .clone();
    match (compiled, want.get("error")) {
        (Err(e), _) if e.is_deliberate() => {
            *deliberate += 1;
            None
        }
        (Err(e), Some(m)) => (e.clerk_message(p) != m.as_str().unwrap_or_default())
            .then(|| format!("{p:?}: ours {:?}, Clerk {m}", e.clerk_message(p))),
        (Err(e), None) => Some(format!("{p:?}: ours {e}, Clerk compiles")),
        (Ok(_), Some(m)) => Some(format!("{p:?}: ours compiles, Clerk {m}")),
        (Ok((_, re)), None) => {
            let ours = re.is_match(path);
            let theirs = want["matched"].as_bool().expect("matched");
            (ours != theirs && !(ours && has_line_terminator(path)))
                .then(|| format!("{p:?} on {path:?}: ours {ours}, Clerk {theirs}"))
        }
    }
}

fn compare_regex(case: &Value, want: &Value, deliberate: &mut usize) -> Option<String> {
    let src = case["src"].as_str().expect("src");
    let flags = case["flags"].as_str().expect("flags");
    match (translate(src, flags), want.get("error")) {
        (Err(e), _) if e.is_deliberate() => {
            *deliberate += 1;
            None
        }
        (Err(e), Some(m)) => (e.js_message().as_deref() != m.as_str())
            .then(|| format!("/{src}/{flags}: ours {:?}, node {m}", e.js_message())),
        (Err(e), None) => Some(format!("/{src}/{flags}: ours {e}, node compiles")),
        (Ok(_), Some(m)) => Some(format!("/{src}/{flags}: ours compiles, node {m}")),
        (Ok(rust), None) => {
            let re = regex::Regex::new(&rust).expect("compiles");
            let subjects = case["subjects"].as_array().expect("subjects");
            let results = want["results"].as_array().expect("results");
            subjects.iter().zip(results).find_map(|(s, r)| {
                let s = s.as_str().expect("subject");
                let (ours, theirs) = (re.is_match(s), r.as_bool().expect("bool"));
                let boundary = src.contains("\\b") || src.contains("\\B");
                let known = (ours && has_line_terminator(s))
                    || (flags.contains('i')
                        && flags.contains('u')
                        && boundary
                        && s.contains(['ſ', '\u{212A}']));
                (ours != theirs && !known).then(|| {
                    format!("/{src}/{flags} on {s:?}: ours {ours} ({rust}), node {theirs}")
                })
            })
        }
    }
}

#[test]
#[ignore = "needs node's answers in $CLERK_DIFFERENTIAL_DIR"]
fn differential() {
    let dir = std::env::var("CLERK_DIFFERENTIAL_DIR").expect("CLERK_DIFFERENTIAL_DIR");
    let mut bad = Vec::new();
    let (mut deliberate_paths, mut deliberate_regexes) = (0, 0);
    let paths = lines(&dir, "paths.jsonl");
    let paths_expected = lines(&dir, "paths.expected.jsonl");
    let mut cache = HashMap::new();
    for (case, want) in paths.iter().zip(&paths_expected) {
        bad.extend(compare_path(case, want, &mut deliberate_paths, &mut cache));
    }
    let regexes = lines(&dir, "regex.jsonl");
    let regexes_expected = lines(&dir, "regex.expected.jsonl");
    for (case, want) in regexes.iter().zip(&regexes_expected) {
        bad.extend(compare_regex(case, want, &mut deliberate_regexes));
    }
    eprintln!(
        "paths: {} cases, {deliberate_paths} rejected on purpose; regexes: {} cases, \
         {deliberate_regexes} rejected on purpose; disagreements: {}",
        paths.len(),
        regexes.len(),
        bad.len()
    );
    assert!(bad.is_empty(), "{bad:#?}");
}
