//! Writing messages against the real Dovecot: drafts saved (rich text, non-ASCII,
//! attachments), replaced and reopened; streamed uploads, their limit and their
//! privacy; recipient suggestions from the mailbox.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_model::compose::{
    AddressSuggestions, Draft, DraftAttachment, DraftBody, DraftSaved, SendFailure, UploadedFile,
};
use facteur_model::message::Address;
use facteur_model::problem::{ErrorCode, Problem};
use facteur_model::{FolderPath, Uid};
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::drafts::plain_draft;
use facteur_tests::{MailServer, bridge_config, bridge_from};
use futures::TryStreamExt;
use serde_json::json;
use std::path::{Path, PathBuf};

/// A fresh upload directory for one test, removed at the end.
struct UploadDir(PathBuf);

impl UploadDir {
    fn new(label: &str) -> UploadDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!(
            "facteur-drafts-test-{label}-{}-{nanos}",
            std::process::id()
        ));
        UploadDir(dir)
    }

    /// Files left under the directory (in every session's subdirectory).
    fn files(&self) -> Vec<PathBuf> {
        fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
            if let Ok(entries) = std::fs::read_dir(dir) {
                for entry in entries.flatten() {
                    let path = entry.path();
                    if path.is_dir() {
                        walk(&path, found);
                    } else {
                        found.push(path);
                    }
                }
            }
        }
        let mut found = Vec::new();
        walk(&self.0, &mut found);
        found
    }
}

impl Drop for UploadDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A router with its own upload directory and attachment limit.
fn router(server: &MailServer, uploads: &UploadDir, limit: u64) -> axum::Router {
    let mut config = bridge_config(server, None);
    config.compose.upload_dir = Some(uploads.0.clone());
    config.compose.max_attachment_bytes = limit;
    config.outbound.command_timeout_secs = 120;
    bridge_from(config)
}

