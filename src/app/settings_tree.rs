//! The Settings view of a payload (`data-action="view-settings"`): the JSON as a tree of typed
//! controls. Everything it shows and decides is the session's (`core::pages::settings_view::Tree`,
//! one per payload): the rows, the reading of a big text a slice at a time, the filter, the
//! row in focus and the keys that move it; an edit made here is the payload's new text. A
//! `role="tree"` of `treeitem`s: arrow keys move, open and close, Enter goes to the control.
//! Only the rows in view are rendered. The filter is `name="<payload>#filter"`, "changed only"
//! `name="<payload>#changed-only"`. While the JSON text does not parse, the view shows the
//! error and nothing can be changed here.

use super::catalog_panel::{card, configured, note, use_loaded_catalog, CatalogPanel, PanelState};
use super::session::use_session;
use super::settings_row::{add_form, rename_form, row, RowContext};
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use crate::core::pages::catalog_panel::Action as PanelAction;
use crate::core::pages::session::Action as SessionAction;
use crate::core::pages::settings_view::{Action, Key, TreeAction, Visible, VIEW_ROWS};
use crate::core::rules::draft::Field;
use crate::core::text::settings::Kind;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement};
use yew::prelude::*;

/// Row height in pixels (style.css), rows in view and rendered beyond them.
const ROWS: Geometry = Geometry { row_px: 36, view_rows: VIEW_ROWS, overscan: 8 };

#[derive(Properties, PartialEq)]
pub struct SettingsTreeProps {
    /// The payload.
    pub field: Field,
    pub label: AttrValue,
    /// Why the JSON text does not parse, if it does not (other problems, such as its size, are
    /// shown beside the payload and leave the settings editable).
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub readonly: bool,
}

