//! Upload quotas and clean-up against the real bridge signed in to the real Dovecot:
//! uploads running side by side cannot together pass the quota, an account's sessions
//! share one quota, and signing out removes the session's files.

use axum::body::{Body, Bytes};
use axum::http::{Request, StatusCode, header};
use facteur_model::compose::UploadedFile;
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::{MailServer, bridge_config, bridge_from};
use std::path::{Path, PathBuf};
use tokio::sync::{mpsc, watch};

/// The per-file limit of these tests; a session may hold 4 of them, an account 8.
const LIMIT: u64 = 1000;
const SESSION_QUOTA: u64 = 4 * LIMIT;
const ACCOUNT_QUOTA: u64 = 8 * LIMIT;

/// A fresh upload directory, removed on drop.
struct UploadDir(PathBuf);

impl UploadDir {
    fn new(label: &str) -> UploadDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        UploadDir(std::env::temp_dir().join(format!(
            "facteur-quota-test-{label}-{}-{nanos}",
            std::process::id()
        )))
    }

    fn path(&self) -> &Path {
        &self.0
    }

    /// The uploaded contents (`.data` files) under the directory, in every session.
    fn data_files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    walk(&path, found);
                } else if path.extension().is_some_and(|ext| ext == "data") {
                    found.push(path);
                }
            }
        }
        let mut found = Vec::new();
        walk(self.path(), &mut found);
        found
    }

    fn stored_bytes(&self) -> u64 {
        self.data_files()
            .iter()
            .map(|path| std::fs::metadata(path).map(|m| m.len()).unwrap_or(0))
            .sum()
    }
}

impl Drop for UploadDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn router(server: &MailServer, uploads: &UploadDir) -> axum::Router {
    let mut config = bridge_config(server, None);
    config.compose.upload_dir = Some(uploads.path().to_path_buf());
    config.compose.max_attachment_bytes = LIMIT;
    bridge_from(config)
}

async fn signed_in(server: &MailServer, router: &axum::Router, user: &str) -> ApiClient {
    let mut browser = ApiClient::new(router.clone());
    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

fn upload_request(length: u64) -> axum::http::request::Builder {
    Request::post("/api/uploads")
        .header("x-facteur-request", "1")
        .header(header::CONTENT_TYPE, "application/octet-stream")
        .header("x-facteur-filename", "part.bin")
        .header(header::CONTENT_LENGTH, length)
}

async fn upload(browser: &ApiClient, bytes: usize) -> Reply {
    browser
        .send(
            upload_request(bytes as u64),
            Body::from(vec![0x42u8; bytes]),
        )
        .await
}

fn assert_quota_refused(reply: &Reply) {
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.text()
    );
    assert_eq!(reply.code(), "upload_quota_exceeded");
}

/// What happened to one upload of the parallel test.
enum Event {
    /// The bridge read the first half of the body.
    Reading,
    /// The bridge answered.
    Answered(Reply),
}

#[tokio::test]
async fn parallel_uploads_together_stay_within_the_quota() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("parallel");
    let router = router(&server, &uploads);
    let browser = signed_in(&server, &router, "test1@example.test").await;
    const UPLOADS: usize = 8;
    let half = vec![0x42u8; LIMIT as usize / 2];
    let (events, mut received) = mpsc::unbounded_channel();
    let (open_gate, gate) = watch::channel(false);
    for _ in 0..UPLOADS {
        let (events, mut gate, half) = (events.clone(), gate.clone(), half.clone());
        let client = ApiClient {
            router: router.clone(),
            cookie: browser.cookie.clone(),
        };
        tokio::spawn(async move {
            // Every upload sends its first half, then waits until all have started, so
            // that each one is in progress while the others check the quota.
            let reading = events.clone();
            let first = futures::stream::once(async move {
                let _ = reading.send(Event::Reading);
                Ok::<Bytes, std::io::Error>(Bytes::from(half.clone()))
            });
            let second_half = vec![0x43u8; LIMIT as usize / 2];
            let second = futures::stream::once(async move {
                let _ = gate.wait_for(|open| *open).await;
                Ok::<Bytes, std::io::Error>(Bytes::from(second_half))
            });
            let body = Body::from_stream(futures::StreamExt::chain(first, second));
            let reply = client.send(upload_request(LIMIT), body).await;
            let _ = events.send(Event::Answered(reply));
        });
    }
    drop(events);
    let mut replies = Vec::new();
    let mut reading = 0;
    // Until every upload is either being read or already answered.
    while reading + replies.len() < UPLOADS {
        match received
            .recv()
            .await
            .expect("an upload task ended without answering")
        {
            Event::Reading => reading += 1,
            Event::Answered(reply) => replies.push(reply),
        }
    }
    open_gate.send(true).expect("the gate");
    while let Some(event) = received.recv().await {
        if let Event::Answered(reply) = event {
            replies.push(reply);
        }
    }
    assert_eq!(replies.len(), UPLOADS);
    let mut stored = 0;
    for reply in &replies {
        if reply.status == StatusCode::CREATED {
            stored += reply.json::<UploadedFile>().size;
        } else {
            assert_quota_refused(reply);
        }
    }
    assert!(stored <= SESSION_QUOTA, "{stored} bytes accepted");
    // Exactly as many as fit: the refused ones were refused on their announced length.
    assert_eq!(stored, SESSION_QUOTA);
    assert_eq!(uploads.stored_bytes(), stored);
}

#[tokio::test]
async fn the_sessions_of_one_account_share_a_quota() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("account");
    let router = router(&server, &uploads);
    let user = "test2@example.test";
    let first = signed_in(&server, &router, user).await;
    let second = signed_in(&server, &router, user).await;
    let third = signed_in(&server, &router, user).await;
    for browser in [&first, &second] {
        for _ in 0..SESSION_QUOTA / LIMIT {
            let reply = upload(browser, LIMIT as usize).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        }
    }
    // The third session has room of its own, but the account has none left.
    assert_quota_refused(&upload(&third, 1).await);
    assert_eq!(uploads.stored_bytes(), ACCOUNT_QUOTA);
    // Another account is apart.
    let stranger = signed_in(&server, &router, "test3@example.test").await;
    assert_eq!(upload(&stranger, 1).await.status, StatusCode::CREATED);
}

#[tokio::test]
async fn signing_out_removes_the_sessions_uploads() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("sign-out");
    let router = router(&server, &uploads);
    let user = "test5@example.test";
    let leaving = signed_in(&server, &router, user).await;
    let staying = signed_in(&server, &router, user).await;
    for browser in [&leaving, &staying] {
        for _ in 0..SESSION_QUOTA / LIMIT {
            let reply = upload(browser, LIMIT as usize).await;
            assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
        }
    }
    let files_per_session = (SESSION_QUOTA / LIMIT) as usize;
    assert_eq!(uploads.data_files().len(), 2 * files_per_session);
    let reply = leaving.delete("/api/session").await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    // Only the other session's files are left.
    assert_eq!(uploads.data_files().len(), files_per_session);
    // And the account has room again for a new session.
    let next = signed_in(&server, &router, user).await;
    let reply = upload(&next, LIMIT as usize).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
}
