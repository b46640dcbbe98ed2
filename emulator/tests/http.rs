//! The emulator over real HTTP: every endpoint, every error, every fault, CORS and the journal.

use graph_emulator::faults::{Fault, FaultKind};
use graph_emulator::{seed, Emulator, Options, PatchMode, PayloadMode};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const ID: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
const OTHER: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const GROUP: &str = "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808";

struct Server {
    url: String,
    emulator: Emulator,
    http: reqwest::Client,
}

impl Server {
    async fn start(options: Options) -> Server {
        let emulator = Emulator::new(options, seed::demo());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = emulator.clone().router();
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        // No connection reuse: a dropped connection must not poison the next request.
        let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
        Server { url, emulator, http }
    }

    async fn default() -> Server {
        Server::start(Options::default()).await
    }

    /// A call of the control API, with this run's secret.
    fn control(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(method, format!("{}/_emulator/{path}", self.url))
            .header(graph_emulator::CONTROL_SECRET_HEADER, self.emulator.control_secret())
    }

    fn request(&self, method: Method, path: &str) -> reqwest::RequestBuilder {
        self.http.request(method, format!("{}{path}", self.url)).bearer_auth("test-token")
    }

    async fn json(&self, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let mut req = self.request(method, path);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let res = req.send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, if text.is_empty() { Value::Null } else { serde_json::from_str(&text).unwrap_or(Value::String(text)) })
    }

    async fn get(&self, path: &str) -> Value {
        let (status, body) = self.json(Method::GET, path, None).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        body
    }
}

fn assert_graph_error(body: &Value, code: &str) {
    assert_eq!(body["error"]["code"], code, "{body}");
    assert!(body["error"]["message"].as_str().is_some_and(|m| !m.is_empty()));
    for key in ["request-id", "client-request-id", "date"] {
        assert!(body["error"]["innerError"][key].is_string(), "innerError.{key}: {body}");
    }
}

#[tokio::test]
async fn requires_a_known_bearer_token() {
    let s = Server::default().await;
    for auth in [None, Some("Bearer wrong"), Some("Basic dGVzdA==")] {
        let mut req = s.http.get(format!("{}{BASE}", s.url)).header("client-request-id", "abc");
        if let Some(a) = auth {
            req = req.header("Authorization", a);
        }
        let res = req.send().await.unwrap();
        assert_eq!(res.status(), 401, "{auth:?}");
        assert_eq!(res.headers()["client-request-id"], "abc");
        assert!(res.headers().contains_key("request-id"));
        let body: Value = res.json().await.unwrap();
        assert_graph_error(&body, "InvalidAuthenticationToken");
        assert_eq!(body["error"]["innerError"]["client-request-id"], "abc");
    }
}

