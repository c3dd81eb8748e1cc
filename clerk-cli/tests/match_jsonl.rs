//! `clerk match`: the built binary against Clerk's oracle answers, and its exit codes.
//!
//! The whole of `tests/conformance/cases/match.jsonl` goes through `clerk match --jsonl` on
//! stdin; every answer line must equal `expected/match.jsonl`, except the cases that
//! `tests/conformance/DEVIATIONS.md` lists as deliberate deviations.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

fn conformance_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn read(rel: &str) -> String {
    let path = conformance_dir().join(rel);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| serde_json::from_str(line).unwrap_or_else(|e| panic!("{line}: {e}")))
        .collect()
}

/// Case ids listed as deviations (``- `ID`: reason`` lines) in DEVIATIONS.md.
fn deviation_ids() -> HashSet<String> {
    read("DEVIATIONS.md")
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("- `"))
        .filter_map(|rest| rest.split_once('`'))
        .map(|(id, _)| id.to_owned())
        .collect()
}

fn clerk(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the clerk binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let input = stdin.to_owned();
    let writer = std::thread::spawn(move || pipe.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("clerk finishes");
    writer.join().unwrap().expect("stdin is written");
    output
}

#[test]
fn jsonl_mode_answers_every_oracle_case_like_clerk() {
    let cases_text = read("cases/match.jsonl");
    let cases = json_lines(&cases_text);
    let expected = json_lines(&read("expected/match.jsonl"));
    // A blank line in the input is skipped, as the oracle does.
    let output = clerk(&["match", "--jsonl"], &format!("\n{cases_text}\n\n"));
    assert!(
        output.status.success(),
        "clerk match --jsonl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let answers = json_lines(&String::from_utf8(output.stdout).unwrap());
    assert_eq!(answers.len(), cases.len(), "one answer line per case");

    let deviations = deviation_ids();
    let mut problems = Vec::new();
    let mut deviating = 0;
    for ((case, ours), clerk) in cases.iter().zip(&answers).zip(&expected) {
        let id = case["id"].as_str().unwrap();
        match (ours == clerk, deviations.contains(id)) {
            (true, false) => {}
            (false, true) => deviating += 1,
            (true, true) => problems.push(format!("{id}: listed as a deviation but agrees")),
            (false, false) => problems.push(format!("{id}: ours {ours}, clerk {clerk}")),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        deviating > 0,
        "the required deviations show up in the corpus"
    );
}

#[test]
fn exit_code_is_0_on_a_match_and_1_without() {
    let hit = clerk(
        &["match", "/admin(.*)", "/billing", "--path", "/admin/x"],
        "",
    );
    assert_eq!(hit.status.code(), Some(0));
    let stdout = String::from_utf8(hit.stdout).unwrap();
    assert!(stdout.contains("match            /admin(.*)"), "{stdout}");
    assert!(stdout.contains("no match         /billing"), "{stdout}");

    let miss = clerk(&["match", "/admin(.*)", "--path", "/public"], "");
    assert_eq!(miss.status.code(), Some(1));
}

#[test]
fn exit_code_is_2_when_the_path_or_a_pattern_is_rejected() {
    let bad_path = clerk(&["match", "/admin(.*)", "--path", "/admin%zz"], "");
    assert_eq!(bad_path.status.code(), Some(2));
    let stderr = String::from_utf8(bad_path.stderr).unwrap();
    assert!(
        stderr.contains("Malformed encoding in URL path: /admin%zz"),
        "{stderr}"
    );

    let bad_pattern = clerk(&["match", "/ok", "/foo(", "--path", "/ok"], "");
    assert_eq!(bad_pattern.status.code(), Some(2));
    let stderr = String::from_utf8(bad_pattern.stderr).unwrap();
    assert!(stderr.contains("pattern 2 `/foo(`"), "{stderr}");
    assert!(stderr.contains("Invalid path: /foo(."), "{stderr}");
}

#[test]
fn regexp_literals_join_the_table() {
    let hit = clerk(
        &["match", "--regexp", r"/^\/api\//i", "--path", "/API/x"],
        "",
    );
    assert_eq!(hit.status.code(), Some(0));
    let miss = clerk(
        &["match", "--regexp", r"/^\/api\//", "--path", "/API/x"],
        "",
    );
    assert_eq!(miss.status.code(), Some(1));
}
