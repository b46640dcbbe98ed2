//! The site's benchmarks (scripts/bench.sh runs this against the release build in dist/):
//! what each asset weighs, how long until the editor is usable against a blank page from the
//! same server, what a keystroke costs in 100 KB to 5 MB payloads (against a bare <textarea>),
//! and what opening 25 to 50,000 check-in rows costs. Prints Markdown; asserts nothing.
//!
//! Long tasks come from the page's own PerformanceObserver ('longtask': every task over 50 ms);
//! "none" means no task went over 50 ms.

use base64::Engine as _;
use e2e::{big_payload as payload, Site};
use graph_emulator::Options;
use serde_json::{json, Map, Value};
use std::io::Write as _;
use std::path::Path;
use std::time::Duration;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const COLD_LOADS: usize = 5;

/// `bench [budgets] [weight] [assets] [load] [typing] [checkins] [settings] [catalog]`: the parts to run (all when
/// none is named).
#[tokio::main]
async fn main() {
    let parts: Vec<String> = std::env::args().skip(1).collect();
    let run = |part: &str| parts.is_empty() || parts.iter().any(|p| p == part);
    if run("budgets") {
        budgets().await;
    }
    if run("weight") {
        weight();
    }
    if run("assets") {
        assets();
        list_request().await;
    }
    if run("load") {
        time_to_usable().await;
    }
    if run("typing") {
        typing().await;
    }
    if run("checkins") {
        checkins().await;
    }
    if run("settings") {
        settings_view().await;
    }
    if run("catalog") {
        catalog().await;
    }
}

fn gzip(bytes: &[u8]) -> usize {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(bytes).unwrap();
    e.finish().unwrap().len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).unwrap();
    out.len()
}

fn files(dir: &Path, base: &Path, out: &mut Vec<(String, Vec<u8>)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, base, out);
        } else {
            let name = path.strip_prefix(base).unwrap().to_string_lossy().to_string();
            if !name.starts_with('.') {
                out.push((name, std::fs::read(&path).unwrap()));
            }
        }
    }
}

fn kb(bytes: usize) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Per asset: raw, gzip, brotli; then the first load of each sign-in mode, as the browser
/// fetched it (resource timing of the list page), and the editor's module.
fn assets() {
    let dist = e2e::dist();
    let mut all = Vec::new();
    files(&dist, &dist, &mut all);
    all.sort_by_key(|(_, b)| std::cmp::Reverse(b.len()));
    println!("## Assets (dist/, release build)\n");
    println!("| asset | raw | gzip | brotli | loaded |");
    println!("|---|---:|---:|---:|---|");
    for (name, bytes) in &all {
        let when = match name.as_str() {
            n if n.starts_with("catalog-worker") => "when templates are loaded (the catalog's worker)",
            n if n.starts_with("split_") || n.starts_with("chunk_") || n.starts_with("__wasm_split") => {
                "when its part is first used"
            }
            n if n.ends_with(".wasm") || n.ends_with(".css") || n == "index.html" || n == "config.json" => "first load",
            n if n.starts_with("office-policy-editor") || n.starts_with("snippets/") || n.starts_with("favicon") => {
                "first load"
            }
            "codemirror.js" => "when a payload is first shown",
            "msal-browser.min.js" => "`msal` mode only",
            n if n.contains("redirect") => "sign-in redirect only",
            _ => "by the host",
        };
        println!("| {name} | {} | {} | {} | {when} |", bytes.len(), gzip(bytes), brotli(bytes));
    }
    println!();
}

/// The bytes of `names` (dist-relative) with gzip and brotli.
fn totals(names: &[String]) -> (usize, usize, usize) {
    let dist = e2e::dist();
    names.iter().fold((0, 0, 0), |(r, g, b), name| {
        let bytes = std::fs::read(dist.join(name)).unwrap_or_default();
        (r + bytes.len(), g + gzip(&bytes), b + brotli(&bytes))
    })
}

