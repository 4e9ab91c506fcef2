//! The bridge against a real Dovecot/Postfix started by `scripts/mailserver`.
//!
//! Tests share one instance while they run in parallel; each uses its own account
//! (test1..test8) and seeds what it needs with IMAP APPEND, so none depends on another.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_model::api::{
    FolderList, MessagePage, Security, ServerEndpoint, SessionInfo, SessionStatus,
};
use facteur_model::folder::FolderRole;
use facteur_model::message::{Flag, MessageDetail};
use facteur_tests::api_client::ApiClient;
use facteur_tests::{MailServer, bridge, bridge_config, bridge_from, serve_bridge, signed_in};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// A plain-text message from `sender{n}`, dated the `n`th of March 2026.
fn message(n: u32, to: &str, subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Sender {n} <sender{n}@example.test>\r\nTo: {to}\r\nSubject: {subject}\r\n\
         Date: Mon, {n:02} Mar 2026 10:00:00 +0000\r\nMessage-ID: <m{n}@example.test>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

#[tokio::test]
async fn sign_in_sets_a_protective_cookie_and_sign_out_clears_it() {
    let server = MailServer::shared();
    let mut browser = ApiClient::new(bridge(&server));
    let reply = browser
        .sign_in(server.login_json("test1@example.test", "secret"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let cookie = reply.header(header::SET_COOKIE);
    assert!(cookie.starts_with("facteur_session="), "{cookie}");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(cookie.contains(attribute), "{attribute} missing: {cookie}");
    }
    assert!(!reply.text().contains("secret"), "{}", reply.text());
    assert!(!cookie.contains("secret"));
    let info: SessionInfo = reply.json();
    assert_eq!(info.email.as_str(), "test1@example.test");
    assert_eq!(info.username, "test1@example.test");

    assert_eq!(
        browser.session_status().await,
        SessionStatus::SignedIn(info)
    );

    // Without the CSRF header, even a signed-in browser cannot sign out.
    let forged = browser
        .send(Request::delete("/api/session"), Body::empty())
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.code(), "csrf_rejected");

    let out = browser
        .send(
            Request::delete("/api/session").header("x-facteur-request", "1"),
            Body::empty(),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.header(header::SET_COOKIE).contains("Max-Age=0"));
    browser.cookie = None;
    let after = browser.get("/api/folders").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED);
    assert_eq!(after.code(), "not_signed_in");
}

#[tokio::test]
async fn every_transport_security_works_where_allowed() {
    let server = MailServer::shared();
    let host = server.instance.host.clone();
    let cases = [
        (
            server.instance.imap_port,
            Security::StartTls,
            server.instance.submission_port,
            Security::StartTls,
        ),
        (
            server.instance.imap_port,
            Security::Plain,
            server.instance.smtp_port,
            Security::Plain,
        ),
        (
            server.instance.imaps_port,
            Security::Tls,
            server.instance.smtps_port,
            Security::Tls,
        ),
    ];
    for (imap_port, imap_security, smtp_port, smtp_security) in cases {
        let mut browser = ApiClient::new(bridge(&server));
        let imap = ServerEndpoint {
            host: host.clone(),
            port: imap_port,
            security: imap_security,
        };
        let mut login = server.login_json_for("test1@example.test", "secret", &imap);
        login["smtp"] = serde_json::to_value(ServerEndpoint {
            host: host.clone(),
            port: smtp_port,
            security: smtp_security,
        })
        .unwrap();
        let reply = browser.sign_in(login).await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{imap_security:?}/{smtp_security:?}: {}",
            reply.text()
        );
    }
}

