//! Opening an authenticated IMAP session: policy check, TCP, TLS (implicit or STARTTLS),
//! the greeting, then LOGIN, each with precise errors.

use crate::error::{Error, Result};
use crate::imap::error::imap_error;
use crate::security::outbound::{CheckedEndpoint, OutboundPolicy};
use crate::transport::bounded::{BoundedStream, ResponseLimits};
use crate::transport::dial::{connect_tcp, io_error};
use crate::transport::{MailStream, tls};
use async_imap::Client;
use async_imap::imap_proto::{Response, Status};
use facteur_model::api::{Security, ServerEndpoint};
use std::sync::Arc;
use std::time::Duration;
use tokio_rustls::rustls::ClientConfig;

/// What the IMAP client reads from: the connection, under the response limits.
pub type ImapStream = BoundedStream<MailStream>;

/// A logged-in IMAP session over a plain or TLS stream.
pub type ImapSession = async_imap::Session<ImapStream>;

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
    /// Checks `endpoint` against the policy, connects, and logs in.
    pub async fn open(
        &self,
        endpoint: &ServerEndpoint,
        username: &str,
        password: &str,
    ) -> Result<ImapSession> {
        let checked = self.policy.resolve(endpoint).await?;
        let steps = self.open_checked(&checked, username, password);
        // One budget for TCP, TLS, greeting and LOGIN: a server that trickles is a dead one.
        tokio::time::timeout(self.connect_timeout * 2, steps)
            .await
            .map_err(|_| {
                Error::Timeout(format!(
                    "{}:{} did not complete the sign-in in time",
                    checked.host, endpoint.port
                ))
            })?
    }

    async fn open_checked(
        &self,
        endpoint: &CheckedEndpoint,
        username: &str,
        password: &str,
    ) -> Result<ImapSession> {
        let tcp = connect_tcp(endpoint, self.connect_timeout).await?;
        let client = match endpoint.security {
            Security::Tls => {
                let tls = tls::handshake(&self.tls, &endpoint.host, tcp).await?;
                let mut client = Client::new(self.bounded(MailStream::Tls(Box::new(tls))));
                read_greeting(&mut client).await?;
                client
            }
            Security::Plain => {
                let mut client = Client::new(self.bounded(MailStream::Plain(tcp)));
                read_greeting(&mut client).await?;
                client
            }
            Security::StartTls => {
                let mut client = Client::new(self.bounded(MailStream::Plain(tcp)));
                read_greeting(&mut client).await?;
                client
                    .run_command_and_check_ok("STARTTLS", None)
                    .await
                    .map_err(|e| match imap_error(e) {
                        Error::ServerRefused(text) => {
                            Error::TlsFailure(format!("the server refused STARTTLS: {text}"))
                        }
                        other => other,
                    })?;
                let MailStream::Plain(tcp) = client.into_inner().into_inner() else {
                    return Err(Error::Internal("STARTTLS over a TLS stream".into()));
                };
                let tls = tls::handshake(&self.tls, &endpoint.host, tcp).await?;
                // No second greeting after STARTTLS (RFC 3501 §6.2.1).
                Client::new(self.bounded(MailStream::Tls(Box::new(tls))))
            }
        };
        login(client, username, password).await
    }

    fn bounded(&self, stream: MailStream) -> ImapStream {
        BoundedStream::new(stream, self.limits)
    }
}

/// Reads the server greeting, which must come before any command.
async fn read_greeting(client: &mut Client<ImapStream>) -> Result<()> {
    let greeting = client
        .read_response()
        .await
        .map_err(|e| io_error(&e))?
        .ok_or_else(|| Error::ConnectionLost("the server closed the connection".into()))?;
    match greeting.parsed() {
        Response::Data {
            status: Status::Ok | Status::PreAuth,
            ..
        } => Ok(()),
        Response::Data {
            status: Status::Bye,
            outcome,
        } => Err(Error::ServerRefused(
            outcome
                .information
                .as_deref()
                .unwrap_or("the server said BYE")
                .to_owned(),
        )),
        _ => Err(Error::Protocol(
            "the server did not greet like an IMAP server".into(),
        )),
    }
}

async fn login(client: Client<ImapStream>, username: &str, password: &str) -> Result<ImapSession> {
    client
        .login(username, password)
        .await
        .map_err(|(error, _client)| match error {
            async_imap::error::Error::No(text) => Error::BadCredentials(Some(text)),
            other => imap_error(other),
        })
}
