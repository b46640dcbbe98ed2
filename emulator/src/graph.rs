//! The Graph endpoints under `/beta/officeConfiguration`.

use crate::{contract, now, validate, Emulator, Ids, Inner, PatchMode, PayloadMode, PrioritiesSpelling};
use axum::body::Bytes;
use axum::extract::Request;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use base64::Engine as _;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

const ROOT: &str = "/beta/officeConfiguration";
const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
pub(crate) const STREAMS: [&str; 2] = ["policyPayload", "userPreferencePayload"];

pub(crate) fn routes() -> Router<Emulator> {
    let mut router = Router::new()
        .route(ROOT, get(tenant))
        .route(BASE, get(list).post(create))
        .route(
            &format!("{BASE}/{}", PrioritiesSpelling::Graph.segment()),
            post(|s, e, b| update_priorities(s, e, b, PrioritiesSpelling::Graph)),
        )
        .route(
            &format!("{BASE}/{}", PrioritiesSpelling::Management.segment()),
            post(|s, e, b| update_priorities(s, e, b, PrioritiesSpelling::Management)),
        )
        .route(&format!("{BASE}/{{id}}"), get(read).patch(update).delete(remove))
        .route(&format!("{BASE}/{{id}}/assign"), post(assign))
        .route(&format!("{BASE}/{{id}}/assignments"), get(list_assignments).post(create_assignment))
        .route(
            &format!("{BASE}/{{id}}/assignments/{{aid}}"),
            get(read_assignment).patch(update_assignment).delete(remove_assignment),
        );
    for stream in STREAMS {
        router = router.route(
            &format!("{BASE}/{{id}}/{stream}"),
            get(move |s, e, h, p| read_stream(s, e, h, p, stream))
                .put(move |s, e, h, p, b| write_stream(s, e, h, p, b, stream)),
        );
    }
    router
}

/// A Graph without `officeConfiguration` answers every request under it as Graph does for a
/// segment it does not know.
pub(crate) async fn served(State(emu): State<Emulator>, request: Request, next: Next) -> Response {
    if emu.options.office_configuration {
        return next.run(request).await;
    }
    let ids = request.extensions().get::<Ids>().cloned();
    let message = "Resource not found for the segment 'officeConfiguration'.";
    match ids {
        Some(ids) => ids.bad_request(message),
        None => (StatusCode::BAD_REQUEST, message).into_response(),
    }
}

fn host(headers: &HeaderMap) -> String {
    headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1").to_string()
}

/// A JSON object body that passes `check`, or the message of a 400.
fn checked_body(
    body: &[u8],
    check: fn(&Map<String, Value>) -> Result<(), String>,
) -> Result<Map<String, Value>, String> {
    let map = object(body)?;
    check(&map)?;
    Ok(map)
}

/// A JSON object body, or the message of a 400.
fn object(body: &[u8]) -> Result<Map<String, Value>, String> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("The request body must be a JSON object.".into()),
        Err(e) => Err(format!("The request body is not valid JSON: {e}.")),
    }
}

fn not_found(ids: &Ids, what: &str, id: &str) -> Response {
    ids.error(StatusCode::NOT_FOUND, "ResourceNotFound", &format!("No {what} with id '{id}' exists."))
}

impl Emulator {
    /// An entity as Graph would send it: assignments only when expanded; payloads inline or as
    /// media links, as configured.
    fn render(&self, entity: &Map<String, Value>, expand: bool, host: &str) -> Value {
        self.render_selected(entity, &Shape { expand, expand_ids_only: false, select: None }, host)
    }

