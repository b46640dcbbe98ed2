//! The directory (Microsoft Entra ID) as the editor reads it: group names by id (`$batch` of
//! `GET /groups/{id}`), group and user search (`$search` with `ConsistencyLevel: eventual`), and a
//! user's groups (`transitiveMemberOf`). Reading groups needs `Group.Read.All` (or
//! `GroupMember.Read.All`); a tenant that has not consented answers `403`, and the editor then
//! says so once and works with object ids. Requests as data and answers as values: no I/O.

use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::{BTreeSet, HashMap};

/// How many requests one `$batch` may carry (Graph's limit).
pub const BATCH_LIMIT: usize = 20;
/// How many matches a search shows.
pub const SEARCH_TOP: usize = 15;
/// The header `$search` and advanced queries need.
pub const CONSISTENCY: (&str, &str) = ("ConsistencyLevel", "eventual");
/// How long typing must pause before a search of the directory is sent: one search a word,
/// not one a keystroke.
pub const SEARCH_PAUSE_MS: u32 = 300;

/// What to search the directory for, as typed; `None` for fewer than two characters (Graph's
/// `$search` matches words from their start, and one letter matches half the directory).
pub fn search_text(typed: &str) -> Option<&str> {
    let text = typed.trim();
    (text.chars().count() >= 2).then_some(text)
}

/// A group or a user, as a search or a membership lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DirectoryObject {
    pub id: String,
    #[serde(default)]
    pub display_name: Option<String>,
    /// Users only.
    #[serde(default)]
    pub user_principal_name: Option<String>,
}

impl DirectoryObject {
    /// The name to show: the display name, else the UPN, else the id.
    pub fn label(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.user_principal_name.as_deref())
            .unwrap_or(&self.id)
    }
}

/// What the directory said of one group id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Lookup {
    Name(String),
    /// No such group in this tenant (`404`).
    Missing,
    /// Could not be read (another failure); asked again next time.
    Failed,
}

fn root(base: &str) -> &str {
    base.trim_end_matches('/')
}

fn segment(id: &str) -> String {
    utf8_percent_encode(id, NON_ALPHANUMERIC).to_string()
}

/// A `$search` value over `fields`: each `"field:text"` (quotes and backslashes escaped),
/// joined with OR.
pub fn search_value(fields: &[&str], text: &str) -> String {
    let escaped = text.trim().replace('\\', "\\\\").replace('"', "\\\"");
    fields.iter().map(|f| format!("\"{f}:{escaped}\"")).collect::<Vec<_>>().join(" OR ")
}

fn query(value: &str) -> String {
    utf8_percent_encode(value, NON_ALPHANUMERIC).to_string()
}

/// One group's name.
pub fn group_url(base: &str, id: &str) -> String {
    format!("{}/groups/{}?$select=id,displayName", root(base), segment(id))
}

/// Groups whose name matches `text`.
pub fn group_search_url(base: &str, text: &str) -> String {
    format!(
        "{}/groups?$search={}&$select=id,displayName&$top={SEARCH_TOP}",
        root(base),
        query(&search_value(&["displayName"], text))
    )
}

/// Users whose name or sign-in name matches `text`.
pub fn user_search_url(base: &str, text: &str) -> String {
    format!(
        "{}/users?$search={}&$select=id,displayName,userPrincipalName&$top={SEARCH_TOP}",
        root(base),
        query(&search_value(&["displayName", "userPrincipalName"], text))
    )
}

/// Every group a user is in, directly or through other groups.
pub fn member_of_url(base: &str, user: &str) -> String {
    format!(
        "{}/users/{}/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$count=true&$top=999",
        root(base),
        segment(user)
    )
}

/// `$batch`.
pub fn batch_url(base: &str) -> String {
    format!("{}/$batch", root(base))
}

/// A `$batch` body reading the names of `ids` (at most [`BATCH_LIMIT`]); request ids are the
/// positions.
pub fn batch_body(ids: &[String]) -> String {
    let requests: Vec<Value> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| json!({"id": i.to_string(), "method": "GET", "url": format!("/groups/{}?$select=id,displayName", segment(id))}))
        .collect();
    json!({ "requests": requests }).to_string()
}

