//! Bytes from a ManageSieve server (RFC 5804) through the codec: lines split as they
//! arrive, completions and capabilities read; and any script text we send as a string
//! argument reads back as itself.
#![no_main]

use facteur_backend::sieve::codec::{Token, capabilities, completion, next_line, string};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|input: &[u8]| {
    let mut rest = input;
    let mut lines = Vec::new();
    while let Ok(Some((tokens, used))) = next_line(rest) {
        assert!(used > 0 && used <= rest.len(), "{used} of {}", rest.len());
        let _ = completion(&tokens);
        lines.push(tokens);
        rest = &rest[used..];
    }
    let _ = capabilities(&lines);

    let text = String::from_utf8_lossy(input);
    let line = format!("{}\r\n", string(&text));
    let parsed = next_line(line.as_bytes());
    assert_eq!(
        parsed,
        Ok(Some((
            vec![Token::Str(text.clone().into_owned())],
            line.len()
        ))),
        "{line:?}"
    );
});
