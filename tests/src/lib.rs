//! Test support: real mail servers and a running bridge.
//!
//! [`MailServer`] starts a throwaway Dovecot + Postfix with `scripts/mailserver` and stops
//! it on drop; [`bridge_config`] builds a bridge configuration that trusts its test CA and
//! may connect to loopback; [`bridge`] gives the router for `oneshot` tests and
//! [`serve_bridge`] serves it on `127.0.0.1:0` for browser tests. [`api_client::ApiClient`]
//! drives the router like the app does, cookie included; [`chromium::Browser`] is a real headless Chromium;
//! [`arrival::wait_for_arrival`] waits, bounded, for mail and reports on their way.

pub mod api_client;
pub mod app;
pub mod arrival;
pub mod chromium;
pub mod drafts;
pub mod fault_proxy;
pub mod hostile_server;
pub mod oauth_server;
pub mod page_errors;
pub mod pdf;
pub mod redis;
pub mod test_ca;

use async_imap::Client;
use axum::Router;
use facteur_backend::{AppState, Config, app};
use facteur_model::api::{Security, ServerEndpoint};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex, Weak};
use tokio::net::TcpStream;
use tokio::task::JoinHandle;

/// The keys of `instance.json` that tests use.
#[derive(Debug, Clone, Deserialize)]
pub struct Instance {
    pub host: String,
    pub domain: String,
    pub imap_port: u16,
    pub imaps_port: u16,
    pub imaps_untrusted_host: String,
    pub imaps_untrusted_port: u16,
    pub smtp_port: u16,
    pub submission_port: u16,
    pub smtps_port: u16,
    pub managesieve_port: u16,
    pub ca_pem: PathBuf,
    pub demo_user: String,
    pub demo_password: String,
    pub users: HashMap<String, String>,
}

/// A running throwaway mail server; stopped and removed on drop.
#[derive(Debug)]
pub struct MailServer {
    pub dir: PathBuf,
    pub instance: Instance,
}

/// The workspace root (where `scripts/` lives).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(".."))
}

/// A fresh, short state directory path (unix socket paths must stay short).
fn fresh_dir() -> PathBuf {
    static COUNTER: AtomicU32 = AtomicU32::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    PathBuf::from(format!(
        "/tmp/fct-{:x}{:x}{n}",
        std::process::id(),
        nanos & 0xfff
    ))
}

impl MailServer {
    /// Starts an instance with empty mailboxes.
    pub fn start() -> MailServer {
        MailServer::start_with(false)
    }

    /// Starts an instance, the demo account seeded when `seed_demo`.
    pub fn start_with(seed_demo: bool) -> MailServer {
        let flags: &[&str] = if seed_demo { &["--seed-demo"] } else { &[] };
        MailServer::start_with_flags(flags)
    }

    /// One instance shared by the tests of a binary that run at the same time; it stops
    /// when the last of them drops its handle.
    pub fn shared() -> Arc<MailServer> {
        static SHARED: Mutex<Weak<MailServer>> = Mutex::new(Weak::new());
        let mut slot = SHARED.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(server) = slot.upgrade() {
            return server;
        }
        let server = Arc::new(MailServer::start());
        *slot = Arc::downgrade(&server);
        server
    }

    /// The password of a seeded user (`secret` for test1..test8).
    pub fn password(&self, user: &str) -> String {
        self.instance
            .users
            .get(user)
            .cloned()
            .unwrap_or_else(|| "secret".to_owned())
    }

    /// The trusted IMAPS endpoint.
    pub fn imaps(&self) -> ServerEndpoint {
        ServerEndpoint {
            host: self.instance.host.clone(),
            port: self.instance.imaps_port,
            security: Security::Tls,
        }
    }

    /// The SMTPS endpoint.
    pub fn smtps(&self) -> ServerEndpoint {
        ServerEndpoint {
            host: self.instance.host.clone(),
            port: self.instance.smtps_port,
            security: Security::Tls,
        }
    }

