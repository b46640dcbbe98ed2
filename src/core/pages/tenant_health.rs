//! The tenant's check-in health on the list page, from the `officeConfiguration` singleton:
//! how many users' last check-in succeeded and failed (`tenantUserCheckinSummary`), and on
//! request the tenant's check-in rows (`tenantCheckinStatuses`) for the check-in report
//! (`core::pages::report`). A pure state machine like the list's: `Health::apply(self, Action) ->
//! (Health, Vec<Effect>)`.
//!
//! The summary is read only after the list was read: a Graph that no longer serves
//! `officeConfiguration` then costs the page one request, not two, and its one message is the
//! list's. The rows are read only when the admin asks for them (a tenant has one per user and
//! device), and once: closing and opening the report again shows the same rows.

use crate::core::pages::Machine;
use crate::core::rules::draft::{CheckinDraft, Rows};
use crate::core::wire::model::OfficeConfiguration;
use crate::core::wire::response::GraphError;

/// The singleton's property of the summary, and of the rows (both in `contract::OFFICE_CONFIGURATION`).
pub const SUMMARY: &str = "tenantUserCheckinSummary";
pub const STATUSES: &str = "tenantCheckinStatuses";

/// The summary line.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Summary {
    /// Not read yet (the list is not read yet).
    #[default]
    Unread,
    Reading,
    /// Users whose last check-in succeeded and failed; `None` where Graph sent no number.
    Read {
        succeeded: Option<i64>,
        failed: Option<i64>,
    },
    /// Why it could not be read (the list works without it).
    Failed(String),
}

/// The tenant's check-in rows, shown in the check-in report.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Report {
    #[default]
    Closed,
    Reading,
    /// Showing [`Health::rows`].
    Open,
    Failed(String),
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Health {
    pub summary: Summary,
    pub report: Report,
    /// The tenant's rows, once read: opened again, the report shows them without another
    /// request.
    pub rows: Option<Rows>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The list was read: read the summary (again).
    Listed,
    SummaryRead(Result<OfficeConfiguration, GraphError>),
    /// Open the report, or close it when it is open.
    Toggle,
    StatusesRead(Result<OfficeConfiguration, GraphError>),
}

/// What the page does next: read the singleton with only this property; answer with
/// `SummaryRead` (for `SUMMARY`) or `StatusesRead` (for `STATUSES`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Read(&'static str),
}

fn failure(what: &str, e: &GraphError) -> String {
    format!("{what} could not be read: {}", e.explained())
}

impl Health {}

impl Machine for Health {
    type Action = Action;
    type Effect = Effect;

    fn apply(mut self, action: Action) -> (Health, Vec<Effect>) {
        let mut effects = Vec::new();
        match action {
            Action::Listed => {
                if self.summary != Summary::Reading {
                    self.summary = Summary::Reading;
                    effects.push(Effect::Read(SUMMARY));
                }
            }
            Action::SummaryRead(result) => {
                if self.summary == Summary::Reading {
                    self.summary = match result {
                        Ok(tenant) => {
                            let (succeeded, failed) = tenant.users();
                            Summary::Read { succeeded, failed }
                        }
                        Err(e) => Summary::Failed(failure("The tenant's check-in summary", &e)),
                    };
                }
            }
            Action::Toggle => match self.report {
                Report::Open | Report::Failed(_) => self.report = Report::Closed,
                Report::Reading => {}
                Report::Closed if self.rows.is_some() => self.report = Report::Open,
                Report::Closed => {
                    self.report = Report::Reading;
                    effects.push(Effect::Read(STATUSES));
                }
            },
            Action::StatusesRead(result) => {
                if self.report == Report::Reading {
                    self.report = match result {
                        Ok(tenant) => {
                            let rows = tenant.tenant_checkin_statuses.iter().flatten().map(CheckinDraft::from_status);
                            self.rows = Some(rows.collect());
                            Report::Open
                        }
                        Err(e) => Report::Failed(failure("The tenant's check-ins", &e)),
                    };
                }
            }
        }
        (self, effects)
    }
}

