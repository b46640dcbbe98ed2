//! Export, Import and Compare on the list page's toolbar: Export (the ticked rows, or all),
//! Import (a file input, `name="import-file"`; the dialog is `app::import_dialog`), Compare (two
//! ticked rows; `app::import_dialog::CompareDialog`).

use super::clock::now;
use super::draft_store::KeptDrafts;
use super::transfer::{source, TransferHandle};
use super::workspace::WorkspaceHandle;
use crate::core::pages::import::{Action, MAX_FILE_BYTES};
use crate::core::pages::workspace::Row;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TransferProps {
    pub workspace: WorkspaceHandle,
    pub transfer: TransferHandle,
}

/// Export, "with check-in data", and Import, for the list's toolbar.
#[function_component]
pub fn TransferButtons(props: &TransferProps) -> Html {
    let kept = use_context::<KeptDrafts>().expect("export needs a KeptDrafts context");
    let with_checkins = use_state(|| false);
    let picker = use_node_ref();
    let ws = props.workspace.state();
    let t = props.transfer.state();
    let selected = ws.selected();
    let export = {
        let (runner, workspace, with_checkins) = (props.transfer.runner(), props.workspace.clone(), *with_checkins);
        Callback::from(move |_: MouseEvent| {
            let state = workspace.state();
            let selected = state.selected_rows();
            let rows = if selected.is_empty() { state.rows().to_vec() } else { selected };
            runner.dispatch(Action::Export { rows, with_checkins, source: source(&kept), at: now() });
        })
    };
    let toggle = {
        let with_checkins = with_checkins.clone();
        Callback::from(move |e: Event| with_checkins.set(e.target_unchecked_into::<HtmlInputElement>().checked()))
    };
    let open_picker = {
        let picker = picker.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = picker.cast::<HtmlInputElement>() {
                input.click();
            }
        })
    };
    let picked = {
        let (runner, workspace) = (props.transfer.runner(), props.workspace.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let bytes = file.size() as u64;
            if bytes > MAX_FILE_BYTES {
                runner.dispatch(Action::TooBig { file: file.name(), bytes });
                return;
            }
            let (runner, rows) = (runner.clone(), workspace.state().rows().to_vec());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                let text = text.unwrap_or_else(|| "\u{0}(the file could not be read)".into());
                runner.dispatch(Action::Open { file: name, text, rows });
            });
        })
    };
    let compare = {
        let (runner, workspace) = (props.transfer.runner(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(rows) = <[Row; 2]>::try_from(workspace.state().selected_rows()) {
                runner.dispatch(Action::Compare { rows });
            }
        })
    };
    let label =
        if selected.is_empty() { "Export all".to_string() } else { format!("Export {} selected", selected.len()) };
    html! {
        <>
            <button type="button" data-action="export" disabled={t.is_exporting() || ws.total() == 0} onclick={export}>
                { if t.is_exporting() { "Exporting…".to_string() } else { label } }
            </button>
            <label class="check"><input type="checkbox" name="export-checkins" checked={*with_checkins} onchange={toggle} />{ " with check-in data" }</label>
            <button type="button" data-action="import" onclick={open_picker}>{ "Import…" }</button>
            <button type="button" data-action="compare" disabled={selected.len() != 2} onclick={compare}
                title="Tick two configurations to compare them">{ "Compare 2" }</button>
            <input ref={picker} type="file" name="import-file" accept=".json,application/json" class="visually-hidden"
                aria-label="Backup file to import" tabindex="-1" onchange={picked} />
            { t.export_error.clone().map(|e| html! { <p class="field-error" role="alert">{ e }</p> }).unwrap_or_default() }
        </>
    }
}
