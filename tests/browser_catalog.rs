//! The policy catalog in the editor, in headless Chrome over a fake Graph: the catalog (read
//! from the templates written for the tests, as the worker reads them) names settings, warns on
//! a value its template refuses, opens a policy's card, and adds a policy from the panel as an
//! edit that Save sends. (Loading through the worker is driven in the built site:
//! e2e/tests/catalog.rs.)

#![cfg(target_arch = "wasm32")]

mod support;

use office_policy_editor::core::catalog::template::{self, File};
use office_policy_editor::core::wire::stream;
use serde_json::{json, Value};
use support::fake_graph::*;
use support::Mount;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const POLICY: &str = "section.payload:has(label[for=\"policyPayload\"])";
const VBA: &str = "word16;L_VBAWarningsPolicy";

/// The written templates' catalog, as the worker sends it: in pieces (three policies a piece
/// here, so that the page reads several).
fn catalog() -> Vec<String> {
    let files = [
        ("office16.admx", &include_bytes!("fixtures/templates/office16.admx")[..]),
        ("word16.admx", &include_bytes!("fixtures/templates/word16.admx")[..]),
        ("en-US/office16.adml", &include_bytes!("fixtures/templates/en-US/office16.adml")[..]),
        ("en-US/word16.adml", &include_bytes!("fixtures/templates/en-US/word16.adml")[..]),
    ]
    .map(|(path, bytes)| File { path: path.into(), bytes: bytes.to_vec() });
    let read = template::read(&files, &["en-US".into()]);
    assert!(read.problems.is_empty(), "{:?}", read.problems);
    read.catalog.pieces(3).unwrap()
}

async fn with_catalog_and(payload: &str) -> Mount {
    let fake = FakeGraph::new();
    let mount = render_editor(&fake, || with_catalog(catalog())).await;
    mount.type_payload("policyPayload", payload).await;
    mount.click(&format!("{POLICY} [data-action=view-settings]"));
    mount.wait_for("the settings tree", |m| m.find("[role=tree] [role=treeitem]").is_some()).await;
    mount
}

