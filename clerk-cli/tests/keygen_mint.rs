//! `clerk keygen` and `clerk mint`, run as the built binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use jsonwebtoken::{Algorithm, DecodingKey, Validation};
use serde_json::{Value, json};

const CONFORMANCE_PRIVATE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/conformance/keys/rsa2048-a.private.pem"
);
const CONFORMANCE_PUBLIC: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/conformance/keys/rsa2048-a.public.pem"
);

fn clerk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clerk"))
        .args(args)
        .output()
        .expect("the clerk binary runs")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("clerk-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn stdout(output: &Output) -> String {
    assert!(
        output.status.success(),
        "exit {:?}: {}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout.clone()).unwrap()
}

/// Mints with the conformance key and returns the verified claims.
fn mint_and_verify(args: &[&str]) -> Value {
    let mut all = vec!["mint", "--key", CONFORMANCE_PRIVATE];
    all.extend_from_slice(args);
    let token = stdout(&clerk(&all)).trim().to_owned();
    verify(&token, Path::new(CONFORMANCE_PUBLIC))
}

fn verify(token: &str, public_pem: &Path) -> Value {
    assert_eq!(token.split('.').count(), 3, "{token}");
    let pem = std::fs::read(public_pem).unwrap();
    let key = DecodingKey::from_rsa_pem(&pem).unwrap();
    let validation = Validation::new(Algorithm::RS256);
    let data = jsonwebtoken::decode::<Value>(token, &key, &validation).expect("signature verifies");
    assert_eq!(data.header.alg, Algorithm::RS256);
    assert_eq!(data.header.typ.as_deref(), Some("JWT"));
    assert!(data.header.kid.is_some());
    data.claims
}

#[test]
fn keygen_writes_a_pair_that_mint_signs_with() {
    let dir = temp_dir("keygen");
    let out = stdout(&clerk(&["keygen", "--out", dir.to_str().unwrap()]));
    assert!(out.contains("private.pem"), "{out}");
    let private = std::fs::read_to_string(dir.join("private.pem")).unwrap();
    let public = std::fs::read_to_string(dir.join("public.pem")).unwrap();
    assert!(private.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert!(public.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    // Both parse: the private one for signing, the public one for verification.
    jsonwebtoken::EncodingKey::from_rsa_pem(private.as_bytes()).unwrap();
    DecodingKey::from_rsa_pem(public.as_bytes()).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(dir.join("private.pem"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    let private_path = dir.join("private.pem");
    let token = stdout(&clerk(&["mint", "--key", private_path.to_str().unwrap()]));
    let claims = verify(token.trim(), &dir.join("public.pem"));
    assert_eq!(claims["sub"], "user_dev");

    // A second keygen into the same directory refuses to overwrite, unless forced.
    let again = clerk(&["keygen", "--out", dir.to_str().unwrap()]);
    assert!(!again.status.success());
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(dir.join("private.pem")).unwrap(),
        private
    );
    stdout(&clerk(&[
        "keygen",
        "--out",
        dir.to_str().unwrap(),
        "--force",
    ]));
    assert_ne!(
        std::fs::read_to_string(dir.join("private.pem")).unwrap(),
        private
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn mint_v2_claims() {
    let claims = mint_and_verify(&[
        "--sub",
        "user_42",
        "--sid",
        "sess_42",
        "--org-id",
        "org_7",
        "--org-slug",
        "acme",
        "--org-role",
        "org:admin",
        "--permission",
        "org:billing:read",
        "--permission",
        "org:billing:manage",
        "--permission",
        "org:members:read",
        "--feature",
        "u:beta",
        "--plan",
        "o:business",
        "--ttl",
        "120",
        "--azp",
        "http://localhost:3000",
        "--iss",
        "https://clerk.example.com",
    ]);
    assert_eq!(claims["sub"], "user_42");
    assert_eq!(claims["sid"], "sess_42");
    assert_eq!(claims["v"], 2);
    assert_eq!(claims["fea"], "u:beta,o:billing,o:members");
    assert_eq!(claims["pla"], "o:business");
    assert_eq!(
        claims["o"],
        json!({"id": "org_7", "slg": "acme", "rol": "admin", "per": "read,manage", "fpm": "3,1"})
    );
    assert_eq!(claims["azp"], "http://localhost:3000");
    assert_eq!(claims["iss"], "https://clerk.example.com");
    let (iat, exp) = (
        claims["iat"].as_u64().unwrap(),
        claims["exp"].as_u64().unwrap(),
    );
    assert_eq!(exp - iat, 120);
    assert!(claims.get("org_id").is_none());
}

#[test]
fn mint_v1_claims() {
    let claims = mint_and_verify(&[
        "--v1",
        "--sub",
        "user_1",
        "--org-id",
        "org_1",
        "--org-role",
        "admin",
        "--permission",
        "org:reports:read",
    ]);
    assert_eq!(claims["org_id"], "org_1");
    assert_eq!(claims["org_role"], "org:admin");
    assert_eq!(claims["org_permissions"], json!(["org:reports:read"]));
    assert!(claims.get("org_slug").is_none());
    assert!(claims.get("v").is_none());
    assert!(claims.get("o").is_none());
}

#[test]
fn mint_defaults_the_org_role_and_the_ttl() {
    let claims = mint_and_verify(&["--org-id", "org_1"]);
    assert_eq!(claims["o"]["rol"], "member");
    assert_eq!(
        claims["exp"].as_u64().unwrap() - claims["iat"].as_u64().unwrap(),
        3600
    );
}

#[test]
fn mint_rejects_bad_input_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--org-id", "org_1", "--permission", "org:billing"],
            "org:<feature>:<action>",
        ),
        (&["--feature", "billing"], "<scope>:<name>"),
        (&["--permission", "org:a:b"], "--org-id"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["mint", "--key", CONFORMANCE_PRIVATE];
        all.extend_from_slice(args);
        let output = clerk(&all);
        assert!(!output.status.success(), "{args:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
    let missing = clerk(&["mint", "--key", "/nonexistent/key.pem"]);
    assert!(!missing.status.success());
    assert!(String::from_utf8_lossy(&missing.stderr).contains("/nonexistent/key.pem"));
    let public = clerk(&["mint", "--key", CONFORMANCE_PUBLIC]);
    assert!(!public.status.success());
    assert!(String::from_utf8_lossy(&public.stderr).contains("private key"));
}
