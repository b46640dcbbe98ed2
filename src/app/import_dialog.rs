//! The list page's transfer tools (a part: `app::parts::Transfer`, fetched with the toolbar's
//! first ask): `TransferTools` carries out the asks with the transfer machine (`app::transfer`),
//! tells the toolbar when an export is on its way or has failed, and shows the import's dialog —
//! the dry run as a `role="dialog"` whose rows carry `data-plan` (`create`, `update`,
//! `unchanged`, `skip`) and, once applied, `data-result`; the file's groups this tenant lacks,
//! mapped by name or skipped — and the comparison of two configurations.

use super::catalog_panel::use_loaded_catalog;
use super::group_search::GroupSearch;
use super::modal::Modal;
use super::review_dialog::{changes_html, lines_html};
use super::transfer::{use_transfer, TransferHandle};
use super::transfer_view::{Asks, Exporting};
use super::workspace::WorkspaceHandle;
use crate::core::catalog::Catalog;
use crate::core::pages::backup::{Kind, Step};
use crate::core::pages::import::{Action, Comparison, Stage};
use crate::core::wire::directory::DirectoryObject;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The groups a step assigns, each as this tenant's directory names it (`data-target-group`),
/// a file name that differs flagged (`data-name-differs`); for a create, the tick that assigns
/// them (`name="assign-created"`), off until the admin ticks it.
fn groups_html(transfer: &TransferHandle, at: usize, step: &Step) -> Html {
    let t = transfer.state();
    let groups = t.groups(at);
    if groups.is_empty() || !matches!(step.kind, Kind::Create | Kind::Update) {
        return Html::default();
    }
    let items = groups.iter().map(|g| {
        let differs = g.name_differs();
        html! {
            <li data-target-group={g.id.clone()} data-name-differs={differs.then_some("true")}
                class={classes!(differs.then_some("warning"))}>
                { g.shown() }
                if differs {
                    { format!(" — the file calls it \"{}\": check that this is the group you mean", g.file_name.clone().unwrap_or_default()) }
                }
            </li>
        }
    });
    let tick = (step.kind == Kind::Create).then(|| {
        let on = t.assigns_created(at);
        let onchange = transfer.reform(move |e: Event| Action::AssignCreated {
            step: at,
            on: e.target_unchecked_into::<HtmlInputElement>().checked(),
        });
        html! {
            <label class="check"><input type="checkbox" name="assign-created" data-step={at.to_string()} checked={on}
                disabled={t.stage != Stage::Ready} {onchange} />
                { format!(" Assign it to {} group{}", groups.len(), if groups.len() == 1 { "" } else { "s" }) }</label>
        }
    });
    html! {
        <div class="target-groups">
            <p>{ if step.kind == Kind::Create { "Its groups in this tenant:" } else { "Assigned, after the import, to:" } }</p>
            <ul>{ for items }</ul>
            { tick.unwrap_or_default() }
        </div>
    }
}

fn step_html(
    transfer: &TransferHandle,
    at: usize,
    step: &Step,
    result: Option<&crate::core::pages::import::Outcome>,
    catalog: Option<&Catalog>,
) -> Html {
    let kind = match step.kind {
        Kind::Create => "Create",
        Kind::Update => "Update",
        Kind::Unchanged => "Unchanged",
        Kind::Skip => "Left out",
    };
    html! {
        <li data-plan={step.kind.as_str()} data-config-id={step.target.clone().unwrap_or_default()}
            data-result={result.map(|r| r.as_str())}>
            <strong>{ step.name.clone() }</strong>{ " — " }<span class="kind">{ kind }</span>
            <p class="help">{ step.matched.clone() }</p>
            if let Some(from) = step.renumbered_from {
                <p class="note">{ format!("Priority {from} → {} (renumbered)", step.priority.unwrap_or_default()) }</p>
            }
            if !step.changes.is_empty() {
                <details open={step.kind == Kind::Create || step.changes.len() <= 3}>
                    <summary>{ format!("{} propert{} change", step.changes.len(), if step.changes.len() == 1 { "y" } else { "ies" }) }</summary>
                    { for step.changes.iter().map(|c| html! {
                        <section class="change" data-property={c.property.name()}>
                            <h4>{ c.property.name() }</h4>
                            { lines_html(c, catalog) }
                        </section>
                    }) }
                </details>
            }
            { groups_html(transfer, at, step) }
            { result.map(|r| html! { <p class={classes!("result", r.as_str())}>{ r.text().to_string() }</p> }).unwrap_or_default() }
        </li>
    }
}

