//! The architecture invariants of ARCHITECTURE.md, checked on the source: each reads the code's
//! paths (`crate::core::…`, `use` lines) outside its tests, so a change that breaks one fails here.

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The core's layers, each allowed to use those before it.
const LAYERS: [&str; 5] = ["text", "catalog", "wire", "rules", "pages"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, with its text up to its tests (`#[cfg(test)]`).
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap().map(Result::unwrap) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let text = fs::read_to_string(&path).unwrap();
                let code = text.split("#[cfg(test)]").next().unwrap_or_default().to_string();
                out.push((path, code));
            }
        }
    }
    out.sort();
    out
}

/// The code without its comments (a path named in a doc comment is not a dependency).
fn code_only(text: &str) -> String {
    text.lines().filter(|l| !l.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// The `(layer, module)` pairs a text names as `core::layer::module`.
fn core_paths(text: &str) -> BTreeSet<(String, String)> {
    let code = code_only(text);
    let mut out = BTreeSet::new();
    for (at, _) in code.match_indices("core::") {
        if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let rest = &code[at + "core::".len()..];
        let mut parts =
            rest.split("::").map(|p| p.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or(""));
        let (Some(layer), Some(module)) = (parts.next(), parts.next()) else { continue };
        if LAYERS.contains(&layer) && !module.is_empty() {
            out.insert((layer.to_string(), module.to_string()));
        }
    }
    out
}

/// The layer and module of a file under `src/core`.
fn place(path: &Path) -> (String, String) {
    let rel = path.strip_prefix(root().join("core")).unwrap();
    let mut parts = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string());
    (parts.next().unwrap(), parts.next().unwrap_or_else(|| "mod".into()))
}

fn core_sources() -> Vec<(PathBuf, String)> {
    sources(&root().join("core")).into_iter().filter(|(p, _)| p.parent() != Some(&root().join("core"))).collect()
}

/// Architecture Invariant: the core is five layers — text, catalog, wire, rules, pages — and each uses
/// only the layers before it: the text toolkit knows nothing of Graph, the wire nothing of
/// drafts, and no rule knows a page.
#[test]
fn each_core_layer_uses_only_the_layers_below_it() {
    let mut wrong = Vec::new();
    for (path, text) in core_sources() {
        let (layer, _) = place(&path);
        let rank = LAYERS.iter().position(|l| *l == layer).unwrap_or_else(|| panic!("{path:?} is in no layer"));
        for (used, module) in core_paths(&text) {
            if LAYERS.iter().position(|l| *l == used).unwrap() > rank {
                wrong.push(format!("{} uses core::{used}::{module}", path.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "a layer uses one above it:\n{}", wrong.join("\n"));
}

/// Architecture Invariant: no circle among the core's modules (a module's arrows all go one way).
#[test]
fn the_core_modules_form_no_circle() {
    let mut arrows: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in core_sources() {
        let (layer, module) = place(&path);
        let from = format!("{layer}::{module}");
        let to: BTreeSet<String> =
            core_paths(&text).into_iter().map(|(l, m)| format!("{l}::{m}")).filter(|to| *to != from).collect();
        arrows.entry(from).or_default().extend(to);
    }
    let mut done = BTreeSet::new();
    for from in arrows.keys() {
        let circle = circle_from(from, &arrows, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "a circle: {}", circle.unwrap_or_default().join(" → "));
    }
}

/// Architecture Invariant: the core is pure — no browser crate, nothing of the app, Graph's
/// client or the token sources — so all of it runs and is tested natively.
#[test]
fn the_core_uses_no_browser_crate_and_nothing_above_it() {
    let forbidden = ["yew", "web_sys", "js_sys", "wasm_bindgen", "gloo", "crate::app", "crate::graph", "crate::auth"];
    for (path, text) in sources(&root().join("core")) {
        let code = code_only(&text);
        for word in forbidden {
            let used = code.match_indices(word).any(|(at, _)| {
                let before = code[..at].chars().next_back();
                let after = code[at + word.len()..].chars().next();
                !before.is_some_and(|c| c.is_alphanumeric() || c == '_')
                    && !after.is_some_and(|c| c.is_alphanumeric() || c == '_')
            });
            assert!(!used, "{} uses {word}", path.display());
        }
    }
}

/// Architecture Invariant: Graph's client and the token sources use the wire and the rules,
/// never a page machine (a page drives them, not the other way round).
#[test]
fn graph_and_auth_know_no_page() {
    for dir in ["graph", "auth"] {
        for (path, text) in sources(&root().join(dir)) {
            let pages: Vec<_> = core_paths(&text).into_iter().filter(|(l, _)| l == "pages").collect();
            assert!(pages.is_empty(), "{} uses {pages:?}", path.display());
        }
    }
}

/// Architecture Invariant: only the wire spells Graph's JSON annotations (`@odata.type`, …): a
/// request body is built in `core::wire::body`, whoever sends it.
#[test]
fn only_the_wire_spells_graphs_json() {
    let outside = sources(&root()).into_iter().filter(|(p, _)| !p.starts_with(root().join("core/wire")));
    for (path, text) in outside {
        let spelled = code_only(&text).lines().any(|l| l.contains("\"@odata"));
        assert!(!spelled, "{} spells an @odata annotation; build it in core::wire::body", path.display());
    }
}

/// The modules of `src/app` a text names (`super::module`, `crate::app::module`); a name that
/// is not a module of the app (the root's re-exports, its items) comes back as it is.
fn app_paths(text: &str) -> BTreeSet<String> {
    let code = code_only(text);
    let mut out = BTreeSet::new();
    for prefix in ["super::", "crate::app::"] {
        for (at, _) in code.match_indices(prefix) {
            if at > 0 && code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            let rest = &code[at + prefix.len()..];
            let names: Vec<&str> = match rest.strip_prefix('{') {
                // `super::{a, b::c}`: each name the braces open with.
                Some(inner) => inner
                    .split('}')
                    .next()
                    .unwrap_or_default()
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or_default())
                    .collect(),
                None => vec![rest.split(|c: char| !(c.is_alphanumeric() || c == '_')).next().unwrap_or_default()],
            };
            out.extend(names.into_iter().filter(|n| !n.is_empty() && *n != "*").map(str::to_string));
        }
    }
    out
}

/// Architecture Invariant: the app's modules use each other one way — no circle — and none
/// reaches back up through its root (`app/mod.rs` only boots; what pages share is in
/// `app/context.rs`).
#[test]
fn the_app_modules_form_no_circle_and_nothing_runs_back_up_through_the_root() {
    let app = root().join("app");
    let modules: BTreeSet<String> = sources(&app)
        .iter()
        .map(|(p, _)| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|m| m != "mod")
        .collect();
    let mut arrows: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, text) in sources(&app) {
        let from = path.file_stem().unwrap().to_string_lossy().into_owned();
        if from == "mod" {
            continue;
        }
        for used in app_paths(&text) {
            assert!(modules.contains(&used), "{} uses app::{used}, which is the root's, not a module", path.display());
            if used != from {
                arrows.entry(from.clone()).or_default().insert(used);
            }
        }
    }
    let mut done = BTreeSet::new();
    for from in arrows.keys() {
        let circle = circle_from(from, &arrows, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "a circle in the app: {}", circle.unwrap_or_default().join(" → "));
    }
}

/// A circle reachable from `at` (depth first, keeping the path), if there is one.
fn circle_from(
    at: &str,
    arrows: &BTreeMap<String, BTreeSet<String>>,
    path: &mut Vec<String>,
    done: &mut BTreeSet<String>,
) -> Option<Vec<String>> {
    if let Some(start) = path.iter().position(|p| p == at) {
        let mut circle = path[start..].to_vec();
        circle.push(at.to_string());
        return Some(circle);
    }
    if !done.insert(at.to_string()) {
        return None;
    }
    path.push(at.to_string());
    for next in arrows.get(at).into_iter().flatten() {
        if let Some(circle) = circle_from(next, arrows, path, done) {
            return Some(circle);
        }
    }
    path.pop();
    None
}

/// Architecture Invariant: each page's machine implements `core::pages::Machine` beside its
/// rules; the app runs them all with its one runner, with no adapter of its own.
#[test]
fn page_machines_implement_machine_in_the_core_and_the_app_adapts_none() {
    for (path, text) in sources(&root()) {
        let adapts = code_only(&text).contains("impl Machine for");
        let in_pages = path.starts_with(root().join("core/pages"));
        assert!(!adapts || in_pages, "{} implements Machine outside core::pages", path.display());
    }
    let pages = sources(&root().join("core/pages"));
    let machines = pages.iter().filter(|(_, text)| code_only(text).contains("impl Machine for")).count();
    assert!(machines >= 5, "the session, workspace, transfer, effective policy and tenant health are machines");
}

/// Architecture Invariant: where a save stands is the editor's alone: only `core::pages::editor`
/// sets `save` (the session and the view say what happened through its actions).
#[test]
fn only_the_editor_sets_where_a_save_stands() {
    for (path, text) in sources(&root()) {
        if path.ends_with("core/pages/editor.rs") {
            continue;
        }
        let sets = code_only(&text).lines().any(|l| l.contains(".save = "));
        assert!(!sets, "{} sets the editor's save status; dispatch an editor action instead", path.display());
    }
}

/// The editor page's components and what each may keep of its own: nothing of the page's
/// state (that is the session's), only what rendering needs, each with its reason.
const EDITOR_PAGE_LOCAL_STATE: &[(&str, usize, &str)] = &[
    ("editor_page.rs", 0, ""),
    ("settings_tree.rs", 1, "the catalog panel's search and the policy being added (core::pages::catalog_panel), which belong to no payload"),
    ("catalog_panel.rs", 0, ""),
    ("settings_row.rs", 0, ""),
    ("review_dialog.rs", 0, ""),
    ("fields.rs", 0, ""),
    ("assignments.rs", 0, ""),
    ("report.rs", 1, "the last filtered selection, a cache the tenant's report shares"),
    ("payload.rs", 3, "the code editor's module and mount, and the JSON/Settings choice kept per browser"),
    ("checkins.rs", 1, "how many rows of the first page are rendered so far"),
    ("encoded.rs", 1, "whether the encoded value's disclosure is open"),
    ("group_search.rs", 2, "the directory lookup under way and its pause"),
];

#[test]
fn the_editor_pages_state_has_one_owner_the_session() {
    let app = root().join("app");
    for (file, allowed, why) in EDITOR_PAGE_LOCAL_STATE {
        let text = std::fs::read_to_string(app.join(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
        let code = code_only(&text);
        let kept = ["use_state(", "use_reducer(", "use_mut_ref(", "use_state_eq("]
            .iter()
            .map(|hook| code.matches(hook).count())
            .sum::<usize>();
        assert_eq!(
            kept, *allowed,
            "app/{file} keeps {kept} piece(s) of state of its own ({why:?} allows {allowed}): the editor page's state is the session's (core::pages::session); add an action there instead"
        );
    }
}
