use super::*;
use crate::transit_view::TransitView;

fn read(text: &str) -> TransitView {
    read_transit(text.as_bytes())
}

fn received(by: &str, with: &str, at: &str) -> String {
    format!("Received: from a.example (a.example [192.0.2.1]) by {by} with {with}; {at}\r\n")
}

#[test]
fn hops_are_oldest_first_with_delays() {
    let head = [
        received("c.example", "LMTP", "7 Dec 2026 10:00:05 +0000"),
        received("b.example", "ESMTPS", "7 Dec 2026 10:00:02 +0000"),
        received("a.example", "ESMTPSA", "7 Dec 2026 11:00:00 +0100"),
    ]
    .concat();
    let view = read(&head);
    let by: Vec<_> = view.hops.iter().map(|h| h.hop.by.as_deref()).collect();
    assert_eq!(
        by,
        [Some("a.example"), Some("b.example"), Some("c.example")]
    );
    let delays: Vec<_> = view.hops.iter().map(|h| h.delay).collect();
    assert_eq!(
        delays,
        [
            None,
            Some(Delay::Took { seconds: 2 }),
            Some(Delay::Took { seconds: 3 })
        ]
    );
    assert_eq!(view.total, Some(Delay::Took { seconds: 5 }));
    assert!(view.encrypted_throughout());
    assert!(view.warnings.is_empty());
}

#[test]
fn clock_skew_is_not_a_negative_delay() {
    let head = [
        received("b.example", "ESMTPS", "7 Dec 2026 09:59:50 +0000"),
        received("a.example", "ESMTPS", "7 Dec 2026 10:00:00 +0000"),
    ]
    .concat();
    let view = read(&head);
    assert_eq!(view.hops[1].delay, Some(Delay::ClockSkew { seconds: 10 }));
    assert_eq!(view.total, Some(Delay::ClockSkew { seconds: 10 }));
}

#[test]
fn a_hop_without_date_keeps_the_previous_one_for_the_next_delay() {
    let head = [
        received("c.example", "ESMTPS", "7 Dec 2026 10:00:09 +0000"),
        "Received: by b.example with ESMTPS\r\n".to_owned(),
        received("a.example", "ESMTPS", "7 Dec 2026 10:00:00 +0000"),
    ]
    .concat();
    let view = read(&head);
    assert_eq!(view.hops[1].delay, None);
    assert_eq!(view.hops[2].delay, Some(Delay::Took { seconds: 9 }));
}

#[test]
fn warnings_for_plain_and_slow_hops() {
    let head = [
        received("b.example", "ESMTP", "7 Dec 2026 12:00:01 +0000"),
        received("a.example", "ESMTPS", "7 Dec 2026 10:00:00 +0000"),
    ]
    .concat();
    let view = read(&head);
    assert!(view.has_unencrypted_hop());
    assert!(!view.encrypted_throughout());
    assert_eq!(
        view.warnings,
        [
            TransitWarning::UnencryptedHop { hop: 1 },
            TransitWarning::SlowHop {
                hop: 1,
                seconds: 7_201
            }
        ]
    );
}

#[test]
fn the_topmost_results_make_the_verdict() {
    let head = "Authentication-Results: mx.example.net; dkim=pass header.d=example.org; \
                spf=fail smtp.mailfrom=example.org; dmarc=pass header.from=example.org\r\n\
                Authentication-Results: forged.example; dkim=fail header.d=example.org\r\n\
                From: \"Alice (work)\" <Alice@Example.ORG>\r\n";
    let view = read(head);
    let verdict = view.verdict.clone().expect("verdict");
    assert_eq!(verdict.authserv_id.as_deref(), Some("mx.example.net"));
    assert_eq!(verdict.dkim, Some(AuthResult::Pass));
    assert_eq!(verdict.dkim_domains, ["example.org"]);
    assert_eq!(verdict.spf, Some(AuthResult::Fail));
    assert_eq!(verdict.dmarc, Some(AuthResult::Pass));
    assert_eq!(verdict.alignment, Alignment::Aligned);
    assert_eq!(view.from_domain.as_deref(), Some("example.org"));
    assert_eq!(view.authentication.len(), 2);
    assert_eq!(view.warnings, [TransitWarning::SpfFailed]);
}

#[test]
fn alignment_table() {
    let cases: &[(&str, &str, Alignment)] = &[
        (
            "example.org",
            "dkim=pass header.d=example.org",
            Alignment::Aligned,
        ),
        (
            "news.example.org",
            "dkim=pass header.d=example.org",
            Alignment::Aligned,
        ),
        (
            "example.org",
            "dkim=pass header.d=mail.example.org",
            Alignment::Aligned,
        ),
        (
            "example.org",
            "dkim=pass header.d=notexample.org",
            Alignment::NotAligned,
        ),
        (
            "example.org",
            "dkim=fail header.d=example.org",
            Alignment::Unknown,
        ),
        (
            "example.org",
            "spf=pass smtp.mailfrom=b@example.org",
            Alignment::Aligned,
        ),
        (
            "example.org",
            "spf=pass smtp.mailfrom=b@bulk.example",
            Alignment::NotAligned,
        ),
    ];
    for (from, results, expected) in cases {
        let head = format!("Authentication-Results: mx; {results}\nFrom: <a@{from}>\n");
        let verdict = read(&head).verdict.expect("verdict");
        assert_eq!(verdict.alignment, *expected, "{from} / {results}");
    }
    let no_from = read("Authentication-Results: mx; dkim=pass header.d=a.example\n");
    assert_eq!(
        no_from.verdict.map(|v| v.alignment),
        Some(Alignment::Unknown)
    );
}

#[test]
fn from_domain_forms() {
    let cases: &[(&str, Option<&str>)] = &[
        ("Alice <alice@Example.org>", Some("example.org")),
        ("alice@example.org (Alice)", Some("example.org")),
        ("\"a <b@c>\" <d@e.example>", Some("e.example")),
        ("undisclosed-recipients:;", None),
        ("<>", None),
    ];
    for (from, expected) in cases {
        let view = read(&format!("From: {from}\n"));
        assert_eq!(view.from_domain.as_deref(), *expected, "{from}");
    }
}

#[test]
fn the_header_block_ends_at_the_first_blank_line() {
    let text = format!(
        "{}\r\n{}",
        received("a.example", "ESMTPS", "7 Dec 2026 10:00:00 +0000"),
        received("body.example", "ESMTPS", "7 Dec 2026 10:00:00 +0000")
    );
    assert_eq!(read(&text).hops.len(), 1);
}

#[test]
fn hops_are_bounded() {
    let head = received("a.example", "ESMTPS", "7 Dec 2026 10:00:00 +0000").repeat(MAX_HOPS + 5);
    let view = read(&head);
    assert_eq!(view.hops.len(), MAX_HOPS);
    assert!(view.truncated);
    assert!(!read("").truncated);
    assert_eq!(read("").hops.len(), 0);
}
