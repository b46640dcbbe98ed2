//! When to try a Graph request again, and after how long.
//!
//! GETs are retried on 429, 503, 504, network errors and timeouts; a write (PATCH, POST) only on
//! 429 and 503, where Graph did not process it — a write that timed out or lost its connection
//! may have been applied, so it is reported, never repeated. Delays grow exponentially with
//! jitter, or follow `Retry-After` when the browser may read it (Graph's CORS policy usually
//! hides it); attempts and total time are bounded.

use crate::core::request::Method;
use crate::core::response::{GraphError, RawResponse};
use std::time::Duration;

/// Bounds of the retries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts in all, the first included.
    pub max_attempts: u32,
    /// The delay before the second attempt (before jitter).
    pub base_delay: Duration,
    /// No single wait is longer.
    pub max_delay: Duration,
    /// No retry starts after this much time since the first attempt.
    pub max_total: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_secs(2),
            max_delay: Duration::from_secs(30),
            max_total: Duration::from_secs(90),
        }
    }
}

/// How an attempt ended, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    Status(u16),
    Network,
    Timeout,
}

impl Failure {
    /// What went wrong, for the countdown ("Graph is throttling requests (429). Retrying in…").
    pub fn describe(self) -> String {
        match self {
            Failure::Status(429) => "Graph is throttling requests (429)".into(),
            Failure::Status(503) => "Graph is unavailable (503)".into(),
            Failure::Status(504) => "Graph did not answer in time (504)".into(),
            Failure::Status(s) => format!("Graph answered {s}"),
            Failure::Network => "The connection to Graph failed".into(),
            Failure::Timeout => "Graph did not answer in time".into(),
        }
    }
}

/// How an attempt ended, for retrying: any error status, a lost connection or a timeout is a
/// failure (whether it is retried is [`retryable`]'s to say); an answer below 400 or another
/// error is not.
pub fn failure_of(result: &Result<RawResponse, GraphError>) -> Option<Failure> {
    match result {
        Ok(r) if r.status >= 400 => Some(Failure::Status(r.status)),
        Err(GraphError::Network { .. }) => Some(Failure::Network),
        Err(GraphError::Timeout { .. }) => Some(Failure::Timeout),
        _ => None,
    }
}

/// Whether this failure of this method may be retried at all.
pub fn retryable(method: Method, failure: Failure) -> bool {
    matches!(
        (method, failure),
        (_, Failure::Status(429 | 503)) | (Method::Get, Failure::Status(504) | Failure::Network | Failure::Timeout)
    )
}

/// Reads `Retry-After`: delta-seconds (HTTP dates are not worth the clock skew).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The wait before attempt `attempt + 1` (attempts count from 1), or `None` to give up.
/// `jitter` is a random number in [0, 1).
pub fn next_delay(
    policy: &RetryPolicy,
    method: Method,
    failure: Failure,
    attempt: u32,
    elapsed: Duration,
    retry_after: Option<Duration>,
    jitter: f64,
) -> Option<Duration> {
    if !retryable(method, failure) || attempt >= policy.max_attempts {
        return None;
    }
    let backoff = policy.base_delay.saturating_mul(1 << (attempt - 1).min(16));
    // "Equal jitter": half fixed, half random, so waits spread out but never collapse to zero.
    let jittered = backoff.mul_f64(0.5 + 0.5 * jitter.clamp(0.0, 1.0));
    let delay = retry_after.unwrap_or(jittered).min(policy.max_delay);
    (elapsed + delay <= policy.max_total).then_some(delay)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_status_is_a_failure_and_retryable_decides() {
        let status = |s: u16| Ok(RawResponse { status: s, ..Default::default() });
        let cases: [(Result<RawResponse, GraphError>, Option<Failure>); 6] = [
            (status(200), None),
            (status(204), None),
            (status(400), Some(Failure::Status(400))),
            (status(504), Some(Failure::Status(504))),
            (Err(GraphError::Network { message: "x".into() }), Some(Failure::Network)),
            (Err(GraphError::NotSignedIn), None),
        ];
        for (result, failure) in cases {
            assert_eq!(failure_of(&result), failure, "{result:?}");
        }
        assert!(!retryable(Method::Get, Failure::Status(400)) && !retryable(Method::Patch, Failure::Status(504)));
        assert_eq!(Failure::Status(429).describe(), "Graph is throttling requests (429)");
    }

    #[test]
    fn what_is_retried() {
        let cases = [
            (Method::Get, Failure::Status(429), true),
            (Method::Get, Failure::Status(503), true),
            (Method::Get, Failure::Status(504), true),
            (Method::Get, Failure::Network, true),
            (Method::Get, Failure::Timeout, true),
            (Method::Get, Failure::Status(500), false),
            (Method::Get, Failure::Status(502), false),
            (Method::Get, Failure::Status(401), false),
            (Method::Patch, Failure::Status(429), true),
            (Method::Patch, Failure::Status(503), true),
            (Method::Patch, Failure::Status(504), false),
            (Method::Patch, Failure::Network, false),
            (Method::Patch, Failure::Timeout, false),
            (Method::Post, Failure::Status(503), true),
            (Method::Post, Failure::Status(500), false),
        ];
        for (method, failure, expected) in cases {
            assert_eq!(retryable(method, failure), expected, "{method:?} {failure:?}");
        }
    }

    #[test]
    fn delays_grow_with_jitter_follow_retry_after_and_are_bounded() {
        let p = RetryPolicy::default();
        let d = |attempt, elapsed, retry_after, jitter| {
            next_delay(
                &p,
                Method::Get,
                Failure::Status(429),
                attempt,
                Duration::from_secs(elapsed),
                retry_after,
                jitter,
            )
        };
        assert_eq!(d(1, 0, None, 0.0), Some(Duration::from_secs(1)));
        assert_eq!(d(1, 0, None, 1.0), Some(Duration::from_secs(2)));
        assert_eq!(d(2, 0, None, 1.0), Some(Duration::from_secs(4)));
        assert_eq!(d(3, 0, None, 0.5), Some(Duration::from_secs(6)));
        assert_eq!(d(4, 0, None, 0.5), None, "four attempts in all");
        assert_eq!(d(1, 0, Some(Duration::from_secs(7)), 0.9), Some(Duration::from_secs(7)), "Retry-After wins");
        assert_eq!(d(1, 0, Some(Duration::from_secs(600)), 0.0), Some(Duration::from_secs(30)), "capped");
        assert_eq!(d(2, 89, None, 0.0), None, "past the total time");
        assert_eq!(next_delay(&p, Method::Patch, Failure::Network, 1, Duration::ZERO, None, 0.0), None);
        assert_eq!(parse_retry_after(" 12 "), Some(Duration::from_secs(12)));
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"), None);
    }
}
