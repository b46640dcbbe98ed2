//! The editor's state and its one reducer.
//!
//! Everything the form shows is derived here: loaded vs. edited values, field errors, dirty
//! flags, whether Save is possible, and the save status. I/O never happens in `apply`; its
//! results come back as actions. Invariant: a failure never touches the admin's draft; only a
//! successful save replaces it, and a reload or a resolved conflict merges the admin's edits
//! onto the newer copy (`Draft::rebase`), so no edit is ever lost.

use crate::core::rules::conflict::{self, ConflictRow, Resolution};
use crate::core::rules::draft::{AssignmentDraft, CheckinDraft, Draft, Field, LoadProblem};
use crate::core::rules::patch::{self, SavePlan, SaveResult, SaveStep};
use crate::core::rules::review::Review;
use crate::core::rules::validate::{self, FieldErrors};
use crate::core::wire::model::{Configuration, Property, CONFIGURATION_TYPE};
use crate::core::wire::response::GraphError;
use crate::core::wire::stream;
use std::rc::Rc;

/// Loading the configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum LoadStatus {
    #[default]
    Loading,
    Ready,
    Failed(GraphError),
}

/// Saving it.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum SaveStatus {
    #[default]
    Idle,
    /// The server was checked; the admin is reviewing what will be sent: this very save.
    Reviewing(Box<Review>),
    Saving,
    /// Saved; the names of the properties that were sent (`assignments` for an assign).
    Saved {
        properties: Vec<Property>,
    },
    Failed(GraphError),
    /// Part of a save went through: the properties sent by the PATCH (and `assignments`
    /// when the assign ran) are saved; `step` failed with `error`, and what it would have
    /// saved is still in the form as edits.
    Partial {
        saved: Vec<Property>,
        step: SaveStep,
        error: GraphError,
    },
    /// The configuration changed on the server in a way that meets the admin's edits; nothing
    /// was sent, and nothing is until the admin chooses.
    Conflict(Box<Conflict>),
}

/// A copy of the configuration from the server that changed since the admin's edits were made.
#[derive(Clone, Debug, PartialEq)]
pub struct Conflict {
    /// The server's copy now.
    pub theirs: Configuration,
    /// What the admin's edits were made on.
    pub base: Draft,
}

/// Property names for people: `displayName, priority`.
fn names(properties: &[Property]) -> String {
    properties.iter().map(|p| p.name()).collect::<Vec<_>>().join(", ")
}

impl SaveStatus {
    /// The status line for people; empty when there is nothing to say.
    pub fn summary(&self) -> String {
        match self {
            SaveStatus::Reviewing(_) => "Review what will be sent, then confirm.".into(),
            SaveStatus::Saving => "Saving…".into(),
            SaveStatus::Saved { properties } => format!("Saved: {}.", names(properties)),
            SaveStatus::Partial { saved, step: SaveStep::ReadBack, .. } => format!(
                "Saved: {}. Reading the configuration back failed, so the form shows your values rather than Graph's: reload it to see what Graph holds.",
                names(saved)
            ),
            SaveStatus::Partial { saved, step: SaveStep::Patch, .. } => format!(
                "Partly saved. Saved: {}. The other changes were not saved — they are still in the form as your edits; save again.",
                names(saved)
            ),
            SaveStatus::Partial { saved, .. } => format!(
                "Partly saved. Saved: {}. Not saved: assignments — they are still in the form as your edits; save again.",
                names(saved)
            ),
            _ => String::new(),
        }
    }
}

