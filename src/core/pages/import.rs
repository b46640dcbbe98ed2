//! Export and import on the list page, as a pure state machine like the workspace:
//! `Transfer::apply(self, Action) -> (Transfer, Vec<Effect>)`.
//!
//! Export reads the chosen configurations whole, then offers the file (`core::pages::backup`). Import
//! reads the file, reads the tenant's matching configurations whole, and shows the dry run
//! (`backup::plan`); nothing is sent before Confirm. Then one configuration at a time, each
//! with its own result: a failure is reported and the next one goes on; a configuration that
//! got only part of its changes says which part.

use crate::core::pages::backup::{self, Backup, Entry, Group, Kind, Match, Plan, Source};
use crate::core::pages::workspace::Row;
use crate::core::pages::Machine;
use crate::core::rules::patch::SavePlan;
use crate::core::rules::patch::{SaveResult, SaveStep};
use crate::core::wire::body::{Body, Groups, New};
use crate::core::wire::directory::Lookup;
use crate::core::wire::model::Configuration;
use crate::core::wire::response::{Created, GraphError};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// Where the import stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Stage {
    #[default]
    Closed,
    /// The file was read; the tenant's matching configurations are being read.
    Reading,
    /// The file cannot be imported, or the tenant could not be read: nothing was sent.
    Refused(String),
    /// The dry run, waiting for Confirm.
    Ready,
    /// Applying step `at` (an index into the plan's steps).
    Applying { at: usize },
    /// Every step has its result.
    Done,
}

/// How one step ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    /// Part of it was written; says which part, and what to do.
    Partial(String),
    Failed(String),
}

impl Outcome {
    /// Its `data-result` value.
    pub fn as_str(&self) -> &'static str {
        match self {
            Outcome::Done(_) => "done",
            Outcome::Partial(_) => "partial",
            Outcome::Failed(_) => "failed",
        }
    }

    pub fn text(&self) -> &str {
        match self {
            Outcome::Done(t) | Outcome::Partial(t) | Outcome::Failed(t) => t,
        }
    }
}

/// Everything the admin does, and everything I/O reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Export these configurations (their rows in the list), with or without check-in data.
    Export {
        rows: Vec<Row>,
        with_checkins: bool,
        source: Source,
        at: String,
    },
    /// The configurations to export, read whole, and the names of their groups (by lower-case
    /// id) where the directory could say.
    ExportRead((Reads, HashMap<String, String>)),
    /// A file was picked: its name, its text, and the tenant's rows now.
    Open {
        file: String,
        text: String,
        rows: Vec<Row>,
    },
    /// A file was picked that is larger than [`MAX_FILE_BYTES`]: refused unread.
    TooBig {
        file: String,
        bytes: u64,
    },
    /// The tenant's matching configurations, read whole (or why one could not be).
    TargetsRead(Reads),
    /// What the directory says of the file's groups.
    GroupsChecked(Result<Vec<(String, Lookup)>, GraphError>),
    /// A group of the file that this tenant lacks is to be this tenant's group `to` (`name`).
    MapGroup {
        from: String,
        to: String,
        name: String,
    },
    /// Write no assignments at all (each configuration keeps the tenant's; new ones get none).
    SkipAssignments(bool),
    /// Assign the configuration step `step` creates to the groups the dry run lists (`on`), or
    /// create it unassigned: a create's groups are written only when ticked.
    AssignCreated {
        step: usize,
        on: bool,
    },
    /// The admin agrees (or not) to renumber colliding priorities.
    Renumber(bool),
    Confirm,
    Created {
        step: usize,
        result: Result<Created, GraphError>,
    },
    Saved {
        step: usize,
        result: Result<SaveResult, GraphError>,
    },
    Close,
    /// Compare two configurations: what would change if the first became the second.
    Compare {
        rows: [Row; 2],
    },
    /// The two configurations read whole (or why one could not be).
    CompareRead(Reads),
    CloseComparison,
}

/// Two configurations compared: their names, and the differences from the first to the second.
#[derive(Clone, Debug, PartialEq)]
pub enum Comparison {
    Reading,
    Failed(String),
    Ready { from: String, to: String, changes: Vec<crate::core::rules::review::Change> },
}

/// What the runner does.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// Read these configurations whole (`GraphApi::get`, one after another) and their groups'
    /// names; reply with `ExportRead`.
    ReadForExport(Vec<String>),
    /// Offer this file for download.
    Download { name: String, text: String },
    /// Read these configurations whole; reply with `TargetsRead`.
    ReadTargets(Vec<String>),
    /// Look these group ids up in this tenant's directory; reply with `GroupsChecked`.
    CheckGroups(Vec<String>),
    /// Create, then assign when a body is given; reply with `Created`.
    Create { step: usize, body: Body<New>, assign: Option<Body<Groups>> },
    /// `GraphApi::save`; reply with `Saved`.
    Save { step: usize, id: String, plan: SavePlan },
    /// Read the list again (the import changed it).
    ReloadList,
    /// Read these two configurations whole; reply with `CompareRead`.
    ReadForCompare(Vec<String>),
}

