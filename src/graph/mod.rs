//! The Graph client: request building and response classification come from `core`; a
//! [`GraphTransport`] only moves bytes, so tests swap in a fake and production uses fetch.

mod fetch;

pub use fetch::FetchTransport;

use crate::auth::{AuthError, TokenSource};
use crate::core::editor::{SaveResult, SaveStep};
use crate::core::model::{self, Assignment, Configuration};
use crate::core::patch::SavePlan;
use crate::core::request::{self, GraphRequest, Method};
use crate::core::response::{self, GraphError, RawResponse, Saved};
use crate::core::retry::{self, RetryPolicy};
use async_trait::async_trait;
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

/// Moves one request to Graph and its response back; classifies nothing.
#[async_trait(?Send)]
pub trait GraphTransport {
    async fn send(&self, request: GraphRequest) -> Result<RawResponse, GraphError>;
}

/// A fresh GUID for `client-request-id`, from the browser's CSPRNG.
pub fn new_client_request_id() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("00000000-0000-4000-8000-{:012x}", (js_sys::Math::random() * 1e12) as u64))
}

fn auth_failed(error: AuthError) -> GraphError {
    match error {
        AuthError::NotSignedIn => GraphError::NotSignedIn,
        other => GraphError::Auth { message: other.to_string() },
    }
}

/// A retry that is waiting, for the countdown the admin sees.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Waiting {
    /// What went wrong, e.g. "Graph is throttling requests (429)".
    pub reason: String,
    pub seconds_left: u32,
    /// The attempt that will be made next, and how many there may be in all.
    pub next_attempt: u32,
    pub max_attempts: u32,
}

/// Reports retry waits (`None` when a wait ends).
pub type ActivityListener = Rc<dyn Fn(Option<Waiting>)>;

/// Reads and saves Office client configurations.
pub struct GraphClient {
    base_url: String,
    tokens: Rc<dyn TokenSource>,
    transport: Rc<dyn GraphTransport>,
    retry: RetryPolicy,
    activity: RefCell<Vec<ActivityListener>>,
    cancelled: Cell<bool>,
}

fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// The client as shared through context.
#[derive(Clone)]
pub struct GraphHandle(pub Rc<GraphClient>);

impl PartialEq for GraphHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl GraphClient {
    pub fn new(base_url: String, tokens: Rc<dyn TokenSource>, transport: Rc<dyn GraphTransport>) -> GraphClient {
        GraphClient {
            base_url,
            tokens,
            transport,
            retry: RetryPolicy::default(),
            activity: RefCell::new(Vec::new()),
            cancelled: Cell::new(false),
        }
    }

    /// Uses these retry bounds.
    pub fn with_retry(mut self, policy: RetryPolicy) -> GraphClient {
        self.retry = policy;
        self
    }

    /// Tells `listener` about every retry wait (for a countdown), beside earlier listeners.
    pub fn on_activity(&self, listener: ActivityListener) {
        self.activity.borrow_mut().push(listener);
    }

    /// Stops the retry that is waiting; its request fails with `GraphError::Cancelled`.
    pub fn cancel_retry(&self) {
        self.cancelled.set(true);
    }

    fn report(&self, waiting: Option<Waiting>) {
        let listeners = self.activity.borrow().clone();
        for listener in listeners {
            listener(waiting.clone());
        }
    }

    /// Sends, retrying what `core::retry` allows, with a visible countdown that can be cancelled.
    async fn send(&self, method: Method, url: String, body: Option<String>) -> Result<RawResponse, GraphError> {
        self.send_matching(method, url, body, None).await
    }

    /// Like `send`, with `If-Match` when an ETag is given.
    async fn send_matching(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
        if_match: Option<&str>,
    ) -> Result<RawResponse, GraphError> {
        let started = now_ms();
        let mut attempt = 1;
        // A Cancel belongs to the request it was clicked for: it is cleared when a request starts,
        // not when each wait starts, so a Cancel between two attempts is not lost.
        self.cancelled.set(false);
        loop {
            let result = self.send_authorized(method, url.clone(), body.clone(), if_match).await;
            let Some(failure) = retry::failure_of(&result) else { return result };
            let retry_after =
                result.as_ref().ok().and_then(|r| r.retry_after.as_deref()).and_then(retry::parse_retry_after);
            let elapsed = Duration::from_millis((now_ms() - started).max(0.0) as u64);
            let jitter = js_sys::Math::random();
            let Some(delay) = retry::next_delay(&self.retry, method, failure, attempt, elapsed, retry_after, jitter)
            else {
                return result;
            };
            attempt += 1;
            self.wait(delay, failure.describe(), attempt).await?;
        }
    }

    /// Waits out a retry delay, counting down each second; `Cancelled` if the admin cancels.
    async fn wait(&self, delay: Duration, reason: String, next_attempt: u32) -> Result<(), GraphError> {
        let deadline = now_ms() + delay.as_millis() as f64;
        loop {
            let left = deadline - now_ms();
            if self.cancelled.replace(false) {
                self.report(None);
                return Err(GraphError::Cancelled);
            }
            if left <= 0.0 {
                self.report(None);
                return Ok(());
            }
            self.report(Some(Waiting {
                reason: reason.clone(),
                seconds_left: (left / 1000.0).ceil() as u32,
                next_attempt,
                max_attempts: self.retry.max_attempts,
            }));
            gloo_timers::future::TimeoutFuture::new(left.min(250.0) as u32).await;
        }
    }