#[tokio::test]
async fn a_read_only_token_reads_but_cannot_write() {
    let s = Server::start(Options { read_only_tokens: vec!["reader".into()], ..Options::default() }).await;
    let read = s.http.get(format!("{}{BASE}/{ID}", s.url)).bearer_auth("reader").send().await.unwrap();
    assert_eq!(read.status(), 200);
    let write = s
        .http
        .patch(format!("{}{BASE}/{ID}", s.url))
        .bearer_auth("reader")
        .json(&json!({"description": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(write.status(), 403);
    assert_graph_error(&write.json().await.unwrap(), "Forbidden");
}

#[tokio::test]
async fn lists_in_pages_and_expands_assignments_only_when_asked() {
    let s = Server::start(Options { page_size: 2, ..Options::default() }).await;
    let mut next = Some(format!("{}{BASE}", s.url));
    let mut ids = Vec::new();
    while let Some(url) = next.take() {
        let page: Value = s.http.get(&url).bearer_auth("test-token").send().await.unwrap().json().await.unwrap();
        for c in page["value"].as_array().unwrap() {
            assert!(c.get("assignments").is_none(), "not expanded");
            ids.push(c["id"].as_str().unwrap().to_string());
        }
        next = page["@odata.nextLink"].as_str().map(str::to_string);
    }
    assert_eq!(ids.len(), 5);
    let top = s.get(&format!("{BASE}?$top=1")).await;
    assert_eq!(top["value"].as_array().unwrap().len(), 1);
    let (status, body) = s.json(Method::GET, &format!("{BASE}?$top=zero"), None).await;
    assert_eq!(status, 400);
    assert_graph_error(&body, "BadRequest");
    let expanded = s.get(&format!("{BASE}/{ID}?$expand=assignments")).await;
    assert_eq!(expanded["assignments"].as_array().unwrap().len(), 1);
    assert!(s.get(&format!("{BASE}/{ID}")).await.get("assignments").is_none());
    let (status, body) = s.json(Method::GET, &format!("{BASE}/nope"), None).await;
    assert_eq!(status, 404);
    assert_graph_error(&body, "ResourceNotFound");
}

#[tokio::test]
async fn patch_validates_and_answers_in_both_modes() {
    for (mode, status) in [(PatchMode::Entity, 200), (PatchMode::NoContent, 204)] {
        let s = Server::start(Options { patch_mode: mode, ..Options::default() }).await;
        let (got, body) = s
            .json(
                Method::PATCH,
                &format!("{BASE}/{ID}"),
                Some(json!({"displayName": "Renamed", "policyPayload": "e30="})),
            )
            .await;
        assert_eq!(got, status);
        if mode == PatchMode::Entity {
            assert_eq!(body["displayName"], "Renamed");
        } else {
            assert_eq!(body, Value::Null);
        }
        let now = s.get(&format!("{BASE}/{ID}")).await;
        assert_eq!(now["displayName"], "Renamed");
        assert_eq!(now["policyPayload"], "e30=");
        assert!(now.get("lastModifiedDateTime").is_none(), "strict: the type has none");
        for bad in [
            json!({"colour": "red"}),
            json!({"priority": "high"}),
            json!({"priority": -1}),
            json!({"priority": 4294967296u64}),
            json!({"priority": 1}),
            json!({"policyPayload": "not base64!"}),
            json!({"displayName": 5}),
            json!({"assignments": []}),
            json!({"checkinStatuses": [{"wasSuccessful": "yes"}]}),
        ] {
            let (got, body) = s.json(Method::PATCH, &format!("{BASE}/{ID}"), Some(bad.clone())).await;
            assert_eq!(got, 400, "{bad}");
            assert_graph_error(&body, "BadRequest");
        }
        let res = s
            .request(Method::PATCH, &format!("{BASE}/{ID}"))
            .header("Content-Type", "application/json")
            .body("{not json")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400);
    }
}

#[tokio::test]
async fn create_and_delete() {
    let s = Server::default().await;
    let (status, body) = s.json(Method::POST, BASE, Some(json!({"displayName": "No type"}))).await;
    assert_eq!(status, 400);
    assert!(body["error"]["message"].as_str().unwrap().contains("@odata.type"));
    let res = s
        .request(Method::POST, BASE)
        .json(&json!({"@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration", "displayName": "New", "priority": 9}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    assert!(location.ends_with(&format!("{BASE}/{id}")));
    assert_eq!(s.json(Method::DELETE, &format!("{BASE}/{id}"), None).await.0, 204);
    assert_eq!(s.json(Method::DELETE, &format!("{BASE}/{id}"), None).await.0, 404);
}

#[tokio::test]
async fn update_priorities_under_both_spellings() {
    let s = Server::default().await;
    for (segment, priorities) in
        [("microsoft.graph.updatePriorities", [7, 8]), ("microsoft.management.services.api.updatePriorities", [0, 1])]
    {
        let body = json!({"officeConfigurationPolicyIds": [ID, OTHER], "officeConfigurationPriorities": priorities});
        assert_eq!(s.json(Method::POST, &format!("{BASE}/{segment}"), Some(body)).await.0, 204, "{segment}");
        assert_eq!(s.get(&format!("{BASE}/{ID}")).await["priority"], priorities[0]);
        assert_eq!(s.get(&format!("{BASE}/{OTHER}")).await["priority"], priorities[1]);
    }
    let path = format!("{BASE}/microsoft.graph.updatePriorities");
    for bad in [
        json!({"officeConfigurationPolicyIds": [ID], "officeConfigurationPriorities": [1, 2]}),
        json!({"officeConfigurationPolicyIds": [ID], "officeConfigurationPriorities": [2]}),
        json!({"officeConfigurationPolicyIds": [ID], "officeConfigurationPriorities": [-1]}),
        json!({"officeConfigurationPolicyIds": [ID]}),
    ] {
        assert_eq!(s.json(Method::POST, &path, Some(bad.clone())).await.0, 400, "{bad}");
    }
    let missing = json!({"officeConfigurationPolicyIds": ["nope"], "officeConfigurationPriorities": [40]});
    assert_eq!(s.json(Method::POST, &path, Some(missing)).await.0, 404);
}

#[tokio::test]
async fn assign_and_the_assignments_collection() {
    let s = Server::default().await;
    let body = json!({"officeConfigurationAssignments": [{"target": {"groupId": GROUP}}]});
    let (status, res) = s.json(Method::POST, &format!("{BASE}/{ID}/assign"), Some(body)).await;
    assert_eq!(status, 200);
    assert_eq!(res["value"][0]["target"]["groupId"], GROUP);
    assert_eq!(res["value"][0]["target"]["@odata.type"], "#microsoft.graph.officeConfigurationGroupAssignmentTarget");
    let bad = json!({"officeConfigurationAssignments": [{"target": {"groupId": "sales"}}]});
    assert_eq!(s.json(Method::POST, &format!("{BASE}/{ID}/assign"), Some(bad)).await.0, 400);

    let list = s.get(&format!("{BASE}/{ID}/assignments")).await;
    assert_eq!(list["value"].as_array().unwrap().len(), 1);
    let (status, created) = s
        .json(
            Method::POST,
            &format!("{BASE}/{ID}/assignments"),
            Some(json!({"target": {"groupId": "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4"}})),
        )
        .await;
    assert_eq!(status, 201);
    let aid = created["id"].as_str().unwrap().to_string();
    assert_eq!(s.get(&format!("{BASE}/{ID}/assignments/{aid}")).await["id"], aid.as_str());
    let patch = json!({"target": {"groupId": GROUP}});
    assert_eq!(s.json(Method::PATCH, &format!("{BASE}/{ID}/assignments/{aid}"), Some(patch)).await.0, 204);
    assert_eq!(s.json(Method::DELETE, &format!("{BASE}/{ID}/assignments/{aid}"), None).await.0, 204);
    assert_eq!(s.json(Method::GET, &format!("{BASE}/{ID}/assignments/{aid}"), None).await.0, 404);
    assert_eq!(s.json(Method::GET, &format!("{BASE}/nope/assignments"), None).await.0, 404);
}

#[tokio::test]
async fn payload_streams_read_and_write_raw_bytes() {
    let s = Server::default().await;
    let raw =
        s.request(Method::GET, &format!("{BASE}/{OTHER}/policyPayload")).send().await.unwrap().text().await.unwrap();
    let json: Value = serde_json::from_str(&raw).unwrap();
    assert_eq!(json["settings"][0]["settingId"], "word16;L_VBAWarningsPolicy", "the service's entry shape");
    let typed = "{\n  \"theme\": \"dark\"\n}";
    let res =
        s.request(Method::PUT, &format!("{BASE}/{OTHER}/userPreferencePayload")).body(typed).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let back = s
        .request(Method::GET, &format!("{BASE}/{OTHER}/userPreferencePayload"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(back, typed);
    assert_eq!(s.get(&format!("{BASE}/{OTHER}")).await["userPreferencePayload"], "ewogICJ0aGVtZSI6ICJkYXJrIgp9");
}

#[tokio::test]
async fn stream_mode_leaves_payloads_out_of_the_entity() {
    let s = Server::start(Options { payload_mode: PayloadMode::Stream, ..Options::default() }).await;
    let entity = s.get(&format!("{BASE}/{ID}")).await;
    assert!(entity.get("policyPayload").is_none());
    let link = entity["policyPayload@odata.mediaReadLink"].as_str().unwrap();
    assert!(link.ends_with(&format!("{BASE}/{ID}/policyPayload")));
    let raw = s.http.get(link).bearer_auth("test-token").send().await.unwrap().text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&raw).is_ok());
}

#[tokio::test]
async fn tenant_check_in() {
    let s = Server::default().await;
    let tenant = s.get("/beta/officeConfiguration").await;
    let expected: i64 =
        seed::demo().iter().map(|c| c["userCheckinSummary"]["succeededUserCount"].as_i64().unwrap()).sum();
    assert_eq!(tenant["tenantUserCheckinSummary"]["succeededUserCount"], expected);
    assert!(expected > 2500);
    assert!(!tenant["tenantCheckinStatuses"].as_array().unwrap().is_empty());
    let summary = s.get("/beta/officeConfiguration?$select=tenantUserCheckinSummary").await;
    assert_eq!(summary["tenantUserCheckinSummary"]["succeededUserCount"], expected);
    assert!(summary.get("tenantCheckinStatuses").is_none(), "only what $select names");
    let refused =
        s.http.get(format!("{}/beta/officeConfiguration?$select=clientCount", s.url)).bearer_auth("test-token");
    let refused = refused.send().await.unwrap();
    assert_eq!(refused.status(), 400);
    let body: Value = refused.json().await.unwrap();
    assert_eq!(
        body["error"]["message"],
        "Could not find a property named 'clientCount' on type 'microsoft.graph.officeConfiguration'."
    );
}

#[tokio::test]
async fn scripted_status_faults_have_graph_bodies() {
    let s = Server::default().await;
    for status in [400u16, 401, 403, 404, 409, 412, 429, 500, 502, 503, 504] {
        s.emulator.inject(Fault {
            method: "GET".into(),
            path: format!("{BASE}/{ID}"),
            kind: FaultKind::Status {
                status,
                retry_after: (status == 429).then_some(3),
                code: None,
                claims: None,
                message: None,
                ids_in_headers_only: false,
            },
            count: 1,
        });
        let res = s.request(Method::GET, &format!("{BASE}/{ID}")).send().await.unwrap();
        assert_eq!(res.status().as_u16(), status);
        assert_eq!(
            res.headers().get("retry-after").map(|v| v.to_str().unwrap().to_string()),
            (status == 429).then(|| "3".to_string())
        );
        let body: Value = res.json().await.unwrap();
        assert_graph_error(&body, graph_emulator::faults::code_for(status));
        assert_eq!(s.json(Method::GET, &format!("{BASE}/{ID}"), None).await.0, 200, "used up after one");
    }
}

#[tokio::test]
async fn scripted_transport_faults() {
    let s = Server::default().await;
    let path = format!("{BASE}/{ID}");
    let fault = |kind: FaultKind, count: u32| Fault { method: "*".into(), path: path.clone(), kind, count };

    s.emulator.inject(fault(FaultKind::Delay { ms: 300 }, 1));
    let started = Instant::now();
    assert_eq!(s.json(Method::GET, &path, None).await.0, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));

    s.emulator.inject(fault(FaultKind::Drop, 2));
    for _ in 0..2 {
        let err = s.request(Method::GET, &path).send().await.unwrap_err();
        assert!(err.is_request() || err.is_connect() || err.to_string().contains("connection"), "{err}");
    }
    assert_eq!(s.json(Method::GET, &path, None).await.0, 200);

    s.emulator.inject(fault(FaultKind::Html { status: 502 }, 1));
    let res = s.request(Method::PATCH, &path).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), 502);
    assert_eq!(res.headers()["content-type"], "text/html");
    assert!(res.text().await.unwrap().starts_with("<html>"));

    s.emulator.inject(fault(FaultKind::Truncated, 1));
    let text = s.request(Method::GET, &path).send().await.unwrap().text().await.unwrap();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "cut off: {text}");

    s.emulator.inject(fault(FaultKind::Empty { status: 503 }, 1));
    let res = s.request(Method::GET, &path).send().await.unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.text().await.unwrap(), "");
}

