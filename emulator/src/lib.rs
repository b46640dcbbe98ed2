//! A local emulator of the Microsoft Graph (beta) endpoints for Office client configurations,
//! under `/beta/officeConfiguration`, for tests and the demo.
//!
//! It behaves like Graph where a client can tell: bearer tokens are required (a read-only token
//! gets 403 on writes), bodies are checked against the resource's property names and types,
//! errors have Graph's shape, `request-id` is stamped and `client-request-id` echoed,
//! navigation properties appear only with `$expand`, and CORS exposes what Graph exposes (not
//! `Retry-After`). By default it holds the published contract strictly (`Options::strict`,
//! `contract`): a `$select` of a property the type lacks is a `400`, `lastModifiedDateTime`
//! (which only the docs list) is never served, nullable properties come as `null`, and the
//! stream URLs take bytes, not JSON.
//!
//! For tests, a control API under `/_emulator` (a prefix no Graph path uses) reads the request
//! journal (method, path, headers, exact body bytes), scripts faults per route, and resets state.
//!
//! On a shared machine: CORS answers only the origins it is told (the site it serves is
//! same-origin and needs none); the control API answers only requests that carry this run's
//! random secret ([`CONTROL_SECRET_HEADER`], printed at start), so another local page or user
//! cannot read the journal, script faults or reset; a request whose `Host` is not loopback is
//! refused (DNS rebinding) unless `allow_remote`; the journal keeps Graph requests only, an
//! allow-list of their headers (never a cookie, never an `Authorization` value, only its
//! [`token_fingerprint`]), bodies up to [`JOURNAL_BODY_LIMIT`], the newest [`JOURNAL_LIMIT`]; and
//! `main` listens on a non-loopback address only with `--allow-remote`. Its demo tokens are
//! still anyone's who can reach it: it is a test double, not a server to share.

pub mod authority;
pub mod contract;
pub mod directory;
pub mod faults;
mod graph;
pub mod seed;
pub mod validate;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::Engine as _;
use faults::{Fault, FaultKind};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// How PATCH answers: the documented `200 OK` with the entity, or the OpenAPI's `204`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PatchMode {
    #[default]
    Entity,
    NoContent,
}

/// How entities carry the two Stream payloads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PayloadMode {
    /// Inline, as base64 text.
    #[default]
    Inline,
    /// Left out of the entity (only `@odata.mediaReadLink`): read `/{id}/policyPayload`.
    Stream,
}

/// Which spelling of the `updatePriorities` action's URL segment is accepted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum PrioritiesSpelling {
    /// Both `microsoft.graph.updatePriorities` and `microsoft.management.services.api.updatePriorities`.
    #[default]
    Both,
    /// Only `microsoft.graph.updatePriorities`; the other answers 404.
    Graph,
    /// Only the documented `microsoft.management.services.api.updatePriorities`.
    Management,
}

impl PrioritiesSpelling {
    /// The action's URL segment in this spelling (`Both` has none of its own).
    pub fn segment(self) -> &'static str {
        match self {
            PrioritiesSpelling::Management => "microsoft.management.services.api.updatePriorities",
            _ => "microsoft.graph.updatePriorities",
        }
    }
}

/// How many requests the journal keeps (the newest).
pub const JOURNAL_LIMIT: usize = 10_000;

/// The most bytes of one request body the journal keeps (a payload PATCH is at most 4 MiB of
/// base64 plus the rest); what is cut is marked.
pub const JOURNAL_BODY_LIMIT: usize = 8 * 1024 * 1024;

/// The most body bytes the whole journal keeps by default: the oldest entries go first.
pub const JOURNAL_BYTES_LIMIT: usize = 256 * 1024 * 1024;

/// The header that carries the control API's secret.
pub const CONTROL_SECRET_HEADER: &str = "x-emulator-secret";

/// The request headers the journal keeps (what tests and a reader of the journal need to see
/// of a Graph call); everything else (cookies of other local services among them) is dropped.
const JOURNALED_HEADERS: [&str; 10] = [
    "authorization",
    "accept",
    "content-type",
    "content-length",
    "if-match",
    "client-request-id",
    "consistencylevel",
    "prefer",
    "origin",
    "sdkversion",
];

