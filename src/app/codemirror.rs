//! The binding to the payload editor's view (`codemirror_shim.js`, bundled by esbuild into
//! `codemirror.js` beside index.html). The module is imported the first time a payload is shown
//! and once per page; a failed import is tried again next time.

use crate::core::text::bytes;
use crate::core::text::mirror::{Mirror, OutOfStep};
use std::cell::RefCell;
use std::rc::Rc;
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

/// What the host element needs to name its view: the ids of the label and of the help and
/// error texts that describe it.
pub struct Names<'a> {
    pub name: &'a str,
    pub labelled_by: &'a str,
    pub described_by: &'a str,
}

/// A payload editor in `parent` showing `text`; `on_change` gets the whole text when typing
/// settles, when the editor loses focus, on Ctrl+S and when the page hides.
///
/// The text itself does not cross: the view reports its changes since its last report, which
/// the [`Mirror`] applies to wasm's copy (a keystroke into 5 MB moves a few bytes, not 5 MB).
/// If the two fall out of step, the view is asked for its whole text once.
pub struct Mounted {
    pub view: PayloadView,
    mirror: Rc<RefCell<Mirror>>,
    _on_change: Closure<dyn FnMut(JsValue, usize) -> bool>,
}

impl Mounted {
    pub fn new(
        module: &CodeMirrorModule,
        parent: &web_sys::Element,
        names: Names,
        text: &str,
        mut on_change: impl FnMut(String) + 'static,
    ) -> Mounted {
        let mirror = Rc::new(RefCell::new(Mirror::new(text)));
        // The view's report: its changes as a flat array (`from, to, inserted`, in UTF-16
        // positions, applied in order), or its whole text as UTF-8 bytes when wasm asked for it;
        // and its length in UTF-16 code units. Answers whether wasm's copy is in step.
        let on_change = {
            let mirror = mirror.clone();
            Closure::<dyn FnMut(JsValue, usize) -> bool>::new(move |report: JsValue, length: usize| {
                let in_step = match report.dyn_into::<js_sys::Uint8Array>() {
                    Ok(bytes) => {
                        mirror.borrow_mut().set(&String::from_utf8_lossy(&bytes.to_vec()));
                        true
                    }
                    Err(changes) => apply(&mut mirror.borrow_mut(), &changes.unchecked_into()).is_ok(),
                } && mirror.borrow().utf16_len() == length;
                if in_step {
                    let text = mirror.borrow().text().to_owned();
                    on_change(text);
                }
                in_step
            })
        };
        let view = module.create_payload_editor(
            parent,
            names.name,
            names.labelled_by,
            names.described_by,
            text,
            on_change.as_ref().unchecked_ref(),
            SETTLE_MS,
        );
        Mounted { view, mirror, _on_change: on_change }
    }

    /// Shows `text` (loaded, formatted, discarded, restored) unless the view shows it already.
    pub fn show(&self, text: &str) {
        if !bytes::same(self.mirror.borrow().text(), text) {
            self.view.set_text(text);
            self.mirror.borrow_mut().set(text);
        }
    }
}

/// Applies the view's changes, in order.
fn apply(mirror: &mut Mirror, changes: &js_sys::Array) -> Result<(), OutOfStep> {
    for at in (0..changes.length()).step_by(3) {
        let position = |i: u32| changes.get(i).as_f64().map(|p| p as usize).ok_or(OutOfStep);
        let insert = changes.get(at + 2).as_string().ok_or(OutOfStep)?;
        mirror.replace(position(at)?, position(at + 1)?, &insert)?;
    }
    Ok(())
}

impl Drop for Mounted {
    fn drop(&mut self) {
        self.view.destroy();
    }
}
