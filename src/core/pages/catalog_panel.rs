//! The catalog panel beside a payload's Settings view, as a view model: the search and its
//! filters, how many results are shown, the policy opened to be added with the admin's inputs,
//! and the policy whose card a row opened. What it adds is an ordinary edit of the payload text
//! ([`Panel::add`]): the review shows it and Save sends it.

use crate::core::catalog::entry::{self, Input, State};
use crate::core::catalog::search::{Filter, Searcher};
use crate::core::catalog::{Catalog, Policy};
use crate::core::text::settings::Edit;
use crate::core::text::settings_index::Index;
use std::collections::BTreeSet;

/// Results shown at first, and added by each "more".
pub const PAGE: usize = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Panel {
    pub filter: Filter,
    pub shown: usize,
    /// The policy opened to be added: its id, its inputs, and whether it is added as disabled.
    pub open: Option<Adding>,
    /// The policy whose card is shown (opened from a row of the tree).
    pub card: Option<String>,
    /// The security-baseline view is shown.
    pub baseline_view: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Adding {
    pub id: String,
    pub inputs: Vec<Input>,
    pub disabled: bool,
    /// Why the last try to add it was refused.
    pub refused: Option<String>,
}

impl Default for Panel {
    fn default() -> Panel {
        Panel { filter: Filter::default(), shown: PAGE, open: None, card: None, baseline_view: false }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Words(String),
    App(Option<String>),
    Category(Option<String>),
    BaselineOnly(bool),
    Configured(Option<bool>),
    More,
    /// Opens a policy to be added, with its template's default inputs (or closes it).
    Open(Option<(String, Vec<Input>)>),
    Input(usize, Input),
    Disabled(bool),
    Refused(String),
    Card(Option<String>),
    BaselineView(bool),
}

impl Panel {
    pub fn apply(mut self, action: Action) -> Panel {
        let narrowed = !matches!(
            action,
            Action::More
                | Action::Open(_)
                | Action::Input(..)
                | Action::Disabled(_)
                | Action::Refused(_)
                | Action::Card(_)
                | Action::BaselineView(_)
        );
        match action {
            Action::Words(words) => self.filter.words = words,
            Action::App(app) => {
                // A category belongs to an app: another app's list of categories is another.
                self.filter.category = None;
                self.filter.app = app;
            }
            Action::Category(category) => self.filter.category = category,
            Action::BaselineOnly(on) => self.filter.baseline_only = on,
            Action::Configured(set) => self.filter.configured = set,
            Action::More => self.shown += PAGE,
            Action::Open(open) => {
                self.open = open.map(|(id, inputs)| Adding { id, inputs, disabled: false, refused: None })
            }
            Action::Input(at, input) => {
                if let Some(slot) = self.open.as_mut().and_then(|o| o.inputs.get_mut(at)) {
                    *slot = input;
                }
            }
            Action::Disabled(on) => {
                if let Some(open) = self.open.as_mut() {
                    open.disabled = on;
                }
            }
            Action::Refused(why) => {
                if let Some(open) = self.open.as_mut() {
                    open.refused = Some(why);
                }
            }
            Action::Card(card) => self.card = card,
            Action::BaselineView(on) => self.baseline_view = on,
        }
        if narrowed {
            self.shown = PAGE;
        }
        self
    }

    /// The results to show (at most [`Panel::shown`]) and how many matched.
    pub fn results(
        &self,
        catalog: &Catalog,
        searcher: &Searcher,
        configured: &BTreeSet<String>,
    ) -> (Vec<usize>, usize) {
        let mut found = searcher.search(catalog, &self.filter, configured);
        let total = found.len();
        found.truncate(self.shown);
        (found, total)
    }

    /// The edit that adds policy `id` to the payload — with the inputs chosen when it is the
    /// open one, else with its template's defaults — or why it cannot be added (`configured`,
    /// the policies the payload sets, has it already, or an input is out of its template's
    /// bounds).
    pub fn add(
        &self,
        catalog: &Catalog,
        id: &str,
        configured: &BTreeSet<String>,
        text: &str,
        index: &Index,
    ) -> Result<Edit, String> {
        let policy: &Policy = catalog.policy(id).ok_or("That policy is not in the loaded templates.")?;
        if configured.contains(&policy.id) {
            return Err(format!(
                "{} is set in this payload already: change it where it is set (Show in the tree).",
                policy.display
            ));
        }
        let state = match self.open.as_ref().filter(|o| o.id == id) {
            Some(open) if open.disabled => State::Disabled,
            Some(open) => State::Enabled(open.inputs.clone()),
            None => State::Enabled(entry::default_inputs(policy)),
        };
        let entries = entry::entries(policy, &state)?;
        entry::add(text, index, &entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::entry::default_inputs;
    use crate::core::catalog::template::tests::catalog;

    #[test]
    fn narrowing_the_search_shows_the_first_page_again_and_more_adds_a_page() {
        let panel = Panel::default().apply(Action::More).apply(Action::More);
        assert_eq!(panel.shown, 3 * PAGE);
        assert_eq!(panel.clone().apply(Action::Words("macro".into())).shown, PAGE);
        assert_eq!(panel.clone().apply(Action::Card(Some("x".into()))).shown, 3 * PAGE, "a card narrows nothing");
        let in_app = Panel::default()
            .apply(Action::Category(Some("Test Office".into())))
            .apply(Action::App(Some("Word".into())));
        assert_eq!(in_app.filter.category, None, "another app: its own categories");
    }

    #[test]
    fn the_open_policy_is_added_with_the_inputs_chosen_or_refused_with_why() {
        let catalog = catalog();
        let vba = catalog.policy("word16;L_VBAWarningsPolicy").unwrap();
        let open = Panel::default()
            .apply(Action::Open(Some((vba.id.clone(), default_inputs(vba)))))
            .apply(Action::Input(0, Input::Choice(2)));
        let text = "{}";
        let none = BTreeSet::new();
        let added = |panel: &Panel, id: &str| {
            let edit = panel.add(&catalog, id, &none, text, &Index::new(text)).unwrap();
            let (added, _) = Index::new(text).edit(text, &edit).unwrap();
            serde_json::from_str::<serde_json::Value>(&added).unwrap()
        };
        assert_eq!(added(&open, &vba.id)["settings"][0]["value"], 3, "the chosen item");
        assert_eq!(added(&Panel::default(), &vba.id)["settings"][0]["value"], 2, "not opened: the template's default");
        let set: BTreeSet<String> = [vba.id.clone()].into();
        let again = open.add(&catalog, &vba.id, &set, text, &Index::new(text)).unwrap_err();
        assert!(again.contains("set in this payload already"), "{again}");
        let interval = catalog.policy("word16;L_AutoRecoverInterval").unwrap();
        let bad = Panel::default().apply(Action::Open(Some((interval.id.clone(), vec![Input::Number("0".into())]))));
        assert!(bad.add(&catalog, &interval.id, &none, text, &Index::new(text)).unwrap_err().contains("from 1 to 120"));
        assert!(Panel::default().add(&catalog, "word16;L_Nope", &none, text, &Index::new(text)).is_err());
    }
}
