//! Request body checks, against the property names and types of the resource, with the
//! messages Graph would give.

use base64::Engine as _;
use serde_json::{Map, Value};

fn is_int32(v: &Value) -> bool {
    v.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
}

fn is_count(v: &Value) -> bool {
    v.as_i64().is_some_and(|n| i32::try_from(n).is_ok_and(|n| n >= 0))
}

fn is_guid(v: &Value) -> bool {
    v.as_str().is_some_and(|s| s.len() == 36 && uuid::Uuid::try_parse(s).is_ok())
}

fn is_datetime(v: &Value) -> bool {
    v.as_str().is_some_and(|s| time::OffsetDateTime::parse(s, &time::format_description::well_known::Rfc3339).is_ok())
}

/// A Stream value in JSON: base64 (either alphabet, padding optional) or null.
pub fn decode_stream(v: &Value) -> Option<Vec<u8>> {
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
    use base64::engine::DecodePaddingMode;
    let text: String = v.as_str()?.chars().filter(|c| !c.is_whitespace()).collect();
    let alphabet = if text.contains(['-', '_']) { &base64::alphabet::URL_SAFE } else { &base64::alphabet::STANDARD };
    let config = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(alphabet, config).decode(text).ok()
}

fn check_object(
    kind: &str,
    body: &Map<String, Value>,
    rule: impl Fn(&str, &Value) -> Option<bool>,
) -> Result<(), String> {
    for (name, value) in body {
        match rule(name, value) {
            None => return Err(format!("Invalid property '{name}' for type {kind}.")),
            Some(false) if name == "assignments" => {
                return Err(
                    "The navigation property 'assignments' cannot be written with PATCH; use the assign action.".into(),
                )
            }
            Some(false) => {
                return Err(format!("Cannot convert the literal '{value}' to the expected type of property '{name}'."))
            }
            Some(true) => {}
        }
    }
    Ok(())
}

fn summary_rule(name: &str, value: &Value) -> Option<bool> {
    match name {
        "@odata.type" => Some(value.is_string()),
        "succeededUserCount" | "failedUserCount" => Some(is_count(value)),
        _ => None,
    }
}

fn checkin_rule(name: &str, value: &Value) -> Option<bool> {
    Some(match name {
        "@odata.type"
        | "userPrincipalName"
        | "deviceName"
        | "devicePlatform"
        | "devicePlatformVersion"
        | "errorMessage" => value.is_string() || value.is_null(),
        // Not nullable in the contract (`contract::CHECKIN_STATUS`); a null policy entry is fine.
        "wasSuccessful" => value.is_boolean(),
        "userId" => is_guid(value) || value.is_string(),
        "checkinDateTime" => is_datetime(value),
        "appliedPolicies" => {
            value.is_null() || value.as_array().is_some_and(|a| a.iter().all(|p| p.is_string() || p.is_null()))
        }
        _ => return None,
    })
}

/// Checks a configuration body (PATCH or POST).
pub fn configuration(body: &Map<String, Value>) -> Result<(), String> {
    check_object("microsoft.graph.windowsOfficeClientSecurityConfiguration", body, |name, value| {
        Some(match name {
            "@odata.type" => value.as_str().is_some_and(|t| {
                t.ends_with("windowsOfficeClientSecurityConfiguration")
                    || t.ends_with("windowsOfficeClientConfiguration")
            }),
            "displayName" | "description" => value.is_string(),
            "priority" => is_int32(value) && value.as_i64().is_some_and(|p| p >= 0),
            "policyPayload" | "userPreferencePayload" => value.is_null() || decode_stream(value).is_some(),
            "lastModifiedDateTime" => is_datetime(value),
            "id" => value.is_string(),
            "assignments" => return Some(false),
            "userCheckinSummary" => {
                return Some(
                    value
                        .as_object()
                        .is_some_and(|o| check_object("officeUserCheckinSummary", o, summary_rule).is_ok()),
                )
            }
            "checkinStatuses" => value.as_array().is_some_and(|rows| {
                rows.iter().all(|r| {
                    r.as_object().is_some_and(|o| check_object("officeClientCheckinStatus", o, checkin_rule).is_ok())
                })
            }),
            _ => return None,
        })
    })
}

/// Checks one assignment body (`target` with a group id).
pub fn assignment(body: &Map<String, Value>) -> Result<(), String> {
    check_object("microsoft.graph.officeClientConfigurationAssignment", body, |name, value| {
        Some(match name {
            "@odata.type" | "id" => value.is_string(),
            "target" => value.as_object().is_some_and(|t| {
                t.get("groupId").is_some_and(is_guid) && t.keys().all(|k| k == "groupId" || k == "@odata.type")
            }),
            _ => return None,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn obj(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn configuration_bodies() {
        let good = [
            json!({"@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration", "displayName": "x", "priority": 0}),
            json!({"policyPayload": "e30=", "userPreferencePayload": "e30"}),
            json!({"policyPayload": null}),
            json!({"userCheckinSummary": {"@odata.type": "microsoft.graph.officeUserCheckinSummary", "succeededUserCount": 1, "failedUserCount": 0}}),
            json!({"checkinStatuses": [{"deviceName": "d", "wasSuccessful": true, "checkinDateTime": "2016-12-31T23:56:33.9571764-08:00", "appliedPolicies": ["a"]}]}),
        ];
        for body in good {
            assert_eq!(configuration(&obj(body.clone())), Ok(()), "{body}");
        }
        let bad = [
            (json!({"colour": "red"}), "Invalid property 'colour'"),
            (json!({"assignments": []}), "use the assign action"),
            (json!({"priority": "1"}), "property 'priority'"),
            (json!({"priority": 2147483648u64}), "property 'priority'"),
            (json!({"priority": -1}), "property 'priority'"),
            (json!({"policyPayload": "not base64!"}), "property 'policyPayload'"),
            (json!({"displayName": 5}), "property 'displayName'"),
            (json!({"@odata.type": "#microsoft.graph.user"}), "property '@odata.type'"),
            (json!({"userCheckinSummary": {"failedUserCount": -1}}), "property 'userCheckinSummary'"),
            (json!({"checkinStatuses": [{"wasSuccessful": "yes"}]}), "property 'checkinStatuses'"),
            (json!({"checkinStatuses": [{"checkinDateTime": "yesterday"}]}), "property 'checkinStatuses'"),
        ];
        for (body, message) in bad {
            let err = configuration(&obj(body.clone())).unwrap_err();
            assert!(err.contains(message), "{body}: {err}");
        }
    }

    #[test]
    fn assignment_bodies() {
        assert!(assignment(&obj(json!({"target": {"groupId": "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"}}))).is_ok());
        assert!(assignment(&obj(json!({"target": {"groupId": "sales"}}))).is_err());
        assert!(assignment(&obj(json!({"intent": "apply"}))).is_err());
    }
}
