//! Where every value of a payload's JSON text is, in document order, read in one pass.
//!
//! The Settings view keeps one [`Index`] per text, so a 5 MB payload is read once when the view
//! opens, not again for each section opened, each row drawn or each keystroke of the filter; a
//! value the view changes shifts the places after it instead of being read again
//! ([`Index::shifted`]). The nodes are in document order (each container before what it
//! holds), so a container's settings are the nodes up to its `next`.
//!
//! Like [`crate::core::text::settings`], the reader trusts the text to be JSON (the view is read-only
//! while it is not), and only guarantees that text which is not ends the index early, never in a
//! panic or a loop; for JSON, each container's settings are exactly what
//! [`crate::core::text::settings::children`] reads (property-tested).

use crate::core::text::bytes;
use crate::core::text::settings::{self, skip_string, skip_whitespace, Edit, EditError, Kind};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

/// One value: the root, a member of an object or an item of an array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Node {
    /// The key's text with its quotes; empty for the root and for array items.
    pub key: Range<usize>,
    /// The value's text.
    pub span: Range<usize>,
    pub kind: Kind,
    /// 0 for the root, 1 for the first level.
    pub depth: usize,
    /// The container holding it (the root's is itself).
    pub parent: usize,
    /// The node after its last descendant: its next sibling, if it has one.
    pub next: usize,
    /// Its place among its container's settings.
    pub item: usize,
}

impl Node {
    pub fn is_section(&self) -> bool {
        matches!(self.kind, Kind::Object | Kind::Array)
    }
}

/// A single value set: node `id` now holds a value of `kind`, `len` bytes long.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shift {
    pub id: usize,
    pub kind: Kind,
    pub len: usize,
}

/// The values of one text (empty when it has none).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Index {
    nodes: Vec<Node>,
}

/// The end of the number or literal starting at `at`.
fn skip_scalar(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r' | b'"') {
        i += 1;
    }
    i
}

/// An index being read a part at a time, so that a big text never holds the page for long:
/// [`Reading::step`] until it is done, then [`Reading::finish`].
#[derive(Clone, Debug)]
pub struct Reading {
    nodes: Vec<Node>,
    /// The containers still open, innermost last, each with how many settings it has so far.
    open: Vec<(usize, usize)>,
    at: usize,
    done: bool,
}

impl Reading {
    pub fn new(text: &str) -> Reading {
        let bytes = text.as_bytes();
        // About one value in 24 bytes in a typical policy; grown as needed.
        let mut nodes: Vec<Node> = Vec::with_capacity(text.len() / 24 + 1);
        let start = skip_whitespace(bytes, 0);
        let mut reading = Reading { nodes: Vec::new(), open: Vec::new(), at: start, done: true };
        let Some(&first) = bytes.get(start) else { return reading };
        let root = Node { key: 0..0, span: start..start, kind: Kind::of(first), depth: 0, parent: 0, next: 1, item: 0 };
        nodes.push(root);
        match nodes[0].kind {
            Kind::Object | Kind::Array => {
                reading.open.push((0, 0));
                reading.at += 1;
                reading.done = false;
            }
            Kind::String => nodes[0].span.end = skip_string(bytes, start),
            _ => nodes[0].span.end = skip_scalar(bytes, start).max(start + 1),
        }
        reading.nodes = nodes;
        reading
    }

    /// How far it has read, as a share of the text's bytes.
    pub fn progress(&self, text: &str) -> f64 {
        if self.done || text.is_empty() {
            return 1.0;
        }
        self.at as f64 / text.len() as f64
    }

