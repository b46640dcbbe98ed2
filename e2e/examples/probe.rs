use e2e::Site;
use graph_emulator::Options;
use std::time::Duration;
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const OBSERVE: &str = "window.__long = []; new PerformanceObserver(l => l.getEntries().forEach(e => window.__long.push([e.startTime|0, e.duration|0]))).observe({type: 'longtask'});";
#[tokio::main]
async fn main() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.see_text("Finance – strict add-ins").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    site.eval(OBSERVE).await;
    site.eval("window.__t0 = performance.now(); import('/codemirror.js').then(() => { window.__t1 = performance.now(); });").await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    println!("import: {} long {}", site.eval("return window.__t1 - window.__t0").await, site.eval("return JSON.stringify(window.__long)").await);
    site.eval("import('/codemirror.js').then(m => { const d = document.createElement('div'); document.body.append(d); const t = performance.now(); const v = m.createPayloadEditor(d, 'x', 'a', 'b', JSON.stringify({a: 1, b: [1,2,3]}, null, 2), () => {}, 150); window.__cm = performance.now() - t; const t2 = performance.now(); m.createPayloadEditor(d, 'y', 'a', 'b', '{}', () => {}, 150); window.__cm2 = performance.now() - t2; v.destroy(); d.remove(); });").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!("create view: {} then {}", site.eval("return window.__cm").await, site.eval("return window.__cm2").await);
    site.eval(OBSERVE).await;
    site.eval(&format!("window.__t0 = performance.now(); location.hash = '#/configurations/{FINANCE}';")).await;
    site.control("policyPayload").await;
    tokio::time::sleep(Duration::from_millis(1000)).await;
    println!("open: usable {} long {} marks {}", site.eval("return performance.getEntriesByName('editor-usable')[0].startTime - window.__t0").await, site.eval("return JSON.stringify(window.__long.map(([s,d]) => [s - window.__t0 | 0, d]))").await,
      site.eval("return JSON.stringify(performance.getEntriesByType('resource').filter(e => e.startTime > window.__t0).map(e => [e.name.slice(-40), e.startTime - window.__t0 | 0, e.duration | 0]))").await);
    site.close().await;
}
