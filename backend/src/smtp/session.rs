//! The one SMTP session (RFC 5321, 6409): connect through the outbound policy, TLS
//! (implicit, or STARTTLS refusing bytes sent before the handshake), EHLO, AUTH PLAIN or
//! LOGIN, commands and replies each bounded by a timeout, QUIT. Sending
//! ([`super::submit`]), the sign-in check ([`super::probe`]) and the connection test
//! (`setup/connection_test.rs`, which takes each step in turn to record it) all speak
//! through it, so a defence added here holds for all three.

use super::error::{Command, SmtpError};
use super::extensions::{AuthMechanism, Extensions};
use super::reply::{Reply, read_reply};
use crate::imap::Connector;
use crate::transport::dial::connect_tcp;
use crate::transport::{MailStream, sasl, tls};
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Protocol;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncWriteExt, BufReader};
use tokio_rustls::rustls::ClientConfig;

/// The name the bridge gives itself in EHLO; a valid FQDN that names no real host.
const EHLO_NAME: &str = "facteur.invalid";

/// A login for AUTH (never logged).
#[derive(Clone, Copy)]
pub struct Credentials<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

/// What AUTH came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Authentication {
    /// The server took the login.
    SignedIn,
    /// The server offers no AUTH at all: a relay that trusts the connection (loopback,
    /// or by address).
    NotOffered,
}

/// An SMTP conversation, greeted.
pub struct SmtpSession {
    conversation: BufReader<MailStream>,
    /// What the server offered in its last EHLO (empty before the first).
    pub extensions: Extensions,
    timeout: Duration,
    host: String,
}

impl SmtpSession {
    /// Connects to `endpoint` through the connector's policy (TLS when implicit), reads
    /// the greeting and says EHLO; after STARTTLS when the endpoint asks for it.
    pub async fn open(
        connector: &Connector,
        endpoint: &ServerEndpoint,
        timeout: Duration,
    ) -> Result<SmtpSession, SmtpError> {
        let checked = connector
            .policy
            .resolve(endpoint)
            .await
            .map_err(SmtpError::Reach)?;
        let tcp = connect_tcp(&checked, connector.connect_timeout)
            .await
            .map_err(SmtpError::Reach)?;
        let stream = match checked.security {
            Security::Tls => MailStream::Tls(Box::new(
                tls::handshake_expecting(
                    &connector.tls,
                    &checked.host,
                    tcp,
                    Protocol::Smtp,
                    connector.connect_timeout,
                )
                .await
                .map_err(SmtpError::Reach)?,
            )),
            Security::Plain | Security::StartTls => MailStream::Plain(tcp),
        };
        let mut session = SmtpSession::new(BufReader::new(stream), timeout, &checked.host);
        session.greeting().await?;
        session.ehlo().await?;
        if checked.security == Security::StartTls {
            session = session.start_tls(&connector.tls).await?;
            session.ehlo().await?;
        }
        Ok(session)
    }

    /// A session on a connected stream whose greeting is still to be read.
    pub fn new(conversation: BufReader<MailStream>, timeout: Duration, host: &str) -> Self {
        SmtpSession {
            conversation,
            extensions: Extensions::default(),
            timeout,
            host: host.to_owned(),
        }
    }

    /// Reads the greeting; anything but 220 is a refusal.
    pub async fn greeting(&mut self) -> Result<(), SmtpError> {
        let greeting = self.read().await?;
        expect(greeting, 220, Command::Greeting).map(drop)
    }

    /// The rest of a greeting whose first line, `first`, was read already (the
    /// connection test reads it to tell which protocol the port speaks).
    pub async fn greeting_after(&mut self, first: &str) -> Result<(), SmtpError> {
        let (code, more, text) = super::reply::parse_line(first)?;
        let greeting = if more {
            let mut rest = self.read().await?;
            rest.lines.insert(0, text.to_owned());
            rest
        } else {
            Reply {
                code,
                lines: vec![text.to_owned()],
            }
        };
        expect(greeting, 220, Command::Greeting).map(drop)
    }

    /// `EHLO`, keeping what the server offers.
    pub async fn ehlo(&mut self) -> Result<(), SmtpError> {
        let reply = self.command(&format!("EHLO {EHLO_NAME}")).await?;
        let reply = expect(reply, 250, Command::Ehlo)?;
        self.extensions = Extensions::from_ehlo(&reply);
        Ok(())
    }

