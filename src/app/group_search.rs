//! A search of the directory's groups by name, debounced, whose matches are buttons
//! (`data-action` as given, `data-group-id`); used to add an assignment and to map a group of an
//! imported file. Where the tenant has not granted directory reads it shows nothing (the page
//! says why once).

use super::directory::use_directory;
use super::fields::event_text;
use crate::core::wire::directory::{Consent, DirectoryObject};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct GroupSearchProps {
    /// The search box's `name`, and its `id` unless `id` is given.
    pub name: AttrValue,
    #[prop_or_default]
    pub id: Option<AttrValue>,
    pub label: AttrValue,
    /// The matches' `data-action`.
    pub action: AttrValue,
    /// What a match's button says before the group's name.
    pub verb: AttrValue,
    pub onpick: Callback<DirectoryObject>,
}

#[derive(Clone, PartialEq)]
enum Found {
    Idle,
    Searching,
    Groups(Vec<DirectoryObject>),
    Failed(String),
}

#[function_component]
pub fn GroupSearch(props: &GroupSearchProps) -> Html {
    let directory = use_directory();
    let found = use_state(|| Found::Idle);
    let pending: Rc<RefCell<Option<Timeout>>> = use_mut_ref(|| None);
    if directory.consent() == Consent::Denied {
        return Html::default();
    }
    let oninput = {
        let (directory, found, pending) = (directory.clone(), found.clone(), pending.clone());
        Callback::from(move |e: InputEvent| {
            let typed = event_text(&e);
            let Some(text) = crate::core::wire::directory::search_text(&typed).map(str::to_string) else {
                pending.borrow_mut().take();
                found.set(Found::Idle);
                return;
            };
            let (directory, found) = (directory.clone(), found.clone());
            found.set(Found::Searching);
            // One search when typing pauses.
            *pending.borrow_mut() = Some(Timeout::new(crate::core::wire::directory::SEARCH_PAUSE_MS, move || {
                wasm_bindgen_futures::spawn_local(async move {
                    found.set(match directory.search_groups(&text).await {
                        Ok(groups) => Found::Groups(groups),
                        Err(e) => Found::Failed(format!("The search failed: {}", e.explained())),
                    });
                });
            }));
        })
    };
    let results = match &*found {
        Found::Idle => Html::default(),
        Found::Searching => html! { <p class="help" role="status">{ "Searching…" }</p> },
        Found::Failed(message) => html! { <p class="field-error" role="alert">{ message.clone() }</p> },
        Found::Groups(groups) if groups.is_empty() => {
            html! { <p class="help" role="status">{ "No group matches." }</p> }
        }
        Found::Groups(groups) => html! {
            <ul class="group-results">
                { for groups.iter().map(|g| {
                    let pick = { let (g, onpick) = (g.clone(), props.onpick.clone()); Callback::from(move |_: MouseEvent| onpick.emit(g.clone())) };
                    html! { <li><button type="button" data-action={props.action.clone()} data-group-id={g.id.clone()} onclick={pick}>
                        { format!("{} {}", props.verb, g.label()) }</button>{ " " }<code class="help">{ g.id.clone() }</code></li> }
                }) }
            </ul>
        },
    };
    let id = props.id.clone().unwrap_or_else(|| props.name.clone());
    html! {
        <div class="group-search">
            <label for={id.clone()}>{ props.label.clone() }</label>
            <input id={id} name={props.name.clone()} type="search" autocomplete="off"
                placeholder="Type 2 or more letters of a group name" {oninput} />
            { results }
        </div>
    }
}