#[tokio::test]
async fn faults_through_the_control_endpoint_match_per_route_and_reset_restores_the_seed() {
    let s = Server::default().await;
    let faults =
        json!([{"method": "PATCH", "path": format!("{BASE}/*"), "fault": "status", "status": 503, "count": 2}]);
    assert_eq!(s.control(Method::POST, "faults").json(&faults).send().await.unwrap().status(), 204);
    assert_eq!(s.json(Method::GET, &format!("{BASE}/{ID}"), None).await.0, 200, "GET does not match");
    let path = format!("{BASE}/{ID}");
    let patch = || s.json(Method::PATCH, &path, Some(json!({"description": "after"})));
    assert_eq!(patch().await.0, 503);
    assert_eq!(patch().await.0, 503);
    assert_eq!(patch().await.0, 200);
    let bad = s.control(Method::POST, "faults").body("{\"fault\":\"nope\"}").send().await.unwrap();
    assert_eq!(bad.status(), 400);
    assert_eq!(s.control(Method::POST, "reset").send().await.unwrap().status(), 204);
    assert_eq!(s.get(&format!("{BASE}/{ID}")).await["description"], seed::demo()[0]["description"]);
    let journal: Value = s.control(Method::GET, "journal").send().await.unwrap().json().await.unwrap();
    assert_eq!(journal.as_array().unwrap().len(), 1, "reset cleared the journal; control calls are not journaled");
}

