//! Check-in data: the user summary's two counts and the table of check-in statuses.

use super::fields::event_text;
use crate::core::draft::{CheckinField, Field};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Rows shown per page of the check-in table; large tenants have thousands.
pub const ROWS_PER_PAGE: usize = 25;

#[derive(Clone, PartialEq)]
pub struct Cell {
    pub value: AttrValue,
    pub error: Option<AttrValue>,
    pub dirty: bool,
}

#[derive(Properties, PartialEq)]
pub struct CheckinTableProps {
    /// Each row's cells in `CheckinField::ALL` order.
    pub rows: Vec<Vec<Cell>>,
    pub changed: bool,
    pub onedit: Callback<(Field, String)>,
    pub onadd: Callback<()>,
    pub onremove: Callback<usize>,
}

fn cell_input(field: Field, cell: &Cell, onedit: &Callback<(Field, String)>) -> Html {
    let name = field.path();
    let Field::Checkin(_, kind) = field else { return Html::default() };
    let invalid = cell.error.is_some().to_string();
    let label = kind.label();
    match kind {
        CheckinField::WasSuccessful => {
            let onchange = onedit
                .reform(move |e: Event| (field, e.target_unchecked_into::<HtmlInputElement>().checked().to_string()));
            html! { <input type="checkbox" name={name} aria-label={label} checked={cell.value == "true"} {onchange} /> }
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

#[function_component]
pub fn CheckinStatusesTable(props: &CheckinTableProps) -> Html {
    let page = use_state(|| 0usize);
    let pages = props.rows.len().div_ceil(ROWS_PER_PAGE).max(1);
    let current = (*page).min(pages - 1);
    let first = current * ROWS_PER_PAGE;
    let rows = props.rows.iter().enumerate().skip(first).take(ROWS_PER_PAGE).map(|(i, cells)| {
        let onremove = props.onremove.reform(move |_| i);
        let tds = CheckinField::ALL.into_iter().zip(cells).map(|(kind, cell)| {
            let field = Field::Checkin(i, kind);
            html! {
                <td class={classes!(cell.dirty.then_some("dirty"), cell.error.is_some().then_some("invalid"))}>
                    { cell_input(field, cell, &props.onedit) }
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
    let go = |to: usize| {
        let page = page.clone();
        Callback::from(move |_| page.set(to))
    };
    let onadd = {
        let (onadd, page) = (props.onadd.clone(), page.clone());
        let last_page = props.rows.len() / ROWS_PER_PAGE;
        Callback::from(move |_| {
            onadd.emit(());
            page.set(last_page);
        })
    };
    html! {
        <fieldset class={classes!("checkins", props.changed.then_some("dirty"))}>
            <legend>{ format!("Check-in statuses ({})", props.rows.len()) }</legend>
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
                if pages > 1 {
                    <button type="button" disabled={current == 0} onclick={go(current.saturating_sub(1))}>{ "Previous" }</button>
                    <span>{ format!("Rows {}–{} of {}", first + 1, (first + ROWS_PER_PAGE).min(props.rows.len()), props.rows.len()) }</span>
                    <button type="button" disabled={current + 1 >= pages} onclick={go(current + 1)}>{ "Next" }</button>
                }
            </div>
        </fieldset>
    }
}
