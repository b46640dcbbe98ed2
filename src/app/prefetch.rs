//! A configuration read before its page's code has arrived. When a configuration's page is
//! opened and its chunk is still on its way (`app/parts.rs`), the GET starts at once, in
//! parallel with the chunk; the page's session takes that answer for its first load
//! (`app/session.rs`) instead of asking again. Only that first load, only for the same
//! configuration through the same Graph client, only once, and only a read started in the
//! last `FRESH_MS` (a page whose code never arrived must not later show an old read): a reload
//! always asks Graph.

use crate::core::wire::model::Configuration;
use crate::core::wire::response::GraphError;
use crate::graph::GraphApi;
use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll, Waker};

type Answer = Result<Configuration, GraphError>;

/// A read under way or done, and who waits for it.
#[derive(Default)]
struct Slot {
    answer: Option<Answer>,
    waiting: Option<Waker>,
}

/// How long a read ahead may wait for its page.
const FRESH_MS: f64 = 30_000.0;

/// The one read ahead: which configuration, through which client, since when.
struct Ahead {
    id: String,
    api: Rc<dyn GraphApi>,
    started_ms: f64,
    slot: Rc<RefCell<Slot>>,
}

thread_local! {
    static AHEAD: RefCell<Option<Ahead>> = const { RefCell::new(None) };
}

/// Starts reading configuration `id` through `api`, for the page about to show it.
pub fn start(api: &Rc<dyn GraphApi>, id: &str) {
    let slot = Rc::new(RefCell::new(Slot::default()));
    let ahead = Ahead { id: id.to_string(), api: api.clone(), started_ms: js_sys::Date::now(), slot: slot.clone() };
    AHEAD.with(|a| *a.borrow_mut() = Some(ahead));
    let (api, id) = (api.clone(), id.to_string());
    wasm_bindgen_futures::spawn_local(async move {
        let answer = api.get(&id).await;
        let mut slot = slot.borrow_mut();
        slot.answer = Some(answer);
        if let Some(waker) = slot.waiting.take() {
            waker.wake();
        }
    });
}

/// The answer of the read ahead of configuration `id` through `api`, if there is one (taken:
/// it serves one load).
pub fn take(api: &Rc<dyn GraphApi>, id: &str) -> Option<impl Future<Output = Answer>> {
    let ahead = AHEAD.with(|a| a.borrow_mut().take())?;
    let fresh = js_sys::Date::now() - ahead.started_ms < FRESH_MS;
    (ahead.id == id && Rc::ptr_eq(&ahead.api, api) && fresh).then_some(Pending(ahead.slot))
}

struct Pending(Rc<RefCell<Slot>>);

impl Future for Pending {
    type Output = Answer;
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Answer> {
        let mut slot = self.0.borrow_mut();
        match slot.answer.take() {
            Some(answer) => Poll::Ready(answer),
            None => {
                slot.waiting = Some(cx.waker().clone());
                Poll::Pending
            }
        }
    }
}
