//! The effective policy of one user: which configuration Cloud Policy applies, and what the
//! others would have set. The rule lives in [`resolve`] alone, so it can change in one place:
//! of the configurations assigned to any of the user's groups (nested membership counts), the
//! one with the highest priority applies — 0 is the highest; one without a priority ranks last;
//! equal priorities (which Graph should not allow) are broken by display name, then id, and
//! flagged. The page around it is a pure state machine like the others.

use crate::core::pages::import::Reads;
use crate::core::pages::workspace::Row;
use crate::core::pages::Machine;
use crate::core::rules::draft::{Draft, Field};
use crate::core::text::diff;
use crate::core::text::settings::Kind;
use crate::core::text::settings_index::Index;
use crate::core::wire::directory::DirectoryObject;
use crate::core::wire::model::Configuration;
use crate::core::wire::response::GraphError;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Microsoft's description of the rule.
pub const RULE_URL: &str = "https://learn.microsoft.com/en-us/microsoft-365-apps/admin-center/overview-cloud-policy";

/// One configuration that applies to the user, and through which of their groups.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Applicable {
    pub id: String,
    pub name: String,
    pub priority: Option<i64>,
    /// The user's groups it is assigned to (each once).
    pub via: Vec<String>,
}

/// Every configuration that applies, winner first; `tied`: the winner shares its priority.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolution {
    pub ranked: Vec<Applicable>,
    pub tied: bool,
}

impl Resolution {
    pub fn winner(&self) -> Option<&Applicable> {
        self.ranked.first()
    }
}

fn rank(a: &Applicable, b: &Applicable) -> Ordering {
    let priority = |x: &Applicable| x.priority.map_or((1, 0), |p| (0, p));
    priority(a).cmp(&priority(b)).then_with(|| a.name.cmp(&b.name)).then_with(|| a.id.cmp(&b.id))
}

/// The rule: which of `rows` apply to a member of `groups`, in the order they win.
pub fn resolve(groups: &[String], rows: &[Row]) -> Resolution {
    let mine = |g: &str| groups.iter().any(|u| u.eq_ignore_ascii_case(g.trim()));
    let mut ranked: Vec<Applicable> = rows
        .iter()
        .filter_map(|r| {
            let mut via: Vec<String> =
                r.groups.iter().filter(|g| mine(g)).map(|g| g.trim().to_ascii_lowercase()).collect();
            via.sort();
            via.dedup();
            (!via.is_empty()).then(|| Applicable { id: r.id.clone(), name: r.name.clone(), priority: r.priority, via })
        })
        .collect();
    ranked.sort_by(rank);
    let tied = matches!(ranked.as_slice(), [a, b, ..] if a.priority == b.priority);
    Resolution { ranked, tied }
}

/// Every setting of a JSON payload by its RFC 6901 path, with its value's JSON text as written:
/// objects are opened, anything else (an array, an empty object, a scalar) is a setting. A list
/// of Cloud Policy entries (objects with a `settingId`) is opened too: each entry is a setting
/// named by what it sets, not by its place (`/settings[word16;L_VBAWarningsPolicy vbawarnings]`,
/// its `value`), so that two configurations are compared policy by policy whatever their order.
/// Read with the text toolkit's index, never through `serde_json::Value` (which would round a
/// long number); a text that is not JSON has none.
pub fn settings(text: &str) -> Vec<(String, String)> {
    fn member(text: &str, index: &Index, entry: usize, name: &str) -> Option<usize> {
        index.children(entry).find(|c| index.key(text, *c) == name)
    }
    fn string(text: &str, index: &Index, node: Option<usize>) -> Option<String> {
        serde_json::from_str(&text[index.node(node?).span.clone()]).ok()
    }
    /// Each entry's name and value, when every item of the array is an entry.
    fn entries(text: &str, index: &Index, array: usize) -> Option<Vec<(String, String)>> {
        let mut out = Vec::new();
        for entry in index.children(array) {
            let id = string(text, index, member(text, index, entry, "settingId"))?;
            let name = match string(text, index, member(text, index, entry, "valueName")) {
                Some(value_name) => format!("{id} {value_name}"),
                None => id,
            };
            let value = member(text, index, entry, "value").unwrap_or(entry);
            out.push((name, text[index.node(value).span.clone()].to_string()));
        }
        (!out.is_empty()).then_some(out)
    }
    fn walk(text: &str, index: &Index, id: usize, out: &mut Vec<(String, String)>) {
        for child in index.children(id) {
            let node = index.node(child);
            let opened = node.kind == Kind::Object && index.children(child).next().is_some();
            let listed = if node.kind == Kind::Array { entries(text, index, child) } else { None };
            match (opened, listed) {
                (true, _) => walk(text, index, child, out),
                (false, Some(listed)) => {
                    let at = index.pointer(text, child);
                    out.extend(listed.into_iter().map(|(name, value)| (format!("{at}[{name}]"), value)));
                }
                (false, None) => out.push((index.pointer(text, child), text[node.span.clone()].to_string())),
            }
        }
    }
    let mut out = Vec::new();
    if crate::core::wire::stream::validate_json(text).is_ok() {
        let index = Index::new(text);
        match index.nodes().first() {
            Some(root) if root.kind == Kind::Object && index.children(0).next().is_some() => {
                walk(text, &index, 0, &mut out)
            }
            Some(root) => out.push(("/".into(), text[root.span.clone()].to_string())),
            None => {}
        }
    }
    out
}

