//! Classifying what Graph answered: success values, or a typed error that keeps every detail an
//! admin needs to act or to open a support case (`code`, `message`, `request-id`,
//! `client-request-id`, `date`).

use crate::core::wire::model::{Assignment, CollectionPage, Configuration, EntityError, OfficeConfiguration};
use serde::Deserialize;

/// A response as the transport received it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RawResponse {
    pub status: u16,
    /// `request-id` response header.
    pub request_id: Option<String>,
    /// `client-request-id` response header (Graph echoes ours).
    pub client_request_id: Option<String>,
    pub date: Option<String>,
    /// `WWW-Authenticate`, which carries a claims challenge on some 401s.
    pub www_authenticate: Option<String>,
    /// `Retry-After`, when the browser may read it.
    pub retry_after: Option<String>,
    /// `ETag`: the version of the entity read.
    pub etag: Option<String>,
    pub body: String,
}

/// The claims of a claims challenge (`WWW-Authenticate: Bearer …, claims="<base64 JSON>"`),
/// decoded to the JSON text MSAL takes as `claims`.
pub fn claims_challenge(response: &RawResponse) -> Option<String> {
    use base64::Engine as _;
    let header = response.www_authenticate.as_deref()?;
    let start = header.find("claims=\"")? + "claims=\"".len();
    let encoded = &header[start..start + header[start..].find('"')?];
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .or_else(|_| base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(encoded.trim_end_matches('=')))
        .ok()?;
    String::from_utf8(bytes).ok().filter(|c| serde_json::from_str::<serde_json::Value>(c).is_ok())
}

/// A Graph error body, with the request ids from the body or the headers.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphErrorDetail {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub inner_code: Option<String>,
    pub request_id: Option<String>,
    pub client_request_id: Option<String>,
    pub date: Option<String>,
    /// `Retry-After`, when the browser may read it (a 429 or 503 may carry it).
    pub retry_after: Option<String>,
}

/// Every way a Graph call can fail.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GraphError {
    #[error("Graph answered {status} {code}: {message}", status = .0.status, code = .0.code, message = .0.message)]
    Graph(Box<GraphErrorDetail>),
    /// This tenant's Graph no longer serves `/officeConfiguration` at all (`400` "Resource not
    /// found for the segment 'officeConfiguration'", or a `404` for it).
    #[error("This tenant's Microsoft Graph no longer serves officeConfiguration, the Microsoft 365 Apps cloud policies (Graph answered {status}: {message})", status = .0.status, message = .0.message)]
    NotServed(Box<GraphErrorDetail>),
    #[error("Graph answered {status} with a body that is not a Graph error: {excerpt:?}")]
    Unreadable { status: u16, excerpt: String, request_id: Option<String>, client_request_id: Option<String> },
    #[error("Graph answered {status}, but the configuration in the response could not be read: {error}")]
    BadEntity { status: u16, error: EntityError, request_id: Option<String> },
    #[error("The request did not reach Graph, or its answer was lost: {message}")]
    Network { message: String },
    #[error("Graph did not answer within {seconds} s.")]
    Timeout { seconds: u32 },
    #[error(
        "{id:?} is not a configuration id (a GUID such as f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9); nothing was sent."
    )]
    InvalidId { id: String },
    #[error("Graph's list of configurations could not be followed: {reason}")]
    BadPaging { reason: String },
    #[error("Retrying was cancelled.")]
    Cancelled,
    #[error("You are not signed in.")]
    NotSignedIn,
    #[error("No token for Graph: {message}")]
    Auth { message: String },
}

impl GraphError {
    /// The HTTP status, when Graph answered at all.
    pub fn status(&self) -> Option<u16> {
        match self {
            GraphError::Graph(d) | GraphError::NotServed(d) => Some(d.status),
            GraphError::Unreadable { status, .. } | GraphError::BadEntity { status, .. } => Some(*status),
            GraphError::Network { .. }
            | GraphError::Timeout { .. }
            | GraphError::Cancelled
            | GraphError::InvalidId { .. }
            | GraphError::BadPaging { .. }
            | GraphError::NotSignedIn
            | GraphError::Auth { .. } => None,
        }
    }

    /// Whether Graph refused a payload written inline in a PATCH (`400` naming a stream that
    /// cannot be updated inline): it must be `PUT` to its own URL.
    pub fn refuses_inline_stream(&self) -> bool {
        match self {
            GraphError::Graph(d) if d.status == 400 => {
                let m = d.message.to_ascii_lowercase();
                m.contains("stream") && (m.contains("inline") || m.contains("cannot be updated"))
            }
            _ => false,
        }
    }

