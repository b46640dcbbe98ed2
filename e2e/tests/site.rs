//! The built site in headless Chromium against the Graph emulator: list → open → edit every
//! kind of field → save, then the journal must hold exactly the minimal requests, byte for byte.

use base64::Engine as _;
use e2e::{Site, TOKEN};
use graph_emulator::faults::{Fault, FaultKind};
use graph_emulator::{seed, Options, PatchMode, PayloadMode};
use serde_json::{json, Value};

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const BASELINE: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const NEW_GROUP: &str = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
const TYPE: &str = "#microsoft.graph.windowsOfficeClientSecurityConfiguration";

fn decode(b64: &str) -> String {
    String::from_utf8(base64::engine::general_purpose::STANDARD.decode(b64).unwrap()).unwrap()
}

fn seed_entity(id: &str) -> Value {
    Value::Object(seed::demo().into_iter().find(|c| c["id"] == id).unwrap())
}

fn assert_graph_headers(entry: &graph_emulator::JournalEntry) {
    assert_eq!(entry.headers["authorization"], json!(format!("Bearer {}", graph_emulator::token_fingerprint(TOKEN))));
    assert_eq!(entry.headers["accept"], json!("application/json"));
    let id = entry.headers["client-request-id"].as_str().unwrap();
    assert_eq!((id.len(), id.as_bytes()[14]), (36, b'4'), "a fresh v4 GUID: {id}");
}

