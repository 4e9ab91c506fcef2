//! The parser, matcher and status fold on real Postfix reports and the RFCs' examples
//! (`tests/resources/`, described in its README).

mod support;

use facteur_delivery::{
    Action, DeliveryStatusReport, DispositionType, KnownStatus, MatchedBy, RecipientStatus,
    ReportRefs, SentMessageKey, StatusCode, combine, match_report, parse_delivery_status,
    parse_disposition_notification, recipient_of_dsn, recipient_of_mdn,
};
use facteur_model::Timestamp;
use support::{fixture, fixtures_in, part};

const DELIVERY_STATUS: &str = "message/delivery-status";
const RETURNED_HEADERS: &str = "text/rfc822-headers";

fn report_of(eml: &str) -> (DeliveryStatusReport, Vec<u8>) {
    let message = fixture(eml);
    let body = part(&message, DELIVERY_STATUS).expect("a delivery-status part");
    let headers = part(&message, RETURNED_HEADERS).expect("returned headers");
    (parse_delivery_status(&body).expect("a report"), headers)
}

fn code(text: &str) -> Option<StatusCode> {
    StatusCode::parse(text).ok()
}

fn sent(envid: &str, message_id: &str, recipients: &[&str]) -> SentMessageKey {
    SentMessageKey {
        envid: Some(envid.to_owned()),
        message_id: Some(message_id.to_owned()),
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
    }
}

/// The saved parts are exactly what the messages hold, and every real and RFC report
/// parses without a single problem.
#[test]
fn every_fixture_parses_cleanly() {
    for eml in fixtures_in("postfix", ".eml") {
        let saved = fixture(&eml.replace(".eml", ".delivery-status"));
        let extracted = part(&fixture(&eml), DELIVERY_STATUS).unwrap();
        assert_eq!(
            extracted, saved,
            "{eml}: saved part differs from the message's"
        );
    }
    let mut bodies = fixtures_in("postfix", ".delivery-status");
    bodies.extend(fixtures_in("rfc", ".delivery-status"));
    assert_eq!(bodies.len(), 10);
    for name in bodies {
        let report = parse_delivery_status(&fixture(&name)).expect(&name);
        assert!(report.problems.is_empty(), "{name}: {:?}", report.problems);
        assert!(!report.recipients.is_empty(), "{name}");
        assert!(report.reporting_mta.is_some(), "{name}");
    }
}

#[test]
fn postfix_unknown_user_fails_with_5_1_1_and_the_servers_words() {
    let (report, headers) = report_of("postfix/failed-unknown-user-5.1.1.eml");
    assert_eq!(report.original_envelope_id.as_deref(), Some("fdv-failed-1"));
    assert_eq!(
        report.arrival_date.as_ref().unwrap().at,
        Some(Timestamp(1_795_685_236))
    );
    let rcpt = &report.recipients[0];
    assert_eq!(rcpt.action, Action::Failed);
    assert_eq!(rcpt.status, code("5.1.1"));
    assert_eq!(rcpt.status.unwrap().known(), Some(KnownStatus::UnknownUser));
    let diagnostic = rcpt.diagnostic_code.as_ref().unwrap();
    assert!(diagnostic.is_kind("smtp"));
    let reason = "550 5.1.1 <nobody@example.test> User doesn't exist: nobody@example.test";
    assert_eq!(diagnostic.value, reason);
    assert_eq!(
        RecipientStatus::from_dsn(rcpt),
        RecipientStatus::Failed {
            code: code("5.1.1"),
            reason: reason.to_owned()
        }
    );

    let key = sent(
        "fdv-failed-1",
        "<fdv-failed-1@facteur.example.test>",
        &["nobody@example.test"],
    );
    let refs = ReportRefs::of_dsn(&report, Some(&headers));
    assert_eq!(match_report(&key, &refs), Some(MatchedBy::EnvelopeId));
    assert_eq!(recipient_of_dsn(&key, rcpt), Some(0));
    // Without an ENVID on our side, the returned headers' Message-ID still finds it.
    let key = SentMessageKey { envid: None, ..key };
    assert_eq!(
        match_report(&key, &refs),
        Some(MatchedBy::ReturnedMessageId)
    );
    // A different send of the same message (new ENVID) is not this report's.
    let other = sent("fdv-failed-2", "<fdv-failed-1@facteur.example.test>", &[]);
    assert_eq!(match_report(&other, &refs), None);
}