    /// `Retry-After` of a Graph error, as sent.
    pub fn retry_after(&self) -> Option<&str> {
        match self {
            GraphError::Graph(d) => d.retry_after.as_deref(),
            _ => None,
        }
    }

    pub fn request_id(&self) -> Option<&str> {
        match self {
            GraphError::Graph(d) | GraphError::NotServed(d) => d.request_id.as_deref(),
            GraphError::Unreadable { request_id, .. } | GraphError::BadEntity { request_id, .. } => {
                request_id.as_deref()
            }
            _ => None,
        }
    }

    pub fn client_request_id(&self) -> Option<&str> {
        match self {
            GraphError::Graph(d) | GraphError::NotServed(d) => d.client_request_id.as_deref(),
            GraphError::Unreadable { client_request_id, .. } => client_request_id.as_deref(),
            _ => None,
        }
    }

    /// What went wrong and what to do next, for a message.
    pub fn explained(&self) -> String {
        format!("{self} {}", self.advice())
    }

    /// What the admin should do next.
    pub fn advice(&self) -> &'static str {
        match self {
            GraphError::Network { .. } => "Check your network connection and that the Graph address in config.json is reachable, then try again. A save that lost its connection may or may not have been applied: reload the configuration to see. Your edits are kept.",
            GraphError::Timeout { .. } => "Graph may be slow or unreachable. Try again; a save that timed out may or may not have been applied, so reload to check first. Your edits are kept.",
            GraphError::Cancelled => "Nothing more was sent. Try again when you are ready; your edits are kept.",
            GraphError::Unreadable { excerpt, .. } if excerpt.starts_with('<') => {
                "A proxy or gateway between you and Graph answered with a web page instead of Graph. Try again; if it persists, check the network path to Graph."
            }
            GraphError::InvalidId { .. } => "Check the address: open the configuration from the list.",
            GraphError::BadPaging { .. } => "The configurations read so far are not shown, so the list is never incomplete without saying so. Reload; if it persists, open a support case.",
            GraphError::NotSignedIn => "Sign in (top right) or paste a token to continue.",
            GraphError::Auth { .. } => "Sign in again (or paste a fresh token), then try again. Your edits are kept.",
            GraphError::NotServed(_) => "Microsoft removed the Office client configuration types from Graph's published beta metadata in 2023, and this tenant's Graph says the resource does not exist, so this editor cannot read or change these policies here. Manage them in the Microsoft 365 Apps admin center (config.office.com). Signing in, and other tenants and clouds whose Graph still serves them, keep working.",
            GraphError::BadEntity { .. } => "Graph sent something unexpected. Reload the page; if it persists, open a support case with the request-id.",
            _ => match self.status().unwrap_or(0) {
                400 => "Graph refused the values sent. Correct the field named in the message and save again.",
                401 => "Your sign-in has expired or the token is for another service. Sign in again, then save again.",
                403 => "Your account lacks permission. Ask for DeviceManagementConfiguration.ReadWrite.All and an Intune role that may edit Office policies.",
                404 => "This configuration no longer exists. Go back to the list.",
                409 => "Someone else changed this configuration. Reload it, then apply your edits again.",
                412 => "Someone else changed this configuration after it was read, so nothing was saved. Its new version is loaded with your edits kept: review them and save again.",
                429 => "Graph is throttling requests. Wait a minute, then save again.",
                500..=599 => "Graph had a temporary problem. Try again in a minute; if it persists, open a support case with the request-id.",
                _ => "Try again; if it persists, open a support case with the request-id.",
            },
        }
    }
}

#[derive(Deserialize)]
struct ErrorEnvelope {
    error: ErrorBody,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    code: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    inner_error: Option<InnerError>,
}

#[derive(Deserialize)]
struct InnerError {
    #[serde(default)]
    code: Option<String>,
    #[serde(default, rename = "request-id")]
    request_id: Option<String>,
    #[serde(default, rename = "client-request-id")]
    client_request_id: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

const EXCERPT_CHARS: usize = 160;

/// The start of a body, for an error message.
pub fn excerpt(body: &str) -> String {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return "(empty body)".into();
    }
    let mut out: String = trimmed.chars().take(EXCERPT_CHARS).collect();
    if trimmed.chars().count() > EXCERPT_CHARS {
        out.push('…');
    }
    out
}

