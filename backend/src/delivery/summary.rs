//! A report message summarised for people: what it is about, and what it says for each
//! recipient. Pure; finding the original in Sent is the caller's (see
//! [`super::search::find_original`]).

use super::report_parts::{Report, ReportBody};
use crate::mime::headers::header_facts;
use crate::mime::parse::parse_message;
use facteur_delivery::{
    DeliveryStatusReport, DispositionNotification, RecipientStatus, ReportLocation, ReportProblem,
    ReportSummary, ReportedRecipient, TypedValue, message_id_from_headers, normalize_address,
};
use mail_parser::Message;

/// The summary of `report`, read from `message`; `original` is where its sent message
/// was found, if it was.
pub fn summarize(
    message: &Message<'_>,
    report: &Report,
    original: Option<ReportLocation>,
) -> ReportSummary {
    let facts = header_facts(message);
    let returned = report
        .returned_headers
        .as_deref()
        .and_then(|head| parse_message(head).ok());
    let returned_subject = returned
        .as_ref()
        .map(|head| header_facts(head).subject)
        .filter(|subject| !subject.is_empty());
    let returned_id = report
        .returned_headers
        .as_deref()
        .and_then(message_id_from_headers);
    let mut problems = Vec::new();
    let (recipients, arrival, original_message_id) = match &report.body {
        ReportBody::Delivery(dsn) => {
            problems.extend(dsn.problems.iter().cloned().map(ReportProblem::Field));
            (
                dsn_recipients(dsn),
                dsn.arrival_date.as_ref().and_then(|d| d.at).or(report.date),
                returned_id,
            )
        }
        ReportBody::Receipt(mdn) => {
            problems.extend(mdn.problems.iter().cloned().map(ReportProblem::Field));
            let fallback = facts.from.as_ref().map(|from| from.email.clone());
            (
                vec![mdn_recipient(mdn, report, fallback)],
                report.date,
                mdn.original_message_id.clone().or(returned_id),
            )
        }
        ReportBody::Unreadable(why) => {
            problems.push(why.clone().into());
            (Vec::new(), report.date, returned_id)
        }
    };
    ReportSummary {
        kind: report.kind,
        original_subject: returned_subject,
        original_message_id,
        original,
        arrival,
        recipients,
        from: facts.from,
        problems,
    }
}

fn dsn_recipients(dsn: &DeliveryStatusReport) -> Vec<ReportedRecipient> {
    let reported_by = dsn.reporting_mta.as_ref().map(|mta| mta.value.clone());
    dsn.recipients
        .iter()
        .map(|block| ReportedRecipient {
            recipient: block.address().map(address_of).unwrap_or_default(),
            status: RecipientStatus::from_dsn(block),
            code: block.status,
            diagnostic: block
                .diagnostic_code
                .as_ref()
                .map(|d| d.value.clone())
                .filter(|d| !d.is_empty()),
            reported_by: reported_by.clone(),
        })
        .collect()
}

fn mdn_recipient(
    mdn: &DispositionNotification,
    report: &Report,
    fallback: Option<String>,
) -> ReportedRecipient {
    let recipient = mdn
        .original_recipient
        .as_ref()
        .or(mdn.final_recipient.as_ref())
        .map(address_of)
        .or(fallback)
        .unwrap_or_default();
    let said: Vec<&str> = mdn
        .errors
        .iter()
        .chain(&mdn.failures)
        .chain(&mdn.warnings)
        .map(String::as_str)
        .filter(|text| !text.trim().is_empty())
        .collect();
    ReportedRecipient {
        recipient,
        status: RecipientStatus::from_mdn(mdn, report.date),
        code: None,
        diagnostic: (!said.is_empty()).then(|| said.join("; ")),
        reported_by: mdn.reporting_ua.as_ref().map(|ua| match &ua.product {
            Some(product) => format!("{}; {product}", ua.name),
            None => ua.name.clone(),
        }),
    }
}

