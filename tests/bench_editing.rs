//! What a keystroke costs in the app, in headless Chrome: from the `input` event to the DOM
//! patched by the render it causes (the session applies the edit, the view model is rebuilt,
//! Yew diffs and patches), for large configurations. Prints numbers; asserts only that each
//! keystroke was rendered. Run by `scripts/bench.sh`, not by the test command.

#![cfg(target_arch = "wasm32")]

mod support;

use office_policy_editor::core::stream;
use serde_json::{json, Value};
use support::fake_graph::*;
use support::Mount;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn payload(bytes: usize) -> String {
    let mut settings = Vec::new();
    let mut i = 0;
    while settings.iter().map(|s: &String| s.len() + 1).sum::<usize>() < bytes {
        settings.push(format!("\"setting{i:06}\": {{\"enabled\": true, \"value\": \"{:040}\"}}", i));
        i += 1;
    }
    format!("{{{}}}", settings.join(","))
}

fn checkins(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| json!({"userId": format!("u{i}"), "deviceName": format!("PC-{i}"), "wasSuccessful": true, "checkinDateTime": "2026-11-01T00:00:00Z"}))
            .collect(),
    )
}

/// Lets queued microtasks (Yew's render) run, without a timer's clamping.
async fn microtasks() {
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::resolve(&wasm_bindgen::JsValue::NULL)).await.unwrap();
}

/// Types `value` into `name` and waits until the render shows `rendered`; the milliseconds it took.
async fn keystroke(mount: &Mount, name: &str, value: &str, rendered: impl Fn(&Mount) -> bool) -> f64 {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let started = performance.now();
    mount.type_into(name, value);
    for _ in 0..1_000 {
        if rendered(mount) {
            return performance.now() - started;
        }
        microtasks().await;
    }
    panic!("the keystroke in {name} was never rendered");
}

#[wasm_bindgen_test]
async fn bench_editing() {
    let rounds = 20;
    for (bytes, rows) in [(100 * 1024, 0), (100 * 1024, 5_000), (1024 * 1024, 5_000)] {
        let fake = FakeGraph::new();
        let text = payload(bytes);
        {
            let mut entity = fake.entity.borrow_mut();
            entity["policyPayload"] = json!(stream::encode(&text));
            entity["checkinStatuses"] = checkins(rows);
        }
        let mount = open_editor(&fake).await;
        let (mut name_ms, mut payload_ms) = (0.0, 0.0);
        for round in 0..rounds {
            // An empty name shows its error, a name clears it: each keystroke's render is visible.
            let value = if round % 2 == 0 { "" } else { "Renamed" };
            let has_error = |m: &Mount| m.find("#displayName-error").is_some();
            name_ms += keystroke(&mount, "displayName", value, move |m| has_error(m) == value.is_empty()).await;
            // A payload edit that breaks the JSON and one that mends it.
            let edited = if round % 2 == 0 { format!("{text}x") } else { text.clone() };
            let broken = round % 2 == 0;
            let shows_error = |m: &Mount| m.find("[name=policyPayload][aria-invalid=true]").is_some();
            payload_ms += keystroke(&mount, "policyPayload", &edited, move |m| shows_error(m) == broken).await;
        }
        console_log!(
            "payload {:>8} bytes, {:>5} check-in rows: {:>6.1} ms per keystroke in the name, {:>6.1} ms in the payload",
            text.len(),
            rows,
            name_ms / rounds as f64,
            payload_ms / rounds as f64
        );
    }
}
