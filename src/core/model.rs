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
/// `@odata.type` of the check-in summary complex type.
pub const CHECKIN_SUMMARY_TYPE: &str = "microsoft.graph.officeUserCheckinSummary";
/// `@odata.type` of one check-in status row.
pub const CHECKIN_STATUS_TYPE: &str = "microsoft.graph.officeClientCheckinStatus";
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub applied_policies: Option<Vec<String>>,
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
    /// The property a Stream is.
    pub fn of_stream(stream: Stream) -> Property {
        match stream {
            Stream::Policy => Property::PolicyPayload,
            Stream::UserPreference => Property::UserPreferencePayload,
        }
    }

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

/// The two Edm.Stream properties of the resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stream {
    Policy,
    UserPreference,
}

impl Stream {
    pub const ALL: [Stream; 2] = [Stream::Policy, Stream::UserPreference];

    /// The Graph property name, which is also the last segment of the stream's own URL.
    pub fn property(self) -> &'static str {
        match self {
            Stream::Policy => "policyPayload",
            Stream::UserPreference => "userPreferencePayload",
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
    pub fn missing_streams(&self) -> Vec<Stream> {
        Stream::ALL.into_iter().filter(|s| self.stream(*s).is_none()).collect()
    }

    /// The raw value of a Stream property, as Graph sent it.
    pub fn stream(&self, stream: Stream) -> Option<&Value> {
        match stream {
            Stream::Policy => self.policy_payload.as_ref(),
            Stream::UserPreference => self.user_preference_payload.as_ref(),
        }
    }

    /// Fills a Stream property with the raw bytes read from its own URL (as UTF-8 text),
    /// stored the way an inline value would be: base64.
    pub fn set_stream(&mut self, stream: Stream, raw: &str) {
        let value = if raw.is_empty() { Value::Null } else { Value::String(crate::core::stream::encode(raw)) };
        match stream {
            Stream::Policy => self.policy_payload = Some(value),
            Stream::UserPreference => self.user_preference_payload = Some(value),
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

    pub(crate) const SEED_RESPONSE: &str = include_str!("../../tests/fixtures/seed-response.json");

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
        assert_eq!(row.applied_policies.as_deref(), Some(&["Applied Policies value".to_string()][..]));
        assert!(c.extra.is_empty(), "every documented property is modelled: {:?}", c.extra);
        // Nothing is lost on the way back out.
        let original: Value = serde_json::from_str(SEED_RESPONSE).unwrap();
        assert_eq!(serde_json::to_value(&c).unwrap(), original);
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
        assert_eq!(c.missing_streams(), vec![Stream::Policy]);
        c.set_stream(Stream::Policy, "{\"a\":1}");
        assert_eq!(c.policy_payload, Some(Value::from("eyJhIjoxfQ==")));
        assert!(c.missing_streams().is_empty());
        c.set_stream(Stream::UserPreference, "");
        assert_eq!(c.user_preference_payload, Some(Value::Null));
    }

    #[test]
    fn unreadable_entities_say_where() {
        let err = Configuration::from_json("{\n  \"displayName\": 5\n}").unwrap_err();
        assert_eq!((err.line, err.column), (2, 18));
        let err = Configuration::from_json("<html>").unwrap_err();
        assert_eq!(err.line, 1);
    }
}
