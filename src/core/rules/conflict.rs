//! What changed on the server while the admin was editing, field by field, so the admin can
//! choose — never a silent overwrite.

use crate::core::rules::draft::{Draft, Field};

/// What a conflict row is about: a single-valued field, or a whole collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictKey {
    Field(Field),
    Assignments,
    CheckinStatuses,
}

impl ConflictKey {
    /// The Graph property path, as the panel shows it.
    pub fn path(self) -> String {
        match self {
            ConflictKey::Field(f) => f.path(),
            ConflictKey::Assignments => "assignments".into(),
            ConflictKey::CheckinStatuses => "checkinStatuses".into(),
        }
    }
}

/// One field that changed on the server since the editor loaded it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConflictRow {
    pub key: ConflictKey,
    /// The value when the editor loaded it.
    pub base: String,
    /// The value on the server now.
    pub theirs: String,
    /// The admin's value.
    pub mine: String,
    /// Whether the admin changed it too, to another value than theirs.
    pub both_changed: bool,
}

/// How the admin resolves a conflict.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolution {
    /// Keep my value where we both changed a field; take theirs elsewhere.
    KeepMine,
    /// Take theirs where we both changed a field; keep my other edits.
    TakeTheirs,
}

fn summary<T>(rows: &[T], noun: &str) -> String {
    format!("{} {noun}", rows.len())
}

/// The fields the server changed since `base`, beside the admin's values.
pub fn compare(base: &Draft, theirs: &Draft, mine: &Draft) -> Vec<ConflictRow> {
    let mut rows: Vec<ConflictRow> = Field::SCALARS
        .into_iter()
        .filter(|&f| theirs.get(f) != base.get(f))
        .map(|f| ConflictRow {
            key: ConflictKey::Field(f),
            base: base.get(f).to_string(),
            theirs: theirs.get(f).to_string(),
            mine: mine.get(f).to_string(),
            both_changed: mine.get(f) != base.get(f) && mine.get(f) != theirs.get(f),
        })
        .collect();
    if theirs.assignments != base.assignments {
        let groups = |d: &Draft| d.assignments.iter().map(|a| a.group_id.clone()).collect::<Vec<_>>().join(", ");
        rows.push(ConflictRow {
            key: ConflictKey::Assignments,
            base: groups(base),
            theirs: groups(theirs),
            mine: groups(mine),
            both_changed: mine.assignments != base.assignments && mine.assignments != theirs.assignments,
        });
    }
    if theirs.checkin_statuses != base.checkin_statuses {
        rows.push(ConflictRow {
            key: ConflictKey::CheckinStatuses,
            base: summary(&base.checkin_statuses, "rows"),
            theirs: summary(&theirs.checkin_statuses, "rows (changed)"),
            mine: summary(&mine.checkin_statuses, "rows"),
            both_changed: mine.checkin_statuses != base.checkin_statuses
                && mine.checkin_statuses != theirs.checkin_statuses,
        });
    }
    rows
}

/// The draft after resolving: a merge of mine and theirs over `base`.
pub fn resolve(base: &Draft, theirs: &Draft, mine: &Draft, resolution: Resolution) -> Draft {
    match resolution {
        Resolution::KeepMine => mine.rebase(base, theirs),
        Resolution::TakeTheirs => {
            let mut merged = mine.rebase(base, theirs);
            for row in compare(base, theirs, mine).iter().filter(|r| r.both_changed) {
                match row.key {
                    ConflictKey::Assignments => merged.assignments = theirs.assignments.clone(),
                    ConflictKey::CheckinStatuses => merged.checkin_statuses = theirs.checkin_statuses.clone(),
                    ConflictKey::Field(f) => merged.set(f, theirs.get(f).to_string()),
                }
            }
            merged
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn drafts() -> (Draft, Draft, Draft) {
        let base =
            Draft { display_name: "A".into(), description: "d".into(), priority: "1".into(), ..Draft::default() };
        let theirs = Draft { display_name: "Theirs".into(), priority: "5".into(), ..base.clone() };
        let mine = Draft { display_name: "Mine".into(), description: "mine".into(), ..base.clone() };
        (base, theirs, mine)
    }

    #[test]
    fn rows_show_what_the_server_changed_beside_mine() {
        let (base, theirs, mine) = drafts();
        let rows = compare(&base, &theirs, &mine);
        assert_eq!(
            rows,
            vec![
                ConflictRow {
                    key: ConflictKey::Field(Field::DisplayName),
                    base: "A".into(),
                    theirs: "Theirs".into(),
                    mine: "Mine".into(),
                    both_changed: true
                },
                ConflictRow {
                    key: ConflictKey::Field(Field::Priority),
                    base: "1".into(),
                    theirs: "5".into(),
                    mine: "1".into(),
                    both_changed: false
                },
            ]
        );
        assert!(compare(&base, &base, &mine).is_empty());
    }

    #[test]
    fn resolutions_merge_both_sides() {
        let (base, theirs, mine) = drafts();
        let kept = resolve(&base, &theirs, &mine, Resolution::KeepMine);
        assert_eq!(
            (kept.display_name.as_str(), kept.description.as_str(), kept.priority.as_str()),
            ("Mine", "mine", "5")
        );
        let taken = resolve(&base, &theirs, &mine, Resolution::TakeTheirs);
        assert_eq!(
            (taken.display_name.as_str(), taken.description.as_str(), taken.priority.as_str()),
            ("Theirs", "mine", "5")
        );
    }
}
