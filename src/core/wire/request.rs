//! Graph requests as plain data: URLs, headers and bodies, built without any I/O.
//!
//! The transport only moves these bytes. `Debug` on a request never shows the bearer token.

use crate::core::wire::contract;
use crate::core::wire::response::GraphError;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::fmt;

/// Everything but RFC 3986 unreserved characters is escaped in a path segment.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'.').remove(b'_').remove(b'~');

/// HTTP methods the editor uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Patch,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Patch => "PATCH",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// One request, ready to send.
#[derive(Clone, PartialEq, Eq)]
pub struct GraphRequest {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    pub body: Option<String>,
}

impl GraphRequest {
    /// The same request with one more header.
    pub fn with_header(mut self, name: &'static str, value: String) -> GraphRequest {
        self.headers.push((name, value));
        self
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for GraphRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(n, v)| (*n, if n.eq_ignore_ascii_case("authorization") { "Bearer <redacted>" } else { v.as_str() }))
            .collect();
        f.debug_struct("GraphRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body_len", &self.body.as_ref().map(String::len))
            .finish()
    }
}

/// The collection of Office client configurations.
pub fn collection_url(base: &str) -> String {
    format!("{}/officeConfiguration/clientConfigurations", base.trim_end_matches('/'))
}

/// The tenant's `officeConfiguration` singleton, with only `property` (one of
/// `contract::OFFICE_CONFIGURATION`).
pub fn office_configuration_url(base: &str, property: &str) -> String {
    format!("{}/officeConfiguration?$select={property}", base.trim_end_matches('/'))
}

/// One configuration; the id is percent-encoded as a path segment.
pub fn entity_url(base: &str, id: &str) -> String {
    format!("{}/{}", collection_url(base), utf8_percent_encode(id, SEGMENT))
}

/// The raw bytes of one Stream property (`policyPayload`, `userPreferencePayload`).
pub fn stream_url(base: &str, id: &str, stream: crate::core::wire::model::Property) -> String {
    format!("{}/{}", entity_url(base, id), stream.name())
}

/// The `assign` action of one configuration.
pub fn assign_url(base: &str, id: &str) -> String {
    format!("{}/assign", entity_url(base, id))
}

/// The `updatePriorities` action, in one of its two spellings
/// (`core::pages::workspace::UPDATE_PRIORITIES`).
pub fn update_priorities_url(base: &str, segment: &str) -> String {
    format!("{}/{segment}", collection_url(base))
}

/// The most pages of the collection the editor follows (100 configurations a page is more than
/// any tenant has).
pub const MAX_PAGES: usize = 1000;

/// Checks an `@odata.nextLink` before it is followed: it must stay under the Graph base URL
/// (a token is never sent anywhere else), must not repeat a page already read (a loop), and
/// `pages_read` must stay under [`MAX_PAGES`]. `seen` collects the links followed.
pub fn check_next_link(base: &str, link: &str, seen: &mut Vec<String>, pages_read: usize) -> Result<String, String> {
    let base = base.trim_end_matches('/');
    // A path that a server or proxy might read as another path: `..`, or a dot, slash or
    // backslash hidden by percent-encoding (the query may encode them: a skip token does).
    let path = link.split('?').next().unwrap_or_default().to_ascii_lowercase();
    let path_is_plain = !path.contains("/../")
        && !path.ends_with("/..")
        && !path.contains('\\')
        && !["%2e", "%2f", "%5c"].iter().any(|e| path.contains(e));
    let under_base = link.strip_prefix(base).is_some_and(|rest| rest.starts_with('/') || rest.starts_with('?'))
        && path_is_plain
        && !link.chars().any(|c| c.is_whitespace() || c.is_control());
    if !under_base {
        return Err(format!("Graph sent a next-page link outside {base}; it was not followed."));
    }
    if seen.iter().any(|s| s == link) {
        return Err("Graph sent the same next-page link twice; the list stopped there instead of looping.".into());
    }
    if pages_read >= MAX_PAGES {
        return Err(format!("the list has more than {MAX_PAGES} pages; it stopped there."));
    }
    seen.push(link.to_string());
    Ok(link.to_string())
}

/// What a request's body and answer are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Media {
    /// Graph's JSON: entities, actions, errors.
    Json,
    /// An `Edm.Stream`'s raw bytes at its own URL (`…/{id}/policyPayload`): the contract's
    /// streams are not JSON resources, so JSON media types are refused there (`406`, `415`).
    Bytes,
}

