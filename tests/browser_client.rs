//! The Graph client in headless Chrome over fake transports: tokens (pasted, refreshed on a
//! 401 with the claims), and the requests it refuses to send (ids that are not GUIDs, next links
//! outside Graph or seen before).

#![cfg(target_arch = "wasm32")]

mod support;

use async_trait::async_trait;
use office_policy_editor::auth::{FixedToken, PastedToken, TokenSource};
use office_policy_editor::core::wire::request::GraphRequest;
use office_policy_editor::core::wire::response::{GraphError, RawResponse};
use office_policy_editor::core::wire::stream;
use office_policy_editor::graph::{GraphClient, GraphTransport};
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use support::fake_graph::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn a_pasted_token_is_trimmed_and_nothing_is_sent_without_one() {
    let pasted = Rc::new(PastedToken::default());
    let fake = FakeGraph::new();
    let client = GraphClient::new("https://graph.test/beta".into(), pasted.clone(), fake.clone());
    assert_eq!(client.get(ID).await.unwrap_err(), GraphError::NotSignedIn);
    assert!(fake.requests.borrow().is_empty(), "no request leaves without a token");
    pasted.set("  Bearer eyJ0eXAi.payload.sig \n").unwrap();
    let refused = pasted.set("eyJ0eXAi.pay load.sig").unwrap_err();
    assert!(refused.contains("spaces or line breaks"), "{refused}");
    assert_eq!(pasted.token().await.unwrap(), "eyJ0eXAi.payload.sig");
    assert!(!format!("{pasted:?}").contains("eyJ0"), "Debug shows no token");
    client.get(ID).await.unwrap();
    assert_eq!(fake.requests.borrow()[0].header("Authorization"), Some("Bearer eyJ0eXAi.payload.sig"));
    pasted.clear();
    assert_eq!(client.get(ID).await.unwrap_err(), GraphError::NotSignedIn);
}

/// A token source that hands out a new token on each refresh, and records the claims asked for.
#[derive(Default)]
struct RotatingTokens {
    refreshes: RefCell<Vec<Option<String>>>,
}

#[async_trait(?Send)]
impl TokenSource for RotatingTokens {
    async fn token(&self) -> Result<String, office_policy_editor::auth::AuthError> {
        Ok(format!("token-{}", self.refreshes.borrow().len()))
    }

    async fn refresh(&self, claims: Option<String>) -> Result<String, office_policy_editor::auth::AuthError> {
        self.refreshes.borrow_mut().push(claims);
        self.token().await
    }
}

/// Answers 401 (with a claims challenge) to the first request, then as the fake Graph does.
struct ExpiresOnce {
    graph: Rc<FakeGraph>,
    challenged: RefCell<bool>,
}

#[async_trait(?Send)]
impl GraphTransport for ExpiresOnce {
    async fn send(&self, request: GraphRequest) -> Result<RawResponse, GraphError> {
        if !self.challenged.replace(true) {
            self.graph.requests.borrow_mut().push(request);
            return Ok(RawResponse {
                status: 401,
                www_authenticate: Some(format!(
                    "Bearer realm=\"\", error=\"insufficient_claims\", claims=\"{}\"",
                    base64_of("{\"access_token\":{}}")
                )),
                body: json!({"error": {"code": "InvalidAuthenticationToken", "message": "expired"}}).to_string(),
                ..Default::default()
            });
        }
        self.graph.send(request).await
    }
}

fn base64_of(text: &str) -> String {
    stream::encode(text)
}

#[wasm_bindgen_test]
async fn a_401_gets_one_fresh_token_with_the_claims_and_one_retry() {
    let fake = FakeGraph::new();
    let tokens = Rc::new(RotatingTokens::default());
    let transport = Rc::new(ExpiresOnce { graph: fake.clone(), challenged: RefCell::new(false) });
    let client = GraphClient::new("https://graph.test/beta".into(), tokens.clone(), transport);
    let entity = client.get(ID).await.unwrap();
    assert_eq!(entity.id.as_deref(), Some(ID));
    assert_eq!(*tokens.refreshes.borrow(), vec![Some("{\"access_token\":{}}".to_string())]);
    let sent: Vec<_> = fake.requests.borrow().iter().map(|r| r.header("Authorization").unwrap().to_string()).collect();
    assert_eq!(sent, vec!["Bearer token-0", "Bearer token-1"], "the retry carries the fresh token");
}

#[wasm_bindgen_test]
async fn ids_that_are_not_guids_are_refused_before_any_request() {
    let fake = FakeGraph::new();
    let client = GraphClient::new("https://graph.test/beta".into(), Rc::new(FixedToken::new("t".into())), fake.clone());
    for id in ["..", ".", "x/../../me", "f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9/assign"] {
        assert_eq!(client.get(id).await.unwrap_err(), GraphError::InvalidId { id: id.into() });
        assert!(matches!(client.patch(id, "{}".into(), None).await, Err(GraphError::InvalidId { .. })));
        assert!(matches!(client.assign(id, "{}".into()).await, Err(GraphError::InvalidId { .. })));
    }
    assert!(fake.requests.borrow().is_empty(), "nothing was sent");
}

/// Answers every list GET with one configuration and this next link.
struct Pages {
    next_link: String,
    requests: RefCell<Vec<String>>,
}

#[async_trait(?Send)]
impl GraphTransport for Pages {
    async fn send(&self, request: GraphRequest) -> Result<RawResponse, GraphError> {
        self.requests.borrow_mut().push(request.url.clone());
        Ok(ok(json!({"value": [entity()], "@odata.nextLink": self.next_link})))
    }
}

#[wasm_bindgen_test]
async fn next_links_outside_graph_or_seen_before_are_not_followed() {
    let cases = [
        ("https://evil.example/beta/officeConfiguration/clientConfigurations?$skiptoken=2", 1, "outside"),
        (
            "https://graph.test/beta/officeConfiguration/clientConfigurations?$skiptoken=2",
            2,
            "same next-page link twice",
        ),
    ];
    for (link, requests, reason) in cases {
        let pages = Rc::new(Pages { next_link: link.into(), requests: RefCell::default() });
        let client =
            GraphClient::new("https://graph.test/beta".into(), Rc::new(FixedToken::new("t".into())), pages.clone());
        match client.list().await {
            Err(GraphError::BadPaging { reason: said }) => assert!(said.contains(reason), "{said}"),
            other => panic!("{link}: {other:?}"),
        }
        assert_eq!(pages.requests.borrow().len(), requests, "{link}");
        assert!(!pages.requests.borrow().iter().any(|u| u.contains("evil")), "the token never went there");
    }
}
