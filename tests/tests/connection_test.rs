//! The connection test (`POST /api/setup/test`) against the real Dovecot and Postfix:
//! every step recorded, and a precise diagnosis for each kind of mistake a person makes
//! while typing settings.

use facteur_backend::setup::resolver::FixtureResolver;
use facteur_backend::{AppState, app};
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Protocol;
use facteur_providers::setup_api::{
    CertificateProblem, CheckOutcome, ConnectionTestReport, Diagnosis, HeardProtocol, StepKind,
};
use facteur_tests::MailServer;
use facteur_tests::api_client::ApiClient;
use serde_json::json;
use std::sync::Arc;

const USER: &str = "test1@example.test";

fn endpoint(host: &str, port: u16, security: Security) -> ServerEndpoint {
    ServerEndpoint {
        host: host.to_owned(),
        port,
        security,
    }
}

fn client(server: &MailServer) -> ApiClient {
    let resolver = FixtureResolver::new()
        .with_ips("remote.example.net", &["93.184.216.34".parse().unwrap()])
        .with_ips("intranet.example.net", &["10.1.2.3".parse().unwrap()])
        .with_ips("other-name.example.test", &["127.0.0.1".parse().unwrap()]);
    let config = facteur_tests::bridge_config(server, None);
    let state = AppState::with_resolver(config, Arc::new(resolver)).expect("bridge state");
    ApiClient::new(app(state))
}

async fn test_connection(
    client: &ApiClient,
    password: &str,
    imap: &ServerEndpoint,
    smtp: &ServerEndpoint,
) -> ConnectionTestReport {
    let body = json!({
        "email": USER,
        "username": USER,
        "password": password,
        "imap": imap,
        "smtp": smtp,
    });
    let reply = client.post("/api/setup/test", body).await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(
        !reply.text().contains(password),
        "the password came back: {}",
        reply.text()
    );
    reply.json()
}

fn steps(outcome: &CheckOutcome) -> Vec<(StepKind, bool)> {
    outcome.steps.iter().map(|s| (s.step, s.ok)).collect()
}

/// The steps up to the failing one, which is last and not ok.
fn failed_at(outcome: &CheckOutcome) -> StepKind {
    let last = outcome.steps.last().expect("at least one step");
    assert!(!last.ok, "{outcome:?}");
    assert!(
        outcome.steps[..outcome.steps.len() - 1]
            .iter()
            .all(|s| s.ok),
        "{outcome:?}"
    );
    last.step
}

#[tokio::test]
async fn good_settings_pass_every_step() {
    let server = MailServer::shared();
    let client = client(&server);
    let password = server.password("test1");
    let instance = &server.instance;

    let report = test_connection(&client, &password, &server.imaps(), &server.smtps()).await;
    assert!(report.all_ok(), "{report:#?}");
    use StepKind::*;
    assert_eq!(
        steps(&report.imap),
        [
            (Resolve, true),
            (Connect, true),
            (Tls, true),
            (Greeting, true),
            (Capabilities, true),
            (Authenticate, true)
        ]
    );
    assert_eq!(steps(&report.smtp), steps(&report.imap));
    // Dovecot offers MOVE, IDLE and UIDPLUS; Postfix offers DSN.
    assert!(
        report.imap.warnings.is_empty(),
        "{:?}",
        report.imap.warnings
    );
    assert!(
        report.smtp.warnings.is_empty(),
        "{:?}",
        report.smtp.warnings
    );

    let imap = endpoint(&instance.host, instance.imap_port, Security::StartTls);
    let smtp = endpoint(&instance.host, instance.submission_port, Security::StartTls);
    let report = test_connection(&client, &password, &imap, &smtp).await;
    assert!(report.all_ok(), "{report:#?}");
    for outcome in [&report.imap, &report.smtp] {
        assert_eq!(
            steps(outcome),
            [
                (Resolve, true),
                (Connect, true),
                (Greeting, true),
                (Capabilities, true),
                (Starttls, true),
                (Authenticate, true)
            ]
        );
    }
}