/// Everything the admin can do, and everything I/O reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    LoadStarted,
    LoadFinished(Result<Configuration, GraphError>),
    SetField {
        field: Field,
        raw: String,
    },
    /// A payload's new text, shared with the view that made it (the Settings view), not copied.
    SetPayload {
        field: Field,
        text: Rc<str>,
    },
    /// Ticks or unticks a check box.
    SetChecked {
        field: Field,
        on: bool,
    },
    FormatPayload {
        field: Field,
    },
    AddAssignment,
    /// A group picked by name: a new target with its id (none if it is a target already).
    AddGroup(String),
    RemoveAssignment {
        index: usize,
    },
    AddCheckinStatus,
    RemoveCheckinStatus {
        index: usize,
    },
    DiscardEdits,
    /// Puts back edits kept in the browser's storage, by a three-way merge: `base` is what they
    /// were made on, the configuration loaded now is the server's copy. Fields both sides
    /// changed go to the conflict panel.
    RestoreDraft {
        base: Draft,
        draft: Draft,
    },
    /// A fresh copy of the configuration read before a save: when its content differs from
    /// what the edits were made on, the admin chooses.
    ConflictFound(Configuration),
    /// Graph refused the PATCH (`412`: the version moved after the check); `theirs` was read
    /// again. Content that differs goes to the conflict panel; the same content is taken as
    /// the new base, and the refusal is shown so the admin saves again.
    PreconditionFailed {
        theirs: Configuration,
        error: GraphError,
    },
    /// The admin chose how to merge: the server's copy becomes the base, and the draft is
    /// merged; the next Save sends the result.
    ResolveConflict(Resolution),
    /// The admin closed the conflict without choosing.
    DismissConflict,
    SaveStarted,
    /// The check found nothing changed on the server: this save waits for the admin's review.
    Review(Box<Review>),
    /// The admin closed the review without saving.
    CancelReview,
    /// The save's requests are being sent (again, for a retry of what is left).
    Sending,
    /// Every step of the save went through; these properties were sent.
    SavedAll(Vec<Property>),
    /// The save stopped at `step` after these properties went through.
    SavedPart {
        saved: Vec<Property>,
        step: SaveStep,
        error: GraphError,
    },
    SaveFinished(Result<SaveResult, GraphError>),
}

impl Action {
    /// Whether this is something the admin does to the form, rather than a report of I/O.
    pub fn is_edit(&self) -> bool {
        matches!(
            self,
            Action::SetField { .. }
                | Action::SetPayload { .. }
                | Action::SetChecked { .. }
                | Action::FormatPayload { .. }
                | Action::AddAssignment
                | Action::AddGroup(_)
                | Action::RemoveAssignment { .. }
                | Action::AddCheckinStatus
                | Action::RemoveCheckinStatus { .. }
                | Action::DiscardEdits
                | Action::ResolveConflict(_)
                | Action::DismissConflict
        )
    }
}

/// The state of one open configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EditorState {
    /// The configuration as last read from Graph.
    pub entity: Option<Configuration>,
    /// Its draft form: what "unchanged" means.
    pub loaded: Draft,
    /// What the admin sees and edits.
    pub draft: Draft,
    /// Payloads Graph sent that could not be decoded.
    pub load_problems: Vec<LoadProblem>,
    /// Errors of the fields the admin changed.
    pub errors: FieldErrors,
    /// What Save would send now: made when first asked for after an action (it encodes the
    /// payloads, which a keystroke must not pay for).
    pending: Derived<SavePlan>,
    /// Which properties differ from what was loaded; derived after every action, like `errors`.
    changed: Vec<Property>,
    pub load: LoadStatus,
    pub save: SaveStatus,
}

/// A value derived from the rest of the state and made on first use: two states are equal
/// whether or not it has been made yet.
#[derive(Clone, Debug, Default)]
pub struct Derived<T>(std::cell::OnceCell<T>);

