//! The check-in report on the built site, with 50,000 rows: read-only by default, only the rows
//! in view rendered, the filter, failed-only, sort, the count in `aria-rowcount`, scrolling, the
//! CSV export of exactly the rows shown (read back from the browser's download), and the switch
//! to the form's controls.

use e2e::Site;
use graph_emulator::Options;
use serde_json::{json, Map, Value};

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const ROWS: usize = 50_000;

fn row(i: usize) -> Value {
    json!({
        "userPrincipalName": format!("user{i:05}@contoso.com"),
        "deviceName": format!("PC-{:05}", ROWS - i),
        "devicePlatform": if i % 3 == 0 { "macOS" } else { "Windows" },
        "devicePlatformVersion": "11",
        "wasSuccessful": i % 7 != 0,
        "checkinDateTime": format!("2026-11-{:02}T08:00:00Z", 1 + i % 28),
        "errorMessage": if i % 7 == 0 { "Policy \"Finance\", not applied" } else { "" },
        "appliedPolicies": ["Baseline", "Finance"]
    })
}

async fn attr(site: &Site, css: &str, name: &str) -> String {
    site.wait_for(css).await.attr(name).await.unwrap().unwrap_or_default()
}

async fn rendered(site: &Site) -> usize {
    site.eval("return document.querySelectorAll('[role=grid] tbody tr:not(.spacer)').length;").await.as_u64().unwrap()
        as usize
}

#[tokio::test(flavor = "multi_thread")]
async fn fifty_thousand_check_ins_read_as_a_report() {
    let site = Site::start(Options::default()).await;
    let mut changes = Map::new();
    changes.insert("checkinStatuses".into(), Value::Array((0..ROWS).map(row).collect()));
    site.emulator.seed_changes(FINANCE, changes);
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.wait_for("[role=grid]").await;
    assert_eq!(attr(&site, "[role=grid]", "aria-rowcount").await, ROWS.to_string());
    let shown = rendered(&site).await;
    assert!((15..=40).contains(&shown), "only the rows in view are rendered: {shown}");
    assert!(
        site.browser.find(fantoccini::Locator::Css("[name=\"checkinStatuses.0.deviceName\"]")).await.is_err(),
        "read-only"
    );
    site.see_text(&format!("Showing {ROWS} of {ROWS} check-ins")).await;
    site.eval("document.querySelector('.report').scrollIntoView();").await;
    site.screenshot("checkin-report.png").await;

    // Scrolled half way, the rows there are rendered.
    site.eval("const s = document.querySelector('.report-scroll'); s.scrollTop = 32 * 25000; s.dispatchEvent(new Event('scroll'));").await;
    site.eventually("row 25,001 in view", || async {
        site.eval("return Array.from(document.querySelectorAll('[role=grid] tbody tr[aria-rowindex]')).some(r => r.getAttribute('aria-rowindex') === '25001');")
            .await
            == json!(true)
    })
    .await;

    // Filter, failed only, sort.
    site.type_into("checkin-filter", "user0001").await;
    site.eventually("ten rows", || async { attr(&site, "[role=grid]", "aria-rowcount").await == "10" }).await;
    site.click("input[name=failed-only]").await;
    // Of user00010..user00019, i % 7 == 0: 14.
    site.eventually("one failed row", || async { attr(&site, "[role=grid]", "aria-rowcount").await == "1" }).await;
    site.see_text("Showing 1 of 50000 check-ins").await;
    site.click("input[name=failed-only]").await;
    site.click("button[data-sort=deviceName]").await;
    let first = site
        .eval("return document.querySelector('[role=grid] tbody tr[aria-rowindex=\"1\"] td:nth-child(2)').textContent;")
        .await;
    assert_eq!(first, json!("PC-49981"), "sorted by device name (user00019 has the lowest)");

    // CSV of exactly the rows shown, quoted as RFC 4180 says.
    site.type_into("checkin-filter", "user0001").await;
    site.click("input[name=failed-only]").await;
    site.eventually("one failed row again", || async { attr(&site, "[role=grid]", "aria-rowcount").await == "1" })
        .await;
    site.click("[data-action=export-csv]").await;
    let (name, csv) = site.downloaded().await;
    assert_eq!(name, format!("checkins-{FINANCE}.csv"));
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("\"userPrincipalName\",\"deviceName\","));
    assert_eq!(
        lines[1],
        "\"user00014@contoso.com\",\"PC-49986\",\"Windows\",\"11\",\"false\",\"\",\"2026-11-15T08:00:00Z\",\"Policy \"\"Finance\"\", not applied\",\"Baseline; Finance\""
    );

    // The form's controls, behind the switch.
    site.edit_checkins().await;
    site.control("checkinStatuses.0.deviceName").await;
    site.assert_no_csp_violation().await;
    site.close().await;
}
