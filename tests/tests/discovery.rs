//! Account discovery through the bridge's `/api/setup/discover`, against local fixtures:
//! an HTTPS server with a certificate from a CA made here (which the bridge is told to
//! trust), a plain HTTP server, and a fixture DNS resolver answering A, MX and SRV.

use facteur_backend::config::{Config, OperatorPreset};
use facteur_backend::setup::resolver::FixtureResolver;
use facteur_backend::{AppState, app};
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::discovery::{MxRecord, SrvRecord};
use facteur_providers::setup_api::{
    AttemptFailure, AttemptOutcome, DiscoveryReport, SourceAttempt,
};
use facteur_providers::{Source, UsernameForm};
use facteur_tests::api_client::ApiClient;
use facteur_tests::test_ca::{TestCa, Validity};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;

const LOOPBACK: &str = "127.0.0.1";

/// Every name the HTTPS fixture answers for (its certificate's names).
const WEB_NAMES: [&str; 8] = [
    "autoconfig.example.test",
    "wellknown.test",
    "autoconfig.huge.test",
    "autoconfig.entity.test",
    "autoconfig.redirect.test",
    "autoconfig.away.test",
    "autoconfig.private.test",
    "autoconfig.plain.test",
];

const CONFIG_XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="DOMAIN">
    <domain>DOMAIN</domain>
    <displayName>Fixture mail</displayName>
    <incomingServer type="imap">
      <hostname>imap.DOMAIN</hostname>
      <port>993</port>
      <socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </incomingServer>
    <outgoingServer type="smtp">
      <hostname>smtp.DOMAIN</hostname>
      <port>587</port>
      <socketType>STARTTLS</socketType>
      <username>%EMAILLOCALPART%</username>
      <authentication>password-cleartext</authentication>
    </outgoingServer>
  </emailProvider>
</clientConfig>
"#;

fn config_xml(domain: &str) -> Vec<u8> {
    CONFIG_XML.replace("DOMAIN", domain).into_bytes()
}

/// What every discovery test stands on: a CA made for it, which the bridge trusts; a web
/// server, when the test needs one (HTTPS with a certificate that CA signed for
/// [`WEB_NAMES`], or plain HTTP); and the bridge configuration pointing discovery at them.
struct Fixture {
    ca: TestCa,
    web: Option<Web>,
}

impl Fixture {
    /// No web server: the sources that only ask DNS, or none.
    fn without_web() -> Fixture {
        Fixture {
            ca: TestCa::new(),
            web: None,
        }
    }

    /// An HTTPS server answering `pages`.
    async fn https(pages: HashMap<(&str, &str), Page>) -> Fixture {
        let ca = TestCa::new();
        let tls = ca.server(&WEB_NAMES, Validity::Current);
        let web = Web::start(Some(tls), pages).await;
        Fixture { ca, web: Some(web) }
    }

    /// A plain HTTP server answering `pages`, on the port the bridge fetches from.
    async fn plain(pages: HashMap<(&str, &str), Page>) -> Fixture {
        let web = Web::start(None, pages).await;
        Fixture {
            ca: TestCa::new(),
            web: Some(web),
        }
    }

    /// A bridge configuration for discovery against the fixtures.
    fn config(&self, allow_private: bool) -> Config {
        let mut config = Config::default();
        config.outbound.extra_ca_file = Some(self.ca.ca_file.clone());
        config.discovery.allow_private_addresses = allow_private;
        // Without a web server, a port nothing listens on.
        config.discovery.https_port = self.web.as_ref().map_or(1, |web| web.port);
        config.discovery.source_timeout_ms = 3000;
        config.rate_limit.per_ip_burst = 10_000;
        config.session.key = Some("ZmFjdGV1ci10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE=".to_owned());
        config
    }

    /// What discovery reports for `email`, the fixtures on loopback allowed.
    async fn discover(&self, resolver: FixtureResolver, email: &str) -> DiscoveryReport {
        discover(self.config(true), resolver, email).await
    }

    /// The first line of every request the web server got.
    fn requests(&self) -> Vec<String> {
        self.web.as_ref().map(Web::requests).unwrap_or_default()
    }
}

/// One answer of the web fixture.
#[derive(Clone)]
struct Page {
    status: u16,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// Whether to send `Content-Length` (else the body ends when the connection does).
    declare_length: bool,
}

