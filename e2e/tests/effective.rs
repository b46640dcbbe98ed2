//! The effective policy of a user on the built site, against the emulator's directory: Ada is
//! in All users (Security baseline, priority 0) and, through Finance contractors, in Finance
//! (Finance – strict add-ins, priority 1); the baseline applies, and where Finance sets a
//! setting differently the page says what it would have set. Alan's groups have none.

use e2e::Site;
use graph_emulator::Options;

const BASELINE: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

async fn pick(site: &Site, query: &str, label: &str) {
    site.type_into("user", query).await;
    site.see_text(label).await;
    site.click("[data-action=pick-user]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_highest_priority_of_the_users_groups_applies_and_the_others_are_shown() {
    let site = Site::start(Options::default()).await;
    site.open("#/effective").await;
    pick(&site, "ada", "Ada Lovelace").await;
    site.wait_for(&format!("[data-winner=\"{BASELINE}\"]")).await;
    site.see_text("Ada Lovelace is in 4 group(s)").await;
    site.see_text("Applies: Security baseline – all users (priority 0, through All users)").await;
    site.wait_for(&format!("ol.losers li[data-config-id=\"{FINANCE}\"]")).await;
    site.see_text("Finance – strict add-ins (priority 1, through Finance, Finance contractors)").await;
    let contested =
        site.eval("return document.querySelector('tr[data-setting=\"/settings[word16;L_VBAWarningsPolicy vbawarnings]\"]').textContent;").await;
    let contested = contested.as_str().unwrap();
    // The service's entries, compared policy by policy: Word's macro notification, 2 here.
    assert!(contested.contains("Finance – strict add-ins would have set this to 4"), "{contested}");
    let member_of =
        site.sent("GET").into_iter().find(|e| e.path.contains("/transitiveMemberOf/")).expect("nested groups read");
    assert_eq!(member_of.headers["consistencylevel"], "eventual");
    site.click("input[name=contested-only]").await;
    site.eventually("only contested settings", || async {
        site.eval("return document.querySelectorAll('tr[data-setting]:not(.contested)').length;").await
            == serde_json::json!(0)
    })
    .await;
    site.screenshot("effective-policy.png").await;

    pick(&site, "alan", "Alan Turing").await;
    site.wait_for("[data-winner=\"\"]").await;
    site.see_text("No configuration is assigned to any of Alan Turing's groups: none applies.").await;
    site.assert_no_csp_violation().await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_directory_consent_the_page_says_what_it_needs() {
    let site = Site::start(Options { directory_consent: false, ..Options::default() }).await;
    site.open("#/effective").await;
    site.type_into("user", "ada").await;
    site.wait_for("[data-notice=no-directory-consent]").await;
    site.see_text("needs User.ReadBasic.All and GroupMember.Read.All").await;
    site.close().await;
}
