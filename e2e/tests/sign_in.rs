//! Sign-in with MSAL 5 in the built site, against the local fake Entra ID authority (TLS) and the
//! Graph emulator that accepts exactly that authority's tokens. No request leaves the machine.

use e2e::Site;
use graph_emulator::authority::{Authority, AuthorityOptions, User, READ_SCOPE};
use graph_emulator::{seed, token_fingerprint, Emulator, Options};
use serde_json::json;
use std::time::Duration;

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

/// A site whose config.json signs in with MSAL against a fresh fake authority.
async fn site(authority: AuthorityOptions, interaction: &str, chrome_args: &[&str]) -> (Site, Authority) {
    let authority = Authority::new(authority);
    authority.clone().serve_tls("127.0.0.1:0".parse().unwrap()).await.unwrap();
    // Graph is the emulator itself, whose port is known once it runs: config.json is set then.
    let options = Options { authority: Some(authority.clone()), ..Options::default() };
    let site = Site::start_with(options, chrome_args).await;
    // The app registration's one redirect URI: the bridge page beside index.html.
    authority.allow_redirect_uri(&format!("{}/redirect.html", site.url));
    let config = json!({
        "cloud": "global",
        "graphBaseUrl": format!("{}/beta", site.url),
        "auth": { "mode": "msal", "clientId": "00000000-0000-0000-0000-0000000000e2",
                  "authority": authority.authority_url("organizations"), "interaction": interaction }
    });
    site.configure(config);
    (site, authority)
}

/// The bearer tokens Graph received, as the journal shows them (fingerprints, never tokens).
fn bearer_tokens(site: &Site) -> Vec<String> {
    site.emulator
        .journal()
        .iter()
        .filter(|e| e.path.starts_with("/beta/"))
        .filter_map(|e| {
            e.headers.get("authorization").and_then(|v| v.as_str()).map(|v| v.trim_start_matches("Bearer ").to_string())
        })
        .collect()
}

/// A blocked popup, as the page sees it: `window.open` gives nothing back.
async fn block_popups(site: &Site) {
    site.wait_for("[data-action=sign-in], [data-action=add-account]").await;
    site.eval("window.open = () => null; return null;").await;
}

/// Picks the signed-in account whose name starts with `name` in the header.
async fn switch_account(site: &Site, name: &str) {
    site.eval(&format!(
        "const s = document.querySelector('#account'); \
         s.value = Array.from(s.options).find(o => o.textContent.startsWith('{name}')).value; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }})); return null;"
    ))
    .await;
}

