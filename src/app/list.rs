//! The list page: every configuration (`core::pages::workspace` decides the rows, their order and
//! what each click does), searched as you type, sorted by any column, and the toolbar for
//! new, copy, delete and reorder; above them, the tenant's check-in health (`app::tenant_health`,
//! read once the list is). Keyboard: `/` focuses the search, arrow keys move through the rows,
//! Enter opens one.

use super::banner::{ErrorBanner, RetryCountdown};
use super::context::listen;
use super::context::Tenants;
use super::fields::event_text;
use super::focus::{focus, use_heading_focus};
use super::list_dialogs::ListDialog;
use super::list_rows::{header, row_html};
use super::parts::Transfer;
use super::tenant_health::TenantHealth;
use super::transfer_view::{Asks, Exporting, TransferButtons};
use super::workspace::use_workspace;
use crate::core::pages::import::Action as ImportAction;
use crate::core::pages::workspace::{Action, Load, SortKey};
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component]
pub fn ConfigurationList() -> Html {
    let ws = use_workspace();
    // Export, import and compare: the toolbar's asks, carried out by a part fetched on the first.
    let asks = (*use_state(Asks::default)).clone();
    let made = use_state(|| 0usize);
    let exporting = use_state(Exporting::default);
    let ask = {
        let (asks, made) = (asks.clone(), made.setter());
        Callback::from(move |action: ImportAction| {
            asks.push(action);
            made.set(asks.made());
        })
    };
    let navigator = use_navigator();
    // `/` focuses the search box (unless typing somewhere).
    use_effect_with((), |_| {
        listen("keydown", |e: KeyboardEvent| {
            let typing = e
                .target_dyn_into::<web_sys::Element>()
                .is_some_and(|t| matches!(t.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"));
            if e.key() == "/" && !typing {
                e.prevent_default();
                focus("input[name=search]");
            }
        })
    });
    // A configuration copied from another tenant: its import's dry run, once this list is read.
    {
        let (pending, ask, ws) = (use_context::<Tenants>().map(|t| t.pending), ask.clone(), ws.clone());
        let ready = ws.state().load == Load::Ready;
        use_effect_with(ready, move |&ready| {
            if let Some((file, text)) = pending.filter(|_| ready).and_then(|p| p.take()) {
                let rows = ws.state().rows().to_vec();
                ask.emit(ImportAction::Open { file, text, rows });
            }
        });
    }
    let heading = use_heading_focus("list".into(), true);
    use_effect_with(ws.state().load == Load::Ready, |ready| {
        if *ready {
            super::clock::mark_once("list-usable");
        }
    });
    let state = ws.state();
    let reordering = state.is_reordering();
    let moves = state.moves();
    let duplicates = state.duplicate_priorities();
    let toolbar = if reordering {
        html! {
            <div class="toolbar">
                <p class="help">{ "Move rows with ↑ ↓, the arrow keys on a handle, or by dragging. Each moved row shows old → new priority." }</p>
                <button type="button" class="primary" data-action="save-priorities" disabled={state.is_busy()} onclick={ws.reform(|_: MouseEvent| Action::SavePriorities)}>
                    { format!("Save priorities ({} changed)", moves.len()) }
                </button>
                <button type="button" data-action="cancel-reorder" onclick={ws.reform(|_: MouseEvent| Action::CancelReorder)}>{ "Cancel" }</button>
            </div>
        }
    } else {
        html! {
            <div class="toolbar">
                <input type="search" name="search" aria-label="Search by name or description (press /, then ↓ to the rows)" placeholder="Search name or description  ( / )"
                    value={state.search().to_string()} oninput={ws.reform(|e: InputEvent| Action::Search(event_text(&e)))}
                    onkeydown={Callback::from(|e: KeyboardEvent| if e.key() == "ArrowDown" {
                        // Down from the search: to the first row it found.
                        e.prevent_default();
                        focus("section.configurations table.list tbody tr[data-config-id]");
                    })} />
                <button type="button" class="primary" data-action="new" onclick={ws.reform(|_: MouseEvent| Action::AskNew)}>{ "New configuration" }</button>
                <button type="button" data-action="reorder" disabled={state.load != Load::Ready} onclick={ws.reform(|_: MouseEvent| Action::StartReorder)}>{ "Reorder priorities" }</button>
                <TransferButtons workspace={ws.clone()} ask={ask.clone()} exporting={(*exporting).clone()} />
            </div>
        }
    };
    let body = match &state.load {
        Load::Loading => html! { <p role="status">{ "Loading configurations…" }</p> },
        Load::Failed(e) => html! { <ErrorBanner title="The configurations could not be listed." error={e.clone()} /> },
        Load::Ready if state.total() == 0 => {
            html! { <p class="empty">{ "This tenant has no Office client configurations. Create one with New configuration." }</p> }
        }
        Load::Ready => {
            let rows = state.visible();
            let all_ticked = !rows.is_empty() && rows.iter().all(|r| state.is_selected(&r.id));
            let tick_all = ws.reform(|e: Event| {
                Action::SelectShown(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked())
            });
            let shown = rows.iter().map(|r| {
                let moved = moves.iter().find(|m| m.id == r.id);
                let duplicate = r.priority.is_some_and(|p| duplicates.contains(&p));
                row_html(&ws, r, moved, reordering, duplicate, &navigator, state.is_selected(&r.id))
            });
            html! {
                <>
                    <p class="count" role="status">{ format!("{} of {} configurations", rows.len(), state.total()) }</p>
                    <table class="list">
                        <thead><tr>
                            <th scope="col" class="tick"><input type="checkbox" name="select-all" aria-label="Select every configuration shown, for export" checked={all_ticked} onchange={tick_all} /></th>
                            { header(&ws, SortKey::Name, "Name") }
                            { header(&ws, SortKey::Priority, "Priority") }
                            { header(&ws, SortKey::Groups, "Groups") }
                            { header(&ws, SortKey::Succeeded, "Check-ins ✓ / ✗") }
                            { header(&ws, SortKey::LastModified, "Last modified") }
                            <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                        </tr></thead>
                        <tbody>{ for shown }</tbody>
                    </table>
                </>
            }
        }
    };
    html! {
        <section class="configurations">
            <h1 tabindex="-1" ref={heading}>{ "Office client configurations" }</h1>
            <TenantHealth listed={state.load == Load::Ready} />
            { toolbar }
            { state.countdown().map(|line| html! { <RetryCountdown line={line} oncancel={ws.reform(|()| Action::CancelRetry)} /> }).unwrap_or_default() }
            { state.status.clone().map(|s| html! { <p class="status" role="status">{ s }</p> }).unwrap_or_default() }
            { state.error.clone().map(|e| html! { <ErrorBanner title="That change was not made." error={e} /> }).unwrap_or_default() }
            if !duplicates.is_empty() && !reordering {
                <div class="banner warning" role="status">
                    { format!("Priorities used more than once: {}. Graph orders such configurations unpredictably.", duplicates.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")) }
                    <button type="button" data-action="fix-priorities" onclick={ws.reform(|_: MouseEvent| Action::FixDuplicates)}>{ "Renumber them" }</button>
                </div>
            }
            { body }
            <ListDialog workspace={ws.clone()} />
            if *made > 0 {
                <Transfer workspace={ws.clone()} asks={asks} made={*made} exporting={Callback::from(move |e| exporting.set(e))} />
            }
        </section>
    }
}
