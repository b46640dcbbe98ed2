//! The editor session: one open configuration and everything that happens to it, as a pure
//! state machine, `Session::apply(self, Action) -> (Session, Vec<Effect>)`.
//!
//! The admin's clicks and the answers of I/O come in as [`Action`]s; what to do next (read
//! the configuration, send a save, wait before a retry, keep the draft in storage) goes out as
//! [`Effect`]s, which `app::session` runs and answers with actions. The form itself is
//! [`EditorState`]; this machine owns the order of things around it. Nothing here reads a
//! clock or a random number: answers carry the [`Moment`] they arrived at.
//!
//! The rules, each a table test below:
//! - One request at a time. Save does nothing while a request is out (or waiting to be
//!   retried) or while the form cannot be saved; a reload asked for meanwhile runs after it.
//! - Save reads the configuration again first. Changed content goes to the conflict panel and
//!   nothing is sent; the same content is sent with `If-Match` of the copy just read. A `412`
//!   reads it again, and the editor decides (conflict, or the new version as the base).
//! - A failure `core::rules::retry` allows is retried after a countdown; Cancel ends the wait and the
//!   request fails with `Cancelled`. A save that got partly through keeps only the unsaved rest
//!   as edits, and a retry sends only that rest.
//! - Kept drafts: looked for once per owner and configuration after the first load, offered,
//!   never applied silently; edits are written at most every [`PERSIST_DELAY_MS`] while there
//!   is no offer pending; a write the browser refuses is reported once.

use crate::core::pages::editor::{Action as Edit, EditorState};
use crate::core::pages::report::{Action as ReportAction, Report};
use crate::core::pages::settings_view::{Texts, Tree, TreeAction, TreeEffect};
use crate::core::pages::Machine;
use crate::core::rules::draft::Field;
use crate::core::rules::kept_drafts::{pick_offer, DraftOwner, SavedDraft};
use crate::core::rules::patch::{checkins_changed, SavePlan};
use crate::core::rules::patch::{SaveResult, SaveStep};
use crate::core::rules::retry::{Attempts, Moment, RetryPolicy, Waiting};
use crate::core::rules::review::Review;
use crate::core::wire::model::{Configuration, Property};
use crate::core::wire::request::Method;
use crate::core::wire::response::GraphError;
use std::cell::Cell;
use std::rc::Rc;

/// Rows per page of the check-in table; large tenants have thousands.
pub const CHECKIN_ROWS: usize = 25;

/// How long edits wait before they are written to storage.
pub const PERSIST_DELAY_MS: u32 = 400;

/// A request to Graph the session has out (or is waiting to retry).
#[derive(Clone, Debug, PartialEq)]
pub enum Request {
    /// Read the configuration to show it.
    Load,
    /// Read it again before a save, to compare.
    Recheck,
    /// Send a save.
    Send(SavePlan),
    /// Read it again after Graph refused a PATCH with this `412`.
    Reread(GraphError),
}

impl Request {
    /// The method whose retry rules apply: a save that sends nothing only reads back.
    fn method(&self) -> Method {
        match self {
            Request::Send(plan) if plan.patch.is_some() || !plan.streams.is_empty() => Method::Patch,
            Request::Send(plan) if plan.assign.is_some() => Method::Post,
            _ => Method::Get,
        }
    }

    fn effect(&self) -> Effect {
        match self {
            Request::Load => Effect::Load,
            Request::Recheck => Effect::Recheck,
            Request::Send(plan) => Effect::Send(Box::new(plan.clone())),
            Request::Reread(_) => Effect::Reread,
        }
    }
}

/// Everything the admin does, and everything I/O reports back.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The page opened, or the account signed in changed: read the configuration. Kept drafts
    /// belong to `owner` (none while nobody is signed in) and this `tab`.
    Open {
        owner: Option<DraftOwner>,
        tab: String,
    },
    /// An edit of the form (a field, a row, Discard, a conflict choice). Actions that report
    /// I/O are not edits and are ignored here.
    Edit(Edit),
    /// Save: the server is checked first, then (unless the admin turned reviews off) the review
    /// is shown, and nothing is sent before `ConfirmSave`.
    Save,
    /// Send exactly what the review shows.
    ConfirmSave,
    /// Close the review; nothing is sent, every edit stays.
    CancelSave,
    /// Whether Save shows the review first (a per-browser choice).
    ReviewFirst(bool),
    /// Whether this tenant's Graph takes payloads only with `PUT` to their own URLs (learnt
    /// from a refusal, kept per browser).
    StreamsSeparately(bool),
    /// Read the configuration again (after another tab saved it).
    Reload,
    /// The answer to `Effect::Load`, `Recheck` or `Reread`.
    Fetched {
        result: Result<Configuration, GraphError>,
        at: Moment,
    },
    /// The answer to `Effect::Send`.
    Sent {
        result: Result<SaveResult, GraphError>,
        at: Moment,
    },
    /// The clock, while a retry waits (for the countdown).
    Tick {
        now_ms: f64,
    },
    /// The wait of `Effect::WaitRetry` is over.
    RetryDue,
    /// The admin cancelled the retry that is waiting.
    CancelRetry,
    /// An action of the check-in report (its filter, sort, scroll, and the switch to the
    /// form's controls).
    Report(ReportAction),
    /// An action of a payload's Settings view (`Field::PolicyPayload` or
    /// `Field::UserPreferencePayload`); an edit made there is the payload's new text.
    Settings {
        field: Field,
        action: TreeAction,
    },
    /// The answer to `Effect::LookForKept`: every readable kept draft of this configuration of
    /// this owner, and the tabs open now.
    KeptFound {
        candidates: Vec<(String, SavedDraft)>,
        live_tabs: Vec<String>,
    },
    RestoreKept,
    DiscardKept,
    /// The delay of `Effect::SchedulePersist` is over; `now` is ISO 8601.
    PersistDue {
        now: String,
    },
    /// The browser refused to keep the draft (storage full or turned off).
    PersistFailed,
    /// A tab saved this configuration at `at` (heard through storage).
    SavedElsewhere {
        tab: String,
        at: String,
    },
    ShowCheckinPage(usize),
}

