//! Copy to tenant: the configuration as saved, written as a backup file, imported into another
//! signed-in tenant through the import's dry run there (`name="copy-to-tenant"` picks the account,
//! `data-action="copy-to-tenant"` goes). Shown only when another account is signed in.

use super::directory::use_directory;
use super::draft_store::KeptDrafts;
use super::session::use_session;
use super::shell::Tenants;
use super::transfer::{now, source};
use super::Route;
use crate::core::backup;
use web_sys::HtmlSelectElement;
use yew::prelude::*;
use yew_router::prelude::*;

#[function_component]
pub fn CopyToTenant() -> Html {
    let tenants = use_context::<Tenants>();
    let kept = use_context::<KeptDrafts>();
    let directory = use_directory();
    let session = use_session();
    let navigator = use_navigator();
    let picked = use_node_ref();
    let (Some(tenants), Some(kept)) = (tenants, kept) else { return Html::default() };
    let others = tenants.others();
    if others.is_empty() {
        return Html::default();
    }
    let go = {
        let (picked, session) = (picked.clone(), session.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(account) = picked.cast::<HtmlSelectElement>().map(|s| s.value()) else { return };
            let s = session.state();
            let Some(entity) = s.editor.entity.clone() else { return };
            let at = now();
            let from = source(&kept);
            let text = backup::export(std::slice::from_ref(&entity), &from, &at, &directory.names(), false);
            let name = format!("{} (from {})", entity.title(), from.tenant);
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
                { for others.iter().map(|a| html! { <option value={a.home_account_id.clone()}>{ format!("{} ({})", a.name, a.username) }</option> }) }
            </select>
            <button type="button" data-action="copy-to-tenant" onclick={go}>{ "Copy (dry run first)" }</button>
            <p class="help">{ "The configuration as last saved goes; the page switches to that tenant and shows the import's dry run there." }</p>
        </div>
    }
}