impl<T> PartialEq for Derived<T> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl EditorState {
    /// Applies one action and returns the next state.
    pub fn apply(mut self, action: Action) -> EditorState {
        // Where a save stands changes neither the form nor what it would send: nothing to
        // validate or plan again (a payload of megabytes is not read for it).
        let status_only = matches!(
            action,
            Action::LoadStarted
                | Action::SaveStarted
                | Action::Review(_)
                | Action::CancelReview
                | Action::Sending
                | Action::SavedAll(_)
                | Action::SavedPart { .. }
                | Action::SaveFinished(Err(_))
        );
        match action {
            Action::LoadStarted => {
                self.load = LoadStatus::Loading;
            }
            Action::LoadFinished(Ok(entity)) => {
                // A reload (after a sign-in, say) must not wipe edits in progress, nor take
                // "mine" over a field the server changed too.
                if self.entity.is_some() && self.draft != self.loaded {
                    let (base, mine) = (self.loaded.clone(), self.draft.clone());
                    self.absorb(entity, base, mine);
                } else {
                    self.replace_entity(entity);
                }
                self.load = LoadStatus::Ready;
            }
            Action::LoadFinished(Err(error)) => self.load = LoadStatus::Failed(error),
            Action::SetField { field, raw } => self.draft.set(field, raw),
            Action::SetPayload { field, text } => self.draft.set_shared(field, text),
            Action::SetChecked { field, on } => self.draft.set_checked(field, on),
            Action::FormatPayload { field } => {
                // Invalid JSON stays as typed; its error is already shown beside the editor.
                if let Ok(pretty) = stream::format_json(self.draft.get(field)) {
                    self.draft.set(field, pretty);
                }
            }
            Action::AddAssignment => self.draft.assignments.push(AssignmentDraft::default()),
            Action::AddGroup(id) => {
                let id = id.trim().to_ascii_lowercase();
                if !self.draft.assignments.iter().any(|a| a.group_id.trim().eq_ignore_ascii_case(&id)) {
                    self.draft.assignments.push(AssignmentDraft { group_id: id, source: None });
                }
            }
            Action::RemoveAssignment { index } if index < self.draft.assignments.len() => {
                self.draft.assignments.remove(index);
            }
            Action::AddCheckinStatus => self.draft.checkin_statuses.push(CheckinDraft::blank()),
            Action::RemoveCheckinStatus { index } if index < self.draft.checkin_statuses.len() => {
                self.draft.checkin_statuses.remove(index);
            }
            Action::RemoveAssignment { .. } | Action::RemoveCheckinStatus { .. } => {}
            Action::DiscardEdits => self.draft = self.loaded.clone(),
            Action::RestoreDraft { base, draft } => {
                if let Some(server) = self.entity.clone() {
                    self.absorb(server, base, draft);
                }
            }
            Action::ConflictFound(theirs) => self.found(theirs, SaveStatus::Idle),
            Action::PreconditionFailed { theirs, error } => self.found(theirs, SaveStatus::Failed(error)),
            Action::ResolveConflict(resolution) => {
                if let SaveStatus::Conflict(conflict) = std::mem::take(&mut self.save) {
                    let Conflict { theirs, base } = *conflict;
                    let mine = self.draft.clone();
                    self.replace_entity(theirs);
                    self.draft = conflict::resolve(&base, &self.loaded, &mine, resolution);
                }
            }
            Action::DismissConflict => {
                if matches!(self.save, SaveStatus::Conflict(_)) {
                    self.save = SaveStatus::Idle;
                }
            }
            Action::SaveStarted if self.can_save() => self.save = SaveStatus::Saving,
            Action::SaveStarted => {}
            Action::Review(plan) => self.save = SaveStatus::Reviewing(plan),
            Action::CancelReview if self.review().is_some() => self.save = SaveStatus::Idle,
            Action::CancelReview => {}
            Action::Sending => self.save = SaveStatus::Saving,
            Action::SavedAll(properties) => self.save = SaveStatus::Saved { properties },
            Action::SavedPart { saved, step, error } => self.save = SaveStatus::Partial { saved, step, error },
            Action::SaveFinished(Ok(result)) => self.saved(result),
            Action::SaveFinished(Err(error)) => self.save = SaveStatus::Failed(error),
        }
        if !status_only {
            self.errors = validate::validate(&self.loaded, &self.draft);
            self.changed = patch::changed(&self.loaded, &self.draft);
            self.pending = Derived::default();
        }
        self
    }

    /// Records what a save got through: the saved parts leave the edits, the rest stay.
    fn saved(&mut self, result: SaveResult) {
        let SaveResult { entity, assignments, mut patched, assigned, failure } = result;
        let mut saved = patched.clone();
        if assigned {
            saved.push(Property::Assignments);
        }
        let saved_base = self.loaded.with_saved(&self.draft, &saved);
        let mine = std::mem::take(&mut self.draft);
        match entity {
            Some(mut entity) => {
                // A PATCH response need not expand the assignments navigation property.
                if let Some(assigned) = assignments {
                    entity.assignments = Some(assigned);
                } else if entity.assignments.is_none() {
                    entity.assignments = self.entity.as_ref().and_then(|e| e.assignments.clone());
                }
                self.replace_entity(entity);
                self.draft = mine.rebase(&saved_base, &self.loaded);
            }
            None => {
                // Graph's copy is unknown: what was saved is the new "unchanged".
                self.loaded = saved_base;
                self.draft = mine;
            }
        }
        if assigned {
            patched.push(Property::Assignments);
        }
        self.save = match failure {
            None => SaveStatus::Saved { properties: patched },
            Some((step, error)) => SaveStatus::Partial { saved: patched, step, error },
        };
    }