#[tokio::test]
async fn cors_preflight_and_exposed_headers_match_graph() {
    let s =
        Server::start(Options { allowed_origins: vec!["http://127.0.0.1:9999".into()], ..Options::default() }).await;
    let res = s
        .http
        .request(Method::OPTIONS, format!("{}{BASE}/{ID}", s.url))
        .header("Origin", "http://127.0.0.1:9999")
        .header("Access-Control-Request-Method", "PATCH")
        .header("Access-Control-Request-Headers", "authorization,content-type,client-request-id")
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(res.headers()["access-control-allow-origin"], "http://127.0.0.1:9999");
    let methods = res.headers()["access-control-allow-methods"].to_str().unwrap().to_string();
    for m in ["PATCH", "POST", "PUT", "DELETE"] {
        assert!(methods.contains(m), "{methods}");
    }
    let allowed = res.headers()["access-control-allow-headers"].to_str().unwrap().to_ascii_lowercase();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"), "{allowed}");
    let res = s.request(Method::GET, BASE).header("Origin", "http://127.0.0.1:9999").send().await.unwrap();
    let exposed = res.headers()["access-control-expose-headers"].to_str().unwrap().to_ascii_lowercase();
    for h in ["request-id", "client-request-id", "etag", "location"] {
        assert!(exposed.contains(h), "{exposed}");
    }
    assert!(!exposed.contains("retry-after"), "Graph does not expose Retry-After");
    // Any other origin gets no CORS answer: its pages cannot read this Graph.
    let stranger = s.request(Method::GET, BASE).header("Origin", "http://evil.example").send().await.unwrap();
    assert!(stranger.headers().get("access-control-allow-origin").is_none());
    let preflight = s
        .http
        .request(Method::OPTIONS, format!("{}{BASE}/{ID}", s.url))
        .header("Origin", "http://evil.example")
        .header("Access-Control-Request-Method", "PATCH")
        .send()
        .await
        .unwrap();
    assert!(preflight.headers().get("access-control-allow-origin").is_none());
}

