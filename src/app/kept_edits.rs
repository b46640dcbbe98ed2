//! The banners about the admin's edits outside the form: a kept draft on offer (restored by a
//! three-way merge, never silently), storage that will not keep edits, and a save made in
//! another tab. The rules are `core::pages::session`'s; this only renders them.

use super::session::use_session;
use crate::core::pages::session::{Action, NotKept};
use yew::prelude::*;

#[function_component]
pub fn KeptEdits() -> Html {
    let session = use_session();
    let s = session.state();
    let restore_banner = s.offer().map(|saved| html! {
        <div class="banner info restore" role="region" aria-label="Unsaved edits">
            <p>{ format!("You have unsaved edits to this configuration from {}. They were kept in this browser; restoring them keeps every change made on the server since, and asks where both changed the same property.", saved.saved_at) }</p>
            <button type="button" class="primary" data-action="restore" onclick={session.reform(|_: MouseEvent| Action::RestoreKept)}>{ "Restore my edits" }</button>
            <button type="button" data-action="discard-kept" onclick={session.reform(|_: MouseEvent| Action::DiscardKept)}>{ "Discard them" }</button>
        </div>
    });
    let not_kept_notice = s.not_kept().map(|why| {
        let text = match why {
            NotKept::Refused => "Edits are not being kept in this browser: its storage is full or turned off. Save your edits before you close or reload this page.".to_string(),
            // Tenths of a MB in integers: float formatting would add kilobytes to the wasm.
            NotKept::TooLarge { bytes } => format!("Edits are not being kept in this browser: with payloads of {}.{} MB they are larger than its storage takes. Save your edits before you close or reload this page.", bytes / 1_000_000, bytes / 100_000 % 10),
        };
        html! { <div class="banner warning" role="status" data-notice="not-kept">{ text }</div> }
    });
    let saved_elsewhere_banner = s.saved_elsewhere().map(|at| html! {
        <div class="banner info" role="region" aria-label="Saved in another tab">
            <p>{ format!("This configuration was saved in another tab at {at}. Reload it to see that save; your edits here are kept, and you choose where both changed the same property.") }</p>
            <button type="button" class="primary" data-action="reload-configuration" onclick={session.reform(|_: MouseEvent| Action::Reload)}>{ "Reload" }</button>
        </div>
    });
    html! {
        <>
            { restore_banner.unwrap_or_default() }
            { not_kept_notice.unwrap_or_default() }
            { saved_elsewhere_banner.unwrap_or_default() }
        </>
    }
}
