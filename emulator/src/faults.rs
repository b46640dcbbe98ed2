//! Fault injection: scripted failures for the next N requests that match a route.
//!
//! Tests add faults through `POST /_emulator/faults` (or [`crate::Emulator::inject`]); each fault
//! matches a method (or `*`) and a path (exact, or a prefix ending in `*`), and is used up after
//! `count` matching requests.

use serde::{Deserialize, Serialize};

/// What happens to a matching request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "fault", rename_all = "camelCase")]
pub enum FaultKind {
    /// A Graph error body with this status (and `Retry-After` when given; a claims challenge
    /// in `WWW-Authenticate` when `claims` is given).
    #[serde(rename_all = "camelCase")]
    Status {
        status: u16,
        #[serde(default)]
        retry_after: Option<u32>,
        #[serde(default)]
        code: Option<String>,
        #[serde(default)]
        claims: Option<String>,
        /// The error's message (a schema drift's "Could not find a property named …");
        /// "Scripted fault: …" when not given.
        #[serde(default)]
        message: Option<String>,
        /// Leave `request-id` and `client-request-id` out of the body's `innerError`: they are
        /// then only in the (CORS-exposed) response headers.
        #[serde(default)]
        ids_in_headers_only: bool,
    },
    /// Wait this long, then answer normally.
    #[serde(rename_all = "camelCase")]
    Delay { ms: u64 },
    /// Close the connection without answering.
    Drop,
    /// An HTML page from a proxy, with this status.
    Html { status: u16 },
    /// A 200 whose JSON body is cut off.
    Truncated,
    /// This status with an empty body.
    Empty { status: u16 },
    /// `302 Found` to `location` (a proxy or a hijacked route sending the request elsewhere).
    Redirect { location: String },
}

/// One scripted fault.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fault {
    /// `GET`, `PATCH`, … or `*` for any.
    #[serde(default = "any_method")]
    pub method: String,
    /// An exact path, or a prefix ending in `*`.
    pub path: String,
    #[serde(flatten)]
    pub kind: FaultKind,
    /// How many matching requests it applies to.
    #[serde(default = "one")]
    pub count: u32,
}

fn any_method() -> String {
    "*".into()
}

fn one() -> u32 {
    1
}

impl Fault {
    pub fn matches(&self, method: &str, path: &str) -> bool {
        let method_ok = self.method == "*" || self.method.eq_ignore_ascii_case(method);
        let path_ok = match self.path.strip_suffix('*') {
            Some(prefix) => path.starts_with(prefix),
            None => self.path == path,
        };
        method_ok && path_ok && self.count > 0
    }
}

/// Takes the first fault matching a request, using up one of its count.
pub fn take(faults: &mut Vec<Fault>, method: &str, path: &str) -> Option<FaultKind> {
    let index = faults.iter().position(|f| f.matches(method, path))?;
    let fault = &mut faults[index];
    fault.count -= 1;
    let kind = fault.kind.clone();
    if fault.count == 0 {
        faults.remove(index);
    }
    Some(kind)
}

/// Graph's error code for a status.
pub fn code_for(status: u16) -> &'static str {
    match status {
        400 => "BadRequest",
        401 => "InvalidAuthenticationToken",
        403 => "Forbidden",
        404 => "ResourceNotFound",
        409 => "Conflict",
        412 => "PreconditionFailed",
        429 => "TooManyRequests",
        500 => "InternalServerError",
        502 => "BadGateway",
        503 => "ServiceUnavailable",
        504 => "GatewayTimeout",
        _ => "UnknownError",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_parse_match_and_are_used_up() {
        let mut faults: Vec<Fault> = serde_json::from_str(
            r#"[{"method":"PATCH","path":"/beta/x/*","fault":"status","status":429,"retryAfter":2,"count":2},
                {"path":"/config.json","fault":"html","status":502}]"#,
        )
        .unwrap();
        assert_eq!(take(&mut faults, "GET", "/beta/x/1"), None);
        let throttled = FaultKind::Status {
            status: 429,
            retry_after: Some(2),
            code: None,
            claims: None,
            message: None,
            ids_in_headers_only: false,
        };
        assert_eq!(take(&mut faults, "PATCH", "/beta/x/1"), Some(throttled.clone()));
        assert_eq!(take(&mut faults, "patch", "/beta/x/2"), Some(throttled));
        assert_eq!(take(&mut faults, "PATCH", "/beta/x/1"), None, "used up");
        assert_eq!(take(&mut faults, "GET", "/config.json"), Some(FaultKind::Html { status: 502 }));
        assert!(faults.is_empty());
    }
}
