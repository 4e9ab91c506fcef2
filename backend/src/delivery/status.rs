//! The delivery status of one sent message: what its Sent copy says was requested and
//! whom it went to, and the reports found about it folded into one status per
//! recipient. Pure: the reports are found and read by the caller.

use super::report_parts::{Report, ReportBody};
use facteur_delivery::{
    DeliveryView, RecipientDelivery, RecipientStatus, ReportLocation, SentMessageKey, combine,
    match_report, normalize_address, recipient_of_dsn, recipient_of_mdn,
};
use facteur_model::compose::ENVID_HEADER;
use facteur_model::{FolderPath, Timestamp};
use mail_parser::{HeaderName, Message};

/// What the Sent copy of a message tells about recognising its reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentCopy {
    /// The ENVID (from the bridge's own header), Message-ID and recipients.
    pub key: SentMessageKey,
    /// Whether delivery notifications were requested (the copy carries an ENVID).
    pub dsn_requested: bool,
    /// Whether a read receipt was requested (Disposition-Notification-To).
    pub read_receipt_requested: bool,
    /// When it was sent (its Date), to search for reports from then on.
    pub sent_at: Option<Timestamp>,
}

/// Reads the Sent copy's headers. Recipients are To, then Cc, then Bcc, each address
/// once (compared as [`normalize_address`] does, ignoring case).
pub fn sent_copy(message: &Message<'_>) -> SentCopy {
    let envid = message
        .header_raw(ENVID_HEADER)
        .map(str::trim)
        .filter(|value| !value.is_empty())
        .map(str::to_owned);
    let mut recipients: Vec<String> = Vec::new();
    let lists = [message.to(), message.cc(), message.bcc()];
    for address in lists.into_iter().flatten().flat_map(|list| list.iter()) {
        let Some(email) = address.address().map(str::trim).filter(|e| !e.is_empty()) else {
            continue;
        };
        let normalized = normalize_address(email);
        let seen = recipients
            .iter()
            .any(|r| normalize_address(r).eq_ignore_ascii_case(&normalized));
        if !seen {
            recipients.push(email.to_owned());
        }
    }
    let read_receipt_requested = message
        .header_raw(HeaderName::DispositionNotificationTo)
        .is_some_and(|value| !value.trim().is_empty());
    SentCopy {
        dsn_requested: envid.is_some(),
        key: SentMessageKey {
            envid,
            message_id: message.message_id().map(str::to_owned),
            recipients,
        },
        read_receipt_requested,
        sent_at: message
            .date()
            .filter(|date| date.is_valid())
            .map(|date| Timestamp(date.to_timestamp())),
    }
}

/// A report found in a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundReport {
    pub location: ReportLocation,
    /// When the server received it (INTERNALDATE): the order reports arrived in.
    pub received: Timestamp,
    pub report: Report,
}