/// One setting the winner makes, and what losing configurations would have set instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Setting {
    /// `policyPayload` or `userPreferencePayload`.
    pub payload: &'static str,
    pub path: String,
    /// Its value, as the review shows one (`diff::value_text`).
    pub value: String,
    /// Each losing configuration that sets this path to something else: its name and value.
    pub instead: Vec<(String, String)>,
}

/// The winner's settings in both payloads, each with the losers' different values (compared by
/// the review's rule, `diff::same_value`).
pub fn compare(winner: &Draft, losers: &[(String, Draft)]) -> Vec<Setting> {
    let mut out = Vec::new();
    for (payload, field) in
        [("policyPayload", Field::PolicyPayload), ("userPreferencePayload", Field::UserPreferencePayload)]
    {
        let others: Vec<(&String, HashMap<String, String>)> =
            losers.iter().map(|(name, d)| (name, settings(d.get(field)).into_iter().collect())).collect();
        for (path, value) in settings(winner.get(field)) {
            let instead = others
                .iter()
                .filter_map(|(name, theirs)| {
                    let theirs = theirs.get(&path)?;
                    (!diff::same_value(theirs, &value)).then(|| ((*name).clone(), diff::value_text(theirs)))
                })
                .collect();
            out.push(Setting { payload, path, value: diff::value_text(&value), instead });
        }
    }
    out
}

/// Where the page stands.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Stage {
    #[default]
    Idle,
    Searching,
    Found(Vec<DirectoryObject>),
    /// A user was picked; their groups and the configurations are being read.
    Reading,
    Ready,
    Failed(String),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Search(String),
    Found {
        query: String,
        result: Result<Vec<DirectoryObject>, GraphError>,
    },
    Pick(DirectoryObject),
    Groups(Result<Vec<DirectoryObject>, GraphError>),
    Rows(Result<Vec<Configuration>, GraphError>),
    /// The configurations that apply, read whole (winner first).
    Read(Reads),
    /// Show only the settings another configuration would set differently.
    ContestedOnly(bool),
}

#[derive(Clone, Debug, PartialEq)]
pub enum Effect {
    SearchUsers(String),
    ReadGroups(String),
    ListRows,
    ReadConfigurations(Vec<String>),
}

/// The effective-policy page.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    pub query: String,
    pub stage: Stage,
    pub user: Option<DirectoryObject>,
    pub groups: Vec<DirectoryObject>,
    rows: Option<Vec<Row>>,
    groups_read: bool,
    pub resolution: Resolution,
    /// The applicable configurations read whole, in `resolution.ranked` order.
    pub drafts: Vec<(String, Draft)>,
    /// Losing configurations that could not be read, and why: what they would set is missing.
    pub unread: Vec<String>,
    pub contested_only: bool,
}

fn failed(what: &str, e: &GraphError) -> Stage {
    Stage::Failed(format!("{what}: {}", e.explained()))
}

impl Page {}

impl Machine for Page {
    type Action = Action;
    type Effect = Effect;

