//! The Settings view's state and reducer: which sections are open, the filter, "changed only",
//! and the rows it shows, worked out from the payload's JSON text ([`crate::core::text::settings`]).
//!
//! Sections are open at the first level and closed below it until the admin opens them, so a
//! big payload shows its first level only and the rest is never read; the filter and "changed
//! only" open every section on the way to what they find.

use crate::core::text::bytes;
use crate::core::text::diff::changed;
use crate::core::text::fold::contains_folded;
use crate::core::text::settings::{self, Edit, Kind};
use crate::core::text::settings_index::{Index, Node, Reading, Shift};
use std::collections::{BTreeSet, HashSet};
use std::ops::Range;
use std::rc::Rc;

/// What the admin chose in the Settings view of one payload.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SettingsView {
    /// Sections opened or closed against the default (open at the first level only).
    pub toggled: BTreeSet<String>,
    pub filter: String,
    pub changed_only: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Opens or closes the section at this pointer.
    Toggle(String),
    SetFilter(String),
    SetChangedOnly(bool),
}

impl SettingsView {
    pub fn apply(mut self, action: Action) -> SettingsView {
        match action {
            Action::Toggle(pointer) => {
                if !self.toggled.remove(&pointer) {
                    self.toggled.insert(pointer);
                }
            }
            Action::SetFilter(text) => self.filter = text,
            Action::SetChangedOnly(on) => self.changed_only = on,
        }
        self
    }

    /// Whether a section is open when neither the filter nor "changed only" opens it.
    pub fn is_open(&self, pointer: &str, depth: usize) -> bool {
        (depth <= 1) != self.toggled.contains(pointer)
    }
}

/// One row of the tree, as drawn.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub pointer: String,
    /// 1 for the first level.
    pub depth: usize,
    /// The key, or an array item's index.
    pub key: String,
    pub kind: Kind,
    /// The value's text in the payload.
    pub span: Range<usize>,
    /// A section (object or list) whose rows follow.
    pub open: bool,
    /// An item of a list (it can move up and down).
    pub in_list: bool,
    /// It differs from what Graph holds (or Graph does not have it).
    pub changed: bool,
    /// Its node in the index.
    pub node: usize,
}

/// A row shown: its node in the [`Index`], and whether it is an open section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Line {
    pub node: usize,
    pub open: bool,
}

/// The rows shown, and how many settings the filter matched. Only the rows drawn are made into
/// [`Row`]s ([`Visible::row`]): a section of 60,000 settings is 60,000 small lines.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visible {
    pub lines: Vec<Line>,
    pub matches: usize,
}

impl Visible {
    /// Line `at` as a row to draw; `changed` as `text::diff::changed` gives it (empty: none known yet).
    pub fn row(&self, text: &str, index: &Index, at: usize, changed: &[bool]) -> Row {
        let Line { node: id, open } = self.lines[at];
        let node = index.node(id);
        Row {
            pointer: index.pointer(text, id),
            depth: node.depth,
            key: index.key(text, id).into_owned(),
            kind: node.kind,
            span: node.span.clone(),
            open,
            in_list: index.node(node.parent).kind == Kind::Array,
            changed: changed.get(id).copied().unwrap_or(false),
            node: id,
        }
    }

    /// The line of the section holding line `at`'s setting, if it is shown.
    pub fn parent(&self, index: &Index, at: usize) -> Option<usize> {
        let parent = index.node(self.lines.get(at)?.node).parent;
        self.lines[..at].iter().rposition(|l| l.node == parent)
    }
}

/// The path of a setting as the view shows it: `word › protectedView › internetFiles`.
pub fn breadcrumb(pointer: &str) -> String {
    settings::parse_pointer(pointer).unwrap_or_default().join(" › ")
}

/// A single value's text for matching and showing: a string unescaped, anything else as written.
pub fn scalar_text(text: &str, span: Range<usize>, kind: Kind) -> String {
    let raw = &text[span];
    match kind {
        Kind::String => settings::unquote(raw),
        _ => raw.to_string(),
    }
}

/// The pointers of the settings of `text` that differ from `loaded` (`text::diff::changed`).
pub fn changed_pointers(text: &str, loaded: &str) -> BTreeSet<String> {
    let (index, was) = (Index::new(text), Index::new(loaded));
    let changed = changed((text, &index), (loaded, &was));
    (0..index.len()).filter(|id| changed[*id]).map(|id| index.pointer(text, id)).collect()
}

/// The rows the view shows for `text` (whose index is `index`); `changed` marks the nodes that
/// differ from Graph's (as `text::diff::changed` gives them; empty when not known yet).
pub fn visible(text: &str, index: &Index, view: &SettingsView, changed: &[bool]) -> Visible {
    match Search::new(view, index) {
        Some(mut search) => {
            search.step(text, index, changed, usize::MAX);
            search.finish(index)
        }
        None => outline(text, index, view),
    }
}

/// The open sections' rows: the first level open, and what the admin opened or closed.
pub fn outline(text: &str, index: &Index, view: &SettingsView) -> Visible {
    let toggled: HashSet<usize> = view.toggled.iter().filter_map(|p| index.find(text, p)).collect();
    let mut out = Visible::default();
    let mut id = 1;
    while id < index.len() {
        let node = index.node(id);
        let open = node.is_section() && ((node.depth <= 1) != toggled.contains(&id));
        out.lines.push(Line { node: id, open });
        id = if open { id + 1 } else { node.next };
    }
    out
}

