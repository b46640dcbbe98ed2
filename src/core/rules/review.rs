//! What a Save will do, for the admin to review before anything is sent: each changed property
//! old → new (collections as rows added, removed and changed), each payload as a structural
//! diff by JSON path (RFC 6901 pointers; `text::diff`, the one diff), and the exact requests with their
//! headers and bodies, the token redacted, also as curl and PowerShell snippets.

use crate::core::rules::draft::{CheckinField, Draft, Field};
use crate::core::rules::patch::SavePlan;
use crate::core::rules::validate::is_dirty;
use crate::core::text::diff;
use crate::core::text::diff::DiffLine;
use crate::core::wire::model::Property;
use crate::core::wire::request::{self, Media, Method};
use serde_json::Value;
use std::rc::Rc;

/// What the admin reads instead of a token.
pub const REDACTED: &str = "Bearer <redacted>";

/// The structural difference of two payload texts, by path (RFC 6901 pointers); `None` when
/// either is not JSON the editor reads (`stream::validate_json`: deeper than `MAX_DEPTH` is
/// not) — then the whole payload is replaced, and the review says so.
///
/// By the one diff's rule (`text::diff`): objects by key, arrays by index, strings by what they
/// say, numbers by every digit; a subtree whose text is the same is skipped unread.
pub fn payload_diff(old: &str, new: &str) -> Option<Vec<DiffLine>> {
    // No payload before settings: each setting is added, by path (a new configuration's review).
    let blank = |other: &str| if other.trim_start().starts_with('{') { "{}" } else { "null" };
    let (old, new) =
        (if old.trim().is_empty() { blank(new) } else { old }, if new.trim().is_empty() { blank(old) } else { new });
    let readable = |text: &str| crate::core::wire::stream::validate_json(text).is_ok();
    (readable(old) && readable(new)).then(|| diff::lines(old, new))
}

/// What a review shows, made once when it opens, from the very plan the session then sends:
/// the changes, the exact requests, and the same as curl and PowerShell.
#[derive(Clone, Debug, PartialEq)]
pub struct Review {
    pub plan: SavePlan,
    pub changes: Vec<Change>,
    pub requests: Vec<RequestPreview>,
    pub curl: String,
    pub powershell: String,
}

impl Review {
    /// The review of `plan`, which saves `edited` over `loaded` to configuration `id` of the
    /// Graph at `base_url`.
    pub fn new(plan: SavePlan, loaded: &Draft, edited: &Draft, base_url: &str, id: &str) -> Review {
        let changes = changes(loaded, edited);
        let requests = requests(&plan, base_url, id);
        let joined = |each: fn(&RequestPreview) -> String| requests.iter().map(each).collect::<Vec<_>>().join("\n\n");
        let (curl, powershell) = (joined(RequestPreview::curl), joined(RequestPreview::powershell));
        Review { plan, changes, requests, curl, powershell }
    }
}

/// One changed property: its Graph name and what changes, a line each.
#[derive(Clone, Debug, PartialEq)]
pub struct Change {
    pub property: Property,
    pub lines: Vec<String>,
    /// A payload's texts, before and after: where a line's path is read again (what policy the
    /// entry at `/settings/3` sets, for `/settings/3/value: 2 → 4`).
    pub texts: Option<(Rc<str>, Rc<str>)>,
}

