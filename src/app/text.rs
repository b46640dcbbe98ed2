//! A payload's text as a component property: shared, not copied, from one render to the next,
//! and compared by address first (then a word at a time), so that a 5 MB payload costs its
//! components no copy and no byte-by-byte comparison when Yew checks whether their properties
//! changed.

use crate::core::text::bytes;
use std::ops::Deref;
use yew::AttrValue;

#[derive(Clone, Debug, Default)]
pub struct Text(pub AttrValue);

impl PartialEq for Text {
    fn eq(&self, other: &Self) -> bool {
        bytes::same(&self.0, &other.0)
    }
}

impl Deref for Text {
    type Target = AttrValue;
    fn deref(&self) -> &AttrValue {
        &self.0
    }
}

impl From<&str> for Text {
    fn from(text: &str) -> Text {
        Text(AttrValue::from(text.to_string()))
    }
}
