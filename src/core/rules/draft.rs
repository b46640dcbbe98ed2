//! The editable form of a configuration: every value as the text the admin sees and types.
//!
//! A `Draft` is made from an entity Graph sent and keeps, for each assignment and check-in row,
//! the original object, so that properties this editor does not show are written back as they
//! came. Fields are addressed by [`Field`], whose `path` is the Graph property path
//! (`checkinStatuses.0.deviceName`) that the view also uses as each control's `name`.

use crate::core::wire::model::{Assignment, CheckinStatus, CheckinSummary, Configuration, Property};
use crate::core::wire::stream::{self, StreamError};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;
use std::rc::Rc;

/// One editable cell of a check-in status row.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum CheckinField {
    UserPrincipalName,
    DeviceName,
    DevicePlatform,
    DevicePlatformVersion,
    WasSuccessful,
    UserId,
    CheckinDateTime,
    ErrorMessage,
    AppliedPolicies,
}

impl CheckinField {
    pub const ALL: [CheckinField; 9] = [
        CheckinField::UserPrincipalName,
        CheckinField::DeviceName,
        CheckinField::DevicePlatform,
        CheckinField::DevicePlatformVersion,
        CheckinField::WasSuccessful,
        CheckinField::UserId,
        CheckinField::CheckinDateTime,
        CheckinField::ErrorMessage,
        CheckinField::AppliedPolicies,
    ];

    /// The Graph property name.
    pub fn property(self) -> &'static str {
        match self {
            CheckinField::UserPrincipalName => "userPrincipalName",
            CheckinField::DeviceName => "deviceName",
            CheckinField::DevicePlatform => "devicePlatform",
            CheckinField::DevicePlatformVersion => "devicePlatformVersion",
            CheckinField::WasSuccessful => "wasSuccessful",
            CheckinField::UserId => "userId",
            CheckinField::CheckinDateTime => "checkinDateTime",
            CheckinField::ErrorMessage => "errorMessage",
            CheckinField::AppliedPolicies => "appliedPolicies",
        }
    }

    /// A column heading for people.
    pub fn label(self) -> &'static str {
        match self {
            CheckinField::UserPrincipalName => "User principal name",
            CheckinField::DeviceName => "Device name",
            CheckinField::DevicePlatform => "Platform",
            CheckinField::DevicePlatformVersion => "Platform version",
            CheckinField::WasSuccessful => "Succeeded",
            CheckinField::UserId => "User ID",
            CheckinField::CheckinDateTime => "Check-in time",
            CheckinField::ErrorMessage => "Error message",
            CheckinField::AppliedPolicies => "Applied policies (one per line)",
        }
    }
}

/// An editable property, or one cell of an editable collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    DisplayName,
    Description,
    Priority,
    PolicyPayload,
    UserPreferencePayload,
    SucceededUserCount,
    FailedUserCount,
    AssignmentGroup(usize),
    Checkin(usize, CheckinField),
}

impl Field {
    /// The single-valued fields, in form order.
    pub const SCALARS: [Field; 7] = [
        Field::DisplayName,
        Field::Description,
        Field::Priority,
        Field::PolicyPayload,
        Field::UserPreferencePayload,
        Field::SucceededUserCount,
        Field::FailedUserCount,
    ];

    /// The Graph property this control edits (a count, a group or a check-in cell: the
    /// property that holds it).
    pub fn property(self) -> Property {
        match self {
            Field::DisplayName => Property::DisplayName,
            Field::Description => Property::Description,
            Field::Priority => Property::Priority,
            Field::PolicyPayload => Property::PolicyPayload,
            Field::UserPreferencePayload => Property::UserPreferencePayload,
            Field::SucceededUserCount | Field::FailedUserCount => Property::UserCheckinSummary,
            Field::AssignmentGroup(_) => Property::Assignments,
            Field::Checkin(..) => Property::CheckinStatuses,
        }
    }

