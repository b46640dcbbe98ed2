//! One row of the Settings view's tree: a section (object or list) with its open/close switch,
//! or a setting with the control of its type, named `<payload>#<JSON Pointer>`. Every change is
//! an `Edit` of `core::text::settings`, sent up to the tree.

use super::catalog_panel::Note;
use crate::core::pages::settings_view::{breadcrumb, Row};
use crate::core::text::settings::{Edit, Kind, Scalar};
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// What a row needs besides its own data.
pub struct RowContext<'a> {
    /// The payload's property name (`policyPayload`).
    pub name: &'a str,
    /// The payload's text.
    pub text: &'a str,
    pub readonly: bool,
    pub edit: &'a Callback<Edit>,
    pub toggle: &'a Callback<String>,
    /// Whether this row has the tree's focus (the one row with `tabindex="0"`).
    pub focused: bool,
    /// The row's position among the rows shown.
    pub index: usize,
    /// Opens the "add a setting" form of a section, and the "rename" form of a setting (shown
    /// above the tree, which holds only its rows).
    pub on_adding: &'a Callback<Option<String>>,
    pub on_renaming: &'a Callback<Option<String>>,
    /// The policy the row names, and its warning, when a catalog is loaded.
    pub note: Option<Note>,
    /// Opens a policy's card.
    pub on_card: &'a Callback<Option<String>>,
}

fn input_text(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The control of a setting of a single value.
fn control(row: &Row, ctx: &RowContext) -> Html {
    let id = format!("{}#{}", ctx.name, row.pointer);
    let raw = &ctx.text[row.span.clone()];
    let set = |make: fn(String) -> Scalar| {
        let (edit, pointer) = (ctx.edit.clone(), row.pointer.clone());
        Callback::from(move |e: Event| edit.emit(Edit::Set { pointer: pointer.clone(), value: make(input_text(&e)) }))
    };
    match row.kind {
        Kind::Bool => {
            let (edit, pointer) = (ctx.edit.clone(), row.pointer.clone());
            let onchange = Callback::from(move |e: Event| {
                let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                edit.emit(Edit::Set { pointer: pointer.clone(), value: Scalar::Bool(on) })
            });
            html! { <input type="checkbox" role="switch" id={id.clone()} name={id} checked={raw == "true"} disabled={ctx.readonly} {onchange} /> }
        }
        // Text, not type="number": the digits stay exactly as typed, beyond 2^53 too.
        Kind::Number => html! {
            <input type="text" inputmode="decimal" id={id.clone()} name={id} value={raw.to_string()} readonly={ctx.readonly}
                onchange={set(Scalar::Number)} />
        },
        Kind::String => {
            let value = serde_json::from_str::<String>(raw).unwrap_or_default();
            html! { <input type="text" id={id.clone()} name={id} {value} readonly={ctx.readonly} oninput={set(Scalar::Text).reform(|e: InputEvent| e.into())} /> }
        }
        // `null`: "not set", and the choice of a value to set it to (its control, by pointer).
        _ => {
            let (edit, pointer) = (ctx.edit.clone(), row.pointer.clone());
            let onchange = Callback::from(move |e: Event| {
                let value = match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
                    "boolean" => Scalar::Bool(false),
                    "number" => Scalar::Number("0".into()),
                    "string" => Scalar::Text(String::new()),
                    _ => return,
                };
                edit.emit(Edit::Set { pointer: pointer.clone(), value })
            });
            html! {
                <select class="not-set" id={id.clone()} name={id} disabled={ctx.readonly} {onchange}>
                    <option value="" selected=true>{ "not set" }</option>
                    <option value="boolean">{ "Set: on/off" }</option>
                    <option value="number">{ "Set: number" }</option>
                    <option value="string">{ "Set: text" }</option>
                </select>
            }
        }
    }
}

