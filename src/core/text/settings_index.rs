//! Where every value of a payload's JSON text is, in document order, read in one pass: the one
//! reader of a payload's text, the one way to find a setting in it ([`Index::find`],
//! [`Index::children`]) and to edit it ([`Index::edit`]).
//!
//! The Settings view keeps one [`Index`] per text, so a 5 MB payload is read once when the view
//! opens, not again for each section opened, each row drawn or each keystroke of the filter; a
//! value the view changes shifts the places after it instead of being read again
//! ([`Index::shifted`]). The nodes are in document order (each container before what it
//! holds), so a container's settings are the nodes up to its `next`.
//!
//! Like [`crate::core::text::settings`], the reader trusts the text to be JSON (the view is read-only
//! while it is not), and only guarantees that text which is not ends the index early, never in a
//! panic or a loop; for JSON, each container's settings are exactly what serde_json reads
//! (property-tested).

use crate::core::text::settings::{
    self, key_text, lay_out, line_indent, skip_scalar, skip_string, skip_whitespace, splice, Edit, EditError, Kind,
    Layout,
};
use serde_json::Value;
use std::borrow::Cow;
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

/// An index being read a part at a time, so that a big text never holds the page for long:
/// [`Reading::step`] until it is done, then [`Reading::finish`].
#[derive(Clone, Debug, PartialEq)]
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

    /// Makes one edit: the text of one setting replaced, inserted or deleted, the text around
    /// it kept exactly. For a single value set, also the [`Shift`] that makes this index the
    /// new text's.
    pub fn edit(&self, text: &str, edit: &Edit) -> Result<(String, Option<Shift>), EditError> {
        let missing = |p: &str| EditError::NoSuchSetting(p.to_string());
        let find = |p: &str| self.find(text, p).ok_or_else(|| missing(p));
        // A setting inside a container of `kind` (never the root), and that container.
        let member = |p: &str, kind: Option<Kind>| {
            let id = find(p).ok().filter(|id| *id != 0).ok_or_else(|| missing(p))?;
            let parent = self.nodes[id].parent;
            match kind.is_none_or(|k| self.nodes[parent].kind == k) {
                true => Ok((id, parent)),
                false => Err(missing(p)),
            }
        };
        let taken = |object: usize, key: &str| self.children(object).any(|c| self.key(text, c) == key);
        let edited = match edit {
            Edit::Set { pointer, value } => {
                let id = find(pointer)?;
                let json = value.to_json()?;
                let edited = splice(text, self.nodes[id].span.clone(), &json);
                let shift = (!self.nodes[id].is_section()).then(|| Shift { id, kind: value.kind(), len: json.len() });
                return Ok((edited, shift));
            }
            Edit::Add { object, key, kind } => {
                if key.is_empty() {
                    return Err(EditError::EmptyKey);
                }
                let at = find(object)
                    .ok()
                    .filter(|id| self.nodes[*id].kind == Kind::Object)
                    .ok_or_else(|| missing(object))?;
                if taken(at, key) {
                    return Err(EditError::KeyTaken(key.clone()));
                }
                self.append(text, at, &[format!("{}: {}", Value::String(key.clone()), kind.default_text())])
            }
            Edit::Append { array, kind } => {
                let at =
                    find(array).ok().filter(|id| self.nodes[*id].kind == Kind::Array).ok_or_else(|| missing(array))?;
                let kind =
                    kind.or_else(|| self.children(at).last().map(|item| self.nodes[item].kind)).unwrap_or(Kind::String);
                self.append(text, at, &[kind.default_text().to_string()])
            }
            Edit::Insert { container, members } => return self.insert(text, container, members),
            Edit::Remove { pointer } => {
                let (id, parent) = member(pointer, None)?;
                let members: Vec<usize> = self.children(parent).collect();
                let range = match (self.nodes[id].item, members.len()) {
                    // The only one: the container becomes empty, as serde_json writes an empty one.
                    (_, 1) => {
                        let empty = if self.nodes[parent].kind == Kind::Object { "{}" } else { "[]" };
                        return Ok((splice(text, self.nodes[parent].span.clone(), empty), None));
                    }
                    // The first: up to the next one's start.
                    (0, _) => self.start(members[0])..self.start(members[1]),
                    // Any other: from the end of the one before it.
                    (i, _) => self.nodes[members[i - 1]].span.end..self.nodes[id].span.end,
                };
                splice(text, range, "")
            }
            Edit::Rename { pointer, key } => {
                if key.is_empty() {
                    return Err(EditError::EmptyKey);
                }
                let (id, parent) = member(pointer, Some(Kind::Object))?;
                if *key != self.key(text, id) && taken(parent, key) {
                    return Err(EditError::KeyTaken(key.clone()));
                }
                splice(text, self.nodes[id].key.clone(), &Value::String(key.clone()).to_string())
            }
            Edit::Move { pointer, up } => {
                let (id, parent) = member(pointer, Some(Kind::Array))?;
                let items: Vec<usize> = self.children(parent).collect();
                let index = self.nodes[id].item;
                let other = match up {
                    true => index.checked_sub(1),
                    false => Some(index + 1).filter(|i| *i < items.len()),
                };
                let Some(other) = other else { return Err(EditError::CannotMove) };
                let (first, second) = match other < index {
                    true => (&self.nodes[items[other]].span, &self.nodes[id].span),
                    false => (&self.nodes[id].span, &self.nodes[items[other]].span),
                };
                let mut out = String::with_capacity(text.len());
                out.push_str(&text[..first.start]);
                out.push_str(&text[second.clone()]);
                out.push_str(&text[first.end..second.start]);
                out.push_str(&text[first.clone()]);
                out.push_str(&text[second.end..]);
                out
            }
        };
        Ok((edited, None))
    }

    /// Where a setting's text starts: its key's, in an object.
    fn start(&self, id: usize) -> usize {
        let node = &self.nodes[id];
        if node.key.is_empty() {
            node.span.start
        } else {
            node.key.start
        }
    }

    /// How a container lays out its entries: on lines of their own (and at which level of
    /// two-space indentation), or on its line after a `, `. An empty one gets lines, as
    /// serde_json's pretty form writes it.
    fn layout(&self, text: &str, container: usize) -> Layout {
        let span = &self.nodes[container].span;
        match self.children(container).last() {
            None => Layout::Indented { level: line_indent(text, span.start).len() / 2 + 1 },
            Some(last) => match text[span.start + 1..self.start(last)].contains('\n') {
                true => Layout::Indented { level: line_indent(text, self.start(last)).len() / 2 },
                false => Layout::Compact,
            },
        }
    }

    /// `text` with `entries` (members' or items' text) inserted at the end of `container`, laid
    /// out as [`Index::layout`] says.
    fn append(&self, text: &str, container: usize, entries: &[String]) -> String {
        let span = self.nodes[container].span.clone();
        match self.children(container).last() {
            None => {
                let indent = line_indent(text, span.start);
                let (open, close) = if self.nodes[container].kind == Kind::Object { ('{', '}') } else { ('[', ']') };
                let body = entries.join(&format!(",\n{indent}  "));
                splice(text, span.clone(), &format!("{open}\n{indent}  {body}\n{indent}{close}"))
            }
            Some(last) => {
                let end = self.nodes[last].span.end;
                let separator = match self.layout(text, container) {
                    Layout::Indented { .. } => format!(",\n{}", line_indent(text, self.start(last))),
                    Layout::Compact => ", ".to_string(),
                };
                let insert: String = entries.iter().map(|e| format!("{separator}{e}")).collect();
                splice(text, end..end, &insert)
            }
        }
    }

    /// [`Edit::Insert`]: every member is JSON, keyed exactly when the container is an object,
    /// by a key it does not have yet.
    fn insert(
        &self,
        text: &str,
        container: &str,
        members: &[(Option<String>, String)],
    ) -> Result<(String, Option<Shift>), EditError> {
        for (_, json) in members {
            serde_json::from_str::<Value>(json).map_err(|e| EditError::NotJson(e.to_string()))?;
        }
        let keyed = members.iter().all(|(k, _)| k.is_some());
        let entry = |key: &Option<String>, json: &str, layout: Layout| {
            let json = lay_out(json, layout);
            match key {
                Some(k) => format!("{}: {json}", Value::String(k.clone())),
                None => json,
            }
        };
        if self.nodes.is_empty() && container.is_empty() {
            let (open, close) = if keyed { ('{', '}') } else { ('[', ']') };
            let body: Vec<String> = members.iter().map(|(k, j)| entry(k, j, Layout::Compact)).collect();
            let made = format!("{open}{}{close}", body.join(","));
            return Ok((lay_out(&made, Layout::Indented { level: 0 }), None));
        }
        let missing = || EditError::NoSuchSetting(container.to_string());
        let at = self.find(text, container).ok_or_else(missing)?;
        let fits = match self.nodes[at].kind {
            Kind::Object => keyed,
            Kind::Array => members.iter().all(|(k, _)| k.is_none()),
            _ => false,
        };
        if !fits || members.is_empty() {
            return Err(missing());
        }
        let mut new_keys = std::collections::HashSet::new();
        for key in members.iter().filter_map(|(k, _)| k.as_ref()) {
            if key.is_empty() {
                return Err(EditError::EmptyKey);
            }
            if !new_keys.insert(key) || self.children(at).any(|c| self.key(text, c) == *key) {
                return Err(EditError::KeyTaken(key.clone()));
            }
        }
        // As the container lays out its entries, but on one line where its last entry is a
        // section with members on one line (`{"a": 1}` items, one a line).
        let one_line = |last: usize| {
            let node = &self.nodes[last];
            node.is_section() && self.children(last).next().is_some() && !text[node.span.clone()].contains('\n')
        };
        let layout = match (self.layout(text, at), self.children(at).last()) {
            (Layout::Indented { .. }, Some(last)) if one_line(last) => Layout::Compact,
            (layout, _) => layout,
        };
        let entries: Vec<String> = members.iter().map(|(k, j)| entry(k, j, layout)).collect();
        Ok((self.append(text, at, &entries), None))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::text::settings::Scalar;

    /// One edit made through a fresh index of `text`.
    fn apply(text: &str, edit: &Edit) -> Result<String, EditError> {
        Index::new(text).edit(text, edit).map(|(edited, _)| edited)
    }

    const DOC: &str = r#"{
  "word": {
    "blockMacrosFromInternet": true,
    "protectedView": {
      "internetFiles": "on"
    },
    "a/b~c": 1
  },
  "outlook": {
    "cachedModeMonths": 12345678901234567890123,
    "folders": [
      "Inbox",
      "Sent"
    ],
    "empty": {}
  }
}"#;

    #[test]
    fn settings_are_found_by_pointer_and_read_one_container_at_a_time() {
        let index = Index::new(DOC);
        let span = |p: &str| index.find(DOC, p).map(|id| &DOC[index.node(id).span.clone()]);
        let outlook = index.find(DOC, "/outlook").unwrap();
        let keys: Vec<(String, Kind)> =
            index.children(outlook).map(|c| (index.key(DOC, c).into_owned(), index.node(c).kind)).collect();
        assert_eq!(
            keys,
            [
                ("cachedModeMonths".into(), Kind::Number),
                ("folders".into(), Kind::Array),
                ("empty".into(), Kind::Object)
            ]
        );
        assert_eq!(span("/outlook/cachedModeMonths"), Some("12345678901234567890123"), "kept as written");
        assert_eq!(span("/outlook/folders/1"), Some("\"Sent\""));
        assert_eq!(span("/word/a~1b~0c"), Some("1"));
        assert_eq!(span("/word/nothing"), None);
        assert_eq!(span("/outlook/folders/2"), None);
        assert_eq!(span("/outlook/folders/01"), None, "no leading zero (RFC 6901)");
    }

    #[test]
    fn each_edit_changes_just_its_setting_and_keeps_the_layout() {
        let set = |p: &str, value: Scalar| Edit::Set { pointer: p.into(), value };
        let cases: Vec<(Edit, &str, &str)> = vec![
            (set("/word/blockMacrosFromInternet", Scalar::Bool(false)), "true,", "false,"),
            (
                set("/word/protectedView/internetFiles", Scalar::Text("off \"now\"".into())),
                "\"on\"",
                r#""off \"now\"""#,
            ),
            (
                set("/outlook/cachedModeMonths", Scalar::Number("98765432109876543210".into())),
                "12345678901234567890123",
                "98765432109876543210",
            ),
            (set("/word/blockMacrosFromInternet", Scalar::Null), "true,", "null,"),
            (
                Edit::Add { object: "/word/protectedView".into(), key: "attachments".into(), kind: Kind::Bool },
                "\"on\"\n",
                "\"on\",\n      \"attachments\": false\n",
            ),
            (
                Edit::Add { object: "/outlook/empty".into(), key: "x".into(), kind: Kind::Number },
                "\"empty\": {}",
                "\"empty\": {\n      \"x\": 0\n    }",
            ),
            (Edit::Append { array: "/outlook/folders".into(), kind: None }, "\"Sent\"\n", "\"Sent\",\n      \"\"\n"),
            (Edit::Remove { pointer: "/word/a~1b~0c".into() }, "},\n    \"a/b~c\": 1\n", "}\n"),
            (Edit::Remove { pointer: "/outlook/folders/0".into() }, "\"Inbox\",\n      ", ""),
            (
                Edit::Remove { pointer: "/word/protectedView/internetFiles".into() },
                "{\n      \"internetFiles\": \"on\"\n    }",
                "{}",
            ),
            (Edit::Rename { pointer: "/word/a~1b~0c".into(), key: "c\"d".into() }, "\"a/b~c\"", r#""c\"d""#),
            (
                Edit::Move { pointer: "/outlook/folders/1".into(), up: true },
                "\"Inbox\",\n      \"Sent\"",
                "\"Sent\",\n      \"Inbox\"",
            ),
            (
                Edit::Insert {
                    container: "/outlook/folders".into(),
                    members: vec![(None, r#"{"a":1,"b":[2]}"#.into()), (None, "3".into())],
                },
                "\"Sent\"\n",
                "\"Sent\",\n      {\n        \"a\": 1,\n        \"b\": [\n          2\n        ]\n      },\n      3\n",
            ),
            (
                Edit::Insert {
                    container: "/outlook/empty".into(),
                    members: vec![(Some("x".into()), "1".into()), (Some("y".into()), "{}".into())],
                },
                "\"empty\": {}",
                "\"empty\": {\n      \"x\": 1,\n      \"y\": {}\n    }",
            ),
        ];
        for (edit, before, after) in cases {
            let out = apply(DOC, &edit).unwrap_or_else(|e| panic!("{edit:?}: {e}"));
            assert_eq!(out, DOC.replacen(before, after, 1), "{edit:?}");
            serde_json::from_str::<Value>(&out).unwrap_or_else(|e| panic!("{edit:?} made invalid JSON: {e}"));
        }
    }

    #[test]
    fn edits_that_cannot_be_made_say_why_and_change_nothing() {
        let cases: Vec<(Edit, EditError)> = vec![
            (Edit::Set { pointer: "/nope".into(), value: Scalar::Null }, EditError::NoSuchSetting("/nope".into())),
            (
                Edit::Set { pointer: "/outlook/cachedModeMonths".into(), value: Scalar::Number("1,5".into()) },
                EditError::NotANumber("1,5".into()),
            ),
            (
                Edit::Set { pointer: "/outlook/cachedModeMonths".into(), value: Scalar::Number("+1".into()) },
                EditError::NotANumber("+1".into()),
            ),
            (
                Edit::Set { pointer: "/outlook/cachedModeMonths".into(), value: Scalar::Number("01".into()) },
                EditError::NotANumber("01".into()),
            ),
            (
                Edit::Add { object: "/word".into(), key: "a/b~c".into(), kind: Kind::Null },
                EditError::KeyTaken("a/b~c".into()),
            ),
            (Edit::Add { object: "/word".into(), key: String::new(), kind: Kind::Null }, EditError::EmptyKey),
            (
                Edit::Rename { pointer: "/outlook/empty".into(), key: "folders".into() },
                EditError::KeyTaken("folders".into()),
            ),
            (Edit::Move { pointer: "/outlook/folders/0".into(), up: true }, EditError::CannotMove),
            (Edit::Move { pointer: "/outlook/folders/1".into(), up: false }, EditError::CannotMove),
            (
                Edit::Insert { container: "/word".into(), members: vec![(Some("a/b~c".into()), "1".into())] },
                EditError::KeyTaken("a/b~c".into()),
            ),
            (
                Edit::Insert {
                    container: "/word".into(),
                    members: vec![(Some("n".into()), "1".into()), (Some("n".into()), "2".into())],
                },
                EditError::KeyTaken("n".into()),
            ),
            (
                Edit::Insert { container: "/outlook/folders".into(), members: vec![(Some("k".into()), "1".into())] },
                EditError::NoSuchSetting("/outlook/folders".into()),
            ),
            (
                Edit::Insert { container: "/word".into(), members: vec![(None, "1".into())] },
                EditError::NoSuchSetting("/word".into()),
            ),
        ];
        for (edit, expected) in cases {
            assert_eq!(apply(DOC, &edit), Err(expected), "{edit:?}");
        }
        let not_json = Edit::Insert { container: "/word".into(), members: vec![(Some("k".into()), "{nope".into())] };
        assert!(matches!(apply(DOC, &not_json), Err(EditError::NotJson(_))));
    }

    #[test]
    fn an_insert_on_one_line_stays_on_it_and_a_blank_text_becomes_the_container() {
        let one_line = r#"{"a": 1}"#;
        let insert =
            Edit::Insert { container: String::new(), members: vec![(Some("b".into()), r#"{"c": [1, 2]}"#.into())] };
        assert_eq!(apply(one_line, &insert).unwrap(), r#"{"a": 1, "b": {"c":[1,2]}}"#);
        assert_eq!(apply("  ", &insert).unwrap(), "{\n  \"b\": {\n    \"c\": [\n      1,\n      2\n    ]\n  }\n}");
        let items = Edit::Insert { container: String::new(), members: vec![(None, "1".into())] };
        assert_eq!(apply("", &items).unwrap(), "[\n  1\n]");
    }
}
