//! Groups by name on the built site, against the emulator's directory: assignments show each
//! group's name (read with one `$batch`), a group is added by searching its name, and a tenant
//! that never granted directory reads gets one notice and the object-ID field, validated.

use e2e::Site;
use graph_emulator::directory::{FINANCE, FINANCE_CONTRACTORS, MARKETING};
use graph_emulator::Options;
use serde_json::Value;

const FINANCE_CONFIG: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

async fn group_names(site: &Site) -> Vec<String> {
    let script =
        "return Array.from(document.querySelectorAll('.assignment [data-group-name]')).map(e => e.textContent);";
    serde_json::from_value(site.eval(script).await).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn assignments_show_names_and_a_group_is_added_by_name() {
    let site = Site::start(Options::default()).await;
    site.open(&format!("#/configurations/{FINANCE_CONFIG}")).await;
    site.eventually("both names", || async { group_names(&site).await == ["Finance", "Finance contractors"] }).await;
    site.see_text("Tenant: local development tenant").await;
    let batches = site.sent("POST").into_iter().filter(|e| e.path == "/beta/$batch").count();
    assert_eq!(batches, 1, "both names in one $batch");
    site.type_into("group-search", "mark").await;
    site.click(&format!("[data-action=add-group][data-group-id=\"{MARKETING}\"]")).await;
    site.eventually("three names", || async { group_names(&site).await.len() == 3 }).await;
    let search = site.sent("GET").into_iter().find(|e| e.path == "/beta/groups").expect("a group search");
    assert_eq!(search.headers["consistencylevel"], "eventual");
    assert!(search.query.unwrap_or_default().contains("$search=%22displayName%3Amark%22"));
    site.save().await.assert_saved();
    let assign = site.sent("POST").into_iter().find(|e| e.path.ends_with("/assign")).expect("an assign");
    let body: Value = serde_json::from_str(&assign.body).unwrap();
    let groups: Vec<&str> = body["officeConfigurationAssignments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["target"]["groupId"].as_str().unwrap())
        .collect();
    assert_eq!(groups, [FINANCE, FINANCE_CONTRACTORS, MARKETING]);
    site.assert_no_csp_violation().await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_consent_the_editor_says_so_once_and_takes_object_ids() {
    let site = Site::start(Options { directory_consent: false, ..Options::default() }).await;
    site.open(&format!("#/configurations/{FINANCE_CONFIG}")).await;
    site.wait_for("[data-notice=no-directory-consent]").await;
    site.see_text("need the Group.Read.All permission").await;
    let notices = site.eval("return document.querySelectorAll('[data-notice=no-directory-consent]').length;").await;
    assert_eq!(notices, 1);
    assert!(site.browser.find(fantoccini::Locator::Css("input[name=group-search]")).await.is_err(), "no search");
    assert!(group_names(&site).await.is_empty());
    site.eval("const b = document.querySelector('[data-action=add-assignment]'); b.scrollIntoView({block: 'center'}); b.click();").await;
    site.type_into("assignments.2.target.groupId", "marketing").await;
    site.see_text("is not a GUID").await;
    site.type_into("assignments.2.target.groupId", MARKETING).await;
    site.save().await.assert_saved();
    let assign = site.sent("POST").into_iter().find(|e| e.path.ends_with("/assign")).expect("an assign");
    assert!(assign.body.contains(MARKETING));
    site.close().await;
}
