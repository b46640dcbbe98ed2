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
    pub fn graph_host(self) -> &'static str {
        match self {
            Cloud::Global => "graph.microsoft.com",
            Cloud::UsGov => "graph.microsoft.us",
            Cloud::UsGovDod => "dod-graph.microsoft.us",
            Cloud::China => "microsoftgraph.chinacloudapi.cn",
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
    pub retry: crate::core::retry::RetryPolicy,
}

impl Default for NetworkConfig {
    fn default() -> Self {
        NetworkConfig { timeout: std::time::Duration::from_secs(30), retry: Default::default() }
    }
}

/// A parsed, checked deployment configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AppConfig {
    pub cloud: Cloud,
    /// Graph base URL without a trailing slash, e.g. `https://graph.microsoft.com/beta`.
    pub graph_base_url: String,
    pub auth: AuthConfig,
    pub network: NetworkConfig,
}

impl AppConfig {
    /// The delegated scope for this cloud's Graph.
    pub fn graph_scope(&self) -> String {
        format!("https://{}/DeviceManagementConfiguration.ReadWrite.All", self.cloud.graph_host())
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
    Invalid { field: &'static str, problem: String },
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

fn invalid(field: &'static str, problem: impl Into<String>) -> ConfigError {
    ConfigError::Invalid { field, problem: problem.into() }
}

/// Parses and checks config.json.
pub fn parse(text: &str) -> Result<AppConfig, ConfigError> {
    let raw: RawConfig = serde_json::from_str(text).map_err(|e| {
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.clone(), |i| message[..i].to_string());
        ConfigError::NotJson { line: e.line(), column: e.column(), message }
    })?;
    let cloud = match raw.cloud.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("global") => Cloud::Global,
        Some("usgov") => Cloud::UsGov,
        Some("usgovdod") => Cloud::UsGovDod,
        Some("china") => Cloud::China,
        Some(other) => return Err(invalid("cloud", format!("is {other:?}; use global, usgov, usgovdod or china"))),
    };
    let graph_base_url = match raw.graph_base_url {
        Some(url) => {
            let url = url.trim().trim_end_matches('/').to_string();
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return Err(invalid(
                    "graphBaseUrl",
                    format!("is {url:?}; it must be an absolute http(s) URL such as https://graph.microsoft.com/beta"),
                ));
            }
            url
        }
        None => format!("https://{}/beta", cloud.graph_host()),
    };
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
            AuthConfig::Msal(MsalConfig {
                client_id,
                tenant_id: auth.tenant_id.unwrap_or_else(|| "organizations".into()),
                redirect_uri: auth.redirect_uri,
                authority: auth.authority,
                interaction,
                cache_location,
            })
        }
        Some("token") => match auth.token {
            Some(t) if !t.trim().is_empty() => AuthConfig::FixedToken(t),
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
    Ok(AppConfig { cloud, graph_base_url, auth, network })
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
        let fixed = parse(r#"{"auth":{"mode":"token","token":"secret-value"}}"#).unwrap();
        assert_eq!(fixed.auth, AuthConfig::FixedToken("secret-value".into()));
        assert!(!format!("{fixed:?}").contains("secret-value"), "Debug never shows the token");
        let overridden =
            parse(r#"{"auth":{"mode":"msal","clientId":"c","authority":"https://127.0.0.1:8443/t/"}}"#).unwrap();
        assert_eq!(overridden.authority().unwrap(), "https://127.0.0.1:8443/t");
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
            (
                r#"{"auth":{"mode":"token"},"network":{"timeoutSeconds":0}}"#,
                "network.timeoutSeconds must be at least 1",
            ),
        ];
        for (text, expected) in cases {
            let message = parse(text).unwrap_err().to_string();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }
}