/// Opens the list (three pages of two), then the Finance configuration from it.
async fn open_finance(site: &Site) {
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    let rows = site.browser.find_all(fantoccini::Locator::Css("tr[data-config-id]")).await.unwrap();
    assert_eq!(rows.len(), 5, "every page of the collection is listed");
    let pages: Vec<_> = site.sent("GET").into_iter().filter(|e| e.path == BASE).collect();
    assert_eq!(pages.len(), 3, "paged with @odata.nextLink");
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    site.see_text("Finance – strict add-ins").await;
    site.control("displayName").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_kind_of_field_saves_as_one_minimal_patch_and_one_assign() {
    let site = Site::start(Options { page_size: 2, ..Options::default() }).await;

    // The demo state, for the README.
    site.open(&format!("#/configurations/{BASELINE}")).await;
    site.see_text("Check-in statuses (3000)").await;
    site.screenshot("editor.png").await;

    open_finance(&site).await;
    let policy = "{\n\"excel\": {\"blockMacrosFromInternet\": true, \"vbaWarnings\": \"disableAll\"}\n}";
    // The payload editor indents a new line inside braces and outdents a closing brace, as a
    // code editor does: this is the text the admin sees and Graph gets.
    let shown = "{\n  \"excel\": {\"blockMacrosFromInternet\": true, \"vbaWarnings\": \"disableAll\"}\n}";
    let preference = "{\"general\": {\"theme\": \"black\"}}";
    site.type_into("displayName", "Finance – strict add-ins (v2)").await;
    site.type_into("priority", "7").await;
    site.type_into("policyPayload", policy).await;
    site.type_into("userPreferencePayload", preference).await;
    assert_eq!(site.value_of("policyPayload").await, shown);
    site.type_into("assignments.1.target.groupId", NEW_GROUP).await;
    site.edit_checkins().await;
    site.type_into("checkinStatuses.0.deviceName", "CONTOSO-LT-RENAMED").await;
    let before = site.emulator.journal().len();
    site.save().await.assert_saved();
    site.see_text("Saved: userPreferencePayload, policyPayload, displayName, priority, checkinStatuses, assignments.")
        .await;

    let sent = &site.emulator.journal()[before..];
    let patches: Vec<_> = sent.iter().filter(|e| e.method == "PATCH").collect();
    assert_eq!(patches.len(), 1, "exactly one PATCH");
    let patch = patches[0];
    assert_eq!(patch.path, format!("{BASE}/{FINANCE}"));
    assert_graph_headers(patch);
    assert_eq!(patch.headers["content-type"], json!("application/json"));
    let mut rows = seed_entity(FINANCE)["checkinStatuses"].clone();
    rows[0]["deviceName"] = json!("CONTOSO-LT-RENAMED");
    // A property Graph sent as null is left out of the rewritten rows, not sent back as null.
    for row in rows.as_array_mut().unwrap() {
        row.as_object_mut().unwrap().retain(|_, v| !v.is_null());
    }
    let expected = json!({
        "@odata.type": TYPE,
        "userPreferencePayload": base64::engine::general_purpose::STANDARD.encode(preference),
        "policyPayload": base64::engine::general_purpose::STANDARD.encode(shown),
        "displayName": "Finance – strict add-ins (v2)",
        "priority": 7,
        "checkinStatuses": rows,
    });
    assert_eq!(patch.body, expected.to_string(), "exactly the minimal body, byte for byte");
    let body: Value = serde_json::from_str(&patch.body).unwrap();
    assert_eq!(decode(body["policyPayload"].as_str().unwrap()), shown, "the payload decodes to the JSON in the editor");
    assert_eq!(decode(body["userPreferencePayload"].as_str().unwrap()), preference);

    let assigns: Vec<_> = sent.iter().filter(|e| e.method == "POST").collect();
    assert_eq!(assigns.len(), 1);
    assert_eq!(assigns[0].path, format!("{BASE}/{FINANCE}/assign"));
    assert_graph_headers(assigns[0]);
    let target = |g: &str| json!({"target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": g}});
    assert_eq!(
        assigns[0].body,
        json!({"officeConfigurationAssignments": [target("0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808"), target(NEW_GROUP)]})
            .to_string()
    );
    // The form shows what the emulator now holds.
    assert_eq!(site.value_of("priority").await, "7");
    assert_eq!(site.value_of("assignments.1.target.groupId").await, NEW_GROUP);
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_204_answer_is_followed_by_a_read_back() {
    let site = Site::start(Options { patch_mode: PatchMode::NoContent, page_size: 2, ..Options::default() }).await;
    open_finance(&site).await;
    let policy = "{\"excel\": {\"vbaWarnings\": \"disableAll\"}}";
    site.type_into("displayName", "Finance (204)").await;
    site.type_into("policyPayload", policy).await;
    let before = site.emulator.journal().len();
    site.save().await.assert_saved();
    site.see_text("Saved: policyPayload, displayName.").await;
    let sent = &site.emulator.journal()[before..];
    let methods: Vec<&str> = sent.iter().map(|e| e.method.as_str()).collect();
    assert_eq!(methods, ["GET", "PATCH", "GET"], "a conflict check, the PATCH (204), then the entity is read back");
    let expected = json!({"@odata.type": TYPE, "policyPayload": base64::engine::general_purpose::STANDARD.encode(policy), "displayName": "Finance (204)"});
    assert_eq!(sent[1].body, expected.to_string());
    assert_graph_headers(&sent[1]);
    assert_eq!(site.value_of("displayName").await, "Finance (204)");
    assert_eq!(site.value_of("policyPayload").await, policy);
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_payload_delivered_only_through_the_stream_endpoint_is_shown_decoded() {
    let site = Site::start(Options { payload_mode: PayloadMode::Stream, ..Options::default() }).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    site.see_text("Finance – strict add-ins").await;
    let seed = seed_entity(FINANCE);
    for property in ["policyPayload", "userPreferencePayload"] {
        let shown = site.value_of(property).await;
        assert_eq!(shown, decode(seed[property].as_str().unwrap()), "{property} shown decoded");
        assert!(
            site.sent("GET").iter().any(|e| e.path == format!("{BASE}/{FINANCE}/{property}")),
            "{property} read from its stream"
        );
    }
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_403_on_save_shows_the_banner_keeps_the_edits_and_the_next_save_succeeds() {
    let site = Site::start(Options::default()).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("displayName").await;
    site.emulator.inject(Fault {
        method: "PATCH".into(),
        path: format!("{BASE}/{FINANCE}"),
        kind: FaultKind::Status {
            status: 403,
            retry_after: None,
            code: None,
            claims: None,
            message: None,
            ids_in_headers_only: false,
        },
        count: 1,
    });
    site.type_into("displayName", "Finance – edited").await;
    site.type_into("description", "Kept after a 403").await;
    let banner = site.save().await.alert();
    let request_id = site.sent("PATCH")[0].headers.get("client-request-id").cloned().unwrap();
    for part in [
        "Your changes were not saved",
        "Forbidden",
        "request-id",
        "00000000-0000-4000-8000-",
        request_id.as_str().unwrap(),
    ] {
        assert!(banner.contains(part), "banner shows {part:?}:\n{banner}");
    }
    assert_eq!(site.value_of("displayName").await, "Finance – edited");
    assert_eq!(site.value_of("description").await, "Kept after a 403");
    site.click("[data-action=save]").await;
    site.confirm_review().await;
    site.see_text("Saved: description, displayName.").await;
    let patches = site.sent("PATCH");
    assert_eq!(patches.len(), 2);
    assert_eq!(patches[0].body, patches[1].body, "the same edits, sent again");
    assert!(site.browser.find(fantoccini::Locator::Css("[role=alert]")).await.is_err(), "the banner is gone");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_or_missing_config_json_explains_itself() {
    let site = Site::start(Options::default()).await;
    let cases = [
        (FaultKind::Html { status: 200 }, "config.json is not valid JSON"),
        (FaultKind::Empty { status: 404 }, "config.json could not be loaded (HTTP 404)"),
    ];
    for (kind, message) in cases {
        site.emulator.inject(Fault { method: "GET".into(), path: "/config.json".into(), kind, count: 1 });
        site.open("").await;
        site.see_text("Office Client Policy Editor cannot start").await;
        site.see_text(message).await;
    }
    site.close().await;
}
