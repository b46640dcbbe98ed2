//! Backup and restore: the export file, reading it back, and the dry run of an import.
//!
//! The file is JSON a person can read and keep in git: a format name and version, the cloud and
//! tenant it came from, and each configuration with both payloads decoded (the settings as JSON,
//! not base64) and its group targets. Keys come in one fixed order and configurations by id, so
//! two exports of the same tenant differ only where the tenant did.
//!
//! A payload's settings go into the file and come back out as the text Graph holds, only
//! re-indented (`settings::lay_out`): never through `serde_json::Value`, which would round a
//! 23-digit number and keep one of two equal keys. The dry run compares them with the review's
//! diff, so what reads the same is unchanged and what differs in one digit is a change.
//!
//! An import matches each configuration of the file by id, then by display name, and plans it as
//! a create, an update (with the review panel's per-property changes, `core::rules::review`) or
//! unchanged. A property the file leaves out, or gives as `null`, is left as the tenant has it;
//! check-in data is never written. Priorities that would collide with another configuration are
//! listed, and renumbered only when the admin agrees. Applying is `core::pages::import`'s.

use crate::core::pages::workspace::Row;
use crate::core::rules::draft::{AssignmentDraft, Draft};
use crate::core::rules::patch::{self, SavePlan};
use crate::core::rules::review::{self, Change};
use crate::core::text::settings::{self, Layout};
use crate::core::wire::body;
use crate::core::wire::model::{Configuration, CONFIGURATION_TYPE};
use crate::core::wire::stream;
use indexmap::IndexMap;
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The `format` of every backup file.
pub const FORMAT: &str = "office-policy-editor/backup";
/// The `formatVersion` this editor writes and reads.
pub const FORMAT_VERSION: u64 = 1;

/// Where a backup was made.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Source {
    pub cloud: String,
    pub tenant: String,
}

/// A payload as the file holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Payload {
    /// The settings: a JSON object's text, every token as written, indented as the editor
    /// shows it.
    Json(String),
    /// A payload whose text is not JSON (Graph holds such), kept as text so nothing is lost.
    Text(String),
}

impl Payload {
    /// The payload of a decoded text; `None` for an empty one. Settings are a JSON object:
    /// any other text (not JSON, too deep, `false`, a list) is kept as text, as [`read`] takes it.
    fn of_text(text: &str) -> Option<Payload> {
        if text.trim().is_empty() {
            return None;
        }
        let settings = text.trim_start().starts_with('{') && stream::validate_json(text).is_ok();
        Some(match settings {
            true => Payload::Json(settings::lay_out(text, Layout::Indented { level: 0 })),
            false => Payload::Text(text.to_string()),
        })
    }

    /// The text this payload is sent as.
    pub fn text(&self) -> &str {
        match self {
            Payload::Json(t) | Payload::Text(t) => t,
        }
    }

    /// Whether sending this payload would leave `other`'s settings as they are: JSON by the
    /// review's diff (key order, spacing and escapes are no change; one digit is), text as text.
    fn same_as(&self, other: Option<&Payload>) -> bool {
        match (self, other) {
            (Payload::Json(a), Some(Payload::Json(b))) => review::payload_diff(a, b).is_some_and(|d| d.is_empty()),
            (Payload::Text(a), Some(Payload::Text(b))) => a == b,
            _ => false,
        }
    }
}

/// A group target: its id and, where known, its name.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub name: Option<String>,
}

/// One configuration as the file holds it. `None`: the file leaves the property out (or gives
/// `null`), so an import leaves it as the tenant has it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Entry {
    pub id: Option<String>,
    pub display_name: String,
    pub description: Option<String>,
    pub priority: Option<i64>,
    pub policy_payload: Option<Payload>,
    pub user_preference_payload: Option<Payload>,
    pub groups: Option<Vec<Group>>,
}

/// A backup file as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Backup {
    pub source: Option<Source>,
    pub exported_at: Option<String>,
    pub entries: Vec<Entry>,
}

const PAYLOADS: [(&str, &str); 2] =
    [("policyPayload", "policyPayloadText"), ("userPreferencePayload", "userPreferencePayloadText")];

/// A Stream value as the file holds it: decoded to JSON; text that is not JSON as text; a value
/// that is not even base64 of UTF-8 text, as Graph sent it. `None`: no payload.
fn file_payload(value: Option<&Value>) -> Option<Payload> {
    let text = match stream::decode(value) {
        Ok(decoded) => decoded.text().to_string(),
        Err(_) => match value {
            Some(Value::String(s)) => stream::decode_base64(s)
                .ok()
                .and_then(|bytes| String::from_utf8(bytes).ok())
                .unwrap_or_else(|| s.clone()),
            Some(other) => other.to_string(),
            None => String::new(),
        },
    };
    Payload::of_text(&text)
}

/// One configuration in the file's form, its keys in this order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileEntry {
    id: Value,
    display_name: Value,
    description: Value,
    priority: Value,
    /// The settings' own text, placed as it is (`null`: none, or text that is not settings).
    policy_payload: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    policy_payload_text: Option<String>,
    user_preference_payload: Option<Box<RawValue>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_preference_payload_text: Option<String>,
    assignments: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    user_checkin_summary: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    checkin_statuses: Option<Value>,
}

/// How deep a configuration's properties sit in the file: `{ "configurations": [ { here } ] }`.
const ENTRY_LEVEL: usize = 3;

