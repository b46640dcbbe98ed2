//! `site-csp DIST`: writes the Content-Security-Policy for the site in DIST (its index.html and
//! `_headers`) from DIST/config.json. Run it after `trunk build` and again after editing
//! config.json for a deployment.

fn main() {
    let dist = std::env::args().nth(1).unwrap_or_else(|| "dist".into());
    match site_csp::apply(std::path::Path::new(&dist)) {
        Ok(header) => println!("Content-Security-Policy: {header}"),
        Err(e) => {
            eprintln!("site-csp: {e}");
            std::process::exit(1);
        }
    }
}
