//! The Settings view of a payload (`data-action="view-settings"`): the JSON as a tree of typed
//! controls (`core::pages::settings_view` decides the rows, `core::text::settings` makes each edit as a splice
//! of the JSON text, which is then the payload's new value: the JSON view shows it at once, as
//! one undoable change). A `role="tree"` of `treeitem`s: arrow keys move, open and close, Enter
//! goes to the control. Only the rows in view are rendered. The filter is
//! `name="<payload>#filter"`, "changed only" `name="<payload>#changed-only"`. While the JSON
//! text does not parse, the view shows the error and nothing can be changed here.

use super::settings_row::{add_form, rename_form, row, RowContext};
use super::settings_work::{use_settings_work, Pending};
use super::text::Text;
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use crate::core::pages::settings_view::{Action, SettingsView, Visible};
use crate::core::text::settings::{self, Edit};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Row height in pixels (style.css), rows in view and rendered beyond them.
const ROWS: Geometry = Geometry { row_px: 36, view_rows: 14, overscan: 8 };
const ROW_PX: usize = ROWS.row_px;
const VIEW_ROWS: usize = ROWS.view_rows;

#[derive(Properties, PartialEq)]
pub struct SettingsTreeProps {
    /// The payload's property name (`policyPayload`).
    pub name: AttrValue,
    pub label: AttrValue,
    /// The JSON text being edited, and the one Graph holds.
    pub value: Text,
    pub loaded: Text,
    /// Why the JSON text does not parse, if it does not (other problems, such as its size, are
    /// shown beside the payload and leave the settings editable).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
    /// The payload's new text, after each change made here.
    pub onreplace: Callback<Rc<str>>,
}

