//! Sign-out ends the session everywhere, and the session cookie resists planting: the
//! router (no socket) in front of the real Dovecot, and a real `redis-server` shared by two
//! bridges.

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use facteur_model::api::{MessagePage, SignedOutReason};
use facteur_model::compose::{Draft, DraftBody, DraftSaved};
use facteur_model::message::Address;
use facteur_tests::api_client::{ApiClient, Reply};
use facteur_tests::redis::RedisServer;
use facteur_tests::{MailServer, bridge_config, bridge_from};
use serde_json::json;

async fn signed_in(server: &MailServer, router: Router, user: &str) -> ApiClient {
    let mut browser = ApiClient::new(router);
    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text());
    browser
}

/// Another client (another browser, or an attacker) holding the same cookie.
fn holding(router: Router, cookie: &str) -> ApiClient {
    ApiClient {
        router,
        cookie: Some(cookie.to_owned()),
    }
}

async fn sign_out(browser: &ApiClient) -> Reply {
    let builder = Request::delete("/api/session").header("x-facteur-request", "1");
    browser.send(builder, Body::empty()).await
}

/// A bridge that records sign-outs in the Redis at `url`.
fn shared_bridge(server: &MailServer, url: &str) -> Router {
    let mut config = bridge_config(server, None);
    config.session.revocation_url = Some(url.to_owned());
    bridge_from(config)
}

#[tokio::test]
async fn a_cookie_copied_before_sign_out_is_refused_after_it() {
    let server = MailServer::shared();
    let router = bridge_from(bridge_config(&server, None));
    let browser = signed_in(&server, router.clone(), "test1@example.test").await;
    let copied = holding(router, browser.cookie.as_deref().unwrap());
    assert!(copied.is_signed_in().await);
    assert_eq!(copied.get("/api/folders").await.status, StatusCode::OK);

    let out = sign_out(&browser).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text());

    assert_eq!(copied.signed_out_reason().await, SignedOutReason::Expired);
    for uri in ["/api/folders", "/api/folders/INBOX/messages"] {
        let reply = copied.get(uri).await;
        assert_eq!(
            reply.status,
            StatusCode::UNAUTHORIZED,
            "{uri}: {}",
            reply.text()
        );
        assert_eq!(reply.code(), "session_expired", "{uri}");
    }
}

#[tokio::test]
async fn sign_out_on_one_bridge_is_honoured_by_the_other() {
    let server = MailServer::shared();
    let redis = RedisServer::start();
    let first = shared_bridge(&server, &redis.url);
    let second = shared_bridge(&server, &redis.url);
    let browser = signed_in(&server, first, "test2@example.test").await;
    let cookie = browser.cookie.clone().unwrap();
    // Same key: the other instance opens the session without signing in again.
    let elsewhere = holding(second, &cookie);
    let before = elsewhere.get("/api/folders").await;
    assert_eq!(before.status, StatusCode::OK, "{}", before.text());

    let out = sign_out(&browser).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT, "{}", out.text());

    let after = elsewhere.get("/api/folders").await;
    assert_eq!(after.status, StatusCode::UNAUTHORIZED, "{}", after.text());
    assert_eq!(after.code(), "session_expired");
    // A third instance started later knows it too: the list lives in Redis.
    let later = holding(shared_bridge(&server, &redis.url), &cookie);
    assert_eq!(later.signed_out_reason().await, SignedOutReason::Expired);
}

#[tokio::test]
async fn an_unreachable_store_fails_closed_and_the_bridge_reconnects() {
    let server = MailServer::shared();
    let mut redis = RedisServer::start();
    let router = shared_bridge(&server, &redis.url);
    let browser = signed_in(&server, router, "test3@example.test").await;
    assert!(browser.is_signed_in().await);

    redis.stop();
    let refused = browser.get("/api/folders").await;
    assert_eq!(
        refused.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        refused.text()
    );
    assert_eq!(refused.code(), "session_store_unavailable");
    assert!(
        !refused.text().contains("127.0.0.1"),
        "the store's address stays in the log: {}",
        refused.text()
    );
    // Sign-out cannot be recorded: the user is told so, and this browser still forgets.
    let out = sign_out(&browser).await;
    assert_eq!(
        out.status,
        StatusCode::SERVICE_UNAVAILABLE,
        "{}",
        out.text()
    );
    assert_eq!(out.code(), "session_store_unavailable");
    assert!(out.header(header::SET_COOKIE).contains("Max-Age=0"));

    // The store is back (empty): the bridge connects again by itself.
    let _back = RedisServer::start_on(redis.port);
    assert!(browser.is_signed_in().await);
}

