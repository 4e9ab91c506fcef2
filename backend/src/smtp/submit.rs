//! Message submission (RFC 6409) over the SMTP session: AUTH, the envelope with its
//! DSN parameters, DATA streamed and dot-stuffed, QUIT. Every recipient is tried before
//! anything is sent, so a refusal names them all.
//!
//! Over 450 lines: the transaction and its scripted-server tests, which live beside it.

use super::data::DataEncoder;
use super::envelope::Envelope;
use super::error::{Command, RecipientRefusal, SmtpError};
use super::extensions::Extensions;
use super::session::{SmtpSession, expect};
use crate::imap::Connector;
use crate::session::Account;
use facteur_model::EmailAddress;
use facteur_model::api::ServerEndpoint;
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt};

pub use super::session::Credentials;

/// How much of the message is read, encoded and written at a time.
const CHUNK: usize = 64 * 1024;

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

    async fn open(&self) -> Result<SmtpSession, SmtpError> {
        SmtpSession::open(self.connector, self.endpoint, self.command_timeout).await
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
) -> Result<Submitted, SmtpError> {
    let mut session = target.open().await?;
    let result = transaction(&mut session, credentials, envelope, message).await;
    if !matches!(&result, Err(error) if error.breaks_session()) {
        session.quit().await;
    }
    result
}

/// Connects and says EHLO (after TLS) to learn what the server offers, then QUIT.
pub async fn server_extensions(target: &Target<'_>) -> Result<Extensions, SmtpError> {
    let mut session = target.open().await?;
    let extensions = session.extensions.clone();
    session.quit().await;
    Ok(extensions)
}

async fn transaction<R: AsyncRead + Unpin>(
    session: &mut SmtpSession,
    credentials: &Credentials<'_>,
    envelope: &Envelope,
    message: R,
) -> Result<Submitted, SmtpError> {
    session.authenticate(*credentials).await?;
    if let Some(limit) = session.extensions.size_limit()
        && envelope.size > limit
    {
        return Err(SmtpError::TooLarge {
            size: envelope.size,
            limit,
        });
    }
    let mail = session
        .command(&envelope.mail_from(&session.extensions)?)
        .await?;
    if !mail.is_positive() {
        return Err(SmtpError::Refused {
            command: Command::MailFrom,
            reply: mail,
        });
    }
    recipients(session, envelope).await?;
    let go_ahead = session.command("DATA").await?;
    expect(go_ahead, 354, Command::Data)?;
    send_data(session, message).await?;
    // The server may scan the message before answering: allow it more time. Past the
    // final dot it may have taken the message, so a lost answer is not a plain failure.
    let accepted =
        session
            .read_within(session.timeout() * 2)
            .await
            .map_err(|error| match error {
                SmtpError::Closed | SmtpError::Io(_) | SmtpError::Timeout { .. } => {
                    SmtpError::OutcomeUnknown(Box::new(error))
                }
                other => other,
            })?;
    if !accepted.is_positive() {
        return Err(SmtpError::Refused {
            command: Command::EndOfData,
            reply: accepted,
        });
    }
    Ok(Submitted {
        dsn_used: envelope.dsn_used(&session.extensions).is_some(),
        extensions: session.extensions.clone(),
        accepted: envelope.recipients.clone(),
    })
}

async fn recipients(session: &mut SmtpSession, envelope: &Envelope) -> Result<(), SmtpError> {
    if envelope.recipients.is_empty() {
        return Err(SmtpError::NoRecipient);
    }
    let mut refused = Vec::new();
    let mut deferred = Vec::new();
    for recipient in &envelope.recipients {
        let reply = session
            .command(&envelope.rcpt_to(recipient, &session.extensions)?)
            .await?;
        if reply.is_positive() {
            continue;
        }
        let refusal = RecipientRefusal {
            recipient: recipient.clone(),
            reply,
        };
        if refusal.reply.is_transient() {
            deferred.push(refusal);
        } else {
            refused.push(refusal);
        }
    }
    if refused.is_empty() && deferred.is_empty() {
        return Ok(());
    }
    // Some recipients were accepted: forget them, nothing is sent.
    let _ = session.command("RSET").await;
    Err(SmtpError::Recipients { refused, deferred })
}

async fn send_data<R: AsyncRead + Unpin>(
    session: &mut SmtpSession,
    mut message: R,
) -> Result<(), SmtpError> {
    let mut encoder = DataEncoder::new();
    let mut input = vec![0u8; CHUNK];
    let mut output = Vec::with_capacity(CHUNK + CHUNK / 32);
    loop {
        let read = message.read(&mut input).await.map_err(SmtpError::Message)?;
        output.clear();
        if read == 0 {
            encoder.finish(&mut output);
            session.write(&output).await?;
            return session.flush().await;
        }
        encoder.encode(&input[..read], &mut output);
        session.write(&output).await?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::smtp::envelope::ReversePath;
    use crate::transport::MailStream;
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
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
    ) -> (Result<Submitted, SmtpError>, Vec<String>) {
        let (tcp, server) = scripted(ehlo, steps).await;
        let stream = BufReader::new(MailStream::Plain(tcp));
        let mut session = SmtpSession::new(stream, Duration::from_secs(30), "test");
        session.greeting().await.unwrap();
        session.ehlo().await.unwrap();
        let result = transaction(&mut session, &CREDENTIALS, envelope, message).await;
        if result.is_ok() {
            session.quit().await;
        }
        drop(session);
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
        let Err(SmtpError::Recipients { refused, deferred }) = result else {
            panic!("{result:?}");
        };
        assert_eq!(refused[0].recipient.as_str(), "b@elsewhere.example");
        assert_eq!(deferred[0].reply.code, 450);
        let Error::RecipientRefused(text) =
            Error::from(SmtpError::Recipients { refused, deferred })
        else {
            panic!("not a recipient refusal");
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
        assert!(matches!(
            result,
            Err(SmtpError::Refused { command: Command::Auth, reply }) if reply.code == 535
        ));

        // Larger than the announced SIZE: refused before MAIL FROM.
        let (result, heard) = conversation(
            "250-test\r\n250 SIZE 5\r\n",
            vec![],
            &envelope(&["a@example.test"], 10),
            b"0123456789",
        )
        .await;
        assert!(
            matches!(result, Err(SmtpError::TooLarge { size: 10, limit: 5 })),
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
            matches!(&result, Err(SmtpError::OutcomeUnknown(_))),
            "{result:?}"
        );
        assert!(matches!(
            Error::from(result.unwrap_err()),
            Error::SendOutcomeUnknown(_)
        ));

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
        assert!(matches!(result, Err(SmtpError::Closed)), "{result:?}");
        assert!(!heard.iter().any(|l| l == "."), "{heard:?}");
    }
}