/// A Stream value as the file holds it: its settings, laid out to sit at their place in the file
/// (every token as Graph holds it), or its text.
fn file_payload_parts(value: Option<&Value>) -> (Option<Box<RawValue>>, Option<String>) {
    match file_payload(value) {
        None => (None, None),
        Some(Payload::Json(text)) => {
            match RawValue::from_string(settings::lay_out(&text, Layout::Indented { level: ENTRY_LEVEL })) {
                Ok(raw) => (Some(raw), None),
                Err(_) => (None, Some(text)),
            }
        }
        Some(Payload::Text(text)) => (None, Some(text)),
    }
}

/// One configuration in the file's form.
fn export_one(c: &Configuration, names: &HashMap<String, String>, with_checkins: bool) -> FileEntry {
    let (policy_payload, policy_payload_text) = file_payload_parts(c.policy_payload.as_ref());
    let (user_preference_payload, user_preference_payload_text) =
        file_payload_parts(c.user_preference_payload.as_ref());
    let groups: Vec<Value> = c
        .assignments
        .iter()
        .flatten()
        .filter_map(|a| a.target.as_ref()?.group_id.as_deref())
        .map(|id| {
            let mut g = Map::new();
            g.insert("groupId".into(), json!(id));
            if let Some(name) = names.get(&id.to_ascii_lowercase()) {
                g.insert("groupName".into(), json!(name));
            }
            Value::Object(g)
        })
        .collect();
    let checkins = |value: serde_json::Result<Value>| with_checkins.then(|| value.unwrap_or_default());
    FileEntry {
        id: json!(c.id),
        display_name: json!(c.display_name),
        description: json!(c.description),
        priority: c.priority.clone().unwrap_or(Value::Null),
        policy_payload,
        policy_payload_text,
        user_preference_payload,
        user_preference_payload_text,
        assignments: groups,
        user_checkin_summary: checkins(serde_json::to_value(&c.user_checkin_summary)),
        checkin_statuses: checkins(serde_json::to_value(&c.checkin_statuses)),
    }
}

/// The file, its keys in this order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct File<'a> {
    format: &'static str,
    format_version: u64,
    exported_at: &'a str,
    source: &'a Value,
    includes_checkins: bool,
    configurations: Vec<FileEntry>,
}

/// The backup file of `configurations` (read whole, payloads included), made at `exported_at`.
/// `names` maps lower-case group ids to display names, where known.
pub fn export(
    configurations: &[Configuration],
    source: &Source,
    exported_at: &str,
    names: &HashMap<String, String>,
    with_checkins: bool,
) -> String {
    let mut sorted: Vec<&Configuration> = configurations.iter().collect();
    sorted.sort_by(|a, b| a.id.cmp(&b.id));
    let file = File {
        format: FORMAT,
        format_version: FORMAT_VERSION,
        exported_at,
        source: &json!({ "cloud": source.cloud, "tenant": source.tenant }),
        includes_checkins: with_checkins,
        configurations: sorted.iter().map(|c| export_one(c, names, with_checkins)).collect(),
    };
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

/// The file name an export is offered under.
pub fn file_name(source: &Source, exported_at: &str) -> String {
    let day = exported_at.get(..10).unwrap_or("export");
    let tenant: String =
        source.tenant.chars().filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.')).take(64).collect();
    let tenant = if tenant.is_empty() { "tenant".to_string() } else { tenant };
    format!("office-configurations-{}-{tenant}-{day}.json", source.cloud)
}

/// What a configuration copied to another tenant is called there, as its import names the
/// file it came in: its name, and the tenant it came from.
pub fn copied_name(title: &str, from: &Source) -> String {
    format!("{title} (from {})", from.tenant)
}

/// Why a file cannot be imported. Nothing is sent for any of these.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error(
        "The file is not JSON (line {line}, column {column}: {message}). Pick a backup file this editor exported."
    )]
    NotJson { line: usize, column: usize, message: String },
    #[error("This JSON file is not a backup of Office client configurations: it has no \"format\": \"{FORMAT}\". Pick a file this editor exported.")]
    NotBackup,
    #[error("The file's formatVersion is {0}; this editor reads version {FORMAT_VERSION}. Export it again with this editor, or use the editor that wrote it.")]
    Version(String),
    #[error("The file holds no configurations (\"configurations\" is missing or empty).")]
    Empty,
    #[error("Configuration {number} of the file{name}: {problem} Fix the file and import it again.")]
    Entry { number: usize, name: String, problem: String },
}

