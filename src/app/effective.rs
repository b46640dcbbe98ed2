//! `#/effective`: the effective policy of one user. Search a user by name or sign-in name
//! (`name="user"`), pick one (`data-action="pick-user"`); their groups (nested) and the list are
//! read, `core::pages::effective::resolve` says which configuration applies (`data-winner` = its id),
//! and its settings are shown with what each losing configuration would have set instead.

use super::catalog_panel::{policy_names, use_loaded_catalog};
use super::context::Route;
use super::directory::{use_directory, DirectoryHandle};
use super::fields::event_text;
use super::machine::{use_machine, Runner};
use super::transfer::read_all;
use crate::core::catalog::Catalog;
use crate::core::pages::effective::{Action, Effect, Page, Stage, RULE_URL};
use crate::core::wire::directory::{Consent, DirectoryObject};
use crate::graph::GraphHandle;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

fn runner(graph: &GraphHandle, directory: DirectoryHandle) -> Rc<Runner<Page>> {
    let api = graph.api.clone();
    Runner::new(Page::default(), move |runner: &Runner<Page>, effect| {
        let (api, directory) = (api.clone(), directory.clone());
        match effect {
            Effect::SearchUsers(query) => runner.spawn(async move {
                let result = directory.search_users(&query).await;
                Action::Found { query, result }
            }),
            Effect::ReadGroups(user) => runner.spawn(async move { Action::Groups(directory.user_groups(&user).await) }),
            Effect::ListRows => runner.spawn(async move { Action::Rows(api.list_rows().await) }),
            Effect::ReadConfigurations(ids) => runner.spawn(async move { Action::Read(read_all(api, ids).await) }),
        }
    })
}

#[function_component]
pub fn EffectivePolicy() -> Html {
    let graph = use_context::<GraphHandle>().expect("the page needs a GraphHandle context");
    let catalog = use_loaded_catalog();
    let directory = use_directory();
    let page = {
        let directory = directory.clone();
        use_machine(graph, move |graph| runner(graph, directory))
    };
    let p = page.state();
    let users = match &p.stage {
        Stage::Searching => html! { <p class="help" role="status">{ "Searching…" }</p> },
        Stage::Found(users) if users.is_empty() => html! { <p class="help" role="status">{ "No user matches." }</p> },
        Stage::Found(users) => html! {
            <ul class="user-results">{ for users.iter().map(|u| {
                let pick = { let u = u.clone(); page.reform(move |_: MouseEvent| Action::Pick(u.clone())) };
                html! { <li><button type="button" data-action="pick-user" data-user-id={u.id.clone()} onclick={pick}>
                    { u.label().to_string() }</button>{ " " }<span class="help">{ u.user_principal_name.clone().unwrap_or_default() }</span></li> }
            }) }</ul>
        },
        Stage::Failed(message) => html! { <p class="field-error" role="alert">{ message.clone() }</p> },
        Stage::Reading => html! { <p role="status">{ "Reading the user's groups and the configurations…" }</p> },
        Stage::Idle | Stage::Ready => Html::default(),
    };
    let contested =
        page.reform(|e: Event| Action::ContestedOnly(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()));
    let result = if p.stage == Stage::Ready {
        outcome(&p, contested, catalog.as_deref().map(|l| &l.catalog))
    } else {
        Html::default()
    };
    html! {
        <section class="effective">
            <h1>{ "Effective policy of a user" }</h1>
            <p class="help">
                { "Cloud Policy applies one configuration to a user: of those assigned to any of the user's groups (nested groups count), the one with the highest priority; 0 is the highest. The others do not apply at all. " }
                <a href={RULE_URL} target="_blank" rel="noopener noreferrer">{ "Microsoft's description of Cloud Policy" }</a>
            </p>
            if directory.consent() == Consent::Denied {
                <p class="banner info" role="status" data-notice="no-directory-consent">
                    { "This page reads users and their groups, which needs User.ReadBasic.All and GroupMember.Read.All (or Group.Read.All). This app has not been granted them in this tenant: ask an administrator to grant them." }
                </p>
            }
            <label for="user">{ "User (name or sign-in name)" }</label>
            <input id="user" name="user" type="search" autocomplete="off" value={p.query.clone()}
                oninput={page.reform(|e: InputEvent| Action::Search(event_text(&e)))} />
            { users }
            { result }
        </section>
    }
}

