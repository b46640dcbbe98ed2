//! The MSAL shim in headless Chrome over a fake `msal` global: when a redirect to sign in fails
//! to start, the page stays, and so must the "leave the page?" question about unsaved edits.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/src/auth/msal_shim.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = msalInit)]
    async fn msal_init(
        client_id: &str,
        authority: &str,
        redirect_uri: &str,
        known_authority: &str,
        scope: &str,
        cache_location: &str,
        interaction: &str,
    ) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalSignIn)]
    async fn msal_sign_in(choose_account: bool) -> Result<JsValue, JsValue>;
}

/// A stand-in for @azure/msal-browser whose popups are blocked and whose redirect either
/// starts (resolves) or fails to start (rejects).
fn fake_msal(redirect_starts: bool) {
    let script = format!(
        "window.__msalRedirecting = undefined;
         window.msal = {{
           InteractionRequiredAuthError: class extends Error {{}},
           PublicClientApplication: class {{
             constructor(config) {{ this.config = config; }}
             async initialize() {{}}
             async handleRedirectPromise() {{ return null; }}
             getActiveAccount() {{ return null; }}
             getAllAccounts() {{ return []; }}
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

async fn init() {
    msal_init(
        "client",
        "https://login.test/t",
        "https://app.test/redirect.html",
        "login.test",
        "scope",
        "sessionStorage",
        "popup",
    )
    .await
    .unwrap();
}

#[wasm_bindgen_test]
async fn a_redirect_that_fails_to_start_brings_the_leave_page_question_back() {
    fake_msal(false);
    init().await;
    let error = msal_sign_in(false).await.unwrap_err();
    assert_eq!(js_sys::Reflect::get(&error, &"errorCode".into()).unwrap(), "redirect_in_iframe");
    assert_eq!(redirecting(), JsValue::FALSE, "the page stays: leaving must be asked about again");
}

#[wasm_bindgen_test]
async fn a_redirect_that_starts_leaves_without_asking() {
    fake_msal(true);
    init().await;
    assert!(msal_sign_in(false).await.unwrap().is_null(), "the page is leaving");
    assert_eq!(redirecting(), JsValue::TRUE);
}
