//! `use_editor_session`: runs one `core::session::Session` in the page (through
//! `app::machine`): its effects against `Rc<dyn GraphApi>` and `Rc<dyn DraftStore>`, with
//! their results dispatched back as actions. Also here: the inputs no click makes — other tabs'
//! saves (the `storage` event), the page being hidden (a write still waiting happens then) —
//! and the "leave the page?" question.

use super::draft_store::{self, KeptDrafts};
use super::listen;
use super::machine::{use_machine, Countdown, Handle, Runner};
use super::AuthSession;
use crate::core::kept_drafts::SavedSignal;
use crate::core::session::{Action, Effect, Moment, Session};
use crate::graph::{GraphApi, GraphHandle};
use gloo_timers::callback::Timeout;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// The session of the open configuration, shared through context.
pub type SessionHandle = Handle<Session>;

/// The session of the open configuration; provided by `EditorPage`.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("use_session must be called inside EditorPage")
}

/// Where the choice to save without the review is kept, in this browser.
const SKIP_REVIEW_KEY: &str = "office-policy-editor.save-without-review";

/// Whether Save shows the review first (the default), as chosen in this browser.
pub fn reviews_first() -> bool {
    draft_store::storage().and_then(|s| s.get_item(SKIP_REVIEW_KEY).ok().flatten()).as_deref() != Some("true")
}

/// Keeps the choice for this browser.
pub fn set_reviews_first(on: bool) {
    if let Some(s) = draft_store::storage() {
        let _ = if on { s.remove_item(SKIP_REVIEW_KEY) } else { s.set_item(SKIP_REVIEW_KEY, "true") };
    }
}

pub(crate) fn moment() -> Moment {
    Moment { now_ms: js_sys::Date::now(), jitter: js_sys::Math::random() }
}

/// The runner of one session's effects.
fn runner(id: String, graph: &GraphHandle, kept: &KeptDrafts) -> Rc<Runner<Session>> {
    let store = kept.store.clone();
    let api: Rc<dyn GraphApi> = graph.api.clone();
    let countdown = Countdown::default();
    let persist_timer = Rc::new(RefCell::new(None::<Timeout>));
    // Learnt per Graph and tenant, kept in this browser.
    let tenant = kept.owner.as_ref().map_or("-", |o| o.tenant.as_str());
    let streams_key = format!("office-policy-editor.streams-separately/{}/{tenant}", graph.base_url);
    let separately = draft_store::storage().and_then(|s| s.get_item(&streams_key).ok().flatten()).is_some();
    let session = Session::new(&id, graph.retry)
        .apply(Action::ReviewFirst(reviews_first()))
        .0
        .apply(Action::StreamsSeparately(separately))
        .0;
    Runner::new(session, move |runner: &Runner<Session>, effect| {
        let (api, id) = (api.clone(), id.clone());
        match effect {
            Effect::Load | Effect::Recheck | Effect::Reread => runner.spawn(async move {
                let result = api.get(&id).await;
                // Reading a big entity and showing it are two tasks, not one long one.
                gloo_timers::future::TimeoutFuture::new(0).await;
                Action::Fetched { result, at: moment() }
            }),
            Effect::Send(plan) => runner.spawn(async move {
                let result = api.save(&id, *plan).await;
                Action::Sent { result, at: moment() }
            }),
            Effect::WaitRetry { until_ms } => {
                countdown.start(runner, until_ms, |now_ms| Action::Tick { now_ms }, || Action::RetryDue)
            }
            Effect::CancelRetry => countdown.cancel(),
            Effect::LookForKept { prefix } => runner
                .dispatch(Action::KeptFound { candidates: store.candidates(&prefix), live_tabs: store.live_tabs() }),
            Effect::SchedulePersist { ms } => {
                let weak = runner.weak();
                *persist_timer.borrow_mut() = Some(Timeout::new(ms, move || {
                    if let Some(runner) = weak.upgrade() {
                        runner.dispatch(Action::PersistDue { now: draft_store::now() });
                    }
                }));
            }
            Effect::PersistDraft { key, saved } => {
                if store.write(&key, &saved).is_err() {
                    runner.dispatch(Action::PersistFailed);
                }
            }
            Effect::ForgetDraft { key } => store.remove(&key),
            Effect::AnnounceSaved { key, tab } => {
                store.announce(&key, &SavedSignal { tab, saved_at: draft_store::now() })
            }
            Effect::RememberStreamsSeparately => {
                if let Some(s) = draft_store::storage() {
                    let _ = s.set_item(&streams_key, "true");
                }
            }
        }
    })
}

/// Opens configuration `id` in a session, reads it, and reads it again when the signed-in
/// account changes.
#[hook]
pub fn use_editor_session(id: &AttrValue) -> SessionHandle {
    let graph = use_context::<GraphHandle>().expect("the editor needs a GraphHandle context");
    let kept = use_context::<KeptDrafts>().expect("the editor needs a KeptDrafts context");
    let signed_in = use_context::<AuthSession>().unwrap_or(AuthSession(0));
    let store_ptr = Rc::as_ptr(&kept.store) as *const ();
    let handle = use_machine((id.clone(), graph.clone(), store_ptr), {
        let kept = kept.clone();
        move |(id, graph, _)| runner(id.to_string(), graph, &kept)
    });
    {
        let runner = handle.runner();
        let (owner, tab) = (kept.owner.clone(), kept.tab.clone());
        use_effect_with((id.clone(), owner.clone(), signed_in), move |_| runner.dispatch(Action::Open { owner, tab }));
    }
    // Another tab saved this configuration: the session offers a reload.
    {
        let runner = handle.runner();
        let watched = kept.owner.as_ref().map(|o| o.saved_key(id));
        use_effect_with(watched, move |watched| {
            let watched = watched.clone();
            listen("storage", move |e: web_sys::StorageEvent| {
                if e.key().is_some() && e.key() == watched {
                    if let Some(signal) = e.new_value().as_deref().and_then(SavedSignal::from_json) {
                        runner.dispatch(Action::SavedElsewhere { tab: signal.tab, at: signal.saved_at });
                    }
                }
            })
        });
    }
    // The page is going (a sign-in redirect, a closed tab): a write still waiting happens now.
    {
        let runner = handle.runner();
        use_effect_with(id.clone(), move |_| {
            listen("pagehide", move |_: web_sys::Event| runner.dispatch(Action::PersistDue { now: draft_store::now() }))
        });
    }
    // Ctrl+S (⌘S) saves, as in every editor.
    {
        let runner = handle.runner();
        use_effect_with(id.clone(), move |_| {
            listen("keydown", move |e: KeyboardEvent| {
                if (e.ctrl_key() || e.meta_key()) && e.key().eq_ignore_ascii_case("s") {
                    e.prevent_default();
                    runner.dispatch(Action::Save);
                }
            })
        });
    }
    // Leaving with unsaved edits asks first, except when the page leaves for a sign-in redirect.
    use_effect_with(handle.state().editor.has_changes(), move |has_changes| {
        let guard = has_changes.then(|| {
            listen("beforeunload", |e: web_sys::BeforeUnloadEvent| {
                let window = web_sys::window().expect("a window");
                let redirecting =
                    js_sys::Reflect::get(&window, &"__msalRedirecting".into()).ok().is_some_and(|v| v.is_truthy());
                if !redirecting {
                    e.prevent_default();
                    e.set_return_value("You have unsaved edits.");
                }
            })
        });
        move || guard.map_or((), |stop| stop())
    });
    handle
}
