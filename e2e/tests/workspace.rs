//! The workspace on the built site, against the emulator: search, sort and the URL that keeps
//! them; create, copy and delete (confirmed and cancelled); reorder through one
//! `updatePriorities` in either spelling; the keyboard. The journal must hold exactly the
//! requests each step implies.

use e2e::Site;
use fantoccini::{key::Key, Locator};
use graph_emulator::{Options, PrioritiesSpelling};
use serde_json::{json, Value};

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const BASELINE: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const PILOT: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3";
const FRONTLINE: &str = "c3a1f0e2-7b6d-4c5a-9e8f-0a1b2c3d4e5f";
const LEGAL: &str = "d4b2e1f3-8c7e-4d6b-af90-1b2c3d4e5f60";

async fn row_ids(site: &Site) -> Vec<String> {
    let script = "return Array.from(document.querySelectorAll('tr[data-config-id]')).map(r => r.dataset.configId);";
    serde_json::from_value(site.eval(script).await).unwrap()
}

async fn open_list(site: &Site) {
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{LEGAL}\"]")).await;
}

fn body(entry: &graph_emulator::JournalEntry) -> Value {
    serde_json::from_str(&entry.body).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn search_and_sort_filter_the_list_and_the_url_keeps_them() {
    let site = Site::start(Options::default()).await;
    open_list(&site).await;
    assert_eq!(row_ids(&site).await, [BASELINE, FINANCE, PILOT, FRONTLINE, LEGAL], "by priority");
    site.screenshot("list.png").await;
    let list_get = site.sent("GET").into_iter().find(|e| e.path == BASE).unwrap();
    let query = list_get.query.unwrap_or_default();
    assert!(query.contains("$select=id,displayName,description,priority,userCheckinSummary&"), "{query}");
    // The description is searched too, as you type.
    site.type_into("search", "shop floor").await;
    site.eventually("one row", || async { row_ids(&site).await == [FRONTLINE] }).await;
    site.type_into("search", "").await;
    site.click("button[data-sort=name]").await;
    site.eventually("by name", || async { row_ids(&site).await == [FINANCE, FRONTLINE, LEGAL, PILOT, BASELINE] }).await;
    site.click("button[data-sort=name]").await;
    site.eventually("by name, reversed", || async {
        row_ids(&site).await == [BASELINE, PILOT, LEGAL, FRONTLINE, FINANCE]
    })
    .await;
    site.type_into("search", "l").await;
    let hash = site.eval("return location.hash;").await;
    assert_eq!(hash, json!("#/configurations?q=l&sort=-name"));
    // A reload keeps both.
    site.browser.refresh().await.unwrap();
    site.wait_for("tr[data-config-id]").await;
    site.eventually("the same rows after a reload", || async {
        row_ids(&site).await == [BASELINE, PILOT, LEGAL, FRONTLINE, FINANCE]
    })
    .await;
    assert_eq!(site.value_of("search").await, "l");
    // Keyboard: / focuses the search; arrows move through rows; Enter opens.
    site.type_into("search", "").await;
    site.browser.find(Locator::Css("h1")).await.unwrap().click().await.unwrap();
    site.browser.active_element().await.unwrap().send_keys("/").await.unwrap();
    let focused = site.eval("return document.activeElement.name;").await;
    assert_eq!(focused, json!("search"));
    site.eval(&format!("document.querySelector('tr[data-config-id=\"{BASELINE}\"]').focus(); return null;")).await;
    let active = site.browser.active_element().await.unwrap();
    active.send_keys(&(Key::Down.to_string())).await.unwrap();
    site.browser.active_element().await.unwrap().send_keys(&(Key::Enter.to_string())).await.unwrap();
    site.eventually("the editor of the second row", || async {
        site.eval("return location.hash;").await.as_str().is_some_and(|h| h.starts_with("#/configurations/"))
    })
    .await;
    site.control("displayName").await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn create_copy_and_delete_ask_first_and_send_what_they_say() {
    let site = Site::start(Options::default()).await;
    open_list(&site).await;
    // New: the next free priority is offered, a taken one is refused before anything is sent.
    site.click("[data-action=new]").await;
    site.wait_for("[role=dialog]").await;
    assert_eq!(site.value_of("new-priority").await, "5");
    site.type_into("new-displayName", "Marketing – templates").await;
    site.type_into("new-priority", "1").await;
    site.see_text("Priority 1 is already used by \"Finance – strict add-ins\"").await;
    site.type_into("new-priority", "5").await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.wait_for_value("displayName", "Marketing – templates").await;
    let posts: Vec<_> = site.sent("POST").into_iter().filter(|e| e.path == BASE).collect();
    assert_eq!(posts.len(), 1);
    assert_eq!(
        body(&posts[0]),
        json!({"@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration", "displayName": "Marketing – templates", "priority": 5})
    );

    // Copy Finance with its groups: its description and payloads, a new name, then one assign.
    open_list(&site).await;
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] [data-action=copy]")).await;
    assert_eq!(site.value_of("new-displayName").await, "Copy of Finance – strict add-ins");
    site.click("[role=dialog] input[name=copy-groups]").await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.wait_for_value("displayName", "Copy of Finance – strict add-ins").await;
    let finance = Value::Object(graph_emulator::seed::demo().into_iter().find(|c| c["id"] == FINANCE).unwrap());
    let posts: Vec<_> = site.sent("POST").into_iter().filter(|e| e.path == BASE).collect();
    let copy = body(&posts[1]);
    assert_eq!(copy["description"], finance["description"]);
    assert_eq!(copy["policyPayload"], finance["policyPayload"]);
    assert_eq!(copy["userPreferencePayload"], finance["userPreferencePayload"]);
    assert_eq!(copy["priority"], 6);
    assert!(copy.get("assignments").is_none());
    let assigns: Vec<_> = site.sent("POST").into_iter().filter(|e| e.path.ends_with("/assign")).collect();
    assert_eq!(assigns.len(), 1);
    let assigned = body(&assigns[0]);
    let groups: Vec<&str> = assigned["officeConfigurationAssignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["target"]["groupId"].as_str().unwrap())
        .collect();
    assert_eq!(groups, ["0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808", "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4"]);

    // Delete: the dialog names the groups; Cancel sends nothing; Confirm sends one DELETE.
    open_list(&site).await;
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] [data-action=delete]")).await;
    site.see_text("Delete \"Finance – strict add-ins\"?").await;
    site.see_text("0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808").await;
    site.click("[role=dialog] [data-action=cancel]").await;
    assert!(site.sent("DELETE").is_empty());
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] [data-action=delete]")).await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.see_text("Deleted \"Finance – strict add-ins\".").await;
    let deletes = site.sent("DELETE");
    assert_eq!(deletes.len(), 1);
    assert_eq!(deletes[0].path, format!("{BASE}/{FINANCE}"));
    assert!(!row_ids(&site).await.contains(&FINANCE.to_string()));
    site.close().await;
}

