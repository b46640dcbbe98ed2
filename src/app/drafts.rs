//! Unsaved edits in `localStorage`, one entry per configuration (format in `core::saved`).
//! Storage failures (private mode, quota) only mean edits are not kept across a reload; they
//! never interrupt editing.

use crate::core::saved::{storage_key, SavedDraft};

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The kept edits of a configuration, if any.
pub fn load(id: &str) -> Option<SavedDraft> {
    SavedDraft::from_json(&storage()?.get_item(&storage_key(id)).ok()??)
}

pub fn store(id: &str, saved: &SavedDraft) {
    if let Some(s) = storage() {
        let _ = s.set_item(&storage_key(id), &saved.to_json());
    }
}

pub fn forget(id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&storage_key(id));
    }
}

/// Now, from the browser clock, as ISO 8601.
pub fn now() -> String {
    js_sys::Date::new_0().to_iso_string().into()
}
