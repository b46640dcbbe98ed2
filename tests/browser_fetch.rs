//! A real `fetch` from headless Chrome to the local Graph emulator (cross-origin, with CORS):
//! list with paging, get and PATCH through the production transport, then the emulator's
//! journal shows the headers and exact body it received.
//!
//! The test command starts the emulator and passes its URL at build time in
//! `GRAPH_EMULATOR_URL` (see scripts/test.sh).

#![cfg(target_arch = "wasm32")]

use office_policy_editor::auth::FixedToken;
use office_policy_editor::core::rules::patch::SavePlan;
use office_policy_editor::core::wire::model::CONFIGURATION_TYPE;
use office_policy_editor::core::wire::response::{GraphError, Saved};
use office_policy_editor::core::wire::stream;
use office_policy_editor::graph::{FetchTransport, GraphClient};
use serde_json::{json, Map, Value};
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// How the emulator's journal shows `Bearer test-token`: a fingerprint, never the token
/// (`graph_emulator::token_fingerprint`; SHA-256 of "test-token", first 8 bytes).
const TEST_TOKEN_SEEN: &str = "Bearer sha256:4c5dc9b7708905f7";
const ID: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3";

fn emulator() -> &'static str {
    match option_env!("GRAPH_EMULATOR_URL") {
        Some(url) => url,
        None => panic!("build with GRAPH_EMULATOR_URL set: run the tests through scripts/test.sh"),
    }
}

/// The emulator's control API secret for this run (scripts/test.sh reads it from the emulator's
/// first line).
fn secret() -> &'static str {
    option_env!("GRAPH_EMULATOR_SECRET").unwrap_or_default()
}

fn client(token: &str) -> GraphClient {
    GraphClient::new(
        format!("{}/beta", emulator()),
        Rc::new(FixedToken::new(token.into())),
        Rc::new(FetchTransport::default()),
    )
}

async fn journal() -> Vec<Value> {
    let text = gloo_net::http::Request::get(&format!("{}/_emulator/journal", emulator()))
        .header("x-emulator-secret", secret())
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// Scripts a fault in the emulator, through its control API.
async fn add_fault(fault: Value) {
    gloo_net::http::Request::post(&format!("{}/_emulator/faults", emulator()))
        .header("x-emulator-secret", secret())
        .header("Content-Type", "application/json")
        .body(fault.to_string())
        .unwrap()
        .send()
        .await
        .unwrap();
}

async fn clear_journal() {
    gloo_net::http::Request::delete(&format!("{}/_emulator/journal", emulator()))
        .header("x-emulator-secret", secret())
        .send()
        .await
        .unwrap();
}

#[wasm_bindgen_test]
async fn list_get_and_patch_over_real_http() {
    clear_journal().await;
    let graph = client("test-token");

    // The emulator pages by two: the client follows @odata.nextLink to the end.
    let all = graph.list().await.unwrap();
    assert_eq!(all.len(), 5);
    let pages = journal().await;
    assert_eq!(pages.len(), 3, "three pages were fetched");
    assert_eq!(pages[1]["query"], json!("$top=2&$skiptoken=2"));
    assert_eq!(pages[2]["query"], json!("$top=2&$skiptoken=4"));

    let before = graph.get(ID).await.unwrap();
    assert_eq!(before.display_name.as_deref(), Some("Pilot – feedback and AutoRecover"));

    let typed = "{\n  \"outlook\": {\"newOutlookToggle\": \"off\"}\n}";
    let mut body = Map::new();
    body.insert("@odata.type".into(), CONFIGURATION_TYPE.into());
    body.insert("policyPayload".into(), stream::encode(typed).into());
    body.insert("displayName".into(), "Pilot – paused".into());
    let sent = Value::Object(body.clone()).to_string();
    let saved = graph.save(ID, SavePlan { patch: Some(body), ..SavePlan::default() }).await.unwrap();
    let entity = saved.entity.unwrap();
    assert_eq!(entity.display_name.as_deref(), Some("Pilot – paused"));
    assert_eq!(stream::decode(entity.policy_payload.as_ref()).unwrap().text(), typed);

    let entries = journal().await;
    let patch = entries.iter().find(|e| e["method"] == "PATCH").expect("the emulator saw the PATCH");
    assert_eq!(patch["path"], json!(format!("/beta/officeConfiguration/clientConfigurations/{ID}")));
    assert_eq!(patch["body"], json!(sent), "the exact bytes");
    let headers = &patch["headers"];
    assert_eq!(headers["authorization"], json!(TEST_TOKEN_SEEN));
    assert_eq!(headers["accept"], json!("application/json"));
    assert_eq!(headers["content-type"], json!("application/json"));
    let client_request_id = headers["client-request-id"].as_str().unwrap();
    assert_eq!(client_request_id.len(), 36);
    assert_eq!(client_request_id.as_bytes()[14], b'4', "a v4 GUID");
    for get in entries.iter().filter(|e| e["method"] == "GET") {
        assert_eq!(get["headers"]["authorization"], json!(TEST_TOKEN_SEEN));
        assert!(get["headers"].get("content-type").is_none(), "no body, no Content-Type");
    }
}

#[wasm_bindgen_test]
async fn a_graph_error_over_http_keeps_the_ids_from_cors_exposed_headers() {
    // The error body carries no ids: they can only come from the CORS-exposed headers.
    let fault = json!({"method": "GET", "path": format!("/beta/officeConfiguration/clientConfigurations/{ID}"),
        "fault": "status", "status": 401, "idsInHeadersOnly": true});
    add_fault(fault).await;
    let error = client("test-token").get(ID).await.unwrap_err();
    let GraphError::Graph(detail) = &error else { panic!("{error:?}") };
    assert_eq!(detail.status, 401);
    assert_eq!(detail.code, "InvalidAuthenticationToken");
    assert!(detail.request_id.as_deref().is_some_and(|id| id.starts_with("00000000-0000-4000-8000-")), "{detail:?}");
    assert_eq!(detail.client_request_id.as_deref().map(str::len), Some(36));

    let bad = client("test-token").patch(ID, json!({"priority": -4}).to_string(), None).await.unwrap_err();
    assert_eq!(bad.status(), Some(400));
    assert!(matches!(client("test-token").patch(ID, "{}".into(), None).await, Ok(Saved::Entity(_))));
}

#[wasm_bindgen_test]
async fn a_redirect_is_never_followed() {
    // Where the redirect points answers (the emulator's own list), so only the transport's
    // refusal to follow it can make this fail.
    let path = format!("/beta/officeConfiguration/clientConfigurations/{ID}");
    let location = format!("{}/beta/officeConfiguration/clientConfigurations", emulator());
    let fault = json!({"method": "GET", "path": path, "fault": "redirect", "location": location});
    add_fault(fault).await;
    let error = client("test-token").get(ID).await.unwrap_err();
    assert!(matches!(error, GraphError::Network { .. }), "{error:?}");
}

#[wasm_bindgen_test]
async fn an_unreachable_graph_is_a_network_error() {
    let graph = GraphClient::new(
        "http://127.0.0.1:9/beta".into(),
        Rc::new(FixedToken::new("t".into())),
        Rc::new(FetchTransport::default()),
    );
    assert!(matches!(graph.list().await, Err(GraphError::Network { .. })));
}
