//! The check-in statuses: read-only by default as a report (`core::pages::report`) — a `role="grid"`
//! whose `aria-rowcount` is the rows matching the filter, rendering only the rows in view; the
//! filter (`name="checkin-filter"`, `name="failed-only"`, platform, dates), sort by any column,
//! a count, a succeeded/failed bar chart (inline SVG) and CSV export
//! (`data-action="export-csv"`). `CheckinReport` shows any rows so: the editor's
//! (`CheckinSection`) and the tenant's (`app::tenant_health`). In the editor, the switch
//! `data-action="edit-checkins"` shows the form's controls instead (`app::checkins`); they stay
//! shown while check-in edits are unsaved.

use super::checkins::CheckinStatusesTable;
use super::dates::LocalTime;
use super::download::download;
use super::fields::event_text;
use super::session::use_session;
use super::virtual_rows::{use_virtual_rows, Geometry, VirtualRows};
use crate::core::pages::editor::Action as Edit;
use crate::core::pages::report::{self, Action as ReportAction, Report, COLUMNS};
use crate::core::rules::draft::{CheckinField, Field, Rows};

use crate::core::pages::session::Action;
use crate::core::pages::view;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

/// One report row's height in CSS pixels (style.css keeps rows at it), the rows in view (the
/// scroll box is this many rows high, in style.css) and those rendered beyond it.
const ROWS: Geometry = Geometry { row_px: 32, view_rows: 15, overscan: 10 };

/// A bar chart of succeeded against failed.
fn chart(succeeded: usize, failed: usize) -> Html {
    let total = (succeeded + failed).max(1) as f64;
    let width = |n: usize| format!("{:.1}", 200.0 * n as f64 / total);
    html! {
        <svg class="checkin-chart" width="360" height="52" viewBox="0 0 360 52" role="img"
            aria-label={format!("{succeeded} succeeded, {failed} failed")}>
            <text x="0" y="16" class="label">{ "Succeeded" }</text>
            <rect x="80" y="4" height="16" width={width(succeeded)} class="ok" />
            <text x="288" y="16" class="count">{ succeeded }</text>
            <text x="0" y="42" class="label">{ "Failed" }</text>
            <rect x="80" y="30" height="16" width={width(failed)} class="failed" />
            <text x="288" y="42" class="count">{ failed }</text>
        </svg>
    }
}

/// The editor's check-in section: the configuration's rows as the report, or (switched, and
/// while check-in edits are unsaved) as the form's controls.
#[function_component]
pub fn CheckinSection() -> Html {
    let session = use_session();
    let s = session.state();
    let rows = &s.editor.draft.checkin_statuses;
    let (editing, changed) = s.checkin_controls();
    let dispatch = session.reform(Action::Report);
    let toggle = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(ReportAction::Edit(!editing)))
    };
    let switch = html! {
        <button type="button" data-action="edit-checkins" aria-pressed={editing.to_string()} disabled={changed} onclick={toggle}
            title={if changed { "Save or discard the check-in edits first" } else { "" }}>
            { if editing { "Show the report" } else { "Edit check-in data" } }
        </button>
    };
    if editing {
        let edit_cell = session.reform(|(field, raw): (Field, String)| Action::Edit(Edit::SetField { field, raw }));
        return html! {
            <div class="checkin-edit">
                { switch }
                <CheckinStatusesTable page={view::session_checkins(&s)} onedit={edit_cell}
                    oncheck={session.reform(|(field, on): (Field, bool)| Action::Edit(Edit::SetChecked { field, on }))}
                    onadd={session.reform(|()| Action::Edit(Edit::AddCheckinStatus))}
                    onremove={session.reform(|index| Action::Edit(Edit::RemoveCheckinStatus { index }))}
                    onpage={session.reform(Action::ShowCheckinPage)} />
            </div>
        };
    }
    html! {
        <CheckinReport rows={rows.clone()} report={s.report.clone()} ondispatch={dispatch}
            csv_name={format!("checkins-{}.csv", s.id)} legend="Check-in statuses">
            { switch }
        </CheckinReport>
    }
}

#[derive(Properties, PartialEq)]
pub struct CheckinReportProps {
    /// The rows, read only.
    pub rows: Rows,
    pub report: Report,
    pub ondispatch: Callback<ReportAction>,
    /// The CSV file's name.
    pub csv_name: AttrValue,
    /// The report's legend; the row count follows it.
    pub legend: AttrValue,
    /// Controls shown before the filters (the editor's switch to the form).
    #[prop_or_default]
    pub children: Html,
}

