//! Unsaved edits kept in the browser's storage, so a reload, a crash, a sign-in redirect or an
//! expired session loses nothing. Only form values are kept — never a token.
//!
//! Invariants:
//! - A kept draft belongs to one person in one tenant: its key names the cloud, the tenant, the
//!   account, the configuration and the browser tab that wrote it ([`DraftOwner::key`]).
//!   Another account never sees it; signing out removes that account's drafts.
//! - A tab writes and removes only its own drafts, so a save in one tab never deletes the edits
//!   of another tab open on the same configuration.
//! - A draft keeps the copy it was made on (`base`), so restoring it is a three-way merge with
//!   the server's copy now: it never reverts what someone else changed meanwhile.
//! - Drafts older than [`MAX_AGE_DAYS`] are dropped (with a notice).

use crate::core::rules::draft::Draft;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Every kept draft's key starts with this.
pub const DRAFT_PREFIX: &str = "office-policy-editor.draft/";
/// A tab that saved a configuration writes this key, so other tabs hear of it (`storage` event).
pub const SAVED_PREFIX: &str = "office-policy-editor.saved/";
/// Kept drafts older than this are dropped.
pub const MAX_AGE_DAYS: i64 = 30;
/// Each open tab writes `ALIVE_PREFIX + tab` (the time in ms) every few seconds, so that
/// another tab does not offer the drafts of a tab that is still editing them.
pub const ALIVE_PREFIX: &str = "office-policy-editor.alive/";
/// A tab whose last sign of life is older than this is gone (closed, crashed).
pub const ALIVE_MS: f64 = 30_000.0;

/// Who a kept draft belongs to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DraftOwner {
    /// The national cloud (`global`, `usgov`, …).
    pub cloud: String,
    /// The tenant id (or `unknown-tenant` when the token does not say).
    pub tenant: String,
    /// The account (MSAL's home account id, or the token's object id).
    pub account: String,
}

/// One key segment: a `/` inside a value cannot split it.
fn segment(value: &str) -> String {
    let cleaned = value.trim().replace('/', "%2F");
    if cleaned.is_empty() {
        "-".into()
    } else {
        cleaned
    }
}

impl DraftOwner {
    /// The key prefix of every draft of this owner.
    pub fn prefix(&self) -> String {
        format!("{DRAFT_PREFIX}{}/{}/{}/", segment(&self.cloud), segment(&self.tenant), segment(&self.account))
    }

    /// The key prefix of this owner's drafts of one configuration (any tab).
    pub fn configuration_prefix(&self, configuration_id: &str) -> String {
        format!("{}{}/", self.prefix(), segment(configuration_id))
    }

    /// The key of the draft one tab keeps of one configuration.
    pub fn key(&self, configuration_id: &str, tab: &str) -> String {
        format!("{}{}", self.configuration_prefix(configuration_id), segment(tab))
    }

    /// The key a tab writes when it saved this configuration.
    pub fn saved_key(&self, configuration_id: &str) -> String {
        format!(
            "{SAVED_PREFIX}{}/{}/{}/{}",
            segment(&self.cloud),
            segment(&self.tenant),
            segment(&self.account),
            segment(configuration_id)
        )
    }
}

/// The tab that wrote a key: its last segment.
pub fn tab_of(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or_default()
}

/// One configuration's unsaved edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedDraft {
    /// When the edits were kept (ISO 8601, from the browser clock).
    pub saved_at: String,
    /// `lastModifiedDateTime` of the configuration the edits were made on.
    pub base_last_modified: Option<String>,
    /// The configuration the edits were made on, as a draft.
    pub base: Draft,
    pub draft: Draft,
}

impl SavedDraft {
    pub fn to_json(&self) -> String {
        // Plain structs with string keys: serde_json cannot fail on them; "" would read as None.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what was stored; anything unreadable (an older format, a damaged value) is `None`.
    pub fn from_json(text: &str) -> Option<SavedDraft> {
        serde_json::from_str(text).ok()
    }

    /// Whether it holds any edit at all.
    pub fn has_edits(&self) -> bool {
        self.draft != self.base
    }

    /// Whether it was kept more than [`MAX_AGE_DAYS`] before `now` (both ISO 8601). A time
    /// that cannot be read is never judged expired.
    pub fn is_expired(&self, now: &str) -> bool {
        match (OffsetDateTime::parse(&self.saved_at, &Rfc3339), OffsetDateTime::parse(now, &Rfc3339)) {
            (Ok(saved), Ok(now)) => now - saved > time::Duration::days(MAX_AGE_DAYS),
            _ => false,
        }
    }
}

/// Which kept draft to offer for a configuration, among `(key, draft)` candidates of one owner:
/// this tab's own, else the newest one a tab that is gone (closed, crashed, an earlier session)
/// left. The drafts of tabs still open (`live_tabs`) are theirs: never offered elsewhere.
pub fn pick_offer<'a>(
    own_tab: &str,
    live_tabs: &[String],
    candidates: &'a [(String, SavedDraft)],
) -> Option<&'a (String, SavedDraft)> {
    let with_edits = || candidates.iter().filter(|(_, d)| d.has_edits());
    with_edits().find(|(key, _)| tab_of(key) == own_tab).or_else(|| {
        with_edits()
            .filter(|(key, _)| !live_tabs.iter().any(|t| t == tab_of(key)))
            .max_by(|a, b| a.1.saved_at.cmp(&b.1.saved_at))
    })
}

/// What a tab writes under [`DraftOwner::saved_key`] after a save.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavedSignal {
    pub tab: String,
    pub saved_at: String,
}

