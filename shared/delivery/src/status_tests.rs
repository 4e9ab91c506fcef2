use super::*;
use crate::dsn::parse_delivery_status;
use crate::mdn::parse_disposition_notification;

fn failed(code: &str, reason: &str) -> RecipientStatus {
    RecipientStatus::Failed {
        code: StatusCode::parse(code).ok(),
        reason: reason.to_owned(),
    }
}

fn delayed(until: i64) -> RecipientStatus {
    RecipientStatus::Delayed {
        code: StatusCode::parse("4.4.1").ok(),
        reason: String::new(),
        will_retry_until: Some(Timestamp(until)),
    }
}

fn read(at: i64) -> RecipientStatus {
    RecipientStatus::Read {
        at: Some(Timestamp(at)),
    }
}

#[test]
fn combine_table() {
    use RecipientStatus as S;
    let cases: Vec<(&str, Vec<RecipientStatus>, RecipientStatus)> = vec![
        ("nothing yet", vec![], S::Waiting),
        ("delayed", vec![delayed(1)], delayed(1)),
        (
            "delayed then failed",
            vec![delayed(1), failed("5.1.1", "x")],
            failed("5.1.1", "x"),
        ),
        (
            "failed then a late delay",
            vec![failed("5.1.1", "x"), delayed(1)],
            failed("5.1.1", "x"),
        ),
        (
            "delayed then delivered",
            vec![delayed(1), S::Delivered],
            S::Delivered,
        ),
        (
            "delivered then a late delay",
            vec![S::Delivered, delayed(1)],
            S::Delivered,
        ),
        (
            "newer delay replaces older",
            vec![delayed(1), delayed(2)],
            delayed(2),
        ),
        (
            "relayed then delivered",
            vec![S::Relayed, S::Delivered],
            S::Delivered,
        ),
        (
            "delivered then relayed",
            vec![S::Delivered, S::Relayed],
            S::Delivered,
        ),
        (
            "delayed then relayed",
            vec![delayed(1), S::Relayed],
            S::Relayed,
        ),
        (
            "relayed then expanded",
            vec![S::Relayed, S::Expanded],
            S::Expanded,
        ),
        (
            "failed then delivered: later final wins",
            vec![failed("5.1.1", "x"), S::Delivered],
            S::Delivered,
        ),
        (
            "delivered then failed: later final wins",
            vec![S::Delivered, failed("5.2.2", "y")],
            failed("5.2.2", "y"),
        ),
        ("read beats delivered", vec![S::Delivered, read(5)], read(5)),
        (
            "read beats a later delivered",
            vec![read(5), S::Delivered],
            read(5),
        ),
        (
            "read beats failed",
            vec![failed("5.1.1", "x"), read(5)],
            read(5),
        ),
        (
            "read beats relayed then delayed",
            vec![S::Relayed, read(5), delayed(9)],
            read(5),
        ),
        (
            "deleted then read",
            vec![S::Deleted { at: None }, read(5)],
            read(5),
        ),
        (
            "read then deleted stays read",
            vec![read(5), S::Deleted { at: None }],
            read(5),
        ),
        (
            "processed beats delivered",
            vec![S::Delivered, S::Processed { at: None }],
            S::Processed { at: None },
        ),
        (
            "second read updates the time",
            vec![read(5), read(7)],
            read(7),
        ),
    ];
    for (label, statuses, expected) in cases {
        assert_eq!(combine(statuses), expected, "{label}");
    }
}

