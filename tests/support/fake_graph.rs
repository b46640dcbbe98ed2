//! The editor over a fake Graph, shared by the browser test suites: a scriptable transport
//! (`FakeGraph`), the configuration it serves, and a harness that mounts the editor page with
//! the contexts the app provides (Graph, kept drafts).

use super::Mount;
use async_trait::async_trait;
use office_policy_editor::app::{hold_catalog, DirectoryHandle, EditorModule, EditorPage, KeptDrafts, LocalDrafts};
use office_policy_editor::auth::FixedToken;
use office_policy_editor::core::rules::draft::Draft;
use office_policy_editor::core::rules::kept_drafts::{DraftOwner, SavedDraft};
use office_policy_editor::core::wire::model::Configuration;
use office_policy_editor::core::wire::request::{GraphRequest, Method};
use office_policy_editor::core::wire::response::{GraphError, RawResponse};
use office_policy_editor::core::wire::stream;
use office_policy_editor::graph::{GraphClient, GraphHandle, GraphTransport};
use serde_json::{json, Value};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use yew::prelude::*;
use yew_router::history::{AnyHistory, MemoryHistory};
use yew_router::Router;

pub const ID: &str = "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9";
pub const GROUP_A: &str = "5a6e1b38-2f7c-4c1e-9d0a-3b8f0e6c2d41";
pub const GROUP_B: &str = "0c2b9f7e-8d4a-4f1b-a6c3-91e2d5b7f808";
pub const TYPE: &str = "#microsoft.graph.windowsOfficeClientSecurityConfiguration";

pub fn entity() -> Value {
    json!({
        "@odata.type": TYPE,
        "id": ID,
        "displayName": "Security baseline",
        "description": "All users",
        "priority": 3,
        "policyPayload": stream::encode("{\"word\":{\"blockMacros\":true}}"),
        "userPreferencePayload": stream::encode("{\"theme\":\"dark\"}"),
        "lastModifiedDateTime": "2026-11-20T08:15:30Z",
        "assignments": [{"id": "as1", "target": {"@odata.type": "#microsoft.graph.officeConfigurationGroupAssignmentTarget", "groupId": GROUP_A}}],
        "userCheckinSummary": {"@odata.type": "microsoft.graph.officeUserCheckinSummary", "succeededUserCount": 10, "failedUserCount": 1},
        "checkinStatuses": [{"@odata.type": "microsoft.graph.officeClientCheckinStatus", "userPrincipalName": "megan@contoso.com",
            "deviceName": "PC-1", "devicePlatform": "Windows", "devicePlatformVersion": "10.0.22631", "wasSuccessful": true,
            "userId": "7c1e6a7b-3f0d-4e2a-9b8c-1d2e3f4a5b6c", "checkinDateTime": "2026-11-27T16:02:11Z", "errorMessage": "",
            "appliedPolicies": ["Security baseline"]}]
    })
}

/// A scriptable Graph: answers GET with the entity, records every request, and answers PATCH
/// with the next scripted response (default: 200 with the entity after the change).
#[derive(Default)]
pub struct FakeGraph {
    pub entity: RefCell<Value>,
    pub requests: RefCell<Vec<GraphRequest>>,
    pub patch_script: RefCell<VecDeque<RawResponse>>,
    /// Answers to the next `assign` POSTs, before the default.
    pub post_script: RefCell<VecDeque<RawResponse>>,
    /// What the server holds after the next scripted PATCH answer (someone else's write).
    pub entity_after_script: RefCell<Option<Value>>,
}

impl FakeGraph {
    pub fn new() -> Rc<FakeGraph> {
        Rc::new(FakeGraph { entity: RefCell::new(entity()), ..Default::default() })
    }

    pub fn sent(&self, method: Method) -> Vec<GraphRequest> {
        self.requests.borrow().iter().filter(|r| r.method == method).cloned().collect()
    }

    pub fn patch_bodies(&self) -> Vec<String> {
        self.sent(Method::Patch).into_iter().map(|r| r.body.unwrap_or_default()).collect()
    }
}

