//! A payload's base64 Stream value, as it will be sent: made only while the admin looks at it.

use super::text::Text;
use crate::core::wire::stream;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct EncodedProps {
    pub label: AttrValue,
    pub name: AttrValue,
    pub value: Text,
}

/// The base64 Stream value that will be sent; made only while the admin looks at it.
#[function_component]
pub fn Encoded(props: &EncodedProps) -> Html {
    let open = use_state(|| false);
    let ontoggle = {
        let open = open.clone();
        Callback::from(move |e: Event| open.set(e.target_unchecked_into::<web_sys::HtmlDetailsElement>().open()))
    };
    let id = format!("{}-encoded", props.name);
    let encoded = if *open { stream::encode(&props.value) } else { String::new() };
    html! {
        <details class="encoded" {ontoggle}>
            <summary>{ format!("Encoded Stream value (base64, {} characters)", stream::encoded_len(props.value.len())) }</summary>
            <label for={id.clone()} class="visually-hidden">{ format!("{} as base64", props.label) }</label>
            <textarea {id} class="code" readonly=true rows="3" value={encoded} />
        </details>
    }
}
