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
use facteur_backend::imap::messages::uid_set;
use facteur_backend::transport::bounded::{BoundedStream, ResponseLimits};
use facteur_backend::transport::{MailStream, tls};
use facteur_model::api::MessagePage;
use facteur_tests::{MailServer, RunningBridge, serve_bridge, workspace_root};
use futures::TryStreamExt;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::process::Command;
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
    let seed = workspace_root().join("scripts/seed-demo.py");
    let output = Command::new(&seed)
        .arg(&server.dir)
        .args(["--bulk", &MESSAGES.to_string(), "--user", USER])
        .args(["--folder", FOLDER, "--password", &server.password(USER)])
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", seed.display()));
    assert!(
        output.status.success(),
        "seeding failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
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
        let mut uri = format!(
            "{}/api/folders/{FOLDER}/messages?limit={PAGE}",
            self.base_url
        );
        if let Some(before) = before {
            uri.push_str(&format!("&before={before}"));
        }
        let request = Request::get(uri)
            .header(header::COOKIE, &self.cookie)
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
    let limits =
        ResponseLimits::for_messages_up_to(facteur_backend::config::DEFAULT_MAX_MESSAGE_BYTES);
    let mut client = async_imap::Client::new(BoundedStream::new(
        MailStream::Tls(Box::new(stream)),
        limits,
    ));
    client
        .read_response()
        .await
        .expect("IMAP greeting")
        .expect("IMAP greeting");
    client
        .login(USER, server.password(USER))
        .await
        .map_err(|(e, _)| e)
        .expect("IMAP login")
}

/// The IMAP work of a first page, without the bridge: EXAMINE (read-only SELECT, as the
/// bridge does), then FETCH of the newest [`PAGE`] sequence numbers with the bridge's items.
/// Returns how many FETCH responses came back.
pub async fn newest_page_direct(session: &mut ImapSession) -> usize {
    let mailbox = session.examine(FOLDER).await.expect("EXAMINE");
    let total = mailbox.exists;
    let first = total.saturating_sub(PAGE) + 1;
    let fetches: Vec<_> = session
        .fetch(format!("{first}:{total}"), PAGE_ITEMS)
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .expect("FETCH responses");
    fetches.len()
}

/// The IMAP work of an older page, as the bridge does it for `before=`: EXAMINE, UID
/// SEARCH of the UIDs below `before`, then UID FETCH of the highest [`PAGE`] of them.
pub async fn older_page_direct(session: &mut ImapSession, before: u32) -> usize {
    session.examine(FOLDER).await.expect("EXAMINE");
    let mut older: Vec<u32> = session
        .uid_search(format!("UID 1:{}", before - 1))
        .await
        .expect("UID SEARCH")
        .into_iter()
        .filter(|uid| *uid < before)
        .collect();
    older.sort_unstable();
    let wanted = &older[older.len().saturating_sub(PAGE as usize)..];
    let fetches: Vec<_> = session
        .uid_fetch(uid_set(wanted), PAGE_ITEMS)
        .await
        .expect("UID FETCH")
        .try_collect()
        .await
        .expect("UID FETCH responses");
    fetches.len()
}

/// FETCH of the newest [`PAGE`] messages alone, the folder already selected: how much of
/// a page is the FETCH, and how much the EXAMINE before it.
pub async fn newest_fetch_only(session: &mut ImapSession, total: u32) -> usize {
    let first = total.saturating_sub(PAGE) + 1;
    let fetches: Vec<_> = session
        .fetch(format!("{first}:{total}"), PAGE_ITEMS)
        .await
        .expect("FETCH")
        .try_collect()
        .await
        .expect("FETCH responses");
    fetches.len()
}

/// Nearest-rank percentile of sorted samples (`p` in 0..=100).
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}