    /// A sign-in request body for `user` on the trusted IMAPS and SMTPS endpoints.
    pub fn login_json(&self, user: &str, password: &str) -> serde_json::Value {
        self.login_json_for(user, password, &self.imaps())
    }

    /// A sign-in request body for `user` with a given IMAP endpoint.
    pub fn login_json_for(
        &self,
        user: &str,
        password: &str,
        imap: &ServerEndpoint,
    ) -> serde_json::Value {
        serde_json::json!({
            "email": user,
            "username": null,
            "password": password,
            "imap": imap,
            "smtp": self.smtps(),
        })
    }

    /// Logs `user` in over plain IMAP on loopback, to seed or inspect a mailbox.
    pub async fn imap(&self, user: &str) -> async_imap::Session<TcpStream> {
        let tcp = TcpStream::connect((self.instance.host.as_str(), self.instance.imap_port))
            .await
            .expect("connect to test IMAP");
        greet_and_login(Client::new(tcp), user, &self.password(user)).await
    }

    /// Logs `user` in over plain IMAP the way the bridge does (its stream, its limits),
    /// for calling the bridge's IMAP functions directly.
    pub async fn bridge_imap(&self, user: &str) -> facteur_backend::imap::ImapSession {
        let tcp = TcpStream::connect((self.instance.host.as_str(), self.instance.imap_port))
            .await
            .expect("connect to test IMAP");
        bridge_like_login(
            facteur_backend::transport::MailStream::Plain(tcp),
            user,
            &self.password(user),
        )
        .await
    }

    /// Appends raw messages to `folder` of `user`, with IMAP flags such as `(\Seen)`.
    pub async fn append(&self, user: &str, folder: &str, messages: &[(&[u8], Option<&str>)]) {
        let mut session = self.imap(user).await;
        for (raw, flags) in messages {
            session
                .append(folder, *flags, None, raw)
                .await
                .expect("APPEND");
        }
        let _ = session.logout().await;
    }

