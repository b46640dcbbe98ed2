//! A local emulator of the Microsoft Graph (beta) endpoints the editor uses, under
//! `/beta/officeConfiguration/clientConfigurations`, for tests and demos.
//!
//! It behaves like Graph where a client can tell: bearer tokens are required, bodies are checked
//! against the resource's property names and types, errors have Graph's shape, `request-id` is
//! stamped and `client-request-id` echoed, and CORS exposes what Graph exposes (not
//! `Retry-After`). Every request is kept in a journal (method, path, headers, exact body bytes)
//! that tests read back from `/_emulator/journal`, a prefix no Graph path uses.

pub mod seed;

use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How PATCH answers: the documented `200 OK` with the entity, or the OpenAPI's `204`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PatchMode {
    #[default]
    Entity,
    NoContent,
}

/// What the emulator is started with.
#[derive(Clone, Debug)]
pub struct Options {
    /// Tokens accepted in `Authorization: Bearer …`.
    pub tokens: Vec<String>,
    pub patch_mode: PatchMode,
    /// Page size of the collection when the client sends no `$top`.
    pub page_size: usize,
    /// A built `dist/` to serve at `/`, with a demo config.json pointing here.
    pub dist: Option<PathBuf>,
}

impl Default for Options {
    fn default() -> Self {
        Options { tokens: vec!["test-token".into()], patch_mode: PatchMode::Entity, page_size: 100, dist: None }
    }
}

/// One request as received.
#[derive(Clone, Debug, Serialize)]
pub struct JournalEntry {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Map<String, Value>,
    /// The body exactly as sent, as UTF-8 text (lossy only for non-UTF-8 bytes).
    pub body: String,
}

struct Inner {
    configurations: Vec<Map<String, Value>>,
    journal: Vec<JournalEntry>,
    next_request: u64,
}

/// Shared state of one emulator instance.
#[derive(Clone)]
pub struct Emulator {
    options: Arc<Options>,
    inner: Arc<Mutex<Inner>>,
}

impl Emulator {
    pub fn new(options: Options, configurations: Vec<Map<String, Value>>) -> Emulator {
        Emulator {
            options: Arc::new(options),
            inner: Arc::new(Mutex::new(Inner { configurations, journal: Vec::new(), next_request: 1 })),
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The routes, with CORS and the journal.
    pub fn router(self) -> Router {
        const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::mirror_request())
            .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::PUT, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                HeaderName::from_static("client-request-id"),
            ])
            .expose_headers([
                HeaderName::from_static("request-id"),
                HeaderName::from_static("client-request-id"),
                header::ETAG,
                header::LOCATION,
            ]);
        let graph = Router::new()
            .route(BASE, get(list))
            .route(&format!("{BASE}/{{id}}"), get(get_one).patch(patch_one))
            .route(&format!("{BASE}/{{id}}/assign"), post(assign))
            .layer(axum::middleware::from_fn_with_state(self.clone(), graph_middleware));
        let control = Router::new().route("/_emulator/journal", get(journal).delete(clear_journal));
        let mut app = graph.merge(control);
        if let Some(dist) = &self.options.dist {
            app =
                app.route("/config.json", get(demo_config)).fallback_service(tower_http::services::ServeDir::new(dist));
        }
        app.layer(cors).with_state(self)
    }
}

/// A Graph-shaped error response.
fn graph_error(status: StatusCode, code: &str, message: &str, request_id: &str, client_request_id: &str) -> Response {
    let date = now();
    let body = json!({"error": {"code": code, "message": message, "innerError": {
        "date": date, "request-id": request_id, "client-request-id": client_request_id}}});
    (status, Json(body)).into_response()
}

fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// Request ids as extensions, for handlers.
#[derive(Clone)]
struct Ids {
    request_id: String,
    client_request_id: String,
}

impl Ids {
    fn error(&self, status: StatusCode, code: &str, message: &str) -> Response {
        graph_error(status, code, message, &self.request_id, &self.client_request_id)
    }

    fn bad_request(&self, message: &str) -> Response {
        self.error(StatusCode::BAD_REQUEST, "BadRequest", message)
    }
}

impl Inner {
    fn entity_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.configurations.iter_mut().find(|c| c.get("id").and_then(Value::as_str) == Some(id))
    }
}

async fn graph_middleware(
    State(emu): State<Emulator>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    let (mut parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
    let headers: Map<String, Value> = parts
        .headers
        .iter()
        .map(|(n, v)| (n.as_str().to_string(), Value::from(String::from_utf8_lossy(v.as_bytes()).into_owned())))
        .collect();
    let request_id = {
        let mut inner = emu.lock();
        inner.journal.push(JournalEntry {
            method: parts.method.to_string(),
            path: parts.uri.path().to_string(),
            query: parts.uri.query().map(str::to_string),
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        });
        inner.next_request += 1;
        format!("00000000-0000-4000-8000-{:012x}", inner.next_request)
    };
    let client_request_id = parts
        .headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let ids = Ids { request_id: request_id.clone(), client_request_id: client_request_id.clone() };
    let token = parts
        .headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let mut response = match token {
        Some(t) if emu.options.tokens.contains(&t) => {
            parts.extensions.insert(ids);
            next.run(axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes))).await
        }
        _ => graph_error(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            "Access token is empty or invalid.",
            &request_id,
            &client_request_id,
        ),
    };
    let headers = response.headers_mut();
    for (name, value) in [("request-id", request_id), ("client-request-id", client_request_id)] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
    response
}

