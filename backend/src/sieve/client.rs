//! A ManageSieve session (RFC 5804) on the account's IMAP host: policy check, TCP,
//! STARTTLS (required unless the server is on loopback), AUTHENTICATE PLAIN with the
//! session's credentials, then the few commands Facteur needs.

use super::codec::{self, Capabilities, Completion, Status, Token};
use crate::error::{Error, Result};
use crate::imap::Connector;
use crate::security::outbound::{AddressClass, classify};
use crate::session::Account;
use crate::transport::dial::{connect_tcp, io_error};
use crate::transport::{MailStream, tls};
use facteur_model::api::{Security, ServerEndpoint};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The ManageSieve port (RFC 5804 §1.8).
pub const DEFAULT_PORT: u16 = 4190;

/// The most bytes one response may take, all its lines together: a server that never
/// ends a response (endless short lines) is cut off here, not when time runs out.
pub const MAX_RESPONSE_TOTAL: usize = 2 * codec::MAX_RESPONSE_BYTES;

/// An authenticated ManageSieve connection.
pub struct SieveSession {
    stream: MailStream,
    buffer: Vec<u8>,
    pub capabilities: Capabilities,
}

/// A whole response: data lines, then the completion.
#[derive(Debug)]
pub struct Response {
    pub lines: Vec<Vec<Token>>,
    pub completion: Completion,
}

impl SieveSession {
    /// Connects to `port` on the account's IMAP host and signs in.
    pub async fn open(connector: &Connector, account: &Account, port: u16) -> Result<SieveSession> {
        let endpoint = ServerEndpoint {
            host: account.imap.host.clone(),
            port,
            // Checked as STARTTLS: the policy then allows any host; plain text is only
            // accepted below, on loopback.
            security: Security::StartTls,
        };
        let checked = connector.policy.resolve(&endpoint).await?;
        let tcp = connect_tcp(&checked, connector.connect_timeout).await?;
        let loopback = checked
            .addrs
            .iter()
            .all(|addr| classify(addr.ip()) == AddressClass::Loopback);
        let mut session = SieveSession {
            stream: MailStream::Plain(tcp),
            buffer: Vec::new(),
            capabilities: Capabilities::default(),
        };
        let greeting = session.read_response().await?;
        session.capabilities = expect_ok(greeting, "greeting")?;
        if session.capabilities.starttls {
            session.send("STARTTLS\r\n").await?;
            let reply = session.read_response().await?;
            if reply.completion.status != Status::Ok {
                return Err(Error::TlsFailure(format!(
                    "the ManageSieve server refused STARTTLS: {}",
                    reply.completion.text.unwrap_or_default()
                )));
            }
            let MailStream::Plain(tcp) = session.stream else {
                return Err(Error::invariant("STARTTLS over a TLS stream"));
            };
            let tls = tls::handshake(&connector.tls, &checked.host, tcp).await?;
            session.stream = MailStream::Tls(Box::new(tls));
            session.buffer.clear();
            // After STARTTLS the server sends its capabilities again (RFC 5804 §2.2).
            let fresh = session.read_response().await?;
            session.capabilities = expect_ok(fresh, "capabilities after STARTTLS")?;
        } else if !loopback {
            return Err(Error::PlainNotAllowed);
        }
        if !session
            .capabilities
            .sasl
            .iter()
            .any(|m| m.eq_ignore_ascii_case("PLAIN"))
        {
            return Err(Error::SieveUnavailable(
                "the ManageSieve server does not offer PLAIN authentication".into(),
            ));
        }
        session
            .send(&codec::authenticate_plain(
                &account.username,
                &account.password,
            ))
            .await?;
        let auth = session.read_response().await?;
        if auth.completion.status != Status::Ok {
            return Err(Error::SieveUnavailable(format!(
                "the ManageSieve server refused the sign-in: {}",
                auth.completion.text.unwrap_or_default()
            )));
        }
        Ok(session)
    }

    /// The script names and which one is active.
    pub async fn list_scripts(&mut self) -> Result<Vec<(String, bool)>> {
        let reply = self.command("LISTSCRIPTS\r\n").await?;
        let reply = ok(reply)?;
        Ok(reply
            .lines
            .iter()
            .filter_map(|line| match line.as_slice() {
                [Token::Str(name), rest @ ..] => Some((
                    name.clone(),
                    rest.iter()
                        .any(|t| matches!(t, Token::Atom(a) if a.eq_ignore_ascii_case("ACTIVE"))),
                )),
                _ => None,
            })
            .collect())
    }

