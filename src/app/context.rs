//! What the pages share, above any one of them: the routes, the sign-in session counter, the
//! token source as a prop, the signed-in tenants, and window event listeners. Pages use this;
//! it uses no page.

use crate::auth::Auth;
use crate::core::rules::config::AppConfig;
use crate::graph::{FetchTransport, GraphClient};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The hash routes: `#/configurations` and `#/configurations/{id}`.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/configurations")]
    List,
    #[at("/configurations/:id")]
    Editor { id: String },
    #[at("/effective")]
    Effective,
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

/// Bumped when the admin signs in or sets a token, so pages read Graph again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthSession(pub u32);

/// `Auth` in props: equal when it is the same source.
#[derive(Clone)]
pub struct AuthProp(pub Auth);

impl PartialEq for AuthProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0.source(), &other.0.source())
    }
}

/// Adds a window event listener for as long as the returned guard is not called.
pub(crate) fn listen<E: wasm_bindgen::JsCast + 'static>(
    kind: &'static str,
    handler: impl Fn(E) + 'static,
) -> impl FnOnce() {
    use wasm_bindgen::JsCast;
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        handler(e.unchecked_into())
    });
    let window = web_sys::window().expect("a window");
    let _ = window.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    move || {
        let _ = window.remove_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    }
}

/// A file to import once the list of another tenant is read: copying a configuration to another
/// signed-in tenant switches to it, then imports (with the dry run) there.
#[derive(Clone, Default)]
pub struct PendingImport(Rc<std::cell::RefCell<Option<(String, String)>>>);

impl PartialEq for PendingImport {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl PendingImport {
    pub fn take(&self) -> Option<(String, String)> {
        self.0.borrow_mut().take()
    }
}

/// The signed-in tenants (MSAL accounts) for pages that work across them.
#[derive(Clone, PartialEq)]
pub struct Tenants {
    auth: AuthProp,
    config: Rc<AppConfig>,
    on_session: Callback<()>,
    pub pending: PendingImport,
}

impl Tenants {
    pub fn new(auth: AuthProp, config: Rc<AppConfig>, on_session: Callback<()>, pending: PendingImport) -> Tenants {
        Tenants { auth, config, on_session, pending }
    }

    /// The signed-in accounts other than the active one (MSAL only).
    pub fn others(&self) -> Vec<crate::auth::MsalAccount> {
        let crate::auth::Auth::Msal(source) = &self.auth.0 else { return Vec::new() };
        let active = source.active_account().map(|a| a.home_account_id).unwrap_or_default();
        source.accounts().into_iter().filter(|a| a.home_account_id != active).collect()
    }

    /// Whether accounts may be in different clouds (then their cloud is named with them).
    pub fn several_clouds(&self) -> bool {
        self.config.clouds.len() > 1
    }

    /// Graph as another signed-in account sees it (in its own cloud), without switching to it.
    pub fn graph_for(&self, account: &str) -> Rc<dyn crate::graph::GraphApi> {
        let cloud =
            self.others().into_iter().find(|a| a.home_account_id == account).map_or(self.config.cloud, |a| a.cloud);
        let transport = Rc::new(FetchTransport { timeout: self.config.network.timeout });
        let tokens = Rc::new(crate::auth::AccountTokens { home_account_id: account.to_string(), cloud });
        Rc::new(GraphClient::new(self.config.endpoint(cloud).graph_base_url.clone(), tokens, transport))
    }

    /// Makes `account` the active one (every page then reads its tenant) and leaves `file` to
    /// be imported there.
    pub fn switch_and_import(&self, account: &str, file: (String, String)) {
        if let crate::auth::Auth::Msal(source) = &self.auth.0 {
            *self.pending.0.borrow_mut() = Some(file);
            source.set_active(account);
            self.on_session.emit(());
        }
    }
}
