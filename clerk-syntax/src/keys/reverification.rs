//! Reverification levels: the presets `strict_mfa`, `strict`, `moderate`, `lax`, and the factor
//! levels of a custom `{ level, afterMinutes }`.

use std::fmt;

use super::error::{KeyError, KeyKind, Problem};
use crate::suggest::closest;

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

/// Which factors a reverification looks at: the `level` of Clerk's
/// `{ level, afterMinutes }`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FactorLevel {
    /// `first_factor`
    FirstFactor,
    /// `second_factor`
    SecondFactor,
    /// `multi_factor`
    MultiFactor,
}

impl FactorLevel {
    /// The level as Clerk spells it, or `None` for anything else (Clerk's
    /// `validateReverificationConfig` then rejects the whole condition).
    ///
    /// ```
    /// use clerk_syntax::keys::FactorLevel;
    /// assert_eq!(FactorLevel::from_name("multi_factor"), Some(FactorLevel::MultiFactor));
    /// assert_eq!(FactorLevel::from_name("Multi_factor"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "first_factor" => Some(Self::FirstFactor),
            "second_factor" => Some(Self::SecondFactor),
            "multi_factor" => Some(Self::MultiFactor),
            _ => None,
        }
    }

    /// The level as Clerk spells it.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::FirstFactor => "first_factor",
            Self::SecondFactor => "second_factor",
            Self::MultiFactor => "multi_factor",
        }
    }
}

impl ReverificationLevel {
    /// The factor level and the minutes Clerk's preset stands for.
    ///
    /// ```
    /// use clerk_syntax::keys::{FactorLevel, ReverificationLevel};
    /// assert_eq!(ReverificationLevel::Moderate.preset(), (FactorLevel::SecondFactor, 60));
    /// ```
    #[must_use]
    pub const fn preset(self) -> (FactorLevel, u32) {
        match self {
            Self::StrictMfa => (FactorLevel::MultiFactor, 10),
            Self::Strict => (FactorLevel::SecondFactor, 10),
            Self::Moderate => (FactorLevel::SecondFactor, 60),
            Self::Lax => (FactorLevel::SecondFactor, 1440),
        }
    }

    /// The preset named exactly `name`, as Clerk looks presets up (no suggestions).
    ///
    /// ```
    /// use clerk_syntax::keys::ReverificationLevel;
    /// assert_eq!(ReverificationLevel::from_name("lax"), Some(ReverificationLevel::Lax));
    /// assert_eq!(ReverificationLevel::from_name("Lax"), None);
    /// ```
    #[must_use]
    pub fn from_name(name: &str) -> Option<Self> {
        LEVELS
            .iter()
            .find(|(level, _)| *level == name)
            .map(|(_, level)| *level)
    }

    /// Parses a level as Clerk spells it. Never panics.
    ///
    /// ```
    /// use clerk_syntax::keys::ReverificationLevel;
    /// assert_eq!(ReverificationLevel::parse("lax"), Ok(ReverificationLevel::Lax));
    /// let err = ReverificationLevel::parse("strict-mfa").unwrap_err();
    /// assert_eq!(err.suggestion(), Some("strict_mfa"));
    /// ```
    pub fn parse(key: &str) -> Result<Self, KeyError> {
        if let Some(level) = Self::from_name(key) {
            return Ok(level);
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
