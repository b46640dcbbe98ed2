//! Edm.Stream payloads: the admin's JSON text <-> the base64 value Graph carries.
//!
//! Writing always produces standard, padded base64 (RFC 4648 §4) of the UTF-8 bytes of exactly
//! the text the admin typed. Reading accepts everything Graph or its documentation has been seen
//! to send: standard or URL-safe alphabet, with or without padding, wrapped in whitespace, inline
//! JSON instead of base64, `null`, or no value at all. Every failure says where it is.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde_json::Value;

/// How a payload arrived, after decoding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decoded {
    /// Base64 text that decoded to this JSON text (kept byte for byte).
    Base64(String),
    /// Graph inlined the stream as JSON; this is that JSON, pretty-printed.
    InlineJson(String),
    /// `null`, or the property was absent: there is no payload.
    Empty,
}

impl Decoded {
    /// The text to show in the payload editor.
    pub fn text(&self) -> &str {
        match self {
            Decoded::Base64(t) | Decoded::InlineJson(t) => t,
            Decoded::Empty => "",
        }
    }
}

/// Why a payload could not be read. Positions are 1-based, for people.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum StreamError {
    #[error("not base64: character {position} ({character:?}) is not in the base64 alphabet")]
    NotBase64 { position: usize, character: char },
    #[error("not base64: {detail}")]
    BadBase64Length { detail: String },
    #[error("the decoded bytes are not UTF-8 text (invalid byte at offset {offset})")]
    NotUtf8 { offset: usize },
    #[error("not JSON: line {line}, column {column}: {message}")]
    NotJson { line: usize, column: usize, message: String },
    #[error("a payload must be base64 text or JSON, not a {kind}")]
    UnexpectedType { kind: &'static str },
    #[error("it nests {depth} levels deep, and the editor reads JSON nested at most {max} levels")]
    TooDeep {
        depth: usize,
        max: usize,
        /// Where the first level too deep opens (1-based, as `NotJson`'s).
        line: usize,
        column: usize,
    },
}

/// The deepest JSON the editor reads: objects and arrays nested at most this many levels.
/// Every text that enters (a payload typed or read from Graph, a backup file) is held to it
/// where it enters, so nothing further on (the review, compare, import, the Settings view)
/// meets a deeper one. Office policy payloads nest a handful of levels.
pub const MAX_DEPTH: usize = 64;

/// `Err(TooDeep)` when `text` nests deeper than [`MAX_DEPTH`].
pub fn check_depth(text: &str) -> Result<(), StreamError> {
    let (depth, first_too_deep) = crate::core::text::settings::nesting_depth(text, MAX_DEPTH);
    match first_too_deep {
        Some(at) => {
            let before = &text[..at];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            Err(StreamError::TooDeep { depth, max: MAX_DEPTH, line, column })
        }
        None => Ok(()),
    }
}

/// Whether `text` has something the parser that skips values lets through and the one that
/// builds them refuses: a `\uD800`–`\uDFFF` escape (half of a surrogate pair, or a lone one),
/// or a number out of `f64`'s range (an exponent of three digits, or 300 digits in a row).
/// Text in strings counts too: a false alarm only costs the full parse.
fn needs_full_parse(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut digits = 0usize;
    for (at, &b) in bytes.iter().enumerate() {
        let ahead = |n: usize| bytes.get(at + n).copied().unwrap_or(0);
        let surrogate = b == b'\\'
            && ahead(1) == b'u'
            && ahead(2).eq_ignore_ascii_case(&b'd')
            && matches!(ahead(3).to_ascii_lowercase(), b'8'..=b'9' | b'a'..=b'f');
        let sign = usize::from(matches!(ahead(1), b'+' | b'-'));
        let exponent = matches!(b, b'e' | b'E') && (1..=3).all(|n| ahead(sign + n).is_ascii_digit());
        digits = if b.is_ascii_digit() { digits + 1 } else { 0 };
        if surrogate || exponent || digits >= 300 {
            return true;
        }
    }
    false
}

