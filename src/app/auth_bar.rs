//! Who is signed in, and the controls to sign in, switch or add an account, paste a token, or
//! sign out. Tokens never reach the DOM: a pasted one leaves the input as soon as it is used.

use super::AuthProp;
use crate::auth::{Auth, MsalTokenSource};
use std::rc::Rc;
use web_sys::{HtmlInputElement, HtmlSelectElement};
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
    let refresh = {
        let (version, on_session) = (version.clone(), props.on_session.clone());
        move || {
            version.set(*version + 1);
            on_session.emit(());
        }
    };
    let error_line = error.as_ref().map(|e| html! { <span class="auth-error" role="alert">{ e.clone() }</span> });
    let body = match &props.auth.0 {
        Auth::Fixed(_) => html! { <span class="auth-state">{ "Development token from config.json" }</span> },
        Auth::Pasted(source) if source.is_set() => {
            let (source, refresh) = (source.clone(), refresh.clone());
            html! {
                <>
                    <span class="auth-state">{ "Using a pasted token" }</span>
                    <button type="button" onclick={move |_| { source.clear(); refresh(); }}>{ "Forget token" }</button>
                </>
            }
        }
        Auth::Pasted(source) => {
            let onsubmit = {
                let (source, input, refresh) = (source.clone(), input.clone(), refresh.clone());
                Callback::from(move |e: SubmitEvent| {
                    e.prevent_default();
                    if let Some(field) = input.cast::<HtmlInputElement>() {
                        source.set(&field.value());
                        field.set_value("");
                    }
                    refresh();
                })
            };
            html! {
                <form class="token-form" {onsubmit}>
                    <label for="bearer-token">{ "Access token" }</label>
                    <input id="bearer-token" ref={input} type="password" autocomplete="off" placeholder="Paste a Graph access token" />
                    <button type="submit">{ "Use token" }</button>
                </form>
            }
        }
        Auth::Msal(source) => msal_controls(source, &error, refresh),
    };
    html! { <div class="auth">{ body }{ error_line.unwrap_or_default() }</div> }
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
) -> Html {
    let sign_in = |choose: bool| {
        msal_action(
            source,
            error,
            refresh.clone(),
            move |s| async move { s.sign_in(choose).await.map(|a| a.is_some()) },
        )
    };
    let Some(active) = source.active_account() else {
        return html! { <button type="button" class="primary" data-action="sign-in" onclick={sign_in(false)}>{ "Sign in" }</button> };
    };
    let accounts = source.accounts();
    let switch = {
        let (source, refresh) = (source.clone(), refresh.clone());
        Callback::from(move |e: Event| {
            source.set_active(&e.target_unchecked_into::<HtmlSelectElement>().value());
            refresh();
        })
    };
    let sign_out = msal_action(source, error, refresh.clone(), |s| async move { s.sign_out().await.map(|_| true) });
    let chooser = if accounts.len() > 1 {
        html! {
            <>
                <label for="account" class="visually-hidden">{ "Signed-in account" }</label>
                <select id="account" name="account" onchange={switch}>
                    { for accounts.iter().map(|a| html! {
                        <option value={a.home_account_id.clone()} selected={a.home_account_id == active.home_account_id}>
                            { format!("{} ({})", a.name, a.username) }
                        </option>
                    }) }
                </select>
            </>
        }
    } else {
        html! { <span class="auth-state account">{ format!("{} ({})", active.name, active.username) }</span> }
    };
    html! {
        <>
            { chooser }
            <span class="tenant" title="Tenant ID">{ format!("tenant {}", active.tenant_id) }</span>
            <button type="button" data-action="add-account" onclick={sign_in(true)}>{ "Add account" }</button>
            <button type="button" data-action="sign-out" onclick={sign_out}>{ "Sign out" }</button>
        </>
    }
}
