//! Group assignments: a list of target group ids; saved through the `assign` action.

use super::fields::event_text;
use crate::core::draft::Field;
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
    pub onremove: Callback<usize>,
}

#[function_component]
pub fn AssignmentsEditor(props: &AssignmentsEditorProps) -> Html {
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
                { row.error.as_ref().map(|e| html! { <p class="field-error">{ e.clone() }</p> }).unwrap_or_default() }
            </li>
        }
    });
    let onadd = props.onadd.reform(|_| ());
    html! {
        <fieldset class={classes!("assignments", props.changed.then_some("dirty"))}>
            <legend>{ "Assignments" }</legend>
            <p class="help">{ "Microsoft Entra groups this policy applies to. Saving replaces all targets (the assign action)." }</p>
            if props.rows.is_empty() {
                <p class="empty">{ "Not assigned to any group." }</p>
            }
            <ul>{ for rows }</ul>
            <button type="button" onclick={onadd}>{ "Add group" }</button>
        </fieldset>
    }
}
