//! An autoconfig / ISPDB XML file from a domain the user typed: parsed without DTDs or
//! entity expansion, within its size bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use facteur_providers::autoconfig::MAX_AUTOCONFIG_BYTES;
use facteur_providers::parse_autoconfig;

fuzz_target!(|xml: &[u8]| {
    let Ok(config) = parse_autoconfig(xml) else {
        return;
    };
    assert!(xml.len() <= MAX_AUTOCONFIG_BYTES);
    // Everything read comes from the file: no expansion makes the result outgrow it.
    let read: usize = config.id.len()
        + config.domains.iter().map(String::len).sum::<usize>()
        + config.display_name.as_deref().map_or(0, str::len)
        + config.incoming.len()
        + config.outgoing.len();
    assert!(
        read <= xml.len(),
        "{read} bytes read from {} bytes",
        xml.len()
    );
});
