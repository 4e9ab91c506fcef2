//! Writing messages: a [`Draft`] turned into an RFC 5322 message on disk, the header
//! lines of the copies kept in Drafts and Sent, saving and reopening drafts, and address
//! suggestions.
//!
//! `write_message` is shared with sending (H2's `send`): the file it writes is exactly
//! what is submitted over SMTP; the copy appended to a folder is `copy_prefix` + that
//! same file (see `crate::imap::append::append_file`).

pub mod address_book;
pub mod address_cache;
pub mod attachments;
pub mod draft_reader;
pub mod draft_state;
pub mod drafts;
pub mod encoding;
pub mod message_writer;
pub mod services;

use crate::error::{Error, Result};
use crate::session::Account;
use draft_state::{DraftState, format_state};
use encoding::{header_line, one_line};
use facteur_model::EmailAddress;
use facteur_model::compose::{DRAFT_STATE_HEADER, Draft, ENVID_HEADER, SendFailure};
use facteur_model::message::Address;
use message_writer::{Envelope, bcc_line};
use services::Composing;
use std::io::Write as _;

/// A message written to a temporary file (removed when this is dropped).
#[derive(Debug)]
pub struct WrittenMessage {
    /// The file, in the session's private directory; deleted on drop.
    pub path: tempfile::TempPath,
    /// Its size in bytes (what SMTP SIZE and the APPEND literal need).
    pub size: u64,
    /// The Message-ID header's value, with angle brackets: `<...@domain>`.
    pub message_id: String,
    /// To, Cc and Bcc, checked and de-duplicated (case-insensitively), in that order.
    pub recipients: Vec<EmailAddress>,
    /// Whether the message holds 8-bit data (a forwarded message with raw 8-bit text,
    /// which RFC 2046 forbids re-encoding): submit it with `BODY=8BITMIME`. Everything
    /// the writer encodes itself is 7-bit.
    pub eight_bit: bool,
}

/// Which folder a copy of the message is kept in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeptAs {
    /// The Sent copy; `envid` is the ENVID given at MAIL FROM, when DSN was used.
    Sent { envid: Option<String> },
    /// A draft; `failure` is why the last send failed, when it did.
    Draft { failure: Option<SendFailure> },
}

/// Writes the message as submitted (never a Bcc header) to a temp file.
///
/// Checks every address (`invalid_input` naming the field otherwise), resolves the
/// attachments (uploads of this session, parts and messages fetched over IMAP;
/// `upload_not_found`, `message_not_found`, `attachment_not_found`,
/// `attachment_too_large`), and streams uploaded files from disk. Recipients may be
/// empty (a draft); sending checks that itself.
pub async fn write_message(
    services: &Composing,
    account: &Account,
    draft: &Draft,
) -> Result<WrittenMessage> {
    let recipients = checked_recipients(draft)?;
    let from = checked_address("from", &draft.from)?;
    let resolved = attachments::resolve(services, account, &draft.attachments).await?;
    let envelope = Envelope {
        message_id: new_message_id(&from)?,
        date: chrono::Utc::now().to_rfc2822(),
        boundary_token: random_hex(12)?,
        include_bcc: false,
    };
    let eight_bit = resolved.iter().any(|attachment| match &attachment.body {
        message_writer::AttachmentBody::Message(bytes) => !bytes.is_ascii(),
        _ => false,
    });
    let dir = services.uploads.session_dir(account)?;
    let draft = draft.clone();
    let message_id = envelope.message_id.clone();
    let (path, size) = tokio::task::spawn_blocking(move || -> Result<_> {
        let file = tempfile::Builder::new()
            .prefix("message-")
            .suffix(".eml")
            .tempfile_in(&dir)
            .map_err(disk_error)?;
        let mut out = std::io::BufWriter::with_capacity(256 * 1024, file);
        message_writer::write_message(&mut out, &draft, &envelope, &resolved).map_err(
            |e| match e.kind() {
                std::io::ErrorKind::NotFound => Error::UploadNotFound,
                _ => disk_error(e),
            },
        )?;
        out.flush().map_err(disk_error)?;
        let file = out.into_inner().map_err(|e| disk_error(e.into_error()))?;
        let size = file.as_file().metadata().map_err(disk_error)?.len();
        Ok((file.into_temp_path(), size))
    })
    .await
    .map_err(|e| Error::internal("worker failed", e))??;
    Ok(WrittenMessage {
        path,
        size,
        message_id,
        recipients,
        eight_bit,
    })
}

/// Header lines to put before the submitted message for the copy kept in a folder:
/// Bcc (when any), `X-Facteur-Envid` (Sent copy, when an ENVID was used),
/// `X-Facteur-Draft` (drafts: options and the failure reason). Each line CRLF-terminated,
/// folded, encoded.
pub fn copy_prefix(draft: &Draft, kept_as: KeptAs) -> String {
    let mut lines = String::new();
    if !draft.bcc.is_empty() {
        lines.push_str(&bcc_line(&draft.bcc));
    }
    match kept_as {
        KeptAs::Sent { envid } => {
            if let Some(envid) = envid.filter(|e| !e.trim().is_empty()) {
                let envid = one_line(&envid).replace(' ', "");
                lines.push_str(&header_line(ENVID_HEADER, &envid));
            }
        }
        KeptAs::Draft { failure } => {
            let state = DraftState {
                request_dsn: draft.request_dsn,
                dsn_notify: draft.dsn_notify,
                request_read_receipt: draft.request_read_receipt,
                failure,
            };
            lines.push_str(&header_line(DRAFT_STATE_HEADER, &format_state(&state)));
        }
    }
    lines
}

