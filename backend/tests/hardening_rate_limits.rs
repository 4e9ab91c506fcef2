//! Sign-in limits behind the operator's reverse proxy, through the whole router: the
//! client is read from `X-Forwarded-For` only through trusted proxies, IPv6 clients are
//! counted per /64, attempts are counted by the login name actually tried, and the
//! setup connection test draws on the same budget. No mail server: the attempts go to a
//! loopback server the default outbound policy refuses, after they were counted.

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, header};
use facteur_backend::{AppState, Config, app};
use http_body_util::BodyExt;
use std::net::SocketAddr;
use tower::ServiceExt;

/// A bridge trusting proxies in 10.0.0.0/8, allowing `per_client` attempts per client
/// network and `per_login` per login name, with nothing refilling during the test; and
/// its upload directory, removed on drop.
fn bridge(per_client: u32, per_login: u32) -> (Router, tempfile::TempDir) {
    let mut config = Config::default();
    config.session.cookie_secure = false;
    config.rate_limit.per_ip_burst = per_client;
    config.rate_limit.per_ip_per_minute = 1;
    config.rate_limit.per_email_burst = per_login;
    config.rate_limit.per_email_per_minute = 1;
    config.proxy.trusted_proxies = vec!["10.0.0.0/8".parse().unwrap()];
    let uploads = tempfile::tempdir().unwrap();
    config.compose.upload_dir = Some(uploads.path().to_path_buf());
    (app(AppState::new(config).unwrap()), uploads)
}

/// One request from the TCP peer `peer`, with an optional `X-Forwarded-For`.
fn from_peer(mut request: Request<Body>, peer: &str, forwarded_for: Option<&str>) -> Request<Body> {
    let peer: SocketAddr = peer.parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    if let Some(value) = forwarded_for {
        request
            .headers_mut()
            .insert("x-forwarded-for", value.parse().unwrap());
    }
    request
}

fn post_json(uri: &str, body: serde_json::Value) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-facteur-request", "1")
        .body(Body::from(body.to_string()))
        .unwrap()
}

/// A sign-in attempt as `username` (the email given apart), to a server the policy refuses.
fn sign_in(email: &str, username: Option<&str>) -> Request<Body> {
    let server = serde_json::json!({"host": "127.0.0.1", "port": 993, "security": "tls"});
    post_json(
        "/api/session",
        serde_json::json!({
            "email": email,
            "username": username,
            "password": "guess",
            "imap": server,
            "smtp": server,
        }),
    )
}

/// The problem code of the answer, or its status when it is not a problem.
async fn outcome(router: &Router, request: Request<Body>) -> String {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(value) if value["code"].is_string() => value["code"].as_str().unwrap().to_owned(),
        _ => status.as_str().to_owned(),
    }
}

const LIMITED: &str = "rate_limited";

#[tokio::test]
async fn clients_behind_a_trusted_proxy_get_buckets_of_their_own() {
    let (router, _uploads) = bridge(2, 1000);
    let proxy = "10.0.0.1:40000";
    for i in 0..2 {
        let request = from_peer(
            sign_in(&format!("a{i}@example.test"), None),
            proxy,
            Some("198.51.100.7"),
        );
        assert_ne!(outcome(&router, request).await, LIMITED);
    }
    let request = from_peer(sign_in("a@example.test", None), proxy, Some("198.51.100.7"));
    assert_eq!(outcome(&router, request).await, LIMITED);
    // Another user behind the same proxy is not held back by the first one's attempts.
    let request = from_peer(sign_in("b@example.test", None), proxy, Some("198.51.100.8"));
    assert_ne!(outcome(&router, request).await, LIMITED);
    // Nor by a second proxy of the chain.
    let request = from_peer(
        sign_in("c@example.test", None),
        "10.0.0.2:40000",
        Some("198.51.100.9, 10.0.0.1"),
    );
    assert_ne!(outcome(&router, request).await, LIMITED);
}

#[tokio::test]
async fn a_spoofing_client_does_not_escape_its_bucket() {
    let (router, _uploads) = bridge(2, 1000);
    // Straight to the bridge: its header is not believed.
    for i in 0..3 {
        let request = from_peer(
            sign_in(&format!("a{i}@example.test"), None),
            "203.0.113.9:5000",
            Some(&format!("192.0.2.{i}")),
        );
        let expected = i == 2;
        assert_eq!(
            outcome(&router, request).await == LIMITED,
            expected,
            "attempt {i}"
        );
    }
    // Through the proxy: what it wrote left of the real address is not read.
    for i in 0..3 {
        let request = from_peer(
            sign_in(&format!("b{i}@example.test"), None),
            "10.0.0.1:40000",
            Some(&format!("192.0.2.{i}, 10.0.0.{i}, 198.51.100.20")),
        );
        let expected = i == 2;
        assert_eq!(
            outcome(&router, request).await == LIMITED,
            expected,
            "attempt {i}"
        );
    }
}

#[tokio::test]
async fn an_ipv6_client_is_counted_per_slash_64() {
    let (router, _uploads) = bridge(2, 1000);
    for (i, peer) in [
        "[2001:db8:1:2::1]:5000",
        "[2001:db8:1:2::2]:5000",
        "[2001:db8:1:2:ffff::9]:5000",
    ]
    .iter()
    .enumerate()
    {
        let request = from_peer(sign_in(&format!("a{i}@example.test"), None), peer, None);
        assert_eq!(outcome(&router, request).await == LIMITED, i == 2, "{peer}");
    }
    let request = from_peer(
        sign_in("b@example.test", None),
        "[2001:db8:1:3::1]:5000",
        None,
    );
    assert_ne!(outcome(&router, request).await, LIMITED);
}

#[tokio::test]
async fn attempts_are_counted_by_the_login_name_tried() {
    let (router, _uploads) = bridge(1000, 2);
    // The email field is free text: changing it does not buy more guesses at one login.
    for i in 0..2 {
        let request = sign_in(
            &format!("decoy{i}@example.test"),
            Some("victim@example.test"),
        );
        assert_ne!(outcome(&router, request).await, LIMITED);
    }
    let request = sign_in("decoy9@example.test", Some(" Victim@Example.TEST "));
    assert_eq!(outcome(&router, request).await, LIMITED);
    // Without a login name the address is the login name.
    let request = sign_in("victim@example.test", None);
    assert_eq!(outcome(&router, request).await, LIMITED);
    let request = sign_in("someone@example.test", None);
    assert_ne!(outcome(&router, request).await, LIMITED);
}

#[tokio::test]
async fn the_connection_test_shares_the_sign_in_budget() {
    let (router, _uploads) = bridge(1000, 2);
    for i in 0..2 {
        let request = sign_in(&format!("decoy{i}@example.test"), Some("victim"));
        assert_ne!(outcome(&router, request).await, LIMITED);
    }
    let server = serde_json::json!({"host": "127.0.0.1", "port": 993, "security": "tls"});
    let test = |email: &str, username: &str| {
        post_json(
            facteur_model::routes::Route::ConnectionTest.template(),
            serde_json::json!({
                "email": email,
                "username": username,
                "password": "guess",
                "imap": server,
                "smtp": server,
            }),
        )
    };
    assert_eq!(
        outcome(&router, test("other@example.test", "victim")).await,
        LIMITED
    );
    // And the other way round: connection tests spend what sign-in would use.
    let (router, _uploads) = bridge(1000, 2);
    for _ in 0..2 {
        assert_ne!(outcome(&router, test("x@example.test", "")).await, LIMITED);
    }
    let request = sign_in("x@example.test", None);
    assert_eq!(outcome(&router, request).await, LIMITED);
}
