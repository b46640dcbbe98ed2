//! A policy in a payload. Adding one writes the registry values it sets as entries in the shape
//! the payload already uses ([`shape`]); a payload with none yet gets them in the Cloud Policy
//! service's client format — one object per value, in a `settings` array:
//!
//! ```json
//! { "settingId": "word16;L_VBAWarningsPolicy", "app": "Word", "type": "REG_DWORD",
//!   "valueName": "vbawarnings", "value": 2 }
//! ```
//!
//! Reading goes the other way: which policies a payload's keys and strings name
//! ([`named`], [`configured`]), and whether a value is one its template allows ([`warning`]).

use super::{Catalog, ElementKind, Policy, RegValue};
use crate::core::text::settings::{lay_out, Layout};
use crate::core::text::settings::{Edit, Kind};
use crate::core::text::settings_index::Index;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};

/// The array a payload with no entries yet gets them in (the service's client format). Change
/// it here to write new payloads another way; a payload that has entries keeps its own shape.
pub const NEW_ENTRIES: &str = "settings";

/// One registry value a policy writes, as an entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub setting_id: String,
    pub app: String,
    /// `REG_DWORD`, `REG_SZ`, `REG_EXPAND_SZ` or `REG_MULTI_SZ`.
    pub reg_type: &'static str,
    /// The element's own key, when it is not the policy's.
    pub key: Option<String>,
    pub value_name: String,
    pub value: Value,
}

impl Entry {
    /// The entry as the service's client format writes it, keys in its order.
    pub fn to_json(&self) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("settingId".into(), self.setting_id.clone().into());
        out.insert("app".into(), self.app.clone().into());
        out.insert("type".into(), self.reg_type.into());
        if let Some(key) = &self.key {
            out.insert("key".into(), key.clone().into());
        }
        out.insert("valueName".into(), self.value_name.clone().into());
        out.insert("value".into(), self.value.clone());
        out
    }
}

/// What the admin chose for one element, in the order of the policy's elements.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// An enum's item, by its place.
    Choice(usize),
    /// A decimal, as typed.
    Number(String),
    Switch(bool),
    Text(String),
    /// A list's or a multi-line text's lines.
    Lines(Vec<String>),
}

/// A policy's state as added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    Enabled(Vec<Input>),
    /// Only for a policy with a value of its own (an on/off policy).
    Disabled,
}

/// Each element's input as the template's presentation sets it by default.
pub fn default_inputs(policy: &Policy) -> Vec<Input> {
    policy
        .elements
        .iter()
        .map(|e| match &e.kind {
            ElementKind::Enum { default, .. } => Input::Choice(default.unwrap_or(0)),
            ElementKind::Decimal { default, min, .. } => Input::Number(default.unwrap_or(*min).to_string()),
            ElementKind::Boolean { default, .. } => Input::Switch(*default),
            ElementKind::Text { default, .. } => Input::Text(default.clone().unwrap_or_default()),
            ElementKind::List { .. } | ElementKind::MultiText { .. } => Input::Lines(Vec::new()),
        })
        .collect()
}