/// Whether an error message says the `officeConfiguration` segment itself does not exist
/// ("Resource not found for the segment 'officeConfiguration'").
fn names_the_resource(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("segment 'officeconfiguration'")
}

/// A `404` for the collection or the singleton themselves: Graph has no `officeConfiguration`.
pub fn not_served(error: GraphError) -> GraphError {
    match error {
        GraphError::Graph(d) if d.status == 404 => GraphError::NotServed(d),
        other => other,
    }
}

/// Turns a non-2xx response into a typed error; a 2xx passes its body through.
pub fn check(response: &RawResponse) -> Result<&str, GraphError> {
    if (200..300).contains(&response.status) {
        return Ok(&response.body);
    }
    match serde_json::from_str::<ErrorEnvelope>(&response.body) {
        Ok(ErrorEnvelope { error }) => {
            let inner = error.inner_error;
            let inner_field = |f: fn(&InnerError) -> &Option<String>| inner.as_ref().and_then(|i| f(i).clone());
            let gone = matches!(response.status, 400 | 404) && names_the_resource(&error.message);
            let kind = if gone { GraphError::NotServed } else { GraphError::Graph };
            Err(kind(Box::new(GraphErrorDetail {
                status: response.status,
                code: error.code,
                message: error.message,
                inner_code: inner_field(|i| &i.code),
                request_id: inner_field(|i| &i.request_id).or_else(|| response.request_id.clone()),
                client_request_id: inner_field(|i| &i.client_request_id).or_else(|| response.client_request_id.clone()),
                date: inner_field(|i| &i.date).or_else(|| response.date.clone()),
                retry_after: response.retry_after.clone(),
            })))
        }
        Err(_) => Err(GraphError::Unreadable {
            status: response.status,
            excerpt: excerpt(&response.body),
            request_id: response.request_id.clone(),
            client_request_id: response.client_request_id.clone(),
        }),
    }
}

fn bad_entity(response: &RawResponse, error: EntityError) -> GraphError {
    GraphError::BadEntity { status: response.status, error, request_id: response.request_id.clone() }
}

/// A GET of one configuration. The `ETag` header, when the body has no `@odata.etag`, is kept
/// there, so the next PATCH can carry it as `If-Match`.
pub fn entity(response: &RawResponse) -> Result<Configuration, GraphError> {
    let body = check(response)?;
    let mut entity = Configuration::from_json(body).map_err(|e| bad_entity(response, e))?;
    if let (None, Some(etag)) = (entity.etag(), &response.etag) {
        entity.extra.insert("@odata.etag".into(), serde_json::Value::String(etag.clone()));
    }
    Ok(entity)
}

/// Like [`entity`], with a big `checkinStatuses` left to be read a slice at a time
/// ([`Configuration::from_json_deferring_rows`]); a bad row is then refused by [`rows_error`].
pub fn entity_deferring_rows(
    response: &RawResponse,
) -> Result<(Configuration, Option<crate::core::wire::model::DeferredRows>), GraphError> {
    let body = check(response)?;
    let (mut entity, rows) = Configuration::from_json_deferring_rows(body).map_err(|e| bad_entity(response, e))?;
    if let (None, Some(etag)) = (entity.etag(), &response.etag) {
        entity.extra.insert("@odata.etag".into(), serde_json::Value::String(etag.clone()));
    }
    Ok((entity, rows))
}

/// A check-in row of this response that could not be read.
pub fn rows_error(response: &RawResponse, error: EntityError) -> GraphError {
    bad_entity(response, error)
}

/// A GET of the tenant's `officeConfiguration` singleton.
pub fn office_configuration(response: &RawResponse) -> Result<OfficeConfiguration, GraphError> {
    let body = check(response)?;
    serde_json::from_str(body).map_err(|e| bad_entity(response, e.into()))
}

/// A GET of one page of the collection.
pub fn page(response: &RawResponse) -> Result<CollectionPage, GraphError> {
    let body = check(response)?;
    CollectionPage::from_json(body).map_err(|e| bad_entity(response, e))
}

/// What a successful PATCH (or assign) told us.
#[derive(Clone, Debug, PartialEq)]
pub enum Saved {
    /// 200 with the updated entity.
    Entity(Box<Configuration>),
    /// 204, or 200 with an empty body: the caller re-reads the entity.
    NoContent,
}

