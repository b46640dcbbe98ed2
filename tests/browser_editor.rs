//! The editor in headless Chrome as an admin uses it, over a fake Graph (`support::fake_graph`):
//! edits made through the DOM produce exactly the minimal PATCH; invalid input blocks the save;
//! Graph errors, conflicts, partial saves and kept drafts show in the page and never lose an edit.

#![cfg(target_arch = "wasm32")]

mod support;

use office_policy_editor::core::rules::draft::Draft;
use office_policy_editor::core::wire::request::Method;
use office_policy_editor::core::wire::response::RawResponse;
use office_policy_editor::core::wire::stream;
use serde_json::{json, Value};
use support::fake_graph::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn every_property_has_its_control_named_by_its_graph_path() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.edit_checkins().await;
    // The rows' controls may come a render after the section that holds them.
    mount
        .wait_for("the first check-in row", |m| m.find("[name=\"checkinStatuses.0.userPrincipalName\"]").is_some())
        .await;
    for name in [
        "id",
        "displayName",
        "description",
        "priority",
        "policyPayload",
        "userPreferencePayload",
        "assignments.0.target.groupId",
        "lastModifiedDateTime",
        "userCheckinSummary.succeededUserCount",
        "userCheckinSummary.failedUserCount",
        "checkinStatuses.0.userPrincipalName",
        "checkinStatuses.0.deviceName",
        "checkinStatuses.0.devicePlatform",
        "checkinStatuses.0.devicePlatformVersion",
        "checkinStatuses.0.wasSuccessful",
        "checkinStatuses.0.userId",
        "checkinStatuses.0.checkinDateTime",
        "checkinStatuses.0.errorMessage",
        "checkinStatuses.0.appliedPolicies",
    ] {
        mount.control(name);
    }
    assert_eq!(mount.value_of("id"), ID);
    assert!(mount.control("id").has_attribute("readonly"));
    assert!(mount.control("lastModifiedDateTime").has_attribute("readonly"));
    assert_eq!(mount.value_of("policyPayload"), "{\"word\":{\"blockMacros\":true}}", "payloads are decoded");
    assert!(mount.is_disabled("[data-action=save]"), "nothing changed yet");
}

