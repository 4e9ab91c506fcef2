//! Answering a read-receipt request (RFC 8098): send the receipt, or decline, once.
//!
//! The message is marked `$MDNSent` first (also on decline), so no device asks again and
//! two answers racing do not both send; if sending fails, the mark is taken back.

use super::mdn_writer::{Receipt, SendingMode, write_receipt};
use crate::error::{Error, Result};
use crate::imap::fetch::fetch_one;
use crate::imap::flags::change_flags;
use crate::session::account::Account;
use crate::smtp::envelope::{Envelope, ReversePath};
use crate::smtp::submit::{Credentials, Target, submit};
use crate::state::AppState;
use async_imap::types::Flag;
use facteur_model::api::FlagChange;
use facteur_model::compose::ReceiptAnswer;
use facteur_model::{EmailAddress, FolderPath, Uid};
use mail_parser::{MessageParser, MimeHeaders};

/// The keyword that says a message's receipt request was answered (RFC 3503).
pub const MDN_SENT: &str = "$MDNSent";

/// Most addresses a receipt goes to (Disposition-Notification-To may list several).
const MAX_RECEIPT_ADDRESSES: usize = 5;

/// What the bridge needs from the message that asks for a receipt.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceiptRequest {
    /// Where the receipt goes.
    pub notify: Vec<EmailAddress>,
    pub subject: String,
    pub message_id: Option<String>,
    pub original_recipient: Option<String>,
    /// The Return-Path the receiving server recorded (the envelope sender).
    pub return_path: Option<String>,
    /// Whether the message is itself a report (a bounce or a receipt).
    pub is_report: bool,
}

impl ReceiptRequest {
    /// Why a receipt must not be sent without the user's say, if it must not
    /// (RFC 8098 §2.1: the receipt would go elsewhere than where the message came from,
    /// or to several places).
    pub fn needs_confirmation(&self) -> Option<&'static str> {
        if self.notify.len() > 1 {
            return Some("the receipt is asked for several addresses");
        }
        let same = |path: &str| {
            let path = path.trim().trim_start_matches('<').trim_end_matches('>');
            self.notify
                .iter()
                .all(|address| address.as_str().eq_ignore_ascii_case(path))
        };
        match &self.return_path {
            Some(path) if same(path) => None,
            _ => Some("the receipt would go to another address than the sender's"),
        }
    }
}

/// Answers the receipt request of message `uid` in `folder`.
pub async fn answer(
    state: &AppState,
    account: &Account,
    folder: &FolderPath,
    uid: Uid,
    answer: ReceiptAnswer,
) -> Result<()> {
    if uid.0 == 0 {
        return Err(Error::MessageNotFound);
    }
    let (headers, answered) = state
        .mailboxes
        .run(account, folder.clone(), move |session, folder| {
            Box::pin(async move {
                let fetch =
                    fetch_one(session, folder, uid, "(UID FLAGS BODY.PEEK[HEADER])").await?;
                let answered = fetch.flags().any(|flag| is_mdn_sent(&flag));
                let headers = fetch.header().unwrap_or_default().to_vec();
                Ok((headers, answered))
            })
        })
        .await?;
    if answered {
        return Err(Error::InvalidInput(
            "this message's read receipt was already answered".into(),
        ));
    }
    let request = receipt_request(&headers)
        .filter(|request| !request.is_report)
        .ok_or_else(|| {
            Error::InvalidInput("this message does not ask for a read receipt".into())
        })?;
    if answer == ReceiptAnswer::SendAutomatically
        && let Some(reason) = request.needs_confirmation()
    {
        return Err(Error::InvalidInput(format!(
            "a read receipt cannot be sent automatically here: {reason}; ask the user"
        )));
    }
    mark(state, account, folder, uid, true).await?;
    let mode = match answer {
        ReceiptAnswer::Decline => return Ok(()),
        ReceiptAnswer::SendManually => SendingMode::Manual,
        ReceiptAnswer::SendAutomatically => SendingMode::Automatic,
    };
    if let Err(error) = send_receipt(state, account, &request, mode).await {
        // Not sent: let the user try again.
        if let Err(unmark) = mark(state, account, folder, uid, false).await {
            tracing::warn!(error = %unmark, "could not take back $MDNSent after a failed receipt");
        }
        return Err(error);
    }
    Ok(())
}

/// Reads the request from the message's header: `None` when it asks for nothing (or
/// for nothing we could send to).
pub fn receipt_request(headers: &[u8]) -> Option<ReceiptRequest> {
    let message = MessageParser::default().parse_headers(headers)?;
    let raw = message.header_raw("Disposition-Notification-To")?;
    let notify = addresses(raw);
    if notify.is_empty() {
        return None;
    }
    Some(ReceiptRequest {
        notify,
        subject: message.subject().unwrap_or_default().to_owned(),
        message_id: message.message_id().map(|id| format!("<{id}>")),
        original_recipient: message
            .header_raw("Original-Recipient")
            .map(|value| value.trim().to_owned()),
        return_path: message
            .header_raw("Return-Path")
            .map(|value| value.trim().to_owned()),
        // Never answer a report with a receipt (RFC 8098 §2.1, RFC 3464 §2): loops.
        is_report: message
            .content_type()
            .and_then(|c| c.subtype())
            .is_some_and(|subtype| subtype.eq_ignore_ascii_case("report")),
    })
}