impl Health {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::wire::contract;
    use crate::core::wire::response::GraphErrorDetail;
    use serde_json::json;

    fn tenant(value: serde_json::Value) -> OfficeConfiguration {
        serde_json::from_value(value).unwrap()
    }

    fn status(code: u16) -> GraphError {
        GraphError::Graph(Box::new(GraphErrorDetail { status: code, code: "x".into(), ..Default::default() }))
    }

    #[test]
    fn both_properties_are_the_contracts() {
        for name in [SUMMARY, STATUSES] {
            assert!(contract::property(contract::OFFICE_CONFIGURATION, name).is_some(), "{name}");
        }
    }

    #[test]
    fn the_summary_is_read_once_the_list_is() {
        let (health, effects) = Health::default().apply(Action::Listed);
        assert_eq!(effects, [Effect::Read(SUMMARY)]);
        assert!(health.clone().apply(Action::Listed).1.is_empty(), "one read at a time");
        let read = tenant(json!({"tenantUserCheckinSummary": {"succeededUserCount": 40, "failedUserCount": 3}}));
        let health = health.apply(Action::SummaryRead(Ok(read))).0;
        assert_eq!(health.summary, Summary::Read { succeeded: Some(40), failed: Some(3) });
        let (health, effects) = health.apply(Action::Listed);
        assert_eq!(effects, [Effect::Read(SUMMARY)], "read again with the list");
        let failed = health.apply(Action::SummaryRead(Err(status(403)))).0;
        let Summary::Failed(said) = &failed.summary else { panic!("{:?}", failed.summary) };
        assert!(said.starts_with("The tenant's check-in summary could not be read: Graph answered 403"), "{said}");
    }

    #[test]
    fn a_summary_graph_left_out_reads_as_no_numbers() {
        let health = Health::default().apply(Action::Listed).0;
        let read = tenant(json!({"tenantUserCheckinSummary": null}));
        assert_eq!(
            health.apply(Action::SummaryRead(Ok(read))).0.summary,
            Summary::Read { succeeded: None, failed: None }
        );
    }

    #[test]
    fn the_rows_are_read_when_asked_and_once() {
        let (health, effects) = Health::default().apply(Action::Toggle);
        assert_eq!(effects, [Effect::Read(STATUSES)]);
        assert_eq!(health.report, Report::Reading);
        let read = tenant(json!({"tenantCheckinStatuses": [
            {"userPrincipalName": "a@contoso.com", "userId": "u1", "checkinDateTime": "2026-11-01T00:00:00Z",
             "wasSuccessful": false, "errorMessage": null, "appliedPolicies": ["Finance", null]},
        ]}));
        let health = health.apply(Action::StatusesRead(Ok(read))).0;
        assert_eq!(health.report, Report::Open);
        let rows = health.rows.clone().unwrap();
        assert_eq!(rows.len(), 1);
        assert!(!rows[0].succeeded);
        let (closed, effects) = health.apply(Action::Toggle);
        assert_eq!((closed.report.clone(), effects), (Report::Closed, vec![]));
        let (again, effects) = closed.apply(Action::Toggle);
        assert!(effects.is_empty(), "opened again: no second read");
        assert_eq!(again.report, Report::Open);
        assert_eq!(again.rows.map(|r| r.len()), Some(1));
    }

    #[test]
    fn rows_that_cannot_be_read_say_why_and_can_be_asked_again() {
        let health = Health::default().apply(Action::Toggle).0;
        let failed = health.apply(Action::StatusesRead(Err(status(503)))).0;
        let Report::Failed(said) = &failed.report else { panic!("{:?}", failed.report) };
        assert!(said.starts_with("The tenant's check-ins could not be read: Graph answered 503"), "{said}");
        let (closed, _) = failed.apply(Action::Toggle);
        assert_eq!(closed.clone().apply(Action::Toggle).1, [Effect::Read(STATUSES)], "asked again, read again");
    }
}