/// What the session asks the outside world to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    /// GET the configuration; answer `Fetched`.
    Load,
    Recheck,
    Reread,
    /// Run one save (PATCH, assign, read back); answer `Sent`.
    Send(Box<SavePlan>),
    /// Count down to `until_ms` with `Tick`s, then answer `RetryDue`.
    WaitRetry {
        until_ms: f64,
    },
    /// Stop the countdown: no `RetryDue` may follow.
    CancelRetry,
    /// Read the kept drafts under `prefix` and the live tabs; answer `KeptFound`.
    LookForKept {
        prefix: String,
    },
    /// Answer `PersistDue` after `ms`.
    SchedulePersist {
        ms: u32,
    },
    /// Keep this draft; answer `PersistFailed` if the browser will not.
    PersistDraft {
        key: String,
        saved: Box<SavedDraft>,
    },
    ForgetDraft {
        key: String,
    },
    /// Tell other tabs this configuration was saved (write the signal under `key`).
    AnnounceSaved {
        key: String,
        tab: String,
    },
    /// Remember that this tenant's Graph refuses payloads inline.
    RememberStreamsSeparately,
    /// What a payload's Settings view asks for.
    Settings {
        field: Field,
        effect: TreeEffect,
    },
}

/// Kept drafts, as far as this session knows.
#[derive(Clone, Debug, Default, PartialEq)]
struct Kept {
    /// The prefix last looked under (one owner, this configuration).
    looked_under: Option<String>,
    /// Whether the answer to that look has come.
    found: bool,
    offer: Option<(String, SavedDraft)>,
    write_scheduled: bool,
    not_kept: Option<NotKept>,
}

/// Why the edits are not being kept in this browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotKept {
    /// The browser refused the write (storage full or turned off).
    Refused,
    /// The draft is larger than the browser's storage takes: it is not written at all (writing
    /// megabytes would stall the page and fail anyway).
    TooLarge { bytes: usize },
}

/// The largest draft (payload text of the copy it was made on and of the edits) that is kept:
/// localStorage holds about 5 MB per site, stored as UTF-16.
pub const KEEP_LIMIT_BYTES: usize = 2 * 1024 * 1024;

/// One open configuration.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Session {
    pub id: String,
    /// The Graph it reads and writes (the review shows its URLs).
    base_url: String,
    /// The form.
    pub editor: EditorState,
    policy: RetryPolicy,
    owner: Option<DraftOwner>,
    tab: String,
    /// The request out now, or waiting to be retried.
    request: Option<Request>,
    attempts: Attempts,
    waiting: Option<Waiting>,
    now_ms: f64,
    reload_next: bool,
    /// What the save being run has saved so far, and the step that last failed.
    saved_so_far: Vec<Property>,
    failed_step: Option<SaveStep>,
    kept: Kept,
    saved_elsewhere: Option<String>,
    checkin_page: usize,
    skip_review: bool,
    streams_separately: bool,
    /// The Settings view of each payload, in `PAYLOADS` order.
    settings: [Tree; 2],
    /// The check-in report of this configuration's rows.
    pub report: Report,
    /// Whether the check-in rows differ from Graph's, for the rows (by id) it was worked out for.
    checkins_differ: Cell<Option<(u64, u64, bool)>>,
}

/// The payloads that have a Settings view.
const PAYLOADS: [Field; 2] = [Field::PolicyPayload, Field::UserPreferencePayload];

impl Session {
    pub fn new(id: &str, base_url: &str, policy: RetryPolicy) -> Session {
        Session { id: id.to_string(), base_url: base_url.to_string(), policy, ..Default::default() }
    }
}

impl Machine for Session {
    type Action = Action;
    type Effect = Effect;

    /// Applies one action: the next state, and what to do; then each Settings view on screen
    /// asks for the work its texts need.
    fn apply(self, action: Action) -> (Session, Vec<Effect>) {
        let (mut session, mut fx) = self.act(action);
        for field in PAYLOADS {
            let (value, loaded, unparsable) = session.tree_texts(field);
            let texts = Texts { value: &value, loaded: &loaded, unparsable };
            let asked = session.settings[tree_at(field)].want(&texts);
            fx.extend(asked.into_iter().map(|effect| Effect::Settings { field, effect }));
        }
        (session, fx)
    }
}