    fn apply(mut self, action: Action) -> (Page, Vec<Effect>) {
        let mut fx = Vec::new();
        match action {
            Action::Search(text) => {
                self.query = text.clone();
                if text.trim().chars().count() >= 2 {
                    self.stage = Stage::Searching;
                    fx.push(Effect::SearchUsers(text));
                } else if matches!(self.stage, Stage::Searching | Stage::Found(_)) {
                    self.stage = Stage::Idle;
                }
            }
            Action::Found { query, result } => {
                if query == self.query && self.stage == Stage::Searching {
                    self.stage = match result {
                        Ok(users) => Stage::Found(users),
                        Err(e) => failed("The user search failed", &e),
                    };
                }
            }
            Action::Pick(user) => {
                fx.push(Effect::ReadGroups(user.id.clone()));
                fx.push(Effect::ListRows);
                self = Page { query: self.query, user: Some(user), stage: Stage::Reading, ..Page::default() };
            }
            Action::Groups(result) => match result {
                Ok(groups) if self.stage == Stage::Reading => {
                    self.groups = groups;
                    self.groups_read = true;
                    self.resolve(&mut fx);
                }
                Err(e) if self.stage == Stage::Reading => {
                    self.stage = failed("The user's groups could not be read", &e)
                }
                _ => {}
            },
            Action::Rows(result) => match result {
                Ok(items) if self.stage == Stage::Reading => {
                    self.rows = Some(items.iter().map(Row::of).collect());
                    self.resolve(&mut fx);
                }
                Err(e) if self.stage == Stage::Reading => {
                    self.stage = failed("The configurations could not be listed", &e)
                }
                _ => {}
            },
            Action::ContestedOnly(on) => self.contested_only = on,
            Action::Read(reads) if self.stage == Stage::Reading => {
                let ranked = &self.resolution.ranked;
                let name = |id: &str| ranked.iter().find(|a| a.id == id).map(|a| a.name.clone());
                let winner = ranked.first().map(|a| a.id.as_str());
                // Without the one that applies there is nothing to show; a loser that cannot be
                // read is named, and the rest is shown.
                if let Some((_, e)) = reads.unread.iter().find(|(id, _)| Some(id.as_str()) == winner) {
                    let what = format!(
                        "The configuration that applies, {}, could not be read",
                        name(winner.unwrap_or_default()).unwrap_or_default()
                    );
                    self.stage = failed(&what, e);
                } else {
                    self.unread = reads.unread_lines(name);
                    self.drafts = ranked
                        .iter()
                        .filter_map(|a| reads.read.iter().find(|c| c.id.as_deref() == Some(a.id.as_str())))
                        .map(|c| (c.title().to_string(), Draft::from_entity(c).0))
                        .collect();
                    self.stage = Stage::Ready;
                }
            }
            Action::Read(_) => {}
        }
        (self, fx)
    }
}

impl Page {
    /// With both the groups and the rows read: the rule, then the applicable ones read whole.
    fn resolve(&mut self, fx: &mut Vec<Effect>) {
        let (true, Some(rows)) = (self.groups_read, &self.rows) else { return };
        let ids: Vec<String> = self.groups.iter().map(|g| g.id.to_ascii_lowercase()).collect();
        self.resolution = resolve(&ids, rows);
        if self.resolution.ranked.is_empty() {
            self.stage = Stage::Ready;
        } else {
            fx.push(Effect::ReadConfigurations(self.resolution.ranked.iter().map(|a| a.id.clone()).collect()));
        }
    }

