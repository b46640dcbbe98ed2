//! The payload as settings: an index over the JSON text, and edits made as splices of it.
//!
//! The JSON text stays the one document both views edit: the Settings view reads it through
//! [`children`] (one container at a time, nested values skipped unread, so a 5 MB payload opens
//! at its first level without parsing the rest) and changes it with [`apply`], which replaces,
//! inserts or deletes exactly the text of one setting. Everything else is left byte for byte as
//! it was: numbers keep the digits typed (beyond 2^53 too), key order stays, and text formatted
//! with two-space indentation (serde_json's pretty form) stays in that form.
//!
//! Settings are named by JSON Pointer (RFC 6901): `/word/blockMacrosFromInternet`, with `~0` for
//! `~` and `~1` for `/` inside keys, array items by their index.
//!
//! The text must be JSON (the editor checks it before it offers the Settings view); the scanner
//! here trusts that and only finds where values start and end.

use serde_json::Value;
use std::ops::Range;

/// What a setting holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Object,
    Array,
    String,
    Number,
    Bool,
    Null,
}

impl Kind {
    /// The kind of the value starting with this byte.
    pub(crate) fn of(first: u8) -> Kind {
        match first {
            b'{' => Kind::Object,
            b'[' => Kind::Array,
            b'"' => Kind::String,
            b't' | b'f' => Kind::Bool,
            b'n' => Kind::Null,
            _ => Kind::Number,
        }
    }

    /// A new setting's value of this kind, as text.
    pub fn default_text(self) -> &'static str {
        match self {
            Kind::Object => "{}",
            Kind::Array => "[]",
            Kind::String => "\"\"",
            Kind::Number => "0",
            Kind::Bool => "false",
            Kind::Null => "null",
        }
    }
}

/// One member of an object (with its key) or item of an array (with its index).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    /// The key, unescaped; for an array item, its index.
    pub key: String,
    /// The key's text with its quotes (objects only).
    pub key_span: Option<Range<usize>>,
    /// The value's text.
    pub span: Range<usize>,
    pub kind: Kind,
}

/// Escapes one key for a JSON Pointer (RFC 6901): `~` as `~0`, `/` as `~1`.
pub fn escape(key: &str) -> std::borrow::Cow<'_, str> {
    match key.contains(['~', '/']) {
        true => key.replace('~', "~0").replace('/', "~1").into(),
        false => key.into(),
    }
}

/// The keys of a JSON Pointer, unescaped; `None` when it is not one (`~` followed by anything
/// but `0` or `1`, or not starting with `/`).
pub fn parse_pointer(pointer: &str) -> Option<Vec<String>> {
    if pointer.is_empty() {
        return Some(Vec::new());
    }
    let rest = pointer.strip_prefix('/')?;
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                match (c, c == '~') {
                    (_, false) => out.push(c),
                    (_, true) => match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return None,
                    },
                }
            }
            Some(out)
        })
        .collect()
}

/// The pointer of a path of keys.
pub fn pointer<S: AsRef<str>>(keys: &[S]) -> String {
    keys.iter().map(|k| format!("/{}", escape(k.as_ref()))).collect()
}

pub(crate) fn skip_whitespace(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
        at += 1;
    }
    at
}

/// How deep objects and arrays nest in `text` (0 for a scalar), strings read by their quotes
/// as [`skip_value`] reads them, and the byte offset of the first bracket that opens a level
/// deeper than `max`. Any text gets an answer; whether it is JSON is asked elsewhere.
pub fn nesting_depth(text: &str, max: usize) -> (usize, Option<usize>) {
    let bytes = text.as_bytes();
    let (mut depth, mut deepest, mut at, mut first_too_deep) = (0usize, 0usize, 0usize, None);
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                at = skip_string(bytes, at);
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
                if depth > max && first_too_deep.is_none() {
                    first_too_deep = Some(at);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        at += 1;
    }
    (deepest, first_too_deep)
}

/// How [`lay_out`] spaces JSON text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// No space at all: `{"a":[1,2]}`, as a review line shows a value.
    Compact,
    /// Two spaces a level, as the editor's Format and a backup file lay it out; `level` is how
    /// deep the text sits where it is placed (0 on its own).
    Indented { level: usize },
}