/// Reads a `$batch` answer to [`batch_body`]: each id with what the directory said. A `403`
/// inside the batch is returned as `Err(403)`, so consent is judged in one place.
pub fn batch_answers(body: &str, ids: &[String]) -> Result<Vec<(String, Lookup)>, u16> {
    #[derive(Deserialize)]
    struct Batch {
        responses: Vec<Answer>,
    }
    #[derive(Deserialize)]
    struct Answer {
        id: String,
        status: u16,
        #[serde(default)]
        body: Value,
    }
    let batch: Batch = serde_json::from_str(body).map_err(|_| 502u16)?;
    let mut out = Vec::new();
    for answer in batch.responses {
        let Some(id) = answer.id.parse::<usize>().ok().and_then(|i| ids.get(i)) else { continue };
        let lookup = match answer.status {
            200 => Lookup::Name(answer.body.get("displayName").and_then(Value::as_str).unwrap_or(id).to_string()),
            404 => Lookup::Missing,
            403 => return Err(403),
            _ => Lookup::Failed,
        };
        out.push((id.clone(), lookup));
    }
    Ok(out)
}

/// A collection's `value`, and its `@odata.nextLink` when there are more pages.
pub fn objects(body: &str) -> Result<(Vec<DirectoryObject>, Option<String>), serde_json::Error> {
    #[derive(Deserialize)]
    struct Page {
        value: Vec<DirectoryObject>,
        #[serde(default, rename = "@odata.nextLink")]
        next_link: Option<String>,
    }
    serde_json::from_str::<Page>(body).map(|p| (p.value, p.next_link))
}

/// Whether the tenant lets this app read groups.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Consent {
    #[default]
    Unknown,
    Granted,
    /// `403`: not consented. Said once; object ids from then on.
    Denied,
}

/// What the notice says when the directory may not be read.
pub const NO_CONSENT: &str = "Group names and group search need the Group.Read.All permission (or GroupMember.Read.All), which this app has not been granted in this tenant. Groups are shown by object ID; add one by pasting its ID. Ask an administrator to grant the permission to see names.";

/// The group names read so far in this tab, and which are on their way.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    known: HashMap<String, Lookup>,
    asked: BTreeSet<String>,
    pub consent: Consent,
}

fn key(id: &str) -> String {
    id.trim().to_ascii_lowercase()
}

fn is_guid(id: &str) -> bool {
    id.len() == 36 && uuid::Uuid::try_parse(id).is_ok()
}