async fn sign_in_and_see_the_list(site: &Site) {
    site.open("#/configurations").await;
    site.see_text("Sign in (top right)").await;
    site.click("[data-action=sign-in]").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn popup_sign_in_then_edit_and_save_with_the_token_the_authority_issued() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    site.see_text("Megan Bowen (megan@contoso.onmicrosoft.com)").await;
    site.see_text("tenant 9188040d-6c67-4c5b-b112-36a304b66dad").await;
    site.see_text("Tenant: contoso.onmicrosoft.com").await;
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.type_into("description", "Signed in with MSAL").await;
    site.save().await.assert_saved();
    site.see_text("Saved: description.").await;
    let patch = site.sent("PATCH").pop().expect("a PATCH");
    let seen = patch.headers["authorization"].as_str().unwrap().trim_start_matches("Bearer ").to_string();
    let issued: Vec<String> = authority.issued_tokens().iter().map(|t| token_fingerprint(t)).collect();
    assert!(issued.contains(&seen), "Graph saw exactly a token the authority issued");
    let grants: Vec<String> = authority.token_requests().iter().map(|r| r.grant_type.clone()).collect();
    assert_eq!(grants, ["authorization_code"], "one sign-in, then tokens from the cache");
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn redirect_sign_in_by_setting() {
    let (site, authority) = site(AuthorityOptions::default(), "redirect", &[]).await;
    sign_in_and_see_the_list(&site).await;
    assert_eq!(authority.authorize_requests(), 1);
    assert!(
        site.browser.current_url().await.unwrap().as_str().ends_with("#/configurations"),
        "back where sign-in started"
    );
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_blocked_popup_falls_back_to_a_redirect_and_edits_survive_it() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    block_popups(&site).await;
    site.click("[data-action=sign-in]").await;
    site.control("displayName").await;
    assert_eq!(authority.authorize_requests(), 1, "signed in by redirect");
    site.type_into("displayName", "Edited before a redirect").await;
    site.type_into("policyPayload", r#"{"edited": "before the redirect"}"#).await;
    site.edit_checkins().await;
    site.type_into("checkinStatuses.1.errorMessage", "kept").await;
    site.wait_for_kept("Edited before a redirect").await;
    let before = site.form_values().await;
    // Add a second account: the popup is blocked again, so the page leaves for the authority.
    authority.choose_user(1);
    block_popups(&site).await;
    site.click("[data-action=add-account]").await;
    site.wait_for("#account").await;
    assert_eq!(authority.authorize_requests(), 2);
    // Back as Lee, the new account: Megan's kept edits are hers alone.
    site.eventually("Lee's name in the account picker", || async {
        site.eval("return document.querySelector('#account option:checked').textContent;").await
            == json!("Lee Gu (lee@contoso.onmicrosoft.com)")
    })
    .await;
    site.control("displayName").await;
    // This browser's kept drafts were looked through for Lee: none is offered.
    site.wait_for("form.editor[data-kept-drafts=looked]").await;
    assert!(!site.text().await.contains("You have unsaved edits"), "another account never sees them");
    // Megan again: her edits are offered back.
    switch_account(&site, "Megan").await;
    site.see_text("You have unsaved edits to this configuration").await;
    site.click("[data-action=restore]").await;
    site.wait_for_value("displayName", "Edited before a redirect").await;
    assert_eq!(site.form_values().await, before, "the identical draft");
    // Both accounts can be picked.
    let options =
        site.eval("return Array.from(document.querySelectorAll('#account option')).map(o => o.textContent);").await;
    assert_eq!(options, json!(["Megan Bowen (megan@contoso.onmicrosoft.com)", "Lee Gu (lee@contoso.onmicrosoft.com)"]));
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_access_token_is_renewed_silently() {
    // Tokens for an hour, as Entra ID gives them: MSAL keeps using the one it has.
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    // Two hours later by Graph's clock (not waited out): Graph refuses the token MSAL still holds.
    authority.advance_clock(Duration::from_secs(2 * 3600));
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.control("displayName").await;
    let grants: Vec<String> = authority.token_requests().iter().map(|r| r.grant_type.clone()).collect();
    assert!(grants.iter().any(|g| g == "refresh_token"), "renewed with the refresh token: {grants:?}");
    assert_eq!(authority.authorize_requests(), 1, "no interaction");
    assert!(site.emulator.journal().iter().any(|e| e.status == Some(401)), "Graph refused the expired one first");
    let tokens = bearer_tokens(&site);
    assert_ne!(tokens.first(), tokens.last(), "Graph saw a new token");
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_refresh_token_is_renewed_in_the_hidden_frame_under_the_policy() {
    // Tokens this short are always inside MSAL's renewal window: the next call renews.
    let options = AuthorityOptions { token_lifetime: Duration::from_secs(2), ..Default::default() };
    let (site, authority) = site(options, "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    assert_eq!(authority.authorize_requests(), 1);
    authority.revoke_refresh_tokens();
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.control("displayName").await;
    let grants: Vec<String> = authority.token_requests().iter().map(|r| r.grant_type.clone()).collect();
    assert_eq!(authority.authorize_requests(), 2, "authorize again, in the hidden frame: {grants:?}");
    assert_eq!(grants.iter().filter(|g| *g == "authorization_code").count(), 2, "{grants:?}");
    // frame-src allows the authority and this origin's redirect.html; nothing was blocked.
    site.assert_no_csp_violation().await;
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_401_from_graph_recovers_by_a_forced_refresh() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    authority.revoke_access_tokens();
    let before = site.emulator.journal().len();
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.control("displayName").await;
    let after: Vec<_> =
        site.emulator.journal()[before..].iter().filter(|e| e.path.starts_with(BASE)).cloned().collect();
    assert!(after.len() >= 2, "{after:?}");
    assert_eq!(after[0].path, after[1].path, "the same request, retried");
    assert_ne!(after[0].headers["authorization"], after[1].headers["authorization"], "with a fresh token");
    assert!(authority.token_requests().iter().any(|r| r.grant_type == "refresh_token"));
    assert_eq!(authority.authorize_requests(), 1, "no interaction needed");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_clears_this_apps_session() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    site.click("[data-action=sign-out]").await;
    site.see_text("Sign in (top right)").await;
    site.wait_for("[data-action=sign-in]").await;
    let msal_keys =
        site.eval("return Object.keys(sessionStorage).filter(k => k.includes('accesstoken')).length;").await;
    assert_eq!(msal_keys, json!(0), "no access token left in MSAL's cache");
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_token_without_the_permission_gets_a_clear_message() {
    let options = AuthorityOptions { granted_scopes: Some(vec![READ_SCOPE.into()]), ..Default::default() };
    let (site, authority) = site(options, "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.type_into("description", "Needs ReadWrite").await;
    let banner = site.save().await.alert();
    assert!(
        banner.contains("lacks permission") && banner.contains("DeviceManagementConfiguration.ReadWrite.All"),
        "{banner}"
    );
    assert_eq!(site.value_of("description").await, "Needs ReadWrite", "the edit is kept");
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_claims_challenge_is_passed_to_msal() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    let claims = r#"{"access_token":{"nbf":{"essential":true,"value":"1764000000"}}}"#;
    site.emulator.inject(graph_emulator::faults::Fault {
        method: "GET".into(),
        path: format!("{BASE}/{FINANCE}"),
        kind: graph_emulator::faults::FaultKind::Status {
            status: 401,
            retry_after: None,
            code: None,
            claims: Some(claims.into()),
            message: None,
            ids_in_headers_only: false,
        },
        count: 1,
    });
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.control("displayName").await;
    let asked: Vec<Option<String>> = authority.token_requests().iter().map(|r| r.claims.clone()).collect();
    assert!(asked.iter().flatten().any(|c| c.contains("\"nbf\"")), "the token request carried the claims: {asked:?}");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_out_asks_first_when_unsaved_edits_are_kept_and_then_removes_only_that_accounts() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    // Another account's draft in this browser must survive Megan's sign-out.
    site.eval("localStorage.setItem('office-policy-editor.draft/global/other-tenant/lee/x/t', '{}'); return null;")
        .await;
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.type_into("description", "Unsaved when signing out").await;
    let megans = "return Object.keys(localStorage).filter(k => k.startsWith('office-policy-editor.draft/global/9188040d-6c67-4c5b-b112-36a304b66dad/')).length;";
    site.eventually("the edit kept under Megan's tenant and account", || async { site.eval(megans).await == json!(1) })
        .await;
    site.click("[data-action=sign-out]").await;
    site.see_text("Signing out removes them").await;
    site.click("[data-action=cancel-sign-out]").await;
    assert!(site.browser.find(fantoccini::Locator::Css("[data-action=sign-out]")).await.is_ok(), "still signed in");
    assert_eq!(site.eval(megans).await, json!(1));
    site.click("[data-action=sign-out]").await;
    site.click("[data-action=confirm-sign-out]").await;
    site.wait_for("[data-action=sign-in]").await;
    assert_eq!(site.eval(megans).await, json!(0), "Megan's drafts are gone");
    let others =
        site.eval("return localStorage.getItem('office-policy-editor.draft/global/other-tenant/lee/x/t');").await;
    assert_eq!(others, json!("{}"), "another account's draft stays");
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_configuration_is_copied_to_another_signed_in_tenant_through_its_dry_run() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    sign_in_and_see_the_list(&site).await;
    // Alex, of another tenant (Fabrikam), signs in too: that tenant has no configurations yet.
    authority.choose_user(2);
    site.click("[data-action=add-account]").await;
    site.see_text("Tenant: fabrikam.onmicrosoft.com").await;
    site.see_text("This tenant has no Office client configurations").await;
    // Back to Megan (Contoso): copy Finance to Alex's tenant.
    switch_account(&site, "Megan").await;
    site.see_text("Tenant: contoso.onmicrosoft.com").await;
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.wait_for("select[name=copy-to-tenant]").await;
    site.see_text("Alex Wilber (alex@fabrikam.onmicrosoft.com)").await;
    // Compared with Fabrikam, read with Alex's token while the page stays on Contoso.
    site.click("[data-action=compare-tenant]").await;
    site.see_text("That tenant has no configurations.").await;
    site.see_text("Tenant: contoso.onmicrosoft.com").await;
    site.click("[data-action=copy-to-tenant]").await;
    // The page is now about Fabrikam, and shows the import's dry run there: nothing sent yet.
    site.wait_for("[role=dialog] li[data-plan=create]").await;
    site.see_text("Tenant: fabrikam.onmicrosoft.com").await;
    assert!(
        site.sent("POST").iter().all(|e| !e.path.ends_with("/clientConfigurations")),
        "nothing created before Confirm"
    );
    // Its groups, as Fabrikam's directory names them, are assigned because the admin ticks them.
    site.eval("const t = document.querySelector('[role=dialog] input[name=assign-created]'); t.scrollIntoView({block: 'center'}); t.click(); return null;").await;
    site.wait_for("[role=dialog] input[name=assign-created]:checked").await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.see_text("Done. 1 applied, 0 with a problem").await;
    let fabrikam = site.emulator.configurations_of(graph_emulator::authority::OTHER_TENANT);
    let names: Vec<&str> = fabrikam.iter().map(|c| c["displayName"].as_str().unwrap()).collect();
    assert_eq!(names, ["Finance – strict add-ins"]);
    assert!(fabrikam[0]["policyPayload"].as_str().is_some_and(|p| !p.is_empty()), "its payload came along");
    assert_eq!(site.emulator.configurations_of(graph_emulator::authority::HOME_TENANT).len(), 5, "Contoso unchanged");
    // Back on Contoso, the two compare as the same policy.
    switch_account(&site, "Megan").await;
    site.see_text("Tenant: contoso.onmicrosoft.com").await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.click("[data-action=compare-tenant]").await;
    site.wait_for("select[name=compare-with]").await;
    site.click("[data-action=compare-with]").await;
    site.see_text("\"Finance – strict add-ins\" sets the same policy as this one.").await;
    site.click("[data-action=close-comparison]").await;
    site.eventually("the comparison closed", || async { !site.text().await.contains("sets the same policy") }).await;
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn another_tab_switching_tenant_never_moves_this_tabs_writes_and_the_page_behind_a_dialog_is_inert() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    // MSAL's cache in localStorage: both tabs see both accounts.
    site.configure(json!({
        "cloud": "global",
        "graphBaseUrl": format!("{}/beta", site.url),
        "auth": { "mode": "msal", "clientId": "00000000-0000-0000-0000-0000000000e2",
                  "authority": authority.authority_url("organizations"), "interaction": "popup",
                  "cacheLocation": "localStorage" }
    }));
    sign_in_and_see_the_list(&site).await;
    authority.choose_user(2);
    site.click("[data-action=add-account]").await;
    site.see_text("Tenant: fabrikam.onmicrosoft.com").await;
    switch_account(&site, "Megan").await;
    site.see_text("Tenant: contoso.onmicrosoft.com").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    // Tab 1 starts a new configuration; everything behind the dialog is inert (the header too).
    site.click("[data-action=new]").await;
    site.wait_for("[role=dialog]").await;
    site.type_into("new-displayName", "Made in tab one").await;
    let inert = "return document.querySelector('header.topbar').closest('[inert]') !== null \
        && document.querySelector('#account').closest('[inert]') !== null \
        && document.querySelector('[role=dialog]').closest('[inert]') === null;";
    assert_eq!(site.eval(inert).await, json!(true), "the page behind the dialog is inert");
    let tab_one = site.browser.window().await.unwrap();
    // Tab 2 switches to Fabrikam.
    let tab_two = site.browser.new_window(true).await.unwrap().handle;
    site.browser.switch_to_window(tab_two).await.unwrap();
    site.open("#/configurations").await;
    site.wait_for("#account").await;
    switch_account(&site, "Alex").await;
    site.see_text("Tenant: fabrikam.onmicrosoft.com").await;
    site.see_text("This tenant has no Office client configurations").await;
    // Tab 1 still says Contoso, and writes there.
    site.browser.switch_to_window(tab_one).await.unwrap();
    site.see_text("Tenant: contoso.onmicrosoft.com").await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.wait_for_value("displayName", "Made in tab one").await;
    let names = |tenant: &str| -> Vec<String> {
        site.emulator
            .configurations_of(tenant)
            .iter()
            .map(|c| c["displayName"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert!(
        names(graph_emulator::authority::HOME_TENANT).contains(&"Made in tab one".to_string()),
        "written to Contoso"
    );
    assert!(names(graph_emulator::authority::OTHER_TENANT).is_empty(), "nothing written to Fabrikam");
    assert_eq!(
        site.eval("return document.querySelectorAll('[inert]').length;").await,
        json!(0),
        "freed when it closed"
    );
    site.assert_no_token_leaked(&authority.issued_tokens()).await;
    site.close().await;
}

/// The US Government cloud's tenant: its own authority and Graph, apart from the global ones.
const GOV_TENANT: &str = "6b1f3e5d-7a9c-4b2e-8d0f-1a3c5e7b9d20";
const GOV_POLICY: &str = "4c6e8a0b-2d4f-4a6c-8e0b-2d4f6a8c0e1b";

/// GCC High beside the site's global cloud: an authority that issues tokens for
/// graph.microsoft.us only to a scope asking for it, and a Graph (a second emulator) that accepts
/// only the tokens that authority issued; config.json names both clouds. Returns that Graph, its
/// authority and its base URL.
async fn with_gcc_high(site: &Site, authority: &Authority) -> (Emulator, Authority, String) {
    let gov_authority = Authority::new(AuthorityOptions {
        graph_host: "graph.microsoft.us".into(),
        users: vec![User {
            name: "Diego Siciliani".into(),
            username: "diego@contoso.onmicrosoft.us".into(),
            oid: "8e2d4f6a-0b1c-4d3e-9f5a-7b9c1d3e5f70".into(),
            tid: GOV_TENANT.into(),
        }],
        ..AuthorityOptions::default()
    });
    gov_authority.clone().serve_tls("127.0.0.1:0".parse().unwrap()).await.unwrap();
    gov_authority.allow_redirect_uri(&format!("{}/redirect.html", site.url));
    let mut locked_down = seed::demo().remove(0);
    locked_down.insert("id".into(), json!(GOV_POLICY));
    locked_down.insert("displayName".into(), json!("GCC High – locked down"));
    let gov = Emulator::new(
        Options {
            tokens: Vec::new(),
            authority: Some(gov_authority.clone()),
            allowed_origins: vec![site.url.clone()],
            home_tenant: GOV_TENANT.into(),
            ..Options::default()
        },
        vec![locked_down],
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let gov_graph = format!("http://{}/beta", listener.local_addr().unwrap());
    let router = gov.clone().router();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    site.configure(json!({
        "cloud": "global",
        "graphBaseUrl": format!("{}/beta", site.url),
        "auth": { "mode": "msal", "clientId": "00000000-0000-0000-0000-0000000000e2",
                  "authority": authority.authority_url("organizations"), "interaction": "popup" },
        "clouds": ["global", { "cloud": "usgov", "graphBaseUrl": gov_graph, "clientId": "00000000-0000-0000-0000-0000000000e3",
                               "authority": gov_authority.authority_url("organizations") }]
    }));
    (gov, gov_authority, gov_graph)
}

/// Signs Diego in to GCC High beside the global account, and waits for his list.
async fn add_gcc_high_account(site: &Site) {
    site.eval("const s = document.querySelector('[name=sign-in-cloud]'); s.value = 'usgov'; return null;").await;
    site.click("[data-action=add-account]").await;
    site.see_text("Tenant: contoso.onmicrosoft.us (US Government (GCC High) cloud)").await;
    site.wait_for(&format!("tr[data-config-id=\"{GOV_POLICY}\"]")).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_switch_to_another_cloud_during_an_export_leaves_the_exports_requests_where_they_began() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    let (gov, gov_authority, _) = with_gcc_high(&site, &authority).await;
    sign_in_and_see_the_list(&site).await;
    add_gcc_high_account(&site).await;
    switch_account(&site, "Megan").await;
    site.see_text("Tenant: contoso.onmicrosoft.com (Global cloud)").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    // Each configuration's read takes a while: the switch comes in the middle of "Export all".
    site.emulator.inject(graph_emulator::faults::Fault {
        method: "GET".into(),
        path: format!("{BASE}/*"),
        kind: graph_emulator::faults::FaultKind::Delay { ms: 700 },
        count: 5,
    });
    let before = site.emulator.journal().len();
    site.click("[data-action=export]").await;
    site.eventually("the export has begun", || async {
        site.emulator.journal()[before..].iter().any(|e| e.path.starts_with(&format!("{BASE}/")))
    })
    .await;
    switch_account(&site, "Diego").await;
    site.see_text("Tenant: contoso.onmicrosoft.us (US Government (GCC High) cloud)").await;
    site.wait_for("[data-notice=account-switched]").await;
    // Every configuration of the export is read from the global Graph, with global tokens.
    site.eventually("all five read", || async {
        site.emulator.journal()[before..]
            .iter()
            .filter(|e| e.method == "GET" && e.path.starts_with(&format!("{BASE}/")))
            .count()
            >= 5
    })
    .await;
    let issued: Vec<String> = authority.issued_tokens().iter().map(|t| token_fingerprint(t)).collect();
    for entry in &site.emulator.journal()[before..] {
        let token = entry.headers.get("authorization").and_then(|v| v.as_str()).unwrap_or_default();
        assert!(
            issued.contains(&token.trim_start_matches("Bearer ").to_string()),
            "{} {} with {token}",
            entry.method,
            entry.path
        );
    }
    // GCC High's Graph was asked only for its own list, never for a global configuration.
    let global_ids: Vec<String> = seed::demo().iter().map(|c| c["id"].as_str().unwrap().to_string()).collect();
    assert!(
        gov.journal().iter().all(|e| !global_ids.iter().any(|id| e.path.contains(id.as_str()))),
        "{:?}",
        gov.journal().iter().map(|e| e.path.clone()).collect::<Vec<_>>()
    );
    let mut tokens = authority.issued_tokens();
    tokens.extend(gov_authority.issued_tokens());
    site.assert_no_token_leaked(&tokens).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn accounts_of_two_clouds_each_reach_their_own_cloud_and_a_policy_crosses_between_them() {
    let (site, authority) = site(AuthorityOptions::default(), "popup", &[]).await;
    let (gov, gov_authority, gov_graph) = with_gcc_high(&site, &authority).await;
    // Megan signs in to the global cloud, the first choice.
    sign_in_and_see_the_list(&site).await;
    site.see_text("Tenant: contoso.onmicrosoft.com (Global cloud)").await;
    // Diego, in GCC High, signs in too.
    add_gcc_high_account(&site).await;
    site.see_text(&format!("Graph: {gov_graph}")).await;
    // Each cloud's Graph saw only its own authority's tokens, asked for with its own scope.
    let gov_tokens: Vec<String> = gov
        .journal()
        .iter()
        .filter_map(|e| e.headers.get("authorization").and_then(|v| v.as_str()).map(str::to_string))
        .map(|v| v.trim_start_matches("Bearer ").to_string())
        .collect();
    let gov_issued: Vec<String> = gov_authority.issued_tokens().iter().map(|t| token_fingerprint(t)).collect();
    assert!(
        !gov_tokens.is_empty() && gov_tokens.iter().all(|t| gov_issued.contains(t)),
        "GCC High Graph: {gov_tokens:?}"
    );
    let issued: Vec<String> = authority.issued_tokens().iter().map(|t| token_fingerprint(t)).collect();
    assert!(bearer_tokens(&site).iter().all(|t| issued.contains(t)), "the global Graph saw only global tokens");
    assert!(
        gov_authority.token_requests().iter().all(|r| !r.scope.contains("https://graph.microsoft.com/")),
        "no global scope asked of GCC High"
    );
    // Copy Diego's policy to Megan's tenant, across clouds, through the dry run.
    site.click(&format!("tr[data-config-id=\"{GOV_POLICY}\"] a")).await;
    site.wait_for("select[name=copy-to-tenant]").await;
    site.see_text("Megan Bowen (megan@contoso.onmicrosoft.com) – Global").await;
    site.click("[data-action=copy-to-tenant]").await;
    site.wait_for("[role=dialog] li[data-plan=create]").await;
    site.see_text("Tenant: contoso.onmicrosoft.com (Global cloud)").await;
    // Its priority (0) is taken there: renumbered, with consent.
    site.click("[role=dialog] [name=renumber]").await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.see_text("Done. 1 applied, 0 with a problem").await;
    let home = site.emulator.configurations_of(graph_emulator::authority::HOME_TENANT);
    assert!(home.iter().any(|c| c["displayName"] == "GCC High – locked down"), "created in the global tenant");
    assert_eq!(gov.configurations_of(GOV_TENANT).len(), 1, "GCC High unchanged");
    // After a reload each account is still in its own cloud.
    site.open("#/configurations").await;
    site.see_text("Tenant: contoso.onmicrosoft.com (Global cloud)").await;
    switch_account(&site, "Diego").await;
    site.see_text("Tenant: contoso.onmicrosoft.us (US Government (GCC High) cloud)").await;
    site.wait_for(&format!("tr[data-config-id=\"{GOV_POLICY}\"]")).await;
    let mut tokens = authority.issued_tokens();
    tokens.extend(gov_authority.issued_tokens());
    site.assert_no_token_leaked(&tokens).await;
    site.close().await;
}