/// `text` (JSON) with only the space between its tokens changed: every token as written —
/// each key (a repeated one too) in its order, each string with its escapes, each number to
/// its last digit. Text that is not JSON is laid out as far as it reads; no panic.
pub fn lay_out(text: &str, layout: Layout) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let (mut depth, mut at) = (
        match layout {
            Layout::Compact => 0,
            Layout::Indented { level } => level,
        },
        0usize,
    );
    let line = |out: &mut String, depth: usize| {
        if let Layout::Indented { .. } = layout {
            out.push('\n');
            out.extend(std::iter::repeat_n("  ", depth));
        }
    };
    while at < bytes.len() {
        match bytes[at] {
            b'"' => {
                let end = skip_string(bytes, at);
                out.push_str(text.get(at..end).unwrap_or_default());
                at = end;
                continue;
            }
            b' ' | b'\t' | b'\n' | b'\r' => {}
            open @ (b'{' | b'[') => {
                out.push(char::from(open));
                let next = skip_whitespace(bytes, at + 1);
                if let Some(&close @ (b'}' | b']')) = bytes.get(next) {
                    out.push(char::from(close));
                    at = next + 1;
                    continue;
                }
                depth += 1;
                line(&mut out, depth);
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                line(&mut out, depth);
                out.push(char::from(close));
            }
            b',' => {
                out.push(',');
                line(&mut out, depth);
            }
            b':' => out.push_str(if layout == Layout::Compact { ":" } else { ": " }),
            _ => {
                // A number or a literal, up to the next delimiter.
                let end = (at..bytes.len())
                    .find(|&i| {
                        matches!(
                            bytes[i],
                            b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"' | b' ' | b'\t' | b'\n' | b'\r'
                        )
                    })
                    .unwrap_or(bytes.len());
                out.push_str(text.get(at..end).unwrap_or_default());
                at = end.max(at + 1);
                continue;
            }
        }
        at += 1;
    }
    out
}

/// The end of the string whose opening quote is at `at`.
pub(crate) fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    at += 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    at.min(bytes.len())
}

/// The end of the value starting at `at`: containers by depth, strings by their quotes,
/// literals and numbers up to the next delimiter.
fn skip_value(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'"') => skip_string(bytes, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            let mut i = at;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = skip_string(bytes, i);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return i + 1;
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            i
        }
        _ => {
            let mut i = at;
            while i < bytes.len() && !matches!(bytes[i], b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                i += 1;
            }
            i
        }
    }
}

/// A JSON string's value from its text (with the quotes); without escapes, a plain copy.
pub fn unquote(quoted: &str) -> String {
    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    if inner.contains('\\') {
        serde_json::from_str::<String>(quoted).unwrap_or_else(|_| inner.to_string())
    } else {
        inner.to_string()
    }
}

/// The whole document's value.
pub fn root(text: &str) -> Option<Member> {
    let bytes = text.as_bytes();
    let start = skip_whitespace(bytes, 0);
    (start < bytes.len()).then(|| Member {
        key: String::new(),
        key_span: None,
        span: start..skip_value(bytes, start),
        kind: Kind::of(bytes[start]),
    })
}