#[tokio::test]
async fn sign_in_failures_have_precise_codes() {
    let server = MailServer::shared();
    let router = bridge(&server);
    let host = server.instance.host.clone();

    let mut browser = ApiClient::new(router.clone());
    let wrong = browser
        .sign_in(server.login_json("test1@example.test", "not-the-password"))
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.code(), "bad_credentials");
    assert!(!wrong.text().contains("not-the-password"));
    assert!(wrong.header(header::SET_COOKIE).is_empty());

    // A port nothing listens on: bind one, then free it.
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let closed = ServerEndpoint {
        host: host.clone(),
        port: closed_port,
        security: Security::Tls,
    };
    let unreachable = browser
        .sign_in(server.login_json_for("test1@example.test", "secret", &closed))
        .await;
    assert_eq!(unreachable.status, StatusCode::BAD_GATEWAY);
    assert_eq!(unreachable.code(), "host_unreachable");

    // The listener whose certificate chains to a CA nobody trusts.
    let untrusted = ServerEndpoint {
        host: server.instance.imaps_untrusted_host.clone(),
        port: server.instance.imaps_untrusted_port,
        security: Security::Tls,
    };
    let reply = browser
        .sign_in(server.login_json_for("test1@example.test", "secret", &untrusted))
        .await;
    assert_eq!(reply.code(), "tls_failure", "{}", reply.text());
    let detail: serde_json::Value = reply.json();
    assert!(
        detail["detail"]
            .as_str()
            .unwrap_or_default()
            .contains("trusted"),
        "{detail}"
    );

    // The good listener, by a bridge that was not told to trust the test CA.
    let mut config = bridge_config(&server, None);
    config.outbound.extra_ca_file = None;
    let mut stranger = ApiClient::new(bridge_from(config));
    let reply = stranger
        .sign_in(server.login_json("test1@example.test", "secret"))
        .await;
    assert_eq!(reply.status, StatusCode::BAD_GATEWAY);
    assert_eq!(reply.code(), "tls_failure");

    // Plain IMAP is for loopback only.
    let remote_plain = ServerEndpoint {
        host: "93.184.216.34".into(),
        port: 143,
        security: Security::Plain,
    };
    let reply = browser
        .sign_in(server.login_json_for("test1@example.test", "secret", &remote_plain))
        .await;
    assert_eq!(reply.status, StatusCode::FORBIDDEN);
    assert_eq!(reply.code(), "plain_not_allowed");

    // The SMTP server is checked at sign-in too: a closed port is reported as SMTP's.
    let mut login = server.login_json("test1@example.test", "secret");
    login["smtp"] = serde_json::json!({"host": host, "port": closed_port, "security": "tls"});
    let reply = browser.sign_in(login).await;
    assert_eq!(reply.code(), "host_unreachable");
    assert!(reply.text().contains("SMTP server"), "{}", reply.text());

    // SMTP must be allowed too, checked before anything is opened.
    let mut login = server.login_json("test1@example.test", "secret");
    login["smtp"] = serde_json::json!({"host": "10.1.2.3", "port": 587, "security": "start_tls"});
    let reply = browser.sign_in(login).await;
    assert_eq!(reply.code(), "host_not_allowed");
}

#[tokio::test]
async fn folders_come_with_roles_hierarchy_and_counts() {
    let server = MailServer::shared();
    let user = "test2@example.test";
    server
        .append(
            user,
            "INBOX",
            &[
                (&message(1, user, "one", "a"), None),
                (&message(2, user, "two", "b"), Some("(\\Seen)")),
                (&message(3, user, "three", "c"), None),
            ],
        )
        .await;
    server
        .append(
            user,
            "Archive",
            &[(&message(4, user, "old", "d"), Some("(\\Seen)"))],
        )
        .await;
    let mut imap = server.imap(user).await;
    for folder in ["Projets", "Projets/2026", "Re&AOc-us"] {
        imap.create(folder).await.expect("CREATE");
    }
    let _ = imap.logout().await;

    let browser = signed_in(&server, user).await;
    let reply = browser.get("/api/folders").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let list: FolderList = reply.json();
    let folder = |path: &str| {
        list.folders
            .iter()
            .find(|f| f.path.as_str() == path)
            .unwrap_or_else(|| panic!("no {path} in {:?}", list.folders))
    };
    assert_eq!(list.folders[0].path.as_str(), "INBOX");
    let inbox = folder("INBOX");
    assert_eq!(
        (inbox.role, inbox.total, inbox.unread),
        (Some(FolderRole::Inbox), 3, 2)
    );
    let archive = folder("Archive");
    assert_eq!(
        (archive.role, archive.total, archive.unread),
        (Some(FolderRole::Archive), 1, 0)
    );
    for (path, role) in [
        ("Sent", FolderRole::Sent),
        ("Drafts", FolderRole::Drafts),
        ("Trash", FolderRole::Trash),
        ("Junk", FolderRole::Junk),
    ] {
        assert_eq!(folder(path).role, Some(role), "{path}");
    }
    let nested = folder("Projets/2026");
    assert_eq!(nested.name, "2026");
    assert_eq!(nested.depth, 1);
    assert_eq!(nested.parent.as_ref().map(|p| p.as_str()), Some("Projets"));
    assert_eq!(folder("Reçus").role, None);
    assert!(folder("Reçus").selectable);

    // Non-ASCII folder names travel percent-encoded in one path segment.
    let page = browser.page("Re%C3%A7us", "").await;
    assert_eq!(page.total, 0);
    let missing = browser.get("/api/folders/Nowhere/messages").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert_eq!(missing.code(), "folder_not_found");
}