impl Page {
    fn ok(body: Vec<u8>) -> Page {
        Page {
            status: 200,
            headers: vec![("Content-Type", "application/xml".into())],
            body,
            declare_length: true,
        }
    }

    fn redirect(location: &str) -> Page {
        Page {
            status: 302,
            headers: vec![("Location", location.to_owned())],
            body: Vec::new(),
            declare_length: true,
        }
    }
}

/// A local web server (HTTPS or plain) answering from a map of (host, path) to pages,
/// and keeping the first line of every request it got.
struct Web {
    port: u16,
    requests: Arc<Mutex<Vec<String>>>,
    task: JoinHandle<()>,
}

impl Drop for Web {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl Web {
    async fn start(tls: Option<Arc<ServerConfig>>, pages: HashMap<(&str, &str), Page>) -> Web {
        let listener = TcpListener::bind((LOOPBACK, 0)).await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let requests = Arc::new(Mutex::new(Vec::new()));
        let pages: Arc<HashMap<(String, String), Page>> = Arc::new(
            pages
                .into_iter()
                .map(|((host, path), page)| ((host.to_owned(), path.to_owned()), page))
                .collect(),
        );
        let seen = requests.clone();
        let task = tokio::spawn(async move {
            loop {
                let Ok((tcp, _)) = listener.accept().await else {
                    return;
                };
                let (pages, seen, tls) = (pages.clone(), seen.clone(), tls.clone());
                tokio::spawn(async move {
                    match tls {
                        Some(config) => {
                            if let Ok(stream) = TlsAcceptor::from(config).accept(tcp).await {
                                serve(stream, &pages, &seen).await;
                            }
                        }
                        None => serve(tcp, &pages, &seen).await,
                    }
                });
            }
        });
        Web {
            port,
            requests,
            task,
        }
    }

    fn requests(&self) -> Vec<String> {
        self.requests.lock().unwrap().clone()
    }
}

async fn serve<S: AsyncRead + AsyncWrite + Unpin>(
    mut stream: S,
    pages: &HashMap<(String, String), Page>,
    seen: &Mutex<Vec<String>>,
) {
    let mut head = Vec::new();
    let mut buffer = [0u8; 1024];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") && head.len() < 16 * 1024 {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => break,
            Ok(n) => head.extend_from_slice(&buffer[..n]),
        }
        // Not a request line (a TLS hello on a plain port): answer at once, as web
        // servers do, instead of waiting for a blank line that never comes.
        if head.first().is_some_and(|b| !b.is_ascii_uppercase()) {
            break;
        }
    }
    let text = String::from_utf8_lossy(&head).into_owned();
    let first = text.lines().next().unwrap_or_default().to_owned();
    seen.lock().unwrap().push(first.clone());
    let target = first.split(' ').nth(1).unwrap_or_default();
    let path = target.split('?').next().unwrap_or_default().to_owned();
    let host = text
        .lines()
        .find_map(|line| {
            let (name, value) = line.split_once(':')?;
            name.eq_ignore_ascii_case("host").then(|| {
                value
                    .trim()
                    .split(':')
                    .next()
                    .unwrap_or_default()
                    .to_owned()
            })
        })
        .unwrap_or_default();
    let page = pages.get(&(host, path)).cloned().unwrap_or(Page {
        status: 404,
        headers: Vec::new(),
        body: b"not here".to_vec(),
        declare_length: true,
    });
    let mut answer = format!("HTTP/1.1 {} Fixture\r\nConnection: close\r\n", page.status);
    if page.declare_length {
        answer.push_str(&format!("Content-Length: {}\r\n", page.body.len()));
    }
    for (name, value) in &page.headers {
        answer.push_str(&format!("{name}: {value}\r\n"));
    }
    answer.push_str("\r\n");
    let _ = stream.write_all(answer.as_bytes()).await;
    let _ = stream.write_all(&page.body).await;
    let _ = stream.shutdown().await;
}

fn loopback() -> IpAddr {
    LOOPBACK.parse().unwrap()
}

