//! `clerk verify --jsonl` on the public verify vectors, against Clerk's answers, and
//! `clerk verify TOKEN --jwt-key` on a few tokens.
//!
//! Compared as in `tests/conformance/verify.rs`: `ok`, then `reason` on failure or `claims` on
//! success (numbers as JavaScript numbers). Cases listed in `tests/conformance/DEVIATIONS.md`
//! must disagree; every other case must agree.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Map, Number, Value, json};

fn conformance() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/conformance")
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// Case ids listed as deviations (``- `v012`: reason``).
fn deviations() -> Vec<String> {
    std::fs::read_to_string(conformance().join("DEVIATIONS.md"))
        .unwrap()
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("- `"))
        .filter_map(|rest| rest.split_once('`').map(|(id, _)| id.to_owned()))
        .collect()
}

fn clerk(args: &[&str], stdin: &str) -> (String, i32) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_clerk"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Write from another thread: the answers fill the stdout pipe while the cases still go in.
    let mut input = child.stdin.take().unwrap();
    let stdin = stdin.to_owned();
    let writer = std::thread::spawn(move || input.write_all(stdin.as_bytes()));
    let out = child.wait_with_output().unwrap();
    // A child that stops reading early (single mode) may close the pipe: not an error here; a
    // missing answer shows up as a missing line.
    let _ = writer.join();
    (
        String::from_utf8(out.stdout).unwrap(),
        out.status.code().unwrap_or(-1),
    )
}

fn js_numbers(value: &Value) -> Value {
    match value {
        Value::Number(n) => {
            let f = n.as_f64().unwrap_or(f64::NAN);
            if f.fract() == 0.0 && f.abs() < 9.0e15 {
                #[allow(clippy::cast_possible_truncation)]
                Value::from(f as i64)
            } else {
                Number::from_f64(f).map_or(Value::Null, Value::Number)
            }
        }
        Value::Array(items) => Value::Array(items.iter().map(js_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), js_numbers(v)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

fn comparable(answer: &Value) -> Value {
    if answer["ok"] == true {
        json!({"ok": true, "claims": js_numbers(&answer["claims"])})
    } else {
        json!({"ok": false, "reason": answer["reason"]})
    }
}

#[test]
fn jsonl_answers_every_case_like_clerk_or_as_a_recorded_deviation() {
    let cases_path = conformance().join("cases/verify.jsonl");
    let input = std::fs::read_to_string(&cases_path).unwrap();
    // blank lines are skipped
    let (stdout, code) = clerk(&["verify", "--jsonl"], &format!("\n{input}\n\n"));
    assert_eq!(code, 0);
    let ours: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let cases = lines(&cases_path);
    let expected = lines(&conformance().join("expected/verify.jsonl"));
    assert_eq!(ours.len(), cases.len(), "one answer line per case");
    let deviations = deviations();
    let mut problems = Vec::new();
    for ((case, ours), clerk) in cases.iter().zip(&ours).zip(&expected) {
        let id = case["id"].as_str().unwrap();
        let agrees = comparable(ours) == comparable(clerk);
        let listed = deviations.iter().any(|d| d == id);
        if agrees == listed {
            problems.push(format!(
                "{id} ({}): ours {ours} clerk {clerk}",
                if listed {
                    "listed but agrees"
                } else {
                    "disagrees"
                }
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn jsonl_answers_malformed_lines_without_stopping() {
    let input = "not json\n[1]\n{\"token\": 5}\n{\"token\":\"a.b\",\"jwtKey\":\"\"}\n{\"token\":\"a.b.c\",\"jwtKey\":\"x\",\"now\":1e300}\n";
    let (stdout, code) = clerk(&["verify", "--jsonl"], input);
    assert_eq!(code, 0);
    let answers: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 5);
    for i in [0, 1, 2, 4] {
        assert_eq!(answers[i]["ok"], false);
        assert_eq!(answers[i]["reason"], Value::Null);
        assert_eq!(answers[i]["stage"], "input", "{}", answers[i]);
    }
    assert_eq!(answers[3]["reason"], "jwk-failed-to-resolve");
}

#[test]
fn single_token_mode_prints_claims_or_the_reason() {
    let cases = lines(&conformance().join("cases/verify.jsonl"));
    let key = conformance().join("keys/rsa2048-a.public.pem");
    let key = key.to_str().unwrap();
    // v001 is valid at its `now` but long expired by the system clock: exit 1 with the reason.
    let token = cases[0]["token"].as_str().unwrap();
    let (stdout, code) = clerk(&["verify", token, "--jwt-key", key], "");
    assert_eq!(code, 1);
    assert!(stdout.starts_with("token-expired: "), "{stdout}");
    // reading the token from stdin
    let (stdout, code) = clerk(&["verify", "-", "--jwt-key", key], &format!("{token}\n"));
    assert_eq!(code, 1);
    assert!(stdout.starts_with("token-expired: "), "{stdout}");
    // a malformed token
    let (stdout, code) = clerk(&["verify", "x.y", "--jwt-key", key], "");
    assert_eq!(code, 1);
    assert!(stdout.starts_with("token-invalid: "), "{stdout}");
    // a key that is not a key: configuration error
    let (_, code) = clerk(
        &["verify", token, "--jwt-key", env!("CARGO_MANIFEST_DIR")],
        "",
    );
    assert_eq!(code, 2);
}

#[test]
fn single_token_mode_prints_pretty_claims() {
    // A token valid for the next 10 minutes is minted here from the committed test key.
    use base64::Engine as _;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let header = b64.encode(br#"{"alg":"RS256","typ":"JWT"}"#);
    let payload = b64.encode(
        json!({"sub": "user_1", "azp": "https://app.example.test", "exp": now + 600, "iat": now})
            .to_string(),
    );
    let private = std::fs::read(conformance().join("keys/rsa2048-a.private.pem")).unwrap();
    let key = jsonwebtoken::EncodingKey::from_rsa_pem(&private).unwrap();
    let input = format!("{header}.{payload}");
    let signature =
        jsonwebtoken::crypto::sign(input.as_bytes(), &key, jsonwebtoken::Algorithm::RS256).unwrap();
    let token = format!("{input}.{signature}");
    let public = conformance().join("keys/rsa2048-a.public.pem");
    let public = public.to_str().unwrap();
    let (stdout, code) = clerk(&["verify", &token, "--jwt-key", public], "");
    assert_eq!(code, 0, "{stdout}");
    let claims: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(claims["sub"], "user_1");
    assert!(stdout.contains("\n  \"sub\""), "pretty printed");
    let (stdout, code) = clerk(
        &[
            "verify",
            &token,
            "--jwt-key",
            public,
            "--authorized-party",
            "https://other.example.test",
        ],
        "",
    );
    assert_eq!(code, 1);
    assert!(stdout.starts_with("token-invalid-authorized-parties: "));
}