#[tokio::test]
async fn pages_go_newest_first_without_gaps_or_duplicates() {
    let server = MailServer::shared();
    let user = "test3@example.test";
    let raws: Vec<Vec<u8>> = (1..=7)
        .map(|n| {
            message(
                n,
                user,
                &format!("=?UTF-8?Q?Num=C3=A9ro_{n}?="),
                &format!("Corps du message {n}"),
            )
        })
        .collect();
    let seeds: Vec<(&[u8], Option<&str>)> = raws.iter().map(|r| (r.as_slice(), None)).collect();
    server.append(user, "INBOX", &seeds).await;

    let browser = signed_in(&server, user).await;
    let mut seen = Vec::new();
    let mut query = "?limit=3".to_owned();
    let mut pages = 0;
    loop {
        let page = browser.page("INBOX", &query).await;
        assert_eq!(page.total, 7);
        pages += 1;
        seen.extend(page.messages.iter().map(|m| m.uid.0));
        match page.next_before {
            Some(before) => {
                assert_eq!(Some(before), page.messages.last().map(|m| m.uid));
                query = format!("?limit=3&before={}", before.0);
            }
            None => break,
        }
        assert!(pages < 5, "paging does not end");
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, vec![7, 6, 5, 4, 3, 2, 1]);

    let first = browser.page("INBOX", "?limit=3").await;
    let newest = &first.messages[0];
    assert_eq!(newest.subject, "Numéro 7");
    assert_eq!(newest.preview, "Corps du message 7");
    assert_eq!(
        newest.from.as_ref().map(|a| a.email.as_str()),
        Some("sender7@example.test")
    );
    assert!(newest.date.is_some());
    assert!(!newest.has_flag(Flag::Seen));
    assert!(!newest.has_attachments);

    let all = browser.page("INBOX", "?limit=1000").await;
    assert_eq!(all.messages.len(), 7);
    assert_eq!(all.next_before, None);
    let exact = browser.page("INBOX", "?limit=7").await;
    assert_eq!(exact.next_before, None);
    let none_older = browser.page("INBOX", "?before=1").await;
    assert!(none_older.messages.is_empty());
    assert_eq!(none_older.next_before, None);
    let bad = browser.get("/api/folders/INBOX/messages?limit=many").await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), "invalid_input");
}

/// HTML with scripts, handlers, `@import`, a tracker, a `cid:` image, a PDF and an SVG.
const HOSTILE: &[u8] = include_bytes!("../resources/mime/hostile-newsletter.eml");

