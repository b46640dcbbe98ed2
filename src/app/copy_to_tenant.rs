//! Another signed-in tenant, from a configuration (`name="copy-to-tenant"` picks the account):
//! copy it there — the configuration as saved, written as a backup file and imported through the
//! import's dry run there (`data-action="copy-to-tenant"`) — or compare it with one of that
//! tenant's configurations, read without switching (`data-action="compare-tenant"`, then
//! `name="compare-with"` and `data-action="compare-with"`; `core::pages::compare::Across`). Shown only
//! when another account is signed in.

use super::catalog_panel::use_loaded_catalog;
use super::clock::now;
use super::context::Route;
use super::context::Tenants;
use super::directory::use_directory;
use super::draft_store::KeptDrafts;
use super::machine::{use_machine, Runner};
use super::review_dialog::changes_html;
use super::session::use_session;
use super::transfer_view::source;
use crate::core::catalog::Catalog;
use crate::core::pages::backup;
use crate::core::pages::compare::{Across, AcrossAction, AcrossEffect};
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component]
pub fn CopyToTenant() -> Html {
    let catalog = use_loaded_catalog();
    let tenants = use_context::<Tenants>();
    let kept = use_context::<KeptDrafts>();
    let directory = use_directory();
    let session = use_session();
    let navigator = use_navigator();
    let picked = use_node_ref();
    let other = use_node_ref();
    // The comparison, run by the one runner; its reads go to the tenant picked when they start.
    let across = {
        let (picked, session) = (picked.clone(), session.clone());
        use_machine(tenants.clone(), move |tenants| {
            let tenants = tenants.clone();
            Runner::new(Across::default(), move |runner: &Runner<Across>, effect| {
                let account = picked.cast::<HtmlSelectElement>().map(|s| s.value());
                let Some(api) = tenants.as_ref().zip(account).map(|(t, account)| t.graph_for(&account)) else {
                    return;
                };
                match effect {
                    AcrossEffect::List => runner.spawn(async move { AcrossAction::Listed(api.list_rows().await) }),
                    AcrossEffect::Read(id) => {
                        let mine = Box::new(session.state().editor.entity.clone().unwrap_or_default());
                        runner.spawn(async move { AcrossAction::Read(api.get(&id).await.map(Box::new), mine) })
                    }
                }
            })
        })
    };
    let (Some(tenants), Some(kept)) = (tenants, kept) else { return Html::default() };
    let (others, with_cloud) = (tenants.others(), tenants.several_clouds());
    if others.is_empty() {
        return Html::default();
    }
    let step = across.reform(|action: AcrossAction| action);
    let go = {
        let (picked, session) = (picked.clone(), session.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(account) = picked.cast::<HtmlSelectElement>().map(|s| s.value()) else { return };
            let s = session.state();
            let Some(entity) = s.editor.entity.clone() else { return };
            let at = now();
            let from = source(&kept);
            let text = backup::export(std::slice::from_ref(&entity), &from, &at, &directory.names(), false);
            let name = backup::copied_name(entity.title(), &from);
            drop(s);
            tenants.switch_and_import(&account, (name, text));
            if let Some(n) = &navigator {
                n.push(&Route::List);
            }
        })
    };
    html! {
        <div class="copy-to-tenant">
            <label for="copy-to-tenant">{ "Copy to another signed-in tenant" }</label>
            <select id="copy-to-tenant" name="copy-to-tenant" ref={picked}>
                { for others.iter().enumerate().map(|(i, a)| html! { <option value={a.home_account_id.clone()} selected={i == 0}>{ a.label(with_cloud) }</option> }) }
            </select>
            <button type="button" data-action="copy-to-tenant" onclick={go}>{ "Copy (dry run first)" }</button>
            <button type="button" data-action="compare-tenant" onclick={step.reform(|_: MouseEvent| AcrossAction::Start)}>{ "Compare with one of its configurations" }</button>
            <p class="help">{ "Copy: the configuration as last saved goes; the page switches to that tenant and shows the import's dry run there. Compare: nothing is sent." }</p>
            { across_html(&across.state(), &other, &step, catalog.as_deref().map(|l| &l.catalog)) }
        </div>
    }
}

fn across_html(across: &Across, other: &NodeRef, step: &Callback<AcrossAction>, catalog: Option<&Catalog>) -> Html {
    match across {
        Across::Idle => Html::default(),
        Across::Listing | Across::Reading => html! { <p role="status">{ "Reading that tenant…" }</p> },
        Across::Failed(message) => html! { <p class="field-error" role="alert">{ message.clone() }</p> },
        Across::Picking(items) if items.is_empty() => {
            html! { <p role="status">{ "That tenant has no configurations." }</p> }
        }
        Across::Picking(items) => {
            let pick = {
                let (other, step) = (other.clone(), step.clone());
                Callback::from(move |_: MouseEvent| {
                    if let Some(id) = other.cast::<HtmlSelectElement>().map(|s| s.value()) {
                        step.emit(AcrossAction::Pick(id));
                    }
                })
            };
            html! {
                <>
                    <label for="compare-with">{ "Its configuration" }</label>
                    <select id="compare-with" name="compare-with" ref={other.clone()}>
                        { for items.iter().enumerate().map(|(i, (id, name))| html! { <option value={id.clone()} selected={i == 0}>{ name.clone() }</option> }) }
                    </select>
                    <button type="button" data-action="compare-with" onclick={pick}>{ "Compare" }</button>
                </>
            }
        }
        Across::Ready { to, changes } => html! {
            <section class="compare-across" aria-label="Comparison">
                <button type="button" data-action="close-comparison" onclick={step.reform(|_: MouseEvent| AcrossAction::Cancel)}>{ "Close the comparison" }</button>
                <p role="status">{ if changes.is_empty() {
                    format!("\"{to}\" sets the same policy as this one.")
                } else {
                    format!("{} propert{} differ from \"{to}\" there; each line reads as this one → that one. Check-in data is left out.", changes.len(), if changes.len() == 1 { "y" } else { "ies" })
                } }</p>
                { changes_html(changes, catalog) }
            </section>
        },
    }
}
