//! The floor: what any Yew app that starts like the editor costs. It reads `config.json` with
//! gloo-net, parses it with serde_json, and renders one labelled input holding a value from it;
//! then it marks `floor-usable`, as the editor marks its own moments.

use serde::Deserialize;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Clone, Routable, PartialEq)]
enum Route {
    #[at("/")]
    Home,
    #[not_found]
    #[at("/404")]
    NotFound,
}

#[derive(Clone, Default, Deserialize, PartialEq)]
struct Config {
    #[serde(default)]
    auth: Auth,
}

#[derive(Clone, Default, Deserialize, PartialEq)]
struct Auth {
    #[serde(default)]
    mode: String,
}

#[function_component]
fn Home() -> Html {
    let config = use_state(|| None::<Config>);
    {
        let config = config.clone();
        use_effect_with((), move |_| {
            wasm_bindgen_futures::spawn_local(async move {
                let read = gloo_net::http::Request::get("config.json").send().await;
                let parsed = match read {
                    Ok(response) => response.json::<Config>().await.unwrap_or_default(),
                    Err(_) => Config::default(),
                };
                config.set(Some(parsed));
            });
        });
    }
    use_effect_with(config.is_some(), |ready| {
        if *ready {
            if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                let _ = performance.mark("floor-usable");
            }
        }
    });
    let Some(config) = config.as_ref() else { return html! { <p>{ "Loading…" }</p> } };
    let mode = config.auth.mode.clone();
    html! {
        <main>
            <label for="mode">{ "Sign-in mode" }</label>
            <input id="mode" name="mode" value={mode} />
        </main>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home | Route::NotFound => html! { <Home /> },
    }
}

#[function_component]
fn App() -> Html {
    html! { <HashRouter><Switch<Route> render={switch} /></HashRouter> }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
