//! The payload editor (CodeMirror 6) in the built site: loaded only when a payload is shown,
//! named by its property, typed into over WebDriver as a person types, validated by our core
//! with a marker in the gutter, accessible (label, described errors, Tab leaves), and with
//! the code editor's search and undo.

use e2e::Site;
use graph_emulator::Options;
use serde_json::json;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

/// Whether the page has fetched the editor's module.
const LOADED_MODULE: &str =
    "return performance.getEntriesByType('resource').some(e => e.name.endsWith('/codemirror.js'));";

#[tokio::test(flavor = "multi_thread")]
async fn the_payload_editor_loads_with_the_first_payload_and_is_a_code_editor_for_keyboard_and_screen_reader() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.see_text("Finance – strict add-ins").await;
    assert_eq!(site.eval(LOADED_MODULE).await, json!(false), "the list never loads the editor");

    site.open(&format!("#/configurations/{FINANCE}")).await;
    let editor = site.control("policyPayload").await;
    assert_eq!(site.eval(LOADED_MODULE).await, json!(true));
    assert_eq!(editor.attr("class").await.unwrap().as_deref(), Some("cm-content"), "CodeMirror's editable element");
    let label = site
        .eval("const e = document.querySelector('[name=policyPayload]'); return document.getElementById(e.getAttribute('aria-labelledby')).textContent;")
        .await;
    assert_eq!(label, json!("Policy payload (JSON)"));
    assert_eq!(
        site.eval("return document.querySelectorAll('.cm-content[name=policyPayload], .cm-content[name=userPreferencePayload]').length;").await,
        json!(2)
    );

    // Invalid JSON: our core's message, a marker in the gutter, and the error read out.
    site.type_into("policyPayload", "{\"excel\": 1,}").await;
    site.wait_for("[name=policyPayload][aria-invalid=true]").await;
    site.wait_for(".payload .cm-lint-marker-error").await;
    let described = site
        .eval("const e = document.querySelector('[name=policyPayload]'); return e.getAttribute('aria-describedby').split(' ').map(id => document.getElementById(id).textContent).join(' | ');")
        .await;
    let described = described.as_str().unwrap().to_string();
    assert!(described.contains("not JSON: line 1, column 13"), "{described}");
    assert!(site.text().await.contains("not JSON: line 1, column 13"));

    // Undo (Ctrl+Z) goes back step by step; the fixed text clears the error.
    let editor = site.control("policyPayload").await;
    editor.send_keys("\u{E009}z\u{E000}").await.unwrap();
    site.eventually("undo to change the text", || async { site.value_of("policyPayload").await != "{\"excel\": 1,}" })
        .await;
    site.type_into("policyPayload", "{\"excel\": 1}").await;
    site.wait_for("[name=policyPayload][aria-invalid=false]").await;

    // Search (Ctrl+F) opens CodeMirror's search panel; Escape closes it.
    let editor = site.control("policyPayload").await;
    editor.send_keys("\u{E009}f\u{E000}").await.unwrap();
    site.wait_for(".cm-search input[name=search]").await;

    // Tab leaves the editor (it is not trapped) and the text has no tab in it.
    let editor = site.control("policyPayload").await;
    editor.click().await.unwrap();
    editor.send_keys("\u{E004}").await.unwrap();
    let focused = site.eval("return document.activeElement.getAttribute('name');").await;
    assert_ne!(focused, json!("policyPayload"), "Tab moved the focus on");
    assert!(!site.value_of("policyPayload").await.contains('\t'));
    site.assert_no_csp_violation().await;
    site.close().await;
}