#[tokio::test]
async fn a_wrong_password_is_refused_in_the_servers_own_words() {
    let server = MailServer::shared();
    let client = client(&server);
    let report = test_connection(
        &client,
        "not-the-password",
        &server.imaps(),
        &server.smtps(),
    )
    .await;
    assert_eq!(failed_at(&report.imap), StepKind::Authenticate);
    match &report.imap.diagnosis {
        Some(Diagnosis::AuthenticationRefused { server_text }) => {
            assert!(
                server_text.contains("Authentication failed"),
                "{server_text}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(failed_at(&report.smtp), StepKind::Authenticate);
    match &report.smtp.diagnosis {
        Some(Diagnosis::AuthenticationRefused { server_text }) => {
            assert!(server_text.starts_with("535"), "{server_text}")
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn a_closed_port_is_named() {
    let server = MailServer::shared();
    let client = client(&server);
    // A port nothing listens on: bound, then released.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let imap = endpoint("127.0.0.1", closed, Security::Tls);
    let report = test_connection(&client, "secret", &imap, &server.smtps()).await;
    assert_eq!(failed_at(&report.imap), StepKind::Connect);
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::PortClosed {
            host: "127.0.0.1".into(),
            port: closed
        })
    );
    assert!(report.smtp.is_ok(), "{:?}", report.smtp);
}

#[tokio::test]
async fn a_port_speaking_something_else_is_recognised() {
    let server = MailServer::shared();
    let client = client(&server);
    let instance = &server.instance;
    let password = server.password("test1");

    // The IMAPS port given as STARTTLS: the server waits for a TLS hello.
    let imaps_as_starttls = endpoint(&instance.host, instance.imaps_port, Security::StartTls);
    // The submission port given for IMAP: an SMTP greeting.
    let smtp_as_imap = endpoint(&instance.host, instance.submission_port, Security::StartTls);
    // The SMTPS port given as STARTTLS for SMTP.
    let smtps_as_starttls = endpoint(&instance.host, instance.smtps_port, Security::StartTls);
    let report = test_connection(&client, &password, &imaps_as_starttls, &smtps_as_starttls).await;
    assert_eq!(failed_at(&report.imap), StepKind::Greeting);
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::NotThisProtocol {
            expected: Protocol::Imap,
            heard: HeardProtocol::Tls
        })
    );
    assert_eq!(
        report.smtp.diagnosis,
        Some(Diagnosis::NotThisProtocol {
            expected: Protocol::Smtp,
            heard: HeardProtocol::Tls
        })
    );

    let report = test_connection(&client, &password, &smtp_as_imap, &server.smtps()).await;
    assert_eq!(failed_at(&report.imap), StepKind::Greeting);
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::NotThisProtocol {
            expected: Protocol::Imap,
            heard: HeardProtocol::Smtp
        })
    );

    // The plain IMAP port given as SSL/TLS: the handshake fails, and the port is heard
    // greeting in plain text.
    let plain_as_tls = endpoint(&instance.host, instance.imap_port, Security::Tls);
    let imap_as_smtp = endpoint(&instance.host, instance.imaps_port, Security::Tls);
    let report = test_connection(&client, &password, &plain_as_tls, &imap_as_smtp).await;
    assert_eq!(failed_at(&report.imap), StepKind::Tls);
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::NotThisProtocol {
            expected: Protocol::Imap,
            heard: HeardProtocol::PlainText
        })
    );
    // The IMAPS port given for SMTP: TLS works, then an IMAP greeting.
    assert_eq!(failed_at(&report.smtp), StepKind::Greeting);
    assert_eq!(
        report.smtp.diagnosis,
        Some(Diagnosis::NotThisProtocol {
            expected: Protocol::Smtp,
            heard: HeardProtocol::Imap
        })
    );
}

