//! The router without a socket or a mail server: security layers, errors as problems,
//! static files and the session cookie.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_backend::session::cookie::seal_account;
use facteur_backend::session::{Account, SessionId};
use facteur_backend::{AppState, Config, app};
use facteur_model::EmailAddress;
use facteur_model::api::{Security, ServerEndpoint, SessionStatus, SignedOutReason};
use facteur_model::routes::{Method, Route};
use http_body_util::BodyExt;
use std::path::PathBuf;
use tower::ServiceExt;

/// A static dir with an index, a hashed asset and a wasm file; removed on drop.
struct StaticDir(PathBuf);

impl StaticDir {
    fn new() -> StaticDir {
        let unique = format!(
            "facteur-router-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos()
        );
        let dir = std::env::temp_dir().join(unique);
        std::fs::create_dir_all(dir.join("assets")).unwrap();
        std::fs::write(
            dir.join("index.html"),
            "<!doctype html><title>Facteur</title>",
        )
        .unwrap();
        std::fs::write(dir.join("assets/app-1a2b3c.js"), "console.log(1)").unwrap();
        std::fs::write(dir.join("assets/app-1a2b3c_bg.wasm"), b"\0asm\x01\0\0\0").unwrap();
        StaticDir(dir)
    }
}

impl Drop for StaticDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn config(dir: &StaticDir) -> Config {
    let mut config = Config {
        static_dir: dir.0.clone(),
        ..Config::default()
    };
    config.session.cookie_secure = false;
    config
}

fn router(config: Config) -> (Router, AppState) {
    let state = AppState::new(config).unwrap();
    (app(state.clone()), state)
}

async fn send(
    router: &Router,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let response = router.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = response
        .into_body()
        .collect()
        .await
        .unwrap()
        .to_bytes()
        .to_vec();
    (status, headers, body)
}

fn problem_code(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    value["code"].as_str().unwrap().to_owned()
}

fn login_body(host: &str, port: u16, security: &str, email: &str) -> String {
    serde_json::json!({
        "email": email,
        "username": null,
        "password": "s3cret-Passw0rd",
        "imap": {"host": host, "port": port, "security": security},
        "smtp": {"host": host, "port": 587, "security": "start_tls"},
    })
    .to_string()
}

fn post_json(uri: &str, body: String) -> Request<Body> {
    Request::post(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-facteur-request", "1")
        .body(Body::from(body))
        .unwrap()
}

#[tokio::test]
async fn state_changes_without_the_csrf_checks_are_rejected() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    let body = login_body("imap.example.test", 993, "tls", "demo@example.test");
    let cases = [
        Request::post("/api/session")
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.clone()))
            .unwrap(),
        Request::post("/api/session")
            .header("x-facteur-request", "1")
            .header("sec-fetch-site", "cross-site")
            .body(Body::from(body.clone()))
            .unwrap(),
        Request::post("/api/session")
            .header("x-facteur-request", "1")
            .header(header::ORIGIN, "https://evil.test")
            .header(header::HOST, "localhost:8080")
            .body(Body::from(body.clone()))
            .unwrap(),
        Request::delete("/api/session").body(Body::empty()).unwrap(),
        Request::post("/api/folders/INBOX/flags")
            .body(Body::empty())
            .unwrap(),
    ];
    for request in cases {
        let (status, headers, body) = send(&router, request).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        assert_eq!(problem_code(&body), "csrf_rejected");
    }
}

#[tokio::test]
async fn unknown_api_routes_are_problems_not_the_app() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    for uri in ["/api/nope", "/api", "/api/folders/INBOX/unknown/deeper"] {
        let (status, headers, body) =
            send(&router, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{uri}");
        assert_eq!(headers[header::CONTENT_TYPE], "application/problem+json");
        let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
        assert_eq!(value["type"], "urn:facteur:problem:invalid_input");
        assert_eq!(value["status"], 404);
    }
}

