//! Pipes the public `has()` case file through the `clerk has --jsonl` binary and compares every
//! answer line with Clerk's (`tests/conformance/expected/has.jsonl`).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

use serde_json::Value;

fn conformance_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn run_batch(input: &[u8]) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerk"))
        .args(["has", "--jsonl"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the clerk binary starts");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input)
        .expect("write the cases");
    let output = child.wait_with_output().expect("clerk has finishes");
    assert!(
        output.status.success(),
        "clerk has --jsonl failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn json_lines(text: &str) -> Vec<Value> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON: {l}: {e}")))
        .collect()
}

#[test]
fn the_has_case_file_agrees_with_clerk() {
    let dir = conformance_dir();
    let cases = std::fs::read(dir.join("cases/has.jsonl")).expect("case file");
    let expected = std::fs::read_to_string(dir.join("expected/has.jsonl")).expect("answers");
    let ours = json_lines(&run_batch(&cases));
    let clerk = json_lines(&expected);
    assert_eq!(ours.len(), clerk.len(), "one answer per case");
    let ids: Vec<Value> = json_lines(&String::from_utf8_lossy(&cases))
        .into_iter()
        .map(|c| c["id"].clone())
        .collect();
    let disagreements: Vec<String> = ours
        .iter()
        .zip(&clerk)
        .zip(&ids)
        .filter(|((a, b), _)| a != b)
        .map(|((a, b), id)| format!("{id}: ours {a}, clerk {b}"))
        .collect();
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn blank_lines_are_skipped_and_bad_lines_answered() {
    let input =
        b"\n{\"claims\":{\"sub\":\"u\",\"pla\":\"u:pro\"},\"check\":{\"plan\":\"pro\"}}\n\n{oops\n";
    let lines = json_lines(&run_batch(input));
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0], serde_json::json!({"allowed": true}));
    assert_eq!(lines[1]["stage"], "input");
}

#[test]
fn one_shot_mode_answers_with_exit_codes() {
    let dir = std::env::temp_dir().join(format!("clerk-has-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let claims = dir.join("claims.json");
    std::fs::write(
        &claims,
        r#"{"sub":"user_1","org_id":"org_1","org_permissions":["org:a:b"]}"#,
    )
    .unwrap();
    let run = |check: &str| {
        Command::new(env!("CARGO_BIN_EXE_clerk"))
            .args(["has", "--claims"])
            .arg(&claims)
            .args(["--check", check])
            .output()
            .expect("clerk has runs")
    };
    let yes = run(r#"{"permission":"a:b"}"#);
    assert_eq!(yes.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&yes.stdout).trim(),
        r#"{"allowed":true}"#
    );
    let no = run(r#"{"permission":"org:a:c"}"#);
    assert_eq!(no.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&no.stdout).trim(),
        r#"{"allowed":false}"#
    );
    let bad = run("{not json");
    assert_eq!(bad.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