fn group_names(p: &Page, ids: &[String]) -> String {
    ids.iter()
        .map(|id| p.groups.iter().find(|g| g.id.eq_ignore_ascii_case(id)).map_or(id.as_str(), DirectoryObject::label))
        .collect::<Vec<_>>()
        .join(", ")
}

fn outcome(p: &Page, contested: Callback<Event>, catalog: Option<&Catalog>) -> Html {
    let user = p.user.as_ref().map(|u| u.label().to_string()).unwrap_or_default();
    let member = if p.groups.is_empty() {
        format!("{user} is in no group.")
    } else {
        format!(
            "{user} is in {} group(s): {}.",
            p.groups.len(),
            p.groups.iter().map(DirectoryObject::label).collect::<Vec<_>>().join(", ")
        )
    };
    let Some(winner) = p.resolution.winner() else {
        return html! {
            <div class="effective-result" data-winner="">
                <p>{ member }</p>
                <p role="status">{ format!("No configuration is assigned to any of {user}'s groups: none applies.") }</p>
            </div>
        };
    };
    let priority = |p: Option<i64>| p.map_or("no priority".to_string(), |p| format!("priority {p}"));
    let settings = p.settings();
    html! {
        <div class="effective-result" data-winner={winner.id.clone()}>
            <p>{ member }</p>
            <h2>{ "Applies: " }<Link<Route> to={Route::Editor { id: winner.id.clone() }}>{ winner.name.clone() }</Link<Route>>
                { format!(" ({}, through {})", priority(winner.priority), group_names(p, &winner.via)) }</h2>
            if p.resolution.tied {
                <p class="banner warning" role="status">{ "Two configurations that apply share this priority; which one Cloud Policy applies is not defined. Give them different priorities on the list page." }</p>
            }
            if p.resolution.ranked.len() > 1 {
                <h3>{ "Also assigned, so not applied (lower priority)" }</h3>
                <ol class="losers">{ for p.resolution.ranked[1..].iter().map(|a| html! {
                    <li data-config-id={a.id.clone()}><Link<Route> to={Route::Editor { id: a.id.clone() }}>{ a.name.clone() }</Link<Route>>
                        { format!(" ({}, through {})", priority(a.priority), group_names(p, &a.via)) }</li>
                }) }</ol>
            }
            if !p.unread.is_empty() {
                <div class="banner warning" role="status" data-notice="unread-configurations">
                    <p>{ "These assigned configurations could not be read, so what they would set is not shown:" }</p>
                    <ul>{ for p.unread.iter().map(|line| html! { <li>{ line.clone() }</li> }) }</ul>
                </div>
            }
            <h3>{ format!("Its settings ({})", settings.len()) }</h3>
            <label class="check"><input type="checkbox" name="contested-only" checked={p.contested_only} onchange={contested} />
                { " Only the settings another assigned configuration sets differently" }</label>
            <table class="settings">
                <thead><tr><th scope="col">{ "Payload" }</th><th scope="col">{ "Setting" }</th><th scope="col">{ "Value" }</th><th scope="col">{ "Instead, if it applied" }</th></tr></thead>
                <tbody>{ for settings.iter().map(|s| html! {
                    <tr data-setting={s.path.clone()} class={classes!((!s.instead.is_empty()).then_some("contested"))}>
                        <td>{ s.payload }</td><td><code>{ s.path.clone() }</code>{ policy_names(catalog, &s.path, &[]) }</td><td><code>{ s.value.clone() }</code></td>
                        <td>{ for s.instead.iter().map(|(name, v)| html! { <p>{ format!("{name} would have set this to {v}") }</p> }) }</td>
                    </tr>
                }) }</tbody>
            </table>
        </div>
    }
}
