//! Property tests of `core::text::settings` over generated JSON documents written as serde_json's
//! pretty form: every setting is found by its pointer, and each edit gives exactly the text
//! serde_json writes for the same edit made on the parsed value (so untouched parts stay byte
//! for byte, and the layout stays two-space pretty).

#![cfg(not(target_arch = "wasm32"))]

use office_policy_editor::core::pages::settings_view::changed_pointers;
use office_policy_editor::core::text::diff;
use office_policy_editor::core::text::settings::{self, pointer, Edit, EditError, Kind, Layout, Scalar};
use office_policy_editor::core::text::settings_index::{Index, Reading};
use proptest::prelude::*;
use serde_json::{Map, Value};

/// Keys with the characters pointers escape, quotes and non-ASCII among them.
/// One edit made through a fresh index of `text`.
fn apply(text: &str, edit: &Edit) -> Result<String, EditError> {
    Index::new(text).edit(text, edit).map(|(edited, _)| edited)
}

fn arb_key() -> impl Strategy<Value = String> {
    "[a-z~/\"é ]{0,6}"
}

fn arb_doc() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        (-1e6f64..1e6).prop_map(Value::from),
        "[a-z \"\\\\/é]{0,8}".prop_map(Value::from),
    ];
    let tree = leaf.prop_recursive(4, 40, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..5).prop_map(Value::Array),
            prop::collection::vec((arb_key(), inner), 0..5).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::vec((arb_key(), tree), 0..5).prop_map(|m| Value::Object(m.into_iter().collect()))
}

/// Every pointer in a value, the root's excepted.
fn pointers(value: &Value, at: &mut Vec<String>, out: &mut Vec<(String, Value)>) {
    let entries: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(items) => items.iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
        _ => return,
    };
    for (key, child) in entries {
        at.push(key);
        out.push((pointer(at), child.clone()));
        pointers(child, at, out);
        at.pop();
    }
}

fn all_pointers(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    pointers(doc, &mut Vec::new(), &mut out);
    out
}

/// The diff's lines as a reference reads them off two values: objects by key (`was`'s order,
/// then what only `now` has), arrays by index, values that differ shown compact.
fn reference_diff(was: &Value, now: &Value, at: &mut Vec<String>, out: &mut Vec<String>) {
    let line = |at: &[String], old: Option<&Value>, new: Option<&Value>| {
        let path = if at.is_empty() { "/".to_string() } else { pointer(at) };
        match (old, new) {
            (Some(o), Some(n)) => format!("{path}: {o} → {n}"),
            (Some(o), None) => format!("{path}: removed {o}"),
            (None, Some(n)) => format!("{path}: added {n}"),
            (None, None) => unreachable!(),
        }
    };
    match (was, now) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, va) in a {
                at.push(key.clone());
                match b.get(key) {
                    Some(vb) => reference_diff(va, vb, at, out),
                    None => out.push(line(at, Some(va), None)),
                }
                at.pop();
            }
            for (key, vb) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                at.push(key.clone());
                out.push(line(at, None, Some(vb)));
                at.pop();
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for i in 0..a.len().max(b.len()) {
                at.push(i.to_string());
                match (a.get(i), b.get(i)) {
                    (Some(va), Some(vb)) => reference_diff(va, vb, at, out),
                    (va, vb) => out.push(line(at, va, vb)),
                }
                at.pop();
            }
        }
        _ if was != now => out.push(line(at, Some(was), Some(now))),
        _ => {}
    }
}

fn parent_and_last(p: &str) -> (String, String) {
    let keys = settings::parse_pointer(p).unwrap();
    (pointer(&keys[..keys.len() - 1]), keys[keys.len() - 1].clone())
}