fn entry_error(index: usize, object: &Map<String, Value>, problem: impl Into<String>) -> FileError {
    let name = object.get("displayName").and_then(Value::as_str).map(|n| format!(" (\"{n}\")")).unwrap_or_default();
    FileError::Entry { number: index + 1, name, problem: problem.into() }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// A configuration of the file as text: each property's own text, as written.
type RawEntry<'a> = IndexMap<String, &'a RawValue>;

fn read_payload(
    index: usize,
    o: &Map<String, Value>,
    raw: &RawEntry,
    (json_key, text_key): (&str, &str),
) -> Result<Option<Payload>, FileError> {
    match (o.get(json_key), o.get(text_key)) {
        (Some(v), _) if v.is_object() => {
            // The settings as the file writes them, not as `Value` rounds them.
            let text = raw.get(json_key).map_or_else(|| v.to_string(), |r| r.get().to_string());
            stream::check_depth(&text).map_err(|e| entry_error(index, o, format!("its {json_key}: {e}.")))?;
            Ok(Some(Payload::Json(settings::lay_out(&text, Layout::Indented { level: 0 }))))
        }
        (Some(v), _) if !v.is_null() => Err(entry_error(
            index,
            o,
            format!("its {json_key} is not JSON settings but {} — put the decoded settings (a JSON object) there, not base64 or text.", kind(v)),
        )),
        // Text is sent as it is, never read as settings: it may be anything Graph held.
        (_, Some(Value::String(t))) => Ok(Some(Payload::Text(t.clone()))),
        (_, Some(v)) if !v.is_null() => {
            Err(entry_error(index, o, format!("its {text_key} must be a string, not {}.", kind(v))))
        }
        _ => Ok(None),
    }
}

fn read_groups(index: usize, o: &Map<String, Value>) -> Result<Option<Vec<Group>>, FileError> {
    let items = match o.get("assignments") {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Array(items)) => items,
        Some(v) => return Err(entry_error(index, o, format!("its assignments must be a list, not {}.", kind(v)))),
    };
    let mut groups = Vec::new();
    for item in items {
        let id = item.get("groupId").and_then(Value::as_str).map(str::trim).unwrap_or_default();
        if uuid::Uuid::try_parse(id).is_err() || id.len() != 36 {
            return Err(entry_error(
                index,
                o,
                format!("an assignment's groupId {:?} is not a group id (a GUID such as 0f8fad5b-d9cb-469f-a165-70867728950e).", id),
            ));
        }
        let name = item.get("groupName").and_then(Value::as_str).map(str::to_string);
        groups.push(Group { id: id.to_ascii_lowercase(), name });
    }
    Ok(Some(groups))
}

fn read_entry(index: usize, value: &Value, raw: &RawEntry) -> Result<Entry, FileError> {
    let Some(o) = value.as_object() else {
        return Err(FileError::Entry {
            number: index + 1,
            name: String::new(),
            problem: format!("it is {}, not an object.", kind(value)),
        });
    };
    let text = |key: &str| -> Result<Option<String>, FileError> {
        match o.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(v) => Err(entry_error(index, o, format!("its {key} must be text, not {}.", kind(v)))),
        }
    };
    let display_name = text("displayName")?
        .filter(|n| !n.trim().is_empty())
        .ok_or_else(|| entry_error(index, o, "it has no displayName; every configuration needs one."))?;
    let priority = match o.get("priority") {
        None | Some(Value::Null) => None,
        Some(v) => match v.as_i64().filter(|p| (0..=i64::from(i32::MAX)).contains(p)) {
            Some(p) => Some(p),
            None => {
                return Err(entry_error(
                    index,
                    o,
                    format!("its priority {v} is not a whole number from 0 to 2147483647."),
                ))
            }
        },
    };
    Ok(Entry {
        id: text("id")?.map(|id| id.trim().to_ascii_lowercase()).filter(|id| !id.is_empty()),
        display_name,
        description: text("description")?,
        priority,
        policy_payload: read_payload(index, o, raw, PAYLOADS[0])?,
        user_preference_payload: read_payload(index, o, raw, PAYLOADS[1])?,
        groups: read_groups(index, o)?,
    })
}

/// Reads a backup file, or says exactly what is wrong with it.
pub fn read(text: &str) -> Result<Backup, FileError> {
    let text = text.trim_start_matches('\u{feff}');
    let value: Value = serde_json::from_str(text).map_err(|e| FileError::NotJson {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    if value.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(FileError::NotBackup);
    }
    match value.get("formatVersion") {
        Some(v) if v.as_u64() == Some(FORMAT_VERSION) => {}
        Some(v) => return Err(FileError::Version(v.to_string())),
        None => return Err(FileError::Version("missing".into())),
    }
    let items =
        value.get("configurations").and_then(Value::as_array).filter(|a| !a.is_empty()).ok_or(FileError::Empty)?;
    // The same file read again as text, for the payloads' own text; a key given twice counts
    // once, the last time, as in `value`.
    let raw_items: Vec<&RawValue> = serde_json::from_str::<IndexMap<String, &RawValue>>(text)
        .ok()
        .and_then(|file| serde_json::from_str(file.get("configurations")?.get()).ok())
        .unwrap_or_default();
    let raw_entry = |i: usize| -> RawEntry {
        raw_items.get(i).and_then(|r| serde_json::from_str(r.get()).ok()).unwrap_or_default()
    };
    let entries =
        items.iter().enumerate().map(|(i, v)| read_entry(i, v, &raw_entry(i))).collect::<Result<Vec<_>, _>>()?;
    let mut seen = BTreeSet::new();
    for (i, e) in entries.iter().enumerate() {
        if let Some(id) = &e.id {
            if !seen.insert(id.clone()) {
                return Err(entry_error(
                    i,
                    items[i].as_object().unwrap_or(&Map::new()),
                    format!("its id {id} appears earlier in the file too."),
                ));
            }
        }
    }
    let source = value.get("source").map(|s| Source {
        cloud: s.get("cloud").and_then(Value::as_str).unwrap_or_default().to_string(),
        tenant: s.get("tenant").and_then(Value::as_str).unwrap_or_default().to_string(),
    });
    let exported_at = value.get("exportedAt").and_then(Value::as_str).map(str::to_string);
    Ok(Backup { source, exported_at, entries })
}

/// Which configuration of the tenant an entry of the file is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Match {
    /// The same id.
    Id(String),
    /// No configuration has its id, one has its display name.
    Name(String),
    /// None has its id or its name: it is created.
    New,
    /// Several have its display name and none its id: it is left out, to be safe.
    Ambiguous(usize),
}