/// A group an import step assigns, as the file and this tenant's directory name it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetGroup {
    pub id: String,
    /// The name the file gives it (for a mapped group, the file's group's).
    pub file_name: Option<String>,
    /// What the directory says of it; `None`: it could not be checked (no consent, a failure).
    pub directory: Option<Lookup>,
    /// The file's group it stands in for, when the admin mapped one.
    pub mapped_from: Option<String>,
}

impl TargetGroup {
    /// The name to show: the directory's, never only the file's.
    pub fn shown(&self) -> String {
        match &self.directory {
            Some(Lookup::Name(name)) => name.clone(),
            Some(Lookup::Missing) => format!("{} (not in this tenant)", self.id),
            Some(Lookup::Failed) | None => format!("{} (could not be checked)", self.id),
        }
    }

    /// The file calls it something else than the directory does: a shared backup saying
    /// "Pilot testers" that holds the id of "All Employees".
    pub fn name_differs(&self) -> bool {
        match (&self.directory, &self.file_name, &self.mapped_from) {
            (Some(Lookup::Name(directory)), Some(file), None) => !directory.trim().eq_ignore_ascii_case(file.trim()),
            _ => false,
        }
    }
}

/// The largest backup file read (50 MB); a larger one is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 50_000_000;

/// The export and import state of the list page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Transfer {
    pub stage: Stage,
    /// The picked file's name.
    pub file: String,
    backup: Backup,
    matches: Vec<Match>,
    rows: Vec<Row>,
    entities: Vec<Configuration>,
    pub renumber: bool,
    pub plan: Plan,
    /// One per step, once it ran.
    pub results: Vec<Option<Outcome>>,
    /// Reads the dry run still waits for.
    pending: u8,
    /// What the directory said of the file's groups, by lower-case id.
    lookups: HashMap<String, Lookup>,
    /// Why the groups could not be checked, if they could not.
    pub groups_note: Option<String>,
    /// Groups of the file mapped to this tenant's: id → (id, name).
    mapping: BTreeMap<String, (String, String)>,
    pub skip_assignments: bool,
    /// An export waiting for its reads: where from, when.
    exporting: Option<(Source, String, bool)>,
    /// Why the last export made no file.
    pub export_error: Option<String>,
    /// The create steps whose groups the admin ticked to assign.
    assign_created: BTreeSet<usize>,
    /// Two configurations compared, when asked.
    pub comparison: Option<Comparison>,
    /// The rows an export or a compare is reading: to name one that cannot be read.
    reading: Vec<Row>,
}

/// Configurations read whole one by one: one that cannot be read (deleted since the list, a
/// row Graph sent that the reader refuses) never costs the others.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reads {
    pub read: Vec<Configuration>,
    /// Each configuration that could not be read: its id and why.
    pub unread: Vec<(String, GraphError)>,
}

impl Reads {
    /// What could not be read, one line each, named as `name` names an id.
    pub fn unread_lines(&self, name: impl Fn(&str) -> Option<String>) -> Vec<String> {
        self.unread
            .iter()
            .map(|(id, e)| format!("{}: {}", name(id).unwrap_or_else(|| id.clone()), e.explained()))
            .collect()
    }
}

impl Transfer {}

impl Machine for Transfer {
    type Action = Action;
    type Effect = Effect;

