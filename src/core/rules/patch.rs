//! The minimal save: what to send so Graph ends up holding exactly the admin's edits.
//!
//! The PATCH body carries `@odata.type` and only the properties that changed, in the order of
//! the documented example. A changed payload is sent as base64 of the text exactly as typed; an
//! unchanged one (whitespace-only edits included) is not sent. Assignments are a navigation
//! property, so a change to them becomes an `assign` body, which replaces all targets.
//! Nothing here validates: `validate` gates the save before a plan is made.

use crate::core::rules::draft::{CheckinDraft, CheckinField, Draft, Field};
use crate::core::rules::validate::{is_dirty, parse_int32};
use crate::core::wire::body;
use crate::core::wire::model::{Assignment, Configuration, Property};
use crate::core::wire::response::GraphError;
use crate::core::wire::stream;
use serde_json::{Map, Value};

/// The steps of one Save, in order: the PATCH, the `assign`, then reading the result back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveStep {
    Patch,
    Assign,
    ReadBack,
}

/// What a save that got at least partly through brings back. A save that saved nothing is a
/// plain `Err(GraphError)`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SaveResult {
    /// The configuration as Graph now holds it (from the PATCH response, or re-read); `None`
    /// when the step that would have read it failed.
    pub entity: Option<Configuration>,
    /// The assignments the `assign` action returned, when it ran.
    pub assignments: Option<Vec<Assignment>>,
    /// The properties the PATCH saved (empty when no PATCH was sent).
    pub patched: Vec<Property>,
    /// Whether the `assign` ran and succeeded.
    pub assigned: bool,
    /// The step that failed after something was saved.
    pub failure: Option<(SaveStep, GraphError)>,
}

/// What one Save sends.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavePlan {
    /// The PATCH body, when any property changed.
    pub patch: Option<Map<String, Value>>,
    /// The `assign` body, when the group targets changed.
    pub assign: Option<body::Body<body::Groups>>,
    /// The ETag the PATCH must match (`If-Match`), when Graph gave one.
    pub if_match: Option<String>,
    /// The properties the PATCH body carries, in its order.
    pub properties: Vec<Property>,
    /// Payloads written with `PUT` to their own stream URL (raw JSON text) instead of inline in
    /// the PATCH, for a Graph that refuses them inline.
    pub streams: Vec<(Property, String)>,
}

impl SavePlan {
    pub fn is_empty(&self) -> bool {
        self.patch.is_none() && self.assign.is_none() && self.streams.is_empty()
    }

    /// The same save with the payloads moved out of the PATCH into `PUT`s of their own.
    pub fn with_streams_separately(mut self, edited: &Draft) -> SavePlan {
        let Some(body) = self.patch.as_mut() else { return self };
        for field in [Field::UserPreferencePayload, Field::PolicyPayload] {
            let property = field.property();
            if body.shift_remove(property.name()).is_some() {
                self.properties.retain(|p| *p != property);
                self.streams.push((property, edited.get(field).to_string()));
            }
        }
        if body::is_type_only(body) {
            self.patch = None;
        }
        self
    }

    /// Whether a payload travels inline in the PATCH.
    pub fn has_inline_streams(&self) -> bool {
        self.patch.as_ref().is_some_and(|b| Property::STREAMS.iter().any(|s| b.contains_key(s.name())))
    }

    /// The PATCH body as sent, byte for byte.
    pub fn patch_text(&self) -> Option<String> {
        self.patch.as_ref().map(|body| Value::Object(body.clone()).to_string())
    }

    /// The `assign` body as sent, byte for byte.
    pub fn assign_text(&self) -> Option<String> {
        self.assign.as_ref().map(body::Body::text)
    }
}

fn int_or_text(raw: &str) -> Value {
    parse_int32(raw).map_or_else(|_| Value::String(raw.to_string()), Value::from)
}

