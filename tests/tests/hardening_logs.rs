//! No password, cookie, token or message body in the bridge's logs, at any level: the
//! bridge's own logging set-up is installed at TRACE (dependencies' `log` records
//! included), then a user signs in, sends a message to themselves and reads it.
//!
//! One test in this file: the subscriber is global to the process.

use axum::http::StatusCode;
use base64_needles::{auth_login_password, auth_plain_token};
use facteur_backend::logging::{EnvFilter, install};
use facteur_tests::api_client::ApiClient;
use facteur_tests::arrival::wait_for_arrival;
use facteur_tests::drafts::{address, plain_draft};
use facteur_tests::{MailServer, bridge};
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};

/// Everything the subscriber writes.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        if let Ok(mut buffer) = self.0.lock() {
            buffer.extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Captured {
    fn text(&self) -> String {
        let buffer = self.0.lock().map(|b| b.clone()).unwrap_or_default();
        String::from_utf8_lossy(&buffer).into_owned()
    }
}

/// The base64 forms SMTP AUTH would carry, computed here without a base64 crate.
mod base64_needles {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    fn encode(bytes: &[u8]) -> String {
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
                } else {
                    out.push('=');
                }
            }
        }
        out
    }

    /// `AUTH PLAIN`'s token: NUL, user, NUL, password.
    pub fn auth_plain_token(user: &str, password: &str) -> String {
        encode(format!("\0{user}\0{password}").as_bytes())
    }

    /// `AUTH LOGIN`'s password line.
    pub fn auth_login_password(password: &str) -> String {
        encode(password.as_bytes())
    }

    #[test]
    fn encodes_like_rfc_4648() {
        assert_eq!(encode(b"secret"), "c2VjcmV0");
        assert_eq!(encode(b"\0demo\0pw"), "AGRlbW8AcHc=");
        assert_eq!(encode(b"ab"), "YWI=");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_password_cookie_token_or_body_is_logged_even_at_trace() {
    let captured = Captured::default();
    let writer = captured.clone();
    install(EnvFilter::new("trace"), move || writer.clone()).expect("install the subscriber");

    let server = MailServer::shared();
    // Its password is no word a log line could hold by chance.
    let user = "logcheck@example.test";
    let password = server.password(user);
    assert_eq!(password, "Pw-logcheck-7Qx9-never-in-logs");
    let mut browser = ApiClient::new(bridge(&server));
    let reply = browser.sign_in(server.login_json(user, &password)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let cookie = browser.cookie.clone().expect("a session cookie");
    let cookie_value = cookie.split_once('=').map(|(_, v)| v.to_owned());
    let cookie_value = cookie_value.expect("name=value");

    let unique = format!("{}x{}", std::process::id(), line!());
    let body_text = format!("Corps confidentiel numero {unique}");
    let subject = format!("Journal {unique}");
    let me = address(user);
    let draft = plain_draft(me.clone(), vec![me], &subject, &format!("{body_text}\n"));
    let send_key = format!("log-check-{unique}");
    let reply = browser
        .post(
            "/api/send",
            json!({"key": send_key, "draft": draft, "draft_uid": null}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    // Read it back through the bridge, so FETCH answers with the body go through the logs.
    let uid = wait_for_arrival("the message", || async {
        let page = browser.page("INBOX", "?limit=50").await;
        let found = page.messages.iter().find(|m| m.subject == subject);
        found.map(|m| m.uid.0)
    })
    .await;
    let opened = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}"))
        .await;
    assert!(opened.text().contains(&body_text), "{}", opened.text());
    let html = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}/body.html"))
        .await;
    assert!(html.text().contains(&body_text));

    let logs = captured.text();
    // The capture really holds TRACE output, our own and dependencies' `log` records.
    assert!(logs.contains("signed in"), "our own events are captured");
    assert!(logs.contains("TRACE"), "TRACE events are captured");
    assert!(
        logs.contains("rustls::"),
        "dependencies' log records are captured"
    );
    let needles = [
        ("the password", password.clone()),
        ("the cookie value", cookie_value),
        ("the message body", body_text),
        ("the send key", send_key),
        ("the AUTH PLAIN token", auth_plain_token(user, &password)),
        ("the AUTH LOGIN password", auth_login_password(&password)),
    ];
    for (what, needle) in needles {
        if let Some(at) = logs.find(&needle) {
            let start = logs[..at].rfind('\n').map_or(0, |i| i + 1);
            let end = logs[at..].find('\n').map_or(logs.len(), |i| at + i);
            panic!("{what} is in the logs: {}", &logs[start..end]);
        }
    }
}