#[test]
fn postfix_success_over_lmtp_is_relayed_for_alice() {
    let (report, headers) = report_of("postfix/relayed-lmtp-success.eml");
    let key = sent(
        "fdv-relayed-1",
        "fdv-relayed-1@facteur.example.test",
        &["alice@example.test"],
    );
    assert_eq!(
        match_report(&key, &ReportRefs::of_dsn(&report, Some(&headers))),
        Some(MatchedBy::EnvelopeId)
    );
    let rcpt = &report.recipients[0];
    assert_eq!(rcpt.action, Action::Relayed);
    assert_eq!(rcpt.status.unwrap().known(), Some(KnownStatus::Success));
    assert_eq!(recipient_of_dsn(&key, rcpt), Some(0));
    assert_eq!(RecipientStatus::from_dsn(rcpt), RecipientStatus::Relayed);
}

/// One envelope, three recipients: Postfix sends one report per outcome; the third
/// recipient was refused at RCPT (the bridge learns that from SMTP), so it stays waiting.
#[test]
fn mixed_envelope_gives_one_status_per_recipient() {
    let key = sent(
        "fdv-mixed-1",
        "<fdv-mixed-1@facteur.example.test>",
        &[
            "bob@example.test",
            "nobody+tag@example.test",
            "someone@elsewhere.invalid",
        ],
    );
    let mut per_recipient: Vec<Vec<RecipientStatus>> = vec![Vec::new(); key.recipients.len()];
    for eml in [
        "postfix/failed-plus-address-orcpt.eml",
        "postfix/relayed-mixed-envelope.eml",
    ] {
        let (report, headers) = report_of(eml);
        assert_eq!(
            match_report(&key, &ReportRefs::of_dsn(&report, Some(&headers))),
            Some(MatchedBy::EnvelopeId),
            "{eml}"
        );
        for rcpt in &report.recipients {
            let index = recipient_of_dsn(&key, rcpt).expect(eml);
            per_recipient[index].push(RecipientStatus::from_dsn(rcpt));
        }
    }
    let shown: Vec<RecipientStatus> = per_recipient.into_iter().map(combine).collect();
    assert_eq!(shown[0], RecipientStatus::Relayed);
    assert!(matches!(&shown[1], RecipientStatus::Failed { code: c, .. } if *c == code("5.1.1")));
    assert_eq!(shown[2], RecipientStatus::Waiting);
}

#[test]
fn postfix_decodes_the_xtext_envid_and_both_recipients_are_found() {
    let (report, headers) = report_of("postfix/failed-two-recipients-xtext-envid.eml");
    assert_eq!(
        report.original_envelope_id.as_deref(),
        Some("fdv-two-failed+1")
    );
    let key = sent(
        "fdv-two-failed+2B1",
        "<fdv-two-failed+2B1@facteur.example.test>",
        &["nobody@example.test", "ghost@example.test"],
    );
    assert_eq!(
        match_report(&key, &ReportRefs::of_dsn(&report, Some(&headers))),
        Some(MatchedBy::EnvelopeId)
    );
    let found: Vec<Option<usize>> = report
        .recipients
        .iter()
        .map(|r| recipient_of_dsn(&key, r))
        .collect();
    assert_eq!(found, [Some(1), Some(0)]);
    assert!(report.recipients.iter().all(|r| r.action == Action::Failed));
}

#[test]
fn postfix_delay_then_expiry_folds_into_failed() {
    let (delayed, _) = report_of("postfix/delayed-connection-refused.eml");
    let (expired, _) = report_of("postfix/failed-queue-lifetime-4.4.1.eml");
    let key = sent(
        "fdv-delayed-1",
        "<fdv-delayed-1@facteur.example.test>",
        &["slow@example.test"],
    );
    let first = RecipientStatus::from_dsn(&delayed.recipients[0]);
    let reason = "connect to mail.example.test[/tmp/fdv1/run/nosuch]: No such file or directory";
    assert_eq!(
        first,
        RecipientStatus::Delayed {
            code: code("4.4.1"),
            reason: reason.to_owned(),
            // Thu, 26 Nov 2026 10:27:57 +0000: one hour after arrival.
            will_retry_until: Some(Timestamp(1_795_688_877)),
        }
    );
    assert!(
        delayed.recipients[0]
            .diagnostic_code
            .as_ref()
            .unwrap()
            .is_kind("x-postfix")
    );
    for report in [&delayed, &expired] {
        assert_eq!(
            match_report(&key, &ReportRefs::of_dsn(report, None)),
            Some(MatchedBy::EnvelopeId)
        );
    }
    let last = RecipientStatus::from_dsn(&expired.recipients[0]);
    let failed = RecipientStatus::Failed {
        code: code("4.4.1"),
        reason: reason.to_owned(),
    };
    assert_eq!(combine([first.clone(), last.clone()]), failed);
    assert_eq!(
        combine([last, first]),
        failed,
        "a late delay warning does not undo the failure"
    );
}

