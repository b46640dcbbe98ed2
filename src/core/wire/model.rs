//! The `windowsOfficeClientSecurityConfiguration` resource as Graph sends it.
//!
//! Reading is tolerant and lossless: every property is optional, payloads stay as the raw JSON
//! value Graph sent (base64 text, inline JSON, `null`), and any property this editor does not
//! know — including `@odata` annotations such as `policyPayload@odata.mediaReadLink` — is kept in
//! `extra` and written back unchanged by `serde_json::to_value`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// `@odata.type` of the resource this editor edits.
pub const CONFIGURATION_TYPE: &str = "#microsoft.graph.windowsOfficeClientSecurityConfiguration";
/// `@odata.type` of the check-in summary complex type. OData's JSON format (and the SDKs) write
/// type names with `#`; the seed page's example writes them without, and reading takes both.
pub const CHECKIN_SUMMARY_TYPE: &str = "#microsoft.graph.officeUserCheckinSummary";
/// `@odata.type` of one check-in status row.
pub const CHECKIN_STATUS_TYPE: &str = "#microsoft.graph.officeClientCheckinStatus";
/// `@odata.type` of the one documented assignment target.
pub const GROUP_TARGET_TYPE: &str = "#microsoft.graph.officeConfigurationGroupAssignmentTarget";

/// One Office client configuration, as read from or written to Graph.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Configuration {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Kept as a JSON value: Graph says Int32, but a tolerant reader must not refuse the entity
    /// over a number out of range. Validation lives in `validate`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub priority: Option<Value>,
    /// Edm.Stream: base64 text, inline JSON, or `null` — decoded by `stream`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub policy_payload: Option<Value>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub user_preference_payload: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_modified_date_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignments: Option<Vec<Assignment>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_checkin_summary: Option<CheckinSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkin_statuses: Option<Vec<CheckinStatus>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `officeClientConfigurationAssignment`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<AssignmentTarget>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `officeConfigurationAssignmentTarget`; the group target is the one documented subtype.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AssignmentTarget {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `officeUserCheckinSummary`. Counts stay JSON values for the same reason as `priority`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckinSummary {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub succeeded_user_count: Option<Value>,
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub failed_user_count: Option<Value>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// `officeConfiguration`: the tenant's singleton, as far as the editor reads it (its check-in
/// health; `clientConfigurations` is the collection read on its own).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct OfficeConfiguration {
    #[serde(default)]
    pub tenant_user_checkin_summary: Option<CheckinSummary>,
    #[serde(default)]
    pub tenant_checkin_statuses: Option<Vec<CheckinStatus>>,
}

impl OfficeConfiguration {
    /// Users whose last check-in succeeded, and failed; `None` where Graph sent no number.
    pub fn users(&self) -> (Option<i64>, Option<i64>) {
        let count = |v: Option<&Value>| v.and_then(Value::as_i64);
        let summary = self.tenant_user_checkin_summary.as_ref();
        (
            count(summary.and_then(|s| s.succeeded_user_count.as_ref())),
            count(summary.and_then(|s| s.failed_user_count.as_ref())),
        )
    }
}

/// The top-level properties of a JSON object, in order, each as its raw text.
struct Entries<'a>(Vec<(String, &'a serde_json::value::RawValue)>);

impl<'de: 'a, 'a> Deserialize<'de> for Entries<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> serde::de::Visitor<'de> for Visit<'a> {
            type Value = Entries<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<Entries<'a>, M::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Visit(std::marker::PhantomData))
    }
}

/// The check-in rows of an entity read by [`Configuration::from_json_deferring_rows`], read a
/// slice at a time.
#[derive(Debug)]
pub struct DeferredRows {
    /// The array's text, from `[` to `]`.
    text: String,
    /// The next row's byte offset in `text`.
    pos: usize,
    done: bool,
    rows: Vec<CheckinStatus>,
    /// Where `text` starts in the entity's text (1-based line, 0-based column).
    line: usize,
    column: usize,
}

