//! The directory endpoints the editor reads (under `/beta`): groups and users with `$search`
//! (which, as in Graph, needs `ConsistencyLevel: eventual`), one group by id, a user's groups
//! through nested membership (`transitiveMemberOf`, paged as Graph pages it), and `$batch` of
//! those reads. The demo
//! directory is fixed; `Options::directory_consent = false` answers every read with Graph's
//! `403 Authorization_RequestDenied`, as a tenant that never granted `Group.Read.All` does.

use crate::{Emulator, Ids};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Json, Router};
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// One group: id, name, and the groups it is a member of.
pub struct Group {
    pub id: &'static str,
    pub name: &'static str,
    pub member_of: &'static [&'static str],
}

/// One user: id, name, sign-in name, and the groups they are directly in.
pub struct User {
    pub id: &'static str,
    pub name: &'static str,
    pub upn: &'static str,
    pub member_of: &'static [&'static str],
}

pub const ALL_USERS: &str = "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41";
pub const FINANCE: &str = "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808";
pub const FINANCE_CONTRACTORS: &str = "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4";
pub const FRONTLINE: &str = "1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b";
pub const LEGAL: &str = "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d";
pub const PILOT_RING: &str = "3b4c5d6e-7f80-4b9c-8d1e-2f3a4b5c6d7e";
pub const MARKETING: &str = "4c5d6e7f-8091-4cad-9e2f-3a4b5c6d7e8f";

/// The demo directory's groups (the demo configurations are assigned to the first five).
pub const GROUPS: &[Group] = &[
    Group { id: ALL_USERS, name: "All users", member_of: &[] },
    Group { id: FINANCE, name: "Finance", member_of: &[] },
    Group { id: FINANCE_CONTRACTORS, name: "Finance contractors", member_of: &[FINANCE] },
    Group { id: FRONTLINE, name: "Frontline workers", member_of: &[] },
    Group { id: LEGAL, name: "Legal", member_of: &[] },
    Group { id: PILOT_RING, name: "Pilot ring – new Outlook", member_of: &[] },
    Group { id: MARKETING, name: "Marketing", member_of: &[] },
];

/// The demo directory's users.
pub const USERS: &[User] = &[
    User {
        id: "6f1c2d3e-4a5b-4c6d-8e7f-901a2b3c4d5e",
        name: "Ada Lovelace",
        upn: "ada@contoso.com",
        member_of: &[ALL_USERS, FINANCE_CONTRACTORS, PILOT_RING],
    },
    User {
        id: "7a2b3c4d-5e6f-4a7b-9c8d-0e1f2a3b4c5d",
        name: "Grace Hopper",
        upn: "grace@contoso.com",
        member_of: &[ALL_USERS, LEGAL],
    },
    User {
        id: "8b3c4d5e-6f7a-4b8c-ad9e-1f2a3b4c5d6e",
        name: "Alan Turing",
        upn: "alan@contoso.com",
        member_of: &[MARKETING],
    },
    User { id: MANY_GROUPS_USER, name: "Mary Manygroups", upn: "mary@contoso.com", member_of: &[] },
];

/// A user in [`MANY_GROUPS`] generated groups (`many_group(0)`, …): more than one page of
/// `transitiveMemberOf` (Graph's largest page is 999).
pub const MANY_GROUPS_USER: &str = "9c4d5e6f-7a8b-4c9d-be0f-2a3b4c5d6e7f";
pub const MANY_GROUPS: usize = 1_200;

/// The id of generated group `i` (for [`MANY_GROUPS_USER`]).
pub fn many_group(i: usize) -> String {
    format!("e0e0e0e0-0000-4000-8000-{i:012}")
}

/// The largest page of `transitiveMemberOf`, and the one given without `$top`.
const MEMBERSHIP_PAGE_MAX: usize = 999;
const MEMBERSHIP_PAGE_DEFAULT: usize = 100;

pub(crate) fn routes() -> Router<Emulator> {
    Router::new()
        .route("/beta/groups", get(search_groups))
        .route("/beta/groups/{id}", get(read_group))
        .route("/beta/users", get(search_users))
        .route("/beta/users/{id}/transitiveMemberOf/microsoft.graph.group", get(member_of))
        .route("/beta/$batch", post(batch))
}

