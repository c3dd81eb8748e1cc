//! `clerk verify`: verify a session token with a PEM key, or answer oracle case lines (`--jsonl`).
//!
//! Single mode prints the claims as pretty JSON (exit 0), or `<reason>: <message>` (exit 1).
//! Configuration problems (unreadable key file, bad key) exit 2.
//!
//! `--jsonl` reads the oracle's `verify` case lines on stdin,
//! `{"token","jwtKey","authorizedParties"?,"audience"?,"clockSkewInMs"?,"now"?,"issuer"?,"headerType"?}`
//! (other keys such as `id` are ignored, blank lines skipped), and prints one line per case:
//! `{"ok":true,"claims":{…}}` or `{"ok":false,"reason":"…","message":"…"}`. A line that cannot be
//! used gets `{"ok":false,"reason":null,"error":"…","stage":"input"}`.
//!
//! How a case maps onto [`VerifyOptions`], as Clerk's `verifyToken` reads its options:
//! - `clockSkewInMs`: a JSON number is used (rounded down to whole milliseconds, the stricter
//!   side); anything else means Clerk's default, 5000.
//! - `now` (seconds): the clock is `trunc(now * 1000)` ms; absent or not a number: the system
//!   clock.
//! - `audience`, `issuer`, `headerType`: a string or a list of strings. `headerType: null` means
//!   `["JWT"]` with `typ` required (Clerk only skips the check when the option is absent).
//! - `jwtKey`: a key that cannot be read (empty, garbage) answers `jwk-failed-to-resolve`: in the
//!   library it is a configuration error reported when the verifier is built.

use std::fmt::Write as _;
use std::io::{self, BufRead, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clerk_runtime::auth::SessionAuth;
use clerk_runtime::verify::{JwtPayload, Verifier, VerifyOptions};
use serde_json::{Value, json};

/// Arguments of `clerk verify`.
#[derive(Debug, clap::Args)]
#[command(
    override_usage = "clerk verify --jwt-key <PUBLIC.pem> [OPTIONS] <TOKEN>\n       \
                      clerk verify --jsonl < cases.jsonl",
    after_help = "A valid token: the auth state as has() sees it (user, organization, role, \
                  permissions, features, plans) on stderr, the raw claims as JSON on stdout \
                  (exit 0). An invalid one: `<reason>: <message>` (exit 1)."
)]
pub(crate) struct Args {
    /// The session token; `-` reads it from stdin (keeps it out of shell history).
    #[arg(required_unless_present = "jsonl", conflicts_with = "jsonl")]
    token: Option<String>,
    /// PEM file holding the instance's public key (Clerk's `CLERK_JWT_KEY`).
    #[arg(
        long,
        value_name = "PUBLIC.pem",
        required_unless_present = "jsonl",
        conflicts_with = "jsonl"
    )]
    jwt_key: Option<PathBuf>,
    /// An allowed `azp` origin; repeat for several. With any given, `azp` is required.
    #[arg(long = "authorized-party", value_name = "ORIGIN")]
    authorized_parties: Vec<String>,
    /// An accepted `aud`; repeat for several.
    #[arg(long = "audience", value_name = "AUD")]
    audience: Vec<String>,
    /// A required `iss`; repeat to allow several.
    #[arg(long = "issuer", value_name = "ISS")]
    issuer: Vec<String>,
    /// Allowed clock skew in milliseconds.
    #[arg(
        long,
        value_name = "MS",
        default_value_t = 5000,
        allow_negative_numbers = true
    )]
    clock_skew_ms: i64,
    /// Batch mode: read oracle case lines on stdin, print one answer line each.
    #[arg(long)]
    jsonl: bool,
}

pub(crate) fn run(args: Args) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_current_thread().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("clerk verify: cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    if args.jsonl {
        return runtime.block_on(run_jsonl());
    }
    runtime.block_on(run_single(args))
}

async fn run_single(args: Args) -> ExitCode {
    let (Some(token), Some(key_path)) = (args.token, args.jwt_key) else {
        eprintln!("clerk verify: give a TOKEN and --jwt-key (or use --jsonl)");
        return ExitCode::from(2);
    };
    let token = if token == "-" {
        let mut text = String::new();
        if let Err(e) = io::stdin().read_to_string(&mut text) {
            eprintln!("clerk verify: cannot read the token from stdin: {e}");
            return ExitCode::from(2);
        }
        text.trim().to_owned()
    } else {
        token
    };
    let pem = match std::fs::read_to_string(&key_path) {
        Ok(pem) => pem,
        Err(e) => {
            eprintln!("clerk verify: cannot read {}: {e}", key_path.display());
            return ExitCode::from(2);
        }
    };
    let options = VerifyOptions {
        audience: args.audience,
        authorized_parties: args.authorized_parties,
        clock_skew_ms: args.clock_skew_ms,
        issuer: (!args.issuer.is_empty()).then_some(args.issuer),
        header_types: None,
    };
    let verifier = match Verifier::from_pem(&pem, options) {
        Ok(verifier) => verifier,
        Err(e) => {
            eprintln!("clerk verify: {}: {e}", key_path.display());
            return ExitCode::from(2);
        }
    };
    match verifier.verify(&token).await {
        Ok(claims) => {
            eprint!("{}", auth_state(&claims));
            let text = serde_json::to_string_pretty(&*claims).unwrap_or_default();
            println!("{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            println!("{}: {}", e.reason, e.message);
            ExitCode::from(1)
        }
    }
}

/// The verified claims decoded as the layer decodes them (v1 or v2, `o.per`/`o.fpm` bitmasks
/// expanded), one line per field, for a person reading beside the raw claims.
fn auth_state(claims: &std::sync::Arc<JwtPayload>) -> String {
    let auth = match SessionAuth::from_payload(claims.clone(), std::sync::Arc::from("")) {
        Ok(auth) => auth,
        Err(e) => return format!("auth state: the claims cannot be decoded: {e}\n"),
    };
    let or_none = |value: Option<&str>| value.unwrap_or("(none)").to_owned();
    let list = |items: Option<String>| {
        items
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "(none)".to_owned())
    };
    let mut out = String::from("auth state (as has() sees it):\n");
    let mut line = |name: &str, value: String| {
        let _ = writeln!(out, "  {name:<13} {value}");
    };
    line("user", auth.user_id.clone());
    line("session", or_none(auth.session_id.as_deref()));
    line("status", or_none(auth.session_status.as_deref()));
    let org = match (&auth.org_id, &auth.org_slug) {
        (Some(id), Some(slug)) => format!("{id} ({slug})"),
        (Some(id), None) => id.clone(),
        (None, _) => "(none: personal account)".to_owned(),
    };
    line("organization", org);
    line("role", or_none(auth.org_role.as_deref()));
    line(
        "permissions",
        list(auth.org_permissions.as_ref().map(|p| p.join(", "))),
    );
    line(
        "features",
        list(auth.features.as_ref().map(|f| f.replace(',', ", "))),
    );
    line(
        "plans",
        list(auth.plans.as_ref().map(|p| p.replace(',', ", "))),
    );
    if let Some([first, second]) = auth.factor_verification_age {
        line(
            "factor ages",
            format!("{first} min, {second} min (-1: not enrolled)"),
        );
    }
    out.push_str("claims:\n");
    out
}

