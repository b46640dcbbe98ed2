//! The MSAL.js binding: one `extern` block over the shim, errors typed by `errorCode` here.

use super::{AuthError, TokenSource};
use async_trait::async_trait;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(module = "/src/auth/msal_shim.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = msalInit)]
    async fn msal_init(
        client_id: &str,
        authority: &str,
        redirect_uri: &str,
        known_authority: &str,
        scope: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignIn)]
    async fn msal_sign_in() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignOut)]
    async fn msal_sign_out() -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalToken)]
    async fn msal_token() -> Result<JsValue, JsValue>;
}

/// Who is signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsalAccount {
    pub name: String,
    pub username: String,
    pub tenant_id: String,
}

fn string_prop(value: &JsValue, key: &str) -> String {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).ok().and_then(|v| v.as_string()).unwrap_or_default()
}

fn account(value: JsValue) -> Option<MsalAccount> {
    (!value.is_null() && !value.is_undefined()).then(|| MsalAccount {
        name: string_prop(&value, "name"),
        username: string_prop(&value, "username"),
        tenant_id: string_prop(&value, "tenantId"),
    })
}

/// Turns an MSAL error into what the admin should do, by `errorCode` (v5 messages are links).
fn auth_error(error: JsValue) -> AuthError {
    let code = string_prop(&error, "errorCode");
    if code == "no_account" {
        return AuthError::NotSignedIn;
    }
    let advice = match code.as_str() {
        "popup_window_error" | "empty_window_error" => {
            "The sign-in popup was blocked. Allow popups for this site and try again."
        }
        "user_cancelled" => "Sign-in was cancelled. Click Sign in to try again.",
        "interaction_in_progress" => "A sign-in is already in progress; finish it in the other window.",
        "consent_required" | "interaction_required" | "invalid_grant" => {
            "This app needs consent for DeviceManagementConfiguration.ReadWrite.All. Ask an administrator to grant it."
        }
        "msal_not_loaded" => {
            "The sign-in library did not load. Reload the page; check that msal-browser.min.js is deployed."
        }
        "endpoints_resolution_error" | "no_network_connectivity" => {
            "The sign-in service could not be reached. Check the network and the authority in config.json."
        }
        "timed_out" | "redirect_bridge_timeout" => {
            "Sign-in timed out. Check that redirect.html is deployed and registered as a redirect URI."
        }
        _ => "Sign-in failed. Try again, or sign out and in.",
    };
    AuthError::Msal { code: if code.is_empty() { "unknown".into() } else { code }, advice: advice.into() }
}

/// Tokens from MSAL: silent first, interactive on `InteractionRequiredAuthError`.
#[derive(Debug, Default)]
pub struct MsalTokenSource {
    account: RefCell<Option<MsalAccount>>,
}

impl MsalTokenSource {
    /// Creates the one `PublicClientApplication`, initializes it and handles a redirect result.
    pub async fn initialize(
        client_id: &str,
        authority: &str,
        redirect_uri: &str,
        scope: &str,
    ) -> Result<MsalTokenSource, AuthError> {
        let known = authority.split('/').nth(2).unwrap_or_default();
        let value = msal_init(client_id, authority, redirect_uri, known, scope).await.map_err(auth_error)?;
        Ok(MsalTokenSource { account: RefCell::new(account(value)) })
    }

    pub fn account(&self) -> Option<MsalAccount> {
        self.account.borrow().clone()
    }

    pub async fn sign_in(&self) -> Result<MsalAccount, AuthError> {
        let signed_in = account(msal_sign_in().await.map_err(auth_error)?).ok_or(AuthError::NotSignedIn)?;
        *self.account.borrow_mut() = Some(signed_in.clone());
        Ok(signed_in)
    }

    pub async fn sign_out(&self) -> Result<(), AuthError> {
        msal_sign_out().await.map_err(auth_error)?;
        self.account.borrow_mut().take();
        Ok(())
    }
}

#[async_trait(?Send)]
impl TokenSource for MsalTokenSource {
    async fn token(&self) -> Result<String, AuthError> {
        msal_token().await.map_err(auth_error)?.as_string().ok_or(AuthError::NotSignedIn)
    }
}