/// What the browser fetched from the site (not from Graph): dist-relative names.
async fn fetched(site: &Site) -> Vec<String> {
    let script = "return [location.pathname].concat(performance.getEntriesByType('resource').map(e => new URL(e.name).pathname));";
    let names = site.eval(script).await;
    let mut names: Vec<String> = names
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n.as_str())
        .filter(|n| !n.starts_with("/beta"))
        .map(|n| if n == "/" { "index.html".to_string() } else { n.trim_start_matches('/').to_string() })
        .collect();
    names.sort();
    names.dedup();
    names
}

async fn list_request() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.see_text("Finance – strict add-ins").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let first = fetched(&site).await;
    let list = site
        .eval("return performance.getEntriesByType('resource').filter(e => e.name.includes('/clientConfigurations?')).map(e => e.encodedBodySize)[0];")
        .await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    let editor: Vec<String> = fetched(&site).await.into_iter().filter(|n| !first.contains(n)).collect();
    site.close().await;

    let (raw, gz, br) = totals(&first);
    let mut msal = first.clone();
    msal.push("msal-browser.min.js".into());
    let (mraw, mgz, mbr) = totals(&msal);
    let (eraw, egz, ebr) = totals(&editor);
    println!("## First load\n");
    println!("| what | files | raw | gzip | brotli |");
    println!("|---|---|---:|---:|---:|");
    println!(
        "| `token` / `fixed` mode, the list page | {} | {} | {} | {} |",
        first.join(", "),
        kb(raw),
        kb(gz),
        kb(br)
    );
    println!(
        "| `msal` mode: the same + MSAL.js (loaded async by the shim) | + msal-browser.min.js | {} | {} | {} |",
        kb(mraw),
        kb(mgz),
        kb(mbr)
    );
    println!("| opening a configuration adds | {} | {} | {} | {} |", editor.join(", "), kb(eraw), kb(egz), kb(ebr));
    println!();
    println!(
        "List page GET (`$select`, `$expand=assignments`), demo tenant of 5 configurations: {} bytes of JSON.\n",
        list
    );
}

/// Where the wasm's weight is: twiggy over the release build that keeps its names (cargo's
/// artifact, before wasm-bindgen and wasm-opt), by crate and by the editor's own module.
fn weight() {
    let wasm = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/wasm32-unknown-unknown/release/office-policy-editor.wasm");
    let out = std::process::Command::new("twiggy")
        .args(["top", "-n", "1000000", "--format", "csv"])
        .arg(&wasm)
        .output()
        .expect("twiggy (scripts/bench.sh installs it)");
    let text = String::from_utf8_lossy(&out.stdout);
    let (mut crates, mut modules) = (std::collections::BTreeMap::new(), std::collections::BTreeMap::new());
    let mut code = 0usize;
    for line in text.lines().skip(1) {
        // Name,ShallowSize,ShallowSizePercent,RetainedSize,RetainedSizePercent: the name may hold commas.
        let fields: Vec<&str> = line.rsplitn(5, ',').collect();
        let (Some(size), Some(name)) = (fields.get(3).and_then(|s| s.parse::<usize>().ok()), fields.get(4)) else {
            continue;
        };
        if name.starts_with('"') || name.starts_with("data[") || name.starts_with("custom section") {
            continue;
        }
        code += size;
        // The item's own path: `<a::B as c::D>::f` is a's; generics and crate hashes aside.
        let own = name.trim_start_matches(['<', '&']).trim_start_matches("mut ").trim_start_matches("dyn ");
        let own = own.split(" as ").next().unwrap_or(own).split('<').next().unwrap_or(own);
        let path: Vec<&str> = own.split("::").map(|p| p.split('[').next().unwrap_or(p)).collect();
        let krate = if path.len() > 1 { path[0] } else { "(other)" };
        *crates.entry(krate.to_string()).or_insert(0usize) += size;
        if krate == "office_policy_editor" {
            // Its module: the path up to the first type or function (a capitalised or last segment).
            let module: Vec<&str> = path[1..path.len() - 1]
                .iter()
                .take_while(|p| p.chars().next().is_some_and(|c| c.is_lowercase()))
                .copied()
                .collect();
            *modules.entry(module.join("::")).or_insert(0usize) += size;
        }
    }
    let top = |map: std::collections::BTreeMap<String, usize>, n: usize| {
        let mut v: Vec<(String, usize)> = map.into_iter().collect();
        v.sort_by_key(|(_, s)| std::cmp::Reverse(*s));
        v.truncate(n);
        v
    };
    println!("## Where the wasm's weight is (twiggy, names kept, before wasm-bindgen and wasm-opt)\n");
    println!("{} of functions and data once names are set aside.\n", kb(code));
    println!("| crate | bytes | share |");
    println!("|---|---:|---:|");
    for (name, size) in top(crates, 15) {
        println!("| {name} | {size} | {:.1} % |", size as f64 * 100.0 / code as f64);
    }
    println!();
    println!("| the editor's module | bytes | share |");
    println!("|---|---:|---:|");
    for (name, size) in top(modules, 20) {
        println!("| {name} | {size} | {:.1} % |", size as f64 * 100.0 / code as f64);
    }
    println!();
}

