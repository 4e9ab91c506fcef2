//! Bytes from an SMTP server: replies read line by line within their bounds, and EHLO
//! extensions read from them.
#![no_main]

use facteur_backend::smtp::extensions::Extensions;
use facteur_backend::smtp::reply::{MAX_LINE, MAX_LINES, parse_line, read_reply};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use tokio::io::BufReader;
use tokio::runtime::Runtime;

static RUNTIME: OnceLock<Runtime> = OnceLock::new();

fuzz_target!(|input: &[u8]| {
    let runtime = RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a runtime without I/O or timers always builds")
    });
    let mut conversation = BufReader::new(input);
    runtime.block_on(async {
        // Reading a slice never waits: each reply either completes or fails at once.
        while let Ok(reply) = read_reply(&mut conversation).await {
            assert!((200..600).contains(&reply.code));
            assert!(!reply.lines.is_empty() && reply.lines.len() <= MAX_LINES);
            assert!(
                reply
                    .lines
                    .iter()
                    .all(|line| line.chars().count() < MAX_LINE)
            );
            let extensions = Extensions::from_ehlo(&reply);
            let _ = extensions.size_limit();
            let _ = extensions.auth_mechanism();
            let _ = reply.text();
        }
    });
    for line in String::from_utf8_lossy(input).split('\n') {
        let _ = parse_line(line);
    }
});