#[tokio::test]
async fn entities_carry_an_etag_and_a_patch_that_no_longer_matches_gets_412() {
    let s = Server::default().await;
    let res = s.request(Method::GET, &format!("{BASE}/{ID}")).send().await.unwrap();
    let etag = res.headers()["etag"].to_str().unwrap().to_string();
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["@odata.etag"], json!(etag));
    assert!(etag.starts_with("W/\""), "{etag}");
    let patch = |if_match: &str, name: &str| {
        s.request(Method::PATCH, &format!("{BASE}/{ID}"))
            .header("Content-Type", "application/json")
            .header("If-Match", if_match.to_string())
            .body(json!({"displayName": name}).to_string())
            .send()
    };
    let first = patch(&etag, "First").await.unwrap();
    assert_eq!(first.status(), 200);
    let moved = first.headers()["etag"].to_str().unwrap().to_string();
    assert_ne!(moved, etag, "a write moves the ETag");
    let stale = patch(&etag, "Stale").await.unwrap();
    assert_eq!(stale.status(), 412);
    assert_graph_error(&stale.json().await.unwrap(), "PreconditionFailed");
    assert_eq!(s.get(&format!("{BASE}/{ID}")).await["displayName"], "First", "nothing was written");
    assert_eq!(patch("*", "Any").await.unwrap().status(), 200);
    let plain = Server::start(Options { etags: false, ..Options::default() }).await;
    let res = plain.request(Method::GET, &format!("{BASE}/{ID}")).send().await.unwrap();
    assert!(res.headers().get("etag").is_none());
    assert!(res.json::<Value>().await.unwrap().get("@odata.etag").is_none());
}

#[tokio::test]
async fn the_journal_is_bounded() {
    assert_eq!(Options::default().journal_limit, graph_emulator::JOURNAL_LIMIT);
    let s = Server::start(Options { journal_limit: 3, ..Options::default() }).await;
    for i in 0..5 {
        s.request(Method::GET, &format!("{BASE}?n={i}")).send().await.unwrap();
    }
    let queries: Vec<Option<String>> = s.emulator.journal().into_iter().map(|e| e.query).collect();
    assert_eq!(queries, [Some("n=2".into()), Some("n=3".into()), Some("n=4".into())], "the newest are kept");
    // And by bytes: three bodies of 40 bytes in a journal of 100 keep the newest two.
    let s = Server::start(Options { journal_bytes_limit: 100, ..Options::default() }).await;
    for i in 0..3 {
        s.request(Method::PATCH, &format!("{BASE}/{ID}?n={i}")).body("x".repeat(40)).send().await.unwrap();
    }
    let queries: Vec<Option<String>> = s.emulator.journal().into_iter().map(|e| e.query).collect();
    assert_eq!(queries, [Some("n=1".into()), Some("n=2".into())], "the oldest bytes go first");
}

#[tokio::test]
async fn journal_keeps_exact_bodies_and_clears() {
    let s = Server::default().await;
    let raw = "{ \"displayName\" :\"Spaced\" }";
    s.request(Method::PATCH, &format!("{BASE}/{ID}"))
        .header("Content-Type", "application/json")
        .header("client-request-id", "c-1")
        .body(raw)
        .send()
        .await
        .unwrap();
    let journal: Value = s.control(Method::GET, "journal").send().await.unwrap().json().await.unwrap();
    assert_eq!(journal[0]["method"], "PATCH");
    assert_eq!(journal[0]["path"], format!("{BASE}/{ID}"));
    assert_eq!(journal[0]["body"], raw);
    let shown = journal[0]["headers"]["authorization"].as_str().unwrap();
    assert_eq!(shown, format!("Bearer {}", graph_emulator::token_fingerprint("test-token")));
    assert!(!journal.to_string().contains("test-token"), "the journal never holds a token: {shown}");
    assert_eq!(journal[0]["headers"]["client-request-id"], "c-1");
    assert_eq!(journal[0]["status"], 200, "what it was answered with: a save is known saved, not only sent");
    s.request(Method::PATCH, &format!("{BASE}/{ID}"))
        .header("Content-Type", "application/json")
        .body("{")
        .send()
        .await
        .unwrap();
    let journal: Value = s.control(Method::GET, "journal").send().await.unwrap().json().await.unwrap();
    assert_eq!(journal[1]["status"], 400);
    s.control(Method::DELETE, "journal").send().await.unwrap();
    let journal: Value = s.control(Method::GET, "journal").send().await.unwrap().json().await.unwrap();
    assert_eq!(journal, json!([]));
}