/// What the journal shows of a bearer token: `sha256:` and the first 16 hex digits of its
/// SHA-256, so a test can tell which token was sent without the journal holding it.
pub fn token_fingerprint(token: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(token.as_bytes());
    format!("sha256:{}", digest.iter().take(8).map(|b| format!("{b:02x}")).collect::<String>())
}

/// An `Authorization` header value as the journal keeps it.
fn redacted_authorization(value: &str) -> String {
    match value.strip_prefix("Bearer ") {
        Some(token) => format!("Bearer {}", token_fingerprint(token)),
        None => "<redacted>".into(),
    }
}

/// What the emulator is started with.
#[derive(Clone, Debug)]
pub struct Options {
    /// Tokens accepted in `Authorization: Bearer …`.
    pub tokens: Vec<String>,
    /// Tokens that may read but get 403 on every write.
    pub read_only_tokens: Vec<String>,
    pub patch_mode: PatchMode,
    pub payload_mode: PayloadMode,
    /// Page size of the collection when the client sends no `$top`.
    pub page_size: usize,
    /// A built `dist/` to serve at `/`, with a demo config.json pointing here.
    pub dist: Option<PathBuf>,
    /// A fake Entra ID authority whose access tokens are accepted (besides `tokens`).
    pub authority: Option<authority::Authority>,
    /// The config.json to serve with `dist` instead of the demo one.
    pub config_json: Option<Value>,
    /// A folder of policy templates (ADMX/ADML) to serve at `/templates/` with `dist`, named in
    /// the demo config.json's `catalog` (the demo loads them with one click).
    pub templates: Option<PathBuf>,
    /// Origins (`http://127.0.0.1:8000`) whose pages may call this Graph cross-origin.
    pub allowed_origins: Vec<String>,
    /// Whether entities carry an ETag (`@odata.etag` and the `ETag` header) and PATCH checks
    /// `If-Match` against it (`412` when it no longer matches).
    pub etags: bool,
    /// How many requests the journal keeps (the newest); [`JOURNAL_LIMIT`] by default.
    pub journal_limit: usize,
    /// How many body bytes the journal keeps in all; [`JOURNAL_BYTES_LIMIT`] by default.
    pub journal_bytes_limit: usize,
    /// Which `updatePriorities` URL spelling is accepted.
    pub priorities_spelling: PrioritiesSpelling,
    /// Whether a PATCH may carry the Stream payloads inline; `false` refuses it with Graph's
    /// `400` (the payloads are then written with `PUT` to their own URLs).
    pub inline_streams: bool,
    /// Whether the tenant granted the app `Group.Read.All`: `false` answers every directory
    /// read with `403 Authorization_RequestDenied`.
    pub directory_consent: bool,
    /// The tenant id whose configurations are the seeded ones (the fake authority's first
    /// users are in it); a token of another tenant (its `tid`) sees that tenant's own.
    pub home_tenant: String,
    /// More accepted tokens, each of another tenant: `(token, tenant id)`.
    pub tenant_tokens: Vec<(String, String)>,
    /// Hold the published contract (`contract`) strictly, as Graph does: `400` for a `$select`
    /// or `$expand` of a property the type lacks, no `lastModifiedDateTime` (the type has
    /// none), and the stream URLs answer `406`/`415` to JSON media types. `false` is the
    /// lenient emulator of earlier versions, which served what the docs' tables list.
    pub strict: bool,
    /// Whether this Graph still serves `/officeConfiguration`; `false` answers every request
    /// under it as a Graph without the resource does (`400` "Resource not found for the
    /// segment 'officeConfiguration'").
    pub office_configuration: bool,
    /// The secret the control API (`/_emulator/*`) asks for in [`CONTROL_SECRET_HEADER`]: a new
    /// random one per run unless given.
    pub control_secret: String,
    /// Answer requests whose `Host` is not a loopback name or address (`false`: refused, as a
    /// DNS-rebinding page would send them).
    pub allow_remote: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            tokens: vec!["test-token".into()],
            read_only_tokens: Vec::new(),
            patch_mode: PatchMode::Entity,
            payload_mode: PayloadMode::Inline,
            page_size: 100,
            dist: None,
            authority: None,
            config_json: None,
            templates: None,
            allowed_origins: Vec::new(),
            etags: true,
            journal_limit: JOURNAL_LIMIT,
            journal_bytes_limit: JOURNAL_BYTES_LIMIT,
            priorities_spelling: PrioritiesSpelling::Both,
            inline_streams: true,
            directory_consent: true,
            home_tenant: authority::HOME_TENANT.into(),
            tenant_tokens: Vec::new(),
            strict: true,
            office_configuration: true,
            control_secret: uuid::Uuid::new_v4().simple().to_string(),
            allow_remote: false,
        }
    }
}

