//! The strict Content-Security-Policy of a built site, derived from its `config.json`.
//!
//! Scripts: only this origin, the hashes of Trunk's inline module loader, and
//! `'wasm-unsafe-eval'` (which WebAssembly needs; no `'unsafe-eval'`, no `'unsafe-inline'`).
//! `connect-src`: this origin, the configured Graph host and the login authority. The policy is
//! written into `index.html` as a `<meta>` (without `frame-ancestors`, which browsers ignore
//! there) and into `_headers` (the header form static hosts such as Azure Static Web Apps,
//! Netlify or Cloudflare Pages read), which adds `frame-ancestors 'none'`.

use base64::Engine as _;
use office_policy_editor::core::config;
use sha2::{Digest, Sha256};
use std::path::Path;

const MARKER: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// `scheme://host[:port]` of a URL.
fn origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.split_once("://")?;
    let host = rest.split(['/', '?', '#']).next()?;
    (!host.is_empty()).then(|| format!("{scheme}://{host}"))
}

/// The SHA-256 source expressions of every inline `<script>` in a page.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let tag = &after[..open_end];
        let body_start = open_end + 1;
        let Some(close) = after[body_start..].find("</script>") else { break };
        let body = &after[body_start..body_start + close];
        if !tag.contains(" src=") {
            let digest = Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &after[body_start + close..];
    }
    hashes
}

/// The policy for a site with this config.json and these inline-script hashes.
/// `for_header` adds `frame-ancestors`, which only a header can carry.
pub fn policy(config_json: &str, script_hashes: &[String], for_header: bool) -> Result<String, String> {
    let config = config::parse(config_json).map_err(|e| e.to_string())?;
    let mut connect = vec!["'self'".to_string()];
    connect.extend(origin(&config.graph_base_url));
    let mut frames = Vec::new();
    if let Some(authority) = config.authority().as_deref().and_then(origin) {
        connect.push(authority.clone());
        // MSAL renews tokens in a hidden iframe on the authority.
        frames.push(authority);
    }
    connect.dedup();
    let mut scripts = vec!["'self'".to_string(), "'wasm-unsafe-eval'".to_string()];
    scripts.extend(script_hashes.iter().cloned());
    let mut directives = vec![
        "default-src 'none'".to_string(),
        format!("script-src {}", scripts.join(" ")),
        "style-src 'self'".to_string(),
        "img-src 'self' data:".to_string(),
        format!("connect-src {}", connect.join(" ")),
        format!("frame-src {}", if frames.is_empty() { "'none'".to_string() } else { frames.join(" ") }),
        "object-src 'none'".to_string(),
        "base-uri 'none'".to_string(),
        "form-action 'self'".to_string(),
    ];
    if for_header {
        directives.push("frame-ancestors 'none'".into());
    }
    Ok(directives.join("; "))
}

/// Writes the policy into `dist/index.html` (replacing an earlier one) and `dist/_headers`;
/// returns the header value.
pub fn apply(dist: &Path) -> Result<String, String> {
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name)).map_err(|e| format!("{}: {e}", dist.join(name).display()))
    };
    let config = read("config.json")?;
    let mut html = read("index.html")?;
    if let Some(start) = html.find(MARKER) {
        let end = start + html[start..].find('>').ok_or("unterminated CSP meta")? + 1;
        html.replace_range(start..end, "");
    }
    let hashes = inline_script_hashes(&html);
    let meta = policy(&config, &hashes, false)?;
    let header = policy(&config, &hashes, true)?;
    let tag = format!("{MARKER} content=\"{meta}\">");
    let at = html.find("<meta charset=\"utf-8\">").map(|i| i + "<meta charset=\"utf-8\">".len()).unwrap_or(0);
    html.insert_str(at, &format!("\n  {tag}"));
    std::fs::write(dist.join("index.html"), html).map_err(|e| e.to_string())?;
    let headers = format!(
        "/*\n  Content-Security-Policy: {header}\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n"
    );
    std::fs::write(dist.join("_headers"), headers).map_err(|e| e.to_string())?;
    Ok(header)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_only_inline_scripts() {
        let html = "<script src=\"a.js\"></script><script type=\"module\">import x from './x.js';</script>";
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 1);
        let expected = base64::engine::general_purpose::STANDARD.encode(Sha256::digest(b"import x from './x.js';"));
        assert_eq!(hashes[0], format!("'sha256-{expected}'"));
    }

    #[test]
    fn policy_names_graph_and_the_authority_and_nothing_unsafe() {
        let config = r#"{"cloud":"usgov","auth":{"mode":"msal","clientId":"c"}}"#;
        let p = policy(config, &["'sha256-x'".into()], true).unwrap();
        assert!(p.contains("connect-src 'self' https://graph.microsoft.us https://login.microsoftonline.us"), "{p}");
        assert!(p.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-x'"));
        assert!(p.contains("frame-ancestors 'none'"));
        assert!(!p.contains("'unsafe-inline'") && !p.contains("'unsafe-eval'"));
        let meta =
            policy(r#"{"graphBaseUrl":"http://127.0.0.1:8080/beta","auth":{"mode":"token"}}"#, &[], false).unwrap();
        assert!(
            meta.contains("connect-src 'self' http://127.0.0.1:8080;") && meta.contains("frame-src 'none'"),
            "{meta}"
        );
        assert!(!meta.contains("frame-ancestors"), "ignored in a meta element");
        assert!(policy("{", &[], false).is_err());
    }
}
