//! Reverification levels: `strict_mfa`, `strict`, `moderate`, `lax`.

use std::fmt;

use super::error::{KeyError, KeyKind, Problem};
use super::suggest::closest;

/// One of Clerk's reverification presets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ReverificationLevel {
    /// `strict_mfa`: both factors within 10 minutes.
    StrictMfa,
    /// `strict`: the second factor within 10 minutes.
    Strict,
    /// `moderate`: the second factor within 60 minutes.
    Moderate,
    /// `lax`: the second factor within a day.
    Lax,
}

const LEVELS: &[(&str, ReverificationLevel)] = &[
    ("strict_mfa", ReverificationLevel::StrictMfa),
    ("strict", ReverificationLevel::Strict),
    ("moderate", ReverificationLevel::Moderate),
    ("lax", ReverificationLevel::Lax),
];

impl ReverificationLevel {
    /// Parses a level as Clerk spells it. Never panics.
    ///
    /// ```
    /// use clerk_syntax::keys::ReverificationLevel;
    /// assert_eq!(ReverificationLevel::parse("lax"), Ok(ReverificationLevel::Lax));
    /// let err = ReverificationLevel::parse("strict-mfa").unwrap_err();
    /// assert_eq!(err.suggestion(), Some("strict_mfa"));
    /// ```
    pub fn parse(key: &str) -> Result<Self, KeyError> {
        if let Some((_, level)) = LEVELS.iter().find(|(name, _)| *name == key) {
            return Ok(*level);
        }
        let normalised = key.trim().to_ascii_lowercase().replace(['-', ' '], "_");
        let names = LEVELS.iter().map(|(name, _)| *name);
        let suggestion = names
            .clone()
            .find(|name| *name == normalised)
            .or_else(|| closest(&normalised, names, 2));
        let problem = if key.is_empty() {
            Problem::Empty
        } else {
            Problem::UnknownLevel
        };
        Err(KeyError::new(KeyKind::Reverification, key, problem, 0)
            .with_suggestion(suggestion.map(str::to_owned)))
    }

    /// The level as Clerk spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::StrictMfa => "strict_mfa",
            Self::Strict => "strict",
            Self::Moderate => "moderate",
            Self::Lax => "lax",
        }
    }
}

impl fmt::Display for ReverificationLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_level_and_suggests_near_misses() {
        for (name, level) in LEVELS {
            assert_eq!(ReverificationLevel::parse(name), Ok(*level));
            assert_eq!(level.as_str(), *name);
        }
        assert_eq!(
            ReverificationLevel::parse("Strict")
                .unwrap_err()
                .suggestion(),
            Some("strict")
        );
        assert_eq!(
            ReverificationLevel::parse("moderat")
                .unwrap_err()
                .suggestion(),
            Some("moderate")
        );
        let e = ReverificationLevel::parse("paranoid").unwrap_err();
        assert_eq!(e.suggestion(), None);
        assert_eq!(
            e.to_string(),
            "unknown reverification level `paranoid`; expected `strict_mfa`, `strict`, `moderate` or `lax`"
        );
    }
}