/// The file's groups this tenant lacks: each mapped to one of this tenant's (searched by name),
/// or assignments skipped altogether.
fn missing_groups(transfer: &TransferHandle) -> Html {
    let t = transfer.state();
    let missing = t.missing_groups();
    let note = t.groups_note.clone().map(|n| html! { <p class="note" role="status">{ n }</p> }).unwrap_or_default();
    if missing.is_empty() {
        return note;
    }
    let editable = t.stage == Stage::Ready;
    let skip =
        transfer.reform(|e: Event| Action::SkipAssignments(e.target_unchecked_into::<HtmlInputElement>().checked()));
    html! {
        <section class="missing-groups banner warning" data-missing-groups={missing.len().to_string()}>
            <h3>{ format!("{} group(s) of the file do not exist in this tenant", missing.len()) }</h3>
            <ul>
                { for missing.iter().enumerate().map(|(i, (group, mapped))| {
                    let from = group.id.clone();
                    let onpick = transfer.reform(move |g: DirectoryObject| Action::MapGroup { from: from.clone(), to: g.id.clone(), name: g.label().to_string() });
                    html! {
                        <li data-group-id={group.id.clone()}>
                            <strong>{ group.name.clone().unwrap_or_else(|| "(no name in the file)".into()) }</strong>{ " " }<code class="help">{ group.id.clone() }</code>
                            { match mapped {
                                Some((id, name)) => html! { <p data-mapped-to={id.clone()}>{ format!("→ {name}") }</p> },
                                None => html! { <p class="help">{ "Not mapped yet." }</p> },
                            } }
                            if editable && !t.skip_assignments {
                                <GroupSearch name="map-group" id={AttrValue::from(format!("map-group-{i}"))} label="Use this tenant's group"
                                    action="map-group" verb="Use" {onpick} />
                            }
                        </li>
                    }
                }) }
            </ul>
            <label class="check"><input type="checkbox" name="skip-assignments" checked={t.skip_assignments} disabled={!editable} onchange={skip} />
                { " Skip assignments: write no group targets (updated configurations keep theirs)" }</label>
            { note }
        </section>
    }
}

#[derive(Properties, PartialEq)]
pub struct DialogProps {
    pub transfer: TransferHandle,
}

/// Two configurations compared: the review panel's changes from the first to the second.
#[function_component]
pub fn CompareDialog(props: &DialogProps) -> Html {
    let catalog = use_loaded_catalog();
    let t = props.transfer.state();
    let Some(comparison) = &t.comparison else { return Html::default() };
    let close = props.transfer.reform(|_: MouseEvent| Action::CloseComparison);
    let onkeydown = props.transfer.on_escape(|| Action::CloseComparison);
    let (title, body) = match comparison {
        Comparison::Reading => {
            ("Compare".to_string(), html! { <p role="status">{ "Reading both configurations…" }</p> })
        }
        Comparison::Failed(m) => {
            ("Compare".to_string(), html! { <p class="field-error" role="alert">{ m.clone() }</p> })
        }
        Comparison::Ready { from, to, changes } => (
            format!("\"{from}\" → \"{to}\""),
            if changes.is_empty() {
                html! { <p role="status">{ "They set the same policy: the same description, priority, payloads and groups." }</p> }
            } else {
                html! {
                    <>
                        <p role="status">{ format!("{} propert{} differ; each line reads as the first → the second. Check-in data is left out.", changes.len(), if changes.len() == 1 { "y" } else { "ies" }) }</p>
                        <div class="changes">{ changes_html(changes, catalog.as_deref().map(|l| &l.catalog)) }</div>
                    </>
                }
            },
        ),
    };
    html! {
        <Modal>
            <div class="dialog review compare" role="dialog" aria-modal="true" aria-labelledby="compare-title" {onkeydown}>
                <h2 id="compare-title">{ title }</h2>
                { body }
                <div class="actions-row">
                    <button type="button" data-action="cancel" onclick={close}>{ "Close" }</button>
                </div>
            </div>
        </Modal>
    }
}

