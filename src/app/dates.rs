//! A date-time from Graph as an admin reads it: in the browser's locale and time zone, with the
//! exact ISO value on hover (`title`) and in `datetime`; exports keep the ISO value. A value
//! Graph did not send (the contract's type has no `lastModifiedDateTime`) shows as "—".

use yew::prelude::*;

/// `iso` in the browser's locale and time zone; `None` when it is not a date the browser reads.
pub fn local(iso: &str) -> Option<String> {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(iso.trim()));
    if date.get_time().is_nan() {
        return None;
    }
    let locale = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_else(|| "en-US".into());
    Some(date.to_locale_string(&locale, &wasm_bindgen::JsValue::UNDEFINED).into())
}

#[derive(Properties, PartialEq)]
pub struct LocalTimeProps {
    /// As Graph sent it; empty when it sent none.
    pub iso: AttrValue,
}

/// A `<time>`: the local reading, the ISO value on hover.
#[function_component]
pub fn LocalTime(props: &LocalTimeProps) -> Html {
    let iso = props.iso.trim();
    if iso.is_empty() {
        return html! { <span class="no-value" title="Graph did not send this">{ "—" }</span> };
    }
    match local(iso) {
        Some(text) => html! { <time datetime={iso.to_string()} title={iso.to_string()}>{ text }</time> },
        None => html! { <span>{ iso.to_string() }</span> },
    }
}
