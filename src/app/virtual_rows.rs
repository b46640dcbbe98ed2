//! The one virtual list of the app (the check-in report, the Settings tree): only the rows in
//! view and a few beyond are drawn, between two spacers that keep the scroll box its full
//! height. Which rows is `core::pages::report::window`'s to say; this hook sizes the spacers
//! (through CSSOM: the CSP forbids style attributes) and reads the scroll position.

use web_sys::HtmlElement;
use yew::prelude::*;

/// A list's row height (style.css keeps its rows at it), the rows in view, and the rows drawn
/// beyond them on each side.
#[derive(Clone, Copy, PartialEq)]
pub struct Geometry {
    pub row_px: usize,
    pub view_rows: usize,
    pub overscan: usize,
}

/// What a virtual list draws: the rows in `range`, between the `above` and `below` spacers,
/// in the `scroller` box, whose `onscroll` reports the first row in view.
pub struct VirtualRows {
    pub range: std::ops::Range<usize>,
    pub scroller: NodeRef,
    pub above: NodeRef,
    pub below: NodeRef,
    pub onscroll: Callback<Event>,
}

/// Sets an element's height.
fn set_height(node: &NodeRef, px: usize) {
    if let Some(e) = node.cast::<HtmlElement>() {
        // CSSOM, not a style attribute: the CSP allows the one, not the other.
        let _ = e.style().set_property("height", &format!("{px}px"));
    }
}

/// The rows of a list of `total` to draw when `first` is the first in view; `scrolled` hears
/// of a new first row as the box scrolls.
#[hook]
pub fn use_virtual_rows(total: usize, first: usize, geometry: Geometry, scrolled: Callback<usize>) -> VirtualRows {
    let (scroller, above, below) = (use_node_ref(), use_node_ref(), use_node_ref());
    let range = crate::core::pages::report::window(total, first, geometry.view_rows, geometry.overscan);
    {
        let (above, below) = (above.clone(), below.clone());
        let (top, bottom) = (range.start * geometry.row_px, (total - range.end) * geometry.row_px);
        use_effect_with((top, bottom), move |&(top, bottom)| {
            set_height(&above, top);
            set_height(&below, bottom);
        });
    }
    let onscroll = {
        let scroller = scroller.clone();
        Callback::from(move |_: Event| {
            let Some(e) = scroller.cast::<HtmlElement>() else { return };
            let now = e.scroll_top().max(0) as usize / geometry.row_px;
            if now != first {
                scrolled.emit(now);
            }
        })
    };
    VirtualRows { range, scroller, above, below, onscroll }
}
