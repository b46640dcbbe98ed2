//! Who is signed in, and the controls to sign in, switch or add an account, paste a token, or
//! sign out. Tokens never reach the DOM: a pasted one leaves the input as soon as it is used.

use super::context::AuthProp;
use super::draft_store::{self, KeptDrafts};
use crate::auth::{Auth, MsalTokenSource};
use crate::core::rules::config::Cloud;
use std::rc::Rc;
use web_sys::{HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct AuthBarProps {
    pub auth: AuthProp,
    /// Called after the token source changed, so pages read Graph again.
    pub on_session: Callback<()>,
}

#[function_component]
pub fn AuthBar(props: &AuthBarProps) -> Html {
    let error = use_state(|| None::<String>);
    let version = use_state(|| 0u32);
    let input = use_node_ref();
    let cloud_choice = use_node_ref();
    let refresh = {
        let (version, on_session) = (version.clone(), props.on_session.clone());
        move || {
            version.set(*version + 1);
            on_session.emit(());
        }
    };
    let error_line = error.as_ref().map(|e| html! { <span class="auth-error" role="alert">{ e.clone() }</span> });
    // Signing out removes this account's kept drafts: with unsaved edits, ask first.
    let kept = use_context::<KeptDrafts>().expect("AuthBar needs a KeptDrafts context");
    let confirming = use_state(|| None::<(usize, Callback<()>)>);
    let guarded = |sign_out: Callback<()>| {
        let (kept, confirming) = (kept.clone(), confirming.clone());
        Callback::from(move |_: MouseEvent| {
            let Some(owner) = kept.owner.clone() else { return sign_out.emit(()) };
            let forget_then_sign_out = sign_out.reform(move |()| draft_store::forget_owner(&owner));
            match draft_store::count(kept.owner.as_ref().expect("checked above")) {
                0 => forget_then_sign_out.emit(()),
                n => confirming.set(Some((n, forget_then_sign_out))),
            }
        })
    };
    let body = match &props.auth.0 {
        Auth::Fixed(_) => html! { <span class="auth-state">{ "Development token from config.json" }</span> },
        Auth::Pasted(source) if source.is_set() => {
            let (source, refresh) = (source.clone(), refresh.clone());
            html! {
                <>
                    <span class="auth-state">{ "Using a pasted token" }</span>
                    <button type="button" data-action="forget-token" onclick={guarded(Callback::from(move |()| { source.clear(); refresh(); }))}>{ "Forget token" }</button>
                </>
            }
        }
        Auth::Pasted(source) => {
            let onsubmit = {
                let (source, input, refresh, error) = (source.clone(), input.clone(), refresh.clone(), error.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(field) = input.cast::<HtmlTextAreaElement>() {
                        let outcome = source.set(&field.value());
                        field.set_value("");
                        match outcome {
                            Ok(()) => {
                                error.set(None);
                                refresh();
                            }
                            Err(problem) => error.set(Some(problem.to_string())),
                        }
                    }
                })
            };
            // A textarea, not a password field: no password manager offers to keep the token.
            html! {
                <form class="token-form" {onsubmit}>
                    <label for="bearer-token">{ "Access token" }</label>
                    <textarea id="bearer-token" name="bearer-token" ref={input} rows="1" autocomplete="off" spellcheck="false"
                        autocapitalize="off" placeholder="Paste a Graph access token" />
                    <button type="submit" data-action="use-token">{ "Use token" }</button>
                </form>
            }
        }
        Auth::Msal(source) => msal_controls(source, &error, refresh, &guarded, &cloud_choice),
    };
    let confirm = confirming.as_ref().map(|(count, proceed)| {
        let cancel = {
            let confirming = confirming.clone();
            Callback::from(move |_| confirming.set(None))
        };
        let proceed = {
            let (confirming, proceed) = (confirming.clone(), proceed.clone());
            Callback::from(move |_| {
                confirming.set(None);
                proceed.emit(());
            })
        };
        html! {
            <div class="banner warning confirm" role="alertdialog" aria-label="Sign out">
                <p>{ format!("You have unsaved edits to {count} configuration(s) kept in this browser for this account. Signing out removes them.") }</p>
                <button type="button" class="danger" data-action="confirm-sign-out" onclick={proceed}>{ "Sign out and remove them" }</button>
                <button type="button" data-action="cancel-sign-out" onclick={cancel}>{ "Cancel" }</button>
            </div>
        }
    });
    html! { <div class="auth">{ body }{ error_line.unwrap_or_default() }{ confirm.unwrap_or_default() }</div> }
}

