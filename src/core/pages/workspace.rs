//! The list page, the admin's workspace: every configuration as a row, searched and sorted,
//! and the work on the set — create, copy, delete, reorder — as a pure state machine like the
//! editor session: `Workspace::apply(self, Action) -> (Workspace, Vec<Effect>)`.
//!
//! Priorities: a reorder keeps the set of priority numbers the tenant uses (made distinct where
//! the server had duplicates) and hands them out in the new order, so one `updatePriorities`
//! call carries only the rows whose number changes. Its URL segment has two spellings: the one
//! that worked is kept, and a `400`/`404` for one is tried once with the other.

use crate::core::pages::Machine;
use crate::core::rules::retry::{Attempts, Moment, RetryPolicy, Waiting};
use crate::core::wire::body;
use crate::core::wire::model::{Assignment, Configuration};
use crate::core::wire::request::Method;
use crate::core::wire::response::{Created, GraphError};
use serde_json::Value;

/// The `updatePriorities` URL segments: the one Graph serves, then the one its docs spell.
pub const UPDATE_PRIORITIES: [&str; 2] =
    ["microsoft.graph.updatePriorities", "microsoft.management.services.api.updatePriorities"];

/// One configuration as the list shows it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub description: String,
    pub priority: Option<i64>,
    /// The group ids assigned.
    pub groups: Vec<String>,
    pub succeeded: Option<i64>,
    pub failed: Option<i64>,
    pub last_modified: String,
}

fn count(value: &Option<Value>) -> Option<i64> {
    value.as_ref().and_then(Value::as_i64)
}

impl Row {
    pub fn of(c: &Configuration) -> Row {
        let summary = c.user_checkin_summary.as_ref();
        Row {
            id: c.id.clone().unwrap_or_default(),
            name: c.title().to_string(),
            description: c.description.clone().unwrap_or_default(),
            priority: c.priority.as_ref().and_then(Value::as_i64),
            groups: c
                .assignments
                .iter()
                .flatten()
                .filter_map(|a: &Assignment| a.target.as_ref()?.group_id.clone())
                .collect(),
            succeeded: summary.and_then(|s| count(&s.succeeded_user_count)),
            failed: summary.and_then(|s| count(&s.failed_user_count)),
            last_modified: c.last_modified_date_time.clone().unwrap_or_default(),
        }
    }
}

/// A column to sort by.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    Name,
    #[default]
    Priority,
    Groups,
    Succeeded,
    Failed,
    LastModified,
}

impl SortKey {
    pub const ALL: [SortKey; 6] =
        [SortKey::Name, SortKey::Priority, SortKey::Groups, SortKey::Succeeded, SortKey::Failed, SortKey::LastModified];

    /// Its name in the URL.
    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Priority => "priority",
            SortKey::Groups => "groups",
            SortKey::Succeeded => "succeeded",
            SortKey::Failed => "failed",
            SortKey::LastModified => "modified",
        }
    }

    fn compare(self, a: &Row, b: &Row) -> std::cmp::Ordering {
        // Rows without a value come after those with one (first when the order is reversed).
        let opt = |x: Option<i64>, y: Option<i64>| match (x, y) {
            (Some(x), Some(y)) => x.cmp(&y),
            (x, y) => x.is_none().cmp(&y.is_none()),
        };
        match self {
            SortKey::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            SortKey::Priority => opt(a.priority, b.priority),
            SortKey::Groups => a.groups.len().cmp(&b.groups.len()),
            SortKey::Succeeded => opt(a.succeeded, b.succeeded),
            SortKey::Failed => opt(a.failed, b.failed),
            SortKey::LastModified => a.last_modified.cmp(&b.last_modified),
        }
    }
}

/// The list's order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sort {
    pub key: SortKey,
    pub descending: bool,
}

/// Search and sort as the URL keeps them: `q=…&sort=name` (`-name` descending).
pub fn query_string(search: &str, sort: Sort) -> String {
    let mut parts = Vec::new();
    if !search.is_empty() {
        parts.push(format!("q={}", percent_encoding::utf8_percent_encode(search, percent_encoding::NON_ALPHANUMERIC)));
    }
    if sort != Sort::default() {
        parts.push(format!("sort={}{}", if sort.descending { "-" } else { "" }, sort.key.as_str()));
    }
    parts.join("&")
}

/// Reads `q` and `sort` back from a query string; anything else is ignored.
pub fn parse_query(query: &str) -> (String, Sort) {
    let mut search = String::new();
    let mut sort = Sort::default();
    for pair in query.trim_start_matches('?').split('&') {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_encoding::percent_decode_str(&value.replace('+', " ")).decode_utf8_lossy().into_owned();
        match key {
            "q" => search = value,
            "sort" => {
                let (descending, name) = match value.strip_prefix('-') {
                    Some(name) => (true, name.to_string()),
                    None => (false, value),
                };
                if let Some(key) = SortKey::ALL.into_iter().find(|k| k.as_str() == name) {
                    sort = Sort { key, descending };
                }
            }
            _ => {}
        }
    }
    (search, sort)
}

