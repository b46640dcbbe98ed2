//! The error banner, and the countdown of a retry that waits.

use crate::core::wire::response::GraphError;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    pub title: AttrValue,
    pub error: GraphError,
}

/// A Graph failure: what happened, what to do, and the ids for a support case. All as text.
#[function_component]
pub fn ErrorBanner(props: &ErrorBannerProps) -> Html {
    let e = &props.error;
    let detail = |label: &'static str, value: Option<String>| {
        value.map(|v| html! { <><dt>{ label }</dt><dd><code>{ v }</code></dd></> })
    };
    let (code, date) = match e {
        GraphError::Graph(d) | GraphError::NotServed(d) => (
            Some(match &d.inner_code {
                Some(inner) => format!("{} ({inner})", d.code),
                None => d.code.clone(),
            }),
            d.date.clone(),
        ),
        _ => (None, None),
    };
    html! {
        <div class="banner error" role="alert">
            <strong>{ props.title.clone() }</strong>
            <p class="message">{ e.to_string() }</p>
            <p class="advice">{ e.advice() }</p>
            <dl class="ids">
                { for detail("Status", e.status().map(|s| s.to_string())) }
                { for detail("Code", code) }
                { for detail("request-id", e.request_id().map(str::to_string)) }
                { for detail("client-request-id", e.client_request_id().map(str::to_string)) }
                { for detail("Date", date) }
            </dl>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct RetryCountdownProps {
    /// "Graph is throttling requests (429). Retrying in 5 s (attempt 2 of 4)."
    pub line: AttrValue,
    pub oncancel: Callback<()>,
}

/// A retry that is waiting, and the button that cancels it.
#[function_component]
pub fn RetryCountdown(props: &RetryCountdownProps) -> Html {
    let cancel = props.oncancel.reform(|_: MouseEvent| ());
    html! {
        <div class="activity" role="status" aria-live="polite">
            { props.line.clone() }
            <button type="button" data-action="cancel-retry" onclick={cancel}>{ "Cancel" }</button>
        </div>
    }
}