    /// `STARTTLS` and the handshake; the server's offer is forgotten until the next EHLO.
    pub async fn start_tls(self, config: &Arc<ClientConfig>) -> Result<SmtpSession, SmtpError> {
        let mut session = self;
        if !session.extensions.starttls {
            return Err(SmtpError::NoStartTls);
        }
        let reply = session.command("STARTTLS").await?;
        expect(reply, 220, Command::StartTls)?;
        // Anything the server sent after its 220 would be read as if it came through
        // TLS (the STARTTLS injection attack): refuse it.
        if !session.conversation.buffer().is_empty() {
            return Err(SmtpError::DataBeforeTls);
        }
        let MailStream::Plain(tcp) = session.conversation.into_inner() else {
            return Err(SmtpError::DataBeforeTls);
        };
        let handshake = tls::handshake_io(config, &session.host, tcp);
        let secured = tokio::time::timeout(session.timeout, handshake)
            .await
            .map_err(|_| SmtpError::Timeout {
                host: session.host.clone(),
            })?
            .map_err(SmtpError::Handshake)?;
        Ok(SmtpSession::new(
            BufReader::new(MailStream::Tls(Box::new(secured))),
            session.timeout,
            &session.host,
        ))
    }

    /// AUTH with the first mechanism both sides know (PLAIN, else LOGIN).
    pub async fn authenticate(
        &mut self,
        credentials: Credentials<'_>,
    ) -> Result<Authentication, SmtpError> {
        let Some(mechanism) = self.extensions.auth_mechanism() else {
            if self.extensions.offers_auth() {
                return Err(SmtpError::NoSupportedAuth);
            }
            return Ok(Authentication::NotOffered);
        };
        let reply = match mechanism {
            AuthMechanism::Plain => {
                let token = sasl::plain_token(credentials.username, credentials.password);
                self.command(&format!("AUTH PLAIN {token}")).await?
            }
            AuthMechanism::Login => {
                let start = self.command("AUTH LOGIN").await?;
                expect(start, 334, Command::Auth)?;
                let user = self
                    .command(&sasl::login_answer(credentials.username))
                    .await?;
                expect(user, 334, Command::Auth)?;
                self.command(&sasl::login_answer(credentials.password))
                    .await?
            }
        };
        expect(reply, 235, Command::Auth).map(|_| Authentication::SignedIn)
    }

    /// Sends a command line and reads its reply. Never logs the line: AUTH carries the
    /// password.
    pub async fn command(&mut self, line: &str) -> Result<Reply, SmtpError> {
        let mut bytes = Vec::with_capacity(line.len() + 2);
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        self.write(&bytes).await?;
        self.flush().await?;
        self.read().await
    }

    /// Writes bytes as they are (the message's DATA).
    pub async fn write(&mut self, bytes: &[u8]) -> Result<(), SmtpError> {
        let stream = self.conversation.get_mut();
        tokio::time::timeout(self.timeout, stream.write_all(bytes))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(SmtpError::Io)
    }

    /// Flushes what was written.
    pub async fn flush(&mut self) -> Result<(), SmtpError> {
        let stream = self.conversation.get_mut();
        tokio::time::timeout(self.timeout, stream.flush())
            .await
            .map_err(|_| self.timed_out())?
            .map_err(SmtpError::Io)
    }

    /// Reads one reply within the session's timeout.
    pub async fn read(&mut self) -> Result<Reply, SmtpError> {
        self.read_within(self.timeout).await
    }

    /// Reads one reply within `timeout` (the end of DATA may take longer).
    pub async fn read_within(&mut self, timeout: Duration) -> Result<Reply, SmtpError> {
        tokio::time::timeout(timeout, read_reply(&mut self.conversation))
            .await
            .map_err(|_| self.timed_out())?
    }

    /// The longest wait for one reply or write.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    fn timed_out(&self) -> SmtpError {
        SmtpError::Timeout {
            host: self.host.clone(),
        }
    }

    /// Says goodbye, without caring for the answer: the work is done or failed already.
    pub async fn quit(&mut self) {
        let short = self.timeout.min(Duration::from_secs(5));
        let _ = tokio::time::timeout(short, async {
            let _ = self.command("QUIT").await;
        })
        .await;
    }
}

/// `reply` when its code is `expected`, else the refusal of `command`.
pub fn expect(reply: Reply, expected: u16, command: Command) -> Result<Reply, SmtpError> {
    if reply.code == expected {
        Ok(reply)
    } else {
        Err(SmtpError::Refused { command, reply })
    }
}
