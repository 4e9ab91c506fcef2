//! Big messages are opened and their attachments downloaded without the bridge holding
//! them whole: opened as a skeleton (headers and text, the attachment listed but not
//! fetched), the attachment streamed from Dovecot in 1 MiB partial fetches. The read
//! guard's high-water mark of the largest literal read shows it; a part that vanishes
//! mid-download ends the response with an error, never a short file.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine as _;
use facteur_backend::imap::partial::CHUNK_BYTES;
use facteur_backend::transport::literal_high_water::{largest_literal, reset_largest_literal};
use facteur_model::message::MessageDetail;
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge, bridge_config, bridge_from};
use http_body_util::BodyExt;
use tower::ServiceExt;

/// Deterministic bytes that do not compress or repeat in step with the chunks.
fn attachment_bytes(length: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..length)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A message with a short text and `attachment` as a base64 PDF, in 76-character lines.
fn message_with(subject: &str, attachment: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "From: Archives <archives@example.test>\r\nTo: test1@example.test\r\n\
         Subject: {subject}\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n\
         Message-ID: <{subject}@example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n\
         --big\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
         Voici le scan complet.\r\n\
         --big\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"scan.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n"
    )
    .into_bytes();
    let encoded = base64::engine::general_purpose::STANDARD.encode(attachment);
    for line in encoded.as_bytes().chunks(76) {
        out.extend_from_slice(line);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--big--\r\n");
    out
}

async fn signed_in_with(server: &MailServer, user: &str) -> ApiClient {
    signed_in_through(ApiClient::new(bridge(server)), server, user).await
}

async fn signed_in_through(mut client: ApiClient, server: &MailServer, user: &str) -> ApiClient {
    let reply = client
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    client
}

#[tokio::test]
async fn a_30_mb_attachment_is_listed_and_streamed_in_chunks() {
    let server = MailServer::shared();
    let user = "test1@example.test";
    let original = attachment_bytes(30_000_000);
    server
        .append(user, "INBOX", &[(&message_with("big", &original), None)])
        .await;
    let client = signed_in_with(&server, user).await;
    let uid = client.page("INBOX", "").await.messages[0].uid.0;
    reset_largest_literal();

    let detail: MessageDetail = client
        .get(&format!("/api/folders/INBOX/messages/{uid}"))
        .await
        .json();
    assert_eq!(
        detail.text.as_deref().map(str::trim),
        Some("Voici le scan complet.")
    );
    assert_eq!(detail.attachments.len(), 1, "{:?}", detail.attachments);
    let listed = &detail.attachments[0];
    assert_eq!(listed.filename, "scan.pdf");
    assert_eq!(listed.content_type, "application/pdf");
    assert!(
        listed.size.abs_diff(original.len() as u64) < 100,
        "listed size {}",
        listed.size
    );
    let after_opening = largest_literal();
    assert!(
        after_opening < 4096,
        "opening read a literal of {after_opening} bytes"
    );

    let reply = client
        .get(&format!("/api/folders/INBOX/messages/{uid}/attachments/0"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    assert_eq!(reply.header(header::CONTENT_TYPE), "application/pdf");
    assert!(
        reply
            .header(header::CONTENT_DISPOSITION)
            .starts_with("attachment;")
    );
    assert_eq!(reply.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert!(
        reply
            .header(header::CONTENT_SECURITY_POLICY)
            .contains("sandbox")
    );
    assert_eq!(reply.body.len(), original.len());
    assert!(reply.body == original, "the downloaded bytes differ");
    let largest = largest_literal();
    assert!(
        largest <= CHUNK_BYTES,
        "the bridge read a literal of {largest} bytes (chunk {CHUNK_BYTES})"
    );
    assert!(largest > CHUNK_BYTES / 2, "no chunk was read: {largest}");
}

#[tokio::test]
async fn a_part_gone_mid_download_ends_the_response_with_an_error() {
    let server = MailServer::shared();
    let user = "test2@example.test";
    let original = attachment_bytes(8_000_000);
    server
        .append(
            user,
            "INBOX",
            &[(&message_with("vanishing", &original), None)],
        )
        .await;
    let client = signed_in_with(&server, user).await;
    let uid = client.page("INBOX", "").await.messages[0].uid.0;
    let request = Request::get(format!("/api/folders/INBOX/messages/{uid}/attachments/0"))
        .header(header::COOKIE, client.cookie.clone().expect("signed in"))
        .body(Body::empty())
        .expect("request");
    let response = client
        .router
        .clone()
        .oneshot(request)
        .await
        .expect("response");
    assert_eq!(response.status(), StatusCode::OK);
    let mut body = response.into_body();
    let first = body.frame().await.expect("a first chunk").expect("read");
    let mut received = first.into_data().map(|d| d.len()).unwrap_or(0);

    // Another client deletes the message while the bridge is between chunks.
    server.expunge(user, "INBOX", uid).await;

    let ended = loop {
        match body.frame().await {
            Some(Ok(frame)) => received += frame.into_data().map(|d| d.len()).unwrap_or(0),
            Some(Err(error)) => break Some(error),
            None => break None,
        }
    };
    assert!(
        ended.is_some(),
        "the body ended cleanly after {received} of {} bytes",
        original.len()
    );
    assert!(received < original.len(), "{received}");
}

#[tokio::test]
async fn a_big_message_above_the_limit_is_still_refused_from_its_size() {
    // Streaming bounds what the bridge holds, not what it agrees to open.
    let server = MailServer::shared();
    let user = "test3@example.test";
    let original = attachment_bytes(3_000_000);
    server
        .append(user, "INBOX", &[(&message_with("over", &original), None)])
        .await;
    let mut config = bridge_config(&server, None);
    config.outbound.max_message_bytes = 3_000_000;
    let client = signed_in_through(ApiClient::new(bridge_from(config)), &server, user).await;
    let uid = client.page("INBOX", "").await.messages[0].uid.0;
    for path in ["", "/attachments/0"] {
        let reply = client
            .get(&format!("/api/folders/INBOX/messages/{uid}{path}"))
            .await;
        assert_eq!(
            reply.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{path}: {}",
            reply.text()
        );
        assert_eq!(reply.code(), "message_too_large_to_open", "{path}");
    }
}
