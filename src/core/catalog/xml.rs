//! A template file's bytes to text, and text to a small tree of elements (quick-xml's reader;
//! the tree keeps local names, attributes and text, which is all a template says).

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use std::collections::BTreeMap;

/// One element: its local name (no namespace prefix), attributes, children and text (its text
/// parts joined, without the space around them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Element {
    pub name: String,
    pub attributes: BTreeMap<String, String>,
    pub children: Vec<Element>,
    pub text: String,
}

impl Element {
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes.get(name).map(String::as_str)
    }

    /// Its first child named `name`.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }

    /// Its children named `name`.
    pub fn all<'e>(&'e self, name: &'e str) -> impl Iterator<Item = &'e Element> + 'e {
        self.children.iter().filter(move |c| c.name == name)
    }

    /// The children of its first child named `name` (none when it has no such child).
    pub fn under(&self, name: &str) -> &[Element] {
        self.child(name).map_or(&[], |c| c.children.as_slice())
    }
}

/// A file's text: UTF-16 (LE or BE) after its byte order mark, UTF-8 with or without one, or
/// UTF-16LE without a mark when its first character is ASCII (`<`). An error says which.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |body: &[u8], little: bool| {
        if body.len() % 2 != 0 {
            return Err("it is UTF-16 with an odd number of bytes (cut short?)".to_string());
        }
        let units = body.chunks_exact(2).map(|p| match little {
            true => u16::from_le_bytes([p[0], p[1]]),
            false => u16::from_be_bytes([p[0], p[1]]),
        });
        char::decode_utf16(units)
            .collect::<Result<String, _>>()
            .map_err(|_| "its UTF-16 text holds a broken character".to_string())
    };
    match bytes {
        [0xFF, 0xFE, rest @ ..] => utf16(rest, true),
        [0xFE, 0xFF, rest @ ..] => utf16(rest, false),
        [0xEF, 0xBB, 0xBF, rest @ ..] => utf8(rest),
        [first, 0, ..] if first.is_ascii() && *first != 0 => utf16(bytes, true),
        _ => utf8(bytes),
    }
}

fn utf8(bytes: &[u8]) -> Result<String, String> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        format!(
            "it is neither UTF-8 nor UTF-16 with a byte order mark (byte {} is not UTF-8)",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The document's root element, or what is wrong (a message naming the line).
pub fn parse(text: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(text);
    let mut open: Vec<Element> = Vec::new();
    let line = |at: u64| text.get(..at as usize).map_or(1, |t| t.matches('\n').count() + 1);
    let fail = |reader: &Reader<&[u8]>, what: String| format!("line {}: {what}", line(reader.error_position()));
    loop {
        let event = reader.read_event().map_err(|e| fail(&reader, e.to_string()))?;
        match event {
            Event::Start(start) => open.push(element(&start).map_err(|e| fail(&reader, e))?),
            Event::Empty(start) => {
                let done = element(&start).map_err(|e| fail(&reader, e))?;
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::End(_) => {
                let Some(mut done) = open.pop() else {
                    return Err(fail(&reader, "a closing tag with no opening one".into()));
                };
                done.text = done.text.trim().to_string();
                match open.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => return Ok(done),
                }
            }
            Event::Text(t) => {
                let t = t.xml10_content().map_err(|e| fail(&reader, e.to_string()))?;
                if let Some(el) = open.last_mut() {
                    el.text.push_str(&t);
                }
            }
            Event::CData(t) => {
                let t = t.decode().map_err(|e| fail(&reader, e.to_string()))?;
                if let Some(el) = open.last_mut() {
                    el.text.push_str(&t);
                }
            }
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => {
                        let name = r.decode().map_err(|e| fail(&reader, e.to_string()))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| fail(&reader, format!("an unknown entity &{name};")))?
                            .to_string()
                    }
                };
                if let Some(el) = open.last_mut() {
                    el.text.push_str(&resolved);
                }
            }
            Event::Eof => return Err(fail(&reader, "the file ends before its root element does".into())),
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
}

fn element(start: &BytesStart) -> Result<Element, String> {
    let local = |raw: &[u8]| {
        let name = String::from_utf8_lossy(raw);
        name.rsplit(':').next().unwrap_or_default().to_string()
    };
    let mut attributes = BTreeMap::new();
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| e.to_string())?;
        let value = attribute.normalized_value(quick_xml::XmlVersion::Implicit1_0).map_err(|e| e.to_string())?;
        attributes.insert(local(attribute.key.as_ref()), value.into_owned());
    }
    Ok(Element { name: local(start.name().as_ref()), attributes, children: Vec::new(), text: String::new() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        [0xFF, 0xFE].into_iter().chain(text.encode_utf16().flat_map(u16::to_le_bytes)).collect()
    }

    #[test]
    fn each_encoding_a_template_comes_in_decodes_to_the_same_text() {
        let text = "<a b=\"ü\">€ 𝄞</a>";
        let be: Vec<u8> = [0xFE, 0xFF].into_iter().chain(text.encode_utf16().flat_map(u16::to_be_bytes)).collect();
        let bom8: Vec<u8> = [0xEF, 0xBB, 0xBF].into_iter().chain(text.bytes()).collect();
        let no_mark: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        for bytes in [utf16le(text), be, bom8, text.as_bytes().to_vec(), no_mark] {
            assert_eq!(decode(&bytes).as_deref(), Ok(text));
        }
    }

    #[test]
    fn bytes_that_are_no_text_say_so() {
        assert!(decode(&[0xFF, 0xFE, 0x3C]).unwrap_err().contains("odd number"));
        assert!(decode(&[0xFF, 0xFE, 0x00, 0xD8, 0x3C, 0x00]).unwrap_err().contains("broken character"));
        assert!(decode(&[0x3C, 0xC3, 0x28]).unwrap_err().contains("neither UTF-8"));
    }

    #[test]
    fn the_tree_keeps_local_names_attributes_text_and_entities() {
        let root = parse(
            "<?xml version=\"1.0\"?><!-- c --><p:r xmlns:p=\"x\" a=\"1 &amp; 2\"><s id=\"k\">A &lt;b&gt; &#x263A;</s><e/></p:r>",
        )
        .unwrap();
        assert_eq!(root.name, "r");
        assert_eq!(root.attribute("a"), Some("1 & 2"));
        assert_eq!(root.child("s").map(|s| s.text.as_str()), Some("A <b> ☺"));
        assert_eq!(root.children.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["s", "e"]);
    }

    #[test]
    fn broken_xml_is_an_error_naming_its_line() {
        let err = parse("<a>\n<b>\n</a>").unwrap_err();
        assert!(err.starts_with("line "), "{err}");
        assert!(parse("<a><b/>").unwrap_err().contains("ends before"));
        assert!(parse("<a>&nbsp;</a>").unwrap_err().contains("&nbsp;"));
    }
}
