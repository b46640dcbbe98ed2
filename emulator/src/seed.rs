//! Demo data: configurations an admin would recognise, with real base64 payloads.

use base64::Engine as _;
use serde_json::{json, Map, Value};

fn encode(value: &Value) -> Value {
    let text = serde_json::to_string_pretty(value).expect("a Value serializes");
    Value::from(base64::engine::general_purpose::STANDARD.encode(text))
}

fn configuration(
    id: &str,
    name: &str,
    description: &str,
    priority: i32,
    policy: Value,
    preference: Value,
    groups: &[&str],
) -> Map<String, Value> {
    let assignments: Vec<Value> = groups
        .iter()
        .enumerate()
        .map(|(i, g)| json!({"id": format!("{id}-a{i}"), "target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": g}}))
        .collect();
    let value = json!({
        "@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration",
        "id": id,
        "displayName": name,
        "description": description,
        "priority": priority,
        "policyPayload": encode(&policy),
        "userPreferencePayload": encode(&preference),
        "lastModifiedDateTime": "2026-11-20T08:15:30Z",
        "assignments": assignments,
        "userCheckinSummary": {"@odata.type": "microsoft.graph.officeUserCheckinSummary", "succeededUserCount": 412, "failedUserCount": 3},
        "checkinStatuses": [
            {"@odata.type": "microsoft.graph.officeClientCheckinStatus", "userPrincipalName": "megan@contoso.com",
             "deviceName": "CONTOSO-LT-0412", "devicePlatform": "Windows", "devicePlatformVersion": "10.0.22631",
             "wasSuccessful": true, "userId": "7c1e6a7b-3f0d-4e2a-9b8c-1d2e3f4a5b6c",
             "checkinDateTime": "2026-11-27T16:02:11Z", "errorMessage": "", "appliedPolicies": [name]},
            {"@odata.type": "microsoft.graph.officeClientCheckinStatus", "userPrincipalName": "lee@contoso.com",
             "deviceName": "CONTOSO-DT-0077", "devicePlatform": "Windows", "devicePlatformVersion": "10.0.19045",
             "wasSuccessful": false, "userId": "0b9a8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
             "checkinDateTime": "2026-11-26T09:41:55Z", "errorMessage": "Policy download timed out", "appliedPolicies": []}
        ]
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("a json! object"),
    }
}

/// The demo tenant's configurations.
pub fn demo() -> Vec<Map<String, Value>> {
    vec![
        configuration(
            "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9",
            "Security baseline – all users",
            "Blocks macros from the internet and enforces Protected View.",
            0,
            json!({"word": {"blockMacrosFromInternet": true, "protectedView": {"internetFiles": true, "unsafeLocations": true}},
                   "excel": {"blockMacrosFromInternet": true, "vbaWarnings": "disableWithNotification"},
                   "powerpoint": {"blockMacrosFromInternet": true}}),
            json!({"theme": "colorful", "defaultSaveFormat": "docx"}),
            &["5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"],
        ),
        configuration(
            "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68",
            "Finance – strict add-ins",
            "Only approved COM add-ins load for Finance.",
            1,
            json!({"addins": {"requireSigned": true, "allowList": ["Contoso.Ledger", "Contoso.Reports"]}}),
            json!({"excel": {"autoRecoverMinutes": 5}}),
            &["0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808", "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4"],
        ),
        configuration(
            "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3",
            "Pilot – new Outlook",
            "Pilot ring for the new Outlook experience.",
            2,
            json!({"outlook": {"newOutlookToggle": "on", "cachedModeMonths": 12}}),
            json!({"outlook": {"readingPane": "right"}}),
            &[],
        ),
    ]
}
