//! Where the time goes: a CPU profile of one page action, taken with the Chrome DevTools
//! protocol through chromedriver, printed as the functions with the most self time (name,
//! script, line:column). `cargo run --release -p e2e --example profile -- open [ROWS]` (opening a
//! configuration from the list, with ROWS check-in rows), `-- settings-open`, `-- settings-filter`, `-- settings` (the Settings view of a 5 MB payload: opening it, typing a filter, toggling a switch), `-- filter` (typing \"user01\" into the check-in filter at 50,000 rows), `-- load` (a cold load of a configuration's address: when each file arrived, the marks, layout and style totals, the long tasks) or `-- typing [BYTES]` (three keystrokes into a payload of 5 MB or BYTES, and
//! the validation after them; the long tasks are listed too). For readable CodeMirror names, rebuild dist/codemirror.js with
//! esbuild's --minify-whitespace --minify-syntax only. A tool for looking, not a test.

use e2e::Site;
use graph_emulator::Options;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use std::time::Duration;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

const LONG_TASKS: &str = "window.__lt = []; new PerformanceObserver((l) => l.getEntries()
    .forEach((e) => window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]))).observe({type: 'longtask'});";

#[derive(Debug)]
struct Cdp(String, Value);
impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/goog/cdp/execute", session.unwrap()))
    }
    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({"cmd": self.0, "params": self.1}).to_string()))
    }
}

async fn cdp(site: &Site, cmd: &str, params: Value) -> Value {
    site.browser.issue_cmd(Cdp(cmd.into(), params)).await.unwrap()
}

fn report(profile: &Value, top: usize) {
    let nodes = profile["nodes"].as_array().unwrap();
    let mut by_id = HashMap::new();
    for n in nodes {
        by_id.insert(n["id"].as_u64().unwrap(), n);
    }
    let (samples, deltas) = (profile["samples"].as_array().unwrap(), profile["timeDeltas"].as_array().unwrap());
    let mut selftime: HashMap<String, f64> = HashMap::new();
    for (i, s) in samples.iter().enumerate() {
        let n = by_id[&s.as_u64().unwrap()];
        let f = &n["callFrame"];
        let name = format!(
            "{} {}:{}",
            f["functionName"].as_str().unwrap_or(""),
            f["url"].as_str().unwrap_or("").rsplit('/').next().unwrap_or(""),
            f["lineNumber"].to_string() + ":" + &f["columnNumber"].to_string()
        );
        let dt = deltas.get(i + 1).and_then(|d| d.as_f64()).unwrap_or(0.0) / 1000.0;
        *selftime.entry(name).or_default() += dt;
    }
    // The busy stretches (no idle sample between) over 30 ms, in order, each with its top functions.
    let mut stretches: Vec<(f64, HashMap<String, f64>)> = Vec::new();
    let mut current: Option<(f64, HashMap<String, f64>)> = None;
    for (i, s) in samples.iter().enumerate() {
        let f = &by_id[&s.as_u64().unwrap()]["callFrame"];
        let name = format!(
            "{} {}",
            f["functionName"].as_str().unwrap_or(""),
            f["url"].as_str().unwrap_or("").rsplit('/').next().unwrap_or("")
        );
        let dt = deltas.get(i + 1).and_then(|d| d.as_f64()).unwrap_or(0.0) / 1000.0;
        if name.starts_with("(idle)") {
            stretches.extend(current.take());
        } else {
            let c = current.get_or_insert_with(Default::default);
            c.0 += dt;
            *c.1.entry(name).or_default() += dt;
        }
    }
    stretches.extend(current);
    for (ms, by) in stretches.iter().filter(|s| s.0 > 30.0) {
        let mut by: Vec<_> = by.iter().collect();
        by.sort_by(|a, b| b.1.partial_cmp(a.1).unwrap());
        let top: Vec<String> = by.iter().take(10).map(|(n, t)| format!("{t:.1} {}", &n[..n.len().min(50)])).collect();
        println!("busy {ms:.0} ms: {}", top.join(" | "));
    }
    // PROFILE_CALLERS=name: the call stacks (innermost first) of the samples in functions whose
    // name contains it.
    if let Ok(wanted) = std::env::var("PROFILE_CALLERS") {
        let mut parent = HashMap::new();
        for n in nodes {
            for c in n["children"].as_array().into_iter().flatten() {
                parent.insert(c.as_u64().unwrap(), n["id"].as_u64().unwrap());
            }
        }
        let short = |id: u64| {
            let name = by_id[&id]["callFrame"]["functionName"].as_str().unwrap_or("").to_string();
            name.split("::h")
                .next()
                .unwrap_or("")
                .chars()
                .rev()
                .take(60)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<String>()
        };
        let mut stacks: HashMap<String, f64> = HashMap::new();
        for (i, s) in samples.iter().enumerate() {
            let id = s.as_u64().unwrap();
            if !by_id[&id]["callFrame"]["functionName"].as_str().unwrap_or("").contains(&wanted) {
                continue;
            }
            let mut chain = Vec::new();
            let mut at = Some(id);
            while let (Some(node), true) = (at, chain.len() < 8) {
                chain.push(short(node));
                at = parent.get(&node).copied();
            }
            let dt = deltas.get(i + 1).and_then(|d| d.as_f64()).unwrap_or(0.0) / 1000.0;
            *stacks.entry(chain.join(" < ")).or_default() += dt;
        }
        let mut stacks: Vec<_> = stacks.into_iter().collect();
        stacks.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
        for (stack, ms) in stacks.iter().take(8) {
            println!("callers {ms:.1} ms: {stack}");
        }
    }
    let mut v: Vec<_> = selftime.into_iter().collect();
    v.sort_by(|a, b| b.1.partial_cmp(&a.1).unwrap());
    for (name, ms) in v.iter().take(top) {
        println!("{ms:8.1} ms  {}", &name[..name.len().min(160)]);
    }
}

