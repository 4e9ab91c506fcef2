//! RFC 2047 encoded words that split one character across two words.
//!
//! Senders cut long non-ASCII headers into several encoded words by bytes, not by
//! characters, so "é" (`C3 A9` in UTF-8) can end up as `=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?=`.
//! mail-parser decodes each word on its own and turns both halves into U+FFFD. RFC 2047
//! (§6.2) says the whitespace between adjacent encoded words is ignored, so joining the
//! bytes of adjacent words in the same charset before decoding changes nothing for
//! well-cut words and repairs the split ones: [`join_adjacent_words`] rewrites a raw
//! header value that way, and mail-parser then decodes the result as usual.

use base64::Engine as _;
use mail_parser::decoders::base64::base64_decode;
use std::borrow::Cow;

/// One encoded word found in a raw header value.
struct EncodedWord<'a> {
    /// Where it starts and ends (after `?=`) in the value.
    start: usize,
    end: usize,
    /// The charset as written (RFC 2231 language suffix included).
    charset: &'a [u8],
    /// Its payload, decoded to bytes.
    bytes: Vec<u8>,
}

impl EncodedWord<'_> {
    /// The charset without its `*language` suffix, for comparing words.
    fn charset_name(&self) -> &[u8] {
        self.charset
            .split(|b| *b == b'*')
            .next()
            .unwrap_or(self.charset)
    }
}

/// `raw` with every run of adjacent encoded words in the same charset merged into one
/// base64 word holding all their bytes; borrowed unchanged when there was nothing to merge.
pub fn join_adjacent_words(raw: &[u8]) -> Cow<'_, [u8]> {
    let mut out: Vec<u8> = Vec::new();
    let mut copied = 0;
    let mut at = 0;
    let mut merged_any = false;
    while let Some(offset) = find(&raw[at..], b"=?") {
        let start = at + offset;
        let Some(first) = encoded_word(raw, start) else {
            at = start + 2;
            continue;
        };
        let mut end = first.end;
        let mut bytes = first.bytes.clone();
        let mut count = 1;
        while let Some(next) = next_word(raw, end)
            && next
                .charset_name()
                .eq_ignore_ascii_case(first.charset_name())
        {
            bytes.extend_from_slice(&next.bytes);
            end = next.end;
            count += 1;
        }
        if count > 1 {
            merged_any = true;
            out.extend_from_slice(&raw[copied..first.start]);
            out.extend_from_slice(b"=?");
            out.extend_from_slice(first.charset);
            out.extend_from_slice(b"?B?");
            out.extend_from_slice(
                base64::engine::general_purpose::STANDARD
                    .encode(&bytes)
                    .as_bytes(),
            );
            out.extend_from_slice(b"?=");
            copied = end;
        }
        at = end;
    }
    if !merged_any {
        return Cow::Borrowed(raw);
    }
    out.extend_from_slice(&raw[copied..]);
    Cow::Owned(out)
}

/// The encoded word after `from`, when only folding whitespace separates them.
fn next_word(raw: &[u8], from: usize) -> Option<EncodedWord<'_>> {
    let gap = raw
        .get(from..)?
        .iter()
        .take_while(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
        .count();
    if gap == 0 {
        // RFC 2047 wants words separated; glued words are left as mail-parser reads them.
        return None;
    }
    encoded_word(raw, from + gap)
}

/// Parses `=?charset?encoding?payload?=` at `start`.
fn encoded_word(raw: &[u8], start: usize) -> Option<EncodedWord<'_>> {
    let rest = raw.get(start..)?.strip_prefix(b"=?")?;
    let token = |bytes: &[u8]| {
        bytes
            .iter()
            .position(|b| *b == b'?' || b.is_ascii_whitespace())
    };
    let charset_len = token(rest)?;
    let charset = &rest[..charset_len];
    if charset.is_empty() || rest.get(charset_len) != Some(&b'?') {
        return None;
    }
    let after_charset = &rest[charset_len + 1..];
    let encoding = *after_charset.first()?;
    if after_charset.get(1) != Some(&b'?') {
        return None;
    }
    let payload_area = &after_charset[2..];
    let payload_len = token(payload_area)?;
    if payload_area.get(payload_len..payload_len + 2) != Some(b"?=") {
        return None;
    }
    let payload = &payload_area[..payload_len];
    let bytes = match encoding.to_ascii_uppercase() {
        b'B' => base64_decode(payload)?,
        b'Q' => q_decode(payload)?,
        _ => return None,
    };
    // "=?" + charset + "?" + encoding + "?" + payload + "?="
    let end = start + 2 + charset_len + 1 + 2 + payload_len + 2;
    Some(EncodedWord {
        start,
        end,
        charset,
        bytes,
    })
}

/// The "Q" encoding of RFC 2047 §4.2: `_` is a space, `=XX` a byte.
fn q_decode(payload: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(payload.len());
    let mut bytes = payload.iter();
    while let Some(&byte) = bytes.next() {
        match byte {
            b'_' => out.push(b' '),
            b'=' => {
                let high = hex_digit(*bytes.next()?)?;
                let low = hex_digit(*bytes.next()?)?;
                out.push((high << 4) | low);
            }
            other => out.push(other),
        }
    }
    Some(out)
}

fn hex_digit(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(raw: &str) -> String {
        String::from_utf8(join_adjacent_words(raw.as_bytes()).into_owned()).unwrap()
    }

    #[test]
    fn split_words_in_one_charset_become_one() {
        // "é" cut in two: C3 | A9.
        assert_eq!(
            joined("=?UTF-8?B?ww==?= =?UTF-8?B?qQ==?="),
            "=?UTF-8?B?w6k=?="
        );
        assert_eq!(
            joined("Re: =?utf-8?Q?R=C3?=\r\n =?UTF-8?q?=A9union?= du lundi"),
            "Re: =?utf-8?B?UsOpdW5pb24=?= du lundi"
        );
    }

    #[test]
    fn nothing_to_merge_is_left_alone() {
        for raw in [
            "plain subject",
            "=?UTF-8?Q?caf=C3=A9?= et =?UTF-8?Q?th=C3=A9?=",
            "=?ISO-8859-1?Q?R=E9union?= =?UTF-8?B?bHVuZGk=?=",
            "=?UTF-8?Q?a?==?UTF-8?Q?b?=",
            "=?broken",
            "=?UTF-8?X?abc?= =?UTF-8?X?def?=",
        ] {
            assert!(
                matches!(join_adjacent_words(raw.as_bytes()), Cow::Borrowed(_)),
                "{raw}"
            );
        }
    }

    #[test]
    fn q_payloads_decode() {
        assert_eq!(q_decode(b"a_b=C3=a9").unwrap(), b"a b\xc3\xa9");
        assert_eq!(q_decode(b"=ZZ"), None);
        assert_eq!(q_decode(b"=4"), None);
    }
}
