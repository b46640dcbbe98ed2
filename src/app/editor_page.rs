//! The editor page: loads one configuration, renders a form component per property, saves.

use super::assignments::{AssignmentRow, AssignmentsEditor};
use super::banner::ErrorBanner;
use super::checkins::{Cell, CheckinStatusesTable};
use super::conflict_panel::ConflictPanel;
use super::draft_store::{self, KeptDrafts};
use super::fields::{NumberField, ReadOnlyField, TextAreaField, TextField};
use super::kept_edits::KeptEdits;
use super::payload::PayloadEditor;
use super::state::use_editor;
use super::{AuthSession, Route};
use crate::core::draft::{CheckinField, Field};
use crate::core::editor::{Action, EditorState, LoadStatus, SaveStatus, SaveStep};
use crate::graph::GraphHandle;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct EditorPageProps {
    pub id: AttrValue,
}

/// Provides the editor reducer for one configuration and loads it.
#[function_component]
pub fn EditorPage(props: &EditorPageProps) -> Html {
    let graph = use_context::<GraphHandle>().expect("EditorPage needs a GraphHandle context");
    let session = use_context::<AuthSession>().unwrap_or(AuthSession(0));
    let editor = use_reducer(EditorState::default);
    {
        let editor = editor.clone();
        use_effect_with((props.id.clone(), session), move |(id, _)| {
            let id = id.clone();
            editor.dispatch(Action::LoadStarted);
            yew::platform::spawn_local(async move {
                let result = graph.0.get(&id).await;
                editor.dispatch(Action::LoadFinished(result));
            });
        });
    }
    html! {
        <ContextProvider<UseReducerHandle<EditorState>> context={editor}>
            <KeptEdits id={props.id.clone()} />
            <EditorForm id={props.id.clone()} />
        </ContextProvider<UseReducerHandle<EditorState>>>
    }
}

fn error_text(state: &EditorState, field: Field) -> Option<AttrValue> {
    state.errors.get(&field).map(|e| AttrValue::from(e.to_string()))
}

#[derive(Properties, PartialEq)]
struct EditorFormProps {
    id: AttrValue,
}

