//! Opening an authenticated IMAP session: policy check, TCP, TLS (implicit or STARTTLS),
//! the greeting, then LOGIN (or, for an OAuth session, AUTHENTICATE with the access
//! token, `bearer.rs`), each with precise errors.

use super::bearer::{BearerAuthenticator, mechanism_from_greeting};
use super::session_stream::SessionStream;
use super::wire::{self as imap_wire, Greeting};
use crate::error::{Error, Result};
use crate::imap::error::imap_error;
use crate::security::outbound::{CheckedEndpoint, OutboundPolicy};
use crate::transport::bounded::{BoundedStream, ResponseLimits};
use crate::transport::dial::{connect_tcp, io_error};
use crate::transport::greeting::{classify_greeting, is_other_protocol};
use crate::transport::sasl::{BearerMechanism, BearerRefusal};
use crate::transport::{MailStream, tls};
use async_imap::Client;
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Protocol;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;
use tokio::net::TcpStream;
use tokio_rustls::rustls::ClientConfig;

/// What the IMAP client reads from: the connection, under the response limits, with the
/// folder it has open.
pub type ImapStream = SessionStream;

/// A logged-in IMAP session over a plain or TLS stream.
pub type ImapSession = async_imap::Session<ImapStream>;

/// What a session signs in with.
#[derive(Clone, Copy)]
pub enum SignIn<'a> {
    /// LOGIN with the account's (or app) password.
    Password(&'a str),
    /// AUTHENTICATE OAUTHBEARER or XOAUTH2 with an OAuth access token.
    Bearer(&'a str),
}

/// Everything needed to open connections to mail servers.
#[derive(Debug, Clone)]
pub struct Connector {
    pub policy: OutboundPolicy,
    pub tls: Arc<ClientConfig>,
    pub connect_timeout: Duration,
    /// How much an IMAP server may send (literals, lines, per operation).
    pub limits: ResponseLimits,
}

impl Connector {
    /// Checks `endpoint` against the policy, connects, and logs in with a password.
    pub async fn open(
        &self,
        endpoint: &ServerEndpoint,
        username: &str,
        password: &str,
    ) -> Result<ImapSession> {
        self.open_with(endpoint, username, SignIn::Password(password))
            .await
    }

    /// Checks `endpoint` against the policy, connects, and signs in with `secret`.
    ///
    /// Each step has its own deadline: TCP, then TLS and the greeting, then the sign-in.
    /// A server that takes the TCP connection and then says nothing is a busy one
    /// (Dovecot at its `process_limit` leaves new connections waiting in the kernel's
    /// queue): `ServerBusy`, not a vague timeout.
    pub async fn open_with(
        &self,
        endpoint: &ServerEndpoint,
        username: &str,
        secret: SignIn<'_>,
    ) -> Result<ImapSession> {
        let checked = self.policy.resolve(endpoint).await?;
        let tcp = connect_tcp(&checked, self.connect_timeout).await?;
        let where_ = format!("{}:{}", checked.host, endpoint.port);
        let (client, greeting) =
            tokio::time::timeout(self.connect_timeout, self.greeted(&checked, tcp))
                .await
                .map_err(|_| {
                    Error::ServerBusy(format!(
                        "{where_} accepted the connection but did not greet in time"
                    ))
                })?
                .map_err(|error| match error {
                    Error::ConnectionLost(_) => {
                        Error::ServerBusy(format!("{where_} closed the connection before greeting"))
                    }
                    other => other,
                })?;
        let signed_in = async {
            match secret {
                SignIn::Password(password) => login(client, username, password).await,
                SignIn::Bearer(token) => {
                    let mechanism = mechanism_from_greeting(&greeting);
                    bearer_login(
                        client,
                        mechanism,
                        username,
                        token,
                        &checked.host,
                        endpoint.port,
                    )
                    .await
                }
            }
        };
        tokio::time::timeout(self.connect_timeout, signed_in)
            .await
            .map_err(|_| Error::Timeout(format!("{where_} did not answer the sign-in in time")))?
    }

    /// TLS (implicit or STARTTLS) and the server's greeting on a fresh connection; the
    /// greeting line is kept for the capabilities it may announce.
    async fn greeted(
        &self,
        endpoint: &CheckedEndpoint,
        tcp: TcpStream,
    ) -> Result<(Client<ImapStream>, String)> {
        Ok(match endpoint.security {
            Security::Tls => {
                let tls = tls::handshake_expecting(
                    &self.tls,
                    &endpoint.host,
                    tcp,
                    Protocol::Imap,
                    self.connect_timeout,
                )
                .await?;
                let mut stream = self.bounded(MailStream::Tls(Box::new(tls)));
                let greeting = read_greeting(&mut stream).await?;
                (Client::new(stream), greeting)
            }
            Security::Plain => {
                let mut stream = self.bounded(MailStream::Plain(tcp));
                let greeting = read_greeting(&mut stream).await?;
                (Client::new(stream), greeting)
            }
            Security::StartTls => {
                let mut stream = self.bounded(MailStream::Plain(tcp));
                let greeting = read_greeting(&mut stream).await?;
                let mut client = Client::new(stream);
                client
                    .run_command_and_check_ok("STARTTLS", None)
                    .await
                    .map_err(|e| match imap_error(e) {
                        Error::ServerRefused(text) => {
                            Error::TlsFailure(format!("the server refused STARTTLS: {text}"))
                        }
                        other => other,
                    })?;
                let MailStream::Plain(tcp) = client.into_inner().into_mail_stream() else {
                    return Err(Error::invariant("STARTTLS over a TLS stream"));
                };
                let tls = tls::handshake(&self.tls, &endpoint.host, tcp).await?;
                // No second greeting after STARTTLS (RFC 3501 §6.2.1).
                (
                    Client::new(self.bounded(MailStream::Tls(Box::new(tls)))),
                    greeting,
                )
            }
        })
    }

    fn bounded(&self, stream: MailStream) -> ImapStream {
        SessionStream::new(BoundedStream::new(stream, self.limits))
    }
}

/// Reads the server greeting, which must come before any command. Read here, not by
/// async-imap, so that a port answering in another protocol (an SMTP `220`) is named as
/// such rather than as a parse failure.
async fn read_greeting(stream: &mut ImapStream) -> Result<String> {
    let line = greeting_line(stream).await?;
    match imap_wire::greeting(&line) {
        Greeting::Ready => Ok(line),
        Greeting::Bye(text) => Err(Error::ServerRefused(text.to_owned())),
        Greeting::NotImap => {
            let heard = classify_greeting(line.as_bytes());
            if is_other_protocol(Protocol::Imap, heard) {
                Err(Error::WrongProtocol {
                    expected: Protocol::Imap,
                    heard,
                })
            } else {
                Err(Error::Protocol(
                    "the server did not greet like an IMAP server".into(),
                ))
            }
        }
    }
}

/// The greeting line, read a byte at a time so that nothing after it is taken from the
/// IMAP client (one short line, once per connection).
async fn greeting_line(stream: &mut ImapStream) -> Result<String> {
    let mut line = Vec::new();
    let mut byte = [0u8; 1];
    while line.len() < imap_wire::MAX_LINE {
        let read = stream.read(&mut byte).await.map_err(|e| io_error(&e))?;
        if read == 0 {
            return Err(Error::ConnectionLost(
                "the server closed the connection".into(),
            ));
        }
        if byte[0] == b'\n' {
            return Ok(String::from_utf8_lossy(&line).trim_end().to_owned());
        }
        line.push(byte[0]);
    }
    Err(Error::ServerResponseTooLarge {
        limit: imap_wire::MAX_LINE as u64,
    })
}

/// Whether a refused LOGIN carries a response code saying the server is at a limit.
fn refused_for_load(text: &str) -> bool {
    ["[LIMIT]", "[UNAVAILABLE]"]
        .iter()
        .any(|code| text.contains(code))
}

async fn login(client: Client<ImapStream>, username: &str, password: &str) -> Result<ImapSession> {
    client
        .login(username, password)
        .await
        .map_err(|(error, _client)| match error {
            // async-imap words its `NO` as Rust debug output (`code: …, info: Some(…)`):
            // the code says it all. `[LIMIT]` / `[UNAVAILABLE]` (RFC 5530) are the server
            // turning the connection away for its load, not a wrong password.
            async_imap::error::Error::No(text) if refused_for_load(&text) => {
                Error::ServerBusy(text)
            }
            async_imap::error::Error::No(_) => Error::BadCredentials(None),
            other => imap_error(other),
        })
}

/// AUTHENTICATE with an access token; a refusal names what the server said of the token.
async fn bearer_login(
    client: Client<ImapStream>,
    mechanism: BearerMechanism,
    username: &str,
    access_token: &str,
    host: &str,
    port: u16,
) -> Result<ImapSession> {
    let mut exchange = BearerAuthenticator::new(mechanism, username, access_token, host, port);
    let result = client.authenticate(mechanism.name(), &mut exchange).await;
    result.map_err(|(error, _client)| match error {
        // The status word of the server's error challenge, when it sent one.
        async_imap::error::Error::No(_) => Error::BadCredentials(match exchange.refusal {
            Some(BearerRefusal::InvalidToken) => Some("invalid_token".into()),
            Some(BearerRefusal::InsufficientScope) => Some("insufficient_scope".into()),
            Some(BearerRefusal::Other) | None => None,
        }),
        other => imap_error(other),
    })
}
