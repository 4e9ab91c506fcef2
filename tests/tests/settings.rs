//! Settings that roam with the account: IMAP METADATA on the real Dovecot, and the
//! message in the folder `Facteur` where an operator chooses it (or METADATA is missing).

use axum::http::StatusCode;
use facteur_model::problem::Problem;
use facteur_model::settings::{EMPTY_REVISION, SettingsDocument, SettingsSaved, SettingsStorage};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge, bridge_config, bridge_from};
use serde_json::{Value, json};

async fn signed_in(server: &MailServer, user: &str, mailbox_storage: bool) -> ApiClient {
    let mut config = bridge_config(server, None);
    if mailbox_storage {
        config.settings.storage = facteur_backend::config::SettingsStorageChoice::Mailbox;
    }
    let router = if mailbox_storage {
        bridge_from(config)
    } else {
        bridge(server)
    };
    let mut browser = ApiClient::new(router);
    let reply = browser.sign_in(server.login_json(user, "secret")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

fn rules(name: &str) -> Value {
    json!({
        "rules": [{"name": name, "enabled": true, "actions": [{"move_to": "Personnel"}]}],
        "view": {"density": "compact"},
        "last_seen": {"INBOX": {"uid_validity": 1700000000, "uid": 42}},
    })
}

/// Two devices saving in turn, and one of them late: the late one gets the other's
/// version to merge with.
async fn conflict_scenario(server: &MailServer, user: &str, mailbox: bool) {
    let storage = if mailbox {
        SettingsStorage::Mailbox
    } else {
        SettingsStorage::Metadata
    };
    let laptop = signed_in(server, user, mailbox).await;
    let phone = signed_in(server, user, mailbox).await;

    let empty: SettingsDocument = laptop.get("/api/settings").await.json();
    assert_eq!(empty.settings, Value::Null);
    assert_eq!(empty.revision, EMPTY_REVISION);
    assert_eq!(empty.storage, storage);

    let first = rules("Notes à moi-même");
    let saved = laptop
        .put(
            "/api/settings",
            json!({"settings": first, "base_revision": EMPTY_REVISION}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let saved: SettingsSaved = saved.json();
    assert_eq!(saved.storage, storage);

    let on_phone: SettingsDocument = phone.get("/api/settings").await.json();
    assert_eq!(on_phone.settings, first);
    assert_eq!(on_phone.revision, saved.revision);

    // The phone edits from what it loaded; the laptop, still on the empty version, is late.
    let second = rules("Professionnel");
    let phone_saved: SettingsSaved = phone
        .put(
            "/api/settings",
            json!({"settings": second, "base_revision": saved.revision}),
        )
        .await
        .json();
    assert_ne!(phone_saved.revision, saved.revision);
    let late = laptop
        .put(
            "/api/settings",
            json!({"settings": rules("late"), "base_revision": saved.revision}),
        )
        .await;
    assert_eq!(late.status, StatusCode::CONFLICT);
    assert_eq!(late.code(), "settings_conflict");
    let current = late
        .json::<Problem>()
        .current_settings
        .expect("current document");
    assert_eq!(current.settings, second);
    assert_eq!(current.revision, phone_saved.revision);

    let merged = laptop
        .put(
            "/api/settings",
            json!({"settings": rules("merged"), "base_revision": current.revision}),
        )
        .await;
    assert_eq!(merged.status, StatusCode::OK, "{}", merged.text());
    let now: SettingsDocument = phone.get("/api/settings").await.json();
    assert_eq!(now.settings, rules("merged"));

    let huge = json!({"blob": "x".repeat(300 * 1024)});
    let too_large = laptop
        .put(
            "/api/settings",
            json!({"settings": huge, "base_revision": now.revision}),
        )
        .await;
    assert_eq!(too_large.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(too_large.code(), "settings_too_large");
}

#[tokio::test]
async fn settings_roam_through_metadata_and_conflicts_are_caught() {
    let server = MailServer::shared();
    conflict_scenario(&server, "test1@example.test", false).await;
    // METADATA leaves the mailbox alone: no settings folder appears.
    let folders = signed_in(&server, "test1@example.test", false)
        .await
        .get("/api/folders")
        .await
        .text();
    assert!(!folders.contains("\"Facteur\""), "{folders}");
}

/// About 200 KB of non-ASCII text and line breaks: one literal of that size must reach
/// the server whole (Dovecot withholds the go-ahead when a command line is split).
async fn large_document_round_trip(server: &MailServer, user: &str, mailbox: bool) {
    let browser = signed_in(server, user, mailbox).await;
    let rules: Vec<Value> = (0..400)
        .map(|n| json!({"name": format!("Règle n°{n} — « test »"), "value": "y".repeat(400)}))
        .collect();
    let document = json!({"rules": rules, "multi\nline": "a\r\nb"});
    let reply = browser
        .put(
            "/api/settings",
            json!({"settings": document, "base_revision": EMPTY_REVISION}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let loaded: SettingsDocument = browser.get("/api/settings").await.json();
    assert_eq!(loaded.settings, document);
}

#[tokio::test]
async fn a_large_document_round_trips_through_metadata() {
    large_document_round_trip(&MailServer::shared(), "test2@example.test", false).await;
}

#[tokio::test]
async fn a_large_document_round_trips_through_a_message() {
    large_document_round_trip(&MailServer::shared(), "test4@example.test", true).await;
}

#[tokio::test]
async fn settings_roam_through_a_message_where_chosen() {
    let server = MailServer::shared();
    let user = "test3@example.test";
    conflict_scenario(&server, user, true).await;
    // Several saves, one message: each save removed the previous one by UID.
    assert_eq!(server.count(user, "Facteur").await, 1);
}