impl Match {
    pub fn target(&self) -> Option<&str> {
        match self {
            Match::Id(id) | Match::Name(id) => Some(id),
            Match::New | Match::Ambiguous(_) => None,
        }
    }
}

/// Matches each entry to the tenant's rows: by id, then by display name (ignoring case and
/// surrounding spaces). No configuration of the tenant is matched twice.
pub fn match_rows(entries: &[Entry], rows: &[Row]) -> Vec<Match> {
    let by_id: BTreeSet<String> = rows.iter().map(|r| r.id.to_ascii_lowercase()).collect();
    let key = |n: &str| n.trim().to_lowercase();
    let mut taken: BTreeSet<String> =
        entries.iter().filter_map(|e| e.id.clone()).filter(|id| by_id.contains(id)).collect();
    entries
        .iter()
        .map(|e| {
            if let Some(id) = e.id.as_ref().filter(|id| by_id.contains(*id)) {
                return Match::Id(id.clone());
            }
            let named: Vec<&Row> = rows.iter().filter(|r| key(&r.name) == key(&e.display_name)).collect();
            match named.as_slice() {
                [] => Match::New,
                [one] if !taken.contains(&one.id.to_ascii_lowercase()) => {
                    taken.insert(one.id.to_ascii_lowercase());
                    Match::Name(one.id.to_ascii_lowercase())
                }
                [_] => Match::New,
                many => Match::Ambiguous(many.len()),
            }
        })
        .collect()
}

/// What applying does with one entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Create,
    Update,
    Unchanged,
    Skip,
}

impl Kind {
    /// Its `data-plan` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Create => "create",
            Kind::Update => "update",
            Kind::Unchanged => "unchanged",
            Kind::Skip => "skip",
        }
    }
}

/// One entry's part of the dry run.
#[derive(Clone, Debug, PartialEq)]
pub struct Step {
    pub kind: Kind,
    /// The display name, as the file gives it.
    pub name: String,
    /// The configuration updated (for a create, `None`).
    pub target: Option<String>,
    /// How it was matched, in words.
    pub matched: String,
    /// For an update: each property old → new, as the review panel shows it.
    pub changes: Vec<Change>,
    /// The priority it ends with, and the one the file asked for when renumbered.
    pub priority: Option<i64>,
    pub renumbered_from: Option<i64>,
    /// For a create: the body; for an update: the save (`GraphApi::save`).
    pub create: Option<(body::Body<body::New>, Option<body::Body<body::Groups>>)>,
    pub save: Option<SavePlan>,
}

/// A priority the file gives a configuration that another one holds (listed whether or not the
/// admin agreed to renumber).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Collision {
    pub priority: i64,
    /// The entry that asks for it, and who holds it already.
    pub name: String,
    pub holder: String,
}

/// The dry run.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub collisions: Vec<Collision>,
}

impl Plan {
    /// How many steps send something.
    pub fn to_send(&self) -> usize {
        self.steps.iter().filter(|s| matches!(s.kind, Kind::Create | Kind::Update)).count()
    }
}

fn assign_body(groups: &[Group]) -> body::Body<body::Groups> {
    body::assign(groups.iter().map(|g| body::group_target(&g.id)))
}

fn create_body(entry: &Entry, priority: Option<i64>) -> body::Body<body::New> {
    let encoded = |p: &Option<Payload>| p.as_ref().map(|p| json!(stream::encode(p.text())));
    body::Create {
        odata_type: None,
        display_name: &entry.display_name,
        description: entry.description.as_deref(),
        priority,
        policy_payload: encoded(&entry.policy_payload),
        user_preference_payload: encoded(&entry.user_preference_payload),
    }
    .body()
}

/// The draft an update ends with: the tenant's, with what the file gives. A payload is taken
/// only when its settings differ from the tenant's (`Payload::same_as`).
fn edited(entity: &Configuration, loaded: &Draft, entry: &Entry, priority: Option<i64>) -> Draft {
    let mut d = loaded.clone();
    d.display_name = entry.display_name.clone();
    if let Some(desc) = &entry.description {
        d.description = desc.clone();
    }
    if let Some(p) = priority {
        d.priority = p.to_string();
    }
    for (payload, theirs, text) in [
        (&entry.policy_payload, &entity.policy_payload, &mut d.policy_payload),
        (&entry.user_preference_payload, &entity.user_preference_payload, &mut d.user_preference_payload),
    ] {
        if let Some(p) = payload.as_ref().filter(|p| !p.same_as(file_payload(theirs.as_ref()).as_ref())) {
            *text = p.text().into();
        }
    }
    if let Some(groups) = &entry.groups {
        let kept = |id: &str| loaded.assignments.iter().find(|a| a.group_id.trim().eq_ignore_ascii_case(id));
        d.assignments = groups
            .iter()
            .map(|g| kept(&g.id).cloned().unwrap_or(AssignmentDraft { group_id: g.id.clone(), source: None }))
            .collect();
    }
    d
}