/// The journal's status for a request whose client closed the connection before the answer
/// (a browser's timeout aborting a fetch), as nginx logs it.
pub const CLIENT_CLOSED: u16 = 499;

/// Writes a request's answer into its journal entry; dropped unanswered (the client went
/// away and the handler with it), it writes [`CLIENT_CLOSED`].
struct Answer {
    emu: Emulator,
    request_id: String,
    status: u16,
}

impl Drop for Answer {
    fn drop(&mut self) {
        if let Some(entry) = self.emu.lock().journal.iter_mut().rev().find(|e| e.request_id == self.request_id) {
            entry.status = Some(self.status);
        }
    }
}

/// One request as received.
#[derive(Clone, Debug, Serialize)]
pub struct JournalEntry {
    pub method: String,
    pub path: String,
    pub query: Option<String>,
    pub headers: Map<String, Value>,
    /// The body exactly as sent (lossy only for bytes that are not UTF-8).
    pub body: String,
    /// The `request-id` the emulator gave it.
    pub request_id: String,
    /// The status it was answered with ([`CLIENT_CLOSED`] when the client went away first);
    /// `None` while it is being handled.
    pub status: Option<u16>,
}

tokio::task_local! {
    /// The tenant of the request being handled, from its token; `""` is the home tenant.
    static TENANT: String;
}

/// The tenant of the request being handled (the home tenant, `""`, outside a request).
fn current_tenant() -> String {
    TENANT.try_with(Clone::clone).unwrap_or_default()
}

pub(crate) struct Inner {
    config_json: Option<Value>,
    /// Each tenant's configurations, by tenant id (`""`: the home tenant, which is seeded).
    tenants: BTreeMap<String, Vec<Map<String, Value>>>,
    journal: Vec<JournalEntry>,
    faults: Vec<Fault>,
    next_request: u64,
}

impl Inner {
    /// The configurations of the request's tenant.
    pub(crate) fn configurations(&self) -> &[Map<String, Value>] {
        self.tenants.get(&current_tenant()).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn configurations_mut(&mut self) -> &mut Vec<Map<String, Value>> {
        self.tenants.entry(current_tenant()).or_default()
    }

    fn entity_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.configurations_mut().iter_mut().find(|c| c.get("id").and_then(Value::as_str) == Some(id))
    }
}

/// One emulator instance: options, seeded data, journal and scripted faults.
#[derive(Clone)]
pub struct Emulator {
    options: Arc<Options>,
    seed: Arc<Vec<Map<String, Value>>>,
    inner: Arc<Mutex<Inner>>,
}

/// Request ids of the request being handled.
#[derive(Clone)]
pub(crate) struct Ids {
    request_id: String,
    client_request_id: String,
}

impl Ids {
    pub(crate) fn error(&self, status: StatusCode, code: &str, message: &str) -> Response {
        graph_error(status, code, message, self)
    }

    pub(crate) fn bad_request(&self, message: &str) -> Response {
        self.error(StatusCode::BAD_REQUEST, "BadRequest", message)
    }
}

/// A Graph-shaped error response.
fn graph_error(status: StatusCode, code: &str, message: &str, ids: &Ids) -> Response {
    let body = json!({"error": {"code": code, "message": message, "innerError": {
        "date": now(), "request-id": ids.request_id, "client-request-id": ids.client_request_id}}});
    (status, Json(body)).into_response()
}

/// Now, as Graph writes `DateTimeOffset`.
pub(crate) fn now() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

