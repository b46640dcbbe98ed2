//! Backup and restore on the built site, against the emulator: export the ticked rows (the file
//! read from the browser's download), edit the file as an admin would, import it (the dry run
//! first, nothing sent), apply, and read the tenant again; bad files are refused with a message
//! and send nothing. Two configurations compared show the review's changes from one to the other.

use e2e::Site;
use fantoccini::Locator;
use graph_emulator::Options;
use serde_json::{json, Value};

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const BASELINE: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const PILOT: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3";
const LEGAL: &str = "d4b2e1f3-8c7e-4d6b-af90-1b2c3d4e5f60";
const KIOSK_GROUP: &str = "11111111-2222-4333-8444-555555555555";
const FRONTLINE_GROUP: &str = graph_emulator::directory::FRONTLINE;
const FINANCE_GROUP: &str = graph_emulator::directory::FINANCE;

async fn open_list(site: &Site) {
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{LEGAL}\"]")).await;
}

/// Writes `text` beside the site and picks it in the import's file input.
async fn import(site: &Site, name: &str, text: &str) {
    let path = site.site_dir.join(name);
    std::fs::write(&path, text).unwrap();
    pick(site, &path).await;
}

/// Picks the file at `path` in the import's file input.
async fn pick(site: &Site, path: &std::path::Path) {
    let path = path.canonicalize().unwrap();
    let input = site.browser.find(Locator::Css("input[name=import-file]")).await.unwrap();
    input.send_keys(&path.to_string_lossy()).await.unwrap();
}

async fn plan(site: &Site) -> Vec<(String, String)> {
    site.wait_for("[role=dialog] li[data-plan]").await;
    let script = "return Array.from(document.querySelectorAll('[role=dialog] li[data-plan]'))
        .map(li => [li.querySelector('strong').textContent, li.dataset.plan]);";
    serde_json::from_value(site.eval(script).await).unwrap()
}

/// Requests that change the tenant (a `$batch` of group reads is a read).
fn writes(site: &Site) -> usize {
    ["POST", "PATCH", "PUT", "DELETE"].iter().flat_map(|m| site.sent(m)).filter(|e| e.path != "/beta/$batch").count()
}