/// The entries a policy in `state` writes, or what is wrong with an input (a message naming
/// the element, saying what it takes).
pub fn entries(policy: &Policy, state: &State) -> Result<Vec<Entry>, String> {
    let entry = |key: Option<&String>, value_name: &str, reg_type: &'static str, value: Value| Entry {
        setting_id: policy.id.clone(),
        app: policy.app.clone(),
        reg_type,
        key: key.cloned(),
        value_name: value_name.to_string(),
        value,
    };
    let own = |value: &Option<RegValue>| {
        let name = policy.value_name.as_deref()?;
        let value = value.as_ref().filter(|v| **v != RegValue::Delete)?;
        Some(entry(None, name, value.reg_type(), value.to_json()))
    };
    let inputs = match state {
        State::Disabled => {
            return own(&policy.disabled_value).map(|e| vec![e]).ok_or_else(|| {
                format!("{} has no value of its own to turn off; remove its entries instead.", policy.display)
            })
        }
        State::Enabled(inputs) => inputs,
    };
    let mut out: Vec<Entry> = own(&policy.enabled_value).into_iter().collect();
    if inputs.len() != policy.elements.len() {
        return Err(format!("{} takes {} values; {} were given.", policy.display, policy.elements.len(), inputs.len()));
    }
    for (element, input) in policy.elements.iter().zip(inputs) {
        let name = element.value_name.clone().unwrap_or_default();
        let key = element.key.as_ref();
        let label = &element.label;
        let wrong = || format!("{label} got a value of the wrong kind.");
        match (&element.kind, input) {
            (ElementKind::Enum { items, .. }, Input::Choice(at)) => {
                let item = items.get(*at).ok_or_else(|| format!("Pick one of {label}'s choices."))?;
                out.push(entry(key, &name, item.value.reg_type(), item.value.to_json()));
            }
            (ElementKind::Decimal { min, max, as_text, .. }, Input::Number(typed)) => {
                let n = typed.trim().parse::<u32>().ok().filter(|n| (min..=max).contains(&n));
                let n = n.ok_or_else(|| format!("{label} takes a whole number from {min} to {max}."))?;
                out.push(match as_text {
                    true => entry(key, &name, "REG_SZ", n.to_string().into()),
                    false => entry(key, &name, "REG_DWORD", n.into()),
                });
            }
            (ElementKind::Boolean { on, off, .. }, Input::Switch(set)) => {
                let value = if *set { on } else { off };
                if *value != RegValue::Delete {
                    out.push(entry(key, &name, value.reg_type(), value.to_json()));
                }
            }
            (ElementKind::Text { max_length, expandable, .. }, Input::Text(text)) => {
                if element.required && text.trim().is_empty() {
                    return Err(format!("{label} is required."));
                }
                if text.chars().count() > *max_length as usize {
                    return Err(format!("{label} takes at most {max_length} characters."));
                }
                out.push(entry(key, &name, if *expandable { "REG_EXPAND_SZ" } else { "REG_SZ" }, text.clone().into()));
            }
            (ElementKind::List { explicit }, Input::Lines(lines)) => {
                let lines = lines.iter().map(|l| l.trim()).filter(|l| !l.is_empty());
                for (n, line) in lines.enumerate() {
                    let (value_name, value) = match explicit {
                        true => line
                            .split_once('=')
                            .map_or((line.to_string(), line), |(k, v)| (k.trim().to_string(), v.trim())),
                        false => (format!("{name}{}", n + 1), line),
                    };
                    out.push(entry(key.or(Some(&policy.key)), &value_name, "REG_SZ", value.into()));
                }
            }
            (ElementKind::MultiText { max_strings }, Input::Lines(lines)) => {
                let lines: Vec<Value> =
                    lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.clone().into()).collect();
                if max_strings.is_some_and(|m| lines.len() > m as usize) {
                    return Err(format!("{label} takes at most {} lines.", max_strings.unwrap_or_default()));
                }
                out.push(entry(key, &name, "REG_MULTI_SZ", lines.into()));
            }
            _ => return Err(wrong()),
        }
    }
    Ok(out)
}

/// Whether a text is a setting id: `prefix;name` (`word16;L_VBAWarningsPolicy`).
pub fn is_setting_id(text: &str) -> bool {
    let ok = |part: &str, extra: &[char]| {
        !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || extra.contains(&c))
    };
    text.split_once(';').is_some_and(|(prefix, name)| ok(prefix, &['.', '-']) && ok(name, &[]))
}

/// How a payload keeps its entries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// Objects with a `settingId` in this array; `keys` in the order its first entry has them.
    List { array: String, keys: Vec<String> },
    /// Members of this object keyed by setting id: each a plain value (`scalar`), or an object.
    Keyed { object: String, scalar: bool },
    /// None yet.
    New,
}

/// The shape of the payload's first entry.
pub fn shape(text: &str, index: &Index) -> Shape {
    for (id, node) in index.nodes().iter().enumerate().skip(1) {
        let parent = index.node(node.parent);
        if node.kind == Kind::Object && parent.kind == Kind::Array {
            let keys: Vec<String> = index.children(id).map(|c| index.key(text, c).into_owned()).collect();
            if keys.iter().any(|k| k == "settingId") {
                return Shape::List { array: index.pointer(text, node.parent), keys };
            }
        }
        if parent.kind == Kind::Object && is_setting_id(&index.key(text, id)) {
            return Shape::Keyed { object: index.pointer(text, node.parent), scalar: !node.is_section() };
        }
    }
    Shape::New
}

