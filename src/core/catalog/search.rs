//! The catalog panel's search: every word typed must be in a policy's display name, id or
//! explanation; the ones that say it in their name come first. Filters narrow by app, category,
//! the security baseline, and whether the open payload sets the policy.

use super::{Catalog, Policy};
use std::collections::BTreeSet;

/// What the panel asks for.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    pub words: String,
    /// An app (`Word`), or all.
    pub app: Option<String>,
    /// A category path (`Test Word / Trust Center`), or all; a path holds what is below it.
    pub category: Option<String>,
    pub baseline_only: bool,
    /// Only policies the payload sets (`Some(true)`) or leaves unset (`Some(false)`).
    pub configured: Option<bool>,
}

/// A category path as the filter names it.
pub fn category_path(policy: &Policy) -> String {
    policy.category.join(" / ")
}

/// The catalog's text, lower-cased once, so that a keystroke only compares.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Searcher {
    /// Per policy: display name, id, explanation.
    text: Vec<[String; 3]>,
}

impl Searcher {
    pub fn new(catalog: &Catalog) -> Searcher {
        let mut searcher = Searcher::default();
        searcher.extend(&catalog.policies);
        searcher
    }

    /// Takes in the catalog's next policies (a piece at a time, as the page reads them).
    pub fn extend(&mut self, policies: &[Policy]) {
        let text = policies.iter().map(|p| [p.display.to_lowercase(), p.id.to_lowercase(), p.explain.to_lowercase()]);
        self.text.extend(text);
    }

    /// The places of the matching policies, best first: a word in the display name counts 4, in
    /// the id 2, in the explanation 1; equal scores in display-name order. `configured` is the
    /// ids the payload sets.
    pub fn search(&self, catalog: &Catalog, filter: &Filter, configured: &BTreeSet<String>) -> Vec<usize> {
        let words: Vec<String> = filter.words.split_whitespace().map(str::to_lowercase).collect();
        let mut found: Vec<(u32, usize)> = catalog
            .policies
            .iter()
            .zip(&self.text)
            .enumerate()
            .filter(|(_, (p, _))| {
                filter.app.as_ref().is_none_or(|a| p.app == *a)
                    && filter.category.as_ref().is_none_or(|c| {
                        let path = category_path(p);
                        path == *c || path.starts_with(&format!("{c} / "))
                    })
                    && (!filter.baseline_only || p.baseline)
                    && filter.configured.is_none_or(|set| configured.contains(&p.id) == set)
            })
            .filter_map(|(at, (_, [display, id, explain]))| {
                let mut score = 0;
                for word in &words {
                    let hits = [(display, 4), (id, 2), (explain, 1)];
                    let found: u32 = hits.iter().filter(|(t, _)| t.contains(word.as_str())).map(|(_, w)| *w).sum();
                    if found == 0 {
                        return None;
                    }
                    score += found;
                }
                Some((score, at))
            })
            .collect();
        found.sort_by(|(a, i), (b, j)| b.cmp(a).then_with(|| self.text[*i][0].cmp(&self.text[*j][0])));
        found.into_iter().map(|(_, at)| at).collect()
    }
}

/// The apps of the catalog, in order.
pub fn apps(catalog: &Catalog) -> Vec<String> {
    let set: BTreeSet<&str> = catalog.policies.iter().map(|p| p.app.as_str()).collect();
    set.into_iter().map(str::to_string).collect()
}

/// The category paths of an app's policies (or all), with every path above them, in order.
pub fn categories(catalog: &Catalog, app: Option<&str>) -> Vec<String> {
    let mut set = BTreeSet::new();
    for policy in catalog.policies.iter().filter(|p| app.is_none_or(|a| p.app == a)) {
        for depth in 1..=policy.category.len() {
            set.insert(policy.category[..depth].join(" / "));
        }
    }
    set.into_iter().collect()
}

/// The security baseline for a payload: the baseline's policies, those it sets first.
pub fn baseline<'c>(catalog: &'c Catalog, configured: &BTreeSet<String>) -> (Vec<&'c Policy>, Vec<&'c Policy>) {
    catalog.policies.iter().filter(|p| p.baseline).partition(|p| configured.contains(&p.id))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::catalog::template::tests::catalog;

    fn ids(catalog: &Catalog, found: Vec<usize>) -> Vec<&str> {
        found.into_iter().map(|at| catalog.policies[at].name.as_str()).collect()
    }

    #[test]
    fn a_searcher_taken_in_piece_by_piece_is_the_whole_ones() {
        let catalog = catalog();
        let mut pieces = Searcher::default();
        for policies in catalog.policies.chunks(3) {
            pieces.extend(policies);
        }
        assert_eq!(pieces, Searcher::new(&catalog));
        assert_eq!(pieces.text.len(), 8);
    }

    #[test]
    fn every_word_must_match_and_names_rank_above_explanations() {
        let catalog = catalog();
        let searcher = Searcher::new(&catalog);
        let find = |words: &str| {
            ids(
                &catalog,
                searcher.search(&catalog, &Filter { words: words.into(), ..Filter::default() }, &BTreeSet::new()),
            )
        };
        assert_eq!(
            find("MACRO"),
            ["L_BlockMacroExecutionFromInternet", "L_VBAWarningsPolicy"],
            "name, id and explanation: 7; name and explanation: 5"
        );
        assert_eq!(find("macro internet"), ["L_BlockMacroExecutionFromInternet"]);
        assert_eq!(find("office16;l_send"), ["L_SendFeedback"]);
        assert_eq!(find("nothing like it"), Vec::<&str>::new());
        assert_eq!(find("").len(), 8, "no words: everything");
    }

    #[test]
    fn filters_narrow_by_app_category_baseline_and_configured() {
        let catalog = catalog();
        let searcher = Searcher::new(&catalog);
        let configured: BTreeSet<String> = ["word16;L_VBAWarningsPolicy".to_string()].into();
        let find = |filter: Filter| ids(&catalog, searcher.search(&catalog, &filter, &configured));
        assert_eq!(find(Filter { app: Some("Office".into()), ..Filter::default() }).len(), 3);
        assert_eq!(
            find(Filter { category: Some("Test Office / Test Word / Word Options".into()), ..Filter::default() }),
            ["L_AutoRecoverInterval"]
        );
        assert_eq!(
            find(Filter { category: Some("Test Office / Test Word".into()), ..Filter::default() }).len(),
            5,
            "and below it"
        );
        assert_eq!(
            find(Filter { baseline_only: true, app: Some("Word".into()), ..Filter::default() }),
            ["L_BlockMacroExecutionFromInternet", "L_VBAWarningsPolicy"]
        );
        assert_eq!(find(Filter { configured: Some(true), ..Filter::default() }), ["L_VBAWarningsPolicy"]);
        assert_eq!(find(Filter { configured: Some(false), ..Filter::default() }).len(), 7);
        assert_eq!(apps(&catalog), ["Office", "Word"]);
        assert!(categories(&catalog, Some("Word")).contains(&"Test Office / Test Word / Trust Center".to_string()));
        let (set, unset) = baseline(&catalog, &configured);
        assert_eq!((set.len(), unset.len()), (1, 3));
    }
}