impl Session {
    fn act(mut self, action: Action) -> (Session, Vec<Effect>) {
        let mut fx = Vec::new();
        match action {
            Action::Open { owner, tab } => {
                self.owner = owner;
                self.tab = tab;
                self.start(Request::Load, &mut fx);
            }
            // While a review is open the form is what it shows: no edit changes it.
            Action::Edit(_) if self.editor.review().is_some() => {}
            Action::Edit(edit) if edit.is_edit() => {
                if edit == Edit::AddCheckinStatus {
                    self.checkin_page = self.editor.draft.checkin_statuses.len() / CHECKIN_ROWS;
                }
                self.edit(edit);
                self.schedule_persist(&mut fx);
            }
            Action::Edit(_) => {}
            Action::Save => {
                if self.request.is_none() && self.editor.can_save() {
                    self.edit(Edit::SaveStarted);
                    self.saved_so_far.clear();
                    self.failed_step = None;
                    self.start(Request::Recheck, &mut fx);
                }
            }
            Action::ConfirmSave => {
                if let Some(plan) = self.editor.review().cloned() {
                    self.edit(Edit::Sending);
                    self.start(Request::Send(plan), &mut fx);
                }
            }
            Action::CancelSave => self.edit(Edit::CancelReview),
            Action::ReviewFirst(on) => self.skip_review = !on,
            Action::StreamsSeparately(on) => self.streams_separately = on,
            Action::Reload => {
                self.saved_elsewhere = None;
                self.start(Request::Load, &mut fx);
            }
            Action::Fetched { result, at } => self.fetched(result, at, &mut fx),
            Action::Sent { result, at } => self.sent(result, at, &mut fx),
            Action::Tick { now_ms } => self.now_ms = now_ms,
            Action::RetryDue => {
                if self.waiting.take().is_some() {
                    if let Some(request) = &self.request {
                        fx.push(request.effect());
                    }
                }
            }
            Action::CancelRetry => {
                if self.waiting.take().is_some() {
                    fx.push(Effect::CancelRetry);
                    if let Some(request) = self.request.take() {
                        self.give_up(request, GraphError::Cancelled, &mut fx);
                    }
                }
            }
            Action::KeptFound { candidates, live_tabs } => {
                self.kept.found = true;
                self.kept.offer = pick_offer(&self.tab, &live_tabs, &candidates).cloned();
            }
            Action::RestoreKept => {
                if let Some((key, saved)) = self.kept.offer.take() {
                    // Another tab's draft becomes this tab's: it is written again under this tab's key.
                    if Some(&key) != self.own_key().as_ref() {
                        fx.push(Effect::ForgetDraft { key });
                    }
                    self.edit(Edit::RestoreDraft { base: saved.base, draft: saved.draft });
                    self.schedule_persist(&mut fx);
                }
            }
            Action::DiscardKept => {
                if let Some((key, _)) = self.kept.offer.take() {
                    fx.push(Effect::ForgetDraft { key });
                    self.schedule_persist(&mut fx);
                }
            }
            Action::PersistDue { now } => {
                let scheduled = std::mem::take(&mut self.kept.write_scheduled);
                let bytes = self.payload_bytes();
                if let (true, Some(key), true) = (scheduled, self.own_key(), self.may_persist()) {
                    if bytes > KEEP_LIMIT_BYTES {
                        // An older, smaller copy must not be offered later as the latest.
                        self.kept.not_kept = Some(NotKept::TooLarge { bytes });
                        fx.push(Effect::ForgetDraft { key });
                        return (self, fx);
                    }
                    if matches!(self.kept.not_kept, Some(NotKept::TooLarge { .. })) {
                        self.kept.not_kept = None;
                    }
                    let saved = SavedDraft {
                        saved_at: now,
                        base_last_modified: self.editor.entity.as_ref().and_then(|e| e.last_modified_date_time.clone()),
                        base: self.editor.loaded.clone(),
                        draft: self.editor.draft.clone(),
                    };
                    fx.push(if saved.has_edits() {
                        Effect::PersistDraft { key, saved: Box::new(saved) }
                    } else {
                        Effect::ForgetDraft { key }
                    });
                }
            }
            Action::PersistFailed => self.kept.not_kept = Some(NotKept::Refused),
            Action::SavedElsewhere { tab, at } => {
                if tab != self.tab {
                    self.saved_elsewhere = Some(at);
                }
            }
            Action::ShowCheckinPage(page) => self.checkin_page = page,
            // While a review is open the form is what it shows: no edit changes it.
            Action::Settings { action: TreeAction::Edit(_), .. } if self.editor.review().is_some() => {}
            Action::Settings { field, action } if PAYLOADS.contains(&field) => {
                let (value, loaded, unparsable) = self.tree_texts(field);
                let texts = Texts { value: &value, loaded: &loaded, unparsable };
                let (made, asked) = self.settings[tree_at(field)].apply(action, &texts);
                fx.extend(asked.into_iter().map(|effect| Effect::Settings { field, effect }));
                if let Some(text) = made {
                    let (session, more) = self.act(Action::Edit(Edit::SetPayload { field, text }));
                    fx.extend(more);
                    return (session, fx);
                }
            }
            Action::Settings { .. } => {}
            Action::Report(action) => {
                // Unsaved check-in edits keep the controls shown.
                if action != ReportAction::Edit(false) || !self.checkin_controls().1 {
                    self.report = std::mem::take(&mut self.report).apply(action);
                }
            }
        }
        (self, fx)
    }

    /// Whether the check-in rows show as the form's controls, and whether they must: check-in
    /// edits not saved yet keep them shown. Only the controls edit rows in place, so outside
    /// them the answer holds until the rows are replaced (a load, a restore, a discard), and
    /// 5,000 rows are not compared again on every action.
    pub fn checkin_controls(&self) -> (bool, bool) {
        let (loaded, draft) = (&self.editor.loaded, &self.editor.draft);
        let ids = (loaded.checkin_statuses.id(), draft.checkin_statuses.id());
        let changed = match self.checkins_differ.get() {
            Some((l, d, changed)) if !self.report.editing && (l, d) == ids => changed,
            _ => {
                let changed = checkins_changed(loaded, draft);
                self.checkins_differ.set(Some((ids.0, ids.1, changed)));
                changed
            }
        };
        (self.report.editing || changed, changed)
    }

    /// The Settings view of a payload (`None` for any other field), and whether the rows it
    /// shows are of the texts now (else they are older, and read-only until its work is done).
    pub fn tree(&self, field: Field) -> Option<(&Tree, bool)> {
        let tree = &self.settings[PAYLOADS.iter().position(|f| *f == field)?];
        let (value, loaded, unparsable) = self.tree_texts(field);
        Some((tree, tree.fresh(&Texts { value: &value, loaded: &loaded, unparsable })))
    }

    /// A payload's text, Graph's, and whether the payload's is not JSON (its error has a place).
    fn tree_texts(&self, field: Field) -> (Rc<str>, Rc<str>, bool) {
        let text = |draft: &crate::core::rules::draft::Draft| draft.shared(field).unwrap_or_else(|| Rc::from(""));
        let unparsable = self.editor.errors.get(&field).is_some_and(|e| e.position().is_some());
        (text(&self.editor.draft), text(&self.editor.loaded), unparsable)
    }
}

/// Where a payload's Settings view is in `Session::settings` (asked only of `PAYLOADS`).
fn tree_at(field: Field) -> usize {
    PAYLOADS.iter().position(|f| *f == field).unwrap_or_default()
}

impl Session {
    fn edit(&mut self, edit: Edit) {
        self.editor = std::mem::take(&mut self.editor).apply(edit);
    }

    /// Sends `request` now, unless one is out: then only a reload is remembered, for after it.
    fn start(&mut self, request: Request, fx: &mut Vec<Effect>) {
        if self.request.is_some() {
            self.reload_next |= request == Request::Load;
            return;
        }
        if request == Request::Load {
            self.edit(Edit::LoadStarted);
        }
        fx.push(request.effect());
        self.attempts = Attempts::first();
        self.request = Some(request);
    }

    /// Waits before retrying the request out now, when `core::rules::retry` allows; `false` to give up.
    fn retry_later(&mut self, method: Method, error: &GraphError, at: Moment, fx: &mut Vec<Effect>) -> bool {
        match self.attempts.after_failure(&self.policy, method, error, at.now_ms, at.jitter) {
            Some(waiting) => {
                self.now_ms = at.now_ms;
                fx.push(Effect::WaitRetry { until_ms: waiting.until_ms });
                self.waiting = Some(waiting);
                true
            }
            None => false,
        }
    }

