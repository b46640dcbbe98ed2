//! Who is signed in, and the controls to sign in, paste a token, or sign out.

use super::AuthProp;
use crate::auth::Auth;
use web_sys::HtmlInputElement;
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
                        // The token leaves the DOM at once; it lives in memory only.
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
        Auth::Msal(source) => match source.account() {
            Some(account) => {
                let (source, error, refresh) = (source.clone(), error.clone(), refresh.clone());
                let sign_out = Callback::from(move |_| {
                    let (source, error, refresh) = (source.clone(), error.clone(), refresh.clone());
                    yew::platform::spawn_local(async move {
                        match source.sign_out().await {
                            Ok(()) => refresh(),
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    });
                });
                html! {
                    <>
                        <span class="auth-state" title={account.tenant_id.clone()}>{ format!("{} ({})", account.name, account.username) }</span>
                        <button type="button" onclick={sign_out}>{ "Sign out" }</button>
                    </>
                }
            }
            None => {
                let (source, error, refresh) = (source.clone(), error.clone(), refresh.clone());
                let sign_in = Callback::from(move |_| {
                    let (source, error, refresh) = (source.clone(), error.clone(), refresh.clone());
                    yew::platform::spawn_local(async move {
                        match source.sign_in().await {
                            Ok(_) => {
                                error.set(None);
                                refresh();
                            }
                            Err(e) => error.set(Some(e.to_string())),
                        }
                    });
                });
                html! { <button type="button" class="primary" onclick={sign_in}>{ "Sign in" }</button> }
            }
        },
    };
    html! { <div class="auth">{ body }{ error_line.unwrap_or_default() }</div> }
}
