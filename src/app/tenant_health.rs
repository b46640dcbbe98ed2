//! The tenant's check-in health on the list page (`core::pages::tenant_health`): users whose last
//! check-in succeeded and failed (`data-tenant-health`), and `data-action="tenant-checkins"`,
//! which opens the tenant's check-in rows in the check-in report (`app::report`: its filter,
//! sort, chart and CSV) and closes it again. The report arrives when first opened
//! (`app/parts.rs`): the list's first load carries the summary only.

use super::machine::{use_machine, Runner};
use super::parts;
use crate::core::pages::tenant_health::{Action, Effect, Health, Report, Summary, SUMMARY};
use crate::graph::GraphHandle;
use std::rc::Rc;
use yew::prelude::*;

fn runner(graph: &GraphHandle) -> Rc<Runner<Health>> {
    let api = graph.api.clone();
    Runner::new(Health::default(), move |runner: &Runner<Health>, effect| {
        let api = api.clone();
        match effect {
            Effect::Read(property) => runner.spawn(async move {
                let read = api.office_configuration(property).await;
                if property == SUMMARY {
                    Action::SummaryRead(read)
                } else {
                    Action::StatusesRead(read)
                }
            }),
        }
    })
}

fn users(n: Option<i64>) -> String {
    n.map_or_else(|| "—".to_string(), |n| n.to_string())
}

#[derive(Properties, PartialEq)]
pub struct TenantHealthProps {
    /// The list was read: the summary is read after it (again after each reading of the list).
    pub listed: bool,
}

#[function_component]
pub fn TenantHealth(props: &TenantHealthProps) -> Html {
    let graph = use_context::<GraphHandle>().expect("the tenant's health needs a GraphHandle context");
    let health = use_machine(graph, runner);
    {
        let runner = health.runner();
        use_effect_with(props.listed, move |&listed| {
            if listed {
                runner.dispatch(Action::Listed);
            }
        });
    }
    let h = health.state();
    let summary = match &h.summary {
        Summary::Unread => return Html::default(),
        Summary::Reading => html! { <span class="help">{ "Reading the tenant's check-ins…" }</span> },
        Summary::Read { succeeded, failed } => html! {
            <span data-tenant-health="" data-succeeded={succeeded.map(|n| n.to_string())} data-failed={failed.map(|n| n.to_string())}>
                { "Tenant check-ins: " }
                <strong class="ok">{ format!("{} users succeeded", users(*succeeded)) }</strong>{ ", " }
                <strong class={classes!(failed.is_some_and(|n| n > 0).then_some("failed"))}>{ format!("{} failed", users(*failed)) }</strong>
            </span>
        },
        Summary::Failed(why) => html! { <span class="help" data-tenant-health="unavailable">{ why.clone() }</span> },
    };
    let open = h.report != Report::Closed;
    let report = match &h.report {
        Report::Closed => Html::default(),
        Report::Reading => html! { <p role="status">{ "Reading the tenant's check-ins…" }</p> },
        Report::Failed(why) => html! { <p class="field-error" role="alert">{ why.clone() }</p> },
        Report::Open => html! { <parts::TenantCheckins rows={h.rows.clone().unwrap_or_default()} /> },
    };
    html! {
        <div class="tenant-health">
            <p>
                { summary }{ " " }
                <button type="button" data-action="tenant-checkins" aria-expanded={open.to_string()}
                    disabled={h.report == Report::Reading} onclick={health.reform(|_: MouseEvent| Action::Toggle)}>
                    { if open { "Hide the tenant's check-ins" } else { "Show the tenant's check-ins" } }
                </button>
            </p>
            { report }
        </div>
    }
}
