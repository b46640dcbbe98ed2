//! The view: function components only. They dispatch actions and render state; decoding,
//! validation and request building live in `core`.
//!
//! Invariant: a control never changes its position among its siblings. Yew pairs unkeyed
//! children from the end, so an optional element written as `{ for option }` beside an input
//! shifts the pairing and replaces the input (the admin loses focus mid-typing). Optional
//! elements are one child each: `{ option.map(…).unwrap_or_default() }`.

mod assignments;
mod auth_bar;
mod banner;
mod checkins;
mod drafts;
mod editor;
mod fields;
mod kept;
mod list;
mod payload;
mod state;

pub use drafts::KeptDrafts;
pub use editor::EditorPage;
pub use list::ConfigurationList;
pub use state::use_editor;

use crate::auth::{Auth, FixedToken, MsalTokenSource, PastedToken};
use crate::core::config::{self, AppConfig, AuthConfig};
use crate::graph::{FetchTransport, GraphClient, GraphHandle, Waiting};
use auth_bar::AuthBar;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

/// The hash routes: `#/configurations` and `#/configurations/{id}`.
#[derive(Clone, Debug, PartialEq, Routable)]
pub enum Route {
    #[at("/")]
    Home,
    #[at("/configurations")]
    List,
    #[at("/configurations/:id")]
    Editor { id: String },
    #[not_found]
    #[at("/not-found")]
    NotFound,
}

/// Bumped when the admin signs in or sets a token, so pages read Graph again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuthSession(pub u32);

/// Installs a readable panic page and renders the app into `<body>`.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_fatal("The editor stopped because of an internal error. Reload the page: if your unsaved edits could be kept in this browser, you are offered to restore them. Please report this with the browser console output.");
    }));
    if framed_by_another_origin() {
        // `frame-ancestors` works only as a header, which not every static host sends.
        show_fatal(
            "The Office Client Policy Editor does not run inside a frame of another site. Open it in its own tab.",
        );
        return;
    }
    yew::Renderer::<App>::new().render();
}

/// Whether this page is inside a frame whose top page is of another origin (clickjacking).
fn framed_by_another_origin() -> bool {
    let Some(window) = web_sys::window() else { return false };
    let Ok(Some(top)) = window.top() else { return false };
    if js_sys::Object::is(&top, &window) {
        return false;
    }
    // Reading another origin's location throws: that alone says the framer is foreign.
    let mine = window.location().origin().ok();
    top.location().origin().ok() != mine
}

/// Replaces the page with a message, as text.
fn show_fatal(message: &str) {
    if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
        body.set_text_content(None);
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Ok(p) = doc.create_element("p") {
                p.set_attribute("role", "alert").ok();
                p.set_attribute("class", "fatal").ok();
                p.set_text_content(Some(message));
                body.append_child(&p).ok();
            }
        }
    }
}

enum Boot {
    Loading,
    Failed(String),
    Ready(Rc<AppConfig>, Auth),
}

async fn boot() -> Boot {
    let text = match gloo_net::http::Request::get("config.json").send().await {
        Ok(r) if r.ok() => r.text().await.unwrap_or_default(),
        Ok(r) => return Boot::Failed(format!("config.json could not be loaded (HTTP {}). Deploy a config.json next to index.html; see the README.", r.status())),
        Err(_) => return Boot::Failed("config.json could not be loaded: the request failed. Deploy a config.json next to index.html; see the README.".into()),
    };
    let config = match config::parse(&text) {
        Ok(c) => c,
        Err(e) => {
            return Boot::Failed(format!(
                "{e}. Fix config.json beside index.html; the README's config.json section lists every key."
            ))
        }
    };
    let auth = match &config.auth {
        AuthConfig::FixedToken(t) => Auth::Fixed(Rc::new(FixedToken::new(t.clone()))),
        AuthConfig::PastedToken => Auth::Pasted(Rc::new(PastedToken::default())),
        AuthConfig::Msal(msal) => {
            let redirect = msal.redirect_uri.clone().unwrap_or_else(default_redirect_uri);
            match MsalTokenSource::initialize(&config, &redirect).await {
                Ok(source) => Auth::Msal(Rc::new(source)),
                Err(e) => return Boot::Failed(e.to_string()),
            }
        }
    };
    Boot::Ready(Rc::new(config), auth)
}

/// `redirect.html` beside `index.html`, wherever the site is deployed.
fn default_redirect_uri() -> String {
    let href = web_sys::window().and_then(|w| w.location().href().ok()).unwrap_or_default();
    let page = href.split(['#', '?']).next().unwrap_or_default();
    let dir = &page[..page.rfind('/').map_or(page.len(), |i| i + 1)];
    format!("{dir}redirect.html")
}

#[function_component]
pub fn App() -> Html {
    let boot_state = use_state(|| Rc::new(Boot::Loading));
    {
        let boot_state = boot_state.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move { boot_state.set(Rc::new(boot().await)) });
        });
    }
    match &**boot_state {
        Boot::Loading => html! { <main class="boot"><p role="status">{ "Loading configuration…" }</p></main> },
        Boot::Failed(message) => html! {
            <main class="boot">
                <h1>{ "Office Client Policy Editor cannot start" }</h1>
                <p role="alert" class="banner error">{ message.clone() }</p>
            </main>
        },
        Boot::Ready(config, auth) => html! { <Shell config={config.clone()} auth={AuthProp(auth.clone())} /> },
    }
}

