//! `exp`, `nbf` and `iat` with Clerk's arithmetic.
//!
//! Clerk turns a claim into a date with `new Date(0).setUTCSeconds(claim)`, which truncates the
//! seconds toward zero and multiplies by 1000, then compares milliseconds:
//! expired iff `trunc(exp)*1000 <= now - skew`; `nbf`/`iat` fail iff `trunc(x)*1000 > now + skew`.
//! A date outside JavaScript's range (±8.64e12 s) becomes `NaN` in Clerk and passes every
//! check; here it is rejected (recorded in DEVIATIONS.md).

use serde_json::Value;

use super::registered::{Claims, Registered};
use super::shown::shown;
use crate::{TokenVerificationError, TokenVerificationErrorReason as Reason};

/// Largest |seconds| a JavaScript `Date` can hold: 8.64e15 ms.
const MAX_DATE_SECONDS: f64 = 8.64e12;

/// One of the three time claims.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TimeClaim {
    /// `exp`, required.
    Exp,
    /// `nbf`, optional.
    Nbf,
    /// `iat`, optional.
    Iat,
}

impl TimeClaim {
    fn registered(self) -> Registered {
        match self {
            Self::Exp => Registered::Exp,
            Self::Nbf => Registered::Nbf,
            Self::Iat => Registered::Iat,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Self::Exp => "expiry date claim (exp)",
            Self::Nbf => "not before date claim (nbf)",
            Self::Iat => "issued at date claim (iat)",
        }
    }
}

/// The claim as Clerk's date in milliseconds (`trunc(seconds) * 1000`), `None` when an optional
/// claim is absent. Not a number, or not a real date: `token-verification-failed`.
pub(crate) fn claim_ms(
    payload: &impl Claims,
    claim: TimeClaim,
) -> Result<Option<i64>, TokenVerificationError> {
    let value = payload.claim(claim.registered());
    let seconds = match value {
        None if claim != TimeClaim::Exp => return Ok(None),
        Some(Value::Number(n)) => n.as_f64().unwrap_or(f64::NAN),
        _ => {
            let shown = value.map_or_else(|| "undefined".to_owned(), shown);
            return Err(TokenVerificationError::new(
                Reason::TokenVerificationFailed,
                format!("Invalid JWT {} {shown}. Expected number.", claim.label()),
            ));
        }
    };
    let whole = seconds.trunc();
    if whole.is_nan() || whole.abs() > MAX_DATE_SECONDS {
        return Err(TokenVerificationError::new(
            Reason::TokenVerificationFailed,
            format!(
                "Invalid JWT {} {}. Expected a date within ±8.64e12 seconds of 1970.",
                claim.label(),
                value.map_or_else(String::new, shown)
            ),
        ));
    }
    // |whole| <= 8.64e12, so the cast is exact and the product fits easily.
    #[allow(clippy::cast_possible_truncation)]
    Ok(Some(whole as i64 * 1000))
}

/// Expired iff `exp_ms <= now - skew`: `token-expired`.
pub(crate) fn check_exp(
    exp_ms: i64,
    now_ms: i64,
    skew_ms: i64,
) -> Result<(), TokenVerificationError> {
    if expired(exp_ms, now_ms, skew_ms) {
        return Err(TokenVerificationError::new(
            Reason::TokenExpired,
            format!(
                "JWT is expired. Expiry date: {}, Current date: {}.",
                utc_string(exp_ms),
                utc_string(now_ms)
            ),
        ));
    }
    Ok(())
}

/// Not yet valid iff `nbf_ms > now + skew`: `token-not-active-yet`.
pub(crate) fn check_nbf(
    nbf_ms: Option<i64>,
    now_ms: i64,
    skew_ms: i64,
) -> Result<(), TokenVerificationError> {
    match nbf_ms {
        Some(nbf) if in_future(nbf, now_ms, skew_ms) => Err(TokenVerificationError::new(
            Reason::TokenNotActiveYet,
            format!(
                "JWT cannot be used prior to not before date claim (nbf). Not before date: {}; Current date: {};",
                utc_string(nbf),
                utc_string(now_ms)
            ),
        )),
        _ => Ok(()),
    }
}

/// Issued in the future iff `iat_ms > now + skew`: `token-iat-in-the-future`.
pub(crate) fn check_iat(
    iat_ms: Option<i64>,
    now_ms: i64,
    skew_ms: i64,
) -> Result<(), TokenVerificationError> {
    match iat_ms {
        Some(iat) if in_future(iat, now_ms, skew_ms) => Err(TokenVerificationError::new(
            Reason::TokenIatInTheFuture,
            format!(
                "JWT issued at date claim (iat) is in the future. Issued at date: {}; Current date: {};",
                utc_string(iat),
                utc_string(now_ms)
            ),
        )),
        _ => Ok(()),
    }
}