/// The same edit, made on the value.
fn edit_value(doc: &mut Value, edit: &Edit) {
    match edit {
        Edit::Set { pointer, value } => {
            *doc.pointer_mut(pointer).unwrap() = match value {
                Scalar::Bool(on) => Value::Bool(*on),
                Scalar::Number(n) => serde_json::from_str(n).unwrap(),
                Scalar::Text(t) => Value::String(t.clone()),
                Scalar::Null => Value::Null,
            }
        }
        Edit::Add { object, key, kind } => {
            let default = serde_json::from_str(kind.default_text()).unwrap();
            doc.pointer_mut(object).unwrap().as_object_mut().unwrap().insert(key.clone(), default);
        }
        Edit::Append { array, kind } => {
            let default = serde_json::from_str(kind.expect("the edits made here name a kind").default_text()).unwrap();
            doc.pointer_mut(array).unwrap().as_array_mut().unwrap().push(default);
        }
        Edit::Remove { pointer } => {
            let (parent, last) = parent_and_last(pointer);
            match doc.pointer_mut(&parent).unwrap() {
                Value::Object(map) => drop(map.shift_remove(&last)),
                Value::Array(items) => drop(items.remove(last.parse().unwrap())),
                _ => unreachable!(),
            }
        }
        Edit::Rename { pointer, key } => {
            let (parent, last) = parent_and_last(pointer);
            let map = doc.pointer_mut(&parent).unwrap().as_object_mut().unwrap();
            let renamed: Map<String, Value> = std::mem::take(map)
                .into_iter()
                .map(|(k, v)| if k == last { (key.clone(), v) } else { (k, v) })
                .collect();
            *map = renamed;
        }
        Edit::Move { pointer, up } => {
            let (parent, last) = parent_and_last(pointer);
            let index: usize = last.parse().unwrap();
            let items = doc.pointer_mut(&parent).unwrap().as_array_mut().unwrap();
            items.swap(index, if *up { index - 1 } else { index + 1 });
        }
        Edit::Insert { container, members } => {
            for (key, json) in members {
                let value: Value = serde_json::from_str(json).unwrap();
                match (doc.pointer_mut(container).unwrap(), key) {
                    (Value::Object(map), Some(key)) => drop(map.insert(key.clone(), value)),
                    (Value::Array(items), None) => items.push(value),
                    _ => unreachable!("the edits made here fit their container"),
                }
            }
        }
    }
}