impl Emulator {
    pub fn new(options: Options, configurations: Vec<Map<String, Value>>) -> Emulator {
        let config_json = options.config_json.clone();
        Emulator {
            options: Arc::new(options),
            seed: Arc::new(configurations.clone()),
            inner: Arc::new(Mutex::new(Inner {
                config_json,
                tenants: BTreeMap::from([(String::new(), configurations)]),
                journal: Vec::new(),
                faults: Vec::new(),
                next_request: 0,
            })),
        }
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Every request received so far (control requests excepted).
    pub fn journal(&self) -> Vec<JournalEntry> {
        self.lock().journal.clone()
    }

    /// Serves this config.json (with `dist`) from now on.
    pub fn set_config_json(&self, config: Value) {
        self.lock().config_json = Some(config);
    }

    /// Writes properties of a configuration directly, as another admin (or a test) would have:
    /// no validation, no journal entry.
    pub fn seed_changes(&self, id: &str, changes: Map<String, Value>) -> bool {
        let mut inner = self.lock();
        let Some(entity) = inner.entity_mut(id) else { return false };
        entity.extend(changes);
        true
    }

    /// Gives tenant `tenant` these configurations (it has none until then).
    pub fn seed_tenant(&self, tenant: &str, configurations: Vec<Map<String, Value>>) {
        let key = if tenant == self.options.home_tenant { String::new() } else { tenant.to_string() };
        self.lock().tenants.insert(key, configurations);
    }

    /// The configurations tenant `tenant` holds now.
    pub fn configurations_of(&self, tenant: &str) -> Vec<Map<String, Value>> {
        let key = if tenant == self.options.home_tenant { String::new() } else { tenant.to_string() };
        self.lock().tenants.get(&key).cloned().unwrap_or_default()
    }

    /// Scripts a fault.
    pub fn inject(&self, fault: Fault) {
        self.lock().faults.push(fault);
    }

    /// Restores the seeded data and clears the journal and faults.
    pub fn reset(&self) {
        let mut inner = self.lock();
        inner.tenants = BTreeMap::from([(String::new(), (*self.seed).clone())]);
        inner.journal.clear();
        inner.faults.clear();
    }

    /// The routes, with CORS, the journal, faults and auth.
    pub fn router(self) -> Router {
        let origins: Vec<HeaderValue> = self
            .options
            .allowed_origins
            .iter()
            .filter_map(|o| HeaderValue::from_str(o.trim_end_matches('/')).ok())
            .collect();
        let cors = CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::PUT, Method::DELETE])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                header::ACCEPT,
                header::IF_MATCH,
                HeaderName::from_static("client-request-id"),
                HeaderName::from_static("consistencylevel"),
                HeaderName::from_static(CONTROL_SECRET_HEADER),
            ])
            .expose_headers([
                HeaderName::from_static("request-id"),
                HeaderName::from_static("client-request-id"),
                header::ETAG,
                header::LOCATION,
                header::WWW_AUTHENTICATE,
            ])
            .max_age(Duration::from_secs(600));
        let graph = graph::routes()
            .layer(middleware::from_fn_with_state(self.clone(), graph::served))
            .merge(directory::routes())
            .layer(middleware::from_fn_with_state(self.clone(), authorize));
        let control = Router::new()
            .route("/_emulator/journal", get(read_journal).delete(clear_journal))
            .route("/_emulator/faults", post(add_faults).delete(clear_faults))
            .route("/_emulator/reset", post(reset))
            .layer(middleware::from_fn_with_state(self.clone(), control_secret));
        let mut app = graph;
        if let Some(dist) = &self.options.dist {
            if let Some(templates) = &self.options.templates {
                app = app.nest_service("/templates", tower_http::services::ServeDir::new(templates));
            }
            app =
                app.route("/config.json", get(demo_config)).fallback_service(tower_http::services::ServeDir::new(dist));
        }
        app.layer(middleware::from_fn_with_state(self.clone(), journal_and_faults))
            .merge(control)
            .layer(cors)
            .layer(middleware::from_fn_with_state(self.clone(), loopback_host))
            .with_state(self)
    }

    /// The control API's secret for this run.
    pub fn control_secret(&self) -> &str {
        &self.options.control_secret
    }
}

