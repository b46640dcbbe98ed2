//! The MSAL token source (`src/auth/msal.rs`, over its one shim) in headless Chrome, over a
//! fake `msal` global: when a redirect to sign in fails to start, the page stays, and so must
//! the "leave the page?" question about unsaved edits; a sign-in by redirect comes back to the
//! cloud that started it.

#![cfg(target_arch = "wasm32")]

use office_policy_editor::auth::{AuthError, MsalTokenSource};
use office_policy_editor::core::rules::config::{self, Cloud};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A stand-in for @azure/msal-browser whose popups are blocked and whose redirect either
/// starts (resolves) or fails to start (rejects).
fn fake_msal(redirect_starts: bool) {
    let script = format!(
        "window.__msalRedirecting = undefined;
         window.__accounts = {{}};
         window.msal = {{
           InteractionRequiredAuthError: class extends Error {{}},
           PublicClientApplication: class {{
             constructor(config) {{ this.config = config; }}
             async initialize() {{}}
             // The page's one redirect answer goes to whichever application asks first.
             async handleRedirectPromise() {{
               const back = window.__redirectAnswer;
               window.__redirectAnswer = null;
               if (!back) return null;
               const account = {{ ...back, name: this.config.auth.clientId }};
               (window.__accounts[this.config.auth.clientId] ||= []).push(account);
               return {{ account }};
             }}
             getActiveAccount() {{ return null; }}
             getAllAccounts() {{ return window.__accounts[this.config.auth.clientId] || []; }}
             setActiveAccount() {{}}
             async loginPopup() {{ throw {{ errorCode: 'popup_window_error' }}; }}
             async loginRedirect() {{ if (!{redirect_starts}) throw {{ errorCode: 'redirect_in_iframe' }}; }}
           }}
         }};"
    );
    js_sys::Function::new_no_args(&script).call0(&JsValue::NULL).unwrap();
}

fn redirecting() -> JsValue {
    js_sys::Reflect::get(&web_sys::window().unwrap(), &"__msalRedirecting".into()).unwrap()
}

/// The token source as the app starts it, for a deployment with the global cloud and US
/// Government (each with its own app registration).
async fn start() -> MsalTokenSource {
    let config = config::parse(
        r#"{"cloud": "global",
            "clouds": ["global", {"cloud": "usgov", "clientId": "usgov-client"}],
            "auth": {"mode": "msal", "clientId": "global-client", "cacheLocation": "sessionStorage"}}"#,
    )
    .expect("a valid config");
    MsalTokenSource::initialize(&config, "https://app.test/redirect.html").await.expect("MSAL starts")
}

#[wasm_bindgen_test]
async fn a_redirect_that_fails_to_start_brings_the_leave_page_question_back() {
    fake_msal(false);
    let source = start().await;
    let error = source.sign_in(Cloud::Global, false).await.unwrap_err();
    assert!(matches!(&error, AuthError::Msal { code, .. } if code == "redirect_in_iframe"), "{error:?}");
    assert_eq!(redirecting(), JsValue::FALSE, "the page stays: leaving must be asked about again");
}

#[wasm_bindgen_test]
async fn a_redirect_that_starts_leaves_without_asking() {
    fake_msal(true);
    let source = start().await;
    assert_eq!(source.sign_in(Cloud::Global, false).await.unwrap(), None, "the page is leaving");
    assert_eq!(redirecting(), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn a_sign_in_by_redirect_comes_back_to_the_cloud_that_started_it() {
    fake_msal(true);
    let source = start().await;
    assert_eq!(source.sign_in(Cloud::UsGov, false).await.unwrap(), None, "the page is leaving");
    // The page comes back with the authority's answer, and the app starts again.
    let answer = js_sys::JSON::parse(r#"{"username":"diego@contoso.onmicrosoft.us","homeAccountId":"d.t"}"#).unwrap();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__redirectAnswer".into(), &answer).unwrap();
    let back = start().await;
    let account = back.active_account().expect("the account the redirect brought back");
    assert_eq!(account.cloud, Cloud::UsGov, "not the main cloud, which initialized first");
    assert_eq!(account.name, "usgov-client", "answered by US Government's application");
    assert_eq!(account.username, "diego@contoso.onmicrosoft.us");
    assert_eq!(start().await.accounts().len(), 1, "the answer is taken once");
}