/// An edit that can be made at the `n`th pointer of `doc` (or none there).
fn an_edit(doc: &Value, n: usize, choice: u8, key: &str, number: i64) -> Option<Edit> {
    let all = all_pointers(doc);
    let (p, value) = all.get(n % all.len().max(1))?.clone();
    let (parent, last) = parent_and_last(&p);
    let parent_value = doc.pointer(&parent).unwrap();
    let fresh_key = !parent_value.as_object().is_some_and(|m| m.contains_key(key)) && !key.is_empty();
    let entry = format!(r#"{{"{}": [{number}, true, {{}}]}}"#, key.replace(['"', '\\'], ""));
    Some(match choice % 9 {
        0 => Edit::Set { pointer: p, value: Scalar::Number(number.to_string()) },
        1 => Edit::Set { pointer: p, value: Scalar::Text(key.to_string()) },
        2 => Edit::Set { pointer: p, value: Scalar::Bool(number % 2 == 0) },
        3 => Edit::Remove { pointer: p },
        4 if value.is_object() && !value.as_object().unwrap().contains_key(key) && !key.is_empty() => {
            Edit::Add { object: p, key: key.to_string(), kind: Kind::Array }
        }
        5 if value.is_array() => Edit::Append { array: p, kind: Some(Kind::Number) },
        6 if parent_value.is_object() && fresh_key => Edit::Rename { pointer: p, key: key.to_string() },
        7 if parent_value.is_array() && last != "0" => Edit::Move { pointer: p, up: true },
        8 if value.is_array() => Edit::Insert { container: p, members: vec![(None, entry.clone()), (None, entry)] },
        8 if value.is_object() && !value.as_object().unwrap().contains_key(key) && !key.is_empty() => {
            Edit::Insert { container: p, members: vec![(Some(key.to_string()), entry)] }
        }
        _ => Edit::Set { pointer: p, value: Scalar::Null },
    })
}

#[test]
fn a_key_its_object_gives_twice_is_found_escaped_or_not() {
    let cases = [
        (r#"{"a":1,"b":{"a":2},"c":[{"a":3},{"a":4}]}"#, None),
        (r#"{"a":1,"b":2,"a":3}"#, Some("/a")),
        (r#"{"x":{"k":1,"\u006b":2}}"#, Some("/x/k")),
        (r#"{"x":[{"k":1},{"j":1,"j":2}]}"#, Some("/x/1/j")),
    ];
    for (text, expected) in cases {
        let index = Index::new(text);
        let found = index.repeated_key(text).map(|id| index.pointer(text, id));
        assert_eq!(found.as_deref(), expected, "{text}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn text_that_is_not_json_never_panics_or_hangs(text in "[{}\\[\\]\",:0-9a-z\\\\ é\n]{0,80}") {
        use office_policy_editor::core::pages::settings_view::{changed_pointers, visible, Action, SettingsView};
        // On a thread of its own, so that a hang fails this case instead of stalling the suite.
        let (done, finished) = std::sync::mpsc::channel();
        let worker = text.clone();
        std::thread::spawn(move || {
            let text = worker;
            let view = SettingsView::default();
            let index = Index::new(&text);
            let shown = visible(&text, &index, &view, &[]);
            let rows: Vec<_> = (0..shown.lines.len()).map(|at| shown.row(&text, &index, at, &[])).collect();
            let filtered = visible(&text, &index, &view.apply(Action::SetFilter("a".into())), &[]);
            let filtered_rows: Vec<_> =
                (0..filtered.lines.len()).map(|at| filtered.row(&text, &index, at, &[]).pointer).collect();
            let found = index.find(&text, "/a/0").map(|id| index.node(id).span.clone());
            let _ = changed_pointers(&text, "{\"a\": 1}");
            let _ = done.send((text.len(), rows, filtered.matches, filtered_rows, found));
        });
        let answer = finished.recv_timeout(std::time::Duration::from_secs(10));
        prop_assert!(answer.is_ok(), "no answer within 10 s (a hang or a panic) for {:?}", text);
        let (len, rows, matches, filtered_rows, found) = answer.unwrap();
        // What it read is the text's own: every span inside it.
        for row in &rows {
            prop_assert!(row.span.end <= len && row.span.start <= row.span.end, "{:?} in {:?}", row, text);
        }
        prop_assert!(found.is_none_or(|span| span.end <= len));
        // A filter shows no more matches than there are settings, and every row it shows leads
        // to a match or is one.
        prop_assert!(matches <= filtered_rows.len(), "{} matches in {} rows", matches, filtered_rows.len());
        prop_assert!(matches == 0 || !filtered_rows.is_empty(), "{} matches, no row", matches);
    }

    #[test]
    fn every_setting_is_found_by_its_pointer(doc in arb_doc()) {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let index = Index::new(&text);
        for (p, value) in all_pointers(&doc) {
            let found = index.find(&text, &p).unwrap_or_else(|| panic!("{p} not found in {text}"));
            prop_assert_eq!(serde_json::from_str::<Value>(&text[index.node(found).span.clone()]).unwrap(), value, "{}", p);
        }
        prop_assert_eq!(index.children(0).count(), doc.as_object().unwrap().len());
    }

    #[test]
    fn each_edit_gives_the_text_serde_json_writes_for_the_same_edit(
        doc in arb_doc(), n in 0usize..64, choice in any::<u8>(), key in arb_key(), number in any::<i64>(),
    ) {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        if let Some(edit) = an_edit(&doc, n, choice, &key, number) {
            let out = apply(&text, &edit).unwrap_or_else(|e| panic!("{edit:?} on {text}: {e}"));
            let mut expected = doc.clone();
            edit_value(&mut expected, &edit);
            prop_assert_eq!(out, serde_json::to_string_pretty(&expected).unwrap(), "{:?}", edit);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Laid out, a document is exactly what serde_json writes for it, compact or pretty, from
    /// either form: only the space between tokens changes.
    #[test]
    fn laying_out_changes_only_the_space_between_tokens(doc in arb_doc()) {
        let (compact, pretty) = (doc.to_string(), serde_json::to_string_pretty(&doc).unwrap());
        prop_assert_eq!(settings::lay_out(&compact, Layout::Indented { level: 0 }), pretty.clone());
        prop_assert_eq!(settings::lay_out(&pretty, Layout::Compact), compact.clone());
        let nested = format!("[\n  {}\n]", settings::lay_out(&compact, Layout::Indented { level: 1 }));
        prop_assert_eq!(nested, serde_json::to_string_pretty(&Value::Array(vec![doc])).unwrap(), "placed one level deep");
    }

    #[test]
    fn the_index_reads_each_container_as_serde_json_does(doc in arb_doc(), compact in any::<bool>(), step in 1usize..40) {
        let text = if compact { serde_json::to_string(&doc) } else { serde_json::to_string_pretty(&doc) }.unwrap();
        let index = Index::new(&text);
        let mut reading = Reading::new(&text);
        while !reading.step(&text, step) {}
        prop_assert_eq!(&reading.finish(), &index, "read {} bytes at a time", step);
        for id in 0..index.len() {
            let node = index.node(id);
            let value: Value = serde_json::from_str(&text[node.span.clone()]).unwrap();
            let kind = match &value {
                Value::Object(_) => Kind::Object,
                Value::Array(_) => Kind::Array,
                Value::String(_) => Kind::String,
                Value::Number(_) => Kind::Number,
                Value::Bool(_) => Kind::Bool,
                Value::Null => Kind::Null,
            };
            prop_assert_eq!(node.kind, kind);
            let mut read: Vec<(String, Value)> = index
                .children(id)
                .map(|c| (index.key(&text, c).into_owned(), serde_json::from_str(&text[index.node(c).span.clone()]).unwrap()))
                .collect();
            let mut expected: Vec<(String, Value)> = match value {
                Value::Object(map) => map.into_iter().collect(),
                Value::Array(items) => items.into_iter().enumerate().map(|(i, v)| (i.to_string(), v)).collect(),
                _ => Vec::new(),
            };
            read.sort_by(|a, b| a.0.cmp(&b.0));
            expected.sort_by(|a, b| a.0.cmp(&b.0));
            prop_assert_eq!(read, expected, "{}", text);
            prop_assert_eq!(index.find(&text, &index.pointer(&text, id)), Some(id));
        }
    }

    #[test]
    fn a_value_set_through_the_index_shifts_it_to_equal_one_read_afresh(
        doc in arb_doc(), n in 0usize..64, choice in any::<u8>(), key in arb_key(), number in any::<i64>(),
        value in "[a-z\"]{0,12}",
    ) {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        let set = all_pointers(&doc).get(n % 64).map(|(p, _)| Edit::Set { pointer: p.clone(), value: Scalar::Text(value) });
        for edit in an_edit(&doc, n, choice, &key, number).into_iter().chain(set) {
            let index = Index::new(&text);
            let (edited, shift) = index.edit(&text, &edit).unwrap();
            if let Some(shift) = shift {
                prop_assert_eq!(index.shifted(&shift), Index::new(&edited), "{:?}", edit);
            }
        }
    }

    #[test]
    fn a_changed_value_is_the_one_setting_changed_only_shows(doc in arb_doc(), n in 0usize..64, text_value in "[a-z]{1,6}") {
        let text = serde_json::to_string_pretty(&doc).unwrap();
        prop_assert!(changed_pointers(&text, &text).is_empty());
        let all = all_pointers(&doc);
        if let Some((p, old)) = all.get(n % all.len().max(1)).filter(|(_, v)| !v.is_object() && !v.is_array()) {
            let new = Value::String(format!("~{text_value}"));
            prop_assume!(&new != old);
            let edited = apply(&text, &Edit::Set { pointer: p.clone(), value: Scalar::Text(format!("~{text_value}")) }).unwrap();
            let changed: Vec<String> = changed_pointers(&edited, &text).into_iter().collect();
            prop_assert_eq!(changed, vec![p.clone()]);
        }
    }
}

#[test]
fn an_item_added_without_a_kind_is_of_the_kind_of_the_last_one() {
    let append = |text: &str| apply(text, &Edit::Append { array: "/a".into(), kind: None }).unwrap();
    assert_eq!(append("{\"a\": [1, 2]}"), "{\"a\": [1, 2, 0]}");
    assert_eq!(append("{\"a\": [true]}"), "{\"a\": [true, false]}");
    assert_eq!(append("{\"a\": []}"), "{\"a\": [\n  \"\"\n]}", "text in an empty list");
}

#[test]
fn numbers_beyond_two_to_the_53_are_kept_as_typed() {
    let text = "{\n  \"big\": 12345678901234567890123,\n  \"small\": 1\n}";
    let out =
        apply(text, &Edit::Set { pointer: "/small".into(), value: Scalar::Number("9007199254740993".into()) }).unwrap();
    assert_eq!(out, "{\n  \"big\": 12345678901234567890123,\n  \"small\": 9007199254740993\n}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The one diff lists what a diff of the two values lists, in its order, whatever the
    /// spacing of either text.
    #[test]
    fn the_diff_lists_each_difference_of_the_values_once(
        was in arb_doc(), other in arb_doc(), n in 0usize..64, choice in any::<u8>(), key in arb_key(),
        number in any::<i64>(), independent in any::<bool>(),
    ) {
        let now = match (independent, an_edit(&was, n, choice, &key, number)) {
            (false, Some(edit)) => {
                let mut edited = was.clone();
                edit_value(&mut edited, &edit);
                edited
            }
            _ => other,
        };
        let mut expected = Vec::new();
        reference_diff(&was, &now, &mut Vec::new(), &mut expected);
        let (before, after) = (serde_json::to_string_pretty(&was).unwrap(), now.to_string());
        let lines: Vec<String> = diff::lines(&before, &after).iter().map(ToString::to_string).collect();
        prop_assert_eq!(lines, expected, "{} → {}", before, after);
    }
}