/// The import: the dry run, then each configuration's result.
#[function_component]
pub fn ImportDialog(props: &DialogProps) -> Html {
    let catalog = use_loaded_catalog();
    let t = props.transfer.state();
    let close = props.transfer.reform(|_: MouseEvent| Action::Close);
    let onkeydown = props.transfer.on_escape(|| Action::Close);
    let title = format!("Import \"{}\"", t.file);
    let body = match &t.stage {
        Stage::Closed => return Html::default(),
        Stage::Reading => {
            html! { <p role="status">{ "Reading this tenant's matching configurations for the dry run…" }</p> }
        }
        Stage::Refused(message) => html! { <p class="field-error" role="alert">{ message.clone() }</p> },
        Stage::Ready | Stage::Applying { .. } | Stage::Done => {
            let count = |k: Kind| t.plan.steps.iter().filter(|s| s.kind == k).count();
            let summary = format!(
                "{} to create, {} to update, {} unchanged, {} left out.",
                count(Kind::Create),
                count(Kind::Update),
                count(Kind::Unchanged),
                count(Kind::Skip)
            );
            let status = match (&t.stage, t.progress()) {
                (_, Some((n, m))) => format!("Applying {n} of {m}…"),
                (Stage::Done, _) => {
                    let failed = t.results.iter().flatten().filter(|r| r.as_str() != "done").count();
                    format!(
                        "Done. {} applied, {failed} with a problem: see each below.",
                        t.results.iter().flatten().count() - failed
                    )
                }
                _ => format!("{summary} Nothing has been sent yet."),
            };
            let renumber = props
                .transfer
                .reform(|e: Event| Action::Renumber(e.target_unchecked_into::<HtmlInputElement>().checked()));
            html! {
                <>
                    { t.source().map(|s| html! { <p>{ format!("Exported from tenant {} ({} cloud).", s.tenant, s.cloud) }</p> }).unwrap_or_default() }
                    <p role="status" class="import-status">{ status }</p>
                    if !t.plan.collisions.is_empty() {
                        <div class="banner warning">
                            <ul>{ for t.plan.collisions.iter().map(|c| html! { <li>{ format!("\"{}\" asks for priority {}, which \"{}\" has.", c.name, c.priority, c.holder) }</li> }) }</ul>
                            <label class="check"><input type="checkbox" name="renumber" checked={t.renumber} disabled={t.stage != Stage::Ready} onchange={renumber} />
                                { " Renumber them: each gets the next free priority" }</label>
                        </div>
                    }
                    { missing_groups(&props.transfer) }
                    <ol class="plan">{ for t.plan.steps.iter().enumerate().map(|(i, s)| step_html(&props.transfer, i, s, t.results.get(i).and_then(Option::as_ref), catalog.as_deref().map(|l| &l.catalog))) }</ol>
                </>
            }
        }
    };
    let to_send = t.plan.to_send();
    html! {
        <Modal>
            <div class="dialog import" role="dialog" aria-modal="true" aria-labelledby="import-title" {onkeydown}>
                <h2 id="import-title">{ title }</h2>
                { body }
                <div class="actions-row">
                    if t.stage == Stage::Ready {
                        { t.blocker().map(|b| html! { <p class="field-error" role="status">{ b }</p> }).unwrap_or_default() }
                        <button type="button" class="primary" data-action="confirm" disabled={to_send == 0 || t.blocker().is_some()}
                            onclick={props.transfer.reform(|_: MouseEvent| Action::Confirm)}>
                            { format!("Apply {to_send} change{}", if to_send == 1 { "" } else { "s" }) }
                        </button>
                    }
                    <button type="button" data-action="cancel" disabled={t.is_applying()} onclick={close}>
                        { if matches!(t.stage, Stage::Ready | Stage::Reading) { "Cancel" } else { "Close" } }
                    </button>
                </div>
            </div>
        </Modal>
    }
}

#[derive(Properties, PartialEq)]
pub struct ToolsProps {
    pub workspace: WorkspaceHandle,
    /// The toolbar's asks, and how many were made (a new one re-renders the tools).
    pub asks: Asks,
    pub made: usize,
    pub exporting: Callback<Exporting>,
}

/// Carries out the toolbar's asks, in order, and shows their dialogs.
#[function_component]
pub fn TransferTools(props: &ToolsProps) -> Html {
    let transfer = use_transfer(&props.workspace);
    {
        let (asks, transfer) = (props.asks.clone(), transfer.clone());
        use_effect_with(props.made, move |_| {
            for action in asks.take() {
                transfer.dispatch(action);
            }
        });
    }
    let now = {
        let t = transfer.state();
        Exporting { busy: t.is_exporting(), error: t.export_error.clone() }
    };
    let report = props.exporting.clone();
    use_effect_with(now, move |now| report.emit(now.clone()));
    html! {
        <>
            <ImportDialog transfer={transfer.clone()} />
            <CompareDialog transfer={transfer} />
        </>
    }
}
