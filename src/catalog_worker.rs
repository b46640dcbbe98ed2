//! The catalog worker's entry point (`office_policy_editor::worker`): a wasm of its own, loaded
//! by `new Worker("catalog-worker_loader.js")` when the admin first loads templates.

#[cfg(target_arch = "wasm32")]
fn main() {
    office_policy_editor::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!(
        "catalog-worker runs in the browser as the editor's Web Worker: build the site with `trunk build --release`."
    );
}