/// Whether [`check_exp`], [`check_nbf`] and [`check_iat`] all pass, told without building the
/// error one of them would return: what a cache hit needs to know.
#[inline]
pub(crate) fn times_hold(
    exp_ms: i64,
    nbf_ms: Option<i64>,
    iat_ms: Option<i64>,
    now_ms: i64,
    skew_ms: i64,
) -> bool {
    !expired(exp_ms, now_ms, skew_ms)
        && !nbf_ms.is_some_and(|nbf| in_future(nbf, now_ms, skew_ms))
        && !iat_ms.is_some_and(|iat| in_future(iat, now_ms, skew_ms))
}

fn expired(exp_ms: i64, now_ms: i64, skew_ms: i64) -> bool {
    i128::from(exp_ms) <= i128::from(now_ms) - i128::from(skew_ms)
}

fn in_future(at_ms: i64, now_ms: i64, skew_ms: i64) -> bool {
    i128::from(at_ms) > i128::from(now_ms) + i128::from(skew_ms)
}

/// A date as JavaScript's `toUTCString()` writes it: `Thu, 01 Jan 2026 00:00:00 GMT`.
pub(crate) fn utc_string(ms: i64) -> String {
    const WEEKDAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let seconds = ms.div_euclid(1000);
    let days = seconds.div_euclid(86_400);
    let of_day = seconds.rem_euclid(86_400);
    let (year, month, day) = civil_from_days(days);
    let weekday = WEEKDAYS[usize::try_from(days.rem_euclid(7)).unwrap_or(0)];
    let month = MONTHS[usize::try_from(month - 1).unwrap_or(0)];
    let year = if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else {
        year.to_string()
    };
    format!(
        "{weekday}, {day:02} {month} {year} {:02}:{:02}:{:02} GMT",
        of_day / 3600,
        of_day / 60 % 60,
        of_day % 60
    )
}