/// The per-recipient view of a sent message from the reports found in `searched`.
/// Reports about other messages are ignored; those about this one are folded oldest
/// first. A recipient nothing was heard of is `Waiting` when a notification was
/// requested, and left out otherwise (a bounce may still come unasked: then only the
/// recipients it names are listed).
pub fn delivery_view(
    sent: &SentCopy,
    mut reports: Vec<FoundReport>,
    searched: Vec<FolderPath>,
) -> DeliveryView {
    reports.sort_by(|a, b| {
        (a.received, &a.location.folder.0, a.location.uid.0).cmp(&(
            b.received,
            &b.location.folder.0,
            b.location.uid.0,
        ))
    });
    let count = sent.key.recipients.len();
    let mut heard: Vec<Vec<RecipientStatus>> = vec![Vec::new(); count];
    let mut told_by: Vec<Vec<ReportLocation>> = vec![Vec::new(); count];
    for found in &reports {
        if match_report(&sent.key, &found.report.refs()).is_none() {
            continue;
        }
        let mut tell = |index: Option<usize>, status: RecipientStatus| {
            let Some(index) = index.filter(|i| *i < count) else {
                return;
            };
            heard[index].push(status);
            if !told_by[index].contains(&found.location) {
                told_by[index].push(found.location.clone());
            }
        };
        match &found.report.body {
            ReportBody::Delivery(dsn) => {
                for block in &dsn.recipients {
                    tell(
                        recipient_of_dsn(&sent.key, block),
                        RecipientStatus::from_dsn(block),
                    );
                }
            }
            ReportBody::Receipt(mdn) => tell(
                recipient_of_mdn(&sent.key, mdn),
                RecipientStatus::from_mdn(mdn, found.report.date),
            ),
            ReportBody::Unreadable(_) => {}
        }
    }
    let requested = sent.dsn_requested || sent.read_receipt_requested;
    let recipients = sent
        .key
        .recipients
        .iter()
        .zip(heard.into_iter().zip(told_by))
        .filter(|(_, (statuses, _))| requested || !statuses.is_empty())
        .map(|(recipient, (statuses, reports))| RecipientDelivery {
            recipient: recipient.clone(),
            status: combine(statuses),
            reports,
        })
        .collect();
    DeliveryView {
        dsn_requested: sent.dsn_requested,
        read_receipt_requested: sent.read_receipt_requested,
        recipients,
        searched,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::report_parts::read_report;
    use crate::mime::parse::parse_message;
    use facteur_delivery::StatusCode;
    use facteur_model::Uid;

    const FAILED_PLUS: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-plus-address-orcpt.eml"
    );
    const RELAYED_MIXED: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/relayed-mixed-envelope.eml"
    );
    const DELAYED: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/delayed-connection-refused.eml"
    );
    const EXPIRED: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-queue-lifetime-4.4.1.eml"
    );
    const RECEIPT: &[u8] =
        include_bytes!("../../../shared/delivery/tests/resources/rfc/rfc8098-displayed.eml");

    fn copy(raw: &str) -> SentCopy {
        sent_copy(&parse_message(raw.as_bytes()).unwrap())
    }

    fn found(raw: &[u8], uid: u32, received: i64) -> FoundReport {
        FoundReport {
            location: ReportLocation {
                folder: FolderPath::inbox(),
                uid: Uid(uid),
            },
            received: Timestamp(received),
            report: read_report(&parse_message(raw).unwrap()).unwrap(),
        }
    }

    const MIXED_COPY: &str = "From: Demo <demo@example.test>\r\n\
To: Bob <bob@example.test>, nobody+tag@example.test\r\n\
Cc: carol@example.test, BOB@example.test\r\n\
Subject: mixed\r\n\
Date: Thu, 26 Nov 2026 09:27:16 +0000\r\n\
Message-ID: <fdv-mixed-1@facteur.example.test>\r\n\
X-Facteur-Envid: fdv-mixed-1\r\n\r\nhello\r\n";

    #[test]
    fn the_sent_copy_names_its_key_and_requests() {
        let sent = copy(MIXED_COPY);
        assert_eq!(sent.key.envid.as_deref(), Some("fdv-mixed-1"));
        assert_eq!(
            sent.key.message_id.as_deref(),
            Some("fdv-mixed-1@facteur.example.test")
        );
        assert_eq!(
            sent.key.recipients,
            [
                "bob@example.test",
                "nobody+tag@example.test",
                "carol@example.test"
            ]
        );
        assert!(sent.dsn_requested);
        assert!(!sent.read_receipt_requested);
        assert!(sent.sent_at.is_some());
    }

    #[test]
    fn reports_split_per_outcome_fold_per_recipient_and_the_rest_wait() {
        let sent = copy(MIXED_COPY);
        let reports = vec![found(RELAYED_MIXED, 9, 20), found(FAILED_PLUS, 8, 10)];
        let view = delivery_view(&sent, reports, vec![FolderPath::inbox()]);
        assert!(view.dsn_requested);
        assert_eq!(view.searched, [FolderPath::inbox()]);
        let by_name: Vec<(&str, &RecipientStatus, Vec<u32>)> = view
            .recipients
            .iter()
            .map(|r| {
                (
                    r.recipient.as_str(),
                    &r.status,
                    r.reports.iter().map(|l| l.uid.0).collect(),
                )
            })
            .collect();
        assert_eq!(by_name[0].0, "bob@example.test");
        assert_eq!(by_name[0].1, &RecipientStatus::Relayed);
        assert_eq!(by_name[0].2, [9]);
        assert_eq!(by_name[1].0, "nobody+tag@example.test");
        let RecipientStatus::Failed { code, reason } = by_name[1].1 else {
            panic!("{:?}", by_name[1])
        };
        assert_eq!(*code, Some(StatusCode::parse("5.1.1").unwrap()));
        assert!(reason.contains("User doesn't exist"), "{reason}");
        assert_eq!(by_name[1].2, [8]);
        assert_eq!(
            by_name[2],
            ("carol@example.test", &RecipientStatus::Waiting, vec![])
        );
    }

    #[test]
    fn a_failure_after_a_delay_is_final_and_both_reports_are_listed() {
        let sent = copy(
            "To: slow@example.test\r\nMessage-ID: <fdv-delayed-1@facteur.example.test>\r\n\
X-Facteur-Envid: fdv-delayed-1\r\n\r\nx\r\n",
        );
        let view = delivery_view(
            &sent,
            vec![found(EXPIRED, 2, 200), found(DELAYED, 1, 100)],
            vec![],
        );
        let slow = &view.recipients[0];
        assert!(
            matches!(&slow.status, RecipientStatus::Failed { code: Some(c), .. } if c.to_string() == "4.4.1"),
            "{:?}",
            slow.status
        );
        assert_eq!(
            slow.reports.iter().map(|l| l.uid.0).collect::<Vec<_>>(),
            [1, 2]
        );
    }

    #[test]
    fn reports_about_another_envelope_leave_the_message_waiting() {
        let sent = copy(
            "To: bob@example.test, nobody+tag@example.test\r\n\
Message-ID: <fdv-mixed-1@facteur.example.test>\r\nX-Facteur-Envid: resent-2\r\n\r\nx\r\n",
        );
        let view = delivery_view(&sent, vec![found(FAILED_PLUS, 8, 10)], vec![]);
        assert!(
            view.recipients
                .iter()
                .all(|r| r.status == RecipientStatus::Waiting && r.reports.is_empty())
        );
    }

    #[test]
    fn nothing_requested_and_nothing_heard_lists_nobody_but_a_bounce_still_shows() {
        let quiet = "To: bob@example.test, nobody+tag@example.test\r\n\
Message-ID: <fdv-mixed-1@facteur.example.test>\r\n\r\nx\r\n";
        let view = delivery_view(&copy(quiet), vec![], vec![]);
        assert!(!view.dsn_requested && !view.read_receipt_requested);
        assert!(view.recipients.is_empty());
        // Without an ENVID on our side, the returned Message-ID matches the bounce.
        let view = delivery_view(&copy(quiet), vec![found(FAILED_PLUS, 8, 10)], vec![]);
        assert_eq!(view.recipients.len(), 1);
        assert_eq!(view.recipients[0].recipient, "nobody+tag@example.test");
        assert!(matches!(
            view.recipients[0].status,
            RecipientStatus::Failed { .. }
        ));
    }

    #[test]
    fn a_read_receipt_reads_read_at_the_receipt_date() {
        let sent = copy(
            "To: Joe <Joe_Recipient@example.com>, other@example.com\r\n\
Message-ID: <199509192301.23456@example.org>\r\n\
Disposition-Notification-To: Jane <Jane_Sender@example.org>\r\n\r\nx\r\n",
        );
        assert!(sent.read_receipt_requested && !sent.dsn_requested);
        let receipt = found(RECEIPT, 4, 50);
        let date = receipt.report.date;
        assert!(date.is_some());
        let view = delivery_view(&sent, vec![receipt], vec![]);
        assert_eq!(
            view.recipients[0].status,
            RecipientStatus::Read { at: date }
        );
        assert_eq!(view.recipients[1].status, RecipientStatus::Waiting);
    }
}
