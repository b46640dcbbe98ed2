//! Per-field validation, against the types the Graph API takes.
//!
//! Only what the admin changed is judged: values Graph computed and sent (the seed's own example
//! has `"userId": "User Id value"`) must not block saving an unrelated edit. A field that is not
//! dirty is never in the error map.

use crate::core::rules::draft::{CheckinField, Draft, Field};
use crate::core::text::diff;
use crate::core::wire::stream::{self, StreamError};
use std::collections::{BTreeMap, HashSet};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// What is wrong with one field, phrased to say what to do.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("A display name is required.")]
    Required,
    #[error("{0:?} is not a whole number.")]
    NotAWholeNumber(String),
    /// A property the Graph contract does not let be `null` (`userId`, `checkinDateTime`).
    #[error("{0} is required: Graph does not take it empty.")]
    RequiredValue(&'static str),
    #[error("Priority cannot be negative: 0 is the highest priority, larger numbers rank lower.")]
    NegativePriority,
    #[error("A count cannot be negative.")]
    NegativeCount,
    #[error("Must fit in a 32-bit integer (at most 2147483647).")]
    OutOfRange,
    #[error("{0:?} is not a GUID; expected the form 00000000-0000-0000-0000-000000000000.")]
    NotAGuid(String),
    #[error("{0:?} is not an ISO 8601 date-time; use the form 2026-11-28T09:30:00Z or 2026-11-28T09:30:00-08:00.")]
    NotADateTime(String),
    #[error("{0}")]
    Payload(StreamError),
    #[error("The payload is empty; enter JSON ({{}} for no settings).")]
    EmptyPayload,
    #[error("This group is assigned twice; remove one of the rows.")]
    DuplicateGroup,
    #[error("The payload is {bytes} bytes; the most Graph takes is {limit} bytes (base64 adds a third, and Graph refuses request bodies over 4 MiB). Split or trim the settings.")]
    TooLarge { bytes: usize, limit: usize },
}

impl FieldError {
    /// Where in the text the error is (1-based line and column, as serde_json counts), when it
    /// has a place: the payload editor marks it in its gutter.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            FieldError::Payload(
                StreamError::NotJson { line, column, .. } | StreamError::TooDeep { line, column, .. },
            ) => Some((*line, *column)),
            _ => None,
        }
    }
}

/// The largest payload (UTF-8 bytes of the JSON text) that still fits a Graph request body as
/// base64: 3 MiB becomes 4 MiB.
pub const MAX_PAYLOAD_BYTES: usize = 3 * 1024 * 1024;

/// Field errors keyed by field, in form order.
pub type FieldErrors = BTreeMap<Field, FieldError>;

/// Parses an Int32 the way Graph reads one.
pub fn parse_int32(raw: &str) -> Result<i32, FieldError> {
    let text = raw.trim();
    let wide: i64 = text.parse().map_err(|_| FieldError::NotAWholeNumber(raw.to_string()))?;
    i32::try_from(wide).map_err(|_| FieldError::OutOfRange)
}

/// Whether the admin changed this field compared with what was loaded.
pub fn is_dirty(loaded: &Draft, edited: &Draft, field: Field) -> bool {
    match field {
        Field::PolicyPayload | Field::UserPreferencePayload => {
            !diff::same_up_to_spacing(loaded.get(field), edited.get(field))
        }
        Field::AssignmentGroup(i) if i >= loaded.assignments.len() => true,
        Field::Checkin(i, _) if i >= loaded.checkin_statuses.len() => true,
        Field::Priority | Field::SucceededUserCount | Field::FailedUserCount => {
            let (a, b) = (loaded.get(field).trim(), edited.get(field).trim());
            a != b && !matches!((parse_int32(a), parse_int32(b)), (Ok(x), Ok(y)) if x == y)
        }
        _ => loaded.get(field) != edited.get(field),
    }
}

