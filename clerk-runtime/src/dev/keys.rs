//! RSA signing keys for dev tokens: generate, read and write PEM files, and the local dev key.

use std::fmt;
use std::fs;
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use aws_lc_rs::encoding::AsDer as _;
use aws_lc_rs::rsa::{KeyPair, KeySize};
use aws_lc_rs::signature::KeyPair as _;
use jsonwebtoken::EncodingKey;

use super::pem;
use crate::verify::VerifyingKey;

/// A key that could not be created, read or written.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum DevKeyError {
    /// Key generation or encoding failed in the crypto library.
    #[error("RSA key {0} failed")]
    Crypto(&'static str),
    /// The PEM text is not an RSA private key.
    #[error(
        "not an RSA private key in PEM (`-----BEGIN PRIVATE KEY-----` or `-----BEGIN RSA PRIVATE KEY-----`): {0}"
    )]
    InvalidPem(&'static str),
    /// A file could not be read or written.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or directory.
        path: PathBuf,
        /// The error.
        source: io::Error,
    },
    /// A file exists and overwriting was not asked for.
    #[error("{} exists already (pass `--force` to replace it)", .0.display())]
    Exists(PathBuf),
}

/// Shows the message, so that `main` returning this error (or a `Box<dyn Error>` holding it)
/// prints what is wrong rather than a variant name.
impl std::fmt::Debug for DevKeyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self, f)
    }
}

/// An RSA private key that signs RS256 dev tokens, with its public half.
///
/// `Debug` shows the `kid` only, never key material.
///
/// ```
/// use clerk_runtime::dev::{SessionClaimsBuilder, SigningKey};
///
/// let key = SigningKey::generate().unwrap();
/// let claims = SessionClaimsBuilder::new("user_1").build(1_700_000_000).unwrap();
/// let token = key.mint(&claims).unwrap();
/// assert_eq!(token.split('.').count(), 3);
/// assert!(key.public_pem().starts_with("-----BEGIN PUBLIC KEY-----"));
/// ```
#[derive(Clone)]
pub struct SigningKey {
    pkcs8_pem: String,
    public_pem: String,
    encoding: EncodingKey,
    verifying: VerifyingKey,
    kid: String,
}

impl SigningKey {
    /// A new RSA-2048 key from the system's random source.
    pub fn generate() -> Result<Self, DevKeyError> {
        let pair =
            KeyPair::generate(KeySize::Rsa2048).map_err(|_| DevKeyError::Crypto("generation"))?;
        Self::from_pair(&pair)
    }

    /// Reads a private key from PEM: PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`).
    pub fn from_pem(text: &str) -> Result<Self, DevKeyError> {
        let (label, der) = pem::decode(text).map_err(DevKeyError::InvalidPem)?;
        let pair = match label.as_str() {
            "PRIVATE KEY" => KeyPair::from_pkcs8(&der),
            "RSA PRIVATE KEY" => KeyPair::from_der(&der),
            _ => {
                return Err(DevKeyError::InvalidPem(
                    "the PEM label is not a private key",
                ));
            }
        }
        .map_err(|_| DevKeyError::InvalidPem("the key is not a valid RSA private key"))?;
        Self::from_pair(&pair)
    }

