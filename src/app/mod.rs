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
mod catalog;
mod catalog_panel;
mod catalog_store;
mod checkins;
mod clock;
/// Public for the browser tests, which drive a payload view on its own.
pub mod codemirror;
mod conflict_panel;
mod context;
mod copy_to_tenant;
mod dates;
mod directory;
mod download;
mod draft_store;
mod editor_page;
mod effective;
mod encoded;
mod fields;
mod focus;
mod group_search;
mod import_dialog;
mod kept_edits;
mod list;
mod list_dialogs;
mod list_rows;
mod machine;
mod modal;
mod parts;
mod payload;
mod prefetch;
mod report;
mod review_dialog;
mod session;
mod settings_row;
mod settings_tree;
mod shell;
mod tenant_health;
mod tenant_rows;
mod text;
mod transfer;
mod transfer_view;
mod view_choice;
mod virtual_rows;
mod workspace;

pub use catalog_store::hold as hold_catalog;
pub use codemirror::EditorModule;
pub use context::Route;
pub use directory::DirectoryHandle;
pub use draft_store::{DraftStore, KeptDrafts, LocalDrafts};
pub use editor_page::EditorPage;
pub use list::ConfigurationList;
pub use session::{use_session, SessionHandle};

use crate::auth::{Auth, FixedToken, MsalTokenSource, PastedToken};
use crate::core::rules::config::{self, AppConfig, AuthConfig};
use context::AuthProp;
use shell::Shell;
use std::rc::Rc;
use yew::prelude::*;

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