    /// An entity as `$select` and `$expand` shape it.
    fn render_selected(&self, entity: &Map<String, Value>, shape: &Shape, host: &str) -> Value {
        let expand = shape.expand;
        let mut out = entity.clone();
        if let Some(select) = &shape.select {
            out.retain(|k, _| {
                k == "id" || k == "@odata.type" || (k == "assignments" && expand) || select.iter().any(|s| s == k)
            });
        }
        if shape.expand_ids_only {
            if let Some(Value::Array(list)) = out.get_mut("assignments") {
                for a in list.iter_mut() {
                    *a = json!({ "id": a.get("id").cloned().unwrap_or(Value::Null) });
                }
            }
        }
        if let Some(etag) = self.etag(entity) {
            out.insert("@odata.etag".into(), json!(etag));
        }
        if !expand {
            out.shift_remove("assignments");
        }
        if self.options.strict {
            for docs_only in contract::DOCS_ONLY {
                out.shift_remove(docs_only.name);
            }
        }
        let selected = |name: &str| shape.select.as_ref().is_none_or(|s| s.iter().any(|k| k == name));
        if self.options.payload_mode == PayloadMode::Stream {
            let id = entity.get("id").and_then(Value::as_str).unwrap_or_default();
            for stream in STREAMS.into_iter().filter(|s| selected(s)) {
                out.shift_remove(stream);
                out.insert(
                    format!("{stream}@odata.mediaReadLink"),
                    json!(format!("http://{host}{BASE}/{id}/{stream}")),
                );
                out.insert(format!("{stream}@odata.mediaContentType"), json!("application/json"));
            }
        }
        Value::Object(out)
    }
}

impl Emulator {
    /// The entity's version: a weak ETag over its whole stored content, so any change (the
    /// emulator's own writes and `seed_changes` alike) moves it.
    fn etag(&self, entity: &Map<String, Value>) -> Option<String> {
        use sha2::{Digest, Sha256};
        self.options.etags.then(|| {
            let digest = Sha256::digest(Value::Object(entity.clone()).to_string().as_bytes());
            format!("W/\"{}\"", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
        })
    }

    /// A response with the entity's ETag header, when ETags are on.
    fn with_etag(&self, entity: &Map<String, Value>, mut response: Response) -> Response {
        if let Some(v) = self.etag(entity).and_then(|e| axum::http::HeaderValue::from_str(&e).ok()) {
            response.headers_mut().insert(header::ETAG, v);
        }
        response
    }
}

/// How a read is shaped by `$select` and `$expand`.
struct Shape {
    expand: bool,
    /// `$expand=assignments($select=id)`: each assignment as its id only.
    expand_ids_only: bool,
    select: Option<Vec<String>>,
}

/// Graph's answer to a `$select` or `$expand` of a property the type lacks.
fn no_such_property(name: &str) -> String {
    no_such_property_on(name, contract::CONFIGURATION_BASE_TYPE)
}

fn no_such_property_on(name: &str, type_name: &str) -> String {
    format!("Could not find a property named '{name}' on type '{type_name}'.")
}

impl Shape {
    /// The shape, or (when strict) the message of Graph's `400` for an option that names a
    /// property the contract's type lacks.
    fn checked(query: &HashMap<String, String>, strict: bool) -> Result<Shape, String> {
        if strict {
            for name in query.get("$select").into_iter().flat_map(|s| s.split(',')).map(str::trim) {
                if contract::property(contract::CONFIGURATION, name).is_none() {
                    return Err(no_such_property(name));
                }
            }
            for item in query.get("$expand").into_iter().flat_map(|s| s.split(',')) {
                let name = item.split('(').next().unwrap_or_default().trim();
                if name != "*" && !contract::EXPANDABLE.contains(&name) {
                    return Err(no_such_property(name));
                }
            }
        }
        Ok(Shape::of(query))
    }

