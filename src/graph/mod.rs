//! The Graph port: [`GraphApi`] is what the pages need; [`GraphClient`] implements it over a
//! [`GraphTransport`], which only moves bytes (fetch in production, fakes in tests). Request
//! building, response classification and retry decisions come from `core`; the client makes
//! one attempt per call (a 401 gets one fresh token) and keeps no state between calls but one:
//! the list query its Graph takes (`core::wire::request::ListQuery`).

mod fetch;

pub use fetch::FetchTransport;

/// How many check-in rows a configuration's read parses between two turns of the event loop
/// (about 10 ms of work in the release build).
const ROWS_PER_TASK: usize = 2_000;

use crate::auth::{AuthError, TokenSource};
use crate::core::rules::patch::SavePlan;
use crate::core::rules::patch::{SaveResult, SaveStep};
use crate::core::rules::retry::RetryPolicy;
use crate::core::wire::body::{Body, Groups, New, Priorities};
use crate::core::wire::directory::{self, DirectoryObject, Lookup};
use crate::core::wire::model::{self, Assignment, Configuration, OfficeConfiguration};
use crate::core::wire::request::ListQuery;
use crate::core::wire::request::{self, GraphRequest, Media, Method};
use crate::core::wire::response::{self, Created, GraphError, RawResponse, Saved};
use async_trait::async_trait;
use std::cell::Cell;
use std::rc::Rc;

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

/// What the editor needs of Graph: one attempt per call, no state between calls. Retries,
/// their countdown and their cancel are the session's (`core::pages::session`, by `core::rules::retry`).
#[async_trait(?Send)]
pub trait GraphApi {
    /// One configuration, with its assignments and both payloads.
    async fn get(&self, id: &str) -> Result<Configuration, GraphError>;
    /// One Save; `Err` only when nothing was saved.
    async fn save(&self, id: &str, plan: SavePlan) -> Result<SaveResult, GraphError>;
    /// The list's rows: `core::wire::request::ListQuery`'s columns only, all pages; an option this
    /// Graph refuses is dropped (once, and from then on for this client).
    async fn list_rows(&self) -> Result<Vec<Configuration>, GraphError>;
    /// Creates a configuration from `body`; the entity Graph made.
    async fn create(&self, body: Body<New>) -> Result<Configuration, GraphError>;
    /// Replaces a configuration's group targets (`assign`).
    async fn assign(&self, id: &str, body: Body<Groups>) -> Result<(), GraphError>;
    /// Creates a configuration, then — when `assign` is given — its groups: the one
    /// create-then-assign of the app (a new or copied configuration, an import's create).
    async fn create_assigned(&self, body: Body<New>, assign: Option<Body<Groups>>) -> Result<Created, GraphError> {
        let configuration = self.create(body).await?;
        let assigned = match (assign, configuration.id.as_deref()) {
            (Some(assign), Some(id)) => Some(self.assign(id, assign).await),
            _ => None,
        };
        Ok(Created { configuration, assigned })
    }
    /// Deletes a configuration (a `404` is the caller's to judge: `core::pages::workspace` counts it
    /// as gone).
    async fn delete(&self, id: &str) -> Result<(), GraphError>;
    /// One `updatePriorities` call with URL segment `segment`.
    async fn update_priorities(&self, segment: &str, body: Body<Priorities>) -> Result<(), GraphError>;
    /// Group names by id, `$batch`ed; a `403` (no consent) is an `Err` with that status.
    async fn group_names(&self, ids: &[String]) -> Result<Vec<(String, Lookup)>, GraphError>;
    /// Groups whose name matches.
    async fn search_groups(&self, text: &str) -> Result<Vec<DirectoryObject>, GraphError>;
    /// Users whose name or sign-in name matches.
    async fn search_users(&self, text: &str) -> Result<Vec<DirectoryObject>, GraphError>;
    /// Every group a user is in, directly or nested.
    async fn user_groups(&self, user: &str) -> Result<Vec<DirectoryObject>, GraphError>;
    /// The tenant's `officeConfiguration` with only `property` (its check-in summary, or its
    /// check-in rows).
    async fn office_configuration(&self, property: &'static str) -> Result<OfficeConfiguration, GraphError>;
}

/// Reads and saves Office client configurations.
/// Holds only what every call needs: where Graph is, a token source and a transport.
pub struct GraphClient {
    base_url: String,
    tokens: Rc<dyn TokenSource>,
    transport: Rc<dyn GraphTransport>,
    /// The list query this Graph takes: an option it refused once is not sent again.
    list_query: Cell<ListQuery>,
}

/// How much of a paged collection a read takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Pages {
    /// The first page: a search shows its `$top` best.
    First,
    /// Every page (`@odata.nextLink`).
    All,
}

/// Graph as shared through context, with the retry bounds of this deployment.
#[derive(Clone)]
pub struct GraphHandle {
    pub api: Rc<dyn GraphApi>,
    pub retry: RetryPolicy,
    /// Where Graph is, for the review's request preview.
    pub base_url: String,
}