#[tokio::test]
async fn the_control_api_needs_this_runs_secret() {
    let s = Server::default().await;
    assert_ne!(s.emulator.control_secret(), Server::default().await.emulator.control_secret(), "one per run");
    s.request(Method::GET, BASE).send().await.unwrap();
    // A page of another local site can send these (a form POST needs no preflight).
    for (method, path) in
        [(Method::GET, "journal"), (Method::DELETE, "journal"), (Method::POST, "reset"), (Method::POST, "faults")]
    {
        let url = format!("{}/_emulator/{path}", s.url);
        let bare = s.http.request(method.clone(), &url).send().await.unwrap();
        assert_eq!(bare.status(), 403, "{method} {path} without the secret");
        let wrong = s
            .http
            .request(method.clone(), &url)
            .header(graph_emulator::CONTROL_SECRET_HEADER, "guess")
            .send()
            .await
            .unwrap();
        assert_eq!(wrong.status(), 403, "{method} {path} with a wrong secret");
    }
    assert_eq!(s.emulator.journal().len(), 1, "nothing was read, cleared or reset");
}

#[tokio::test]
async fn a_host_that_is_not_loopback_is_refused_unless_remote_is_allowed() {
    let s = Server::default().await;
    let rebound = s.request(Method::GET, BASE).header("Host", "attacker.example").send().await.unwrap();
    assert_eq!(rebound.status(), 421, "a DNS-rebinding page's request");
    for host in ["localhost:1234", "127.0.0.1", "[::1]:80"] {
        assert_eq!(s.request(Method::GET, BASE).header("Host", host).send().await.unwrap().status(), 200, "{host}");
    }
    let remote = Server::start(Options { allow_remote: true, ..Options::default() }).await;
    let answered = remote.request(Method::GET, BASE).header("Host", "emulator.lan").send().await.unwrap();
    assert_eq!(answered.status(), 200);
}

#[tokio::test]
async fn the_journal_keeps_graph_calls_their_known_headers_and_bounded_bodies() {
    let s = Server::default().await;
    s.request(Method::GET, BASE)
        .header("Cookie", "session=other-service")
        .header("X-Custom", "1")
        .send()
        .await
        .unwrap();
    s.request(Method::GET, "/favicon.ico").send().await.unwrap();
    let huge = "x".repeat(graph_emulator::JOURNAL_BODY_LIMIT + 10);
    s.request(Method::PATCH, &format!("{BASE}/{ID}")).body(huge).send().await.unwrap();
    let journal = s.emulator.journal();
    let paths: Vec<&str> = journal.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, [BASE.to_string(), format!("{BASE}/{ID}")], "no static file");
    assert!(journal[0].headers.get("cookie").is_none(), "{:?}", journal[0].headers);
    assert!(journal[0].headers.get("x-custom").is_none());
    assert!(journal[0].headers.get("authorization").is_some());
    let body = &journal[1].body;
    assert!(body.len() < graph_emulator::JOURNAL_BODY_LIMIT + 100);
    assert!(body.ends_with("…(journal: 10 more bytes not kept)"), "{}", &body[body.len() - 60..]);
}

