//! A mail server that turns connections away for its load is named as such
//! (`mail_server_busy`), not as a wrong password or a vague timeout: a real Dovecot at its
//! per-user connection limit, and a listener that takes connections and never greets (what
//! a Dovecot at its login `process_limit` looks like from outside).

use axum::http::StatusCode;
use facteur_model::api::{Security, ServerEndpoint};
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::{MailServer, bridge_config, bridge_from};

/// A 503 `mail_server_busy` whose detail says `what`.
fn assert_busy(reply: &Reply, what: &str) {
    assert_eq!(
        reply.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.code(), "mail_server_busy");
    assert!(reply.text().contains(what), "{}", reply.text());
}

#[tokio::test]
async fn a_dovecot_at_its_connection_limit_is_a_busy_server_not_a_wrong_password() {
    let server = MailServer::start_with_flags(&["--max-user-connections", "2"]);
    let user = "test1@example.test";
    let mut held = Vec::new();
    for _ in 0..2 {
        held.push(server.imap(user).await);
    }
    let mut browser = ApiClient::new(bridge_from(bridge_config(&server, None)));
    let refused = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_busy(&refused, "LIMIT");

    // A wrong password at the same server is still a wrong password.
    let wrong = browser
        .sign_in(server.login_json("test2@example.test", "nope"))
        .await;
    assert_eq!(wrong.code(), "bad_credentials");
    drop(held);
}

#[tokio::test]
async fn a_server_that_accepts_and_never_greets_is_a_busy_server() {
    let server = MailServer::shared();
    // Bound and listening, never accepting: the kernel completes the TCP handshake and
    // the connection waits in the queue, as behind a Dovecot out of login processes.
    let silent = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let port = silent.local_addr().expect("address").port();
    let mut config = bridge_config(&server, None);
    config.outbound.connect_timeout_secs = 1;
    let mut browser = ApiClient::new(bridge_from(config));
    let endpoint = ServerEndpoint {
        host: "127.0.0.1".into(),
        port,
        security: Security::Plain,
    };
    let user = "test3@example.test";
    let refused = browser
        .sign_in(server.login_json_for(user, &server.password(user), &endpoint))
        .await;
    assert_busy(&refused, "did not greet");
    drop(silent);
}
