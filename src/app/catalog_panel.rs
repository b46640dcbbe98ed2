//! The policy catalog in the editor's part: the loaded catalog read from the JSON the worker
//! wrote (once per catalog, shared by every view: [`use_loaded_catalog`]), the names and
//! warnings on the Settings view's rows ([`note`]), a policy's card, and the catalog panel —
//! search, filters, and adding a policy with typed controls built from its elements. Everything
//! it decides is `core::catalog` and `core::pages::catalog_panel`; an addition is an `Edit` of
//! the payload text, sent as the tree's edits are.

use super::catalog::{self, Ask};
use super::catalog_store::{self, use_catalog};
use crate::core::catalog::entry::{self, default_inputs, Input};
use crate::core::catalog::search::{self, Searcher};
use crate::core::catalog::{Catalog, ElementKind, Policy};
use crate::core::pages::catalog_panel::{Action, Panel};
use crate::core::pages::settings_view::Indexed;
use crate::core::text::settings::Edit;
use crate::core::text::settings_index::Index;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

/// A catalog read for the page.
#[derive(Debug, PartialEq)]
pub struct Loaded {
    pub catalog: Catalog,
    pub searcher: Searcher,
}

/// Where the page is with a catalog's pieces: reading them, or done (nothing when they are not
/// a catalog).
enum Reading {
    Going,
    Done(Option<Rc<Loaded>>),
}

thread_local! {
    /// The catalog read last (its pieces), and where its reading is.
    static READ: RefCell<Option<(Rc<[String]>, Reading)>> = const { RefCell::new(None) };
}

/// The loaded catalog, once the page has read it; asks the worker for the kept one once a visit
/// when the header says one is kept but the page does not hold it yet. A new catalog is read a
/// piece a task ([`read_pieces`]): until it is, there is none, and its readers re-render then.
#[hook]
pub fn use_loaded_catalog() -> Option<Rc<Loaded>> {
    let state = use_catalog();
    let wanted = state.pieces.is_none() && state.summary.is_some() && state.busy.is_none() && !state.restore_asked;
    use_effect_with(wanted, move |wanted| {
        if *wanted {
            catalog::ask(Ask::Restore);
        }
    });
    let pieces = state.pieces.clone()?;
    READ.with(|read| {
        let mut read = read.borrow_mut();
        match read.as_ref() {
            Some((from, Reading::Done(loaded))) if Rc::ptr_eq(from, &pieces) => loaded.clone(),
            Some((from, Reading::Going)) if Rc::ptr_eq(from, &pieces) => None,
            _ => {
                *read = Some((pieces.clone(), Reading::Going));
                wasm_bindgen_futures::spawn_local(read_pieces(pieces));
                None
            }
        }
    })
}

/// Reads a catalog's pieces, one a task (a few milliseconds each at a release's size, where the
/// whole catalog at once would be one long task), then re-renders its readers. A piece that is
/// not a catalog's is said on the header's line; the page goes on without names.
async fn read_pieces(pieces: Rc<[String]>) {
    let (mut catalog, mut searcher) = (Catalog::default(), Searcher::default());
    let mut failed = None;
    for piece in pieces.iter() {
        let before = catalog.policies.len();
        if let Err(e) = catalog.add_piece(piece) {
            failed = Some(e);
            break;
        }
        searcher.extend(&catalog.policies[before..]);
        gloo_timers::future::TimeoutFuture::new(0).await;
    }
    let loaded = failed.is_none().then(|| Rc::new(Loaded { catalog, searcher }));
    let still_wanted = READ.with(|read| match read.borrow_mut().as_mut() {
        Some((from, reading)) if Rc::ptr_eq(from, &pieces) => {
            *reading = Reading::Done(loaded);
            true
        }
        _ => false,
    });
    match (still_wanted, failed) {
        (false, _) => {}
        (true, None) => catalog_store::changed(),
        (true, Some(e)) => catalog_store::failed(format!(
            "The policy catalog could not be read ({e}). Forget it and load the templates again."
        )),
    }
}

/// What a row of the tree shows of the policy it names.
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    pub id: String,
    pub display: String,
    pub baseline: bool,
    pub warning: Option<String>,
}