    /// A newer copy read around a save: the conflict panel when its content moved, else it
    /// becomes the base (only its version moved) and the save ends as `otherwise`.
    fn found(&mut self, theirs: Configuration, otherwise: SaveStatus) {
        let (base, mine) = (self.loaded.clone(), self.draft.clone());
        if conflict::compare(&base, &Draft::from_entity(&theirs).0, &mine).is_empty() {
            self.replace_entity(theirs);
            self.draft = mine.rebase(&base, &self.loaded);
            self.save = otherwise;
        } else {
            self.save = SaveStatus::Conflict(Box::new(Conflict { theirs, base }));
        }
    }

    /// Takes a newer copy of the configuration while the admin has edits `mine` made on `base`:
    /// a three-way merge when no field was changed on both sides, else the conflict panel.
    fn absorb(&mut self, theirs: Configuration, base: Draft, mine: Draft) {
        let both_changed =
            conflict::compare(&base, &Draft::from_entity(&theirs).0, &mine).iter().any(|row| row.both_changed);
        if both_changed {
            self.draft = mine;
            self.save = SaveStatus::Conflict(Box::new(Conflict { theirs, base }));
        } else {
            self.replace_entity(theirs);
            self.draft = mine.rebase(&base, &self.loaded);
        }
    }

    fn replace_entity(&mut self, entity: Configuration) {
        let (draft, problems) = Draft::from_entity(&entity);
        self.loaded = draft.clone();
        self.draft = draft;
        self.load_problems = problems;
        self.entity = Some(entity);
    }

    /// Whether a copy of the configuration read just now differs in content from what the
    /// editor loaded. The content always decides: a server may change a value without moving
    /// `lastModifiedDateTime` or the ETag, and may move them without changing a value.
    pub fn changed_on_server(&self, fresh: &Configuration) -> bool {
        Draft::from_entity(fresh).0 != self.loaded
    }

    /// The rows of the conflict being shown.
    pub fn conflict_rows(&self) -> Vec<ConflictRow> {
        match &self.save {
            SaveStatus::Conflict(c) => conflict::compare(&c.base, &Draft::from_entity(&c.theirs).0, &self.draft),
            _ => Vec::new(),
        }
    }

    /// The `@odata.type` to send: the entity's own, or the documented one.
    pub fn odata_type(&self) -> &str {
        self.entity.as_ref().and_then(|e| e.odata_type.as_deref()).unwrap_or(CONFIGURATION_TYPE)
    }

    /// The minimal save for the current draft.
    pub fn plan(&self) -> &SavePlan {
        self.pending.0.get_or_init(|| SavePlan {
            if_match: self.entity.as_ref().and_then(Configuration::etag),
            ..patch::plan(&self.loaded, &self.draft, self.odata_type())
        })
    }

    /// Whether the group targets changed (an `assign` would be sent).
    pub fn assignments_changed(&self) -> bool {
        self.changed.contains(&Property::Assignments)
    }

    /// Whether this field differs from what was loaded.
    pub fn is_dirty(&self, field: Field) -> bool {
        // A payload's answer is already in `changed`: no second walk over megabytes per render.
        match field {
            Field::PolicyPayload => self.changed.contains(&Property::PolicyPayload),
            Field::UserPreferencePayload => self.changed.contains(&Property::UserPreferencePayload),
            _ => validate::is_dirty(&self.loaded, &self.draft, field),
        }
    }

    /// Whether anything would be sent.
    pub fn has_changes(&self) -> bool {
        !self.changed.is_empty()
    }

    pub fn is_saving(&self) -> bool {
        self.save == SaveStatus::Saving
    }

    /// The save the admin is reviewing, if a review is open.
    pub fn review(&self) -> Option<&SavePlan> {
        self.review_shown().map(|review| &review.plan)
    }

    /// What the open review shows.
    pub fn review_shown(&self) -> Option<&Review> {
        match &self.save {
            SaveStatus::Reviewing(review) => Some(review),
            _ => None,
        }
    }

