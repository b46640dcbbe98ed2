//! The one modal frame every dialog is shown in: the backdrop, and everything outside it `inert`
//! while it is open, so Tab, clicks and screen readers stay in the dialog (the header behind an
//! open import cannot switch the account).

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

#[function_component]
pub fn Modal(props: &ModalProps) -> Html {
    let backdrop = use_node_ref();
    {
        let backdrop = backdrop.clone();
        use_effect_with((), move |_| {
            let marked = make_inert(&backdrop);
            move || {
                for element in marked {
                    let _ = element.remove_attribute("inert");
                }
            }
        });
    }
    html! { <div class="dialog-backdrop" ref={backdrop}>{ props.children.clone() }</div> }
}
