//! Moving messages on a server that does not offer MOVE (`scripts/mailserver --no-move`):
//! UID COPY, then `\Deleted` and UID EXPUNGE of exactly those UIDs.

use axum::http::StatusCode;
use facteur_model::folder_ops::{TransferMethod, TransferResult};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge};
use serde_json::json;

fn message(n: u32) -> Vec<u8> {
    format!(
        "From: <sender{n}@example.test>\r\nTo: <test1@example.test>\r\nSubject: m{n}\r\n\
         Message-ID: <nm{n}@example.test>\r\n\r\nbody {n}\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn without_move_only_the_moved_uids_are_expunged() {
    let server = MailServer::start_with_flags(&["--no-move"]);
    let user = "test1@example.test";
    let messages: Vec<Vec<u8>> = (1..=3).map(message).collect();
    server
        .append(
            user,
            "INBOX",
            &[
                (&messages[0], None),
                (&messages[1], None),
                // Another client flagged this one \Deleted and has not expunged yet.
                (&messages[2], Some("(\\Deleted)")),
            ],
        )
        .await;
    let mut other_client = server.imap(user).await;
    let capabilities = other_client.capabilities().await.unwrap();
    assert!(!capabilities.has_str("MOVE") && capabilities.has_str("UIDPLUS"));
    let _ = other_client.logout().await;

    let mut browser = ApiClient::new(bridge(&server));
    let reply = browser.sign_in(server.login_json(user, "secret")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let created = browser
        .post("/api/folders", json!({"path": "Personnel"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());

    let reply = browser
        .post(
            "/api/folders/INBOX/move",
            json!({"uids": [1, 2], "to": "Personnel"}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let result: TransferResult = reply.json();
    assert_eq!(result.method, TransferMethod::CopyExpunge);
    assert_eq!(result.moved, Some(2));
    assert_eq!(server.count(user, "Personnel").await, 2);

    // The message someone else flagged \Deleted is still there.
    let mut session = server.imap(user).await;
    session.select("INBOX").await.unwrap();
    let left = session.uid_search("ALL").await.unwrap();
    assert_eq!(left.into_iter().collect::<Vec<_>>(), [3]);
    let _ = session.logout().await;
}
