//! `config.json`: the one file that configures a deployment without a rebuild.
//!
//! Parsing is strict about what it understands and says exactly what to fix; the token of the
//! fixed-token development mode is never shown by `Debug`.

use serde::Deserialize;
use std::fmt;

/// A Microsoft national cloud: picks the Graph host and the login authority host.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    #[default]
    Global,
    UsGov,
    UsGovDod,
    China,
}

impl Cloud {
    /// Its name in config.json.
    pub fn as_str(self) -> &'static str {
        match self {
            Cloud::Global => "global",
            Cloud::UsGov => "usgov",
            Cloud::UsGovDod => "usgovdod",
            Cloud::China => "china",
        }
    }

    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "graph.microsoft.com",
            Cloud::UsGov => "graph.microsoft.us",
            Cloud::UsGovDod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
        }
    }

    /// How an admin names it.
    pub fn label(self) -> &'static str {
        match self {
            Cloud::Global => "Global",
            Cloud::UsGov => "US Government (GCC High)",
            Cloud::UsGovDod => "US Government (DoD)",
            Cloud::China => "China (21Vianet)",
        }
    }

    /// Its config.json name, in any case.
    pub fn parse(name: &str) -> Option<Cloud> {
        match name.to_ascii_lowercase().as_str() {
            "global" => Some(Cloud::Global),
            "usgov" => Some(Cloud::UsGov),
            "usgovdod" => Some(Cloud::UsGovDod),
            "china" => Some(Cloud::China),
            _ => None,
        }
    }

    pub fn login_host(self) -> &'static str {
        match self {
            Cloud::Global => "login.microsoftonline.com",
            Cloud::UsGov | Cloud::UsGovDod => "login.microsoftonline.us",
            Cloud::China => "login.chinacloudapi.cn",
        }
    }
}

/// How sign-in interacts with the admin.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Interaction {
    /// A popup; falls back to a redirect when the browser blocks it.
    #[default]
    Popup,
    /// A full-page redirect.
    Redirect,
}

/// Where MSAL keeps its token cache.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum CacheLocation {
    #[default]
    SessionStorage,
    LocalStorage,
    MemoryStorage,
}

impl CacheLocation {
    /// MSAL's name for it.
    pub fn as_str(self) -> &'static str {
        match self {
            CacheLocation::SessionStorage => "sessionStorage",
            CacheLocation::LocalStorage => "localStorage",
            CacheLocation::MemoryStorage => "memoryStorage",
        }
    }
}

/// The MSAL settings of config.json.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MsalConfig {
    pub client_id: String,
    pub tenant_id: String,
    pub redirect_uri: Option<String>,
    pub authority: Option<String>,
    pub interaction: Interaction,
    pub cache_location: CacheLocation,
}

/// How the app gets the bearer token for Graph.
#[derive(Clone, PartialEq, Eq)]
pub enum AuthConfig {
    /// Sign in with MSAL.js (the production path).
    Msal(MsalConfig),
    /// The admin pastes a token, as Graph Explorer users do.
    PastedToken,
    /// A token fixed in config.json: local development and tests only.
    FixedToken(String),
}

impl fmt::Debug for AuthConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AuthConfig::Msal(msal) => f.debug_tuple("Msal").field(msal).finish(),
            AuthConfig::PastedToken => f.write_str("PastedToken"),
            AuthConfig::FixedToken(_) => f.write_str("FixedToken(<redacted>)"),
        }
    }
}

/// How requests to Graph behave on a slow or failing network.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NetworkConfig {
    /// A request that has not answered by then is aborted.
    pub timeout: std::time::Duration,
    pub retry: crate::core::rules::retry::RetryPolicy,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig { timeout: std::time::Duration::from_secs(30), retry: Default::default() }
    }
}

/// One cloud admins sign in to: its Graph, and (with MSAL) its authority and app registration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CloudEndpoint {
    pub cloud: Cloud,
    /// Graph base URL without a trailing slash, e.g. `https://graph.microsoft.us/beta`.
    pub graph_base_url: String,
    /// The login authority (MSAL only).
    pub authority: Option<String>,
    /// The app registration in this cloud (MSAL only): national clouds have registrations of
    /// their own.
    pub client_id: Option<String>,
}

impl CloudEndpoint {
    /// The delegated scope for this cloud's Graph: a token is valid only in its own cloud.
    pub fn graph_scope(&self) -> String {
        format!("https://{}/DeviceManagementConfiguration.ReadWrite.All", self.cloud.graph_host())
    }
}