    /// Reads on, about `bytes` more of the text; whether it is done.
    pub fn step(&mut self, text: &str, bytes: usize) -> bool {
        let text = text.as_bytes();
        let until = self.at.saturating_add(bytes);
        let mut at = self.at;
        let (nodes, open) = (&mut self.nodes, &mut self.open);
        while let Some(&(container, count)) = open.last() {
            if at >= until {
                self.at = at;
                return false;
            }
            at = skip_whitespace(text, at);
            let Some(&c) = text.get(at) else { break };
            if c == b'}' || c == b']' {
                nodes[container].span.end = at + 1;
                nodes[container].next = nodes.len();
                open.pop();
                at = skip_whitespace(text, at + 1);
                if text.get(at) == Some(&b',') {
                    at += 1;
                }
                continue;
            }
            let key = if nodes[container].kind == Kind::Object {
                if c != b'"' {
                    break;
                }
                let key = at..skip_string(text, at);
                at = skip_whitespace(text, key.end);
                if text.get(at) != Some(&b':') {
                    break;
                }
                at = skip_whitespace(text, at + 1);
                key
            } else {
                at..at
            };
            let Some(&first) = text.get(at) else { break };
            if matches!(first, b',' | b'}' | b']' | b':') {
                break;
            }
            let kind = Kind::of(first);
            let id = nodes.len();
            let depth = nodes[container].depth + 1;
            if let Some(top) = open.last_mut() {
                top.1 += 1;
            }
            nodes.push(Node { key, span: at..at, kind, depth, parent: container, next: id + 1, item: count });
            match kind {
                Kind::Object | Kind::Array => {
                    open.push((id, 0));
                    at += 1;
                }
                _ => {
                    let end = if kind == Kind::String { skip_string(text, at) } else { skip_scalar(text, at) };
                    nodes[id].span.end = end;
                    at = skip_whitespace(text, end);
                    if text.get(at) == Some(&b',') {
                        at += 1;
                    }
                }
            }
        }
        // The end, or text that stopped making sense: what is still open ends with it.
        for (container, _) in open.drain(..) {
            nodes[container].span.end = text.len();
            nodes[container].next = nodes.len();
        }
        self.at = at;
        self.done = true;
        true
    }

    pub fn finish(self) -> Index {
        Index { nodes: self.nodes }
    }
}

impl Index {
    /// Reads `text` at once.
    pub fn new(text: &str) -> Index {
        let mut reading = Reading::new(text);
        while !reading.step(text, usize::MAX) {}
        reading.finish()
    }

    pub fn nodes(&self) -> &[Node] {
        &self.nodes
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn node(&self, id: usize) -> &Node {
        &self.nodes[id]
    }

    /// The settings of container `id`, in order.
    pub fn children(&self, id: usize) -> impl Iterator<Item = usize> + '_ {
        let end = self.nodes[id].next;
        std::iter::successors(Some(id + 1).filter(|c| *c < end), move |c| {
            Some(self.nodes[*c].next).filter(|n| *n < end)
        })
    }

    /// A node's key, unescaped; an array item's is its index.
    pub fn key<'t>(&self, text: &'t str, id: usize) -> Cow<'t, str> {
        let node = &self.nodes[id];
        if node.key.is_empty() {
            return match id {
                0 => Cow::Borrowed(""),
                _ => Cow::Owned(node.item.to_string()),
            };
        }
        key_text(&text[node.key.clone()])
    }

    /// A node's JSON Pointer.
    pub fn pointer(&self, text: &str, id: usize) -> String {
        let mut keys = Vec::new();
        let mut at = id;
        while at != 0 {
            keys.push(self.key(text, at));
            at = self.nodes[at].parent;
        }
        keys.reverse();
        settings::pointer(&keys)
    }

    /// The first setting whose key its object has already: readers disagree on which of the two
    /// counts (Graph's, serde's, a pointer's), so the Settings view does not edit such a text.
    pub fn repeated_key(&self, text: &str) -> Option<usize> {
        let mut seen = std::collections::HashSet::new();
        self.nodes.iter().enumerate().skip(1).find_map(|(id, node)| {
            let key = text.get(node.key.clone()).filter(|k| !k.is_empty())?;
            (!seen.insert((node.parent, key_text(key)))).then_some(id)
        })
    }

    /// The node a pointer names, if the text has it.
    pub fn find(&self, text: &str, pointer: &str) -> Option<usize> {
        let mut at = 0;
        if self.nodes.is_empty() {
            return None;
        }
        for key in settings::parse_pointer(pointer)? {
            at = match self.nodes[at].kind {
                Kind::Object => self.children(at).find(|c| key_text(&text[self.nodes[*c].key.clone()]) == key)?,
                Kind::Array => self.children(at).nth(settings::array_index(&key)?)?,
                _ => return None,
            };
        }
        Some(at)
    }

    /// Makes `edit` as [`settings::apply`] does (`&self` finding the setting when a value is
    /// set). For a single value set, also the [`Shift`] that makes this index the new text's.
    pub fn edit(&self, text: &str, edit: &Edit) -> Result<(String, Option<Shift>), EditError> {
        if let Edit::Set { pointer, value } = edit {
            let id = self.find(text, pointer).ok_or_else(|| EditError::NoSuchSetting(pointer.clone()))?;
            let json = value.to_json()?;
            let edited = settings::splice(text, self.nodes[id].span.clone(), &json);
            let shift = (!self.nodes[id].is_section()).then(|| Shift { id, kind: value.kind(), len: json.len() });
            return Ok((edited, shift));
        }
        Ok((settings::apply(text, edit)?, None))
    }

    /// This index moved to the text after a single value was set: the places after it shift,
    /// nothing is read.
    pub fn shifted(mut self, shift: &Shift) -> Index {
        let Shift { id, kind, len } = *shift;
        let Some(old) = self.nodes.get(id).filter(|n| !n.is_section()) else { return self };
        let (end, by) = (old.span.end, len as isize - old.span.len() as isize);
        let moved = |p: usize| p.checked_add_signed(by).unwrap_or(0);
        self.nodes[id].span.end = moved(end);
        self.nodes[id].kind = kind;
        // What ends after it: its sections, and everything after it.
        let mut at = id;
        while at != 0 {
            at = self.nodes[at].parent;
            self.nodes[at].span.end = moved(self.nodes[at].span.end);
        }
        for node in &mut self.nodes[id + 1..] {
            node.key = moved(node.key.start)..moved(node.key.end);
            node.span = moved(node.span.start)..moved(node.span.end);
        }
        self
    }
}