/// Encodes the admin's JSON text for a Stream property: UTF-8, then standard padded base64.
pub fn encode(text: &str) -> String {
    STANDARD.encode(text.as_bytes())
}

/// The length of [`encode`]'s output for a text of `bytes` UTF-8 bytes, without encoding.
pub fn encoded_len(bytes: usize) -> usize {
    bytes.div_ceil(3) * 4
}

/// Checks that `text` is one JSON value, nested at most [`MAX_DEPTH`] levels; returns the
/// parser's position on failure.
pub fn check_json(text: &str) -> Result<Value, StreamError> {
    check_depth(text)?;
    serde_json::from_str::<Value>(text).map_err(not_json)
}

/// Like [`check_json`], without building the value: the parser only, several times faster on
/// megabytes (it runs when typing settles and on every decode). An error is found again by
/// [`check_json`], whose messages are the more telling ("trailing comma").
///
/// What it accepts, every other reader accepts: not deeper than [`MAX_DEPTH`], an escaped
/// surrogate only as half of a pair, numbers in range (checked by the full parser, only when
/// the text has one that might not be).
pub fn validate_json(text: &str) -> Result<(), StreamError> {
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Ok(_) if needs_full_parse(text) => check_json(text).map(drop),
        Ok(_) => check_depth(text),
        Err(_) => check_json(text).map(drop),
    }
}

fn not_json(e: serde_json::Error) -> StreamError {
    StreamError::NotJson { line: e.line(), column: e.column(), message: strip_position(&e.to_string()) }
}

/// Pretty-prints JSON text with two-space indentation. Only the space between tokens changes:
/// keys keep their order (a repeated key stays), strings their escapes, numbers every digit.
pub fn format_json(text: &str) -> Result<String, StreamError> {
    validate_json(text)?;
    Ok(crate::core::text::settings::lay_out(text, crate::core::text::settings::Layout::Indented { level: 0 }))
}

/// Decodes a Stream property as found in an entity (`None` when the property is absent).
pub fn decode(value: Option<&Value>) -> Result<Decoded, StreamError> {
    match value {
        None | Some(Value::Null) => Ok(Decoded::Empty),
        Some(Value::String(s)) => decode_base64_text(s).map(Decoded::Base64),
        Some(v @ (Value::Object(_) | Value::Array(_))) => {
            Ok(Decoded::InlineJson(serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string())))
        }
        Some(Value::Bool(_)) => Err(StreamError::UnexpectedType { kind: "boolean" }),
        Some(Value::Number(_)) => Err(StreamError::UnexpectedType { kind: "number" }),
    }
}

/// Decodes base64 text (either alphabet, padding optional, whitespace ignored) into JSON text.
pub fn decode_base64_text(encoded: &str) -> Result<String, StreamError> {
    let bytes = decode_base64(encoded)?;
    let text = String::from_utf8(bytes).map_err(|e| StreamError::NotUtf8 { offset: e.utf8_error().valid_up_to() })?;
    validate_json(&text)?;
    Ok(text)
}

/// Decodes raw base64 bytes without any JSON check, for the raw stream endpoints too.
pub fn decode_base64(encoded: &str) -> Result<Vec<u8>, StreamError> {
    // The usual case, one alphabet and no whitespace, in one pass; then the same once whitespace
    // (line breaks, as some tools write) is taken out; anything else (and every error, so that it
    // names the character as it was sent) takes the careful path.
    if let Some(decoded) = decode_plain(encoded.as_bytes()) {
        return Ok(decoded);
    }
    let space = |b: &u8| matches!(b, b' ' | b'\t' | b'\n' | b'\x0b' | b'\x0c' | b'\r');
    if encoded.as_bytes().iter().any(space) {
        let compact: Vec<u8> = encoded.bytes().filter(|b| !space(b)).collect();
        if let Some(decoded) = decode_plain(&compact) {
            return Ok(decoded);
        }
    }
    decode_base64_carefully(encoded)
}