/// One row whose priority a reorder changes.
#[derive(Clone, Debug, PartialEq)]
pub struct Move {
    pub id: String,
    pub name: String,
    pub old: Option<i64>,
    pub new: i64,
}

/// The priorities to hand out for rows in `order`: the numbers the rows hold, ascending, made
/// strictly increasing (a duplicate or a missing one takes the next free number).
fn slots(rows: &[Row]) -> Vec<i64> {
    let mut numbers: Vec<Option<i64>> = rows.iter().map(|r| r.priority).collect();
    numbers.sort_by_key(|p| p.unwrap_or(i64::MAX));
    let mut out: Vec<i64> = Vec::with_capacity(numbers.len());
    for n in numbers {
        let floor = out.last().map_or(0, |last| last + 1);
        out.push(n.map_or(floor, |n| n.max(floor)));
    }
    out
}

/// The priority a new configuration gets: one past the highest in use.
pub fn next_free_priority(rows: &[Row]) -> i64 {
    rows.iter().filter_map(|r| r.priority).max().map_or(0, |p| p + 1)
}

/// The body of a new configuration.
pub fn new_body(name: &str, priority: i64) -> body::Body<body::New> {
    body::Create { display_name: name, priority: Some(priority), ..body::Create::default() }.body()
}

/// The body of a copy of `source`: its type, description and both payloads, a new name and
/// priority; no assignments (they are a separate `assign`, when asked for).
pub fn copy_body(source: &Configuration, name: &str, priority: i64) -> body::Body<body::New> {
    body::Create {
        odata_type: source.odata_type.as_deref(),
        display_name: name,
        description: source.description.as_deref(),
        priority: Some(priority),
        policy_payload: source.policy_payload.clone(),
        user_preference_payload: source.user_preference_payload.clone(),
    }
    .body()
}

/// The name a copy is offered.
pub fn copy_name(source: &str) -> String {
    format!("Copy of {source}")
}

/// The open dialog, if any.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Dialog {
    #[default]
    None,
    /// A new configuration: its name and priority as typed.
    New { name: String, priority: String },
    /// A copy of `source`: its name, priority, and whether the groups come along.
    Copy { source: String, name: String, priority: String, with_groups: bool },
    /// Deleting `id`, to be confirmed.
    Delete { id: String },
}

/// Loading the list.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Load {
    #[default]
    Loading,
    Ready,
    Failed(GraphError),
}

/// Everything the admin does on the list, and everything I/O reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Read the list (at start, and after a sign-in).
    Load,
    /// The answer to `Effect::List`.
    Loaded {
        result: Result<Vec<Configuration>, GraphError>,
        at: Moment,
    },
    /// The clock, while a retry of the list waits.
    Tick {
        now_ms: f64,
    },
    RetryDue,
    CancelRetry,
    Search(String),
    /// Ticks (or unticks) a row for export.
    Select {
        id: String,
        on: bool,
    },
    /// Ticks (or unticks) every row the search shows.
    SelectShown(bool),
    /// Sort by this column; the same column again reverses the order.
    SortBy(SortKey),
    /// Search and sort read from the URL.
    Restore {
        search: String,
        sort: Sort,
    },
    StartReorder,
    MoveUp(String),
    MoveDown(String),
    /// Drag and drop: `id` goes to position `to` of the reordered list.
    MoveTo {
        id: String,
        to: usize,
    },
    CancelReorder,
    SavePriorities,
    /// Renumber the duplicates the server has, in the list's priority order, in one call.
    FixDuplicates,
    /// The answer to `Effect::UpdatePriorities`.
    PrioritiesSaved {
        spelling: usize,
        result: Result<(), GraphError>,
    },
    AskNew,
    AskCopy(String),
    AskDelete(String),
    /// Typing in the dialog.
    DialogName(String),
    DialogPriority(String),
    DialogWithGroups(bool),
    Confirm,
    Cancel,
    /// The answer to `Effect::Create`: the new configuration.
    Created(Result<Box<Created>, GraphError>),
    /// The answer to `Effect::Delete` (a 404 counts as gone).
    Deleted {
        id: String,
        result: Result<(), GraphError>,
    },
}

