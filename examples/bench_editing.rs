//! How long one keystroke costs the editor's core with a large payload: the reducer's work
//! (validation and the minimal-save plan) for payloads of 0.1 to 3 MiB.
//! Run: `cargo run --release --example bench_editing` (native; the browser is slower, about 2x).

use office_policy_editor::core::draft::Field;
use office_policy_editor::core::editor::{Action, EditorState};
use office_policy_editor::core::model::Configuration;
use office_policy_editor::core::stream;
use std::time::Instant;

fn payload(bytes: usize) -> String {
    let mut settings = Vec::new();
    let mut i = 0;
    while settings.iter().map(|s: &String| s.len() + 1).sum::<usize>() < bytes {
        settings.push(format!("\"setting{i:06}\": {{\"enabled\": true, \"value\": \"{:040}\"}}", i));
        i += 1;
    }
    format!("{{{}}}", settings.join(","))
}

fn main() {
    for size in [100 * 1024, 1024 * 1024, 3 * 1024 * 1024 - 4096] {
        let text = payload(size);
        let entity = Configuration::from_json(&format!(
            r#"{{"id":"x","displayName":"n","policyPayload":"{}"}}"#,
            stream::encode(&text)
        ))
        .unwrap();
        let mut state = EditorState::default().apply(Action::LoadFinished(Ok(entity)));
        let rounds = 10;
        let started = Instant::now();
        for round in 0..rounds {
            let edited = text.replacen("true", if round % 2 == 0 { "false" } else { "true" }, 1);
            state = state.apply(Action::SetField { field: Field::PolicyPayload, raw: edited });
        }
        let per_keystroke = started.elapsed() / rounds;
        println!(
            "payload {:>8} bytes: {:>7.1} ms per keystroke (validate + plan), errors: {}",
            text.len(),
            per_keystroke.as_secs_f64() * 1000.0,
            state.errors.len()
        );
    }
}
