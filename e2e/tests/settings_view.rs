//! The Settings view of a payload in the built site: typed controls named by JSON Pointer, in
//! sync with the JSON text both ways, read-only while the text does not parse, filter and
//! "changed only", and a save whose payload differs from Graph's in exactly the setting changed.

use base64::Engine as _;
use e2e::Site;
use graph_emulator::{seed, Options};
use serde_json::{json, Value};

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

fn decode(b64: &str) -> Value {
    serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap()
}

fn seed_policy() -> Value {
    let finance = seed::demo().into_iter().find(|c| c["id"] == FINANCE).unwrap();
    decode(finance["policyPayload"].as_str().unwrap())
}

async fn open_settings(site: &Site) {
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    site.click("section.payload [data-action=view-settings]").await;
    site.wait_for("[role=tree] [role=treeitem]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_nested_setting_changed_in_the_settings_view_is_the_one_change_saved() {
    let site = Site::start(Options::default()).await;
    open_settings(&site).await;
    // The first level is open (the service's `settings` list), its entries are closed.
    site.wait_for("[role=treeitem][data-pointer=\"/settings/0\"]").await;
    assert!(site.browser.find(fantoccini::Locator::Css("[name=\"policyPayload#/settings/0/value\"]")).await.is_err());
    // Open the first entry (Word's macro notification) from the keyboard: focus its row, then the right arrow.
    site.eval("document.querySelector('[role=treeitem][data-pointer=\"/settings/0\"]').focus(); return null;").await;
    let row = site.wait_for("[role=treeitem][data-pointer=\"/settings/0\"]").await;
    row.send_keys("\u{E014}").await.unwrap();
    site.wait_for("[role=treeitem][data-pointer=\"/settings/0\"][aria-expanded=true]").await;
    assert_eq!(site.value_of("policyPayload#/settings/0/value").await, "4");
    // 3: disable all except digitally signed macros; Tab commits it.
    site.type_into("policyPayload#/settings/0/value", "3\u{E004}").await;
    site.wait_for("[role=treeitem][data-pointer=\"/settings/0/value\"].changed").await;
    // For the README: the policy as settings above the preferences as JSON.
    site.eval("document.querySelector('section.payload').scrollIntoView(); return null;").await;
    site.screenshot("settings-view.png").await;
    // The JSON view shows the change at once.
    site.click("section.payload [data-action=view-json]").await;
    let text = site.value_of("policyPayload").await;
    let mut expected = seed_policy();
    *expected.pointer_mut("/settings/0/value").unwrap() = json!(3);
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), expected);
    site.save().await.assert_saved();
    let patch = site.sent("PATCH");
    let body: Value = serde_json::from_str(&patch.last().expect("a PATCH").body).unwrap();
    assert_eq!(decode(body["policyPayload"].as_str().unwrap()), expected, "exactly that setting differs");
    assert!(body.get("userPreferencePayload").is_none(), "the other payload is not sent");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_text_moves_the_switches_and_invalid_text_makes_the_view_read_only() {
    let site = Site::start(Options::default()).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    site.type_into(
        "policyPayload",
        "{\"word\": {\"safeMode\": true, \"note\": \"a/b~c\", \"months\": 12345678901234567890123}}",
    )
    .await;
    site.click("section.payload [data-action=view-settings]").await;
    let switch = site.wait_for("[name=\"policyPayload#/word/safeMode\"]").await;
    assert_eq!(switch.prop("checked").await.unwrap().as_deref(), Some("true"));
    assert_eq!(site.value_of("policyPayload#/word/months").await, "12345678901234567890123");
    // Filter and changed only.
    site.type_into("policyPayload#filter", "note").await;
    site.see_text("1 setting(s) match").await;
    site.type_into("policyPayload#filter", "").await;
    site.click("[name=\"policyPayload#changed-only\"]").await;
    // The word section and its three settings: none was in the saved payload (the service's list).
    site.see_text("4 setting(s) match").await;
    // Rename a setting: the JSON text has the new key in the old one's place.
    site.click("[data-pointer=\"/word/note\"] [data-action=rename-setting]").await;
    site.type_into("policyPayload#rename", "remark").await;
    site.click("[data-action=rename-confirm]").await;
    site.wait_for("[name=\"policyPayload#/word/remark\"]").await;
    let review = site.browser.find(fantoccini::Locator::Css("[role=dialog]")).await;
    assert!(review.is_err(), "the rename form is not the editor's Save");
    site.click("section.payload [data-action=view-json]").await;
    assert_eq!(
        site.value_of("policyPayload").await,
        "{\"word\": {\"safeMode\": true, \"remark\": \"a/b~c\", \"months\": 12345678901234567890123}}",
        "the key renamed in place, nothing else rewritten"
    );
    // The JSON view's undo history has the change made in the Settings view as one step.
    let typed = "{\"word\": {\"safeMode\": true, \"note\": \"a/b~c\", \"months\": 12345678901234567890123}}";
    site.control("policyPayload").await.send_keys("\u{E009}z\u{E000}").await.unwrap();
    site.eventually("Ctrl+Z to undo the rename", || async { site.value_of("policyPayload").await == typed }).await;
    site.click("section.payload [data-action=view-settings]").await;
    site.wait_for("[name=\"policyPayload#/word/note\"]").await;
    // The choice of view is kept: after a reload the Settings view is back.
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.browser.refresh().await.unwrap();
    site.wait_for("[role=tree]").await;
    site.click("section.payload [data-action=view-json]").await;
    site.type_into("policyPayload", "{\"word\": ").await;
    site.click("section.payload [data-action=view-settings]").await;
    site.see_text("The JSON text is not valid").await;
    let tree =
        site.eval("return document.querySelector('section.payload').querySelector('[role=tree]') === null;").await;
    assert_eq!(tree, json!(true), "nothing to change while the text does not parse");
    site.click("section.payload [data-action=view-json]").await;
    assert_eq!(site.value_of("policyPayload").await, "{\"word\": ", "nothing rewritten");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_settings_view_is_clean_to_axe_core_with_sections_open_forms_shown_and_a_filter() {
    let site = Site::start(Options::default()).await;
    open_settings(&site).await;
    let check = |when: &'static str| {
        let site = &site;
        async move {
            // Both payloads: the policy in the Settings view, the preferences in the JSON view.
            let found = site.axe_violations("section.payload").await;
            assert!(found.is_empty(), "axe-core, {when}: {found:#?}");
        }
    };
    check("as it opens").await;
    // A deeper section opened, the add and rename forms shown, "changed only" on, a filter typed.
    site.eval("document.querySelector('[role=treeitem][data-pointer=\"/settings/0\"]').focus(); return null;").await;
    let row = site.wait_for("[role=treeitem][data-pointer=\"/settings/0\"]").await;
    row.send_keys("\u{E014}").await.unwrap();
    site.wait_for("[name=\"policyPayload#/settings/0/value\"]").await;
    site.click("[data-pointer=\"/settings/0\"] [data-action=add-setting]").await;
    site.click("[data-pointer=\"/settings/0/app\"] [data-action=rename-setting]").await;
    check("with a section opened and the add and rename forms shown").await;
    site.type_into("policyPayload#filter", "settingId").await;
    site.see_text("setting(s) match").await;
    check("filtered").await;
    site.close().await;
}