/// The addresses of a raw address-list header value, read by mail-parser as a `To:`.
fn addresses(raw: &str) -> Vec<EmailAddress> {
    let field = format!("To: {}\r\n\r\n", raw.trim());
    let Some(message) = MessageParser::default().parse_headers(field.as_bytes()) else {
        return Vec::new();
    };
    let Some(list) = message.to() else {
        return Vec::new();
    };
    list.iter()
        .filter_map(|address| address.address())
        .filter_map(|text| EmailAddress::parse(text).ok())
        .take(MAX_RECEIPT_ADDRESSES)
        .collect()
}

fn is_mdn_sent(flag: &Flag<'_>) -> bool {
    matches!(flag, Flag::Custom(name) if name.eq_ignore_ascii_case(MDN_SENT))
}

async fn mark(
    state: &AppState,
    account: &Account,
    folder: &FolderPath,
    uid: Uid,
    answered: bool,
) -> Result<()> {
    let keywords = vec![MDN_SENT.to_owned()];
    let change = FlagChange {
        uids: vec![uid],
        add: Vec::new(),
        remove: Vec::new(),
        add_keywords: if answered {
            keywords.clone()
        } else {
            Vec::new()
        },
        remove_keywords: if answered { Vec::new() } else { keywords },
    };
    state
        .mailboxes
        .run(
            account,
            (folder.clone(), change),
            |session, (folder, change)| Box::pin(change_flags(session, folder, change)),
        )
        .await
}

async fn send_receipt(
    state: &AppState,
    account: &Account,
    request: &ReceiptRequest,
    mode: SendingMode,
) -> Result<()> {
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|e| Error::internal("randomness", e.to_string()))?;
    let token: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let message_id = format!("<mdn-{token}@{}>", account.email.domain());
    let boundary = format!("facteur-mdn-{token}");
    let date = chrono::Utc::now().to_rfc2822();
    let bytes = write_receipt(&Receipt {
        from: &account.email,
        to: &request.notify,
        original_subject: &request.subject,
        original_message_id: request.message_id.as_deref(),
        original_recipient: request.original_recipient.as_deref(),
        mode,
        message_id: &message_id,
        date: &date,
        boundary: &boundary,
    });
    let envelope = Envelope {
        // RFC 8098 §2.1: reports go out with a null reverse path, so they never bounce
        // back and forth.
        from: ReversePath::Null,
        recipients: request.notify.clone(),
        dsn: None,
        size: bytes.len() as u64,
    };
    let target = Target::of(
        &state.connector,
        account,
        state.config.outbound.command_timeout(),
    );
    let credentials = Credentials::of(account);
    submit(&target, &credentials, &envelope, &bytes[..]).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_request_is_read_from_the_header() {
        let headers = b"From: Demo <demo@example.test>\r\n\
Subject: =?UTF-8?B?UsOpdW5pb24=?=\r\n\
Message-ID: <abc@example.test>\r\n\
Original-Recipient: rfc822;alice@example.test\r\n\
Disposition-Notification-To: \"Demo, D.\" <demo@example.test>, other@example.test\r\n\r\n";
        let request = receipt_request(headers).unwrap();
        assert_eq!(
            request.notify,
            [
                EmailAddress::parse("demo@example.test").unwrap(),
                EmailAddress::parse("other@example.test").unwrap()
            ]
        );
        assert_eq!(request.subject, "Réunion");
        assert_eq!(request.message_id.as_deref(), Some("<abc@example.test>"));
        assert_eq!(
            request.original_recipient.as_deref(),
            Some("rfc822;alice@example.test")
        );
        assert!(!request.is_report);
        // Two addresses, and no Return-Path: the user must be asked.
        assert!(request.needs_confirmation().is_some());
    }

    #[test]
    fn automatic_receipts_only_back_to_the_sender() {
        let headers = b"Return-Path: <Demo@example.test>\r\n\
Disposition-Notification-To: demo@example.test\r\n\r\n";
        let request = receipt_request(headers).unwrap();
        assert_eq!(request.needs_confirmation(), None);
        let elsewhere = b"Return-Path: <bounces@lists.example>\r\n\
Disposition-Notification-To: demo@example.test\r\n\r\n";
        assert!(
            receipt_request(elsewhere)
                .unwrap()
                .needs_confirmation()
                .is_some()
        );
        let report = b"Content-Type: multipart/report; report-type=delivery-status;\r\n\
 boundary=x\r\nDisposition-Notification-To: demo@example.test\r\n\r\n";
        assert!(receipt_request(report).unwrap().is_report);
    }

    #[test]
    fn no_request_no_receipt() {
        assert_eq!(receipt_request(b"Subject: hi\r\n\r\n"), None);
        assert_eq!(
            receipt_request(b"Disposition-Notification-To: not an address\r\n\r\n"),
            None
        );
        assert!(is_mdn_sent(&Flag::Custom("$mdnsent".into())));
        assert!(!is_mdn_sent(&Flag::Seen));
    }
}
