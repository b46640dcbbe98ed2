//! The admin's unsaved edits outside the form: kept in storage as they are typed (debounced),
//! offered back after a reload (restored by a three-way merge, never silently), a word when
//! the browser will not keep them, news of a save in another tab, and the "leave the page?"
//! question.

use super::draft_store::{self, KeptDrafts};
use super::listen;
use super::state::use_editor;
use crate::core::editor::Action;
use crate::core::kept_drafts::{pick_offer, DraftOwner, SavedDraft, SavedSignal};
use crate::graph::GraphHandle;
use gloo_timers::callback::Timeout;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KeptEditsProps {
    pub id: AttrValue,
}

#[function_component]
pub fn KeptEdits(props: &KeptEditsProps) -> Html {
    let editor = use_editor();
    let graph = use_context::<GraphHandle>().expect("KeptEdits needs a GraphHandle context");
    let kept = use_context::<KeptDrafts>().expect("KeptEdits needs a KeptDrafts context");
    let offer = use_state(|| None::<(String, SavedDraft)>);
    // The configuration and owner whose kept drafts were last looked at.
    let checked = use_mut_ref(|| None::<(AttrValue, Option<DraftOwner>)>);
    let pending_write = use_mut_ref(|| None::<Timeout>);
    let not_kept = use_state(|| false);
    let saved_elsewhere = use_state(|| None::<String>);
    let own_key = kept.owner.as_ref().map(|o| o.key(&props.id, &kept.tab));

    // A kept draft found at load is offered back, never applied silently.
    {
        let (offer, checked, kept) = (offer.clone(), checked.clone(), kept.clone());
        use_effect_with(
            (editor.entity.is_some(), props.id.clone(), kept.owner.clone()),
            move |(is_loaded, id, owner)| {
                if let (true, Some(owner)) = (*is_loaded, owner) {
                    let looked_at = (id.clone(), Some(owner.clone()));
                    if checked.borrow().as_ref() != Some(&looked_at) {
                        *checked.borrow_mut() = Some(looked_at);
                        let candidates = draft_store::candidates(owner, id);
                        offer.set(pick_offer(&kept.tab, &draft_store::live_tabs(), &candidates).cloned());
                    }
                }
            },
        );
    }
    // Edits go to storage as they are typed, with the copy they were made on.
    {
        let (pending_write, not_kept, own_key) = (pending_write.clone(), not_kept.clone(), own_key.clone());
        let offered = offer.is_some();
        let base_last_modified = editor.entity.as_ref().and_then(|e| e.last_modified_date_time.clone());
        let loaded_yet = editor.entity.is_some();
        use_effect_with((editor.draft.clone(), editor.loaded.clone(), offered), move |(draft, loaded, offered)| {
            if let (false, true, Some(key)) = (*offered, loaded_yet, own_key) {
                let saved = SavedDraft {
                    saved_at: String::new(),
                    base_last_modified,
                    base: loaded.clone(),
                    draft: draft.clone(),
                };
                *pending_write.borrow_mut() = Some(Timeout::new(400, move || {
                    if saved.has_edits() {
                        let saved = SavedDraft { saved_at: draft_store::now(), ..saved };
                        if draft_store::store(&key, &saved).is_err() && !*not_kept {
                            not_kept.set(true);
                        }
                    } else {
                        draft_store::forget(&key);
                    }
                }));
            }
        });
    }
    // Another tab saved this configuration: say so, and offer to read it again.
    {
        let saved_elsewhere = saved_elsewhere.clone();
        let watched = kept.owner.as_ref().map(|o| o.saved_key(&props.id));
        let tab = kept.tab.clone();
        use_effect_with(watched, move |watched| {
            let watched = watched.clone();
            listen("storage", move |e: web_sys::StorageEvent| {
                if e.key().is_some() && e.key() == watched {
                    let signal = e.new_value().as_deref().and_then(SavedSignal::from_json);
                    if let Some(signal) = signal.filter(|s| s.tab != tab) {
                        saved_elsewhere.set(Some(signal.saved_at));
                    }
                }
            })
        });
    }
    // Leaving with unsaved edits asks first, except when the page leaves for a sign-in redirect.
    use_effect_with(editor.has_changes(), move |has_changes| {
        let guard = has_changes.then(|| {
            listen("beforeunload", |e: web_sys::BeforeUnloadEvent| {
                let window = web_sys::window().expect("a window");
                let redirecting =
                    js_sys::Reflect::get(&window, &"__msalRedirecting".into()).ok().is_some_and(|v| v.is_truthy());
                if !redirecting {
                    e.prevent_default();
                    e.set_return_value("You have unsaved edits.");
                }
            })
        });
        move || guard.map_or((), |stop| stop())
    });

    let restore_banner = offer.as_ref().map(|(key, saved)| {
        let restore = {
            let (editor, offer, key, saved, own_key) = (editor.clone(), offer.clone(), key.clone(), saved.clone(), own_key.clone());
            Callback::from(move |_| {
                // Another tab's draft becomes this tab's: it is written again under this tab's key.
                if own_key.as_deref() != Some(key.as_str()) {
                    draft_store::forget(&key);
                }
                editor.dispatch(Action::RestoreDraft { base: saved.base.clone(), draft: saved.draft.clone() });
                offer.set(None);
            })
        };
        let discard = {
            let (offer, key) = (offer.clone(), key.clone());
            Callback::from(move |_| {
                draft_store::forget(&key);
                offer.set(None);
            })
        };
        html! {
            <div class="banner info restore" role="region" aria-label="Unsaved edits">
                <p>{ format!("You have unsaved edits to this configuration from {}. They were kept in this browser; restoring them keeps every change made on the server since, and asks where both changed the same property.", saved.saved_at) }</p>
                <button type="button" class="primary" data-action="restore" onclick={restore}>{ "Restore my edits" }</button>
                <button type="button" data-action="discard-kept" onclick={discard}>{ "Discard them" }</button>
            </div>
        }
    });
    let not_kept_notice = not_kept.then(|| html! {
        <div class="banner warning" role="status" data-notice="not-kept">
            { "Edits are not being kept in this browser: its storage is full or turned off. Save your edits before you close or reload this page." }
        </div>
    });
    let saved_elsewhere_banner = saved_elsewhere.as_ref().map(|at| {
        let reload = {
            let (editor, graph, id, saved_elsewhere) = (editor.clone(), graph.clone(), props.id.clone(), saved_elsewhere.clone());
            Callback::from(move |_| {
                saved_elsewhere.set(None);
                editor.dispatch(Action::LoadStarted);
                let (editor, graph, id) = (editor.clone(), graph.clone(), id.clone());
                yew::platform::spawn_local(async move { editor.dispatch(Action::LoadFinished(graph.0.get(&id).await)) });
            })
        };
        html! {
            <div class="banner info" role="region" aria-label="Saved in another tab">
                <p>{ format!("This configuration was saved in another tab at {at}. Reload it to see that save; your edits here are kept, and you choose where both changed the same property.") }</p>
                <button type="button" class="primary" data-action="reload-configuration" onclick={reload}>{ "Reload" }</button>
            </div>
        }
    });
    html! {
        <>
            { restore_banner.unwrap_or_default() }
            { not_kept_notice.unwrap_or_default() }
            { saved_elsewhere_banner.unwrap_or_default() }
        </>
    }
}