async fn run_jsonl() -> ExitCode {
    let stdin = io::stdin();
    let mut out = io::BufWriter::new(io::stdout().lock());
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(line) => line,
            Err(e) => {
                eprintln!("clerk verify: cannot read stdin: {e}");
                return ExitCode::from(2);
            }
        };
        if line.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Value>(&line) {
            Ok(case) => answer(&case).await,
            Err(e) => input_error(&format!("bad input line: {e}")),
        };
        if writeln!(out, "{answer}").is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

fn input_error(message: &str) -> Value {
    json!({"ok": false, "reason": null, "error": message, "stage": "input"})
}

/// The answer line for one case.
async fn answer(case: &Value) -> Value {
    let (token, pem, options, now_ms) = match read_case(case) {
        Ok(parts) => parts,
        Err(message) => return input_error(&message),
    };
    let Ok(verifier) = Verifier::from_pem(pem, options) else {
        return json!({
            "ok": false,
            "reason": "jwk-failed-to-resolve",
            "message": "Failed to resolve JWK during verification (the jwtKey is not a usable RSA public key).",
        });
    };
    let result = match now_ms {
        Some(now_ms) => verifier.verify_at(token, now_ms).await,
        None => verifier.verify(token).await,
    };
    match result {
        Ok(claims) => json!({"ok": true, "claims": &*claims}),
        Err(e) => json!({"ok": false, "reason": e.reason.as_str(), "message": e.message}),
    }
}

type Case<'a> = (&'a str, &'a str, VerifyOptions, Option<i64>);

/// Token, PEM, options and clock of a case line.
fn read_case(case: &Value) -> Result<Case<'_>, String> {
    let Some(case) = case.as_object() else {
        return Err("a case must be a JSON object".into());
    };
    let token = match case.get("token") {
        Some(Value::String(token)) => token.as_str(),
        None | Some(Value::Null) => "",
        Some(_) => return Err("`token` must be a string".into()),
    };
    let pem = match case.get("jwtKey") {
        Some(Value::String(pem)) => pem.as_str(),
        None | Some(Value::Null) => "",
        Some(_) => return Err("`jwtKey` must be a string".into()),
    };
    let options = VerifyOptions {
        audience: strings(case.get("audience"), "audience")?.unwrap_or_default(),
        authorized_parties: match case.get("authorizedParties") {
            None | Some(Value::Null) => Vec::new(),
            Some(Value::Array(_)) => {
                strings(case.get("authorizedParties"), "authorizedParties")?.unwrap_or_default()
            }
            Some(_) => return Err("`authorizedParties` must be a list of strings".into()),
        },
        clock_skew_ms: match case.get("clockSkewInMs") {
            Some(Value::Number(n)) => whole_ms(n.as_f64().unwrap_or(5000.0)),
            _ => VerifyOptions::default().clock_skew_ms,
        },
        issuer: strings(case.get("issuer"), "issuer")?,
        header_types: match case.get("headerType") {
            None => None,
            Some(Value::Null) => Some(vec!["JWT".to_owned()]),
            other => strings(other, "headerType")?,
        },
    };
    let now_ms = match case.get("now") {
        Some(Value::Number(now)) => {
            let ms = (now.as_f64().unwrap_or(f64::NAN) * 1000.0).trunc();
            if ms.is_nan() || ms.abs() > 8.64e15 {
                return Err("`now` is outside the range of dates".into());
            }
            Some(whole_ms(ms))
        }
        _ => None,
    };
    Ok((token, pem, options, now_ms))
}

/// A string or a list of strings; `None` when absent or null.
fn strings(value: Option<&Value>, name: &str) -> Result<Option<Vec<String>>, String> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(vec![s.clone()])),
        Some(Value::Array(items)) => items
            .iter()
            .map(|item| item.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .map(Some)
            .ok_or_else(|| format!("`{name}` must be a string or a list of strings")),
        Some(_) => Err(format!("`{name}` must be a string or a list of strings")),
    }
}

/// Milliseconds as a whole number, rounded down (saturating).
#[allow(clippy::cast_possible_truncation)]
fn whole_ms(ms: f64) -> i64 {
    // `as` saturates at the i64 bounds.
    ms.floor() as i64
}
