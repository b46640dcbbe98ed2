//! When to try a Graph request again, and after how long.
//!
//! GETs are retried on 429, 503, 504, network errors and timeouts; a write (PATCH, POST) only on
//! 429 and 503, where Graph did not process it — a write that timed out or lost its connection
//! may have been applied, so it is reported, never repeated. Delays grow exponentially with
//! jitter, or follow `Retry-After` when the browser may read it (Graph's CORS policy usually
//! hides it); attempts and total time are bounded.

use crate::core::wire::request::Method;
use crate::core::wire::response::GraphError;
use std::time::Duration;

/// When an answer arrived, and a random number for the retry jitter.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Moment {
    pub now_ms: f64,
    /// In [0, 1).
    pub jitter: f64,
}

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

impl Failure {
    /// How a request that ended in `error` failed, for retrying: any error status, a lost
    /// connection or a timeout is a failure (whether it is retried is [`retryable`]'s to say);
    /// anything else (no token, a refused id, a cancel) is not.
    pub fn of(error: &GraphError) -> Option<Failure> {
        match error {
            GraphError::Network { .. } => Some(Failure::Network),
            GraphError::Timeout { .. } => Some(Failure::Timeout),
            other => other.status().filter(|s| *s >= 400).map(Failure::Status),
        }
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

/// A retry that is waiting, for the countdown the admin sees.
#[derive(Clone, Debug, PartialEq)]
pub struct Waiting {
    /// What went wrong, e.g. "Graph is throttling requests (429)".
    pub reason: String,
    /// When the next attempt starts (browser clock, ms).
    pub until_ms: f64,
    /// The attempt that will be made next, and how many there may be in all.
    pub next_attempt: u32,
    pub max_attempts: u32,
}

impl Waiting {
    /// Whole seconds left at `now_ms`, rounded up.
    pub fn seconds_left(&self, now_ms: f64) -> u32 {
        ((self.until_ms - now_ms).max(0.0) / 1000.0).ceil() as u32
    }

    /// The countdown line: "Graph is throttling requests (429). Retrying in 5 s (attempt 2 of 4)."
    pub fn describe(&self, now_ms: f64) -> String {
        format!(
            "{}. Retrying in {} s (attempt {} of {}).",
            self.reason,
            self.seconds_left(now_ms),
            self.next_attempt,
            self.max_attempts
        )
    }
}

/// The attempts made at one request so far. Time counts from the first answer: the clock is
/// read when answers arrive, never inside the rules.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Attempts {
    made: u32,
    first_answer_ms: Option<f64>,
}

impl Attempts {
    /// A request about to be made for the first time.
    pub fn first() -> Attempts {
        Attempts { made: 1, first_answer_ms: None }
    }

    /// Attempt `made` failed with `error`, answered at `now_ms`: the wait before the next one,
    /// or `None` to give up. `jitter` is a random number in [0, 1).
    pub fn after_failure(
        &mut self,
        policy: &RetryPolicy,
        method: Method,
        error: &GraphError,
        now_ms: f64,
        jitter: f64,
    ) -> Option<Waiting> {
        let failure = Failure::of(error)?;
        let first = *self.first_answer_ms.get_or_insert(now_ms);
        let elapsed = Duration::from_millis((now_ms - first).max(0.0) as u64);
        let retry_after = error.retry_after().and_then(parse_retry_after);
        let delay = next_delay(policy, method, failure, self.made.max(1), elapsed, retry_after, jitter)?;
        self.made = self.made.max(1) + 1;
        Some(Waiting {
            reason: failure.describe(),
            until_ms: now_ms + delay.as_millis() as f64,
            next_attempt: self.made,
            max_attempts: policy.max_attempts,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_status_is_a_failure_and_retryable_decides() {
        let status = |s: u16| GraphError::Unreadable {
            status: s,
            excerpt: String::new(),
            request_id: None,
            client_request_id: None,
        };
        let cases = [
            (status(400), Some(Failure::Status(400))),
            (status(504), Some(Failure::Status(504))),
            (GraphError::Network { message: "x".into() }, Some(Failure::Network)),
            (GraphError::Timeout { seconds: 30 }, Some(Failure::Timeout)),
            (GraphError::NotSignedIn, None),
            (GraphError::Cancelled, None),
        ];
        for (error, failure) in cases {
            assert_eq!(Failure::of(&error), failure, "{error:?}");
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
