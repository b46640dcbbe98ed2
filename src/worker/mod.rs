//! The catalog worker: reads the admin's ADMX/ADML templates off the main thread, in a wasm of
//! its own (`src/catalog_worker.rs`, built by Trunk with `data-type="worker"`, an ES module
//! worker: wasm-bindgen's `no-modules` output refuses a crate with npm dependencies), so neither the
//! parser's code nor its work is on the page's first load or its thread. It also keeps the last
//! catalog in this browser (IndexedDB, [`store`]).
//!
//! The page (`app::catalog`) talks to it in messages, one answer per ask:
//!
//! | ask | answer |
//! |---|---|
//! | `{ask: "files", files: [File], paths: [string], languages: [string]}` | a catalog |
//! | `{ask: "urls", urls: [string], languages}` (the site's own templates) | a catalog |
//! | `{ask: "restore"}` | the kept catalog, or `{none: true}` |
//! | `{ask: "forget"}` | `{forgotten: true}` |
//!
//! A catalog is `{catalog: [JSON piece], summary, problems: [{file, message}], ms}` (the pieces
//! of `Catalog::pieces`, which the page reads one a task); with `catalog: null` when no file was
//! a template (the page keeps the one it has). Anything that
//! fails as a whole is `{error: message}`. On start it posts `{ready: true}`.

pub mod store;

use crate::core::catalog::template::{self, File};
use crate::core::catalog::{Problem, PER_PIECE};
use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Starts answering the page.
pub fn run() {
    let onmessage = Closure::<dyn Fn(MessageEvent)>::new(|event: MessageEvent| {
        wasm_bindgen_futures::spawn_local(answer(event.data()));
    });
    scope().set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
    onmessage.forget();
    post(&[("ready", true.into())]);
}

/// A plain object of these fields.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> Object {
    let object = Object::new();
    for (key, value) in fields {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object
}

fn post(fields: &[(&str, JsValue)]) {
    let _ = scope().post_message(&object(fields));
}

fn field(ask: &JsValue, key: &str) -> JsValue {
    Reflect::get(ask, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn strings(value: JsValue) -> Vec<String> {
    value.dyn_into::<Array>().map(|a| a.iter().filter_map(|v| v.as_string()).collect()).unwrap_or_default()
}

/// What a JS error says (a string, or an Error's message).
pub(crate) fn message(error: &JsValue) -> String {
    error
        .as_string()
        .or_else(|| Reflect::get(error, &"message".into()).ok().and_then(|m| m.as_string()))
        .unwrap_or_else(|| "an unknown error".into())
}

async fn answer(ask: JsValue) {
    let languages = strings(field(&ask, "languages"));
    let kind = field(&ask, "ask").as_string().unwrap_or_default();
    match kind.as_str() {
        "files" => {
            let (files, problems) = from_files(field(&ask, "files"), strings(field(&ask, "paths"))).await;
            read(files, problems, &languages).await;
        }
        "urls" => {
            let (files, problems) = from_urls(strings(field(&ask, "urls"))).await;
            read(files, problems, &languages).await;
        }
        "restore" => match store::kept().await {
            Ok(Some((pieces, summary))) => {
                post(&[("catalog", pieces.into()), ("summary", summary.into()), ("problems", Array::new().into())])
            }
            Ok(None) => post(&[("none", true.into())]),
            Err(e) => post(&[("error", format!("The kept catalog could not be read: {e}").into())]),
        },
        "forget" => match store::forget().await {
            Ok(()) => post(&[("forgotten", true.into())]),
            Err(e) => post(&[("error", format!("The kept catalog could not be forgotten: {e}").into())]),
        },
        other => post(&[("error", format!("The catalog worker does not know the ask {other:?}.").into())]),
    }
}

/// The bytes of the files the admin picked or dropped; one that cannot be read is a problem.
async fn from_files(files: JsValue, paths: Vec<String>) -> (Vec<File>, Vec<Problem>) {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    let files = files.dyn_into::<Array>().unwrap_or_default();
    for (i, file) in files.iter().enumerate() {
        let Ok(file) = file.dyn_into::<web_sys::File>() else { continue };
        let path = paths.get(i).cloned().unwrap_or_else(|| file.name());
        match JsFuture::from(file.array_buffer()).await {
            Ok(buffer) => out.push(File { path, bytes: Uint8Array::new(&buffer).to_vec() }),
            Err(e) => problems.push(Problem { file: path, message: format!("could not be read: {}.", message(&e)) }),
        }
    }
    (out, problems)
}

/// The site's own templates, fetched; one that does not arrive is a problem.
async fn from_urls(urls: Vec<String>) -> (Vec<File>, Vec<Problem>) {
    let (mut out, mut problems) = (Vec::new(), Vec::new());
    for url in urls {
        match fetch(&url).await {
            Ok(bytes) => out.push(File { path: url, bytes }),
            Err(e) => problems.push(Problem { file: url, message: e }),
        }
    }
    (out, problems)
}

async fn fetch(url: &str) -> Result<Vec<u8>, String> {
    let response = JsFuture::from(scope().fetch_with_str(url))
        .await
        .map_err(|e| format!("could not be fetched ({}); check the site's catalog in config.json.", message(&e)))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!(
            "could not be fetched (HTTP {}); check the site's catalog in config.json.",
            response.status()
        ));
    }
    let buffer = response.array_buffer().map_err(|e| message(&e))?;
    let buffer = JsFuture::from(buffer).await.map_err(|e| message(&e))?;
    Ok(Uint8Array::new(&buffer).to_vec())
}

/// Reads the templates, keeps the catalog and answers with it.
async fn read(files: Vec<File>, mut problems: Vec<Problem>, languages: &[String]) {
    let started = js_sys::Date::now();
    let read = template::read(&files, languages);
    problems.extend(read.problems);
    let catalog = read.catalog;
    let ms = js_sys::Date::now() - started;
    let listed = Array::new();
    for p in &problems {
        listed.push(&object(&[("file", p.file.clone().into()), ("message", p.message.clone().into())]));
    }
    if catalog.templates.is_empty() {
        post(&[("catalog", JsValue::NULL), ("problems", listed.into()), ("ms", ms.into())]);
        return;
    }
    let summary = catalog.summary();
    let pieces = match catalog.pieces(PER_PIECE) {
        Ok(pieces) => pieces.into_iter().map(JsValue::from).collect::<Array>(),
        Err(e) => return post(&[("error", format!("The catalog could not be written: {e}").into())]),
    };
    if let Err(e) = store::keep(&pieces, &summary).await {
        let why = format!("could not keep the catalog ({e}); load it again next time.");
        listed.push(&object(&[("file", "(this browser)".into()), ("message", why.into())]));
    }
    post(&[("catalog", pieces.into()), ("summary", summary.into()), ("problems", listed.into()), ("ms", ms.into())]);
}
