//! A local fake Microsoft Entra ID authority, for testing MSAL.js sign-in without the internet.
//!
//! It serves, over TLS with a certificate made at start-up, what MSAL 5 needs: OpenID discovery
//! (`/{tenant}/v2.0/.well-known/openid-configuration`), `/oauth2/v2.0/authorize` (auto-consents
//! as the current user and redirects back with a code), `/oauth2/v2.0/token` (checks PKCE S256,
//! issues an id token and an access token whose `aud` is the Graph host and whose `scp` lists the
//! granted scopes; refresh tokens too), JWKS and logout. The Graph emulator accepts exactly the
//! access tokens this authority issued (see [`Authority::check`]).
//!
//! Safe on a shared machine: it redirects only to the redirect URIs it was given (authorize and
//! logout alike, as Entra ID checks an app's registered URIs), answers CORS only for their
//! origins, and keeps at most [`MAX_ENTRIES`] codes, tokens and token requests.

use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use serde::Serialize;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tower_http::cors::{AllowOrigin, Any, CorsLayer};

/// How many codes, refresh tokens, access tokens and token requests are kept at most; the
/// oldest go first.
pub const MAX_ENTRIES: usize = 10_000;

/// A map that forgets its oldest entries past [`MAX_ENTRIES`].
struct Bounded<V> {
    map: HashMap<String, V>,
    order: VecDeque<String>,
}

impl<V> Default for Bounded<V> {
    fn default() -> Self {
        Bounded { map: HashMap::new(), order: VecDeque::new() }
    }
}

impl<V> Bounded<V> {
    fn insert(&mut self, key: String, value: V) {
        if self.map.insert(key.clone(), value).is_none() {
            self.order.push_back(key);
        }
        while self.map.len() > MAX_ENTRIES {
            match self.order.pop_front() {
                Some(oldest) => {
                    self.map.remove(&oldest);
                }
                None => break,
            }
        }
    }

    fn remove(&mut self, key: &str) -> Option<V> {
        self.map.remove(key)
    }

    fn get(&self, key: &str) -> Option<&V> {
        self.map.get(key)
    }

    fn clear(&mut self) {
        self.map.clear();
        self.order.clear();
    }
}

/// The delegated permission that allows editing.
pub const WRITE_SCOPE: &str = "DeviceManagementConfiguration.ReadWrite.All";
/// The delegated permission that allows reading.
pub const READ_SCOPE: &str = "DeviceManagementConfiguration.Read.All";

/// A user the authority signs in.
#[derive(Clone, Debug, Serialize)]
pub struct User {
    pub name: String,
    pub username: String,
    pub oid: String,
    pub tid: String,
}

/// How the authority behaves.
#[derive(Clone, Debug)]
pub struct AuthorityOptions {
    /// The Graph host access tokens are for (`aud` is `https://{graph_host}`).
    pub graph_host: String,
    /// Lifetime of access tokens.
    pub token_lifetime: Duration,
    /// When set, tokens carry these scopes whatever was asked (to test a missing permission).
    pub granted_scopes: Option<Vec<String>>,
    /// The users that can sign in; the first is signed in unless another is chosen.
    pub users: Vec<User>,
    /// The redirect URIs of the app registration: the only places `authorize` and `logout`
    /// redirect to, and whose origins CORS allows. More can be added with
    /// [`Authority::allow_redirect_uri`] before sign-in starts.
    pub redirect_uris: Vec<String>,
}

/// The tenant of the first users (Contoso): the emulator's seeded, home tenant.
pub const HOME_TENANT: &str = "9188040d-6c67-4c5b-b112-36a304b66dad";
/// The tenant of the last user (Fabrikam), which starts with no configurations.
pub const OTHER_TENANT: &str = "3e7f2a14-5b6c-4d8e-9f01-23456789abcd";