#[function_component]
pub fn SettingsTree(props: &SettingsTreeProps) -> Html {
    let view = use_state(SettingsView::default);
    let first = use_state(|| 0usize);
    let focused = use_state(|| 0usize);
    let adding = use_state(|| None::<String>);
    let renaming = use_state(|| None::<String>);
    let refused = use_state(|| None::<String>);
    // What is shown, and the work (a part at a time) towards what should be.
    let work = use_settings_work(&props.value, &props.loaded, &view, props.error.is_some());
    let (shown, fresh, progress, pending) = (work.shown.clone(), work.fresh, work.progress, work.pending.clone());
    let empty = Visible::default();
    let lines = shown.as_ref().map_or(&empty, |s| &s.visible);
    let total = lines.lines.len();
    let scrolled = {
        let first = first.clone();
        Callback::from(move |now| first.set(now))
    };
    let VirtualRows { range, scroller, above, below, onscroll } = use_virtual_rows(total, *first, ROWS, scrolled);
    let name = props.name.to_string();
    let dispatch = {
        let view = view.clone();
        Callback::from(move |a: Action| view.set((*view).clone().apply(a)))
    };
    if let Some(error) = &props.error {
        return html! {
            <div class="settings-view">
                <p class="field-error" role="alert">{ format!("The JSON text is not valid: {error} The settings are read-only until it is fixed in the JSON view; nothing was changed.") }</p>
            </div>
        };
    }
    if let Some(pointer) = shown.as_ref().filter(|_| fresh).and_then(|s| s.now.repeated.as_ref()) {
        return html! {
            <div class="settings-view">
                <p class="field-error" role="alert" data-repeated-key={pointer.clone()}>{ format!("The key at {pointer} is given twice in its object. Readers disagree on which one counts, so the settings are read-only until one of them is removed in the JSON view; nothing was changed.") }</p>
            </div>
        };
    }
    // Rows of an older text are shown while the new one is read, and cannot be changed.
    let readonly = props.readonly || !fresh;
    let edit = {
        let (shown, onreplace, refused, pending) =
            (shown.clone(), props.onreplace.clone(), refused.clone(), pending.clone());
        Callback::from(move |edit: Edit| {
            let Some(now) = shown.as_ref() else { return };
            match now.now.index.edit(&now.now.text, &edit) {
                Ok((text, shift)) => {
                    // One copy, shared from here on by the draft, the page and this view.
                    let text: Rc<str> = text.into();
                    *pending.borrow_mut() = shift.map(|shift| Pending {
                        text: AttrValue::from(text.clone()),
                        base: now.now.clone(),
                        shift,
                    });
                    refused.set(None);
                    onreplace.emit(text);
                }
                Err(why) => refused.set(Some(why.to_string())),
            }
        })
    };
    let toggle = dispatch.reform(Action::Toggle);
    let opener = |state: &UseStateHandle<Option<String>>| {
        let state = state.clone();
        Callback::from(move |at: Option<String>| state.set(at))
    };
    let (on_adding, on_renaming) = (opener(&adding), opener(&renaming));
    // Keeps row `to` focused and in view.
    let focus = {
        let (focused, first, scroller) = (focused.clone(), first.clone(), scroller.clone());
        move |to: usize| {
            let to = to.min(total.saturating_sub(1));
            focused.set(to);
            let top = if to < *first {
                to
            } else if to >= *first + VIEW_ROWS {
                to + 1 - VIEW_ROWS
            } else {
                *first
            };
            if top != *first {
                first.set(top);
                if let Some(e) = scroller.cast::<HtmlElement>() {
                    e.set_scroll_top((top * ROW_PX) as i32);
                }
            }
            if let Some(e) = scroller.cast::<HtmlElement>() {
                let at = format!("[data-row=\"{to}\"]");
                if let Some(row) = e.query_selector(&at).ok().flatten().and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
                    let _ = row.focus();
                }
            }
        }
    };
    let onkeydown = {
        let (shown, toggle) = (shown.clone(), toggle.clone());
        Callback::from(move |e: KeyboardEvent| {
            // The row the key was pressed on (the keys of the controls inside are theirs).
            let target =
                e.target_dyn_into::<HtmlElement>().filter(|t| t.get_attribute("role").as_deref() == Some("treeitem"));
            let Some(focused) = target.and_then(|t| t.get_attribute("data-row")?.parse::<usize>().ok()) else { return };
            let Some(shown) = shown.as_ref().filter(|s| focused < s.visible.lines.len()) else { return };
            let current = shown.visible.row(&shown.now.text, &shown.now.index, focused, &shown.changed.nodes);
            let section = matches!(current.kind, settings::Kind::Object | settings::Kind::Array);
            match e.key().as_str() {
                "ArrowDown" => focus(focused + 1),
                "ArrowUp" => focus(focused.saturating_sub(1)),
                "Home" => focus(0),
                "End" => focus(usize::MAX),
                "ArrowRight" if section && !current.open => toggle.emit(current.pointer.clone()),
                "ArrowLeft" if section && current.open => toggle.emit(current.pointer.clone()),
                "ArrowLeft" => {
                    focus(shown.visible.parent(&shown.now.index, focused).unwrap_or(focused));
                }
                "Enter" => {
                    let target = e.target_dyn_into::<HtmlElement>();
                    let control =
                        target.and_then(|t| t.query_selector("input, select, button:not(.twisty)").ok().flatten());
                    if let Some(c) = control.and_then(|c| c.dyn_into::<HtmlElement>().ok()) {
                        let _ = c.focus();
                    }
                }
                _ => return,
            }
            e.prevent_default();
        })
    };
    let onfocusin = {
        let focused = focused.clone();
        Callback::from(move |e: FocusEvent| {
            let row =
                e.target_dyn_into::<HtmlElement>().and_then(|t| t.get_attribute("data-row")?.parse::<usize>().ok());
            if let Some(row) = row.filter(|r| *r != *focused) {
                focused.set(row);
            }
        })
    };
    let rows = shown.iter().flat_map(|s| range.clone().map(move |index| (s, index))).map(|(s, index)| {
        let r = &s.visible.row(&s.now.text, &s.now.index, index, &s.changed.nodes);
        let ctx = RowContext {
            name: &name,
            text: &s.now.text,
            readonly,
            edit: &edit,
            toggle: &toggle,
            focused: index == (*focused).min(total.saturating_sub(1)),
            index,
            on_adding: &on_adding,
            on_renaming: &on_renaming,
        };
        row(r, &ctx)
    });
    let filtering = !view.filter.trim().is_empty() || view.changed_only;
    let working = !fresh;
    let status = match (working, filtering) {
        (true, _) if progress < 75 => format!("Reading the settings… {progress}%"),
        (true, _) => format!("Searching… {progress}%"),
        (false, true) => format!("{} setting(s) match", lines.matches),
        (false, false) => format!("{total} row(s)"),
    };
    let onfilter =
        dispatch.reform(|e: InputEvent| Action::SetFilter(e.target_unchecked_into::<HtmlInputElement>().value()));
    let onchanged =
        dispatch.reform(|e: Event| Action::SetChangedOnly(e.target_unchecked_into::<HtmlInputElement>().checked()));
    html! {
        <div class="settings-view">
            <div class="settings-tools">
                <label for={format!("{name}#filter")}>{ "Find a setting" }</label>
                <input type="search" id={format!("{name}#filter")} name={format!("{name}#filter")} value={view.filter.clone()}
                    placeholder="Name, path or value" oninput={onfilter} />
                <label class="inline">
                    <input type="checkbox" name={format!("{name}#changed-only")} checked={view.changed_only} onchange={onchanged} />
                    { format!(" Changed only ({})", shown.as_ref().map_or(0, |s| s.changed.count)) }
                </label>
                if shown.as_ref().and_then(|s| s.now.index.nodes().first()).is_some_and(|r| r.kind == settings::Kind::Object) {
                    <button type="button" class="small" data-action="add-setting" disabled={readonly}
                        onclick={on_adding.reform(|_: MouseEvent| Some(String::new()))}>{ "Add a top-level setting" }</button>
                }
                <span role="status" class="settings-count">{ status }</span>
            </div>
            // The forms are not rows of the tree: they come above it.
            if let Some(object) = adding.as_deref() { { add_form(&name, object, &edit, &on_adding) } }
            if let Some(pointer) = renaming.as_deref() { { rename_form(&name, pointer, &edit, &on_renaming) } }
            { refused.as_ref().map(|why| html! { <p class="field-error" role="alert">{ why.clone() }</p> }).unwrap_or_default() }
            <div class="settings-scroll" ref={scroller} {onscroll}>
                <div role="tree" aria-label={format!("{} settings", props.label)} {onkeydown} onfocusin={onfocusin}>
                    <div key="above" class="spacer" aria-hidden="true" ref={above}></div>
                    { for rows }
                    <div key="below" class="spacer" aria-hidden="true" ref={below}></div>
                </div>
            </div>
            if total == 0 && !working {
                <p class="help">{ if filtering { "No setting matches." } else { "This payload has no settings yet: add one with the JSON view, or “Add setting” once there is a section." } }</p>
            }
        </div>
    }
}
