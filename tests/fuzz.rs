//! Property tests of every parser that reads input from outside: the Stream decoder, the
//! response classifier, the config.json parser, the entity reader and the kept-draft reader.
//! Whatever arrives, they return a typed value or a typed error: no panic, no hang; and what they
//! accept keeps its invariants (round trips, an unedited draft sends nothing).

#![cfg(not(target_arch = "wasm32"))]

use office_policy_editor::core::rules::config;
use office_policy_editor::core::rules::draft::Draft;
use office_policy_editor::core::rules::kept_drafts::SavedDraft;
use office_policy_editor::core::wire::model::{CollectionPage, Configuration};
use office_policy_editor::core::wire::response::{self, RawResponse};
use office_policy_editor::core::wire::stream;
use proptest::prelude::*;
use serde_json::{json, Value};

/// JSON-ish text: mostly the characters these formats are made of, to get deep into parsers.
fn jsonish() -> impl Strategy<Value = String> {
    prop_oneof!["[{}\\[\\]\",:0-9a-zA-Z@._ \\-\\\\\n]{0,200}", any::<String>(), arb_json().prop_map(|v| v.to_string()),]
}

fn arb_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(Value::from),
        "[a-zA-Z0-9+/=@. _-]{0,40}".prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 64, 8, |inner| {
        let keys = prop_oneof![
            Just("id".to_string()),
            Just("displayName".to_string()),
            Just("priority".to_string()),
            Just("policyPayload".to_string()),
            Just("userPreferencePayload".to_string()),
            Just("assignments".to_string()),
            Just("target".to_string()),
            Just("groupId".to_string()),
            Just("userCheckinSummary".to_string()),
            Just("checkinStatuses".to_string()),
            Just("wasSuccessful".to_string()),
            Just("appliedPolicies".to_string()),
            Just("value".to_string()),
            Just("error".to_string()),
            Just("code".to_string()),
            Just("innerError".to_string()),
            Just("auth".to_string()),
            Just("mode".to_string()),
            "[a-z@.]{1,12}",
        ];
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((keys, inner), 0..6).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

fn arb_text() -> impl Strategy<Value = String> {
    "[a-zA-Z0-9 @._:-]{0,16}"
}

fn arb_guid() -> impl Strategy<Value = String> {
    any::<u128>().prop_map(|n| {
        let h = format!("{n:032x}");
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    })
}

/// Drops the `null`s, so an absent property and a present one are both generated.
fn object(pairs: Vec<(&str, Value)>) -> Value {
    Value::Object(pairs.into_iter().filter(|(_, v)| !v.is_null()).map(|(k, v)| (k.to_string(), v)).collect())
}

/// A check-in row of the documented shape, with any values.
fn arb_checkin() -> impl Strategy<Value = Value> {
    (
        proptest::option::of(arb_text()),
        proptest::option::of(arb_text()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(prop::collection::vec(arb_text(), 0..3)),
        proptest::option::of(arb_guid()),
    )
        .prop_map(|(upn, device, ok, policies, user)| {
            object(vec![
                ("userPrincipalName", upn.into()),
                ("deviceName", device.into()),
                ("wasSuccessful", ok.into()),
                ("appliedPolicies", policies.into()),
                ("userId", user.into()),
            ])
        })
}

/// An entity of the documented shape: every property optional, values of the right types and
/// otherwise anything, plus unknown properties. Random JSON alone seldom builds one.
fn arb_entity() -> impl Strategy<Value = Value> {
    (
        (
            arb_guid(),
            proptest::option::of(arb_text()),
            proptest::option::of(arb_text()),
            proptest::option::of(0..1000i64),
        ),
        (proptest::option::of(arb_json()), proptest::option::of(arb_json())),
        (prop::collection::vec(arb_checkin(), 0..4), prop::collection::vec(arb_guid(), 0..3)),
        (proptest::option::of((0..100i64, 0..100i64)), proptest::option::of(arb_json())),
    )
        .prop_map(
            |((id, name, description, priority), (policy, preference), (checkins, groups), (summary, extra))| {
                let encode = |payload: Option<Value>| {
                    payload.map_or(Value::Null, |v| Value::from(stream::encode(&v.to_string())))
                };
                let assignments: Vec<Value> = groups
                    .into_iter()
                    .map(|g| serde_json::json!({"id": g.clone(), "target": {"groupId": g}}))
                    .collect();
                object(vec![
                    ("id", id.into()),
                    ("displayName", name.into()),
                    ("description", description.into()),
                    ("priority", priority.into()),
                    ("policyPayload", encode(policy)),
                    ("userPreferencePayload", encode(preference)),
                    ("checkinStatuses", Value::Array(checkins)),
                    ("assignments", Value::Array(assignments)),
                    (
                        "userCheckinSummary",
                        summary.map(|(s, f)| serde_json::json!({"succeededUserCount": s, "failedUserCount": f})).into(),
                    ),
                    ("futureProperty", extra.unwrap_or(Value::Null)),
                ])
            },
        )
}

/// `diff::same_up_to_spacing` as it was first written (filtered byte iterators): the oracle for
/// the side-by-side loop that replaced it.
fn same_payload_reference(a: &str, b: &str) -> bool {
    fn significant(text: &str) -> impl Iterator<Item = u8> + '_ {
        let (mut in_string, mut escaped) = (false, false);
        text.bytes().filter(move |&c| {
            if in_string {
                match (escaped, c) {
                    (true, _) => escaped = false,
                    (false, b'\\') => escaped = true,
                    (false, b'"') => in_string = false,
                    _ => {}
                }
                true
            } else if c == b'"' {
                in_string = true;
                true
            } else {
                !matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c')
            }
        })
    }
    a == b || significant(a).eq(significant(b))
}

/// Whether a raw line break is inside a string (text that is not JSON; `same_up_to_spacing` takes a
/// line to start outside every string).
fn line_break_in_a_string(text: &str) -> bool {
    let (mut in_string, mut escaped) = (false, false);
    text.bytes().any(|c| {
        match (in_string, escaped, c) {
            (true, true, _) => escaped = false,
            (true, false, b'\\') => escaped = true,
            (_, false, b'"') => in_string = !in_string,
            _ => {}
        }
        in_string && c == b'\n'
    })
}

proptest! {
    #[test]
    fn same_payload_agrees_with_its_reference(
        value in arb_json(), other in arb_json(), a in jsonish(), b in jsonish(), spaces in "[ \n\t]{0,3}",
    ) {
        let compact = value.to_string();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let spaced = compact.replace(',', &format!(",{spaces}"));
        // One change somewhere in the middle of a long text, as an edit makes.
        let long = format!("{pretty}\n{}", pretty.repeat(3));
        let middle = long.len() / 2;
        let at = (middle..long.len()).find(|i| long.is_char_boundary(*i)).unwrap_or(long.len());
        let (mut retyped, mut respaced) = (long.clone(), long.clone());
        retyped.insert(at, '7');
        respaced.insert_str(at, &spaces);
        let pairs = [
            (&compact, &pretty), (&pretty, &spaced), (&compact, &other.to_string()), (&a, &b), (&a, &a.replace(' ', "")),
            (&long, &retyped), (&long, &respaced), (&retyped, &respaced),
        ];
        for (x, y) in pairs {
            if line_break_in_a_string(x) || line_break_in_a_string(y) {
                continue;
            }
            prop_assert_eq!(
                office_policy_editor::core::text::diff::same_up_to_spacing(x, y),
                same_payload_reference(x, y),
                "{:?} vs {:?}", x, y
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn stream_decoder_never_panics(text in jsonish(), value in arb_json()) {
        let _ = stream::decode_base64_text(&text);
        let _ = stream::decode(Some(&Value::String(text.clone())));
        let _ = stream::decode(Some(&value));
        let _ = stream::format_json(&text);
    }

    #[test]
    fn stream_round_trips_any_text(text in any::<String>()) {
        let encoded = stream::encode(&text);
        prop_assert_eq!(stream::decode_base64(&encoded).unwrap(), text.as_bytes());
    }

    #[test]
    fn response_classifier_never_panics(status in 0u16..1000, body in jsonish(), www in proptest::option::of(jsonish())) {
        let raw = RawResponse { status, body, www_authenticate: www, ..Default::default() };
        let _ = response::check(&raw);
        let _ = response::entity(&raw);
        let _ = response::page(&raw);
        let _ = response::patch(&raw);
        let _ = response::assign(&raw);
        let _ = response::claims_challenge(&raw);
        if let Err(e) = response::check(&raw) {
            prop_assert!(!e.advice().is_empty());
            prop_assert!(!e.to_string().is_empty());
        }
    }

    #[test]
    fn config_parser_never_panics(text in jsonish()) {
        match config::parse(&text) {
            Ok(c) => prop_assert!(c.graph_base_url.starts_with("http")),
            Err(e) => prop_assert!(e.to_string().starts_with("config.json")),
        }
    }

    #[test]
    fn entity_reader_never_panics_and_drafts_any_entity(value in prop_oneof![arb_json(), arb_entity()], text in jsonish()) {
        let _ = Configuration::from_json(&text);
        let _ = CollectionPage::from_json(&text);
        if let Ok(entity) = Configuration::from_value(value) {
            let (draft, _) = Draft::from_entity(&entity);
            // Nothing edited: nothing to judge, nothing to send.
            prop_assert!(office_policy_editor::core::rules::validate::validate(&draft, &draft).is_empty());
            prop_assert!(office_policy_editor::core::rules::patch::plan(&draft, &draft, "#t").is_empty());
            // What was read is written back unchanged. One shape is ambiguous by design: an
            // object whose only property is "value" (an object) is read as Graph's
            // `{"value": {entity}}` wrapper, so an entity holding nothing but an unknown "value"
            // property cannot round-trip. Graph never sends such an entity (it always has an id).
            let written = serde_json::to_value(&entity).unwrap();
            let looks_wrapped = written.as_object().is_some_and(|o| o.len() == 1 && o.get("value").is_some_and(Value::is_object));
            if !looks_wrapped {
                let again = Configuration::from_value(written).unwrap();
                prop_assert_eq!(again, entity);
            }
        }
    }

    #[test]
    fn entities_of_the_documented_shape_are_read(value in arb_entity()) {
        let read = Configuration::from_value(value);
        prop_assert!(read.is_ok(), "{:?}", read);
    }

    #[test]
    fn a_kept_draft_of_any_entity_reads_back_exactly(value in arb_entity(), name in ".{0,20}") {
        // Any draft of any entity, edited or not, survives storage exactly, edits and base apart.
        let entity = Configuration::from_value(value);
        prop_assert!(entity.is_ok(), "{:?}", entity);
        let (base, _) = Draft::from_entity(&entity.unwrap());
        let draft = Draft { display_name: name.clone(), ..base.clone() };
        let kept = SavedDraft { saved_at: "2026-11-28T10:00:00.000Z".into(), base_last_modified: None, base, draft };
        let read = SavedDraft::from_json(&kept.to_json());
        prop_assert_eq!(read.as_ref(), Some(&kept));
        prop_assert_eq!(kept.has_edits(), kept.draft.display_name != kept.base.display_name);
        prop_assert!(!kept.is_expired("2026-11-28T10:00:00.000Z"));
    }

    #[test]
    fn a_damaged_kept_draft_is_refused(value in arb_entity(), damage in 0usize..4, at in any::<prop::sample::Index>(), junk in jsonish()) {
        let entity = Configuration::from_value(value).unwrap_or_default();
        let (base, _) = Draft::from_entity(&entity);
        let kept = SavedDraft { saved_at: "2026-11-28T10:00:00.000Z".into(), base_last_modified: None, draft: base.clone(), base };
        let text = kept.to_json();
        let mut stored: Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<String> = stored.as_object().unwrap().keys().filter(|k| *k != "baseLastModified").cloned().collect();
        let key = at.get(&keys).clone();
        let damaged = match damage {
            // Cut off, as a full storage quota or a crash mid-write leaves it.
            0 => text[..at.index(text.len().max(1)).min(text.len() - 1)].to_string(),
            // A part it needs is gone.
            1 => { stored.as_object_mut().unwrap().remove(&key); stored.to_string() }
            // A part it needs is of another kind.
            2 => { stored[&key] = json!(42); stored.to_string() }
            // Not a kept draft at all (anything that is not the object it writes).
            _ => if junk.trim_start().starts_with('{') { "[]".into() } else { junk },
        };
        prop_assert_eq!(SavedDraft::from_json(&damaged), None, "{}", damaged);
    }
}

/// Payload texts a co-admin (or an attacker with write access) can save through Graph: deep,
/// wide, surrogates, duplicate keys, huge numbers, and anything JSON-ish.
fn hostile_payload() -> impl Strategy<Value = String> {
    let escapes = ["\\ud800", "\\udc00", "\\ud83d\\ude00", "\\u0000", "\\u00e9", "\\\\ud800"];
    let numbers = ["12345678901234567890123", "1e400", "-1e400", "1e-400", "123456789012345678901234567890.5"];
    prop_oneof![
        (0usize..300).prop_map(|n| format!("{{\"x\":{}{}}}", "[".repeat(n), "]".repeat(n))),
        (0usize..300).prop_map(|n| format!("{}1{}", "{\"a\":".repeat(n), "}".repeat(n))),
        (0usize..3000)
            .prop_map(|n| format!("{{{}}}", (0..n).map(|i| format!("\"k{i}\":{i}")).collect::<Vec<_>>().join(","))),
        prop::sample::select(escapes.to_vec()).prop_map(|e| format!("{{\"x\":\"{e}\"}}")),
        (1usize..5).prop_map(|n| format!("{{{}}}", (0..n).map(|i| format!("\"a\":{i}")).collect::<Vec<_>>().join(","))),
        prop::sample::select(numbers.to_vec()).prop_map(|n| format!("{{\"n\":{n}}}")),
        jsonish(),
    ]
}

const ONE: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3";
const TWO: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b4";

/// `a` and `b` as the policy payloads of two configurations, through read → draft → edit →
/// validation → review → save plan → compare → export → import: each step answers `Ok` or a
/// typed error, and none panics.
fn through_everything(a: &str, b: &str) -> Result<(), TestCaseError> {
    use office_policy_editor::core::pages::{backup, compare, workspace::Row};
    use office_policy_editor::core::rules::{patch, review, validate};
    use serde_json::json;
    use std::collections::HashMap;
    let entity = |id: &str, name: &str, text: &str| {
        Configuration::from_value(
            json!({"id": id, "displayName": name, "priority": 1, "policyPayload": stream::encode(text)}),
        )
    };
    let (one, two) = (entity(ONE, "One", a), entity(TWO, "Two", b));
    prop_assert!(one.is_ok() && two.is_ok());
    let (one, two) = (one.unwrap(), two.unwrap());
    // Read as Graph sends it.
    let read = Configuration::from_json(&serde_json::to_string(&one).unwrap());
    prop_assert_eq!(read.as_ref(), Ok(&one));
    let (loaded, problems) = Draft::from_entity(&one);
    // A payload the editor does not read as JSON is a load problem, said, not a failure.
    prop_assert_eq!(problems.is_empty(), stream::validate_json(a).is_ok(), "{:?}", problems);
    if problems.is_empty() {
        prop_assert_eq!(&*loaded.policy_payload, a, "kept byte for byte");
    }
    // Edited to `b`: judged once, by one rule.
    let edited = Draft { policy_payload: b.into(), ..loaded.clone() };
    let field = office_policy_editor::core::rules::draft::Field::PolicyPayload;
    let refused = validate::validate(&loaded, &edited).contains_key(&field);
    if stream::validate_json(b).is_ok() && !b.trim().is_empty() {
        prop_assert!(!refused, "JSON the editor reads is never refused");
    } else if validate::is_dirty(&loaded, &edited, field) {
        prop_assert!(refused, "what it does not read is never sent");
    }
    prop_assert_eq!(stream::validate_json(b).is_ok(), stream::check_json(b).is_ok(), "every reader agrees");
    let unchanged = *loaded.policy_payload == *b;
    let changes = review::changes(&loaded, &edited);
    prop_assert_eq!(changes.is_empty(), unchanged);
    let plan = patch::plan(&loaded, &edited, "#t");
    prop_assert_eq!(plan.is_empty(), unchanged);
    // Compared, exported, imported back into the same tenant.
    let _ = compare::compare(&one, &two);
    let source = backup::Source { cloud: "global".into(), tenant: "contoso".into() };
    let file = backup::export(&[one.clone(), two.clone()], &source, "2026-12-03T00:00:00Z", &HashMap::new(), false);
    let read = backup::read(&file);
    prop_assert!(read.is_ok(), "{:?}", read.err());
    let entries = read.unwrap().entries;
    let tenant = [one, two];
    let rows: Vec<Row> = tenant.iter().map(Row::of).collect();
    let matches = backup::match_rows(&entries, &rows);
    let restore = backup::plan(&entries, &matches, &rows, &tenant, false);
    prop_assert_eq!(restore.to_send(), 0, "an untouched tenant restores to itself: {:?}", restore.steps);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn hostile_payloads_go_through_everything_without_a_panic(a in hostile_payload(), b in hostile_payload()) {
        through_everything(&a, &b)?;
    }
}

#[test]
fn a_5_mb_string_goes_through_everything() {
    let huge = format!("{{\"s\":\"{}\"}}", "x".repeat(5 * 1024 * 1024));
    through_everything(&huge, "{\"s\":1}").unwrap();
}
