//! What a keystroke costs in the app, in headless Chrome: from the `input` event to the DOM
//! patched by the render it causes (the session applies the edit, the view model is rebuilt,
//! Yew diffs and patches), for large configurations; and the Stream encode + decode throughput
//! of our wasm path against the browser's TextEncoder + btoa. Prints numbers; asserts only that
//! each keystroke was rendered. Run by `scripts/bench.sh`, not by the test command. (Typing into
//! the payload editor is measured on the built site: e2e/examples/bench.rs.)

#![cfg(target_arch = "wasm32")]

mod support;

use office_policy_editor::core::wire::stream;
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
    for hop in 0..2_000 {
        if rendered(mount) {
            return performance.now() - started;
        }
        // Renders are scheduled as tasks of their own: after a few microtasks, yield to them.
        if hop < 10 {
            microtasks().await;
        } else {
            gloo_timers::future::TimeoutFuture::new(0).await;
        }
    }
    panic!("the keystroke in {name} ({value:?}) was never rendered; page text: {}", mount.text());
}

/// The session's `apply` and the view model alone, in wasm, per keystroke in the name.
fn core_only(entity: &Value, rounds: usize) -> f64 {
    use office_policy_editor::core::pages::editor::Action as Edit;
    use office_policy_editor::core::pages::session::{Action, Session};
    use office_policy_editor::core::pages::view;
    use office_policy_editor::core::pages::Machine;
    use office_policy_editor::core::rules::draft::Field;
    use office_policy_editor::core::rules::retry::Moment;
    use office_policy_editor::core::rules::retry::RetryPolicy;
    use office_policy_editor::core::wire::model::Configuration;
    let performance = web_sys::window().unwrap().performance().unwrap();
    let entity = Configuration::from_value(entity.clone()).unwrap();
    let mut session = Session::new(ID, "https://graph.microsoft.com/beta", RetryPolicy::default())
        .apply(Action::Open { owner: None, tab: "bench".into() })
        .0
        .apply(Action::Fetched { result: Ok(entity), at: Moment::default() })
        .0;
    let started = performance.now();
    for round in 0..rounds {
        let raw = if round % 2 == 0 { String::new() } else { "Renamed".into() };
        session = session.apply(Action::Edit(Edit::SetField { field: Field::DisplayName, raw })).0;
        for field in Field::SCALARS {
            std::hint::black_box(view::field(&session.editor, field));
        }
        std::hint::black_box(view::session_checkins(&session));
    }
    (performance.now() - started) / rounds as f64
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
        let mut name_ms = 0.0;
        for round in 0..rounds {
            // An empty name shows its error, a name clears it: each keystroke's render is visible.
            let value = if round % 2 == 0 { "" } else { "Renamed" };
            let has_error = |m: &Mount| m.find("#displayName-error").is_some();
            name_ms += keystroke(&mount, "displayName", value, move |m| has_error(m) == value.is_empty()).await;
        }
        let core_ms = core_only(&fake.entity.borrow(), rounds);
        console_log!("| {} | {} | {:.1} ms | {:.1} ms |", text.len(), rows, name_ms / rounds as f64, core_ms);
    }
}

/// The browser's own path for a Stream value: TextEncoder + btoa, and atob + TextDecoder.
fn js_path() -> (js_sys::Function, js_sys::Function) {
    let encode = js_sys::Function::new_with_args(
        "text",
        "const bytes = new TextEncoder().encode(text); let binary = '';
         for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
         return btoa(binary);",
    );
    let decode = js_sys::Function::new_with_args(
        "b64",
        "const binary = atob(b64); const bytes = new Uint8Array(binary.length);
         for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
         return new TextDecoder('utf-8', {fatal: true}).decode(bytes);",
    );
    (encode, decode)
}

/// MB/s of encode + decode of `text`, by the path the app takes and by the browser's own:
/// - ours: the payload text as wasm holds it (the editor's typing reaches wasm as changes, so the
///   text is already there at Save), `core::wire::stream::encode`, the base64 out as bytes (a fetch
///   body); then bytes in (a fetch response), `core::wire::stream::decode_base64` to UTF-8 text, out as
///   a JS string (to the editor);
/// - the browser's: TextEncoder + btoa, atob + TextDecoder, from a JS string to a JS string.
///
/// The codec only: the JSON check that a decode also makes in the app is in the keystroke and
/// open benchmarks. Also returns the milliseconds of each of our steps, for the report.
fn stream_throughput(text: &str) -> (f64, f64, [f64; 4]) {
    let performance = web_sys::window().unwrap().performance().unwrap();
    let js_text = wasm_bindgen::JsValue::from_str(text);
    let rounds = (3_000_000 / text.len().max(1)).clamp(3, 1_000);
    let started = performance.now();
    for _ in 0..rounds {
        let body = js_sys::Uint8Array::from(stream::encode(text).as_bytes());
        let received = body.to_vec();
        let decoded =
            String::from_utf8(stream::decode_base64(std::str::from_utf8(&received).unwrap()).unwrap()).unwrap();
        std::hint::black_box(wasm_bindgen::JsValue::from_str(&decoded));
    }
    let wasm_ms = (performance.now() - started) / rounds as f64;
    let (encode, decode) = js_path();
    let started = performance.now();
    for _ in 0..rounds {
        let encoded = encode.call1(&wasm_bindgen::JsValue::NULL, &js_text).unwrap();
        std::hint::black_box(decode.call1(&wasm_bindgen::JsValue::NULL, &encoded).unwrap());
    }
    let js_ms = (performance.now() - started) / rounds as f64;
    // Once more, step by step (the clock's own cost kept out of the rates above).
    let t0 = performance.now();
    let encoded = stream::encode(text);
    let t1 = performance.now();
    let received = js_sys::Uint8Array::from(encoded.as_bytes()).to_vec();
    let t2 = performance.now();
    let decoded = String::from_utf8(stream::decode_base64(std::str::from_utf8(&received).unwrap()).unwrap()).unwrap();
    let t3 = performance.now();
    std::hint::black_box(wasm_bindgen::JsValue::from_str(&decoded));
    let steps = [t1 - t0, t2 - t1, t3 - t2, performance.now() - t3];
    let mb = text.len() as f64 / 1e6;
    (mb / (wasm_ms / 1000.0), mb / (js_ms / 1000.0), steps)
}

#[wasm_bindgen_test]
fn bench_stream() {
    for bytes in [1024, 1024 * 1024, 3 * 1024 * 1024] {
        // Mostly ASCII JSON with some non-ASCII text, as real settings carry.
        let text = payload(bytes).replacen("setting000001", "paramètre-設定", 1);
        let (wasm, js, [encode, copies, decode, to_js]) = stream_throughput(&text);
        console_log!(
            "stream {} bytes: wasm {:.0} MB/s, JS {:.0} MB/s (ours: encode {:.1} ms, body out and in {:.1} ms, decode {:.1} ms, to a JS string {:.1} ms)",
            text.len(), wasm, js, encode, copies, decode, to_js
        );
    }
}