/// The settings the filter or "changed only" looks for, each with the sections on the way to
/// it (open): one pass over the nodes in order, a part at a time ([`Search::step`]), and one
/// back up, from each setting found to its section ([`Search::finish`]). A setting's path
/// matches when its section's does or its own key holds the filter (a filter without `›`
/// cannot span two keys: it is trimmed, and keys are joined by ` › `).
#[derive(Clone, Debug, PartialEq)]
pub struct Search {
    needle: String,
    changed_only: bool,
    /// The next node to look at.
    next: usize,
    wanted: Vec<bool>,
    /// Whether a node's path matches.
    path: Vec<bool>,
    matches: usize,
}

impl Search {
    /// The search the view asks for; `None` when it shows the open sections instead.
    pub fn new(view: &SettingsView, index: &Index) -> Option<Search> {
        let needle = view.filter.trim().to_lowercase();
        (!needle.is_empty() || view.changed_only).then(|| Search {
            needle,
            changed_only: view.changed_only,
            next: 1,
            wanted: vec![false; index.len()],
            path: vec![false; index.len()],
            matches: 0,
        })
    }

    /// Looks at up to `nodes` more settings; whether it has looked at all of them.
    pub fn step(&mut self, text: &str, index: &Index, changed: &[bool], nodes: usize) -> bool {
        let needle = self.needle.as_str();
        let across_keys = needle.contains('›');
        let end = self.next.saturating_add(nodes).min(index.len()).min(self.wanted.len());
        for id in self.next..end {
            let node = index.node(id);
            let path = !needle.is_empty()
                && (self.path[node.parent]
                    || match across_keys {
                        true => contains_folded(&breadcrumb(&index.pointer(text, id)), needle),
                        false => key_matches(text, index, id, needle),
                    });
            self.path[id] = path;
            let want = (!self.changed_only || changed.get(id).copied().unwrap_or(false))
                && (needle.is_empty() || path || (!node.is_section() && value_matches(text, node, needle)));
            self.wanted[id] = want;
            self.matches += usize::from(want);
        }
        self.next = end;
        end >= self.wanted.len()
    }

    /// How far it has looked, as a share of the settings.
    pub fn progress(&self) -> f64 {
        self.next as f64 / self.wanted.len().max(1) as f64
    }

    /// The rows found (all of them once [`Search::step`] is done).
    pub fn finish(self, index: &Index) -> Visible {
        let Search { wanted, matches, .. } = self;
        let mut inside = vec![false; wanted.len()];
        for id in (1..wanted.len()).rev() {
            if wanted[id] || inside[id] {
                inside[index.node(id).parent] = true;
            }
        }
        let lines =
            (1..wanted.len()).filter(|id| wanted[*id] || inside[*id]).map(|id| Line { node: id, open: inside[id] });
        Visible { lines: lines.collect(), matches }
    }
}

/// Whether node `id`'s key (an item's index) holds `needle` (lower case), case aside.
fn key_matches(text: &str, index: &Index, id: usize, needle: &str) -> bool {
    let node = index.node(id);
    if node.key.is_empty() {
        return needle.bytes().all(|b| b.is_ascii_digit()) && node.item.to_string().contains(needle);
    }
    let raw = &text[node.key.clone()];
    match raw.contains('\\') {
        true => contains_folded(&settings::unquote(raw), needle),
        false => contains_folded(raw.get(1..raw.len() - 1).unwrap_or_default(), needle),
    }
}

/// Whether a single value's text holds `needle` (lower case), case aside.
fn value_matches(text: &str, node: &Node, needle: &str) -> bool {
    let raw = &text[node.span.clone()];
    // Without escapes the text between the quotes is the value: no copy to match it.
    let plain = if node.kind == Kind::String && !raw.contains('\\') { raw.get(1..raw.len() - 1) } else { None };
    match plain {
        Some(value) => contains_folded(value, needle),
        None => contains_folded(&scalar_text(text, node.span.clone(), node.kind), needle),
    }
}

/// The parts of the Settings view's work, in order: reading the payload's text, reading the
/// text Graph holds (to mark what changed), then searching.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Text,
    Loaded,
    Search,
}

impl Part {
    /// Where the part starts and how much of the whole it is (the text is read first and is the
    /// biggest share; Graph's text is often the same one and skipped).
    fn span(self) -> (f64, f64) {
        match self {
            Part::Text => (0.0, 0.5),
            Part::Loaded => (0.5, 0.25),
            Part::Search => (0.75, 0.25),
        }
    }

    /// How far the whole work is, 0 to 100, with this part `done` (0 to 1) of the way.
    pub fn progress(self, done: f64) -> u8 {
        let (start, share) = self.span();
        ((start + done.clamp(0.0, 1.0) * share) * 100.0) as u8
    }
}

/// Bytes read and settings searched per slice of the work: a few milliseconds each.
const BYTES_PER_SLICE: usize = 400_000;
const NODES_PER_SLICE: usize = 40_000;

/// Rows the tree shows at once (its height, in style.css): a row the keys move to is kept
/// among them.
pub const VIEW_ROWS: usize = 14;