    /// The text of script `name`.
    pub async fn get_script(&mut self, name: &str) -> Result<String> {
        let reply = self
            .command(&format!("GETSCRIPT {}\r\n", codec::string(name)))
            .await?;
        let reply = ok(reply)?;
        Ok(reply
            .lines
            .iter()
            .find_map(|line| match line.first() {
                Some(Token::Str(text)) => Some(text.clone()),
                _ => None,
            })
            .unwrap_or_default())
    }

    /// Stores `script` as `name` (the server checks it first); returns its warnings.
    pub async fn put_script(&mut self, name: &str, script: &str) -> Result<Option<String>> {
        let reply = self
            .command(&format!(
                "PUTSCRIPT {} {}\r\n",
                codec::string(name),
                codec::string(script)
            ))
            .await?;
        match reply.completion.status {
            Status::Ok => Ok(reply
                .completion
                .code
                .filter(|c| c.eq_ignore_ascii_case("WARNINGS"))
                .and(reply.completion.text)),
            Status::No if is_quota(&reply.completion) => Err(Error::ServerRefused(
                reply.completion.text.unwrap_or_default(),
            )),
            Status::No => Err(Error::SieveScriptInvalid(
                reply
                    .completion
                    .text
                    .unwrap_or_else(|| "the server refused the script".into()),
            )),
            Status::Bye => Err(bye(&reply.completion)),
        }
    }

    /// Makes `name` the active script.
    pub async fn set_active(&mut self, name: &str) -> Result<()> {
        let reply = self
            .command(&format!("SETACTIVE {}\r\n", codec::string(name)))
            .await?;
        ok(reply).map(|_| ())
    }

    /// Says goodbye politely; the connection closes either way.
    pub async fn logout(mut self) {
        let _ = self.command("LOGOUT\r\n").await;
    }

    async fn command(&mut self, command: &str) -> Result<Response> {
        self.send(command).await?;
        self.read_response().await
    }

    async fn send(&mut self, command: &str) -> Result<()> {
        self.stream
            .write_all(command.as_bytes())
            .await
            .map_err(|e| io_error(&e))?;
        self.stream.flush().await.map_err(|e| io_error(&e))
    }

    async fn read_response(&mut self) -> Result<Response> {
        let mut lines = Vec::new();
        // Bytes of this response's lines already taken out of the buffer.
        let mut taken = 0usize;
        loop {
            if taken.saturating_add(self.buffer.len()) > MAX_RESPONSE_TOTAL {
                return Err(Error::ServerResponseTooLarge {
                    limit: MAX_RESPONSE_TOTAL as u64,
                });
            }
            match codec::next_line(&self.buffer).map_err(|e| match e {
                codec::CodecError(codec::TOO_LONG) => Error::ServerResponseTooLarge {
                    limit: codec::MAX_RESPONSE_BYTES as u64,
                },
                other => Error::Protocol(other.to_string()),
            })? {
                Some((tokens, used)) => {
                    self.buffer.drain(..used);
                    taken += used;
                    if let Some(completion) = codec::completion(&tokens) {
                        return Ok(Response { lines, completion });
                    }
                    lines.push(tokens);
                }
                None => {
                    let mut chunk = [0u8; 8192];
                    let read = self
                        .stream
                        .read(&mut chunk)
                        .await
                        .map_err(|e| io_error(&e))?;
                    if read == 0 {
                        return Err(Error::ConnectionLost(
                            "the ManageSieve server closed the connection".into(),
                        ));
                    }
                    self.buffer.extend_from_slice(&chunk[..read]);
                }
            }
        }
    }
}

fn expect_ok(response: Response, what: &str) -> Result<Capabilities> {
    match response.completion.status {
        Status::Ok => Ok(codec::capabilities(&response.lines)),
        _ => Err(Error::SieveUnavailable(format!(
            "the ManageSieve server refused the {what}: {}",
            response.completion.text.unwrap_or_default()
        ))),
    }
}

fn ok(response: Response) -> Result<Response> {
    match response.completion.status {
        Status::Ok => Ok(response),
        Status::No => Err(Error::ServerRefused(
            response.completion.text.unwrap_or_default(),
        )),
        Status::Bye => Err(bye(&response.completion)),
    }
}

fn bye(completion: &Completion) -> Error {
    Error::ConnectionLost(format!(
        "the ManageSieve server said goodbye: {}",
        completion.text.clone().unwrap_or_default()
    ))
}

fn is_quota(completion: &Completion) -> bool {
    completion
        .code
        .as_deref()
        .is_some_and(|code| code.to_ascii_uppercase().starts_with("QUOTA"))
}
