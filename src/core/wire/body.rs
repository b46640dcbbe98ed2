//! The request bodies the editor sends, each built here and only here: a new configuration,
//! a PATCH, the `assign` action and its targets, the check-in types. Everything above the wire
//! hands over values and gets Graph's JSON back.

use crate::core::wire::model::{
    AssignmentTarget, CheckinStatus, CHECKIN_STATUS_TYPE, CHECKIN_SUMMARY_TYPE, CONFIGURATION_TYPE, GROUP_TARGET_TYPE,
};
use serde_json::{json, Map, Value};
use std::marker::PhantomData;

/// A request body made here, for one kind of request: what `GraphApi` takes, so that nothing
/// else can hand Graph a body of its own making.
#[derive(Clone, Debug, PartialEq)]
pub struct Body<K> {
    json: Value,
    kind: PhantomData<K>,
}

/// A new configuration (POST to the collection).
#[derive(Clone, Debug, PartialEq)]
pub enum New {}
/// The `assign` action's targets.
#[derive(Clone, Debug, PartialEq)]
pub enum Groups {}
/// The `updatePriorities` action's ids and priorities.
#[derive(Clone, Debug, PartialEq)]
pub enum Priorities {}

impl<K> Body<K> {
    fn of(json: Value) -> Body<K> {
        Body { json, kind: PhantomData }
    }

    /// The JSON, to read (tests, previews).
    pub fn json(&self) -> &Value {
        &self.json
    }

    /// The text sent.
    pub fn text(&self) -> String {
        self.json.to_string()
    }
}

/// What a new configuration is created with. The payloads are their Stream values as Graph
/// takes them (base64 text); `None` leaves a property out.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Create<'a> {
    /// The type (`None`: `windowsOfficeClientConfiguration`'s).
    pub odata_type: Option<&'a str>,
    pub display_name: &'a str,
    pub description: Option<&'a str>,
    pub priority: Option<i64>,
    pub policy_payload: Option<Value>,
    pub user_preference_payload: Option<Value>,
}

impl Create<'_> {
    /// The POST body to the collection, keys in the documented example's order.
    pub fn body(&self) -> Body<New> {
        let mut body = Map::new();
        body.insert("@odata.type".into(), json!(self.odata_type.unwrap_or(CONFIGURATION_TYPE)));
        body.insert("displayName".into(), json!(self.display_name.trim()));
        if let Some(description) = self.description {
            body.insert("description".into(), json!(description));
        }
        if let Some(priority) = self.priority {
            body.insert("priority".into(), json!(priority));
        }
        for (key, value) in
            [("policyPayload", &self.policy_payload), ("userPreferencePayload", &self.user_preference_payload)]
        {
            if let Some(v) = value.as_ref().filter(|v| !v.is_null()) {
                body.insert(key.into(), v.clone());
            }
        }
        Body::of(Value::Object(body))
    }
}

/// A PATCH body: the entity's type, then `properties` in their order.
pub fn patch(odata_type: &str, properties: Map<String, Value>) -> Map<String, Value> {
    let mut body = Map::new();
    body.insert("@odata.type".into(), odata_type.into());
    body.extend(properties);
    body
}

/// Whether a PATCH body carries nothing but its type.
pub fn is_type_only(body: &Map<String, Value>) -> bool {
    body.keys().all(|k| k == "@odata.type")
}

/// The `assign` body: these targets replace all of the configuration's.
pub fn assign(targets: impl IntoIterator<Item = Value>) -> Body<Groups> {
    let assignments: Vec<Value> = targets.into_iter().map(|target| json!({ "target": target })).collect();
    Body::of(json!({ "officeConfigurationAssignments": assignments }))
}

/// The `updatePriorities` body: each configuration's new priority, in the same order.
pub fn priorities(ids: Vec<String>, priorities: Vec<i64>) -> Body<Priorities> {
    Body::of(json!({ "officeConfigurationPolicyIds": ids, "officeConfigurationPriorities": priorities }))
}

/// A target of group `id`.
pub fn group_target(id: &str) -> Value {
    json!({ "@odata.type": GROUP_TARGET_TYPE, "groupId": id })
}

/// A target as Graph gave it (its filter and anything else kept).
pub fn kept_target(target: &AssignmentTarget) -> Value {
    serde_json::to_value(target).unwrap_or_default()
}

/// The `assign` body that gives a configuration these groups.
pub fn assign_groups<S: AsRef<str>>(groups: &[S]) -> Body<Groups> {
    assign(groups.iter().map(|g| group_target(g.as_ref())))
}

/// `userCheckinSummary` with these counts, over what Graph sent (`extra`).
pub fn checkin_summary(succeeded: Value, failed: Value, extra: &Map<String, Value>) -> Value {
    let mut summary = Map::new();
    summary.insert("@odata.type".into(), CHECKIN_SUMMARY_TYPE.into());
    summary.insert("succeededUserCount".into(), succeeded);
    summary.insert("failedUserCount".into(), failed);
    for (k, v) in extra {
        summary.entry(k.clone()).or_insert_with(|| v.clone());
    }
    Value::Object(summary)
}

/// A check-in row: the one Graph sent (if any), its type first, for the caller to write over.
pub fn checkin_status(source: Option<&CheckinStatus>) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("@odata.type".into(), CHECKIN_STATUS_TYPE.into());
    if let Some(Value::Object(sent)) = source.map(|s| serde_json::to_value(s).unwrap_or_default()) {
        out.extend(sent);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_create_carries_its_type_and_only_what_it_is_given() {
        let bare = Create { display_name: " Kiosk ", priority: Some(3), ..Create::default() };
        assert_eq!(
            bare.body().json(),
            &json!({"@odata.type": CONFIGURATION_TYPE, "displayName": "Kiosk", "priority": 3})
        );
        let full = Create {
            odata_type: Some("#microsoft.graph.windowsOfficeClientSecurityConfiguration"),
            display_name: "Copy",
            description: Some("d"),
            priority: None,
            policy_payload: Some(json!("e30=")),
            user_preference_payload: Some(Value::Null),
        };
        let body = full.body().json().clone();
        let keys: Vec<&str> = body.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["@odata.type", "displayName", "description", "policyPayload"], "null payloads are left out");
        assert_eq!(body["@odata.type"], "#microsoft.graph.windowsOfficeClientSecurityConfiguration");
    }

    #[test]
    fn assign_replaces_every_target_with_the_ones_given() {
        let body = assign_groups(&["g1", "g2"]);
        assert_eq!(
            body.json(),
            &json!({"officeConfigurationAssignments": [
                {"target": {"@odata.type": GROUP_TARGET_TYPE, "groupId": "g1"}},
                {"target": {"@odata.type": GROUP_TARGET_TYPE, "groupId": "g2"}}
            ]})
        );
        assert_eq!(
            assign(Vec::new()).json(),
            &json!({"officeConfigurationAssignments": []}),
            "none: every target removed"
        );
    }
}
