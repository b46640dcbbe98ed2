//! The binding to the payload editor's view (`codemirror_shim.js`, bundled by esbuild into
//! `codemirror.js` beside index.html). The module is imported the first time a payload is shown
//! and once per page; a failed import is tried again next time.

use wasm_bindgen::prelude::*;

/// Where the bundled module is, relative to the page (index.html's directory). The browser tests
/// provide another place through this context.
#[derive(Clone, PartialEq)]
pub struct EditorModule(pub yew::AttrValue);

impl Default for EditorModule {
    fn default() -> Self {
        EditorModule("codemirror.js".into())
    }
}

/// The time from the last keystroke until the text goes to wasm to be validated.
pub const SETTLE_MS: u32 = 150;

#[wasm_bindgen(inline_js = r#"
let loading = new Map();
export function importModule(url) {
  const href = new URL(url, document.baseURI).href;
  if (!loading.has(href)) {
    loading.set(href, import(href).catch((e) => { loading.delete(href); throw e; }));
  }
  return loading.get(href);
}
"#)]
extern "C" {
    #[wasm_bindgen(catch, js_name = importModule)]
    async fn import_module(url: &str) -> Result<JsValue, JsValue>;
}

#[wasm_bindgen]
extern "C" {
    /// The imported module's namespace.
    pub type CodeMirrorModule;

    #[wasm_bindgen(method, js_name = createPayloadEditor)]
    fn create_payload_editor(
        this: &CodeMirrorModule,
        parent: &web_sys::Element,
        name: &str,
        labelled_by: &str,
        described_by: &str,
        text: &str,
        on_change: &js_sys::Function,
        delay_ms: u32,
    ) -> PayloadView;

    #[wasm_bindgen(method)]
    fn warm(this: &CodeMirrorModule);

    /// One payload's editor view.
    pub type PayloadView;

    #[wasm_bindgen(method, js_name = setText)]
    pub fn set_text(this: &PayloadView, text: &str);

    #[wasm_bindgen(method, js_name = setProblem)]
    pub fn set_problem(this: &PayloadView, message: Option<&str>, line: usize, column: usize);

    #[wasm_bindgen(method, js_name = setReadOnly)]
    pub fn set_read_only(this: &PayloadView, on: bool);

    #[wasm_bindgen(method)]
    pub fn flush(this: &PayloadView);

    #[wasm_bindgen(method)]
    pub fn destroy(this: &PayloadView);
}

/// Imports the module (once per page).
pub async fn load(url: &str) -> Result<CodeMirrorModule, String> {
    match import_module(url).await {
        Ok(module) => Ok(module.unchecked_into()),
        Err(e) => Err(js_sys::Error::from(e).message().into()),
    }
}

/// Starts importing the module without waiting for it, then warms it (in a task of its own):
/// the editor page calls this when it opens, so the module is ready when the configuration
/// arrives.
pub fn preload(url: &str) {
    let url = url.to_string();
    wasm_bindgen_futures::spawn_local(async move {
        // A failure is reported where the editor is shown, when it asks again.
        if let Ok(module) = load(&url).await {
            gloo_timers::future::TimeoutFuture::new(0).await;
            module.warm();
        }
    });
}

/// Marks the moment the first payload editor is ready (User Timing `editor-usable`), for
/// scripts/bench.sh and the browser's performance tools.
pub fn mark_usable() {
    if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
        if performance.get_entries_by_name("editor-usable").length() == 0 {
            let _ = performance.mark("editor-usable");
        }
    }
}

/// What the host element needs to name its view: the ids of the label and of the help and
/// error texts that describe it.
pub struct Names<'a> {
    pub name: &'a str,
    pub labelled_by: &'a str,
    pub described_by: &'a str,
}

/// A payload editor in `parent` showing `text`; `on_change` gets the whole text when typing
/// settles, when the editor loses focus, on Ctrl+S and when the page hides.
pub struct Mounted {
    pub view: PayloadView,
    _on_change: Closure<dyn FnMut(Vec<u8>)>,
}

impl Mounted {
    pub fn new(
        module: &CodeMirrorModule,
        parent: &web_sys::Element,
        names: Names,
        text: &str,
        mut on_change: impl FnMut(String) + 'static,
    ) -> Mounted {
        // The view hands over its text as UTF-8 (TextEncoder's output is always valid UTF-8).
        let on_change = Closure::<dyn FnMut(Vec<u8>)>::new(move |bytes: Vec<u8>| {
            on_change(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
        });
        let view = module.create_payload_editor(
            parent,
            names.name,
            names.labelled_by,
            names.described_by,
            text,
            on_change.as_ref().unchecked_ref(),
            SETTLE_MS,
        );
        Mounted { view, _on_change: on_change }
    }
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.view.destroy();
    }
}