/// The edit that adds `entries` (one policy's) to the payload, in its shape.
pub fn add(text: &str, index: &Index, entries: &[Entry]) -> Result<Edit, String> {
    let first = entries.first().ok_or("The policy writes no value as set; pick its values first.")?;
    let json = |v: &Value| v.to_string();
    Ok(match shape(text, index) {
        Shape::List { array, keys } => {
            let members = entries
                .iter()
                .map(|e| {
                    let mut fields = e.to_json();
                    let mut ordered = Map::new();
                    for k in &keys {
                        if let Some(v) = fields.shift_remove(k) {
                            ordered.insert(k.clone(), v);
                        }
                    }
                    ordered.extend(fields);
                    (None, json(&Value::Object(ordered)))
                })
                .collect();
            Edit::Insert { container: array, members }
        }
        Shape::Keyed { object, scalar } => {
            let bare = |e: &Entry| {
                let mut fields = e.to_json();
                fields.shift_remove("settingId");
                Value::Object(fields)
            };
            let value = match (scalar, entries) {
                (true, [only]) => only.value.clone(),
                (_, [only]) => bare(only),
                _ => Value::Array(entries.iter().map(bare).collect()),
            };
            Edit::Insert { container: object, members: vec![(Some(first.setting_id.clone()), json(&value))] }
        }
        Shape::New => {
            let items: Vec<Value> = entries.iter().map(|e| Value::Object(e.to_json())).collect();
            let root = index.nodes().first().map(|n| n.kind);
            let list = index.find(text, &format!("/{NEW_ENTRIES}")).filter(|id| index.node(*id).kind == Kind::Array);
            match (root, list) {
                (Some(Kind::Array), _) => {
                    Edit::Insert { container: String::new(), members: items.iter().map(|i| (None, json(i))).collect() }
                }
                (_, Some(_)) => Edit::Insert {
                    container: format!("/{NEW_ENTRIES}"),
                    members: items.iter().map(|i| (None, json(i))).collect(),
                },
                _ => Edit::Insert {
                    container: String::new(),
                    members: vec![(Some(NEW_ENTRIES.to_string()), json(&Value::Array(items)))],
                },
            }
        }
    })
}

/// The policy a node's key or string value names (`word16;L_…`, or a bare `L_…` found by its
/// path's app); an entry (an object with a `settingId`) is named by its setting id, so that a
/// closed entry's row says what it sets.
pub fn named<'c>(catalog: &'c Catalog, text: &str, index: &Index, node: usize) -> Option<&'c Policy> {
    let n = index.node(node);
    if n.kind == Kind::Object {
        if let Some(id) = index.children(node).find(|c| index.key(text, *c) == "settingId") {
            return named(catalog, text, index, id);
        }
    }
    // Only a key or string that looks like a policy costs a lookup (a payload has many).
    let looks = |s: &str| s.starts_with("L_") || is_setting_id(s);
    let key = Some(index.key(text, node)).filter(|k| !n.key.is_empty() && looks(k));
    let value = || {
        let raw = text.get(n.span.clone()).filter(|r| n.kind == Kind::String && r.len() < 256)?;
        serde_json::from_str::<String>(raw).ok().filter(|v| looks(v))
    };
    let context = || index.pointer(text, node);
    key.and_then(|k| catalog.named(&k, &context())).or_else(|| catalog.named(&value()?, &context()))
}

/// The policies a line of a review, an import's dry run or a comparison names
/// (`/word16;L_AutoRecoverInterval: 5 → 10`, `/settings/3: added {"settingId": "word16;…"}`):
/// each setting id or `L_` name in it, a bare name found by the app its path names.
pub fn line_policies<'c>(catalog: &'c Catalog, line: &str) -> Vec<&'c Policy> {
    let path = line.split(": ").next().unwrap_or_default();
    let mut out: Vec<&Policy> = Vec::new();
    let tokens = line.split(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | ';' | '.' | '-')));
    for policy in tokens.filter_map(|t| catalog.named(t, path)) {
        if !out.iter().any(|p| p.id == policy.id) {
            out.push(policy);
        }
    }
    out
}