#[tokio::test]
async fn serves_a_built_site_with_a_demo_config() {
    let dir = std::env::temp_dir().join(format!("emulator-dist-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("index.html"), "<!doctype html><title>editor</title>").unwrap();
    let s = Server::start(Options { dist: Some(dir.clone()), tokens: vec!["demo".into()], ..Options::default() }).await;
    let index = s.http.get(format!("{}/", s.url)).send().await.unwrap().text().await.unwrap();
    assert!(index.contains("<title>editor</title>"));
    let config: Value = s.http.get(format!("{}/config.json", s.url)).send().await.unwrap().json().await.unwrap();
    assert_eq!(config["graphBaseUrl"], format!("{}/beta", s.url));
    assert_eq!(config["auth"], json!({"mode": "token", "token": "demo"}));
    s.emulator.inject(Fault {
        method: "GET".into(),
        path: "/config.json".into(),
        kind: FaultKind::Html { status: 200 },
        count: 1,
    });
    let broken = s.http.get(format!("{}/config.json", s.url)).send().await.unwrap().text().await.unwrap();
    assert!(broken.starts_with("<html>"), "faults apply to the site too");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn a_non_loopback_address_needs_allow_remote() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_graph-emulator"))
        .args(["--listen", "0.0.0.0:0"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--allow-remote"));
}

#[tokio::test]
async fn the_list_honours_select_and_expands_assignment_ids_only() {
    let s = Server::start(Options { page_size: 2, ..Options::default() }).await;
    let path = format!("{BASE}?$select=displayName,priority&$expand=assignments($select=id)");
    let first = s.get(&path).await;
    let row = &first["value"][0];
    let mut keys: Vec<&str> = row.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort();
    assert_eq!(keys, ["@odata.etag", "@odata.type", "assignments", "displayName", "id", "priority"], "{row}");
    assert!(row["assignments"].as_array().unwrap().iter().all(|a| a.as_object().unwrap().keys().eq(["id"])), "{row}");
    // The next page keeps the shape.
    let next = first["@odata.nextLink"].as_str().unwrap();
    let next_path = &next[next.find("/beta").unwrap()..];
    let second = s.get(next_path).await;
    assert!(second["value"][0].get("policyPayload").is_none(), "{second}");
    assert!(second["value"][0].get("description").is_none());
    // Without $select, everything (payloads included) but the unexpanded assignments.
    let full = s.get(BASE).await;
    assert!(full["value"][0].get("policyPayload").is_some() && full["value"][0].get("assignments").is_none());
}

#[tokio::test]
async fn create_needs_a_type_and_a_name_and_a_free_priority() {
    let s = Server::default().await;
    let kind = "#microsoft.graph.windowsOfficeClientSecurityConfiguration";
    let (status, body) = s.json(Method::POST, BASE, Some(json!({"@odata.type": kind, "priority": 50}))).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("displayName"));
    let (status, _) = s.json(Method::POST, BASE, Some(json!({"displayName": "No type"}))).await;
    assert_eq!(status, 400);
    let taken = s.get(&format!("{BASE}/{ID}")).await["priority"].clone();
    let (status, body) =
        s.json(Method::POST, BASE, Some(json!({"@odata.type": kind, "displayName": "x", "priority": taken}))).await;
    assert_eq!(status, 400, "{body}");
    let (status, created) =
        s.json(Method::POST, BASE, Some(json!({"@odata.type": kind, "displayName": "New", "priority": 50}))).await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_str().unwrap();
    let (status, _) = s.json(Method::DELETE, &format!("{BASE}/{id}"), None).await;
    assert_eq!(status, 204);
    let (status, body) = s.json(Method::DELETE, &format!("{BASE}/{id}"), None).await;
    assert_eq!(status, 404, "deleting again: {body}");
}

#[tokio::test]
async fn update_priorities_can_be_limited_to_one_spelling() {
    use graph_emulator::PrioritiesSpelling;
    let body = || json!({"officeConfigurationPolicyIds": [ID, OTHER], "officeConfigurationPriorities": [40, 41]});
    for (accepted, graph_ok, management_ok) in [
        (PrioritiesSpelling::Both, true, true),
        (PrioritiesSpelling::Graph, true, false),
        (PrioritiesSpelling::Management, false, true),
    ] {
        let s = Server::start(Options { priorities_spelling: accepted, ..Options::default() }).await;
        for (segment, ok) in [
            ("microsoft.graph.updatePriorities", graph_ok),
            ("microsoft.management.services.api.updatePriorities", management_ok),
        ] {
            let (status, response) = s.json(Method::POST, &format!("{BASE}/{segment}"), Some(body())).await;
            assert_eq!(status, if ok { 204 } else { 400 }, "{accepted:?} {segment}: {response}");
            if !ok {
                assert!(response["error"]["message"].as_str().unwrap().contains(segment));
            }
        }
        if graph_ok || management_ok {
            assert_eq!(s.get(&format!("{BASE}/{ID}")).await["priority"], 40);
        }
    }
}

#[tokio::test]
async fn inline_streams_can_be_refused_as_graph_does_and_put_instead() {
    let s = Server::start(Options { inline_streams: false, ..Options::default() }).await;
    let payload = base64::Engine::encode(&base64::engine::general_purpose::STANDARD, br#"{"a":1}"#);
    let (status, body) = s.json(Method::PATCH, &format!("{BASE}/{ID}"), Some(json!({"policyPayload": payload}))).await;
    assert_eq!(status, 400, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("cannot be updated inline"));
    let (status, _) = s.json(Method::PATCH, &format!("{BASE}/{ID}"), Some(json!({"description": "fine"}))).await;
    assert_eq!(status, 200);
    let res = s.request(Method::PUT, &format!("{BASE}/{ID}/policyPayload")).body(r#"{"a":1}"#).send().await.unwrap();
    assert_eq!(res.status(), 204);
    let text =
        s.request(Method::GET, &format!("{BASE}/{ID}/policyPayload")).send().await.unwrap().text().await.unwrap();
    assert_eq!(text, r#"{"a":1}"#);
}

#[tokio::test]
async fn strict_refuses_a_select_or_expand_of_what_the_type_lacks_and_never_serves_last_modified() {
    let lenient = Server::start(Options { strict: false, ..Options::default() }).await;
    lenient.json(Method::PATCH, &format!("{BASE}/{ID}"), Some(json!({"displayName": "x"}))).await;
    let stamped = lenient.get(&format!("{BASE}/{ID}")).await;
    assert_ne!(stamped["lastModifiedDateTime"], "2026-11-20T08:15:30Z", "lenient: stamped on write");
    let s = Server::default().await;
    for query in ["$select=id,lastModifiedDateTime", "$expand=checkinStatuses", "$select=nope"] {
        let (status, body) = s.json(Method::GET, &format!("{BASE}?{query}"), None).await;
        assert_eq!(status, 400, "{query}: {body}");
        assert!(body["error"]["message"].as_str().unwrap().starts_with("Could not find a property named '"), "{body}");
        let (status, _) = s.json(Method::GET, &format!("{BASE}/{ID}?{query}"), None).await;
        assert_eq!(status, 400, "one entity, {query}");
    }
    let list = s.get(&format!("{BASE}?$select=id,displayName,priority,userCheckinSummary&$expand=assignments")).await;
    assert!(list["value"][0]["assignments"].is_array());
    let entity = s.get(&format!("{BASE}/{ID}")).await;
    assert!(entity.get("lastModifiedDateTime").is_none(), "the type has no lastModifiedDateTime");

    let lenient = Server::start(Options { strict: false, ..Options::default() }).await;
    let list = lenient.get(&format!("{BASE}?$select=id,lastModifiedDateTime")).await;
    assert!(list["value"][0]["lastModifiedDateTime"].is_string());
}

#[tokio::test]
async fn strict_seed_serves_nullable_properties_as_null() {
    let s = Server::default().await;
    let rows = s.get(&format!("{BASE}/{ID}")).await["checkinStatuses"].as_array().unwrap().clone();
    for property in ["userPrincipalName", "deviceName", "devicePlatform", "devicePlatformVersion", "errorMessage"] {
        assert!(rows.iter().any(|r| r[property].is_null()), "{property} is null somewhere");
    }
    assert!(rows.iter().any(|r| r["appliedPolicies"].as_array().is_some_and(|a| a.iter().any(Value::is_null))));
    assert!(rows.iter().all(|r| r["userId"].is_string() && r["checkinDateTime"].is_string()));
    // Not nullable: a PATCH that sends null is refused.
    for property in ["userId", "checkinDateTime"] {
        let row =
            json!({"userId": GROUP, "checkinDateTime": "2026-11-28T09:30:00Z", "wasSuccessful": true, property: null});
        let (status, body) =
            s.json(Method::PATCH, &format!("{BASE}/{ID}"), Some(json!({"checkinStatuses": [row]}))).await;
        assert_eq!(status, 400, "{property}: {body}");
    }
}

#[tokio::test]
async fn strict_streams_take_and_give_bytes_and_refuse_json_media_types() {
    let s = Server::default().await;
    let url = format!("{BASE}/{ID}/policyPayload");
    let refused = s.request(Method::GET, &url).header("Accept", "application/json").send().await.unwrap();
    assert_eq!(refused.status(), 406);
    let read = s.request(Method::GET, &url).header("Accept", "*/*").send().await.unwrap();
    assert_eq!(read.status(), 200);
    assert_eq!(read.headers()["content-type"], "application/octet-stream");
    let put = |media: &'static str| s.request(Method::PUT, &url).header("Content-Type", media).body("{\"a\":1}").send();
    assert_eq!(put("application/json").await.unwrap().status(), 415);
    assert_eq!(put("application/octet-stream").await.unwrap().status(), 204);
}

#[tokio::test]
async fn a_graph_without_office_configuration_says_so_for_every_request_under_it() {
    let s = Server::start(Options { office_configuration: false, ..Options::default() }).await;
    for path in ["/beta/officeConfiguration", BASE, &format!("{BASE}/{ID}")] {
        let (status, body) = s.json(Method::GET, path, None).await;
        assert_eq!(status, 400, "{path}");
        assert_eq!(body["error"]["message"], "Resource not found for the segment 'officeConfiguration'.");
    }
    // The directory is still there.
    assert_eq!(s.json(Method::GET, "/beta/groups/0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808", None).await.0, 200);
}

#[tokio::test]
async fn transitive_member_of_is_paged_like_graph() {
    use graph_emulator::directory::{many_group, MANY_GROUPS, MANY_GROUPS_USER};
    let s = Server::default().await;
    let mut next =
        Some(format!("{}/beta/users/{MANY_GROUPS_USER}/transitiveMemberOf/microsoft.graph.group?$top=999", s.url));
    let mut ids = Vec::new();
    let mut pages = 0;
    while let Some(url) = next.take() {
        let page: Value = s.http.get(&url).bearer_auth("test-token").send().await.unwrap().json().await.unwrap();
        pages += 1;
        ids.extend(page["value"].as_array().unwrap().iter().map(|g| g["id"].as_str().unwrap().to_string()));
        next = page["@odata.nextLink"].as_str().map(str::to_string);
    }
    assert_eq!((pages, ids.len()), (2, MANY_GROUPS));
    assert_eq!(ids.last(), Some(&many_group(MANY_GROUPS - 1)));
    let (status, _) = s
        .json(
            Method::GET,
            &format!("/beta/users/{MANY_GROUPS_USER}/transitiveMemberOf/microsoft.graph.group?$top=1000"),
            None,
        )
        .await;
    assert_eq!(status, 400);
}
