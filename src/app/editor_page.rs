//! The editor page: one configuration's session (`use_editor_session`), rendered as a form
//! component per property from the view model in `core::pages::view`. Clicks become session actions;
//! nothing here decides what is shown or sent.

use super::assignments::{AssignmentRow, AssignmentsEditor};
use super::banner::{ErrorBanner, RetryCountdown};
use super::codemirror::{self, EditorModule};
use super::conflict_panel::ConflictPanel;
use super::context::Route;
use super::copy_to_tenant::CopyToTenant;
use super::fields::{NumberField, ReadOnlyField, TextAreaField, TextField};
use super::focus::use_heading_focus;
use super::kept_edits::KeptEdits;
use super::payload::PayloadEditor;
use super::report::CheckinSection;
use super::review_dialog::ReviewDialog;
use super::session::{set_reviews_first, use_editor_session, use_session, SessionHandle};
use super::text::Text;
use crate::core::pages::editor::{Action as Edit, EditorState, LoadStatus, SaveStatus};
use crate::core::pages::session::Action;
use crate::core::pages::view::{self, FieldView};
use crate::core::rules::draft::Field;
use crate::core::wire::model::Configuration;
use yew::prelude::*;
use yew_router::prelude::Link;

#[derive(Properties, PartialEq)]
pub struct EditorPageProps {
    pub id: AttrValue,
}

/// Opens the configuration's session and shares it with the form and the kept-edits banners.
#[function_component]
pub fn EditorPage(props: &EditorPageProps) -> Html {
    let session = use_editor_session(&props.id);
    // The payload editor's module loads while the configuration is read.
    let module = use_context::<EditorModule>().unwrap_or_default();
    use_effect_with((), move |_| codemirror::preload(&module.0));
    html! {
        <ContextProvider<SessionHandle> context={session}>
            <KeptEdits />
            <EditorForm id={props.id.clone()} />
        </ContextProvider<SessionHandle>>
    }
}

fn attr(text: Option<String>) -> Option<AttrValue> {
    text.map(AttrValue::from)
}

#[derive(Properties, PartialEq)]
struct EditorFormProps {
    id: AttrValue,
}