    fn apply(mut self, action: Action) -> (Transfer, Vec<Effect>) {
        let mut effects = Vec::new();
        match action {
            Action::Export { rows, with_checkins, source, at } => {
                if self.exporting.is_none() {
                    self.export_error = None;
                    self.exporting = Some((source, at, with_checkins));
                    effects.push(Effect::ReadForExport(rows.iter().map(|r| r.id.clone()).collect()));
                    self.reading = rows;
                }
            }
            Action::ExportRead(result) => {
                if let Some((source, at, with_checkins)) = self.exporting.take() {
                    let (reads, names) = result;
                    let unread = reads.unread_lines(|id| self.name_of(id));
                    if reads.read.is_empty() && !unread.is_empty() {
                        self.export_error = Some(format!("Nothing was exported. {}", unread.join(" ")));
                    } else {
                        effects.push(Effect::Download {
                            name: backup::file_name(&source, &at),
                            text: backup::export(&reads.read, &source, &at, &names, with_checkins),
                        });
                        if !unread.is_empty() {
                            self.export_error = Some(format!(
                                "Exported {} of {}; not in the file: {}",
                                reads.read.len(),
                                reads.read.len() + unread.len(),
                                unread.join(" ")
                            ));
                        }
                    }
                }
            }
            Action::TooBig { file, bytes } => {
                if !self.is_applying() {
                    self = self.reopened(file, Vec::new());
                    self.stage = Stage::Refused(format!(
                        "This file is {:.1} MB; a backup file may be at most {} MB, so it was not read. Export fewer configurations, or leave the check-in data out.",
                        bytes as f64 / 1e6,
                        MAX_FILE_BYTES / 1_000_000
                    ));
                }
            }
            Action::Open { file, text, rows } => {
                if self.is_applying() {
                    return (self, effects);
                }
                self = self.reopened(file, rows);
                match backup::read(&text) {
                    Err(e) => self.stage = Stage::Refused(e.to_string()),
                    Ok(b) => {
                        self.matches = backup::match_rows(&b.entries, &self.rows);
                        self.backup = b;
                        let ids: Vec<String> =
                            self.matches.iter().filter_map(Match::target).map(str::to_string).collect();
                        let groups: Vec<String> = self.file_groups().into_iter().map(|g| g.id).collect();
                        for (wanted, effect) in [
                            (ids.is_empty(), Effect::ReadTargets(ids)),
                            (groups.is_empty(), Effect::CheckGroups(groups)),
                        ] {
                            if !wanted {
                                self.pending += 1;
                                effects.push(effect);
                            }
                        }
                        self.stage = Stage::Reading;
                        if self.pending == 0 {
                            self.read_one_more();
                        }
                    }
                }
            }
            Action::TargetsRead(reads) => {
                if self.stage == Stage::Reading {
                    // The dry run shows what each write does to the tenant's copy: without
                    // every copy it would show less than it writes, so it sends nothing.
                    let unread = reads.unread_lines(|id| self.name_of(id));
                    if unread.is_empty() {
                        self.entities = reads.read;
                        self.read_one_more();
                    } else {
                        self.stage = Stage::Refused(format!(
                            "Nothing was sent: the dry run needs the tenant's copy of every configuration the file changes, and {} could not be read. {} Open the backup again to retry.",
                            if unread.len() == 1 { "one".to_string() } else { unread.len().to_string() },
                            unread.join(" ")
                        ))
                    }
                }
            }
            Action::GroupsChecked(result) => {
                if self.stage == Stage::Reading {
                    match result {
                        Ok(found) => self.lookups = found.into_iter().map(|(id, l)| (id.to_ascii_lowercase(), l)).collect(),
                        Err(e) if e.status() == Some(403) => {
                            self.groups_note = Some("The file's groups could not be checked in this tenant (the app may not read the directory here): they are assigned by the ids the file gives.".into())
                        }
                        Err(e) => {
                            self.groups_note = Some(format!("The file's groups could not be checked in this tenant ({e}): they are assigned by the ids the file gives."))
                        }
                    }
                    self.read_one_more();
                }
            }
            Action::MapGroup { from, to, name } => {
                if self.stage == Stage::Ready {
                    self.mapping.insert(from.to_ascii_lowercase(), (to.to_ascii_lowercase(), name));
                    self.replan();
                }
            }
            Action::SkipAssignments(on) => {
                if self.stage == Stage::Ready {
                    self.skip_assignments = on;
                    self.replan();
                }
            }
            Action::AssignCreated { step, on } => {
                if self.stage == Stage::Ready {
                    if on {
                        self.assign_created.insert(step);
                    } else {
                        self.assign_created.remove(&step);
                    }
                }
            }
            Action::Renumber(on) => {
                if self.stage == Stage::Ready {
                    self.renumber = on;
                    self.replan();
                }
            }
            Action::Confirm => {
                if self.stage == Stage::Ready && self.blocker().is_none() {
                    self.results = vec![None; self.plan.steps.len()];
                    self.next(0, &mut effects);
                }
            }
            Action::Created { step, result } => {
                if self.stage == (Stage::Applying { at: step }) {
                    let outcome = match result {
                        Err(e) => Outcome::Failed(format!("Not created: {}", e.explained())),
                        Ok(created) if created.unassigned().is_some() => Outcome::Partial(created.summary()),
                        Ok(created) if created.assigned.is_none() && !self.groups(step).is_empty() => {
                            Outcome::Done(format!(
                                "Created (id {}), assigned to no group (its groups were not ticked).",
                                created.configuration.id.unwrap_or_default()
                            ))
                        }
                        Ok(created) => Outcome::Done(created.summary()),
                    };
                    self.results[step] = Some(outcome);
                    self.next(step + 1, &mut effects);
                }
            }
            Action::Saved { step, result } => {
                if self.stage == (Stage::Applying { at: step }) {
                    let outcome = match result {
                        Err(e) => Outcome::Failed(format!("Not updated: {}", e.explained())),
                        Ok(SaveResult { failure: Some((failed, e)), patched, assigned, .. }) => {
                            let mut got: Vec<&str> = patched.iter().map(|p| p.name()).collect();
                            if assigned {
                                got.push("assignments");
                            }
                            let step_name = match failed {
                                SaveStep::Patch => "the update",
                                SaveStep::Assign => "the group assignment",
                                SaveStep::ReadBack => "reading it back",
                            };
                            let saved = if got.is_empty() { "nothing".to_string() } else { got.join(", ") };
                            Outcome::Partial(format!(
                                "Saved {saved}; then {step_name} failed: {} Open it to check.",
                                e.explained()
                            ))
                        }
                        Ok(_) => Outcome::Done("Updated.".into()),
                    };
                    self.results[step] = Some(outcome);
                    self.next(step + 1, &mut effects);
                }
            }
            Action::Compare { rows } => {
                if self.comparison != Some(Comparison::Reading) {
                    self.comparison = Some(Comparison::Reading);
                    effects.push(Effect::ReadForCompare(rows.iter().map(|r| r.id.clone()).collect()));
                    self.reading = rows.to_vec();
                }
            }
            Action::CompareRead(reads) => {
                if self.comparison == Some(Comparison::Reading) {
                    let unread = reads.unread_lines(|id| self.name_of(id));
                    self.comparison = Some(match &reads.read[..] {
                        _ if !unread.is_empty() => {
                            Comparison::Failed(format!("Nothing to compare: {}", unread.join(" ")))
                        }
                        [from, to] => Comparison::Ready {
                            from: from.title().to_string(),
                            to: to.title().to_string(),
                            changes: crate::core::pages::compare::compare(from, to),
                        },
                        _ => Comparison::Failed("Two configurations are needed to compare.".into()),
                    });
                }
            }
            Action::CloseComparison => self.comparison = None,
            Action::Close => {
                if !self.is_applying() {
                    let export_error = self.export_error.take();
                    self = Transfer {
                        export_error,
                        exporting: self.exporting,
                        comparison: self.comparison,
                        ..Transfer::default()
                    };
                }
            }
        }
        (self, effects)
    }
}