/// The owner and tab the harness keeps drafts for.
pub fn owner() -> DraftOwner {
    DraftOwner { cloud: "global".into(), tenant: "tenant-1".into(), account: "megan".into() }
}

pub const TAB: &str = "tab-1";

pub fn draft_key() -> String {
    owner().key(ID, TAB)
}

pub fn stored(key: &str) -> Option<String> {
    web_sys::window().unwrap().local_storage().unwrap().unwrap().get_item(key).unwrap()
}

pub fn ok(body: Value) -> RawResponse {
    RawResponse { status: 200, body: body.to_string(), request_id: Some("req-1".into()), ..Default::default() }
}

#[async_trait(?Send)]
impl GraphTransport for FakeGraph {
    async fn send(&self, request: GraphRequest) -> Result<RawResponse, GraphError> {
        // Group names for the assignments: this directory knows none (the emulator's does; the
        // e2e tests read names). Not journalled: the stories count configuration requests.
        if request.url.ends_with("/$batch") {
            let body: Value = serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap();
            let answers: Vec<Value> = body["requests"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| json!({"id": r["id"], "status": 404, "body": {"error": {"code": "Request_ResourceNotFound"}}}))
                .collect();
            return Ok(ok(json!({ "responses": answers })));
        }
        self.requests.borrow_mut().push(request.clone());
        match request.method {
            Method::Get => Ok(ok(self.entity.borrow().clone())),
            Method::Patch => {
                if let Some(scripted) = self.patch_script.borrow_mut().pop_front() {
                    if let Some(theirs) = self.entity_after_script.borrow_mut().take() {
                        *self.entity.borrow_mut() = theirs;
                    }
                    return Ok(scripted);
                }
                let changes: Value = serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap();
                let mut entity = self.entity.borrow_mut();
                for (k, v) in changes.as_object().unwrap() {
                    entity[k] = v.clone();
                }
                entity["lastModifiedDateTime"] = json!("2026-11-28T10:00:00Z");
                Ok(ok(entity.clone()))
            }
            Method::Post => {
                if let Some(scripted) = self.post_script.borrow_mut().pop_front() {
                    return Ok(scripted);
                }
                let body: Value = serde_json::from_str(request.body.as_deref().unwrap_or("{}")).unwrap();
                let assigned = body["officeConfigurationAssignments"].clone();
                self.entity.borrow_mut()["assignments"] = assigned.clone();
                Ok(ok(json!({ "value": assigned })))
            }
            // The editor's stories never delete or write a stream.
            Method::Put | Method::Delete => Ok(RawResponse { status: 204, ..Default::default() }),
        }
    }
}

thread_local! {
    /// The policy catalog (as the worker writes it) the next harness provides, if any.
    static CATALOG: RefCell<Option<Vec<String>>> = const { RefCell::new(None) };
}

/// Provides this catalog (its JSON pieces) to the next editor mounted (call it in
/// `render_editor`'s prepare).
pub fn with_catalog(json: Vec<String>) {
    CATALOG.with(|c| *c.borrow_mut() = Some(json));
}

#[derive(Properties, PartialEq)]
pub struct HarnessProps {
    pub graph: GraphHandle,
    pub kept: KeptDrafts,
    pub module: EditorModule,
}

#[function_component]
pub fn Harness(props: &HarnessProps) -> Html {
    let history = use_memo((), |_| AnyHistory::from(MemoryHistory::new()));
    let directory = use_memo((), |_| DirectoryHandle::new(props.graph.api.clone(), Callback::noop()));
    use_memo((), |_| hold_catalog(CATALOG.with(|c| c.borrow_mut().take())));
    html! {
        <Router history={(*history).clone()}>
            <ContextProvider<GraphHandle> context={props.graph.clone()}>
            <ContextProvider<KeptDrafts> context={props.kept.clone()}>
            <ContextProvider<EditorModule> context={props.module.clone()}>
            <ContextProvider<DirectoryHandle> context={(*directory).clone()}>
                <EditorPage id={ID} />
            </ContextProvider<DirectoryHandle>>
            </ContextProvider<EditorModule>>
            </ContextProvider<KeptDrafts>>
            </ContextProvider<GraphHandle>>
        </Router>
    }
}

