//! `use_editor_session`: runs one `core::session::Session` in the page. Actions are applied in
//! order, one at a time (an action an effect sends while another is applied waits in a queue);
//! the effects run against `Rc<dyn GraphApi>` and `Rc<dyn DraftStore>`, and their results come
//! back as actions. The state is updated in place (no clone per keystroke) and the page renders
//! once per batch. Also here: the inputs no click makes — other tabs' saves (the `storage`
//! event), the page being hidden (a write still waiting happens then) — and the "leave the
//! page?" question.

use super::draft_store::{self, DraftStore, KeptDrafts};
use super::listen;
use super::AuthSession;
use crate::core::kept_drafts::SavedSignal;
use crate::core::session::{Action, Effect, Moment, Session};
use crate::graph::{GraphApi, GraphHandle};
use gloo_timers::callback::Timeout;
use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use yew::prelude::*;

/// The session of the open configuration, shared through context: read it, dispatch to it.
#[derive(Clone)]
pub struct SessionHandle {
    runner: Rc<Runner>,
    /// Bumped after every batch of actions, so components that read the session re-render.
    version: u64,
}

impl PartialEq for SessionHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.runner, &other.runner) && self.version == other.version
    }
}

impl SessionHandle {
    pub fn state(&self) -> Ref<'_, Session> {
        self.runner.state.borrow()
    }

    pub fn dispatch(&self, action: Action) {
        self.runner.dispatch(action);
    }

    /// A callback that dispatches what `f` makes of its input.
    pub fn reform<T: 'static>(&self, f: impl Fn(T) -> Action + 'static) -> Callback<T> {
        let runner = self.runner.clone();
        Callback::from(move |input| runner.dispatch(f(input)))
    }
}

/// The session of the open configuration; provided by `EditorPage`.
#[hook]
pub fn use_session() -> SessionHandle {
    use_context::<SessionHandle>().expect("use_session must be called inside EditorPage")
}

struct Runner {
    id: String,
    state: RefCell<Session>,
    queue: RefCell<VecDeque<Action>>,
    applying: Cell<bool>,
    graph: Rc<dyn GraphApi>,
    store: Rc<dyn DraftStore>,
    /// Counts countdowns started or cancelled: a countdown whose number is no longer current stops.
    countdown: Cell<u64>,
    persist_timer: RefCell<Option<Timeout>>,
    version: Cell<u64>,
    rerender: RefCell<Option<Callback<u64>>>,
    me: Weak<Runner>,
}

fn moment() -> Moment {
    Moment { now_ms: js_sys::Date::now(), jitter: js_sys::Math::random() }
}

impl Runner {
    fn clone_id(&self) -> String {
        self.id.clone()
    }

    fn dispatch(&self, action: Action) {
        self.queue.borrow_mut().push_back(action);
        if self.applying.replace(true) {
            return;
        }
        loop {
            let Some(action) = self.queue.borrow_mut().pop_front() else { break };
            let session = std::mem::take(&mut *self.state.borrow_mut());
            let (session, effects) = session.apply(action);
            *self.state.borrow_mut() = session;
            for effect in effects {
                self.run(effect);
            }
        }
        self.applying.set(false);
        self.version.set(self.version.get() + 1);
        let rerender = self.rerender.borrow().clone();
        if let Some(rerender) = rerender {
            rerender.emit(self.version.get());
        }
    }

    /// Runs `task` and dispatches the action it ends with, unless the page has gone.
    fn spawn(&self, task: impl std::future::Future<Output = Action> + 'static) {
        let me = self.me.clone();
        yew::platform::spawn_local(async move {
            let action = task.await;
            if let Some(runner) = me.upgrade() {
                runner.dispatch(action);
            }
        });
    }

    fn run(&self, effect: Effect) {
        let (graph, id) = (self.graph.clone(), self.id.clone());
        match effect {
            Effect::Load | Effect::Recheck | Effect::Reread => self.spawn(async move {
                let result = graph.get(&id).await;
                Action::Fetched { result, at: moment() }
            }),
            Effect::Send(plan) => self.spawn(async move {
                let result = graph.save(&id, *plan).await;
                Action::Sent { result, at: moment() }
            }),
            Effect::WaitRetry { until_ms } => {
                let number = self.countdown.get() + 1;
                self.countdown.set(number);
                let me = self.me.clone();
                yew::platform::spawn_local(async move {
                    loop {
                        let Some(runner) = me.upgrade().filter(|r| r.countdown.get() == number) else { return };
                        let now_ms = js_sys::Date::now();
                        if now_ms >= until_ms {
                            return runner.dispatch(Action::RetryDue);
                        }
                        runner.dispatch(Action::Tick { now_ms });
                        drop(runner);
                        gloo_timers::future::TimeoutFuture::new((until_ms - now_ms).min(250.0) as u32).await;
                    }
                });
            }
            Effect::CancelRetry => self.countdown.set(self.countdown.get() + 1),
            Effect::LookForKept { prefix } => self.dispatch(Action::KeptFound {
                candidates: self.store.candidates(&prefix),
                live_tabs: self.store.live_tabs(),
            }),
            Effect::SchedulePersist { ms } => {
                let me = self.me.clone();
                *self.persist_timer.borrow_mut() = Some(Timeout::new(ms, move || {
                    if let Some(runner) = me.upgrade() {
                        runner.dispatch(Action::PersistDue { now: draft_store::now() });
                    }
                }));
            }
            Effect::PersistDraft { key, saved } => {
                if self.store.write(&key, &saved).is_err() {
                    self.dispatch(Action::PersistFailed);
                }
            }
            Effect::ForgetDraft { key } => self.store.remove(&key),
            Effect::AnnounceSaved { key, tab } => {
                self.store.announce(&key, &SavedSignal { tab, saved_at: draft_store::now() })
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
    let version = use_state(|| 0u64);
    let runner = use_memo((id.clone(), graph.clone(), kept.store.as_ref() as *const dyn DraftStore as *const ()), {
        let store = kept.store.clone();
        move |(id, graph, _)| {
            Rc::new_cyclic(|me| Runner {
                id: id.to_string(),
                state: RefCell::new(Session::new(id, graph.retry)),
                queue: RefCell::default(),
                applying: Cell::new(false),
                graph: graph.api.clone(),
                store,
                countdown: Cell::new(0),
                persist_timer: RefCell::new(None),
                version: Cell::new(0),
                rerender: RefCell::new(None),
                me: me.clone(),
            })
        }
    });
    *runner.rerender.borrow_mut() = Some(Callback::from({
        let version = version.setter();
        move |v| version.set(v)
    }));
    {
        let runner = (*runner).clone();
        let (owner, tab) = (kept.owner.clone(), kept.tab.clone());
        use_effect_with((id.clone(), owner.clone(), signed_in), move |_| runner.dispatch(Action::Open { owner, tab }));
    }
    // Another tab saved this configuration: the session offers a reload.
    {
        let runner = (*runner).clone();
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
        let runner = (*runner).clone();
        use_effect_with(runner.clone_id(), move |_| {
            listen("pagehide", move |_: web_sys::Event| runner.dispatch(Action::PersistDue { now: draft_store::now() }))
        });
    }
    let handle = SessionHandle { runner: (*runner).clone(), version: *version };
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
