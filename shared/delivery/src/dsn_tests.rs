use super::*;

const POSTFIX_FAILED: &str = "Reporting-MTA: dns; mail.example.test\r\n\
Original-Envelope-Id: fdv-failed-1\r\n\
X-Postfix-Queue-ID: F329EA043EB\r\n\
Arrival-Date: Thu, 26 Nov 2026 09:27:16 +0000 (UTC)\r\n\
\r\n\
Final-Recipient: rfc822; nobody@example.test\r\n\
Original-Recipient: rfc822;nobody@example.test\r\n\
Action: failed\r\n\
Status: 5.1.1\r\n\
Remote-MTA: dns; mail.example.test\r\n\
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.test> User doesn't exist:\r\n\
\x20   nobody@example.test\r\n";

fn parse(body: &str) -> DeliveryStatusReport {
    parse_delivery_status(body.as_bytes()).expect("a report")
}

fn problem_kinds(report: &DeliveryStatusReport) -> Vec<ProblemKind> {
    report.problems.iter().map(|p| p.kind.clone()).collect()
}

#[test]
fn reads_every_field_of_a_postfix_bounce() {
    let report = parse(POSTFIX_FAILED);
    assert_eq!(report.original_envelope_id.as_deref(), Some("fdv-failed-1"));
    let mta = report.reporting_mta.as_ref().unwrap();
    assert_eq!(
        (mta.kind.as_deref(), mta.value.as_str()),
        (Some("dns"), "mail.example.test")
    );
    assert_eq!(
        report.arrival_date.as_ref().unwrap().at.map(|t| t.0),
        Some(1_795_685_236)
    );
    assert_eq!(report.extensions[0].name, "X-Postfix-Queue-ID");
    assert_eq!(report.recipients.len(), 1);
    let rcpt = &report.recipients[0];
    assert_eq!(rcpt.action, Action::Failed);
    assert_eq!(rcpt.status.map(|s| s.to_string()).as_deref(), Some("5.1.1"));
    assert_eq!(rcpt.address().unwrap().value, "nobody@example.test");
    assert_eq!(
        rcpt.diagnostic_code.as_ref().unwrap().value,
        "550 5.1.1 <nobody@example.test> User doesn't exist: nobody@example.test"
    );
    assert!(report.problems.is_empty(), "{:?}", report.problems);
}

#[test]
fn action_table() {
    let cases: &[(&str, Option<Action>)] = &[
        ("failed", Some(Action::Failed)),
        ("FAILED", Some(Action::Failed)),
        ("delayed (will retry)", Some(Action::Delayed)),
        ("delivered", Some(Action::Delivered)),
        ("relayed", Some(Action::Relayed)),
        ("expanded", Some(Action::Expanded)),
        ("failed; extra", Some(Action::Failed)),
        ("bounced", None),
        ("", None),
    ];
    for (text, expected) in cases {
        assert_eq!(Action::parse(text), *expected, "{text}");
    }
}

/// Bodies with something wrong: how many recipients survive and which problems are noted.
#[test]
fn lenient_parsing_table() {
    use ProblemKind as P;
    let dup = |name: &str| P::DuplicateField { name: name.into() };
    let missing = |name: &str| P::MissingField { name: name.into() };
    let cases: &[(&str, &str, usize, Vec<ProblemKind>)] = &[
        (
            "LF only, two recipients",
            "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: failed\nStatus: 5.1.1\n\n\
             Final-Recipient: rfc822;b@x\nAction: delivered\nStatus: 2.0.0\n",
            2,
            vec![],
        ),
        (
            "no blank line after the per-message block",
            "Reporting-MTA: dns; x\nFinal-Recipient: rfc822;a@x\nAction: failed\nStatus: 5.0.0\n",
            1,
            vec![P::MissingBlankLine],
        ),
        (
            "no blank line between recipients",
            "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: failed\nStatus: 5.0.0\n\
             Final-Recipient: rfc822;b@x\nAction: failed\nStatus: 5.0.0\n",
            2,
            vec![P::MissingBlankLine],
        ),
        (
            "a block without address is dropped, the next kept",
            "Reporting-MTA: dns; x\n\nAction: failed\nStatus: 5.0.0\n\n\
             Final-Recipient: rfc822;b@x\nAction: failed\nStatus: 5.0.0\n",
            1,
            vec![P::RecipientWithoutAddress],
        ),
        (
            "a block without action is dropped",
            "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nStatus: 5.0.0\n",
            0,
            vec![P::RecipientWithoutAction],
        ),
        (
            "unknown action is dropped",
            "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: bounced\nStatus: 5.0.0\n",
            0,
            vec![P::UnknownAction {
                text: "bounced".into(),
            }],
        ),
        (
            "bad status kept as comment-less text",
            "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: failed\nStatus: 550\n",
            1,
            vec![P::InvalidStatus { text: "550".into() }],
        ),
        (
            "missing status and final recipient are noted",
            "Reporting-MTA: dns; x\n\nOriginal-Recipient: rfc822;a@x\nAction: failed\n",
            1,
            vec![missing("Final-Recipient"), missing("Status")],
        ),
        (
            "duplicated lines keep the first",
            "Reporting-MTA: dns; x\nReporting-MTA: dns; y\n\nFinal-Recipient: rfc822;a@x\n\
             Action: failed\nAction: delivered\nStatus: 5.0.0\n",
            1,
            vec![dup("Reporting-MTA"), dup("Action")],
        ),
        (
            "junk lines are skipped",
            "Reporting-MTA: dns; x\ngarbage here\n\nFinal-Recipient: rfc822;a@x\nAction: failed\n\
             Status: 5.0.0\n",
            1,
            vec![P::MalformedLine],
        ),
        (
            "recipients without per-message block",
            "Final-Recipient: rfc822;a@x\nAction: failed\nStatus: 5.0.0\n",
            1,
            vec![missing("Reporting-MTA")],
        ),
    ];
    for (label, body, recipients, problems) in cases {
        let report = parse(body);
        assert_eq!(report.recipients.len(), *recipients, "{label}");
        assert_eq!(&problem_kinds(&report), problems, "{label}");
    }
}