/// A PATCH: 200 with the entity, 200 empty and 204 are all success.
pub fn patch(response: &RawResponse) -> Result<Saved, GraphError> {
    let body = check(response)?;
    if response.status == 204 || body.trim().is_empty() {
        return Ok(Saved::NoContent);
    }
    Configuration::from_json(body).map(|c| Saved::Entity(Box::new(c))).map_err(|e| bad_entity(response, e))
}

/// An `assign`: `{"value": [assignments]}`, or nothing.
pub fn assign(response: &RawResponse) -> Result<Option<Vec<Assignment>>, GraphError> {
    #[derive(Deserialize)]
    struct Assigned {
        value: Vec<Assignment>,
    }
    let body = check(response)?;
    if body.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str::<Assigned>(body).map(|a| Some(a.value)).map_err(|e| bad_entity(response, e.into()))
}

/// A configuration created, and — when it was to be given groups — how its `assign` went. A
/// failed assign is not a failed create: the configuration exists, without its groups.
#[derive(Clone, Debug, PartialEq)]
pub struct Created {
    pub configuration: Configuration,
    /// `None`: no groups were to be assigned.
    pub assigned: Option<Result<(), GraphError>>,
}

impl Created {
    /// Whether its groups were to be assigned and were not.
    pub fn unassigned(&self) -> Option<&GraphError> {
        self.assigned.as_ref().and_then(|a| a.as_ref().err())
    }

    /// What the admin is told: created (by id), and where its groups stand when they failed.
    pub fn summary(&self) -> String {
        let id = self.configuration.id.as_deref().unwrap_or_default();
        match self.unassigned() {
            Some(e) => format!(
                "Created (id {id}), but its groups were not assigned: {} Open it and assign them.",
                e.explained()
            ),
            None => format!("Created (id {id})."),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(status: u16, body: &str) -> RawResponse {
        RawResponse {
            status,
            request_id: Some("hdr-req".into()),
            client_request_id: Some("hdr-client".into()),
            date: Some("Sat, 28 Nov 2026 10:00:00 GMT".into()),
            www_authenticate: None,
            retry_after: None,
            etag: None,
            body: body.into(),
        }
    }

    const GRAPH_ERROR: &str = r#"{"error":{"code":"Forbidden","message":"Application is not authorized to perform this operation.",
        "innerError":{"code":"AccessDenied","date":"2026-11-28T10:00:00","request-id":"body-req","client-request-id":"body-client"}}}"#;

