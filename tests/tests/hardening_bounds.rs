//! Bounds against a hostile mail server: anyone can sign in to a server they control, so
//! what a server sends must never make the bridge hold (or read) without end. Scripted
//! fake servers on loopback; every assertion is on bytes, none on time.

use axum::http::StatusCode;
use facteur_backend::Config;
use facteur_tests::api_client::ApiClient;
use facteur_tests::bridge_from;
use facteur_tests::hostile_server::{HostileServer, Hostility, peak_rss_bytes};
use serde_json::json;

/// Far below the 400 MB the fake announces, far above what socket buffers hold.
const MOST_BYTES_READ: u64 = 64 * 1024 * 1024;

fn config() -> Config {
    let mut config = Config::default();
    config.outbound.allow_loopback = true;
    facteur_tests::allow_test_ports(&mut config);
    config.outbound.connect_timeout_secs = 5;
    config.outbound.command_timeout_secs = 30;
    config.session.cookie_secure = false;
    config.session.key = Some("ZmFjdGV1ci10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE=".to_owned());
    config
}

async fn sign_in(imap: &HostileServer, smtp: &HostileServer) -> (ApiClient, StatusCode, String) {
    let mut browser = ApiClient::new(bridge_from(config()));
    let reply = browser
        .sign_in(json!({
            "email": "victim@example.test",
            "username": null,
            "password": "secret",
            "imap": imap.endpoint(),
            "smtp": smtp.endpoint(),
        }))
        .await;
    let code = if reply.status == StatusCode::OK {
        String::new()
    } else {
        reply.code()
    };
    (browser, reply.status, code)
}

#[tokio::test]
async fn a_metadata_answer_that_is_not_utf8_is_a_protocol_error_not_a_panic() {
    // imap-proto unwraps the UTF-8 decoding of METADATA values: before the read guard
    // refused such an answer, this request's task panicked (found by the imap fuzz target).
    let imap = HostileServer::start(Hostility::ImapBrokenMetadata).await;
    let smtp = HostileServer::start(Hostility::SmtpPolite).await;
    let (browser, status, code) = sign_in(&imap, &smtp).await;
    assert_eq!(status, StatusCode::OK, "{code}");

    let reply = browser.get("/api/settings").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text());
    assert_eq!(reply.code(), "protocol_error");
    assert_eq!(
        reply.header(axum::http::header::CONTENT_TYPE),
        "application/problem+json"
    );
}

#[tokio::test]
async fn a_400_mb_literal_is_refused_unread() {
    let imap = HostileServer::start(Hostility::ImapLiteral {
        // It lies about the size, so only the literal's announcement gives it away.
        size: 1000,
        literal: 400_000_000,
    })
    .await;
    let smtp = HostileServer::start(Hostility::SmtpPolite).await;
    let (browser, status, code) = sign_in(&imap, &smtp).await;
    assert_eq!(status, StatusCode::OK, "{code}");

    let reply = browser.get("/api/folders/INBOX/messages/1").await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text());
    assert_eq!(reply.code(), "server_response_too_large");
    assert_eq!(
        reply.header(axum::http::header::CONTENT_TYPE),
        "application/problem+json"
    );
    let sent = imap.flood_ended().await;
    assert!(sent < MOST_BYTES_READ, "the bridge read {sent} bytes");
    let peak = peak_rss_bytes();
    assert!(peak < 200 * 1024 * 1024, "peak memory {peak} bytes");
}

#[tokio::test]
async fn a_message_larger_than_the_limit_is_refused_from_its_size() {
    let imap = HostileServer::start(Hostility::ImapLiteral {
        size: 400_000_000,
        literal: 400_000_000,
    })
    .await;
    let smtp = HostileServer::start(Hostility::SmtpPolite).await;
    let (browser, status, code) = sign_in(&imap, &smtp).await;
    assert_eq!(status, StatusCode::OK, "{code}");

    let reply = browser.get("/api/folders/INBOX/messages/1").await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.code(), "message_too_large_to_open");
    let problem: serde_json::Value = reply.json();
    assert_eq!(
        problem["limit_bytes"],
        facteur_backend::config::DEFAULT_MAX_MESSAGE_BYTES
    );
    // The body was never asked for: nothing but short answers went out.
    assert!(imap.bytes_sent() < 4096, "{} bytes sent", imap.bytes_sent());
}

#[tokio::test]
async fn an_endless_smtp_reply_line_is_cut_off() {
    let imap = HostileServer::start(Hostility::ImapLiteral {
        size: 10,
        literal: 10,
    })
    .await;
    let smtp = HostileServer::start(Hostility::SmtpEndlessLine).await;
    let (_, status, code) = sign_in(&imap, &smtp).await;
    assert_eq!(status, StatusCode::BAD_GATEWAY);
    assert_eq!(code, "server_response_too_large");
    let sent = smtp.flood_ended().await;
    assert!(sent < MOST_BYTES_READ, "the bridge read {sent} bytes");
}

#[tokio::test]
async fn an_endless_managesieve_response_is_cut_off() {
    let imap = HostileServer::start(Hostility::ImapLiteral {
        size: 10,
        literal: 10,
    })
    .await;
    let smtp = HostileServer::start(Hostility::SmtpPolite).await;
    let sieve = HostileServer::start(Hostility::SieveEndlessResponse).await;
    let (browser, status, code) = sign_in(&imap, &smtp).await;
    assert_eq!(status, StatusCode::OK, "{code}");

    let reply = browser
        .put(
            "/api/sieve",
            json!({"script": "keep;\r\n", "port": sieve.port}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text());
    assert_eq!(reply.code(), "server_response_too_large");
    let sent = sieve.flood_ended().await;
    assert!(sent < MOST_BYTES_READ, "the bridge read {sent} bytes");
}

#[tokio::test]
async fn a_draft_cannot_attach_one_message_past_its_total() {
    let server = facteur_tests::MailServer::start();
    let user = "test6@example.test";
    // 60 KB under a 100 KB per-attachment limit: ten copies pass the draft's 400 KB.
    let raw = format!(
        "From: a@example.test\r\nTo: {user}\r\nSubject: big\r\n\r\n{}\r\n",
        "0123456789".repeat(6_000)
    );
    server
        .append(user, "INBOX", &[(raw.as_bytes(), None)])
        .await;
    let mut config = facteur_tests::bridge_config(&server, None);
    config.compose.max_attachment_bytes = 100_000;
    let mut browser = ApiClient::new(bridge_from(config));
    let reply = browser.sign_in(server.login_json(user, "secret")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    let attachment = json!({"kind": "message", "folder": "INBOX", "uid": 1, "subject": "big", "size": raw.len()});
    let draft = json!({
        "from": {"name": null, "email": user},
        "to": [], "cc": [], "bcc": [],
        "subject": "ten times",
        "body": {"text": "", "html": null},
        "attachments": vec![attachment; 10],
        "in_reply_to": null, "references": [],
        "request_dsn": false, "request_read_receipt": false,
    });
    let reply = browser
        .put("/api/drafts", json!({"draft": draft, "replaces": null}))
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.code(), "attachment_too_large");
    let problem: serde_json::Value = reply.json();
    assert_eq!(problem["limit_bytes"], 400_000);
    assert_eq!(server.count(user, "Drafts").await, 0);
}
