//! The list page: every configuration (`core::workspace` decides the rows, their order and
//! what each click does), searched as you type, sorted by any column, and the toolbar for
//! new, copy, delete and reorder. Keyboard: `/` focuses the search, arrow keys move through
//! the rows, Enter opens one.

use super::banner::{ErrorBanner, RetryCountdown};
use super::fields::event_text;
use super::list_dialogs::ListDialog;
use super::workspace::{use_workspace, WorkspaceHandle};
use super::{listen, Route};
use crate::core::workspace::{Action, Load, Move, Row, SortKey};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

fn focus(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(e) = element {
        let _ = e.focus();
    }
}

/// Arrow keys move between rows, Enter opens the row focused.
fn on_row_key(navigator: Option<Navigator>, id: String) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        let Some(row) = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("tr").ok().flatten()) else {
            return;
        };
        let sibling = match e.key().as_str() {
            "ArrowDown" => row.next_element_sibling(),
            "ArrowUp" => row.previous_element_sibling(),
            "Enter" => {
                if let Some(n) = &navigator {
                    n.push(&Route::Editor { id: id.clone() });
                }
                return;
            }
            _ => return,
        };
        e.prevent_default();
        if let Some(next) = sibling.and_then(|s| s.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = next.focus();
        }
    })
}

fn header(ws: &WorkspaceHandle, key: SortKey, label: &'static str) -> Html {
    let sort = ws.state().sort();
    let aria_sort = match (sort.key == key, sort.descending) {
        (false, _) => "none",
        (true, false) => "ascending",
        (true, true) => "descending",
    };
    let arrow = if sort.key != key {
        ""
    } else if sort.descending {
        " ▼"
    } else {
        " ▲"
    };
    html! {
        <th scope="col" aria-sort={aria_sort}>
            <button type="button" class="sort" data-sort={key.as_str()} onclick={ws.reform(move |_: MouseEvent| Action::SortBy(key))}>
                { format!("{label}{arrow}") }
            </button>
        </th>
    }
}

fn row_html(
    ws: &WorkspaceHandle,
    row: &Row,
    moved: Option<&Move>,
    reordering: bool,
    duplicate: bool,
    navigator: &Option<Navigator>,
) -> Html {
    let id = row.id.clone();
    let priority = row.priority.map(|p| p.to_string()).unwrap_or_default();
    let priority_cell = match moved {
        Some(m) => format!("{} → {}", m.old.map(|p| p.to_string()).unwrap_or_else(|| "(none)".into()), m.new),
        None => priority.clone(),
    };
    let checkins = match (row.succeeded, row.failed) {
        (None, None) => String::new(),
        (s, f) => format!("{} / {}", s.unwrap_or(0), f.unwrap_or(0)),
    };
    let actions = if reordering {
        let (up, down, drag) = (id.clone(), id.clone(), id.clone());
        let handle_keys = {
            let runner = ws.runner();
            Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
                "ArrowUp" => {
                    e.prevent_default();
                    runner.dispatch(Action::MoveUp(drag.clone()))
                }
                "ArrowDown" => {
                    e.prevent_default();
                    runner.dispatch(Action::MoveDown(drag.clone()))
                }
                _ => {}
            })
        };
        html! {
            <td class="row-actions">
                <button type="button" class="drag-handle" aria-label={format!("Move {} (arrow keys, or drag)", row.name)} onkeydown={handle_keys}>{ "⠿" }</button>
                <button type="button" data-action="move-up" aria-label={format!("Move {} up", row.name)} onclick={ws.reform(move |_: MouseEvent| Action::MoveUp(up.clone()))}>{ "↑" }</button>
                <button type="button" data-action="move-down" aria-label={format!("Move {} down", row.name)} onclick={ws.reform(move |_: MouseEvent| Action::MoveDown(down.clone()))}>{ "↓" }</button>
            </td>
        }
    } else {
        let (copy, delete) = (id.clone(), id.clone());
        html! {
            <td class="row-actions">
                <button type="button" data-action="copy" aria-label={format!("Copy {}", row.name)} onclick={ws.reform(move |_: MouseEvent| Action::AskCopy(copy.clone()))}>{ "Copy" }</button>
                <button type="button" data-action="delete" aria-label={format!("Delete {}", row.name)} onclick={ws.reform(move |_: MouseEvent| Action::AskDelete(delete.clone()))}>{ "Delete" }</button>
            </td>
        }
    };
    let (dragged, dropped) = (id.clone(), id.clone());
    let ondragstart = Callback::from(move |e: DragEvent| {
        if let Some(dt) = e.data_transfer() {
            let _ = dt.set_data("text/plain", &dragged);
        }
    });
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let runner = ws.runner();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let from = e.data_transfer().and_then(|dt| dt.get_data("text/plain").ok()).unwrap_or_default();
            let to = runner.state().visible().iter().position(|r| r.id == dropped).unwrap_or(0);
            runner.dispatch(Action::MoveTo { id: from, to });
        })
    };
    html! {
        <tr data-config-id={id.clone()} tabindex="0" class={classes!(moved.is_some().then_some("moved"))}
            draggable={reordering.to_string()} {ondragstart} {ondragover} {ondrop}
            onkeydown={on_row_key(navigator.clone(), id.clone())}>
            <td>
                <Link<Route> to={Route::Editor { id: id.clone() }}>{ row.name.clone() }</Link<Route>>
                <div class="description">{ row.description.clone() }</div>
            </td>
            <td class={classes!("number", duplicate.then_some("duplicate"))} data-priority={priority}>{ priority_cell }</td>
            <td class="number">{ row.groups.len() }</td>
            <td class="number">{ checkins }</td>
            <td>{ row.last_modified.clone() }</td>
            { actions }
        </tr>
    }
}

#[function_component]
pub fn ConfigurationList() -> Html {
    let ws = use_workspace();
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
                <input type="search" name="search" aria-label="Search by name or description (press /)" placeholder="Search name or description  ( / )"
                    value={state.search().to_string()} oninput={ws.reform(|e: InputEvent| Action::Search(event_text(&e)))} />
                <button type="button" class="primary" data-action="new" onclick={ws.reform(|_: MouseEvent| Action::AskNew)}>{ "New configuration" }</button>
                <button type="button" data-action="reorder" disabled={state.load != Load::Ready} onclick={ws.reform(|_: MouseEvent| Action::StartReorder)}>{ "Reorder priorities" }</button>
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
            let shown = rows.iter().map(|r| {
                let moved = moves.iter().find(|m| m.id == r.id);
                let duplicate = r.priority.is_some_and(|p| duplicates.contains(&p));
                row_html(&ws, r, moved, reordering, duplicate, &navigator)
            });
            html! {
                <>
                    <p class="count" role="status">{ format!("{} of {} configurations", rows.len(), state.total()) }</p>
                    <table class="list">
                        <thead><tr>
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
            <h1>{ "Office client configurations" }</h1>
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
        </section>
    }
}