fn denied(ids: &Ids) -> Response {
    ids.error(
        StatusCode::FORBIDDEN,
        "Authorization_RequestDenied",
        "Insufficient privileges to complete the operation.",
    )
}

fn group_json(g: &Group) -> Value {
    json!({"@odata.type": "#microsoft.graph.group", "id": g.id, "displayName": g.name})
}

/// Graph's tokenized search, roughly: every word of the term starts a word of the value.
fn matches(value: &str, term: &str) -> bool {
    let words: Vec<String> =
        value.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    term.split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
        .all(|t| words.iter().any(|w| w.starts_with(&t.to_lowercase())))
}

/// The `"field:term"` clauses of a `$search` (joined by OR), or why it is refused.
fn clauses(query: &HashMap<String, String>, headers: &HeaderMap) -> Result<Vec<(String, String)>, &'static str> {
    let Some(search) = query.get("$search") else { return Ok(Vec::new()) };
    if !headers.get("consistencylevel").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"eventual")) {
        return Err("Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
    }
    let mut out = Vec::new();
    for clause in search.split(" OR ") {
        let inner = clause
            .trim()
            .strip_prefix('"')
            .and_then(|c| c.strip_suffix('"'))
            .ok_or("Syntax error: $search clauses must be quoted.")?;
        let (field, term) = inner.split_once(':').ok_or("Syntax error: a $search clause is \"property:term\".")?;
        out.push((field.to_string(), term.replace("\\\"", "\"").replace("\\\\", "\\")));
    }
    Ok(out)
}

fn top(query: &HashMap<String, String>) -> usize {
    query.get("$top").and_then(|t| t.parse().ok()).unwrap_or(100)
}

async fn search_groups(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !emu.options.directory_consent {
        return denied(&ids);
    }
    let clauses = match clauses(&query, &headers) {
        Ok(c) => c,
        Err(message) => return ids.bad_request(message),
    };
    let found: Vec<Value> = GROUPS
        .iter()
        .filter(|g| clauses.is_empty() || clauses.iter().any(|(f, t)| f == "displayName" && matches(g.name, t)))
        .take(top(&query))
        .map(group_json)
        .collect();
    Json(json!({ "value": found })).into_response()
}

fn group(id: &str) -> Option<&'static Group> {
    GROUPS.iter().find(|g| g.id.eq_ignore_ascii_case(id))
}

async fn read_group(State(emu): State<Emulator>, Extension(ids): Extension<Ids>, Path(id): Path<String>) -> Response {
    if !emu.options.directory_consent {
        return denied(&ids);
    }
    match group(&id) {
        Some(g) => Json(group_json(g)).into_response(),
        None => ids.error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        ),
    }
}

fn user_json(u: &User) -> Value {
    json!({"@odata.type": "#microsoft.graph.user", "id": u.id, "displayName": u.name, "userPrincipalName": u.upn})
}

async fn search_users(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !emu.options.directory_consent {
        return denied(&ids);
    }
    let clauses = match clauses(&query, &headers) {
        Ok(c) => c,
        Err(message) => return ids.bad_request(message),
    };
    let found: Vec<Value> = USERS
        .iter()
        .filter(|u| {
            clauses.is_empty()
                || clauses.iter().any(|(f, t)| match f.as_str() {
                    "displayName" => matches(u.name, t),
                    "userPrincipalName" => u.upn.to_lowercase().starts_with(&t.to_lowercase()),
                    _ => false,
                })
        })
        .take(top(&query))
        .map(user_json)
        .collect();
    Json(json!({ "value": found })).into_response()
}

/// A user's groups, nested membership followed (each once).
pub fn transitive_groups(user: &User) -> Vec<&'static Group> {
    let mut seen = BTreeSet::new();
    let mut queue: Vec<&str> = user.member_of.to_vec();
    let mut out = Vec::new();
    while let Some(id) = queue.pop() {
        if seen.insert(id) {
            if let Some(g) = group(id) {
                out.push(g);
                queue.extend(g.member_of);
            }
        }
    }
    out.sort_by_key(|g| g.name);
    out
}

