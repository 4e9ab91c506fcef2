//! The connection test: walks one server through resolve, connect, TLS, greeting,
//! capabilities, STARTTLS and sign-in, records each step, and stops at the first failure
//! with a precise [`Diagnosis`].
//!
//! When a port answers something other than what was asked (SMTP on the IMAP port,
//! implicit TLS where STARTTLS was chosen), a second short connection finds out what it
//! speaks, so the wizard can say "this port wants SSL/TLS" rather than "handshake failed".
//!
//! SMTP goes through the bridge's one SMTP session (`smtp/session.rs`), one step at a
//! time; its typed errors become diagnoses in `diagnosis.rs`.
//!
//! Over 450 lines: it walks the connection (name, TCP, TLS, what the port speaks) and
//! IMAP step by step, recording each step as a diagnosis.

use super::certificate::{is_self_issued, server_certificate};
use super::diagnosis::{
    connect_diagnosis, imap_missing, imap_warnings, lookup_diagnosis, policy_diagnosis, proves_tls,
    smtp_diagnosis, tls_diagnosis,
};
use super::resolver::{Resolver, WithHosts};
use crate::imap::wire::{self as imap_wire, Greeting, Status};
use crate::security::outbound::{OutboundPolicy, normalize_host};
use crate::smtp::error::SmtpError;
use crate::smtp::session::{Authentication, Credentials, SmtpSession};
use crate::transport::MailStream;
use crate::transport::greeting::{classify_greeting, heard_as, sniff_plain};
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Protocol;
use facteur_providers::setup_api::{
    CertificateProblem, CheckOutcome, CheckStep, ConnectionTestReport, ConnectionTestRequest,
    Diagnosis, HeardProtocol, StepKind, Warning,
};
use rustls_pki_types::ServerName;
use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;
use tokio_rustls::rustls::ClientConfig;

/// Longest line read from a server under test.
const MAX_LINE: u64 = imap_wire::MAX_LINE as u64;
/// Most lines read while waiting for one tagged IMAP response.
const MAX_LINES: usize = 1000;
/// How long a plain-text server may take to greet before the test suspects TLS.
const GREETING_WAIT: Duration = Duration::from_secs(4);

/// Everything the test needs from the bridge.
#[derive(Debug, Clone, Copy)]
pub struct Tester<'a> {
    /// Names not fixed by the operator.
    pub resolver: &'a dyn Resolver,
    /// The operator's fixed names.
    pub hosts: &'a BTreeMap<String, IpAddr>,
    /// The same outbound rules as sign-in.
    pub policy: &'a OutboundPolicy,
    /// The bridge's TLS client configuration.
    pub tls: &'a Arc<ClientConfig>,
    /// The time each network step may take.
    pub timeout: Duration,
}

/// The steps done so far; the one under way counts as failed if the check stops in it.
#[derive(Debug, Default)]
struct StepLog {
    steps: Vec<CheckStep>,
    pending: Option<StepKind>,
    warnings: Vec<Warning>,
}

impl StepLog {
    fn begin(&mut self, step: StepKind) {
        self.pending = Some(step);
    }

    fn pass(&mut self) {
        if let Some(step) = self.pending.take() {
            self.steps.push(CheckStep { step, ok: true });
        }
    }

    fn finish(&mut self, failed: bool) {
        if let Some(step) = self.pending.take() {
            self.steps.push(CheckStep { step, ok: !failed });
        }
    }
}

/// A conversation with the server: the stream, and what errors should name.
struct Conversation {
    reader: BufReader<MailStream>,
    host: String,
    port: u16,
    timeout: Duration,
}

impl Conversation {
    fn timed_out(&self) -> Diagnosis {
        Diagnosis::Timeout {
            host: self.host.clone(),
            port: self.port,
        }
    }

    fn lost(error: &std::io::Error) -> Diagnosis {
        Diagnosis::ProtocolError {
            detail: format!("the connection failed: {error}"),
        }
    }

