//! Unsaved edits kept in the browser's storage, so a reload, a crash, a sign-in redirect or an
//! expired session loses nothing. Only form values are kept — never a token.

use crate::core::draft::Draft;
use serde::{Deserialize, Serialize};

/// The storage key of one configuration's unsaved edits.
pub fn storage_key(id: &str) -> String {
    format!("office-policy-editor.draft.{id}")
}

/// One configuration's unsaved edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedDraft {
    /// When the edits were kept (ISO 8601, from the browser clock).
    pub saved_at: String,
    /// `lastModifiedDateTime` of the configuration the edits were made on.
    pub base_last_modified: Option<String>,
    pub draft: Draft,
}

impl SavedDraft {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a draft always serializes")
    }

    /// Reads what was stored; anything unreadable (an older format, a damaged value) is `None`.
    pub fn from_json(text: &str) -> Option<SavedDraft> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::draft::{CheckinDraft, CheckinField, Field};

    #[test]
    fn a_draft_survives_storage_exactly() {
        let mut draft =
            Draft { display_name: "Edited ü".into(), policy_payload: "{\n  \"a\": 1\n}".into(), ..Draft::default() };
        draft.checkin_statuses.push(CheckinDraft::blank());
        draft.set(Field::Checkin(0, CheckinField::DeviceName), "PC".into());
        let saved = SavedDraft {
            saved_at: "2026-11-28T10:00:00Z".into(),
            base_last_modified: Some("2026-11-20T08:15:30Z".into()),
            draft,
        };
        let text = saved.to_json();
        assert_eq!(SavedDraft::from_json(&text), Some(saved));
        assert_eq!(SavedDraft::from_json("{\"old\":1}"), None);
        assert_eq!(SavedDraft::from_json("not json"), None);
        assert_eq!(storage_key("a b"), "office-policy-editor.draft.a b");
    }
}