#[test]
fn fatal_errors_table() {
    let too_big = vec![b'a'; crate::MAX_INPUT_BYTES + 1];
    let cases: &[(&str, &[u8], ParseError)] = &[
        ("empty", b"", ParseError::NotAReport),
        (
            "plain text",
            b"Hello,\nthis is not a report.\n",
            ParseError::NotAReport,
        ),
        (
            "fields but no report",
            b"Subject: hi\n\nFoo: bar\n",
            ParseError::NotAReport,
        ),
        (
            "too large",
            &too_big,
            ParseError::TooLarge {
                size: too_big.len(),
                limit: crate::MAX_INPUT_BYTES,
            },
        ),
    ];
    for (label, body, expected) in cases {
        assert_eq!(
            parse_delivery_status(body).as_ref(),
            Err(expected),
            "{label}"
        );
    }
}

#[test]
fn status_comments_and_typed_values_are_kept_apart() {
    let report = parse(
        "Reporting-MTA: dns; cs.utk.edu\n\nFinal-Recipient: rfc822 (mail) ; a@x\n\
         Action: failed\nStatus: 5.0.0 (permanent failure)\nWill-Retry-Until: soon\n\
         X-Actual-Recipient: rfc822; alias@x\n",
    );
    let rcpt = &report.recipients[0];
    assert_eq!(rcpt.status_comment.as_deref(), Some("permanent failure"));
    assert_eq!(rcpt.final_recipient.as_ref().unwrap().value, "a@x");
    assert_eq!(rcpt.will_retry_until.as_ref().unwrap().at, None);
    assert_eq!(rcpt.extensions[0].name, "X-Actual-Recipient");
}

#[test]
fn too_many_recipients_stops_with_a_problem() {
    let mut body = String::from("Reporting-MTA: dns; x\n");
    for i in 0..=MAX_RECIPIENTS {
        body.push_str(&format!(
            "\nFinal-Recipient: rfc822;u{i}@x\nAction: failed\n"
        ));
    }
    let report = parse(&body);
    assert_eq!(report.recipients.len(), MAX_RECIPIENTS);
    // 1000 missing Status fields, capped, and still the note that recipients were ignored.
    assert_eq!(report.problems.len(), crate::MAX_PROBLEMS);
    assert_eq!(
        report.problems.last().unwrap().kind,
        ProblemKind::TooManyRecipients
    );
}

/// Shapes that would be slow if any step were quadratic. No timing is asserted: a
/// quadratic step makes these never finish, which the test run shows.
#[test]
fn worst_case_shapes_finish() {
    let limit = crate::MAX_INPUT_BYTES;
    let fill = |unit: &str| unit.repeat((limit - 200) / unit.len());
    let shapes = [
        (
            "one block of extension fields",
            format!(
                "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: failed\n{}",
                fill("X: y\n")
            ),
        ),
        (
            "one endlessly folded field",
            format!(
                "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: failed\nDiagnostic-Code: smtp; x\n{}",
                fill(" y\n")
            ),
        ),
        (
            "blocks without blank lines",
            format!(
                "Reporting-MTA: dns; x\n{}",
                fill("Final-Recipient: rfc822;a@x\n")
            ),
        ),
        (
            "nested comments",
            format!(
                "Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822;a@x\nAction: failed\nStatus: {}",
                fill("(")
            ),
        ),
        (
            "junk lines",
            format!("Reporting-MTA: dns; x\n{}", fill("junk\n")),
        ),
        (
            "blank lines",
            format!("Reporting-MTA: dns; x{}", fill("\n")),
        ),
    ];
    for (label, body) in shapes {
        assert!(body.len() <= limit, "{label}");
        let report = parse_delivery_status(body.as_bytes());
        let _ = crate::parse_disposition_notification(body.as_bytes());
        let _ = crate::message_id_from_headers(body.as_bytes());
        if let Ok(report) = report {
            assert!(report.problems.len() <= crate::MAX_PROBLEMS, "{label}");
        }
    }
}

#[test]
fn invalid_utf8_costs_a_character_not_the_report() {
    let mut body = POSTFIX_FAILED.as_bytes().to_vec();
    body.extend_from_slice(b"X-Note: caf\xe9\r\n");
    let report = parse_delivery_status(&body).unwrap();
    assert_eq!(report.recipients[0].extensions[0].value, "caf\u{fffd}");
}