impl PartialEq for GraphHandle {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.api, &other.api) && self.retry == other.retry && self.base_url == other.base_url
    }
}

impl GraphClient {
    pub fn new(base_url: String, tokens: Rc<dyn TokenSource>, transport: Rc<dyn GraphTransport>) -> GraphClient {
        GraphClient { base_url, tokens, transport, list_query: Cell::default() }
    }

    /// Sends one JSON request (no retry).
    async fn send(&self, method: Method, url: String, body: Option<String>) -> Result<RawResponse, GraphError> {
        self.send_authorized(method, url, body, None, Media::Json).await
    }

    /// Reads or writes a stream's raw bytes at its own URL (no retry).
    async fn send_bytes(&self, method: Method, url: String, body: Option<String>) -> Result<RawResponse, GraphError> {
        self.send_authorized(method, url, body, None, Media::Bytes).await
    }

    /// A directory read (`$search` and advanced queries need `ConsistencyLevel: eventual`): one
    /// page for a search (its `$top` is what the admin is shown), every page for `Pages::All`.
    async fn directory(&self, url: String, pages: Pages) -> Result<Vec<DirectoryObject>, GraphError> {
        self.paged(url, pages, Some(directory::CONSISTENCY), |raw| {
            let body = response::check(raw)?;
            directory::objects(body).map_err(|_| GraphError::Unreadable {
                status: raw.status,
                excerpt: response::excerpt(body),
                request_id: raw.request_id.clone(),
                client_request_id: raw.client_request_id.clone(),
            })
        })
        .await
    }

