//! The release site's split (a Trunk post-build hook, before `site-csp`). Trunk builds the app
//! with the cargo feature `split` (index.html) and `--emit-relocs` (build.rs), runs
//! wasm-bindgen and wasm-opt, and writes index.html. This step then starts again from what cargo
//! linked: `wasm_split_cli_support` cuts the module at the split points of `app/parts.rs` (the
//! first load keeps what the shell and the list need; each part gets a chunk, with chunks of
//! code parts share); wasm-bindgen (with the linker's exports, which the chunks import) and
//! `wasm-opt -Oz` run on the first load, `wasm-opt -Oz` on each chunk; the results replace
//! Trunk's two files under their names (the names are Trunk's hashes of the same sources), the
//! chunks and their loader get names that carry their content's hash, and index.html's
//! integrity values are written again, with hints for what the page fetches first.

use base64::Engine as _;
use sha2::{Digest, Sha256, Sha384};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The address of each part's page (`app/context.rs`'s routes), by the part's split name: a page
/// opened by its address has its chunks fetched while the first load compiles.
const EARLY: [(&str, &str); 2] =
    [("editor_chunk", r"^#\/configurations\/[^/?]"), ("effective_chunk", r"^#\/effective")];

/// What went wrong, said so the build log tells what to do.
pub type Error = String;

/// Trunk's output of the app in the staging directory: the JS glue and the wasm, by name.
#[derive(Debug, PartialEq, Eq)]
pub struct Built {
    pub js: String,
    pub wasm: String,
}

/// Finds the app's glue and wasm among `names` (`<crate>-<hash>.js`, `<crate>-<hash>_bg.wasm`).
pub fn built(names: &[String], krate: &str) -> Result<Built, Error> {
    let ours =
        |suffix: &str| names.iter().find(|n| n.starts_with(&format!("{krate}-")) && n.ends_with(suffix)).cloned();
    match (ours(".js"), ours("_bg.wasm")) {
        (Some(js), Some(wasm)) => Ok(Built { js, wasm }),
        _ => Err(format!(
            "no {krate}-*.js and {krate}-*_bg.wasm in the staging directory: is index.html's rust link named {krate}?"
        )),
    }
}

/// The subresource-integrity value of `bytes`, as Trunk writes it.
pub fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes)))
}

/// A short hash of `bytes` for a file's name.
pub fn name_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `html` with the integrity value of the element whose `href` is `./{name}` set to `value`
/// (Trunk's minified output: `href=./NAME integrity=sha384-…`, attribute values unquoted or
/// quoted). Unchanged, with `false`, when there is no such element.
pub fn set_integrity(html: &str, name: &str, value: &str) -> (String, bool) {
    for href in [format!("href=./{name} "), format!("href=\"./{name}\" ")] {
        let Some(at) = html.find(&href) else { continue };
        let rest = &html[at + href.len()..];
        let Some(attr) = rest.strip_prefix("integrity=") else { continue };
        let quoted = attr.starts_with('"');
        let body = attr.trim_start_matches('"');
        let end = body.find(|c: char| c == '"' || (!quoted && (c == ' ' || c == '>'))).unwrap_or(body.len());
        let start = at + href.len() + "integrity=".len() + usize::from(quoted);
        let mut out = String::with_capacity(html.len());
        out.push_str(&html[..start]);
        out.push_str(value);
        out.push_str(&html[start + end..]);
        return (out, true);
    }
    (html.to_string(), false)
}

/// `html` with `hints` (whole elements) before `</head>`.
pub fn with_hints(html: &str, hints: &[String]) -> String {
    match html.find("</head>") {
        Some(at) => format!("{}{}{}", &html[..at], hints.concat(), &html[at..]),
        None => html.to_string(),
    }
}