/// `route`'s template with sample parameters, the CSRF header and an empty JSON body.
fn call(method: Method, route: Route) -> Request<Body> {
    let uri = route
        .template()
        .replace("{folder}", "INBOX")
        .replace("{uid}", "1")
        .replace("{index}", "0")
        .replace("{id}", "an-upload");
    Request::builder()
        .method(method.as_str())
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .header("x-facteur-request", "1")
        .body(Body::from("{}"))
        .unwrap()
}

#[tokio::test]
async fn the_bridge_serves_exactly_the_shared_route_list() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    for route in Route::ALL {
        // Served: a handler answers (no session, an incomplete body or query), never the
        // unknown-route problem (404) nor a wrong method (405).
        let (status, _, body) = send(&router, call(route.method(), route)).await;
        assert!(
            status != StatusCode::NOT_FOUND && status != StatusCode::METHOD_NOT_ALLOWED,
            "{route:?} answered {status}: {}",
            String::from_utf8_lossy(&body)
        );
        // Nothing else on its path: every method no listed route gives it is refused.
        for method in Method::ALL {
            let listed = Route::ALL
                .iter()
                .any(|other| other.template() == route.template() && other.method() == method);
            if !listed {
                let (status, _, _) = send(&router, call(method, route)).await;
                assert_eq!(
                    status,
                    StatusCode::METHOD_NOT_ALLOWED,
                    "{} {}",
                    method.as_str(),
                    route.template()
                );
            }
        }
    }
}

#[tokio::test]
async fn the_app_is_served_with_spa_fallback_and_cache_headers() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    for uri in ["/", "/folders/INBOX", "/settings/rules"] {
        let (status, headers, body) =
            send(&router, Request::get(uri).body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK, "{uri}");
        assert_eq!(body, b"<!doctype html><title>Facteur</title>", "{uri}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{uri}");
        assert!(
            headers[header::CONTENT_TYPE]
                .to_str()
                .unwrap()
                .starts_with("text/html")
        );
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff");
        assert_eq!(headers[header::REFERRER_POLICY], "same-origin");
    }
    let (status, headers, _) = send(
        &router,
        Request::get("/assets/app-1a2b3c.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CACHE_CONTROL],
        "public, max-age=31536000, immutable"
    );
    let (status, headers, _) = send(
        &router,
        Request::get("/assets/app-1a2b3c_bg.wasm")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_TYPE], "application/wasm");
    let (status, headers, _) = send(
        &router,
        Request::get("/assets/missing-000.js")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_ne!(
        headers
            .get(header::CACHE_CONTROL)
            .map(|v| v.to_str().unwrap()),
        Some("public, max-age=31536000, immutable")
    );
    let (status, _, body) = send(
        &router,
        Request::get("/healthz").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!((status, body.as_slice()), (StatusCode::OK, &b"ok"[..]));
}

#[tokio::test]
async fn api_routes_need_a_valid_session() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    let (status, _, body) = send(
        &router,
        Request::get("/api/folders").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem_code(&body), "not_signed_in");
    let forged = Request::get("/api/folders/INBOX/messages")
        .header(
            header::COOKIE,
            "facteur_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        )
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(&router, forged).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(problem_code(&body), "session_expired");
}

fn account(expires_in: i64) -> Account {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let endpoint = ServerEndpoint {
        host: "imap.example.test".into(),
        port: 993,
        security: Security::Tls,
    };
    Account {
        id: SessionId::random().unwrap(),
        email: EmailAddress::parse("demo@example.test").unwrap(),
        username: "demo".into(),
        password: "s3cret-Passw0rd".into(),
        imap: endpoint.clone(),
        smtp: endpoint,
        issued_at: now - 10,
        expires_at: now + expires_in,
        oauth: None,
    }
}

#[tokio::test]
async fn the_session_is_read_from_the_sealed_cookie_and_expires() {
    let dir = StaticDir::new();
    let (router, state) = router(config(&dir));
    let sealed = seal_account(&state.key, &account(3600)).unwrap();
    let request = Request::get("/api/session")
        .header(header::COOKIE, format!("facteur_session={sealed}"))
        .body(Body::empty())
        .unwrap();
    let (status, _, body) = send(&router, request).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!String::from_utf8_lossy(&body).contains("s3cret"));
    let SessionStatus::SignedIn(info) = serde_json::from_slice(&body).unwrap() else {
        panic!("not signed in: {}", String::from_utf8_lossy(&body));
    };
    assert_eq!(info.username, "demo");

    // Signed out is an ordinary answer (the app asks at every start-up), saying why.
    let expired = seal_account(&state.key, &account(-1)).unwrap();
    for (cookie, reason) in [
        (Some(expired), SignedOutReason::Expired),
        (None, SignedOutReason::NoSession),
    ] {
        let mut request = Request::get("/api/session");
        if let Some(cookie) = cookie {
            request = request.header(header::COOKIE, format!("facteur_session={cookie}"));
        }
        let (status, _, body) = send(&router, request.body(Body::empty()).unwrap()).await;
        assert_eq!(status, StatusCode::OK);
        let answer: SessionStatus = serde_json::from_slice(&body).unwrap();
        assert_eq!(answer, SessionStatus::SignedOut { reason });
    }

    let logout = Request::delete("/api/session")
        .header("x-facteur-request", "1")
        .header(header::COOKIE, format!("facteur_session={sealed}"))
        .body(Body::empty())
        .unwrap();
    let (status, headers, _) = send(&router, logout).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let cookie = headers[header::SET_COOKIE].to_str().unwrap();
    assert!(
        cookie.starts_with("facteur_session=;") && cookie.contains("Max-Age=0"),
        "{cookie}"
    );
}

