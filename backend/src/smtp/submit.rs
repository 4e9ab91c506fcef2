//! Our own small SMTP submission client (RFC 5321, 6409): connect through the outbound
//! policy, TLS (implicit or STARTTLS; plain only to loopback, the policy enforces it),
//! EHLO, AUTH PLAIN or LOGIN, the envelope with its DSN parameters, DATA streamed and
//! dot-stuffed, QUIT. Every refusal is mapped to the error the user can act on.
//!
//! Over 450 lines: the one SMTP session and its scripted-server tests, which live beside
//! it.

use super::data::DataEncoder;
use super::envelope::Envelope;
use super::extensions::{AuthMechanism, Extensions};
use super::reply::{Reply, read_reply};
use crate::error::{Error, Result};
use crate::imap::Connector;
use crate::session::Account;
use crate::transport::dial::{connect_tcp, io_error};
use crate::transport::{MailStream, sasl, tls};
use facteur_model::EmailAddress;
use facteur_model::api::{Security, ServerEndpoint};
use facteur_providers::Protocol;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt, BufReader};

/// The name the bridge gives itself in EHLO; a valid FQDN that names no real host.
const EHLO_NAME: &str = "facteur.invalid";

/// How much of the message is read, encoded and written at a time.
const CHUNK: usize = 64 * 1024;

/// The login the submission server asks for.
pub struct Credentials<'a> {
    pub username: &'a str,
    pub password: &'a str,
}

impl<'a> Credentials<'a> {
    /// The account's own login.
    pub fn of(account: &'a Account) -> Credentials<'a> {
        Credentials {
            username: &account.username,
            password: &account.password,
        }
    }
}

/// Where and how to connect.
pub struct Target<'a> {
    pub connector: &'a Connector,
    pub endpoint: &'a ServerEndpoint,
    /// The longest wait for any one reply or write.
    pub command_timeout: Duration,
}

impl<'a> Target<'a> {
    /// The account's submission server, each reply awaited at most `command_timeout`.
    pub fn of(connector: &'a Connector, account: &'a Account, command_timeout: Duration) -> Self {
        Target {
            connector,
            endpoint: &account.smtp,
            command_timeout,
        }
    }
}

/// A message the server accepted for delivery.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Submitted {
    /// What the server offered in EHLO (after TLS).
    pub extensions: Extensions,
    /// Whether the DSN parameters were given (asked for and offered).
    pub dsn_used: bool,
    /// Every recipient, all accepted (a refusal sends nothing).
    pub accepted: Vec<EmailAddress>,
}

/// Submits one message: `message` is read to its end and sent as DATA.
///
/// Nothing is sent when any recipient is refused: every recipient is tried first so the
/// error names all the refused ones, then the transaction is reset.
pub async fn submit<R: AsyncRead + Unpin>(
    target: &Target<'_>,
    credentials: &Credentials<'_>,
    envelope: &Envelope,
    message: R,
) -> Result<Submitted> {
    let mut client = Client::open(target).await?;
    let result = client.transaction(credentials, envelope, message).await;
    let broken = matches!(
        result,
        Err(Error::ConnectionLost(_)
            | Error::Timeout(_)
            | Error::SendOutcomeUnknown(_)
            | Error::ServerResponseTooLarge { .. })
    );
    if !broken {
        client.quit().await;
    }
    result
}

/// Connects and says EHLO (after TLS) to learn what the server offers, then QUIT.
pub async fn server_extensions(target: &Target<'_>) -> Result<Extensions> {
    let mut client = Client::open(target).await?;
    let extensions = client.extensions.clone();
    client.quit().await;
    Ok(extensions)
}

/// An SMTP conversation after the greeting and EHLO.
struct Client {
    conversation: BufReader<MailStream>,
    extensions: Extensions,
    timeout: Duration,
    host: String,
}

impl Client {
    async fn open(target: &Target<'_>) -> Result<Client> {
        let connector = target.connector;
        let checked = connector.policy.resolve(target.endpoint).await?;
        let tcp = connect_tcp(&checked, connector.connect_timeout).await?;
        let stream = match checked.security {
            Security::Tls => MailStream::Tls(Box::new(
                tls::handshake_expecting(
                    &connector.tls,
                    &checked.host,
                    tcp,
                    Protocol::Smtp,
                    connector.connect_timeout,
                )
                .await?,
            )),
            Security::Plain | Security::StartTls => MailStream::Plain(tcp),
        };
        let mut client = Client::greet(stream, target.command_timeout, &checked.host).await?;
        if checked.security == Security::StartTls {
            client = client.start_tls(connector).await?;
            client.ehlo().await?;
        }
        Ok(client)
    }