/// What the list asks the outside world to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Read the list (`ListQuery`); answer `Loaded`.
    List,
    /// Count down to `until_ms` with `Tick`s, then answer `RetryDue`.
    WaitRetry {
        until_ms: f64,
    },
    CancelRetry,
    /// Create a configuration; answer `Created`.
    Create {
        body: body::Body<body::New>,
    },
    /// Copy a configuration: read `source` in full first (payloads), then create as `Create`.
    Copy {
        source: String,
        name: String,
        priority: i64,
        groups: Option<Vec<String>>,
    },
    Delete {
        id: String,
    },
    /// One `updatePriorities` call with this URL spelling; answer `PrioritiesSaved`.
    UpdatePriorities {
        spelling: usize,
        body: body::Body<body::Priorities>,
    },
    /// Remember the spelling that worked (for this tenant, in this browser).
    RememberSpelling(usize),
    /// Open the editor of this configuration.
    Open(String),
    /// Keep search and sort in the URL.
    SetQuery(String),
}

/// The list page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Workspace {
    rows: Vec<Row>,
    pub load: Load,
    search: String,
    sort: Sort,
    /// The ids in their new order while reordering.
    reorder: Option<Vec<String>>,
    pub dialog: Dialog,
    /// A write is out (create, delete, priorities): the buttons wait.
    busy: bool,
    /// The spelling of `updatePriorities` to try first.
    spelling: usize,
    /// What the last write did, for the status line.
    pub status: Option<String>,
    /// What the last write could not do.
    pub error: Option<GraphError>,
    /// The rows ticked for export, by id.
    selected: std::collections::BTreeSet<String>,
    policy: RetryPolicy,
    attempts: Attempts,
    waiting: Option<Waiting>,
    now_ms: f64,
}

impl Workspace {
    /// A list page; `spelling` is the `updatePriorities` spelling that worked before, if known.
    pub fn new(spelling: Option<usize>, policy: RetryPolicy) -> Workspace {
        Workspace { spelling: spelling.unwrap_or(0).min(1), policy, ..Default::default() }
    }
}

impl Machine for Workspace {
    type Action = Action;
    type Effect = Effect;