/// A text and its index.
#[derive(Clone, Debug, PartialEq)]
pub struct Indexed {
    pub text: Rc<str>,
    pub index: Index,
    /// The pointer of a key its object gives twice, if one is (`Index::repeated_key`).
    pub repeated: Option<String>,
}

impl Indexed {
    fn new(text: Rc<str>, index: Index) -> Indexed {
        let repeated = index.repeated_key(&text).map(|id| index.pointer(&text, id));
        Indexed { text, index, repeated }
    }
}

/// Which settings differ from Graph's, and how many (counted once: the view shows the number on
/// every render, and what is shown never changes).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Changed {
    pub nodes: Vec<bool>,
    pub count: usize,
}

impl Changed {
    fn of(now: &Indexed, was: &Indexed) -> Changed {
        let nodes = changed((&now.text, &now.index), (&was.text, &was.index));
        let count = nodes.iter().filter(|c| **c).count();
        Changed { nodes, count }
    }
}

/// What the tree shows: the text, how it differs from Graph's, and its rows for `view`.
#[derive(Clone, Debug, PartialEq)]
pub struct Shown {
    pub now: Rc<Indexed>,
    pub was: Rc<Indexed>,
    pub changed: Changed,
    pub view: SettingsView,
    pub visible: Visible,
}

impl Shown {
    /// Whether this is what the tree should show for these texts and this choice.
    fn is_of(&self, value: &str, loaded: &str, view: &SettingsView) -> bool {
        bytes::same(&self.now.text, value) && bytes::same(&self.was.text, loaded) && self.view == *view
    }

    /// Line `at` as a row to draw.
    pub fn row(&self, at: usize) -> Row {
        self.visible.row(&self.now.text, &self.now.index, at, &self.changed.nodes)
    }
}

/// A value the tree set: the text it made, and the index it was made from with how to shift
/// it to that text (done by the next job's first slice, not in the click's task).
#[derive(Clone, Debug, PartialEq)]
struct Pending {
    text: Rc<str>,
    base: Rc<Indexed>,
    shift: Shift,
}

/// Where a job is: reading the text, reading Graph's, then searching.
#[derive(Clone, Debug, PartialEq)]
enum Stage {
    Start,
    Now(Reading),
    Was(Rc<Indexed>, Reading),
    /// Both read; `search` is `None` when the choice shows the open sections instead.
    Search {
        now: Rc<Indexed>,
        was: Rc<Indexed>,
        changed: Changed,
        search: Option<Search>,
    },
}

/// The work towards what one text, Graph's text and one choice show.
#[derive(Clone, Debug, PartialEq)]
struct Job {
    number: u64,
    value: Rc<str>,
    loaded: Rc<str>,
    view: SettingsView,
    stage: Stage,
}

/// A key pressed on a row of the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    Down,
    Up,
    Home,
    End,
    /// Opens a closed section.
    Right,
    /// Closes an open section, else goes to the section holding the row.
    Left,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TreeAction {
    /// The tree is on screen (its work runs only then), or not.
    Shown(bool),
    View(Action),
    /// The first row in view, after a scroll.
    Scrolled(usize),
    /// A row got the focus (a click, a Tab).
    Focused(usize),
    Key {
        row: usize,
        key: Key,
    },
    /// The form that adds a setting to this object (`Some("")`: the top level), or none.
    Adding(Option<String>),
    /// The form that renames this setting, or none.
    Renaming(Option<String>),
    Edit(Edit),
    /// Shows the setting at this pointer (a policy the catalog panel finds set): focused and in
    /// view, its sections opened, the filter and "changed only" set aside.
    Reveal(String),
    /// The next slice of job `number`'s work (`TreeEffect::Breathe`'s answer).
    Step(u64),
}

/// What the runner does for the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TreeEffect {
    /// Let the browser paint and take input, then answer `TreeAction::Step(number)`.
    Breathe(u64),
}

/// The Settings view of one payload: what it shows, the admin's choices, the row in focus, and
/// the work (a slice at a time) towards what it should show. A newer text or choice replaces
/// the work under way; a value the tree set is not read again (its index is shifted).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tree {
    pub view: SettingsView,
    pub shown: Option<Rc<Shown>>,
    /// How far the work is, 0 to 100.
    pub progress: u8,
    /// The first row in view, and the row in focus.
    pub first: usize,
    pub focused: usize,
    /// Bumped when a key moves the focus: the view then focuses row `focused`, scrolled to `first`.
    pub focus_moves: u64,
    pub adding: Option<String>,
    pub renaming: Option<String>,
    /// Why the last edit could not be made.
    pub refused: Option<String>,
    on_screen: bool,
    job: Option<Job>,
    jobs: u64,
    kept: Option<Rc<Indexed>>,
    kept_loaded: Option<Rc<Indexed>>,
    pending: Option<Pending>,
    /// The setting an addition made (or `Reveal` asked for), focused and scrolled into view once
    /// the rows show it.
    reveal: Option<String>,
}

/// The texts a tree is of: the payload's, Graph's, and whether the payload's is not JSON.
pub struct Texts<'a> {
    pub value: &'a Rc<str>,
    pub loaded: &'a Rc<str>,
    pub unparsable: bool,
}