fn quoted(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

fn old_new(old: &str, new: &str) -> String {
    format!("{} → {}", quoted(old), quoted(new))
}

/// A number as typed; an empty one reads "(none)".
fn number_old_new(old: &str, new: &str) -> String {
    let shown = |t: &str| if t.trim().is_empty() { "(none)".to_string() } else { t.trim().to_string() };
    format!("{} → {}", shown(old), shown(new))
}

/// Every change the save makes, property by property, in the order of the form.
pub fn changes(loaded: &Draft, edited: &Draft) -> Vec<Change> {
    let mut out = Vec::new();
    let mut scalar = |field: Field, line: fn(&str, &str) -> String| {
        if is_dirty(loaded, edited, field) {
            let lines = vec![line(loaded.get(field), edited.get(field))];
            out.push(Change { property: field.property(), lines, texts: None });
        }
    };
    scalar(Field::DisplayName, old_new);
    scalar(Field::Description, old_new);
    scalar(Field::Priority, number_old_new);
    for field in [Field::PolicyPayload, Field::UserPreferencePayload] {
        if is_dirty(loaded, edited, field) {
            let lines = match payload_diff(loaded.get(field), edited.get(field)) {
                Some(lines) => lines.iter().map(ToString::to_string).collect(),
                None => vec!["The whole payload is replaced (what was loaded is not JSON).".to_string()],
            };
            let texts = loaded.shared(field).zip(edited.shared(field));
            out.push(Change { property: field.property(), lines, texts });
        }
    }
    let groups = |d: &Draft| d.assignments.iter().map(|a| a.group_id.trim().to_ascii_lowercase()).collect::<Vec<_>>();
    let (before, after) = (groups(loaded), groups(edited));
    let mut lines: Vec<String> =
        after.iter().filter(|g| !before.contains(g)).map(|g| format!("added group {g}")).collect();
    lines.extend(before.iter().filter(|g| !after.contains(g)).map(|g| format!("removed group {g}")));
    if !lines.is_empty() {
        out.push(Change { property: Property::Assignments, lines, texts: None });
    }
    let counts = [(Field::SucceededUserCount, "succeededUserCount"), (Field::FailedUserCount, "failedUserCount")];
    let lines: Vec<String> = counts
        .iter()
        .filter(|(f, _)| is_dirty(loaded, edited, *f))
        .map(|(f, name)| format!("{name}: {}", number_old_new(loaded.get(*f), edited.get(*f))))
        .collect();
    if !lines.is_empty() {
        out.push(Change { property: Property::UserCheckinSummary, lines, texts: None });
    }
    let lines = checkin_lines(loaded, edited);
    if !lines.is_empty() {
        out.push(Change { property: Property::CheckinStatuses, lines, texts: None });
    }
    out
}

/// Check-in rows added, removed and changed (cell by cell), numbered from 1 as in the table.
fn checkin_lines(loaded: &Draft, edited: &Draft) -> Vec<String> {
    let (old, new) = (&loaded.checkin_statuses, &edited.checkin_statuses);
    let mut lines = Vec::new();
    for (i, (a, b)) in old.iter().zip(new).enumerate() {
        for cell in CheckinField::ALL.into_iter().filter(|c| a.get(*c) != b.get(*c)) {
            lines.push(format!("row {}: {} {}", i + 1, cell.property(), old_new(a.get(cell), b.get(cell))));
        }
    }
    lines.extend((old.len()..new.len()).map(|i| format!("row {} added", i + 1)));
    lines.extend((new.len()..old.len()).map(|i| format!("row {} removed", i + 1)));
    lines
}

/// One request as it will be sent, the token redacted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestPreview {
    pub method: Method,
    pub url: String,
    /// In sending order; `Authorization` reads [`REDACTED`]. `client-request-id` is left out: a
    /// new one is made for each attempt.
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
}

/// The requests a save plan sends, in order: the PATCH (with `If-Match` when there is an ETag),
/// payloads `PUT` to their own URLs (when Graph takes them only so), then the `assign`. Their bodies are the bytes `GraphClient::save` sends.
pub fn requests(plan: &SavePlan, base_url: &str, id: &str) -> Vec<RequestPreview> {
    let mut out = Vec::new();
    let mut add = |method: Method, url: String, body: String, if_match: Option<&str>, media: Media| {
        let built = request::build(method, url, "", "", Some(body), media);
        let mut headers: Vec<(String, String)> = built
            .headers
            .iter()
            .filter(|(name, _)| *name != "client-request-id")
            .map(|(name, value)| {
                let value =
                    if name.eq_ignore_ascii_case("authorization") { REDACTED.to_string() } else { value.clone() };
                (name.to_string(), value)
            })
            .collect();
        if let Some(etag) = if_match {
            headers.push(("If-Match".into(), etag.to_string()));
        }
        out.push(RequestPreview { method: built.method, url: built.url, headers, body: built.body });
    };
    if let Some(body) = plan.patch_text() {
        add(Method::Patch, request::entity_url(base_url, id), body, plan.if_match.as_deref(), Media::Json);
    }
    for (stream, text) in &plan.streams {
        add(Method::Put, request::stream_url(base_url, id, *stream), text.clone(), None, Media::Bytes);
    }
    if let Some(body) = plan.assign_text() {
        add(Method::Post, request::assign_url(base_url, id), body, None, Media::Json);
    }
    out
}

