//! Two configurations side by side: what would change if the first became the second, in the
//! review panel's words (`core::review::changes`: properties old → new, payloads by JSON path,
//! groups added and removed). Check-in data is left out: it is what clients reported, not policy.

use crate::core::draft::Draft;
use crate::core::model::Configuration;
use crate::core::review::{self, Change};

/// A configuration's draft without its check-in data.
fn policy_only(c: &Configuration) -> Draft {
    let (mut draft, _) = Draft::from_entity(c);
    draft.checkin_statuses.clear();
    draft.succeeded_user_count.clear();
    draft.failed_user_count.clear();
    draft.summary_source = None;
    draft
}

/// Every difference from `a` to `b`; empty when they set the same policy.
pub fn compare(a: &Configuration, b: &Configuration) -> Vec<Change> {
    review::changes(&policy_only(a), &policy_only(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Property;
    use crate::core::stream;
    use serde_json::json;

    fn config(name: &str, priority: i64, policy: &str, groups: &[&str], failed: i64) -> Configuration {
        let assignments: Vec<_> = groups.iter().map(|g| json!({"target": {"groupId": g}})).collect();
        Configuration::from_value(json!({
            "id": name, "displayName": name, "priority": priority, "policyPayload": stream::encode(policy),
            "assignments": assignments, "userCheckinSummary": {"succeededUserCount": 1, "failedUserCount": failed},
            "checkinStatuses": [{"userPrincipalName": format!("{name}@contoso.com")}]
        }))
        .unwrap()
    }

    #[test]
    fn the_differences_are_the_reviews_without_check_in_data() {
        let a = config("Finance", 1, r#"{"word": {"macros": "off", "ruler": true}}"#, &["g1"], 3);
        let b = config("Finance EU", 4, r#"{"word": {"ruler": true, "macros": "on"}}"#, &["g2"], 9);
        let changes = compare(&a, &b);
        let properties: Vec<Property> = changes.iter().map(|c| c.property).collect();
        assert_eq!(
            properties,
            [Property::DisplayName, Property::Priority, Property::PolicyPayload, Property::Assignments],
            "check-in rows and counts are left out"
        );
        assert_eq!(changes[2].lines, ["/word/macros: \"off\" → \"on\""]);
        assert_eq!(changes[3].lines, ["added group g2", "removed group g1"]);
        assert!(compare(&a, &a).is_empty());
    }
}
