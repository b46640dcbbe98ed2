//! Plain form fields: text, number, read-only.

use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct FieldProps {
    /// The Graph property path; also the control's `name` and `id`.
    pub name: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    #[prop_or_default]
    pub dirty: bool,
    #[prop_or_default]
    pub required: bool,
    #[prop_or_default]
    pub help: Option<AttrValue>,
    pub oninput: Callback<String>,
}

/// The text of the input or textarea an input event came from.
pub fn event_text(e: &InputEvent) -> String {
    if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
        input.value()
    } else {
        e.target_dyn_into::<HtmlTextAreaElement>().map(|t| t.value()).unwrap_or_default()
    }
}

fn wrapper_class(dirty: bool, error: bool) -> Classes {
    classes!("field", dirty.then_some("dirty"), error.then_some("invalid"))
}

fn messages(props: &FieldProps) -> Html {
    let error_id = format!("{}-error", props.name);
    html! {
        <>
            { props.help.as_ref().map(|h| html! { <p class="help">{ h.clone() }</p> }).unwrap_or_default() }
            { props.error.as_ref().map(|e| html! { <p class="field-error" id={error_id}>{ e.clone() }</p> }).unwrap_or_default() }
        </>
    }
}

/// A one-line text field (`multiline` for a textarea).
#[function_component]
pub fn TextField(props: &FieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| event_text(&e));
    html! {
        <div class={wrapper_class(props.dirty, props.error.is_some())}>
            <label for={props.name.clone()}>{ props.label.clone() }{ props.required.then_some(" *") }</label>
            <input id={props.name.clone()} name={props.name.clone()} type="text" value={props.value.clone()}
                required={props.required} aria-invalid={props.error.is_some().to_string()} {oninput} />
            { messages(props) }
        </div>
    }
}

/// A multi-line text field.
#[function_component]
pub fn TextAreaField(props: &FieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| event_text(&e));
    html! {
        <div class={wrapper_class(props.dirty, props.error.is_some())}>
            <label for={props.name.clone()}>{ props.label.clone() }</label>
            <textarea id={props.name.clone()} name={props.name.clone()} rows="3" value={props.value.clone()}
                aria-invalid={props.error.is_some().to_string()} {oninput} />
            { messages(props) }
        </div>
    }
}

/// An Int32 field. A text input with numeric keyboard, so what was typed is what is validated.
#[function_component]
pub fn NumberField(props: &FieldProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| event_text(&e));
    html! {
        <div class={wrapper_class(props.dirty, props.error.is_some())}>
            <label for={props.name.clone()}>{ props.label.clone() }</label>
            <input id={props.name.clone()} name={props.name.clone()} type="text" inputmode="numeric" class="number"
                value={props.value.clone()} aria-invalid={props.error.is_some().to_string()} {oninput} />
            { messages(props) }
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct ReadOnlyProps {
    pub name: AttrValue,
    pub label: AttrValue,
    pub value: AttrValue,
    /// Shown on hover (an exact value behind a readable one).
    #[prop_or_default]
    pub title: Option<AttrValue>,
}

/// A value Graph sets; shown, never sent.
#[function_component]
pub fn ReadOnlyField(props: &ReadOnlyProps) -> Html {
    html! {
        <div class="field readonly">
            <label for={props.name.clone()}>{ props.label.clone() }</label>
            <input id={props.name.clone()} name={props.name.clone()} type="text" readonly=true value={props.value.clone()} title={props.title.clone()} />
        </div>
    }
}
