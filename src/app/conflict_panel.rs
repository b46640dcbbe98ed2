//! The conflict panel: what changed on the server beside the admin's values, and the choice of
//! what to keep. Nothing is saved until the admin chooses.

use crate::core::pages::editor::Action;
use crate::core::rules::conflict::{ConflictRow, Resolution};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct ConflictPanelProps {
    pub rows: Vec<ConflictRow>,
    pub onresolve: Callback<Action>,
}

fn shorten(text: &str) -> String {
    const MAX: usize = 160;
    if text.chars().count() <= MAX {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(MAX).collect::<String>())
    }
}

/// What changed on the server beside the admin's values, and the choice of what to keep.
#[function_component]
pub fn ConflictPanel(props: &ConflictPanelProps) -> Html {
    let choose = |action: Action| props.onresolve.reform(move |_| action.clone());
    html! {
        <div class="banner conflict" role="alert">
            <strong>{ "Someone changed this configuration since you opened it. Nothing was saved." }</strong>
            <table>
                <thead><tr><th scope="col">{ "Property" }</th><th scope="col">{ "When you opened it" }</th>
                    <th scope="col">{ "On the server now" }</th><th scope="col">{ "Yours" }</th></tr></thead>
                <tbody>
                    { for props.rows.iter().map(|r| html! {
                        <tr class={classes!(r.both_changed.then_some("both"))}>
                            <th scope="row">{ r.key.path() }{ if r.both_changed { " (both changed)" } else { "" } }</th>
                            <td><code>{ shorten(&r.base) }</code></td>
                            <td><code>{ shorten(&r.theirs) }</code></td>
                            <td><code>{ shorten(&r.mine) }</code></td>
                        </tr>
                    }) }
                </tbody>
            </table>
            <p>{ "Either choice keeps your other edits and the server's other changes; review the form, then Save." }</p>
            <button type="button" data-action="keep-mine" onclick={choose(Action::ResolveConflict(Resolution::KeepMine))}>{ "Keep my values" }</button>
            <button type="button" data-action="take-theirs" onclick={choose(Action::ResolveConflict(Resolution::TakeTheirs))}>{ "Take theirs" }</button>
            <button type="button" data-action="dismiss-conflict" onclick={choose(Action::DismissConflict)}>{ "Decide later" }</button>
        </div>
    }
}