#[wasm_bindgen_test]
async fn a_setting_named_by_a_policy_shows_its_name_badge_and_card() {
    let mount = with_catalog_and(r#"{"word16;L_BlockMacroExecutionFromInternet": 1, "other": 2}"#).await;
    let name = "[data-policy-name=\"word16;L_BlockMacroExecutionFromInternet\"]";
    mount.wait_for("the policy's name on its row", |m| m.find(name).is_some()).await;
    assert_eq!(mount.text_of(name), "Block macros from running in Office files from the Internet");
    let row = "[role=treeitem][data-pointer=\"/word16;L_BlockMacroExecutionFromInternet\"]";
    assert!(mount.find(&format!("{row} [data-baseline-badge]")).is_some(), "the baseline badge");
    assert!(
        mount.find("[role=treeitem][data-pointer=\"/other\"] [data-policy-name]").is_none(),
        "no name for a key no template has"
    );
    mount.click(name);
    mount
        .wait_for("the card", |m| m.find("[data-policy-card=\"word16;L_BlockMacroExecutionFromInternet\"]").is_some())
        .await;
    let card = mount.text_of("[data-policy-card]");
    for words in [
        "Test text: macros in files from the Internet do not run.",
        "Word",
        "Test Office › Test Word › Trust Center",
        "blockcontentexecutionfrominternet",
        "At least the test Office",
    ] {
        assert!(card.contains(words), "{words:?} in {card}");
    }
    mount.click("[data-action=close-policy-card]");
    mount.wait_for("the card to close", |m| m.find("[data-policy-card]").is_none()).await;
}

#[wasm_bindgen_test]
async fn a_value_its_template_refuses_is_a_warning_on_its_row_and_an_allowed_one_is_not() {
    let mount = with_catalog_and(r#"{"word16;L_AutoRecoverInterval": 500, "word16;L_VBAWarningsPolicy": 2}"#).await;
    let refused = "[role=treeitem][data-pointer=\"/word16;L_AutoRecoverInterval\"]";
    mount.wait_for("the warning", |m| m.find(&format!("{refused}[data-warning]")).is_some()).await;
    let warning = mount.find(refused).unwrap().get_attribute("data-warning").unwrap();
    assert_eq!(warning, "500 is outside Minutes's range, a whole number from 1 to 120.");
    assert!(mount.find("[role=treeitem][data-pointer=\"/word16;L_VBAWarningsPolicy\"][data-warning]").is_none());
    // Fixed in the row's own control, the warning goes.
    mount.change_to("policyPayload#/word16;L_AutoRecoverInterval", "15");
    mount.wait_for("the warning to go", |m| m.find(&format!("{refused}[data-warning]")).is_none()).await;
}

#[wasm_bindgen_test]
async fn a_policy_added_from_the_panel_with_its_controls_is_the_entry_saved() {
    let fake = FakeGraph::new();
    let mount = render_editor(&fake, || with_catalog(catalog())).await;
    mount.click(&format!("{POLICY} [data-action=view-settings]"));
    mount.wait_for("the catalog panel", |m| m.find(".catalog-panel [data-policy]").is_some()).await;
    mount.select("catalog-app", "Word");
    mount.set_checked("catalog-baseline", true);
    mount.wait_for("Word's baseline policies", |m| m.find("[data-catalog-count=\"2\"]").is_some()).await;
    mount.click(&format!("[data-policy=\"{VBA}\"] [data-action=open-policy]"));
    mount.wait_for("its controls", |m| m.find(&format!("[name=\"{VBA}#L_empty4\"]")).is_some()).await;
    assert_eq!(mount.value_of(&format!("{VBA}#L_empty4")), "1", "the presentation's default item");
    mount.select(&format!("{VBA}#L_empty4"), "3");
    mount
        .wait_for("what it writes", |m| m.text_of("[data-policy-writes]") == "Writes vbawarnings = 4 (REG_DWORD)")
        .await;
    mount.click(&format!("[data-policy=\"{VBA}\"] [data-action=add-policy]"));
    mount
        .wait_for("the policy marked as set", |m| {
            m.find(&format!("[data-policy=\"{VBA}\"] [data-policy-set]")).is_some()
        })
        .await;
    assert!(mount.is_disabled(&format!("[data-policy=\"{VBA}\"] [data-action=add-policy]")), "set once");
    save(&mount).await;
    let body: Value = serde_json::from_str(fake.patch_bodies().last().expect("a PATCH")).unwrap();
    let sent =
        office_policy_editor::core::wire::stream::decode_base64_text(body["policyPayload"].as_str().unwrap()).unwrap();
    let expected = json!({"word": {"blockMacros": true}, "settings": [
        {"settingId": VBA, "app": "Word", "type": "REG_DWORD", "valueName": "vbawarnings", "value": 4}
    ]});
    assert_eq!(serde_json::from_str::<Value>(&sent).unwrap(), expected);
}

#[wasm_bindgen_test]
async fn a_policy_the_payload_sets_is_shown_in_the_tree_from_the_panel_past_the_filter() {
    let mount = with_catalog_and(r#"{"k": 1, "word": {"macros": {"word16;L_VBAWarningsPolicy": 2}}}"#).await;
    mount.enter("policyPayload#filter", "k").await;
    let row = "[role=treeitem][data-pointer=\"/word/macros/word16;L_VBAWarningsPolicy\"]";
    // Filtered: "/word" (open at the first level) no longer shows; the policy's row is closed
    // inside it and filtered out too.
    let word = "[role=treeitem][data-pointer=\"/word\"]";
    mount
        .wait_for("the filter", |m| m.find("[role=treeitem][data-pointer=\"/k\"]").is_some() && m.find(word).is_none())
        .await;
    assert!(mount.find(row).is_none());
    let show = format!("[data-policy=\"{VBA}\"] [data-action=show-policy]");
    mount.wait_for("the panel's show button", |m| m.find(&show).is_some()).await;
    assert!(
        mount.find("[data-policy=\"word16;L_AutoRecoverInterval\"] [data-action=show-policy]").is_none(),
        "not set"
    );
    mount.click(&show);
    let focused = || web_sys::window()?.document()?.active_element()?.get_attribute("data-pointer");
    mount
        .wait_for("the row, focused", |_| focused().as_deref() == Some("/word/macros/word16;L_VBAWarningsPolicy"))
        .await;
    assert!(mount.find(row).is_some());
    assert_eq!(mount.value_of("policyPayload#filter"), "", "the filter set aside");
}

/// Save with the review on: the review opens.
async fn open_review(mount: &Mount) {
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("office-policy-editor.save-without-review").unwrap();
    mount.set_checked("review-before-save", true);
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.wait_for("the review", |m| m.find("[role=dialog] [data-preview=request]").is_some()).await;
}

#[wasm_bindgen_test]
async fn the_review_names_the_policies_a_change_touches() {
    let mount = with_catalog_and(r#"{"word16;L_AutoRecoverInterval": 5, "word": {"blockMacros": false}}"#).await;
    open_review(&mount).await;
    let named = "[role=dialog] [data-policy-names=\"word16;L_AutoRecoverInterval\"]";
    assert_eq!(mount.text_of(named), " — Save AutoRecover info every");
    let lines = mount.0.query_selector_all("[role=dialog] .change li").unwrap().length();
    let names = mount.0.query_selector_all("[role=dialog] .change [data-policy-names]").unwrap().length();
    assert_eq!((lines, names), (2, 1), "only the line of a known policy is named");
}

#[wasm_bindgen_test]
async fn a_value_changed_inside_an_entry_is_named_in_the_review_by_its_entry() {
    let entry = |value: u8| {
        format!(r#"{{"settings": [{{"settingId": "{VBA}", "valueName": "vbawarnings", "value": {value}}}]}}"#)
    };
    let fake = FakeGraph::new();
    fake.entity.borrow_mut()["policyPayload"] = stream::encode(&entry(2)).into();
    let mount = render_editor(&fake, || with_catalog(catalog())).await;
    mount.type_payload("policyPayload", &entry(4)).await;
    open_review(&mount).await;
    // The line's path names no policy; the entry it is inside does.
    assert_eq!(mount.text_of("[role=dialog] .change li code"), "/settings/0/value: 2 → 4");
    assert_eq!(
        mount.text_of(&format!("[role=dialog] .change li [data-policy-names=\"{VBA}\"]")),
        " — VBA Macro Notification Settings"
    );
}

#[wasm_bindgen_test]
async fn the_baseline_view_says_which_baseline_policies_the_payload_sets_and_to_what() {
    let mount = with_catalog_and(r#"{"word16;L_VBAWarningsPolicy": 4}"#).await;
    mount.wait_for("the catalog panel", |m| m.find("[data-action=baseline-view]").is_some()).await;
    mount.click("[data-action=baseline-view]");
    mount.wait_for("the baseline view", |m| m.find("[data-baseline-view]").is_some()).await;
    assert!(mount
        .text_of("[data-baseline-view] p")
        .starts_with("This payload sets 1 of the 4 security-baseline policies"));
    let set = format!("[data-baseline-policy=\"{VBA}\"][data-baseline-set=true]");
    assert!(mount.text_of(&set).ends_with("Word4"), "{}", mount.text_of(&set));
    let unset = "[data-baseline-policy=\"office16;L_AutomationSecurity\"][data-baseline-set=false]";
    assert!(mount.text_of(unset).ends_with("not set"), "{}", mount.text_of(unset));
}
