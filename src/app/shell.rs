//! The signed-in page frame: the Graph client for this deployment, the contexts every page
//! reads (Graph, the auth session, whose drafts are kept and where), the top bar, the routes,
//! and the tab's bookkeeping of kept drafts (signs of life, expiry notice).

use super::auth_bar::AuthBar;
use super::catalog::{self, CatalogBarProps};
use super::context::{listen, AuthProp, AuthSession, PendingImport, Route, Tenants};
use super::directory::DirectoryHandle;
use super::draft_store::{self, DraftStore, KeptDrafts, LocalDrafts};
use super::list::ConfigurationList;
use super::parts;
use crate::core::rules::config::{AppConfig, Cloud};
use crate::graph::{FetchTransport, GraphClient, GraphHandle};
use std::rc::Rc;
use yew::prelude::*;
use yew_router::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ShellProps {
    pub config: Rc<AppConfig>,
    pub auth: AuthProp,
}

#[function_component]
pub fn Shell(props: &ShellProps) -> Html {
    super::focus::use_focus_memory();
    let session = use_state(|| AuthSession(0));
    // One identity per Graph client: the tab's account (its id and cloud) when the client is
    // made. A switch makes a new client, and with it new page machines (an open import, review
    // or compare of the old tenant closes); requests already running finish as they began.
    let identity = active_identity(&props.auth.0);
    let cloud = identity.as_ref().map_or(props.config.cloud, |(_, cloud, _)| *cloud);
    let graph = use_memo((props.config.clone(), props.auth.clone(), identity.clone()), |(config, auth, _)| {
        let transport = Rc::new(FetchTransport { timeout: config.network.timeout });
        let base_url = config.endpoint(cloud).graph_base_url.clone();
        let tokens = auth.0.bound().unwrap_or_else(|| auth.0.source());
        let client = GraphClient::new(base_url.clone(), tokens, transport);
        GraphHandle { api: Rc::new(client), retry: config.network.retry, base_url }
    });
    // After a switch, say what was closed.
    let switched = use_state(|| None::<(String, String)>);
    {
        let (switched, before) = (switched.clone(), use_mut_ref(|| identity.clone()));
        use_effect_with(identity.clone(), move |now| {
            let was = before.replace(now.clone());
            if let (Some((old, _, old_name)), Some((new, _, new_name))) = (was, now) {
                if &old != new {
                    switched.set(Some((old_name, new_name.clone())));
                }
            }
        });
    }
    // The directory (group names, search), one per Graph client; its version re-renders readers.
    let directory_version = use_state(|| 0u64);
    let directory = use_memo(graph.clone(), |graph| {
        let (setter, count) = (directory_version.setter(), Rc::new(std::cell::Cell::new(0u64)));
        DirectoryHandle::new(
            graph.api.clone(),
            Callback::from(move |()| {
                count.set(count.get() + 1);
                setter.set(count.get());
            }),
        )
    });
    let on_session = {
        let session = session.clone();
        Callback::from(move |()| session.set(AuthSession(session.0 + 1)))
    };
    let tab = use_memo((), |_| draft_store::tab_id());
    let pending = use_memo((), |_| PendingImport::default());
    let tenants = Tenants::new(props.auth.clone(), props.config.clone(), on_session.clone(), (*pending).clone());
    // Signs of life, so other tabs do not offer this tab's drafts while it is open.
    {
        let tab = (*tab).clone();
        use_effect_with((), move |_| {
            draft_store::heartbeat(&tab);
            let beat = {
                let tab = tab.clone();
                gloo_timers::callback::Interval::new(10_000, move || draft_store::heartbeat(&tab))
            };
            // Closed, reloaded or navigated away: this tab's drafts may be offered elsewhere.
            let stop = listen("pagehide", move |_: web_sys::Event| draft_store::farewell(&tab));
            move || {
                drop(beat);
                stop();
            }
        });
    }
    let site_templates = use_memo(props.config.clone(), |config| config.catalog.clone());
    let store = use_memo((), |_| Rc::new(LocalDrafts) as Rc<dyn DraftStore>);
    let kept = use_memo((*session, props.config.clone(), props.auth.clone()), |(_, config, auth)| KeptDrafts {
        owner: draft_store::owner(config, &auth.0),
        tab: (*tab).clone(),
        store: (*store).clone(),
    });
    // Drafts nobody came back to within 30 days are dropped, and the admin is told.
    let expired = use_state(|| 0usize);
    {
        let expired = expired.clone();
        use_effect_with((), move |_| expired.set(draft_store::drop_expired()));
    }
    let expired_notice = (*expired > 0).then(|| {
        let dismiss = {
            let expired = expired.clone();
            Callback::from(move |_| expired.set(0))
        };
        html! {
            <div class="banner info" role="status" data-notice="expired-drafts">
                { format!("{} set(s) of unsaved edits older than 30 days were removed from this browser.", *expired) }
                <button type="button" data-action="dismiss-notice" onclick={dismiss}>{ "OK" }</button>
            </div>
        }
    });
    html! {
        <ContextProvider<GraphHandle> context={(*graph).clone()}>
        <ContextProvider<AuthSession> context={*session}>
        <ContextProvider<KeptDrafts> context={(*kept).clone()}>
        <ContextProvider<DirectoryHandle> context={directory.bumped(*directory_version)}>
        <ContextProvider<Tenants> context={tenants}>
            <HashRouter>
                <header class="topbar">
                    <Link<Route> to={Route::List} classes="brand">{ "Office Client Policy Editor" }</Link<Route>>
                    <nav class="pages"><Link<Route> to={Route::List}>{ "Configurations" }</Link<Route>>
                        <Link<Route> to={Route::Effective}>{ "Effective policy" }</Link<Route>></nav>
                    { tenant_badge(&props.auth.0, &kept, (props.config.clouds.len() > 1).then_some(cloud)) }
                    <span class="cloud">{ format!("Graph: {}", graph.base_url) }</span>
                    <AuthBar auth={props.auth.clone()} on_session={on_session} />
                    <CatalogBar site={site_templates} />
                </header>
                <main>
                    { expired_notice.unwrap_or_default() }
                    { switched_notice(&switched) }
                    <Switch<Route> render={switch} />
                </main>
            </HashRouter>
        </ContextProvider<Tenants>>
        </ContextProvider<DirectoryHandle>>
        </ContextProvider<KeptDrafts>>
        </ContextProvider<AuthSession>>
        </ContextProvider<GraphHandle>>
    }
}