async fn list(
    State(emu): State<Emulator>,
    axum::Extension(ids): axum::Extension<Ids>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let top = match query.get("$top").map(|t| t.parse::<usize>()) {
        None => emu.options.page_size,
        Some(Ok(t)) if t > 0 => t,
        Some(_) => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                "BadRequest",
                "Invalid $top value.",
                &ids.request_id,
                &ids.client_request_id,
            )
        }
    };
    let skip: usize = query.get("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let inner = emu.lock();
    let all = &inner.configurations;
    let page: Vec<Value> = all.iter().skip(skip).take(top).cloned().map(Value::Object).collect();
    let mut body = json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#officeConfiguration/clientConfigurations", "value": page});
    if skip + top < all.len() {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
        body["@odata.nextLink"] = Value::from(format!(
            "http://{host}/beta/officeConfiguration/clientConfigurations?$top={top}&$skiptoken={}",
            skip + top
        ));
    }
    Json(body).into_response()
}

fn not_found(ids: &Ids, id: &str) -> Response {
    ids.error(
        StatusCode::NOT_FOUND,
        "ResourceNotFound",
        &format!("No officeClientConfiguration with id '{id}' exists."),
    )
}

async fn get_one(
    State(emu): State<Emulator>,
    axum::Extension(ids): axum::Extension<Ids>,
    Path(id): Path<String>,
) -> Response {
    let inner = emu.lock();
    match inner.configurations.iter().find(|c| c.get("id").and_then(Value::as_str) == Some(&id)) {
        Some(c) => Json(Value::Object(c.clone())).into_response(),
        None => not_found(&ids, &id),
    }
}

/// Checks a PATCH body against the resource's properties; returns the message of a 400.
pub fn check_patch_body(body: &Map<String, Value>) -> Result<(), String> {
    for (name, value) in body {
        let ok = match name.as_str() {
            "@odata.type" => value.as_str().is_some_and(|t| {
                t.ends_with("OfficeClientSecurityConfiguration") || t.ends_with("OfficeClientConfiguration")
            }),
            "displayName" | "description" => value.is_string(),
            "priority" => value.as_i64().is_some_and(|p| i32::try_from(p).is_ok_and(|p| p >= 0)),
            "policyPayload" | "userPreferencePayload" => match value {
                Value::Null => true,
                Value::String(s) => base64::engine::general_purpose::STANDARD.decode(s).is_ok(),
                _ => false,
            },
            "userCheckinSummary" => value.is_object(),
            "checkinStatuses" => value.is_array(),
            "id" | "lastModifiedDateTime" => true,
            _ => return Err(format!("Invalid property '{name}' for type windowsOfficeClientSecurityConfiguration.")),
        };
        if !ok {
            return Err(format!("Invalid value for property '{name}'."));
        }
    }
    Ok(())
}

async fn patch_one(
    State(emu): State<Emulator>,
    axum::Extension(ids): axum::Extension<Ids>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let changes = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => map,
        _ => return ids.bad_request("The request body is not a JSON object."),
    };
    if let Err(message) = check_patch_body(&changes) {
        return ids.bad_request(&message);
    }
    let mut inner = emu.lock();
    if let Some(p) = changes.get("priority") {
        let taken = inner
            .configurations
            .iter()
            .any(|c| c.get("id").and_then(Value::as_str) != Some(&id) && c.get("priority") == Some(p));
        if taken {
            return ids
                .bad_request(&format!("Priority {p} is already used by another policy; priorities must be unique."));
        }
    }
    let Some(entity) = inner.entity_mut(&id) else {
        return not_found(&ids, &id);
    };
    for (k, v) in changes {
        if k != "@odata.type" && k != "id" {
            entity.insert(k, v);
        }
    }
    entity.insert("lastModifiedDateTime".into(), Value::from(now()));
    match emu.options.patch_mode {
        PatchMode::Entity => Json(Value::Object(entity.clone())).into_response(),
        PatchMode::NoContent => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn assign(
    State(emu): State<Emulator>,
    axum::Extension(ids): axum::Extension<Ids>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let targets = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(mut map)) => match map.remove("officeConfigurationAssignments") {
            Some(Value::Array(items)) => items,
            _ => return ids.bad_request("officeConfigurationAssignments must be an array."),
        },
        _ => return ids.bad_request("The request body is not a JSON object."),
    };
    let mut inner = emu.lock();
    let Some(entity) = inner.entity_mut(&id) else {
        return not_found(&ids, &id);
    };
    let assignments: Vec<Value> = targets
        .into_iter()
        .map(|mut a| {
            a["id"] = Value::from(uuid::Uuid::new_v4().to_string());
            a
        })
        .collect();
    entity.insert("assignments".into(), Value::Array(assignments.clone()));
    entity.insert("lastModifiedDateTime".into(), Value::from(now()));
    Json(json!({ "value": assignments })).into_response()
}

async fn journal(State(emu): State<Emulator>) -> Json<Vec<JournalEntry>> {
    Json(emu.lock().journal.clone())
}

async fn clear_journal(State(emu): State<Emulator>) -> StatusCode {
    emu.lock().journal.clear();
    StatusCode::NO_CONTENT
}

/// The demo's config.json: Graph is this server, the token is one the emulator accepts.
async fn demo_config(State(emu): State<Emulator>, headers: HeaderMap) -> Json<Value> {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    let token = emu.options.tokens.first().cloned().unwrap_or_default();
    Json(json!({
        "cloud": "global",
        "graphBaseUrl": format!("http://{host}/beta"),
        "auth": { "mode": "token", "token": token }
    }))
}
