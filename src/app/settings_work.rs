//! The Settings view's reading of a payload, done a part at a time between the browser's other
//! work, so that a 5 MB payload never holds the page for long: the text is indexed
//! (`core::settings_index::Reading`), compared with Graph's, and searched
//! (`core::settings_view::Search`) in slices of a few milliseconds each, with a progress
//! figure; a newer text or view cancels work that is under way. A value the view itself set is
//! not read again: the index it was set through is shifted to the new text.

use crate::core::settings_index::{changed, Index, Reading, Shift};
use crate::core::settings_view::{outline, Search, SettingsView, Visible};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::AttrValue;

/// Bytes read and settings searched per slice: a few milliseconds each.
const BYTES_PER_SLICE: usize = 400_000;
const NODES_PER_SLICE: usize = 40_000;

/// A text and its index.
pub struct Indexed {
    pub text: AttrValue,
    pub index: Index,
}

/// Which settings differ from Graph's, and how many.
pub struct Changed {
    pub nodes: Vec<bool>,
    pub count: usize,
}

/// What the view shows: the text, how it differs from Graph's, and its rows for `view`.
pub struct Shown {
    pub now: Rc<Indexed>,
    pub was: Rc<Indexed>,
    pub changed: Changed,
    pub view: SettingsView,
    pub visible: Visible,
}

/// A value this view set: the text it made, and the index it was made from with how to shift
/// it to that text (done by the next job, not in the click's task).
pub struct Pending {
    pub text: AttrValue,
    pub base: Rc<Indexed>,
    pub shift: Shift,
}

impl Shown {
    /// Whether this is what the view should show for these texts and this choice.
    pub fn is_of(&self, value: &str, loaded: &str, view: &SettingsView) -> bool {
        same_text(&self.now.text, value) && same_text(&self.was.text, loaded) && self.view == *view
    }
}

pub use crate::core::bytes::same as same_text;

fn compare(now: &Indexed, was: &Indexed) -> Changed {
    let nodes = changed(&now.text, &now.index, &was.text, &was.index);
    let count = nodes.iter().filter(|c| **c).count();
    Changed { nodes, count }
}

/// The work for one text and view; dropped (at its next slice) when `current` moves on.
pub struct Job {
    pub value: AttrValue,
    pub loaded: AttrValue,
    pub view: SettingsView,
    /// The last index made, of `value` if it is still current.
    pub kept: Rc<RefCell<Option<Rc<Indexed>>>>,
    pub kept_loaded: Rc<RefCell<Option<Rc<Indexed>>>>,
    pub pending: Rc<RefCell<Option<Pending>>>,
    pub current: Rc<Cell<u64>>,
    pub number: u64,
    /// How far it is (0 to 100), and what it found.
    pub progress: yew::Callback<u8>,
    pub done: yew::Callback<Rc<Shown>>,
}

/// Lets the browser run what waits (input, paint) before the next slice.
async fn breathe() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

impl Job {
    fn cancelled(&self) -> bool {
        self.current.get() != self.number
    }

    /// `text`'s index: the one kept, else read a slice at a time (`None` if cancelled).
    async fn index(
        &self,
        text: &AttrValue,
        kept: &RefCell<Option<Rc<Indexed>>>,
        share: f64,
        of: f64,
    ) -> Option<Rc<Indexed>> {
        if let Some(known) = kept.borrow().as_ref().filter(|k| same_text(&k.text, text)) {
            return Some(known.clone());
        }
        let pending = self.pending.borrow_mut().take().filter(|p| same_text(&p.text, text));
        if let Some(Pending { base, shift, .. }) = pending {
            let indexed = Rc::new(Indexed { text: text.clone(), index: base.index.clone().shifted(&shift) });
            *kept.borrow_mut() = Some(indexed.clone());
            return Some(indexed);
        }
        let mut reading = Reading::new(text);
        while !reading.step(text, BYTES_PER_SLICE) {
            self.progress.emit(((share + reading.progress(text) * of) * 100.0) as u8);
            breathe().await;
            if self.cancelled() {
                return None;
            }
        }
        let indexed = Rc::new(Indexed { text: text.clone(), index: reading.finish() });
        *kept.borrow_mut() = Some(indexed.clone());
        Some(indexed)
    }

    pub async fn run(self) {
        // Not in the task that asked (a click, a keystroke): that one paints first.
        breathe().await;
        if self.cancelled() {
            return;
        }
        let Some(now) = self.index(&self.value, &self.kept, 0.0, 0.5).await else { return };
        let was = match same_text(&self.loaded, &self.value) {
            true => {
                *self.kept_loaded.borrow_mut() = Some(now.clone());
                now.clone()
            }
            false => match self.index(&self.loaded, &self.kept_loaded, 0.5, 0.25).await {
                Some(was) => was,
                None => return,
            },
        };
        let changed = compare(&now, &was);
        let visible = match Search::new(&self.view, &now.index) {
            None => outline(&now.text, &now.index, &self.view),
            Some(mut search) => {
                while !search.step(&now.text, &now.index, &changed.nodes, NODES_PER_SLICE) {
                    self.progress.emit((75.0 + search.progress() * 25.0) as u8);
                    breathe().await;
                    if self.cancelled() {
                        return;
                    }
                }
                search.finish(&now.index)
            }
        };
        if !self.cancelled() {
            self.done.emit(Rc::new(Shown { now, was, changed, view: self.view, visible }));
        }
    }
}