/// The properties the admin changed, in the order of the documented example (PATCH body order),
/// then `Assignments`. Cheap: no body is built and nothing is encoded.
pub fn changed(loaded: &Draft, edited: &Draft) -> Vec<Property> {
    let dirty = |field| is_dirty(loaded, edited, field);
    [
        (Property::UserPreferencePayload, dirty(Field::UserPreferencePayload)),
        (Property::PolicyPayload, dirty(Field::PolicyPayload)),
        (Property::Description, dirty(Field::Description)),
        (Property::DisplayName, dirty(Field::DisplayName)),
        (Property::Priority, dirty(Field::Priority)),
        (Property::UserCheckinSummary, dirty(Field::SucceededUserCount) || dirty(Field::FailedUserCount)),
        (Property::CheckinStatuses, checkins_changed(loaded, edited)),
        (Property::Assignments, normalized_groups(loaded) != normalized_groups(edited)),
    ]
    .into_iter()
    .filter_map(|(property, changed)| changed.then_some(property))
    .collect()
}

/// Compares the edited draft with the loaded one and builds the minimal save. Payloads are
/// encoded here, so this runs when a save (or its review) needs the plan, not per keystroke.
pub fn plan(loaded: &Draft, edited: &Draft, odata_type: &str) -> SavePlan {
    let changed = changed(loaded, edited);
    let mut changes = Map::new();
    let mut properties = Vec::new();
    for &property in changed.iter().filter(|&&p| p != Property::Assignments) {
        let value = match property {
            Property::UserPreferencePayload => Value::String(stream::encode(&edited.user_preference_payload)),
            Property::PolicyPayload => Value::String(stream::encode(&edited.policy_payload)),
            Property::Description => Value::String(edited.description.clone()),
            Property::DisplayName => Value::String(edited.display_name.clone()),
            Property::Priority => int_or_text(&edited.priority),
            Property::UserCheckinSummary => body::checkin_summary(
                int_or_text(&edited.succeeded_user_count),
                int_or_text(&edited.failed_user_count),
                edited.summary_source.as_ref().map_or(&Map::new(), |s| &s.extra),
            ),
            Property::CheckinStatuses => Value::Array(edited.checkin_statuses.iter().map(checkin_value).collect()),
            Property::Assignments => unreachable!("assignments are sent by assign"),
        };
        changes.insert(property.name().to_string(), value);
        properties.push(property);
    }
    let patch = (!properties.is_empty()).then(|| body::patch(odata_type, changes));
    let assign = changed.contains(&Property::Assignments).then(|| assign_body(edited));
    SavePlan { patch, assign, if_match: None, properties, streams: Vec::new() }
}

/// Whether any check-in row differs from what was loaded (cells only; one pass, no allocation).
pub fn checkins_changed(loaded: &Draft, edited: &Draft) -> bool {
    let (loaded, edited) = (&loaded.checkin_statuses, &edited.checkin_statuses);
    if loaded.shared_with(edited) {
        return false;
    }
    loaded.len() != edited.len() || loaded.iter().zip(edited.iter()).any(|(a, b)| !a.same_values(b))
}

/// One row for the wire: the row Graph sent, with the cells the admin changed written over it.
fn checkin_value(row: &CheckinDraft) -> Value {
    let original = row.source.as_deref().map(CheckinDraft::from_status);
    let mut out = body::checkin_status(row.source.as_deref());
    for field in CheckinField::ALL {
        let text = row.get(field);
        if original.as_ref().is_some_and(|o| o.get(field) == text) {
            continue;
        }
        let value = match field {
            CheckinField::WasSuccessful => Value::Bool(row.succeeded),
            CheckinField::AppliedPolicies => {
                Value::Array(text.lines().map(str::trim).filter(|l| !l.is_empty()).map(Value::from).collect())
            }
            // Not nullable in the contract: validation refuses a blank one, and none is sent.
            CheckinField::UserId | CheckinField::CheckinDateTime if text.trim().is_empty() => continue,
            CheckinField::UserId | CheckinField::CheckinDateTime => Value::String(text.trim().to_string()),
            _ => Value::String(text.to_string()),
        };
        out.insert(field.property().into(), value);
    }
    Value::Object(out)
}

fn normalized_groups(draft: &Draft) -> Vec<String> {
    let mut ids: Vec<String> = draft.assignments.iter().map(|a| a.group_id.trim().to_ascii_lowercase()).collect();
    ids.sort();
    ids
}

