//! Server strings are rendered as text, and the site runs under a strict CSP that blocks what
//! an injection would need.

use base64::Engine as _;
use e2e::Site;
use graph_emulator::Options;
use serde_json::json;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const HOSTILE: &str = "<img src=x onerror=\"window.__xss=1\"></textarea><script>window.__xss=2</script>";

#[tokio::test(flavor = "multi_thread")]
async fn hostile_strings_from_graph_are_shown_as_text_and_nothing_runs() {
    let site = Site::start(Options::default()).await;
    let payload = base64::engine::general_purpose::STANDARD
        .encode(json!({"note": HOSTILE, "link": "javascript:window.__xss=3"}).to_string());
    let mut rows = json!([{"deviceName": HOSTILE, "errorMessage": "</td></tr><img src=x onerror=window.__xss=4>", "wasSuccessful": false}]);
    rows[0]["userPrincipalName"] = json!("javascript:window.__xss=5");
    let body = json!({"displayName": HOSTILE, "description": format!("</textarea>{HOSTILE}"), "policyPayload": payload, "checkinStatuses": rows});
    assert!(site.emulator.seed_changes(FINANCE, body.as_object().unwrap().clone()));

    site.open("#/configurations").await;
    site.see_text(HOSTILE).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("displayName").await;
    assert_eq!(site.value_of("displayName").await, HOSTILE);
    assert_eq!(site.value_of("description").await, format!("</textarea>{HOSTILE}"));
    assert!(site.value_of("policyPayload").await.contains("<script>"));
    site.edit_checkins().await;
    assert_eq!(site.value_of("checkinStatuses.0.deviceName").await, HOSTILE);
    let ran = site.eval("return window.__xss === undefined ? null : window.__xss;").await;
    assert_eq!(ran, json!(null), "no injected code ran");
    let images = site.eval("return document.querySelectorAll('img').length;").await;
    assert_eq!(images, json!(0), "no element was made from a server string");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_csp_blocks_injected_inline_script_and_the_violation_is_seen() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.wait_for("tr[data-config-id]").await;
    let ran = site
        .eval("const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s); return window.__inline === undefined ? null : 1;")
        .await;
    assert_eq!(ran, json!(null), "inline script is refused");
    site.eventually("the violation in the console log the other tests check", || async {
        std::fs::read_to_string(&site.console_log).unwrap_or_default().contains("Content Security Policy")
    })
    .await;
    // This test's violation was deliberate; every other test must have none.
    std::fs::write(&site.console_log, "").unwrap();
    site.close().await;
}
