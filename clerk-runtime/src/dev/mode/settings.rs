//! What dev mode reads from the environment: no live keys, and the session lifetime.

use std::time::Duration;

use crate::dev::DevKeyError;

/// The variable that sets the dev session tokens' lifetime, in whole seconds (default 60).
pub const DEV_SESSION_TTL_VAR: &str = "CLERK_DEV_SESSION_TTL";

/// The longest dev session lifetime accepted: one day.
const MAX_SESSION_TTL_SECS: u64 = 86_400;

/// Why dev mode cannot start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum DevModeError {
    /// A production key is configured.
    #[error(
        "refusing to run local dev mode with a live key in {variable} (`{prefix}…`): dev mode \
         signs its own session tokens and must never run next to a production instance; unset \
         {variable} or use a development key (`{dev_prefix}…`)"
    )]
    LiveKey {
        /// The variable that holds it.
        variable: &'static str,
        /// `sk_live_` or `pk_live_`.
        prefix: &'static str,
        /// The development prefix to use instead.
        dev_prefix: &'static str,
    },
    /// `CLERK_DEV_SESSION_TTL` is not a number of seconds in range.
    #[error(
        "{DEV_SESSION_TTL_VAR}=`{value}` is not a session lifetime: {problem} (whole seconds \
         from 1 to {MAX_SESSION_TTL_SECS}, e.g. `60`)"
    )]
    InvalidSessionTtl {
        /// The value as given.
        value: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The dev key could not be read or created.
    #[error(transparent)]
    Key(DevKeyError),
}

/// Checks `vars` and returns the session lifetime.
pub(super) fn read_vars<K, V>(
    vars: impl IntoIterator<Item = (K, V)>,
) -> Result<Duration, DevModeError>
where
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut ttl = super::DevMode::DEFAULT_SESSION_TTL;
    for (name, value) in vars {
        let (name, value) = (name.as_ref(), value.as_ref());
        match name {
            "CLERK_SECRET_KEY" if value.starts_with("sk_live_") => {
                return Err(DevModeError::LiveKey {
                    variable: "CLERK_SECRET_KEY",
                    prefix: "sk_live_",
                    dev_prefix: "sk_test_",
                });
            }
            "CLERK_PUBLISHABLE_KEY" if value.starts_with("pk_live_") => {
                return Err(DevModeError::LiveKey {
                    variable: "CLERK_PUBLISHABLE_KEY",
                    prefix: "pk_live_",
                    dev_prefix: "pk_test_",
                });
            }
            DEV_SESSION_TTL_VAR if !value.is_empty() => ttl = parse_ttl(value)?,
            _ => {}
        }
    }
    Ok(ttl)
}

/// `CLERK_DEV_SESSION_TTL`'s value as a lifetime.
pub(super) fn parse_ttl(value: &str) -> Result<Duration, DevModeError> {
    let invalid = |problem| DevModeError::InvalidSessionTtl {
        value: value.escape_debug().to_string(),
        problem,
    };
    if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("it is not a whole number of seconds"));
    }
    let seconds: u64 = value.parse().map_err(|_| invalid("it is too large"))?;
    match seconds {
        0 => Err(invalid("it is zero")),
        1..=MAX_SESSION_TTL_SECS => Ok(Duration::from_secs(seconds)),
        _ => Err(invalid("it is more than a day")),
    }
}
