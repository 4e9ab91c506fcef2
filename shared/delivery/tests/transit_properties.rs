//! Property tests of the transit reader: whatever the header bytes (random, assembled
//! from the words MTAs write, or real header blocks spliced and cut), it never panics,
//! stays within its bounds, and its delays and warnings agree with its hops.
#![cfg(not(target_arch = "wasm32"))]

#[allow(dead_code)]
mod support;

use facteur_delivery::{
    Delay, Encryption, MAX_HOPS, TransitView, TransitWarning, parse_arc_authentication_results,
    parse_authentication_results, parse_received, read_transit,
};
use proptest::prelude::*;
use support::{fixture, fixtures_in};

/// What must hold of any reading.
fn check(view: &TransitView) {
    assert!(view.hops.len() <= MAX_HOPS);
    if let Some(first) = view.hops.first() {
        assert_eq!(first.delay, None);
    }
    // Each delay is measured from the previous hop that has a date, sign kept apart.
    let mut previous: Option<i64> = None;
    for hop in &view.hops {
        match (hop.delay, previous, hop.hop.at) {
            (None, _, _) => {}
            (Some(Delay::Took { seconds }), Some(before), Some(at)) => {
                assert_eq!(i128::from(before) + i128::from(seconds), i128::from(at.0));
            }
            (Some(Delay::ClockSkew { seconds }), Some(before), Some(at)) => {
                assert!(seconds > 0);
                assert_eq!(i128::from(before) - i128::from(seconds), i128::from(at.0));
            }
            (Some(delay), before, at) => panic!("{delay:?} without dates: {before:?} {at:?}"),
        }
        if let Some(at) = hop.hop.at {
            previous = Some(at.0);
        }
    }
    for warning in &view.warnings {
        match warning {
            TransitWarning::UnencryptedHop { hop } => {
                assert_eq!(view.hops[*hop].encryption, Encryption::Plain);
            }
            TransitWarning::SlowHop { hop, seconds } => {
                assert_eq!(
                    view.hops[*hop].delay,
                    Some(Delay::Took { seconds: *seconds })
                );
            }
            TransitWarning::DmarcFailed { .. } => assert!(view.dmarc_failed()),
            TransitWarning::NotAligned { .. }
            | TransitWarning::DkimFailed
            | TransitWarning::SpfFailed => assert!(view.verdict.is_some()),
        }
    }
    serde_json::to_string(view).expect("serializable");
}

/// Words MTAs write in these fields, glued at random.
fn header_text() -> impl Strategy<Value = String> {
    let word = prop::sample::select(vec![
        "Received:",
        "Authentication-Results:",
        "ARC-Authentication-Results:",
        "From:",
        "from",
        "by",
        "with",
        "id",
        "for",
        "via",
        "tls",
        "ESMTPS",
        "ESMTP",
        "LMTP",
        "SMTP",
        "(",
        ")",
        ";",
        "=",
        "@",
        "<",
        ">",
        "\"",
        "\\",
        "[127.0.0.1]",
        "(using TLSv1.3 with",
        "cipher",
        "version=TLS1_2,",
        "cipher=X",
        "7 Dec 2026 10:00:00 +0000",
        "Mon, 7 Dec 2026 23:59:60 -1200",
        "spf=pass",
        "dkim=fail",
        "header.d=a.example",
        "dmarc=fail",
        "(p=reject)",
        "policy.dmarc=none",
        "header.from=a.example",
        "smtp.mailfrom=b@c",
        "i=1",
        "\r\n",
        "\n",
        "\n\t",
        "\r\n ",
        " ",
        "é",
        "\u{0}",
    ]);
    prop::collection::vec(word, 0..120).prop_map(|words| words.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2_048)) {
        check(&read_transit(&bytes));
    }

    #[test]
    fn header_shaped_text(text in header_text()) {
        check(&read_transit(text.as_bytes()));
        let _ = parse_received(&text);
        let read = parse_authentication_results(&text);
        prop_assert!(read.results.len() <= facteur_delivery::authentication_results::MAX_RESULTS);
        let _ = parse_arc_authentication_results(&text);
    }

    #[test]
    fn real_headers_spliced_and_cut(
        seed in any::<prop::sample::Index>(),
        at in any::<prop::sample::Index>(),
        insert in header_text(),
        cut in any::<prop::sample::Index>(),
    ) {
        let names = fixtures_in("transit", ".headers");
        let mut bytes = fixture(&names[seed.index(names.len())]);
        let at = at.index(bytes.len() + 1);
        bytes.splice(at..at, insert.bytes());
        bytes.truncate(cut.index(bytes.len() + 1));
        check(&read_transit(&bytes));
    }
}

#[test]
fn every_truncation_of_every_fixture() {
    for name in fixtures_in("transit", ".headers") {
        let bytes = fixture(&name);
        for end in 0..=bytes.len() {
            check(&read_transit(&bytes[..end]));
        }
    }
}
