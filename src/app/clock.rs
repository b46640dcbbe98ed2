//! The browser's clock, read in one place: now as ISO 8601 (kept drafts, backup files), as
//! the `Moment` an answer arrived at (with the retry jitter), and the page's moments marked for
//! scripts/bench.sh and the browser's performance tools. Core never reads a clock.

use crate::core::rules::retry::Moment;

/// Now, from the browser clock, as ISO 8601.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}

/// Now, as a machine's answer carries it, with a random number for the retry jitter.
pub fn moment() -> Moment {
    Moment { now_ms: js_sys::Date::now(), jitter: js_sys::Math::random() }
}

/// Marks a moment of this page load once (User Timing), by its name: `list-usable` (the list
/// shows its rows), `form-usable` (the editor's form holds the configuration), `editor-usable`
/// (the payload editor is editable and holds the text).
pub fn mark_once(name: &str) {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        if performance.get_entries_by_name(name).length() == 0 {
            let _ = performance.mark(name);
        }
    }
}
