//! A received message's route and authentication, through the bridge against the
//! harness's real Postfix and Dovecot: a message sent through `POST /api/send` comes back
//! with the `Received` hops Postfix (submission over STARTTLS) and Dovecot (LMTP) really
//! wrote; a header block written the way Gmail writes it, appended over IMAP, gives its
//! DMARC failure and its warnings.

use axum::http::StatusCode;
use facteur_delivery::{Alignment, AuthResult, Delay, Encryption, TransitView, TransitWarning};
use facteur_model::compose::{SendKey, SendRequest, SendResult};
use facteur_model::{FolderPath, Uid, routes};
use facteur_tests::api_client::ApiClient;
use facteur_tests::drafts::{address, plain_draft};
use facteur_tests::{MailServer, signed_in};

const DEMO: &str = "demo@example.test";

async fn transit(browser: &ApiClient, uid: Uid) -> TransitView {
    let reply = browser
        .get(&routes::transit(&FolderPath("INBOX".into()), uid).url)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn a_message_through_the_real_postfix_has_its_real_hops() {
    let server = MailServer::shared();
    let browser = signed_in(&server, DEMO).await;
    let subject = "Transit through the harness Postfix";
    let draft = plain_draft(
        address(DEMO),
        vec![address(DEMO)],
        subject,
        "Par où est passé ce message ?",
    );
    let request = SendRequest {
        key: SendKey("transit-real-postfix".into()),
        draft,
        draft_uid: None,
    };
    let reply = browser
        .post("/api/send", serde_json::to_value(&request).unwrap())
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let _: SendResult = reply.json();
    let uids = server
        .wait_for_messages(DEMO, "INBOX", &format!("SUBJECT \"{subject}\""), 1)
        .await;

    let view = transit(&browser, Uid(uids[0])).await;
    // Postfix took it on submission (the bridge uses STARTTLS and AUTH: ESMTPSA), then
    // handed it to Dovecot over LMTP, which wrote the last hop.
    assert!(view.hops.len() >= 2, "{view:#?}");
    let submission = view
        .hops
        .iter()
        .find(|h| h.hop.by.as_deref().is_some_and(|by| by.contains("Postfix")))
        .unwrap_or_else(|| panic!("a Postfix hop: {view:#?}"));
    assert_eq!(submission.hop.with.as_deref(), Some("ESMTPSA"), "{view:#?}");
    assert_eq!(submission.encryption, Encryption::Tls);
    assert!(submission.hop.id.is_some(), "Postfix's queue id: {view:#?}");
    let last = view.hops.last().expect("hops");
    assert_eq!(
        last.hop.with.as_deref().map(|w| w.split(' ').next()),
        Some(Some("LMTP"))
    );
    assert_eq!(last.encryption, Encryption::Internal);
    assert!(view.hops.iter().all(|h| h.hop.at.is_some()), "{view:#?}");
    assert!(matches!(view.total, Some(Delay::Took { .. })), "{view:#?}");
    assert!(!view.has_unencrypted_hop());
    // The harness signs nothing and verifies nothing: no verdict, and no warning.
    assert_eq!(view.verdict, None);
    assert_eq!(view.from_domain.as_deref(), Some("example.test"));
}

const GMAIL: &[u8] = include_bytes!(
    "../../shared/delivery/tests/resources/transit/gmail-dmarc-fail-not-aligned.headers"
);

#[tokio::test]
async fn an_appended_gmail_message_shows_its_dmarc_failure() {
    let server = MailServer::shared();
    let browser = signed_in(&server, DEMO).await;
    let message_id = "<transit-gmail-fixture@bank.example>";
    let mut raw = GMAIL.to_vec();
    // The fixture is a header block ending with its blank line: add an id and a body.
    let end = raw
        .windows(2)
        .rposition(|w| w == b"\n\n")
        .expect("the header block's end");
    raw.truncate(end + 1);
    raw.extend_from_slice(format!("Message-ID: {message_id}\n\nCliquez ici.\n").as_bytes());
    let raw = String::from_utf8(raw).unwrap().replace('\n', "\r\n");
    server
        .append(DEMO, "INBOX", &[(raw.as_bytes(), None)])
        .await;
    let uids = server
        .uid_search(
            DEMO,
            "INBOX",
            &format!("HEADER Message-ID \"{message_id}\""),
        )
        .await;
    assert_eq!(uids.len(), 1);

    let view = transit(&browser, Uid(uids[0])).await;
    assert_eq!(view.hops.len(), 2);
    let verdict = view.verdict.as_ref().expect("a verdict");
    assert_eq!(verdict.authserv_id.as_deref(), Some("mx.google.com"));
    assert_eq!(verdict.dmarc, Some(AuthResult::Fail));
    assert_eq!(verdict.alignment, Alignment::NotAligned);
    assert!(view.warnings.contains(&TransitWarning::DmarcFailed {
        policy: Some("reject".into())
    }));
}

#[tokio::test]
async fn a_missing_message_is_not_found() {
    let server = MailServer::shared();
    let browser = signed_in(&server, DEMO).await;
    let reply = browser
        .get(&routes::transit(&FolderPath("INBOX".into()), Uid(999_999)).url)
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
}
