//! Reading case files, expected answers and the deviation list.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

/// `tests/conformance/`.
pub(crate) fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("conformance")
}

/// The non-blank lines of `tests/conformance/<rel>`, each parsed as JSON.
pub(crate) fn jsonl(rel: &str) -> Vec<Value> {
    let path = dir().join(rel);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{rel} line {}: not JSON: {e}", i + 1))
        })
        .collect()
}

/// Each case paired with Clerk's answer to it.
pub(crate) fn cases_with_expected(kind: &str) -> Vec<(Value, Value)> {
    let cases = jsonl(&format!("cases/{kind}.jsonl"));
    let expected = jsonl(&format!("expected/{kind}.jsonl"));
    assert_eq!(
        cases.len(),
        expected.len(),
        "cases/{kind}.jsonl and expected/{kind}.jsonl differ in length"
    );
    cases.into_iter().zip(expected).collect()
}

/// Case ids listed in DEVIATIONS.md, with the reason given there.
///
/// A deviation is a list item whose first backticked word is a case id, for example
/// ``- `m0123`: (.*) also matches line terminators, so `/admin/%0A` stays protected.``
pub(crate) fn deviations() -> HashMap<String, String> {
    let path = dir().join("DEVIATIONS.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = HashMap::new();
    for line in text.lines() {
        let Some(rest) = line.trim_start().strip_prefix("- `") else {
            continue;
        };
        let Some((id, reason)) = rest.split_once('`') else {
            continue;
        };
        let reason = reason.trim_start_matches(':').trim();
        assert!(!reason.is_empty(), "deviation `{id}` has no reason");
        out.insert(id.to_owned(), reason.to_owned());
    }
    out
}

/// Collects disagreements; panics at the end with all of them, and also when a listed
/// deviation no longer deviates (so the list stays true).
#[derive(Debug, Default)]
pub(crate) struct Report {
    mismatches: Vec<String>,
    stale_deviations: Vec<String>,
    checked: usize,
    deviating: usize,
}

impl Report {
    /// Records one case: `ours` against Clerk's `expected`.
    pub(crate) fn check(
        &mut self,
        deviations: &HashMap<String, String>,
        case: &Value,
        ours: &Value,
        expected: &Value,
    ) {
        self.checked += 1;
        let id = case["id"].as_str().unwrap_or("<no id>");
        let agrees = ours == expected;
        match (agrees, deviations.contains_key(id)) {
            (true, false) => {}
            (false, true) => self.deviating += 1,
            (true, true) => self.stale_deviations.push(format!(
                "{id}: listed in DEVIATIONS.md but agrees with Clerk"
            )),
            (false, false) => self.mismatches.push(format!(
                "{id}: case {case}\n    ours:  {ours}\n    clerk: {expected}"
            )),
        }
    }

    /// Panics with every disagreement found.
    pub(crate) fn finish(self, kind: &str) {
        let problems: Vec<_> = self
            .mismatches
            .iter()
            .chain(&self.stale_deviations)
            .collect();
        assert!(
            problems.is_empty(),
            "{kind}: {} of {} cases disagree with Clerk:\n{}",
            problems.len(),
            self.checked,
            problems
                .iter()
                .map(|s| s.as_str())
                .collect::<Vec<_>>()
                .join("\n")
        );
        eprintln!(
            "{kind}: {} cases agree with Clerk, {} are recorded deviations",
            self.checked - self.deviating,
            self.deviating
        );
    }
}
