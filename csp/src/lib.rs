//! The strict Content-Security-Policy of a built site, derived from its `config.json`.
//!
//! Scripts: only this origin, the hashes of Trunk's inline module loader, and
//! `'wasm-unsafe-eval'` (which WebAssembly needs; no `'unsafe-eval'`, no `'unsafe-inline'`).
//! `connect-src`: this origin, and the Graph host and login authority of every configured cloud. The policy is
//! written into `index.html` as a `<meta>` (without `frame-ancestors`, which browsers ignore
//! there) and, with `frame-ancestors 'none'` (the editor is never framed), into `_headers`
//! (Netlify, Cloudflare Pages) and `staticwebapp.config.json` (Azure Static Web Apps) for the
//! page itself. `redirect.html`, MSAL's bridge page, gets a policy of its own: its scripts from
//! this origin, nothing else, and framed only by this origin (MSAL's silent renewal loads the
//! authority in a hidden frame of the editor, which lands on `redirect.html`: so `frame-src`
//! names `'self'` besides the authorities).
//!
//! A config.json that `core::rules::config` refuses (a fixed token off loopback, a Graph host that is
//! not the cloud's, an `http` authority) refuses the build too, and no policy is ever written
//! with a character that could end the `<meta content="…">` attribute or a header line.

use base64::Engine as _;
use office_policy_editor::core::rules::config;
use sha2::{Digest, Sha256};
use std::path::Path;

const MARKER: &str = "<meta http-equiv=\"Content-Security-Policy\"";

/// `scheme://host[:port]` of a URL that `core::rules::config` accepted.
fn origin(url: &str) -> Option<String> {
    config::url_parts(url).map(|u| u.origin())
}

/// The policy of `redirect.html`: MSAL's bridge script from this origin, and nothing else.
pub const REDIRECT_POLICY: &str =
    "default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/// `redirect.html`'s policy as a header: framed by the editor (silent renewal), by nothing else.
pub const REDIRECT_HEADER_POLICY: &str =
    "default-src 'none'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

/// A policy goes into an HTML attribute and a header line: refuse anything that could end either.
fn checked(policy: String) -> Result<String, String> {
    match policy.chars().find(|c| !c.is_ascii_graphic() && *c != ' ' || matches!(c, '"' | '<' | '>' | '&' | '\\')) {
        Some(c) => Err(format!("the Content-Security-Policy would contain {c:?}; check the URLs in config.json")),
        None => Ok(policy),
    }
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
    let mut frames: Vec<String> = Vec::new();
    // Every configured cloud: its Graph and its login authority.
    for endpoint in &config.clouds {
        connect.extend(origin(&endpoint.graph_base_url));
        if let Some(authority) = endpoint.authority.as_deref().and_then(origin) {
            connect.push(authority.clone());
            // MSAL renews tokens in a hidden iframe on the authority, which redirects it to
            // this origin's redirect.html.
            frames.push(authority);
        }
    }
    if !frames.is_empty() {
        frames.push("'self'".into());
    }
    let mut seen = std::collections::HashSet::new();
    connect.retain(|source| seen.insert(source.clone()));
    frames.sort();
    frames.dedup();
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
        // The editor itself is never framed (redirect.html, which MSAL frames, has its own).
        directives.push("frame-ancestors 'none'".into());
    }
    checked(directives.join("; "))
}

/// A page without the `<meta>` policy an earlier run wrote.
fn without_meta(mut html: String) -> Result<String, String> {
    if let Some(start) = html.find(MARKER) {
        let end = start + html[start..].find('>').ok_or("unterminated CSP meta")? + 1;
        let start = html[..start].trim_end_matches([' ', '\n']).len();
        html.replace_range(start..end, "");
    }
    Ok(html)
}

/// Puts a `<meta>` policy into a page, replacing an earlier one.
fn with_meta(html: String, policy: &str) -> Result<String, String> {
    let mut html = without_meta(html)?;
    let tag = format!("{MARKER} content=\"{policy}\">");
    let at = html.find("<meta charset=\"utf-8\">").map(|i| i + "<meta charset=\"utf-8\">".len()).unwrap_or(0);
    html.insert_str(at, &format!("\n  {tag}"));
    Ok(html)
}