    /// Reads the greeting and says EHLO on a connected stream.
    async fn greet(stream: MailStream, timeout: Duration, host: &str) -> Result<Client> {
        let mut client = Client {
            conversation: BufReader::new(stream),
            extensions: Extensions::default(),
            timeout,
            host: host.to_owned(),
        };
        let greeting = client.read().await?;
        if greeting.code != 220 {
            return Err(Error::SendFailed(greeting.text()));
        }
        client.ehlo().await?;
        Ok(client)
    }

    async fn ehlo(&mut self) -> Result<()> {
        let reply = self.command(&format!("EHLO {EHLO_NAME}")).await?;
        if reply.code != 250 {
            return Err(Error::SendFailed(reply.text()));
        }
        self.extensions = Extensions::from_ehlo(&reply);
        Ok(())
    }

    async fn start_tls(self, connector: &Connector) -> Result<Client> {
        let mut client = self;
        if !client.extensions.starttls {
            return Err(Error::TlsFailure(
                "the server does not offer STARTTLS on this port".into(),
            ));
        }
        let reply = client.command("STARTTLS").await?;
        if reply.code != 220 {
            return Err(Error::TlsFailure(format!(
                "the server refused STARTTLS: {}",
                reply.text()
            )));
        }
        // Anything the server sent after its 220 would be read as if it came through
        // TLS (the STARTTLS injection attack): refuse it.
        if !client.conversation.buffer().is_empty() {
            return Err(Error::Protocol(
                "the server sent data before the TLS handshake".into(),
            ));
        }
        let MailStream::Plain(tcp) = client.conversation.into_inner() else {
            return Err(Error::Protocol("STARTTLS on a TLS connection".into()));
        };
        let secured = tls::handshake(&connector.tls, &client.host, tcp).await?;
        Ok(Client {
            conversation: BufReader::new(MailStream::Tls(Box::new(secured))),
            extensions: Extensions::default(),
            timeout: client.timeout,
            host: client.host,
        })
    }

    async fn transaction<R: AsyncRead + Unpin>(
        &mut self,
        credentials: &Credentials<'_>,
        envelope: &Envelope,
        message: R,
    ) -> Result<Submitted> {
        self.authenticate(credentials).await?;
        if let Some(limit) = self.extensions.size_limit()
            && envelope.size > limit
        {
            return Err(Error::MessageTooLarge(format!(
                "the message is {} bytes; the server accepts at most {limit}",
                envelope.size
            )));
        }
        let mail = self.command(&envelope.mail_from(&self.extensions)?).await?;
        if !mail.is_positive() {
            return Err(data_refusal(&mail));
        }
        self.recipients(envelope).await?;
        let go_ahead = self.command("DATA").await?;
        if go_ahead.code != 354 {
            return Err(data_refusal(&go_ahead));
        }
        self.send_data(message).await?;
        // The server may scan the message before answering: allow it more time. Past the
        // final dot it may have taken the message, so a lost answer is not a plain failure.
        let accepted = self
            .read_within(self.timeout * 2)
            .await
            .map_err(outcome_unknown)?;
        if !accepted.is_positive() {
            return Err(data_refusal(&accepted));
        }
        Ok(Submitted {
            dsn_used: envelope.dsn_used(&self.extensions).is_some(),
            extensions: self.extensions.clone(),
            accepted: envelope.recipients.clone(),
        })
    }

    async fn authenticate(&mut self, credentials: &Credentials<'_>) -> Result<()> {
        let Some(mechanism) = self.extensions.auth_mechanism() else {
            if self.extensions.offers_auth() {
                return Err(Error::SendFailed(
                    "the server offers no sign-in method Facteur supports (PLAIN or LOGIN)".into(),
                ));
            }
            // No AUTH at all: a relay that trusts the connection (loopback, or by IP).
            return Ok(());
        };
        let reply = match mechanism {
            AuthMechanism::Plain => {
                let token = sasl::plain_token(credentials.username, credentials.password);
                self.command(&format!("AUTH PLAIN {token}")).await?
            }
            AuthMechanism::Login => {
                let start = self.command("AUTH LOGIN").await?;
                if start.code != 334 {
                    return Err(auth_refusal(&start));
                }
                let user = self
                    .command(&sasl::login_answer(credentials.username))
                    .await?;
                if user.code != 334 {
                    return Err(auth_refusal(&user));
                }
                self.command(&sasl::login_answer(credentials.password))
                    .await?
            }
        };
        if reply.code == 235 {
            Ok(())
        } else {
            Err(auth_refusal(&reply))
        }
    }

