//! The MSAL.js binding: one `extern` block over the shim; errors become typed `AuthError`s here,
//! by `errorCode` (MSAL 5 messages are links, not text for people).

use super::{AuthError, TokenSource};
use crate::core::rules::config::{AppConfig, AuthConfig, CacheLocation, Cloud, Interaction};
use crate::core::rules::signin::{account_cloud, msal_advice};
use async_trait::async_trait;
use std::cell::RefCell;
use std::collections::BTreeMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/auth/msal_shim.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = msalInit)]
    #[allow(clippy::too_many_arguments)]
    async fn msal_init(
        cloud: &str,
        client_id: &str,
        authority: &str,
        redirect_uri: &str,
        known_authority: &str,
        scope: &str,
        cache_location: &str,
        interaction: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalHandleRedirect)]
    async fn msal_handle_redirect() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalAccounts)]
    fn msal_accounts(cloud: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalActiveAccount)]
    fn msal_active_account(cloud: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSetActive)]
    fn msal_set_active(cloud: &str, home_account_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignIn)]
    async fn msal_sign_in(cloud: &str, choose_account: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignOut)]
    async fn msal_sign_out(cloud: &str, home_account_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalToken)]
    async fn msal_token(
        cloud: &str,
        force_refresh: bool,
        claims: Option<String>,
        account: &str,
    ) -> Result<JsValue, JsValue>;
}

/// A signed-in account, and the cloud it signed in to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsalAccount {
    pub name: String,
    pub username: String,
    pub tenant_id: String,
    pub home_account_id: String,
    pub cloud: Cloud,
}

impl MsalAccount {
    /// How the account is named in choices: with its cloud when several are configured.
    pub fn label(&self, with_cloud: bool) -> String {
        match with_cloud {
            true => format!("{} ({}) – {}", self.name, self.username, self.cloud.label()),
            false => format!("{} ({})", self.name, self.username),
        }
    }
}

fn string_prop(value: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn account(value: &JsValue, cloud: Cloud) -> Option<MsalAccount> {
    (!value.is_null() && !value.is_undefined()).then(|| MsalAccount {
        name: string_prop(value, "name"),
        username: string_prop(value, "username"),
        tenant_id: string_prop(value, "tenantId"),
        home_account_id: string_prop(value, "homeAccountId"),
        cloud,
    })
}

fn auth_error(error: JsValue) -> AuthError {
    let code = string_prop(&error, "errorCode");
    if code == "no_account" {
        return AuthError::NotSignedIn;
    }
    let message = string_prop(&error, "errorMessage") + &string_prop(&error, "message");
    let advice = msal_advice(&code, &message);
    AuthError::Msal { code: if code.is_empty() { "unknown".into() } else { code }, advice: advice.into() }
}

/// Which account is active, and which cloud each account signed in through: account ids and
/// cloud names (never a token), kept where MSAL keeps its cache, so they last exactly as long.
struct AccountBook {
    storage: Option<web_sys::Storage>,
    memory: RefCell<BTreeMap<String, String>>,
}

const ACTIVE_KEY: &str = "office-policy-editor:active-account";
/// This tab's own choice, in `sessionStorage` (one per tab, kept over a reload): another tab's
/// switch never moves it.
const TAB_ACTIVE_KEY: &str = "office-policy-editor:tab-active-account";

fn tab_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}
const CLOUDS_KEY: &str = "office-policy-editor:account-clouds";

impl AccountBook {
    fn new(location: CacheLocation) -> AccountBook {
        let window = web_sys::window();
        let storage = match location {
            CacheLocation::SessionStorage => window.and_then(|w| w.session_storage().ok().flatten()),
            CacheLocation::LocalStorage => window.and_then(|w| w.local_storage().ok().flatten()),
            CacheLocation::MemoryStorage => None,
        };
        AccountBook { storage, memory: RefCell::default() }
    }

    fn get(&self, key: &str) -> Option<String> {
        match &self.storage {
            Some(storage) => storage.get_item(key).ok().flatten(),
            None => self.memory.borrow().get(key).cloned(),
        }
    }

    fn set(&self, key: &str, value: &str) {
        match &self.storage {
            Some(storage) => drop(storage.set_item(key, value)),
            None => drop(self.memory.borrow_mut().insert(key.into(), value.into())),
        }
    }

    fn clouds(&self) -> BTreeMap<String, String> {
        self.get(CLOUDS_KEY).and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default()
    }

