//! Integrity and deployment hardening in the built site: kept drafts belong to one tab and one
//! person, other tabs hear of a save, old drafts expire, a pasted token that cannot be sent is
//! refused, a wrong config.json refuses to start, and a frame of another origin shows nothing.

use e2e::{Site, TOKEN};
use graph_emulator::Options;
use serde_json::{json, Value};
use std::time::Duration;

const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";
/// Where the fixed development token's drafts live (cloud, tenant, account of `drafts::owner`).
const DEV_PREFIX: &str = "office-policy-editor.draft/global/local/development-token/";

/// Every kept draft in the page's localStorage: key → value.
async fn kept_drafts(site: &Site) -> serde_json::Map<String, Value> {
    let all = site
        .eval("return Object.fromEntries(Object.entries(localStorage).filter(([k]) => k.startsWith('office-policy-editor.draft/')));")
        .await;
    all.as_object().cloned().unwrap_or_default()
}

/// Waits until some kept draft holds `text` (drafts are written after a short debounce).
async fn wait_for_kept(site: &Site, text: &str) -> String {
    for _ in 0..100 {
        if let Some((key, _)) =
            kept_drafts(site).await.into_iter().find(|(_, v)| v.as_str().unwrap_or("").contains(text))
        {
            return key;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no kept draft holds {text:?}: {:?}", kept_drafts(site).await);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_save_in_one_tab_is_announced_in_the_other_and_never_deletes_its_draft() {
    let site = Site::start(Options::default()).await;
    let first = site.browser.window().await.unwrap();
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.type_into("description", "Saved in the first tab").await;
    let first_key = wait_for_kept(&site, "Saved in the first tab").await;

    let second = site.browser.new_window(true).await.unwrap().handle;
    site.browser.switch_to_window(second.clone()).await.unwrap();
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.type_into("displayName", "Renamed in the second tab").await;
    let second_key = wait_for_kept(&site, "Renamed in the second tab").await;
    assert!(first_key.starts_with(DEV_PREFIX) && second_key.starts_with(DEV_PREFIX));
    assert_ne!(first_key, second_key, "one draft per tab");

    assert!(!site.text().await.contains("You have unsaved edits"), "an open tab's draft is not offered elsewhere");

    site.browser.switch_to_window(first.clone()).await.unwrap();
    site.type_into("description", "Saved in the first tab.").await;
    site.save().await.assert_saved();
    site.see_text("Saved: description.").await;

    site.browser.switch_to_window(second).await.unwrap();
    site.see_text("This configuration was saved in another tab").await;
    assert!(
        kept_drafts(&site)
            .await
            .get(&second_key)
            .is_some_and(|v| v.as_str().unwrap().contains("Renamed in the second tab")),
        "the other tab's draft is still kept"
    );
    site.click("[data-action=reload-configuration]").await;
    site.wait_for_value("description", "Saved in the first tab.").await;
    assert_eq!(site.value_of("displayName").await, "Renamed in the second tab", "this tab's edit is kept");
    site.browser.close_window().await.unwrap();
    site.browser.switch_to_window(first).await.unwrap();
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn drafts_older_than_thirty_days_are_dropped_with_a_notice() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    let draft = |saved_at: &str| {
        json!({"savedAt": saved_at, "baseLastModified": null,
               "base": {"display_name": "a", "description": "", "priority": "", "policy_payload": "", "user_preference_payload": "",
                        "succeeded_user_count": "", "failed_user_count": "", "assignments": [], "checkin_statuses": [], "summary_source": null},
               "draft": {"display_name": "b", "description": "", "priority": "", "policy_payload": "", "user_preference_payload": "",
                        "succeeded_user_count": "", "failed_user_count": "", "assignments": [], "checkin_statuses": [], "summary_source": null}})
        .to_string()
    };
    let script = format!(
        "localStorage.setItem({old:?}, {old_value:?}); localStorage.setItem({fresh:?}, {fresh_value:?}); return null;",
        old = format!("{DEV_PREFIX}{FINANCE}/gone-tab"),
        old_value = draft("2026-01-01T00:00:00.000Z"),
        fresh = format!("{DEV_PREFIX}{FINANCE}/recent-tab"),
        fresh_value = draft(&now_minus_days(1)),
    );
    site.eval(&script).await;
    site.browser.refresh().await.unwrap();
    site.see_text("older than 30 days were removed from this browser").await;
    let kept: Vec<String> = kept_drafts(&site).await.keys().cloned().collect();
    assert_eq!(kept, [format!("{DEV_PREFIX}{FINANCE}/recent-tab")]);
    site.click("[data-action=dismiss-notice]").await;
    site.close().await;
}

/// ISO 8601 for `days` ago, from this machine's clock.
fn now_minus_days(days: u64) -> String {
    let secs = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() - days * 86_400;
    let (d, s) = (secs / 86_400, secs % 86_400);
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = d as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.000Z", s / 3600, s / 60 % 60, s % 60)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pasted_token_that_cannot_be_sent_is_refused_with_what_to_do() {
    let site = Site::start(Options::default()).await;
    site.configure(json!({"cloud": "global", "graphBaseUrl": format!("{}/beta", site.url), "auth": {"mode": "token"}}));
    site.open("#/configurations").await;
    let field = site.wait_for("#bearer-token").await;
    assert_eq!(field.tag_name().await.unwrap(), "textarea", "no password-manager prompt");
    field.send_keys(&format!("{} {}", &TOKEN[..3], &TOKEN[3..])).await.unwrap();
    site.click("[data-action=use-token]").await;
    site.see_text("The token contains spaces or line breaks").await;
    assert!(site.sent("GET").iter().all(|e| !e.path.starts_with("/beta/")), "nothing was sent with it");
    site.wait_for("#bearer-token").await.send_keys(&format!("Bearer {TOKEN}\n")).await.unwrap();
    site.click("[data-action=use-token]").await;
    site.wait_for(&format!("tr[data-config-id=\"{FINANCE}\"]")).await;
    site.assert_no_token_leaked(&[TOKEN.to_string()]).await;
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fixed_token_for_a_real_graph_refuses_to_start_and_requests_nothing() {
    let site = Site::start(Options::default()).await;
    // As a careless deployer would: no site-csp run (it refuses this config), just the file.
    let config = json!({"graphBaseUrl": "https://graph.microsoft.com/beta", "auth": {"mode": "token", "token": TOKEN}});
    assert!(site_csp::policy(&config.to_string(), &[], true).is_err(), "site-csp refuses to build it");
    std::fs::write(site.site_dir.join("config.json"), config.to_string()).unwrap();
    site.emulator.set_config_json(config);
    site.open("#/configurations").await;
    site.see_text("cannot start").await;
    site.see_text("auth.token is only for local development").await;
    assert!(site.emulator.journal().iter().all(|e| !e.path.starts_with("/beta/")), "no Graph request");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn inside_a_frame_of_another_origin_the_editor_shows_nothing_but_why() {
    let site = Site::start(Options::default()).await;
    // localhost and 127.0.0.1 are different origins: the framing page is a stranger.
    std::fs::write(
        site.site_dir.join("framer.html"),
        format!("<!doctype html><title>framer</title><iframe src=\"{}/#/configurations/{FINANCE}\" width=800 height=600></iframe>", site.url),
    )
    .unwrap();
    let framer = site.url.replace("127.0.0.1", "localhost");
    site.browser.goto(&format!("{framer}/framer.html")).await.unwrap();
    site.wait_for("iframe").await;
    site.browser.enter_frame(0).await.unwrap();
    site.see_text("does not run inside a frame of another site").await;
    assert!(site.browser.find(fantoccini::Locator::Css("[name=displayName]")).await.is_err(), "no form");
    site.browser.enter_parent_frame().await.unwrap();
    // Opened on its own, the same page works.
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("displayName").await;
    site.close().await;
}
