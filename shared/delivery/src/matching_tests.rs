use super::*;
use crate::dsn::parse_delivery_status;
use crate::mdn::parse_disposition_notification;

fn key(envid: Option<&str>, message_id: Option<&str>, recipients: &[&str]) -> SentMessageKey {
    SentMessageKey {
        envid: envid.map(str::to_owned),
        message_id: message_id.map(str::to_owned),
        recipients: recipients.iter().map(|r| r.to_string()).collect(),
    }
}

const RETURNED: &[u8] = b"Return-Path: <demo@example.test>\r\n\
Received: from facteur.test (unknown [127.0.0.1])\r\n\
\tby mail.example.test (Postfix) with ESMTP id F329EA043EB\r\n\
From: Demo <demo@example.test>\r\n\
Message-ID:\r\n <fdv-failed-1@Facteur.Example.Test>\r\n\
Subject: x\r\n\r\nbody Message-ID: <not-this@x>\r\n";

#[test]
fn match_report_table() {
    let ours = key(
        Some("facteur-01"),
        Some("<fdv-failed-1@facteur.example.test>"),
        &["a@x"],
    );
    let no_envid = key(None, Some("fdv-failed-1@facteur.example.test"), &["a@x"]);
    let nothing_kept = key(None, None, &[]);
    let refs = |envid, original, returned| ReportRefs {
        envid,
        original_message_id: original,
        returned_headers: returned,
    };
    let cases: Vec<(&str, &SentMessageKey, ReportRefs, Option<MatchedBy>)> = vec![
        (
            "same envid",
            &ours,
            refs(Some("facteur-01"), None, None),
            Some(MatchedBy::EnvelopeId),
        ),
        (
            "envid with comment",
            &ours,
            refs(Some("facteur-01 (x)"), None, None),
            Some(MatchedBy::EnvelopeId),
        ),
        (
            "other envid wins over the returned message id",
            &ours,
            refs(Some("facteur-02"), None, Some(RETURNED)),
            None,
        ),
        (
            "no envid in report: returned headers",
            &ours,
            refs(None, None, Some(RETURNED)),
            Some(MatchedBy::ReturnedMessageId),
        ),
        (
            "no envid sent: returned headers",
            &no_envid,
            refs(Some("whatever"), None, Some(RETURNED)),
            Some(MatchedBy::ReturnedMessageId),
        ),
        (
            "mdn original message id",
            &no_envid,
            refs(None, Some("<fdv-failed-1@FACTEUR.example.test>"), None),
            Some(MatchedBy::OriginalMessageId),
        ),
        (
            "mdn about another message",
            &no_envid,
            refs(None, Some("<other@facteur.example.test>"), None),
            None,
        ),
        (
            "local part is case-sensitive",
            &no_envid,
            refs(None, Some("<FDV-failed-1@facteur.example.test>"), None),
            None,
        ),
        (
            "nothing to compare",
            &no_envid,
            refs(None, None, None),
            None,
        ),
        (
            "no message id kept",
            &nothing_kept,
            refs(None, Some("<a@b>"), Some(RETURNED)),
            None,
        ),
    ];
    for (label, key, refs, expected) in cases {
        assert_eq!(match_report(key, &refs), expected, "{label}");
    }
}

#[test]
fn envid_forms_table() {
    let cases: &[(&str, &str, bool)] = &[
        ("fdv-1", "fdv-1", true),
        ("fdv-two-failed+2B1", "fdv-two-failed+1", true), // Postfix decodes
        ("fdv-two-failed+2B1", "fdv-two-failed+2b1", true), // lower-case hex
        ("fdv-two-failed+2B1", "fdv-two-failed+2B1", true),
        ("fdv-1", "fdv-2", false),
        ("fdv-1", "FDV-1", false),
        ("a+1", "a+1", true), // not xtext, but identical
    ];
    for (ours, theirs, expected) in cases {
        assert_eq!(same_envid(ours, theirs), *expected, "{ours} vs {theirs}");
    }
}