    fn record(&self, account: &MsalAccount) {
        let mut clouds = self.clouds();
        clouds.insert(account.home_account_id.clone(), account.cloud.as_str().into());
        self.set(CLOUDS_KEY, &serde_json::to_string(&clouds).unwrap_or_default());
        self.set(ACTIVE_KEY, &account.home_account_id);
    }

    fn forget(&self, account: &MsalAccount) {
        let mut clouds = self.clouds();
        clouds.remove(&account.home_account_id);
        self.set(CLOUDS_KEY, &serde_json::to_string(&clouds).unwrap_or_default());
    }
}

/// Tokens from MSAL: silent first, interactive only when MSAL says interaction is required. One
/// MSAL application per configured cloud; the active account may be in any of them.
///
/// The tab's active account is read once (this tab's own choice kept over a reload, else the last
/// choice of any tab, else MSAL's, else the first) and then changes only by this tab's choice:
/// another tab switching (MSAL's `localStorage` cache, our shared record) never moves it.
pub struct MsalTokenSource {
    clouds: Vec<Cloud>,
    book: AccountBook,
    active: RefCell<Option<String>>,
}

impl std::fmt::Debug for MsalTokenSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MsalTokenSource").field("clouds", &self.clouds).finish()
    }
}

impl MsalTokenSource {
    /// Creates and initializes each cloud's `PublicClientApplication`, and takes in the account
    /// a sign-in by redirect brought back.
    pub async fn initialize(config: &AppConfig, redirect_uri: &str) -> Result<MsalTokenSource, AuthError> {
        let AuthConfig::Msal(msal) = &config.auth else { return Err(AuthError::NotSignedIn) };
        let interaction = match msal.interaction {
            Interaction::Popup => "popup",
            Interaction::Redirect => "redirect",
        };
        for endpoint in &config.clouds {
            let authority = endpoint.authority.clone().unwrap_or_default();
            // The authority's host (with its port) is trusted as is: no instance discovery.
            let known = authority.split('/').nth(2).unwrap_or_default();
            msal_init(
                endpoint.cloud.as_str(),
                endpoint.client_id.as_deref().unwrap_or(&msal.client_id),
                &authority,
                redirect_uri,
                known,
                &endpoint.graph_scope(),
                msal.cache_location.as_str(),
                interaction,
            )
            .await
            .map_err(auth_error)?;
        }
        let source = MsalTokenSource {
            clouds: config.clouds.iter().map(|e| e.cloud).collect(),
            book: AccountBook::new(msal.cache_location),
            active: RefCell::new(tab_storage().and_then(|s| s.get_item(TAB_ACTIVE_KEY).ok().flatten())),
        };
        let back = msal_handle_redirect().await.map_err(auth_error)?;
        let cloud = Cloud::parse(&string_prop(&back, "cloud"));
        if let Some(signed_in) = cloud.and_then(|c| account(&js_sys::Reflect::get(&back, &"account".into()).ok()?, c)) {
            source.book.record(&signed_in);
            source.choose(&signed_in.home_account_id);
        }
        Ok(source)
    }

    /// This tab's active account is now `home_account_id` (and a new tab starts with it).
    fn choose(&self, home_account_id: &str) {
        *self.active.borrow_mut() = Some(home_account_id.to_string());
        self.book.set(ACTIVE_KEY, home_account_id);
        if let Some(storage) = tab_storage() {
            let _ = storage.set_item(TAB_ACTIVE_KEY, home_account_id);
        }
    }

    /// The clouds admins may sign in to, main one first.
    pub fn clouds(&self) -> &[Cloud] {
        &self.clouds
    }

    /// This tab's account: chosen once, then only by this tab (see the type). `None` when it
    /// was signed out (in this tab or another): the tab never moves to another account by itself.
    pub fn active_account(&self) -> Option<MsalAccount> {
        let accounts = self.accounts();
        let chosen = self.active.borrow().clone();
        if let Some(chosen) = chosen {
            return accounts.into_iter().find(|a| a.home_account_id == chosen);
        }
        let last = self.book.get(ACTIVE_KEY);
        let msal_active =
            || self.clouds.iter().find_map(|c| msal_active_account(c.as_str()).ok().and_then(|v| account(&v, *c)));
        let pick = accounts
            .iter()
            .find(|a| Some(&a.home_account_id) == last.as_ref())
            .cloned()
            .or_else(|| {
                msal_active().and_then(|m| accounts.iter().find(|a| a.home_account_id == m.home_account_id).cloned())
            })
            .or_else(|| accounts.first().cloned())?;
        self.choose(&pick.home_account_id);
        Some(pick)
    }