impl Tree {
    /// Whether the rows shown are of this very text, Graph's text and choice (else they are
    /// older, and read-only until the work is done).
    pub fn fresh(&self, texts: &Texts<'_>) -> bool {
        self.shown.as_ref().is_some_and(|s| s.is_of(texts.value, texts.loaded, &self.view))
    }

    /// Whether the filter or "changed only" narrows the rows.
    pub fn filtering(&self) -> bool {
        !self.view.filter.trim().is_empty() || self.view.changed_only
    }

    /// The status line: how far the work is while the rows are older than the texts (`fresh`
    /// false), else how many settings match or how many rows there are.
    pub fn status(&self, fresh: bool) -> String {
        let (rows, matches) = self.shown.as_ref().map_or((0, 0), |s| (s.visible.lines.len(), s.visible.matches));
        match (fresh, self.filtering()) {
            (false, _) if self.progress < Part::Search.progress(0.0) => {
                format!("Reading the settings… {}%", self.progress)
            }
            (false, _) => format!("Searching… {}%", self.progress),
            (true, true) => format!("{matches} setting(s) match"),
            (true, false) => format!("{rows} row(s)"),
        }
    }

    /// Applies one action; the new text when an edit made one, and what to run.
    pub fn apply(&mut self, action: TreeAction, texts: &Texts<'_>) -> (Option<Rc<str>>, Vec<TreeEffect>) {
        let mut made = None;
        match action {
            TreeAction::Shown(on) => self.on_screen = on,
            TreeAction::View(action) => self.view = std::mem::take(&mut self.view).apply(action),
            TreeAction::Scrolled(first) => self.first = first,
            TreeAction::Focused(row) => self.focused = row,
            TreeAction::Key { row, key } => self.key(row, key),
            TreeAction::Adding(at) => self.adding = at,
            TreeAction::Renaming(at) => self.renaming = at,
            TreeAction::Edit(edit) => made = self.edit(&edit, texts),
            TreeAction::Reveal(pointer) => self.reveal(pointer),
            TreeAction::Step(number) => {
                if self.job.as_ref().is_some_and(|j| j.number == number) {
                    self.step();
                    if let Some(job) = &self.job {
                        return (made, vec![TreeEffect::Breathe(job.number)]);
                    }
                }
                return (made, Vec::new());
            }
        }
        let effects = match &made {
            // The tree is of the new text once the session has it: it asks again then.
            Some(_) => Vec::new(),
            None => self.want(texts),
        };
        (made, effects)
    }

    /// Starts a job when the texts or the choice are ones the rows shown are not of, unless
    /// one is under way for them already (text that does not parse needs none).
    pub fn want(&mut self, texts: &Texts<'_>) -> Vec<TreeEffect> {
        if !self.on_screen || texts.unparsable || self.fresh(texts) {
            return Vec::new();
        }
        let started = self.job.as_ref().is_some_and(|j| {
            bytes::same(&j.value, texts.value) && bytes::same(&j.loaded, texts.loaded) && j.view == self.view
        });
        if started {
            return Vec::new();
        }
        self.jobs += 1;
        self.job = Some(Job {
            number: self.jobs,
            value: texts.value.clone(),
            loaded: texts.loaded.clone(),
            view: self.view.clone(),
            stage: Stage::Start,
        });
        // Not in the task that asked (a click, a keystroke): that one paints first.
        vec![TreeEffect::Breathe(self.jobs)]
    }

    /// `text`'s index if it is known: kept, or the one a value set through this tree shifts to.
    fn known(&mut self, text: &Rc<str>, loaded: bool) -> Option<Rc<Indexed>> {
        let kept = if loaded { &self.kept_loaded } else { &self.kept };
        if let Some(known) = kept.as_ref().filter(|k| bytes::same(&k.text, text)) {
            return Some(known.clone());
        }
        let Pending { base, shift, .. } = self.pending.take().filter(|p| bytes::same(&p.text, text))?;
        // A value set: the keys, and so what repeats, are the base's.
        let index = base.index.clone().shifted(&shift);
        Some(Rc::new(Indexed { text: text.clone(), index, repeated: base.repeated.clone() }))
    }

    /// One slice of the job's work.
    fn step(&mut self) {
        let Some(mut job) = self.job.take() else { return };
        job.stage = match std::mem::replace(&mut job.stage, Stage::Start) {
            Stage::Start => match self.known(&job.value, false) {
                Some(now) => self.read_loaded(&job, now),
                None => Stage::Now(Reading::new(&job.value)),
            },
            Stage::Now(mut reading) => match reading.step(&job.value, BYTES_PER_SLICE) {
                false => {
                    self.progress = Part::Text.progress(reading.progress(&job.value));
                    Stage::Now(reading)
                }
                true => {
                    let now = Rc::new(Indexed::new(job.value.clone(), reading.finish()));
                    self.kept = Some(now.clone());
                    self.read_loaded(&job, now)
                }
            },
            Stage::Was(now, mut reading) => match reading.step(&job.loaded, BYTES_PER_SLICE) {
                false => {
                    self.progress = Part::Loaded.progress(reading.progress(&job.loaded));
                    Stage::Was(now, reading)
                }
                true => {
                    let was = Rc::new(Indexed::new(job.loaded.clone(), reading.finish()));
                    self.kept_loaded = Some(was.clone());
                    search(&job.view, now, was)
                }
            },
            Stage::Search { now, was, changed, search: Some(mut search) } => {
                match search.step(&now.text, &now.index, &changed.nodes, NODES_PER_SLICE) {
                    false => {
                        self.progress = Part::Search.progress(search.progress());
                        Stage::Search { now, was, changed, search: Some(search) }
                    }
                    true => {
                        let visible = search.finish(&now.index);
                        return self.done(Shown { now, was, changed, view: job.view, visible });
                    }
                }
            }
            stage @ Stage::Search { search: None, .. } => stage,
        };
        match job.stage {
            // The open sections need no search: done in this slice.
            Stage::Search { now, was, changed, search: None } => {
                let visible = outline(&now.text, &now.index, &job.view);
                self.done(Shown { now, was, changed, view: job.view, visible });
            }
            stage => self.job = Some(Job { stage, ..job }),
        }
    }

