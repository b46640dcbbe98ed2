//! The list's rows and column headers: each row with its export tick box (`name="select"`,
//! `data-config-id`), its cells, and its copy/delete buttons, or the move controls while
//! reordering. Keyboard: arrow keys move through the rows, Enter opens one.

use super::context::Route;
use super::dates::LocalTime;
use super::workspace::WorkspaceHandle;
use crate::core::pages::workspace::{Action, Move, Row, SortKey};
use wasm_bindgen::JsCast;
use yew::prelude::*;
use yew_router::prelude::*;

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

pub fn header(ws: &WorkspaceHandle, key: SortKey, label: &'static str) -> Html {
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

pub fn row_html(
    ws: &WorkspaceHandle,
    row: &Row,
    moved: Option<&Move>,
    reordering: bool,
    duplicate: bool,
    navigator: &Option<Navigator>,
    ticked: bool,
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
    let tick = {
        let id = id.clone();
        ws.reform(move |e: Event| Action::Select {
            id: id.clone(),
            on: e.target_unchecked_into::<web_sys::HtmlInputElement>().checked(),
        })
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
            <td class="tick">
                <input type="checkbox" name="select" data-config-id={id.clone()} aria-label={format!("Select {} for export", row.name)}
                    checked={ticked} onchange={tick} />
            </td>
            <td>
                <Link<Route> to={Route::Editor { id: id.clone() }}>{ row.name.clone() }</Link<Route>>
                <div class="description">{ row.description.clone() }</div>
            </td>
            <td class={classes!("number", duplicate.then_some("duplicate"))} data-priority={priority}>{ priority_cell }</td>
            <td class="number">{ row.groups.len() }</td>
            <td class="number">{ checkins }</td>
            <td><LocalTime iso={row.last_modified.clone()} /></td>
            { actions }
        </tr>
    }
}