/// Reorders Legal to the top: one call, only the rows whose number changes.
async fn move_legal_to_the_top(site: &Site) {
    open_list(site).await;
    site.click("[data-action=reorder]").await;
    for _ in 0..4 {
        site.click(&format!("tr[data-config-id=\"{LEGAL}\"] [data-action=move-up]")).await;
    }
    site.eventually("Legal first", || async { row_ids(site).await.first().map(String::as_str) == Some(LEGAL) }).await;
    let shown = site
        .eval(&format!("return document.querySelector('tr[data-config-id=\"{LEGAL}\"] [data-priority]').textContent;"))
        .await;
    assert_eq!(shown, json!("4 → 0"), "old → new");
    site.click("[data-action=save-priorities]").await;
    site.see_text("Priorities saved.").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reorder_is_one_update_priorities_in_whichever_spelling_graph_takes() {
    for (accepted, spellings) in [
        (PrioritiesSpelling::Both, vec!["microsoft.graph.updatePriorities"]),
        (
            PrioritiesSpelling::Management,
            vec!["microsoft.graph.updatePriorities", "microsoft.management.services.api.updatePriorities"],
        ),
    ] {
        let site = Site::start(Options { priorities_spelling: accepted, ..Options::default() }).await;
        move_legal_to_the_top(&site).await;
        let calls: Vec<_> = site.sent("POST").into_iter().filter(|e| e.path.contains("updatePriorities")).collect();
        let paths: Vec<String> = calls.iter().map(|e| e.path.rsplit('/').next().unwrap().to_string()).collect();
        assert_eq!(paths, spellings, "{accepted:?}");
        assert_eq!(
            body(calls.last().unwrap()),
            json!({"officeConfigurationPolicyIds": [LEGAL, BASELINE, FINANCE, PILOT, FRONTLINE], "officeConfigurationPriorities": [0, 1, 2, 3, 4]})
        );
        site.eventually("the list read again, in the new order", || async {
            row_ids(&site).await == [LEGAL, BASELINE, FINANCE, PILOT, FRONTLINE]
        })
        .await;
        // Nothing moved: nothing is sent.
        site.click("[data-action=reorder]").await;
        site.click("[data-action=save-priorities]").await;
        site.wait_for("[data-action=reorder]").await;
        let count = || site.sent("POST").into_iter().filter(|e| e.path.contains("updatePriorities")).count();
        assert_eq!(count(), calls.len());
        // The spelling that worked is kept: the next reorder goes straight to it.
        site.click("[data-action=reorder]").await;
        site.click(&format!("tr[data-config-id=\"{FRONTLINE}\"] [data-action=move-up]")).await;
        site.click("[data-action=save-priorities]").await;
        site.eventually("one more call", || async { count() == calls.len() + 1 }).await;
        let last = site.sent("POST").into_iter().rfind(|e| e.path.contains("updatePriorities")).unwrap();
        assert!(last.path.ends_with(spellings.last().unwrap()), "remembered: {}", last.path);
        site.close().await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn the_review_shows_the_changes_and_the_exact_requests_the_journal_then_records() {
    let site = Site::start(Options::default()).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("displayName").await;
    site.type_into("displayName", "Finance – it's \"$reviewed\"").await;
    // Word's macro notification, the payload's first entry, from 4 to 1; the others dropped.
    site.type_into("policyPayload", r#"{"settings": [{"settingId": "word16;L_VBAWarningsPolicy", "value": 1}]}"#).await;
    site.type_into("assignments.0.target.groupId", "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f").await;
    site.click("[data-action=save]").await;
    site.wait_for("[role=dialog] [data-preview=request]").await;
    let dialog = site.browser.find(Locator::Css("[role=dialog]")).await.unwrap().text().await.unwrap();
    for line in [
        r#""Finance – strict add-ins" → "Finance – it's \"$reviewed\"""#,
        "added group 3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f",
        "removed group 0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808",
    ] {
        assert!(dialog.contains(line), "{line} in:\n{dialog}");
    }
    let paths = site
        .eval(
            "return Array.from(document.querySelectorAll('[data-property=policyPayload] li')).map(l => l.textContent);",
        )
        .await;
    assert!(
        paths.as_array().unwrap().iter().any(|p| p.as_str().unwrap().starts_with("/settings/0/value: 4 → 1")),
        "{paths}"
    );
    let previews = site
        .eval("return Array.from(document.querySelectorAll('[data-preview=request]')).map(p => ({method: p.dataset.method, url: p.dataset.url, headers: p.querySelector('.headers').textContent, body: p.querySelector('pre.body').textContent}));")
        .await;
    let previews = previews.as_array().unwrap().clone();
    assert_eq!(previews.len(), 2, "one PATCH, one assign");
    let curl = site.eval("return document.querySelector('[data-snippet=curl]').textContent;").await;
    let powershell = site.eval("return document.querySelector('[data-snippet=powershell]').textContent;").await;
    assert!(curl.as_str().unwrap().contains(r#"-H "Authorization: Bearer $TOKEN""#));
    assert!(curl.as_str().unwrap().contains(r#"it'\''s \"$reviewed\""#), "{curl}");
    assert!(powershell.as_str().unwrap().contains(r#"it''s \"$reviewed\""#), "{powershell}");
    assert!(site.sent("PATCH").is_empty(), "nothing is sent while the admin reviews");
    site.screenshot("review.png").await;
    site.confirm_review().await;
    site.see_text("Saved:").await;
    let patch = &site.sent("PATCH")[0];
    let assign = site.sent("POST").into_iter().find(|e| e.path.ends_with("/assign")).unwrap();
    for (preview, sent) in previews.iter().zip([patch, &assign]) {
        assert_eq!(preview["method"], json!(sent.method));
        assert_eq!(preview["url"].as_str().unwrap(), format!("{}{}", site.url, sent.path), "same URL");
        assert_eq!(preview["body"].as_str().unwrap(), sent.body, "the body shown is the body sent, byte for byte");
        let headers = preview["headers"].as_str().unwrap();
        assert!(headers.contains("Authorization: Bearer <redacted>"), "{headers}");
        for (name, value) in headers.lines().filter_map(|l| l.split_once(": ")).filter(|(n, _)| *n != "Authorization") {
            assert_eq!(sent.headers[&name.to_ascii_lowercase()], json!(value), "{name}");
        }
    }
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_graph_that_refuses_inline_payloads_gets_them_by_put_and_the_review_says_so() {
    let site = Site::start(Options { inline_streams: false, ..Options::default() }).await;
    site.open(&format!("#/configurations/{PILOT}")).await;
    site.control("displayName").await;
    site.type_into("description", "Put apart").await;
    site.type_into("policyPayload", r#"{"outlook": {"newOutlookToggle": "off"}}"#).await;
    site.save().await.assert_saved();
    site.see_text("Saved:").await;
    let status = site.eval("return document.querySelector('.status').textContent;").await;
    let patches = site.sent("PATCH");
    assert_eq!(status, json!("Saved: description, policyPayload."));
    assert_eq!(patches.len(), 2, "the refused PATCH, then the rest");
    assert!(body(&patches[0]).get("policyPayload").is_some());
    assert_eq!(body(&patches[1]).get("policyPayload"), None);
    assert_eq!(body(&patches[1])["description"], "Put apart");
    let puts = site.sent("PUT");
    assert_eq!(puts.len(), 1);
    assert_eq!(puts[0].path, format!("{BASE}/{PILOT}/policyPayload"));
    assert_eq!(puts[0].body, r#"{"outlook": {"newOutlookToggle": "off"}}"#, "the raw JSON text");
    assert_eq!(site.value_of("policyPayload").await, r#"{"outlook": {"newOutlookToggle": "off"}}"#);
    // From then on the review shows the PUT, and says why.
    site.type_into("policyPayload", r#"{"outlook": {"newOutlookToggle": "on"}}"#).await;
    site.click("[data-action=save]").await;
    site.wait_for("[data-notice=streams-separately]").await;
    let methods = site
        .eval("return Array.from(document.querySelectorAll('[data-preview=request]')).map(p => p.dataset.method);")
        .await;
    let bodies = site
        .eval(
            "return Array.from(document.querySelectorAll('[data-preview=request] pre.body')).map(p => p.textContent);",
        )
        .await;
    assert_eq!(methods, json!(["PUT"]), "{bodies}");
    site.confirm_review().await;
    site.see_text("Saved: policyPayload.").await;
    assert_eq!(site.sent("PATCH").len(), 2, "no PATCH is refused again");
    assert_eq!(site.sent("PUT").len(), 2);
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn duplicate_priorities_from_the_server_are_flagged_and_renumbered_in_one_call() {
    let site = Site::start(Options::default()).await;
    // Another tool left Pilot and Frontline both at 3.
    let mut changes = serde_json::Map::new();
    changes.insert("priority".into(), json!(3));
    assert!(site.emulator.seed_changes(PILOT, changes));
    open_list(&site).await;
    site.see_text("Priorities used more than once: 3.").await;
    let flagged = site.eval("return Array.from(document.querySelectorAll('td.duplicate')).map(td => td.closest('tr').dataset.configId);").await;
    let mut flagged: Vec<String> = serde_json::from_value(flagged).unwrap();
    flagged.sort();
    let mut expected = vec![PILOT.to_string(), FRONTLINE.to_string()];
    expected.sort();
    assert_eq!(flagged, expected);
    site.click("[data-action=fix-priorities]").await;
    site.see_text("Priorities saved.").await;
    let calls: Vec<_> = site.sent("POST").into_iter().filter(|e| e.path.contains("updatePriorities")).collect();
    assert_eq!(calls.len(), 1);
    // In priority order, then by name: Frontline keeps 3, Pilot moves to 4 and Legal to 5.
    assert_eq!(
        body(&calls[0]),
        json!({"officeConfigurationPolicyIds": [PILOT, LEGAL], "officeConfigurationPriorities": [4, 5]})
    );
    site.eventually("no duplicate left", || async { !site.text().await.contains("Priorities used more than once") })
        .await;
    site.close().await;
}
