//! Text parts whose charset says nothing useful: declared `us-ascii` (or an alias) or not
//! declared at all, yet carrying 8-bit bytes.
//!
//! mail-parser decodes a `us-ascii` part as windows-1252 and an undeclared one as lossy
//! UTF-8, so UTF-8 mail mislabelled as ASCII shows as mojibake ("cafÃ©") and Western
//! European mail without a label shows replacement characters ("caf�"). Both are common
//! from old or hand-rolled senders. We decode such parts again from their bytes: valid
//! UTF-8 is UTF-8 (ASCII is a subset, and random 8-bit text is almost never valid
//! UTF-8), anything else is windows-1252, the label real-world "Latin-1" mail means.

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::charsets::map::charset_decoder;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{Encoding, Message, MessagePart, MimeHeaders, PartType};
use std::borrow::Cow;

/// Labels that mean US-ASCII (the IANA aliases senders actually write).
const ASCII_LABELS: [&str; 8] = [
    "us-ascii",
    "ascii",
    "us_ascii",
    "us",
    "ansi_x3.4-1968",
    "iso646-us",
    "iso-ir-6",
    "csascii",
];

/// Decodes again, in place, every text part of `message` whose charset is missing or
/// US-ASCII and whose bytes are not plain ASCII.
pub fn redecode_unlabelled_text(message: &mut Message<'_>) {
    let raw: &[u8] = message.raw_message.as_ref();
    let mut fixes = Vec::new();
    for (index, part) in message.parts.iter().enumerate() {
        if let Some(text) = unlabelled_text(raw, part) {
            fixes.push((index, text));
        }
    }
    for (index, text) in fixes {
        if let Some(part) = message.parts.get_mut(index) {
            match &mut part.body {
                PartType::Text(body) | PartType::Html(body) => *body = Cow::Owned(text),
                _ => {}
            }
        }
    }
}

/// The text of `part` decoded as [`decode_unlabelled`] says, when it needs it.
fn unlabelled_text(raw: &[u8], part: &MessagePart<'_>) -> Option<String> {
    let (PartType::Text(current) | PartType::Html(current)) = &part.body else {
        return None;
    };
    let charset = part.content_type().and_then(|ct| ct.attribute("charset"));
    if !charset.is_none_or(says_nothing) {
        return None;
    }
    // An all-ASCII decoding means all-ASCII bytes: nothing was guessed.
    if current.is_ascii() {
        return None;
    }
    let start = usize::try_from(part.offset_body).ok()?;
    let end = usize::try_from(part.offset_end).ok()?;
    let body = raw.get(start..end)?;
    let bytes = match part.encoding {
        Encoding::None => Cow::Borrowed(body),
        Encoding::QuotedPrintable => Cow::Owned(quoted_printable_decode(body)?),
        Encoding::Base64 => Cow::Owned(base64_decode(body)?),
    };
    Some(decode_unlabelled(&bytes))
}

/// Whether a declared label leaves the charset open: empty, US-ASCII, or a label that is
/// neither UTF-8 nor one mail-parser knows (it would fall back to lossy UTF-8).
fn says_nothing(label: &str) -> bool {
    let trimmed = label.trim().trim_matches('"');
    let utf8 = ["utf-8", "utf8"]
        .iter()
        .any(|name| name.eq_ignore_ascii_case(trimmed));
    trimmed.is_empty()
        || is_ascii_label(trimmed)
        || (!utf8 && charset_decoder(trimmed.as_bytes()).is_none())
}

/// Whether a declared charset label means US-ASCII.
pub fn is_ascii_label(label: &str) -> bool {
    let label = label.trim().trim_matches('"');
    ASCII_LABELS
        .iter()
        .any(|known| known.eq_ignore_ascii_case(label))
}

/// Bytes of unknown charset as text: UTF-8 when they are valid UTF-8, else windows-1252.
pub fn decode_unlabelled(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => {
            let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
            text.into_owned()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_utf8_is_utf8_and_the_rest_windows_1252() {
        assert_eq!(decode_unlabelled("café — ok".as_bytes()), "café — ok");
        assert_eq!(decode_unlabelled(b"caf\xe9 \x80 \x93x\x94"), "café € “x”");
        assert_eq!(decode_unlabelled(b"plain"), "plain");
        // A lone UTF-8 lead byte is not UTF-8.
        assert_eq!(decode_unlabelled(b"\xc3 a"), "Ã a");
    }

    #[test]
    fn ascii_labels_are_recognised() {
        for label in [
            "us-ascii",
            "US-ASCII",
            "\"us-ascii\"",
            "ascii",
            "ANSI_X3.4-1968",
        ] {
            assert!(is_ascii_label(label), "{label}");
        }
        for label in ["utf-8", "iso-8859-1", "windows-1252", ""] {
            assert!(!is_ascii_label(label), "{label}");
        }
        for label in ["", "us-ascii", "x-no-such-charset"] {
            assert!(says_nothing(label), "{label}");
        }
        for label in ["utf-8", "UTF8", "iso-8859-15", "windows-1252", "koi8-r"] {
            assert!(!says_nothing(label), "{label}");
        }
    }
}