/// `Auth` in props: equal when it is the same source.
#[derive(Clone)]
pub struct AuthProp(pub Auth);

impl PartialEq for AuthProp {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0.source(), &other.0.source())
    }
}

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub config: Rc<AppConfig>,
    pub auth: AuthProp,
}

#[function_component]
fn Shell(props: &ShellProps) -> Html {
    let graph = use_memo((props.config.clone(), props.auth.clone()), |(config, auth)| {
        let transport = Rc::new(FetchTransport { timeout: config.network.timeout });
        let client = GraphClient::new(config.graph_base_url.clone(), auth.0.source(), transport)
            .with_retry(config.network.retry);
        GraphHandle(Rc::new(client))
    });
    let waiting = use_state(|| None::<Waiting>);
    {
        let (graph, waiting) = (graph.clone(), waiting.setter());
        use_effect_with(graph, move |graph| graph.0.on_activity(Rc::new(move |w| waiting.set(w))));
    }
    let activity = waiting.as_ref().map(|w| {
        let cancel = {
            let graph = graph.clone();
            Callback::from(move |_| graph.0.cancel_retry())
        };
        html! {
            <div class="activity" role="status" aria-live="polite">
                { format!("{}. Retrying in {} s (attempt {} of {}).", w.reason, w.seconds_left, w.next_attempt, w.max_attempts) }
                <button type="button" data-action="cancel-retry" onclick={cancel}>{ "Cancel" }</button>
            </div>
        }
    });
    let session = use_state(|| AuthSession(0));
    let on_session = {
        let session = session.clone();
        Callback::from(move |()| session.set(AuthSession(session.0 + 1)))
    };
    let tab = use_memo((), |_| drafts::tab_id());
    // Signs of life, so other tabs do not offer this tab's drafts while it is open.
    {
        let tab = (*tab).clone();
        use_effect_with((), move |_| {
            drafts::heartbeat(&tab);
            let beat = {
                let tab = tab.clone();
                gloo_timers::callback::Interval::new(10_000, move || drafts::heartbeat(&tab))
            };
            // Closed, reloaded or navigated away: this tab's drafts may be offered elsewhere.
            let stop = listen("pagehide", move |_: web_sys::Event| drafts::farewell(&tab));
            move || {
                drop(beat);
                stop();
            }
        });
    }
    let kept = use_memo((*session, props.config.clone(), props.auth.clone()), |(_, config, auth)| KeptDrafts {
        owner: drafts::owner(config, &auth.0),
        tab: (*tab).clone(),
    });
    // Drafts nobody came back to within 30 days are dropped, and the admin is told.
    let expired = use_state(|| 0usize);
    {
        let expired = expired.clone();
        use_effect_with((), move |_| expired.set(drafts::drop_expired()));
    }
    let expired_notice = (*expired > 0).then(|| {
        let dismiss = {
            let expired = expired.clone();
            Callback::from(move |_| expired.set(0))
        };
        html! {
            <div class="banner info" role="status" data-notice="expired-drafts">
                { format!("{} set(s) of unsaved edits older than 30 days were removed from this browser.", *expired) }
                <button type="button" data-action="dismiss-notice" onclick={dismiss}>{ "OK" }</button>
            </div>
        }
    });
    html! {
        <ContextProvider<GraphHandle> context={(*graph).clone()}>
        <ContextProvider<AuthSession> context={*session}>
        <ContextProvider<KeptDrafts> context={(*kept).clone()}>
            <HashRouter>
                <header class="topbar">
                    <Link<Route> to={Route::List} classes="brand">{ "Office Client Policy Editor" }</Link<Route>>
                    <span class="cloud">{ format!("Graph: {}", props.config.graph_base_url) }</span>
                    <AuthBar auth={props.auth.clone()} on_session={on_session} />
                </header>
                <main>
                    { expired_notice.unwrap_or_default() }
                    <Switch<Route> render={switch} />
                </main>
                { activity.unwrap_or_default() }
            </HashRouter>
        </ContextProvider<KeptDrafts>>
        </ContextProvider<AuthSession>>
        </ContextProvider<GraphHandle>>
    }
}

/// Adds a window event listener for as long as the returned guard is not called.
pub(crate) fn listen<E: wasm_bindgen::JsCast + 'static>(
    kind: &'static str,
    handler: impl Fn(E) + 'static,
) -> impl FnOnce() {
    use wasm_bindgen::JsCast;
    let closure = wasm_bindgen::closure::Closure::<dyn Fn(web_sys::Event)>::new(move |e: web_sys::Event| {
        handler(e.unchecked_into())
    });
    let window = web_sys::window().expect("a window");
    let _ = window.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    move || {
        let _ = window.remove_event_listener_with_callback(kind, closure.as_ref().unchecked_ref());
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Redirect<Route> to={Route::List} /> },
        Route::List => html! { <ConfigurationList /> },
        Route::Editor { id } => html! { <EditorPage id={AttrValue::from(id)} /> },
        Route::NotFound => html! {
            <p class="banner error" role="alert">{ "There is no such page. " }<Link<Route> to={Route::List}>{ "Go to the list" }</Link<Route>></p>
        },
    }
}