/// Refuses a request for another host name (a page that rebound its own name to 127.0.0.1)
/// unless `allow_remote`.
async fn loopback_host(State(emu): State<Emulator>, request: Request, next: Next) -> Response {
    let host = request.headers().get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or_default();
    if emu.options.allow_remote || is_loopback_host(host) {
        return next.run(request).await;
    }
    (
        StatusCode::MISDIRECTED_REQUEST,
        "This emulator answers loopback host names only (start it with --allow-remote to change that).",
    )
        .into_response()
}

/// The control API answers only requests that carry this run's secret.
async fn control_secret(State(emu): State<Emulator>, request: Request, next: Next) -> Response {
    let given = request.headers().get(CONTROL_SECRET_HEADER).and_then(|h| h.to_str().ok());
    if given == Some(emu.options.control_secret.as_str()) {
        return next.run(request).await;
    }
    (
        StatusCode::FORBIDDEN,
        format!("The control API needs the {CONTROL_SECRET_HEADER} header this run printed at start."),
    )
        .into_response()
}

/// Whether a path is Graph's (journaled), not the site's files or the demo config.
fn is_graph_path(path: &str) -> bool {
    path.starts_with("/beta/") || path.starts_with("/v1.0/")
}

/// Journals every request, stamps the ids, and plays a scripted fault if one matches.
async fn journal_and_faults(State(emu): State<Emulator>, request: Request, next: Next) -> Response {
    let (mut parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, 64 * 1024 * 1024).await.unwrap_or_default();
    let headers: Map<String, Value> = parts
        .headers
        .iter()
        .filter(|(n, _)| JOURNALED_HEADERS.contains(&n.as_str()))
        .map(|(n, v)| {
            let text = String::from_utf8_lossy(v.as_bytes()).into_owned();
            let text = if n == header::AUTHORIZATION { redacted_authorization(&text) } else { text };
            (n.as_str().to_string(), Value::from(text))
        })
        .collect();
    let method = parts.method.to_string();
    let path = parts.uri.path().to_string();
    let (request_id, fault) = {
        let mut inner = emu.lock();
        inner.next_request += 1;
        let request_id = format!("00000000-0000-4000-8000-{:012x}", inner.next_request);
        if is_graph_path(&path) {
            let mut body = String::from_utf8_lossy(&bytes[..bytes.len().min(JOURNAL_BODY_LIMIT)]).into_owned();
            if bytes.len() > JOURNAL_BODY_LIMIT {
                body.push_str(&format!("…(journal: {} more bytes not kept)", bytes.len() - JOURNAL_BODY_LIMIT));
            }
            inner.journal.push(JournalEntry {
                method: method.clone(),
                path: path.clone(),
                query: parts.uri.query().map(str::to_string),
                headers,
                body,
                request_id: request_id.clone(),
                status: None,
            });
            // The oldest go first, until both bounds hold; the newest entry always stays.
            let mut kept: usize = inner.journal.iter().map(|e| e.body.len()).sum();
            let mut oldest = 0;
            while oldest + 1 < inner.journal.len()
                && (inner.journal.len() - oldest > emu.options.journal_limit || kept > emu.options.journal_bytes_limit)
            {
                kept -= inner.journal[oldest].body.len();
                oldest += 1;
            }
            inner.journal.drain(..oldest);
        }
        let fault = faults::take(&mut inner.faults, &method, &path);
        (request_id, fault)
    };
    let client_request_id = parts
        .headers
        .get("client-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
    let ids = Ids { request_id: request_id.clone(), client_request_id: client_request_id.clone() };
    let mut answer = Answer { emu: emu.clone(), request_id: request_id.clone(), status: CLIENT_CLOSED };
    let mut response = match fault {
        None => {
            parts.extensions.insert(ids);
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        Some(FaultKind::Delay { ms }) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            parts.extensions.insert(ids);
            next.run(Request::from_parts(parts, Body::from(bytes))).await
        }
        Some(kind) => play(kind, &ids),
    };
    answer.status = response.status().as_u16();
    drop(answer);
    let headers = response.headers_mut();
    for (name, value) in [("request-id", request_id), ("client-request-id", client_request_id)] {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    }
    response
}

/// The response of a fault (all but `Delay`).
fn play(kind: FaultKind, ids: &Ids) -> Response {
    let status_of = |s: u16| StatusCode::from_u16(s).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    match kind {
        FaultKind::Status { status, retry_after, code, claims, message, ids_in_headers_only } => {
            let code = code.unwrap_or_else(|| faults::code_for(status).to_string());
            let message = message.unwrap_or_else(|| format!("Scripted fault: {status} {code}."));
            let mut response = if ids_in_headers_only {
                let body = json!({"error": {"code": code, "message": message, "innerError": {"date": now()}}});
                (status_of(status), Json(body)).into_response()
            } else {
                ids.error(status_of(status), &code, &message)
            };
            if let Some(seconds) = retry_after {
                response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
            }
            if let Some(claims) = claims {
                let challenge = format!("Bearer realm=\"\", error=\"insufficient_claims\", claims=\"{}\"",
                    base64::engine::general_purpose::STANDARD.encode(claims));
                if let Ok(v) = HeaderValue::from_str(&challenge) {
                    response.headers_mut().insert(header::WWW_AUTHENTICATE, v);
                }
            }
            response
        }
        FaultKind::Html { status } => (
            status_of(status),
            [(header::CONTENT_TYPE, "text/html")],
            format!("<html><head><title>{status}</title></head><body><h1>{status} Proxy Error</h1><p>The upstream server did not answer.</p></body></html>"),
        )
            .into_response(),
        FaultKind::Truncated => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            r##"{"@odata.type":"#microsoft.graph.windowsOfficeClientSecurityConfiguration","id":"f90ca1a5","displayName":"Trunc"##,
        )
            .into_response(),
        FaultKind::Empty { status } => (status_of(status), Body::empty()).into_response(),
        FaultKind::Redirect { location } => (StatusCode::FOUND, [(header::LOCATION, location)]).into_response(),
        // A body that fails before its first byte makes the server close the connection
        // without a response.
        FaultKind::Drop => {
            let stream = futures_util::stream::once(async { Err::<Bytes, std::io::Error>(std::io::ErrorKind::ConnectionReset.into()) });
            Response::new(Body::from_stream(stream))
        }
        FaultKind::Delay { .. } => unreachable!("a delay answers normally"),
    }
}

