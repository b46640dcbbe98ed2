//! The published Graph contract on the built site, against the strict emulator: a Graph that
//! no longer serves `officeConfiguration`, a schema drift in the list's `$select`, a user in
//! more groups than one page of `transitiveMemberOf` holds, the address as the truth, and the
//! tenant's check-in health from the `officeConfiguration` singleton.

use e2e::Site;
use graph_emulator::directory::many_group;
use graph_emulator::faults::{Fault, FaultKind};
use graph_emulator::Options;
use serde_json::json;

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const BASELINE: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
const LEGAL: &str = "d4b2e1f3-8c7e-4d6b-af90-1b2c3d4e5f60";

fn office_requests(site: &Site) -> usize {
    site.emulator.journal().iter().filter(|e| e.path.starts_with("/beta/officeConfiguration")).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_graph_without_office_configuration_gets_one_message_and_one_request_per_page() {
    let site = Site::start(Options { office_configuration: false, ..Options::default() }).await;
    site.open("#/configurations").await;
    site.see_text("no longer serves officeConfiguration").await;
    site.see_text("config.office.com").await;
    assert_eq!(office_requests(&site), 1, "the list page asked once, and did not retry");
    // The rest of the app keeps working: the header names the tenant, other pages open.
    site.wait_for("span.tenant").await;
    site.open(&format!("#/configurations/{BASELINE}")).await;
    site.see_text("no longer serves officeConfiguration").await;
    assert_eq!(office_requests(&site), 2, "the editor asked once");
    site.assert_no_csp_violation().await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_select_graph_refuses_is_dropped_once_and_the_list_still_shows() {
    let site = Site::start(Options::default()).await;
    site.emulator.inject(Fault {
        method: "GET".into(),
        path: BASE.into(),
        kind: FaultKind::Status {
            status: 400,
            retry_after: None,
            code: Some("BadRequest".into()),
            claims: None,
            message: Some("Could not find a property named 'userCheckinSummary' on type 'microsoft.graph.officeClientConfiguration'.".into()),
            ids_in_headers_only: false,
        },
        count: 1,
    });
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{LEGAL}\"]")).await;
    let lists: Vec<String> =
        site.sent("GET").into_iter().filter(|e| e.path == BASE).map(|e| e.query.unwrap_or_default()).collect();
    assert_eq!(lists.len(), 2, "{lists:?}");
    assert!(lists[0].contains("$select=id,displayName,description,priority,userCheckinSummary&$expand=assignments"));
    assert!(!lists[0].contains("lastModifiedDateTime"), "the type has none: never selected");
    assert_eq!(lists[1], "$expand=assignments", "once more without the refused $select");
    // The strict emulator sends no lastModifiedDateTime: the column says so, not an empty cell.
    let modified = site
        .eval(&format!("return document.querySelector('tr[data-config-id=\"{LEGAL}\"] .no-value').textContent;"))
        .await;
    assert_eq!(modified, json!("—"));
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_in_1200_groups_gets_the_configuration_of_a_group_on_the_second_page() {
    let site = Site::start(Options::default()).await;
    let late_group = many_group(1_100);
    let assignment = json!([{"id": "late", "target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": late_group}}]);
    assert!(site.emulator.seed_changes(LEGAL, json!({"assignments": assignment}).as_object().unwrap().clone()));
    site.open("#/effective").await;
    site.type_into("user", "mary").await;
    site.see_text("Mary Manygroups").await;
    site.click("[data-action=pick-user]").await;
    site.wait_for(&format!("[data-winner=\"{LEGAL}\"]")).await;
    site.see_text("Mary Manygroups is in 1200 group(s)").await;
    // The first page's path has the id percent-encoded, the next link's has it as Graph writes it.
    let pages = site.sent("GET").into_iter().filter(|e| e.path.contains("/transitiveMemberOf/")).count();
    assert_eq!(pages, 2, "both pages of transitiveMemberOf were read");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_address_is_the_truth_the_header_link_drops_a_search_typed_before() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{LEGAL}\"]")).await;
    site.type_into("search", "legal").await;
    site.eventually("one row", || async {
        site.eval("return document.querySelectorAll('tr[data-config-id]').length;").await == json!(1)
    })
    .await;
    site.click("nav.pages a[href='#/configurations']").await;
    site.eventually("every row again, and an empty search box", || async {
        site.eval("return document.querySelectorAll('tr[data-config-id]').length;").await == json!(5)
            && site.value_of("search").await.is_empty()
    })
    .await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_tenants_check_in_health_is_on_the_list_and_its_check_ins_open_in_the_report() {
    let site = Site::start(Options::default()).await;
    let demo = graph_emulator::seed::demo();
    let users = |key: &str| demo.iter().map(|c| c["userCheckinSummary"][key].as_i64().unwrap()).sum::<i64>();
    let rows = demo.iter().map(|c| c["checkinStatuses"].as_array().map_or(0, |r| r.len().min(10))).sum::<usize>();
    site.open("#/configurations").await;
    let health = site.wait_for("[data-tenant-health]").await;
    assert_eq!(health.attr("data-succeeded").await.unwrap(), Some(users("succeededUserCount").to_string()));
    assert_eq!(health.attr("data-failed").await.unwrap(), Some(users("failedUserCount").to_string()));
    let singleton: Vec<String> = site
        .sent("GET")
        .into_iter()
        .filter(|e| e.path == "/beta/officeConfiguration")
        .map(|e| e.query.unwrap_or_default())
        .collect();
    assert_eq!(singleton, ["$select=tenantUserCheckinSummary"], "the summary only, after the list");

    // The tenant's rows in the check-in report: its count, filter and CSV.
    site.click("[data-action=tenant-checkins]").await;
    let grid = site.wait_for(".tenant-health [role=grid]").await;
    assert_eq!(grid.attr("aria-rowcount").await.unwrap(), Some(rows.to_string()));
    site.see_text(&format!("Showing {rows} of {rows} check-ins")).await;
    site.screenshot("tenant-checkins.png").await;
    site.click("input[name=failed-only]").await;
    site.eventually("only failed check-ins", || async {
        site.eval("return Array.from(document.querySelectorAll('.tenant-health [role=grid] tbody tr[aria-rowindex]')).every(r => r.classList.contains('failed'));")
            .await
            == json!(true)
    })
    .await;
    let failed = site.wait_for(".tenant-health [role=grid]").await.attr("aria-rowcount").await.unwrap().unwrap();
    site.click("[data-action=export-csv]").await;
    let (name, csv) = site.downloaded().await;
    assert_eq!(name, "checkins-tenant.csv");
    assert_eq!(csv.split("\r\n").filter(|l| !l.is_empty()).count(), 1 + failed.parse::<usize>().unwrap(), "{csv}");

    // Hidden and shown again: the same rows, not read twice.
    site.click("[data-action=tenant-checkins]").await;
    site.eventually("the report closed", || async {
        site.eval("return document.querySelector('.tenant-health [role=grid]') === null;").await == json!(true)
    })
    .await;
    site.click("[data-action=tenant-checkins]").await;
    site.wait_for(".tenant-health [role=grid]").await;
    let reads = site.sent("GET").into_iter().filter(|e| e.path == "/beta/officeConfiguration").count();
    assert_eq!(reads, 2, "the summary, then the rows once");
    site.assert_no_csp_violation().await;
    site.close().await;
}
