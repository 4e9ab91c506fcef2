//! The parts of a `multipart/report` message (RFC 6522) that say what happened: the
//! machine-readable `message/delivery-status` or `message/disposition-notification`
//! part, and the headers of the message the report is about (`text/rfc822-headers`, or
//! the head of a returned `message/rfc822`). mail-parser finds and decodes the parts;
//! the `delivery` crate parses their bytes.

use facteur_delivery::{
    DeliveryStatusReport, DispositionNotification, ParseError, ReportProblem, ReportRefs,
    parse_delivery_status, parse_disposition_notification,
};
use facteur_model::Timestamp;
use facteur_model::message::ReportKind;
use mail_parser::{ContentType, Message, MessagePart, MimeHeaders, PartType};

/// A report message, read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// What the report says it is (its `report-type`).
    pub kind: ReportKind,
    /// The machine-readable part, parsed.
    pub body: ReportBody,
    /// The headers of the message the report is about, when it returned them.
    pub returned_headers: Option<Vec<u8>>,
    /// The report message's own Date: a read receipt's body carries no date.
    pub date: Option<Timestamp>,
}

/// The machine-readable part of a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReportBody {
    /// A delivery status notification (RFC 3464).
    Delivery(DeliveryStatusReport),
    /// A read receipt (RFC 8098).
    Receipt(DispositionNotification),
    /// The part is missing or could not be read; the report is still listed as one.
    Unreadable(Unreadable),
}

/// Why the machine-readable part of a report could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// The report has no part of the type its `report-type` announces.
    MissingPart,
    /// The part is there but is not a report the parser understands.
    Parse(ParseError),
}

impl From<Unreadable> for ReportProblem {
    fn from(why: Unreadable) -> Self {
        match why {
            Unreadable::MissingPart => ReportProblem::MissingPart,
            Unreadable::Parse(error) => error.into(),
        }
    }
}

impl Report {
    /// What the report names its message by, for [`facteur_delivery::match_report`].
    pub fn refs(&self) -> ReportRefs<'_> {
        let headers = self.returned_headers.as_deref();
        match &self.body {
            ReportBody::Delivery(report) => ReportRefs::of_dsn(report, headers),
            ReportBody::Receipt(mdn) => ReportRefs::of_mdn(mdn, headers),
            ReportBody::Unreadable(_) => ReportRefs {
                envid: None,
                original_message_id: None,
                returned_headers: headers,
            },
        }
    }
}

/// The kind of report a message declares: a top-level `multipart/report` whose
/// `report-type` is `delivery-status` or `disposition-notification`. Other report
/// types (abuse feedback, TLS reports...) are ordinary messages here.
pub fn report_kind(message: &Message<'_>) -> Option<ReportKind> {
    let content_type = message.content_type()?;
    if !is_type(content_type, "multipart", "report") {
        return None;
    }
    let report_type = content_type
        .attributes()?
        .iter()
        .find(|attribute| attribute.name.eq_ignore_ascii_case("report-type"))?;
    match report_type.value.trim().to_ascii_lowercase().as_str() {
        "delivery-status" | "global-delivery-status" => Some(ReportKind::DeliveryStatus),
        "disposition-notification" | "global-disposition-notification" => {
            Some(ReportKind::ReadReceipt)
        }
        _ => None,
    }
}

/// Reads a report message; `None` when the message is not one (see [`report_kind`]).
pub fn read_report(message: &Message<'_>) -> Option<Report> {
    let kind = report_kind(message)?;
    let body = match kind {
        ReportKind::DeliveryStatus => match find_part(message, DELIVERY_STATUS_TYPES) {
            Some(bytes) => parse_delivery_status(bytes)
                .map(ReportBody::Delivery)
                .unwrap_or_else(|e| ReportBody::Unreadable(Unreadable::Parse(e))),
            None => ReportBody::Unreadable(Unreadable::MissingPart),
        },
        ReportKind::ReadReceipt => match find_part(message, DISPOSITION_TYPES) {
            Some(bytes) => parse_disposition_notification(bytes)
                .map(ReportBody::Receipt)
                .unwrap_or_else(|e| ReportBody::Unreadable(Unreadable::Parse(e))),
            None => ReportBody::Unreadable(Unreadable::MissingPart),
        },
    };
    Some(Report {
        kind,
        body,
        returned_headers: returned_headers(message),
        date: message
            .date()
            .filter(|date| date.is_valid())
            .map(|date| Timestamp(date.to_timestamp())),
    })
}

/// `message/delivery-status` and its internationalized form (RFC 6533).
const DELIVERY_STATUS_TYPES: &[(&str, &str)] = &[
    ("message", "delivery-status"),
    ("message", "global-delivery-status"),
];

/// `message/disposition-notification` and its internationalized form (RFC 6533).
const DISPOSITION_TYPES: &[(&str, &str)] = &[
    ("message", "disposition-notification"),
    ("message", "global-disposition-notification"),
];

/// The decoded bytes of the first part of one of `types`.
fn find_part<'m>(message: &'m Message<'_>, types: &[(&str, &str)]) -> Option<&'m [u8]> {
    message
        .parts
        .iter()
        .skip(1) // the report itself
        .find(|part| {
            part.content_type()
                .is_some_and(|ct| types.iter().any(|(t, s)| is_type(ct, t, s)))
        })
        .map(MessagePart::contents)
}

