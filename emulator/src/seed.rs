//! Demo data: configurations an admin would recognise, with realistic nested payloads of
//! several KB (stored as Graph sends them: base64), group assignments, and check-in statuses —
//! one configuration has a few thousand.

use base64::Engine as _;
use serde_json::{json, Map, Value};

const GROUP_TARGET: &str = "#microsoft.graph.officeConfigurationGroupAssignmentTarget";

fn encode(value: &Value) -> Value {
    let text = serde_json::to_string_pretty(value).expect("a Value serializes");
    Value::from(base64::engine::general_purpose::STANDARD.encode(text))
}

/// One Cloud Policy entry, in the shape the service's client format has (and the editor's
/// catalog writes: `core::catalog::entry::Entry::to_json`).
fn entry(setting_id: &str, app: &str, value_name: &str, value: Value) -> Value {
    let reg_type = if value.is_string() { "REG_SZ" } else { "REG_DWORD" };
    json!({"settingId": setting_id, "app": app, "type": reg_type, "valueName": value_name, "value": value})
}

/// The template prefix and application name of an app of the demo.
fn template(app: &str) -> (&'static str, &'static str) {
    match app {
        "word" => ("word16", "Word"),
        "excel" => ("excel16", "Excel"),
        "powerpoint" => ("ppt16", "PowerPoint"),
        "access" => ("access16", "Access"),
        "visio" => ("visio16", "Visio"),
        "project" => ("proj16", "Project"),
        "publisher" => ("pub16", "Publisher"),
        other => unreachable!("the demo has no {other} templates"),
    }
}

/// A policy payload as the Cloud Policy service keeps one: a `settings` list of entries named
/// by real Office policy ids (`word16;L_VBAWarningsPolicy`), for each app the macro and add-in
/// settings of a security baseline, then Office-wide ones. `strict` is the locked-down variant.
fn policy(apps: &[&str], strict: bool) -> Value {
    let mut settings = Vec::new();
    for app in apps {
        let (prefix, name) = template(app);
        let id = |policy: &str| format!("{prefix};{policy}");
        settings.extend([
            // 2: disable all with notification; 4: without notification.
            entry(&id("L_VBAWarningsPolicy"), name, "vbawarnings", json!(if strict { 4 } else { 2 })),
            entry(&id("L_BlockMacroExecutionFromInternet"), name, "blockcontentexecutionfrominternet", json!(1)),
            entry(&id("L_DisableTrustBarNotificationforunsigned"), name, "notbpromptunsignedaddin", json!(1)),
            entry(
                &id("L_RequireThatApplicationAddinsAreSignedbyTrustedPublisher"),
                name,
                "requireaddinsig",
                json!(u8::from(strict)),
            ),
        ]);
    }
    settings.extend([
        // 2: the application's macro security level; 3: macros disabled.
        entry("office16;L_AutomationSecurity", "Office", "automationsecurity", json!(if strict { 3 } else { 2 })),
        entry("office16;L_DisableAllTrustedLocations", "Office", "all locations disabled", json!(u8::from(strict))),
        entry("office16;L_SendFeedback", "Office", "enabled", json!(u8::from(!strict))),
    ]);
    json!({ "settings": settings })
}

fn preferences(theme: &str, save_format: &str) -> Value {
    json!({
        "general": {"theme": theme, "startScreen": true, "linkedInFeatures": false},
        "save": {"defaultFormat": save_format, "autoRecoverMinutes": 10, "saveToCloudByDefault": true},
        "outlook": {"readingPane": "right", "focusedInbox": true, "cachedModeMonths": 12},
        "excel": {"defaultSheets": 1, "calculation": "automatic"},
        "word": {"defaultFont": "Aptos", "ruler": true}
    })
}

/// One check-in row. Every property the contract lets be `null` is `null` in some rows, as a
/// real tenant sends them: no error message on a success, a device that did not say its
/// platform version, a policy entry that is `null`.
fn checkin(i: usize, name: &str) -> Value {
    let failed = i % 17 == 3;
    let some = |keep: bool, value: Value| if keep { value } else { Value::Null };
    json!({
        "@odata.type": "#microsoft.graph.officeClientCheckinStatus",
        "userPrincipalName": some(i % 101 != 50, json!(format!("user{i:04}@contoso.com"))),
        "deviceName": some(i % 13 != 7, json!(format!("CONTOSO-{}-{i:04}", if i % 3 == 0 { "DT" } else { "LT" }))),
        "devicePlatform": some(i % 29 != 11, json!("Windows")),
        "devicePlatformVersion": some(i % 5 != 4, json!(if i % 2 == 0 { "10.0.22631" } else { "10.0.19045" })),
        "wasSuccessful": !failed,
        "userId": format!("7c1e6a7b-3f0d-4e2a-9b8c-{:012x}", i),
        "checkinDateTime": format!("2026-11-{:02}T{:02}:{:02}:11Z", 1 + i % 27, i % 24, i % 60),
        "errorMessage": if failed { json!("Policy download timed out") } else { Value::Null },
        "appliedPolicies": if failed { json!([]) } else if i % 7 == 1 { json!([name, null]) } else { json!([name]) }
    })
}