/// Retries as in production, but milliseconds apart.
pub fn fast_retries() -> office_policy_editor::core::rules::retry::RetryPolicy {
    office_policy_editor::core::rules::retry::RetryPolicy {
        base_delay: std::time::Duration::from_millis(20),
        ..Default::default()
    }
}

/// Mounts the editor over a fake Graph and waits for the configuration to load.
pub async fn open_editor(fake: &Rc<FakeGraph>) -> Mount {
    render_editor(fake, || {}).await
}

/// A fresh mount (storage cleared), `prepare`, then the editor over the fake Graph, loaded.
pub async fn render_editor(fake: &Rc<FakeGraph>, prepare: impl FnOnce()) -> Mount {
    let mount = render_with(fake, prepare, super::editor_module()).await;
    mount.wait_for("the payload editors", |m| m.find(".cm-content[name=userPreferencePayload]").is_some()).await;
    mount
}

/// The editor over the fake Graph when the code editor's module cannot be loaded.
pub async fn render_editor_without_its_module(fake: &Rc<FakeGraph>) -> Mount {
    render_with(fake, || {}, EditorModule("/target/js/not-deployed.js".into())).await
}

/// Lets an app dropped just before end (Yew destroys it in a later microtask) and its last
/// timers run, so that what it writes as it goes lands before the next story reads storage.
async fn after_earlier_apps() {
    gloo_timers::future::TimeoutFuture::new(0).await;
}

async fn render_with(fake: &Rc<FakeGraph>, prepare: impl FnOnce(), module: EditorModule) -> Mount {
    after_earlier_apps().await;
    let mut mount = Mount::new();
    // These stories test what a save sends; the review before it has a story of its own.
    web_sys::window()
        .unwrap()
        .local_storage()
        .unwrap()
        .unwrap()
        .set_item("office-policy-editor.save-without-review", "true")
        .unwrap();
    prepare();
    let client =
        GraphClient::new("https://graph.test/beta".into(), Rc::new(FixedToken::new("fake-token".into())), fake.clone());
    let graph = GraphHandle { api: Rc::new(client), retry: fast_retries(), base_url: "https://graph.test/beta".into() };
    let kept = KeptDrafts { owner: Some(owner()), tab: TAB.into(), store: Rc::new(LocalDrafts) };
    mount.owns_app(
        yew::Renderer::<Harness>::with_root_and_props(mount.0.clone(), HarnessProps { graph, kept, module }).render(),
    );
    mount.wait_for("the form", |m| m.find("[name=displayName]").is_some()).await;
    mount
}

pub async fn save(mount: &Mount) {
    mount.wait_for("Save to be enabled", |m| !m.is_disabled("[data-action=save]")).await;
    mount.click("[data-action=save]");
    mount
        .wait_for("the save to finish", |m| {
            let status = m.text_of("[role=status]");
            status.starts_with("Saved") || m.find("[role=alert]").is_some()
        })
        .await;
}

/// Like `open_editor`, but keeps what earlier mounts left in storage (a reload).
pub async fn mount_keeping_storage(fake: &Rc<FakeGraph>) -> Mount {
    after_earlier_apps().await;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let key = draft_key();
    let kept = storage.get_item(&key).unwrap();
    render_editor(fake, || {
        if let Some(k) = &kept {
            storage.set_item(&key, k).unwrap();
        }
    })
    .await
}

pub fn status(code: u16) -> RawResponse {
    RawResponse {
        status: code,
        body: json!({"error": {"code": "Scripted", "message": "scripted"}}).to_string(),
        ..Default::default()
    }
}

/// Keeps edits as an earlier session would have: `draft` made on `base`.
pub fn keep(base: &Draft, draft: Draft) {
    let saved =
        SavedDraft { saved_at: "2026-11-27T09:00:00.000Z".into(), base_last_modified: None, base: base.clone(), draft };
    web_sys::window().unwrap().local_storage().unwrap().unwrap().set_item(&draft_key(), &saved.to_json()).unwrap();
}

pub fn base_draft() -> Draft {
    Draft::from_entity(&Configuration::from_value(entity()).unwrap()).0
}
