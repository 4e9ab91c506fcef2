//! A read receipt as a message, pure: RFC 8098 `multipart/report;
//! report-type=disposition-notification` with a human part (English and French, since
//! we do not know the sender's language) and the machine-readable
//! `message/disposition-notification` part.

use crate::compose::encoding::{header_line, header_text, one_line, quoted_printable};
use facteur_model::EmailAddress;

/// Whether a person or the user's "always" policy sent the receipt (RFC 8098 §3.2.6.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendingMode {
    /// `manual-action/MDN-sent-manually`: the user clicked "send the receipt".
    Manual,
    /// `automatic-action/MDN-sent-automatically`: the user chose "always".
    Automatic,
}

impl SendingMode {
    fn disposition_mode(self) -> &'static str {
        match self {
            SendingMode::Manual => "manual-action/MDN-sent-manually",
            SendingMode::Automatic => "automatic-action/MDN-sent-automatically",
        }
    }
}

/// What the receipt says and where it goes.
#[derive(Debug, Clone)]
pub struct Receipt<'a> {
    /// The account answering (the Final-Recipient and the From).
    pub from: &'a EmailAddress,
    /// Where the sender asked the receipt to go (Disposition-Notification-To).
    pub to: &'a [EmailAddress],
    /// The original message's subject, decoded.
    pub original_subject: &'a str,
    /// The original Message-ID, with angle brackets.
    pub original_message_id: Option<&'a str>,
    /// The Original-Recipient field the receiving server added, if any (`rfc822;addr`).
    pub original_recipient: Option<&'a str>,
    pub mode: SendingMode,
    /// The receipt's own Message-ID, with angle brackets.
    pub message_id: &'a str,
    /// The Date header value (RFC 5322).
    pub date: &'a str,
    /// A MIME boundary that appears nowhere in the parts.
    pub boundary: &'a str,
}

/// The product name in Reporting-UA.
const PRODUCT: &str = concat!("Facteur ", env!("CARGO_PKG_VERSION"));

/// Writes the whole receipt, CRLF line ends, 7-bit clean.
pub fn write_receipt(receipt: &Receipt<'_>) -> Vec<u8> {
    let subject = one_line(receipt.original_subject);
    let recipients: Vec<&str> = receipt.to.iter().map(EmailAddress::as_str).collect();
    let mut out = String::with_capacity(2048);
    out.push_str(&header_line(
        "From",
        &format!("<{}>", receipt.from.as_str()),
    ));
    out.push_str(&header_line(
        "To",
        &recipients
            .iter()
            .map(|a| format!("<{a}>"))
            .collect::<Vec<_>>()
            .join(", "),
    ));
    out.push_str(&header_line(
        "Subject",
        &header_text(&format!("Read / Lu : {subject}")),
    ));
    out.push_str(&header_line("Date", receipt.date));
    out.push_str(&header_line("Message-ID", receipt.message_id));
    if let Some(original) = receipt.original_message_id {
        out.push_str(&header_line("In-Reply-To", &one_line(original)));
        out.push_str(&header_line("References", &one_line(original)));
    }
    if receipt.mode == SendingMode::Automatic {
        // RFC 3834: automatic answers say so, so that no one answers them automatically.
        out.push_str(&header_line("Auto-Submitted", "auto-replied"));
    }
    out.push_str("MIME-Version: 1.0\r\n");
    out.push_str(&format!(
        "Content-Type: multipart/report; report-type=disposition-notification;\r\n\tboundary=\"{}\"\r\n\r\n",
        receipt.boundary
    ));
    out.push_str("This is a read receipt (RFC 8098).\r\n\r\n");

    out.push_str(&format!("--{}\r\n", receipt.boundary));
    out.push_str("Content-Type: text/plain; charset=utf-8\r\n");
    out.push_str("Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    let human = human_text(receipt.from.as_str(), &subject);
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&quoted_printable(&human));

    let mut report = format!("\r\n--{}\r\n", receipt.boundary);
    report.push_str("Content-Type: message/disposition-notification\r\n\r\n");
    report.push_str(&format!("Reporting-UA: facteur.invalid; {PRODUCT}\r\n"));
    if let Some(original) = receipt.original_recipient {
        let original = one_line(original);
        let original = original.trim();
        if original.is_ascii() && !original.is_empty() {
            report.push_str(&format!("Original-Recipient: {original}\r\n"));
        }
    }
    report.push_str(&format!(
        "Final-Recipient: rfc822;{}\r\n",
        receipt.from.as_str()
    ));
    if let Some(original) = receipt.original_message_id {
        report.push_str(&format!("Original-Message-ID: {}\r\n", one_line(original)));
    }
    report.push_str(&format!(
        "Disposition: {}; displayed\r\n",
        receipt.mode.disposition_mode()
    ));
    report.push_str(&format!("\r\n--{}--\r\n", receipt.boundary));
    bytes.extend_from_slice(report.as_bytes());
    bytes
}

