//! What one keystroke costs the editor, on the whole path the app runs for it: the session
//! machine applies the edit (validation, the minimal-save plan, the persist schedule) and the
//! view model is rebuilt (every control's value, error and dirty mark, one page of check-in
//! rows, the status line). Large configurations: payloads of 0.1 to 3 MiB and 5,000 check-in rows.
//! Run: `cargo run --release --example bench_editing` (native). `scripts/bench.sh` also runs the
//! browser measurement (`tests/bench_editing.rs`: input event to patched DOM, in headless Chrome).

use office_policy_editor::core::pages::editor::Action as Edit;
use office_policy_editor::core::pages::session::{Action, Session};
use office_policy_editor::core::pages::view;
use office_policy_editor::core::pages::Machine;
use office_policy_editor::core::rules::draft::Field;
use office_policy_editor::core::rules::retry::Moment;
use office_policy_editor::core::rules::retry::RetryPolicy;
use office_policy_editor::core::wire::model::Configuration;
use office_policy_editor::core::wire::stream;
use std::time::{Duration, Instant};

fn payload(bytes: usize) -> String {
    let mut settings = Vec::new();
    let mut i = 0;
    while settings.iter().map(|s: &String| s.len() + 1).sum::<usize>() < bytes {
        settings.push(format!("\"setting{i:06}\": {{\"enabled\": true, \"value\": \"{:040}\"}}", i));
        i += 1;
    }
    format!("{{{}}}", settings.join(","))
}

fn configuration(payload: &str, checkins: usize) -> Configuration {
    let rows: Vec<String> = (0..checkins)
        .map(|i| format!(r#"{{"userId":"u{i}","deviceName":"PC-{i}","wasSuccessful":true,"checkinDateTime":"2026-11-01T00:00:00Z"}}"#))
        .collect();
    Configuration::from_json(&format!(
        r#"{{"id":"f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9","displayName":"n","policyPayload":"{}","checkinStatuses":[{}]}}"#,
        stream::encode(payload),
        rows.join(",")
    ))
    .unwrap()
}

/// Everything the page reads to render the form once.
fn render_model(session: &Session) -> usize {
    let state = &session.editor;
    let mut bytes = 0;
    for field in Field::SCALARS {
        bytes += view::field(state, field).value.len();
    }
    bytes += (0..state.draft.assignments.len())
        .map(|i| view::field(state, Field::AssignmentGroup(i)).value.len())
        .sum::<usize>();
    bytes += view::session_checkins(session).rows.len();
    bytes += view::status_line(state).len() + view::blocker_line(state).len();
    bytes += usize::from(state.can_save());
    bytes
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let rounds = 10;
    println!("{:>10} {:>9} | {:>13} {:>13} {:>13}", "payload", "check-ins", "apply (ms)", "view (ms)", "total (ms)");
    for (size, checkins) in
        [(100 * 1024, 0), (100 * 1024, 5_000), (1024 * 1024, 5_000), (3 * 1024 * 1024 - 4096, 5_000)]
    {
        let text = payload(size);
        let (mut session, _) = Session::new(
            "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9",
            "https://graph.microsoft.com/beta",
            RetryPolicy::default(),
        )
        .apply(Action::Open { owner: None, tab: "bench".into() });
        session =
            session.apply(Action::Fetched { result: Ok(configuration(&text, checkins)), at: Moment::default() }).0;
        let (mut apply, mut model) = (Duration::ZERO, Duration::ZERO);
        for round in 0..rounds {
            // Two kinds of keystroke: in the display name, and in the large payload.
            let edits = [
                Edit::SetField { field: Field::DisplayName, raw: format!("name {round}") },
                Edit::SetField {
                    field: Field::PolicyPayload,
                    raw: text.replacen("true", if round % 2 == 0 { "false" } else { "true" }, 1),
                },
            ];
            for edit in edits {
                let started = Instant::now();
                session = session.apply(Action::Edit(edit)).0;
                let applied = Instant::now();
                std::hint::black_box(render_model(&session));
                apply += applied - started;
                model += applied.elapsed();
            }
        }
        let keystrokes = 2 * rounds;
        println!(
            "{:>10} {:>9} | {:>13.2} {:>13.2} {:>13.2}",
            text.len(),
            checkins,
            ms(apply) / keystrokes as f64,
            ms(model) / keystrokes as f64,
            ms(apply + model) / keystrokes as f64
        );
    }

    // Stream encode + decode, natively: the same work as the browser bench's wasm path.
    for bytes in [1024, 1024 * 1024, 3 * 1024 * 1024] {
        let text = payload(bytes).replacen("setting000001", "paramètre-設定", 1);
        let rounds = (3_000_000 / text.len()).clamp(3, 1_000);
        let started = Instant::now();
        for _ in 0..rounds {
            let encoded = stream::encode(std::hint::black_box(&text));
            std::hint::black_box(String::from_utf8(stream::decode_base64(&encoded).unwrap()).unwrap());
        }
        let per = started.elapsed().as_secs_f64() / rounds as f64;
        println!("stream {} bytes: native {:.0} MB/s", text.len(), text.len() as f64 / 1e6 / per);
    }

    // The review before a save: the payload diff by JSON path and the request previews.
    for bytes in [100 * 1024, 1024 * 1024, 3 * 1024 * 1024 - 4096] {
        let old = payload(bytes);
        let new = old.replacen("true", "false", 3);
        let started = Instant::now();
        let diff = office_policy_editor::core::rules::review::payload_diff(&old, &new).unwrap_or_default();
        println!("review {} bytes: payload diff of {} lines in {:.1} ms", old.len(), diff.len(), ms(started.elapsed()));
    }

    // Opening: reading the entity and the session's first state, by check-in rows.
    for rows in [25, 5_000, 50_000] {
        let text = payload(10 * 1024);
        let started = Instant::now();
        let entity = configuration(&text, rows);
        let parsed = started.elapsed();
        let (session, _) = Session::new(
            "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9",
            "https://graph.microsoft.com/beta",
            RetryPolicy::default(),
        )
        .apply(Action::Open { owner: None, tab: "bench".into() });
        let started = Instant::now();
        let session = session.apply(Action::Fetched { result: Ok(entity), at: Moment::default() }).0;
        let applied = started.elapsed();
        let started = Instant::now();
        std::hint::black_box(render_model(&session));
        println!(
            "open {rows} check-in rows: read the entity {:.1} ms, first state {:.1} ms, view model {:.1} ms",
            ms(parsed),
            ms(applied),
            ms(started.elapsed())
        );
    }
}