/// Checks one field's text against its type.
pub fn check_field(field: Field, raw: &str) -> Result<(), FieldError> {
    match field {
        Field::DisplayName if raw.trim().is_empty() => Err(FieldError::Required),
        Field::DisplayName | Field::Description => Ok(()),
        Field::Priority => match parse_int32(raw)? {
            p if p < 0 => Err(FieldError::NegativePriority),
            _ => Ok(()),
        },
        Field::SucceededUserCount | Field::FailedUserCount => match parse_int32(raw)? {
            n if n < 0 => Err(FieldError::NegativeCount),
            _ => Ok(()),
        },
        Field::PolicyPayload | Field::UserPreferencePayload => {
            if raw.trim().is_empty() {
                return Err(FieldError::EmptyPayload);
            }
            if raw.len() > MAX_PAYLOAD_BYTES {
                return Err(FieldError::TooLarge { bytes: raw.len(), limit: MAX_PAYLOAD_BYTES });
            }
            stream::validate_json(raw).map_err(FieldError::Payload)
        }
        Field::AssignmentGroup(_) => check_guid(raw),
        // Not nullable in the contract (`core::wire::contract::CHECKIN_STATUS`): blank is never sent.
        Field::Checkin(_, field @ (CheckinField::UserId | CheckinField::CheckinDateTime)) if raw.trim().is_empty() => {
            Err(FieldError::RequiredValue(field.property()))
        }
        Field::Checkin(_, CheckinField::UserId) => check_guid(raw),
        Field::Checkin(_, CheckinField::CheckinDateTime) => {
            if OffsetDateTime::parse(raw.trim(), &Rfc3339).is_ok() {
                Ok(())
            } else {
                Err(FieldError::NotADateTime(raw.to_string()))
            }
        }
        Field::Checkin(..) => Ok(()),
    }
}

fn check_guid(raw: &str) -> Result<(), FieldError> {
    let text = raw.trim();
    // Graph writes GUIDs hyphenated; braces, URNs and simple forms are not accepted there.
    match uuid::Uuid::try_parse(text) {
        Ok(_) if text.len() == 36 => Ok(()),
        _ => Err(FieldError::NotAGuid(raw.to_string())),
    }
}