    /// Reads one line (without its ending); an empty answer means the server closed.
    async fn line_within(&mut self, wait: Duration) -> Result<String, Diagnosis> {
        let mut raw = Vec::new();
        let mut limited = (&mut self.reader).take(MAX_LINE);
        let read = limited.read_until(b'\n', &mut raw);
        match tokio::time::timeout(wait, read).await {
            Err(_) => Err(self.timed_out()),
            Ok(Err(e)) => Err(Self::lost(&e)),
            Ok(Ok(0)) => Err(Diagnosis::ProtocolError {
                detail: "the server closed the connection".into(),
            }),
            Ok(Ok(_)) => Ok(String::from_utf8_lossy(&raw)
                .trim_end_matches(['\r', '\n'])
                .to_owned()),
        }
    }

    async fn line(&mut self) -> Result<String, Diagnosis> {
        self.line_within(self.timeout).await
    }

    async fn send(&mut self, bytes: &[u8]) -> Result<(), Diagnosis> {
        let stream = self.reader.get_mut();
        let written = async {
            stream.write_all(bytes).await?;
            stream.flush().await
        };
        match tokio::time::timeout(self.timeout, written).await {
            Err(_) => Err(self.timed_out()),
            Ok(Err(e)) => Err(Self::lost(&e)),
            Ok(Ok(())) => Ok(()),
        }
    }

    /// Sends an IMAP command and reads up to its tagged response, collecting any
    /// capability list on the way.
    async fn imap(
        &mut self,
        tag: &str,
        command: &str,
    ) -> Result<(Status, String, Vec<String>), Diagnosis> {
        self.send(format!("{tag} {command}\r\n").as_bytes()).await?;
        self.imap_until_tagged(tag).await
    }

    async fn imap_until_tagged(
        &mut self,
        tag: &str,
    ) -> Result<(Status, String, Vec<String>), Diagnosis> {
        let mut capabilities = Vec::new();
        for _ in 0..MAX_LINES {
            let line = self.line().await?;
            if let Some(found) = imap_wire::capabilities_in(&line) {
                capabilities = found;
            }
            if let Some((status, text)) = imap_wire::tagged(&line, tag) {
                return Ok((status, text.to_owned(), capabilities));
            }
        }
        Err(Diagnosis::ProtocolError {
            detail: "the IMAP server never finished its answer".into(),
        })
    }

    /// The plain TCP stream, for STARTTLS.
    fn into_tcp(self) -> Result<TcpStream, Diagnosis> {
        // Anything the server sent after its go-ahead would be read as if it came through
        // TLS (the STARTTLS injection attack): refuse it, as sending does.
        if !self.reader.buffer().is_empty() {
            return Err(Diagnosis::ProtocolError {
                detail: "the server sent data before the TLS handshake".into(),
            });
        }
        match self.reader.into_inner() {
            MailStream::Plain(tcp) => Ok(tcp),
            MailStream::Tls(_) => Err(Diagnosis::ProtocolError {
                detail: "STARTTLS over a connection already encrypted".into(),
            }),
        }
    }
}