impl SavedSignal {
    pub fn to_json(&self) -> String {
        // As `SavedDraft::to_json`.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_json(text: &str) -> Option<SavedSignal> {
        serde_json::from_str(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rules::draft::{CheckinDraft, CheckinField, Field};

    fn owner(account: &str) -> DraftOwner {
        DraftOwner { cloud: "global".into(), tenant: "t1".into(), account: account.into() }
    }

    fn kept(saved_at: &str, name: &str) -> SavedDraft {
        let base = Draft { display_name: "Base".into(), ..Draft::default() };
        SavedDraft {
            saved_at: saved_at.into(),
            base_last_modified: None,
            draft: Draft { display_name: name.into(), ..base.clone() },
            base,
        }
    }

    #[test]
    fn a_draft_survives_storage_exactly() {
        let mut draft =
            Draft { display_name: "Edited ü".into(), policy_payload: "{\n  \"a\": 1\n}".into(), ..Draft::default() };
        draft.checkin_statuses.push(CheckinDraft::blank());
        draft.set(Field::Checkin(0, CheckinField::DeviceName), "PC".into());
        let saved = SavedDraft {
            saved_at: "2026-11-28T10:00:00Z".into(),
            base_last_modified: Some("2026-11-20T08:15:30Z".into()),
            base: Draft::default(),
            draft,
        };
        let text = saved.to_json();
        assert_eq!(SavedDraft::from_json(&text), Some(saved.clone()));
        // Numbers Graph sent in properties this editor does not know come back to the last digit
        // (serde_json's float_roundtrip; found by the property test).
        let entity = crate::core::wire::model::Configuration::from_json(
            r#"{"userCheckinSummary":{"id":-3.6181412422881725e+265,"ratio":0.1}}"#,
        )
        .unwrap();
        let odd = SavedDraft { draft: Draft::from_entity(&entity).0, ..saved };
        assert_eq!(SavedDraft::from_json(&odd.to_json()), Some(odd));
        assert_eq!(SavedDraft::from_json("{\"old\":1}"), None);
        assert_eq!(SavedDraft::from_json("not json"), None);
        let no_base = r#"{"savedAt":"2026-11-28T10:00:00Z","baseLastModified":null,"draft":{}}"#;
        assert_eq!(SavedDraft::from_json(no_base), None, "a draft without its base is never restored whole");
    }

    #[test]
    fn keys_name_cloud_tenant_account_configuration_and_tab() {
        let alice = owner("alice.t1");
        assert_eq!(alice.key("c1", "tab-a"), "office-policy-editor.draft/global/t1/alice.t1/c1/tab-a");
        assert!(alice.key("c1", "tab-a").starts_with(&alice.configuration_prefix("c1")));
        assert!(alice.configuration_prefix("c1").starts_with(&alice.prefix()));
        assert!(!owner("bob").key("c1", "tab-a").starts_with(&alice.prefix()), "another account's drafts are apart");
        let other_tenant = DraftOwner { tenant: "t2".into(), ..alice.clone() };
        assert!(!other_tenant.key("c1", "x").starts_with(&alice.prefix()));
        let other_cloud = DraftOwner { cloud: "usgov".into(), ..alice.clone() };
        assert!(!other_cloud.key("c1", "x").starts_with(&alice.prefix()));
        assert_eq!(tab_of(&alice.key("c1", "tab-a")), "tab-a");
        let sneaky = owner("a/b");
        assert_eq!(sneaky.key("c/1", ""), "office-policy-editor.draft/global/t1/a%2Fb/c%2F1/-");
        assert_eq!(alice.saved_key("c1"), "office-policy-editor.saved/global/t1/alice.t1/c1");
    }

    #[test]
    fn drafts_expire_after_thirty_days() {
        let cases = [
            ("2026-11-28T10:00:00Z", "2026-11-28T10:00:00Z", false),
            ("2026-10-29T10:00:00Z", "2026-11-28T10:00:00Z", false),
            ("2026-10-29T09:59:59Z", "2026-11-28T10:00:00Z", true),
            ("2025-01-01T00:00:00.000Z", "2026-11-28T10:00:00.000Z", true),
            ("not a time", "2026-11-28T10:00:00Z", false),
        ];
        for (saved_at, now, expired) in cases {
            assert_eq!(kept(saved_at, "x").is_expired(now), expired, "{saved_at} at {now}");
        }
    }

    #[test]
    fn the_offer_is_this_tabs_draft_else_the_newest_with_edits() {
        let alice = owner("alice");
        let candidates = vec![
            (alice.key("c1", "old-tab"), kept("2026-11-27T10:00:00Z", "Older")),
            (alice.key("c1", "new-tab"), kept("2026-11-28T10:00:00Z", "Newer")),
            (alice.key("c1", "empty-tab"), kept("2026-11-28T11:00:00Z", "Base")),
        ];
        assert_eq!(pick_offer("new-tab", &[], &candidates).unwrap().1.draft.display_name, "Newer");
        assert_eq!(pick_offer("old-tab", &[], &candidates).unwrap().1.draft.display_name, "Older", "own tab first");
        assert_eq!(pick_offer("unknown", &[], &candidates).unwrap().1.draft.display_name, "Newer", "no edits: skipped");
        assert_eq!(pick_offer("x", &[], &candidates[2..]), None);
        let live = ["new-tab".to_string()];
        assert_eq!(
            pick_offer("unknown", &live, &candidates).unwrap().1.draft.display_name,
            "Older",
            "a tab still open keeps its draft to itself"
        );
        assert_eq!(pick_offer("unknown", &["new-tab".into(), "old-tab".into()], &candidates), None);
        let signal = SavedSignal { tab: "t".into(), saved_at: "2026-11-28T10:00:00Z".into() };
        assert_eq!(SavedSignal::from_json(&signal.to_json()), Some(signal));
    }
}
