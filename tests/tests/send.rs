//! Sending through the bridge against the real Postfix + Dovecot: the message reaches
//! its recipients, the Sent copy keeps the Bcc and the ENVID, a failed send is kept in
//! Drafts with the reason, the same key sends once, and read receipts go back.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_delivery::{DispositionType, Mode, parse_disposition_notification};
use facteur_model::compose::{
    ComposeCapabilities, Draft, DraftAttachment, SendResult, SentCopy, UploadedFile,
};
use facteur_model::message::Address;
use facteur_model::problem::{ErrorCode, Problem};
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::arrival::wait_for_arrival;
use facteur_tests::drafts::{address, plain_draft};
use facteur_tests::{MailServer, bridge, path_segment, signed_in};
use futures::TryStreamExt;
use mail_parser::{MessageParser, MimeHeaders};
use serde_json::json;
use std::sync::atomic::{AtomicU32, Ordering};

/// A unique subject per call, so tests sharing mailboxes never see each other's mail.
fn subject(what: &str) -> String {
    static N: AtomicU32 = AtomicU32::new(0);
    format!(
        "{what} t{}x{}y",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn draft(from: &str, to: &[&str], subject: &str) -> Draft {
    let from = Address {
        name: Some("Démo Facteur".into()),
        email: from.to_owned(),
    };
    let to = to.iter().map(|a| address(a)).collect();
    plain_draft(from, to, subject, "Bonjour,\n\nvoici le texte.\n")
}

async fn send(browser: &ApiClient, key: &str, draft: &Draft, draft_uid: Option<u32>) -> Reply {
    browser
        .post(
            "/api/send",
            json!({"key": key, "draft": draft, "draft_uid": draft_uid}),
        )
        .await
}

/// The ASCII token that makes a subject unique, for IMAP SEARCH (which would need a
/// literal for non-ASCII text).
fn token(subject: &str) -> &str {
    subject.rsplit(' ').next().unwrap_or(subject)
}

/// An IMAP SEARCH for the messages whose header `name` contains `value`.
fn header(name: &str, value: &str) -> String {
    format!("HEADER {name} \"{}\"", value.replace('"', ""))
}

/// UIDs of the messages of `folder` whose header `name` contains `value`.
async fn search(
    server: &MailServer,
    user: &str,
    folder: &str,
    name: &str,
    value: &str,
) -> Vec<u32> {
    server.uid_search(user, folder, &header(name, value)).await
}

/// Waits until `folder` of `user` holds a message whose header matches; its UIDs.
async fn wait_for(
    server: &MailServer,
    user: &str,
    folder: &str,
    name: &str,
    value: &str,
) -> Vec<u32> {
    server
        .wait_for_messages(user, folder, &header(name, value), 1)
        .await
}

/// The raw bytes and flags of one message.
async fn fetch(server: &MailServer, user: &str, folder: &str, uid: u32) -> (Vec<u8>, Vec<String>) {
    let mut imap = server.imap(user).await;
    imap.select(folder).await.expect("SELECT");
    let fetches: Vec<_> = imap
        .uid_fetch(uid.to_string(), "(FLAGS BODY.PEEK[])")
        .await
        .expect("UID FETCH")
        .try_collect()
        .await
        .expect("UID FETCH");
    let fetch = fetches
        .iter()
        .find(|f| f.uid == Some(uid))
        .expect("the message");
    let flags = fetch.flags().map(|flag| format!("{flag:?}")).collect();
    let body = fetch.body().expect("body").to_vec();
    let _ = imap.logout().await;
    (body, flags)
}

async fn upload(
    browser: &ApiClient,
    name: &str,
    content_type: &str,
    bytes: Vec<u8>,
) -> UploadedFile {
    let builder = Request::post("/api/uploads")
        .header(header::CONTENT_TYPE, content_type)
        .header("x-facteur-filename", path_segment(name))
        .header("x-facteur-request", "1");
    let reply = browser.send(builder, Body::from(bytes)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn rich_text_with_an_attachment_reaches_alice_and_sent_keeps_the_copy() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let attachment: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
    let file = upload(
        &demo,
        "relevé.bin",
        "application/octet-stream",
        attachment.clone(),
    )
    .await;
    let subject = subject("Rapport été");
    let mut message = draft("demo@example.test", &["alice@example.test"], &subject);
    message.bcc = vec![address("bob@example.test")];
    message.body.html = Some("<p><b>Bonjour</b> Alice, <i>voici</i> le rapport.</p>".into());
    message.attachments = vec![DraftAttachment::Uploaded(file.clone())];
    message.request_dsn = true;

    let reply = send(&demo, "rich-1", &message, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let sent: SendResult = reply.json();
    let envid = sent
        .envid
        .clone()
        .expect("DSN offered, so an ENVID was used");
    assert!(envid.starts_with("facteur-"), "{envid}");
    assert!(!sent.dsn_unavailable);
    assert_eq!(sent.recipients.len(), 2, "{:?}", sent.recipients);
    assert_eq!(sent.sent_folder.as_ref().map(|f| f.as_str()), Some("Sent"));
    assert_eq!(sent.sent_copy, SentCopy::Appended);

    // Alice's copy: the subject, both alternatives, the attachment's exact bytes, no Bcc.
    let uids = wait_for(
        &server,
        "alice@example.test",
        "INBOX",
        "Message-ID",
        &sent.message_id,
    )
    .await;
    let (raw, _) = fetch(&server, "alice@example.test", "INBOX", uids[0]).await;
    let parsed = MessageParser::default().parse(&raw).expect("a message");
    assert_eq!(parsed.subject(), Some(subject.as_str()));
    assert!(
        parsed.header_raw("Bcc").is_none(),
        "recipients never see the Bcc"
    );
    assert!(parsed.body_text(0).unwrap().contains("voici le texte"));
    assert!(parsed.body_html(0).unwrap().contains("<b>Bonjour</b>"));
    let alternative = parsed.parts.iter().any(|p| {
        p.content_type()
            .is_some_and(|c| c.subtype() == Some("alternative"))
    });
    assert!(alternative, "multipart/alternative");
    let attached = parsed.attachment(0).expect("the attachment");
    assert_eq!(attached.attachment_name(), Some("relevé.bin"));
    assert_eq!(attached.contents(), &attachment[..]);

    // Bob got it through the Bcc, and cannot see that he was in it either.
    let uids = wait_for(
        &server,
        "bob@example.test",
        "INBOX",
        "Message-ID",
        &sent.message_id,
    )
    .await;
    let (raw, _) = fetch(&server, "bob@example.test", "INBOX", uids[0]).await;
    assert!(
        MessageParser::default()
            .parse(&raw)
            .unwrap()
            .header_raw("Bcc")
            .is_none()
    );

    // The Sent copy: read, with the Bcc and the ENVID to match reports to it later.
    let sent_uid = sent.sent_uid.expect("Dovecot has UIDPLUS").0;
    let (raw, flags) = fetch(&server, "demo@example.test", "Sent", sent_uid).await;
    assert!(flags.iter().any(|f| f == "Seen"), "{flags:?}");
    let copy = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        copy.header_raw("X-Facteur-Envid").map(str::trim),
        Some(envid.as_str())
    );
    assert!(copy.header_raw("Bcc").unwrap().contains("bob@example.test"));
    assert_eq!(
        copy.message_id(),
        Some(sent.message_id.trim_matches(['<', '>']))
    );

    // The upload was removed once sent.
    let again = send(&demo, "rich-2", &message, None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "{}", again.text());
    assert_eq!(again.code(), "upload_not_found");
}

#[tokio::test]
async fn a_refused_recipient_is_named_and_the_message_kept_in_drafts() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let subject = subject("Refusé");
    let message = draft(
        "demo@example.test",
        &["carol@example.test", "nobody@elsewhere.example"],
        &subject,
    );
    // The draft as autosaved before sending: the failed send replaces it.
    let saved = demo
        .put("/api/drafts", json!({"draft": message, "replaces": null}))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let autosaved: facteur_model::compose::DraftSaved = saved.json();
    let autosaved_uid = autosaved.uid.expect("UIDPLUS").0;

    let reply = send(&demo, "refused-1", &message, Some(autosaved_uid)).await;
    assert_eq!(
        reply.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        reply.text()
    );
    let problem: Problem = reply.json();
    assert_eq!(problem.code, ErrorCode::RecipientRefused);
    let detail = problem.detail.unwrap_or_default();
    assert!(detail.contains("nobody@elsewhere.example"), "{detail}");
    assert!(detail.contains("550"), "the server's own words: {detail}");
    assert!(
        !detail.contains("carol@example.test"),
        "carol was accepted: {detail}"
    );
    let kept = problem.saved_draft.expect("kept in Drafts");
    assert_eq!(kept.folder.as_str(), "Drafts");

    // Exactly one draft of it, with the reason; the autosaved one was replaced.
    let uids = search(
        &server,
        "demo@example.test",
        "Drafts",
        "Subject",
        token(&subject),
    )
    .await;
    assert_eq!(uids, vec![kept.uid.expect("UIDPLUS").0]);
    let (_, flags) = fetch(&server, "demo@example.test", "Drafts", uids[0]).await;
    assert!(flags.iter().any(|f| f == "Draft"), "{flags:?}");
    let reopened = reopen(&demo, uids[0]).await;
    let reason = reopened.last_failure.expect("the reason is kept");
    assert_eq!(reason.code, ErrorCode::RecipientRefused);
    let words = reason.detail.unwrap_or_default();
    assert!(words.contains("nobody@elsewhere.example"), "{words}");
    assert_eq!(reopened.to.len(), 2);

    // Nothing went to carol: a later message to her arrives, the refused one never did.
    let marker = subject_marker(&server, &demo, "carol@example.test").await;
    assert!(!marker.is_empty());
    assert!(
        search(
            &server,
            "carol@example.test",
            "INBOX",
            "Subject",
            token(&subject)
        )
        .await
        .is_empty()
    );
}

/// Sends a marker message to `to` and waits for it: mail sent before it has had its
/// chance to arrive.
async fn subject_marker(server: &MailServer, from: &ApiClient, to: &str) -> Vec<u32> {
    let marker = subject("Marqueur");
    let key = format!("marker-{}", token(&marker));
    let reply = send(
        from,
        &key,
        &draft("demo@example.test", &[to], &marker),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    wait_for(server, to, "INBOX", "Subject", token(&marker)).await
}

#[tokio::test]
async fn a_wrong_password_keeps_the_message_in_drafts_with_the_reason() {
    let server = MailServer::shared();
    let user = "test8@example.test";
    let browser = signed_in(&server, user).await;
    // The password changes after sign-in (on another device, by the provider): the
    // signed-in IMAP connection stays open, but SMTP AUTH now fails for real.
    let users_file = server.dir.join("dovecot/users");
    let original = std::fs::read_to_string(&users_file).expect("Dovecot's users file");
    let restore = RestoreUsers {
        path: users_file.clone(),
        original: original.clone(),
    };
    let changed = original.replace(
        &format!("{user}:{{PLAIN}}secret:"),
        &format!("{user}:{{PLAIN}}changed-elsewhere:"),
    );
    assert_ne!(changed, original);
    std::fs::write(&users_file, changed).expect("change the password");
    wait_for_password(&server, user, "secret", false).await;

    let subject = subject("Mot de passe");
    let reply = send(
        &browser,
        "password-1",
        &draft(user, &["alice@example.test"], &subject),
        None,
    )
    .await;
    drop(restore);
    wait_for_password(&server, user, "secret", true).await;

    assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{}", reply.text());
    let problem: Problem = reply.json();
    assert_eq!(problem.code, ErrorCode::BadCredentials);
    assert!(problem.detail.unwrap_or_default().contains("535"));
    let kept = problem.saved_draft.expect("kept in Drafts");
    let uids = search(&server, user, "Drafts", "Subject", token(&subject)).await;
    assert_eq!(uids, vec![kept.uid.expect("UIDPLUS").0]);
    let reason = reopen(&browser, uids[0])
        .await
        .last_failure
        .expect("the reason is kept");
    assert_eq!(reason.code, ErrorCode::BadCredentials);
    let words = reason.detail.unwrap_or_default();
    assert!(words.contains("535"), "{words}");
}

/// Puts Dovecot's users file back as it was when dropped, even if the test fails.
struct RestoreUsers {
    path: std::path::PathBuf,
    original: String,
}

impl Drop for RestoreUsers {
    fn drop(&mut self) {
        let _ = std::fs::write(&self.path, &self.original);
    }
}

/// Waits until the IMAP server accepts (or refuses) `password` for `user`: Dovecot looks
/// at its users file again at most once a second.
async fn wait_for_password(server: &MailServer, user: &str, password: &str, accepted: bool) {
    let what = format!("the password change of {user}");
    wait_for_arrival(&what, || async {
        let tcp = tokio::net::TcpStream::connect((
            server.instance.host.as_str(),
            server.instance.imap_port,
        ))
        .await
        .expect("connect to test IMAP");
        let mut client = async_imap::Client::new(tcp);
        client.read_response().await.expect("greeting");
        let now_accepted = match client.login(user, password).await {
            Err(_) => false,
            Ok(mut session) => {
                let _ = session.logout().await;
                true
            }
        };
        (now_accepted == accepted).then_some(())
    })
    .await
}

/// The UID of the message `message_id` in `user`'s INBOX, once it has arrived.
async fn arrived(server: &MailServer, user: &str, message_id: &str) -> u32 {
    wait_for(server, user, "INBOX", "Message-ID", message_id).await[0]
}

/// Answers the read-receipt request of message `uid` in the recipient's INBOX.
async fn answer_receipt(recipient: &ApiClient, uid: u32, answer: &str) -> Reply {
    recipient
        .post(
            &format!("/api/folders/INBOX/messages/{uid}/receipt"),
            json!({"answer": answer}),
        )
        .await
}

/// A saved draft as the composer reopens it.
async fn reopen(browser: &ApiClient, uid: u32) -> Draft {
    let reply = browser
        .get(&format!("/api/folders/Drafts/messages/{uid}/draft"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn the_same_key_twice_at_once_sends_once() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let subject = subject("Double clic");
    let message = draft("demo@example.test", &["test1@example.test"], &subject);
    let (first, second) = tokio::join!(
        send(&demo, "double-click", &message, None),
        send(&demo, "double-click", &message, None)
    );
    assert_eq!(first.status, StatusCode::OK, "{}", first.text());
    assert_eq!(second.status, StatusCode::OK, "{}", second.text());
    let (first, second): (SendResult, SendResult) = (first.json(), second.json());
    assert_eq!(first, second, "the same answer");
    // One submission, hence one Sent copy (the copy is made before the answer).
    let copies = search(
        &server,
        "demo@example.test",
        "Sent",
        "Subject",
        token(&subject),
    )
    .await;
    assert_eq!(copies.len(), 1, "{copies:?}");
    // And one delivery: a marker sent afterwards arrives, still only one copy.
    subject_marker(&server, &demo, "test1@example.test").await;
    let received = search(
        &server,
        "test1@example.test",
        "INBOX",
        "Subject",
        token(&subject),
    )
    .await;
    assert_eq!(received.len(), 1, "{received:?}");
}

#[tokio::test]
async fn capabilities_say_dsn_and_the_size_limit() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let reply = demo.get("/api/compose/capabilities").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let capabilities: ComposeCapabilities = reply.json();
    assert!(capabilities.dsn);
    assert_eq!(capabilities.server_size_limit, Some(52_428_800));
    assert!(!capabilities.server_saves_sent);
    assert_eq!(
        capabilities.max_attachment_bytes,
        facteur_model::compose::DEFAULT_MAX_ATTACHMENT_BYTES
    );
}

#[tokio::test]
async fn a_read_receipt_goes_back_once() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let subject = subject("Accusé de lecture");
    let mut message = draft("demo@example.test", &["test2@example.test"], &subject);
    message.request_read_receipt = true;
    let reply = send(&demo, "receipt-1", &message, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let sent: SendResult = reply.json();

    let recipient = signed_in(&server, "test2@example.test").await;
    let uid = arrived(&server, "test2@example.test", &sent.message_id).await;
    let answered = answer_receipt(&recipient, uid, "send_manually").await;
    assert_eq!(
        answered.status,
        StatusCode::NO_CONTENT,
        "{}",
        answered.text()
    );

    // The receipt reaches the sender and reads as "displayed", about this message.
    let receipts = wait_for(
        &server,
        "demo@example.test",
        "INBOX",
        "In-Reply-To",
        &sent.message_id,
    )
    .await;
    let (raw, _) = fetch(&server, "demo@example.test", "INBOX", receipts[0]).await;
    let parsed = MessageParser::default().parse(&raw).unwrap();
    let part = parsed
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.subtype() == Some("disposition-notification"))
        })
        .expect("a message/disposition-notification part");
    let mdn = parse_disposition_notification(part.contents()).expect("a valid MDN");
    let disposition = mdn.disposition.expect("a disposition");
    assert_eq!(disposition.kind, DispositionType::Displayed);
    assert_eq!(disposition.sending_mode, Mode::Manual);
    assert_eq!(
        mdn.original_message_id.as_deref(),
        Some(sent.message_id.as_str())
    );
    assert_eq!(
        mdn.final_recipient.expect("Final-Recipient").value,
        "test2@example.test"
    );
    // Sent with a null reverse path, as RFC 8098 requires.
    let return_path = parsed.header_raw("Return-Path").unwrap_or_default();
    assert_eq!(return_path.trim(), "<>", "{return_path}");

    // Marked, and a second answer is refused.
    let (_, flags) = fetch(&server, "test2@example.test", "INBOX", uid).await;
    assert!(flags.iter().any(|f| f.contains("$MDNSent")), "{flags:?}");
    let again = answer_receipt(&recipient, uid, "send_manually").await;
    assert_eq!(again.status, StatusCode::BAD_REQUEST, "{}", again.text());
    assert_eq!(again.code(), "invalid_input");
    let declined = answer_receipt(&recipient, uid, "decline").await;
    assert_eq!(declined.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn declining_marks_the_message_and_a_message_without_request_is_refused() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let subject = subject("Refus d'accusé");
    let mut message = draft("demo@example.test", &["test3@example.test"], &subject);
    message.request_read_receipt = true;
    let reply = send(&demo, "decline-1", &message, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let sent: SendResult = reply.json();
    let plain = send(
        &demo,
        "decline-2",
        &draft("demo@example.test", &["test3@example.test"], &subject),
        None,
    )
    .await;
    let plain: SendResult = plain.json();

    let recipient = signed_in(&server, "test3@example.test").await;
    let asked = arrived(&server, "test3@example.test", &sent.message_id).await;
    let declined = answer_receipt(&recipient, asked, "decline").await;
    assert_eq!(
        declined.status,
        StatusCode::NO_CONTENT,
        "{}",
        declined.text()
    );
    let (_, flags) = fetch(&server, "test3@example.test", "INBOX", asked).await;
    assert!(flags.iter().any(|f| f.contains("$MDNSent")), "{flags:?}");

    let not_asked = arrived(&server, "test3@example.test", &plain.message_id).await;
    let refused = answer_receipt(&recipient, not_asked, "send_manually").await;
    assert_eq!(
        refused.status,
        StatusCode::BAD_REQUEST,
        "{}",
        refused.text()
    );
    assert!(
        refused.text().contains("does not ask"),
        "{}",
        refused.text()
    );
}

#[tokio::test]
async fn an_automatic_receipt_says_it_was_sent_automatically() {
    let server = MailServer::shared();
    let demo = signed_in(&server, "demo@example.test").await;
    let subject = subject("Accusé automatique");
    let mut message = draft("demo@example.test", &["test4@example.test"], &subject);
    message.request_read_receipt = true;
    let reply = send(&demo, "automatic-1", &message, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let sent: SendResult = reply.json();

    let recipient = signed_in(&server, "test4@example.test").await;
    let uid = arrived(&server, "test4@example.test", &sent.message_id).await;
    // The receipt goes back to the address the message came from: no need to ask.
    let answered = answer_receipt(&recipient, uid, "send_automatically").await;
    assert_eq!(
        answered.status,
        StatusCode::NO_CONTENT,
        "{}",
        answered.text()
    );
    let receipts = wait_for(
        &server,
        "demo@example.test",
        "INBOX",
        "In-Reply-To",
        &sent.message_id,
    )
    .await;
    let (raw, _) = fetch(&server, "demo@example.test", "INBOX", receipts[0]).await;
    let parsed = MessageParser::default().parse(&raw).unwrap();
    assert_eq!(
        parsed.header_raw("Auto-Submitted").map(str::trim),
        Some("auto-replied")
    );
    let part = parsed
        .parts
        .iter()
        .find(|p| {
            p.content_type()
                .is_some_and(|c| c.subtype() == Some("disposition-notification"))
        })
        .expect("a message/disposition-notification part");
    let disposition = parse_disposition_notification(part.contents())
        .expect("a valid MDN")
        .disposition
        .expect("a disposition");
    assert_eq!(disposition.action_mode, Mode::Automatic);
    assert_eq!(disposition.sending_mode, Mode::Automatic);
}

#[tokio::test]
async fn sending_through_starttls_on_the_submission_port() {
    let server = MailServer::shared();
    let mut login = server.login_json("test5@example.test", "secret");
    login["smtp"] = json!({
        "host": server.instance.host,
        "port": server.instance.submission_port,
        "security": "start_tls",
    });
    let mut browser = ApiClient::new(bridge(&server));
    let reply = browser.sign_in(login).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let capabilities: ComposeCapabilities = browser.get("/api/compose/capabilities").await.json();
    assert!(capabilities.dsn, "EHLO after STARTTLS offers DSN");

    let subject = subject("Par STARTTLS");
    let mut message = draft("test5@example.test", &["test6@example.test"], &subject);
    message.request_dsn = true;
    let reply = send(&browser, "starttls-1", &message, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let sent: SendResult = reply.json();
    assert!(sent.envid.is_some());
    wait_for(
        &server,
        "test6@example.test",
        "INBOX",
        "Message-ID",
        &sent.message_id,
    )
    .await;
}

#[tokio::test]
async fn sending_a_saved_draft_removes_it_from_drafts() {
    let server = MailServer::shared();
    let browser = signed_in(&server, "test7@example.test").await;
    let subject = subject("Brouillon envoyé");
    let message = draft("test7@example.test", &["alice@example.test"], &subject);
    let saved = browser
        .put("/api/drafts", json!({"draft": message, "replaces": null}))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let saved: facteur_model::compose::DraftSaved = saved.json();
    let draft_uid = saved.uid.expect("UIDPLUS").0;
    let found = search(
        &server,
        "test7@example.test",
        "Drafts",
        "Subject",
        token(&subject),
    )
    .await;
    assert_eq!(found, vec![draft_uid]);

    let reply = send(&browser, "from-draft-1", &message, Some(draft_uid)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let left = search(
        &server,
        "test7@example.test",
        "Drafts",
        "Subject",
        token(&subject),
    )
    .await;
    assert!(left.is_empty(), "the draft is gone once sent: {left:?}");
    let copies = search(
        &server,
        "test7@example.test",
        "Sent",
        "Subject",
        token(&subject),
    )
    .await;
    assert_eq!(copies.len(), 1);
}

/// A submission server on loopback that takes the whole message, then drops the
/// connection instead of answering: the answer to the final dot is lost.
async fn smtp_that_cuts_after_the_message() -> u16 {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind a loopback port");
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        while let Ok((tcp, _)) = listener.accept().await {
            tokio::spawn(async move {
                let (read, mut write) = tcp.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 cut.example.test ESMTP\r\n").await;
                while let Ok(Some(line)) = lines.next_line().await {
                    let command = line.to_ascii_uppercase();
                    let reply: &[u8] = if command.starts_with("EHLO") {
                        b"250-cut.example.test\r\n250 AUTH PLAIN\r\n"
                    } else if command.starts_with("AUTH") {
                        b"235 2.7.0 ok\r\n"
                    } else if command.starts_with("DATA") {
                        b"354 go ahead\r\n"
                    } else if command == "." {
                        return; // the message is in: drop the connection unanswered
                    } else if command.starts_with("MAIL") || command.starts_with("RCPT") {
                        b"250 ok\r\n"
                    } else {
                        continue; // a line of the message
                    };
                    if write.write_all(reply).await.is_err() {
                        return;
                    }
                }
            });
        }
    });
    port
}

#[tokio::test]
async fn a_connection_cut_after_the_message_went_says_it_may_have_arrived() {
    let server = MailServer::shared();
    let user = "test6@example.test";
    let mut login = server.login_json(user, &server.password(user));
    login["smtp"] = json!({
        "host": "127.0.0.1",
        "port": smtp_that_cuts_after_the_message().await,
        "security": "plain",
    });
    let mut browser = ApiClient::new(bridge(&server));
    let reply = browser.sign_in(login).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());

    let subject = subject("Coupure après l'envoi");
    let reply = send(
        &browser,
        "cut-after-data-1",
        &draft(user, &["alice@example.test"], &subject),
        None,
    )
    .await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{}", reply.text());
    let problem: Problem = reply.json();
    // Not "connection lost": the user must know a second send may deliver it twice.
    assert_eq!(problem.code, ErrorCode::SendOutcomeUnknown);
    let kept = problem.saved_draft.expect("kept in Drafts all the same");
    let uids = search(&server, user, "Drafts", "Subject", token(&subject)).await;
    assert_eq!(uids, vec![kept.uid.expect("UIDPLUS").0]);
    let reason = reopen(&browser, uids[0])
        .await
        .last_failure
        .expect("the reason is kept");
    assert_eq!(reason.code, ErrorCode::SendOutcomeUnknown);
}