impl DeferredRows {
    /// Reads up to `n` more rows; `true` once every row is read.
    pub fn read(&mut self, n: usize) -> Result<bool, EntityError> {
        let skip_whitespace = |text: &str, pos: &mut usize| {
            *pos += text[*pos..].len() - text[*pos..].trim_start().len();
        };
        for _ in 0..n {
            skip_whitespace(&self.text, &mut self.pos);
            if self.done || self.text[self.pos..].starts_with(']') {
                self.done = true;
                return Ok(true);
            }
            let mut stream = serde_json::Deserializer::from_str(&self.text[self.pos..]).into_iter::<CheckinStatus>();
            match stream.next() {
                Some(Ok(row)) => self.rows.push(row),
                Some(Err(e)) => return Err(self.error_at(self.pos, e)),
                None => return Err(self.error_at(self.pos, serde::de::Error::custom("a check-in row is missing"))),
            }
            self.pos += stream.byte_offset();
            skip_whitespace(&self.text, &mut self.pos);
            match self.text[self.pos..].chars().next() {
                Some(',') => self.pos += 1,
                Some(']') => {
                    self.done = true;
                    return Ok(true);
                }
                _ => return Err(self.error_at(self.pos, serde::de::Error::custom("expected `,` or `]`"))),
            }
        }
        Ok(false)
    }

    /// How many rows are read so far.
    pub fn count(&self) -> usize {
        self.rows.len()
    }

    /// Gives the entity its rows, once every row is read.
    pub fn finish(self, entity: &mut Configuration) {
        entity.checkin_statuses = Some(self.rows);
    }

    /// An error in the row at `pos`, with its line and column (1-based, as serde_json counts)
    /// in the entity's text.
    fn error_at(&self, pos: usize, e: serde_json::Error) -> EntityError {
        let row = &self.text[pos..];
        // The error's byte offset in the row, from serde_json's line and column there.
        let line_start: usize = row.split_inclusive('\n').take(e.line().saturating_sub(1)).map(str::len).sum();
        let at = (pos + line_start + e.column().saturating_sub(1)).min(self.text.len());
        let before = &self.text[..at];
        let (line, column) = match before.rfind('\n') {
            Some(newline) => (self.line + before.matches('\n').count(), at - newline),
            None => (self.line, self.column + at + 1),
        };
        let message = e.to_string();
        let message = message.rfind(" at line ").map_or(message.clone(), |i| message[..i].to_string());
        EntityError { line, column, message: format!("{message} at line {line} column {column}") }
    }
}

/// `officeClientCheckinStatus`: one user's check-in on one device.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckinStatus {
    #[serde(rename = "@odata.type", default, skip_serializing_if = "Option::is_none")]
    pub odata_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_principal_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_platform: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device_platform_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub was_successful: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkin_date_time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_message: Option<String>,
    /// `Collection(Edm.String)` whose entries may be `null` (the contract says so).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_policies: Option<Vec<Option<String>>>,
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// A property that is present is `Some`, even when it is `null`: only an absent property is
/// `None`. That keeps `null` through a round trip, and tells "no payload" from "not inlined".
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

/// Why an entity from Graph could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("Graph sent a configuration this editor cannot read (line {line}, column {column}): {message}")]
pub struct EntityError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl From<serde_json::Error> for EntityError {
    fn from(e: serde_json::Error) -> Self {
        EntityError { line: e.line(), column: e.column(), message: e.to_string() }
    }
}

/// A property a save writes, by name: what the PATCH body carries and what `assign` replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Property {
    UserPreferencePayload,
    PolicyPayload,
    Description,
    DisplayName,
    Priority,
    UserCheckinSummary,
    CheckinStatuses,
    Assignments,
}

impl Property {
    /// The two Edm.Stream properties; each name is also the last segment of its own URL.
    pub const STREAMS: [Property; 2] = [Property::PolicyPayload, Property::UserPreferencePayload];

    /// The Graph property name.
    pub fn name(self) -> &'static str {
        match self {
            Property::UserPreferencePayload => "userPreferencePayload",
            Property::PolicyPayload => "policyPayload",
            Property::Description => "description",
            Property::DisplayName => "displayName",
            Property::Priority => "priority",
            Property::UserCheckinSummary => "userCheckinSummary",
            Property::CheckinStatuses => "checkinStatuses",
            Property::Assignments => "assignments",
        }
    }
}

