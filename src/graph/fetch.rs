//! The production transport: the browser's `fetch`, called through web-sys.
//!
//! The URL is sent exactly as built (gloo-net 0.5, the version yew brings, appends a stray `&` to
//! a URL that already has a query, such as Graph's `@odata.nextLink`), and a request that has
//! not answered within the timeout is aborted.

use super::GraphTransport;
use crate::core::wire::request::GraphRequest;
use crate::core::wire::response::{GraphError, RawResponse};
use async_trait::async_trait;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

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

/// The browser hides the cause of a failed fetch (CORS, DNS, offline) from the page: its
/// message is all there is.
fn network_error(e: JsValue) -> GraphError {
    let message = e
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| e.as_string())
        .unwrap_or_else(|| "the request failed".into());
    GraphError::Network { message }
}

#[async_trait(?Send)]
impl GraphTransport for FetchTransport {
    async fn send(&self, request: GraphRequest) -> Result<RawResponse, GraphError> {
        let window = web_sys::window().ok_or_else(|| GraphError::Network { message: "no window".into() })?;
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
        let failed = |e: JsValue| if timed_out.get() { GraphError::Timeout { seconds } } else { network_error(e) };

        let headers = web_sys::Headers::new().map_err(failed)?;
        for (name, value) in &request.headers {
            // A value the browser refuses as a header (it was checked before, for a pasted
            // token) fails here, before anything is sent.
            headers.append(name, value).map_err(failed)?;
        }
        let init = web_sys::RequestInit::new();
        init.set_method(request.method.as_str());
        init.set_headers(&headers);
        init.set_signal(Some(&controller.signal()));
        // A redirect is never followed: the token would go where Graph did not answer from.
        init.set_redirect(web_sys::RequestRedirect::Error);
        // Bodies cross as UTF-8 bytes (one copy each way), not as JS strings: a body carrying a
        // payload is megabytes, and a JS string costs a character-by-character conversion.
        if let Some(body) = &request.body {
            init.set_body(&js_sys::Uint8Array::from(body.as_bytes()));
        }
        let fetch = web_sys::Request::new_with_str_and_init(&request.url, &init).map_err(failed)?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_request(&fetch)).await.map_err(failed)?.unchecked_into();
        let header = |name: &str| response.headers().get(name).ok().flatten();
        let bytes = JsFuture::from(response.array_buffer().map_err(failed)?).await.map_err(failed)?;
        let bytes = js_sys::Uint8Array::new(&bytes).to_vec();
        // As `text()` reads it: UTF-8, an invalid sequence as U+FFFD.
        let body = String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Ok(RawResponse {
            status: response.status(),
            request_id: header("request-id"),
            client_request_id: header("client-request-id"),
            date: header("date"),
            www_authenticate: header("www-authenticate"),
            retry_after: header("retry-after"),
            etag: header("etag"),
            body,
        })
    }
}