/// The policies a line names ([`line_policies`]) and, read in the payload's texts (`read`: the
/// text after, then before, each with its index), the policy of the entry its path is inside:
/// `/settings/3/value: 2 → 4` names no policy itself, the entry at `/settings/3` does.
pub fn line_policies_read<'c>(catalog: &'c Catalog, line: &str, read: &[(&str, &Index)]) -> Vec<&'c Policy> {
    let mut out = line_policies(catalog, line);
    let path = line.split(": ").next().unwrap_or_default();
    let inside = read.iter().find_map(|(text, index)| path_policy(catalog, text, index, path));
    if let Some(policy) = inside.filter(|p| !out.iter().any(|o| o.id == p.id)) {
        out.push(policy);
    }
    out
}

/// The policy a path is inside, in `text`: the deepest node of the path that `text` has, then
/// its parents, the first that names one.
fn path_policy<'c>(catalog: &'c Catalog, text: &str, index: &Index, path: &str) -> Option<&'c Policy> {
    let mut at = path;
    let mut node = loop {
        match index.find(text, at) {
            Some(node) => break node,
            None => at = &at[..at.rfind('/')?],
        }
    };
    loop {
        if let Some(policy) = named(catalog, text, index, node) {
            return Some(policy);
        }
        if node == 0 {
            return None;
        }
        node = index.node(node).parent;
    }
}

/// The ids of the policies a payload names anywhere.
pub fn configured(catalog: &Catalog, text: &str, index: &Index) -> BTreeSet<String> {
    set_to(catalog, text, index).into_keys().collect()
}

/// Where a payload sets (or names) the policy `id`: the pointer of its first entry, keyed
/// setting or mention, in the text's order.
pub fn where_set(catalog: &Catalog, text: &str, index: &Index, id: &str) -> Option<String> {
    (1..index.len())
        .find(|node| named(catalog, text, index, *node).is_some_and(|p| p.id == id))
        .map(|node| index.pointer(text, node))
}

/// What a payload sets each policy it names to, by id: each entry's `valueName = value`, a
/// keyed setting's value, as compact JSON (empty for a policy only mentioned).
pub fn set_to(catalog: &Catalog, text: &str, index: &Index) -> BTreeMap<String, Vec<String>> {
    let mut out: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let compact = |id: usize| lay_out(&text[index.node(id).span.clone()], Layout::Compact);
    for node in 1..index.len() {
        let Some(policy) = named(catalog, text, index, node) else { continue };
        let values = out.entry(policy.id.clone()).or_default();
        let n = index.node(node);
        let sibling = |name: &str| index.children(n.parent).find(|c| index.key(text, *c) == name);
        let key = index.key(text, node);
        if key == "settingId" {
            // An entry: the value beside its settingId.
            let name = sibling("valueName")
                .and_then(|c| serde_json::from_str::<String>(&text[index.node(c).span.clone()]).ok());
            if let Some(value) = sibling("value") {
                values.push(format!("{} = {}", name.unwrap_or_default(), compact(value)));
            }
        } else if !n.key.is_empty() && (key.starts_with("L_") || is_setting_id(&key)) {
            // A setting keyed by the policy: its value.
            values.push(compact(node));
        }
    }
    out
}

/// What is wrong with `value` as the value named `value_name` of `policy`, by its template.
pub fn check(policy: &Policy, value_name: &str, value: &Value) -> Option<String> {
    let shown = value.to_string();
    if policy.value_name.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(value_name)) {
        let allowed: Vec<&RegValue> = [&policy.enabled_value, &policy.disabled_value].into_iter().flatten().collect();
        return (!allowed.iter().any(|v| v.matches(value))).then(|| {
            let list: Vec<String> = allowed.iter().map(|v| v.show()).collect();
            format!("{shown} is not a value {} takes (it takes {}).", policy.display, list.join(" or "))
        });
    }
    let named = |e: &&super::Element| e.value_name.as_deref().is_some_and(|v| v.eq_ignore_ascii_case(value_name));
    let Some(element) = policy.elements.iter().find(named) else {
        let listed = policy.elements.iter().any(|e| matches!(e.kind, ElementKind::List { .. }));
        return (!listed).then(|| format!("The template's {} writes no value named {value_name}.", policy.display));
    };
    let label = &element.label;
    let number = || match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok(),
        _ => None,
    };
    match &element.kind {
        ElementKind::Enum { items, .. } => (!items.iter().any(|i| i.value.matches(value))).then(|| {
            let list: Vec<String> = items.iter().map(|i| format!("{} ({})", i.value.show(), i.display)).collect();
            format!("{shown} is not one of {label}'s values: {}.", list.join(", "))
        }),
        ElementKind::Decimal { min, max, .. } => match number() {
            Some(n) if n.fract() == 0.0 && (f64::from(*min)..=f64::from(*max)).contains(&n) => None,
            _ => Some(format!("{shown} is outside {label}'s range, a whole number from {min} to {max}.")),
        },
        ElementKind::Boolean { on, off, .. } => (!on.matches(value) && !off.matches(value)).then(|| {
            format!("{shown} is neither {label}'s on value ({}) nor its off value ({}).", on.show(), off.show())
        }),
        ElementKind::Text { max_length, .. } => {
            let length = value.as_str().map_or(0, |s| s.chars().count());
            (length > *max_length as usize)
                .then(|| format!("{label} is {length} characters long; the template allows {max_length}."))
        }
        ElementKind::List { .. } | ElementKind::MultiText { .. } => None,
    }
}