    async fn recipients(&mut self, envelope: &Envelope) -> Result<()> {
        if envelope.recipients.is_empty() {
            return Err(Error::InvalidInput(
                "the message has no recipient (To, Cc or Bcc)".into(),
            ));
        }
        let mut refused = Vec::new();
        let mut deferred = Vec::new();
        for recipient in &envelope.recipients {
            let reply = self
                .command(&envelope.rcpt_to(recipient, &self.extensions)?)
                .await?;
            if reply.is_positive() {
                continue;
            }
            let what = format!("{}: {}", recipient.as_str(), reply.text());
            if reply.is_transient() {
                deferred.push(what);
            } else {
                refused.push(what);
            }
        }
        if refused.is_empty() && deferred.is_empty() {
            return Ok(());
        }
        // Some recipients were accepted: forget them, nothing is sent.
        let _ = self.command("RSET").await;
        if refused.is_empty() {
            Err(Error::SendFailed(deferred.join("; ")))
        } else {
            refused.extend(deferred);
            Err(Error::RecipientRefused(refused.join("; ")))
        }
    }

    async fn send_data<R: AsyncRead + Unpin>(&mut self, mut message: R) -> Result<()> {
        let mut encoder = DataEncoder::new();
        let mut input = vec![0u8; CHUNK];
        let mut output = Vec::with_capacity(CHUNK + CHUNK / 32);
        loop {
            let read = message
                .read(&mut input)
                .await
                .map_err(|e| Error::Internal(format!("reading the message to send: {e}")))?;
            output.clear();
            if read == 0 {
                encoder.finish(&mut output);
                self.write(&output).await?;
                return self.flush().await;
            }
            encoder.encode(&input[..read], &mut output);
            self.write(&output).await?;
        }
    }

    /// Sends a command line and reads its reply. Never logs the line: AUTH carries the
    /// password.
    async fn command(&mut self, line: &str) -> Result<Reply> {
        let mut bytes = Vec::with_capacity(line.len() + 2);
        bytes.extend_from_slice(line.as_bytes());
        bytes.extend_from_slice(b"\r\n");
        self.write(&bytes).await?;
        self.flush().await?;
        self.read().await
    }

    async fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let stream = self.conversation.get_mut();
        tokio::time::timeout(self.timeout, stream.write_all(bytes))
            .await
            .map_err(|_| self.timed_out())?
            .map_err(|e| io_error(&e))
    }

    async fn flush(&mut self) -> Result<()> {
        let stream = self.conversation.get_mut();
        tokio::time::timeout(self.timeout, stream.flush())
            .await
            .map_err(|_| self.timed_out())?
            .map_err(|e| io_error(&e))
    }

    async fn read(&mut self) -> Result<Reply> {
        self.read_within(self.timeout).await
    }

    async fn read_within(&mut self, timeout: Duration) -> Result<Reply> {
        tokio::time::timeout(timeout, read_reply(&mut self.conversation))
            .await
            .map_err(|_| self.timed_out())?
    }

    fn timed_out(&self) -> Error {
        Error::Timeout(format!("the SMTP server {} took too long", self.host))
    }

    /// Says goodbye, without caring for the answer: the work is done or failed already.
    async fn quit(&mut self) {
        let short = self.timeout.min(Duration::from_secs(5));
        let _ = tokio::time::timeout(short, async {
            let _ = self.command("QUIT").await;
        })
        .await;
    }
}

/// A refused AUTH: wrong credentials (535, and the other 5xx meaning the same) or a
/// temporary failure the user can retry.
/// A lost answer to the end of DATA: the message may be on its way.
fn outcome_unknown(error: Error) -> Error {
    match error {
        Error::ConnectionLost(text) | Error::Timeout(text) => Error::SendOutcomeUnknown(text),
        other => other,
    }
}

fn auth_refusal(reply: &Reply) -> Error {
    match reply.code {
        535 | 534 | 530 | 538 => Error::BadCredentials(Some(reply.text())),
        _ => Error::SendFailed(reply.text()),
    }
}

