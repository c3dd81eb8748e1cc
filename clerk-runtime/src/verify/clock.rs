//! The time a cache hit is checked against, read cheaply when that cannot change the answer.
//!
//! Reading the system clock precisely costs about 30 ns here; the kernel's coarse clock
//! (`CLOCK_REALTIME_COARSE`, the time of the last timer tick) about 3 ns. The coarse clock is
//! never ahead of the precise one and trails it by one tick (1 to 10 ms). A hit uses it only
//! when the token is valid by a wide margin either way; near its expiry the precise clock
//! decides, exactly as a first verification does.

use std::time::{SystemTime, UNIX_EPOCH};

/// How far from `exp` a hit may be judged on the coarse clock: a hundred times the longest
/// timer tick Linux is built with (10 ms).
pub(crate) const COARSE_MARGIN_MS: i64 = 1000;

/// Milliseconds since the Unix epoch from the system clock, to the millisecond.
pub(crate) fn system_now_ms() -> i64 {
    match SystemTime::now().duration_since(UNIX_EPOCH) {
        Ok(since) => i64::try_from(since.as_millis()).unwrap_or(i64::MAX),
        Err(before) => i64::try_from(before.duration().as_millis()).map_or(i64::MIN, |ms| -ms),
    }
}

/// Milliseconds since the Unix epoch, never later than [`system_now_ms`] read afterwards and
/// at most one timer tick earlier: the kernel's coarse clock on Linux, the system clock
/// elsewhere.
pub(crate) fn earliest_now_ms() -> i64 {
    #[cfg(target_os = "linux")]
    {
        use rustix::time::{ClockId, clock_gettime};
        let now = clock_gettime(ClockId::RealtimeCoarse);
        now.tv_sec
            .saturating_mul(1000)
            .saturating_add(now.tv_nsec / 1_000_000)
    }
    #[cfg(not(target_os = "linux"))]
    {
        system_now_ms()
    }
}

/// The time to check a cached token that expires at `exp_ms` (Clerk's milliseconds, before
/// the clock skew `skew_ms` is allowed) against, given `earliest` from [`earliest_now_ms`]:
/// `earliest` itself when the token is still valid [`COARSE_MARGIN_MS`] after it, else the
/// precise clock. `earliest` is never later than the precise clock, so it can only make the
/// `nbf` and `iat` checks stricter (a failing hit then goes the usual way, which reads the
/// precise clock).
pub(crate) fn hit_time(
    exp_ms: i64,
    skew_ms: i64,
    earliest: i64,
    precise: impl FnOnce() -> i64,
) -> i64 {
    let far_from_expiry = exp_ms
        .saturating_add(skew_ms)
        .saturating_sub(COARSE_MARGIN_MS)
        > earliest;
    if far_from_expiry { earliest } else { precise() }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_coarse_clock_is_never_ahead_and_trails_by_less_than_the_margin() {
        // The thread may be preempted between two readings, so only the closest pair is held
        // to the tick; every pair keeps the order.
        let mut closest = i64::MAX;
        for _ in 0..10_000 {
            let earliest = earliest_now_ms();
            let precise = system_now_ms();
            assert!(earliest <= precise, "{earliest} > {precise}");
            closest = closest.min(precise - earliest);
        }
        assert!(closest < COARSE_MARGIN_MS / 10, "{closest} ms behind");
    }

    #[test]
    fn the_precise_clock_decides_near_expiry() {
        let precise = || 5_000;
        // Far from expiry: the coarse reading.
        assert_eq!(hit_time(10_000, 0, 4_990, precise), 4_990);
        assert_eq!(hit_time(6_000, 0, 4_999, precise), 4_999);
        // Within the margin of `exp` (skew allowed), or past it: the precise clock.
        assert_eq!(hit_time(6_000, 0, 5_000, precise), 5_000);
        assert_eq!(hit_time(5_500, 0, 4_990, precise), 5_000);
        assert_eq!(hit_time(1_000, 5_000, 5_000, precise), 5_000);
        assert_eq!(hit_time(1_000, 0, 4_990, precise), 5_000);
        // The skew Clerk allows counts toward the margin, as it does toward `exp`.
        assert_eq!(hit_time(1_000, 5_000, 4_900, precise), 4_900);
        // No overflow at the ends of the range.
        assert_eq!(hit_time(i64::MAX, i64::MAX, 0, precise), 0);
        assert_eq!(hit_time(i64::MIN, 0, 0, precise), 5_000);
    }
}
