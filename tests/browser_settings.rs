//! The Settings view of a payload in headless Chrome, over a fake Graph: its switches and the
//! JSON text change each other; text that does not parse makes it read-only with the error
//! shown; the filter and "changed only" narrow the tree. (The built site is driven the same
//! way, with a save, in e2e/tests/settings_view.rs.)

#![cfg(target_arch = "wasm32")]

mod support;

use support::fake_graph::*;
use support::Mount;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::HtmlInputElement;

wasm_bindgen_test_configure!(run_in_browser);

/// The policy payload's section.
const POLICY: &str = "section.payload:has(label[for=\"policyPayload\"])";

async fn show(mount: &Mount, view: &str) {
    mount.click(&format!("{POLICY} [data-action=view-{view}]"));
    match view {
        "settings" => mount.wait_for("the settings tree", |m| m.find("[role=tree] [role=treeitem]").is_some()).await,
        _ => mount.wait_for("the JSON editor", |m| m.find("[name=\"policyPayload\"]").is_some()).await,
    }
}

fn switch(mount: &Mount, name: &str) -> Option<HtmlInputElement> {
    mount.find(&format!("[name=\"{name}\"]")).and_then(|e| e.dyn_into().ok())
}

/// No row shown has been drawn into an element that was a spacer (and kept its height of 0).
fn every_row_is_drawn(mount: &Mount) {
    let rows = mount.0.query_selector_all("[role=treeitem]").unwrap();
    assert!(rows.length() > 0);
    for i in 0..rows.length() {
        let row: web_sys::HtmlElement = rows.item(i).unwrap().dyn_into().unwrap();
        let height = row.offset_height();
        assert!(height > 20, "{} is {height}px high", row.get_attribute("data-pointer").unwrap_or_default());
    }
}

#[wasm_bindgen_test]
async fn a_switch_changes_the_json_text_and_the_json_text_moves_the_switch() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    show(&mount, "settings").await;
    let name = "policyPayload#/word/blockMacros";
    mount.wait_for("the blockMacros switch", |m| switch(m, name).is_some()).await;
    let control = switch(&mount, name).unwrap();
    assert!(control.checked(), "true in the payload Graph sent");
    assert_eq!(control.get_attribute("role").as_deref(), Some("switch"));
    mount.set_checked(name, false);
    show(&mount, "json").await;
    mount
        .wait_for("the JSON text with the switch's value", |m| {
            m.value_of("policyPayload") == "{\"word\":{\"blockMacros\":false}}"
        })
        .await;
    assert!(mount.find("section.payload.dirty").is_some(), "the payload is marked changed");

    mount.type_payload("policyPayload", "{\"word\":{\"blockMacros\":true,\"trustLevel\":2}}").await;
    show(&mount, "settings").await;
    mount.wait_for("the new setting's control", |m| switch(m, "policyPayload#/word/trustLevel").is_some()).await;
    mount.wait_for("the switch moved back on", |m| switch(m, name).is_some_and(|s| s.checked())).await;
    assert_eq!(mount.value_of("policyPayload#/word/trustLevel"), "2", "a number input, the digits as written");
}

#[wasm_bindgen_test]
async fn json_text_that_does_not_parse_makes_the_settings_read_only_with_the_error_shown() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.type_payload("policyPayload", "{\"word\": {\"blockMacros\": true},}").await;
    mount.wait_for("the JSON error", |m| m.find("section.payload.invalid").is_some()).await;
    mount.click(&format!("{POLICY} [data-action=view-settings]"));
    mount.wait_for("the error in the settings view", |m| m.find(&format!("{POLICY} .settings-view")).is_some()).await;
    let text = mount.text_of(&format!("{POLICY} .settings-view"));
    assert!(text.contains("The JSON text is not valid"), "{text}");
    assert!(text.contains("line 1"), "the place of the error: {text}");
    assert!(mount.find("[name^=\"policyPayload#/\"]").is_none(), "no control while the text does not parse");
    // Nothing was rewritten: the JSON view still has the text as typed.
    show(&mount, "json").await;
    assert_eq!(mount.value_of("policyPayload"), "{\"word\": {\"blockMacros\": true},}");
}

