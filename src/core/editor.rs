//! The editor's state and its one reducer.
//!
//! Everything the form shows is derived here: loaded vs. edited values, field errors, dirty
//! flags, whether Save is possible, and the save status. I/O never happens in `apply`; its
//! results come back as actions. Invariant: a failure never touches the admin's draft; only a
//! successful save replaces it, and a reload or a resolved conflict merges the admin's edits
//! onto the newer copy (`Draft::rebase`), so no edit is ever lost.

use crate::core::conflict::{self, ConflictRow, Resolution};
use crate::core::draft::{AssignmentDraft, CheckinDraft, Draft, Field, LoadProblem};
use crate::core::model::{Assignment, Configuration, CONFIGURATION_TYPE};
use crate::core::patch::{self, SavePlan};
use crate::core::response::GraphError;
use crate::core::stream;
use crate::core::validate::{self, FieldErrors};

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
    Saving,
    /// Saved; the names of the properties that were sent (`assignments` for an assign).
    Saved {
        properties: Vec<String>,
    },
    Failed(GraphError),
    /// The configuration changed on the server since it was loaded; nothing was sent.
    Conflict(Box<Configuration>),
}

/// What a completed save brings back.
#[derive(Clone, Debug, PartialEq)]
pub struct SaveResult {
    /// The configuration as Graph now holds it (from the PATCH response, or re-read).
    pub entity: Configuration,
    /// The assignments the `assign` action returned, when it ran.
    pub assignments: Option<Vec<Assignment>>,
    /// What was sent, for the status message.
    pub properties: Vec<String>,
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
    FormatPayload {
        field: Field,
    },
    AddAssignment,
    RemoveAssignment {
        index: usize,
    },
    AddCheckinStatus,
    RemoveCheckinStatus {
        index: usize,
    },
    DiscardEdits,
    /// Puts back edits kept in the browser's storage.
    RestoreDraft(Draft),
    /// The pre-save check found the configuration changed on the server.
    ConflictFound(Configuration),
    /// The admin chose how to merge: the server's copy becomes the base, and the draft is
    /// merged; the next Save sends the result.
    ResolveConflict(Resolution),
    /// The admin closed the conflict without choosing.
    DismissConflict,
    SaveStarted,
    SaveFinished(Result<SaveResult, GraphError>),
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
    /// What Save would send now; derived after every action, like `errors`.
    pending: SavePlan,
    pub load: LoadStatus,
    pub save: SaveStatus,
}

