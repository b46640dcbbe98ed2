//! Link arguments by binary. The app's linker keeps its relocations, which the release site's
//! split (`split/`, `site-split`) reads to cut the module; the catalog worker and the tests need
//! none, and would carry them (`linking` and `reloc.CODE` sections, most of the worker's bytes).

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bin=office-policy-editor=--emit-relocs");
    }
}
