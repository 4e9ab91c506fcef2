//! Connections cut at the worst moments, between the bridge and the real Dovecot and
//! Postfix (`facteur_tests::fault_proxy`): during a move (UID MOVE; COPY then UID
//! EXPUNGE), a send (in the middle of DATA; after the final dot, before the answer), a
//! draft save (APPEND) and a settings save. Each time the API answers a code the UI
//! translates (or a success that is true), and the mailbox, read directly over IMAP
//! (not through the proxy), holds every message once: none lost, none duplicated.

use axum::http::StatusCode;
use facteur_model::compose::{Draft, DraftSaved};
use facteur_model::folder_ops::{TransferMethod, TransferResult};
use facteur_model::problem::{ErrorCode, Problem};
use facteur_model::settings::{EMPTY_REVISION, SettingsDocument, SettingsSaved};
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::arrival::wait_for_arrival;
use facteur_tests::drafts::{address, plain_draft};
use facteur_tests::fault_proxy::{Cut, Fault, FaultProxy};
use facteur_tests::{MailServer, bridge};
use futures::TryStreamExt;
use serde_json::json;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};

/// A unique token per call, so tests sharing mailboxes never see each other's mail.
fn token(what: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{what}{}x{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// A port of the mail server on loopback, for the proxy to forward to.
fn upstream(port: u16) -> SocketAddr {
    SocketAddr::from(([127, 0, 0, 1], port))
}

/// Signs `user` in with IMAP through `imap` and SMTP through `smtp` (plain, loopback:
/// the proxy reads the commands), or the trusted SMTPS endpoint.
async fn signed_in(
    server: &MailServer,
    user: &str,
    imap: &FaultProxy,
    smtp: Option<&FaultProxy>,
) -> ApiClient {
    let mut login = server.login_json(user, &server.password(user));
    login["imap"] = json!({"host": "127.0.0.1", "port": imap.addr.port(), "security": "plain"});
    if let Some(smtp) = smtp {
        login["smtp"] = json!({"host": "127.0.0.1", "port": smtp.addr.port(), "security": "plain"});
    }
    let mut browser = ApiClient::new(bridge(server));
    let reply = browser.sign_in(login).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

/// The Message-IDs in `folder` of `user`, with how many messages carry each (read over
/// IMAP, not through the proxy). `\Deleted` messages count: they are still there.
async fn message_ids(server: &MailServer, user: &str, folder: &str) -> BTreeMap<String, usize> {
    let mut imap = server.imap(user).await;
    let mut found = BTreeMap::new();
    if imap.examine(folder).await.is_err() {
        return found;
    }
    let fetches: Vec<_> = imap
        .fetch("1:*", "(BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .expect("FETCH");
    for fetch in &fetches {
        let header = String::from_utf8_lossy(fetch.header().unwrap_or_default()).into_owned();
        let id = header
            .split_once(':')
            .map(|(_, v)| v.trim().to_owned())
            .unwrap_or_default();
        *found.entry(id).or_default() += 1;
    }
    let _ = imap.logout().await;
    found
}

/// How many messages of `folder` carry `token` in their subject.
async fn with_subject(server: &MailServer, user: &str, folder: &str, token: &str) -> usize {
    let criteria = format!("SUBJECT \"{token}\"");
    server.uid_search(user, folder, &criteria).await.len()
}

fn message(id: &str, user: &str) -> Vec<u8> {
    format!(
        "From: <sender@example.test>\r\nTo: <{user}>\r\nSubject: {id}\r\n\
         Message-ID: <{id}@example.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\n\
         body of {id}\r\n"
    )
    .into_bytes()
}

/// The problem code of an error reply.
fn problem(reply: &Reply) -> Problem {
    assert!(!reply.status.is_success(), "{}", reply.text());
    reply.json()
}

/// Moves `uids` from INBOX to `to`.
async fn move_uids(browser: &ApiClient, uids: &[u32], to: &str) -> Reply {
    browser
        .post("/api/folders/INBOX/move", json!({"uids": uids, "to": to}))
        .await
}

/// Moves until the bridge says nothing is left to move (a claim left by the cut move
/// costs one round, by design: see `imap/claim.rs`); at most three rounds.
async fn move_until_done(browser: &ApiClient, uids: &[u32], to: &str) -> Vec<TransferResult> {
    let mut results = Vec::new();
    for _ in 0..3 {
        let reply = move_uids(browser, uids, to).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
        let result: TransferResult = reply.json();
        let done = result.already_gone == count(uids) && result.note.is_none();
        results.push(result);
        if done {
            break;
        }
    }
    results
}

fn count(uids: &[u32]) -> u32 {
    u32::try_from(uids.len()).unwrap_or(u32::MAX)
}

/// Every message is once in `to` and no longer in INBOX.
async fn each_once_in(server: &MailServer, user: &str, ids: &[String], to: &str) {
    let inbox = message_ids(server, user, "INBOX").await;
    let moved = message_ids(server, user, to).await;
    for id in ids {
        let wanted = format!("<{id}@example.test>");
        assert_eq!(moved.get(&wanted), Some(&1), "{wanted} in {to}: {moved:?}");
        assert_eq!(
            inbox.get(&wanted),
            None,
            "{wanted} left in INBOX: {inbox:?}"
        );
    }
}

#[tokio::test]
async fn a_move_whose_answer_is_lost_moves_each_message_once() {
    let server = MailServer::shared();
    let user = "test1@example.test";
    let ids = [token("mv-a"), token("mv-b")];
    let raw: Vec<Vec<u8>> = ids.iter().map(|id| message(id, user)).collect();
    server
        .append(user, "INBOX", &[(&raw[0], None), (&raw[1], None)])
        .await;
    let proxy = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let browser = signed_in(&server, user, &proxy, None).await;
    let page = browser.page("INBOX", "").await;
    let uids: Vec<u32> = page.messages.iter().map(|m| m.uid.0).collect();
    assert_eq!(uids.len(), 2);

    // Dovecot moves them; the bridge never hears so.
    proxy.arm(Fault::imap("UID MOVE", Cut::ReplyWithheld));
    let reply = move_uids(&browser, &uids, "Archive").await;
    assert!(proxy.fired(), "the move went through the proxy");
    if reply.status.is_success() {
        let result: TransferResult = reply.json();
        assert_eq!(result.method, TransferMethod::Move);
    } else {
        assert_eq!(problem(&reply).code, ErrorCode::ChangeOutcomeUnknown);
    }
    each_once_in(&server, user, &ids, "Archive").await;

    // The user tries again: nothing left to move, nothing moved twice.
    let results = move_until_done(&browser, &uids, "Archive").await;
    assert_eq!(
        results.last().map(|r| r.already_gone),
        Some(2),
        "{results:?}"
    );
    each_once_in(&server, user, &ids, "Archive").await;
}

#[tokio::test]
async fn a_move_cut_before_uid_move_leaves_the_messages_and_moves_them_on_retry() {
    let server = MailServer::shared();
    let user = "test2@example.test";
    let ids = [token("mvb-a")];
    let raw = message(&ids[0], user);
    server.append(user, "INBOX", &[(&raw, None)]).await;
    let proxy = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let browser = signed_in(&server, user, &proxy, None).await;
    let uids: Vec<u32> = browser
        .page("INBOX", "")
        .await
        .messages
        .iter()
        .map(|m| m.uid.0)
        .collect();

    proxy.arm(Fault::imap("UID MOVE", Cut::Before));
    let reply = move_uids(&browser, &uids, "Archive").await;
    assert!(proxy.fired());
    assert_eq!(problem(&reply).code, ErrorCode::ChangeOutcomeUnknown);
    let wanted = format!("<{}@example.test>", ids[0]);
    assert_eq!(
        message_ids(&server, user, "INBOX").await.get(&wanted),
        Some(&1)
    );
    assert_eq!(
        message_ids(&server, user, "Archive").await.get(&wanted),
        None
    );

    let results = move_until_done(&browser, &uids, "Archive").await;
    assert!(results.iter().any(|r| r.moved == Some(1)), "{results:?}");
    each_once_in(&server, user, &ids, "Archive").await;
}

#[tokio::test]
async fn without_move_a_cut_between_copy_and_expunge_never_duplicates() {
    let server = MailServer::start_with_flags(&["--no-move"]);
    let user = "test1@example.test";
    let ids = [token("nm-a"), token("nm-b")];
    let raw: Vec<Vec<u8>> = ids.iter().map(|id| message(id, user)).collect();
    server
        .append(user, "INBOX", &[(&raw[0], None), (&raw[1], None)])
        .await;
    let proxy = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let browser = signed_in(&server, user, &proxy, None).await;
    let uids: Vec<u32> = browser
        .page("INBOX", "")
        .await
        .messages
        .iter()
        .map(|m| m.uid.0)
        .collect();
    assert_eq!(uids.len(), 2);

    // Copied and flagged \Deleted, never expunged.
    proxy.arm(Fault::imap("UID EXPUNGE", Cut::Before));
    let reply = move_uids(&browser, &uids, "Archive").await;
    assert!(proxy.fired());
    assert_eq!(
        problem(&reply).code,
        ErrorCode::ChangeOutcomeUnknown,
        "{}",
        reply.text()
    );
    // Nothing lost: the originals are still there, the copies too.
    for id in &ids {
        let wanted = format!("<{id}@example.test>");
        assert_eq!(
            message_ids(&server, user, "INBOX").await.get(&wanted),
            Some(&1)
        );
    }

    let results = move_until_done(&browser, &uids, "Archive").await;
    assert!(
        results
            .iter()
            .all(|r| r.method == TransferMethod::CopyExpunge),
        "{results:?}"
    );
    each_once_in(&server, user, &ids, "Archive").await;
}

fn draft(from: &str, to: &str, subject: &str) -> Draft {
    let text = format!("Bonjour,\n\n{}\n", "une ligne de texte. ".repeat(200));
    plain_draft(address(from), vec![address(to)], subject, &text)
}

/// Waits until Postfix's log has a line containing `needle`.
async fn wait_for_postfix_log(server: &MailServer, needle: &str) {
    let instance: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(server.dir.join("instance.json")).expect("instance.json"),
    )
    .expect("instance.json");
    let log = instance["postfix_log"]
        .as_str()
        .expect("postfix_log")
        .to_owned();
    let what = format!("'{needle}' in the Postfix log");
    wait_for_arrival(&what, || async {
        let text = std::fs::read_to_string(&log).unwrap_or_default();
        text.contains(needle).then_some(())
    })
    .await
}

#[tokio::test]
async fn a_send_cut_in_the_middle_of_data_is_kept_in_drafts_and_not_delivered() {
    let server = MailServer::shared();
    let (user, to) = ("test3@example.test", "test4@example.test");
    let imap = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let smtp = FaultProxy::start(upstream(server.instance.smtp_port)).await;
    let browser = signed_in(&server, user, &imap, Some(&smtp)).await;
    let subject = token("mid-data");

    smtp.arm(Fault::smtp("DATA", Cut::AfterBytes(300)));
    let reply = browser
        .post(
            "/api/send",
            json!({"key": subject, "draft": draft(user, to, &subject), "draft_uid": null}),
        )
        .await;
    assert!(smtp.fired());
    let problem = problem(&reply);
    // Which one depends on whether the bridge's last bytes were still in its socket
    // buffer when the cut came: it cannot know whether they reached the server.
    assert!(
        matches!(
            problem.code,
            ErrorCode::ConnectionLost | ErrorCode::SendOutcomeUnknown
        ),
        "{}",
        reply.text()
    );
    assert!(problem.saved_draft.is_some(), "{}", reply.text());
    assert_eq!(with_subject(&server, user, "Drafts", &subject).await, 1);
    // Postfix dropped the half message: once it says so, nothing can arrive.
    wait_for_postfix_log(&server, "lost connection after DATA").await;
    assert_eq!(with_subject(&server, to, "INBOX", &subject).await, 0);
    assert_eq!(with_subject(&server, user, "Sent", &subject).await, 0);
}

#[tokio::test]
async fn a_send_whose_answer_to_the_final_dot_is_lost_is_delivered_once_and_kept() {
    let server = MailServer::shared();
    let (user, to) = ("test5@example.test", "test6@example.test");
    let imap = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let smtp = FaultProxy::start(upstream(server.instance.smtp_port)).await;
    let browser = signed_in(&server, user, &imap, Some(&smtp)).await;
    let subject = token("after-dot");

    smtp.arm(Fault::smtp(".", Cut::ReplyWithheld));
    let reply = browser
        .post(
            "/api/send",
            json!({"key": subject, "draft": draft(user, to, &subject), "draft_uid": null}),
        )
        .await;
    assert!(smtp.fired());
    let problem = problem(&reply);
    assert_eq!(
        problem.code,
        ErrorCode::SendOutcomeUnknown,
        "{}",
        reply.text()
    );
    assert!(problem.saved_draft.is_some(), "{}", reply.text());
    assert_eq!(with_subject(&server, user, "Drafts", &subject).await, 1);
    assert_eq!(with_subject(&server, user, "Sent", &subject).await, 0);
    // Postfix had answered 250: the message arrives, once.
    let criteria = format!("SUBJECT \"{subject}\"");
    server.wait_for_messages(to, "INBOX", &criteria, 1).await;
    assert_eq!(with_subject(&server, to, "INBOX", &subject).await, 1);
}

/// Saves a first version of a draft, then arms `fault` and saves a second one replacing
/// it; returns the reply to the second save and the first version's UID.
async fn save_twice_with_fault(
    server: &MailServer,
    user: &str,
    fault: Fault,
    subject: &str,
) -> (Reply, u32) {
    let proxy = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let browser = signed_in(server, user, &proxy, None).await;
    let first = draft(user, "alice@example.test", &format!("{subject} v1"));
    let saved = browser
        .put("/api/drafts", json!({"draft": first, "replaces": null}))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let saved: DraftSaved = saved.json();
    let first_uid = saved.uid.expect("UIDPLUS").0;

    proxy.arm(fault);
    let second = draft(user, "alice@example.test", &format!("{subject} v2"));
    let reply = browser
        .put(
            "/api/drafts",
            json!({"draft": second, "replaces": first_uid}),
        )
        .await;
    assert!(proxy.fired());
    (reply, first_uid)
}

#[tokio::test]
async fn a_draft_save_cut_in_the_middle_of_append_keeps_the_previous_version() {
    let server = MailServer::shared();
    let user = "test7@example.test";
    let subject = token("draft-mid");
    let (reply, _) = save_twice_with_fault(
        &server,
        user,
        Fault::imap("APPEND", Cut::AfterBytes(500)),
        &subject,
    )
    .await;
    let v1 = with_subject(&server, user, "Drafts", &format!("{subject} v1")).await;
    let v2 = with_subject(&server, user, "Drafts", &format!("{subject} v2")).await;
    if reply.status.is_success() {
        // Saved on a fresh connection: once, and the old version replaced.
        assert_eq!((v1, v2), (0, 1));
    } else {
        assert_eq!(problem(&reply).code, ErrorCode::ChangeOutcomeUnknown);
        assert_eq!((v1, v2), (1, 0));
    }
}

#[tokio::test]
async fn a_draft_save_whose_answer_is_lost_is_saved_once() {
    let server = MailServer::shared();
    let user = "test8@example.test";
    let subject = token("draft-lost");
    let (reply, _) = save_twice_with_fault(
        &server,
        user,
        Fault::imap("APPEND", Cut::ReplyWithheld),
        &subject,
    )
    .await;
    let v1 = with_subject(&server, user, "Drafts", &format!("{subject} v1")).await;
    let v2 = with_subject(&server, user, "Drafts", &format!("{subject} v2")).await;
    // Dovecot stored the new version: it is there once, whatever the answer said.
    assert_eq!(v2, 1, "the new version, once");
    if reply.status.is_success() {
        assert_eq!(v1, 0);
    } else {
        // The bridge cannot know the new version landed: the old one stays.
        assert_eq!(problem(&reply).code, ErrorCode::ChangeOutcomeUnknown);
        assert_eq!(v1, 1);
    }
}

async fn load_settings(browser: &ApiClient) -> SettingsDocument {
    let reply = browser.get("/api/settings").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

/// Saves `{"rules": ["old"]}`, arms `fault`, saves `{"rules": ["new"]}`; returns the
/// reply and what loads afterwards on a fresh session (not through the proxy's cut).
async fn settings_with_fault(user: &str, fault: Fault) -> (Reply, SettingsDocument) {
    let server = MailServer::shared();
    let proxy = FaultProxy::start(upstream(server.instance.imap_port)).await;
    let browser = signed_in(&server, user, &proxy, None).await;
    let current = load_settings(&browser).await;
    let saved = browser
        .put(
            "/api/settings",
            json!({"settings": {"rules": ["old"]}, "base_revision": current.revision}),
        )
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let saved: SettingsSaved = saved.json();
    assert_ne!(saved.revision, EMPTY_REVISION);

    proxy.arm(fault);
    let reply = browser
        .put(
            "/api/settings",
            json!({"settings": {"rules": ["new"]}, "base_revision": saved.revision}),
        )
        .await;
    assert!(proxy.fired());
    let after = load_settings(&browser).await;
    (reply, after)
}

#[tokio::test]
async fn a_settings_save_cut_before_it_reaches_the_server_keeps_the_old_settings() {
    let (reply, after) =
        settings_with_fault("bob@example.test", Fault::imap("SETMETADATA", Cut::Before)).await;
    if reply.status.is_success() {
        // Saved on a fresh connection (nothing had reached the server): true.
        let saved: SettingsSaved = reply.json();
        assert_eq!(saved.revision, after.revision);
        assert_eq!(after.settings, json!({"rules": ["new"]}));
    } else {
        assert_eq!(
            problem(&reply).code,
            ErrorCode::ChangeOutcomeUnknown,
            "{}",
            reply.text()
        );
        assert_eq!(after.settings, json!({"rules": ["old"]}));
    }
}

#[tokio::test]
async fn a_settings_save_whose_answer_is_lost_says_so_and_the_settings_still_load() {
    let (reply, after) = settings_with_fault(
        "carol@example.test",
        Fault::imap("SETMETADATA", Cut::ReplyWithheld),
    )
    .await;
    // The server stored it; the bridge cannot know.
    assert_eq!(after.settings, json!({"rules": ["new"]}));
    if reply.status.is_success() {
        let saved: SettingsSaved = reply.json();
        assert_eq!(saved.revision, after.revision);
    } else {
        assert_eq!(
            problem(&reply).code,
            ErrorCode::ChangeOutcomeUnknown,
            "{}",
            reply.text()
        );
    }
}
