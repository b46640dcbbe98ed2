//! The one modal frame every dialog is shown in: the backdrop, and everything outside it `inert`
//! while it is open, so Tab, clicks and screen readers stay in the dialog (the header behind an
//! open import cannot switch the account). It takes the focus when it opens — its default
//! action (`[data-autofocus]`, else an enabled `[data-action=confirm]`, so Enter in the review
//! saves), else its first field, else its first button — and gives it back to what had it when
//! it closes. Escape is each dialog's own (its cancel).

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ModalProps {
    pub children: Html,
}

/// Marks every element outside `node` (its siblings, its ancestors' siblings, up to `<body>`)
/// `inert`; returns those it marked, to be freed again.
fn make_inert(node: &NodeRef) -> Vec<web_sys::Element> {
    let mut marked = Vec::new();
    let Some(mut current) = node.cast::<web_sys::Element>() else { return marked };
    while let Some(parent) = current.parent_element() {
        let children = parent.children();
        for sibling in (0..children.length()).filter_map(|i| children.item(i)) {
            if sibling != current && !sibling.has_attribute("inert") {
                let _ = sibling.set_attribute("inert", "");
                marked.push(sibling);
            }
        }
        if parent.tag_name().eq_ignore_ascii_case("body") {
            break;
        }
        current = parent;
    }
    marked
}

/// Where the focus goes when a dialog opens, in order of preference.
const DEFAULT_FOCUS: [&str; 4] = [
    "[data-autofocus]",
    "[data-action=confirm]:not([disabled])",
    "input:not([type=hidden]):not([disabled]), select:not([disabled]), textarea:not([disabled])",
    "button:not([disabled]), [href], [tabindex]:not([tabindex='-1'])",
];

/// Focuses the first element of `within` that a selector of [`DEFAULT_FOCUS`] finds.
fn focus_default(within: &web_sys::Element) {
    use wasm_bindgen::JsCast;
    let found = DEFAULT_FOCUS.iter().find_map(|selector| within.query_selector(selector).ok().flatten());
    if let Some(element) = found.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = element.focus();
    }
}

#[function_component]
pub fn Modal(props: &ModalProps) -> Html {
    let backdrop = use_node_ref();
    // Read as it first renders, before the page behind changes (a disabled field loses focus).
    let opener = use_memo((), |_| super::focus::focused_or_last());
    {
        let backdrop = backdrop.clone();
        use_effect_with((), move |_| {
            let opener = (*opener).clone();
            let marked = make_inert(&backdrop);
            if let Some(element) = backdrop.cast::<web_sys::Element>() {
                focus_default(&element);
            }
            move || {
                for element in marked {
                    let _ = element.remove_attribute("inert");
                }
                // After the render that closed it: the page behind may have disabled the opener
                // while the dialog was open (the form during a review) and enables it then.
                if let Some(opener) = opener {
                    gloo_timers::callback::Timeout::new(0, move || {
                        if opener.is_connected() {
                            let _ = opener.focus();
                        }
                    })
                    .forget();
                }
            }
        });
    }
    html! { <div class="dialog-backdrop" ref={backdrop}>{ props.children.clone() }</div> }
}
