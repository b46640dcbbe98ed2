//! The one diff of two JSON texts by JSON Pointer: what the review lists, what the Settings
//! view's "changed only" marks, what compare and the import's dry run show, and the rule by
//! which effective policy tells two values apart. Both texts are read by their index
//! ([`Index`]); objects compare by key (order is no change), arrays by index, strings by what
//! they say (an escape is no change), numbers and literals by every character (a number changed
//! in its 23rd digit is a change, though both read as the same `f64`), and the space between
//! tokens is never a change. A subtree whose text is the same is skipped unread.

use crate::core::text::bytes;
use crate::core::text::settings::{self, key_text, Layout};
use crate::core::text::settings_index::Index;
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;

/// One difference, as the two texts' indexes name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Found {
    /// A value both hold, held otherwise. Two sections of one kind never are: what differs is
    /// inside them.
    Changed {
        was: usize,
        now: usize,
    },
    Added {
        now: usize,
    },
    Removed {
        was: usize,
    },
}

/// A text and its index.
pub type Read<'a> = (&'a str, &'a Index);

/// Every difference from `was` to `now`, in document order (within an object, its settings in
/// `was`'s order, then those only `now` has); nothing when either text has no value.
pub fn differences<'a>(was: Read<'a>, now: Read<'a>, mut found: impl FnMut(Found)) {
    enum Step {
        Compare(usize, usize),
        Report(Found),
    }
    if was.1.is_empty() || now.1.is_empty() {
        return;
    }
    let mut steps = vec![Step::Compare(0, 0)];
    let mut level = Vec::new();
    while let Some(step) = steps.pop() {
        let (w, n) = match step {
            Step::Report(f) => {
                found(f);
                continue;
            }
            Step::Compare(w, n) => (w, n),
        };
        let (a, b) = (was.1.node(w), now.1.node(n));
        let (old, new) = (&was.0[a.span.clone()], &now.0[b.span.clone()]);
        if bytes::same(old, new) {
            continue;
        }
        if !a.is_section() || a.kind != b.kind {
            if !same_leaf(old, new) {
                found(Found::Changed { was: w, now: n });
            }
            continue;
        }
        let (mine, theirs): (Vec<usize>, Vec<usize>) = (was.1.children(w).collect(), now.1.children(n).collect());
        let mut matched = vec![false; theirs.len()];
        let mut by_key: Option<HashMap<Cow<'a, str>, usize>> = None;
        for (i, &m) in mine.iter().enumerate() {
            // Settings usually keep their places: matched by place first, by key when moved.
            let counterpart = match theirs.get(i) {
                Some(&t) if !matched[i] && (a.kind == settings::Kind::Array || key(was, m) == key(now, t)) => Some(i),
                _ if a.kind == settings::Kind::Array => None,
                _ => {
                    let map = by_key.get_or_insert_with(|| {
                        let mut map = HashMap::new();
                        for (j, &t) in theirs.iter().enumerate() {
                            map.entry(key(now, t)).or_insert(j);
                        }
                        map
                    });
                    map.get(&key(was, m)).copied().filter(|j| !matched[*j])
                }
            };
            level.push(match counterpart {
                Some(j) => {
                    matched[j] = true;
                    Step::Compare(m, theirs[j])
                }
                None => Step::Report(Found::Removed { was: m }),
            });
        }
        let added = theirs.iter().zip(&matched).filter(|(_, m)| !**m);
        level.extend(added.map(|(t, _)| Step::Report(Found::Added { now: *t })));
        steps.extend(level.drain(..).rev());
    }
}

/// A setting's key (an array item's index), as the index reads it.
fn key<'a>(read: Read<'a>, id: usize) -> Cow<'a, str> {
    read.1.key(read.0, id)
}

/// Whether two values that are not both objects or both arrays are the same: strings by what
/// they say, anything else by its text.
fn same_leaf(a: &str, b: &str) -> bool {
    match (a.starts_with('"') && b.starts_with('"'), a.contains('\\') || b.contains('\\')) {
        (true, true) => key_text(a) == key_text(b),
        _ => a == b,
    }
}

/// One difference inside a payload, at a JSON path.
#[derive(Clone, Debug, PartialEq)]
pub struct DiffLine {
    /// RFC 6901 pointer, e.g. `/word/vbaWarnings`.
    pub path: String,
    /// The value before, as a line shows it ([`value_text`]); `None`: added here.
    pub old: Option<String>,
    /// The value after; `None`: removed here.
    pub new: Option<String>,
}

impl fmt::Display for DiffLine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() { "/" } else { &self.path };
        match (&self.old, &self.new) {
            (None, Some(new)) => write!(f, "{path}: added {new}"),
            (Some(old), None) => write!(f, "{path}: removed {old}"),
            (Some(old), Some(new)) => write!(f, "{path}: {old} → {new}"),
            (None, None) => write!(f, "{path}: unchanged"),
        }
    }
}

