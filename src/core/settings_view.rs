//! The Settings view's state and reducer: which sections are open, the filter, "changed only",
//! and the rows it shows, worked out from the payload's JSON text ([`crate::core::settings`]).
//!
//! Sections are open at the first level and closed below it until the admin opens them, so a
//! big payload shows its first level only and the rest is never read; the filter and "changed
//! only" open every section on the way to what they find.

use crate::core::report::contains_folded;
use crate::core::settings::{self, children, Kind, Member};
use std::collections::{BTreeSet, HashMap};
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

/// One row of the tree.
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

/// The rows shown, and how many settings the filter matched.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visible {
    pub rows: Vec<Row>,
    pub matches: usize,
}

/// The path of a setting as the view shows it: `word › protectedView › internetFiles`.
pub fn breadcrumb(pointer: &str) -> String {
    settings::parse_pointer(pointer).unwrap_or_default().join(" › ")
}

/// A scalar's text for matching and showing: a string unescaped, anything else as written.
pub fn scalar_text(text: &str, member: &Member) -> String {
    let raw = &text[member.span.clone()];
    match member.kind {
        Kind::String => settings::unquote(raw),
        _ => raw.to_string(),
    }
}

/// The pointers of the settings that differ from `loaded` (values compared as JSON, sections by
/// their settings; identical text is skipped unread). A section Graph does not have counts as
/// changed, with everything in it.
pub fn changed_pointers(text: &str, loaded: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    if let (Some(now), Some(was)) = (settings::root(text), settings::root(loaded)) {
        compare(text, &now, loaded, Some(&was), &mut Vec::new(), &mut out);
    }
    out
}

fn compare(
    text: &str,
    now: &Member,
    loaded: &str,
    was: Option<&Member>,
    path: &mut Vec<String>,
    out: &mut BTreeSet<String>,
) {
    if let Some(was) = was {
        if text[now.span.clone()] == loaded[was.span.clone()] {
            return;
        }
    }
    let containers = matches!(now.kind, Kind::Object | Kind::Array);
    let same_kind = was.is_some_and(|w| w.kind == now.kind);
    if !containers || !same_kind {
        let equal = was.is_some_and(|w| {
            serde_json::from_str::<serde_json::Value>(&text[now.span.clone()]).ok()
                == serde_json::from_str::<serde_json::Value>(&loaded[w.span.clone()]).ok()
        });
        if !equal && !path.is_empty() {
            out.insert(settings::pointer(path));
        }
        if !containers || equal {
            return;
        }
    }
    let before = match was.filter(|_| same_kind) {
        Some(w) => children(loaded, w),
        None => Vec::new(),
    };
    // Settings usually keep their places: matched by position first, by key when moved.
    let mut by_key: Option<HashMap<&str, &Member>> = None;
    for (i, child) in children(text, now).into_iter().enumerate() {
        let was = match before.get(i).filter(|b| b.key == child.key) {
            Some(same_place) => Some(same_place),
            None => by_key
                .get_or_insert_with(|| before.iter().map(|m| (m.key.as_str(), m)).collect())
                .get(child.key.as_str())
                .copied(),
        };
        path.push(child.key.clone());
        compare(text, &child, loaded, was, path, out);
        path.pop();
    }
}

/// The rows the view shows for `text`; `changed` are the pointers that differ from Graph's.
pub fn visible(text: &str, view: &SettingsView, changed: &BTreeSet<String>) -> Visible {
    let mut out = Visible::default();
    let Some(root) = settings::root(text) else { return out };
    let needle = view.filter.trim().to_lowercase();
    let mut walk =
        Walk { text, view, changed, needle: &needle, pointer: String::new(), crumb: String::new(), depth: 0 };
    walk.walk(&root, &mut out);
    out
}

/// A walk over the open sections (all of them while searching), keeping the current setting's
/// pointer and lower-case breadcrumb as it goes: no allocation per setting but the rows kept.
struct Walk<'a> {
    text: &'a str,
    view: &'a SettingsView,
    changed: &'a BTreeSet<String>,
    needle: &'a str,
    pointer: String,
    crumb: String,
    depth: usize,
}

/// Appends `key` lower-cased (ASCII without allocating).
fn push_lower(to: &mut String, key: &str) {
    if key.is_ascii() {
        to.extend(key.chars().map(|c| c.to_ascii_lowercase()));
    } else {
        to.push_str(&key.to_lowercase());
    }
}