#[tokio::test]
async fn over_https_the_cookie_is_host_prefixed_and_the_plain_name_is_ignored() {
    let server = MailServer::shared();
    let mut config = bridge_config(&server, None);
    config.session.cookie_secure = true;
    let router = bridge_from(config);
    let browser = signed_in(&server, router.clone(), "test4@example.test").await;
    let set_cookie = browser.cookie.clone().unwrap();
    assert!(
        set_cookie.starts_with("__Host-facteur_session="),
        "{set_cookie}"
    );
    assert!(browser.is_signed_in().await);

    // The same value under the unprefixed name could have been planted by a sibling
    // subdomain or over plain HTTP: it does not count.
    let value = set_cookie.split_once('=').unwrap().1;
    let planted = holding(router.clone(), &format!("facteur_session={value}"));
    assert_eq!(
        planted.signed_out_reason().await,
        SignedOutReason::NoSession
    );

    let out = sign_out(&browser).await;
    let cleared = out.header(header::SET_COOKIE);
    assert!(cleared.starts_with("__Host-facteur_session=;"), "{cleared}");
    assert!(cleared.contains("Secure") && cleared.contains("Max-Age=0"));
}

#[tokio::test]
async fn a_request_with_two_session_cookies_is_refused() {
    let server = MailServer::shared();
    let router = bridge_from(bridge_config(&server, None));
    let mine = signed_in(&server, router.clone(), "test5@example.test").await;
    let theirs = signed_in(&server, router.clone(), "test6@example.test").await;
    let mine = mine.cookie.unwrap();
    let theirs = theirs.cookie.unwrap();
    // Whichever comes first (browsers order by path length, then age), neither counts.
    for header_value in [format!("{theirs}; {mine}"), format!("{mine}; {theirs}")] {
        let both = holding(router.clone(), &header_value);
        let reply = both.get("/api/folders").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.text());
        assert_eq!(reply.code(), "duplicate_session_cookie");
    }
    // Two separate Cookie headers are the same thing.
    let builder = Request::get("/api/session")
        .header(header::COOKIE, &mine)
        .header(header::COOKIE, &theirs);
    let reply = ApiClient::new(router.clone())
        .send(builder, Body::empty())
        .await;
    assert_eq!(reply.code(), "duplicate_session_cookie");

    // Signing out with both signs both out: a duplicate cannot keep one alive.
    let both = holding(router.clone(), &format!("{mine}; {theirs}"));
    assert_eq!(sign_out(&both).await.status, StatusCode::NO_CONTENT);
    for cookie in [&mine, &theirs] {
        let alone = holding(router.clone(), cookie);
        assert_eq!(alone.signed_out_reason().await, SignedOutReason::Expired);
    }
}

#[tokio::test]
async fn sign_out_asks_the_browser_to_forget_cached_mail_and_storage() {
    let server = MailServer::shared();
    let router = bridge_from(bridge_config(&server, None));
    let browser = signed_in(&server, router, "test7@example.test").await;
    let out = sign_out(&browser).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let clear = out.header(header::HeaderName::from_static("clear-site-data"));
    for directive in ["\"cache\"", "\"storage\""] {
        assert!(clear.contains(directive), "Clear-Site-Data: {clear:?}");
    }
    // Even without a session, signing out clears what the browser may hold.
    let anonymous = sign_out(&ApiClient::new(browser.router.clone())).await;
    assert_eq!(anonymous.status, StatusCode::NO_CONTENT);
    assert!(
        anonymous
            .header(header::HeaderName::from_static("clear-site-data"))
            .contains("\"cache\"")
    );
}

const WITH_ATTACHMENT: &[u8] = b"From: Alice <alice@example.test>\r\n\
To: test8@example.test\r\n\
Subject: Cache test\r\n\
Message-ID: <cache-test@example.test>\r\n\
Date: Mon, 07 Dec 2026 10:00:00 +0000\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=b\r\n\
\r\n\
--b\r\n\
Content-Type: text/html; charset=utf-8\r\n\
\r\n\
<p>Private words</p>\r\n\
--b\r\n\
Content-Type: text/plain; name=notes.txt\r\n\
Content-Disposition: attachment; filename=notes.txt\r\n\
\r\n\
private notes\r\n\
--b--\r\n";