/// The warning for a node, when it is a value its policy's template does not allow: the
/// `value` of an entry (`settingId` + `valueName` beside it), or a keyed setting's plain value.
pub fn warning(catalog: &Catalog, text: &str, index: &Index, node: usize) -> Option<String> {
    let n = index.node(node);
    if n.is_section() || node == 0 {
        return None;
    }
    let value: Value = serde_json::from_str(&text[n.span.clone()]).ok()?;
    let sibling = |name: &str| {
        let id = index.children(n.parent).find(|c| index.key(text, *c) == name)?;
        serde_json::from_str::<String>(&text[index.node(id).span.clone()]).ok()
    };
    if index.key(text, node) == "value" {
        let value_name = sibling("valueName")?;
        let policy = match sibling("settingId") {
            Some(id) => catalog.policy(&id)?,
            // A keyed entry's object: its key names the policy.
            None => catalog.named(&index.key(text, n.parent), &index.pointer(text, n.parent))?,
        };
        return check(policy, &value_name, &value);
    }
    let key = index.key(text, node);
    let policy = catalog.named(&key, &index.pointer(text, node))?;
    let value_name = match (&policy.value_name, policy.elements.as_slice()) {
        (Some(own), []) => own.clone(),
        (None, [only]) => only.value_name.clone()?,
        _ => return None,
    };
    check(policy, &value_name, &value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::template::tests::catalog;

    fn apply(text: &str, edit: &Edit) -> String {
        Index::new(text).edit(text, edit).unwrap().0
    }

    fn added(text: &str, id: &str, state: State) -> String {
        let catalog = catalog();
        let entries = entries(catalog.policy(id).unwrap(), &state).unwrap();
        apply(text, &add(text, &Index::new(text), &entries).unwrap())
    }

    #[test]
    fn each_element_kind_writes_its_registry_value() {
        let catalog = catalog();
        let of = |id: &str, inputs: Vec<Input>| entries(catalog.policy(id).unwrap(), &State::Enabled(inputs));
        let vba = of("word16;L_VBAWarningsPolicy", vec![Input::Choice(1)]).unwrap();
        assert_eq!(
            Value::Object(vba[0].to_json()),
            serde_json::json!({"settingId": "word16;L_VBAWarningsPolicy", "app": "Word", "type": "REG_DWORD", "valueName": "vbawarnings", "value": 2})
        );
        let pv = of(
            "word16;L_ProtectedViewOptions",
            vec![Input::Switch(false), Input::Text("Careful".into()), Input::Number("45".into())],
        )
        .unwrap();
        let written: Vec<(&str, &str, Value)> =
            pv.iter().map(|e| (e.value_name.as_str(), e.reg_type, e.value.clone())).collect();
        assert_eq!(
            written,
            [
                ("openinprotectedview", "REG_DWORD", 0.into()),
                ("bannertext", "REG_SZ", "Careful".into()),
                ("timeout", "REG_SZ", "45".into())
            ]
        );
        let tl = of(
            "word16;L_TrustedLocations",
            vec![
                Input::Lines(vec!["C:\\a".into(), " ".into(), "D:\\b".into()]),
                Input::Lines(vec!["x".into(), "y".into()]),
            ],
        )
        .unwrap();
        let names: Vec<&str> = tl.iter().map(|e| e.value_name.as_str()).collect();
        assert_eq!(names, ["location1", "location2", "descriptions"]);
        assert!(tl[0].key.as_deref().is_some_and(|k| k.ends_with(r"\list")));
        assert_eq!(tl[2].value, serde_json::json!(["x", "y"]));
        let feedback = catalog.policy("office16;L_SendFeedback").unwrap();
        assert_eq!(entries(feedback, &State::Disabled).unwrap()[0].value, Value::from(0));
        assert_eq!(entries(feedback, &State::Enabled(vec![])).unwrap()[0].value, Value::from(1));
    }

    #[test]
    fn an_input_out_of_the_templates_bounds_says_what_it_takes() {
        let catalog = catalog();
        let of = |id: &str, state: State| entries(catalog.policy(id).unwrap(), &state);
        assert_eq!(
            of("word16;L_AutoRecoverInterval", State::Enabled(vec![Input::Number("121".into())])),
            Err("Minutes takes a whole number from 1 to 120.".into())
        );
        let long = Input::Text("x".repeat(41));
        assert!(of(
            "word16;L_ProtectedViewOptions",
            State::Enabled(vec![Input::Switch(true), long, Input::Number("5".into())])
        )
        .unwrap_err()
        .contains("at most 40"));
        assert!(of("word16;L_VBAWarningsPolicy", State::Enabled(vec![Input::Choice(9)]))
            .unwrap_err()
            .contains("Pick one"));
        assert!(of("word16;L_VBAWarningsPolicy", State::Disabled).unwrap_err().contains("no value of its own"));
        assert!(of("word16;L_VBAWarningsPolicy", State::Enabled(vec![Input::Switch(true)]))
            .unwrap_err()
            .contains("wrong kind"));
        let defaults = default_inputs(catalog.policy("word16;L_ProtectedViewOptions").unwrap());
        assert_eq!(defaults, [Input::Switch(true), Input::Text("Be careful".into()), Input::Number("30".into())]);
    }

    #[test]
    fn a_payload_without_entries_gets_the_services_settings_array() {
        let enabled = State::Enabled(vec![Input::Choice(1)]);
        let from_blank = added("", "word16;L_VBAWarningsPolicy", enabled.clone());
        let value: Value = serde_json::from_str(&from_blank).unwrap();
        assert_eq!(value[NEW_ENTRIES][0]["settingId"], "word16;L_VBAWarningsPolicy");
        let beside = added("{\n  \"other\": 1\n}", "word16;L_VBAWarningsPolicy", enabled.clone());
        assert!(beside.starts_with("{\n  \"other\": 1,\n  \"settings\": [\n    {\n      \"settingId\""), "{beside}");
        let into_empty_list = added(r#"{"settings": []}"#, "word16;L_VBAWarningsPolicy", enabled.clone());
        assert_eq!(serde_json::from_str::<Value>(&into_empty_list).unwrap()["settings"][0]["value"], 2);
        let root_list = added("[]", "word16;L_VBAWarningsPolicy", enabled);
        assert_eq!(serde_json::from_str::<Value>(&root_list).unwrap()[0]["valueName"], "vbawarnings");
    }

    #[test]
    fn a_payload_with_entries_gets_new_ones_in_its_own_shape() {
        let listed = "{\"policies\": [\n  {\"valueName\": \"enabled\", \"value\": 1, \"settingId\": \"office16;L_SendFeedback\"}\n]}";
        assert_eq!(
            shape(listed, &Index::new(listed)),
            Shape::List {
                array: "/policies".into(),
                keys: vec!["valueName".into(), "value".into(), "settingId".into()]
            }
        );
        let out = added(listed, "word16;L_AutoRecoverInterval", State::Enabled(vec![Input::Number("15".into())]));
        assert!(out.contains(r#"{"valueName":"autosaveinterval","value":15,"settingId":"word16;L_AutoRecoverInterval","app":"Word","type":"REG_DWORD"}"#), "{out}");
        let keyed = r#"{"word": {"office16;L_SendFeedback": 1}}"#;
        assert_eq!(shape(keyed, &Index::new(keyed)), Shape::Keyed { object: "/word".into(), scalar: true });
        let out = added(keyed, "word16;L_VBAWarningsPolicy", State::Enabled(vec![Input::Choice(3)]));
        assert_eq!(out, r#"{"word": {"office16;L_SendFeedback": 1, "word16;L_VBAWarningsPolicy": 4}}"#);
        let objects = r#"{"office16;L_SendFeedback": {"valueName": "enabled", "value": 1}}"#;
        let out = added(objects, "word16;L_VBAWarningsPolicy", State::Enabled(vec![Input::Choice(0)]));
        let value: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            value["word16;L_VBAWarningsPolicy"],
            serde_json::json!({"app": "Word", "type": "REG_DWORD", "valueName": "vbawarnings", "value": 1})
        );
    }

    #[test]
    fn a_review_line_names_the_policies_of_its_path_and_of_the_entry_it_adds() {
        let catalog = catalog();
        let names = |line: &str| line_policies(&catalog, line).iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(names("/word16;L_AutoRecoverInterval: 5 → 10"), ["word16;L_AutoRecoverInterval"]);
        assert_eq!(
            names(r#"/settings/1: added {"settingId":"word16;L_VBAWarningsPolicy","value":2}"#),
            ["word16;L_VBAWarningsPolicy"]
        );
        assert_eq!(names("/word/L_VBAWarningsPolicy: 1 → 2"), ["word16;L_VBAWarningsPolicy"], "a bare name by its app");
        assert_eq!(names("/word/vbaWarnings: 1 → 2"), Vec::<String>::new());
    }

    #[test]
    fn a_line_inside_an_entry_is_named_by_the_entry_read_in_the_payload() {
        let catalog = catalog();
        let was = r#"{"settings": [{"settingId": "office16;L_SendFeedback", "value": 1}, {"settingId": "word16;L_VBAWarningsPolicy", "valueName": "vbawarnings", "value": 2}]}"#;
        let now =
            r#"{"settings": [{"settingId": "word16;L_VBAWarningsPolicy", "valueName": "vbawarnings", "value": 4}]}"#;
        let (was_index, now_index) = (Index::new(was), Index::new(now));
        let read = [(now, &now_index), (was, &was_index)];
        let names =
            |line: &str| line_policies_read(&catalog, line, &read).iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        assert_eq!(names("/settings/0/value: 1 → 4"), ["word16;L_VBAWarningsPolicy"], "read in the text after");
        assert_eq!(names("/settings/1: removed {…}"), ["word16;L_VBAWarningsPolicy"], "only the text before has it");
        assert_eq!(names("/settings/0/valueName: added \"vbawarnings\""), ["word16;L_VBAWarningsPolicy"]);
        assert_eq!(names("/settings: 2 → 1 items"), Vec::<String>::new(), "the list itself is no policy");
        assert_eq!(line_policies_read(&catalog, "/settings/0/value: 1 → 4", &[]), Vec::<&Policy>::new());
    }

    #[test]
    fn what_a_payload_sets_each_policy_to_is_read_from_its_entries_and_keys() {
        let catalog = catalog();
        let text = r#"{"settings": [{"settingId": "word16;L_VBAWarningsPolicy", "valueName": "vbawarnings", "value": 2}], "word16;L_AutoRecoverInterval": 5, "note": "office16;L_SendFeedback"}"#;
        let set = set_to(&catalog, text, &Index::new(text));
        assert_eq!(set["word16;L_VBAWarningsPolicy"], ["vbawarnings = 2"]);
        assert_eq!(set["word16;L_AutoRecoverInterval"], ["5"]);
        assert_eq!(set["office16;L_SendFeedback"], Vec::<String>::new(), "only mentioned");
    }

    #[test]
    fn keys_and_strings_name_their_policies_by_id_or_by_name_and_app() {
        let catalog = catalog();
        let text = r#"{"settings": [{"settingId": "word16;L_VBAWarningsPolicy", "value": 2}], "word": {"L_AutoRecoverInterval": 5}, "L_Nope": 1, "x": "office16;L_SendFeedback"}"#;
        let index = Index::new(text);
        let ids = configured(&catalog, text, &index);
        assert_eq!(
            ids.into_iter().collect::<Vec<_>>(),
            ["office16;L_SendFeedback", "word16;L_AutoRecoverInterval", "word16;L_VBAWarningsPolicy"]
        );
        // Where each is: its entry, its key, where it is mentioned; nowhere.
        let at = |id: &str| where_set(&catalog, text, &index, id);
        assert_eq!(at("word16;L_VBAWarningsPolicy").as_deref(), Some("/settings/0"));
        assert_eq!(at("word16;L_AutoRecoverInterval").as_deref(), Some("/word/L_AutoRecoverInterval"));
        assert_eq!(at("office16;L_SendFeedback").as_deref(), Some("/x"));
        assert_eq!(at("word16;L_BlockMacroExecutionFromInternet"), None);
        // The entry itself is named by its setting id (its row, closed, says what it sets).
        let entry = index.find(text, "/settings/0").unwrap();
        assert_eq!(named(&catalog, text, &index, entry).map(|p| p.id.as_str()), Some("word16;L_VBAWarningsPolicy"));
        assert!(named(&catalog, text, &index, index.find(text, "/word").unwrap()).is_none());
        let keyed = r#"{"word16;L_AutoRecoverInterval": {"valueName": "autosaveinterval", "value": 5}}"#;
        let keyed_index = Index::new(keyed);
        let object = keyed_index.find(keyed, "/word16;L_AutoRecoverInterval").unwrap();
        assert!(named(&catalog, keyed, &keyed_index, object).is_some(), "a keyed entry is named by its key");
        assert!(
            is_setting_id("word16;L_VBAWarningsPolicy")
                && !is_setting_id("a;b;c")
                && !is_setting_id(";L_X")
                && !is_setting_id("L_X")
        );
    }

    #[test]
    fn a_value_the_template_does_not_allow_is_a_warning_naming_what_it_allows() {
        let catalog = catalog();
        let warn = |text: &str, pointer: &str| {
            let index = Index::new(text);
            warning(&catalog, text, &index, index.find(text, pointer).unwrap())
        };
        let entry = |id: &str, name: &str, value: &str| {
            format!(r#"[{{"settingId": "{id}", "valueName": "{name}", "value": {value}}}]"#)
        };
        assert_eq!(warn(&entry("word16;L_VBAWarningsPolicy", "vbawarnings", "2"), "/0/value"), None);
        assert_eq!(
            warn(&entry("word16;L_VBAWarningsPolicy", "vbawarnings", "\"3\""), "/0/value"),
            None,
            "digits as text"
        );
        let bad = warn(&entry("word16;L_VBAWarningsPolicy", "vbawarnings", "7"), "/0/value").unwrap();
        assert!(bad.starts_with("7 is not one of") && bad.contains("2 (Disable all with notification)"), "{bad}");
        assert!(warn(&entry("word16;L_AutoRecoverInterval", "autosaveinterval", "500"), "/0/value")
            .unwrap()
            .contains("from 1 to 120"));
        assert_eq!(warn(&entry("word16;L_AutoRecoverInterval", "autosaveinterval", "120"), "/0/value"), None);
        let long = format!("\"{}\"", "y".repeat(41));
        assert!(warn(&entry("word16;L_ProtectedViewOptions", "bannertext", &long), "/0/value")
            .unwrap()
            .contains("41 characters"));
        assert!(warn(&entry("word16;L_ProtectedViewOptions", "openinprotectedview", "3"), "/0/value")
            .unwrap()
            .contains("on value"));
        assert!(warn(&entry("office16;L_SendFeedback", "enabled", "5"), "/0/value").unwrap().contains("1 or 0"));
        assert!(warn(&entry("office16;L_SendFeedback", "other", "5"), "/0/value")
            .unwrap()
            .contains("no value named other"));
        assert_eq!(
            warn(&entry("word16;L_TrustedLocations", "location7", "\"x\""), "/0/value"),
            None,
            "a list's names are the admin's"
        );
        assert_eq!(
            warn(&entry("word16;L_Unknown", "x", "1"), "/0/value"),
            None,
            "not in the templates: nothing to say"
        );
        assert!(warn(r#"{"word16;L_AutoRecoverInterval": 0}"#, "/word16;L_AutoRecoverInterval")
            .unwrap()
            .contains("from 1 to 120"));
        assert!(
            warn(r#"{"word": {"L_VBAWarningsPolicy": 0}}"#, "/word/L_VBAWarningsPolicy").is_some(),
            "a bare name, by its app"
        );
        assert!(warn(
            r#"{"word16;L_AutoRecoverInterval": {"valueName": "autosaveinterval", "value": 0}}"#,
            "/word16;L_AutoRecoverInterval/value"
        )
        .is_some());
    }
}
