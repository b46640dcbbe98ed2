//! The catalog kept in this browser: one record in IndexedDB (a catalog is megabytes, beyond
//! what localStorage holds), written after each load and read when a page wants it back.

use js_sys::{Array, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbObjectStore, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

const DATABASE: &str = "office-policy-editor-catalog";
const STORE: &str = "catalog";
const KEY: &str = "current";

/// What IndexedDB's error says.
fn text(error: JsValue) -> String {
    super::message(&error)
}

/// A request's result, once it has one.
async fn done(request: &IdbRequest) -> Result<JsValue, String> {
    let promise = Promise::new(&mut |resolve, reject| {
        let answered = request.clone();
        let ok = Closure::once_into_js(move || {
            let _ = resolve.call1(&JsValue::NULL, &answered.result().unwrap_or(JsValue::UNDEFINED));
        });
        let failed = request.clone();
        let err = Closure::once_into_js(move || {
            let why = failed.error().ok().flatten().map_or_else(|| "IndexedDB refused".to_string(), |e| e.message());
            let _ = reject.call1(&JsValue::NULL, &why.into());
        });
        request.set_onsuccess(Some(ok.unchecked_ref()));
        request.set_onerror(Some(err.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(text)
}

async fn store(mode: IdbTransactionMode) -> Result<IdbObjectStore, String> {
    let scope: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
    let factory = scope.indexed_db().map_err(text)?.ok_or("this browser has no IndexedDB")?;
    let open: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1).map_err(text)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let request: Option<IdbOpenDbRequest> = event.target().and_then(|t| t.dyn_into().ok());
        if let Some(db) = request.and_then(|r| r.result().ok()).and_then(|d| d.dyn_into::<IdbDatabase>().ok()) {
            let _ = db.create_object_store(STORE);
        }
    });
    open.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let db: IdbDatabase = done(&open).await?.unchecked_into();
    db.transaction_with_str_and_mode(STORE, mode).and_then(|t| t.object_store(STORE)).map_err(text)
}

/// Keeps the catalog (its JSON pieces, `Catalog::pieces`, and summary line), in place of the
/// one kept before.
pub async fn keep(pieces: &Array, summary: &str) -> Result<(), String> {
    let record = super::object(&[("pieces", pieces.into()), ("summary", summary.into())]);
    let store = store(IdbTransactionMode::Readwrite).await?;
    done(&store.put_with_key(&record, &KEY.into()).map_err(text)?).await.map(drop)
}

/// The kept catalog's JSON pieces and summary line, if one is kept (a catalog kept whole, as
/// before pieces, is one piece).
pub async fn kept() -> Result<Option<(Array, String)>, String> {
    let store = store(IdbTransactionMode::Readonly).await?;
    let record = done(&store.get(&KEY.into()).map_err(text)?).await?;
    let get = |k: &str| Reflect::get(&record, &k.into()).unwrap_or(JsValue::UNDEFINED);
    let pieces = match (get("pieces").dyn_into::<Array>(), get("json").as_string()) {
        (Ok(pieces), _) => Some(pieces),
        (Err(_), Some(whole)) => Some(Array::of1(&whole.into())),
        (Err(_), None) => None,
    };
    Ok(pieces.zip(get("summary").as_string()))
}

/// Forgets the kept catalog.
pub async fn forget() -> Result<(), String> {
    let store = store(IdbTransactionMode::Readwrite).await?;
    done(&store.delete(&KEY.into()).map_err(text)?).await.map(drop)
}
