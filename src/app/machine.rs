//! Runs a pure state machine of `core` (the editor session, the workspace) in a page. Actions
//! are applied in order, one at a time (an action an effect sends while another is applied
//! waits in a queue); the state is updated in place (no clone per keystroke); the page's effect
//! runner does the I/O and dispatches the results; the page renders once per batch.

use std::cell::{Cell, Ref, RefCell};
use std::collections::VecDeque;
use std::rc::{Rc, Weak};
use yew::prelude::*;

use crate::core::pages::Machine;

type EffectRunner<M> = Box<dyn Fn(&Runner<M>, <M as Machine>::Effect)>;

/// One machine and the runner of its effects.
pub struct Runner<M: Machine> {
    state: RefCell<M>,
    queue: RefCell<VecDeque<M::Action>>,
    applying: Cell<bool>,
    run: EffectRunner<M>,
    version: Cell<u64>,
    rerender: RefCell<Option<Callback<u64>>>,
    me: Weak<Runner<M>>,
}

impl<M: Machine> Runner<M> {
    pub fn new(initial: M, run: impl Fn(&Runner<M>, M::Effect) + 'static) -> Rc<Runner<M>> {
        Rc::new_cyclic(|me| Runner {
            state: RefCell::new(initial),
            queue: RefCell::default(),
            applying: Cell::new(false),
            run: Box::new(run),
            version: Cell::new(0),
            rerender: RefCell::new(None),
            me: me.clone(),
        })
    }

    pub fn dispatch(&self, action: M::Action) {
        self.queue.borrow_mut().push_back(action);
        if self.applying.replace(true) {
            return;
        }
        loop {
            let Some(action) = self.queue.borrow_mut().pop_front() else { break };
            let state = std::mem::take(&mut *self.state.borrow_mut());
            let (state, effects) = state.apply(action);
            *self.state.borrow_mut() = state;
            for effect in effects {
                (self.run)(self, effect);
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
    pub fn spawn(&self, task: impl std::future::Future<Output = M::Action> + 'static) {
        let me = self.me.clone();
        yew::platform::spawn_local(async move {
            let action = task.await;
            if let Some(runner) = me.upgrade() {
                runner.dispatch(action);
            }
        });
    }

    /// This runner, for timers and listeners that must not keep the page alive.
    pub fn weak(&self) -> Weak<Runner<M>> {
        self.me.clone()
    }

    pub fn state(&self) -> Ref<'_, M> {
        self.state.borrow()
    }
}

/// A machine shared through context: read it, dispatch to it.
pub struct Handle<M: Machine> {
    runner: Rc<Runner<M>>,
    /// Bumped after every batch of actions, so components that read the machine re-render.
    version: u64,
}

impl<M: Machine> Clone for Handle<M> {
    fn clone(&self) -> Self {
        Handle { runner: self.runner.clone(), version: self.version }
    }
}

impl<M: Machine> PartialEq for Handle<M> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.runner, &other.runner) && self.version == other.version
    }
}

impl<M: Machine> Handle<M> {
    pub fn state(&self) -> Ref<'_, M> {
        self.runner.state()
    }

    pub fn dispatch(&self, action: M::Action) {
        self.runner.dispatch(action);
    }

    pub fn runner(&self) -> Rc<Runner<M>> {
        self.runner.clone()
    }

    /// A dialog's keydown handler: Escape dispatches what `f` makes.
    pub fn on_escape(&self, f: impl Fn() -> M::Action + 'static) -> Callback<KeyboardEvent> {
        let runner = self.runner.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                runner.dispatch(f());
            }
        })
    }

    /// A callback that dispatches what `f` makes of its input.
    pub fn reform<T: 'static>(&self, f: impl Fn(T) -> M::Action + 'static) -> Callback<T> {
        let runner = self.runner.clone();
        Callback::from(move |input| runner.dispatch(f(input)))
    }
}

/// Keeps the runner `make` builds for `deps` (a new one when they change) and re-renders after
/// each batch of its actions.
#[hook]
pub fn use_machine<M, D>(deps: D, make: impl FnOnce(&D) -> Rc<Runner<M>>) -> Handle<M>
where
    M: Machine,
    D: PartialEq + 'static,
{
    let version = use_state(|| 0u64);
    let runner = use_memo(deps, make);
    *runner.rerender.borrow_mut() = Some(Callback::from({
        let version = version.setter();
        move |v| version.set(v)
    }));
    Handle { runner: (*runner).clone(), version: *version }
}

/// The countdown of a retry that waits: a new one or a cancel stops the one before.
#[derive(Clone, Default)]
pub struct Countdown(Rc<Cell<u64>>);

impl Countdown {
    /// Counts down to `until_ms` with `tick`s, then dispatches `due`.
    pub fn start<M: Machine>(
        &self,
        runner: &Runner<M>,
        until_ms: f64,
        tick: fn(f64) -> M::Action,
        due: fn() -> M::Action,
    ) {
        let number = self.0.get() + 1;
        self.0.set(number);
        let current = self.0.clone();
        count_down(runner.weak(), until_ms, move || current.get() == number, tick, due);
    }

    pub fn cancel(&self) {
        self.0.set(self.0.get() + 1);
    }
}

/// Dispatches `tick(now)` every quarter second until `until_ms`, then `due`; stops early when
/// `current()` is no longer true (cancelled) or the page has gone.
fn count_down<M: Machine>(
    runner: Weak<Runner<M>>,
    until_ms: f64,
    current: impl Fn() -> bool + 'static,
    tick: impl Fn(f64) -> M::Action + 'static,
    due: impl Fn() -> M::Action + 'static,
) {
    yew::platform::spawn_local(async move {
        loop {
            let Some(r) = runner.upgrade().filter(|_| current()) else { return };
            let now_ms = js_sys::Date::now();
            if now_ms >= until_ms {
                return r.dispatch(due());
            }
            r.dispatch(tick(now_ms));
            drop(r);
            gloo_timers::future::TimeoutFuture::new((until_ms - now_ms).min(250.0) as u32).await;
        }
    });
}
