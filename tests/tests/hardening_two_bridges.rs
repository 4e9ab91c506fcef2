//! Two bridges behind a real nginx (round robin, `scripts/two-bridges nginx-config`),
//! sharing one session key and one real Redis: a real Chromium signs in through the app,
//! one bridge is killed mid-session and reading carries on without signing in again; after
//! signing out, the bridge that was killed, started again, refuses the old cookie.
//!
//! Needs the built app in `dist/` (`scripts/build-frontend`), nginx and redis-server
//! (`scripts/setup`).

use facteur_backend::Config;
use facteur_model::api::SignedOutReason;
use facteur_tests::api_client::ApiClient;
use facteur_tests::app::{open_message, sign_in_at};
use facteur_tests::chromium::{Browser, Window};
use facteur_tests::redis::RedisServer;
use facteur_tests::{MailServer, RunningBridge, bridge_config, bridge_from, serve, workspace_root};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Demo messages (scripts/mailserver.d/demo_corpus.py).
const NEWSLETTER: &str = "La Lettre du Rail n°47";
const HOSTILE: &str = "Votre colis est en attente de livraison";

/// nginx in front of the bridges; stopped (gracefully, with its worker) on drop.
struct Nginx {
    process: Child,
    dir: PathBuf,
    base_url: String,
}

impl Nginx {
    fn start(bridges: &[SocketAddr]) -> Nginx {
        let dir = std::env::temp_dir().join(format!("facteur-nginx-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the nginx directory");
        let port = free_port();
        let mut script = Command::new(workspace_root().join("scripts/two-bridges"));
        script.arg("nginx-config").arg(&dir).arg(port.to_string());
        for bridge in bridges {
            script.arg(bridge.port().to_string());
        }
        let status = script.status().expect("run scripts/two-bridges");
        assert!(status.success(), "scripts/two-bridges nginx-config failed");
        let conf = dir.join("nginx.conf");
        let process = Command::new("/usr/sbin/nginx")
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            .arg("-e")
            .arg(dir.join("error.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start nginx (run scripts/setup)");
        let nginx = Nginx {
            process,
            dir,
            base_url: format!("http://127.0.0.1:{port}"),
        };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(15),
                "nginx did not start: {}",
                std::fs::read_to_string(nginx.dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        nginx
    }

    /// The upstream of each request nginx passed on, in order (`host:port`, or several
    /// separated by `, ` when it moved on from one that refused).
    fn upstreams(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.join("access.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| line.split_once("upstream=").map(|(_, u)| u.to_owned()))
            .collect()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // TERM, not KILL: the master then stops its worker too.
        let _ = Command::new("kill")
            .args(["-TERM", &self.process.id().to_string()])
            .status();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free loopback port")
}

fn config(server: &MailServer, dist: &Path, redis: &RedisServer) -> Config {
    let mut config = bridge_config(server, Some(dist));
    config.session.revocation_url = Some(redis.url.clone());
    config
}

/// Serves `config` on `addr` (a bridge started again on the port it had).
async fn serve_on(addr: SocketAddr, config: Config) -> tokio::task::JoinHandle<()> {
    let start = Instant::now();
    let listener = loop {
        match tokio::net::TcpListener::bind(addr).await {
            Ok(listener) => break listener,
            Err(e) => {
                assert!(
                    start.elapsed() < Duration::from_secs(10),
                    "bind {addr}: {e}"
                );
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
    };
    let router = bridge_from(config);
    tokio::spawn(async move {
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let _ = axum::serve(listener, service).await;
    })
}

/// The status of `GET /api/folders` at `addr` with `cookie`, over a real socket (401 once
/// the session is signed out).
async fn folders_status(addr: &str, cookie: &str) -> u16 {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .unwrap_or_else(|e| panic!("connect to {addr}: {e}"));
    let request = format!(
        "GET /api/folders HTTP/1.1\r\nHost: {addr}\r\nCookie: {cookie}\r\nConnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    stream.read_to_end(&mut answer).await.unwrap();
    let answer = String::from_utf8_lossy(&answer);
    answer
        .split(' ')
        .nth(1)
        .and_then(|code| code.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {answer}"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_session_outlives_a_killed_bridge_and_its_sign_out_reaches_every_bridge() {
    let dist = workspace_root().join("dist");
    assert!(
        dist.join("index.html").exists(),
        "dist/ is missing: build the app with scripts/build-frontend (scripts/test does)"
    );
    let server = MailServer::start_with(true);
    let redis = RedisServer::start();
    let first: RunningBridge = serve(config(&server, &dist, &redis)).await;
    let second: RunningBridge = serve(config(&server, &dist, &redis)).await;
    let (first_addr, second_addr) = (first.addr, second.addr);
    let nginx = Nginx::start(&[first_addr, second_addr]);

    let browser = Browser::start("fr-FR,fr", Window::DESKTOP).await;
    sign_in_at(&browser, &server, &nginx.base_url).await;
    open_message(&browser, NEWSLETTER).await;
    browser.assert_no_page_errors("after signing in").await;
    let served = nginx.upstreams();
    for bridge in [first_addr, second_addr] {
        assert!(
            served.iter().any(|u| u == &bridge.to_string()),
            "round robin never reached {bridge}: {served:?}"
        );
    }

    // Kill one bridge mid-session: new connections to its port are refused.
    drop(first);
    let start = Instant::now();
    while std::net::TcpStream::connect(first_addr).is_ok() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the bridge still answers"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let before = nginx.upstreams().len();
    open_message(&browser, HOSTILE).await;
    open_message(&browser, NEWSLETTER).await;
    assert!(
        browser
            .texts("[data-testid=login-password]")
            .await
            .is_empty(),
        "the app asked to sign in again"
    );
    browser
        .assert_no_page_errors("after a bridge was killed")
        .await;
    let after = nginx.upstreams();
    assert!(
        after.len() > before,
        "no request went through nginx: {after:?}"
    );
    assert!(
        after[before..]
            .iter()
            .all(|u| u.ends_with(&second_addr.to_string())),
        "after the kill, every request is served by the survivor: {:?}",
        &after[before..]
    );

    // The browser's cookie, as an attacker who copied it would hold it.
    let cookie = browser
        .client
        .get_named_cookie("facteur_session")
        .await
        .expect("the session cookie");
    let cookie = format!("facteur_session={}", cookie.value());
    // A bridge that saw nothing of this session opens it (same key): what refuses it
    // later is the sign-out, nothing else.
    let bystander = ApiClient {
        router: bridge_from(config(&server, &dist, &redis)),
        cookie: Some(cookie.clone()),
    };
    assert!(bystander.is_signed_in().await);

    browser.click("[data-testid=sign-out]").await;
    browser.wait_for("[data-testid=login-password]").await;
    browser.assert_no_page_errors("after signing out").await;

    // The bridge that was killed comes back on its port, knowing nothing but the key
    // and the Redis: it refuses the old cookie, as do the survivor and the bystander.
    let restarted = serve_on(first_addr, config(&server, &dist, &redis)).await;
    assert_eq!(folders_status(&first_addr.to_string(), &cookie).await, 401);
    assert_eq!(folders_status(&second_addr.to_string(), &cookie).await, 401);
    assert_eq!(
        bystander.signed_out_reason().await,
        SignedOutReason::Expired
    );
    restarted.abort();
}