#[tokio::test]
async fn sign_in_input_is_validated_without_echoing_the_password() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    let bad_email = login_body("imap.example.test", 993, "tls", "not-an-address");
    let (status, _, body) = send(&router, post_json("/api/session", bad_email)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let value: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(value["code"], "invalid_input");
    assert!(
        value["detail"].as_str().unwrap().contains("email"),
        "{value}"
    );

    let numeric_password = r#"{"email":"demo@example.test","username":null,"password":987654321,
        "imap":{"host":"h.test","port":993,"security":"tls"},
        "smtp":{"host":"h.test","port":465,"security":"tls"}}"#;
    let (status, _, body) = send(&router, post_json("/api/session", numeric_password.into())).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(!String::from_utf8_lossy(&body).contains("987654321"));
}

#[tokio::test]
async fn the_outbound_policy_is_enforced_before_connecting() {
    let dir = StaticDir::new();
    let (router, _) = router(config(&dir));
    let cases = [
        ("10.0.0.1", 993, "tls", "host_not_allowed"),
        ("127.0.0.1", 993, "tls", "host_not_allowed"),
        ("169.254.169.254", 993, "tls", "host_not_allowed"),
        ("93.184.216.34", 22, "tls", "host_not_allowed"),
        ("203.0.113.5", 993, "tls", "host_not_allowed"),
        ("93.184.216.34", 143, "plain", "plain_not_allowed"),
    ];
    for (i, (host, port, security, code)) in cases.into_iter().enumerate() {
        let body = login_body(host, port, security, &format!("user{i}@example.test"));
        let (status, _, body) = send(&router, post_json("/api/session", body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{host}:{port}");
        assert_eq!(problem_code(&body), code, "{host}:{port}");
    }
}

#[tokio::test]
async fn sign_in_attempts_are_rate_limited() {
    let dir = StaticDir::new();
    let mut config = config(&dir);
    config.rate_limit.per_email_burst = 2;
    let (router, _) = router(config);
    for _ in 0..2 {
        let body = login_body("10.0.0.1", 993, "tls", "victim@example.test");
        let (status, _, _) = send(&router, post_json("/api/session", body)).await;
        assert_eq!(status, StatusCode::FORBIDDEN);
    }
    let body = login_body("10.0.0.1", 993, "tls", "Victim@Example.test");
    let (status, headers, body) = send(&router, post_json("/api/session", body)).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(problem_code(&body), "rate_limited");
    assert!(
        headers[header::RETRY_AFTER]
            .to_str()
            .unwrap()
            .parse::<u64>()
            .unwrap()
            >= 1
    );
}
