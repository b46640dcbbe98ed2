//! JSON text as settings: the one scanner's parts (where a string, a number or a literal ends,
//! what a key says), JSON Pointers (RFC 6901), the layout of a text, and the edits the
//! Settings view makes, as data. The text stays the one document both views edit: the index
//! (`settings_index`, the one reader of a text and the one way to find a setting in it) makes
//! each edit as a splice of exactly the text of one setting, so everything else is left byte
//! for byte as it was: numbers keep the digits typed (beyond 2^53 too), key order stays, and
//! text formatted with two-space indentation (serde_json's pretty form) stays in that form.
//!
//! Settings are named by JSON Pointer (RFC 6901): `/word/blockMacrosFromInternet`, with `~0` for
//! `~` and `~1` for `/` inside keys, array items by their index.
//!
//! The text must be JSON (the editor checks it before it offers the Settings view); the scanner
//! trusts that and only finds where values start and end.

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
/// as the index reads them, and the byte offset of the first bracket that opens a level
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
                let end = skip_scalar(bytes, at);
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

/// The end of the number or literal starting at `at`: the next delimiter.
pub(crate) fn skip_scalar(bytes: &[u8], at: usize) -> usize {
    let mut i = at;
    while i < bytes.len()
        && !matches!(bytes[i], b',' | b':' | b'{' | b'}' | b'[' | b']' | b'"' | b' ' | b'\t' | b'\n' | b'\r')
    {
        i += 1;
    }
    i
}

/// A key's text (with quotes) unescaped; without escapes, borrowed.
pub(crate) fn key_text(quoted: &str) -> std::borrow::Cow<'_, str> {
    let inner = quoted.get(1..quoted.len().saturating_sub(1)).unwrap_or_default();
    match inner.contains('\\') {
        true => std::borrow::Cow::Owned(unquote(quoted)),
        false => std::borrow::Cow::Borrowed(inner),
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

/// The array index a pointer's key names: digits, without leading zeros (RFC 6901).
pub(crate) fn array_index(key: &str) -> Option<usize> {
    key.parse().ok().filter(|i: &usize| i.to_string() == key)
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
    /// New members at the end of an object (each with its key) or items at the end of an array
    /// (no keys), each given as JSON text and laid out as the container's others are. The root
    /// (`""`) of a blank text becomes an object or an array of them.
    Insert {
        container: String,
        members: Vec<(Option<String>, String)>,
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
    #[error("That is not JSON: {0}")]
    NotJson(String),
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
pub(crate) fn line_indent(text: &str, at: usize) -> &str {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