/// A parsed, checked deployment configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    /// The main cloud: the one of `graphBaseUrl` and `auth`.
    pub cloud: Cloud,
    /// Graph base URL without a trailing slash, e.g. `https://graph.microsoft.com/beta`.
    pub graph_base_url: String,
    pub auth: AuthConfig,
    pub network: NetworkConfig,
    /// Every cloud admins may sign in to, in config.json's order; the main one is always there.
    pub clouds: Vec<CloudEndpoint>,
    /// Policy templates the site ships (its admins' copy of Office's ADMX/ADML), as paths on
    /// the site's own origin (`templates/word16.admx`); loaded with one click.
    pub catalog: Vec<String>,
}

impl AppConfig {
    /// The delegated scope for the main cloud's Graph.
    pub fn graph_scope(&self) -> String {
        self.endpoint(self.cloud).graph_scope()
    }

    /// A configured cloud's endpoint; the main one for a cloud not configured.
    pub fn endpoint(&self, cloud: Cloud) -> &CloudEndpoint {
        self.clouds.iter().find(|e| e.cloud == cloud).unwrap_or_else(|| self.main_endpoint())
    }

    // `AppConfig` is only made by `parse`, whose `clouds` always holds the main cloud (the list
    // alone, or the listed ones, checked to include it): this cannot fire.
    #[allow(clippy::expect_used)]
    fn main_endpoint(&self) -> &CloudEndpoint {
        self.clouds.iter().find(|e| e.cloud == self.cloud).expect("the main cloud is always configured")
    }

    /// The login authority: `auth.authority` when set, else the cloud's host and the tenant.
    pub fn authority(&self) -> Option<String> {
        match &self.auth {
            AuthConfig::Msal(MsalConfig { authority: Some(a), .. }) => Some(a.trim_end_matches('/').to_string()),
            AuthConfig::Msal(MsalConfig { tenant_id, .. }) => {
                Some(format!("https://{}/{}", self.cloud.login_host(), tenant_id))
            }
            _ => None,
        }
    }
}

/// What is wrong with config.json, phrased for whoever deploys the app.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json is not valid JSON (line {line}, column {column}): {message}")]
    NotJson { line: usize, column: usize, message: String },
    #[error("config.json: {field} {problem}")]
    Invalid { field: String, problem: String },
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawConfig {
    #[serde(default)]
    cloud: Option<String>,
    #[serde(default)]
    graph_base_url: Option<String>,
    auth: Option<RawAuth>,
    #[serde(default)]
    network: Option<RawNetwork>,
    /// Read entry by entry, so that a bad one is named (see [`RawCloud::read`]).
    #[serde(default)]
    clouds: Option<Vec<serde_json::Value>>,
    /// Read entry by entry, as `clouds` is (one deserializer for both keeps the first load small).
    #[serde(default)]
    catalog: Option<Vec<serde_json::Value>>,
}

/// An entry of `clouds`: a cloud's name, or the name with its own settings.
enum RawCloud {
    Name(String),
    Settings(RawCloudSettings),
}

