//! What can go wrong in an SMTP session, typed: sending, the sign-in check and the
//! connection test read the same refusals and turn them into what they report (the
//! bridge's [`Error`] for the first two, a [`Diagnosis`](facteur_providers::setup_api::Diagnosis)
//! for the connection test, in `setup/diagnosis.rs`).

use super::reply::Reply;
use crate::error::Error;
use crate::transport::dial::io_error;
use crate::transport::tls::handshake_error;
use facteur_model::EmailAddress;
use facteur_providers::Protocol;
use facteur_providers::setup_api::HeardProtocol;

/// The step of the session a server's reply answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Greeting,
    Ehlo,
    StartTls,
    Auth,
    MailFrom,
    Data,
    /// The final dot: the server's verdict on the message itself.
    EndOfData,
}

/// A recipient the server did not take, with its reply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecipientRefusal {
    pub recipient: EmailAddress,
    pub reply: Reply,
}

/// Everything an SMTP session can fail with.
#[derive(Debug, thiserror::Error)]
pub enum SmtpError {
    /// Reaching the server failed before any SMTP was spoken (outbound policy, name,
    /// TCP, implicit TLS): the transport's own error.
    #[error(transparent)]
    Reach(Error),
    /// A reply or a write took longer than the session's timeout.
    #[error("the SMTP server {host} took too long")]
    Timeout { host: String },
    /// Reading or writing failed.
    #[error("the connection to the SMTP server failed: {0}")]
    Io(#[source] std::io::Error),
    /// The server closed the connection (at a line's start).
    #[error("the SMTP server closed the connection")]
    Closed,
    /// A reply that is not SMTP (no code, a line cut off at the end of the stream).
    #[error("the SMTP server's reply is not SMTP")]
    Malformed,
    /// A reply line or a reply longer than the bridge reads.
    #[error("the SMTP server's reply passes {limit} bytes")]
    ReplyTooLarge { limit: u64 },
    /// The port's first line is another protocol's (an IMAP greeting, HTTP).
    #[error("the SMTP port answers as {heard:?}")]
    WrongProtocol { heard: HeardProtocol },
    /// STARTTLS was asked for and the server does not offer it.
    #[error("the server does not offer STARTTLS")]
    NoStartTls,
    /// The server offers AUTH, but neither PLAIN nor LOGIN.
    #[error("the server offers no sign-in method Facteur supports (PLAIN or LOGIN)")]
    NoSupportedAuth,
    /// Bytes arrived after the go-ahead to STARTTLS: they would pass as if they came
    /// through TLS (the STARTTLS injection attack).
    #[error("the server sent data before the TLS handshake")]
    DataBeforeTls,
    /// The TLS handshake after STARTTLS failed.
    #[error("the TLS handshake failed: {0}")]
    Handshake(#[source] std::io::Error),
    /// The server answered `command` with a refusal.
    #[error("the server refused {command:?}: {}", reply.text())]
    Refused { command: Command, reply: Reply },
    /// The message is larger than the server's announced SIZE.
    #[error("the message is {size} bytes; the server accepts at most {limit}")]
    TooLarge { size: u64, limit: u64 },
    /// An address the envelope cannot carry (only ASCII addresses are supported).
    #[error("the address {0:?} cannot be used for sending")]
    UnusableAddress(EmailAddress),
    /// The envelope has no recipient.
    #[error("the message has no recipient")]
    NoRecipient,
    /// Some recipients were refused (5xx) or put off (4xx): nothing was sent.
    #[error("recipients not accepted: {refused:?}, {deferred:?}")]
    Recipients {
        refused: Vec<RecipientRefusal>,
        deferred: Vec<RecipientRefusal>,
    },
    /// The message to send could not be read from its file.
    #[error("reading the message to send: {0}")]
    Message(#[source] std::io::Error),
    /// The whole message went, and the server's answer was lost: it may have it.
    #[error("the server may have accepted the message: {0}")]
    OutcomeUnknown(Box<SmtpError>),
}

impl SmtpError {
    /// Whether the session can no longer be used (no QUIT is worth sending).
    pub fn breaks_session(&self) -> bool {
        matches!(
            self,
            SmtpError::Timeout { .. }
                | SmtpError::Io(_)
                | SmtpError::Closed
                | SmtpError::Malformed
                | SmtpError::ReplyTooLarge { .. }
                | SmtpError::WrongProtocol { .. }
                | SmtpError::OutcomeUnknown(_)
        )
    }
}

/// Auth refusals that mean "wrong user name or password" (RFC 4954 §6).
const CREDENTIAL_REFUSALS: [u16; 4] = [530, 534, 535, 538];

impl From<SmtpError> for Error {
    fn from(error: SmtpError) -> Error {
        match error {
            SmtpError::Reach(error) => error,
            SmtpError::Timeout { host } => Error::Timeout(host),
            SmtpError::Io(error) => io_error(&error),
            SmtpError::Closed => Error::ConnectionLost(String::new()),
            SmtpError::Malformed | SmtpError::DataBeforeTls => Error::Protocol(String::new()),
            SmtpError::ReplyTooLarge { limit } => Error::ServerResponseTooLarge { limit },
            SmtpError::WrongProtocol { heard } => Error::WrongProtocol {
                expected: Protocol::Smtp,
                heard,
            },
            SmtpError::NoStartTls => Error::TlsFailure(String::new()),
            SmtpError::Handshake(error) => handshake_error(&error),
            SmtpError::NoSupportedAuth => Error::SendFailed(String::new()),
            SmtpError::Refused { command, reply } => refusal(command, &reply),
            SmtpError::TooLarge { .. } => Error::MessageTooLarge(String::new()),
            SmtpError::UnusableAddress(address) => Error::InvalidInput(format!(
                "the address {:?} cannot be used for sending (only ASCII addresses are supported)",
                address.as_str()
            )),
            SmtpError::NoRecipient => {
                Error::InvalidInput("the message has no recipient (To, Cc or Bcc)".into())
            }
            SmtpError::Recipients { refused, deferred } => {
                let listed = |all: &[RecipientRefusal]| {
                    all.iter()
                        .map(|r| format!("{}: {}", r.recipient.as_str(), r.reply.text()))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                if refused.is_empty() {
                    Error::SendFailed(listed(&deferred))
                } else {
                    Error::RecipientRefused(listed(&[refused, deferred].concat()))
                }
            }
            SmtpError::Message(error) => Error::internal("reading the message to send", error),
            SmtpError::OutcomeUnknown(cause) => match Error::from(*cause) {
                Error::ConnectionLost(text) | Error::Timeout(text) => {
                    Error::SendOutcomeUnknown(text)
                }
                other => other,
            },
        }
    }
}

/// A refusal as what the user can act on: wrong credentials, a message too large, a
/// refused upgrade to TLS, or the server's refusal in its own words.
fn refusal(command: Command, reply: &Reply) -> Error {
    match command {
        Command::Auth if CREDENTIAL_REFUSALS.contains(&reply.code) => {
            Error::BadCredentials(Some(reply.text()))
        }
        Command::StartTls => Error::TlsFailure(reply.text()),
        Command::MailFrom | Command::Data | Command::EndOfData if too_large(reply) => {
            Error::MessageTooLarge(reply.text())
        }
        _ => Error::SendFailed(reply.text()),
    }
}

/// 552, or the enhanced code 5.3.4 (message too big for the system).
fn too_large(reply: &Reply) -> bool {
    reply.code == 552
        || reply
            .lines
            .first()
            .is_some_and(|line| line.trim_start().starts_with("5.3.4"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(code: u16, text: &str) -> Reply {
        Reply {
            code,
            lines: vec![text.to_owned()],
        }
    }

    fn refused(command: Command, code: u16, text: &str) -> Error {
        Error::from(SmtpError::Refused {
            command,
            reply: reply(code, text),
        })
    }

    #[test]
    fn refusals_map_to_what_the_user_can_do() {
        let wrong = refused(Command::Auth, 535, "5.7.8 Error: authentication failed");
        assert!(
            matches!(&wrong, Error::BadCredentials(Some(t)) if t == "535 5.7.8 Error: authentication failed")
        );
        assert!(matches!(
            refused(Command::Auth, 454, "4.7.0 try later"),
            Error::SendFailed(_)
        ));
        assert!(matches!(
            refused(
                Command::EndOfData,
                552,
                "5.3.4 Message size exceeds fixed limit"
            ),
            Error::MessageTooLarge(_)
        ));
        assert!(matches!(
            refused(Command::MailFrom, 554, "5.3.4 too big for system"),
            Error::MessageTooLarge(_)
        ));
        assert!(matches!(
            refused(Command::EndOfData, 554, "5.7.1 spam"),
            Error::SendFailed(t) if t == "554 5.7.1 spam"
        ));
        assert!(matches!(
            refused(Command::StartTls, 454, "4.7.0 TLS not available"),
            Error::TlsFailure(t) if t == "454 4.7.0 TLS not available"
        ));
    }

    #[test]
    fn a_lost_answer_after_the_message_is_an_unknown_outcome() {
        for cause in [
            SmtpError::Closed,
            SmtpError::Timeout {
                host: "mail.example.test".into(),
            },
        ] {
            let error = Error::from(SmtpError::OutcomeUnknown(Box::new(cause)));
            assert!(matches!(error, Error::SendOutcomeUnknown(_)), "{error:?}");
        }
        // A refusal of the message is a refusal, even past the dot.
        let refused = Error::from(SmtpError::OutcomeUnknown(Box::new(SmtpError::Refused {
            command: Command::EndOfData,
            reply: reply(554, "5.7.1 spam"),
        })));
        assert!(matches!(refused, Error::SendFailed(_)), "{refused:?}");
    }
}