    /// The winner's settings and what the others would have set.
    pub fn settings(&self) -> Vec<Setting> {
        let mut all = match self.drafts.split_first() {
            Some(((_, winner), losers)) => compare(winner, losers),
            None => Vec::new(),
        };
        if self.contested_only {
            all.retain(|s| !s.instead.is_empty());
        }
        all
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn row(id: &str, priority: Option<i64>, groups: &[&str]) -> Row {
        Row {
            id: id.into(),
            name: format!("Config {id}"),
            priority,
            groups: groups.iter().map(|g| g.to_string()).collect(),
            ..Row::default()
        }
    }

    fn ids(r: &Resolution) -> Vec<&str> {
        r.ranked.iter().map(|a| a.id.as_str()).collect()
    }

    #[test]
    fn the_highest_priority_of_the_users_groups_wins() {
        let rows = vec![
            row("a", Some(3), &["g1"]),
            row("b", Some(1), &["g2", "G1"]),
            row("c", Some(0), &["g9"]),
            row("d", None, &["g1"]),
            row("e", Some(2), &[]),
        ];
        let groups = |g: &[&str]| g.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let cases: Vec<(Vec<String>, Vec<&str>, bool)> = vec![
            (groups(&[]), vec![], false),
            (groups(&["g1"]), vec!["b", "a", "d"], false),
            (groups(&["g2"]), vec!["b"], false),
            (groups(&["g9", "g1"]), vec!["c", "b", "a", "d"], false),
            (groups(&["nobody"]), vec![], false),
        ];
        for (user, expected, tied) in cases {
            let r = resolve(&user, &rows);
            assert_eq!(ids(&r), expected, "{user:?}");
            assert_eq!(r.tied, tied);
        }
        let r = resolve(&groups(&["g1", "g2"]), &rows);
        assert_eq!(
            r.winner().unwrap().via,
            ["g1", "g2"],
            "a configuration assigned to two of the user's groups counts once"
        );
    }

    #[test]
    fn ties_are_broken_by_name_and_flagged() {
        let rows = vec![row("z", Some(1), &["g"]), row("y", Some(1), &["g"]), row("x", Some(4), &["g"])];
        let r = resolve(&["g".to_string()], &rows);
        assert_eq!(ids(&r), ["y", "z", "x"]);
        assert!(r.tied);
    }

    #[test]
    fn settings_are_leaves_by_path() {
        let s = settings(r#"{"word": {"macros": {"block": true}, "a/b": 1}, "empty": {}, "list": [1, 2]}"#);
        let paths: Vec<&str> = s.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(paths, ["/word/macros/block", "/word/a~1b", "/empty", "/list"]);
        assert!(settings("not json").is_empty());
    }

    #[test]
    fn cloud_policy_entries_are_settings_by_what_they_set_not_by_their_place() {
        let a = r#"{"settings": [{"settingId": "word16;L_VBAWarningsPolicy", "valueName": "vbawarnings", "value": 2},
            {"settingId": "office16;L_SendFeedback", "value": 0}]}"#;
        assert_eq!(
            settings(a),
            [
                ("/settings[word16;L_VBAWarningsPolicy vbawarnings]".to_string(), "2".to_string()),
                ("/settings[office16;L_SendFeedback]".to_string(), "0".to_string()),
            ]
        );
        // The same policies in another order, one set otherwise: that one is the difference.
        let draft = |policy: &str| Draft { policy_payload: policy.into(), ..Draft::default() };
        let b = r#"{"settings": [{"settingId": "office16;L_SendFeedback", "value": 0},
            {"settingId": "word16;L_VBAWarningsPolicy", "valueName": "vbawarnings", "value": 4}]}"#;
        let s = compare(&draft(a), &[("Finance".to_string(), draft(b))]);
        assert_eq!(s[0].instead, [("Finance".to_string(), "4".to_string())]);
        assert!(s[1].instead.is_empty());
        // A list that is not all entries stays one setting.
        assert_eq!(
            settings(r#"{"l": [{"settingId": "x"}, 1]}"#),
            [("/l".to_string(), r#"[{"settingId": "x"}, 1]"#.to_string())]
        );
    }

    #[test]
    fn losers_show_what_they_would_have_set() {
        let draft = |policy: Value| Draft { policy_payload: policy.to_string().into(), ..Draft::default() };
        let winner = draft(json!({"word": {"macros": "off", "ruler": true}}));
        let losers = vec![
            ("Finance".to_string(), draft(json!({"word": {"macros": "on", "ruler": true}}))),
            ("Pilot".to_string(), draft(json!({"word": {"macros": "prompt"}, "excel": {"x": 1}}))),
        ];
        let s = compare(&winner, &losers);
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].path, "/word/macros");
        let instead =
            |pairs: &[(&str, &str)]| pairs.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect::<Vec<_>>();
        assert_eq!(s[0].instead, instead(&[("Finance", "\"on\""), ("Pilot", "\"prompt\"")]));
        assert!(s[1].instead.is_empty(), "the same value is no difference");
    }

    #[test]
    fn values_are_compared_and_shown_to_every_digit() {
        let draft = |policy: &str| Draft { policy_payload: policy.into(), ..Draft::default() };
        let winner = draft(r#"{"n": 12345678901234567890123, "s": "caf\u00e9", "l": [1, 2]}"#);
        let losers = vec![("Late".to_string(), draft(r#"{"n": 12345678901234567890124, "s": "café", "l": [1,2]}"#))];
        let s = compare(&winner, &losers);
        assert_eq!(s[0].value, "12345678901234567890123");
        assert_eq!(s[0].instead, [("Late".to_string(), "12345678901234567890124".to_string())], "one digit differs");
        assert_eq!(s[1].value, "\"café\"");
        assert!(s[1].instead.is_empty() && s[2].instead.is_empty(), "an escape, or spacing, is no difference");
    }

    #[test]
    fn the_page_reads_groups_and_rows_then_the_configurations_that_apply() {
        let user = DirectoryObject { id: "u1".into(), display_name: Some("Ada".into()), user_principal_name: None };
        let (p, fx) = Page::default().apply(Action::Search("a".into()));
        assert!(fx.is_empty(), "two letters at least");
        let (p, fx) = p.apply(Action::Search("ad".into()));
        assert_eq!(fx, [Effect::SearchUsers("ad".into())]);
        let (p, _) = p.apply(Action::Found { query: "a".into(), result: Ok(vec![]) });
        assert_eq!(p.stage, Stage::Searching, "an answer to an older query is dropped");
        let (p, fx) = p.apply(Action::Pick(user));
        assert_eq!(fx, [Effect::ReadGroups("u1".into()), Effect::ListRows]);
        let group =
            DirectoryObject { id: "G1".into(), display_name: Some("Finance".into()), user_principal_name: None };
        let (p, fx) = p.apply(Action::Groups(Ok(vec![group])));
        assert!(fx.is_empty(), "waits for the rows");
        let entity = |id: &str, priority: i64| {
            Configuration::from_value(json!({"id": id, "displayName": id, "priority": priority,
                "assignments": [{"target": {"groupId": "g1"}}], "policyPayload": {"a": priority}}))
            .unwrap()
        };
        let (p, fx) = p.apply(Action::Rows(Ok(vec![entity("late", 5), entity("first", 1)])));
        assert_eq!(fx, [Effect::ReadConfigurations(vec!["first".into(), "late".into()])]);
        let both = Reads { read: vec![entity("late", 5), entity("first", 1)], unread: vec![] };
        let (p, _) = p.clone().apply(Action::Read(both));
        assert_eq!(p.stage, Stage::Ready);
        assert_eq!(p.resolution.winner().unwrap().id, "first");
        let s = p.settings();
        assert_eq!(s[0].instead, [("late".to_string(), "5".to_string())]);
        assert_eq!(p.clone().apply(Action::ContestedOnly(true)).0.settings().len(), 1);
    }

    #[test]
    fn a_loser_that_cannot_be_read_is_named_and_a_winner_that_cannot_be_read_shows_nothing_wrong() {
        let gone = || {
            GraphError::Graph(Box::new(crate::core::wire::response::GraphErrorDetail {
                status: 404,
                ..Default::default()
            }))
        };
        let entity = |id: &str, priority: i64| {
            Configuration::from_value(json!({"id": id, "displayName": id, "priority": priority,
                "assignments": [{"target": {"groupId": "g1"}}], "policyPayload": {"a": priority}}))
            .unwrap()
        };
        let reading = || {
            let user = DirectoryObject { id: "u".into(), ..Default::default() };
            let group = DirectoryObject { id: "g1".into(), ..Default::default() };
            let p = Page::default().apply(Action::Pick(user)).0.apply(Action::Groups(Ok(vec![group]))).0;
            p.apply(Action::Rows(Ok(vec![entity("late", 5), entity("first", 1)]))).0
        };
        let loser_gone = Reads { read: vec![entity("first", 1)], unread: vec![("late".into(), gone())] };
        let p = reading().apply(Action::Read(loser_gone)).0;
        assert_eq!(p.stage, Stage::Ready);
        assert_eq!(p.drafts.len(), 1);
        assert!(p.unread[0].starts_with("late: Graph answered 404"), "{:?}", p.unread);
        let winner_gone = Reads { read: vec![entity("late", 5)], unread: vec![("first".into(), gone())] };
        let p = reading().apply(Action::Read(winner_gone)).0;
        let Stage::Failed(said) = &p.stage else { panic!("{:?}", p.stage) };
        assert!(said.starts_with("The configuration that applies, first, could not be read"), "{said}");
        assert!(p.settings().is_empty());
    }
}