impl RawCloud {
    fn read(i: usize, value: serde_json::Value) -> Result<RawCloud, ConfigError> {
        match value {
            serde_json::Value::String(name) => Ok(RawCloud::Name(name)),
            value @ serde_json::Value::Object(_) => serde_json::from_value(value)
                .map(RawCloud::Settings)
                .map_err(|e| invalid(format!("clouds[{i}]"), format!("is not understood: {e}"))),
            other => Err(invalid(
                format!("clouds[{i}]"),
                format!(
                    "is {other}; write a cloud's name (\"usgov\") or {{\"cloud\": \"usgov\", \"clientId\": \"…\"}}"
                ),
            )),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawCloudSettings {
    cloud: String,
    graph_base_url: Option<String>,
    client_id: Option<String>,
    tenant_id: Option<String>,
    authority: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawNetwork {
    timeout_seconds: Option<u32>,
    max_attempts: Option<u32>,
    retry_base_delay_ms: Option<u32>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RawAuth {
    mode: Option<String>,
    client_id: Option<String>,
    tenant_id: Option<String>,
    redirect_uri: Option<String>,
    authority: Option<String>,
    interaction: Option<String>,
    cache_location: Option<String>,
    token: Option<String>,
}

fn invalid(field: impl Into<String>, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { field: field.into(), problem: problem.into() }
}

/// The parts of an absolute URL that decide where requests go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UrlParts<'a> {
    pub scheme: &'a str,
    /// The host as written (an IPv6 address keeps its brackets), lowercase not enforced.
    pub host: &'a str,
    pub port: Option<u16>,
}

impl UrlParts<'_> {
    /// `scheme://host[:port]`, as CSP source expressions and origins write it.
    pub fn origin(&self) -> String {
        match self.port {
            Some(port) => format!("{}://{}:{port}", self.scheme, self.host),
            None => format!("{}://{}", self.scheme, self.host),
        }
    }
}

/// Splits an `http(s)` URL strictly: a host of letters, digits, `.`, `-` (or a bracketed IPv6
/// address), an optional numeric port, and no character anywhere that could end an HTML
/// attribute, a header line or a CSP directive (quotes, `<`, `>`, `;`, `,`, whitespace,
/// controls, non-ASCII). Anything else is `None`.
pub fn url_parts(url: &str) -> Option<UrlParts<'_>> {
    if url.chars().any(|c| !c.is_ascii_graphic() || matches!(c, '"' | '\'' | '<' | '>' | ';' | ',' | '\\' | '`')) {
        return None;
    }
    let (scheme, rest) = url.split_once("://")?;
    if scheme != "https" && scheme != "http" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?;
    if authority.contains('@') {
        return None;
    }
    let (host, port) = if let Some(v6) = authority.strip_prefix('[') {
        let end = v6.find(']')?;
        let port = &v6[end + 1..];
        let host = &authority[..end + 2];
        if !v6[..end].chars().all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.') {
            return None;
        }
        (host, port)
    } else {
        let (host, port) = authority.find(':').map_or((authority, ""), |i| authority.split_at(i));
        if host.is_empty() || !host.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-') {
            return None;
        }
        (host, port)
    };
    let port = match port {
        "" => None,
        p => Some(p.strip_prefix(':')?.parse::<u16>().ok()?),
    };
    Some(UrlParts { scheme, host, port })
}

/// Whether the URL's host is this machine: `localhost`, `127.0.0.0/8` or `[::1]`.
pub fn is_loopback_url(url: &str) -> bool {
    url_parts(url).is_some_and(|u| {
        let host = u.host.to_ascii_lowercase();
        host == "localhost"
            || host == "[::1]"
            || host.strip_prefix("127.").is_some_and(|rest| {
                let octets: Vec<&str> = rest.split('.').collect();
                octets.len() == 3 && octets.iter().all(|o| o.parse::<u8>().is_ok())
            })
    })
}

/// `graphBaseUrl` is `https` on the cloud's own Graph host; only the local emulator (a loopback
/// address) may differ, so a token is never handed to any other server.
fn check_graph_base_url(field: &str, url: &str, cloud: Cloud) -> Result<(), ConfigError> {
    let example = format!("https://{}/beta", cloud.graph_host());
    let Some(parts) = url_parts(url) else {
        return Err(invalid(field, format!("is {url:?}; it must be an absolute URL such as {example}")));
    };
    if is_loopback_url(url) {
        return Ok(());
    }
    let on_graph = parts.host.eq_ignore_ascii_case(cloud.graph_host()) && matches!(parts.port, None | Some(443));
    if parts.scheme != "https" || !on_graph {
        return Err(invalid(
            field,
            format!(
                "is {url:?}; for the {cloud:?} cloud it must be https on {} (such as {example}), or a loopback \
                 address for the local emulator. Set \"cloud\" if this is a national cloud",
                cloud.graph_host()
            ),
        ));
    }
    Ok(())
}

/// The login authority is always `https` (MSAL refuses anything else when sign-in starts).
fn check_authority(field: &str, url: &str) -> Result<(), ConfigError> {
    match url_parts(url.trim()) {
        Some(parts) if parts.scheme == "https" => Ok(()),
        _ => Err(invalid(
            field,
            format!("is {url:?}; it must be an https URL such as https://login.microsoftonline.com/<tenant>"),
        )),
    }
}