/// Check-in rows as a report: the editor's rows of one configuration, or the tenant's.
#[function_component]
pub fn CheckinReport(props: &CheckinReportProps) -> Html {
    let CheckinReportProps { rows, report, ondispatch: dispatch, .. } = props;
    let selection = use_mut_ref(report::Selection::default);
    let shown = use_memo((rows.id(), report.filter.clone(), report.sort), |(_, filter, sort)| {
        selection.borrow_mut().of(rows, filter, *sort)
    });
    let platforms = use_memo(rows.id(), |_| report::platforms(rows));
    let VirtualRows { range, scroller, above, below, onscroll } =
        use_virtual_rows(shown.len(), report.first, ROWS, dispatch.reform(ReportAction::Scroll));
    let header = |column: CheckinField| {
        let aria = match report.sort {
            Some((c, false)) if c == column => "ascending",
            Some((c, true)) if c == column => "descending",
            _ => "none",
        };
        let label = if column == CheckinField::AppliedPolicies { "Applied policies" } else { column.label() };
        html! { <th scope="col" aria-sort={aria}><button type="button" class="sort" data-sort={column.property()}
        onclick={dispatch.reform(move |_: MouseEvent| ReportAction::SortBy(column))}>{ label }</button></th> }
    };
    let body_rows = shown[range.clone()].iter().enumerate().map(|(offset, &i)| {
        let row = &rows[i as usize];
        let cells = COLUMNS.iter().map(|c| {
            let text = match c {
                CheckinField::WasSuccessful if row.succeeded => "✓ Succeeded".to_string(),
                CheckinField::WasSuccessful => "✗ Failed".to_string(),
                CheckinField::AppliedPolicies => report::applied_policies(row),
                _ => row.get(*c).to_string(),
            };
            if *c == CheckinField::CheckinDateTime {
                return html! { <td><LocalTime iso={text} /></td> };
            }
            html! { <td title={text.clone()}>{ text }</td> }
        });
        html! { <tr aria-rowindex={(range.start + offset + 1).to_string()} class={classes!((!row.succeeded).then_some("failed"))}>{ for cells }</tr> }
    });
    let (succeeded, failed) = report::split(rows, &shown);
    let text = |a: fn(String) -> ReportAction| dispatch.reform(move |e: InputEvent| a(event_text(&e)));
    let on_platform =
        dispatch.reform(|e: Event| ReportAction::Platform(e.target_unchecked_into::<HtmlSelectElement>().value()));
    let on_failed =
        dispatch.reform(|e: Event| ReportAction::FailedOnly(e.target_unchecked_into::<HtmlInputElement>().checked()));
    let csv = {
        let (rows, shown, name) = (rows.clone(), shown.clone(), props.csv_name.clone());
        Callback::from(move |_: MouseEvent| download(&name, "text/csv", &report::csv(&rows, &shown)))
    };
    html! {
        <fieldset class="checkins report">
            <legend>{ format!("{} ({})", props.legend, rows.len()) }</legend>
            { props.children.clone() }
            <div class="report-filters">
                <input type="search" name="checkin-filter" aria-label="Filter check-ins (any column)" placeholder="Filter: user, device, error…"
                    value={report.filter.text.clone()} oninput={text(ReportAction::Text)} />
                <label class="check"><input type="checkbox" name="failed-only" checked={report.filter.failed_only} onchange={on_failed} />{ " Failed only" }</label>
                <select name="checkin-platform" aria-label="Platform" onchange={on_platform}>
                    <option value="" selected={report.filter.platform.is_empty()}>{ "Every platform" }</option>
                    { for platforms.iter().map(|p| html! { <option value={p.clone()} selected={&report.filter.platform == p}>{ p.clone() }</option> }) }
                </select>
                <label>{ "From " }<input type="date" name="checkin-from" value={report.filter.from.clone()} oninput={text(ReportAction::From)} /></label>
                <label>{ "To " }<input type="date" name="checkin-to" value={report.filter.to.clone()} oninput={text(ReportAction::To)} /></label>
                <button type="button" data-action="export-csv" disabled={shown.is_empty()} onclick={csv}>{ "Export CSV" }</button>
            </div>
            <div class="report-summary">
                <p role="status" class="report-count">{ format!("Showing {} of {} check-ins", shown.len(), rows.len()) }</p>
                { chart(succeeded, failed) }
            </div>
            <div class="report-scroll" ref={scroller} {onscroll} tabindex="0" aria-label="Check-in rows (scroll)">
                <table role="grid" aria-readonly="true" aria-rowcount={shown.len().to_string()} aria-label="Check-in statuses">
                    <thead><tr>{ for COLUMNS.iter().map(|c| header(*c)) }</tr></thead>
                    <tbody>
                        <tr class="spacer" aria-hidden="true" ref={above}></tr>
                        { for body_rows }
                        <tr class="spacer" aria-hidden="true" ref={below}></tr>
                    </tbody>
                </table>
            </div>
        </fieldset>
    }
}
