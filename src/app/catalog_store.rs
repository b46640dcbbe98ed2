//! The policy catalog behind the header's line (`app::catalog`), a part of its own fetched on
//! the first ask: the page's catalog state, the asks to load, restore and forget it, answered by
//! the catalog worker (`crate::worker`, a wasm of its own that this module starts on the first
//! ask). The page holds the catalog as the worker wrote it (JSON); the editor's part reads it
//! into the model when it first shows names (`app::catalog_panel`).
//!
//! The state is the tab's one store, changed only by the worker's answers and the asks sent
//! ([`dispatch`]): it tells the header's line what to show (`catalog::show`), and every view
//! that shows names reads it with [`use_catalog`] and re-renders when it changes.

use super::catalog::{self, Ask, CatalogWorkProps, Shown, SUMMARY_KEY};
use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{MessageEvent, Worker};
use yew::prelude::*;

/// The worker's loader, beside index.html (Trunk names workers without a hash), an ES module.
const WORKER: &str = "./catalog-worker_loader.js";

/// What the page knows of the catalog.
#[derive(Clone, Debug, Default)]
pub struct CatalogState {
    /// The catalog as the worker wrote it, in JSON pieces (`Catalog::pieces`; a new catalog is
    /// a new `Rc`, which its readers tell by pointer).
    pub pieces: Option<Rc<[String]>>,
    /// What is loaded, in one line (kept across visits).
    pub summary: Option<String>,
    /// What the worker is doing, while it is.
    pub busy: Option<&'static str>,
    /// The files of the last load that could not be read as they should: (file, what is wrong).
    pub problems: Vec<(String, String)>,
    pub error: Option<String>,
    /// A restore was asked for already (once a visit).
    pub restore_asked: bool,
    /// How long the worker took to read the last templates, in whole milliseconds (the
    /// benchmark reads it).
    pub ms: Option<u32>,
}

