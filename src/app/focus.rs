//! Where the keyboard's focus goes as pages open: to the page's heading, so a screen reader
//! reads where the admin is and Tab starts at the top of the page; and to an element by
//! selector (the search's ↓ to the first row, the `/` shortcut).

use std::cell::RefCell;
use wasm_bindgen::JsCast;
use yew::prelude::*;

thread_local! {
    /// The element that last took the focus (not `<body>`).
    static LAST_FOCUSED: RefCell<Option<web_sys::HtmlElement>> = const { RefCell::new(None) };
}

/// Remembers, for as long as the app runs, which element last took the focus: a dialog that
/// opens after the page disabled that element (the form while Save checks for changes) gives
/// the focus back to it when it closes.
#[hook]
pub fn use_focus_memory() {
    use_effect_with((), |_| {
        super::context::listen("focusin", |e: web_sys::FocusEvent| {
            if let Some(target) = e.target_dyn_into::<web_sys::HtmlElement>() {
                LAST_FOCUSED.with(|last| *last.borrow_mut() = Some(target));
            }
        })
    });
}

/// What has the focus now, or — when nothing does (`<body>`) — what last had it.
pub fn focused_or_last() -> Option<web_sys::HtmlElement> {
    let document = web_sys::window()?.document()?;
    let now = document.active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    let body = document.body();
    match now.filter(|e| Some(e) != body.as_ref()) {
        Some(element) => Some(element),
        None => LAST_FOCUSED.with(|last| last.borrow().clone()),
    }
}

/// Focuses the first element `selector` finds, if any.
pub fn focus(selector: &str) {
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector(selector).ok().flatten())
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(e) = element {
        let _ = e.focus();
    }
}

/// A ref for the page's heading (give it `tabindex="-1"`), focused once `shown` is first true
/// for this `page` — not again when the page only renders anew.
#[hook]
pub fn use_heading_focus(page: AttrValue, shown: bool) -> NodeRef {
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((page, shown), move |(_, shown)| {
            if *shown {
                if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                    let _ = h.focus();
                }
            }
        });
    }
    heading
}
