//! The tenant's check-in rows as the check-in report (`app::report`), with its own filter, sort
//! and scroll: the list page's part that arrives on "Show the tenant's check-ins"
//! (`app/parts.rs`, opened by `app::tenant_health`).

use super::report::CheckinReport;
use crate::core::pages::report::Report as ReportView;
use crate::core::rules::draft::Rows;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct TenantRowsProps {
    pub rows: Rows,
}

#[function_component]
pub fn TenantRows(props: &TenantRowsProps) -> Html {
    let view = use_state(ReportView::default);
    let dispatch = {
        let view = view.clone();
        Callback::from(move |a| view.set((*view).clone().apply(a)))
    };
    html! {
        <CheckinReport rows={props.rows.clone()} report={(*view).clone()} ondispatch={dispatch}
            csv_name="checkins-tenant.csv" legend="The tenant's check-ins" />
    }
}