#[tokio::test]
async fn an_untrusted_certificate_names_the_unknown_issuer() {
    let server = MailServer::shared();
    let client = client(&server);
    let instance = &server.instance;
    let imap = endpoint(
        &instance.imaps_untrusted_host,
        instance.imaps_untrusted_port,
        Security::Tls,
    );
    let report = test_connection(&client, "secret", &imap, &server.smtps()).await;
    assert_eq!(failed_at(&report.imap), StepKind::Tls);
    match &report.imap.diagnosis {
        Some(Diagnosis::TlsCertificate { problem, .. }) => {
            assert_eq!(*problem, CertificateProblem::UnknownIssuer)
        }
        other => panic!("{other:?}"),
    }
    // A name the certificate does not list (it has localhost and 127.0.0.1), for the
    // right address.
    let wrong_name = endpoint(
        "other-name.example.test",
        instance.imaps_port,
        Security::Tls,
    );
    let report = test_connection(&client, "secret", &wrong_name, &server.smtps()).await;
    match &report.imap.diagnosis {
        Some(Diagnosis::TlsCertificate { problem, .. }) => {
            assert_eq!(*problem, CertificateProblem::WrongHost)
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn names_and_addresses_the_bridge_cannot_or_may_not_reach() {
    let server = MailServer::shared();
    let client = client(&server);
    let unknown = endpoint("imap.nowhere.example.net", 993, Security::Tls);
    let plain_remote = endpoint("remote.example.net", 143, Security::Plain);
    let report = test_connection(&client, "secret", &unknown, &plain_remote).await;
    assert_eq!(failed_at(&report.imap), StepKind::Resolve);
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::NameNotFound {
            host: "imap.nowhere.example.net".into()
        })
    );
    assert_eq!(failed_at(&report.smtp), StepKind::Connect);
    assert_eq!(report.smtp.diagnosis, Some(Diagnosis::PlainNotAllowed));

    let intranet = endpoint("intranet.example.net", 993, Security::Tls);
    let report = test_connection(&client, "secret", &intranet, &server.smtps()).await;
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::HostNotAllowed {
            host: "intranet.example.net".into()
        })
    );
}

#[tokio::test]
async fn malformed_settings_are_invalid_input() {
    let server = MailServer::shared();
    let client = client(&server);
    let body = json!({
        "email": USER,
        "username": USER,
        "password": "secret",
        "imap": endpoint("exa mple.test", 993, Security::Tls),
        "smtp": server.smtps(),
    });
    let reply = client.post("/api/setup/test", body).await;
    assert_eq!(reply.status, 400, "{}", reply.text());
    assert_eq!(reply.code(), "invalid_input");
    assert!(!reply.text().contains("secret"));
}

#[tokio::test]
async fn the_operators_domain_is_discovered_and_its_settings_pass() {
    let server = MailServer::shared();
    let client = ApiClient::new(facteur_tests::bridge(&server));
    let reply = client
        .get(&format!("/api/setup/discover?email={USER}"))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text());
    let report: facteur_providers::setup_api::DiscoveryReport = reply.json();
    let best = &report.proposals[0];
    assert_eq!(best.source, facteur_providers::Source::Preset);
    assert_eq!(best.username, USER);
    let smtp = best.smtp.clone().expect("an SMTP server");
    let tested = test_connection(&client, &server.password("test1"), &best.imap, &smtp).await;
    assert!(tested.all_ok(), "{tested:#?}");
}

/// What a fake server on 127.0.0.1 does with each connection.
#[derive(Clone)]
enum Fake {
    /// Implicit TLS with this configuration, then an IMAP greeting.
    Imaps(Arc<tokio_rustls::rustls::ServerConfig>),
    /// A web server: whatever arrives gets `400 Bad Request`.
    Web,
    /// A plain-text IMAP server from before IMAP4rev1: it lists only `IMAP2`.
    OldImap,
}