impl Transfer {
    /// A fresh import of `file`: what the list page shows beside it (an export's message, a
    /// comparison) stays.
    fn reopened(self, file: String, rows: Vec<Row>) -> Transfer {
        Transfer { file, rows, export_error: self.export_error, comparison: self.comparison, ..Transfer::default() }
    }

    /// The name of a configuration being read (for an export, a compare or the dry run), as the
    /// list showed it.
    fn name_of(&self, id: &str) -> Option<String> {
        self.reading.iter().chain(&self.rows).find(|r| r.id == id).map(|r| r.name.clone())
    }

    /// One of the dry run's reads is in; with the last, the dry run is ready.
    fn read_one_more(&mut self) {
        self.pending = self.pending.saturating_sub(1);
        if self.pending == 0 {
            self.replan();
            self.stage = Stage::Ready;
        }
    }

    /// The entries as they will be applied: groups mapped, or no assignments at all.
    fn entries(&self) -> Vec<Entry> {
        let mut entries = self.backup.entries.clone();
        for e in &mut entries {
            if self.skip_assignments {
                e.groups = None;
            } else if let Some(groups) = &mut e.groups {
                for g in groups.iter_mut() {
                    if let Some((to, name)) = self.mapping.get(&g.id) {
                        *g = Group { id: to.clone(), name: Some(name.clone()) };
                    }
                }
                let mut seen = std::collections::BTreeSet::new();
                groups.retain(|g| seen.insert(g.id.clone()));
            }
        }
        entries
    }

    fn replan(&mut self) {
        self.plan = backup::plan(&self.entries(), &self.matches, &self.rows, &self.entities, self.renumber);
    }

    /// Every group the file names, once, with the first name it gives.
    fn file_groups(&self) -> Vec<Group> {
        let mut out: Vec<Group> = Vec::new();
        for g in self.backup.entries.iter().flat_map(|e| e.groups.iter().flatten()) {
            if !out.iter().any(|o| o.id == g.id) {
                out.push(g.clone());
            }
        }
        out
    }