#[test]
fn rfc3464_examples_table() {
    type Row<'a> = (&'a str, Option<&'a str>, Action, &'a str, Option<&'a str>);
    let cases: &[(&str, &str, &[Row])] = &[
        (
            "rfc/rfc3464-d2-multi-recipient.delivery-status",
            "cs.utk.edu",
            &[
                (
                    "arathib@vnet.ibm.com",
                    Some("rfc822"),
                    Action::Failed,
                    "5.0.0",
                    Some("550 'arathib@vnet.IBM.COM' is not a registered gateway user"),
                ),
                (
                    "johnh@hpnjld.njd.hp.com",
                    Some("rfc822"),
                    Action::Delayed,
                    "4.0.0",
                    None,
                ),
                (
                    "wsnell@sdcc13.ucsd.edu",
                    Some("rfc822"),
                    Action::Failed,
                    "5.0.0",
                    Some("550 user unknown"),
                ),
            ],
        ),
        (
            "rfc/rfc3464-d3-gateway-unknown-address-type.delivery-status",
            "SYS30",
            &[("nair_s", Some("unknown"), Action::Failed, "5.0.0", None)],
        ),
        (
            "rfc/rfc3464-d4-delayed.delivery-status",
            "sun2.nsfnet-relay.ac.uk",
            &[(
                "thomas@de-montfort.ac.uk",
                Some("rfc822"),
                Action::Delayed,
                "4.0.0",
                None,
            )],
        ),
    ];
    for (name, mta, rows) in cases {
        let report = parse_delivery_status(&fixture(name)).unwrap();
        assert_eq!(report.reporting_mta.as_ref().unwrap().value, *mta, "{name}");
        assert_eq!(report.recipients.len(), rows.len(), "{name}");
        for (rcpt, (address, kind, action, status, diagnostic)) in
            report.recipients.iter().zip(*rows)
        {
            let final_recipient = rcpt.final_recipient.as_ref().unwrap();
            assert_eq!(final_recipient.value, *address, "{name}");
            assert_eq!(final_recipient.kind.as_deref(), *kind, "{name}");
            assert_eq!(rcpt.action, *action, "{name} {address}");
            assert_eq!(rcpt.status, code(status), "{name} {address}");
            assert_eq!(
                rcpt.diagnostic_code.as_ref().map(|d| d.value.as_str()),
                *diagnostic,
                "{name}"
            );
        }
    }
    let d2 =
        parse_delivery_status(&fixture("rfc/rfc3464-d2-multi-recipient.delivery-status")).unwrap();
    assert_eq!(
        d2.recipients[1].status_comment.as_deref(),
        Some("hpnjld.njd.jp.com: host name lookup failure")
    );
    assert!(d2.recipients[0].remote_mta.as_ref().unwrap().is_kind("dns"));
    assert_eq!(
        report_of_simple().recipients[0]
            .last_attempt_date
            .as_ref()
            .unwrap()
            .at,
        Some(Timestamp(773_615_749))
    );
}

fn report_of_simple() -> DeliveryStatusReport {
    let body = part(&fixture("rfc/rfc3464-d1-simple.eml"), DELIVERY_STATUS).unwrap();
    let report = parse_delivery_status(&body).unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    let rcpt = &report.recipients[0];
    assert_eq!((rcpt.action, rcpt.status), (Action::Failed, code("4.0.0")));
    assert_eq!(
        rcpt.diagnostic_code.as_ref().unwrap().value,
        "426 connection timed out"
    );
    report
}

#[test]
fn rfc8098_receipt_reads_and_matches_by_original_message_id() {
    let message = fixture("rfc/rfc8098-displayed.eml");
    let body = part(&message, "message/disposition-notification").unwrap();
    let mdn = parse_disposition_notification(&body).unwrap();
    assert!(mdn.problems.is_empty(), "{:?}", mdn.problems);
    assert_eq!(
        mdn.disposition.as_ref().unwrap().kind,
        DispositionType::Displayed
    );
    let key = SentMessageKey {
        envid: Some("facteur-0123".to_owned()),
        message_id: Some("<199509192301.23456@example.org>".to_owned()),
        recipients: vec![
            "Jane@example.org".to_owned(),
            "joe_recipient@EXAMPLE.com".to_owned(),
        ],
    };
    assert_eq!(
        match_report(&key, &ReportRefs::of_mdn(&mdn, None)),
        Some(MatchedBy::OriginalMessageId)
    );
    assert_eq!(recipient_of_mdn(&key, &mdn), Some(1));
    let read_at = Some(Timestamp(811_570_740));
    let shown = combine([
        RecipientStatus::Relayed,
        RecipientStatus::from_mdn(&mdn, read_at),
    ]);
    assert_eq!(shown, RecipientStatus::Read { at: read_at });
}