impl Default for AuthorityOptions {
    fn default() -> Self {
        AuthorityOptions {
            graph_host: "graph.microsoft.com".into(),
            token_lifetime: Duration::from_secs(3600),
            granted_scopes: None,
            users: vec![
                User {
                    name: "Megan Bowen".into(),
                    username: "megan@contoso.onmicrosoft.com".into(),
                    oid: "7c1e6a7b-3f0d-4e2a-9b8c-1d2e3f4a5b6c".into(),
                    tid: HOME_TENANT.into(),
                },
                User {
                    name: "Lee Gu".into(),
                    username: "lee@contoso.onmicrosoft.com".into(),
                    oid: "0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d".into(),
                    tid: HOME_TENANT.into(),
                },
                // A second tenant, for work across tenants.
                User {
                    name: "Alex Wilber".into(),
                    username: "alex@fabrikam.onmicrosoft.com".into(),
                    oid: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a".into(),
                    tid: OTHER_TENANT.into(),
                },
            ],
            redirect_uris: Vec::new(),
        }
    }
}

/// What the token endpoint was asked, for tests.
#[derive(Clone, Debug, Serialize)]
pub struct TokenRequest {
    pub grant_type: String,
    pub scope: String,
    pub claims: Option<String>,
}

/// An access token this authority issued.
#[derive(Clone, Debug)]
pub struct Issued {
    pub audience: String,
    pub scopes: Vec<String>,
    pub expires: SystemTime,
    pub user: User,
}

struct CodeGrant {
    challenge: String,
    nonce: String,
    scope: String,
    user: User,
}

struct AuthState {
    current_user: usize,
    codes: Bounded<CodeGrant>,
    refresh_tokens: Bounded<User>,
    issued: Bounded<Issued>,
    token_requests: VecDeque<TokenRequest>,
    redirect_uris: Vec<String>,
    authorize_requests: u32,
    counter: u64,
    /// How far the tests moved this authority's clock ahead of the real one.
    clock_ahead: Duration,
}

/// Why a bearer token is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenProblem {
    /// Unknown, expired, or for another audience: 401.
    Invalid,
    /// Valid, but without the permission for this request: 403.
    MissingScope,
}

/// The fake authority; cheap to clone.
#[derive(Clone)]
pub struct Authority {
    options: Arc<AuthorityOptions>,
    state: Arc<Mutex<AuthState>>,
    origin: Arc<Mutex<String>>,
}

impl std::fmt::Debug for Authority {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Authority").field("origin", &self.origin()).field("options", &self.options).finish()
    }
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// An unsigned JWT: MSAL reads id tokens without checking a signature.
fn jwt(claims: Value) -> String {
    format!("{}.{}.", b64(&json!({"typ": "JWT", "alg": "none"})), b64(&claims))
}

