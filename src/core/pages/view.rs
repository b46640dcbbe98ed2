//! What the editor page shows, worked out from the session: values, errors and dirty marks per
//! control, one page of the check-in table, the status line and banner titles. The view renders these and decides nothing.

use crate::core::pages::editor::{EditorState, LoadStatus, SaveStatus};
use crate::core::pages::session::{Session, CHECKIN_ROWS};
use crate::core::rules::draft::{CheckinField, Field};
use crate::core::rules::patch::SaveStep;
use crate::core::wire::response::GraphError;

/// One control: its text, its error, and whether it differs from what was loaded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FieldView {
    pub value: String,
    /// For a check box: whether it is ticked.
    pub checked: bool,
    pub error: Option<String>,
    pub dirty: bool,
}

/// The control of `field`.
pub fn field(state: &EditorState, field: Field) -> FieldView {
    let checked = match field {
        Field::Checkin(row, CheckinField::WasSuccessful) => {
            state.draft.checkin_statuses.get(row).is_some_and(|r| r.succeeded)
        }
        _ => false,
    };
    let (error, dirty) = status(state, field);
    FieldView { value: state.draft.get(field).to_string(), checked, error, dirty }
}

/// A control's error and dirty mark, without its text (a payload's is megabytes, and not copied).
pub fn status(state: &EditorState, field: Field) -> (Option<String>, bool) {
    (state.errors.get(&field).map(ToString::to_string), state.is_dirty(field))
}

/// Where the error of `field` is in its text (line, column), when it has a place.
pub fn error_position(state: &EditorState, field: Field) -> Option<(usize, usize)> {
    state.errors.get(&field).and_then(|e| e.position())
}

/// The message beside a payload Graph sent that could not be decoded.
pub fn load_problem(state: &EditorState, field: Field) -> Option<String> {
    state.load_problems.iter().find(|p| p.field == field).map(|p| {
        format!(
            "Graph sent a value that could not be decoded ({}). It is shown as received and is only sent if you replace it with JSON.",
            p.error
        )
    })
}

/// One row of the check-in table: its index in the whole table and its cells in
/// `CheckinField::ALL` order.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckinRow {
    pub index: usize,
    pub cells: Vec<(Field, FieldView)>,
}

/// The page of the check-in table shown: only its rows are built.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct CheckinPage {
    pub rows: Vec<CheckinRow>,
    /// This page (from 0, clamped to the last) and how many there are.
    pub page: usize,
    pub pages: usize,
    pub total: usize,
    /// "Rows 26–50 of 120", when there is more than one page.
    pub range: Option<String>,
    /// Whether the statuses differ from what was loaded (the table is marked).
    pub changed: bool,
}

/// The check-in table's page `page` (clamped to the last page).
pub fn checkin_page(state: &EditorState, page: usize) -> CheckinPage {
    let total = state.draft.checkin_statuses.len();
    let pages = total.div_ceil(CHECKIN_ROWS).max(1);
    let page = page.min(pages - 1);
    let first = page * CHECKIN_ROWS;
    let rows = (first..total.min(first + CHECKIN_ROWS))
        .map(|index| CheckinRow {
            index,
            cells: CheckinField::ALL
                .into_iter()
                .map(|c| Field::Checkin(index, c))
                .map(|f| (f, field(state, f)))
                .collect(),
        })
        .collect();
    CheckinPage {
        rows,
        page,
        pages,
        total,
        range: (pages > 1).then(|| format!("Rows {}–{} of {total}", first + 1, (first + CHECKIN_ROWS).min(total))),
        changed: crate::core::rules::patch::checkins_changed(&state.loaded, &state.draft),
    }
}

/// The check-in page shown in this session.
pub fn session_checkins(session: &Session) -> CheckinPage {
    checkin_page(&session.editor, session.checkin_page())
}

/// The status line: what the last save did, else whether there is anything to save.
pub fn status_line(state: &EditorState) -> String {
    match state.save.summary() {
        summary if !summary.is_empty() => summary,
        _ if state.has_changes() => "Unsaved changes.".into(),
        _ => String::new(),
    }
}

/// An error banner: its title and the error it explains.
#[derive(Clone, Debug, PartialEq)]
pub struct Banner {
    pub title: &'static str,
    pub error: GraphError,
}

