//! The bridge keeps a folder open between pages (issue 11): what another client changes
//! meanwhile (a message arriving, one expunged) still shows on the next page, against a
//! real Dovecot. The bridge's page function is called on a session opened the bridge's way,
//! so each test also checks that the folder really stayed open (not examined again).

use facteur_backend::imap::ImapSession;
use facteur_backend::imap::messages::page;
use facteur_model::api::MessagePage;
use facteur_model::{FolderPath, Uid};
use facteur_tests::{MailServer, signed_in};

fn message(n: u32) -> Vec<u8> {
    format!(
        "From: Sender {n} <sender{n}@example.test>\r\nTo: me@example.test\r\n\
         Subject: Message {n}\r\nDate: Mon, {n:02} Mar 2026 10:00:00 +0000\r\n\
         Message-ID: <sel{n}@example.test>\r\n\r\nBody {n}\r\n"
    )
    .into_bytes()
}

async fn append(server: &MailServer, user: &str, numbers: std::ops::RangeInclusive<u32>) {
    let raws: Vec<Vec<u8>> = numbers.map(message).collect();
    let seeds: Vec<(&[u8], Option<&str>)> = raws.iter().map(|r| (r.as_slice(), None)).collect();
    server.append(user, "INBOX", &seeds).await;
}

fn uids(page: &MessagePage) -> Vec<u32> {
    page.messages.iter().map(|m| m.uid.0).collect()
}

async fn inbox_page(session: &mut ImapSession, before: Option<u32>, limit: u32) -> MessagePage {
    page(session, &FolderPath::inbox(), before.map(Uid), limit)
        .await
        .expect("a page")
}

/// Whether the session still remembers its open folder (the next page will not EXAMINE).
fn folder_kept(session: &mut ImapSession) -> bool {
    session.get_ref().mark().is_some()
}

#[tokio::test]
async fn arrivals_and_expunges_between_pages_are_seen_with_the_folder_kept_open() {
    let server = MailServer::shared();
    let user = "test3@example.test";
    append(&server, user, 1..=5).await;
    let mut session = server.bridge_imap(user).await;

    let first = inbox_page(&mut session, None, 3).await;
    assert_eq!((first.total, uids(&first)), (5, vec![5, 4, 3]));
    assert_eq!(first.next_before, Some(Uid(3)));
    assert!(folder_kept(&mut session));

    // Nothing changed: the same page, the folder still open.
    let again = inbox_page(&mut session, None, 3).await;
    assert_eq!(again, first);
    assert!(folder_kept(&mut session));

    // A message arrives: the count, the new message and UIDNEXT show.
    append(&server, user, 6..=6).await;
    let arrived = inbox_page(&mut session, None, 3).await;
    assert_eq!((arrived.total, uids(&arrived)), (6, vec![6, 5, 4]));
    assert_eq!(arrived.uid_next, Some(Uid(7)));
    assert_eq!(arrived.uid_validity, first.uid_validity);

    // One is expunged elsewhere: gone from the page, the count one less, no gap.
    server.expunge(user, "INBOX", 5).await;
    let expunged = inbox_page(&mut session, None, 3).await;
    assert_eq!((expunged.total, uids(&expunged)), (5, vec![6, 4, 3]));
    assert!(
        folder_kept(&mut session),
        "an expunge alone keeps the folder open"
    );

    // Older pages from a UID still there, and from one expunged meanwhile.
    let older = inbox_page(&mut session, Some(4), 2).await;
    assert_eq!(
        (uids(&older), older.next_before),
        (vec![3, 2], Some(Uid(2)))
    );
    server.expunge(user, "INBOX", 3).await;
    let after_expunge = inbox_page(&mut session, Some(4), 2).await;
    assert_eq!((after_expunge.total, uids(&after_expunge)), (4, vec![2, 1]));
    assert_eq!(after_expunge.next_before, None);
    let from_gone = inbox_page(&mut session, Some(3), 5).await;
    assert_eq!(uids(&from_gone), vec![2, 1]);
    let from_gone_uid = inbox_page(&mut session, Some(5), 5).await;
    assert_eq!(uids(&from_gone_uid), vec![4, 2, 1]);
    let oldest = inbox_page(&mut session, Some(1), 5).await;
    assert!(oldest.messages.is_empty());

    // Arrival and expunge together, between two pages.
    append(&server, user, 7..=7).await;
    server.expunge(user, "INBOX", 6).await;
    let both = inbox_page(&mut session, None, 10).await;
    assert_eq!((both.total, uids(&both)), (4, vec![7, 4, 2, 1]));
    assert_eq!(both.next_before, None);
}

#[tokio::test]
async fn another_command_on_the_connection_makes_the_next_page_examine_again() {
    let server = MailServer::shared();
    let user = "test4@example.test";
    append(&server, user, 1..=3).await;
    let mut session = server.bridge_imap(user).await;
    let first = inbox_page(&mut session, None, 10).await;
    assert_eq!(uids(&first), vec![3, 2, 1]);
    assert!(folder_kept(&mut session));

    // Another folder opened on the same connection (as a flag change or a move does),
    // and a message expunged meanwhile in INBOX by another client.
    session.select("Archive").await.expect("SELECT Archive");
    assert!(!folder_kept(&mut session));
    server.expunge(user, "INBOX", 2).await;
    let after = inbox_page(&mut session, None, 10).await;
    assert_eq!((after.total, uids(&after)), (2, vec![3, 1]));
    assert!(folder_kept(&mut session));

    // Another folder's page, then INBOX's again.
    let archive = page(&mut session, &FolderPath("Archive".into()), None, 10)
        .await
        .expect("Archive");
    assert_eq!(archive.folder.as_str(), "Archive");
    let inbox = inbox_page(&mut session, None, 10).await;
    assert_eq!(uids(&inbox), vec![3, 1]);
}

#[tokio::test]
async fn through_the_api_opening_and_flagging_between_pages_keeps_pages_right() {
    let server = MailServer::shared();
    let user = "test5@example.test";
    append(&server, user, 1..=4).await;
    let browser = signed_in(&server, user).await;
    let first = browser.page("INBOX", "?limit=2").await;
    assert_eq!(uids(&first), vec![4, 3]);

    let opened = browser.get("/api/folders/INBOX/messages/4").await;
    assert_eq!(
        opened.status,
        axum::http::StatusCode::OK,
        "{}",
        opened.text()
    );
    let flagged = browser
        .post(
            "/api/folders/INBOX/flags",
            serde_json::json!({"uids": [3], "add": ["seen"], "remove": []}),
        )
        .await;
    assert_eq!(
        flagged.status,
        axum::http::StatusCode::NO_CONTENT,
        "{}",
        flagged.text()
    );
    append(&server, user, 5..=5).await;
    server.expunge(user, "INBOX", 4).await;

    let next = browser.page("INBOX", "?limit=2").await;
    assert_eq!((next.total, uids(&next)), (4, vec![5, 3]));
    assert!(next.messages[1].has_flag(facteur_model::message::Flag::Seen));
    let older = browser.page("INBOX", "?limit=2&before=3").await;
    assert_eq!(uids(&older), vec![2, 1]);
}
