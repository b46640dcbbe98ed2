//! The review before a save: each changed property old → new, payloads as diffs by JSON path,
//! and the exact requests (token redacted), also as curl and PowerShell. Confirm sends exactly
//! these (`core::rules::review::Review`, made by the session when the review opens, from the plan
//! it then sends).

use super::catalog_panel::{policy_names, use_loaded_catalog};
use super::modal::Modal;
use super::session::use_session;
use crate::core::catalog::Catalog;
use crate::core::pages::session::Action;
use crate::core::rules::review::{self, RequestPreview};
use crate::core::text::settings_index::Index;
use std::cell::RefCell;
use std::rc::Rc;
use yew::prelude::*;

/// Copies `text` to the clipboard; where the browser refuses, the text is still selectable.
fn copy_button(label: &'static str, text: String) -> Html {
    let onclick = Callback::from(move |_: MouseEvent| {
        if let Some(window) = web_sys::window() {
            let _ = window.navigator().clipboard().write_text(&text);
        }
    });
    html! { <button type="button" class="copy" {onclick}>{ label }</button> }
}

/// Each changed property with its lines (`section.change[data-property]`): the review's, an
/// import's and a comparison's; with a catalog loaded, each line with the names of the policies
/// it touches (`[data-policy-names]`).
pub fn changes_html(changes: &[review::Change], catalog: Option<&Catalog>) -> Html {
    html! {
        { for changes.iter().map(|c| html! {
            <section class="change" data-property={c.property.name()}>
                <h3>{ c.property.name() }</h3>
                { lines_html(c, catalog) }
            </section>
        }) }
    }
}

thread_local! {
    /// The payload texts indexed last (a review, an import and a comparison show a few).
    static INDEXED: RefCell<Vec<(Rc<str>, Rc<Index>)>> = const { RefCell::new(Vec::new()) };
}

/// A payload text's index, made once while it is shown.
fn indexed(text: &Rc<str>) -> Rc<Index> {
    INDEXED.with(|kept| {
        let mut kept = kept.borrow_mut();
        if let Some((_, index)) = kept.iter().find(|(t, _)| Rc::ptr_eq(t, text)) {
            return index.clone();
        }
        let index = Rc::new(Index::new(text));
        kept.insert(0, (text.clone(), index.clone()));
        kept.truncate(8);
        index
    })
}

/// A change's lines; with a catalog loaded, each with the names of the policies it touches
/// (read in the payload's texts too: a line inside an entry is named by the entry).
pub fn lines_html(change: &review::Change, catalog: Option<&Catalog>) -> Html {
    let texts = catalog.and(change.texts.as_ref()).map(|(was, now)| [(now, indexed(now)), (was, indexed(was))]);
    let read: Vec<(&str, &Index)> = texts.iter().flatten().map(|(text, index)| (&***text, &**index)).collect();
    html! {
        <ul>{ for change.lines.iter().map(|line| html! {
            <li><code>{ line.clone() }</code>{ policy_names(catalog, line, &read) }</li>
        }) }</ul>
    }
}

fn request_html(request: &RequestPreview) -> Html {
    let headers: String = request.headers.iter().map(|(n, v)| format!("{n}: {v}\n")).collect();
    let body = request.body.clone().unwrap_or_default();
    html! {
        <section class="request" data-preview="request" data-method={request.method.as_str()} data-url={request.url.clone()}>
            <pre class="request-line">{ format!("{} {}", request.method.as_str(), request.url) }</pre>
            <pre class="headers">{ headers }</pre>
            if request.body.is_some() {
                <details>
                    <summary>{ format!("Body: {} bytes (payloads as base64) — expand", body.len()) }</summary>
                    <pre class="body">{ body.clone() }</pre>
                    { copy_button("Copy body", body) }
                </details>
            }
        </section>
    }
}

#[function_component]
pub fn ReviewDialog() -> Html {
    let session = use_session();
    let catalog = use_loaded_catalog();
    let s = session.state();
    // Made once, when the review opened (`core::rules::review::Review`).
    let Some(review::Review { changes, requests, curl, powershell, .. }) = s.editor.review_shown() else {
        return Html::default();
    };
    let (curl, powershell) = (curl.clone(), powershell.clone());
    let onkeydown = session.on_escape(|| Action::CancelSave);
    html! {
        <Modal>
            <div class="dialog review" role="dialog" aria-modal="true" aria-labelledby="review-title" {onkeydown}>
                <h2 id="review-title">{ "Review before saving" }</h2>
                <div class="changes">{ changes_html(changes, catalog.as_deref().map(|l| &l.catalog)) }</div>
                <h3>{ format!("{} request(s) will be sent", requests.len()) }</h3>
                if s.streams_separately() {
                    <p class="note" data-notice="streams-separately">{ "This tenant's Graph refused payloads inline, so from now on for this tenant (in this browser) each edited payload is written with PUT to its own URL, after the PATCH of the other properties." }</p>
                }
                { for requests.iter().map(request_html) }
                <details class="snippets">
                    <summary>{ "The same as curl or Microsoft Graph PowerShell" }</summary>
                    <p class="help">{ "Set TOKEN (for PowerShell: $env:TOKEN) to an access token first." }</p>
                    <pre data-snippet="curl">{ curl.clone() }</pre>
                    { copy_button("Copy curl", curl) }
                    <pre data-snippet="powershell">{ powershell.clone() }</pre>
                    { copy_button("Copy PowerShell", powershell) }
                </details>
                <div class="actions-row">
                    <button type="button" class="primary" data-action="confirm" onclick={session.reform(|_: MouseEvent| Action::ConfirmSave)}>{ "Save" }</button>
                    <button type="button" data-action="cancel" onclick={session.reform(|_: MouseEvent| Action::CancelSave)}>{ "Cancel" }</button>
                </div>
            </div>
        </Modal>
    }
}