#[test]
fn from_dsn_table() {
    let cases: &[(&str, RecipientStatus)] = &[
        (
            "Action: failed\nStatus: 5.1.1\nDiagnostic-Code: smtp; 550 5.1.1 unknown\n",
            failed("5.1.1", "550 5.1.1 unknown"),
        ),
        (
            // Postfix, retries exhausted: a transient code in a final failure.
            "Action: failed\nStatus: 4.4.1\nDiagnostic-Code: X-Postfix; connect refused\n",
            failed("4.4.1", "connect refused"),
        ),
        (
            "Action: failed\nStatus: 5.0.0 (permanent failure)\n",
            failed("5.0.0", "permanent failure"),
        ),
        (
            "Action: failed\n",
            RecipientStatus::Failed {
                code: None,
                reason: String::new(),
            },
        ),
        (
            "Action: delayed\nStatus: 4.4.1\nWill-Retry-Until: Thu, 1 Jan 1970 00:00:02 +0000\n",
            delayed(2),
        ),
        (
            "Action: delivered\nStatus: 2.0.0\n",
            RecipientStatus::Delivered,
        ),
        ("Action: relayed\nStatus: 2.0.0\n", RecipientStatus::Relayed),
        (
            "Action: expanded\nStatus: 2.0.0\n",
            RecipientStatus::Expanded,
        ),
    ];
    for (fields, expected) in cases {
        let body = format!("Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\n{fields}");
        let report = parse_delivery_status(body.as_bytes()).unwrap();
        assert_eq!(
            &RecipientStatus::from_dsn(&report.recipients[0]),
            expected,
            "{fields}"
        );
    }
}

#[test]
fn from_mdn_table() {
    let at = Some(Timestamp(42));
    let cases: &[(&str, RecipientStatus)] = &[
        (
            "manual-action/MDN-sent-manually; displayed",
            RecipientStatus::Read { at },
        ),
        (
            "automatic-action/MDN-sent-automatically; deleted",
            RecipientStatus::Deleted { at },
        ),
        (
            "manual-action/MDN-sent-manually; dispatched",
            RecipientStatus::Dispatched { at },
        ),
        (
            "automatic-action/MDN-sent-automatically; processed/error",
            RecipientStatus::Processed { at },
        ),
        (
            "manual-action/MDN-sent-manually; denied",
            RecipientStatus::Delivered,
        ),
        (
            "manual-action/MDN-sent-manually; x-unheard-of",
            RecipientStatus::Delivered,
        ),
        ("unreadable", RecipientStatus::Delivered),
    ];
    for (disposition, expected) in cases {
        let body = format!("Final-Recipient: rfc822;a@x\nDisposition: {disposition}\n");
        let mdn = parse_disposition_notification(body.as_bytes()).unwrap();
        assert_eq!(
            &RecipientStatus::from_mdn(&mdn, at),
            expected,
            "{disposition}"
        );
    }
}

#[test]
fn serializes_with_a_state_tag() {
    let json = serde_json::to_value(failed("5.1.1", "550 unknown")).unwrap();
    assert_eq!(json["state"], "failed");
    assert_eq!(json["code"]["subject"], 1);
    assert_eq!(
        serde_json::to_value(RecipientStatus::Waiting).unwrap()["state"],
        "waiting"
    );
}

#[test]
fn every_status_reads_back_from_its_json_in_any_field_order() {
    let at = Some(Timestamp(1_700_000_000));
    let statuses = [
        RecipientStatus::Waiting,
        RecipientStatus::Delayed {
            code: StatusCode::parse("4.4.1").ok(),
            reason: "later".into(),
            will_retry_until: at,
        },
        RecipientStatus::Delayed {
            code: None,
            reason: String::new(),
            will_retry_until: None,
        },
        RecipientStatus::Relayed,
        RecipientStatus::Expanded,
        RecipientStatus::Delivered,
        failed("5.1.1", "550 unknown"),
        RecipientStatus::Deleted { at },
        RecipientStatus::Dispatched { at: None },
        RecipientStatus::Processed { at },
        RecipientStatus::Read { at },
    ];
    for status in statuses {
        let json = serde_json::to_string(&status).unwrap();
        assert_eq!(
            serde_json::from_str::<RecipientStatus>(&json).unwrap(),
            status
        );
    }
    let tag_last = r#"{"reason":"r","code":null,"state":"failed"}"#;
    assert_eq!(
        serde_json::from_str::<RecipientStatus>(tag_last).unwrap(),
        RecipientStatus::Failed {
            code: None,
            reason: "r".into()
        }
    );
    let no_optional_fields = r#"{"state":"read"}"#;
    assert_eq!(
        serde_json::from_str::<RecipientStatus>(no_optional_fields).unwrap(),
        RecipientStatus::Read { at: None }
    );
    for refused in [r#"{"state":"failed"}"#, r#"{"state":"lost"}"#, r#"{}"#] {
        assert!(
            serde_json::from_str::<RecipientStatus>(refused).is_err(),
            "{refused}"
        );
    }
}