async fn signed_in(server: &MailServer, router: axum::Router, user: &str) -> ApiClient {
    let mut browser = ApiClient::new(router);
    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

async fn upload(
    browser: &ApiClient,
    name: &str,
    content_type: &str,
    bytes: Vec<u8>,
    announce_length: bool,
) -> Reply {
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b == b'.' {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    let mut builder = Request::post("/api/uploads")
        .header("x-facteur-request", "1")
        .header(header::CONTENT_TYPE, content_type)
        .header("x-facteur-filename", encoded);
    if announce_length {
        builder = builder.header(header::CONTENT_LENGTH, bytes.len());
    }
    browser.send(builder, Body::from(bytes)).await
}

async fn save(browser: &ApiClient, draft: &Draft, replaces: Option<Uid>) -> Reply {
    let builder = Request::put("/api/drafts")
        .header("x-facteur-request", "1")
        .header(header::CONTENT_TYPE, "application/json");
    let body = json!({ "draft": draft, "replaces": replaces });
    browser.send(builder, Body::from(body.to_string())).await
}

fn person(name: Option<&str>, email: &str) -> Address {
    Address {
        name: name.map(str::to_owned),
        email: email.to_owned(),
    }
}

fn rich_draft(user: &str, attachments: Vec<DraftAttachment>) -> Draft {
    Draft {
        from: person(Some("Zoé Lefèvre-Châtel"), user),
        to: vec![person(Some("Jean-Édouard Dupont"), "jean@example.test")],
        cc: vec![person(Some("Dupont, Anne"), "anne@example.test")],
        bcc: vec![person(Some("Hélène"), "helene@example.test")],
        subject: "Réunion du comité — ordre du jour et décisions à prendre 🎉".into(),
        body: DraftBody {
            text: "Bonjour Jean,\n\nVoici l'ordre du jour :\n- budget\n- planning\n\nÀ bientôt,\nZoé\n"
                .into(),
            html: Some(
                "<p>Bonjour <b>Jean</b>,</p><p>Voici l'ordre du jour :</p>\
                 <ul><li>budget</li><li><i>planning</i></li></ul>\
                 <p>Voir <a href=\"https://example.test/agenda\">l'agenda</a>.</p>"
                    .into(),
            ),
        },
        attachments,
        in_reply_to: Some("<q1@example.test>".into()),
        references: vec!["<q0@example.test>".into(), "<q1@example.test>".into()],
        request_dsn: true,
        dsn_notify: Default::default(),
        request_read_receipt: true,
        last_failure: None,
    }
}

/// UIDs and flags of every message in `folder`, read over plain IMAP.
async fn folder_contents(server: &MailServer, user: &str, folder: &str) -> Vec<(u32, String)> {
    let mut imap = server.imap(user).await;
    let mailbox = imap.select(folder).await.expect("SELECT");
    let mut found = Vec::new();
    if mailbox.exists > 0 {
        let fetches: Vec<_> = imap
            .fetch("1:*", "(UID FLAGS)")
            .await
            .expect("FETCH")
            .try_collect()
            .await
            .expect("FETCH");
        for fetch in &fetches {
            let flags: Vec<String> = fetch.flags().map(|f| format!("{f:?}")).collect();
            found.push((fetch.uid.unwrap_or(0), flags.join(" ")));
        }
    }
    let _ = imap.logout().await;
    found
}

async fn raw_message(server: &MailServer, user: &str, folder: &str, uid: u32) -> Vec<u8> {
    let mut imap = server.imap(user).await;
    imap.examine(folder).await.expect("EXAMINE");
    let fetches: Vec<_> = imap
        .uid_fetch(uid.to_string(), "BODY.PEEK[]")
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .expect("FETCH");
    let _ = imap.logout().await;
    fetches
        .iter()
        .find_map(|f| f.body().map(<[u8]>::to_vec))
        .expect("the message")
}

#[tokio::test]
async fn a_rich_draft_is_saved_replaced_and_reopened() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("rich");
    let user = "test3@example.test";
    let browser = signed_in(&server, router(&server, &uploads, 1024 * 1024), user).await;

    let content: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 256) as u8).collect();
    let reply = upload(
        &browser,
        "Relevé d'été.pdf",
        "application/pdf",
        content.clone(),
        true,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let file: UploadedFile = reply.json();
    assert_eq!(file.filename, "Relevé d'été.pdf");
    assert_eq!(file.content_type, "application/pdf");
    assert_eq!(file.size, content.len() as u64);

    let draft = rich_draft(user, vec![DraftAttachment::Uploaded(file.clone())]);
    let reply = save(&browser, &draft, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let first: DraftSaved = reply.json();
    assert_eq!(first.folder, FolderPath("Drafts".into()));
    let first_uid = first.uid.expect("Dovecot has UIDPLUS");
    let contents = folder_contents(&server, user, "Drafts").await;
    assert_eq!(contents.len(), 1, "{contents:?}");
    assert_eq!(contents[0].0, first_uid.0);
    assert!(contents[0].1.contains("Draft"), "{contents:?}");
    assert!(contents[0].1.contains("Seen"), "{contents:?}");

    // What was stored: the kept copy names the Bcc and remembers the options.
    let raw = raw_message(&server, user, "Drafts", first_uid.0).await;
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(message.subject(), Some(draft.subject.as_str()));
    assert_eq!(
        message
            .bcc()
            .and_then(|b| b.first())
            .and_then(|a| a.address()),
        Some("helene@example.test")
    );
    assert!(
        message
            .header_raw("X-Facteur-Draft")
            .is_some_and(|v| v.contains("dsn=yes")),
    );

    // Saved again: the new copy replaces the old one.
    let reply = save(&browser, &draft, Some(first_uid)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let second: DraftSaved = reply.json();
    let second_uid = second.uid.expect("UID");
    assert_ne!(second_uid, first_uid);
    let contents = folder_contents(&server, user, "Drafts").await;
    assert_eq!(
        contents.iter().map(|c| c.0).collect::<Vec<_>>(),
        [second_uid.0],
        "exactly one copy"
    );

    // Reopened: the same draft, its attachment now pointing at the saved copy.
    let reply = browser
        .get(&format!(
            "/api/folders/Drafts/messages/{}/draft",
            second_uid.0
        ))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let reopened: Draft = reply.json();
    let expected_attachment = DraftAttachment::FromMessage {
        folder: FolderPath("Drafts".into()),
        uid: second_uid,
        index: 0,
        filename: "Relevé d'été.pdf".into(),
        content_type: "application/pdf".into(),
        size: content.len() as u64,
    };
    let mut expected = draft.clone();
    expected.attachments = vec![expected_attachment];
    assert_eq!(reopened, expected);

    // The reopened draft saves again, its attachment carried from the copy it replaces.
    let reply = save(&browser, &reopened, Some(second_uid)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let third: DraftSaved = reply.json();
    let third_uid = third.uid.expect("UID");
    let contents = folder_contents(&server, user, "Drafts").await;
    assert_eq!(
        contents.iter().map(|c| c.0).collect::<Vec<_>>(),
        [third_uid.0]
    );
    let download = browser
        .get(&format!(
            "/api/folders/Drafts/messages/{}/attachments/0",
            third_uid.0
        ))
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert!(download.body == content, "the attachment is byte-identical");
}

#[tokio::test]
async fn uploads_over_the_limit_are_refused_and_leave_nothing() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("limit");
    let limit = 1024 * 1024;
    let browser = signed_in(
        &server,
        router(&server, &uploads, limit),
        "test4@example.test",
    )
    .await;
    for announce_length in [true, false] {
        let reply = upload(
            &browser,
            "big.bin",
            "application/octet-stream",
            vec![0x5a; limit as usize + 4096],
            announce_length,
        )
        .await;
        assert_eq!(reply.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(reply.code(), "attachment_too_large");
        let problem: Problem = reply.json();
        assert_eq!(problem.limit_bytes, Some(limit));
        assert_eq!(uploads.files(), Vec::<PathBuf>::new());
    }
    // A bad file name is refused clearly, and nothing is kept either.
    let builder = Request::post("/api/uploads")
        .header("x-facteur-request", "1")
        .header("x-facteur-filename", "%FF%FE");
    let reply = browser.send(builder, Body::from(vec![1, 2, 3])).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "invalid_input");
    assert_eq!(uploads.files(), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn a_30_mb_attachment_survives_a_draft_byte_for_byte() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("large");
    let user = "test5@example.test";
    let browser = signed_in(&server, router(&server, &uploads, 40 * 1024 * 1024), user).await;
    // Pseudo-random bytes (xorshift), so no run of equal bytes hides an offset error.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let content: Vec<u8> = (0..30 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let reply = upload(
        &browser,
        "archive.bin",
        "application/octet-stream",
        content.clone(),
        false,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let file: UploadedFile = reply.json();
    assert_eq!(file.size, content.len() as u64);
    let mut draft = rich_draft(user, vec![DraftAttachment::Uploaded(file)]);
    draft.body.html = None;
    let reply = save(&browser, &draft, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let saved: DraftSaved = reply.json();
    let uid = saved.uid.expect("UID");
    let download = browser
        .get(&format!(
            "/api/folders/Drafts/messages/{}/attachments/0",
            uid.0
        ))
        .await;
    assert_eq!(download.status, StatusCode::OK);
    assert_eq!(download.body.len(), content.len());
    assert!(download.body == content, "the attachment is byte-identical");
}

async fn delete_upload(browser: &ApiClient, id: &str) -> Reply {
    let builder = Request::delete(format!("/api/uploads/{id}")).header("x-facteur-request", "1");
    browser.send(builder, Body::empty()).await
}

#[tokio::test]
async fn another_session_cannot_use_an_upload() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("private");
    let router = router(&server, &uploads, 1024 * 1024);
    let owner = signed_in(&server, router.clone(), "test6@example.test").await;
    let stranger = signed_in(&server, router, "test7@example.test").await;
    let reply = upload(
        &owner,
        "notes.txt",
        "text/plain",
        b"confidentiel".to_vec(),
        true,
    )
    .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    let file: UploadedFile = reply.json();

    let theft = rich_draft(
        "test7@example.test",
        vec![DraftAttachment::Uploaded(file.clone())],
    );
    let reply = save(&stranger, &theft, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND, "{}", reply.text());
    assert_eq!(reply.code(), "upload_not_found");
    assert!(
        folder_contents(&server, "test7@example.test", "Drafts")
            .await
            .is_empty()
    );

    // Deleting it from the other session does nothing; the owner's delete does.
    assert_eq!(
        delete_upload(&stranger, &file.id.0).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(uploads.files().len(), 2, "data and description still there");
    assert_eq!(
        delete_upload(&owner, &file.id.0).await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(uploads.files(), Vec::<PathBuf>::new());
}

#[tokio::test]
async fn suggestions_find_a_correspondent_by_name_and_address() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("addresses");
    let user = "test8@example.test";
    let seeded: &[u8] =
        b"From: =?UTF-8?B?SMOpbMOobmUgw4licmFyZA==?= <helene.ebrard@example.test>\r\n\
To: test8@example.test\r\n\
Cc: Marc Dubois <marc.dubois@example.test>\r\n\
Subject: Bonjour\r\n\
Date: Thu, 26 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <seed-1@example.test>\r\n\
\r\n\
Bonjour !\r\n";
    server.append(user, "INBOX", &[(seeded, None)]).await;
    let sent: &[u8] = b"From: test8@example.test\r\n\
To: =?UTF-8?Q?Ga=C3=ABlle_Roux?= <gaelle.roux@example.test>\r\n\
Subject: Re: Bonjour\r\n\
Date: Thu, 26 Nov 2026 09:30:00 +0000\r\n\
Message-ID: <seed-2@example.test>\r\n\
\r\n\
Merci !\r\n";
    server
        .append(user, "Sent", &[(sent, Some("(\\Seen)"))])
        .await;
    let browser = signed_in(&server, router(&server, &uploads, 1024 * 1024), user).await;
    let suggest = |query: &str| {
        let uri = format!("/api/addresses?q={query}&limit=5");
        let browser = &browser;
        async move {
            let reply = browser.get(&uri).await;
            assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
            let found: AddressSuggestions = reply.json();
            found
                .addresses
                .into_iter()
                .map(|a| (a.name.unwrap_or_default(), a.email))
                .collect::<Vec<_>>()
        }
    };
    let helene = (
        "Hélène Ébrard".to_owned(),
        "helene.ebrard@example.test".to_owned(),
    );
    // By the start of a name word, without its accent.
    assert_eq!(suggest("ebr").await, std::slice::from_ref(&helene));
    // Accented and upper case as typed.
    assert_eq!(suggest("H%C3%89L").await, std::slice::from_ref(&helene));
    // By the address.
    assert_eq!(suggest("helene.eb").await, std::slice::from_ref(&helene));
    assert_eq!(
        suggest("dub").await,
        [(
            "Marc Dubois".to_owned(),
            "marc.dubois@example.test".to_owned()
        )]
    );
    // From the Sent folder too.
    assert_eq!(
        suggest("gael").await,
        [(
            "Gaëlle Roux".to_owned(),
            "gaelle.roux@example.test".to_owned()
        )]
    );
    assert!(suggest("zzz").await.is_empty());
    // The user's own address is never suggested.
    assert!(suggest("test8").await.is_empty());
}

#[tokio::test]
async fn forwarded_parts_and_messages_are_attached() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("forward");
    let user = "test2@example.test";
    let pdf: &[u8] = b"%PDF-1.4 pretend\r\n";
    let original = format!(
        "From: Camille Martin <camille@example.test>\r\n\
To: {user}\r\n\
Subject: =?UTF-8?Q?Pr=C3=A9sentation_finale?=\r\n\
Date: Thu, 26 Nov 2026 08:00:00 +0000\r\n\
Message-ID: <orig-1@example.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\
\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
\r\n\
Voici la pr\u{e9}sentation.\r\n\
--b1\r\n\
Content-Type: application/pdf; name=\"deck.pdf\"\r\n\
Content-Disposition: attachment; filename=\"deck.pdf\"\r\n\
Content-Transfer-Encoding: base64\r\n\
\r\n\
JVBERi0xLjQgcHJldGVuZA0K\r\n\
--b1--\r\n"
    );
    server
        .append(user, "INBOX", &[(original.as_bytes(), None)])
        .await;
    let inbox = folder_contents(&server, user, "INBOX").await;
    let uid = Uid(inbox.last().expect("the seeded message").0);
    let browser = signed_in(&server, router(&server, &uploads, 1024 * 1024), user).await;

    let mut draft = rich_draft(
        user,
        vec![
            DraftAttachment::FromMessage {
                folder: FolderPath::inbox(),
                uid,
                index: 0,
                filename: "deck.pdf".into(),
                content_type: "application/pdf".into(),
                size: pdf.len() as u64,
            },
            DraftAttachment::Message {
                folder: FolderPath::inbox(),
                uid,
                subject: "Présentation finale".into(),
                size: original.len() as u64,
            },
        ],
    );
    draft.last_failure = Some(SendFailure {
        code: ErrorCode::RecipientRefused,
        detail: Some("550 5.1.1 <inconnu@example.test>: utilisateur inconnu".into()),
    });
    let reply = save(&browser, &draft, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let saved: DraftSaved = reply.json();
    let saved_uid = saved.uid.expect("UID");

    let reopened: Draft = browser
        .get(&format!(
            "/api/folders/Drafts/messages/{}/draft",
            saved_uid.0
        ))
        .await
        .json();
    assert_eq!(reopened.last_failure, draft.last_failure);
    let described: Vec<(String, String)> = reopened
        .attachments
        .iter()
        .map(|a| match a {
            DraftAttachment::FromMessage {
                filename,
                content_type,
                ..
            } => (filename.clone(), content_type.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        described,
        [
            ("deck.pdf".to_owned(), "application/pdf".to_owned()),
            (
                "Présentation finale.eml".to_owned(),
                "message/rfc822".to_owned()
            ),
        ]
    );
    let part = browser
        .get(&format!(
            "/api/folders/Drafts/messages/{}/attachments/0",
            saved_uid.0
        ))
        .await;
    assert_eq!(part.body, pdf);
    // The forwarded message is whole: its own attachment is still inside.
    let raw = raw_message(&server, user, "Drafts", saved_uid.0).await;
    let message = mail_parser::MessageParser::default().parse(&raw).unwrap();
    let inner = message
        .attachments()
        .find_map(|part| match &part.body {
            mail_parser::PartType::Message(inner) => Some(inner),
            _ => None,
        })
        .expect("a message/rfc822 part");
    assert_eq!(inner.subject(), Some("Présentation finale"));
    assert_eq!(inner.message_id(), Some("orig-1@example.test"));
    assert_eq!(
        inner.attachments().next().map(|part| part.contents()),
        Some(pdf)
    );
}

#[tokio::test]
async fn an_empty_draft_is_saved_and_reopened() {
    let server = MailServer::shared();
    let uploads = UploadDir::new("empty");
    let user = "test1@example.test";
    let browser = signed_in(&server, router(&server, &uploads, 1024 * 1024), user).await;
    let draft = plain_draft(person(None, user), Vec::new(), "", "");
    let reply = save(&browser, &draft, None).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let saved: DraftSaved = reply.json();
    let uid = saved.uid.expect("UID");
    let reopened: Draft = browser
        .get(&format!("/api/folders/Drafts/messages/{}/draft", uid.0))
        .await
        .json();
    assert_eq!(reopened, draft);

    // A malformed address is refused clearly, and nothing more is saved.
    let mut bad = draft.clone();
    bad.to.push(person(Some("Jean"), "jean@"));
    let reply = save(&browser, &bad, Some(uid)).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    assert_eq!(reply.code(), "invalid_input");
    let problem: Problem = reply.json();
    assert!(
        problem
            .detail
            .unwrap_or_default()
            .starts_with("to: «jean@»")
    );
    let contents = folder_contents(&server, user, "Drafts").await;
    assert_eq!(contents.iter().map(|c| c.0).collect::<Vec<_>>(), [uid.0]);
}
