//! The browser's clock, read in one place: now as ISO 8601 (kept drafts, backup files) and as
//! the `Moment` an answer arrived at (with the retry jitter). Core never reads a clock.

use crate::core::rules::retry::Moment;

/// Now, from the browser clock, as ISO 8601.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Now, as a machine's answer carries it, with a random number for the retry jitter.
pub fn moment() -> Moment {
    Moment { now_ms: js_sys::Date::now(), jitter: js_sys::Math::random() }
}
