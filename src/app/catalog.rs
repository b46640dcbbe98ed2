//! The policy catalog on the page: what is loaded (the header's line), and the asks to load,
//! restore and forget it, answered by the catalog worker (`crate::worker`, a wasm of its own
//! that this module starts on the first ask). The page holds the catalog as the worker wrote it
//! (JSON); the editor's part reads it into the model when it first shows names
//! (`app::catalog_panel`). Only this small part is on the first load.
//!
//! The summary line is kept in localStorage, so the header says what is loaded without waking
//! the worker; the catalog itself is in IndexedDB, restored when a page needs it.

use js_sys::{Array, Object, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, HtmlInputElement, MessageEvent, Worker};
use yew::prelude::*;

/// The worker's loader, beside index.html (Trunk names workers without a hash), an ES module.
const WORKER: &str = "./catalog-worker_loader.js";
const SUMMARY_KEY: &str = "office-policy-editor.catalog-summary";

/// What the page knows of the catalog.
#[derive(Clone, Debug, Default)]
pub struct CatalogState {
    /// The catalog as the worker wrote it (a new one is a new `Rc`: compared by pointer).
    pub json: Option<Rc<str>>,
    /// What is loaded, in one line (kept across visits).
    pub summary: Option<String>,
    /// What the worker is doing, while it is.
    pub busy: Option<&'static str>,
    /// The files of the last load that could not be read as they should: (file, what is wrong).
    pub problems: Vec<(String, String)>,
    pub error: Option<String>,
    /// A restore was asked for already (once a visit).
    pub restore_asked: bool,
    /// How long the worker took to read the last templates (the benchmark reads it).
    pub ms: Option<f64>,
}

/// An ask of the worker.
#[derive(Clone, Debug, PartialEq)]
pub enum Ask {
    /// Files the admin picked or dropped.
    Files(Vec<web_sys::File>),
    /// The site's own templates (config.json's `catalog`).
    Site(Vec<String>),
    Restore,
    Forget,
}

/// What changes the page's catalog state: an ask sent, an answer, or a worker that failed.
pub enum Msg {
    Asked(&'static str, bool),
    Answer(JsValue),
    Failed(String),
}

impl PartialEq for CatalogState {
    fn eq(&self, other: &Self) -> bool {
        let same_json = match (&self.json, &other.json) {
            (Some(a), Some(b)) => Rc::ptr_eq(a, b),
            (a, b) => a.is_none() && b.is_none(),
        };
        same_json
            && (&self.summary, &self.busy, &self.problems, &self.error, self.restore_asked, self.ms)
                == (&other.summary, &other.busy, &other.problems, &other.error, other.restore_asked, other.ms)
    }
}

impl Reducible for CatalogState {
    type Action = Msg;

    fn reduce(self: Rc<Self>, msg: Msg) -> Rc<Self> {
        let mut next = (*self).clone();
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
                    next.json = None;
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
                    next.ms = get("ms").as_f64().or(next.ms);
                    if let (Some(json), Some(summary)) = (get("catalog").as_string(), get("summary").as_string()) {
                        next.json = Some(json.into());
                        keep_summary(Some(&summary));
                        next.summary = Some(summary);
                    } else if next.problems.is_empty() {
                        next.error = Some("No template was among those files: pick the .admx files with their language folders (en-US/…).".into());
                    }
                }
            }
        }
        Rc::new(next)
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

