//! The fake Entra ID authority over TLS, and the Graph emulator accepting exactly its tokens.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use graph_emulator::authority::{Authority, AuthorityOptions, READ_SCOPE, WRITE_SCOPE};
use graph_emulator::{seed, Emulator, Options};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::time::Duration;

const SCOPE: &str =
    "https://graph.microsoft.com/DeviceManagementConfiguration.ReadWrite.All openid profile offline_access";
const VERIFIER: &str = "a-very-long-code-verifier-of-at-least-forty-three-characters-000";

fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .danger_accept_invalid_certs(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

const REDIRECT: &str = "http://127.0.0.1:1/redirect.html";

async fn start(options: AuthorityOptions) -> (Authority, String) {
    let authority = Authority::new(AuthorityOptions { redirect_uris: vec![REDIRECT.into()], ..options });
    authority.clone().serve_tls("127.0.0.1:0".parse().unwrap()).await.unwrap();
    let graph = Emulator::new(Options { authority: Some(authority.clone()), ..Options::default() }, seed::demo());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, graph.router()).await.unwrap() });
    (authority, url)
}

/// Runs the authorization-code flow with PKCE, as MSAL does; returns the token response.
async fn sign_in(authority: &Authority, verifier: &str) -> reqwest::Response {
    sign_in_for(authority, verifier, SCOPE).await
}

