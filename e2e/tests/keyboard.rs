//! The editor with the keyboard alone, as an admin who does not use a mouse works: `/` to the
//! search, ↓ to the first row found, Enter to open it (the focus on its heading), Tab to a field,
//! Ctrl+S to the review (the focus on Save), Escape back to the field, Ctrl+S and Enter to save.

use e2e::Site;
use fantoccini::key::Key;
use graph_emulator::Options;
use serde_json::Value;

const PILOT: &str = "7e3f1a2b-9c8d-4e5f-a6b7-c8d9e0f1a2b3";

#[tokio::test(flavor = "multi_thread")]
async fn find_open_edit_review_and_save_with_the_keyboard_alone() {
    let site = Site::start(Options::default()).await;
    site.open("#/configurations").await;
    site.wait_for(&format!("tr[data-config-id=\"{PILOT}\"]")).await;
    site.wait_for_focus("H1").await;

    site.press(&[], "/").await;
    site.wait_for_focus("INPUT search").await;
    site.press(&[], "pilot").await;
    site.eventually("only Pilot listed", || async {
        site.eval("return document.querySelectorAll('tbody tr[data-config-id]').length;").await == 1
    })
    .await;
    site.press(&[], &char::from(Key::Down).to_string()).await;
    site.wait_for_focus(&format!("TR {PILOT}")).await;
    site.press(&[], &char::from(Key::Enter).to_string()).await;
    site.control("displayName").await;
    site.wait_for_focus("H1").await;
    let heading = site.eval("return document.activeElement.textContent;").await;
    assert_eq!(heading, "Pilot – feedback and AutoRecover", "the page's heading, for a screen reader to read");

    // Tab through the page to the display name, as far as it is.
    for _ in 0..15 {
        if site.focused().await == "INPUT displayName" {
            break;
        }
        site.press(&[], &char::from(Key::Tab).to_string()).await;
    }
    site.wait_for_focus("INPUT displayName").await;
    site.press(&[char::from(Key::Control)], "a").await;
    site.press(&[], "Pilot by keyboard").await;
    site.wait_for_value("displayName", "Pilot by keyboard").await;

    // Ctrl+S: the review, with the focus on its Save; Escape gives the focus back.
    site.press(&[char::from(Key::Control)], "s").await;
    site.wait_for("[role=dialog]").await;
    site.wait_for_focus("BUTTON confirm").await;
    site.press(&[], &char::from(Key::Escape).to_string()).await;
    site.eventually("the review closed", || async {
        site.eval("return !document.querySelector('[role=dialog]');").await == true
    })
    .await;
    site.wait_for_focus("INPUT displayName").await;
    assert!(site.sent("PATCH").is_empty(), "nothing sent before Save");

    site.press(&[char::from(Key::Control)], "s").await;
    site.wait_for_focus("BUTTON confirm").await;
    site.press(&[], &char::from(Key::Enter).to_string()).await;
    site.see_text("Saved: displayName.").await;
    let patch = site.sent("PATCH").pop().expect("a PATCH");
    assert!(patch.status.is_some_and(|s| (200..300).contains(&s)), "Graph took it: {:?}", patch.status);
    let body: Value = serde_json::from_str(&patch.body).unwrap();
    assert_eq!(body["displayName"], "Pilot by keyboard");
    let held = site.emulator.configurations_of(graph_emulator::authority::HOME_TENANT);
    let pilot = held.iter().find(|c| c["id"] == PILOT).expect("Pilot");
    assert_eq!(pilot["displayName"], "Pilot by keyboard", "the tenant holds it");
    site.close().await;
}