/// A POSIX shell word holding `text` exactly.
fn sh_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A PowerShell verbatim string holding `text` exactly (PowerShell also reads the typographic
/// single quotes as quotes, so they are doubled too).
fn ps_quote(text: &str) -> String {
    let mut out = String::from("'");
    for c in text.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

impl RequestPreview {
    /// The request as curl; the token comes from `$TOKEN`.
    pub fn curl(&self) -> String {
        let mut out = format!("curl -X {} {}", self.method.as_str(), sh_quote(&self.url));
        for (name, value) in &self.headers {
            if name.eq_ignore_ascii_case("authorization") {
                out.push_str(" \\\n  -H \"Authorization: Bearer $TOKEN\"");
            } else {
                out.push_str(&format!(" \\\n  -H {}", sh_quote(&format!("{name}: {value}"))));
            }
        }
        if let Some(body) = &self.body {
            out.push_str(&format!(" \\\n  --data-raw {}", sh_quote(body)));
        }
        out
    }

    /// The request as Microsoft Graph PowerShell (`Invoke-MgGraphRequest`); the token comes
    /// from `$env:TOKEN`.
    pub fn powershell(&self) -> String {
        let mut out = String::from(
            "Connect-MgGraph -AccessToken (ConvertTo-SecureString $env:TOKEN -AsPlainText -Force) -NoWelcome\n",
        );
        out.push_str(&format!("Invoke-MgGraphRequest -Method {} -Uri {}", self.method.as_str(), ps_quote(&self.url)));
        let extra: Vec<String> = self
            .headers
            .iter()
            .filter(|(name, _)| {
                !["authorization", "accept", "content-type"].contains(&name.to_ascii_lowercase().as_str())
            })
            .map(|(name, value)| format!("{} = {}", ps_quote(name), ps_quote(value)))
            .collect();
        if !extra.is_empty() {
            out.push_str(&format!(" -Headers @{{ {} }}", extra.join("; ")));
        }
        if let Some(body) = &self.body {
            let media = self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case("content-type"));
            let media = media.map_or("application/json", |(_, v)| v.as_str());
            out.push_str(&format!(" -ContentType {} -Body {}", ps_quote(media), ps_quote(body)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rules::patch;
    use crate::core::wire::model::Configuration;

    fn loaded() -> Draft {
        let entity = Configuration::from_value(serde_json::json!({
            "id": "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9", "displayName": "Baseline", "priority": 1,
            "policyPayload": crate::core::wire::stream::encode(r#"{"word":{"vbaWarnings":"disable","trust":[1,2]},"old":true}"#),
            "assignments": [{"id": "a", "target": {"groupId": "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"}}],
            "checkinStatuses": [{"userId": "7c1e6a7b-3f0d-4e2a-9b8c-1d2e3f4a5b6c", "deviceName": "PC-1", "wasSuccessful": true}]
        }))
        .unwrap();
        Draft::from_entity(&entity).0
    }

    #[test]
    fn a_payload_diff_names_each_path() {
        let lines = payload_diff(
            r#"{"word":{"vbaWarnings":"disable","trust":[1,2]},"old":true}"#,
            r#"{"word":{"vbaWarnings":"enable","trust":[1]},"new":{"a":1}}"#,
        )
        .unwrap();
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        for expected in [
            r#"/word/vbaWarnings: "disable" → "enable""#,
            "/word/trust/1: removed 2",
            "/old: removed true",
            r#"/new: added {"a":1}"#,
        ] {
            assert!(text.iter().any(|l| l == expected), "{expected} in {text:#?}");
        }
        assert_eq!(text.len(), 4, "{text:#?}");
        assert_eq!(payload_diff("{}", "{ }").unwrap(), [], "formatting is no change");
        assert_eq!(payload_diff("{", "{}"), None, "not JSON: the whole payload is replaced");
        assert_eq!(payload_diff(r#"{"a/b~":1}"#, r#"{"a/b~":2}"#).unwrap()[0].path, "/a~1b~0", "RFC 6901 escapes");
    }

    #[test]
    fn numbers_compare_by_every_digit_and_strings_by_what_they_say() {
        let old = r#"{"n":12345678901234567890123,"s":"\u00e9","x":[1.50]}"#;
        assert_eq!(payload_diff(old, r#"{"s":"é","n":12345678901234567890123,"x":[1.50]}"#).unwrap(), []);
        let lines = payload_diff(old, r#"{"n":12345678901234567890124,"s":"\u00e8","x":[1.5]}"#).unwrap();
        let text: Vec<String> = lines.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["/n: 12345678901234567890123 → 12345678901234567890124", r#"/s: "é" → "è""#, "/x/0: 1.50 → 1.5"]
        );
        let added = payload_diff("{}", r#"{"big": {"n": 98765432109876543210987}}"#).unwrap();
        assert_eq!(added[0].to_string(), r#"/big: added {"n":98765432109876543210987}"#, "added as written");
    }

    #[test]
    fn a_hostile_payload_is_replaced_whole_not_a_panic() {
        // About 400 bytes a co-admin can save through Graph: deeper than serde_json builds.
        let deep = format!("{{\"x\":{}{}}}", "[".repeat(200), "]".repeat(200));
        let lone = r#"{"x":"\ud800"}"#;
        for hostile in [deep.as_str(), lone] {
            assert_eq!(payload_diff(r#"{"x":1}"#, hostile), None, "{hostile}");
            assert_eq!(payload_diff(hostile, r#"{"x":1}"#), None, "{hostile}");
        }
    }

    #[test]
    fn changes_list_each_property_old_to_new() {
        let before = loaded();
        let mut after = before.clone();
        after.display_name = "It's \"new\"".into();
        after.priority = "2".into();
        after.policy_payload = r#"{"word":{"vbaWarnings":"enable","trust":[1,2]},"old":true}"#.into();
        after.assignments[0].group_id = "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808".into();
        after.checkin_statuses[0].cells.insert(CheckinField::DeviceName, "PC-2".into());
        after.checkin_statuses.push(crate::core::rules::draft::CheckinDraft::blank());
        let changes = changes(&before, &after);
        let flat: Vec<(Property, Vec<&str>)> =
            changes.iter().map(|c| (c.property, c.lines.iter().map(String::as_str).collect())).collect();
        assert_eq!(
            flat,
            [
                (Property::DisplayName, vec![r#""Baseline" → "It's \"new\"""#]),
                (Property::Priority, vec!["1 → 2"]),
                (Property::PolicyPayload, vec![r#"/word/vbaWarnings: "disable" → "enable""#]),
                (
                    Property::Assignments,
                    vec![
                        "added group 0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808",
                        "removed group 5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"
                    ]
                ),
                (Property::CheckinStatuses, vec![r#"row 1: deviceName "PC-1" → "PC-2""#, "row 2 added"]),
            ]
        );
        assert!(super::changes(&before, &before).is_empty());
    }

    #[test]
    fn the_preview_is_the_requests_a_save_sends() {
        let before = loaded();
        let mut after = before.clone();
        after.description = "x".into();
        after.assignments.clear();
        let mut plan = patch::plan(&before, &after, "#microsoft.graph.windowsOfficeClientConfiguration");
        plan.if_match = Some("W/\"7\"".into());
        let previews = requests(&plan, "https://graph.microsoft.com/beta", "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9");
        assert_eq!(previews.len(), 2);
        let patch = &previews[0];
        assert_eq!(patch.method, Method::Patch);
        assert_eq!(
            patch.url,
            "https://graph.microsoft.com/beta/officeConfiguration/clientConfigurations/f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9"
        );
        let headers: Vec<(&str, &str)> = patch.headers.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
        assert_eq!(
            headers,
            [
                ("Authorization", REDACTED),
                ("Accept", "application/json"),
                ("Content-Type", "application/json"),
                ("If-Match", "W/\"7\"")
            ]
        );
        assert_eq!(patch.body, plan.patch_text(), "the same bytes the client sends");
        assert_eq!(previews[1].method, Method::Post);
        assert!(previews[1].url.ends_with("/assign"));
        assert_eq!(previews[1].body.as_deref(), Some(r#"{"officeConfigurationAssignments":[]}"#));
        assert!(requests(&patch::plan(&before, &before, "#t"), "https://g/beta", "x").is_empty());
    }

    #[test]
    fn snippets_quote_every_character_exactly() {
        let tricky = "It's \"$HOME\"\nand ‘curly’ `tick` \\";
        let preview = RequestPreview {
            method: Method::Patch,
            url: "https://graph.microsoft.com/beta/x".into(),
            headers: vec![("Authorization".into(), REDACTED.into()), ("If-Match".into(), "W/\"7\"".into())],
            body: Some(serde_json::json!({ "displayName": tricky }).to_string()),
        };
        let body = preview.body.clone().unwrap();
        assert_eq!(
            preview.curl(),
            format!(
                "curl -X PATCH 'https://graph.microsoft.com/beta/x' \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -H 'If-Match: W/\"7\"' \\\n  --data-raw '{}'",
                body.replace('\'', r"'\''")
            )
        );
        assert!(preview.curl().contains(r#"It'\''s \"$HOME\"\nand"#), "the shell sees the JSON text as is");
        let ps = preview.powershell();
        assert!(ps.starts_with("Connect-MgGraph -AccessToken (ConvertTo-SecureString $env:TOKEN"));
        assert!(ps.contains("Invoke-MgGraphRequest -Method PATCH -Uri 'https://graph.microsoft.com/beta/x'"));
        assert!(ps.contains(r#"-Headers @{ 'If-Match' = 'W/"7"' }"#), "{ps}");
        assert!(ps.contains(r#"-Body '{"displayName":"It''s \"$HOME\"\nand ‘‘curly’’ `tick` \\"}'"#), "{ps}");
        assert!(
            !preview.curl().contains("redacted") && !ps.contains("redacted"),
            "the snippets take the token from the environment"
        );
        // A payload PUT raw (a Graph that refuses it inline): its own quotes, dollars and
        // newlines reach the shell unchanged.
        let payload = "{\n  \"note\": \"it's $5 \\\"off\\\"\"\n}";
        let put = RequestPreview {
            method: Method::Put,
            url: "https://g/x/policyPayload".into(),
            headers: vec![],
            body: Some(payload.into()),
        };
        assert_eq!(
            put.curl(),
            format!("curl -X PUT 'https://g/x/policyPayload' \\\n  --data-raw '{}'", payload.replace('\'', r"'\''"))
        );
        assert!(put.curl().contains("it'\\''s $5"), "{}", put.curl());
        assert!(
            put.powershell().ends_with(&format!("-Body '{}'", payload.replace('\'', "''"))),
            "{}",
            put.powershell()
        );
        // A raw newline inside a quoted word stays inside it, in both shells.
        assert_eq!(sh_quote("a\nb'c"), "'a\nb'\\''c'");
        assert_eq!(ps_quote("a\nb'c"), "'a\nb''c'");
    }
}