/// The floor of the stack (bench/floor, built by scripts/bench.sh as the editor is).
fn floor_dist() -> std::path::PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/floor/dist");
    assert!(dist.join("index.html").exists(), "no bench/floor/dist: scripts/bench.sh builds it");
    dist
}

/// Waits (20 s at most) for the page to mark `name` (User Timing); its time from navigation.
async fn mark(site: &Site, name: &str) -> f64 {
    let script = format!("const m = performance.getEntriesByName('{name}'); return m.length ? m[0].startTime : null;");
    for _ in 0..1000 {
        if let Some(ms) = site.eval(&script).await.as_f64() {
            return ms;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("the page never marked {name}");
}

/// The floor's moment on a cold cache: served from the site's own server, beside it.
async fn floor_usable() -> f64 {
    let site = Site::start(Options::default()).await;
    let floor = site.site_dir.join("floor");
    e2e::copy_dir(&floor_dist(), &floor);
    std::fs::copy(site.site_dir.join("config.json"), floor.join("config.json")).unwrap();
    site.browser.goto(&format!("{}/floor/index.html", site.url)).await.unwrap();
    let ms = mark(&site, "floor-usable").await;
    // Back to the site itself, whose CSP `close` checks.
    site.open("").await;
    site.close().await;
    ms
}

/// The floor's first load: every file of bench/floor/dist (and config.json), gzip -9.
fn floor_bytes() -> (usize, usize) {
    let mut all = Vec::new();
    files(&floor_dist(), &floor_dist(), &mut all);
    let wasm = all.iter().filter(|(n, _)| n.ends_with(".wasm")).map(|(_, b)| gzip(b)).sum();
    let config = std::fs::read(e2e::dist().join("config.json")).unwrap_or_default();
    let total = all.iter().map(|(_, b)| gzip(b)).sum::<usize>() + gzip(&config);
    (wasm, total)
}

/// Issue 25's table: each moment and weight of the editor against the floor, measured in this
/// run (cold cache each, median of five runs taken in turn).
async fn budgets() {
    let (mut floor, mut list, mut form, mut payload) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut first_load = Vec::new();
    for _ in 0..COLD_LOADS {
        floor.push(floor_usable().await);
        let site = Site::start(Options::default()).await;
        site.open("#/configurations").await;
        list.push(mark(&site, "list-usable").await);
        first_load = fetched(&site).await;
        site.close().await;
        let site = Site::start(Options::default()).await;
        site.open(&format!("#/configurations/{FINANCE}")).await;
        form.push(mark(&site, "form-usable").await);
        payload.push(mark(&site, "editor-usable").await);
        site.close().await;
    }
    let (floor_wasm, floor_total) = floor_bytes();
    let dist = e2e::dist();
    let gz = |names: &[String]| -> usize {
        names.iter().map(|n| gzip(&std::fs::read(dist.join(n)).unwrap_or_default())).sum()
    };
    let wasm: Vec<String> = first_load.iter().filter(|n| n.ends_with(".wasm")).cloned().collect();
    let (list_wasm, list_total) = (gz(&wasm), gz(&first_load));
    let (typed, opened) = (one_key_then_two_seconds().await, open_rows(5_000).await);
    let f = median(floor.clone());
    let runs = |v: &[f64]| v.iter().map(|t| format!("{t:.0}")).collect::<Vec<_>>().join(", ");
    println!("## Against the floor of the stack (issue 25's budgets)\n");
    println!(
        "The floor is bench/floor: Yew + yew-router, config.json fetched with gloo-net and parsed with serde_json, \
         one labelled input; built as the editor is and served by the same server. Times from navigation, cold \
         cache, median of {COLD_LOADS} runs taken in turn (floor, list, editor); sizes gzip -9.\n"
    );
    println!("| figure | floor | editor | ÷ floor | goal | runs (ms) |");
    println!("|---|---:|---:|---:|---|---|");
    let moment = |label: &str, v: &[f64], goal: &str| {
        let m = median(v.to_vec());
        println!("| {label} | {f:.0} ms | {m:.0} ms | **{:.2}×** | ≤ {goal} | {} |", m / f, runs(v));
    };
    moment("list usable (its rows shown)", &list, "1.5×");
    moment("editor form usable (the display name holds the name)", &form, "1.75×");
    moment("payload editable (CodeMirror holds the text)", &payload, "2×");
    println!("| floor's own runs | | | | | {} |", runs(&floor));
    println!(
        "| wasm of the list route's first load | {} | {} | **{:.2}×** | ≤ 3× | |",
        kb(floor_wasm),
        kb(list_wasm),
        list_wasm as f64 / floor_wasm as f64
    );
    println!(
        "| token-mode first load, all assets | {} | {} | **{:.2}×** | ≤ 3.5× | |",
        kb(floor_total),
        kb(list_total),
        list_total as f64 / floor_total as f64
    );
    println!(
        "| one key typed into a 5 MB payload, then 2 s: longest task | | {} | | no task over 50 ms | |",
        longest(&typed)
    );
    println!("| opening a configuration of 5,000 check-in rows: longest task | | {} | | ≤ 50 ms | |", longest(&opened));
    println!();
    lazy_parts(&first_load);
}

/// Each part that is not in the first load (the release site's wasm chunks and their loader,
/// the payload editor's module), with its size.
fn lazy_parts(first_load: &[String]) {
    let mut all = Vec::new();
    files(&e2e::dist(), &e2e::dist(), &mut all);
    all.retain(|(n, _)| {
        (n.ends_with(".wasm") || n.starts_with("__wasm_split") || n == "codemirror.js") && !first_load.contains(n)
    });
    all.sort();
    println!("Not in the list's first load, each fetched when first used:\n");
    println!("| part | file | raw | gzip |");
    println!("|---|---|---:|---:|");
    for (name, bytes) in &all {
        let part = match name.as_str() {
            n if n.starts_with("split_editor_chunk") => "a configuration's page",
            n if n.starts_with("split_effective_chunk") => "effective policy",
            n if n.starts_with("split_tenant_checkins_chunk") => "the tenant's check-in rows",
            n if n.starts_with("split_transfer_chunk") => "the list's export, import and compare",
            n if n.starts_with("split_catalog_chunk") => "the policy catalog's state and worker client (the first ask)",
            n if n.starts_with("chunk_") => "code parts share",
            n if n.starts_with("__wasm_split") => "the chunks' loader",
            n if n.starts_with("catalog-worker") => "the policy catalog's worker (when templates are loaded)",
            "codemirror.js" => "the payload editor (CodeMirror)",
            _ => "",
        };
        println!("| {part} | {name} | {} | {} |", bytes.len(), gzip(bytes));
    }
    println!();
}

/// One key typed at the top of a 5 MB payload, then two seconds for what follows (the text's
/// hand-over to wasm, validation): the longest task of it all.
async fn one_key_then_two_seconds() -> Value {
    let site = Site::start(Options::default()).await;
    let encoded = base64::engine::general_purpose::STANDARD.encode(payload(5_000_000));
    let mut changes = Map::new();
    changes.insert("policyPayload".into(), json!(encoded));
    site.emulator.seed_changes(FINANCE, changes);
    site.open(&format!("#/configurations/{FINANCE}")).await;
    let el = site.wait_for(".cm-content[name=policyPayload]").await;
    mark(&site, "editor-usable").await;
    el.click().await.unwrap();
    el.send_keys("\u{E009}\u{E011}\u{E000}").await.unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    site.eval(OBSERVE).await;
    el.send_keys("x").await.unwrap();
    tokio::time::sleep(Duration::from_secs(2)).await;
    let long = site.eval(LONGEST).await;
    site.close().await;
    long
}

/// From the list, a configuration of `n` check-in rows opened in the same page: the longest
/// task until its payload editor is usable and a little after.
async fn open_rows(n: usize) -> Value {
    let site = Site::start(Options::default()).await;
    let mut changes = Map::new();
    changes.insert("checkinStatuses".into(), rows(n));
    site.emulator.seed_changes(FINANCE, changes);
    site.open("#/configurations").await;
    mark(&site, "list-usable").await;
    site.eval(OBSERVE).await;
    site.eval(&format!("location.hash = '#/configurations/{FINANCE}';")).await;
    mark(&site, "editor-usable").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let long = site.eval(LONGEST).await;
    site.close().await;
    long
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// Cold loads (a fresh browser profile each): a blank page's load event against the editor's
/// `editor-usable` mark (the form shown and the payload editor ready).
async fn time_to_usable() {
    let (mut blank, mut editor) = (Vec::new(), Vec::new());
    for _ in 0..COLD_LOADS {
        let site = Site::start(Options::default()).await;
        std::fs::write(site.site_dir.join("blank.html"), "<!doctype html><meta charset=utf-8><title>blank</title>")
            .unwrap();
        site.browser.goto(&format!("{}/blank.html", site.url)).await.unwrap();
        let t = site.eval("return performance.getEntriesByType('navigation')[0].loadEventEnd;").await;
        blank.push(t.as_f64().unwrap());
        // Back to the site itself, whose CSP `close` checks.
        site.open("").await;
        site.close().await;

        let site = Site::start(Options::default()).await;
        site.open(&format!("#/configurations/{FINANCE}")).await;
        site.control("policyPayload").await;
        let t = site.eval("return performance.getEntriesByName('editor-usable')[0].startTime;").await;
        editor.push(t.as_f64().unwrap());
        site.close().await;
    }
    let (b, e) = (median(blank.clone()), median(editor.clone()));
    println!("## Time to a usable editor (cold cache, median of {COLD_LOADS})\n");
    println!("| page | median | all runs |");
    println!("|---|---:|---|");
    let runs = |v: &[f64]| v.iter().map(|t| format!("{t:.0}")).collect::<Vec<_>>().join(", ");
    println!("| blank page, same server (load event) | {b:.0} ms | {} |", runs(&blank));
    println!("| editor usable (form + payload editor) | {e:.0} ms | {} |", runs(&editor));
    println!("| ratio | **{:.2}×** | |", e / b);
    println!();
}

const OBSERVE: &str = "window.__long = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push(e.duration))).observe({type: 'longtask'});";
const LONGEST: &str = "return window.__long.length ? Math.max(...window.__long) : 0;";

fn longest(v: &Value) -> String {
    match v.as_f64().unwrap_or(0.0) {
        0.0 => "none over 50 ms".into(),
        ms => format!("{ms:.0} ms"),
    }
}

/// Ten keystrokes at the top of the payload (the first makes the JSON invalid), then Backspace.
async fn type_keys(site: &Site, css: &str) {
    let el = site.wait_for(css).await;
    el.click().await.unwrap();
    // Ctrl+Home: the start of the text.
    el.send_keys("\u{E009}\u{E011}\u{E000}").await.unwrap();
    site.eval(OBSERVE).await;
    for _ in 0..10 {
        el.send_keys("x").await.unwrap();
    }
    tokio::time::sleep(Duration::from_millis(1200)).await;
}

async fn typing() {
    println!("## Typing into a policy payload (10 keystrokes, then the debounced validation)\n");
    println!("| payload | longest task, payload editor | validation shown after the last key | longest task, bare `<textarea>` |");
    println!("|---:|---|---:|---|");
    for (label, bytes) in [("100 KB", 100_000), ("1 MB", 1_000_000), ("5 MB", 5_000_000)] {
        let site = Site::start(Options::default()).await;
        let text = payload(bytes);
        let encoded = base64::engine::general_purpose::STANDARD.encode(&text);
        let mut changes = Map::new();
        changes.insert("policyPayload".into(), json!(encoded));
        site.emulator.seed_changes(FINANCE, changes);
        site.open(&format!("#/configurations/{FINANCE}")).await;
        site.control("policyPayload").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        site.eval(
            "window.__key = 0; document.addEventListener('keydown', () => { window.__key = performance.now(); }, true);
             window.__shown = 0; new MutationObserver(() => { const e = document.querySelector('[name=policyPayload]');
               if (e.getAttribute('aria-invalid') === 'true' && !window.__shown) window.__shown = performance.now(); })
               .observe(document.body, {subtree: true, attributes: true, attributeFilter: ['aria-invalid']});",
        )
        .await;
        type_keys(&site, ".cm-content[name=policyPayload]").await;
        let editor = site.eval(LONGEST).await;
        let shown = site.eval("return window.__shown ? window.__shown - window.__key : -1;").await;
        // The baseline: the same text in a bare textarea on the same page.
        site.eval(
            "const t = document.createElement('textarea'); t.id = 'bench-baseline'; t.rows = 20; t.cols = 100;
             t.value = document.querySelector('[name=policyPayload]').value; document.body.prepend(t);",
        )
        .await;
        type_keys(&site, "#bench-baseline").await;
        let textarea = site.eval(LONGEST).await;
        let shown = match shown.as_f64() {
            Some(ms) if ms >= 0.0 => format!("{ms:.0} ms"),
            _ => "not seen".into(),
        };
        println!("| {label} | {} | {shown} | {} |", longest(&editor), longest(&textarea));
        site.close().await;
    }
    println!();
}

fn rows(n: usize) -> Value {
    Value::Array(
        (0..n)
            .map(|i| {
                json!({
                    "userPrincipalName": format!("user{i:05}@contoso.com"), "deviceName": format!("PC-{i:05}"),
                    "devicePlatform": "Windows", "devicePlatformVersion": "10.0.22631", "wasSuccessful": i % 7 != 0,
                    "userId": format!("7c1e6a7b-3f0d-4e2a-9b8c-{i:012x}"), "checkinDateTime": "2026-11-01T00:00:00Z",
                    "errorMessage": "", "appliedPolicies": ["Finance"]
                })
            })
            .collect(),
    )
}

/// From the list, the configuration is opened in the same page: time until usable and the
/// longest task on the way.
async fn checkins() {
    let mut report = None;
    println!("## Opening a configuration by its check-in rows\n");
    println!("| check-in rows | time to usable | longest task |");
    println!("|---:|---:|---|");
    for n in [25, 5_000, 50_000] {
        let site = Site::start(Options::default()).await;
        let mut changes = Map::new();
        changes.insert("checkinStatuses".into(), rows(n));
        site.emulator.seed_changes(FINANCE, changes);
        site.open("#/configurations").await;
        site.see_text("Finance – strict add-ins").await;
        site.eval(OBSERVE).await;
        site.eval(&format!("window.__t0 = performance.now(); location.hash = '#/configurations/{FINANCE}';")).await;
        site.control("policyPayload").await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        let usable =
            site.eval("return performance.getEntriesByName('editor-usable')[0].startTime - window.__t0;").await;
        let long = site.eval(LONGEST).await;
        println!("| {n} | {:.0} ms | {} |", usable.as_f64().unwrap_or(-1.0), longest(&long));
        if n == 50_000 {
            report = Some(report_at(&site, long).await);
        }
        site.close().await;
    }
    println!();
    if let Some(lines) = report {
        println!("## The check-in report at 50,000 rows (longest task of each step)\n");
        println!("| step | the report (rows in view only) | every row rendered (a plain table, the baseline) |");
        println!("|---|---|---|");
        for line in lines {
            println!("{line}");
        }
        println!();
    }
}

/// At 50,000 rows, already open: keystrokes into the report's filter, a sort, a scroll, and the
/// same rows rendered all at once in a plain table, as a baseline.
async fn report_at(site: &Site, open: Value) -> Vec<String> {
    let mut lines = Vec::new();
    let filter = site.control("checkin-filter").await;
    site.eval(OBSERVE).await;
    for key in ["u", "s", "e", "r", "0", "1"] {
        filter.send_keys(key).await.unwrap();
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let keys = site.eval(LONGEST).await;
    let count = site.eval("return document.querySelector('[role=grid]').getAttribute('aria-rowcount');").await;
    filter.send_keys("\u{E009}a\u{E000}\u{E003}").await.unwrap();
    tokio::time::sleep(Duration::from_millis(800)).await;
    site.eval(OBSERVE).await;
    site.click("button[data-sort=deviceName]").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let sort = site.eval(LONGEST).await;
    site.eval(OBSERVE).await;
    site.eval("const s = document.querySelector('.report-scroll'); s.scrollTop = 32 * 30000; s.dispatchEvent(new Event('scroll'));").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let scroll = site.eval(LONGEST).await;
    // The baseline: every row at once, as a table would without windowing.
    site.eval(OBSERVE).await;
    site.eval(
        "const t = document.createElement('table'); const b = document.createElement('tbody'); t.appendChild(b);
         for (let i = 0; i < 50000; i++) { const r = b.insertRow(); for (const c of [`user${i}@contoso.com`, `PC-${i}`, 'Windows',
           '10.0.22631', i % 7 ? 'Succeeded' : 'Failed', '7c1e6a7b-3f0d-4e2a-9b8c', '2026-11-01T00:00:00Z', '', 'Finance'])
           r.insertCell().textContent = c; }
         document.body.prepend(t);",
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let all = site.eval(LONGEST).await;
    lines.push(format!(
        "| opening the configuration (above) | {} | {} (rendering them) |",
        longest(&open),
        longest(&all)
    ));
    lines.push(format!(
        "| a filter keystroke (6 keys, \"user01\": {} rows left) | {} | – |",
        count.as_str().unwrap_or("?"),
        longest(&keys)
    ));
    lines.push(format!("| sort by device name | {} | – |", longest(&sort)));
    lines.push(format!("| scroll to row 30,000 | {} | – |", longest(&scroll)));
    lines
}

/// The Settings view of a 5 MB payload (60,000 settings): the longest task of opening it, of a
/// filter keystroke, and of toggling a switch.
async fn settings_view() {
    let site = Site::start(Options::default()).await;
    let text = payload(5_000_000);
    let count = text.matches("\"setting").count();
    let mut changes = Map::new();
    changes.insert("policyPayload".into(), json!(base64::engine::general_purpose::STANDARD.encode(&text)));
    site.emulator.seed_changes(FINANCE, changes);
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    site.eval(OBSERVE).await;
    site.click("section.payload [data-action=view-settings]").await;
    site.wait_for("[role=tree] [role=treeitem]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let open = site.eval(LONGEST).await;
    site.eval(OBSERVE).await;
    let filter = site.control("policyPayload#filter").await;
    for key in ["l", "a", "s", "t"] {
        filter.send_keys(key).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    // The search done (while it runs, the rows found before stay, read-only).
    site.see_text("1 setting(s) match").await;
    site.wait_for("[name=\"policyPayload#/settings/last\"]").await;
    let keys = site.eval(LONGEST).await;
    site.eval(OBSERVE).await;
    site.click("[name=\"policyPayload#/settings/last\"]").await;
    site.wait_for("[data-pointer=\"/settings/last\"].changed").await;
    tokio::time::sleep(Duration::from_millis(800)).await;
    let toggle = site.eval(LONGEST).await;
    site.close().await;
    println!("## The Settings view of a 5 MB payload ({count} settings; longest task of each step)\n");
    println!("| step | longest task |");
    println!("|---|---|");
    println!("| opening the Settings view | {} |", longest(&open));
    println!("| a filter keystroke (4 keys, \"last\") | {} |", longest(&keys));
    println!("| toggling a switch (the JSON text updated, the tree redrawn) | {} |", longest(&toggle));
    println!();
}

/// The policy catalog: templates of a real release's size (12 apps, 2,400 policies, UTF-16;
/// generated, never Microsoft's) read by the worker — its time, the page's longest task
/// meanwhile, and the browser's own DOMParser on the same files in the page — then a search
/// keystroke in the panel, and the worker's size.
async fn catalog() {
    use office_policy_editor::core::catalog::template;
    let folder = e2e::artifacts().join("bench-templates");
    let _ = std::fs::remove_dir_all(&folder);
    let files = template::generated(12, 200);
    let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
    for file in &files {
        let path = folder.join(&file.path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, &file.bytes).unwrap();
    }
    let site = Site::start(Options { templates: Some(folder.clone()), ..Options::default() }).await;
    let urls = graph_emulator::template_paths(&folder);
    site.configure(json!({
        "cloud": "global", "graphBaseUrl": format!("{}/beta", site.url), "auth": { "mode": "token", "token": e2e::TOKEN },
        "catalog": urls,
    }));
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("policyPayload").await;
    site.click("section.payload [data-action=view-settings]").await;
    site.wait_for("[role=tree] [role=treeitem]").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    site.eval(OBSERVE).await;
    let start = site.eval("return performance.now();").await.as_f64().unwrap_or(0.0);
    site.click("[data-action=load-site-catalog]").await;
    site.wait_for(".catalog-panel [data-policy]").await;
    let shown = site.eval("return performance.now();").await.as_f64().unwrap_or(0.0) - start;
    let worker_ms = site.wait_for("[data-catalog-ms]").await.attr("data-catalog-ms").await.unwrap().unwrap_or_default();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let load = site.eval(LONGEST).await;
    // The browser's own XML parser on the same files, in the page (decoding included).
    let dom = site
        .eval(&format!(
            "return (async () => {{ const urls = {}; const texts = await Promise.all(urls.map(async u => new TextDecoder('utf-16le').decode(await (await fetch(u)).arrayBuffer())));
             const t = performance.now(); let n = 0;
             for (const text of texts) {{ n += new DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('policy').length; }}
             return [performance.now() - t, n]; }})();",
            serde_json::to_string(&graph_emulator::template_paths(&folder)).unwrap()
        ))
        .await;
    site.eval(OBSERVE).await;
    let search = site.control("catalog-search").await;
    for key in ["s", "e", "t", " ", "1", "2"] {
        search.send_keys(key).await.unwrap();
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    site.wait_for("[data-catalog-count]").await;
    let keys = site.eval(LONGEST).await;
    site.close().await;
    let size = |name: &str| {
        let bytes = std::fs::read(e2e::dist().join(name)).unwrap_or_default();
        (bytes.len(), gzip(&bytes))
    };
    let (wasm, wasm_gz) = size("catalog-worker_bg.wasm");
    let (js, js_gz) = size("catalog-worker.js");
    println!(
        "## The policy catalog ({} template files, {:.1} MB of UTF-16, 2,400 policies; generated)\n",
        files.len(),
        bytes as f64 / 1e6
    );
    println!("| step | figure |");
    println!("|---|---|");
    println!("| read by the worker (decode, parse, model, JSON, kept in IndexedDB) | {worker_ms} ms |");
    println!("| from the click to the panel's results shown | {shown:.0} ms |");
    println!("| the page's longest task meanwhile | {} |", longest(&load));
    println!("| the browser's DOMParser on the same files, in the page (for comparison; main thread) | {:.0} ms ({} policies) |", dom[0].as_f64().unwrap_or(-1.0), dom[1]);
    println!("| a search keystroke over 2,400 policies (6 keys): longest task | {} |", longest(&keys));
    println!(
        "| the worker's wasm + glue, gzip -9 (not on the first load) | {:.1} KB + {:.1} KB (raw {:.0} KB + {:.0} KB) |",
        wasm_gz as f64 / 1e3,
        js_gz as f64 / 1e3,
        wasm as f64 / 1e3,
        js as f64 / 1e3
    );
    println!();
}