/// The members of the object, or the items of the array, whose text is `container`.
pub fn children(text: &str, container: &Member) -> Vec<Member> {
    let bytes = text.as_bytes();
    let object = container.kind == Kind::Object;
    if !object && container.kind != Kind::Array {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut at = skip_whitespace(bytes, container.span.start + 1);
    // Text that is not JSON ends the list where it stops making sense, never in a panic or a loop.
    while at < container.span.end.saturating_sub(1) {
        let key_span = match object {
            true if bytes[at] == b'"' => Some(at..skip_string(bytes, at)),
            true => break,
            false => None,
        };
        if let Some(k) = &key_span {
            at = skip_whitespace(bytes, k.end);
            if bytes.get(at) != Some(&b':') {
                break;
            }
            at = skip_whitespace(bytes, at + 1);
        }
        let end = skip_value(bytes, at);
        if end <= at {
            break;
        }
        let key = match &key_span {
            Some(k) => unquote(&text[k.clone()]),
            None => out.len().to_string(),
        };
        out.push(Member { key, key_span, span: at..end, kind: Kind::of(bytes[at]) });
        at = skip_whitespace(bytes, end);
        if bytes.get(at) == Some(&b',') {
            at = skip_whitespace(bytes, at + 1);
        }
    }
    out
}

/// The setting a pointer names, if the text has it: read up to it, in one pass that skips the
/// settings on the way (no key unescaped unless it has escapes) and reads the end of the one
/// found only.
pub fn find(text: &str, pointer: &str) -> Option<Member> {
    let bytes = text.as_bytes();
    let keys = parse_pointer(pointer)?;
    let mut at = skip_whitespace(bytes, 0);
    let mut key_span = None;
    for key in &keys {
        let object = match bytes.get(at)? {
            b'{' => true,
            b'[' => false,
            _ => return None,
        };
        let wanted_item = if object { None } else { Some(array_index(key)?) };
        at = skip_whitespace(bytes, at + 1);
        let mut item = 0;
        loop {
            if matches!(bytes.get(at)?, b'}' | b']') {
                return None;
            }
            let this_key = match object {
                true if bytes[at] == b'"' => Some(at..skip_string(bytes, at)),
                true => return None,
                false => None,
            };
            if let Some(k) = &this_key {
                at = skip_whitespace(bytes, k.end);
                if bytes.get(at) != Some(&b':') {
                    return None;
                }
                at = skip_whitespace(bytes, at + 1);
            }
            let found = match &this_key {
                Some(k) => key_is(&text[k.clone()], key),
                None => wanted_item == Some(item),
            };
            if found {
                key_span = this_key;
                break;
            }
            let end = skip_value(bytes, at);
            if end <= at {
                return None;
            }
            at = skip_whitespace(bytes, end);
            if bytes.get(at) == Some(&b',') {
                at = skip_whitespace(bytes, at + 1);
            }
            item += 1;
        }
    }
    let first = *bytes.get(at)?;
    let end = skip_value(bytes, at);
    (end > at).then(|| Member {
        key: keys.last().cloned().unwrap_or_default(),
        key_span,
        span: at..end,
        kind: Kind::of(first),
    })
}

/// The array index a pointer's key names: digits, without leading zeros (RFC 6901).
pub(crate) fn array_index(key: &str) -> Option<usize> {
    key.parse().ok().filter(|i: &usize| i.to_string() == key)
}

/// Whether a key's text (with its quotes) is `key`.
fn key_is(quoted: &str, key: &str) -> bool {
    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    match inner.contains('\\') {
        true => unquote(quoted) == key,
        false => inner == key,
    }
}

/// A change to the settings, named by pointer.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// A setting's new value (a list or section becomes that value too).
    Set {
        pointer: String,
        value: Scalar,
    },
    /// A new setting at the end of an object, of this kind's default value.
    Add {
        object: String,
        key: String,
        kind: Kind,
    },
    /// A new item at the end of an array: of `kind`, or else of the kind of the last item (text
    /// in an empty list).
    Append {
        array: String,
        kind: Option<Kind>,
    },
    Remove {
        pointer: String,
    },
    Rename {
        pointer: String,
        key: String,
    },
    /// Swaps an array item with the one before it (`up`) or after it.
    Move {
        pointer: String,
        up: bool,
    },
}

/// Why an edit could not be made; nothing was changed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("There is no setting {0}.")]
    NoSuchSetting(String),
    #[error("\"{0}\" is set already here; pick another name.")]
    KeyTaken(String),
    #[error("A setting needs a name.")]
    EmptyKey,
    #[error("{0} is not a number.")]
    NotANumber(String),
    #[error("That item cannot move further.")]
    CannotMove,
}

/// A single value, as the Settings view's controls give it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Scalar {
    Bool(bool),
    /// As typed: written exactly so, digits beyond 2^53 included.
    Number(String),
    Text(String),
    Null,
}

impl Scalar {
    pub fn kind(&self) -> Kind {
        match self {
            Scalar::Bool(_) => Kind::Bool,
            Scalar::Number(_) => Kind::Number,
            Scalar::Text(_) => Kind::String,
            Scalar::Null => Kind::Null,
        }
    }

