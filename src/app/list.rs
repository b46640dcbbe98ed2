//! The list page: every configuration, by priority.

use super::banner::ErrorBanner;
use super::{AuthSession, Route};
use crate::core::model::Configuration;
use crate::core::response::GraphError;
use crate::graph::GraphHandle;
use yew::prelude::*;
use yew_router::prelude::*;

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
    {
        let list = list.clone();
        use_effect_with(session, move |_| {
            list.set(ListState::Loading);
            yew::platform::spawn_local(async move {
                list.set(match graph.0.list().await {
                    Ok(mut items) => {
                        items.sort_by_key(|c| c.priority.as_ref().and_then(|p| p.as_i64()).unwrap_or(i64::MAX));
                        ListState::Loaded(items)
                    }
                    Err(e) => ListState::Failed(e),
                });
            });
        });
    }
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
            { body }
        </section>
    }
}
