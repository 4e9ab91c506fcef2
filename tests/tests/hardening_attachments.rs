//! Attachments are served so that no browser runs them in the bridge's origin: an
//! allowlist of inert types (anything else is `application/octet-stream`), always
//! `Content-Disposition: attachment`, `nosniff`, a sandboxing CSP and
//! `Cross-Origin-Resource-Policy`. Inline `cid:` images keep showing in the reader.

use axum::http::{StatusCode, header};
use facteur_model::message::MessageDetail;
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::{MailServer, bridge};

/// One part per declared type, with a `cid:` PNG the HTML body shows inline.
const PARTS: &[(&str, &str, &str)] = &[
    ("text/jscript", "a.js", "alert(document.cookie)"),
    ("text/livescript", "b.js", "alert(1)"),
    ("text/css", "c.css", "body{background:url(//evil.test/)}"),
    ("text/xsl", "d.xsl", "<xsl:stylesheet/>"),
    ("application/javascript", "e.js", "alert(2)"),
    ("text/html", "f.html", "<script>alert(3)</script>"),
    ("image/svg+xml", "g.svg", "<svg onload=alert(4)/>"),
    ("image/png", "h.png", "not really a PNG"),
    ("application/pdf", "i.pdf", "%PDF-1.4"),
    ("text/plain; charset=iso-8859-1", "j.txt", "plain words"),
];

/// The served type each part of [`PARTS`] must get, in order.
const SERVED: &[&str] = &[
    "application/octet-stream",
    "application/octet-stream",
    "application/octet-stream",
    "application/octet-stream",
    "application/octet-stream",
    "application/octet-stream",
    "application/octet-stream",
    "image/png",
    "application/pdf",
    "text/plain; charset=utf-8",
];

/// A 1×1 PNG, referenced from the HTML body by `cid:dot@example.test`.
const DOT_PNG_BASE64: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

fn message() -> Vec<u8> {
    let mut out = String::from(
        "From: Mallory <mallory@example.test>\r\nTo: test1@example.test\r\n\
         Subject: Active attachments\r\nDate: Mon, 02 Mar 2026 10:00:00 +0000\r\n\
         Message-ID: <active@example.test>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"outer\"\r\n\r\n\
         --outer\r\nContent-Type: multipart/related; boundary=\"rel\"\r\n\r\n\
         --rel\r\nContent-Type: text/html; charset=utf-8\r\n\r\n\
         <p>Logo <img src=\"cid:dot@example.test\"></p>\r\n\
         --rel\r\nContent-Type: image/png\r\nContent-ID: <dot@example.test>\r\n\
         Content-Transfer-Encoding: base64\r\nContent-Disposition: inline\r\n\r\n",
    );
    out.push_str(DOT_PNG_BASE64);
    out.push_str("\r\n--rel--\r\n");
    for (content_type, name, body) in PARTS {
        out.push_str(&format!(
            "--outer\r\nContent-Type: {content_type}\r\n\
             Content-Disposition: attachment; filename=\"{name}\"\r\n\
             Content-Transfer-Encoding: 7bit\r\n\r\n{body}\r\n"
        ));
    }
    out.push_str("--outer--\r\n");
    out.into_bytes()
}

fn assert_inert(reply: &Reply, served: &str, what: &str) {
    assert_eq!(reply.status, StatusCode::OK, "{what}: {}", reply.text());
    assert_eq!(reply.header(header::CONTENT_TYPE), served, "{what}");
    assert!(
        reply
            .header(header::CONTENT_DISPOSITION)
            .starts_with("attachment;"),
        "{what}"
    );
    assert_eq!(
        reply.header(header::X_CONTENT_TYPE_OPTIONS),
        "nosniff",
        "{what}"
    );
    let csp = reply.header(header::CONTENT_SECURITY_POLICY);
    assert!(
        csp.split(';')
            .any(|directive| directive.trim() == "sandbox"),
        "{what}: {csp}"
    );
    assert!(csp.contains("default-src 'none'"), "{what}: {csp}");
    assert_eq!(
        reply.header(header::HeaderName::from_static(
            "cross-origin-resource-policy"
        )),
        "same-origin",
        "{what}"
    );
}

#[tokio::test]
async fn only_inert_types_are_served_and_every_attachment_is_sandboxed() {
    let server = MailServer::shared();
    let user = "test1@example.test";
    server.append(user, "INBOX", &[(&message(), None)]).await;
    let mut browser = ApiClient::new(bridge(&server));
    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let uid = browser.page("INBOX", "").await.messages[0].uid.0;

    let detail: MessageDetail = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}"))
        .await
        .json();
    let names: Vec<&str> = detail
        .attachments
        .iter()
        .map(|a| a.filename.as_str())
        .collect();
    let expected: Vec<&str> = PARTS.iter().map(|(_, name, _)| *name).collect();
    assert_eq!(
        names, expected,
        "the cid: image is not listed as an attachment"
    );

    for (index, ((declared, _, body), served)) in PARTS.iter().zip(SERVED).enumerate() {
        let reply = browser
            .get(&format!(
                "/api/folders/INBOX/messages/{uid}/attachments/{index}"
            ))
            .await;
        assert_inert(&reply, served, declared);
        assert_eq!(reply.body, body.as_bytes(), "{declared}");
    }

    // The inline image still shows: it travels inside the sanitized body as a data: URI,
    // not through the attachment route.
    let body = browser
        .get(&format!(
            "/api/folders/INBOX/messages/{uid}/body.html?images=blocked"
        ))
        .await
        .text();
    assert!(
        body.contains(&format!("data:image/png;base64,{DOT_PNG_BASE64}")),
        "{body}"
    );
}
