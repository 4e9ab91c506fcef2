//! Server-side filtering: installing a Sieve script over ManageSieve on the real Dovecot
//! (Pigeonhole), then mail delivered while no client runs is filed by the server.

use axum::http::StatusCode;
use facteur_model::sieve::{SieveInstalled, SieveStatus};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge};
use serde_json::json;

async fn signed_in(server: &MailServer, user: &str) -> ApiClient {
    let mut browser = ApiClient::new(bridge(server));
    let reply = browser.sign_in(server.login_json(user, "secret")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

fn note(from: &str, to: &str, subject: &str) -> Vec<u8> {
    format!(
        "From: <{from}>\r\nTo: <{to}>\r\nSubject: {subject}\r\n\
         Message-ID: <{}@example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nNe pas oublier le pain.\r\n",
        subject.replace(' ', "-")
    )
    .into_bytes()
}

#[tokio::test]
async fn an_installed_script_files_mail_while_no_client_runs() {
    let server = MailServer::shared();
    let user = "test1@example.test";
    let port = server.instance.managesieve_port;
    let browser = signed_in(&server, user).await;
    let created = browser
        .post("/api/folders", json!({"path": "Personnel"}))
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.text());

    let status: SieveStatus = browser.get(&format!("/api/sieve?port={port}")).await.json();
    assert!(status.available, "{status:?}");
    assert!(
        status.extensions.iter().any(|e| e == "fileinto"),
        "{status:?}"
    );
    assert_eq!(status.active_script, None);

    let script = "require [\"fileinto\"];\r\n\
                  # « Notes à moi-même »: a message from one of my addresses goes to Personnel.\r\n\
                  if address :is \"from\" \"test1@example.test\" {\r\n  fileinto \"Personnel\";\r\n  stop;\r\n}\r\n";
    let reply = browser
        .put("/api/sieve", json!({"script": script, "port": port}))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let installed: SieveInstalled = reply.json();
    assert_eq!(
        (installed.name.as_str(), installed.active),
        ("facteur", true)
    );
    let status: SieveStatus = browser.get(&format!("/api/sieve?port={port}")).await.json();
    assert_eq!(status.active_script.as_deref(), Some("facteur"));
    assert_eq!(status.active_content.as_deref(), Some(script));

    // The browser is gone; mail arrives over SMTP and Dovecot's LMTP runs the script.
    drop(browser);
    server
        .deliver_smtp(user, user, &note(user, user, "note a moi"))
        .await;
    server
        .deliver_smtp(
            "bob@example.test",
            user,
            &note("bob@example.test", user, "hello"),
        )
        .await;
    server.wait_for_messages(user, "Personnel", "ALL", 1).await;
    server.wait_for_messages(user, "INBOX", "ALL", 1).await;
    assert_eq!(server.count(user, "Personnel").await, 1);
    assert_eq!(server.count(user, "INBOX").await, 1);
}

#[tokio::test]
async fn an_invalid_script_is_refused_with_the_servers_reason() {
    let server = MailServer::shared();
    let port = server.instance.managesieve_port;
    let browser = signed_in(&server, "test2@example.test").await;
    let reply = browser
        .put(
            "/api/sieve",
            json!({"script": "require [\"fileinto\"];\nfileinto Personnel;\n", "port": port}),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    assert_eq!(reply.code(), "sieve_script_invalid");
    let detail: serde_json::Value = reply.json();
    let detail = detail["detail"].as_str().unwrap_or_default();
    assert!(detail.contains("line 2"), "{detail}");
    let status: SieveStatus = browser.get(&format!("/api/sieve?port={port}")).await.json();
    assert_eq!(status.active_script, None, "nothing was activated");
}

#[tokio::test]
async fn a_server_without_managesieve_says_so() {
    let server = MailServer::shared();
    let browser = signed_in(&server, "test3@example.test").await;
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let status: SieveStatus = browser
        .get(&format!("/api/sieve?port={closed}"))
        .await
        .json();
    assert!(!status.available);
    assert!(status.reason.is_some());
    let reply = browser
        .put("/api/sieve", json!({"script": "keep;", "port": closed}))
        .await;
    assert_eq!(reply.status, StatusCode::CONFLICT, "{}", reply.text());
    assert_eq!(reply.code(), "sieve_unavailable");
}