#[function_component]
fn EditorForm(props: &EditorFormProps) -> Html {
    let session = use_session();
    let loaded = session.state().editor.entity.is_some();
    let heading = use_heading_focus(props.id.clone(), loaded);
    use_effect_with(loaded, |loaded| {
        if *loaded {
            super::clock::mark_once("form-usable");
        }
    });
    let s = session.state();
    let state: &EditorState = &s.editor;
    let set = |field: Field| session.reform(move |raw: String| Action::Edit(Edit::SetField { field, raw }));
    let edit_cell = session.reform(|(field, raw): (Field, String)| Action::Edit(Edit::SetField { field, raw }));

    match (&state.load, &state.entity) {
        (LoadStatus::Loading, None) => {
            return html! { <p role="status" class="loading">{ format!("Loading configuration {}…", props.id) }</p> }
        }
        (LoadStatus::Failed(error), None) => {
            return html! {
                <>
                    <ErrorBanner title="The configuration could not be loaded." error={error.clone()} />
                    <Link<Route> to={Route::List}>{ "Back to the list" }</Link<Route>>
                </>
            }
        }
        _ => {}
    }
    let blank = Configuration::default();
    // Borrowed: the entity holds both payloads and every check-in row.
    let entity = state.entity.as_ref().unwrap_or(&blank);
    let last_modified = entity
        .last_modified_date_time
        .as_deref()
        .map(|iso| super::dates::local(iso).unwrap_or_else(|| iso.to_string()));
    let control = |field: Field| view::field(state, field);
    let saving = state.is_saving() || state.review().is_some();
    let payload = |field: Field, label: &'static str, help: &'static str| {
        let (error, dirty) = view::status(state, field);
        // The draft's texts themselves, not copies: the payload editors compare them by address.
        let value = Text(state.draft.shared(field).map(AttrValue::from).unwrap_or_default());
        html! {
            <PayloadEditor {field} name={field.path()} label={label} help={help} {value}
                error={attr(error)} error_at={view::error_position(state, field)} readonly={saving}
                load_problem={attr(view::load_problem(state, field))} dirty={dirty}
                oninput={set(field)}
                onformat={session.reform(move |()| Action::Edit(Edit::FormatPayload { field }))} />
        }
    };
    let text = |field: Field| {
        let FieldView { value, error, dirty, .. } = control(field);
        (AttrValue::from(value), attr(error), dirty)
    };
    let assignment_rows: Vec<AssignmentRow> = (0..state.draft.assignments.len())
        .map(|i| {
            let (group_id, error, dirty) = text(Field::AssignmentGroup(i));
            AssignmentRow { group_id, error, dirty }
        })
        .collect();
    let (name, name_error, name_dirty) = text(Field::DisplayName);
    let (description, description_error, description_dirty) = text(Field::Description);
    let (priority, priority_error, priority_dirty) = text(Field::Priority);
    let (succeeded, succeeded_error, succeeded_dirty) = text(Field::SucceededUserCount);
    let (failed, failed_error, failed_dirty) = text(Field::FailedUserCount);
    let review_toggle = session.reform(|e: Event| {
        let on = e.target_unchecked_into::<web_sys::HtmlInputElement>().checked();
        set_reviews_first(on);
        Action::ReviewFirst(on)
    });
    let on_save = session.reform(|e: SubmitEvent| {
        e.prevent_default();
        Action::Save
    });

    html! {
        <>
        <form class="editor" onsubmit={on_save} novalidate=true data-kept-drafts={s.kept_drafts_looked_for().then_some("looked")}>
            <nav class="crumbs"><Link<Route> to={Route::List}>{ "← All configurations" }</Link<Route>></nav>
            <h1 tabindex="-1" ref={heading}>{ entity.title().to_string() }</h1>
            <div class="status-area">
                <div role="status" class="status">{ view::status_line(state) }</div>
                { s.countdown().map(|line| html! {
                    <RetryCountdown line={line} oncancel={session.reform(|()| Action::CancelRetry)} />
                }).unwrap_or_default() }
                { view::save_banner(state).map(|b| html! { <ErrorBanner title={b.title} error={b.error} /> }).unwrap_or_default() }
                if matches!(state.save, SaveStatus::Conflict(_)) {
                    <ConflictPanel rows={state.conflict_rows()} onresolve={session.reform(Action::Edit)} />
                }
                { view::reload_banner(state).map(|b| html! { <ErrorBanner title={b.title} error={b.error} /> }).unwrap_or_default() }
            </div>
            <fieldset class="form-body" disabled={saving}>
                <div class="grid">
                    <ReadOnlyField name="id" label="ID" value={entity.id.clone().unwrap_or_default()} />
                    <ReadOnlyField name="lastModifiedDateTime" label="Last modified" value={last_modified.clone().unwrap_or_else(|| "—".into())}
                        title={entity.last_modified_date_time.clone().unwrap_or_else(|| "Graph did not send this: the contract's type has no lastModifiedDateTime".into())} />
                </div>
                <TextField name={Field::DisplayName.path()} label="Display name" required=true value={name}
                    error={name_error} dirty={name_dirty} oninput={set(Field::DisplayName)} />
                <TextAreaField name={Field::Description.path()} label="Description" value={description}
                    error={description_error} dirty={description_dirty} oninput={set(Field::Description)} />
                <NumberField name={Field::Priority.path()} label="Priority" value={priority}
                    help={AttrValue::from("Unique per tenant; 0 is the highest priority.")}
                    error={priority_error} dirty={priority_dirty} oninput={set(Field::Priority)} />
                { payload(Field::PolicyPayload, "Policy payload (JSON)", "Policy settings; users cannot change these.") }
                { payload(Field::UserPreferencePayload, "User preference payload (JSON)", "Preference settings; users may override these.") }
                <AssignmentsEditor rows={assignment_rows} changed={state.assignments_changed()} onedit={edit_cell.clone()}
                    onadd={session.reform(|()| Action::Edit(Edit::AddAssignment))}
                    onpick={session.reform(|id| Action::Edit(Edit::AddGroup(id)))}
                    onremove={session.reform(|index| Action::Edit(Edit::RemoveAssignment { index }))} />
                <fieldset class="summary">
                    <legend>{ "User check-in summary" }</legend>
                    <div class="grid">
                        <NumberField name="userCheckinSummary.succeededUserCount" label="Succeeded users" value={succeeded}
                            error={succeeded_error} dirty={succeeded_dirty} oninput={set(Field::SucceededUserCount)} />
                        <NumberField name="userCheckinSummary.failedUserCount" label="Failed users" value={failed}
                            error={failed_error} dirty={failed_dirty} oninput={set(Field::FailedUserCount)} />
                    </div>
                </fieldset>
                <CheckinSection />
            </fieldset>
            <div class="actions">
                <button type="submit" class="primary" data-action="save" disabled={!state.can_save()}
                    title={state.save_blocker().unwrap_or_default()}>{ if state.is_saving() { "Saving…" } else { "Save" } }</button>
                <button type="button" data-action="discard" disabled={saving || !state.has_changes()}
                    onclick={session.reform(|_: MouseEvent| Action::Edit(Edit::DiscardEdits))}>{ "Discard changes" }</button>
                <label class="check review-toggle">
                    <input type="checkbox" name="review-before-save" checked={s.reviews_first()} onchange={review_toggle} />
                    { " Review before saving" }
                </label>
                <span class="blocker">{ view::blocker_line(state) }</span>
            </div>
            <ReviewDialog />
        </form>
        // Outside the form: not a property of this configuration.
        <CopyToTenant />
        </>
    }
}