    fn fetched(&mut self, result: Result<Configuration, GraphError>, at: Moment, fx: &mut Vec<Effect>) {
        let Some(request) = self.request.clone().filter(|r| !matches!(r, Request::Send(_))) else { return };
        if self.waiting.is_some() {
            return;
        }
        if let Err(error) = &result {
            if self.retry_later(Method::Get, error, at, fx) {
                return;
            }
        }
        self.request = None;
        match (request, result) {
            (Request::Load, result) => {
                let loaded = result.is_ok();
                self.edit(Edit::LoadFinished(result));
                if loaded {
                    self.look_for_kept(fx);
                    self.schedule_persist(fx);
                }
            }
            (Request::Recheck, Ok(fresh)) if self.editor.changed_on_server(&fresh) => {
                self.edit(Edit::ConflictFound(fresh));
            }
            (Request::Recheck, Ok(fresh)) => {
                let mut plan = self.editor.plan().clone();
                plan.if_match = fresh.etag();
                if self.streams_separately {
                    plan = plan.with_streams_separately(&self.editor.draft);
                }
                if self.skip_review {
                    self.start(Request::Send(plan), fx);
                } else {
                    let (loaded, edited) = (&self.editor.loaded, &self.editor.draft);
                    let review = Review::new(plan, loaded, edited, &self.base_url, &self.id);
                    self.edit(Edit::Review(Box::new(review)));
                }
            }
            (Request::Reread(refusal), Ok(theirs)) => {
                self.edit(Edit::PreconditionFailed { theirs, error: refusal });
                self.schedule_persist(fx);
            }
            (Request::Reread(refusal), Err(_)) => self.fail(refusal),
            (Request::Recheck, Err(error)) => self.fail(error),
            // Filtered out above: a save is answered by `Sent`.
            (Request::Send(_), _) => {}
        }
        self.after_request(fx);
    }

    fn sent(&mut self, result: Result<SaveResult, GraphError>, at: Moment, fx: &mut Vec<Effect>) {
        let Some(request @ Request::Send(_)) = self.request.clone() else { return };
        if self.waiting.is_some() {
            return;
        }
        if let (Err(error), Request::Send(plan)) = (&result, &request) {
            if error.refuses_inline_stream() && !self.streams_separately && plan.has_inline_streams() {
                // Nothing was written: the same save again, with the payloads PUT on their own.
                self.streams_separately = true;
                fx.push(Effect::RememberStreamsSeparately);
                let split = plan.clone().with_streams_separately(&self.editor.draft);
                fx.push(Effect::Send(Box::new(split.clone())));
                self.request = Some(Request::Send(split));
                return;
            }
        }
        let result = match result {
            Err(error) if error.status() == Some(412) => {
                // It changed between the check and the PATCH; nothing was written.
                self.request = None;
                return self.start(Request::Reread(error), fx);
            }
            Err(error) => {
                if !self.retry_later(request.method(), &error, at, fx) {
                    self.request = None;
                    self.fail(error);
                    self.after_request(fx);
                }
                return;
            }
            Ok(result) => result,
        };
        let mut saved_now = result.patched.clone();
        if result.assigned {
            saved_now.push(Property::Assignments);
        }
        let failure = result.failure.clone();
        self.edit(Edit::SaveFinished(Ok(result)));
        self.saved_so_far
            .extend(saved_now.iter().copied().filter(|p| !self.saved_so_far.contains(p)).collect::<Vec<_>>());
        if let (false, Some(owner)) = (saved_now.is_empty(), &self.owner) {
            fx.push(Effect::AnnounceSaved { key: owner.saved_key(&self.id), tab: self.tab.clone() });
        }
        self.schedule_persist(fx);
        match failure {
            Some((step, error)) => {
                self.failed_step = Some(step);
                let method = match step {
                    SaveStep::Patch => Method::Patch,
                    SaveStep::Assign => Method::Post,
                    SaveStep::ReadBack => Method::Get,
                };
                if self.retry_later(method, &error, at, fx) {
                    // Only what is left is sent again (nothing, for a read-back: it only reads).
                    self.edit(Edit::Sending);
                    self.request = Some(Request::Send(self.editor.plan().clone()));
                    return;
                }
                self.request = None;
                self.fail(error);
            }
            None => {
                self.request = None;
                self.edit(Edit::SavedAll(self.saved_so_far.clone()));
            }
        }
        self.after_request(fx);
    }

    /// A request ended without success: the form shows why, with every edit kept.
    fn give_up(&mut self, request: Request, error: GraphError, fx: &mut Vec<Effect>) {
        match request {
            Request::Load => self.edit(Edit::LoadFinished(Err(error))),
            Request::Reread(refusal) => self.fail(refusal),
            Request::Recheck | Request::Send(_) => self.fail(error),
        }
        self.after_request(fx);
    }

    /// The save ends with `error`: a plain failure, or a partial one when something got through.
    fn fail(&mut self, error: GraphError) {
        if self.saved_so_far.is_empty() {
            self.edit(Edit::SaveFinished(Err(error)));
        } else {
            let step = self.failed_step.unwrap_or(SaveStep::Assign);
            self.edit(Edit::SavedPart { saved: self.saved_so_far.clone(), step, error });
        }
    }

    fn after_request(&mut self, fx: &mut Vec<Effect>) {
        if std::mem::take(&mut self.reload_next) {
            self.start(Request::Load, fx);
        }
    }

    fn own_key(&self) -> Option<String> {
        self.owner.as_ref().map(|o| o.key(&self.id, &self.tab))
    }

    /// Drafts are written once the configuration is loaded, for a signed-in owner, and not
    /// while a kept draft is on offer (writing would replace it).
    fn may_persist(&self) -> bool {
        self.owner.is_some() && self.editor.entity.is_some() && self.kept.offer.is_none()
    }

    fn schedule_persist(&mut self, fx: &mut Vec<Effect>) {
        if self.may_persist() && !self.kept.write_scheduled {
            self.kept.write_scheduled = true;
            fx.push(Effect::SchedulePersist { ms: PERSIST_DELAY_MS });
        }
    }

    fn look_for_kept(&mut self, fx: &mut Vec<Effect>) {
        if let Some(owner) = &self.owner {
            let prefix = owner.configuration_prefix(&self.id);
            if self.kept.looked_under.as_ref() != Some(&prefix) {
                self.kept.looked_under = Some(prefix.clone());
                self.kept.found = false;
                fx.push(Effect::LookForKept { prefix });
            }
        }
    }

    /// Whether this browser's kept drafts were looked through for this configuration and
    /// person (so an offer, if there is one, is shown).
    pub fn kept_drafts_looked_for(&self) -> bool {
        self.kept.looked_under.is_some() && self.kept.found
    }

    /// Whether a request is out or waiting to be retried.
    pub fn is_busy(&self) -> bool {
        self.request.is_some()
    }

    /// The retry countdown line, while one waits.
    pub fn countdown(&self) -> Option<String> {
        self.waiting.as_ref().map(|w| w.describe(self.now_ms))
    }