#[function_component]
fn EditorForm(props: &EditorFormProps) -> Html {
    let editor = use_editor();
    let graph = use_context::<GraphHandle>().expect("EditorForm needs a GraphHandle context");
    // Set synchronously on click, so a double click cannot start a second save before re-render.
    let in_flight = use_mut_ref(|| false);
    let state: &EditorState = &editor;

    let dispatch: Callback<Action> = {
        let editor = editor.clone();
        Callback::from(move |action| editor.dispatch(action))
    };
    let set = |field: Field| dispatch.reform(move |raw: String| Action::SetField { field, raw });
    let edit_cell = dispatch.reform(|(field, raw): (Field, String)| Action::SetField { field, raw });

    let kept = use_context::<KeptDrafts>().expect("EditorForm needs a KeptDrafts context");
    let on_save = {
        let (editor, graph, id, in_flight) = (editor.clone(), graph.clone(), props.id.clone(), in_flight.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *in_flight.borrow() || !editor.can_save() {
                return;
            }
            *in_flight.borrow_mut() = true;
            let mut plan = editor.plan().clone();
            editor.dispatch(Action::SaveStarted);
            let (editor, graph, id, in_flight, kept) =
                (editor.clone(), graph.clone(), id.clone(), in_flight.clone(), kept.clone());
            yew::platform::spawn_local(async move {
                let conflict = |fresh| {
                    *in_flight.borrow_mut() = false;
                    editor.dispatch(Action::ConflictFound(fresh));
                };
                // Never a silent overwrite: read the configuration again first, and compare content.
                let result = match graph.0.get(&id).await {
                    Ok(fresh) if editor.changed_on_server(&fresh) => return conflict(fresh),
                    Ok(fresh) => {
                        // Same content: the PATCH must match the version just read.
                        plan.if_match = fresh.etag();
                        graph.0.save(&id, plan).await
                    }
                    Err(e) => Err(e),
                };
                // 412: it changed between that read and the PATCH; nothing was written.
                if let Some(error) = result.as_ref().err().filter(|e| e.status() == Some(412)).cloned() {
                    if let Ok(theirs) = graph.0.get(&id).await {
                        *in_flight.borrow_mut() = false;
                        editor.dispatch(Action::PreconditionFailed { theirs, error });
                        return;
                    }
                }
                if let (Ok(_), Some(owner)) = (&result, &kept.owner) {
                    draft_store::announce_saved(owner, &id, &kept.tab);
                }
                *in_flight.borrow_mut() = false;
                editor.dispatch(Action::SaveFinished(result));
            });
        })
    };

    let entity = state.entity.clone().unwrap_or_default();
    match &state.load {
        LoadStatus::Loading if state.entity.is_none() => {
            return html! { <p role="status" class="loading">{ format!("Loading configuration {}…", props.id) }</p> }
        }
        LoadStatus::Failed(error) if state.entity.is_none() => {
            return html! {
                <>
                    <ErrorBanner title="The configuration could not be loaded." error={error.clone()} />
                    <Link<Route> to={Route::List}>{ "Back to the list" }</Link<Route>>
                </>
            }
        }
        _ => {}
    }

    let payload = |field: Field, label: &'static str, help: &'static str| {
        let problem = state.load_problems.iter().find(|p| p.field == field).map(|p| {
            AttrValue::from(format!("Graph sent a value that could not be decoded ({}). It is shown as received and is only sent if you replace it with JSON.", p.error))
        });
        let field_for_format = field;
        html! {
            <PayloadEditor name={field.path()} label={label} help={help}
                value={AttrValue::from(state.draft.get(field).to_string())}
                error={error_text(state, field)} load_problem={problem} dirty={state.is_dirty(field)}
                oninput={set(field)} onformat={dispatch.reform(move |()| Action::FormatPayload { field: field_for_format })} />
        }
    };
    let assignment_rows: Vec<AssignmentRow> = state
        .draft
        .assignments
        .iter()
        .enumerate()
        .map(|(i, a)| AssignmentRow {
            group_id: a.group_id.clone().into(),
            error: error_text(state, Field::AssignmentGroup(i)),
            dirty: state.is_dirty(Field::AssignmentGroup(i)),
        })
        .collect();
    let checkin_rows: Vec<Vec<Cell>> = (0..state.draft.checkin_statuses.len())
        .map(|i| {
            CheckinField::ALL
                .into_iter()
                .map(|c| {
                    let field = Field::Checkin(i, c);
                    Cell {
                        value: state.draft.get(field).to_string().into(),
                        error: error_text(state, field),
                        dirty: state.is_dirty(field),
                    }
                })
                .collect()
        })
        .collect();
    let plan = state.plan();
    let saving = state.is_saving();
    let discard = dispatch.reform(|_| Action::DiscardEdits);

    html! {
        <form class="editor" onsubmit={on_save} novalidate=true>
            <nav class="crumbs"><Link<Route> to={Route::List}>{ "← All configurations" }</Link<Route>></nav>
            <h1>{ entity.title().to_string() }</h1>
            <div class="status-area">
                <div role="status" class="status">
                    { match state.save.summary() {
                        summary if !summary.is_empty() => summary,
                        _ if state.has_changes() => "Unsaved changes.".to_string(),
                        _ => String::new(),
                    } }
                </div>
                if let SaveStatus::Failed(error) = &state.save {
                    <ErrorBanner title="Your changes were not saved. They are still in the form." error={error.clone()} />
                }
                if let SaveStatus::Partial { step, error, .. } = &state.save {
                    <ErrorBanner title={if *step == SaveStep::ReadBack { "Saved, but reading the configuration back failed." } else { "The group assignments were not saved. They are still in the form." }} error={error.clone()} />
                }
                if matches!(state.save, SaveStatus::Conflict(_)) {
                    <ConflictPanel rows={state.conflict_rows()} onresolve={dispatch.clone()} />
                }
                if let LoadStatus::Failed(error) = &state.load {
                    <ErrorBanner title="The configuration could not be reloaded." error={error.clone()} />
                }
            </div>
            <fieldset class="form-body" disabled={saving}>
                <div class="grid">
                    <ReadOnlyField name="id" label="ID" value={entity.id.clone().unwrap_or_default()} />
                    <ReadOnlyField name="lastModifiedDateTime" label="Last modified" value={entity.last_modified_date_time.clone().unwrap_or_default()} />
                </div>
                <TextField name="displayName" label="Display name" required=true value={state.draft.display_name.clone()}
                    error={error_text(state, Field::DisplayName)} dirty={state.is_dirty(Field::DisplayName)} oninput={set(Field::DisplayName)} />
                <TextAreaField name="description" label="Description" value={state.draft.description.clone()}
                    error={error_text(state, Field::Description)} dirty={state.is_dirty(Field::Description)} oninput={set(Field::Description)} />
                <NumberField name="priority" label="Priority" value={state.draft.priority.clone()}
                    help={AttrValue::from("Unique per tenant; 0 is the highest priority.")}
                    error={error_text(state, Field::Priority)} dirty={state.is_dirty(Field::Priority)} oninput={set(Field::Priority)} />
                { payload(Field::PolicyPayload, "Policy payload (JSON)", "Policy settings; users cannot change these.") }
                { payload(Field::UserPreferencePayload, "User preference payload (JSON)", "Preference settings; users may override these.") }
                <AssignmentsEditor rows={assignment_rows} changed={plan.assign.is_some()} onedit={edit_cell.clone()}
                    onadd={dispatch.reform(|()| Action::AddAssignment)}
                    onremove={dispatch.reform(|index| Action::RemoveAssignment { index })} />
                <fieldset class="summary">
                    <legend>{ "User check-in summary" }</legend>
                    <div class="grid">
                        <NumberField name="userCheckinSummary.succeededUserCount" label="Succeeded users" value={state.draft.succeeded_user_count.clone()}
                            error={error_text(state, Field::SucceededUserCount)} dirty={state.is_dirty(Field::SucceededUserCount)} oninput={set(Field::SucceededUserCount)} />
                        <NumberField name="userCheckinSummary.failedUserCount" label="Failed users" value={state.draft.failed_user_count.clone()}
                            error={error_text(state, Field::FailedUserCount)} dirty={state.is_dirty(Field::FailedUserCount)} oninput={set(Field::FailedUserCount)} />
                    </div>
                </fieldset>
                <CheckinStatusesTable rows={checkin_rows}
                    changed={plan.patch.as_ref().is_some_and(|b| b.contains_key("checkinStatuses"))} onedit={edit_cell}
                    onadd={dispatch.reform(|()| Action::AddCheckinStatus)}
                    onremove={dispatch.reform(|index| Action::RemoveCheckinStatus { index })} />
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" data-action="save" disabled={!state.can_save()}
                    title={state.save_blocker().unwrap_or_default()}>{ if saving { "Saving…" } else { "Save" } }</button>
                <button type="button" data-action="discard" disabled={saving || !state.has_changes()} onclick={discard}>{ "Discard changes" }</button>
                <span class="blocker">{ if state.errors.is_empty() { String::new() } else { state.save_blocker().unwrap_or_default() } }</span>
            </div>
        </form>
    }
}