/// Proleptic Gregorian (year, month 1-12, day 1-31) of a day count since 1970-01-01.
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    // Howard Hinnant's algorithm, shifted so that eras start on March 1st.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_767_225_600_000;

    fn ms(payload: &Value, claim: TimeClaim) -> Result<Option<i64>, Reason> {
        claim_ms(payload, claim).map_err(|e| e.reason)
    }

    #[test]
    fn claims_are_truncated_to_whole_seconds() {
        assert_eq!(
            ms(&json!({"exp": 1_767_225_595.9}), TimeClaim::Exp),
            Ok(Some(1_767_225_595_000))
        );
        assert_eq!(ms(&json!({"exp": -1.9}), TimeClaim::Exp), Ok(Some(-1000)));
        assert_eq!(ms(&json!({"exp": -0.5}), TimeClaim::Exp), Ok(Some(0)));
        assert_eq!(
            ms(&json!({"exp": 1.767_225_6e9}), TimeClaim::Exp),
            Ok(Some(NOW))
        );
        assert_eq!(
            ms(&json!({"nbf": 8.64e12}), TimeClaim::Nbf),
            Ok(Some(8_640_000_000_000_000))
        );
        assert_eq!(
            ms(&json!({"iat": -8.64e12}), TimeClaim::Iat),
            Ok(Some(-8_640_000_000_000_000))
        );
    }

    #[test]
    fn claim_types_and_ranges() {
        let failed = Err(Reason::TokenVerificationFailed);
        assert_eq!(ms(&json!({}), TimeClaim::Exp), failed, "exp is required");
        assert_eq!(ms(&json!({}), TimeClaim::Nbf), Ok(None));
        assert_eq!(ms(&json!({}), TimeClaim::Iat), Ok(None));
        for claim in [TimeClaim::Exp, TimeClaim::Nbf, TimeClaim::Iat] {
            let name = claim.registered().name();
            for bad in [json!(null), json!("1767225600"), json!([1]), json!(true)] {
                assert_eq!(ms(&json!({ name: bad }), claim), failed, "{name} {bad}");
            }
            for out_of_range in [
                json!(1e13),
                json!(-1e13),
                json!(8_640_000_000_001_i64),
                json!(u64::MAX),
            ] {
                assert_eq!(
                    ms(&json!({ name: out_of_range }), claim),
                    failed,
                    "{name} {out_of_range}"
                );
            }
        }
        // 8.64e12 + 0.5 truncates back into range
        assert!(ms(&json!({"exp": 8_640_000_000_000.5}), TimeClaim::Exp).is_ok());
        let err = claim_ms(&json!({"exp": "x"}), TimeClaim::Exp).unwrap_err();
        assert_eq!(
            err.message,
            "Invalid JWT expiry date claim (exp) \"x\". Expected number."
        );
        let err = claim_ms(&json!({}), TimeClaim::Exp).unwrap_err();
        assert_eq!(
            err.message,
            "Invalid JWT expiry date claim (exp) undefined. Expected number."
        );
    }

    #[test]
    fn exp_boundary_with_skew() {
        let skew = 5000;
        assert!(check_exp(NOW - 4000, NOW, skew).is_ok());
        assert_eq!(
            check_exp(NOW - 5000, NOW, skew).unwrap_err().reason,
            Reason::TokenExpired
        );
        // one millisecond either side of the edge
        assert!(check_exp(NOW - 5000, NOW - 1, skew).is_ok());
        assert!(check_exp(NOW - 5000, NOW + 1, skew).is_err());
        assert!(check_exp(NOW, NOW, 0).is_err());
        assert!(check_exp(NOW + 1, NOW, 0).is_ok());
        // negative skew is honoured
        assert!(check_exp(NOW + 5000, NOW, -5000).is_err());
        assert!(check_exp(NOW + 5001, NOW, -5000).is_ok());
        // no overflow at the extremes
        assert!(check_exp(i64::MIN, i64::MAX, i64::MIN).is_err());
        assert!(check_exp(i64::MAX, i64::MIN, i64::MAX).is_ok());
        assert!(check_exp(i64::MAX, i64::MAX, i64::MAX).is_ok());
    }

    #[test]
    fn nbf_and_iat_boundaries_with_skew() {
        let skew = 5000;
        assert!(check_nbf(None, NOW, skew).is_ok());
        assert!(check_nbf(Some(NOW + 5000), NOW, skew).is_ok());
        assert_eq!(
            check_nbf(Some(NOW + 5001), NOW, skew).unwrap_err().reason,
            Reason::TokenNotActiveYet
        );
        assert!(check_nbf(Some(NOW + 5000), NOW - 1, skew).is_err());
        assert!(check_iat(Some(NOW + 5000), NOW, skew).is_ok());
        assert_eq!(
            check_iat(Some(NOW + 5001), NOW, skew).unwrap_err().reason,
            Reason::TokenIatInTheFuture
        );
        assert!(check_iat(Some(NOW + 1), NOW, 0).is_err());
        assert!(check_iat(Some(NOW), NOW, 0).is_ok());
        assert!(check_iat(Some(i64::MAX), i64::MAX, i64::MAX).is_ok());
    }

    #[test]
    fn dates_read_like_javascript() {
        assert_eq!(utc_string(NOW), "Thu, 01 Jan 2026 00:00:00 GMT");
        assert_eq!(utc_string(NOW - 3_600_000), "Wed, 31 Dec 2025 23:00:00 GMT");
        assert_eq!(utc_string(0), "Thu, 01 Jan 1970 00:00:00 GMT");
        assert_eq!(utc_string(-1), "Wed, 31 Dec 1969 23:59:59 GMT");
        assert_eq!(utc_string(951_782_400_000), "Tue, 29 Feb 2000 00:00:00 GMT");
        assert_eq!(
            utc_string(8_640_000_000_000_000),
            "Sat, 13 Sep 275760 00:00:00 GMT"
        );
        let _ = utc_string(i64::MIN);
        let _ = utc_string(i64::MAX);
    }

    fn edge_or_any() -> impl proptest::strategy::Strategy<Value = i64> {
        proptest::prop_oneof![
            proptest::prelude::any::<i64>(),
            proptest::sample::select(vec![i64::MIN, -1, 0, 1, i64::MAX]),
            (NOW - 10_000..NOW + 10_000),
        ]
    }

    proptest::proptest! {
        #[test]
        fn times_hold_when_every_check_passes(
            exp in edge_or_any(),
            nbf in proptest::option::of(edge_or_any()),
            iat in proptest::option::of(edge_or_any()),
            now in edge_or_any(),
            skew in proptest::prop_oneof![0..10_000i64, edge_or_any()],
        ) {
            let checked = check_exp(exp, now, skew).is_ok()
                && check_nbf(nbf, now, skew).is_ok()
                && check_iat(iat, now, skew).is_ok();
            proptest::prop_assert_eq!(times_hold(exp, nbf, iat, now, skew), checked);
        }
    }
}
