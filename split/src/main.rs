//! `site-split <staging dir> [profile]`: the release site's split (see the library). Trunk runs
//! it as a post-build hook with its staging directory and profile.

fn main() {
    let mut args = std::env::args().skip(1);
    let staging = std::path::PathBuf::from(args.next().unwrap_or_else(|| "dist".into()));
    let profile = args.next().unwrap_or_else(|| "release".into());
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    let linked = target.join("wasm32-unknown-unknown").join(&profile).join("office-policy-editor.wasm");
    let work = target.join("site-split");
    let esbuild = root.join("node_modules/.bin/esbuild");
    match site_split::split(&linked, &staging, "office-policy-editor", &esbuild, &work) {
        Ok(report) => {
            for (name, bytes) in report.chunks {
                eprintln!("site-split: {name} ({bytes} bytes)");
            }
        }
        Err(e) => {
            eprintln!("site-split: {e}");
            std::process::exit(1);
        }
    }
}
