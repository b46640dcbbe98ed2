//! The browser entry point: a readable panic page, then the app.

#[cfg(target_arch = "wasm32")]
fn main() {
    office_policy_editor::app::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("office-policy-editor runs in the browser: build it with `trunk build --release` (see README.md).");
}