/// A key's text (with quotes) unescaped; without escapes, borrowed.
fn key_text(quoted: &str) -> Cow<'_, str> {
    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    match inner.contains('\\') {
        true => Cow::Owned(settings::unquote(quoted)),
        false => Cow::Borrowed(inner),
    }
}

/// Which nodes of `text` differ from `loaded` (values compared as JSON, sections by their
/// settings; identical text is skipped unread). A section Graph does not have counts as
/// changed, with everything in it; the root never does.
pub fn changed(text: &str, index: &Index, loaded: &str, was: &Index) -> Vec<bool> {
    let mut out = vec![false; index.len()];
    if !index.is_empty() && !was.is_empty() {
        let pair = Pair { text, index, loaded, was };
        pair.compare(0, Some(0), &mut out);
    }
    out
}

struct Pair<'a> {
    text: &'a str,
    index: &'a Index,
    loaded: &'a str,
    was: &'a Index,
}

impl Pair<'_> {
    fn compare(&self, id: usize, was: Option<usize>, out: &mut [bool]) {
        let now = self.index.node(id);
        let before = was.map(|w| self.was.node(w));
        if let Some(b) = before {
            if bytes::same(&self.text[now.span.clone()], &self.loaded[b.span.clone()]) {
                return;
            }
        }
        let same_kind = before.is_some_and(|b| b.kind == now.kind);
        if !now.is_section() || !same_kind {
            let equal = before.is_some_and(|b| {
                serde_json::from_str::<serde_json::Value>(&self.text[now.span.clone()]).ok()
                    == serde_json::from_str::<serde_json::Value>(&self.loaded[b.span.clone()]).ok()
            });
            out[id] = !equal && id != 0;
            if !now.is_section() || equal {
                return;
            }
        }
        let before: Vec<usize> = match was.filter(|_| same_kind) {
            Some(w) => self.was.children(w).collect(),
            None => Vec::new(),
        };
        let key = |text: &str, index: &Index, n: usize| key_text(&text[index.node(n).key.clone()]).into_owned();
        // Settings usually keep their places: matched by position first, by key when moved.
        let mut by_key: Option<HashMap<String, usize>> = None;
        let children: Vec<usize> = self.index.children(id).collect();
        for (i, child) in children.into_iter().enumerate() {
            let (mine, theirs) = (self.index.node(child), before.get(i).map(|b| self.was.node(*b)));
            let same_place = match theirs {
                Some(_) if now.kind == Kind::Array => true,
                Some(t) => {
                    self.text[mine.key.clone()] == self.loaded[t.key.clone()]
                        || key(self.text, self.index, child) == key(self.loaded, self.was, before[i])
                }
                None => false,
            };
            let counterpart = match same_place {
                true => Some(before[i]),
                false if now.kind == Kind::Object => {
                    let map = by_key
                        .get_or_insert_with(|| before.iter().map(|b| (key(self.loaded, self.was, *b), *b)).collect());
                    map.get(key(self.text, self.index, child).as_str()).copied()
                }
                false => None,
            };
            self.compare(child, counterpart, out);
        }
    }
}