/// The banner about the last save, when it failed in whole or in part.
pub fn save_banner(state: &EditorState) -> Option<Banner> {
    let (title, error) = match &state.save {
        SaveStatus::Failed(error) => ("Your changes were not saved. They are still in the form.", error),
        SaveStatus::Partial { step: SaveStep::ReadBack, error, .. } => {
            ("Saved, but reading the configuration back failed.", error)
        }
        SaveStatus::Partial { step: SaveStep::Patch, error, .. } => {
            ("Part of your changes were not saved. They are still in the form.", error)
        }
        SaveStatus::Partial { error, .. } => {
            ("The group assignments were not saved. They are still in the form.", error)
        }
        _ => return None,
    };
    Some(Banner { title, error: error.clone() })
}

/// The banner about a reload that failed while a copy is shown.
pub fn reload_banner(state: &EditorState) -> Option<Banner> {
    match (&state.load, &state.entity) {
        (LoadStatus::Failed(error), Some(_)) => {
            Some(Banner { title: "The configuration could not be reloaded.", error: error.clone() })
        }
        _ => None,
    }
}

/// The line beside Save: why it is disabled, shown only when fields have errors (otherwise
/// the reason is the button's tooltip).
pub fn blocker_line(state: &EditorState) -> String {
    if state.errors.is_empty() {
        String::new()
    } else {
        state.save_blocker().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pages::editor::Action;
    use crate::core::wire::model::Configuration;

    fn with_checkins(n: usize) -> EditorState {
        let rows: Vec<String> = (0..n)
            .map(|i| format!(r#"{{"userId":"u{i}","wasSuccessful":true,"checkinDateTime":"2026-11-01T00:00:00Z"}}"#))
            .collect();
        let entity = Configuration::from_json(&format!(
            r#"{{"id":"c","displayName":"x","checkinStatuses":[{}]}}"#,
            rows.join(",")
        ))
        .unwrap();
        EditorState::default().apply(Action::LoadFinished(Ok(entity)))
    }

    #[test]
    fn only_the_page_shown_is_built_and_pages_clamp() {
        let state = with_checkins(60);
        let cases =
            [(0, 0, 0, 25, "Rows 1–25 of 60"), (2, 2, 50, 10, "Rows 51–60 of 60"), (9, 2, 50, 10, "Rows 51–60 of 60")];
        for (asked, page, first, rows, range) in cases {
            let view = checkin_page(&state, asked);
            assert_eq!((view.page, view.pages, view.total), (page, 3, 60), "page {asked}");
            assert_eq!(view.rows.len(), rows);
            assert_eq!(view.rows[0].index, first);
            assert_eq!(view.rows[0].cells.len(), CheckinField::ALL.len());
            assert_eq!(view.range.as_deref(), Some(range));
        }
        let small = checkin_page(&with_checkins(3), 0);
        assert_eq!((small.pages, small.range), (1, None));
        assert_eq!(checkin_page(&EditorState::default(), 4).pages, 1);
    }

    #[test]
    fn the_status_line_and_banners_say_what_happened() {
        let state = with_checkins(1);
        assert_eq!(status_line(&state), "");
        let edited = state.clone().apply(Action::SetField { field: Field::DisplayName, raw: "y".into() });
        assert_eq!(status_line(&edited), "Unsaved changes.");
        assert!(save_banner(&edited).is_none() && reload_banner(&edited).is_none());
        let failed = edited.clone().apply(Action::SaveStarted).apply(Action::SaveFinished(Err(GraphError::Cancelled)));
        assert_eq!(save_banner(&failed).unwrap().title, "Your changes were not saved. They are still in the form.");
        let reload_failed = edited.apply(Action::LoadStarted).apply(Action::LoadFinished(Err(GraphError::NotSignedIn)));
        assert_eq!(reload_banner(&reload_failed).unwrap().error, GraphError::NotSignedIn);
        let blank = EditorState::default().apply(Action::SetField { field: Field::DisplayName, raw: String::new() });
        assert_eq!(blocker_line(&blank), "", "no field errors before a load: the tooltip says why");
    }

    #[test]
    fn a_payload_error_has_a_place_for_the_gutter_marker_other_errors_none() {
        let state = with_checkins(0);
        let cases = [
            (Field::PolicyPayload, "{\n  \"a\": 1,\n}", Some((3, 1))),
            (Field::PolicyPayload, "{\"a\":\n  tru}", Some((2, 6))),
            (Field::PolicyPayload, "{\"a\": 1}", None),
            (Field::PolicyPayload, "", None),
            (Field::DisplayName, "", None),
        ];
        for (field, raw, expected) in cases {
            let edited = state.clone().apply(Action::SetField { field, raw: raw.into() });
            assert_eq!(error_position(&edited, field), expected, "{field:?} {raw:?}");
        }
    }
}
