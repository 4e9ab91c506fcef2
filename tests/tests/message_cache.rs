//! The reader's requests for one message (detail, body document, attachment) download it
//! once: the bridge keeps what it opened, per session, and forgets it at sign-out. Against
//! a real Dovecot; the proof that the body came from the cache is that the server no
//! longer has the message when the body is asked for.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use facteur_backend::{AppState, app};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge_config};

const MESSAGE: &[u8] = b"From: Alice <alice@example.test>\r\nTo: test6@example.test\r\n\
Subject: Kept once\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n\
Message-ID: <kept@example.test>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n\
Le texte du message.\r\n--b\r\nContent-Type: text/plain\r\n\
Content-Disposition: attachment; filename=notes.txt\r\n\r\nDes notes.\r\n--b--\r\n";

#[tokio::test]
async fn detail_body_and_attachment_download_the_message_once_and_sign_out_forgets_it() {
    let server = MailServer::shared();
    let user = "test6@example.test";
    server.append(user, "INBOX", &[(MESSAGE, None)]).await;
    let state = AppState::new(bridge_config(&server, None)).expect("bridge state");
    let mut browser = ApiClient::new(app(state.clone()));
    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let uid = browser.page("INBOX", "?limit=1").await.messages[0].uid.0;
    assert_eq!(state.pool.messages().bytes(), 0);

    let detail = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}"))
        .await;
    assert_eq!(detail.status, StatusCode::OK, "{}", detail.text());
    assert!(state.pool.messages().bytes() >= MESSAGE.len());

    // Gone from the server (another client deleted it for good)...
    server.expunge(user, "INBOX", uid).await;

    // ...yet the reader's next requests for it are answered: from what the detail fetched.
    let body = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}/body.html"))
        .await;
    assert_eq!(body.status, StatusCode::OK, "{}", body.text());
    assert!(body.text().contains("Le texte du message."));
    let file = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}/attachments/0"))
        .await;
    assert_eq!(file.status, StatusCode::OK, "{}", file.text());
    assert_eq!(file.text(), "Des notes.");
    // The list, which asks the server, no longer shows it.
    assert!(browser.page("INBOX", "?limit=10").await.messages.is_empty());

    let signed_out = browser
        .send(
            Request::delete("/api/session").header("x-facteur-request", "1"),
            Body::empty(),
        )
        .await;
    assert!(signed_out.status.is_success(), "{}", signed_out.status);
    assert_eq!(
        state.pool.messages().bytes(),
        0,
        "sign-out forgets the session's messages"
    );
}