    /// Its JSON text; a number must be a JSON number.
    pub fn to_json(&self) -> Result<String, EditError> {
        match self {
            Scalar::Bool(on) => Ok(on.to_string()),
            Scalar::Number(typed) => {
                let t = typed.trim();
                // serde_json's grammar decides; the text written is the one typed.
                match serde_json::from_str::<serde_json::Number>(t) {
                    Ok(_) if !t.starts_with('+') => Ok(t.to_string()),
                    _ => Err(EditError::NotANumber(typed.clone())),
                }
            }
            Scalar::Text(text) => Ok(Value::String(text.clone()).to_string()),
            Scalar::Null => Ok("null".into()),
        }
    }
}

/// The indentation of the line `at` is on.
fn line_indent(text: &str, at: usize) -> &str {
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line = &text[line_start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// Splices `with` over `range`.
pub(crate) fn splice(text: &str, range: Range<usize>, with: &str) -> String {
    let mut out = String::with_capacity(text.len() + with.len());
    out.push_str(&text[..range.start]);
    out.push_str(with);
    out.push_str(&text[range.end..]);
    out
}

/// Inserts `entry` (a member's or item's text) at the end of `container`, laid out as the
/// container's other entries are: each on its own line when they are (serde_json's pretty
/// form for an empty one), else after a `, `.
fn append(text: &str, container: &Member, entry: &str) -> String {
    match children(text, container).last() {
        None => {
            let indent = line_indent(text, container.span.start);
            let (open, close_char) = if container.kind == Kind::Object { ('{', '}') } else { ('[', ']') };
            splice(text, container.span.clone(), &format!("{open}\n{indent}  {entry}\n{indent}{close_char}"))
        }
        Some(last) => {
            let from = last.key_span.as_ref().map_or(last.span.start, |k| k.start);
            let between = &text[container.span.start + 1..from];
            let multiline = between.contains('\n');
            let insert =
                if multiline { format!(",\n{}{entry}", line_indent(text, from)) } else { format!(", {entry}") };
            splice(text, last.span.end..last.span.end, &insert)
        }
    }
}

/// Makes one edit; the text around it is kept exactly.
pub fn apply(text: &str, edit: &Edit) -> Result<String, EditError> {
    let missing = |p: &str| EditError::NoSuchSetting(p.to_string());
    match edit {
        Edit::Set { pointer, value } => {
            let at = find(text, pointer).ok_or_else(|| missing(pointer))?;
            Ok(splice(text, at.span, &value.to_json()?))
        }
        Edit::Add { object, key, kind } => {
            if key.is_empty() {
                return Err(EditError::EmptyKey);
            }
            let at = find(text, object).filter(|m| m.kind == Kind::Object).ok_or_else(|| missing(object))?;
            if children(text, &at).iter().any(|m| &m.key == key) {
                return Err(EditError::KeyTaken(key.clone()));
            }
            let entry = format!("{}: {}", Value::String(key.clone()), kind.default_text());
            Ok(append(text, &at, &entry))
        }
        Edit::Append { array, kind } => {
            let at = find(text, array).filter(|m| m.kind == Kind::Array).ok_or_else(|| missing(array))?;
            let kind = kind.or_else(|| children(text, &at).last().map(|item| item.kind)).unwrap_or(Kind::String);
            Ok(append(text, &at, kind.default_text()))
        }
        Edit::Remove { pointer } => {
            let keys = parse_pointer(pointer).filter(|k| !k.is_empty()).ok_or_else(|| missing(pointer))?;
            let parent = find(text, &self::pointer(&keys[..keys.len() - 1])).ok_or_else(|| missing(pointer))?;
            let members = children(text, &parent);
            let index = members.iter().position(|m| m.key == keys[keys.len() - 1]).ok_or_else(|| missing(pointer))?;
            let start = |m: &Member| m.key_span.as_ref().map_or(m.span.start, |k| k.start);
            let range = match (index, members.len()) {
                // The only one: the container becomes empty, as serde_json writes an empty one.
                (_, 1) => {
                    let empty = if parent.kind == Kind::Object { "{}" } else { "[]" };
                    return Ok(splice(text, parent.span, empty));
                }
                // The first: up to the next one's start.
                (0, _) => start(&members[0])..start(&members[1]),
                // Any other: from the end of the one before it.
                (i, _) => members[i - 1].span.end..members[i].span.end,
            };
            Ok(splice(text, range, ""))
        }
        Edit::Rename { pointer, key } => {
            if key.is_empty() {
                return Err(EditError::EmptyKey);
            }
            let keys = parse_pointer(pointer).filter(|k| !k.is_empty()).ok_or_else(|| missing(pointer))?;
            let parent = find(text, &self::pointer(&keys[..keys.len() - 1])).ok_or_else(|| missing(pointer))?;
            let members = children(text, &parent);
            let old = &keys[keys.len() - 1];
            if key != old && members.iter().any(|m| &m.key == key) {
                return Err(EditError::KeyTaken(key.clone()));
            }
            let at = members.iter().find(|m| &m.key == old).and_then(|m| m.key_span.clone());
            let at = at.ok_or_else(|| missing(pointer))?;
            Ok(splice(text, at, &Value::String(key.clone()).to_string()))
        }
        Edit::Move { pointer, up } => {
            let keys = parse_pointer(pointer).filter(|k| !k.is_empty()).ok_or_else(|| missing(pointer))?;
            let parent = find(text, &self::pointer(&keys[..keys.len() - 1]))
                .filter(|p| p.kind == Kind::Array)
                .ok_or_else(|| missing(pointer))?;
            let items = children(text, &parent);
            let index: usize = keys[keys.len() - 1].parse().map_err(|_| missing(pointer))?;
            let other = match up {
                true => index.checked_sub(1),
                false => Some(index + 1).filter(|i| *i < items.len()),
            };
            let (Some(item), Some(other)) = (items.get(index), other) else { return Err(EditError::CannotMove) };
            let (first, second) = if other < index { (&items[other], item) } else { (item, &items[other]) };
            let mut out = String::with_capacity(text.len());
            out.push_str(&text[..first.span.start]);
            out.push_str(&text[second.span.clone()]);
            out.push_str(&text[first.span.end..second.span.start]);
            out.push_str(&text[first.span.clone()]);
            out.push_str(&text[second.span.end..]);
            Ok(out)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn pointers_escape_tilde_and_slash() {
        assert_eq!(escape("a/b~c"), "a~1b~0c");
        assert_eq!(pointer(&["word", "a/b~c"]), "/word/a~1b~0c");
        assert_eq!(parse_pointer("/word/a~1b~0c").unwrap(), ["word", "a/b~c"]);
        assert_eq!(parse_pointer("/~01").unwrap(), ["~1"], "~0 then 1, not ~1");
        assert_eq!(parse_pointer("").unwrap(), Vec::<String>::new());
        assert_eq!(parse_pointer("/"), Some(vec![String::new()]), "the empty key");
        assert_eq!(parse_pointer("word"), None);
        assert_eq!(parse_pointer("/a~2"), None);
    }

    #[test]
    fn settings_are_found_by_pointer_and_read_one_container_at_a_time() {
        let outlook = find(DOC, "/outlook").unwrap();
        let keys: Vec<(String, Kind)> = children(DOC, &outlook).into_iter().map(|m| (m.key, m.kind)).collect();
        assert_eq!(
            keys,
            [
                ("cachedModeMonths".into(), Kind::Number),
                ("folders".into(), Kind::Array),
                ("empty".into(), Kind::Object)
            ]
        );
        let big = find(DOC, "/outlook/cachedModeMonths").unwrap();
        assert_eq!(&DOC[big.span], "12345678901234567890123", "kept as written");
        assert_eq!(&DOC[find(DOC, "/outlook/folders/1").unwrap().span], "\"Sent\"");
        assert_eq!(&DOC[find(DOC, "/word/a~1b~0c").unwrap().span], "1");
        assert_eq!(find(DOC, "/word/nothing"), None);
        assert_eq!(find(DOC, "/outlook/folders/2"), None);
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
        ];
        for (edit, expected) in cases {
            assert_eq!(apply(DOC, &edit), Err(expected), "{edit:?}");
        }
    }
}
