//! `use_editor_session`: runs one `core::pages::session::Session` in the page (through
//! `app::machine`): its effects against `Rc<dyn GraphApi>` and `Rc<dyn DraftStore>`, with
//! their results dispatched back as actions. Also here: the inputs no click makes — other tabs'
//! saves (the `storage` event), the page being hidden (a write still waiting happens then) —
//! and the "leave the page?" question.

use super::clock::{self, moment};
use super::context::listen;
use super::context::AuthSession;
use super::draft_store::{self, DraftStore, KeptDrafts};
use super::machine::{use_machine, Countdown, Handle, Runner};
use crate::core::pages::session::{Action, Effect, Session};
use crate::core::pages::settings_view::{TreeAction, TreeEffect};
use crate::core::pages::Machine;
use crate::core::rules::kept_drafts::SavedSignal;
use crate::graph::{GraphApi, GraphHandle};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, RefCell};
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

/// The runner of one session's effects.
fn runner(id: String, graph: &GraphHandle, kept: &KeptDrafts) -> Rc<Runner<Session>> {
    let store = kept.store.clone();
    let api: Rc<dyn GraphApi> = graph.api.clone();
    let countdown = Countdown::default();
    let persist_timer = Rc::new(RefCell::new(None::<Timeout>));
    let writes = PendingWrite::new(store.clone());
    // Learnt per Graph and tenant, kept in this browser.
    let tenant = kept.owner.as_ref().map_or("-", |o| o.tenant.as_str());
    let streams_key = format!("office-policy-editor.streams-separately/{}/{tenant}", graph.base_url);
    let separately = draft_store::storage().and_then(|s| s.get_item(&streams_key).ok().flatten()).is_some();
    let session = Session::new(&id, &graph.base_url, graph.retry)
        .apply(Action::ReviewFirst(reviews_first()))
        .0
        .apply(Action::StreamsSeparately(separately))
        .0;
    let watched = writes.clone();
    let runner = Runner::new(session, move |runner: &Runner<Session>, effect| {
        let (api, id) = (api.clone(), id.clone());
        match effect {
            Effect::Load | Effect::Recheck | Effect::Reread => runner.spawn(async move {
                // The page's first load may have been read already, while its code arrived.
                let ahead = if effect == Effect::Load { super::prefetch::take(&api, &id) } else { None };
                let result = match ahead {
                    Some(answer) => answer.await,
                    None => api.get(&id).await,
                };
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
                        runner.dispatch(Action::PersistDue { now: clock::now() });
                    }
                }));
            }
            Effect::PersistDraft { key, saved } => {
                // The draft's JSON now; the write, the browser's slow part, in a task of its own.
                writes.keep(key, saved.to_json(), runner);
            }
            // Storage changes in the order the session asked for them.
            Effect::ForgetDraft { key } => {
                writes.flush(runner);
                store.remove(&key)
            }
            Effect::AnnounceSaved { key, tab } => {
                writes.flush(runner);
                store.announce(&key, &SavedSignal { tab, saved_at: clock::now() })
            }
            // The browser paints and takes input between two slices of a Settings view's work.
            Effect::Settings { field, effect: TreeEffect::Breathe(number) } => runner.spawn(async move {
                gloo_timers::future::TimeoutFuture::new(0).await;
                Action::Settings { field, action: TreeAction::Step(number) }
            }),
            Effect::RememberStreamsSeparately => {
                if let Some(s) = draft_store::storage() {
                    let _ = s.set_item(&streams_key, "true");
                }
            }
        }
    });
    watched.watch(&runner);
    runner
}

/// The draft write the session asked for last, not yet done: a draft of megabytes is turned into
/// JSON in one task and written in the next, so neither is one long task.
struct PendingWrite {
    store: Rc<dyn DraftStore>,
    write: RefCell<Option<(String, String)>>,
    timer: RefCell<Option<Timeout>>,
    /// The page is going (`pagehide`): every write happens at once.
    going: Cell<bool>,
    /// Stops the `pagehide` listener that writes what is waiting when the page goes.
    on_hide: RefCell<Option<Box<dyn FnOnce()>>>,
}

/// The session is gone (the editor closed, another page opened): what is waiting is written now,
/// not lost, and not later over a draft written since.
impl Drop for PendingWrite {
    fn drop(&mut self) {
        if let Some((key, json)) = self.write.get_mut().take() {
            let _ = self.store.write(&key, &json);
        }
        if let Some(stop) = self.on_hide.get_mut().take() {
            stop();
        }
    }
}

impl PendingWrite {
    fn new(store: Rc<dyn DraftStore>) -> Rc<PendingWrite> {
        Rc::new(PendingWrite {
            store,
            write: RefCell::default(),
            timer: RefCell::default(),
            going: Cell::new(false),
            on_hide: RefCell::default(),
        })
    }

    /// From now on, when the page goes, what is waiting is written, and so is every later write
    /// (the session's own `pagehide` handler asks for one).
    fn watch(self: &Rc<Self>, runner: &Runner<Session>) {
        let (waiting, weak) = (Rc::downgrade(self), runner.weak());
        let stop = listen("pagehide", move |_: web_sys::Event| {
            if let (Some(writes), Some(runner)) = (waiting.upgrade(), weak.upgrade()) {
                writes.going.set(true);
                writes.flush(&runner);
            }
        });
        *self.on_hide.borrow_mut() = Some(Box::new(stop));
    }

    /// Writes `json` under `key` in a task of its own (at once while the page is going); a write
    /// of the same key still waiting is replaced, the newer draft being the one to keep.
    fn keep(self: &Rc<Self>, key: String, json: String, runner: &Runner<Session>) {
        if self.write.borrow().as_ref().is_some_and(|(waiting, _)| *waiting != key) {
            self.flush(runner);
        }
        *self.write.borrow_mut() = Some((key, json));
        if self.going.get() {
            return self.flush(runner);
        }
        let (waiting, weak) = (Rc::downgrade(self), runner.weak());
        *self.timer.borrow_mut() = Some(Timeout::new(0, move || {
            if let (Some(writes), Some(runner)) = (waiting.upgrade(), weak.upgrade()) {
                writes.write(&runner);
            }
        }));
    }

    /// Writes now what is waiting, and cancels its timer.
    fn flush(&self, runner: &Runner<Session>) {
        self.timer.borrow_mut().take();
        self.write(runner);
    }

    fn write(&self, runner: &Runner<Session>) {
        let write = self.write.borrow_mut().take();
        if let Some((key, json)) = write {
            if self.store.write(&key, &json).is_err() {
                runner.dispatch(Action::PersistFailed);
            }
        }
    }
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
            listen("pagehide", move |_: web_sys::Event| runner.dispatch(Action::PersistDue { now: clock::now() }))
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
