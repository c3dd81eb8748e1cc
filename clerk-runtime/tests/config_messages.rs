//! What a newcomer sees when the configuration is wrong: messages (even through `Debug`, as
//! `main` returning an error prints it) that name the variable, and `CLERK_JWT_KEY` as a path.

use std::error::Error;

use clerk_runtime::config::ClerkConfig;
use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
use clerk_runtime::middleware::ClerkOptions;
use clerk_runtime::verify::Verifier;

fn vars(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(name, value)| ((*name).to_owned(), (*value).to_owned()))
        .collect()
}

/// Whether `config`'s PEM key accepts a token signed by `key`.
async fn accepts(config: &ClerkConfig, key: &SigningKey) -> bool {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let token = key
        .mint(&SessionClaimsBuilder::new("user_1").build(now).unwrap())
        .unwrap();
    let verifier = Verifier::from_key(
        config.jwt_key().expect("a PEM key").clone(),
        config.verify_options().clone(),
    );
    verifier.verify(&token).await.is_ok()
}

#[test]
fn main_returning_a_config_error_prints_its_message() {
    let error: Box<dyn Error> = ClerkConfig::from_vars(Vec::new()).unwrap_err().into();
    // `fn main() -> Result<(), Box<dyn Error>>` prints `Error: {error:?}`.
    let shown = format!("{error:?}");
    assert_eq!(shown, error.to_string());
    assert!(shown.contains("CLERK_SECRET_KEY"), "{shown}");
    assert!(shown.contains("CLERK_JWT_KEY"), "{shown}");
    assert_ne!(shown, "MissingVerificationKey");
}

#[test]
fn main_returning_an_options_error_names_the_sign_in_variables() {
    let key = SigningKey::generate().unwrap();
    let config = ClerkConfig::from_vars(vars(&[("CLERK_JWT_KEY", key.public_pem())])).unwrap();
    let error: Box<dyn Error> = ClerkOptions::from_config(&config).unwrap_err().into();
    let shown = format!("{error:?}");
    assert_eq!(shown, error.to_string());
    assert!(shown.contains("CLERK_SIGN_IN_URL"), "{shown}");
    assert!(shown.contains("CLERK_PUBLISHABLE_KEY"), "{shown}");
    assert!(!shown.contains("NoSignInUrl"), "{shown}");
}

#[tokio::test]
async fn jwt_key_accepts_the_path_of_a_pem_file() {
    let key = SigningKey::generate().unwrap();
    let dir = std::env::temp_dir().join(format!("clerk-jwt-key-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("public.pem");
    std::fs::write(&path, key.public_pem()).unwrap();
    let from_path =
        ClerkConfig::from_vars(vars(&[("CLERK_JWT_KEY", path.to_str().unwrap())])).unwrap();
    assert!(accepts(&from_path, &key).await);
    assert!(!accepts(&from_path, &SigningKey::generate().unwrap()).await);
    let option = ClerkConfig::builder()
        .jwt_key(path.to_str().unwrap())
        .build()
        .unwrap();
    assert!(accepts(&option, &key).await);
    std::fs::remove_dir_all(&dir).ok();
}

#[tokio::test]
async fn a_jwt_key_path_that_names_no_file_is_an_error_naming_variable_and_path() {
    for missing in ["keys/public.pem", "/nowhere/public.pem", "./public.pem"] {
        let error = ClerkConfig::from_vars(vars(&[("CLERK_JWT_KEY", missing)])).unwrap_err();
        let message = error.to_string();
        assert!(message.contains("CLERK_JWT_KEY"), "{message}");
        assert!(message.contains(missing), "{message}");
        assert!(!message.contains("base64"), "{message}");
    }
    // PEM text is still read as PEM text, `\n` escapes included.
    let key = SigningKey::generate().unwrap();
    let escaped = key.public_pem().replace('\n', "\\n");
    let config = ClerkConfig::from_vars(vars(&[("CLERK_JWT_KEY", &escaped)])).unwrap();
    assert!(accepts(&config, &key).await);
}

#[test]
fn main_returning_a_pattern_error_prints_its_message() {
    let error = clerk_runtime::matcher::RouteMatcher::new(["/ok", "/foo("]).unwrap_err();
    let shown = format!("{error:?}");
    assert_eq!(shown, error.to_string());
    assert!(shown.contains("/foo("), "{shown}");
    assert!(!shown.contains("MatcherError"), "{shown}");
}
