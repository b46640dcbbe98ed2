//! Helpers that let browser tests read as a story: mount, type, click, wait, see.

#![allow(dead_code)]

pub mod fake_graph;

use gloo_timers::future::TimeoutFuture;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

/// A fresh element in `<body>` for one test; removed when dropped.
/// A root element in the page, and (once an app is rendered into it) how to destroy that app:
/// dropping the mount ends the app, so nothing of one test (a timer, a kept draft being written)
/// runs on into the next.
pub struct Mount(pub Element, Option<Box<dyn FnOnce()>>);

impl Mount {
    pub fn new() -> Mount {
        // Kept drafts of an earlier test must not be offered to this one.
        web_sys::window().unwrap().local_storage().unwrap().unwrap().clear().unwrap();
        let document = gloo_utils_document();
        let root = document.create_element("div").unwrap();
        document.body().unwrap().append_child(&root).unwrap();
        Mount(root, None)
    }

    /// The app rendered into this mount, destroyed when the mount is dropped.
    pub fn owns_app<C: yew::BaseComponent>(&mut self, app: yew::AppHandle<C>) {
        self.1 = Some(Box::new(move || app.destroy()));
    }

    /// The first element matching `selector` inside this mount.
    pub fn find(&self, selector: &str) -> Option<Element> {
        self.0.query_selector(selector).unwrap()
    }

    /// The control for a Graph property path.
    pub fn control(&self, name: &str) -> Element {
        self.find(&format!("[name=\"{name}\"]")).unwrap_or_else(|| panic!("no control named {name}"))
    }

    /// The current value of the control for a property path (a payload editor reads like a
    /// text area: its `value` is its text).
    pub fn value_of(&self, name: &str) -> String {
        let el = self.control(name);
        js_sys::Reflect::get(&el, &"value".into()).unwrap().as_string().unwrap_or_default()
    }

