//! The Graph client: request building and response classification come from `core`; a
//! [`GraphTransport`] only moves bytes, so tests swap in a fake and production uses fetch.

mod fetch;

pub use fetch::FetchTransport;

use crate::auth::{AuthError, TokenSource};
use crate::core::editor::SaveResult;
use crate::core::model::{Assignment, Configuration};
use crate::core::patch::SavePlan;
use crate::core::request::{self, GraphRequest, Method};
use crate::core::response::{self, GraphError, RawResponse, Saved};
use async_trait::async_trait;
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

/// Reads and saves Office client configurations.
pub struct GraphClient {
    base_url: String,
    tokens: Rc<dyn TokenSource>,
    transport: Rc<dyn GraphTransport>,
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
        GraphClient { base_url, tokens, transport }
    }

    /// Sends with a token; on a 401, once: a fresh token (passing a claims challenge on), and
    /// the same request again.
    async fn send(&self, method: Method, url: String, body: Option<String>) -> Result<RawResponse, GraphError> {
        let token = self.tokens.token().await.map_err(auth_failed)?;
        let request = request::build(method, url.clone(), &token, &new_client_request_id(), body.clone());
        let response = self.transport.send(request).await?;
        if response.status != 401 {
            return Ok(response);
        }
        let fresh = self.tokens.refresh(response::claims_challenge(&response)).await.map_err(auth_failed)?;
        if fresh == token {
            return Ok(response);
        }
        self.transport.send(request::build(method, url, &fresh, &new_client_request_id(), body)).await
    }

    /// Every configuration, following `@odata.nextLink` to the end.
    pub async fn list(&self) -> Result<Vec<Configuration>, GraphError> {
        let mut all = Vec::new();
        let mut next = Some(request::collection_url(&self.base_url));
        while let Some(url) = next.take() {
            let page = response::page(&self.send(Method::Get, url, None).await?)?;
            all.extend(page.value);
            next = page.next_link;
        }
        Ok(all)
    }

    /// One configuration, with its assignments and both payloads.
    pub async fn get(&self, id: &str) -> Result<Configuration, GraphError> {
        let url = format!("{}?$expand=assignments", request::entity_url(&self.base_url, id));
        let entity = response::entity(&self.send(Method::Get, url, None).await?)?;
        self.read_missing_streams(id, entity).await
    }

    /// Reads each payload the entity left out from its own stream URL.
    async fn read_missing_streams(&self, id: &str, mut entity: Configuration) -> Result<Configuration, GraphError> {
        for property in entity.missing_streams() {
            let raw = self.send(Method::Get, request::stream_url(&self.base_url, id, property), None).await?;
            // A stream that was never written has no content: 404 means "no payload".
            let text = if raw.status == 404 { "" } else { response::check(&raw)? };
            entity.set_stream(property, text);
        }
        Ok(entity)
    }

    /// The documented PATCH.
    pub async fn patch(&self, id: &str, body: String) -> Result<Saved, GraphError> {
        response::patch(&self.send(Method::Patch, request::entity_url(&self.base_url, id), Some(body)).await?)
    }

    /// The `assign` action: replaces all targets.
    pub async fn assign(&self, id: &str, body: String) -> Result<Option<Vec<Assignment>>, GraphError> {
        response::assign(&self.send(Method::Post, request::assign_url(&self.base_url, id), Some(body)).await?)
    }

    /// One Save: the PATCH and/or the assign of a plan, then the entity as Graph now holds it.
    pub async fn save(&self, id: &str, plan: SavePlan) -> Result<SaveResult, GraphError> {
        let mut properties: Vec<String> = Vec::new();
        let mut entity = None;
        if let Some(body) = plan.patch {
            properties.extend(body.keys().filter(|k| !k.starts_with('@')).cloned());
            let text = serde_json::Value::Object(body).to_string();
            if let Saved::Entity(e) = self.patch(id, text).await? {
                entity = Some(*e);
            }
        }
        let mut assignments = None;
        if let Some(body) = plan.assign {
            properties.push("assignments".into());
            assignments = self.assign(id, body.to_string()).await?;
        }
        let entity = match entity {
            Some(e) => self.read_missing_streams(id, e).await?,
            // 204 (or only an assign): read back what Graph now holds.
            None => self.get(id).await?,
        };
        Ok(SaveResult { entity, assignments, properties })
    }
}