impl Configuration {
    /// Reads an entity body. Some documentation examples wrap the entity in `{"value": {...}}`;
    /// both shapes are accepted.
    pub fn from_json(text: &str) -> Result<Configuration, EntityError> {
        #[derive(Deserialize)]
        struct Wrapped {
            value: Configuration,
        }
        // One pass in the usual case: a wrapper reads as an entity with only a `value` property.
        // Parsing the text (not a `Value`) keeps line and column in type errors.
        let entity: Configuration = serde_json::from_str(text)?;
        if is_wrapped_map(&entity.extra)
            && entity == (Configuration { extra: entity.extra.clone(), ..Default::default() })
        {
            return Ok(serde_json::from_str::<Wrapped>(text)?.value);
        }
        Ok(entity)
    }

    /// Like [`Configuration::from_json`], but a big `checkinStatuses` array (a tenant's 50,000
    /// rows are megabytes) is left to [`DeferredRows`], to be read a slice at a time between
    /// other work: read at once, it would hold the page's one thread for a long task. Small ones,
    /// and every text `from_json` would refuse, go through `from_json` itself; what both read
    /// is the same entity (tested).
    pub fn from_json_deferring_rows(text: &str) -> Result<(Configuration, Option<DeferredRows>), EntityError> {
        const DEFER_OVER_BYTES: usize = 256 * 1024;
        if text.len() < DEFER_OVER_BYTES {
            return Ok((Configuration::from_json(text)?, None));
        }
        let Ok(Entries(entries)) = serde_json::from_str::<Entries>(text) else {
            return Ok((Configuration::from_json(text)?, None));
        };
        let rows = entries.iter().position(|(key, raw)| {
            key == "checkinStatuses" && raw.get().starts_with('[') && raw.get().len() >= DEFER_OVER_BYTES / 2
        });
        let Some(rows) = rows.filter(|_| !entries.iter().any(|(key, _)| key == "value")) else {
            return Ok((Configuration::from_json(text)?, None));
        };
        let mut rest = String::with_capacity(text.len() - entries[rows].1.get().len());
        rest.push('{');
        for (key, raw) in entries.iter().enumerate().filter(|(i, _)| *i != rows).map(|(_, entry)| entry) {
            if rest.len() > 1 {
                rest.push(',');
            }
            rest.push_str(&Value::String(key.clone()).to_string());
            rest.push(':');
            rest.push_str(raw.get());
        }
        rest.push('}');
        let entity = Configuration::from_json(&rest)?;
        let raw = entries[rows].1.get();
        // Where the array starts in `text`, so that an error in a row names its line and column there.
        let start = raw.as_ptr() as usize - text.as_ptr() as usize;
        let before = &text[..start];
        let line = before.matches('\n').count() + 1;
        let column = start - before.rfind('\n').map_or(0, |i| i + 1);
        Ok((entity, Some(DeferredRows { text: raw.to_string(), pos: 1, done: false, rows: Vec::new(), line, column })))
    }

    /// Reads an entity from an already parsed value (see [`Configuration::from_json`]).
    pub fn from_value(value: Value) -> Result<Configuration, EntityError> {
        let value = match value {
            Value::Object(mut map) if is_wrapped_map(&map) => map.remove("value").unwrap_or_default(),
            other => other,
        };
        Ok(serde_json::from_value(value)?)
    }

    /// The Stream properties this entity leaves out (for example when Graph gives only
    /// `policyPayload@odata.mediaReadLink`): they must be read from their own URL.
    pub fn missing_streams(&self) -> Vec<Property> {
        Property::STREAMS.into_iter().filter(|s| self.stream(*s).is_none()).collect()
    }

    /// The raw value of a Stream property, as Graph sent it (`None` for any other property).
    pub fn stream(&self, stream: Property) -> Option<&Value> {
        match stream {
            Property::PolicyPayload => self.policy_payload.as_ref(),
            Property::UserPreferencePayload => self.user_preference_payload.as_ref(),
            _ => None,
        }
    }