/// The note for a row's node: the policy its key or value names, and a warning when its value
/// is not one the template allows.
pub fn note(loaded: &Loaded, text: &str, index: &Index, node: usize) -> Option<Note> {
    let warning = entry::warning(&loaded.catalog, text, index, node);
    let policy = entry::named(&loaded.catalog, text, index, node);
    if policy.is_none() && warning.is_none() {
        return None;
    }
    Some(Note {
        id: policy.map(|p| p.id.clone()).unwrap_or_default(),
        display: policy.map(|p| p.display.clone()).unwrap_or_default(),
        baseline: policy.is_some_and(|p| p.baseline),
        warning,
    })
}

/// The policies a payload sets, and to what (`entry::set_to`).
#[derive(Debug, Default, PartialEq)]
pub struct Configured {
    pub set: BTreeSet<String>,
    pub values: BTreeMap<String, Vec<String>>,
}

/// A text and catalog, and what that text sets by that catalog.
type Cached = (Rc<Indexed>, Rc<Loaded>, Rc<Configured>);

thread_local! {
    /// The last text asked about.
    static CONFIGURED: RefCell<Option<Cached>> = const { RefCell::new(None) };
}

/// What a payload sets, read once per text and catalog (the panel's filter and marks, and the
/// baseline view).
pub fn configured(loaded: &Rc<Loaded>, now: &Rc<Indexed>) -> Rc<Configured> {
    CONFIGURED.with(|cache| {
        let mut cache = cache.borrow_mut();
        if let Some((text, catalog, configured)) = cache.as_ref() {
            if Rc::ptr_eq(text, now) && Rc::ptr_eq(catalog, loaded) {
                return configured.clone();
            }
        }
        let values = entry::set_to(&loaded.catalog, &now.text, &now.index);
        let configured = Rc::new(Configured { set: values.keys().cloned().collect(), values });
        *cache = Some((now.clone(), loaded.clone(), configured.clone()));
        configured
    })
}

/// The panel's state, held by the Settings view beside which it is shown.
#[derive(Default, PartialEq)]
pub struct PanelState(pub Rc<Panel>);

impl Reducible for PanelState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(PanelState(Rc::new((*self.0).clone().apply(action))))
    }
}

/// The names of the policies a line (a review's, a comparison's, a setting's path) touches,
/// after it (`[data-policy-names]`: their ids), read in the payload texts `read` too
/// (`entry::line_policies_read`); nothing without a catalog.
pub fn policy_names(catalog: Option<&Catalog>, line: &str, read: &[(&str, &Index)]) -> Html {
    let policies = catalog.map(|c| entry::line_policies_read(c, line, read)).unwrap_or_default();
    if policies.is_empty() {
        return Html::default();
    }
    let ids: Vec<&str> = policies.iter().map(|p| p.id.as_str()).collect();
    let shown: Vec<&str> = policies.iter().map(|p| p.display.as_str()).collect();
    html! { <span class="policy-names" data-policy-names={ids.join(" ")}>{ format!(" — {}", shown.join(", ")) }</span> }
}

/// A policy's card: everything its template says of it.
pub fn card(policy: &Policy, close: Callback<MouseEvent>) -> Html {
    let line = |label: &str, value: String| {
        html! { if !value.is_empty() { <><dt>{ label.to_string() }</dt><dd>{ value }</dd></> } }
    };
    html! {
        <section class="policy-card" data-policy-card={policy.id.clone()} aria-label={policy.display.clone()}>
            <h4>{ policy.display.clone() }
                if policy.baseline { <span class="badge baseline" data-baseline-badge="">{ "Security baseline" }</span> }
            </h4>
            <p class="explain">{ policy.explain.clone() }</p>
            <dl>
                { line("Setting id", policy.id.clone()) }
                { line("App", policy.app.clone()) }
                { line("Category", policy.category.join(" › ")) }
                { line("Registry key", policy.key.clone()) }
                { line("Value name", value_names(policy)) }
                { line("Supported on", policy.supported_on.clone()) }
            </dl>
            <button type="button" class="small" data-action="close-policy-card" onclick={close}>{ "Close" }</button>
        </section>
    }
}

fn value_names(policy: &Policy) -> String {
    let names: Vec<&str> = policy
        .value_name
        .iter()
        .map(String::as_str)
        .chain(policy.elements.iter().filter_map(|e| e.value_name.as_deref()))
        .collect();
    names.join(", ")
}

