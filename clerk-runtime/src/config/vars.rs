//! The environment variables Clerk's SDKs read, and how each maps to an option.

/// Secret key for the Backend API (`sk_test_…`/`sk_live_…`): the `secret_key` option.
pub const SECRET_KEY: &str = "CLERK_SECRET_KEY";
/// Publishable key (`pk_test_…`/`pk_live_…`): the `publishable_key` option.
pub const PUBLISHABLE_KEY: &str = "CLERK_PUBLISHABLE_KEY";
/// PEM public key for networkless verification, as PEM text or the path of a PEM file: the
/// `jwt_key` option. `@clerk/nextjs` ignores this variable; we read it, as `@clerk/express` does
/// (which takes the PEM text only).
pub const JWT_KEY: &str = "CLERK_JWT_KEY";
/// Backend API base URL, default `https://api.clerk.com`: the `api_url` option.
pub const API_URL: &str = "CLERK_API_URL";
/// Backend API version, default `v1`: the `api_version` option.
pub const API_VERSION: &str = "CLERK_API_VERSION";
/// Sign-in URL (absolute, or a path): the `sign_in_url` option.
pub const SIGN_IN_URL: &str = "CLERK_SIGN_IN_URL";
/// Sign-up URL (absolute, or a path): the `sign_up_url` option.
pub const SIGN_UP_URL: &str = "CLERK_SIGN_UP_URL";
/// Satellite domain: the `domain` option.
pub const DOMAIN: &str = "CLERK_DOMAIN";
/// Frontend API proxy URL: the `proxy_url` option.
pub const PROXY_URL: &str = "CLERK_PROXY_URL";
/// `true`/`false`/`1`/`0`: the `is_satellite` option.
pub const IS_SATELLITE: &str = "CLERK_IS_SATELLITE";
/// Encryption key (kept for parity with Next.js; never needed here): the `encryption_key` option.
pub const ENCRYPTION_KEY: &str = "CLERK_ENCRYPTION_KEY";

/// Every variable read, in the order above.
pub const ALL: [&str; 11] = [
    SECRET_KEY,
    PUBLISHABLE_KEY,
    JWT_KEY,
    API_URL,
    API_VERSION,
    SIGN_IN_URL,
    SIGN_UP_URL,
    DOMAIN,
    PROXY_URL,
    IS_SATELLITE,
    ENCRYPTION_KEY,
];
