use super::*;

const RFC_8098_EXAMPLE: &str = "Reporting-UA: joes-pc.cs.example.com; Foomail 97.1\n\
    Original-Recipient: rfc822;Joe_Recipient@example.com\n\
    Final-Recipient: rfc822;Joe_Recipient@example.com\n\
    Original-Message-ID: <199509192301.23456@example.org>\n\
    Disposition: manual-action/MDN-sent-manually; displayed\n";

#[test]
fn reads_the_rfc_example() {
    let mdn = parse_disposition_notification(RFC_8098_EXAMPLE.as_bytes()).unwrap();
    let ua = mdn.reporting_ua.as_ref().unwrap();
    assert_eq!(ua.name, "joes-pc.cs.example.com");
    assert_eq!(ua.product.as_deref(), Some("Foomail 97.1"));
    assert_eq!(
        mdn.original_message_id.as_deref(),
        Some("<199509192301.23456@example.org>")
    );
    let disposition = mdn.disposition.as_ref().unwrap();
    assert_eq!(disposition.kind, DispositionType::Displayed);
    assert_eq!(disposition.action_mode, Mode::Manual);
    assert!(mdn.problems.is_empty(), "{:?}", mdn.problems);
}

#[test]
fn disposition_table() {
    use DispositionType as T;
    type Read<'a> = (Mode, Mode, T, &'a [&'a str]);
    let cases: &[(&str, Option<Read>)] = &[
        (
            "manual-action/MDN-sent-manually; displayed",
            Some((Mode::Manual, Mode::Manual, T::Displayed, &[])),
        ),
        (
            "automatic-action/MDN-sent-automatically; deleted",
            Some((Mode::Automatic, Mode::Automatic, T::Deleted, &[])),
        ),
        (
            "Automatic-Action / MDN-Sent-Automatically ; Processed / Error",
            Some((Mode::Automatic, Mode::Automatic, T::Processed, &["error"])),
        ),
        (
            "manual-action/MDN-sent-manually; dispatched/error, x-foo",
            Some((
                Mode::Manual,
                Mode::Manual,
                T::Dispatched,
                &["error", "x-foo"],
            )),
        ),
        (
            "manual-action/MDN-sent-manually (by Joe); displayed",
            Some((Mode::Manual, Mode::Manual, T::Displayed, &[])),
        ),
        (
            "x-mode/mdn-sent-manually; x-seen",
            Some((
                Mode::Other("x-mode".into()),
                Mode::Manual,
                T::Other("x-seen".into()),
                &[],
            )),
        ),
        (
            "manual-action/MDN-sent-manually; denied",
            Some((Mode::Manual, Mode::Manual, T::Denied, &[])),
        ),
        ("displayed", None),
        ("manual-action; displayed", None),
        ("manual-action/MDN-sent-manually;", None),
        ("/; displayed", None),
        ("manual-action/MDN-sent-manually; two words", None),
    ];
    for (text, expected) in cases {
        let got = parse_disposition(text).map(|d| {
            let modifiers: Vec<String> = d.modifiers.clone();
            (d.action_mode, d.sending_mode, d.kind, modifiers)
        });
        let expected = expected.as_ref().map(|(a, s, k, m)| {
            let modifiers: Vec<String> = m.iter().map(|x| x.to_string()).collect();
            (a.clone(), s.clone(), k.clone(), modifiers)
        });
        assert_eq!(got, expected, "{text}");
    }
    assert!(
        parse_disposition("a/b; displayed/error")
            .unwrap()
            .has_error()
    );
}

#[test]
fn lenient_table() {
    use ProblemKind as P;
    let cases: &[(&str, &str, Vec<ProblemKind>)] = &[
        (
            "bad disposition is noted",
            "Final-Recipient: rfc822;a@x\nDisposition: displayed\n",
            vec![P::InvalidDisposition {
                text: "displayed".into(),
            }],
        ),
        (
            "missing final recipient",
            "Disposition: manual-action/MDN-sent-manually; displayed\n",
            vec![P::MissingField {
                name: "Final-Recipient".into(),
            }],
        ),
        (
            "duplicate disposition keeps the first",
            "Final-Recipient: rfc822;a@x\nDisposition: a/b; deleted\nDisposition: a/b; displayed\n",
            vec![P::DuplicateField {
                name: "Disposition".into(),
            }],
        ),
        (
            "errors, failures and warnings all kept",
            "Final-Recipient: rfc822;a@x\nDisposition: a/b; failed\nError: e1\nError: e2\n\
             Failure: f\nWarning: w\n",
            vec![],
        ),
    ];
    for (label, body, problems) in cases {
        let mdn = parse_disposition_notification(body.as_bytes()).unwrap();
        let kinds: Vec<ProblemKind> = mdn.problems.iter().map(|p| p.kind.clone()).collect();
        assert_eq!(&kinds, problems, "{label}");
    }
    let mdn = parse_disposition_notification(
        b"Final-Recipient: rfc822;a@x\nDisposition: a/b; failed\nError: e1\nError: e2\n",
    )
    .unwrap();
    assert_eq!(mdn.errors, ["e1", "e2"]);
    assert_eq!(
        parse_disposition_notification(b"Subject: hi\n"),
        Err(ParseError::NotAReport)
    );
}