/// A character's value in base64, marked when only one of the two alphabets has it; a byte that
/// is in neither carries both marks.
const STANDARD_ONLY: u8 = 0x80;
const URL_SAFE_ONLY: u8 = 0x40;
const NEITHER: u8 = STANDARD_ONLY | URL_SAFE_ONLY;
static VALUES: [u8; 256] = values();

const fn values() -> [u8; 256] {
    let mut values = [NEITHER; 256];
    let shared = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut i = 0;
    while i < shared.len() {
        values[shared[i] as usize] = i as u8;
        i += 1;
    }
    values[b'+' as usize] = 62 | STANDARD_ONLY;
    values[b'/' as usize] = 63 | STANDARD_ONLY;
    values[b'-' as usize] = 62 | URL_SAFE_ONLY;
    values[b'_' as usize] = 63 | URL_SAFE_ONLY;
    values
}

/// Base64 in one alphabet, padded, partly padded or not, without whitespace, with its unused
/// last bits zero (what the crate's engine accepts): four characters at a time into three bytes,
/// in one pass. `None` for anything else, which the slower paths read or explain.
fn decode_plain(encoded: &[u8]) -> Option<Vec<u8>> {
    let (body, padding) = match encoded {
        [body @ .., b'=', b'='] => (body, 2),
        [body @ .., b'='] => (body, 1),
        body => (body, 0),
    };
    let (whole, rest) = body.split_at(body.len() / 4 * 4);
    if rest.len() == 1 || (padding > 0 && (rest.is_empty() || rest.len() + padding > 4)) {
        return None;
    }
    let mut out = vec![0u8; whole.len() / 4 * 3 + rest.len().saturating_sub(1)];
    let mut marks = 0;
    let mut value = |c: u8| {
        let v = VALUES[usize::from(c)];
        marks |= v;
        u32::from(v & 0x3F)
    };
    let (full, tail) = out.split_at_mut(whole.len() / 4 * 3);
    for (chars, bytes) in whole.chunks_exact(4).zip(full.chunks_exact_mut(3)) {
        let n = value(chars[0]) << 18 | value(chars[1]) << 12 | value(chars[2]) << 6 | value(chars[3]);
        bytes.copy_from_slice(&n.to_be_bytes()[1..]);
    }
    if !rest.is_empty() {
        let n = rest.iter().zip([18, 12, 6]).fold(0, |n, (c, shift)| n | value(*c) << shift);
        tail.copy_from_slice(&n.to_be_bytes()[1..rest.len()]);
        if n.to_be_bytes()[rest.len()..].iter().any(|b| *b != 0) {
            return None;
        }
    }
    (marks & NEITHER != NEITHER).then_some(out)
}

fn engine(url_safe: bool) -> GeneralPurpose {
    GeneralPurpose::new(
        if url_safe { &alphabet::URL_SAFE } else { &alphabet::STANDARD },
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    )
}