fn assign_body(edited: &Draft) -> body::Body<body::Groups> {
    body::assign(edited.assignments.iter().map(|a| {
        let group_id = a.group_id.trim();
        let kept =
            a.source.as_ref().and_then(|s| s.target.as_ref()).filter(|t| t.group_id.as_deref() == Some(group_id));
        kept.map_or_else(|| body::group_target(group_id), body::kept_target)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rules::draft::AssignmentDraft;
    use crate::core::wire::model::{
        Configuration, CHECKIN_STATUS_TYPE, CHECKIN_SUMMARY_TYPE, CONFIGURATION_TYPE, GROUP_TARGET_TYPE,
    };
    use serde_json::json;

    const SEED_REQUEST: &str = include_str!("../../../tests/fixtures/seed-request.json");
    const GROUP_A: &str = "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41";
    const GROUP_B: &str = "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808";

    fn loaded() -> Draft {
        let entity = Configuration::from_json(&format!(
            r#"{{"id":"c1","displayName":"Baseline","description":"d","priority":4,
            "policyPayload":"{}","userPreferencePayload":null,
            "assignments":[{{"id":"a1","target":{{"@odata.type":"{GROUP_TARGET_TYPE}","groupId":"{GROUP_A}","filterId":"keep"}}}}],
            "userCheckinSummary":{{"succeededUserCount":2,"failedUserCount":1,"windowDays":90}},
            "checkinStatuses":[{{"deviceName":"PC-1","wasSuccessful":true,"userId":"User Id value","osBuild":"19045","appliedPolicies":["p1"]}}]}}"#,
            stream::encode(r#"{"a":1}"#)
        ))
        .unwrap();
        Draft::from_entity(&entity).0
    }

    type Edit = Box<dyn Fn(&mut Draft)>;

    fn edit(f: impl FnOnce(&mut Draft)) -> SavePlan {
        let mut edited = loaded();
        f(&mut edited);
        plan(&loaded(), &edited, CONFIGURATION_TYPE)
    }

    fn body(plan: &SavePlan) -> Value {
        Value::Object(plan.patch.clone().expect("a PATCH body"))
    }

    #[test]
    fn the_plan_names_exactly_the_properties_its_body_carries() {
        let loaded = Draft { display_name: "A".into(), priority: "1".into(), ..Draft::default() };
        let mut edited = Draft {
            display_name: "B".into(),
            priority: "2".into(),
            policy_payload: "{\"a\":1}".into(),
            ..loaded.clone()
        };
        edited.checkin_statuses.push(CheckinDraft::blank());
        let plan = plan(&loaded, &edited, "#t");
        let keys: Vec<&str> =
            plan.patch.as_ref().unwrap().keys().map(String::as_str).filter(|k| *k != "@odata.type").collect();
        let named: Vec<&str> = plan.properties.iter().map(|p| p.name()).collect();
        assert_eq!(named, keys);
        assert_eq!(
            plan.properties,
            [Property::PolicyPayload, Property::DisplayName, Property::Priority, Property::CheckinStatuses]
        );
    }

    #[test]
    fn what_changed_is_what_the_plan_sends_without_encoding_anything() {
        let edits: Vec<(Edit, &[Property])> = vec![
            (Box::new(|_| {}), &[]),
            (Box::new(|d| d.policy_payload = "{\n  \"a\": 1\n}".into()), &[]),
            (Box::new(|d| d.policy_payload = "{\"a\":2}".into()), &[Property::PolicyPayload]),
            (Box::new(|d| d.description = "e".into()), &[Property::Description]),
            (Box::new(|d| d.priority = " 4 ".into()), &[]),
            (Box::new(|d| d.failed_user_count = "3".into()), &[Property::UserCheckinSummary]),
            (
                Box::new(|d| d.set(Field::Checkin(0, CheckinField::DeviceName), "PC-2".into())),
                &[Property::CheckinStatuses],
            ),
            (Box::new(|d| d.assignments[0].group_id = GROUP_A.to_uppercase()), &[]),
            (
                Box::new(|d| {
                    d.assignments.push(AssignmentDraft { group_id: GROUP_B.into(), source: None });
                    d.display_name = "x".into();
                }),
                &[Property::DisplayName, Property::Assignments],
            ),
        ];
        for (f, expected) in edits {
            let mut edited = loaded();
            f(&mut edited);
            let changed = changed(&loaded(), &edited);
            assert_eq!(changed, expected);
            let plan = plan(&loaded(), &edited, CONFIGURATION_TYPE);
            let mut sent = plan.properties.clone();
            sent.extend(plan.assign.is_some().then_some(Property::Assignments));
            assert_eq!(sent, changed, "the plan sends exactly what changed");
        }
    }

    #[test]
    fn nothing_changed_sends_nothing() {
        assert!(edit(|_| {}).is_empty());
        assert!(edit(|d| d.policy_payload = "{\n  \"a\": 1\n}".into()).is_empty(), "formatting only");
        assert!(edit(|d| d.priority = "04".into()).is_empty(), "same number");
        assert!(edit(|d| d.assignments[0].group_id = GROUP_A.to_uppercase()).is_empty(), "same group");
    }

    #[test]
    fn each_property_edit_sends_exactly_that_property() {
        let typed = "{\n  \"a\": 2,\n  \"b\": \"ü\"\n}";
        let cases: Vec<(Edit, Value)> = vec![
            (Box::new(|d| d.display_name = "Renamed".into()), json!({"displayName": "Renamed"})),
            (Box::new(|d| d.description = "".into()), json!({"description": ""})),
            (Box::new(|d| d.priority = "0".into()), json!({"priority": 0})),
            (Box::new(move |d| d.policy_payload = typed.into()), json!({"policyPayload": stream::encode(typed)})),
            (Box::new(|d| d.user_preference_payload = "{}".into()), json!({"userPreferencePayload": "e30="})),
            (
                Box::new(|d| d.failed_user_count = "7".into()),
                json!({"userCheckinSummary": {"@odata.type": CHECKIN_SUMMARY_TYPE, "succeededUserCount": 2, "failedUserCount": 7, "windowDays": 90}}),
            ),
            (
                Box::new(|d| d.set(Field::Checkin(0, CheckinField::DeviceName), "PC-2".into())),
                json!({"checkinStatuses": [{"@odata.type": CHECKIN_STATUS_TYPE, "deviceName": "PC-2", "wasSuccessful": true,
                    "userId": "User Id value", "osBuild": "19045", "appliedPolicies": ["p1"]}]}),
            ),
            (Box::new(|d| d.checkin_statuses.clear()), json!({"checkinStatuses": []})),
        ];
        for (i, (change, expected)) in cases.into_iter().enumerate() {
            let plan = edit(change);
            let mut want = json!({"@odata.type": CONFIGURATION_TYPE});
            want.as_object_mut().unwrap().extend(expected.as_object().unwrap().clone());
            assert_eq!(body(&plan), want, "case {i}");
            assert_eq!(plan.assign, None, "case {i}");
        }
    }

    #[test]
    fn a_changed_payload_is_the_base64_of_the_text_as_typed() {
        let typed = "{ \"x\" :\t[1,2] }";
        let plan = edit(|d| d.policy_payload = typed.into());
        let sent = body(&plan)["policyPayload"].as_str().unwrap().to_string();
        assert_eq!(stream::decode_base64_text(&sent).unwrap(), typed);
    }

    #[test]
    fn assignment_changes_become_one_assign_body() {
        let plan = edit(|d| d.assignments.push(AssignmentDraft { group_id: GROUP_B.into(), source: None }));
        assert_eq!(plan.patch, None);
        assert_eq!(
            plan.assign.unwrap().json(),
            &json!({"officeConfigurationAssignments": [
                {"target": {"@odata.type": GROUP_TARGET_TYPE, "groupId": GROUP_A, "filterId": "keep"}},
                {"target": {"@odata.type": GROUP_TARGET_TYPE, "groupId": GROUP_B}}
            ]})
        );
        let cleared = edit(|d| d.assignments.clear());
        assert_eq!(cleared.assign.unwrap().json(), &json!({"officeConfigurationAssignments": []}));
    }

    #[test]
    fn new_check_in_row_is_written_in_documented_order() {
        let plan = edit(|d| {
            d.checkin_statuses.push(CheckinDraft::blank());
            d.set(Field::Checkin(1, CheckinField::UserId), GROUP_B.into());
            d.set(Field::Checkin(1, CheckinField::CheckinDateTime), "2026-11-28T09:30:00Z".into());
            d.set(Field::Checkin(1, CheckinField::AppliedPolicies), "a\n\n b \n".into());
        });
        let rows = body(&plan)["checkinStatuses"].clone();
        assert_eq!(
            rows[1],
            json!({"@odata.type": CHECKIN_STATUS_TYPE, "userPrincipalName": "", "deviceName": "", "devicePlatform": "",
                "devicePlatformVersion": "", "wasSuccessful": false, "userId": GROUP_B,
                "checkinDateTime": "2026-11-28T09:30:00Z", "errorMessage": "", "appliedPolicies": ["a", "b"]})
        );
        let keys: Vec<_> = rows[1].as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys[1..], CheckinField::ALL.map(|f| f.property().to_string()));
    }

    #[test]
    fn a_blank_userid_or_checkin_time_is_never_sent_as_null() {
        let plan = edit(|d| d.checkin_statuses.push(CheckinDraft::blank()));
        let row = body(&plan)["checkinStatuses"][1].clone();
        for property in ["userId", "checkinDateTime"] {
            assert!(row.get(property).is_none(), "{property} in {row}");
        }
        assert!(row.as_object().unwrap().values().all(|v| !v.is_null()), "{row}");
    }

    #[test]
    fn seed_example_request_is_reproduced_from_a_draft() {
        let policy = "{\n  \"blockMacros\": true\n}";
        let preference = "{\"theme\":\"dark\",\"lang\":\"de-DE\"}";
        let mut edited = Draft {
            display_name: "Display Name value".into(),
            description: "Description value".into(),
            priority: "8".into(),
            policy_payload: policy.into(),
            user_preference_payload: preference.into(),
            succeeded_user_count: "2".into(),
            failed_user_count: "15".into(),
            ..Draft::default()
        };
        edited.checkin_statuses.push(CheckinDraft::blank());
        for (field, text) in [
            (CheckinField::UserPrincipalName, "User Principal Name value"),
            (CheckinField::DeviceName, "Device Name value"),
            (CheckinField::DevicePlatform, "Device Platform value"),
            (CheckinField::DevicePlatformVersion, "Device Platform Version value"),
            (CheckinField::WasSuccessful, "true"),
            (CheckinField::UserId, "User Id value"),
            (CheckinField::CheckinDateTime, "2016-12-31T23:56:33.9571764-08:00"),
            (CheckinField::ErrorMessage, "Error Message value"),
            (CheckinField::AppliedPolicies, "Applied Policies value"),
        ] {
            edited.set(Field::Checkin(0, field), text.into());
        }
        let mut sent = plan(&Draft::default(), &edited, CONFIGURATION_TYPE).patch.unwrap();
        assert_eq!(sent.shift_remove("@odata.type"), Some(Value::from(CONFIGURATION_TYPE)));
        let text = serde_json::to_string_pretty(&sent).unwrap();
        // The seed page writes complex types' `@odata.type` without `#`; OData's JSON format and
        // the SDKs write it with, and so does the editor.
        let expected = SEED_REQUEST
            .replacen("<Unknown Primitive Type Edm.Stream>", &stream::encode(preference), 1)
            .replacen("<Unknown Primitive Type Edm.Stream>", &stream::encode(policy), 1)
            .replace("\"microsoft.graph.", "\"#microsoft.graph.");
        assert_eq!(text, expected.trim_end(), "same keys, same order, same values");
        assert_eq!(stream::decode_base64_text(sent["policyPayload"].as_str().unwrap()).unwrap(), policy);
        assert_eq!(stream::decode_base64_text(sent["userPreferencePayload"].as_str().unwrap()).unwrap(), preference);
    }
}