/// Validates every field the admin changed.
pub fn validate(loaded: &Draft, edited: &Draft) -> FieldErrors {
    // Check-in rows the admin did not touch are skipped whole: with thousands of rows this runs
    // after every action, and only a changed (or new) row can have a changed cell.
    // Rows still shared with what was loaded are not even looked at.
    let untouched = edited.checkin_statuses.shared_with(&loaded.checkin_statuses);
    let rows = edited
        .checkin_statuses
        .iter()
        .take(if untouched { 0 } else { usize::MAX })
        .enumerate()
        .filter(|(i, row)| loaded.checkin_statuses.get(*i).is_none_or(|was| !was.same_values(row)));
    let cells = rows.flat_map(|(i, _)| CheckinField::ALL.into_iter().map(move |c| Field::Checkin(i, c)));
    let mut errors: FieldErrors = Field::SCALARS
        .into_iter()
        .chain((0..edited.assignments.len()).map(Field::AssignmentGroup))
        .chain(cells)
        .filter(|&f| is_dirty(loaded, edited, f))
        .filter_map(|f| check_field(f, edited.get(f)).err().map(|e| (f, e)))
        .collect();
    let mut seen = HashSet::new();
    for (i, a) in edited.assignments.iter().enumerate() {
        let key = a.group_id.trim().to_ascii_lowercase();
        if !key.is_empty() && !seen.insert(key) {
            errors.entry(Field::AssignmentGroup(i)).or_insert(FieldError::DuplicateGroup);
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::rules::draft::{AssignmentDraft, CheckinDraft};

    const GUID: &str = "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41";

    #[test]
    fn each_field_checks_its_type() {
        use FieldError::*;
        let row = |c| Field::Checkin(0, c);
        let cases: Vec<(Field, &str, Result<(), FieldError>)> = vec![
            (Field::DisplayName, "Baseline", Ok(())),
            (Field::DisplayName, "  ", Err(Required)),
            (Field::Description, "", Ok(())),
            (Field::Priority, "0", Ok(())),
            (Field::Priority, " 2147483647 ", Ok(())),
            (Field::Priority, "2147483648", Err(OutOfRange)),
            (Field::Priority, "-1", Err(NegativePriority)),
            (Field::Priority, "1.5", Err(NotAWholeNumber("1.5".into()))),
            (Field::Priority, "", Err(NotAWholeNumber("".into()))),
            (Field::FailedUserCount, "-3", Err(NegativeCount)),
            (Field::SucceededUserCount, "12", Ok(())),
            (Field::SucceededUserCount, "twelve", Err(NotAWholeNumber("twelve".into()))),
            (Field::PolicyPayload, "{\"a\": [1]}", Ok(())),
            (Field::PolicyPayload, "", Err(EmptyPayload)),
            (
                Field::UserPreferencePayload,
                "{\n  \"a\": 1,\n}",
                Err(Payload(StreamError::NotJson { line: 3, column: 1, message: "trailing comma".into() })),
            ),
            (Field::AssignmentGroup(0), GUID, Ok(())),
            (Field::AssignmentGroup(0), "", Err(NotAGuid("".into()))),
            (
                Field::AssignmentGroup(0),
                "{5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41}",
                Err(NotAGuid("{5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41}".into())),
            ),
            (row(CheckinField::UserId), "User Id value", Err(NotAGuid("User Id value".into()))),
            (row(CheckinField::UserId), "", Err(RequiredValue("userId"))),
            (row(CheckinField::UserId), "  ", Err(RequiredValue("userId"))),
            (row(CheckinField::CheckinDateTime), "", Err(RequiredValue("checkinDateTime"))),
            (row(CheckinField::UserId), GUID, Ok(())),
            (row(CheckinField::CheckinDateTime), "2016-12-31T23:56:33.9571764-08:00", Ok(())),
            (row(CheckinField::CheckinDateTime), "2026-11-28T09:30:00Z", Ok(())),
            (row(CheckinField::CheckinDateTime), "yesterday", Err(NotADateTime("yesterday".into()))),
            (row(CheckinField::CheckinDateTime), "2026-11-28", Err(NotADateTime("2026-11-28".into()))),
            (row(CheckinField::DeviceName), "", Ok(())),
        ];
        for (field, raw, expected) in cases {
            assert_eq!(check_field(field, raw), expected, "{field} = {raw:?}");
        }
    }

    #[test]
    fn payloads_over_the_request_limit_are_refused_before_sending() {
        let big = format!("[{}0]", "0,".repeat(MAX_PAYLOAD_BYTES / 2));
        assert!(big.len() > MAX_PAYLOAD_BYTES);
        assert_eq!(
            check_field(Field::PolicyPayload, &big),
            Err(FieldError::TooLarge { bytes: big.len(), limit: MAX_PAYLOAD_BYTES })
        );
        let fits = format!("[{}0]", "0,".repeat(MAX_PAYLOAD_BYTES / 2 - 4));
        assert_eq!(check_field(Field::UserPreferencePayload, &fits), Ok(()));
        assert!(crate::core::wire::stream::encode(&fits).len() <= 4 * 1024 * 1024);
    }

    #[test]
    fn only_dirty_fields_are_judged() {
        let mut loaded = Draft { display_name: "x".into(), priority: "3".into(), ..Draft::default() };
        let mut row = CheckinDraft::blank();
        row.cells.insert(CheckinField::UserId, "User Id value".into());
        loaded.checkin_statuses.push(row);
        let mut edited = loaded.clone();
        assert!(validate(&loaded, &edited).is_empty(), "server values are not judged");
        edited.priority = "-2".into();
        edited.set(Field::Checkin(0, CheckinField::DeviceName), "PC-1".into());
        assert_eq!(
            validate(&loaded, &edited).into_iter().collect::<Vec<_>>(),
            vec![(Field::Priority, FieldError::NegativePriority)]
        );
        edited.priority = " 3".into();
        assert!(!is_dirty(&loaded, &edited, Field::Priority), "the same number is no change");
    }

    #[test]
    fn payload_dirtiness_ignores_formatting_and_groups_are_unique() {
        let loaded = Draft { policy_payload: "{\"a\":1}".into(), ..Draft::default() };
        let mut edited = loaded.clone();
        edited.policy_payload = "{\n  \"a\": 1\n}".into();
        assert!(!is_dirty(&loaded, &edited, Field::PolicyPayload));
        edited.policy_payload = "{\"a\":2}".into();
        assert!(is_dirty(&loaded, &edited, Field::PolicyPayload));
        let cases = [
            ("{\"a\": \"x y\"}", "{\"a\":\"x y\"}", true),
            ("{\"a\": \"x y\"}", "{\"a\": \"xy\"}", false),
            ("{\"a\": \"q\\\" b\"}", "{ \"a\" : \"q\\\" b\" }", true),
            ("{\"a\": \"q\\\" b\"}", "{\"a\": \"q\\\"b\"}", false),
            ("[1, 2]", "[12]", false),
            ("", "  ", true),
        ];
        for (a, b, same) in cases {
            assert_eq!(diff::same_up_to_spacing(a, b), same, "{a:?} vs {b:?}");
        }
        edited.assignments = vec![
            AssignmentDraft { group_id: GUID.into(), source: None },
            AssignmentDraft { group_id: GUID.to_uppercase(), source: None },
        ];
        let errors = validate(&loaded, &edited);
        assert_eq!(errors.get(&Field::AssignmentGroup(1)), Some(&FieldError::DuplicateGroup));
        assert_eq!(errors.len(), 1);
    }
}