    /// Reads pages from `first`, following `@odata.nextLink` (for `Pages::All`) only under the
    /// Graph base URL, never the same link twice, at most `request::MAX_PAGES` pages.
    async fn paged<T>(
        &self,
        first: String,
        pages: Pages,
        header: Option<(&'static str, &str)>,
        read: impl Fn(&RawResponse) -> Result<(Vec<T>, Option<String>), GraphError>,
    ) -> Result<Vec<T>, GraphError> {
        let mut all = Vec::new();
        let mut seen = Vec::new();
        let mut next = Some(first);
        let mut read_so_far = 0;
        while let Some(url) = next.take() {
            let (items, link) = read(&self.send_authorized(Method::Get, url, None, header, Media::Json).await?)?;
            read_so_far += 1;
            all.extend(items);
            if let (Some(link), Pages::All) = (link, pages) {
                next = Some(
                    request::check_next_link(&self.base_url, &link, &mut seen, read_so_far)
                        .map_err(|reason| GraphError::BadPaging { reason })?,
                );
            }
        }
        Ok(all)
    }

    /// Sends with a token; on a 401, once: a fresh token (passing a claims challenge on), and
    /// the same request again.
    async fn send_authorized(
        &self,
        method: Method,
        url: String,
        body: Option<String>,
        header: Option<(&'static str, &str)>,
        media: Media,
    ) -> Result<RawResponse, GraphError> {
        let build = |token: &str| {
            let request = request::build(method, url.clone(), token, &new_client_request_id(), body.clone(), media);
            match header {
                Some((name, value)) => request.with_header(name, value.to_string()),
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
        self.list_from(request::collection_url(&self.base_url)).await
    }

    /// Every page from `first`.
    async fn list_from(&self, first: String) -> Result<Vec<Configuration>, GraphError> {
        self.paged(first, Pages::All, None, |raw| response::page(raw).map(|page| (page.value, page.next_link))).await
    }

    /// One configuration, with its assignments and both payloads.
    pub async fn get(&self, id: &str) -> Result<Configuration, GraphError> {
        let url = format!("{}?$expand=assignments", request::entity_url(&self.base_url, self.checked(id)?));
        let raw = self.send(Method::Get, url, None).await?;
        let (mut entity, rows) = response::entity_deferring_rows(&raw)?;
        // Thousands of check-in rows are read a slice at a time, the page's thread free between.
        if let Some(mut rows) = rows {
            while !rows.read(ROWS_PER_TASK).map_err(|e| response::rows_error(&raw, e))? {
                gloo_timers::future::TimeoutFuture::new(0).await;
            }
            rows.finish(&mut entity);
        }
        self.read_missing_streams(id, entity).await
    }

    /// Reads each payload the entity left out from its own stream URL.
    async fn read_missing_streams(&self, id: &str, mut entity: Configuration) -> Result<Configuration, GraphError> {
        for stream in entity.missing_streams() {
            let url = request::stream_url(&self.base_url, self.checked(id)?, stream);
            let raw = self.send_bytes(Method::Get, url, None).await?;
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
                .send_authorized(
                    Method::Patch,
                    request::entity_url(&self.base_url, self.checked(id)?),
                    Some(body),
                    if_match.map(|etag| ("If-Match", etag)),
                    Media::Json,
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
        // The bodies are `SavePlan`'s texts: what the review showed is what is sent. The PATCH
        // goes first: it carries `If-Match`, which a PUT before it would make stale.
        if let Some(text) = plan.patch_text() {
            if let Saved::Entity(e) = self.patch(id, text, plan.if_match.as_deref()).await? {
                result.entity = Some(*e);
            }
            result.patched = plan.properties.clone();
        }
        // Payloads Graph refuses inline, as raw bytes to their own URLs.
        for (stream, text) in &plan.streams {
            let url = request::stream_url(&self.base_url, self.checked(id)?, *stream);
            match self.send_bytes(Method::Put, url, Some(text.clone())).await.and_then(|raw| no_content(&raw)) {
                Ok(()) => result.patched.push(*stream),
                Err(error) if result.patched.is_empty() => return Err(error),
                Err(error) => {
                    result.entity = None;
                    result.failure = Some((SaveStep::Patch, error));
                    return Ok(result);
                }
            }
            // The PATCH's copy no longer has this payload: read it all back at the end.
            result.entity = None;
        }
        if let Some(body) = plan.assign_text() {
            match self.assign(id, body).await {
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

/// A write whose answer carries nothing the editor needs: success, or its error.
fn no_content(raw: &RawResponse) -> Result<(), GraphError> {
    response::check(raw).map(|_| ())
}

#[async_trait(?Send)]
impl GraphApi for GraphClient {
    async fn list_rows(&self) -> Result<Vec<Configuration>, GraphError> {
        let url = |query: ListQuery| match query.text() {
            options if options.is_empty() => request::collection_url(&self.base_url),
            options => format!("{}?{options}", request::collection_url(&self.base_url)),
        };
        let query = self.list_query.get();
        match self.list_from(url(query)).await.map_err(response::not_served) {
            // A schema drift: once without the option Graph named, and never with it again.
            Err(error) => match query.without_refused(&error) {
                Some(fewer) => {
                    self.list_query.set(fewer);
                    self.list_from(url(fewer)).await
                }
                None => Err(error),
            },
            read => read,
        }
    }

    async fn create(&self, body: Body<New>) -> Result<Configuration, GraphError> {
        let raw = self.send(Method::Post, request::collection_url(&self.base_url), Some(body.text())).await?;
        response::entity(&raw)
    }

    async fn assign(&self, id: &str, body: Body<Groups>) -> Result<(), GraphError> {
        GraphClient::assign(self, id, body.text()).await.map(|_| ())
    }

    async fn delete(&self, id: &str) -> Result<(), GraphError> {
        no_content(&self.send(Method::Delete, request::entity_url(&self.base_url, self.checked(id)?), None).await?)
    }

    async fn update_priorities(&self, segment: &str, body: Body<Priorities>) -> Result<(), GraphError> {
        let url = request::update_priorities_url(&self.base_url, segment);
        no_content(&self.send(Method::Post, url, Some(body.text())).await?)
    }

    async fn get(&self, id: &str) -> Result<Configuration, GraphError> {
        GraphClient::get(self, id).await
    }

    async fn save(&self, id: &str, plan: SavePlan) -> Result<SaveResult, GraphError> {
        GraphClient::save(self, id, plan).await
    }

    async fn group_names(&self, ids: &[String]) -> Result<Vec<(String, Lookup)>, GraphError> {
        let mut out = Vec::new();
        for chunk in ids.chunks(directory::BATCH_LIMIT) {
            let url = directory::batch_url(&self.base_url);
            let raw = self.send(Method::Post, url, Some(directory::batch_body(chunk))).await?;
            let body = response::check(&raw)?;
            match directory::batch_answers(body, chunk) {
                Ok(found) => out.extend(found),
                Err(status) => {
                    return Err(GraphError::Graph(Box::new(response::GraphErrorDetail {
                        status,
                        code: if status == 403 { "Authorization_RequestDenied".into() } else { "BadBatch".into() },
                        message: "Reading group names was refused.".into(),
                        request_id: raw.request_id.clone(),
                        ..Default::default()
                    })))
                }
            }
        }
        Ok(out)
    }

    async fn search_groups(&self, text: &str) -> Result<Vec<DirectoryObject>, GraphError> {
        self.directory(directory::group_search_url(&self.base_url, text), Pages::First).await
    }

    async fn search_users(&self, text: &str) -> Result<Vec<DirectoryObject>, GraphError> {
        self.directory(directory::user_search_url(&self.base_url, text), Pages::First).await
    }

    async fn user_groups(&self, user: &str) -> Result<Vec<DirectoryObject>, GraphError> {
        self.directory(directory::member_of_url(&self.base_url, user), Pages::All).await
    }

    async fn office_configuration(&self, property: &'static str) -> Result<OfficeConfiguration, GraphError> {
        let url = request::office_configuration_url(&self.base_url, property);
        let raw = self.send(Method::Get, url, None).await?;
        response::office_configuration(&raw).map_err(response::not_served)
    }
}
