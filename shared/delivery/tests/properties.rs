//! Property tests: the parsers never panic, whatever the bytes (random, or real reports
//! with flipped bytes, cuts and duplicated lines), and xtext round-trips.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use facteur_delivery::{
    RecipientStatus, ReportRefs, SentMessageKey, combine, match_report, message_id_from_headers,
    parse_delivery_status, parse_disposition_notification, recipient_of_dsn, recipient_of_mdn,
    xtext_decode, xtext_encode,
};
use proptest::prelude::*;
use support::{fixture, fixtures_in, part};

/// Every report body and whole message in the fixtures: the seeds that get mutated.
fn seeds() -> Vec<Vec<u8>> {
    let mut names = fixtures_in("postfix", ".delivery-status");
    names.extend(fixtures_in("rfc", ".delivery-status"));
    names.extend(fixtures_in("postfix", ".eml"));
    names.extend(fixtures_in("rfc", ".eml"));
    let mut seeds: Vec<Vec<u8>> = names.iter().map(|n| fixture(n)).collect();
    // The returned headers too, for the Message-ID reader.
    let headers = seeds
        .iter()
        .filter_map(|s| part(s, "text/rfc822-headers"))
        .collect::<Vec<_>>();
    assert!(!headers.is_empty());
    seeds.extend(headers);
    seeds
}

/// One way to damage a report.
#[derive(Debug, Clone)]
enum Mutation {
    /// Replace the byte at (index mod length).
    Flip(usize, u8),
    /// Keep only the first (index mod length + 1) bytes.
    Truncate(usize),
    /// Insert a copy of line (index mod lines) right after itself.
    DuplicateLine(usize),
    /// Remove line (index mod lines).
    DropLine(usize),
    /// Insert bytes at (index mod length).
    Insert(usize, Vec<u8>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        any::<usize>().prop_map(Mutation::DropLine),
        (
            any::<usize>(),
            prop::sample::select(vec![
                b"\r\n".to_vec(),
                b"\n".to_vec(),
                b"\r".to_vec(),
                b":".to_vec(),
                b";".to_vec(),
                b"(".to_vec(),
                b")".to_vec(),
                b"\\".to_vec(),
                b"\"".to_vec(),
                b" ".to_vec(),
                b"\n\n".to_vec(),
                b"\xff".to_vec(),
                b"\xc3".to_vec(),
                b"Action: failed\n".to_vec(),
                b"Final-Recipient: rfc822;x@y\r\n".to_vec(),
                b"Status: 9.9.9999\n".to_vec(),
            ])
        )
            .prop_map(|(i, bytes)| Mutation::Insert(i, bytes)),
    ]
}

fn apply(mut bytes: Vec<u8>, mutation: &Mutation) -> Vec<u8> {
    if bytes.is_empty() {
        return bytes;
    }
    match mutation {
        Mutation::Flip(i, b) => {
            let at = i % bytes.len();
            bytes[at] = *b;
        }
        Mutation::Truncate(i) => bytes.truncate(i % bytes.len() + 1),
        Mutation::Insert(i, inserted) => {
            let at = i % bytes.len();
            bytes.splice(at..at, inserted.iter().copied());
        }
        Mutation::DuplicateLine(i) | Mutation::DropLine(i) => {
            let mut lines: Vec<Vec<u8>> = bytes
                .split_inclusive(|b| *b == b'\n')
                .map(<[u8]>::to_vec)
                .collect();
            let at = i % lines.len();
            if matches!(mutation, Mutation::DuplicateLine(_)) {
                lines.insert(at, lines[at].clone());
            } else {
                lines.remove(at);
            }
            bytes = lines.concat();
        }
    }
    bytes
}

/// Everything a caller would do with a body: parse it both ways, match, fold.
fn exercise(bytes: &[u8]) {
    let key = SentMessageKey {
        envid: Some("fdv-failed-1".to_owned()),
        message_id: Some("<fdv-failed-1@facteur.example.test>".to_owned()),
        recipients: vec!["nobody@example.test".to_owned(), "x@y".to_owned()],
    };
    if let Ok(report) = parse_delivery_status(bytes) {
        assert!(report.recipients.len() <= facteur_delivery::MAX_RECIPIENTS);
        let _ = match_report(&key, &ReportRefs::of_dsn(&report, Some(bytes)));
        let statuses: Vec<RecipientStatus> = report
            .recipients
            .iter()
            .inspect(|r| {
                let _ = recipient_of_dsn(&key, r);
            })
            .map(RecipientStatus::from_dsn)
            .collect();
        let _ = combine(statuses);
        let _ = serde_json::to_string(&report).expect("serializable");
    }
    if let Ok(mdn) = parse_disposition_notification(bytes) {
        let _ = match_report(&key, &ReportRefs::of_mdn(&mdn, Some(bytes)));
        let _ = recipient_of_mdn(&key, &mdn);
        let _ = RecipientStatus::from_mdn(&mdn, None);
    }
    let _ = message_id_from_headers(bytes);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..2_048)) {
        exercise(&bytes);
    }

    #[test]
    fn report_shaped_text_never_panics(
        text in "([A-Za-z-]{0,20}:?[ \t]?[ -~()\\\\\";<>@.+=]{0,40}(\r?\n)?){0,40}"
    ) {
        exercise(text.as_bytes());
    }

    #[test]
    fn mutated_real_reports_never_panic(
        seed in any::<prop::sample::Index>(),
        mutations in prop::collection::vec(mutation(), 1..8),
    ) {
        let seeds = seeds();
        let mut bytes = seeds[seed.index(seeds.len())].clone();
        for m in &mutations {
            bytes = apply(bytes, m);
        }
        exercise(&bytes);
    }

    #[test]
    fn one_flipped_byte_keeps_the_other_recipient_blocks(
        at in any::<prop::sample::Index>(), byte in any::<u8>(),
    ) {
        // The two-recipient report: damage anywhere drops at most one recipient block
        // (a flip can merge or split blocks at a blank line, so we allow 1 to 3 blocks).
        let mut bytes = fixture("postfix/failed-two-recipients-xtext-envid.delivery-status");
        let i = at.index(bytes.len());
        bytes[i] = byte;
        if let Ok(report) = parse_delivery_status(&bytes) {
            prop_assert!((1..=3).contains(&report.recipients.len()), "{:?}", report.problems);
        }
    }

    #[test]
    fn xtext_round_trips(text in any::<String>()) {
        let encoded = xtext_encode(&text);
        prop_assert!(encoded.bytes().all(|b| (33..=126).contains(&b) && b != b'='));
        prop_assert_eq!(xtext_decode(&encoded), Ok(text));
    }

    #[test]
    fn xtext_decode_never_panics_and_reencodes(text in "[!-~]{0,40}") {
        if let Ok(decoded) = xtext_decode(&text) {
            // Decoding then encoding gives the canonical (upper-case hex) form back.
            prop_assert_eq!(xtext_decode(&xtext_encode(&decoded)), Ok(decoded));
        }
    }
}

#[test]
fn every_single_truncation_of_every_fixture_is_safe() {
    for seed in seeds() {
        for end in 0..=seed.len() {
            exercise(&seed[..end]);
        }
    }
}