struct Spec<'a> {
    id: &'a str,
    name: &'a str,
    description: &'a str,
    priority: i32,
    policy: Value,
    preferences: Value,
    groups: &'a [&'a str],
    checkins: usize,
}

fn configuration(spec: Spec) -> Map<String, Value> {
    let assignments: Vec<Value> = spec
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| json!({"id": format!("{}-a{i}", spec.id), "target": {"@odata.type": GROUP_TARGET, "groupId": g}}))
        .collect();
    let statuses: Vec<Value> = (0..spec.checkins).map(|i| checkin(i, spec.name)).collect();
    let failed = statuses.iter().filter(|s| s["wasSuccessful"] == json!(false)).count();
    let value = json!({
        "@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration",
        "id": spec.id,
        "displayName": spec.name,
        "description": spec.description,
        "priority": spec.priority,
        "policyPayload": encode(&spec.policy),
        "userPreferencePayload": encode(&spec.preferences),
        "lastModifiedDateTime": "2026-11-20T08:15:30Z",
        "assignments": assignments,
        "userCheckinSummary": {"@odata.type": "#microsoft.graph.officeUserCheckinSummary",
            "succeededUserCount": statuses.len() - failed, "failedUserCount": failed},
        "checkinStatuses": statuses
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("json! of an object"),
    }
}

/// The demo tenant's configurations, by priority.
pub fn demo() -> Vec<Map<String, Value>> {
    vec![
        configuration(Spec {
            id: "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9",
            name: "Security baseline – all users",
            description: "Blocks macros from the internet, notifies on the others, and stops unsigned add-ins quietly.",
            priority: 0,
            policy: policy(&["word", "excel", "powerpoint", "access", "visio", "project", "publisher"], false),
            preferences: preferences("colorful", "docx"),
            groups: &["5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"],
            checkins: 3000,
        }),
        configuration(Spec {
            id: "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68",
            name: "Finance – strict add-ins",
            description: "Only approved, signed COM add-ins load for Finance.",
            priority: 1,
            policy: policy(&["word", "excel", "powerpoint"], true),
            preferences: preferences("darkGray", "xlsx"),
            groups: &["0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808", "9e8d7c6b-5a49-4382-b1a0-f9e8d7c6b5a4"],
            checkins: 40,
        }),
        configuration(Spec {
            id: "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3",
            name: "Pilot – feedback and AutoRecover",
            description: "Pilot ring: users send feedback to Microsoft; Word keeps AutoRecover every 5 minutes.",
            priority: 2,
            policy: json!({"settings": [
                entry("office16;L_SendFeedback", "Office", "enabled", json!(1)),
                entry("word16;L_AutoRecoverInterval", "Word", "autosaveinterval", json!(5)),
            ]}),
            preferences: json!({"outlook": {"readingPane": "right"}}),
            groups: &[],
            checkins: 5,
        }),
        configuration(Spec {
            id: "c3a1f0e2-7b6d-4c5a-9e8f-0a1b2c3d4e5f",
            name: "Frontline workers – shared devices",
            description: "Shared computer activation devices on the shop floor.",
            priority: 3,
            policy: policy(&["word", "excel"], false),
            preferences: preferences("white", "docx"),
            groups: &["1f2e3d4c-5b6a-4798-8a7b-6c5d4e3f2a1b"],
            checkins: 120,
        }),
        configuration(Spec {
            id: "d4b2e1f3-8c7e-4d6b-af90-1b2c3d4e5f60",
            name: "Legal – document retention",
            description: "Disables AutoSave to personal storage and pins templates.",
            priority: 4,
            policy: policy(&["word"], true),
            preferences: preferences("black", "docx"),
            groups: &["2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d"],
            checkins: 12,
        }),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_data_is_realistic() {
        let configs = demo();
        assert_eq!(configs.len(), 5);
        let decoded =
            base64::engine::general_purpose::STANDARD.decode(configs[0]["policyPayload"].as_str().unwrap()).unwrap();
        assert!(decoded.len() > 4096, "payloads of several KB: {}", decoded.len());
        assert!(configs.iter().any(|c| c["checkinStatuses"].as_array().unwrap().len() >= 3000));
        let mut priorities: Vec<i64> = configs.iter().map(|c| c["priority"].as_i64().unwrap()).collect();
        priorities.dedup();
        assert_eq!(priorities.len(), 5, "unique priorities");
        for c in &configs {
            let mut properties = c.clone();
            properties.shift_remove("assignments");
            crate::validate::configuration(&properties).expect("seed data passes the emulator's own checks");
        }
    }
}