#[test]
fn normalize_address_table() {
    let cases: &[(&str, &str)] = &[
        ("rfc822; nobody@Example.TEST", "nobody@example.test"),
        ("RFC822;<Nobody@EXAMPLE.test>", "Nobody@example.test"),
        ("  <a@b.c>  ", "a@b.c"),
        ("a@b.c (Alice)", "a@b.c"),
        ("x400; /C=fr/", "x400; /C=fr/"),
        ("nair_s", "nair_s"),
        ("\"odd@local\"@Example.Test", "\"odd@local\"@example.test"),
    ];
    for (input, expected) in cases {
        assert_eq!(normalize_address(input), *expected, "{input}");
    }
}

#[test]
fn normalize_message_id_table() {
    let cases: &[(&str, Option<&str>)] = &[
        ("<abc@Example.Test>", Some("abc@example.test")),
        ("abc@example.test", Some("abc@example.test")),
        (" <abc@example.test> (comment)", Some("abc@example.test")),
        ("<abc@\r\n example.test>", Some("abc@example.test")),
        ("<ABC@x>", Some("ABC@x")),
        ("", None),
        ("<>", None),
    ];
    for (input, expected) in cases {
        assert_eq!(
            normalize_message_id(input).as_deref(),
            *expected,
            "{input:?}"
        );
    }
}

#[test]
fn message_id_from_headers_table() {
    let cases: &[(&[u8], Option<&str>)] = &[
        (RETURNED, Some("<fdv-failed-1@Facteur.Example.Test>")),
        (b"message-id: <a@b>\n", Some("<a@b>")),
        (b"MESSAGE-ID : <a@b>", Some("<a@b>")),
        (b"Message-ID: <a@b>\nMessage-ID: <c@d>\n", Some("<a@b>")),
        (b"Subject: x\n\nMessage-ID: <in-body@x>\n", None),
        (b"Message-IDs: <a@b>\n", None),
        (b"Message-ID:\n", None),
        (b"", None),
        (b"\xff\xfe Message-ID: <a@b>", None),
        (b"X: \xff\nMessage-ID: <a\xff@b>", Some("<a\u{fffd}@b>")),
    ];
    for (headers, expected) in cases {
        let got = message_id_from_headers(headers);
        assert_eq!(
            got.as_deref(),
            *expected,
            "{:?}",
            String::from_utf8_lossy(headers)
        );
    }
}

#[test]
fn recipient_of_dsn_table() {
    let sent = key(
        None,
        None,
        &["Alice@Example.test", "nobody+tag@example.test", "c@x"],
    );
    let cases: &[(&str, Option<usize>)] = &[
        ("Final-Recipient: rfc822; alice@example.test", Some(0)),
        ("Final-Recipient: rfc822; Alice@EXAMPLE.TEST", Some(0)),
        (
            "Original-Recipient: rfc822;nobody+2Btag@example.test\nFinal-Recipient: rfc822; n@x",
            Some(1),
        ),
        (
            "Original-Recipient: rfc822;nobody+tag@example.test",
            Some(1),
        ),
        (
            "Original-Recipient: rfc822;old@x\nFinal-Recipient: rfc822;<c@X>",
            Some(2),
        ),
        ("Final-Recipient: rfc822; stranger@x", None),
    ];
    for (fields, expected) in cases {
        let body = format!("Reporting-MTA: dns; x\n\n{fields}\nAction: failed\n");
        let report = parse_delivery_status(body.as_bytes()).unwrap();
        assert_eq!(
            recipient_of_dsn(&sent, &report.recipients[0]),
            *expected,
            "{fields}"
        );
    }
}

#[test]
fn a_single_recipient_takes_an_unrecognised_receipt() {
    let mdn = parse_disposition_notification(
        b"Final-Recipient: rfc822;alias@elsewhere.test\nDisposition: a/b; displayed\n",
    )
    .unwrap();
    assert_eq!(recipient_of_mdn(&key(None, None, &["me@x"]), &mdn), Some(0));
    assert_eq!(
        recipient_of_mdn(&key(None, None, &["me@x", "you@x"]), &mdn),
        None
    );
    let refs = ReportRefs::of_mdn(&mdn, None);
    assert_eq!(refs.original_message_id, None);
}