async fn discover(config: Config, resolver: FixtureResolver, email: &str) -> DiscoveryReport {
    let state = AppState::with_resolver(config, Arc::new(resolver)).expect("bridge state");
    let client = ApiClient::new(app(state));
    let reply = client
        .get(&format!("/api/setup/discover?email={email}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    reply.json()
}

fn attempt(report: &DiscoveryReport, source: Source) -> &SourceAttempt {
    report
        .attempts
        .iter()
        .find(|attempt| attempt.source == source)
        .unwrap_or_else(|| panic!("no {source:?} attempt in {:#?}", report.attempts))
}

fn failure(attempt: &SourceAttempt) -> Option<AttemptFailure> {
    match &attempt.outcome {
        AttemptOutcome::Failed { reason, .. } => Some(*reason),
        _ => None,
    }
}

#[tokio::test]
async fn a_preset_domain_is_answered_without_any_network() {
    let fixture = Fixture::without_web();
    // An empty resolver and no web server: any network source would fail, not skip.
    let report = discover(
        fixture.config(false),
        FixtureResolver::new(),
        "jean@gmail.com",
    )
    .await;
    assert_eq!(report.preset.as_deref(), Some("gmail"));
    let best = &report.proposals[0];
    assert_eq!(best.source, Source::Preset);
    assert_eq!(best.imap.host, "imap.gmail.com");
    assert_eq!(
        attempt(&report, Source::Preset).outcome,
        AttemptOutcome::Found
    );
    for attempt in &report.attempts {
        if attempt.source != Source::Preset {
            assert_eq!(attempt.outcome, AttemptOutcome::Skipped, "{attempt:?}");
        }
    }

    // The operator's own domain, too, and before anything else.
    let mut operator = fixture.config(false);
    operator.discovery.operator_presets.push(OperatorPreset {
        domain: "example.test".into(),
        imap: ServerEndpoint {
            host: LOOPBACK.into(),
            port: 1993,
            security: Security::Tls,
        },
        smtp: ServerEndpoint {
            host: LOOPBACK.into(),
            port: 1587,
            security: Security::StartTls,
        },
        username: UsernameForm::LocalPart,
    });
    let report = discover(operator, FixtureResolver::new(), "demo@example.test").await;
    let best = &report.proposals[0];
    assert_eq!((best.imap.port, best.username.as_str()), (1993, "demo"));
    assert_eq!(best.smtp.as_ref().map(|s| s.port), Some(1587));
    assert!(
        report
            .attempts
            .iter()
            .filter(|a| a.source != Source::Preset)
            .all(|a| a.outcome == AttemptOutcome::Skipped)
    );
}

#[tokio::test]
async fn autoconfig_is_fetched_over_https_with_the_address() {
    let fixture = Fixture::https(HashMap::from([(
        ("autoconfig.example.test", "/mail/config-v1.1.xml"),
        Page::ok(config_xml("example.test")),
    )]))
    .await;
    let resolver = FixtureResolver::new().with_ips("autoconfig.example.test", &[loopback()]);
    let report = fixture.discover(resolver, "jean@example.test").await;
    assert_eq!(
        attempt(&report, Source::Autoconfig).outcome,
        AttemptOutcome::Found,
        "{:#?}",
        report.attempts
    );
    let best = &report.proposals[0];
    assert_eq!(best.source, Source::Autoconfig);
    assert_eq!(
        (best.imap.host.as_str(), best.imap.port, best.imap.security),
        ("imap.example.test", 993, Security::Tls)
    );
    let smtp = best.smtp.as_ref().unwrap();
    assert_eq!((smtp.port, smtp.security), (587, Security::StartTls));
    assert_eq!(best.username, "jean");
    assert_eq!(best.username_form, UsernameForm::LocalPart);
    let requests = fixture.requests();
    assert!(
        requests
            .iter()
            .any(|r| r.starts_with("GET /mail/config-v1.1.xml?emailaddress=jean%40example.test ")),
        "{requests:?}"
    );
}

#[tokio::test]
async fn well_known_is_used_when_the_autoconfig_host_does_not_exist() {
    let fixture = Fixture::https(HashMap::from([(
        (
            "wellknown.test",
            "/.well-known/autoconfig/mail/config-v1.1.xml",
        ),
        Page::ok(config_xml("wellknown.test")),
    )]))
    .await;
    let resolver = FixtureResolver::new().with_ips("wellknown.test", &[loopback()]);
    let report = fixture.discover(resolver, "jean@wellknown.test").await;
    assert_eq!(
        failure(attempt(&report, Source::Autoconfig)),
        Some(AttemptFailure::NameNotFound)
    );
    assert_eq!(
        attempt(&report, Source::WellKnown).outcome,
        AttemptOutcome::Found
    );
    assert_eq!(report.proposals[0].source, Source::WellKnown);
    assert_eq!(report.proposals[0].imap.host, "imap.wellknown.test");
    // The address is not sent to the domain's web server.
    assert!(fixture.requests().iter().all(|r| !r.contains("jean")));
}

#[tokio::test]
async fn srv_records_are_ranked_by_priority_then_weight() {
    let fixture = Fixture::without_web();
    let srv = |priority, weight, port, target: &str| SrvRecord {
        priority,
        weight,
        port,
        target: target.to_owned(),
    };
    let resolver = FixtureResolver::new()
        .with_srv(
            "_imaps._tcp.srv.test",
            vec![
                srv(20, 0, 993, "backup.srv.test."),
                srv(10, 5, 993, "light.srv.test."),
                srv(10, 50, 993, "heavy.srv.test."),
            ],
        )
        .with_srv(
            "_submission._tcp.srv.test",
            vec![srv(0, 0, 587, "smtp.srv.test.")],
        )
        .with_srv("_pop3s._tcp.srv.test", vec![srv(0, 0, 0, ".")]);
    let report = fixture.discover(resolver, "jean@srv.test").await;
    let imap: Vec<&str> = report
        .proposals
        .iter()
        .filter(|p| p.source == Source::Srv)
        .map(|p| p.imap.host.as_str())
        .collect();
    assert_eq!(
        imap,
        ["heavy.srv.test", "light.srv.test", "backup.srv.test"]
    );
    let best = &report.proposals[0];
    let smtp = best.smtp.as_ref().unwrap();
    assert_eq!(
        (smtp.host.as_str(), smtp.port, smtp.security),
        ("smtp.srv.test", 587, Security::StartTls)
    );
    let srv_outcomes: Vec<(&str, &AttemptOutcome)> = report
        .attempts
        .iter()
        .filter(|a| a.source == Source::Srv)
        .map(|a| (a.target.as_str(), &a.outcome))
        .collect();
    assert!(srv_outcomes.contains(&("_imaps._tcp.srv.test", &AttemptOutcome::Found)));
    assert!(srv_outcomes.contains(&("_imap._tcp.srv.test", &AttemptOutcome::Nothing)));
    assert!(srv_outcomes.contains(&("_pop3s._tcp.srv.test", &AttemptOutcome::Nothing)));
}

#[tokio::test]
async fn a_custom_domain_hosted_at_google_gets_the_google_preset_from_its_mx() {
    let fixture = Fixture::without_web();
    let resolver = FixtureResolver::new().with_mx(
        "boulangerie.test",
        vec![
            MxRecord {
                preference: 5,
                exchange: "alt1.aspmx.l.google.com.".into(),
            },
            MxRecord {
                preference: 1,
                exchange: "aspmx.l.google.com.".into(),
            },
        ],
    );
    let report = fixture.discover(resolver, "contact@boulangerie.test").await;
    assert_eq!(
        attempt(&report, Source::MxGuess).outcome,
        AttemptOutcome::Found
    );
    let best = &report.proposals[0];
    assert_eq!(best.source, Source::MxGuess);
    assert_eq!(best.preset.as_deref(), Some("gmail"));
    assert_eq!(best.imap.host, "imap.gmail.com");
    assert_eq!(best.username, "contact@boulangerie.test");
    assert_eq!(report.preset.as_deref(), Some("gmail"));
}

#[tokio::test]
async fn a_plain_http_server_is_never_used() {
    // A web server without TLS on the port the bridge fetches from, serving a valid file.
    let fixture = Fixture::plain(HashMap::from([(
        ("autoconfig.plain.test", "/mail/config-v1.1.xml"),
        Page::ok(config_xml("plain.test")),
    )]))
    .await;
    let resolver = FixtureResolver::new()
        .with_ips("autoconfig.plain.test", &[loopback()])
        .with_ips("plain.test", &[loopback()]);
    let report = fixture.discover(resolver, "jean@plain.test").await;
    assert_eq!(
        failure(attempt(&report, Source::Autoconfig)),
        Some(AttemptFailure::Tls),
        "{:#?}",
        report.attempts
    );
    assert_eq!(
        failure(attempt(&report, Source::WellKnown)),
        Some(AttemptFailure::Tls)
    );
    assert!(report.proposals.is_empty(), "{:#?}", report.proposals);
    // The bridge only ever sent a TLS hello, never an HTTP request.
    assert!(
        fixture.requests().iter().all(|r| !r.starts_with("GET")),
        "{:?}",
        fixture.requests()
    );
}

#[tokio::test]
async fn private_addresses_are_refused_unless_the_operator_allows_them() {
    let fixture = Fixture::https(HashMap::from([(
        ("autoconfig.private.test", "/mail/config-v1.1.xml"),
        Page::ok(config_xml("private.test")),
    )]))
    .await;
    let resolver = || {
        FixtureResolver::new()
            .with_ips("autoconfig.private.test", &[loopback()])
            .with_ips("private.test", &["10.20.30.40".parse().unwrap()])
            .with_ips("imap.private.test", &["192.168.1.10".parse().unwrap()])
    };
    let report = discover(fixture.config(false), resolver(), "jean@private.test").await;
    assert_eq!(
        failure(attempt(&report, Source::Autoconfig)),
        Some(AttemptFailure::HostNotAllowed)
    );
    assert_eq!(
        failure(attempt(&report, Source::WellKnown)),
        Some(AttemptFailure::HostNotAllowed)
    );
    let guess = report
        .attempts
        .iter()
        .find(|a| a.target == "imap.private.test:993")
        .unwrap();
    assert_eq!(failure(guess), Some(AttemptFailure::HostNotAllowed));
    assert!(report.proposals.is_empty());
    assert!(fixture.requests().is_empty(), "{:?}", fixture.requests());

    let allowed = fixture.discover(resolver(), "jean@private.test").await;
    assert_eq!(
        attempt(&allowed, Source::Autoconfig).outcome,
        AttemptOutcome::Found
    );
}

#[tokio::test]
async fn hostile_autoconfig_answers_are_refused_without_harm() {
    let huge = Page {
        declare_length: false,
        ..Page::ok(vec![b'x'; 300 * 1024])
    };
    let entities = br#"<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<clientConfig version="1.1"><emailProvider id="entity.test">&lol2;</emailProvider></clientConfig>"#;
    let fixture = Fixture::https(HashMap::from([
        (("autoconfig.huge.test", "/mail/config-v1.1.xml"), huge),
        (
            ("autoconfig.entity.test", "/mail/config-v1.1.xml"),
            Page::ok(entities.to_vec()),
        ),
    ]))
    .await;
    let resolver = || {
        FixtureResolver::new()
            .with_ips("autoconfig.huge.test", &[loopback()])
            .with_ips("autoconfig.entity.test", &[loopback()])
    };
    let report = fixture.discover(resolver(), "jean@huge.test").await;
    assert_eq!(
        failure(attempt(&report, Source::Autoconfig)),
        Some(AttemptFailure::TooLarge),
        "{:#?}",
        report.attempts
    );
    let report = fixture.discover(resolver(), "jean@entity.test").await;
    let autoconfig = attempt(&report, Source::Autoconfig);
    assert_eq!(failure(autoconfig), Some(AttemptFailure::InvalidAnswer));
    match &autoconfig.outcome {
        AttemptOutcome::Failed { detail, .. } => {
            assert!(detail.contains("Doctype"), "{detail}")
        }
        other => panic!("{other:?}"),
    }
    assert!(report.proposals.is_empty());
}

#[tokio::test]
async fn redirects_are_followed_on_the_same_host_only() {
    let fixture = Fixture::https(HashMap::from([
        (
            ("autoconfig.redirect.test", "/mail/config-v1.1.xml"),
            Page::redirect("/v2/config.xml"),
        ),
        (
            ("autoconfig.redirect.test", "/v2/config.xml"),
            Page::ok(config_xml("redirect.test")),
        ),
        (
            ("autoconfig.away.test", "/mail/config-v1.1.xml"),
            Page::redirect("https://autoconfig.example.test/mail/config-v1.1.xml"),
        ),
    ]))
    .await;
    let resolver = || {
        FixtureResolver::new()
            .with_ips("autoconfig.redirect.test", &[loopback()])
            .with_ips("autoconfig.away.test", &[loopback()])
            .with_ips("autoconfig.example.test", &[loopback()])
    };
    let report = fixture.discover(resolver(), "jean@redirect.test").await;
    assert_eq!(
        attempt(&report, Source::Autoconfig).outcome,
        AttemptOutcome::Found
    );
    assert_eq!(report.proposals[0].imap.host, "imap.redirect.test");
    let report = fixture.discover(resolver(), "jean@away.test").await;
    assert_eq!(
        failure(attempt(&report, Source::Autoconfig)),
        Some(AttemptFailure::Redirect)
    );
}

#[tokio::test]
async fn slow_sources_are_marked_as_timed_out_and_the_answer_still_comes() {
    let fixture = Fixture::without_web();
    let stall = Duration::from_secs(600);
    let mut resolver = FixtureResolver::new();
    let names = [
        "autoconfig.slow.test",
        "slow.test",
        "_imaps._tcp.slow.test",
        "_imap._tcp.slow.test",
        "_submissions._tcp.slow.test",
        "_submission._tcp.slow.test",
        "_pop3s._tcp.slow.test",
        "imap.slow.test",
        "mail.slow.test",
        "smtp.slow.test",
        "pop.slow.test",
    ];
    for name in names {
        resolver = resolver.slow(name, stall);
    }
    let mut config = fixture.config(true);
    config.discovery.source_timeout_ms = 300;
    let report = discover(config, resolver, "jean@slow.test").await;
    assert!(report.proposals.is_empty());
    assert!(!report.attempts.is_empty());
    for attempt in &report.attempts {
        assert_eq!(
            failure(attempt),
            Some(AttemptFailure::Timeout),
            "{attempt:?}"
        );
    }
}

#[tokio::test]
async fn a_malformed_address_is_invalid_input() {
    let fixture = Fixture::without_web();
    let state = AppState::with_resolver(fixture.config(false), Arc::new(FixtureResolver::new()))
        .expect("bridge state");
    let client = ApiClient::new(app(state));
    for bad in ["", "no-at-sign", "a@b@c.test", "jean@"] {
        let reply = client
            .get(&format!("/api/setup/discover?email={bad}"))
            .await;
        assert_eq!(reply.status, 400, "{bad:?}: {}", reply.text());
        assert_eq!(reply.code(), "invalid_input");
    }
}

#[tokio::test]
async fn discovery_is_rate_limited_per_client() {
    let fixture = Fixture::without_web();
    let mut config = fixture.config(false);
    config.rate_limit.per_ip_burst = 2;
    config.rate_limit.per_ip_per_minute = 1;
    let state =
        AppState::with_resolver(config, Arc::new(FixtureResolver::new())).expect("bridge state");
    let client = ApiClient::new(app(state));
    let uri = "/api/setup/discover?email=jean@gmail.com";
    assert_eq!(client.get(uri).await.status, 200);
    assert_eq!(client.get(uri).await.status, 200);
    let limited = client.get(uri).await;
    assert_eq!(limited.status, 429, "{}", limited.text());
    assert_eq!(limited.code(), "rate_limited");
}

// --- The real resolver, against a small DNS server made here ----------------------------

const TYPE_A: u16 = 1;
const TYPE_MX: u16 = 15;
const TYPE_SRV: u16 = 33;

/// A name in DNS wire form.
fn wire_name(name: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for label in name.trim_end_matches('.').split('.') {
        out.push(label.len() as u8);
        out.extend_from_slice(label.as_bytes());
    }
    out.push(0);
    out
}

fn mx_data(preference: u16, exchange: &str) -> Vec<u8> {
    let mut out = preference.to_be_bytes().to_vec();
    out.extend(wire_name(exchange));
    out
}

fn srv_data(priority: u16, weight: u16, port: u16, target: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for field in [priority, weight, port] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    out.extend(wire_name(target));
    out
}

/// The question of a DNS query: its name (lower case, no final dot), its type, and where
/// the question section ends.
fn question(query: &[u8]) -> Option<(String, u16, usize)> {
    let mut at = 12;
    let mut labels = Vec::new();
    loop {
        let length = usize::from(*query.get(at)?);
        at += 1;
        if length == 0 {
            break;
        }
        labels.push(String::from_utf8_lossy(query.get(at..at + length)?).to_ascii_lowercase());
        at += length;
    }
    let kind = u16::from_be_bytes([*query.get(at)?, *query.get(at + 1)?]);
    Some((labels.join("."), kind, at + 4))
}

/// Answers UDP queries from `records` ((name, type) → record data); a known name asked
/// for another type gets an empty answer, an unknown one NXDOMAIN.
async fn start_dns(
    records: HashMap<(&'static str, u16), Vec<Vec<u8>>>,
) -> (std::net::SocketAddr, JoinHandle<()>) {
    let socket = tokio::net::UdpSocket::bind((LOOPBACK, 0)).await.unwrap();
    let addr = socket.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let mut buffer = [0u8; 1500];
        while let Ok((n, peer)) = socket.recv_from(&mut buffer).await {
            let query = &buffer[..n];
            let Some((name, kind, end)) = question(query) else {
                continue;
            };
            let answers = records.get(&(name.as_str(), kind));
            let known = records.keys().any(|(known, _)| *known == name);
            let mut reply = query[..2].to_vec();
            // Response, recursion desired and available; NXDOMAIN for unknown names.
            reply.extend_from_slice(if known { &[0x81, 0x80] } else { &[0x81, 0x83] });
            let count = answers.map_or(0, Vec::len) as u16;
            for section in [1, count, 0, 0] {
                reply.extend_from_slice(&u16::to_be_bytes(section));
            }
            reply.extend_from_slice(&query[12..end]);
            for data in answers.into_iter().flatten() {
                reply.extend_from_slice(&[0xc0, 0x0c]); // the name in the question
                reply.extend_from_slice(&kind.to_be_bytes());
                reply.extend_from_slice(&[0, 1, 0, 0, 0, 60]); // IN, TTL 60 s
                reply.extend_from_slice(&(data.len() as u16).to_be_bytes());
                reply.extend_from_slice(data);
            }
            let _ = socket.send_to(&reply, peer).await;
        }
    });
    (addr, task)
}

#[tokio::test]
async fn the_real_resolver_reads_addresses_mx_and_srv_from_a_dns_server() {
    let fixture = Fixture::https(HashMap::from([(
        ("autoconfig.example.test", "/mail/config-v1.1.xml"),
        Page::ok(config_xml("example.test")),
    )]))
    .await;
    let (dns, dns_task) = start_dns(HashMap::from([
        (
            ("autoconfig.example.test", TYPE_A),
            vec![vec![127, 0, 0, 1]],
        ),
        (
            ("example.test", TYPE_MX),
            vec![mx_data(10, "aspmx.l.google.com")],
        ),
        (
            ("_imaps._tcp.example.test", TYPE_SRV),
            vec![
                srv_data(20, 0, 993, "backup.example.test"),
                srv_data(10, 0, 993, "imap.example.test"),
            ],
        ),
    ]))
    .await;
    let mut config = fixture.config(true);
    config.discovery.dns_server = Some(dns);
    // The bridge as `main` builds it: the real resolver, pointed at the DNS server above.
    let client = ApiClient::new(app(AppState::new(config).expect("bridge state")));
    let reply = client
        .get("/api/setup/discover?email=jean@example.test")
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let report: DiscoveryReport = reply.json();
    dns_task.abort();
    assert_eq!(
        attempt(&report, Source::Autoconfig).outcome,
        AttemptOutcome::Found,
        "{:#?}",
        report.attempts
    );
    assert_eq!(
        attempt(&report, Source::MxGuess).outcome,
        AttemptOutcome::Found
    );
    assert_eq!(
        failure(attempt(&report, Source::WellKnown)),
        Some(AttemptFailure::NameNotFound),
        "example.test has MX and SRV but no address"
    );
    let srv: Vec<(&str, u16)> = report
        .proposals
        .iter()
        .filter(|p| p.source == Source::Srv)
        .map(|p| (p.imap.host.as_str(), p.imap.port))
        .collect();
    assert_eq!(
        srv,
        [("backup.example.test", 993)],
        "imap.example.test came from autoconfig first"
    );
    let sources: Vec<Source> = report.proposals.iter().map(|p| p.source).collect();
    assert_eq!(sources[0], Source::Autoconfig, "{sources:?}");
    assert!(sources.contains(&Source::MxGuess), "{sources:?}");
}
