//! `clerk mint --key PRIVATE.pem …`: prints a signed RS256 session token with Clerk's v2 claims
//! (v1 with `--v1`).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};

/// Arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// RSA private key in PEM (PKCS#8 or PKCS#1), e.g. from `clerk keygen` or `.clerk/dev-key.pem`.
    #[arg(long, value_name = "PRIVATE.pem")]
    key: PathBuf,
    /// User id (`sub`).
    #[arg(long, value_name = "ID", default_value = "user_dev")]
    sub: String,
    /// Session id (`sid`); random when left out.
    #[arg(long, value_name = "ID")]
    sid: Option<String>,
    /// Active organization id.
    #[arg(long, value_name = "ID")]
    org_id: Option<String>,
    /// Active organization slug (needs `--org-id`).
    #[arg(long, value_name = "SLUG", requires = "org_id")]
    org_slug: Option<String>,
    /// Role in the organization, `admin` or `org:admin` (needs `--org-id`; default `org:member`).
    #[arg(long, value_name = "ROLE", requires = "org_id")]
    org_role: Option<String>,
    /// Org permission `org:<feature>:<action>`; repeat for more (needs `--org-id`).
    #[arg(long = "permission", value_name = "KEY", requires = "org_id")]
    permissions: Vec<String>,
    /// Feature `<scope>:<name>` with scope `u`, `o` or `uo` (e.g. `o:billing`); repeat for more.
    #[arg(long = "feature", value_name = "F")]
    features: Vec<String>,
    /// Plan `<scope>:<name>` (e.g. `u:pro`, `o:business`); repeat for more.
    #[arg(long = "plan", value_name = "P")]
    plans: Vec<String>,
    /// Write v1 claims (`org_id`, `org_role`, `org_slug`, `org_permissions`) instead of v2.
    #[arg(long)]
    v1: bool,
    /// Lifetime in seconds (Clerk's own tokens live 60 s).
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    ttl: u64,
    /// Authorized party (`azp`), the origin of the app, e.g. `http://localhost:3000`.
    #[arg(long, value_name = "ORIGIN")]
    azp: Option<String>,
    /// Issuer (`iss`), the Frontend API URL.
    #[arg(long, value_name = "URL")]
    iss: Option<String>,
    /// Key id for the token header; derived from the public key when left out.
    #[arg(long, value_name = "KID")]
    kid: Option<String>,
}

pub(crate) fn run(args: Args) -> ExitCode {
    match mint(args) {
        Ok(token) => {
            println!("{token}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("clerk mint: {message}");
            ExitCode::FAILURE
        }
    }
}

fn mint(args: Args) -> Result<String, String> {
    let pem =
        std::fs::read_to_string(&args.key).map_err(|e| format!("{}: {e}", args.key.display()))?;
    let key = SigningKey::from_pem(&pem).map_err(|e| format!("{}: {e}", args.key.display()))?;

    let mut claims = SessionClaimsBuilder::new(args.sub).ttl(Duration::from_secs(args.ttl));
    if let Some(sid) = args.sid {
        claims = claims.session_id(sid);
    }
    if let Some(org_id) = args.org_id {
        let role = args.org_role.unwrap_or_else(|| "org:member".to_owned());
        claims = claims.org(org_id, args.org_slug.as_deref(), role);
    }
    for permission in args.permissions {
        claims = claims.permission(permission);
    }
    for feature in args.features {
        claims = claims.feature(feature);
    }
    for plan in args.plans {
        claims = claims.plan(plan);
    }
    if args.v1 {
        claims = claims.v1();
    }
    if let Some(azp) = args.azp {
        claims = claims.azp(azp);
    }
    if let Some(iss) = args.iss {
        claims = claims.issuer(iss);
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| "the system clock is before 1970".to_owned())?
        .as_secs();
    let claims = claims.build(now).map_err(|e| e.to_string())?;
    let kid = args.kid.as_deref().unwrap_or(key.kid());
    clerk_runtime::dev::mint(&claims, key.encoding_key(), Some(kid)).map_err(|e| e.to_string())
}