    /// Graph's text read next (unless it is the same text, or known).
    fn read_loaded(&mut self, job: &Job, now: Rc<Indexed>) -> Stage {
        if bytes::same(&job.loaded, &job.value) {
            self.kept_loaded = Some(now.clone());
            return search(&job.view, now.clone(), now);
        }
        match self.known(&job.loaded, true) {
            Some(was) => search(&job.view, now, was),
            None => Stage::Was(now, Reading::new(&job.loaded)),
        }
    }

    fn done(&mut self, shown: Shown) {
        self.progress = 100;
        self.shown = Some(Rc::new(shown));
        self.job = None;
        self.show_revealed();
    }

    /// Shows the setting at `pointer`: every section above it open, nothing filtered out; it is
    /// focused now if the rows show it already, else once they do.
    fn reveal(&mut self, pointer: String) {
        let mut view = SettingsView { filter: String::new(), changed_only: false, ..self.view.clone() };
        for (at, _) in pointer.match_indices('/').skip(1) {
            let section = &pointer[..at];
            let depth = section.matches('/').count();
            if !view.is_open(section, depth) {
                view = view.apply(Action::Toggle(section.to_string()));
            }
        }
        self.reveal = Some(pointer);
        if view == self.view {
            self.show_revealed();
        } else {
            // The rows of the new view show it (`done`).
            self.view = view;
        }
    }

    /// Once the rows are of the text that has the setting to reveal (an addition's, or one asked
    /// for): it is focused and in view (unless the filter or a closed section hides it).
    fn show_revealed(&mut self) {
        let (Some(pointer), Some(shown)) = (self.reveal.as_ref(), self.shown.clone()) else { return };
        // Not in these rows' text: they are of the text before the addition.
        let Some(node) = shown.now.index.find(&shown.now.text, pointer) else { return };
        self.reveal = None;
        if let Some(row) = shown.visible.lines.iter().position(|l| l.node == node) {
            self.bring(row);
        }
    }

    /// The focus to row `to`, kept in view.
    fn bring(&mut self, to: usize) {
        self.focused = to;
        if to < self.first {
            self.first = to;
        } else if to >= self.first + VIEW_ROWS {
            self.first = to + 1 - VIEW_ROWS;
        }
        self.focus_moves += 1;
    }

    /// Makes `edit` on the text shown; the new text, or why not.
    fn edit(&mut self, edit: &Edit, texts: &Texts<'_>) -> Option<Rc<str>> {
        let now = self.shown.as_ref().filter(|_| self.fresh(texts))?.now.clone();
        match now.index.edit(&now.text, edit) {
            Ok((text, shift)) => {
                // Members are added at the end of their container: the first is the one to show.
                if let Edit::Insert { container, members } = edit {
                    let place = match members.first() {
                        Some((Some(key), _)) => Some(key.clone()),
                        _ => now.index.find(&now.text, container).map(|at| now.index.children(at).count().to_string()),
                    };
                    self.reveal = place.map(|place| format!("{container}{}", settings::pointer(&[place])));
                }
                // One copy, shared from here on by the draft, the page and this tree.
                let text: Rc<str> = text.into();
                self.pending = shift.map(|shift| Pending { text: text.clone(), base: now, shift });
                self.refused = None;
                Some(text)
            }
            Err(why) => {
                self.refused = Some(why.to_string());
                None
            }
        }
    }

    /// A key on row `row`: the focus moves (kept in view), or a section opens or closes.
    fn key(&mut self, row: usize, key: Key) {
        let Some(shown) = self.shown.clone().filter(|s| row < s.visible.lines.len()) else { return };
        let current = shown.row(row);
        let section = matches!(current.kind, Kind::Object | Kind::Array);
        let to = match key {
            Key::Down => row + 1,
            Key::Up => row.saturating_sub(1),
            Key::Home => 0,
            Key::End => usize::MAX,
            Key::Right | Key::Left if section && (key == Key::Right) != current.open => {
                self.view = std::mem::take(&mut self.view).apply(Action::Toggle(current.pointer));
                return;
            }
            Key::Right => return,
            Key::Left => shown.visible.parent(&shown.now.index, row).unwrap_or(row),
        };
        self.bring(to.min(shown.visible.lines.len().saturating_sub(1)));
    }
}

