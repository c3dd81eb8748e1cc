//! `clerk has`: evaluate Clerk `has()` checks on claims, one-shot or as the oracle's batch mode.
//!
//! - `clerk has --jsonl` reads `{"claims":{…},"check":{…},"treatPendingAsSignedOut"?}` lines on
//!   stdin (extra keys ignored, blank lines skipped) and prints `{"allowed":bool}` or
//!   `{"error":"…","stage":"…"}` per line. A malformed line gives an error line
//!   (`"stage":"input"`), never a crash.
//! - `clerk has --claims FILE.json --check '{"permission":"org:a:b"}'` answers one question;
//!   the exit code is 0 when allowed, 1 when denied, 2 on an error.
//!
//! The claims are not verified: this answers "what would `has()` say for these claims".

use std::io::{BufRead, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clerk_runtime::__oracle::has_json;
use serde_json::{Value, json};

/// Arguments of `clerk has`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Batch mode: read JSON lines on stdin, print one answer line per input line.
    #[arg(long, conflicts_with_all = ["claims", "check"])]
    jsonl: bool,
    /// A JSON file holding the session claims (one-shot mode).
    #[arg(long, value_name = "FILE.json", requires = "check")]
    claims: Option<PathBuf>,
    /// The `has()` argument as JSON, e.g. `{"permission":"org:a:b"}` (one-shot mode).
    #[arg(long, value_name = "JSON", requires = "claims")]
    check: Option<String>,
    /// Answer for a pending session as for an active one (`treatPendingAsSignedOut: false`).
    #[arg(long)]
    allow_pending: bool,
}

/// The oracle's answer line for one question.
fn answer(claims: Option<&Value>, check: Option<&Value>, treat_pending: bool) -> Value {
    match has_json(claims, check, treat_pending) {
        Ok(allowed) => json!({ "allowed": allowed }),
        Err(e) => json!({ "error": e.message, "stage": e.stage.as_str() }),
    }
}

/// The answer to one input line.
fn answer_line(line: &str) -> Value {
    let case: Value = match serde_json::from_str(line) {
        Ok(case) => case,
        Err(e) => return json!({ "error": format!("bad input line: {e}"), "stage": "input" }),
    };
    let Value::Object(case) = case else {
        return json!({ "error": "bad input line: not a JSON object", "stage": "input" });
    };
    let treat_pending = case
        .get("treatPendingAsSignedOut")
        .and_then(Value::as_bool)
        .unwrap_or(true);
    answer(case.get("claims"), case.get("check"), treat_pending)
}

fn run_jsonl() -> ExitCode {
    let stdin = std::io::stdin().lock();
    let mut out = BufWriter::new(std::io::stdout().lock());
    for line in stdin.split(b'\n') {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("clerk has: cannot read stdin: {e}");
                return ExitCode::from(2);
            }
        };
        let line = String::from_utf8_lossy(&line);
        if line.trim().is_empty() {
            continue;
        }
        if writeln!(out, "{}", answer_line(&line)).is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn run_once(claims_path: &Path, check: &str, treat_pending: bool) -> ExitCode {
    let claims = match std::fs::read_to_string(claims_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("clerk has: cannot read {}: {e}", claims_path.display());
            return ExitCode::from(2);
        }
    };
    let claims: Value = match serde_json::from_str(&claims) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("clerk has: {} is not JSON: {e}", claims_path.display());
            return ExitCode::from(2);
        }
    };
    let check: Value = match serde_json::from_str(check) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("clerk has: --check is not JSON: {e}");
            return ExitCode::from(2);
        }
    };
    let answer = answer(Some(&claims), Some(&check), treat_pending);
    println!("{answer}");
    match answer.get("allowed").and_then(Value::as_bool) {
        Some(true) => ExitCode::SUCCESS,
        Some(false) => ExitCode::from(1),
        None => ExitCode::from(2),
    }
}

pub(crate) fn run(args: Args) -> ExitCode {
    let Args {
        jsonl,
        claims,
        check,
        allow_pending,
    } = args;
    if jsonl {
        return run_jsonl();
    }
    if let (Some(claims), Some(check)) = (claims, check) {
        return run_once(&claims, &check, !allow_pending);
    }
    eprintln!("clerk has: use `--jsonl` (questions on stdin) or `--claims FILE.json --check JSON`");
    ExitCode::from(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_lines_become_error_lines() {
        assert_eq!(answer_line("{not json")["stage"], "input");
        assert_eq!(answer_line("[1,2]")["stage"], "input");
        assert_eq!(answer_line("{}")["stage"], "auth-object");
    }

    #[test]
    fn extra_keys_are_ignored() {
        let line = r#"{"id":"x","note":"n","claims":{"sub":"u","org_id":"o","org_role":"admin"},"check":{"role":"org:admin"}}"#;
        assert_eq!(answer_line(line), json!({"allowed": true}));
    }

    #[test]
    fn pending_flag_is_read_only_when_boolean() {
        let base = r#""claims":{"sub":"u","sts":"pending","org_id":"o","org_role":"admin"},"check":{"role":"admin"}"#;
        assert_eq!(
            answer_line(&format!("{{{base}}}")),
            json!({"allowed": false})
        );
        assert_eq!(
            answer_line(&format!(r#"{{{base},"treatPendingAsSignedOut":false}}"#)),
            json!({"allowed": true})
        );
        assert_eq!(
            answer_line(&format!(r#"{{{base},"treatPendingAsSignedOut":"false"}}"#)),
            json!({"allowed": false})
        );
    }
}
