//! `clerk keygen --out DIR`: a new RSA-2048 key pair as `private.pem` (PKCS#8, mode 0600) and
//! `public.pem` (SPKI).

use std::path::PathBuf;
use std::process::ExitCode;

use clerk_runtime::dev::SigningKey;

/// Arguments.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// Directory for `private.pem` and `public.pem` (created if missing).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Replace existing `private.pem` / `public.pem`.
    #[arg(long)]
    force: bool,
}

pub(crate) fn run(args: Args) -> ExitCode {
    let Args { out, force } = args;
    let written = SigningKey::generate().and_then(|key| {
        let paths = key.write_pem_files(&out, force)?;
        Ok((key, paths))
    });
    match written {
        Ok((key, (private, public))) => {
            println!("private key: {} (keep it secret)", private.display());
            println!("public key:  {}", public.display());
            println!("kid:         {}", key.kid());
            println!("mint a token:");
            println!(
                "  cargo run -q -p clerk-cli -- mint --key {} --sub user_1",
                private.display()
            );
            println!(
                "  (or `clerk mint --key {} --sub user_1` after `cargo install --path clerk-cli`)",
                private.display()
            );
            println!(
                "verify with: CLERK_JWT_KEY={} in your app's environment",
                public.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("clerk keygen: {e}");
            ExitCode::FAILURE
        }
    }
}