/// After both texts are read: what changed, and the search the choice asks for.
fn search(view: &SettingsView, now: Rc<Indexed>, was: Rc<Indexed>) -> Stage {
    let changed = Changed::of(&now, &was);
    let search = Search::new(view, &now.index);
    Stage::Search { now, was, changed, search }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_work_moves_forward_through_its_parts() {
        let steps: Vec<u8> =
            [(Part::Text, 0.0), (Part::Text, 1.0), (Part::Loaded, 0.5), (Part::Search, 0.0), (Part::Search, 2.0)]
                .into_iter()
                .map(|(part, done)| part.progress(done))
                .collect();
        assert_eq!(steps, [0, 50, 62, 75, 100]);
    }

    const LOADED: &str = r#"{
  "word": {
    "blockMacrosFromInternet": true,
    "protectedView": {
      "internetFiles": "on",
      "attachments": "on"
    }
  },
  "outlook": {
    "cachedModeMonths": 12,
    "folders": ["Inbox"]
  }
}"#;

    /// The rows for `text` (all of them made), and how many settings matched.
    fn visible_rows(text: &str, view: &SettingsView, changed_from: Option<&str>) -> (Vec<Row>, usize) {
        let index = Index::new(text);
        let changed = changed_from.map(|loaded| changed((text, &index), (loaded, &Index::new(loaded))));
        let changed = changed.unwrap_or_default();
        let shown = visible(text, &index, view, &changed);
        ((0..shown.lines.len()).map(|at| shown.row(text, &index, at, &changed)).collect(), shown.matches)
    }

    fn shown(v: &(Vec<Row>, usize)) -> Vec<(usize, &str, bool)> {
        v.0.iter().map(|r| (r.depth, r.pointer.as_str(), r.open)).collect()
    }

    #[test]
    fn the_first_level_is_open_and_deeper_sections_open_on_request() {
        let view = SettingsView::default();
        let rows = visible_rows(LOADED, &view, None);
        assert_eq!(
            shown(&rows),
            [
                (1, "/word", true),
                (2, "/word/blockMacrosFromInternet", false),
                (2, "/word/protectedView", false),
                (1, "/outlook", true),
                (2, "/outlook/cachedModeMonths", false),
                (2, "/outlook/folders", false),
            ]
        );
        let view = view.apply(Action::Toggle("/word/protectedView".into())).apply(Action::Toggle("/outlook".into()));
        let rows = visible_rows(LOADED, &view, None);
        assert_eq!(
            shown(&rows),
            [
                (1, "/word", true),
                (2, "/word/blockMacrosFromInternet", false),
                (2, "/word/protectedView", true),
                (3, "/word/protectedView/internetFiles", false),
                (3, "/word/protectedView/attachments", false),
                (1, "/outlook", false),
            ]
        );
        let back = view.apply(Action::Toggle("/outlook".into()));
        assert!(back.is_open("/outlook", 1));
    }

    #[test]
    fn the_filter_opens_the_way_to_each_match_by_path_or_value_and_counts_them() {
        let view = SettingsView::default().apply(Action::SetFilter(" INTERNET".into()));
        let rows = visible_rows(LOADED, &view, None);
        assert_eq!(
            shown(&rows),
            [
                (1, "/word", true),
                (2, "/word/blockMacrosFromInternet", false),
                (2, "/word/protectedView", true),
                (3, "/word/protectedView/internetFiles", false),
            ]
        );
        assert_eq!(rows.1, 2);
        let by_value = visible_rows(LOADED, &SettingsView::default().apply(Action::SetFilter("inbox".into())), None);
        assert_eq!(
            shown(&by_value),
            [(1, "/outlook", true), (2, "/outlook/folders", true), (3, "/outlook/folders/0", false)]
        );
        assert_eq!(by_value.1, 1);
        let in_list: Vec<bool> = by_value.0.iter().map(|r| r.in_list).collect();
        assert_eq!(in_list, [false, false, true], "only the list's item can move");
        let none = visible_rows(LOADED, &SettingsView::default().apply(Action::SetFilter("nothing".into())), None);
        assert_eq!((none.0.len(), none.1), (0, 0));
        assert_eq!(breadcrumb("/word/protectedView/internetFiles"), "word › protectedView › internetFiles");
    }

    #[test]
    fn changed_only_shows_what_differs_from_graph_marked() {
        let edited = LOADED
            .replace("\"internetFiles\": \"on\"", "\"internetFiles\": \"off\"")
            .replace("\"cachedModeMonths\": 12", "\"cachedModeMonths\": 12, \"newOne\": {\"x\": 1}")
            .replace("\"folders\": [\"Inbox\"]", "\"folders\": [ \"Inbox\" ]");
        let changed = changed_pointers(&edited, LOADED);
        assert_eq!(
            changed.iter().map(String::as_str).collect::<Vec<_>>(),
            ["/outlook/newOne", "/outlook/newOne/x", "/word/protectedView/internetFiles"],
            "spacing alone is not a change"
        );
        let view = SettingsView::default().apply(Action::SetChangedOnly(true));
        let rows = visible_rows(&edited, &view, Some(LOADED));
        assert_eq!(
            rows.0.iter().map(|r| (r.pointer.as_str(), r.changed)).collect::<Vec<_>>(),
            [
                ("/word", false),
                ("/word/protectedView", false),
                ("/word/protectedView/internetFiles", true),
                ("/outlook", false),
                ("/outlook/newOne", true),
                ("/outlook/newOne/x", true),
            ]
        );
        assert_eq!(rows.1, 3);
        assert!(changed_pointers(LOADED, LOADED).is_empty());
        let retyped = changed_pointers("{\"a\": [1, 2]}", "{\"a\": {\"0\": 1}}");
        assert_eq!(retyped.into_iter().collect::<Vec<_>>(), ["/a", "/a/0", "/a/1"], "a section of another kind");
    }
}