/// The catalog as every page reads it, and the way to ask for it.
#[derive(Clone, PartialEq)]
pub struct CatalogHandle {
    pub state: Rc<CatalogState>,
    pub ask: Callback<Ask>,
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
    /// Where the worker's answers go.
    static ANSWERS: RefCell<Callback<Msg>> = RefCell::new(Callback::noop());
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
                ANSWERS.with(|a| a.borrow().emit(Msg::Answer(answer)));
            });
            let onerror = Closure::<dyn Fn(web_sys::Event)>::new(|_| {
                // The next ask starts a new worker; this one (and this very closure) goes once
                // this call has returned.
                if let Some(stopped) = WORKER_NOW.with(|w| w.borrow_mut().take()) {
                    stopped.worker.terminate();
                    wasm_bindgen_futures::spawn_local(async move { drop(stopped) });
                }
                ANSWERS.with(|a| {
                    a.borrow().emit(Msg::Failed("The catalog's worker stopped (its files may be missing from the site, or the browser refused it). Reload the page and try again.".into()))
                });
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

/// The catalog's state for the whole app (Shell provides it).
#[hook]
pub fn use_catalog_state() -> CatalogHandle {
    let state = use_reducer(|| CatalogState {
        summary: storage().and_then(|s| s.get_item(SUMMARY_KEY).ok().flatten()),
        ..CatalogState::default()
    });
    let dispatcher = state.dispatcher();
    ANSWERS.with(|a| *a.borrow_mut() = Callback::from(move |m| dispatcher.dispatch(m)));
    let ask = {
        let dispatcher = state.dispatcher();
        Callback::from(move |ask: Ask| {
            let busy = match ask {
                Ask::Files(_) | Ask::Site(_) => "Reading the templates…",
                Ask::Restore => "Restoring the catalog kept in this browser…",
                Ask::Forget => "Forgetting the catalog…",
            };
            dispatcher.dispatch(Msg::Asked(busy, ask == Ask::Restore));
            if let Err(why) = send(&ask_message(&ask)) {
                dispatcher.dispatch(Msg::Failed(format!(
                    "The catalog's worker could not start ({why}). Reload the page and try again."
                )));
            }
        })
    };
    CatalogHandle { state: Rc::new((*state).clone()), ask }
}

#[derive(Properties, PartialEq)]
pub struct CatalogBarProps {
    /// The site's own templates (config.json's `catalog`).
    pub site: Rc<Vec<String>>,
}

/// The files of a pick or a drop.
fn files(list: Option<web_sys::FileList>) -> Vec<web_sys::File> {
    list.map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect()).unwrap_or_default()
}

/// The files picked, the input emptied so that the same pick again is a change again.
fn picked(input: &HtmlInputElement) -> Vec<web_sys::File> {
    let picked = files(input.files());
    input.set_value("");
    picked
}

/// The header's catalog line: what is loaded, and the buttons to load (files, a folder, a drop,
/// the site's templates) and forget it; the problems of the last load below it.
#[function_component]
pub fn CatalogBar(props: &CatalogBarProps) -> Html {
    let Some(handle) = use_context::<CatalogHandle>() else { return Html::default() };
    let (files_input, folder_input) = (use_node_ref(), use_node_ref());
    let state = &handle.state;
    let click = |input: &NodeRef| {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(i) = input.cast::<HtmlInputElement>() {
                i.click();
            }
        })
    };
    let onpick = handle.ask.reform(|e: Event| Ask::Files(picked(&e.target_unchecked_into())));
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let ask = handle.ask.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let dropped = files(e.data_transfer().and_then(|d| d.files()));
            if !dropped.is_empty() {
                ask.emit(Ask::Files(dropped));
            }
        })
    };
    let site = props.site.clone();
    let busy = state.busy.is_some();
    let line = match (&state.busy, &state.summary) {
        (Some(busy), _) => busy.to_string(),
        (None, Some(summary)) => format!("Policy catalog: {summary}"),
        (None, None) => "No policy catalog loaded".to_string(),
    };
    html! {
        <div class="catalog-bar" {ondragover} {ondrop} title="Drop ADMX/ADML templates here">
            <span data-catalog-summary="" data-catalog-ms={state.ms.map(|ms| format!("{ms:.0}"))} aria-live="polite">{ line }</span>
            <button type="button" class="small" data-action="load-catalog" disabled={busy} onclick={click(&files_input)}>{ "Load templates…" }</button>
            <button type="button" class="small" data-action="load-catalog-folder" disabled={busy} onclick={click(&folder_input)}>{ "Load a folder…" }</button>
            <input type="file" class="visually-hidden" name="catalog-files" multiple=true accept=".admx,.adml" tabindex="-1"
                aria-label="ADMX and ADML templates" ref={files_input} onchange={onpick.clone()} />
            <input type="file" class="visually-hidden" name="catalog-folder" webkitdirectory=true tabindex="-1"
                aria-label="A folder of ADMX and ADML templates" ref={folder_input} onchange={onpick} />
            if !site.is_empty() {
                <button type="button" class="small" data-action="load-site-catalog" disabled={busy}
                    onclick={handle.ask.reform(move |_| Ask::Site((*site).clone()))}>{ "Load this site's templates" }</button>
            }
            if state.summary.is_some() {
                <button type="button" class="small" data-action="forget-catalog" disabled={busy} onclick={handle.ask.reform(|_| Ask::Forget)}>{ "Forget catalog" }</button>
            }
            if let Some(error) = &state.error { <p class="field-error" role="alert" data-catalog-error="">{ error.clone() }</p> }
            if !state.problems.is_empty() {
                <ul class="catalog-problems" aria-label="Templates that did not load">
                    { for state.problems.iter().map(|(file, message)| html! { <li data-catalog-problem={file.clone()}>{ format!("{file} {message}") }</li> }) }
                </ul>
            }
        </div>
    }
}
