//! The Settings view's state and reducer: which sections are open, the filter, "changed only",
//! and the rows it shows, worked out from the payload's JSON text ([`crate::core::text::settings`]).
//!
//! Sections are open at the first level and closed below it until the admin opens them, so a
//! big payload shows its first level only and the rest is never read; the filter and "changed
//! only" open every section on the way to what they find.

use crate::core::text::diff::changed;
use crate::core::text::fold::contains_folded;
use crate::core::text::settings::{self, Kind};
use crate::core::text::settings_index::{Index, Node};
use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

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
#[derive(Clone, Debug)]
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