    fn apply(mut self, action: Action) -> (Workspace, Vec<Effect>) {
        let mut fx = Vec::new();
        match action {
            Action::Load => {
                if self.waiting.take().is_some() {
                    fx.push(Effect::CancelRetry);
                }
                self.load = Load::Loading;
                self.attempts = Attempts::first();
                fx.push(Effect::List);
            }
            Action::Loaded { result: Ok(items), .. } => {
                self.rows = items.iter().map(Row::of).collect();
                self.load = Load::Ready;
                self.reorder = None;
                let rows = &self.rows;
                self.selected.retain(|id| rows.iter().any(|r| &r.id == id));
            }
            Action::Loaded { result: Err(error), at } => {
                match self.attempts.after_failure(&self.policy, Method::Get, &error, at.now_ms, at.jitter) {
                    Some(waiting) => {
                        self.now_ms = at.now_ms;
                        fx.push(Effect::WaitRetry { until_ms: waiting.until_ms });
                        self.waiting = Some(waiting);
                    }
                    None => self.load = Load::Failed(error),
                }
            }
            Action::Tick { now_ms } => self.now_ms = now_ms,
            Action::RetryDue => {
                if self.waiting.take().is_some() {
                    fx.push(Effect::List);
                }
            }
            Action::CancelRetry => {
                if self.waiting.take().is_some() {
                    fx.push(Effect::CancelRetry);
                    self.load = Load::Failed(GraphError::Cancelled);
                }
            }
            Action::Select { id, on } => {
                if !on {
                    self.selected.remove(&id);
                } else if self.row(&id).is_some() {
                    self.selected.insert(id);
                }
            }
            Action::SelectShown(on) => {
                let shown: Vec<String> = self.visible().iter().map(|r| r.id.clone()).collect();
                for id in shown {
                    if on {
                        self.selected.insert(id);
                    } else {
                        self.selected.remove(&id);
                    }
                }
            }
            Action::Search(text) => {
                self.search = text;
                fx.push(Effect::SetQuery(query_string(&self.search, self.sort)));
            }
            Action::SortBy(key) => {
                self.sort = Sort { key, descending: self.sort.key == key && !self.sort.descending };
                fx.push(Effect::SetQuery(query_string(&self.search, self.sort)));
            }
            Action::Restore { search, sort } => {
                self.search = search;
                self.sort = sort;
            }
            Action::StartReorder if self.load == Load::Ready && !self.busy => {
                self.reorder = Some(self.by_priority().iter().map(|r| r.id.clone()).collect());
                self.dialog = Dialog::None;
            }
            Action::MoveUp(id) => self.move_by(&id, -1),
            Action::MoveDown(id) => self.move_by(&id, 1),
            Action::MoveTo { id, to } => {
                if let Some(order) = &mut self.reorder {
                    if let Some(from) = order.iter().position(|x| *x == id) {
                        let id = order.remove(from);
                        order.insert(to.min(order.len()), id);
                    }
                }
            }
            Action::CancelReorder => self.reorder = None,
            Action::SavePriorities if !self.busy => {
                if let Some(body) = self.priorities_body() {
                    self.busy = true;
                    fx.push(Effect::UpdatePriorities { spelling: self.spelling, body });
                } else {
                    self.reorder = None;
                }
            }
            Action::FixDuplicates if !self.busy && self.reorder.is_none() => {
                self.reorder = Some(self.by_priority().iter().map(|r| r.id.clone()).collect());
                if let Some(body) = self.priorities_body() {
                    self.busy = true;
                    fx.push(Effect::UpdatePriorities { spelling: self.spelling, body });
                } else {
                    self.reorder = None;
                }
            }
            Action::PrioritiesSaved { spelling, result: Ok(()) } => {
                self.busy = false;
                self.reorder = None;
                self.error = None;
                self.status = Some("Priorities saved.".into());
                self.spelling = spelling;
                fx.push(Effect::RememberSpelling(spelling));
                fx.push(Effect::List);
            }
            Action::PrioritiesSaved { spelling, result: Err(error) } => {
                let unknown_segment = matches!(error.status(), Some(400 | 404));
                if unknown_segment && spelling == self.spelling {
                    // The other spelling, once.
                    if let Some(body) = self.priorities_body() {
                        fx.push(Effect::UpdatePriorities { spelling: 1 - spelling, body });
                        return (self, fx);
                    }
                }
                self.busy = false;
                self.status = None;
                self.error = Some(error);
            }
            Action::AskNew if !self.busy => {
                self.dialog = Dialog::New { name: String::new(), priority: next_free_priority(&self.rows).to_string() };
            }
            Action::AskCopy(id) if !self.busy => {
                if let Some(row) = self.row(&id) {
                    self.dialog = Dialog::Copy {
                        source: id,
                        name: copy_name(&row.name),
                        priority: next_free_priority(&self.rows).to_string(),
                        with_groups: false,
                    };
                }
            }
            Action::AskDelete(id) if !self.busy && self.row(&id).is_some() => self.dialog = Dialog::Delete { id },
            Action::DialogName(text) => match &mut self.dialog {
                Dialog::New { name, .. } | Dialog::Copy { name, .. } => *name = text,
                _ => {}
            },
            Action::DialogPriority(text) => match &mut self.dialog {
                Dialog::New { priority, .. } | Dialog::Copy { priority, .. } => *priority = text,
                _ => {}
            },
            Action::DialogWithGroups(on) => {
                if let Dialog::Copy { with_groups, .. } = &mut self.dialog {
                    *with_groups = on;
                }
            }
            Action::Confirm if !self.busy && self.dialog_error().is_none() => {
                let priority = |p: &str| p.trim().parse::<i64>().unwrap_or_default();
                match std::mem::take(&mut self.dialog) {
                    Dialog::None => {}
                    Dialog::New { name, priority: p } => {
                        self.busy = true;
                        fx.push(Effect::Create { body: new_body(&name, priority(&p)) });
                    }
                    Dialog::Copy { source, name, priority: p, with_groups } => {
                        self.busy = true;
                        let groups =
                            with_groups.then(|| self.row(&source).map(|r| r.groups.clone()).unwrap_or_default());
                        fx.push(Effect::Copy { source, name: name.trim().to_string(), priority: priority(&p), groups });
                    }
                    Dialog::Delete { id } => {
                        self.busy = true;
                        fx.push(Effect::Delete { id });
                    }
                }
            }
            Action::Cancel => self.dialog = Dialog::None,
            Action::Created(Ok(created)) => {
                self.busy = false;
                self.error = None;
                let row = Row::of(&created.configuration);
                // Its groups failed: the list says so (and how), rather than open it.
                match created.unassigned() {
                    Some(_) => self.status = Some(format!("\"{}\": {}", row.name, created.summary())),
                    None => {
                        self.status = Some(format!("Created \"{}\".", row.name));
                        fx.push(Effect::Open(row.id.clone()));
                    }
                }
                self.rows.push(row);
            }
            Action::Created(Err(error)) => self.failed(error),
            Action::Deleted { result: Err(error), .. } if error.status() != Some(404) => self.failed(error),
            // Deleted, or already gone (404).
            Action::Deleted { id, .. } => {
                self.busy = false;
                self.error = None;
                let name = self.row(&id).map(|r| r.name.clone()).unwrap_or_default();
                self.rows.retain(|r| r.id != id);
                self.status = Some(format!("Deleted \"{name}\"."));
            }
            // Refused while busy, not ready, or with a dialog error: nothing happens.
            Action::StartReorder
            | Action::SavePriorities
            | Action::FixDuplicates
            | Action::AskNew
            | Action::AskCopy(_)
            | Action::AskDelete(_)
            | Action::Confirm => {}
        }
        (self, fx)
    }
}