    /// The groups step `step` assigns (after mapping; none when assignments are skipped), each
    /// as the directory names it.
    pub fn groups(&self, step: usize) -> Vec<TargetGroup> {
        let entries = self.entries();
        let Some(entry) = entries.get(step) else { return Vec::new() };
        let file_groups = self.file_groups();
        let file_name =
            |id: &str| file_groups.iter().find(|g| g.id.eq_ignore_ascii_case(id)).and_then(|g| g.name.clone());
        entry
            .groups
            .iter()
            .flatten()
            .map(|g| {
                let id = g.id.to_ascii_lowercase();
                let mapped_from = self.mapping.iter().find(|(_, (to, _))| to.eq_ignore_ascii_case(&id));
                match mapped_from {
                    // Picked from this tenant's directory by name.
                    Some((from, (_, name))) => TargetGroup {
                        id: g.id.clone(),
                        file_name: file_name(from),
                        directory: Some(Lookup::Name(name.clone())),
                        mapped_from: Some(from.clone()),
                    },
                    None => TargetGroup {
                        id: g.id.clone(),
                        file_name: g.name.clone(),
                        directory: self.lookups.get(&id).cloned(),
                        mapped_from: None,
                    },
                }
            })
            .collect()
    }

    /// Whether step `step` (a create) is to be assigned to its groups.
    pub fn assigns_created(&self, step: usize) -> bool {
        self.assign_created.contains(&step)
    }

    /// The file's groups this tenant does not have, each with the group it is mapped to.
    pub fn missing_groups(&self) -> Vec<(Group, Option<(String, String)>)> {
        self.file_groups()
            .into_iter()
            .filter(|g| self.lookups.get(&g.id) == Some(&Lookup::Missing))
            .map(|g| {
                let mapped = self.mapping.get(&g.id).cloned();
                (g, mapped)
            })
            .collect()
    }

    /// Why Confirm must wait, if it must.
    pub fn blocker(&self) -> Option<String> {
        let unmapped = self.missing_groups().iter().filter(|(_, m)| m.is_none()).count();
        (unmapped > 0 && !self.skip_assignments).then(|| {
            format!("{unmapped} group(s) of the file do not exist in this tenant: pick a group for each, or skip assignments.")
        })
    }

    /// Starts the first step from `from` that sends something; when none is left, done.
    fn next(&mut self, from: usize, effects: &mut Vec<Effect>) {
        for at in from..self.plan.steps.len() {
            let step = &self.plan.steps[at];
            let effect = match (step.kind, &step.create, &step.save, &step.target) {
                (Kind::Create, Some((body, assign)), _, _) => Effect::Create {
                    step: at,
                    body: body.clone(),
                    assign: assign.clone().filter(|_| self.assign_created.contains(&at)),
                },
                (Kind::Update, _, Some(plan), Some(id)) => {
                    Effect::Save { step: at, id: id.clone(), plan: plan.clone() }
                }
                _ => continue,
            };
            self.stage = Stage::Applying { at };
            effects.push(effect);
            return;
        }
        self.stage = Stage::Done;
        effects.push(Effect::ReloadList);
    }

    pub fn is_applying(&self) -> bool {
        matches!(self.stage, Stage::Applying { .. })
    }

    pub fn is_exporting(&self) -> bool {
        self.exporting.is_some()
    }

    /// "n of m" while applying: the step running, counted among those that send.
    pub fn progress(&self) -> Option<(usize, usize)> {
        let Stage::Applying { at } = self.stage else { return None };
        let sending = |s: &&backup::Step| matches!(s.kind, Kind::Create | Kind::Update);
        let done = self.plan.steps[..at].iter().filter(sending).count();
        Some((done + 1, self.plan.steps.iter().filter(sending).count()))
    }

