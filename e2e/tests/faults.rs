//! Every fault Graph or the network can produce, injected by the emulator on the save: each gets
//! its own message, the form keeps the edits, and the journal shows how many requests went out.

use e2e::{Site, TOKEN};
use fantoccini::Locator;
use graph_emulator::faults::{Fault, FaultKind};
use graph_emulator::Options;
use serde_json::json;

const BASE: &str = "/beta/officeConfiguration/clientConfigurations";
const FINANCE: &str = "2b7d9e41-5c3a-4f8e-b1d6-7a9c0e2f4b68";

fn status(status: u16) -> FaultKind {
    FaultKind::Status { status, retry_after: None, code: None, claims: None, message: None, ids_in_headers_only: false }
}

/// A site with short timeouts and retries, so every fault is quick to see.
async fn fast_site() -> Site {
    let site = Site::start(Options::default()).await;
    site.configure(json!({
        "graphBaseUrl": format!("{}/beta", site.url),
        "auth": { "mode": "token", "token": TOKEN },
        "network": { "timeoutSeconds": 2, "maxAttempts": 3, "retryBaseDelayMs": 50 }
    }));
    site
}

/// A fresh editor on the Finance configuration, with nothing kept from before.
async fn open_fresh(site: &Site) {
    site.emulator.reset();
    site.open("#/configurations").await;
    site.eval("localStorage.clear(); return null;").await;
    site.browser.refresh().await.unwrap();
    site.open(&format!("#/configurations/{FINANCE}")).await;
    site.control("displayName").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn each_fault_gets_its_message_keeps_the_edits_and_sends_what_it_should() {
    let site = fast_site().await;
    // (fault, words the banner must show, PATCHes the app sent). Each PATCH the app sends has
    // its own client-request-id; Chromium resends a request whose connection closed before any
    // answer with the same one, so those resends are not the app's.
    let cases: Vec<(FaultKind, Vec<&str>, usize)> = vec![
        (status(400), vec!["400", "BadRequest", "Correct the field"], 1),
        (status(401), vec!["401", "InvalidAuthenticationToken", "Sign in again"], 1),
        (status(403), vec!["403", "Forbidden", "lacks permission"], 1),
        (status(404), vec!["404", "ResourceNotFound", "no longer exists"], 1),
        (status(409), vec!["409", "Conflict", "Someone else changed"], 1),
        (status(412), vec!["412", "PreconditionFailed", "Someone else changed"], 1),
        (status(429), vec!["429", "TooManyRequests", "throttling"], 3),
        (status(500), vec!["500", "InternalServerError", "temporary problem"], 1),
        (status(502), vec!["502", "BadGateway", "temporary problem"], 1),
        (status(503), vec!["503", "ServiceUnavailable", "temporary problem"], 3),
        (status(504), vec!["504", "GatewayTimeout", "temporary problem"], 1),
        (FaultKind::Html { status: 502 }, vec!["502", "proxy or gateway"], 1),
        (FaultKind::Empty { status: 500 }, vec!["500", "(empty body)"], 1),
        (FaultKind::Truncated, vec!["could not be read", "Reload the page"], 1),
        (FaultKind::Drop, vec!["did not reach Graph", "may or may not have been applied"], 1),
        (FaultKind::Delay { ms: 3000 }, vec!["did not answer within 2 s"], 1),
    ];
    for (kind, words, patches) in cases {
        open_fresh(&site).await;
        site.emulator.inject(Fault {
            method: "PATCH".into(),
            path: format!("{BASE}/{FINANCE}"),
            kind: kind.clone(),
            count: 10,
        });
        site.type_into("displayName", "Edited under a fault").await;
        site.type_into("priority", "17").await;
        let _first_alert = site.save().await.alert();
        // The save has given up: no retry waits, Save is offered again, and Graph has answered
        // every PATCH (a delayed one too), so nothing more can be sent for this click.
        site.eventually("the save to give up and every PATCH to be answered", || async {
            let waiting = site.browser.find(Locator::Css("[data-action=cancel-retry]")).await.is_ok();
            let save = site.wait_for("[data-action=save]").await.attr("disabled").await.unwrap();
            !waiting && save.is_none() && site.sent("PATCH").iter().all(|e| e.status.is_some())
        })
        .await;
        let banner = site.wait_for("[role=alert]").await.text().await.unwrap();
        for word in &words {
            assert!(banner.contains(word), "{kind:?}: the banner shows {word:?}:\n{banner}");
        }
        if matches!(kind, FaultKind::Status { .. }) {
            assert!(banner.contains("00000000-0000-4000-8000-"), "{kind:?}: request-id shown");
        }
        assert_eq!(site.value_of("displayName").await, "Edited under a fault", "{kind:?}: edits kept");
        assert_eq!(site.value_of("priority").await, "17", "{kind:?}: edits kept");
        let mut ids: Vec<String> = site
            .sent("PATCH")
            .iter()
            .map(|e| e.headers["client-request-id"].as_str().unwrap_or_default().to_string())
            .collect();
        ids.dedup();
        assert_eq!(ids.len(), patches, "{kind:?}: PATCHes the app sent");
    }
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_retry_shows_a_countdown_and_can_be_cancelled() {
    let site = Site::start(Options::default()).await;
    site.configure(json!({
        "graphBaseUrl": format!("{}/beta", site.url),
        "auth": { "mode": "token", "token": TOKEN },
        "network": { "maxAttempts": 4, "retryBaseDelayMs": 6000 }
    }));
    open_fresh(&site).await;
    site.emulator.inject(Fault {
        method: "PATCH".into(),
        path: format!("{BASE}/{FINANCE}"),
        kind: status(429),
        count: 10,
    });
    site.type_into("description", "Cancelled while throttled").await;
    site.click("[data-action=save]").await;
    site.confirm_review().await;
    site.see_text("Graph is throttling requests (429). Retrying in").await;
    site.see_text("(attempt 2 of 4)").await;
    site.click("[data-action=cancel-retry]").await;
    site.see_text("Retrying was cancelled").await;
    assert_eq!(site.sent("PATCH").len(), 1, "nothing more was sent");
    assert_eq!(site.value_of("description").await, "Cancelled while throttled");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn double_clicks_and_a_held_enter_send_one_patch() {
    let site = fast_site().await;
    open_fresh(&site).await;
    // The next PATCH answers after half a second: time for a second click or Enter to arrive.
    let slow_patch = || {
        site.emulator.inject(Fault {
            method: "PATCH".into(),
            path: format!("{BASE}/{FINANCE}"),
            kind: FaultKind::Delay { ms: 500 },
            count: 1,
        })
    };
    slow_patch();
    site.type_into("description", "Once").await;
    let save = site.wait_for("[data-action=save]").await;
    save.click().await.unwrap();
    // The second click may land on the review, which covers the page once it opens: either
    // way it must not start a second save.
    let _ = save.click().await;
    let confirm = site.wait_for("[role=dialog] [data-action=confirm]").await;
    confirm.click().await.unwrap();
    let _ = confirm.click().await;
    site.see_text("Saved: description.").await;
    assert_eq!(site.sent("PATCH").len(), 1, "double clicks on Save and on Confirm send one PATCH");

    // Enter, held down, in a one-line field, where Enter submits the form.
    slow_patch();
    site.type_into("displayName", "Held Enter").await;
    let _ = site.control("displayName").await.send_keys("\u{E007}\u{E007}\u{E007}\u{E007}").await;
    site.confirm_review().await;
    site.see_text("Saved: displayName.").await;
    assert_eq!(site.sent("PATCH").len(), 2, "a held Enter sends one PATCH");
    site.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_reload_asks_first_and_then_offers_the_same_draft_back() {
    let site = fast_site().await;
    open_fresh(&site).await;
    site.type_into("displayName", "Survives a reload").await;
    site.type_into("policyPayload", "{\"kept\": [1, 2, 3]}").await;
    site.edit_checkins().await;
    site.type_into("checkinStatuses.0.deviceName", "CONTOSO-KEPT").await;
    site.wait_for_kept("CONTOSO-KEPT").await;
    let before: Vec<String> = site.form_values().await;
    // Leaving asks first ("leave the page?"). ChromeDriver answers a beforeunload prompt by
    // itself, so the page's answer is read from the event: cancelling it is what makes the
    // browser ask.
    let would_ask = "const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented;";
    assert_eq!(site.eval(would_ask).await, json!(true), "leaving with unsaved edits asks first");
    let refresh = site.browser.refresh().await;
    if refresh.is_err() || site.browser.get_alert_text().await.is_ok() {
        site.browser.accept_alert().await.unwrap();
    }
    site.see_text("You have unsaved edits to this configuration").await;
    site.click("[data-action=restore]").await;
    site.wait_for_value("displayName", "Survives a reload").await;
    assert_eq!(site.form_values().await, before, "the identical draft");
    site.close().await;
}