async fn sign_in_for(authority: &Authority, verifier: &str, scope: &str) -> reqwest::Response {
    let base = authority.authority_url("organizations");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let res = http()
        .get(format!("{base}/oauth2/v2.0/authorize"))
        .query(&[
            ("client_id", "app"),
            ("redirect_uri", "http://127.0.0.1:1/redirect.html"),
            ("scope", scope),
            ("state", "st"),
            ("nonce", "n-1"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
            ("response_mode", "fragment"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let location = res.headers()["location"].to_str().unwrap().to_string();
    let (target, fragment) = location.split_once('#').unwrap();
    assert_eq!(target, "http://127.0.0.1:1/redirect.html");
    let params: HashMap<String, String> = serde_urlencoded::from_str(fragment).unwrap();
    assert_eq!(params["state"], "st");
    http()
        .post(format!("{base}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", params["code"].as_str()),
            ("code_verifier", verifier),
            ("client_id", "app"),
            ("scope", scope),
        ])
        .send()
        .await
        .unwrap()
}

fn claims(jwt: &str) -> Value {
    serde_json::from_slice(&URL_SAFE_NO_PAD.decode(jwt.split('.').nth(1).unwrap()).unwrap()).unwrap()
}

#[tokio::test]
async fn discovery_names_endpoints_on_its_own_origin() {
    let (authority, _) = start(AuthorityOptions::default()).await;
    let base = authority.authority_url("organizations");
    let res = http()
        .get(format!("{base}/v2.0/.well-known/openid-configuration"))
        .header("Origin", "http://127.0.0.1:1")
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["access-control-allow-origin"], "http://127.0.0.1:1", "the registered app's origin");
    let stranger = http()
        .get(format!("{base}/v2.0/.well-known/openid-configuration"))
        .header("Origin", "http://127.0.0.1:9")
        .send()
        .await
        .unwrap();
    assert!(stranger.headers().get("access-control-allow-origin").is_none(), "no other origin");
    let doc: Value = res.json().await.unwrap();
    assert_eq!(doc["issuer"], format!("{base}/v2.0"));
    assert_eq!(doc["token_endpoint"], format!("{base}/oauth2/v2.0/token"));
}

#[tokio::test]
async fn code_flow_with_pkce_issues_tokens_for_graph_and_graph_accepts_them() {
    let (authority, graph) = start(AuthorityOptions::default()).await;
    let tokens: Value = sign_in(&authority, VERIFIER).await.json().await.unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(claims(access)["aud"], "https://graph.microsoft.com");
    assert_eq!(claims(access)["scp"], WRITE_SCOPE);
    let id = claims(tokens["id_token"].as_str().unwrap());
    assert_eq!(
        (id["nonce"].as_str(), id["preferred_username"].as_str()),
        (Some("n-1"), Some("megan@contoso.onmicrosoft.com"))
    );
    assert!(tokens["client_info"].is_string() && tokens["expires_in"].as_u64() == Some(3600));

    let list = http()
        .get(format!("{graph}/beta/officeConfiguration/clientConfigurations"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(list.status(), 200);
    let forged = http()
        .get(format!("{graph}/beta/officeConfiguration/clientConfigurations"))
        .bearer_auth("forged")
        .send()
        .await
        .unwrap();
    assert_eq!(forged.status(), 401);
    assert!(forged.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));

    // A refresh gives a new access token.
    let base = authority.authority_url("organizations");
    let refreshed: Value = http()
        .post(format!("{base}/oauth2/v2.0/token"))
        .form(&[
            ("grant_type", "refresh_token"),
            ("refresh_token", tokens["refresh_token"].as_str().unwrap()),
            ("scope", SCOPE),
            ("client_id", "app"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_ne!(refreshed["access_token"], tokens["access_token"]);
    assert_eq!(
        authority.token_requests().iter().map(|r| r.grant_type.as_str()).collect::<Vec<_>>(),
        ["authorization_code", "refresh_token"]
    );
}

#[tokio::test]
async fn a_wrong_code_verifier_is_refused() {
    let (authority, _) = start(AuthorityOptions::default()).await;
    let res = sign_in(&authority, "not-the-verifier").await;
    assert_eq!(res.status(), 400);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"], "invalid_grant");
}

#[tokio::test]
async fn missing_permission_is_403_and_expired_tokens_are_401() {
    let (authority, graph) =
        start(AuthorityOptions { granted_scopes: Some(vec![READ_SCOPE.into()]), ..Default::default() }).await;
    let tokens: Value = sign_in(&authority, VERIFIER).await.json().await.unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    let url = format!("{graph}/beta/officeConfiguration/clientConfigurations/f90ca1a5-a1a5-f90c-a5a1-0cf9a5a10cf9");
    assert_eq!(http().get(&url).bearer_auth(access).send().await.unwrap().status(), 200, "Read.All reads");
    let write =
        http().patch(&url).bearer_auth(access).json(&serde_json::json!({"description": "x"})).send().await.unwrap();
    assert_eq!(write.status(), 403);
    let body: Value = write.json().await.unwrap();
    assert!(body["error"]["message"].as_str().unwrap().contains(WRITE_SCOPE));

    let (hourly, graph) = start(AuthorityOptions::default()).await;
    let tokens: Value = sign_in(&hourly, VERIFIER).await.json().await.unwrap();
    let list = || {
        http()
            .get(format!("{graph}/beta/officeConfiguration/clientConfigurations"))
            .bearer_auth(tokens["access_token"].as_str().unwrap())
            .send()
    };
    hourly.advance_clock(Duration::from_secs(3599));
    assert_eq!(list().await.unwrap().status(), 200, "a second before it expires");
    hourly.advance_clock(Duration::from_secs(2));
    assert_eq!(list().await.unwrap().status(), 401, "expired: the clock moved past its hour");

    // A client configured for another cloud asks for another audience: Graph here refuses it.
    let (authority, graph) = start(AuthorityOptions::default()).await;
    let us = "https://graph.microsoft.us/DeviceManagementConfiguration.ReadWrite.All openid offline_access";
    let tokens: Value = sign_in_for(&authority, VERIFIER, us).await.json().await.unwrap();
    let access = tokens["access_token"].as_str().unwrap();
    assert_eq!(claims(access)["aud"], "https://graph.microsoft.us");
    let res = http()
        .get(format!("{graph}/beta/officeConfiguration/clientConfigurations"))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "wrong audience");
}

#[tokio::test]
async fn only_registered_redirect_uris_are_redirected_to() {
    let (authority, _) = start(AuthorityOptions::default()).await;
    let base = authority.authority_url("organizations");
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(VERIFIER.as_bytes()));
    let res = http()
        .get(format!("{base}/oauth2/v2.0/authorize"))
        .query(&[
            ("client_id", "app"),
            ("redirect_uri", "https://evil.example/steal"),
            ("scope", SCOPE),
            ("state", "st"),
            ("code_challenge", challenge.as_str()),
            ("code_challenge_method", "S256"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 400);
    assert!(res.text().await.unwrap().contains("AADSTS50011"));
    let logout = |uri: &'static str| {
        let base = base.clone();
        async move {
            http()
                .get(format!("{base}/oauth2/v2.0/logout"))
                .query(&[("post_logout_redirect_uri", uri)])
                .send()
                .await
                .unwrap()
        }
    };
    let away = logout("https://evil.example/").await;
    assert_eq!(away.status(), 200, "no redirect to an unregistered URI");
    assert!(away.headers().get("location").is_none());
    let home = logout(REDIRECT).await;
    assert_eq!((home.status().as_u16(), home.headers()["location"].to_str().unwrap()), (303, REDIRECT));
    authority.allow_redirect_uri("http://127.0.0.1:2/redirect.html");
    assert_eq!(logout("http://127.0.0.1:2/redirect.html").await.status(), 303, "added before sign-in");
}

/// The display names a token's tenant lists.
async fn names(graph: &str, token: &str) -> Vec<String> {
    let page: Value = http()
        .get(format!("{graph}/beta/officeConfiguration/clientConfigurations"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["value"].as_array().unwrap().iter().map(|c| c["displayName"].as_str().unwrap().to_string()).collect()
}

/// Each tenant sees its own configurations: the token's `tid` picks them.
#[tokio::test]
async fn each_tenant_has_its_own_configurations() {
    let (authority, graph) = start(AuthorityOptions::default()).await;
    let token = |t: Value| t["access_token"].as_str().unwrap().to_string();
    let contoso = token(sign_in(&authority, VERIFIER).await.json().await.unwrap());
    authority.choose_user(2);
    let fabrikam = token(sign_in(&authority, VERIFIER).await.json().await.unwrap());
    assert_eq!(claims(&fabrikam)["tid"], graph_emulator::authority::OTHER_TENANT);
    assert_eq!(names(&graph, &contoso).await.len(), 5, "the home tenant is the seeded one");
    assert!(names(&graph, &fabrikam).await.is_empty(), "another tenant starts empty");
    let created = http()
        .post(format!("{graph}/beta/officeConfiguration/clientConfigurations"))
        .bearer_auth(&fabrikam)
        .json(&serde_json::json!({"@odata.type": "#microsoft.graph.windowsOfficeClientSecurityConfiguration", "displayName": "Fabrikam baseline", "priority": 0}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    assert_eq!(names(&graph, &fabrikam).await, ["Fabrikam baseline"]);
    assert_eq!(names(&graph, &contoso).await.len(), 5, "nothing crossed over");
}

/// Plain test tokens can be given a tenant too.
#[tokio::test]
async fn a_test_token_of_another_tenant_sees_that_tenant() {
    let options = Options { tenant_tokens: vec![("fabrikam-token".into(), "fabrikam".into())], ..Options::default() };
    let graph = Emulator::new(options, seed::demo());
    graph.seed_tenant("fabrikam", vec![seed::demo().remove(0)]);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, graph.router()).await.unwrap() });
    assert_eq!(names(&url, "test-token").await.len(), 5);
    assert_eq!(names(&url, "fabrikam-token").await, ["Security baseline – all users"]);
}