/// A user's groups, a page at a time as Graph pages them (`$top` up to 999, 100 without it,
/// `@odata.nextLink` with a `$skiptoken`).
async fn member_of(
    State(emu): State<Emulator>,
    Extension(ids): Extension<Ids>,
    headers: HeaderMap,
    Path(id): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    if !emu.options.directory_consent {
        return denied(&ids);
    }
    let Some(user) = USERS.iter().find(|u| u.id.eq_ignore_ascii_case(&id) || u.upn.eq_ignore_ascii_case(&id)) else {
        return ids.error(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            &format!("Resource '{id}' does not exist."),
        );
    };
    let top = match query.get("$top").map(|t| t.parse::<usize>()) {
        None => MEMBERSHIP_PAGE_DEFAULT,
        Some(Ok(t)) if (1..=MEMBERSHIP_PAGE_MAX).contains(&t) => t,
        Some(_) => return ids.bad_request("Invalid page size specified: $top must be between 1 and 999."),
    };
    let skip: usize = query.get("$skiptoken").and_then(|s| s.parse().ok()).unwrap_or(0);
    let groups: Vec<Value> = if user.id == MANY_GROUPS_USER {
        (0..MANY_GROUPS)
            .map(|i| json!({"@odata.type": "#microsoft.graph.group", "id": many_group(i), "displayName": format!("Team {i:04}")}))
            .collect()
    } else {
        transitive_groups(user).into_iter().map(group_json).collect()
    };
    let mut body =
        json!({ "@odata.count": groups.len(), "value": groups.iter().skip(skip).take(top).collect::<Vec<_>>() });
    if skip + top < groups.len() {
        let host = headers.get(axum::http::header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
        body["@odata.nextLink"] = json!(format!(
            "http://{host}/beta/users/{id}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$top={top}&$skiptoken={}",
            skip + top
        ));
    }
    Json(body).into_response()
}

/// `$batch` of group reads (the only reads the editor batches); at most 20, as Graph allows.
async fn batch(State(emu): State<Emulator>, Extension(ids): Extension<Ids>, body: axum::body::Bytes) -> Response {
    let Ok(body) = serde_json::from_slice::<Value>(&body) else {
        return ids.bad_request("The batch body is not JSON.");
    };
    let Some(requests) = body.get("requests").and_then(Value::as_array) else {
        return ids.bad_request("A batch needs a \"requests\" array.");
    };
    if requests.len() > 20 {
        return ids.bad_request("The number of requests in a batch may not exceed 20.");
    }
    let responses: Vec<Value> = requests
        .iter()
        .map(|r| {
            let id = r.get("id").cloned().unwrap_or(Value::Null);
            let url = r.get("url").and_then(Value::as_str).unwrap_or_default();
            let path = url.split('?').next().unwrap_or_default();
            let answer = |status: u16, body: Value| json!({"id": id, "status": status, "body": body});
            match path.strip_prefix("/groups/") {
                _ if !emu.options.directory_consent => answer(403, json!({"error": {"code": "Authorization_RequestDenied", "message": "Insufficient privileges to complete the operation."}})),
                Some(gid) => match group(&percent_decode(gid)) {
                    Some(g) => answer(200, group_json(g)),
                    None => answer(404, json!({"error": {"code": "Request_ResourceNotFound", "message": format!("Resource '{gid}' does not exist.")}})),
                },
                None => answer(400, json!({"error": {"code": "BadRequest", "message": "The emulator batches group reads only."}})),
            }
        })
        .collect();
    Json(json!({ "responses": responses })).into_response()
}

/// A URL path segment, percent-decoded (invalid sequences kept as written).
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_matches_word_starts() {
        assert!(matches("Finance contractors", "fin"));
        assert!(matches("Finance contractors", "contr fin"));
        assert!(!matches("Finance contractors", "ance"));
        assert!(matches("Pilot ring – new Outlook", "outl"));
    }

    #[test]
    fn membership_is_followed_through_nested_groups() {
        let ada = &USERS[0];
        let names: Vec<&str> = transitive_groups(ada).iter().map(|g| g.name).collect();
        assert_eq!(names, ["All users", "Finance", "Finance contractors", "Pilot ring – new Outlook"]);
    }

    #[test]
    fn percent_escapes_are_read() {
        assert_eq!(percent_decode("0c2b9f7e%2D8d4a"), "0c2b9f7e-8d4a");
        assert_eq!(percent_decode("plain"), "plain");
        assert_eq!(percent_decode("bad%z"), "bad%z");
        assert_eq!(percent_decode("end%41"), "endA");
        assert_eq!(percent_decode("%é"), "%é", "no panic on a non-ASCII character after %");
    }
}