/// The differences of two JSON texts as lines, by path.
pub fn lines(was: &str, now: &str) -> Vec<DiffLine> {
    let (was_index, now_index) = (Index::new(was), Index::new(now));
    let (before, after) = ((was, &was_index), (now, &now_index));
    let shown = |read: Read<'_>, id: usize| value_text(&read.0[read.1.node(id).span.clone()]);
    let mut out = Vec::new();
    differences(before, after, |found| {
        out.push(match found {
            Found::Changed { was, now } => DiffLine {
                path: before.1.pointer(before.0, was),
                old: Some(shown(before, was)),
                new: Some(shown(after, now)),
            },
            Found::Added { now } => {
                DiffLine { path: after.1.pointer(after.0, now), old: None, new: Some(shown(after, now)) }
            }
            Found::Removed { was } => {
                DiffLine { path: before.1.pointer(before.0, was), old: Some(shown(before, was)), new: None }
            }
        })
    });
    out
}

/// Which nodes of `now` differ from `was`'s text: a value changed or added, with everything in
/// it; a section whose settings changed is not itself marked, and the root never is.
pub fn changed(now: Read<'_>, was: Read<'_>) -> Vec<bool> {
    let mut out = vec![false; now.1.len()];
    differences(was, now, |found| {
        if let Found::Changed { now: id, .. } | Found::Added { now: id } = found {
            let end = now.1.node(id).next.min(out.len());
            out[id.max(1)..end].iter_mut().for_each(|c| *c = true);
        }
    });
    out
}

/// Whether two JSON values are the same by the diff's rule.
pub fn same_value(a: &str, b: &str) -> bool {
    let (ia, ib) = (Index::new(a), Index::new(b));
    if ia.is_empty() || ib.is_empty() {
        return a.trim() == b.trim();
    }
    let mut same = true;
    differences((a, &ia), (b, &ib), |_| same = false);
    same
}

/// A value's JSON text as a line shows it: a string with its escapes read (`"é"` however the
/// payload wrote it), anything else as written, to the last digit, without the space between
/// its tokens.
pub fn value_text(json: &str) -> String {
    let text = json.trim();
    match serde_json::from_str::<String>(text) {
        Ok(string) => Value::String(string).to_string(),
        Err(_) => settings::lay_out(text, Layout::Compact),
    }
}

/// Whether two JSON texts are the same up to formatting (whitespace outside strings),
/// so a re-indented payload is not re-sent. One pass over both texts side by side, no parsing,
/// no allocation: this runs on every change, with payloads of megabytes. Bytes, not chars:
/// JSON's structure and whitespace are ASCII, and no byte of a multi-byte UTF-8 character is.
///
/// An edit usually changes a few bytes of a big text: what both texts start and end with is
/// compared as blocks, and the pass covers only the lines between. (A JSON string holds no raw
/// line break, so a line starts outside every string; in text that is not JSON this may call a
/// change inside such a string formatting, and that text cannot be saved anyway.)
pub fn same_up_to_spacing(a: &str, b: &str) -> bool {
    if bytes::same(a, b) {
        return true;
    }
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (common_prefix, common_suffix) = (bytes::common_prefix, bytes::common_suffix);
    let prefix = common_prefix(a, b);
    let suffix = common_suffix(a, b).min(a.len() - prefix).min(b.len() - prefix);
    let start = a[..prefix].iter().rposition(|&c| c == b'\n').map_or(0, |n| n + 1);
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let (mut i, mut j, mut in_string) = (start, start, false);
    loop {
        // What is left is the same text on both sides, read in the same state.
        if a.len() - i == b.len() - j && a.len() - i <= suffix {
            return true;
        }
        if !in_string {
            while i < a.len() && space(a[i]) {
                i += 1;
            }
            while j < b.len() && space(b[j]) {
                j += 1;
            }
        }
        match (a.get(i), b.get(j)) {
            (None, None) => return true,
            (Some(&x), Some(&y)) if x == y => {
                match (in_string, x) {
                    // An escape: the character after it is compared as it is.
                    (true, b'\\') => {
                        if a.get(i + 1) != b.get(j + 1) {
                            return false;
                        }
                        i += 1;
                        j += 1;
                    }
                    (_, b'"') => in_string = !in_string,
                    _ => {}
                }
                i += 1;
                j += 1;
            }
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_marks_what_differs_with_everything_in_it_and_never_a_section_for_what_it_holds() {
        let was = r#"{"a": 1.50, "b": {"c": 1}, "d": [1], "moved": "\u00e9"}"#;
        let now = "{\n  \"moved\": \"é\",\n  \"a\": 1.5,\n  \"b\": {\"c\": 2},\n  \"e\": {\"f\": [2]}\n}";
        let index = Index::new(now);
        let marks = changed((now, &index), (was, &Index::new(was)));
        let marked: Vec<String> = (0..index.len()).filter(|id| marks[*id]).map(|id| index.pointer(now, id)).collect();
        assert_eq!(
            marked,
            ["/a", "/b/c", "/e", "/e/f", "/e/f/0"],
            "1.50 → 1.5 is a change; an escape and a move are not"
        );
        let lines: Vec<String> = lines(was, now).iter().map(ToString::to_string).collect();
        assert_eq!(lines, ["/a: 1.50 → 1.5", "/b/c: 1 → 2", "/d: removed [1]", "/e: added {\"f\":[2]}"]);
        assert!(same_value("[1, {\"x\": \"\\u0041\"}]", "[1,{\"x\":\"A\"}]"));
        assert!(!same_value("12345678901234567890123", "12345678901234567890124"));
    }
}