    /// Every account signed in to this app in this browser, each once, with its cloud.
    pub fn accounts(&self) -> Vec<MsalAccount> {
        let recorded = self.book.clouds();
        let mut seen: Vec<(MsalAccount, Vec<Cloud>)> = Vec::new();
        for cloud in &self.clouds {
            let Ok(list) = msal_accounts(cloud.as_str()) else { continue };
            for found in js_sys::Array::from(&list).iter().filter_map(|v| account(&v, *cloud)) {
                match seen.iter_mut().find(|(a, _)| a.home_account_id == found.home_account_id) {
                    Some((_, listed_by)) => listed_by.push(*cloud),
                    None => seen.push((found, vec![*cloud])),
                }
            }
        }
        seen.into_iter()
            .filter_map(|(mut a, listed_by)| {
                let recorded = recorded.get(&a.home_account_id).and_then(|c| Cloud::parse(c));
                a.cloud = account_cloud(&listed_by, recorded)?;
                Some(a)
            })
            .collect()
    }

    /// Makes a signed-in account the active one.
    pub fn set_active(&self, home_account_id: &str) {
        if let Some(found) = self.accounts().into_iter().find(|a| a.home_account_id == home_account_id) {
            let _ = msal_set_active(found.cloud.as_str(), &found.home_account_id);
            self.choose(&found.home_account_id);
        }
    }

    /// Signs in to `cloud` (popup, or redirect); `None` when the page is redirecting to sign in.
    pub async fn sign_in(&self, cloud: Cloud, choose_account: bool) -> Result<Option<MsalAccount>, AuthError> {
        let signed_in = account(&msal_sign_in(cloud.as_str(), choose_account).await.map_err(auth_error)?, cloud);
        if let Some(signed_in) = &signed_in {
            self.book.record(signed_in);
            self.choose(&signed_in.home_account_id);
        }
        Ok(signed_in)
    }

    /// Signs this app out of the active account; returns the account now active, if any.
    pub async fn sign_out(&self) -> Result<Option<MsalAccount>, AuthError> {
        if let Some(active) = self.active_account() {
            msal_sign_out(active.cloud.as_str(), &active.home_account_id).await.map_err(auth_error)?;
            self.book.forget(&active);
        }
        let next = self.accounts().into_iter().next();
        match &next {
            Some(next) => self.set_active(&next.home_account_id),
            None => *self.active.borrow_mut() = None,
        }
        Ok(next)
    }

    async fn token_for(&self, force: bool, claims: Option<String>) -> Result<String, AuthError> {
        self.bound().ok_or(AuthError::NotSignedIn)?.get(force, claims).await
    }

    /// Tokens for this tab's account as it is now, for a Graph client's whole life: a switch
    /// made later never reaches the requests of a client made before it.
    pub fn bound(&self) -> Option<AccountTokens> {
        self.active_account().map(|a| AccountTokens { home_account_id: a.home_account_id, cloud: a.cloud })
    }
}

#[async_trait(?Send)]
impl TokenSource for MsalTokenSource {
    async fn token(&self) -> Result<String, AuthError> {
        self.token_for(false, None).await
    }

    async fn refresh(&self, claims: Option<String>) -> Result<String, AuthError> {
        self.token_for(true, claims).await
    }
}

/// Tokens for one signed-in account that need not be the active one: another tenant, read
/// without switching to it.
pub struct AccountTokens {
    pub home_account_id: String,
    pub cloud: Cloud,
}

impl AccountTokens {
    async fn get(&self, force: bool, claims: Option<String>) -> Result<String, AuthError> {
        let token = msal_token(self.cloud.as_str(), force, claims, &self.home_account_id).await.map_err(auth_error)?;
        token.as_string().ok_or(AuthError::NotSignedIn)
    }
}

#[async_trait(?Send)]
impl TokenSource for AccountTokens {
    async fn token(&self) -> Result<String, AuthError> {
        self.get(false, None).await
    }

    async fn refresh(&self, claims: Option<String>) -> Result<String, AuthError> {
        self.get(true, claims).await
    }
}