impl Workspace {
    /// A write failed: the list stays as it was, with the error shown.
    fn failed(&mut self, error: GraphError) {
        self.busy = false;
        self.status = None;
        self.error = Some(error);
    }

    fn move_by(&mut self, id: &str, step: isize) {
        if let Some(order) = &mut self.reorder {
            if let Some(from) = order.iter().position(|x| x == id) {
                let to = from as isize + step;
                if (0..order.len() as isize).contains(&to) {
                    order.swap(from, to as usize);
                }
            }
        }
    }

    fn row(&self, id: &str) -> Option<&Row> {
        self.rows.iter().find(|r| r.id == id)
    }

    /// The rows in priority order (then by name).
    fn by_priority(&self) -> Vec<&Row> {
        let mut rows: Vec<&Row> = self.rows.iter().collect();
        rows.sort_by(|a, b| SortKey::Priority.compare(a, b).then_with(|| SortKey::Name.compare(a, b)));
        rows
    }

    /// The rows shown: while reordering, all in their new order; else those the search finds,
    /// in the chosen order.
    pub fn visible(&self) -> Vec<&Row> {
        if let Some(order) = &self.reorder {
            return order.iter().filter_map(|id| self.row(id)).collect();
        }
        let needle = self.search.trim().to_lowercase();
        let mut rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || r.name.to_lowercase().contains(&needle)
                    || r.description.to_lowercase().contains(&needle)
            })
            .collect();
        rows.sort_by(|a, b| {
            let order = self.sort.key.compare(a, b).then_with(|| SortKey::Name.compare(a, b));
            if self.sort.descending {
                order.reverse()
            } else {
                order
            }
        });
        rows
    }

    /// While reordering: each row whose priority the new order changes, old → new.
    pub fn moves(&self) -> Vec<Move> {
        let Some(order) = &self.reorder else { return Vec::new() };
        let slots = slots(&self.rows);
        order
            .iter()
            .zip(slots)
            .filter_map(|(id, new)| {
                let row = self.row(id)?;
                (row.priority != Some(new)).then(|| Move {
                    id: id.clone(),
                    name: row.name.clone(),
                    old: row.priority,
                    new,
                })
            })
            .collect()
    }

    /// The `updatePriorities` body for the moves, or `None` when nothing moves.
    fn priorities_body(&self) -> Option<body::Body<body::Priorities>> {
        let moves = self.moves();
        (!moves.is_empty()).then(|| {
            body::priorities(moves.iter().map(|m| m.id.clone()).collect(), moves.iter().map(|m| m.new).collect())
        })
    }

    /// Priorities more than one configuration holds.
    pub fn duplicate_priorities(&self) -> Vec<i64> {
        let mut seen: Vec<i64> = self.rows.iter().filter_map(|r| r.priority).collect();
        seen.sort_unstable();
        let mut dups: Vec<i64> = seen.windows(2).filter(|w| w[0] == w[1]).map(|w| w[0]).collect();
        dups.dedup();
        dups
    }

    /// Why the dialog cannot be confirmed, if it cannot.
    pub fn dialog_error(&self) -> Option<String> {
        let (name, priority) = match &self.dialog {
            Dialog::New { name, priority } | Dialog::Copy { name, priority, .. } => (name, priority),
            _ => return None,
        };
        if name.trim().is_empty() {
            return Some("A display name is required.".into());
        }
        match priority.trim().parse::<i64>() {
            Ok(p) if (0..=i64::from(i32::MAX)).contains(&p) => {
                self.rows.iter().find(|r| r.priority == Some(p)).map(|r| {
                    format!(
                        "Priority {p} is already used by \"{}\"; the next free one is {}.",
                        r.name,
                        next_free_priority(&self.rows)
                    )
                })
            }
            _ => Some("The priority must be a whole number of 0 or more.".into()),
        }
    }

    /// The ids ticked for export.
    pub fn selected(&self) -> Vec<String> {
        self.selected_rows().into_iter().map(|r| r.id).collect()
    }

    /// The selected rows, in list order.
    pub fn selected_rows(&self) -> Vec<Row> {
        self.rows.iter().filter(|r| self.selected.contains(&r.id)).cloned().collect()
    }

    pub fn is_selected(&self, id: &str) -> bool {
        self.selected.contains(id)
    }

    /// Every row, as read.
    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn is_reordering(&self) -> bool {
        self.reorder.is_some()
    }

    pub fn is_busy(&self) -> bool {
        self.busy
    }

    pub fn search(&self) -> &str {
        &self.search
    }

    pub fn sort(&self) -> Sort {
        self.sort
    }

    /// The row a dialog is about.
    pub fn dialog_row(&self) -> Option<&Row> {
        match &self.dialog {
            Dialog::Copy { source: id, .. } | Dialog::Delete { id } => self.row(id),
            _ => None,
        }
    }

    pub fn total(&self) -> usize {
        self.rows.len()
    }

    /// The retry countdown line, while a read of the list waits.
    pub fn countdown(&self) -> Option<String> {
        self.waiting.as_ref().map(|w| w.describe(self.now_ms))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::wire::model::CONFIGURATION_TYPE;
    use crate::core::wire::response::GraphErrorDetail;
    use serde_json::json;

    fn config(id: &str, name: &str, priority: Option<i64>, groups: &[&str]) -> Configuration {
        let assignments: Vec<Value> =
            groups.iter().map(|g| json!({"id": format!("{id}-{g}"), "target": {"groupId": g}})).collect();
        Configuration::from_value(json!({
            "id": id, "displayName": name, "description": format!("about {name}"), "priority": priority,
            "assignments": assignments, "userCheckinSummary": {"succeededUserCount": name.len(), "failedUserCount": 1},
            "lastModifiedDateTime": format!("2026-11-2{}T00:00:00Z", name.len() % 10)
        }))
        .unwrap()
    }

    fn loaded() -> Workspace {
        let items = vec![
            config("a", "Alpha", Some(0), &["g1", "g2"]),
            config("b", "Beta", Some(1), &[]),
            config("c", "Gamma finance", Some(5), &["g3"]),
            config("d", "Delta", None, &[]),
        ];
        Workspace::new(None, RetryPolicy::default()).apply(Action::Load).0.apply(listed(Ok(items))).0
    }

    fn listed(result: Result<Vec<Configuration>, GraphError>) -> Action {
        Action::Loaded { result, at: Moment { now_ms: 1_000.0, jitter: 0.0 } }
    }

    fn ids(w: &Workspace) -> Vec<&str> {
        w.visible().iter().map(|r| r.id.as_str()).collect()
    }

    fn status(code: u16) -> GraphError {
        GraphError::Graph(Box::new(GraphErrorDetail { status: code, ..Default::default() }))
    }

    #[test]
    fn rows_are_ticked_for_export_and_forgotten_when_gone() {
        let w = loaded();
        let (w, fx) =
            run(w, vec![Action::Select { id: "b".into(), on: true }, Action::Select { id: "zz".into(), on: true }]);
        assert!(fx.is_empty());
        assert_eq!(w.selected(), ["b"], "an id that is not a row is not ticked");
        let w = run(w, vec![Action::Search("finance".into()), Action::SelectShown(true)]).0;
        assert_eq!(w.selected(), ["b", "c"], "only the rows the search shows are added");
        let w = run(w, vec![Action::Search(String::new()), Action::Select { id: "b".into(), on: false }]).0;
        assert!(!w.is_selected("b"));
        let w = run(w, vec![Action::Select { id: "a".into(), on: true }]).0;
        let w = w.apply(listed(Ok(vec![config("c", "Gamma finance", Some(5), &[])]))).0;
        assert_eq!(w.selected(), ["c"], "rows gone from the list are no longer ticked");
    }

    /// Applies `actions`; returns the end state and the effects of the last.
    fn run(w: Workspace, actions: Vec<Action>) -> (Workspace, Vec<Effect>) {
        actions.into_iter().fold((w, Vec::new()), |(w, _), a| w.apply(a))
    }

    #[test]
    fn rows_are_searched_and_sorted_and_the_url_keeps_both() {
        let w = loaded();
        assert_eq!(ids(&w), ["a", "b", "c", "d"], "by priority, none last");
        let cases: Vec<(Vec<Action>, Vec<&str>, &str)> = vec![
            (vec![Action::SortBy(SortKey::Name)], vec!["a", "b", "d", "c"], "sort=name"),
            (
                vec![Action::SortBy(SortKey::Name), Action::SortBy(SortKey::Name)],
                vec!["c", "d", "b", "a"],
                "sort=-name",
            ),
            (vec![Action::SortBy(SortKey::Groups)], vec!["b", "d", "c", "a"], "sort=groups"),
            (vec![Action::SortBy(SortKey::Succeeded)], vec!["b", "a", "d", "c"], "sort=succeeded"),
            (vec![Action::Search("FINANCE".into())], vec!["c"], "q=FINANCE"),
            (vec![Action::Search("about d".into())], vec!["d"], "q=about%20d"),
            (
                vec![Action::Search("a".into()), Action::SortBy(SortKey::Name)],
                vec!["a", "b", "d", "c"],
                "q=a&sort=name",
            ),
        ];
        for (actions, expected, query) in cases {
            let label = format!("{actions:?}");
            let (after, effects) = run(w.clone(), actions);
            assert_eq!(ids(&after), expected, "{label}");
            assert_eq!(effects, [Effect::SetQuery(query.into())], "{label}");
            assert_eq!(parse_query(query), (after.search().to_string(), after.sort()), "the URL reads back: {label}");
        }
        assert_eq!(parse_query("?sort=nonsense&x=1"), (String::new(), Sort::default()));
    }

    #[test]
    fn a_reorder_sends_one_update_priorities_with_only_the_moved_rows() {
        let (w, _) = run(loaded(), vec![Action::StartReorder, Action::MoveUp("c".into())]);
        assert_eq!(ids(&w), ["a", "c", "b", "d"]);
        let moves: Vec<(String, Option<i64>, i64)> = w.moves().into_iter().map(|m| (m.id, m.old, m.new)).collect();
        // The numbers in use, handed out anew; a row without one gets the next free number.
        assert_eq!(moves, [("c".to_string(), Some(5), 1), ("b".to_string(), Some(1), 5), ("d".to_string(), None, 6)]);
        let (w, effects) = w.apply(Action::SavePriorities);
        let body = body::priorities(vec!["c".into(), "b".into(), "d".into()], vec![1, 5, 6]);
        assert_eq!(effects, [Effect::UpdatePriorities { spelling: 0, body: body.clone() }]);
        assert!(w.is_busy() && w.clone().apply(Action::SavePriorities).1.is_empty(), "one call at a time");
        // Graph does not know the first spelling: the other, once; it is remembered.
        let (w, effects) = w.apply(Action::PrioritiesSaved { spelling: 0, result: Err(status(400)) });
        assert_eq!(effects, [Effect::UpdatePriorities { spelling: 1, body: body.clone() }]);
        let (done, effects) = w.clone().apply(Action::PrioritiesSaved { spelling: 1, result: Ok(()) });
        assert_eq!(effects, [Effect::RememberSpelling(1), Effect::List]);
        assert!(!done.is_reordering() && !done.is_busy());
        let failed = w.apply(Action::PrioritiesSaved { spelling: 1, result: Err(status(400)) }).0;
        assert_eq!(
            failed.error,
            Some(status(400)),
            "both spellings refused: the error, and the order kept to try again"
        );
        assert!(failed.is_reordering());
        // A remembered spelling goes first; drag and drop; moving nothing sends nothing.
        let (w, effects) = run(
            Workspace { spelling: 1, ..loaded() },
            vec![Action::StartReorder, Action::MoveTo { id: "d".into(), to: 0 }, Action::SavePriorities],
        );
        assert!(matches!(&effects[..], [Effect::UpdatePriorities { spelling: 1, .. }]), "{effects:?}");
        assert_eq!(
            w.moves().iter().map(|m| (m.id.as_str(), m.new)).collect::<Vec<_>>(),
            [("d", 0), ("a", 1), ("b", 5), ("c", 6)]
        );
        let numbered = Workspace::new(None, RetryPolicy::default())
            .apply(listed(Ok(vec![config("a", "A", Some(0), &[]), config("b", "B", Some(4), &[])])))
            .0;
        let (w, effects) =
            run(numbered, vec![Action::StartReorder, Action::MoveUp("a".into()), Action::SavePriorities]);
        assert!(effects.is_empty() && !w.is_reordering(), "nothing moved: nothing sent");
    }

    #[test]
    fn duplicate_priorities_are_flagged_and_renumbered_in_one_call() {
        let items =
            vec![config("a", "A", Some(2), &[]), config("b", "B", Some(2), &[]), config("c", "C", Some(3), &[])];
        let w = Workspace::new(Some(1), RetryPolicy::default()).apply(listed(Ok(items))).0;
        assert_eq!(w.duplicate_priorities(), [2]);
        let (_, effects) = w.apply(Action::FixDuplicates);
        assert_eq!(
            effects,
            [Effect::UpdatePriorities {
                spelling: 1,
                body: body::priorities(vec!["b".into(), "c".into()], vec![3, 4])
            }]
        );
    }

    #[test]
    fn create_copy_and_delete_ask_first_and_check_what_was_typed() {
        let (w, _) = run(loaded(), vec![Action::AskNew]);
        assert_eq!(w.dialog, Dialog::New { name: String::new(), priority: "6".into() }, "the next free priority");
        assert_eq!(w.dialog_error().as_deref(), Some("A display name is required."));
        assert!(w.clone().apply(Action::Confirm).1.is_empty());
        let (w, _) = run(w, vec![Action::DialogName(" Finance ".into()), Action::DialogPriority("5".into())]);
        assert!(w.dialog_error().unwrap().contains("already used by \"Gamma finance\""));
        let (w, effects) = run(w, vec![Action::DialogPriority("7".into()), Action::Confirm]);
        let [Effect::Create { body }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(body.json(), &json!({"@odata.type": CONFIGURATION_TYPE, "displayName": "Finance", "priority": 7}));
        let (w, effects) = w.apply(Action::Created(Ok(Box::new(Created {
            configuration: config("n", "Finance", Some(7), &[]),
            assigned: None,
        }))));
        assert_eq!(effects, [Effect::Open("n".into())]);
        assert_eq!(w.total(), 5);

        let (w, _) = run(loaded(), vec![Action::AskCopy("a".into())]);
        assert!(matches!(&w.dialog, Dialog::Copy { name, with_groups: false, .. } if name == "Copy of Alpha"));
        let (_, effects) = w.clone().apply(Action::Confirm);
        assert_eq!(
            effects,
            [Effect::Copy { source: "a".into(), name: "Copy of Alpha".into(), priority: 6, groups: None }]
        );
        let (w, effects) = run(w, vec![Action::DialogWithGroups(true), Action::Confirm]);
        assert!(
            matches!(&effects[..], [Effect::Copy { groups: Some(g), .. }] if g == &["g1".to_string(), "g2".to_string()])
        );
        // Created, but its groups refused: a configuration that exists, said so, not a failure.
        let (w, _) = run(w, vec![Action::DialogWithGroups(true), Action::Confirm]);
        let copy =
            Created { configuration: config("c2", "Copy of Alpha", Some(6), &[]), assigned: Some(Err(status(403))) };
        let (w, effects) = w.apply(Action::Created(Ok(Box::new(copy))));
        assert_eq!(effects, [], "not opened: the list says what happened");
        assert_eq!((w.total(), w.error.clone()), (5, None), "the copy is a row, and no error");
        let said = w.status.clone().unwrap_or_default();
        assert!(said.contains("Created (id c2), but its groups were not assigned") && said.contains("403"), "{said}");

        let (w, _) = run(loaded(), vec![Action::AskDelete("a".into())]);
        assert_eq!(w.dialog_row().map(|r| r.groups.len()), Some(2), "the dialog names the groups");
        assert_eq!(w.clone().apply(Action::Cancel).0.dialog, Dialog::None);
        let (w, effects) = w.apply(Action::Confirm);
        assert_eq!(effects, [Effect::Delete { id: "a".into() }]);
        let gone = w.clone().apply(Action::Deleted { id: "a".into(), result: Err(status(404)) }).0;
        assert_eq!((gone.total(), gone.status.as_deref()), (3, Some("Deleted \"Alpha\".")), "404 counts as gone");
        let refused = w.apply(Action::Deleted { id: "a".into(), result: Err(status(403)) }).0;
        assert_eq!((refused.total(), refused.error.clone()), (4, Some(status(403))));
    }

    #[test]
    fn a_failed_read_of_the_list_is_retried_with_a_countdown_that_can_be_cancelled() {
        let (w, effects) =
            run(Workspace::new(None, RetryPolicy::default()), vec![Action::Load, listed(Err(status(503)))]);
        assert_eq!(effects, [Effect::WaitRetry { until_ms: 2_000.0 }]);
        assert_eq!(w.countdown().as_deref(), Some("Graph is unavailable (503). Retrying in 1 s (attempt 2 of 4)."));
        assert_eq!(w.clone().apply(Action::RetryDue).1, [Effect::List]);
        let (cancelled, effects) = w.apply(Action::CancelRetry);
        assert_eq!(effects, [Effect::CancelRetry]);
        assert_eq!(cancelled.load, Load::Failed(GraphError::Cancelled));
        let (failed, effects) =
            run(Workspace::new(None, RetryPolicy::default()), vec![Action::Load, listed(Err(status(403)))]);
        assert!(effects.is_empty() && failed.load == Load::Failed(status(403)), "not retried");
    }

    #[test]
    fn copies_carry_description_and_payloads_but_no_assignments() {
        let mut source = config("a", "Alpha", Some(0), &["g1"]);
        source.policy_payload = Some(json!("e30="));
        let body = copy_body(&source, "Copy of Alpha", 9).json().clone();
        assert_eq!(body["displayName"], "Copy of Alpha");
        assert_eq!(body["description"], "about Alpha");
        assert_eq!(body["policyPayload"], "e30=");
        assert_eq!(body["priority"], 9);
        assert!(body.get("assignments").is_none() && body.get("id").is_none());
    }
}
