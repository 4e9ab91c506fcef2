//! What both benchmarks share: a mail server holding 10,000 messages, the bridge on a real
//! loopback socket, browsers signed in over HTTP, and direct IMAP sessions as the baseline.
//!
//! The baseline speaks to the same IMAPS port, through the same TLS library, as the
//! bridge does, so the difference between the two is the bridge itself: HTTP, the sealed
//! cookie, the connection cache, MIME parsing of the summaries, and JSON.

// Each bench binary compiles this module and uses a different part of it.
#![allow(dead_code)]

use axum::body::Bytes;
use axum::http::{Request, StatusCode, header};
use facteur_backend::imap::ImapSession;
use facteur_backend::transport::{MailStream, tls};
use facteur_model::api::MessagePage;
use facteur_tests::{MailServer, RunningBridge, bridge_like_login, serve_bridge};
use futures::TryStreamExt;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::Instant;

/// The account the benchmarks read (a test account nobody else uses in the benches).
pub const USER: &str = "test5@example.test";
/// The folder seeded with [`MESSAGES`] messages.
pub const FOLDER: &str = "INBOX";
/// How many messages the folder holds.
pub const MESSAGES: u32 = 10_000;
/// The page size asked of the bridge, and fetched directly.
pub const PAGE: u32 = 50;

/// The FETCH items of a page, exactly as `facteur_backend::imap::messages::page` asks for them
/// (its query is private; keep the two in step).
pub const PAGE_ITEMS: &str = "(UID FLAGS INTERNALDATE RFC822.SIZE BODYSTRUCTURE BODY.PEEK[HEADER] \
     BODY.PEEK[TEXT]<0.3072>)";

