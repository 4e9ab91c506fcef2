//! Folders and moving messages, against a real Dovecot started by `scripts/mailserver`.
//!
//! Tests share one instance while they run in parallel; each uses its own account.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_model::api::{FolderList, MessagePage};
use facteur_model::folder_ops::{
    FolderChanged, FolderDeleted, MessageText, TransferMethod, TransferResult,
};
use facteur_model::problem::Problem;
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, path_segment, signed_in};
use serde_json::json;

fn message(n: u32, to: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Sender {n} <sender{n}@example.test>\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Date: Mon, {:02} Mar 2026 10:00:00 +0000\r\nMessage-ID: <f{n}@example.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n",
        n % 28 + 1
    )
    .into_bytes()
}

async fn seed(server: &MailServer, user: &str, folder: &str, count: u32) {
    let messages: Vec<Vec<u8>> = (1..=count)
        .map(|n| message(n, user, &format!("message {n}"), "hello"))
        .collect();
    let refs: Vec<(&[u8], Option<&str>)> = messages.iter().map(|m| (m.as_slice(), None)).collect();
    server.append(user, folder, &refs).await;
}

async fn folders(browser: &ApiClient) -> FolderList {
    let reply = browser.get("/api/folders").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

async fn create(browser: &ApiClient, body: serde_json::Value) -> String {
    let reply = browser.post("/api/folders", body).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.text());
    reply.json::<FolderChanged>().path.0
}

