//! Group assignments: each target group by object ID with its name from the directory, and a
//! search by name (`name="group-search"`, results `data-action="add-group"` with
//! `data-group-id`) that adds a group; saved through the `assign` action. Where the tenant has
//! not granted the app directory reads, the page says so once and targets are added by ID.

use super::directory::use_directory;
use super::fields::event_text;
use super::group_search::GroupSearch;
use crate::core::rules::draft::Field;
use crate::core::wire::directory::{Consent, DirectoryObject, Lookup, NO_CONSENT};
use yew::prelude::*;

#[derive(Clone, PartialEq)]
pub struct AssignmentRow {
    pub group_id: AttrValue,
    pub error: Option<AttrValue>,
    pub dirty: bool,
}

#[derive(Properties, PartialEq)]
pub struct AssignmentsEditorProps {
    pub rows: Vec<AssignmentRow>,
    pub changed: bool,
    pub onedit: Callback<(Field, String)>,
    pub onadd: Callback<()>,
    /// A group picked from the search, by id.
    pub onpick: Callback<String>,
    pub onremove: Callback<usize>,
}

fn name_html(lookup: Option<Lookup>) -> Html {
    match lookup {
        Some(Lookup::Name(name)) => html! { <span class="group-name" data-group-name={name.clone()}>{ name }</span> },
        Some(Lookup::Missing) => {
            html! { <span class="group-name missing" data-group-name="">{ "No group with this ID in this tenant." }</span> }
        }
        _ => Html::default(),
    }
}

#[function_component]
pub fn AssignmentsEditor(props: &AssignmentsEditorProps) -> Html {
    let directory = use_directory();
    {
        let (directory, ids) =
            (directory.clone(), props.rows.iter().map(|r| r.group_id.to_string()).collect::<Vec<_>>());
        use_effect_with(ids, move |ids| directory.want(ids.iter().map(String::as_str)));
    }
    let rows = props.rows.iter().enumerate().map(|(i, row)| {
        let field = Field::AssignmentGroup(i);
        let name = field.path();
        let oninput = props.onedit.reform(move |e: InputEvent| (field, event_text(&e)));
        let onremove = props.onremove.reform(move |_| i);
        html! {
            <li class={classes!("assignment", row.dirty.then_some("dirty"), row.error.is_some().then_some("invalid"))}>
                <label for={name.clone()}>{ format!("Group {} (object ID)", i + 1) }</label>
                <input id={name.clone()} name={name} type="text" class="guid" placeholder="00000000-0000-0000-0000-000000000000"
                    value={row.group_id.clone()} aria-invalid={row.error.is_some().to_string()} {oninput} />
                <button type="button" onclick={onremove} aria-label={format!("Remove group {}", i + 1)}>{ "Remove" }</button>
                { name_html(directory.name(&row.group_id)) }
                { row.error.as_ref().map(|e| html! { <p class="field-error">{ e.clone() }</p> }).unwrap_or_default() }
            </li>
        }
    });
    let onadd = props.onadd.reform(|_| ());
    let denied = directory.consent() == Consent::Denied;
    html! {
        <fieldset class={classes!("assignments", props.changed.then_some("dirty"))}>
            <legend>{ "Assignments" }</legend>
            <p class="help">{ "Microsoft Entra groups this policy applies to. Saving replaces all targets (the assign action)." }</p>
            if denied {
                <p class="banner info" role="status" data-notice="no-directory-consent">{ NO_CONSENT }</p>
            }
            if props.rows.is_empty() {
                <p class="empty">{ "Not assigned to any group." }</p>
            }
            <ul>{ for rows }</ul>
            <GroupSearch name="group-search" label="Add a group by name" action="add-group" verb="Add"
                onpick={props.onpick.reform(|g: DirectoryObject| g.id)} />
            <button type="button" data-action="add-assignment" onclick={onadd}>{ if denied { "Add group" } else { "Add group by ID" } }</button>
        </fieldset>
    }
}