impl EditorState {
    /// Applies one action and returns the next state.
    pub fn apply(mut self, action: Action) -> EditorState {
        match action {
            Action::LoadStarted => {
                self.load = LoadStatus::Loading;
            }
            Action::LoadFinished(Ok(entity)) => {
                // A reload (after a sign-in, say) must not wipe edits in progress.
                let edits = (self.entity.is_some() && self.draft != self.loaded)
                    .then(|| (self.draft.clone(), self.loaded.clone()));
                self.replace_entity(entity);
                if let Some((mine, base)) = edits {
                    self.draft = mine.rebase(&base, &self.loaded);
                }
                self.load = LoadStatus::Ready;
            }
            Action::LoadFinished(Err(error)) => self.load = LoadStatus::Failed(error),
            Action::SetField { field, raw } => self.draft.set(field, raw),
            Action::FormatPayload { field } => {
                // Invalid JSON stays as typed; its error is already shown beside the editor.
                if let Ok(pretty) = stream::format_json(self.draft.get(field)) {
                    self.draft.set(field, pretty);
                }
            }
            Action::AddAssignment => self.draft.assignments.push(AssignmentDraft::default()),
            Action::RemoveAssignment { index } if index < self.draft.assignments.len() => {
                self.draft.assignments.remove(index);
            }
            Action::AddCheckinStatus => self.draft.checkin_statuses.push(CheckinDraft::blank()),
            Action::RemoveCheckinStatus { index } if index < self.draft.checkin_statuses.len() => {
                self.draft.checkin_statuses.remove(index);
            }
            Action::RemoveAssignment { .. } | Action::RemoveCheckinStatus { .. } => {}
            Action::DiscardEdits => self.draft = self.loaded.clone(),
            Action::RestoreDraft(draft) if self.entity.is_some() => self.draft = draft,
            Action::RestoreDraft(_) => {}
            Action::ConflictFound(theirs) => self.save = SaveStatus::Conflict(Box::new(theirs)),
            Action::ResolveConflict(resolution) => {
                if let SaveStatus::Conflict(theirs) = std::mem::take(&mut self.save) {
                    let (mine, base) = (self.draft.clone(), self.loaded.clone());
                    self.replace_entity(*theirs);
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
            Action::SaveFinished(Ok(SaveResult { mut entity, assignments, properties })) => {
                // A PATCH response need not expand the assignments navigation property.
                if let Some(assigned) = assignments {
                    entity.assignments = Some(assigned);
                } else if entity.assignments.is_none() {
                    entity.assignments = self.entity.as_ref().and_then(|e| e.assignments.clone());
                }
                self.replace_entity(entity);
                self.save = SaveStatus::Saved { properties };
            }
            Action::SaveFinished(Err(error)) => self.save = SaveStatus::Failed(error),
        }
        self.errors = validate::validate(&self.loaded, &self.draft);
        self.pending = patch::plan(&self.loaded, &self.draft, self.odata_type());
        self
    }

    fn replace_entity(&mut self, entity: Configuration) {
        let (draft, problems) = Draft::from_entity(&entity);
        self.loaded = draft.clone();
        self.draft = draft;
        self.load_problems = problems;
        self.entity = Some(entity);
    }

    /// Whether a copy of the configuration read just now differs from what the editor loaded
    /// (`lastModifiedDateTime` and the ETag say whether to look; the content decides, so a
    /// server that only touched the timestamp is no conflict).
    pub fn changed_on_server(&self, fresh: &Configuration) -> bool {
        let stamp = |c: &Configuration| (c.last_modified_date_time.clone(), c.extra.get("@odata.etag").cloned());
        let same_stamp = self.entity.as_ref().map(stamp) == Some(stamp(fresh));
        !same_stamp && Draft::from_entity(fresh).0 != self.loaded
    }

    /// The rows of the conflict being shown.
    pub fn conflict_rows(&self) -> Vec<ConflictRow> {
        match &self.save {
            SaveStatus::Conflict(theirs) => conflict::compare(&self.loaded, &Draft::from_entity(theirs).0, &self.draft),
            _ => Vec::new(),
        }
    }

    /// The `@odata.type` to send: the entity's own, or the documented one.
    pub fn odata_type(&self) -> &str {
        self.entity.as_ref().and_then(|e| e.odata_type.as_deref()).unwrap_or(CONFIGURATION_TYPE)
    }

    /// The minimal save for the current draft.
    pub fn plan(&self) -> &SavePlan {
        &self.pending
    }

    /// Whether this field differs from what was loaded.
    pub fn is_dirty(&self, field: Field) -> bool {
        validate::is_dirty(&self.loaded, &self.draft, field)
    }

    /// Whether anything would be sent.
    pub fn has_changes(&self) -> bool {
        !self.pending.is_empty()
    }

    pub fn is_saving(&self) -> bool {
        self.save == SaveStatus::Saving
    }

    /// Save is possible: loaded, changed, valid, and not already saving.
    pub fn can_save(&self) -> bool {
        self.load == LoadStatus::Ready
            && !self.is_saving()
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
    use crate::core::draft::CheckinField;
    use crate::core::response::GraphErrorDetail;

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
            (vec![Action::RemoveAssignment { index: 0 }], true),
            (vec![Action::AddCheckinStatus], true),
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

    #[test]
    fn a_successful_save_reloads_from_graph_and_keeps_assignments() {
        let state = ready().apply(set(Field::DisplayName, "Edited")).apply(Action::SaveStarted);
        assert!(state.is_saving());
        let returned =
            Configuration { id: Some("c1".into()), display_name: Some("Edited".into()), ..Default::default() };
        let saved = state.apply(Action::SaveFinished(Ok(SaveResult {
            entity: returned,
            assignments: None,
            properties: vec!["displayName".into()],
        })));
        assert_eq!(saved.save, SaveStatus::Saved { properties: vec!["displayName".into()] });
        assert_eq!(saved.draft.display_name, "Edited");
        assert_eq!(saved.draft.assignments.len(), 1, "kept from before");
        assert!(!saved.has_changes());
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
        let mut etagged = theirs.clone();
        etagged.last_modified_date_time = edited.entity.as_ref().unwrap().last_modified_date_time.clone();
        etagged.extra.insert("@odata.etag".into(), serde_json::json!("W/\"2\""));
        assert!(edited.changed_on_server(&etagged), "a new ETag with new content is");
        let conflicted = edited
            .apply(Action::SaveStarted)
            .apply(Action::SaveFinished(Err(forbidden())))
            .apply(Action::ConflictFound(theirs));
        assert!(!conflicted.can_save());
        let rows = conflicted.conflict_rows();
        assert_eq!(
            rows.iter().map(|r| (r.field.as_str(), r.both_changed)).collect::<Vec<_>>(),
            [("displayName", true), ("priority", false)]
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
        let restored = ready().apply(Action::RestoreDraft(edited.draft.clone()));
        assert_eq!(restored.draft, edited.draft);
        assert!(restored.is_dirty(Field::Description) && restored.can_save());
        let not_loaded = EditorState::default().apply(Action::RestoreDraft(edited.draft));
        assert_eq!(not_loaded.draft, Draft::default(), "nothing to restore onto");
    }

    #[test]
    fn format_and_odata_type() {
        let state = ready()
            .apply(set(Field::PolicyPayload, "{\"b\":[1]}"))
            .apply(Action::FormatPayload { field: Field::PolicyPayload });
        assert_eq!(state.draft.policy_payload, "{\n  \"b\": [\n    1\n  ]\n}");
        let broken = ready()
            .apply(set(Field::PolicyPayload, "{\"b\":"))
            .apply(Action::FormatPayload { field: Field::PolicyPayload });
        assert_eq!(broken.draft.policy_payload, "{\"b\":", "invalid JSON is left as typed");
        assert_eq!(ready().odata_type(), "#microsoft.graph.windowsOfficeClientConfiguration");
        assert_eq!(EditorState::default().odata_type(), CONFIGURATION_TYPE);
        assert!(matches!(ready().apply(Action::LoadFinished(Err(forbidden()))).load, LoadStatus::Failed(_)));
    }
}