/// Parses and checks config.json.
pub fn parse(text: &str) -> Result<AppConfig, ConfigError> {
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.clone(), |i| message[..i].to_string());
        ConfigError::NotJson { line: e.line(), column: e.column(), message }
    })?;
    let listed = match raw.clouds {
        Some(values) => {
            Some(values.into_iter().enumerate().map(|(i, v)| RawCloud::read(i, v)).collect::<Result<Vec<_>, _>>()?)
        }
        None => None,
    };
    let first_listed = match listed.as_deref().and_then(<[RawCloud]>::first) {
        Some(RawCloud::Name(name)) => Some(name.as_str()),
        Some(RawCloud::Settings(settings)) => Some(settings.cloud.as_str()),
        None => None,
    };
    // Without "cloud", the first of "clouds" is the main one.
    let cloud = match raw.cloud.as_deref().or(first_listed) {
        None => Cloud::Global,
        Some(name) => Cloud::parse(name).ok_or_else(|| {
            let field = if raw.cloud.is_some() { "cloud" } else { "clouds[0]" };
            invalid(field, format!("is {:?}; use global, usgov, usgovdod or china", name.to_ascii_lowercase()))
        })?,
    };
    let graph_base_url = match raw.graph_base_url {
        Some(url) => url.trim().trim_end_matches('/').to_string(),
        None => format!("https://{}/beta", cloud.graph_host()),
    };
    check_graph_base_url("graphBaseUrl", &graph_base_url, cloud)?;
    let auth = raw.auth.ok_or_else(|| {
        invalid("auth", "is missing; add {\"mode\": \"msal\", \"clientId\": \"…\"} or {\"mode\": \"token\"}")
    })?;
    let auth = match auth.mode.as_deref() {
        Some("msal") => {
            let client_id = auth.client_id.filter(|c| !c.trim().is_empty()).ok_or_else(|| {
                invalid("auth.clientId", "is missing: set it to the Application (client) ID of your app registration")
            })?;
            let interaction = match auth.interaction.as_deref() {
                None | Some("popup") => Interaction::Popup,
                Some("redirect") => Interaction::Redirect,
                Some(other) => {
                    return Err(invalid("auth.interaction", format!("is {other:?}; use \"popup\" or \"redirect\"")))
                }
            };
            let cache_location = match auth.cache_location.as_deref() {
                None | Some("sessionStorage") => CacheLocation::SessionStorage,
                Some("localStorage") => CacheLocation::LocalStorage,
                Some("memoryStorage") => CacheLocation::MemoryStorage,
                Some(other) => {
                    return Err(invalid(
                        "auth.cacheLocation",
                        format!("is {other:?}; use \"sessionStorage\", \"localStorage\" or \"memoryStorage\""),
                    ))
                }
            };
            if let Some(authority) = &auth.authority {
                check_authority("auth.authority", authority)?;
            }
            AuthConfig::Msal(MsalConfig {
                client_id,
                tenant_id: auth.tenant_id.unwrap_or_else(|| "organizations".into()),
                redirect_uri: auth.redirect_uri,
                authority: auth.authority.map(|a| a.trim().to_string()),
                interaction,
                cache_location,
            })
        }
        Some("token") => match auth.token {
            Some(t) if !t.trim().is_empty() => {
                if !is_loopback_url(&graph_base_url) {
                    return Err(invalid(
                        "auth.token",
                        "is only for local development: a fixed token is accepted only when graphBaseUrl is a \
                         loopback address (127.0.0.1, localhost, [::1]). Remove auth.token so admins paste \
                         their own, or use \"mode\": \"msal\"",
                    ));
                }
                AuthConfig::FixedToken(t)
            }
            _ => AuthConfig::PastedToken,
        },
        Some(other) => return Err(invalid("auth.mode", format!("is {other:?}; use \"msal\" or \"token\""))),
        None => return Err(invalid("auth.mode", "is missing; use \"msal\" or \"token\"")),
    };
    let mut network = NetworkConfig::default();
    if let Some(raw) = raw.network {
        match raw.timeout_seconds {
            Some(0) => return Err(invalid("network.timeoutSeconds", "must be at least 1")),
            Some(s) => network.timeout = std::time::Duration::from_secs(s.into()),
            None => {}
        }
        match raw.max_attempts {
            Some(0) => return Err(invalid("network.maxAttempts", "must be at least 1 (1 means no retry)")),
            Some(n) => network.retry.max_attempts = n.min(10),
            None => {}
        }
        if let Some(ms) = raw.retry_base_delay_ms {
            network.retry.base_delay = std::time::Duration::from_millis(ms.into());
        }
    }
    let catalog = raw.catalog.unwrap_or_default().into_iter().enumerate().map(|(i, path)| catalog_path(i, path));
    let catalog = catalog.collect::<Result<Vec<_>, _>>()?;
    let mut config = AppConfig { cloud, graph_base_url, auth, network, clouds: Vec::new(), catalog };
    config.clouds = clouds(&config, listed)?;
    Ok(config)
}