    fn of(query: &HashMap<String, String>) -> Shape {
        let expanded = query
            .get("$expand")
            .and_then(|e| e.split(',').map(str::trim).find(|p| *p == "assignments" || p.starts_with("assignments(")));
        Shape {
            expand: expanded.is_some(),
            expand_ids_only: expanded.is_some_and(|p| p.replace(' ', "") == "assignments($select=id)"),
            select: query.get("$select").map(|s| s.split(',').map(|k| k.trim().to_string()).collect()),
        }
    }
}

/// Priorities are unique per tenant.
fn priority_taken(inner: &Inner, id: &str, priority: &Value) -> bool {
    inner
        .configurations()
        .iter()
        .any(|c| c.get("id").and_then(Value::as_str) != Some(id) && c.get("priority") == Some(priority))
}

/// The `officeConfiguration` singleton: the tenant's check-in summary (the configurations'
/// summed) and rows (a sample of each configuration's), shaped by `$select`; strict, a
/// `$select` of a property the type lacks is Graph's `400`.
async fn tenant(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let select: Option<Vec<&str>> = query.get("$select").map(|s| s.split(',').map(str::trim).collect());
    if emu.options.strict {
        for name in select.iter().flatten() {
            if contract::property(contract::OFFICE_CONFIGURATION, name).is_none() {
                return ids.bad_request(&no_such_property_on(name, "microsoft.graph.officeConfiguration"));
            }
        }
    }
    let inner = emu.lock();
    let (mut succeeded, mut failed) = (0i64, 0i64);
    let mut statuses = Vec::new();
    for c in inner.configurations() {
        if let Some(s) = c.get("userCheckinSummary") {
            succeeded += s["succeededUserCount"].as_i64().unwrap_or(0);
            failed += s["failedUserCount"].as_i64().unwrap_or(0);
        }
        statuses.extend(c.get("checkinStatuses").and_then(Value::as_array).into_iter().flatten().take(10).cloned());
    }
    let mut out = json!({
        "@odata.type": "#microsoft.graph.officeConfiguration",
        "tenantCheckinStatuses": statuses,
        "tenantUserCheckinSummary": {"@odata.type": "#microsoft.graph.officeUserCheckinSummary", "succeededUserCount": succeeded, "failedUserCount": failed}
    });
    if let (Some(select), Some(object)) = (&select, out.as_object_mut()) {
        object.retain(|k, _| k == "@odata.type" || select.contains(&k.as_str()));
    }
    Json(out).into_response()
}

async fn list(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let top = match query.get("$top").map(|t| t.parse::<usize>()) {
        None => emu.options.page_size,
        Some(Ok(t)) if t > 0 => t.min(emu.options.page_size.max(1)),
        Some(_) => return ids.bad_request("Invalid value for $top: it must be a positive integer."),
    };
    let skip: usize = query.get("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let host = host(&headers);
    let shape = match Shape::checked(&query, emu.options.strict) {
        Ok(shape) => shape,
        Err(message) => return ids.bad_request(&message),
    };
    let inner = emu.lock();
    let page: Vec<Value> =
        inner.configurations().iter().skip(skip).take(top).map(|c| emu.render_selected(c, &shape, &host)).collect();
    let mut body = json!({"@odata.context": "https://graph.microsoft.com/beta/$metadata#officeConfiguration/clientConfigurations", "value": page});
    if skip + top < inner.configurations().len() {
        let mut carried = String::new();
        for key in ["$select", "$expand"] {
            if let Some(value) = query.get(key) {
                carried.push_str(&format!("&{key}={}", value.replace(' ', "%20")));
            }
        }
        body["@odata.nextLink"] = json!(format!("http://{host}{BASE}?$top={top}&$skiptoken={}{carried}", skip + top));
    }
    Json(body).into_response()
}

async fn read(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let shape = match Shape::checked(&query, emu.options.strict) {
        Ok(shape) => shape,
        Err(message) => return ids.bad_request(&message),
    };
    let mut inner = emu.lock();
    match inner.entity_mut(&id) {
        Some(c) => {
            let response = Json(emu.render_selected(c, &shape, &host(&headers))).into_response();
            emu.with_etag(c, response)
        }
        None => not_found(&ids, "officeClientConfiguration", &id),
    }
}

async fn create(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut entity = match object(&body) {
        Ok(map) => map,
        Err(message) => return ids.bad_request(&message),
    };
    if !entity.contains_key("@odata.type") {
        return ids.bad_request("A type must be specified: add \"@odata.type\" to the request body.");
    }
    if let Err(message) = validate::configuration(&entity) {
        return ids.bad_request(&message);
    }
    if entity.get("displayName").and_then(Value::as_str).is_none_or(|n| n.trim().is_empty()) {
        return ids.bad_request("displayName is required.");
    }
    let mut inner = emu.lock();
    let id = uuid::Uuid::new_v4().to_string();
    if let Some(p) = entity.get("priority") {
        if priority_taken(&inner, &id, p) {
            return ids
                .bad_request(&format!("Priority {p} is already used by another policy; priorities must be unique."));
        }
    }
    entity.insert("id".into(), json!(id));
    entity.insert("lastModifiedDateTime".into(), json!(now()));
    inner.configurations_mut().push(entity.clone());
    let location = format!("http://{}{BASE}/{id}", host(&headers));
    (StatusCode::CREATED, [(header::LOCATION, location)], Json(emu.render(&entity, false, &host(&headers))))
        .into_response()
}

async fn update(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let changes = match checked_body(&body, validate::configuration) {
        Ok(map) => map,
        Err(message) => return ids.bad_request(&message),
    };
    if !emu.options.inline_streams {
        if let Some(stream) = STREAMS.into_iter().find(|s| changes.contains_key(*s)) {
            return ids.bad_request(&format!(
                "The stream property '{stream}' cannot be updated inline. Write its content to {BASE}/{id}/{stream} instead."
            ));
        }
    }
    let mut inner = emu.lock();
    if let Some(p) = changes.get("priority") {
        if priority_taken(&inner, &id, p) {
            return ids
                .bad_request(&format!("Priority {p} is already used by another policy; priorities must be unique."));
        }
    }
    let Some(entity) = inner.entity_mut(&id) else {
        return not_found(&ids, "officeClientConfiguration", &id);
    };
    let if_match = headers.get(header::IF_MATCH).and_then(|v| v.to_str().ok());
    if let (Some(wanted), Some(current)) = (if_match, emu.etag(entity)) {
        if wanted != "*" && wanted != current {
            return ids.error(
                StatusCode::PRECONDITION_FAILED,
                "PreconditionFailed",
                "The resource has changed since it was read (If-Match does not match its ETag).",
            );
        }
    }
    for (k, v) in changes {
        if k != "@odata.type" && k != "id" && k != "lastModifiedDateTime" && k != "@odata.etag" {
            entity.insert(k, v);
        }
    }
    entity.insert("lastModifiedDateTime".into(), json!(now()));
    let response = match emu.options.patch_mode {
        PatchMode::Entity => Json(emu.render(entity, false, &host(&headers))).into_response(),
        PatchMode::NoContent => StatusCode::NO_CONTENT.into_response(),
    };
    emu.with_etag(entity, response)
}

async fn remove(State(emu): State<Emulator>, Extension(ids): Extension<Ids>, Path(id): Path<String>) -> Response {
    let mut inner = emu.lock();
    let before = inner.configurations().len();
    inner.configurations_mut().retain(|c| c.get("id").and_then(Value::as_str) != Some(&id));
    if inner.configurations().len() == before {
        return not_found(&ids, "officeClientConfiguration", &id);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// `updatePriorities`: parallel arrays of ids and new priorities, applied together. A spelling
/// the emulator was told not to accept answers as Graph does for an unknown segment.
async fn update_priorities(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    body: Bytes,
    spelling: PrioritiesSpelling,
) -> Response {
    let accepted = emu.options.priorities_spelling;
    if accepted != PrioritiesSpelling::Both && accepted != spelling {
        return ids.bad_request(&format!("Resource not found for the segment '{}'.", spelling.segment()));
    }
    let body = match object(&body) {
        Ok(map) => map,
        Err(message) => return ids.bad_request(&message),
    };
    let policy_ids = body.get("officeConfigurationPolicyIds").and_then(Value::as_array);
    let priorities = body.get("officeConfigurationPriorities").and_then(Value::as_array);
    let (Some(policy_ids), Some(priorities)) = (policy_ids, priorities) else {
        return ids.bad_request("officeConfigurationPolicyIds and officeConfigurationPriorities are required arrays.");
    };
    if policy_ids.len() != priorities.len() {
        return ids
            .bad_request("officeConfigurationPolicyIds and officeConfigurationPriorities must have the same length.");
    }
    if !priorities.iter().all(|p| p.as_i64().is_some_and(|n| (0..=i64::from(i32::MAX)).contains(&n))) {
        return ids.bad_request("Every priority must be an Int32 of 0 or more.");
    }
    let mut inner = emu.lock();
    let mut next = inner.configurations().to_vec();
    for (id, priority) in policy_ids.iter().zip(priorities) {
        let id = id.as_str().unwrap_or_default();
        match next.iter_mut().find(|c| c.get("id").and_then(Value::as_str) == Some(id)) {
            Some(c) => {
                c.insert("priority".into(), priority.clone());
                c.insert("lastModifiedDateTime".into(), json!(now()));
            }
            None => return not_found(&ids, "officeClientConfiguration", id),
        }
    }
    let mut seen: Vec<&Value> = next.iter().filter_map(|c| c.get("priority")).collect();
    seen.sort_by_key(|p| p.as_i64());
    if seen.windows(2).any(|w| w[0] == w[1]) {
        return ids.bad_request("Priorities must be unique across the tenant's policies.");
    }
    *inner.configurations_mut() = next;
    StatusCode::NO_CONTENT.into_response()
}

fn with_target_defaults(mut assignment: Map<String, Value>) -> Map<String, Value> {
    if !assignment.contains_key("id") {
        assignment.insert("id".into(), json!(uuid::Uuid::new_v4().to_string()));
    }
    if let Some(Value::Object(target)) = assignment.get_mut("target") {
        target.entry("@odata.type").or_insert(json!("#microsoft.graph.officeConfigurationGroupAssignmentTarget"));
    }
    assignment
}

/// `assign`: replaces every target.
async fn assign(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let body = match object(&body) {
        Ok(map) => map,
        Err(message) => return ids.bad_request(&message),
    };
    let Some(Value::Array(items)) = body.get("officeConfigurationAssignments") else {
        return ids.bad_request("officeConfigurationAssignments must be an array.");
    };
    let mut assignments = Vec::new();
    for item in items {
        let Some(map) = item.as_object() else { return ids.bad_request("Each assignment must be an object.") };
        if let Err(message) = validate::assignment(map) {
            return ids.bad_request(&message);
        }
        assignments.push(Value::Object(with_target_defaults(map.clone())));
    }
    let mut inner = emu.lock();
    let Some(entity) = inner.entity_mut(&id) else {
        return not_found(&ids, "officeClientConfiguration", &id);
    };
    entity.insert("assignments".into(), Value::Array(assignments.clone()));
    entity.insert("lastModifiedDateTime".into(), json!(now()));
    Json(json!({ "value": assignments })).into_response()
}

fn assignments_of<'a>(inner: &'a mut Inner, id: &str) -> Option<&'a mut Vec<Value>> {
    let entity = inner.entity_mut(id)?;
    let slot = entity.entry("assignments").or_insert_with(|| json!([]));
    if !slot.is_array() {
        *slot = json!([]);
    }
    slot.as_array_mut()
}

async fn list_assignments(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Path(id): Path<String>,
) -> Response {
    match assignments_of(&mut emu.lock(), &id) {
        Some(list) => Json(json!({ "value": list })).into_response(),
        None => not_found(&ids, "officeClientConfiguration", &id),
    }
}

async fn create_assignment(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let body = match checked_body(&body, validate::assignment) {
        Ok(map) => map,
        Err(message) => return ids.bad_request(&message),
    };
    let created = Value::Object(with_target_defaults(body));
    match assignments_of(&mut emu.lock(), &id) {
        Some(list) => {
            list.push(created.clone());
            (StatusCode::CREATED, Json(created)).into_response()
        }
        None => not_found(&ids, "officeClientConfiguration", &id),
    }
}

fn find_assignment<'a>(list: &'a mut [Value], aid: &str) -> Option<&'a mut Value> {
    list.iter_mut().find(|a| a.get("id").and_then(Value::as_str) == Some(aid))
}