impl Media {
    /// `Accept`: what the answer may be (an error still comes as JSON).
    pub fn accept(self) -> &'static str {
        match self {
            Media::Json => "application/json",
            Media::Bytes => "*/*",
        }
    }

    /// `Content-Type` of a body.
    pub fn content_type(self) -> &'static str {
        match self {
            Media::Json => "application/json",
            Media::Bytes => "application/octet-stream",
        }
    }
}

/// Builds a request with the headers every Graph call carries.
pub fn build(
    method: Method,
    url: String,
    token: &str,
    client_request_id: &str,
    body: Option<String>,
    media: Media,
) -> GraphRequest {
    let mut headers = vec![
        ("Authorization", format!("Bearer {token}")),
        ("Accept", media.accept().to_string()),
        ("client-request-id", client_request_id.to_string()),
    ];
    if body.is_some() {
        headers.push(("Content-Type", media.content_type().to_string()));
    }
    GraphRequest { method, url, headers, body }
}

/// The list's columns, as Graph names them. Only those the contract's type has are `$select`ed
/// (`core::wire::contract::select`): `lastModifiedDateTime` is shown when an answer carries it.
/// Payloads and check-in rows are read when a configuration is opened.
pub const LIST_COLUMNS: &[&str] =
    &["id", "displayName", "description", "priority", "userCheckinSummary", "lastModifiedDateTime"];

/// What the list asks of Graph: its `$select` and `$expand=assignments`, either dropped once
/// this tenant's Graph refused it, so one schema drift never takes the list down.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListQuery {
    pub select: bool,
    pub expand: bool,
}

impl Default for ListQuery {
    fn default() -> Self {
        ListQuery { select: true, expand: true }
    }
}

impl ListQuery {
    /// The query string (no `?`).
    pub fn text(self) -> String {
        let mut parts = Vec::new();
        if self.select {
            parts.push(format!("$select={}", contract::select(LIST_COLUMNS)));
        }
        if self.expand {
            parts.push(format!("$expand={}", contract::EXPANDABLE.join(",")));
        }
        parts.join("&")
    }

