//! The release site in parts (app/parts.rs, split/): the list's first load carries no page's
//! chunk; a configuration's page arrives with its chunk when first opened, its configuration read
//! meanwhile; the list's transfer tools arrive with the toolbar's first ask, which they then
//! carry out; a chunk that cannot be fetched is said so, with a way to try again.

use e2e::Site;
use graph_emulator::Options;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
const BASELINE: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";

/// The site's files whose names start with `prefix`.
fn files(site: &Site, prefix: &str) -> Vec<std::path::PathBuf> {
    std::fs::read_dir(&site.site_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with(prefix))
        .collect()
}

/// The site's wasm files the page has fetched so far.
async fn fetched_wasm(site: &Site) -> Vec<String> {
    let names = site
        .eval("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.endsWith('.wasm'));")
        .await;
    names.as_array().unwrap().iter().map(|n| n.as_str().unwrap().trim_start_matches('/').to_string()).collect()
}

#[tokio::test]
async fn the_list_loads_without_the_pages_and_a_chunk_that_cannot_be_fetched_can_be_fetched_again() {
    let site = Site::start(Options::default()).await;
    let chunks = files(&site, "split_editor_chunk-");
    assert_eq!(chunks.len(), 1, "the release site has the editor's chunk");
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    let first = fetched_wasm(&site).await;
    assert_eq!(first.len(), 1, "the list's first load is one wasm, no page's chunk: {first:?}");
    assert!(first[0].starts_with("office-policy-editor-"), "{first:?}");

    // The chunk is gone from the server (a deployment replaced under an open tab, a network fault).
    let aside = site.site_dir.join("aside.wasm");
    std::fs::rename(&chunks[0], &aside).unwrap();
    site.click(&format!("tr[data-config-id=\"{FINANCE}\"] a")).await;
    let failed = site.wait_for("[data-part-failed=\"editor\"]").await;
    let said = failed.text().await.unwrap();
    assert!(said.contains("could not be loaded") && said.contains("try again"), "{said}");

    std::fs::rename(&aside, &chunks[0]).unwrap();
    site.click("[data-action=\"retry-part\"]").await;
    site.wait_for_value("displayName", "Finance – strict add-ins").await;
    // The configuration was read while its page's code was on its way, and that read served
    // the page: one GET, not two.
    let entity = format!("/beta/officeConfiguration/clientConfigurations/{FINANCE}");
    let reads = site.sent("GET").into_iter().filter(|e| e.path == entity).count();
    assert_eq!(reads, 1, "one read of the configuration");
    let now = fetched_wasm(&site).await;
    let chunk = chunks[0].file_name().unwrap().to_str().unwrap();
    assert!(now.iter().any(|n| n == chunk), "the editor's chunk arrived: {now:?}");
    site.close().await;
}

#[tokio::test]
async fn the_transfer_tools_arrive_with_the_first_ask_and_carry_it_out() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    for id in [BASELINE, FINANCE] {
        site.click(&format!("input[name=select][data-config-id=\"{id}\"]")).await;
    }
    let before = fetched_wasm(&site).await;
    assert!(!before.iter().any(|n| n.starts_with("split_transfer_chunk-")), "not before it is asked for: {before:?}");
    // The click that asks is the one that is carried out, once the tools have arrived.
    site.click("[data-action=compare]").await;
    site.wait_for("[role=dialog].compare section.change[data-property=policyPayload]").await;
    let after = fetched_wasm(&site).await;
    assert!(after.iter().any(|n| n.starts_with("split_transfer_chunk-")), "the tools' chunk arrived: {after:?}");
    site.close().await;
}

/// When a resource of the page was asked for (its start in the page's resource timing).
async fn started(site: &Site, path_start: &str) -> f64 {
    let script = format!(
        "const e = performance.getEntriesByType('resource').find(e => new URL(e.name).pathname.startsWith('{path_start}')); return e ? e.startTime : null;"
    );
    site.eval(&script).await.as_f64().unwrap_or_else(|| panic!("{path_start} was never fetched"))
}

#[tokio::test]
async fn a_configuration_opened_by_its_address_has_its_chunk_fetched_before_the_app_runs() {
    let site = Site::start(Options::default()).await;
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.wait_for_value("displayName", "Finance – strict add-ins").await;
    // The chunk's fetch starts as the page's modules load, before the app (the wasm) runs and
    // asks Graph for anything: not after.
    let chunk = started(&site, "/split_editor_chunk-").await;
    let graph = started(&site, "/beta/").await;
    assert!(chunk < graph, "the chunk was asked for at {chunk:.0} ms, Graph at {graph:.0} ms");
    site.close().await;
}