fn unix(t: SystemTime) -> u64 {
    t.duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

impl Authority {
    pub fn new(options: AuthorityOptions) -> Authority {
        let redirect_uris = options.redirect_uris.clone();
        Authority {
            options: Arc::new(options),
            state: Arc::new(Mutex::new(AuthState {
                current_user: 0,
                codes: Bounded::default(),
                refresh_tokens: Bounded::default(),
                issued: Bounded::default(),
                redirect_uris,
                token_requests: VecDeque::new(),
                authorize_requests: 0,
                counter: 0,
                clock_ahead: Duration::ZERO,
            })),
            origin: Arc::new(Mutex::new(String::new())),
        }
    }

    fn lock(&self) -> MutexGuard<'_, AuthState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Moves this authority's clock (and so Graph's judgement of token lifetimes) ahead by
    /// `by`: tests expire tokens this way instead of waiting out their lifetime.
    pub fn advance_clock(&self, by: Duration) {
        self.lock().clock_ahead += by;
    }

    /// The time on this authority's clock.
    fn now(&self) -> SystemTime {
        SystemTime::now() + self.lock().clock_ahead
    }

    /// `https://127.0.0.1:PORT` once serving.
    pub fn origin(&self) -> String {
        self.origin.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// The authority URL for a tenant, as config.json's `auth.authority` takes it.
    pub fn authority_url(&self, tenant: &str) -> String {
        format!("{}/{tenant}", self.origin())
    }

    /// Signs in this user (by index) on the next authorize request.
    pub fn choose_user(&self, index: usize) {
        self.lock().current_user = index.min(self.options.users.len().saturating_sub(1));
    }

    /// Registers one more redirect URI (a test learns its site's port only once it runs).
    pub fn allow_redirect_uri(&self, uri: &str) {
        self.lock().redirect_uris.push(uri.to_string());
    }

    fn redirect_allowed(&self, uri: &str) -> bool {
        self.lock().redirect_uris.iter().any(|r| r == uri)
    }

    /// Whether an origin is one of the redirect URIs' origins.
    fn origin_allowed(&self, origin: &str) -> bool {
        self.lock()
            .redirect_uris
            .iter()
            .any(|r| r.strip_prefix(origin).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')))
    }

    /// Every access token issued so far (the newest [`MAX_ENTRIES`]).
    pub fn issued_tokens(&self) -> Vec<String> {
        self.lock().issued.map.keys().cloned().collect()
    }

    pub fn token_requests(&self) -> Vec<TokenRequest> {
        self.lock().token_requests.iter().cloned().collect()
    }

    pub fn authorize_requests(&self) -> u32 {
        self.lock().authorize_requests
    }

    /// Revokes every access token (refresh tokens stay valid), as a server-side expiry would.
    /// Every refresh token issued so far is refused from now on (`invalid_grant`), as when a
    /// session's refresh token expired: a client must renew through `authorize` again.
    pub fn revoke_refresh_tokens(&self) {
        self.lock().refresh_tokens.clear();
    }

    pub fn revoke_access_tokens(&self) {
        self.lock().issued.clear();
    }

    /// Checks a bearer token for a Graph request; `write` asks for the ReadWrite permission.
    pub fn check(&self, token: &str, write: bool) -> Result<Issued, TokenProblem> {
        let now = self.now();
        let state = self.lock();
        let issued = state.issued.get(token).ok_or(TokenProblem::Invalid)?;
        if issued.expires < now || issued.audience != format!("https://{}", self.options.graph_host) {
            return Err(TokenProblem::Invalid);
        }
        let allowed =
            issued.scopes.iter().any(|s| s == WRITE_SCOPE) || (!write && issued.scopes.iter().any(|s| s == READ_SCOPE));
        if allowed {
            Ok(issued.clone())
        } else {
            Err(TokenProblem::MissingScope)
        }
    }

    fn next_id(&self, prefix: &str) -> String {
        let mut state = self.lock();
        state.counter += 1;
        format!("{prefix}-{}-{}", state.counter, uuid::Uuid::new_v4().simple())
    }

    /// The routes, with CORS on discovery and the token endpoint (as Entra ID has), for the
    /// registered redirect URIs' origins only.
    pub fn router(self) -> Router {
        let me = self.clone();
        let allowed = AllowOrigin::predicate(move |origin, _| origin.to_str().is_ok_and(|o| me.origin_allowed(o)));
        let cors = CorsLayer::new().allow_origin(allowed).allow_methods(Any).allow_headers(Any);
        Router::new()
            .route("/{tenant}/v2.0/.well-known/openid-configuration", get(discovery))
            .route("/{tenant}/oauth2/v2.0/authorize", get(authorize))
            .route("/{tenant}/oauth2/v2.0/token", post(token))
            .route("/{tenant}/oauth2/v2.0/logout", get(logout))
            .route("/{tenant}/discovery/v2.0/keys", get(|| async { Json(json!({"keys": []})) }))
            .layer(cors)
            .with_state(self)
    }

    /// Serves over TLS on `addr` (port 0 picks one) with a certificate made now; returns the
    /// bound address.
    pub async fn serve_tls(self, addr: SocketAddr) -> std::io::Result<SocketAddr> {
        let _ = rustls::crypto::ring::default_provider().install_default();
        let cert = rcgen::generate_simple_self_signed(vec!["127.0.0.1".into(), "localhost".into()])
            .map_err(std::io::Error::other)?;
        let config = axum_server::tls_rustls::RustlsConfig::from_pem(
            cert.cert.pem().into_bytes(),
            cert.key_pair.serialize_pem().into_bytes(),
        )
        .await?;
        let listener = std::net::TcpListener::bind(addr)?;
        listener.set_nonblocking(true)?;
        let bound = listener.local_addr()?;
        *self.origin.lock().unwrap_or_else(|p| p.into_inner()) = format!("https://{bound}");
        let app = self.router();
        tokio::spawn(async move {
            axum_server::from_tcp_rustls(listener, config).serve(app.into_make_service()).await.ok();
        });
        Ok(bound)
    }

    fn issue(&self, user: &User, scope: &str, nonce: &str, client_id: &str, tenant: &str) -> Value {
        // The resource is whatever the client asked for: a client configured for another cloud
        // gets a token Graph here refuses (wrong audience).
        let graph = format!("https://{}", self.options.graph_host);
        let resource = scope
            .split_whitespace()
            .find(|s| s.starts_with("https://"))
            .and_then(|s| s.rsplit_once('/'))
            .map_or(graph.clone(), |(r, _)| r.to_string());
        let requested: Vec<String> = scope
            .split_whitespace()
            .filter_map(|s| s.strip_prefix(&format!("{resource}/")))
            .map(str::to_string)
            .collect();
        let scopes = self.options.granted_scopes.clone().unwrap_or(requested);
        let now = self.now();
        let expires = now + self.options.token_lifetime;
        let access_token = jwt(json!({
            "aud": resource, "iss": format!("https://sts.windows.net/{}/", user.tid), "iat": unix(now), "exp": unix(expires),
            "scp": scopes.join(" "), "oid": user.oid, "tid": user.tid, "upn": user.username, "jti": self.next_id("at"),
        }));
        let refresh_token = self.next_id("rt");
        let issuer = format!("{}/{tenant}/v2.0", self.origin());
        let id_token = jwt(json!({
            "aud": client_id, "iss": issuer, "iat": unix(now), "nbf": unix(now), "exp": unix(now + Duration::from_secs(3600)),
            "name": user.name, "preferred_username": user.username, "oid": user.oid, "sub": user.oid, "tid": user.tid,
            "nonce": nonce, "ver": "2.0",
        }));
        let mut state = self.lock();
        state.issued.insert(
            access_token.clone(),
            Issued { audience: resource.clone(), scopes: scopes.clone(), expires, user: user.clone() },
        );
        state.refresh_tokens.insert(refresh_token.clone(), user.clone());
        let granted: Vec<String> = scopes
            .iter()
            .map(|s| format!("{resource}/{s}"))
            .chain(["openid", "profile", "offline_access"].map(String::from))
            .collect();
        json!({
            "token_type": "Bearer",
            "scope": granted.join(" "),
            "expires_in": self.options.token_lifetime.as_secs(),
            "ext_expires_in": self.options.token_lifetime.as_secs(),
            "access_token": access_token,
            "refresh_token": refresh_token,
            "id_token": id_token,
            "client_info": b64(&json!({"uid": user.oid, "utid": user.tid})),
        })
    }
}

fn oauth_error(code: &str, description: &str) -> Response {
    (StatusCode::BAD_REQUEST, Json(json!({"error": code, "error_description": description, "error_codes": [50000]})))
        .into_response()
}

async fn discovery(State(authority): State<Authority>, Path(tenant): Path<String>) -> Json<Value> {
    let base = format!("{}/{tenant}", authority.origin());
    Json(json!({
        "issuer": format!("{base}/v2.0"),
        "authorization_endpoint": format!("{base}/oauth2/v2.0/authorize"),
        "token_endpoint": format!("{base}/oauth2/v2.0/token"),
        "end_session_endpoint": format!("{base}/oauth2/v2.0/logout"),
        "jwks_uri": format!("{base}/discovery/v2.0/keys"),
        "response_modes_supported": ["query", "fragment", "form_post"],
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "claims_supported": ["sub", "iss", "aud", "exp", "iat", "nonce", "name", "preferred_username", "oid", "tid"],
        "tenant_region_scope": "NA",
        "cloud_instance_name": "microsoftonline.com",
        "http_logout_supported": true,
        "frontchannel_logout_supported": true,
    }))
}

/// Auto-consents as the current user and redirects back with a code in the fragment.
async fn authorize(State(authority): State<Authority>, Query(q): Query<HashMap<String, String>>) -> Response {
    let (Some(redirect_uri), Some(state), Some(challenge)) =
        (q.get("redirect_uri"), q.get("state"), q.get("code_challenge"))
    else {
        return oauth_error("invalid_request", "redirect_uri, state and code_challenge are required");
    };
    if !authority.redirect_allowed(redirect_uri) {
        return oauth_error(
            "invalid_request",
            &format!("AADSTS50011: The redirect URI '{redirect_uri}' does not match the redirect URIs configured for the application."),
        );
    }
    if q.get("code_challenge_method").map(String::as_str) != Some("S256") {
        return oauth_error("invalid_request", "only PKCE S256 is supported");
    }
    let user = {
        let mut s = authority.lock();
        s.authorize_requests += 1;
        let by_hint = q.get("login_hint").and_then(|h| authority.options.users.iter().find(|u| &u.username == h));
        by_hint.cloned().unwrap_or_else(|| authority.options.users[s.current_user].clone())
    };
    let code = authority.next_id("code");
    authority.lock().codes.insert(
        code.clone(),
        CodeGrant {
            challenge: challenge.clone(),
            nonce: q.get("nonce").cloned().unwrap_or_default(),
            scope: q.get("scope").cloned().unwrap_or_default(),
            user: user.clone(),
        },
    );
    let client_info = b64(&json!({"uid": user.oid, "utid": user.tid}));
    let params = serde_urlencoded::to_string([
        ("code", code.as_str()),
        ("state", state),
        ("client_info", &client_info),
        ("session_state", "fake-session"),
    ])
    .unwrap_or_default();
    let separator = if q.get("response_mode").map(String::as_str) == Some("query") { '?' } else { '#' };
    Redirect::to(&format!("{redirect_uri}{separator}{params}")).into_response()
}

async fn token(
    State(authority): State<Authority>,
    Path(tenant): Path<String>,
    headers: HeaderMap,
    body: String,
) -> Response {
    let _ = headers.get(header::CONTENT_TYPE);
    let form: HashMap<String, String> = serde_urlencoded::from_str(&body).unwrap_or_default();
    let field = |k: &str| form.get(k).cloned().unwrap_or_default();
    {
        let mut state = authority.lock();
        state.token_requests.push_back(TokenRequest {
            grant_type: field("grant_type"),
            scope: field("scope"),
            claims: form.get("claims").cloned(),
        });
        if state.token_requests.len() > MAX_ENTRIES {
            state.token_requests.pop_front();
        }
    }
    let client_id = field("client_id");
    match field("grant_type").as_str() {
        "authorization_code" => {
            let Some(grant) = authority.lock().codes.remove(&field("code")) else {
                return oauth_error(
                    "invalid_grant",
                    "AADSTS70008: The provided authorization code is invalid or has expired.",
                );
            };
            let verifier_hash = URL_SAFE_NO_PAD.encode(Sha256::digest(field("code_verifier").as_bytes()));
            if verifier_hash != grant.challenge {
                return oauth_error(
                    "invalid_grant",
                    "AADSTS501481: The Code_Verifier does not match the code_challenge.",
                );
            }
            let scope = if field("scope").is_empty() { grant.scope } else { field("scope") };
            Json(authority.issue(&grant.user, &scope, &grant.nonce, &client_id, &tenant)).into_response()
        }
        "refresh_token" => {
            let Some(user) = authority.lock().refresh_tokens.get(&field("refresh_token")).cloned() else {
                return oauth_error("invalid_grant", "AADSTS700082: The refresh token has expired.");
            };
            Json(authority.issue(&user, &field("scope"), "", &client_id, &tenant)).into_response()
        }
        other => oauth_error("unsupported_grant_type", &format!("grant_type {other:?} is not supported")),
    }
}

/// Signs out; redirects back only to a registered redirect URI.
async fn logout(State(authority): State<Authority>, Query(q): Query<HashMap<String, String>>) -> Response {
    match q.get("post_logout_redirect_uri") {
        Some(uri) if authority.redirect_allowed(uri) => Redirect::to(uri).into_response(),
        _ => "Signed out.".into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_maps_forget_the_oldest_entries() {
        let mut map = Bounded::default();
        for i in 0..MAX_ENTRIES + 5 {
            map.insert(format!("k{i}"), i);
        }
        assert_eq!(map.map.len(), MAX_ENTRIES);
        assert!(map.get("k4").is_none() && map.get("k5").is_some());
        assert_eq!(map.get(&format!("k{}", MAX_ENTRIES + 4)), Some(&(MAX_ENTRIES + 4)));
        assert_eq!(map.remove("k5"), Some(5));
    }
}