#[tokio::test]
async fn hostile_html_is_sanitized_and_attachments_download_safely() {
    let server = MailServer::shared();
    let user = "test4@example.test";
    server.append(user, "INBOX", &[(HOSTILE, None)]).await;
    let browser = signed_in(&server, user).await;

    let page = browser.page("INBOX", "").await;
    let uid = page.messages[0].uid.0;
    assert!(page.messages[0].has_attachments);
    assert_eq!(page.messages[0].subject, "Offre spéciale");

    let reply = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}"))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    let detail: MessageDetail = reply.json();
    assert!(detail.has_html);
    assert!(detail.has_remote_images);
    let names: Vec<&str> = detail
        .attachments
        .iter()
        .map(|a| a.filename.as_str())
        .collect();
    assert_eq!(names, ["facture-été.pdf", "../logo.svg"]);
    assert!(detail.text.unwrap_or_default().contains("Bonjour"));

    let blocked = browser
        .get(&format!(
            "/api/folders/INBOX/messages/{uid}/body.html?images=blocked"
        ))
        .await;
    assert_eq!(blocked.status, StatusCode::OK);
    assert_eq!(
        blocked.header(header::CONTENT_TYPE),
        "text/html; charset=utf-8"
    );
    let csp = blocked.header(header::CONTENT_SECURITY_POLICY);
    assert!(csp.starts_with("default-src 'none'"), "{csp}");
    assert!(csp.contains("sandbox allow-popups"), "{csp}");
    assert!(!csp.contains("https:"), "{csp}");
    assert_eq!(blocked.header(header::CACHE_CONTROL), "private, no-store");
    assert_eq!(blocked.header(header::REFERRER_POLICY), "no-referrer");
    assert_eq!(blocked.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    let html = blocked.text();
    for bad in [
        "<script",
        "alert",
        "onerror",
        "onclick",
        "@import",
        "javascript:",
        "tracker.test",
        "cid:",
    ] {
        assert!(!html.contains(bad), "{bad} survived: {html}");
    }
    assert!(html.contains("Bonjour"));
    assert!(
        html.contains("data:image/png;base64,iVBORw0KGgo="),
        "{html}"
    );
    assert!(html.contains("target=\"_blank\""));

    let shown = browser
        .get(&format!(
            "/api/folders/INBOX/messages/{uid}/body.html?images=shown"
        ))
        .await;
    let csp = shown.header(header::CONTENT_SECURITY_POLICY);
    assert!(csp.contains("img-src data: https: http:"), "{csp}");
    let html = shown.text();
    assert!(html.contains("https://tracker.test/pixel.gif"), "{html}");
    assert!(!html.contains("<script") && !html.contains("onerror"));

    let pdf = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}/attachments/0"))
        .await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.body, b"%PDF-1.4\n%\xc7\xec\x8f\xa2\n");
    assert_eq!(pdf.header(header::CONTENT_TYPE), "application/pdf");
    assert_eq!(
        pdf.header(header::CONTENT_DISPOSITION),
        "attachment; filename=\"facture-_t_.pdf\"; filename*=UTF-8''facture-%C3%A9t%C3%A9.pdf"
    );
    assert_eq!(pdf.header(header::X_CONTENT_TYPE_OPTIONS), "nosniff");
    assert_eq!(pdf.header(header::CACHE_CONTROL), "private, no-store");

    let svg = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}/attachments/1"))
        .await;
    assert_eq!(svg.header(header::CONTENT_TYPE), "application/octet-stream");
    let disposition = svg.header(header::CONTENT_DISPOSITION);
    assert!(
        disposition.starts_with("attachment; filename=\"_logo.svg\""),
        "{disposition}"
    );

    let missing = browser
        .get(&format!("/api/folders/INBOX/messages/{uid}/attachments/9"))
        .await;
    assert_eq!(missing.code(), "attachment_not_found");
    let gone = browser.get("/api/folders/INBOX/messages/999").await;
    assert_eq!(gone.status, StatusCode::NOT_FOUND);
    assert_eq!(gone.code(), "message_not_found");

    // Opening never marks the message read (BODY.PEEK).
    let page = browser.page("INBOX", "").await;
    assert!(!page.messages[0].has_flag(Flag::Seen));
}

