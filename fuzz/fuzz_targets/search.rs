//! The search box's text, which anyone with a session types: parsed by the model's
//! parser (the browser's and the bridge's), printed back in both languages, and turned
//! into the IMAP SEARCH the bridge sends, which must stay one command line per line.
#![no_main]

use facteur_backend::imap::search_command::{Segment, Subset, criteria, encode};
use facteur_model::search::{KeywordLanguage, parse_query, print_query};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let Ok(query) = parse_query(text) else {
        return;
    };
    for language in [KeywordLanguage::French, KeywordLanguage::English] {
        let printed = print_query(&query, language);
        assert_eq!(parse_query(&printed).as_ref(), Ok(&query), "{printed:?}");
    }
    for subset in [Subset::All, Subset::Unread] {
        for literal_plus in [true, false] {
            let segments = encode("UID SEARCH CHARSET UTF-8", &criteria(&query, subset), literal_plus);
            let lines = segments.iter().filter_map(|segment| match segment {
                Segment::Line(line) => Some(line),
                Segment::Literal { .. } => None,
            });
            // A line break only ends a line: no value opened a second command.
            for line in lines {
                let breaks = line.windows(2).filter(|w| w == b"\r\n").count();
                assert_eq!(breaks, 1, "{line:?}");
                assert!(line.ends_with(b"\r\n"));
                assert!(!line.contains(&0));
            }
        }
    }
});