#[function_component]
pub fn SettingsTree(props: &SettingsTreeProps) -> Html {
    let session = use_session();
    let field = props.field;
    let dispatch = session.reform(move |action: TreeAction| SessionAction::Settings { field, action });
    // The tree's work runs while it is on screen.
    {
        let dispatch = dispatch.clone();
        use_effect_with((), move |_| {
            dispatch.emit(TreeAction::Shown(true));
            move || dispatch.emit(TreeAction::Shown(false))
        });
    }
    // The catalog's names and panel, when templates are loaded.
    let loaded = use_loaded_catalog();
    let panel = use_reducer(PanelState::default);
    let state = session.state();
    let Some((tree, fresh)) = state.tree(field) else { return Html::default() };
    let empty = Visible::default();
    let lines = tree.shown.as_ref().map_or(&empty, |s| &s.visible);
    let total = lines.lines.len();
    let VirtualRows { range, scroller, above, below, onscroll } =
        use_virtual_rows(total, tree.first, ROWS, dispatch.reform(TreeAction::Scrolled));
    // A key moved the focus: to its row, scrolled into view.
    {
        let (scroller, first, focused) = (scroller.clone(), tree.first, tree.focused);
        use_effect_with(tree.focus_moves, move |moves| {
            let Some(e) = scroller.cast::<HtmlElement>().filter(|_| *moves > 0) else { return };
            e.set_scroll_top((first * ROWS.row_px) as i32);
            let row = e.query_selector(&format!("[data-row=\"{focused}\"]")).ok().flatten();
            if let Some(row) = row.and_then(|r| r.dyn_into::<HtmlElement>().ok()) {
                let _ = row.focus();
            }
        });
    }
    let name = field.path();
    if let Some(error) = &props.error {
        return html! {
            <div class="settings-view">
                <p class="field-error" role="alert">{ format!("The JSON text is not valid: {error} The settings are read-only until it is fixed in the JSON view; nothing was changed.") }</p>
            </div>
        };
    }
    if let Some(pointer) = tree.shown.as_ref().filter(|_| fresh).and_then(|s| s.now.repeated.as_ref()) {
        return html! {
            <div class="settings-view">
                <p class="field-error" role="alert" data-repeated-key={pointer.clone()}>{ format!("The key at {pointer} is given twice in its object. Readers disagree on which one counts, so the settings are read-only until one of them is removed in the JSON view; nothing was changed.") }</p>
            </div>
        };
    }
    // Rows of an older text are shown while the new one is read, and cannot be changed.
    let readonly = props.readonly || !fresh;
    let edit = dispatch.reform(TreeAction::Edit);
    let toggle = dispatch.reform(|pointer| TreeAction::View(Action::Toggle(pointer)));
    let (on_adding, on_renaming) = (dispatch.reform(TreeAction::Adding), dispatch.reform(TreeAction::Renaming));
    let onkeydown = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: KeyboardEvent| {
            // The row the key was pressed on (the keys of the controls inside are theirs).
            let target =
                e.target_dyn_into::<HtmlElement>().filter(|t| t.get_attribute("role").as_deref() == Some("treeitem"));
            let Some(target) = target else { return };
            let Some(row) = target.get_attribute("data-row").and_then(|r| r.parse::<usize>().ok()) else { return };
            let key = match e.key().as_str() {
                "ArrowDown" => Key::Down,
                "ArrowUp" => Key::Up,
                "Home" => Key::Home,
                "End" => Key::End,
                "ArrowRight" => Key::Right,
                "ArrowLeft" => Key::Left,
                "Enter" => {
                    let control = target.query_selector("input, select, button:not(.twisty)").ok().flatten();
                    if let Some(c) = control.and_then(|c| c.dyn_into::<HtmlElement>().ok()) {
                        let _ = c.focus();
                    }
                    e.prevent_default();
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            dispatch.emit(TreeAction::Key { row, key });
        })
    };
    let onfocusin = {
        let (dispatch, focused) = (dispatch.clone(), tree.focused);
        Callback::from(move |e: FocusEvent| {
            let row =
                e.target_dyn_into::<HtmlElement>().and_then(|t| t.get_attribute("data-row")?.parse::<usize>().ok());
            if let Some(row) = row.filter(|r| *r != focused) {
                dispatch.emit(TreeAction::Focused(row));
            }
        })
    };
    let focused = tree.focused.min(total.saturating_sub(1));
    let on_card = panel.dispatcher().to_callback().reform(PanelAction::Card);
    let rows = tree.shown.iter().flat_map(|s| range.clone().map(move |index| (s, index))).map(|(s, index)| {
        let shown = s.row(index);
        let ctx = RowContext {
            name: &name,
            text: &s.now.text,
            readonly,
            edit: &edit,
            toggle: &toggle,
            focused: index == focused,
            index,
            on_adding: &on_adding,
            on_renaming: &on_renaming,
            note: loaded.as_ref().and_then(|l| note(l, &s.now.text, &s.now.index, shown.node)),
            on_card: &on_card,
        };
        row(&shown, &ctx)
    });
    let policy_card = panel
        .0
        .card
        .as_ref()
        .zip(loaded.as_ref())
        .and_then(|(id, l)| l.catalog.policy(id))
        .map(|p| card(p, on_card.reform(|_: MouseEvent| None)));
    // The panel beside the policy payload's view (the one policies are added to).
    let catalog_panel =
        loaded.as_ref().zip(tree.shown.as_ref()).filter(|_| field == Field::PolicyPayload).map(|(l, s)| {
            html! {
                <CatalogPanel loaded={l.clone()} panel={panel.0.clone()} dispatch={panel.dispatcher().to_callback()}
                    now={s.now.clone()} configured={configured(l, &s.now)} edit={edit.clone()}
                    reveal={dispatch.reform(TreeAction::Reveal)} {readonly} />
            }
        });
    let view = &tree.view;
    let (filtering, working, status) = (tree.filtering(), !fresh, tree.status(fresh));
    let onfilter = dispatch.reform(|e: InputEvent| {
        TreeAction::View(Action::SetFilter(e.target_unchecked_into::<HtmlInputElement>().value()))
    });
    let onchanged = dispatch.reform(|e: Event| {
        TreeAction::View(Action::SetChangedOnly(e.target_unchecked_into::<HtmlInputElement>().checked()))
    });
    let top_level_object =
        tree.shown.as_ref().and_then(|s| s.now.index.nodes().first()).is_some_and(|r| r.kind == Kind::Object);
    html! {
        <div class={classes!("settings-view", catalog_panel.is_some().then_some("with-catalog"))}>
            <div class="settings-main">
            <div class="settings-tools">
                <label for={format!("{name}#filter")}>{ "Find a setting" }</label>
                <input type="search" id={format!("{name}#filter")} name={format!("{name}#filter")} value={view.filter.clone()}
                    placeholder="Name, path or value" oninput={onfilter} />
                <label class="inline">
                    <input type="checkbox" name={format!("{name}#changed-only")} checked={view.changed_only} onchange={onchanged} />
                    { format!(" Changed only ({})", tree.shown.as_ref().map_or(0, |s| s.changed.count)) }
                </label>
                if top_level_object {
                    <button type="button" class="small" data-action="add-setting" disabled={readonly}
                        onclick={on_adding.reform(|_: MouseEvent| Some(String::new()))}>{ "Add a top-level setting" }</button>
                }
                <span role="status" class="settings-count">{ status }</span>
            </div>
            // The forms are not rows of the tree: they come above it.
            if let Some(object) = tree.adding.as_deref() { { add_form(&name, object, &edit, &on_adding) } }
            if let Some(pointer) = tree.renaming.as_deref() { { rename_form(&name, pointer, &edit, &on_renaming) } }
            { policy_card.unwrap_or_default() }
            { tree.refused.as_ref().map(|why| html! { <p class="field-error" role="alert">{ why.clone() }</p> }).unwrap_or_default() }
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
            { catalog_panel.unwrap_or_default() }
        </div>
    }
}