async fn read_assignment(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Path((id, aid)): Path<(String, String)>,
) -> Response {
    let mut inner = emu.lock();
    let Some(list) = assignments_of(&mut inner, &id) else { return not_found(&ids, "officeClientConfiguration", &id) };
    match find_assignment(list, &aid) {
        Some(a) => Json(a.clone()).into_response(),
        None => not_found(&ids, "officeClientConfigurationAssignment", &aid),
    }
}

async fn update_assignment(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Path((id, aid)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    let changes = match checked_body(&body, validate::assignment) {
        Ok(map) => map,
        Err(message) => return ids.bad_request(&message),
    };
    let mut inner = emu.lock();
    let Some(list) = assignments_of(&mut inner, &id) else { return not_found(&ids, "officeClientConfiguration", &id) };
    let Some(Value::Object(a)) = find_assignment(list, &aid) else {
        return not_found(&ids, "officeClientConfigurationAssignment", &aid);
    };
    for (k, v) in changes {
        if k != "id" {
            a.insert(k, v);
        }
    }
    StatusCode::NO_CONTENT.into_response()
}

async fn remove_assignment(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    Path((id, aid)): Path<(String, String)>,
) -> Response {
    let mut inner = emu.lock();
    let Some(list) = assignments_of(&mut inner, &id) else { return not_found(&ids, "officeClientConfiguration", &id) };
    let before = list.len();
    list.retain(|a| a.get("id").and_then(Value::as_str) != Some(&aid));
    if list.len() == before {
        return not_found(&ids, "officeClientConfigurationAssignment", &aid);
    }
    StatusCode::NO_CONTENT.into_response()
}

/// Whether a media type header names JSON and nothing that takes bytes.
fn json_only(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        let v = v.to_ascii_lowercase();
        v.contains("json") && !v.contains("*/*") && !v.contains("octet-stream")
    })
}

