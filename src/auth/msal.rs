//! The MSAL.js binding: one `extern` block over the shim; errors become typed `AuthError`s here,
//! by `errorCode` (MSAL 5 messages are links, not text for people).

use super::{AuthError, TokenSource};
use crate::core::config::{AppConfig, AuthConfig, Interaction};
use crate::core::signin::msal_advice;
use async_trait::async_trait;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/auth/msal_shim.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = msalInit)]
    #[allow(clippy::too_many_arguments)]
    async fn msal_init(
        client_id: &str,
        authority: &str,
        redirect_uri: &str,
        known_authority: &str,
        scope: &str,
        cache_location: &str,
        interaction: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalAccounts)]
    fn msal_accounts() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalActiveAccount)]
    fn msal_active_account() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSetActive)]
    fn msal_set_active(home_account_id: &str) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignIn)]
    async fn msal_sign_in(choose_account: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignOut)]
    async fn msal_sign_out() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalToken)]
    async fn msal_token(
        force_refresh: bool,
        claims: Option<String>,
        account: Option<String>,
    ) -> Result<JsValue, JsValue>;
}

/// A signed-in account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsalAccount {
    pub name: String,
    pub username: String,
    pub tenant_id: String,
    pub home_account_id: String,
}

fn string_prop(value: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn account(value: &JsValue) -> Option<MsalAccount> {
    (!value.is_null() && !value.is_undefined()).then(|| MsalAccount {
        name: string_prop(value, "name"),
        username: string_prop(value, "username"),
        tenant_id: string_prop(value, "tenantId"),
        home_account_id: string_prop(value, "homeAccountId"),
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

/// Tokens from MSAL: silent first, interactive only when MSAL says interaction is required.
#[derive(Debug, Default)]
pub struct MsalTokenSource;

impl MsalTokenSource {
    /// Creates the one `PublicClientApplication`, initializes it and handles a redirect result.
    pub async fn initialize(config: &AppConfig, redirect_uri: &str) -> Result<MsalTokenSource, AuthError> {
        let AuthConfig::Msal(msal) = &config.auth else { return Err(AuthError::NotSignedIn) };
        let authority = config.authority().unwrap_or_default();
        // The authority's host (with its port) is trusted as is: no instance discovery.
        let known = authority.split('/').nth(2).unwrap_or_default();
        let interaction = match msal.interaction {
            Interaction::Popup => "popup",
            Interaction::Redirect => "redirect",
        };
        msal_init(
            &msal.client_id,
            &authority,
            redirect_uri,
            known,
            &config.graph_scope(),
            msal.cache_location.as_str(),
            interaction,
        )
        .await
        .map_err(auth_error)?;
        Ok(MsalTokenSource)
    }

    /// The account Graph calls use.
    pub fn active_account(&self) -> Option<MsalAccount> {
        msal_active_account().ok().as_ref().and_then(account)
    }

    /// Every account signed in to this app in this browser.
    pub fn accounts(&self) -> Vec<MsalAccount> {
        let Ok(list) = msal_accounts() else { return Vec::new() };
        js_sys::Array::from(&list).iter().filter_map(|v| account(&v)).collect()
    }

    pub fn set_active(&self, home_account_id: &str) {
        let _ = msal_set_active(home_account_id);
    }

    /// Signs in (popup, or redirect); `None` when the page is redirecting to sign in.
    pub async fn sign_in(&self, choose_account: bool) -> Result<Option<MsalAccount>, AuthError> {
        Ok(account(&msal_sign_in(choose_account).await.map_err(auth_error)?))
    }

    /// Signs this app out of the active account; returns the account now active, if any.
    pub async fn sign_out(&self) -> Result<Option<MsalAccount>, AuthError> {
        Ok(account(&msal_sign_out().await.map_err(auth_error)?))
    }
}

#[async_trait(?Send)]
impl TokenSource for MsalTokenSource {
    async fn token(&self) -> Result<String, AuthError> {
        msal_token(false, None, None).await.map_err(auth_error)?.as_string().ok_or(AuthError::NotSignedIn)
    }

    async fn refresh(&self, claims: Option<String>) -> Result<String, AuthError> {
        msal_token(true, claims, None).await.map_err(auth_error)?.as_string().ok_or(AuthError::NotSignedIn)
    }
}

/// Tokens for one signed-in account that need not be the active one: another tenant, read
/// without switching to it.
pub struct AccountTokens {
    pub home_account_id: String,
}

#[async_trait(?Send)]
impl TokenSource for AccountTokens {
    async fn token(&self) -> Result<String, AuthError> {
        let account = Some(self.home_account_id.clone());
        msal_token(false, None, account).await.map_err(auth_error)?.as_string().ok_or(AuthError::NotSignedIn)
    }

    async fn refresh(&self, claims: Option<String>) -> Result<String, AuthError> {
        let account = Some(self.home_account_id.clone());
        msal_token(true, claims, account).await.map_err(auth_error)?.as_string().ok_or(AuthError::NotSignedIn)
    }
}
