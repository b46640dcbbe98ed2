//! Export, Import and Compare on the list page's toolbar: Export (the ticked rows, or all),
//! Import (a file input, `name="import-file"`; the dialog is `app::import_dialog`), Compare (two
//! ticked rows; `app::import_dialog::CompareDialog`).
//!
//! The buttons are the list's; what they ask for is carried out by the transfer tools
//! (`app::import_dialog::TransferTools`), a part that arrives on the first click (`app::parts`). The
//! buttons read the picked file themselves: the file dialog needs the click's own activation, and
//! an ask made while the tools are on their way waits for them in `Asks`.

use super::clock::now;
use super::draft_store::KeptDrafts;
use super::workspace::WorkspaceHandle;
use crate::core::pages::backup::Source;
use crate::core::pages::import::{Action, MAX_FILE_BYTES};
use crate::core::pages::workspace::Row;
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What the list has asked of its transfer tools, in order, until they take it.
#[derive(Clone, Default)]
pub struct Asks {
    queue: Rc<RefCell<VecDeque<Action>>>,
    made: Rc<Cell<usize>>,
}

impl PartialEq for Asks {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.queue, &other.queue)
    }
}

impl Asks {
    pub fn push(&self, action: Action) {
        self.queue.borrow_mut().push_back(action);
        self.made.set(self.made.get() + 1);
    }

    /// The asks not taken yet, oldest first.
    pub fn take(&self) -> Vec<Action> {
        self.queue.borrow_mut().drain(..).collect()
    }

    /// How many asks were ever made: none means the tools are not needed yet.
    pub fn made(&self) -> usize {
        self.made.get()
    }
}

/// What the tools report back to the toolbar.
#[derive(Clone, Default, PartialEq)]
pub struct Exporting {
    pub busy: bool,
    pub error: Option<String>,
}

#[derive(Properties, PartialEq)]
pub struct TransferProps {
    pub workspace: WorkspaceHandle,
    pub ask: Callback<Action>,
    pub exporting: Exporting,
}

/// Where an export comes from: this deployment's cloud and the signed-in tenant.
pub fn source(kept: &KeptDrafts) -> Source {
    match &kept.owner {
        Some(o) => Source { cloud: o.cloud.clone(), tenant: o.tenant.clone() },
        None => Source { cloud: "unknown".into(), tenant: "unknown".into() },
    }
}

/// Export, "with check-in data", and Import, for the list's toolbar.
#[function_component]
pub fn TransferButtons(props: &TransferProps) -> Html {
    let kept = use_context::<KeptDrafts>().expect("export needs a KeptDrafts context");
    let with_checkins = use_state(|| false);
    let picker = use_node_ref();
    let ws = props.workspace.state();
    let exporting = &props.exporting;
    let selected = ws.selected();
    let export = {
        let (ask, workspace, with_checkins) = (props.ask.clone(), props.workspace.clone(), *with_checkins);
        Callback::from(move |_: MouseEvent| {
            let state = workspace.state();
            let selected = state.selected_rows();
            let rows = if selected.is_empty() { state.rows().to_vec() } else { selected };
            ask.emit(Action::Export { rows, with_checkins, source: source(&kept), at: now() });
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
        let (ask, workspace) = (props.ask.clone(), props.workspace.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            input.set_value("");
            let bytes = file.size() as u64;
            if bytes > MAX_FILE_BYTES {
                ask.emit(Action::TooBig { file: file.name(), bytes });
                return;
            }
            let (ask, rows) = (ask.clone(), workspace.state().rows().to_vec());
            wasm_bindgen_futures::spawn_local(async move {
                let name = file.name();
                let text = wasm_bindgen_futures::JsFuture::from(file.text()).await.ok().and_then(|v| v.as_string());
                let text = text.unwrap_or_else(|| "\u{0}(the file could not be read)".into());
                ask.emit(Action::Open { file: name, text, rows });
            });
        })
    };
    let compare = {
        let (ask, workspace) = (props.ask.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            if let Ok(rows) = <[Row; 2]>::try_from(workspace.state().selected_rows()) {
                ask.emit(Action::Compare { rows });
            }
        })
    };
    let label =
        if selected.is_empty() { "Export all".to_string() } else { format!("Export {} selected", selected.len()) };
    html! {
        <>
            <button type="button" data-action="export" disabled={exporting.busy || ws.total() == 0} onclick={export}>
                { if exporting.busy { "Exporting…".to_string() } else { label } }
            </button>
            <label class="check"><input type="checkbox" name="export-checkins" checked={*with_checkins} onchange={toggle} />{ " with check-in data" }</label>
            <button type="button" data-action="import" onclick={open_picker}>{ "Import…" }</button>
            <button type="button" data-action="compare" disabled={selected.len() != 2} onclick={compare}
                title="Tick two configurations to compare them">{ "Compare 2" }</button>
            <input ref={picker} type="file" name="import-file" accept=".json,application/json" class="visually-hidden"
                aria-label="Backup file to import" tabindex="-1" onchange={picked} />
            { exporting.error.clone().map(|e| html! { <p class="field-error" role="alert">{ e }</p> }).unwrap_or_default() }
        </>
    }
}