/// A template the site ships is an `.admx` or `.adml` file on the site's own origin: a relative
/// path with no scheme, host, `..` or query, so the page fetches it from where it is served
/// (and `connect-src 'self'` lets it).
fn catalog_path(i: usize, path: serde_json::Value) -> Result<String, ConfigError> {
    let field = format!("catalog[{i}]");
    let serde_json::Value::String(path) = path else {
        return Err(invalid(
            field,
            format!("is {path}; name a template on this site by its relative path, like \"templates/word16.admx\""),
        ));
    };
    let lower = path.to_ascii_lowercase();
    let safe = |c: char| c.is_ascii_alphanumeric() || matches!(c, '/' | '-' | '_' | '.');
    if !path.chars().all(safe) || path.starts_with('/') || path.split('/').any(|p| p.is_empty() || p == "..") {
        return Err(invalid(
            field,
            format!("is {path:?}; name a template on this site by its relative path, like \"templates/word16.admx\""),
        ));
    }
    if !lower.ends_with(".admx") && !lower.ends_with(".adml") {
        return Err(invalid(field, format!("is {path:?}; only .admx and .adml templates can be loaded")));
    }
    Ok(path)
}

/// The endpoints of `clouds` (or of the main cloud alone), each checked as the main one is.
fn clouds(config: &AppConfig, listed: Option<Vec<RawCloud>>) -> Result<Vec<CloudEndpoint>, ConfigError> {
    let main = CloudEndpoint {
        cloud: config.cloud,
        graph_base_url: config.graph_base_url.clone(),
        authority: config.authority(),
        client_id: match &config.auth {
            AuthConfig::Msal(msal) => Some(msal.client_id.clone()),
            _ => None,
        },
    };
    let Some(listed) = listed else { return Ok(vec![main]) };
    let AuthConfig::Msal(msal) = &config.auth else {
        return Err(invalid(
            "clouds",
            "needs \"auth\": {\"mode\": \"msal\"}: a pasted or fixed token belongs to one cloud. Remove \"clouds\" \
             or sign in with MSAL",
        ));
    };
    let mut endpoints: Vec<CloudEndpoint> = Vec::new();
    for (i, entry) in listed.into_iter().enumerate() {
        let field = |name: &str| format!("clouds[{i}]{name}");
        let (name, settings) = match entry {
            RawCloud::Name(name) => (name, None),
            RawCloud::Settings(settings) => (settings.cloud.clone(), Some(settings)),
        };
        let cloud = Cloud::parse(&name)
            .ok_or_else(|| invalid(field(""), format!("is {name:?}; use global, usgov, usgovdod or china")))?;
        if endpoints.iter().any(|e| e.cloud == cloud) {
            return Err(invalid(field(""), format!("lists {:?} a second time; list each cloud once", cloud.as_str())));
        }
        if cloud == config.cloud {
            if settings.is_some_and(|s| {
                s.graph_base_url.is_some() || s.client_id.is_some() || s.tenant_id.is_some() || s.authority.is_some()
            }) {
                return Err(invalid(
                    field(""),
                    format!(
                        "is the main cloud ({:?}), whose settings are graphBaseUrl and auth; write just {:?} here",
                        cloud.as_str(),
                        cloud.as_str()
                    ),
                ));
            }
            endpoints.push(main.clone());
            continue;
        }
        let settings = settings.unwrap_or(RawCloudSettings {
            cloud: name,
            graph_base_url: None,
            client_id: None,
            tenant_id: None,
            authority: None,
        });
        let graph_base_url = match settings.graph_base_url {
            Some(url) => url.trim().trim_end_matches('/').to_string(),
            None => format!("https://{}/beta", cloud.graph_host()),
        };
        check_graph_base_url(&field(".graphBaseUrl"), &graph_base_url, cloud)?;
        let authority = match settings.authority {
            Some(authority) => {
                check_authority(&field(".authority"), &authority)?;
                authority.trim().trim_end_matches('/').to_string()
            }
            None => {
                let tenant = settings.tenant_id.unwrap_or_else(|| "organizations".into());
                format!("https://{}/{tenant}", cloud.login_host())
            }
        };
        let client_id = settings.client_id.filter(|c| !c.trim().is_empty()).unwrap_or_else(|| msal.client_id.clone());
        endpoints.push(CloudEndpoint { cloud, graph_base_url, authority: Some(authority), client_id: Some(client_id) });
    }
    if !endpoints.iter().any(|e| e.cloud == config.cloud) {
        return Err(invalid(
            "clouds",
            format!("must list the main cloud, {:?} (the cloud of graphBaseUrl and auth)", config.cloud.as_str()),
        ));
    }
    Ok(endpoints)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clouds_pick_hosts_and_scopes() {
        let cases = [
            ("global", "https://graph.microsoft.com/beta", "https://login.microsoftonline.com/organizations"),
            ("usgov", "https://graph.microsoft.us/beta", "https://login.microsoftonline.us/organizations"),
            ("usgovdod", "https://dod-graph.microsoft.us/beta", "https://login.microsoftonline.us/organizations"),
            ("china", "https://microsoftgraph.chinacloudapi.cn/beta", "https://login.chinacloudapi.cn/organizations"),
        ];
        for (cloud, base, authority) in cases {
            let c = parse(&format!(r#"{{"cloud":"{cloud}","auth":{{"mode":"msal","clientId":"abc"}}}}"#)).unwrap();
            assert_eq!(c.graph_base_url, base);
            assert_eq!(c.authority().unwrap(), authority);
            assert_eq!(
                c.graph_scope(),
                format!("{}/DeviceManagementConfiguration.ReadWrite.All", base.trim_end_matches("/beta"))
            );
        }
    }

    #[test]
    fn documented_example_and_token_modes_parse() {
        let c = parse(r#"{ "cloud": "global", "graphBaseUrl": "https://graph.microsoft.com/beta/",
            "auth": { "mode": "msal", "clientId": "c", "tenantId": "contoso.onmicrosoft.com", "redirectUri": "https://x/" } }"#)
        .unwrap();
        assert_eq!(c.graph_base_url, "https://graph.microsoft.com/beta");
        assert_eq!(c.authority().unwrap(), "https://login.microsoftonline.com/contoso.onmicrosoft.com");
        let pasted = parse(r#"{"graphBaseUrl":"http://127.0.0.1:8080/beta","auth":{"mode":"token"}}"#).unwrap();
        assert_eq!(pasted.auth, AuthConfig::PastedToken);
        let tuned =
            parse(r#"{"auth":{"mode":"token"},"network":{"timeoutSeconds":5,"maxAttempts":2,"retryBaseDelayMs":100}}"#)
                .unwrap();
        assert_eq!(tuned.network.timeout.as_secs(), 5);
        assert_eq!((tuned.network.retry.max_attempts, tuned.network.retry.base_delay.as_millis()), (2, 100));
        assert_eq!(pasted.network, NetworkConfig::default());
        let fixed =
            parse(r#"{"graphBaseUrl":"http://localhost:9/beta","auth":{"mode":"token","token":"secret-value"}}"#)
                .unwrap();
        assert_eq!(fixed.auth, AuthConfig::FixedToken("secret-value".into()));
        assert!(!format!("{fixed:?}").contains("secret-value"), "Debug never shows the token");
        let overridden =
            parse(r#"{"auth":{"mode":"msal","clientId":"c","authority":"https://127.0.0.1:8443/t/"}}"#).unwrap();
        assert_eq!(overridden.authority().unwrap(), "https://127.0.0.1:8443/t");
    }

    #[test]
    fn the_sites_policy_templates_are_paths_on_its_own_origin() {
        let with = |catalog: &str| parse(&format!(r#"{{"auth":{{"mode":"token"}},"catalog":{catalog}}}"#));
        let ok = with(r#"["templates/office16.admx", "templates/en-US/office16.adml"]"#).unwrap();
        assert_eq!(ok.catalog, ["templates/office16.admx", "templates/en-US/office16.adml"]);
        assert_eq!(parse(r#"{"auth":{"mode":"token"}}"#).unwrap().catalog, Vec::<String>::new());
        for bad in [
            "https://evil.example/x.admx",
            "//evil.example/x.admx",
            "/abs.admx",
            "../up.admx",
            "a//b.admx",
            "t.xml",
            "a b.admx",
            "x.admx?y",
        ] {
            let err = with(&format!("[{}]", serde_json::Value::from(bad))).unwrap_err().to_string();
            assert!(err.starts_with("config.json: catalog[0] is"), "{bad}: {err}");
        }
        let err = with(r#"["templates/word16.admx", 7]"#).unwrap_err().to_string();
        assert!(err.starts_with("config.json: catalog[1] is 7; name a template"), "{err}");
    }

    #[test]
    fn loopback_addresses_are_only_this_machine() {
        let cases = [
            ("http://127.0.0.1:8080/beta", true),
            ("http://127.12.0.1/beta", true),
            ("https://localhost/beta", true),
            ("http://[::1]:80/beta", true),
            ("http://127.0.0.1.evil.example/beta", false),
            ("http://localhost.evil.example/beta", false),
            ("http://128.0.0.1/beta", false),
            ("http://127.0.0.256/beta", false),
            ("http://[::2]/beta", false),
            ("http://user@127.0.0.1/beta", false),
            ("127.0.0.1:8080", false),
        ];
        for (url, loopback) in cases {
            assert_eq!(is_loopback_url(url), loopback, "{url}");
        }
        let parts = url_parts("https://127.0.0.1:8443/tenant").unwrap();
        assert_eq!((parts.scheme, parts.host, parts.port), ("https", "127.0.0.1", Some(8443)));
        assert_eq!(parts.origin(), "https://127.0.0.1:8443");
        assert_eq!(url_parts("http://[::1]:9/x").unwrap().origin(), "http://[::1]:9");
        assert_eq!(url_parts("https://h:99999/"), None);
        assert_eq!(url_parts("ftp://h/"), None);
        assert_eq!(url_parts("https://ho st/"), None);
    }

    #[test]
    fn national_clouds_accept_their_own_graph_host_and_the_emulator_any_loopback_port() {
        assert!(parse(
            r#"{"cloud":"china","graphBaseUrl":"https://microsoftgraph.chinacloudapi.cn/v1.0","auth":{"mode":"token"}}"#
        )
        .is_ok());
        assert!(parse(r#"{"graphBaseUrl":"https://GRAPH.microsoft.com:443/beta","auth":{"mode":"token"}}"#).is_ok());
        assert!(parse(r#"{"graphBaseUrl":"http://127.0.0.1:8080/beta","auth":{"mode":"token","token":"t"}}"#).is_ok());
        assert!(parse(r#"{"graphBaseUrl":"https://graph.microsoft.com:8443/beta","auth":{"mode":"token"}}"#).is_err());
    }

    #[test]
    fn several_clouds_each_get_their_graph_authority_scope_and_app_registration() {
        let c = parse(
            r#"{"cloud":"global","auth":{"mode":"msal","clientId":"main-app","tenantId":"contoso.com"},
                "clouds":["global",{"cloud":"usgov","clientId":"gov-app"},"china"]}"#,
        )
        .unwrap();
        let summary: Vec<(Cloud, &str, Option<&str>, Option<&str>)> = c
            .clouds
            .iter()
            .map(|e| (e.cloud, e.graph_base_url.as_str(), e.authority.as_deref(), e.client_id.as_deref()))
            .collect();
        assert_eq!(
            summary,
            [
                (
                    Cloud::Global,
                    "https://graph.microsoft.com/beta",
                    Some("https://login.microsoftonline.com/contoso.com"),
                    Some("main-app")
                ),
                (
                    Cloud::UsGov,
                    "https://graph.microsoft.us/beta",
                    Some("https://login.microsoftonline.us/organizations"),
                    Some("gov-app")
                ),
                (
                    Cloud::China,
                    "https://microsoftgraph.chinacloudapi.cn/beta",
                    Some("https://login.chinacloudapi.cn/organizations"),
                    Some("main-app")
                ),
            ]
        );
        assert_eq!(
            c.endpoint(Cloud::UsGov).graph_scope(),
            "https://graph.microsoft.us/DeviceManagementConfiguration.ReadWrite.All"
        );
        assert_eq!(
            c.endpoint(Cloud::UsGovDod).cloud,
            Cloud::Global,
            "a cloud not configured falls back to the main one"
        );
        // Without "cloud", the first listed is the main one; the emulator may stand in for any.
        let c = parse(
            r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":[{"cloud":"usgov"},
                {"cloud":"global","graphBaseUrl":"http://127.0.0.1:9/beta","authority":"https://127.0.0.1:8443/organizations/"}]}"#,
        )
        .unwrap();
        assert_eq!((c.cloud, c.graph_base_url.as_str()), (Cloud::UsGov, "https://graph.microsoft.us/beta"));
        assert_eq!(c.endpoint(Cloud::Global).authority.as_deref(), Some("https://127.0.0.1:8443/organizations"));
        assert_eq!(parse(r#"{"auth":{"mode":"token"}}"#).unwrap().clouds.len(), 1, "one cloud by default");
    }

    #[test]
    fn broken_configs_say_what_to_fix() {
        let cases = [
            ("{", "config.json is not valid JSON (line 1, column 1): EOF while parsing an object"),
            ("{}", "config.json: auth is missing"),
            (r#"{"cloud":"mars","auth":{"mode":"token"}}"#, "config.json: cloud is \"mars\""),
            (r#"{"graphBaseUrl":"graph.microsoft.com","auth":{"mode":"token"}}"#, "config.json: graphBaseUrl is"),
            (r#"{"auth":{"mode":"msal"}}"#, "config.json: auth.clientId is missing"),
            (r#"{"auth":{"mode":"saml"}}"#, "config.json: auth.mode is \"saml\""),
            (r#"{"auth":{}}"#, "config.json: auth.mode is missing"),
            (
                r#"{"auth":{"mode":"msal","clientId":"c","interaction":"tab"}}"#,
                "config.json: auth.interaction is \"tab\"",
            ),
            (r#"{"auth":{"mode":"msal","clientId":"c","cacheLocation":"cookie"}}"#, "auth.cacheLocation is \"cookie\""),
            (r#"{"auth":{"mode":"token"},"grapBaseUrl":"x"}"#, "unknown field `grapBaseUrl`"),
            (r#"{"auth":{"mode":"token","token":"t"}}"#, "auth.token is only for local development"),
            (
                r#"{"graphBaseUrl":"https://graph.microsoft.com/beta","auth":{"mode":"token","token":"t"}}"#,
                "auth.token is only for local development",
            ),
            (
                r#"{"graphBaseUrl":"http://10.0.0.5:8080/beta","auth":{"mode":"token","token":"t"}}"#,
                "graphBaseUrl is \"http://10.0.0.5:8080/beta\"; for the Global cloud it must be https",
            ),
            (r#"{"graphBaseUrl":"http://graph.microsoft.com/beta","auth":{"mode":"token"}}"#, "must be https"),
            (r#"{"graphBaseUrl":"https://graph.evil.example/beta","auth":{"mode":"token"}}"#, "must be https"),
            (
                r#"{"graphBaseUrl":"https://graph.microsoft.com.evil.example/beta","auth":{"mode":"token"}}"#,
                "must be https",
            ),
            (
                r#"{"cloud":"usgov","graphBaseUrl":"https://graph.microsoft.com/beta","auth":{"mode":"token"}}"#,
                "on graph.microsoft.us",
            ),
            (
                r#"{"graphBaseUrl":"https://graph.microsoft.com@evil.example/beta","auth":{"mode":"token"}}"#,
                "graphBaseUrl is",
            ),
            (r#"{"graphBaseUrl":"http://127.0.0.1:1/beta\"><script>","auth":{"mode":"token"}}"#, "graphBaseUrl is"),
            (r#"{"graphBaseUrl":"http://127.0.0.1:1/beta; script-src *","auth":{"mode":"token"}}"#, "graphBaseUrl is"),
            (r#"{"graphBaseUrl":"http://127.0.0.1:1/beta\nX-Evil: 1","auth":{"mode":"token"}}"#, "graphBaseUrl is"),
            (
                r#"{"auth":{"mode":"msal","clientId":"c","authority":"http://login.microsoftonline.com/t"}}"#,
                "auth.authority is \"http://login.microsoftonline.com/t\"; it must be an https URL",
            ),
            (r#"{"auth":{"mode":"msal","clientId":"c","authority":"https://x\" y"}}"#, "auth.authority is"),
            (
                r#"{"auth":{"mode":"token"},"network":{"timeoutSeconds":0}}"#,
                "network.timeoutSeconds must be at least 1",
            ),
            (r#"{"auth":{"mode":"token"},"clouds":["global","usgov"]}"#, "clouds needs \"auth\": {\"mode\": \"msal\"}"),
            (r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["global","moon"]}"#, "clouds[1] is \"moon\""),
            (r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["global","usgov","USGOV"]}"#, "clouds[2] lists \"usgov\" a second time"),
            (r#"{"cloud":"global","auth":{"mode":"msal","clientId":"c"},"clouds":["usgov"]}"#, "clouds must list the main cloud, \"global\""),
            (
                r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["global",{"cloud":"usgov","graphBaseUrl":"https://graph.microsoft.com/beta"}]}"#,
                "clouds[1].graphBaseUrl is \"https://graph.microsoft.com/beta\"; for the UsGov cloud it must be https on graph.microsoft.us",
            ),
            (
                r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["global",{"cloud":"china","authority":"http://login.chinacloudapi.cn/x"}]}"#,
                "clouds[1].authority is",
            ),
            (
                r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":[{"cloud":"global","clientId":"d"}]}"#,
                "clouds[0] is the main cloud (\"global\"), whose settings are graphBaseUrl and auth",
            ),
            (
                r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":[{"cloud":"usgov","tenant":"x"}]}"#,
                "clouds[0] is not understood: unknown field `tenant`",
            ),
            (r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["global",7]}"#, "clouds[1] is 7; write a cloud's name"),
        ];
        for (text, expected) in cases {
            let message = parse(text).unwrap_err().to_string();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }
}
