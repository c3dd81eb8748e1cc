//! The one decision event (`clerk debug end`) each request ends with under `debug(true)`.

use axum::response::Response;

use crate::middleware::decision::{DecisionSlot, Outcome};
use crate::middleware::respond::RequestContext;

/// Where the last word on a request came from, for the debug event.
#[derive(Clone, Copy, Debug)]
pub(super) enum DecidedBy {
    /// A route-table rule denied it.
    RouteRule,
    /// The middleware closure answered it.
    Closure,
    /// The router answered it (a `#[protect]` or `auth.protect*` in a handler may have denied).
    Handler,
}

impl DecidedBy {
    const fn label(self) -> &'static str {
        match self {
            Self::RouteRule => "route rule",
            Self::Closure => "middleware closure",
            Self::Handler => "handler",
        }
    }
}

/// The one decision event of a request the layer answered before any protection ran.
pub(super) fn log_answer(why: &str, response: &Response) {
    tracing::info!(
        target: "clerk",
        decision = "answered",
        why,
        status = response.status().as_u16(),
        "clerk debug end"
    );
}

/// The one decision event of a request that was authenticated: what the decision core
/// recorded (a denial names its requirement or Clerk's reason), the status, and who decided.
pub(super) fn log_end(context: &RequestContext<'_>, response: &Response, decided_by: DecidedBy) {
    let status = response.status().as_u16();
    let recorded = context.decisions.as_ref().and_then(DecisionSlot::get);
    let by = decided_by.label();
    let rule = RuleField(recorded.as_ref().and_then(|recorded| recorded.rule));
    match recorded.as_ref().map(|r| (&r.outcome, r.answer)) {
        Some((Some(Outcome::Unauthenticated(denied)), _)) => tracing::info!(
            target: "clerk",
            decision = "denied",
            outcome = "unauthenticated",
            reason = %denied,
            by,
            rule = %rule,
            status,
            "clerk debug end"
        ),
        Some((Some(Outcome::Unauthorized(denied)), _)) => tracing::info!(
            target: "clerk",
            decision = "denied",
            outcome = "unauthorized",
            requirement = %denied.unmet(),
            by,
            rule = %rule,
            status,
            "clerk debug end"
        ),
        Some((None, Some(answer))) => tracing::info!(
            target: "clerk",
            decision = "answered",
            answer,
            by,
            status,
            "clerk debug end"
        ),
        Some((Some(_), _) | (None, None)) | None => match (decided_by, &recorded) {
            (DecidedBy::Handler, Some(_)) => {
                tracing::info!(target: "clerk", decision = "allowed", status, "clerk debug end");
            }
            (DecidedBy::Handler, None) => {
                tracing::info!(target: "clerk", decision = "continue", status, "clerk debug end");
            }
            _ => {
                tracing::info!(target: "clerk", decision = "answered", by, status, "clerk debug end");
            }
        },
    }
}

/// The rule that decided, as the debug event shows it.
struct RuleField(Option<&'static [&'static str]>);

impl std::fmt::Display for RuleField {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(patterns) => write!(f, "{patterns:?}"),
            None => f.write_str("none"),
        }
    }
}