async fn transfer(
    browser: &ApiClient,
    from: &str,
    verb: &str,
    uids: &[u32],
    to: &str,
) -> TransferResult {
    let reply = browser
        .post(
            &format!("/api/folders/{}/{verb}", path_segment(from)),
            json!({"uids": uids, "to": to}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    reply.json()
}

#[tokio::test]
async fn folders_are_created_renamed_subscribed_and_deleted() {
    let server = MailServer::shared();
    let browser = signed_in(&server, "test1@example.test").await;

    assert_eq!(
        create(&browser, json!({"path": "Personnel"})).await,
        "Personnel"
    );
    assert_eq!(
        create(&browser, json!({"name": "Professionnel"})).await,
        "Professionnel"
    );
    let meetings = create(
        &browser,
        json!({"parent": "Personnel", "name": "« Réunions »"}),
    )
    .await;
    assert_eq!(meetings, "Personnel/« Réunions »");
    let list = folders(&browser).await;
    for path in ["Personnel", "Professionnel", "Personnel/« Réunions »"] {
        let folder = list
            .folders
            .iter()
            .find(|f| f.path.as_str() == path)
            .unwrap_or_else(|| panic!("{path} missing: {list:?}"));
        assert!(folder.subscribed, "{path}");
    }
    let nested = list
        .folders
        .iter()
        .find(|f| f.path.as_str() == meetings)
        .unwrap();
    assert_eq!(nested.name, "« Réunions »");
    assert_eq!(nested.depth, 1);
    // On the wire the name is modified UTF-7: another client sees the same folder.
    let mut imap = server.imap("test1@example.test").await;
    let status = imap
        .status("Personnel/&AKs- R&AOk-unions &ALs-", "(MESSAGES)")
        .await
        .expect("the folder under its modified UTF-7 name");
    assert_eq!(status.exists, 0);
    let _ = imap.logout().await;

    let again = browser
        .post("/api/folders", json!({"path": "Personnel"}))
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "folder_exists");
    // Names are checked before the server sees them, each mistake with its own code.
    for (bad, code) in [
        (json!({"path": ""}), "folder_name_empty"),
        (json!({"name": "   "}), "folder_name_empty"),
        (json!({"path": "A*"}), "folder_name_forbidden_character"),
        (json!({"name": "a/b"}), "folder_name_has_delimiter"),
        (json!({"name": "a..b"}), "folder_name_dots"),
        (json!({"name": ".."}), "folder_name_dots"),
        (
            json!({"name": "Boîte de réception"}),
            "folder_name_reserved",
        ),
        (
            json!({"name": "boite de RECEPTION"}),
            "folder_name_reserved",
        ),
        (json!({"name": "Inbox"}), "folder_name_reserved"),
        (json!({"name": "Envoyés"}), "folder_name_reserved"),
        (json!({"path": "x".repeat(201)}), "folder_name_too_long"),
    ] {
        let reply = browser.post("/api/folders", bad.clone()).await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert_eq!(reply.code(), code, "{bad}");
        let problem: Problem = reply.json();
        assert_eq!(problem.detail, None, "no English prose for {bad}");
    }
    let neither = browser.post("/api/folders", json!({})).await;
    assert_eq!(neither.code(), "invalid_input");
    let sibling = browser
        .post("/api/folders", json!({"name": "personnel"}))
        .await;
    assert_eq!(sibling.status, StatusCode::CONFLICT);
    assert_eq!(sibling.code(), "folder_exists");
    // What passes our checks but not this server's (maildir keeps folders as dot-joined
    // directories) comes back translated, the server's words only as the detail.
    let refused = browser
        .post("/api/folders", json!({"name": "Version 1.2"}))
        .await;
    assert_eq!(refused.code(), "folder_name_refused", "{}", refused.text());
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Problem = refused.json();
    assert!(
        problem
            .detail
            .as_deref()
            .is_some_and(|d| d.contains("CANNOT")),
        "{problem:?}"
    );

    let renamed = browser
        .post(
            "/api/folders/Professionnel/rename",
            json!({"new_path": "Travail"}),
        )
        .await;
    assert_eq!(renamed.status, StatusCode::OK, "{}", renamed.text());
    assert_eq!(renamed.json::<FolderChanged>().path.0, "Travail");
    let paths: Vec<String> = folders(&browser)
        .await
        .folders
        .into_iter()
        .map(|f| f.path.0)
        .collect();
    assert!(paths.contains(&"Travail".to_owned()) && !paths.contains(&"Professionnel".to_owned()));
    let clash = browser
        .post(
            "/api/folders/Travail/rename",
            json!({"new_path": "Personnel"}),
        )
        .await;
    assert_eq!(clash.code(), "folder_exists");
    for (new_path, code) in [
        ("Boîte de réception", "folder_name_reserved"),
        ("Personnel/../Travail", "folder_name_dots"),
        ("Travail 1.0", "folder_name_refused"),
    ] {
        let reply = browser
            .post(
                "/api/folders/Travail/rename",
                json!({ "new_path": new_path }),
            )
            .await;
        assert_eq!(reply.code(), code, "{new_path}: {}", reply.text());
    }
    // A folder renamed to its own name in another case is no clash with itself.
    let recased = browser
        .post(
            "/api/folders/Travail/rename",
            json!({"new_path": "travail"}),
        )
        .await;
    assert_eq!(recased.status, StatusCode::OK, "{}", recased.text());
    let back = browser
        .post(
            "/api/folders/travail/rename",
            json!({"new_path": "Travail"}),
        )
        .await;
    assert_eq!(back.status, StatusCode::OK, "{}", back.text());
    for protected in ["INBOX", "Trash", "Sent"] {
        let rename = browser
            .post(
                &format!("/api/folders/{protected}/rename"),
                json!({"new_path": "Other"}),
            )
            .await;
        assert_eq!(rename.status, StatusCode::FORBIDDEN, "{protected}");
        assert_eq!(rename.code(), "folder_protected");
        let delete = browser.delete(&format!("/api/folders/{protected}")).await;
        assert_eq!(delete.code(), "folder_protected", "{protected}");
    }

    let off = browser
        .post(
            "/api/folders/Travail/subscription",
            json!({"subscribed": false}),
        )
        .await;
    assert_eq!(off.status, StatusCode::NO_CONTENT, "{}", off.text());
    let travail = |list: FolderList| list.folders.into_iter().find(|f| f.path.0 == "Travail");
    assert!(!travail(folders(&browser).await).unwrap().subscribed);
    browser
        .post(
            "/api/folders/Travail/subscription",
            json!({"subscribed": true}),
        )
        .await;
    assert!(travail(folders(&browser).await).unwrap().subscribed);

    let missing = browser.delete("/api/folders/Nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "folder_not_found");
    let parent = browser.delete("/api/folders/Personnel").await;
    assert_eq!(parent.status, StatusCode::CONFLICT);
    assert_eq!(parent.code(), "folder_not_empty");
    let child = browser
        .delete(&format!("/api/folders/{}", path_segment(&meetings)))
        .await;
    assert_eq!(child.status, StatusCode::OK, "{}", child.text());
    let parent = browser.delete("/api/folders/Personnel").await;
    assert_eq!(parent.status, StatusCode::OK, "{}", parent.text());
    let paths: Vec<String> = folders(&browser)
        .await
        .folders
        .into_iter()
        .map(|f| f.path.0)
        .collect();
    assert!(
        !paths.iter().any(|p| p.starts_with("Personnel")),
        "{paths:?}"
    );
}

#[tokio::test]
async fn a_folder_with_messages_is_only_deleted_as_the_user_chooses() {
    let server = MailServer::shared();
    let user = "test2@example.test";
    let browser = signed_in(&server, user).await;
    create(&browser, json!({"path": "Projets"})).await;
    seed(&server, user, "Projets", 3).await;

    let refused = browser.delete("/api/folders/Projets").await;
    assert_eq!(refused.status, StatusCode::CONFLICT);
    let problem: Problem = refused.json();
    assert_eq!(problem.message_count, Some(3));
    assert_eq!(server.count(user, "Projets").await, 3);

    let to_trash = browser
        .delete("/api/folders/Projets?messages=move_to_trash")
        .await;
    assert_eq!(to_trash.status, StatusCode::OK, "{}", to_trash.text());
    let deleted: FolderDeleted = to_trash.json();
    assert_eq!((deleted.moved_to_trash, deleted.destroyed), (3, 0));
    assert_eq!(server.count(user, "Trash").await, 3);
    assert!(
        !folders(&browser)
            .await
            .folders
            .iter()
            .any(|f| f.path.0 == "Projets")
    );

    create(&browser, json!({"path": "Vieux"})).await;
    seed(&server, user, "Vieux", 1).await;
    let bad_policy = browser.delete("/api/folders/Vieux?messages=maybe").await;
    assert_eq!(bad_policy.status, StatusCode::BAD_REQUEST);
    let destroyed = browser.delete("/api/folders/Vieux?messages=destroy").await;
    assert_eq!(destroyed.status, StatusCode::OK, "{}", destroyed.text());
    assert_eq!(destroyed.json::<FolderDeleted>().destroyed, 1);
    assert_eq!(server.count(user, "Trash").await, 3);
}

#[tokio::test]
async fn messages_move_and_copy_in_one_command() {
    let server = MailServer::shared();
    let user = "test3@example.test";
    let browser = signed_in(&server, user).await;
    create(&browser, json!({"path": "Personnel"})).await;
    seed(&server, user, "INBOX", 4).await;

    let moved = transfer(&browser, "INBOX", "move", &[2, 1], "Personnel").await;
    assert_eq!(moved.moved, Some(2));
    assert_eq!(moved.method, TransferMethod::Move);
    assert_eq!(moved.already_gone, 0);
    assert_eq!(server.count(user, "INBOX").await, 2);
    assert_eq!(server.count(user, "Personnel").await, 2);

    // Moved already (say, by another device): harmless.
    let again = transfer(&browser, "INBOX", "move", &[1, 2], "Personnel").await;
    assert_eq!((again.moved, again.already_gone), (Some(0), 2));
    let same = transfer(&browser, "INBOX", "move", &[3], "INBOX").await;
    assert_eq!(same.moved, Some(0));
    assert!(same.note.is_some());

    let copied = transfer(&browser, "INBOX", "copy", &[3], "Personnel").await;
    assert_eq!((copied.copied, copied.moved), (Some(1), None));
    assert_eq!(copied.method, TransferMethod::CopyOnly);
    assert_eq!(server.count(user, "INBOX").await, 2);
    assert_eq!(server.count(user, "Personnel").await, 3);

    let nowhere = browser
        .post(
            "/api/folders/INBOX/move",
            json!({"uids": [3], "to": "Nowhere"}),
        )
        .await;
    assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
    assert_eq!(nowhere.code(), "folder_not_found");
    let empty = browser
        .post(
            "/api/folders/INBOX/move",
            json!({"uids": [], "to": "Personnel"}),
        )
        .await;
    assert_eq!(empty.code(), "invalid_input");
    assert_eq!(server.count(user, "INBOX").await, 2);
}

#[tokio::test]
async fn two_devices_moving_the_same_messages_is_harmless() {
    let server = MailServer::shared();
    let user = "test4@example.test";
    let first = signed_in(&server, user).await;
    let second = signed_in(&server, user).await;
    create(&first, json!({"path": "Professionnel"})).await;
    seed(&server, user, "INBOX", 20).await;
    let uids: Vec<u32> = (1..=20).collect();

    let (a, b) = tokio::join!(
        transfer(&first, "INBOX", "move", &uids, "Professionnel"),
        transfer(&second, "INBOX", "move", &uids, "Professionnel"),
    );
    // Nothing lost, nothing left behind, both answered, and each message filed exactly
    // once: the claim keeps the two from moving the same message, and when both claims
    // reach Dovecot in the same instant (its conditional STORE is not atomic across
    // sessions) the extra copies are removed (`facteur_backend::imap::dedupe`).
    assert_eq!(server.count(user, "INBOX").await, 0);
    let moved = a.moved.unwrap_or(0) + b.moved.unwrap_or(0);
    assert!(moved >= 20, "{a:?} {b:?}");
    assert_eq!(server.count(user, "Professionnel").await, 20, "{a:?} {b:?}");
    let mut session = server.imap(user).await;
    session.select("Professionnel").await.unwrap();
    let filed: Vec<_> = futures::TryStreamExt::try_collect(
        session
            .fetch("1:*", "BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)]")
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let mut ids: Vec<String> = filed
        .iter()
        .map(|f| {
            String::from_utf8_lossy(f.header().unwrap_or_default())
                .trim()
                .to_owned()
        })
        .collect();
    ids.sort();
    let mut expected: Vec<String> = (1..=20)
        .map(|n| format!("Message-ID: <f{n}@example.test>"))
        .collect();
    expected.sort();
    assert_eq!(ids, expected, "{a:?} {b:?}");
    // The claim mark does not stay on the moved messages.
    let marked = session.uid_search("KEYWORD $FacteurMoving").await.unwrap();
    assert!(marked.is_empty(), "{marked:?}");
    let _ = session.logout().await;
}

#[tokio::test]
async fn messages_another_device_is_moving_are_left_to_it() {
    let server = MailServer::shared();
    let user = "test7@example.test";
    let browser = signed_in(&server, user).await;
    create(&browser, json!({"path": "Personnel"})).await;
    seed(&server, user, "INBOX", 2).await;
    // Another device claimed message 1 and then went away without moving it.
    let mut other = server.imap(user).await;
    other.select("INBOX").await.unwrap();
    let _: Vec<_> = futures::TryStreamExt::try_collect(
        other
            .uid_store("1", "+FLAGS.SILENT ($FacteurMoving)")
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let _ = other.logout().await;

    let first = transfer(&browser, "INBOX", "move", &[1, 2], "Personnel").await;
    assert_eq!(first.moved, Some(1), "{first:?}");
    assert!(first.note.is_some(), "{first:?}");
    // Its claim was stale: released, so the next attempt moves the message.
    let second = transfer(&browser, "INBOX", "move", &[1], "Personnel").await;
    assert_eq!(second.moved, Some(1), "{second:?}");
    assert_eq!(server.count(user, "INBOX").await, 0);
    assert_eq!(server.count(user, "Personnel").await, 2);
}

#[tokio::test]
async fn new_messages_come_oldest_first_with_their_text() {
    let server = MailServer::shared();
    let user = "test5@example.test";
    seed(&server, user, "INBOX", 4).await;
    let long = message(5, user, "long", &"Bonjour le monde. ".repeat(6000));
    server.append(user, "INBOX", &[(&long, None)]).await;
    let browser = signed_in(&server, user).await;

    let page: MessagePage = browser.page("INBOX", "?after=2&limit=2").await;
    let uids: Vec<u32> = page.messages.iter().map(|m| m.uid.0).collect();
    assert_eq!(uids, [3, 4]);
    assert_eq!(page.next_after.map(|u| u.0), Some(4));
    assert_eq!(page.uid_next.map(|u| u.0), Some(6));
    assert_ne!(page.uid_validity.0, 0);
    let rest = browser.page("INBOX", "?after=4").await;
    assert_eq!(rest.messages.len(), 1);
    assert_eq!(rest.next_after, None);
    assert!(browser.page("INBOX", "?after=5").await.messages.is_empty());
    let both = browser
        .get("/api/folders/INBOX/messages?after=1&before=3")
        .await;
    assert_eq!(both.code(), "invalid_input");

    let short = browser.get("/api/folders/INBOX/messages/1/text").await;
    assert_eq!(short.status, StatusCode::OK, "{}", short.text());
    let short: MessageText = short.json();
    assert_eq!((short.text.trim(), short.truncated), ("hello", false));
    let long: MessageText = browser
        .get("/api/folders/INBOX/messages/5/text")
        .await
        .json();
    assert!(long.truncated);
    assert!(long.text.len() <= 64 * 1024 && long.text.starts_with("Bonjour le monde."));
    let gone = browser.get("/api/folders/INBOX/messages/99/text").await;
    assert_eq!(gone.code(), "message_not_found");
    // Reading the text for rules does not mark the message read.
    let page = browser.page("INBOX", "").await;
    assert!(page.messages.iter().all(|m| m.flags.is_empty()));
}

#[tokio::test]
async fn changing_folders_needs_the_csrf_header() {
    let server = MailServer::shared();
    let browser = signed_in(&server, "test6@example.test").await;
    let forged = [
        Request::post("/api/folders").header(header::CONTENT_TYPE, "application/json"),
        Request::post("/api/folders/INBOX/move").header(header::CONTENT_TYPE, "application/json"),
        Request::delete("/api/folders/Anything"),
        Request::put("/api/settings").header(header::CONTENT_TYPE, "application/json"),
        Request::put("/api/sieve").header(header::CONTENT_TYPE, "application/json"),
    ];
    for builder in forged {
        let reply = browser
            .send(
                builder,
                Body::from(r#"{"path":"Forged","uids":[1],"to":"Trash"}"#),
            )
            .await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN);
        assert_eq!(reply.code(), "csrf_rejected");
    }
    assert!(
        !folders(&browser)
            .await
            .folders
            .iter()
            .any(|f| f.path.0 == "Forged")
    );
}

async fn message_ids(session: &mut facteur_backend::imap::ImapSession) -> Vec<(u32, String)> {
    let fetched: Vec<_> = futures::TryStreamExt::try_collect(
        session
            .uid_fetch("1:*", "(UID BODY.PEEK[HEADER.FIELDS (MESSAGE-ID)])")
            .await
            .unwrap(),
    )
    .await
    .unwrap();
    let mut ids: Vec<(u32, String)> = fetched
        .iter()
        .map(|f| {
            let header = String::from_utf8_lossy(f.header().unwrap_or_default());
            (f.uid.unwrap(), header.trim().to_owned())
        })
        .collect();
    ids.sort();
    ids
}

/// Racing movers that both copied (what Dovecot does when two UID MOVEs of the same
/// messages meet) de-duplicate at once and keep exactly one copy: the lowest UID.
#[tokio::test]
async fn copies_of_racing_moves_are_removed_down_to_one() {
    use facteur_backend::imap::dedupe::{identities, remove_extra_copies};
    let server = MailServer::shared();
    let user = "test8@example.test";
    let browser = signed_in(&server, user).await;
    create(&browser, json!({"path": "Racing"})).await;
    seed(&server, user, "INBOX", 3).await;
    let no_id = b"From: <a@example.test>\r\nSubject: no id\r\n\r\nsame\r\n";
    server
        .append(user, "INBOX", &[(no_id, None), (no_id, None)])
        .await;
    let mut first = server.bridge_imap(user).await;
    let mut second = server.bridge_imap(user).await;
    // A copy of message 1 the user already had there: left alone.
    first.select("INBOX").await.unwrap();
    first.uid_copy("1", "Racing").await.unwrap();
    let window = first.status("Racing", "(UIDNEXT)").await.unwrap();
    let window_start = window.uid_next.unwrap();

    first.select("INBOX").await.unwrap();
    let moved = identities(&mut first, &[1, 2, 3, 4, 5]).await.unwrap();
    // Messages without a Message-ID are never taken for copies of one another.
    assert_eq!(moved.values().sum::<usize>(), 3, "{moved:?}");
    // Both movers copied everything.
    first.uid_copy("1:5", "Racing").await.unwrap();
    first.uid_copy("1:5", "Racing").await.unwrap();
    first.select("Racing").await.unwrap();
    second.select("Racing").await.unwrap();
    let (a, b) = tokio::join!(
        remove_extra_copies(&mut first, window_start, &moved),
        remove_extra_copies(&mut second, window_start, &moved),
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert!((3..=6).contains(&(a + b)), "{a} {b}");
    second.noop().await.unwrap();
    let left = message_ids(&mut second).await;
    let id = |n: u32| format!("Message-ID: <f{n}@example.test>");
    let start = window_start;
    assert_eq!(
        left,
        [
            (start - 1, id(1)),
            // The first copy of each moved message, the lowest UID, stays.
            (start, id(1)),
            (start + 1, id(2)),
            (start + 2, id(3)),
            (start + 3, String::new()),
            (start + 4, String::new()),
            (start + 8, String::new()),
            (start + 9, String::new()),
        ]
    );
    // Done again, by anyone: nothing more to remove.
    assert_eq!(
        remove_extra_copies(&mut second, window_start, &moved)
            .await
            .unwrap(),
        0
    );
    let _ = first.logout().await;
    let _ = second.logout().await;
}
