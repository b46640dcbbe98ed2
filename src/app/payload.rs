//! The JSON payload editor for the two Stream properties.

use super::fields::event_text;
use crate::core::stream;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PayloadEditorProps {
    pub name: AttrValue,
    pub label: AttrValue,
    pub help: AttrValue,
    /// The decoded JSON text.
    pub value: AttrValue,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Why what Graph sent could not be decoded, if it could not.
    #[prop_or_default]
    pub load_problem: Option<AttrValue>,
    #[prop_or_default]
    pub dirty: bool,
    pub oninput: Callback<String>,
    pub onformat: Callback<()>,
}

#[function_component]
pub fn PayloadEditor(props: &PayloadEditorProps) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| event_text(&e));
    let onformat = {
        let cb = props.onformat.clone();
        Callback::from(move |_| cb.emit(()))
    };
    let encoded_id = format!("{}-encoded", props.name);
    // The base64 preview of a multi-MB payload is only made while the admin looks at it.
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let encoded = if *open { stream::encode(&props.value) } else { String::new() };
    let lines = props.value.lines().count().clamp(6, 24);
    html! {
        <section class={classes!("field", "payload", props.dirty.then_some("dirty"), props.error.is_some().then_some("invalid"))}>
            <div class="payload-head">
                <label for={props.name.clone()}>{ props.label.clone() }</label>
                <span class="size">{ format!("{} bytes", props.value.len()) }</span>
                <button type="button" onclick={onformat} disabled={props.error.is_some()}>{ "Format" }</button>
            </div>
            <p class="help">{ props.help.clone() }</p>
            { props.load_problem.as_ref().map(|p| html! { <p class="field-warning">{ p.clone() }</p> }).unwrap_or_default() }
            <textarea id={props.name.clone()} name={props.name.clone()} class="code" spellcheck="false"
                rows={lines.to_string()} value={props.value.clone()} aria-invalid={props.error.is_some().to_string()} {oninput} />
            { props.error.as_ref().map(|e| html! { <p class="field-error">{ e.clone() }</p> }).unwrap_or_default() }
            <details class="encoded" {ontoggle}>
                <summary>{ format!("Encoded Stream value (base64, {} characters)", stream::encoded_len(props.value.len())) }</summary>
                <label for={encoded_id.clone()} class="visually-hidden">{ format!("{} as base64", props.label) }</label>
                <textarea id={encoded_id} class="code" readonly=true rows="3" value={encoded} />
            </details>
        </section>
    }
}
