//! The policy catalog in the built site: templates written for the tests (never Microsoft's)
//! loaded by the catalog's worker — from the site itself (config.json's `catalog`) and from the
//! admin's file picker — then named settings, a policy added from the catalog panel with its
//! typed controls, and a save that sends exactly that entry.

use base64::Engine as _;
use e2e::Site;
use graph_emulator::{seed, template_paths, Options};
use serde_json::{json, Value};
use std::path::PathBuf;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
/// The demo's pilot: two of the service's entries, no macro settings.
const PILOT: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3";
const VBA: &str = "word16;L_VBAWarningsPolicy";

fn templates() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/templates").canonicalize().unwrap()
}

fn decode(b64: &str) -> Value {
    serde_json::from_slice(&base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap()
}

fn seed_policy(id: &str) -> Value {
    let configuration = seed::demo().into_iter().find(|c| c["id"] == id).unwrap();
    decode(configuration["policyPayload"].as_str().unwrap())
}

/// The site, serving the written templates and naming them in its config.json.
async fn site_with_templates() -> Site {
    let site = Site::start(Options { templates: Some(templates()), ..Options::default() }).await;
    site.configure(json!({
        "cloud": "global", "graphBaseUrl": format!("{}/beta", site.url), "auth": { "mode": "token", "token": e2e::TOKEN },
        "catalog": template_paths(&templates()),
    }));
    site
}

/// The catalog's files the page has fetched so far: its part's chunk and its worker's script
/// (the worker's own fetches are not the page's).
async fn catalog_files_fetched(site: &Site) -> Vec<String> {
    let names = site
        .eval("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.slice(1)).filter(p => p.includes('catalog') && !p.startsWith('templates/'));")
        .await;
    names.as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect()
}

async fn summary(site: &Site) -> String {
    site.wait_for("[data-catalog-summary]").await.text().await.unwrap()
}

async fn wait_for_summary(site: &Site, words: &str) {
    site.eventually(&format!("the catalog line to say {words:?}"), || async { summary(site).await.contains(words) })
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_enum_policy_added_from_the_sites_templates_is_exactly_the_entry_saved() {
    let site = site_with_templates().await;
    site.open(&format!("#/configurations/{PILOT}")).await;
    site.control("policyPayload").await;
    // The catalog's part (its state, the worker's client) and the worker come with the first ask.
    assert_eq!(
        catalog_files_fetched(&site).await,
        Vec::<String>::new(),
        "nothing of the catalog before it is asked for"
    );
    site.click("[data-action=load-site-catalog]").await;
    wait_for_summary(&site, "2 templates (office16, word16)").await;
    let fetched = catalog_files_fetched(&site).await;
    assert!(
        fetched.iter().any(|f| f.starts_with("split_catalog_chunk-"))
            && fetched.iter().any(|f| f == "catalog-worker_loader.js"),
        "{fetched:?}"
    );
    assert!(summary(&site).await.contains("8 policies"), "{}", summary(&site).await);
    site.click("section.payload [data-action=view-settings]").await;
    site.wait_for(".catalog-panel").await;
    site.type_into("catalog-search", "macro notification").await;
    site.wait_for(&format!("[data-policy=\"{VBA}\"]")).await;
    site.click(&format!("[data-policy=\"{VBA}\"] [data-action=open-policy]")).await;
    // The enum's choices are the template's display names; the third writes 3.
    let choices = site.wait_for(&format!("select[name=\"{VBA}#L_empty4\"]")).await;
    choices.select_by_value("2").await.unwrap();
    site.click(&format!("[data-policy=\"{VBA}\"] [data-action=add-policy]")).await;
    // The panel marks the policy as set in this payload now.
    site.wait_for(&format!("[data-policy=\"{VBA}\"] [data-policy-set]")).await;
    // The new entry (after the pilot's two) is the tree's focused row, in view.
    site.eventually("the new entry's row to have the focus", || async {
        site.eval("return document.activeElement && document.activeElement.dataset.pointer;").await
            == json!("/settings/2")
    })
    .await;
    site.screenshot("catalog-panel.png").await;
    site.assert_no_csp_violation().await;
    // Appended to the payload's own list of entries, in their shape.
    let mut expected = seed_policy(PILOT);
    expected["settings"].as_array_mut().unwrap().push(json!({
        "settingId": VBA, "app": "Word", "type": "REG_DWORD", "valueName": "vbawarnings", "value": 3
    }));
    site.save().await.assert_saved();
    let patch = site.sent("PATCH");
    let body: Value = serde_json::from_str(&patch.last().expect("a PATCH").body).unwrap();
    assert_eq!(decode(body["policyPayload"].as_str().unwrap()), expected, "exactly the added entry differs");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn picked_files_load_with_a_problem_per_bad_file_and_the_catalog_stays_until_forgotten() {
    let site = site_with_templates().await;
    // The admin's folder: the written templates, and two files that are not templates.
    let folder = site.site_dir.join("picked");
    e2e::copy_dir(&templates(), &folder);
    std::fs::write(folder.join("notes.txt"), "not a template").unwrap();
    std::fs::write(folder.join("ppt16.admx"), "<html><body/></html>").unwrap();
    let folder = folder.canonicalize().unwrap();
    let files: Vec<String> =
        ["office16.admx", "word16.admx", "en-US/office16.adml", "en-US/word16.adml", "notes.txt", "ppt16.admx"]
            .iter()
            .map(|f| folder.join(f).to_string_lossy().into_owned())
            .collect();
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    let input = site.wait_for("input[name=catalog-files]").await;
    input.send_keys(&files.join("\n")).await.unwrap();
    wait_for_summary(&site, "2 templates").await;
    site.wait_for("[data-catalog-problem=\"notes.txt\"]").await;
    let problem = site.wait_for("[data-catalog-problem=\"ppt16.admx\"]").await.text().await.unwrap();
    assert!(problem.contains("its root is <html>"), "{problem}");
    // Another visit: the line is there at once, and the catalog comes back from this browser.
    site.browser.refresh().await.unwrap();
    wait_for_summary(&site, "2 templates").await;
    site.control("policyPayload").await;
    site.click("section.payload [data-action=view-settings]").await;
    site.wait_for(".catalog-panel [data-policy]").await;
    // A payload value the template does not allow is a warning on its row.
    site.click("section.payload [data-action=view-json]").await;
    site.type_into(
        "policyPayload",
        &json!({"settings": [{"settingId": VBA, "valueName": "vbawarnings", "value": 9}]}).to_string(),
    )
    .await;
    site.click("section.payload [data-action=view-settings]").await;
    site.click("[role=treeitem][data-pointer=\"/settings/0\"] .twisty").await;
    let row = site.wait_for("[role=treeitem][data-pointer=\"/settings/0/value\"][data-warning]").await;
    let warning = row.attr("data-warning").await.unwrap().unwrap();
    assert!(warning.starts_with("9 is not one of"), "{warning}");
    // The card says what the template says.
    site.click(&format!("[data-pointer=\"/settings/0/settingId\"] [data-policy-name=\"{VBA}\"]")).await;
    let card = site.wait_for(&format!("[data-policy-card=\"{VBA}\"]")).await.text().await.unwrap();
    assert!(
        card.contains("VBA Macro Notification Settings")
            && card.contains("Security baseline")
            && card.contains("vbawarnings"),
        "{card}"
    );
    site.click("[data-action=forget-catalog]").await;
    wait_for_summary(&site, "No policy catalog loaded").await;
    site.eventually("the panel to go with the catalog", || async {
        site.browser.find(fantoccini::Locator::Css(".catalog-panel")).await.is_err()
    })
    .await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_worker_the_site_lacks_is_said_and_the_editor_goes_on() {
    let site = site_with_templates().await;
    // A deployment that forgot the worker's files.
    for file in ["catalog-worker_loader.js", "catalog-worker.js", "catalog-worker_bg.wasm"] {
        std::fs::remove_file(site.site_dir.join(file)).unwrap();
    }
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    site.click("[data-action=load-site-catalog]").await;
    let error = site.wait_for("[data-catalog-error]").await.text().await.unwrap();
    assert!(error.contains("The catalog's worker stopped"), "{error}");
    assert!(summary(&site).await.contains("No policy catalog loaded"), "{}", summary(&site).await);
    // The editor itself is untouched: its form still takes edits.
    site.type_into("displayName", "Still editing").await;
    assert_eq!(site.value_of("displayName").await, "Still editing");
    site.close().await;
}