/// Bearer tokens: unknown → 401; read-only → 403 on writes.
async fn authorize(State(emu): State<Emulator>, request: Request, next: Next) -> Response {
    let ids = request
        .extensions()
        .get::<Ids>()
        .cloned()
        .unwrap_or(Ids { request_id: String::new(), client_request_id: String::new() });
    let token = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let writes = request.method() != Method::GET;
    if let (Some(authority), Some(t)) = (&emu.options.authority, &token) {
        if !emu.options.tokens.contains(t) {
            return match authority.check(t, writes) {
                Ok(issued) => {
                    let tenant = if issued.user.tid == emu.options.home_tenant { String::new() } else { issued.user.tid };
                    TENANT.scope(tenant, next.run(request)).await
                }
                Err(authority::TokenProblem::MissingScope) => ids.error(
                    StatusCode::FORBIDDEN,
                    "Forbidden",
                    "Missing permission: this operation requires the delegated permission DeviceManagementConfiguration.ReadWrite.All.",
                ),
                Err(authority::TokenProblem::Invalid) => {
                    let mut response = ids.error(
                        StatusCode::UNAUTHORIZED,
                        "InvalidAuthenticationToken",
                        "Access token has expired or is not valid yet.",
                    );
                    response.headers_mut().insert(
                        header::WWW_AUTHENTICATE,
                        HeaderValue::from_static("Bearer realm=\"\", error=\"invalid_token\""),
                    );
                    response
                }
            };
        }
    }
    if let Some((_, tenant)) = token.as_ref().and_then(|t| emu.options.tenant_tokens.iter().find(|(k, _)| k == t)) {
        return TENANT.scope(tenant.clone(), next.run(request)).await;
    }
    match token {
        Some(t) if emu.options.tokens.contains(&t) => next.run(request).await,
        Some(t) if emu.options.read_only_tokens.contains(&t) && !writes => next.run(request).await,
        Some(t) if emu.options.read_only_tokens.contains(&t) => ids.error(
            StatusCode::FORBIDDEN,
            "Forbidden",
            "Insufficient privileges to complete the operation. Requires DeviceManagementConfiguration.ReadWrite.All.",
        ),
        _ => ids.error(StatusCode::UNAUTHORIZED, "InvalidAuthenticationToken", "Access token is empty or invalid."),
    }
}