fn decode_base64_carefully(encoded: &str) -> Result<Vec<u8>, StreamError> {
    // Strip whitespace but remember where each kept character stood, so an error can point at
    // the character as the admin or Graph sent it.
    let (compact, positions): (String, Vec<usize>) =
        encoded.chars().enumerate().filter(|(_, c)| !c.is_whitespace()).map(|(i, c)| (c, i + 1)).unzip();
    if let Some(index) = compact.find(|c: char| !(c.is_ascii_alphanumeric() || "+/-_=".contains(c))) {
        let at = compact[..index].chars().count();
        let character = compact[index..].chars().next().unwrap_or('?');
        return Err(StreamError::NotBase64 { position: positions[at], character });
    }
    let url_safe = compact.contains(['-', '_']);
    if url_safe && compact.contains(['+', '/']) {
        let index = compact.find(['+', '/']).unwrap_or(0);
        return Err(StreamError::NotBase64 {
            position: positions[index],
            character: compact.as_bytes()[index] as char,
        });
    }
    engine(url_safe).decode(compact.as_bytes()).map_err(|e| match e {
        base64::DecodeError::InvalidByte(index, byte) | base64::DecodeError::InvalidLastSymbol(index, byte) => {
            StreamError::NotBase64 { position: positions[index], character: byte as char }
        }
        other => StreamError::BadBase64Length { detail: other.to_string() },
    })
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const JSON: &str = "{\"a\": \"ü?>\"}";

    #[test]
    fn encode_is_standard_padded_base64_of_the_exact_text() {
        let cases = [
            ("{}", "e30="),
            ("{\"a\":1}", "eyJhIjoxfQ=="),
            (JSON, "eyJhIjogIsO8Pz4ifQ=="),
            ("[\n  1\n]", "WwogIDEKXQ=="),
        ];
        for (text, expected) in cases {
            assert_eq!(encode(text), expected, "{text}");
            assert_eq!(encoded_len(text.len()), expected.len());
            assert_eq!(decode_base64_text(expected).unwrap(), text);
        }
    }

    #[test]
    fn reader_accepts_every_shape_graph_may_send() {
        let cases: Vec<(Option<Value>, Decoded)> = vec![
            (Some(json!("eyJhIjogIsO8Pz4ifQ==")), Decoded::Base64(JSON.into())),
            (Some(json!("eyJhIjogIsO8Pz4ifQ")), Decoded::Base64(JSON.into())),
            (Some(json!("eyJhIjogIsO8Pz4ifQ==\n")), Decoded::Base64(JSON.into())),
            (Some(json!("  eyJh IjogIs\r\nO8Pz4i fQ== ")), Decoded::Base64(JSON.into())),
            // The same bytes in the URL-safe alphabet: '?>' encodes with '/' and '+' otherwise.
            (Some(json!(encode("\"??>>\"").replace('+', "-").replace('/', "_"))), Decoded::Base64("\"??>>\"".into())),
            (Some(json!(encode("\"??>>\"").trim_end_matches('='))), Decoded::Base64("\"??>>\"".into())),
            (Some(json!({"inline": [1, 2]})), Decoded::InlineJson("{\n  \"inline\": [\n    1,\n    2\n  ]\n}".into())),
            (Some(json!([true])), Decoded::InlineJson("[\n  true\n]".into())),
            (Some(Value::Null), Decoded::Empty),
            (None, Decoded::Empty),
        ];
        for (value, expected) in cases {
            assert_eq!(decode(value.as_ref()).unwrap(), expected, "{value:?}");
        }
    }

    #[test]
    fn reader_errors_point_at_the_problem() {
        let cases: Vec<(Value, StreamError)> = vec![
            (json!("<Unknown Primitive Type Edm.Stream>"), StreamError::NotBase64 { position: 1, character: '<' }),
            (json!("e30=\n e3*0"), StreamError::NotBase64 { position: 9, character: '*' }),
            (json!("ab-c+d"), StreamError::NotBase64 { position: 5, character: '+' }),
            (json!("e30=e30="), StreamError::NotBase64 { position: 4, character: '=' }),
            (json!(encode("\u{0}").replace("AA", "/w")), StreamError::NotUtf8 { offset: 0 }),
            (
                json!(encode("{\"a\":\n  tru}")),
                StreamError::NotJson { line: 2, column: 6, message: "expected ident".into() },
            ),
            (json!(true), StreamError::UnexpectedType { kind: "boolean" }),
            (json!(3), StreamError::UnexpectedType { kind: "number" }),
        ];
        for (value, expected) in cases {
            assert_eq!(decode(Some(&value)).unwrap_err(), expected, "{value}");
        }
        assert!(matches!(decode(Some(&json!("e"))), Err(StreamError::BadBase64Length { .. })));
    }

    #[test]
    fn json_helpers_report_line_and_column() {
        assert_eq!(format_json("{\"b\":1,\"a\":[2]}").unwrap(), "{\n  \"b\": 1,\n  \"a\": [\n    2\n  ]\n}");
        let err = check_json("{\n  \"a\": 1,\n}").unwrap_err();
        assert_eq!(err, StreamError::NotJson { line: 3, column: 1, message: "trailing comma".into() });
        assert_eq!(err.to_string(), "not JSON: line 3, column 1: trailing comma");
        assert!(matches!(check_json(""), Err(StreamError::NotJson { line: 1, column: 0, .. })));
    }

    #[test]
    fn format_changes_only_the_space_between_tokens() {
        let text = "{\"n\":12345678901234567890123,\"s\":\"\\u00e9 \\/\",\"a\":1,\"a\":2.50,\"e\":{ },\"l\":[ ]}";
        let formatted = format_json(text).unwrap();
        assert_eq!(
            formatted,
            "{\n  \"n\": 12345678901234567890123,\n  \"s\": \"\\u00e9 \\/\",\n  \"a\": 1,\n  \"a\": 2.50,\n  \"e\": {},\n  \"l\": []\n}"
        );
        assert_eq!(format_json(&formatted).unwrap(), formatted, "formatting twice is formatting once");
        assert!(format_json("{\"a\":").is_err(), "not JSON is refused, not laid out");
    }

    fn nested(levels: usize) -> String {
        format!("{{\"x\":{}{}}}", "[".repeat(levels - 1), "]".repeat(levels - 1))
    }

    #[test]
    fn one_depth_limit_and_one_verdict_for_every_reader() {
        assert_eq!(validate_json(&nested(MAX_DEPTH)), Ok(()));
        let deep = StreamError::TooDeep { depth: MAX_DEPTH + 1, max: MAX_DEPTH, line: 1, column: 69 };
        assert_eq!(validate_json(&nested(MAX_DEPTH + 1)), Err(deep.clone()));
        assert_eq!(check_json(&nested(MAX_DEPTH + 1)).unwrap_err(), deep);
        assert_eq!(
            validate_json(&nested(201)).unwrap_err().to_string(),
            "it nests 201 levels deep, and the editor reads JSON nested at most 64 levels"
        );
        let StreamError::TooDeep { line, column, .. } =
            validate_json(&format!("{{\n  \"x\": {}\n}}", "[".repeat(70))).unwrap_err()
        else {
            panic!()
        };
        assert_eq!((line, column), (2, 71), "where level 65 opens, for the editor's marker");
        assert_eq!(
            validate_json(
                r#"{"k": "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["}"#
            ),
            Ok(()),
            "brackets in a string are text"
        );
        // The parser that skips values lets a lone surrogate through; the one that builds them
        // does not. The editor's verdict is the stricter one's.
        for lone in [r#"{"x":"\ud800"}"#, r#"{"x":"\uDC00 and more"}"#, r#"["\ud83d"]"#] {
            assert!(validate_json(lone).is_err(), "{lone}");
        }
        assert_eq!(validate_json(r#"{"x":"\ud83d\ude00"}"#), Ok(()), "a pair is one character");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The one-pass reader takes only what the crate's engine takes, and reads it alike.
        #[test]
        fn the_one_pass_reader_agrees_with_the_engine(text in "[A-Za-z0-9+/_=-]{0,14}") {
            let url_safe = text.contains(['-', '_']);
            let one_alphabet = !(url_safe && text.contains(['+', '/']));
            match (decode_plain(text.as_bytes()), engine(url_safe).decode(&text)) {
                (Some(decoded), engine) => prop_assert_eq!(Ok(decoded), engine),
                (None, Ok(_)) => prop_assert!(!one_alphabet, "the engine read {:?}", text),
                (None, Err(_)) => {}
            }
        }

        /// What the app writes, it reads in one pass.
        #[test]
        fn what_is_written_is_read_in_one_pass(bytes in prop::collection::vec(any::<u8>(), 0..40)) {
            let encoded = STANDARD.encode(&bytes);
            prop_assert_eq!(decode_plain(encoded.as_bytes()), Some(bytes.clone()));
            let unpadded = encoded.trim_end_matches('=');
            prop_assert_eq!(decode_plain(unpadded.as_bytes()), Some(bytes));
        }
    }
}