#[cfg(test)]
mod tree_tests {
    use super::*;

    /// A tree on screen, its rows of `texts`.
    fn shown_tree(texts: &Texts<'_>) -> Tree {
        let mut tree = Tree::default();
        let (_, effects) = tree.apply(TreeAction::Shown(true), texts);
        settle(&mut tree, texts, effects);
        tree
    }

    /// Runs the tree's work to its end, as the runner does: each `Breathe` answered by its `Step`.
    fn settle(tree: &mut Tree, texts: &Texts<'_>, mut effects: Vec<TreeEffect>) -> usize {
        let mut slices = 0;
        while let Some(TreeEffect::Breathe(number)) = effects.pop() {
            slices += 1;
            assert!(slices < 10_000, "the work never ends");
            effects = tree.apply(TreeAction::Step(number), texts).1;
        }
        slices
    }

    fn shown_pointers(tree: &Tree) -> Vec<String> {
        let shown = tree.shown.as_ref().unwrap();
        (0..shown.visible.lines.len()).map(|at| shown.row(at).pointer).collect()
    }

    #[test]
    fn the_tree_reads_its_text_a_slice_at_a_time_and_only_while_on_screen() {
        let value: Rc<str> = Rc::from(r#"{"a": {"b": 1, "c": [true]}, "d": "x"}"#);
        let loaded: Rc<str> = Rc::from(r#"{"a": {"b": 2, "c": [true]}, "d": "x"}"#);
        let texts = Texts { value: &value, loaded: &loaded, unparsable: false };
        let mut tree = Tree::default();
        assert!(tree.want(&texts).is_empty(), "off screen: no work");
        let (_, effects) = tree.apply(TreeAction::Shown(true), &texts);
        assert_eq!(effects.len(), 1);
        assert!(tree.apply(TreeAction::Shown(true), &texts).1.is_empty(), "the work under way is not started twice");
        assert!(!tree.fresh(&texts));
        assert_eq!(tree.status(false), "Reading the settings… 0%");
        settle(&mut tree, &texts, effects);
        assert!(tree.fresh(&texts));
        assert_eq!(shown_pointers(&tree), ["/a", "/a/b", "/a/c", "/d"]);
        assert_eq!(tree.status(true), "4 row(s)");
        assert_eq!(tree.shown.as_ref().unwrap().changed.count, 1, "/a/b differs from Graph's");
        let unparsable = Texts { unparsable: true, ..texts };
        let (_, effects) = tree.apply(TreeAction::View(Action::SetFilter("x".into())), &unparsable);
        assert!(effects.is_empty(), "text that does not parse needs no work");
    }

    #[test]
    fn a_newer_choice_replaces_the_work_under_way_and_an_old_slice_does_nothing() {
        let value: Rc<str> = Rc::from(r#"{"word": {"macros": 1}, "excel": {"macros": 2}}"#);
        let texts = Texts { value: &value, loaded: &value, unparsable: false };
        let mut tree = Tree::default();
        let (_, first) = tree.apply(TreeAction::Shown(true), &texts);
        let (_, second) = tree.apply(TreeAction::View(Action::SetFilter("excel".into())), &texts);
        assert_ne!(first, second);
        assert!(tree.apply(TreeAction::Step(1), &texts).1.is_empty(), "the replaced job's slice is dropped");
        assert!(tree.shown.is_none());
        settle(&mut tree, &texts, second);
        assert_eq!(shown_pointers(&tree), ["/excel", "/excel/macros"]);
        assert_eq!(tree.status(true), "2 setting(s) match", "the section on the way matches too");
    }

    #[test]
    fn a_value_set_here_is_the_new_text_and_its_index_is_shifted_not_read_again() {
        let value: Rc<str> = Rc::from("{\n  \"a\": 1,\n  \"b\": \"x\"\n}");
        let texts = Texts { value: &value, loaded: &value, unparsable: false };
        let mut tree = shown_tree(&texts);
        let set =
            Edit::Set { pointer: "/a".into(), value: crate::core::text::settings::Scalar::Number("12345".into()) };
        let (made, effects) = tree.apply(TreeAction::Edit(set), &texts);
        let made = made.unwrap();
        assert_eq!(&*made, "{\n  \"a\": 12345,\n  \"b\": \"x\"\n}");
        assert!(effects.is_empty(), "the session hands the new text back first");
        let now = Texts { value: &made, loaded: &value, unparsable: false };
        let effects = tree.want(&now);
        assert_eq!(settle(&mut tree, &now, effects), 1, "one slice: the index is shifted, only Graph's is known");
        assert_eq!(tree.shown.as_ref().unwrap().now.index, Index::new(&made));
        assert_eq!(tree.shown.as_ref().unwrap().changed.count, 1);
        let bad = Edit::Add { object: String::new(), key: "a".into(), kind: Kind::Null };
        assert_eq!(tree.apply(TreeAction::Edit(bad), &now).0, None);
        assert_eq!(tree.refused.as_deref(), Some("\"a\" is set already here; pick another name."));
    }

    #[test]
    fn an_added_entry_is_focused_and_scrolled_into_view_once_the_rows_show_it() {
        let text = format!(
            "{{\"settings\": [{}]}}",
            (0..30).map(|i| format!("{{\"settingId\": \"word16;L_{i}\"}}")).collect::<Vec<_>>().join(", ")
        );
        let value: Rc<str> = Rc::from(text.as_str());
        let texts = Texts { value: &value, loaded: &value, unparsable: false };
        let mut tree = shown_tree(&texts);
        assert_eq!((tree.focused, tree.first, tree.focus_moves), (0, 0, 0));
        let add =
            Edit::Insert { container: "/settings".into(), members: vec![(None, r#"{"settingId": "x;L_New"}"#.into())] };
        let made = tree.apply(TreeAction::Edit(add), &texts).0.unwrap();
        assert_eq!(tree.focus_moves, 0, "not before the rows are of the new text");
        let now = Texts { value: &made, loaded: &value, unparsable: false };
        let effects = tree.want(&now);
        settle(&mut tree, &now, effects);
        assert_eq!(shown_pointers(&tree)[tree.focused], "/settings/30", "the new entry, at the end");
        assert_eq!((tree.first, tree.focus_moves), (31 + 1 - VIEW_ROWS, 1), "in view at the bottom");
        // A keyed addition is found by its key; the next rows do not move the focus again.
        let keyed = Edit::Insert { container: String::new(), members: vec![(Some("a/b".into()), "1".into())] };
        let made = tree.apply(TreeAction::Edit(keyed), &now).0.unwrap();
        let after = Texts { value: &made, loaded: &value, unparsable: false };
        let effects = tree.want(&after);
        settle(&mut tree, &after, effects);
        assert_eq!(shown_pointers(&tree)[tree.focused], "/a~1b");
        let effects = tree.apply(TreeAction::View(Action::SetFilter("L_1".into())), &after).1;
        settle(&mut tree, &after, effects);
        assert_eq!(tree.focus_moves, 2, "revealed once");
    }

    #[test]
    fn a_setting_revealed_is_focused_with_its_sections_opened_and_the_filter_set_aside() {
        let text = format!(
            "{{{}, \"deep\": {{\"inner\": {{\"x\": 1}}}}}}",
            (0..30).map(|i| format!("\"k{i:02}\": {i}")).collect::<Vec<_>>().join(", ")
        );
        let value: Rc<str> = Rc::from(text.as_str());
        let texts = Texts { value: &value, loaded: &value, unparsable: false };
        let mut tree = shown_tree(&texts);
        let effects = tree.apply(TreeAction::View(Action::SetFilter("k0".into())), &texts).1;
        settle(&mut tree, &texts, effects);
        assert!(!shown_pointers(&tree).contains(&"/deep/inner/x".to_string()), "closed and filtered out");
        let effects = tree.apply(TreeAction::Reveal("/deep/inner/x".into()), &texts).1;
        assert_eq!(tree.focus_moves, 0, "not before the rows show it");
        settle(&mut tree, &texts, effects);
        assert_eq!(shown_pointers(&tree)[tree.focused], "/deep/inner/x");
        assert_eq!((tree.view.filter.as_str(), tree.first, tree.focus_moves), ("", 33 - VIEW_ROWS, 1));
        // One already in view is focused at once.
        let effects = tree.apply(TreeAction::Reveal("/k03".into()), &texts).1;
        assert!(effects.is_empty());
        assert_eq!((shown_pointers(&tree)[tree.focused].as_str(), tree.focus_moves), ("/k03", 2));
    }

    #[test]
    fn keys_move_the_focus_within_view_and_open_and_close_sections() {
        let text: String = format!(
            "{{\"s\": {{\"inner\": 1}}, {}}}",
            (0..30).map(|i| format!("\"k{i:02}\": {i}")).collect::<Vec<_>>().join(", ")
        );
        let value: Rc<str> = Rc::from(text.as_str());
        let texts = Texts { value: &value, loaded: &value, unparsable: false };
        let mut tree = shown_tree(&texts);
        let key = |tree: &mut Tree, row, key| {
            let effects = tree.apply(TreeAction::Key { row, key }, &texts).1;
            settle(tree, &texts, effects);
        };
        key(&mut tree, 0, Key::Right);
        assert_eq!(shown_pointers(&tree)[..3], ["/s", "/s/inner", "/k00"], "a closed section opens");
        key(&mut tree, 1, Key::Left);
        assert_eq!((tree.focused, tree.focus_moves), (0, 1), "Left on a setting goes to its section");
        key(&mut tree, 0, Key::Left);
        assert_eq!(shown_pointers(&tree)[..2], ["/s", "/k00"], "an open section closes");
        key(&mut tree, 0, Key::End);
        assert_eq!((tree.focused, tree.first), (30, 30 + 1 - VIEW_ROWS), "the last row, kept in view");
        key(&mut tree, 30, Key::Down);
        assert_eq!(tree.focused, 30, "nothing below the last");
        key(&mut tree, 30, Key::Home);
        assert_eq!((tree.focused, tree.first), (0, 0));
    }
}
