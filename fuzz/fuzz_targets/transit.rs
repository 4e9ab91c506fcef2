//! A received message's header block: the `Received` chain and the
//! `Authentication-Results` fields read into a route and a verdict, within their bounds.
#![no_main]

use facteur_delivery::{
    Delay, MAX_HOPS, TransitWarning, parse_arc_authentication_results,
    parse_authentication_results, parse_received, read_transit,
};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|head: &[u8]| {
    let view = read_transit(head);
    assert!(view.hops.len() <= MAX_HOPS);
    for warning in &view.warnings {
        match warning {
            TransitWarning::UnencryptedHop { hop } => assert!(*hop < view.hops.len()),
            TransitWarning::SlowHop { hop, seconds } => {
                assert_eq!(view.hops[*hop].delay, Some(Delay::Took { seconds: *seconds }));
            }
            _ => assert!(view.verdict.is_some()),
        }
    }
    let text = String::from_utf8_lossy(head);
    let hop = parse_received(&text);
    let _ = hop.encryption();
    let _ = parse_authentication_results(&text);
    let _ = parse_arc_authentication_results(&text);
});