/// What changes the page's catalog state: an ask sent, an answer, or a worker that failed.
pub enum Msg {
    Asked(&'static str, bool),
    Answer(JsValue),
    Failed(String),
}

impl CatalogState {
    fn reduce(&self, msg: Msg) -> CatalogState {
        let mut next = self.clone();
        match msg {
            Msg::Asked(what, restore) => {
                next.busy = Some(what);
                next.error = None;
                next.restore_asked |= restore;
            }
            Msg::Failed(why) => {
                next.busy = None;
                next.error = Some(why);
            }
            Msg::Answer(answer) => {
                let get = |k: &str| Reflect::get(&answer, &k.into()).unwrap_or(JsValue::UNDEFINED);
                next.busy = None;
                if let Some(error) = get("error").as_string() {
                    next.error = Some(error);
                } else if get("none").is_truthy() || get("forgotten").is_truthy() {
                    next.pieces = None;
                    next.summary = None;
                    next.problems.clear();
                    keep_summary(None);
                } else {
                    let problems = get("problems").dyn_into::<Array>().unwrap_or_default();
                    let text = |p: &JsValue, k: &str| Reflect::get(p, &k.into()).ok().and_then(|v| v.as_string());
                    next.problems = problems
                        .iter()
                        .map(|p| (text(&p, "file").unwrap_or_default(), text(&p, "message").unwrap_or_default()))
                        .collect();
                    next.ms = get("ms").as_f64().map(|ms| ms.round() as u32).or(next.ms);
                    let pieces = get("catalog").dyn_into::<Array>().ok();
                    if let (Some(pieces), Some(summary)) = (pieces, get("summary").as_string()) {
                        next.pieces = Some(pieces.iter().filter_map(|p| p.as_string()).collect());
                        keep_summary(Some(&summary));
                        next.summary = Some(summary);
                    } else if next.problems.is_empty() {
                        next.error = Some("No template was among those files: pick the .admx files with their language folders (en-US/…).".into());
                    }
                }
            }
        }
        next
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn keep_summary(summary: Option<&str>) {
    if let Some(storage) = storage() {
        let _ = match summary {
            Some(s) => storage.set_item(SUMMARY_KEY, s),
            None => storage.remove_item(SUMMARY_KEY),
        };
    }
}

/// The tab's one worker, with the asks sent before it said it was ready (a module worker
/// starts listening only once its wasm is running; what comes before would be lost).
struct Running {
    worker: Worker,
    waiting: Option<Vec<Object>>,
    _onmessage: Closure<dyn Fn(MessageEvent)>,
    _onerror: Closure<dyn Fn(web_sys::Event)>,
}

thread_local! {
    static WORKER_NOW: RefCell<Option<Running>> = const { RefCell::new(None) };
    /// The page's catalog state.
    static STATE: RefCell<Rc<CatalogState>> = RefCell::new(Rc::new(CatalogState {
        summary: catalog::kept_summary(),
        ..CatalogState::default()
    }));
    /// Who re-renders when it changes, by a number of theirs.
    static READERS: RefCell<Vec<(u64, Callback<()>)>> = const { RefCell::new(Vec::new()) };
}

/// The worker is listening: the asks it missed are sent now.
fn ready() {
    WORKER_NOW.with(|slot| {
        if let Some(running) = slot.borrow_mut().as_mut() {
            for ask in running.waiting.take().unwrap_or_default() {
                let _ = running.worker.post_message(&ask);
            }
        }
    });
}

fn languages() -> Array {
    let listed = web_sys::window().map(|w| w.navigator().languages()).unwrap_or_default();
    if listed.length() == 0 {
        listed.push(&"en-US".into());
    }
    listed
}

/// Sends an ask, starting the worker first if it is not running.
fn send(message: &Object) -> Result<(), String> {
    WORKER_NOW.with(|slot| {
        let mut slot = slot.borrow_mut();
        if slot.is_none() {
            // A module worker: its loader imports wasm-bindgen's ES module glue.
            let options = web_sys::WorkerOptions::new();
            options.set_type(web_sys::WorkerType::Module);
            let worker = Worker::new_with_options(WORKER, &options).map_err(|e| format!("{e:?}"))?;
            let onmessage = Closure::<dyn Fn(MessageEvent)>::new(|e: MessageEvent| {
                let answer = e.data();
                if Reflect::get(&answer, &"ready".into()).is_ok_and(|r| r.is_truthy()) {
                    return ready();
                }
                dispatch(Msg::Answer(answer));
            });
            let onerror = Closure::<dyn Fn(web_sys::Event)>::new(|_| {
                // The next ask starts a new worker; this one (and this very closure) goes once
                // this call has returned.
                if let Some(stopped) = WORKER_NOW.with(|w| w.borrow_mut().take()) {
                    stopped.worker.terminate();
                    wasm_bindgen_futures::spawn_local(async move { drop(stopped) });
                }
                dispatch(Msg::Failed("The catalog's worker stopped (its files may be missing from the site, or the browser refused it). Reload the page and try again.".into()));
            });
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
            *slot = Some(Running { worker, waiting: Some(Vec::new()), _onmessage: onmessage, _onerror: onerror });
        }
        let running = slot.as_mut().ok_or("no worker")?;
        match running.waiting.as_mut() {
            Some(waiting) => {
                waiting.push(message.clone());
                Ok(())
            }
            None => running.worker.post_message(message).map_err(|e| format!("{e:?}")),
        }
    })
}

fn ask_message(ask: &Ask) -> Object {
    let message = Object::new();
    let set = |k: &str, v: &JsValue| {
        let _ = Reflect::set(&message, &k.into(), v);
    };
    set("languages", &languages());
    let (kind, list) = match ask {
        Ask::Files(files) => {
            let (listed, paths) = (Array::new(), Array::new());
            for file in files {
                let relative = Reflect::get(file, &"webkitRelativePath".into()).ok().and_then(|p| p.as_string());
                paths.push(&relative.filter(|p| !p.is_empty()).unwrap_or_else(|| file.name()).into());
                listed.push(file);
            }
            set("paths", &paths);
            ("files", Some(("files", listed)))
        }
        Ask::Site(urls) => ("urls", Some(("urls", urls.iter().map(|u| JsValue::from(u.as_str())).collect()))),
        Ask::Restore => ("restore", None),
        Ask::Forget => ("forget", None),
    };
    set("ask", &kind.into());
    if let Some((key, list)) = list {
        set(key, &list);
    }
    message
}

/// Changes the state, then re-renders its readers.
fn dispatch(msg: Msg) {
    STATE.with(|state| {
        let next = state.borrow().reduce(msg);
        *state.borrow_mut() = Rc::new(next);
    });
    catalog::show(STATE.with(|state| shown(&state.borrow())));
    changed();
}

/// The catalog the state holds was read into something new (`app::catalog_panel`): its
/// readers re-render.
pub fn changed() {
    let readers: Vec<Callback<()>> = READERS.with(|r| r.borrow().iter().map(|(_, c)| c.clone()).collect());
    for reader in readers {
        reader.emit(());
    }
}

/// The catalog the state holds could not be read: the line says so.
pub fn failed(why: String) {
    dispatch(Msg::Failed(why));
}

/// What the header's line shows of `state`.
fn shown(state: &CatalogState) -> Shown {
    Shown::of(state.summary.as_deref(), state.busy, state.ms)
}

/// Asks the worker (started if it is not running) for `ask`; the line shows what it is doing.
fn ask(ask: Ask) {
    let busy = match ask {
        Ask::Files(_) | Ask::Site(_) => "Reading the templates…",
        Ask::Restore => "Restoring the catalog kept in this browser…",
        Ask::Forget => "Forgetting the catalog…",
    };
    dispatch(Msg::Asked(busy, ask == Ask::Restore));
    if let Err(why) = send(&ask_message(&ask)) {
        dispatch(Msg::Failed(format!("The catalog's worker could not start ({why}). Reload the page and try again.")));
    }
}

/// The page's catalog state; the calling component re-renders when it changes.
#[hook]
pub fn use_catalog() -> Rc<CatalogState> {
    let update = use_force_update();
    use_effect_with((), move |_| {
        thread_local! {
            static NEXT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
        }
        let me = NEXT.with(|n| n.replace(n.get() + 1));
        READERS.with(|r| r.borrow_mut().push((me, Callback::from(move |()| update.force_update()))));
        move || READERS.with(|r| r.borrow_mut().retain(|(who, _)| *who != me))
    });
    STATE.with(|state| state.borrow().clone())
}

/// The page holds `json` (a catalog's, or its pieces) as its catalog, or none, as if the worker
/// had just answered: the browser tests' harness mounts a page with a catalog this way.
pub fn hold(json: Option<Vec<String>>) {
    STATE.with(|state| {
        *state.borrow_mut() = Rc::new(CatalogState { pieces: json.map(Into::into), ..CatalogState::default() })
    });
}

/// The part's one component: it takes the line's asks as they are made (the first ones made
/// while it was on its way), in order, and sends them to the worker; below the line, it shows
/// what went wrong with the last load.
#[function_component]
pub fn CatalogTaker(props: &CatalogWorkProps) -> Html {
    let state = use_catalog();
    use_effect_with(props.made, |_| catalog::take_asks().into_iter().for_each(ask));
    html! {
        <>
            if let Some(error) = &state.error { <p class="field-error catalog-error" role="alert" data-catalog-error="">{ error.clone() }</p> }
            if !state.problems.is_empty() {
                <ul class="catalog-problems" aria-label="Templates that did not load">
                    { for state.problems.iter().map(|(file, message)| html! { <li data-catalog-problem={file.clone()}>{ format!("{file} {message}") }</li> }) }
                </ul>
            }
        </>
    }
}