#[tokio::test(flavor = "multi_thread")]
async fn export_edit_the_file_import_with_a_dry_run_and_apply() {
    let site = Site::start(Options::default()).await;
    open_list(&site).await;
    for id in [FINANCE, PILOT] {
        site.click(&format!("input[name=select][data-config-id=\"{id}\"]")).await;
    }
    site.see_text("Export 2 selected").await;
    site.click("[data-action=export]").await;
    let (name, exported) = site.downloaded().await;
    assert!(name.starts_with("office-configurations-global-") && name.ends_with(".json"), "{name}");
    let mut file: Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(file["format"], "office-policy-editor/backup");
    assert_eq!(file["formatVersion"], 1);
    let configs = file["configurations"].as_array().unwrap();
    let ids: Vec<&str> = configs.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(ids, [FINANCE, PILOT], "the ticked rows, by id");
    let pilot = &configs[1];
    assert_eq!(
        pilot["policyPayload"]["settings"][1]["settingId"], "word16;L_AutoRecoverInterval",
        "payloads decoded, not base64"
    );
    assert!(pilot.get("checkinStatuses").is_none(), "no check-in data unless asked");
    assert_eq!(configs[0]["assignments"][0]["groupName"], "Finance", "group names where the directory knows them");

    // The admin edits the file: Pilot's setting changes, Finance stays, and a new one is added
    // with a priority Legal holds.
    // (Pilot's AutoRecover interval, its second entry, from 5 to 10 minutes.)
    file["configurations"][1]["policyPayload"]["settings"][1]["value"] = json!(10);
    file["configurations"].as_array_mut().unwrap().push(json!({
        "displayName": "Restored – kiosk", "description": "from the backup", "priority": 4,
        "policyPayload": {"word": {"blockMacros": true}},
        "assignments": [
            {"groupId": KIOSK_GROUP, "groupName": "Kiosk devices"},
            // A shared file may name a group one thing and hold the id of another.
            {"groupId": FINANCE_GROUP, "groupName": "Pilot testers"}
        ]
    }));
    let reads_before = site.sent("GET").len();
    import(&site, "edited.json", &serde_json::to_string_pretty(&file).unwrap()).await;
    assert_eq!(
        plan(&site).await,
        [
            ("Finance – strict add-ins".to_string(), "unchanged".to_string()),
            ("Pilot – feedback and AutoRecover".to_string(), "update".to_string()),
            ("Restored – kiosk".to_string(), "create".to_string()),
        ]
    );
    assert!(site.sent("GET").len() >= reads_before + 2, "the dry run reads the matched configurations");
    let text = site.text().await;
    assert!(text.contains("/settings/1/value: 5 → 10"), "the review's diff by JSON path: {text}");
    assert!(text.contains("\"Restored – kiosk\" asks for priority 4, which \"Legal – document retention\" has."));
    assert_eq!(writes(&site), 0, "nothing is sent before Confirm");
    // Its group is not in this tenant: Confirm waits until it is mapped (or assignments skipped).
    site.see_text("1 group(s) of the file do not exist in this tenant").await;
    let confirm = site.wait_for("[role=dialog] [data-action=confirm]").await;
    assert!(confirm.attr("disabled").await.unwrap().is_some());
    site.type_into("map-group", "front").await;
    site.click(&format!("[data-action=map-group][data-group-id=\"{FRONTLINE_GROUP}\"]")).await;
    site.wait_for(&format!("[data-mapped-to=\"{FRONTLINE_GROUP}\"]")).await;
    site.click("input[name=renumber]").await;
    site.see_text("Priority 4 → 5 (renumbered)").await;
    // The create shows everything it will be created with, its groups as the directory names them.
    let text = site.text().await;
    for shown in ["\"\" → \"from the backup\"", "/word: added {\"blockMacros\":true}", "Its groups in this tenant:"] {
        assert!(text.contains(shown), "{shown} in {text}");
    }
    let flagged = site.wait_for(&format!("[data-target-group=\"{FINANCE_GROUP}\"][data-name-differs]")).await;
    let said = flagged.text().await.unwrap();
    assert!(said.starts_with("Finance — the file calls it \"Pilot testers\""), "{said}");
    site.wait_for(&format!("[data-target-group=\"{FRONTLINE_GROUP}\"]:not([data-name-differs])")).await;
    // Its groups are written only when ticked.
    let tick = site.wait_for("input[name=assign-created]").await;
    assert_eq!(tick.prop("checked").await.unwrap().as_deref(), Some("false"));
    site.screenshot("import-dry-run.png").await;
    site.click("input[name=assign-created]").await;
    site.click("[role=dialog] [data-action=confirm]").await;
    site.see_text("Done. 2 applied, 0 with a problem").await;

    let patch = site.sent("PATCH");
    assert_eq!(patch.len(), 1);
    assert_eq!(patch[0].path, format!("{BASE}/{PILOT}"));
    let body: Value = serde_json::from_str(&patch[0].body).unwrap();
    let keys: Vec<&String> = body.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["@odata.type", "policyPayload"], "only what the file changed");
    let post = site.sent("POST").into_iter().find(|e| e.path == BASE).expect("a create");
    let created: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(created["displayName"], "Restored – kiosk");
    assert_eq!(created["priority"], 5);
    let assign = site.sent("POST").into_iter().find(|e| e.path.ends_with("/assign")).expect("its groups");
    assert!(assign.body.contains(FRONTLINE_GROUP) && !assign.body.contains(KIOSK_GROUP), "{}", assign.body);
    assert!(assign.body.contains(FINANCE_GROUP), "the ticked groups, as shown: {}", assign.body);
    // The list is read again and shows the new one.
    site.click("[role=dialog] [data-action=cancel]").await;
    site.see_text("Restored – kiosk").await;
    // Exported again, the tenant now matches the file (but for the renumbered priority).
    site.click("input[name=select-all]").await;
    site.click("[data-action=export]").await;
    site.eventually("a second file, of all six", || async {
        let (_, again) = site.downloaded().await;
        serde_json::from_str::<Value>(&again).is_ok_and(|f| f["configurations"].as_array().map_or(0, Vec::len) == 6)
    })
    .await;
    site.assert_no_csp_violation().await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_untouched_tenant_exported_and_imported_sends_nothing_and_one_digit_is_a_change() {
    use base64::Engine as _;
    let site = Site::start(Options::default()).await;
    // Graph's text: a number past f64's 17 digits and an escape, which a round trip through
    // serde_json's values would turn into 1.2345678901234568e22 and "é".
    let text = r#"{"word":{"n":12345678901234567890123,"s":"caf\u00e9"}}"#;
    let payload = base64::engine::general_purpose::STANDARD.encode(text);
    assert!(site.emulator.seed_changes(FINANCE, json!({"policyPayload": payload}).as_object().unwrap().clone()));
    open_list(&site).await;
    site.click("input[name=select-all]").await;
    site.click("[data-action=export]").await;
    let (_, exported) = site.downloaded().await;
    assert!(
        exported.contains(r#""n": 12345678901234567890123,"#) && exported.contains(r#""s": "caf\u00e9""#),
        "{exported}"
    );

    import(&site, "untouched.json", &exported).await;
    let kinds = plan(&site).await;
    assert_eq!(kinds.len(), 5, "{kinds:?}");
    assert!(kinds.iter().all(|(_, kind)| kind == "unchanged"), "{kinds:?}");
    site.click("[role=dialog] [data-action=cancel]").await;

    import(&site, "one-digit.json", &exported.replace("12345678901234567890123", "12345678901234567890124")).await;
    let kinds = plan(&site).await;
    assert_eq!(kinds.iter().filter(|(_, kind)| kind == "update").count(), 1, "{kinds:?}");
    site.see_text("/word/n: 12345678901234567890123 → 12345678901234567890124").await;
    assert_eq!(writes(&site), 0, "nothing is sent before Confirm");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_files_are_refused_with_a_message_and_nothing_is_sent() {
    let site = Site::start(Options::default()).await;
    open_list(&site).await;
    let file = |configurations: Value| {
        json!({"format": "office-policy-editor/backup", "formatVersion": 1, "configurations": configurations})
            .to_string()
    };
    let cases = [
        ("{ not json".to_string(), "The file is not JSON"),
        (
            json!({"format": "office-policy-editor/backup", "formatVersion": 9, "configurations": []}).to_string(),
            "formatVersion is 9",
        ),
        (
            file(json!([{"displayName": "X", "policyPayload": "eyJhIjoxfQ=="}])),
            "its policyPayload is not JSON settings but a string",
        ),
        (file(json!([{"description": "no name"}])), "it has no displayName"),
    ];
    for (i, (text, message)) in cases.iter().enumerate() {
        import(&site, &format!("bad-{i}.json"), text).await;
        site.wait_for("[role=dialog] [role=alert]").await;
        site.see_text(message).await;
        assert!(site.browser.find(Locator::Css("[role=dialog] [data-action=confirm]")).await.is_err(), "no Confirm");
        site.click("[role=dialog] [data-action=cancel]").await;
    }
    // Over 50 MB: refused by its size, unread (a sparse file: nothing is written to disk).
    let huge = site.site_dir.join("huge.json");
    std::fs::File::create(&huge).unwrap().set_len(51_000_000).unwrap();
    pick(&site, &huge).await;
    site.wait_for("[role=dialog] [role=alert]").await;
    site.see_text("This file is 51.0 MB; a backup file may be at most 50 MB, so it was not read.").await;
    assert_eq!(writes(&site), 0);
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn two_configurations_are_compared_as_the_review_shows_changes() {
    let site = Site::start(Options::default()).await;
    open_list(&site).await;
    let compare = site.wait_for("[data-action=compare]").await;
    assert!(compare.attr("disabled").await.unwrap().is_some(), "two rows must be ticked");
    for id in [BASELINE, FINANCE] {
        site.click(&format!("input[name=select][data-config-id=\"{id}\"]")).await;
    }
    site.click("[data-action=compare]").await;
    site.wait_for("[role=dialog].compare section.change[data-property=policyPayload]").await;
    let text = site.text().await;
    assert!(text.contains("\"Security baseline – all users\" → \"Finance – strict add-ins\""), "{text}");
    // Both keep the service's entries: Word's macro notification (vbawarnings) 2 → 4.
    assert!(text.contains("/settings/0/value: 2 → 4"), "{text}");
    assert!(site
        .browser
        .find(Locator::Css("[role=dialog] section.change[data-property=checkinStatuses]"))
        .await
        .is_err());
    assert_eq!(site.sent("PATCH").len() + site.sent("DELETE").len(), 0, "comparing sends nothing");
    site.click("[role=dialog] [data-action=cancel]").await;
    site.close().await;
}