    /// Save is possible: loaded, changed, valid, and not already saving.
    pub fn can_save(&self) -> bool {
        self.load == LoadStatus::Ready
            && !self.is_saving()
            && self.review().is_none()
            && !matches!(self.save, SaveStatus::Conflict(_))
            && self.errors.is_empty()
            && self.has_changes()
    }

    /// Why Save is disabled, for its tooltip.
    pub fn save_blocker(&self) -> Option<String> {
        if self.load != LoadStatus::Ready {
            Some("The configuration has not loaded.".into())
        } else if self.is_saving() {
            Some("Saving…".into())
        } else if self.review().is_some() {
            Some("Confirm or cancel the review first.".into())
        } else if matches!(self.save, SaveStatus::Conflict(_)) {
            Some("Choose how to resolve the conflict first.".into())
        } else if !self.errors.is_empty() {
            Some(format!("Fix {} field error(s) first.", self.errors.len()))
        } else if !self.has_changes() {
            Some("Nothing has changed.".into())
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rules::draft::CheckinField;
    use crate::core::wire::response::GraphErrorDetail;

    fn ready() -> EditorState {
        let entity = Configuration::from_json(
            r##"{"@odata.type":"#microsoft.graph.windowsOfficeClientConfiguration","id":"c1","displayName":"Baseline","priority":1,
                "policyPayload":"e30=","assignments":[{"id":"a","target":{"groupId":"5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"}}]}"##,
        )
        .unwrap();
        EditorState::default().apply(Action::LoadStarted).apply(Action::LoadFinished(Ok(entity)))
    }

    fn set(field: Field, raw: &str) -> Action {
        Action::SetField { field, raw: raw.into() }
    }

    const GROUP: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    #[test]
    fn a_group_picked_by_name_is_added_once() {
        let before = ready().draft.assignments.len();
        let state = ready().apply(Action::AddGroup(GROUP.to_uppercase())).apply(Action::AddGroup(format!(" {GROUP} ")));
        assert_eq!(state.draft.assignments.len(), before + 1);
        assert_eq!(state.draft.assignments.last().unwrap().group_id, GROUP);
    }

    fn forbidden() -> GraphError {
        GraphError::Graph(Box::new(GraphErrorDetail { status: 403, code: "Forbidden".into(), ..Default::default() }))
    }

    #[test]
    fn save_is_enabled_only_when_loaded_changed_and_valid() {
        let cases: Vec<(Vec<Action>, bool)> = vec![
            (vec![], false),
            (vec![set(Field::DisplayName, "New")], true),
            (vec![set(Field::DisplayName, "")], false),
            (vec![set(Field::PolicyPayload, "{")], false),
            (vec![set(Field::PolicyPayload, "{ }")], false),
            (vec![set(Field::Priority, "-1")], false),
            (vec![set(Field::Priority, "2"), Action::SaveStarted], false),
            (vec![set(Field::Priority, "2"), Action::DiscardEdits], false),
            (vec![Action::AddAssignment], false),
            (vec![Action::AddGroup(GROUP.to_uppercase())], true),
            (vec![Action::AddGroup(GROUP.into()), Action::AddGroup(GROUP.into())], true),
            (vec![Action::RemoveAssignment { index: 0 }], true),
            // userId and checkinDateTime are not nullable: a new row needs both.
            (vec![Action::AddCheckinStatus], false),
            (
                vec![
                    Action::AddCheckinStatus,
                    set(Field::Checkin(0, CheckinField::UserId), GROUP),
                    set(Field::Checkin(0, CheckinField::CheckinDateTime), "2026-11-28T09:30:00Z"),
                ],
                true,
            ),
            (vec![Action::AddCheckinStatus, set(Field::Checkin(0, CheckinField::UserId), "bob")], false),
        ];
        for (i, (actions, expected)) in cases.into_iter().enumerate() {
            let state = actions.into_iter().fold(ready(), EditorState::apply);
            assert_eq!(state.can_save(), expected, "case {i}: {:?} {:?}", state.errors, state.save_blocker());
        }
        assert!(!EditorState::default().can_save());
    }

    #[test]
    fn a_failed_save_keeps_every_edit() {
        let edited = ready().apply(set(Field::DisplayName, "Edited")).apply(set(Field::PolicyPayload, "{\"a\":1}"));
        let failed = edited.clone().apply(Action::SaveStarted).apply(Action::SaveFinished(Err(forbidden())));
        assert_eq!(failed.draft, edited.draft);
        assert_eq!(failed.save, SaveStatus::Failed(forbidden()));
        assert!(failed.can_save(), "the admin can save again");
    }

    fn saved_ok(entity: Option<Configuration>, patched: &[Property], assigned: bool) -> SaveResult {
        SaveResult { entity, assignments: None, patched: patched.to_vec(), assigned, failure: None }
    }

    #[test]
    fn a_successful_save_reloads_from_graph_and_keeps_assignments() {
        let state = ready().apply(set(Field::DisplayName, "Edited")).apply(Action::SaveStarted);
        assert!(state.is_saving());
        let returned =
            Configuration { id: Some("c1".into()), display_name: Some("Edited".into()), ..Default::default() };
        let saved = state.apply(Action::SaveFinished(Ok(saved_ok(Some(returned), &[Property::DisplayName], false))));
        assert_eq!(saved.save, SaveStatus::Saved { properties: vec![Property::DisplayName] });
        assert_eq!(saved.save.summary(), "Saved: displayName.");
        assert_eq!(saved.draft.display_name, "Edited");
        assert_eq!(saved.draft.assignments.len(), 1, "kept from before");
        assert!(!saved.has_changes());
    }

    #[test]
    fn a_partial_save_keeps_only_the_unsaved_part_as_edits() {
        let edited = ready()
            .apply(set(Field::DisplayName, "Edited"))
            .apply(set(Field::Priority, "4"))
            .apply(Action::AddAssignment)
            .apply(set(Field::AssignmentGroup(1), "0b3c5d7e-1f2a-4b6c-8d9e-a1b2c3d4e5f6"))
            .apply(Action::SaveStarted);
        let mut returned = edited.entity.clone().unwrap();
        returned.display_name = Some("Edited".into());
        returned.priority = Some(serde_json::json!(4));
        returned.assignments = None;
        // The PATCH went through (200 with the entity), the assign failed.
        let partial = edited.clone().apply(Action::SaveFinished(Ok(SaveResult {
            failure: Some((SaveStep::Assign, forbidden())),
            ..saved_ok(Some(returned), &[Property::DisplayName, Property::Priority], false)
        })));
        assert_eq!(
            partial.save,
            SaveStatus::Partial {
                saved: vec![Property::DisplayName, Property::Priority],
                step: SaveStep::Assign,
                error: forbidden()
            }
        );
        assert!(partial.save.summary().contains("Saved: displayName, priority. Not saved: assignments"));
        assert!(!partial.is_dirty(Field::DisplayName) && !partial.is_dirty(Field::Priority), "saved: no longer edits");
        assert_eq!(partial.draft.assignments.len(), 2, "the unsaved assignment is still in the form");
        assert!(partial.plan().patch.is_none() && partial.plan().assign.is_some(), "the next save sends only the rest");
        assert!(partial.can_save());

        // 204, then the assign failed: Graph's copy is unknown, what was saved stops being an edit.
        let unknown = edited.clone().apply(Action::SaveFinished(Ok(SaveResult {
            failure: Some((SaveStep::Assign, forbidden())),
            ..saved_ok(None, &[Property::DisplayName, Property::Priority], false)
        })));
        assert!(unknown.plan().patch.is_none() && unknown.plan().assign.is_some());
        assert_eq!(unknown.draft.display_name, "Edited");

        // Everything was sent, the read-back failed: nothing is left to send.
        let unread = edited.apply(Action::SaveFinished(Ok(SaveResult {
            failure: Some((SaveStep::ReadBack, forbidden())),
            ..saved_ok(None, &[Property::DisplayName, Property::Priority], true)
        })));
        assert!(!unread.has_changes(), "{:?}", unread.plan());
        assert!(unread
            .save
            .summary()
            .starts_with("Saved: displayName, priority, assignments. Reading the configuration back failed"));
    }

    #[test]
    fn every_patch_carries_the_etag_graph_gave() {
        let mut entity = ready().entity.unwrap();
        entity.extra.insert("@odata.etag".into(), serde_json::json!("W/\"7\""));
        let state = EditorState::default().apply(Action::LoadFinished(Ok(entity))).apply(set(Field::Description, "x"));
        assert_eq!(state.plan().if_match.as_deref(), Some("W/\"7\""));
        assert_eq!(ready().apply(set(Field::Description, "x")).plan().if_match, None, "no ETag, no If-Match");
    }

    #[test]
    fn a_412_whose_content_did_not_change_takes_the_new_version_and_keeps_the_edits() {
        let edited = ready().apply(set(Field::Description, "mine")).apply(Action::SaveStarted);
        let mut touched = edited.entity.clone().unwrap();
        touched.extra.insert("@odata.etag".into(), serde_json::json!("W/\"8\""));
        touched.last_modified_date_time = Some("2026-11-28T12:00:00Z".into());
        let refused = GraphError::Graph(Box::new(GraphErrorDetail { status: 412, ..Default::default() }));
        let after = edited.apply(Action::PreconditionFailed { theirs: touched, error: refused.clone() });
        assert_eq!(after.save, SaveStatus::Failed(refused), "the refusal is shown");
        assert_eq!(after.draft.description, "mine");
        assert_eq!(after.plan().if_match.as_deref(), Some("W/\"8\""), "the next save matches the new version");
        assert!(after.can_save());
    }

    #[test]
    fn restoring_a_kept_draft_never_reverts_what_someone_else_changed() {
        // Yesterday: the admin renamed it and kept the edit; today the server has a new
        // description and priority from someone else.
        let yesterday = ready();
        let kept = yesterday.clone().apply(set(Field::DisplayName, "Mine")).draft;
        let mut today = yesterday.entity.clone().unwrap();
        today.description = Some("theirs".into());
        today.priority = Some(serde_json::json!(7));
        let opened = EditorState::default().apply(Action::LoadFinished(Ok(today)));
        let restored = opened.apply(Action::RestoreDraft { base: yesterday.loaded.clone(), draft: kept.clone() });
        assert_eq!(restored.save, SaveStatus::Idle, "nothing conflicts");
        assert_eq!(
            (
                restored.draft.display_name.as_str(),
                restored.draft.description.as_str(),
                restored.draft.priority.as_str()
            ),
            ("Mine", "theirs", "7")
        );
        assert_eq!(
            restored.plan().patch.as_ref().unwrap().keys().collect::<Vec<_>>(),
            ["@odata.type", "displayName"],
            "only my edit is sent: their description and priority are not reverted"
        );
        assert!(restored.plan().assign.is_none());

        // Both changed the name: the conflict panel, and nothing can be saved until the admin chooses.
        let mut renamed = yesterday.entity.clone().unwrap();
        renamed.display_name = Some("Theirs".into());
        let clash = EditorState::default()
            .apply(Action::LoadFinished(Ok(renamed)))
            .apply(Action::RestoreDraft { base: yesterday.loaded.clone(), draft: kept });
        assert!(matches!(clash.save, SaveStatus::Conflict(_)) && !clash.can_save());
        let rows = clash.conflict_rows();
        assert_eq!(
            rows.iter().map(|r| (r.key.path(), r.both_changed)).collect::<Vec<_>>(),
            [("displayName".to_string(), true)]
        );
        let taken = clash.clone().apply(Action::ResolveConflict(Resolution::TakeTheirs));
        assert!(!taken.has_changes());
        let mine = clash.apply(Action::ResolveConflict(Resolution::KeepMine));
        assert_eq!(mine.draft.display_name, "Mine");
        assert!(mine.can_save());
    }

    #[test]
    fn a_reload_with_a_field_changed_on_both_sides_is_a_conflict_not_mine_wins() {
        let edited = ready().apply(set(Field::DisplayName, "Mine")).apply(set(Field::Description, "mine"));
        let mut newer = edited.entity.clone().unwrap();
        newer.display_name = Some("Theirs".into());
        let reloaded = edited.clone().apply(Action::LoadStarted).apply(Action::LoadFinished(Ok(newer)));
        assert!(matches!(reloaded.save, SaveStatus::Conflict(_)), "{:?}", reloaded.save);
        assert_eq!(reloaded.draft, edited.draft, "no edit is lost while the admin decides");
        let kept = reloaded.apply(Action::ResolveConflict(Resolution::KeepMine));
        assert_eq!((kept.draft.display_name.as_str(), kept.draft.description.as_str()), ("Mine", "mine"));
    }

    #[test]
    fn a_conflict_blocks_save_until_the_admin_chooses() {
        let edited = ready().apply(set(Field::DisplayName, "Mine"));
        let mut theirs = edited.entity.clone().unwrap();
        theirs.display_name = Some("Theirs".into());
        theirs.priority = Some(serde_json::json!(5));
        theirs.last_modified_date_time = Some("2026-11-28T12:00:00Z".into());
        assert!(edited.changed_on_server(&theirs));
        assert!(!edited.changed_on_server(edited.entity.as_ref().unwrap()));
        let mut touched = edited.entity.clone().unwrap();
        touched.last_modified_date_time = Some("2026-11-28T12:00:00Z".into());
        assert!(!edited.changed_on_server(&touched), "a new timestamp alone is no conflict");
        let mut same_stamp = theirs.clone();
        same_stamp.last_modified_date_time = edited.entity.as_ref().unwrap().last_modified_date_time.clone();
        assert!(edited.changed_on_server(&same_stamp), "new content with the same timestamp and no ETag is");
        let conflicted = edited
            .apply(Action::SaveStarted)
            .apply(Action::SaveFinished(Err(forbidden())))
            .apply(Action::ConflictFound(theirs));
        assert!(!conflicted.can_save());
        let rows = conflicted.conflict_rows();
        assert_eq!(
            rows.iter().map(|r| (r.key.path(), r.both_changed)).collect::<Vec<_>>(),
            [("displayName".to_string(), true), ("priority".to_string(), false)]
        );
        let kept = conflicted.clone().apply(Action::ResolveConflict(Resolution::KeepMine));
        assert_eq!((kept.draft.display_name.as_str(), kept.draft.priority.as_str()), ("Mine", "5"));
        assert_eq!(
            kept.plan().patch.as_ref().unwrap().keys().collect::<Vec<_>>(),
            ["@odata.type", "displayName"],
            "their priority is not reverted"
        );
        assert!(kept.can_save());
        let taken = conflicted.clone().apply(Action::ResolveConflict(Resolution::TakeTheirs));
        assert!(!taken.has_changes(), "nothing of mine is left to send");
        assert_eq!(conflicted.apply(Action::DismissConflict).save, SaveStatus::Idle);
    }

    #[test]
    fn a_reload_keeps_edits_in_progress() {
        let edited = ready().apply(set(Field::Description, "mine"));
        let mut newer = edited.entity.clone().unwrap();
        newer.display_name = Some("Renamed on the server".into());
        let reloaded = edited.apply(Action::LoadStarted).apply(Action::LoadFinished(Ok(newer)));
        assert_eq!(reloaded.draft.description, "mine");
        assert_eq!(reloaded.draft.display_name, "Renamed on the server");
        assert_eq!(reloaded.plan().patch.as_ref().unwrap().keys().collect::<Vec<_>>(), ["@odata.type", "description"]);
    }

    #[test]
    fn a_kept_draft_is_restored_over_what_was_loaded() {
        let edited = ready().apply(set(Field::Description, "kept"));
        let restore = Action::RestoreDraft { base: edited.loaded.clone(), draft: edited.draft.clone() };
        let restored = ready().apply(restore.clone());
        assert_eq!(restored.draft, edited.draft);
        assert!(restored.is_dirty(Field::Description) && restored.can_save());
        let not_loaded = EditorState::default().apply(restore);
        assert_eq!(not_loaded.draft, Draft::default(), "nothing to restore onto");
    }

    #[test]
    fn format_and_odata_type() {
        let state = ready()
            .apply(set(Field::PolicyPayload, "{\"b\":[1]}"))
            .apply(Action::FormatPayload { field: Field::PolicyPayload });
        assert_eq!(&*state.draft.policy_payload, "{\n  \"b\": [\n    1\n  ]\n}");
        let broken = ready()
            .apply(set(Field::PolicyPayload, "{\"b\":"))
            .apply(Action::FormatPayload { field: Field::PolicyPayload });
        assert_eq!(&*broken.draft.policy_payload, "{\"b\":", "invalid JSON is left as typed");
        assert_eq!(ready().odata_type(), "#microsoft.graph.windowsOfficeClientConfiguration");
        assert_eq!(EditorState::default().odata_type(), CONFIGURATION_TYPE);
        assert!(matches!(ready().apply(Action::LoadFinished(Err(forbidden()))).load, LoadStatus::Failed(_)));
    }
}
