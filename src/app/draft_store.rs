//! Unsaved edits in `localStorage` (keys, format and rules in `core::rules::kept_drafts`): one entry per
//! owner, configuration and tab. [`DraftStore`] is what the editor session needs of it;
//! [`LocalDrafts`] is `localStorage`. Storage that is full or turned off is reported to the
//! caller, which says so to the admin once; it never interrupts editing.

use crate::auth::Auth;
use crate::core::rules::config::AppConfig;
use crate::core::rules::kept_drafts::{DraftOwner, SavedDraft, SavedSignal, ALIVE_MS, ALIVE_PREFIX, DRAFT_PREFIX};
use std::rc::Rc;

/// Where the editor session keeps drafts.
pub trait DraftStore {
    /// The readable drafts whose keys start with `prefix`.
    fn candidates(&self, prefix: &str) -> Vec<(String, SavedDraft)>;
    /// The tabs open now.
    fn live_tabs(&self) -> Vec<String>;
    /// Writes a draft (`SavedDraft::to_json`); `Err` when the browser would not.
    fn write(&self, key: &str, json: &str) -> Result<(), NotKept>;
    fn remove(&self, key: &str);
    /// Writes the signal other tabs hear as a `storage` event.
    fn announce(&self, key: &str, signal: &SavedSignal);
}

/// The browser would not keep a draft: storage full, turned off, or missing.
#[derive(Debug)]
pub struct NotKept;

/// The browser's `localStorage`.
pub struct LocalDrafts;

impl DraftStore for LocalDrafts {
    fn candidates(&self, prefix: &str) -> Vec<(String, SavedDraft)> {
        let Some(storage) = storage() else { return Vec::new() };
        keys(&storage, prefix)
            .into_iter()
            .filter_map(|key| {
                let saved = SavedDraft::from_json(&storage.get_item(&key).ok()??)?;
                Some((key, saved))
            })
            .collect()
    }

    fn live_tabs(&self) -> Vec<String> {
        live_tabs()
    }

    fn write(&self, key: &str, json: &str) -> Result<(), NotKept> {
        storage().ok_or(NotKept)?.set_item(key, json).map_err(|_| NotKept)
    }

    fn remove(&self, key: &str) {
        forget(key);
    }

    fn announce(&self, key: &str, signal: &SavedSignal) {
        if let Some(s) = storage() {
            let _ = s.set_item(key, &signal.to_json());
        }
    }
}

/// Whose drafts the page reads and writes, which tab this is, and where they are kept; shared
/// through context.
#[derive(Clone)]
pub struct KeptDrafts {
    /// `None` while nobody is signed in: nothing is kept or offered.
    pub owner: Option<DraftOwner>,
    pub tab: String,
    pub store: Rc<dyn DraftStore>,
}

impl PartialEq for KeptDrafts {
    fn eq(&self, other: &Self) -> bool {
        self.owner == other.owner && self.tab == other.tab && Rc::ptr_eq(&self.store, &other.store)
    }
}

/// The owner of the drafts written now: the cloud, and the tenant and account signed in.
pub fn owner(config: &AppConfig, auth: &Auth) -> Option<DraftOwner> {
    let mut cloud = config.cloud;
    let (tenant, account) = match auth {
        Auth::Msal(source) => source.active_account().map(|a| {
            cloud = a.cloud;
            (a.tenant_id, a.home_account_id)
        })?,
        Auth::Pasted(source) if source.is_set() => {
            source.identity().unwrap_or_else(|| ("unknown-tenant".into(), "pasted-token".into()))
        }
        Auth::Pasted(_) => return None,
        Auth::Fixed(_) => ("local".into(), "development-token".into()),
    };
    Some(DraftOwner { cloud: cloud.as_str().into(), tenant, account })
}

/// The browser's `localStorage`, when there is one.
pub(crate) fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn keys(storage: &web_sys::Storage, prefix: &str) -> Vec<String> {
    (0..storage.length().unwrap_or(0))
        .filter_map(|i| storage.key(i).ok().flatten())
        .filter(|k| k.starts_with(prefix))
        .collect()
}

/// This tab's id: kept in `sessionStorage`, so it survives a reload of the same tab only.
pub fn tab_id() -> String {
    const KEY: &str = "office-policy-editor.tab";
    let session = web_sys::window().and_then(|w| w.session_storage().ok().flatten());
    if let Some(id) = session.as_ref().and_then(|s| s.get_item(KEY).ok().flatten()) {
        return id;
    }
    let id = crate::graph::new_client_request_id();
    if let Some(s) = session {
        let _ = s.set_item(KEY, &id);
    }
    id
}

/// This tab is open: other tabs leave its drafts alone.
pub fn heartbeat(tab: &str) {
    if let Some(s) = storage() {
        // Whole milliseconds: read back as an integer (no float parser in the first load).
        let _ = s.set_item(&format!("{ALIVE_PREFIX}{tab}"), &(js_sys::Date::now() as u64).to_string());
    }
}

/// This tab is closing: its drafts may be offered in other tabs.
pub fn farewell(tab: &str) {
    forget(&format!("{ALIVE_PREFIX}{tab}"));
}

/// The tabs open now; signs of life from tabs gone long ago are removed.
fn live_tabs() -> Vec<String> {
    let Some(storage) = storage() else { return Vec::new() };
    let now = js_sys::Date::now();
    let mut live = Vec::new();
    for key in keys(&storage, ALIVE_PREFIX) {
        let at = storage.get_item(&key).ok().flatten().and_then(|v| v.parse::<u64>().ok()).unwrap_or(0);
        if now - (at as f64) < ALIVE_MS {
            live.push(key[ALIVE_PREFIX.len()..].to_string());
        } else {
            let _ = storage.remove_item(&key);
        }
    }
    live
}

pub fn forget(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// How many configurations this owner has unsaved edits to.
pub fn count(owner: &DraftOwner) -> usize {
    let Some(storage) = storage() else { return 0 };
    keys(&storage, &owner.prefix())
        .iter()
        .filter(|k| {
            storage.get_item(k).ok().flatten().and_then(|v| SavedDraft::from_json(&v)).is_some_and(|d| d.has_edits())
        })
        .count()
}

/// Removes every draft of this owner (at sign-out).
pub fn forget_owner(owner: &DraftOwner) {
    if let Some(storage) = storage() {
        for key in keys(&storage, &owner.prefix()) {
            let _ = storage.remove_item(&key);
        }
    }
}

/// Removes the drafts of anyone kept more than 30 days ago; returns how many.
pub fn drop_expired() -> usize {
    let Some(storage) = storage() else { return 0 };
    let now = super::clock::now();
    let expired: Vec<String> = keys(&storage, DRAFT_PREFIX)
        .into_iter()
        .filter(|k| {
            storage
                .get_item(k)
                .ok()
                .flatten()
                .and_then(|v| SavedDraft::from_json(&v))
                .is_some_and(|d| d.is_expired(&now))
        })
        .collect();
    for key in &expired {
        let _ = storage.remove_item(key);
    }
    expired.len()
}