    /// The Graph property path; also the `name` of the control that edits it.
    pub fn path(self) -> String {
        let name = self.property().name();
        match self {
            Field::SucceededUserCount => format!("{name}.succeededUserCount"),
            Field::FailedUserCount => format!("{name}.failedUserCount"),
            Field::AssignmentGroup(i) => format!("{name}.{i}.target.groupId"),
            Field::Checkin(i, c) => format!("{name}.{i}.{}", c.property()),
            _ => name.to_string(),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.path())
    }
}

/// One group assignment as edited: the target group, and the assignment Graph sent, if any.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AssignmentDraft {
    pub group_id: String,
    pub source: Option<Assignment>,
}

/// The text cells of a check-in row, one slot per column, indexed by `CheckinField` (thousands
/// of rows are built, compared and dropped when a configuration opens: no map per row); the
/// `wasSuccessful` slot stays empty (`CheckinDraft::succeeded` holds it). Kept drafts store the
/// cells as a map from column to text, as they always have.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Cells([String; CheckinField::ALL.len()]);

impl Cells {
    pub fn get(&self, field: CheckinField) -> &str {
        &self.0[field as usize]
    }

    pub fn get_mut(&mut self, field: CheckinField) -> &mut String {
        &mut self.0[field as usize]
    }

    pub fn insert(&mut self, field: CheckinField, text: String) {
        *self.get_mut(field) = text;
    }

    fn columns(&self) -> impl Iterator<Item = (CheckinField, &String)> {
        CheckinField::ALL.into_iter().filter(|f| *f != CheckinField::WasSuccessful).map(|f| (f, &self.0[f as usize]))
    }
}

impl FromIterator<(CheckinField, String)> for Cells {
    fn from_iter<I: IntoIterator<Item = (CheckinField, String)>>(cells: I) -> Cells {
        let mut all = Cells::default();
        for (field, text) in cells {
            all.insert(field, text);
        }
        all
    }
}

impl Serialize for Cells {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.columns())
    }
}

impl<'de> Deserialize<'de> for Cells {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Cells, D::Error> {
        let map = std::collections::BTreeMap::<CheckinField, String>::deserialize(deserializer)?;
        Ok(map.into_iter().filter(|(f, _)| *f != CheckinField::WasSuccessful).collect())
    }
}

/// One check-in row as edited, and the row Graph sent, if any.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct CheckinDraft {
    /// The text cells: every column but `wasSuccessful`.
    pub cells: Cells,
    /// `wasSuccessful`.
    #[serde(default)]
    pub succeeded: bool,
    /// Shared by the draft and the copy it was loaded as.
    pub source: Option<Rc<CheckinStatus>>,
}

impl CheckinDraft {
    /// A cell as text (`wasSuccessful` as `true` or `false`).
    pub fn get(&self, field: CheckinField) -> &str {
        match field {
            CheckinField::WasSuccessful if self.succeeded => "true",
            CheckinField::WasSuccessful => "false",
            _ => self.cells.get(field),
        }
    }

    /// Whether the edited cells differ (the row Graph sent aside).
    pub fn same_values(&self, other: &CheckinDraft) -> bool {
        self.cells == other.cells && self.succeeded == other.succeeded
    }

    /// The row's cells exactly as Graph sent them.
    pub fn from_status(status: &CheckinStatus) -> CheckinDraft {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = CheckinField::ALL
            .into_iter()
            .filter(|f| *f != CheckinField::WasSuccessful)
            .map(|f| {
                let value = match f {
                    CheckinField::UserPrincipalName => text(&status.user_principal_name),
                    CheckinField::DeviceName => text(&status.device_name),
                    CheckinField::DevicePlatform => text(&status.device_platform),
                    CheckinField::DevicePlatformVersion => text(&status.device_platform_version),
                    CheckinField::WasSuccessful => String::new(),
                    CheckinField::UserId => text(&status.user_id),
                    CheckinField::CheckinDateTime => text(&status.checkin_date_time),
                    CheckinField::ErrorMessage => text(&status.error_message),
                    CheckinField::AppliedPolicies => status
                        .applied_policies
                        .iter()
                        .flatten()
                        .flatten()
                        .map(String::as_str)
                        .collect::<Vec<_>>()
                        .join("\n"),
                };
                (f, value)
            })
            .collect();
        CheckinDraft { cells, succeeded: status.was_successful.unwrap_or(false), source: Some(Rc::new(status.clone())) }
    }