/// The dry run: each entry against the tenant's `rows` (all of them) and `entities` (the matched
/// configurations, read whole). With `renumber`, an entry whose priority another configuration
/// keeps gets the next free one; without, it keeps the file's and the collision is listed.
pub fn plan(entries: &[Entry], matches: &[Match], rows: &[Row], entities: &[Configuration], renumber: bool) -> Plan {
    let entity = |id: &str| entities.iter().find(|c| c.id.as_deref().is_some_and(|i| i.eq_ignore_ascii_case(id)));
    let replaced: BTreeSet<&str> = matches.iter().filter_map(Match::target).collect();
    // Who holds each priority after the import: the rows it leaves alone, then entries in order.
    let mut holders: BTreeMap<i64, String> = rows
        .iter()
        .filter(|r| !replaced.contains(r.id.to_ascii_lowercase().as_str()))
        .filter_map(|r| Some((r.priority?, r.name.clone())))
        .collect();
    let mut next_free = rows
        .iter()
        .filter_map(|r| r.priority)
        .chain(entries.iter().filter_map(|e| e.priority))
        .max()
        .map_or(0, |p| p + 1);
    let mut out = Plan::default();
    for (entry, m) in entries.iter().zip(matches) {
        let loaded = m.target().and_then(entity).map(|c| (c, Draft::from_entity(c).0));
        let asked = entry.priority.or_else(|| loaded.as_ref().and_then(|(c, _)| c.priority.as_ref()?.as_i64()));
        let (mut priority, mut renumbered_from) = (asked, None);
        if let (Some(p), Kind::Create | Kind::Update) = (asked, kind_of(m)) {
            if let Some(holder) = holders.get(&p) {
                out.collisions.push(Collision {
                    priority: p,
                    name: entry.display_name.clone(),
                    holder: holder.clone(),
                });
                if renumber {
                    priority = Some(next_free);
                    renumbered_from = Some(p);
                    next_free += 1;
                }
            }
        }
        if !matches!(m, Match::Ambiguous(_)) {
            if let Some(p) = priority {
                holders.entry(p).or_insert_with(|| entry.display_name.clone());
            }
        }
        let step = match (m, loaded) {
            (Match::Ambiguous(n), _) => Step {
                kind: Kind::Skip,
                matched: format!("{n} configurations of this tenant have this name and none has its id: it is left out. Rename them, or give the file the id of the one to update."),
                ..blank(entry, priority, renumbered_from)
            },
            (Match::New, _) => {
                // Everything it will be created with, as the review words it: each property,
                // each setting added by path, each group.
                let nothing = Configuration::default();
                let empty = Draft::from_entity(&nothing).0;
                Step {
                    kind: Kind::Create,
                    matched: "No configuration of this tenant has its id or its name: it is created.".into(),
                    changes: review::changes(&empty, &edited(&nothing, &empty, entry, priority)),
                    create: Some((create_body(entry, priority), entry.groups.as_ref().filter(|g| !g.is_empty()).map(|g| assign_body(g)))),
                    ..blank(entry, priority, renumbered_from)
                }
            }
            (Match::Id(id) | Match::Name(id), Some((c, loaded))) => {
                let new = edited(c, &loaded, entry, priority);
                let changes = review::changes(&loaded, &new);
                let mut save = patch::plan(&loaded, &new, c.odata_type.as_deref().unwrap_or(CONFIGURATION_TYPE));
                save.if_match = c.etag();
                let how = if matches!(m, Match::Id(_)) { "by id" } else { "by display name" };
                Step {
                    kind: if save.is_empty() { Kind::Unchanged } else { Kind::Update },
                    target: Some(id.clone()),
                    matched: format!("Matched {how}: {}", c.title()),
                    changes,
                    save: (!save.is_empty()).then_some(save),
                    ..blank(entry, priority, renumbered_from)
                }
            }
            (Match::Id(id) | Match::Name(id), None) => Step {
                kind: Kind::Skip,
                target: Some(id.clone()),
                matched: "Its configuration could not be read: it is left out. Run the import again.".into(),
                ..blank(entry, priority, renumbered_from)
            },
        };
        out.steps.push(step);
    }
    out
}

fn kind_of(m: &Match) -> Kind {
    match m {
        Match::New => Kind::Create,
        Match::Id(_) | Match::Name(_) => Kind::Update,
        Match::Ambiguous(_) => Kind::Skip,
    }
}