    /// Fills a Stream property with the raw bytes read from its own URL (as UTF-8 text),
    /// stored the way an inline value would be: base64.
    pub fn set_stream(&mut self, stream: Property, raw: &str) {
        let value = if raw.is_empty() { Value::Null } else { Value::String(crate::core::wire::stream::encode(raw)) };
        match stream {
            Property::PolicyPayload => self.policy_payload = Some(value),
            Property::UserPreferencePayload => self.user_preference_payload = Some(value),
            _ => {}
        }
    }

    /// The entity's version, when Graph gave one (`@odata.etag`, or the `ETag` header of the GET
    /// that read it, which the client stores there): every PATCH carries it as `If-Match`.
    pub fn etag(&self) -> Option<String> {
        self.extra.get("@odata.etag").and_then(Value::as_str).filter(|e| !e.is_empty()).map(str::to_string)
    }

    /// The display name, or the id when the name is missing, for lists and headings.
    pub fn title(&self) -> &str {
        self.display_name
            .as_deref()
            .filter(|n| !n.trim().is_empty())
            .or(self.id.as_deref())
            .unwrap_or("(unnamed configuration)")
    }
}

/// Whether `id` has the shape of a configuration id: a GUID (`8-4-4-4-12` hex digits). Anything
/// else — `.`, `..`, a path, a query — is refused before a request is built from it.
pub fn is_configuration_id(id: &str) -> bool {
    let groups: Vec<&str> = id.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

fn is_wrapped_map(map: &Map<String, Value>) -> bool {
    map.len() == 1 && map.get("value").is_some_and(Value::is_object)
}

/// One page of the collection.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
pub struct CollectionPage {
    #[serde(default)]
    pub value: Vec<Configuration>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
}

impl CollectionPage {
    pub fn from_json(text: &str) -> Result<CollectionPage, EntityError> {
        Ok(serde_json::from_str(text)?)
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) const SEED_RESPONSE: &str = include_str!("../../../tests/fixtures/seed-response.json");

    #[test]
    fn only_guids_are_configuration_ids() {
        let cases = [
            ("f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9", true),
            ("F90CA1A5-A1A5-F90C-A5A1-0CF9A5A10CF9", true),
            (".", false),
            ("..", false),
            ("", false),
            ("f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9/assign", false),
            ("f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9?$select=id", false),
            ("f90ca1a5a1a5f90ca5a10cf9a5a10cf9", false),
            ("g90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9", false),
            ("f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9-", false),
            ("%2e%2e", false),
        ];
        for (id, ok) in cases {
            assert_eq!(is_configuration_id(id), ok, "{id:?}");
        }
    }

    #[test]
    fn seed_example_response_parses_exactly() {
        let c = Configuration::from_json(SEED_RESPONSE).unwrap();
        assert_eq!(c.odata_type.as_deref(), Some(CONFIGURATION_TYPE));
        assert_eq!(c.id.as_deref(), Some("f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9"));
        assert_eq!(c.display_name.as_deref(), Some("Display Name value"));
        assert_eq!(c.description.as_deref(), Some("Description value"));
        assert_eq!(c.priority, Some(Value::from(8)));
        let summary = c.user_checkin_summary.as_ref().unwrap();
        assert_eq!(summary.succeeded_user_count, Some(Value::from(2)));
        assert_eq!(summary.failed_user_count, Some(Value::from(15)));
        let row = &c.checkin_statuses.as_ref().unwrap()[0];
        assert_eq!(row.was_successful, Some(true));
        assert_eq!(row.checkin_date_time.as_deref(), Some("2016-12-31T23:56:33.9571764-08:00"));
        assert_eq!(row.applied_policies.as_deref(), Some(&[Some("Applied Policies value".to_string())][..]));
        assert!(c.extra.is_empty(), "every documented property is modelled: {:?}", c.extra);
        // Nothing is lost on the way back out.
        let original: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), original);
    }

    #[test]
    fn every_nullable_check_in_property_reads_null_and_a_null_policy_survives() {
        // The contract (`core::wire::contract::CHECKIN_STATUS`) lets these be null, and a null inside
        // `appliedPolicies` too.
        let nullable: Vec<&str> =
            crate::core::wire::contract::CHECKIN_STATUS.iter().filter(|p| p.nullable).map(|p| p.name).collect();
        let mut row = serde_json::Map::new();
        for name in &nullable {
            row.insert(name.to_string(), Value::Null);
        }
        row.insert("wasSuccessful".into(), Value::Bool(false));
        row.insert("userId".into(), "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41".into());
        row.insert("checkinDateTime".into(), "2026-11-28T09:30:00Z".into());
        let text = serde_json::json!({"id": "a", "checkinStatuses": [row, {"userId": "u", "checkinDateTime": "t",
            "wasSuccessful": true, "appliedPolicies": [null, "Baseline", null]}]})
        .to_string();
        let c = Configuration::from_json(&text).unwrap();
        let rows = c.checkin_statuses.as_ref().unwrap();
        assert_eq!(rows[0].device_name, None);
        assert_eq!(rows[1].applied_policies, Some(vec![None, Some("Baseline".into()), None]));
        let again = serde_json::to_value(&c).unwrap();
        assert_eq!(again["checkinStatuses"][1]["appliedPolicies"], serde_json::json!([null, "Baseline", null]));
        let draft = crate::core::rules::draft::CheckinDraft::from_status(&rows[1]);
        assert_eq!(draft.get(crate::core::rules::draft::CheckinField::AppliedPolicies), "Baseline");
    }

    #[test]
    fn type_names_are_read_with_or_without_the_hash_and_written_with_it() {
        for summary_type in ["microsoft.graph.officeUserCheckinSummary", "#microsoft.graph.officeUserCheckinSummary"] {
            let text = format!(r#"{{"userCheckinSummary":{{"@odata.type":"{summary_type}","succeededUserCount":3}}}}"#);
            let c = Configuration::from_json(&text).unwrap();
            let summary = c.user_checkin_summary.unwrap();
            assert_eq!(summary.succeeded_user_count, Some(Value::from(3)), "{summary_type}");
        }
        for written in [CHECKIN_SUMMARY_TYPE, CHECKIN_STATUS_TYPE, CONFIGURATION_TYPE, GROUP_TARGET_TYPE] {
            assert!(written.starts_with("#microsoft.graph."), "{written}");
        }
    }

    #[test]
    fn unknown_properties_survive_a_round_trip() {
        let text = r##"{"id":"a","displayName":"x","futureFlag":{"on":true},"priority":null,"policyPayload":null,
            "policyPayload@odata.mediaReadLink":"https://g/x/policyPayload",
            "assignments":[{"id":"as1","intent":"apply","target":{"@odata.type":"#t","groupId":"g","deviceAndAppManagementAssignmentFilterId":"f"}}],
            "userCheckinSummary":{"succeededUserCount":1,"failedUserCount":0,"windowDays":90},
            "checkinStatuses":[{"deviceName":"d","osBuild":"19045"}]}"##;
        let c = Configuration::from_json(text).unwrap();
        assert_eq!(c.extra["futureFlag"], serde_json::json!({"on": true}));
        let back = serde_json::to_value(&c).unwrap();
        assert_eq!(back, serde_json::from_str::<Value>(text).unwrap());
    }

    #[test]
    fn value_wrapper_and_collections_are_read() {
        let cases: &[(&str, Option<&str>)] = &[
            (r#"{"value":{"id":"wrapped"}}"#, Some("wrapped")),
            (r#"{"id":"plain"}"#, Some("plain")),
            (r#"{"value":"not-an-entity"}"#, None),
        ];
        for (text, id) in cases {
            let c = Configuration::from_json(text).unwrap();
            assert_eq!(c.id.as_deref(), *id, "{text}");
        }
        let page =
            CollectionPage::from_json(r#"{"value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"https://n"}"#).unwrap();
        assert_eq!(page.value.len(), 2);
        assert_eq!(page.next_link.as_deref(), Some("https://n"));
    }

    #[test]
    fn streams_left_out_of_the_entity_are_named_and_filled() {
        let mut c = Configuration::from_json(
            r#"{"id":"x","policyPayload@odata.mediaReadLink":"https://g/x/policyPayload","userPreferencePayload":null}"#,
        )
        .unwrap();
        assert_eq!(c.missing_streams(), vec![Property::PolicyPayload]);
        c.set_stream(Property::PolicyPayload, "{\"a\":1}");
        assert_eq!(c.policy_payload, Some(Value::from("eyJhIjoxfQ==")));
        assert!(c.missing_streams().is_empty());
        c.set_stream(Property::UserPreferencePayload, "");
        assert_eq!(c.user_preference_payload, Some(Value::Null));
    }

    #[test]
    fn unreadable_entities_say_where() {
        let err = Configuration::from_json("{\n  \"displayName\": 5\n}").unwrap_err();
        assert_eq!((err.line, err.column), (2, 18));
        let err = Configuration::from_json("<html>").unwrap_err();
        assert_eq!(err.line, 1);
    }

    /// A GET of a configuration with `rows` check-in rows, and one property this editor does not
    /// know on each row and on the entity.
    fn big_entity(rows: usize, pretty: bool) -> String {
        let rows: Vec<Value> = (0..rows)
            .map(|i| {
                serde_json::json!({"@odata.type": CHECKIN_STATUS_TYPE, "userPrincipalName": format!("user{i:05}@contoso.com"),
                    "deviceName": format!("PC-{i:05} \"ünïcode\" \\ {{[,]}}"), "wasSuccessful": i % 7 != 0,
                    "checkinDateTime": "2026-11-01T00:00:00Z", "appliedPolicies": ["Finance", "a/b"], "futureField": {"x": [i]}})
            })
            .collect();
        let entity = serde_json::json!({"@odata.context": "x", "id": "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68",
            "displayName": "Finance", "priority": 1, "checkinStatuses": rows, "policyPayload": "eyJ9",
            "user\"Odd/Key": true, "userCheckinSummary": {"succeededUserCount": 1, "failedUserCount": 2}});
        if pretty {
            serde_json::to_string_pretty(&entity).unwrap()
        } else {
            entity.to_string()
        }
    }

    fn read_deferred(text: &str, chunk: usize) -> Result<(Configuration, bool), EntityError> {
        let (mut entity, rows) = Configuration::from_json_deferring_rows(text)?;
        let deferred = rows.is_some();
        if let Some(mut rows) = rows {
            while !rows.read(chunk)? {}
            rows.finish(&mut entity);
        }
        Ok((entity, deferred))
    }

    #[test]
    fn rows_read_a_slice_at_a_time_make_the_same_entity_as_one_read() {
        for (rows, pretty, deferred) in [(3000, false, true), (3000, true, true), (10, false, false), (0, true, false)]
        {
            let text = big_entity(rows, pretty);
            for chunk in [1, 7, 1000, 5000] {
                let (entity, was_deferred) = read_deferred(&text, chunk).unwrap();
                assert_eq!(was_deferred, deferred, "{rows} rows, pretty {pretty}");
                assert_eq!(
                    entity,
                    Configuration::from_json(&text).unwrap(),
                    "{rows} rows, pretty {pretty}, chunk {chunk}"
                );
                assert_eq!(entity.checkin_statuses.as_ref().map(Vec::len), Some(rows));
            }
        }
        // A wrapped entity, and rows that are null, are read at once.
        let wrapped = format!("{{\"value\": {}}}", big_entity(3000, false));
        assert_eq!(read_deferred(&wrapped, 100).unwrap(), (Configuration::from_json(&wrapped).unwrap(), false));
        let padding = "x".repeat(300_000);
        let null_rows = format!("{{\"description\": \"{padding}\", \"checkinStatuses\": null}}");
        assert!(!read_deferred(&null_rows, 100).unwrap().1, "null rows are read at once");
    }

    #[test]
    fn a_bad_row_read_later_is_refused_where_one_read_refuses_it() {
        for pretty in [false, true] {
            let text = big_entity(3000, pretty).replacen("\"wasSuccessful\": false", "\"wasSuccessful\": \"no\"", 1);
            let text = text.replacen("\"wasSuccessful\":false", "\"wasSuccessful\":\"no\"", 1);
            let at_once = Configuration::from_json(&text).unwrap_err();
            let later = read_deferred(&text, 500).unwrap_err();
            assert_eq!((later.line, later.column), (at_once.line, at_once.column), "pretty {pretty}");
            assert_eq!(later.message, at_once.message);
        }
        let text = big_entity(3000, false);
        let broken = &text[..text.len() - 200];
        assert!(read_deferred(broken, 500).is_err(), "a cut-off text is refused, at once");
    }
}