    #[test]
    fn claims_challenges_are_decoded() {
        let claims = r#"{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}"#;
        use base64::Engine as _;
        let encoded = base64::engine::general_purpose::STANDARD.encode(claims);
        let cases = [
            (
                Some(format!(r#"Bearer realm="", error="insufficient_claims", claims="{encoded}""#)),
                Some(claims.to_string()),
            ),
            (Some(r#"Bearer realm="", error="invalid_token""#.to_string()), None),
            (Some(r#"Bearer claims="!!notbase64""#.to_string()), None),
            (None, None),
        ];
        for (header, expected) in cases {
            let response = RawResponse { status: 401, www_authenticate: header.clone(), ..Default::default() };
            assert_eq!(claims_challenge(&response), expected, "{header:?}");
        }
    }

    #[test]
    fn successes() {
        let ok = patch(&raw(200, r#"{"id":"x","displayName":"n"}"#)).unwrap();
        assert!(matches!(ok, Saved::Entity(c) if c.display_name.as_deref() == Some("n")));
        assert_eq!(patch(&raw(200, "")).unwrap(), Saved::NoContent);
        assert_eq!(patch(&raw(200, " \n")).unwrap(), Saved::NoContent);
        assert_eq!(patch(&raw(204, "")).unwrap(), Saved::NoContent);
        assert_eq!(entity(&raw(200, r#"{"value":{"id":"w"}}"#)).unwrap().id.as_deref(), Some("w"));
        assert_eq!(page(&raw(200, r#"{"value":[{"id":"1"}]}"#)).unwrap().value.len(), 1);
        assert_eq!(assign(&raw(200, r#"{"value":[{"id":"a"}]}"#)).unwrap().unwrap().len(), 1);
        assert_eq!(assign(&raw(204, "")).unwrap(), None);
    }

    #[test]
    fn graph_error_bodies_keep_every_detail() {
        let err = entity(&raw(403, GRAPH_ERROR)).unwrap_err();
        assert_eq!(
            err,
            GraphError::Graph(Box::new(GraphErrorDetail {
                status: 403,
                code: "Forbidden".into(),
                message: "Application is not authorized to perform this operation.".into(),
                inner_code: Some("AccessDenied".into()),
                request_id: Some("body-req".into()),
                client_request_id: Some("body-client".into()),
                date: Some("2026-11-28T10:00:00".into()),
                retry_after: None,
            }))
        );
        assert!(err.advice().contains("DeviceManagementConfiguration.ReadWrite.All"));
        // Without innerError, the ids come from the headers.
        let bare = check(&raw(429, r#"{"error":{"code":"TooManyRequests","message":"slow down"}}"#)).unwrap_err();
        assert_eq!(bare.request_id(), Some("hdr-req"));
        assert_eq!(bare.client_request_id(), Some("hdr-client"));
        assert!(bare.advice().contains("throttling"));
    }

    #[test]
    fn every_status_gets_advice_and_unreadable_bodies_get_an_excerpt() {
        let cases: &[(u16, &str, &str)] = &[
            (400, "", "Correct the field"),
            (401, "{}", "Sign in again"),
            (403, "", "lacks permission"),
            (404, "{\"error\":", "no longer exists"),
            (409, "{}", "Someone else changed"),
            (412, "null", "Someone else changed"),
            (429, "", "throttling"),
            (500, "", "temporary problem"),
            (502, "<html>Bad Gateway</html>", "proxy or gateway"),
            (503, "", "temporary problem"),
            (504, "upstream timeout", "temporary problem"),
        ];
        for &(status, body, advice) in cases {
            let err = check(&raw(status, body)).unwrap_err();
            assert_eq!(err.status(), Some(status));
            assert!(err.advice().contains(advice), "{status}: {}", err.advice());
            let GraphError::Unreadable { excerpt, request_id, .. } = &err else { panic!("{status}: {err:?}") };
            let expected = if body.trim().is_empty() { "(empty body)" } else { body };
            assert_eq!(excerpt, expected);
            assert_eq!(request_id.as_deref(), Some("hdr-req"));
        }
        assert!(GraphError::NotSignedIn.advice().starts_with("Sign in"));
        assert_eq!(GraphError::NotSignedIn.status(), None);
        let long = "x".repeat(500);
        let GraphError::Unreadable { excerpt, .. } = check(&raw(502, &long)).unwrap_err() else { unreachable!() };
        assert_eq!(excerpt.chars().count(), EXCERPT_CHARS + 1);
    }

    #[test]
    fn a_graph_without_office_configuration_is_named_and_never_retried() {
        let body = r#"{"error":{"code":"BadRequest","message":"Resource not found for the segment 'officeConfiguration'.","innerError":{"request-id":"r1"}}}"#;
        for status in [400, 404] {
            let err = check(&raw(status, body)).unwrap_err();
            assert!(matches!(err, GraphError::NotServed(_)), "{status}: {err:?}");
            assert!(err.to_string().contains("no longer serves officeConfiguration"), "{err}");
            assert!(err.advice().contains("config.office.com"), "{}", err.advice());
            assert_eq!(err.request_id(), Some("r1"));
            let failure = crate::core::rules::retry::Failure::of(&err);
            assert!(failure
                .is_none_or(|f| !crate::core::rules::retry::retryable(crate::core::wire::request::Method::Get, f)));
        }
        let other = check(&raw(400, r#"{"error":{"code":"BadRequest","message":"Resource not found for the segment 'microsoft.graph.updatePriorities'."}}"#)).unwrap_err();
        assert!(matches!(other, GraphError::Graph(_)), "another segment is another matter");
        let bare = not_served(check(&raw(404, r#"{"error":{"code":"NotFound","message":"Not found"}}"#)).unwrap_err());
        assert!(matches!(bare, GraphError::NotServed(_)));
        assert!(matches!(not_served(GraphError::Timeout { seconds: 1 }), GraphError::Timeout { .. }));
    }

    #[test]
    fn unreadable_success_bodies_are_typed() {
        let cases = ["{\"id\":", "<html>", "{\"displayName\":5}"];
        for body in cases {
            assert!(matches!(patch(&raw(200, body)), Err(GraphError::BadEntity { status: 200, .. })), "{body}");
            assert!(matches!(entity(&raw(200, body)), Err(GraphError::BadEntity { .. })), "{body}");
        }
        assert!(matches!(page(&raw(200, "{\"value\":{}}")), Err(GraphError::BadEntity { .. })));
    }
}