/// Runs one MSAL action from a click, then refreshes or shows its error.
fn msal_action<F, Fut>(
    source: &Rc<MsalTokenSource>,
    error: &UseStateHandle<Option<String>>,
    refresh: impl Fn() + 'static,
    run: F,
) -> Callback<MouseEvent>
where
    F: Fn(Rc<MsalTokenSource>) -> Fut + 'static,
    // Ok(false): nothing changed here (the page is leaving for a sign-in redirect).
    Fut: std::future::Future<Output = Result<bool, crate::auth::AuthError>> + 'static,
{
    let (source, error, refresh, run) = (source.clone(), error.clone(), Rc::new(refresh), Rc::new(run));
    Callback::from(move |_| {
        let (source, error, refresh, run) = (source.clone(), error.clone(), refresh.clone(), run.clone());
        yew::platform::spawn_local(async move {
            match run(source).await {
                Ok(true) => {
                    error.set(None);
                    refresh();
                }
                Ok(false) => {}
                Err(e) => error.set(Some(e.to_string())),
            }
        });
    })
}

fn msal_controls(
    source: &Rc<MsalTokenSource>,
    error: &UseStateHandle<Option<String>>,
    refresh: impl Fn() + Clone + 'static,
    guarded: &dyn Fn(Callback<()>) -> Callback<MouseEvent>,
    cloud_choice: &NodeRef,
) -> Html {
    let clouds = source.clouds().to_vec();
    // With several clouds configured, the admin picks the one to sign in to.
    let cloud_picker = (clouds.len() > 1).then(|| {
        html! {
            <>
                <label for="sign-in-cloud" class="visually-hidden">{ "Cloud to sign in to" }</label>
                <select id="sign-in-cloud" name="sign-in-cloud" title="Cloud to sign in to" ref={cloud_choice.clone()}>
                    // `selected` said: Yew inserts options last first, which would select the last.
                    { for clouds.iter().enumerate().map(|(i, c)| html! { <option value={c.as_str()} selected={i == 0}>{ c.label() }</option> }) }
                </select>
            </>
        }
    });
    let sign_in = |choose: bool| {
        let main = clouds.first().copied().unwrap_or_default();
        let cloud_choice = cloud_choice.clone();
        msal_action(source, error, refresh.clone(), move |s| {
            // Read at the click: the choice is not state, nothing re-renders when it changes.
            let picked = cloud_choice.cast::<HtmlSelectElement>().and_then(|c| Cloud::parse(&c.value()));
            let cloud = picked.unwrap_or(main);
            async move { s.sign_in(cloud, choose).await.map(|a| a.is_some()) }
        })
    };
    let Some(active) = source.active_account() else {
        return html! {
            <>
                { cloud_picker.unwrap_or_default() }
                <button type="button" class="primary" data-action="sign-in" onclick={sign_in(false)}>{ "Sign in" }</button>
            </>
        };
    };
    let several_clouds = clouds.len() > 1;
    let describe = |a: &crate::auth::MsalAccount| a.label(several_clouds);
    let accounts = source.accounts();
    let switch = {
        let (source, refresh) = (source.clone(), refresh.clone());
        Callback::from(move |e: Event| {
            source.set_active(&e.target_unchecked_into::<HtmlSelectElement>().value());
            refresh();
        })
    };
    let sign_out = msal_action(source, error, refresh.clone(), |s| async move { s.sign_out().await.map(|_| true) });
    let sign_out = guarded(Callback::from(move |()| sign_out.emit(MouseEvent::new("click").expect("an event"))));
    let chooser = if accounts.len() > 1 {
        html! {
            <>
                <label for="account" class="visually-hidden">{ "Signed-in account" }</label>
                <select id="account" name="account" onchange={switch}>
                    { for accounts.iter().map(|a| html! {
                        <option value={a.home_account_id.clone()} selected={a.home_account_id == active.home_account_id}>
                            { describe(a) }
                        </option>
                    }) }
                </select>
            </>
        }
    } else {
        html! { <span class="auth-state account">{ describe(&active) }</span> }
    };
    html! {
        <>
            { chooser }
            <span class="tenant" title="Tenant ID">{ format!("tenant {}", active.tenant_id) }</span>
            { cloud_picker.unwrap_or_default() }
            <button type="button" data-action="add-account" onclick={sign_in(true)}>{ "Add account" }</button>
            <button type="button" data-action="sign-out" onclick={sign_out}>{ "Sign out" }</button>
        </>
    }
}
