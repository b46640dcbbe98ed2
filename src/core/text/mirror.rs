//! The payload editor's text as wasm keeps it: the text the view had when it last reported, kept
//! in step by the view's changes rather than by copies of its whole text.
//!
//! A keystroke into a 5 MB payload changes a few bytes; handing the view's whole text over when
//! typing settles costs tens of milliseconds in the browser alone (flattening the document,
//! then encoding it). The view instead reports what changed since its last report, as
//! replacements of UTF-16 ranges (JavaScript's positions), and its length afterwards. The mirror
//! applies them to its UTF-8 text, checking that it is still in step; when it is not (a position
//! inside a character, a length that differs), the caller asks the view for its whole text.

/// The view's text, with what makes its JavaScript positions cheap to find.
#[derive(Clone, Debug, Default)]
pub struct Mirror {
    text: String,
    /// All ASCII, so a UTF-16 position is the byte offset. Once a change brings in another
    /// character it stays false until the next `set` (a slower walk, never a wrong one).
    ascii: bool,
    /// The length in UTF-16 code units, as the view counts it.
    utf16_len: usize,
}

/// A change that does not fit the mirrored text: the two are out of step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfStep;

impl Mirror {
    pub fn new(text: &str) -> Mirror {
        let mut mirror = Mirror::default();
        mirror.set(text);
        mirror
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The length in UTF-16 code units.
    pub fn utf16_len(&self) -> usize {
        self.utf16_len
    }

    /// The view now shows `text` as a whole.
    pub fn set(&mut self, text: &str) {
        self.text.clear();
        self.text.push_str(text);
        self.ascii = text.is_ascii();
        self.utf16_len = if self.ascii { text.len() } else { utf16_len(text) };
    }

    /// Replaces the UTF-16 range `from..to` of the text with `insert`.
    pub fn replace(&mut self, from: usize, to: usize, insert: &str) -> Result<(), OutOfStep> {
        if from > to || to > self.utf16_len {
            return Err(OutOfStep);
        }
        let (start, end) = if self.ascii { (from, to) } else { self.byte_range(from, to)? };
        self.text.replace_range(start..end, insert);
        let inserted = if insert.is_ascii() { insert.len() } else { utf16_len(insert) };
        self.ascii = self.ascii && insert.is_ascii();
        self.utf16_len = self.utf16_len - (to - from) + inserted;
        Ok(())
    }

    /// The byte offsets of a UTF-16 range, in one walk up to its end.
    fn byte_range(&self, from: usize, to: usize) -> Result<(usize, usize), OutOfStep> {
        let (mut units, mut start) = (0, None);
        for (byte, c) in self.text.char_indices().chain(std::iter::once((self.text.len(), '\0'))) {
            if units == from && start.is_none() {
                start = Some(byte);
            }
            if units == to {
                return start.map(|start| (start, byte)).ok_or(OutOfStep);
            }
            if units > to {
                break;
            }
            units += c.len_utf16();
        }
        // A position inside a surrogate pair.
        Err(OutOfStep)
    }
}

fn utf16_len(text: &str) -> usize {
    text.chars().map(char::len_utf16).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The same replacement done on UTF-16 code units, as the view does it.
    fn reference(text: &str, from: usize, to: usize, insert: &str) -> String {
        let mut units: Vec<u16> = text.encode_utf16().collect();
        units.splice(from..to, insert.encode_utf16());
        String::from_utf16(&units).unwrap()
    }

    #[test]
    fn replacements_match_the_views_positions() {
        let cases = [
            ("{\"a\": 1}", 6, 7, "2"),
            ("{\"a\": 1}", 8, 8, "\n"),
            ("{\"a\": 1}", 0, 8, ""),
            ("{\"paramètre\": \"設定\"}", 15, 17, "値"),
            ("{\"paramètre\": \"設定\"}", 19, 19, " "),
            ("{\"e\": \"😀\"}", 7, 9, "x"),
            ("{\"e\": \"😀\"}", 9, 9, "é"),
            ("", 0, 0, "{}"),
        ];
        for (text, from, to, insert) in cases {
            let mut mirror = Mirror::new(text);
            mirror.replace(from, to, insert).unwrap();
            let expected = reference(text, from, to, insert);
            assert_eq!(mirror.text(), expected, "{text:?} {from}..{to} {insert:?}");
            assert_eq!(mirror.utf16_len(), expected.encode_utf16().count());
            assert!(!mirror.ascii || expected.is_ascii(), "only an ASCII text takes the short way");
        }
    }

    #[test]
    fn a_change_that_does_not_fit_is_out_of_step() {
        let cases = [
            ("{}", 1, 3),      // past the end
            ("{}", 2, 1),      // backwards
            ("\"😀\"", 2, 2),  // inside a surrogate pair
            ("\"😀\"", 1, 2),  // ends inside it
            ("\"😀é\"", 2, 4), // starts inside it
        ];
        for (text, from, to) in cases {
            let mut mirror = Mirror::new(text);
            assert_eq!(mirror.replace(from, to, "x"), Err(OutOfStep), "{text:?} {from}..{to}");
            assert_eq!(mirror.text(), text, "nothing changed");
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Any sequence of in-range replacements keeps the mirror equal to the view's text.
        #[test]
        fn stays_in_step(start in "[a-z{}\"é😀設]{0,20}", edits in prop::collection::vec((0usize..40, 0usize..40, "[a-z😀é]{0,4}"), 0..12)) {
            let mut mirror = Mirror::new(&start);
            let mut units: Vec<u16> = start.encode_utf16().collect();
            for (a, b, insert) in edits {
                let (from, to) = (a.min(b).min(units.len()), a.max(b).min(units.len()));
                let splits_a_pair = |i: usize| i > 0 && i < units.len() && (0xDC00..0xE000).contains(&units[i]);
                let result = mirror.replace(from, to, &insert);
                if splits_a_pair(from) || splits_a_pair(to) {
                    prop_assert_eq!(result, Err(OutOfStep));
                    continue;
                }
                prop_assert_eq!(result, Ok(()));
                units.splice(from..to, insert.encode_utf16());
                prop_assert_eq!(mirror.text(), String::from_utf16(&units).unwrap());
                prop_assert_eq!(mirror.utf16_len(), units.len());
                prop_assert!(!mirror.ascii || mirror.text().is_ascii());
            }
        }
    }
}