impl Names {
    /// Of `ids`, those to read now (valid, not known, not on their way), marked as on their way;
    /// none once consent was denied.
    pub fn to_read<'a>(&mut self, ids: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        if self.consent == Consent::Denied {
            return Vec::new();
        }
        let mut out = Vec::new();
        for id in ids.into_iter().map(key) {
            let known = matches!(self.known.get(&id), Some(Lookup::Name(_) | Lookup::Missing));
            if is_guid(&id) && !known && self.asked.insert(id.clone()) {
                out.push(id);
            }
        }
        out
    }

    /// Records what the directory said of `asked`; a `403` denies consent for the tab.
    pub fn record(&mut self, asked: &[String], result: Result<Vec<(String, Lookup)>, u16>) {
        for id in asked {
            self.asked.remove(id);
        }
        match result {
            Ok(found) => {
                self.consent = Consent::Granted;
                for (id, lookup) in found {
                    self.known.insert(key(&id), lookup);
                }
            }
            Err(403) => self.consent = Consent::Denied,
            Err(_) => {}
        }
    }

    /// Records names a search or a membership listed.
    pub fn learn(&mut self, objects: &[DirectoryObject]) {
        self.consent = Consent::Granted;
        for o in objects {
            if let Some(name) = &o.display_name {
                self.known.insert(key(&o.id), Lookup::Name(name.clone()));
            }
        }
    }

    pub fn get(&self, id: &str) -> Option<&Lookup> {
        self.known.get(&key(id))
    }

    /// The names known, by lower-case id (for an export).
    pub fn all(&self) -> HashMap<String, String> {
        self.known
            .iter()
            .filter_map(|(id, l)| match l {
                Lookup::Name(n) => Some((id.clone(), n.clone())),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_search_waits_for_two_characters() {
        assert_eq!(search_text(" f "), None);
        assert_eq!(search_text("é"), None, "characters, not bytes");
        assert_eq!(search_text(" fi "), Some("fi"));
        assert_eq!(search_text("éé"), Some("éé"));
    }

    const BASE: &str = "https://graph.microsoft.com/beta";
    const G1: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const G2: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    #[test]
    fn searches_are_quoted_escaped_and_encoded() {
        assert_eq!(search_value(&["displayName"], " fin "), "\"displayName:fin\"");
        assert_eq!(
            search_value(&["displayName", "userPrincipalName"], "a\"b\\c"),
            "\"displayName:a\\\"b\\\\c\" OR \"userPrincipalName:a\\\"b\\\\c\""
        );
        assert_eq!(
            group_search_url(BASE, "Fin & Co"),
            format!("{BASE}/groups?$search=%22displayName%3AFin%20%26%20Co%22&$select=id,displayName&$top=15")
        );
        assert!(user_search_url(BASE, "ada").contains("%22displayName%3Aada%22%20OR%20%22userPrincipalName%3Aada%22"));
        assert_eq!(group_url(BASE, "a/b"), format!("{BASE}/groups/a%2Fb?$select=id,displayName"));
        assert_eq!(
            member_of_url(BASE, "ada@contoso.com"),
            format!("{BASE}/users/ada%40contoso%2Ecom/transitiveMemberOf/microsoft.graph.group?$select=id,displayName&$count=true&$top=999")
        );
        assert_eq!(batch_url(&format!("{BASE}/")), format!("{BASE}/$batch"));
    }

    #[test]
    fn a_batch_reads_names_and_says_which_groups_are_missing() {
        let ids = vec![G1.to_string(), G2.to_string(), "x".to_string()];
        let body: Value = serde_json::from_str(&batch_body(&ids)).unwrap();
        assert_eq!(
            body["requests"][1],
            json!({"id": "1", "method": "GET", "url": format!("/groups/{}?$select=id,displayName", segment(G2))})
        );
        let answer = json!({"responses": [
            {"id": "1", "status": 404, "body": {"error": {"code": "Request_ResourceNotFound"}}},
            {"id": "0", "status": 200, "body": {"id": G1, "displayName": "Finance"}},
            {"id": "2", "status": 500, "body": {}},
            {"id": "9", "status": 200, "body": {}},
        ]})
        .to_string();
        assert_eq!(
            batch_answers(&answer, &ids).unwrap(),
            [(G2.into(), Lookup::Missing), (G1.into(), Lookup::Name("Finance".into())), ("x".into(), Lookup::Failed)]
        );
        let denied = json!({"responses": [{"id": "0", "status": 403, "body": {}}]}).to_string();
        assert_eq!(batch_answers(&denied, &ids), Err(403));
        assert_eq!(batch_answers("<html>", &ids), Err(502));
    }

    #[test]
    fn names_are_read_once_and_not_at_all_without_consent() {
        let mut names = Names::default();
        assert_eq!(names.to_read([G1, "not a guid", G1, &G2.to_uppercase()]), [G1.to_string(), G2.to_string()]);
        assert!(names.to_read([G1]).is_empty(), "on its way already");
        names.record(
            &[G1.into(), G2.into()],
            Ok(vec![(G1.into(), Lookup::Name("Finance".into())), (G2.into(), Lookup::Failed)]),
        );
        assert_eq!(names.consent, Consent::Granted);
        assert_eq!(names.get(&G1.to_uppercase()), Some(&Lookup::Name("Finance".into())));
        assert_eq!(names.to_read([G1, G2]), [G2.to_string()], "a failed one is asked again");
        names.record(&[G2.into()], Err(403));
        assert_eq!(names.consent, Consent::Denied);
        assert!(names.to_read(["5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"]).is_empty());
        assert_eq!(names.all(), HashMap::from([(G1.to_string(), "Finance".to_string())]));
    }

    #[test]
    fn a_search_lists_objects_by_label() {
        let page = json!({"value": [
            {"id": "1", "displayName": "Ada Lovelace", "userPrincipalName": "ada@contoso.com"},
            {"id": "2", "displayName": " ", "userPrincipalName": "grace@contoso.com"},
            {"id": "3"}
        ]})
        .to_string();
        let (found, next) = objects(&page).unwrap();
        assert_eq!(next, None);
        let labels: Vec<&str> = found.iter().map(DirectoryObject::label).collect();
        assert_eq!(labels, ["Ada Lovelace", "grace@contoso.com", "3"]);
        let mut names = Names::default();
        names.learn(&found);
        assert_eq!(names.get("1"), Some(&Lookup::Name("Ada Lovelace".into())));
    }
}