    /// Types a whole new value into the input or text area for a property path, as the admin
    /// would.
    pub fn type_into(&self, name: &str, value: &str) {
        let el = self.control(name);
        if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
            input.set_value(value);
        } else {
            el.dyn_ref::<HtmlTextAreaElement>()
                .expect("an input or a text area; a payload takes type_payload")
                .set_value(value);
        }
        fire(&el, "input");
    }

    /// Types a new value into an input and leaves it (its `change` fires), as a number box
    /// of the Settings view takes it.
    pub fn change_to(&self, name: &str, value: &str) {
        self.type_into(name, value);
        fire(&self.control(name), "change");
    }

    /// Types into any control: an input, a text area or a payload editor.
    pub async fn enter(&self, name: &str, value: &str) {
        let el = self.control(name);
        if el.has_type::<HtmlInputElement>() || el.has_type::<HtmlTextAreaElement>() {
            self.type_into(name, value);
        } else {
            self.type_payload(name, value).await;
        }
    }

    /// Types a whole new text into a payload editor (CodeMirror's contenteditable) through the
    /// browser's editing commands, as the keyboard does: focus, select all, insert the text; then
    /// the admin moves on (the editor hands its text over when it loses focus).
    pub async fn type_payload(&self, name: &str, value: &str) {
        let editable: HtmlElement = self.control(name).dyn_into().expect("an editable element");
        editable.focus().unwrap();
        exec_command("selectAll", "");
        exec_command(if value.is_empty() { "delete" } else { "insertText" }, value);
        // The editor reads what the browser changed in its DOM on the next frame.
        let read = until(|| self.value_of(name) == value).await;
        assert!(read, "{name} never took the text typed: it holds {:?}", self.value_of(name));
        self.blur(name);
    }

    /// Moves the focus out of `name`.
    pub fn blur(&self, name: &str) {
        let editable: HtmlElement = self.control(name).dyn_into().expect("an editable element");
        editable.blur().unwrap();
        // A test page may not have the window's focus, and then no blur event fires.
        fire(&editable, "blur");
    }

    /// Types `text` into the payload editor `name` just after the first `after` in its shown
    /// text (within one highlighted token), as a person who clicked there would; no blur.
    pub async fn type_payload_after(&self, name: &str, after: &str, text: &str) {
        let editable: HtmlElement = self.control(name).dyn_into().expect("an editable element");
        editable.focus().unwrap();
        let walker = gloo_utils_document().create_tree_walker_with_what_to_show(&editable, 4).unwrap();
        let (node, at) = std::iter::from_fn(|| walker.next_node().unwrap())
            .find_map(|node| {
                let data = node.text_content().unwrap_or_default();
                data.find(after).map(|i| (node, data[..i + after.len()].encode_utf16().count() as u32))
            })
            .unwrap_or_else(|| panic!("{after:?} is not shown in {name}"));
        web_sys::window().unwrap().get_selection().unwrap().unwrap().collapse_with_offset(Some(&node), at).unwrap();
        let before = self.value_of(name);
        exec_command("insertText", text);
        let read = until(|| self.value_of(name).len() == before.len() + text.len()).await;
        assert!(read, "{name} never took {text:?}: it holds {:?}", self.value_of(name));
    }

    /// Ticks or unticks a checkbox.
    pub fn set_checked(&self, name: &str, checked: bool) {
        let el = self.control(name);
        el.dyn_ref::<HtmlInputElement>().unwrap().set_checked(checked);
        fire(&el, "change");
    }

    /// Picks an option of a `<select>`, as the admin would.
    pub fn select(&self, name: &str, value: &str) {
        let el = self.control(name);
        el.dyn_ref::<web_sys::HtmlSelectElement>().expect("a select").set_value(value);
        fire(&el, "change");
    }

    pub fn click(&self, selector: &str) {
        self.find(selector)
            .unwrap_or_else(|| panic!("nothing matches {selector}"))
            .unchecked_into::<HtmlElement>()
            .click();
    }

    /// Shows the check-in rows' controls (the report is read-only by default).
    pub async fn edit_checkins(&self) {
        self.click("[data-action=edit-checkins]");
        self.wait_for("the check-in controls", |m| {
            m.find("[name=\"checkinStatuses.0.deviceName\"], .checkin-edit").is_some()
        })
        .await;
    }

    /// Clicks the button whose text is `text`.
    pub fn click_button(&self, text: &str) {
        let buttons = self.0.query_selector_all("button").unwrap();
        for i in 0..buttons.length() {
            let b: HtmlElement = buttons.item(i).unwrap().unchecked_into();
            if b.text_content().unwrap_or_default().trim() == text {
                b.click();
                return;
            }
        }
        panic!("no button {text:?}");
    }

    pub fn is_disabled(&self, selector: &str) -> bool {
        self.find(selector).unwrap_or_else(|| panic!("nothing matches {selector}")).has_attribute("disabled")
    }

    pub fn text(&self) -> String {
        self.0.text_content().unwrap_or_default()
    }

    /// The text of the first element matching `selector`, or "".
    pub fn text_of(&self, selector: &str) -> String {
        self.find(selector).and_then(|e| e.text_content()).unwrap_or_default()
    }

    /// Waits until `condition` holds, polling; fails the test after two seconds.
    pub async fn wait_for(&self, what: &str, condition: impl Fn(&Mount) -> bool) {
        if !until(|| condition(self)).await {
            panic!("timed out waiting for {what}; page text: {}", self.text());
        }
    }

    /// Waits until the page shows `text`.
    pub async fn see_text(&self, text: &str) {
        let wanted = text.to_string();
        self.wait_for(&format!("text {text:?}"), move |m| m.text().contains(&wanted)).await;
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        if let Some(destroy) = self.1.take() {
            destroy();
        }
        self.0.remove();
    }
}

/// Where the browser tests find the payload editor's module: scripts/test.sh bundles it into
/// target/js/, and wasm-bindgen-test-runner serves the crate's directory.
pub fn editor_module() -> office_policy_editor::app::EditorModule {
    office_policy_editor::app::EditorModule("/target/js/codemirror.js".into())
}

/// `document.execCommand`, as typing and selecting with the keyboard does.
pub fn exec_command(command: &str, value: &str) {
    let document = gloo_utils_document();
    let exec: js_sys::Function = js_sys::Reflect::get(&document, &"execCommand".into()).unwrap().unchecked_into();
    exec.call3(&document, &command.into(), &false.into(), &value.into()).unwrap();
}

fn gloo_utils_document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fire(el: &Element, kind: &str) {
    let init = EventInit::new();
    init.set_bubbles(true);
    let event = Event::new_with_event_init_dict(kind, &init).unwrap();
    el.dispatch_event(&event).unwrap();
}

/// Waits until `condition` holds (2 s at most, checking every 10 ms); whether it did.
pub async fn until(condition: impl Fn() -> bool) -> bool {
    for _ in 0..200 {
        if condition() {
            return true;
        }
        TimeoutFuture::new(10).await;
    }
    condition()
}
