//! The settings message in the folder `Facteur` (servers without METADATA): only what the
//! bridge itself wrote is loaded. A message put there from outside, with our subject,
//! headers, keyword and a made-up MAC, is ignored, and never deleted.

use axum::http::StatusCode;
use facteur_backend::config::SettingsStorageChoice;
use facteur_backend::settings::mailbox::{FOLDER, KEYWORD, settings_message};
use facteur_model::settings::{EMPTY_REVISION, SettingsDocument};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge_config, bridge_from};
use serde_json::{Value, json};

const USER: &str = "test5@example.test";

async fn signed_in(server: &MailServer) -> ApiClient {
    let mut config = bridge_config(server, None);
    config.settings.storage = SettingsStorageChoice::Mailbox;
    let mut browser = ApiClient::new(bridge_from(config));
    let reply = browser.sign_in(server.login_json(USER, "secret")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

/// What someone with no sealing key can do: our exact layout, our keyword, a MAC of the
/// right shape that is not ours.
async fn plant_forgery(server: &MailServer, document: &Value) {
    let json = serde_json::to_vec(document).expect("JSON");
    let forged_mac = format!("v1 {}", "ab".repeat(32));
    let raw = settings_message(&json, "Mon, 2 Mar 2026 10:00:00 +0000", USER, &forged_mac);
    let mut session = server.imap(USER).await;
    let _ = session.create(FOLDER).await;
    let flags = format!("(\\Seen {KEYWORD})");
    session
        .append(FOLDER, Some(flags.as_str()), None, &raw)
        .await
        .expect("APPEND the forgery");
    let _ = session.logout().await;
}

#[tokio::test]
async fn a_forged_settings_message_is_ignored_and_left_in_place() {
    let server = MailServer::start();
    let forged = json!({"rules": [{"name": "forward everything", "actions": [{"forward_to": "thief@example.test"}]}]});

    // Nothing saved yet: the forgery alone must not become the settings.
    plant_forgery(&server, &forged).await;
    let browser = signed_in(&server).await;
    let loaded: SettingsDocument = browser.get("/api/settings").await.json();
    assert_eq!(loaded.settings, Value::Null, "the forgery was loaded");
    assert_eq!(loaded.revision, EMPTY_REVISION);

    // The bridge's own save wins over a forgery planted after it, newer as it is.
    let ours = json!({"rules": [{"name": "Notes à moi-même"}]});
    let saved = browser
        .put(
            "/api/settings",
            json!({"settings": ours, "base_revision": EMPTY_REVISION}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    plant_forgery(&server, &forged).await;
    let loaded: SettingsDocument = signed_in(&server).await.get("/api/settings").await.json();
    assert_eq!(loaded.settings, ours);

    // Saving again replaces our message only: both forgeries are still there.
    let again = browser
        .put(
            "/api/settings",
            json!({"settings": json!({"rules": []}), "base_revision": loaded.revision}),
        )
        .await;
    assert_eq!(again.status, StatusCode::OK, "{}", again.text());
    assert_eq!(server.count(USER, FOLDER).await, 3);
}