/// The small form that adds a setting (key and type) at the end of the section `object`.
pub fn add_form(name: &str, object: &str, edit: &Callback<Edit>, on_adding: &Callback<Option<String>>) -> Html {
    let (key, kind) = (NodeRef::default(), NodeRef::default());
    let onsubmit = {
        let (edit, on_adding, object, key, kind) =
            (edit.clone(), on_adding.clone(), object.to_string(), key.clone(), kind.clone());
        Callback::from(move |e: SubmitEvent| {
            // Not the editor form's submit (Save), which this form sits in.
            e.prevent_default();
            e.stop_propagation();
            let name = key.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            let kind = match kind.cast::<HtmlSelectElement>().map(|s| s.value()).as_deref() {
                Some("number") => Kind::Number,
                Some("string") => Kind::String,
                Some("object") => Kind::Object,
                Some("array") => Kind::Array,
                _ => Kind::Bool,
            };
            edit.emit(Edit::Add { object: object.clone(), key: name.trim().to_string(), kind });
            on_adding.emit(None);
        })
    };
    let field = format!("{name}#{object}");
    html! {
        <form class="add-setting" {onsubmit}>
            <label for={format!("{field}#new-key")}>{ match object.is_empty() {
                true => "New setting".to_string(),
                false => format!("New setting in {}", breadcrumb(object)),
            } }</label>
            <input type="text" id={format!("{field}#new-key")} name={format!("{name}#new-key")} ref={key} required=true />
            <label for={format!("{field}#new-type")} class="visually-hidden">{ "Type" }</label>
            <select id={format!("{field}#new-type")} name={format!("{name}#new-type")} ref={kind}>
                <option value="boolean" selected=true>{ "On/off" }</option>
                <option value="number">{ "Number" }</option>
                <option value="string">{ "Text" }</option>
                <option value="array">{ "List" }</option>
                <option value="object">{ "Section" }</option>
            </select>
            <button type="submit" data-action="add-setting-confirm">{ "Add" }</button>
            <button type="button" onclick={on_adding.reform(|_| None)}>{ "Cancel" }</button>
        </form>
    }
}

/// The small form that renames the setting at `pointer` (its key must be free in its section).
pub fn rename_form(name: &str, pointer: &str, edit: &Callback<Edit>, on_renaming: &Callback<Option<String>>) -> Html {
    let old =
        crate::core::text::settings::parse_pointer(pointer).and_then(|keys| keys.last().cloned()).unwrap_or_default();
    let key = NodeRef::default();
    let onsubmit = {
        let (edit, on_renaming, pointer, key) = (edit.clone(), on_renaming.clone(), pointer.to_string(), key.clone());
        Callback::from(move |e: SubmitEvent| {
            // Not the editor form's submit (Save), which this form sits in.
            e.prevent_default();
            e.stop_propagation();
            let new = key.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
            edit.emit(Edit::Rename { pointer: pointer.clone(), key: new.trim().to_string() });
            on_renaming.emit(None);
        })
    };
    let id = format!("{name}#{pointer}#rename");
    html! {
        <form class="add-setting" {onsubmit}>
            <label for={id.clone()}>{ format!("New name for {}", breadcrumb(pointer)) }</label>
            <input type="text" id={id} name={format!("{name}#rename")} ref={key} value={old} required=true />
            <button type="submit" data-action="rename-confirm">{ "Rename" }</button>
            <button type="button" onclick={on_renaming.reform(|_| None)}>{ "Cancel" }</button>
        </form>
    }
}