#[derive(Properties)]
pub struct CatalogPanelProps {
    pub loaded: Rc<Loaded>,
    pub panel: Rc<Panel>,
    pub dispatch: Callback<Action>,
    /// The payload's text and its index.
    pub now: Rc<Indexed>,
    /// The policies the payload sets, and to what.
    pub configured: Rc<Configured>,
    pub edit: Callback<Edit>,
    /// Shows a setting of the tree (its pointer): focused, in view.
    pub reveal: Callback<String>,
    pub readonly: bool,
}

impl PartialEq for CatalogPanelProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.loaded, &other.loaded)
            && self.panel == other.panel
            && Rc::ptr_eq(&self.now, &other.now)
            && Rc::ptr_eq(&self.configured, &other.configured)
            && self.readonly == other.readonly
    }
}

fn value_of(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

/// The catalog panel: search, filters, results, and the policy being added.
#[function_component]
pub fn CatalogPanel(props: &CatalogPanelProps) -> Html {
    let (catalog, panel, dispatch) = (&props.loaded.catalog, &props.panel, &props.dispatch);
    let (results, total) = panel.results(catalog, &props.loaded.searcher, &props.configured.set);
    let filter = &panel.filter;
    let some = |v: String| Some(v).filter(|v| !v.is_empty());
    let onwords = dispatch.reform(|e: InputEvent| Action::Words(value_of(&e.into())));
    let onapp =
        dispatch.reform(move |e: Event| Action::App(some(e.target_unchecked_into::<HtmlSelectElement>().value())));
    let oncategory =
        dispatch.reform(move |e: Event| Action::Category(some(e.target_unchecked_into::<HtmlSelectElement>().value())));
    let onbaseline =
        dispatch.reform(|e: Event| Action::BaselineOnly(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let onconfigured = dispatch.reform(|e: Event| {
        Action::Configured(match e.target_unchecked_into::<HtmlSelectElement>().value().as_str() {
            "set" => Some(true),
            "unset" => Some(false),
            _ => None,
        })
    });
    let add = {
        let (loaded, panel, now, configured, edit, dispatch) = (
            props.loaded.clone(),
            props.panel.clone(),
            props.now.clone(),
            props.configured.clone(),
            props.edit.clone(),
            dispatch.clone(),
        );
        Callback::from(move |id: String| {
            let catalog = &loaded.catalog;
            match panel.add(catalog, &id, &configured.set, &now.text, &now.index) {
                Ok(made) => {
                    edit.emit(made);
                    dispatch.emit(Action::Open(None));
                }
                Err(why) => {
                    // The refusal shows with the policy's controls: open it first.
                    if panel.open.as_ref().is_none_or(|o| o.id != id) {
                        let inputs = catalog.policy(&id).map(default_inputs).unwrap_or_default();
                        dispatch.emit(Action::Open(Some((id, inputs))));
                    }
                    dispatch.emit(Action::Refused(why));
                }
            }
        })
    };
    let apps = search::apps(catalog);
    let categories = search::categories(catalog, filter.app.as_deref());
    let result = |at: usize| {
        let policy = &catalog.policies[at];
        let set = props.configured.set.contains(&policy.id);
        let open = panel.open.as_ref().filter(|o| o.id == policy.id);
        let toggle = {
            let (id, inputs) = (policy.id.clone(), default_inputs(policy));
            let is_open = open.is_some();
            dispatch.reform(move |_: MouseEvent| Action::Open((!is_open).then(|| (id.clone(), inputs.clone()))))
        };
        let onadd = add.reform({
            let id = policy.id.clone();
            move |_: MouseEvent| id.clone()
        });
        let onshow = {
            let (loaded, now, reveal, id) =
                (props.loaded.clone(), props.now.clone(), props.reveal.clone(), policy.id.clone());
            Callback::from(move |_: MouseEvent| {
                if let Some(pointer) = entry::where_set(&loaded.catalog, &now.text, &now.index, &id) {
                    reveal.emit(pointer);
                }
            })
        };
        html! {
            <li key={policy.id.clone()} data-policy={policy.id.clone()} class={classes!(set.then_some("configured"))}>
                <button type="button" class="link" data-action="open-policy" aria-expanded={open.is_some().to_string()} onclick={toggle}>{ policy.display.clone() }</button>
                <span class="crumb">{ format!("{} › {}", policy.app, policy.category.join(" › ")) }</span>
                if policy.baseline { <span class="badge baseline">{ "Security baseline" }</span> }
                if set { <span class="badge set" data-policy-set="">{ "Set in this payload" }</span> }
                if let Some(open) = open { { controls(policy, open, dispatch) } }
                <button type="button" class="small" data-action="add-policy" disabled={props.readonly || set} onclick={onadd}>
                    { if open.is_some() { "Add to the payload" } else { "Add" } }
                </button>
                if set {
                    <button type="button" class="small" data-action="show-policy" onclick={onshow}>{ "Show in the tree" }</button>
                }
            </li>
        }
    };
    html! {
        <aside class="catalog-panel" aria-label="Policy catalog">
            <h3>{ "Policy catalog" }</h3>
            <label for="catalog-search">{ "Search policies" }</label>
            <input type="search" id="catalog-search" name="catalog-search" value={filter.words.clone()} placeholder="Name, id or explanation" oninput={onwords} />
            <div class="catalog-filters">
                <label for="catalog-app" class="visually-hidden">{ "App" }</label>
                <select id="catalog-app" name="catalog-app" onchange={onapp}>
                    <option value="" selected={filter.app.is_none()}>{ "All apps" }</option>
                    { for apps.iter().map(|a| html! { <option value={a.clone()} selected={filter.app.as_ref() == Some(a)}>{ a.clone() }</option> }) }
                </select>
                <label for="catalog-category" class="visually-hidden">{ "Category" }</label>
                <select id="catalog-category" name="catalog-category" onchange={oncategory}>
                    <option value="" selected={filter.category.is_none()}>{ "All categories" }</option>
                    { for categories.iter().map(|c| html! { <option value={c.clone()} selected={filter.category.as_ref() == Some(c)}>{ c.replace(" / ", " › ") }</option> }) }
                </select>
                <label for="catalog-configured" class="visually-hidden">{ "Set in this payload" }</label>
                <select id="catalog-configured" name="catalog-configured" onchange={onconfigured}>
                    <option value="" selected={filter.configured.is_none()}>{ "Set or not" }</option>
                    <option value="set" selected={filter.configured == Some(true)}>{ "Configured" }</option>
                    <option value="unset" selected={filter.configured == Some(false)}>{ "Not configured" }</option>
                </select>
                <label class="inline"><input type="checkbox" name="catalog-baseline" checked={filter.baseline_only} onchange={onbaseline} />{ " Security baseline only" }</label>
            </div>
            <button type="button" class="small" data-action="baseline-view" aria-expanded={panel.baseline_view.to_string()}
                onclick={dispatch.reform({ let on = !panel.baseline_view; move |_| Action::BaselineView(on) })}>{ "Security baseline view" }</button>
            if panel.baseline_view { { baseline_view(catalog, &props.configured) } }
            <p aria-live="polite" data-catalog-count={total.to_string()}>{ format!("{total} of {} policies", catalog.policies.len()) }</p>
            <ul class="catalog-results">{ for results.iter().map(|at| result(*at)) }</ul>
            if total > results.len() {
                <button type="button" class="small" data-action="more-policies" onclick={dispatch.reform(|_| Action::More)}>
                    { format!("Show more ({} not shown)", total - results.len()) }
                </button>
            }
        </aside>
    }
}

/// The security baseline for this payload: the loaded templates' baseline policies, the ones it
/// sets first (with what it sets them to), then the ones it leaves unset.
fn baseline_view(catalog: &Catalog, configured: &Configured) -> Html {
    let (set, unset) = search::baseline(catalog, &configured.set);
    let row = |policy: &Policy, is_set: bool| {
        let values = configured.values.get(&policy.id).map(|v| v.join("; ")).unwrap_or_default();
        let shown = match (is_set, values.is_empty()) {
            (false, _) => "not set".to_string(),
            (true, true) => "named, no value".to_string(),
            (true, false) => values,
        };
        html! {
            <tr data-baseline-policy={policy.id.clone()} data-baseline-set={is_set.to_string()}>
                <td>{ policy.display.clone() }</td>
                <td>{ policy.app.clone() }</td>
                <td>{ shown }</td>
            </tr>
        }
    };
    html! {
        <section class="baseline-view" data-baseline-view="" aria-label="Security baseline">
            <p>{ format!("This payload sets {} of the {} security-baseline policies of the loaded templates.", set.len(), set.len() + unset.len()) }</p>
            <table class="settings">
                <thead><tr><th scope="col">{ "Policy" }</th><th scope="col">{ "App" }</th><th scope="col">{ "Set to" }</th></tr></thead>
                <tbody>
                    { for set.iter().map(|p| row(p, true)) }
                    { for unset.iter().map(|p| row(p, false)) }
                </tbody>
            </table>
        </section>
    }
}

/// The typed controls of the policy being added, each named `<setting id>#<element id>`.
fn controls(policy: &Policy, open: &crate::core::pages::catalog_panel::Adding, dispatch: &Callback<Action>) -> Html {
    let name = |element: &str| format!("{}#{element}", policy.id);
    let input = |at: usize, make: fn(String) -> Input| {
        dispatch.reform(move |e: Event| Action::Input(at, make(e.target_unchecked_into::<HtmlInputElement>().value())))
    };
    let elements = policy.elements.iter().zip(&open.inputs).enumerate().map(|(at, (element, value))| {
        let id = name(&element.id);
        let control = match (&element.kind, value) {
            (ElementKind::Enum { items, .. }, Input::Choice(chosen)) => {
                let onchange = dispatch.reform(move |e: Event| {
                    let value = e.target_unchecked_into::<HtmlSelectElement>().value();
                    Action::Input(at, Input::Choice(value.parse().unwrap_or(0)))
                });
                html! {
                    <select id={id.clone()} name={id.clone()} {onchange}>
                        { for items.iter().enumerate().map(|(i, item)| html! {
                            <option value={i.to_string()} selected={i == *chosen}>{ format!("{} ({})", item.display, item.value.show()) }</option>
                        }) }
                    </select>
                }
            }
            (ElementKind::Decimal { min, max, .. }, Input::Number(typed)) => html! {
                <input type="number" id={id.clone()} name={id.clone()} min={min.to_string()} max={max.to_string()} value={typed.clone()}
                    onchange={input(at, Input::Number)} />
            },
            (ElementKind::Boolean { .. }, Input::Switch(on)) => {
                let onchange = dispatch.reform(move |e: Event| Action::Input(at, Input::Switch(e.target_unchecked_into::<HtmlInputElement>().checked())));
                html! { <input type="checkbox" role="switch" id={id.clone()} name={id.clone()} checked={*on} {onchange} /> }
            }
            (ElementKind::Text { max_length, .. }, Input::Text(text)) => html! {
                <input type="text" id={id.clone()} name={id.clone()} maxlength={max_length.to_string()} value={text.clone()} onchange={input(at, Input::Text)} />
            },
            (_, Input::Lines(lines)) => {
                let onchange = dispatch.reform(move |e: Event| {
                    let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
                    Action::Input(at, Input::Lines(text.lines().map(str::to_string).collect()))
                });
                html! { <textarea id={id.clone()} name={id.clone()} rows="3" value={lines.join("\n")} {onchange} placeholder="One a line" /> }
            }
            _ => Html::default(),
        };
        html! { <div class="policy-input"><label for={id}>{ element.label.clone() }</label>{ control }</div> }
    });
    // What adding it now writes, or what is wrong with an input.
    let state = if open.disabled { entry::State::Disabled } else { entry::State::Enabled(open.inputs.clone()) };
    let writes = match entry::entries(policy, &state) {
        Ok(entries) => {
            let each: Vec<String> =
                entries.iter().map(|e| format!("{} = {} ({})", e.value_name, e.value, e.reg_type)).collect();
            html! { <p class="help" data-policy-writes="">{ format!("Writes {}", each.join(", ")) }</p> }
        }
        Err(why) => html! { <p class="field-warning" data-policy-writes="">{ why }</p> },
    };
    let state = name("state");
    let onstate = dispatch
        .reform(|e: Event| Action::Disabled(e.target_unchecked_into::<HtmlSelectElement>().value() == "disabled"));
    html! {
        <div class="policy-form">
            <p class="explain">{ policy.explain.clone() }</p>
            if policy.value_name.is_some() {
                <div class="policy-input">
                    <label for={state.clone()}>{ "State" }</label>
                    <select id={state.clone()} name={state} onchange={onstate}>
                        <option value="enabled" selected={!open.disabled}>{ "Enabled" }</option>
                        <option value="disabled" selected={open.disabled}>{ "Disabled" }</option>
                    </select>
                </div>
            }
            { for elements }
            { writes }
            if let Some(why) = &open.refused { <p class="field-error" role="alert">{ why.clone() }</p> }
        </div>
    }
}
