//! The decision a request ended with, kept per request for the layer's one debug event.

use std::sync::{Mutex, PoisonError};

use super::outcome::Outcome;

/// What the last word on a request was: a protection's outcome (from a route rule, the
/// middleware closure or a `#[protect]` handler) or another answer (a sign-in redirect the
/// app asked for, a missing layer…).
#[derive(Clone, Debug)]
pub(crate) struct Recorded {
    /// The outcome, when a protection decided.
    pub(crate) outcome: Option<Outcome>,
    /// What was answered instead, when no protection decided (`redirect to sign-in`).
    pub(crate) answer: Option<&'static str>,
    /// The route rule that decided, when one did.
    pub(crate) rule: Option<&'static [&'static str]>,
}

/// A per-request slot the decision core writes and the layer reads once the inner service
/// has answered. The first denial wins (it is the one `?` returns); an allowed outcome is
/// kept only while nothing was denied.
#[derive(Debug, Default)]
pub(crate) struct DecisionSlot(Mutex<Option<Recorded>>);

impl DecisionSlot {
    /// Records `entry` under the rule above.
    pub(crate) fn record(&self, entry: Recorded) {
        let mut slot = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let keep_old = slot.as_ref().is_some_and(|old| {
            let old_denied = old.outcome.as_ref().is_none_or(|o| !o.is_allowed());
            let new_allowed = entry.outcome.as_ref().is_some_and(Outcome::is_allowed);
            old_denied || new_allowed
        });
        if !keep_old {
            *slot = Some(entry);
        }
    }

    /// What was recorded.
    pub(crate) fn get(&self) -> Option<Recorded> {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::middleware::decision::outcome::Unauthenticated;

    fn entry(outcome: Outcome) -> Recorded {
        Recorded {
            outcome: Some(outcome),
            answer: None,
            rule: None,
        }
    }

    fn denied() -> Outcome {
        Outcome::Unauthenticated(Unauthenticated {
            reason: None,
            pending: true,
            redirect_to: None,
        })
    }

    #[test]
    fn the_first_denial_wins_over_everything_after_it() {
        let slot = DecisionSlot::default();
        slot.record(entry(Outcome::Allowed));
        assert_eq!(slot.get().unwrap().outcome, Some(Outcome::Allowed));
        slot.record(entry(denied()));
        slot.record(entry(Outcome::Allowed));
        assert_eq!(slot.get().unwrap().outcome, Some(denied()));
    }
}
