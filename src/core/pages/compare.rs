//! Two configurations side by side: what would change if the first became the second, in the
//! review panel's words (`core::rules::review::changes`: properties old → new, payloads by JSON path,
//! groups added and removed). Check-in data is left out: it is what clients reported, not policy.

use crate::core::pages::Machine;
use crate::core::rules::draft::Draft;
use crate::core::rules::review::{self, Change};
use crate::core::wire::model::Configuration;
use crate::core::wire::response::GraphError;

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

/// Comparing this configuration with one of another signed-in tenant: list that tenant's
/// configurations, pick one, read it, show the differences.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Across {
    #[default]
    Idle,
    Listing,
    /// That tenant's configurations: id and name.
    Picking(Vec<(String, String)>),
    Reading,
    Ready {
        to: String,
        changes: Vec<Change>,
    },
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum AcrossAction {
    Start,
    /// The admin closes the comparison; an answer still on its way is dropped.
    Cancel,
    Listed(Result<Vec<Configuration>, GraphError>),
    Pick(String),
    /// The picked configuration, and this one, read whole.
    Read(Result<Box<Configuration>, GraphError>, Box<Configuration>),
}

/// What the component does next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AcrossEffect {
    List,
    Read(String),
}

impl Machine for Across {
    type Action = AcrossAction;
    type Effect = AcrossEffect;

    fn apply(self, action: AcrossAction) -> (Across, Vec<AcrossEffect>) {
        let failed = |what: &str, e: GraphError| Across::Failed(format!("{what}: {}", e.explained()));
        match (self, action) {
            (_, AcrossAction::Cancel) => (Across::Idle, vec![]),
            (Across::Listing | Across::Reading, AcrossAction::Start) => (Across::Listing, vec![]),
            (_, AcrossAction::Start) => (Across::Listing, vec![AcrossEffect::List]),
            (Across::Listing, AcrossAction::Listed(Ok(items))) => (
                Across::Picking(
                    items.iter().map(|c| (c.id.clone().unwrap_or_default(), c.title().to_string())).collect(),
                ),
                vec![],
            ),
            (Across::Listing, AcrossAction::Listed(Err(e))) => {
                (failed("That tenant's configurations could not be listed", e), vec![])
            }
            (Across::Picking(_), AcrossAction::Pick(id)) => (Across::Reading, vec![AcrossEffect::Read(id)]),
            (Across::Reading, AcrossAction::Read(Ok(theirs), mine)) => {
                (Across::Ready { to: theirs.title().to_string(), changes: compare(&mine, &theirs) }, vec![])
            }
            (Across::Reading, AcrossAction::Read(Err(e), _)) => {
                (failed("That configuration could not be read", e), vec![])
            }
            (state, _) => (state, vec![]),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::wire::model::Property;
    use crate::core::wire::stream;
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

    #[test]
    fn across_tenants_lists_picks_reads_and_compares() {
        let a = config("Finance", 1, r#"{"word": {"macros": "off"}}"#, &["g1"], 0);
        let b = config("Finance", 1, r#"{"word": {"macros": "on"}}"#, &["g1"], 0);
        let (s, fx) = Across::default().apply(AcrossAction::Start);
        assert_eq!((s.clone(), fx), (Across::Listing, vec![AcrossEffect::List]));
        assert_eq!(s.clone().apply(AcrossAction::Start).1, [], "one list at a time");
        let (s, _) = s.apply(AcrossAction::Listed(Ok(vec![b.clone()])));
        assert_eq!(s, Across::Picking(vec![("Finance".into(), "Finance".into())]));
        let (s, fx) = s.apply(AcrossAction::Pick("Finance".into()));
        assert_eq!(fx, [AcrossEffect::Read("Finance".into())]);
        assert_eq!(s.clone().apply(AcrossAction::Cancel).0, Across::Idle, "closed");
        let late = Across::Idle.apply(AcrossAction::Read(Ok(Box::new(b.clone())), Box::new(a.clone())));
        assert_eq!(late, (Across::Idle, vec![]), "an answer after Cancel is dropped");
        let (s, _) = s.apply(AcrossAction::Read(Ok(Box::new(b)), Box::new(a)));
        let Across::Ready { changes, .. } = s else { panic!("{s:?}") };
        assert_eq!(changes[0].lines, ["/word/macros: \"off\" → \"on\""]);
        let forbidden = GraphError::Graph(Box::new(crate::core::wire::response::GraphErrorDetail {
            status: 403,
            ..Default::default()
        }));
        let (s, _) = Across::Listing.apply(AcrossAction::Listed(Err(forbidden)));
        assert!(matches!(s, Across::Failed(m) if m.starts_with("That tenant's configurations could not be listed")));
    }
}