    /// The query without the option Graph refused, when `error` is a `400` that names a
    /// property of it (Graph: "Could not find a property named 'X' on type '…'") or the
    /// option itself; `None` when the error is about something else or nothing is left to drop.
    pub fn without_refused(self, error: &GraphError) -> Option<ListQuery> {
        let GraphError::Graph(detail) = error else { return None };
        if detail.status != 400 {
            return None;
        }
        let message = &detail.message;
        let named = |name: &str| message.contains(&format!("'{name}'"));
        let in_expand = contract::EXPANDABLE.iter().any(|n| named(n)) || message.contains("$expand");
        let in_select = contract::CONFIGURATION.iter().chain(contract::DOCS_ONLY).any(|p| named(p.name))
            || message.contains("$select");
        if self.expand && in_expand {
            Some(ListQuery { expand: false, ..self })
        } else if self.select && in_select {
            Some(ListQuery { select: false, ..self })
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::wire::response::GraphErrorDetail;

    const BASE: &str = "https://graph.microsoft.com/beta";

    #[test]
    fn urls_encode_the_id_as_one_segment() {
        let cases = [
            ("f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9", "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9"),
            ("a/b?c#d", "a%2Fb%3Fc%23d"),
            ("ü x", "%C3%BC%20x"),
            ("..", ".."),
        ];
        for (id, encoded) in cases {
            assert_eq!(entity_url(BASE, id), format!("{BASE}/officeConfiguration/clientConfigurations/{encoded}"));
        }
        assert_eq!(
            collection_url("http://127.0.0.1:1/beta/"),
            "http://127.0.0.1:1/beta/officeConfiguration/clientConfigurations"
        );
        assert_eq!(assign_url(BASE, "x"), format!("{BASE}/officeConfiguration/clientConfigurations/x/assign"));
        assert_eq!(
            stream_url(BASE, "x/y", crate::core::wire::model::Property::PolicyPayload),
            format!("{BASE}/officeConfiguration/clientConfigurations/x%2Fy/policyPayload")
        );
    }

    #[test]
    fn next_links_are_followed_only_under_the_base_once_each_and_up_to_the_limit() {
        let page2 = format!("{BASE}/officeConfiguration/clientConfigurations?$skiptoken=2");
        let mut seen = Vec::new();
        assert_eq!(check_next_link(BASE, &page2, &mut seen, 1), Ok(page2.clone()));
        let repeated = check_next_link(BASE, &page2, &mut seen, 2).unwrap_err();
        assert!(repeated.contains("same next-page link twice"), "{repeated}");
        for outside in [
            "https://evil.example/beta/officeConfiguration/clientConfigurations?$skiptoken=3",
            "https://graph.microsoft.com/betax/officeConfiguration",
            "https://graph.microsoft.com.evil.example/beta/x",
            "https://graph.microsoft.com/beta/../v1.0/x",
            "http://graph.microsoft.com/beta/x",
            "https://graph.microsoft.com/beta/%2e%2e/v1.0/x",
            "https://graph.microsoft.com/beta/%2E./v1.0/x",
            "https://graph.microsoft.com/beta/users%2Fx",
            "https://graph.microsoft.com/beta/..\\v1.0/x",
            "https://graph.microsoft.com/beta/x%5c..%5cy",
            "https://graph.microsoft.com/beta/x/..",
        ] {
            let refused = check_next_link(BASE, outside, &mut Vec::new(), 1).unwrap_err();
            assert!(refused.contains("outside"), "{outside}: {refused}");
        }
        let encoded_in_query = format!("{BASE}/groups?$skiptoken=RFNwdAI%2FAAAA%2f%2E");
        assert!(check_next_link(BASE, &encoded_in_query, &mut Vec::new(), 1).is_ok(), "a skip token may encode them");
        let limit = check_next_link(BASE, &format!("{BASE}/x?p=1001"), &mut Vec::new(), MAX_PAGES).unwrap_err();
        assert!(limit.contains("more than 1000 pages"), "{limit}");
        assert!(check_next_link(BASE, &format!("{BASE}/x?p=1000"), &mut Vec::new(), MAX_PAGES - 1).is_ok());
    }

    #[test]
    fn every_request_carries_the_graph_headers_and_debug_hides_the_token() {
        let get = build(
            Method::Get,
            entity_url(BASE, "x"),
            "tok-123",
            "c0ffee00-0000-4000-8000-000000000001",
            None,
            Media::Json,
        );
        assert_eq!(get.header("authorization"), Some("Bearer tok-123"));
        assert_eq!(get.header("Accept"), Some("application/json"));
        assert_eq!(get.header("client-request-id"), Some("c0ffee00-0000-4000-8000-000000000001"));
        assert_eq!(get.header("Content-Type"), None);
        let patch = build(Method::Patch, entity_url(BASE, "x"), "tok-123", "id", Some("{}".into()), Media::Json);
        assert_eq!(patch.header("content-type"), Some("application/json"));
        assert_eq!(patch.method.as_str(), "PATCH");
        let shown = format!("{patch:?}");
        assert!(!shown.contains("tok-123") && shown.contains("<redacted>"), "{shown}");
    }

    #[test]
    fn streams_are_asked_and_sent_as_bytes_and_json_stays_on_json() {
        let url = stream_url(BASE, "x", crate::core::wire::model::Property::PolicyPayload);
        let get = build(Method::Get, url.clone(), "t", "id", None, Media::Bytes);
        assert_eq!(get.header("Accept"), Some("*/*"));
        assert_eq!(get.header("Content-Type"), None);
        let put = build(Method::Put, url, "t", "id", Some("{}".into()), Media::Bytes);
        assert_eq!(put.header("Content-Type"), Some("application/octet-stream"));
        let post = build(Method::Post, assign_url(BASE, "x"), "t", "id", Some("{}".into()), Media::Json);
        assert_eq!(
            (post.header("Accept"), post.header("Content-Type")),
            (Some("application/json"), Some("application/json"))
        );
    }

    #[test]
    fn the_list_selects_only_what_the_contract_has_and_drops_a_refused_option_once() {
        let full = ListQuery::default();
        assert_eq!(full.text(), "$select=id,displayName,description,priority,userCheckinSummary&$expand=assignments");
        assert!(!full.text().contains("lastModifiedDateTime"), "the type lacks it: never selected");
        let refused = |status: u16, message: &str| {
            GraphError::Graph(Box::new(GraphErrorDetail { status, message: message.into(), ..Default::default() }))
        };
        let select = refused(
            400,
            "Could not find a property named 'userCheckinSummary' on type 'microsoft.graph.officeClientConfiguration'.",
        );
        let expand = refused(
            400,
            "Could not find a property named 'assignments' on type 'microsoft.graph.officeClientConfiguration'.",
        );
        let cases = [
            (full, &select, Some(ListQuery { select: false, expand: true })),
            (full, &expand, Some(ListQuery { select: true, expand: false })),
            (ListQuery { select: false, expand: true }, &select, None),
            (full, &refused(400, "Invalid value for $top."), None),
            (full, &refused(403, "Could not find a property named 'priority'"), None),
        ];
        for (query, error, expected) in cases {
            assert_eq!(query.without_refused(error), expected, "{query:?} {error}");
        }
        assert_eq!(ListQuery { select: false, expand: false }.text(), "");
    }
}