    /// A new, empty row.
    pub fn blank() -> CheckinDraft {
        CheckinDraft::default()
    }
}

/// The check-in rows of a draft: shared until one is changed (copy on write), so the states a
/// session keeps (loaded, edited, the one before the last action) cost one list, not one each,
/// and comparing two that were never changed costs nothing, at 50,000 rows as at 5.
///
/// Each list has an [`id`](Rows::id): copies share it, and any change (any mutable access)
/// gives the list a new one, never given before. What is worked out from rows (the report's
/// selection, whether check-ins changed) is kept by it.
#[derive(Clone, Debug)]
pub struct Rows {
    rows: Rc<Vec<CheckinDraft>>,
    id: u64,
}

/// A list id no list had before.
fn fresh_id() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Rows {
    fn new(rows: Vec<CheckinDraft>) -> Rows {
        Rows { rows: Rc::new(rows), id: fresh_id() }
    }

    /// Whether both are the very same list (then they are equal without looking).
    pub fn shared_with(&self, other: &Rows) -> bool {
        Rc::ptr_eq(&self.rows, &other.rows)
    }

    /// This list as it is now: the same for its copies, a new one after any change.
    pub fn id(&self) -> u64 {
        self.id
    }
}

impl Default for Rows {
    fn default() -> Rows {
        Rows::new(Vec::new())
    }
}

impl PartialEq for Rows {
    fn eq(&self, other: &Rows) -> bool {
        self.shared_with(other) || self.rows == other.rows
    }
}

impl Serialize for Rows {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.rows.serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Rows {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Rows, D::Error> {
        Vec::<CheckinDraft>::deserialize(deserializer).map(Rows::new)
    }
}

impl std::ops::Deref for Rows {
    type Target = Vec<CheckinDraft>;
    fn deref(&self) -> &Vec<CheckinDraft> {
        &self.rows
    }
}

/// A change copies the list first when it is shared, and gives it a new id.
impl std::ops::DerefMut for Rows {
    fn deref_mut(&mut self) -> &mut Vec<CheckinDraft> {
        self.id = fresh_id();
        Rc::make_mut(&mut self.rows)
    }
}

impl<'a> IntoIterator for &'a Rows {
    type Item = &'a CheckinDraft;
    type IntoIter = std::slice::Iter<'a, CheckinDraft>;
    fn into_iter(self) -> Self::IntoIter {
        self.rows.iter()
    }
}

impl FromIterator<CheckinDraft> for Rows {
    fn from_iter<I: IntoIterator<Item = CheckinDraft>>(rows: I) -> Rows {
        Rows::new(rows.into_iter().collect())
    }
}

impl From<Vec<CheckinDraft>> for Rows {
    fn from(rows: Vec<CheckinDraft>) -> Rows {
        Rows::new(rows)
    }
}

/// Every editable value of one configuration, as text.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    pub display_name: String,
    pub description: String,
    pub priority: String,
    /// The payloads' JSON texts: shared, not copied, with the views that show them (they can
    /// be megabytes).
    pub policy_payload: Rc<str>,
    pub user_preference_payload: Rc<str>,
    pub succeeded_user_count: String,
    pub failed_user_count: String,
    pub assignments: Vec<AssignmentDraft>,
    pub checkin_statuses: Rows,
    /// The summary Graph sent, so its unknown properties are written back.
    pub summary_source: Option<CheckinSummary>,
}

/// A payload Graph sent that could not be decoded; its raw value is put in the editor instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadProblem {
    pub field: Field,
    pub error: StreamError,
}