/// Runs a tool, failing with what it printed.
fn run(command: &mut Command) -> Result<(), Error> {
    let shown = format!("{command:?}");
    let out = command.output().map_err(|e| format!("{shown}: {e}"))?;
    match out.status.success() {
        true => Ok(()),
        false => Err(format!(
            "{shown} failed:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )),
    }
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

/// What was written: each chunk's file name and size.
pub struct Report {
    pub chunks: Vec<(String, usize)>,
}

/// The chunks' loader made to take a chunk's response from the fetch started when the page
/// opened (`early`, keyed by the chunk's file), else to fetch it then. `pages` are the regular
/// expressions of each page's address (JS source) with its chunks' files.
pub fn with_early_fetches(loader: &str, pages: &[(String, Vec<String>)]) -> Result<String, Error> {
    let (open, close) = ("fetch(new URL(\"./", "\", import.meta.url))");
    let fetches = loader.matches(open).count();
    if fetches == 0 || fetches != loader.matches(close).count() {
        return Err("the chunks' loader does not fetch its chunks as wasm_split_cli_support 0.2.4 writes it".into());
    }
    let table: Vec<String> = pages
        .iter()
        .map(|(pattern, files)| {
            let files: Vec<String> = files.iter().map(|f| format!("\"./{f}\"")).collect();
            format!("[/{pattern}/, [{}]]", files.join(", "))
        })
        .collect();
    let head = format!(
        "// A page opened by its address: its chunks are fetched now, while the first load compiles.\n\
         const earlyFetches = new Map();\n\
         for (const [page, files] of [{}]) {{\n\
           if (page.test(location.hash)) for (const file of files) {{\n\
             const response = fetch(new URL(file, import.meta.url));\n\
             response.catch(() => {{}});\n\
             earlyFetches.set(file, response);\n\
           }}\n\
         }}\n\
         function early(file) {{\n\
           const started = earlyFetches.get(file);\n\
           earlyFetches.delete(file);\n\
           return started ?? fetch(new URL(file, import.meta.url));\n\
         }}\n",
        table.join(", ")
    );
    Ok(head + &loader.replace(open, "early(\"./").replace(close, "\")"))
}

/// `js` minified by esbuild (an ES module, its imports kept as they are), as Trunk minifies the
/// glue of a release build.
fn minified(esbuild: &Path, js: &str, work: &Path) -> Result<String, Error> {
    let (from, to) = (work.join("in.js"), work.join("out.js"));
    write(&from, js.as_bytes())?;
    run(Command::new(esbuild)
        .arg(&from)
        .args(["--minify", "--format=esm", "--log-level=warning"])
        .arg(format!("--outfile={}", to.display())))?;
    String::from_utf8(read(&to)?).map_err(|e| e.to_string())
}

/// Splits `linked` (cargo's wasm, linked with `--emit-relocs`) into `staging`, where Trunk put
/// `krate`'s build; `esbuild` minifies the JS; `work` is scratch space.
pub fn split(linked: &Path, staging: &Path, krate: &str, esbuild: &Path, work: &Path) -> Result<Report, Error> {
    let names: Vec<String> = std::fs::read_dir(staging)
        .map_err(|e| format!("{}: {e}", staging.display()))?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .collect();
    let built = built(&names, krate)?;
    let input = read(linked)?;
    let _ = std::fs::remove_dir_all(work);
    let (cut, bound) = (work.join("cut"), work.join("bound"));
    std::fs::create_dir_all(&cut).map_err(|e| format!("{}: {e}", cut.display()))?;
    let main = cut.join("main.wasm");
    let main_module = format!("./{}", built.js);
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = &cut;
    options.main_out_path = &main;
    options.main_module = &main_module;
    let result = wasm_split_cli_support::transform(options).map_err(|e| format!("wasm-split: {e:#}"))?;

    // The first load: bound by wasm-bindgen (the linker's exports kept: the chunks import the
    // table and memory from it), then made small.
    run(Command::new("wasm-bindgen")
        .args(["--target", "web", "--no-typescript", "--keep-lld-exports", "--out-name", krate, "--out-dir"])
        .arg(&bound)
        .arg(&main))?;
    let main_wasm = bound.join(format!("{krate}_bg.wasm"));
    run(Command::new("wasm-opt").arg("-Oz").arg(&main_wasm).arg("-o").arg(&main_wasm))?;

    // The chunks, named by their content; the loader that fetches them, too.
    let mut loader = String::from_utf8(read(&cut.join("__wasm_split.js"))?).map_err(|e| e.to_string())?;
    let mut chunks = Vec::new();
    let mut named_of = std::collections::HashMap::new();
    for path in &result.split_modules {
        let file = path.file_name().and_then(|n| n.to_str()).ok_or("a chunk without a name")?.to_string();
        run(Command::new("wasm-opt").arg("-Oz").arg(path).arg("-o").arg(path))?;
        let bytes = read(path)?;
        let stem = file.trim_end_matches(".wasm");
        let named = format!("{stem}-{}.wasm", name_hash(&bytes));
        loader = loader.replace(&format!("\"./{file}\""), &format!("\"./{named}\""));
        named_of.insert(stem.to_string(), named.clone());
        write(&staging.join(&named), &bytes)?;
        chunks.push((named, bytes.len()));
    }
    let pages: Vec<(String, Vec<String>)> = EARLY
        .iter()
        .filter_map(|(split, page)| {
            let files = result.prefetch_map.get(*split)?;
            Some((page.to_string(), files.iter().filter_map(|f| named_of.get(f).cloned()).collect()))
        })
        .collect();
    let loader = with_early_fetches(&loader, &pages)?;
    let loader = minified(esbuild, &loader, work)?;
    let loader_name = format!("__wasm_split-{}.js", name_hash(loader.as_bytes()));
    write(&staging.join(&loader_name), loader.as_bytes())?;

    // The first load under Trunk's names, importing the loader by its new name.
    let js = String::from_utf8(read(&bound.join(format!("{krate}.js")))?).map_err(|e| e.to_string())?;
    // The module is fetched by its new name; the wasm still names its imports by the old one.
    let import = "from \"./__wasm_split.js\"";
    if !js.contains(import) && !result.split_modules.is_empty() {
        return Err("wasm-bindgen's glue does not import ./__wasm_split.js: the split points did not survive".into());
    }
    let js = minified(esbuild, &js.replace(import, &format!("from \"./{loader_name}\"")), work)?;
    write(&staging.join(&built.js), js.as_bytes())?;
    let wasm = read(&main_wasm)?;
    write(&staging.join(&built.wasm), &wasm)?;
    copy_snippets(&bound.join("snippets"), &staging.join("snippets"))?;

    // index.html: the integrity of what changed, and what to fetch early.
    let index = staging.join("index.html");
    let mut html = String::from_utf8(read(&index)?).map_err(|e| e.to_string())?;
    for (name, bytes) in [(&built.js, js.as_bytes()), (&built.wasm, &wasm[..])] {
        let (next, found) = set_integrity(&html, name, &integrity(bytes));
        if !found {
            return Err(format!("index.html has no integrity value for {name}"));
        }
        html = next;
    }
    let loader_hint =
        format!("<link rel=modulepreload href=./{loader_name} integrity={} crossorigin>", integrity(loader.as_bytes()));
    // config.json is the app's first request: asked for with the page, not after the wasm.
    let config_hint = "<link rel=preload href=./config.json as=fetch crossorigin>".to_string();
    html = with_hints(&html, &[loader_hint, config_hint]);
    write(&index, html.as_bytes())?;
    Ok(Report { chunks })
}

/// Copies wasm-bindgen's snippets (the JS the app's `#[wasm_bindgen(module)]`s name) over Trunk's.
fn copy_snippets(from: &Path, to: &Path) -> Result<(), Error> {
    let Ok(entries) = std::fs::read_dir(from) else { return Ok(()) };
    std::fs::create_dir_all(to).map_err(|e| format!("{}: {e}", to.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        let target: PathBuf = to.join(entry.file_name());
        if path.is_dir() {
            copy_snippets(&path, &target)?;
        } else {
            std::fs::copy(&path, &target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = "<link crossorigin href=./app-1a.js integrity=sha384-OLD rel=modulepreload><link as=fetch href=./app-2b_bg.wasm integrity=sha384-OLDER rel=preload></head>";

    #[test]
    fn the_integrity_of_a_replaced_file_is_written_again_and_only_its_own() {
        let (html, found) = set_integrity(TRUNK, "app-2b_bg.wasm", "sha384-NEW");
        assert!(found);
        assert_eq!(html, TRUNK.replace("sha384-OLDER", "sha384-NEW"));
        let (html, found) = set_integrity(&html, "app-1a.js", "sha384-X");
        assert!(found);
        assert!(html.contains("href=./app-1a.js integrity=sha384-X rel") && html.contains("sha384-NEW"));
        let quoted = "<link href=\"./a.js\" integrity=\"sha384-OLD\" rel=modulepreload>";
        assert_eq!(set_integrity(quoted, "a.js", "sha384-Q").0, quoted.replace("sha384-OLD", "sha384-Q"));
        assert_eq!(set_integrity(TRUNK, "other.js", "v"), (TRUNK.to_string(), false));
    }

    #[test]
    fn a_page_opened_by_its_address_fetches_its_chunks_at_once_and_the_loader_takes_them() {
        let loader = "const a = makeLoad(() => {\n    const src = fetch(new URL(\"./chunk_1-aa.wasm\", import.meta.url));\n}, []);";
        let pages = [("^#\\/configurations\\/[^/?]".to_string(), vec!["chunk_1-aa.wasm".to_string()])];
        let out = with_early_fetches(loader, &pages).unwrap();
        assert!(out.contains("const src = early(\"./chunk_1-aa.wasm\");"), "{out}");
        assert!(out.contains("[/^#\\/configurations\\/[^/?]/, [\"./chunk_1-aa.wasm\"]]"), "{out}");
        assert!(!out.contains("fetch(new URL(\"./"), "every chunk goes through early(): {out}");
        assert!(with_early_fetches("const a = 1;", &pages).is_err(), "a loader of another shape is refused");
    }

    #[test]
    fn the_built_files_are_found_by_the_crates_name_and_hints_go_in_the_head() {
        let names = ["index.html", "app-1a.js", "app-2b_bg.wasm", "codemirror.js"].map(String::from);
        assert_eq!(built(&names, "app"), Ok(Built { js: "app-1a.js".into(), wasm: "app-2b_bg.wasm".into() }));
        assert!(built(&names[..1], "app").is_err());
        assert_eq!(with_hints("<head></head><body>", &["<link x>".into()]), "<head><link x></head><body>");
        assert_eq!(integrity(b"abc"), "sha384-ywB1P0WjXou1oD1pmsZQBycsMqsO3tFjGotgWkP/W+2AhgcroefMI1i67KE0yCWn");
        assert_eq!(name_hash(b"abc").len(), 16);
    }
}
