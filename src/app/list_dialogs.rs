//! The list's dialogs: a new configuration, a copy, and the confirmation of a delete. Each is a
//! `role="dialog"` whose confirming button is `data-action="confirm"` (`cancel` closes it).

use super::fields::event_text;
use super::modal::Modal;
use super::workspace::WorkspaceHandle;
use crate::core::pages::workspace::{Action, Dialog};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ListDialogProps {
    pub workspace: WorkspaceHandle,
}

#[function_component]
pub fn ListDialog(props: &ListDialogProps) -> Html {
    let ws = &props.workspace;
    let state = ws.state();
    let confirm = ws.reform(|_: MouseEvent| Action::Confirm);
    let cancel = ws.reform(|_: MouseEvent| Action::Cancel);
    let onkeydown = ws.on_escape(|| Action::Cancel);
    let error = state.dialog_error();
    let busy = state.is_busy();
    let name_and_priority = |title: &str, name: &str, priority: &str| {
        html! {
            <>
                <h2 id="dialog-title">{ title.to_string() }</h2>
                <label for="new-name">{ "Display name" }</label>
                <input id="new-name" name="new-displayName" type="text" value={name.to_string()} required=true
                    oninput={ws.reform(|e: InputEvent| Action::DialogName(event_text(&e)))} />
                <label for="new-priority">{ "Priority" }</label>
                <input id="new-priority" name="new-priority" type="number" min="0" value={priority.to_string()}
                    oninput={ws.reform(|e: InputEvent| Action::DialogPriority(event_text(&e)))} />
                <p class="help">{ "Unique per tenant; 0 is the highest priority. The next free one is filled in." }</p>
            </>
        }
    };
    let (body, confirm_label) = match &state.dialog {
        Dialog::None => return Html::default(),
        Dialog::New { name, priority } => (name_and_priority("New configuration", name, priority), "Create"),
        Dialog::Copy { name, priority, with_groups, .. } => {
            let source = state.dialog_row().map(|r| r.name.clone()).unwrap_or_default();
            let groups = state.dialog_row().map_or(0, |r| r.groups.len());
            let toggle =
                ws.reform(|e: Event| Action::DialogWithGroups(e.target_unchecked_into::<HtmlInputElement>().checked()));
            let body = html! {
                <>
                    { name_and_priority(&format!("Copy \"{source}\""), name, priority) }
                    <p>{ "The copy gets the description and both payloads." }</p>
                    <label class="check">
                        <input type="checkbox" name="copy-groups" checked={*with_groups} onchange={toggle} />
                        { format!(" Assign it to the same {groups} group(s)") }
                    </label>
                </>
            };
            (body, "Copy")
        }
        Dialog::Delete { .. } => {
            let row = state.dialog_row().cloned().unwrap_or_default();
            let body = html! {
                <>
                    <h2 id="dialog-title">{ format!("Delete \"{}\"?", row.name) }</h2>
                    if row.groups.is_empty() {
                        <p>{ "It is assigned to no group." }</p>
                    } else {
                        <p>{ format!("It applies to {} group(s); their users lose these settings:", row.groups.len()) }</p>
                        <ul class="groups">{ for row.groups.iter().map(|g| html! { <li><code>{ g.clone() }</code></li> }) }</ul>
                    }
                    <p>{ "This cannot be undone." }</p>
                </>
            };
            (body, "Delete")
        }
    };
    html! {
        <Modal>
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="dialog-title" {onkeydown}>
                { body }
                { error.clone().map(|e| html! { <p class="field-error" role="alert">{ e }</p> }).unwrap_or_default() }
                <div class="actions-row">
                    <button type="button" class="primary" data-action="confirm" disabled={busy || error.is_some()} onclick={confirm}>
                        { if busy { "Working…" } else { confirm_label } }
                    </button>
                    <button type="button" data-action="cancel" onclick={cancel}>{ "Cancel" }</button>
                </div>
            </div>
        </Modal>
    }
}