    fn from_pair(pair: &KeyPair) -> Result<Self, DevKeyError> {
        let pkcs8 = pair
            .as_der()
            .map_err(|_| DevKeyError::Crypto("PKCS#8 encoding"))?;
        let spki = pair
            .public_key()
            .as_der()
            .map_err(|_| DevKeyError::Crypto("SPKI encoding"))?;
        let pkcs8_pem = pem::encode("PRIVATE KEY", pkcs8.as_ref());
        let public_pem = pem::encode("PUBLIC KEY", spki.as_ref());
        let encoding = EncodingKey::from_rsa_pem(pkcs8_pem.as_bytes())
            .map_err(|_| DevKeyError::Crypto("import for signing"))?;
        let verifying = VerifyingKey::from_pem(&public_pem)
            .map_err(|_| DevKeyError::Crypto("import for verification"))?;
        let digest = aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, spki.as_ref());
        let kid = format!("dev-{}", super::hex(&digest.as_ref()[..8]));
        Ok(Self {
            pkcs8_pem,
            public_pem,
            encoding,
            verifying,
            kid,
        })
    }

    /// The private key as PKCS#8 PEM. This is secret material: write it to a private file only.
    #[must_use]
    pub fn private_pem(&self) -> &str {
        &self.pkcs8_pem
    }

    /// The public key as SPKI PEM (`-----BEGIN PUBLIC KEY-----`), for `CLERK_JWT_KEY`.
    #[must_use]
    pub fn public_pem(&self) -> &str {
        &self.public_pem
    }

    /// The public key, ready to verify tokens this key signs.
    #[must_use]
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.verifying
    }

    /// The key in `jsonwebtoken`'s form, for [`mint`](super::mint).
    #[must_use]
    pub fn encoding_key(&self) -> &EncodingKey {
        &self.encoding
    }

    /// A key id derived from the public key: `dev-` and 16 hex digits of its SHA-256.
    #[must_use]
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// Signs claims as an RS256 token whose header carries this key's `kid`.
    pub fn mint(&self, claims: &serde_json::Value) -> Result<String, super::MintError> {
        super::mint(claims, &self.encoding, Some(&self.kid))
    }

    /// Writes `private.pem` (mode 0600 on Unix) and `public.pem` into `dir`, creating it.
    /// Existing files are an error unless `overwrite`.
    pub fn write_pem_files(
        &self,
        dir: &Path,
        overwrite: bool,
    ) -> Result<(PathBuf, PathBuf), DevKeyError> {
        fs::create_dir_all(dir).map_err(|source| DevKeyError::Io {
            path: dir.to_owned(),
            source,
        })?;
        let private = dir.join("private.pem");
        let public = dir.join("public.pem");
        if !overwrite {
            for path in [&private, &public] {
                if path.exists() {
                    return Err(DevKeyError::Exists(path.clone()));
                }
            }
        }
        for path in [&private, &public] {
            if overwrite {
                remove_if_present(path)?;
            }
        }
        write_new(&private, &self.pkcs8_pem, true)?;
        write_new(&public, &self.public_pem, false)?;
        Ok((private, public))
    }
}

impl fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningKey")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// The local dev key pair: `.clerk/dev-key.pem` under a project directory, created on first use.
///
/// Used by local dev mode (no Clerk account): the server verifies with
/// [`public_pem`](SigningKey::public_pem) and `clerk mint --key .clerk/dev-key.pem` signs tokens
/// it accepts. The file holds the PKCS#8 private key, mode 0600 on Unix.
///
/// ```
/// use clerk_runtime::dev::DevKeys;
///
/// let dir = std::env::temp_dir().join(format!("clerk-devkeys-doc-{}", std::process::id()));
/// let first = DevKeys::load_or_create(&dir).unwrap();
/// assert!(first.created());
/// let again = DevKeys::load_or_create(&dir).unwrap();
/// assert!(!again.created());
/// assert_eq!(first.signing_key().public_pem(), again.signing_key().public_pem());
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct DevKeys {
    key: SigningKey,
    path: PathBuf,
    created: bool,
}

impl DevKeys {
    /// Where the key lives, relative to the project directory.
    pub const RELATIVE_PATH: &'static str = ".clerk/dev-key.pem";

