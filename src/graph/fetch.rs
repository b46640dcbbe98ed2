//! The production transport: the browser's fetch, through gloo-net.

use super::GraphTransport;
use crate::core::request::{GraphRequest, Method};
use crate::core::response::{GraphError, RawResponse};
use async_trait::async_trait;
use gloo_net::http::{Request, RequestBuilder};

/// Sends requests with `fetch`.
#[derive(Debug, Default)]
pub struct FetchTransport;

fn network_error(e: gloo_net::Error) -> GraphError {
    // The browser hides the cause of a failed fetch (CORS, DNS, offline) from the page.
    let message = match e {
        gloo_net::Error::JsError(js) => js.message,
        other => other.to_string(),
    };
    GraphError::Network { message }
}

#[async_trait(?Send)]
impl GraphTransport for FetchTransport {
    async fn send(&self, request: GraphRequest) -> Result<RawResponse, GraphError> {
        let mut builder: RequestBuilder = match request.method {
            Method::Get => Request::get(&request.url),
            Method::Patch => Request::patch(&request.url),
            Method::Post => Request::post(&request.url),
        };
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = match request.body {
            Some(body) => builder.body(body).map_err(network_error)?.send().await,
            None => builder.send().await,
        }
        .map_err(network_error)?;
        let header = |name: &str| response.headers().get(name);
        Ok(RawResponse {
            status: response.status(),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            date: header("date"),
            www_authenticate: header("www-authenticate"),
            body: response.text().await.map_err(network_error)?,
        })
    }
}
