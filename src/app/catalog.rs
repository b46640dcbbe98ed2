//! The policy catalog's line in the header, as the first load carries it: what is loaded (kept
//! in localStorage, so the line says it without waking anything), the buttons and file inputs
//! that load and forget a catalog, and a drop on the line.
//!
//! Everything behind the line — the catalog's state, the worker that reads templates and keeps
//! the catalog (`crate::worker`, a wasm of its own), its answers — is a part of its own
//! (`app::catalog_store`, `parts::CatalogWork`, shown beside the line by `shell`), fetched on
//! the first ask: a button, a drop, or a page that needs the kept catalog. The asks wait here,
//! in order, until the part takes them; the part tells the line what to show ([`show`]), and
//! shows below it what went wrong with the last load. The line stays this one element
//! throughout, so nothing that holds it goes stale when the part arrives.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

/// Where the line's summary is kept across visits.
pub const SUMMARY_KEY: &str = "office-policy-editor.catalog-summary";

/// An ask of the catalog's worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// Files the admin picked or dropped.
    Files(Vec<web_sys::File>),
    /// The site's own templates (config.json's `catalog`).
    Site(Vec<String>),
    Restore,
    Forget,
}

thread_local! {
    /// Asks the part has not taken yet, oldest first.
    static ASKS: RefCell<Vec<Ask>> = const { RefCell::new(Vec::new()) };
    /// How many asks were ever made: none means the part is not needed yet.
    static MADE: Cell<usize> = const { Cell::new(0) };
    /// What the part last said the line shows.
    static SHOWN: RefCell<Option<Shown>> = const { RefCell::new(None) };
    /// Re-renders the line.
    static WAKE: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
}

fn wake() {
    if let Some(wake) = WAKE.with(|w| w.borrow().clone()) {
        wake.emit(());
    }
}

/// Asks the catalog for `ask`: kept for the part, which is fetched if it is not here yet.
pub fn ask(ask: Ask) {
    ASKS.with(|asks| asks.borrow_mut().push(ask));
    MADE.with(|m| m.set(m.get() + 1));
    wake();
}

/// The asks not taken yet, oldest first: the part takes them.
pub fn take_asks() -> Vec<Ask> {
    ASKS.with(|asks| std::mem::take(&mut *asks.borrow_mut()))
}

/// The part says what the line shows from now on.
pub fn show(shown: Shown) {
    SHOWN.with(|s| *s.borrow_mut() = Some(shown));
    wake();
}

/// The summary of the catalog kept in this browser, if one is.
pub fn kept_summary() -> Option<String> {
    web_sys::window()?.local_storage().ok().flatten()?.get_item(SUMMARY_KEY).ok().flatten()
}

#[derive(Properties, PartialEq)]
pub struct CatalogBarProps {
    /// The site's own templates (config.json's `catalog`).
    pub site: Rc<Vec<String>>,
}

/// What the line shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shown {
    pub text: String,
    /// A read, restore or forget is running: the buttons wait.
    pub busy: bool,
    /// A catalog is loaded (it can be forgotten).
    pub loaded: bool,
    /// How long the worker took to read the last templates, in whole milliseconds (the
    /// benchmark reads it; no float is formatted on the first load).
    pub ms: Option<u32>,
}

impl Shown {
    /// The line of a catalog whose summary is `summary` (none: none is loaded), or of the work
    /// under way (`busy`).
    pub fn of(summary: Option<&str>, busy: Option<&str>, ms: Option<u32>) -> Shown {
        let text = match (busy, summary) {
            (Some(busy), _) => busy.to_string(),
            (None, Some(summary)) => format!("Policy catalog: {summary}"),
            (None, None) => "No policy catalog loaded".to_string(),
        };
        Shown { text, busy: busy.is_some(), loaded: summary.is_some(), ms }
    }

    /// What the first load knows: the summary kept in this browser; or, once asked, that the
    /// part is on its way.
    fn kept(asked: bool) -> Shown {
        Shown::of(kept_summary().as_deref(), asked.then_some("Loading the catalog's tools…"), None)
    }
}