/// The sentence a person reads, in English then French.
fn human_text(account: &str, subject: &str) -> String {
    format!(
        "The message you sent to {account} (\"{subject}\") was displayed on the \
         recipient's screen. This does not guarantee that it was read or understood.\n\
         \n\
         Le message que vous avez envoyé à {account} (« {subject} ») a été affiché sur \
         l'écran du destinataire. Cela ne garantit pas qu'il ait été lu ou compris.\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use facteur_delivery::{DispositionType, Mode, parse_disposition_notification};
    use mail_parser::{MessageParser, MimeHeaders};

    #[test]
    fn the_receipt_reads_back_as_displayed() {
        let from = EmailAddress::parse("alice@example.test").unwrap();
        let to = [EmailAddress::parse("demo@example.test").unwrap()];
        let receipt = Receipt {
            from: &from,
            to: &to,
            original_subject: "Réunion\r\nBcc: evil@example.test",
            original_message_id: Some("<orig@example.test>"),
            original_recipient: Some("rfc822;alice@example.test"),
            mode: SendingMode::Manual,
            message_id: "<mdn1@example.test>",
            date: "Thu, 26 Nov 2026 11:00:00 +0000",
            boundary: "facteur-mdn-boundary",
        };
        let bytes = write_receipt(&receipt);
        assert!(bytes.is_ascii(), "7-bit clean");
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("\r\nBcc:"), "no header injection: {text}");
        let message = MessageParser::default().parse(&bytes).unwrap();
        assert_eq!(
            message.subject(),
            Some("Read / Lu : Réunion  Bcc: evil@example.test")
        );
        assert_eq!(message.content_type().unwrap().subtype(), Some("report"));
        assert_eq!(
            message.content_type().unwrap().attribute("report-type"),
            Some("disposition-notification")
        );
        let human = message.body_text(0).unwrap();
        assert!(human.contains("a été affiché"), "{human}");
        assert!(human.contains("was displayed"), "{human}");
        let part = message
            .parts
            .iter()
            .find(|p| {
                p.content_type()
                    .is_some_and(|c| c.subtype() == Some("disposition-notification"))
            })
            .expect("the machine-readable part");
        let mdn = parse_disposition_notification(part.contents()).unwrap();
        assert!(mdn.problems.is_empty(), "{:?}", mdn.problems);
        let disposition = mdn.disposition.unwrap();
        assert_eq!(disposition.kind, DispositionType::Displayed);
        assert_eq!(disposition.action_mode, Mode::Manual);
        assert_eq!(disposition.sending_mode, Mode::Manual);
        assert_eq!(
            mdn.original_message_id.as_deref(),
            Some("<orig@example.test>")
        );
        assert_eq!(mdn.final_recipient.unwrap().value, "alice@example.test");
        assert_eq!(mdn.original_recipient.unwrap().value, "alice@example.test");
        assert_eq!(mdn.reporting_ua.unwrap().product.as_deref(), Some(PRODUCT));
    }

    #[test]
    fn automatic_receipts_say_so() {
        let from = EmailAddress::parse("alice@example.test").unwrap();
        let to = [EmailAddress::parse("demo@example.test").unwrap()];
        let receipt = Receipt {
            from: &from,
            to: &to,
            original_subject: "Hello",
            original_message_id: None,
            original_recipient: None,
            mode: SendingMode::Automatic,
            message_id: "<mdn2@example.test>",
            date: "Thu, 26 Nov 2026 11:00:00 +0000",
            boundary: "b",
        };
        let bytes = write_receipt(&receipt);
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("Auto-Submitted: auto-replied\r\n"));
        assert!(
            text.contains("Disposition: automatic-action/MDN-sent-automatically; displayed\r\n")
        );
        assert!(!text.contains("Original-Recipient"));
    }
}