fn blank(entry: &Entry, priority: Option<i64>, renumbered_from: Option<i64>) -> Step {
    Step {
        kind: Kind::Skip,
        name: entry.display_name.clone(),
        target: None,
        matched: String::new(),
        changes: Vec::new(),
        priority,
        renumbered_from,
        create: None,
        save: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::wire::model::Property;

    const G1: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";
    const G2: &str = "7c9e6679-7425-40de-944b-e07fc1f90ae7";

    fn b64(text: &str) -> Value {
        json!(stream::encode(text))
    }

    fn config(id: &str, name: &str, priority: i64, policy: &str, groups: &[&str]) -> Configuration {
        let assignments: Vec<Value> =
            groups.iter().map(|g| json!({"id": format!("{id}-{g}"), "target": {"groupId": g}})).collect();
        Configuration::from_value(json!({
            "@odata.type": CONFIGURATION_TYPE, "@odata.etag": format!("W/\"{id}\""),
            "id": id, "displayName": name, "description": format!("about {name}"), "priority": priority,
            "policyPayload": b64(policy), "userPreferencePayload": null, "assignments": assignments,
            "userCheckinSummary": {"succeededUserCount": 3, "failedUserCount": 1},
            "checkinStatuses": [{"userPrincipalName": "ada@contoso.com", "wasSuccessful": true}],
        }))
        .unwrap()
    }

    /// Settings as the file holds them, laid out as the editor shows them.
    fn settings_of(value: Value) -> Payload {
        Payload::Json(serde_json::to_string_pretty(&value).unwrap())
    }

    fn source() -> Source {
        Source { cloud: "global".into(), tenant: "contoso.onmicrosoft.com".into() }
    }

    fn tenant() -> Vec<Configuration> {
        vec![
            config("b", "Beta", 1, r#"{"word": {"macros": "off"}}"#, &[G1]),
            config("a", "Alpha", 0, "not json at all", &[]),
        ]
    }

    fn exported(configs: &[Configuration], with_checkins: bool) -> String {
        export(configs, &source(), "2026-11-29T10:00:00Z", &HashMap::new(), with_checkins)
    }

    fn rows(configs: &[Configuration]) -> Vec<Row> {
        configs.iter().map(Row::of).collect()
    }

    #[test]
    fn an_export_is_readable_json_in_a_stable_order() {
        let text = exported(&tenant(), false);
        let mut reversed = tenant();
        reversed.reverse();
        assert_eq!(text, exported(&reversed, false), "the same tenant exports byte for byte the same");
        let v: Value = serde_json::from_str(&text).unwrap();
        let keys: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(keys, ["format", "formatVersion", "exportedAt", "source", "includesCheckins", "configurations"]);
        let beta = &v["configurations"][1];
        assert_eq!(beta["displayName"], "Beta");
        assert_eq!(beta["policyPayload"], json!({"word": {"macros": "off"}}), "decoded, not base64");
        assert_eq!(beta["userPreferencePayload"], Value::Null);
        assert_eq!(beta["assignments"], json!([{"groupId": G1}]));
        assert!(beta.get("checkinStatuses").is_none(), "check-in data only when asked");
        let alpha = &v["configurations"][0];
        assert_eq!(alpha["policyPayloadText"], "not json at all", "a text payload is kept as text");
        let with = exported(&tenant(), true);
        let v: Value = serde_json::from_str(&with).unwrap();
        assert_eq!(v["configurations"][1]["checkinStatuses"][0]["userPrincipalName"], "ada@contoso.com");
    }

    #[test]
    fn an_export_reads_back_as_what_was_exported() {
        let names = HashMap::from([(G1.to_string(), "Finance".to_string())]);
        let text = export(&tenant(), &source(), "2026-11-29T10:00:00Z", &names, false);
        let backup = read(&text).unwrap();
        assert_eq!(backup.source, Some(source()));
        assert_eq!(backup.entries.len(), 2);
        let beta = &backup.entries[1];
        assert_eq!(beta.id.as_deref(), Some("b"));
        assert_eq!(beta.priority, Some(1));
        assert_eq!(beta.policy_payload, Some(settings_of(json!({"word": {"macros": "off"}}))));
        assert_eq!(beta.user_preference_payload, None);
        assert_eq!(beta.groups, Some(vec![Group { id: G1.into(), name: Some("Finance".into()) }]));
        assert_eq!(backup.entries[0].policy_payload, Some(Payload::Text("not json at all".into())));
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let file = |configurations: Value| {
            json!({"format": FORMAT, "formatVersion": 1, "configurations": configurations}).to_string()
        };
        let cases: Vec<(String, &str)> = vec![
            ("{\"format\": ".into(), "is not JSON (line 1"),
            ("[1, 2]".into(), "not a backup of Office client configurations"),
            (json!({"format": FORMAT, "formatVersion": 2, "configurations": []}).to_string(), "formatVersion is 2"),
            (json!({"format": FORMAT, "configurations": []}).to_string(), "formatVersion is missing"),
            (file(json!([])), "holds no configurations"),
            (file(json!([{"priority": 1}])), "Configuration 1 of the file: it has no displayName"),
            (file(json!([{"displayName": "  "}])), "it has no displayName"),
            (
                file(json!([{"displayName": "X", "policyPayload": "eyJhIjoxfQ=="}])),
                "Configuration 1 of the file (\"X\"): its policyPayload is not JSON settings but a string",
            ),
            (
                file(json!([{"displayName": "X", "userPreferencePayload": [1]}])),
                "its userPreferencePayload is not JSON settings but a list",
            ),
            (file(json!([{"displayName": "X", "policyPayloadText": 5}])), "its policyPayloadText must be a string"),
            (
                format!(
                    r#"{{"format": "{FORMAT}", "formatVersion": 1, "configurations": [{{"displayName": "X", "policyPayload": {{"x": {}{}}}}}]}}"#,
                    "[".repeat(80),
                    "]".repeat(80)
                ),
                "its policyPayload: it nests 81 levels deep, and the editor reads JSON nested at most 64 levels",
            ),
            (file(json!([{"displayName": "X", "priority": -1}])), "priority -1 is not a whole number"),
            (file(json!([{"displayName": "X", "priority": "1"}])), "priority \"1\" is not a whole number"),
            (
                file(json!([{"displayName": "X", "assignments": [{"groupId": "finance"}]}])),
                "groupId \"finance\" is not a group id",
            ),
            (file(json!([{"displayName": "X", "assignments": {}}])), "its assignments must be a list"),
            (
                file(json!([{"displayName": "X", "id": "a"}, {"displayName": "Y", "id": "A"}])),
                "Configuration 2 of the file (\"Y\"): its id a appears earlier",
            ),
            (file(json!(["X"])), "Configuration 1 of the file: it is a string, not an object"),
        ];
        for (text, expected) in cases {
            let error = read(&text).expect_err(&text).to_string();
            assert!(error.contains(expected), "{text}\n  said: {error}\n  wanted: {expected}");
        }
        assert!(read(&format!("\u{feff}{}", exported(&tenant(), false))).is_ok(), "a byte-order mark is fine");
    }

    fn entry(id: Option<&str>, name: &str) -> Entry {
        Entry { id: id.map(str::to_string), display_name: name.into(), ..Entry::default() }
    }

    #[test]
    fn entries_match_by_id_then_by_name() {
        let mut configs = tenant();
        configs.push(config("c", "Twin", 2, "{}", &[]));
        configs.push(config("d", "twin ", 3, "{}", &[]));
        let rows = rows(&configs);
        let entries = [
            entry(Some("a"), "Renamed alpha"),
            entry(Some("zz"), " BETA"),
            entry(None, "Gamma"),
            entry(None, "Twin"),
            entry(None, "Alpha"),
        ];
        assert_eq!(
            match_rows(&entries, &rows),
            [Match::Id("a".into()), Match::Name("b".into()), Match::New, Match::Ambiguous(2), Match::New],
            "Alpha's name is taken by the entry that has its id, so the last one is new"
        );
    }

    fn planned(entries: &[Entry], configs: &[Configuration], renumber: bool) -> Plan {
        let rows = rows(configs);
        let matches = match_rows(entries, &rows);
        plan(entries, &matches, &rows, configs, renumber)
    }

    #[test]
    fn a_create_shows_everything_it_will_be_created_with() {
        let mut e = entry(None, "Gamma");
        e.description = Some("Pilot".into());
        e.priority = Some(7);
        e.policy_payload = Some(settings_of(json!({"word": {"macros": "off"}, "excel": {"vba": 1}})));
        e.groups = Some(vec![Group { id: G1.into(), name: Some("Pilot testers".into()) }]);
        let step = &planned(&[e], &tenant(), false).steps[0];
        assert_eq!(step.kind, Kind::Create);
        let lines: Vec<(Property, Vec<String>)> = step.changes.iter().map(|c| (c.property, c.lines.clone())).collect();
        assert_eq!(
            lines,
            [
                (Property::DisplayName, vec!["\"\" → \"Gamma\"".to_string()]),
                (Property::Description, vec!["\"\" → \"Pilot\"".to_string()]),
                (Property::Priority, vec!["(none) → 7".to_string()]),
                (
                    Property::PolicyPayload,
                    vec!["/word: added {\"macros\":\"off\"}".to_string(), "/excel: added {\"vba\":1}".to_string()]
                ),
                (Property::Assignments, vec![format!("added group {G1}")]),
            ]
        );
    }

    #[test]
    fn a_restore_of_the_same_tenant_changes_nothing() {
        let backup = read(&exported(&tenant(), false)).unwrap();
        let plan = planned(&backup.entries, &tenant(), false);
        let kinds: Vec<Kind> = plan.steps.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, [Kind::Unchanged, Kind::Unchanged]);
        assert_eq!(plan.to_send(), 0);
        assert!(plan.collisions.is_empty());
    }

    #[test]
    fn an_export_and_import_keep_every_digit_and_escape() {
        // Compact, a number past f64's 17 digits, an escape, and a key given twice.
        let text = r#"{"n":12345678901234567890123,"s":"\u00e9","d":1,"d":2}"#;
        let tenant = vec![config("b", "Beta", 1, text, &[])];
        let file = exported(&tenant, false);
        assert!(
            file.contains("\"policyPayload\": {\n        \"n\": 12345678901234567890123,\n        \"s\": \"\\u00e9\",\n        \"d\": 1,\n        \"d\": 2\n      },"),
            "the settings are in the file as Graph holds them, indented to their place: {file}"
        );
        let backup = read(&file).unwrap();
        let payload = backup.entries[0].policy_payload.clone().unwrap();
        assert_eq!(
            payload.text(),
            "{\n  \"n\": 12345678901234567890123,\n  \"s\": \"\\u00e9\",\n  \"d\": 1,\n  \"d\": 2\n}"
        );
        let plan = planned(&backup.entries, &tenant, false);
        assert_eq!(plan.steps[0].kind, Kind::Unchanged, "{:?}", plan.steps[0].changes);
        assert_eq!(plan.to_send(), 0);
        // One digit changed in the file is a change, shown and sent as written.
        let edited = read(&file.replace("12345678901234567890123", "12345678901234567890124")).unwrap();
        let step = planned(&edited.entries, &tenant, false).steps.remove(0);
        assert_eq!(step.kind, Kind::Update);
        assert_eq!(step.changes[0].lines, ["/n: 12345678901234567890123 → 12345678901234567890124"]);
        let sent = step.save.unwrap().patch.unwrap()["policyPayload"].as_str().map(stream::decode_base64_text);
        assert!(sent.unwrap().unwrap().contains("\"n\": 12345678901234567890124,"), "sent to the last digit");
    }

    #[test]
    fn payloads_compare_as_json_not_as_text() {
        let configs = vec![config("b", "Beta", 1, "{\"b\": 2, \"a\": \"\\u00e9\"}", &[])];
        let mut e = entry(Some("b"), "Beta");
        e.policy_payload = Some(settings_of(json!({"a": "é", "b": 2})));
        assert_eq!(planned(&[e.clone()], &configs, false).steps[0].kind, Kind::Unchanged);
        e.policy_payload = Some(settings_of(json!({"a": "é", "b": 3})));
        let step = planned(&[e], &configs, false).steps.remove(0);
        assert_eq!(step.kind, Kind::Update);
        assert_eq!(step.changes.len(), 1);
        assert_eq!(step.changes[0].lines, ["/b: 2 → 3"]);
    }

    #[test]
    fn an_update_sends_only_what_the_file_changes() {
        let mut e = entry(Some("b"), "Beta v2");
        e.groups = Some(vec![Group { id: G2.into(), name: None }]);
        let step = planned(&[e], &tenant(), false).steps.remove(0);
        assert_eq!(step.kind, Kind::Update);
        assert_eq!(step.target.as_deref(), Some("b"));
        assert!(step.matched.contains("by id"));
        let properties: Vec<&str> = step.changes.iter().map(|c| c.property.name()).collect();
        assert_eq!(properties, ["displayName", "assignments"], "left-out description, priority and payloads stay");
        let save = step.save.unwrap();
        assert_eq!(save.if_match.as_deref(), Some("W/\"b\""), "the version the dry run read");
        assert_eq!(
            save.patch.unwrap(),
            json!({"@odata.type": CONFIGURATION_TYPE, "displayName": "Beta v2"}).as_object().unwrap().clone()
        );
        assert_eq!(save.assign.unwrap().json()["officeConfigurationAssignments"][0]["target"]["groupId"], G2);
    }

    #[test]
    fn a_new_configuration_is_created_with_its_payloads_encoded() {
        let mut e = entry(None, "Gamma");
        e.priority = Some(7);
        e.description = Some("new".into());
        e.policy_payload = Some(settings_of(json!({"x": 1})));
        e.groups = Some(vec![Group { id: G1.into(), name: None }]);
        let step = planned(&[e], &tenant(), false).steps.remove(0);
        assert_eq!(step.kind, Kind::Create);
        let (body, assign) = step.create.unwrap();
        assert_eq!(
            body.json(),
            &json!({"@odata.type": CONFIGURATION_TYPE, "displayName": "Gamma", "description": "new", "priority": 7,
                   "policyPayload": stream::encode("{\n  \"x\": 1\n}")})
        );
        assert_eq!(assign.unwrap().json()["officeConfigurationAssignments"][0]["target"]["groupId"], G1);
    }

    #[test]
    fn colliding_priorities_are_listed_and_renumbered_only_when_agreed() {
        // Alpha (0) and Beta (1) stay; the file brings Gamma at 1 and Delta at 1.
        let mut gamma = entry(None, "Gamma");
        gamma.priority = Some(1);
        let mut delta = entry(None, "Delta");
        delta.priority = Some(1);
        let entries = [gamma, delta];
        let plan = planned(&entries, &tenant(), false);
        assert_eq!(
            plan.collisions,
            [
                Collision { priority: 1, name: "Gamma".into(), holder: "Beta".into() },
                Collision { priority: 1, name: "Delta".into(), holder: "Beta".into() }
            ]
        );
        assert_eq!(plan.steps[0].create.as_ref().unwrap().0.json()["priority"], 1, "kept as the file says");
        let plan = planned(&entries, &tenant(), true);
        assert_eq!(plan.collisions.len(), 2, "still listed, now with their new numbers");
        let got: Vec<(Option<i64>, Option<i64>)> = plan.steps.iter().map(|s| (s.priority, s.renumbered_from)).collect();
        assert_eq!(got, [(Some(2), Some(1)), (Some(3), Some(1))]);
        assert_eq!(plan.steps[1].create.as_ref().unwrap().0.json()["priority"], 3);
    }

    #[test]
    fn a_configuration_updated_keeps_its_own_priority_free() {
        // Beta moves to 0 and Alpha to 1: a swap within the file collides with nobody.
        let mut alpha = entry(Some("a"), "Alpha");
        alpha.priority = Some(1);
        let mut beta = entry(Some("b"), "Beta");
        beta.priority = Some(0);
        let plan = planned(&[alpha, beta], &tenant(), false);
        assert!(plan.collisions.is_empty(), "{:?}", plan.collisions);
        assert!(plan.steps.iter().all(|s| s.kind == Kind::Update));
    }

    #[test]
    fn an_ambiguous_name_is_left_out() {
        let mut configs = tenant();
        configs.push(config("c", "Beta", 2, "{}", &[]));
        let step = planned(&[entry(None, "beta")], &configs, false).steps.remove(0);
        assert_eq!(step.kind, Kind::Skip);
        assert!(step.matched.contains("2 configurations of this tenant have this name"));
    }

    #[test]
    fn a_copy_is_named_by_the_tenant_it_came_from() {
        assert_eq!(copied_name("Finance", &source()), "Finance (from contoso.onmicrosoft.com)");
    }

    #[test]
    fn the_file_name_says_where_and_when() {
        assert_eq!(
            file_name(&source(), "2026-11-29T10:00:00Z"),
            "office-configurations-global-contoso.onmicrosoft.com-2026-11-29.json"
        );
        let odd = Source { cloud: "usgov".into(), tenant: "../x y".into() };
        assert_eq!(file_name(&odd, ""), "office-configurations-usgov-..xy-export.json");
    }
}