    /// Sends with a token; on a 401, once: a fresh token (passing a claims challenge on), and
    /// the same request again.
    async fn send_authorized(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
        if_match: Option<&str>,
    ) -> Result<RawResponse, GraphError> {
        let build = |token: &str| {
            let request = request::build(method, url.clone(), token, &new_client_request_id(), body.clone());
            match if_match {
                Some(etag) => request.with_header("If-Match", etag.to_string()),
                None => request,
            }
        };
        let token = self.tokens.token().await.map_err(auth_failed)?;
        let response = self.transport.send(build(&token)).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let fresh = self.tokens.refresh(response::claims_challenge(&response)).await.map_err(auth_failed)?;
        if fresh == token {
            return Ok(response);
        }
        self.transport.send(build(&fresh)).await
    }

    /// The id, when it is a GUID: anything else is refused before any request.
    fn checked<'a>(&self, id: &'a str) -> Result<&'a str, GraphError> {
        if model::is_configuration_id(id) {
            Ok(id)
        } else {
            Err(GraphError::InvalidId { id: id.to_string() })
        }
    }

    /// Every configuration, following `@odata.nextLink` — only under the Graph base URL, never
    /// the same link twice, at most `request::MAX_PAGES` pages.
    pub async fn list(&self) -> Result<Vec<Configuration>, GraphError> {
        let mut all = Vec::new();
        let mut seen = Vec::new();
        let mut next = Some(request::collection_url(&self.base_url));
        let mut pages = 0;
        while let Some(url) = next.take() {
            let page = response::page(&self.send(Method::Get, url, None).await?)?;
            pages += 1;
            all.extend(page.value);
            if let Some(link) = page.next_link {
                next = Some(
                    request::check_next_link(&self.base_url, &link, &mut seen, pages)
                        .map_err(|reason| GraphError::BadPaging { reason })?,
                );
            }
        }
        Ok(all)
    }

    /// One configuration, with its assignments and both payloads.
    pub async fn get(&self, id: &str) -> Result<Configuration, GraphError> {
        let url = format!("{}?$expand=assignments", request::entity_url(&self.base_url, self.checked(id)?));
        let entity = response::entity(&self.send(Method::Get, url, None).await?)?;
        self.read_missing_streams(id, entity).await
    }

    /// Reads each payload the entity left out from its own stream URL.
    async fn read_missing_streams(&self, id: &str, mut entity: Configuration) -> Result<Configuration, GraphError> {
        for stream in entity.missing_streams() {
            let raw =
                self.send(Method::Get, request::stream_url(&self.base_url, self.checked(id)?, stream), None).await?;
            // A stream that was never written has no content: 404 means "no payload".
            let text = if raw.status == 404 { "" } else { response::check(&raw)? };
            entity.set_stream(stream, text);
        }
        Ok(entity)
    }

    /// The documented PATCH, with `If-Match` when the entity had an ETag (a `412` means the
    /// configuration changed since: nothing was written).
    pub async fn patch(&self, id: &str, body: String, if_match: Option<&str>) -> Result<Saved, GraphError> {
        response::patch(
            &self
                .send_matching(
                    Method::Patch,
                    request::entity_url(&self.base_url, self.checked(id)?),
                    Some(body),
                    if_match,
                )
                .await?,
        )
    }

    /// The `assign` action: replaces all targets.
    pub async fn assign(&self, id: &str, body: String) -> Result<Option<Vec<Assignment>>, GraphError> {
        response::assign(
            &self.send(Method::Post, request::assign_url(&self.base_url, self.checked(id)?), Some(body)).await?,
        )
    }

    /// One Save: the PATCH and/or the assign of a plan, then the entity as Graph now holds it.
    /// `Err` means nothing was saved; a step failing after something was saved is reported in
    /// `SaveResult::failure`, with what did get through.
    pub async fn save(&self, id: &str, plan: SavePlan) -> Result<SaveResult, GraphError> {
        let mut result = SaveResult::default();
        if let Some(body) = plan.patch {
            let properties = plan.properties.clone();
            let text = serde_json::Value::Object(body).to_string();
            if let Saved::Entity(e) = self.patch(id, text, plan.if_match.as_deref()).await? {
                result.entity = Some(*e);
            }
            result.patched = properties;
        }
        if let Some(body) = plan.assign {
            match self.assign(id, body.to_string()).await {
                Ok(assignments) => {
                    result.assignments = assignments;
                    result.assigned = true;
                }
                Err(error) if result.patched.is_empty() => return Err(error),
                Err(error) => {
                    result.failure = Some((SaveStep::Assign, error));
                    return Ok(result);
                }
            }
        }
        let read_back = match result.entity.take() {
            Some(e) => self.read_missing_streams(id, e).await,
            // 204 (or only an assign): read back what Graph now holds.
            None => self.get(id).await,
        };
        match read_back {
            Ok(entity) => result.entity = Some(entity),
            Err(error) => result.failure = Some((SaveStep::ReadBack, error)),
        }
        Ok(result)
    }
}