#[tokio::test]
async fn answers_that_carry_mail_are_never_cached() {
    let server = MailServer::shared();
    let user = "test8@example.test";
    server
        .append(user, "INBOX", &[(WITH_ATTACHMENT, None)])
        .await;
    let router = bridge_from(bridge_config(&server, None));
    let browser = signed_in(&server, router, user).await;
    let page: MessagePage = browser.page("INBOX", "").await;
    let uid = page
        .messages
        .iter()
        .find(|m| m.subject == "Cache test")
        .expect("the appended message")
        .uid
        .0;
    let draft = Draft {
        from: Address {
            name: None,
            email: user.into(),
        },
        to: vec![],
        cc: vec![],
        bcc: vec![],
        subject: "Draft for the cache test".into(),
        body: DraftBody {
            text: "secret plans".into(),
            html: None,
        },
        attachments: vec![],
        in_reply_to: None,
        references: vec![],
        request_dsn: false,
        dsn_notify: Default::default(),
        request_read_receipt: false,
        last_failure: None,
    };
    let saved = browser
        .put("/api/drafts", json!({ "draft": draft, "replaces": null }))
        .await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.text());
    let saved: DraftSaved = saved.json();
    let draft_uid = saved.uid.expect("Dovecot says the UID").0;

    let message = format!("/api/folders/INBOX/messages/{uid}");
    let uris = [
        "/api/session".to_owned(),
        "/api/folders".to_owned(),
        "/api/folders/INBOX/messages".to_owned(),
        message.clone(),
        format!("{message}/text"),
        format!("{message}/headers"),
        format!("{message}/body.html"),
        format!("{message}/attachments/0"),
        format!("/api/folders/Drafts/messages/{draft_uid}/draft"),
        "/api/addresses?q=ali".to_owned(),
        "/api/settings".to_owned(),
    ];
    for uri in &uris {
        let reply = browser.get(uri).await;
        assert_eq!(reply.status, StatusCode::OK, "{uri}: {}", reply.text());
        let cache = reply.header(header::CACHE_CONTROL);
        assert!(cache.contains("no-store"), "{uri}: Cache-Control {cache:?}");
    }
}

#[tokio::test]
async fn a_rolled_key_still_opens_old_cookies_and_seals_new_ones() {
    let server = MailServer::shared();
    let dir = std::env::temp_dir().join(format!("facteur-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old_file, new_file) = (dir.join("old.key"), dir.join("new.key"));
    // 32 bytes each, base64: test keys only.
    std::fs::write(&old_file, "b2xkLWtleS1vbGQta2V5LW9sZC1rZXktb2xkLWtleSE=").unwrap();
    std::fs::write(&new_file, "bmV3LWtleS1uZXcta2V5LW5ldy1rZXktbmV3LWtleSE=").unwrap();
    let with_keys = |current: &std::path::Path, previous: &[&std::path::Path]| {
        let mut config = bridge_config(&server, None);
        config.session.key = None;
        config.session.key_file = Some(current.to_path_buf());
        config.session.previous_key_files = previous.iter().map(|p| p.to_path_buf()).collect();
        bridge_from(config)
    };
    let before = with_keys(&old_file, &[]);
    let rolled = with_keys(&new_file, &[&old_file]);
    let retired = with_keys(&new_file, &[]);

    let old_session = signed_in(&server, before.clone(), "test1@example.test").await;
    let old_cookie = old_session.cookie.clone().unwrap();
    let status = |reply: Reply| reply.status;
    assert_eq!(
        status(
            holding(rolled.clone(), &old_cookie)
                .get("/api/folders")
                .await
        ),
        StatusCode::OK,
        "the rolled bridge still opens a cookie of the old key"
    );
    let new_cookie = signed_in(&server, rolled, "test1@example.test")
        .await
        .cookie
        .unwrap();
    assert_ne!(
        new_cookie.split('.').next(),
        old_cookie.split('.').next(),
        "new cookies name the new key"
    );
    assert!(holding(retired.clone(), &new_cookie).is_signed_in().await);
    // Once the old key is dropped, its cookies end; a bridge not rolled yet cannot open
    // what the new key sealed.
    let gone = holding(retired, &old_cookie).signed_out_reason().await;
    assert_eq!(gone, SignedOutReason::Expired);
    let ahead = holding(before, &new_cookie).signed_out_reason().await;
    assert_eq!(ahead, SignedOutReason::Expired);
    let _ = std::fs::remove_dir_all(&dir);
}
