//! Which view of a payload is shown, Settings or JSON: the two buttons above each payload
//! (`data-action="view-settings"`, `data-action="view-json"`), and the choice, kept per browser.

use yew::prelude::*;

/// Which view of the payloads the admin chose last, kept per browser.
const VIEW_KEY: &str = "office-policy-editor.payload-view";

pub fn settings_view_chosen() -> bool {
    super::draft_store::storage().and_then(|s| s.get_item(VIEW_KEY).ok().flatten()).as_deref() == Some("settings")
}

fn choose_settings_view(on: bool) {
    if let Some(storage) = super::draft_store::storage() {
        let _ = storage.set_item(VIEW_KEY, if on { "settings" } else { "json" });
    }
}

/// The two buttons that pick a payload's view (`data-action="view-settings"`, `"view-json"`).
pub fn view_switch(settings: &UseStateHandle<bool>) -> Html {
    let choose = |on: bool| {
        let settings = settings.clone();
        Callback::from(move |_: MouseEvent| {
            choose_settings_view(on);
            settings.set(on);
        })
    };
    html! {
        <span class="view-switch" role="group" aria-label="View">
            <button type="button" data-action="view-settings" aria-pressed={settings.to_string()} onclick={choose(true)}>{ "Settings" }</button>
            <button type="button" data-action="view-json" aria-pressed={(!**settings).to_string()} onclick={choose(false)}>{ "JSON" }</button>
        </span>
    }
}
