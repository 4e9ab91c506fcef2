//! Delivery status against a real Postfix and Dovecot: a message sent with DSN to a
//! real user and to an unknown one comes back as a `5.1.1` bounce and, only when success
//! receipts were asked for, a `relayed` report; the bridge finds them, folds them per recipient, summarises the bounce, and
//! a read receipt turns its recipient to `read`.
//!
//! Messages are sent the way the app sends them, through `POST /api/send`, which
//! submits with the DSN parameters and keeps a Sent copy carrying the ENVID.

use axum::http::StatusCode;
use facteur_delivery::{
    DeliveryView, Problem, ProblemKind, RecipientStatus, ReportLocation, ReportProblem,
    ReportSummary,
};
use facteur_model::FolderPath;
use facteur_model::Uid;
use facteur_model::compose::{Draft, DraftBody, DsnNotify, SendKey, SendRequest, SendResult};
use facteur_model::message::{Address, MessageDetail, ReportKind};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge};

const DEMO: &str = "demo@example.test";

/// A browser signed in as demo.
async fn signed_in(server: &MailServer) -> ApiClient {
    let mut browser = ApiClient::new(bridge(server));
    let reply = browser
        .sign_in(server.login_json(DEMO, &server.password(DEMO)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

/// Appends `raw` to demo's `folder` and gives its UID (found by its Message-ID).
async fn append(server: &MailServer, folder: &str, raw: &[u8], message_id: &str) -> Uid {
    server.append(DEMO, folder, &[(raw, None)]).await;
    let uids = server
        .uid_search(DEMO, folder, &format!("HEADER Message-ID \"{message_id}\""))
        .await;
    assert_eq!(uids.len(), 1, "{message_id} in {folder}: {uids:?}");
    Uid(uids[0])
}

/// A message from demo, as the composer sends it.
fn draft(to: &[&str], subject: &str, request_dsn: bool, request_read_receipt: bool) -> Draft {
    let address = |email: &str| Address {
        name: None,
        email: email.to_owned(),
    };
    Draft {
        from: Address {
            name: Some("Dominique Demo".into()),
            email: DEMO.into(),
        },
        to: to.iter().map(|email| address(email)).collect(),
        cc: Vec::new(),
        bcc: Vec::new(),
        subject: subject.into(),
        body: DraftBody {
            text: "Bonjour.".into(),
            html: None,
        },
        attachments: Vec::new(),
        in_reply_to: None,
        references: Vec::new(),
        request_dsn,
        dsn_notify: Default::default(),
        request_read_receipt,
        last_failure: None,
    }
}

/// Sends `draft` through `POST /api/send`; the result names the Sent copy.
async fn send(browser: &ApiClient, key: &str, draft: Draft) -> (SendResult, Uid) {
    let request = SendRequest {
        key: SendKey(key.into()),
        draft,
        draft_uid: None,
    };
    let reply = browser
        .post("/api/send", serde_json::to_value(&request).unwrap())
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let result: SendResult = reply.json();
    assert_eq!(
        result.sent_folder,
        Some(FolderPath("Sent".into())),
        "{result:?}"
    );
    let uid = result.sent_uid.expect("the Sent copy's UID");
    (result, uid)
}

#[tokio::test]
async fn a_relay_report_and_a_bounce_fill_the_delivery_view_and_the_summary() {
    let server = MailServer::shared();
    let browser = signed_in(&server).await;
    let mut message = draft(
        &["alice@example.test", "nobody@example.test"],
        "Delivery status test",
        true,
        false,
    );
    message.dsn_notify = DsnNotify::AlsoSuccess;
    let (sent, sent_uid) = send(&browser, "delivery-test-dsn", message).await;
    assert!(!sent.dsn_unavailable);
    let envid = sent
        .envid
        .clone()
        .expect("an ENVID: the test server offers DSN");

    // Postfix splits reports per outcome: one for alice's relay, one bounce for nobody.
    let reports = server
        .wait_for_messages(
            DEMO,
            "INBOX",
            &format!("HEADER Content-Type \"report\" TEXT \"{envid}\""),
            2,
        )
        .await;
    let bounces = server.uid_search(DEMO, "INBOX",
        &format!("HEADER Content-Type \"report\" TEXT \"{envid}\" TEXT \"nobody@example.test\" SUBJECT \"Undelivered\""),
    )
    .await;
    assert_eq!(bounces.len(), 1, "bounces: {bounces:?} of {reports:?}");
    let bounce = Uid(bounces[0]);

    let reply = browser
        .get(&format!(
            "/api/folders/Sent/messages/{}/delivery",
            sent_uid.0
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let view: DeliveryView = reply.json();
    assert!(view.dsn_requested);
    assert!(!view.read_receipt_requested);
    assert!(
        view.searched.contains(&FolderPath::inbox()),
        "{:?}",
        view.searched
    );
    assert!(!view.searched.iter().any(|f| f.as_str() == "Sent"));
    assert_eq!(view.recipients.len(), 2, "{:?}", view.recipients);
    let alice = &view.recipients[0];
    assert_eq!(alice.recipient, "alice@example.test");
    // Dovecot's LMTP offers no DSN, so Postfix reports the hand-over as relayed.
    assert_eq!(alice.status, RecipientStatus::Relayed);
    assert_eq!(alice.reports.len(), 1);
    assert!(reports.contains(&alice.reports[0].uid.0));
    let nobody = &view.recipients[1];
    assert_eq!(nobody.recipient, "nobody@example.test");
    let RecipientStatus::Failed { code, reason } = &nobody.status else {
        panic!("nobody: {:?}", nobody.status)
    };
    assert_eq!(code.map(|c| c.to_string()).as_deref(), Some("5.1.1"));
    assert!(reason.contains("User doesn't exist"), "{reason}");
    assert_eq!(
        nobody.reports,
        [ReportLocation {
            folder: FolderPath::inbox(),
            uid: bounce
        }]
    );

    // Asked again, the reports already read are not fetched again; the view is the same.
    let again: DeliveryView = browser
        .get(&format!(
            "/api/folders/Sent/messages/{}/delivery",
            sent_uid.0
        ))
        .await
        .json();
    assert_eq!(again, view);

    let reply = browser
        .get(&format!("/api/folders/INBOX/messages/{}/report", bounce.0))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let summary: ReportSummary = reply.json();
    assert_eq!(summary.kind, ReportKind::DeliveryStatus);
    assert_eq!(
        summary.original,
        Some(ReportLocation {
            folder: FolderPath("Sent".into()),
            uid: sent_uid
        })
    );
    assert_eq!(
        summary.original_subject.as_deref(),
        Some("Delivery status test")
    );
    assert_eq!(summary.recipients.len(), 1, "{:?}", summary.recipients);
    let reported = &summary.recipients[0];
    assert_eq!(reported.recipient, "nobody@example.test");
    assert_eq!(
        reported.code.map(|c| c.to_string()).as_deref(),
        Some("5.1.1")
    );
    let diagnostic = reported.diagnostic.as_deref().unwrap_or_default();
    assert!(diagnostic.contains("User doesn't exist"), "{diagnostic}");
    assert!(summary.from.is_some());

    let reply = browser
        .get(&format!("/api/folders/INBOX/messages/{}", bounce.0))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let detail: MessageDetail = reply.json();
    assert_eq!(detail.report, Some(ReportKind::DeliveryStatus));

    // The Sent copy is no report: its summary is not found.
    let reply = browser
        .get(&format!("/api/folders/Sent/messages/{}/report", sent_uid.0))
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    assert_eq!(reply.code(), "message_not_found");
    // Neither is a message that is not there.
    for uri in [
        "/api/folders/Sent/messages/999999/delivery",
        "/api/folders/INBOX/messages/999999/report",
        "/api/folders/INBOX/messages/0/delivery",
    ] {
        let reply = browser.get(uri).await;
        assert_eq!(
            reply.status,
            StatusCode::NOT_FOUND,
            "{uri}: {}",
            reply.text()
        );
        assert_eq!(reply.code(), "message_not_found", "{uri}");
    }
}

/// The RFC 8098 example receipt, about `message_id` and from `reader`, with the line
/// endings a mailbox holds.
fn receipt_about(message_id: &str, reader: &str) -> Vec<u8> {
    let fixture = include_str!("../../shared/delivery/tests/resources/rfc/rfc8098-displayed.eml");
    fixture
        .replace(
            "<199509192301.23456@example.org>",
            &format!("<{message_id}>"),
        )
        .replace("Joe_Recipient@example.com", reader)
        .replace(
            "Message-Id: <199509200019.12345@example.com>",
            "Message-Id: <fct-receipt-1@example.test>",
        )
        .replace("\r\n", "\n")
        .replace('\n', "\r\n")
        .into_bytes()
}

#[tokio::test]
async fn a_read_receipt_request_shows_until_answered_and_a_receipt_reads_read() {
    let server = MailServer::shared();
    let browser = signed_in(&server).await;

    // Received mail that asks for a receipt shows where it should go...
    let asking = "From: Alice Moreau <alice@example.test>\r\nTo: demo@example.test\r\n\
Subject: Tell me you read this\r\nMessage-ID: <fct-asking-1@example.test>\r\n\
In-Reply-To: <fct-root@example.test>\r\nReferences: <fct-root@example.test>\r\n\
Disposition-Notification-To: Alice Moreau <alice@example.test>\r\n\r\nMerci.\r\n";
    let asking_uid = append(
        &server,
        "INBOX",
        asking.as_bytes(),
        "fct-asking-1@example.test",
    )
    .await;
    let detail_uri = format!("/api/folders/INBOX/messages/{}", asking_uid.0);
    let detail: MessageDetail = browser.get(&detail_uri).await.json();
    assert_eq!(
        detail.read_receipt_to.as_ref().map(|a| a.email.as_str()),
        Some("alice@example.test")
    );
    assert_eq!(
        detail.in_reply_to.as_deref(),
        Some("<fct-root@example.test>")
    );
    assert_eq!(detail.references, ["<fct-root@example.test>"]);
    assert_eq!(detail.report, None);
    // ...until it was answered: $MDNSent.
    let mut session = server.imap(DEMO).await;
    session.select("INBOX").await.expect("SELECT");
    let _: Vec<_> = futures::TryStreamExt::try_collect(
        session
            .uid_store(asking_uid.0.to_string(), "+FLAGS ($MDNSent)")
            .await
            .expect("STORE"),
    )
    .await
    .expect("STORE");
    let _ = session.logout().await;
    let detail: MessageDetail = browser.get(&detail_uri).await.json();
    assert_eq!(detail.read_receipt_to, None);

    // A message we sent asking for a receipt: alice is waiting, then reads it.
    let (sent, sent_uid) = send(
        &browser,
        "delivery-test-mdn",
        draft(&["alice@example.test"], "Read receipt test", false, true),
    )
    .await;
    let message_id = sent.message_id.trim_matches(['<', '>']).to_owned();
    let delivery_uri = format!("/api/folders/Sent/messages/{}/delivery", sent_uid.0);
    let reply = browser.get(&delivery_uri).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let view: DeliveryView = reply.json();
    assert!(view.read_receipt_requested && !view.dsn_requested);
    assert_eq!(view.recipients.len(), 1);
    assert_eq!(view.recipients[0].status, RecipientStatus::Waiting);

    let receipt = receipt_about(&message_id, "alice@example.test");
    let receipt_uid = append(&server, "INBOX", &receipt, "fct-receipt-1@example.test").await;
    let view: DeliveryView = browser.get(&delivery_uri).await.json();
    let alice = &view.recipients[0];
    assert_eq!(alice.recipient, "alice@example.test");
    assert!(
        matches!(alice.status, RecipientStatus::Read { at: Some(_) }),
        "{:?}",
        alice.status
    );
    assert_eq!(
        alice.reports,
        [ReportLocation {
            folder: FolderPath::inbox(),
            uid: receipt_uid
        }]
    );

    let summary: ReportSummary = browser
        .get(&format!(
            "/api/folders/INBOX/messages/{}/report",
            receipt_uid.0
        ))
        .await
        .json();
    assert_eq!(summary.kind, ReportKind::ReadReceipt);
    assert_eq!(
        summary.original,
        Some(ReportLocation {
            folder: FolderPath("Sent".into()),
            uid: sent_uid
        })
    );
    let detail: MessageDetail = browser
        .get(&format!("/api/folders/INBOX/messages/{}", receipt_uid.0))
        .await
        .json();
    assert_eq!(detail.report, Some(ReportKind::ReadReceipt));
}

#[tokio::test]
async fn what_a_damaged_report_could_not_say_comes_as_typed_problems() {
    let server = MailServer::shared();
    let browser = signed_in(&server).await;
    // A bounce whose second recipient repeats Status and whose third has an Action
    // RFC 3464 does not define: the first two are still read, the third is left out.
    let raw = "From: MAILER-DAEMON@example.test\r\nTo: demo@example.test\r\n\
Subject: Undelivered Mail Returned to Sender\r\nMessage-ID: <fct-damaged-1@example.test>\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nSome mail bounced.\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; mx.example.test\r\n\r\n\
Final-Recipient: rfc822; ghost@example.test\r\nAction: failed\r\nStatus: 5.1.1\r\n\r\n\
Final-Recipient: rfc822; twice@example.test\r\nAction: failed\r\nStatus: 5.2.2\r\nStatus: 4.0.0\r\n\r\n\
Final-Recipient: rfc822; odd@example.test\r\nAction: bounced\r\nStatus: 5.0.0\r\n\
--b--\r\n";
    let uid = append(
        &server,
        "INBOX",
        raw.as_bytes(),
        "fct-damaged-1@example.test",
    )
    .await;
    let reply = browser
        .get(&format!("/api/folders/INBOX/messages/{}/report", uid.0))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let json: serde_json::Value = reply.json();
    assert_eq!(
        json["problems"][0],
        serde_json::json!({
            "problem": "field",
            "line": 10,
            "kind": {"kind": "duplicate_field", "name": "Status"},
        })
    );
    let summary: ReportSummary = reply.json();
    let names: Vec<&str> = summary
        .recipients
        .iter()
        .map(|r| r.recipient.as_str())
        .collect();
    assert_eq!(names, ["ghost@example.test", "twice@example.test"]);
    assert_eq!(
        summary.problems,
        [
            ReportProblem::Field(Problem {
                line: 10,
                kind: ProblemKind::DuplicateField {
                    name: "Status".into()
                },
            }),
            ReportProblem::Field(Problem {
                line: 12,
                kind: ProblemKind::UnknownAction {
                    text: "bounced".into()
                },
            }),
        ]
    );
}

#[tokio::test]
async fn by_default_only_failures_come_back_and_success_receipts_when_asked() {
    let server = MailServer::shared();
    let browser = signed_in(&server).await;
    let (quiet, _) = send(
        &browser,
        "delivery-test-default-notify",
        draft(
            &["alice@example.test", "nobody@example.test"],
            "Failures only",
            true,
            false,
        ),
    )
    .await;
    let quiet_envid = quiet.envid.expect("an ENVID: the test server offers DSN");
    let bounce = server
        .wait_for_messages(
            DEMO,
            "INBOX",
            &format!("HEADER Content-Type \"report\" TEXT \"{quiet_envid}\""),
            1,
        )
        .await;
    // A message asked for success receipts after it: once its receipt is in, the first
    // message's own success receipt would long have been written, had it been asked for.
    let mut loud = draft(&["alice@example.test"], "Success too", true, false);
    loud.dsn_notify = DsnNotify::AlsoSuccess;
    let (loud, _) = send(&browser, "delivery-test-success-notify", loud).await;
    let loud_envid = loud.envid.expect("an ENVID");
    let relayed = server
        .wait_for_messages(
            DEMO,
            "INBOX",
            &format!("HEADER Content-Type \"report\" TEXT \"{loud_envid}\""),
            1,
        )
        .await;
    assert_eq!(relayed.len(), 1, "{relayed:?}");
    let quiet_reports = server
        .uid_search(
            DEMO,
            "INBOX",
            &format!("HEADER Content-Type \"report\" TEXT \"{quiet_envid}\""),
        )
        .await;
    assert_eq!(
        quiet_reports, bounce,
        "only the bounce for nobody, no success receipt for alice"
    );
    let failures = server
        .uid_search(
            DEMO,
            "INBOX",
            &format!(
                "HEADER Content-Type \"report\" TEXT \"{quiet_envid}\" SUBJECT \"Undelivered\""
            ),
        )
        .await;
    assert_eq!(failures, bounce);
}

#[tokio::test]
async fn a_bounce_a_spam_filter_put_in_junk_still_tells_the_failure() {
    let server = MailServer::shared();
    let browser = signed_in(&server).await;
    let (sent, sent_uid) = send(
        &browser,
        "delivery-test-junk",
        draft(&["ghost@example.test"], "Bounce filed as spam", true, false),
    )
    .await;
    let envid = sent.envid.expect("an ENVID: the test server offers DSN");
    let bounce = server
        .wait_for_messages(
            DEMO,
            "INBOX",
            &format!("HEADER Content-Type \"report\" TEXT \"{envid}\""),
            1,
        )
        .await;
    assert_eq!(bounce.len(), 1, "{bounce:?}");

    // What a spam filter does with a message it dislikes.
    let mut session = server.imap(DEMO).await;
    session.select("INBOX").await.expect("SELECT");
    session
        .uid_mv(bounce[0].to_string(), "Junk")
        .await
        .expect("UID MOVE to Junk");
    let _ = session.logout().await;
    let in_junk = server
        .uid_search(
            DEMO,
            "Junk",
            &format!("HEADER Content-Type \"report\" TEXT \"{envid}\""),
        )
        .await;
    assert_eq!(in_junk.len(), 1, "{in_junk:?}");

    let reply = browser
        .get(&format!(
            "/api/folders/Sent/messages/{}/delivery",
            sent_uid.0
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let view: DeliveryView = reply.json();
    assert!(
        view.searched.iter().any(|f| f.as_str() == "Junk"),
        "{:?}",
        view.searched
    );
    let ghost = &view.recipients[0];
    assert_eq!(ghost.recipient, "ghost@example.test");
    assert!(
        matches!(&ghost.status, RecipientStatus::Failed { code: Some(code), .. } if code.to_string() == "5.1.1"),
        "{:?}",
        ghost.status
    );
    assert_eq!(
        ghost.reports,
        [ReportLocation {
            folder: FolderPath("Junk".into()),
            uid: Uid(in_junk[0])
        }]
    );
}