impl Walk<'_> {
    /// Whether the filter or "changed only" decides what is shown.
    fn searching(&self) -> bool {
        !self.needle.is_empty() || self.view.changed_only
    }

    /// Whether the current setting is one the search looks for.
    fn wanted(&self, member: &Member) -> bool {
        if self.view.changed_only && !self.changed.contains(self.pointer.as_str()) {
            return false;
        }
        self.needle.is_empty()
            || self.crumb.contains(self.needle)
            || (!matches!(member.kind, Kind::Object | Kind::Array) && {
                let raw = &self.text[member.span.clone()];
                // Without escapes the text between the quotes is the value: no copy to match it.
                let plain =
                    if member.kind == Kind::String && !raw.contains('\\') { raw.get(1..raw.len() - 1) } else { None };
                match plain {
                    Some(value) => contains_folded(value, self.needle),
                    None => contains_folded(&scalar_text(self.text, member), self.needle),
                }
            })
    }

    fn row(&self, member: &Member, open: bool, in_list: bool) -> Row {
        Row {
            in_list,
            pointer: self.pointer.clone(),
            depth: self.depth,
            key: member.key.clone(),
            kind: member.kind,
            span: member.span.clone(),
            open,
            changed: self.changed.contains(self.pointer.as_str()),
        }
    }

    /// Adds the rows of `container`'s settings; returns whether it added any.
    fn walk(&mut self, container: &Member, out: &mut Visible) -> bool {
        let mut any = false;
        let (searching, in_list) = (self.searching(), container.kind == Kind::Array);
        for member in children(self.text, container) {
            let (pointer_len, crumb_len) = (self.pointer.len(), self.crumb.len());
            self.pointer.push('/');
            self.pointer.push_str(&settings::escape(&member.key));
            if !self.needle.is_empty() {
                if self.depth > 0 {
                    self.crumb.push_str(" › ");
                }
                push_lower(&mut self.crumb, &member.key);
            }
            self.depth += 1;
            let section = matches!(member.kind, Kind::Object | Kind::Array);
            if searching {
                let wanted = self.wanted(&member);
                out.matches += usize::from(wanted);
                let row_at = out.rows.len();
                let inside = section && self.walk(&member, out);
                if wanted || inside {
                    // Placed before the rows found inside it.
                    out.rows.insert(row_at, self.row(&member, inside, in_list));
                }
                any |= wanted || inside;
            } else {
                let open = section && self.view.is_open(&self.pointer, self.depth);
                out.rows.push(self.row(&member, open, in_list));
                if open {
                    self.walk(&member, out);
                }
                any = true;
            }
            self.depth -= 1;
            self.pointer.truncate(pointer_len);
            self.crumb.truncate(crumb_len);
        }
        any
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    fn shown(v: &Visible) -> Vec<(usize, &str, bool)> {
        v.rows.iter().map(|r| (r.depth, r.pointer.as_str(), r.open)).collect()
    }

    #[test]
    fn the_first_level_is_open_and_deeper_sections_open_on_request() {
        let view = SettingsView::default();
        let rows = visible(LOADED, &view, &BTreeSet::new());
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
        let rows = visible(LOADED, &view, &BTreeSet::new());
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
        let rows = visible(LOADED, &view, &BTreeSet::new());
        assert_eq!(
            shown(&rows),
            [
                (1, "/word", true),
                (2, "/word/blockMacrosFromInternet", false),
                (2, "/word/protectedView", true),
                (3, "/word/protectedView/internetFiles", false),
            ]
        );
        assert_eq!(rows.matches, 2);
        let by_value =
            visible(LOADED, &SettingsView::default().apply(Action::SetFilter("inbox".into())), &BTreeSet::new());
        assert_eq!(
            shown(&by_value),
            [(1, "/outlook", true), (2, "/outlook/folders", true), (3, "/outlook/folders/0", false)]
        );
        assert_eq!(by_value.matches, 1);
        let in_list: Vec<bool> = by_value.rows.iter().map(|r| r.in_list).collect();
        assert_eq!(in_list, [false, false, true], "only the list's item can move");
        let none =
            visible(LOADED, &SettingsView::default().apply(Action::SetFilter("nothing".into())), &BTreeSet::new());
        assert_eq!((none.rows.len(), none.matches), (0, 0));
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
        let rows = visible(&edited, &view, &changed);
        assert_eq!(
            rows.rows.iter().map(|r| (r.pointer.as_str(), r.changed)).collect::<Vec<_>>(),
            [
                ("/word", false),
                ("/word/protectedView", false),
                ("/word/protectedView/internetFiles", true),
                ("/outlook", false),
                ("/outlook/newOne", true),
                ("/outlook/newOne/x", true),
            ]
        );
        assert_eq!(rows.matches, 3);
        assert!(changed_pointers(LOADED, LOADED).is_empty());
        let retyped = changed_pointers("{\"a\": [1, 2]}", "{\"a\": {\"0\": 1}}");
        assert_eq!(retyped.into_iter().collect::<Vec<_>>(), ["/a", "/a/0", "/a/1"], "a section of another kind");
    }
}
