//! What a person sees from `clerk`: commands that work as printed, usage lines that show what
//! is required, the sibling-path warning, and the decoded auth state beside the claims.

use std::path::PathBuf;
use std::process::{Command, Output};

fn clerk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clerk"))
        .args(args)
        .output()
        .expect("the clerk binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clerk-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn keygen_prints_a_mint_command_that_works_as_printed() {
    let dir = temp_dir("usable-keygen");
    let output = clerk(&["keygen", "--out", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let command = stdout
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("cargo run -q -p clerk-cli -- mint"))
        .unwrap_or_else(|| panic!("no runnable mint command in:\n{stdout}"));
    assert!(
        stdout.contains("cargo install --path clerk-cli"),
        "{stdout}"
    );
    assert!(
        !stdout
            .lines()
            .any(|l| l.starts_with("mint a token: clerk ")),
        "{stdout}"
    );
    // What `cargo run -p clerk-cli --` hands the binary: the words after `--`.
    let args: Vec<&str> = command
        .split_once(" -- ")
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let minted = clerk(&args);
    assert!(minted.status.success(), "{}", text(&minted.stderr));
    assert_eq!(text(&minted.stdout).trim().split('.').count(), 3);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn usage_lines_show_the_required_options() {
    let help = text(&clerk(&["match", "--help"]).stdout);
    assert!(
        help.contains("Usage: clerk match --path <PATH> <PATTERN>..."),
        "{help}"
    );
    let help = text(&clerk(&["verify", "--help"]).stdout);
    assert!(
        help.contains("Usage: clerk verify --jwt-key <PUBLIC.pem> [OPTIONS] <TOKEN>"),
        "{help}"
    );
    // Still enforced: the usage line tells the truth.
    let missing = clerk(&["match", "/dashboard(.*)"]);
    assert!(!missing.status.success());
    assert!(
        text(&missing.stderr).contains("--path"),
        "{}",
        text(&missing.stderr)
    );
}

#[test]
fn match_warns_about_sibling_paths_as_the_macro_does() {
    let output = clerk(&["match", "/sign-in(.*)", "--path", "/sign-in-admin"]);
    assert_eq!(output.status.code(), Some(0), "it does match, as in Clerk");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("pattern `/sign-in(.*)` also matches sibling paths"),
        "{stderr}"
    );
    assert!(
        stderr.contains("did you mean `/sign-in/:path*`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`/sign-in-admin` is such a sibling"),
        "{stderr}"
    );

    // Inside the subtree: the warning, but the path is no sibling.
    let inside = text(&clerk(&["match", "/sign-in(.*)", "--path", "/sign-in/factor-one"]).stderr);
    assert!(
        inside.contains("did you mean `/sign-in/:path*`?"),
        "{inside}"
    );
    assert!(!inside.contains("is such a sibling"), "{inside}");

    // A segment-safe pattern: no warning.
    let safe = clerk(&["match", "/sign-in/:path*", "--path", "/sign-in-admin"]);
    assert_eq!(safe.status.code(), Some(1));
    assert!(text(&safe.stderr).is_empty(), "{}", text(&safe.stderr));
}

#[test]
fn verify_prints_the_decoded_auth_state_beside_the_raw_claims() {
    let dir = temp_dir("usable-verify");
    assert!(
        clerk(&["keygen", "--out", dir.to_str().unwrap()])
            .status
            .success()
    );
    let private = dir.join("private.pem");
    let public = dir.join("public.pem");
    let minted = clerk(&[
        "mint",
        "--key",
        private.to_str().unwrap(),
        "--sub",
        "user_7",
        "--org-id",
        "org_9",
        "--org-slug",
        "acme",
        "--org-role",
        "org:admin",
        "--permission",
        "org:reports:read",
        "--permission",
        "org:reports:manage",
        "--feature",
        "o:reports",
        "--plan",
        "o:business",
    ]);
    assert!(minted.status.success(), "{}", text(&minted.stderr));
    let token = text(&minted.stdout).trim().to_owned();
    let output = clerk(&["verify", &token, "--jwt-key", public.to_str().unwrap()]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let state = text(&output.stderr);
    for expected in [
        "user          user_7",
        "organization  org_9 (acme)",
        "role          org:admin",
        "permissions   org:reports:read, org:reports:manage",
        "features      o:reports",
        "plans         o:business",
    ] {
        assert!(state.contains(expected), "{expected:?} in:\n{state}");
    }
    // The raw v2 claims are still the JSON on stdout, bitmasks and all.
    let claims: serde_json::Value = serde_json::from_str(&text(&output.stdout)).unwrap();
    assert_eq!(claims["v"], 2);
    assert!(claims["o"]["per"].is_string(), "{claims}");
    std::fs::remove_dir_all(&dir).ok();
}
