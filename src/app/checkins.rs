//! Check-in data: the user summary's two counts and the table of check-in statuses.

use super::fields::event_text;
use crate::core::pages::view::{CheckinPage, FieldView};
use crate::core::rules::draft::{CheckinField, Field};
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct CheckinTableProps {
    /// The page shown; only its rows are built.
    pub page: CheckinPage,
    pub onedit: Callback<(Field, String)>,
    pub oncheck: Callback<(Field, bool)>,
    pub onadd: Callback<()>,
    pub onremove: Callback<usize>,
    pub onpage: Callback<usize>,
}

fn cell_input(field: Field, cell: &FieldView, props: &CheckinTableProps) -> Html {
    let onedit = &props.onedit;
    let name = field.path();
    let Field::Checkin(_, kind) = field else { return Html::default() };
    let invalid = cell.error.is_some().to_string();
    let label = kind.label();
    match kind {
        CheckinField::WasSuccessful => {
            let onchange =
                props.oncheck.reform(move |e: Event| (field, e.target_unchecked_into::<HtmlInputElement>().checked()));
            html! { <input type="checkbox" name={name} aria-label={label} checked={cell.checked} {onchange} /> }
        }
        CheckinField::AppliedPolicies => {
            let oninput = onedit.reform(move |e: InputEvent| (field, event_text(&e)));
            html! { <textarea name={name} aria-label={label} rows="2" value={cell.value.clone()} aria-invalid={invalid} {oninput} /> }
        }
        _ => {
            let oninput = onedit.reform(move |e: InputEvent| (field, event_text(&e)));
            html! { <input type="text" name={name} aria-label={label} value={cell.value.clone()} aria-invalid={invalid} {oninput} /> }
        }
    }
}

/// How many rows of the first page one task renders.
const ROWS_PER_TASK: usize = 5;

#[function_component]
pub fn CheckinStatusesTable(props: &CheckinTableProps) -> Html {
    let page = &props.page;
    // The rows of the first page render a few per task, after the form's first render: opening
    // a configuration is never one long task.
    let shown = use_state(|| 0usize);
    {
        let (shown, total) = (shown.clone(), page.rows.len());
        use_effect_with((*shown, total), move |&(now, total)| {
            let later = (now < total)
                .then(|| gloo_timers::callback::Timeout::new(0, move || shown.set((now + ROWS_PER_TASK).min(total))));
            move || drop(later)
        });
    }
    let rows = page.rows.iter().take(*shown).map(|row| {
        let i = row.index;
        let onremove = props.onremove.reform(move |_| i);
        let tds = row.cells.iter().map(|(field, cell)| {
            html! {
                <td class={classes!(cell.dirty.then_some("dirty"), cell.error.is_some().then_some("invalid"))}>
                    { cell_input(*field, cell, props) }
                    { cell.error.as_ref().map(|e| html! { <p class="field-error">{ e.clone() }</p> }).unwrap_or_default() }
                </td>
            }
        });
        html! {
            <tr>
                <th scope="row">{ i + 1 }</th>
                { for tds }
                <td><button type="button" onclick={onremove} aria-label={format!("Remove check-in row {}", i + 1)}>{ "Remove" }</button></td>
            </tr>
        }
    });
    let go = |to: usize| props.onpage.reform(move |_: MouseEvent| to);
    let onadd = props.onadd.reform(|_: MouseEvent| ());
    html! {
        <fieldset class={classes!("checkins", page.changed.then_some("dirty"))}>
            <legend>{ format!("Check-in statuses ({})", page.total) }</legend>
            <div class="table-scroll">
                <table>
                    <thead><tr>
                        <th scope="col">{ "#" }</th>
                        { for CheckinField::ALL.iter().map(|f| html! { <th scope="col">{ f.label() }</th> }) }
                        <th scope="col"><span class="visually-hidden">{ "Actions" }</span></th>
                    </tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
            </div>
            <div class="pager">
                <button type="button" onclick={onadd}>{ "Add row" }</button>
                { page.range.clone().map(|range| html! {
                    <>
                        <button type="button" disabled={page.page == 0} onclick={go(page.page.saturating_sub(1))}>{ "Previous" }</button>
                        <span>{ range }</span>
                        <button type="button" disabled={page.page + 1 >= page.pages} onclick={go(page.page + 1)}>{ "Next" }</button>
                    </>
                }).unwrap_or_default() }
            </div>
        </fieldset>
    }
}