#[wasm_bindgen_test]
async fn a_key_given_twice_makes_the_settings_read_only_with_the_reason() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    let text = "{\"word\": {\"blockMacros\": true, \"block\\u004dacros\": false}}";
    mount.type_payload("policyPayload", text).await;
    mount.click(&format!("{POLICY} [data-action=view-settings]"));
    mount.wait_for("the reason", |m| m.find(&format!("{POLICY} [data-repeated-key]")).is_some()).await;
    let said = mount.text_of(&format!("{POLICY} .settings-view"));
    assert!(said.contains("The key at /word/blockMacros is given twice"), "named as it reads, escape or not: {said}");
    assert!(mount.find("[name^=\"policyPayload#/\"]").is_none(), "no control to edit one of the two");
    show(&mount, "json").await;
    assert_eq!(mount.value_of("policyPayload"), text, "nothing was rewritten");
}

#[wasm_bindgen_test]
async fn the_filter_and_changed_only_narrow_the_tree_and_count_what_they_find() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount
        .type_payload(
            "policyPayload",
            "{\"word\":{\"blockMacros\":true,\"vbaWarnings\":\"off\"},\"excel\":{\"macros\":1}}",
        )
        .await;
    show(&mount, "settings").await;
    mount.wait_for("the excel section", |m| m.find("[data-pointer=\"/excel/macros\"]").is_some()).await;

    mount.type_into("policyPayload#filter", "VBA");
    mount.wait_for("the count of matches", |m| m.text_of(&format!("{POLICY} .settings-count")).contains("match")).await;
    assert!(mount.find("[data-pointer=\"/word/vbaWarnings\"]").is_some());
    assert!(mount.find("[data-pointer=\"/excel\"]").is_none());
    every_row_is_drawn(&mount);
    assert!(mount.find("[data-pointer=\"/word/blockMacros\"]").is_none());
    let count = mount.text_of(&format!("{POLICY} .settings-count"));
    assert!(count.contains("1 setting(s) match"), "{count}");

    mount.type_into("policyPayload#filter", "");
    mount.set_checked("policyPayload#changed-only", true);
    // (While the search runs, the rows found before stay, read-only.)
    mount
        .wait_for("the count of changed settings", |m| {
            m.text_of(&format!("{POLICY} .settings-count")).contains("3 setting(s) match")
        })
        .await;
    assert!(mount.find("[data-pointer=\"/word/vbaWarnings\"].changed").is_some());
    assert!(mount.find("[data-pointer=\"/word/blockMacros\"]").is_none(), "unchanged, so not shown");
    every_row_is_drawn(&mount);
    assert!(mount.find("[data-pointer=\"/excel/macros\"].changed").is_some(), "a section Graph does not have");
    let count = mount.text_of(&format!("{POLICY} .settings-count"));
    assert!(count.contains("3 setting(s) match"), "{count}");
}

#[wasm_bindgen_test]
async fn a_setting_not_set_is_set_by_choosing_what_it_holds() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.type_payload("policyPayload", "{\"word\":{\"blockMacros\":true,\"owner\":null}}").await;
    show(&mount, "settings").await;
    let name = "policyPayload#/word/owner";
    mount.wait_for("the not-set setting's control", |m| m.find(&format!("select[name=\"{name}\"]")).is_some()).await;
    assert_eq!(mount.value_of(name), "", "shown as not set");
    mount.select(name, "number");
    mount.wait_for("a number input in its place", |m| m.find(&format!("input[name=\"{name}\"]")).is_some()).await;
    show(&mount, "json").await;
    let set = "{\"word\":{\"blockMacros\":true,\"owner\":0}}";
    mount.wait_for("the JSON text with the value set", |m| m.value_of("policyPayload") == set).await;
}