    /// Loads `<project_dir>/.clerk/dev-key.pem`, or creates it (and `.clerk/`) with a new
    /// RSA-2048 key. A file that exists but holds no RSA private key is an error, never replaced.
    pub fn load_or_create(project_dir: impl AsRef<Path>) -> Result<Self, DevKeyError> {
        let path = project_dir.as_ref().join(Self::RELATIVE_PATH);
        match fs::read_to_string(&path) {
            Ok(text) => {
                return Ok(Self {
                    key: SigningKey::from_pem(&text)?,
                    path,
                    created: false,
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(DevKeyError::Io { path, source }),
        }
        if let Some(dir) = path.parent() {
            fs::create_dir_all(dir).map_err(|source| DevKeyError::Io {
                path: dir.to_owned(),
                source,
            })?;
        }
        let key = SigningKey::generate()?;
        match write_new(&path, key.private_pem(), true) {
            Ok(()) => Ok(Self {
                key,
                path,
                created: true,
            }),
            // Another process created it meanwhile: use theirs.
            Err(DevKeyError::Exists(_)) => {
                let text = fs::read_to_string(&path).map_err(|source| DevKeyError::Io {
                    path: path.clone(),
                    source,
                })?;
                Ok(Self {
                    key: SigningKey::from_pem(&text)?,
                    path,
                    created: false,
                })
            }
            Err(e) => Err(e),
        }
    }

    /// The key pair.
    #[must_use]
    pub fn signing_key(&self) -> &SigningKey {
        &self.key
    }

    /// The key file.
    #[must_use]
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// True when this call created the key file.
    #[must_use]
    pub fn created(&self) -> bool {
        self.created
    }
}

fn remove_if_present(path: &Path) -> Result<(), DevKeyError> {
    match fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        Err(source) => Err(DevKeyError::Io {
            path: path.to_owned(),
            source,
        }),
    }
}

/// Creates `path` (failing if it exists) and writes `contents`; `private` files get mode 0600.
fn write_new(path: &Path, contents: &str, private: bool) -> Result<(), DevKeyError> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if private { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = private;
    let io_error = |source| DevKeyError::Io {
        path: path.to_owned(),
        source,
    };
    let mut file = options.open(path).map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            DevKeyError::Exists(path.to_owned())
        } else {
            io_error(e)
        }
    })?;
    file.write_all(contents.as_bytes()).map_err(io_error)?;
    file.sync_all().map_err(io_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PRIVATE: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.private.pem");
    const PUBLIC: &str = include_str!("../../../tests/conformance/keys/rsa2048-a.public.pem");

    fn temp_dir(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("clerk-dev-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn reads_the_conformance_key_and_derives_its_public_half() {
        let key = SigningKey::from_pem(PRIVATE).unwrap();
        let (_, ours) = pem::decode(key.public_pem()).unwrap();
        let (_, theirs) = pem::decode(PUBLIC).unwrap();
        assert_eq!(ours, theirs);
        let again = SigningKey::from_pem(key.private_pem()).unwrap();
        assert_eq!(again.public_pem(), key.public_pem());
        assert_eq!(again.kid(), key.kid());
        assert!(!format!("{key:?}").contains("PRIVATE"));
    }

    /// One DER element at the start of `der`: (tag, contents, rest).
    fn der_element(der: &[u8]) -> (u8, &[u8], &[u8]) {
        let (tag, first) = (der[0], der[1]);
        let (len, header) = if first < 0x80 {
            (usize::from(first), 2)
        } else {
            let n = usize::from(first & 0x7f);
            let len = der[2..2 + n]
                .iter()
                .fold(0usize, |acc, b| acc << 8 | usize::from(*b));
            (len, 2 + n)
        };
        (tag, &der[header..header + len], &der[header + len..])
    }

    #[test]
    fn reads_pkcs1_private_keys() {
        // PKCS#8 PrivateKeyInfo = SEQUENCE { version, algorithm, OCTET STRING <PKCS#1 key> }.
        let (_, pkcs8) = pem::decode(PRIVATE).unwrap();
        let (_, info, _) = der_element(&pkcs8);
        let (_, _, rest) = der_element(info);
        let (_, _, rest) = der_element(rest);
        let (tag, pkcs1, _) = der_element(rest);
        assert_eq!(tag, 0x04, "an OCTET STRING");
        let pkcs1_pem = pem::encode("RSA PRIVATE KEY", pkcs1);
        let from_pkcs1 = SigningKey::from_pem(&pkcs1_pem).unwrap();
        let from_pkcs8 = SigningKey::from_pem(PRIVATE).unwrap();
        assert_eq!(from_pkcs1.public_pem(), from_pkcs8.public_pem());
        assert!(
            from_pkcs1
                .private_pem()
                .starts_with("-----BEGIN PRIVATE KEY-----")
        );
    }

    #[test]
    fn rejects_what_is_not_a_private_key() {
        for bad in [
            "",
            PUBLIC,
            "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
        ] {
            assert!(matches!(
                SigningKey::from_pem(bad),
                Err(DevKeyError::InvalidPem(_))
            ));
        }
    }

    #[test]
    fn dev_keys_are_created_once_with_private_permissions() {
        let dir = temp_dir("devkeys");
        let first = DevKeys::load_or_create(&dir).unwrap();
        assert!(first.created());
        assert_eq!(first.path(), dir.join(".clerk/dev-key.pem"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(first.path()).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let second = DevKeys::load_or_create(&dir).unwrap();
        assert!(!second.created());
        assert_eq!(second.signing_key().kid(), first.signing_key().kid());
        fs::write(first.path(), "garbage").unwrap();
        assert!(matches!(
            DevKeys::load_or_create(&dir),
            Err(DevKeyError::InvalidPem(_))
        ));
        assert_eq!(
            fs::read_to_string(first.path()).unwrap(),
            "garbage",
            "never replaced"
        );
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn pem_files_are_not_overwritten_unless_asked() {
        let dir = temp_dir("pemfiles");
        let key = SigningKey::generate().unwrap();
        let (private, public) = key.write_pem_files(&dir, false).unwrap();
        assert!(matches!(
            key.write_pem_files(&dir, false),
            Err(DevKeyError::Exists(_))
        ));
        let other = SigningKey::generate().unwrap();
        other.write_pem_files(&dir, true).unwrap();
        assert_eq!(fs::read_to_string(&public).unwrap(), other.public_pem());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            let mode = fs::metadata(&private).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