/// Starts a throwaway mail server and appends [`MESSAGES`] synthetic messages to
/// [`FOLDER`] of [`USER`].
pub fn seeded_mail_server() -> MailServer {
    let started = Instant::now();
    let server = MailServer::start();
    server.seed_bulk(USER, FOLDER, MESSAGES);
    eprintln!(
        "mail server ready with {MESSAGES} messages in {USER}'s {FOLDER} ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    server
}

/// The bridge on `127.0.0.1:0`, with an empty app folder (only the API is measured).
pub async fn running_bridge(server: &MailServer) -> RunningBridge {
    let static_dir = server.dir.join("bench-static");
    std::fs::create_dir_all(&static_dir).expect("create the bench's static folder");
    serve_bridge(server, &static_dir).await
}

/// A browser stand-in speaking real HTTP/1.1 to the bridge, with its own keep-alive
/// connection and its own session cookie.
#[derive(Clone)]
pub struct HttpBrowser {
    client: Client<HttpConnector, Full<Bytes>>,
    base_url: String,
    cookie: String,
}

impl HttpBrowser {
    /// Signs [`USER`] in on the trusted IMAPS and SMTPS endpoints, like the app does.
    pub async fn sign_in(server: &MailServer, bridge: &RunningBridge) -> HttpBrowser {
        let client = Client::builder(TokioExecutor::new()).build_http();
        let login = server.login_json(USER, &server.password(USER));
        let request = Request::post(format!("{}/api/session", bridge.base_url))
            .header(header::CONTENT_TYPE, "application/json")
            .header("x-facteur-request", "1")
            .body(Full::new(Bytes::from(login.to_string())))
            .expect("sign-in request");
        let response = client.request(request).await.expect("sign-in over HTTP");
        let status = response.status();
        let set_cookie = response
            .headers()
            .get(header::SET_COOKIE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.into_body().collect().await.expect("sign-in reply");
        assert_eq!(
            status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&body.to_bytes())
        );
        let cookie = set_cookie.split(';').next().unwrap_or_default().to_owned();
        assert!(cookie.starts_with("facteur_session="), "{set_cookie}");
        HttpBrowser {
            client,
            base_url: bridge.base_url.clone(),
            cookie,
        }
    }

    /// `GET /api/folders/INBOX/messages?limit=50[&before=N]`: the raw JSON, status checked.
    /// The body is read to the end but not decoded, as the baseline does not decode its
    /// FETCH results into summaries either.
    pub async fn page_json(&self, before: Option<u32>) -> Bytes {
        self.try_page_json(before)
            .await
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`HttpBrowser::page_json`], failures returned (the load test counts them).
    pub async fn try_page_json(&self, before: Option<u32>) -> Result<Bytes, String> {
        let mut path = format!("/api/folders/{FOLDER}/messages?limit={PAGE}");
        if let Some(before) = before {
            path.push_str(&format!("&before={before}"));
        }
        self.try_get(&path).await
    }

    /// `GET path` with the session cookie: the body, or what went wrong.
    pub async fn try_get(&self, path: &str) -> Result<Bytes, String> {
        self.try_get_encoded(path, "identity").await
    }

    /// `GET path` as a browser asks for it, `Accept-Encoding` included: the body as it
    /// came over the wire (compressed when the bridge chose to).
    pub async fn try_get_encoded(&self, path: &str, accept: &str) -> Result<Bytes, String> {
        let request = Request::get(format!("{}{path}", self.base_url))
            .header(header::COOKIE, &self.cookie)
            .header(header::ACCEPT_ENCODING, accept)
            .body(Full::default())
            .map_err(|e| e.to_string())?;
        let response = self
            .client
            .request(request)
            .await
            .map_err(|e| e.to_string())?;
        let status = response.status();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|e| e.to_string())?
            .to_bytes();
        if status != StatusCode::OK {
            return Err(format!("{status}: {}", String::from_utf8_lossy(&body)));
        }
        Ok(body)
    }

    /// What the reader asks for when a message opens: its detail, then its body document.
    pub async fn open_message(&self, uid: u32) -> usize {
        let detail = self
            .try_get(&format!("/api/folders/{FOLDER}/messages/{uid}"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        let body = self
            .try_get(&format!("/api/folders/{FOLDER}/messages/{uid}/body.html"))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        detail.len() + body.len()
    }

    /// Signs out, so the bridge logs its IMAP connection out now rather than at idle time.
    pub async fn sign_out(&self) {
        let request = Request::delete(format!("{}/api/session", self.base_url))
            .header(header::COOKIE, &self.cookie)
            .header("x-facteur-request", "1")
            .body(Full::default())
            .expect("sign-out request");
        if let Ok(response) = self.client.request(request).await {
            let _ = response.into_body().collect().await;
        }
    }

    /// A page, decoded (outside the measured loops).
    pub async fn page(&self, before: Option<u32>) -> MessagePage {
        serde_json::from_slice(&self.page_json(before).await).expect("a MessagePage")
    }
}

/// An IMAP session logged in as [`USER`] over IMAPS with the test CA, like the bridge's.
pub async fn direct_imap(server: &MailServer) -> ImapSession {
    let host = server.instance.host.as_str();
    let config = tls::client_config(Some(&server.instance.ca_pem)).expect("TLS configuration");
    let tcp = tokio::net::TcpStream::connect((host, server.instance.imaps_port))
        .await
        .expect("connect to IMAPS");
    let stream = tls::handshake(&config, host, tcp)
        .await
        .expect("TLS handshake");
    bridge_like_login(
        MailStream::Tls(Box::new(stream)),
        USER,
        &server.password(USER),
    )
    .await
}

/// Opens [`FOLDER`] read-only on a direct session, once, before its pages are timed.
pub async fn examine_folder(session: &mut ImapSession) {
    session.examine(FOLDER).await.expect("EXAMINE");
}

/// The raw IMAP work of a first page on a warm connection, the baseline of the list
/// target: FETCH of the newest [`PAGE`] sequence numbers with the bridge's items, the
/// folder already open ([`examine_folder`]). Returns how many FETCH responses came back.
pub async fn newest_page_direct(session: &mut ImapSession) -> usize {
    let first = MESSAGES.saturating_sub(PAGE) + 1;
    fetch_direct(session, format!("{first}:{MESSAGES}")).await
}

/// What a first page cost the bridge before it kept the folder open: EXAMINE, then the
/// FETCH of [`newest_page_direct`].
pub async fn examine_then_newest_page(session: &mut ImapSession) -> usize {
    examine_folder(session).await;
    newest_page_direct(session).await
}

/// The raw IMAP work of an older page on a warm connection: UID FETCH of the [`PAGE`]
/// UIDs below `before` (the seeded folder's UIDs have no gaps).
pub async fn older_page_direct(session: &mut ImapSession, before: u32) -> usize {
    let first = before.saturating_sub(PAGE).max(1);
    let fetches: Vec<_> = session
        .uid_fetch(format!("{first}:{}", before - 1), PAGE_ITEMS)
        .await
        .expect("UID FETCH")
        .try_collect()
        .await
        .expect("UID FETCH responses");
    fetches.len()
}

/// The raw fetch of a whole message on a warm connection: UID FETCH BODY.PEEK[].
pub async fn whole_message_direct(session: &mut ImapSession, uid: u32) -> usize {
    let fetches: Vec<_> = session
        .uid_fetch(uid.to_string(), "(UID BODY.PEEK[])")
        .await
        .expect("UID FETCH")
        .try_collect()
        .await
        .expect("UID FETCH responses");
    fetches
        .iter()
        .filter_map(|fetch| fetch.body())
        .map(<[u8]>::len)
        .sum()
}

async fn fetch_direct(session: &mut ImapSession, sequence_set: String) -> usize {
    let fetches: Vec<_> = session
        .fetch(sequence_set, PAGE_ITEMS)
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .expect("FETCH responses");
    fetches.len()
}

/// The multi-threaded runtime every bench runs on.
pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime")
}

/// Nearest-rank percentile of sorted samples (`p` in 0..=100).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