#[wasm_bindgen_test]
async fn each_property_edit_sends_exactly_the_minimal_patch() {
    let policy = "{\n  \"word\": {\"blockMacros\": false}\n}";
    let cases: Vec<(&str, &str, String)> = vec![
        ("displayName", "Baseline v2", format!(r#"{{"@odata.type":"{TYPE}","displayName":"Baseline v2"}}"#)),
        ("description", "Everyone", format!(r#"{{"@odata.type":"{TYPE}","description":"Everyone"}}"#)),
        ("priority", "7", format!(r#"{{"@odata.type":"{TYPE}","priority":7}}"#)),
        (
            "policyPayload",
            policy,
            format!(r#"{{"@odata.type":"{TYPE}","policyPayload":"{}"}}"#, stream::encode(policy)),
        ),
        ("userPreferencePayload", "{}", format!(r#"{{"@odata.type":"{TYPE}","userPreferencePayload":"e30="}}"#)),
        (
            "userCheckinSummary.failedUserCount",
            "4",
            format!(
                r##"{{"@odata.type":"{TYPE}","userCheckinSummary":{{"@odata.type":"#microsoft.graph.officeUserCheckinSummary","succeededUserCount":10,"failedUserCount":4}}}}"##
            ),
        ),
    ];
    for (name, typed, expected) in cases {
        let fake = FakeGraph::new();
        let mount = open_editor(&fake).await;
        mount.enter(name, typed).await;
        save(&mount).await;
        assert_eq!(fake.patch_bodies(), vec![expected], "editing {name}");
        assert!(fake.sent(Method::Post).is_empty(), "editing {name} sends no assign");
        assert_eq!(mount.text_of("[role=status]"), format!("Saved: {}.", name.split('.').next().unwrap()));
    }
}

/// Typing reaches wasm as changes to its copy of the text, not as the text: edits in several
/// places, some reported together and some apart, around characters that take two UTF-16 units,
/// arrive exactly.
#[wasm_bindgen_test]
async fn edits_around_wide_characters_reach_the_patch_exactly() {
    let fake = FakeGraph::new();
    fake.entity.borrow_mut()["policyPayload"] = json!(stream::encode("{\"name\": \"paramètre 😀\", \"count\": 100}"));
    let mount = open_editor(&fake).await;
    mount.type_payload_after("policyPayload", "😀", " 設定").await;
    mount.type_payload_after("policyPayload", "100", "7").await;
    mount.blur("policyPayload");
    mount.type_payload_after("policyPayload", "paramè", "é").await;
    mount.blur("policyPayload");
    save(&mount).await;
    let expected = "{\"name\": \"paramèétre 😀 設定\", \"count\": 1007}";
    assert_eq!(mount.value_of("policyPayload"), expected);
    assert_eq!(
        fake.patch_bodies(),
        vec![format!(r#"{{"@odata.type":"{TYPE}","policyPayload":"{}"}}"#, stream::encode(expected))]
    );
}

/// Should wasm's copy of the text and the view ever fall out of step, the view hands over its
/// whole text once, and from then on its changes again: wasm always holds what the view shows.
#[wasm_bindgen_test]
async fn a_view_out_of_step_hands_over_its_whole_text() {
    use office_policy_editor::app::codemirror::{self, Mounted, Names};
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    let document = web_sys::window().unwrap().document().unwrap();
    let parent = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&parent).unwrap();
    let module = codemirror::load(&support::editor_module().0).await.expect("the editor's module");
    let received = Rc::new(RefCell::new(Vec::<String>::new()));
    let names = Names { name: "probe", labelled_by: "", described_by: "" };
    let mounted = Mounted::new(&module, &parent, names, "{\"a\": 1}", {
        let received = received.clone();
        move |text| received.borrow_mut().push(text)
    });
    let typed = |text: &str| {
        let content: web_sys::HtmlElement = parent.query_selector("[name=probe]").unwrap().unwrap().unchecked_into();
        content.focus().unwrap();
        support::exec_command("selectAll", "");
        support::exec_command("insertText", text);
    };
    // What the view holds (its `value`, as the deployment contract reads it).
    let shows = |text: &str| {
        let content = parent.query_selector("[name=probe]").unwrap().unwrap();
        js_sys::Reflect::get(&content, &"value".into()).ok().and_then(|v| v.as_string()).as_deref() == Some(text)
    };
    // Behind wasm's back (only a bug would do this): the view shows another text.
    mounted.view.set_text("{\"b\": 22}");
    typed("{\"c\": 333}");
    assert!(support::until(|| shows("{\"c\": 333}")).await, "the view took the typing");
    mounted.view.flush();
    assert_eq!(*received.borrow(), ["{\"c\": 333}"], "the whole text, once");
    // In step again: changes only.
    typed("{\"d\": 4444}");
    assert!(support::until(|| shows("{\"d\": 4444}")).await, "the view took the typing");
    mounted.view.flush();
    assert_eq!(received.borrow().last().map(String::as_str), Some("{\"d\": 4444}"));
    drop(mounted);
    parent.remove();
}

#[wasm_bindgen_test]
async fn editing_every_kind_of_field_at_once_sends_one_patch_and_one_assign() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.edit_checkins().await;
    mount.type_into("displayName", "Baseline v2");
    mount.type_into("priority", "0");
    mount.type_payload("policyPayload", "{\"word\": {\"blockMacros\": false}}").await;
    mount.type_into("userCheckinSummary.succeededUserCount", "11");
    mount.type_into("checkinStatuses.0.deviceName", "PC-2");
    mount.set_checked("checkinStatuses.0.wasSuccessful", false);
    mount.type_into("checkinStatuses.0.appliedPolicies", "Security baseline\nFinance");
    mount.click("[data-action=add-assignment]");
    mount.wait_for("a second group row", |m| m.find("[name=\"assignments.1.target.groupId\"]").is_some()).await;
    mount.type_into("assignments.1.target.groupId", GROUP_B);
    save(&mount).await;

    let expected = json!({
        "@odata.type": TYPE,
        "policyPayload": stream::encode("{\"word\": {\"blockMacros\": false}}"),
        "displayName": "Baseline v2",
        "priority": 0,
        "userCheckinSummary": {"@odata.type": "#microsoft.graph.officeUserCheckinSummary", "succeededUserCount": 11, "failedUserCount": 1},
        "checkinStatuses": [{"@odata.type": "microsoft.graph.officeClientCheckinStatus", "userPrincipalName": "megan@contoso.com",
            "deviceName": "PC-2", "devicePlatform": "Windows", "devicePlatformVersion": "10.0.22631", "wasSuccessful": false,
            "userId": "7c1e6a7b-3f0d-4e2a-9b8c-1d2e3f4a5b6c", "checkinDateTime": "2026-11-27T16:02:11Z", "errorMessage": "",
            "appliedPolicies": ["Security baseline", "Finance"]}]
    });
    assert_eq!(fake.patch_bodies(), vec![expected.to_string()]);
    let posts = fake.sent(Method::Post);
    assert_eq!(posts.len(), 1);
    assert!(posts[0].url.ends_with(&format!("/officeConfiguration/clientConfigurations/{ID}/assign")));
    assert_eq!(
        posts[0].body.as_deref().unwrap(),
        json!({"officeConfigurationAssignments": [
            {"target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": GROUP_A}},
            {"target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": GROUP_B}}
        ]})
        .to_string()
    );
    let patch = &fake.sent(Method::Patch)[0];
    assert_eq!(patch.url, format!("https://graph.test/beta/officeConfiguration/clientConfigurations/{ID}"));
    assert_eq!(patch.header("Authorization"), Some("Bearer fake-token"));
    assert_eq!(patch.header("Content-Type"), Some("application/json"));
    assert_eq!(patch.header("client-request-id").map(str::len), Some(36));
    // The form now shows what Graph returned, and nothing is left to save.
    // Shown in the browser's locale; the exact value Graph sent on hover.
    let modified = mount.control("lastModifiedDateTime");
    assert_eq!(modified.get_attribute("title").as_deref(), Some("2026-11-28T10:00:00Z"));
    assert_ne!(mount.value_of("lastModifiedDateTime"), "—");
    assert_eq!(mount.value_of("assignments.1.target.groupId"), GROUP_B);
    assert!(mount.is_disabled("[data-action=save]"));
    assert!(!mount.text().contains("fake-token"), "the token is never rendered");
}

#[wasm_bindgen_test]
async fn an_invalid_payload_blocks_save_and_shows_line_and_column() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.type_into("displayName", "Renamed");
    let editor = mount.control("policyPayload");
    mount.type_payload("policyPayload", "{\n  \"word\": 1,\n}").await;
    mount.see_text("not JSON: line 3, column 1: trailing comma").await;
    assert!(editor.is_connected(), "the payload editor keeps its element (and focus) when an error appears");
    assert!(mount.is_disabled("[data-action=save]"));
    mount.click("[data-action=save]");
    mount.type_payload("policyPayload", "{\"word\": 1}").await;
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    // By now anything the click could have started has run its course.
    assert!(fake.patch_bodies().is_empty(), "nothing is sent while a field is invalid");
    mount.click_button("Format");
    mount.wait_for("formatted JSON", |m| m.value_of("policyPayload") == "{\n  \"word\": 1\n}").await;
}

#[wasm_bindgen_test]
async fn invalid_values_of_each_type_are_flagged_beside_their_field() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.edit_checkins().await;
    let cases = [
        ("displayName", "", "A display name is required."),
        ("priority", "-1", "Priority cannot be negative"),
        ("priority", "2147483648", "32-bit integer"),
        ("userCheckinSummary.failedUserCount", "-5", "A count cannot be negative."),
        ("assignments.0.target.groupId", "sales", "is not a GUID"),
        ("checkinStatuses.0.userId", "megan", "is not a GUID"),
        ("checkinStatuses.0.checkinDateTime", "yesterday", "ISO 8601"),
    ];
    for (name, typed, message) in cases {
        let control = mount.control(name);
        mount.enter(name, typed).await;
        mount.see_text(message).await;
        assert!(control.is_connected(), "{name}: the control the admin types in stays in the page");
        assert!(mount.is_disabled("[data-action=save]"), "{name} = {typed:?} blocks save");
        mount.click_button("Discard changes");
        mount.wait_for("the discard", |m| !m.text().contains(message)).await;
    }
}

#[wasm_bindgen_test]
async fn a_graph_error_shows_in_the_banner_and_the_edits_remain() {
    let fake = FakeGraph::new();
    fake.patch_script.borrow_mut().push_back(RawResponse {
        status: 403,
        request_id: Some("hdr-req".into()),
        client_request_id: None,
        date: None,
        www_authenticate: None,
        retry_after: None,
        etag: None,
        body:
            json!({"error": {"code": "Forbidden", "message": "Caller lacks DeviceManagementConfiguration.ReadWrite.All",
            "innerError": {"request-id": "7f9e-req", "client-request-id": "c1-client", "date": "2026-11-28T10:00:00"}}})
            .to_string(),
    });
    let mount = open_editor(&fake).await;
    mount.type_into("displayName", "Edited name");
    mount.type_payload("policyPayload", "{\"edited\": true}").await;
    save(&mount).await;
    let banner = mount.text_of("[role=alert]");
    for part in [
        "Your changes were not saved",
        "Forbidden",
        "7f9e-req",
        "c1-client",
        "Caller lacks",
        "Ask for DeviceManagementConfiguration.ReadWrite.All",
    ] {
        assert!(banner.contains(part), "banner shows {part:?}: {banner}");
    }
    assert_eq!(mount.value_of("displayName"), "Edited name");
    assert_eq!(mount.value_of("policyPayload"), "{\"edited\": true}");
    assert!(!mount.is_disabled("[data-action=save]"), "the admin can try again");
    // Saving again (the fault is gone) succeeds with the same body.
    mount.click("[data-action=save]");
    mount.wait_for("the success status", |m| m.text_of("[role=status]").starts_with("Saved")).await;
    let bodies = fake.patch_bodies();
    assert_eq!(bodies.len(), 2);
    assert_eq!(bodies[0], bodies[1]);
    assert!(mount.find("[role=alert]").is_none());
}

#[wasm_bindgen_test]
async fn a_204_answer_re_reads_the_configuration() {
    let fake = FakeGraph::new();
    fake.patch_script.borrow_mut().push_back(RawResponse { status: 204, ..Default::default() });
    let mount = open_editor(&fake).await;
    // What Graph holds after the save; the fake only answers 204, so the GET must show it.
    let mut after = fake.entity.borrow().clone();
    after["displayName"] = json!("Server copy");
    *fake.entity_after_script.borrow_mut() = Some(after);
    mount.type_into("displayName", "Server copy");
    save(&mount).await;
    let methods: Vec<Method> = fake.requests.borrow().iter().map(|r| r.method).collect();
    assert_eq!(
        methods,
        vec![Method::Get, Method::Get, Method::Patch, Method::Get],
        "load, pre-save check, PATCH, read-back"
    );
    assert_eq!(mount.value_of("displayName"), "Server copy");
    assert_eq!(mount.text_of("[role=status]"), "Saved: displayName.");
}

#[wasm_bindgen_test]
async fn a_double_click_sends_one_patch() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.type_into("description", "Once");
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.click("[data-action=save]");
    mount.wait_for("the save", |m| m.text_of("[role=status]").starts_with("Saved")).await;
    assert_eq!(fake.patch_bodies().len(), 1);
}

#[wasm_bindgen_test]
async fn check_in_rows_can_be_added_and_removed() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.edit_checkins().await;
    mount.click_button("Add row");
    mount.wait_for("a second row", |m| m.find("[name=\"checkinStatuses.1.deviceName\"]").is_some()).await;
    mount.type_into("checkinStatuses.1.deviceName", "PC-9");
    mount.type_into("checkinStatuses.1.userId", GROUP_B);
    // Not nullable in the contract: a new row is not saved without a check-in time.
    mount.wait_for("the time asked for", |m| m.text().contains("checkinDateTime is required")).await;
    mount.type_into("checkinStatuses.1.checkinDateTime", "2026-11-28T09:30:00Z");
    mount.click("[aria-label=\"Remove check-in row 1\"]");
    mount.wait_for("one row", |m| m.find("[name=\"checkinStatuses.1.deviceName\"]").is_none()).await;
    save(&mount).await;
    let body: Value = serde_json::from_str(&fake.patch_bodies()[0]).unwrap();
    assert_eq!(
        body["checkinStatuses"],
        json!([{"@odata.type": "#microsoft.graph.officeClientCheckinStatus", "userPrincipalName": "", "deviceName": "PC-9",
            "devicePlatform": "", "devicePlatformVersion": "", "wasSuccessful": false, "userId": GROUP_B,
            "checkinDateTime": "2026-11-28T09:30:00Z", "errorMessage": "", "appliedPolicies": []}])
    );
}

/// A draft is written a moment after typing pauses, in a task of its own; when the page goes
/// (a sign-in redirect, a closed tab) the write happens at once, before the page is gone.
#[wasm_bindgen_test]
async fn the_draft_is_written_as_the_page_goes() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item(&draft_key()).unwrap();
    mount.type_into("displayName", "Kept as the page goes");
    assert_eq!(storage.get_item(&draft_key()).unwrap(), None, "not on the keystroke");
    let event = web_sys::Event::new("pagehide").unwrap();
    web_sys::window().unwrap().dispatch_event(&event).unwrap();
    let kept = storage.get_item(&draft_key()).unwrap().expect("written during pagehide");
    assert!(kept.contains("Kept as the page goes"));
    drop(mount);
    storage.remove_item(&draft_key()).unwrap();
}

#[wasm_bindgen_test]
async fn unsaved_edits_are_kept_and_offered_back_after_a_reload() {
    let fake = FakeGraph::new();
    let first = open_editor(&fake).await;
    first.type_into("displayName", "Kept across a reload");
    first.type_payload("policyPayload", "{\"kept\": true}").await;
    // The draft is written after a short debounce.
    first
        .wait_for("the draft in storage", |_| {
            let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
            storage
                .get_item(&draft_key())
                .unwrap()
                .is_some_and(|v| v.contains("Kept across a reload") && v.contains(r#"\"kept\": true"#))
        })
        .await;
    let kept = web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(&draft_key()).unwrap().unwrap();
    assert!(!kept.contains("fake-token"), "never the token");
    drop(first);

    // A new editor for the same configuration (a reload) offers the edits back.
    let second = mount_keeping_storage(&fake).await;
    second.see_text("You have unsaved edits to this configuration").await;
    assert_eq!(second.value_of("displayName"), "Security baseline", "not applied silently");
    second.click("[data-action=restore]");
    second.wait_for("the restored edits", |m| m.value_of("displayName") == "Kept across a reload").await;
    // The payload editor takes wasm's text in a frame of its own.
    second.wait_for("the restored payload", |m| m.value_of("policyPayload") == "{\"kept\": true}").await;
    save(&second).await;
    second
        .wait_for("the kept draft to be forgotten", |_| {
            web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(&draft_key()).unwrap().is_none()
        })
        .await;
}

#[wasm_bindgen_test]
async fn a_throttled_patch_is_retried_with_backoff_and_saved_once() {
    let fake = FakeGraph::new();
    fake.patch_script.borrow_mut().extend([status(429), status(503)]);
    let mount = open_editor(&fake).await;
    mount.type_into("description", "After throttling");
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.wait_for("the save", |m| m.text_of("[role=status]").starts_with("Saved")).await;
    let bodies = fake.patch_bodies();
    assert_eq!(bodies.len(), 3, "429, 503, then the success");
    assert!(bodies.iter().all(|b| b == &bodies[0]), "the same request each time");
}

#[wasm_bindgen_test]
async fn a_patch_that_may_have_been_applied_is_never_repeated() {
    for code in [500u16, 502, 504] {
        let fake = FakeGraph::new();
        fake.patch_script.borrow_mut().push_back(status(code));
        let mount = open_editor(&fake).await;
        mount.type_into("description", "Once only");
        save(&mount).await;
        assert_eq!(fake.patch_bodies().len(), 1, "{code} is not retried for a PATCH");
        assert!(mount.text_of("[role=alert]").contains(&code.to_string()));
        assert_eq!(mount.value_of("description"), "Once only");
    }
}

#[wasm_bindgen_test]
async fn throttling_that_does_not_end_gives_up_after_the_last_attempt() {
    let fake = FakeGraph::new();
    fake.patch_script.borrow_mut().extend([status(429), status(429), status(429), status(429), status(429)]);
    let mount = open_editor(&fake).await;
    mount.type_into("description", "Throttled");
    save(&mount).await;
    assert_eq!(fake.patch_bodies().len(), 4, "four attempts in all");
    assert!(mount.text_of("[role=alert]").contains("throttling"));
    assert_eq!(mount.value_of("description"), "Throttled");
}

#[wasm_bindgen_test]
async fn a_change_on_the_server_is_shown_and_never_silently_overwritten() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    // Someone else renames it and raises the priority while this admin edits.
    {
        let mut entity = fake.entity.borrow_mut();
        entity["displayName"] = json!("Renamed by Lee");
        entity["priority"] = json!(9);
        entity["lastModifiedDateTime"] = json!("2026-11-28T11:00:00Z");
    }
    mount.type_into("displayName", "Renamed by Megan");
    mount.type_into("description", "Megan's note");
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.see_text("Someone changed this configuration since you opened it").await;
    assert!(fake.patch_bodies().is_empty(), "nothing was sent");
    let panel = mount.text_of(".conflict");
    for part in ["displayName (both changed)", "Renamed by Lee", "Renamed by Megan", "priority", "9"] {
        assert!(panel.contains(part), "{part}: {panel}");
    }
    assert!(mount.is_disabled("[data-action=save]"), "the admin must choose first");
    mount.click("[data-action=keep-mine]");
    mount.wait_for("the merged form", |m| m.value_of("priority") == "9").await;
    assert_eq!(mount.value_of("displayName"), "Renamed by Megan");
    save(&mount).await;
    assert_eq!(
        fake.patch_bodies(),
        vec![json!({"@odata.type": TYPE, "description": "Megan's note", "displayName": "Renamed by Megan"}).to_string()],
        "only this admin's edits; Lee's priority stays"
    );
}

#[wasm_bindgen_test]
async fn restoring_a_kept_draft_never_reverts_what_someone_else_changed_since() {
    let fake = FakeGraph::new();
    let base = base_draft();
    // Yesterday Megan renamed it and left; today Lee changed the description and the priority.
    {
        let mut entity = fake.entity.borrow_mut();
        entity["description"] = json!("Changed by Lee");
        entity["priority"] = json!(9);
    }
    let mount = render_editor(&fake, || keep(&base, Draft { display_name: "Mine".into(), ..base.clone() })).await;
    mount.see_text("You have unsaved edits to this configuration").await;
    mount.click("[data-action=restore]");
    mount.wait_for("the restored edit", |m| m.value_of("displayName") == "Mine").await;
    assert_eq!(mount.value_of("description"), "Changed by Lee", "their change stays");
    assert_eq!(mount.value_of("priority"), "9");
    save(&mount).await;
    assert_eq!(
        fake.patch_bodies(),
        vec![json!({"@odata.type": TYPE, "displayName": "Mine"}).to_string()],
        "only the kept edit is sent"
    );
    assert!(fake.sent(Method::Post).is_empty(), "no assign: the assignments were not edited");
}

#[wasm_bindgen_test]
async fn a_field_both_sides_changed_goes_to_the_conflict_panel_on_restore() {
    let fake = FakeGraph::new();
    let base = base_draft();
    fake.entity.borrow_mut()["displayName"] = json!("Renamed by Lee");
    let mount =
        render_editor(&fake, || keep(&base, Draft { display_name: "Renamed by Megan".into(), ..base.clone() })).await;
    mount.see_text("You have unsaved edits").await;
    mount.click("[data-action=restore]");
    mount.see_text("Someone changed this configuration since you opened it").await;
    let panel = mount.text_of(".conflict");
    assert!(panel.contains("displayName (both changed)") && panel.contains("Renamed by Lee"), "{panel}");
    assert!(mount.is_disabled("[data-action=save]"), "the admin chooses first");
    mount.click("[data-action=take-theirs]");
    mount.wait_for("their value", |m| m.value_of("displayName") == "Renamed by Lee").await;
    assert!(mount.is_disabled("[data-action=save]"), "nothing of the kept draft is left to send");
    assert!(fake.patch_bodies().is_empty());
}

#[wasm_bindgen_test]
async fn every_patch_carries_if_match_and_a_412_shows_the_conflict_losing_nothing() {
    let fake = FakeGraph::new();
    fake.entity.borrow_mut()["@odata.etag"] = json!("W/\"1\"");
    let mount = open_editor(&fake).await;
    mount.type_into("description", "First");
    save(&mount).await;
    assert_eq!(fake.sent(Method::Patch)[0].header("If-Match"), Some("W/\"1\""));

    // Lee saves between this admin's check and PATCH: Graph answers 412.
    let mut theirs = fake.entity.borrow().clone();
    theirs["displayName"] = json!("Renamed by Lee");
    theirs["@odata.etag"] = json!("W/\"3\"");
    *fake.entity_after_script.borrow_mut() = Some(theirs);
    fake.patch_script.borrow_mut().push_back(RawResponse {
        status: 412,
        body: json!({"error": {"code": "PreconditionFailed", "message": "ETag mismatch"}}).to_string(),
        ..Default::default()
    });
    mount.type_into("displayName", "Renamed by Megan");
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.see_text("Someone changed this configuration since you opened it").await;
    assert!(mount.text_of(".conflict").contains("Renamed by Lee"));
    assert_eq!(mount.value_of("displayName"), "Renamed by Megan", "nothing lost");
    assert_eq!(fake.sent(Method::Patch).len(), 2, "the refused PATCH is not repeated");
    mount.click("[data-action=keep-mine]");
    save(&mount).await;
    let patches = fake.sent(Method::Patch);
    assert_eq!(patches.len(), 3);
    assert_eq!(patches[2].header("If-Match"), Some("W/\"3\""), "the next PATCH matches their version");
}

#[wasm_bindgen_test]
async fn a_save_whose_assign_failed_says_what_was_saved_and_keeps_only_the_rest() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    mount.type_into("displayName", "Renamed");
    mount.click("[data-action=add-assignment]");
    mount.wait_for("the new row", |m| m.find("[name=\"assignments.1.target.groupId\"]").is_some()).await;
    mount.type_into("assignments.1.target.groupId", GROUP_B);
    fake.post_script.borrow_mut().push_back(RawResponse {
        status: 403,
        body: json!({"error": {"code": "Forbidden", "message": "No assign for you"}}).to_string(),
        ..Default::default()
    });
    save(&mount).await;
    let status = mount.text_of("[role=status]");
    assert!(status.contains("Saved: displayName") && status.contains("Not saved: assignments"), "{status}");
    assert!(mount.text_of("[role=alert]").contains("The group assignments were not saved"));
    assert_eq!(mount.value_of("assignments.1.target.groupId"), GROUP_B, "the unsaved part stays in the form");
    // Saving again sends only what was not saved.
    mount.click("[data-action=save]");
    mount.wait_for("the second save", |m| m.text_of("[role=status]").starts_with("Saved: assignments")).await;
    assert_eq!(fake.sent(Method::Patch).len(), 1, "the name is not sent again");
    assert_eq!(fake.sent(Method::Post).len(), 2);
    assert!(mount.text_of("[role=status]").starts_with("Saved: assignments"));
}

#[wasm_bindgen_test]
async fn storage_that_refuses_writes_is_reported_once_and_never_claimed() {
    let fake = FakeGraph::new();
    let mount = open_editor(&fake).await;
    let refuse = js_sys::Function::new_no_args(
        "window.__setItem = Storage.prototype.setItem; \
         window.__refused = 0; \
         Storage.prototype.setItem = function (key) { \
           if (key.includes('.draft/')) window.__refused += 1; \
           throw new DOMException('full', 'QuotaExceededError'); };",
    );
    let restore = js_sys::Function::new_no_args("Storage.prototype.setItem = window.__setItem;");
    refuse.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    mount.type_into("description", "Not kept");
    mount.see_text("Edits are not being kept in this browser").await;
    mount.type_into("description", "Still not kept");
    // Both writes were tried (and refused) before storage works again.
    let refused = || js_sys::Reflect::get(&web_sys::window().unwrap(), &"__refused".into()).unwrap().as_f64();
    mount.wait_for("the second write to be refused", |_| refused() >= Some(2.0)).await;
    restore.call0(&wasm_bindgen::JsValue::NULL).unwrap();
    assert_eq!(mount.0.query_selector_all("[data-notice=not-kept]").unwrap().length(), 1, "said once");
    assert!(stored(&draft_key()).is_none());
    assert!(!mount.text().contains("They were kept in this browser"));
}

#[wasm_bindgen_test]
async fn save_shows_the_review_and_confirm_sends_exactly_what_it_showed() {
    let fake = FakeGraph::new();
    let mount = render_editor(&fake, || {}).await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    storage.remove_item("office-policy-editor.save-without-review").unwrap();
    mount.set_checked("review-before-save", true);
    mount.type_into("displayName", "It's \"reviewed\" $now");
    mount.type_payload("policyPayload", "{\"word\":{\"blockMacros\":false}}").await;
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.wait_for("the review", |m| m.find("[role=dialog] [data-preview=request]").is_some()).await;
    let text = mount.text_of("[role=dialog]");
    assert!(text.contains(r#""Security baseline" → "It's \"reviewed\" $now""#), "{text}");
    assert!(text.contains(r#"/word/blockMacros: true → false"#), "{text}");
    assert!(mount.text_of("[data-preview=request] .headers").contains("Authorization: Bearer <redacted>"));
    assert!(mount
        .text_of("[data-snippet=curl]")
        .starts_with("curl -X PATCH 'https://graph.test/beta/officeConfiguration/clientConfigurations/"));
    assert!(mount.text_of("[data-snippet=powershell]").contains("Invoke-MgGraphRequest -Method PATCH"));
    assert!(fake.sent(Method::Patch).is_empty(), "nothing sent while reviewing");
    let shown = mount.text_of("[data-preview=request] pre.body");
    mount.click("[role=dialog] [data-action=confirm]");
    mount.wait_for("the save", |m| m.text_of("[role=status]").starts_with("Saved")).await;
    assert_eq!(fake.patch_bodies(), [shown], "the body sent is the one shown, byte for byte");
    // Cancel sends nothing and keeps the edits.
    mount.type_into("description", "second thoughts");
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount.wait_for("the review", |m| m.find("[role=dialog]").is_some()).await;
    mount.click("[role=dialog] [data-action=cancel]");
    mount.wait_for("the review to close", |m| m.find("[role=dialog]").is_none()).await;
    assert_eq!(fake.sent(Method::Patch).len(), 1);
    assert_eq!(mount.value_of("description"), "second thoughts");
}

#[wasm_bindgen_test]
async fn without_the_code_editor_module_the_payload_is_edited_as_plain_text_and_saved() {
    let fake = FakeGraph::new();
    let mount = render_editor_without_its_module(&fake).await;
    mount.see_text("The code editor could not be loaded").await;
    assert_eq!(mount.value_of("policyPayload"), "{\"word\":{\"blockMacros\":true}}", "shown, never empty");
    mount.type_into("policyPayload", "{\"word\": {\"blockMacros\": false}}");
    save(&mount).await;
    let expected = format!(
        r#"{{"@odata.type":"{TYPE}","policyPayload":"{}"}}"#,
        stream::encode("{\"word\": {\"blockMacros\": false}}")
    );
    assert_eq!(fake.patch_bodies(), vec![expected]);
}