    /// The kept draft on offer: when it was kept.
    pub fn offer(&self) -> Option<&SavedDraft> {
        self.kept.offer.as_ref().map(|(_, saved)| saved)
    }

    /// Why the edits are not being kept in this browser, if they are not.
    pub fn not_kept(&self) -> Option<NotKept> {
        self.kept.not_kept
    }

    /// The payload text a kept draft would hold: both payloads, as loaded and as edited.
    fn payload_bytes(&self) -> usize {
        let (loaded, draft) = (&self.editor.loaded, &self.editor.draft);
        loaded.policy_payload.len()
            + loaded.user_preference_payload.len()
            + draft.policy_payload.len()
            + draft.user_preference_payload.len()
    }

    /// When another tab saved this configuration, until the admin reloads.
    pub fn saved_elsewhere(&self) -> Option<&str> {
        self.saved_elsewhere.as_deref()
    }

    /// What Save will send, while the admin reviews it.
    pub fn review(&self) -> Option<&SavePlan> {
        self.editor.review()
    }

    /// Whether payloads are written with `PUT` to their own URLs.
    pub fn streams_separately(&self) -> bool {
        self.streams_separately
    }

    /// Whether Save shows the review first.
    pub fn reviews_first(&self) -> bool {
        !self.skip_review
    }

