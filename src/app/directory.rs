//! The directory for every page: group names read once per tab and session (batched), group
//! and user search and a user's groups, through `GraphApi`. `core::wire::directory::Names` keeps what
//! is known and whether the tenant consented; pages read it through the `DirectoryHandle`
//! context, which changes (and so re-renders them) when names arrive or consent is refused.

use crate::core::wire::directory::{Consent, DirectoryObject, Lookup, Names};
use crate::core::wire::response::GraphError;
use crate::graph::GraphApi;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use yew::prelude::*;

struct Inner {
    api: Rc<dyn GraphApi>,
    names: RefCell<Names>,
    changed: Callback<()>,
}

/// The directory as shared through context.
#[derive(Clone)]
pub struct DirectoryHandle {
    inner: Rc<Inner>,
    /// Bumped when something was learnt, so readers re-render.
    pub version: u64,
}

impl PartialEq for DirectoryHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner) && self.version == other.version
    }
}

/// Whether a failure means the tenant has not granted directory reads.
fn denied(e: &GraphError) -> bool {
    e.status() == Some(403)
}

impl DirectoryHandle {
    pub fn new(api: Rc<dyn GraphApi>, changed: Callback<()>) -> DirectoryHandle {
        DirectoryHandle { inner: Rc::new(Inner { api, names: RefCell::default(), changed }), version: 0 }
    }

    /// The same directory, marked as changed.
    pub fn bumped(&self, version: u64) -> DirectoryHandle {
        DirectoryHandle { inner: self.inner.clone(), version }
    }

    /// Reads the names of those of `ids` not known yet.
    pub fn want<'a>(&self, ids: impl IntoIterator<Item = &'a str>) {
        let asked = self.inner.names.borrow_mut().to_read(ids);
        if asked.is_empty() {
            return;
        }
        let inner = self.inner.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let result = inner.api.group_names(&asked).await.map_err(|e| e.status().unwrap_or(0));
            inner.names.borrow_mut().record(&asked, result);
            inner.changed.emit(());
        });
    }

    pub fn name(&self, id: &str) -> Option<Lookup> {
        self.inner.names.borrow().get(id).cloned()
    }

    pub fn consent(&self) -> Consent {
        self.inner.names.borrow().consent
    }

    /// Every name known, by lower-case id.
    pub fn names(&self) -> HashMap<String, String> {
        self.inner.names.borrow().all()
    }

    /// Learns from a directory answer; a `403` is remembered as no consent.
    fn learn(&self, result: &Result<Vec<DirectoryObject>, GraphError>) {
        let mut names = self.inner.names.borrow_mut();
        match result {
            Ok(found) => names.learn(found),
            Err(e) if denied(e) => names.consent = Consent::Denied,
            Err(_) => return,
        }
        drop(names);
        self.inner.changed.emit(());
    }

    pub async fn search_groups(&self, text: &str) -> Result<Vec<DirectoryObject>, GraphError> {
        let result = self.inner.api.search_groups(text).await;
        self.learn(&result);
        result
    }

    pub async fn search_users(&self, text: &str) -> Result<Vec<DirectoryObject>, GraphError> {
        let result = self.inner.api.search_users(text).await;
        if let Err(e) = &result {
            if denied(e) {
                self.learn(&result);
            }
        }
        result
    }

    pub async fn user_groups(&self, user: &str) -> Result<Vec<DirectoryObject>, GraphError> {
        let result = self.inner.api.user_groups(user).await;
        self.learn(&result);
        result
    }
}

/// The directory of this page.
#[hook]
pub fn use_directory() -> DirectoryHandle {
    use_context::<DirectoryHandle>().expect("pages need a DirectoryHandle context")
}