    /// Appends `count` synthetic messages (the demo seeder's bulk mode: varied senders,
    /// subjects and paragraphs) to `folder` of `user`.
    pub fn seed_bulk(&self, user: &str, folder: &str, count: u32) {
        let seed = workspace_root().join("scripts/seed-demo.py");
        let output = Command::new(&seed)
            .arg(&self.dir)
            .args(["--bulk", &count.to_string(), "--user", user])
            .args(["--folder", folder, "--password", &self.password(user)])
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", seed.display()));
        assert!(
            output.status.success(),
            "seeding failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

/// Reads the greeting, then logs in; panics on failure.
async fn greet_and_login<S>(
    mut client: Client<S>,
    user: &str,
    password: &str,
) -> async_imap::Session<S>
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    client
        .read_response()
        .await
        .expect("IMAP greeting")
        .expect("IMAP greeting");
    client
        .login(user, password)
        .await
        .map_err(|(e, _)| e)
        .expect("test IMAP login")
}

/// An IMAP session over `stream` with the bridge's own stream type and limits, logged in
/// as `user`.
pub async fn bridge_like_login(
    stream: facteur_backend::transport::MailStream,
    user: &str,
    password: &str,
) -> facteur_backend::imap::ImapSession {
    use facteur_backend::imap::session_stream::SessionStream;
    use facteur_backend::transport::bounded::{BoundedStream, ResponseLimits};
    let limits =
        ResponseLimits::for_messages_up_to(facteur_backend::config::DEFAULT_MAX_MESSAGE_BYTES);
    let client = Client::new(SessionStream::new(BoundedStream::new(stream, limits)));
    greet_and_login(client, user, password).await
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let script = workspace_root().join("scripts/mailserver");
        let _ = Command::new(script)
            .arg("stop")
            .arg("--dir")
            .arg(&self.dir)
            .output();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A bridge configuration for tests: loopback allowed, the test CA trusted, no Secure
/// cookie (plain HTTP on 127.0.0.1), generous sign-in limits.
pub fn bridge_config(server: &MailServer, static_dir: Option<&Path>) -> Config {
    let mut config = Config::default();
    config.outbound.allow_loopback = true;
    allow_test_ports(&mut config);
    config.outbound.extra_ca_file = Some(server.instance.ca_pem.clone());
    config.outbound.connect_timeout_secs = 5;
    config.outbound.command_timeout_secs = 30;
    config.session.cookie_secure = false;
    config.session.key = Some(
        "ZmFjdGV1ci10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE=".to_owned(), // 32 bytes, tests only
    );
    config.rate_limit.per_ip_burst = 10_000;
    config.rate_limit.per_email_burst = 1_000;
    // The instance's mail domain is the operator's own: discovery proposes its servers.
    config
        .discovery
        .operator_presets
        .push(facteur_backend::config::OperatorPreset {
            domain: server.instance.domain.clone(),
            imap: server.imaps(),
            smtp: server.smtps(),
            username: facteur_providers::UsernameForm::FullAddress,
        });
    if let Some(dir) = static_dir {
        config.static_dir = dir.to_path_buf();
    }
    config
}

/// Test mail servers (real and fake) listen on ports the kernel picks, and loopback is
/// limited to the allowed ports like any address: a test bridge allows every unprivileged
/// port besides the mail ports (well-known ports such as 22 stay refused).
pub fn allow_test_ports(config: &mut Config) {
    config.outbound.allowed_ports.extend(1024..=u16::MAX);
}

/// A browser (the API client) signed in through the bridge as `user`, with that user's
/// password; panics when sign-in is refused.
pub async fn signed_in(server: &MailServer, user: &str) -> api_client::ApiClient {
    let mut browser = api_client::ApiClient::new(bridge(server));
    let reply = browser
        .sign_in(server.login_json(user, &server.password(user)))
        .await;
    assert_eq!(reply.status, axum::http::StatusCode::OK, "{}", reply.text());
    browser
}

/// The bridge router for `oneshot` tests.
pub fn bridge(server: &MailServer) -> Router {
    bridge_from(bridge_config(server, None))
}

/// The router for a given configuration.
pub fn bridge_from(config: Config) -> Router {
    app(AppState::new(config).expect("bridge state"))
}

/// A bridge served on a real socket; stops on drop.
#[derive(Debug)]
pub struct RunningBridge {
    /// `http://127.0.0.1:PORT`
    pub base_url: String,
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl Drop for RunningBridge {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Serves the bridge for `server` on `127.0.0.1:0`, with the app from `static_dir`.
pub async fn serve_bridge(server: &MailServer, static_dir: &Path) -> RunningBridge {
    serve(bridge_config(server, Some(static_dir))).await
}

/// Serves any configuration on `127.0.0.1:0` (the `listen` key is ignored).
pub async fn serve(config: Config) -> RunningBridge {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind 127.0.0.1:0");
    let addr = listener.local_addr().expect("local address");
    let header_read_timeout = config.http.header_read_timeout();
    let router = bridge_from(config);
    let task = tokio::spawn(facteur_backend::server::serve(
        listener,
        router,
        header_read_timeout,
        std::future::pending(),
    ));
    RunningBridge {
        base_url: format!("http://{addr}"),
        addr,
        task,
    }
}

// --- Helpers for the folder, settings and Sieve tests --------------------------------

impl MailServer {
    /// Starts an instance with extra `scripts/mailserver start` flags (e.g. `--no-move`).
    pub fn start_with_flags(flags: &[&str]) -> MailServer {
        let dir = fresh_dir();
        let script = workspace_root().join("scripts/mailserver");
        let output = Command::new(&script)
            .arg("start")
            .arg("--dir")
            .arg(&dir)
            .args(flags)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {}: {e}", script.display()));
        assert!(
            output.status.success(),
            "mailserver start failed:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let json = std::fs::read_to_string(dir.join("instance.json"))
            .unwrap_or_else(|e| panic!("no instance.json in {}: {e}", dir.display()));
        let instance: Instance = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("unexpected instance.json: {e}\n{json}"));
        MailServer { dir, instance }
    }

    /// Hands a raw message to the instance's SMTP port (plain, loopback, no AUTH), the
    /// way another mail server would: Postfix then delivers it over LMTP, through
    /// Dovecot's Sieve.
    pub async fn deliver_smtp(&self, from: &str, to: &str, raw: &[u8]) {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let tcp = TcpStream::connect((self.instance.host.as_str(), self.instance.smtp_port))
            .await
            .expect("connect to test SMTP");
        let (read, mut write) = tcp.into_split();
        let mut lines = BufReader::new(read).lines();
        // Reads one (possibly multi-line) reply and checks its code.
        async fn expect(
            lines: &mut tokio::io::Lines<BufReader<tokio::net::tcp::OwnedReadHalf>>,
            code: &str,
        ) {
            loop {
                let line = lines
                    .next_line()
                    .await
                    .expect("SMTP read")
                    .expect("SMTP reply");
                assert!(line.starts_with(code), "expected {code}, got {line}");
                if line.as_bytes().get(3) != Some(&b'-') {
                    return;
                }
            }
        }
        expect(&mut lines, "220").await;
        let mut data = Vec::with_capacity(raw.len() + 16);
        for line in raw.split_inclusive(|b| *b == b'\n') {
            if line.first() == Some(&b'.') {
                data.push(b'.');
            }
            data.extend_from_slice(line);
        }
        if !data.ends_with(b"\r\n") {
            data.extend_from_slice(b"\r\n");
        }
        data.extend_from_slice(b".\r\n");
        for (command, code) in [
            ("EHLO tests.example.test\r\n".to_owned(), "250"),
            (format!("MAIL FROM:<{from}>\r\n"), "250"),
            (format!("RCPT TO:<{to}>\r\n"), "250"),
            ("DATA\r\n".to_owned(), "354"),
        ] {
            write
                .write_all(command.as_bytes())
                .await
                .expect("SMTP write");
            expect(&mut lines, code).await;
        }
        write.write_all(&data).await.expect("SMTP write");
        expect(&mut lines, "250").await;
        write.write_all(b"QUIT\r\n").await.expect("SMTP write");
        expect(&mut lines, "221").await;
    }

    /// How many messages `folder` of `user` holds (0 when it does not exist).
    pub async fn count(&self, user: &str, folder: &str) -> u32 {
        let mut session = self.imap(user).await;
        let count = session
            .status(folder, "(MESSAGES)")
            .await
            .map(|status| status.exists)
            .unwrap_or(0);
        let _ = session.logout().await;
        count
    }
}

/// A folder path as one URL path segment (percent-encoded UTF-8), as the app writes it.
pub use facteur_model::routes::path_segment;

impl api_client::ApiClient {
    /// A state-changing request with a JSON body and the CSRF header.
    pub async fn send_json(
        &self,
        method: axum::http::Method,
        uri: &str,
        json: serde_json::Value,
    ) -> api_client::Reply {
        let builder = axum::http::Request::builder()
            .method(method)
            .uri(uri)
            .header(axum::http::header::CONTENT_TYPE, "application/json")
            .header("x-facteur-request", "1");
        self.send(builder, axum::body::Body::from(json.to_string()))
            .await
    }

    pub async fn put(&self, uri: &str, json: serde_json::Value) -> api_client::Reply {
        self.send_json(axum::http::Method::PUT, uri, json).await
    }

    pub async fn delete(&self, uri: &str) -> api_client::Reply {
        let builder = axum::http::Request::delete(uri).header("x-facteur-request", "1");
        self.send(builder, axum::body::Body::empty()).await
    }
}