impl Tester<'_> {
    /// Checks both servers at once.
    pub async fn run(&self, request: &ConnectionTestRequest) -> ConnectionTestReport {
        let credentials = Credentials {
            username: request.login_name(),
            password: &request.password,
        };
        let (imap, smtp) = tokio::join!(
            self.check(Protocol::Imap, &request.imap, credentials),
            self.check(Protocol::Smtp, &request.smtp, credentials),
        );
        ConnectionTestReport { imap, smtp }
    }

    async fn check(
        &self,
        protocol: Protocol,
        endpoint: &ServerEndpoint,
        credentials: Credentials<'_>,
    ) -> CheckOutcome {
        let mut log = StepLog::default();
        // Each step has its own limit; this one only bounds a server that trickles.
        let budget = self.timeout * 6;
        let steps = self.steps(protocol, endpoint, credentials, &mut log);
        let diagnosis = match tokio::time::timeout(budget, steps).await {
            Ok(Ok(())) => None,
            Ok(Err(diagnosis)) => Some(diagnosis),
            Err(_) => Some(Diagnosis::Timeout {
                host: endpoint.host.clone(),
                port: endpoint.port,
            }),
        };
        log.finish(diagnosis.is_some());
        CheckOutcome {
            steps: log.steps,
            diagnosis,
            warnings: log.warnings,
        }
    }

    async fn steps(
        &self,
        protocol: Protocol,
        endpoint: &ServerEndpoint,
        credentials: Credentials<'_>,
        log: &mut StepLog,
    ) -> Result<(), Diagnosis> {
        let port = endpoint.port;
        log.begin(StepKind::Resolve);
        let host = normalize_host(&endpoint.host).map_err(|_| Diagnosis::NameNotFound {
            host: endpoint.host.clone(),
        })?;
        let ips = match host.parse::<IpAddr>() {
            Ok(ip) => vec![ip],
            Err(_) => WithHosts {
                hosts: self.hosts,
                inner: self.resolver,
            }
            .ips(&host)
            .await
            .map_err(|e| lookup_diagnosis(&host, port, e))?,
        };
        log.pass();
        log.begin(StepKind::Connect);
        for ip in &ips {
            self.policy
                .check_address(*ip, port, endpoint.security)
                .map_err(|e| policy_diagnosis(&host, &e))?;
        }
        let (tcp, addr) = self.connect(&host, port, &ips).await?;
        log.pass();
        let stream = if endpoint.security == Security::Tls {
            log.begin(StepKind::Tls);
            let tls = match self.handshake(&host, port, tcp).await {
                Ok(tls) => tls,
                Err(diagnosis @ Diagnosis::TlsHandshake { .. }) => {
                    // Perhaps the port speaks plain text: ask it.
                    return Err(
                        match sniff_plain(addr, GREETING_WAIT.min(self.timeout)).await {
                            HeardProtocol::Unknown | HeardProtocol::Tls => diagnosis,
                            // The right protocol, in the clear: the port wants STARTTLS.
                            heard if heard == heard_as(protocol) => Diagnosis::NotThisProtocol {
                                expected: protocol,
                                heard: HeardProtocol::PlainText,
                            },
                            heard => Diagnosis::NotThisProtocol {
                                expected: protocol,
                                heard,
                            },
                        },
                    );
                }
                Err(Diagnosis::TlsCertificate {
                    problem: CertificateProblem::UnknownIssuer,
                    detail,
                }) => {
                    return Err(Diagnosis::TlsCertificate {
                        problem: self.unknown_issuer_or_self_signed(&host, addr).await,
                        detail,
                    });
                }
                Err(other) => return Err(other),
            };
            log.pass();
            MailStream::Tls(Box::new(tls))
        } else {
            MailStream::Plain(tcp)
        };
        let mut conversation = Conversation {
            reader: BufReader::new(stream),
            host: host.clone(),
            port,
            timeout: self.timeout,
        };
        log.begin(StepKind::Greeting);
        let greeting = match conversation
            .line_within(GREETING_WAIT.min(self.timeout))
            .await
        {
            Ok(line) => line,
            Err(Diagnosis::Timeout { .. }) if endpoint.security != Security::Tls => {
                // Silence on a plain connection: the port may want implicit TLS.
                let heard = if self.sniff_tls(&host, addr).await {
                    HeardProtocol::Tls
                } else {
                    sniff_plain(addr, GREETING_WAIT.min(self.timeout)).await
                };
                return Err(match heard {
                    HeardProtocol::Unknown => conversation.timed_out(),
                    heard => Diagnosis::NotThisProtocol {
                        expected: protocol,
                        heard,
                    },
                });
            }
            Err(other) => return Err(other),
        };
        let heard = classify_greeting(greeting.as_bytes());
        if heard != heard_as(protocol) {
            return Err(Diagnosis::NotThisProtocol {
                expected: protocol,
                heard,
            });
        }
        match protocol {
            Protocol::Imap => {
                self.imap(conversation, &greeting, endpoint.security, credentials, log)
                    .await
            }
            Protocol::Smtp => {
                self.smtp(conversation, &greeting, endpoint.security, credentials, log)
                    .await
            }
            Protocol::Pop3 => Err(Diagnosis::ProtocolError {
                detail: "Facteur does not use POP3".into(),
            }),
        }
    }

    async fn connect(
        &self,
        host: &str,
        port: u16,
        ips: &[IpAddr],
    ) -> Result<(TcpStream, SocketAddr), Diagnosis> {
        let mut last = Diagnosis::Timeout {
            host: host.to_owned(),
            port,
        };
        for ip in ips {
            let addr = SocketAddr::new(*ip, port);
            match tokio::time::timeout(self.timeout, TcpStream::connect(addr)).await {
                Ok(Ok(tcp)) => {
                    let _ = tcp.set_nodelay(true);
                    return Ok((tcp, addr));
                }
                Ok(Err(e)) => last = connect_diagnosis(host, port, &e),
                Err(_) => {
                    last = Diagnosis::Timeout {
                        host: host.to_owned(),
                        port,
                    }
                }
            }
        }
        Err(last)
    }

    async fn handshake(
        &self,
        host: &str,
        port: u16,
        tcp: TcpStream,
    ) -> Result<TlsStream<TcpStream>, Diagnosis> {
        let name = ServerName::try_from(host.to_owned()).map_err(|_| Diagnosis::TlsHandshake {
            detail: format!("{host} is not a valid TLS server name"),
        })?;
        let connecting = TlsConnector::from(self.tls.clone()).connect(name, tcp);
        match tokio::time::timeout(self.timeout, connecting).await {
            Err(_) => Err(Diagnosis::Timeout {
                host: host.to_owned(),
                port,
            }),
            Ok(Err(e)) => Err(tls_diagnosis(&e)),
            Ok(Ok(tls)) => Ok(tls),
        }
    }

    /// rustls says "unknown issuer" for both; the certificate itself tells them apart.
    async fn unknown_issuer_or_self_signed(
        &self,
        host: &str,
        addr: SocketAddr,
    ) -> CertificateProblem {
        match server_certificate(addr, host, self.timeout).await {
            Some(der) if is_self_issued(&der) => CertificateProblem::SelfSigned,
            _ => CertificateProblem::UnknownIssuer,
        }
    }

    /// Whether a port completes (or starts) a TLS handshake.
    async fn sniff_tls(&self, host: &str, addr: SocketAddr) -> bool {
        let Ok(name) = ServerName::try_from(host.to_owned()) else {
            return false;
        };
        let sniff = async {
            let tcp = TcpStream::connect(addr).await?;
            TlsConnector::from(self.tls.clone())
                .connect(name, tcp)
                .await
        };
        match tokio::time::timeout(self.timeout, sniff).await {
            Ok(Ok(_)) => true,
            Ok(Err(e)) => proves_tls(&e),
            Err(_) => false,
        }
    }

    async fn starttls(&self, conversation: Conversation) -> Result<Conversation, Diagnosis> {
        let (host, port, timeout) = (
            conversation.host.clone(),
            conversation.port,
            conversation.timeout,
        );
        let tcp = conversation.into_tcp()?;
        let tls = self.handshake(&host, port, tcp).await?;
        Ok(Conversation {
            reader: BufReader::new(MailStream::Tls(Box::new(tls))),
            host,
            port,
            timeout,
        })
    }

    async fn imap(
        &self,
        mut conversation: Conversation,
        greeting: &str,
        security: Security,
        credentials: Credentials<'_>,
        log: &mut StepLog,
    ) -> Result<(), Diagnosis> {
        if let Greeting::Bye(_) = imap_wire::greeting(greeting) {
            return Err(Diagnosis::ProtocolError {
                detail: greeting.to_owned(),
            });
        }
        log.pass();
        log.begin(StepKind::Capabilities);
        let (status, text, capabilities) = conversation.imap("a1", "CAPABILITY").await?;
        if status != Status::Ok {
            return Err(Diagnosis::ProtocolError { detail: text });
        }
        if let Some(missing) = imap_missing(&capabilities) {
            return Err(missing);
        }
        log.pass();
        if security == Security::StartTls {
            log.begin(StepKind::Starttls);
            if !capabilities
                .iter()
                .any(|c| c.eq_ignore_ascii_case("STARTTLS"))
            {
                return Err(Diagnosis::CapabilityMissing {
                    capability: "STARTTLS".into(),
                });
            }
            let (status, text, _) = conversation.imap("a2", "STARTTLS").await?;
            if status != Status::Ok {
                return Err(Diagnosis::ProtocolError {
                    detail: format!("the server refused STARTTLS: {text}"),
                });
            }
            conversation = self.starttls(conversation).await?;
            log.pass();
        }
        log.begin(StepKind::Authenticate);
        let chunks = imap_wire::login_command("a3", credentials.username, credentials.password);
        let last = chunks.len() - 1;
        for (index, chunk) in chunks.iter().enumerate() {
            conversation.send(chunk).await?;
            if index < last {
                let line = conversation.line().await?;
                if !line.starts_with('+') {
                    return Err(login_refusal(&line));
                }
            }
        }
        let (status, text, capabilities) = conversation.imap_until_tagged("a3").await?;
        match status {
            Status::Ok => {}
            Status::No => return Err(Diagnosis::AuthenticationRefused { server_text: text }),
            Status::Bad => return Err(Diagnosis::ProtocolError { detail: text }),
        }
        log.pass();
        // The capabilities that matter after sign-in (MOVE, IDLE...) are often only
        // listed then.
        let capabilities = if capabilities.is_empty() {
            conversation
                .imap("a4", "CAPABILITY")
                .await
                .map(|(_, _, capabilities)| capabilities)
                .unwrap_or_default()
        } else {
            capabilities
        };
        log.warnings = imap_warnings(&capabilities);
        let _ = conversation.imap("a5", "LOGOUT").await;
        Ok(())
    }

    async fn smtp(
        &self,
        conversation: Conversation,
        greeting: &str,
        security: Security,
        credentials: Credentials<'_>,
        log: &mut StepLog,
    ) -> Result<(), Diagnosis> {
        let (host, port) = (conversation.host.clone(), conversation.port);
        let diagnosis = |error: SmtpError| smtp_diagnosis(&host, port, error);
        let mut session = SmtpSession::new(conversation.reader, self.timeout, &host);
        session.greeting_after(greeting).await.map_err(diagnosis)?;
        log.pass();
        log.begin(StepKind::Capabilities);
        session.ehlo().await.map_err(diagnosis)?;
        log.pass();
        if security == Security::StartTls {
            log.begin(StepKind::Starttls);
            session = session.start_tls(self.tls).await.map_err(diagnosis)?;
            session.ehlo().await.map_err(diagnosis)?;
            log.pass();
        }
        log.begin(StepKind::Authenticate);
        if session.authenticate(credentials).await.map_err(diagnosis)? == Authentication::NotOffered
        {
            return Err(Diagnosis::CapabilityMissing {
                capability: "AUTH".into(),
            });
        }
        log.pass();
        if !session.extensions.dsn {
            log.warnings.push(Warning::CapabilityAbsent {
                capability: "DSN".into(),
            });
        }
        session.quit().await;
        Ok(())
    }
}

/// The diagnosis when an IMAP server answers a LOGIN literal with something else than
/// a continuation.
fn login_refusal(line: &str) -> Diagnosis {
    match imap_wire::tagged(line, "a3") {
        Some((Status::No, text)) => Diagnosis::AuthenticationRefused {
            server_text: text.to_owned(),
        },
        _ => Diagnosis::ProtocolError {
            detail: line.to_owned(),
        },
    }
}