/// Serves `fake` on a free loopback port until dropped.
struct FakeServer {
    port: u16,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl FakeServer {
    async fn start(fake: Fake) -> FakeServer {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let port = listener.local_addr().unwrap().port();
        let task = tokio::spawn(async move {
            while let Ok((mut tcp, _)) = listener.accept().await {
                let fake = fake.clone();
                tokio::spawn(async move {
                    match fake {
                        Fake::Imaps(config) => {
                            let acceptor = tokio_rustls::TlsAcceptor::from(config);
                            if let Ok(mut tls) = acceptor.accept(tcp).await {
                                let _ =
                                    tls.write_all(b"* OK [CAPABILITY IMAP4rev1] fake\r\n").await;
                                let mut sink = [0u8; 256];
                                while matches!(tls.read(&mut sink).await, Ok(n) if n > 0) {}
                            }
                        }
                        Fake::OldImap => {
                            use tokio::io::AsyncBufReadExt;
                            let (read, mut write) = tcp.into_split();
                            let _ = write.write_all(b"* OK old server ready\r\n").await;
                            let mut lines = tokio::io::BufReader::new(read).lines();
                            while let Ok(Some(line)) = lines.next_line().await {
                                let tag = line.split(' ').next().unwrap_or("*").to_owned();
                                let answer = format!("* CAPABILITY IMAP2\r\n{tag} OK done\r\n");
                                let _ = write.write_all(answer.as_bytes()).await;
                            }
                        }
                        Fake::Web => {
                            let mut request = [0u8; 4096];
                            if matches!(tcp.read(&mut request).await, Ok(n) if n > 0) {
                                let _ = tcp
                                    .write_all(
                                        b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\
                                          Connection: close\r\n\r\n",
                                    )
                                    .await;
                            }
                        }
                    }
                });
            }
        });
        FakeServer { port, task }
    }
}

/// A bridge trusting `ca` only, with `fake.example.test` at 127.0.0.1.
fn fake_client(ca: &facteur_tests::test_ca::TestCa) -> ApiClient {
    let mut config = facteur_backend::Config::default();
    config.outbound.allow_loopback = true;
    facteur_tests::allow_test_ports(&mut config);
    config.outbound.extra_ca_file = Some(ca.ca_file.clone());
    config.outbound.connect_timeout_secs = 5;
    config.session.key = Some("ZmFjdGV1ci10ZXN0LWtleS0zMi1ieXRlcy1sb25nISE=".to_owned());
    config.rate_limit.per_ip_burst = 10_000;
    config.rate_limit.per_email_burst = 1_000;
    let resolver =
        FixtureResolver::new().with_ips("fake.example.test", &["127.0.0.1".parse().unwrap()]);
    let state = AppState::with_resolver(config, Arc::new(resolver)).expect("bridge state");
    ApiClient::new(app(state))
}

#[tokio::test]
async fn self_signed_and_expired_certificates_are_told_apart() {
    use facteur_tests::test_ca::{TestCa, Validity};
    let ca = TestCa::new();
    let client = fake_client(&ca);
    let names = ["fake.example.test"];
    let cases = [
        (
            Fake::Imaps(TestCa::self_signed_server(&names)),
            CertificateProblem::SelfSigned,
        ),
        (
            Fake::Imaps(ca.server(&names, Validity::Expired)),
            CertificateProblem::Expired,
        ),
        (
            Fake::Imaps(ca.server(&["another.example.test"], Validity::Current)),
            CertificateProblem::WrongHost,
        ),
    ];
    for (fake, expected) in cases {
        let server = FakeServer::start(fake).await;
        let imap = endpoint("fake.example.test", server.port, Security::Tls);
        let report = test_connection(&client, "secret", &imap, &imap).await;
        assert_eq!(failed_at(&report.imap), StepKind::Tls);
        match &report.imap.diagnosis {
            Some(Diagnosis::TlsCertificate { problem, .. }) => assert_eq!(*problem, expected),
            other => panic!("{expected:?}: {other:?}"),
        }
    }
    // And a good certificate from the same CA passes TLS and the greeting.
    let server = FakeServer::start(Fake::Imaps(ca.server(&names, Validity::Current))).await;
    let imap = endpoint("fake.example.test", server.port, Security::Tls);
    let report = test_connection(&client, "secret", &imap, &imap).await;
    let passed: Vec<StepKind> = report
        .imap
        .steps
        .iter()
        .filter(|s| s.ok)
        .map(|s| s.step)
        .collect();
    assert!(passed.contains(&StepKind::Greeting), "{:?}", report.imap);
}

#[tokio::test]
async fn a_web_server_on_the_imap_port_is_recognised() {
    let ca = facteur_tests::test_ca::TestCa::new();
    let client = fake_client(&ca);
    let web = FakeServer::start(Fake::Web).await;
    let expected = Some(Diagnosis::NotThisProtocol {
        expected: Protocol::Imap,
        heard: HeardProtocol::Http,
    });
    let as_tls = endpoint("fake.example.test", web.port, Security::Tls);
    let report = test_connection(&client, "secret", &as_tls, &as_tls).await;
    assert_eq!(failed_at(&report.imap), StepKind::Tls);
    assert_eq!(report.imap.diagnosis, expected);
    let as_starttls = endpoint("fake.example.test", web.port, Security::StartTls);
    let report = test_connection(&client, "secret", &as_starttls, &as_starttls).await;
    assert_eq!(failed_at(&report.imap), StepKind::Greeting);
    assert_eq!(report.imap.diagnosis, expected);
}

#[tokio::test]
async fn a_missing_capability_is_named() {
    // Postfix's port 25 offers STARTTLS but no AUTH: not a submission port.
    let server = MailServer::shared();
    let client = client(&server);
    let instance = &server.instance;
    let port_25 = endpoint(&instance.host, instance.smtp_port, Security::StartTls);
    let report = test_connection(&client, "secret", &server.imaps(), &port_25).await;
    assert_eq!(failed_at(&report.smtp), StepKind::Authenticate);
    assert_eq!(
        report.smtp.diagnosis,
        Some(Diagnosis::CapabilityMissing {
            capability: "AUTH".into()
        })
    );

    let ca = facteur_tests::test_ca::TestCa::new();
    let client = fake_client(&ca);
    let old = FakeServer::start(Fake::OldImap).await;
    let imap = endpoint("127.0.0.1", old.port, Security::Plain);
    let report = test_connection(&client, "secret", &imap, &imap).await;
    assert_eq!(failed_at(&report.imap), StepKind::Capabilities);
    assert_eq!(
        report.imap.diagnosis,
        Some(Diagnosis::CapabilityMissing {
            capability: "IMAP4rev1".into()
        })
    );
}

#[tokio::test]
async fn smtp_ports_given_for_imap_are_the_wrong_protocol() {
    let server = MailServer::shared();
    let client = client(&server);
    let instance = &server.instance;
    let password = server.password("test1");
    // SSL/TLS asked of Postfix's submission port, and its plain port as plain IMAP.
    let submission_as_imaps = endpoint(&instance.host, instance.submission_port, Security::Tls);
    let smtp_as_plain_imap = endpoint(&instance.host, instance.smtp_port, Security::Plain);
    for imap in [submission_as_imaps, smtp_as_plain_imap] {
        let report = test_connection(&client, &password, &imap, &server.smtps()).await;
        assert_eq!(
            report.imap.diagnosis,
            Some(Diagnosis::NotThisProtocol {
                expected: Protocol::Imap,
                heard: HeardProtocol::Smtp
            }),
            "{imap:?}"
        );
    }
}
