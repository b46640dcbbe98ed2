//! The MSAL shim in headless Chrome over a fake `msal` global: when a redirect to sign in fails
//! to start, the page stays, and so must the "leave the page?" question about unsaved edits; a
//! sign-in by redirect comes back to the cloud that started it.

#![cfg(target_arch = "wasm32")]

use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(module = "/src/auth/msal_shim.js")]
extern "C" {
    #[wasm_bindgen(catch, js_name = msalInit)]
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
    #[wasm_bindgen(catch, js_name = msalSignIn)]
    async fn msal_sign_in(cloud: &str, choose_account: bool) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(catch, js_name = msalHandleRedirect)]
    async fn msal_handle_redirect() -> Result<JsValue, JsValue>;
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
             // The page's one redirect answer goes to whichever application asks first.
             async handleRedirectPromise() {{
               const back = window.__redirectAnswer;
               window.__redirectAnswer = null;
               return back ? {{ account: {{ ...back, name: this.config.auth.clientId }} }} : null;
             }}
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
    init_cloud("global").await;
}

async fn init_cloud(cloud: &str) {
    msal_init(
        cloud,
        &format!("{cloud}-client"),
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
    let error = msal_sign_in("global", false).await.unwrap_err();
    assert_eq!(js_sys::Reflect::get(&error, &"errorCode".into()).unwrap(), "redirect_in_iframe");
    assert_eq!(redirecting(), JsValue::FALSE, "the page stays: leaving must be asked about again");
}

#[wasm_bindgen_test]
async fn a_redirect_that_starts_leaves_without_asking() {
    fake_msal(true);
    init().await;
    assert!(msal_sign_in("global", false).await.unwrap().is_null(), "the page is leaving");
    assert_eq!(redirecting(), JsValue::TRUE);
}

#[wasm_bindgen_test]
async fn a_sign_in_by_redirect_comes_back_to_the_cloud_that_started_it() {
    fake_msal(true);
    init_cloud("global").await;
    init_cloud("usgov").await;
    assert!(msal_sign_in("usgov", false).await.unwrap().is_null(), "the page is leaving");
    // The page comes back with the authority's answer.
    let answer = js_sys::JSON::parse(r#"{"username":"diego@contoso.onmicrosoft.us","homeAccountId":"d.t"}"#).unwrap();
    js_sys::Reflect::set(&web_sys::window().unwrap(), &"__redirectAnswer".into(), &answer).unwrap();
    let back = msal_handle_redirect().await.unwrap();
    let field = |v: &JsValue, k: &str| js_sys::Reflect::get(v, &k.into()).unwrap();
    assert_eq!(field(&back, "cloud"), "usgov", "not the main cloud, which initialized first");
    assert_eq!(field(&field(&back, "account"), "name"), "usgov-client");
    assert!(msal_handle_redirect().await.unwrap().is_null(), "answered once");
}