    /// The page of the check-in table shown.
    pub fn checkin_page(&self) -> usize {
        self.checkin_page
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::pages::editor::SaveStatus;
    use crate::core::rules::draft::Field;
    use crate::core::wire::response::GraphErrorDetail;
    use std::time::Duration;

    const ID: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
    const BASE: &str = "https://graph.microsoft.com/beta";

    fn owner() -> DraftOwner {
        DraftOwner { cloud: "global".into(), tenant: "t".into(), account: "a".into() }
    }

    fn own_key() -> String {
        owner().key(ID, "tab-1")
    }

    fn policy() -> RetryPolicy {
        RetryPolicy { base_delay: Duration::from_secs(2), ..Default::default() }
    }

    /// The configuration at version `etag`, named `name`, with one group assigned.
    fn config(name: &str, etag: &str) -> Configuration {
        Configuration::from_value(serde_json::json!({
            "@odata.etag": etag, "id": ID, "displayName": name, "priority": 1,
            "assignments": [{"id": "a", "target": {"groupId": "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41"}}]
        }))
        .unwrap()
    }

    fn at(now_ms: f64) -> Moment {
        Moment { now_ms, jitter: 0.0 }
    }

    fn status(code: u16) -> GraphError {
        GraphError::Graph(Box::new(GraphErrorDetail { status: code, ..Default::default() }))
    }

    fn fetched(result: Result<Configuration, GraphError>) -> Action {
        Action::Fetched { result, at: at(1_000.0) }
    }

    fn sent(result: Result<SaveResult, GraphError>) -> Action {
        Action::Sent { result, at: at(1_000.0) }
    }

    fn rename(name: &str) -> Action {
        Action::Edit(Edit::SetField { field: Field::DisplayName, raw: name.into() })
    }

    fn saved_as(name: &str, etag: &str) -> SaveResult {
        SaveResult { entity: Some(config(name, etag)), patched: vec![Property::DisplayName], ..Default::default() }
    }

    /// Runs `steps` from `session`, checking the effects of each; returns the end state.
    fn run(mut session: Session, steps: Vec<(Action, Vec<Effect>)>) -> Session {
        for (i, (action, expected)) in steps.into_iter().enumerate() {
            let label = format!("step {i}: {action:?}");
            let (next, effects) = session.apply(action);
            assert_eq!(effects, expected, "{label}");
            session = next;
        }
        session
    }

    /// Open and loaded, nobody signed in (no drafts kept), saving without the review (it has
    /// its own test).
    fn loaded() -> Session {
        run(
            Session::new(ID, BASE, policy()),
            vec![
                (Action::ReviewFirst(false), vec![]),
                (Action::Open { owner: None, tab: "tab-1".into() }, vec![Effect::Load]),
                (fetched(Ok(config("Baseline", "W/\"1\""))), vec![]),
            ],
        )
    }

    /// `loaded`, renamed, Save clicked, and the check found the same content.
    fn sending() -> Session {
        let session = run(loaded(), vec![(rename("Mine"), vec![]), (Action::Save, vec![Effect::Recheck])]);
        let (session, effects) = session.apply(fetched(Ok(config("Baseline", "W/\"2\""))));
        assert!(
            matches!(&effects[..], [Effect::Send(plan)] if plan.if_match.as_deref() == Some("W/\"2\"")),
            "{effects:?}"
        );
        session
    }

    fn plan_of(effects: &[Effect]) -> SavePlan {
        match effects {
            [Effect::Send(plan)] => (**plan).clone(),
            other => panic!("expected one Send, got {other:?}"),
        }
    }

    #[test]
    fn one_request_at_a_time() {
        // Save twice, Save while it is out, Save while loading: one check, one PATCH.
        let session = run(
            loaded(),
            vec![
                (rename("Mine"), vec![]),
                (Action::Save, vec![Effect::Recheck]),
                (Action::Save, vec![]),
                (Action::Reload, vec![]),
            ],
        );
        assert!(session.is_busy() && session.editor.is_saving());
        let (session, effects) = session.apply(fetched(Ok(config("Baseline", "W/\"1\""))));
        let plan = plan_of(&effects);
        assert_eq!(plan.properties, [Property::DisplayName]);
        // The reload asked for during the save runs after it.
        let session =
            run(session, vec![(Action::Save, vec![]), (sent(Ok(saved_as("Mine", "W/\"2\""))), vec![Effect::Load])]);
        assert_eq!(session.editor.save, SaveStatus::Saved { properties: vec![Property::DisplayName] });
        // Nothing to save, or still loading: Save does nothing.
        assert!(run(loaded(), vec![(Action::Save, vec![])]).editor.save == SaveStatus::Idle);
        run(
            Session::new(ID, BASE, policy()),
            vec![(Action::Open { owner: None, tab: "t".into() }, vec![Effect::Load]), (Action::Save, vec![])],
        );
        // Answers nobody asked for change nothing.
        let idle = loaded();
        assert_eq!(idle.clone().apply(sent(Ok(saved_as("X", "W/\"9\"")))).0, idle);
        assert_eq!(idle.clone().apply(fetched(Ok(config("X", "W/\"9\"")))).0, idle);
    }

    #[test]
    fn save_checks_the_server_first_and_a_412_reads_again() {
        // Changed content: the conflict panel, nothing sent.
        let session = run(loaded(), vec![(rename("Mine"), vec![]), (Action::Save, vec![Effect::Recheck])]);
        let conflict = run(session, vec![(fetched(Ok(config("Theirs", "W/\"2\""))), vec![])]);
        assert!(matches!(conflict.editor.save, SaveStatus::Conflict(_)) && !conflict.is_busy());
        // A 412: read again; the same content becomes the new base, the refusal is shown.
        let refused = run(sending(), vec![(sent(Err(status(412))), vec![Effect::Reread])]);
        let after = run(refused.clone(), vec![(fetched(Ok(config("Baseline", "W/\"3\""))), vec![])]);
        assert_eq!(after.editor.save, SaveStatus::Failed(status(412)));
        assert_eq!(after.editor.plan().if_match.as_deref(), Some("W/\"3\""));
        assert_eq!(after.editor.draft.display_name, "Mine");
        // Changed content after the 412: the panel.
        let clash = run(refused.clone(), vec![(fetched(Ok(config("Theirs", "W/\"3\""))), vec![])]);
        assert!(matches!(clash.editor.save, SaveStatus::Conflict(_)));
        // The re-read failing: the refusal is what the admin sees.
        let unread = run(refused, vec![(fetched(Err(status(403))), vec![])]);
        assert_eq!(unread.editor.save, SaveStatus::Failed(status(412)));
    }

    #[test]
    fn save_checks_then_shows_the_review_and_sends_exactly_it_on_confirm() {
        let reviewing = run(
            loaded(),
            vec![
                (Action::ReviewFirst(true), vec![]),
                (rename("Mine"), vec![]),
                (Action::Save, vec![Effect::Recheck]),
                (fetched(Ok(config("Baseline", "W/\"2\""))), vec![]),
            ],
        );
        assert!(matches!(reviewing.editor.save, SaveStatus::Reviewing(_)));
        let shown = reviewing.review().cloned().unwrap();
        assert_eq!(shown.if_match.as_deref(), Some("W/\"2\""), "the version just read");
        // While it is open: no edit, no second Save, nothing sent.
        let still = run(
            reviewing.clone(),
            vec![
                (rename("Changed meanwhile"), vec![]),
                (Action::Save, vec![]),
                (Action::Edit(Edit::DiscardEdits), vec![]),
            ],
        );
        assert_eq!(still.editor.draft.display_name, "Mine");
        let (sent, effects) = still.apply(Action::ConfirmSave);
        assert_eq!(effects, [Effect::Send(Box::new(shown))], "exactly what was shown");
        assert!(sent.editor.is_saving() && sent.review().is_none());
        // Cancel: nothing sent, every edit kept, Save possible again.
        let (cancelled, effects) = reviewing.apply(Action::CancelSave);
        assert!(effects.is_empty());
        assert_eq!(
            (cancelled.editor.save.clone(), cancelled.editor.draft.display_name.as_str()),
            (SaveStatus::Idle, "Mine")
        );
        assert!(cancelled.editor.can_save());
        assert!(cancelled.apply(Action::ConfirmSave).1.is_empty(), "nothing to confirm");
    }

    #[test]
    fn a_graph_that_refuses_inline_payloads_gets_them_by_put_from_then_on() {
        let edit = Action::Edit(Edit::SetField { field: Field::PolicyPayload, raw: "{\"a\": 1}".into() });
        let session =
            run(loaded(), vec![(rename("Mine"), vec![]), (edit, vec![]), (Action::Save, vec![Effect::Recheck])]);
        let (session, effects) = session.apply(fetched(Ok(config("Baseline", "W/\"1\""))));
        assert!(plan_of(&effects).has_inline_streams());
        let refusal = GraphError::Graph(Box::new(GraphErrorDetail {
            status: 400,
            message: "The stream property 'policyPayload' cannot be updated inline.".into(),
            ..Default::default()
        }));
        let (session, effects) = session.apply(sent(Err(refusal.clone())));
        assert_eq!(effects[0], Effect::RememberStreamsSeparately);
        let split = plan_of(&effects[1..]);
        assert_eq!(split.streams, [(crate::core::wire::model::Property::PolicyPayload, "{\"a\": 1}".to_string())]);
        assert_eq!(split.properties, [Property::DisplayName], "the rest stays in the PATCH");
        assert!(!split.has_inline_streams() && split.patch.is_some());
        assert!(session.streams_separately() && session.is_busy());
        // Known from the start: the plan is split before anything is sent (and shown so).
        let known = run(
            loaded(),
            vec![
                (Action::StreamsSeparately(true), vec![]),
                (rename("Mine"), vec![]),
                (Action::Save, vec![Effect::Recheck]),
            ],
        );
        let (_, effects) = known.apply(fetched(Ok(config("Baseline", "W/\"1\""))));
        assert!(plan_of(&effects).streams.is_empty(), "no payload edited: nothing to PUT");
        // A refusal when payloads already go separately is an error like any other.
        let (failed, effects) = run(loaded(), vec![(Action::StreamsSeparately(true), vec![])])
            .apply(Action::Edit(Edit::SetField { field: Field::DisplayName, raw: "x".into() }))
            .0
            .apply(Action::Save)
            .0
            .apply(fetched(Ok(config("Baseline", "W/\"1\""))))
            .0
            .apply(sent(Err(refusal.clone())));
        assert!(effects.is_empty());
        assert_eq!(failed.editor.save, SaveStatus::Failed(refusal));
    }

    #[test]
    fn retries_count_down_and_can_be_cancelled() {
        // PATCH throttled: wait (2 s base, no jitter: 1 s), count down, resend the same plan.
        let session = sending();
        let plan = session.editor.plan().clone();
        let (waiting, effects) = session.apply(sent(Err(status(429))));
        assert_eq!(effects, [Effect::WaitRetry { until_ms: 2_000.0 }]);
        assert_eq!(
            waiting.countdown().as_deref(),
            Some("Graph is throttling requests (429). Retrying in 1 s (attempt 2 of 4).")
        );
        assert!(waiting.editor.is_saving());
        let waiting = run(waiting, vec![(Action::Tick { now_ms: 1_500.0 }, vec![]), (Action::Save, vec![])]);
        let (resent, effects) = waiting.clone().apply(Action::RetryDue);
        assert_eq!(plan_of(&effects).patch, plan.patch, "the same body again");
        assert!(resent.countdown().is_none());
        // Cancel: the wait ends, nothing more is sent, the edits stay.
        let cancelled = run(
            waiting,
            vec![
                (Action::CancelRetry, vec![Effect::CancelRetry]),
                (Action::RetryDue, vec![]),
                (Action::CancelRetry, vec![]),
            ],
        );
        assert_eq!(cancelled.editor.save, SaveStatus::Failed(GraphError::Cancelled));
        assert_eq!(cancelled.editor.draft.display_name, "Mine");
        assert!(!cancelled.is_busy() && cancelled.editor.can_save());
        // A PATCH whose answer was lost may have been applied: never repeated.
        let lost = GraphError::Network { message: "reset".into() };
        let failed = run(sending(), vec![(sent(Err(lost.clone())), vec![])]);
        assert_eq!(failed.editor.save, SaveStatus::Failed(lost.clone()));
        // A GET is retried on the same failure; a load gives up after the last attempt.
        let mut session = run(
            Session::new(ID, BASE, policy()),
            vec![(Action::Open { owner: None, tab: "t".into() }, vec![Effect::Load])],
        );
        for (attempt, until) in [(2, 2_000.0), (3, 3_000.0), (4, 5_000.0)] {
            let (next, effects) = session.apply(fetched(Err(lost.clone())));
            assert_eq!(effects, [Effect::WaitRetry { until_ms: until }], "attempt {attempt}");
            session = run(next, vec![(Action::RetryDue, vec![Effect::Load])]);
        }
        let gave_up = run(session, vec![(fetched(Err(lost.clone())), vec![])]);
        assert_eq!(gave_up.editor.load, crate::core::pages::editor::LoadStatus::Failed(lost));
        // Retry-After, when readable, sets the wait.
        let mut throttled = GraphErrorDetail { status: 503, ..Default::default() };
        throttled.retry_after = Some("7".into());
        let (_, effects) = sending().apply(sent(Err(GraphError::Graph(Box::new(throttled)))));
        assert_eq!(effects, [Effect::WaitRetry { until_ms: 8_000.0 }]);
    }

    #[test]
    fn a_partial_save_retries_only_the_rest() {
        let session = run(
            loaded(),
            vec![
                (rename("Mine"), vec![]),
                (Action::Edit(Edit::RemoveAssignment { index: 0 }), vec![]),
                (Action::Save, vec![Effect::Recheck]),
            ],
        );
        let (session, effects) = session.apply(fetched(Ok(config("Baseline", "W/\"1\""))));
        let plan = plan_of(&effects);
        assert!(plan.patch.is_some() && plan.assign.is_some());
        // The PATCH went through; the assign was throttled: wait, then send the assign alone.
        let partial = SaveResult { failure: Some((SaveStep::Assign, status(429))), ..saved_as("Mine", "W/\"2\"") };
        let session = run(session, vec![(sent(Ok(partial)), vec![Effect::WaitRetry { until_ms: 2_000.0 }])]);
        assert!(session.editor.is_saving() && !session.editor.is_dirty(Field::DisplayName));
        let (session, effects) = session.apply(Action::RetryDue);
        let rest = plan_of(&effects);
        assert!(rest.patch.is_none() && rest.assign.is_some(), "{rest:?}");
        let done = SaveResult { entity: Some(config("Mine", "W/\"3\"")), assigned: true, ..Default::default() };
        let done = run(session.clone(), vec![(sent(Ok(done)), vec![])]);
        assert_eq!(
            done.editor.save,
            SaveStatus::Saved { properties: vec![Property::DisplayName, Property::Assignments] }
        );
        // The assign refused for good: what was saved, and what is still an edit.
        let refused = run(session, vec![(sent(Err(status(403))), vec![])]);
        assert_eq!(
            refused.editor.save,
            SaveStatus::Partial { saved: vec![Property::DisplayName], step: SaveStep::Assign, error: status(403) }
        );
        assert!(refused.editor.plan().assign.is_some() && refused.editor.can_save());
        // A read-back that failed is retried as a read: nothing is sent again.
        let unread = SaveResult {
            entity: None,
            failure: Some((SaveStep::ReadBack, GraphError::Timeout { seconds: 30 })),
            ..saved_as("Mine", "")
        };
        let (session, _) = sending().apply(sent(Ok(unread)));
        let (_, effects) = session.apply(Action::RetryDue);
        assert!(plan_of(&effects).is_empty());
    }

    #[test]
    fn kept_drafts_are_offered_and_edits_are_written_debounced() {
        let candidate = |tab: &str, name: &str| {
            let base = crate::core::rules::draft::Draft::from_entity(&config("Baseline", "W/\"1\"")).0;
            let draft = crate::core::rules::draft::Draft { display_name: name.into(), ..base.clone() };
            let saved = SavedDraft { saved_at: "2026-11-28T09:00:00Z".into(), base_last_modified: None, base, draft };
            (owner().key(ID, tab), saved)
        };
        let prefix = owner().configuration_prefix(ID);
        let open = Action::Open { owner: Some(owner()), tab: "tab-1".into() };
        let session = run(
            Session::new(ID, BASE, policy()),
            vec![
                (open.clone(), vec![Effect::Load]),
                (
                    fetched(Ok(config("Baseline", "W/\"1\""))),
                    vec![
                        Effect::LookForKept { prefix: prefix.clone() },
                        Effect::SchedulePersist { ms: PERSIST_DELAY_MS },
                    ],
                ),
                // Another tab's draft (that tab is gone) is offered; nothing is written meanwhile.
                (Action::KeptFound { candidates: vec![candidate("tab-0", "Kept")], live_tabs: vec![] }, vec![]),
                (Action::PersistDue { now: "2026-11-29T10:00:00Z".into() }, vec![]),
                (rename("Typed"), vec![]),
            ],
        );
        assert_eq!(session.offer().map(|d| d.draft.display_name.as_str()), Some("Kept"));
        assert!(session.kept_drafts_looked_for(), "the answer came");
        let asked = run(
            Session::new(ID, BASE, policy()),
            vec![
                (open.clone(), vec![Effect::Load]),
                (
                    fetched(Ok(config("Baseline", "W/\"1\""))),
                    vec![
                        Effect::LookForKept { prefix: prefix.clone() },
                        Effect::SchedulePersist { ms: PERSIST_DELAY_MS },
                    ],
                ),
            ],
        );
        assert!(!asked.kept_drafts_looked_for(), "asked, not yet answered");
        // A reload (a sign-in) does not look again, nor offer twice.
        let session =
            run(session, vec![(open, vec![Effect::Load]), (fetched(Ok(config("Baseline", "W/\"1\""))), vec![])]);
        // Restore: it becomes this tab's draft; the other tab's copy is removed.
        let restored = run(
            session.clone(),
            vec![(
                Action::RestoreKept,
                vec![
                    Effect::ForgetDraft { key: owner().key(ID, "tab-0") },
                    Effect::SchedulePersist { ms: PERSIST_DELAY_MS },
                ],
            )],
        );
        assert_eq!(restored.editor.draft.display_name, "Kept");
        // Many edits, one write; the page hiding just after it writes nothing more.
        let (typed, effects) = run(restored, vec![(rename("Kept 1"), vec![]), (rename("Kept 12"), vec![])])
            .apply(Action::PersistDue { now: "2026-11-29T10:00:01Z".into() });
        assert!(typed.clone().apply(Action::PersistDue { now: String::new() }).1.is_empty());
        assert!(
            matches!(&effects[..], [Effect::PersistDraft { key, saved }] if *key == own_key() && saved.draft.display_name == "Kept 12" && saved.saved_at == "2026-11-29T10:00:01Z"),
            "{effects:?}"
        );
        assert_eq!(typed.not_kept(), None);
        assert_eq!(typed.clone().apply(Action::PersistFailed).0.not_kept(), Some(NotKept::Refused));
        // A draft larger than the browser keeps is not written, the older copy goes, and the
        // admin is told; back under the limit, it is kept again.
        let huge = "x".repeat(KEEP_LIMIT_BYTES + 1);
        let (big, effects) = typed
            .apply(Action::Edit(Edit::SetField { field: Field::PolicyPayload, raw: huge }))
            .0
            .apply(Action::PersistDue { now: "2026-11-29T10:00:02Z".into() });
        assert_eq!(effects, [Effect::ForgetDraft { key: own_key() }]);
        assert!(matches!(big.not_kept(), Some(NotKept::TooLarge { bytes }) if bytes > KEEP_LIMIT_BYTES));
        let (small, effects) = big
            .apply(Action::Edit(Edit::SetField { field: Field::PolicyPayload, raw: "{}".into() }))
            .0
            .apply(Action::PersistDue { now: "2026-11-29T10:00:03Z".into() });
        assert!(matches!(&effects[..], [Effect::PersistDraft { .. }]), "{effects:?}");
        assert_eq!(small.not_kept(), None);
        // Discard: removed; with no edits left, this tab's key is removed too.
        let (discarded, effects) = session.apply(Action::DiscardKept);
        assert_eq!(
            effects,
            [Effect::ForgetDraft { key: owner().key(ID, "tab-0") }, Effect::SchedulePersist { ms: PERSIST_DELAY_MS }]
        );
        let (_, effects) = discarded
            .apply(Action::Edit(Edit::DiscardEdits))
            .0
            .apply(Action::PersistDue { now: "2026-11-29T10:00:02Z".into() });
        assert_eq!(effects, [Effect::ForgetDraft { key: own_key() }]);
        // Nobody signed in: nothing is looked for or written.
        run(loaded(), vec![(rename("x"), vec![]), (Action::PersistDue { now: String::new() }, vec![])]);
    }

    #[test]
    fn a_save_is_announced_and_saves_elsewhere_offer_a_reload() {
        let session = run(
            Session::new(ID, BASE, policy()),
            vec![
                (Action::ReviewFirst(false), vec![]),
                (Action::Open { owner: Some(owner()), tab: "tab-1".into() }, vec![Effect::Load]),
                (
                    fetched(Ok(config("Baseline", "W/\"1\""))),
                    vec![
                        Effect::LookForKept { prefix: owner().configuration_prefix(ID) },
                        Effect::SchedulePersist { ms: PERSIST_DELAY_MS },
                    ],
                ),
                (Action::KeptFound { candidates: vec![], live_tabs: vec![] }, vec![]),
                (Action::PersistDue { now: String::new() }, vec![Effect::ForgetDraft { key: own_key() }]),
                (rename("Mine"), vec![Effect::SchedulePersist { ms: PERSIST_DELAY_MS }]),
                (Action::Save, vec![Effect::Recheck]),
            ],
        );
        let (session, _) = session.apply(fetched(Ok(config("Baseline", "W/\"1\""))));
        let session = run(
            session,
            vec![
                (
                    sent(Ok(saved_as("Mine", "W/\"2\""))),
                    vec![Effect::AnnounceSaved { key: owner().saved_key(ID), tab: "tab-1".into() }],
                ),
                (Action::SavedElsewhere { tab: "tab-1".into(), at: "10:00".into() }, vec![]),
            ],
        );
        assert_eq!(session.saved_elsewhere(), None, "this tab's own save");
        let told = run(session, vec![(Action::SavedElsewhere { tab: "tab-2".into(), at: "10:01".into() }, vec![])]);
        assert_eq!(told.saved_elsewhere(), Some("10:01"));
        let reloading = run(told, vec![(Action::Reload, vec![Effect::Load])]);
        assert_eq!(reloading.saved_elsewhere(), None);
    }

    #[test]
    fn io_reports_are_not_edits_and_pages_follow_added_rows() {
        let session = loaded();
        let (same, effects) = session.clone().apply(Action::Edit(Edit::SaveStarted));
        assert!(effects.is_empty() && same == session, "a save starts only through Save");
        let mut session = session;
        for _ in 0..30 {
            session = session.apply(Action::Edit(Edit::AddCheckinStatus)).0;
        }
        assert_eq!(session.checkin_page(), 1, "the page of the row just added");
        assert_eq!(session.apply(Action::ShowCheckinPage(0)).0.checkin_page(), 0);
    }

    #[test]
    fn unsaved_check_in_edits_keep_the_controls_shown_until_saved_or_discarded() {
        let session = loaded();
        assert_eq!(session.checkin_controls(), (false, false), "the report, by default");
        let session = run(session, vec![(Action::Report(ReportAction::Edit(true)), vec![])]);
        assert_eq!(session.checkin_controls(), (true, false));
        let edited = run(session.clone(), vec![(Action::Edit(Edit::AddCheckinStatus), vec![])]);
        assert_eq!(edited.checkin_controls(), (true, true), "a row added in place is seen");
        let still = run(edited, vec![(Action::Report(ReportAction::Edit(false)), vec![])]);
        assert_eq!(still.checkin_controls(), (true, true), "the switch back is refused while edits are unsaved");
        let discarded = run(still, vec![(Action::Edit(Edit::DiscardEdits), vec![])]);
        assert_eq!(discarded.checkin_controls(), (true, false));
        let back = run(discarded, vec![(Action::Report(ReportAction::Edit(false)), vec![])]);
        assert_eq!(back.checkin_controls(), (false, false));
    }
}
