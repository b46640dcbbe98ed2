//! The JSON payload editor for the two Stream properties: CodeMirror 6 (`app::codemirror`),
//! which renders only the lines in view, behind one component.
//!
//! Until the editor module has loaded, the payload shows as read-only text (never as an empty
//! editor). If it cannot load, the payload is edited in a plain text area and the admin is told.
//! The text moves between wasm and the view only when one of them changed it: typing reaches
//! wasm when it settles (`codemirror::SETTLE_MS`), a new value from wasm (loaded, formatted,
//! discarded, restored) replaces the view's text as one undoable change.

use super::codemirror::{self, EditorModule, Mounted, Names};
use super::encoded::Encoded;
use super::fields::event_text;
use super::settings_tree::SettingsTree;
use super::text::Text;
use super::view_choice::{settings_view_chosen, view_switch};
use crate::core::rules::draft::Field;
use crate::core::text::bytes;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct PayloadEditorProps {
    /// The payload (its Settings view is the session's).
    pub field: Field,
    pub name: AttrValue,
    pub label: AttrValue,
    pub help: AttrValue,
    /// The decoded JSON text.
    pub value: Text,
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Where the error is (line, column), for the gutter marker.
    #[prop_or_default]
    pub error_at: Option<(usize, usize)>,
    /// Why what Graph sent could not be decoded, if it could not.
    #[prop_or_default]
    pub load_problem: Option<AttrValue>,
    #[prop_or_default]
    pub dirty: bool,
    /// While a save runs: nothing can be typed.
    #[prop_or_default]
    pub readonly: bool,
    pub oninput: Callback<String>,
    pub onformat: Callback<()>,
}

/// How much of a payload the read-only preview shows while the editor loads.
const PREVIEW_BYTES: usize = 64 * 1024;

#[derive(Clone, PartialEq)]
enum Editor {
    Loading,
    Ready,
    /// The module could not be imported: a plain text area, and why.
    Plain(AttrValue),
}

/// The view and the value wasm last rendered. A render may still carry the value from before the
/// view's text arrived: only a value that changed since the last render, and is not the view's
/// own text coming back, replaces the view's text.
#[derive(Default)]
struct Live {
    mounted: Option<Mounted>,
    rendered: AttrValue,
    /// The value of the last render, shown or not (the JSON view mounts with it).
    latest: AttrValue,
    oninput: Callback<String>,
}

#[function_component]
pub fn PayloadEditor(props: &PayloadEditorProps) -> Html {
    let module = use_context::<EditorModule>().unwrap_or_default();
    let host = use_node_ref();
    let editor = use_state(|| Editor::Loading);
    let live = use_mut_ref(Live::default);
    live.borrow_mut().oninput = props.oninput.clone();
    let ids = Ids::of(&props.name);
    // The Settings view or the JSON view: both edit the one text; the choice is kept per browser.
    let settings = use_state(settings_view_chosen);

    // Import the module once, then mount the view into `host`, holding the current value.
    {
        let (host, editor, live, name) = (host.clone(), editor.clone(), live.clone(), props.name.clone());
        use_effect_with((), move |_| {
            let alive = Rc::new(std::cell::Cell::new(true));
            {
                let (alive, live) = (alive.clone(), live.clone());
                wasm_bindgen_futures::spawn_local(async move {
                    let loaded = codemirror::load(&module.0).await;
                    // Each view is made in a task of its own, not in the one that rendered the
                    // form: no single task does both.
                    gloo_timers::future::TimeoutFuture::new(0).await;
                    let Some(parent) = host.cast::<web_sys::Element>().filter(|_| alive.get()) else { return };
                    match loaded {
                        Ok(module) => {
                            mount(&module, &parent, &name, &live);
                            editor.set(Editor::Ready);
                            super::clock::mark_once("editor-usable");
                        }
                        Err(why) => editor.set(Editor::Plain(why.into())),
                    }
                });
            }
            move || {
                alive.set(false);
                live.borrow_mut().mounted = None;
            }
        });
    }
    // A new value from wasm replaces the view's text; the view's own text coming back does not.
    // While the Settings view is shown, the hidden JSON view catches up only when shown again.
    {
        let live = live.clone();
        let (value, hidden) = (props.value.0.clone(), *settings);
        use_effect(move || {
            let mut live = live.borrow_mut();
            live.latest = value.clone();
            if !hidden && !bytes::same(&live.rendered, &value) {
                live.rendered = value.clone();
                if let Some(m) = &live.mounted {
                    m.show(&value);
                }
            }
        });
    }
    {
        let live = live.clone();
        let problem = (props.error.clone(), props.error_at, props.readonly, *editor == Editor::Ready);
        use_effect_with(problem, move |(error, at, readonly, _)| {
            if let Some(m) = &live.borrow().mounted {
                let (line, column) = at.unwrap_or((0, 0));
                m.view.set_problem(error.as_deref(), line, column);
                m.view.set_read_only(*readonly);
            }
        });
    }

    let onformat = props.onformat.reform(|_: MouseEvent| ());
    let body = match &*editor {
        _ if *settings => html! {
            <SettingsTree field={props.field} label={props.label.clone()} readonly={props.readonly}
                error={props.error_at.and(props.error.clone())} />
        },
        Editor::Loading => preview(&props.value, &ids),
        Editor::Ready => Html::default(),
        Editor::Plain(why) => plain(props, &ids, why),
    };
    html! {
        <section class={classes!("field", "payload", props.dirty.then_some("dirty"), props.error.is_some().then_some("invalid"))}>
            <div class="payload-head">
                <label id={ids.label.clone()} for={props.name.clone()}>{ props.label.clone() }</label>
                { view_switch(&settings) }
                <span class="size">{ format!("{} bytes", props.value.len()) }</span>
                <button type="button" onclick={onformat} disabled={props.error.is_some() || props.readonly}>{ "Format" }</button>
            </div>
            <p class="help" id={ids.help.clone()}>{ props.help.clone() }</p>
            { props.load_problem.as_ref().map(|p| html! { <p class="field-warning">{ p.clone() }</p> }).unwrap_or_default() }
            { body }
            <div class="code-editor" ref={host} hidden={*editor != Editor::Ready || *settings} />
            <p class="field-error" id={ids.error.clone()} aria-live="polite">{ props.error.clone().unwrap_or_default() }</p>
            <Encoded label={props.label.clone()} name={props.name.clone()} value={props.value.clone()} />
        </section>
    }
}