/// `GET /{id}/policyPayload`: the raw bytes of the stream (an `Edm.Stream` is bytes: asked for
/// as JSON only, strict Graph answers `406`).
async fn read_stream(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Path(id): Path<String>,
    stream: &'static str,
) -> Response {
    if emu.options.strict && json_only(headers.get(header::ACCEPT).and_then(|v| v.to_str().ok())) {
        return ids.error(
            StatusCode::NOT_ACCEPTABLE,
            "NotAcceptable",
            &format!(
                "The stream property '{stream}' is served as application/octet-stream; ask for it with Accept: */*."
            ),
        );
    }
    let mut inner = emu.lock();
    let Some(entity) = inner.entity_mut(&id) else { return not_found(&ids, "officeClientConfiguration", &id) };
    let bytes = entity.get(stream).and_then(validate::decode_stream).unwrap_or_default();
    let media = if emu.options.strict { "application/octet-stream" } else { "application/json" };
    ([(header::CONTENT_TYPE, media)], bytes).into_response()
}

/// `PUT /{id}/policyPayload`: replaces the stream with the raw bytes sent (sent as JSON,
/// strict Graph answers `415`).
async fn write_stream(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
    stream: &'static str,
) -> Response {
    if emu.options.strict && json_only(headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok())) {
        return ids.error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UnsupportedMediaType",
            &format!("The stream property '{stream}' takes application/octet-stream, not JSON."),
        );
    }
    let mut inner = emu.lock();
    let Some(entity) = inner.entity_mut(&id) else { return not_found(&ids, "officeClientConfiguration", &id) };
    entity.insert(stream.into(), json!(base64::engine::general_purpose::STANDARD.encode(&body)));
    entity.insert("lastModifiedDateTime".into(), json!(now()));
    StatusCode::NO_CONTENT.into_response()
}
