//! `use_workspace`: runs `core::pages::workspace::Workspace` for the list page (through
//! `app::machine`): reads the list, creates, copies, deletes and reorders through `GraphApi`,
//! keeps search and sort in the URL, and remembers which `updatePriorities` spelling this
//! tenant's Graph takes.

use super::clock::moment;
use super::context::{AuthSession, Route};
use super::draft_store::{storage, KeptDrafts};
use super::machine::{use_machine, Countdown, Handle, Runner};
use crate::core::pages::workspace::{self, parse_query, Action, Effect, Workspace, UPDATE_PRIORITIES};
use crate::core::wire::body;
use crate::core::wire::response::{Created, GraphError};
use crate::graph::{GraphApi, GraphHandle};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

pub type WorkspaceHandle = Handle<Workspace>;

/// Where the spelling that worked is kept: per cloud and tenant, in this browser.
fn spelling_key(kept: &KeptDrafts) -> String {
    let (cloud, tenant) = kept.owner.as_ref().map_or(("-", "-"), |o| (o.cloud.as_str(), o.tenant.as_str()));
    format!("office-policy-editor.priorities/{cloud}/{tenant}")
}

/// The query part of the page's hash (`#/configurations?q=…`).
fn hash_query() -> String {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    hash.split_once('?').map(|(_, q)| q.to_string()).unwrap_or_default()
}

/// Keeps search and sort in the address without a new history entry.
fn set_hash_query(query: &str) {
    let url = if query.is_empty() { "#/configurations".to_string() } else { format!("#/configurations?{query}") };
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// A copy: the source read in full (its payloads), created anew, then its groups when asked.
async fn copy(
    api: Rc<dyn GraphApi>,
    source: String,
    name: String,
    priority: i64,
    groups: Option<Vec<String>>,
) -> Result<Created, GraphError> {
    let full = api.get(&source).await?;
    let assign = groups.filter(|g| !g.is_empty()).map(|g| body::assign_groups(&g));
    api.create_assigned(workspace::copy_body(&full, &name, priority), assign).await
}

fn runner(graph: &GraphHandle, kept: &KeptDrafts, navigator: Option<Navigator>) -> Rc<Runner<Workspace>> {
    let api = graph.api.clone();
    let key = spelling_key(kept);
    let remembered = storage().and_then(|s| s.get_item(&key).ok().flatten()).and_then(|v| v.parse().ok());
    let countdown = Countdown::default();
    Runner::new(Workspace::new(remembered, graph.retry), move |runner: &Runner<Workspace>, effect| {
        let api = api.clone();
        match effect {
            Effect::List => runner.spawn(async move {
                let result = api.list_rows().await;
                Action::Loaded { result, at: moment() }
            }),
            Effect::WaitRetry { until_ms } => {
                countdown.start(runner, until_ms, |now_ms| Action::Tick { now_ms }, || Action::RetryDue)
            }
            Effect::CancelRetry => countdown.cancel(),
            Effect::Create { body } => {
                runner.spawn(async move { Action::Created(api.create_assigned(body, None).await.map(Box::new)) })
            }
            Effect::Copy { source, name, priority, groups } => runner
                .spawn(async move { Action::Created(copy(api, source, name, priority, groups).await.map(Box::new)) }),
            Effect::Delete { id } => runner.spawn(async move {
                let result = api.delete(&id).await;
                Action::Deleted { id, result }
            }),
            Effect::UpdatePriorities { spelling, body } => runner.spawn(async move {
                let result = api.update_priorities(UPDATE_PRIORITIES[spelling.min(1)], body).await;
                Action::PrioritiesSaved { spelling, result }
            }),
            Effect::RememberSpelling(spelling) => {
                if let Some(s) = storage() {
                    let _ = s.set_item(&key, &spelling.to_string());
                }
            }
            Effect::Open(id) => {
                if let Some(n) = &navigator {
                    n.push(&Route::Editor { id });
                }
            }
            Effect::SetQuery(query) => set_hash_query(&query),
        }
    })
}

/// The list page's workspace: read at start and again after each sign-in.
#[hook]
pub fn use_workspace() -> WorkspaceHandle {
    let graph = use_context::<GraphHandle>().expect("the list needs a GraphHandle context");
    let kept = use_context::<KeptDrafts>().expect("the list needs a KeptDrafts context");
    let signed_in = use_context::<AuthSession>().unwrap_or(AuthSession(0));
    let navigator = use_navigator();
    let handle = use_machine((graph.clone(), kept.clone()), move |(graph, kept)| runner(graph, kept, navigator));
    {
        let runner = handle.runner();
        use_effect_with((signed_in, Rc::as_ptr(&runner) as *const ()), move |_| {
            let (search, sort) = parse_query(&hash_query());
            runner.dispatch(Action::Restore { search, sort });
            runner.dispatch(Action::Load);
        });
    }
    // The address is the truth: the header's link, Back and Forward show what it says (a search
    // typed before is dropped when the address has no `q`). Typing keeps the address with
    // `replaceState`, which the router does not hear, so this never undoes a keystroke.
    {
        let runner = handle.runner();
        // Each push (the header link) is a new entry with its own id, even to the same address.
        let location = use_location().map(|l| (l.id(), l.path().to_string(), l.query_str().to_string()));
        use_effect_with(location, move |_| {
            let (search, sort) = parse_query(&hash_query());
            runner.dispatch(Action::Restore { search, sort });
        });
    }
    handle
}