fn number_text(value: &Option<Value>) -> String {
    match value {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

impl Draft {
    /// Builds the draft for an entity; payloads that cannot be decoded are reported and kept raw.
    pub fn from_entity(entity: &Configuration) -> (Draft, Vec<LoadProblem>) {
        let mut problems = Vec::new();
        let mut payload = |field: Field, value: &Option<Value>| match stream::decode(value.as_ref()) {
            Ok(decoded) => decoded.text().to_string(),
            Err(error) => {
                problems.push(LoadProblem { field, error });
                match value {
                    Some(Value::String(s)) => s.clone(),
                    Some(other) => other.to_string(),
                    None => String::new(),
                }
            }
        };
        let policy_payload = payload(Field::PolicyPayload, &entity.policy_payload);
        let user_preference_payload = payload(Field::UserPreferencePayload, &entity.user_preference_payload);
        let summary = entity.user_checkin_summary.clone().unwrap_or_default();
        let draft = Draft {
            display_name: entity.display_name.clone().unwrap_or_default(),
            description: entity.description.clone().unwrap_or_default(),
            priority: number_text(&entity.priority),
            policy_payload: policy_payload.into(),
            user_preference_payload: user_preference_payload.into(),
            succeeded_user_count: number_text(&summary.succeeded_user_count),
            failed_user_count: number_text(&summary.failed_user_count),
            assignments: entity
                .assignments
                .iter()
                .flatten()
                .map(|a| AssignmentDraft {
                    group_id: a.target.as_ref().and_then(|t| t.group_id.clone()).unwrap_or_default(),
                    source: Some(a.clone()),
                })
                .collect(),
            checkin_statuses: entity.checkin_statuses.iter().flatten().map(CheckinDraft::from_status).collect(),
            summary_source: entity.user_checkin_summary.clone(),
        };
        (draft, problems)
    }

    /// A payload's text, shared (`None` for any other field).
    pub fn shared(&self, field: Field) -> Option<Rc<str>> {
        match field {
            Field::PolicyPayload => Some(self.policy_payload.clone()),
            Field::UserPreferencePayload => Some(self.user_preference_payload.clone()),
            _ => None,
        }
    }

    /// The text of one field (`""` for a row that does not exist).
    pub fn get(&self, field: Field) -> &str {
        match field {
            Field::DisplayName => &self.display_name,
            Field::Description => &self.description,
            Field::Priority => &self.priority,
            Field::PolicyPayload => &self.policy_payload,
            Field::UserPreferencePayload => &self.user_preference_payload,
            Field::SucceededUserCount => &self.succeeded_user_count,
            Field::FailedUserCount => &self.failed_user_count,
            Field::AssignmentGroup(i) => self.assignments.get(i).map_or("", |a| a.group_id.as_str()),
            Field::Checkin(i, c) => self.checkin_statuses.get(i).map_or("", |r| r.get(c)),
        }
    }

    /// Sets a payload to a text shared with whoever made it (any other field to a copy).
    pub fn set_shared(&mut self, field: Field, text: Rc<str>) {
        match field {
            Field::PolicyPayload => self.policy_payload = text,
            Field::UserPreferencePayload => self.user_preference_payload = text,
            _ => self.set(field, text.to_string()),
        }
    }

    /// Sets one field to the text typed; a cell of a row that does not exist is ignored.
    pub fn set(&mut self, field: Field, raw: String) {
        let slot = match field {
            Field::DisplayName => &mut self.display_name,
            Field::Description => &mut self.description,
            Field::Priority => &mut self.priority,
            Field::PolicyPayload => return self.policy_payload = raw.into(),
            Field::UserPreferencePayload => return self.user_preference_payload = raw.into(),
            Field::SucceededUserCount => &mut self.succeeded_user_count,
            Field::FailedUserCount => &mut self.failed_user_count,
            Field::AssignmentGroup(i) => match self.assignments.get_mut(i) {
                Some(a) => &mut a.group_id,
                None => return,
            },
            Field::Checkin(_, CheckinField::WasSuccessful) => return self.set_checked(field, raw == "true"),
            Field::Checkin(i, c) => match self.checkin_statuses.get_mut(i) {
                Some(r) => r.cells.get_mut(c),
                None => return,
            },
        };
        *slot = raw;
    }

    /// Ticks or unticks a check box (`wasSuccessful` of a check-in row); other fields ignore it.
    pub fn set_checked(&mut self, field: Field, on: bool) {
        if let Field::Checkin(i, CheckinField::WasSuccessful) = field {
            if let Some(row) = self.checkin_statuses.get_mut(i) {
                row.succeeded = on;
            }
        }
    }

    /// Carries the admin's edits over to a newer copy of the configuration (a three-way merge):
    /// a field the admin changed since `base` keeps the admin's value; any other field takes
    /// the value of `newer`. A collection the admin changed is kept whole.
    pub fn rebase(&self, base: &Draft, newer: &Draft) -> Draft {
        let mut out = newer.clone();
        for field in Field::SCALARS {
            if self.get(field) != base.get(field) {
                out.set(field, self.get(field).to_string());
            }
        }
        if self.assignments != base.assignments {
            out.assignments = self.assignments.clone();
        }
        if self.checkin_statuses != base.checkin_statuses {
            out.checkin_statuses = self.checkin_statuses.clone();
        }
        out
    }

    /// What Graph holds after a save that got partly through, with `self` as what was loaded:
    /// the properties in `saved` take their edited values, every other keeps the loaded one.
    pub fn with_saved(&self, edited: &Draft, saved: &[Property]) -> Draft {
        let mut out = self.clone();
        for property in saved {
            match property {
                Property::DisplayName => out.display_name = edited.display_name.clone(),
                Property::Description => out.description = edited.description.clone(),
                Property::Priority => out.priority = edited.priority.clone(),
                Property::PolicyPayload => out.policy_payload = edited.policy_payload.clone(),
                Property::UserPreferencePayload => out.user_preference_payload = edited.user_preference_payload.clone(),
                Property::UserCheckinSummary => {
                    out.succeeded_user_count = edited.succeeded_user_count.clone();
                    out.failed_user_count = edited.failed_user_count.clone();
                    out.summary_source = edited.summary_source.clone();
                }
                Property::CheckinStatuses => out.checkin_statuses = edited.checkin_statuses.clone(),
                Property::Assignments => out.assignments = edited.assignments.clone(),
            }
        }
        out
    }

    /// The fields that exist in this draft, in form order.
    pub fn fields(&self) -> Vec<Field> {
        let mut fields = Field::SCALARS.to_vec();
        fields.extend((0..self.assignments.len()).map(Field::AssignmentGroup));
        for i in 0..self.checkin_statuses.len() {
            fields.extend(CheckinField::ALL.into_iter().map(|c| Field::Checkin(i, c)));
        }
        fields
    }
}

#[cfg(test)]
mod tests {
    /// Kept drafts store a row's cells as a map from column to text, as they always have: a
    /// draft kept before still reads, and one kept now reads in an older tab.
    #[test]
    fn cells_keep_their_stored_form() {
        let mut cells = Cells::default();
        cells.insert(CheckinField::DeviceName, "PC-1".into());
        cells.insert(CheckinField::AppliedPolicies, "A\nB".into());
        let stored = serde_json::to_value(&cells).unwrap();
        assert_eq!(
            stored,
            serde_json::json!({"UserPrincipalName": "", "DeviceName": "PC-1", "DevicePlatform": "", "DevicePlatformVersion": "",
                "UserId": "", "CheckinDateTime": "", "ErrorMessage": "", "AppliedPolicies": "A\nB"})
        );
        assert_eq!(serde_json::from_value::<Cells>(stored).unwrap(), cells);
        let older: Cells = serde_json::from_str(r#"{"DeviceName": "PC-1", "AppliedPolicies": "A\nB"}"#).unwrap();
        assert_eq!(older, cells, "a column it lacks is empty");
    }

    use super::*;
    use crate::core::wire::model::tests::SEED_RESPONSE;

    /// Each field's path names properties the published contract has, along its way (a path
    /// is how the form names its controls and how a field's error names what Graph refused).
    #[test]
    fn paths_are_graph_property_paths_the_contract_has() {
        use crate::core::wire::contract::{self, CHECKIN_STATUS, CHECKIN_SUMMARY, CONFIGURATION};
        let mut fields: Vec<Field> = Field::SCALARS.to_vec();
        fields.push(Field::AssignmentGroup(2));
        fields.extend(CheckinField::ALL.into_iter().map(|c| Field::Checkin(3, c)));
        for field in fields {
            let path = field.path();
            let parts: Vec<&str> = path.split('.').collect();
            let known = match parts.as_slice() {
                [name] => contract::property(CONFIGURATION, name).is_some(),
                ["userCheckinSummary", name] => contract::property(CHECKIN_SUMMARY, name).is_some(),
                ["checkinStatuses", "3", name] => contract::property(CHECKIN_STATUS, name).is_some(),
                // A navigation property: the group of an assignment's target.
                ["assignments", "2", "target", "groupId"] => true,
                _ => false,
            };
            assert!(known, "{field:?} is {path}, which the contract does not have");
        }
    }

    #[test]
    fn seed_entity_becomes_a_draft_and_flags_its_placeholder_payloads() {
        let entity = Configuration::from_json(SEED_RESPONSE).unwrap();
        let (draft, problems) = Draft::from_entity(&entity);
        assert_eq!(draft.display_name, "Display Name value");
        assert_eq!(draft.priority, "8");
        assert_eq!(draft.succeeded_user_count, "2");
        assert_eq!(draft.failed_user_count, "15");
        assert_eq!(draft.get(Field::Checkin(0, CheckinField::WasSuccessful)), "true");
        assert_eq!(draft.get(Field::Checkin(0, CheckinField::AppliedPolicies)), "Applied Policies value");
        assert_eq!(&*draft.policy_payload, "<Unknown Primitive Type Edm.Stream>");
        let fields: Vec<_> = problems.iter().map(|p| p.field).collect();
        assert_eq!(fields, vec![Field::PolicyPayload, Field::UserPreferencePayload]);
    }

    #[test]
    fn rebase_keeps_the_admins_edits_and_takes_the_rest_from_the_newer_copy() {
        let base =
            Draft { display_name: "A".into(), description: "d".into(), priority: "1".into(), ..Draft::default() };
        let mine = Draft { display_name: "Mine".into(), ..base.clone() };
        let mut newer = Draft { description: "server".into(), priority: "2".into(), ..base.clone() };
        newer.assignments.push(AssignmentDraft { group_id: "g".into(), source: None });
        let merged = mine.rebase(&base, &newer);
        assert_eq!(
            (merged.display_name.as_str(), merged.description.as_str(), merged.priority.as_str()),
            ("Mine", "server", "2")
        );
        assert_eq!(merged.assignments.len(), 1, "untouched collections follow the server");
        let mut mine_rows = mine.clone();
        mine_rows.checkin_statuses.push(CheckinDraft::blank());
        assert_eq!(mine_rows.rebase(&base, &newer).checkin_statuses.len(), 1, "edited collections are kept");
    }

    #[test]
    fn set_and_get_address_the_same_cell() {
        let mut draft = Draft::default();
        draft.assignments.push(AssignmentDraft::default());
        draft.checkin_statuses.push(CheckinDraft::blank());
        let check_box = Field::Checkin(0, CheckinField::WasSuccessful);
        for field in draft.clone().fields().into_iter().filter(|f| *f != check_box) {
            draft.set(field, format!("v:{field}"));
            assert_eq!(draft.get(field), format!("v:{field}"));
        }
        // The check box is a bool: ticked through either door, read back as text.
        draft.set_checked(check_box, true);
        assert_eq!((draft.get(check_box), draft.checkin_statuses[0].succeeded), ("true", true));
        draft.set(check_box, "false".into());
        assert!(!draft.checkin_statuses[0].succeeded);
        draft.set_checked(Field::DisplayName, true);
        assert_eq!(draft.display_name, "v:displayName", "only a check box can be ticked");
        draft.set(Field::AssignmentGroup(5), "ignored".into());
        assert_eq!(draft.get(Field::AssignmentGroup(5)), "");
    }
}
