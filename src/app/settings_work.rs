//! The Settings view's reading of a payload, done a part at a time between the browser's other
//! work, so that a 5 MB payload never holds the page for long: the text is indexed
//! (`core::text::settings_index::Reading`), compared with Graph's, and searched
//! (`core::pages::settings_view::Search`) in slices of a few milliseconds each, with a progress
//! figure; a newer text or view cancels work that is under way. A value the view itself set is
//! not read again: the index it was set through is shifted to the new text.

use crate::core::pages::settings_view::{outline, Part, Search, SettingsView, Visible};
use crate::core::text::diff::changed;
use crate::core::text::settings_index::{Index, Reading, Shift};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use yew::prelude::*;

/// Bytes read and settings searched per slice: a few milliseconds each.
const BYTES_PER_SLICE: usize = 400_000;
const NODES_PER_SLICE: usize = 40_000;

/// A text and its index.
pub struct Indexed {
    pub text: AttrValue,
    pub index: Index,
    /// The pointer of a key its object gives twice, if one is (`Index::repeated_key`).
    pub repeated: Option<String>,
}

impl Indexed {
    fn new(text: AttrValue, index: Index) -> Indexed {
        let repeated = index.repeated_key(&text).map(|id| index.pointer(&text, id));
        Indexed { text, index, repeated }
    }
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

pub use crate::core::text::bytes::same as same_text;

fn compare(now: &Indexed, was: &Indexed) -> Changed {
    let nodes = changed((&now.text, &now.index), (&was.text, &was.index));
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
    async fn index(&self, text: &AttrValue, kept: &RefCell<Option<Rc<Indexed>>>, part: Part) -> Option<Rc<Indexed>> {
        if let Some(known) = kept.borrow().as_ref().filter(|k| same_text(&k.text, text)) {
            return Some(known.clone());
        }
        let pending = self.pending.borrow_mut().take().filter(|p| same_text(&p.text, text));
        if let Some(Pending { base, shift, .. }) = pending {
            // A value set: the keys, and so what repeats, are the base's.
            let index = base.index.clone().shifted(&shift);
            let indexed = Rc::new(Indexed { text: text.clone(), index, repeated: base.repeated.clone() });
            *kept.borrow_mut() = Some(indexed.clone());
            return Some(indexed);
        }
        let mut reading = Reading::new(text);
        while !reading.step(text, BYTES_PER_SLICE) {
            self.progress.emit(part.progress(reading.progress(text)));
            breathe().await;
            if self.cancelled() {
                return None;
            }
        }
        let indexed = Rc::new(Indexed::new(text.clone(), reading.finish()));
        *kept.borrow_mut() = Some(indexed.clone());
        Some(indexed)
    }

    pub async fn run(self) {
        // Not in the task that asked (a click, a keystroke): that one paints first.
        breathe().await;
        if self.cancelled() {
            return;
        }
        let Some(now) = self.index(&self.value, &self.kept, Part::Text).await else { return };
        let was = match same_text(&self.loaded, &self.value) {
            true => {
                *self.kept_loaded.borrow_mut() = Some(now.clone());
                now.clone()
            }
            false => match self.index(&self.loaded, &self.kept_loaded, Part::Loaded).await {
                Some(was) => was,
                None => return,
            },
        };
        let changed = compare(&now, &was);
        let visible = match Search::new(&self.view, &now.index) {
            None => outline(&now.text, &now.index, &self.view),
            Some(mut search) => {
                while !search.step(&now.text, &now.index, &changed.nodes, NODES_PER_SLICE) {
                    self.progress.emit(Part::Search.progress(search.progress()));
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

/// What the Settings view shows, and where the work towards what it should show is.
pub struct Work {
    pub shown: UseStateHandle<Option<Rc<Shown>>>,
    /// The rows shown are of this very text, Graph's text and choice (else they are older, and
    /// read-only until the work is done).
    pub fresh: bool,
    /// How far the work is, 0 to 100.
    pub progress: u8,
    /// Where the view leaves a value it set, for the next job to shift the index to.
    pub pending: Rc<RefCell<Option<Pending>>>,
}

/// Starts a [`Job`] when the texts or the view's choice are ones the rows shown are not of,
/// unless one is under way for them already (text that does not parse needs none).
#[hook]
pub fn use_settings_work(value: &AttrValue, loaded: &AttrValue, view: &SettingsView, unparsable: bool) -> Work {
    let shown = use_state(|| None::<Rc<Shown>>);
    let progress = use_state(|| 0u8);
    let (kept, kept_loaded, pending) = (use_mut_ref(|| None), use_mut_ref(|| None), use_mut_ref(|| None));
    let (current, job_for) =
        (use_mut_ref(|| Rc::new(Cell::new(0u64))), use_mut_ref(|| None::<(AttrValue, AttrValue, SettingsView)>));
    let fresh = shown.as_ref().is_some_and(|s| s.is_of(value, loaded, view));
    if !unparsable && !fresh {
        let started =
            job_for.borrow().as_ref().is_some_and(|(v, l, w)| same_text(v, value) && same_text(l, loaded) && w == view);
        if !started {
            *job_for.borrow_mut() = Some((value.clone(), loaded.clone(), view.clone()));
            let current = current.borrow().clone();
            current.set(current.get() + 1);
            let (shown, progress) = (shown.clone(), progress.clone());
            let job = Job {
                value: value.clone(),
                loaded: loaded.clone(),
                view: view.clone(),
                kept: kept.clone(),
                kept_loaded: kept_loaded.clone(),
                pending: pending.clone(),
                number: current.get(),
                current,
                progress: Callback::from(move |p| progress.set(p)),
                done: Callback::from(move |s| shown.set(Some(s))),
            };
            wasm_bindgen_futures::spawn_local(job.run());
        }
    }
    Work { progress: *progress, shown, fresh, pending: pending.clone() }
}