/// The files of a pick or a drop.
fn files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// A button's click opens the file input named `name` on its line.
fn opens(name: &'static str) -> Callback<MouseEvent> {
    Callback::from(move |e: MouseEvent| {
        let bar = e
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|t| t.closest(".catalog-bar").ok().flatten());
        let input = bar.and_then(|bar| bar.query_selector(&format!("input[name={name}]")).ok().flatten());
        if let Some(input) = input.and_then(|i| i.dyn_into::<HtmlInputElement>().ok()) {
            input.click();
        }
    })
}

/// The header's catalog line: what is loaded, and the buttons to load (files, a folder, a drop,
/// the site's templates) and forget it.
fn line(site: &Rc<Vec<String>>, shown: Shown) -> Html {
    let onpick = Callback::from(|e: Event| {
        let input: HtmlInputElement = e.target_unchecked_into();
        let picked = files(input.files());
        // Emptied, so that the same pick again is a change again.
        input.set_value("");
        ask(Ask::Files(picked));
    });
    let ondrop = Callback::from(move |e: DragEvent| {
        e.prevent_default();
        let dropped = files(e.data_transfer().and_then(|d| d.files()));
        if !dropped.is_empty() {
            ask(Ask::Files(dropped));
        }
    });
    let busy = shown.busy;
    let site = site.clone();
    html! {
        <div class="catalog-bar" ondragover={|e: DragEvent| e.prevent_default()} {ondrop} title="Drop ADMX/ADML templates here">
            <span data-catalog-summary="" data-catalog-ms={shown.ms.map(|ms| ms.to_string())} aria-live="polite">{ shown.text }</span>
            <button type="button" class="small" data-action="load-catalog" disabled={busy} onclick={opens("catalog-files")}>{ "Load templates…" }</button>
            <button type="button" class="small" data-action="load-catalog-folder" disabled={busy} onclick={opens("catalog-folder")}>{ "Load a folder…" }</button>
            <input type="file" class="visually-hidden" name="catalog-files" multiple=true accept=".admx,.adml" tabindex="-1"
                aria-label="ADMX and ADML templates" onchange={onpick.clone()} />
            <input type="file" class="visually-hidden" name="catalog-folder" webkitdirectory=true tabindex="-1"
                aria-label="A folder of ADMX and ADML templates" onchange={onpick} />
            if !site.is_empty() {
                <button type="button" class="small" data-action="load-site-catalog" disabled={busy}
                    onclick={move |_| ask(Ask::Site((*site).clone()))}>{ "Load this site's templates" }</button>
            }
            if shown.loaded {
                <button type="button" class="small" data-action="forget-catalog" disabled={busy} onclick={|_| ask(Ask::Forget)}>{ "Forget catalog" }</button>
            }
        </div>
    }
}

/// What the part shows of its own: nothing on its way (the line says it), or why it could not
/// be fetched, with a retry.
pub fn waiting(_: &CatalogWorkProps, failed: Option<String>, retry: Callback<MouseEvent>) -> Html {
    let Some(why) = failed else { return Html::default() };
    html! {
        <p class="field-error catalog-error" role="alert" data-catalog-error="">
            { format!("The catalog's tools could not be loaded ({why}). Check the connection, then try again; if the site was just updated, reload the page. ") }
            <button type="button" class="small" data-action="retry-part" onclick={retry}>{ "Try again" }</button>
        </p>
    }
}

#[derive(Properties, PartialEq)]
pub struct CatalogWorkProps {
    /// How many asks were ever made (a new one re-renders the part, which takes it).
    pub made: usize,
}

/// How many asks of the catalog were ever made (none: the part is not needed yet); the calling
/// component re-renders with the line.
#[hook]
pub fn use_asks_made() -> usize {
    let update = use_force_update();
    WAKE.with(|w| *w.borrow_mut() = Some(Callback::from(move |()| update.force_update())));
    MADE.with(Cell::get)
}

/// The header's catalog line as it is now: what the part last said, or what the first load knows.
pub fn line_now(site: &Rc<Vec<String>>) -> Html {
    let made = MADE.with(Cell::get);
    line(site, SHOWN.with(|s| s.borrow().clone()).unwrap_or_else(|| Shown::kept(made > 0)))
}