/// Writes the policy into `dist/index.html` (replacing an earlier one) and `dist/_headers`;
/// returns the header value.
pub fn apply(dist: &Path) -> Result<String, String> {
    let read = |name: &str| {
        std::fs::read_to_string(dist.join(name)).map_err(|e| format!("{}: {e}", dist.join(name).display()))
    };
    let write = |name: &str, text: String| std::fs::write(dist.join(name), text).map_err(|e| format!("{name}: {e}"));
    let config = read("config.json")?;
    let html = without_meta(read("index.html")?)?;
    let hashes = inline_script_hashes(&html);
    let meta = policy(&config, &hashes, false)?;
    let header = policy(&config, &hashes, true)?;
    write("index.html", with_meta(html, &meta)?)?;
    if let Ok(redirect) = read("redirect.html") {
        write("redirect.html", with_meta(redirect, REDIRECT_POLICY)?)?;
    }
    // Each page its own policy: `_headers` applies every rule that matches a path (a policy on
    // `/*` would reach redirect.html too, and forbid the frame it must be shown in); Static Web
    // Apps lets a route's header replace the global one.
    let headers = format!(
        "/*\n  X-Content-Type-Options: nosniff\n  Referrer-Policy: no-referrer\n\
         /\n  Content-Security-Policy: {header}\n\
         /index.html\n  Content-Security-Policy: {header}\n\
         /redirect.html\n  Content-Security-Policy: {REDIRECT_HEADER_POLICY}\n"
    );
    write("_headers", headers)?;
    let static_web_app = serde_json::json!({
        "globalHeaders": {
            "Content-Security-Policy": header,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer"
        },
        "routes": [{ "route": "/redirect.html", "headers": { "Content-Security-Policy": REDIRECT_HEADER_POLICY } }]
    });
    write("staticwebapp.config.json", serde_json::to_string_pretty(&static_web_app).expect("JSON"))?;
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
        assert!(p.ends_with("; frame-ancestors 'none'"), "the editor is never framed: {p}");
        assert!(p.contains("frame-src 'self' https://login.microsoftonline.us;"), "the renewal frame lands here: {p}");
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

    #[test]
    fn every_configured_cloud_is_reachable_and_nothing_else() {
        let config = r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["global","usgov","china"]}"#;
        let p = policy(config, &[], false).unwrap();
        assert!(
            p.contains(
                "connect-src 'self' https://graph.microsoft.com https://login.microsoftonline.com https://graph.microsoft.us \
                 https://login.microsoftonline.us https://microsoftgraph.chinacloudapi.cn https://login.chinacloudapi.cn;"
            ),
            "{p}"
        );
        assert!(
            p.contains("frame-src 'self' https://login.chinacloudapi.cn https://login.microsoftonline.com https://login.microsoftonline.us;"),
            "{p}"
        );
        let dod =
            policy(r#"{"auth":{"mode":"msal","clientId":"c"},"clouds":["usgov","usgovdod"]}"#, &[], false).unwrap();
        assert!(
            dod.contains("https://login.microsoftonline.us https://dod-graph.microsoft.us;"),
            "one authority once: {dod}"
        );
    }

    #[test]
    fn a_config_the_app_refuses_refuses_the_build() {
        let cases = [
            (
                r#"{"graphBaseUrl":"https://graph.microsoft.com/beta","auth":{"mode":"token","token":"t"}}"#,
                "auth.token",
            ),
            (r#"{"graphBaseUrl":"https://evil.example/beta","auth":{"mode":"token"}}"#, "graphBaseUrl"),
            (
                r#"{"graphBaseUrl":"http://127.0.0.1:1/\"><script>alert(1)</script>","auth":{"mode":"token"}}"#,
                "graphBaseUrl",
            ),
            (r#"{"graphBaseUrl":"http://127.0.0.1:1/b\r\nSet-Cookie: x=1","auth":{"mode":"token"}}"#, "graphBaseUrl"),
            (r#"{"auth":{"mode":"msal","clientId":"c","authority":"https://a\"b/t"}}"#, "auth.authority"),
        ];
        for (config, field) in cases {
            let refused = policy(config, &[], true).unwrap_err();
            assert!(refused.contains(field), "{config}: {refused}");
        }
        assert!(checked("connect-src 'self' x\"y".into()).is_err());
        assert!(checked("a\nb".into()).is_err());
        assert_eq!(checked("default-src 'none'".into()).as_deref(), Ok("default-src 'none'"));
    }

    #[test]
    fn apply_writes_every_host_format_and_the_bridge_page_policy() {
        let dist = std::env::temp_dir().join(format!("site-csp-{}", std::process::id()));
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(dist.join("config.json"), r#"{"auth":{"mode":"msal","clientId":"c"}}"#).unwrap();
        let page = "<html><head><meta charset=\"utf-8\"><script type=\"module\">init();</script></head></html>";
        std::fs::write(dist.join("index.html"), page).unwrap();
        std::fs::write(dist.join("redirect.html"), "<html><head><meta charset=\"utf-8\"></head></html>").unwrap();
        let header = apply(&dist).unwrap();
        apply(&dist).unwrap();
        let index = std::fs::read_to_string(dist.join("index.html")).unwrap();
        assert_eq!(index.matches(MARKER).count(), 1, "applied twice, one policy: {index}");
        assert_eq!(without_meta(index.clone()).unwrap(), page, "nothing else changed");
        assert!(index.contains("connect-src 'self' https://graph.microsoft.com https://login.microsoftonline.com"));
        let redirect = std::fs::read_to_string(dist.join("redirect.html")).unwrap();
        assert!(redirect.contains(REDIRECT_POLICY), "{redirect}");
        let headers = std::fs::read_to_string(dist.join("_headers")).unwrap();
        let rules: Vec<(&str, Vec<&str>)> =
            headers.split('\n').filter(|l| !l.is_empty()).fold(Vec::new(), |mut rules, line| {
                match line.strip_prefix("  ") {
                    Some(header) => rules.last_mut().unwrap().1.push(header),
                    None => rules.push((line, Vec::new())),
                }
                rules
            });
        let csp = |path: &str| {
            rules
                .iter()
                .filter(|(p, _)| *p == path || *p == "/*")
                .flat_map(|(_, h)| h.iter())
                .filter(|h| h.starts_with("Content-Security-Policy"))
                .cloned()
                .collect::<Vec<_>>()
        };
        assert_eq!(csp("/"), [format!("Content-Security-Policy: {header}").as_str()]);
        assert_eq!(csp("/index.html"), csp("/"));
        assert_eq!(
            csp("/redirect.html"),
            [format!("Content-Security-Policy: {REDIRECT_HEADER_POLICY}").as_str()],
            "only its own policy reaches the page MSAL frames"
        );
        assert!(REDIRECT_HEADER_POLICY.ends_with("frame-ancestors 'self'"));
        let swa: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(dist.join("staticwebapp.config.json")).unwrap()).unwrap();
        assert_eq!(swa["globalHeaders"]["Content-Security-Policy"], header.as_str());
        assert_eq!(swa["routes"][0]["headers"]["Content-Security-Policy"], REDIRECT_HEADER_POLICY);
        std::fs::remove_dir_all(&dist).ok();
    }
}
