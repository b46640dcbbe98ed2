//! The production transport: the browser's fetch, through gloo-net.

use super::GraphTransport;
use crate::core::request::{GraphRequest, Method};
use crate::core::response::{GraphError, RawResponse};
use async_trait::async_trait;
use gloo_net::http::{Request, RequestBuilder};

/// Sends requests with `fetch`, aborting any that has not answered within the timeout.
#[derive(Debug)]
pub struct FetchTransport {
    pub timeout: std::time::Duration,
}

impl Default for FetchTransport {
    fn default() -> Self {
        FetchTransport { timeout: std::time::Duration::from_secs(30) }
    }
}

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
        let controller = web_sys::AbortController::new()
            .map_err(|_| GraphError::Network { message: "fetch cannot be aborted here".into() })?;
        let timed_out = std::rc::Rc::new(std::cell::Cell::new(false));
        let _timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            gloo_timers::callback::Timeout::new(self.timeout.as_millis() as u32, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let seconds = self.timeout.as_secs().max(1) as u32;
        let failed =
            |e: gloo_net::Error| if timed_out.get() { GraphError::Timeout { seconds } } else { network_error(e) };
        let mut builder: RequestBuilder = match request.method {
            Method::Get => Request::get(&request.url),
            Method::Patch => Request::patch(&request.url),
            Method::Post => Request::post(&request.url),
        };
        builder = builder.abort_signal(Some(&controller.signal()));
        for (name, value) in &request.headers {
            builder = builder.header(name, value);
        }
        let response = match request.body {
            Some(body) => builder.body(body).map_err(&failed)?.send().await,
            None => builder.send().await,
        }
        .map_err(&failed)?;
        let header = |name: &str| response.headers().get(name);
        Ok(RawResponse {
            status: response.status(),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            date: header("date"),
            www_authenticate: header("www-authenticate"),
            retry_after: header("retry-after"),
            etag: header("etag"),
            body: response.text().await.map_err(&failed)?,
        })
    }
}