/// The tab's MSAL account: its id, cloud and name as the header shows it (`None` without MSAL,
/// or signed out).
fn active_identity(auth: &crate::auth::Auth) -> Option<(String, Cloud, String)> {
    match auth {
        crate::auth::Auth::Msal(source) => {
            source.active_account().map(|a| (a.home_account_id.clone(), a.cloud, a.label(false)))
        }
        _ => None,
    }
}

/// The account changed in this tab: what belonged to the old one is closed, and said so.
fn switched_notice(switched: &UseStateHandle<Option<(String, String)>>) -> Html {
    let Some((old, new)) = (**switched).clone() else { return Html::default() };
    let dismiss = {
        let switched = switched.clone();
        Callback::from(move |_| switched.set(None))
    };
    html! {
        <div class="banner info" role="status" data-notice="account-switched">
            { format!("Now working as {new}. What was open for {old} (an import's dry run, a review, a comparison) was closed; a request already under way finishes as {old}, and nothing new is sent as {old}.") }
            <button type="button" data-action="dismiss-notice" onclick={dismiss}>{ "OK" }</button>
        </div>
    }
}

/// Which tenant every page is about: the signed-in account's domain (its tenant id on hover), the
/// pasted token's tenant, or the development tenant. With several clouds configured, the badge
/// names the cloud too.
fn tenant_badge(auth: &crate::auth::Auth, kept: &KeptDrafts, cloud: Option<Cloud>) -> Html {
    let shown = match auth {
        crate::auth::Auth::Msal(source) => source.active_account().map(|a| {
            let domain = a.username.rsplit_once('@').map(|(_, d)| d.to_string()).unwrap_or_default();
            if domain.is_empty() {
                a.tenant_id.clone()
            } else {
                domain
            }
        }),
        crate::auth::Auth::Fixed(_) => Some("local development tenant".to_string()),
        crate::auth::Auth::Pasted(_) => kept.owner.as_ref().map(|o| o.tenant.clone()),
    };
    let Some(shown) = shown else { return Html::default() };
    let tenant = kept.owner.as_ref().map(|o| o.tenant.clone()).unwrap_or_default();
    let shown = match cloud {
        Some(cloud) => format!("Tenant: {shown} ({} cloud)", cloud.label()),
        None => format!("Tenant: {shown}"),
    };
    let cloud = cloud.map(|c| c.as_str());
    html! { <span class="tenant" data-tenant={tenant.clone()} data-cloud={cloud} title={format!("Tenant {tenant}")}>{ shown }</span> }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Home => html! { <Redirect<Route> to={Route::List} /> },
        Route::List => html! { <ConfigurationList /> },
        Route::Editor { id } => html! { <parts::Editor id={AttrValue::from(id)} /> },
        Route::Effective => html! { <parts::Effective /> },
        Route::NotFound => html! {
            <p class="banner error" role="alert">{ "There is no such page. " }<Link<Route> to={Route::List}>{ "Go to the list" }</Link<Route>></p>
        },
    }
}

/// The header's catalog line, and the part behind it once it was first asked for.
#[function_component]
fn CatalogBar(props: &CatalogBarProps) -> Html {
    let made = catalog::use_asks_made();
    html! {
        <>
            { catalog::line_now(&props.site) }
            if made > 0 { <parts::CatalogWork {made} /> }
        </>
    }
}
