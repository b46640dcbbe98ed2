//! The list page: every configuration, in `core::view::by_priority` order. A failed read is
//! retried as `core::retry` allows, with a countdown the admin can cancel.

use super::banner::{ErrorBanner, RetryCountdown};
use super::{AuthSession, Route};
use crate::core::model::Configuration;
use crate::core::request::Method;
use crate::core::response::GraphError;
use crate::core::retry::Attempts;
use crate::core::view;
use crate::graph::GraphHandle;
use std::cell::Cell;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// Lists the configurations, waiting out the retries `core::retry` allows; `countdown` shows each
/// wait, and `cancelled` ends one.
async fn list_retrying(
    graph: &GraphHandle,
    countdown: &UseStateSetter<Option<String>>,
    cancelled: &Cell<bool>,
) -> Result<Vec<Configuration>, GraphError> {
    let mut attempts = Attempts::first();
    cancelled.set(false);
    loop {
        let error = match graph.api.list().await {
            Ok(items) => return Ok(items),
            Err(error) => error,
        };
        let now = js_sys::Date::now();
        let Some(waiting) = attempts.after_failure(&graph.retry, Method::Get, &error, now, js_sys::Math::random())
        else {
            return Err(error);
        };
        loop {
            let now = js_sys::Date::now();
            if cancelled.replace(false) {
                countdown.set(None);
                return Err(GraphError::Cancelled);
            }
            if now >= waiting.until_ms {
                break;
            }
            countdown.set(Some(waiting.describe(now)));
            gloo_timers::future::TimeoutFuture::new((waiting.until_ms - now).min(250.0) as u32).await;
        }
        countdown.set(None);
    }
}

#[derive(Clone, PartialEq)]
enum ListState {
    Loading,
    Loaded(Vec<Configuration>),
    Failed(GraphError),
}

#[function_component]
pub fn ConfigurationList() -> Html {
    let graph = use_context::<GraphHandle>().expect("ConfigurationList needs a GraphHandle context");
    let session = use_context::<AuthSession>().unwrap_or(AuthSession(0));
    let navigator = use_navigator();
    let list = use_state(|| ListState::Loading);
    let countdown = use_state(|| None::<String>);
    let cancelled = use_memo((), |_| Rc::new(Cell::new(false)));
    {
        let (list, countdown, cancelled) = (list.clone(), countdown.setter(), (*cancelled).clone());
        use_effect_with(session, move |_| {
            list.set(ListState::Loading);
            yew::platform::spawn_local(async move {
                list.set(match list_retrying(&graph, &countdown, &cancelled).await {
                    Ok(items) => ListState::Loaded(view::by_priority(items)),
                    Err(e) => ListState::Failed(e),
                });
            });
        });
    }
    let retry_countdown = countdown.as_ref().map(|line| {
        let cancelled = (*cancelled).clone();
        html! { <RetryCountdown line={line.clone()} oncancel={Callback::from(move |()| cancelled.set(true))} /> }
    });
    let body = match &*list {
        ListState::Loading => html! { <p role="status">{ "Loading configurations…" }</p> },
        ListState::Failed(e) => {
            html! { <ErrorBanner title="The configurations could not be listed." error={e.clone()} /> }
        }
        ListState::Loaded(items) if items.is_empty() => {
            html! { <p class="empty">{ "This tenant has no Office client configurations." }</p> }
        }
        ListState::Loaded(items) => {
            let rows = items.iter().map(|c| {
                let id = c.id.clone().unwrap_or_default();
                let onclick = {
                    let (navigator, id) = (navigator.clone(), id.clone());
                    Callback::from(move |e: MouseEvent| {
                        // A click on the name's link navigates by itself.
                        let on_link = e
                            .target_dyn_into::<web_sys::Element>()
                            .and_then(|t| t.closest("a").ok().flatten())
                            .is_some();
                        if on_link {
                            return;
                        }
                        if let Some(n) = &navigator {
                            n.push(&Route::Editor { id: id.clone() });
                        }
                    })
                };
                let priority = c.priority.as_ref().map(|p| p.to_string()).unwrap_or_default();
                html! {
                    <tr data-config-id={id.clone()} {onclick} class="clickable">
                        <td><Link<Route> to={Route::Editor { id: id.clone() }}>{ c.title().to_string() }</Link<Route>></td>
                        <td class="number">{ priority }</td>
                        <td>{ c.last_modified_date_time.clone().unwrap_or_default() }</td>
                    </tr>
                }
            });
            html! {
                <table class="list">
                    <thead><tr><th scope="col">{ "Name" }</th><th scope="col">{ "Priority" }</th><th scope="col">{ "Last modified" }</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            }
        }
    };
    html! {
        <section class="configurations">
            <h1>{ "Office client configurations" }</h1>
            { retry_countdown.unwrap_or_default() }
            { body }
        </section>
    }
}