async fn read_journal(State(emu): State<Emulator>) -> Json<Vec<JournalEntry>> {
    Json(emu.journal())
}

async fn clear_journal(State(emu): State<Emulator>) -> StatusCode {
    emu.lock().journal.clear();
    StatusCode::NO_CONTENT
}

/// `POST /_emulator/faults` with one fault or an array of them.
async fn add_faults(State(emu): State<Emulator>, body: Bytes) -> Response {
    let parsed = serde_json::from_slice::<Vec<Fault>>(&body)
        .or_else(|_| serde_json::from_slice::<Fault>(&body).map(|f| vec![f]));
    match parsed {
        Ok(faults) => {
            emu.lock().faults.extend(faults);
            StatusCode::NO_CONTENT.into_response()
        }
        Err(e) => (StatusCode::BAD_REQUEST, format!("not a fault: {e}")).into_response(),
    }
}

async fn clear_faults(State(emu): State<Emulator>) -> StatusCode {
    emu.lock().faults.clear();
    StatusCode::NO_CONTENT
}

async fn reset(State(emu): State<Emulator>) -> StatusCode {
    emu.reset();
    StatusCode::NO_CONTENT
}

/// Whether a `Host` header names this machine (`127.x.x.x`, `localhost`, `[::1]`, any port).
fn is_loopback_host(host: &str) -> bool {
    let name = if host.starts_with('[') {
        host.split(']').next().map(|h| format!("{h}]"))
    } else {
        host.split(':').next().map(str::to_string)
    };
    name.is_some_and(|n| {
        n == "localhost" || n == "[::1]" || n.parse::<std::net::Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
    })
}

/// The demo's config.json: Graph is this server, the token is one the emulator accepts.
async fn demo_config(State(emu): State<Emulator>, headers: axum::http::HeaderMap) -> Json<Value> {
    if let Some(config) = emu.lock().config_json.clone() {
        return Json(config);
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1:8080");
    let auth = match &emu.options.authority {
        Some(authority) => {
            json!({ "mode": "msal", "clientId": "00000000-0000-0000-0000-0000000000d0", "authority": authority.authority_url("organizations") })
        }
        // The editor accepts a fixed token only for a loopback Graph; reached by another name,
        // the admin pastes one.
        None if is_loopback_host(host) => {
            json!({ "mode": "token", "token": emu.options.tokens.first().cloned().unwrap_or_default() })
        }
        None => json!({ "mode": "token" }),
    };
    let catalog = emu.options.templates.as_deref().map(template_paths).unwrap_or_default();
    Json(json!({ "cloud": "global", "graphBaseUrl": format!("http://{host}/beta"), "auth": auth, "catalog": catalog }))
}

/// The ADMX and ADML files under `dir`, as the site's paths (`templates/en-US/word16.adml`).
pub fn template_paths(dir: &std::path::Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), "templates".to_string())];
    while let Some((dir, prefix)) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let path = entry.path();
            if path.is_dir() {
                stack.push((path, format!("{prefix}/{name}")));
            } else if name.ends_with(".admx") || name.ends_with(".adml") {
                out.push(format!("{prefix}/{name}"));
            }
        }
    }
    out.sort();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_hands_out_its_token_only_to_pages_on_this_machine() {
        for (host, loopback) in [
            ("127.0.0.1:8080", true),
            ("localhost:8080", true),
            ("[::1]:8080", true),
            ("127.1.2.3", true),
            ("192.168.1.5:8080", false),
            ("editor.contoso.com", false),
            ("localhost.evil.example:80", false),
        ] {
            assert_eq!(is_loopback_host(host), loopback, "{host}");
        }
        assert!(!redacted_authorization("Bearer secret").contains("secret"));
        assert_eq!(redacted_authorization("Basic abc"), "<redacted>");
    }
}
