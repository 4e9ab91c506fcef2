//! Property tests: the autoconfig parser and the discovery helpers never panic, whatever
//! they are given. Native only (proptest forks and times out, which a browser cannot).
#![cfg(not(target_arch = "wasm32"))]

use facteur_providers::AddressParts;
use facteur_providers::autoconfig::parse_autoconfig;
use facteur_providers::discovery::{SrvRecord, SrvService, candidates, servers_from_srv};
use proptest::prelude::*;

/// Fragments of real autoconfig files, so random documents get past the first element.
fn xmlish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<clientConfig version=\"1.1\">",
        "</clientConfig>",
        "<emailProvider id=\"x.example\">",
        "</emailProvider>",
        "<incomingServer type=\"imap\">",
        "</incomingServer>",
        "<outgoingServer type=\"smtp\">",
        "</outgoingServer>",
        "<hostname>",
        "</hostname>",
        "<port>",
        "</port>",
        "993",
        "<socketType>SSL</socketType>",
        "<authentication>password-cleartext</authentication>",
        "<username>%EMAILADDRESS%</username>",
        "&amp;",
        "&#233;",
        "&#xFFFFFFFF;",
        "&lol;",
        "<![CDATA[",
        "]]>",
        "<!--",
        "-->",
        "<!DOCTYPE x [<!ENTITY a \"b\">]>",
        "<?xml version=\"1.0\"?>",
        "imap.%EMAILDOMAIN%",
        "<",
        ">",
        "\"",
        "=",
        "/>",
        "é",
        "\u{feff}",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn the_parser_never_panics_on_arbitrary_strings(text in any::<String>()) {
        let _ = parse_autoconfig(text.as_bytes());
    }

    #[test]
    fn the_parser_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = parse_autoconfig(&bytes);
    }

    #[test]
    fn the_parser_never_panics_on_autoconfig_like_documents(text in xmlish()) {
        if let Ok(config) = parse_autoconfig(text.as_bytes()) {
            prop_assert!(!config.incoming.is_empty() && !config.outgoing.is_empty());
        }
    }

    #[test]
    fn candidates_are_built_for_any_address_that_parses(text in "[a-zA-Z0-9.+%&=_-]{1,20}@[a-zA-Z0-9.-]{1,30}") {
        if let Ok(address) = AddressParts::parse(&text) {
            prop_assert!(!candidates(&address).is_empty());
        }
    }

    #[test]
    fn srv_answers_never_panic(records in prop::collection::vec(
        (any::<u16>(), any::<u16>(), any::<u16>(), "[a-z.]{0,12}"), 0..8)) {
        let records: Vec<SrvRecord> = records
            .into_iter()
            .map(|(priority, weight, port, target)| SrvRecord { priority, weight, port, target })
            .collect();
        let _ = servers_from_srv(SrvService::Imaps, &records);
    }
}