/// Gives Finance a pretty-printed policy payload of about `bytes` bytes: one section of
/// settings, each a small object, then `"last": true`.
fn seed_payload(site: &Site, bytes: usize) {
    use base64::Engine as _;
    let text = e2e::big_payload(bytes);
    let mut changes = Map::new();
    changes.insert("policyPayload".into(), json!(base64::engine::general_purpose::STANDARD.encode(&text)));
    site.emulator.seed_changes(FINANCE, changes);
}

#[tokio::main]
async fn main() {
    let what = std::env::args().nth(1).unwrap_or("open".into());
    let site = Site::start(Options::default()).await;
    if what == "load" {
        // A cold load of a configuration's address: when each file was fetched, the marks, and
        // the long tasks (buffered), in page time.
        site.browser.goto(&format!("{}/config.json", site.url)).await.unwrap();
        cdp(&site, "Performance.enable", json!({})).await;
        cdp(&site, "Profiler.enable", json!({})).await;
        cdp(&site, "Profiler.setSamplingInterval", json!({"interval": 500})).await;
        cdp(&site, "Profiler.start", json!({})).await;
        site.open(&format!("#/configurations/{FINANCE}")).await;
        site.control("policyPayload").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        let profile = cdp(&site, "Profiler.stop", json!({})).await;
        report(&profile["profile"], 30);
        let metrics = cdp(&site, "Performance.getMetrics", json!({})).await;
        for m in metrics["metrics"].as_array().unwrap() {
            let name = m["name"].as_str().unwrap_or("");
            if name.contains("Layout") || name.contains("RecalcStyle") || name.ends_with("Duration") || name == "Nodes"
            {
                println!("{name}: {}", m["value"]);
            }
        }
        let timeline = site
            .eval(
                "const n = performance.getEntriesByType('navigation')[0];
                 const rows = [['html', n.requestStart, n.responseEnd]];
                 performance.getEntriesByType('resource').forEach((r) =>
                     rows.push([r.name.split('/').pop().slice(0, 40), r.startTime, r.responseEnd]));
                 performance.getEntriesByType('mark').forEach((m) => rows.push([m.name, m.startTime, m.startTime]));
                 rows.push(['domContentLoaded', n.domContentLoadedEventEnd, n.domContentLoadedEventEnd]);
                 return rows.map((r) => r[0] + ' ' + Math.round(r[1]) + '..' + Math.round(r[2])).join('\\n');",
            )
            .await;
        println!("{}", timeline.as_str().unwrap_or(""));
        let long = site
            .eval(
                "return await new Promise((done) => new PerformanceObserver((l) => done(JSON.stringify(l.getEntries()
                    .map((e) => [Math.round(e.startTime), Math.round(e.duration)])))).observe({type: 'longtask', buffered: true}));",
            )
            .await;
        println!("long tasks (start, duration): {long}");
        let layout = site
            .eval(
                "const n = document.getElementsByTagName('*').length;
                 const times = [];
                 for (const w of ['900px', '1000px', '']) {
                     document.body.style.width = w; const t = performance.now(); document.body.offsetHeight;
                     times.push(Math.round((performance.now() - t) * 10) / 10);
                 }
                 return n + ' elements; a forced layout after a width change: ' + times.join(', ') + ' ms';",
            )
            .await;
        println!("{}", layout.as_str().unwrap_or(""));
        site.close().await;
        return;
    }
    if what == "typing" {
        let bytes: usize = std::env::args().nth(2).and_then(|b| b.parse().ok()).unwrap_or(5_000_000);
        seed_payload(&site, bytes);
        site.open(&format!("#/configurations/{FINANCE}")).await;
        let el = site.control("policyPayload").await;
        tokio::time::sleep(Duration::from_millis(800)).await;
        el.click().await.unwrap();
        el.send_keys("\u{E009}\u{E011}\u{E000}").await.unwrap();
        site.eval(LONG_TASKS).await;
        cdp(&site, "Profiler.enable", json!({})).await;
        cdp(&site, "Profiler.setSamplingInterval", json!({"interval": 500})).await;
        cdp(&site, "Profiler.start", json!({})).await;
        for _ in 0..3 {
            el.send_keys("x").await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
    } else if what.starts_with("settings") {
        // The Settings view of a 5 MB payload: `settings-open` opening it, `settings-filter`
        // typing "last" into its filter, `settings` a switch toggled (after filtering to it).
        seed_payload(&site, 5_000_000);
        site.open(&format!("#/configurations/{FINANCE}")).await;
        site.control("policyPayload").await;
        let start = || async {
            tokio::time::sleep(Duration::from_millis(1000)).await;
            cdp(&site, "Performance.enable", json!({})).await;
            site.eval(LONG_TASKS).await;
            cdp(&site, "Profiler.enable", json!({})).await;
            cdp(&site, "Profiler.setSamplingInterval", json!({"interval": 500})).await;
            cdp(&site, "Profiler.start", json!({})).await;
        };
        if what == "settings-open" {
            start().await;
        }
        site.click("section.payload [data-action=view-settings]").await;
        site.wait_for("[role=tree] [role=treeitem]").await;
        if what == "settings-filter" {
            start().await;
        }
        site.type_into("policyPayload#filter", "last").await;
        site.see_text("1 setting(s) match").await;
        site.wait_for("[name=\"policyPayload#/settings/last\"]").await;
        if what == "settings-again" {
            // Toggled once first: what a second toggle costs.
            site.click("[name=\"policyPayload#/settings/last\"]").await;
            tokio::time::sleep(Duration::from_millis(1500)).await;
        }
        if what == "settings" || what == "settings-again" {
            start().await;
            println!("clicked at {} ms", site.eval("return Math.round(performance.now())").await);
            site.click("[name=\"policyPayload#/settings/last\"]").await;
        }
        tokio::time::sleep(Duration::from_millis(1500)).await;
    } else if what == "filter" {
        let row = |i: usize| {
            json!({"userPrincipalName": format!("user{i:05}@contoso.com"), "deviceName": format!("PC-{i:05}"),
            "wasSuccessful": i % 7 != 0, "checkinDateTime": "2026-11-01T00:00:00Z", "appliedPolicies": ["Finance"]})
        };
        let mut changes = Map::new();
        changes.insert("checkinStatuses".into(), Value::Array((0..50_000).map(row).collect()));
        site.emulator.seed_changes(FINANCE, changes);
        site.open(&format!("#/configurations/{FINANCE}")).await;
        let filter = site.control("checkin-filter").await;
        tokio::time::sleep(Duration::from_millis(1500)).await;
        site.eval(LONG_TASKS).await;
        cdp(&site, "Profiler.enable", json!({})).await;
        cdp(&site, "Profiler.setSamplingInterval", json!({"interval": 500})).await;
        cdp(&site, "Profiler.start", json!({})).await;
        for key in ["u", "s", "e", "r", "0", "1"] {
            filter.send_keys(key).await.unwrap();
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
        tokio::time::sleep(Duration::from_millis(500)).await;
    } else {
        let rows: usize = std::env::args().nth(2).and_then(|n| n.parse().ok()).unwrap_or(0);
        if rows > 0 {
            let row = |i: usize| {
                json!({"userPrincipalName": format!("user{i:05}@contoso.com"), "deviceName": format!("PC-{i:05}"),
                "wasSuccessful": i % 7 != 0, "checkinDateTime": "2026-11-01T00:00:00Z", "appliedPolicies": ["Finance"]})
            };
            let mut changes = Map::new();
            changes.insert("checkinStatuses".into(), Value::Array((0..rows).map(row).collect()));
            site.emulator.seed_changes(FINANCE, changes);
        }
        site.open("#/configurations").await;
        site.see_text("Finance – strict add-ins").await;
        site.eval(LONG_TASKS).await;
        cdp(&site, "Profiler.enable", json!({})).await;
        cdp(&site, "Profiler.setSamplingInterval", json!({"interval": 500})).await;
        cdp(&site, "Profiler.start", json!({})).await;
        site.eval(&format!("location.hash = '#/configurations/{FINANCE}';")).await;
        site.control("policyPayload").await;
        tokio::time::sleep(Duration::from_millis(800)).await;
    }
    let profile = cdp(&site, "Profiler.stop", json!({})).await;
    println!("long tasks (start, ms): {}", site.eval("return JSON.stringify(window.__lt)").await);
    if what.starts_with("settings") {
        // Where the browser's own time went, since the page opened.
        let metrics = cdp(&site, "Performance.getMetrics", json!({})).await;
        for m in metrics["metrics"].as_array().into_iter().flatten() {
            let name = m["name"].as_str().unwrap_or("");
            if name.ends_with("Duration") || name.starts_with("JSHeap") || name == "Nodes" {
                println!("{name}: {}", m["value"]);
            }
        }
    }
    report(&profile["profile"], 45);
    site.close().await;
}
