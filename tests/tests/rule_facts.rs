//! The facts rules need on arrival, against a real Dovecot: List-Id and keywords in the
//! list, keywords changed through the flags route, and every header of a message.

use axum::http::StatusCode;
use facteur_model::folder_ops::MessageHeaders;
use facteur_tests::{MailServer, signed_in};
use serde_json::json;

const LETTER: &[u8] = b"From: Annonces <annonces@lists.example.test>\r\n\
To: test1@example.test\r\n\
Subject: Lettre de mars\r\n\
Date: Mon, 02 Mar 2026 10:00:00 +0000\r\n\
Message-ID: <lettre-mars@lists.example.test>\r\n\
List-Id: =?UTF-8?Q?Annonces_=C3=A9t=C3=A9?= <annonces.lists.example.test>\r\n\
X-Spam-Flag: YES\r\n\
X-Facteur-Test:\r\n  folded value\r\n\
MIME-Version: 1.0\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n\
Bonjour.\r\n";

#[tokio::test]
async fn list_id_keywords_and_headers_reach_the_browser() {
    let server = MailServer::shared();
    let user = "test1@example.test";
    let plain =
        b"From: <ami@example.test>\r\nSubject: salut\r\nMessage-ID: <p@x.test>\r\n\r\nsalut\r\n";
    server
        .append(
            user,
            "INBOX",
            &[
                // A keyword of the user's, and the bridge's own claim of a move.
                (LETTER, Some("($Label1 $FacteurMoving \\Seen)")),
                (plain, None),
            ],
        )
        .await;
    let browser = signed_in(&server, user).await;

    let page = browser.page("INBOX", "?after=0").await;
    let (letter, other) = (&page.messages[0], &page.messages[1]);
    assert_eq!(
        letter.list_id.as_deref(),
        Some("Annonces été <annonces.lists.example.test>")
    );
    assert_eq!(letter.keywords, ["$Label1"]);
    assert_eq!(other.list_id, None);
    assert!(other.keywords.is_empty());

    // Keywords through the flags route.
    let change = |body: serde_json::Value| browser.post("/api/folders/INBOX/flags", body);
    let reply = change(json!({
        "uids": [1, 2],
        "add_keywords": ["Travail", "$Important"],
        "remove_keywords": ["$Label1"],
    }))
    .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let page = browser.page("INBOX", "?after=0").await;
    let mut keywords = page.messages[0].keywords.clone();
    keywords.sort();
    assert_eq!(keywords, ["$Important", "Travail"]);
    let mut keywords = page.messages[1].keywords.clone();
    keywords.sort();
    assert_eq!(keywords, ["$Important", "Travail"]);
    // System flags are left as they were.
    assert!(
        page.messages[0]
            .flags
            .contains(&facteur_model::message::Flag::Seen)
    );
    let reply = change(json!({"uids": [2], "remove_keywords": ["travail", "$Important"]})).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    assert!(
        browser.page("INBOX", "?after=1").await.messages[0]
            .keywords
            .is_empty()
    );
    // The claim keyword stays the bridge's, hidden from the browser: it cannot touch it.
    for bad in ["two words", "\\Seen", "$FacteurMoving", "a)b", "été"] {
        let reply = change(json!({"uids": [1], "add_keywords": [bad]})).await;
        assert_eq!(
            reply.status,
            StatusCode::BAD_REQUEST,
            "{bad}: {}",
            reply.text()
        );
        assert_eq!(reply.code(), "invalid_input", "{bad}");
    }
    let mut session = server.imap(user).await;
    session.select("INBOX").await.unwrap();
    let claimed = session.uid_search("KEYWORD $FacteurMoving").await.unwrap();
    assert_eq!(claimed.into_iter().collect::<Vec<_>>(), [1]);
    let _ = session.logout().await;

    // Every header field, decoded.
    let reply = browser.get("/api/folders/INBOX/messages/1/headers").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let headers: MessageHeaders = reply.json();
    assert!(!headers.truncated);
    let value = |name: &str| {
        headers
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value.as_str())
    };
    assert_eq!(value("X-Spam-Flag"), Some("YES"));
    assert_eq!(value("X-Facteur-Test"), Some("folded value"));
    assert_eq!(value("Subject"), Some("Lettre de mars"));
    assert_eq!(
        value("List-Id"),
        Some("Annonces été <annonces.lists.example.test>")
    );
    let gone = browser.get("/api/folders/INBOX/messages/99/headers").await;
    assert_eq!(gone.code(), "message_not_found");
    // Reading headers for rules does not mark the message read.
    assert!(
        browser.page("INBOX", "?after=1").await.messages[0]
            .flags
            .is_empty()
    );
}
