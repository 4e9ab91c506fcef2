//! Bytes from an IMAP server: responses parsed as async-imap does and folded into a
//! command's reply (COPYUID, METADATA, BYE, response codes), the connection test's own
//! line readers, and folder names in modified UTF-7.
#![no_main]

use async_imap::imap_proto::{RequestId, Response};
use facteur_backend::imap::mutf7;
use facteur_backend::imap::raw::{Reply, bracket_code};
use facteur_backend::imap::wire::{capabilities_in, tagged};
use facteur_backend::transport::bounded::{ResponseLimits, ResponseScanner};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    // async-imap only ever parses what the bridge's read guard let through: the bytes
    // before the first one it refused (as in `transport::bounded::BoundedStream`).
    let mut scanner = ResponseScanner::new(ResponseLimits::for_messages_up_to(50 << 20));
    let passed = (0..input.len())
        .find(|&at| scanner.scan(&input[at..at + 1]).is_err())
        .unwrap_or(input.len());
    let tag = RequestId("A0001".into());
    let mut reply = Reply::new();
    let mut rest = &input[..passed];
    while let Ok((after, response)) = Response::parse(rest) {
        assert!(after.len() < rest.len(), "a response consumed nothing");
        let done = reply.absorb(&response, &tag);
        rest = after;
        if done {
            let _ = reply.bracket_code();
            reply = Reply::new();
        }
    }
    if let Some(copy) = &reply.copy_uid {
        assert!(copy.source.len() <= 100_000 && copy.destination.len() <= 100_000);
    }

    let text = String::from_utf8_lossy(input);
    for line in text.split('\n') {
        let _ = capabilities_in(line);
        let _ = tagged(line, "a1");
        let _ = bracket_code(line);
        let _ = mutf7::decode(line);
        // A folder name we write reads back as itself.
        assert_eq!(mutf7::decode(&mutf7::encode(line)).as_deref(), Some(line));
    }
});
