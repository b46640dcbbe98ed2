//! The emulator over real HTTP: auth, paging, PATCH validation and modes, assign, CORS, journal.

use graph_emulator::{seed, Emulator, Options, PatchMode};
use serde_json::{json, Value};

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const ID: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";

async fn start(options: Options) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, Emulator::new(options, seed::demo()).router()).await.unwrap() });
    format!("http://{addr}")
}

fn http() -> reqwest::Client {
    reqwest::Client::new()
}

#[tokio::test]
async fn requires_a_known_bearer_token() {
    let url = start(Options::default()).await;
    for auth in [None, Some("Bearer wrong"), Some("Basic dGVzdA==")] {
        let mut req = http().get(format!("{url}{BASE}")).header("client-request-id", "abc");
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401, "{auth:?}");
        assert_eq!(res.headers()["client-request-id"], "abc");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "InvalidAuthenticationToken");
        assert_eq!(body["error"]["innerError"]["client-request-id"], "abc");
    }
}

#[tokio::test]
async fn lists_in_pages_and_gets_one() {
    let url = start(Options { page_size: 2, ..Options::default() }).await;
    let first: Value =
        http().get(format!("{url}{BASE}")).bearer_auth("test-token").send().await.unwrap().json().await.unwrap();
    assert_eq!(first["value"].as_array().unwrap().len(), 2);
    let next = first["@odata.nextLink"].as_str().unwrap();
    let second: Value = http().get(next).bearer_auth("test-token").send().await.unwrap().json().await.unwrap();
    assert_eq!(second["value"].as_array().unwrap().len(), 1);
    assert!(second.get("@odata.nextLink").is_none());
    let one = http().get(format!("{url}{BASE}/{ID}")).bearer_auth("test-token").send().await.unwrap();
    assert_eq!(one.status(), 200);
    assert!(one.headers().contains_key("request-id"));
    let missing = http().get(format!("{url}{BASE}/nope")).bearer_auth("test-token").send().await.unwrap();
    assert_eq!(missing.status(), 404);
}

#[tokio::test]
async fn patch_validates_and_answers_in_both_modes() {
    for (mode, status) in [(PatchMode::Entity, 200), (PatchMode::NoContent, 204)] {
        let url = start(Options { patch_mode: mode, ..Options::default() }).await;
        let patch =
            |body: Value| http().patch(format!("{url}{BASE}/{ID}")).bearer_auth("test-token").json(&body).send();
        let res = patch(json!({"displayName": "Renamed", "policyPayload": "e30="})).await.unwrap();
        assert_eq!(res.status(), status);
        let now: Value = http()
            .get(format!("{url}{BASE}/{ID}"))
            .bearer_auth("test-token")
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(now["displayName"], "Renamed");
        assert_eq!(now["policyPayload"], "e30=");
        assert_ne!(now["lastModifiedDateTime"], "2026-11-20T08:15:30Z");
        for bad in [
            json!({"colour": "red"}),
            json!({"priority": "high"}),
            json!({"priority": -1}),
            json!({"priority": 4294967296u64}),
            json!({"priority": 1}),
            json!({"policyPayload": "not base64!"}),
            json!({"displayName": 5}),
        ] {
            let res = patch(bad.clone()).await.unwrap();
            assert_eq!(res.status(), 400, "{bad}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"]["code"], "BadRequest");
            assert!(body["error"]["innerError"]["request-id"].is_string());
        }
    }
}

#[tokio::test]
async fn assign_replaces_all_targets() {
    let url = start(Options::default()).await;
    let body =
        json!({"officeConfigurationAssignments": [{"target": {"groupId": "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808"}}]});
    let res: Value = http()
        .post(format!("{url}{BASE}/{ID}/assign"))
        .bearer_auth("test-token")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(res["value"].as_array().unwrap().len(), 1);
    let now: Value =
        http().get(format!("{url}{BASE}/{ID}")).bearer_auth("test-token").send().await.unwrap().json().await.unwrap();
    assert_eq!(now["assignments"][0]["target"]["groupId"], "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808");
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers_match_graph() {
    let url = start(Options::default()).await;
    let res = http()
        .request(reqwest::Method::OPTIONS, format!("{url}{BASE}/{ID}"))
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization,content-type,client-request-id")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], "http://127.0.0.1:9999");
    let methods = res.headers()["access-control-allow-methods"].to_str().unwrap().to_string();
    assert!(methods.contains("PATCH"), "{methods}");
    let res = http()
        .get(format!("{url}{BASE}"))
        .header("Origin", "http://127.0.0.1:9999")
        .bearer_auth("test-token")
        .send()
        .await
        .unwrap();
    let exposed = res.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(exposed.contains("request-id") && exposed.contains("client-request-id") && exposed.contains("etag"));
    assert!(!exposed.contains("retry-after"), "Graph does not expose Retry-After");
}

#[tokio::test]
async fn journal_keeps_exact_bodies_and_clears() {
    let url = start(Options::default()).await;
    let raw = "{ \"displayName\" :\"Spaced\" }";
    http()
        .patch(format!("{url}{BASE}/{ID}"))
        .bearer_auth("test-token")
        .header("Content-Type", "application/json")
        .body(raw)
        .send()
        .await
        .unwrap();
    let journal: Value = http().get(format!("{url}/_emulator/journal")).send().await.unwrap().json().await.unwrap();
    assert_eq!(journal[0]["method"], "PATCH");
    assert_eq!(journal[0]["body"], raw);
    assert_eq!(journal[0]["headers"]["authorization"], "Bearer test-token");
    http().delete(format!("{url}/_emulator/journal")).send().await.unwrap();
    let journal: Value = http().get(format!("{url}/_emulator/journal")).send().await.unwrap().json().await.unwrap();
    assert_eq!(journal, json!([]));
}