/// A recipient as people read it: the address without its `rfc822;` type.
fn address_of(value: &TypedValue) -> String {
    normalize_address(&value.value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::delivery::report_parts::read_report;
    use facteur_delivery::{Problem, ProblemKind};
    use facteur_model::message::ReportKind;
    use facteur_model::{FolderPath, Uid};

    const FAILED: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-unknown-user-5.1.1.eml"
    );
    const TWO_FAILED: &[u8] = include_bytes!(
        "../../../shared/delivery/tests/resources/postfix/failed-two-recipients-xtext-envid.eml"
    );
    const RECEIPT: &[u8] =
        include_bytes!("../../../shared/delivery/tests/resources/rfc/rfc8098-displayed.eml");

    fn summary_of(raw: &[u8], original: Option<ReportLocation>) -> ReportSummary {
        let message = parse_message(raw).unwrap();
        let report = read_report(&message).unwrap();
        summarize(&message, &report, original)
    }

    #[test]
    fn a_bounce_names_the_recipient_the_code_and_the_servers_words() {
        let sent = ReportLocation {
            folder: FolderPath("Sent".into()),
            uid: Uid(3),
        };
        let summary = summary_of(FAILED, Some(sent.clone()));
        assert_eq!(summary.kind, ReportKind::DeliveryStatus);
        assert_eq!(
            summary.original_subject.as_deref(),
            Some("DSN test: unknown user")
        );
        assert_eq!(
            summary.original_message_id.as_deref(),
            Some("<fdv-failed-1@facteur.example.test>")
        );
        assert_eq!(summary.original, Some(sent));
        assert!(summary.arrival.is_some());
        assert_eq!(
            summary.from.as_ref().map(|f| f.email.as_str()),
            Some("MAILER-DAEMON@mail.example.test")
        );
        assert_eq!(summary.recipients.len(), 1);
        let nobody = &summary.recipients[0];
        assert_eq!(nobody.recipient, "nobody@example.test");
        assert_eq!(nobody.code.map(|c| c.to_string()).as_deref(), Some("5.1.1"));
        let diagnostic = nobody.diagnostic.as_deref().unwrap_or_default();
        assert!(diagnostic.contains("User doesn't exist"), "{diagnostic}");
        assert_eq!(nobody.reported_by.as_deref(), Some("mail.example.test"));
        assert!(matches!(nobody.status, RecipientStatus::Failed { .. }));
        assert!(summary.problems.is_empty(), "{:?}", summary.problems);
    }

    #[test]
    fn every_recipient_of_a_report_is_listed() {
        let summary = summary_of(TWO_FAILED, None);
        let names: Vec<&str> = summary
            .recipients
            .iter()
            .map(|r| r.recipient.as_str())
            .collect();
        assert_eq!(names, ["ghost@example.test", "nobody@example.test"]);
        assert_eq!(summary.original, None);
    }

    #[test]
    fn a_read_receipt_names_its_reader_and_program() {
        let summary = summary_of(RECEIPT, None);
        assert_eq!(summary.kind, ReportKind::ReadReceipt);
        assert_eq!(
            summary.original_message_id.as_deref(),
            Some("<199509192301.23456@example.org>")
        );
        let joe = &summary.recipients[0];
        assert_eq!(joe.recipient, "Joe_Recipient@example.com");
        assert!(matches!(joe.status, RecipientStatus::Read { at: Some(_) }));
        assert_eq!(
            joe.reported_by.as_deref(),
            Some("joes-pc.cs.example.com; Foomail 97.1")
        );
        assert_eq!(joe.diagnostic, None);
    }

    #[test]
    fn an_unreadable_report_still_summarises_with_its_problem() {
        let raw = b"From: MAILER-DAEMON@example.test\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nbounced\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\n\
this is not a report\r\n--b--\r\n";
        let summary = summary_of(raw, None);
        assert!(summary.recipients.is_empty());
        assert_eq!(summary.problems, [ReportProblem::NotAReport]);
    }

    #[test]
    fn field_problems_travel_with_their_line_and_kind() {
        let raw = b"From: MAILER-DAEMON@example.test\r\n\
Content-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n\
--b\r\nContent-Type: message/delivery-status\r\n\r\n\
Reporting-MTA: dns; mx.example.test\r\n\r\n\
Final-Recipient: rfc822; x@example.test\r\nAction: failed\r\n\
Status: 5.1.1\r\nStatus: 4.0.0\r\n--b--\r\n";
        let summary = summary_of(raw, None);
        assert_eq!(summary.recipients.len(), 1);
        assert_eq!(
            summary.problems,
            [ReportProblem::Field(Problem {
                line: 6,
                kind: ProblemKind::DuplicateField {
                    name: "Status".into()
                },
            })]
        );
    }

    #[test]
    fn a_report_without_its_part_says_so() {
        let raw = b"Content-Type: multipart/report; report-type=disposition-notification; \
boundary=b\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nread\r\n--b--\r\n";
        let summary = summary_of(raw, None);
        assert_eq!(summary.problems, [ReportProblem::MissingPart]);
    }
}