/// The ids that tie the label, the help and the error to the editor.
struct Ids {
    label: AttrValue,
    help: AttrValue,
    error: AttrValue,
}

impl Ids {
    fn of(name: &str) -> Ids {
        Ids {
            label: format!("{name}-label").into(),
            help: format!("{name}-help").into(),
            error: format!("{name}-error").into(),
        }
    }

    fn described_by(&self) -> String {
        format!("{} {}", self.help, self.error)
    }
}

/// Mounts the view holding the latest value (`Live::rendered`, kept by the render effect).
fn mount(module: &codemirror::CodeMirrorModule, parent: &web_sys::Element, name: &str, live: &Rc<RefCell<Live>>) {
    let ids = Ids::of(name);
    let names = Names { name, labelled_by: &ids.label, described_by: &ids.described_by() };
    let on_change = {
        let live = live.clone();
        move |text: String| {
            let oninput = live.borrow().oninput.clone();
            oninput.emit(text);
        }
    };
    let value = live.borrow().latest.clone();
    live.borrow_mut().rendered = value.clone();
    let mounted = Mounted::new(module, parent, names, &value, on_change);
    live.borrow_mut().mounted = Some(mounted);
}

/// The payload as read-only text while the editor loads (the first 64 KB of a large one).
fn preview(value: &str, ids: &Ids) -> Html {
    let shown = if value.len() > PREVIEW_BYTES {
        let end = (0..=PREVIEW_BYTES).rev().find(|&i| value.is_char_boundary(i)).unwrap_or(0);
        format!("{}\n… ({} more bytes when the editor has loaded)", &value[..end], value.len() - end)
    } else {
        value.to_string()
    };
    html! {
        <pre class="code payload-preview" aria-labelledby={ids.label.clone()} aria-busy="true">{ shown }</pre>
    }
}

/// A plain text area when the editor module could not be loaded.
fn plain(props: &PayloadEditorProps, ids: &Ids, why: &str) -> Html {
    let oninput = props.oninput.reform(|e: InputEvent| event_text(&e));
    let lines = props.value.lines().count().clamp(6, 24);
    html! {
        <>
            <p class="field-warning">{ format!("The code editor could not be loaded ({why}); the payload is edited as plain text. Reload the page to try again.") }</p>
            <textarea id={props.name.clone()} name={props.name.clone()} class="code" spellcheck="false" readonly={props.readonly}
                rows={lines.to_string()} value={props.value.0.clone()} aria-invalid={props.error.is_some().to_string()}
                aria-describedby={ids.described_by()} {oninput} />
        </>
    }
}