    /// Where the file came from, for the dialog.
    pub fn source(&self) -> Option<&Source> {
        self.backup.source.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pages::backup::FORMAT;
    use crate::core::wire::model::{Property, CONFIGURATION_TYPE};
    use crate::core::wire::response::GraphErrorDetail;
    use serde_json::json;

    fn created(configuration: Configuration, assigned: Option<Result<(), GraphError>>) -> Created {
        Created { configuration, assigned }
    }

    fn config(id: &str, name: &str, priority: i64) -> Configuration {
        Configuration::from_value(json!({
            "@odata.type": CONFIGURATION_TYPE, "id": id, "displayName": name, "priority": priority, "assignments": []
        }))
        .unwrap()
    }

    fn tenant() -> Vec<Configuration> {
        vec![config("a", "Alpha", 0), config("b", "Beta", 1)]
    }

    /// Every configuration of the tenant, read.
    fn every() -> Reads {
        Reads { read: tenant(), unread: vec![] }
    }

    fn rows() -> Vec<Row> {
        tenant().iter().map(Row::of).collect()
    }

    fn status(code: u16) -> GraphError {
        GraphError::Graph(Box::new(GraphErrorDetail { status: code, code: "x".into(), ..Default::default() }))
    }

    /// A file that renames Alpha, leaves Beta, and brings Gamma and Delta.
    fn file() -> String {
        json!({"format": FORMAT, "formatVersion": 1, "configurations": [
            {"id": "a", "displayName": "Alpha 2"},
            {"id": "b", "displayName": "Beta"},
            {"displayName": "Gamma", "priority": 5},
            {"displayName": "Delta", "priority": 6, "assignments": [{"groupId": "0f8fad5b-d9cb-469f-a165-70867728950e", "groupName": "Pilot testers"}]},
        ]})
        .to_string()
    }

    fn run(t: Transfer, actions: Vec<Action>) -> (Transfer, Vec<Effect>) {
        actions.into_iter().fold((t, Vec::new()), |(t, _), a| t.apply(a))
    }

    fn opened() -> (Transfer, Vec<Effect>) {
        Transfer::default().apply(Action::Open { file: "backup.json".into(), text: file(), rows: rows() })
    }

    const DELTA_GROUP: &str = "0f8fad5b-d9cb-469f-a165-70867728950e";

    fn ready() -> Transfer {
        let found = vec![(DELTA_GROUP.to_string(), Lookup::Name("Finance".into()))];
        run(opened().0, vec![Action::TargetsRead(every()), Action::GroupsChecked(Ok(found))]).0
    }

    #[test]
    fn a_bad_file_is_refused_and_nothing_is_read_or_sent() {
        let (t, effects) =
            Transfer::default().apply(Action::Open { file: "x.json".into(), text: "{".into(), rows: rows() });
        assert!(matches!(&t.stage, Stage::Refused(m) if m.contains("not JSON")), "{:?}", t.stage);
        assert!(effects.is_empty());
        let (t, effects) = t.apply(Action::Confirm);
        assert!(effects.is_empty(), "Confirm does nothing for a refused file");
        assert_eq!(t.apply(Action::Close).0.stage, Stage::Closed);
    }

    #[test]
    fn the_dry_run_reads_the_matched_configurations_first() {
        let (t, effects) = opened();
        assert_eq!(t.stage, Stage::Reading);
        assert_eq!(
            effects,
            [Effect::ReadTargets(vec!["a".into(), "b".into()]), Effect::CheckGroups(vec![DELTA_GROUP.into()])]
        );
        let t = t.apply(Action::TargetsRead(every())).0;
        assert_eq!(t.stage, Stage::Reading, "the groups are still being checked");
        let t = t.apply(Action::GroupsChecked(Err(status(403)))).0;
        assert_eq!(t.stage, Stage::Ready);
        assert!(t.groups_note.as_deref().unwrap().contains("could not be checked"), "no consent: said, not refused");
        let kinds: Vec<&str> = t.plan.steps.iter().map(|s| s.kind.as_str()).collect();
        assert_eq!(kinds, ["update", "unchanged", "create", "create"]);
        let one_gone = Reads { read: vec![tenant().remove(0)], unread: vec![("b".into(), status(404))] };
        let failed = opened().0.apply(Action::TargetsRead(one_gone)).0;
        let Stage::Refused(said) = &failed.stage else { panic!("{:?}", failed.stage) };
        assert!(said.starts_with("Nothing was sent"), "{said}");
        assert!(said.contains("Beta: Graph answered 404"), "names the one it could not read: {said}");
    }

    #[test]
    fn applying_goes_one_at_a_time_and_a_failure_does_not_stop_the_rest() {
        let (t, effects) = run(ready(), vec![Action::AssignCreated { step: 3, on: true }, Action::Confirm]);
        assert_eq!(t.progress(), Some((1, 3)));
        let Effect::Save { step: 0, id, plan } = &effects[0] else { panic!("{effects:?}") };
        assert_eq!(id, "a");
        assert_eq!(plan.properties, [Property::DisplayName]);
        let (t, effects) = t.apply(Action::Saved { step: 0, result: Err(status(403)) });
        assert!(matches!(&effects[..], [Effect::Create { step: 2, .. }]), "Beta is unchanged: skipped");
        assert_eq!(t.progress(), Some((2, 3)));
        let (t, effects) = t.apply(Action::Created { step: 2, result: Ok(created(config("c", "Gamma", 5), None)) });
        let Effect::Create { step: 3, assign: Some(_), .. } = &effects[0] else { panic!("{effects:?}") };
        let (t, effects) =
            t.apply(Action::Created { step: 3, result: Ok(created(config("d", "Delta", 6), Some(Err(status(400))))) });
        assert_eq!(effects, [Effect::ReloadList]);
        assert_eq!(t.stage, Stage::Done);
        let results: Vec<Option<&str>> = t.results.iter().map(|r| r.as_ref().map(Outcome::as_str)).collect();
        assert_eq!(results, [Some("failed"), None, Some("done"), Some("partial")]);
        assert!(t.results[0].as_ref().unwrap().text().starts_with("Not updated: Graph answered 403"));
        assert!(t.results[3].as_ref().unwrap().text().contains("Created (id d), but its groups were not assigned"));
    }

    #[test]
    fn each_group_is_shown_as_the_directory_names_it_and_a_create_assigns_only_when_ticked() {
        // The file says "Pilot testers"; the directory says the id is "All Employees".
        let found = vec![(DELTA_GROUP.to_string(), Lookup::Name("All Employees".into()))];
        let t = run(opened().0, vec![Action::TargetsRead(every()), Action::GroupsChecked(Ok(found))]).0;
        let groups = t.groups(3);
        assert_eq!(groups.len(), 1);
        assert_eq!(groups[0].shown(), "All Employees", "the directory's name, not the file's");
        assert_eq!(groups[0].file_name.as_deref(), Some("Pilot testers"));
        assert!(groups[0].name_differs(), "flagged");
        assert!(t.groups(2).is_empty());
        // Unticked: created without its groups, and said so.
        let (t, effects) = run(t, vec![Action::Confirm]).0.apply(Action::Saved { step: 0, result: Err(status(403)) });
        let (t, effects) = match &effects[..] {
            [Effect::Create { step: 2, .. }] => {
                t.apply(Action::Created { step: 2, result: Ok(created(config("c", "Gamma", 5), None)) })
            }
            other => panic!("{other:?}"),
        };
        let [Effect::Create { step: 3, assign: None, .. }] = &effects[..] else { panic!("{effects:?}") };
        let t = t.apply(Action::Created { step: 3, result: Ok(created(config("d", "Delta", 6), None)) }).0;
        assert!(t.results[3].as_ref().unwrap().text().contains("assigned to no group"));
        // Could not be checked (no consent): said so, by id.
        let unchecked = run(opened().0, vec![Action::TargetsRead(every()), Action::GroupsChecked(Err(status(403)))]).0;
        let groups = unchecked.groups(3);
        assert_eq!(groups[0].shown(), format!("{DELTA_GROUP} (could not be checked)"));
        assert!(!groups[0].name_differs());
    }

    #[test]
    fn a_save_that_got_part_of_the_way_says_which_part() {
        let t = ready().apply(Action::Confirm).0;
        let result = SaveResult {
            entity: None,
            assignments: None,
            patched: vec![Property::DisplayName],
            assigned: false,
            failure: Some((SaveStep::ReadBack, status(500))),
        };
        let t = t.apply(Action::Saved { step: 0, result: Ok(result) }).0;
        let outcome = t.results[0].clone().unwrap();
        assert_eq!(outcome.as_str(), "partial");
        assert!(outcome.text().starts_with("Saved displayName; then reading it back failed"), "{}", outcome.text());
    }

    #[test]
    fn while_applying_the_dialog_stays_and_late_answers_are_ignored() {
        let (t, _) = ready().apply(Action::Confirm);
        let (t, effects) = run(t, vec![Action::Close, Action::Open { file: "y".into(), text: file(), rows: rows() }]);
        assert!(t.is_applying() && effects.is_empty());
        let (t, effects) = t.apply(Action::Created { step: 3, result: Ok(created(config("x", "X", 9), None)) });
        assert!(effects.is_empty() && t.progress() == Some((1, 3)), "an answer for another step changes nothing");
    }

    #[test]
    fn groups_this_tenant_lacks_are_mapped_or_skipped_before_anything_is_sent() {
        let found = vec![(DELTA_GROUP.to_string(), Lookup::Missing)];
        let t = run(opened().0, vec![Action::TargetsRead(every()), Action::GroupsChecked(Ok(found))]).0;
        assert_eq!(t.missing_groups().len(), 1);
        assert!(t.blocker().unwrap().starts_with("1 group(s) of the file do not exist"));
        let (t, effects) = t.apply(Action::Confirm);
        assert!(effects.is_empty() && t.stage == Stage::Ready, "Confirm waits");
        let other = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        let mapped = t
            .clone()
            .apply(Action::MapGroup { from: DELTA_GROUP.into(), to: other.into(), name: "Finance EU".into() })
            .0;
        assert_eq!(mapped.blocker(), None);
        let delta = &mapped.plan.steps[3];
        assert_eq!(
            delta.create.as_ref().unwrap().1.as_ref().unwrap().json()["officeConfigurationAssignments"][0]["target"]
                ["groupId"],
            other
        );
        let skipped = t.apply(Action::SkipAssignments(true)).0;
        assert_eq!(skipped.blocker(), None);
        assert_eq!(skipped.plan.steps[3].create.as_ref().unwrap().1, None, "no assign for the new one");
        let (_, effects) = skipped.apply(Action::Confirm);
        assert!(matches!(effects[..], [Effect::Save { .. }]));
    }

    #[test]
    fn two_configurations_are_compared_as_the_review_shows_changes() {
        let [a, b] = [rows().remove(0), rows().remove(1)];
        let (t, effects) = Transfer::default().apply(Action::Compare { rows: [a.clone(), b.clone()] });
        assert_eq!(effects, [Effect::ReadForCompare(vec!["a".into(), "b".into()])]);
        let t = t.apply(Action::CompareRead(every())).0;
        let Some(Comparison::Ready { from, to, changes }) = &t.comparison else { panic!("{:?}", t.comparison) };
        assert_eq!((from.as_str(), to.as_str()), ("Alpha", "Beta"));
        let properties: Vec<Property> = changes.iter().map(|c| c.property).collect();
        assert_eq!(properties, [Property::DisplayName, Property::Priority]);
        assert_eq!(t.apply(Action::CloseComparison).0.comparison, None);
        let one_gone = Reads { read: vec![tenant().remove(0)], unread: vec![("b".into(), status(404))] };
        let failed =
            Transfer::default().apply(Action::Compare { rows: [a, b] }).0.apply(Action::CompareRead(one_gone)).0;
        let Some(Comparison::Failed(said)) = failed.comparison else { panic!("{:?}", failed.comparison) };
        assert!(
            said.starts_with("Nothing to compare: Beta: Graph answered 404"),
            "names the one it could not read: {said}"
        );
    }

    #[test]
    fn a_file_over_50_mb_is_refused_unread_with_its_size() {
        let (t, effects) = Transfer::default().apply(Action::TooBig { file: "huge.json".into(), bytes: 73_400_320 });
        assert!(effects.is_empty());
        assert_eq!(t.file, "huge.json");
        let Stage::Refused(said) = &t.stage else { panic!("{:?}", t.stage) };
        assert!(said.starts_with("This file is 73.4 MB; a backup file may be at most 50 MB"), "{said}");
    }

    #[test]
    fn renumbering_is_the_admins_choice() {
        let text =
            json!({"format": FORMAT, "formatVersion": 1, "configurations": [{"displayName": "Gamma", "priority": 1}]})
                .to_string();
        let t = Transfer::default().apply(Action::Open { file: "f".into(), text, rows: rows() }).0;
        assert_eq!(t.stage, Stage::Ready, "nothing to read: a create only");
        assert_eq!(t.plan.collisions.len(), 1);
        let t = t.apply(Action::Renumber(true)).0;
        assert_eq!(t.plan.steps[0].renumbered_from, Some(1));
        assert_eq!(t.plan.steps[0].priority, Some(2));
    }

    #[test]
    fn an_export_reads_then_offers_one_file() {
        let source = Source { cloud: "global".into(), tenant: "contoso".into() };
        let export = Action::Export { rows: rows(), with_checkins: false, source, at: "2026-11-29T10:00:00Z".into() };
        let (t, effects) = Transfer::default().apply(export.clone());
        assert_eq!(effects, [Effect::ReadForExport(vec!["a".into(), "b".into()])]);
        assert!(t.is_exporting());
        assert!(t.clone().apply(export.clone()).1.is_empty(), "one export at a time");
        let names = HashMap::from([("g".to_string(), "Finance".to_string())]);
        let (t, effects) = t.apply(Action::ExportRead((Reads { read: tenant(), unread: vec![] }, names.clone())));
        let [Effect::Download { name, text }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(name, "office-configurations-global-contoso-2026-11-29.json");
        assert_eq!(crate::core::pages::backup::read(text).unwrap().entries.len(), 2);
        assert_eq!(t.export_error, None);
        let none = Reads { read: vec![], unread: vec![("a".into(), status(429)), ("b".into(), status(429))] };
        let (t, effects) = t.apply(export.clone()).0.apply(Action::ExportRead((none, HashMap::new())));
        assert!(effects.is_empty());
        assert!(t.export_error.clone().unwrap().starts_with("Nothing was exported. Alpha: Graph answered 429"));
        // One that cannot be read (deleted since the list) never costs the others.
        let some = Reads { read: vec![tenant().remove(0)], unread: vec![("b".into(), status(404))] };
        let (t, effects) = t.apply(export).0.apply(Action::ExportRead((some, names)));
        let [Effect::Download { text, .. }] = &effects[..] else { panic!("{effects:?}") };
        assert_eq!(crate::core::pages::backup::read(text).unwrap().entries.len(), 1);
        let said = t.export_error.unwrap();
        assert!(
            said.starts_with("Exported 1 of 2; not in the file: Beta: Graph answered 404"),
            "named as listed: {said}"
        );
    }
}