/// One row of the tree.
pub fn row(row: &Row, ctx: &RowContext) -> Html {
    let section = matches!(row.kind, Kind::Object | Kind::Array);
    let remove = {
        let (edit, pointer) = (ctx.edit.clone(), row.pointer.clone());
        Callback::from(move |_: MouseEvent| edit.emit(Edit::Remove { pointer: pointer.clone() }))
    };
    let mover = |up: bool, label: &'static str| {
        let (edit, pointer) = (ctx.edit.clone(), row.pointer.clone());
        let onclick = Callback::from(move |_: MouseEvent| edit.emit(Edit::Move { pointer: pointer.clone(), up }));
        html! { <button type="button" class="small" aria-label={label} title={label} disabled={ctx.readonly} {onclick}>{ if up { "↑" } else { "↓" } }</button> }
    };
    let head = if section {
        let toggle = ctx.toggle.reform({
            let pointer = row.pointer.clone();
            move |_: MouseEvent| pointer.clone()
        });
        let add = match row.kind {
            Kind::Object => {
                let pointer = row.pointer.clone();
                let onclick = ctx.on_adding.reform(move |_: MouseEvent| Some(pointer.clone()));
                html! { <button type="button" class="small" data-action="add-setting" disabled={ctx.readonly} {onclick}>{ "Add setting" }</button> }
            }
            _ => {
                let (edit, array) = (ctx.edit.clone(), row.pointer.clone());
                let onclick =
                    Callback::from(move |_: MouseEvent| edit.emit(Edit::Append { array: array.clone(), kind: None }));
                html! { <button type="button" class="small" data-action="add-item" disabled={ctx.readonly} {onclick}>{ "Add item" }</button> }
            }
        };
        html! {
            <>
                <button type="button" class="twisty" tabindex="-1" aria-hidden="true" onclick={toggle}>{ if row.open { "▾" } else { "▸" } }</button>
                <span class="key">{ row.key.clone() }</span>
                <span class="crumb">{ breadcrumb(&row.pointer) }</span>
                { add }
            </>
        }
    } else {
        html! {
            <>
                <label class="key" for={format!("{}#{}", ctx.name, row.pointer)}>{ row.key.clone() }</label>
                { control(row, ctx) }
            </>
        }
    };
    let named = ctx.note.as_ref().filter(|n| !n.id.is_empty()).map(|n| {
        let id = n.id.clone();
        let onclick = ctx.on_card.reform(move |_: MouseEvent| Some(id.clone()));
        html! {
            <>
                <button type="button" class="link policy-name" data-action="policy-details" data-policy-name={n.id.clone()} title="What the template says of it" {onclick}>{ n.display.clone() }</button>
                if n.baseline { <span class="badge baseline" data-baseline-badge="">{ "Security baseline" }</span> }
            </>
        }
    });
    let warning = ctx.note.as_ref().and_then(|n| n.warning.clone());
    // Keyed by pointer, as the spacers around the rows are: a row is never drawn into an
    // element that was a spacer (whose height is set from code).
    html! {
            <div key={row.pointer.clone()} role="treeitem" aria-level={row.depth.to_string()} aria-expanded={section.then(|| row.open.to_string())}
                aria-selected={ctx.focused.to_string()} tabindex={if ctx.focused { "0" } else { "-1" }}
                data-row={ctx.index.to_string()} data-pointer={row.pointer.clone()} data-warning={warning.clone()}
                class={classes!("setting", format!("depth-{}", row.depth.min(8)), row.changed.then_some("changed"))}>
                { head }
                { named.unwrap_or_default() }
                { warning.map(|w| html! { <span class="field-warning row-warning" title={w.clone()}>{ format!("⚠ {w}") }</span> }).unwrap_or_default() }
                if row.changed { <span class="changed-mark">{ "changed" }</span> }
                if row.in_list { { mover(true, "Move up") }{ mover(false, "Move down") } } else {
                    <button type="button" class="small" data-action="rename-setting" disabled={ctx.readonly}
                        onclick={ctx.on_renaming.reform({ let p = row.pointer.clone(); move |_: MouseEvent| Some(p.clone()) })}>{ "Rename" }</button>
                }
                <button type="button" class="small danger" aria-label={format!("Remove {}", row.key)} disabled={ctx.readonly} onclick={remove}>{ "Remove" }</button>
            </div>
    }
}