/// A refused MAIL FROM, DATA, or end of data.
fn data_refusal(reply: &Reply) -> Error {
    let too_large = reply.code == 552
        || reply
            .lines
            .first()
            .is_some_and(|line| line.trim_start().starts_with("5.3.4"));
    if too_large {
        Error::MessageTooLarge(reply.text())
    } else {
        Error::SendFailed(reply.text())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smtp::envelope::ReversePath;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt};
    use tokio::net::{TcpListener, TcpStream};

    /// One step of a scripted server: the command line it expects to start with (`None`
    /// for the DATA body, read to its end marker) and its reply.
    type Step = (Option<&'static str>, &'static str);

    /// A scripted SMTP server on loopback; returns what the client said, line by line.
    async fn scripted(
        ehlo: &'static str,
        steps: Vec<Step>,
    ) -> (TcpStream, tokio::task::JoinHandle<Vec<String>>) {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = tokio::spawn(async move {
            let (tcp, _) = listener.accept().await.unwrap();
            let (read, mut write) = tcp.into_split();
            let mut lines = BufReader::new(read).lines();
            let mut heard = Vec::new();
            write.write_all(b"220 test ESMTP\r\n").await.unwrap();
            let ehlo_line = lines.next_line().await.unwrap().unwrap();
            heard.push(ehlo_line);
            write.write_all(ehlo.as_bytes()).await.unwrap();
            for (expected, reply) in steps {
                match expected {
                    Some(prefix) => {
                        let Ok(Some(line)) = lines.next_line().await else {
                            break;
                        };
                        assert!(line.starts_with(prefix), "expected {prefix}, heard {line}");
                        heard.push(line);
                    }
                    None => loop {
                        let line = lines.next_line().await.unwrap().unwrap();
                        let end = line == ".";
                        heard.push(line);
                        if end {
                            break;
                        }
                    },
                }
                if reply.is_empty() {
                    // Cut the connection instead of answering.
                    return heard;
                }
                write.write_all(reply.as_bytes()).await.unwrap();
            }
            heard
        });
        (TcpStream::connect(addr).await.unwrap(), server)
    }

    fn envelope(recipients: &[&str], size: u64) -> Envelope {
        Envelope {
            from: ReversePath::Address(EmailAddress::parse("demo@example.test").unwrap()),
            recipients: recipients
                .iter()
                .map(|r| EmailAddress::parse(r).unwrap())
                .collect(),
            dsn: None,
            size,
        }
    }

    const CREDENTIALS: Credentials<'static> = Credentials {
        username: "demo",
        password: "pw",
    };

    async fn conversation(
        ehlo: &'static str,
        steps: Vec<Step>,
        envelope: &Envelope,
        message: &[u8],
    ) -> (Result<Submitted>, Vec<String>) {
        let (tcp, server) = scripted(ehlo, steps).await;
        let mut client = Client::greet(MailStream::Plain(tcp), Duration::from_secs(30), "test")
            .await
            .unwrap();
        let result = client.transaction(&CREDENTIALS, envelope, message).await;
        if result.is_ok() {
            client.quit().await;
        }
        drop(client);
        (result, server.await.unwrap())
    }

    #[tokio::test]
    async fn auth_login_then_a_dot_stuffed_message() {
        let message = b"Subject: x\r\n\r\n.leading dot\nbare LF\r\n";
        let (result, heard) = conversation(
            "250-test\r\n250-AUTH LOGIN\r\n250 SIZE 1000\r\n",
            vec![
                (Some("AUTH LOGIN"), "334 VXNlcm5hbWU6\r\n"),
                (Some("ZGVtbw=="), "334 UGFzc3dvcmQ6\r\n"),
                (Some("cHc="), "235 ok\r\n"),
                (Some("MAIL FROM:<demo@example.test> SIZE=40"), "250 ok\r\n"),
                (Some("RCPT TO:<alice@example.test>"), "250 ok\r\n"),
                (Some("DATA"), "354 go\r\n"),
                (None, "250 queued\r\n"),
                (Some("QUIT"), "221 bye\r\n"),
            ],
            &envelope(&["alice@example.test"], 40),
            message,
        )
        .await;
        let submitted = result.unwrap();
        assert!(!submitted.dsn_used);
        assert_eq!(submitted.extensions.size_limit(), Some(1000));
        let body_start = heard.iter().position(|l| l == "DATA").unwrap() + 1;
        assert_eq!(
            heard[body_start..body_start + 5],
            ["Subject: x", "", "..leading dot", "bare LF", "."]
        );
    }

    #[tokio::test]
    async fn every_recipient_is_tried_and_nothing_sent_when_one_is_refused() {
        let (result, heard) = conversation(
            "250-test\r\n250 AUTH PLAIN\r\n",
            vec![
                (Some("AUTH PLAIN AGRlbW8AcHc="), "235 ok\r\n"),
                (Some("MAIL FROM:<demo@example.test>"), "250 ok\r\n"),
                (Some("RCPT TO:<a@example.test>"), "250 ok\r\n"),
                (
                    Some("RCPT TO:<b@elsewhere.example>"),
                    "550 5.1.1 no such domain\r\n",
                ),
                (Some("RCPT TO:<c@example.test>"), "450 4.2.0 busy\r\n"),
                (Some("RSET"), "250 ok\r\n"),
            ],
            &envelope(
                &["a@example.test", "b@elsewhere.example", "c@example.test"],
                10,
            ),
            b"x",
        )
        .await;
        let Err(Error::RecipientRefused(text)) = result else {
            panic!("{result:?}");
        };
        assert_eq!(
            text,
            "b@elsewhere.example: 550 5.1.1 no such domain; c@example.test: 450 4.2.0 busy"
        );
        assert!(!heard.iter().any(|l| l == "DATA"), "{heard:?}");
    }

    #[tokio::test]
    async fn wrong_password_too_large_and_cut_connections() {
        let (result, _) = conversation(
            "250-test\r\n250 AUTH PLAIN\r\n",
            vec![(Some("AUTH PLAIN"), "535 5.7.8 authentication failed\r\n")],
            &envelope(&["a@example.test"], 10),
            b"x",
        )
        .await;
        assert!(matches!(result, Err(Error::BadCredentials(Some(t))) if t.contains("535")));

        // Larger than the announced SIZE: refused before MAIL FROM.
        let (result, heard) = conversation(
            "250-test\r\n250 SIZE 5\r\n",
            vec![],
            &envelope(&["a@example.test"], 10),
            b"0123456789",
        )
        .await;
        assert!(
            matches!(result, Err(Error::MessageTooLarge(_))),
            "{result:?}"
        );
        assert!(!heard.iter().any(|l| l.starts_with("MAIL")), "{heard:?}");

        let (result, _) = conversation(
            "250 test\r\n",
            vec![
                (Some("MAIL FROM:<demo@example.test>"), "250 ok\r\n"),
                (Some("RCPT TO:<a@example.test>"), "250 ok\r\n"),
                (Some("DATA"), "354 go\r\n"),
                (None, ""),
            ],
            &envelope(&["a@example.test"], 10),
            b"x",
        )
        .await;
        // Cut after the final dot: the server may have the message.
        assert!(
            matches!(result, Err(Error::SendOutcomeUnknown(_))),
            "{result:?}"
        );

        // Cut before the message went: nothing was sent, a retry is safe.
        let (result, heard) = conversation(
            "250 test\r\n",
            vec![
                (Some("MAIL FROM:<demo@example.test>"), "250 ok\r\n"),
                (Some("RCPT TO:<a@example.test>"), "250 ok\r\n"),
                (Some("DATA"), ""),
            ],
            &envelope(&["a@example.test"], 10),
            b"x",
        )
        .await;
        assert!(
            matches!(result, Err(Error::ConnectionLost(_))),
            "{result:?}"
        );
        assert!(!heard.iter().any(|l| l == "."), "{heard:?}");
    }

    fn reply(code: u16, text: &str) -> Reply {
        Reply {
            code,
            lines: vec![text.to_owned()],
        }
    }

    #[test]
    fn refusals_map_to_what_the_user_can_do() {
        let wrong = auth_refusal(&reply(535, "5.7.8 Error: authentication failed"));
        assert!(
            matches!(&wrong, Error::BadCredentials(Some(t)) if t == "535 5.7.8 Error: authentication failed")
        );
        assert!(matches!(
            auth_refusal(&reply(454, "4.7.0 try later")),
            Error::SendFailed(_)
        ));
        assert!(matches!(
            data_refusal(&reply(552, "5.3.4 Message size exceeds fixed limit")),
            Error::MessageTooLarge(_)
        ));
        assert!(matches!(
            data_refusal(&reply(554, "5.3.4 too big for system")),
            Error::MessageTooLarge(_)
        ));
        assert!(matches!(
            data_refusal(&reply(554, "5.7.1 spam")),
            Error::SendFailed(t) if t == "554 5.7.1 spam"
        ));
    }
}