/// To, Cc and Bcc as checked addresses, each once.
pub fn checked_recipients(draft: &Draft) -> Result<Vec<EmailAddress>> {
    let mut seen = std::collections::HashSet::new();
    let mut recipients = Vec::new();
    for (field, list) in [("to", &draft.to), ("cc", &draft.cc), ("bcc", &draft.bcc)] {
        for address in list {
            let email = checked_address(field, address)?;
            if seen.insert(email.as_str().to_lowercase()) {
                recipients.push(email);
            }
        }
    }
    Ok(recipients)
}

fn checked_address(field: &str, address: &Address) -> Result<EmailAddress> {
    let shown = || {
        one_line(&address.email)
            .chars()
            .take(200)
            .collect::<String>()
    };
    let email = EmailAddress::parse(&address.email)
        .map_err(|why| Error::InvalidInput(format!("{field}: «{}»: {why}", shown())))?;
    // Characters that would end the address inside `Name <address>` (a quoted local
    // part may hold them).
    let (local, domain) = email.as_str().rsplit_once('@').unwrap_or(("", ""));
    let quoted = local.len() >= 2 && local.starts_with('"') && local.ends_with('"');
    let breaks = |part: &str| part.contains(['<', '>', ',', ';', '(', ')', '[', ']', '\\', '"']);
    if breaks(domain) || (!quoted && breaks(local)) {
        return Err(Error::InvalidInput(format!(
            "{field}: «{}»: the address contains characters not allowed there",
            shown()
        )));
    }
    Ok(email)
}

fn new_message_id(from: &EmailAddress) -> Result<String> {
    let domain = from.domain();
    let domain = if domain.is_empty() {
        "facteur.invalid".to_owned()
    } else {
        domain
    };
    Ok(format!(
        "<{}.{}@{domain}>",
        random_hex(12)?,
        chrono::Utc::now().timestamp()
    ))
}

fn random_hex(bytes: usize) -> Result<String> {
    let mut buffer = vec![0u8; bytes];
    getrandom::fill(&mut buffer).map_err(|e| Error::internal("randomness", e.to_string()))?;
    Ok(buffer.iter().map(|b| format!("{b:02x}")).collect())
}

fn disk_error(error: std::io::Error) -> Error {
    Error::internal("writing the message", error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_model::compose::DraftBody;

    fn person(email: &str) -> Address {
        Address {
            name: None,
            email: email.to_owned(),
        }
    }

    fn draft() -> Draft {
        Draft {
            from: person("me@example.test"),
            to: vec![person("a@example.test"), person("B@example.test")],
            cc: vec![person("b@example.test")],
            bcc: vec![person("c@example.test")],
            subject: String::new(),
            body: DraftBody {
                text: String::new(),
                html: None,
            },
            attachments: Vec::new(),
            in_reply_to: None,
            references: Vec::new(),
            request_dsn: true,
            dsn_notify: Default::default(),
            request_read_receipt: false,
            last_failure: None,
        }
    }

    #[test]
    fn recipients_are_checked_and_deduplicated() {
        let list = checked_recipients(&draft()).unwrap();
        let texts: Vec<&str> = list.iter().map(EmailAddress::as_str).collect();
        assert_eq!(
            texts,
            ["a@example.test", "B@example.test", "c@example.test"]
        );
        let mut bad = draft();
        bad.cc.push(person("pas une adresse"));
        let error = checked_recipients(&bad).unwrap_err();
        assert!(
            matches!(&error, Error::InvalidInput(text) if text.starts_with("cc: «pas une adresse»"))
        );
        let mut broken = draft();
        broken.to.push(person("a>b@example.test"));
        assert!(checked_recipients(&broken).is_err());
        let mut quoted = draft();
        quoted.to.push(person("\"a,b\"@example.test"));
        assert!(checked_recipients(&quoted).is_ok());
    }

    #[test]
    fn prefixes_say_what_the_copy_needs() {
        let sent = copy_prefix(
            &draft(),
            KeptAs::Sent {
                envid: Some("abc123".into()),
            },
        );
        assert_eq!(sent, "Bcc: c@example.test\r\nX-Facteur-Envid: abc123\r\n");
        let mut no_bcc = draft();
        no_bcc.bcc.clear();
        assert_eq!(copy_prefix(&no_bcc, KeptAs::Sent { envid: None }), "");
        let kept = copy_prefix(
            &no_bcc,
            KeptAs::Draft {
                failure: Some(SendFailure {
                    code: facteur_model::problem::ErrorCode::RecipientRefused,
                    detail: Some("refusé".into()),
                }),
            },
        );
        assert_eq!(
            kept,
            "X-Facteur-Draft: dsn=yes; mdn=no; code=recipient_refused; failure=refus%C3%A9\r\n"
        );
    }

    #[test]
    fn message_ids_are_unique_and_well_formed() {
        let from = EmailAddress::parse("me@Example.test").unwrap();
        let one = new_message_id(&from).unwrap();
        let two = new_message_id(&from).unwrap();
        assert_ne!(one, two);
        assert!(message_writer::is_message_id(&one), "{one}");
        assert!(one.ends_with("@example.test>"));
    }
}