/// The headers of the message the report is about: a `text/rfc822-headers` (or
/// `message/global-headers`) part, else the head of a returned `message/rfc822`.
fn returned_headers(message: &Message<'_>) -> Option<Vec<u8>> {
    let parts = || message.parts.iter().skip(1);
    let headers_part = parts().find(|part| {
        part.content_type().is_some_and(|ct| {
            is_type(ct, "text", "rfc822-headers") || is_type(ct, "message", "global-headers")
        })
    });
    if let Some(part) = headers_part {
        return Some(part.contents().to_vec());
    }
    parts().find_map(|part| match &part.body {
        PartType::Message(returned) => {
            let root = returned.root_part();
            let head = returned
                .raw_message
                .get(root.offset_header as usize..root.offset_body as usize)?;
            (!head.is_empty()).then(|| head.to_vec())
        }
        _ => None,
    })
}

fn is_type(content_type: &ContentType<'_>, c_type: &str, subtype: &str) -> bool {
    content_type.ctype().eq_ignore_ascii_case(c_type)
        && content_type
            .subtype()
            .is_some_and(|s| s.eq_ignore_ascii_case(subtype))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mime::parse::parse_message;
    use facteur_delivery::{Action, message_id_from_headers};

    const FAILED: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-unknown-user-5.1.1.eml"
    );
    const FAILED_PART: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-unknown-user-5.1.1.delivery-status"
    );
    const RELAYED: &[u8] =
        include_bytes!("../../../shared/delivery/tests/resources/postfix/relayed-lmtp-success.eml");
    const RECEIPT: &[u8] =
        include_bytes!("../../../shared/delivery/tests/resources/rfc/rfc8098-displayed.eml");

    #[test]
    fn a_postfix_bounce_gives_its_delivery_status_and_returned_headers() {
        let message = parse_message(FAILED).unwrap();
        assert_eq!(report_kind(&message), Some(ReportKind::DeliveryStatus));
        let report = read_report(&message).unwrap();
        let ReportBody::Delivery(dsn) = &report.body else {
            panic!("{:?}", report.body)
        };
        assert_eq!(dsn, &parse_delivery_status(FAILED_PART).unwrap());
        assert_eq!(dsn.original_envelope_id.as_deref(), Some("fdv-failed-1"));
        assert_eq!(dsn.recipients[0].action, Action::Failed);
        let headers = report.returned_headers.as_deref().unwrap();
        assert_eq!(
            message_id_from_headers(headers).as_deref(),
            Some("<fdv-failed-1@facteur.example.test>")
        );
        assert_eq!(report.refs().envid, Some("fdv-failed-1"));
        assert!(report.date.is_some());
    }

    #[test]
    fn a_relayed_report_is_a_delivery_status_too() {
        let report = read_report(&parse_message(RELAYED).unwrap()).unwrap();
        let ReportBody::Delivery(dsn) = &report.body else {
            panic!("{:?}", report.body)
        };
        assert_eq!(dsn.recipients[0].action, Action::Relayed);
    }

    #[test]
    fn a_read_receipt_gives_its_disposition() {
        let message = parse_message(RECEIPT).unwrap();
        assert_eq!(report_kind(&message), Some(ReportKind::ReadReceipt));
        let report = read_report(&message).unwrap();
        let ReportBody::Receipt(mdn) = &report.body else {
            panic!("{:?}", report.body)
        };
        assert_eq!(
            mdn.original_message_id.as_deref(),
            Some("<199509192301.23456@example.org>")
        );
        assert_eq!(
            report.refs().original_message_id,
            Some("<199509192301.23456@example.org>")
        );
    }

    #[test]
    fn ordinary_messages_and_other_report_types_are_not_reports() {
        let plain = parse_message(b"Subject: hi\r\n\r\nhello\r\n").unwrap();
        assert_eq!(report_kind(&plain), None);
        assert!(read_report(&plain).is_none());
        let feedback = parse_message(
            b"Content-Type: multipart/report; report-type=feedback-report; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nabuse\r\n--b--\r\n",
        )
        .unwrap();
        assert_eq!(report_kind(&feedback), None);
    }

    #[test]
    fn a_report_without_its_part_is_unreadable_but_still_a_report() {
        let raw =
            b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nyour mail bounced\r\n--b--\r\n";
        let report = read_report(&parse_message(raw).unwrap()).unwrap();
        assert_eq!(report.kind, ReportKind::DeliveryStatus);
        assert_eq!(report.body, ReportBody::Unreadable(Unreadable::MissingPart));
        assert_eq!(report.returned_headers, None);
    }

    #[test]
    fn encoded_parts_are_decoded_and_returned_messages_give_only_their_head() {
        // "Reporting-MTA: dns; mx.example.test\r\n\r\nFinal-Recipient: rfc822; x@example.test\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        let raw =
            b"Content-Type: multipart/report; Report-Type=\"delivery-status\"; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nbounced\r\n\
--b\r\nContent-Type: message/delivery-status\r\nContent-Transfer-Encoding: base64\r\n\r\n\
UmVwb3J0aW5nLU1UQTogZG5zOyBteC5leGFtcGxlLnRlc3QNCg0KRmluYWwtUmVjaXBpZW50OiBy\r\n\
ZmM4MjI7IHhAZXhhbXBsZS50ZXN0DQpBY3Rpb246IGZhaWxlZA0KU3RhdHVzOiA1LjEuMQ0K\r\n\
--b\r\nContent-Type: message/rfc822\r\n\r\n\
Message-ID: <sent-1@example.test>\r\nSubject: original\r\n\r\nthe original body\r\n\
--b--\r\n";
        let report = read_report(&parse_message(raw).unwrap()).unwrap();
        let ReportBody::Delivery(dsn) = &report.body else {
            panic!("{:?}", report.body)
        };
        assert_eq!(dsn.recipients.len(), 1);
        assert_eq!(dsn.recipients[0].action, Action::Failed);
        let head = String::from_utf8(report.returned_headers.unwrap()).unwrap();
        assert!(head.contains("Message-ID: <sent-1@example.test>"), "{head}");
        assert!(!head.contains("the original body"), "{head}");
    }
}