#[tokio::test]
async fn flags_change_and_show_in_the_list() {
    let server = MailServer::shared();
    let user = "test5@example.test";
    server
        .append(
            user,
            "INBOX",
            &[
                (&message(1, user, "a", "x"), None),
                (&message(2, user, "b", "y"), None),
            ],
        )
        .await;
    let browser = signed_in(&server, user).await;
    let flags_of = |page: &MessagePage, uid: u32| -> Vec<Flag> {
        page.messages
            .iter()
            .find(|m| m.uid.0 == uid)
            .map(|m| m.flags.clone())
            .unwrap_or_default()
    };

    let reply = browser
        .post(
            "/api/folders/INBOX/flags",
            serde_json::json!({"uids": [1, 2], "add": ["seen", "flagged"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.text());
    let page = browser.page("INBOX", "").await;
    for uid in [1, 2] {
        let flags = flags_of(&page, uid);
        assert!(
            flags.contains(&Flag::Seen) && flags.contains(&Flag::Flagged),
            "{flags:?}"
        );
    }

    let reply = browser
        .post(
            "/api/folders/INBOX/flags",
            serde_json::json!({"uids": [2], "remove": ["seen"]}),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);
    let page = browser.page("INBOX", "").await;
    assert_eq!(flags_of(&page, 2), vec![Flag::Flagged]);
    assert!(flags_of(&page, 1).contains(&Flag::Seen));

    // A cross-site attempt with the session cookie but without the header changes nothing.
    let forged = browser
        .send(
            Request::post("/api/folders/INBOX/flags")
                .header(header::CONTENT_TYPE, "application/json"),
            Body::from(r#"{"uids":[1],"remove":["flagged"]}"#),
        )
        .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert_eq!(forged.code(), "csrf_rejected");
    let page = browser.page("INBOX", "").await;
    assert!(flags_of(&page, 1).contains(&Flag::Flagged));

    let empty = browser
        .post(
            "/api/folders/INBOX/flags",
            serde_json::json!({"uids": [], "add": ["seen"]}),
        )
        .await;
    assert_eq!(empty.status, StatusCode::BAD_REQUEST);
    assert_eq!(empty.code(), "invalid_input");
}

#[tokio::test]
async fn another_bridge_instance_serves_the_same_session() {
    let server = MailServer::shared();
    let user = "test6@example.test";
    server
        .append(user, "INBOX", &[(&message(1, user, "hello", "x"), None)])
        .await;
    let first = signed_in(&server, user).await;
    // Same key, no cached connection: the cookie alone must be enough.
    let mut second = ApiClient::new(bridge(&server));
    second.cookie = first.cookie.clone();
    let page = second.page("INBOX", "").await;
    assert_eq!(page.total, 1);
    assert_eq!(page.messages[0].subject, "hello");
}

#[tokio::test]
async fn the_bridge_serves_over_a_real_socket() {
    let server = MailServer::shared();
    let static_dir = std::env::temp_dir().join(format!("fct-static-{}", std::process::id()));
    std::fs::create_dir_all(static_dir.join("assets")).unwrap();
    std::fs::write(static_dir.join("index.html"), "<!doctype html><p>app</p>").unwrap();
    let running = serve_bridge(&server, &static_dir).await;
    assert!(running.base_url.starts_with("http://127.0.0.1:"));

    let mut stream = tokio::net::TcpStream::connect(running.addr).await.unwrap();
    stream
        .write_all(b"GET /some/view HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    assert!(response.contains("<p>app</p>"));
    assert!(
        response
            .to_lowercase()
            .contains("content-security-policy: default-src 'self'")
    );
    let _ = std::fs::remove_dir_all(&static_dir);
}

#[tokio::test]
async fn a_connection_dropped_by_the_server_is_reopened_transparently() {
    let server = MailServer::shared();
    let user = "test7@example.test";
    server
        .append(user, "INBOX", &[(&message(1, user, "before", "x"), None)])
        .await;
    let browser = signed_in(&server, user).await;
    assert_eq!(browser.page("INBOX", "").await.total, 1);

    // The server ends every session of the user, as on a restart or an idle timeout: the
    // bridge's cached connection is now dead without knowing it.
    let conf = server.dir.join("dovecot/dovecot.conf");
    let kicked = std::process::Command::new("doveadm")
        .arg("-c")
        .arg(&conf)
        .args(["kick", user])
        .output()
        .expect("run doveadm kick");
    assert!(
        kicked.status.success(),
        "doveadm kick failed: {}",
        String::from_utf8_lossy(&kicked.stderr)
    );
    let said = String::from_utf8_lossy(&kicked.stdout);
    assert!(said.contains(user), "no live connection was kicked: {said}");

    server
        .append(user, "INBOX", &[(&message(2, user, "after", "y"), None)])
        .await;
    let page = browser.page("INBOX", "").await;
    assert_eq!(page.total, 2, "the request after the drop is served");
    assert_eq!(page.messages[0].subject, "after");
}

#[tokio::test]
async fn a_wrong_password_is_a_code_without_program_text() {
    let server = MailServer::shared();
    let mut browser = ApiClient::new(bridge(&server));
    let wrong = browser
        .sign_in(server.login_json("test2@example.test", "not-the-password"))
        .await;
    assert_eq!(wrong.code(), "bad_credentials");
    let problem: serde_json::Value = wrong.json();
    let detail = problem["detail"].as_str().unwrap_or_default();
    // The server's own words at most, never a Rust structure printed with `{:?}`.
    for program_text in ["code:", "info:", "Some(", "None"] {
        assert!(!detail.contains(program_text), "{problem}");
    }
}

#[tokio::test]
async fn sign_in_to_a_port_speaking_another_protocol_says_so() {
    let server = MailServer::shared();
    let mut browser = ApiClient::new(bridge(&server));
    let instance = &server.instance;
    let at = |port: u16, security: Security| ServerEndpoint {
        host: instance.host.clone(),
        port,
        security,
    };
    for imap in [
        // SSL/TLS asked of Postfix's submission port: the handshake meets an SMTP greeting.
        at(instance.submission_port, Security::Tls),
        // Postfix's SMTPS port: TLS works, then an SMTP greeting.
        at(instance.smtps_port, Security::Tls),
        // Postfix's plain port, in plain text on loopback.
        at(instance.smtp_port, Security::Plain),
    ] {
        let reply = browser
            .sign_in(server.login_json_for("test3@example.test", "secret", &imap))
            .await;
        assert_eq!(reply.status, StatusCode::BAD_GATEWAY, "{imap:?}");
        assert_eq!(reply.code(), "wrong_protocol", "{imap:?}: {}", reply.text());
    }
    // The IMAPS port given as the SMTP server.
    let mut login = server.login_json("test3@example.test", "secret");
    login["smtp"] = serde_json::to_value(server.imaps()).unwrap();
    let reply = browser.sign_in(login).await;
    assert_eq!(reply.code(), "wrong_protocol", "{}", reply.text());
}
